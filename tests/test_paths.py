"""Path lookups on the mini fixture, with the ranking worked out by hand, plus end-to-end runs
of `kg path` on the real graph.

Worked example. Each hop is walked as its best-graded relation and scores its grade's rank score
(established 0.95, probable 0.8, preliminary 0.5, reported 0.3, inferred 0.25; docs/grading.md):

    A → receptor A        partial agonist of: alpha2020 in vitro (direct)      probable     0.8
    A → compound B        metabolised to: alpha2020 in vitro                   probable     0.8
    B → receptor A        agonist of: alpha2020 in vitro; beta2021 review
                          against (weak, does not outweigh a direct test)     probable     0.8
    receptor A → risk R   mediates: beta2021 review (supportive)               preliminary  0.5
    receptor A → effect E mediates: alpha2020 + beta2021 animal (direct)       established  0.95
    effect E → risk R     leads to: beta2021 review (weak)                     reported     0.3
    A → effect E          produces (association): alpha2020 animal             probable     0.8
    plant X → effect E    produces (association): one inferred survey claim    inferred     0.25
    A → plant X           found in (composition): beta2021 review              reported     0.3

    mechanisms   A → receptor A → risk R                          0.8 · 0.5               = 0.4
                 A → B → receptor A → risk R                      0.8 · 0.8 · 0.5         = 0.32
                 A → receptor A → effect E → risk R               0.8 · 0.95 · 0.3        = 0.228
                 A → B → receptor A → effect E → risk R           0.8 · 0.8 · 0.95 · 0.3  = 0.1824
    association  A → effect E → risk R                            0.8 · 0.3               = 0.24

The association scores above the two longest mechanisms but is listed after every mechanism.
There is no path A → plant X → effect E → risk R: compound A does not borrow the effects of the
plant it is found in. From plant X, "contains" opens paths (plant X → A → …).
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
from kg.path.search import PathGraph, PathResult, find_paths
from kg.read.projection import load_projection

A, B, RECA = "compound A", "compound B", "receptor A"


@pytest.fixture(scope="module")
def graph(mini_graph: Path) -> PathGraph:
    return PathGraph(load_projection(mini_graph.with_name("kratom.projection.json")))


def labels(graph: PathGraph, result: PathResult) -> list[tuple[str, tuple[str, ...], float]]:
    return [(p.kind, tuple(graph.label(n) for n in p.nodes), round(p.score, 6))
            for p in result.paths]


def test_worked_example_ranking(graph: PathGraph) -> None:
    result = find_paths(graph, "compound-a", "risk-r", limit=10)
    assert labels(graph, result) == [
        ("mechanism", (A, RECA, "risk R"), 0.4),
        ("mechanism", (A, B, RECA, "risk R"), 0.32),
        ("mechanism", (A, RECA, "effect E", "risk R"), 0.228),
        ("mechanism", (A, B, RECA, "effect E", "risk R"), 0.1824),
        ("association", (A, "effect E", "risk R"), 0.24),
    ]
    assert result.stopped_by is None
    first = result.paths[0].hops
    assert [(h.grade, h.role, h.score) for h in first] == [
        ("probable", "mechanism", 0.8), ("preliminary", "mechanism", 0.5)]


def test_a_compound_never_borrows_the_effects_of_its_plant(graph: PathGraph) -> None:
    """compound A is found in plant X, and plant X is said to produce effect E; no path climbs
    from the compound to the plant and on to the plant's effect."""
    result = find_paths(graph, "compound-a", "effect-e", limit=20, max_hops=6)
    assert all("plant X" not in [graph.label(n) for n in p.nodes] for p in result.paths)
    # the plant's composition opens a path from the plant, walked as "contains"
    from_plant = find_paths(graph, "plant-x", "risk-r", limit=10)
    assert labels(graph, from_plant) == [
        ("mechanism", ("plant X", A, RECA, "risk R"), 0.12),
        ("mechanism", ("plant X", A, B, RECA, "risk R"), 0.096),
        ("mechanism", ("plant X", A, RECA, "effect E", "risk R"), 0.0684),
        ("association", ("plant X", "effect E", "risk R"), 0.075),
        ("association", ("plant X", A, "effect E", "risk R"), 0.072),
    ]
    contains = from_plant.paths[0].hops[0]
    assert contains.forward is False and contains.role == "composition"
    assert graph.projection.walked_as(contains.relation, forward=False) == "contains"
    # compound A has no path to risk S; plant X, in which it is found, has one, and the
    # answer says so rather than borrowing it
    with pytest.raises(NoPath, match=r"compound A is found in plant X, which has paths to "
                                     r"risk S; they are not taken as paths of the compound"):
        find_paths(graph, "compound-a", "risk-s")
    # into the plant, "found in" may close a path
    [found_in] = find_paths(graph, "compound-a", "plant-x").paths
    assert found_in.kind == "composition" and found_in.hops[0].forward is True


def test_kind_option_and_context_paths(graph: PathGraph) -> None:
    only = find_paths(graph, "compound-a", "risk-r", kind="association", limit=10)
    assert labels(graph, only) == [("association", (A, "effect E", "risk R"), 0.24)]
    mechanisms = find_paths(graph, "compound-a", "risk-r", kind="mechanism", limit=10)
    assert {p.kind for p in mechanisms.paths} == {"mechanism"} and len(mechanisms.paths) == 4
    regulated = find_paths(graph, "plant-x", "land-j")
    assert labels(graph, regulated) == [("context", ("plant X", "land J"), 0.95)]
    with pytest.raises(NoPath, match=r"no mechanism path .* or --kind all"):
        find_paths(graph, "plant-x", "land-j", kind="mechanism")
    with pytest.raises(PathError, match="unknown kind of path 'causal'"):
        find_paths(graph, "plant-x", "land-j", kind="causal")


def test_rank_shortest_orders_by_hops_then_score(graph: PathGraph) -> None:
    result = find_paths(graph, "compound-a", "risk-r", limit=10, rank="shortest")
    assert [len(p.hops) for p in result.paths] == [2, 3, 3, 4, 2]
    assert labels(graph, result)[0] == ("mechanism", (A, RECA, "risk R"), 0.4)


def test_bounds_on_hops_and_results(graph: PathGraph) -> None:
    result = find_paths(graph, "compound-a", "risk-r", max_hops=2)
    assert [(p.kind, len(p.hops)) for p in result.paths] == [("mechanism", 2), ("association", 2)]
    limited = find_paths(graph, "compound-a", "risk-r", limit=1)
    assert [p.kind for p in limited.paths] == ["mechanism", "association"]


def test_names_resolve_by_label_synonym_and_curie(graph: PathGraph) -> None:
    assert graph.resolve("CA") == graph.resolve("compound a") == graph.resolve("CHEBI:15377")
    with pytest.raises(NodeNotFound, match=r"no entity named 'compund A' \(did you mean 'compound A'"):
        graph.resolve("compund A")


def test_names_found_by_their_words_say_so_and_ambiguity_is_offered(graph: PathGraph) -> None:
    """A name that is no entity's own, but whose words all occur in the names of one entity,
    is taken as that entity and the result says so; several candidates are offered with their
    classes, never guessed between."""
    result = find_paths(graph, "compound-a", "receptor")
    assert graph.label(result.target) == RECA
    assert result.notes == ("'receptor' taken as receptor A",)
    with pytest.raises(NodeNotFound) as offered:
        find_paths(graph, "compound", "risk-r")
    assert str(offered.value) == (
        "no entity is named 'compound'; entities whose names contain it: compound A (alkaloid, "
        "compound); compound B (alkaloid, compound, metabolite)")
    with pytest.raises(NodeNotFound, match=r"no entity named 'zebra'"):
        graph.resolve("zebra")


def test_real_graph_answers_addiction_through_a_vocabulary_name(real_build: kg.Locations) -> None:
    """`kg path kratom addiction`: no entity is called addiction; dependence carries the name
    "drug addiction" from a standard vocabulary, so the question is answered for dependence,
    and says so — from the prepared projection and from the built graph alike."""
    runner = CliRunner()
    for graph in (real_build.graph_file("projection.json"), real_build.graph_file("nt")):
        out = runner.invoke(main, ["path", "kratom", "addiction", "--graph", str(graph),
                                   "--format", "json"], prog_name="kg")
        assert out.exit_code == 0, out.output
        data = json.loads(out.output)
        assert data["to"]["label"] == "dependence"
        assert data["notes"] == ["'addiction' taken as dependence, by its name 'drug addiction'"]
        assert data["paths"][0]["hops"][0]["grade"]["grade"] == "probable"
    ambiguous = runner.invoke(main, ["path", "kratom", "withdrawal", "--graph",
                                     str(real_build.graph_file("projection.json"))])
    assert ambiguous.exit_code == 1
    assert "withdrawal syndrome (risk)" in ambiguous.output
    assert "opioid withdrawal relief (effect)" in ambiguous.output


def test_direction_is_followed_unless_backwards(graph: PathGraph) -> None:
    with pytest.raises(NoPath, match="try --max-hops 5 or --backwards"):
        find_paths(graph, "effect-e", "compound-a")
    result = find_paths(graph, "effect-e", "compound-a", backwards=True, limit=1)
    mechanism, association = result.paths
    assert [graph.label(n) for n in mechanism.nodes] == ["effect E", RECA, A]
    [hop] = association.hops
    assert hop.forward is False and graph.label(hop.object) == A
    assert graph.projection.walked_as(hop.relation, forward=False) == "produces (backwards)"


def test_evidence_and_grade_filters(graph: PathGraph) -> None:
    # only animal evidence or stronger: the review behind effect E → risk R no longer counts
    with pytest.raises(NoPath):
        find_paths(graph, "compound-a", "risk-r", min_evidence="animal")
    result = find_paths(graph, "compound-a", "effect-e", min_evidence="animal", limit=10)
    assert labels(graph, result) == [("association", (A, "effect E"), 0.8)]
    with pytest.raises(PathError, match="unknown evidence type 'strong'"):
        find_paths(graph, "compound-a", "effect-e", min_evidence="strong")
    # only hops graded probable or better: receptor A → risk R (preliminary) drops out
    with pytest.raises(NoPath, match="a weaker --min-grade"):
        find_paths(graph, "compound-a", "risk-r", min_grade="probable")
    strong = find_paths(graph, "compound-a", "effect-e", min_grade="probable", limit=10)
    assert labels(graph, strong) == [
        ("mechanism", (A, RECA, "effect E"), 0.76),
        ("mechanism", (A, B, RECA, "effect E"), 0.608),
        ("association", (A, "effect E"), 0.8)]
    with pytest.raises(PathError, match="unknown evidence grade 'good'; expected one of "
                                        "established, probable"):
        find_paths(graph, "compound-a", "effect-e", min_grade="good")


def test_via_and_exclude(graph: PathGraph) -> None:
    via_b = find_paths(graph, "compound-a", "risk-r", via=["compound B"], limit=10)
    assert [p[1] for p in labels(graph, via_b)] == [(A, B, RECA, "risk R"),
                                                    (A, B, RECA, "effect E", "risk R")]
    via_class = find_paths(graph, "compound-a", "risk-r", via=["Effect"], limit=10)
    assert all("effect E" in p[1] for p in labels(graph, via_class)) and len(via_class.paths) == 3
    no_receptor = find_paths(graph, "compound-a", "risk-r", exclude=["RECA"], limit=10)
    assert labels(graph, no_receptor) == [("association", (A, "effect E", "risk R"), 0.24)]


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
    assert result.stopped_by == "examined 2 candidate paths while looking for mechanism paths"
    assert len(result.paths) == 2


def test_json_output_carries_hops_values_and_sources(mini_graph: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["path", "compound-a", "risk-r", "--graph",
                               str(mini_graph.with_name("kratom.projection.json")), "--format",
                               "json", "--limit", "1"], prog_name="kg")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["kinds"] == ["mechanism", "association", "context"]
    mechanism, association = data["paths"]
    assert (mechanism["kind"], mechanism["score"]) == ("mechanism", 0.4)
    assert (association["kind"], association["score"]) == ("association", 0.24)
    first = mechanism["hops"][0]
    assert first["predicate"]["label"] == first["reads_as"] == "partial agonist of"
    assert first["kind"] == "mechanism"
    assert first["grade"] == {"grade": "probable", "summary": "1 in vitro study and 1 review for",
                              "population": ["in vitro"], "score": 0.8}
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
    assert [h["kind"] for h in association["hops"]] == ["association", "mechanism"]


def test_text_output_lists_mechanisms_first_with_grades(graph: PathGraph) -> None:
    from kg.path.report import as_text

    text = as_text(graph, find_paths(graph, "plant-x", "risk-r", limit=1))
    assert text.index("Mechanisms (every hop") < text.index("Associations (at least one hop")
    assert "1. plant X —contains [reported]→ compound A —partial agonist of [probable]→ " \
           "receptor A —mediates [preliminary]→ risk R" in text
    assert "   • plant X → compound A: contains — reported (1 review for)" in text
    assert "   • compound A → receptor A: partial agonist of — probable in vitro " \
           "(1 in vitro study and 1 review for)" in text
    assert "2. plant X —produces [inferred]→ effect E —leads to [reported]→ risk R" in text
    assert "inferred by the curator, not stated by a source" in text
    assert "Direct evidence" not in text  # no claim joins plant X and risk R themselves


def test_direct_evidence_between_the_ends_is_shown_beside_the_chains(graph: PathGraph) -> None:
    """compound A → effect E: a mechanism chain through receptor A, and the claims that state
    the effect of compound A itself (a rat study) — both shown, neither hiding the other."""
    from kg.path.report import as_dict, as_text

    result = find_paths(graph, "compound-a", "effect-e")
    text = as_text(graph, result)
    assert "Direct evidence: compound A produces effect E — probable in animals " \
           "(1 animal study for)" in text
    assert text.index("Direct evidence") < text.index("Mechanisms")
    data = as_dict(graph, result)
    assert data["direct"] == [{"predicate": "produces", "kind": "association", "grade": {
        "grade": "probable", "summary": "1 animal study for", "population": ["in animals"],
        "score": 0.8}}]


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


@pytest.mark.parametrize(("source", "target"), [
    ("mitragynine", "analgesia"), ("mitragynine", "antinociception"),
    ("7-hydroxymitragynine", "respiratory depression"), ("mitragynine", "liver injury"),
])
def test_real_graph_compound_questions_follow_mechanisms(source: str, target: str,
                                                         real_build: kg.Locations) -> None:
    """A compound's top path to an effect or risk is a mechanism where the graph holds one,
    through the mu receptor for the opioid outcomes; and no path from a compound passes through
    the plant it is found in."""
    graph = kg.path_graph(real_build.graph_file("projection.json"))
    plant = graph.resolve("Mitragyna speciosa")
    result = find_paths(graph, source, target, limit=20)
    for path in result.paths:
        assert plant not in path.nodes, [graph.label(n) for n in path.nodes]
    if target == "liver injury":
        return  # no mechanism is curated; the association is all there is
    top = result.paths[0]
    assert top.kind == "mechanism" and all(h.role == "mechanism" for h in top.hops)
    assert graph.resolve("MOR") in top.nodes
    assert top.hops[0].grade == "established"


def test_real_graph_liver_injury_grade_is_not_erased_by_negative_studies(
        real_build: kg.Locations) -> None:
    """Kratom and liver injury: case reports and animal studies for, two negative studies
    against. The negative studies are shown beside the grade and do not erase it."""
    graph = kg.path_graph(real_build.graph_file("projection.json"))
    result = find_paths(graph, "kratom", "liver injury")
    top = result.paths[0]
    assert top.kind == "association" and len(top.hops) == 1
    hop = top.hops[0]
    assert hop.grade == "probable"
    assert hop.walked.graded.summary.startswith("4 case reports")
    assert "against" in hop.walked.graded.summary


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
