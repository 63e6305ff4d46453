"""The drawing style of the graph pages, read from a TOML file (``kg/assets/graph-style.toml`` by
default) so colours, shapes and edge styles are changed without touching code.

Every key is checked on load; a mistake is reported with the file, the line of its table and what
was expected, because a silently ignored typo would draw a misleading legend.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import StyleError

SHAPES = frozenset({"dot", "diamond", "square", "triangle", "triangleDown", "star", "hexagon"})
ARROWS = frozenset({"arrow", "bar", "circle"})
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FALLBACK_CLASS = "Entity"
FALLBACK_RELATION = "relatedTo"


@dataclass(frozen=True, slots=True)
class ClassStyle:
    """How nodes of one class look."""

    name: str
    label: str
    color: str
    shape: str


@dataclass(frozen=True, slots=True)
class RelationStyle:
    """How edges of one relation look."""

    name: str
    color: str
    dashes: bool
    arrow: str


@dataclass(frozen=True, slots=True)
class GraphStyle:
    """The whole style: node sizing, edge widths, layout seed, and per class / relation looks."""

    min_size: float
    per_neighbour: float
    max_size: float
    font_size: int
    label_width: int
    min_width: float
    max_width: float
    contradicted_color: str
    seed: int
    padding: float
    classes: tuple[ClassStyle, ...]
    relations: dict[str, RelationStyle]
    source: str

    def class_of(self, types: list[str] | tuple[str, ...]) -> ClassStyle:
        """The style of the first listed class the node belongs to (the most specific)."""
        present = set(types)
        for style in self.classes:
            if style.name in present:
                return style
        return next(s for s in self.classes if s.name == FALLBACK_CLASS)

    def relation(self, name: str) -> RelationStyle:
        """The style of a relation (local name), or the fallback's."""
        return self.relations.get(name) or self.relations[FALLBACK_RELATION]

    def node_size(self, degree: int) -> float:
        return round(min(self.max_size, self.min_size + self.per_neighbour * degree ** 0.5), 1)

    def edge_width(self, score: float) -> float:
        """Width of an edge whose grade has ranking score ``score`` (0 to 1)."""
        return round(self.min_width + (self.max_width - self.min_width) * max(0.0, score), 2)


def default_style_path() -> Path:
    return Path(str(resources.files("kg") / "assets" / "graph-style.toml"))


def load_style(path: Path | None = None) -> GraphStyle:
    """Read and check a style file (default: the packaged one)."""
    path = path or default_style_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StyleError(f"{path}: cannot read the style file ({exc.strerror or exc})") from exc
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StyleError(f"{path}: not valid TOML: {exc}") from exc
    return _parse(document, text, str(path))


def _parse(doc: dict[str, Any], text: str, where: str) -> GraphStyle:
    reader = _Reader(text, where)
    nodes = reader.table(doc, "nodes")
    edges = reader.table(doc, "edges")
    layout = reader.table(doc, "layout")
    classes_doc = reader.table(doc, "classes")
    relations_doc = reader.table(doc, "relations")
    classes = tuple(
        ClassStyle(name, reader.text(body, f"classes.{name}", "label"),
                   reader.colour(body, f"classes.{name}", "color"),
                   reader.choice(body, f"classes.{name}", "shape", SHAPES))
        for name, body in ((n, reader.table(classes_doc, n, f"classes.{n}")) for n in classes_doc))
    relations = {
        name: RelationStyle(name, reader.colour(body, f"relations.{name}", "color"),
                            reader.boolean(body, f"relations.{name}", "dashes"),
                            reader.choice(body, f"relations.{name}", "arrow", ARROWS))
        for name, body in ((n, reader.table(relations_doc, n, f"relations.{n}"))
                           for n in relations_doc)}
    if not any(c.name == FALLBACK_CLASS for c in classes):
        raise StyleError(f"{where}: [classes] needs a [classes.{FALLBACK_CLASS}] table, the style of "
                         "nodes of no listed class")
    if FALLBACK_RELATION not in relations:
        raise StyleError(f"{where}: [relations] needs a [relations.{FALLBACK_RELATION}] table, the "
                         "style of relations not listed")
    style = GraphStyle(
        min_size=reader.number(nodes, "nodes", "min_size"),
        per_neighbour=reader.number(nodes, "nodes", "per_neighbour"),
        max_size=reader.number(nodes, "nodes", "max_size"),
        font_size=int(reader.number(nodes, "nodes", "font_size")),
        label_width=int(reader.number(nodes, "nodes", "label_width")),
        min_width=reader.number(edges, "edges", "min_width"),
        max_width=reader.number(edges, "edges", "max_width"),
        contradicted_color=reader.colour(edges, "edges", "contradicted_color"),
        seed=int(reader.number(layout, "layout", "seed")),
        padding=reader.number(layout, "layout", "padding"),
        classes=classes, relations=relations, source=where)
    if style.min_size > style.max_size:
        raise StyleError(f"{where}:{reader.line('nodes')}: [nodes] min_size is larger than max_size")
    if style.min_width > style.max_width:
        raise StyleError(f"{where}:{reader.line('edges')}: [edges] min_width is larger than "
                         "max_width")
    return style


class _Reader:
    """Typed access to the parsed TOML that reports the table's line on a mistake."""

    def __init__(self, text: str, where: str) -> None:
        self.lines = text.splitlines()
        self.where = where

    def line(self, table: str) -> int:
        header = f"[{table}]"
        for number, line in enumerate(self.lines, start=1):
            if line.strip() == header:
                return number
        return 0

    def fail(self, table: str, key: str, expected: str) -> StyleError:
        number = self.line(table)
        at = f"{self.where}:{number}" if number else self.where
        return StyleError(f"{at}: [{table}] {key}: expected {expected}")

    def get(self, body: dict[str, Any], table: str, key: str) -> Any:
        if key not in body:
            raise self.fail(table, key, "a value (the key is missing)")
        return body[key]

    def table(self, body: dict[str, Any], key: str, name: str | None = None) -> dict[str, Any]:
        value = body.get(key)
        if not isinstance(value, dict):
            number = self.line(name or key)
            at = f"{self.where}:{number}" if number else self.where
            raise StyleError(f"{at}: expected a [{name or key}] table")
        return value

    def number(self, body: dict[str, Any], table: str, key: str) -> float:
        value = self.get(body, table, key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self.fail(table, key, f"a number of at least 0, not {value!r}")
        return float(value)

    def text(self, body: dict[str, Any], table: str, key: str) -> str:
        value = self.get(body, table, key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(table, key, f"a non-empty string, not {value!r}")
        return value

    def colour(self, body: dict[str, Any], table: str, key: str) -> str:
        value = self.get(body, table, key)
        if not isinstance(value, str) or not _COLOUR.match(value):
            raise self.fail(table, key, f"a colour like \"#1565c0\", not {value!r}")
        return value.lower()

    def choice(self, body: dict[str, Any], table: str, key: str, allowed: frozenset[str]) -> str:
        value = self.get(body, table, key)
        if value not in allowed:
            raise self.fail(table, key, f"one of {', '.join(sorted(allowed))}, not {value!r}")
        return str(value)

    def boolean(self, body: dict[str, Any], table: str, key: str) -> bool:
        value = self.get(body, table, key)
        if not isinstance(value, bool):
            raise self.fail(table, key, f"true or false, not {value!r}")
        return value
