"""Benchmark path lookups.

1. `kg path` end to end on the curated graph (fresh process, median of --runs) against the floor of a
   bare `python -c "import networkx"` (target: within 1.5x);
2. path search on synthetic pharmacology-shaped projections of 10^4, 10^5 and 10^6 edges
   (compounds -> targets -> systems -> effects/risks, with metabolism links; each edge one claim of
   a random evidence type, graded by the ontology's rules): time to load the projection into
   networkx (grading every edge), median and worst lookup latency over random compound -> outcome
   pairs, and peak memory.

    kg build && python scripts/bench_paths.py [--sizes 10000 100000 1000000] [--pairs 20]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from bench_sparql import timed_process  # the same timing, one place

from kg.errors import NoPath
from kg.model.claim import Claim, Evidence, Stance
from kg.model.ontology import read_ontology
from kg.path.search import PathGraph, find_paths
from kg.read.projection import Node, Projection

ROOT = Path(__file__).resolve().parent.parent
V = "https://w3id.org/kratom-kg/vocab#"
E = "https://w3id.org/kratom-kg/entity/"
EVIDENCE = [("in_vitro", 0.5), ("animal", 0.6), ("human_observational", 0.8), ("review", 0.3),
            ("self_report_survey", 0.3), ("human_trial", 0.9)]


def synthetic(edges: int, seed: int = 7) -> tuple[Projection, list[str], list[str]]:
    """A layered graph with about ``edges`` claims: compounds act on targets, targets belong to
    systems and mediate outcomes, compounds produce outcomes and are metabolised to compounds."""
    rng = random.Random(seed)
    n = max(50, edges // 6)
    compounds = [f"{E}c{i}" for i in range(n)]
    targets = [f"{E}t{i}" for i in range(max(10, n // 4))]
    systems = [f"{E}s{i}" for i in range(max(3, n // 200))]
    outcomes = [f"{E}o{i}" for i in range(max(10, n // 8))]
    nodes = {}
    for group, cls in ((compounds, "Compound"), (targets, "Receptor"), (systems, "System"),
                       (outcomes, "Effect")):
        for iri in group:
            nodes[iri] = Node(iri, iri.rsplit("/", 1)[1], (cls,))
    plan = [(compounds, targets, "binds", 0.55), (targets, systems, "partOf", 0.05),
            (targets, outcomes, "mediates", 0.15), (systems, outcomes, "mediates", 0.05),
            (compounds, outcomes, "produces", 0.1), (compounds, compounds, "metabolisedTo", 0.1)]
    claims = []
    for number in range(edges):
        subjects, objects, relation, _ = rng.choices(plan, weights=[p[3] for p in plan])[0]
        s, o = rng.choice(subjects), rng.choice(objects)
        if s == o:
            continue
        evidence, _ = rng.choice(EVIDENCE)
        claims.append(Claim(f"{E}claim{number}", s, V + relation, o,
                            (f"src{rng.randrange(edges // 3 + 1)}",), Evidence(evidence),
                            Stance.SUPPORTS))
    relations = {V + p[2]: p[2] for p in plan}
    ontology = read_ontology(ROOT / "ontology" / "kratom.ttl")
    rules = {str(r.iri): r.rules for r in ontology.relations.values()}
    return Projection(nodes, {}, relations, weights=dict(EVIDENCE), claims=claims,
                      rules=rules, grade_scores=ontology.grade_scores,
                      comparative=ontology.comparative), compounds, outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    floor = timed_process([sys.executable, "-c", "import networkx"], args.runs)
    cli = timed_process(["kg", "path", "mitragynine", "respiratory depression"], args.runs)
    print(f"## `kg path` end to end (median of {args.runs})\n")
    print(f"floor `python -c \"import networkx\"`: {floor * 1000:.0f} ms; "
          f"`kg path mitragynine \"respiratory depression\"`: {cli * 1000:.0f} ms "
          f"({cli / floor:.2f}x the floor)\n")

    print("## Synthetic projections\n")
    print("| edges | nodes | load into networkx (grading every edge) | lookup median | lookup max "
          "| no-path answers | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    rng = random.Random(11)
    for size in args.sizes:
        projection, compounds, outcomes = synthetic(size)
        start = time.perf_counter()
        graph = PathGraph(projection)
        load = time.perf_counter() - start
        latencies, missing = [], 0
        for _ in range(args.pairs):
            source = graph.label(rng.choice(compounds))
            target = graph.label(rng.choice(outcomes))
            start = time.perf_counter()
            try:
                find_paths(graph, source, target, max_hops=4, limit=5, timeout=10)
            except NoPath:
                missing += 1
            latencies.append(time.perf_counter() - start)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"| {len(projection.claims):,} | {graph.graph.number_of_nodes():,} | "
              f"{load:.2f} s | {statistics.median(latencies) * 1000:.0f} ms | "
              f"{max(latencies) * 1000:.0f} ms | {missing}/{args.pairs} | {peak:.0f} MiB |")
        del graph, projection


if __name__ == "__main__":
    main()
