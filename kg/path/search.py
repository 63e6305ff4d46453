"""Path lookups: how does one entity lead to another, hop by hop, with the evidence for each hop.

Paths run over the read model (:mod:`kg.read.projection`): entities joined by the relations that
claims support, in the direction the mechanism runs (subject → object) unless backward steps are
allowed.

Ranking. Each hop gets a *support* between 0 and 1 from its claims (:mod:`kg.read.evidence`:
noisy-OR over independent sources weighted by evidence type, discounted by contradicting
sources, inferred claims at half weight). A path's score is the product of its hops' supports —
the chance that every hop holds if the hops were independent — so more independent and stronger
evidence ranks a path higher, and each extra hop costs. The best-supported paths are enumerated
first by Yen's k-shortest-paths algorithm (networkx ``shortest_simple_paths``) with
``-log(support)`` as edge length; ``rank="shortest"`` uses plain hop counts.

Bounded work: the search graph is first cut to the nodes that can lie on a path of at most
``max_hops`` hops, and enumeration stops at ``limit`` paths, at ``max_candidates`` examined paths
or at ``timeout`` seconds, whichever comes first — and says which bound it hit. How a result is
shown (text, JSON, a page) is :mod:`kg.path.report`.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.errors import NodeNotFound, NoPath, PathError
from kg.model.claim import Claim
from kg.model.names import did_you_mean, normalise_name
from kg.path import DEFAULT_MAX_HOPS
from kg.read.evidence import hop_support, relations_by_support
from kg.read.projection import BLOCKING, Projection

RANKS = ("support", "shortest")


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path, with everything needed to cite it."""

    subject: str
    object: str
    forward: bool
    support: float
    claims: tuple[Claim, ...]
    #: Relation IRIs the supporting claims assert, best-supported first.
    relations: tuple[str, ...]

    @property
    def supporting(self) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims if c.supports)

    @property
    def blocks(self) -> bool:
        """True when the hop's main relation blocks its object (antagonist, inhibitor)."""
        return bool(self.relations) and self.relations[0] in BLOCKING

    @property
    def inferred(self) -> bool:
        """True when every claim supporting the hop was inferred by the curator."""
        return all(c.inferred for c in self.supporting)


@dataclass(frozen=True, slots=True)
class Path:
    """A ranked path: its nodes, hops and score."""

    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    score: float


@dataclass(slots=True)
class PathResult:
    """The paths found, and the bound that stopped the search early (if any)."""

    source: str
    target: str
    #: The graph searched (the read model and its name index), which reports format from.
    graph: PathGraph
    paths: list[Path] = field(default_factory=list)
    stopped_by: str | None = None


class PathGraph:
    """The read model as a directed networkx graph, with a name index for lookups."""

    def __init__(self, projection: Projection) -> None:
        self.projection = projection
        self.graph: nx.DiGraph = projection.to_networkx()
        # Supports without an evidence floor are computed once, not per lookup.
        for _, _, data in self.graph.edges(data=True):
            data["support"] = hop_support(data["claims"], projection.weights)
            data["forward"] = True
        self.names: dict[str, set[str]] = {}
        self.classes: dict[str, set[str]] = {}
        for iri, node in projection.nodes.items():
            for name in (*node.names, iri):
                self.names.setdefault(normalise_name(name), set()).add(iri)
            for cls in node.types:
                self.classes.setdefault(cls.casefold(), set()).add(iri)

    def label(self, iri: str) -> str:
        return self.projection.label(iri)

    def hop(self, a: str, b: str, data: dict[str, Any]) -> Hop:
        """The hop from ``a`` to ``b`` over the edge ``data`` of the search graph."""
        claims = tuple(data["claims"])
        return Hop(a, b, data["forward"], data["support"], claims,
                   tuple(relations_by_support(claims, self.projection.weights)))

    def resolve(self, name: str) -> str:
        """The entity IRI that ``name`` (identifier, label, synonym, CURIE) denotes."""
        found = self.names.get(normalise_name(name), set())
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            shown = ", ".join(sorted(self.label(i) for i in found))
            raise NodeNotFound(f"'{name}' names several entities ({shown}); use the identifier")
        names = [n for node in self.projection.nodes.values() for n in node.names]
        raise NodeNotFound(f"no entity named '{name}'{did_you_mean(name, names, n=3)}")

    def resolve_set(self, name: str) -> set[str]:
        """An entity, or every entity of a class (``Receptor``, ``NeurotransmitterSystem``)."""
        key = name.casefold().replace(" ", "")
        for cls, members in self.classes.items():
            if cls.replace(" ", "") == key:
                return set(members)
        return {self.resolve(name)}


def find_paths(graph: PathGraph, source: str, target: str, *,
               max_hops: int = DEFAULT_MAX_HOPS,
               limit: int = 5, rank: str = "support", min_evidence: str | None = None,
               via: Sequence[str] = (), exclude: Sequence[str] = (), backwards: bool = False,
               timeout: float = 10.0, max_candidates: int = 20_000) -> PathResult:
    """Ranked paths from ``source`` to ``target`` (names as people write them).

    Raises :class:`NodeNotFound` for unknown names and :class:`NoPath` when nothing joins them.
    """
    if rank not in RANKS:
        raise PathError(f"unknown ranking '{rank}'; expected one of {', '.join(RANKS)}")
    if max_hops < 1 or limit < 1:
        raise PathError("max_hops and limit must be at least 1")
    start, goal = graph.resolve(source), graph.resolve(target)
    if start == goal:
        raise PathError("the two names denote the same entity")
    required = [graph.resolve_set(v) for v in via]
    banned = set().union(*(graph.resolve_set(x) for x in exclude)) if exclude else set()
    if start in banned or goal in banned:
        raise PathError("an end of the path is excluded")
    min_weight = _evidence_weight(graph, min_evidence) if min_evidence else 0.0

    if not (banned or min_weight or backwards):
        search = nx.subgraph_view(graph.graph,
                                  filter_edge=lambda s, o: graph.graph.edges[s, o]["support"] > 0)
    else:
        search = nx.DiGraph()
        for s, o, data in graph.graph.edges(data=True):
            if s in banned or o in banned:
                continue
            support = hop_support(data["claims"], graph.projection.weights,
                                  min_weight=min_weight) if min_weight \
                else data["support"]
            if support > 0:
                search.add_edge(s, o, support=support, forward=True, claims=data["claims"])
    if backwards:
        for s, o, data in list(search.edges(data=True)):
            if not search.has_edge(o, s):
                search.add_edge(o, s, support=data["support"], forward=False,
                                claims=data["claims"])
    if start not in search or goal not in search:
        raise NoPath(_no_path_message(graph, start, goal, max_hops, backwards, min_evidence))
    near_start = nx.single_source_shortest_path_length(search, start, cutoff=max_hops)
    near_goal = nx.single_source_shortest_path_length(search.reverse(copy=False), goal,
                                                      cutoff=max_hops)
    keep = [n for n in near_start if n in near_goal and near_start[n] + near_goal[n] <= max_hops]
    if goal not in keep:
        raise NoPath(_no_path_message(graph, start, goal, max_hops, backwards, min_evidence))
    sub = search.subgraph(keep)
    weight = None
    if rank == "support":
        def weight(_a: str, _b: str, data: dict[str, Any]) -> float:
            return -math.log(data["support"])

    result = PathResult(start, goal, graph)
    deadline = time.monotonic() + timeout
    for examined, nodes in enumerate(nx.shortest_simple_paths(sub, start, goal, weight=weight),
                                     start=1):
        if len(nodes) - 1 <= max_hops and all(any(n in group for n in nodes) for group in required):
            hops = tuple(graph.hop(a, b, sub.edges[a, b]) for a, b in itertools.pairwise(nodes))
            result.paths.append(Path(tuple(nodes), hops, math.prod(h.support for h in hops)))
            if len(result.paths) >= limit:
                break
        elif rank == "shortest" and len(nodes) - 1 > max_hops:
            break  # hop counts only grow from here
        if examined >= max_candidates:
            result.stopped_by = f"examined {max_candidates:,} candidate paths"
            break
        if time.monotonic() > deadline:
            result.stopped_by = f"the {timeout:g} s time limit"
            break
    if not result.paths:
        raise NoPath(_no_path_message(graph, start, goal, max_hops, backwards, min_evidence)
                     + ("" if not via else " passing through the --via entities"))
    key = (lambda p: (-p.score, len(p.hops), p.nodes)) if rank == "support" else \
        (lambda p: (len(p.hops), -p.score, p.nodes))
    result.paths.sort(key=key)
    return result


def _evidence_weight(graph: PathGraph, notation: str) -> float:
    weights = graph.projection.weights
    if notation not in weights:
        known = ", ".join(sorted(weights))
        raise PathError(f"unknown evidence type '{notation}'; expected one of {known}")
    return weights[notation]


def _no_path_message(graph: PathGraph, start: str, goal: str, max_hops: int, backwards: bool,
                     min_evidence: str | None) -> str:
    hints = [f"--max-hops {max_hops + 1}"]
    if not backwards:
        hints.append("--backwards")
    if min_evidence:
        hints.append("a weaker --min-evidence")
    return (f"no path from {graph.label(start)} to {graph.label(goal)} within {max_hops} hops; "
            f"try {' or '.join(hints)}")
