"""The file-format layer: encodings, headers, field counts, quoting and invisible characters."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from kg.curate.load import load_data
from kg.graph.build import compile_graph, serialise
from kg.locations import Locations


def codes(locations: Locations) -> list[str]:
    raw = load_data(locations.data, display_root=locations.root)
    return [f"{d.file}:{d.line}: {d.field}: {d.code}" for d in raw.diagnostics]


def test_mini_dataset_loads_cleanly(mini: Locations) -> None:
    raw = load_data(mini.data, display_root=mini.root)
    assert raw.diagnostics == ()
    assert len(raw.rows("claims/molecular.tsv")) == 6
    first = raw.rows("sources.tsv")[0]
    assert (first.origin.file, first.origin.line) == ("data/sources.tsv", 2)


def test_bom_and_crlf_are_accepted_with_identical_output(mini: Locations) -> None:
    before = serialise(compile_graph(mini, shacl=False, today=TODAY).graph)
    path = mini.data / "entities" / "compounds.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert codes(mini) == []
    assert serialise(compile_graph(mini, shacl=False, today=TODAY).graph) == before


def test_latin1_bytes_are_reported_with_line_and_byte_offset(mini: Locations) -> None:
    path = mini.data / "entities" / "effects.tsv"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"effect E", b"effect \xe9"))
    offset = data.index(b"effect E") + len(b"effect ")
    raw = load_data(mini.data, display_root=mini.root)
    [problem] = raw.diagnostics
    assert (problem.file, problem.line, problem.code) == ("data/entities/effects.tsv", 2, "E101")
    assert f"byte offset {offset}" in problem.message and "0xE9" in problem.message


def test_wrong_number_of_fields_is_reported_per_row(mini: Locations) -> None:
    path = mini.data / "entities" / "targets.tsv"
    lines = path.read_text().splitlines()
    lines[1] += "\textra"  # a stray tab
    lines[2] = lines[2].rsplit("\t", 1)[0]  # a missing field
    path.write_text("\n".join(lines) + "\n")
    assert codes(mini) == ["data/entities/targets.tsv:2: : E104",
                           "data/entities/targets.tsv:3: : E104"]


def test_quoted_field_is_refused(mini: Locations) -> None:
    path = mini.data / "entities" / "risks.tsv"
    path.write_text(path.read_text().replace("risk R", '"risk R"'))
    assert codes(mini) == ["data/entities/risks.tsv:2: label: E105"]


def test_header_problems(mini: Locations) -> None:
    path = mini.data / "entities" / "systems.tsv"
    lines = path.read_text().splitlines()
    lines[0] = lines[0].replace("label", "name").replace("description", "synonyms")
    path.write_text("\n".join(lines) + "\n")
    assert codes(mini) == [
        "data/entities/systems.tsv:1: name: E103",
        "data/entities/systems.tsv:1: synonyms: E108",
        "data/entities/systems.tsv:1: label: E102",
    ]


def test_invisible_and_bidi_characters_are_refused(mini: Locations) -> None:
    path = mini.data / "entities" / "risks.tsv"
    path.write_text(path.read_text().replace("risk-r", "risk\u202e-r"))
    [line] = codes(mini)
    assert line == "data/entities/risks.tsv:2: id: E207"


def test_empty_data_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    locations = Locations(root=tmp_path, data=tmp_path / "data", ontology=tmp_path,
                          build=tmp_path / "build")
    assert codes(locations) == ["data:0: : E106"]


def test_unknown_file_is_reported(mini: Locations) -> None:
    (mini.data / "claims" / "binding.tsv").write_text("subject\n")
    assert codes(mini) == ["data/claims/binding.tsv:0: : E107"]
