"""`kg query` end to end: inline, from a file, by catalogue name; every output format; refusals
and errors with exit codes and no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from conftest import PROJECT
from kg.cli import main


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, mini_graph: Path):
    monkeypatch.setenv("KG_HOME", str(PROJECT))

    def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, ["query", "--graph", str(mini_graph), *args],
                                    input=stdin, prog_name="kg", catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_inline_select_as_table(run) -> None:
    code, out, _ = run("SELECT ?label WHERE { ?c a kg:Alkaloid ; rdfs:label ?label } "
                       "ORDER BY ?label")
    assert code == 0
    assert out.splitlines() == ["label", "----------", "compound A", "compound B", "(2 rows)"]


QUERY_WITH_NUMBERS = "SELECT ?c ?v WHERE { ?x kg:value ?v ; rdf:subject ?c } ORDER BY ?v"


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_solution_formats_parse_as_w3c_results(run, fmt: str) -> None:
    code, out, _ = run(QUERY_WITH_NUMBERS, "--format", fmt)
    assert code == 0
    parsed = pyoxigraph.parse_query_results(
        out.encode(), format={"json": pyoxigraph.QueryResultsFormat.JSON,
                              "xml": pyoxigraph.QueryResultsFormat.XML,
                              "tsv": pyoxigraph.QueryResultsFormat.TSV}[fmt])
    values = [s["v"] for s in parsed]
    assert len(values) == 8  # every measured value of the mini dataset
    assert values[0].value == "1.5" and values[0].datatype.value.endswith("#decimal")


def test_csv_is_rfc4180_with_plain_values(run) -> None:
    import csv
    import io

    code, out, _ = run(QUERY_WITH_NUMBERS, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == ["c", "v"] and rows[1][1] == "1.5" and len(rows) == 9


def test_ask_in_json(run) -> None:
    code, out, _ = run("ASK { entity:compound-a kg:inhibits entity:ENZA }", "--format", "json")
    assert code == 0 and json.loads(out) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_graph_formats(run, fmt: str) -> None:
    code, out, _ = run("CONSTRUCT { ?s kg:partOf ?o } WHERE { ?s kg:partOf ?o }", "--format", fmt)
    assert code == 0
    rdf = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
           "jsonld": pyoxigraph.RdfFormat.JSON_LD}[fmt]
    assert len(list(pyoxigraph.parse(out.encode(), format=rdf))) == 1


def test_query_from_file_and_stdin(run, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Claim }")
    assert run("--file", str(path), "--format", "csv")[1].splitlines() == ["n", "18"]
    assert run("--file", "-", "--format", "csv", stdin=path.read_text())[1].splitlines() == [
        "n", "18"]


def test_catalogue_by_name_with_parameters(run) -> None:
    code, out, _ = run("-n", "target-ligands", "-p", "target=receptor A", "-p", "measure=Ki",
                       "--format", "csv")
    assert code == 0
    assert [line.split(",")[5] for line in out.splitlines()[1:]] == ["12.5", "40"]


def test_list_shows_every_query_with_an_example(run) -> None:
    code, out, _ = run("--list")
    assert code == 0
    assert "compound-targets" in out and "example: kg query -n compound-targets -p" in out


def test_engine_rdflib_gives_the_same_rows(run) -> None:
    query = "SELECT ?l WHERE { ?x a kg:Effect ; rdfs:label ?l } ORDER BY ?l"
    assert run(query, "--engine", "rdflib", "--format", "csv")[1] == \
        run(query, "--format", "csv")[1]


@pytest.mark.parametrize(("args", "message"), [
    (("SELECT * WHERE {\n  ?s ?p }",), "syntax error at 2:"),
    (("INSERT DATA { <a:b> <a:c> <a:d> }",), "read-only"),
    (("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",), "SERVICE"),
    (("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",), "FROM"),
    (("-n", "compound-targets", "-p", "compound=compund A"), "no entity named 'compund A'"),
    (("-n", "nope"), "no catalogue query named 'nope'"),
    (("SELECT * WHERE { ?s ?p ?o }", "--limit", "5"), "more than 5 rows"),
    (("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1"),
     "1 s limit"),
    (("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "--format", "csv"), "cannot hold"),
])
def test_errors_exit_1_without_traceback(run, args: tuple[str, ...], message: str) -> None:
    code, out, err = run(*args)
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err


def test_usage_errors_exit_2(run) -> None:
    assert run()[0] == 2  # no query given
    assert run("-n", "target-ligands")[0] == 2  # parameters missing
    assert run("-p", "a=b", "ASK {}")[0] == 2


def test_on_disk_store_answers_like_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             ) -> None:
    """`kg build --store` writes a pyoxigraph store that every query command opens in place."""
    import shutil

    from conftest import MINI

    monkeypatch.setenv("KG_HOME", str(PROJECT))
    shutil.copytree(MINI, tmp_path / "data")
    runner = CliRunner()
    out = tmp_path / "build"
    built = runner.invoke(main, ["build", "--data", str(tmp_path / "data"), "--out", str(out),
                                 "--store"], prog_name="kg")
    assert built.exit_code == 0, built.output
    store = out / "kratom.oxigraph"
    assert store.is_dir()
    query = ["query", "-n", "target-ligands", "-p", "target=RECA", "-p", "measure=Ki",
             "--format", "csv"]
    from_store = runner.invoke(main, [*query, "--graph", str(store)])
    from_file = runner.invoke(main, [*query, "--graph", str(out / "kratom.nt")])
    assert from_store.exit_code == 0 and from_store.output == from_file.output
    stats = runner.invoke(main, ["stats", "--graph", str(store), "--format", "json"])
    assert json.loads(stats.output)["claims"] == 18
    # a rebuild replaces the store whole
    again = runner.invoke(main, ["build", "--data", str(tmp_path / "data"), "--out", str(out),
                                 "--store"])
    assert again.exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".kratom")) == []


def test_a_query_that_kills_its_process_is_a_clear_error(mini_graph: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    deep = tmp_path / "deep.rq"
    deep.write_text("SELECT (COUNT(*) AS ?n) WHERE " + "{ " * 20000 + "?s ?p ?o " + "} " * 20000)
    # A real `kg` process: an in-process run would hand pytest's fault handler to the crashing
    # child, whose stack dump only clutters the test log.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONFAULTHANDLER"}
    done = subprocess.run([sys.executable, "-m", "kg.cli", "query", "--graph", str(mini_graph),
                           "--file", str(deep)], capture_output=True, text=True, env=env,
                          cwd=PROJECT, timeout=120)
    code, out, err = done.returncode, done.stdout, done.stderr
    assert code == 1
    assert "ended without an answer" in err and "nested too deeply" in err
    assert "Traceback" not in out + err and "Fatal Python error" not in err
