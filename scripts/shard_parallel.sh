#!/usr/bin/env bash
# Shard a JSON Lines corpus with GNU parallel: each shard is piped into its own
# `stancegraph build -`, and the shard graphs are merged with `stancegraph merge`.
#
# usage: scripts/shard_parallel.sh CORPUS.jsonl OUT_DIR [SHARDS] [JOBS]
#
#   SHARDS  number of shards (default 8); JOBS  builds at once (default: the cores).
#   STANCEGRAPH=path/to/stancegraph picks the binary (default: stancegraph on PATH).
#   Extra arguments for every build: STANCEGRAPH_BUILD_ARGS="--renderer builtin".
#
# Writes OUT_DIR/shard-N/ (one build per shard) and OUT_DIR/graph.json (the merge).
# `parallel --pipepart` cuts the file at line ends into SHARDS blocks of about the
# same size, without copying it; each block reaches its build on standard input. Records
# without an `id` are named shard-N-LINE (`--id-prefix`), so no two shards name two
# documents alike. Over ssh, add `-S host1,host2` to the parallel line (the blocks travel
# on stdin) and make OUT_DIR storage that every host sees.
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '4,8p' "$0" >&2
  exit 2
fi
corpus=$1
out=$2
shards=${3:-8}
jobs=${4:-$(nproc)}
bin=${STANCEGRAPH:-stancegraph}
command -v parallel >/dev/null || { echo "GNU parallel is needed (Debian: apt-get install parallel)" >&2; exit 1; }
[ -s "$corpus" ] || { echo "cannot read $corpus" >&2; exit 1; }

# blocks per job slot, so that jobs * per_job >= shards; --pipepart then makes
# jobs * per_job blocks
per_job=$(( (shards + jobs - 1) / jobs ))
mkdir -p "$out"
rm -rf "$out"/shard-*
# shellcheck disable=SC2016  # {#} and the variables are expanded by parallel's shell
parallel --will-cite --halt now,fail=1 --jobs "$jobs" \
  --pipepart -a "$corpus" --block "-$per_job" \
  "$bin" build - --threads 1 --id-prefix 'shard-{#}' -o "$out/shard-{#}" \
  ${STANCEGRAPH_BUILD_ARGS:-} '2>' "$out/shard-{#}.log"
graphs=("$out"/shard-*/graph.json)
echo "${#graphs[@]} shard graphs" >&2
"$bin" merge "${graphs[@]}" -o "$out/graph.json"
