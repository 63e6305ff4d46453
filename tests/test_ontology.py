"""The ontology is complete and consistent with the code that reads it."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from conftest import PROJECT
from kg.curate.tables import TABLES, Kind
from kg.model.ontology import SCHEMA_DOMAIN, SCHEMA_RANGE, Ontology
from kg.model.vocab import KG
from kg.model.vocab import term as kg_term

NS = str(KG._NS)


def test_closed_namespace_names_only_ontology_terms(ontology: Ontology) -> None:
    defined = {str(s)[len(NS):] for s in ontology.graph.subjects()
               if isinstance(s, URIRef) and str(s).startswith(NS)}
    assert set(KG.__annotations__) <= defined, set(KG.__annotations__) - defined


def test_claim_enums_are_the_ontology_vocabularies(ontology: Ontology) -> None:
    from kg.model.claim import Evidence, Stance

    assert set(ontology.vocabulary(KG.EvidenceType)) == {e.value for e in Evidence}
    assert set(ontology.vocabularies["Stance"]) == {s.value for s in Stance}


def test_every_class_and_relation_has_label_and_definition(ontology: Ontology) -> None:
    g = ontology.graph
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in g.subjects(RDF.type, kind):
            if str(term).startswith(NS):
                assert g.value(term, RDFS.label), term
                assert g.value(term, SKOS.definition), term


def test_every_domain_relation_has_domain_and_range(ontology: Ontology) -> None:
    for relation in ontology.relations.values():
        assert relation.domain and relation.range, relation.name
        for name in relation.domain | relation.range:
            assert name in ontology.classes, (relation.name, name)


def test_ontology_has_no_blank_nodes() -> None:
    graph = Graph().parse(PROJECT / "ontology" / "kratom.ttl")
    assert not [t for t in graph if any(isinstance(x, BNode) for x in t)]


def test_tables_name_only_ontology_classes_and_relations(ontology: Ontology) -> None:
    for table in TABLES:
        if table.kind is Kind.ENTITIES:
            assert table.classes <= set(ontology.classes), table.path
        if table.kind is Kind.CLAIMS:
            assert table.predicates <= set(ontology.relations), table.path


def test_every_curatable_relation_has_a_home(ontology: Ontology) -> None:
    homed = {p for t in TABLES for p in t.predicates}
    inverses = {"metaboliteOf", "contains", "hasPart", "mediatedBy", "relatedTo"}
    assert set(ontology.relations) - inverses == homed


def test_vocabulary_notations_are_unique_and_complete(ontology: Ontology) -> None:
    for concept_class in (kg_term(name) for name in ontology.vocabularies):
        concepts = set(ontology.graph.subjects(RDF.type, concept_class))
        table = ontology.vocabulary(concept_class)
        assert len(table) == len(concepts) > 0, concept_class
    assert sorted(ontology.vocabulary(KG.EvidenceType)) == sorted([
        "in_vitro", "animal", "human_trial", "human_observational", "case_report",
        "self_report_survey", "review", "regulatory_statement"])


def test_inverses_are_declared_with_matching_domains(ontology: Ontology) -> None:
    g = ontology.graph
    for prop, inverse in g.subject_objects(OWL.inverseOf):
        forward = ontology.relations[str(prop)[len(NS):]]
        backward = ontology.relations[str(inverse)[len(NS):]]
        assert forward.domain == backward.range and forward.range == backward.domain, prop


def test_multi_class_domains_use_schema_includes_only(ontology: Ontology) -> None:
    g = ontology.graph
    for prop in g.subjects(RDF.type, OWL.ObjectProperty):
        assert len(list(g.objects(prop, RDFS.domain))) <= 1, prop
        assert len(list(g.objects(prop, RDFS.range))) <= 1, prop
        if (prop, SCHEMA_DOMAIN, None) in g:
            assert (prop, RDFS.domain, None) not in g, prop
        if (prop, SCHEMA_RANGE, None) in g:
            assert (prop, RDFS.range, None) not in g, prop


def test_shapes_parse_and_target_the_core_classes() -> None:
    shapes = Graph().parse(PROJECT / "ontology" / "shapes.ttl")
    sh = "http://www.w3.org/ns/shacl#"
    targets = set(shapes.objects(None, URIRef(sh + "targetClass")))
    assert {KG.Entity, KG.Claim, KG.Source, KG.RegulatoryAction} <= targets
