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

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.model.prefixes import XREF_PREFIXES
from kg.pages import network as pages
from kg.pages.network import Subgraphs, View, claim_details, claim_values, esc, source_href
from kg.pages.style import GraphStyle
from kg.read.projection import ClaimSummary, Projection, local_name

if TYPE_CHECKING:
    from kg.path.search import PathGraph, PathResult
    from kg.sparql.engine import Engine
    from kg.sparql.questions import CatalogueQuery

#: Left-to-right order of classes on entity pages: the way mechanisms run.
FLOW = ("Plant", "Compound", "MolecularTarget", "NeurotransmitterSystem", "Effect", "Risk",
        "Jurisdiction")
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
    from kg.graph.store import packaged_query
    from kg.read.projection import build_projection
    from kg.sparql.engine import bind

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
        declared = {p.name: p.type for p in query.params}
        try:
            bindings = bind(dict(params), declared, engine)
        except KGError:  # an example that names nothing in this graph: no page, said in the result
            content.skipped.append(query.name)
            continue
        result = engine.run(query.text, bindings)
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
            self.labels[str(node["label"])].add(iri)
        self.claims_by_id = dict(zip((c.id for c in self.projection.claims),
                                     zip(self.projection.claims, self.projection.ends,
                                         strict=True), strict=True))

    # -- helpers ----------------------------------------------------------------------------

    def label(self, iri: str) -> str:
        return str(self.projection.nodes.get(iri, {}).get("label", local_name(iri)))

    def entity_link(self, iri: str, root: str) -> str:
        if iri not in self.files:
            return esc(self.label(iri))
        return f'<a href="{esc(root + self.files[iri])}">{esc(self.label(iri))}</a>'

    def nav(self, root: str) -> list[tuple[str, str]]:
        items = [("Overview", f"{root}index.html"), ("Whole graph", f"{root}graph.html")]
        if self.content.checks:
            items.append(("Seed article checked", f"{root}seed-article.html"))
        return items

    def network(self, view: View, root: str, title: str) -> pages.KGNetwork:
        return pages.network(self.projection, view, self.style, title=title,
                             page_of=lambda iri: root + self.files[iri] if iri in self.files
                             else None)

    def primary_class(self, iri: str) -> str:
        return self.style.class_of(self.projection.nodes[iri]["types"]).label

    def sources_cell(self, claim: ClaimSummary) -> str:
        out = []
        for sid in claim.sources:
            source = self.projection.sources.get(sid, {})
            text = esc(source.get("citation", sid))
            href = source_href(source)
            title = esc(source.get("title", ""))
            out.append(f'<a href="{esc(href)}" title="{title}">{text}</a>' if href else
                       f'<span title="{title}">{text}</span>')
        return "<br>".join(out)

    def claims_table(self, claims: Sequence[tuple[ClaimSummary, tuple[str, str]]], root: str) -> str:
        head = ("<tr><th>Subject</th><th>Relation</th><th>Object</th><th>Stance</th>"
                "<th>Evidence</th><th>Value</th><th>Details</th><th>Sources</th><th>Where</th>"
                "<th>Note</th></tr>")
        rows = []
        ordered = sorted(claims, key=lambda item: (
            self.projection.relations.get(item[0].predicate, ""), self.label(item[1][0]),
            self.label(item[1][1]), item[0].stance, item[0].sources, item[0].id))
        for claim, (s, o) in ordered:
            rows.append(
                f'<tr data-claim="{esc(claim.id)}"><td>{self.entity_link(s, root)}</td>'
                f"<td>{esc(self.projection.relations.get(claim.predicate, ''))}</td>"
                f"<td>{self.entity_link(o, root)}</td><td>{esc(claim.stance)}</td>"
                f"<td>{esc(claim.evidence.replace('_', ' '))}</td>"
                f"<td>{esc(claim_values(claim))}</td><td>{esc(claim_details(claim))}</td>"
                f"<td>{self.sources_cell(claim)}</td><td>{esc(claim.location)}</td>"
                f"<td>{esc(claim.note)}</td></tr>")
        return f'<table class="kg-table">{head}{"".join(rows)}</table>'

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
        return out

    def index_page(self) -> bytes:
        projection = self.projection
        by_class: dict[str, list[str]] = defaultdict(list)
        for iri in projection.nodes:
            by_class[self.primary_class(iri)].append(iri)
        order = [c.label for c in self.style.classes]
        counts = "".join(f"<li><b>{len(by_class[c])}</b> {esc(c)}</li>" for c in order
                         if by_class.get(c))
        evidence = Counter(c.evidence for c in projection.claims)
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
        if node.get("synonyms"):
            facts.append(("also called", esc(", ".join(node["synonyms"]))))
        facts += _identifier_facts(node)
        if node.get("description"):
            facts.append(("description", esc(node["description"])))
        facts_html = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
        claims = [(c, pair) for c, pair in zip(self.projection.claims, self.projection.ends,
                                               strict=True) if iri in pair]
        sources = sorted({s for c, _ in claims for s in c.sources})
        source_items = []
        for sid in sources:
            source = self.projection.sources.get(sid, {})
            href = source_href(source)
            text = f"{source.get('citation', sid)}. {source.get('title', '')}"
            link = f'<a href="{esc(href)}">{esc(href)}</a>' if href else ""
            source_items.append(f"<li>{esc(text)} {link}</li>")
        body = (f"<h2>Claims ({len(claims)})</h2>{self.claims_table(claims, root)}"
                f"<h2>Sources ({len(sources)})</h2><ol>{''.join(source_items)}</ol>")
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
            backing_pairs.update(pair for _, pair in found)
            evidence = Counter(c.evidence for c, _ in found)
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


def _identifier_facts(node: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The entity's standard identifiers and the pages they were confirmed on. A compound or
    molecular target without any says so, since that is a gap to close rather than an omission
    of the page."""
    xrefs = node.get("xrefs") or []
    if not xrefs:
        expected = {"Compound", "MolecularTarget"} & set(node.get("types") or [])
        return [("identifiers", '<span class="kg-note">none confirmed yet</span>')] if expected \
            else []
    facts = [("identifiers", ", ".join(_xref_link(x) for x in xrefs))]
    pages_seen = node.get("confirmed_at") or []
    if pages_seen:
        # Only https addresses become links: a foreign graph may carry anything here.
        links = ", ".join(f'<a href="{esc(url)}">{esc(url)}</a>' if source_href({"url": url})
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
    from kg.atomic import replace_folder

    files = Site(content, style).render()
    replace_folder(out, files, MARKER)
    return RenderResult(out=out, pages=sum(1 for f in files if f.endswith(".html")),
                        entities=sum(1 for f in files if f.startswith("entities/")),
                        questions=sum(1 for f in files if f.startswith("questions/")),
                        bytes=sum(len(b) for b in files.values()),
                        skipped=tuple(content.skipped))


def path_view(graph: PathGraph, result: PathResult) -> View:
    """The paths of a result as a left-to-right view: each node in the column of its longest
    distance from the start over the drawn hops, so every hop points rightwards."""
    import networkx as nx

    pairs: set[tuple[str, str]] = set()
    steps = nx.DiGraph()
    for path in result.paths:
        steps.add_nodes_from(path.nodes)
        steps.add_edges_from(itertools.pairwise(path.nodes))
        for hop in path.hops:
            pairs.add((hop.subject, hop.object) if hop.forward else (hop.object, hop.subject))
    depth: dict[str, int] = {}
    if nx.is_directed_acyclic_graph(steps):
        for node in nx.topological_sort(steps):
            depth[node] = max((depth[p] + 1 for p in steps.predecessors(node)), default=0)
    else:  # paths that cross each other in opposite directions: first position on any path
        for path in result.paths:
            for index, node in enumerate(path.nodes):
                depth[node] = min(depth.get(node, index), index)
    layers: list[list[str]] = [[] for _ in range(max(depth.values(), default=0) + 1)]
    for node in sorted(depth):
        layers[depth[node]].append(node)
    return Subgraphs(graph.projection).layered(layers, pairs,
                                                highlight={result.source, result.target})


def path_page(graph: PathGraph, result: PathResult, style: GraphStyle) -> str:
    """A stand-alone page (scripts inlined) showing the paths and, below, each hop's citations."""
    from kg.path.search import as_dict

    data = as_dict(graph, result)
    net = pages.network(graph.projection, path_view(graph, result), style,
                        title=f"{data['from']['label']} to {data['to']['label']}")
    blocks = []
    for number, path in enumerate(data["paths"], start=1):
        chain = " → ".join([path["hops"][0]["subject"]["label"],
                            *(h["object"]["label"] for h in path["hops"])])
        rows = []
        for hop in path["hops"]:
            values = "; ".join(f"{v['measure']} {v['comparator']}{v['value']} {v['unit']}"
                               f"{', ' + v['species'] if v['species'] else ''}"
                               for v in hop["values"])
            cites = "<br>".join(
                (f'<a href="{esc(source_href(s))}">{esc(s.get("citation", s["id"]))}</a>'
                 if source_href(s) else esc(s.get("citation", s["id"]))) for s in hop["sources"])
            relation = hop["predicate"]["label"] + (" (backward)" if hop["direction"] == "backward"
                                                    else "")
            rows.append(f"<tr><td>{esc(hop['subject']['label'])}</td><td>{esc(relation)}</td>"
                        f"<td>{esc(hop['object']['label'])}</td><td>{hop['support']:.2f}</td>"
                        f"<td>{esc(', '.join(hop['evidence']))}</td><td>{esc(values)}</td>"
                        f"<td>{esc(', '.join(hop['contradicted_by']))}</td><td>{cites}</td></tr>")
        blocks.append(
            f"<h2>{number}. {esc(chain)}</h2><p>score {path['score']:.4g}, {len(path['hops'])} "
            f'hop(s)</p><table class="kg-table"><tr><th>From</th><th>Relation</th><th>To</th>'
            f"<th>Support</th><th>Evidence</th><th>Values</th><th>Contradicted by</th>"
            f"<th>Sources</th></tr>{''.join(rows)}</table>")
    stopped = (f"<p>The search stopped early: {esc(result.stopped_by)}.</p>"
               if result.stopped_by else "")
    title = f"Paths from {data['from']['label']} to {data['to']['label']}"
    return pages.page_html(net, title=title, body=stopped + "".join(blocks), assets=None)
