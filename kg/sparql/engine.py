"""Runs SPARQL 1.1 queries against the graph: on the embedded pyoxigraph store (default), on
rdflib's engine, or on any remote SPARQL endpoint — with the project's prefixes predeclared,
parameters bound as RDF terms (never pasted into the text), and every query checked first so that
nothing reaches outside the graph.

Results come back in one neutral shape (:class:`Result`, holding pyoxigraph terms) whatever the
engine, so every output format and every comparison works the same for all of them. rdflib is
imported only by the functions that use it: every query imports this module, and most never need
rdflib.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, Protocol

import pyoxigraph

from kg.errors import QueryError, QueryRefused, ResultTooLarge
from kg.model.prefixes import VOCABULARY_PREFIXES
from kg.sparql.questions import packaged_query

if TYPE_CHECKING:
    from rdflib import Graph

Kind = Literal["select", "ask", "graph"]

#: Prefixes every query may use without declaring them.
PREFIXES: dict[str, str] = {
    k: v for k, v in VOCABULARY_PREFIXES.items()
    if k in ("kg", "entity", "claim", "source", "check", "rdf", "rdfs", "owl", "xsd", "skos", "dcterms",
             "prov", "schema", "biolink")
}

DEFAULT_ROW_LIMIT = 100_000


# --------------------------------------------------------------------------------- the guard

_TOKEN_PATTERN = (
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}();,.]*)?|:[^\s{}();,.]*)
    | (?P<other>\S)
    """
)


@functools.cache
def tokens() -> re.Pattern[str]:
    """The SPARQL token pattern, compiled on first use (it is costly to compile at import)."""
    return re.compile(_TOKEN_PATTERN, re.VERBOSE | re.DOTALL)

_UPDATE = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_REFUSED = {
    "SERVICE": "SERVICE (federated queries) is refused: this endpoint never makes outbound requests",
    "FROM": "FROM / FROM NAMED is refused: queries run on this graph only",
}
_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


def keywords(text: str) -> Iterator[str]:
    """The bare words of a query in upper case, skipping comments, strings, IRIs, variables and
    prefixed names (so ``?service`` or ``ex:load`` are not mistaken for keywords)."""
    for match in tokens().finditer(text):
        word = match.group("word")
        if word and ":" not in word:
            yield word.upper()


def check(text: str) -> Kind:
    """Refuse updates and anything that reaches outside the graph; returns the query form.

    >>> check("SELECT * WHERE { ?s ?p ?o }")
    'select'
    """
    form: Kind | None = None
    for word in keywords(text):
        if word in _UPDATE:
            raise QueryRefused(f"SPARQL Update ({word}) is refused: this endpoint is read-only")
        if word in _REFUSED:
            raise QueryRefused(_REFUSED[word])
        if form is None and word in _FORMS:
            form = _FORMS[word]  # type: ignore[assignment]
    if form is None:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form


def prologue(text: str) -> str:
    """``PREFIX`` lines for the predeclared prefixes that ``text`` does not declare itself (for
    engines that cannot be given prefixes separately, such as remote endpoints)."""
    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([\w.-]*):", text)}
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)


# ---------------------------------------------------------------------------------- results


@dataclass(slots=True)
class Result:
    """A query's answer: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    kind: Kind
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, object]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[object] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def values(self, variable: str) -> list[str | None]:
        """The plain values (IRI, lexical form) of one variable, row by row."""
        return [_plain(row.get(variable)) for row in self.rows]

    def records(self) -> list[dict[str, str | None]]:
        """Every row as a dict of plain values."""
        return [{v: _plain(row.get(v)) for v in self.variables} for row in self.rows]

    def typed(self) -> list[dict[str, Value]]:
        """Every row as a dict of Python values by datatype (integers as int, decimals as
        Decimal, booleans as bool; IRIs and other literals as text; unbound as None)."""
        return [{v: python_value(row.get(v)) for v in self.variables} for row in self.rows]


def _plain(term: object) -> str | None:
    return None if term is None else str(term.value)  # type: ignore[attr-defined]


Value = str | int | Decimal | float | bool | None

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                                 "positiveInteger", "unsignedInt")}


def python_value(term: object) -> Value:
    """A term as a Python value by its datatype."""
    if term is None:
        return None
    value = str(term.value)  # type: ignore[attr-defined]
    datatype = getattr(getattr(term, "datatype", None), "value", None)
    if datatype in _INTEGERS:
        return int(value)
    if datatype == _XSD + "decimal":
        return Decimal(value)
    if datatype in (_XSD + "double", _XSD + "float"):
        return float(value)
    if datatype == _XSD + "boolean":
        return value == "true"
    return value


def inline_values(text: str, bindings: Mapping[str, object]) -> str:
    """``text`` with an inline ``VALUES`` block for each binding at the start of the query's
    WHERE group, so filters in that group see the bound values (as with pre-binding). Terms are
    written by pyoxigraph in N-Triples syntax, so no value can change the query's structure.
    The embedded store and remote endpoints bind parameters this way: Oxigraph plans its joins
    from a leading ``VALUES`` (a bound entity is looked up, not scanned for), which its
    ``substitutions`` do not do; rdflib keeps its own pre-binding."""
    if not bindings:
        return text
    check(text)
    construct = next(w for w in keywords(text) if w in ("SELECT", "ASK", "CONSTRUCT",
                                                         "DESCRIBE")) == "CONSTRUCT"
    seen_where = False
    for match in tokens().finditer(text):
        word = match.group("word")
        if word and word.upper() == "WHERE":
            seen_where = True
        # A CONSTRUCT's first group is its template; its pattern group follows WHERE.
        if match.group("other") == "{" and (seen_where or not construct):
            block = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in bindings.items())
            return f"{text[:match.end()]} {block} {text[match.end():]}"
    raise QueryError("cannot bind parameters: the query has no WHERE group")


# ---------------------------------------------------------------------------------- engines


class Engine(Protocol):
    """Something that answers SPARQL: the embedded store, rdflib, or a remote endpoint."""

    name: str

    def run(self, text: str, bindings: Mapping[str, object] | None = None, *,
            limit: int = DEFAULT_ROW_LIMIT) -> Result:
        """Run ``text`` (already checked) with ``bindings`` (variable → pyoxigraph term)."""
        ...


class OxigraphEngine:
    """Queries on an embedded pyoxigraph store."""

    name = "oxigraph"

    def __init__(self, store: pyoxigraph.Store, *, base_iri: str | None = None) -> None:
        self.store = store
        self.base_iri = base_iri

    def run(self, text: str, bindings: Mapping[str, object] | None = None, *,
            limit: int = DEFAULT_ROW_LIMIT) -> Result:
        if bindings:
            text = inline_values(text, bindings)
        try:
            answer = self.store.query(text, prefixes=PREFIXES, base_iri=self.base_iri)
        except SyntaxError as exc:
            raise QueryError(f"syntax {exc}") from None
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from None
        if isinstance(answer, pyoxigraph.QueryBoolean):
            return Result("ask", boolean=bool(answer))
        if isinstance(answer, pyoxigraph.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows: list[dict[str, object]] = []
            for solution in answer:
                if len(rows) >= limit:
                    raise ResultTooLarge(f"the result has more than {limit:,} rows; add a LIMIT "
                                         "or narrow the query")
                # A solution iterates its values in the order of the variables (None where
                # unbound): far cheaper than looking each one up by name.
                rows.append({v: x for v, x in zip(variables, solution, strict=True)
                             if x is not None})
            return Result("select", variables=variables, rows=rows)
        triples = []
        for triple in answer:
            if len(triples) >= limit:
                raise ResultTooLarge(f"the result has more than {limit:,} triples; narrow the "
                                     "query")
            triples.append(triple)
        return Result("graph", triples=triples)


class RdflibEngine:
    """Queries on rdflib's own SPARQL engine (slower; kept selectable and cross-checked)."""

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def run(self, text: str, bindings: Mapping[str, object] | None = None, *,
            limit: int = DEFAULT_ROW_LIMIT) -> Result:
        from pyparsing import ParseException
        from rdflib import Namespace, Variable

        init = {Variable(k): to_rdflib(v) for k, v in (bindings or {}).items()}
        try:
            answer = self.graph.query(text, initNs={k: Namespace(v) for k, v in PREFIXES.items()},
                                      initBindings=init)
        except ParseException as exc:
            raise QueryError(f"syntax error at {exc.lineno}:{exc.col}: {exc.msg}") from None
        except Exception as exc:  # rdflib raises many plain exception types while evaluating
            raise QueryError(f"query failed: {exc}") from None
        if answer.type == "ASK":
            return Result("ask", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            variables = [str(v) for v in answer.vars or []]
            rows = []
            for row in answer:
                if len(rows) >= limit:
                    raise ResultTooLarge(f"the result has more than {limit:,} rows; add a LIMIT "
                                         "or narrow the query")
                rows.append({v: from_rdflib(row[i]) for i, v in enumerate(variables)
                             if row[i] is not None})
            return Result("select", variables=variables, rows=rows)
        triples = [_triple(t) for t in answer]
        if len(triples) > limit:
            raise ResultTooLarge(f"the result has more than {limit:,} triples; narrow the query")
        return Result("graph", triples=triples)


def _triple(triple: tuple[object, object, object]) -> object:
    s, p, o = (from_rdflib(t) for t in triple)
    return pyoxigraph.Triple(s, p, o)


def to_rdflib(term: object) -> object:
    """A pyoxigraph term as the equal rdflib term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    assert isinstance(term, pyoxigraph.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)  # rdflib keeps plain and xsd:string literals apart
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def from_rdflib(term: object) -> object:
    """An rdflib term as the equal pyoxigraph term (plain literals become xsd:string)."""
    from rdflib import BNode, URIRef

    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if term.language:  # type: ignore[attr-defined]
        return pyoxigraph.Literal(str(term), language=term.language)  # type: ignore[attr-defined]
    datatype = term.datatype  # type: ignore[attr-defined]
    if datatype is None:
        return pyoxigraph.Literal(str(term))
    return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(datatype)))


def whole_graph(engine: Engine) -> Graph:
    """Every triple ``engine`` holds, as an rdflib ``Graph`` (fetched once, by one CONSTRUCT)."""
    from rdflib import Graph

    out = Graph()
    for t in engine.run(packaged_query("export-all")).triples:
        out.add((to_rdflib(t.subject), to_rdflib(t.predicate),  # type: ignore[attr-defined]
                 to_rdflib(t.object)))  # type: ignore[attr-defined]
    return out
