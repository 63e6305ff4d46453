"""Parameters of catalogue questions: textual values turned into RDF terms by their declared
type — entities and concepts looked up by name, dates and numbers checked — so a value is bound,
never pasted into the query text."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph

from kg.errors import QueryError
from kg.sparql.engine import Engine
from kg.sparql.lookup import find_concept, find_entity


def literal(value: str, datatype: str) -> object:
    """A typed literal (``datatype`` a local name in XSD, e.g. ``date``)."""
    return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(
        "http://www.w3.org/2001/XMLSchema#" + datatype))


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
_INTEGER = re.compile(r"^-?\d+$")


def bind(params: Mapping[str, str], declared: Mapping[str, str], engine: Engine,
         ) -> dict[str, object]:
    """Turn textual parameter values into RDF terms by their declared type.

    ``declared`` maps parameter name → type (see :mod:`kg.sparql.questions`); entities are looked up
    by identifier, label, synonym or cross-reference, concepts by their notation.
    """
    terms: dict[str, object] = {}
    for name, value in params.items():
        kind = declared.get(name)
        if kind is None:
            known = ", ".join(sorted(declared)) or "none"
            raise QueryError(f"unknown parameter '{name}' (this query takes: {known})")
        if kind == "entity":
            terms[name] = find_entity(engine, value)
        elif kind.split(":")[0] == "concept":
            terms[name] = find_concept(engine, value, scheme=kind.partition(":")[2] or None)
        elif kind == "iri":
            terms[name] = pyoxigraph.NamedNode(value)
        elif kind == "date":
            if not _DATE.match(value):
                raise QueryError(f"parameter '{name}': '{value}' is not a date (YYYY-MM-DD)")
            terms[name] = literal(value, "date")
        elif kind == "decimal":
            if not _DECIMAL.match(value):
                raise QueryError(f"parameter '{name}': '{value}' is not a decimal number")
            terms[name] = literal(value, "decimal")
        elif kind == "integer":
            if not _INTEGER.match(value):
                raise QueryError(f"parameter '{name}': '{value}' is not a whole number")
            terms[name] = literal(value, "integer")
        else:
            terms[name] = pyoxigraph.Literal(value)
    return terms
