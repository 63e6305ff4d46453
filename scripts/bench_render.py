"""Benchmark the graph pages: `kg render` of the whole site, `kg path --format html`, and the cost of
one page as the drawn subgraph grows (synthetic pharmacology-shaped graphs).

Prints Markdown tables (paste into docs/benchmarks.md). Run after `kg build`:

    python scripts/bench_render.py [--runs 5] [--sizes 100,300,1000]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_cli import measure  # noqa: E402
from bench_paths import synthetic  # noqa: E402

from kg.pages.network import Subgraphs, network, page_html  # noqa: E402
from kg.pages.style import load_style  # noqa: E402
from kg.read.projection import Projection  # noqa: E402


def subgraph(projection: Projection, size: int) -> Projection:
    """The first ``size`` nodes (by breadth-first order from the first compound) and their claims."""
    views = Subgraphs(projection)
    start = next(iter(projection.nodes))
    chosen, frontier = {start}, [start]
    while frontier and len(chosen) < size:
        step = []
        for node in frontier:
            for other in sorted(views.neighbours[node]):
                if other not in chosen and len(chosen) < size:
                    chosen.add(other)
                    step.append(other)
        frontier = step
    return Projection({n: projection.nodes[n] for n in sorted(chosen)}, projection.sources,
                      projection.relations, projection.concepts, projection.weights,
                      [c for c in projection.claims if c.subject in chosen and c.object in chosen])


def page_cost(projection: Projection, runs: int) -> tuple[float, int, int]:
    """(median seconds, edges drawn, HTML bytes) to lay out and write one page of the whole
    projection."""
    style = load_style()
    times, size, edges = [], 0, 0
    for _ in range(runs):
        start = time.perf_counter()
        view = Subgraphs(projection).whole()
        net = network(projection, view, style)
        html = page_html(net, title="bench", assets="assets")
        times.append(time.perf_counter() - start)
        size, edges = len(html), len(net.edges)
    return statistics.median(times), edges, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="100,300,1000")
    args = parser.parse_args()

    print(f"CPython {platform.python_version()}, {args.runs} runs each\n")
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        page = Path(folder) / "path.html"
        rows = [
            ("kg render (whole site)", ["kg", "render", "--out", str(site)]),
            ("kg path mitragynine 'respiratory depression' --format html",
             ["kg", "path", "mitragynine", "respiratory depression", "--format", "html", "--out",
              str(page)]),
            ("kg path mitragynine 'respiratory depression' (text, for comparison)",
             ["kg", "path", "mitragynine", "respiratory depression"]),
        ]
        print("| command | median | best | peak RSS |")
        print("|---|---:|---:|---:|")
        for name, command in rows:
            median, best, peak = measure(command, args.runs)
            print(f"| `{name}` | {median * 1000:.0f} ms | {best * 1000:.0f} ms | {peak:.0f} MiB |")
        pages = sorted(site.rglob("*.html"))
        total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        print(f"\nsite: {len(pages)} pages, {total / 1e6:.1f} MB in all "
              f"(shared assets {sum(p.stat().st_size for p in (site / 'assets').iterdir()) / 1e3:.0f}"
              " kB)\n")

    print("### One page as the drawn graph grows (synthetic graphs, layout + HTML, in process)\n")
    print("| nodes | edges drawn | median | page size |")
    print("|---:|---:|---:|---:|")
    projection, _, _ = synthetic(60_000)
    for size in (int(s) for s in args.sizes.split(",")):
        part = subgraph(projection, size)
        median, edges, html = page_cost(part, args.runs)
        print(f"| {len(part.nodes):,} | {edges:,} | {median * 1000:.0f} ms | {html / 1e3:.0f} kB |")


if __name__ == "__main__":
    main()
