"""The ``kg`` command line: parses options, calls :mod:`kg.api`, formats the answer.

Heavy libraries are imported inside each command, so ``kg --help`` starts in a few tens of
milliseconds. Errors that kratom-kg raises on purpose (:class:`~kg.errors.KGError`) print their
message and exit 1; usage errors exit 2; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from kg import __version__
from kg.errors import KGError, MissingParameters
from kg.path import DEFAULT_MAX_HOPS

F = TypeVar("F", bound=Callable[..., Any])

EXIT_DATA = 1


def _reports_errors(command: F) -> F:
    """Turn a :class:`KGError` into its message on stderr and the exit code of its class (1 for
    bad data or no result, 2 for a wrong request)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except MissingParameters as exc:
            raise click.UsageError(f"query '{exc.question}' needs: "
                                   + ", ".join(f"-p {m}=…" for m in exc.missing)) from None
        except KGError as exc:
            click.echo(str(exc), err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


_data_option = click.option(
    "--data", type=click.Path(file_okay=False, path_type=str), default=None,
    help="Folder of curated TSV files (default: data/ of the project).")
_shacl_option = click.option(
    "--shacl/--no-shacl", default=True, show_default=True,
    help="Check the built graph against ontology/shapes.ttl.")
_graph_option = click.option(
    "--graph", type=click.Path(path_type=str), default=None,
    help="Built graph to read: an N-Triples/Turtle file or an on-disk store folder "
         "(default: build/kratom.nt).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kratom-kg: a sourced knowledge graph of kratom pharmacology.

    Build the graph from the curated tables in data/, check it, and ask it questions.
    """


@main.command()
@_data_option
@click.option("--out", type=click.Path(file_okay=False, path_type=str), default=None,
              help="Folder to write the graph to (default: build/).")
@_shacl_option
@click.option("--store", is_flag=True,
              help="Also write an on-disk pyoxigraph store (build/kratom.oxigraph/) that queries "
                   "open in place with --graph, for graphs larger than memory.")
@_reports_errors
def build(data: str | None, out: str | None, shacl: bool, store: bool) -> None:
    """Validate the curated data and write the graph as Turtle, N-Triples and JSON-LD.

    On any error nothing in the output folder is replaced; a second build of unchanged data
    writes byte-identical files.
    """
    from kg import api

    result = api.build(data, out, shacl=shacl, store=store)
    _echo_warnings(result.warnings)
    from kg.locations import Locations

    where = Locations.discover()
    names = ", ".join(where.relative(p) for p in result.outputs)
    click.echo(f"wrote {names} ({result.triples:,} triples, {result.claims:,} claims)")


@main.command()
@_data_option
@_shacl_option
@_reports_errors
def validate(data: str | None, shacl: bool) -> None:
    """Run every check of `kg build` (rows, references, SHACL) without writing anything."""
    from kg import api

    warnings = api.validate(data, shacl=shacl)
    _echo_warnings(warnings)
    checks = "rows, references and SHACL shapes" if shacl else "rows and references"
    click.echo(f"valid: {checks} pass ({len(warnings)} warnings)")


@main.command()
@_graph_option
@click.option("--endpoint", metavar="URL", help="Count a remote SPARQL 1.1 endpoint's graph instead.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@_reports_errors
def stats(graph: str | None, endpoint: str | None, fmt: str) -> None:
    """Counts by class, relation, evidence type and source, and coverage of compounds and
    targets (what still lacks an identifier, a target claim or a system), from the built graph."""
    from kg import api

    result = api.stats(graph, endpoint=endpoint)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{result.triples:,} triples · {result.claims:,} claims · "
               f"{result.sources:,} sources\n")
    sections: list[tuple[str, Sequence[dict[str, Any]], Sequence[str]]] = [
        ("Entities by class", [r for r in result.classes if r["entities"]],
         ["label", "entities"]),
        ("Claims by relation", result.predicates, ["label", "claims", "contradicting", "edges"]),
        ("Claims by evidence type", [r for r in result.evidence if r["claims"]],
         ["label", "claims"]),
        ("Edges by evidence grade (docs/grading.md)", result.grades, ["grade", "role", "edges"]),
        ("Measurements", result.measures, ["measure", "claims", "sources"]),
        ("Measurement quality (complete = value with unit unless a ratio, species and assay)",
         [result.measurement_quality],
         ["measurements", "complete", "primary_complete", "primary_sources"]),
        ("Relative values, intervals and marks (relative = an Emax or a ratio)",
         [result.measurement_quality],
         ["relative", "with_comparator", "with_interval", "inferred", "disputed"]),
        ("Compound coverage", [result.compound_coverage],
         ["compounds", "with_identifier", "with_target_claim", "with_both"]),
        ("Compounds lacking a standard identifier or a supporting target claim",
         result.compound_gaps, ["compound", "identifiers", "target_claims"]),
        ("Target coverage", [result.target_coverage],
         ["targets", "with_uniprot", "with_hgnc", "with_ncbigene", "with_all_three",
          "with_system"]),
        ("Targets lacking a UniProt, HGNC or NCBI Gene identifier", result.target_gaps,
         ["target", "uniprot", "hgnc", "ncbigene", "systems"]),
        ("Sources by kind", result.source_kinds,
         ["kind", "sources", "with_doi", "with_pmid", "with_doi_or_pmid", "url_only"]),
        ("Sources per claim", result.sources_per_claim, ["sources", "claims"]),
    ]
    click.echo("\n\n".join(_table(title, rows, columns) for title, rows, columns in sections))


@main.command()
@_data_option
@click.option("--fix", is_flag=True, help="Rewrite the files in canonical form.")
@_reports_errors
def lint(data: str | None, fix: bool) -> None:
    """Check that the curated tables are in canonical form (column order, sorting, whitespace)."""
    from kg import api

    report = api.lint(data, fix=fix)
    _echo_warnings(report.diagnostics)
    if not report.unsorted:
        click.echo("all tables are in canonical form")
    for name in report.unsorted:
        verb = "rewrote" if fix else "not in canonical form:"
        click.echo(f"{verb} {name}" + ("" if fix else " (run `kg lint --fix`)"),
                   err=not fix)
    if not report.clean:
        sys.exit(EXIT_DATA)


@main.command()
@click.argument("text", required=False)
@click.option("-n", "--name", help="Run the catalogue query of this name (see --list).")
@click.option("-f", "--file", "file_", type=click.File("r", encoding="utf-8"),
              help="Read the query from a file ('-' for standard input).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a catalogue parameter (repeatable), e.g. -p compound=mitragynine.")
@click.option("--list", "list_", is_flag=True, help="List the catalogue of ready questions.")
@click.option("--format", "fmt", default=None,
              type=click.Choice(["table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld"]),
              help="Output format (default: table; ttl for CONSTRUCT/DESCRIBE).")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
              show_default=True, help="Embedded query engine.")
@click.option("--endpoint", metavar="URL", help="Query a remote SPARQL 1.1 endpoint instead.")
@_graph_option
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Stop the query after this many seconds.")
@click.option("--limit", type=int, default=100_000, show_default=True,
              help="Refuse results with more rows than this.")
@_reports_errors
def query(text: str | None, name: str | None, file_: Any, params: tuple[str, ...], list_: bool,
          fmt: str | None, engine: str, endpoint: str | None, graph: str | None, timeout: float,
          limit: int) -> None:
    """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the built graph.

    Give the query inline, with --file, or by --name from the catalogue. The project's prefixes
    (kg:, entity:, claim:, source:, rdf:, rdfs:, skos:, dcterms: …) are predeclared. Updates,
    SERVICE, FROM and LOAD are refused.
    """
    from kg import api

    if list_:
        click.echo(_catalogue_listing(api.catalogue()))
        return
    given = [x for x in (text, name, file_) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of: a query text, --name, or --file")
    bindings: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param expects NAME=VALUE, got '{item}'")
        bindings[key.strip()] = value.strip()
    if bindings and name is None:
        raise click.UsageError("--param binds catalogue parameters; use it with --name")
    from kg.sparql.results import render

    result = api.query(text if file_ is None else file_.read(), name=name, params=bindings,
                       engine=engine, graph=graph, endpoint=endpoint, timeout=timeout,
                       limit=limit)
    sys.stdout.buffer.write(render(result, fmt))
    sys.stdout.flush()


def _catalogue_listing(catalogue: dict[str, Any]) -> str:
    lines = []
    for entry in catalogue.values():
        args = " ".join(f"-p {p.name}={p.example}" for p in entry.params)
        lines.append(f"{entry.name}\n    {entry.summary}")
        if args:
            lines.append(f"    example: kg query -n {entry.name} {args}")
    return "\n".join(lines)


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store endpoint, e.g. http://127.0.0.1:7878/store for Oxigraph server.")
@_graph_option
@_reports_errors
def load(endpoint: str, graph: str | None) -> None:
    """Publish the built graph to a SPARQL Graph Store (replaces its default graph)."""
    from kg import api

    sent = api.publish(endpoint, graph)
    click.echo(f"sent {sent:,} bytes of N-Triples to {endpoint}")


@main.command()
@_graph_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=7879, show_default=True, help="Port (0: any free).")
@click.option("--allow-remote", is_flag=True,
              help="Allow listening on a non-loopback address (exposes the endpoint).")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Query worker processes.")
@click.option("--timeout", type=float, default=10.0, show_default=True,
              help="Stop a query after this many seconds (HTTP 503).")
@click.option("--limit", type=int, default=10_000, show_default=True,
              help="Refuse results with more rows than this (HTTP 413).")
@click.option("--max-body", type=int, default=1 << 20, show_default=True,
              help="Largest request body in bytes (HTTP 413).")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also accept this Host header (e.g. a proxy's name); repeatable.")
@click.option("--cors", is_flag=True, help="Allow cross-origin requests from browsers.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request.")
@_reports_errors
def serve(graph: str | None, host: str, port: int, allow_remote: bool, workers: int,
          timeout: float, limit: int, max_body: int, allowed_hosts: tuple[str, ...], cors: bool,
          verbose: bool) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /."""
    from pathlib import Path

    from kg.locations import Locations
    from kg.serve.server import Limits, make_server

    where = Locations.discover()
    server = make_server(Path(graph) if graph else where.graph_file("nt"), where.queries,
                         host=host, port=port, workers=workers, allow_remote=allow_remote,
                         limits=Limits(timeout=timeout, rows=limit, body_bytes=max_body),
                         allowed_hosts=frozenset(allowed_hosts), cors=cors, verbose=verbose)
    click.echo(f"serving {server.url} (query page: {server.url[:-len('sparql')]}); Ctrl-C stops",
               err=False)
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.pool.close()


@main.command()
@click.argument("source")
@click.argument("target")
@click.option("--max-hops", type=click.IntRange(1, 8), default=DEFAULT_MAX_HOPS, show_default=True,
              help="Longest path to consider.")
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True,
              help="How many paths of each kind to show.")
@click.option("--kind", type=click.Choice(["all", "mechanism", "association", "context"]),
              default="all", show_default=True,
              help="Mechanism chains (every hop a mechanistic step), associations (a hop that "
                   "only shows exposure and outcome together), regulatory context, or all.")
@click.option("--rank", type=click.Choice(["score", "shortest"]), default="score",
              show_default=True,
              help="Best-graded paths first (product of the hops' grade scores), or fewest hops.")
@click.option("--min-grade", metavar="GRADE",
              help="Use only hops graded at least this (e.g. probable; see docs/grading.md).")
@click.option("--min-evidence", metavar="TYPE",
              help="Grade hops on claims at least as strong as this evidence type (e.g. animal).")
@click.option("--via", multiple=True, metavar="NAME",
              help="Paths must pass through this entity or class (repeatable).")
@click.option("--exclude", multiple=True, metavar="NAME",
              help="Never pass through this entity or class (repeatable).")
@click.option("--backwards", is_flag=True, help="Also walk edges against their direction.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True,
              help="Output format; html is a stand-alone interactive page of the paths.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write to this file (atomically) instead of standard output.")
@click.option("--style", type=click.Path(exists=True, dir_okay=False, path_type=str), default=None,
              help="Style file for --format html (default: the packaged graph-style.toml).")
@click.option("--graph", type=click.Path(path_type=str), default=None,
              help="Prepared projection (default: build/kratom.projection.json), or a built graph "
                   "file or on-disk store, of which only the reachable part is read.")
@click.option("--endpoint", metavar="URL",
              help="Read the reachable part of the graph from a SPARQL endpoint instead.")
@click.option("--timeout", type=float, default=10.0, show_default=True,
              help="Stop enumerating paths after this many seconds.")
@_reports_errors
def path(source: str, target: str, max_hops: int, limit: int, kind: str, rank: str,
         min_grade: str | None, min_evidence: str | None, via: tuple[str, ...],
         exclude: tuple[str, ...], backwards: bool, fmt: str, out: str | None,
         style: str | None, graph: str | None, endpoint: str | None, timeout: float) -> None:
    """Explain how SOURCE leads to TARGET, hop by hop, with the evidence grade and citations of
    each hop: mechanism chains first, then associations (docs/grading.md).

    Names may be identifiers, labels, synonyms or cross-references (e.g. 7-OH, "mu-type opioid
    receptor", MESH:C001801), in any case.
    """
    from kg import api
    from kg.path.report import as_dict, as_text

    result = api.paths(graph, source, target, max_hops=max_hops, limit=limit, rank=rank,
                       kind=kind, min_evidence=min_evidence, min_grade=min_grade, via=via,
                       exclude=exclude, backwards=backwards, timeout=timeout, endpoint=endpoint)
    if fmt == "json":
        text = json.dumps(as_dict(result.graph, result), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "html":
        from pathlib import Path

        from kg.pages.style import load_style
        from kg.path.page import path_page

        text = path_page(result.graph, result, load_style(Path(style) if style else None))
    else:
        text = as_text(result.graph, result)
    _emit(text, out)


@main.command()
@click.argument("drug", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True,
              help="Output format; html is a stand-alone page (needs DRUG).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write to this file (atomically) instead of standard output.")
@click.option("--limit", type=click.IntRange(1, 1000), default=5, show_default=True,
              help="Predicted routes of each kind to show in text (JSON and HTML have all).")
@click.option("--style", type=click.Path(exists=True, dir_okay=False, path_type=str), default=None,
              help="Style file for --format html (default: the packaged graph-style.toml).")
@click.option("--graph", type=click.Path(path_type=str), default=None,
              help="Prepared projection (default: build/kratom.projection.json), or a built graph "
                   "file or on-disk store.")
@click.option("--endpoint", metavar="URL", help="Read the graph from a SPARQL endpoint instead.")
@_reports_errors
def interactions(drug: str | None, fmt: str, out: str | None, limit: int, style: str | None,
                 graph: str | None, endpoint: str | None) -> None:
    """What happens if DRUG is taken with kratom: interactions shown in people and elsewhere,
    then routes predicted from mechanism (a kratom compound inhibits what clears DRUG, or acts
    where it acts), each edge with its evidence grade and citations. Without DRUG: every
    medicine the graph holds anything on, the most strongly supported first.
    """
    from kg import api
    from kg.read.interactions import as_dict, as_text, ranking_dict, ranking_text

    if drug is None:
        if fmt == "html":
            raise click.UsageError("--format html shows one medicine; name a DRUG")
        ranked = api.interactions(None, graph=graph, endpoint=endpoint)
        assert isinstance(ranked, list)
        text = json.dumps(ranking_dict(ranked), indent=2, ensure_ascii=False) + "\n" \
            if fmt == "json" else ranking_text(ranked)
        _emit(text, out)
        return
    result = api.interactions(drug, graph=graph, endpoint=endpoint)
    assert not isinstance(result, list)
    if fmt == "json":
        text = json.dumps(as_dict(result), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "html":
        from pathlib import Path

        from kg.pages.interactions import interactions_page
        from kg.pages.style import load_style

        text = interactions_page(result, load_style(Path(style) if style else None))
    else:
        text = as_text(result, limit=limit)
    _emit(text, out)


@main.command()
@click.option("--format", "formats", multiple=True, required=True,
              type=click.Choice(["ttl", "nt", "jsonld", "graphml", "gexf", "kgx", "neo4j"]),
              help="Format to write (repeatable).")
@click.option("--out", type=click.Path(file_okay=False, path_type=str), default="export",
              show_default=True, help="Folder to write into.")
@click.option("--graph", type=click.Path(exists=True, path_type=str), default=None,
              help="Built graph: N-Triples/Turtle file or on-disk store (default: build/kratom.nt).")
@click.option("--endpoint", metavar="URL", help="Read the graph from a SPARQL endpoint instead.")
@_reports_errors
def export(formats: tuple[str, ...], out: str, graph: str | None, endpoint: str | None) -> None:
    """Write the graph for other tools: RDF (ttl, nt, jsonld with its context), GraphML and GEXF
    (Cytoscape, Gephi), KGX TSV (Biolink), Neo4j import CSV."""
    from kg import api

    files = api.export(out, list(dict.fromkeys(formats)), graph=graph, endpoint=endpoint)
    for path in files:
        click.echo(f"wrote {path}")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=str), default="site",
              show_default=True, help="Folder to write the site to (replaced whole).")
@click.option("--graph", type=click.Path(exists=True, path_type=str), default=None,
              help="Built graph: N-Triples/Turtle file or on-disk store (default: build/kratom.nt).")
@click.option("--endpoint", metavar="URL", help="Read the graph from a SPARQL endpoint instead.")
@click.option("--style", type=click.Path(exists=True, dir_okay=False, path_type=str), default=None,
              help="Style file (default: the packaged graph-style.toml).")
@click.option("--around", "around", multiple=True, metavar="NAME",
              help="Fetch and draw only this entity's neighbourhood (repeatable): for graphs too "
                   "large to read whole, e.g. behind an --endpoint.")
@click.option("--radius", type=click.IntRange(min=0), default=1, show_default=True,
              help="Hops around each --around entity.")
@_reports_errors
def render(out: str, graph: str | None, endpoint: str | None, style: str | None,
           around: tuple[str, ...], radius: int) -> None:
    """Write the interactive graph pages: an offline static site to open from file://.

    Index with counts and legend, the whole graph, a page per entity (neighbourhood, identifiers,
    every claim with its citations), per catalogue question drawn as a graph, and the seed
    article's statements with their verdicts.
    """
    from kg import api

    result = api.render(out, graph=graph, endpoint=endpoint, style=style, around=around,
                        radius=radius)
    click.echo(f"wrote {result.out}/ ({result.pages} pages: {result.entities} entities, "
               f"{result.questions} questions; {result.bytes / 1e6:.1f} MB); open "
               f"{result.out}/index.html")
    if result.skipped:
        click.echo("no page for these questions, whose example parameters name nothing in this "
                   f"graph: {', '.join(result.skipped)}", err=True)


@main.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script, e.g. `eval "$(kg completion bash)"`."""
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    assert cls is not None  # the Choice above admits only shells click supports
    click.echo(cls(main, {}, "kg", "_KG_COMPLETE").source())


def _emit(text: str, out: str | None) -> None:
    """Print ``text``, or write it atomically to the file ``out``."""
    if out is None:
        click.echo(text, nl=False)
        return
    from pathlib import Path

    from kg.atomic import replace_files

    replace_files({Path(out): text.encode("utf-8")})
    click.echo(f"wrote {out}", err=True)


def _echo_warnings(diagnostics: Sequence[Any]) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


def _table(title: str, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(row.get(c), int | float) or row.get(c) is None for row in rows)
               and i > 0 for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w)
                 for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    out = [title, line(list(columns)), line(["-" * w for w in widths])]
    out += [line(r) for r in cells] or ["(none)"]
    return "\n".join(out)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


if __name__ == "__main__":
    main()
