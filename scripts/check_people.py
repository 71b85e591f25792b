#!/usr/bin/env python3
"""Checks data/actors/people.toml (and the other actor files) for mistakes.

    python3 scripts/check_people.py [--today 2026-12-02] [--gaps]

Errors (exit status 1):
- a date that is not a valid YYYY-MM-DD day, or an office whose `to` is not after `from`;
- a string (actor name, demonym, capital, institution, force, place, person name or alias,
  not-actor name) defined twice across data/actors/*;
- two people holding the same head-of-state, head-of-government or foreign-minister
  office of the same state on the same day (unless the state has shared offices, see
  SHARED), or one person listed twice.
Report (stdout): for every UN member and observer state, the days from 2015-01-01 to
today on which no one holds its head of state / head of government / foreign minister
office (gaps longer than GAP_DAYS), and the share of UN members covered completely.
"""
import argparse, collections, datetime, glob, os, sys, tomllib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
START = "2015-01-01"
GAP_DAYS = 31
ROLES = ("head_of_state", "head_of_government", "foreign_minister")
# States whose office is held by several people at once.
SHARED = {
    ("AND", "head_of_state"),  # two co-princes
    ("SMR", "head_of_state"),  # two captains regent
    ("BIH", "head_of_state"),  # three-member presidency
    ("LBY", "head_of_government"),  # rival governments in Tripoli and the east
    ("LBY", "head_of_state"),
    ("YEM", "head_of_government"),  # Houthi-run Sanaa vs the recognised government
    ("MMR", "head_of_government"),
    ("VEN", "head_of_state"),  # Guaidó's interim presidency 2019-2023
    ("NIC", "head_of_state"),  # co-presidents since 2025
}
# Acting holders listed while the elected holder was suspended (impeachment).
ACTING = {"Hwang Kyo-ahn", "Han Duck-soo", "Choi Sang-mok", "Michel Temer"}
# Commonwealth realms: the head of state is the British monarch (listed for GBR only).
REALMS = {
    "ATG", "AUS", "BHS", "BLZ", "CAN", "GRD", "JAM", "NZL", "PNG", "KNA", "LCA", "VCT",
    "SLB", "TUV",
}
# Realms until they became republics: covered by the monarch until that day.
REALM_UNTIL = {"BRB": "2021-11-30"}
# Collegial or rotating heads of state not listed as people: Andorra's co-princes (one
# is France's president), Switzerland's yearly president of the Federal Council, San
# Marino's six-monthly captains regent.
COLLEGIAL = {"AND", "CHE", "SMR"}
# Offices that existed only in a window (abolished, created, or held by the head of
# state outside it): no gap is reported outside the window.
WINDOW = {
    ("TUR", "head_of_government"): ("2015-01-01", "2018-07-09"),  # abolished
    ("BEN", "head_of_government"): ("2015-06-18", "2016-04-06"),  # abolished
    ("CUB", "head_of_government"): ("2019-12-21", None),  # restored
    ("SAU", "head_of_government"): ("2022-09-27", None),  # the king was prime minister
    ("MMR", "head_of_government"): ("2016-04-06", "2021-02-01"),  # state counsellor
    ("AFG", "head_of_state"): ("2015-01-01", "2021-08-15"),  # then TALIBAN
    ("AFG", "foreign_minister"): ("2015-01-01", "2021-08-15"),
}
# Offices known to have been vacant.
VACANT = [
    ("LBN", "head_of_state", "2014-05-25", "2016-10-31"),
    ("LBN", "head_of_state", "2022-10-31", "2025-01-09"),
    ("SDN", "head_of_government", "2022-01-02", "2025-05-19"),
    ("HTI", "head_of_state", "2021-07-07", "2024-04-25"),  # the prime minister acted
]
NOT_UN = {"TWN", "XKX", "HKG", "ESH"}
OBSERVERS = {"PSE", "VAT"}


def day(s):
    return datetime.date.fromisoformat(s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--today", default=datetime.date.today().isoformat())
    ap.add_argument("--gaps", action="store_true", help="list every gap")
    args = ap.parse_args()
    errors = []
    strings = {}
    files = sorted(glob.glob(os.path.join(ROOT, "data/actors/*.toml")))
    actors, people = {}, []
    for f in files:
        short = os.path.relpath(f, ROOT)
        d = tomllib.load(open(f, "rb"))

        def claim(s, what):
            if s in strings and strings[s] != what:
                errors.append(f"duplicate string {s!r}: {strings[s]} and {what}")
            strings[s] = what

        for a in d.get("actor", []):
            actors[a["id"]] = a
            names = set(a.get("names", [])) | {a["name"]}
            for n in names:
                claim(n, f"{short} {a['id']} name")
            for k in ("demonyms", "capitals", "institutions", "forces"):
                for n in a.get(k, []):
                    claim(n, f"{short} {a['id']} {k}")
        for p in d.get("person", []):
            people.append((short, p))
            for n in [p["name"]] + p.get("aliases", []):
                claim(n, f"{short} person {p['name']}")
        for n in d.get("names", []):
            claim(n, f"{short} not_actor")
    seen = collections.Counter(p["name"] for _, p in people)
    errors += [f"person listed {c} times: {n}" for n, c in seen.items() if c > 1]
    terms = collections.defaultdict(list)
    for short, p in people:
        for o in p["offices"]:
            try:
                f, t = day(o["from"]), day(o["to"]) if o.get("to") else None
            except (ValueError, TypeError):
                errors.append(f"{p['name']}: bad date in {o}")
                continue
            if len(o["from"]) != 10 or (o.get("to") and len(o["to"]) != 10):
                errors.append(f"{p['name']}: date not YYYY-MM-DD in {o}")
            if t and t <= f:
                errors.append(f"{p['name']}: office ends before it starts: {o}")
            if o["actor"] not in actors:
                errors.append(f"{p['name']}: unknown actor {o['actor']}")
            if o["role"] in ROLES:
                terms[(o["actor"], o["role"])].append((o["from"], o.get("to") or "9999-12-31", p["name"]))
    for key, ts in terms.items():
        if key in SHARED:
            continue
        ts.sort()
        for (f1, t1, n1), (f2, t2, n2) in zip(ts, ts[1:]):
            if f2 < t1 and n1 != n2 and not {n1, n2} & ACTING:
                errors.append(f"overlap {key[0]} {key[1]}: {n1} {f1}..{t1} and {n2} {f2}..{t2}")
    # coverage
    today = args.today
    states = [i for i, a in actors.items() if a.get("kind") == "country" and i not in NOT_UN]
    complete, report = [], []
    for s in sorted(states):
        missing = []
        for role in ROLES:
            ts = sorted(terms.get((s, role), []))
            if role == "head_of_government" and not ts:
                continue  # presidential system: the head of state heads the government
            start, end = START, today
            if role == "head_of_state" and (s in REALMS or s in COLLEGIAL):
                continue
            if (s, role) in WINDOW:
                a, b = WINDOW[(s, role)]
                start, end = max(start, a), min(end, b or end)
            if role == "head_of_state" and s in REALM_UNTIL:
                start = REALM_UNTIL[s]
            covered, gaps = start, []
            for f, t, _ in ts:
                if f > covered and (day(f) - day(covered)).days > GAP_DAYS:
                    gaps.append((covered, f))
                covered = max(covered, t)
            if covered < end and (day(end) - day(covered)).days > GAP_DAYS:
                gaps.append((covered, end))
            gaps = [
                (a, b) for a, b in gaps
                if not any(v[0] == s and v[1] == role and v[2] <= a and b <= v[3] for v in VACANT)
            ]
            if gaps:
                missing.append((role, gaps))
        if missing:
            report.append((s, missing))
        elif s not in OBSERVERS:
            complete.append(s)
    un = [s for s in states if s not in OBSERVERS]
    for s, missing in report:
        if args.gaps:
            for role, gaps in missing:
                print(f"gap {s} {role}: " + ", ".join(f"{a}..{b}" for a, b in gaps))
    print(f"people: {len(people)}; offices: {sum(len(p['offices']) for _, p in people)}")
    print(f"UN members with complete {'/'.join(ROLES)} {START}..{today}: "
          f"{len(complete)}/{len(un)} ({100*len(complete)/len(un):.0f}%)")
    inc = [s for s, _ in report]
    print("incomplete:", " ".join(inc))
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
