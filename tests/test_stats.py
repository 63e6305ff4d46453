"""Statistics of the mini graph, counted by hand from tests/fixtures/mini."""

from __future__ import annotations

import kg
from conftest import TODAY
from kg.graph.store import open_store
from kg.locations import Locations
from kg.sparql.engine import OxigraphEngine
from kg.sparql.stats import Stats, compute


def mini_stats(mini: Locations) -> Stats:
    kg.build(locations=mini, today=TODAY)
    return compute(OxigraphEngine(open_store(mini.graph_file("nt"))))


def table(rows: list[dict], key: str, value: str) -> dict:
    return {row[key]: row[value] for row in rows}


def test_counts_worked_by_hand(mini: Locations) -> None:
    stats = mini_stats(mini)
    # 6 molecular + 1 metabolism + 1 composition + 3 mechanism + 5 outcomes + 2 regulation
    assert stats.claims == 18
    assert stats.sources == 5
    # Only "RECA mediates effect E" cites two sources.
    assert table(stats.sources_per_claim, "sources", "claims") == {1: 17, 2: 1}
    assert table(stats.evidence, "label", "claims") == {
        "in_vitro": 5, "review": 6, "animal": 2, "regulatory_statement": 2,
        "human_trial": 0, "human_observational": 2, "case_report": 0, "self_report_survey": 1}
    assert table(stats.measures, "measure", "claims") == {"Ki": 2, "Emax": 1, "IC50": 1,
                                                          "EC50": 1, "content": 1,
                                                          "adjusted_odds_ratio": 2}
    assert table(stats.measures, "measure", "sources")["Ki"] == 2


def test_edges_by_grade_and_role(mini: Locations) -> None:
    """The 13 edges of the mini graph by grade, as tests/test_paths.py works them out."""
    grades = {(r["grade"], r["role"]): r["edges"] for r in mini_stats(mini).grades}
    assert grades == {
        ("established", "context"): 1, ("established", "mechanism"): 1,
        ("probable", "association"): 2, ("probable", "mechanism"): 5,
        ("preliminary", "mechanism"): 1, ("reported", "composition"): 1,
        ("reported", "mechanism"): 1, ("inferred", "association"): 1}
    assert sum(grades.values()) == 13


def test_entities_by_class_include_ancestors(mini: Locations) -> None:
    classes = table(mini_stats(mini).classes, "label", "entities")
    assert classes["entity"] == 10
    assert classes["compound"] == 2 and classes["alkaloid"] == 2 and classes["metabolite"] == 1
    assert classes["molecular target"] == 2 and classes["receptor"] == 1
    assert classes["comparator drug"] == 0


def test_claims_and_edges_by_relation(mini: Locations) -> None:
    predicates = {row["label"]: (row["claims"], row["contradicting"], row["edges"])
                  for row in mini_stats(mini).predicates}
    assert predicates["partial agonist of"] == (3, 0, 1)  # three claims back one edge
    assert predicates["agonist of"] == (2, 1, 1)  # supported by one source, contradicted by another
    assert predicates["mediates"] == (2, 0, 2)


def test_sources_by_kind(mini: Locations) -> None:
    kinds = {row["kind"]: row for row in mini_stats(mini).source_kinds}
    assert kinds["article"]["with_doi"] == 1 and kinds["article"]["with_pmid"] == 2
    assert kinds["review"]["with_doi_or_pmid"] == 1
    assert kinds["regulatory-document"]["url_only"] == 2


def test_json_form_is_plain(mini: Locations) -> None:
    import json

    text = json.dumps(mini_stats(mini).as_dict())
    assert '"claims": 18' in text


def test_measurement_quality_separates_complete_and_primary(mini: Locations) -> None:
    quality = mini_stats(mini).measurement_quality
    # Eight values; the leaf content lacks species and assay; the Ki of 40 nM rests on a review;
    # the two readings of gamma2019's odds ratio are ratios (no unit needed) from a second
    # primary source. Relative values: the Emax and the two odds ratios, each naming its
    # comparator; the odds ratios print an interval and are disputed, one of them inferred.
    assert quality == {"measurements": 8, "complete": 7, "primary_complete": 6,
                       "primary_sources": 2, "relative": 3, "with_comparator": 3,
                       "with_interval": 2, "inferred": 1, "disputed": 2}


def test_compound_coverage_names_the_gaps(mini: Locations) -> None:
    stats = mini_stats(mini)
    rows = {row["compound"]: (row["identifiers"], row["target_claims"]) for row in stats.compounds}
    # compound B's agonism is supported by alpha2020 and contradicted by beta2021: only the
    # supporting claim counts.
    assert rows == {"compound-a": (2, 4), "compound-b": (0, 1)}
    assert stats.compound_coverage == {"compounds": 2, "with_identifier": 1,
                                       "with_target_claim": 2, "with_both": 1}
    assert [row["compound"] for row in stats.compound_gaps] == ["compound-b"]
    assert stats.as_dict()["compound_coverage"]["with_both"] == 1


def test_target_coverage_counts_identifier_kinds_and_systems(mini: Locations) -> None:
    stats = mini_stats(mini)
    rows = {r["target"]: (r["uniprot"], r["hgnc"], r["ncbigene"], r["systems"])
            for r in stats.targets}
    # RECA carries a UniProt accession and is part of system S; ENZA carries nothing.
    assert rows == {"ENZA": (0, 0, 0, 0), "RECA": (1, 0, 0, 1)}
    assert stats.target_coverage == {"targets": 2, "with_uniprot": 1, "with_hgnc": 0,
                                     "with_ncbigene": 0, "with_all_three": 0, "with_system": 1}
    assert [r["target"] for r in stats.target_gaps] == ["ENZA", "RECA"]
