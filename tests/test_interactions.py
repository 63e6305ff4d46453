"""`kg interactions`: kratom with a medicine, worked by hand on the mini dataset with medicines
added (tests/fixtures/interactions), then the worked cases of the real graph.

Mini dataset. Grade scores: established 0.95, probable 0.8, preliminary 0.5.

    drug M  shown in people   plant X increases exposure of drug M: one trial (GMR 1.4)  probable
                              plant X interacts with drug M (risk R): one case report    preliminary
            pharmacokinetic   compound A —inhibits [probable]→ enzyme A
                              ←substrate of [probable: a regulator's table]— drug M       0.8·0.8 = 0.64
            pharmacodynamic   compound A —partial agonist of [probable]→ receptor A
                              ←agonist of [preliminary: a label, supportive]— drug M      0.8·0.5 = 0.4
                              compound B —agonist of [probable]→ receptor A ← drug M      0.8·0.5 = 0.4
                              receptor A mediates effect E [established], risk R [preliminary]
    drug N  shown in people   plant X increases exposure of drug N: the trial found no
                              change (GMR 0.99, 90% CI 0.83-1.19)                         contradicted
            pharmacokinetic   compound A —inhibits→ enzyme A ←substrate of— drug N        0.64,
                              not seen in people (the trial above)
    drug Q  nothing: it raises risk S, which no part of kratom is said to raise.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.errors import NodeNotFound
from kg.read.interactions import (
    Interactions,
    as_dict,
    as_text,
    interactions,
    kratom_side,
    medicines,
    ranked_medicines,
    resolve_medicine,
)
from kg.read.projection import Projection, load_projection

E = "https://w3id.org/kratom-kg/entity/"


@pytest.fixture(scope="module")
def projection(interactions_graph: Path) -> Projection:
    return load_projection(interactions_graph.with_name("kratom.projection.json"))


def lookup(projection: Projection, name: str) -> Interactions:
    medicine, _ = resolve_medicine(projection, name)
    return interactions(projection, medicine)


def chain(projection: Projection, steps: object) -> tuple[str, ...]:
    return tuple(f"{projection.label(s.subject)}|{s.graded.grade}|{projection.label(s.object)}"
                 for s in steps)  # type: ignore[attr-defined]


def test_kratom_is_the_plant_its_compounds_and_their_metabolites(projection: Projection) -> None:
    side = kratom_side(projection)
    assert side == {E + "plant-x": "", E + "compound-a": "found in plant X",
                    E + "compound-b": "metabolite of compound A"}
    assert [projection.label(m) for m in medicines(projection)] == ["drug M", "drug N", "drug Q"]


def test_drug_m_worked_example(projection: Projection) -> None:
    result = lookup(projection, "Brandix")  # its brand name
    shown = [(projection.label(f.step.subject), projection.relations[f.step.graded.relation],
              f.step.graded.grade, f.where) for f in result.shown]
    assert shown == [("plant X", "increases exposure of", "probable", "people"),
                     ("plant X", "interacts with", "preliminary", "people")]
    pk = [r for r in result.predicted if r.kind == "pharmacokinetic"]
    pd = [r for r in result.predicted if r.kind == "pharmacodynamic"]
    assert [(chain(projection, r.steps), round(r.score, 6)) for r in pk] == [
        (("compound A|probable|enzyme A", "enzyme A|probable|drug M"), 0.64)]
    assert pk[0].steps[1].forward is False and pk[0].not_seen == ()
    assert [(chain(projection, r.steps), round(r.score, 6)) for r in pd] == [
        (("compound A|probable|receptor A", "receptor A|preliminary|drug M"), 0.4),
        (("compound B|probable|receptor A", "receptor A|preliminary|drug M"), 0.4)]
    assert pd[0].expect == ("additive effects at receptor A: compound A activates it, drug M "
                            "activates it")
    assert [(projection.label(s.object), s.graded.grade) for s in pd[0].outcomes] == [
        ("effect E", "established"), ("risk R", "preliminary")]


def test_a_prediction_people_did_not_bear_out_is_shown_with_the_measurement(
        projection: Projection) -> None:
    """Enzyme A clears drug N and compound A inhibits it, so drug N's exposure might rise; the
    trial of plant X tea found it unchanged. Both are shown: the route, and under it the trial."""
    result = lookup(projection, "drug N")
    [finding] = result.in_people
    assert finding.step.graded.grade == "contradicted"
    [route] = result.predicted
    assert route.kind == "pharmacokinetic" and [f.step for f in route.not_seen] == [finding.step]
    text = as_text(result)
    assert ("not seen in people: plant X increases exposure of drug N — contradicted (1 trial in "
            "people against); GMR of AUC 0.99 (90% CI 0.83 to 1.19) vs drug N alone") in text


def test_a_medicine_with_no_route(projection: Projection) -> None:
    result = lookup(projection, "drug Q")
    assert result.shown == [] and result.predicted == []
    text = as_text(result)
    assert text.count("none in the graph") == 2 and text.count("no route in the graph") == 2
    assert [projection.label(r.medicine) for r in ranked_medicines(projection)] == [
        "drug M", "drug N"]


def test_names_that_are_not_medicines(projection: Projection) -> None:
    with pytest.raises(NodeNotFound, match=r"compound A is not a medicine of the graph "
                                           r"\(alkaloid, compound\); medicines: drug M, drug N"):
        resolve_medicine(projection, "compound A")
    with pytest.raises(NodeNotFound, match=r"no entity named 'drugg M' \(did you mean 'drug M'"):
        resolve_medicine(projection, "drugg M")


def test_text_json_and_limit(projection: Projection) -> None:
    result = lookup(projection, "drug M")
    text = as_text(result)
    assert text.startswith("Kratom and drug M\n\nShown in people:\n  • plant X → drug M: "
                           "increases exposure of — probable (1 trial in people for)\n"
                           "      GMR of AUC 1.4 (90% CI 1.2 to 1.6) vs drug M alone")
    assert "  1. drug M exposure may rise: compound A inhibits enzyme A, which clears drug M " \
           "(score 0.64)\n     compound A —inhibits [probable]→ enzyme A ←substrate of " \
           "[probable]— drug M" in text
    assert "[delta2023] Delta et al. (2023) PMID:1000004" in text
    limited = as_text(result, limit=1)
    assert "… and 1 more pharmacodynamic route(s)" in limited
    data = as_dict(result)
    assert data["medicine"]["label"] == "drug M"
    [trial, case] = data["shown_in_people"]
    [gmr] = trial["claims"]
    assert (gmr["measure"], gmr["value"], gmr["ci_low"], gmr["ci_high"]) == \
        ("gmr_auc", "1.4", "1.2", "1.6")
    assert case["claims"][0]["outcome"] == E + "risk-r"
    assert [r["kind"] for r in data["predicted"]] == ["pharmacokinetic", "pharmacodynamic",
                                                      "pharmacodynamic"]
    assert data["predicted"][0]["steps"][1]["reads_as"] == "substrate of (backwards)"


def test_cli_text_json_html_and_ranking(interactions_graph: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    graph = str(interactions_graph.with_name("kratom.projection.json"))
    ranked = runner.invoke(main, ["interactions", "--graph", graph], prog_name="kg")
    assert ranked.exit_code == 0, ranked.output
    assert ranked.output.splitlines()[2].startswith(
        "drug M: shown in people: plant X increases exposure of [probable]; plant X interacts "
        "with [preliminary]")
    as_json = runner.invoke(main, ["interactions", "--graph", graph, "--format", "json"])
    assert [m["medicine"] for m in json.loads(as_json.output)["medicines"]] == ["drug M",
                                                                               "drug N"]
    page = tmp_path / "drug-n.html"
    html = runner.invoke(main, ["interactions", "drug N", "--graph", graph, "--format", "html",
                                "--out", str(page)])
    assert html.exit_code == 0, html.output
    text = page.read_text(encoding="utf-8")
    assert "<h1>Kratom and drug N</h1>" in text and 'class="kg-not-seen"' in text
    unknown = runner.invoke(main, ["interactions", "aspirinn", "--graph", graph])
    assert unknown.exit_code == 1 and "no entity named 'aspirinn'" in unknown.output
    no_html = runner.invoke(main, ["interactions", "--graph", graph, "--format", "html"])
    assert no_html.exit_code == 2 and "name a DRUG" in no_html.output


def test_the_same_answer_from_a_built_graph_file(interactions_graph: Path) -> None:
    from_file = kg.interactions("drug M", graph=interactions_graph)
    prepared = kg.interactions("drug M", graph=interactions_graph.with_name(
        "kratom.projection.json"))
    assert not isinstance(from_file, list) and not isinstance(prepared, list)
    assert as_dict(from_file) == as_dict(prepared)


# ------------------------------------------------------------------------- the real graph


@pytest.fixture(scope="module")
def real(real_build: kg.Locations) -> Projection:
    return load_projection(real_build.graph_file("projection.json"))


def test_real_midazolam_shows_the_clinical_ratio_and_the_cyp3a_route(real: Projection) -> None:
    result = lookup(real, "midazolam")
    [trial] = [f for f in result.in_people
               if real.relations[f.step.graded.relation] == "increases exposure of"]
    values = {(c.measure, str(c.value), str(c.ci_low), str(c.ci_high)) for c in trial.step.claims}
    assert ("gmr_auc", "1.39", "1.23", "1.57") in values
    assert trial.step.graded.grade in ("probable", "established")
    routes = [chain(real, r.steps) for r in result.predicted if r.kind == "pharmacokinetic"]
    assert any(r[0].startswith("mitragynine|") and "cytochrome P450 3A4" in r[0]
               and r[1].endswith("|midazolam") for r in routes)


def test_real_dextromethorphan_shows_the_disagreement(real: Projection) -> None:
    """Mitragynine inhibits CYP2D6 in vitro; in people, kratom tea left dextromethorphan's
    exposure unchanged. The route through CYP2D6 is shown with the trial under it."""
    result = lookup(real, "dextromethorphan")
    [trial] = result.in_people
    assert trial.step.graded.grade == "contradicted"
    [cyp2d6] = [r for r in result.predicted if "cytochrome P450 2D6" in chain(real, r.steps)[0]]
    assert cyp2d6.not_seen and cyp2d6.not_seen[0].step == trial.step
    assert "not seen in people" in as_text(result)


def test_real_oxycodone_has_both_kinds_of_route(real: Projection) -> None:
    result = lookup(real, "oxycodone")
    kinds = {r.kind for r in result.predicted}
    assert kinds == {"pharmacokinetic", "pharmacodynamic"}
    mor = [r for r in result.predicted
           if r.kind == "pharmacodynamic" and r.steps[0].object == E + "OPRM1"]
    assert mor and mor[0].expect.startswith("additive effects at mu-type opioid receptor")
    assert E + "respiratory-depression" in {s.object for s in mor[0].outcomes}
    assert any(r.kind == "pharmacokinetic" and r.steps[0].object == E + "CYP3A4"
               for r in result.predicted)


def test_real_ranking_puts_medicines_shown_in_people_first(real: Projection) -> None:
    ranked = ranked_medicines(real)
    assert len(ranked) >= 25
    first = real.label(ranked[0].medicine)
    assert first == "midazolam", first
    people = [r.strength[0] for r in ranked]
    assert people == sorted(people, reverse=True)
