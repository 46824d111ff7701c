"""Output formats: one pure function per format, Report(s) → text.

Every format serialises the same ``Finding.to_dict()`` so they agree with each other. The
planner's results are written beside them, each by its own module (``diff``, ``plan``,
``headroom``, ``repair``: ``render(result, format, ...)``), with the same escaping and tables.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable, Sequence

    from ..engine import Report

FORMATS = ("text", "json", "jsonl", "sarif", "markdown", "github", "junit")


def formatter(name: str) -> Callable[..., str]:
    """The function rendering a sequence of reports in format ``name``."""
    if name == "json":
        from .json import render
    elif name == "text":
        from .text import render
    elif name == "sarif":
        from .sarif import render
    elif name == "markdown":
        from .markdown import render
    elif name == "github":
        from .github import render
    elif name == "junit":
        from .junit import render
    elif name == "jsonl":
        from .jsonl import render
    else:
        raise KeyError(name)
    return render


def render(reports: Sequence[Report], name: str = "text", **options) -> str:
    return formatter(name)(reports, **options)
