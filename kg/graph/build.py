"""Turns validated records into one RDF graph and writes it, deterministically and atomically.

Each curated claim becomes a claim node (``kg:Claim``, reified with ``rdf:subject``,
``rdf:predicate`` and ``rdf:object``) carrying its sources, evidence type, stance and measured
value; every edge that at least one claim supports is also asserted as a plain triple, so
``?c kg:partialAgonistOf ?r`` just works. Entity types are materialised up the kratom-kg class
tree (so ``?x a kg:Compound`` needs no reasoner); relations are not, so each plain edge stands for
exactly the relation that was curated. The ontology is part of the built graph.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.atomic import exclusive, replace_files
from kg.curate.checks import check_rows, check_shapes, claim_key
from kg.curate.load import load_data
from kg.errors import Diagnostic, Level, ValidationError
from kg.locations import Locations
from kg.model import prefixes
from kg.model.ontology import Ontology, read_ontology
from kg.model.records import Check, Claim, Dataset, Entity, Origin, Source
from kg.model.vocab import CHECK, CLAIM, EDGE, ENTITY, KG, SOURCE

#: The serialisations written by ``kg build``: file extension → rdflib format name.
FORMATS: dict[str, str] = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}

#: Which curated column each property of the graph came from (to report SHACL results).
FIELDS: dict[URIRef, str] = {
    RDFS.label: "label", SKOS.altLabel: "synonyms", SKOS.exactMatch: "xrefs",
    DCTERMS.description: "description", RDF.subject: "subject", RDF.predicate: "predicate",
    RDF.object: "object", KG.source: "sources", KG.evidenceType: "evidence",
    KG.stance: "stance", KG.measure: "measure", KG.comparator: "comparator", KG.value: "value",
    KG.unit: "unit", KG.edge: "subject", KG.species: "species", KG.assay: "assay",
    KG.referenceAgonist: "reference", KG.locationInSource: "location", RDFS.comment: "note",
    KG.catalysedBy: "enzyme", KG.actionDate: "date", KG.regulatoryStatus: "status",
    KG.signallingBias: "bias",
    KG.instrument: "instrument", DCTERMS.title: "title", DCTERMS.issued: "year",
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
        diagnostics += check_shapes(graph, shapes, origins, FIELDS)
        if any(d.level is Level.ERROR for d in diagnostics):
            raise ValidationError(diagnostics)
    return Compiled(graph, dataset, tuple(diagnostics), origins)


def build(locations: Locations, *, shacl: bool = True, today: dt.date | None = None,
          store: bool = False) -> BuildResult:
    """Compile the graph and write ``kratom.ttl``, ``kratom.nt``, ``kratom.jsonld`` and the path
    projection ``kratom.projection.json`` into the build folder (and, with ``store``, an on-disk
    pyoxigraph store ``kratom.oxigraph/``); nothing there is replaced unless every check passed and
    every file was written."""
    compiled = compile_graph(locations, shacl=shacl, today=today)
    payloads = serialise(compiled.graph)
    payloads["projection.json"] = projection_json(payloads["nt"])
    outputs = {locations.graph_file(ext): data for ext, data in payloads.items()}
    with exclusive(locations.build):
        replace_files(outputs)
        if store:
            from kg.graph.store import write_store

            write_store(locations.graph_file("nt"), locations.graph_file("oxigraph"))
    written = (*outputs, locations.graph_file("oxigraph")) if store else tuple(outputs)
    return BuildResult(written, len(compiled.graph), len(compiled.dataset.claims),
                       compiled.warnings)


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


def projection_json(ntriples: bytes) -> bytes:
    """The path-search projection (:mod:`kg.read.projection`) of the built graph, prepared once here so
    ``kg path`` does not recompute it per call."""
    import pyoxigraph

    from kg.read.projection import build_projection
    from kg.sparql.engine import OxigraphEngine

    store = pyoxigraph.Store()
    store.load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return build_projection(OxigraphEngine(store)).to_json()


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
    labels = {e.id: e.label for e in dataset.entities}
    for source in dataset.sources:
        origins[_add_source(graph, source, ontology)] = source.origin
    for entity in dataset.entities:
        origins[_add_entity(graph, entity, ontology)] = entity.origin
    claim_nodes: dict[tuple[str, str, str], list[URIRef]] = {}
    edges: dict[URIRef, dict[str, set[str]]] = {}
    for claim in dataset.claims:
        node = _add_claim(graph, claim, ontology, labels)
        origins[node] = claim.origin
        claim_nodes.setdefault((claim.subject, claim.predicate, claim.object), []).append(node)
        edges.setdefault(edge_iri(claim), {"supports": set(), "contradicts": set()})[
            claim.stance].update(claim.sources)
    for edge, stances in edges.items():  # what each edge's claims add up to, for quick questions
        graph.add((edge, KG.supportingSources, Literal(len(stances["supports"]))))
        graph.add((edge, KG.contradictingSources, Literal(len(stances["contradicts"]))))
    for check in dataset.checks:
        origins[_add_check(graph, check, ontology, claim_nodes)] = check.origin
    return graph, origins


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


#: Characters a web address may carry (browsers accept them) but an IRI may not.
_NOT_IN_IRIS = {c: f"%{ord(c):02X}" for c in ' <>"{}|\\^`[]'}


def web_iri(address: str) -> URIRef:
    """A curated web address as an IRI: the few characters IRIs forbid (``[``, ``]``, ``|`` …)
    percent-encoded, everything else as written."""
    return URIRef("".join(_NOT_IN_IRIS.get(c, c) for c in address))


def entity_iri(identifier: str) -> URIRef:
    """The IRI of the entity with curated id ``identifier``."""
    return ENTITY[quote(identifier, safe="")]


def source_iri(identifier: str) -> URIRef:
    """The IRI of the source with curated id ``identifier``."""
    return SOURCE[identifier]


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


def short_citation(source: Source) -> str:
    """``Surname et al. (year)`` for one or more authors, as shown beside every hop."""
    first = source.authors[0].split(" ")[0] if source.authors else source.venue
    more = " et al." if len(source.authors) > 1 else ""
    return f"{first}{more} ({source.year})"


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


def claim_iri(claim: Claim) -> URIRef:
    """``claim:<subject>--<predicate>--<object>--<digest of what it asserts>``."""
    parts = (quote(claim.subject, safe=""), claim.predicate, quote(claim.object, safe=""))
    return CLAIM["--".join((*parts, claim_key(claim)))]


def edge_iri(claim: Claim) -> URIRef:
    """``edge:<subject>--<predicate>--<object>``: shared by every claim about the same triple, so
    a store finds a claim's fellow claims by one index lookup instead of scanning a hub's claims."""
    return EDGE["--".join((quote(claim.subject, safe=""), claim.predicate,
                           quote(claim.object, safe="")))]


def _add_claim(graph: Graph, claim: Claim, ontology: Ontology, labels: Mapping[str, str],
               ) -> URIRef:
    node = claim_iri(claim)
    relation = ontology.relations[claim.predicate]
    subject, obj = entity_iri(claim.subject), entity_iri(claim.object)
    graph.add((node, RDF.type, KG.Claim))
    if claim.date:
        graph.add((node, RDF.type, KG.RegulatoryAction))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, relation.iri))
    graph.add((node, RDF.object, obj))
    edge = edge_iri(claim)
    graph.add((node, KG.edge, edge))
    graph.add((edge, RDF.type, KG.Edge))
    for sid in claim.sources:
        graph.add((node, KG.source, source_iri(sid)))
    graph.add((node, KG.evidenceType, ontology.vocabulary(KG.EvidenceType)[claim.evidence]))
    graph.add((node, KG.stance, ontology.vocabulary(KG.Stance)[claim.stance]))
    label = f"{labels[claim.subject]} {relation.label} {labels[claim.object]}"
    details = []
    m = claim.measurement
    if m is not None:
        graph.add((node, KG.measure, ontology.vocabulary(KG.MeasureType)[m.measure]))
        graph.add((node, KG.value, Literal(decimal_lexical(m.value), datatype=XSD.decimal)))
        graph.add((node, KG.unit, ontology.vocabulary(KG.Unit)[m.unit]))
        if m.comparator:
            graph.add((node, KG.comparator, _text(m.comparator)))
        if m.reference:
            graph.add((node, KG.referenceAgonist, _text(m.reference)))
        details.append(f"{m.measure} {m.comparator}{m.value} {m.unit}")
    if claim.species:
        graph.add((node, KG.species, ontology.vocabulary(KG.Species)[claim.species]))
        details.append(claim.species)
    if claim.assay:
        graph.add((node, KG.assay, _text(claim.assay)))
    if claim.enzyme:
        graph.add((node, KG.catalysedBy, entity_iri(claim.enzyme)))
        details.append(f"by {labels[claim.enzyme]}")
    if claim.date:
        graph.add((node, KG.actionDate, _date_literal(claim.date)))
        graph.add((node, KG.regulatoryStatus,
                   ontology.vocabulary(KG.RegulatoryStatus)[claim.status]))
        details.append(f"{claim.status}, {claim.date}")
    if claim.instrument:
        graph.add((node, KG.instrument, _text(claim.instrument)))
    if claim.bias:
        bias = ontology.vocabulary(KG.SignallingBias)[claim.bias]
        graph.add((node, KG.signallingBias, bias))
        details.append(str(ontology.graph.value(bias, SKOS.prefLabel) or claim.bias))
    if claim.stance == "contradicts":
        label = f"not: {label}"
    if details:
        label += f" ({', '.join(details)})"
    graph.add((node, RDFS.label, _text(label)))
    graph.add((node, KG.locationInSource, _text(claim.location)))
    graph.add((node, RDFS.comment, _text(claim.note)))
    graph.add((node, KG.curatedIn, _text(claim.origin.file)))
    if claim.stance == "supports":
        graph.add((subject, relation.iri, obj))
    return node


def decimal_lexical(value: Decimal) -> str:
    """The value as written by the source, with ``.0`` added to whole numbers so that Turtle,
    N-Triples and JSON-LD all carry the same lexical form (``45`` would become ``45.0`` in Turtle)."""
    text = str(value)
    return text if "." in text else text + ".0"


def _date_literal(text: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(text)]
    return Literal(text, datatype=datatype)
