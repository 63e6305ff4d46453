"""Opens the built graph for reading: an rdflib ``Graph`` for Python users, or a prepared
pyoxigraph store for fast SPARQL, both read from the N-Triples file that ``kg build`` writes
(parsing N-Triples is much cheaper than Turtle)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from kg.errors import NotBuiltError
from kg.model.prefixes import bind
from kg.progress import ReadProgress

if TYPE_CHECKING:
    from rdflib import Graph

def require(path: Path) -> Path:
    """``path`` if it exists, else :class:`NotBuiltError` naming the command that makes it."""
    if not path.exists():
        raise NotBuiltError(f"{path}: the graph has not been built; run `kg build` first")
    return path


def load_graph(path: Path) -> Graph:
    """The graph in ``path`` (N-Triples, Turtle or JSON-LD, by extension) as an rdflib Graph with
    the project's prefixes bound."""
    from rdflib import Graph  # rdflib only for rdflib users: the other readers need pyoxigraph

    fmt = {".nt": "nt", ".ttl": "turtle", ".jsonld": "json-ld"}.get(path.suffix, "turtle")
    return bind(Graph()).parse(require(path), format=fmt)


def open_store(path: Path) -> pyoxigraph.Store:
    """A pyoxigraph store over the graph at ``path``: an on-disk store folder (written by
    ``kg build --store``) is opened read-only in place, for graphs larger than memory; an
    N-Triples or Turtle file is loaded into memory."""
    if path.is_dir():
        try:
            return pyoxigraph.Store.read_only(str(path))
        except OSError as exc:
            raise NotBuiltError(f"{path}: not a readable graph store ({exc}); run "
                                "`kg build --store`") from None
    fmt = pyoxigraph.RdfFormat.N_TRIPLES if path.suffix == ".nt" else pyoxigraph.RdfFormat.TURTLE
    store = pyoxigraph.Store()
    with ReadProgress(require(path), f"loading {path.name}") as source:
        store.bulk_load(source, format=fmt)
    return store


def write_store(ntriples: Path, target: Path) -> None:
    """Write an on-disk pyoxigraph store of ``ntriples`` at ``target``: built in a sibling folder
    and moved into place only when complete, so readers never see a half-loaded store."""
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    retired = target.with_name(f".{target.name}.{os.getpid()}.old")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        store = pyoxigraph.Store(str(staging))
        with ReadProgress(require(ntriples), f"building the store {target.name}") as source:
            store.bulk_load(source, format=pyoxigraph.RdfFormat.N_TRIPLES)
        store.flush()
        del store
        if target.exists():
            os.replace(target, retired)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)
