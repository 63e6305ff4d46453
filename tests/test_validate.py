"""Row and reference rules: every kind of bad curated data gets exactly the expected
``file:line: field: code`` diagnostics, all of them, not just the first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import TODAY, append_row, edit_row
from kg.curate.checks import check_rows
from kg.curate.load import load_data
from kg.locations import Locations
from kg.model.ontology import Ontology

Edit = Callable[[Path], None]


def diagnostics(locations: Locations, ontology: Ontology) -> list[str]:
    raw = load_data(locations.data, display_root=locations.root)
    _, found = check_rows(raw, ontology, today=TODAY)
    return [f"{d.file}:{d.line}: {d.field}: {d.code}" for d in found]


def messages(locations: Locations, ontology: Ontology) -> list[str]:
    raw = load_data(locations.data, display_root=locations.root)
    return [str(d) for d in check_rows(raw, ontology, today=TODAY)[1]]


def test_mini_dataset_is_valid(mini: Locations, ontology: Ontology) -> None:
    raw = load_data(mini.data, display_root=mini.root)
    dataset, found = check_rows(raw, ontology, today=TODAY)
    assert found == []
    assert (len(dataset.sources), len(dataset.entities), len(dataset.claims)) == (5, 10, 18)


MOLECULAR = "claims/molecular.tsv"

CASES: dict[str, tuple[Edit, list[str]]] = {
    "unknown entity": (
        lambda d: edit_row(d / MOLECULAR, 3, subject="compund-a"),
        ["data/claims/molecular.tsv:3: subject: E301"],
    ),
    "claim without source": (
        lambda d: edit_row(d / MOLECULAR, 3, sources=""),
        ["data/claims/molecular.tsv:3: sources: E201"],
    ),
    "unknown source": (
        lambda d: edit_row(d / MOLECULAR, 3, sources="alpha2002"),
        ["data/claims/molecular.tsv:3: sources: E302"],
    ),
    "malformed DOI": (
        lambda d: edit_row(d / "sources.tsv", 4, doi="https://doi.org/10.5555/alpha.2020"),
        ["data/sources.tsv:4: doi: E202"],
    ),
    "malformed PMID": (
        lambda d: edit_row(d / "sources.tsv", 4, pmid="PMID:1000001"),
        ["data/sources.tsv:4: pmid: E202"],
    ),
    "source with no identifier": (
        lambda d: edit_row(d / "sources.tsv", 5, pmid=""),
        ["data/sources.tsv:5: doi: E201"],
    ),
    "javascript url": (
        lambda d: edit_row(d / "sources.tsv", 2, url="javascript:alert(1)"),
        ["data/sources.tsv:2: url: E202"],
    ),
    "year in the future": (
        lambda d: edit_row(d / "sources.tsv", 5, year="2099"),
        ["data/sources.tsv:5: year: E204"],
    ),
    "duplicate identifier": (
        lambda d: append_row(d / "entities" / "risks.tsv", id="compound-a", **{"class": "Risk"},
                             label="dup"),
        ["data/entities/risks.tsv:4: id: E205"],
    ),
    "identifier differing only in case": (
        lambda d: append_row(d / "entities" / "risks.tsv", id="Risk-R", **{"class": "Risk"},
                             label="dup"),
        ["data/entities/risks.tsv:4: id: E205"],
    ),
    "look-alike character in identifier": (
        lambda d: edit_row(d / "entities" / "risks.tsv", 2, id="risk-\u0433"),
        ["data/claims/mechanism.tsv:3: object: E301",
         "data/claims/outcomes.tsv:3: object: E301",
         "data/entities/risks.tsv:2: id: E202"],
    ),
    "negative measurement": (
        lambda d: edit_row(d / MOLECULAR, 4, value="-12.5"),
        ["data/claims/molecular.tsv:4: value: E204"],
    ),
    "zero measurement": (
        lambda d: edit_row(d / MOLECULAR, 4, value="0"),
        ["data/claims/molecular.tsv:4: value: E204"],
    ),
    "unit-less measurement": (
        lambda d: edit_row(d / MOLECULAR, 4, unit=""),
        ["data/claims/molecular.tsv:4: unit: E206"],
    ),
    "unknown unit": (
        lambda d: edit_row(d / MOLECULAR, 4, unit="nmol"),
        ["data/claims/molecular.tsv:4: unit: E203"],
    ),
    "value with plus-minus": (
        lambda d: edit_row(d / MOLECULAR, 4, value="12.5 ± 2"),
        ["data/claims/molecular.tsv:4: value: E202"],
    ),
    "Emax without reference agonist": (
        lambda d: edit_row(d / MOLECULAR, 3, comparator=""),
        ["data/claims/molecular.tsv:3: comparator: E213"],
    ),
    "unknown predicate": (
        lambda d: edit_row(d / MOLECULAR, 4, predicate="partialAgonist"),
        ["data/claims/molecular.tsv:4: predicate: E203"],
    ),
    "predicate of another family": (
        lambda d: edit_row(d / MOLECULAR, 4, predicate="mediates"),
        ["data/claims/molecular.tsv:4: predicate: E304"],
    ),
    "unknown evidence type": (
        lambda d: edit_row(d / MOLECULAR, 4, evidence="in-vitro"),
        ["data/claims/molecular.tsv:4: evidence: E203"],
    ),
    "relation outside the ontology's domain and range": (
        lambda d: edit_row(d / MOLECULAR, 4, subject="RECA", object="compound-a"),
        ["data/claims/molecular.tsv:4: object: E303",
         "data/claims/molecular.tsv:4: subject: E303"],
    ),
    "enzyme that is not an enzyme": (
        lambda d: edit_row(d / "claims" / "metabolism.tsv", 2, enzyme="RECA"),
        ["data/claims/metabolism.tsv:2: enzyme: E303"],
    ),
    "regulatory date in the future": (
        lambda d: edit_row(d / "claims" / "regulation.tsv", 2, date="2030-01-01"),
        ["data/claims/regulation.tsv:2: date: E204"],
    ),
    "impossible date": (
        lambda d: edit_row(d / "claims" / "regulation.tsv", 2, date="2022-02-30"),
        ["data/claims/regulation.tsv:2: date: E202"],
    ),
    "class from another file": (
        lambda d: edit_row(d / "entities" / "risks.tsv", 2, **{"class": "Effect"}),
        ["data/entities/risks.tsv:2: class: E203"],
    ),
    "malformed cross-reference": (
        lambda d: edit_row(d / "entities" / "compounds.tsv", 2, xrefs="CHEBI:abc"),
        ["data/entities/compounds.tsv:2: xrefs: E202"],
    ),
    "CAS number with a wrong check digit": (
        lambda d: edit_row(d / "entities" / "compounds.tsv", 2, xrefs="CAS:50-00-1"),
        ["data/entities/compounds.tsv:2: xrefs: E202"],
    ),
    "identifiers without the page they were seen on": (
        lambda d: edit_row(d / "entities" / "compounds.tsv", 2, confirmed_at=""),
        ["data/entities/compounds.tsv:2: confirmed_at: E201"],
    ),
    "identifiers confirmed on a plain-http page": (
        lambda d: edit_row(d / "entities" / "targets.tsv", 3,
                           confirmed_at="http://uniprot.example.org/P35372"),
        ["data/entities/targets.tsv:3: confirmed_at: E202"],
    ),
    "duplicate claim": (
        lambda d: append_row(d / "claims" / "outcomes.tsv", subject="compound-a",
                             predicate="produces", object="effect-e", sources="alpha2020",
                             evidence="animal", stance="supports", species="mouse",
                             assay="tail flick", location="figure 2", note="Same again."),
        ["data/claims/outcomes.tsv:7: : E307"],
    ),
    "entity without any claim": (
        lambda d: append_row(d / "entities" / "effects.tsv", id="effect-f",
                             **{"class": "Effect"}, label="effect F"),
        ["data/entities/effects.tsv:3: id: E305"],
    ),
    "verdict outside the vocabulary": (
        lambda d: edit_row(d / "checks" / "seed-article.tsv", 2, verdict="true"),
        ["data/checks/seed-article.tsv:2: verdict: E203"],
    ),
    "checked statement citing an edge nobody curated": (
        lambda d: edit_row(d / "checks" / "seed-article.tsv", 2,
                           evidence="compound-a antagonistOf RECA"),
        ["data/checks/seed-article.tsv:2: evidence: E301"],
    ),
    "verdict without the evidence it rests on": (
        lambda d: edit_row(d / "checks" / "seed-article.tsv", 3, verdict="contradicted"),
        ["data/checks/seed-article.tsv:3: evidence: E201"],
    ),
    "overlong field": (
        lambda d: edit_row(d / MOLECULAR, 4, note="x" * 2001),
        ["data/claims/molecular.tsv:4: note: E204"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_data_is_reported_at_its_row(case: str, mini: Locations, ontology: Ontology) -> None:
    edit, expected = CASES[case]
    edit(mini.data)
    assert diagnostics(mini, ontology) == expected


def test_every_problem_is_collected_not_just_the_first(mini: Locations,
                                                       ontology: Ontology) -> None:
    edit_row(mini.data / MOLECULAR, 4, value="-1", evidence="vitro")
    edit_row(mini.data / "sources.tsv", 4, pmid="x")
    assert diagnostics(mini, ontology) == [
        "data/claims/molecular.tsv:4: evidence: E203",
        "data/claims/molecular.tsv:4: value: E204",
        "data/sources.tsv:4: pmid: E202",
    ]


def test_messages_read_like_a_compiler_and_suggest_fixes(mini: Locations,
                                                          ontology: Ontology) -> None:
    edit_row(mini.data / MOLECULAR, 3, subject="compund-a", sources="alpha2002")
    assert messages(mini, ontology) == [
        "data/claims/molecular.tsv:3: sources: unknown source 'alpha2002' "
        "(did you mean 'alpha2020'?) [E302]",
        "data/claims/molecular.tsv:3: subject: unknown entity 'compund-a' "
        "(did you mean 'compound-a'?) [E301]",
    ]


def test_duplicate_names_both_places(mini: Locations, ontology: Ontology) -> None:
    append_row(mini.data / "entities" / "risks.tsv", id="compound-a", **{"class": "Risk"},
               label="dup")
    [message] = messages(mini, ontology)
    assert message.startswith("data/entities/risks.tsv:4: id: duplicate identifier")
    assert "first defined at data/entities/compounds.tsv:2" in message


def test_unused_source_is_a_warning_only(mini: Locations, ontology: Ontology) -> None:
    append_row(mini.data / "sources.tsv", id="zeta2019", kind="article", pmid="1000003",
               authors="Gamma X", year="2019", title="T", venue="V",
               confirmed_at="https://pubmed.example.org/1000003")
    raw = load_data(mini.data, display_root=mini.root)
    dataset, found = check_rows(raw, ontology, today=TODAY)
    assert [str(d) for d in found] == [
        "data/sources.tsv:7: warning: id: source 'zeta2019' is not cited by any claim [W306]"]
    assert len(dataset.sources) == 6
