#!/usr/bin/env python3
"""Quality floors for CI: fail if score.py's numbers fall below what main has reached.

usage: gate.py DEV_SCORE.json PLOVER_SCORE.json   (each from `score.py --json`)
"""
import json, sys

# Raise these as extraction improves; never lower them. Flips must stay 0.
FLOORS = {
    "dev": {("exact", "f1"): 0.74, ("coarse", "f1"): 0.78, ("exact", "neg_recall"): 0.83},
    "plover": {("exact", "recall"): 0.60},
}
MAX_FLIPS = 0

failed = []
for name, path in zip(("dev", "plover"), sys.argv[1:3]):
    s = json.load(open(path))
    for (view, key), floor in FLOORS[name].items():
        got = s[view][key]
        ok = got >= floor
        print(f"gate {name} {view} {key}: {got:.3f} (floor {floor:.3f}) {'ok' if ok else 'BELOW FLOOR'}")
        if not ok:
            failed.append(f"{name} {view} {key}")
    flips = s["exact"]["flips"]
    print(f"gate {name} exact flips: {flips} (max {MAX_FLIPS}) {'ok' if flips <= MAX_FLIPS else 'TOO MANY'}")
    if name == "dev" and flips > MAX_FLIPS:
        failed.append(f"{name} flips")
if failed:
    sys.exit("quality gate failed: " + ", ".join(failed))
