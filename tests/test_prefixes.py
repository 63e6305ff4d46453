"""CURIE expansion, compression and cross-reference checks."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.model import prefixes


@pytest.mark.parametrize("curie", ["CHEBI:6956", "UniProtKB:P35372", "PUBCHEM.COMPOUND:3034396",
                                   "HGNC:8156", "NCBITaxon:9606", "kg:Claim",
                                   "entity:mitragynine"])
def test_expand_and_compress_round_trip(curie: str) -> None:
    assert prefixes.compress(prefixes.expand(curie)) == curie


def test_compress_prefers_the_longest_expansion() -> None:
    # entity: and claim: share the project base; the more specific prefix wins.
    assert prefixes.compress("https://w3id.org/kratom-kg/entity/OPRM1") == "entity:OPRM1"
    assert prefixes.compress("https://example.org/x") == "https://example.org/x"


@pytest.mark.parametrize("bad", ["CHEBI", "NOPE:1", ":1", "CHEBI:"])
def test_expand_refuses_malformed_curies(bad: str) -> None:
    with pytest.raises(prefixes.CurieError):
        prefixes.expand(bad)


@pytest.mark.parametrize(("curie", "problem"), [
    ("CHEBI:6956", None),
    ("CAS:50-00-0", None),
    ("CAS:50-00-1", "fails the CAS check digit"),
    ("CHEBI:abc", "not a well-formed CHEBI identifier"),
    ("UniProtKB:P35372", None),
    ("UniProtKB:p35372", "not a well-formed UniProtKB identifier"),
    ("INCHIKEY:XLYOFNOQVPJJNP-UHFFFAOYSA-N", None),
    ("FOO:1", "unknown cross-reference prefix 'FOO'"),
    ("mitragynine", "is not a CURIE"),
])
def test_check_xref(curie: str, problem: str | None) -> None:
    found = prefixes.check_xref(curie)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_bind_replaces_rdflib_default_prefixes() -> None:
    graph = prefixes.bind(Graph())
    bound = dict(graph.namespaces())
    assert str(bound["kg"]) == prefixes.VOCABULARY_PREFIXES["kg"]
    assert "ns1" not in bound
