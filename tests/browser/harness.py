"""The browser tests' machinery: which Chromium, how it starts, and a page opened under watch.

Playwright's own browser download is not reachable, so the pages open in Debian's ``chromium``
(``/usr/bin/chromium``, which ``sh scripts/setup.sh browser`` installs), headless, with a fresh temporary
profile (Playwright's default) and none of the browser's own traffic. The tests skip, saying why,
when chromium or playwright is missing, and never under CI (there they fail: CI installs both).

:func:`open_page` opens a file in its own context where every request but the page's own file
is aborted and recorded, and every console message and page error is kept, so a test can assert
that the page asked for nothing and complained about nothing.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: the system browser (Debian's package); WXTOPO_CHROMIUM names another build of Chromium
CHROMIUM = os.environ.get("WXTOPO_CHROMIUM", "/usr/bin/chromium")
#: headless, no sandbox (root in CI), and none of the browser's own traffic (updates, sync, QUIC probes)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

try:
    import playwright.sync_api  # noqa: F401
    import pytest_playwright  # noqa: F401
except ImportError:
    PLUGIN = False
else:
    PLUGIN = True


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not PLUGIN:
        return "playwright or pytest-playwright is not installed (sh scripts/setup.sh)"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (sh scripts/setup.sh browser, or apt-get install chromium; never `playwright install`)"
    return None


def skip_or_fail() -> None:
    reason = missing()
    if reason is not None:
        if under_ci():
            pytest.fail(f"the browser tests cannot run under CI: {reason}")
        pytest.skip(reason)


@dataclass
class Opened:
    """A page opened from a file, with what it did while it was open."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)   # every request the page made (page.on("request"))
    aborted: list[str] = field(default_factory=list)    # those the route refused (all but the page)
    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text) of every message
    errors: list[str] = field(default_factory=list)     # uncaught exceptions (page.on("pageerror"))
    sockets: list[str] = field(default_factory=list)    # WebSockets opened

    def complaints(self) -> list[str]:
        return ([f"console {kind}: {text}" for kind, text in self.console if kind in ("error", "warning")]
                + [f"page error: {text}" for text in self.errors])


def open_page(browser, path: Path) -> Opened:
    """Open ``path`` by its file:// URL in a fresh context that lets nothing else through."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    page = context.new_page()
    opened = Opened(page, path.resolve().as_uri())

    def route(route):
        if route.request.url == opened.url:
            route.continue_()
        else:
            opened.aborted.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on("console", lambda message: opened.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("websocket", lambda socket: opened.sockets.append(socket.url))
    page.goto(opened.url, wait_until="load")
    return opened
