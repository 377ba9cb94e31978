#!/usr/bin/env bash
# Runs one libFuzzer binary for a fixed time: run_fuzzer.sh BINARY SECONDS ARTIFACT_DIR [SEED_DIR...]
# New inputs go to a scratch corpus; the seed directories are only read.
set -euo pipefail
binary=$1 seconds=$2 artifacts=$3
shift 3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$artifacts"
seeds=()
for dir in "$@"; do
  if [[ -d $dir ]]; then
    seeds+=("$dir")
  else
    echo "run_fuzzer: seed directory $dir is missing" >&2
    exit 1
  fi
done
exec "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$artifacts/$(basename "$binary")-" \
  "$scratch" "${seeds[@]}"
