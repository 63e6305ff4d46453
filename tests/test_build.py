"""The RDF mapping and the build's writing: golden output, determinism, atomicity."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import RDF, RDFS

import kg
import kg.atomic
from conftest import FIXTURES, TODAY, edit_row
from kg.errors import ValidationError
from kg.graph.build import compile_graph
from kg.locations import Locations
from kg.model.vocab import EDGE, ENTITY, KG, SOURCE

GOLDEN = FIXTURES / "mini.golden.ttl"


def test_mini_graph_matches_golden_file(mini: Locations) -> None:
    graph = compile_graph(mini, today=TODAY).graph
    golden = Graph().parse(GOLDEN)
    # curatedIn holds paths relative to the project root, which for the fixture copy is data/.
    assert to_isomorphic(graph) == to_isomorphic(golden), (
        "the RDF mapping changed; if intended, regenerate with "
        "`python tests/regenerate_golden.py` and review the diff")


def test_each_edge_is_a_plain_triple_and_a_claim(mini: Locations) -> None:
    graph = compile_graph(mini, today=TODAY).graph
    a, reca = ENTITY["compound-a"], ENTITY["RECA"]
    assert (a, KG.partialAgonistOf, reca) in graph
    claims = set(graph.subjects(RDF.subject, a)) & set(graph.subjects(RDF.object, reca))
    kis = {graph.value(c, KG.value) for c in claims if graph.value(c, KG.measure) == KG.Ki}
    # Two labs' Ki values are both kept, each with its own source.
    assert kis == {Literal("12.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")),
                   Literal("40.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))}
    sources = {graph.value(c, KG.source) for c in claims if graph.value(c, KG.measure) == KG.Ki}
    assert sources == {SOURCE.alpha2020, SOURCE.beta2021}


def test_contradicted_edge_is_asserted_only_when_also_supported(mini: Locations) -> None:
    graph = compile_graph(mini, today=TODAY).graph
    b, reca = ENTITY["compound-b"], ENTITY["RECA"]
    claims = list(graph.subjects(RDF.predicate, KG.agonistOf))
    stances = sorted(str(graph.value(c, KG.stance)) for c in claims)
    assert stances == [str(KG.Contradicts), str(KG.Supports)]
    assert (b, KG.agonistOf, reca) in graph  # one supporting claim suffices for the plain edge
    [against] = (c for c in claims if graph.value(c, KG.stance) == KG.Contradicts)
    assert str(graph.value(against, RDFS.label)).startswith("not: compound B agonist of receptor A")
    edit_row(mini.data / "claims" / "molecular.tsv", 7, stance="contradicts")
    graph = compile_graph(mini, today=TODAY).graph
    assert (b, KG.agonistOf, reca) not in graph  # contradicted only: no edge


def test_types_are_materialised_up_the_class_tree(mini: Locations) -> None:
    graph = compile_graph(mini, today=TODAY).graph
    types = set(graph.objects(ENTITY["compound-b"], RDF.type))
    assert types == {KG.Alkaloid, KG.Metabolite, KG.Compound, KG.Entity}


def test_metabolism_and_regulation_qualifiers(mini: Locations) -> None:
    graph = compile_graph(mini, today=TODAY).graph
    [conversion] = graph.subjects(RDF.predicate, KG.metabolisedTo)
    assert graph.value(conversion, KG.catalysedBy) == ENTITY["ENZA"]
    [action] = (a for a in graph.subjects(RDF.type, KG.RegulatoryAction)
                if graph.value(a, KG.regulatoryStatus) == KG.Controlled)
    assert str(graph.value(action, KG.actionDate)) == "2022-03"
    assert graph.value(action, KG.actionDate).datatype.endswith("gYearMonth")


def test_build_writes_three_formats_that_agree(mini: Locations) -> None:
    result = kg.build(locations=mini, today=TODAY)
    assert [p.name for p in result.outputs] == ["kratom.ttl", "kratom.nt", "kratom.jsonld",
                                                "kratom.projection.json"]
    graphs = [Graph().parse(p) for p in result.outputs[:3]]
    assert to_isomorphic(graphs[0]) == to_isomorphic(graphs[1]) == to_isomorphic(graphs[2])
    store = pyoxigraph.Store()  # an independent parser reads the Turtle too
    store.load(path=str(mini.graph_file("ttl")), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == result.triples == len(graphs[0])


def test_second_build_is_byte_identical(mini: Locations) -> None:
    first = {p.name: p.read_bytes() for p in kg.build(locations=mini, today=TODAY).outputs}
    second = {p.name: p.read_bytes() for p in kg.build(locations=mini, today=TODAY).outputs}
    assert first == second


def test_failed_build_leaves_previous_output_untouched(mini: Locations) -> None:
    kg.build(locations=mini, today=TODAY)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in mini.build.iterdir()}
    edit_row(mini.data / "claims" / "molecular.tsv", 3, sources="nobody1999")
    with pytest.raises(ValidationError) as raised:
        kg.build(locations=mini, today=TODAY)
    assert [d.code for d in raised.value.diagnostics] == ["E302"]
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in mini.build.iterdir()}
    assert after == before


def test_unwritable_output_is_a_clear_error(mini: Locations, tmp_path: Path) -> None:
    from kg.errors import OutputError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    with pytest.raises(OutputError, match="cannot create the output folder"):
        kg.build(locations=Locations(mini.root, mini.data, mini.ontology, blocker), today=TODAY)
    assert blocker.read_text() == "a file where the output folder should be"


def test_write_failure_replaces_nothing_and_leaves_no_temporary_files(
        mini: Locations, monkeypatch: pytest.MonkeyPatch) -> None:
    kg.build(locations=mini, today=TODAY)
    before = {p.name: p.read_bytes() for p in mini.build.iterdir()}

    real_replace = os.replace
    calls: list[str] = []

    def failing_fsync(fd: int) -> None:
        calls.append("fsync")
        if len(calls) == 3:  # the third file cannot be flushed: the disk is full
            raise OSError(28, "No space left on device", "kratom.jsonld")

    monkeypatch.setattr(kg.atomic.os, "fsync", failing_fsync)
    monkeypatch.setattr(kg.atomic.os, "replace", real_replace)
    from kg.errors import OutputError

    with pytest.raises(OutputError, match="the disk is full"):
        kg.build(locations=mini, today=TODAY)
    assert {p.name: p.read_bytes() for p in mini.build.iterdir()} == before


def test_concurrent_build_is_refused(mini: Locations) -> None:
    from kg.atomic import exclusive
    from kg.errors import OutputError

    with exclusive(mini.build), pytest.raises(OutputError, match="another kg process"):
        kg.build(locations=mini, today=TODAY)


def test_killed_builds_leave_complete_files(mini: Locations) -> None:
    """Kill `kg build` at varied moments: every output is always a complete graph (the previous
    one or the new one), and the next build clears what the killed one left behind."""
    import random
    import signal
    import subprocess
    import sys
    import time

    command = [sys.executable, "-m", "kg.cli", "build", "--data", str(mini.data), "--out",
               str(mini.build)]
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0
    expected = len(Graph().parse(mini.graph_file("nt")))
    rng = random.Random(5)
    for _ in range(6):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for ext in ("ttl", "nt", "jsonld"):
            store = pyoxigraph.Store()
            fmt = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
                   "jsonld": pyoxigraph.RdfFormat.JSON_LD}[ext]
            store.load(path=str(mini.graph_file(ext)), format=fmt)
            assert len(store) == expected
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0
    assert sorted(p.name for p in mini.build.iterdir() if p.name.endswith(".tmp")) == []


def test_claims_share_an_edge_that_counts_its_distinct_sources(mini: Locations) -> None:
    """Three claims (two from alpha2020, one from beta2021) support compound-a partialAgonistOf
    RECA: one edge, two distinct supporting sources; compound-b agonistOf RECA is supported by one
    source and contradicted by another."""
    graph = compile_graph(mini, today=TODAY).graph
    edge = EDGE["compound-a--partialAgonistOf--RECA"]
    assert len(set(graph.subjects(KG.edge, edge))) == 3
    assert graph.value(edge, KG.supportingSources).toPython() == 2
    assert graph.value(edge, KG.contradictingSources).toPython() == 0
    mixed = EDGE["compound-b--agonistOf--RECA"]
    assert (graph.value(mixed, KG.supportingSources).toPython(),
            graph.value(mixed, KG.contradictingSources).toPython()) == (1, 1)
    assert set(graph.subjects(RDF.type, KG.Edge)) == set(graph.objects(None, KG.edge))
