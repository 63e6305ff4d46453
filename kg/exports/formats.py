"""``kg export``: the graph in the formats other tools read.

- ``ttl``, ``nt``: the RDF graph as built; ``jsonld``: the same, compacted with the published
  context (``context.jsonld``, written beside it, also at ``kg/assets/context.jsonld``).
- ``graphml``, ``gexf``: a property graph for Cytoscape and Gephi — one node per entity (label,
  class, categories, identifiers) and one edge per subject-relation-object with its evidence
  grade and the counts behind it, its path role, and the evidence types, stances and sources of
  its claims.
- ``kgx``: KGX TSV (``nodes.tsv``, ``edges.tsv``) aligned to the Biolink model: categories and
  predicates come from the ontology's Biolink mappings (``skos:exactMatch``/``closeMatch``/
  ``broadMatch``, inherited up the class and property trees), one edge per claim with its
  ``publications`` (PMID or DOI CURIEs), ``negated`` for contradicting claims, knowledge level
  and agent type (manually curated assertions), and the evidence grade of the edge it is about.
- ``neo4j``: CSV files for ``neo4j-admin database import`` (``nodes.csv``, ``relationships.csv``)
  with typed headers.

Everything is read from the RDF graph through a query engine (local store or remote endpoint), so
an export works from any graph built to the ontology. Files are written atomically.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from importlib import resources
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.errors import ExportError
from kg.model.claim import FIELDS, Claim, Field, Kind, Stance, measured, summary
from kg.model.prefixes import BASE
from kg.read.projection import VOCAB, Projection, local_name

FORMATS = ("ttl", "nt", "jsonld", "graphml", "gexf", "kgx", "neo4j")
BIOLINK = "https://w3id.org/biolink/vocab/"
#: The knowledge source this graph is, in the form Biolink's ``infores`` registry uses.
INFORES = "infores:kratom-kg"


@dataclass(frozen=True, slots=True)
class BiolinkMap:
    """Biolink categories of our classes and predicates of our relations (local names)."""

    categories: Mapping[str, str]
    predicates: Mapping[str, str]

    def category(self, types: Sequence[str]) -> list[str]:
        """The Biolink categories of an entity of these classes (each class mapped once)."""
        found = [self.categories[t] for t in types if t in self.categories]
        return list(dict.fromkeys(found)) or [BIOLINK_PREFIX + "NamedThing"]

    def predicate(self, relation: str) -> str:
        return self.predicates.get(relation, BIOLINK_PREFIX + "related_to")


BIOLINK_PREFIX = "biolink:"


def biolink_map(ontology_graph: Graph) -> BiolinkMap:
    """Read the Biolink alignment from the ontology: each class and relation takes its own
    mapping or, failing that, the nearest ancestor's."""
    def own(node: URIRef) -> str | None:
        for match in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch):
            for target in sorted(ontology_graph.objects(node, match)):
                if str(target).startswith(BIOLINK):
                    return BIOLINK_PREFIX + str(target)[len(BIOLINK):]
        return None

    def inherited(node: URIRef, parent: URIRef) -> str | None:
        seen: set[URIRef] = set()
        queue = [node]
        while queue:
            current = queue.pop(0)
            if current in seen:
                continue
            seen.add(current)
            mapped = own(current)
            if mapped:
                return mapped
            queue.extend(sorted(p for p in ontology_graph.objects(current, parent)
                                if isinstance(p, URIRef) and str(p).startswith(VOCAB)))
        return None

    classes, relations = {}, {}
    for subject in set(ontology_graph.subjects()):
        if not isinstance(subject, URIRef) or not str(subject).startswith(VOCAB):
            continue
        name = str(subject)[len(VOCAB):]
        if (subject, RDFS.subClassOf, None) in ontology_graph:
            mapped = inherited(subject, RDFS.subClassOf)
            if mapped:
                classes[name] = mapped
        if (subject, RDFS.subPropertyOf, None) in ontology_graph or own(subject):
            mapped = inherited(subject, RDFS.subPropertyOf)
            if mapped and "/" not in mapped and mapped[len(BIOLINK_PREFIX):][0].islower():
                relations[name] = mapped
    return BiolinkMap(classes, relations)


# ------------------------------------------------------------------------------------ helpers


#: Identifier schemes used as a node's KGX id when it has one, best first (all in Biolink's
#: prefix map); other nodes keep their own ``KRATOM:`` identifier.
PREFERRED_IDS = ("PUBCHEM.COMPOUND", "CHEBI", "UniProtKB", "HGNC", "NCBIGene", "NCBITaxon", "MESH",
                 "UNII", "DRUGBANK", "CHEMBL.COMPOUND", "CHEMBL.TARGET", "GTOPDB")


def _curie(iri: str) -> str:
    """Our entity IRI as a CURIE of the local namespace (``KRATOM:mitragynine``)."""
    base = BASE + "entity/"
    return "KRATOM:" + iri[len(base):] if iri.startswith(base) else iri


def kgx_ids(projection: Projection) -> dict[str, str]:
    """Each entity's KGX id: its best standard identifier, so the graph merges with others on
    shared identifiers, or else its own ``KRATOM:`` CURIE."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for iri, node in sorted(projection.nodes.items()):
        xrefs = node.xrefs
        # An identifier two entities share (a curation slip) stays with the first; the other keeps
        # its own, so node ids are unique.
        best = next((x for p in PREFERRED_IDS for x in xrefs
                     if x.startswith(p + ":") and x not in taken), None)
        ids[iri] = best or _curie(iri)
        taken.add(ids[iri])
    return ids


def _publications(projection: Projection, sources: Iterable[str]) -> list[str]:
    out = []
    for sid in sources:
        source = projection.sources.get(sid)
        if source is None:
            continue
        if source.pmid:
            out.append(f"PMID:{source.pmid}")
        elif source.doi:
            out.append(f"doi:{source.doi}")
        elif source.url:
            out.append(source.url)
    return out


#: Claim fields written as columns of their own by the property-graph and Neo4j exports: every
#: declared field except the edge's ends and relation, which the formats hold structurally.
EXPORTED_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS
                                           if f.name not in ("subject", "predicate", "object"))


def field_text(claim: Claim, field: Field, separator: str = "|") -> str:
    """A claim field's value as export text ('' when not given; several values joined by
    ``separator``)."""
    value = claim.get(field.name)
    if value in (None, "", ()):
        return ""
    return separator.join(value) if field.many else str(value)  # type: ignore[arg-type]


def _most_specific(types: Sequence[str], order: Sequence[str]) -> str:
    for name in order:
        if name in types:
            return name
    return "Entity"


#: Classes from most to least specific, for the one-class columns of the property-graph formats.
CLASS_ORDER = ("Metabolite", "Alkaloid", "ComparatorDrug", "Compound", "Plant", "Receptor",
               "Enzyme", "Transporter", "IonChannel", "MolecularTarget", "NeurotransmitterSystem",
               "Effect", "Risk", "Jurisdiction", "Entity")


# ------------------------------------------------------------------------------------ formats


def property_graph(projection: Projection, biolink: BiolinkMap) -> nx.MultiDiGraph:
    """One node per entity and one edge per (subject, relation, object), with scalar attributes
    (lists joined with '|') as GraphML and GEXF require: the edge's evidence grade (with its
    ranking score and the counts behind it), path role and claim count, its measured values as
    people read them, and each declared claim field's distinct values over the edge's claims."""
    graph = nx.MultiDiGraph()
    for iri, node in sorted(projection.nodes.items()):
        graph.add_node(local_name(iri), label=node.label,
                       kind=_most_specific(node.types, CLASS_ORDER),
                       classes="|".join(t for t in node.types if t != "Entity"),
                       category="|".join(biolink.category(node.types)),
                       xrefs="|".join(node.xrefs), synonyms="|".join(node.synonyms),
                       description=node.description, iri=iri)
    grouped: dict[tuple[str, str, str], list[Claim]] = {}
    for claim in projection.claims:
        grouped.setdefault((claim.subject, claim.predicate, claim.object), []).append(claim)
    for (s, predicate, o), claims in sorted(grouped.items()):
        graded = projection.grades[(s, predicate, o)]
        relation = local_name(predicate)
        fields = {f.name: "|".join(sorted({p for c in claims for p in field_text(c, f).split("|")
                                           if p}))
                  for f in EXPORTED_FIELDS}
        graph.add_edge(
            local_name(s), local_name(o), key=relation, relation=relation,
            label=projection.relations.get(predicate, relation),
            predicate=biolink.predicate(relation),
            supported=any(c.supports for c in claims),
            contradicted=any(not c.supports for c in claims),
            grade=graded.grade, grade_score=projection.score(graded),
            evidence_summary=graded.summary, role=projection.rule(predicate).role,
            claims=len(claims),
            values="|".join(v for v in (measured(c, projection.name) for c in claims) if v),
            **fields)
    return graph


def knowledge_level(claim: Claim) -> str:
    """Biolink's knowledge level of a claim: a curator's inference is a logical entailment, a
    ratio from people observed (not treated) a statistical association, anything else an
    assertion of its source."""
    if claim.inferred:
        return "logical_entailment"
    if claim.measure and claim.comparator and claim.evidence in (
            "human_observational", "self_report_survey"):
        return "statistical_association"
    return "knowledge_assertion"


#: KGX edge columns: the fixed Biolink slots, then those declared by claim fields, then the
#: description that carries every other given field as text.
KGX_EDGE_COLUMNS: tuple[str, ...] = (
    "id", "subject", "predicate", "object", "negated", "has_evidence", "knowledge_level",
    "agent_type", "primary_knowledge_source", "original_predicate",
    *dict.fromkeys(f.kgx for f in FIELDS if f.kgx), "evidence_grade", "evidence_summary",
    "description")


def kgx_tables(projection: Projection, biolink: BiolinkMap) -> dict[str, bytes]:
    """KGX TSV nodes and edges (one edge per claim)."""
    ids = kgx_ids(projection)
    nodes = io.StringIO()
    writer = csv.writer(nodes, delimiter="\t", lineterminator="\n")
    writer.writerow(["id", "category", "name", "description", "xref", "synonym", "provided_by"])
    for iri, node in sorted(projection.nodes.items(), key=lambda item: ids[item[0]]):
        xrefs = [x for x in [_curie(iri), *node.xrefs] if x != ids[iri]]
        writer.writerow([ids[iri], "|".join(biolink.category(node.types)), _clean(node.label),
                         _clean(node.description), "|".join(xrefs),
                         "|".join(_clean(s) for s in node.synonyms), INFORES])
    edges = io.StringIO()
    writer = csv.writer(edges, delimiter="\t", lineterminator="\n")
    writer.writerow(KGX_EDGE_COLUMNS)
    for claim in sorted(projection.claims, key=lambda c: c.id):
        relation = local_name(claim.predicate)
        graded = projection.grades[(claim.subject, claim.predicate, claim.object)]
        row = {
            "evidence_grade": graded.grade, "evidence_summary": _clean(graded.summary),
            "id": "KRATOM:claim/" + local_name(claim.id), "subject": ids[claim.subject],
            "predicate": biolink.predicate(relation), "object": ids[claim.object],
            "negated": "True" if claim.stance is Stance.CONTRADICTS else "False",
            "has_evidence": "KRATOM:evidence/" + claim.evidence,
            "knowledge_level": knowledge_level(claim), "agent_type": "manual_agent",
            "primary_knowledge_source": INFORES, "original_predicate": "KRATOM:" + relation,
            "description": _clean(" ".join(p for p in (summary(claim, projection.name),
                                                       claim.note) if p)),
        }
        for f in FIELDS:
            if f.kgx == "publications":
                row[f.kgx] = "|".join(_publications(projection, claim.sources))
            elif f.kgx:
                row[f.kgx] = _clean(field_text(claim, f))
        writer.writerow([row.get(c, "") for c in KGX_EDGE_COLUMNS])
    return {"nodes.tsv": nodes.getvalue().encode("utf-8"),
            "edges.tsv": edges.getvalue().encode("utf-8")}


def neo4j_column(field: Field) -> str:
    """The Neo4j import header of a claim field: its name with the type its kind maps to."""
    kind = {Kind.DECIMAL: "float", Kind.INTEGER: "int", Kind.SOURCES: "string[]"}
    return f"{field.name}:{kind[field.kind]}" if field.kind in kind else field.name


#: Neo4j relationship columns: the ends and type, the claim, the rank weight of its evidence
#: type, its directness and publications, the grade of the edge it is about, then one column per
#: declared claim field.
NEO4J_RELATIONSHIP_COLUMNS: tuple[str, ...] = (
    ":START_ID", ":END_ID", ":TYPE", "claim", "weight:float", "directness",
    "publications:string[]", "edge_grade", "edge_evidence",
    *(neo4j_column(f) for f in EXPORTED_FIELDS))


def neo4j_tables(projection: Projection, biolink: BiolinkMap) -> dict[str, bytes]:
    """CSV files for ``neo4j-admin database import full --nodes nodes.csv --relationships
    relationships.csv`` (arrays separated by ';', labels too)."""
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["id:ID", "name", "description", "xrefs:string[]", "synonyms:string[]",
                     "categories:string[]", ":LABEL"])
    for iri, node in sorted(projection.nodes.items()):
        writer.writerow([local_name(iri), node.label, node.description, ";".join(node.xrefs),
                         ";".join(node.synonyms), ";".join(biolink.category(node.types)),
                         ";".join(t for t in node.types if t != "Entity") or "Entity"])
    relationships = io.StringIO()
    writer = csv.writer(relationships, lineterminator="\n")
    writer.writerow(NEO4J_RELATIONSHIP_COLUMNS)
    for claim in sorted(projection.claims, key=lambda c: c.id):
        graded = projection.grades[(claim.subject, claim.predicate, claim.object)]
        writer.writerow([
            local_name(claim.subject), local_name(claim.object),
            _neo4j_type(local_name(claim.predicate)), local_name(claim.id),
            projection.weight(claim), claim.directness,
            ";".join(_publications(projection, claim.sources)), graded.grade, graded.summary,
            *(field_text(claim, f, ";") for f in EXPORTED_FIELDS)])
    return {"nodes.csv": nodes.getvalue().encode("utf-8"),
            "relationships.csv": relationships.getvalue().encode("utf-8")}


def _neo4j_type(relation: str) -> str:
    """``partialAgonistOf`` → ``PARTIAL_AGONIST_OF`` (Neo4j's convention for types)."""
    out = []
    for char in relation:
        if char.isupper() and out:
            out.append("_")
        out.append(char.upper())
    return "".join(out)


def _clean(text: object) -> str:
    """TSV-safe text: no tabs or line breaks inside a field."""
    return " ".join(str(text).split())


def context() -> dict[str, Any]:
    """The published JSON-LD context (``kg/assets/context.jsonld``)."""
    return json.loads((resources.files("kg") / "assets" / "context.jsonld").read_text("utf-8"))


def rdf_files(formats: Iterable[str], graph: Callable[[], Graph],
              ntriples: Callable[[], bytes] | None = None) -> dict[str, bytes]:
    """The RDF serialisations asked for, from ``graph()`` (rdflib, called only if needed);
    N-Triples from ``ntriples()`` when given (a fast path that skips rdflib for large graphs).
    N-Triples lines are sorted, so the same graph gives the same bytes; JSON-LD is compacted with
    the published context."""
    out: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "ttl":
            out["kratom.ttl"] = graph().serialize(format="turtle").encode("utf-8")
        elif fmt == "nt":
            text = ntriples() if ntriples else graph().serialize(format="nt").encode("utf-8")
            lines = (line.strip() for line in text.splitlines())
            out["kratom.nt"] = b"".join(sorted({line + b"\n" for line in lines
                                                 if line and not line.startswith(b"#")}))
        elif fmt == "jsonld":
            document = context()
            out["kratom.jsonld"] = graph().serialize(
                format="json-ld", context=document["@context"], indent=1,
                sort_keys=True).encode("utf-8")
            out["context.jsonld"] = json.dumps(document, indent=1, sort_keys=True).encode("utf-8")
    return out


def export(projection: Projection, graph: Callable[[], Graph], ontology_graph: Graph,
           formats: Sequence[str], ntriples: Callable[[], bytes] | None = None,
           step: Callable[[str], AbstractContextManager[None]] | None = None,
           ) -> dict[str, bytes]:
    """Every file of the formats asked for (relative path → bytes); RDF comes from ``graph()``
    or, for N-Triples, ``ntriples()`` (see :func:`rdf_files`). ``step(what)`` wraps each stage
    (for progress reports)."""
    stage = step or (lambda what: nullcontext())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ExportError(f"unknown export format {', '.join(unknown)}; expected one of "
                          f"{', '.join(FORMATS)}")
    biolink = biolink_map(ontology_graph)
    files: dict[str, bytes] = {}
    for fmt in (f for f in formats if f in ("ttl", "nt", "jsonld")):
        with stage(f"writing {fmt}"):
            files.update(rdf_files([fmt], graph, ntriples))
    if "graphml" in formats or "gexf" in formats:
        pg = property_graph(projection, biolink)
        if "graphml" in formats:
            with stage("writing graphml"):
                buffer = io.BytesIO()
                nx.write_graphml(pg, buffer, encoding="utf-8", prettyprint=True)
                files["kratom.graphml"] = buffer.getvalue()
        if "gexf" in formats:
            with stage("writing gexf"):
                buffer = io.BytesIO()
                nx.write_gexf(pg, buffer, encoding="utf-8", prettyprint=True)
                files["kratom.gexf"] = buffer.getvalue()
    if "kgx" in formats:
        with stage("writing kgx"):
            files.update({f"kgx/{k}": v for k, v in kgx_tables(projection, biolink).items()})
    if "neo4j" in formats:
        with stage("writing neo4j"):
            files.update({f"neo4j/{k}": v for k, v in neo4j_tables(projection, biolink).items()})
    return files
