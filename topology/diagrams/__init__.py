"""Diagrams of an ecosystem: Graphviz (DOT, SVG, PNG, PDF) and Mermaid, findings drawn in.

>>> import topology
>>> eco = topology.load("samples/bloom.json")
>>> dot = topology.render(eco, topology.validate(eco), format="dot")
>>> dot.startswith(b"digraph ecosystem {")
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..model import Ecosystem
    from .model import Picture

TEXT_FORMATS = ("dot", "mmd")
BINARY_FORMATS = ("svg", "png", "pdf")
FORMATS = TEXT_FORMATS + BINARY_FORMATS
LAYOUTS = ("dot", "neato", "fdp", "sfdp")
INSTALL_HINT = ("the Graphviz program `dot` is needed for svg/png/pdf: install it "
                "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz), "
                "or draw --format dot or mmd, which need no binary")


class RenderError(UsageError):
    """The diagram cannot be drawn (no Graphviz binary, too large, Graphviz failed): exit 2."""


def render(
    eco: Ecosystem,
    report: Report | None = None,
    *,
    format: str = "svg",
    layout: str = "dot",
    lang: str = "en",
    focus: str | None = None,
    depth: int = 1,
    only_findings: bool = False,
) -> bytes:
    """Draw an ecosystem; with a report, its error and warning findings are drawn in.

    ``format`` is dot, mmd (Mermaid), svg, png or pdf; only the last three run Graphviz.
    ``focus``/``depth`` draw the neighbourhood of one account, ``only_findings`` the
    accounts named by findings; without a view more than 1,500 accounts is refused.
    """
    from .. import arguments as check

    check.ecosystem(eco, "render", "eco", loadable=False)
    check.report(report, "render")
    check.require(format, str, "render", "format", "a string (" + ", ".join(FORMATS) + ")")
    check.require(layout, str, "render", "layout", "a string (" + ", ".join(LAYOUTS) + ")")
    check.language(lang, "render")
    check.text(focus, "render", "focus")
    check.count(depth, "render", "depth")
    check.flag(only_findings, "render", "only_findings")

    from .model import picture

    check_options(format, layout, lang)
    return draw(picture(eco, report, focus=focus, depth=depth, only_findings=only_findings), format, layout, lang)


def check_options(format: str, layout: str, lang: str) -> None:
    """Refuse an unknown format, layout or language before any work is done."""
    if format not in FORMATS:
        raise UsageError(f"unknown diagram format {format!r}; use one of {', '.join(FORMATS)}")
    if layout not in LAYOUTS:
        raise UsageError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    if lang not in ("en", "zh"):
        raise UsageError(f"unknown language {lang!r}; use en or zh")


def draw(pic: Picture, format: str, layout: str, lang: str) -> bytes:
    """A decided picture as Mermaid or DOT text, or through Graphviz as svg, png or pdf."""
    from .dot import to_dot
    from .mermaid import to_mermaid

    if format == "mmd":
        return to_mermaid(pic, lang).encode("utf-8")
    source = to_dot(pic, lang, layout)
    if format == "dot":
        return source.encode("utf-8")
    return _run_graphviz(source, format, layout)


def _run_graphviz(source: str, format: str, layout: str) -> bytes:
    import subprocess

    import graphviz

    try:
        return graphviz.Source(source).pipe(format=format, engine=layout, quiet=True)
    except graphviz.ExecutableNotFound:
        raise RenderError(INSTALL_HINT) from None
    except (graphviz.CalledProcessError, subprocess.CalledProcessError) as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"Graphviz `{layout}` failed: {detail[-1] if detail else exc}; "
                          "try a smaller view (--focus, --only-findings) or another --layout") from None
