"""Every script under scripts/ imports (so a moved or renamed API breaks a test, not a benchmark
run months later) and documents how to run it."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import PROJECT

SCRIPTS = sorted((PROJECT / "scripts").glob("*.py"))
#: Scripts that need an optional environment of their own (kgx and the Biolink schema).
OPTIONAL = {"kgx_validate"}


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_script_imports_and_says_how_to_run_it(path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(PROJECT / "scripts"))
    spec = importlib.util.spec_from_file_location(f"script_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    except ModuleNotFoundError as exc:
        if path.stem in OPTIONAL:
            pytest.skip(f"{path.name} needs {exc.name} (an optional environment)")
        raise
    finally:
        sys.modules.pop(spec.name, None)
    assert module.__doc__ and "python scripts/" in module.__doc__, path.name
