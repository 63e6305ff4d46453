"""The bad-input corpus (tests/bad-input/*.toml): each file is one malformed (or oddly formed but
valid) edit of the mini dataset, with the exact error `kg build` must print. Every rejected case
exits 1 with that error alone and leaves the previous build untouched; every accepted case builds.

A case file says which table to change and how:

- ``line`` + ``set``: set columns of one row (``repeat`` repeats each new value N times);
- ``append``: add a raw line; ``add``: add a row given by column (the other columns empty, so
  the case holds when the table gains a column); ``replace = [old, new]``: replace text in the
  file;
- ``encoding`` (default utf-8), ``bom``, ``newline = "crlf"``: how the file is then written;
- ``grow_to``: pad the file with blank lines to this many bytes;
- ``expect``: the exact error lines (paths relative to the data folder), or ``ok = true`` with
  ``same_output`` (byte-identical graph) or ``contains`` (text the Turtle output must hold).
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import MINI, with_interactions
from kg.cli import main

CORPUS = Path(__file__).resolve().parent / "bad-input"
CASES = sorted(CORPUS.glob("*.toml"))
KEYS = {"about", "interactions", "file", "line", "set", "repeat", "append", "add", "replace",
        "encoding", "bom", "newline", "grow_to", "expect", "ok", "same_output", "contains"}


def read_case(path: Path) -> dict[str, Any]:
    case = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(case) - KEYS
    assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"
    assert case.get("about") and case.get("file"), f"{path.name}: needs about and file"
    assert ("expect" in case) != bool(case.get("ok")), f"{path.name}: give expect or ok = true"
    return case


def apply(case: dict[str, Any], data: Path) -> None:
    """Change the table the case names, as it says (after adding the medicines and their
    interactions to the mini data, when the case asks for them with ``interactions = true``)."""
    if case.get("interactions"):
        with_interactions(data)
    path = data / case["file"]
    text = path.read_text(encoding="utf-8")
    if "line" in case:
        lines = text.split("\n")
        header = lines[0].split("\t")
        cells = lines[case["line"] - 1].split("\t")
        for column, value in case["set"].items():
            cells[header.index(column)] = value * case.get("repeat", 1)
        lines[case["line"] - 1] = "\t".join(cells)
        text = "\n".join(lines)
    if "append" in case:
        text = text.rstrip("\n") + "\n" + case["append"] + "\n"
    if "add" in case:
        header = text.split("\n", 1)[0].split("\t")
        row = "\t".join(case["add"].get(column, "") for column in header)
        text = text.rstrip("\n") + "\n" + row + "\n"
    if "replace" in case:
        old, new = case["replace"]
        assert old in text, f"{case['file']} has no {old!r}"
        text = text.replace(old, new)
    if case.get("newline") == "crlf":
        text = text.replace("\n", "\r\n")
    data_bytes = text.encode(case.get("encoding", "utf-8"))
    if case.get("bom"):
        data_bytes = b"\xef\xbb\xbf" + data_bytes
    if "grow_to" in case:
        data_bytes += b"\n" * max(0, case["grow_to"] - len(data_bytes))
    path.write_bytes(data_bytes)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding a copy of the mini data and its build; the working folder."""
    shutil.copytree(MINI, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--data", "data", "--out", "build"])
    assert result.exit_code == 0, result.output
    return tmp_path


def test_the_corpus_covers_the_cases_it_must() -> None:
    names = " ".join(p.stem for p in CASES)
    for needed in ("latin1", "bom", "crlf", "ragged", "tab-inside", "quote", "duplicate",
                   "unknown-entity", "lookalike", "bidi", "cycle", "negative", "wrong-unit",
                   "future-date", "malformed-doi", "malformed-pmid", "malformed-curie",
                   "javascript-url", "data-url", "overlong", "huge-file"):
        assert needed in names, needed


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path, project: Path) -> None:
    case = read_case(path)
    before = snapshot(project / "build")
    apply(case, project / "data")
    result = CliRunner().invoke(main, ["build", "--data", "data", "--out", "build"])
    if case.get("ok"):
        assert result.exit_code == 0, result.output
        after = snapshot(project / "build")
        if case.get("same_output"):
            assert after == before
        if "contains" in case:
            assert case["contains"] in after["kratom.ttl"].decode("utf-8")
        return
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    shown = result.output.replace(str((project / "data").resolve()) + "/", "")
    lines = shown.strip().splitlines()
    errors = [line for line in lines[:-1] if "warning:" not in line]
    noun = "error" if len(case["expect"]) == 1 else "errors"
    assert errors == case["expect"], result.output
    assert lines[-1] == f"{len(case['expect'])} {noun}; nothing was written. Fix the rows above " \
                        "and run again."
    assert snapshot(project / "build") == before
