"""Finds entities and vocabulary concepts by the names people use: identifier, label, synonym or a
standard cross-reference (``CHEBI:…``), case-insensitively, with the closest names suggested when
nothing matches. Works through any query engine, so remote graphs are searched the same way."""

from __future__ import annotations

import pyoxigraph

from kg.errors import NodeNotFound
from kg.model.names import by_words, did_you_mean, normalise_name
from kg.model.prefixes import CurieError, compress, expand
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
    # No name is the one asked for: an entity is found when its names alone hold every word
    # (a standard vocabulary's "drug addiction" for "addiction"), as path search does.
    terms = {e.value: e for _, e in named}
    hits = by_words(name, [(e.value, n) for n, e in named])
    if len(hits) == 1:
        return terms[next(iter(hits))]
    if hits:
        offered = "; ".join(f"{compress(iri)} ('{names[0]}')" for iri, names in sorted(hits.items()))
        raise NodeNotFound(f"no entity is named '{name}'; entities whose names contain it: "
                           f"{offered}")
    raise NodeNotFound(f"no entity named '{name}'"
                       f"{did_you_mean(name, sorted({n for n, _ in named}), n=3)}")


def find_concept(engine: Engine, notation: str, *,
                 scheme: str | None = None) -> pyoxigraph.NamedNode:
    """The vocabulary concept whose notation is ``notation`` (e.g. ``Ki``, ``in_vitro``), in
    the vocabulary ``scheme`` (a concept class's local name, e.g. ``EvidenceGrade``) if given.

    Raises :class:`~kg.errors.NodeNotFound` with suggestions, or when two vocabularies share
    the notation and no ``scheme`` says which is meant.
    """
    rows = engine.run(packaged_query("lookup-concepts")).rows
    found: dict[str, dict[str, pyoxigraph.NamedNode]] = {}
    for row in rows:
        vocabulary = str(row["class"].value).rsplit("#", 1)[-1]  # type: ignore[attr-defined]
        if scheme is None or vocabulary == scheme:
            found.setdefault(str(row["notation"].value), {})[vocabulary] = row["concept"]  # type: ignore[attr-defined]
    matches = found.get(notation)
    if matches is None:
        # A different spelling of case is accepted only when it is unambiguous (Ki and KI differ).
        folded = [k for k in found if k.casefold() == notation.casefold()]
        matches = found[folded[0]] if len(folded) == 1 else None
    if matches is None:
        where = f" in {scheme}" if scheme else ""
        raise NodeNotFound(f"no concept{where} with notation '{notation}'"
                           f"{did_you_mean(notation, list(found), n=3)}")
    if len(matches) > 1:
        raise NodeNotFound(f"notation '{notation}' names concepts of several vocabularies "
                           f"({', '.join(sorted(matches))}); the query should name one")
    return next(iter(matches.values()))
