"""Evidence grades, worked case by case with the rules the ontology declares for each relation
(docs/grading.md): each case states the claims, the grade a pharmacologist should read and why.
The grade the builder writes into the graph is the grade every reader computes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

import kg
from conftest import PROJECT
from kg.model.claim import Claim, Evidence, Stance
from kg.model.grading import Graded, Level, Rules, grade_edge, level, rules_table
from kg.model.ontology import Ontology, read_ontology
from kg.model.vocab import KG, term

RISK, EFFECT, TARGET = ("Risk", "Entity"), ("Effect", "Entity"), ("Receptor", "Entity")


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return read_ontology(PROJECT / "ontology" / "kratom.ttl")


def claim(source: str, evidence: str, stance: str = "supports", *, relation: str = "r",
          inferred: str = "", measure: str | None = None, comparator: str = "") -> Claim:
    return Claim(f"claim-{source}-{evidence}-{stance}", "s", relation, "o", (source,),
                 Evidence(evidence), Stance(stance), inferred=inferred, measure=measure,
                 comparator=comparator)


def graded(ontology: Ontology, relation: str, claims: list[Claim],
           object_types: tuple[str, ...]) -> Graded:
    return grade_edge(claims, ontology.relations[relation].rules, object_types,
                      comparative=ontology.comparative)


def test_case_series_and_two_negative_cross_sectional_studies(ontology: Ontology) -> None:
    """A case series of liver injury, and two cross-sectional studies that saw no liver injury.
    Case reports bear on a harm without testing it (supportive: preliminary); a cross-sectional
    sample can miss a rare harm, so its negative finding counts as weak against it. The two
    negative studies are shown beside the grade; they do not erase the case series."""
    result = graded(ontology, "increasesRiskOf", [
        claim("series2020", "case_report"),
        claim("survey2021", "human_observational", "contradicts"),
        claim("survey2022", "human_observational", "contradicts"),
    ], RISK)
    assert result.grade == "preliminary"
    assert result.summary == "1 case report for; 2 observational studies against"
    # three independent case reports reach the count at which LiverTox calls a drug a
    # probable cause of liver injury (below three: a possible one)
    two = graded(ontology, "increasesRiskOf", [claim(f"case{i}", "case_report")
                                               for i in range(2)], RISK)
    assert two.grade == "preliminary"
    more = graded(ontology, "increasesRiskOf", [
        *(claim(f"case{i}", "case_report") for i in range(3)),
        claim("survey2021", "human_observational", "contradicts"),
        claim("survey2022", "human_observational", "contradicts"),
    ], RISK)
    assert more.grade == "probable"


def test_a_single_in_vitro_finding(ontology: Ontology) -> None:
    """One binding assay tests *binds* directly: probable, and it holds in vitro (not yet shown
    in people or animals); a second laboratory's assay makes it established."""
    one = graded(ontology, "binds", [claim("lab2020", "in_vitro")], TARGET)
    assert (one.grade, one.summary, one.where) == ("probable", "1 in vitro study for", "in vitro")
    assert one.text() == "probable in vitro (1 in vitro study for)"
    two = graded(ontology, "binds", [claim("lab2020", "in_vitro"), claim("lab2023", "in_vitro")],
                 TARGET)
    assert two.grade == "established"
    # one laboratory reporting twice is still one source
    again = graded(ontology, "binds", [claim("lab2020", "in_vitro"),
                                       claim("lab2020", "in_vitro", measure="Ki")], TARGET)
    assert again.grade == "probable"


def test_consistent_human_trials(ontology: Ontology) -> None:
    """Two trials in people that both found the effect: established, in people."""
    result = graded(ontology, "produces", [claim("trial2022", "human_trial"),
                                           claim("trial2024", "human_trial")], EFFECT)
    assert (result.grade, result.where) == ("established", "")
    assert result.text() == "established (2 trials in people for)"


def test_an_animal_finding_contradicted_by_a_human_trial(ontology: Ontology) -> None:
    """A rat study found the effect; a trial in people did not. The effect is shown only in
    animals and people give evidence against it: contested, whatever the counts."""
    result = graded(ontology, "produces", [claim("rat2019", "animal"),
                                           claim("trial2024", "human_trial", "contradicts")],
                    EFFECT)
    assert result.grade == "contested"
    assert result.summary == "1 animal study for; 1 trial in people against"
    # several rat studies do not outweigh the trial either
    rats = graded(ontology, "produces", [*(claim(f"rat{i}", "animal") for i in range(3)),
                                         claim("trial2024", "human_trial", "contradicts")],
                  EFFECT)
    assert rats.grade == "contested"


def test_an_inferred_target(ontology: Ontology) -> None:
    """The source showed an opioid effect but never named the receptor; the curator inferred
    it. Every supporting claim is inferred: the grade says so, whatever the evidence type."""
    result = graded(ontology, "agonistOf", [
        claim("ileum2005", "in_vitro", inferred="receptor not named by the source"),
        claim("ileum2005", "in_vitro", inferred="receptor not named", measure="potency_ratio"),
    ], TARGET)
    assert result.grade == "inferred"
    assert result.summary == "1 in vitro study (inferred) for"
    # one stated claim beside the inferred one is graded on what the source states
    stated = graded(ontology, "agonistOf", [
        claim("ileum2005", "in_vitro", inferred="receptor not named"),
        claim("assay2016", "in_vitro")], TARGET)
    assert stated.grade == "probable"
    assert stated.summary == "2 in vitro studies (1 inferred) for"


def test_an_edge_backed_only_by_self_report(ontology: Ontology) -> None:
    """Users say kratom relieves their pain. Surveys of why people use a product do not test
    whether it produces the effect: reported, however many there are."""
    result = graded(ontology, "produces", [claim(f"survey{i}", "self_report_survey")
                                           for i in range(5)], EFFECT)
    assert result.grade == "reported"
    assert result.text() == "reported (5 self-report surveys for)"


def test_observational_evidence_is_direct_only_with_a_comparison(ontology: Ontology) -> None:
    """An observational series of exposed people supports an association; a study that compares
    the exposed with the unexposed (an odds ratio against a named comparator) tests it."""
    rules = ontology.relations["associatedWith"].rules
    series = claim("series", "human_observational")
    compared = claim("cohort", "human_observational", measure="adjusted_odds_ratio",
                     comparator="people who never used kratom")
    assert level(series, rules, ontology.comparative) is Level.SUPPORTIVE
    assert level(compared, rules, ontology.comparative) is Level.DIRECT
    assert graded(ontology, "associatedWith", [compared], RISK).grade == "probable"
    assert graded(ontology, "associatedWith", [series], RISK).grade == "preliminary"


def test_mixed_contested_and_contradicted(ontology: Ontology) -> None:
    """Experiments that found nothing count at their own level: two animal studies for and two
    against an effect are mixed; one for and two against is contested; only against is
    contradicted (the edge is not asserted)."""
    mixed = graded(ontology, "mediates", [
        claim("a1", "animal"), claim("a2", "animal"),
        claim("a3", "animal", "contradicts"), claim("a4", "animal", "contradicts")], EFFECT)
    assert mixed.grade == "mixed"
    contested = graded(ontology, "mediates", [
        claim("a1", "animal"),
        claim("a3", "animal", "contradicts"), claim("a4", "animal", "contradicts")], EFFECT)
    assert contested.grade == "contested"
    only_against = graded(ontology, "binds", [claim("lab", "in_vitro", "contradicts")], TARGET)
    assert (only_against.grade, only_against.summary) == ("contradicted",
                                                          "1 in vitro study against")


def test_scores_follow_grade_order(ontology: Ontology) -> None:
    """Path ranking uses each grade's score: stronger grades score higher, so a ranking never
    puts a weaker grade above a stronger one."""
    graph = ontology.graph
    ranks = {n: int(graph.value(iri, term("gradeRank")))  # type: ignore[arg-type]
             for n, iri in ontology.vocabularies["EvidenceGrade"].items()}
    by_rank = sorted(ontology.grade_scores, key=lambda n: ranks[n])
    scores = [ontology.grade_scores[n] for n in by_rank]
    assert scores == sorted(scores) and len(set(scores)) == len(scores)
    assert by_rank[-1] == "established" and by_rank[0] == "contradicted"
    assert ontology.grade_scores["contradicted"] == 0.0


def test_every_relation_declares_its_role_and_evidence(ontology: Ontology) -> None:
    roles = set(ontology.vocabularies["PathRole"])
    for name, relation in ontology.relations.items():
        if name == "relatedTo":
            continue
        assert relation.rules.role in roles, name
        assert relation.rules.direct, f"{name} declares no direct evidence"
        assert not relation.rules.direct & relation.rules.supportive, name
    assert ontology.relations["foundIn"].rules.role == "composition"
    assert ontology.relations["increasesRiskOf"].rules.role == "association"
    assert ontology.relations["mediates"].rules.role == "mechanism"


def test_rules_table_round_trips() -> None:
    rules = Rules("association", frozenset({"human_trial"}), frozenset({"case_report"}), True)
    assert rules_table({"r": {"role": "association", "direct": ["human_trial"],
                              "supportive": ["case_report"], "needs_comparison": True}}) == \
        {"r": rules}


def test_built_graph_grades_match_the_read_model(real_build: kg.Locations) -> None:
    """Every edge of the real graph carries exactly one grade and summary, and they are the ones
    path search, pages and exports compute from the claims."""
    graph = Graph().parse(real_build.graph_file("nt"), format="nt")
    projection = kg.path_graph(real_build.graph_file("projection.json")).projection
    notation = {iri: n for n, iri in read_ontology(PROJECT / "ontology" / "kratom.ttl")
                .vocabularies["EvidenceGrade"].items()}
    stored = {}
    for edge in graph.subjects(predicate=KG.evidenceGrade):
        claim_node = next(graph.subjects(KG.edge, edge))
        triple = tuple(str(graph.value(claim_node, p))
                       for p in (RDF.subject, RDF.predicate, RDF.object))
        stored[triple] = (notation[graph.value(edge, KG.evidenceGrade)],
                          str(graph.value(edge, KG.evidenceSummary)))
    computed = {k: (g.grade, g.summary) for k, g in projection.grades.items()}
    assert stored == computed
    assert len(stored) > 200


def test_the_ontology_file_is_where_the_rules_live() -> None:
    text = (PROJECT / "ontology" / "kratom.ttl").read_text(encoding="utf-8")
    assert "kg:directEvidence" in text and "kg:pathRole" in text
    assert Path(PROJECT / "docs" / "grading.md").is_file()
