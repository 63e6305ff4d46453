"""Remote backends against a real Oxigraph server on loopback: `kg load --endpoint` publishes the
built graph through the Graph Store Protocol, and `kg query --endpoint` runs the same catalogue
there with the same answers as the embedded store.

`.ci/run` starts the server and passes its address in KG_TEST_OXIGRAPH; without it, the test
starts its own from the `oxigraph` package (a test extra)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from conftest import PROJECT, with_interactions
from kg.cli import main
from kg.sparql.engine import Result


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[str]:
    given = os.environ.get("KG_TEST_OXIGRAPH")
    if given:
        yield given.rstrip("/")
        return
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
    port = _free_port()
    process = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(10)


def rows(result: Result) -> list[tuple[str | None, ...]]:
    return sorted(tuple(r.values()) for r in result.records())


@pytest.fixture
def loaded(oxigraph: str, mini_graph: Path) -> str:
    """The endpoint's query URL, with the mini graph published to it by `kg load`."""
    result = CliRunner().invoke(main, ["load", "--endpoint", f"{oxigraph}/store", "--graph",
                                       str(mini_graph)])
    assert result.exit_code == 0, result.output
    return f"{oxigraph}/query"


def assert_same_files(one: Path, other: Path) -> list[Path]:
    """Both folders hold the same files, byte for byte; returns their relative paths."""
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file())
    for name in files:
        assert (one / name).read_bytes() == (other / name).read_bytes(), name
    return files


def test_load_then_query_the_catalogue_remotely(oxigraph: str, mini_graph: Path) -> None:
    runner = CliRunner()
    loaded = runner.invoke(main, ["load", "--endpoint", f"{oxigraph}/store", "--graph",
                                  str(mini_graph)], prog_name="kg")
    assert loaded.exit_code == 0, loaded.output
    assert loaded.output.startswith("sent ")
    endpoint = f"{oxigraph}/query"
    for name, entry in kg.catalogue(locations=kg.Locations.at(PROJECT)).items():
        params = {p.name: p.example for p in entry.params}
        from test_catalogue import EXPECTED

        params = EXPECTED[name][0] or params
        local = kg.query(name=name, params=params, graph=mini_graph, timeout=None)
        remote = kg.query(name=name, params=params, endpoint=endpoint)
        assert local.variables == remote.variables, name
        assert rows(local) == rows(remote), name


def test_cli_query_against_the_endpoint(loaded: str) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["query", "--endpoint", loaded, "-n",
                                  "target-ligands", "-p", "target=RECA", "-p", "measure=Ki",
                                  "--format", "csv"], prog_name="kg")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("target,measure,compound") and len(lines) == 3
    refused = runner.invoke(main, ["query", "--endpoint", loaded,
                                   "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"])
    assert refused.exit_code == 1 and "SERVICE" in refused.output


def test_unreachable_endpoint_is_a_clear_error() -> None:
    port = _free_port()
    result = CliRunner().invoke(main, ["query", "--endpoint", f"http://127.0.0.1:{port}/query",
                                       "ASK {}"])
    assert result.exit_code == 1 and "cannot reach the endpoint" in result.output


def test_path_against_the_endpoint(loaded: str, mini_graph: Path) -> None:
    remote = kg.paths(None, "compound-a", "risk-r", endpoint=loaded, limit=10)
    local = kg.paths(mini_graph.with_name("kratom.projection.json"), "compound-a", "risk-r",
                     limit=10)
    assert [(p.nodes, round(p.score, 9)) for p in remote.paths] == \
        [(p.nodes, round(p.score, 9)) for p in local.paths]


def test_render_from_the_endpoint_matches_the_local_site(loaded: str, mini_graph: Path,
                                                         tmp_path: Path) -> None:
    local, remote = tmp_path / "local", tmp_path / "remote"
    where = kg.Locations.at(PROJECT)
    kg.render(local, graph=mini_graph, locations=where)
    kg.render(remote, endpoint=loaded, locations=where)
    assert_same_files(local, remote)


def test_render_around_from_the_endpoint_matches_the_local_file(loaded: str, mini_graph: Path,
                                                                tmp_path: Path) -> None:
    runner = CliRunner()
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert runner.invoke(main, ["render", "--out", str(local), "--graph", str(mini_graph),
                                "--around", "RECA", "--radius", "1"]).exit_code == 0
    result = runner.invoke(main, ["render", "--out", str(remote), "--endpoint", loaded,
                                  "--around", "RECA", "--radius", "1"])
    assert result.exit_code == 0, result.output
    assert_same_files(local, remote)
    assert sorted(p.stem for p in (local / "entities").glob("*.html")) == sorted(
        ["ENZA", "RECA", "compound-a", "compound-b", "effect-e", "risk-r", "system-s"])


def test_network_from_the_endpoint_fetches_the_same_neighbourhood(loaded: str,
                                                                  mini_graph: Path) -> None:
    remote = kg.network("receptor A", radius=1, endpoint=loaded)
    local = kg.network("receptor A", radius=1,
                       graph=mini_graph.with_name("kratom.projection.json"))
    assert sorted(remote.get_nodes()) == sorted(local.get_nodes())
    assert len(remote.get_edges()) == len(local.get_edges())


def test_catalogue_is_identical_on_every_backend(oxigraph: str, mini: kg.Locations) -> None:
    """In-memory Oxigraph, the on-disk store, rdflib's engine and a remote endpoint give the same
    rows for every catalogue question (on the mini dataset with medicines, so every question has
    rows to compare)."""
    with_interactions(mini.data)
    kg.build(locations=mini, store=True)
    runner = CliRunner()
    assert runner.invoke(main, ["load", "--endpoint", f"{oxigraph}/store", "--graph",
                                str(mini.graph_file("nt"))]).exit_code == 0
    from test_catalogue import EXPECTED

    where = kg.Locations.at(PROJECT)
    for name, entry in kg.catalogue(locations=where).items():
        params = EXPECTED[name][0] or {p.name: p.example for p in entry.params}
        answers = {
            "memory": kg.query(name=name, params=params, graph=mini.graph_file("nt"),
                               timeout=None, locations=where),
            "disk": kg.query(name=name, params=params, graph=mini.build / "kratom.oxigraph",
                             timeout=None, locations=where),
            "rdflib": kg.query(name=name, params=params, graph=mini.graph_file("nt"),
                               engine="rdflib", timeout=None, locations=where),
            "remote": kg.query(name=name, params=params, endpoint=f"{oxigraph}/query",
                               locations=where),
        }
        reference = canonical(answers["memory"])
        assert reference, f"{name} has no rows on the fixture, so it compares nothing"
        for backend, result in answers.items():
            assert result.variables == answers["memory"].variables, (name, backend)
            assert canonical(result) == reference, (name, backend)


def canonical(result: Result) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of plain text (numbers by value: 10 and 10.0 agree; the parts of a
    GROUP_CONCAT sorted, as SPARQL leaves their order to the engine)."""
    rows = []
    for record in result.records():
        cells = []
        for value in record.values():
            if value is None:
                cells.append("")
                continue
            text = str(value)
            try:
                cells.append(repr(float(text)))
            except ValueError:
                for separator in ("|", ", "):
                    if separator in text:
                        text = separator.join(sorted(text.split(separator)))
                        break
                cells.append(text)
        rows.append(tuple(cells))
    return sorted(rows)
