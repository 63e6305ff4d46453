"""Rewrite tests/fixtures/mini.golden.ttl from the mini dataset (review the diff before committing)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conftest import MINI, PROJECT, TODAY
from kg.graph.build import compile_graph, serialise
from kg.locations import Locations

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(MINI, root / "data")
        where = Locations(root=root, data=root / "data", ontology=PROJECT / "ontology",
                          build=root / "build")
        graph = compile_graph(where, today=TODAY).graph
        (MINI.parent / "mini.golden.ttl").write_bytes(serialise(graph)["ttl"])
