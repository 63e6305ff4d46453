"""Take the README's screenshots of the rendered site (docs/screenshots/*.png).

Renders the built graph to a temporary folder and opens the pages offline in headless Chromium
(Debian's ``chromium`` driven by Playwright), hovering an edge on the entity page so its evidence
tooltip and grade show, and the stand-alone page of one path lookup with each hop's grade. Run
after ``kg build``::

    python scripts/screenshots.py [--entity OPRM1] [--edge mitragynine->OPRM1]
                                  [--path mitragynine "respiratory depression"]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import kg
from kg.pages.style import load_style
from kg.path.page import path_page as page_of_paths

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entity", default="OPRM1", help="entity page to show")
    parser.add_argument("--edge", default="mitragynine->OPRM1", help="edge to hover on it")
    parser.add_argument("--path", nargs=2, default=["mitragynine", "respiratory depression"],
                        metavar=("FROM", "TO"), help="path lookup to show")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        kg.render(site)
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=FLAGS)
            context = browser.new_context(offline=True, viewport={"width": 1400, "height": 980})
            page = context.new_page()
            page.goto((site / "index.html").as_uri())
            page.wait_for_selector("body[data-drawn=true]")
            page.screenshot(path=str(args.out / "index.png"))
            page.goto((site / "entities" / f"{args.entity}.html").as_uri())
            page.wait_for_selector("body[data-drawn=true]")
            x, y = page.evaluate("""(id) => {
                const n = window.kgPage.network, p = n.body.edges[id].edgeType.getPoint(0.5);
                const d = n.canvasToDOM(p), r = document.getElementById('kg-canvas')
                  .getBoundingClientRect();
                return [r.left + d.x, r.top + d.y]; }""", args.edge)
            page.mouse.move(x - 20, y - 20)
            page.mouse.move(x, y, steps=4)
            page.locator("div.vis-tooltip").wait_for(state="visible")
            page.screenshot(path=str(args.out / "entity.png"))
            path_page = Path(folder) / "path.html"
            result = kg.paths(None, *args.path, limit=2)
            path_page.write_text(page_of_paths(result.graph, result, load_style()),
                                 encoding="utf-8")
            page.set_viewport_size({"width": 1400, "height": 1400})
            page.goto(path_page.as_uri())
            page.wait_for_selector("body[data-drawn=true]")
            page.screenshot(path=str(args.out / "path.png"))
            browser.close()
    print(f"wrote {args.out / 'index.png'}, {args.out / 'entity.png'} and "
          f"{args.out / 'path.png'}")


if __name__ == "__main__":
    main()
