"""A path result as a stand-alone page: the paths drawn left to right, each hop's claims and
citations below, scripts inlined so the file works offline."""

from __future__ import annotations

import itertools

import networkx as nx

from kg.pages import network as pages
from kg.pages.network import Subgraphs, View, esc, source_href
from kg.pages.style import GraphStyle
from kg.path.report import HEADINGS, chain, claim_lines, direct_evidence, hop_dict
from kg.path.search import Path, PathGraph, PathResult


def path_view(graph: PathGraph, result: PathResult) -> View:
    """The paths of a result as a left-to-right view: each node in the column of its longest
    distance from the start over the drawn hops, so every hop points rightwards."""
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
    """A stand-alone page (scripts inlined) showing the paths and, below, each hop's grade,
    claims and citations: mechanisms first, then associations, each under its own heading."""
    net = pages.network(graph.projection, path_view(graph, result), style,
                        title=f"{graph.label(result.source)} to {graph.label(result.target)}")
    blocks = []
    number = 0
    for kind, heading in HEADINGS.items():
        paths = [p for p in result.paths if p.kind == kind]
        if paths:
            blocks.append(f'<h2 class="kg-kind" data-kind="{esc(kind)}">{esc(heading)}</h2>')
        for path in paths:
            number += 1
            blocks.append(_path_block(graph, path, number))
    stopped = (f"<p>The search stopped early: {esc(result.stopped_by)}.</p>"
               if result.stopped_by else "")
    stopped += "".join(f'<p class="kg-note">{esc(note)}</p>' for note in result.notes)
    stopped += "".join(
        f'<p class="kg-direct">Direct evidence: {esc(graph.label(result.source))} '
        f"{esc(graph.projection.relations.get(g.relation, g.relation))} "
        f"{esc(graph.label(result.target))} — {esc(g.graded.text())}</p>"
        for g in direct_evidence(graph, result))
    title = f"Paths from {graph.label(result.source)} to {graph.label(result.target)}"
    return pages.page_html(net, title=title, body=stopped + "".join(blocks), assets=None)


def _path_block(graph: PathGraph, path: Path, number: int) -> str:
    rows = []
    for hop in path.hops:
        data = hop_dict(graph, hop)
        cites = "<br>".join(
            (f'<a href="{esc(href)}">{esc(info.citation)}</a>' if (href := source_href(info))
             else esc(info.citation)) if (info := graph.projection.sources.get(s["id"]))
            else esc(s["id"]) for s in data["sources"])
        relation = data["reads_as"] + (" (inferred)" if hop.inferred else "")
        grades = [hop.walked.graded.text()] + [
            f"also {graph.projection.relations.get(g.relation, g.relation)}: {g.graded.text()}"
            for g in hop.relations[1:]]
        rows.append(f'<tr class="kg-grade-{esc(hop.grade)}">'
                    f"<td>{esc(data['subject']['label'])}</td><td>{esc(relation)}</td>"
                    f"<td>{esc(data['object']['label'])}</td>"
                    f"<td>{'<br>'.join(esc(g) for g in grades)}</td>"
                    f"<td>{'<br>'.join(esc(line) for line in claim_lines(graph, hop))}</td>"
                    f"<td>{esc(', '.join(data['contradicted_by']))}</td><td>{cites}</td></tr>")
    return (f'<h3 data-kind="{esc(path.kind)}">{number}. {esc(chain(graph, path))}</h3>'
            f"<p>{esc(path.kind)}; score {path.score:.3g}, {len(path.hops)} hop(s)</p>"
            f'<table class="kg-table"><tr><th>From</th><th>Relation</th><th>To</th>'
            f"<th>Evidence grade</th><th>Claims</th><th>Contradicted by</th>"
            f"<th>Sources</th></tr>{''.join(rows)}</table>")
