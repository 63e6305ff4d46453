"""Finds entities and vocabulary concepts by the names people use: identifier, label, synonym or a
standard cross-reference (``CHEBI:…``), case-insensitively, with the closest names suggested when
nothing matches. Works through any query engine, so remote graphs are searched the same way."""

from __future__ import annotations

import pyoxigraph

from kg.errors import NodeNotFound
from kg.model.names import did_you_mean, normalise_name
from kg.model.prefixes import CurieError, expand
from kg.sparql.engine import Engine
from kg.sparql.questions import packaged_query


def find_entity(engine: Engine, name: str) -> pyoxigraph.NamedNode:
    """The entity named ``name``.

    Raises :class:`~kg.errors.NodeNotFound` with suggestions, or when the name is ambiguous.
    """
    hits = engine.run(packaged_query("lookup-exact"), {"needle": pyoxigraph.Literal(name)}).rows
    if not hits and ":" in name:
        try:
            iri = pyoxigraph.NamedNode(expand(name))
        except (CurieError, ValueError):
            iri = None
        if iri is not None:
            hits = engine.run(packaged_query("lookup-xref"), {"xref": iri}).rows
    entities = {row["entity"].value: row["entity"] for row in hits}  # type: ignore[attr-defined]
    named: list[tuple[str, pyoxigraph.NamedNode]] = []
    if not entities:  # try again with names folded (Greek letters, hyphens, spacing)
        wanted = normalise_name(name)
        named = [(str(row["name"].value), row["entity"])  # type: ignore[attr-defined]
                 for row in engine.run(packaged_query("lookup-names")).rows]
        entities = {e.value: e for n, e in named if normalise_name(n) == wanted}
    if len(entities) == 1:
        return next(iter(entities.values()))
    if len(entities) > 1:
        raise NodeNotFound(f"'{name}' names several entities ({', '.join(sorted(entities))}); "
                           "use the identifier")
    raise NodeNotFound(f"no entity named '{name}'"
                       f"{did_you_mean(name, sorted({n for n, _ in named}), n=3)}")


def find_concept(engine: Engine, notation: str) -> pyoxigraph.NamedNode:
    """The vocabulary concept whose notation is ``notation`` (e.g. ``Ki``, ``in_vitro``)."""
    rows = engine.run(packaged_query("lookup-concepts")).rows
    table = {str(r["notation"].value): r["concept"] for r in rows}  # type: ignore[attr-defined]
    if notation in table:
        return table[notation]
    # A different spelling of case is accepted only when it is unambiguous (Ki and KI differ).
    folded = [v for k, v in table.items() if k.casefold() == notation.casefold()]
    if len(folded) == 1:
        return folded[0]
    raise NodeNotFound(f"no concept with notation '{notation}'"
                       f"{did_you_mean(notation, list(table), n=3)}")
