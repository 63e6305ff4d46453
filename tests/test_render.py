"""`kg render` and the graph pages, without a browser: what the site holds, that it is offline,
escaped, deterministic and written atomically; the style file; the layout; the pyvis API."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import kg
from conftest import MINI, PROJECT, TODAY, edit_row
from kg.atomic import replace_folder
from kg.cli import main
from kg.errors import OutputError
from kg.locations import Locations
from kg.pages.layout import Box, node_box, separate, wrap
from kg.pages.network import KGNetwork, script_json
from kg.pages.site import MARKER, RenderResult
from kg.pages.style import StyleError, default_style_path, load_style
from kg.read.projection import load_projection
from kg.sparql.questions import CatalogueError, read_query

RENDERED: dict[Path, RenderResult] = {}
HOSTILE = '<script>window.__kgInjected=1</script><img src=x onerror="window.__kgInjected=2">'


def _project(root: Path, data: Path = MINI) -> Locations:
    shutil.copytree(data, root / "data")
    shutil.copytree(PROJECT / "queries", root / "queries")
    return Locations(root=root, data=root / "data", ontology=PROJECT / "ontology",
                     build=root / "build")


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Locations, Path]:
    """The mini dataset built and rendered once; returns its locations and the site folder."""
    where = _project(tmp_path_factory.mktemp("mini-render"))
    kg.build(locations=where, today=TODAY)
    site = where.root / "site"
    RENDERED[site] = kg.render(site, locations=where)
    return where, site


class _Resources(HTMLParser):
    """Collects every URL a page would load (scripts, styles, images, frames)."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and values.get("src"):
            self.loads.append(str(values["src"]))
        if tag == "link" and values.get("href"):
            self.loads.append(str(values["href"]))


def _loads(page: Path) -> list[str]:
    parser = _Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.loads


def _page_data(page: Path) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>',
                      page.read_text(encoding="utf-8"), re.S)
    assert match, f"{page} has no graph data"
    return json.loads(match.group(1))


# ------------------------------------------------------------------------------------ the site


def test_site_has_every_page(mini_site: tuple[Locations, Path]) -> None:
    where, site = mini_site
    projection = load_projection(where.graph_file("projection.json"))
    assert (site / "index.html").is_file() and (site / "graph.html").is_file()
    assert (site / "seed-article.html").is_file()
    entity_pages = sorted(p.stem for p in (site / "entities").glob("*.html"))
    assert entity_pages == sorted(iri.rsplit("/", 1)[1] for iri in projection.nodes)
    graph_questions = {q.name for q in kg.catalogue(locations=where).values() if q.graph}
    drawn = {p.stem for p in (site / "questions").glob("*.html")}
    # A question whose example names an entity the fixture lacks (mitragynine) gets no page, and
    # the result says so; every other graph question has its page.
    skipped = set(RENDERED[site].skipped)
    assert drawn | skipped == graph_questions and not drawn & skipped
    assert {"compound-targets", "effect-mechanisms"} <= skipped
    assert {"mechanism-chains", "target-systems", "drug-interactions"} <= drawn
    index = (site / "index.html").read_text(encoding="utf-8")
    for name in entity_pages:
        assert f'href="entities/{name}.html"' in index
    for name in drawn:
        assert f'href="questions/{name}.html"' in index


def test_pages_load_nothing_from_the_network(mini_site: tuple[Locations, Path]) -> None:
    _, site = mini_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        for url in _loads(page):
            assert not re.match(r"^(https?:)?//", url), f"{page.name} loads {url}"
            assert (page.parent / url).resolve().is_file(), f"{page.name}: {url} is missing"
    for asset in (site / "assets").iterdir():
        text = asset.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)\s*=\s*["']https?://""", text)
        assert "@import" not in text and "url(http" not in text


def test_entity_page_lists_every_claim_with_citations(mini_site: tuple[Locations, Path]) -> None:
    where, site = mini_site
    projection = load_projection(where.graph_file("projection.json"))
    iri = "https://w3id.org/kratom-kg/entity/RECA"
    claims = {c.id for c in projection.claims if iri in (c.subject, c.object)}
    page = (site / "entities" / "RECA.html").read_text(encoding="utf-8")
    assert set(re.findall(r'<tr data-claim="([^"]+)"', page)) == claims
    assert "<h1>receptor A</h1>" in page
    assert '<a href="https://purl.uniprot.org/uniprot/P35372">UniProtKB:P35372</a>' in page
    assert 'href="https://doi.org/10.5555/alpha.2020"' in page
    assert "Ki 12.5 nM" in page and "Ki 40 nM" in page  # both labs' values stay
    assert "<th>Edge grade</th>" in page
    assert "<td>probable in vitro (1 in vitro study and 1 review for)</td>" in page
    data = _page_data(site / "entities" / "RECA.html")
    neighbours = {s for s, o in projection.edges if o == iri} | \
                 {o for s, o in projection.edges if s == iri}
    assert {n["id"] for n in data["nodes"]} == {x.rsplit("/", 1)[1] for x in neighbours | {iri}}
    compound = next(e for e in data["edges"] if e["from"] == "compound-a" and e["to"] == "RECA")
    cited = {s["id"] for c in compound["tip"]["claims"] for s in c["sources"]}
    assert {"alpha2020", "beta2021"} <= cited
    # the edge shows its grade with the counts behind it, and is drawn as wide as its grade
    assert compound["tip"]["rows"] == [["partial agonist of: grade",
                                        "probable in vitro (1 in vitro study and 1 review for)"]]
    assert compound["grade"] == "probable"
    mediates = next(e for e in data["edges"] if e["from"] == "RECA" and e["to"] == "effect-e")
    assert mediates["grade"] == "established" and mediates["width"] > compound["width"]


def test_question_page_draws_the_answer(mini_site: tuple[Locations, Path]) -> None:
    _, site = mini_site
    data = _page_data(site / "questions" / "mechanism-chains.html")
    ids = {n["id"] for n in data["nodes"]}
    assert ids == {"compound-a", "compound-b", "RECA", "effect-e", "risk-r"}
    pairs = {(e["from"], e["to"]) for e in data["edges"]}
    assert ("compound-a", "RECA") in pairs and ("RECA", "effect-e") in pairs
    page = (site / "questions" / "mechanism-chains.html").read_text(encoding="utf-8")
    assert page.count("<tr>") == 1 + 4  # header and the four answer rows


def test_seed_article_page_shows_verdicts(mini_site: tuple[Locations, Path]) -> None:
    _, site = mini_site
    page = (site / "seed-article.html").read_text(encoding="utf-8")
    checks = (MINI / "checks" / "seed-article.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert checks
    for line in checks:
        ident, _, _, verdict = line.split("\t")[:4]
        assert f'id="{ident}"' in page
        assert f'kg-verdict-{verdict}"' in page


def test_render_around_fetches_and_draws_only_the_neighbourhood(
        mini_site: tuple[Locations, Path], tmp_path: Path) -> None:
    where, _ = mini_site
    site = tmp_path / "around"
    result = kg.render(site, around=["compound A"], radius=1, locations=where)
    pages = sorted(p.stem for p in (site / "entities").glob("*.html"))
    assert pages == sorted(["compound-a", "plant-x", "ENZA", "compound-b", "RECA", "effect-e"])
    assert result.questions == 0 and not (site / "questions").exists()
    assert not (site / "seed-article.html").exists()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "compound A and everything within 1 hop" in index
    # claims reaching outside the neighbourhood (RECA mediates risk-r, RECA partOf system-s) are
    # neither fetched nor drawn
    reca = _page_data(site / "entities" / "RECA.html")
    assert {n["id"] for n in reca["nodes"]} == {"RECA", "compound-a", "compound-b", "effect-e"}
    assert "partial site" in (site / "entities" / "RECA.html").read_text(encoding="utf-8")
    kg.render(site, around=["compound-a"], radius=0, locations=where)
    assert [p.stem for p in (site / "entities").glob("*.html")] == ["compound-a"]
    with pytest.raises(kg.KGError, match="no entity named 'no such thing'"):
        kg.render(site, around=["no such thing"], locations=where)


def test_styles_come_from_the_style_file(mini_site: tuple[Locations, Path], tmp_path: Path) -> None:
    where, _ = mini_site
    text = default_style_path().read_text(encoding="utf-8")
    custom = tmp_path / "style.toml"
    custom.write_text(text.replace('[classes.Alkaloid]\nlabel = "Alkaloid"\ncolor = "#2e7d32"',
                                   '[classes.Alkaloid]\nlabel = "Alkaloid"\ncolor = "#123456"'),
                      encoding="utf-8")
    site = tmp_path / "site"
    kg.render(site, locations=where, style=custom)
    data = _page_data(site / "entities" / "compound-a.html")
    node = next(n for n in data["nodes"] if n["id"] == "compound-a")
    assert node["color"] == "#123456" and node["shape"] == "dot"
    legend = (site / "entities" / "compound-a.html").read_text(encoding="utf-8")
    assert "--c:#123456" in legend


def test_same_input_gives_byte_identical_site(mini_site: tuple[Locations, Path],
                                              tmp_path: Path) -> None:
    where, site = mini_site
    again = tmp_path / "again"
    kg.render(again, locations=where)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_data_text_is_escaped(tmp_path: Path) -> None:
    where = _project(tmp_path)
    edit_row(where.data / "entities" / "compounds.tsv", 2, label=HOSTILE, description=HOSTILE)
    kg.build(locations=where, today=TODAY)
    site = tmp_path / "site"
    kg.render(site, locations=where)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>window" not in text and "<img src=x" not in text, page.name
    entity = (site / "entities" / "compound-a.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__kgInjected=1&lt;/script&gt;" in entity  # shown as text
    data = _page_data(site / "entities" / "compound-a.html")
    assert any(n["label"] == HOSTILE for n in data["nodes"])  # the JSON round-trips exactly


def test_script_json_cannot_close_its_element() -> None:
    text = script_json({"a": "</script><!--", "b": "\u2028"})
    assert "<" not in text and ">" not in text
    assert json.loads(text) == {"a": "</script><!--", "b": "\u2028"}


# ------------------------------------------------------------------------------------ writing


def test_render_refuses_a_folder_it_did_not_write(mini_site: tuple[Locations, Path],
                                                  tmp_path: Path) -> None:
    where, _ = mini_site
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "thesis.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(OutputError, match="did not write"):
        kg.render(mine, locations=where)
    assert (mine / "thesis.txt").read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in mine.iterdir()) == ["thesis.txt"]


def test_render_replaces_its_own_site_whole(mini_site: tuple[Locations, Path],
                                            tmp_path: Path) -> None:
    where, _ = mini_site
    site = tmp_path / "site"
    kg.render(site, locations=where)
    (site / "entities" / "stale.html").write_text("old", encoding="utf-8")
    kg.render(site, locations=where)
    assert (site / MARKER).is_file()
    assert not (site / "entities" / "stale.html").exists()
    assert not list(tmp_path.glob(".site.*.tmp"))


def test_failed_write_leaves_the_previous_site(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    replace_folder(site, {"index.html": b"old"}, MARKER)
    import kg.atomic as atomic

    real = atomic.os.replace

    def failing(src: object, dst: object) -> None:
        if Path(str(dst)) == site and Path(str(src)).name != "previous":
            raise OSError(28, "No space left on device", str(dst))
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", failing)
    with pytest.raises(OutputError, match="disk is full"):
        replace_folder(site, {"index.html": b"new"}, MARKER)
    monkeypatch.undo()
    assert (site / "index.html").read_bytes() == b"old"
    assert not [p for p in tmp_path.glob(".site.*.tmp") if any(p.iterdir())]


# ------------------------------------------------------------------------------------ style


def _style_with(tmp_path: Path, old: str, new: str) -> Path:
    text = default_style_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "style.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_default_style_covers_every_class_and_relation_of_the_data() -> None:
    from rdflib import RDFS, Graph, URIRef

    from kg.curate.tables import TABLES

    style = load_style()
    onto = Graph().parse(PROJECT / "ontology" / "kratom.ttl")
    vocab = "https://w3id.org/kratom-kg/vocab#"
    entity_classes = {str(c)[len(vocab):] for c in onto.transitive_subjects(
        RDFS.subClassOf, URIRef(vocab + "Entity"))}
    assert entity_classes <= {c.name for c in style.classes}
    claimed = set().union(*(t.predicates for t in TABLES))
    assert claimed <= set(style.relations), claimed - set(style.relations)


@pytest.mark.parametrize(("old", "new", "message"), [
    ('color = "#2e7d32"', 'color = "green"', r'style\.toml:\d+: \[classes\.Alkaloid\] color: '
     r'expected a colour like "#1565c0", not \'green\''),
    ('shape = "star"', 'shape = "blob"', r"\[classes\.Plant\] shape: expected one of diamond, dot, .*not "
     r"'blob'"),
    ("seed = 7", "", r"\[layout\] seed: expected a value \(the key is missing\)"),
    ("dashes = false", 'dashes = "no"', r"\[relations\.agonistOf\] dashes: expected true or false"),
    ("min_size = 10", "min_size = 100", r"min_size is larger than max_size"),
    ("[classes.Entity]", "[classes.Thing]", r"needs a \[classes\.Entity\] table"),
    ("[nodes]", "[nodes", r"not valid TOML"),
])
def test_style_mistakes_are_reported_with_file_line_and_key(tmp_path: Path, old: str, new: str,
                                                            message: str) -> None:
    with pytest.raises(StyleError, match=message):
        load_style(_style_with(tmp_path, old, new))


def test_render_reports_a_bad_style_without_writing(mini_site: tuple[Locations, Path],
                                                    tmp_path: Path) -> None:
    where, _ = mini_site
    bad = _style_with(tmp_path, 'arrow = "bar"', 'arrow = "spear"')
    result = CliRunner().invoke(main, ["render", "--out", str(tmp_path / "site"),
                                       "--graph", str(where.graph_file("nt")),
                                       "--style", str(bad)])
    assert result.exit_code == 1
    assert "arrow: expected one of arrow, bar, circle, not 'spear'" in result.output
    assert not (tmp_path / "site").exists()


# ------------------------------------------------------------------------------------ layout


def test_wrap_breaks_at_spaces_and_keeps_long_words_whole() -> None:
    assert wrap("mu-type opioid receptor", 14, 130) == ["mu-type opioid", "receptor"]
    assert wrap("9-O-demethyl-16-carboxymitragynine", 14, 100) == [
        "9-O-demethyl-16-carboxymitragynine"]
    box = node_box("9-O-demethyl-16-carboxymitragynine", 10, 14, 100)
    assert box.width > 100  # the browser does not cut the word, so neither does the estimate


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(-50, 50), st.integers(-50, 50), st.integers(10, 160),
                          st.integers(5, 40)), min_size=2, max_size=30))
def test_separate_leaves_no_two_boxes_overlapping(nodes: list[tuple[int, int, int, int]]) -> None:
    positions = {f"n{i}": (float(x), float(y)) for i, (x, y, _, _) in enumerate(nodes)}
    boxes = {f"n{i}": Box(width=float(w), top=float(h), bottom=float(h) + 20)
             for i, (_, _, w, h) in enumerate(nodes)}
    placed = separate(positions, boxes, padding=4)
    names = sorted(placed)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            (ax, ay), (bx, by) = placed[a], placed[b]
            apart_x = abs(ax - bx) >= (boxes[a].width + boxes[b].width) / 2
            a_top, a_bottom = ay - boxes[a].top, ay + boxes[a].bottom
            b_top, b_bottom = by - boxes[b].top, by + boxes[b].bottom
            apart_y = a_bottom <= b_top or b_bottom <= a_top
            assert apart_x or apart_y, (a, b)
    assert separate(positions, boxes, padding=4) == placed  # deterministic


# ------------------------------------------------------------------------------------ questions


def test_graph_header_must_name_returned_columns(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("#+ summary: s\n#+ returns: a, b\n#+ graph: a -> c\nSELECT ?a ?b WHERE {}\n",
                    encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"q\.rq:3: graph names c"):
        read_query(path)
    path.write_text("#+ summary: s\n#+ returns: a, b\n#+ graph: a b\nSELECT ?a ?b WHERE {}\n",
                    encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"q\.rq:3: malformed graph"):
        read_query(path)
    path.write_text("#+ summary: s\n#+ returns: a, b\n#+ graph: a -> b, b -> a\nSELECT ?a ?b "
                    "WHERE {}\n", encoding="utf-8")
    assert read_query(path).graph == (("a", "b"), ("b", "a"))


# ------------------------------------------------------------------------------------ API, CLI


def test_network_api_returns_a_pyvis_network(mini_site: tuple[Locations, Path],
                                             tmp_path: Path) -> None:
    from pyvis.network import Network

    where, _ = mini_site
    net = kg.network("receptor A", graph=where.graph_file("projection.json"))
    assert isinstance(net, Network) and isinstance(net, KGNetwork)
    assert "RECA" in net.get_nodes() and "compound-a" in net.get_nodes()
    out = tmp_path / "net.html"
    net.write_html(str(out))
    assert not [u for u in _loads(out) if "//" in u]  # everything inlined
    assert "vis.Network" in out.read_text(encoding="utf-8")
    frame = net._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and "<script>" not in frame
    whole = kg.network(graph=where.graph_file("projection.json"))
    assert len(whole.get_nodes()) == len(load_projection(where.graph_file("projection.json")).nodes)


def test_cli_render_and_path_html(mini_site: tuple[Locations, Path], tmp_path: Path) -> None:
    where, _ = mini_site
    runner = CliRunner()
    result = runner.invoke(main, ["render", "--out", str(tmp_path / "site"), "--graph",
                                  str(where.graph_file("nt"))], catch_exceptions=False,
                           env={"KG_HOME": str(where.root)})
    assert result.exit_code == 0, result.output
    assert "pages" in result.output and (tmp_path / "site" / "index.html").is_file()
    out = tmp_path / "path.html"
    result = runner.invoke(main, ["path", "compound A", "effect E", "--format", "html", "--out",
                                  str(out), "--graph", str(where.graph_file("projection.json"))])
    assert result.exit_code == 0, result.output
    data = _page_data(out)
    assert {n["id"] for n in data["nodes"]} >= {"compound-a", "effect-e"}
    assert "Paths from compound A to effect E" in out.read_text(encoding="utf-8")


@pytest.fixture
def real_site(tmp_path: Path, real_build: Locations) -> Iterator[Path]:
    """The real graph's site, rendered by the CLI from the session's real build."""
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["render", "--out", str(site), "--graph",
                                       str(real_build.graph_file("nt"))], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    yield site


def test_render_on_the_real_graph(real_site: Path, real_build: Locations) -> None:
    projection = load_projection(real_build.graph_file("projection.json"))
    assert len(list((real_site / "entities").glob("*.html"))) == len(projection.nodes)
    data = _page_data(real_site / "entities" / "mitragynine.html")
    receptor = next(e for e in data["edges"] if e["from"] == "mitragynine" and e["to"] == "OPRM1")
    evidence = {c["evidence"] for c in receptor["tip"]["claims"]}
    assert "in vitro" in evidence
    assert any(s["href"].startswith("https://doi.org/") for c in receptor["tip"]["claims"]
               for s in c["sources"])
    seed = (real_site / "seed-article.html").read_text(encoding="utf-8")
    assert "kg-verdict-supported" in seed and "kg-verdict-partly_supported" in seed


def test_citation_links_are_only_doi_pubmed_or_https() -> None:
    from kg.pages.network import source_href
    from kg.read.projection import SourceInfo

    def href(**given: str) -> str:
        return source_href(SourceInfo("s", "S", **given))

    assert href(doi="10.1021/jacs.6b00360") == "https://doi.org/10.1021/jacs.6b00360"
    assert href(pmid="31098655") == "https://pubmed.ncbi.nlm.nih.gov/31098655/"
    assert href(url="https://www.fda.gov/x") == "https://www.fda.gov/x"
    for hostile in ({"url": "javascript:alert(1)"}, {"url": "data:text/html,<script>"},
                    {"url": "http://plain.example.org/"}, {"url": 'https://a.org/"onclick=x'},
                    {"doi": 'x"><script>'}, {"pmid": "1; DROP"}, {"url": " javascript:x"}):
        assert href(**hostile) == "", hostile


def test_pages_from_a_hostile_graph_carry_no_live_markup(tmp_path: Path) -> None:
    """A foreign graph (say, from a remote endpoint) with markup and scripts in every text field."""
    from kg.model.claim import Claim, Evidence, Stance
    from kg.pages.network import View, network, page_html
    from kg.pages.style import load_style
    from kg.read.projection import Node, Projection, SourceInfo

    evil = '"><script>alert(1)</script><a href="javascript:alert(2)">x</a> µ \u2018q\u2019 🌿'
    e = "https://w3id.org/kratom-kg/entity/"
    projection = Projection(
        nodes={e + "a": Node(e + "a", evil, ("Alkaloid",), synonyms=(evil,), description=evil),
               e + "b": Node(e + "b", "b", ("Receptor",))},
        sources={"s1": SourceInfo("s1", evil, title=evil, url="javascript:alert(3)")},
        relations={"https://w3id.org/kratom-kg/vocab#binds": evil},
        weights={"in_vitro": 0.5},
        claims=[Claim("c1", e + "a", "https://w3id.org/kratom-kg/vocab#binds", e + "b", ("s1",),
                      Evidence.IN_VITRO, Stance.SUPPORTS, assay=evil, note=evil, inferred=evil,
                      comparator=evil)])
    net = network(projection, View([e + "a", e + "b"], [(e + "a", e + "b")], edge_labels=True),
                  load_style())
    page = page_html(net, title=evil, body="", assets="assets")
    assert "<script>alert" not in page and "<a href" not in page.split("kg-data")[0]
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text
    data = page[page.index('id="kg-data">') + len('id="kg-data">'):page.index("</script>",
                                                                            page.index("kg-data"))]
    assert "<" not in data and json.loads(data)["nodes"][0]["label"] == evil
    assert all(s["href"] == "" for c in json.loads(data)["edges"][0]["tip"]["claims"]
               for s in c["sources"])


def test_entity_page_says_where_identifiers_were_seen_or_that_none_are(
        mini_site: tuple[Locations, Path]) -> None:
    _, site = mini_site
    with_ids = (site / "entities" / "compound-a.html").read_text(encoding="utf-8")
    assert "<dt>identifiers seen at</dt>" in with_ids
    assert '<a href="https://pubchem.example.org/compound/a">' in with_ids
    without = (site / "entities" / "compound-b.html").read_text(encoding="utf-8")
    assert "<dt>identifiers</dt><dd><span class=\"kg-note\">none confirmed yet</span>" in without
    # An effect is not expected to carry a registry identifier, so its page says nothing.
    effect = (site / "entities" / "effect-e.html").read_text(encoding="utf-8")
    assert "<dt>identifiers" not in effect


def test_identifier_pages_link_only_https() -> None:
    from kg.pages.site import _identifier_facts
    from kg.read.projection import Node

    facts = dict(_identifier_facts(Node("x", "x", ("Compound",), xrefs=("CHEBI:15377",),
                                        confirmed_at=("javascript:alert(1)",
                                                      "https://example.org/x"))))
    seen = facts["identifiers seen at"]
    assert 'href="javascript' not in seen and "javascript:alert(1)" in seen
    assert '<a href="https://example.org/x">' in seen


def test_claim_details_name_the_signalling_bias(mini_site: tuple[Locations, Path]) -> None:
    _, site = mini_site
    page = (site / "entities" / "RECA.html").read_text(encoding="utf-8")
    row = next(r for r in page.split("<tr ") if "Emax 45 %" in r)
    assert "G protein-biased" in row
