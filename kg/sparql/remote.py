"""Talks to SPARQL endpoints over HTTP: queries any SPARQL 1.1 endpoint (Protocol), and publishes
the built graph to a Graph Store (Graph Store HTTP Protocol), so the same catalogue runs against a
deployment that outgrows one process (Oxigraph server, Fuseki, GraphDB, Virtuoso …)."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph

from kg.errors import EndpointError
from kg.graph.store import require
from kg.progress import ReadProgress
from kg.sparql.engine import DEFAULT_ROW_LIMIT, QueryError, Result, ResultTooLarge, inline_values, prologue

ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, "
          "text/turtle;q=0.8")


class RemoteEngine:
    """Sends queries to a SPARQL 1.1 Protocol endpoint and reads the standard result formats."""

    name = "remote"

    def __init__(self, url: str, *, timeout: float = 60.0) -> None:
        self.url = url
        self.timeout = timeout

    def run(self, text: str, bindings: Mapping[str, object] | None = None, *,
            limit: int = DEFAULT_ROW_LIMIT) -> Result:
        body = prologue(text) + inline_values(text, bindings or {})
        request = urllib.request.Request(
            self.url, data=body.encode(), method="POST",
            headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                media = response.headers.get_content_type()
                payload = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace").strip()[:500]
            raise QueryError(f"{self.url} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise EndpointError(f"{self.url}: cannot reach the endpoint ({exc})") from None
        if media in ("application/sparql-results+json", "application/json"):
            parsed = pyoxigraph.parse_query_results(
                payload, format=pyoxigraph.QueryResultsFormat.JSON)
            if isinstance(parsed, pyoxigraph.QueryBoolean):
                return Result("ask", boolean=bool(parsed))
            variables = [v.value for v in parsed.variables]
            rows = []
            for solution in parsed:
                if len(rows) >= limit:
                    raise ResultTooLarge(f"the result has more than {limit:,} rows")
                rows.append({v: solution[v] for v in variables if solution[v] is not None})
            return Result("select", variables=variables, rows=rows)
        fmt = {"application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
               "text/turtle": pyoxigraph.RdfFormat.TURTLE}.get(media)
        if fmt is None:
            raise EndpointError(f"{self.url} answered with unsupported media type {media}")
        triples = [q.triple for q in pyoxigraph.parse(payload, format=fmt)]
        return Result("graph", triples=triples)


def publish(graph_file: Path, store_url: str, *, timeout: float = 300.0) -> int:
    """Replace the default graph of the Graph Store at ``store_url`` with ``graph_file``
    (N-Triples) by an HTTP PUT; returns the number of bytes sent."""
    body = ReadProgress(require(graph_file), f"sending {graph_file.name}")
    target = store_url + ("&" if "?" in store_url else "?") + "default"
    request = urllib.request.Request(target, data=body, method="PUT",  # type: ignore[arg-type]
                                     headers={"Content-Type": "application/n-triples",
                                              "Content-Length": str(len(body))})
    try:
        with body, urllib.request.urlopen(request, timeout=timeout):
            pass
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode(errors="replace").strip()[:500]
        raise EndpointError(f"{store_url} refused the graph ({exc.code}): {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise EndpointError(f"{store_url}: cannot reach the graph store ({exc})") from None
    finally:
        body.close()
    return body.total
