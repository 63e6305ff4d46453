"""The package's layers: each module imports only from its own stage of the pipeline or earlier
ones, siblings of a stage stay apart, and no modules import each other in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

from conftest import PROJECT

PACKAGE = PROJECT / "kg"

#: The pipeline's stages in order (README, "Architecture"): a module may import from its own
#: stage or an earlier one.
STAGES: dict[str, int] = {
    "kg.errors": 0, "kg.locations": 0, "kg.atomic": 0, "kg.progress": 0,
    "kg.model": 1,
    "kg.curate": 2,
    "kg.graph": 3,
    "kg.sparql": 4,
    "kg.read": 5,
    "kg.pages": 6, "kg.exports": 6,
    "kg.path": 7,
    "kg.serve": 8,
    "kg.api": 9,
    "kg.cli": 10, "kg": 10,
}
#: Packages of one stage that stay apart: pages and exports are both made from the read model.
SIBLINGS = {frozenset({"kg.pages", "kg.exports"})}


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def home(module: str) -> str:
    """The stage key a module belongs to: its package under kg, or the top-level module."""
    parts = module.split(".")
    key = ".".join(parts[:2])
    return key if key in STAGES else "kg"


def imports(path: Path) -> set[str]:
    """Every kg module ``path`` imports, at any depth (type-checking imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "kg"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and \
                node.module.split(".")[0] == "kg":
            found.add(node.module)
            # "from kg.pages import network" imports the module kg.pages.network
            found |= {f"{node.module}.{a.name}" for a in node.names
                      if (PACKAGE.parent / f"{node.module}.{a.name}".replace(".", "/")).with_suffix(
                          ".py").is_file()}
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: imports(path) & set(MODULES) for name, path in MODULES.items()}


def test_every_package_has_a_stage() -> None:
    assert {home(m) for m in MODULES} <= set(STAGES)


def test_no_module_imports_a_later_stage_or_a_sibling() -> None:
    wrong = []
    for module, targets in GRAPH.items():
        for target in targets:
            here, there = home(module), home(target)
            if here == there or (there == "kg" and target == "kg"):
                continue
            if STAGES[there] > STAGES[here] or frozenset({here, there}) in SIBLINGS:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "imports against the pipeline:\n" + "\n".join(sorted(wrong))


def test_no_import_cycles() -> None:
    graph = nx.DiGraph((m, t) for m, targets in GRAPH.items() for t in targets if m != t)
    cycles = [" -> ".join(c) for c in nx.simple_cycles(graph)]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
