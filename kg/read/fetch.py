"""Bounded reads of a graph too large to load whole: the part that paths between two entities
can use, or the neighbourhood of some entities, fetched step by step through any engine (an
on-disk store, a remote endpoint) — never the rest."""

from __future__ import annotations

from collections.abc import Sequence

from kg.errors import NodeNotFound
from kg.read.projection import BATCH, Projection, build_projection, with_values
from kg.sparql.engine import Engine
from kg.sparql.lookup import find_entity
from kg.sparql.questions import packaged_query


def reachable(engine: Engine, source: str, target: str, *, max_hops: int, backwards: bool = False,
              via: Sequence[str] = (), exclude: Sequence[str] = ()) -> Projection:
    """The part of a graph that paths of at most ``max_hops`` hops from ``source`` to ``target``
    can use: breadth-first steps out from the source and back from the target, one SPARQL query
    per step, then the claims among the entities that lie within reach of both.

    Entities named in ``via`` and ``exclude`` are fetched too, so a name outside the reachable
    part is still recognised (and then simply has no path through it).
    """
    def iri(name: str) -> str:
        return str(find_entity(engine, name).value)  # type: ignore[attr-defined]

    start, goal = iri(source), iri(target)
    ahead = distances(engine, start, max_hops, forward=True, both=backwards)
    behind = distances(engine, goal, max_hops, forward=False, both=backwards)
    keep = {n for n, d in ahead.items() if n in behind and d + behind[n] <= max_hops}
    keep |= {start, goal}
    named = []
    for name in (*via, *exclude):
        try:
            named.append(iri(name))
        except NodeNotFound:
            continue  # a class name such as Receptor: matched against the fetched entities
    return build_projection(engine, only=keep, extra_nodes=named)


def neighbourhood(engine: Engine, names: Sequence[str], radius: int = 1) -> set[str]:
    """The IRIs of the named entities and of every entity within ``radius`` hops of one of them
    (along asserted edges, either way), so a page about one corner of a graph larger than memory
    never reads the rest."""
    reached: set[str] = set()
    for name in names:
        origin = str(find_entity(engine, name).value)  # type: ignore[attr-defined]
        reached |= distances(engine, origin, radius, forward=True, both=True).keys()
    return reached


def distances(engine: Engine, origin: str, max_hops: int, *, forward: bool,
              both: bool) -> dict[str, int]:
    """Hop distances from ``origin`` along supported edges (against them when not ``forward``;
    either way when ``both``), up to ``max_hops``."""
    step_forward, step_backward = packaged_query("step-forward"), packaged_query("step-backward")
    queries = [step_forward if forward else step_backward]
    if both:
        queries.append(step_backward if forward else step_forward)
    seen = {origin: 0}
    frontier = [origin]
    for hop in range(1, max_hops + 1):
        found: set[str] = set()
        for text in queries:
            for start in range(0, len(frontier), BATCH):
                chunk = frontier[start:start + BATCH]
                for row in engine.run(with_values(text, "a", chunk)).records():
                    found.add(str(row["b"]))
        frontier = sorted(found - seen.keys())
        for node in frontier:
            seen[node] = hop
        if not frontier:
            break
    return seen
