"""Checks the meaning of curated rows and turns them into typed records.

Row rules (identifiers, formats, vocabularies, numbers), then references between tables (known
entities and sources, the ontology's domain and range for each relation, duplicates). SHACL runs
later, on the built graph (:mod:`kg.graph.shapes`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from urllib.parse import unquote

import networkx as nx

from kg.curate.load import RawData
from kg.curate.tables import CHECKED_DOCUMENTS, LIST_SEPARATOR, TABLES, Kind, Table
from kg.errors import Diagnostic, Level
from kg.model.claim import FIELDS, Claim, Field, Show, claim_key, fields_of, typed
from kg.model.claim import Kind as FieldKind
from kg.model.names import did_you_mean
from kg.model.ontology import Ontology
from kg.model.origin import Origin
from kg.model.prefixes import check_xref
from kg.model.records import Check, Dataset, Entity, Row, Source
from kg.model.vocab import ENTITY, KG, claim_iri, entity_iri, term

ENTITY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
SOURCE_ID = re.compile(r"^[a-z][a-z0-9_\-]*$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^[1-9]\d{0,8}$")
PMCID = re.compile(r"^PMC\d+$")
YEAR = re.compile(r"^\d{4}$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DECIMAL = re.compile(r"^\d+(\.\d+)?$")
INTEGER = re.compile(r"^[1-9]\d*$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
URL = re.compile(r"^https://[^\s/$.?#][^\s]*$")
LOCATION_WORDS = ("abstract", "table", "figure", "text", "results", "discussion", "supplement",
                  "document")
MAX_FIELD = 2000
#: Relations whose supported claims must not form a cycle.
ACYCLIC = frozenset({"metabolisedTo"})
#: Relations a signalling bias may qualify: only an agonist has a pathway it favours.
BIASED_RELATIONS = frozenset({"agonistOf", "partialAgonistOf"})
#: The relation each regulator's interaction class qualifies (a substrate's sensitivity, an
#: inhibitor's strength).
STRENGTH_RELATIONS = {"sensitive_substrate": "substrateOf",
                      "moderate_sensitive_substrate": "substrateOf",
                      "strong_inhibitor": "inhibits", "moderate_inhibitor": "inhibits",
                      "weak_inhibitor": "inhibits"}
#: The relation whose claims name the outcome of a combination, and must.
OUTCOME_RELATION = "interactsWith"
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
    _disputes(claims, report)

    seen: dict[str, Origin] = {}
    for claim in claims:
        assert claim.origin is not None
        if claim.id in seen:
            report(claim.origin, "", "E307",
                   f"duplicate claim: the same assertion is already at {seen[claim.id]}")
        else:
            seen[claim.id] = claim.origin

    used_entities = {r.get(f.name) for r in claim_rows for f in FIELDS if f.kind is FieldKind.ENTITY}
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


def _acyclic(claims: Iterable[Claim], relations: frozenset[str], report: Report) -> None:
    """Report each supported claim that closes a cycle of a relation that must not have one (a
    compound cannot be its own metabolite, directly or through others)."""
    for name in sorted(relations):
        graph = nx.DiGraph()
        for claim in claims:
            if claim.predicate != str(term(name)) or not claim.supports:
                continue
            if graph.has_node(claim.object) and graph.has_node(claim.subject) and \
                    nx.has_path(graph, claim.object, claim.subject):
                loop = [_entity_id(n) for n in nx.shortest_path(graph, claim.object, claim.subject)]
                assert claim.origin is not None
                report(claim.origin, "object", "E309", f"this {name} claim closes a cycle: "
                       f"{' -> '.join([*loop, _entity_id(claim.object)])}")
                continue
            graph.add_edge(claim.subject, claim.object)


def _disputes(claims: Iterable[Claim], report: Report) -> None:
    """A dispute group names competing readings of one value: it needs at least two claims."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.disputed:
            groups.setdefault(claim.disputed, []).append(claim)
    for slug, members in sorted(groups.items()):
        if len(members) == 1 and members[0].origin is not None:
            report(members[0].origin, "disputed", "E215",
                   f"dispute group '{slug}' has only this claim; record each competing reading "
                   "as its own row with the same label")


def _entity_id(iri: str) -> str:
    return unquote(iri[len(str(ENTITY)):]) if iri.startswith(str(ENTITY)) else iri


class _Everything(set[str]):
    """A set of known identifiers that admits any identifier (used when a table is unreadable)."""

    def __contains__(self, item: object) -> bool:
        return True


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
                        did_you_mean(name, allowed))
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
        elif confirmed and not xrefs and not _split(row.get("synonyms")):
            report(o, "confirmed_at", "W211", "addresses given but no xrefs or synonyms to confirm",
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
    """Typed claims of the rows that pass: each declared field read by its kind, then the rules
    that tie fields together (a measurement's parts, its comparator and interval, what may
    qualify which relation)."""
    fields = fields_of(table.path.removeprefix("claims/").removesuffix(".tsv"))
    out: list[Claim] = []
    for row in rows:
        o = row.origin
        ok = _required(row, table, report)
        reader = _FieldReader(row, ontology, entities, known_entities, source_ids, today, report)
        values: dict[str, object] = {}
        for f in fields:
            if f.name == "predicate":
                continue  # checked against the table and the ontology below
            value, readable = reader.read(f)
            ok &= readable
            if value is not None:
                values[f.name] = value
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
                       f"unknown relation '{predicate}'{did_you_mean(predicate, table.predicates)}; "
                       f"expected one of {', '.join(sorted(table.predicates))}")
        ok &= _measurement(row, ontology, report)
        ok &= _qualifiers(row, ontology, entities, report)
        if row.get("subject") and row.get("subject") == row.get("object"):
            ok = False
            report(o, "object", "E308", f"a claim cannot link '{row.get('subject')}' to itself")
        if ok and predicate in ontology.relations:
            ok = _domain_and_range(row, ontology, entities, report)
        if ok:
            values["predicate"] = str(ontology.relations[predicate].iri)
            iri = claim_iri(row.get("subject"), predicate, row.get("object"),
                            claim_key(row.values))
            out.append(Claim(id=str(iri), origin=o, **values))  # type: ignore[arg-type]
    return out


class _FieldReader:
    """Reads one row's fields by their declared kind, reporting what cannot be read."""

    def __init__(self, row: Row, ontology: Ontology, entities: Mapping[str, Entity],
                 known_entities: set[str], source_ids: set[str], today: dt.date,
                 report: Report) -> None:
        self.row, self.ontology, self.entities = row, ontology, entities
        self.known_entities, self.source_ids = known_entities, source_ids
        self.today, self.report = today, report

    def read(self, f: Field) -> tuple[object | None, bool]:
        """The field's typed value (None when empty) and whether it could be read."""
        text = self.row.get(f.name)
        if not text:
            return None, True
        if f.name in self.row.flawed:
            return None, False  # its text is already reported
        reader = getattr(self, f"_{f.kind.value}")
        return reader(f, text)

    def _problem(self, f: Field, code: str, message: str) -> tuple[None, bool]:
        self.report(self.row.origin, f.name, code, message)
        return None, False

    def _entity(self, f: Field, text: str) -> tuple[object | None, bool]:
        if text not in self.known_entities:
            return self._problem(f, "E301", f"unknown entity '{text}'"
                                            f"{did_you_mean(text, self.known_entities)}")
        if text not in self.entities:
            return None, False  # its own row is broken and reported there
        return str(entity_iri(text)), True

    def _entity_or_text(self, f: Field, text: str) -> tuple[object | None, bool]:
        if text in self.known_entities:
            return self._entity(f, text)
        if " " not in text:
            hint = did_you_mean(text, self.known_entities)
            if hint:
                return self._problem(f, "E301", f"'{text}' is not an entity id{hint}; a "
                                                "comparator that is not an entity is a phrase")
        return text, True

    def _relation(self, f: Field, text: str) -> tuple[object | None, bool]:
        return text, True

    def _sources(self, f: Field, text: str) -> tuple[object | None, bool]:
        ids = _split(text)
        unknown = [s for s in ids if s not in self.source_ids]
        for sid in unknown:
            self._problem(f, "E302", f"unknown source '{sid}'{did_you_mean(sid, self.source_ids)}")
        return (None, False) if unknown else (tuple(sorted(ids)), True)

    def _concept(self, f: Field, text: str) -> tuple[object | None, bool]:
        vocabulary = self.ontology.vocabularies[f.scheme]
        if text not in vocabulary:
            return self._problem(f, "E203", f"unknown {f.name} '{_short(text)}'"
                                            f"{did_you_mean(text, vocabulary)}; expected one of "
                                            f"{', '.join(sorted(vocabulary))}")
        return typed(f, text), True

    def _choice(self, f: Field, text: str) -> tuple[object | None, bool]:
        if text not in f.choices:
            return self._problem(f, "E203", f"unknown {f.name} '{_short(text)}'; expected empty "
                                            f"or one of {' '.join(f.choices)}")
        return text, True

    def _decimal(self, f: Field, text: str) -> tuple[object | None, bool]:
        if text.startswith("-"):
            return self._problem(f, "E204", f"{f.name} {text} is negative; measured values are "
                                            "positive")
        if not DECIMAL.match(text):
            return self._problem(f, "E202", f"'{_short(text)}' is not a plain decimal (e.g. 7.5); "
                                            "put <, > or ~ in the qualifier column and leave out "
                                            "± and units")
        number = Decimal(text)
        if number <= 0:
            return self._problem(f, "E204", f"{f.name} {text} is not positive")
        return number, True

    def _integer(self, f: Field, text: str) -> tuple[object | None, bool]:
        if not INTEGER.match(text):
            return self._problem(f, "E202", f"'{_short(text)}' is not a whole number (digits only, "
                                            "no separators)")
        return int(text), True

    def _text(self, f: Field, text: str) -> tuple[object | None, bool]:
        if f.name == "location" and not text.lower().startswith(LOCATION_WORDS):
            return self._problem(f, "E202", f"'{_short(text)}' should start with one of "
                                            f"{', '.join(LOCATION_WORDS)} (e.g. 'table 2')")
        return text, True

    def _slug(self, f: Field, text: str) -> tuple[object | None, bool]:
        if not SLUG.match(text):
            return self._problem(f, "E202", f"'{_short(text)}' is not a label (lowercase letters, "
                                            "digits and hyphens, e.g. obeng2021-mor-ki)")
        return text, True

    def _date(self, f: Field, text: str) -> tuple[object | None, bool]:
        match = DATE.match(text)
        if not match:
            return self._problem(f, "E202", f"'{_short(text)}' is not a date; expected YYYY-MM-DD, "
                                            "YYYY-MM or YYYY")
        year, month, day = (int(g) if g else 1 for g in match.groups())
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return self._problem(f, "E202", f"'{text}' is not a calendar date")
        if date > self.today:
            return self._problem(f, "E204", f"date {text} is in the future")
        return text, True


#: The fields that make up a measured value besides the statistic and the number.
_MEASUREMENT_PARTS = tuple(f.name for f in FIELDS if f.show is Show.MEASUREMENT)
#: Measures given in % of a whole, which cannot exceed 100.
PARTS_OF_WHOLE = frozenset({"content", "proportion", "bioavailability"})


def _measurement(row: Row, ontology: Ontology, report: Report) -> bool:
    """The parts of a measured value fit together: statistic and number (and a unit unless the
    statistic is a ratio), the comparator a relative statistic needs, a complete and consistent
    confidence interval."""
    o = row.origin
    given = {name: row.get(name) for name in _MEASUREMENT_PARTS if row.get(name)}
    if not given:
        return True
    measure, value, unit = row.get("measure"), row.get("value"), row.get("unit")
    ok = True
    dimensionless = measure in ontology.dimensionless
    needed = ["measure", "value"] + ([] if dimensionless or not measure else ["unit"])
    missing = {"measure": "a measured value needs its statistic (measure); this one has none",
               "value": f"a {measure or 'measured value'} needs its value; this one has none",
               "unit": f"{measure} values need a unit (only ratios take none); this one has none"}
    for column in needed:
        if not row.get(column):
            ok = False
            report(o, column, "E206", missing[column])
    if dimensionless and unit:
        ok = False
        report(o, "unit", "E210", f"{measure} is a ratio and takes no unit; leave unit empty")
    allowed = ontology.units_of.get(measure)
    if allowed and unit in ontology.vocabularies["Unit"] and unit not in allowed:
        ok = False
        report(o, "unit", "E210", f"{measure} values are not given in {unit}; expected one of "
                                  f"{', '.join(sorted(allowed))}")
    number = _number(value)
    if number is not None and unit == "%" and measure in PARTS_OF_WHOLE and number > 100:
        ok = False
        report(o, "value", "E204", f"a {measure} of {value} % is more than the whole")
    comparator = row.get("comparator")
    if measure in ontology.comparative and not comparator:
        ok = False
        report(o, "comparator", "E213", f"{measure} is relative: name what it is compared with "
                                        "(an entity id, or a phrase for a group or condition)")
    if comparator and measure and measure in ontology.vocabularies["MeasureType"] and \
            measure not in ontology.comparative:
        report(o, "comparator", "W209", f"{measure} is not a relative measure; a comparator "
                                        "applies to Emax and ratios", Level.WARNING)
    ok &= _interval(row, number, report)
    return ok


def _interval(row: Row, value: Decimal | None, report: Report) -> bool:
    """A confidence interval has both bounds and its level, and holds its point value."""
    o = row.origin
    low, high, level = (_number(row.get(c)) for c in ("ci_low", "ci_high", "ci_level"))
    texts = {c: row.get(c) for c in ("ci_low", "ci_high", "ci_level")}
    if not any(texts.values()):
        return True
    ok = True
    for column in ("ci_low", "ci_high"):
        if not texts[column]:
            ok = False
            report(o, column, "E214", "a confidence interval needs both bounds")
    if low is not None and high is not None and low > high:
        ok = False
        report(o, "ci_high", "E214", f"the interval's upper bound {texts['ci_high']} is below its "
                                     f"lower bound {texts['ci_low']}")
    elif (low is not None and high is not None and value is not None
          and not row.get("qualifier") and not low <= value <= high):
        ok = False
        report(o, "value", "E214", f"value {row.get('value')} lies outside its interval "
                                   f"{texts['ci_low']} to {texts['ci_high']}")
    if level is not None and not 0 < level < 100:
        ok = False
        report(o, "ci_level", "E204", f"a confidence level is a percentage between 0 and 100, "
                                      f"not {texts['ci_level']}")
    return ok


def _qualifiers(row: Row, ontology: Ontology, entities: Mapping[str, Entity],
                report: Report) -> bool:
    """Fields that qualify only some relations or some subjects: a signalling bias describes an
    agonist, an enzyme catalyses a conversion, people are described by population and age."""
    o = row.origin
    ok = True
    predicate = row.get("predicate")
    if row.get("bias") and predicate and predicate not in BIASED_RELATIONS:
        ok = False
        report(o, "bias", "E212", f"a signalling bias describes an agonist; '{predicate}' claims "
                                  f"take none (use {' or '.join(sorted(BIASED_RELATIONS))})")
    strength = row.get("strength")
    if strength in STRENGTH_RELATIONS and predicate and predicate != STRENGTH_RELATIONS[strength]:
        ok = False
        report(o, "strength", "E212", f"'{strength}' qualifies {STRENGTH_RELATIONS[strength]} "
                                      f"claims, not '{predicate}'")
    if row.get("outcome") and predicate and predicate != OUTCOME_RELATION:
        ok = False
        report(o, "outcome", "E212", f"an outcome names what followed a combination "
                                     f"({OUTCOME_RELATION}); '{predicate}' claims take none")
    if predicate == OUTCOME_RELATION and not row.get("outcome"):
        ok = False
        report(o, "outcome", "E201", f"a {OUTCOME_RELATION} claim names the outcome that followed "
                                     "the combination (a risk or effect id)")
    outcome = entities.get(row.get("outcome"))
    if outcome is not None and not {"Risk", "Effect"} & ontology.lineage(outcome.classes):
        ok = False
        report(o, "outcome", "E303", f"'{outcome.id}' is not a risk or an effect")
    enzyme = entities.get(row.get("enzyme"))
    if enzyme is not None and "Enzyme" not in ontology.lineage(enzyme.classes):
        ok = False
        report(o, "enzyme", "E303", f"'{enzyme.id}' is not an Enzyme")
    species = row.get("species")
    for column in ("population", "age_group"):
        if row.get(column) and species and species != "human":
            report(o, column, "W216", f"{column} describes people, but species is {species}",
                   Level.WARNING)
    return ok


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text and DECIMAL.match(text) else None


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
            report(o, "topic", "E203", f"unknown topic '{topic}'{did_you_mean(topic, TOPICS)}; "
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
                                              f"{did_you_mean(item, near)}")
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
                                       f"{did_you_mean(value, vocabulary)}; expected one of "
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


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _other_table_for_class(name: str) -> str | None:
    return next((t.path for t in TABLES if name in t.classes), None)


def _other_table_for_predicate(name: str) -> str | None:
    return next((t.path for t in TABLES if name in t.predicates), None)
