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
from kg.path.search import Hop, PathGraph, PathResult


def hop_dict(graph: PathGraph, hop: Hop) -> dict[str, Any]:
    """One hop as plain data: ends, relation, direction, support, whether it rests only on
    inference, every claim (all declared fields) and the cited sources."""
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
        "evidence": sorted({str(c.evidence) for c in hop.supporting}),
        "inferred": hop.inferred,
        "disputed": sorted({c.disputed for c in hop.claims if c.disputed}),
        "contradicted_by": sorted({s for c in hop.claims if not c.supports for s in c.sources}),
        "claims": [as_json(c, projection.name) for c in hop.claims],
        "sources": [{"id": s, "citation": info.citation, "doi": info.doi, "pmid": info.pmid,
                     "url": info.url} if (info := projection.sources.get(s)) else {"id": s}
                    for s in sources],
    }


def as_dict(graph: PathGraph, result: PathResult) -> dict[str, Any]:
    """The result as JSON-ready data: ``{"paths": [{"score", "hops": [...]}], …}``."""
    return {
        "from": {"iri": result.source, "label": graph.label(result.source)},
        "to": {"iri": result.target, "label": graph.label(result.target)},
        "stopped_by": result.stopped_by,
        "paths": [{"score": round(p.score, 6), "inferred": any(h.inferred for h in p.hops),
                   "hops": [hop_dict(graph, h) for h in p.hops]} for p in result.paths],
    }


def claim_lines(graph: PathGraph, hop: Hop) -> list[str]:
    """Lines for each supporting claim that has a value, a qualifier beyond its species, or a
    mark: ``Ki 77.9 nM, human (binds) [obeng2021]`` and, indented below it, ``disputed value
    (…)`` or ``inferred: <why>``."""
    name = graph.projection.name
    lines = []
    for claim in sorted(hop.supporting, key=lambda c: (c.predicate, c.sources, c.id)):
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


def as_text(graph: PathGraph, result: PathResult) -> str:
    """The result for people: each path as a chain, then each hop with values and citations."""
    lines = [f"{len(result.paths)} path(s) from {graph.label(result.source)} to "
             f"{graph.label(result.target)}"
             + (f" (search stopped by {result.stopped_by})" if result.stopped_by else "")]
    name = graph.projection.name
    for number, path in enumerate(result.paths, start=1):
        chain = graph.label(path.hops[0].subject)
        for hop in path.hops:
            detail = [name("predicate", hop.relations[0]) if hop.relations else ""]
            if hop.blocks:
                detail.append("blocks")
            if hop.inferred:
                detail.append("inferred")
            enzymes = sorted({name("enzyme", c.enzyme) for c in hop.supporting if c.enzyme})
            if enzymes:
                detail.append("by " + ", ".join(enzymes))
            arrow = f" —{'; '.join(detail)}→ " if hop.forward else f" ←{'; '.join(detail)}— "
            chain += arrow + graph.label(hop.object)
        lines += ["", f"{number}. {chain}", f"   score {path.score:.4g}, {len(path.hops)} hop(s)"]
        for hop in path.hops:
            data = hop_dict(graph, hop)
            head = f"   • {data['subject']['label']} → {data['object']['label']}: " \
                   f"{data['predicate']['label']}"
            if data["also"]:
                head += f" (also: {', '.join(data['also'])})"
            lines.append(head + f" — support {hop.support:.2f}; "
                         f"evidence: {', '.join(e.replace('_', ' ') for e in data['evidence'])}"
                         + ("; inferred by the curator, not stated by a source"
                            if hop.inferred else ""))
            lines += [f"       {line}" for line in claim_lines(graph, hop)]
            if data["contradicted_by"]:
                lines.append(f"       contradicted by: {', '.join(data['contradicted_by'])}")
            for source in data["sources"]:
                info = graph.projection.sources.get(source["id"])
                cited = f"{info.citation} {info.identifier}" if info else ""
                lines.append(f"       [{source['id']}] {cited}".rstrip())
    return "\n".join(lines) + "\n"
