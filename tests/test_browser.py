"""The graph pages in headless Chromium, opened from ``file://`` with the network off: drawn without
errors or requests, node counts that match the graph, tooltips with citations, filters, search,
physics that settles, labels that do not overlap, and injected markup that never runs.

Needs Debian's ``chromium`` (``/usr/bin/chromium``) and Playwright from PyPI, both installed by
``.ci/run``; where they are missing the tests are skipped, unless ``KG_REQUIRE_BROWSER=1`` (set by
CI) makes that a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import kg
from conftest import MINI, PROJECT, TODAY, edit_row
from kg.cli import main
from kg.locations import Locations

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]
HOSTILE = ('<script>window.__kgInjected=1</script><img src=x onerror="window.__kgInjected=2"> '
           '“µ-opioid” \u2018q\u2019 🌿')

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]


def _unavailable() -> str | None:
    if sync_playwright is None:
        return "playwright is not installed"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM}"
    return None


if (reason := _unavailable()) is not None:
    if os.environ.get("KG_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"browser tests required but {reason}")
    pytest.skip(reason, allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    """An opened page and everything that went wrong while it loaded."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: Browser) -> Iterator[Any]:
    """Open a file offline: the context has no network, and any non-file request is recorded and
    refused."""
    contexts = []

    def open_page(path: Path) -> Visit:
        context = browser.new_context(offline=True, viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(str(e)))
        page.on("requestfailed", lambda r: seen.failed.append(r.url))

        def route(request: Any) -> None:
            seen.requests.append(request.request.url)
            if request.request.url.startswith("file://"):
                request.continue_()
            else:
                request.abort()

        page.route("**/*", route)
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-drawn=true]", timeout=15_000)
        return seen

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real graph built, rendered, and one path page: (site folder, path page)."""
    root = tmp_path_factory.mktemp("browser-real")
    where = Locations.at(PROJECT, build=root / "build")
    kg.build(locations=where)
    site = root / "site"
    kg.render(site, locations=where)
    path_page = root / "path.html"
    result = CliRunner().invoke(main, ["path", "mitragynine", "respiratory depression",
                                       "--format", "html", "--out", str(path_page), "--graph",
                                       str(where.graph_file("projection.json"))])
    assert result.exit_code == 0, result.output
    return site, path_page


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini fixture with markup in a compound's label and description, rendered."""
    root = tmp_path_factory.mktemp("browser-hostile")
    shutil.copytree(MINI, root / "data")
    shutil.copytree(PROJECT / "queries", root / "queries")
    where = Locations(root=root, data=root / "data", ontology=PROJECT / "ontology",
                      build=root / "build")
    edit_row(where.data / "entities" / "compounds.tsv", 2, label=HOSTILE, description=HOSTILE,
             synonyms=HOSTILE)
    kg.build(locations=where, today=TODAY)
    kg.render(root / "site", locations=where)
    return root / "site"


def _data(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    assert match
    return json.loads(match.group(1))


def _assert_clean(seen: Visit) -> None:
    assert seen.errors == [], seen.errors
    assert seen.failed == [], seen.failed
    assert all(url.startswith("file://") for url in seen.requests), seen.requests


def _drawn_pixels(page: Page) -> int:
    """Pixels of the graph canvas that are not background."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('#kg-canvas canvas');
        const ctx = canvas.getContext('2d');
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let count = 0;
        for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) count++; }
        return count; }""")


def _overlaps(page: Page) -> list[list[str]]:
    return page.evaluate("""() => {
        const n = window.kgPage.network, ids = window.kgPage.nodeView.getIds();
        const boxes = ids.map(id => [id, n.getBoundingBox(id)]), bad = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i][1], b = boxes[j][1];
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
            bad.push([boxes[i][0], boxes[j][0]]); }
        return bad; }""")


def _edge_point(page: Page, candidates: list[str]) -> tuple[str, float, float]:
    """The first of ``candidates`` (edge ids) with a point on the screen where it, and no other
    edge or node, is drawn (the hover popup looks at a small box around the pointer), and that
    point: the middle of the edge if nothing else is near, else the nearest such point along it."""
    found = page.evaluate("""(ids) => {
        const n = window.kgPage.network;
        const r = document.getElementById('kg-canvas').getBoundingClientRect();
        const box = [[0, 0], [-6, 0], [6, 0], [0, -6], [0, 6], [-6, -6], [6, 6], [-6, 6], [6, -6]];
        for (const id of ids) {
            const edge = n.body.edges[id];
            for (const t of [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75]) {
                const d = n.canvasToDOM(edge.edgeType.getPoint(t));
                const clear = box.every(([dx, dy]) => {
                    const q = {x: d.x + dx, y: d.y + dy};
                    return n.getNodeAt(q) === undefined && [undefined, id].includes(n.getEdgeAt(q));
                });
                if (clear) return [id, r.left + d.x, r.top + d.y];
            }
        }
        return null; }""", candidates)
    assert found, f"none of the edges {candidates} has a point free of other edges and nodes"
    return found[0], found[1], found[2]


def _node_point(page: Page, node_id: str) -> tuple[float, float]:
    point = page.evaluate("""(id) => {
        const n = window.kgPage.network, p = n.getPositions([id])[id], d = n.canvasToDOM(p);
        const r = document.getElementById('kg-canvas').getBoundingClientRect();
        return [r.left + d.x, r.top + d.y]; }""", node_id)
    return point[0], point[1]


@pytest.mark.parametrize("page_name", ["index.html", "entities/mitragynine.html", "PATH"])
def test_pages_draw_offline_with_the_right_node_count(page_name: str, real_site: tuple[Path, Path],
                                                      visit: Any) -> None:
    site, path_page = real_site
    path = path_page if page_name == "PATH" else site / page_name
    seen = visit(path)
    _assert_clean(seen)
    assert _drawn_pixels(seen.page) > 2_000
    expected = len(_data(path)["nodes"])
    assert seen.page.evaluate("window.kgPage.nodeView.length") == expected
    assert seen.page.locator("#kg-count").get_attribute("data-total") == str(expected)
    assert seen.page.evaluate("window.kgPage.network.body.nodeIndices.length") == expected
    if page_name == "index.html":
        projection = kg.path_graph(site.parent / "build" / "kratom.projection.json").projection
        assert expected == len(projection.nodes)
    if page_name == "PATH":
        assert {"mitragynine", "respiratory-depression"} <= set(
            seen.page.evaluate("window.kgPage.nodes.getIds()"))


def test_labels_do_not_overlap_at_rest(real_site: tuple[Path, Path], visit: Any) -> None:
    site, path_page = real_site
    for path in (site / "index.html", site / "entities/mitragynine.html",
                 site / "questions/mechanism-chains.html", site / "seed-article.html", path_page):
        seen = visit(path)
        assert _overlaps(seen.page) == [], path.name


def test_edge_tooltip_shows_evidence_and_a_citation(real_site: tuple[Path, Path],
                                                    visit: Any) -> None:
    site, _ = real_site
    page = site / "entities/mitragynine.html"
    labels = {n["id"]: n["label"] for n in _data(page)["nodes"]}
    # mitragynine's edges to its targets that rest on in vitro claims (the page is a hub, so the
    # first one drawn clear of other edges is hovered)
    shown = 6  # claims a tooltip lists
    edges = {e["id"]: e for e in _data(page)["edges"]
             if e["from"] == "mitragynine" and
             any(c["evidence"] == "in vitro" for c in e["tip"]["claims"][:shown])}
    assert "mitragynine->OPRM1" in edges
    seen = visit(page)
    chosen, x, y = _edge_point(seen.page, sorted(edges))
    edge = edges[chosen]
    citation = edge["tip"]["claims"][0]["sources"][0]["label"]
    seen.page.mouse.move(x, y)
    tooltip = seen.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.inner_text()
    assert f"mitragynine → {labels[edge['to']]}" in text
    assert citation in text and "in vitro" in text
    # A click shows the same evidence in the side panel, with citations as links.
    seen.page.mouse.click(x, y)
    links = seen.page.locator("#kg-details a.kg-cite")
    assert links.count() >= 1
    assert links.first.get_attribute("href").startswith(("https://doi.org/",
                                                         "https://pubmed.ncbi.nlm.nih.gov/"))
    _assert_clean(seen)


def test_filter_hides_a_class_and_restores_it(real_site: tuple[Path, Path], visit: Any) -> None:
    site, _ = real_site
    page = site / "index.html"
    risks = [n["id"] for n in _data(page)["nodes"] if n["cls"] == "Risk"]
    total = len(_data(page)["nodes"])
    assert risks
    seen = visit(page)
    box = seen.page.locator('fieldset[data-filter="class"] input[value="Risk"]')
    box.uncheck()
    visible = set(seen.page.evaluate("window.kgPage.network.body.nodeIndices"))
    assert visible and not visible & set(risks)
    assert len(visible) == total - len(risks)
    assert seen.page.locator("#kg-count").inner_text() == \
        f"{total - len(risks)} of {total} nodes shown"
    box.check()
    assert len(seen.page.evaluate("window.kgPage.network.body.nodeIndices")) == total
    _assert_clean(seen)


def test_search_finds_a_node_by_synonym(real_site: tuple[Path, Path], visit: Any) -> None:
    site, _ = real_site
    seen = visit(site / "index.html")
    seen.page.fill("#kg-search", "7-OH")
    seen.page.press("#kg-search", "Enter")
    assert seen.page.evaluate("window.kgPage.network.getSelectedNodes()") == [
        "7-hydroxymitragynine"]
    assert "7-hydroxymitragynine" in seen.page.locator("#kg-details h3").inner_text()


def test_physics_runs_and_settles(real_site: tuple[Path, Path], visit: Any) -> None:
    site, _ = real_site
    seen = visit(site / "entities/OPRM1.html")
    before = seen.page.evaluate("window.kgPage.network.getPositions()")
    seen.page.click("#kg-physics")
    seen.page.wait_for_function("window.kgPage.state.stabilized >= 1", timeout=30_000)
    assert seen.page.evaluate("window.kgPage.network.physics.physicsEnabled") is False
    assert seen.page.locator("#kg-physics").is_enabled()
    after = seen.page.evaluate("window.kgPage.network.getPositions()")
    assert set(after) == set(before)
    _assert_clean(seen)


def test_injected_markup_shows_as_text_and_never_runs(hostile_site: Path, visit: Any) -> None:
    for page in ("index.html", "entities/compound-a.html", "questions/mechanism-chains.html"):
        seen = visit(hostile_site / page)
        x, y = _node_point(seen.page, "compound-a")
        seen.page.mouse.move(x - 40, y - 40)
        seen.page.mouse.move(x, y, steps=5)
        seen.page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5_000)
        assert HOSTILE in seen.page.locator("div.vis-tooltip").inner_text()
        seen.page.mouse.click(x, y)
        assert HOSTILE in seen.page.locator("#kg-details").inner_text()
        seen.page.fill("#kg-search", HOSTILE)
        seen.page.press("#kg-search", "Enter")
        assert seen.page.evaluate("typeof window.__kgInjected") == "undefined", page
        assert seen.page.locator("#kg-details img, .vis-tooltip img, main img").count() == 0
        _assert_clean(seen)
    entity = visit(hostile_site / "entities/compound-a.html")
    assert HOSTILE in entity.page.locator("h1").inner_text()
    assert entity.page.evaluate("typeof window.__kgInjected") == "undefined"


def test_a_medicine_page_shows_its_interactions_with_kratom(real_site: tuple[Path, Path],
                                                           visit: Any) -> None:
    """midazolam's page draws its neighbourhood and carries the interactions section: the
    clinical trial shown in people, and the routes predicted from mechanism; the index of
    medicines links to it and ranks midazolam first."""
    site, _ = real_site
    seen = visit(site / "entities" / "midazolam.html")
    _assert_clean(seen)
    section = seen.page.locator("section.kg-interactions")
    assert section.count() == 1
    people = section.locator("h2[data-section=people] + table")
    assert "increases exposure of" in people.inner_text()
    assert "GMR of AUC 1.39 (90% CI 1.23 to 1.57)" in people.inner_text()
    assert section.locator("h2[data-section=pharmacokinetic]").count() == 1
    assert section.locator("h3.kg-route").count() >= 1
    assert seen.page.evaluate("window.kgPage.nodes.getIds()").count("midazolam") == 1
    index = visit(site / "interactions.html")
    _assert_clean(index)
    first = index.page.locator("#kg-interactions tr").nth(1).locator("a")
    assert first.inner_text() == "midazolam"
    first.click()
    index.page.wait_for_selector("section.kg-interactions", timeout=15_000)
    assert index.page.url.endswith("entities/midazolam.html")
