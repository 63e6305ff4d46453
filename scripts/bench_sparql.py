"""Benchmark the SPARQL side, all in one run on loopback:

1. `kg query` end to end (a fresh process per query, the whole catalogue) against the floor of a bare
   `python -c "import rdflib"` — the CLI should answer faster than rdflib alone can import;
2. `kg serve` against an Oxigraph server loaded with the same graph: per-query latency (median and
   95th percentile over sequential requests) and throughput with concurrent clients, on every
   catalogue query (target: within 2x of Oxigraph).

Every loop is bounded (a fixed number of requests) and only 127.0.0.1 is contacted.

    kg build && python scripts/bench_sparql.py [--requests 30] [--clients 2]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import kg
from kg.sparql.engine import OxigraphEngine, inline_values, prologue
from kg.sparql.params import bind

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


def timed_process(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def post(url: str, query: str) -> float:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
    return time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="requests per query per server")
    parser.add_argument("--clients", type=int, default=2, help="concurrent clients")
    parser.add_argument("--runs", type=int, default=5, help="process runs per CLI measurement")
    args = parser.parse_args()
    graph = ROOT / "build" / "kratom.nt"
    if not graph.exists():
        raise SystemExit("run `kg build` first")
    catalogue = kg.catalogue()
    engine = OxigraphEngine(kg.open_store(graph))
    texts = {}
    for name, entry in catalogue.items():
        terms = bind(entry.example_args, {p.name: p.type for p in entry.params}, engine)
        texts[name] = prologue(entry.text) + inline_values(entry.text, terms)

    print(f"graph: {len(engine.store):,} triples; {len(catalogue)} catalogue queries\n")
    print("## `kg query` end to end (fresh process, median of "
          f"{args.runs} runs)\n")
    floor = timed_process([sys.executable, "-c", "import rdflib"], args.runs)
    cli = {}
    for name, entry in catalogue.items():
        params = [arg for k, v in entry.example_args.items() for arg in ("-p", f"{k}={v}")]
        cli[name] = timed_process(["kg", "query", "-n", name, *params, "--format", "json"],
                                  args.runs)
    print(f"floor `python -c \"import rdflib\"`: {floor * 1000:.0f} ms; "
          f"`kg query` median over the catalogue: {statistics.median(cli.values()) * 1000:.0f} ms "
          f"(max {max(cli.values()) * 1000:.0f} ms)\n")

    work = Path(tempfile.mkdtemp())
    kg_port, ox_port = free_port(), free_port()
    servers = []
    try:
        servers.append(subprocess.Popen(["kg", "serve", "--port", str(kg_port), "--graph",
                                         str(graph), "--workers", str(args.clients)],
                                        cwd=ROOT, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
        oxigraph = shutil.which("oxigraph")
        if oxigraph is None:
            raise SystemExit("install the oxigraph server: pip install oxigraph")
        servers.append(subprocess.Popen([oxigraph, "serve", "--location", str(work / "ox"),
                                         "--bind", f"127.0.0.1:{ox_port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        kg_url = f"http://127.0.0.1:{kg_port}/sparql"
        ox_url = f"http://127.0.0.1:{ox_port}/query"
        wait_for(kg_url + "?query=ASK%7B%7D")
        wait_for(ox_url + "?query=ASK%7B%7D")
        kg.publish(f"http://127.0.0.1:{ox_port}/store", graph)

        print("## `kg serve` vs Oxigraph server (loopback, same graph)\n")
        print("| query | kg serve median | kg serve p95 | oxigraph median | oxigraph p95 | ratio |")
        print("|---|---:|---:|---:|---:|---:|")
        ratios = []
        for name, text in texts.items():
            row = []
            for url in (kg_url, ox_url):
                post(url, text)  # warm up
                times = [post(url, text) for _ in range(args.requests)]
                row += [statistics.median(times), percentile(times, 0.95)]
            ratio = row[0] / row[2]
            ratios.append(ratio)
            print(f"| `{name}` | {row[0] * 1000:.1f} ms | {row[1] * 1000:.1f} ms | "
                  f"{row[2] * 1000:.1f} ms | {row[3] * 1000:.1f} ms | {ratio:.2f} |")
        print(f"\nmedian ratio kg serve / oxigraph: {statistics.median(ratios):.2f}\n")

        print(f"## Throughput, {args.clients} concurrent clients, whole catalogue x "
              f"{args.requests}\n")
        print("| server | requests | seconds | requests/s |")
        print("|---|---:|---:|---:|")
        jobs = [text for text in texts.values() for _ in range(args.requests)]
        for label, url in (("kg serve", kg_url), ("oxigraph", ox_url)):
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                list(pool.map(lambda q, u=url: post(u, q), jobs))
            elapsed = time.perf_counter() - start
            print(f"| {label} | {len(jobs)} | {elapsed:.2f} | {len(jobs) / elapsed:.0f} |")
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
