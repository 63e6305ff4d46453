"""The functions a notebook user or the CLI calls; each takes plain arguments, finds the project's
files through :class:`~kg.locations.Locations`, and returns plain objects."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kg.locations import Locations

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

    from kg.build import BuildResult
    from kg.errors import Diagnostic
    from kg.lint import LintReport
    from kg.stats import Stats

PathLike = str | os.PathLike[str]


def _locations(data: PathLike | None = None, out: PathLike | None = None,
               locations: Locations | None = None) -> Locations:
    return locations or Locations.discover(data=data, build=out)


def build(data: PathLike | None = None, out: PathLike | None = None, *, shacl: bool = True,
          locations: Locations | None = None, today: dt.date | None = None) -> BuildResult:
    """Load, validate and write the graph (``kratom.ttl``, ``.nt``, ``.jsonld``) to ``out``
    (default ``build/``). Raises :class:`~kg.errors.ValidationError` listing every problem; on any
    error nothing in ``out`` is replaced."""
    from kg.build import build as run

    return run(_locations(data, out, locations), shacl=shacl, today=today)


def validate(data: PathLike | None = None, *, shacl: bool = True,
             locations: Locations | None = None, today: dt.date | None = None,
             ) -> tuple[Diagnostic, ...]:
    """Run every check of :func:`build` without writing; returns the warnings, raises
    :class:`~kg.errors.ValidationError` on errors."""
    from kg.build import compile_graph

    return compile_graph(_locations(data, None, locations), shacl=shacl, today=today).warnings


def lint(data: PathLike | None = None, *, fix: bool = False,
         locations: Locations | None = None) -> LintReport:
    """Check (or with ``fix``, restore) the canonical form of the curated tables."""
    from kg.lint import lint as run

    where = _locations(data, None, locations)
    return run(where.data, fix=fix, display_root=where.root)


def _graph_path(graph: PathLike | None, locations: Locations | None) -> Path:
    if graph is not None:
        return Path(graph)
    return _locations(None, None, locations).graph_file("nt")


def load_graph(graph: PathLike | None = None, *, locations: Locations | None = None) -> Graph:
    """The built graph as an rdflib ``Graph`` (default: ``build/kratom.nt``)."""
    from kg.store import load_graph as run

    return run(_graph_path(graph, locations))


def open_store(graph: PathLike | None = None, *,
               locations: Locations | None = None) -> pyoxigraph.Store:
    """The built graph in an in-memory pyoxigraph store, ready for fast SPARQL."""
    from kg.store import open_store as run

    return run(_graph_path(graph, locations))


def stats(graph: PathLike | None = None, *, locations: Locations | None = None) -> Stats:
    """Counts by class, relation, evidence type and source for the built graph."""
    from kg.stats import compute

    return compute(open_store(graph, locations=locations))
