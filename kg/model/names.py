"""Names as people write them: how a name is folded for matching, and the one "did you mean"
every error message uses."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

# Greek letters by code point (spelled out, so the table reads unambiguously).
_GREEK = str.maketrans({"\u03bc": "mu ", "\u00b5": "mu ", "\u03b4": "delta ", "\u03ba": "kappa ",
                        "\u03b1": "alpha ", "\u03b2": "beta ", "\u03b3": "gamma ",
                        "-": " ", "_": " ", "(": " ", ")": " "})

#: How alike two folded names must be (difflib ratio) to be offered as a suggestion.
CUTOFF = 0.6


def normalise_name(name: str) -> str:
    """A name folded for matching: case, Greek letters spelled out, hyphens and brackets as
    spaces, runs of spaces collapsed ("μ-Opioid receptor" and "mu opioid receptor" match).

    >>> normalise_name("μ-Opioid  Receptor")
    'mu opioid receptor'
    """
    return " ".join(name.casefold().translate(_GREEK).split())


def closest(name: str, candidates: Iterable[str], *, n: int = 3) -> list[str]:
    """Up to ``n`` candidates nearest to ``name``: those equal to it once folded first (``KI`` and
    ``Ki`` for ``ki``), then the most alike by spelling, one spelling per folded name (the first
    given; an unordered collection is taken in sorted order)."""
    items = candidates if isinstance(candidates, Sequence) else sorted(candidates)
    pool: dict[str, list[str]] = {}
    for candidate in items:
        spellings = pool.setdefault(normalise_name(candidate), [])
        if candidate not in spellings:
            spellings.append(candidate)
    wanted = normalise_name(name)
    chosen = sorted(c for c in pool.get(wanted, []) if c != name)
    for folded in difflib.get_close_matches(wanted, list(pool), n=n, cutoff=CUTOFF):
        if folded != wanted:
            chosen.append(pool[folded][0])
    return list(dict.fromkeys(chosen))[:n]


def did_you_mean(name: str, candidates: Iterable[str], *, n: int = 1) -> str:
    """`` (did you mean 'x'?)`` — or ``'a', 'b' or 'c'`` with ``n`` > 1 — for the candidates
    nearest to ``name``, or "" when none is near.

    >>> did_you_mean("kruegel2061", ["kruegel2016", "obeng2021"])
    " (did you mean 'kruegel2016'?)"
    """
    found = closest(name, candidates, n=n)
    if not found:
        return ""
    quoted = [f"'{c}'" for c in found]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f" (did you mean {listed}?)"


def _words(name: str) -> set[str]:
    """The words of a folded name, a plural ``s`` dropped (``addictions`` finds ``addiction``)."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in normalise_name(name).split()}


def by_words(name: str, named: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The entities one of whose names (label, synonym — those of standard vocabularies
    included) holds every word of ``name``, each with the names that do: how "addiction" finds the
    entity called "drug addiction" in a standard vocabulary, when no name is "addiction" itself.

    >>> by_words("addiction", [("e1", "drug addiction"), ("e2", "addictive behaviour")])
    {'e1': ['drug addiction']}
    """
    wanted = _words(name)
    found: dict[str, list[str]] = {}
    if not wanted:
        return found
    for entity, candidate in named:
        if wanted <= _words(candidate) and candidate not in found.get(entity, []):
            found.setdefault(entity, []).append(candidate)
    return found
