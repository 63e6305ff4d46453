"""The claim — a sourced, qualified, quantified edge — declared once.

Every field a claim can carry is one :class:`Field` in :data:`FIELDS`: its TSV column and what the
column takes, how its text is read, its RDF property, its attribute on :class:`Claim`, how people
see it and how the KGX export writes it. Everything else follows the declaration: the curated
tables (:mod:`kg.curate.tables`), the row checks, the graph builder, the read model that fetches
claims back from any SPARQL engine, path output, pages and every export — and tests hold each of
them to it. A new claim field is a new :class:`Field` here, an attribute of :class:`Claim`, its
property in the ontology and shapes, and its data.

:class:`Claim` is the one typed shape of a claim. Curation makes it from a TSV row; the builder
writes it as RDF; the read model reads it back from RDF, so a claim read from a built graph equals
the claim it was built from. Entities (subject, object, enzyme, an entity comparator) are held as
IRIs, controlled-vocabulary values as their notation (the TSV token), sources as their ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, StrEnum

from kg.model.origin import Origin
from kg.model.prefixes import VOCABULARY_PREFIXES


class Stance(StrEnum):
    """Whether a claim's source reports evidence for its edge or against it."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"


class Evidence(StrEnum):
    """The kind of study or statement a claim rests on (notations of ``kg:EvidenceType``)."""

    IN_VITRO = "in_vitro"
    ANIMAL = "animal"
    HUMAN_TRIAL = "human_trial"
    HUMAN_OBSERVATIONAL = "human_observational"
    CASE_REPORT = "case_report"
    SELF_REPORT_SURVEY = "self_report_survey"
    REVIEW = "review"
    REGULATORY_STATEMENT = "regulatory_statement"


class Kind(Enum):
    """How a field's text is read and which RDF term it becomes."""

    ENTITY = "entity"            # an entity id → the entity's IRI
    RELATION = "relation"        # a relation's local name → its IRI
    SOURCES = "sources"          # source ids, '|'-separated → source IRIs
    CONCEPT = "concept"          # a notation of a controlled vocabulary → the concept
    DECIMAL = "decimal"          # a positive decimal as written → xsd:decimal
    INTEGER = "integer"          # a positive whole number → xsd:integer
    TEXT = "text"                # free text → xsd:string
    CHOICE = "choice"            # one of a few symbols → xsd:string
    SLUG = "slug"                # a short lowercase label shared by rows → xsd:string
    DATE = "date"                # YYYY-MM-DD, YYYY-MM or YYYY → xsd:date/gYearMonth/gYear
    ENTITY_OR_TEXT = "entity_or_text"  # an entity id → its IRI; anything else stays text


class Show(Enum):
    """Where a field appears when a claim is shown to people."""

    CORE = "core"                # the edge itself and its provenance: shown structurally
    MEASUREMENT = "measurement"  # part of the measured value ("adjusted OR 5.6 (95% CI …) vs …")
    DETAIL = "detail"            # a qualifier listed after the value (species, n, dose …)
    MARK = "mark"                # a flag readers must not miss (inferred, disputed)
    TEXT = "text"                # where in the source, and the curator's note


#: Claim tables (file stems under ``data/claims/``).
CLAIM_TABLES = ("molecular", "metabolism", "composition", "mechanism", "outcomes", "regulation",
                "interactions")
_ALL = frozenset(CLAIM_TABLES)


@dataclass(frozen=True, slots=True)
class Field:
    """One claim field: its column, how it is read, its RDF property and how it is shown."""

    #: TSV column, :class:`Claim` attribute and JSON key.
    name: str
    kind: Kind
    #: RDF property: a local name of the ``kg:`` vocabulary, or ``prefix:name`` (rdf:subject).
    prop: str
    #: What people call it (column headers, "label: value" details).
    label: str
    #: What the column takes (data/README.md and error messages).
    doc: str
    required: bool = False
    #: The claim tables that carry this column.
    tables: frozenset[str] = _ALL
    #: The concept class of a CONCEPT field (local name, e.g. ``MeasureType``).
    scheme: str = ""
    #: The symbols a CHOICE field admits.
    choices: tuple[str, ...] = ()
    #: Whether the field is part of what a claim asserts (its identity, hence its IRI).
    key: bool = True
    show: Show = Show.DETAIL
    #: The Biolink slot (KGX edge column) the field is written to; "" puts it in the description.
    kgx: str = ""
    #: Whether the field is named in the claim's short label (``rdfs:label``).
    in_label: bool = False

    @property
    def many(self) -> bool:
        """True for a field holding several values (sources)."""
        return self.kind is Kind.SOURCES

    @property
    def iri(self) -> str:
        """The full IRI of the field's RDF property."""
        prefix, _, local = self.prop.rpartition(":")
        return VOCABULARY_PREFIXES[prefix or "kg"] + local


def _f(name: str, kind: Kind, prop: str, label: str, doc: str, **more: object) -> Field:
    return Field(name, kind, prop, label, doc, **more)  # type: ignore[arg-type]


#: Every claim field, in the canonical column order of the claim tables.
FIELDS: tuple[Field, ...] = (
    _f("subject", Kind.ENTITY, "rdf:subject", "subject", "entity id", required=True,
       show=Show.CORE),
    _f("predicate", Kind.RELATION, "rdf:predicate", "relation",
       "relation (ontology local name, e.g. partialAgonistOf)", required=True, show=Show.CORE),
    _f("object", Kind.ENTITY, "rdf:object", "object", "entity id", required=True, show=Show.CORE),
    _f("sources", Kind.SOURCES, "source", "sources", "source id(s), '|'-separated",
       required=True, show=Show.CORE, kgx="publications"),
    _f("evidence", Kind.CONCEPT, "evidenceType", "evidence",
       "evidence type: in_vitro, animal, human_trial, human_observational, case_report, "
       "self_report_survey, review, regulatory_statement", required=True, scheme="EvidenceType",
       show=Show.CORE),
    _f("stance", Kind.CONCEPT, "stance", "stance", "supports or contradicts", required=True,
       scheme="Stance", show=Show.CORE),
    _f("measure", Kind.CONCEPT, "measure", "statistic",
       "kind of value (a notation of kg:MeasureType): Ki, Kd, IC50, EC50, Emax, KI, kinact, ED50, "
       "potency_ratio, fold_change, odds_ratio, adjusted_odds_ratio, risk_ratio, "
       "adjusted_risk_ratio, relative_risk_ratio, hazard_ratio, adjusted_hazard_ratio, gmr_auc, "
       "gmr_cmax, proportion, content, half-life, Tmax, Cmax, AUC, clearance, "
       "volume_of_distribution, bioavailability", scheme="MeasureType", show=Show.MEASUREMENT),
    _f("qualifier", Kind.CHOICE, "qualifier", "qualifier",
       "empty for '=', or <, > or ~ when the source gives a bound or an approximate value",
       choices=("<", ">", "~"), show=Show.MEASUREMENT),
    _f("value", Kind.DECIMAL, "value", "value", "positive decimal exactly as stated by the source",
       show=Show.MEASUREMENT),
    _f("unit", Kind.CONCEPT, "unit", "unit",
       "unit (a notation of kg:Unit, e.g. nM, µM, %, mg/kg, h); empty for ratios", scheme="Unit",
       show=Show.MEASUREMENT),
    _f("ci_low", Kind.DECIMAL, "ciLow", "CI low", "lower bound of the confidence interval",
       show=Show.MEASUREMENT),
    _f("ci_high", Kind.DECIMAL, "ciHigh", "CI high", "upper bound of the confidence interval",
       show=Show.MEASUREMENT),
    _f("ci_level", Kind.DECIMAL, "ciLevel", "CI level",
       "confidence level of the interval in percent (e.g. 95)", show=Show.MEASUREMENT),
    _f("comparator", Kind.ENTITY_OR_TEXT, "comparator", "compared with",
       "what an Emax or a ratio is relative to: an entity id (e.g. morphine) or a short phrase "
       "naming the reference group or condition (required for Emax and every ratio)",
       show=Show.MEASUREMENT),
    _f("n", Kind.INTEGER, "sampleSize", "n",
       "sample size analysed (people, animals or samples), as printed",
       kgx="total_sample_size"),
    _f("species", Kind.CONCEPT, "species", "species",
       "species of the protein, tissue, animals or people measured", scheme="Species",
       kgx="species_context_qualifier", in_label=True),
    _f("population", Kind.CONCEPT, "population", "population",
       "people studied: general_population, kratom_users, healthy_volunteers, patients, "
       "decedents, poison_centre_cases", scheme="Population"),
    _f("age_group", Kind.CONCEPT, "ageGroup", "age group",
       "adults, adolescents, children, adolescents_and_adults or all_ages", scheme="AgeGroup"),
    _f("sex", Kind.CONCEPT, "sex", "sex",
       "sex of the people or animals studied: female, male or both", scheme="Sex"),
    _f("dose", Kind.TEXT, "dose", "dose", "dose of the subject as the source gives it (e.g. 5 mg/kg)"),
    _f("route", Kind.CONCEPT, "route", "route",
       "route of administration: oral, intravenous, subcutaneous, intraperitoneal, …",
       scheme="Route"),
    _f("assay", Kind.TEXT, "assay", "assay", "short description of the assay or study design"),
    _f("bias", Kind.CONCEPT, "signallingBias", "signalling",
       "signalling bias the source reports for an agonist at a receptor: g_protein, "
       "beta_arrestin or balanced", scheme="SignallingBias", tables=frozenset({"molecular"}),
       in_label=True),
    _f("strength", Kind.CONCEPT, "interactionStrength", "FDA class",
       "the FDA's class of a substrate or inhibitor: sensitive_substrate or "
       "moderate_sensitive_substrate (substrateOf), strong_inhibitor, moderate_inhibitor or "
       "weak_inhibitor (inhibits)", scheme="InteractionStrength",
       tables=frozenset({"molecular"}), in_label=True),
    _f("outcome", Kind.ENTITY, "outcome", "outcome",
       "id of the risk or effect that followed the combination (required for interactsWith)",
       tables=frozenset({"interactions"}), in_label=True),
    _f("enzyme", Kind.ENTITY, "catalysedBy", "catalysed by",
       "id of the enzyme that catalyses the conversion", tables=frozenset({"metabolism"}),
       in_label=True),
    _f("date", Kind.DATE, "actionDate", "date",
       "date of the action: YYYY-MM-DD, or YYYY-MM / YYYY if that is all given", required=True,
       tables=frozenset({"regulation"}), in_label=True),
    _f("status", Kind.CONCEPT, "regulatoryStatus", "status",
       "prohibited, controlled, restricted, regulated, advisory, import-alert, proposed-control "
       "or withdrawn", required=True, scheme="RegulatoryStatus",
       tables=frozenset({"regulation"}), in_label=True),
    _f("instrument", Kind.TEXT, "instrument", "instrument", "the act, order, notice or alert",
       tables=frozenset({"regulation"})),
    _f("inferred", Kind.TEXT, "inferredBecause", "inferred",
       "empty when the source states the edge itself; otherwise why the curator inferred it "
       "(e.g. the source never names the receptor)", key=False, show=Show.MARK),
    _f("disputed", Kind.SLUG, "disputeGroup", "disputed",
       "a short label shared by the claims that are competing readings of one reported value",
       show=Show.MARK),
    _f("location", Kind.TEXT, "locationInSource", "where",
       "where the finding is stated: abstract, table N, figure N, text, results, discussion, "
       "supplement or document", required=True, key=False, show=Show.TEXT),
    _f("note", Kind.TEXT, "rdfs:comment", "note", "one line in the curator's own words",
       required=True, key=False, show=Show.TEXT),
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}


def fields_of(table: str) -> tuple[Field, ...]:
    """The fields (columns) of the claim table with file stem ``table``."""
    return tuple(f for f in FIELDS if table in f.tables)


@dataclass(frozen=True, slots=True)
class Claim:
    """One sourced assertion of an edge ``subject —predicate→ object``, with its qualifiers.

    Attributes other than ``id`` and ``origin`` are the fields of :data:`FIELDS`, in order.
    """

    #: The claim's IRI.
    id: str
    subject: str
    predicate: str
    object: str
    sources: tuple[str, ...]
    evidence: Evidence
    stance: Stance
    measure: str = ""
    qualifier: str = ""
    value: Decimal | None = None
    unit: str = ""
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    ci_level: Decimal | None = None
    comparator: str = ""
    n: int | None = None
    species: str = ""
    population: str = ""
    age_group: str = ""
    sex: str = ""
    dose: str = ""
    route: str = ""
    assay: str = ""
    bias: str = ""
    strength: str = ""
    outcome: str = ""
    enzyme: str = ""
    date: str = ""
    status: str = ""
    instrument: str = ""
    inferred: str = ""
    disputed: str = ""
    location: str = ""
    note: str = ""
    #: The curated row (curation only; a claim read from a graph has none).
    origin: Origin | None = field(default=None, compare=False)

    def get(self, name: str) -> object:
        """The value of the field called ``name`` (None or "" when not given)."""
        return getattr(self, name)

    @property
    def supports(self) -> bool:
        return self.stance is Stance.SUPPORTS

    @property
    def directness(self) -> str:
        """``inferred`` when the curator inferred part of the edge, else ``stated``."""
        return "inferred" if self.inferred else "stated"

    def given(self) -> Iterable[tuple[Field, object]]:
        """Each declared field with its value, for the fields this claim gives."""
        for f in FIELDS:
            value = getattr(self, f.name)
            if value not in ("", None, ()):
                yield f, value


_ENUMS: dict[str, type[StrEnum]] = {"stance": Stance, "evidence": Evidence}


def typed(field: Field, text: str) -> object:
    """A single field's value from its text (a TSV cell, an RDF lexical form, JSON): decimals as
    :class:`~decimal.Decimal`, whole numbers as ``int``, stance and evidence as their enums."""
    if field.kind is Kind.DECIMAL:
        return Decimal(text)
    if field.kind is Kind.INTEGER:
        return int(text)
    enum = _ENUMS.get(field.name)
    return enum(text) if enum else text


def claim_key(values: Mapping[str, str]) -> str:
    """A digest of what a claim asserts, from the TSV text of its key fields: two rows with the same
    key say the same thing. Only fields that are given enter it (as ``name=text``), so declaring
    a new field leaves the keys — and IRIs — of existing claims unchanged; wording (location,
    note, the reason for an inference) is not part of it."""
    parts = []
    for f in FIELDS:
        text = values.get(f.name, "")
        if f.key and text:
            if f.many:
                text = "|".join(sorted(p.strip() for p in text.split("|") if p.strip()))
            parts.append(f"{f.name}={text}")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


# ------------------------------------------------------------------------------ how it is shown


#: Looks up the display name of an entity IRI, or of a concept: ``name(field_name, value)``.
Namer = Callable[[str, str], str]


def plain_decimal(value: Decimal) -> str:
    """A decimal as the source wrote it (``Decimal('77.9')`` → ``77.9``; no exponent)."""
    text = format(value, "f")
    return text


def measured(claim: Claim, name: Namer) -> str:
    """The measured value as people write it — ``Ki 77.9 nM``, ``adjusted OR 5.6 (95% CI 4.1 to 7)
    vs decedents without mitragynine`` — or ''. The one formatter of a measured value."""
    if claim.value is None or not claim.measure:
        return ""
    text = f"{name('measure', claim.measure)} {claim.qualifier}{plain_decimal(claim.value)}"
    if claim.unit:
        text += f" {claim.unit}"
    if claim.ci_low is not None and claim.ci_high is not None:
        level = f"{plain_decimal(claim.ci_level)}% " if claim.ci_level is not None else ""
        text += f" ({level}CI {plain_decimal(claim.ci_low)} to {plain_decimal(claim.ci_high)})"
    if claim.comparator:
        text += f" vs {name('comparator', claim.comparator)}"
    return text


def details(claim: Claim, name: Namer, *, short: bool = False) -> list[str]:
    """The claim's qualifiers after its value, each as people read it (``rat``, ``n = 150``,
    ``dose 5 mg/kg``, ``by CYP3A4``, ``prohibited since 2016-09-30``); ``short`` keeps only the
    fields named in the claim's label."""
    out: list[str] = []
    for f, value in claim.given():
        if f.show is not Show.DETAIL or f.name in ("date", "status") or (short and not f.in_label):
            continue
        if f.name == "n":
            out.append(f"n = {value:,}")
        elif f.name == "enzyme":
            out.append(f"by {name('enzyme', str(value))}")
        elif f.name == "dose":
            out.append(f"dose {value}")
        elif f.name == "route":
            out.append(f"{name('route', str(value))} route")
        elif f.kind is Kind.CONCEPT or f.kind is Kind.ENTITY:
            out.append(name(f.name, str(value)))
        else:
            out.append(str(value))
    if claim.status:
        out.append(f"{name('status', claim.status)} since {claim.date}")
    return out


def marks(claim: Claim) -> list[str]:
    """The flags a reader must see: ``inferred: <why>``, ``disputed value (<group>)``."""
    out = []
    if claim.inferred:
        out.append(f"inferred: {claim.inferred}")
    if claim.disputed:
        out.append(f"disputed value ({claim.disputed})")
    return out


def label(claim: Claim, name: Namer) -> str:
    """The claim's short label: its edge, then value and main qualifiers in brackets, e.g.
    ``mitragynine binds mu-type opioid receptor (Ki 77.9 nM, human)``; a contradicting claim
    starts with ``not:``, an inferred or disputed one says so."""
    text = f"{name('subject', claim.subject)} {name('predicate', claim.predicate)} " \
           f"{name('object', claim.object)}"
    if not claim.supports:
        text = f"not: {text}"
    extra = [p for p in (measured(claim, name), *details(claim, name, short=True)) if p]
    extra += [m for m, given in (("inferred", claim.inferred), ("disputed", claim.disputed))
              if given]
    return f"{text} ({', '.join(extra)})" if extra else text


def summary(claim: Claim, name: Namer) -> str:
    """Value, qualifiers and marks in one line (``Ki 77.9 nM; human; disputed value (…)``)."""
    parts = [p for p in (measured(claim, name), *details(claim, name), *marks(claim)) if p]
    return "; ".join(parts)


def as_json(claim: Claim, name: Namer | None = None) -> dict[str, object]:
    """The claim as JSON-ready data: ``id`` and every given field by its declared name (decimals
    as their text, so no digit is lost); with ``name``, also ``labels`` for entity and concept
    values and the one-line ``text`` people read."""
    data: dict[str, object] = {"id": claim.id, "directness": claim.directness}
    labels: dict[str, str] = {}
    for f, value in claim.given():
        data[f.name] = (plain_decimal(value) if isinstance(value, Decimal) else
                        list(value) if isinstance(value, tuple) else
                        str(value) if isinstance(value, StrEnum) else value)
        if name is not None and f.kind in (Kind.ENTITY, Kind.CONCEPT, Kind.ENTITY_OR_TEXT,
                                            Kind.RELATION) and not f.many:
            shown = name(f.name, str(value))
            if shown != str(value):
                labels[f.name] = shown
    if name is not None:
        data["labels"] = labels
        data["text"] = summary(claim, name)
    return data
