#!/usr/bin/env bash
# The jitter-buffer comparison of bench/RESULTS.md, from scratch: speech from espeak-ng, every
# trace replayed through sipline (20 ms pulls like speex, then 5 ms pulls, its design point)
# and speexdsp (defaults, then a 1 % late rate), the tables, and the plot.
#   bench/jitter/run.sh [OUT_DIR]     (default: build/bench/jitter-results)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-build/bench/jitter-results}
mkdir -p "$out"
scripts/setup
cmake --preset bench >/dev/null
cmake --build --preset bench --target jitter_replay jitter_bench >/dev/null
replay=build/bench/bench/jitter/jitter_replay

# Deterministic speech (espeak-ng output is byte-identical across runs; sox -D: no dither).
espeak-ng -v en-us -s 150 -w "$out/speech.wav" \
  "The quick brown fox jumps over the lazy dog. We measure how long the jitter buffer keeps each \
packet, and how often a packet comes too late to be played, on every network trace in turn."
sox -D "$out/speech.wav" -r 8000 -b 16 -e signed -c 1 "$out/speech8k.raw" gain -3

"$replay" "$out/speech8k.raw" --dat "$out/tick20.dat" > "$out/tick20.md"
"$replay" "$out/speech8k.raw" --sipline-tick-ms 5 --dat "$out/tick5.dat" > "$out/tick5.md"
# One row per trace: sipline 20 ms, sipline 5 ms, speex default, speex 1 % (p50 and late %).
paste -d' ' <(grep -v '^#' "$out/tick20.dat") <(grep -v '^#' "$out/tick5.dat") |
  awk '{ print $1, $2, $3, $9, $10, $4, $5, $6, $7 }' > "$out/plot.dat"
gnuplot -e "data='$out/plot.dat'; output='$out/jitter.png'" bench/jitter/plot.gp
echo "tables: $out/tick20.md $out/tick5.md  plot: $out/jitter.png" >&2
