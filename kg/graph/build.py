"""Turns validated records into one RDF graph and writes it, deterministically and atomically.

Each curated claim becomes a claim node (``kg:Claim``, reified with ``rdf:subject``,
``rdf:predicate`` and ``rdf:object``) carrying every field the claim model declares
(:mod:`kg.model.claim`) — sources, evidence type, stance, the measured value with its comparator
and interval, who and what was measured, whether the edge is inferred or its value disputed.
Every edge that at least one claim supports is also asserted as a plain triple, so
``?c kg:partialAgonistOf ?r`` just works. Entity types are materialised up the kratom-kg class
tree (so ``?x a kg:Compound`` needs no reasoner); relations are not, so each plain edge stands for
exactly the relation that was curated. The ontology is part of the built graph.

This stage ends at the graph: the files written from it besides the RDF (the path projection,
an on-disk store) are made by the steps that own them and handed to :func:`write_outputs`, so
the whole set is replaced together.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, unquote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.atomic import exclusive, replace_files
from kg.curate.checks import check_rows
from kg.curate.load import load_data
from kg.errors import Diagnostic, Level, ValidationError
from kg.graph.shapes import check_shapes
from kg.locations import Locations
from kg.model import prefixes
from kg.model.claim import FIELDS, Claim, Field, Kind, Stance, label
from kg.model.grading import grade_edge
from kg.model.ontology import Ontology, read_ontology
from kg.model.origin import Origin
from kg.model.records import Check, Dataset, Entity, Source
from kg.model.vocab import CHECK, ENTITY, KG, edge_iri, entity_iri, source_iri, web_iri

#: The serialisations written by ``kg build``: file extension → rdflib format name.
FORMATS: dict[str, str] = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}

#: Which curated column each property of the graph came from (to report SHACL results): the
#: declared claim fields, then the columns of entities, sources and checked statements.
FIELDS_BY_PROPERTY: dict[URIRef, str] = {
    **{URIRef(f.iri): f.name for f in FIELDS}, KG.edge: "subject",
    RDFS.label: "label", SKOS.altLabel: "synonyms", SKOS.exactMatch: "xrefs",
    DCTERMS.description: "description", DCTERMS.title: "title", DCTERMS.issued: "year",
    KG.doi: "doi", KG.pmid: "pmid", KG.pmcid: "pmcid", KG.url: "url", KG.authors: "authors",
    KG.venue: "venue", KG.sourceKind: "kind", KG.confirmedAt: "confirmed_at",
    KG.verdict: "verdict", KG.backedBy: "evidence", KG.topic: "topic",
}


@dataclass(frozen=True, slots=True)
class Compiled:
    """A validated graph with the warnings met on the way and the row each node came from."""

    graph: Graph
    dataset: Dataset
    warnings: tuple[Diagnostic, ...]
    origins: Mapping[URIRef, Origin]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What ``kg build`` wrote."""

    outputs: tuple[Path, ...]
    triples: int
    claims: int
    warnings: tuple[Diagnostic, ...]


def compile_graph(locations: Locations, *, shacl: bool = True,
                  today: dt.date | None = None) -> Compiled:
    """Load, validate and build the graph in memory; raise :class:`ValidationError` listing every
    problem (file:line: field) when the data break a rule."""
    ontology = read_ontology(locations.ontology_file)
    raw = load_data(locations.data, display_root=locations.root)
    dataset, diagnostics = check_rows(raw, ontology, today=today)
    if any(d.level is Level.ERROR for d in diagnostics):
        raise ValidationError(diagnostics)
    graph, origins = to_graph(dataset, ontology)
    if shacl:
        shapes = Graph().parse(locations.shapes_file, format="turtle")
        diagnostics += check_shapes(graph, shapes, origins, FIELDS_BY_PROPERTY)
        if any(d.level is Level.ERROR for d in diagnostics):
            raise ValidationError(diagnostics)
    return Compiled(graph, dataset, tuple(diagnostics), origins)


def write_outputs(locations: Locations, payloads: Mapping[str, bytes], *,
                  store: Callable[[Path, Path], None] | None = None) -> tuple[Path, ...]:
    """Replace the build folder's files (``kratom.<ext>`` for each payload) together, under the
    build lock; with ``store``, also have it write the on-disk store from the new N-Triples."""
    outputs = {locations.graph_file(ext): data for ext, data in payloads.items()}
    with exclusive(locations.build):
        replace_files(outputs)
        if store is not None:
            store(locations.graph_file("nt"), locations.graph_file("oxigraph"))
    return (*outputs, locations.graph_file("oxigraph")) if store is not None else tuple(outputs)


def serialise(graph: Graph) -> dict[str, bytes]:
    """The graph in every build format, byte-identical for identical input."""
    out: dict[str, bytes] = {}
    out["ttl"] = graph.serialize(format="turtle", encoding="utf-8")
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
    out["nt"] = b"".join(sorted(line for line in lines if line.strip()))
    context = {p: ns for p, ns in prefixes.VOCABULARY_PREFIXES.items()}
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    out["jsonld"] = (json.dumps(_sorted_jsonld(document), ensure_ascii=False, indent=1,
                                sort_keys=True) + "\n").encode()
    return out


def _sorted_jsonld(document: object) -> object:
    """JSON-LD with its node list and every value array in a fixed order."""
    if isinstance(document, dict):
        return {k: _sorted_jsonld(v) for k, v in document.items()}
    if isinstance(document, list):
        items = [_sorted_jsonld(v) for v in document]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return document


# ------------------------------------------------------------------------------- records → RDF


def to_graph(dataset: Dataset, ontology: Ontology) -> tuple[Graph, dict[URIRef, Origin]]:
    """The RDF graph of ``dataset`` (ontology included) and, for each node made from a row, the
    row's origin."""
    graph = prefixes.bind(Graph())
    for triple in ontology.graph:
        graph.add(triple)
    origins: dict[URIRef, Origin] = {}
    for source in dataset.sources:
        origins[_add_source(graph, source, ontology)] = source.origin
    for entity in dataset.entities:
        origins[_add_entity(graph, entity, ontology)] = entity.origin
    name = namer(ontology, {str(entity_iri(e.id)): e.label for e in dataset.entities})
    claim_nodes: dict[tuple[str, str, str], list[URIRef]] = {}
    edges: dict[URIRef, list[Claim]] = {}
    for claim in dataset.claims:
        node = _add_claim(graph, claim, ontology, name)
        if claim.origin is not None:
            origins[node] = claim.origin
        key = (_local(claim.subject), _local(claim.predicate), _local(claim.object))
        claim_nodes.setdefault(key, []).append(node)
        edges.setdefault(edge_iri(claim.id), []).append(claim)
    classes = {str(entity_iri(e.id)): ontology.lineage(e.classes) for e in dataset.entities}
    for edge, claims in edges.items():
        _add_edge(graph, edge, claims, ontology, classes.get(claims[0].object, set()))
    for check in dataset.checks:
        origins[_add_check(graph, check, ontology, claim_nodes)] = check.origin
    return graph, origins


def namer(ontology: Ontology, entities: Mapping[str, str]) -> Callable[[str, str], str]:
    """How the builder names a claim field's value in labels: entities and relations by their
    labels, concepts by their preferred labels, anything else as it is."""
    relations = {str(r.iri): r.label for r in ontology.relations.values()}
    schemes = {f.name: f.scheme for f in FIELDS if f.scheme}

    def name(field: str, value: str) -> str:
        if field in schemes:
            return ontology.labels[schemes[field]].get(value, value)
        return entities.get(value) or relations.get(value) or value

    return name


def _local(iri: str) -> str:
    """The curated id or local name at the end of one of our IRIs."""
    return unquote(iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def terms(field: Field, value: object, ontology: Ontology) -> list[URIRef | Literal]:
    """The RDF terms a claim field's value becomes, by its declared kind."""
    kind = field.kind
    if kind in (Kind.ENTITY, Kind.RELATION):
        return [URIRef(str(value))]
    if kind is Kind.SOURCES:
        return [source_iri(s) for s in value]  # type: ignore[attr-defined]
    if kind is Kind.CONCEPT:
        return [ontology.vocabularies[field.scheme][str(value)]]
    if kind is Kind.DECIMAL:
        assert isinstance(value, Decimal)
        return [Literal(decimal_lexical(value), datatype=XSD.decimal)]
    if kind is Kind.INTEGER:
        return [Literal(int(value), datatype=XSD.integer)]  # type: ignore[call-overload]
    if kind is Kind.DATE:
        return [_date_literal(str(value))]
    if kind is Kind.ENTITY_OR_TEXT and str(value).startswith(str(ENTITY)):
        return [URIRef(str(value))]
    return [_text(str(value))]


def _add_claim(graph: Graph, claim: Claim, ontology: Ontology,
               name: Callable[[str, str], str]) -> URIRef:
    node = URIRef(claim.id)
    graph.add((node, RDF.type, KG.Claim))
    if claim.date:
        graph.add((node, RDF.type, KG.RegulatoryAction))
    edge = edge_iri(claim.id)
    graph.add((node, KG.edge, edge))
    graph.add((edge, RDF.type, KG.Edge))
    for f, value in claim.given():
        for term in terms(f, value, ontology):
            graph.add((node, URIRef(f.iri), term))
    graph.add((node, RDFS.label, _text(label(claim, name))))
    if claim.origin is not None:
        graph.add((node, KG.curatedIn, _text(claim.origin.file)))
    if claim.supports:
        graph.add((URIRef(claim.subject), URIRef(claim.predicate), URIRef(claim.object)))
    return node


def _add_edge(graph: Graph, edge: URIRef, claims: list[Claim], ontology: Ontology,
              object_classes: set[str]) -> None:
    """What the claims about one triple add up to: how many sources support and contradict it,
    and its evidence grade with the counts behind it (docs/grading.md), for quick questions."""
    for stance, prop in ((Stance.SUPPORTS, KG.supportingSources),
                         (Stance.CONTRADICTS, KG.contradictingSources)):
        graph.add((edge, prop, Literal(len({s for c in claims if c.stance is stance
                                                for s in c.sources}))))
    graded = grade_edge(claims, ontology.relation(claims[0].predicate).rules, object_classes,
                        comparative=ontology.comparative)
    graph.add((edge, KG.evidenceGrade, ontology.vocabulary(KG.EvidenceGrade)[graded.grade]))
    graph.add((edge, KG.evidenceSummary, _text(graded.summary)))


def _add_check(graph: Graph, check: Check, ontology: Ontology,
               claim_nodes: Mapping[tuple[str, str, str], list[URIRef]]) -> URIRef:
    node = CHECK[check.id]
    graph.add((node, RDF.type, KG.CheckedStatement))
    graph.add((node, RDFS.label, _text(check.statement)))
    graph.add((node, DCTERMS.identifier, _text(check.id)))
    graph.add((node, KG.verdict, ontology.vocabulary(KG.Verdict)[check.verdict]))
    graph.add((node, KG.topic, _text(check.topic)))
    graph.add((node, KG.checkedDocument, _text(check.document)))
    graph.add((node, KG.locationInSource, _text(check.location)))
    graph.add((node, RDFS.comment, _text(check.note)))
    graph.add((node, KG.curatedIn, _text(check.origin.file)))
    for edge in check.evidence:
        for claim in claim_nodes.get(edge, []):
            graph.add((node, KG.backedBy, claim))
    return node


def _text(value: str) -> Literal:
    """A plain string literal (RDF 1.1 reads it as xsd:string)."""
    return Literal(value)


def _add_entity(graph: Graph, entity: Entity, ontology: Ontology) -> URIRef:
    node = entity_iri(entity.id)
    for name in sorted(ontology.lineage(entity.classes)):
        graph.add((node, RDF.type, ontology.classes[name].iri))
    graph.add((node, RDFS.label, _text(entity.label)))
    for synonym in entity.synonyms:
        graph.add((node, SKOS.altLabel, _text(synonym)))
    for xref in entity.xrefs:
        graph.add((node, SKOS.exactMatch, URIRef(prefixes.expand(xref))))
    for address in entity.confirmed_at:
        graph.add((node, KG.confirmedAt, web_iri(address)))
    if entity.description:
        graph.add((node, DCTERMS.description, _text(entity.description)))
    graph.add((node, DCTERMS.identifier, _text(entity.id)))
    graph.add((node, KG.curatedIn, _text(entity.origin.file)))
    return node


#: A personal author as curated: surname (possibly several words) and initials.
_PERSON = re.compile(r"^(?P<surname>.+?) (?P<initials>[A-Z][A-Za-z]{0,3})$")


def short_citation(source: Source) -> str:
    """``Surname et al. (year)`` for one or more authors, as shown beside every hop; an
    organisation (no initials) is named whole: ``U.S. Food and Drug Administration (2021)``."""
    if not source.authors:
        return f"{source.venue} ({source.year})"
    first = source.authors[0]
    person = _PERSON.match(first)
    name = person["surname"] if person and first.split(" ")[-1].isupper() else first
    more = " et al." if len(source.authors) > 1 else ""
    return f"{name}{more} ({source.year})"


def _add_source(graph: Graph, source: Source, ontology: Ontology) -> URIRef:
    node = source_iri(source.id)
    graph.add((node, RDF.type, KG.Source))
    graph.add((node, RDFS.label, _text(short_citation(source))))
    graph.add((node, DCTERMS.identifier, _text(source.id)))
    graph.add((node, DCTERMS.title, _text(source.title)))
    graph.add((node, DCTERMS.issued, Literal(str(source.year), datatype=XSD.gYear)))
    graph.add((node, KG.sourceKind, ontology.vocabulary(KG.SourceKind)[source.kind]))
    graph.add((node, KG.authors, _text("; ".join(source.authors))))
    citation = f"{', '.join(source.authors)} ({source.year}). {source.title}."
    if source.venue:
        graph.add((node, KG.venue, _text(source.venue)))
        citation += f" {source.venue}."
    graph.add((node, DCTERMS.bibliographicCitation, _text(citation)))
    if source.doi:
        graph.add((node, KG.doi, _text(source.doi)))
        graph.add((node, RDFS.seeAlso, URIRef("https://doi.org/" + quote(source.doi, safe="/"))))
    if source.pmid:
        graph.add((node, KG.pmid, _text(source.pmid)))
        graph.add((node, RDFS.seeAlso, URIRef(f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/")))
    if source.pmcid:
        graph.add((node, KG.pmcid, _text(source.pmcid)))
        graph.add((node, RDFS.seeAlso,
                   URIRef(f"https://www.ncbi.nlm.nih.gov/pmc/articles/{source.pmcid}/")))
    if source.url:
        graph.add((node, KG.url, web_iri(source.url)))
    for address in source.confirmed_at:
        graph.add((node, KG.confirmedAt, web_iri(address)))
    graph.add((node, KG.curatedIn, _text(source.origin.file)))
    return node


def decimal_lexical(value: Decimal) -> str:
    """The value as written by the source, with ``.0`` added to whole numbers so that Turtle,
    N-Triples and JSON-LD all carry the same lexical form (``45`` would become ``45.0`` in Turtle)."""
    text = str(value)
    return text if "." in text else text + ".0"


def _date_literal(text: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(text)]
    return Literal(text, datatype=datatype)
