"""Canonical form of the curated tables."""

from __future__ import annotations

from conftest import PROJECT, append_row
from kg.curate.lint import lint
from kg.locations import Locations


def test_mini_fixture_is_canonical(mini: Locations) -> None:
    report = lint(mini.data, display_root=mini.root)
    assert report.unsorted == () and report.clean


def test_unsorted_rows_and_missing_optional_columns_are_fixed(mini: Locations) -> None:
    path = mini.data / "entities" / "effects.tsv"
    append_row(path, id="aaa-effect", **{"class": "Effect"}, label="  first  ")
    lines = path.read_text().splitlines()
    header = lines[0].split("\t")
    drop = header.index("xrefs")
    rewritten = ["\t".join(c for i, c in enumerate(line.split("\t")) if i != drop) for line in lines]
    path.write_bytes(("\r\n".join(rewritten) + "\r\n").encode())

    report = lint(mini.data, display_root=mini.root)
    assert report.unsorted == ("data/entities/effects.tsv",) and not report.clean

    fixed = lint(mini.data, fix=True, display_root=mini.root)
    assert fixed.clean
    assert path.read_text().splitlines() == [
        "id\tclass\tlabel\tsynonyms\txrefs\tdescription\tconfirmed_at",
        "aaa-effect\tEffect\tfirst\t\t\t\t",
        "effect-e\tEffect\teffect E\t\t\t\t",
    ]
    assert lint(mini.data, display_root=mini.root).unsorted == ()  # idempotent


def test_files_with_format_errors_are_reported_not_rewritten(mini: Locations) -> None:
    path = mini.data / "entities" / "risks.tsv"
    broken = path.read_bytes() + b"only-one-field\n"
    path.write_bytes(broken)
    report = lint(mini.data, fix=True, display_root=mini.root)
    assert [d.code for d in report.diagnostics] == ["E104"] and not report.clean
    assert path.read_bytes() == broken


def test_project_data_is_in_canonical_form() -> None:
    report = lint(PROJECT / "data", display_root=PROJECT)
    assert report.diagnostics == ()
    assert report.unsorted == (), (
        f"{', '.join(report.unsorted)} not in canonical form: run `kg lint --fix`")
