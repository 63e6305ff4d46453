"""Asking the graph a question — the one way the API, the command line, the SPARQL server and
the site run SPARQL: a query text or a catalogue question, refused before it runs if it would
reach outside the graph, its parameters bound by their declared types."""

from __future__ import annotations

from collections.abc import Mapping

from kg.errors import MissingParameters, UsageError
from kg.sparql.engine import DEFAULT_ROW_LIMIT, Engine, Result, check
from kg.sparql.params import bind
from kg.sparql.questions import CatalogueQuery


def ask(engine: Engine, text: str | None = None, *, question: CatalogueQuery | None = None,
        params: Mapping[str, str] | None = None, limit: int = DEFAULT_ROW_LIMIT) -> Result:
    """Run ``text``, or the catalogue ``question`` with ``params``, on ``engine``.

    Raises :class:`~kg.errors.QueryRefused` for updates, SERVICE, FROM and LOAD,
    :class:`MissingParameters` when a question's parameter is not given, and the lookup errors of
    :func:`~kg.sparql.params.bind` for values that name nothing.
    """
    given = dict(params or {})
    declared: dict[str, str] = {}
    if question is not None:
        text = question.text
        declared = {p.name: p.type for p in question.params}
        missing = [p.name for p in question.params if p.name not in given]
        if missing:
            raise MissingParameters(question.name, missing)
    if text is None:
        raise UsageError("give a query text or a catalogue question")
    check(text)
    return engine.run(text, bind(given, declared, engine), limit=limit)
