#!/usr/bin/env python3
"""Shard a JSON Lines corpus with Apache Spark (PySpark): each partition of the file is
piped into its own `stancegraph build -`, and the shard graphs are merged with
`stancegraph merge`.

usage: shard_spark.py CORPUS.jsonl OUT_DIR [--shards N] [--master local[2]] [--bin PATH]

Writes OUT_DIR/shard-N/ (one build per partition) and OUT_DIR/graph.json (the merge).
Needs `pip install pyspark` and a Java runtime (Debian: default-jre-headless). Spark
reads the file in at least N partitions, cut at line ends; every partition's lines go,
streamed, to the standard input of one build, which writes its graph to OUT_DIR/shard-N
and is named shard-N in the ids of records without an `id` (`--id-prefix`). On a
cluster, give --master, put the binary on every worker (--bin) and make OUT_DIR storage
that every worker sees; the driver only collects the shard directories and merges.
"""
import argparse
import glob
import itertools
import os
import shutil
import subprocess
import sys


def build_partition(binary, out, extra):
    """The function Spark runs on each partition: its lines into one build's stdin."""

    def run(index, lines):
        lines = iter(lines)
        first = next(lines, None)
        if first is None:  # an empty partition has no graph
            return
        shard = os.path.join(out, f"shard-{index}")
        with open(shard + ".log", "wb") as log:
            proc = subprocess.Popen(
                [binary, "build", "-", "--threads", "1", "--id-prefix", f"shard-{index}", "-o", shard, *extra],
                stdin=subprocess.PIPE, stdout=log, stderr=log,
            )
            for line in itertools.chain([first], lines):
                proc.stdin.write(line.encode("utf-8"))
                proc.stdin.write(b"\n")
            proc.stdin.close()
            code = proc.wait()
        # 3: some records were skipped (reported in the log); the graph is written
        if code not in (0, 3):
            raise RuntimeError(f"stancegraph build failed on partition {index} (exit {code}), see {shard}.log")
        yield shard

    return run


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--shards", type=int, default=8, help="least number of partitions (default 8)")
    ap.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    ap.add_argument("--bin", default=shutil.which("stancegraph") or "stancegraph", help="the stancegraph binary")
    ap.add_argument("--build-arg", action="append", default=[], help="extra argument for every build (repeatable)")
    a = ap.parse_args()

    from pyspark.sql import SparkSession

    out = os.path.abspath(a.out)
    binary = os.path.abspath(a.bin) if os.path.sep in a.bin else a.bin
    os.makedirs(out, exist_ok=True)
    for old in glob.glob(os.path.join(out, "shard-*")):
        shutil.rmtree(old) if os.path.isdir(old) else os.remove(old)

    spark = (
        SparkSession.builder.master(a.master)
        .appName("stancegraph-shards")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        lines = spark.sparkContext.textFile(os.path.abspath(a.corpus), minPartitions=a.shards)
        shards = lines.mapPartitionsWithIndex(build_partition(binary, out, a.build_arg)).collect()
    finally:
        spark.stop()

    graphs = sorted(os.path.join(s, "graph.json") for s in shards)
    print(f"{len(graphs)} shard graphs", file=sys.stderr)
    subprocess.run([binary, "merge", *graphs, "-o", os.path.join(out, "graph.json")], check=True)


if __name__ == "__main__":
    main()
