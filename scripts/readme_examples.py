"""Run the README's console examples in a scratch copy of the project and compare what they print
with what the README shows; with ``--write``, put the programs' real output into the README.

    python scripts/readme_examples.py            # report stale examples (exit 1 if any)
    python scripts/readme_examples.py --write    # rewrite them

Each ```console block is one example, run in a fresh copy of ``data/``, ``ontology/`` and
``queries/`` in which ``kg build`` has already run (unless the block is the build itself). In the
expected output a line ``…`` stands for any number of lines and a line ending in ``…`` for any line
that starts with the rest; ``--write`` keeps such lines where they still fit and otherwise shows
the whole output. A command ending in ``&``, and ``kg serve``, run in the background for the rest
of the block and are stopped at its end. An HTML comment just above a block can set it up::

    <!-- example: edit claims/molecular.tsv:3 value=-77.9 sources=kruegel2061 -->
    <!-- example: no build -->

tests/test_readme.py runs every example this way, so the README cannot drift from the program.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ELLIPSIS = "…"
#: How long a background command may take to print its first line.
START_TIMEOUT = 60


@dataclass
class Step:
    """One ``$ command`` of an example and the lines the README shows after it."""

    command: str
    expected: list[str]
    line: int


@dataclass
class Example:
    """One console block: where it is, how it is set up, and its steps."""

    start: int  # index of the ```console line
    end: int  # index of the closing ``` line
    steps: list[Step] = field(default_factory=list)
    edits: list[tuple[str, int, dict[str, str]]] = field(default_factory=list)
    build: bool = True


def parse(text: str) -> list[Example]:
    """Every console block of the README with its set-up comments."""
    lines = text.split("\n")
    examples = []
    index = 0
    while index < len(lines):
        if lines[index].strip() != "```console":
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == "```")
        example = Example(index, end)
        above = index - 1
        while above >= 0 and lines[above].startswith("<!-- example:"):
            _setup(example, lines[above])
            above -= 1
        for number in range(index + 1, end):
            if lines[number].startswith("$ "):
                example.steps.append(Step(lines[number][2:], [], number))
            elif example.steps:
                example.steps[-1].expected.append(lines[number])
        examples.append(example)
        index = end + 1
    return examples


def _setup(example: Example, comment: str) -> None:
    words = shlex.split(comment.removeprefix("<!-- example:").removesuffix("-->"))
    if words[:2] == ["no", "build"]:
        example.build = False
    elif words[0] == "edit":
        path, _, line = words[1].rpartition(":")
        values = dict(w.split("=", 1) for w in words[2:])
        example.edits.append((path, int(line), values))
    else:
        raise SystemExit(f"unknown example set-up: {comment}")


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` fits ``expected``, where ``…`` lines are wildcards."""
    if not expected:
        return not actual
    head, *rest = expected
    if head == ELLIPSIS:
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    if not actual:
        return False
    if head.endswith(ELLIPSIS) and head != ELLIPSIS:
        fits = actual[0].startswith(head[:-1])
    else:
        fits = actual[0] == head
    return fits and matches(rest, actual[1:])


def fitted(expected: list[str], actual: list[str]) -> list[str]:
    """``expected`` updated to ``actual``: its wildcards kept where the lines around them still
    fit, otherwise the whole of ``actual``."""
    if matches(expected, actual):
        return expected
    if ELLIPSIS in expected:
        # Keep the shape "first lines, …": as many leading lines as shown before.
        shown = expected.index(ELLIPSIS)
        if len(actual) > shown:
            return [*actual[:shown], ELLIPSIS]
    return actual


class Sandbox:
    """A scratch copy of the project where examples run."""

    def __init__(self, build: bool) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kg-readme-"))
        for name in ("data", "ontology", "queries"):
            shutil.copytree(ROOT / name, self.folder / name)
        self.env = {k: v for k, v in os.environ.items() if k not in ("KG_HOME", "KG_PROGRESS")}
        self.env.update(COLUMNS="100", NO_COLOR="1")
        bindir = str(Path(sys.executable).parent)
        self.env["PATH"] = bindir + os.pathsep + self.env.get("PATH", "")
        self.background: list[subprocess.Popen[str]] = []
        if build:
            self.run("kg build")

    def edit(self, path: str, line: int, values: dict[str, str]) -> None:
        table = self.folder / "data" / path
        rows = table.read_text(encoding="utf-8").split("\n")
        header = rows[0].split("\t")
        cells = rows[line - 1].split("\t")
        for column, value in values.items():
            cells[header.index(column)] = value
        rows[line - 1] = "\t".join(cells)
        table.write_text("\n".join(rows), encoding="utf-8")

    def run(self, command: str) -> list[str]:
        """Run ``command`` (a shell line) and return what it printed, stdout then stderr."""
        if command.rstrip().endswith("&") or command.startswith("kg serve"):
            return self.start(command.rstrip().removesuffix("&").strip())
        done = subprocess.run(command, shell=True, cwd=self.folder, env=self.env, text=True,
                              capture_output=True, timeout=600)
        output = done.stdout + done.stderr
        return output.rstrip("\n").split("\n") if output.strip() else []

    def start(self, command: str) -> list[str]:
        """Start ``command`` in the background; return its first line (if it prints one)."""
        process = subprocess.Popen(command, shell=True, cwd=self.folder, env=self.env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.background.append(process)
        if not command.startswith("kg serve"):
            _wait_for_port(command)
            return []
        deadline = time.monotonic() + START_TIMEOUT
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line and time.monotonic() > deadline:
            raise TimeoutError(command)
        return [line.rstrip("\n")]

    def close(self) -> None:
        for process in self.background:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


def _wait_for_port(command: str) -> None:
    """Wait until a server started by ``command`` (``--bind HOST:PORT``) accepts connections."""
    import socket

    found = re.search(r"--bind\s+([\d.]+):(\d+)", command)
    if not found:
        return
    address = (found.group(1), int(found.group(2)))
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(address) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(command)


def run_example(example: Example) -> list[list[str]]:
    """The output of each step of ``example``."""
    sandbox = Sandbox(example.build)
    try:
        for path, line, values in example.edits:
            sandbox.edit(path, line, values)
        return [sandbox.run(step.command) for step in example.steps]
    finally:
        sandbox.close()


def check(text: str) -> tuple[str, list[str]]:
    """The README with every example's output brought up to date, and a line for each step whose
    output differed."""
    lines = text.split("\n")
    stale = []
    for example in reversed(parse(text)):
        outputs = run_example(example)
        block: list[str] = []
        for step, actual in zip(example.steps, outputs, strict=True):
            if not matches(step.expected, actual):
                stale.append(f"README.md:{step.line + 1}: `{step.command}` printed:\n"
                             + "\n".join(f"    {a}" for a in actual))
            block += [f"$ {step.command}", *fitted(step.expected, actual)]
        lines[example.start + 1:example.end] = block
    return "\n".join(lines), stale


def main() -> int:
    text = README.read_text(encoding="utf-8")
    updated, stale = check(text)
    for problem in reversed(stale):
        print(problem)
    if "--write" in sys.argv[1:]:
        README.write_text(updated, encoding="utf-8")
        return 0
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
