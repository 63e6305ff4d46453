"""The errors kratom-kg raises: one root, a class per kind of failure, each with a stable code,
messages that end with a remedy. Every error the package raises on purpose is declared here.

Curated-data problems are :class:`Diagnostic` records (``E…`` and ``W…`` codes, documented in
``data/README.md``); a build that meets any raises :class:`ValidationError` carrying them all.
Each other error class has a ``code`` (``K…``, documented in ``docs/errors.md``); the CLI prints
the message and exits with the class's ``exit_code``, and the SPARQL server answers with an HTTP
status chosen by class, never by reading the message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar


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
    """Root of every error kratom-kg raises on purpose."""

    #: Stable identifier of the kind of error (docs/errors.md).
    code: ClassVar[str] = "K100"
    #: The CLI's exit status: 1 for bad data or no result, 2 for a wrong request.
    exit_code: ClassVar[int] = 1


# ------------------------------------------------------------------------------ data and files


class ValidationError(KGError):
    """The curated data break one or more rules; ``diagnostics`` lists every problem found."""

    code = "K101"

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
    """A command needs the built graph (or another input file), but it is missing or unreadable."""

    code = "K102"


class OutputError(KGError):
    """An output could not be written (unwritable folder, full disk, another build running)."""

    code = "K103"


class StyleError(KGError):
    """The graph style file is malformed."""

    code = "K104"


class ExportError(KGError):
    """An export could not be made (unknown format, unreadable graph)."""

    code = "K105"


# --------------------------------------------------------------------------- asking questions


class UsageError(KGError):
    """An argument is out of range or contradicts another (a radius below 0, no query given)."""

    code = "K200"
    exit_code = 2


class MissingParameters(UsageError):
    """A catalogue question was asked without some of its parameters (``missing``)."""

    code = "K205"

    def __init__(self, question: str, missing: Sequence[str]) -> None:
        self.question, self.missing = question, tuple(missing)
        super().__init__(f"question '{question}' needs: " + ", ".join(f"{m}=…" for m in missing))

    def __reduce__(self) -> tuple[type[MissingParameters], tuple[str, tuple[str, ...]]]:
        # Raised in a query's child process and re-raised in the parent: pickled by its fields.
        return (type(self), (self.question, self.missing))


class NotFound(KGError):
    """A name matches nothing; the message lists the closest names."""

    code = "K201"


class NodeNotFound(NotFound):
    """No entity or vocabulary concept has the given name, or the name denotes several."""

    code = "K202"


class CatalogueError(KGError):
    """A catalogue query file has a malformed header."""

    code = "K203"


class QueryNotFound(NotFound, CatalogueError):
    """No catalogue query has the given name."""

    code = "K204"


class QueryError(KGError):
    """A query could not be parsed or run; the message carries the parser's line and column."""

    code = "K210"


class QueryRefused(QueryError):
    """A query asks for something a read-only, offline endpoint never does (update, SERVICE,
    FROM, LOAD …)."""

    code = "K211"


class ResultTooLarge(QueryError):
    """A query's result has more rows than the configured limit."""

    code = "K212"


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped."""

    code = "K213"


class EndpointError(KGError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""

    code = "K220"


# ------------------------------------------------------------------------------------- paths


class PathError(KGError):
    """A path lookup was asked with arguments that cannot be answered (same two ends, an end
    excluded, an unknown ranking or evidence type)."""

    code = "K300"
    exit_code = 2


class NoPath(KGError):
    """No path joins the two entities within the bounds; the message suggests what to relax."""

    code = "K301"


#: Every error class, for documentation and tests.
ERRORS: tuple[type[KGError], ...] = (
    KGError, ValidationError, NotBuiltError, OutputError, StyleError, ExportError, UsageError,
    MissingParameters, NotFound, NodeNotFound, CatalogueError, QueryNotFound, QueryError, QueryRefused,
    ResultTooLarge, QueryTimeout, EndpointError, PathError, NoPath,
)
