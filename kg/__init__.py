"""kratom-kg: an open, fully sourced knowledge graph of kratom (Mitragyna speciosa) pharmacology.

The public API. Attributes are imported lazily, so ``import kg`` (and the CLI's start-up) stays
cheap until a function that needs rdflib or pyoxigraph is called.

>>> import kg
>>> graph = kg.load_graph()                       # doctest: +SKIP
>>> kg.stats().claims                              # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "BuildResult",
    "Diagnostic",
    "KGError",
    "Locations",
    "NotBuiltError",
    "OutputError",
    "Stats",
    "ValidationError",
    "build",
    "catalogue",
    "export",
    "interactions",
    "lint",
    "load_graph",
    "network",
    "open_engine",
    "open_store",
    "path_graph",
    "paths",
    "publish",
    "query",
    "render",
    "search_graph",
    "stats",
    "validate",
]

_HOMES = {
    "BuildResult": "kg.graph.build",
    "Diagnostic": "kg.errors",
    "KGError": "kg.errors",
    "Locations": "kg.locations",
    "NotBuiltError": "kg.errors",
    "OutputError": "kg.errors",
    "Stats": "kg.sparql.stats",
    "ValidationError": "kg.errors",
    "build": "kg.api",
    "catalogue": "kg.api",
    "export": "kg.api",
    "interactions": "kg.api",
    "lint": "kg.api",
    "network": "kg.api",
    "load_graph": "kg.api",
    "open_engine": "kg.api",
    "open_store": "kg.api",
    "path_graph": "kg.api",
    "paths": "kg.api",
    "publish": "kg.api",
    "query": "kg.api",
    "render": "kg.api",
    "search_graph": "kg.api",
    "stats": "kg.api",
    "validate": "kg.api",
}

if TYPE_CHECKING:
    from kg.api import (
        build,
        catalogue,
        interactions,
        lint,
        load_graph,
        open_engine,
        open_store,
        path_graph,
        paths,
        publish,
        query,
        stats,
        validate,
    )
    from kg.errors import Diagnostic, KGError, NotBuiltError, OutputError, ValidationError
    from kg.graph.build import BuildResult
    from kg.locations import Locations
    from kg.sparql.stats import Stats


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'kg' has no attribute '{name}'")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
