"""The path-search projection of the graph: entities as nodes, and one directed edge per
(subject, object) pair that at least one claim supports, carrying every claim about that pair.

It keeps domain relations only — no ``rdf:type``, label or literal hubs — and is read from the RDF
graph with SPARQL, so it can be made from the local build or from a remote endpoint. ``kg build``
prepares it once (``build/kratom.projection.json``) so ``kg path`` loads it without rdflib or a
SPARQL engine.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from kg.graph.store import packaged_query
from kg.model.prefixes import compress

if TYPE_CHECKING:
    import networkx as nx

    from kg.sparql.engine import Engine

VOCAB = "https://w3id.org/kratom-kg/vocab#"
#: Relations whose hop blocks rather than activates what it points at.
BLOCKING = frozenset({VOCAB + "antagonistOf", VOCAB + "inhibits"})
#: Weight of an evidence type the ontology gives no rank weight.
DEFAULT_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class ClaimSummary:
    """What one claim contributes to a hop."""

    id: str
    predicate: str
    stance: str
    evidence: str
    weight: float
    sources: tuple[str, ...]
    measure: str = ""
    comparator: str = ""
    value: str = ""
    unit: str = ""
    species: str = ""
    assay: str = ""
    enzyme: str = ""
    reference: str = ""
    date: str = ""
    status: str = ""
    instrument: str = ""
    #: The signalling bias as the ontology labels it (e.g. "G protein-biased"), or "".
    bias: str = ""
    location: str = ""
    note: str = ""

    @property
    def measured(self) -> str:
        """The measured value as people write it (``Ki 161 nM``), or ''."""
        if not self.measure:
            return ""
        return f"{self.measure} {self.comparator}{self.value} {self.unit}".strip()


@dataclass(slots=True)
class Projection:
    """Nodes (IRI → label, classes, names), sources, relation labels, and the claims with the
    (subject, object) IRIs each is about; JSON-ready."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    relations: dict[str, str] = field(default_factory=dict)
    claims: list[ClaimSummary] = field(default_factory=list)
    ends: list[tuple[str, str]] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)

    @property
    def edges(self) -> dict[tuple[str, str], list[ClaimSummary]]:
        """The claims grouped by (subject, object)."""
        grouped: dict[tuple[str, str], list[ClaimSummary]] = {}
        for claim, pair in zip(self.claims, self.ends, strict=True):
            grouped.setdefault(pair, []).append(claim)
        return grouped

    # -- persistence -------------------------------------------------------------------------

    def to_json(self) -> bytes:
        """Deterministic JSON (sorted keys, claims in IRI order)."""
        document = {
            "nodes": self.nodes,
            "sources": self.sources,
            "relations": self.relations,
            "weights": self.weights,
            "claims": [dict(asdict(c), subject=s, object=o)
                       for c, (s, o) in zip(self.claims, self.ends, strict=True)],
        }
        return (json.dumps(document, sort_keys=True, ensure_ascii=False, indent=0) + "\n").encode()

    @classmethod
    def from_json(cls, data: bytes | str) -> Projection:
        document = json.loads(data)
        claims, ends = [], []
        for item in document["claims"]:
            ends.append((item.pop("subject"), item.pop("object")))
            item["sources"] = tuple(item["sources"])
            claims.append(ClaimSummary(**item))
        return cls(document["nodes"], document["sources"], document["relations"], claims, ends,
                   document.get("weights", {}))

    # -- networkx ----------------------------------------------------------------------------

    def to_networkx(self) -> nx.DiGraph:
        """A DiGraph with one edge per (subject, object) pair that a claim supports; each edge
        holds the pair's claims (``claims``) and each node its label and classes."""
        import networkx as nx

        graph = nx.DiGraph()
        for iri, node in self.nodes.items():
            graph.add_node(iri, label=node["label"], types=node["types"])
        for (s, o), claims in self.edges.items():
            if any(c.stance == "supports" for c in claims) and s in graph and o in graph:
                graph.add_edge(s, o, claims=claims)
        return graph


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``/`` or ``#``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def build_projection(engine: Engine, *, only: Iterable[str] | None = None,
                     extra_nodes: Iterable[str] = ()) -> Projection:
    """Read the projection from any engine holding a graph built to the ontology: the whole
    graph, or with ``only`` just those entities and the claims among them (plus the node records
    of ``extra_nodes``), fetched in batches so a large graph never has to leave its store."""
    from kg.sparql.engine import Result

    keep = None if only is None else sorted(set(only))
    restrict = {"projection-nodes": "node", "projection-claims": "s"}

    def rows(name: str, iris: list[str] | None = None) -> list[dict[str, str | None]]:
        text = packaged_query(name)
        if iris is None and (keep is None or name not in restrict):
            result: Result = engine.run(text)
            return result.records()
        chosen = iris if iris is not None else (keep or [])
        out: list[dict[str, str | None]] = []
        for start in range(0, len(chosen), BATCH):
            out += engine.run(_with_values(text, restrict.get(name, "source"),
                                           chosen[start:start + BATCH])).records()
        return out

    sources = {}
    claim_rows = rows("projection-claims")
    if keep is None:
        node_rows = rows("projection-nodes")
    else:
        members = set(keep)
        claim_rows = [r for r in claim_rows if str(r["o"]) in members]
        # Entities the claims name besides their ends (the enzyme of a conversion) are read too.
        enzymes = {str(r["enzyme"]) for r in claim_rows if r["enzyme"]}
        node_rows = rows("projection-nodes", sorted({*keep, *extra_nodes, *enzymes}))
    nodes: dict[str, dict[str, Any]] = {}
    for row in node_rows:
        iri = str(row["node"])
        xrefs = sorted(compress(x) for x in _split(row["xrefs"]))
        nodes[iri] = {
            "label": row["label"],
            "types": sorted(t[len(VOCAB):] for t in _split(row["types"])),
            "names": sorted({*_split(row["names"]), *xrefs}),
            "synonyms": sorted(_split(row["synonyms"])),
            "xrefs": xrefs,
            "confirmed_at": sorted(_split(row["confirmed_at"])),
            "description": str(row["description"] or ""),
        }
    if keep is not None:
        cited = sorted({SOURCE_BASE + quote(s, safe="") for r in claim_rows
                        for s in _split(r["sources"])})
        source_rows = rows("projection-sources", cited) if cited else []
    else:
        source_rows = rows("projection-sources")
    for row in source_rows:
        sources[str(row["id"])] = {k: str(v) for k, v in row.items() if v is not None and k != "id"}
    relations = {str(r["relation"]): str(r["label"]) for r in rows("projection-relations")}
    weights = {str(r["evidence"]): float(str(r["weight"])) for r in rows("projection-weights")}
    claims, ends = [], []
    for row in claim_rows:
        if row["p"] not in relations:
            continue
        weight = float(row["weight"]) if row["weight"] else DEFAULT_WEIGHT
        claims.append(ClaimSummary(
            id=str(row["claim"]), predicate=str(row["p"]), stance=str(row["stance"]),
            evidence=str(row["evidence"]), weight=weight,
            sources=tuple(sorted(_split(row["sources"]))),
            measure=row["measure"] or "", comparator=row["comparator"] or "",
            value=_plain_number(row["value"]), unit=row["unit"] or "",
            species=row["species"] or "", assay=row["assay"] or "",
            enzyme=nodes.get(row["enzyme"] or "", {}).get("label", ""),
            reference=row["reference"] or "", date=row["date"] or "",
            status=row["status"] or "", instrument=row["instrument"] or "",
            bias=str(row["bias"] or ""),
            location=row["location"] or "", note=row["note"] or "",
        ))
        ends.append((str(row["s"]), str(row["o"])))
    return Projection(nodes, sources, relations, claims, ends, weights)


#: IRIs per VALUES block when fetching part of a graph.
BATCH = 400
SOURCE_BASE = "https://w3id.org/kratom-kg/source/"


def _with_values(text: str, variable: str, iris: Sequence[str]) -> str:
    """``text`` with ``VALUES ?variable { <iri> … }`` as the first pattern of its WHERE clause."""
    values = " ".join(f"<{iri}>" for iri in iris)
    head, marker, tail = text.partition("WHERE {")
    if not marker:
        raise ValueError("query has no WHERE clause")
    return f"{head}WHERE {{ VALUES ?{variable} {{ {values} }}{tail}"


def load_projection(path: Path) -> Projection:
    """The projection prepared by ``kg build``."""
    from kg.graph.store import require

    return Projection.from_json(require(path).read_bytes())


def _split(text: str | None) -> Iterable[str]:
    return [part for part in (text or "").split("|") if part]


def _plain_number(text: str | None) -> str:
    """A decimal as people write it (``10.0`` → ``10``)."""
    if not text:
        return ""
    return text[:-2] if text.endswith(".0") else text
