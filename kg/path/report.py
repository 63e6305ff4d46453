"""How a path result is shown: plain data for JSON and text for people (the stand-alone page is
:mod:`kg.path.page`, kept apart so text output does not load the page libraries).

Every claim behind a hop is shown through the claim model's formatters
(:mod:`kg.model.claim`), so a field the model declares appears here without a change: its
value in the claim's JSON, and in the text and the page through the claim's one-line summary.
An inferred hop, or a claim whose value is disputed, is marked in all three.
"""

from __future__ import annotations

from typing import Any

from kg.model.claim import as_json, details, marks, measured
from kg.model.grading import Graded
from kg.path.search import Hop, Path, PathGraph, PathResult
from kg.read.evidence import GradedRelation, graded_relations


def hop_dict(graph: PathGraph, hop: Hop) -> dict[str, Any]:
    """One hop as plain data: ends, the relation walked with its kind and evidence grade, any
    other relations between the same entities, direction, every claim (all declared fields) and
    the cited sources."""
    projection = graph.projection
    sources = sorted({s for c in hop.claims for s in c.sources})
    return {
        "subject": {"iri": hop.subject, "label": graph.label(hop.subject)},
        "predicate": {"iri": hop.relation,
                      "label": projection.relations.get(hop.relation, hop.relation)},
        "reads_as": projection.walked_as(hop.relation, forward=hop.forward),
        "kind": hop.role,
        "grade": grade_dict(hop.walked.graded, hop.score),
        "also": [{"predicate": projection.relations.get(g.relation, g.relation),
                  "kind": g.role, "grade": grade_dict(g.graded, g.score)}
                 for g in hop.relations[1:]],
        "object": {"iri": hop.object, "label": graph.label(hop.object)},
        "direction": "forward" if hop.forward else "backward",
        "blocks": hop.blocks,
        "evidence": sorted({str(c.evidence) for c in hop.supporting}),
        "inferred": hop.inferred,
        "disputed": sorted({c.disputed for c in hop.claims if c.disputed}),
        "contradicted_by": sorted({s for c in hop.claims if not c.supports for s in c.sources}),
        "claims": [as_json(c, projection.name) for c in hop.claims],
        "sources": [{"id": s, "citation": info.citation, "doi": info.doi, "pmid": info.pmid,
                     "url": info.url} if (info := projection.sources.get(s)) else {"id": s}
                    for s in sources],
    }


def grade_dict(graded: Graded, score: float) -> dict[str, Any]:
    """An evidence grade as plain data: its name, the counts behind it, the populations its
    supporting evidence comes from and the ranking score it gives."""
    return {"grade": graded.grade, "summary": graded.summary,
            "population": list(graded.population), "score": score}


def as_dict(graph: PathGraph, result: PathResult) -> dict[str, Any]:
    """The result as JSON-ready data: ``{"paths": [{"kind", "score", "hops": [...]}], …}``,
    mechanisms first."""
    return {
        "from": {"iri": result.source, "label": graph.label(result.source)},
        "to": {"iri": result.target, "label": graph.label(result.target)},
        "direct": [{"predicate": graph.projection.relations.get(g.relation, g.relation),
                    "kind": g.role, "grade": grade_dict(g.graded, g.score)}
                   for g in direct_evidence(graph, result)],
        "kinds": list(result.kinds),
        "notes": list(result.notes),
        "stopped_by": result.stopped_by,
        "paths": [{"kind": p.kind, "score": round(p.score, 6),
                   "inferred": any(h.inferred for h in p.hops),
                   "hops": [hop_dict(graph, h) for h in p.hops]} for p in result.paths],
    }


def claim_lines(graph: PathGraph, hop: Hop) -> list[str]:
    """Lines for each supporting claim that has a value, a qualifier beyond its species, or a
    mark: ``Ki 77.9 nM, human (binds) [obeng2021]`` and, indented below it, ``disputed value
    (…)`` or ``inferred: <why>``."""
    name = graph.projection.name
    lines = []
    supporting = [c for c in hop.claims if c.supports]
    for claim in sorted(supporting, key=lambda c: (c.predicate != hop.relation, c.predicate,
                                                    c.sources, c.id)):
        value = measured(claim, name)
        qualifiers = details(claim, name, short=True)
        flags = marks(claim)
        if not (value or flags or [q for q in qualifiers if q != name("species", claim.species)]):
            continue
        relation = graph.projection.relations.get(claim.predicate, claim.predicate)
        text = ", ".join(p for p in (value, *qualifiers) if p) or "no value"
        lines.append(f"{text} ({relation}) [{', '.join(claim.sources)}]")
        lines += [f"  {flag}" for flag in flags]
    return lines


def direct_evidence(graph: PathGraph, result: PathResult) -> list[GradedRelation]:
    """The graded relations the claims state between the two ends themselves, contradicted ones
    included: what the sources say of the whole question, beside the chains that explain it."""
    claims = graph.projection.edges.get((result.source, result.target), [])
    return graded_relations(graph.projection, claims) if claims else []


#: Section headings of the text output, by kind of path.
HEADINGS = {
    "composition": "Composition",
    "mechanism": "Mechanisms (every hop a mechanistic step, each graded on its own evidence)",
    "association": "Associations (at least one hop is an association: exposure and outcome "
                   "observed together, the steps between not shown)",
    "context": "Regulatory context",
}


def chain(graph: PathGraph, path: Path) -> str:
    """``mitragynine —partial agonist of [established]→ mu-type opioid receptor …``."""
    name = graph.projection.name
    text = graph.label(path.hops[0].subject)
    projection = graph.projection
    for hop in path.hops:
        inverse = not hop.forward and hop.relation in projection.inverses
        detail = [projection.walked_as(hop.relation, forward=True) if not inverse
                  else projection.walked_as(hop.relation, forward=False)]
        if hop.blocks:
            detail.append("blocks")
        enzymes = sorted({name("enzyme", c.enzyme) for c in hop.supporting if c.enzyme})
        if enzymes:
            detail.append("by " + ", ".join(enzymes))
        detail.append(f"[{hop.grade}]")
        label = "; ".join(detail[:-1]) + " " + detail[-1]
        arrow = f" —{label}→ " if hop.forward or inverse else f" ←{label}— "
        text += arrow + graph.label(hop.object)
    return text


def as_text(graph: PathGraph, result: PathResult) -> str:
    """The result for people: mechanisms first, then associations, each path as a chain with
    each hop's grade, then each hop with the counts behind its grade, values and citations."""
    lines = [f"{len(result.paths)} path(s) from {graph.label(result.source)} to "
             f"{graph.label(result.target)}"
             + (f" (search stopped by {result.stopped_by})" if result.stopped_by else "")]
    lines += [f"({note})" for note in result.notes]
    for graded in direct_evidence(graph, result):
        relation = graph.projection.relations.get(graded.relation, graded.relation)
        lines.append(f"Direct evidence: {graph.label(result.source)} {relation} "
                     f"{graph.label(result.target)} — {graded.graded.text()}")
    number = 0
    for kind in HEADINGS:
        paths = [p for p in result.paths if p.kind == kind]
        if not paths:
            if kind == "mechanism" and len(result.kinds) > 1 and \
                    not any(p.kind == "composition" for p in result.paths):
                lines += ["", "No mechanism path: the graph holds no chain of mechanistic "
                              "steps between them."]
            continue
        lines += ["", f"{HEADINGS[kind]}:"]
        for path in paths:
            number += 1
            lines += ["", f"{number}. {chain(graph, path)}",
                      f"   score {path.score:.3g}, {len(path.hops)} hop(s)"]
            for hop in path.hops:
                lines += _hop_lines(graph, hop)
    return "\n".join(lines) + "\n"


def _hop_lines(graph: PathGraph, hop: Hop) -> list[str]:
    data = hop_dict(graph, hop)
    head = (f"   • {data['subject']['label']} → {data['object']['label']}: "
            f"{data['reads_as']} — {hop.walked.graded.text()}")
    lines = [head]
    if hop.inferred:
        lines.append("       inferred by the curator, not stated by a source")
    for other in hop.relations[1:]:
        relation = graph.projection.relations.get(other.relation, other.relation)
        lines.append(f"       also {relation}: {other.graded.text()}")
    lines += [f"       {line}" for line in claim_lines(graph, hop)]
    if data["contradicted_by"]:
        lines.append(f"       contradicted by: {', '.join(data['contradicted_by'])}")
    for source in data["sources"]:
        info = graph.projection.sources.get(source["id"])
        cited = f"{info.citation} {info.identifier}" if info else ""
        lines.append(f"       [{source['id']}] {cited}".rstrip())
    return lines
