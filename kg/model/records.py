"""Plain records for the curated data, each remembering the file and line it came from (the claim's
own record, :class:`~kg.model.claim.Claim`, is declared with its fields)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.model.claim import Claim
from kg.model.origin import Origin


@dataclass(frozen=True, slots=True)
class Row:
    """One raw TSV row: column name → stripped text, with its origin."""

    origin: Origin
    values: dict[str, str]
    #: Columns whose text already failed a format check (quotes, invisible characters): their
    #: values are not looked up again, so one mistake gives one error.
    flawed: frozenset[str] = frozenset()

    def get(self, column: str) -> str:
        """The field's text, or "" when the column is absent or empty."""
        return self.values.get(column, "")


@dataclass(frozen=True, slots=True)
class Source:
    """A publication or official document."""

    id: str
    kind: str
    doi: str
    pmid: str
    pmcid: str
    url: str
    authors: tuple[str, ...]
    year: int
    title: str
    venue: str
    confirmed_at: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True, slots=True)
class Entity:
    """A node of the graph: compound, target, system, effect, risk, plant or jurisdiction."""

    id: str
    classes: tuple[str, ...]
    label: str
    synonyms: tuple[str, ...]
    xrefs: tuple[str, ...]
    description: str
    origin: Origin
    #: Addresses of the stored pages where the xrefs were seen.
    confirmed_at: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Check:
    """A statement of an outside document with the verdict the graph's claims support."""

    id: str
    statement: str
    topic: str
    verdict: str
    evidence: tuple[tuple[str, str, str], ...]
    location: str
    note: str
    document: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Dataset:
    """Everything curated, validated row by row and ready to become a graph."""

    sources: tuple[Source, ...] = ()
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    checks: tuple[Check, ...] = ()
