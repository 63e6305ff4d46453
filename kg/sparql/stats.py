"""Counts that describe the built graph: entities by class, claims and edges by relation, claims
by evidence type, edges by evidence grade, sources and their identifiers, how many sources back
each claim, how complete the measurements are, which compounds still lack a standard identifier
or a target claim, and which targets lack a UniProt, HGNC or NCBI Gene identifier or a
neurotransmitter system. Computed with SPARQL, so they work on any graph built to the ontology."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from kg.sparql.engine import Engine, Value
from kg.sparql.questions import packaged_query

#: What every compound should have, and every target's identifiers (columns of the coverage rows).
COMPOUND_NEEDS = ("identifiers", "target_claims")
TARGET_IDENTIFIERS = ("uniprot", "hgnc", "ncbigene")


@dataclass(frozen=True, slots=True)
class Stats:
    """Summary counts of one graph; each table is a list of rows (dicts) as the queries return."""

    triples: int
    claims: int
    sources: int
    classes: list[dict[str, Value]]
    predicates: list[dict[str, Value]]
    evidence: list[dict[str, Value]]
    #: Edges per evidence grade and path role (docs/grading.md).
    grades: list[dict[str, Value]]
    source_kinds: list[dict[str, Value]]
    sources_per_claim: list[dict[str, Value]]
    measures: list[dict[str, Value]]
    measurement_quality: dict[str, Value]
    compounds: list[dict[str, Value]]
    targets: list[dict[str, Value]]

    @property
    def compound_coverage(self) -> dict[str, int]:
        """How many compounds there are, and how many carry a standard identifier, a supporting
        target claim, or both: the curation targets a reviewer checks first."""
        return {
            "compounds": len(self.compounds),
            "with_identifier": _count(self.compounds, "identifiers"),
            "with_target_claim": _count(self.compounds, "target_claims"),
            "with_both": _count(self.compounds, *COMPOUND_NEEDS),
        }

    @property
    def compound_gaps(self) -> list[dict[str, Value]]:
        """Compounds that lack a standard identifier or a supporting target claim (or both)."""
        return [r for r in self.compounds if not _has(r, *COMPOUND_NEEDS)]

    @property
    def target_coverage(self) -> dict[str, int]:
        """How many molecular targets carry each kind of gene/protein identifier, all three, and
        a neurotransmitter system (enzymes and transporters of metabolism often have none)."""
        return {
            "targets": len(self.targets),
            "with_uniprot": _count(self.targets, "uniprot"),
            "with_hgnc": _count(self.targets, "hgnc"),
            "with_ncbigene": _count(self.targets, "ncbigene"),
            "with_all_three": _count(self.targets, *TARGET_IDENTIFIERS),
            "with_system": _count(self.targets, "systems"),
        }

    @property
    def target_gaps(self) -> list[dict[str, Value]]:
        """Targets missing a UniProt, HGNC or NCBI Gene identifier."""
        return [r for r in self.targets if not _has(r, *TARGET_IDENTIFIERS)]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (numbers stay numbers, decimals become floats)."""
        out = asdict(self)
        out["compound_coverage"] = self.compound_coverage
        out["target_coverage"] = self.target_coverage
        return _jsonable(out)


def compute(engine: Engine) -> Stats:
    """Run the packaged statistics queries through ``engine`` (any store or endpoint)."""

    def select(name: str) -> list[dict[str, Value]]:
        return engine.run(packaged_query(name)).typed()

    kinds = select("stats-sources")
    per_claim = select("stats-sources-per-claim")
    triples = select("stats-triples")[0]["triples"]
    return Stats(
        triples=int(triples or 0),
        claims=sum(int(row["claims"] or 0) for row in per_claim),
        sources=sum(int(row["sources"] or 0) for row in kinds),
        classes=select("stats-classes"),
        predicates=select("stats-predicates"),
        evidence=select("stats-evidence"),
        grades=select("stats-grades"),
        source_kinds=kinds,
        sources_per_claim=per_claim,
        measures=select("stats-measures"),
        measurement_quality=select("stats-measurement-quality")[0],
        compounds=select("stats-compound-coverage"),
        targets=select("stats-target-coverage"),
    )


def _has(row: dict[str, Value], *keys: str) -> bool:
    """Whether every count named is above zero in a coverage row."""
    return all(int(row[key] or 0) > 0 for key in keys)


def _count(rows: list[dict[str, Value]], *keys: str) -> int:
    return sum(_has(row, *keys) for row in rows)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
