#!/usr/bin/env python3
"""Acceptance checks on a graph built from ../shared/corpus/dev (issue: foundation).

The brief's example article must give nodes CHN, UKR, RUS and USA, at least one
supports, one denounces and one mediates edge, and CHN -> RUS denounces only as negated.
Reads the graph only; no article text is copied into the project.
"""
import json, sys

DOC = "seed-xi-zelenskyy-call"
g = json.load(open(sys.argv[1]))
edges = [(e["source"], e["type"], e["target"], e["polarity"])
         for e in g["edges"] if any(ev["doc"] == DOC for ev in e["evidence"])]
actors = {a for s, _, t, _ in edges for a in (s, t)}
problems = []
for need in ["CHN", "UKR", "RUS", "USA"]:
    if need not in actors:
        problems.append(f"no edge involves {need}")
for t in ["supports", "denounces", "mediates"]:
    if not any(e[1] == t and e[3] == "asserted" for e in edges):
        problems.append(f"no asserted {t} edge")
chn_rus = {e[3] for e in edges if e[:3] == ("CHN", "denounces", "RUS")}
if chn_rus != {"negated"}:
    problems.append(f"CHN denounces RUS should appear only negated, got {sorted(chn_rus) or 'nothing'}")
for e in sorted(edges):
    print("  ", *e)
if problems:
    sys.exit("acceptance failed: " + "; ".join(problems))
print("acceptance: example article ok")
