"""Path lookups on the mini fixture, with the ranking worked out by hand, plus end-to-end runs
of `kg path` on the real graph.

Worked example, compound A → risk R (rank weights from the ontology: in vitro 0.5, animal 0.6,
review 0.3; each source counts once with its strongest evidence, sources combine by noisy-OR,
contradicting sources discount):

    A → receptor A        alpha2020 in vitro 0.5, beta2021 review 0.3   1 - 0.5·0.7        = 0.65
    receptor A → risk R   beta2021 review                               0.3
    A → effect E          alpha2020 animal                              0.6
    effect E → risk R     beta2021 review                               0.3
    receptor A → effect E alpha2020 + beta2021, both animal             1 - 0.4·0.4        = 0.84
    A → compound B        alpha2020 in vitro                            0.5
    B → receptor A        alpha2020 in vitro, contradicted by beta2021  0.5 · (1 - 0.3)    = 0.35
    A → plant X           beta2021 review                               0.3
    plant X → effect E    gamma2019 self-report                         0.3

    A → receptor A → risk R                          0.65 · 0.3               = 0.195
    A → effect E → risk R                            0.6 · 0.3                = 0.18
    A → receptor A → effect E → risk R               0.65 · 0.84 · 0.3        = 0.1638
    A → compound B → receptor A → risk R             0.5 · 0.35 · 0.3         = 0.0525
    A → compound B → receptor A → effect E → risk R  0.5 · 0.35 · 0.84 · 0.3  = 0.0441
    A → plant X → effect E → risk R                  0.3 · 0.3 · 0.3          = 0.027
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from conftest import PROJECT
from kg.cli import main
from kg.errors import NodeNotFound, NoPath, PathError
from kg.model.claim import Claim, Evidence, Stance
from kg.path.search import PathGraph, find_paths
from kg.read.evidence import hop_support
from kg.read.projection import load_projection

A, B, RECA = "compound A", "compound B", "receptor A"


@pytest.fixture(scope="module")
def graph(mini_graph: Path) -> PathGraph:
    return PathGraph(load_projection(mini_graph.with_name("kratom.projection.json")))


def labels(graph: PathGraph, result: object) -> list[tuple[tuple[str, ...], float]]:
    return [(tuple(graph.label(n) for n in p.nodes), round(p.score, 6))
            for p in result.paths]  # type: ignore[attr-defined]


WEIGHTS = {"in_vitro": 0.5, "review": 0.3}


def test_hop_support_is_noisy_or_over_sources_discounted_by_contradictions() -> None:
    def claim(stance: str, evidence: str, *sources: str, inferred: str = "") -> Claim:
        return Claim("c", "s", "p", "o", sources, Evidence(evidence), Stance(stance),
                     inferred=inferred)

    def support(*claims: Claim) -> float:
        return hop_support(claims, WEIGHTS)

    assert support(claim("supports", "in_vitro", "a"), claim("supports", "review", "b")) == 0.65
    # one source counts once, with its strongest claim
    assert support(claim("supports", "in_vitro", "a"), claim("supports", "review", "a")) == 0.5
    assert support(claim("supports", "in_vitro", "a"), claim("contradicts", "review", "b")) == 0.35
    assert support(claim("contradicts", "review", "b")) == 0.0
    # an inferred claim counts at half its evidence type's weight: 1 - (1 - 0.25)(1 - 0.3)
    assert support(claim("supports", "in_vitro", "a", inferred="receptor not named"),
                   claim("supports", "review", "b")) == 0.475


def test_worked_example_ranking(graph: PathGraph) -> None:
    result = find_paths(graph, "compound-a", "risk-r", limit=10)
    assert labels(graph, result) == [
        ((A, RECA, "risk R"), 0.195),
        ((A, "effect E", "risk R"), 0.18),
        ((A, RECA, "effect E", "risk R"), 0.1638),
        ((A, B, RECA, "risk R"), 0.0525),
        ((A, B, RECA, "effect E", "risk R"), 0.0441),
        # plant X -> effect E rests on one survey claim the curator inferred (a motive read as
        # an effect): half the self-report weight, 0.3 x 0.15 x 0.3
        ((A, "plant X", "effect E", "risk R"), 0.0135),
    ]
    assert result.stopped_by is None


def test_rank_shortest_orders_by_hops_then_support(graph: PathGraph) -> None:
    result = find_paths(graph, "compound-a", "risk-r", limit=10, rank="shortest")
    assert [len(p.hops) for p in result.paths] == [2, 2, 3, 3, 3, 4]
    assert labels(graph, result)[0] == ((A, RECA, "risk R"), 0.195)


def test_bounds_on_hops_and_results(graph: PathGraph) -> None:
    result = find_paths(graph, "compound-a", "risk-r", max_hops=2)
    assert [len(p.hops) for p in result.paths] == [2, 2]
    assert len(find_paths(graph, "compound-a", "risk-r", limit=3).paths) == 3


def test_names_resolve_by_label_synonym_and_curie(graph: PathGraph) -> None:
    assert graph.resolve("CA") == graph.resolve("compound a") == graph.resolve("CHEBI:15377")
    with pytest.raises(NodeNotFound, match=r"no entity named 'compund A' \(did you mean 'compound A'"):
        graph.resolve("compund A")


def test_direction_is_followed_unless_backwards(graph: PathGraph) -> None:
    with pytest.raises(NoPath, match="try --max-hops 5 or --backwards"):
        find_paths(graph, "effect-e", "compound-a")
    result = find_paths(graph, "effect-e", "compound-a", backwards=True, limit=1)
    [hop] = result.paths[0].hops
    assert hop.forward is False and graph.label(hop.object) == A


def test_evidence_filter(graph: PathGraph) -> None:
    with pytest.raises(NoPath):
        find_paths(graph, "compound-a", "risk-r", min_evidence="animal")
    result = find_paths(graph, "compound-a", "effect-e", min_evidence="animal", limit=10)
    assert labels(graph, result) == [((A, "effect E"), 0.6)]
    with pytest.raises(PathError, match="unknown evidence type 'strong'"):
        find_paths(graph, "compound-a", "effect-e", min_evidence="strong")


def test_via_and_exclude(graph: PathGraph) -> None:
    via_b = find_paths(graph, "compound-a", "risk-r", via=["compound B"], limit=10)
    assert [p[0] for p in labels(graph, via_b)] == [(A, B, RECA, "risk R"),
                                                    (A, B, RECA, "effect E", "risk R")]
    via_class = find_paths(graph, "compound-a", "risk-r", via=["Effect"], limit=10)
    assert all("effect E" in p[0] for p in labels(graph, via_class)) and len(via_class.paths) == 4
    no_receptor = find_paths(graph, "compound-a", "risk-r", exclude=["RECA"], limit=10)
    assert [p[0] for p in labels(graph, no_receptor)] == [(A, "effect E", "risk R"),
                                                          (A, "plant X", "effect E", "risk R")]


def test_antagonist_and_inhibitor_hops_are_shown_as_blocking(graph: PathGraph) -> None:
    result = find_paths(graph, "compound-a", "ENZA")
    assert result.paths[0].hops[0].blocks is True
    result = find_paths(graph, "compound-a", "RECA", limit=1)
    assert result.paths[0].hops[0].blocks is False


def test_same_entity_and_bad_bounds(graph: PathGraph) -> None:
    with pytest.raises(PathError, match="same entity"):
        find_paths(graph, "CA", "compound-a")
    with pytest.raises(PathError):
        find_paths(graph, "compound-a", "risk-r", max_hops=0)


def test_time_bound_is_reported(graph: PathGraph) -> None:
    result = find_paths(graph, "compound-a", "risk-r", limit=10, max_candidates=2)
    assert result.stopped_by == "examined 2 candidate paths" and len(result.paths) == 2


def test_json_output_carries_hops_values_and_sources(mini_graph: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["path", "compound-a", "risk-r", "--graph",
                               str(mini_graph.with_name("kratom.projection.json")), "--format",
                               "json", "--limit", "1"], prog_name="kg")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    [path] = data["paths"]
    assert path["score"] == 0.195
    first = path["hops"][0]
    assert first["predicate"]["label"] == "partial agonist of"
    assert first["direction"] == "forward" and first["evidence"] == ["in_vitro", "review"]
    measured = {c["measure"] for c in first["claims"] if "measure" in c}
    assert measured == {"Emax", "Ki"}
    [emax] = [c for c in first["claims"] if c.get("measure") == "Emax"]
    assert emax["value"] == "45" and emax["comparator"] == "REF-1" and emax["bias"] == "g_protein"
    assert emax["labels"]["bias"] == "G protein-biased"
    assert "Emax 45 % vs REF-1" in emax["text"]
    assert first["inferred"] is False and first["disputed"] == []
    assert [s["id"] for s in first["sources"]] == ["alpha2020", "beta2021"]
    assert first["sources"][0]["doi"] == "10.5555/alpha.2020"


@pytest.mark.parametrize(("source", "target", "expect"), [
    ("mitragynine", "respiratory depression", "mu-type opioid receptor"),
    ("7-OH", "analgesia", "mu-type opioid receptor"),
    ("mitragynine", "antinociception", "antinociception"),
])
def test_cli_on_the_real_graph(source: str, target: str, expect: str,
                               real_build: kg.Locations) -> None:
    result = CliRunner().invoke(main, ["path", source, target, "--graph",
                                       str(real_build.graph_file("projection.json"))],
                                prog_name="kg")
    assert result.exit_code == 0, result.output
    assert expect in result.output and "doi:" in result.output


def test_cli_errors_exit_1(mini_graph: Path) -> None:
    graph = str(mini_graph.with_name("kratom.projection.json"))
    runner = CliRunner()
    unknown = runner.invoke(main, ["path", "nobody", "risk-r", "--graph", graph])
    assert unknown.exit_code == 1 and "no entity named 'nobody'" in unknown.output
    none = runner.invoke(main, ["path", "risk-r", "compound-a", "--graph", graph])
    assert none.exit_code == 1 and "no path from risk R to compound A" in none.output


def test_names_match_across_greek_letters_hyphens_and_case(tmp_path: Path) -> None:
    out = tmp_path / "build"
    kg.build(locations=kg.Locations.at(PROJECT, build=out))
    graph = kg.path_graph(out / "kratom.projection.json")
    oprm1 = graph.resolve("OPRM1")
    assert graph.resolve("mu opioid receptor") == graph.resolve("μ-Opioid Receptor") == oprm1
    rows = kg.query(name="target-ligands", params={"target": "mu opioid receptor",
                                                   "measure": "Ki"},
                    graph=out / "kratom.nt", timeout=None)
    assert {r["target"] for r in rows.records()} == {oprm1}


def test_evidence_filter_knows_every_type_even_when_unused(graph: PathGraph) -> None:
    """The mini graph has no human trial, so asking for one finds no path, not a bad name."""
    assert graph.projection.weights["human_trial"] == 0.9
    with pytest.raises(NoPath):
        find_paths(graph, "compound-a", "effect-e", min_evidence="human_trial")


def test_paths_from_a_built_graph_read_only_the_reachable_part(mini_graph: Path,
                                                                tmp_path: Path) -> None:
    """`--graph` with the N-Triples file or an on-disk store fetches just what paths can use, and
    answers exactly as the prepared projection does."""
    from kg.graph.store import write_store

    store = tmp_path / "kratom.oxigraph"
    write_store(mini_graph, store)
    projection = mini_graph.with_name("kratom.projection.json")
    runner = CliRunner()
    expected = runner.invoke(main, ["path", "compound A", "risk R", "--graph", str(projection),
                                    "--format", "json"], prog_name="kg")
    assert expected.exit_code == 0, expected.output
    for graph in (mini_graph, store):
        answer = runner.invoke(main, ["path", "compound A", "risk R", "--graph", str(graph),
                                      "--format", "json"], prog_name="kg")
        assert answer.exit_code == 0, answer.output
        assert json.loads(answer.output) == json.loads(expected.output)
    part = kg.search_graph(mini_graph, "compound A", "risk R", max_hops=2)
    whole = kg.path_graph(projection)
    assert set(part.projection.nodes) < set(whole.projection.nodes)
    assert not any(n.endswith(("/land-j", "/plant-x")) for n in part.projection.nodes)
    with pytest.raises(kg.KGError, match="no entity named"):
        kg.search_graph(mini_graph, "compound Q", "risk R")
