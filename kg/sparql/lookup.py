"""Finds entities and vocabulary concepts by the names people use: identifier, label, synonym or a
standard cross-reference (``CHEBI:…``), case-insensitively, with the closest names suggested when
nothing matches. Works through any query engine, so remote graphs are searched the same way."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.model.prefixes import CurieError, expand

if TYPE_CHECKING:
    from kg.sparql.engine import Engine


# Greek letters by code point (spelled out, so the table reads unambiguously).
_GREEK = str.maketrans({"\u03bc": "mu ", "\u00b5": "mu ", "\u03b4": "delta ", "\u03ba": "kappa ",
                        "\u03b1": "alpha ", "\u03b2": "beta ", "\u03b3": "gamma ",
                        "-": " ", "_": " ", "(": " ", ")": " "})


def normalise_name(name: str) -> str:
    """A name folded for matching: case, Greek letters spelled out, hyphens and brackets as
    spaces, runs of spaces collapsed ("μ-Opioid receptor" and "mu opioid receptor" match)."""
    return " ".join(name.casefold().translate(_GREEK).split())


class NodeNotFound(KGError):
    """No entity or concept has the given name; the message lists the closest names."""


_EXACT = """
SELECT DISTINCT ?entity ?needle WHERE {
  ?entity a kg:Entity .
  { ?entity dcterms:identifier ?name } UNION { ?entity rdfs:label ?name }
  UNION { ?entity skos:altLabel ?name }
  FILTER(LCASE(STR(?name)) = LCASE(STR(?needle)))
}
ORDER BY ?entity
"""

_XREF = "SELECT DISTINCT ?entity ?xref WHERE { ?entity a kg:Entity ; skos:exactMatch ?xref . }"

_NAMED = """
SELECT DISTINCT ?entity ?name WHERE {
  ?entity a kg:Entity .
  { ?entity dcterms:identifier ?name } UNION { ?entity rdfs:label ?name }
  UNION { ?entity skos:altLabel ?name }
}
"""

_CONCEPT = """
SELECT ?concept ?notation WHERE { ?concept skos:notation ?notation . }
"""


def find_entity(engine: Engine, name: str) -> object:
    """The entity (a pyoxigraph ``NamedNode``) named ``name``.

    Raises :class:`NodeNotFound` with suggestions, or when the name is ambiguous.
    """
    import pyoxigraph

    hits = engine.run(_EXACT, {"needle": pyoxigraph.Literal(name)}).rows
    if not hits and ":" in name:
        try:
            iri = pyoxigraph.NamedNode(expand(name))
        except (CurieError, ValueError):
            iri = None
        if iri is not None:
            hits = engine.run(_XREF, {"xref": iri}).rows
    entities = {row["entity"].value: row["entity"] for row in hits}  # type: ignore[attr-defined]
    named: list[tuple[str, object]] = []
    if not entities:  # try again with names folded (Greek letters, hyphens, spacing)
        wanted = normalise_name(name)
        named = [(str(row["name"].value), row["entity"])  # type: ignore[attr-defined]
                 for row in engine.run(_NAMED).rows]
        entities = {e.value: e for n, e in named if normalise_name(n) == wanted}  # type: ignore[attr-defined]
    if len(entities) == 1:
        return next(iter(entities.values()))
    if len(entities) > 1:
        raise NodeNotFound(f"'{name}' names several entities ({', '.join(sorted(entities))}); "
                           "use the identifier")
    names = sorted({n for n, _ in named})
    raise NodeNotFound(f"no entity named '{name}'{_closest(name, names)}")


def find_concept(engine: Engine, notation: str) -> object:
    """The vocabulary concept whose notation is ``notation`` (e.g. ``Ki``, ``in_vitro``)."""
    rows = engine.run(_CONCEPT).rows
    table = {str(r["notation"].value): r["concept"] for r in rows}  # type: ignore[attr-defined]
    if notation in table:
        return table[notation]
    # A different spelling of case is accepted only when it is unambiguous (Ki and KI differ).
    folded = [v for k, v in table.items() if k.casefold() == notation.casefold()]
    if len(folded) == 1:
        return folded[0]
    raise NodeNotFound(f"no concept with notation '{notation}'{_closest(notation, list(table))}")


def _closest(name: str, names: list[str]) -> str:
    pool = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(name.casefold(), list(pool), n=3, cutoff=0.5)
    return f" (closest: {', '.join(pool[c] for c in close)})" if close else ""
