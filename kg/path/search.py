"""Path lookups: how does one entity lead to another, hop by hop, with the evidence for each hop.

Paths run over the projection (:mod:`kg.read.projection`): entities joined by the relations that claims
support, in the direction the mechanism runs (subject → object) unless backward steps are allowed.

Ranking. Each hop gets a *support* between 0 and 1 from its claims: every source counts once, with
the rank weight of its strongest evidence type for that hop (``kg:rankWeight`` in the ontology:
human trial 0.9 … in vitro 0.5 … self-report and review 0.3), and independent sources are combined
with the noisy-OR rule (Pearl, *Probabilistic Reasoning in Intelligent Systems*, 1988):
``1 - Π(1 - w)``. Sources that contradict the hop are combined the same way and discount it:
``support = noisy_or(supporting) * (1 - noisy_or(contradicting))``. A path's score is the product
of its hops' supports — the chance that every hop holds if the hops were independent — so more
independent and stronger evidence ranks a path higher, and each extra hop costs. The best-supported
paths are enumerated first by Yen's k-shortest-paths algorithm (networkx
``shortest_simple_paths``) with ``-log(support)`` as edge length; ``rank="shortest"`` uses plain
hop counts.

Bounded work: the search graph is first cut to the nodes that can lie on a path of at most
``max_hops`` hops, and enumeration stops at ``limit`` paths, at ``max_candidates`` examined paths
or at ``timeout`` seconds, whichever comes first — and says which bound it hit.
"""

from __future__ import annotations

import difflib
import itertools
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.read.projection import BLOCKING, ClaimSummary, Projection
from kg.sparql.lookup import normalise_name

if TYPE_CHECKING:
    import networkx as nx

    from kg.sparql.engine import Engine

RANKS = ("support", "shortest")


class PathError(KGError):
    """A path lookup could not be answered."""


class NodeNotFound(PathError):
    """A name matches no entity or class; the message lists the closest names."""


class NoPath(PathError):
    """No path joins the two entities within the bounds; the message suggests what to relax."""


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path, with everything needed to cite it."""

    subject: str
    object: str
    forward: bool
    support: float
    claims: tuple[ClaimSummary, ...]

    @property
    def supporting(self) -> tuple[ClaimSummary, ...]:
        return tuple(c for c in self.claims if c.stance == "supports")

    @property
    def relations(self) -> list[str]:
        """Relation IRIs of the supporting claims, best-supported first (by the same noisy-OR
        over their own claims, contradictions included)."""
        by_relation: dict[str, list[ClaimSummary]] = {}
        for claim in self.claims:
            by_relation.setdefault(claim.predicate, []).append(claim)
        scored = {p: hop_support(cs) for p, cs in by_relation.items()
                  if any(c.stance == "supports" for c in cs)}
        return sorted(scored, key=lambda p: (-scored[p], p))

    @property
    def blocks(self) -> bool:
        """True when the hop's main relation blocks its object (antagonist, inhibitor)."""
        return bool(self.relations) and self.relations[0] in BLOCKING


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
    paths: list[Path] = field(default_factory=list)
    stopped_by: str | None = None


def hop_support(claims: Iterable[ClaimSummary], *, min_weight: float = 0.0) -> float:
    """Support of a hop from its claims (noisy-OR over sources, discounted by contradictions).

    >>> from kg.read.projection import ClaimSummary as C
    >>> hop_support([C("c1", "p", "supports", "in_vitro", 0.5, ("a",)),
    ...              C("c2", "p", "supports", "review", 0.3, ("b",))])
    0.65
    """
    best: dict[str, dict[str, float]] = {"supports": {}, "contradicts": {}}
    for claim in claims:
        if claim.weight < min_weight and claim.stance == "supports":
            continue
        table = best.setdefault(claim.stance, {})
        for source in claim.sources:
            table[source] = max(table.get(source, 0.0), claim.weight)
    support = 1.0 - math.prod(1.0 - w for w in best["supports"].values())
    against = 1.0 - math.prod(1.0 - w for w in best["contradicts"].values())
    return round(support * (1.0 - against), 12)


class PathGraph:
    """The projection as a directed networkx graph, with a name index for lookups."""

    def __init__(self, projection: Projection) -> None:
        self.projection = projection
        self.graph: nx.DiGraph = projection.to_networkx()
        # Supports without an evidence floor are computed once, not per lookup.
        for _, _, data in self.graph.edges(data=True):
            data["support"] = hop_support(data["claims"])
            data["forward"] = True
        self.names: dict[str, set[str]] = {}
        self.classes: dict[str, set[str]] = {}
        for iri, node in projection.nodes.items():
            for name in (node["label"], *node["names"], iri):
                self.names.setdefault(normalise_name(name), set()).add(iri)
            for cls in node["types"]:
                self.classes.setdefault(cls.casefold(), set()).add(iri)

    def label(self, iri: str) -> str:
        return str(self.projection.nodes.get(iri, {}).get("label", iri))

    def resolve(self, name: str) -> str:
        """The entity IRI that ``name`` (identifier, label, synonym, CURIE) denotes."""
        found = self.names.get(normalise_name(name), set())
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            shown = ", ".join(sorted(self.label(i) for i in found))
            raise NodeNotFound(f"'{name}' names several entities ({shown}); use the identifier")
        close = difflib.get_close_matches(normalise_name(name), list(self.names), n=6,
                                          cutoff=0.5)
        shown = list(dict.fromkeys(self._display(c) for c in close))[:3]
        hint = f" (closest: {', '.join(shown)})" if shown else ""
        raise NodeNotFound(f"no entity named '{name}'{hint}")

    def resolve_set(self, name: str) -> set[str]:
        """An entity, or every entity of a class (``Receptor``, ``NeurotransmitterSystem``)."""
        key = name.casefold().replace(" ", "")
        for cls, members in self.classes.items():
            if cls.replace(" ", "") == key:
                return set(members)
        return {self.resolve(name)}

    def _display(self, folded: str) -> str:
        iris = self.names[folded]
        return self.label(next(iter(iris))) if len(iris) == 1 else folded


def find_paths(graph: PathGraph, source: str, target: str, *, max_hops: int = 4,
               limit: int = 5, rank: str = "support", min_evidence: str | None = None,
               via: Sequence[str] = (), exclude: Sequence[str] = (), backwards: bool = False,
               timeout: float = 10.0, max_candidates: int = 20_000) -> PathResult:
    """Ranked paths from ``source`` to ``target`` (names as people write them).

    Raises :class:`NodeNotFound` for unknown names and :class:`NoPath` when nothing joins them.
    """
    import networkx as nx

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
            support = hop_support(data["claims"], min_weight=min_weight) if min_weight \
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

    result = PathResult(start, goal)
    deadline = time.monotonic() + timeout
    for examined, nodes in enumerate(nx.shortest_simple_paths(sub, start, goal, weight=weight),
                                     start=1):
        if len(nodes) - 1 <= max_hops and all(any(n in group for n in nodes) for group in required):
            hops = tuple(Hop(a, b, sub.edges[a, b]["forward"], sub.edges[a, b]["support"],
                             tuple(sub.edges[a, b]["claims"]))
                         for a, b in itertools.pairwise(nodes))
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
    weights = graph.projection.weights or {c.evidence: c.weight for c in graph.projection.claims}
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


# ------------------------------------------------------------------------------------ output


def hop_dict(graph: PathGraph, hop: Hop) -> dict[str, Any]:
    """One hop as plain data: ends, relation, direction, evidence, values and sources."""
    projection = graph.projection
    relations = hop.relations
    sources = sorted({s for c in hop.claims for s in c.sources})
    return {
        "subject": {"iri": hop.subject, "label": graph.label(hop.subject)},
        "predicate": {"iri": relations[0] if relations else None,
                      "label": projection.relations.get(relations[0], "") if relations else ""},
        "also": [projection.relations.get(r, r) for r in relations[1:]],
        "object": {"iri": hop.object, "label": graph.label(hop.object)},
        "direction": "forward" if hop.forward else "backward",
        "blocks": hop.blocks,
        "support": round(hop.support, 4),
        "evidence": sorted({c.evidence for c in hop.supporting}),
        "values": [{"measure": c.measure, "comparator": c.comparator, "value": c.value,
                    "unit": c.unit, "species": c.species, "assay": c.assay,
                    "relation": projection.relations.get(c.predicate, c.predicate)}
                   for c in hop.supporting if c.measure],
        "enzymes": sorted({c.enzyme for c in hop.supporting if c.enzyme}),
        "biases": sorted({c.bias for c in hop.supporting if c.bias}),
        "contradicted_by": sorted({s for c in hop.claims if c.stance == "contradicts"
                                   for s in c.sources}),
        "claims": [c.id for c in hop.claims],
        "sources": [{"id": s, **{k: v for k, v in projection.sources.get(s, {}).items()
                                  if k in ("citation", "doi", "pmid", "url")}}
                    for s in sources],
    }


def as_dict(graph: PathGraph, result: PathResult) -> dict[str, Any]:
    """The result as JSON-ready data: ``{"paths": [{"score", "hops": [...]}], …}``."""
    return {
        "from": {"iri": result.source, "label": graph.label(result.source)},
        "to": {"iri": result.target, "label": graph.label(result.target)},
        "stopped_by": result.stopped_by,
        "paths": [{"score": round(p.score, 6), "hops": [hop_dict(graph, h) for h in p.hops]}
                  for p in result.paths],
    }


def as_text(graph: PathGraph, result: PathResult) -> str:
    """The result for people: each path as a chain, then each hop with values and citations."""
    data = as_dict(graph, result)
    lines = [f"{len(data['paths'])} path(s) from {data['from']['label']} to {data['to']['label']}"
             + (f" (search stopped by {result.stopped_by})" if result.stopped_by else "")]
    for number, path in enumerate(data["paths"], start=1):
        chain = path["hops"][0]["subject"]["label"]
        for hop in path["hops"]:
            detail = [hop["predicate"]["label"]]
            if hop["blocks"]:
                detail.append("blocks")
            if hop["enzymes"]:
                detail.append("by " + ", ".join(hop["enzymes"]))
            arrow = f" —{'; '.join(detail)}→ " if hop["direction"] == "forward" else \
                f" ←{'; '.join(detail)}— "
            chain += arrow + hop["object"]["label"]
        lines += ["", f"{number}. {chain}", f"   score {path['score']:.4g}, "
                  f"{len(path['hops'])} hop(s)"]
        for hop in path["hops"]:
            head = f"   • {hop['subject']['label']} → {hop['object']['label']}: " \
                   f"{hop['predicate']['label']}"
            if hop["also"]:
                head += f" (also: {', '.join(hop['also'])})"
            lines.append(head + f" — support {hop['support']:.2f}; "
                         f"evidence: {', '.join(hop['evidence'])}")
            for value in hop["values"]:
                species = f", {value['species']}" if value["species"] else ""
                lines.append(f"       {value['measure']} {value['comparator']}{value['value']} "
                             f"{value['unit']}{species} ({value['relation']})")
            if hop["biases"]:
                lines.append(f"       signalling: {', '.join(hop['biases'])}")
            if hop["contradicted_by"]:
                lines.append(f"       contradicted by: {', '.join(hop['contradicted_by'])}")
            for source in hop["sources"]:
                ident = (f"doi:{source['doi']}" if source.get("doi") else
                         f"PMID:{source['pmid']}" if source.get("pmid") else source.get("url", ""))
                lines.append(f"       [{source['id']}] {source.get('citation', '')} {ident}".rstrip())
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------ bounded fetch

_STEP_FORWARD = """SELECT DISTINCT ?a ?b WHERE {
  ?a ?p ?b . ?p rdfs:subPropertyOf* kg:relatedTo . ?b a kg:Entity .
}"""
_STEP_BACKWARD = """SELECT DISTINCT ?a ?b WHERE {
  ?b ?p ?a . ?p rdfs:subPropertyOf* kg:relatedTo . ?b a kg:Entity .
}"""


def fetch_path_graph(engine: Engine, source: str, target: str, *, max_hops: int = 4,
                     backwards: bool = False, via: Sequence[str] = (),
                     exclude: Sequence[str] = ()) -> PathGraph:
    """The part of a graph that paths of at most ``max_hops`` hops from ``source`` to ``target``
    can use, read from any engine (a store on disk, a remote endpoint) without loading the rest:
    breadth-first steps out from the source and back from the target, one SPARQL query per step,
    then the claims among the entities that lie within reach of both.

    Entities named in ``via`` and ``exclude`` are fetched too, so a name outside the reachable
    part is still recognised (and then simply has no path through it).
    """
    from kg.read.projection import build_projection
    from kg.sparql.lookup import NodeNotFound as Unknown
    from kg.sparql.lookup import find_entity

    def iri(name: str) -> str:
        return str(find_entity(engine, name).value)  # type: ignore[attr-defined]

    start, goal = iri(source), iri(target)
    ahead = _distances(engine, start, max_hops, forward=True, both=backwards)
    behind = _distances(engine, goal, max_hops, forward=False, both=backwards)
    keep = {n for n, d in ahead.items() if n in behind and d + behind[n] <= max_hops}
    keep |= {start, goal}
    named = []
    for name in (*via, *exclude):
        try:
            named.append(iri(name))
        except Unknown:
            continue  # a class name such as Receptor: matched against the fetched entities
    return PathGraph(build_projection(engine, only=keep, extra_nodes=named))


def fetch_neighbourhood(engine: Engine, names: Sequence[str], radius: int = 1) -> set[str]:
    """The IRIs of the named entities and of every entity within ``radius`` hops of one of them
    (along asserted edges, either way), read step by step from any engine, so a page about one
    corner of a graph larger than memory never reads the rest."""
    from kg.sparql.lookup import find_entity

    reached: set[str] = set()
    for name in names:
        origin = str(find_entity(engine, name).value)  # type: ignore[attr-defined]
        reached |= _distances(engine, origin, radius, forward=True, both=True).keys()
    return reached


def _distances(engine: Engine, origin: str, max_hops: int, *, forward: bool,
               both: bool) -> dict[str, int]:
    """Hop distances from ``origin`` along supported edges (against them when not ``forward``;
    either way when ``both``), up to ``max_hops``."""
    from kg.read.projection import BATCH, _with_values

    queries = [_STEP_FORWARD if forward else _STEP_BACKWARD]
    if both:
        queries.append(_STEP_BACKWARD if forward else _STEP_FORWARD)
    seen = {origin: 0}
    frontier = [origin]
    for hop in range(1, max_hops + 1):
        found: set[str] = set()
        for text in queries:
            for start in range(0, len(frontier), BATCH):
                chunk = frontier[start:start + BATCH]
                for row in engine.run(_with_values(text, "a", chunk)).records():
                    found.add(str(row["b"]))
        frontier = sorted(found - seen.keys())
        for node in frontier:
            seen[node] = hop
        if not frontier:
            break
    return seen
