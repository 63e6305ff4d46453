"""Keeps the curated tables in one canonical form, so diffs show real changes only: canonical
column order, trimmed fields, no blank lines, LF line ends, UTF-8 without BOM, and rows sorted by
a fixed key per kind of table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.atomic import replace_files
from kg.curate.load import RawTable, load_data
from kg.curate.tables import Kind, Table
from kg.errors import Diagnostic, Level
from kg.model.records import Row


@dataclass(frozen=True, slots=True)
class LintReport:
    """Files not in canonical form (fixed, when asked) and the files that could not be read."""

    unsorted: tuple[str, ...]
    fixed: bool
    diagnostics: tuple[Diagnostic, ...]

    @property
    def clean(self) -> bool:
        """True when every file is canonical (or has just been made so) and all could be read."""
        errors = any(d.level is Level.ERROR for d in self.diagnostics)
        return not errors and (self.fixed or not self.unsorted)


def lint(data_dir: Path, *, fix: bool = False, display_root: Path | None = None) -> LintReport:
    """Compare every table with its canonical form; with ``fix``, rewrite those that differ
    (atomically). Files with format errors are reported and left alone."""
    raw = load_data(data_dir, display_root=display_root)
    broken = {d.file for d in raw.diagnostics if d.level is Level.ERROR}
    unsorted: list[str] = []
    rewrites: dict[Path, bytes] = {}
    for table in raw.tables:
        if table.file in broken:
            continue
        path = data_dir / table.table.path
        wanted = canonical(table)
        if path.read_bytes() != wanted:
            unsorted.append(table.file)
            rewrites[path] = wanted
    if fix and rewrites:
        replace_files(rewrites)
    return LintReport(tuple(unsorted), fix, raw.diagnostics)


def canonical(raw: RawTable) -> bytes:
    """The canonical bytes of one table."""
    header = raw.table.header
    rows = sorted(raw.rows, key=lambda row: sort_key(raw.table, row))
    lines = ["\t".join(header)]
    lines += ["\t".join(row.get(name) for name in header) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def sort_key(table: Table, row: Row) -> tuple[object, ...]:
    """Sources and entities by identifier; claims by subject, relation, object, then measurement,
    so all the values for one edge sit together."""
    everything = tuple(row.get(name) for name in table.header)
    if table.kind is not Kind.CLAIMS:
        return (row.get("id").casefold(), *everything)
    return (
        row.get("subject").casefold(), row.get("predicate"), row.get("object").casefold(),
        row.get("measure"), row.get("species"), _number(row.get("value")), row.get("sources"),
        *everything,
    )


def _number(text: str) -> tuple[int, Decimal | str]:
    try:
        return (0, Decimal(text)) if text else (1, "")
    except InvalidOperation:
        return (2, text)
