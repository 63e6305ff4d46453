"""Scale benchmark: synthetic pharmacology-shaped graphs of 10^4 to 10^7 triples on every backend.

The generator replicates the built curated graph (``build/kratom.nt``) with the same claim and
provenance structure — entities, reified claims with evidence, stance, values and sources, the
plain edges they support, checked statements — renaming each copy's entities, claims and sources
(``mitragynine-r7``) and pointing a share of each copy's edges at the same kind of entity in
another copy, so hubs grow with the graph as they do in merged biomedical graphs. The first copy
keeps the curated names, so every catalogue question runs with its documented example. The
ontology's own triples appear once.

For each size and backend, a fresh process loads the graph and reports load time and peak memory,
then the median latency of every catalogue question (each run --runs times), path lookups that
read only the part of the graph within reach (as `kg path --graph` does), and the time to fetch a
300-node neighbourhood of mitragynine and to lay out and write its page. Backends: pyoxigraph in memory, a
pyoxigraph on-disk store (bulk-loaded once, then opened read-only), rdflib in memory (up to
--rdflib-max triples: its parser and engine need minutes and gigabytes beyond), and an Oxigraph
server over HTTP.

    python scripts/bench_scale.py [--sizes 1e4,1e5,1e6] [--runs 3] [--out /tmp/kg-scale]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

if sys.platform != "win32":
    import resource

import pyoxigraph

from kg.errors import NoPath
from kg.graph.store import load_graph, open_store, write_store
from kg.pages.network import Subgraphs, network, page_html
from kg.pages.style import load_style
from kg.path.search import PathGraph, find_paths
from kg.read.fetch import distances, reachable
from kg.read.projection import build_projection
from kg.sparql.engine import OxigraphEngine, RdflibEngine
from kg.sparql.lookup import find_entity
from kg.sparql.params import bind
from kg.sparql.questions import read_catalogue
from kg.sparql.remote import RemoteEngine

ROOT = Path(__file__).resolve().parent.parent
BASE = "<https://w3id.org/kratom-kg/"
INSTANCE = ("entity/", "claim/", "edge/", "source/", "check/")
REWIRE = 0.3


def _rename(term: str, copy: int) -> str:
    """``<…/entity/x>`` → ``<…/entity/x-r7>`` for instance IRIs; other terms unchanged."""
    if copy and term.startswith(BASE) and term[len(BASE):].startswith(INSTANCE):
        return term[:-1] + f"-r{copy}>"
    return term


def _split(line: str) -> tuple[str, str, str]:
    subject, rest = line.split(" ", 1)
    predicate, rest = rest.split(" ", 1)
    return subject, predicate, rest[:-2].rstrip()


def generate(template: Path, target: int, out: Path) -> int:
    """Write about ``target`` triples to ``out`` (N-Triples); returns the count written."""
    lines = [ln for ln in template.read_text(encoding="utf-8").splitlines() if ln.strip()]
    shared, instance = [], []
    for line in lines:
        s, _, o = _split(line)
        is_instance = s.startswith(BASE) and s[len(BASE):].startswith(INSTANCE)
        (instance if is_instance else shared).append(line)
    # Which edge (subject, predicate, object) each claim reifies, to rewire claim and edge alike.
    parts: dict[str, dict[str, str]] = {}
    for line in instance:
        s, p, o = _split(line)
        if p.endswith(("#subject>", "#predicate>", "#object>")) and "/claim/" in s:
            parts.setdefault(s, {})[p.rsplit("#", 1)[1][:-1]] = o
    copies = max(1, round((target - len(shared)) / len(instance)))
    written = 0
    with open(out, "w", encoding="utf-8") as handle:
        for line in shared:
            handle.write(line + "\n")
        written += len(shared)
        for copy in range(copies):
            for line in instance:
                s, p, o = _split(line)
                key = None
                if "/entity/" in s and "/entity/" in o and "/vocab#" in p:
                    key = (s, p, o)
                elif "/claim/" in s and p.endswith("#object>") and s in parts:
                    key = (parts[s].get("subject"), parts[s].get("predicate"), o)
                new_o = _rename(o, copy)
                if key and copy and o.startswith(BASE + "entity/"):
                    digest = int(hashlib.blake2b(f"{key}{copy}".encode(), digest_size=8)
                                 .hexdigest(), 16)
                    if digest % 1000 < REWIRE * 1000:
                        new_o = _rename(o, digest % copies)
                elif not key and copy and o.startswith('"') and (
                        p.endswith(("#label>", "/identifier>", "#altLabel>"))):
                    new_o = o[:o.rindex('"')] + f' r{copy}' + o[o.rindex('"'):] if \
                        p.endswith(("#label>", "#altLabel>")) else \
                        o[:o.rindex('"')] + f'-r{copy}' + o[o.rindex('"'):]
                handle.write(f"{_rename(s, copy)} {p} {new_o} .\n")
            written += len(instance)
    return written


# ------------------------------------------------------------------------------------ measuring


def measure_in_child(backend: str, graph: Path, runs: int, work: Path) -> dict:
    """Run one backend's measurements in a fresh process; returns its report and peak RSS."""
    command = [sys.executable, __file__, "--child", backend, str(graph), str(runs), str(work)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             cwd=ROOT, env={**os.environ, "KG_PROGRESS": "0"})
    out, err = child.communicate()
    if child.returncode != 0:
        return {"error": err.strip().splitlines()[-1] if err.strip() else "failed"}
    report = json.loads(out)
    report["wall_s"] = round(time.perf_counter() - started, 2)
    return report


def child(backend: str, graph: Path, runs: int, work: Path) -> None:
    """Inside the measuring process: load, query, search paths, render; print JSON."""
    catalogue = read_catalogue(ROOT / "queries")
    report: dict = {"backend": backend}
    server = None
    started = time.perf_counter()
    if backend == "oxigraph-memory":
        engine = OxigraphEngine(open_store(graph))
    elif backend == "oxigraph-disk":
        folder = work / f"{graph.stem}.oxigraph"
        if not folder.exists():
            write_store(graph, folder)
        report["store_build_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        engine = OxigraphEngine(pyoxigraph.Store.read_only(str(folder)))
        report["disk_mb"] = round(sum(p.stat().st_size for p in folder.rglob("*")
                                      if p.is_file()) / 1e6, 1)
    elif backend == "rdflib":
        engine = RdflibEngine(load_graph(graph))
    elif backend == "remote":
        folder = work / f"{graph.stem}.server"
        if not folder.exists():
            subprocess.run(["oxigraph", "load", "--location", str(folder), "--file", str(graph)],
                           check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen(["oxigraph", "serve-read-only", "--location", str(folder),
                                   "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/query"
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        engine = RemoteEngine(url)
    else:
        raise SystemExit(f"unknown backend {backend}")
    report["load_s"] = round(time.perf_counter() - started, 2)
    try:
        latencies = {}
        for name, query in catalogue.items():
            bindings = bind(dict(query.example_args), {p.name: p.type for p in query.params},
                            engine)
            times = []
            for _ in range(runs):
                began = time.perf_counter()
                engine.run(query.text, bindings, limit=10_000_000)
                times.append(time.perf_counter() - began)
            latencies[name] = statistics.median(times)
        report["latencies_ms"] = {k: round(v * 1000, 1) for k, v in latencies.items()}
        report["query_median_ms"] = round(statistics.median(latencies.values()) * 1000, 1)
        report["query_max_ms"] = round(max(latencies.values()) * 1000, 1)
        report["slowest"] = max(latencies, key=latencies.__getitem__)
        if backend != "rdflib":
            report.update(_paths_and_render(engine, runs))
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(report))


def _paths_and_render(engine: object, runs: int) -> dict:
    """Path lookups on the part of the graph within reach (read per lookup, as `kg path --graph`
    does), and a page of the first 300 entities breadth-first from mitragynine."""
    pairs = [("mitragynine", "respiratory depression"), ("7-OH", "analgesia"),
             ("mitragynine", "dependence"), ("speciogynine", "antinociception")]
    times = []
    for source, target in pairs * runs:
        began = time.perf_counter()
        graph = PathGraph(reachable(engine, source, target, max_hops=4))  # type: ignore[arg-type]
        with contextlib.suppress(NoPath):
            find_paths(graph, source, target, max_hops=4, limit=5, timeout=30)
        times.append(time.perf_counter() - began)
    out = {"path_median_ms": round(statistics.median(times) * 1000, 1)}
    began = time.perf_counter()
    start = str(find_entity(engine, "mitragynine").value)  # type: ignore[arg-type,attr-defined]
    reach = distances(engine, start, 2, forward=True, both=True)  # type: ignore[arg-type]
    chosen = sorted(reach, key=lambda n: (reach[n], n))[:300]
    projection = build_projection(engine, only=chosen)  # type: ignore[arg-type]
    out["projection_s"] = round(time.perf_counter() - began, 2)
    began = time.perf_counter()
    views = Subgraphs(projection)
    view = views.whole()
    page_html(network(projection, view, load_style()), title="bench", assets="assets")
    out["render_300_s"] = round(time.perf_counter() - began, 2)
    out["render_nodes"] = len(chosen)
    return out


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e5,1e6")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backends", default="oxigraph-memory,oxigraph-disk,rdflib,remote")
    parser.add_argument("--rdflib-max", type=float, default=1e5)
    parser.add_argument("--out", type=Path, default=Path("/tmp/kg-scale"))
    parser.add_argument("--per-question", action="store_true",
                        help="also print every catalogue question's median latency per run")
    args = parser.parse_args()
    template = ROOT / "build" / "kratom.nt"
    if not template.is_file():
        raise SystemExit("run `kg build` first: the generator replicates build/kratom.nt")
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"CPython {platform.python_version()}, {os.cpu_count()} cores, {args.runs} runs per "
          "query; times in seconds unless marked\n")
    print("| triples | backend | generate | load | peak RSS | disk | catalogue median | "
          "catalogue max (slowest) | 300-node fetch | path lookup (fetch + search) | "
          "300-node page |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    per_question: dict[str, dict[str, float]] = {}
    # A synthetic graph is reused only if it was made from this very template.
    made_from = hashlib.blake2b(template.read_bytes(), digest_size=6).hexdigest()
    for size in (int(float(s)) for s in args.sizes.split(",")):
        graph = args.out / f"synthetic-{size}-{made_from}.nt"
        began = time.perf_counter()
        if not graph.exists():
            count = generate(template, size, graph)
        else:
            with open(graph, encoding="utf-8") as handle:
                count = sum(1 for _ in handle)
        generated = time.perf_counter() - began
        for backend in args.backends.split(","):
            if backend == "rdflib" and size > args.rdflib_max:
                print(f"| {count:,} | {backend} | | — | — | | — | — | | | |")
                continue
            r = measure_in_child(backend, graph, args.runs, args.out)
            if "error" in r:
                print(f"| {count:,} | {backend} | | error: {r['error']} | | | | | | | |")
                continue
            per_question[f"{count:,} {backend}"] = r.get("latencies_ms", {})
            disk = f"{r['disk_mb']} MB" if "disk_mb" in r else ""
            load = f"{r['load_s']}" + (f" (+{r['store_build_s']} build)" if "store_build_s" in r
                                       else "")
            print(f"| {count:,} | {backend} | {generated:.1f} | {load} | {r['peak_rss_mb']} MB | "
                  f"{disk} | {r['query_median_ms']} ms | {r['query_max_ms']} ms "
                  f"({r['slowest']}) | {r.get('projection_s', '—')} | "
                  f"{r.get('path_median_ms', '—')} ms | {r.get('render_300_s', '—')} |")
            sys.stdout.flush()
        shutil.rmtree(args.out / f"{graph.stem}.oxigraph", ignore_errors=True)
        shutil.rmtree(args.out / f"{graph.stem}.server", ignore_errors=True)
    if args.per_question and per_question:
        runs = list(per_question)
        print("\nMedian latency per question, ms\n")
        print("| question | " + " | ".join(runs) + " |")
        print("|---|" + "---:|" * len(runs))
        for name in sorted({q for r in per_question.values() for q in r}):
            cells = " | ".join(str(per_question[r].get(name, "—")) for r in runs)
            print(f"| {name} | {cells} |")


if __name__ == "__main__":
    main()
