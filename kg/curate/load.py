"""Reads the curated TSV files into raw rows that remember their file and line.

Only the file format is checked here (encoding, header, field counts, quoting, invisible
characters); what the fields mean is checked by :mod:`kg.curate.checks`. Every problem is collected,
not just the first.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kg.curate.tables import TABLES, TABLES_BY_PATH, Table
from kg.errors import Diagnostic
from kg.model.origin import Origin
from kg.model.records import Row

BOM = "\ufeff"
#: Largest table read: far above any curated file, small enough to refuse a wrong or runaway file
#: before it is read into memory.
MAX_TABLE_BYTES = 50_000_000


@dataclass(frozen=True, slots=True)
class RawTable:
    """The rows of one file (header excluded) and its canonical description."""

    table: Table
    file: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    #: First-column values (identifiers) of rows that could not be split into fields.
    broken_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RawData:
    """All tables found in a data folder, and the format problems met while reading them."""

    tables: tuple[RawTable, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    #: Tables present but unreadable (bad encoding, unusable header, too large).
    unreadable: frozenset[str] = frozenset()

    def broken_ids(self, path: str) -> frozenset[str]:
        """Identifiers of the rows of ``path`` that could not be split into fields."""
        return next((raw.broken_ids for raw in self.tables if raw.table.path == path), frozenset())

    def rows(self, path: str) -> tuple[Row, ...]:
        """The rows of the table at ``path`` (relative to the data folder), empty if absent."""
        for raw in self.tables:
            if raw.table.path == path:
                return raw.rows
        return ()


def load_data(data_dir: Path, *, display_root: Path | None = None) -> RawData:
    """Read every known table under ``data_dir``; unknown ``.tsv`` files and an empty folder are
    reported. ``display_root`` is the folder that file names in messages are relative to."""
    root = display_root or data_dir.parent
    diagnostics: list[Diagnostic] = []
    tables: list[RawTable] = []
    shown = _display(data_dir, root)
    if not data_dir.is_dir():
        return RawData((), (Diagnostic(shown, 0, "", "E106",
                                       "data folder not found; pass --data or run in a checkout"),))
    for path in sorted(data_dir.rglob("*.tsv")):
        rel = path.relative_to(data_dir).as_posix()
        if rel not in TABLES_BY_PATH:
            known = ", ".join(t.path for t in TABLES)
            diagnostics.append(Diagnostic(_display(path, root), 0, "", "E107",
                                          f"unknown data file; expected one of: {known}"))
    unreadable: set[str] = set()
    for table in TABLES:
        path = data_dir / table.path
        if path.is_file():
            raw, problems = read_table(path, table, _display(path, root))
            diagnostics.extend(problems)
            if raw is not None:
                tables.append(raw)
            else:
                unreadable.add(table.path)
    if not tables and not diagnostics:
        diagnostics.append(Diagnostic(shown, 0, "", "E106",
                                      "no data files found; expected sources.tsv, entities/*.tsv "
                                      "and claims/*.tsv (see data/README.md)"))
    return RawData(tuple(tables), tuple(diagnostics), frozenset(unreadable))


def read_table(path: Path, table: Table, shown: str) -> tuple[RawTable | None, list[Diagnostic]]:
    """Read one TSV file; returns its rows (None when the header is unusable) and problems."""
    problems: list[Diagnostic] = []
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        problems.append(Diagnostic(shown, 0, "", "E109",
                                   f"file is {size:,} bytes; at most {MAX_TABLE_BYTES:,} allowed "
                                   "(split the data or check that this is the right file)"))
        return None, problems
    data = path.read_bytes()
    text, error = decode(data)
    if error is not None:
        line, offset, byte = error
        problems.append(Diagnostic(shown, line, "", "E101",
                                   f"invalid UTF-8 byte 0x{byte:02X} at byte offset {offset}; "
                                   "save the file as UTF-8"))
        return None, problems
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    if not lines or not lines[0].strip():
        problems.append(Diagnostic(shown, 1, "", "E102",
                                   f"missing header row; expected: {_tabs(table.header)}"))
        return None, problems

    header = tuple(name.strip() for name in lines[0].split("\t"))
    header_ok = True
    for name in header:
        if table.column(name) is None:
            header_ok = False
            problems.append(Diagnostic(shown, 1, name or "(empty)", "E103",
                                       f"unknown column; expected columns: {_tabs(table.header)}"))
    for name in {n for n in header if header.count(n) > 1}:
        header_ok = False
        problems.append(Diagnostic(shown, 1, name, "E108", "column appears more than once"))
    for column in table.columns:
        if column.required and column.name not in header:
            header_ok = False
            problems.append(Diagnostic(shown, 1, column.name, "E102",
                                       "required column missing from the header"))
    if not header_ok:
        return None, problems

    rows: list[Row] = []
    broken: set[str] = set()
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(header):
            if header[0] == "id" and fields[0].strip():
                broken.add(fields[0].strip())
            problems.append(Diagnostic(
                shown, number, "", "E104",
                f"expected {len(header)} tab-separated fields ({_tabs(header)}), found "
                f"{len(fields)}; look for a stray or missing tab"))
            continue
        values: dict[str, str] = {}
        flawed: set[str] = set()
        for name, raw in zip(header, fields, strict=True):
            value = raw.strip()
            problem = _field_problem(value)
            if problem is not None:
                problems.append(Diagnostic(shown, number, name, problem[0], problem[1]))
                flawed.add(name)
            values[name] = value
        rows.append(Row(Origin(shown, number), values, frozenset(flawed)))
    return RawTable(table, shown, header, tuple(rows), frozenset(broken)), problems


def decode(data: bytes) -> tuple[str, tuple[int, int, int] | None]:
    """UTF-8 text of ``data`` without a leading BOM, or the (line, byte offset, byte) of the
    first invalid byte."""
    if data.startswith(BOM.encode()):
        data = data[len(BOM.encode()):]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return "", (line, exc.start, data[exc.start])


def _field_problem(value: str) -> tuple[str, str] | None:
    """A quoting or invisible-character problem in one field, as (code, message)."""
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return "E105", "field is wrapped in double quotes; fields are never quoted, remove them"
    for char in value:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Zl", "Zp") or (category == "Co"):
            name = unicodedata.name(char, "control character")
            return "E207", (f"contains the invisible character U+{ord(char):04X} ({name}); "
                            "delete it")
    return None


def _tabs(names: tuple[str, ...]) -> str:
    return " ".join(names)


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
