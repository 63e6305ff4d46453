"""Validate a KGX TSV export with kgx, offline.

kgx fetches the Biolink schema, predicate map and JSON-LD context from GitHub when it is imported
and used. This runs it on the copies shipped in the ``biolink-model`` package instead, with the
graph's own ``KRATOM`` prefix added to the prefix map (a graph's local namespace, which KGX expects
to be declared), and prints the errors as JSON; exit status 1 if there are any.

    pip install 'kratom-kg[kgx]'        # or: pip install kgx biolink-model
    kg export --format kgx --out export
    python scripts/kgx_validate.py export/kgx
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LOCAL_PREFIX = {"KRATOM": "https://w3id.org/kratom-kg/entity/"}


def validate(folder: Path) -> dict:
    import biolink_model
    from bmt import Toolkit

    package = Path(next(iter(biolink_model.__path__)))
    schema = package / "schema" / "biolink_model.yaml"
    prefixes = json.loads((package / "prefixmaps" / "biolink-model-prefix-map.json").read_text())
    # Every Toolkit kgx makes, at import or later, reads the local schema.
    Toolkit.__init__.__defaults__ = (str(schema), {"predicate mappings": []})
    from kgx import config

    for name in ("biolink", "monarch_context", "obo_context"):
        config.jsonld_context_map[name] = {**prefixes, **LOCAL_PREFIX}
    from kgx.transformer import Transformer
    from kgx.validator import Validator

    validator = Validator()
    transformer = Transformer(stream=True)
    transformer.transform(
        input_args={"filename": [str(folder / "nodes.tsv"), str(folder / "edges.tsv")],
                    "format": "tsv"},
        output_args={"format": "null"}, inspector=validator)
    return validator.get_errors()


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: kgx_validate.py FOLDER (holding nodes.tsv and edges.tsv)")
    errors = validate(Path(sys.argv[1]))
    print(json.dumps({"errors": errors}, indent=1, sort_keys=True, default=str))
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
