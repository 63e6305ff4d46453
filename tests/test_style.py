"""The code is ruff-clean (the rules are in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import PROJECT


def test_ruff_check_passes() -> None:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed; install the test extra: pip install -e '.[test]'")
    result = subprocess.run([ruff, "check", str(PROJECT)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
