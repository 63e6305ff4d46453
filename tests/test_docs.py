"""The documentation covers what the code offers, and CI runs the README's test command."""

from __future__ import annotations

import re
import sys

from conftest import PROJECT
from kg.cli import main
from kg.curate.tables import TABLES, Kind

README = (PROJECT / "README.md").read_text(encoding="utf-8")
DATA_README = (PROJECT / "data" / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented_in_the_readme() -> None:
    for name in main.commands:
        assert f"### `kg {name}" in README, f"README has no section for `kg {name}`"


def test_every_table_and_column_is_documented() -> None:
    sections = re.split(r"^## ", DATA_README, flags=re.MULTILINE)
    [claim_fields] = [s for s in sections if s.startswith("Claim fields")]
    for table in TABLES:
        [section] = [s for s in sections if f"`{table.path}`" in s.splitlines()[0]]
        # Claims tables share the declared claim fields, documented once.
        documented = claim_fields if table.kind is Kind.CLAIMS else section
        for column in table.columns:
            assert f"| `{column.name}` |" in documented, (table.path, column.name)


def test_claim_sections_are_generated_from_the_declaration() -> None:
    sys.path.insert(0, str(PROJECT / "scripts"))
    try:
        from document_data import rewrite
    finally:
        sys.path.pop(0)
    assert rewrite(DATA_README) == DATA_README, \
        "data/README.md's claim sections are stale; run `python scripts/document_data.py`"


def test_every_error_code_is_documented() -> None:
    sources = "".join(p.read_text() for p in (PROJECT / "kg").rglob("*.py"))
    codes = set(re.findall(r'"([EW]\d{3})"', sources))
    assert codes
    for code in codes:
        assert f"| {code} |" in DATA_README, code


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    test_command = next(c for c in commands if "pytest" in c)
    ci = (PROJECT / ".ci" / "run").read_text()
    assert test_command in ci.splitlines()


def test_no_public_name_is_shadowed_by_a_module() -> None:
    """`kg.build` must stay the function even after `import kg.<module>` somewhere."""
    import kg

    for name in kg.__all__:
        assert not (PROJECT / "kg" / f"{name}.py").exists(), (
            f"kg/{name}.py would replace kg.{name} once imported; rename the module")


def test_every_error_class_is_documented() -> None:
    from kg.errors import ERRORS

    codes = [cls.code for cls in ERRORS]
    assert len(codes) == len(set(codes)), "two error classes share a code"
    sys.path.insert(0, str(PROJECT / "scripts"))
    try:
        from document_errors import errors_page
    finally:
        sys.path.pop(0)
    docs = (PROJECT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert docs == errors_page(), "docs/errors.md is stale; run `python scripts/document_errors.py`"
