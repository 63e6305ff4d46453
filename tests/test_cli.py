"""Every command end to end through click's CliRunner: on the mini fixture, on bad data, and on the
project's real data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import PROJECT, edit_row
from kg.cli import main
from kg.locations import Locations


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KG_HOME", str(PROJECT))
    return CliRunner()


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args), prog_name="kg", catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_every_command(runner: CliRunner) -> None:
    code, out, _ = invoke(runner, "--help")
    assert code == 0
    for command in ("build", "validate", "stats", "lint", "completion"):
        assert command in out
        sub_code, sub_out, _ = invoke(runner, command, "--help")
        assert sub_code == 0 and "Usage: kg" in sub_out


def test_build_validate_stats_on_the_mini_fixture(runner: CliRunner, mini: Locations) -> None:
    code, out, err = invoke(runner, "build", "--data", str(mini.data), "--out", str(mini.build))
    assert code == 0, err
    triples = len(mini.graph_file("nt").read_text().splitlines())
    assert f"({triples:,} triples, 18 claims)" in out
    assert sorted(p.name for p in mini.build.glob("kratom.*")) == [
        "kratom.jsonld", "kratom.nt", "kratom.projection.json", "kratom.ttl"]

    code, out, _ = invoke(runner, "validate", "--data", str(mini.data))
    assert code == 0 and out.startswith("valid: rows, references and SHACL shapes pass")

    code, out, _ = invoke(runner, "stats", "--graph", str(mini.graph_file("nt")))
    assert code == 0
    assert out.splitlines()[0] == f"{triples:,} triples · 18 claims · 5 sources"
    assert "Claims by evidence type" in out and "regulatory_statement" in out

    code, out, _ = invoke(runner, "stats", "--graph", str(mini.graph_file("nt")), "--format",
                          "json")
    assert code == 0 and json.loads(out)["claims"] == 18


def test_bad_data_exits_1_with_located_messages_and_no_output(runner: CliRunner,
                                                              mini: Locations) -> None:
    edit_row(mini.data / "claims" / "molecular.tsv", 4, value="-3", sources="alpha2021")
    code, out, err = invoke(runner, "build", "--data", str(mini.data), "--out", str(mini.build))
    assert code == 1 and out == ""
    assert "Traceback" not in err
    assert err.splitlines() == [
        f"{mini.data.as_posix()}/claims/molecular.tsv:4: sources: unknown source 'alpha2021' "
        "(did you mean 'alpha2020'?) [E302]",
        f"{mini.data.as_posix()}/claims/molecular.tsv:4: value: value -3 is negative; measured "
        "values are positive [E204]",
        "2 errors; nothing was written. Fix the rows above and run again.",
    ]
    assert not mini.build.exists()
    code, _, err = invoke(runner, "validate", "--data", str(mini.data))
    assert code == 1 and "[E302]" in err


def test_stats_without_a_build_says_how_to_build(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = invoke(runner, "stats", "--graph", str(tmp_path / "kratom.nt"))
    assert code == 1 and "run `kg build` first" in err


def test_lint_reports_and_fixes(runner: CliRunner, mini: Locations) -> None:
    path = mini.data / "entities" / "targets.tsv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], lines[2], lines[1]]) + "\n")
    code, _, err = invoke(runner, "lint", "--data", str(mini.data))
    assert code == 1 and "targets.tsv (run `kg lint --fix`)" in err
    code, out, _ = invoke(runner, "lint", "--data", str(mini.data), "--fix")
    assert code == 0 and "rewrote" in out
    code, out, _ = invoke(runner, "lint", "--data", str(mini.data))
    assert code == 0 and out.strip() == "all tables are in canonical form"


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["stats", "--format", "yaml"]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(runner: CliRunner, shell: str) -> None:
    code, out, _ = invoke(runner, "completion", shell)
    assert code == 0 and "_KG_COMPLETE" in out


def test_real_data_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    out_dir = tmp_path / "build"
    code, out, err = invoke(runner, "build", "--out", str(out_dir))
    assert code == 0, err
    code, out, _ = invoke(runner, "stats", "--graph", str(out_dir / "kratom.nt"), "--format",
                          "json")
    stats = json.loads(out)
    assert stats["claims"] >= 12 and stats["sources"] >= 8
    code, out, _ = invoke(runner, "validate")
    assert code == 0
    code, out, _ = invoke(runner, "lint")
    assert code == 0


def test_installed_entry_point_starts_without_heavy_imports() -> None:
    """`kg --help` must not import rdflib, pyoxigraph or pyshacl (start-up cost is design)."""
    probe = (
        "import sys\n"
        "from kg.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('rdflib', 'pyoxigraph', 'pyshacl', 'networkx') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_console_script_runs() -> None:
    result = subprocess.run(["kg", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("kg, version")


@pytest.mark.parametrize("case", ["unknown entity", "claim without source", "malformed DOI",
                                  "malformed PMID", "duplicate identifier", "negative measurement",
                                  "unit-less measurement", "unknown predicate",
                                  "unknown evidence type"])
def test_each_bad_input_fails_the_build_cleanly(case: str, runner: CliRunner,
                                                mini: Locations) -> None:
    from test_validate import CASES

    edit, expected = CASES[case]
    assert invoke(runner, "build", "--data", str(mini.data), "--out", str(mini.build))[0] == 0
    before = {p.name: p.read_bytes() for p in mini.build.iterdir()}
    edit(mini.data)
    code, out, err = invoke(runner, "build", "--data", str(mini.data), "--out", str(mini.build))
    assert code == 1 and out == "" and "Traceback" not in err
    located = [line.split(" ", 1)[0] for line in err.splitlines()[:-1]]
    assert [loc.split("/data/", 1)[1] for loc in located] == [
        e.split(" ", 1)[0].removeprefix("data/") for e in expected]
    assert {p.name: p.read_bytes() for p in mini.build.iterdir()} == before


def test_built_real_graph_parses_with_pyoxigraph(runner: CliRunner, tmp_path: Path) -> None:
    import pyoxigraph

    assert invoke(runner, "build", "--out", str(tmp_path))[0] == 0
    store = pyoxigraph.Store()
    store.load(path=str(tmp_path / "kratom.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    claims = store.query("ASK { ?c a <https://w3id.org/kratom-kg/vocab#Claim> }")
    assert len(store) > 1000 and bool(claims)
