#!/usr/bin/env python3
"""Quality floors for CI: fail if score.py's numbers fall below what main has reached.

usage: gate.py NAME=SCORE.json ...   (each from `score.py --json`; NAME is dev, dev2 or plover)

dev (Wikinews 2019-20) is the set the rules were first written on; dev2 (Wikipedia
Current events, September 2015) and PLOVER are of other years and styles, and are the
ones that say whether a change generalises. Flips must stay 0 on every set.
"""
import json, sys

# Raise these as extraction improves; never lower them.
FLOORS = {
    "dev": {("exact", "f1"): 0.77, ("coarse", "f1"): 0.81, ("exact", "neg_recall"): 0.83},
    "dev2": {("exact", "f1"): 0.73, ("exact", "precision"): 0.80},
    "plover": {("exact", "recall"): 0.62},
}
MAX_FLIPS = 0

failed = []
for arg in sys.argv[1:]:
    name, _, path = arg.partition("=")
    if name not in FLOORS or not path:
        sys.exit(f"gate.py: expected NAME=SCORE.json with NAME in {sorted(FLOORS)}, got {arg!r}")
    s = json.load(open(path))
    for (view, key), floor in FLOORS[name].items():
        got = s[view][key]
        ok = got >= floor
        print(f"gate {name} {view} {key}: {got:.3f} (floor {floor:.3f}) {'ok' if ok else 'BELOW FLOOR'}")
        if not ok:
            failed.append(f"{name} {view} {key}")
    flips = s["exact"]["flips"]
    print(f"gate {name} exact flips: {flips} (max {MAX_FLIPS}) {'ok' if flips <= MAX_FLIPS else 'TOO MANY'}")
    if flips > MAX_FLIPS:
        failed.append(f"{name} flips")
if failed:
    sys.exit("quality gate failed: " + ", ".join(failed))
