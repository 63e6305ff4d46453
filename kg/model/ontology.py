"""Reads the OWL ontology into plain lookup tables: classes, relations with their allowed subject
and object classes, and the controlled vocabularies keyed by their TSV token (skos:notation)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import KGError
from kg.model.grading import UNANNOTATED, Rules
from kg.model.vocab import KG, term

SCHEMA_DOMAIN = URIRef("http://schema.org/domainIncludes")
SCHEMA_RANGE = URIRef("http://schema.org/rangeIncludes")

@dataclass(frozen=True, slots=True)
class OntologyClass:
    """A class of the ontology with all its kratom-kg ancestors (itself included)."""

    name: str
    iri: URIRef
    label: str
    lineage: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation with the classes its subject and object must belong to (any one of them)."""

    name: str
    iri: URIRef
    label: str
    domain: frozenset[str]
    range: frozenset[str]
    #: How the relation composes in a path and what evidence bears on it (docs/grading.md).
    rules: Rules = UNANNOTATED


@dataclass(frozen=True, slots=True)
class Ontology:
    """The parts of the ontology the loader and builder need, plus the parsed graph itself."""

    graph: Graph
    classes: dict[str, OntologyClass]
    relations: dict[str, Relation]
    #: Concept class local name (``Unit``) → notation → concept IRI, for every vocabulary.
    vocabularies: dict[str, dict[str, URIRef]]
    #: Measure notation → the unit notations its values may be given in.
    units_of: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Measure notations whose values are relative and need a comparator (Emax, ratios).
    comparative: frozenset[str] = frozenset()
    #: Measure notations whose values are pure numbers and take no unit.
    dimensionless: frozenset[str] = frozenset()
    #: Concept class local name → notation → preferred label.
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Evidence grade notation → the score a hop of that grade contributes to path ranking.
    grade_scores: dict[str, float] = field(default_factory=dict)

    def vocabulary(self, concept_class: URIRef) -> dict[str, URIRef]:
        """Notation → concept IRI for one controlled vocabulary (e.g. ``KG.Unit``)."""
        return self.vocabularies[local_name(concept_class)]

    def relation(self, iri: str) -> Relation:
        """The relation with IRI ``iri``."""
        return self.relations[local_name(URIRef(iri))]

    def lineage(self, class_names: Iterable[str]) -> set[str]:
        """Every class that an entity of ``class_names`` belongs to, ancestors included."""
        out: set[str] = set()
        for name in class_names:
            out.update(self.classes[name].lineage)
        return out


def local_name(iri: URIRef) -> str:
    """The part of a kratom-kg vocabulary IRI after ``#``."""
    return str(iri).rsplit("#", 1)[-1]


def read_ontology(path: Path) -> Ontology:
    """Parse ``path`` (Turtle) and index its classes, relations and vocabularies."""
    if not path.is_file():
        raise KGError(f"{path}: ontology file not found; run from a kratom-kg checkout or set KG_HOME")
    graph = Graph()
    graph.parse(path, format="turtle")
    namespace = str(KG._NS)

    def ours(node: object) -> bool:
        return isinstance(node, URIRef) and str(node).startswith(namespace)

    parents: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for cls in graph.subjects(RDF.type, OWL.Class):
        if not ours(cls):
            continue
        name = local_name(cls)
        parents[name] = [local_name(p) for p in graph.objects(cls, RDFS.subClassOf) if ours(p)]
        labels[name] = str(graph.value(cls, RDFS.label) or name)

    def lineage(name: str) -> tuple[str, ...]:
        seen: list[str] = []
        stack = [name]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.append(current)
                stack.extend(parents.get(current, []))
        return tuple(seen)

    classes = {
        name: OntologyClass(name, term(name), labels[name], lineage(name)) for name in sorted(parents)
    }

    relations: dict[str, Relation] = {}
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        if not ours(prop) or not _is_domain_relation(graph, prop):
            continue
        name = local_name(prop)
        domain = {local_name(c) for c in graph.objects(prop, RDFS.domain)}
        domain |= {local_name(c) for c in graph.objects(prop, SCHEMA_DOMAIN)}
        rng = {local_name(c) for c in graph.objects(prop, RDFS.range)}
        rng |= {local_name(c) for c in graph.objects(prop, SCHEMA_RANGE)}
        relations[name] = Relation(
            name, URIRef(prop), str(graph.value(prop, RDFS.label) or name),
            frozenset(domain), frozenset(rng), _rules(graph, prop),
        )

    vocabularies: dict[str, dict[str, URIRef]] = {}
    labels: dict[str, dict[str, str]] = {}
    # Every kratom-kg subclass of skos:Concept is a controlled vocabulary (the schema is data:
    # a new vocabulary needs no change here).
    for concept_class in sorted(c for c in graph.subjects(RDFS.subClassOf, SKOS.Concept)
                                if ours(c)):
        table: dict[str, URIRef] = {}
        names: dict[str, str] = {}
        for concept in graph.subjects(RDF.type, concept_class):
            notation = graph.value(concept, SKOS.notation)
            if notation is not None:
                table[str(notation)] = URIRef(concept)
                names[str(notation)] = str(graph.value(concept, SKOS.prefLabel) or notation)
        vocabularies[local_name(URIRef(concept_class))] = table
        labels[local_name(URIRef(concept_class))] = names
    notation = {iri: n for table in vocabularies.values() for n, iri in table.items()}
    measures = vocabularies[local_name(KG.MeasureType)]
    units_of = {
        n: frozenset(notation[u] for u in graph.objects(iri, KG.allowedUnit) if u in notation)
        for n, iri in measures.items()}

    def flagged(flag: URIRef) -> frozenset[str]:
        return frozenset(n for n, iri in measures.items()
                         if (iri, flag, Literal(True)) in graph)

    grades = vocabularies[local_name(KG.EvidenceGrade)]
    grade_scores = {n: float(graph.value(iri, KG.rankScore))  # type: ignore[arg-type]
                    for n, iri in grades.items()}
    return Ontology(graph, classes, dict(sorted(relations.items())), vocabularies, units_of,
                    flagged(KG.needsComparator), flagged(KG.dimensionless), labels, grade_scores)


def _rules(graph: Graph, prop: URIRef) -> Rules:
    """A relation's path role and the kinds of evidence that bear on it, by notation."""

    def notations(predicate: URIRef) -> frozenset[str]:
        return frozenset(str(graph.value(c, SKOS.notation)) for c in graph.objects(prop, predicate))

    role = graph.value(graph.value(prop, KG.pathRole), SKOS.notation)
    return Rules(str(role or UNANNOTATED.role), notations(KG.directEvidence),
                 notations(KG.supportiveEvidence),
                 (prop, KG.needsComparison, Literal(True)) in graph)


def _is_domain_relation(graph: Graph, prop: URIRef) -> bool:
    """True for kg:relatedTo and everything below it (the relations that make graph edges)."""
    seen: set[URIRef] = set()
    stack = [prop]
    while stack:
        current = stack.pop()
        if current == KG.relatedTo:
            return True
        if current in seen:
            continue
        seen.add(current)
        stack.extend(p for p in graph.objects(current, RDFS.subPropertyOf) if isinstance(p, URIRef))
    return False
