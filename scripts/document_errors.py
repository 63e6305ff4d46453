"""Regenerate docs/errors.md from kg/errors.py: every error class with its code, the command
line's exit status and the HTTP status of `kg serve`.

    python scripts/document_errors.py

tests/test_docs.py fails when docs/errors.md differs from what this writes.
"""

from __future__ import annotations

import inspect
from pathlib import Path

from kg.errors import ERRORS
from kg.serve.server import status_of

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "errors.md"

INTRO = """# Errors

Every error kratom-kg raises on purpose is a class in `kg/errors.py`, under one root
(`KGError`). Each has a stable code, the command line's exit status for it (1: bad data or no
result; 2: a wrong request), and the HTTP status `kg serve` answers with (chosen by the error's
class, never by its message). Problems in the curated data are not exceptions but diagnostics with
`E`/`W` codes, listed in [data/README.md](../data/README.md#error-codes); a build that meets any
raises `ValidationError` carrying all of them.

| code | class | exit | HTTP | meaning |
|---|---|---|---|---|
"""


def errors_page() -> str:
    """The Markdown of docs/errors.md."""
    rows = []
    for cls in ERRORS:
        status = status_of(cls.__new__(cls))  # the server's own rule
        doc = " ".join((inspect.getdoc(cls) or "").split()).replace("``", "`")
        rows.append(f"| {cls.code} | `{cls.__name__}` | {cls.exit_code} | {status} | {doc} |")
    return INTRO + "\n".join(rows) + "\n"


if __name__ == "__main__":
    DOC.write_text(errors_page(), encoding="utf-8")
