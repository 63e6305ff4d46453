"""The claim model is declared once (kg/model/claim.py) and every shape of a claim follows it: the
curated tables' columns, the ontology and shapes, the read model, path JSON, pages and exports.
A claim with every field given is built from the mini dataset and looked for in each output."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

import kg
from conftest import MINI, PROJECT, TODAY, append_row
from kg.cli import main
from kg.curate.tables import TABLES, Kind
from kg.exports.formats import EXPORTED_FIELDS, KGX_EDGE_COLUMNS, NEO4J_RELATIONSHIP_COLUMNS
from kg.graph.build import compile_graph
from kg.locations import Locations
from kg.model.claim import FIELDS, Claim, Show, fields_of
from kg.model.claim import Kind as FieldKind
from kg.read.projection import load_projection

KG_NS = "https://w3id.org/kratom-kg/vocab#"
SCHEMA_DOMAIN = URIRef("http://schema.org/domainIncludes")
#: Properties of standard vocabularies the ontology does not redefine.
STANDARD = {str(RDF.subject), str(RDF.predicate), str(RDF.object), str(RDFS.comment)}

#: A claim with every field a row of outcomes.tsv can give.
RICH = {
    "subject": "plant-x", "predicate": "associatedWith", "object": "risk-r",
    "sources": "gamma2019", "evidence": "human_observational", "stance": "supports",
    "measure": "adjusted_odds_ratio", "value": "2.7", "ci_low": "1.3", "ci_high": "5.6",
    "ci_level": "95", "comparator": "people who never used plant X", "n": "1234",
    "species": "human", "population": "general_population", "age_group": "adults", "sex": "both",
    "dose": "two cups a day", "route": "oral", "assay": "cross-sectional household survey",
    "inferred": "the survey's outcome is any harm; risk R is the curator's reading",
    "disputed": "gamma2019-reading", "location": "table 2", "note": "Users had higher odds.",
}
#: Its competing reading (the same table read the other way).
RIVAL = {**RICH, "value": "3.3", "ci_low": "1.5", "ci_high": "7.2",
         "note": "The other reading of the same table."}
#: An Emax whose comparator is an entity of the graph.
VERSUS = {"subject": "compound-b", "predicate": "agonistOf", "object": "RECA",
          "sources": "alpha2020", "evidence": "in_vitro", "stance": "supports", "measure": "Emax",
          "value": "80", "unit": "%", "comparator": "compound-a", "species": "human",
          "bias": "balanced", "location": "figure 4", "note": "Close to the reference."}


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Locations:
    root = tmp_path_factory.mktemp("rich")
    shutil.copytree(MINI, root / "data")
    shutil.copytree(PROJECT / "queries", root / "queries")
    append_row(root / "data" / "claims" / "outcomes.tsv", **RICH)
    append_row(root / "data" / "claims" / "outcomes.tsv", **RIVAL)
    append_row(root / "data" / "claims" / "molecular.tsv", **VERSUS)
    where = Locations(root=root, data=root / "data", ontology=PROJECT / "ontology",
                      build=root / "build")
    kg.build(locations=where, today=TODAY)
    return where


def rich_claim(claims: list[Claim]) -> Claim:
    [claim] = [c for c in claims if c.value == Decimal("2.7")]
    return claim


# ----------------------------------------------------------------------------- declarations


def test_the_claim_record_holds_exactly_the_declared_fields() -> None:
    names = [f.name for f in dataclasses.fields(Claim)]
    assert names == ["id", *(f.name for f in FIELDS), "origin"]


def test_claims_tables_have_the_declared_columns_in_order() -> None:
    for table in TABLES:
        if table.kind is Kind.CLAIMS:
            stem = table.path.removeprefix("claims/").removesuffix(".tsv")
            assert table.header == tuple(f.name for f in fields_of(stem))
            with open(PROJECT / "data" / table.path, encoding="utf-8") as handle:
                assert tuple(handle.readline().rstrip("\n").split("\t")) == table.header


def test_every_field_property_is_in_the_ontology_and_the_shapes() -> None:
    onto = Graph().parse(PROJECT / "ontology" / "kratom.ttl")
    shapes = Graph().parse(PROJECT / "ontology" / "shapes.ttl")
    shaped = {str(p) for p in shapes.objects(None, SH.path) if isinstance(p, URIRef)}
    claim_domain = {URIRef(KG_NS + "Claim"), URIRef(KG_NS + "RegulatoryAction")}
    for field in FIELDS:
        if field.iri in STANDARD:
            continue
        prop = URIRef(field.iri)
        domains = set(onto.objects(prop, RDFS.domain)) | set(onto.objects(prop, SCHEMA_DOMAIN))
        assert domains & claim_domain, f"{field.name}: {prop} has no Claim domain in the ontology"
        assert field.iri in shaped, f"{field.name}: no SHACL property shape for {prop}"
        if field.kind is FieldKind.CONCEPT:
            assert (URIRef(KG_NS + field.scheme), RDFS.subClassOf, None) in onto, field.scheme


# ----------------------------------------------------------------------------- one claim, end to end


def test_claims_read_back_from_the_graph_equal_the_curated_ones(rich: Locations) -> None:
    curated = compile_graph(rich, today=TODAY).dataset.claims
    projection = load_projection(rich.graph_file("projection.json"))
    assert sorted(projection.claims, key=lambda c: c.id) == sorted(curated, key=lambda c: c.id)
    claim = rich_claim(projection.claims)
    assert {f.name for f, _ in claim.given()} == set(RICH)
    assert claim.ci_level == Decimal("95") and claim.n == 1234 and claim.inferred


def test_path_json_carries_every_given_field_by_its_declared_name(rich: Locations) -> None:
    result = CliRunner().invoke(main, ["path", "plant X", "risk R", "--graph",
                                       str(rich.graph_file("projection.json")), "--format", "json",
                                       "--max-hops", "1"])
    assert result.exit_code == 0, result.output
    [path] = json.loads(result.output)["paths"]
    [hop] = path["hops"]
    extra = {"id", "directness", "labels", "text"}
    for claim in hop["claims"]:
        assert set(claim) <= {f.name for f in FIELDS} | extra
    [data] = [c for c in hop["claims"] if c.get("value") == "2.7"]
    assert set(RICH) <= set(data)
    assert data["directness"] == "inferred" and data["disputed"] == "gamma2019-reading"
    assert data["labels"]["population"] == "general population"
    assert "adjusted OR 2.7 (95% CI 1.3 to 5.6) vs people who never used plant X" in data["text"]
    assert hop["disputed"] == ["gamma2019-reading"]


def test_path_text_marks_inferred_and_disputed_claims(rich: Locations) -> None:
    result = CliRunner().invoke(main, ["path", "plant X", "risk R", "--graph",
                                       str(rich.graph_file("projection.json")), "--max-hops", "1"])
    assert result.exit_code == 0, result.output
    assert "adjusted OR 2.7 (95% CI 1.3 to 5.6) vs people who never used plant X" in result.output
    assert "inferred: the survey's outcome is any harm" in result.output
    assert "disputed value (gamma2019-reading)" in result.output


def test_entity_page_shows_every_shown_field(rich: Locations, tmp_path: Path) -> None:
    site = tmp_path / "site"
    kg.render(site, graph=rich.graph_file("nt"), locations=rich)
    page = (site / "entities" / "risk-r.html").read_text(encoding="utf-8")
    [row] = [r for r in page.split("<tr ")[1:] if r.startswith("data-claim") and "adjusted OR 2.7" in r]
    for text in ("(95% CI 1.3 to 5.6)", "vs people who never used plant X", "n = 1,234",
                 "general population", "adults", "female and male", "dose two cups a day",
                 "oral route",
                 "cross-sectional household survey", "inferred: the survey&#x27;s outcome",
                 "disputed value (gamma2019-reading)", "table 2", "Users had higher odds.",
                 "associated with", 'class="kg-inferred"'):
        assert text in row, text
    receptor = (site / "entities" / "RECA.html").read_text(encoding="utf-8")
    [emax] = [r for r in receptor.split("<tr ")[1:] if r.startswith("data-claim") and "Emax 80 %" in r]
    assert "vs compound A" in emax and "balanced" in emax  # an entity comparator by its label


def test_exports_write_every_declared_field(rich: Locations, tmp_path: Path) -> None:
    kg.export(tmp_path, ["kgx", "neo4j", "graphml", "gexf"], graph=rich.graph_file("nt"),
              locations=rich)
    with open(tmp_path / "kgx" / "edges.tsv", encoding="utf-8", newline="") as handle:
        kgx = list(csv.DictReader(handle, delimiter="\t"))
    assert tuple(kgx[0]) == KGX_EDGE_COLUMNS
    [edge] = [e for e in kgx if "adjusted OR 2.7" in e["description"]]
    assert edge["total_sample_size"] == "1234" and edge["species_context_qualifier"] == "human"
    assert edge["knowledge_level"] == "logical_entailment"  # inferred by the curator
    assert "disputed value (gamma2019-reading)" in edge["description"]

    text = (tmp_path / "neo4j" / "relationships.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == NEO4J_RELATIONSHIP_COLUMNS
    [row] = [r for r in rows if r["value:float"] == "2.7"]
    for name, value in RICH.items():
        if name in {f.name for f in EXPORTED_FIELDS}:
            column = next(c for c in NEO4J_RELATIONSHIP_COLUMNS if c.split(":")[0] == name)
            assert row[column] == value, name
    assert row["directness"] == "inferred"

    for graph in (nx.read_graphml(tmp_path / "kratom.graphml"),
                  nx.read_gexf(tmp_path / "kratom.gexf")):
        [data] = [d for _, o, d in graph.edges("plant-x", data=True) if o == "risk-r"]
        for field in EXPORTED_FIELDS:
            assert field.name in data, field.name
        assert set(str(data["value"]).split("|")) == {"2.7", "3.3"}
        assert data["disputed"] == "gamma2019-reading"


def test_every_shown_field_has_a_place_on_pages() -> None:
    from kg.pages.site import CLAIM_COLUMNS

    shown = {f.show for f in FIELDS}
    assert {"Value", "Details", "Flags", "Where", "Note"} <= set(CLAIM_COLUMNS)
    assert shown == set(Show)


def test_catalogue_lists_disputes_and_effect_measures(rich: Locations) -> None:
    graph = rich.graph_file("nt")
    disputes = kg.query(name="disputed-values", graph=graph, timeout=None).records()
    assert [(r["dispute"], r["value"], r["reading"]) for r in disputes
            if r["dispute"] == "gamma2019-reading"] == [
        ("gamma2019-reading", "2.7", "curator's alternative"),
        ("gamma2019-reading", "3.3", "curator's alternative"),
    ]
    effects = kg.query(name="effect-measures", graph=graph, timeout=None).records()
    assert [(r["exposure"], r["outcome"], r["value"], r["ci_low"], r["ci_high"], r["n"],
             r["population"], r["age_group"]) for r in effects if r["outcome"] == "risk R"] == [
        ("plant X", "risk R", "2.7", "1.3", "5.6", "1234", "general_population", "adults"),
        ("plant X", "risk R", "3.3", "1.5", "7.2", "1234", "general_population", "adults"),
    ]
