#!/usr/bin/env python3
"""Quality floors for CI: fail if score.py's numbers fall below what main has reached."""
import json, sys

# Raise these as extraction improves; never lower them. Flips must stay 0.
FLOORS = {
    ("exact", "f1"): 0.48,
    ("coarse", "f1"): 0.52,
}
MAX_FLIPS = 0

s = json.load(open(sys.argv[1]))
failed = []
for (view, key), floor in FLOORS.items():
    got = s[view][key]
    status = "ok" if got >= floor else "BELOW FLOOR"
    print(f"gate {view} {key}: {got:.3f} (floor {floor:.3f}) {status}")
    if got < floor:
        failed.append(f"{view} {key}")
flips = s["exact"]["flips"]
print(f"gate exact flips: {flips} (max {MAX_FLIPS}) {'ok' if flips <= MAX_FLIPS else 'TOO MANY'}")
if flips > MAX_FLIPS:
    failed.append("flips")
if failed:
    sys.exit("quality gate failed: " + ", ".join(failed))
