"""Writes query results in the formats people and programs expect, through one registry keyed by
format name: an aligned table for people; CSV, TSV, JSON and XML as in the W3C SPARQL 1.1 Query
Results formats; Turtle, N-Triples and JSON-LD for graph results."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph

from kg.errors import QueryError
from kg.model.prefixes import VOCABULARY_PREFIXES, compress
from kg.sparql.engine import Result

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(text: str) -> str:
    """Text made safe for XML element content (xml.sax.saxutils would pull in urllib.request,
    which costs more start-up time than the whole query)."""
    return text.translate(_XML_ESCAPES)


def quoteattr(text: str) -> str:
    """Text as a double-quoted XML attribute value."""
    return f'"{escape(text)}"'
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, slots=True)
class Format:
    """One output format: its media type, which result kinds it can write, and the writer."""

    name: str
    media_type: str
    kinds: frozenset[str]
    write: Callable[[Result], bytes]


def _term_kind(term: object) -> str:
    if isinstance(term, pyoxigraph.NamedNode):
        return "uri"
    if isinstance(term, pyoxigraph.BlankNode):
        return "bnode"
    return "literal"


# ------------------------------------------------------------------ W3C SPARQL results formats


def write_json(result: Result) -> bytes:
    """SPARQL 1.1 Query Results JSON Format."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}).encode()
    bindings = []
    for row in result.rows:
        binding: dict[str, dict[str, str]] = {}
        for var in result.variables:
            term = row.get(var)
            if term is None:
                continue
            kind = _term_kind(term)
            entry = {"type": kind, "value": term.value}  # type: ignore[attr-defined]
            if kind == "literal":
                if term.language:  # type: ignore[attr-defined]
                    entry["xml:lang"] = term.language  # type: ignore[attr-defined]
                elif term.datatype.value != _XSD_STRING:  # type: ignore[attr-defined]
                    entry["datatype"] = term.datatype.value  # type: ignore[attr-defined]
            binding[var] = entry
        bindings.append(binding)
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode()


def write_xml(result: Result) -> bytes:
    """SPARQL Query Results XML Format (second edition)."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
           "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for var in result.variables:
                term = row.get(var)
                if term is None:
                    continue
                value = escape(term.value)  # type: ignore[attr-defined]
                kind = _term_kind(term)
                if kind == "uri":
                    inner = f"<uri>{value}</uri>"
                elif kind == "bnode":
                    inner = f"<bnode>{value}</bnode>"
                elif term.language:  # type: ignore[attr-defined]
                    inner = f"<literal xml:lang={quoteattr(term.language)}>{value}</literal>"  # type: ignore[attr-defined]
                elif term.datatype.value != _XSD_STRING:  # type: ignore[attr-defined]
                    datatype = quoteattr(term.datatype.value)  # type: ignore[attr-defined]
                    inner = f"<literal datatype={datatype}>{value}</literal>"
                else:
                    inner = f"<literal>{value}</literal>"
                out.append(f"<binding name={quoteattr(var)}>{inner}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return ("\n".join(out) + "\n").encode()


def write_csv(result: Result) -> bytes:
    """SPARQL 1.1 Query Results CSV: plain values, RFC 4180 quoting, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
    else:
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_csv_value(row.get(v)) for v in result.variables])
    return buffer.getvalue().encode()


def _csv_value(term: object) -> str:
    if term is None:
        return ""
    if _term_kind(term) == "bnode":
        return f"_:{term.value}"  # type: ignore[attr-defined]
    return str(term.value)  # type: ignore[attr-defined]


def write_tsv(result: Result) -> bytes:
    """SPARQL 1.1 Query Results TSV: terms in Turtle/N-Triples syntax, ``?var`` header."""
    if result.kind == "ask":
        return f"?boolean\n{'true' if result.boolean else 'false'}\n".encode()
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if row.get(v) is None else str(row[v]) for v in result.variables))
    return ("\n".join(lines) + "\n").encode()


# ------------------------------------------------------------------------------ for people


def _readable(term: object) -> str:
    if term is None:
        return ""
    if _term_kind(term) == "uri":
        return compress(term.value)  # type: ignore[attr-defined]
    if _term_kind(term) == "bnode":
        return f"_:{term.value}"  # type: ignore[attr-defined]
    return " ".join(str(term.value).split())  # type: ignore[attr-defined]


def write_table(result: Result) -> bytes:
    """An aligned text table (IRIs shortened to CURIEs), with a row count."""
    if result.kind == "ask":
        return b"yes\n" if result.boolean else b"no\n"
    if result.kind == "graph":
        rows = [[_readable(t.subject), _readable(t.predicate), _readable(t.object)]  # type: ignore[attr-defined]
                for t in result.triples]
        header = ["subject", "predicate", "object"]
    else:
        header = list(result.variables)
        rows = [[_readable(row.get(v)) for v in header] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    count = len(rows)
    lines.append(f"({count} {'row' if count == 1 else 'rows'})")
    return ("\n".join(lines) + "\n").encode()


# ------------------------------------------------------------------------------ graph results


def _rdf_writer(format_name: str) -> Callable[[Result], bytes]:
    def write(result: Result) -> bytes:
        fmt = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
               "jsonld": pyoxigraph.RdfFormat.JSON_LD}[format_name]
        triples = sorted(result.triples, key=str)
        prefixes = VOCABULARY_PREFIXES if format_name != "nt" else None
        return pyoxigraph.serialize(triples, format=fmt, prefixes=prefixes)

    return write


SOLUTION_KINDS = frozenset({"select", "ask"})
GRAPH_KINDS = frozenset({"graph"})

#: Every output format by its name.
FORMATS: dict[str, Format] = {
    f.name: f for f in (
        Format("table", "text/plain; charset=utf-8", SOLUTION_KINDS | GRAPH_KINDS, write_table),
        Format("json", "application/sparql-results+json", SOLUTION_KINDS, write_json),
        Format("xml", "application/sparql-results+xml", SOLUTION_KINDS, write_xml),
        Format("csv", "text/csv; charset=utf-8", SOLUTION_KINDS, write_csv),
        Format("tsv", "text/tab-separated-values; charset=utf-8", SOLUTION_KINDS, write_tsv),
        Format("ttl", "text/turtle", GRAPH_KINDS, _rdf_writer("ttl")),
        Format("nt", "application/n-triples", GRAPH_KINDS, _rdf_writer("nt")),
        Format("jsonld", "application/ld+json", GRAPH_KINDS, _rdf_writer("jsonld")),
    )
}

#: Other spellings accepted for a format name.
ALIASES = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld", "text": "table"}

#: The format used when none is asked for.
DEFAULTS = {"select": "table", "ask": "table", "graph": "ttl"}


def format_for(name: str | None, kind: str) -> Format:
    """The format called ``name`` (normalised), checked against the result kind."""
    key = DEFAULTS[kind] if name is None else ALIASES.get(name.lower(), name.lower())
    fmt = FORMATS.get(key)
    if fmt is None:
        raise QueryError(f"unknown format '{name}'; expected one of {', '.join(FORMATS)}")
    if kind not in fmt.kinds:
        what = "graph (CONSTRUCT/DESCRIBE)" if kind == "graph" else "SELECT/ASK"
        usable = ", ".join(n for n, f in FORMATS.items() if kind in f.kinds)
        raise QueryError(f"format '{key}' cannot hold {what} results; use one of {usable}")
    return fmt


def render(result: Result, name: str | None = None) -> bytes:
    """``result`` written in format ``name`` (default: table, or Turtle for graphs)."""
    return format_for(name, result.kind).write(result)
