"""A path result as a stand-alone page: the paths drawn left to right, each hop's claims and
citations below, scripts inlined so the file works offline."""

from __future__ import annotations

import itertools

import networkx as nx

from kg.pages import network as pages
from kg.pages.network import Subgraphs, View, esc, source_href
from kg.pages.style import GraphStyle
from kg.path.report import claim_lines, hop_dict
from kg.path.search import PathGraph, PathResult


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
    """A stand-alone page (scripts inlined) showing the paths and, below, each hop's claims and
    citations."""
    net = pages.network(graph.projection, path_view(graph, result), style,
                        title=f"{graph.label(result.source)} to {graph.label(result.target)}")
    blocks = []
    for number, path in enumerate(result.paths, start=1):
        chain = " → ".join([graph.label(path.hops[0].subject),
                            *(graph.label(h.object) for h in path.hops)])
        rows = []
        for hop in path.hops:
            data = hop_dict(graph, hop)
            cites = "<br>".join(
                (f'<a href="{esc(href)}">{esc(info.citation)}</a>' if (href := source_href(info))
                 else esc(info.citation)) if (info := graph.projection.sources.get(s["id"]))
                else esc(s["id"]) for s in data["sources"])
            relation = data["predicate"]["label"] + (" (backward)" if not hop.forward else "")
            if hop.inferred:
                relation += " (inferred)"
            rows.append(f"<tr><td>{esc(data['subject']['label'])}</td><td>{esc(relation)}</td>"
                        f"<td>{esc(data['object']['label'])}</td><td>{hop.support:.2f}</td>"
                        f"<td>{esc(', '.join(data['evidence']))}</td>"
                        f"<td>{'<br>'.join(esc(line) for line in claim_lines(graph, hop))}</td>"
                        f"<td>{esc(', '.join(data['contradicted_by']))}</td><td>{cites}</td></tr>")
        blocks.append(
            f"<h2>{number}. {esc(chain)}</h2><p>score {path.score:.4g}, {len(path.hops)} "
            f'hop(s)</p><table class="kg-table"><tr><th>From</th><th>Relation</th><th>To</th>'
            f"<th>Support</th><th>Evidence</th><th>Claims</th><th>Contradicted by</th>"
            f"<th>Sources</th></tr>{''.join(rows)}</table>")
    stopped = (f"<p>The search stopped early: {esc(result.stopped_by)}.</p>"
               if result.stopped_by else "")
    title = f"Paths from {graph.label(result.source)} to {graph.label(result.target)}"
    return pages.page_html(net, title=title, body=stopped + "".join(blocks), assets=None)
