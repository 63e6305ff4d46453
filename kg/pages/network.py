"""Interactive graph pages: a subgraph of the projection drawn with vis-network through pyvis, with
evidence on hover and click, filters, search and a legend, that works offline from ``file://``.

A :class:`View` says what to draw (nodes, the subject-object pairs between them, how to lay them
out); :func:`network` turns it into a :class:`KGNetwork` (a pyvis ``Network``) whose nodes and
edges carry structured tooltip data; :func:`page_html` writes the page around it.

Safety: text from the data never reaches the page as markup. HTML parts are escaped on the Python
side, and the graph data travels as JSON in a ``<script type="application/json">`` block that the
page script reads with ``JSON.parse`` and turns into DOM nodes with ``textContent`` only. This also
sidesteps two vis-network/pyvis quirks: vis-network 9 shows an HTML string tooltip as literal text
(so tooltips here are DOM elements), and pyvis switches every tooltip to ``innerHTML`` when any
title contains "href" (pyvis's template is not used).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

import pyvis
from pyvis.network import Network

from kg.atomic import replace_files
from kg.model.claim import Claim, details, marks, measured
from kg.pages import layout
from kg.pages.style import GraphStyle
from kg.read.evidence import GradedRelation, graded_relations
from kg.read.projection import BLOCKING, Node, Projection, SourceInfo, local_name

#: Files shipped with every site (or inlined into a stand-alone page), in the order loaded.
VIS_JS = "vis-network.min.js"
VIS_CSS = "vis-network.css"
PAGE_JS = "graph.js"
PAGE_CSS = "graph.css"

LayoutKind = Literal["spring", "radial", "layered"]


@dataclass(slots=True)
class View:
    """What one page draws: the nodes (IRIs), the (subject, object) pairs to draw between them, and
    the layout (``radial`` around ``centre``, ``layered`` in ``layers``, or ``spring``)."""

    nodes: list[str]
    pairs: list[tuple[str, str]]
    kind: LayoutKind = "spring"
    centre: str | None = None
    layers: list[list[str]] = field(default_factory=list)
    edge_labels: bool = False
    highlight: set[str] = field(default_factory=set)


def source_href(source: SourceInfo) -> str:
    """Where a reader follows a citation: the DOI resolver, else PubMed, else the official https
    URL; anything else (``javascript:``, ``data:``, plain http from a foreign graph) gives no link."""
    if re.fullmatch(r"10\.\d{4,9}/\S+", source.doi):
        return "https://doi.org/" + quote(source.doi, safe="/:;()._-")
    if re.fullmatch(r"[1-9]\d{0,8}", source.pmid):
        return f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/"
    if re.fullmatch(r"https://[^\s\"'<>]+", source.url):
        return source.url
    return ""


def safe_url(address: str) -> str:
    """``address`` if it may become a link (https only), else ''."""
    return address if re.fullmatch(r"https://[^\s\"'<>]+", address) else ""


# ------------------------------------------------------------------------------------ views


class Subgraphs:
    """Views of a projection: neighbourhoods, the whole graph, paths, question results."""

    def __init__(self, projection: Projection) -> None:
        self.projection = projection
        self.edges = projection.edges
        self.neighbours: dict[str, set[str]] = {iri: set() for iri in projection.nodes}
        for s, o in self.edges:
            if s in self.neighbours and o in self.neighbours and s != o:
                self.neighbours[s].add(o)
                self.neighbours[o].add(s)

    def pairs_among(self, nodes: Iterable[str]) -> list[tuple[str, str]]:
        chosen = set(nodes)
        return sorted(p for p in self.edges if p[0] in chosen and p[1] in chosen and p[0] != p[1])

    def whole(self) -> View:
        nodes = sorted(self.projection.nodes)
        return View(nodes, self.pairs_among(nodes))

    def around(self, iri: str, flow: Sequence[str], column_size: int = 14) -> View:
        """The entity and its direct neighbours in columns: what points at it on the left, what
        it points at on the right, one column per class in ``flow`` order (long columns wrap)."""
        incoming = {s for s, o in self.edges if o == iri and s != iri and s in self.neighbours}
        outgoing = {o for s, o in self.edges if s == iri and o != iri and o in self.neighbours}
        incoming -= outgoing

        def rank(node: str) -> int:
            types = self.projection.nodes[node].types
            return next((i for i, c in enumerate(flow) if c in types), len(flow))

        def columns(nodes: set[str]) -> list[list[str]]:
            out: list[list[str]] = []
            for position in sorted({rank(n) for n in nodes}):
                members = sorted((n for n in nodes if rank(n) == position), key=self._order)
                out += [members[i:i + column_size] for i in range(0, len(members), column_size)]
            return out

        view = self.layered([*columns(incoming), [iri], *columns(outgoing)],
                            self.pairs_among({iri, *incoming, *outgoing}), edge_labels=False,
                            highlight={iri})
        view.centre = iri
        return view

    def neighbourhood(self, iri: str, radius: int = 1) -> View:
        """The entity, everything within ``radius`` hops, and the edges among them; rings by
        distance, each ring ordered by class and label."""
        rings: list[list[str]] = []
        seen = {iri}
        frontier = {iri}
        for _ in range(radius):
            ring = {n for f in frontier for n in self.neighbours.get(f, ())} - seen
            if not ring:
                break
            seen |= ring
            rings.append(sorted(ring, key=self._order))
            frontier = ring
        nodes = sorted(seen)
        return View(nodes, self.pairs_among(nodes), kind="radial", centre=iri,
                    layers=rings, highlight={iri})

    def layered(self, layers: Sequence[Sequence[str]], pairs: Iterable[tuple[str, str]],
                edge_labels: bool = True, highlight: Iterable[str] = ()) -> View:
        """Nodes in left-to-right columns (each node in the first column it appears in)."""
        placed: set[str] = set()
        columns = []
        for column in layers:
            fresh = [n for n in dict.fromkeys(column) if n not in placed]
            placed.update(fresh)
            columns.append(sorted(fresh, key=self._order))
        return View(sorted(placed), sorted(set(pairs)), kind="layered", layers=columns,
                    edge_labels=edge_labels, highlight=set(highlight))

    def _order(self, iri: str) -> tuple[str, str]:
        node = self.projection.nodes[iri]
        return (",".join(node.types), node.label.casefold())


# ------------------------------------------------------------------------------------ network


class KGNetwork(Network):  # type: ignore[misc]
    """A pyvis ``Network`` whose HTML is this project's offline page instead of pyvis's template
    (which loads Bootstrap from a CDN and, with links in tooltips, uses ``innerHTML``).

    ``write_html``/``show``/``generate_html`` work as in pyvis; in Jupyter the object displays
    itself (``_repr_html_``) as a sandboxed frame holding the whole page.
    """

    def __init__(self, style: GraphStyle, title: str = "kratom-kg", **kwargs: Any) -> None:
        super().__init__(height="640px", width="100%", directed=True, cdn_resources="in_line",
                         **kwargs)
        self.style = style
        self.title = title
        self.filters: dict[str, list[dict[str, str]]] = {}

    def page_data(self) -> dict[str, Any]:
        """The JSON the page script reads: nodes, edges, options and filters."""
        return {"nodes": self.nodes, "edges": self.edges, "options": self.options,
                "filters": self.filters}

    def generate_html(self, name: str = "index.html", local: bool = True,
                      notebook: bool = False) -> str:
        self.html = page_html(self, title=self.title, assets=None)
        return self.html

    def write_html(self, name: str, local: bool = True, notebook: bool = False,
                   open_browser: bool = False) -> None:
        replace_files({Path(name): self.generate_html().encode("utf-8")})

    def show(self, name: str, local: bool = True, notebook: bool = True) -> Any:
        self.write_html(name)
        if notebook:
            from IPython.display import IFrame

            return IFrame(name, width=self.width, height=700)
        return None

    def _repr_html_(self) -> str:
        document = html.escape(self.generate_html(), quote=True)
        return (f'<iframe srcdoc="{document}" style="width:100%;height:760px;border:0" '
                'sandbox="allow-scripts"></iframe>')


def network(projection: Projection, view: View, style: GraphStyle, *,
            page_of: Callable[[str], str | None] = lambda _iri: None,
            title: str = "kratom-kg") -> KGNetwork:
    """The view as a :class:`KGNetwork`: styled, laid out, with tooltip data on every node and
    edge. ``page_of`` gives the link to an entity's page (or None)."""
    net = KGNetwork(style, title=title)
    nodes = projection.nodes
    degree = {n: 0 for n in view.nodes}
    for s, o in view.pairs:
        degree[s] = degree.get(s, 0) + 1
        degree[o] = degree.get(o, 0) + 1
    sizes = {n: style.node_size(degree.get(n, 0)) for n in view.nodes}
    boxes = {n: layout.node_box(nodes[n].label, sizes[n], style.font_size,
                                style.label_width) for n in view.nodes}
    positions = _positions(view, boxes, style)
    used_classes: dict[str, Any] = {}
    for iri in view.nodes:
        node = nodes[iri]
        cls = style.class_of(node.types)
        used_classes[cls.name] = cls
        net.add_node(
            local_name(iri), label=node.label, shape=cls.shape, color=cls.color,
            size=sizes[iri], x=positions[iri][0], y=positions[iri][1], cls=cls.name,
            borderWidth=3 if iri in view.highlight else 1,
            tip=_node_tip(node, cls.label), url=page_of(iri) or "",
            font={"size": style.font_size, "bold": iri in view.highlight},
        )
    edges = projection.edges
    column = {n: i for i, layer in enumerate(view.layers) for n in layer} \
        if view.kind == "layered" else {}
    used_relations: dict[str, str] = {}
    used_evidence: set[str] = set()
    for s, o in view.pairs:
        claims = edges.get((s, o), [])
        if not claims:
            continue
        graded = graded_relations(projection, claims)
        main = graded[0].relation
        relation = style.relation(local_name(main))
        supporting = [c for c in claims if c.supports]
        evidence = sorted({str(c.evidence) for c in claims})
        used_evidence.update(evidence)
        used_relations[local_name(main)] = projection.relations.get(main, local_name(main))
        label = projection.relations.get(main, "") if view.edge_labels else ""
        arrow = {"to": {"enabled": True, "type": relation.arrow, "scaleFactor": 0.7}}
        extra: dict[str, Any] = {}
        span = abs(column.get(s, 0) - column.get(o, 0))
        if span > 1 or (view.kind == "layered" and span == 0):
            # Edges that skip a column, or join two nodes of one column, arc around the nodes
            # between their ends instead of crossing them.
            extra["smooth"] = {"enabled": True, "type": "curvedCW",
                               "roundness": min(0.6, 0.2 * max(span, 1))}
        if not supporting:
            colour, dashes = style.contradicted_color, [4, 4]
        else:
            colour, dashes = relation.color, relation.dashes
        net.add_edge(
            local_name(s), local_name(o), id=f"{local_name(s)}->{local_name(o)}",
            color=colour, width=style.edge_width(graded[0].score), dashes=dashes, arrows=arrow,
            label=label, relation=local_name(main), evidence=evidence, grade=graded[0].grade,
            tip=_edge_tip(projection, s, o, claims, graded),
            font={"size": 11, "align": "top", "strokeWidth": 3}, **extra,
        )
    net.filters = {
        "classes": [{"value": c.name, "label": c.label, "color": c.color, "shape": c.shape}
                    for c in style.classes if c.name in used_classes],
        "relations": [{"value": name, "label": label, "color": style.relation(name).color,
                       "arrow": style.relation(name).arrow}
                      for name, label in sorted(used_relations.items(), key=lambda i: i[1])],
        "evidence": [{"value": e, "label": e.replace("_", " ")}
                     for e in sorted(used_evidence, key=lambda e: (-projection.weights.get(e, 0), e))],
    }
    net.options = _options(style)
    return net


def _positions(view: View, boxes: dict[str, layout.Box],
               style: GraphStyle) -> dict[str, tuple[float, float]]:
    if view.kind == "radial" and view.centre:
        return layout.radial(view.centre, view.layers, boxes, style.padding)
    if view.kind == "layered":
        return layout.layered(view.layers, boxes, style.padding)
    return layout.spring(view.nodes, view.pairs, boxes, style.seed, style.padding)


def _node_tip(node: Node, class_label: str) -> dict[str, Any]:
    rows = [["class", class_label]]
    if node.synonyms:
        rows.append(["also called", ", ".join(node.synonyms)])
    if node.xrefs:
        rows.append(["identifiers", ", ".join(node.xrefs)])
    return {"title": node.label, "rows": rows, "text": node.description}


def claim_tip(projection: Projection, claim: Claim) -> dict[str, Any]:
    """What a tooltip and the details panel show of one claim: its relation, stance, evidence,
    measured value, qualifiers, marks (inferred, disputed), note and citations."""
    name = projection.name
    return {
        "relation": projection.relations.get(claim.predicate, local_name(claim.predicate)),
        "stance": str(claim.stance),
        "evidence": str(claim.evidence).replace("_", " "),
        "values": measured(claim, name),
        "details": ", ".join(details(claim, name)),
        "marks": marks(claim),
        "note": claim.note,
        "sources": [_citation(projection, sid) for sid in claim.sources],
        "blocks": claim.predicate in BLOCKING,
    }


def _edge_tip(projection: Projection, s: str, o: str, claims: Sequence[Claim],
              graded: Sequence[GradedRelation]) -> dict[str, Any]:
    """The edge's grade for each relation (best first), then its claims: supporting before
    contradicting, the walked relation's first, stronger evidence first."""
    order = {g.relation: i for i, g in enumerate(graded)}
    ordered = sorted(claims, key=lambda c: (not c.supports, order[c.predicate],
                                            -projection.weight(c), c.sources, c.id))
    rows = [[f"{projection.relations.get(g.relation, local_name(g.relation))}: grade",
             g.graded.text()] for g in graded]
    return {"title": f"{projection.label(s)} → {projection.label(o)}", "rows": rows,
            "claims": [claim_tip(projection, c) for c in ordered]}


def _citation(projection: Projection, source_id: str) -> dict[str, str]:
    source = projection.sources.get(source_id) or SourceInfo(source_id, source_id)
    return {"id": source_id, "label": source.citation, "title": source.title,
            "href": source_href(source)}


def _options(style: GraphStyle) -> dict[str, Any]:
    return {
        "autoResize": True,
        "nodes": {"font": {"size": style.font_size, "face": "Helvetica, Arial, sans-serif"},
                  "widthConstraint": {"maximum": style.label_width},
                  "scaling": {"label": {"drawThreshold": 3}}},
        "edges": {"smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "selectionWidth": 2, "hoverWidth": 1.5},
        "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": False,
                        "navigationButtons": False, "keyboard": False},
        "physics": {"enabled": False, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -6000, "springLength": 160,
                                  "avoidOverlap": 0.6},
                    "stabilization": {"enabled": True, "iterations": 400, "fit": False}},
        "layout": {"randomSeed": style.seed, "improvedLayout": False},
    }


# ------------------------------------------------------------------------------------ HTML


def asset_text(name: str) -> str:
    """The text of a page asset: the page script and style from ``kg/assets``, vis-network's files
    from the pyvis package."""
    if name in (PAGE_JS, PAGE_CSS):
        return (resources.files("kg") / "assets" / name).read_text(encoding="utf-8")
    return vis_asset(name).read_text(encoding="utf-8")


def vis_asset(name: str) -> Path:
    return Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / name


def script_json(data: Any) -> str:
    """JSON safe to place inside a ``<script>`` element (no ``<``, ``>`` or ``&`` survive)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def legend_html(net: KGNetwork, *, heading: str = "Legend and filters") -> str:
    """The legend, whose checkboxes are also the filters (class, relation, evidence type)."""
    parts = [f'<section class="kg-legend" aria-label="{esc(heading)}"><h2>{esc(heading)}</h2>']
    groups = (("classes", "Classes", "class"), ("relations", "Relations", "relation"),
              ("evidence", "Evidence types", "evidence"))
    for key, title, kind in groups:
        items = net.filters.get(key, [])
        if not items:
            continue
        parts.append(f'<fieldset data-filter="{kind}"><legend>{title}</legend>')
        for item in items:
            swatch = ""
            if kind == "class":
                swatch = (f'<span class="kg-swatch kg-shape-{esc(item["shape"])}" '
                          f'style="--c:{esc(item["color"])}"></span>')
            elif kind == "relation":
                swatch = (f'<span class="kg-line kg-arrow-{esc(item["arrow"])}" '
                          f'style="--c:{esc(item["color"])}"></span>')
            parts.append(f'<label><input type="checkbox" checked value="{esc(item["value"])}">'
                         f'{swatch}{esc(item["label"])}</label>')
        parts.append("</fieldset>")
    parts.append('<p class="kg-note">Edge width: the evidence grade of the edge (established '
                 'widest, contested narrowest; see the grading rules). '
                 'Grey dashed edge: only contradicted. Hover for evidence; click for citations; '
                 'double-click a node to open its page.</p></section>')
    return "".join(parts)


def graph_html(net: KGNetwork, *, tall: bool = False) -> str:
    """The graph panel: toolbar (search, physics, fit), canvas, details panel and legend."""
    names = sorted({str(n["label"]) for n in net.nodes}, key=str.casefold)
    options = "".join(f'<option value="{esc(n)}"></option>' for n in names)
    return (
        f'<div class="kg-graph{" kg-tall" if tall else ""}">'
        '<div class="kg-toolbar">'
        '<label>Find <input id="kg-search" type="search" list="kg-names" autocomplete="off" '
        'placeholder="a name, synonym or identifier"></label>'
        f'<datalist id="kg-names">{options}</datalist>'
        '<button type="button" id="kg-physics">Re-arrange (physics)</button>'
        '<button type="button" id="kg-fit">Fit</button>'
        f'<span id="kg-count" data-total="{len(net.nodes)}">{len(net.nodes)} nodes</span>'
        '</div>'
        '<div class="kg-body"><div id="kg-canvas" role="img" aria-label="graph"></div>'
        '<aside id="kg-details" aria-live="polite"><p class="kg-hint">Click a node or an edge '
        'to see its evidence.</p></aside></div>'
        f'{legend_html(net)}'
        f'<script type="application/json" id="kg-data">{script_json(net.page_data())}</script>'
        '</div>'
    )


def page_html(net: KGNetwork | None, *, title: str, body: str = "", assets: str | None = None,
              nav: Sequence[tuple[str, str]] = (), tall: bool = False, intro: str = "") -> str:
    """A whole page. ``assets`` is the relative folder holding the shipped scripts and styles
    (site pages), or None to inline them (stand-alone pages, Jupyter). ``body`` is trusted HTML
    made by this module's callers with :func:`esc`."""
    if assets is None:
        head = (f"<style>{asset_text(VIS_CSS)}</style><style>{asset_text(PAGE_CSS)}</style>")
        scripts = (f"<script>{asset_text(VIS_JS)}</script>"
                   f"<script>{asset_text(PAGE_JS)}</script>") if net is not None else ""
    else:
        head = (f'<link rel="stylesheet" href="{esc(assets)}/{VIS_CSS}">'
                f'<link rel="stylesheet" href="{esc(assets)}/{PAGE_CSS}">')
        scripts = (f'<script src="{esc(assets)}/{VIS_JS}"></script>'
                   f'<script src="{esc(assets)}/{PAGE_JS}"></script>') if net is not None else ""
    links = "".join(f'<a href="{esc(href)}">{esc(text)}</a>' for text, href in nav)
    graph = graph_html(net, tall=tall) if net is not None else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · kratom-kg</title>{head}</head>"
        f'<body><header class="kg-header"><span class="kg-brand">kratom-kg</span>'
        f'<nav>{links}</nav></header><main><h1>{esc(title)}</h1>{intro}{graph}{body}</main>'
        f"{scripts}</body></html>\n"
    )
