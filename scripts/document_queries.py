"""Regenerate docs/queries.md: every catalogue question with its parameters, an example command
and the first rows it answers on the current build.

    kg build && python scripts/document_queries.py
"""

from __future__ import annotations

from pathlib import Path

import kg
from kg.sparql.results import render

ROOT = Path(__file__).resolve().parent.parent
ROWS = 5


def main() -> None:
    lines = [
        "# The query catalogue",
        "",
        "Ready questions in `queries/*.rq`, run with `kg query -n NAME -p PARAM=VALUE` (or from the",
        "query page of `kg serve`, or `GET /catalogue/NAME?PARAM=VALUE`). Parameters are bound as RDF",
        "terms before the query runs: entities by identifier, label, synonym or cross-reference;",
        "concepts by notation (e.g. `Ki`); dates as `YYYY-MM-DD`. Each example below shows the first",
        f"{ROWS} rows on the graph as built from `data/` (regenerate with",
        "`python scripts/document_queries.py`). Questions with a `#+ graph:` header are also drawn as",
        "graphs by `kg render` (`site/questions/NAME.html`).",
        "",
    ]
    for entry in kg.catalogue().values():
        args = " ".join(f"-p {p.name}={p.example}" for p in entry.params)
        lines += [f"## `{entry.name}`", "", entry.summary, ""]
        if entry.params:
            lines += ["| parameter | type | example | meaning |", "|---|---|---|---|"]
            lines += [f"| `{p.name}` | {p.type} | `{p.example}` | {p.doc} |" for p in entry.params]
            lines.append("")
        lines += [f"Returns: {', '.join(entry.returns)}.", ""]
        if entry.graph:
            pairs = ", ".join(f"{a} → {b}" for a, b in entry.graph)
            lines += [f"Drawn by `kg render` as a graph: {pairs}.", ""]
        result = kg.query(name=entry.name, params=entry.example_args, timeout=60)
        total = len(result)
        result.rows = result.rows[:ROWS]
        table = render(result, "table").decode().rstrip().splitlines()
        table[-1] = f"({total} rows in all)"
        lines += ["```console", f"$ kg query -n {entry.name} {args}".rstrip(), *table, "```", ""]
    (ROOT / "docs" / "queries.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
