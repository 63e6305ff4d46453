"""`kg serve` end to end with a real SPARQL client (SPARQLWrapper) on loopback."""

from __future__ import annotations

import http.client
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, N3, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from conftest import running_server
from kg.serve.server import SparqlServer

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(mini_graph: Path) -> Iterator[SparqlServer]:
    with running_server(mini_graph, timeout=2.0, rows=500, body_bytes=4096) as srv:
        yield srv


def client(server: SparqlServer, query: str, fmt: str = JSON,
           method: str = "GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


def raw(server: SparqlServer, method: str, path: str, body: bytes | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, response.getheader("Content-Type") or "", payload


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_in_json_and_xml(server: SparqlServer, method: str) -> None:
    query = "SELECT ?c WHERE { ?c a kg:Alkaloid } ORDER BY ?c"
    data = client(server, query, JSON, method).queryAndConvert()
    assert [b["c"]["value"].rsplit("/", 1)[1] for b in data["results"]["bindings"]] == [
        "compound-a", "compound-b"]
    document = client(server, query, XML, method).queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert [u.rsplit("/", 1)[1] for u in uris] == ["compound-a", "compound-b"]


def test_select_in_csv_and_tsv(server: SparqlServer) -> None:
    query = "SELECT ?label WHERE { ?c a kg:Alkaloid ; rdfs:label ?label } ORDER BY ?label"
    csv_text = client(server, query, CSV).queryAndConvert().decode()
    assert csv_text.splitlines() == ["label", "compound A", "compound B"]
    tsv_text = client(server, query, TSV).queryAndConvert().decode()
    assert tsv_text.splitlines() == ["?label", '"compound A"', '"compound B"']


def test_ask(server: SparqlServer) -> None:
    assert client(server, "ASK { entity:compound-a kg:inhibits entity:ENZA }").queryAndConvert()[
        "boolean"] is True
    assert client(server, "ASK { entity:compound-b kg:inhibits ?x }").queryAndConvert()[
        "boolean"] is False


@pytest.mark.parametrize("fmt", [TURTLE, N3])
def test_construct_returns_rdf(server: SparqlServer, fmt: str) -> None:
    sparql = client(server, "CONSTRUCT { ?s kg:partOf ?o } WHERE { ?s kg:partOf ?o }", fmt)
    graph = sparql.queryAndConvert()
    if isinstance(graph, bytes):
        from rdflib import Graph

        graph = Graph().parse(data=graph, format="turtle")
    assert len(graph) == 1


def test_update_is_refused(server: SparqlServer) -> None:
    status, _, body = raw(server, "POST", "/sparql", b"INSERT DATA { <a:b> <a:c> <a:d> }",
                          {"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    form = urllib.parse.urlencode({"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}).encode()
    status, _, _ = raw(server, "POST", "/sparql", form,
                       {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    status, _, body = raw(server, "GET", "/sparql?query=" + urllib.parse.quote(
        "INSERT DATA { <a:b> <a:c> <a:d> }"))
    assert status == 403


def test_service_and_from_are_refused(server: SparqlServer) -> None:
    for query in ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                  "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"):
        status, _, body = raw(server, "GET", "/sparql?query=" + urllib.parse.quote(query))
        assert status == 403 and b"refused" in body


def test_malformed_query_is_400_with_the_parser_message(server: SparqlServer) -> None:
    with pytest.raises(QueryBadFormed):
        client(server, "SELECT * WHERE { ?s ?p }").queryAndConvert()
    status, _, body = raw(server, "GET", "/sparql?query=" + urllib.parse.quote(
        "SELECT * WHERE {\n ?s ?p }"))
    assert status == 400 and b"syntax error at 2:" in body


def test_slow_query_is_stopped_while_others_are_answered(server: SparqlServer) -> None:
    quick = "ASK { entity:compound-a kg:inhibits entity:ENZA }"
    with ThreadPoolExecutor(max_workers=2) as pool:
        slow = pool.submit(raw, server, "GET", "/sparql?query=" + urllib.parse.quote(SLOW))
        time.sleep(0.3)
        started = time.monotonic()
        answer = client(server, quick).queryAndConvert()
        assert answer["boolean"] is True
        assert time.monotonic() - started < 1.5  # not queued behind the slow query
        status, _, body = slow.result(timeout=30)
    assert status == 503 and b"s limit and was stopped" in body
    # the killed worker is replaced: the endpoint keeps answering
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if client(server, quick).queryAndConvert()["boolean"]:
            break
    assert client(server, quick).queryAndConvert()["boolean"] is True


def test_result_and_body_limits(server: SparqlServer) -> None:
    status, _, body = raw(server, "GET", "/sparql?query=" + urllib.parse.quote(
        "SELECT * WHERE { ?s ?p ?o }"))
    assert status == 413 and b"more than 500 rows" in body
    big = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * 5000
    status, _, _ = raw(server, "POST", "/sparql", big,
                       {"Content-Type": "application/sparql-query"})
    assert status == 413


def test_protocol_errors(server: SparqlServer) -> None:
    assert raw(server, "PUT", "/sparql", b"")[0] == 405
    assert raw(server, "GET", "/sparql")[0] == 400
    assert raw(server, "GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D")[0] == 400
    assert raw(server, "GET", "/sparql?query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fx")[0] == 400
    assert raw(server, "POST", "/sparql", b"ASK {}", {"Content-Type": "text/plain"})[0] == 415
    assert raw(server, "GET", "/nowhere")[0] == 404


def test_catalogue_queries_over_http(server: SparqlServer) -> None:
    status, media, body = raw(server, "GET", "/catalogue/target-ligands?target=RECA&measure=Ki",
                              headers={"Accept": "text/csv"})
    assert status == 200 and media.startswith("text/csv")
    assert body.decode().splitlines()[0].startswith("target,measure,compound")
    status, _, body = raw(server, "GET", "/catalogue/target-ligands?target=nope&measure=Ki")
    assert status == 400 and b"no entity named 'nope'" in body
    assert raw(server, "GET", "/catalogue/no-such-query")[0] == 404


def test_query_page_is_self_contained(server: SparqlServer) -> None:
    status, media, body = raw(server, "GET", "/")
    assert status == 200 and media.startswith("text/html")
    page = body.decode()
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert "<script src" not in page and "<link" not in page


def test_foreign_host_and_cross_origin_requests_are_refused(server: SparqlServer) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 must not read the graph."""
    status, _, body = raw(server, "GET", "/sparql?query=ASK%7B%7D",
                          headers={"Host": "evil.example:7879"})
    assert status == 403 and b"not served here" in body
    host, port = server.server_address[:2]
    status, _, body = raw(server, "GET", "/sparql?query=ASK%7B%7D",
                          headers={"Origin": "http://evil.example"})
    assert status == 403 and b"cross-origin" in body
    same = raw(server, "GET", "/sparql?query=ASK%7B%7D",
               headers={"Origin": f"http://{host}:{port}"})
    assert same[0] == 200


HOSTILE_QUERIES = {
    # Property paths over every relation in both directions, joined four ways: cut off (503).
    "property paths": (503, "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x:p>|!<urn:x:q>)* ?b . "
                            "?b (!<urn:x:q>|^!<urn:x:q>)* ?c . ?c (!<urn:x:q>)* ?d . ?d ?e ?f }"),
    # A regular expression tried on every triple of literals: cut off (503).
    "regex on a cross product": (503, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . "
                                      "?c ?r ?z FILTER(REGEX(CONCAT(STR(?x), STR(?y), STR(?z)), "
                                      "'^(a|aa|aaa)*(b|c)+.*(d|e)*$')) }"),
    # Group patterns nested 20,000 deep: the engine's parser runs out of stack and its process
    # dies; the worker is replaced and the client told (400).
    "deep nesting": (400, "SELECT (COUNT(*) AS ?n) WHERE " + "{ " * 20000 + "?s ?p ?o "
                          + "} " * 20000),
}


@pytest.fixture(scope="module")
def roomy_server(mini_graph: Path) -> Iterator[SparqlServer]:
    """A server whose body limit admits the long hostile queries."""
    with running_server(mini_graph, timeout=2.0, rows=500, body_bytes=1_000_000) as srv:
        yield srv


@pytest.mark.parametrize("name", sorted(HOSTILE_QUERIES))
def test_hostile_queries_are_cut_off_and_the_server_stays_up(roomy_server: SparqlServer,
                                                             name: str) -> None:
    expected, query = HOSTILE_QUERIES[name]
    started = time.monotonic()
    status, _, body = raw(roomy_server, "POST", "/sparql", query.encode(),
                          {"Content-Type": "application/sparql-query"})
    assert status == expected, (status, body[:200])
    assert body.strip(), "every refusal carries a message"
    assert time.monotonic() - started < 15
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if client(roomy_server, "ASK { ?s ?p ?o }").queryAndConvert()["boolean"]:
                break
        except Exception:  # a worker being replaced; try again
            time.sleep(0.2)
    assert client(roomy_server, "ASK { ?s ?p ?o }").queryAndConvert()["boolean"] is True
