"""Path lookups: how does one entity lead to another, hop by hop, with the evidence for each hop.

Paths run over the read model (:mod:`kg.read.projection`): entities joined by the relations that
claims support, in the direction the mechanism runs (subject → object) unless backward steps are
allowed. The rules are in ``docs/grading.md``; in short:

Composition. Each relation declares its path role in the ontology (``kg:pathRole``). A
*mechanism* path uses only mechanistic steps (binds, agonist of, inhibits, metabolised to, part
of, mediates, leads to); an *association* path has at least one association (produces,
increases risk of, associated with); a *context* path ends in a regulatory action. Composition
(*found in*) may only open a path, walked from the plant to its compound, or close it, into the
plant: a compound never borrows the effects of the plant it was found in.

Ranking. Each hop is walked as its best-graded relation of the path's kind, and scores the rank
score of that grade (``kg:rankScore``: established 0.95 … contested 0.1). A path scores the
product of its hops' scores, so weaker hops and extra hops both cost. Mechanism paths are listed
first, then associations, then context, each kind best first (Yen's k-shortest-paths algorithm,
networkx ``shortest_simple_paths``, with ``-log(score)`` as edge length); ``rank="shortest"``
uses hop counts instead.

Bounded work: the search graph is first cut to the nodes that can lie on a path of at most
``max_hops`` hops, and enumeration stops at ``limit`` paths of each kind, at ``max_candidates``
examined paths or at ``timeout`` seconds, whichever comes first — and says which bound it hit.
How a result is shown (text, JSON, a page) is :mod:`kg.path.report`.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.errors import NoPath, PathError
from kg.model.claim import Claim
from kg.path import DEFAULT_MAX_HOPS
from kg.read.evidence import GradedRelation, graded_relations
from kg.read.names import NameIndex
from kg.read.projection import BLOCKING, Projection

RANKS = ("score", "shortest")
#: The kinds of path, in the order they are listed; each may use the path roles of its own and
#: every earlier kind (composition only at a path's ends).
KINDS = ("mechanism", "association", "context")
#: The kinds a path found while looking for each kind may have: a path made only of composition
#: (a compound and the plant it is found in) turns up with the mechanisms.
FOUND_WITH = {"mechanism": ("composition", "mechanism"), "association": ("association",),
              "context": ("context",)}
#: The path roles a path of each kind may use anywhere: its own and every earlier kind's
#: (composition only at a path's ends, context only at its end).
ALLOWED = {kind: frozenset(KINDS[:i + 1]) - {"context"} for i, kind in enumerate(KINDS)}
#: Which kinds ``kind="all"`` asks for.
ALL = "all"
COMPOSITION = "composition"


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path, with everything needed to cite it."""

    subject: str
    object: str
    #: False when the hop walks a claim's edge against its direction (``--backwards``, or a
    #: plant's composition walked from the plant to its compound).
    forward: bool
    #: Every relation the claims about this pair are about, graded, the one walked first.
    relations: tuple[GradedRelation, ...]
    #: Every claim about the pair (supporting and contradicting, all relations).
    claims: tuple[Claim, ...]

    @property
    def walked(self) -> GradedRelation:
        """The relation the hop is walked as."""
        return self.relations[0]

    @property
    def relation(self) -> str:
        return self.walked.relation

    @property
    def role(self) -> str:
        return self.walked.role

    @property
    def grade(self) -> str:
        return self.walked.grade

    @property
    def score(self) -> float:
        return self.walked.score

    @property
    def supporting(self) -> tuple[Claim, ...]:
        """The claims that support the walked relation."""
        return tuple(c for c in self.claims if c.supports and c.predicate == self.relation)

    @property
    def blocks(self) -> bool:
        """True when the walked relation blocks its object (antagonist, inhibitor)."""
        return self.relation in BLOCKING

    @property
    def inferred(self) -> bool:
        """True when every claim supporting the walked relation was inferred by the curator."""
        return self.grade == "inferred"


@dataclass(frozen=True, slots=True)
class Path:
    """A ranked path: its nodes, hops, kind and score."""

    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    score: float
    #: ``mechanism``, ``association``, ``context`` or ``composition`` (module docs).
    kind: str = "mechanism"


@dataclass(slots=True)
class PathResult:
    """The paths found (mechanisms first), and the bound that stopped the search early (if
    any)."""

    source: str
    target: str
    #: The graph searched (the read model and its name index), which reports format from.
    graph: PathGraph
    paths: list[Path] = field(default_factory=list)
    stopped_by: str | None = None
    #: The kinds of path that were asked for.
    kinds: tuple[str, ...] = KINDS
    #: The time limit of the search, in seconds.
    timeout: float = 10.0
    #: How a name was understood when it was not an entity's own name.
    notes: tuple[str, ...] = ()


class PathGraph:
    """The read model as a directed networkx graph, with a name index for lookups."""

    def __init__(self, projection: Projection) -> None:
        self.projection = projection
        self.graph: nx.DiGraph = projection.to_networkx()
        #: Edges of composition or context relations by object: the hops that may only open
        #: or close a path, added per lookup.
        self.ends: dict[str, list[tuple[str, str]]] = {}
        plain = _Query("", "", frozenset(), None, 0.0, False)
        for s, o, data in self.graph.edges(data=True):
            # Each edge's graded relations, and for each kind of path the relation it is
            # walked as there (absent where it has none of the kind's roles).
            data["graded"] = tuple(graded_relations(projection, projection.edges[(s, o)]))
            for kind in KINDS:
                steps = _usable(data["graded"], plain, _allowed(kind))
                if steps:
                    data[kind] = steps[0]
            if any(g.role in (COMPOSITION, "context") for g in data["graded"]):
                self.ends.setdefault(o, []).append((s, o))
        self.index = NameIndex(projection)

    def label(self, iri: str) -> str:
        return self.projection.label(iri)

    def resolve(self, name: str) -> str:
        """The entity IRI that ``name`` (identifier, label, synonym, CURIE) denotes."""
        return self.index.resolve(name)

    def match(self, name: str) -> tuple[str, str]:
        """The entity ``name`` denotes, and how it was understood (:class:`NameIndex`)."""
        return self.index.match(name)

    def resolve_set(self, name: str) -> set[str]:
        """An entity, or every entity of a class (``Receptor``, ``NeurotransmitterSystem``)."""
        return self.index.resolve_set(name)

    def grade_floor(self, grade: str) -> float:
        """The rank score of an evidence grade named on the command line."""
        scores = self.projection.grade_scores
        if grade not in scores:
            known = ", ".join(sorted(scores, key=lambda g: -scores[g]))
            raise PathError(f"unknown evidence grade '{grade}'; expected one of {known}")
        return scores[grade]


@dataclass(frozen=True, slots=True)
class _Query:
    """What one lookup allows: its ends, the entities it may not pass, the floors on claims and
    hops, and whether edges may be walked backwards."""

    start: str
    goal: str
    banned: frozenset[str]
    keep: Callable[[Claim], bool] | None
    min_score: float
    backwards: bool


def find_paths(graph: PathGraph, source: str, target: str, *,
               max_hops: int = DEFAULT_MAX_HOPS, limit: int = 5, rank: str = "score",
               kind: str = ALL, min_evidence: str | None = None, min_grade: str | None = None,
               via: Sequence[str] = (), exclude: Sequence[str] = (), backwards: bool = False,
               timeout: float = 10.0, max_candidates: int = 20_000) -> PathResult:
    """Ranked paths from ``source`` to ``target`` (names as people write them): up to ``limit``
    of each kind asked for (``mechanism``, ``association``, ``context`` or ``all``), mechanisms
    first.

    Raises :class:`NodeNotFound` for unknown names and :class:`NoPath` when nothing joins them.
    """
    if rank not in RANKS:
        raise PathError(f"unknown ranking '{rank}'; expected one of {', '.join(RANKS)}")
    if kind != ALL and kind not in KINDS:
        raise PathError(f"unknown kind of path '{kind}'; expected one of {', '.join(KINDS)} "
                        f"or {ALL}")
    if max_hops < 1 or limit < 1:
        raise PathError("max_hops and limit must be at least 1")
    (start, start_note), (goal, goal_note) = graph.match(source), graph.match(target)
    if start == goal:
        raise PathError("the two names denote the same entity")
    required = [graph.resolve_set(v) for v in via]
    banned = set().union(*(graph.resolve_set(x) for x in exclude)) if exclude else set()
    if start in banned or goal in banned:
        raise PathError("an end of the path is excluded")
    keep = _evidence_floor(graph, min_evidence) if min_evidence else None
    query = _Query(start, goal, frozenset(banned), keep,
                   graph.grade_floor(min_grade) if min_grade else 0.0, backwards)
    kinds = KINDS if kind == ALL else (kind,)
    result = PathResult(start, goal, graph, kinds=kinds, timeout=timeout,
                        notes=tuple(n for n in (start_note, goal_note) if n))
    deadline = time.monotonic() + timeout
    budget = [max_candidates, max_candidates]  # left, in all
    for current in kinds:
        if current == "context" and not _closes_with_context(graph, goal):
            continue  # only a regulatory action can make a context path: none reaches the goal
        found = _enumerate(graph, query, current, max_hops=max_hops, limit=limit, rank=rank,
                           required=required, deadline=deadline, budget=budget, result=result)
        result.paths += found
        if result.stopped_by:
            break
    if not result.paths:
        raise NoPath(_no_path_message(graph, query, max_hops, min_evidence, min_grade, kinds)
                     + ("" if not via else " passing through the --via entities")
                     + _plant_hint(graph, query, max_hops))
    return result


def _plant_hint(graph: PathGraph, query: _Query, max_hops: int) -> str:
    """When a compound has no path but a plant it is found in has one: say so, since a path of
    the plant is not a path of its compound (it would borrow the plant's effects)."""
    plants = sorted({o for s, o in graph.graph.out_edges(query.start)
                     if any(g.role == COMPOSITION
                            for g in graph.graph.edges[s, o]["graded"])} - {query.goal})
    reached = [p for p in plants
               if _search_graph(graph, _Query(p, query.goal, query.banned, query.keep,
                                              query.min_score, query.backwards),
                                "association", max_hops) is not None]
    if not reached:
        return ""
    names = " and ".join(graph.label(p) for p in reached)
    return (f". {graph.label(query.start)} is found in {names}, which has paths to "
            f"{graph.label(query.goal)}; they are not taken as paths of the compound (ask "
            f"`kg path \"{graph.label(reached[0])}\" \"{graph.label(query.goal)}\"`)")


def _closes_with_context(graph: PathGraph, goal: str) -> bool:
    """Whether a regulatory action (a context relation) points at ``goal``."""
    return any(g.role == "context" for s, o in graph.ends.get(goal, ())
               for g in graph.graph.edges[s, o]["graded"])


def _enumerate(graph: PathGraph, query: _Query, kind: str, *, max_hops: int, limit: int,
               rank: str, required: list[set[str]], deadline: float, budget: list[int],
               result: PathResult) -> list[Path]:
    """Up to ``limit`` paths of exactly ``kind``, best first."""
    sub = _search_graph(graph, query, kind, max_hops)
    start, goal = query.start, query.goal
    if sub is None:
        return []
    weight = None
    if rank == "score":
        def weight(_a: str, _b: str, data: dict[str, Any]) -> float:
            return -math.log(data["hop"].score)

    found: list[Path] = []
    for nodes in nx.shortest_simple_paths(sub, start, goal, weight=weight):
        budget[0] -= 1
        too_long = len(nodes) - 1 > max_hops
        if not too_long and all(any(n in group for n in nodes) for group in required):
            hops = tuple(sub.edges[a, b]["hop"] for a, b in itertools.pairwise(nodes))
            if (found_kind := path_kind(hops)) in FOUND_WITH[kind]:
                found.append(Path(tuple(nodes), hops, math.prod(h.score for h in hops),
                                  found_kind))
                if len(found) >= limit:
                    break
        elif too_long and rank == "shortest":
            break  # hop counts only grow from here
        if budget[0] <= 0:
            result.stopped_by = f"examined {budget[1]:,} candidate paths while looking " \
                                f"for {kind} paths"
            break
        if time.monotonic() > deadline:
            result.stopped_by = f"the {result.timeout:g} s time limit while looking for " \
                                f"{kind} paths"
            break
    key = (lambda p: (-p.score, len(p.hops), p.nodes)) if rank == "score" else \
        (lambda p: (len(p.hops), -p.score, p.nodes))
    return sorted(found, key=key)


def path_kind(hops: Sequence[Hop]) -> str:
    """The kind of a path: the latest kind (:data:`KINDS`) any of its hops' roles needs;
    composition hops do not change it, and a path of composition alone is ``composition``."""
    if all(h.role == COMPOSITION for h in hops):
        return COMPOSITION
    order = {k: i for i, k in enumerate(KINDS)}
    return KINDS[max((order.get(h.role, 0) for h in hops), default=0)]


def _search_graph(graph: PathGraph, query: _Query, kind: str,
                  max_hops: int) -> nx.DiGraph | None:
    """The hops a path of ``kind`` from the start to the goal may take, cut to the nodes that
    can lie on such a path of at most ``max_hops`` hops (None when the goal is out of reach).

    Each hop is walked as its best relation of an allowed role. Composition and context edges
    depend on the ends (composition only opens or closes a path, context only closes one), so
    they are added per lookup to a base graph of the other hops; a lookup without filters reuses
    the base graph built once per kind."""
    plain = query.keep is None and not query.min_score and not query.banned \
        and not query.backwards
    if plain:  # the read model's own graph, each edge walked as its kind's relation
        edges = graph.graph.edges
        base = nx.subgraph_view(graph.graph, filter_edge=lambda a, b: kind in edges[a, b])

        def walked(a: str, b: str) -> tuple[GradedRelation, bool]:
            return edges[a, b][kind], True
    else:
        base = _hop_graph(graph, query, kind)

        def walked(a: str, b: str) -> tuple[GradedRelation, bool]:
            return base.edges[a, b]["walk"], base.edges[a, b]["forward"]

    extra: dict[tuple[str, str], Hop] = {}
    closing = {COMPOSITION, "context"} if kind == "context" else {COMPOSITION}
    for s, o in graph.ends.get(query.goal, ()):  # composition or context into the goal
        steps = _steps(graph, query, s, o, closing)
        if steps and s not in query.banned:
            extra[(s, o)] = _hop(s, o, True, steps[0], graph, query)
    for s, o in graph.ends.get(query.start, ()):  # the start's composition, walked to the part
        steps = _steps(graph, query, s, o, {COMPOSITION})
        if steps and s not in query.banned:
            extra[(o, s)] = _hop(o, s, False, steps[0], graph, query)
    out: dict[str, list[str]] = {}
    into: dict[str, list[str]] = {}
    for a, b in extra:
        out.setdefault(a, []).append(b)
        into.setdefault(b, []).append(a)

    def reach(origin: str, forward: bool) -> dict[str, int]:
        step = base.successors if forward else base.predecessors
        added = out if forward else into
        seen = {origin: 0}
        frontier = [origin]
        for depth in range(1, max_hops + 1):
            found = []
            for node in frontier:
                following = list(step(node)) if node in base else []
                for other in (*following, *added.get(node, ())):
                    if other not in seen:
                        seen[other] = depth
                        found.append(other)
            frontier = found
        return seen

    near_start, near_goal = reach(query.start, True), reach(query.goal, False)
    keep = {n for n, d in near_start.items() if d + near_goal.get(n, max_hops + 1) <= max_hops}
    if query.goal not in keep:
        return None
    sub = nx.DiGraph()
    for a, b in base.subgraph(keep).edges:
        walk, forward = walked(a, b)
        sub.add_edge(a, b, hop=_hop(a, b, forward, walk, graph, query))
    for (a, b), hop in extra.items():
        if a in keep and b in keep:
            current = sub.edges[a, b]["hop"] if sub.has_edge(a, b) else None
            if current is None or current.score < hop.score:
                sub.add_edge(a, b, hop=hop)
    return sub


def _allowed(kind: str) -> frozenset[str]:
    """The path roles a path of ``kind`` may use anywhere (composition and context aside)."""
    return ALLOWED[kind]


def _usable(graded: Sequence[GradedRelation], query: _Query,
            roles: Set[str]) -> list[GradedRelation]:
    """The relations of ``graded`` with one of ``roles`` that a path may walk under the query's
    grade floor (never a contradicted one), best first."""
    return [g for g in graded if g.role in roles and g.score > 0
            and g.score >= query.min_score and g.graded.grade != "contradicted"]


def _graded(graph: PathGraph, query: _Query, s: str, o: str) -> tuple[GradedRelation, ...]:
    """The graded relations of the edge s → o, regraded on the claims the query keeps."""
    if query.keep is None:
        return graph.graph.edges[s, o]["graded"]  # type: ignore[no-any-return]
    return tuple(graded_relations(graph.projection, graph.projection.edges[(s, o)],
                                  keep=query.keep))


def _steps(graph: PathGraph, query: _Query, s: str, o: str,
           roles: Set[str]) -> list[GradedRelation]:
    """The usable relations of the edge s → o with one of ``roles``, best first."""
    return _usable(_graded(graph, query, s, o), query, roles)


def _hop(a: str, b: str, forward: bool, walk: GradedRelation, graph: PathGraph,
         query: _Query) -> Hop:
    """The hop a → b walked as ``walk``, the pair's other relations listed after it."""
    s, o = (a, b) if forward else (b, a)
    others = (g for g in _graded(graph, query, s, o) if g is not walk)
    return Hop(a, b, forward, (walk, *others), tuple(graph.projection.edges[(s, o)]))


def _hop_graph(graph: PathGraph, query: _Query, kind: str) -> nx.DiGraph:
    """Under the query's filters, the relation each edge of an allowed role other than
    composition and context (which depend on the ends) is walked as; walked backwards too with
    ``backwards``, where no better edge joins the two the other way."""
    allowed = _allowed(kind) - {COMPOSITION}
    search = nx.DiGraph()
    for s, o in graph.graph.edges:
        if s in query.banned or o in query.banned:
            continue
        steps = _steps(graph, query, s, o, allowed)
        if not steps:
            continue
        _add(search, s, o, steps[0], True)
        if query.backwards:
            _add(search, o, s, steps[0], False)
    return search


def _add(search: nx.DiGraph, a: str, b: str, walk: GradedRelation, forward: bool) -> None:
    """Add the step a → b unless a better one already joins them."""
    if search.has_edge(a, b) and search.edges[a, b]["walk"].score >= walk.score:
        return
    search.add_edge(a, b, walk=walk, forward=forward)


def _evidence_floor(graph: PathGraph, notation: str) -> Callable[[Claim], bool]:
    weights = graph.projection.weights
    if notation not in weights:
        known = ", ".join(sorted(weights))
        raise PathError(f"unknown evidence type '{notation}'; expected one of {known}")
    floor = weights[notation]
    return lambda claim: weights.get(claim.evidence, 0.0) >= floor


def _no_path_message(graph: PathGraph, query: _Query, max_hops: int, min_evidence: str | None,
                     min_grade: str | None, kinds: tuple[str, ...]) -> str:
    hints = [f"--max-hops {max_hops + 1}"]
    if not query.backwards:
        hints.append("--backwards")
    if min_evidence:
        hints.append("a weaker --min-evidence")
    if min_grade:
        hints.append("a weaker --min-grade")
    if kinds != KINDS:
        hints.append("--kind all")
    what = "path" if kinds == KINDS else f"{' or '.join(kinds)} path"
    return (f"no {what} from {graph.label(query.start)} to {graph.label(query.goal)} within "
            f"{max_hops} hops; try {' or '.join(hints)}")
