"""The one prefix map: expands and compresses CURIEs and binds prefixes on every graph we write.

External prefixes and their expansions follow the Biolink model's prefix map, so identifiers written
here match what other Biolink-aligned graphs use. Each cross-reference prefix also carries the
pattern its local identifiers must match, so a malformed identifier is refused at load time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

BASE = "https://w3id.org/kratom-kg/"

#: Prefixes of the graph's own and the standard vocabularies, in the order they are bound.
VOCABULARY_PREFIXES: dict[str, str] = {
    "kg": BASE + "vocab#",
    "entity": BASE + "entity/",
    "claim": BASE + "claim/",
    "edge": BASE + "edge/",
    "source": BASE + "source/",
    "check": BASE + "check/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "http://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "biolink": "https://w3id.org/biolink/vocab/",
    "RO": "http://purl.obolibrary.org/obo/RO_",
    "BFO": "http://purl.obolibrary.org/obo/BFO_",
    "IAO": "http://purl.obolibrary.org/obo/IAO_",
}


@dataclass(frozen=True, slots=True)
class XrefPrefix:
    """A cross-reference prefix: its IRI expansion and the shape of its local identifiers."""

    expansion: str
    pattern: str
    example: str


def _x(expansion: str, pattern: str, example: str) -> XrefPrefix:
    return XrefPrefix(expansion, pattern, example)


#: Prefixes allowed in the ``xrefs`` column (Biolink prefix-map expansions).
XREF_PREFIXES: dict[str, XrefPrefix] = {
    "CAS": _x("http://identifiers.org/cas/", r"^\d{2,7}-\d{2}-\d$", "CAS:50-00-0"),
    "CHEBI": _x("http://purl.obolibrary.org/obo/CHEBI_", r"^\d+$", "CHEBI:15377"),
    "CHEMBL.COMPOUND": _x("http://identifiers.org/chembl.compound/", r"^CHEMBL\d+$",
                          "CHEMBL.COMPOUND:CHEMBL25"),
    "CHEMBL.TARGET": _x("http://identifiers.org/chembl.target/", r"^CHEMBL\d+$",
                        "CHEMBL.TARGET:CHEMBL233"),
    "DRUGBANK": _x("http://identifiers.org/drugbank/", r"^DB\d{5}$", "DRUGBANK:DB00001"),
    "GTOPDB": _x("https://www.guidetopharmacology.org/GRAC/LigandDisplayForward?ligandId=",
                 r"^\d+$", "GTOPDB:1627"),
    "HGNC": _x("http://identifiers.org/hgnc/", r"^\d+$", "HGNC:8156"),
    "HP": _x("http://purl.obolibrary.org/obo/HP_", r"^\d{7}$", "HP:0002098"),
    "INCHIKEY": _x("http://identifiers.org/inchikey/", r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$",
                   "INCHIKEY:XLYOFNOQVPJJNP-UHFFFAOYSA-N"),
    "KEGG.COMPOUND": _x("http://identifiers.org/kegg.compound/", r"^C\d{5}$",
                        "KEGG.COMPOUND:C00001"),
    "MESH": _x("http://id.nlm.nih.gov/mesh/", r"^[CD]\d{6,9}$", "MESH:D009020"),
    "MONDO": _x("http://purl.obolibrary.org/obo/MONDO_", r"^\d{7}$", "MONDO:0005090"),
    "NCBIGene": _x("http://identifiers.org/ncbigene/", r"^\d+$", "NCBIGene:4988"),
    "NCBITaxon": _x("http://purl.obolibrary.org/obo/NCBITaxon_", r"^\d+$", "NCBITaxon:9606"),
    "PUBCHEM.COMPOUND": _x("http://identifiers.org/pubchem.compound/", r"^\d+$",
                           "PUBCHEM.COMPOUND:5288826"),
    "UNII": _x("http://identifiers.org/unii/", r"^[A-Z0-9]{10}$", "UNII:0000000000"),
    "UniProtKB": _x(
        "http://purl.uniprot.org/uniprot/",
        r"^([OPQ][0-9][A-Z0-9]{3}[0-9]|[A-NR-Z][0-9]([A-Z][A-Z0-9]{2}[0-9]){1,2})(-\d+)?$",
        "UniProtKB:P35372",
    ),
    "WIKIDATA": _x("https://www.wikidata.org/entity/", r"^Q\d+$", "WIKIDATA:Q42"),
}

_ALL: dict[str, str] = {**VOCABULARY_PREFIXES, **{k: v.expansion for k, v in XREF_PREFIXES.items()}}
# Longest expansion first, so compress() picks the most specific prefix.
_BY_LENGTH = sorted(_ALL.items(), key=lambda item: -len(item[1]))


class CurieError(ValueError):
    """A string is not a well-formed CURIE with a known prefix."""


def expand(curie: str) -> str:
    """The full IRI of ``curie``; raises :class:`CurieError` for unknown prefixes.

    >>> expand("CHEBI:6956")
    'http://purl.obolibrary.org/obo/CHEBI_6956'
    """
    prefix, sep, local = curie.partition(":")
    if not sep or not local:
        raise CurieError(f"'{curie}' is not a CURIE (expected PREFIX:ID)")
    try:
        return _ALL[prefix] + local
    except KeyError:
        raise CurieError(f"unknown prefix '{prefix}' in '{curie}'") from None


def compress(iri: str) -> str:
    """``iri`` as a CURIE when a known prefix covers it, else the IRI unchanged.

    >>> compress("http://purl.uniprot.org/uniprot/P35372")
    'UniProtKB:P35372'
    """
    for prefix, expansion in _BY_LENGTH:
        if iri.startswith(expansion) and len(iri) > len(expansion):
            return f"{prefix}:{iri[len(expansion):]}"
    return iri


def check_xref(curie: str) -> str | None:
    """Why ``curie`` is not an acceptable cross-reference, or None when it is."""
    prefix, sep, local = curie.partition(":")
    if not sep:
        return f"'{curie}' is not a CURIE (expected PREFIX:ID, e.g. CHEBI:15377)"
    spec = XREF_PREFIXES.get(prefix)
    if spec is None:
        known = ", ".join(sorted(XREF_PREFIXES))
        return f"unknown cross-reference prefix '{prefix}' (expected one of {known})"
    if not re.match(spec.pattern, local):
        return f"'{curie}' is not a well-formed {prefix} identifier (e.g. {spec.example})"
    if prefix == "CAS" and not _cas_checksum_ok(local):
        return f"'{curie}' fails the CAS check digit"
    return None


def _cas_checksum_ok(number: str) -> bool:
    """CAS registry numbers end in a check digit: the weighted digit sum modulo 10."""
    digits = number.replace("-", "")
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * weight for weight, d in enumerate(reversed(body), start=1))
    return total % 10 == check


def bind(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, expansion in _ALL.items():
        graph.bind(prefix, expansion, override=True, replace=True)
    return graph
