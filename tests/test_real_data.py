"""Integrity of the project's curated data, and a few curated facts checked against the built
graph (checked, not echoed: each assertion is a fact a pharmacologist would look for)."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from conftest import PROJECT
from kg.graph.build import Compiled, compile_graph
from kg.locations import Locations
from kg.model.vocab import ENTITY, KG, SOURCE


@pytest.fixture(scope="module")
def compiled() -> Compiled:
    return compile_graph(Locations.at(PROJECT))


@pytest.fixture(scope="module")
def graph(compiled: Compiled) -> Graph:
    return compiled.graph


def claims_about(graph: Graph, subject: str, predicate: object, obj: str) -> list[object]:
    return [c for c in graph.subjects(RDF.subject, ENTITY[subject])
            if graph.value(c, RDF.predicate) == predicate
            and graph.value(c, RDF.object) == ENTITY[obj]]


def test_real_data_builds_without_warnings_and_conforms(compiled: Compiled) -> None:
    assert compiled.warnings == ()
    assert len(compiled.dataset.claims) >= 12


def test_every_source_records_where_it_was_confirmed(compiled: Compiled) -> None:
    for source in compiled.dataset.sources:
        assert source.confirmed_at and all(a.startswith("https://") for a in source.confirmed_at)
        assert source.doi or source.pmid or source.url
        assert re.fullmatch(r"\d{4}", str(source.year))


def test_mitragynine_is_converted_to_7oh_by_cyp3a4(graph: Graph) -> None:
    claims = claims_about(graph, "mitragynine", KG.metabolisedTo, "7-hydroxymitragynine")
    enzymes = {graph.value(c, KG.catalysedBy) for c in claims}
    assert ENTITY["CYP3A4"] in enzymes
    # independent confirmations: more than one source names the conversion
    assert len({graph.value(c, KG.source) for c in claims}) >= 2


def test_disagreement_on_mitragynine_at_the_mu_receptor_is_kept(graph: Graph) -> None:
    partial = claims_about(graph, "mitragynine", KG.partialAgonistOf, "OPRM1")
    antagonist = claims_about(graph, "mitragynine", KG.antagonistOf, "OPRM1")
    assert partial and antagonist
    assert {graph.value(c, KG.source) for c in partial} != {graph.value(c, KG.source)
                                                             for c in antagonist}


def test_obeng2021_mu_affinities_are_kept_as_two_competing_readings(graph: Graph) -> None:
    """The abstract pairs MOR Ki 77.9 and 709 nM with mitragynine and 7-OH "respectively",
    against other primary studies that rank 7-OH's affinity far above mitragynine's: the literal
    reading (stated) and the swapped one (inferred) are both recorded, in one dispute group."""
    readings = set()
    for compound in ("mitragynine", "7-hydroxymitragynine"):
        for claim in claims_about(graph, compound, KG.binds, "OPRM1"):
            if graph.value(claim, KG.source) != SOURCE["obeng2021"]:
                continue
            assert graph.value(claim, KG.measure) == KG.Ki
            assert graph.value(claim, KG.unit) == KG.Nanomolar
            assert str(graph.value(claim, KG.disputeGroup)) == "obeng2021-mor-ki-order"
            readings.add((compound, str(graph.value(claim, KG.value)),
                          graph.value(claim, KG.inferredBecause) is not None))
    assert readings == {("mitragynine", "77.9", False), ("7-hydroxymitragynine", "709.0", False),
                        ("mitragynine", "709.0", True), ("7-hydroxymitragynine", "77.9", True)}


def test_mu_receptor_mediates_respiratory_depression(graph: Graph) -> None:
    assert (ENTITY["OPRM1"], KG.mediates, ENTITY["respiratory-depression"]) in graph
    assert (ENTITY["OPRM1"], KG.partOf, ENTITY["opioidergic"]) in graph


def test_alpha2a_agonism_is_contradicted_not_asserted(graph: Graph) -> None:
    [claim] = claims_about(graph, "mitragynine", KG.agonistOf, "ADRA2A")
    assert graph.value(claim, KG.stance) == KG.Contradicts
    assert (ENTITY["mitragynine"], KG.agonistOf, ENTITY["ADRA2A"]) not in graph
    assert (ENTITY["mitragynine"], KG.binds, ENTITY["ADRA2A"]) in graph


def test_seed_article_statements_have_graph_backed_verdicts(graph: Graph) -> None:
    from kg.model.vocab import CHECK

    def verdict(check_id: str) -> object:
        return graph.value(CHECK[check_id], KG.verdict)

    assert verdict("alkaloids-act-at-opioid-receptors") == KG.Supported
    assert verdict("safe-alternative") == KG.Contradicted
    assert verdict("mood-through-serotonin-and-noradrenaline") == KG.Unsupported
    backing = set(graph.objects(CHECK["safe-alternative"], KG.backedBy))
    kinds = {graph.value(c, KG.evidenceType) for c in backing}
    assert KG.CaseReport in kinds and KG.HumanObservational in kinds


def test_respiratory_depression_by_mitragynine_is_contested_with_both_sides_kept(
        graph: Graph) -> None:
    claims = claims_about(graph, "mitragynine", KG.increasesRiskOf, "respiratory-depression")
    stances = {graph.value(c, KG.stance) for c in claims}
    assert stances == {KG.Supports, KG.Contradicts}
    # the rat study that found none for mitragynine found it for oxycodone in the same design
    [comparator] = [c for c in claims_about(graph, "oxycodone", KG.increasesRiskOf,
                                            "respiratory-depression")
                    if graph.value(c, KG.evidenceType) == KG.AnimalStudy]
    assert graph.value(comparator, KG.stance) == KG.Supports


def test_mitragynine_and_morphine_potencies_in_one_rat_study(graph: Graph) -> None:
    def ed50(subject: str, obj: str) -> set[Literal]:
        return {graph.value(c, KG.value) for c in claims_about(graph, subject, KG.produces, obj)
                if graph.value(c, KG.measure) == KG.ED50
                and graph.value(c, KG.unit) == KG.MilligramPerKilogram}

    # operant response rates: morphine 7.3 mg/kg vs mitragynine 31.5 mg/kg (Hiranita et al.)
    assert Literal("7.3", datatype=XSD.decimal) in ed50("morphine", "operant-response-suppression")
    assert Literal("31.5", datatype=XSD.decimal) in ed50("mitragynine",
                                                         "operant-response-suppression")


def test_ajmalicine_enzyme_targets_are_qualitative_and_cited(graph: Graph) -> None:
    # The abstract gives IC50 values for reserpine only, so ajmalicine's rows carry no number.
    for target in ("ACHE", "BCHE", "MAOB", "BACE1"):
        [claim] = claims_about(graph, "ajmalicine", KG.inhibits, target)
        assert graph.value(claim, KG.source) == SOURCE["kashyap2020"]
        assert graph.value(claim, KG.value) is None


def test_identifiers_carry_the_pages_they_were_confirmed_on(compiled: Compiled) -> None:
    for entity in compiled.dataset.entities:
        if entity.xrefs:
            assert entity.confirmed_at, entity.id
            assert all(a.startswith("https://") for a in entity.confirmed_at), entity.id


def test_mao_b_in_the_dopamine_system_is_disputed_with_both_sides_kept(graph: Graph) -> None:
    claims = claims_about(graph, "MAOB", KG.partOf, "dopaminergic")
    stances = {graph.value(c, KG.stance): graph.value(c, KG.source) for c in claims}
    assert stances == {KG.Supports: SOURCE["bortolato2011"], KG.Contradicts: SOURCE["cho2021"]}
    assert (ENTITY["HTR1A"], KG.partOf, ENTITY["serotonergic"]) in graph
