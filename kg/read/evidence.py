"""The graded relations of an edge: the one reading of "how well is this supported" that path
ranking, graph pages (edge width, tooltips) and exports share.

A pair of entities may be joined by several relations (*binds* and *partial agonist of*); each is
graded on its own claims (:mod:`kg.model.grading`, rules in ``docs/grading.md``) and ranked by
the score of its grade (``kg:rankScore``), so the best-supported relation is the one a pair is
drawn and walked as.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.model.claim import Claim
from kg.model.grading import Graded
from kg.read.projection import Projection


@dataclass(frozen=True, slots=True)
class GradedRelation:
    """One relation between a pair of entities, with its path role, grade and ranking score."""

    relation: str
    role: str
    graded: Graded
    score: float

    @property
    def grade(self) -> str:
        return self.graded.grade


def graded_relations(projection: Projection, claims: Iterable[Claim], *,
                     keep: Callable[[Claim], bool] | None = None) -> list[GradedRelation]:
    """Each relation the claims about one pair are about, graded, best first (by score, then by
    IRI); with ``keep``, supporting claims it rejects are left out before grading (contradicting
    claims always count)."""
    by_relation: dict[str, list[Claim]] = {}
    for claim in claims:
        if keep is None or not claim.supports or keep(claim):
            by_relation.setdefault(claim.predicate, []).append(claim)
    out = []
    for relation, chosen in by_relation.items():
        first = chosen[0]
        graded = projection.grades[(first.subject, relation, first.object)] if keep is None \
            else projection.grade(chosen)
        out.append(GradedRelation(relation, projection.rule(relation).role, graded,
                                  projection.score(graded)))
    return sorted(out, key=lambda g: (-g.score, g.relation))

