"""The errors kratom-kg raises: one root, structured subclasses, messages that end with a remedy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """How serious a diagnostic is: errors stop a build, warnings are reported only."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem found in the curated data, located like a compiler message.

    ``line`` is 1-based (the header is line 1); 0 means the whole file. ``field`` is the column
    name, or empty when the problem is not about one column.
    """

    file: str
    line: int
    field: str
    code: str
    message: str
    level: Level = Level.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        tag = "" if self.level is Level.ERROR else f" {self.level.value}:"
        return f"{where}:{tag}{field} {self.message} [{self.code}]"


class KGError(Exception):
    """Root of every error kratom-kg raises on purpose; the CLI turns these into exit code 1."""


class ValidationError(KGError):
    """The curated data break one or more rules; ``diagnostics`` lists every problem found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sorted(diagnostics))
        errors = [d for d in self.diagnostics if d.level is Level.ERROR]
        noun = "error" if len(errors) == 1 else "errors"
        lines = [str(d) for d in self.diagnostics]
        lines.append(f"{len(errors)} {noun}; nothing was written. Fix the rows above and run again.")
        super().__init__("\n".join(lines))

    @property
    def errors(self) -> Sequence[Diagnostic]:
        """Only the diagnostics at error level."""
        return [d for d in self.diagnostics if d.level is Level.ERROR]


class NotBuiltError(KGError):
    """A command needs the built graph, but it is missing."""


class OutputError(KGError):
    """An output could not be written (unwritable folder, full disk, another build running)."""
