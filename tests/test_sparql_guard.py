"""The query guard and the sandbox: what is refused before running, and that a query process
cannot open network connections."""

from __future__ import annotations

import os
import socket
import threading

import pytest

from kg.errors import QueryError, QueryRefused
from kg.sparql.engine import check, keywords, prologue
from kg.sparql.sandbox import QueryTimeout, isolate_network, run_isolated


@pytest.mark.parametrize("query", [
    "INSERT DATA { <a:b> <a:c> <a:d> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <a:g>",
    "select * where { service <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o } # harmless\nSERVICE <x:y> {}",
])
def test_refused(query: str) -> None:
    with pytest.raises(QueryRefused):
        check(query)


@pytest.mark.parametrize(("query", "form"), [
    ('SELECT ?service WHERE { ?s ex:load "INSERT DATA" . } # DROP ALL', "select"),
    ("ASK { <http://example.org/SERVICE/FROM> ?p 'from' }", "ask"),
    ('SELECT * WHERE { ?s ?p """a\nDELETE\nlong string""" }', "select"),
    ("PREFIX from: <http://x/> CONSTRUCT { ?s from:x ?o } WHERE { ?s from:y ?o }", "graph"),
    ("DESCRIBE <http://example.org/x>", "graph"),
])
def test_keywords_inside_strings_iris_comments_and_names_are_not_refused(query: str,
                                                                         form: str) -> None:
    assert check(query) == form


def test_not_a_query() -> None:
    with pytest.raises(QueryError, match="not a SPARQL query"):
        check("PREFIX a: <http://x/>")
    assert list(keywords("SELECT ?x WHERE { ?x a ex:Thing }")) == ["SELECT", "WHERE", "A"]


def test_prologue_adds_only_undeclared_prefixes() -> None:
    text = prologue("PREFIX kg: <http://other/> SELECT * WHERE { ?s kg:x ?o }")
    assert "PREFIX kg:" not in text and "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>" in text


def test_timeout_kills_the_child() -> None:
    import time

    start = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"0\.5 s limit"):
        run_isolated(lambda: time.sleep(30), timeout=0.5)
    assert time.monotonic() - start < 5


def test_errors_in_the_child_are_reraised() -> None:
    def fail() -> None:
        raise QueryError("boom at 1:2")

    with pytest.raises(QueryError, match="boom at 1:2"):
        run_isolated(fail, timeout=10)
    assert run_isolated(lambda: 6 * 7, timeout=10) == 42


def test_the_query_process_cannot_connect_anywhere() -> None:
    """A listener on the host's loopback is unreachable from the isolated child."""
    probe_pid = os.fork()
    if probe_pid == 0:  # find out whether this kernel lets us isolate at all
        os._exit(0 if isolate_network() else 3)
    _, status = os.waitpid(probe_pid, 0)
    if os.waitstatus_to_exitcode(status) == 3:
        pytest.skip("this kernel does not allow a private network namespace")
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    threading.Thread(target=lambda: server.accept(), daemon=True).start()

    def connect() -> str:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        except OSError as exc:
            return type(exc).__name__
        return "connected"

    try:
        assert connect() == "connected"  # reachable from here …
        assert run_isolated(connect, timeout=10) != "connected"  # … but not from the sandbox
    finally:
        server.close()


def test_inline_values_binds_inside_the_where_group() -> None:
    import pyoxigraph

    from kg.sparql.engine import inline_values

    term = {"x": pyoxigraph.NamedNode("http://example.org/a")}
    construct = "PREFIX e: <http://example.org/>\nCONSTRUCT { ?x e:p ?y } WHERE { ?x e:q ?y }"
    bound = inline_values(construct, term)
    assert bound.index("VALUES ?x") > bound.index("WHERE")
    select = inline_values('SELECT ?x WHERE { ?x ?p "{not a group}" }', term)
    assert select.startswith("SELECT ?x WHERE { VALUES ?x { <http://example.org/a> }")
    hostile = {"x": pyoxigraph.Literal('"} } DROP ALL #')}
    assert 'VALUES ?x { "\\"} } DROP ALL #" }' in inline_values("ASK { ?x ?p ?o }", hostile)


def test_concept_notation_case_is_folded_only_when_unambiguous(mini_graph: object) -> None:
    from kg.errors import NodeNotFound
    from kg.graph.store import open_store
    from kg.model.vocab import KG
    from kg.sparql.engine import OxigraphEngine
    from kg.sparql.lookup import find_concept

    engine = OxigraphEngine(open_store(mini_graph))  # type: ignore[arg-type]
    assert str(find_concept(engine, "Ki").value) == str(KG.Ki)
    assert str(find_concept(engine, "in_VITRO").value) == str(KG.InVitro)
    with pytest.raises(NodeNotFound):
        find_concept(engine, "ki")  # Ki (affinity) or KI (inactivation)?
