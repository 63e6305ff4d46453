"""The graph's own vocabulary as a closed rdflib namespace, plus the namespaces of its nodes.

``KG`` lists every term defined in ``ontology/kratom.ttl``; using a term that is not there raises
``AttributeError`` instead of silently minting a new IRI (a test keeps the two in step).
"""

from __future__ import annotations

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


class KG(DefinedNamespace):
    """Terms of the kratom-kg ontology (classes first, then properties)."""

    _NS = Namespace(VOCABULARY_PREFIXES["kg"])
    _fail = True

    Advisory: URIRef
    Alkaloid: URIRef
    AnimalStudy: URIRef
    ArrestinBiased: URIRef
    Article: URIRef
    Balanced: URIRef
    Book: URIRef
    CaseReport: URIRef
    Cat: URIRef
    CheckedStatement: URIRef
    Claim: URIRef
    ComparatorDrug: URIRef
    Compound: URIRef
    Content: URIRef
    Contradicted: URIRef
    Contradicts: URIRef
    Controlled: URIRef
    CynomolgusMonkey: URIRef
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
    Fold: URIRef
    GProteinBiased: URIRef
    GuineaPig: URIRef
    HalfLife: URIRef
    Hamster: URIRef
    Hour: URIRef
    Human: URIRef
    HumanObservational: URIRef
    HumanTrial: URIRef
    IC50: URIRef
    ImportAlert: URIRef
    InVitro: URIRef
    InactivationKI: URIRef
    IonChannel: URIRef
    Jurisdiction: URIRef
    Kd: URIRef
    Ki: URIRef
    Kinact: URIRef
    MeasureType: URIRef
    MeasureTypes: URIRef
    Metabolite: URIRef
    MicrogramPerMillilitre: URIRef
    Micromolar: URIRef
    MilligramPerKilogram: URIRef
    Millimolar: URIRef
    MolecularTarget: URIRef
    Mouse: URIRef
    NanogramPerMillilitre: URIRef
    Nanomolar: URIRef
    NeurotransmitterSystem: URIRef
    PerMinute: URIRef
    Percent: URIRef
    Picomolar: URIRef
    PartlySupported: URIRef
    Pig: URIRef
    Plant: URIRef
    Preprint: URIRef
    Prohibited: URIRef
    ProposedControl: URIRef
    Rabbit: URIRef
    Rat: URIRef
    Ratio: URIRef
    Receptor: URIRef
    Regulated: URIRef
    RegulatoryAction: URIRef
    RegulatoryDocument: URIRef
    RegulatoryStatement: URIRef
    RegulatoryStatus: URIRef
    RegulatoryStatuses: URIRef
    Report: URIRef
    Restricted: URIRef
    Review: URIRef
    ReviewArticle: URIRef
    RhesusMonkey: URIRef
    Risk: URIRef
    SelfReportSurvey: URIRef
    SignallingBias: URIRef
    SignallingBiases: URIRef
    Source: URIRef
    SourceKind: URIRef
    SourceKinds: URIRef
    Species: URIRef
    SpeciesList: URIRef
    Tmax: URIRef
    Stance: URIRef
    Stances: URIRef
    Supported: URIRef
    Supports: URIRef
    Transporter: URIRef
    Unit: URIRef
    Units: URIRef
    Unsupported: URIRef
    Verdict: URIRef
    Verdicts: URIRef
    Withdrawn: URIRef
    Zebrafish: URIRef
    actionDate: URIRef
    agonistOf: URIRef
    antagonistOf: URIRef
    assay: URIRef
    authors: URIRef
    backedBy: URIRef
    binds: URIRef
    catalysedBy: URIRef
    checkedDocument: URIRef
    comparator: URIRef
    confirmedAt: URIRef
    contains: URIRef
    curatedIn: URIRef
    doi: URIRef
    evidenceType: URIRef
    foundIn: URIRef
    hasPart: URIRef
    increasesRiskOf: URIRef
    inhibits: URIRef
    instrument: URIRef
    leadsTo: URIRef
    locationInSource: URIRef
    measure: URIRef
    mediatedBy: URIRef
    mediates: URIRef
    metabolisedTo: URIRef
    metaboliteOf: URIRef
    partOf: URIRef
    partialAgonistOf: URIRef
    rankWeight: URIRef
    allowedUnit: URIRef
    pmcid: URIRef
    pmid: URIRef
    produces: URIRef
    referenceAgonist: URIRef
    regulatedIn: URIRef
    regulatoryStatus: URIRef
    signallingBias: URIRef
    relatedTo: URIRef
    edge: URIRef
    supportingSources: URIRef
    contradictingSources: URIRef
    source: URIRef
    sourceKind: URIRef
    species: URIRef
    stance: URIRef
    substrateOf: URIRef
    topic: URIRef
    unit: URIRef
    url: URIRef
    value: URIRef
    venue: URIRef
    verdict: URIRef
