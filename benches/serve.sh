#!/usr/bin/env bash
# Load figures for `accords serve`: synthesises the corpus, indexes it, and
# runs benches/serve.rs, which loads the server on 127.0.0.1 with wrk at 1,
# 8 and 32 connections beside the library's own throughput.
#
#   bash benches/serve.sh [CLAUSES] [SECONDS]     # default 100000 clauses, 10 s per level
#
# Needs wrk (Debian: apt-get install wrk). Everything is written under
# target/serve-bench/; nothing leaves this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
clauses="${1:-100000}"
seconds="${2:-10}"
work="${CARGO_TARGET_DIR:-target}/serve-bench"
mkdir -p "$work"
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }

cargo build --release --locked
jsonl="$work/synth-$clauses.jsonl"
index="$work/index-$clauses"
if [ ! -s "$jsonl" ]; then
    cargo run --release --locked --example synth -- --clauses "$clauses" --seed 7 --jsonl "$jsonl"
fi
if [ ! -d "$index" ]; then
    "${CARGO_TARGET_DIR:-target}/release/accords" index --jsonl "$jsonl" --index "$index"
fi
echo "$(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
cargo bench --locked --bench serve -- --jsonl "$jsonl" --index "$index" \
    --binary "${CARGO_TARGET_DIR:-target}/release/accords" --seconds "$seconds"
