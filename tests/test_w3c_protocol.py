"""The W3C SPARQL 1.1 Protocol test manifest (../shared/w3c-sparql11-protocol) run against
`kg serve`: query tests and `bad_*` tests must pass; update tests and dataset-parameter tests are
deviations of a read-only, single-graph endpoint, which must answer them with a 4xx refusal.

The manifest lives beside the checkout, not in it: where it is absent (a fresh clone elsewhere)
these tests are skipped with that reason; CI, which has it, sets KG_REQUIRE_W3C so that a
missing manifest fails there instead."""

from __future__ import annotations

import http.client
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF

from conftest import PROJECT, running_server
from kg.serve.server import SparqlServer

MANIFEST_DIR = PROJECT.parent / "shared" / "w3c-sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")

#: Tests a read-only endpoint over one graph does not perform, and why (also in the README).
DEVIATIONS = {
    "dataset": "protocol dataset parameters (default-graph-uri, named-graph-uri) are refused",
    "from": "FROM / FROM NAMED in the query are refused",
    "update": "SPARQL Update is refused (read-only endpoint)",
}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[str]
    fmt: str | None
    boolean: bool | None
    deviation: str | None


def load_cases() -> list[Case]:
    if not (MANIFEST_DIR / "manifest.ttl").exists():
        return []
    graph = Graph().parse(MANIFEST_DIR / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    cases = []
    for test in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(test, MF.action)
        requests = list(Collection(graph, graph.value(action, HT.requests)))
        request = requests[0]  # every query test here is a single request
        headers = {}
        header_list = graph.value(request, HT.headers)
        if header_list is not None:
            for header in Collection(graph, header_list):
                headers[str(graph.value(header, HT.fieldName))] = str(
                    graph.value(header, HT.fieldValue))
        body = None
        body_node = graph.value(request, HT.body)
        if body_node is not None:
            encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
            body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower())
        response = graph.value(request, HT.resp)
        statuses = frozenset(str(s).rsplit("#", 1)[1] for s in
                             graph.objects(response, MF.expectedStatus))
        fmt = graph.value(response, MF.expectedFormat)
        boolean = graph.value(response, MF.expectedBoolean)
        name = str(test).rsplit("#", 1)[1]
        path = str(graph.value(request, HT.absolutePath))
        text = path + (body.decode("utf-8", "replace") if body else "")
        deviation = None
        if name.startswith("bad_"):
            deviation = None  # a refusal is expected whatever the request carries
        elif name.startswith("update_"):
            deviation = "update"
        elif "default-graph-uri" in text or "named-graph-uri" in text:
            deviation = "dataset"
        elif " FROM " in text.upper().replace("%20", " "):
            deviation = "from"
        cases.append(Case(name, str(graph.value(request, HT.methodName)), path, headers, body,
                          statuses, str(fmt) if fmt is not None else None,
                          bool(boolean.toPython()) if boolean is not None else None, deviation))
    return cases


CASES = load_cases()
RUN = [c for c in CASES if c.name.startswith(("query_", "bad_", "update_"))]

if not CASES and not os.environ.get("KG_REQUIRE_W3C"):
    pytest.skip(f"the W3C protocol manifest is not at {MANIFEST_DIR} (it sits beside the "
                "development checkout, not in the repository)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    folder = tmp_path_factory.mktemp("w3c")
    graph = folder / "data.nt"
    graph.write_bytes(b"".join(p.read_bytes() for p in sorted(MANIFEST_DIR.glob("data*.nt"))))
    with running_server(graph, workers=1, timeout=10) as srv:
        yield srv


def test_manifest_is_present_and_complete() -> None:
    assert len(CASES) == 34
    assert {c.name for c in RUN} == {c.name for c in CASES}


def send(server: SparqlServer, case: Case, path: str, body: bytes | None,
         ) -> tuple[int, str, bytes]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=30)
    headers = dict(case.headers)
    if body is not None:
        headers["Content-Length"] = str(len(body))
    connection.request(case.method, path.replace("/sparql/", "/sparql", 1), body=body,
                       headers=headers)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, (response.getheader("Content-Type") or "").split(";")[0], payload


def without_dataset(text: str) -> str:
    """``text`` (a path or a form body) with the protocol dataset parameters removed."""
    base, sep, query = text.partition("?") if text.startswith("/") else ("", "", text)
    kept = [p for p in query.split("&")
            if not p.startswith(("default-graph-uri=", "named-graph-uri="))]
    return base + (sep if kept and sep else "") + "&".join(kept)


def check_expectations(case: Case, status: int, media: str, payload: bytes) -> None:
    assert f"StatusCode{status // 100}xx" in case.statuses, (case.name, status, payload)
    if case.fmt == "boolean":
        assert media == "application/sparql-results+json"
        if case.boolean is not None:
            assert json.loads(payload)["boolean"] is case.boolean
    elif case.fmt == "tabular":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml",
                         "text/csv", "text/tab-separated-values")
    elif case.fmt == "RDF":
        assert media in ("text/turtle", "application/n-triples", "application/rdf+xml")
        Graph().parse(data=payload, format="turtle" if media == "text/turtle" else "nt")


@pytest.mark.parametrize("case", RUN, ids=lambda c: c.name)
def test_protocol_case(case: Case, server: SparqlServer) -> None:
    status, media, payload = send(server, case, case.path, case.body)
    if case.deviation is None:
        check_expectations(case, status, media, payload)
        return
    # A documented deviation: the request as written is refused with a 4xx and a reason ...
    assert 400 <= status < 500, (case.name, DEVIATIONS[case.deviation], payload)
    if case.deviation == "dataset" and not case.name.startswith(("query_dataset_",
                                                                 "query_multiple_dataset")):
        # ... and, where the test is about the protocol rather than dataset semantics, the same
        # request without the dataset parameters meets the test's expectations.
        body = case.body
        if body is not None and case.headers.get("content-type", "").startswith(
                "application/x-www-form-urlencoded"):
            body = without_dataset(body.decode()).encode()
        check_expectations(case, *send(server, case, without_dataset(case.path), body))


def test_deviations_are_the_documented_ones() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for case in RUN:
        if case.deviation is not None:
            assert f"`{case.name}`" in readme, f"README must list the deviation {case.name}"

