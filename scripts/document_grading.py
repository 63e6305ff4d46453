"""Regenerate the generated parts of docs/grading.md: the grades with their scores, each
relation's path role and the kinds of evidence that bear on it (from ontology/kratom.ttl), and the
worked examples from the graph as built from data/.

    python scripts/document_grading.py

tests/test_docs.py fails when docs/grading.md differs from what this writes.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from rdflib.namespace import SKOS

import kg
from kg.model.grading import Graded
from kg.model.ontology import Ontology, read_ontology
from kg.model.vocab import term
from kg.read.projection import Projection

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "grading.md"

#: Edges shown as worked examples: (subject, relation, object) by curated id and local name.
EXAMPLES = (
    ("mitragynine", "partialAgonistOf", "OPRM1"),
    ("mitragynine", "binds", "OPRM1"),
    ("mitragynine", "produces", "antinociception"),
    ("mitragyna-speciosa", "produces", "analgesia"),
    ("mitragyna-speciosa", "increasesRiskOf", "liver-injury"),
    ("mitragyna-speciosa", "increasesRiskOf", "overdose-death"),
    ("mitragyna-speciosa", "increasesRiskOf", "dyslipidaemia"),
    ("mitragynine", "increasesRiskOf", "respiratory-depression"),
    ("mitragynine", "increasesRiskOf", "abuse-liability"),
    ("mitragyna-speciosa", "produces", "opioid-withdrawal-relief"),
    ("mitragynine", "inhibits", "CYP3A4"),
    ("mitragynine", "agonistOf", "ADRA2A"),
)


def grades_table(ontology: Ontology) -> str:
    """Each evidence grade: its rank, ranking score and definition."""
    graph = ontology.graph
    rows = []
    for notation, iri in ontology.vocabularies["EvidenceGrade"].items():
        rank = int(graph.value(iri, term("gradeRank")))  # type: ignore[arg-type]
        definition = str(graph.value(iri, SKOS.definition) or "")
        rows.append((rank, f"| {notation} | {ontology.grade_scores[notation]:g} | {definition} |"))
    head = "| grade | score | definition |\n|---|---|---|\n"
    return head + "\n".join(r for _, r in sorted(rows, reverse=True)) + "\n"


def relations_table(ontology: Ontology) -> str:
    """Each relation used in curated data: its path role and its direct and supportive kinds of
    evidence (every other kind is weak for it)."""
    labels = ontology.labels["EvidenceType"]

    def kinds(notations: frozenset[str]) -> str:
        return ", ".join(labels[n] for n in sorted(notations, key=lambda n: labels[n])) or "—"

    rows = []
    for name, relation in ontology.relations.items():
        if name == "relatedTo" or "not used in curated data" in _definition(ontology, name):
            continue
        rules = relation.rules
        comparison = "yes" if rules.needs_comparison else ""
        rows.append(f"| {relation.label} | {rules.role} | {kinds(rules.direct)} | "
                    f"{kinds(rules.supportive)} | {comparison} |")
    head = ("| relation | path role | direct evidence | supportive evidence | observational "
            "evidence needs a comparison |\n|---|---|---|---|---|\n")
    return head + "\n".join(rows) + "\n"


def examples_table(projection: Projection) -> str:
    """The grade of each example edge of the built graph, with the counts behind it."""
    rows = []
    entity = "https://w3id.org/kratom-kg/entity/"
    for subject, relation, obj in EXAMPLES:
        key = (entity + subject, str(term(relation)), entity + obj)
        graded = projection.grades[key]
        rows.append(f"| {projection.label(key[0])} {projection.relations[key[1]]} "
                    f"{projection.label(key[2])} | {graded.grade} | {_shown_in(graded)} | "
                    f"{graded.summary} | {projection.score(graded):g} |")
    head = ("| edge | grade | shown in | sources for and against | score |\n"
            "|---|---|---|---|---|\n")
    return head + "\n".join(rows) + "\n"


def _shown_in(graded: Graded) -> str:
    """Where the supporting evidence was observed: people, animals, in vitro, or nowhere (a
    review or regulator's statement)."""
    if not graded.population:
        return "—"
    return graded.where or "people"


def _definition(ontology: Ontology, relation: str) -> str:
    return str(ontology.graph.value(term(relation), SKOS.definition) or "")


def grading_page(text: str, projection: Projection) -> str:
    """``text`` (docs/grading.md) with its generated sections replaced."""
    ontology = read_ontology(ROOT / "ontology" / "kratom.ttl")
    for marker, table in (("grades", grades_table(ontology)),
                          ("relations", relations_table(ontology)),
                          ("examples", examples_table(projection))):
        pattern = re.compile(rf"(<!-- {marker}:start -->\n).*?(<!-- {marker}:end -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"docs/grading.md has no {marker} markers")
        text = pattern.sub(lambda m, t=table: m.group(1) + t + m.group(2), text)
    return text


def built_projection() -> Projection:
    """The read model of the graph built from data/ (into a scratch folder)."""
    with tempfile.TemporaryDirectory() as scratch:
        where = kg.Locations.at(ROOT, build=Path(scratch))
        kg.build(locations=where)
        return kg.path_graph(where.graph_file("projection.json")).projection


if __name__ == "__main__":
    DOC.write_text(grading_page(DOC.read_text(encoding="utf-8"), built_projection()),
                   encoding="utf-8")
