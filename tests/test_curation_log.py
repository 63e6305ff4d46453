"""The curation log accounts for every claim that carries a number."""

from __future__ import annotations

import csv

from conftest import PROJECT

LOG = PROJECT / "docs" / "curation-log.md"


def test_every_numeric_claim_is_in_the_log() -> None:
    logged = set()
    for line in LOG.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("`"):
            logged.add((cells[0].strip("`"), cells[2], cells[3]))
    missing = []
    for path in sorted((PROJECT / "data" / "claims").glob("*.tsv")):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if not row["value"]:
                    continue
                statistic = f"{row['measure']} {row['qualifier']}{row['value']}" + \
                    (f" {row['unit']}" if row["unit"] else "")
                key = (row["sources"], f"{row['subject']} {row['predicate']} {row['object']}",
                       statistic)
                if key not in logged:
                    missing.append(key)
    assert not missing, f"numeric claims missing from docs/curation-log.md: {missing}"
