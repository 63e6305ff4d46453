"""The README cannot drift from the program: every console example runs (in a scratch copy of
the project) and prints what the README shows, the Python example runs, and the claim shown in
Turtle is in the built graph. `python scripts/readme_examples.py --write` brings the examples up
to date."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import PROJECT
from kg.locations import Locations

sys.path.insert(0, str(PROJECT / "scripts"))
import readme_examples as examples

sys.path.pop(0)

README = (PROJECT / "README.md").read_text(encoding="utf-8")
EXAMPLES = examples.parse(README)
#: Programs some examples run besides kg; CI installs them (KG_REQUIRE_README_TOOLS=1).
TOOLS = ("oxigraph", "curl")


def _missing_tools(example: examples.Example) -> list[str]:
    return [tool for tool in TOOLS
            if any(step.command.startswith(tool) for step in example.steps)
            and shutil.which(tool) is None]


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line-{e.start + 1}" for e in EXAMPLES])
def test_console_example_prints_what_the_readme_shows(example: examples.Example) -> None:
    missing = _missing_tools(example)
    if missing:
        if os.environ.get("KG_REQUIRE_README_TOOLS"):
            pytest.fail(f"this example needs {', '.join(missing)}, which is not installed")
        pytest.skip(f"this example needs {', '.join(missing)}, which is not installed")
    outputs = examples.run_example(example)
    for step, actual in zip(example.steps, outputs, strict=True):
        assert examples.matches(step.expected, actual), (
            f"README.md:{step.line + 1}: `{step.command}` printed\n" + "\n".join(actual)
            + "\n(run `python scripts/readme_examples.py --write` and review the diff)")


def test_wildcards_match_any_lines_or_a_line_prefix() -> None:
    assert examples.matches(["a", "…", "d"], ["a", "b", "c", "d"])
    assert examples.matches(["a", "…"], ["a"])
    assert examples.matches(["ab…"], ["abc"])
    assert not examples.matches(["a", "…", "d"], ["a", "b"])
    assert not examples.matches(["a"], ["a", "b"])


def test_python_example_runs(tmp_path: os.PathLike[str]) -> None:
    [code] = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    for name in ("data", "ontology", "queries"):
        shutil.copytree(PROJECT / name, f"{tmp_path}/{name}")
    env = {k: v for k, v in os.environ.items() if k != "KG_HOME"}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, text=True,
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"\d+ claims\n", done.stdout), done.stdout


def test_claim_shown_in_turtle_is_in_the_built_graph(real_build: Locations) -> None:
    [block] = re.findall(r"```turtle\n(.*?)```", README, flags=re.DOTALL)
    graph = Graph().parse(real_build.graph_file("nt"))
    [label] = re.findall(r'rdfs:label "(.*)" ;', block)
    claims = list(graph.subjects(URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                                 Literal(label)))
    assert len(claims) == 1, f"no claim labelled {label!r}"
    kg = "https://w3id.org/kratom-kg/vocab#"
    edge = graph.value(claims[0], URIRef(kg + "edge"))
    for name in ("supportingSources", "contradictingSources"):
        [shown] = re.findall(rf"kg:{name} (\d+)", block)
        assert graph.value(edge, URIRef(kg + name)).toPython() == int(shown), name
