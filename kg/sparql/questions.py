"""The catalogue of ready questions: SPARQL files in ``queries/`` with a header that says what
each asks, which parameters it takes (with an example) and what it returns.

Header lines start with ``#+``::

    #+ summary: Molecular targets of a compound, with affinities and sources.
    #+ param compound: entity = mitragynine -- the compound (identifier, label or synonym)
    #+ returns: target, relation, value, unit, source
    #+ tags: compounds, targets
    #+ graph: compound -> target

``graph`` (optional) marks a question worth seeing as a graph: each ``a -> b`` pair names two
result columns holding entity labels, and ``kg render`` draws the graph's edges between the
entities of each row (columns in the order first named are the layers of its page, left to right).

A parameter is a variable of the query that is bound before it runs (never pasted into the text).
Its type says how a value is turned into an RDF term: ``entity`` (looked up by identifier, label or
synonym), ``concept`` (a controlled-vocabulary notation such as ``Ki``), ``string``, ``date``,
``decimal``, ``integer`` or ``iri``. A parameter of a SELECT query must appear in its SELECT list
(pyoxigraph binds by substitution of projected variables).

Writing queries: the embedded engine largely follows the written order of patterns, so required
patterns (labels included) come before OPTIONAL blocks; ``scripts/bench_sparql.py`` shows the cost
of each catalogue query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.errors import CatalogueError, QueryNotFound
from kg.model.names import did_you_mean

PARAM_TYPES = ("entity", "concept", "string", "date", "decimal", "integer", "iri")
#: ``NAME: TYPE = EXAMPLE -- doc``; a concept parameter may name its vocabulary, as
#: ``concept:EvidenceGrade``, where a notation is shared by two vocabularies.
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>\w+)(?::(?P<scheme>[A-Z]\w*))?\s*"
                    r"(?:=\s*(?P<example>.*?))?\s*(?:--\s*(?P<doc>.*))?$")


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a catalogue query."""

    name: str
    type: str
    example: str
    doc: str


@dataclass(frozen=True, slots=True)
class CatalogueQuery:
    """A catalogue query: its name (file stem), header fields and SPARQL text."""

    name: str
    path: Path
    summary: str
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    tags: tuple[str, ...]
    text: str
    graph: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> Param | None:
        """The parameter called ``name``, or None."""
        return next((p for p in self.params if p.name == name), None)

    @property
    def example_args(self) -> dict[str, str]:
        """Every parameter with its documented example value."""
        return {p.name: p.example for p in self.params}


def read_query(path: Path) -> CatalogueQuery:
    """Parse one ``.rq`` file's header; raises :class:`CatalogueError` naming file and line."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Param] = []
    graph: tuple[tuple[str, str], ...] = ()
    graph_line = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            continue
        body = line[2:].strip()
        if body.startswith("param "):
            key, sep, value = "param", ":", body[len("param "):]
        else:
            key, sep, value = body.partition(":")
        if not sep:
            raise CatalogueError(f"{path}:{number}: header line needs 'key: value'")
        key, value = key.strip(), value.strip()
        if key == "param":
            match = _PARAM.match(value)
            if not match or match["type"] not in PARAM_TYPES or \
                    (match["scheme"] and match["type"] != "concept"):
                raise CatalogueError(
                    f"{path}:{number}: malformed parameter; expected 'param NAME: TYPE = EXAMPLE "
                    f"-- description' with TYPE one of {', '.join(PARAM_TYPES)} "
                    "(concept:Vocabulary names a concept's vocabulary)")
            kind = f"{match['type']}:{match['scheme']}" if match["scheme"] else match["type"]
            params.append(Param(match["name"], kind, (match["example"] or "").strip(),
                                (match["doc"] or "").strip()))
        elif key in ("summary", "returns", "tags"):
            fields[key] = value
        elif key == "graph":
            graph = _pairs(value)
            if graph is None:
                raise CatalogueError(f"{path}:{number}: malformed graph; expected "
                                     "'graph: COLUMN -> COLUMN, COLUMN -> COLUMN'")
            graph_line = number
        else:
            raise CatalogueError(f"{path}:{number}: unknown header field '{key}' "
                                 "(expected summary, param, returns, tags, graph)")
    if "summary" not in fields:
        raise CatalogueError(f"{path}:1: missing '#+ summary:' header")
    for param in params:
        if not re.search(rf"[?$]{param.name}\b", text):
            raise CatalogueError(f"{path}: parameter '{param.name}' is not a variable of the query")
    returns = _words(fields.get("returns", ""))
    unknown = sorted({c for pair in graph for c in pair} - set(returns))
    if unknown:
        raise CatalogueError(f"{path}:{graph_line}: graph names {', '.join(unknown)}, which the "
                             "'returns' header does not list")
    return CatalogueQuery(
        name=path.stem, path=path, summary=fields["summary"], params=tuple(params),
        returns=returns, tags=_words(fields.get("tags", "")), text=text, graph=graph,
    )


def read_catalogue(folder: Path) -> dict[str, CatalogueQuery]:
    """Every query in ``folder`` by name, in name order."""
    if not folder.is_dir():
        raise CatalogueError(f"{folder}: query catalogue not found")
    return {q.name: q for q in (read_query(p) for p in sorted(folder.glob("*.rq")))}


def find_query(folder: Path, name: str) -> CatalogueQuery:
    """The catalogue query called ``name`` (reading only its file), with a suggestion when there
    is none."""
    path = folder / f"{name}.rq"
    if path.is_file() and "/" not in name:
        return read_query(path)
    names = [p.stem for p in sorted(folder.glob("*.rq"))]
    raise QueryNotFound(f"no catalogue query named '{name}'{did_you_mean(name, names)}; "
                        "`kg query --list` shows them")


def _pairs(text: str) -> tuple[tuple[str, str], ...] | None:
    pairs = []
    for part in _words(text):
        left, arrow, right = part.partition("->")
        if not arrow or not left.strip() or not right.strip():
            return None
        pairs.append((left.strip(), right.strip()))
    return tuple(pairs) or None


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split(",") if w.strip())


def packaged_query(name: str) -> str:
    """The text of a SPARQL file shipped inside the package (``kg/packaged_queries/<name>.rq``):
    the queries the read model, the statistics and the site run."""
    return (resources.files("kg") / "packaged_queries" / f"{name}.rq").read_text(encoding="utf-8")
