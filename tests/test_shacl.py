"""SHACL shapes: the built graph conforms, and each shape catches what it is for, reported at the
row that produced the offending node."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from conftest import PROJECT, TODAY
from kg.graph.build import FIELDS_BY_PROPERTY, Compiled, compile_graph
from kg.graph.shapes import check_shapes
from kg.locations import Locations
from kg.model.vocab import ENTITY, KG, SOURCE


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(PROJECT / "ontology" / "shapes.ttl")


@pytest.fixture
def compiled(mini: Locations) -> Compiled:
    return compile_graph(mini, shacl=False, today=TODAY)


def problems(compiled: Compiled, shapes: Graph) -> list[str]:
    found = check_shapes(compiled.graph, shapes, compiled.origins, FIELDS_BY_PROPERTY)
    return [f"{d.file}:{d.line}: {d.field}: {d.code}" for d in found]


def ki_claim(compiled: Compiled) -> object:
    graph = compiled.graph
    return next(c for c in graph.subjects(KG.measure, KG.Ki)
                if graph.value(c, KG.value) == Literal("12.5", datatype=XSD.decimal))


def test_mini_graph_conforms(compiled: Compiled, shapes: Graph) -> None:
    assert problems(compiled, shapes) == []


def test_claim_without_source_is_caught_at_its_row(compiled: Compiled, shapes: Graph) -> None:
    claim = ki_claim(compiled)
    compiled.graph.remove((claim, KG.source, None))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:4: sources: E401"]


def test_non_positive_value_and_foreign_unit(compiled: Compiled, shapes: Graph) -> None:
    claim = ki_claim(compiled)
    compiled.graph.set((claim, KG.value, Literal(Decimal("-1"))))
    compiled.graph.set((claim, KG.unit, KG.Human))  # not a kg:Unit
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:4: unit: E401",
                                          "data/claims/molecular.tsv:4: value: E401"]


def test_value_without_unit(compiled: Compiled, shapes: Graph) -> None:
    claim = ki_claim(compiled)
    compiled.graph.remove((claim, KG.unit, None))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:4: : E401"]


def test_evidence_type_outside_vocabulary(compiled: Compiled, shapes: Graph) -> None:
    claim = ki_claim(compiled)
    compiled.graph.set((claim, KG.evidenceType, KG.Supports))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:4: evidence: E401"]


def test_claim_with_two_subjects(compiled: Compiled, shapes: Graph) -> None:
    claim = ki_claim(compiled)
    compiled.graph.add((claim, RDF.subject, ENTITY["compound-b"]))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:4: subject: E401"]


def test_source_needs_year_and_confirmation(compiled: Compiled, shapes: Graph) -> None:
    compiled.graph.remove((SOURCE.alpha2020, DCTERMS.issued, None))
    compiled.graph.remove((SOURCE.alpha2020, KG.confirmedAt, None))
    assert problems(compiled, shapes) == ["data/sources.tsv:4: confirmed_at: E401",
                                          "data/sources.tsv:4: year: E401"]


def test_identified_entity_needs_confirmation(compiled: Compiled, shapes: Graph) -> None:
    compiled.graph.remove((ENTITY["RECA"], KG.confirmedAt, None))
    assert problems(compiled, shapes) == ["data/entities/targets.tsv:3: confirmed_at: E401"]


def test_entity_without_label(compiled: Compiled, shapes: Graph) -> None:
    compiled.graph.remove((ENTITY["RECA"], RDFS.label, None))
    assert problems(compiled, shapes) == ["data/entities/targets.tsv:3: label: E401"]


def test_untyped_node_used_as_claim_subject(compiled: Compiled, shapes: Graph) -> None:
    claim = ki_claim(compiled)
    compiled.graph.set((claim, RDF.subject, ENTITY["nowhere"]))
    found = problems(compiled, shapes)
    assert "data/claims/molecular.tsv:4: subject: E401" in found
    assert any(line.startswith("(graph):0") for line in found)  # the stray node itself


def test_signalling_bias_only_on_agonist_claims(compiled: Compiled, shapes: Graph) -> None:
    graph = compiled.graph
    inhibition = next(graph.subjects(RDF.predicate, KG.inhibits))
    graph.add((inhibition, KG.signallingBias, KG.GProteinBiased))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:2: bias: E401"]
    graph.remove((inhibition, KG.signallingBias, None))
    agonism = ki_claim(compiled)  # a partial-agonist claim: a second bias is one too many
    graph.add((agonism, KG.signallingBias, KG.Balanced))
    graph.add((agonism, KG.signallingBias, KG.ArrestinBiased))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:4: bias: E401"]


def test_relative_measure_without_comparator(compiled: Compiled, shapes: Graph) -> None:
    """An Emax (relative to its reference agonist) stripped of its comparator."""
    graph = compiled.graph
    emax = next(graph.subjects(KG.measure, KG.Emax))
    graph.remove((emax, KG.comparator, None))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:3: : E401"]


def test_ratio_needs_no_unit_but_its_comparator(compiled: Compiled, shapes: Graph) -> None:
    claim = ki_claim(compiled)
    graph = compiled.graph
    graph.set((claim, KG.measure, KG.OddsRatio))
    graph.remove((claim, KG.unit, None))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:4: : E401"]  # comparator
    graph.add((claim, KG.comparator, Literal("people who never used it")))
    assert problems(compiled, shapes) == []


def test_interval_bounds_come_together_and_in_order(compiled: Compiled, shapes: Graph) -> None:
    claim = ki_claim(compiled)
    graph = compiled.graph
    graph.add((claim, KG.ciLow, Literal(Decimal("10"))))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:4: : E401"]
    graph.add((claim, KG.ciHigh, Literal(Decimal("8"))))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:4: ci_low: E401"]
    graph.set((claim, KG.ciHigh, Literal(Decimal("15"))))
    graph.add((claim, KG.ciLevel, Literal(Decimal("120"))))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:4: ci_level: E401"]


def test_comparator_is_an_entity_or_a_phrase(compiled: Compiled, shapes: Graph) -> None:
    graph = compiled.graph
    emax = next(graph.subjects(KG.measure, KG.Emax))
    graph.set((emax, KG.comparator, ENTITY["compound-b"]))
    assert problems(compiled, shapes) == []
    graph.set((emax, KG.comparator, KG.Human))  # an IRI that is not an entity
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:3: comparator: E401"]


def test_interaction_strength_and_outcome_qualify_only_their_relations(
        compiled: Compiled, shapes: Graph) -> None:
    """An FDA substrate class belongs on a substrate claim and an inhibitor class on an inhibition
    claim; only an interacts-with claim names an outcome, and it must."""
    graph = compiled.graph
    inhibition = next(graph.subjects(RDF.predicate, KG.inhibits))
    graph.add((inhibition, KG.interactionStrength, KG.SensitiveSubstrate))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:2: strength: E401"]
    graph.set((inhibition, KG.interactionStrength, KG.StrongInhibitor))
    assert problems(compiled, shapes) == []
    graph.add((inhibition, KG.outcome, ENTITY["risk-r"]))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:2: outcome: E401"]
    graph.remove((inhibition, KG.outcome, None))
    graph.set((inhibition, RDF.predicate, KG.interactsWith))
    graph.remove((inhibition, KG.interactionStrength, None))
    assert problems(compiled, shapes) == ["data/claims/molecular.tsv:2: outcome: E401"]
