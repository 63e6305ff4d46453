"""Bounded load test of `kg serve` on loopback: concurrent clients send a fixed number of valid
catalogue queries while another client keeps sending queries that must be cut off by the time
limit. Reports throughput and latency percentiles for the valid queries, their errors (must be
zero), and what happened to the slow ones. Stops by itself; talks to 127.0.0.1 only.

    python scripts/load_serve.py [--clients 4] [--requests 50] [--slow 4] [--timeout 1]

Exit status 1 if any valid query failed or a slow query was not stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_sparql import percentile  # noqa: E402

#: A query no engine answers quickly on this graph: a four-way cross product of every triple.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, timeout: float) -> tuple[int, float]:
    """(HTTP status, seconds) of one request; 0 for a connection failure."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4, help="concurrent valid-query clients")
    parser.add_argument("--requests", type=int, default=50, help="requests per client")
    parser.add_argument("--slow", type=int, default=4, help="slow queries sent meanwhile")
    parser.add_argument("--timeout", type=float, default=1.0, help="the server's query limit (s)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from kg.sparql.questions import read_catalogue

    catalogue = read_catalogue(ROOT / "queries")
    urls = []
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    for name, query in catalogue.items():
        params = urllib.parse.urlencode(query.example_args)
        urls.append(f"{base}/catalogue/{name}" + (f"?{params}" if params else ""))

    server = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--workers",
         str(args.workers), "--timeout", str(args.timeout)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 30
        while get(f"{base}/catalogue", 1)[0] != 200:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("kg serve did not start")
            time.sleep(0.1)

        results: list[tuple[int, float]] = []
        slow_results: list[tuple[int, float]] = []
        lock = threading.Lock()
        slow_running = threading.Event()
        during_slow = [0]

        def client(index: int) -> None:
            for number in range(args.requests):
                status, seconds = get(urls[(index + number) % len(urls)], 30)
                with lock:
                    results.append((status, seconds))
                    if slow_running.is_set():
                        during_slow[0] += 1

        def slow_client() -> None:
            slow_url = f"{base}/sparql?" + urllib.parse.urlencode({"query": SLOW})
            for _ in range(args.slow):
                slow_running.set()
                outcome = get(slow_url, 60)
                slow_running.clear()
                slow_results.append(outcome)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients + 1) as pool:
            futures = [pool.submit(client, i) for i in range(args.clients)]
            futures.append(pool.submit(slow_client))
            for future in futures:
                future.result()
        elapsed = time.perf_counter() - started
        alive = get(f"{base}/catalogue", 5)[0] == 200
    finally:
        server.terminate()
        server.wait(10)

    ok = [seconds for status, seconds in results if status == 200]
    failed = [status for status, _ in results if status != 200]
    slow_codes = sorted({status for status, _ in slow_results})
    report = {
        "valid requests": len(results), "clients": args.clients, "workers": args.workers,
        "seconds": round(elapsed, 2), "requests/s": round(len(results) / elapsed, 1),
        "p50 ms": round(statistics.median(ok) * 1000, 1) if ok else None,
        "p90 ms": round(percentile(ok, 0.9) * 1000, 1) if ok else None,
        "p99 ms": round(percentile(ok, 0.99) * 1000, 1) if ok else None,
        "max ms": round(max(ok) * 1000, 1) if ok else None,
        "valid errors": len(failed),
        "slow queries": len(slow_results), "slow statuses": slow_codes,
        "slow seconds (median)": round(statistics.median(s for _, s in slow_results), 2)
        if slow_results else None,
        "valid answered while a slow query ran": during_slow[0],
        "server answering afterwards": alive,
    }
    print("| measure | value |\n|---|---:|")
    for key, value in report.items():
        print(f"| {key} | {json.dumps(value)} |")
    if failed or slow_codes != [503] or not alive:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
