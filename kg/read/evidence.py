"""How much the claims about an edge support it: the one scoring rule that path ranking, graph
pages (edge width) and exports (an edge's ``support``) share.

Each source counts once, with the rank weight of its strongest evidence type for that edge
(``kg:rankWeight`` in the ontology: human trial 0.9 … in vitro 0.5 … self-report and review
0.3); a claim the curator inferred rather than read in its source counts at
:data:`INFERRED_DISCOUNT` of its weight. Independent sources are combined with the noisy-OR
rule (Pearl, *Probabilistic Reasoning in Intelligent Systems*, 1988): ``1 - Π(1 - w)``. Sources
that contradict the edge are combined the same way and discount it:
``support = noisy_or(supporting) * (1 - noisy_or(contradicting))``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from kg.model.claim import Claim, Stance
from kg.read.projection import DEFAULT_WEIGHT

#: The share of its evidence type's weight an inferred claim carries.
INFERRED_DISCOUNT = 0.5


def claim_weight(claim: Claim, weights: Mapping[str, float]) -> float:
    """What one source of ``claim`` counts for: its evidence type's rank weight, halved when the
    curator inferred the edge."""
    weight = weights.get(claim.evidence, DEFAULT_WEIGHT)
    return weight * INFERRED_DISCOUNT if claim.inferred else weight


def hop_support(claims: Iterable[Claim], weights: Mapping[str, float], *,
                min_weight: float = 0.0) -> float:
    """Support of an edge from its claims (noisy-OR over sources, discounted by contradictions);
    supporting claims weighing less than ``min_weight`` are left out.

    >>> from kg.model.claim import Evidence
    >>> c = lambda i, e, s: Claim(i, "s", "p", "o", (s,), e, Stance.SUPPORTS)
    >>> hop_support([c("c1", Evidence.IN_VITRO, "a"), c("c2", Evidence.REVIEW, "b")],
    ...             {"in_vitro": 0.5, "review": 0.3})
    0.65
    """
    best: dict[Stance, dict[str, float]] = {Stance.SUPPORTS: {}, Stance.CONTRADICTS: {}}
    for claim in claims:
        weight = claim_weight(claim, weights)
        if weight < min_weight and claim.stance is Stance.SUPPORTS:
            continue
        table = best[claim.stance]
        for source in claim.sources:
            table[source] = max(table.get(source, 0.0), weight)
    support = 1.0 - math.prod(1.0 - w for w in best[Stance.SUPPORTS].values())
    against = 1.0 - math.prod(1.0 - w for w in best[Stance.CONTRADICTS].values())
    return round(support * (1.0 - against), 12)


def relations_by_support(claims: Iterable[Claim], weights: Mapping[str, float]) -> list[str]:
    """The relation IRIs that some claim supports, best-supported first (each scored over its own
    claims, contradictions included; ties by IRI)."""
    by_relation: dict[str, list[Claim]] = {}
    for claim in claims:
        by_relation.setdefault(claim.predicate, []).append(claim)
    scored = {p: hop_support(cs, weights) for p, cs in by_relation.items()
              if any(c.supports for c in cs)}
    return sorted(scored, key=lambda p: (-scored[p], p))


def main_relation(claims: Iterable[Claim], weights: Mapping[str, float]) -> str:
    """The relation an edge is drawn as: the best-supported one, or, for a pair that is only
    contradicted, the first relation by IRI."""
    claims = list(claims)
    ranked = relations_by_support(claims, weights)
    return ranked[0] if ranked else min(c.predicate for c in claims)
