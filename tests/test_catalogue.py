"""Every catalogue query: a well-formed header, its expected answer on the mini fixture, the same
answer from both embedded engines, and a clean run on the real graph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kg
from conftest import PROJECT
from kg.graph.store import load_graph, open_store
from kg.sparql.engine import OxigraphEngine, RdflibEngine, check
from kg.sparql.params import bind
from kg.sparql.questions import CatalogueError, read_catalogue, read_query

CATALOGUE = read_catalogue(PROJECT / "queries")

#: Parameters for the mini fixture, and the expected rows (selected columns, in order).
EXPECTED: dict[str, tuple[dict[str, str], tuple[str, ...], list[tuple[str | None, ...]]]] = {
    "compound-targets": ({"compound": "compound A"}, ("target", "relation", "measure", "value"), [
        ("enzyme A", "inhibits", "IC50", "10"),
        ("receptor A", "partial agonist of", "Emax", "45"),
        ("receptor A", "partial agonist of", "Ki", "12.5"),
        ("receptor A", "partial agonist of", "Ki", "40"),
    ]),
    "target-ligands": ({"target": "RECA", "measure": "Ki"}, ("compound", "value", "source"), [
        ("compound A", "12.5", "alpha2020"),
        ("compound A", "40", "beta2021"),
    ]),
    "effect-mechanisms": ({"effect": "risk-r"}, ("compound", "relation", "target", "mediator"), [
        ("compound A", "partial agonist of", "receptor A", "target"),
        ("compound B", "agonist of", "receptor A", "target"),
    ]),
    "mechanism-chains": ({}, ("compound", "relation", "target", "system", "outcome"), [
        ("compound A", "partial agonist of", "receptor A", "", "effect E"),
        ("compound A", "partial agonist of", "receptor A", "", "risk R"),
        ("compound B", "agonist of", "receptor A", "", "effect E"),
        ("compound B", "agonist of", "receptor A", "", "risk R"),
    ]),
    "risks-by-evidence": ({}, ("risk", "evidence", "claims"), [
        ("risk R", "review", "2"), ("risk S", "human_observational", "2")]),
    "edges-by-grade": ({"at_least": "probable"}, ("subject", "relation", "object", "grade",
                                                  "evidence", "role"), [
        ("plant X", "regulated in", "land J", "established", "2 regulatory statements for",
         "context"),
        ("receptor A", "mediates", "effect E", "established", "2 animal studies for",
         "mechanism"),
        ("compound A", "inhibits", "enzyme A", "probable", "1 in vitro study for", "mechanism"),
        ("compound A", "metabolised to", "compound B", "probable", "1 in vitro study for",
         "mechanism"),
        ("compound A", "partial agonist of", "receptor A", "probable",
         "1 in vitro study and 1 review for", "mechanism"),
        ("compound A", "produces", "effect E", "probable", "1 animal study for", "association"),
        ("compound B", "agonist of", "receptor A", "probable",
         "1 in vitro study for; 1 review against", "mechanism"),
        ("plant X", "associated with", "risk S", "probable", "1 observational study for",
         "association"),
        ("receptor A", "part of", "system S", "probable", "1 review for", "mechanism"),
    ]),
    "medicines-at-risk": ({}, ("medicine", "enzyme", "sensitivity", "inhibitor", "value"), [
        ("drug M", "enzyme A", "sensitive substrate", "compound A", "10"),
        ("drug N", "enzyme A", "moderate sensitive substrate", "compound A", "10"),
    ]),
    "interactions-in-people": ({}, ("subject", "relation", "medicine", "stance", "value",
                                    "ci_low", "ci_high", "outcome"), [
        ("plant X", "increases exposure of", "drug M", "supports", "1.4", "1.2", "1.6", ""),
        ("plant X", "interacts with", "drug M", "supports", None, None, None, "risk R"),
        ("plant X", "increases exposure of", "drug N", "contradicts", "0.99", "0.83", "1.19",
         ""),
    ]),
    "edges-only-self-report": ({}, ("subject", "relation", "object"), [
        ("plant X", "produces", "effect E")]),
    "edges-only-animal": ({}, ("subject", "relation", "object"), [
        ("compound A", "produces", "effect E"),
        ("receptor A", "mediates", "effect E"),
    ]),
    "disagreements": ({}, ("subject", "object", "says", "other_says", "kind"), [
        ("compound B", "receptor A", "contradicts", "supports", "supported and contradicted"),
    ]),
    "measurement-spread": ({}, ("subject", "object", "measure", "lowest", "highest", "fold"), [
        ("compound A", "receptor A", "Ki", "12.5", "40", "3.2"),
    ]),
    "drug-interactions": ({}, ("inhibitor", "enzyme", "value", "substrate", "route"), [
        ("compound A", "enzyme A", "10", "compound A", "metabolised by"),
    ]),
    "regulatory-status": ({"jurisdiction": "land-j", "date": "2023-01-01"},
                          ("subject", "status", "action_date"), [
        ("plant X", "controlled", "2022-03"),
    ]),
    "regulatory-history": ({"jurisdiction": "land J"}, ("action_date", "status", "instrument"), [
        ("2022-03", "controlled", "Act 1"),
        ("2024-06-01", "regulated", "Act 2"),
    ]),
    "jurisdictions-as-of": ({"date": "2025-01-01"}, ("jurisdiction", "subject", "status"), [
        ("land J", "plant X", "regulated"),
    ]),
    "edge-sources": ({"subject": "compound-a", "object": "RECA"}, ("evidence", "location", "pmid"), [
        ("in_vitro", "abstract", "1000001"),
        ("in_vitro", "figure 3", "1000001"),
        ("review", "table 1", "1000002"),
    ]),
    "compound-metabolism": ({"compound": "compound-a"}, ("from", "to", "enzyme", "source"), [
        ("compound A", "compound B", "enzyme A", "alpha2020"),
    ]),
    "compound-outcomes": ({"compound": "CA"}, ("outcome", "kind", "via", "evidence"), [
        ("effect E", "effect", "", "animal"),
    ]),
    "source-claims": ({"source": "gamma2019"}, ("claim", "evidence"), [
        ("plant X associated with risk S (adjusted OR 2.5 (95% CI 1.2 to 5.1) vs people who "
         "never used plant X, human, disputed)", "human_observational"),
        ("plant X associated with risk S (adjusted OR 3.1 (95% CI 1.4 to 6.9) vs people who "
         "never used plant X, human, inferred, disputed)", "human_observational"),
        ("plant X produces effect E (inferred)", "self_report_survey"),
    ]),
    "inferred-claims": ({}, ("subject", "relation", "object", "value", "source"), [
        ("plant X", "associated with", "risk S", "3.1", "gamma2019"),
        ("plant X", "produces", "effect E", None, "gamma2019"),
    ]),
    "disputed-values": ({}, ("dispute", "subject", "value", "reading"), [
        ("gamma2019-table-2", "plant X", "2.5", "as stated"),
        ("gamma2019-table-2", "plant X", "3.1", "curator's alternative"),
    ]),
    "effect-measures": ({}, ("exposure", "outcome", "statistic", "value", "ci_low", "ci_high",
                             "comparator", "n"), [
        ("plant X", "risk S", "adjusted OR", "2.5", "1.2", "5.1", "people who never used plant X",
         "1234"),
        ("plant X", "risk S", "adjusted OR", "3.1", "1.4", "6.9", "people who never used plant X",
         "1234"),
    ]),
    "single-source-edges": ({}, ("subject", "relation", "object"), [
        ("compound A", "found in", "plant X"),
        ("compound A", "inhibits", "enzyme A"),
        ("compound A", "metabolised to", "compound B"),
        ("compound A", "produces", "effect E"),
        ("compound B", "agonist of", "receptor A"),
        ("effect E", "leads to", "risk R"),
        ("plant X", "associated with", "risk S"),
        ("plant X", "produces", "effect E"),
        ("receptor A", "mediates", "risk R"),
        ("receptor A", "part of", "system S"),
    ]),
    "plant-compounds": ({"plant": "plant-x"}, ("compound", "qualifier", "value", "unit"), [
        ("compound A", "~", "1.5", "%"),
    ]),
    "target-systems": ({}, ("system", "target", "mediates"), [
        ("system S", "receptor A", "effect E, risk R"),
    ]),
    "seed-article-verdicts": ({}, ("statement", "verdict", "claims", "supporting",
                                   "contradicting"), [
        ("Plant X cures everything.", "unsupported", "0", "0", "0"),
        ("Compound A acts on receptor A.", "supported", "5", "4", "1"),
    ]),
    "biased-agonists": ({}, ("compound", "target", "bias", "source"), [
        ("compound A", "receptor A", "g_protein", "alpha2020"),
    ]),
    "evidence-profile": ({}, ("outcome", "self_report_survey", "animal", "review"), [
        ("effect E", "1", "2", "0"),
        ("risk R", "0", "0", "2"),
        ("risk S", "0", "0", "0"),
    ]),
}


def test_catalogue_has_at_least_fifteen_documented_questions() -> None:
    assert len(CATALOGUE) >= 15
    for entry in CATALOGUE.values():
        assert entry.summary and entry.returns and entry.tags, entry.name
        assert check(entry.text) in ("select", "ask", "graph")


def test_every_query_has_a_fixture_expectation() -> None:
    assert set(EXPECTED) == set(CATALOGUE)


def test_parameters_are_projected_and_have_examples() -> None:
    for entry in CATALOGUE.values():
        body = "\n".join(ln for ln in entry.text.splitlines() if not ln.startswith("#"))
        head = body[re.search(r"(?i)\bSELECT\b", body).start():
                    re.search(r"(?i)\bWHERE\b", body).start()]
        for param in entry.params:
            assert param.example, (entry.name, param.name)
            assert re.search(rf"\?{param.name}\b", head), (
                f"{entry.name}: parameter ?{param.name} must be in the SELECT list so it can be "
                "bound before the query runs")


#: Questions answered on the mini dataset with medicines added (tests/fixtures/interactions).
ON_INTERACTIONS = frozenset({"medicines-at-risk", "interactions-in-people"})


def fixture_graph(name: str, request: pytest.FixtureRequest) -> Path:
    """The fixture graph a question's expectation is worked out on."""
    return request.getfixturevalue("interactions_graph" if name in ON_INTERACTIONS
                                   else "mini_graph")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_answers_on_the_fixture(name: str, request: pytest.FixtureRequest) -> None:
    params, columns, expected = EXPECTED[name]
    result = kg.query(name=name, params=params, graph=fixture_graph(name, request), timeout=None)
    got = [tuple(row[c] for c in columns) for row in result.records()]
    assert got == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_both_engines_give_the_same_answer(name: str, request: pytest.FixtureRequest) -> None:
    mini_graph = fixture_graph(name, request)
    entry = CATALOGUE[name]
    declared = {p.name: p.type for p in entry.params}
    oxigraph = OxigraphEngine(open_store(mini_graph))
    rdflib = RdflibEngine(load_graph(mini_graph))
    params = EXPECTED[name][0]
    a = oxigraph.run(entry.text, bind(params, declared, oxigraph))
    b = rdflib.run(entry.text, bind(params, declared, rdflib))
    assert a.variables == b.variables

    def canonical(result: object) -> list[tuple[str, ...]]:
        rows = []
        for row in result.rows:  # type: ignore[attr-defined]
            cells = []
            for v in result.variables:  # type: ignore[attr-defined]
                term = row.get(v)
                if term is None:
                    cells.append("")
                elif getattr(term, "datatype", None) is not None and \
                        term.datatype.value.endswith(("#decimal", "#integer", "#double")):
                    cells.append(str(float(term.value)))  # 10 vs 10.0 spell the same number
                else:
                    # GROUP_CONCAT's order is unspecified: compare a concatenation as a set.
                    cells.append(", ".join(sorted(str(term.value).split(", "))))
            rows.append(tuple(cells))
        return sorted(rows)

    assert canonical(a) == canonical(b)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_query_runs_on_the_real_graph_with_its_documented_example(name: str,
                                                                  tmp_path: Path) -> None:
    graph = _real_graph(tmp_path)
    result = kg.query(name=name, params=CATALOGUE[name].example_args, graph=graph, timeout=60)
    assert result.kind == "select"


def test_concatenated_answers_agree_across_engines_on_the_real_graph(tmp_path: Path) -> None:
    """target-systems concatenates each target's outcomes: on the real graph some targets have
    none, which rdflib used to refuse ("Variable outcome is not bound"); both engines now give
    the same rows, outcomes in alphabetical order."""
    graph = _real_graph(tmp_path)
    entry = CATALOGUE["target-systems"]
    rows = []
    for engine in (OxigraphEngine(open_store(graph)), RdflibEngine(load_graph(graph))):
        rows.append([tuple(str(r[v]) for v in ("system", "target", "mediates"))
                     for r in engine.run(entry.text).records()])
    assert rows[0] == rows[1]
    mediates = {target: outcomes for _, target, outcomes in rows[0]}
    assert mediates["mu-type opioid receptor"].startswith("abuse liability, analgesia, ")
    assert "" in mediates.values()  # a target of a system that mediates nothing curated


_BUILT: list[Path] = []


def _real_graph(tmp_path: Path) -> Path:
    if not _BUILT:
        out = tmp_path / "real"
        kg.build(locations=kg.Locations.at(PROJECT, build=out))
        _BUILT.append(out / "kratom.nt")
    return _BUILT[0]


def test_malformed_headers_are_reported_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ summary: x\n#+ param compound entity\nSELECT ?compound WHERE {}\n")
    with pytest.raises(CatalogueError, match=r"bad.rq:2: malformed parameter"):
        read_query(bad)
    bad.write_text("#+ summary: x\n#+ param thing: entity = a -- b\nSELECT ?x WHERE {}\n")
    with pytest.raises(CatalogueError, match="'thing' is not a variable"):
        read_query(bad)


def test_unknown_query_name_suggests_the_closest() -> None:
    with pytest.raises(CatalogueError, match="did you mean 'compound-targets'"):
        kg.query(name="compound-target")


def test_every_catalogue_query_is_documented() -> None:
    docs = (PROJECT / "docs" / "queries.md").read_text(encoding="utf-8")
    for name in CATALOGUE:
        assert f"`{name}`" in docs, f"docs/queries.md does not document `{name}`"
