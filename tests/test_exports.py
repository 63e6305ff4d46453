"""`kg export`: every format read back with its own tool's library — rdflib and pyoxigraph for
RDF, networkx for GraphML and GEXF, the csv module for Neo4j's import files, and kgx (offline, on
the Biolink schema shipped in the biolink-model package) for KGX."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Graph

import kg
from conftest import PROJECT
from kg.cli import main
from kg.exports.formats import FORMATS, ExportError, biolink_map
from kg.read.projection import load_projection


@pytest.fixture(scope="module")
def exported(mini_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    kg.export(out, list(FORMATS), graph=mini_graph, locations=kg.Locations.at(PROJECT))
    return out


def test_rdf_exports_round_trip(exported: Path, mini_graph: Path) -> None:
    built = set(Graph().parse(mini_graph, format="nt"))
    for name, fmt in (("kratom.ttl", "turtle"), ("kratom.nt", "nt"), ("kratom.jsonld", "json-ld")):
        assert set(Graph().parse(exported / name, format=fmt)) == built, name
    store = pyoxigraph.Store()
    store.load(path=str(exported / "kratom.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(built)
    text = (exported / "kratom.jsonld").read_text(encoding="utf-8")
    assert '"@context"' in text and '"kg": "https://w3id.org/kratom-kg/vocab#"' in text
    assert (exported / "context.jsonld").is_file()


def test_published_context_names_every_namespace_of_the_graph() -> None:
    from kg.exports.formats import context
    from kg.model.prefixes import BASE, VOCABULARY_PREFIXES

    own = {k: v for k, v in VOCABULARY_PREFIXES.items() if v.startswith(BASE)}
    assert own.items() <= context()["@context"].items()


def test_graphml_and_gexf_read_back_with_networkx(exported: Path, mini_graph: Path) -> None:
    projection = load_projection(mini_graph.with_name("kratom.projection.json"))
    triples = {(c.subject, c.predicate, c.object) for c in projection.claims}
    for graph in (nx.read_graphml(exported / "kratom.graphml"),
                  nx.read_gexf(exported / "kratom.gexf")):
        assert graph.number_of_nodes() == len(projection.nodes)
        assert graph.number_of_edges() == len(triples)
        node = graph.nodes["compound-a"]
        assert node["label"] == "compound A" and node["kind"] == "Alkaloid"
        assert "biolink:SmallMolecule" in node["category"]
        edges = [d for _, o, d in graph.edges("compound-a", data=True) if o == "RECA"]
        partial = next(d for d in edges if d["relation"] == "partialAgonistOf")
        assert set(partial["sources"].split("|")) == {"alpha2020", "beta2021"}
        assert "in_vitro" in partial["evidence"] and "Ki 12.5 nM" in partial["values"]
        assert (partial["grade"], float(partial["grade_score"]), partial["role"]) == \
            ("probable", 0.8, "mechanism")
        assert partial["evidence_summary"] == "1 in vitro study and 1 review for"
        contradicted = next(d for _, o, d in graph.edges("compound-b", data=True)
                            if o == "RECA" and d["relation"] == "agonistOf")
        assert str(contradicted["contradicted"]).lower() == "true"
        # contradicted by a review, which is weak against a direct assay: still probable
        assert contradicted["grade"] == "probable"
        assert contradicted["evidence_summary"] == "1 in vitro study for; 1 review against"


def test_kgx_tables_are_biolink_aligned(exported: Path, mini_graph: Path) -> None:
    with open(exported / "kgx" / "nodes.tsv", encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle, delimiter="\t"))
    with open(exported / "kgx" / "edges.tsv", encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle, delimiter="\t"))
    ids = {n["id"] for n in nodes}
    assert len(ids) == len(nodes)
    by_name = {n["name"]: n for n in nodes}
    # A standard identifier becomes the node id; our own stays as a cross-reference.
    assert by_name["compound A"]["id"] == "CHEBI:15377"
    assert "KRATOM:compound-a" in by_name["compound A"]["xref"].split("|")
    assert by_name["receptor A"]["id"] == "UniProtKB:P35372"
    assert by_name["receptor A"]["category"] == "biolink:Protein"
    assert all(e["subject"] in ids and e["object"] in ids for e in edges)
    assert all(e["predicate"].startswith("biolink:") for e in edges)
    assert all(e["agent_type"] == "manual_agent" for e in edges)
    # Claims the curator inferred (plant X produces effect E, read from a motive for use; the
    # second reading of gamma2019's table) are logical entailments; an odds ratio as stated is a
    # statistical association; the others assert what their sources state.
    levels = sorted((e["original_predicate"], e["knowledge_level"]) for e in edges
                    if e["knowledge_level"] != "knowledge_assertion")
    assert levels == [("KRATOM:associatedWith", "logical_entailment"),
                      ("KRATOM:associatedWith", "statistical_association"),
                      ("KRATOM:produces", "logical_entailment")]
    substrate = [e for e in edges if e["original_predicate"] == "KRATOM:metabolisedTo"]
    assert substrate and substrate[0]["predicate"] == "biolink:has_metabolite"
    assert substrate[0]["publications"] == "PMID:1000001"
    # every claim row carries the grade of the edge it is about
    grades = {(e["original_predicate"], e["evidence_grade"], e["evidence_summary"])
              for e in edges if e["original_predicate"] in ("KRATOM:produces", "KRATOM:leadsTo")}
    assert grades == {("KRATOM:produces", "probable", "1 animal study for"),
                      ("KRATOM:produces", "inferred", "1 self-report survey (inferred) for"),
                      ("KRATOM:leadsTo", "reported", "1 review for")}
    negated = [e for e in edges if e["negated"] == "True"]
    assert len(negated) == len(
        [c for c in load_projection(mini_graph.with_name("kratom.projection.json")).claims
         if c.stance == "contradicts"])


def _kgx_python() -> str | None:
    configured = os.environ.get("KG_KGX_PYTHON")
    if configured:
        return configured
    try:
        import kgx  # noqa: F401
    except ImportError:
        return None
    return sys.executable


def test_kgx_validate_passes_offline(exported: Path) -> None:
    python = _kgx_python()
    if python is None:
        if os.environ.get("KG_REQUIRE_KGX") == "1":
            pytest.fail("kgx is required here: set KG_KGX_PYTHON or pip install 'kratom-kg[kgx]'")
        pytest.skip("kgx is not installed (pip install 'kratom-kg[kgx]')")
    result = subprocess.run([python, str(PROJECT / "scripts" / "kgx_validate.py"),
                             str(exported / "kgx")], capture_output=True, text=True, timeout=600,
                            env={**os.environ, "no_proxy": "*"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert '"errors": {}' in result.stdout
    # and it does find errors: a predicate Biolink does not have
    broken = exported / "kgx-broken"
    shutil.copytree(exported / "kgx", broken, dirs_exist_ok=True)
    text = (broken / "edges.tsv").read_text(encoding="utf-8")
    (broken / "edges.tsv").write_text(text.replace("biolink:has_metabolite", "biolink:made_up"),
                                      encoding="utf-8")
    result = subprocess.run([python, str(PROJECT / "scripts" / "kgx_validate.py"), str(broken)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1 and "made_up" in result.stdout


def test_neo4j_import_files(exported: Path, mini_graph: Path) -> None:
    projection = load_projection(mini_graph.with_name("kratom.projection.json"))
    with open(exported / "neo4j" / "nodes.csv", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        nodes = list(reader)
    assert header[0] == "id:ID" and header[-1] == ":LABEL"
    assert len(nodes) == len(projection.nodes)
    ids = {row[0] for row in nodes}
    with open(exported / "neo4j" / "relationships.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        relationships = list(reader)
        assert reader.fieldnames[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert len(relationships) == len(projection.claims)
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in relationships)
    assert {r[":TYPE"] for r in relationships} >= {"PARTIAL_AGONIST_OF", "METABOLISED_TO",
                                                  "REGULATED_IN"}
    ki = [r for r in relationships if r["measure"] == "Ki"]
    assert sorted(float(r["value:float"]) for r in ki) == [12.5, 40.0]
    assert {(r["edge_grade"], r["edge_evidence"]) for r in ki} == {
        ("probable", "1 in vitro study and 1 review for")}


def test_biolink_mappings_are_inherited_from_the_ontology() -> None:
    ontology = Graph().parse(PROJECT / "ontology" / "kratom.ttl")
    mapping = biolink_map(ontology)
    assert mapping.categories["Alkaloid"] == "biolink:SmallMolecule"  # via Compound
    assert mapping.categories["Receptor"] == "biolink:Protein"  # via MolecularTarget
    assert mapping.predicate("partialAgonistOf") == "biolink:directly_physically_interacts_with"
    assert mapping.predicate("regulatedIn") == "biolink:related_to"
    assert mapping.category(["Jurisdiction", "Entity"]) == ["biolink:NamedThing"]


def test_unknown_format_is_refused(mini_graph: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        kg.export(tmp_path, ["xlsx"], graph=mini_graph, locations=kg.Locations.at(PROJECT))
    result = CliRunner().invoke(main, ["export", "--format", "xlsx", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "xlsx" in result.output


def test_cli_export_on_the_real_graph(real_build: kg.Locations, tmp_path: Path) -> None:
    formats = [part for f in FORMATS for part in ("--format", f)]
    result = CliRunner().invoke(main, ["export", "--graph", str(real_build.graph_file("nt")),
                                       "--out", str(tmp_path), *formats])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(tmp_path / "kratom.graphml")
    assert graph.nodes["mitragynine"]["kind"] == "Alkaloid"
    assert any(d["relation"] == "binds" for _, o, d in graph.edges("mitragynine", data=True)
               if o == "OPRM1")
    with open(tmp_path / "kgx" / "edges.tsv", encoding="utf-8") as handle:
        assert sum(1 for _ in handle) - 1 == len(
            load_projection(real_build.graph_file("projection.json")).claims)
