"""Finding entities of the read model by the names people use: label, identifier, synonym (the
names standard vocabularies give included) or cross-reference, folded for case, Greek letters and
hyphens — and, when no name matches, by the words of a name — or every entity of a class."""

from __future__ import annotations

from kg.errors import NodeNotFound
from kg.model.names import by_words, did_you_mean, normalise_name
from kg.read.projection import Projection


class NameIndex:
    """The names and classes of a projection's entities, for lookups."""

    def __init__(self, projection: Projection) -> None:
        self.projection = projection
        self.names: dict[str, set[str]] = {}
        self.classes: dict[str, set[str]] = {}
        for iri, node in projection.nodes.items():
            for name in (*node.names, iri):
                self.names.setdefault(normalise_name(name), set()).add(iri)
            for cls in node.types:
                self.classes.setdefault(cls.casefold(), set()).add(iri)

    def resolve(self, name: str) -> str:
        """The entity IRI that ``name`` denotes."""
        return self.match(name)[0]

    def match(self, name: str) -> tuple[str, str]:
        """The entity ``name`` denotes, and how it was found when not by one of its own names:
        a name that matches no entity but whose words all occur in the names of exactly one
        (a synonym from a standard vocabulary: "addiction" in "drug addiction") is taken as
        that entity, and the note says so. Several such entities are offered, with their
        classes, instead of being guessed between."""
        label = self.projection.label
        found = self.names.get(normalise_name(name), set())
        if len(found) == 1:
            return next(iter(found)), ""
        if len(found) > 1:
            shown = ", ".join(sorted(label(i) for i in found))
            raise NodeNotFound(f"'{name}' names several entities ({shown}); use the identifier")
        named = [(iri, n) for iri, node in self.projection.nodes.items() for n in node.names]
        hits = by_words(name, named)
        if len(hits) == 1:
            [(iri, names)] = hits.items()
            how = "" if names[0] == label(iri) else f", by its name '{names[0]}'"
            return iri, f"'{name}' taken as {label(iri)}{how}"
        if hits:
            offered = "; ".join(f"{label(i)} ({self.kind(i)}"
                                + ("" if ns[0] == label(i) else f", '{ns[0]}'") + ")"
                                for i, ns in sorted(hits.items(), key=lambda h: label(h[0])))
            raise NodeNotFound(f"no entity is named '{name}'; entities whose names contain it: "
                               f"{offered}")
        raise NodeNotFound(f"no entity named '{name}'"
                           f"{did_you_mean(name, [n for _, n in named], n=3)}")

    def resolve_set(self, name: str) -> set[str]:
        """An entity, or every entity of a class (``Receptor``, ``NeurotransmitterSystem``)."""
        key = name.casefold().replace(" ", "")
        for cls, members in self.classes.items():
            if cls.replace(" ", "") == key:
                return set(members)
        return {self.resolve(name)}

    def kind(self, iri: str) -> str:
        """An entity's classes in words (``risk``, ``alkaloid, compound``)."""
        types = self.projection.nodes[iri].types
        return ", ".join(t.lower() for t in types if t != "Entity") or "entity"
