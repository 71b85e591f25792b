#!/usr/bin/env python3
"""Measures stancegraph against the scale targets of issue 5 and prints a table.

    python3 benches/targets.py                 # throughput, two threads, start-up, paragraph
    python3 benches/targets.py --memory        # also peak memory on 1 GB and 2 GB (~15 min, 3 GB of disk)
    python3 benches/targets.py --pairs 4       # fewer alternating runs (default 8)

It builds the release binary and the corpus generator, generates its corpora (invented
text, `examples/gen_corpus.rs`) in --dir (default /tmp/stancegraph-targets), and runs
`stancegraph build` on them. Wall times on a shared machine drift by a quarter from run
to run, so one thread and two threads are run in alternation, in pairs, and medians are
reported. Peak memory is the child's maximum resident set size (wait4). Nothing here
asserts: it reports, for BENCHMARKS.md.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "stancegraph")
GEN = os.path.join(ROOT, "target", "release", "examples", "gen_corpus")


def run(args, out=subprocess.DEVNULL):
    """Runs a command; returns (wall seconds, peak RSS in KB, stderr text)."""
    start = time.perf_counter()
    p = subprocess.Popen(args, stdout=out, stderr=subprocess.PIPE, text=True)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(args)}\n{err}")
    return wall, usage.ru_maxrss, err


def corpus(path, kind, mb):
    if not os.path.exists(path):
        print(f"generating {path} ({mb} MB)", file=sys.stderr)
        with open(path + ".part", "w") as f:
            subprocess.run([GEN, kind, str(mb)], stdout=f, check=True)
        os.rename(path + ".part", path)
    return path


def build(inp, out, threads):
    """One build with --stats: (wall, rss, phases dict) with phases from its report."""
    wall, rss, err = run([BIN, "build", inp, "-o", out, "--threads", str(threads), "--stats"])
    m = re.search(r"read and extract ([\d.]+) s, write ([\d.]+) s", err)
    phases = {"extract": float(m.group(1)), "write": float(m.group(2))} if m else {}
    return wall, rss, phases


def med(xs):
    return statistics.median(xs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default="/tmp/stancegraph-targets")
    ap.add_argument("--pairs", type=int, default=8)
    ap.add_argument("--memory", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "stancegraph", "--example", "gen_corpus"],
        cwd=ROOT,
        check=True,
    )
    out = os.path.join(a.dir, "out")
    rows = []

    # throughput on one thread, and the ratio with two
    c20 = corpus(os.path.join(a.dir, "c20.jsonl"), "jsonl", 20)
    mb = os.path.getsize(c20) / 1e6
    build(c20, out, 1)  # warm the page cache
    one, two = [], []
    for _ in range(a.pairs):
        one.append(build(c20, out, 1))
        two.append(build(c20, out, 2))
    w1 = [r[0] for r in one]
    w2 = [r[0] for r in two]
    pair = sorted(x / y for x, y in zip(w1, w2))
    rows.append((
        "≥ 50 MB/s, one thread",
        f"{mb:.0f} MB: {mb / max(w1):.1f}–{mb / min(w1):.1f} MB/s, median {mb / med(w1):.1f} ({a.pairs} runs)",
        mb / med(w1) >= 50,
    ))
    phase = lambda rs, k: med([r[2].get(k, 0.0) for r in rs])
    rows.append((
        "≥ 1.8× with two threads",
        f"ratio of medians {med(w1) / med(w2):.2f}× ({med(w1):.2f} s / {med(w2):.2f} s); "
        f"pairs {pair[0]:.2f}–{pair[-1]:.2f}×, median {med(pair):.2f}×; "
        f"extract {phase(one, 'extract') / max(phase(two, 'extract'), 1e-9):.2f}×, "
        f"write {phase(one, 'write') / max(phase(two, 'write'), 1e-9):.2f}×",
        med(w1) / med(w2) >= 1.8,
    ))

    # start-up: load the default gazetteer and lexicon and build the automata
    starts = [run([BIN, "actors", "France"])[0] for _ in range(30)]
    rows.append(("start-up ≤ 20 ms", f"`actors France`, median of 30: {med(starts) * 1000:.1f} ms", med(starts) <= 0.020))

    # no quadratic path: one paragraph of 10 MB against one of 1 MB
    p1 = corpus(os.path.join(a.dir, "p1.txt"), "paragraph", 1)
    p10 = corpus(os.path.join(a.dir, "p10.txt"), "paragraph", 10)
    t1, t10 = [], []
    for _ in range(5):
        t1.append(build(p1, out, 1)[0])
        t10.append(build(p10, out, 1)[0])
    r = med(t10) / med(t1)
    rows.append(("10 MB paragraph ≤ 10× 1 MB", f"{med(t10):.2f} s / {med(t1):.2f} s = {r:.1f}× (medians of 5, alternating)", r <= 10))

    if a.memory:
        c1000 = corpus(os.path.join(a.dir, "c1000.jsonl"), "jsonl", 1000)
        c2000 = corpus(os.path.join(a.dir, "c2000.jsonl"), "jsonl", 2000)
        m1 = build(c1000, out, 2)[1] / 1000
        m2 = build(c2000, out, 2)[1] / 1000
        flat = m2 <= m1 * 1.1
        rows.append((
            "≤ 300 MB on 1 GB, flat when doubling",
            f"peak RSS, --threads 2: 1 GB {m1:.1f} MB, 2 GB {m2:.1f} MB ({(m2 - m1) / m1:+.0%})",
            m1 <= 300 and flat,
        ))

    print("| target | measured | met? |\n|---|---|---|")
    for name, measured, met in rows:
        print(f"| {name} | {measured} | {'yes' if met else 'no'} |")


if __name__ == "__main__":
    main()
