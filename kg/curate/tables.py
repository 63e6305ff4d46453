"""The curated TSV tables: which files exist, their columns, and what each may contain.

This is the single description of the data format (the claim tables' columns are the claim fields
declared in :mod:`kg.model.claim`); ``data/README.md`` documents the same columns and a test keeps
the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kg.model.claim import fields_of


class Kind(StrEnum):
    """What a table's rows are."""

    SOURCES = "sources"
    ENTITIES = "entities"
    CLAIMS = "claims"
    CHECKS = "checks"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header name, whether a value is required, and a line of documentation."""

    name: str
    required: bool
    doc: str


@dataclass(frozen=True, slots=True)
class Table:
    """One curated file under ``data/``.

    ``classes`` lists the entity classes an entities table may hold; ``predicates`` the relations a
    claims table may hold.
    """

    path: str
    kind: Kind
    columns: tuple[Column, ...]
    classes: frozenset[str] = frozenset()
    predicates: frozenset[str] = frozenset()

    @property
    def header(self) -> tuple[str, ...]:
        """The canonical header, in canonical column order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column | None:
        """The column called ``name``, or None."""
        return next((c for c in self.columns if c.name == name), None)


#: Separator of several values inside one field.
LIST_SEPARATOR = "|"

SOURCE_COLUMNS = (
    Column("id", True, "short stable identifier: first author's surname and year, e.g. kruegel2016"),
    Column("kind", True, "article, review, regulatory-document, report, book or preprint"),
    Column("doi", False, "DOI without resolver prefix, e.g. 10.1021/jacs.6b00360"),
    Column("pmid", False, "PubMed identifier (digits)"),
    Column("pmcid", False, "PubMed Central identifier, e.g. PMC1234567"),
    Column("url", False, "official https address (required when there is no DOI or PMID)"),
    Column("authors", True, "authors in order, '|'-separated, as on PubMed (e.g. Kruegel AC)"),
    Column("year", True, "year of publication (4 digits)"),
    Column("title", True, "title exactly as published"),
    Column("venue", False, "journal, book or issuing agency, as shown on the confirming page"),
    Column("confirmed_at", True, "https address(es) of the stored page(s) where these details "
                               "were checked, '|'-separated"),
)

ENTITY_COLUMNS = (
    Column("id", True, "stable identifier: ASCII letters, digits, '-', '_', '.'; gene symbol for targets"),
    Column("class", True, "ontology class(es), '|'-separated, from those allowed in this file"),
    Column("label", True, "preferred human-readable name"),
    Column("synonyms", False, "other names used in the literature, '|'-separated"),
    Column("xrefs", False, "standard identifiers as CURIEs, '|'-separated (e.g. CHEBI:…, UniProtKB:…)"),
    Column("description", False, "one line in the curator's own words"),
    Column("confirmed_at", False, "https address(es) of the stored page(s) where the xrefs, and "
                                  "synonyms taken from a standard vocabulary, were seen, "
                                  "'|'-separated (required with xrefs)"),
)

CHECK_COLUMNS = (
    Column("id", True, "stable identifier of the checked statement"),
    Column("statement", True, "the document's factual statement, restated in the curator's words"),
    Column("topic", True, "mechanism, effects, safety, use or regulation"),
    Column("verdict", True, "supported, partly_supported, unsupported or contradicted"),
    Column("evidence", False, "graph edges the verdict rests on, '|'-separated, each written "
                              "'subject relation object' (required unless unsupported)"),
    Column("location", True, "where the statement is made in the document (e.g. paragraph 3)"),
    Column("note", True, "why this verdict, in the curator's words"),
)


def _entities(name: str, *classes: str) -> Table:
    return Table(f"entities/{name}.tsv", Kind.ENTITIES, ENTITY_COLUMNS, classes=frozenset(classes))


def _claims(name: str, predicates: tuple[str, ...]) -> Table:
    """A claims table: its columns are the declared claim fields it carries."""
    columns = tuple(Column(f.name, f.required, f.doc) for f in fields_of(name))
    return Table(f"claims/{name}.tsv", Kind.CLAIMS, columns, predicates=frozenset(predicates))


#: Every table, in the order they are loaded and reported.
TABLES: tuple[Table, ...] = (
    Table("sources.tsv", Kind.SOURCES, SOURCE_COLUMNS),
    _entities("compounds", "Alkaloid", "Metabolite", "ComparatorDrug", "Medicine"),
    _entities("organisms", "Plant"),
    _entities("targets", "Receptor", "Enzyme", "IonChannel", "Transporter"),
    _entities("systems", "NeurotransmitterSystem"),
    _entities("effects", "Effect"),
    _entities("risks", "Risk"),
    _entities("jurisdictions", "Jurisdiction"),
    _claims("molecular", ("binds", "agonistOf", "partialAgonistOf", "antagonistOf", "inhibits",
                          "substrateOf")),
    _claims("metabolism", ("metabolisedTo",)),
    _claims("composition", ("foundIn",)),
    _claims("mechanism", ("partOf", "mediates")),
    _claims("outcomes", ("produces", "increasesRiskOf", "leadsTo", "associatedWith")),
    _claims("regulation", ("regulatedIn",)),
    _claims("interactions", ("increasesExposureOf", "decreasesExposureOf", "interactsWith")),
    Table("checks/seed-article.tsv", Kind.CHECKS, CHECK_COLUMNS),
)

#: The document each checks table is about.
CHECKED_DOCUMENTS = {"checks/seed-article.tsv": "seed article (shared/seed/article.txt)"}

TABLES_BY_PATH: dict[str, Table] = {t.path: t for t in TABLES}
