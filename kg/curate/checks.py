"""Checks the meaning of curated rows and turns them into typed records.

Row rules (identifiers, formats, vocabularies, numbers), then references between tables (known
entities and sources, the ontology's domain and range for each relation, duplicates), and finally
SHACL on the built graph with each violation mapped back to the file and line it came from.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from kg.curate.load import RawData
from kg.curate.tables import CHECKED_DOCUMENTS, LIST_SEPARATOR, TABLES, Kind, Table
from kg.errors import Diagnostic, Level
from kg.model.ontology import Ontology
from kg.model.prefixes import check_xref
from kg.model.records import Check, Claim, Dataset, Entity, Measurement, Origin, Row, Source
from kg.model.vocab import KG

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

ENTITY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
SOURCE_ID = re.compile(r"^[a-z][a-z0-9_\-]*$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^[1-9]\d{0,8}$")
PMCID = re.compile(r"^PMC\d+$")
YEAR = re.compile(r"^\d{4}$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DECIMAL = re.compile(r"^\d+(\.\d+)?$")
URL = re.compile(r"^https://[^\s/$.?#][^\s]*$")
COMPARATORS = frozenset({"<", ">", "~"})
LOCATION_WORDS = ("abstract", "table", "figure", "text", "results", "discussion", "supplement",
                  "document")
MAX_FIELD = 2000
#: Relations whose supported claims must not form a cycle.
ACYCLIC = frozenset({"metabolisedTo"})
#: Relations a signalling bias may qualify: only an agonist has a pathway it favours.
BIASED_RELATIONS = frozenset({"agonistOf", "partialAgonistOf"})
FIRST_YEAR = 1800

Report = Callable[[Origin, str, str, str], None]


def check_rows(raw: RawData, ontology: Ontology, *, today: dt.date | None = None,
               ) -> tuple[Dataset, list[Diagnostic]]:
    """Validate every row of ``raw`` against the row rules and the ontology.

    Returns the records that passed (for building) and every problem found, in file:line order.
    """
    today = today or dt.date.today()
    diagnostics: list[Diagnostic] = list(raw.diagnostics)

    def report(origin: Origin, field: str, code: str, message: str,
               level: Level = Level.ERROR) -> None:
        diagnostics.append(Diagnostic(origin.file, origin.line, field, code, message, level))

    for raw_table in raw.tables:
        for row in raw_table.rows:
            for name, value in row.values.items():
                if len(value) > MAX_FIELD:
                    report(row.origin, name, "E204",
                           f"field is {len(value)} characters long; at most {MAX_FIELD} allowed")

    sources = _sources(raw.rows("sources.tsv"), ontology, today, report)
    entities: list[Entity] = []
    for table in TABLES:
        if table.kind is Kind.ENTITIES:
            entities.extend(_entities(raw.rows(table.path), table, ontology, report))
    repeated = _duplicates(((e.id, e.origin) for e in entities), "identifier", report)
    repeated |= _duplicates(((s.id, s.origin) for s in sources), "source id", report)
    entities = [e for e in entities if e.origin not in repeated]
    sources = [s for s in sources if s.origin not in repeated]

    # References are checked against every identifier that was curated, valid row or not, so a
    # broken row is reported once rather than again at every row that names it.
    entity_rows = [r for t in TABLES if t.kind is Kind.ENTITIES for r in raw.rows(t.path)]
    claim_rows = [r for t in TABLES if t.kind is Kind.CLAIMS for r in raw.rows(t.path)]
    known_entities = {r.get("id") for r in entity_rows if r.get("id")}
    known_entities |= {i for t in TABLES if t.kind is Kind.ENTITIES for i in raw.broken_ids(t.path)}
    known_sources = {r.get("id") for r in raw.rows("sources.tsv") if r.get("id")}
    known_sources |= raw.broken_ids("sources.tsv")
    # With a whole table unreadable, its identifiers are unknown: references to them are not
    # judged (that file's own error is the one to fix), rather than reported at every row.
    if any(t.kind is Kind.ENTITIES and t.path in raw.unreadable for t in TABLES):
        known_entities = _Everything(known_entities)
    if "sources.tsv" in raw.unreadable:
        known_sources = _Everything(known_sources)
    by_id = {e.id: e for e in entities}
    claims: list[Claim] = []
    for table in TABLES:
        if table.kind is Kind.CLAIMS:
            claims.extend(_claims(raw.rows(table.path), table, ontology, by_id, known_entities,
                                  known_sources, today, report))

    _acyclic(claims, ACYCLIC, report)

    seen: dict[str, Origin] = {}
    for claim in claims:
        key = claim_key(claim)
        if key in seen:
            report(claim.origin, "", "E307",
                   f"duplicate claim: the same assertion is already at {seen[key]}")
        else:
            seen[key] = claim.origin

    used_entities = {r.get(c) for r in claim_rows for c in ("subject", "object", "enzyme")}
    claims_unreadable = any(t.kind is Kind.CLAIMS and t.path in raw.unreadable for t in TABLES)
    for entity in entities:
        if entity.id not in used_entities and not claims_unreadable:
            report(entity.origin, "id", "E305",
                   f"entity '{entity.id}' is not named by any claim; an entity needs at least "
                   "one sourced edge (add a claim or remove the row)")
    cited = {s for r in claim_rows for s in _split(r.get("sources"))}
    for source in sources:
        if source.id not in cited and not claims_unreadable:
            report(source.origin, "id", "W306", f"source '{source.id}' is not cited by any claim",
                   Level.WARNING)

    checks: list[Check] = []
    edges = {(r.get("subject"), r.get("predicate"), r.get("object")) for r in claim_rows}
    for table in TABLES:
        if table.kind is Kind.CHECKS:
            checks.extend(_checks(raw.rows(table.path), table, ontology, edges, report))
    _duplicates(((c.id, c.origin) for c in checks), "statement id", report)

    dataset = Dataset(tuple(sources), tuple(entities), tuple(claims), tuple(checks))
    return dataset, sorted(diagnostics)


def _acyclic(claims: Iterable[Claim], predicates: frozenset[str], report: Report) -> None:
    """Report each supported claim that closes a cycle of a relation that must not have one (a
    compound cannot be its own metabolite, directly or through others)."""
    import networkx as nx

    for predicate in sorted(predicates):
        graph = nx.DiGraph()
        for claim in claims:
            if claim.predicate != predicate or claim.stance != "supports":
                continue
            if graph.has_node(claim.object) and graph.has_node(claim.subject) and \
                    nx.has_path(graph, claim.object, claim.subject):
                loop = nx.shortest_path(graph, claim.object, claim.subject)
                report(claim.origin, "object", "E309",
                       f"this {predicate} claim closes a cycle: {' -> '.join([*loop, claim.object])}")
                continue
            graph.add_edge(claim.subject, claim.object)


class _Everything(set[str]):
    """A set of known identifiers that admits any identifier (used when a table is unreadable)."""

    def __contains__(self, item: object) -> bool:
        return True


def claim_key(claim: Claim) -> str:
    """A digest of what a claim asserts (not of its note or location), stable across edits of
    wording: two rows with the same key say the same thing."""
    m = claim.measurement
    parts = [
        claim.subject, claim.predicate, claim.object, "|".join(sorted(claim.sources)),
        claim.evidence, claim.stance, claim.species, claim.assay, claim.enzyme, claim.date,
        claim.status, claim.instrument,
        *((m.measure, m.comparator, str(m.value), m.unit, m.reference) if m else ("",) * 5),
        # Appended only when present, so the keys of claims without a bias stay as they were.
        *([claim.bias] if claim.bias else []),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


# ------------------------------------------------------------------------------------- sources


def _sources(rows: Iterable[Row], ontology: Ontology, today: dt.date, report: Report,
             ) -> list[Source]:
    kinds = ontology.vocabulary(KG.SourceKind)
    out: list[Source] = []
    for row in rows:
        ok = _required(row, TABLES[0], report)
        sid, o = row.get("id"), row.origin
        if sid and not SOURCE_ID.match(sid):
            ok = False
            report(o, "id", "E202", f"'{sid}' is not a valid source id (lowercase ASCII letters, "
                                    "digits, '-' or '_', starting with a letter; e.g. kruegel2016)")
        ok &= _in_vocabulary(row, "kind", kinds, report)
        doi, pmid, pmcid, url = row.get("doi"), row.get("pmid"), row.get("pmcid"), row.get("url")
        if doi and not DOI.match(doi):
            ok = False
            hint = " (drop the https://doi.org/ prefix)" if doi.lower().startswith(("http", "doi")) \
                else ""
            report(o, "doi", "E202", f"'{doi}' is not a DOI; expected 10.NNNN/suffix{hint}")
        if pmid and not PMID.match(pmid):
            ok = False
            report(o, "pmid", "E202", f"'{pmid}' is not a PMID; expected a whole number")
        if pmcid and not PMCID.match(pmcid):
            ok = False
            report(o, "pmcid", "E202", f"'{pmcid}' is not a PMCID; expected PMC followed by digits")
        for column in ("url", "confirmed_at"):
            for value in _split(row.get(column)) if column == "confirmed_at" else [url]:
                if value and not URL.match(value):
                    ok = False
                    report(o, column, "E202", f"'{_short(value)}' is not an https:// address")
        if not (doi or pmid or url):
            ok = False
            report(o, "doi", "E201", "a source needs a DOI, a PMID or an official url")
        year = row.get("year")
        if year:
            if not YEAR.match(year):
                ok = False
                report(o, "year", "E202", f"'{year}' is not a year; expected 4 digits")
            elif not FIRST_YEAR <= int(year) <= today.year:
                ok = False
                report(o, "year", "E204",
                       f"year {year} is out of range ({FIRST_YEAR} to {today.year})")
        if ok:
            out.append(Source(
                id=sid, kind=row.get("kind"), doi=doi, pmid=pmid, pmcid=pmcid, url=url,
                authors=_split(row.get("authors")), year=int(year), title=row.get("title"),
                venue=row.get("venue"), confirmed_at=_split(row.get("confirmed_at")), origin=o,
            ))
    return out


# ------------------------------------------------------------------------------------ entities


def _entities(rows: Iterable[Row], table: Table, ontology: Ontology, report: Report,
              ) -> list[Entity]:
    out: list[Entity] = []
    allowed = sorted(table.classes)
    for row in rows:
        ok = _required(row, table, report)
        eid, o = row.get("id"), row.origin
        if eid and not ENTITY_ID.match(eid):
            ok = False
            report(o, "id", "E202", f"'{_short(eid)}' is not a valid identifier (ASCII letters, "
                                    "digits, '-', '_' or '.'; no spaces or look-alike characters)")
        classes = _split(row.get("class"))
        for name in classes:
            if name not in table.classes:
                ok = False
                where = _other_table_for_class(name)
                hint = (f"; {name} entities belong in data/{where}" if where else
                        _suggest(name, allowed))
                report(o, "class", "E203",
                       f"class '{name}' is not allowed here (expected {' or '.join(allowed)})"
                       f"{hint}")
            elif name not in ontology.classes:
                ok = False
                report(o, "class", "E203", f"class '{name}' is not in the ontology")
        xrefs = _split(row.get("xrefs"))
        for xref in xrefs:
            problem = check_xref(xref)
            if problem:
                ok = False
                report(o, "xrefs", "E202", problem)
        confirmed = _split(row.get("confirmed_at"))
        for address in confirmed:
            if not URL.match(address):
                ok = False
                report(o, "confirmed_at", "E202", f"'{_short(address)}' is not an https:// address")
        if xrefs and not confirmed:
            ok = False
            report(o, "confirmed_at", "E201",
                   "xrefs need the https address of the stored page where they were seen")
        elif confirmed and not xrefs:
            report(o, "confirmed_at", "W211", "addresses given but no xrefs to confirm",
                   Level.WARNING)
        for column in ("synonyms", "xrefs", "class", "confirmed_at"):
            items = _split(row.get(column))
            if len(set(items)) != len(items):
                report(o, column, "W208", "the same value is listed twice", Level.WARNING)
        if ok:
            out.append(Entity(eid, classes, row.get("label"), _split(row.get("synonyms")),
                              xrefs, row.get("description"), o, confirmed))
    return out


# -------------------------------------------------------------------------------------- claims


def _claims(rows: Iterable[Row], table: Table, ontology: Ontology, entities: Mapping[str, Entity],
            known_entities: set[str], source_ids: set[str], today: dt.date, report: Report,
            ) -> list[Claim]:
    evidence = ontology.vocabulary(KG.EvidenceType)
    stances = ontology.vocabulary(KG.Stance)
    measures = ontology.vocabulary(KG.MeasureType)
    units = ontology.vocabulary(KG.Unit)
    species = ontology.vocabulary(KG.Species)
    statuses = ontology.vocabulary(KG.RegulatoryStatus)
    biases = ontology.vocabulary(KG.SignallingBias)
    out: list[Claim] = []
    for row in rows:
        o = row.origin
        ok = _required(row, table, report)
        predicate = row.get("predicate")
        if predicate and predicate not in table.predicates:
            ok = False
            if predicate in ontology.relations:
                home = _other_table_for_predicate(predicate)
                where = f"; {predicate} claims belong in data/{home}" if home else \
                    " (it is not used in curated data)"
                report(o, "predicate", "E304", f"relation '{predicate}' is not allowed in this "
                                               f"file{where}")
            else:
                report(o, "predicate", "E203",
                       f"unknown relation '{predicate}'{_suggest(predicate, table.predicates)}; "
                       f"expected one of {', '.join(sorted(table.predicates))}")
        for column in ("subject", "object"):
            name = row.get(column)
            if column in row.flawed:
                ok = False  # its text is already reported
            elif name and name not in known_entities:
                ok = False
                report(o, column, "E301",
                       f"unknown entity '{name}'{_suggest(name, known_entities)}")
            elif name and name not in entities:
                ok = False  # its own row is broken and reported there
        for sid in _split(row.get("sources")):
            if "sources" in row.flawed:
                ok = False
            elif sid not in source_ids:
                ok = False
                report(o, "sources", "E302", f"unknown source '{sid}'{_suggest(sid, source_ids)}")
        ok &= _in_vocabulary(row, "evidence", evidence, report)
        ok &= _in_vocabulary(row, "stance", stances, report)
        ok &= _in_vocabulary(row, "species", species, report)
        measurement, measured_ok = _measurement(row, measures, units, ontology.units_of, report)
        ok &= measured_ok
        location = row.get("location")
        if location and not location.lower().startswith(LOCATION_WORDS):
            ok = False
            report(o, "location", "E202", f"'{_short(location)}' should start with one of "
                                          f"{', '.join(LOCATION_WORDS)} (e.g. 'table 2')")
        enzyme = row.get("enzyme")
        if enzyme:
            target = entities.get(enzyme)
            if enzyme not in known_entities:
                ok = False
                report(o, "enzyme", "E301",
                       f"unknown entity '{enzyme}'{_suggest(enzyme, known_entities)}")
            elif target is None:
                ok = False
            elif "Enzyme" not in ontology.lineage(target.classes):
                ok = False
                report(o, "enzyme", "E303", f"'{enzyme}' is not an Enzyme")
        bias = row.get("bias")
        if bias:
            ok &= _in_vocabulary(row, "bias", biases, report)
            if predicate and predicate not in BIASED_RELATIONS:
                ok = False
                report(o, "bias", "E212", f"a signalling bias describes an agonist; "
                                          f"'{predicate}' claims take none (use "
                                          f"{' or '.join(sorted(BIASED_RELATIONS))})")
        if table.column("date") is not None:
            ok &= _date(row, today, report)
            ok &= _in_vocabulary(row, "status", statuses, report)
        if row.get("subject") and row.get("subject") == row.get("object"):
            ok = False
            report(o, "object", "E308", f"a claim cannot link '{row.get('subject')}' to itself")
        if ok and predicate in ontology.relations:
            ok = _domain_and_range(row, ontology, entities, report)
        if ok:
            out.append(Claim(
                subject=row.get("subject"), predicate=predicate, object=row.get("object"),
                sources=_split(row.get("sources")), evidence=row.get("evidence"),
                stance=row.get("stance"), location=location, note=row.get("note"), origin=o,
                table=table.path, measurement=measurement, species=row.get("species"),
                assay=row.get("assay"), enzyme=enzyme, date=row.get("date"),
                status=row.get("status"), instrument=row.get("instrument"), bias=bias,
            ))
    return out


def _measurement(row: Row, measures: Mapping[str, URIRef], units: Mapping[str, URIRef],
                 units_of: Mapping[str, frozenset[str]],
                 report: Report) -> tuple[Measurement | None, bool]:
    o = row.origin
    measure, value, unit = row.get("measure"), row.get("value"), row.get("unit")
    comparator, reference = row.get("comparator"), row.get("reference")
    if not (measure or value or unit or comparator):
        if reference:
            report(o, "reference", "E206", "a reference agonist is given but no Emax value")
            return None, False
        return None, True
    ok = True
    for column, text in (("measure", measure), ("value", value), ("unit", unit)):
        if not text:
            ok = False
            report(o, column, "E206",
                   "a measurement needs measure, value and unit together; this one is missing")
    ok &= _in_vocabulary(row, "measure", measures, report)
    ok &= _in_vocabulary(row, "unit", units, report)
    if comparator and comparator not in COMPARATORS:
        ok = False
        report(o, "comparator", "E203",
               f"unknown comparator '{comparator}'; expected empty (=), <, > or ~")
    number: Decimal | None = None
    if value:
        if value.startswith("-"):
            ok = False
            report(o, "value", "E204", f"value {value} is negative; measured values are positive")
        elif not DECIMAL.match(value):
            ok = False
            report(o, "value", "E202",
                   f"'{_short(value)}' is not a plain decimal (e.g. 7.5); put <, > or ~ in the "
                   "comparator column and leave out ± and units")
        else:
            try:
                number = Decimal(value)
            except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
                ok = False
            if number is not None and number <= 0:
                ok = False
                report(o, "value", "E204", f"value {value} is not positive")
    allowed = units_of.get(measure or "")
    if allowed and unit in units and unit not in allowed:
        ok = False
        report(o, "unit", "E210", f"{measure} values are not given in {unit}; expected one of "
                                  f"{', '.join(sorted(allowed))}")
    if number is not None and unit == "%" and measure == "content" and number > 100:
        ok = False
        report(o, "value", "E204", f"a content of {value} % is more than the whole")
    if measure == "Emax" and not reference:
        ok = False
        report(o, "reference", "E201", "an Emax needs the reference agonist it is relative to")
    if measure and measure != "Emax" and reference:
        report(o, "reference", "W209", "a reference agonist only applies to Emax", Level.WARNING)
    if not ok or number is None:
        return None, False
    return Measurement(measure, number, unit, comparator, reference), True


def _date(row: Row, today: dt.date, report: Report) -> bool:
    text = row.get("date")
    if not text:
        return True
    match = DATE.match(text)
    if not match:
        report(row.origin, "date", "E202", f"'{_short(text)}' is not a date; expected YYYY-MM-DD, "
                                           "YYYY-MM or YYYY")
        return False
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError:
        report(row.origin, "date", "E202", f"'{text}' is not a calendar date")
        return False
    if date > today:
        report(row.origin, "date", "E204", f"date {text} is in the future")
        return False
    return True


def _domain_and_range(row: Row, ontology: Ontology, entities: Mapping[str, Entity],
                      report: Report) -> bool:
    relation = ontology.relations[row.get("predicate")]
    ok = True
    for column, allowed in (("subject", relation.domain), ("object", relation.range)):
        entity = entities[row.get(column)]
        if not allowed & ontology.lineage(entity.classes):
            ok = False
            has = "|".join(entity.classes)
            report(row.origin, column, "E303",
                   f"'{entity.id}' ({has}) cannot be the {column} of {relation.name}; expected "
                   f"{' or '.join(sorted(allowed))}")
    return ok


# -------------------------------------------------------------------------------------- checks


TOPICS = ("mechanism", "effects", "safety", "use", "regulation")


def _checks(rows: Iterable[Row], table: Table, ontology: Ontology,
            edges: set[tuple[str, str, str]], report: Report) -> list[Check]:
    verdicts = ontology.vocabulary(KG.Verdict)
    out: list[Check] = []
    for row in rows:
        o = row.origin
        ok = _required(row, table, report)
        cid = row.get("id")
        if cid and not ENTITY_ID.match(cid):
            ok = False
            report(o, "id", "E202", f"'{_short(cid)}' is not a valid identifier")
        ok &= _in_vocabulary(row, "verdict", verdicts, report)
        topic = row.get("topic")
        if topic and topic not in TOPICS:
            ok = False
            report(o, "topic", "E203", f"unknown topic '{topic}'{_suggest(topic, TOPICS)}; "
                                       f"expected one of {', '.join(TOPICS)}")
        evidence: list[tuple[str, str, str]] = []
        for item in _split(row.get("evidence")):
            parts = item.split()
            if len(parts) != 3:
                ok = False
                report(o, "evidence", "E202", f"'{_short(item)}' is not 'subject relation object'")
                continue
            triple = (parts[0], parts[1], parts[2])
            if triple not in edges:
                ok = False
                near = [" ".join(e) for e in edges if e[0] == triple[0]]
                report(o, "evidence", "E301", f"no curated claim '{item}'"
                                              f"{_suggest(item, near)}")
            evidence.append(triple)
        if row.get("verdict") not in ("", "unsupported") and not evidence:
            ok = False
            report(o, "evidence", "E201", "a verdict other than 'unsupported' needs the graph "
                                          "edges it rests on")
        if ok:
            out.append(Check(cid, row.get("statement"), topic, row.get("verdict"),
                             tuple(evidence), row.get("location"), row.get("note"),
                             CHECKED_DOCUMENTS.get(table.path, table.path), o))
    return out


# ------------------------------------------------------------------------------------- helpers


def _required(row: Row, table: Table, report: Report) -> bool:
    ok = True
    for column in table.columns:
        if column.required and not row.get(column.name):
            ok = False
            report(row.origin, column.name, "E201", f"required field is empty ({column.doc})")
    return ok


def _in_vocabulary(row: Row, column: str, vocabulary: Mapping[str, object], report: Report) -> bool:
    value = row.get(column)
    if not value or value in vocabulary:
        return True
    report(row.origin, column, "E203", f"unknown {column} '{_short(value)}'"
                                       f"{_suggest(value, vocabulary)}; expected one of "
                                       f"{', '.join(sorted(vocabulary))}")
    return False


def _duplicates(items: Iterable[tuple[str, Origin]], what: str, report: Report) -> set[Origin]:
    """Report every identifier seen before (ignoring case); returns the repeated rows."""
    first: dict[str, tuple[str, Origin]] = {}
    repeated: set[Origin] = set()
    for key, origin in items:
        folded = key.casefold()
        if folded in first:
            other, where = first[folded]
            same = "" if other == key else f" ('{other}' differs only in case)"
            report(origin, "id", "E205", f"duplicate {what} '{key}'{same}; first defined at {where}")
            repeated.add(origin)
        else:
            first[folded] = (key, origin)
    return repeated


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(LIST_SEPARATOR) if part.strip())


def _suggest(name: str, candidates: Iterable[str]) -> str:
    pool = list(candidates)
    folded = {c.casefold(): c for c in pool}
    if name.casefold() in folded:
        return f" (did you mean '{folded[name.casefold()]}'?)"
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _other_table_for_class(name: str) -> str | None:
    return next((t.path for t in TABLES if name in t.classes), None)


def _other_table_for_predicate(name: str) -> str | None:
    return next((t.path for t in TABLES if name in t.predicates), None)


# --------------------------------------------------------------------------------------- SHACL


#: Annotation naming the column a node-level shape (one without ``sh:path``) is about.
SHAPE_FIELD = "https://w3id.org/kratom-kg/shapes#field"


def check_shapes(graph: Graph, shapes: Graph, origins: Mapping[URIRef, Origin],
                 fields: Mapping[URIRef, str]) -> list[Diagnostic]:
    """Run SHACL (pyshacl) on ``graph`` and report each violation at the row that made its focus
    node; ``fields`` maps a property to the column it came from."""
    from pyshacl import validate as shacl_validate
    from rdflib import URIRef
    from rdflib.namespace import SH

    conforms, results, _ = shacl_validate(graph, shacl_graph=shapes, inference="none",
                                          advanced=False, allow_warnings=True)
    if conforms:
        return []
    out: list[Diagnostic] = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = str(results.value(result, SH.resultMessage) or "shape violated")
        value = results.value(result, SH.value)
        origin = origins.get(focus) if focus is not None else None
        where = origin or Origin("(graph)", 0)
        field = fields.get(path, str(path)) if path is not None else \
            str(shapes.value(results.value(result, SH.sourceShape), URIRef(SHAPE_FIELD)) or "")
        detail = f" (value: {value})" if value is not None else ""
        subject = "" if origin else f" on {focus}"
        severity = results.value(result, SH.resultSeverity)
        level = Level.ERROR if severity == SH.Violation else Level.WARNING
        out.append(Diagnostic(where.file, where.line, field, "E401",
                              f"SHACL: {message}{detail}{subject}", level))
    return sorted(set(out))
