"""Write the README's two pictures: the HTML report of a broken sample, and a diagram with its findings.

    .venv/bin/python scripts/screenshots.py          # docs/img/report.png and docs/img/diagram.png

docs/img/report.png: `wxtopo report samples/broken/officials.json` (with its ruleset) opened in
the system Chromium (Debian's ``chromium``, driven by Playwright as in the browser tests; never
``playwright install``), one finding selected so its accounts are lit in the diagram.
docs/img/diagram.png: `wxtopo render` of the same sample as PNG (Graphviz): numbered badges on the
accounts with findings, the findings table under the picture, the legend.

Needs Graphviz, Chromium and the test extra (``sh scripts/setup.sh``). Pictures are not compared
byte for byte anywhere (fonts and browser versions change pixels): look at them before committing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, missing  # noqa: E402
from topology.cli import main  # noqa: E402

SAMPLE = "samples/broken/officials.json"
OPTIONS = ["--ruleset", "samples/broken/officials.ruleset.json"]
OUT = ROOT / "docs" / "img"
#: the finding selected in the report picture (its accounts lit, the rest dimmed)
SELECTED = 'tr.finding[data-rule="WX204"]'


def wxtopo(*args: str) -> None:
    code = main(list(args))
    if code not in (0, 1):  # 1: written, with findings (these samples have them on purpose)
        sys.exit(f"screenshots: wxtopo {' '.join(args)} exited {code}")


def report_png(target: Path) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "report.html"
        wxtopo("report", SAMPLE, *OPTIONS, "-o", str(page_file))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                           else route.abort())
                page.goto(page_file.resolve().as_uri(), wait_until="load")
                page.locator(SELECTED).first.locator("td.message").click()
                page.evaluate("window.scrollTo(0, 0)")
                # the header, the table with the selected row, and the diagram under it
                bottom = page.evaluate("document.querySelector('#diagram').getBoundingClientRect().bottom")
                page.screenshot(path=str(target), full_page=True,
                                clip={"x": 0, "y": 0, "width": 1280, "height": min(int(bottom) + 8, 2200)})
            finally:
                browser.close()


def diagram_png(target: Path) -> None:
    wxtopo("render", SAMPLE, *OPTIONS, "-o", str(target))


def run() -> int:
    reason = missing()
    if reason is not None:
        print(f"screenshots: {reason}", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    report_png(OUT / "report.png")
    diagram_png(OUT / "diagram.png")
    for name in ("report.png", "diagram.png"):
        print(f"wrote {(OUT / name).relative_to(ROOT)} ({(OUT / name).stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(run())
