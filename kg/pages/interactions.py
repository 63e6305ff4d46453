"""Interactions of kratom with a medicine as HTML: the routes drawn left to right (kratom's
compounds, the enzymes and targets they share with the medicine, the medicine, the outcomes), and
tables of what was shown and what is predicted, each edge with its grade, values and citations.
Used for the stand-alone page of ``kg interactions DRUG --format html`` and on the site, where a
medicine's entity page carries the same section and ``interactions.html`` ranks the medicines."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kg.model.claim import details, marks, measured
from kg.pages import network as pages
from kg.pages.network import Subgraphs, View, esc, source_href
from kg.pages.style import GraphStyle
from kg.read.interactions import Finding, Interactions, Route, Step
from kg.read.projection import Projection

#: How an entity is linked: its page's address, or None for plain text.
Linker = Callable[[str], str | None]


def interactions_view(result: Interactions) -> View:
    """Kratom's entities, then the enzymes and targets, then the medicine, then the outcomes."""
    p = result.projection
    medicine = result.medicine
    kratom: list[str] = []
    middle: list[str] = []
    after: list[str] = []
    pairs: set[tuple[str, str]] = set()

    def edge(step: Step) -> None:
        pairs.add((step.subject, step.object) if step.forward else (step.object, step.subject))

    for finding in result.shown:
        edge(finding.step)
        kratom.append(finding.step.subject if finding.step.object == medicine
                      else finding.step.object)
    for route in result.predicted:
        first, last = route.steps[0], route.steps[-1]
        kratom.append(first.subject if first.subject != medicine else last.object)
        middle.append(first.object)
        for step in route.steps:
            edge(step)
        for outcome in route.outcomes:
            edge(outcome)
            after.append(outcome.object)
    kratom = [k for k in kratom if k != medicine]
    layers = [kratom, [m for m in middle if m != medicine], [medicine], after]
    return Subgraphs(p).layered([layer for layer in layers if layer], pairs,
                                highlight={medicine})


def interactions_html(result: Interactions, link: Linker = lambda _iri: None) -> str:
    """The shown and predicted interactions as HTML sections (trusted: every text escaped)."""
    p = result.projection
    name = esc(p.label(result.medicine))
    parts = []
    if result.note:
        parts.append(f'<p class="kg-note">{esc(result.note)}</p>')
    for title, findings, kind in (("Shown in people", result.in_people, "people"),
                                  ("Shown in animals or in vitro", result.elsewhere, "elsewhere")):
        parts.append(f'<h2 data-section="{kind}">{title}</h2>')
        if findings:
            parts.append(_table(p, [f.step for f in findings], link))
        else:
            parts.append(f"<p>None in the graph for kratom with {name}.</p>")
    for kind in ("pharmacokinetic", "pharmacodynamic"):
        routes = [r for r in result.predicted if r.kind == kind]
        parts.append(f'<h2 data-section="{kind}">Predicted from mechanism, {kind}</h2>')
        if not routes:
            parts.append("<p>No route in the graph.</p>")
        for number, route in enumerate(routes, start=1):
            parts.append(_route_html(p, route, number, link))
    return "".join(parts)


def _route_html(p: Projection, route: Route, number: int, link: Linker) -> str:
    html = (f'<h3 class="kg-route">{number}. {esc(route.expect)}</h3>'
            f"<p>score {route.score:.3g}</p>{_table(p, list(route.steps), link)}")
    if route.outcomes:
        outcomes = ", ".join(f"{_entity(p, s.object, link)} [{esc(s.graded.grade)}]"
                             for s in route.outcomes)
        html += f"<p>{_entity(p, route.steps[0].object, link)} mediates: {outcomes}</p>"
    for finding in route.not_seen:
        html += (f'<p class="kg-not-seen">Not seen in people: '
                 f"{esc(_finding_words(p, finding))}</p>")
    return html


def _finding_words(p: Projection, finding: Finding) -> str:
    step = finding.step
    values = "; ".join(measured(c, p.name) for c in step.claims if c.value is not None)
    relation = p.relations.get(step.graded.relation, "")
    return (f"{p.label(step.subject)} {relation} {p.label(step.object)} — "
            f"{step.graded.graded.text()}" + (f"; {values}" if values else ""))


def _table(p: Projection, steps: Sequence[Step], link: Linker) -> str:
    rows = []
    for step in steps:
        s, o = (step.subject, step.object) if step.forward else (step.object, step.subject)
        claims = "<br>".join(
            esc(("against: " if not c.supports else "")
                + ", ".join(x for x in (measured(c, p.name), *details(c, p.name, short=True))
                            if x)
                + "".join(f" ({m})" for m in marks(c)))
            for c in sorted(step.claims, key=lambda c: (not c.supports, c.sources, c.id)))
        sources = sorted({sid for c in step.claims for sid in c.sources})
        cites = "<br>".join(_cite(p, sid) for sid in sources)
        rows.append(f'<tr class="kg-grade-{esc(step.graded.grade)}"><td>{_entity(p, s, link)}</td>'
                    f"<td>{esc(p.relations.get(step.graded.relation, ''))}</td>"
                    f"<td>{_entity(p, o, link)}</td>"
                    f"<td>{esc(step.graded.graded.text())}</td><td>{claims}</td>"
                    f"<td>{cites}</td></tr>")
    return ('<table class="kg-table"><tr><th>From</th><th>Relation</th><th>To</th>'
            "<th>Evidence grade</th><th>Claims</th><th>Sources</th></tr>"
            + "".join(rows) + "</table>")


def _entity(p: Projection, iri: str, link: Linker) -> str:
    href = link(iri)
    text = esc(p.label(iri))
    return f'<a href="{esc(href)}">{text}</a>' if href else text


def _cite(p: Projection, sid: str) -> str:
    info = p.sources.get(sid)
    if info is None:
        return esc(sid)
    href = source_href(info)
    return f'<a href="{esc(href)}">{esc(info.citation)}</a>' if href else esc(info.citation)


def interactions_page(result: Interactions, style: GraphStyle) -> str:
    """A stand-alone page (scripts inlined) of kratom with one medicine."""
    p = result.projection
    title = f"Kratom and {p.label(result.medicine)}"
    net = pages.network(p, interactions_view(result), style, title=title)
    return pages.page_html(net, title=title, body=interactions_html(result), assets=None)
