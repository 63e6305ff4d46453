"""Interactions of kratom with a medicine: what was shown, and what its mechanisms predict.

For one medicine the graph is read three ways, each with the grades and citations of every edge
(``docs/interactions.md``):

- **shown** — claims that kratom or one of its compounds changed the medicine's exposure
  (``increasesExposureOf``, ``decreasesExposureOf``) or, taken with it, was followed by harm
  (``interactsWith``), and the same the other way round; in people apart from in animals;
- **predicted, pharmacokinetic** — a kratom compound inhibits an enzyme or transporter that
  clears the medicine (the medicine's exposure may rise), or the medicine inhibits one that
  clears a kratom compound (the compound's exposure may rise);
- **predicted, pharmacodynamic** — a kratom compound and the medicine act on the same target
  (both activating: additive; one blocking: opposing), with the outcomes the target mediates; or
  both raise the risk of the same harm.

A prediction that a measurement in people did not bear out is shown with that measurement: the
disagreement between levels of evidence is the answer, not noise.

"Kratom" is every plant of the graph, the compounds found in it, and their metabolites.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.errors import NodeNotFound
from kg.model.claim import Claim, Evidence, as_json, details, marks, measured
from kg.read.evidence import GradedRelation, graded_relations
from kg.read.names import NameIndex
from kg.read.projection import VOCAB, Projection

#: Relations whose claims state an interaction itself.
SHOWN = tuple(VOCAB + r for r in ("increasesExposureOf", "decreasesExposureOf", "interactsWith"))
SUBSTRATE, INHIBITS = VOCAB + "substrateOf", VOCAB + "inhibits"
FOUND_IN, METABOLISED_TO = VOCAB + "foundIn", VOCAB + "metabolisedTo"
MEDIATES, RISK_OF = VOCAB + "mediates", VOCAB + "increasesRiskOf"
#: How a relation acts on its target: activating (+1), blocking (-1), binding only (0).
ACTION = {VOCAB + "agonistOf": 1, VOCAB + "partialAgonistOf": 1, VOCAB + "antagonistOf": -1,
          VOCAB + "binds": 0}
#: Kinds of evidence observed in people.
IN_PEOPLE = frozenset({Evidence.HUMAN_TRIAL, Evidence.HUMAN_OBSERVATIONAL,
                       Evidence.CASE_REPORT, Evidence.SELF_REPORT_SURVEY})
#: The classes of entity that can be asked about.
MEDICINE_CLASSES = ("Medicine", "ComparatorDrug")


@dataclass(frozen=True, slots=True)
class Step:
    """One edge of a route, read in the route's direction (``forward`` False: against the
    edge's own direction, e.g. ``CYP3A4 ←substrate of— midazolam``)."""

    subject: str
    object: str
    graded: GradedRelation
    claims: tuple[Claim, ...]
    forward: bool = True
    #: Other relations of the same kind between the same two entities, with their grades (a
    #: compound reported as partial agonist by some and antagonist by others).
    also: tuple[GradedRelation, ...] = ()

    @property
    def supporting(self) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims if c.supports and c.predicate == self.graded.relation)


@dataclass(frozen=True, slots=True)
class Finding:
    """An interaction claimed directly: one edge between a kratom entity and the medicine, with
    its grade and claims."""

    step: Step
    #: ``people`` when some supporting or contradicting claim was observed in people, else the
    #: populations of its evidence (``animals``, ``in vitro``).
    where: str


@dataclass(frozen=True, slots=True)
class Route:
    """A predicted interaction: the steps that make it, what it predicts and how strongly the
    steps are supported (the product of their grade scores)."""

    kind: str  # pharmacokinetic | pharmacodynamic
    expect: str
    steps: tuple[Step, ...]
    score: float
    #: The outcomes a shared target mediates (pharmacodynamic routes through a target).
    outcomes: tuple[Step, ...] = ()
    #: Findings in people that did not bear the prediction out.
    not_seen: tuple[Finding, ...] = ()


@dataclass
class Interactions:
    """What the graph holds on kratom with one medicine."""

    medicine: str
    projection: Projection
    shown: list[Finding] = field(default_factory=list)
    predicted: list[Route] = field(default_factory=list)
    note: str = ""

    @property
    def in_people(self) -> list[Finding]:
        return [f for f in self.shown if f.where == "people"]

    @property
    def elsewhere(self) -> list[Finding]:
        return [f for f in self.shown if f.where != "people"]

    @property
    def strength(self) -> tuple[float, float, float]:
        """How strongly the graph speaks to this medicine, for ranking medicines: the best grade
        score shown in people, then elsewhere, then the best predicted route's score."""
        def best(findings: Iterable[Finding]) -> float:
            return max((f.step.graded.score for f in findings), default=0.0)

        return (best(self.in_people), best(self.elsewhere),
                max((r.score for r in self.predicted), default=0.0))


def kratom_side(projection: Projection) -> dict[str, str]:
    """Every entity that is kratom: its plants, the compounds found in them and their
    metabolites, each with how it belongs (``found in Mitragyna speciosa``)."""
    label = projection.label
    plants = {iri for iri, n in projection.nodes.items() if "Plant" in n.types}
    side = {p: "" for p in plants}
    for claim in projection.claims:
        if claim.predicate == FOUND_IN and claim.supports and claim.object in plants:
            side.setdefault(claim.subject, f"found in {label(claim.object)}")
    frontier = [iri for iri in side if iri not in plants]
    while frontier:
        found = []
        for claim in projection.claims:
            if claim.predicate == METABOLISED_TO and claim.supports and \
                    claim.subject in frontier and claim.object not in side:
                side[claim.object] = f"metabolite of {label(claim.subject)}"
                found.append(claim.object)
        frontier = found
    return side


def medicines(projection: Projection) -> list[str]:
    """The entities that can be asked about: medicines (and comparator drugs) not of kratom."""
    side = kratom_side(projection)
    return sorted((iri for iri, n in projection.nodes.items()
                   if set(MEDICINE_CLASSES) & set(n.types) and iri not in side),
                  key=projection.label)


def resolve_medicine(projection: Projection, name: str) -> tuple[str, str]:
    """The medicine ``name`` denotes (and how it was understood); an entity that is not a
    medicine is refused with the medicines' names."""
    index = NameIndex(projection)
    iri, note = index.match(name)
    allowed = medicines(projection)
    if iri not in allowed:
        shown = ", ".join(projection.label(m) for m in allowed[:12])
        more = f" and {len(allowed) - 12} more" if len(allowed) > 12 else ""
        raise NodeNotFound(f"{projection.label(iri)} is not a medicine of the graph "
                           f"({index.kind(iri)}); medicines: {shown}{more}")
    return iri, note


class _Edges:
    """The graded relations of every pair, computed once."""

    def __init__(self, projection: Projection) -> None:
        self.projection = projection
        self.out: dict[str, list[tuple[str, str]]] = {}
        self.into: dict[str, list[tuple[str, str]]] = {}
        for s, o in projection.edges:
            self.out.setdefault(s, []).append((s, o))
            self.into.setdefault(o, []).append((s, o))
        self._graded: dict[tuple[str, str], list[GradedRelation]] = {}

    def graded(self, s: str, o: str) -> list[GradedRelation]:
        if (s, o) not in self._graded:
            self._graded[(s, o)] = graded_relations(self.projection, self.projection.edges[(s, o)])
        return self._graded[(s, o)]

    def step(self, s: str, o: str, relation: str, *, forward: bool = True) -> Step | None:
        """The step over the edge s —relation→ o, if a claim supports it."""
        for g in self.graded(s, o):
            if g.relation == relation and g.graded.grade != "contradicted":
                step = Step(s, o, g, tuple(c for c in self.projection.edges[(s, o)]
                                           if c.predicate == relation), forward)
                return step if forward else Step(o, s, g, step.claims, False)
        return None

    def steps(self, relations: Sequence[str], *, subject: str | None = None,
              object: str | None = None) -> list[Step]:
        """For each pair from ``subject`` or into ``object``, the supported step of its
        best-graded relation among ``relations``; the pair's other supported relations among
        them are kept as the step's ``also``."""
        pairs = self.out.get(subject, []) if subject is not None else self.into.get(object, [])
        found = []
        for s, o in pairs:
            usable = [g for g in self.graded(s, o)
                      if g.relation in relations and g.graded.grade != "contradicted"]
            if usable:
                best = usable[0]
                claims = tuple(c for c in self.projection.edges[(s, o)]
                               if c.predicate == best.relation)
                found.append(Step(s, o, best, claims, True, tuple(usable[1:])))
        return found


def interactions(projection: Projection, medicine: str) -> Interactions:
    """Everything the graph holds on kratom with the medicine (its IRI)."""
    side = kratom_side(projection)
    edges = _Edges(projection)
    result = Interactions(medicine, projection)
    result.shown = _shown(projection, edges, side, medicine)
    result.predicted = _pharmacokinetic(edges, side, medicine) + \
        _pharmacodynamic(edges, side, medicine)
    for route in result.predicted:
        if route.kind == "pharmacokinetic" and route.steps[-1].object == medicine:
            # kratom → … → the medicine's exposure: measured in people without effect?
            against = tuple(f for f in result.in_people
                            if f.step.graded.relation == VOCAB + "increasesExposureOf"
                            and f.step.graded.graded.grade in ("contradicted", "contested"))
            if against:
                index = result.predicted.index(route)
                result.predicted[index] = Route(route.kind, route.expect, route.steps,
                                                route.score, route.outcomes, against)
    result.predicted.sort(key=lambda r: (r.kind != "pharmacokinetic", -r.score,
                                         [s.subject for s in r.steps]))
    return result


def _shown(projection: Projection, edges: _Edges, side: dict[str, str],
           medicine: str) -> list[Finding]:
    found = []
    pairs = [(k, medicine) for k in side if (k, medicine) in projection.edges] + \
        [(medicine, k) for k in side if (medicine, k) in projection.edges]
    for s, o in pairs:
        for g in edges.graded(s, o):
            if g.relation not in SHOWN:
                continue
            claims = tuple(c for c in projection.edges[(s, o)] if c.predicate == g.relation)
            people = any(c.evidence in IN_PEOPLE for c in claims)
            where = "people" if people else (" and ".join(g.graded.population) or "reviews")
            found.append(Finding(Step(s, o, g, claims), where))
    return sorted(found, key=lambda f: (f.where != "people", -f.step.graded.score,
                                        f.step.subject, f.step.graded.relation))


def _pharmacokinetic(edges: _Edges, side: dict[str, str], medicine: str) -> list[Route]:
    """Kratom inhibits what clears the medicine, and the medicine inhibits what clears kratom."""
    label = edges.projection.label
    routes = []
    for cleared in edges.steps([SUBSTRATE], subject=medicine):
        enzyme = cleared.object
        for inhibition in edges.steps([INHIBITS], object=enzyme):
            if inhibition.subject in side:
                back = Step(enzyme, medicine, cleared.graded, cleared.claims, False)
                routes.append(Route(
                    "pharmacokinetic",
                    f"{label(medicine)} exposure may rise: {label(inhibition.subject)} inhibits "
                    f"{label(enzyme)}, which clears {label(medicine)}",
                    (inhibition, back), inhibition.graded.score * cleared.graded.score))
    for inhibition in edges.steps([INHIBITS], subject=medicine):
        enzyme = inhibition.object
        for cleared in edges.steps([SUBSTRATE], object=enzyme):
            if cleared.subject in side:
                back = Step(enzyme, cleared.subject, cleared.graded, cleared.claims, False)
                routes.append(Route(
                    "pharmacokinetic",
                    f"{label(cleared.subject)} exposure may rise: {label(medicine)} inhibits "
                    f"{label(enzyme)}, which clears {label(cleared.subject)}",
                    (inhibition, back), inhibition.graded.score * cleared.graded.score))
    return routes


def _pharmacodynamic(edges: _Edges, side: dict[str, str], medicine: str) -> list[Route]:
    """Kratom and the medicine at the same target, or raising the same harm."""
    label = edges.projection.label
    routes = []
    for mine in edges.steps(list(ACTION), subject=medicine):
        target = mine.object
        outcomes = tuple(edges.steps([MEDIATES], subject=target))
        for theirs in edges.steps(list(ACTION), object=target):
            if theirs.subject not in side:
                continue
            a, b = ACTION[theirs.graded.relation], ACTION[mine.graded.relation]
            if a and b:
                how = "additive" if a == b else "opposing"
                expect = (f"{how} effects at {label(target)}: {label(theirs.subject)} "
                          f"{'activates' if a > 0 else 'blocks'} it, {label(medicine)} "
                          f"{'activates' if b > 0 else 'blocks'} it")
            else:
                expect = f"both act at {label(target)} (the direction of one is not known)"
            back = Step(target, medicine, mine.graded, mine.claims, False, mine.also)
            routes.append(Route("pharmacodynamic", expect, (theirs, back),
                                theirs.graded.score * mine.graded.score, outcomes))
    for harm in edges.steps([RISK_OF], subject=medicine):
        risk = harm.object
        for theirs in edges.steps([RISK_OF], object=risk):
            if theirs.subject in side:
                back = Step(risk, medicine, harm.graded, harm.claims, False)
                routes.append(Route(
                    "pharmacodynamic",
                    f"both raise the risk of {label(risk)}: {label(theirs.subject)} and "
                    f"{label(medicine)}", (theirs, back),
                    theirs.graded.score * harm.graded.score))
    return routes


def ranked_medicines(projection: Projection) -> list[Interactions]:
    """Every medicine with what the graph holds on it, most strongly supported first: shown in
    people, then shown elsewhere, then predicted (medicines with nothing are left out)."""
    found = [interactions(projection, m) for m in medicines(projection)]
    found = [r for r in found if r.shown or r.predicted]
    return sorted(found, key=lambda r: (tuple(-x for x in r.strength),
                                        projection.label(r.medicine)))


# ------------------------------------------------------------------------------------ reports


def step_dict(projection: Projection, step: Step) -> dict[str, Any]:
    """One step as plain data: its ends, the relation as read in the route's direction, its
    grade and the claims behind it (every declared field) with their sources."""
    relation = step.graded.relation
    sources = sorted({s for c in step.claims for s in c.sources})
    return {
        "subject": {"iri": step.subject, "label": projection.label(step.subject)},
        "predicate": {"iri": relation, "label": projection.relations.get(relation, relation)},
        "reads_as": projection.walked_as(relation, forward=step.forward),
        "object": {"iri": step.object, "label": projection.label(step.object)},
        "grade": {"grade": step.graded.grade, "summary": step.graded.graded.summary,
                  "population": list(step.graded.graded.population),
                  "score": step.graded.score},
        "also": [{"predicate": projection.relations.get(g.relation, g.relation),
                  "grade": g.grade, "summary": g.graded.summary} for g in step.also],
        "claims": [as_json(c, projection.name) for c in step.claims],
        "sources": [_source(projection, s) for s in sources],
    }


def as_dict(result: Interactions) -> dict[str, Any]:
    """The interactions of one medicine as JSON-ready data."""
    p = result.projection

    def route(r: Route) -> dict[str, Any]:
        return {"kind": r.kind, "expect": r.expect, "score": round(r.score, 6),
                "steps": [step_dict(p, s) for s in r.steps],
                "outcomes": [step_dict(p, s) for s in r.outcomes],
                "not_seen_in_people": [step_dict(p, f.step) for f in r.not_seen]}

    return {
        "medicine": {"iri": result.medicine, "label": p.label(result.medicine)},
        "note": result.note,
        "shown_in_people": [step_dict(p, f.step) for f in result.in_people],
        "shown_elsewhere": [{**step_dict(p, f.step), "where": f.where} for f in result.elsewhere],
        "predicted": [route(r) for r in result.predicted],
    }


def as_text(result: Interactions, *, limit: int | None = None) -> str:
    """The interactions of one medicine for people: shown in people, shown elsewhere, then the
    predicted routes (the best ``limit`` of each kind; all without it), each edge with its
    grade, values and citations."""
    p = result.projection
    name = p.label(result.medicine)
    lines = [f"Kratom and {name}"]
    if result.note:
        lines.append(f"({result.note})")
    cited: set[str] = set()
    sections = (("Shown in people", result.in_people),
                ("Shown in animals or in vitro", result.elsewhere))
    for title, findings in sections:
        lines += ["", f"{title}:"]
        if not findings:
            lines.append("  none in the graph")
        for finding in findings:
            lines += _step_lines(p, finding.step, "  • ", cited)
    for kind in ("pharmacokinetic", "pharmacodynamic"):
        routes = [r for r in result.predicted if r.kind == kind]
        lines += ["", f"Predicted from mechanism, {kind}:"]
        if not routes:
            lines.append("  no route in the graph")
        for number, route in enumerate(routes[:limit], start=1):
            lines.append(f"  {number}. {route.expect} (score {route.score:.3g})")
            lines.append(f"     {_chain(p, route.steps)}")
            for step in route.steps:
                lines += _step_lines(p, step, "     • ", cited)
            if route.outcomes:
                outcomes = ", ".join(f"{p.label(s.object)} [{s.graded.grade}]"
                                     for s in route.outcomes)
                lines.append(f"     {p.label(route.steps[0].object)} mediates: {outcomes}")
            for finding in route.not_seen:
                lines.append("     not seen in people: " + _finding_text(p, finding.step))
        if limit is not None and len(routes) > limit:
            lines.append(f"  … and {len(routes) - limit} more {kind} route(s), weaker or "
                         "equal (--limit to show more)")
    if cited:
        lines += ["", "Sources:"]
        lines += [f"  [{s}] {info.citation} {info.identifier}".rstrip()
                  if (info := p.sources.get(s)) else f"  [{s}]" for s in sorted(cited)]
    return "\n".join(lines) + "\n"


def ranking_dict(results: Sequence[Interactions]) -> dict[str, Any]:
    """Medicines ranked by what the graph holds on them, as JSON-ready data."""
    return {"medicines": [ranking_row(r) for r in results]}


def ranking_text(results: Sequence[Interactions]) -> str:
    """Medicines ranked by what the graph holds on them: the strongest evidence first."""
    lines = [f"{len(results)} medicine(s) with interaction evidence or a predicted route, "
             "strongest evidence first", ""]
    for row in (ranking_row(r) for r in results):
        lines.append(f"{row['medicine']}: {row['summary']}")
    return "\n".join(lines) + "\n"


def ranking_row(result: Interactions) -> dict[str, Any]:
    """One medicine's line in the ranking: its counts and a summary in words."""
    p = result.projection
    def said(finding: Finding) -> str:
        """``Mitragyna speciosa increases exposure of`` (or ``… of it`` for the medicine's own
        effect on a kratom compound)."""
        step = finding.step
        relation = p.relations.get(step.graded.relation, "")
        if step.object == result.medicine:
            return f"{p.label(step.subject)} {relation}"
        return f"{relation} {p.label(step.object)}"

    people = [f"{said(f)} [{f.step.graded.grade}]" for f in result.in_people]
    elsewhere = [f"{said(f)} [{f.step.graded.grade}, {f.where}]" for f in result.elsewhere]
    kinds = {k: sum(1 for r in result.predicted if r.kind == k)
             for k in ("pharmacokinetic", "pharmacodynamic")}
    parts = []
    if people:
        parts.append("shown in people: " + "; ".join(people))
    if elsewhere:
        parts.append("shown elsewhere: " + "; ".join(elsewhere))
    predicted = [f"{n} {k}" for k, n in kinds.items() if n]
    if predicted:
        parts.append("predicted: " + ", ".join(predicted) + " route(s)")
    return {"medicine": p.label(result.medicine), "iri": result.medicine,
            "strength": [round(x, 6) for x in result.strength], "summary": " — ".join(parts),
            "shown_in_people": len(result.in_people), "shown_elsewhere": len(result.elsewhere),
            "predicted": kinds}


def _chain(p: Projection, steps: Sequence[Step]) -> str:
    text = p.label(steps[0].subject)
    for step in steps:
        relation = p.relations.get(step.graded.relation, step.graded.relation)
        arrow = f" —{relation} [{step.graded.grade}]→ " if step.forward else \
            f" ←{relation} [{step.graded.grade}]— "
        text += arrow + p.label(step.object)
    return text


def _finding_text(p: Projection, step: Step) -> str:
    relation = p.relations.get(step.graded.relation, step.graded.relation)
    values = [measured(c, p.name) for c in step.claims if c.value is not None]
    text = (f"{p.label(step.subject)} {relation} {p.label(step.object)} — "
            f"{step.graded.graded.text()}")
    return text + (f"; {'; '.join(values)}" if values else "")


def _step_lines(p: Projection, step: Step, lead: str, cited: set[str]) -> list[str]:
    """A step's head (ends, relation, grade) and, indented, each claim with a value, qualifiers
    or marks, and its sources."""
    if step.forward:
        head = (f"{p.label(step.subject)} → {p.label(step.object)}: "
                f"{p.relations.get(step.graded.relation, '')}")
    else:
        head = (f"{p.label(step.object)} → {p.label(step.subject)}: "
                f"{p.relations.get(step.graded.relation, '')}")
    lines = [f"{lead}{head} — {step.graded.graded.text()}"]
    pad = " " * len(lead) + "  "
    for other in step.also:
        lines.append(f"{pad}also {p.relations.get(other.relation, '')}: {other.graded.text()}")
    for claim in sorted(step.claims, key=lambda c: (not c.supports, c.sources, c.id)):
        parts = [measured(claim, p.name), *details(claim, p.name, short=True)]
        text = ", ".join(x for x in parts if x)
        stance = "" if claim.supports else "against: "
        lines.append(f"{pad}{stance}{text or claim.evidence.replace('_', ' ')} "
                     f"[{', '.join(claim.sources)}]")
        lines += [f"{pad}  {mark}" for mark in marks(claim)]
        cited.update(claim.sources)
    return lines


def _source(p: Projection, sid: str) -> dict[str, str]:
    info = p.sources.get(sid)
    if info is None:
        return {"id": sid}
    return {"id": sid, "citation": info.citation, "doi": info.doi, "pmid": info.pmid,
            "url": info.url}
