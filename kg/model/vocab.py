"""The graph's own vocabulary as a closed rdflib namespace, plus the namespaces of its nodes.

``KG`` lists the terms of ``ontology/kratom.ttl`` that the code names; using a term that is not
there raises ``AttributeError`` instead of silently minting a new IRI (a test checks that each is
defined in the ontology). Code that is generic over the vocabulary makes IRIs from names with
:func:`term`.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.model.prefixes import VOCABULARY_PREFIXES

#: Entities (compounds, targets, effects …): ``entity:mitragynine``.
ENTITY = Namespace(VOCABULARY_PREFIXES["entity"])
#: Claims, one per curated row: ``claim:<subject>--<predicate>--<object>--<digest>``.
CLAIM = Namespace(VOCABULARY_PREFIXES["claim"])
#: Edges, one per subject-relation-object triple that claims are about: ``edge:<s>--<p>--<o>``.
EDGE = Namespace(VOCABULARY_PREFIXES["edge"])
#: Sources: ``source:kruegel2016``.
SOURCE = Namespace(VOCABULARY_PREFIXES["source"])
#: Checked statements of outside documents: ``check:opioid-receptors``.
CHECK = Namespace(VOCABULARY_PREFIXES["check"])


def term(name: str) -> URIRef:
    """The IRI of the ontology term with local name ``name`` (for code that reads names from the
    ontology or the claim model rather than spelling them out)."""
    return URIRef(VOCABULARY_PREFIXES["kg"] + name)


def entity_iri(identifier: str) -> URIRef:
    """The IRI of the entity with curated id ``identifier``."""
    return ENTITY[quote(identifier, safe="")]


def source_iri(identifier: str) -> URIRef:
    """The IRI of the source with curated id ``identifier``."""
    return SOURCE[identifier]


def claim_iri(subject: str, predicate: str, obj: str, key: str) -> URIRef:
    """``claim:<subject>--<predicate>--<object>--<key>`` from curated ids, a relation's local name
    and the claim's key (:func:`kg.model.claim.claim_key`)."""
    return CLAIM["--".join((quote(subject, safe=""), predicate, quote(obj, safe=""), key))]


def edge_iri(claim: str) -> URIRef:
    """``edge:<subject>--<predicate>--<object>``, the edge a claim IRI is about: shared by every
    claim about the same triple, so a store finds a claim's fellow claims by one index lookup."""
    local = claim[len(str(CLAIM)):] if claim.startswith(str(CLAIM)) else claim
    return EDGE[local.rsplit("--", 1)[0]]


#: Characters a web address may carry (browsers accept them) but an IRI may not.
_NOT_IN_IRIS = {c: f"%{ord(c):02X}" for c in ' <>"{}|\\^`[]'}


def web_iri(address: str) -> URIRef:
    """A curated web address as an IRI: the few characters IRIs forbid (``[``, ``]``, ``|`` …)
    percent-encoded, everything else as written."""
    return URIRef("".join(_NOT_IN_IRIS.get(c, c) for c in address))


class KG(DefinedNamespace):
    """Terms of the kratom-kg ontology (classes first, then properties)."""

    _NS = Namespace(VOCABULARY_PREFIXES["kg"])
    _fail = True

    Alkaloid: URIRef
    AnimalStudy: URIRef
    ArrestinBiased: URIRef
    Balanced: URIRef
    CaseReport: URIRef
    CheckedStatement: URIRef
    Claim: URIRef
    Compound: URIRef
    Contradicted: URIRef
    Contradicts: URIRef
    Controlled: URIRef
    ED50: URIRef
    Edge: URIRef
    Emax: URIRef
    Entity: URIRef
    EvidenceGrade: URIRef
    EvidenceType: URIRef
    GProteinBiased: URIRef
    Human: URIRef
    HumanObservational: URIRef
    InVitro: URIRef
    Ki: URIRef
    MeasureType: URIRef
    Metabolite: URIRef
    MilligramPerKilogram: URIRef
    Nanomolar: URIRef
    OddsRatio: URIRef
    RegulatoryAction: URIRef
    SensitiveSubstrate: URIRef
    Source: URIRef
    SourceKind: URIRef
    StrongInhibitor: URIRef
    Supported: URIRef
    Supports: URIRef
    Unit: URIRef
    Unsupported: URIRef
    Verdict: URIRef
    actionDate: URIRef
    agonistOf: URIRef
    allowedUnit: URIRef
    antagonistOf: URIRef
    authors: URIRef
    backedBy: URIRef
    binds: URIRef
    catalysedBy: URIRef
    checkedDocument: URIRef
    ciHigh: URIRef
    ciLevel: URIRef
    ciLow: URIRef
    comparator: URIRef
    confirmedAt: URIRef
    contradictingSources: URIRef
    curatedIn: URIRef
    dimensionless: URIRef
    directEvidence: URIRef
    disputeGroup: URIRef
    doi: URIRef
    edge: URIRef
    evidenceGrade: URIRef
    evidenceSummary: URIRef
    evidenceType: URIRef
    increasesRiskOf: URIRef
    inferredBecause: URIRef
    inhibits: URIRef
    interactionStrength: URIRef
    interactsWith: URIRef
    locationInSource: URIRef
    measure: URIRef
    mediates: URIRef
    metabolisedTo: URIRef
    needsComparator: URIRef
    needsComparison: URIRef
    outcome: URIRef
    partOf: URIRef
    partialAgonistOf: URIRef
    pathRole: URIRef
    pmcid: URIRef
    pmid: URIRef
    produces: URIRef
    rankScore: URIRef
    regulatoryStatus: URIRef
    relatedTo: URIRef
    signallingBias: URIRef
    source: URIRef
    sourceKind: URIRef
    stance: URIRef
    supportingSources: URIRef
    supportiveEvidence: URIRef
    topic: URIRef
    unit: URIRef
    url: URIRef
    value: URIRef
    venue: URIRef
    verdict: URIRef
