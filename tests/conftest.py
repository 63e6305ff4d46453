"""Shared fixtures: the project's ontology, a copy of the hand-built mini dataset, and helpers to
edit one of its rows."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.locations import Locations
from kg.model.ontology import Ontology, read_ontology
from kg.serve.server import Limits, SparqlServer, make_server

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"
#: Rows that, appended to the mini dataset, add medicines and their interactions with plant X.
INTERACTIONS = FIXTURES / "interactions"
#: A fixed "today" so date checks do not depend on when the tests run.
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="session")
def ontology() -> Ontology:
    return read_ontology(PROJECT / "ontology" / "kratom.ttl")


def with_interactions(data: Path) -> None:
    """Append the rows of tests/fixtures/interactions to a copy of the mini dataset (a table the
    mini dataset lacks is added whole)."""
    for overlay in sorted(INTERACTIONS.rglob("*.tsv")):
        target = data / overlay.relative_to(INTERACTIONS)
        lines = overlay.read_text(encoding="utf-8").rstrip("\n").split("\n")
        if not target.exists():
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
            continue
        names = lines[0].split("\t")
        for line in lines[1:]:
            append_row(target, **dict(zip(names, line.split("\t"), strict=True)))


@pytest.fixture(scope="session")
def interactions_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini dataset with medicines and their interactions, built once per session; returns
    its N-Triples file (the projection is beside it)."""
    root = tmp_path_factory.mktemp("interactions-built")
    shutil.copytree(MINI, root / "data")
    with_interactions(root / "data")
    where = Locations(root=root, data=root / "data", ontology=PROJECT / "ontology",
                      build=root / "build")
    kg.build(locations=where, today=TODAY)
    return where.graph_file("nt")


@pytest.fixture
def mini(tmp_path: Path) -> Locations:
    """A writable copy of tests/fixtures/mini as a project: data/ plus the real ontology."""
    shutil.copytree(MINI, tmp_path / "data")
    return Locations(root=tmp_path, data=tmp_path / "data", ontology=PROJECT / "ontology",
                     build=tmp_path / "build")


def edit_row(path: Path, line: int, **fields: str) -> None:
    """Set ``fields`` (column → new text) on 1-based ``line`` of the TSV file at ``path``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split("\t")
    cells = lines[line - 1].split("\t")
    for name, value in fields.items():
        cells[header.index(name)] = value
    lines[line - 1] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def append_row(path: Path, **fields: str) -> int:
    """Append a row (unnamed columns empty) and return its 1-based line number."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    header = text.split("\n")[0].split("\t")
    row = "\t".join(fields.get(name, "") for name in header)
    path.write_text(text + "\n" + row + "\n", encoding="utf-8")
    return text.count("\n") + 2


@pytest.fixture(scope="session")
def mini_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini dataset built once per test session; returns its N-Triples file."""
    root = tmp_path_factory.mktemp("mini-built")
    shutil.copytree(MINI, root / "data")
    where = Locations(root=root, data=root / "data", ontology=PROJECT / "ontology",
                      build=root / "build")
    kg.build(locations=where, today=TODAY)
    return where.graph_file("nt")


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Locations:
    """The project's real data built once per test session into a temporary folder."""
    where = Locations.at(PROJECT, build=tmp_path_factory.mktemp("real-build"))
    kg.build(locations=where)
    return where


@contextlib.contextmanager
def running_server(graph: Path, **limits: float) -> Iterator[SparqlServer]:
    """`kg serve` on a free loopback port over ``graph``, in a thread, shut down afterwards."""
    server = make_server(graph, PROJECT / "queries", port=0, workers=int(limits.pop("workers", 2)),
                         limits=Limits(**limits))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        server.pool.close()
