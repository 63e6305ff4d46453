"""``kg render``: the static site of graph pages, written whole and atomically.

It reads everything from a query engine over the built graph (local store or remote endpoint): the
projection (entities, claims, sources), the checked statements of the seed article, and the results
of the catalogue questions that declare a ``graph``. Pages:

- ``index.html``: what the graph holds, counts by class, the overview graph with its legend, and a
  link to every page;
- ``graph.html``: the whole graph on a full-size canvas;
- ``entities/ID.html``: an entity's neighbourhood, identifiers, synonyms, and every claim about it
  with evidence type, values and linked citations;
- ``questions/NAME.html``: a catalogue question's answer drawn as a graph, with its table;
- ``seed-article.html``: the seed article's statements with their verdicts and backing claims;
- ``assets/``: vis-network and the page script and style, shipped once; nothing is fetched.

The same input gives byte-identical pages (sorted data, positions computed from a fixed seed).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.atomic import replace_folder
from kg.errors import NotFound
from kg.model.claim import FIELDS, Claim, Show, details, marks, measured
from kg.model.prefixes import XREF_PREFIXES
from kg.pages import network as pages
from kg.pages.interactions import interactions_html
from kg.pages.network import Subgraphs, View, esc, safe_url, source_href
from kg.pages.style import GraphStyle
from kg.read.interactions import interactions, medicines, ranking_row
from kg.read.projection import Node, Projection, build_projection, local_name
from kg.sparql.ask import ask
from kg.sparql.engine import Engine
from kg.sparql.questions import CatalogueQuery, packaged_query

#: Left-to-right order of classes on entity pages: the way mechanisms run.
FLOW = ("Plant", "Compound", "MolecularTarget", "NeurotransmitterSystem", "Effect", "Risk",
        "Jurisdiction")
#: The columns of a claims table: the edge, the grade of all its claims together, and the claim's
#: provenance, then one column per way the claim model shows a field (the measured value, the
#: qualifiers, the marks, where and the note).
_SHOWN_AS = {Show.MEASUREMENT: ("Value",), Show.DETAIL: ("Details",), Show.MARK: ("Flags",),
             Show.TEXT: ("Where", "Note")}
CLAIM_COLUMNS: tuple[str, ...] = (
    "Subject", "Relation", "Object", "Edge grade", "Stance", "Evidence",
    *dict.fromkeys(c for f in FIELDS if f.show in _SHOWN_AS for c in _SHOWN_AS[f.show]),
    "Sources")
#: File written into every rendered site; ``kg render`` only replaces folders that carry it.
MARKER = ".kg-render"


@dataclass(frozen=True, slots=True)
class CheckedStatement:
    """A statement of the seed article with its verdict and the claims behind it."""

    id: str
    statement: str
    topic: str
    verdict: str
    location: str
    note: str
    document: str
    claims: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuestionAnswer:
    """A catalogue question run with its example parameters."""

    query: CatalogueQuery
    params: Mapping[str, str]
    columns: tuple[str, ...]
    rows: list[dict[str, str]]


@dataclass(slots=True)
class SiteContent:
    """Everything the site is made from."""

    projection: Projection
    checks: list[CheckedStatement] = field(default_factory=list)
    answers: list[QuestionAnswer] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: What part of the graph the site shows, when not all of it (e.g. "within 1 hop of …").
    scope: str = ""


@dataclass(frozen=True, slots=True)
class RenderResult:
    """What ``kg render`` wrote."""

    out: Path
    pages: int
    entities: int
    questions: int
    bytes: int
    skipped: tuple[str, ...] = ()


# ------------------------------------------------------------------------------------ reading


def read_content(engine: Engine, catalogue: Mapping[str, CatalogueQuery], *,
                 only: set[str] | None = None) -> SiteContent:
    """Read the projection, checked statements and graph questions from ``engine``; with ``only``
    (entity IRIs), just those entities and the claims among them, without the whole-graph
    questions and the seed article (so nothing else of a large graph is read)."""
    content = SiteContent(build_projection(engine, only=only))
    if only is not None:
        return content
    grouped: dict[str, dict[str, Any]] = {}
    for row in engine.run(packaged_query("render-checks")).records():
        entry = grouped.setdefault(str(row["id"]), {"row": row, "claims": []})
        if row["claim"]:
            entry["claims"].append(str(row["claim"]))
    for key, entry in grouped.items():
        row = entry["row"]
        content.checks.append(CheckedStatement(
            id=key, statement=str(row["statement"]), topic=str(row["topic"]),
            verdict=str(row["verdict"]), location=str(row["location"] or ""),
            note=str(row["note"] or ""), document=str(row["document"] or ""),
            claims=tuple(sorted(set(entry["claims"])))))
    for query in catalogue.values():
        if not query.graph:
            continue
        params = query.example_args
        try:
            result = ask(engine, question=query, params=params)
        except NotFound:  # an example that names nothing in this graph: no page, said in the result
            content.skipped.append(query.name)
            continue
        rows = [{k: "" if v is None else str(v) for k, v in r.items()} for r in result.records()]
        content.answers.append(QuestionAnswer(query, params, tuple(result.variables), rows))
    return content


# ------------------------------------------------------------------------------------ site


class Site:
    """Builds every page of the site in memory (relative path → bytes)."""

    def __init__(self, content: SiteContent, style: GraphStyle) -> None:
        self.content = content
        self.projection = content.projection
        self.style = style
        self.views = Subgraphs(self.projection)
        self.files = _entity_files(self.projection.nodes)
        self.labels: dict[str, set[str]] = defaultdict(set)
        for iri, node in self.projection.nodes.items():
            self.labels[node.label].add(iri)
        self.claims_by_id = {c.id: c for c in self.projection.claims}
        #: What the graph holds on kratom with each medicine, for their pages and the index.
        self.interactions = {m: interactions(self.projection, m)
                             for m in medicines(self.projection)}

    # -- helpers ----------------------------------------------------------------------------

    def label(self, iri: str) -> str:
        return self.projection.label(iri)

    def entity_link(self, iri: str, root: str) -> str:
        if iri not in self.files:
            return esc(self.label(iri))
        return f'<a href="{esc(root + self.files[iri])}">{esc(self.label(iri))}</a>'

    def nav(self, root: str) -> list[tuple[str, str]]:
        items = [("Overview", f"{root}index.html"), ("Whole graph", f"{root}graph.html")]
        if self.interactions:
            items.append(("Interactions", f"{root}interactions.html"))
        if self.content.checks:
            items.append(("Seed article checked", f"{root}seed-article.html"))
        return items

    def network(self, view: View, root: str, title: str) -> pages.KGNetwork:
        return pages.network(self.projection, view, self.style, title=title,
                             page_of=lambda iri: root + self.files[iri] if iri in self.files
                             else None)

    def primary_class(self, iri: str) -> str:
        return self.style.class_of(self.projection.nodes[iri].types).label

    def sources_cell(self, claim: Claim) -> str:
        out = []
        for sid in claim.sources:
            source = self.projection.sources.get(sid)
            if source is None:
                out.append(esc(sid))
                continue
            href = source_href(source)
            text, title = esc(source.citation), esc(source.title)
            out.append(f'<a href="{esc(href)}" title="{title}">{text}</a>' if href else
                       f'<span title="{title}">{text}</span>')
        return "<br>".join(out)

    def claim_cells(self, claim: Claim, root: str) -> dict[str, str]:
        """The HTML cell of each column of :data:`CLAIM_COLUMNS` for one claim."""
        name = self.projection.name
        return {
            "Subject": self.entity_link(claim.subject, root),
            "Relation": esc(self.projection.relations.get(claim.predicate, "")),
            "Object": self.entity_link(claim.object, root),
            "Edge grade": esc(self.projection.grades[
                (claim.subject, claim.predicate, claim.object)].text()),
            "Stance": esc(claim.stance),
            "Evidence": esc(str(claim.evidence).replace("_", " ")),
            "Value": esc(measured(claim, name)),
            "Details": esc(", ".join(details(claim, name))),
            "Flags": "<br>".join(f'<span class="kg-mark">{esc(m)}</span>' for m in marks(claim)),
            "Sources": self.sources_cell(claim),
            "Where": esc(claim.location),
            "Note": esc(claim.note),
        }

    def claims_table(self, claims: Sequence[Claim], root: str) -> str:
        head = "".join(f"<th>{c}</th>" for c in CLAIM_COLUMNS)
        rows = []
        ordered = sorted(claims, key=lambda c: (
            self.projection.relations.get(c.predicate, ""), self.label(c.subject),
            self.label(c.object), c.stance, c.sources, c.id))
        for claim in ordered:
            cells = self.claim_cells(claim, root)
            flag = ' class="kg-inferred"' if claim.inferred else ""
            rows.append(f'<tr data-claim="{esc(claim.id)}"{flag}>'
                        + "".join(f"<td>{cells[c]}</td>" for c in CLAIM_COLUMNS) + "</tr>")
        return f'<table class="kg-table"><tr>{head}</tr>{"".join(rows)}</table>'

    # -- pages ------------------------------------------------------------------------------

    def render(self) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for name in (pages.VIS_JS, pages.VIS_CSS, pages.PAGE_JS, pages.PAGE_CSS):
            out[f"assets/{name}"] = pages.asset_text(name).encode("utf-8")
        out["index.html"] = self.index_page()
        out["graph.html"] = self.graph_page()
        for iri, path in self.files.items():
            out[path] = self.entity_page(iri)
        for answer in self.content.answers:
            out[f"questions/{answer.query.name}.html"] = self.question_page(answer)
        if self.content.checks:
            out["seed-article.html"] = self.checks_page()
        if self.interactions:
            out["interactions.html"] = self.interactions_index()
        return out

    def interactions_index(self) -> bytes:
        """The medicines ranked by what the graph holds on their use with kratom, strongest
        evidence first, each linked to its page."""
        ranked = sorted(self.interactions.values(),
                        key=lambda r: (tuple(-x for x in r.strength), self.label(r.medicine)))
        rows = []
        for result in ranked:
            row = ranking_row(result)
            rows.append(f"<tr><td>{self.entity_link(result.medicine, '')}</td>"
                        f"<td>{row['shown_in_people']}</td><td>{row['shown_elsewhere']}</td>"
                        f"<td>{row['predicted']['pharmacokinetic']}</td>"
                        f"<td>{row['predicted']['pharmacodynamic']}</td>"
                        f"<td>{esc(row['summary'] or 'nothing in the graph')}</td></tr>")
        intro = ('<p class="kg-lead">Medicines and what the graph holds on taking them with kratom, '
                 "strongest evidence first: interactions shown in people, then in animals or in "
                 "vitro, then routes predicted from mechanism (a kratom compound inhibits what "
                 "clears the medicine, or acts where the medicine acts). Each medicine's page "
                 "gives every route hop by hop with its grade and citations.</p>")
        body = ('<table class="kg-table" id="kg-interactions"><tr><th>Medicine</th>'
                "<th>Shown in people</th><th>Shown elsewhere</th><th>Predicted, "
                "pharmacokinetic</th><th>Predicted, pharmacodynamic</th><th>Summary</th></tr>"
                + "".join(rows) + "</table>")
        # the interactions claimed directly, kratom's side on the left, the medicines right
        steps = [(r.medicine, f.step) for r in ranked for f in r.shown]
        pairs = [(s.subject, s.object) for _, s in steps]
        kratom = [s.subject if s.object == medicine else s.object for medicine, s in steps]
        view = self.views.layered([kratom, [r.medicine for r in ranked]], pairs)
        net = self.network(view, "", "Kratom with medicines")
        return pages.page_html(net, title="Kratom with medicines", body=body, assets="assets",
                               nav=self.nav(""), intro=intro).encode("utf-8")

    def index_page(self) -> bytes:
        projection = self.projection
        by_class: dict[str, list[str]] = defaultdict(list)
        for iri in projection.nodes:
            by_class[self.primary_class(iri)].append(iri)
        order = [c.label for c in self.style.classes]
        counts = "".join(f"<li><b>{len(by_class[c])}</b> {esc(c)}</li>" for c in order
                         if by_class.get(c))
        evidence = Counter(str(c.evidence) for c in projection.claims)
        stats = (f'<ul class="kg-counts"><li><b>{len(projection.nodes)}</b> entities</li>'
                 f"<li><b>{len(projection.claims)}</b> sourced claims</li>"
                 f"<li><b>{len(projection.sources)}</b> sources</li>{counts}</ul>")
        evidence_list = ", ".join(f"{esc(e.replace('_', ' '))} {n}" for e, n in
                                  sorted(evidence.items(), key=lambda i: (-i[1], i[0])))
        sections = []
        for cls in order:
            members = sorted(by_class.get(cls, []), key=lambda i: self.label(i).casefold())
            if not members:
                continue
            items = "".join(f"<li>{self.entity_link(i, '')}</li>" for i in members)
            sections.append(f"<section><h3>{esc(cls)} ({len(members)})</h3><ul>{items}</ul></section>")
        questions = "".join(
            f'<li><a href="questions/{esc(a.query.name)}.html">{esc(a.query.name)}</a>: '
            f"{esc(a.query.summary)}</li>" for a in self.content.answers)
        checks = ""
        if self.content.checks:
            verdicts = Counter(c.verdict for c in self.content.checks)
            summary = ", ".join(f"{n} {esc(v.replace('_', ' '))}" for v, n in sorted(verdicts.items()))
            checks = (f'<h2>The seed article, checked</h2><p><a href="seed-article.html">'
                      f"{len(self.content.checks)} statements of the popular article</a> with a "
                      f"verdict each ({summary}), backed by the graph's sourced claims.</p>")
        intro = (f'<p class="kg-lead">An open, fully sourced knowledge graph of kratom '
                 f"(<i>Mitragyna speciosa</i>) pharmacology: every edge carries the publications "
                 f"behind it and the kind of evidence. Claims by evidence type: {evidence_list}.</p>"
                 f"{stats}")
        if self.content.scope:
            intro += (f'<p class="kg-scope">This site shows part of the graph: '
                      f"{esc(self.content.scope)}.</p>")
        listed = (f"<h2>Questions drawn as graphs</h2><ul>{questions}</ul>" if questions else "")
        body = (f"{checks}{listed}"
                f'<h2>Every entity</h2><div class="kg-columns">{"".join(sections)}</div>')
        net = self.network(self.views.whole(), "", "Overview")
        return pages.page_html(net, title="Kratom pharmacology knowledge graph", body=body,
                               assets="assets", nav=self.nav(""), intro=intro).encode("utf-8")

    def graph_page(self) -> bytes:
        net = self.network(self.views.whole(), "", "Whole graph")
        intro = ('<p class="kg-lead">Every entity and every sourced edge. Use the legend to hide '
                 "classes, relations or kinds of evidence.</p>")
        return pages.page_html(net, title="The whole graph", assets="assets", nav=self.nav(""),
                               tall=True, intro=intro).encode("utf-8")

    def entity_page(self, iri: str) -> bytes:
        root = "../"
        node = self.projection.nodes[iri]
        facts = [("identifier", esc(local_name(iri))), ("class", esc(self.primary_class(iri)))]
        if node.synonyms:
            facts.append(("also called", esc(", ".join(node.synonyms))))
        facts += _identifier_facts(node)
        if node.description:
            facts.append(("description", esc(node.description)))
        facts_html = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
        claims = [c for c in self.projection.claims if iri in (c.subject, c.object)]
        sources = sorted({s for c in claims for s in c.sources})
        source_items = []
        for sid in sources:
            source = self.projection.sources.get(sid)
            href = source_href(source) if source else ""
            text = f"{source.citation}. {source.title}" if source else sid
            link = f'<a href="{esc(href)}">{esc(href)}</a>' if href else ""
            source_items.append(f"<li>{esc(text)} {link}</li>")
        body = (f"<h2>Claims ({len(claims)})</h2>{self.claims_table(claims, root)}"
                f"<h2>Sources ({len(sources)})</h2><ol>{''.join(source_items)}</ol>")
        if iri in self.interactions:
            body = ('<section class="kg-interactions"><h2>With kratom</h2>'
                    + interactions_html(self.interactions[iri],
                                        lambda i: root + self.files[i] if i in self.files
                                        else None)
                    + "</section>" + body)
        view = self.views.around(iri, FLOW)
        net = self.network(view, root, self.label(iri))
        intro = f'<dl class="kg-facts">{facts_html}</dl>'
        if self.content.scope:
            intro += (f'<p class="kg-scope">Only claims among the entities of this partial site '
                      f"({esc(self.content.scope)}) are shown.</p>")
        return pages.page_html(net, title=self.label(iri), body=body, assets="../assets",
                               nav=self.nav(root), intro=intro).encode("utf-8")

    def question_page(self, answer: QuestionAnswer) -> bytes:
        root = "../"
        query = answer.query
        columns: list[str] = []
        for a, b in query.graph:
            for column in (a, b):
                if column not in columns:
                    columns.append(column)
        layers: list[list[str]] = [[] for _ in columns]
        pairs: set[tuple[str, str]] = set()
        edges = self.projection.edges
        for row in answer.rows:
            found = {c: self._resolve(row.get(c, "")) for c in columns}
            for index, column in enumerate(columns):
                if found[column]:
                    layers[index].append(found[column])
            for a, b in query.graph:
                x, y = found[a], found[b]
                if x and y and x != y:
                    if (x, y) in edges:
                        pairs.add((x, y))
                    if (y, x) in edges:
                        pairs.add((y, x))
        view = self.views.layered(layers, pairs, edge_labels=len(pairs) <= 12)
        net = self.network(view, root, query.name)
        params = ", ".join(f"{esc(k)} = {esc(v)}" for k, v in answer.params.items())
        intro = (f'<p class="kg-lead">{esc(query.summary)}</p>'
                 + (f"<p>Asked with {params} (<code>kg query -n {esc(query.name)} -p …</code> asks "
                    f"with other values).</p>" if params else
                    f"<p>Ask it yourself: <code>kg query -n {esc(query.name)}</code>.</p>"))
        head = "".join(f"<th>{esc(c)}</th>" for c in answer.columns)
        rows = []
        for row in answer.rows:
            cells = []
            for column in answer.columns:
                value = row.get(column, "")
                iri = self._resolve(value)
                cells.append(f"<td>{self.entity_link(iri, root) if iri else esc(value)}</td>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        body = (f"<h2>Answer ({len(answer.rows)} rows)</h2>"
                f'<table class="kg-table"><tr>{head}</tr>{"".join(rows)}</table>')
        return pages.page_html(net, title=f"Question: {query.name}", body=body,
                               assets="../assets", nav=self.nav(root), intro=intro).encode("utf-8")

    def checks_page(self) -> bytes:
        blocks = []
        backing_pairs: set[tuple[str, str]] = set()
        for check in sorted(self.content.checks, key=lambda c: (c.topic, c.id)):
            found = [self.claims_by_id[c] for c in check.claims if c in self.claims_by_id]
            backing_pairs.update((c.subject, c.object) for c in found)
            evidence = Counter(str(c.evidence) for c in found)
            profile = ", ".join(f"{esc(e.replace('_', ' '))} {n}" for e, n in
                                sorted(evidence.items(), key=lambda i: (-i[1], i[0])))
            blocks.append(
                f'<section class="kg-statement" id="{esc(check.id)}">'
                f"<blockquote>{esc(check.statement)}</blockquote>"
                f'<p><span class="kg-badge kg-verdict-{esc(check.verdict)}">'
                f"{esc(check.verdict.replace('_', ' '))}</span> · topic {esc(check.topic)} · "
                f"{esc(check.location)} · {len(found)} backing claims"
                f"{' (' + profile + ')' if profile else ''}</p>"
                f"<p>{esc(check.note)}</p>{self.claims_table(found, '')}</section>")
        nodes = sorted({n for pair in backing_pairs for n in pair})
        view = View(nodes, sorted(backing_pairs))
        net = self.network(view, "", "Seed article")
        verdicts = Counter(c.verdict for c in self.content.checks)
        summary = ", ".join(f"{n} {esc(v.replace('_', ' '))}" for v, n in sorted(verdicts.items()))
        document = next((c.document for c in self.content.checks if c.document), "")
        intro = (f'<p class="kg-lead">The factual statements of a popular article'
                 f"{' (' + esc(document) + ')' if document else ''}, each with a verdict backed by the "
                 f"graph's own sourced claims: {summary}. The graph shows every edge a verdict "
                 f"rests on.</p>")
        return pages.page_html(net, title="The seed article, checked", body="".join(blocks),
                               assets="assets", nav=self.nav(""), intro=intro).encode("utf-8")

    def _resolve(self, label: str) -> str | None:
        found = self.labels.get(label, set())
        return next(iter(found)) if len(found) == 1 else None


def _entity_files(nodes: Mapping[str, Any]) -> dict[str, str]:
    """A file name per entity, safe on every file system (case-insensitive ones included)."""
    files: dict[str, str] = {}
    taken: set[str] = set()
    for iri in sorted(nodes):
        stem = re.sub(r"[^A-Za-z0-9._-]", "_", local_name(iri)) or "entity"
        name, number = stem, 2
        while name.casefold() in taken:
            name, number = f"{stem}-{number}", number + 1
        taken.add(name.casefold())
        files[iri] = f"entities/{name}.html"
    return files


def _identifier_facts(node: Node) -> list[tuple[str, str]]:
    """The entity's standard identifiers and the pages they were confirmed on. A compound or
    molecular target without any says so, since that is a gap to close rather than an omission
    of the page."""
    xrefs = node.xrefs
    if not xrefs:
        expected = {"Compound", "MolecularTarget"} & set(node.types)
        return [("identifiers", '<span class="kg-note">none confirmed yet</span>')] if expected \
            else []
    facts = [("identifiers", ", ".join(_xref_link(x) for x in xrefs))]
    pages_seen = node.confirmed_at
    if pages_seen:
        # Only https addresses become links: a foreign graph may carry anything here.
        links = ", ".join(f'<a href="{esc(url)}">{esc(url)}</a>' if safe_url(url)
                          else esc(url) for url in pages_seen)
        facts.append(("identifiers seen at", links))
    return facts


def _xref_link(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    known = XREF_PREFIXES.get(prefix)
    if known is None:
        return esc(curie)
    # The prefix map's IRIs (Biolink's) are http; each of their hosts also serves https.
    href = re.sub(r"^http://", "https://", known.expansion) + local
    return f'<a href="{esc(href)}">{esc(curie)}</a>'


# ------------------------------------------------------------------------------------ entry points


def render_site(content: SiteContent, style: GraphStyle, out: Path) -> RenderResult:
    """Write the whole site to ``out`` atomically (the old site stays until the new one is
    complete)."""
    files = Site(content, style).render()
    replace_folder(out, files, MARKER)
    return RenderResult(out=out, pages=sum(1 for f in files if f.endswith(".html")),
                        entities=sum(1 for f in files if f.startswith("entities/")),
                        questions=sum(1 for f in files if f.startswith("questions/")),
                        bytes=sum(len(b) for b in files.values()),
                        skipped=tuple(content.skipped))
