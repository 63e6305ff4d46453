"""SHACL on the built graph (pyshacl), each violation reported at the curated row and column its
focus node and property came from."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.errors import Diagnostic, Level
from kg.model.origin import Origin

#: Annotation naming the column a node-level shape (one without ``sh:path``) is about.
SHAPE_FIELD = "https://w3id.org/kratom-kg/shapes#field"


def check_shapes(graph: Graph, shapes: Graph, origins: Mapping[URIRef, Origin],
                 fields: Mapping[URIRef, str]) -> list[Diagnostic]:
    """Run SHACL (pyshacl) on ``graph`` and report each violation at the row that made its focus
    node; ``fields`` maps a property to the column it came from."""
    from pyshacl import validate as shacl_validate  # heavy: imported only when shapes are checked

    conforms, results, _ = shacl_validate(graph, shacl_graph=shapes, inference="none",
                                          advanced=False, allow_warnings=True)
    if conforms:
        return []
    out: list[Diagnostic] = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = str(results.value(result, SH.resultMessage) or "shape violated")
        value = results.value(result, SH.value)
        origin = origins.get(focus) if focus is not None else None
        where = origin or Origin("(graph)", 0)
        field = fields.get(path, str(path)) if path is not None else \
            str(shapes.value(results.value(result, SH.sourceShape), URIRef(SHAPE_FIELD)) or "")
        detail = f" (value: {value})" if value is not None else ""
        subject = "" if origin else f" on {focus}"
        severity = results.value(result, SH.resultSeverity)
        level = Level.ERROR if severity == SH.Violation else Level.WARNING
        out.append(Diagnostic(where.file, where.line, field, "E401",
                              f"SHACL: {message}{detail}{subject}", level))
    return sorted(set(out))
