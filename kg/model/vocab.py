"""The graph's own vocabulary as a closed rdflib namespace, plus the namespaces of its nodes.

``KG`` lists every term defined in ``ontology/kratom.ttl``; using a term that is not there raises
``AttributeError`` instead of silently minting a new IRI (a test keeps the two in step).
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

    AUC: URIRef
    AdjustedHazardRatio: URIRef
    AdjustedOddsRatio: URIRef
    AdjustedRiskRatio: URIRef
    Adolescents: URIRef
    AdolescentsAndAdults: URIRef
    Adults: URIRef
    Advisory: URIRef
    AgeGroup: URIRef
    AgeGroups: URIRef
    Alkaloid: URIRef
    AllAges: URIRef
    AnimalStudy: URIRef
    ArrestinBiased: URIRef
    Article: URIRef
    Balanced: URIRef
    Bioavailability: URIRef
    Book: URIRef
    CaseReport: URIRef
    Cat: URIRef
    CheckedStatement: URIRef
    Children: URIRef
    Claim: URIRef
    Clearance: URIRef
    Cmax: URIRef
    ComparatorDrug: URIRef
    Compound: URIRef
    Content: URIRef
    Contradicted: URIRef
    Contradicts: URIRef
    Controlled: URIRef
    CynomolgusMonkey: URIRef
    Decedents: URIRef
    Dog: URIRef
    EC50: URIRef
    ED50: URIRef
    Edge: URIRef
    Effect: URIRef
    Emax: URIRef
    Entity: URIRef
    Enzyme: URIRef
    EvidenceType: URIRef
    EvidenceTypes: URIRef
    FoldChange: URIRef
    GProteinBiased: URIRef
    GeneralPopulation: URIRef
    GeometricMeanRatioAUC: URIRef
    GeometricMeanRatioCmax: URIRef
    GuineaPig: URIRef
    HalfLife: URIRef
    Hamster: URIRef
    HazardRatio: URIRef
    HealthyVolunteers: URIRef
    Hour: URIRef
    Human: URIRef
    HumanObservational: URIRef
    HumanTrial: URIRef
    IC50: URIRef
    ImportAlert: URIRef
    InVitro: URIRef
    InactivationKI: URIRef
    Inhalation: URIRef
    Intracerebroventricular: URIRef
    Intramuscular: URIRef
    Intranasal: URIRef
    Intraperitoneal: URIRef
    Intravenous: URIRef
    IonChannel: URIRef
    Jurisdiction: URIRef
    Kd: URIRef
    Ki: URIRef
    Kinact: URIRef
    KratomUsers: URIRef
    Litre: URIRef
    LitrePerHour: URIRef
    LitrePerHourPerKilogram: URIRef
    LitrePerKilogram: URIRef
    MeasureType: URIRef
    MeasureTypes: URIRef
    Metabolite: URIRef
    MicrogramPerMillilitre: URIRef
    Micromolar: URIRef
    MilligramPerKilogram: URIRef
    MillilitrePerMinutePerKilogram: URIRef
    Millimolar: URIRef
    MolecularTarget: URIRef
    Mouse: URIRef
    NanogramHourPerMillilitre: URIRef
    NanogramPerMillilitre: URIRef
    Nanomolar: URIRef
    NeurotransmitterSystem: URIRef
    OddsRatio: URIRef
    Oral: URIRef
    PartlySupported: URIRef
    Patients: URIRef
    PerMinute: URIRef
    Percent: URIRef
    Picomolar: URIRef
    Pig: URIRef
    Plant: URIRef
    PoisonCentreCases: URIRef
    Population: URIRef
    Populations: URIRef
    PotencyRatio: URIRef
    Preprint: URIRef
    Prohibited: URIRef
    Proportion: URIRef
    ProposedControl: URIRef
    Rabbit: URIRef
    Rat: URIRef
    Receptor: URIRef
    Regulated: URIRef
    RegulatoryAction: URIRef
    RegulatoryDocument: URIRef
    RegulatoryStatement: URIRef
    RegulatoryStatus: URIRef
    RegulatoryStatuses: URIRef
    RelativeRiskRatio: URIRef
    Report: URIRef
    Restricted: URIRef
    Review: URIRef
    ReviewArticle: URIRef
    RhesusMonkey: URIRef
    Risk: URIRef
    RiskRatio: URIRef
    Route: URIRef
    Routes: URIRef
    SelfReportSurvey: URIRef
    SignallingBias: URIRef
    SignallingBiases: URIRef
    Source: URIRef
    SourceKind: URIRef
    SourceKinds: URIRef
    Species: URIRef
    SpeciesList: URIRef
    Stance: URIRef
    Stances: URIRef
    Subcutaneous: URIRef
    Supported: URIRef
    Supports: URIRef
    Tmax: URIRef
    Transporter: URIRef
    Unit: URIRef
    Units: URIRef
    Unsupported: URIRef
    Verdict: URIRef
    Verdicts: URIRef
    VolumeOfDistribution: URIRef
    Withdrawn: URIRef
    Zebrafish: URIRef
    actionDate: URIRef
    ageGroup: URIRef
    agonistOf: URIRef
    allowedUnit: URIRef
    antagonistOf: URIRef
    assay: URIRef
    associatedWith: URIRef
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
    contains: URIRef
    contradictingSources: URIRef
    curatedIn: URIRef
    dimensionless: URIRef
    disputeGroup: URIRef
    doi: URIRef
    dose: URIRef
    edge: URIRef
    evidenceType: URIRef
    foundIn: URIRef
    hasPart: URIRef
    increasesRiskOf: URIRef
    inferredBecause: URIRef
    inhibits: URIRef
    instrument: URIRef
    leadsTo: URIRef
    locationInSource: URIRef
    measure: URIRef
    mediatedBy: URIRef
    mediates: URIRef
    metabolisedTo: URIRef
    metaboliteOf: URIRef
    needsComparator: URIRef
    partOf: URIRef
    partialAgonistOf: URIRef
    pmcid: URIRef
    pmid: URIRef
    population: URIRef
    produces: URIRef
    qualifier: URIRef
    rankWeight: URIRef
    regulatedIn: URIRef
    regulatoryStatus: URIRef
    relatedTo: URIRef
    route: URIRef
    sampleSize: URIRef
    signallingBias: URIRef
    source: URIRef
    sourceKind: URIRef
    species: URIRef
    stance: URIRef
    substrateOf: URIRef
    supportingSources: URIRef
    topic: URIRef
    unit: URIRef
    url: URIRef
    value: URIRef
    venue: URIRef
    verdict: URIRef
