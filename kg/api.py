"""The functions a notebook user or the CLI calls; each takes plain arguments, finds the project's
files through :class:`~kg.locations.Locations`, and returns plain objects.

This is the facade over the pipeline (curate → graph → sparql → read → pages / exports / paths /
serve). Each function imports the stages it drives when it is called, so ``import kg`` and the
command line start in milliseconds and a command loads only what it uses (rendering alone pulls
in pyvis, validation pyshacl); the stages themselves import one another at the top of their
modules, where the layers can be read.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import UsageError
from kg.locations import Locations
from kg.path import DEFAULT_MAX_HOPS

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

    from kg.curate.lint import LintReport
    from kg.errors import Diagnostic
    from kg.graph.build import BuildResult
    from kg.pages.network import KGNetwork
    from kg.pages.site import RenderResult
    from kg.path.search import PathGraph, PathResult
    from kg.read.interactions import Interactions
    from kg.read.projection import Projection
    from kg.sparql.engine import Engine, Result
    from kg.sparql.questions import CatalogueQuery
    from kg.sparql.stats import Stats

PathLike = str | os.PathLike[str]


def _locations(data: PathLike | None = None, out: PathLike | None = None,
               locations: Locations | None = None) -> Locations:
    return locations or Locations.discover(data=data, build=out)


def build(data: PathLike | None = None, out: PathLike | None = None, *, shacl: bool = True,
          store: bool = False, locations: Locations | None = None,
          today: dt.date | None = None) -> BuildResult:
    """Load, validate and write the graph (``kratom.ttl``, ``.nt``, ``.jsonld``), its path
    projection (``kratom.projection.json``) and, with ``store``, an on-disk store, to ``out``
    (default ``build/``). Raises :class:`~kg.errors.ValidationError` listing every problem; on
    any error nothing in ``out`` is replaced."""
    from kg.graph.build import BuildResult, compile_graph, serialise, write_outputs
    from kg.graph.store import write_store
    from kg.read.projection import projection_json

    where = _locations(data, out, locations)
    compiled = compile_graph(where, shacl=shacl, today=today)
    payloads = serialise(compiled.graph)
    payloads["projection.json"] = projection_json(payloads["nt"])
    written = write_outputs(where, payloads, store=write_store if store else None)
    return BuildResult(written, len(compiled.graph), len(compiled.dataset.claims),
                       compiled.warnings)


def validate(data: PathLike | None = None, *, shacl: bool = True,
             locations: Locations | None = None, today: dt.date | None = None,
             ) -> tuple[Diagnostic, ...]:
    """Run every check of :func:`build` without writing; returns the warnings, raises
    :class:`~kg.errors.ValidationError` on errors."""
    from kg.graph.build import compile_graph

    return compile_graph(_locations(data, None, locations), shacl=shacl, today=today).warnings


def lint(data: PathLike | None = None, *, fix: bool = False,
         locations: Locations | None = None) -> LintReport:
    """Check (or with ``fix``, restore) the canonical form of the curated tables."""
    from kg.curate.lint import lint as run

    where = _locations(data, None, locations)
    return run(where.data, fix=fix, display_root=where.root)


def _graph_path(graph: PathLike | None, locations: Locations | None) -> Path:
    if graph is not None:
        return Path(graph)
    return _locations(None, None, locations).graph_file("nt")


def load_graph(graph: PathLike | None = None, *, locations: Locations | None = None) -> Graph:
    """The built graph as an rdflib ``Graph`` (default: ``build/kratom.nt``)."""
    from kg.graph.store import load_graph as run

    return run(_graph_path(graph, locations))


def open_store(graph: PathLike | None = None, *,
               locations: Locations | None = None) -> pyoxigraph.Store:
    """The built graph in an in-memory pyoxigraph store, ready for fast SPARQL."""
    from kg.graph.store import open_store as run

    return run(_graph_path(graph, locations))


def open_engine(engine: str = "oxigraph", *, graph: PathLike | None = None,
                endpoint: str | None = None, locations: Locations | None = None) -> Engine:
    """A query engine over the built graph: ``oxigraph`` (embedded, default), ``rdflib``, or a
    remote SPARQL endpoint when ``endpoint`` is given."""
    from kg.sparql.engine import OxigraphEngine, RdflibEngine

    if endpoint is not None:
        from kg.sparql.remote import RemoteEngine

        return RemoteEngine(endpoint)
    if engine == "oxigraph":
        return OxigraphEngine(open_store(graph, locations=locations))
    if engine == "rdflib":
        return RdflibEngine(load_graph(graph, locations=locations))
    raise UsageError(f"unknown engine '{engine}'; expected oxigraph or rdflib")


def stats(graph: PathLike | None = None, *, endpoint: str | None = None,
          locations: Locations | None = None) -> Stats:
    """Counts by class, relation, evidence type and source, and the coverage of measurements,
    compounds and targets, for the built graph or a remote endpoint."""
    from kg.sparql.stats import compute

    return compute(open_engine(graph=graph, endpoint=endpoint, locations=locations))


def catalogue(*, locations: Locations | None = None) -> dict[str, CatalogueQuery]:
    """The catalogue of ready questions (``queries/*.rq``) by name."""
    from kg.sparql.questions import read_catalogue

    return read_catalogue(_locations(None, None, locations).queries)


def query(text: str | None = None, *, name: str | None = None,
          params: Mapping[str, str] | None = None, engine: str | Engine = "oxigraph",
          graph: PathLike | None = None, endpoint: str | None = None,
          timeout: float | None = 30.0, limit: int | None = None,
          locations: Locations | None = None) -> Result:
    """Run a SPARQL query — ``text``, or the catalogue query ``name`` — with ``params`` bound by
    their declared types, and return the result.

    Update, SERVICE, FROM and LOAD are refused before anything runs. With a ``timeout`` (seconds)
    the query runs in a child process that is stopped at the limit (:class:`QueryTimeout`); a
    result longer than ``limit`` rows raises :class:`ResultTooLarge`.
    """
    from kg.sparql.ask import ask
    from kg.sparql.engine import DEFAULT_ROW_LIMIT, check
    from kg.sparql.questions import find_query

    where = _locations(None, None, locations)
    question = find_query(where.queries, name) if name is not None else None
    if question is None:
        if text is None:
            raise UsageError("give a query text or a catalogue name")
        check(text)  # refused before any graph is opened
    runner = engine if not isinstance(engine, str) else open_engine(
        engine, graph=graph, endpoint=endpoint, locations=where)
    rows = limit or DEFAULT_ROW_LIMIT

    def run() -> Result:
        return ask(runner, text, question=question, params=params, limit=rows)

    if timeout is None or endpoint is not None:
        return run()
    from kg.sparql.sandbox import run_isolated

    return run_isolated(run, timeout=timeout)


def publish(store_url: str, graph: PathLike | None = None, *,
            locations: Locations | None = None) -> int:
    """Upload the built graph (N-Triples) to a Graph Store endpoint, replacing its default graph;
    returns the bytes sent."""
    from kg.sparql.remote import publish as run

    return run(_graph_path(graph, locations), store_url)


def paths(graph: PathLike | None, source: str, target: str, *,
          max_hops: int = DEFAULT_MAX_HOPS, limit: int = 5, rank: str = "score",
          kind: str = "all", min_evidence: str | None = None, min_grade: str | None = None,
          via: Sequence[str] = (), exclude: Sequence[str] = (),
          backwards: bool = False, timeout: float = 10.0, endpoint: str | None = None,
          locations: Locations | None = None) -> PathResult:
    """Ranked, cited paths from ``source`` to ``target`` (names, labels, synonyms or CURIEs):
    up to ``limit`` of each ``kind`` (mechanism, association, context, or all), mechanisms first,
    each hop with its evidence grade.

    ``graph`` is the prepared projection (default ``build/kratom.projection.json``), or a built
    graph (N-Triples/Turtle file or on-disk store); with a graph or an ``endpoint`` only the part
    that paths of at most ``max_hops`` can use is read. The result's ``graph`` is the path graph
    searched, which :mod:`kg.path.report` formats from. See :mod:`kg.path.search` for the ranking.
    """
    from kg.path.search import find_paths

    searchable = search_graph(graph, source, target, max_hops=max_hops, backwards=backwards,
                              via=via, exclude=exclude, endpoint=endpoint, locations=locations)
    return find_paths(searchable, source, target, max_hops=max_hops, limit=limit, rank=rank,
                      kind=kind, min_evidence=min_evidence, min_grade=min_grade, via=via,
                      exclude=exclude, backwards=backwards,
                      timeout=timeout)


def search_graph(graph: PathLike | None, source: str, target: str, *,
                 max_hops: int = DEFAULT_MAX_HOPS, backwards: bool = False,
                 via: Sequence[str] = (), exclude: Sequence[str] = (),
                 endpoint: str | None = None, locations: Locations | None = None) -> PathGraph:
    """The graph a path lookup runs on: the whole prepared projection (a ``.json`` file, the
    default), or just the reachable part of a built graph, an on-disk store or an endpoint."""
    from kg.path.search import PathGraph
    from kg.read.fetch import reachable

    if endpoint is None and (graph is None or Path(graph).suffix == ".json"):
        return path_graph(graph, locations=locations)
    engine = open_engine(graph=graph, endpoint=endpoint, locations=locations)
    return PathGraph(reachable(engine, source, target, max_hops=max_hops, backwards=backwards,
                               via=via, exclude=exclude))


def path_graph(graph: PathLike | None = None, *, endpoint: str | None = None,
               locations: Locations | None = None) -> PathGraph:
    """The path-search graph: from the prepared projection, or read from a remote endpoint."""
    from kg.path.search import PathGraph
    from kg.read.projection import build_projection, load_projection

    if endpoint is not None:
        return PathGraph(build_projection(open_engine(endpoint=endpoint)))
    where = _locations(None, None, locations)
    return PathGraph(load_projection(Path(graph) if graph else where.graph_file("projection.json")))


def projection(graph: PathLike | None = None, *, endpoint: str | None = None,
               locations: Locations | None = None) -> Projection:
    """The read model of a whole graph: the prepared projection (a ``.json`` file, the default
    ``build/kratom.projection.json``), a built graph file or on-disk store, or an endpoint."""
    from kg.read.projection import build_projection, load_projection

    if endpoint is None and (graph is None or Path(graph).suffix == ".json"):
        where = _locations(None, None, locations)
        return load_projection(Path(graph) if graph else where.graph_file("projection.json"))
    return build_projection(open_engine(graph=graph, endpoint=endpoint, locations=locations))


def interactions(drug: str | None = None, *, graph: PathLike | None = None,
                 endpoint: str | None = None,
                 locations: Locations | None = None) -> Interactions | list[Interactions]:
    """What the graph holds on kratom with a medicine (a name, brand name, identifier or
    CURIE): interactions shown in people and elsewhere, and routes predicted from mechanism,
    each edge graded and cited (``docs/interactions.md``). Without ``drug``: every medicine
    with anything in the graph, the most strongly supported first."""
    from kg.read.interactions import interactions as find
    from kg.read.interactions import ranked_medicines, resolve_medicine

    read = projection(graph, endpoint=endpoint, locations=locations)
    if drug is None:
        return ranked_medicines(read)
    medicine, note = resolve_medicine(read, drug)
    result = find(read, medicine)
    result.note = note
    return result


def render(out: PathLike = "site", *, graph: PathLike | None = None, endpoint: str | None = None,
           style: PathLike | None = None, around: Sequence[str] = (), radius: int = 1,
           locations: Locations | None = None) -> RenderResult:
    """Write the static site of interactive graph pages to ``out`` (replaced whole, atomically):
    index, whole graph, a page per entity, per graph question and for the checked seed article.

    The graph is read from the built N-Triples or on-disk store (``graph``, default
    ``build/kratom.nt``) or from a SPARQL ``endpoint``; ``style`` is a TOML style file (default
    ``kg/assets/graph-style.toml``). With ``around`` (entity names), only those entities and
    everything within ``radius`` hops are fetched and drawn (no question or seed-article pages):
    the way to explore one corner of a graph too large to read whole.
    """
    from kg.pages.site import read_content, render_site
    from kg.pages.style import load_style
    from kg.read.fetch import neighbourhood

    if radius < 0:
        raise UsageError(f"radius must be 0 or more, not {radius}")
    where = _locations(None, None, locations)
    engine = open_engine(graph=graph, endpoint=endpoint, locations=where)
    only = neighbourhood(engine, around, radius) if around else None
    content = read_content(engine, catalogue(locations=where), only=only)
    if around:
        hops = "hop" if radius == 1 else "hops"
        content.scope = f"{', '.join(around)} and everything within {radius} {hops}"
    return render_site(content, load_style(Path(style) if style else None), Path(out))


def network(*names: str, radius: int = 1, graph: PathLike | None = None,
            endpoint: str | None = None, style: PathLike | None = None,
            locations: Locations | None = None) -> KGNetwork:
    """A pyvis ``Network`` of the named entities and everything within ``radius`` hops of them (the
    whole graph when no name is given), styled and laid out like the site's pages. In Jupyter it
    displays itself; ``.write_html(path)`` saves a stand-alone page that works offline.

    The graph is the prepared projection (``graph``, default ``build/kratom.projection.json``) or
    is read from a SPARQL ``endpoint``.
    """
    from kg.pages.network import Subgraphs, View
    from kg.pages.network import network as draw
    from kg.pages.style import load_style
    from kg.path.search import PathGraph
    from kg.read.fetch import neighbourhood
    from kg.read.projection import build_projection

    if endpoint is not None and names:  # fetch just the neighbourhood, not the whole graph
        engine = open_engine(endpoint=endpoint)
        searchable = PathGraph(build_projection(engine,
                                                only=neighbourhood(engine, names, radius)))
    else:
        searchable = path_graph(graph, endpoint=endpoint, locations=locations)
    views = Subgraphs(searchable.projection)
    if not names:
        view = views.whole()
    else:
        centres = [searchable.resolve(n) for n in names]
        if len(centres) == 1:
            view = views.neighbourhood(centres[0], radius)
        else:
            chosen = set().union(*(views.neighbourhood(c, radius).nodes for c in centres))
            view = View(sorted(chosen), views.pairs_among(chosen), highlight=set(centres))
    title = ", ".join(searchable.label(c) for c in view.highlight) or "kratom-kg"
    return draw(searchable.projection, view, load_style(Path(style) if style else None),
                title=title)


def export(out: PathLike, formats: Sequence[str], *, graph: PathLike | None = None,
           endpoint: str | None = None, locations: Locations | None = None) -> list[Path]:
    """Write the graph to ``out`` in each of ``formats`` (ttl, nt, jsonld, graphml, gexf, kgx,
    neo4j; see :mod:`kg.exports`), reading it from the built graph (``graph``, default
    ``build/kratom.nt``) or a SPARQL ``endpoint``. Files are replaced atomically; returns them."""
    from kg.atomic import replace_files
    from kg.exports.formats import export as run
    from kg.progress import Steps
    from kg.read.projection import build_projection
    from kg.sparql.engine import whole_graph

    where = _locations(None, None, locations)
    engine = open_engine(graph=graph, endpoint=endpoint, locations=where)
    local = None if endpoint is not None else Path(graph) if graph else where.graph_file("nt")
    size = local.stat().st_size if local is not None and local.is_file() else 0
    steps = Steps(size, len(set(formats)) + 1, "kg export")
    with steps("reading entities and claims"):
        projection = build_projection(engine)

    @cache
    def as_rdflib() -> Graph:
        if local is not None and local.is_file():
            return load_graph(local)
        return whole_graph(engine)  # an on-disk store or an endpoint: every triple, fetched once

    def ntriples() -> bytes:  # the built N-Triples as written, without a pass through rdflib
        assert local is not None
        return local.read_bytes()

    fast = local is not None and local.is_file() and local.suffix == ".nt"
    from rdflib import Graph

    ontology = Graph().parse(where.ontology_file, format="turtle")
    files = run(projection, as_rdflib, ontology, list(formats), ntriples if fast else None,
                steps)
    target = Path(out)
    replace_files({target / name: data for name, data in files.items()})
    return [target / name for name in sorted(files)]
