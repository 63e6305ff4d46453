"""The evidence grade of an edge: how well the claims about one subject-relation-object triple
support it, by rules a pharmacologist can check (docs/grading.md), and the counts behind it.

1. Each claim gets a **level** for the relation it is about. The ontology says which kinds of
   evidence test a relation directly (``kg:directEvidence``: binding assays for *binds*; trials
   and comparative observational studies in people for an effect or a harm) and which bear on it
   without testing it (``kg:supportiveEvidence``: case reports of a harm); every other kind is
   weak for it. An observational study of an outcome is direct only when it compares the exposed
   with the unexposed (an effect measure with a comparator, ``kg:needsComparison``); a
   descriptive series is supportive. A claim the curator inferred counts one level lower.
2. Evidence **against** is weighed by its own kind: a laboratory or animal experiment that found
   nothing counts at its level; any other study that did not see the effect counts one level
   lower — a comparative study (a trial, an observational study with a comparison group) as
   supportive, a descriptive one as weak, since a sample or a survey can miss a rare harm.
3. Each side's **strength** comes from its independent sources (a source counts once, at its best
   level): two direct sources are *established*; one direct, or three or more supportive (as
   LiverTox calls a drug a probable cause of liver injury from three published cases, a possible
   one below that), are *probable*; one or two supportive are *preliminary*; weak sources alone
   are *reported*.
4. The **grade**: no supporting claim — *contradicted*; every supporting claim inferred —
   *inferred*; an outcome shown only in animals or cells against which people give evidence —
   *contested*; otherwise the stronger side decides (*contested* when evidence against is
   stronger, *mixed* when both are equal and at least preliminary, else the supporting side's
   strength), and the counts of both sides are reported with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property

from kg.model.claim import Claim, Evidence

#: Who or what each kind of evidence was observed in.
PEOPLE = "in people"
POPULATION: dict[Evidence, str] = {
    Evidence.IN_VITRO: "in vitro", Evidence.ANIMAL: "in animals", Evidence.HUMAN_TRIAL: PEOPLE,
    Evidence.HUMAN_OBSERVATIONAL: PEOPLE, Evidence.CASE_REPORT: PEOPLE,
    Evidence.SELF_REPORT_SURVEY: PEOPLE, Evidence.REVIEW: "", Evidence.REGULATORY_STATEMENT: "",
}
#: Kinds of evidence whose negative result is itself a test (an assay or experiment that was run
#: and found nothing), not the absence of an observation.
EXPERIMENTS = frozenset({Evidence.IN_VITRO, Evidence.ANIMAL})
#: Observational kinds that test an outcome directly only with a comparison.
OBSERVATIONS = frozenset({Evidence.HUMAN_OBSERVATIONAL, Evidence.SELF_REPORT_SURVEY})
#: Evidence in people that can speak against an outcome shown only in animals or cells.
IN_PEOPLE = frozenset({Evidence.HUMAN_TRIAL, Evidence.HUMAN_OBSERVATIONAL})
#: Entity classes whose members are outcomes (effects and harms).
OUTCOMES = frozenset({"Effect", "Risk"})
#: How a count of sources of each kind is written.
NOUNS: dict[Evidence, tuple[str, str]] = {
    Evidence.IN_VITRO: ("in vitro study", "in vitro studies"),
    Evidence.ANIMAL: ("animal study", "animal studies"),
    Evidence.HUMAN_TRIAL: ("trial in people", "trials in people"),
    Evidence.HUMAN_OBSERVATIONAL: ("observational study", "observational studies"),
    Evidence.CASE_REPORT: ("case report", "case reports"),
    Evidence.SELF_REPORT_SURVEY: ("self-report survey", "self-report surveys"),
    Evidence.REVIEW: ("review", "reviews"),
    Evidence.REGULATORY_STATEMENT: ("regulatory statement", "regulatory statements"),
}


#: Independent supportive sources that make one side probable without a direct test.
PROBABLE_SUPPORTIVE = 3


class Level(IntEnum):
    """How strongly one claim bears on its relation."""

    WEAK = 1
    SUPPORTIVE = 2
    DIRECT = 3


class Strength(IntEnum):
    """How strong one side (for or against) of an edge's evidence is."""

    NONE = 0
    REPORTED = 1
    PRELIMINARY = 2
    PROBABLE = 3
    ESTABLISHED = 4


@dataclass(frozen=True, slots=True)
class Rules:
    """What evidence bears on one relation, as the ontology declares it."""

    #: How the relation composes in a path (a notation of kg:PathRole).
    role: str
    direct: frozenset[str]
    supportive: frozenset[str] = frozenset()
    #: Observational evidence is direct only with a comparison (kg:needsComparison).
    needs_comparison: bool = False


#: The rules of a relation the ontology does not annotate: a mechanistic step that no kind of
#: evidence tests directly.
UNANNOTATED = Rules("mechanism", frozenset())


@dataclass(frozen=True)
class Graded:
    """An edge's grade (a notation of kg:EvidenceGrade), the populations its supporting evidence
    comes from, and the claims it was graded on (for the counts behind it, in words, when they
    are shown)."""

    grade: str
    population: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = field(default=(), compare=False, repr=False)

    @cached_property
    def summary(self) -> str:
        """``4 case reports and 2 animal studies for; 1 observational study against``: distinct
        sources of each kind of evidence on each side, most first."""
        return _summary([c for c in self.claims if c.supports],
                        [c for c in self.claims if not c.supports])

    @property
    def where(self) -> str:
        """``in animals and in vitro`` when no supporting evidence comes from people, else
        empty: the grade holds for those populations, not (yet) for people."""
        return "" if not self.population or PEOPLE in self.population else \
            " and ".join(self.population)

    def text(self) -> str:
        """``probable in animals (3 animal studies for; 1 animal study against)``."""
        head = f"{self.grade} {self.where}" if self.where else self.grade
        return f"{head} ({self.summary})" if self.summary else head


def level(claim: Claim, rules: Rules, comparative: frozenset[str]) -> Level:
    """How strongly ``claim`` bears on its relation (rule 1)."""
    evidence = claim.evidence  # a str enum: found in the rules' sets of notations
    found = Level.DIRECT if evidence in rules.direct else \
        Level.SUPPORTIVE if evidence in rules.supportive else Level.WEAK
    if found is Level.DIRECT and rules.needs_comparison and claim.evidence in OBSERVATIONS \
            and not (claim.measure in comparative and claim.comparator):
        found = Level.SUPPORTIVE
    if claim.inferred:
        found = Level(max(Level.WEAK, found - 1))
    return found


def level_against(claim: Claim, rules: Rules, comparative: frozenset[str]) -> Level:
    """How strongly a contradicting ``claim`` counts (rule 2)."""
    found = level(claim, rules, comparative)
    if claim.evidence in EXPERIMENTS:
        return found
    return Level(max(Level.WEAK, found - 1))


def strength(levels: Mapping[str, Level]) -> Strength:
    """The strength of one side from each independent source's best level (rule 3)."""
    direct = sum(1 for lv in levels.values() if lv is Level.DIRECT)
    supportive = sum(1 for lv in levels.values() if lv is Level.SUPPORTIVE)
    if direct >= 2:
        return Strength.ESTABLISHED
    if direct == 1 or supportive >= PROBABLE_SUPPORTIVE:
        return Strength.PROBABLE
    if supportive:
        return Strength.PRELIMINARY
    return Strength.REPORTED if levels else Strength.NONE


def grade(claims: Iterable[Claim], rules: Rules, *, comparative: frozenset[str] = frozenset(),
          outcome: bool = False) -> Graded:
    """The grade of one edge from all its claims (rule 4). ``outcome``: the edge's object is an
    effect or a risk (an outcome that matters in people).

    >>> from kg.model.claim import Stance
    >>> c = lambda i, e, s="supports": Claim(i, "s", "p", "o", (i,), Evidence(e), Stance(s))
    >>> binds = Rules("mechanism", frozenset({"in_vitro"}), frozenset({"animal"}))
    >>> grade([c("a", "in_vitro"), c("b", "in_vitro")], binds).grade
    'established'
    >>> grade([c("a", "in_vitro")], binds).summary
    '1 in vitro study for'
    """
    claims = tuple(claims)
    supporting = [c for c in claims if c.supports]
    against = [c for c in claims if not c.supports]
    population = tuple(sorted({POPULATION[c.evidence] for c in supporting} - {""}))

    def graded(name: str) -> Graded:
        return Graded(name, population, claims)

    if not supporting:
        return graded("contradicted")
    if all(c.inferred for c in supporting):
        return graded("inferred")
    for_side = strength(_best(supporting, lambda c: level(c, rules, comparative)))
    if not against:  # the common case: nothing to weigh against
        return graded(for_side.name.lower())
    against_side = strength(_best(against, lambda c: level_against(c, rules, comparative)))
    if outcome and population and PEOPLE not in population and \
            any(c.evidence in IN_PEOPLE and not c.inferred for c in against):
        return graded("contested")
    if against_side > for_side:
        return graded("contested")
    if against_side == for_side >= Strength.PRELIMINARY:
        return graded("mixed")
    return graded(for_side.name.lower())


def grade_edge(claims: Iterable[Claim], rules: Rules, object_types: Iterable[str], *,
               comparative: frozenset[str] = frozenset()) -> Graded:
    """The grade of the edge ``claims`` are about, whose object has the classes ``object_types``
    (an effect or a risk is an outcome)."""
    types = set(object_types)
    return grade(claims, rules, comparative=comparative, outcome=bool(types & OUTCOMES))


def _best(claims: Iterable[Claim], measure: object) -> dict[str, Level]:
    """Each source's best level over the claims that cite it."""
    best: dict[str, Level] = {}
    for claim in claims:
        found = measure(claim)  # type: ignore[operator]
        for source in claim.sources:
            best[source] = max(best.get(source, Level.WEAK), found)
    return best


def _summary(supporting: list[Claim], against: list[Claim]) -> str:
    """``4 case reports and 2 animal studies for; 1 observational study against``: distinct
    sources of each kind of evidence on each side, most first."""
    parts = []
    for claims, side in ((supporting, "for"), (against, "against")):
        if claims:
            parts.append(f"{_counts(claims)} {side}")
    return "; ".join(parts)


def _counts(claims: list[Claim]) -> str:
    """Distinct sources by kind of evidence, with how many of them only inferred claims cite."""
    sources: dict[Evidence, set[str]] = {}
    stated: dict[Evidence, set[str]] = {}
    for claim in claims:
        sources.setdefault(claim.evidence, set()).update(claim.sources)
        if not claim.inferred:
            stated.setdefault(claim.evidence, set()).update(claim.sources)
    inferred = {e: found - stated.get(e, set()) for e, found in sources.items()}
    items = []
    for evidence, found in sorted(sources.items(), key=lambda i: (-len(i[1]), list(Evidence)
                                                                  .index(i[0]))):
        singular, plural = NOUNS[evidence]
        text = f"{len(found)} {singular if len(found) == 1 else plural}"
        guessed = len(inferred[evidence])
        if guessed:
            text += " (inferred)" if guessed == len(found) == 1 else \
                f" ({'all' if guessed == len(found) else guessed} inferred)"
        items.append(text)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def rules_table(relations: Mapping[str, Mapping[str, object]]) -> dict[str, Rules]:
    """Rules by relation from plain records (``role``, ``direct``, ``supportive``,
    ``needs_comparison``), as the ontology reader and the read model both hold them."""
    return {name: Rules(str(r["role"]), frozenset(r["direct"]),  # type: ignore[arg-type]
                        frozenset(r.get("supportive", ())),  # type: ignore[arg-type]
                        bool(r.get("needs_comparison", False)))
            for name, r in relations.items()}
