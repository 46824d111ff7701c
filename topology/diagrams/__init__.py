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
from ..sanitize import escape
from .fanin import FAN_IN  # noqa: F401  (the CLI reads diagrams.FAN_IN)
from .model import MAX_ACCOUNTS, RANKDIRS

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import Report
    from ..model import Ecosystem
    from .aggregate import Aggregate
    from .model import Picture

TEXT_FORMATS = ("dot", "mmd")
BINARY_FORMATS = ("svg", "png", "pdf")
FORMATS = TEXT_FORMATS + BINARY_FORMATS
#: dot (ranked, the default) and fdp (force-directed; draws the subject clusters). neato and sfdp
#: were withdrawn: they ignore clusters, so subject membership and names were lost or overlapped.
LAYOUTS = ("dot", "fdp")
WITHDRAWN_LAYOUTS = ("neato", "sfdp")
GROUP_BY = (None, "subject")
TIMEOUT = 120.0  # seconds Graphviz may take before it is stopped (`render --timeout`)
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
    subject: str | None = None,
    group_by: str | None = None,
    max_accounts: int = MAX_ACCOUNTS,
    timeout: float = TIMEOUT,
    rankdir: str | None = None,
    fan_in: int | None = None,
) -> bytes:
    """Draw an ecosystem; with a report, its error and warning findings are drawn in.

    ``format`` is dot, mmd (Mermaid), svg, png or pdf; only the last three run Graphviz, for
    at most ``timeout`` seconds (then :class:`RenderError`). ``focus``/``depth`` draw the
    neighbourhood of one account, ``subject``/``depth`` of one subject's accounts,
    ``only_findings`` the accounts named by findings;
    ``group_by="subject"`` one node per subject. Whatever the view, more than ``max_accounts``
    accounts (subjects, grouped) is refused. ``rankdir`` (LR, TB) is chosen from the picture's
    shape unless given. With ``fan_in`` (the CLI passes ``FAN_IN``, 12), more than that many
    interchangeable accounts without findings draw as one node; None (the default) draws every
    account as itself, ``<g id="acct-ID">``, as a page that scripts the SVG needs.
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
    check.text(subject, "render", "subject")
    check.text(group_by, "render", "group_by")
    check.count(max_accounts, "render", "max_accounts", 1)
    check.require(timeout, (int, float), "render", "timeout", "a number of seconds")
    check.text(rankdir, "render", "rankdir")
    if fan_in is not None:
        check.count(fan_in, "render", "fan_in")
    if not timeout > 0:
        raise check.ArgumentValueError(f"render() argument 'timeout' must be a positive number of seconds, got {timeout!r}")
    if group_by not in GROUP_BY:
        raise UsageError(f"unknown grouping {group_by!r}; use {' or '.join(g for g in GROUP_BY if g)} (or none)")
    if rankdir is not None and rankdir not in RANKDIRS:
        raise UsageError(f"unknown rank direction {rankdir!r}; use {' or '.join(RANKDIRS)}")
    check_options(format, layout, lang)
    if subject is not None and (focus is not None or group_by is not None):
        raise UsageError("--subject draws one subject's neighbourhood: drop --focus and --group-by")
    if group_by == "subject":
        from .aggregate import aggregate

        agg = aggregate(eco, report, focus=focus, depth=depth, only_findings=only_findings,
                        max_accounts=max_accounts, rankdir=rankdir)
        return draw_aggregate(agg, format, layout, lang, timeout=timeout)

    from .model import picture

    pic = picture(eco, report, focus=focus, depth=depth, only_findings=only_findings, subject=subject,
                  max_accounts=max_accounts,
                  fan_in=fan_in, rankdir=rankdir, lang=lang)
    return draw(pic, format, layout, lang, timeout=timeout)


def check_options(format: str, layout: str, lang: str) -> None:
    """Refuse an unknown format, layout or language before any work is done."""
    if format not in FORMATS:
        raise UsageError(f"unknown diagram format {format!r}; use one of {', '.join(FORMATS)}")
    if layout in WITHDRAWN_LAYOUTS:
        raise UsageError(f"layout {layout!r} was withdrawn: it does not draw the subjects; use --layout fdp "
                         "(force-directed, with subject clusters) or dot")
    if layout not in LAYOUTS:
        raise UsageError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    if lang not in ("en", "zh"):
        raise UsageError(f"unknown language {lang!r}; use en or zh")


def draw(pic: Picture, format: str, layout: str, lang: str, *, timeout: float = TIMEOUT) -> bytes:
    """A decided picture as Mermaid or DOT text, or through Graphviz as svg, png or pdf."""
    from .dot import to_dot
    from .mermaid import to_mermaid

    if format == "mmd":
        return to_mermaid(pic, lang).encode("utf-8")
    source = to_dot(pic, lang, layout)
    if format == "dot":
        return source.encode("utf-8")
    return run_graphviz(source, format, layout, timeout, len(pic.nodes))


def draw_aggregate(agg: Aggregate, format: str, layout: str, lang: str, *, timeout: float = TIMEOUT) -> bytes:
    """The aggregated view as Mermaid or DOT text, or through Graphviz."""
    from .aggregate_draw import to_dot, to_mermaid

    if format == "mmd":
        return to_mermaid(agg, lang).encode("utf-8")
    source = to_dot(agg, lang, layout)
    if format == "dot":
        return source.encode("utf-8")
    return run_graphviz(source, format, layout, timeout, len(agg.groups), what="subjects")


def run_graphviz(source: str, format: str, layout: str, timeout: float, size: int, what: str = "accounts") -> bytes:
    """Run the Graphviz program ``layout`` on ``source``; killed after ``timeout`` seconds.

    The ``graphviz`` package's pipe has no timeout in the versions we support, so the program
    runs here under :func:`subprocess.run`, which kills it when the time is up.
    """
    import shutil
    import subprocess

    program = shutil.which(layout)
    if program is None:
        raise RenderError(INSTALL_HINT)
    try:
        proc = subprocess.run([program, f"-T{format}"], input=source.encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Graphviz `{layout}` did not finish drawing {size} {what} within {timeout:g} s and was stopped; "
            f"draw less: {'' if what == 'subjects' else '--group-by subject, '}--focus ACCOUNT, --only-findings, "
            "or allow more time with --timeout SECONDS") from None
    except OSError as exc:
        raise RenderError(f"{INSTALL_HINT} ({exc.strerror or exc})") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"Graphviz `{layout}` failed: {escape(detail[-1]) if detail else proc.returncode}; "
                          "try a smaller view (--focus, --only-findings, --group-by subject) or another --layout")
    return proc.stdout
