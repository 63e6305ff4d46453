"""Property-based: whatever bytes a curated file holds, loading and checking it reports problems
as diagnostics (file:line: field) — never a traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI, PROJECT, TODAY
from kg.curate.checks import check_rows
from kg.curate.load import load_data
from kg.model.ontology import read_ontology

ONTOLOGY = read_ontology(PROJECT / "ontology" / "kratom.ttl")
FILES = ["sources.tsv", "entities/compounds.tsv", "claims/molecular.tsv",
         "claims/regulation.tsv", "checks/seed-article.tsv"]

cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
row = st.lists(cell, min_size=0, max_size=20).map("\t".join)


def run_checks(relative: str, payload: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(MINI, root / "data")
        (root / "data" / relative).write_bytes(payload)
        raw = load_data(root / "data", display_root=root)
        _, found = check_rows(raw, ONTOLOGY, today=TODAY)
        for diagnostic in found:
            assert diagnostic.file.startswith("data/") and diagnostic.code[0] in "EW"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(relative=st.sampled_from(FILES), payload=st.binary(max_size=400))
def test_random_bytes_never_crash(relative: str, payload: bytes) -> None:
    run_checks(relative, payload)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(relative=st.sampled_from(FILES), rows=st.lists(row, max_size=6))
def test_random_rows_under_the_real_header_never_crash(relative: str, rows: list[str]) -> None:
    header = (MINI / relative).read_text(encoding="utf-8").splitlines()[0]
    run_checks(relative, ("\n".join([header, *rows]) + "\n").encode("utf-8"))
