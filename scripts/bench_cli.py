"""Benchmark the CLI's start-up and the main commands on the curated graph.

Runs each command several times in a fresh process and reports the median and best wall time and
the peak resident memory, as a Markdown table (paste into docs/benchmarks.md).

    python scripts/bench_cli.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(command: list[str], runs: int) -> tuple[float, float, float]:
    """(median seconds, best seconds, peak RSS MiB) of ``command`` over ``runs`` runs."""
    times: list[float] = []
    peak = 0.0
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - start)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise SystemExit(f"{' '.join(command)} exited {child.returncode}")
        peak = max(peak, usage.ru_maxrss / 1024)  # Linux reports KiB
    return statistics.median(times), min(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    kg = ["kg"]
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([*kg, "build", "--out", out], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        cases = [
            ("python -c pass (interpreter)", [sys.executable, "-c", "pass"]),
            ("kg --help", [*kg, "--help"]),
            ("kg stats", [*kg, "stats", "--graph", f"{out}/kratom.nt"]),
            ("kg path mitragynine 'respiratory depression'",
             [*kg, "path", "mitragynine", "respiratory depression", "--graph",
              f"{out}/kratom.projection.json"]),
            ("kg interactions midazolam",
             [*kg, "interactions", "midazolam", "--graph", f"{out}/kratom.projection.json"]),
            ("kg interactions (every medicine ranked)",
             [*kg, "interactions", "--graph", f"{out}/kratom.projection.json"]),
            ("kg lint", [*kg, "lint"]),
            ("kg validate --no-shacl", [*kg, "validate", "--no-shacl"]),
            ("kg validate", [*kg, "validate"]),
            ("kg build", [*kg, "build", "--out", out]),
        ]
        print(f"{platform.python_implementation()} {platform.python_version()}, "
              f"{os.cpu_count()} cores, {args.runs} runs each\n")
        print("| command | median | best | peak RSS |")
        print("|---|---:|---:|---:|")
        for name, command in cases:
            median, best, peak = measure(command, args.runs)
            print(f"| `{name}` | {median * 1000:.0f} ms | {best * 1000:.0f} ms | {peak:.0f} MiB |")


if __name__ == "__main__":
    main()
