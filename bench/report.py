#!/usr/bin/env python3
"""Turns a Google Benchmark JSON file (with --benchmark_repetitions and aggregates) into the
markdown tables of bench/RESULTS.md: one row per pair (sipline vs baseline, same run) with the
median absolute times, the median speedup and its cv, and the allocations of the single runs.

usage: report.py RESULT.json
"""
import json
import sys


def main(path):
    with open(path) as f:
        data = json.load(f)
    context = data["context"]
    rows = {}
    for bench in data["benchmarks"]:
        name = bench.get("run_name", bench["name"])
        aggregate = bench.get("aggregate_name")
        if aggregate not in ("median", "cv"):
            continue
        rows.setdefault(name, {})[aggregate] = bench

    print(f"Machine: {context.get('num_cpus')} x {context.get('mhz_per_cpu')} MHz, "
          f"load average {', '.join(f'{x:.2f}' for x in context.get('load_avg', []))}; "
          f"{context.get('date')}")
    print()
    print("| input | baseline | baseline ns | sipline ns | speedup (median) | cv | "
          "sipline allocs | baseline allocs |")
    print("|---|---|---|---|---|---|---|---|")
    for name, aggregates in rows.items():
        if not name.startswith("pair/"):
            continue
        _, message, versus = name.split("/")
        baseline = versus.removeprefix("sipline_vs_")
        median = aggregates["median"]
        cv = aggregates.get("cv", {})
        ours_allocs = rows.get(f"single/{message}/sipline", {}).get("median", {}).get("allocs")
        base_allocs = rows.get(f"single/{message}/{baseline}", {}).get("median", {}).get("allocs")
        fmt_allocs = lambda v: "—" if v is None else f"{v:.0f}"
        print(f"| {message} | {baseline} | {median['base_ns']:.0f} | {median['ours_ns']:.0f} | "
              f"**{median['speedup']:.2f}×** | {100 * cv.get('speedup', 0):.1f} % | "
              f"{fmt_allocs(ours_allocs)} | {fmt_allocs(base_allocs)} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
