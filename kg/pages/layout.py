"""Node positions for the graph pages, computed in Python so a page is the same every time it is
rendered and its labels do not overlap when the page opens.

Each node occupies a box: the node itself plus its label, which vis-network draws below it and wraps
at the style's label width. Layouts place the boxes (force-directed, radial around a centre, or in
layers), then :func:`separate` pushes apart any boxes that still overlap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

#: Glyph width as a fraction of the font size: generous, so boxes err on the wide side ...
GLYPH = 0.62
#: ... and narrow, for the fewest lines the browser may wrap a label into.
NARROW_GLYPH = 0.45
#: Line height as a fraction of the font size.
LINE = 1.3
#: Gap vis-network leaves between a node and its label.
LABEL_GAP = 6.0
#: Width-to-height stretch of force-directed layouts.
ASPECT = 1.7


@dataclass(frozen=True, slots=True)
class Box:
    """The space a node and its label take, relative to the node's centre."""

    width: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.top + self.bottom


def wrap(label: str, font_size: int, max_width: int, glyph: float = GLYPH) -> list[str]:
    """The label's lines as vis-network wraps them: greedily at spaces, by estimated width; a word
    wider than the limit stays whole on its own line."""
    limit = max(1, int(max_width / (font_size * glyph)))
    lines: list[str] = []
    current = ""
    for word in label.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= limit or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


def node_box(label: str, size: float, font_size: int, max_width: int) -> Box:
    """The box of a node of radius ``size`` drawn with ``label`` below it: as wide as the label
    could be if the browser wraps it into the fewest lines, as tall as if it wraps into the most."""
    fewest = wrap(label, font_size, max_width, NARROW_GLYPH)
    most = wrap(label, font_size, max_width, GLYPH)
    longest_word = max((len(w) for w in label.split()), default=0) * font_size * GLYPH
    widest_line = min(float(max_width), max(len(line) for line in fewest) * font_size * GLYPH)
    return Box(width=max(2 * size, widest_line, longest_word), top=size,
               bottom=size + LABEL_GAP + len(most) * font_size * LINE)


Positions = dict[str, tuple[float, float]]


def separate(positions: Positions, boxes: Mapping[str, Box], padding: float,
             max_rounds: int = 400) -> Positions:
    """Move nodes apart until no two boxes (grown by ``padding``) overlap; each round pushes every
    overlapping pair apart along the axis where they overlap least. Only nodes that moved in the
    last round can have new overlaps, so later rounds compare just those with all others.
    Deterministic."""
    names = sorted(positions)
    count = len(names)
    if count < 2:
        return dict(positions)
    x = np.array([positions[n][0] for n in names], dtype=float)
    y = np.array([positions[n][1] for n in names], dtype=float)
    half_w = np.array([boxes[n].width / 2 + padding / 2 for n in names])
    # Box centre offset from the node centre, and half height.
    offset = np.array([(boxes[n].bottom - boxes[n].top) / 2 for n in names])
    half_h = np.array([boxes[n].height / 2 + padding / 2 for n in names])
    index = np.arange(count)
    active = index
    for _ in range(max_rounds):
        cy = y + offset
        dx = x[active, None] - x[None, :]
        dy = cy[active, None] - cy[None, :]
        over_x = half_w[active, None] + half_w[None, :] - np.abs(dx)
        over_y = half_h[active, None] + half_h[None, :] - np.abs(dy)
        clash = (over_x > 0) & (over_y > 0)
        clash[np.arange(len(active)), active] = False
        if not clash.any():
            break
        along_x = clash & (over_x <= over_y)
        along_y = clash & ~along_x
        tie = np.where(active[:, None] < index[None, :], -1.0, 1.0)
        # Each node of a pair moves half the overlap (plus a pixel, so rounding cannot undo it).
        push_x = np.where(along_x, np.where(dx != 0, np.sign(dx), tie) * (over_x / 2 + 0.5), 0) * 0.5
        push_y = np.where(along_y, np.where(dy != 0, np.sign(dy), tie) * (over_y / 2 + 0.5), 0) * 0.5
        move_x = np.zeros(count)
        move_y = np.zeros(count)
        move_x[active] += push_x.sum(axis=1)
        move_y[active] += push_y.sum(axis=1)
        # A partner outside the active set has no row of its own: push it from here.
        passive = np.ones(count, dtype=bool)
        passive[active] = False
        np.add.at(move_x, index, -(push_x * passive[None, :]).sum(axis=0))
        np.add.at(move_y, index, -(push_y * passive[None, :]).sum(axis=0))
        x += move_x
        y += move_y
        active = index[(move_x != 0) | (move_y != 0)]
    return {n: (round(float(x[i])), round(float(y[i]))) for i, n in enumerate(names)}


def spring(nodes: Sequence[str], edges: Iterable[tuple[str, str]], boxes: Mapping[str, Box],
           seed: int, padding: float) -> Positions:
    """Force-directed positions (networkx's Fruchterman-Reingold, seeded), scaled to the boxes and
    then separated."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from(sorted((a, b) for a, b in edges if a != b))
    if not nodes:
        return {}
    raw = nx.spring_layout(graph, seed=seed, iterations=50)
    mean_box = sum(max(b.width, b.height) for b in boxes.values()) / max(1, len(boxes))
    scale = mean_box * 0.9 * math.sqrt(len(nodes))
    # Wider than tall, like the screens the pages are read on.
    placed = {n: (float(p[0]) * scale * ASPECT, float(p[1]) * scale) for n, p in raw.items()}
    return separate(placed, boxes, padding)


def radial(centre: str, rings: Sequence[Sequence[str]], boxes: Mapping[str, Box],
           padding: float) -> Positions:
    """``centre`` in the middle and each ring of nodes on a circle around it, in the given order,
    each circle wide enough for its boxes."""
    placed: Positions = {centre: (0.0, 0.0)}
    radius = 0.0
    for ring in rings:
        if not ring:
            continue
        ring_box = max(max(boxes[n].width, boxes[n].height) for n in ring) + padding
        radius = max(radius + ring_box * 1.4, len(ring) * ring_box / (2 * math.pi))
        for index, name in enumerate(ring):
            angle = 2 * math.pi * index / len(ring) - math.pi / 2
            placed[name] = (radius * math.cos(angle), radius * math.sin(angle))
    return separate(placed, boxes, padding)


def layered(layers: Sequence[Sequence[str]], boxes: Mapping[str, Box], padding: float) -> Positions:
    """Left-to-right columns: each layer a column, its nodes stacked top to bottom in order."""
    placed: Positions = {}
    x = 0.0
    previous_half = 0.0
    for layer in layers:
        if not layer:
            continue
        half = max(boxes[n].width for n in layer) / 2
        x += previous_half + half + padding * 4 if placed else 0.0
        previous_half = half
        total = sum(boxes[n].height + padding for n in layer)
        y = -total / 2
        for name in layer:
            placed[name] = (x, y + boxes[name].top)
            y += boxes[name].height + padding
    return separate(placed, boxes, padding)
