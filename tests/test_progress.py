"""Progress bars on long reads: drawn on standard error only when asked for or when the work is
large and a person is watching, never mixed into results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.progress import THRESHOLD, ReadProgress, wanted


def test_bar_is_drawn_on_stderr_when_asked(mini_graph: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_PROGRESS", "1")
    result = CliRunner().invoke(main, ["stats", "--graph", str(mini_graph), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["claims"] == 18  # results stay clean
    assert "loading kratom.nt" in result.stderr and "100%" in result.stderr


def test_no_bar_by_default_for_small_files_or_pipes(mini_graph: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_PROGRESS", raising=False)
    result = CliRunner().invoke(main, ["stats", "--graph", str(mini_graph)])
    assert result.exit_code == 0 and "loading" not in result.stderr
    assert not wanted(THRESHOLD * 4)  # a large file, but standard error is not a terminal here
    monkeypatch.setenv("KG_PROGRESS", "0")
    assert not wanted(THRESHOLD * 4)


def test_reader_passes_every_byte_through(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    payload = bytes(range(256)) * 1000
    path.write_bytes(payload)
    with ReadProgress(path, "reading") as source:
        chunks = []
        while chunk := source.read(4096):
            chunks.append(chunk)
        assert b"".join(chunks) == payload and source.done == len(payload)
        assert len(source) == len(payload)


def test_export_announces_each_stage_when_asked(mini_graph: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_PROGRESS", "1")
    out = tmp_path / "export"
    result = CliRunner().invoke(main, ["export", "--graph", str(mini_graph), "--format", "nt",
                                       "--format", "graphml", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "[1/3] reading entities and claims" in result.stderr
    assert "[2/3] writing nt" in result.stderr and "[3/3] writing graphml" in result.stderr
    assert "writing" not in result.stdout  # the file list on standard output stays clean
    monkeypatch.setenv("KG_PROGRESS", "0")
    quiet = CliRunner().invoke(main, ["export", "--graph", str(mini_graph), "--format", "nt",
                                      "--out", str(out)])
    assert quiet.exit_code == 0 and "[1/2]" not in quiet.stderr
    # the fast N-Triples path writes the built file's own lines, sorted
    assert (out / "kratom.nt").read_bytes() == b"".join(
        sorted({line + b"\n" for line in mini_graph.read_bytes().splitlines() if line}))
