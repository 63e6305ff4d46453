"""The read model of a built graph: typed entities, sources and claims, fetched through any query
engine (the local store or a remote endpoint), so every consumer — path search, pages, exports —
works from any graph built to the ontology.

It keeps domain relations only — no ``rdf:type``, label or literal hubs. Claims are read back into
the one claim record (:class:`~kg.model.claim.Claim`) field by field, by the properties the claim
model declares, so a field added to the declaration is read without touching this module.
``kg build`` prepares the whole projection once (``build/kratom.projection.json``) so ``kg path``
loads it without rdflib or a SPARQL engine.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
import pyoxigraph

from kg.errors import NotBuiltError
from kg.model.claim import FIELDS, Claim, Kind, Stance, typed
from kg.model.grading import UNANNOTATED, Graded, Rules, grade_edge, rules_table
from kg.model.prefixes import VOCABULARY_PREFIXES, compress
from kg.sparql.engine import Engine, OxigraphEngine
from kg.sparql.questions import packaged_query

VOCAB = VOCABULARY_PREFIXES["kg"]
SOURCE_BASE = VOCABULARY_PREFIXES["source"]
#: Relations whose hop blocks rather than activates what it points at.
BLOCKING = frozenset({VOCAB + "antagonistOf", VOCAB + "inhibits"})
#: Weight of an evidence type the ontology gives no rank weight.
DEFAULT_WEIGHT = 0.3
#: IRIs per VALUES block when fetching part of a graph.
BATCH = 400
#: Claim fields by the IRI of their property.
_BY_PROPERTY = {f.iri: f for f in FIELDS}


@dataclass(frozen=True, slots=True)
class Node:
    """An entity as the read model holds it."""

    iri: str
    label: str
    #: The entity's kratom-kg classes, ancestors included (local names, sorted).
    types: tuple[str, ...]
    identifier: str = ""
    synonyms: tuple[str, ...] = ()
    #: Standard identifiers as CURIEs.
    xrefs: tuple[str, ...] = ()
    #: The pages the identifiers were confirmed on.
    confirmed_at: tuple[str, ...] = ()
    description: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the entity is found by: label, identifier, synonyms and identifiers."""
        return tuple(dict.fromkeys(n for n in (self.label, self.identifier, *self.synonyms,
                                                *self.xrefs) if n))


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A source as a citation beside a claim."""

    id: str
    citation: str
    title: str = ""
    year: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""

    @property
    def identifier(self) -> str:
        """How the source is cited by identifier: ``doi:…``, ``PMID:…`` or its address."""
        return f"doi:{self.doi}" if self.doi else f"PMID:{self.pmid}" if self.pmid else self.url


@dataclass
class Projection:
    """The entities (by IRI), sources (by id), relation labels, vocabulary labels, evidence
    weights and claims of a graph; JSON-ready."""

    nodes: dict[str, Node] = field(default_factory=dict)
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    relations: dict[str, str] = field(default_factory=dict)
    #: Concept class local name → notation → preferred label.
    concepts: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Evidence type notation → rank weight.
    weights: dict[str, float] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    #: Relation IRI → its path role and the evidence that bears on it.
    rules: dict[str, Rules] = field(default_factory=dict)
    #: Evidence grade notation → the score a hop of that grade contributes to path ranking.
    grade_scores: dict[str, float] = field(default_factory=dict)
    #: Measure notations whose values are relative to a comparator (effect measures, Emax).
    comparative: frozenset[str] = frozenset()
    #: Relation IRI → the IRI of its inverse (found in → contains), where the ontology has one.
    inverses: dict[str, str] = field(default_factory=dict)

    @cached_property
    def edges(self) -> dict[tuple[str, str], list[Claim]]:
        """The claims grouped by (subject, object)."""
        grouped: dict[tuple[str, str], list[Claim]] = {}
        for claim in self.claims:
            grouped.setdefault((claim.subject, claim.object), []).append(claim)
        return grouped

    @cached_property
    def grades(self) -> dict[tuple[str, str, str], Graded]:
        """The evidence grade of every (subject, relation, object) triple the claims are about."""
        by_triple: dict[tuple[str, str, str], list[Claim]] = {}
        for claim in self.claims:
            by_triple.setdefault((claim.subject, claim.predicate, claim.object), []).append(claim)
        return {triple: self.grade(claims) for triple, claims in by_triple.items()}

    def grade(self, claims: Sequence[Claim]) -> Graded:
        """The grade of the claims about one triple (all of them, or a filtered selection)."""
        first = claims[0]
        node = self.nodes.get(first.object)
        return grade_edge(claims, self.rule(first.predicate), node.types if node else (),
                          comparative=self.comparative)

    def rule(self, relation: str) -> Rules:
        """The rules of a relation (:data:`~kg.model.grading.UNANNOTATED` where the ontology
        gives none)."""
        return self.rules.get(relation, UNANNOTATED)

    def score(self, graded: Graded) -> float:
        """The ranking score of a grade (docs/grading.md)."""
        return self.grade_scores.get(graded.grade, 0.0)

    def walked_as(self, relation: str, *, forward: bool) -> str:
        """How a hop over ``relation`` reads: its label, or walked against its direction, its
        inverse's label (found in → contains) or ``relation (backwards)``."""
        label = self.relations.get(relation, local_name(relation))
        if forward:
            return label
        inverse = self.inverses.get(relation)
        return self.relations.get(inverse, "") if inverse else f"{label} (backwards)"

    def label(self, iri: str) -> str:
        """An entity's label, or the local name of an IRI the projection does not hold."""
        node = self.nodes.get(iri)
        return node.label if node else local_name(iri)

    def weight(self, claim: Claim) -> float:
        """The rank weight of the claim's evidence type."""
        return self.weights.get(claim.evidence, DEFAULT_WEIGHT)

    def name(self, field_name: str, value: str) -> str:
        """How a claim field's value is shown: an entity or relation by its label, a concept by
        its preferred label, anything else as it is (a :data:`~kg.model.claim.Namer`)."""
        declared = _FIELDS_BY_NAME.get(field_name)
        if declared is not None and declared.scheme:
            return self.concepts.get(declared.scheme, {}).get(value, value)
        if value in self.nodes:
            return self.nodes[value].label
        return self.relations.get(value, value)

    # -- persistence -------------------------------------------------------------------------

    def to_json(self) -> bytes:
        """Deterministic JSON (sorted keys, claims in IRI order)."""
        document = {
            "nodes": {iri: asdict(n) for iri, n in sorted(self.nodes.items())},
            "sources": {sid: asdict(s) for sid, s in sorted(self.sources.items())},
            "relations": self.relations,
            "concepts": self.concepts,
            "weights": self.weights,
            "claims": [_claim_record(c) for c in sorted(self.claims, key=lambda c: c.id)],
            "rules": {iri: {"role": r.role, "direct": sorted(r.direct),
                            "supportive": sorted(r.supportive),
                            "needs_comparison": r.needs_comparison}
                      for iri, r in sorted(self.rules.items())},
            "grade_scores": self.grade_scores,
            "comparative": sorted(self.comparative),
            "inverses": self.inverses,
        }
        return (json.dumps(document, sort_keys=True, ensure_ascii=False, indent=0) + "\n").encode()

    @classmethod
    def from_json(cls, data: bytes | str) -> Projection:
        document = json.loads(data)
        nodes = {iri: Node(**{k: tuple(v) if isinstance(v, list) else v for k, v in n.items()})
                 for iri, n in document["nodes"].items()}
        sources = {sid: SourceInfo(**s) for sid, s in document["sources"].items()}
        claims = [_claim_from_record(r) for r in document["claims"]]
        return cls(nodes, sources, document["relations"], document["concepts"],
                   document["weights"], claims, rules_table(document["rules"]),
                   document["grade_scores"], frozenset(document["comparative"]),
                   document["inverses"])

    # -- networkx ----------------------------------------------------------------------------

    def to_networkx(self) -> nx.DiGraph:
        """A DiGraph with one edge per (subject, object) pair that a claim supports; each edge
        holds the pair's claims (``claims``) and each node its label and classes."""
        graph = nx.DiGraph()
        for iri, node in self.nodes.items():
            graph.add_node(iri, label=node.label, types=node.types)
        for (s, o), claims in self.edges.items():
            if any(c.supports for c in claims) and s in graph and o in graph:
                graph.add_edge(s, o, claims=claims)
        return graph


_FIELDS_BY_NAME = {f.name: f for f in FIELDS}


def _claim_record(claim: Claim) -> dict[str, Any]:
    """A claim as JSON: its IRI and every given field, values as their text."""
    record: dict[str, Any] = {"id": claim.id}
    for f, value in claim.given():
        record[f.name] = list(value) if f.many else str(value)  # type: ignore[call-overload]
    return record


def _claim_from_record(record: Mapping[str, Any]) -> Claim:
    values = {name: (tuple(v) if _FIELDS_BY_NAME[name].many else typed(_FIELDS_BY_NAME[name], v))
              for name, v in record.items() if name != "id"}
    return Claim(id=record["id"], **values)


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``/`` or ``#``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# ------------------------------------------------------------------------------------ reading


def build_projection(engine: Engine, *, only: Iterable[str] | None = None,
                     extra_nodes: Iterable[str] = ()) -> Projection:
    """Read the projection from any engine holding a graph built to the ontology: the whole
    graph, or with ``only`` just those entities and the claims among them (plus the node records
    of ``extra_nodes``), fetched in batches so a large graph never has to leave its store."""
    keep = None if only is None else sorted(set(only))
    restrict = {"projection-nodes": "node", "projection-claims": "s"}

    def rows(name: str, iris: list[str] | None = None) -> list[dict[str, str | None]]:
        text = packaged_query(name)
        if iris is None and (keep is None or name not in restrict):
            return engine.run(text).records()
        chosen = iris if iris is not None else (keep or [])
        if name == "projection-claims" and keep is not None and len(keep) <= BATCH:
            # claims among the entities only: their objects too are bound, so a hub's claims
            # about entities outside the part are not fetched
            text = with_values(text, "o", keep)
        out: list[dict[str, str | None]] = []
        for start in range(0, len(chosen), BATCH):
            out += engine.run(with_values(text, restrict.get(name, "source"),
                                          chosen[start:start + BATCH])).records()
        return out

    relations: dict[str, str] = {}
    rules: dict[str, Rules] = {}
    inverses: dict[str, str] = {}
    for row in rows("projection-relations"):
        relations[str(row["relation"])] = str(row["label"])
        if row["inverse"]:
            inverses[str(row["relation"])] = str(row["inverse"])
        rules[str(row["relation"])] = Rules(
            str(row["role"] or UNANNOTATED.role), frozenset(_split(row["direct"])),
            frozenset(_split(row["supportive"])), row["comparison"] == "true")
    concepts: dict[str, dict[str, str]] = {}
    weights: dict[str, float] = {}
    scores: dict[str, float] = {}
    comparative: set[str] = set()
    for row in rows("projection-concepts"):
        scheme, notation = local_name(str(row["class"])), str(row["notation"])
        concepts.setdefault(scheme, {})[notation] = str(row["label"] or notation)
        if row["weight"] is not None:
            weights[notation] = float(str(row["weight"]))
        if row["score"] is not None:
            scores[notation] = float(str(row["score"]))
        if row["comparative"] == "true":
            comparative.add(notation)
    claims = [c for c in _claims(rows("projection-claims")) if c.predicate in relations]
    if keep is None:
        node_rows = rows("projection-nodes")
    else:
        members = set(keep)
        claims = [c for c in claims if c.object in members]
        # Entities the claims name besides their ends (an enzyme, an entity comparator) too.
        named = {str(v) for c in claims for f, v in c.given()
                 if f.kind in (Kind.ENTITY, Kind.ENTITY_OR_TEXT) and str(v).startswith("http")}
        node_rows = rows("projection-nodes", sorted({*keep, *extra_nodes, *named}))
    nodes = {str(r["node"]): _node(r) for r in node_rows}
    if keep is not None:
        cited = sorted({SOURCE_BASE + quote(s, safe="") for c in claims for s in c.sources})
        source_rows = rows("projection-sources", cited) if cited else []
    else:
        source_rows = rows("projection-sources")
    sources = {str(r["id"]): SourceInfo(**{k: str(v) for k, v in r.items() if v is not None})
               for r in source_rows}
    return Projection(nodes, sources, relations, concepts, weights, claims, rules, scores,
                      frozenset(comparative), inverses)


def _node(row: Mapping[str, str | None]) -> Node:
    return Node(
        iri=str(row["node"]), label=str(row["label"]),
        types=tuple(sorted(t[len(VOCAB):] for t in _split(row["types"]))),
        identifier=str(row["identifier"] or ""),
        synonyms=tuple(sorted(_split(row["synonyms"]))),
        xrefs=tuple(sorted(compress(x) for x in _split(row["xrefs"]))),
        confirmed_at=tuple(sorted(_split(row["confirmed_at"]))),
        description=str(row["description"] or ""),
    )


def _claims(rows: Iterable[Mapping[str, str | None]]) -> list[Claim]:
    """Claims from ``(claim, property, value, code)`` rows: each row one value of one declared
    field (``code`` is a concept's notation or a source's identifier). Claims a graph holds
    without the fields every claim needs (a foreign or damaged graph) are left out."""
    values: dict[str, dict[str, Any]] = {}
    for row in rows:
        f = _BY_PROPERTY.get(str(row["property"]))
        if f is None:
            continue
        text = str(row["code"]) if f.kind in (Kind.CONCEPT, Kind.SOURCES) and row["code"] \
            else str(row["value"])
        claim = values.setdefault(str(row["claim"]), {})
        if f.many:
            claim.setdefault(f.name, []).append(text)
        else:
            claim.setdefault(f.name, text)
    out = []
    for iri, fields in sorted(values.items()):
        try:
            out.append(Claim(id=iri, **{
                name: tuple(sorted(v)) if _FIELDS_BY_NAME[name].many else
                typed(_FIELDS_BY_NAME[name], v) for name, v in fields.items()}))
        except (TypeError, ValueError):
            continue
    return out


def with_values(text: str, variable: str, iris: Sequence[str]) -> str:
    """``text`` with ``VALUES ?variable { <iri> … }`` as the first pattern of its WHERE clause."""
    values = " ".join(f"<{iri}>" for iri in iris)
    head, marker, tail = text.partition("WHERE {")
    if not marker:
        raise ValueError("query has no WHERE clause")
    return f"{head}WHERE {{ VALUES ?{variable} {{ {values} }}{tail}"


def load_projection(path: Path) -> Projection:
    """The projection prepared by ``kg build``."""
    if not path.is_file():
        raise NotBuiltError(f"{path} not found; run `kg build` first")
    return Projection.from_json(path.read_bytes())


def projection_json(ntriples: bytes) -> bytes:
    """The whole projection of a built graph (its N-Triples), as ``kg build`` writes it so that
    ``kg path`` does not recompute it per call."""
    store = pyoxigraph.Store()
    store.load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return build_projection(OxigraphEngine(store)).to_json()


def supported(claims: Iterable[Claim]) -> list[Claim]:
    """The claims that support their edge."""
    return [c for c in claims if c.stance is Stance.SUPPORTS]


def _split(text: str | None) -> list[str]:
    return [part for part in (text or "").split("|") if part]
