"""wxtopo: validate WeChat account ecosystems, draw them, and plan changes to them.

>>> import topology
>>> eco = topology.load("samples/bloom.json")          # doctest: +SKIP
>>> report = topology.validate(eco)                      # doctest: +SKIP
>>> report.valid, [f.rule for f in report.findings]      # doctest: +SKIP
>>> topology.repair(eco).dropped, topology.headroom(eco).rows[0]   # doctest: +SKIP

Load → model → graph → rules → report → render; the planner (``headroom``, ``repair``,
``diff``, ``plan``) sits on the rules and reuses their counting.

The public names are loaded lazily, so ``wxtopo --help`` and ``wxtopo rules`` start
without importing pydantic or NetworkX.
"""

from __future__ import annotations

from .version import __version__ as __version__  # the one definition, importable by every layer

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)

__all__ = [
    "DocumentError",
    "Ecosystem",
    "Finding",
    "Problem",
    "Report",
    "Ruleset",
    "RulesetError",
    "Suppressions",
    "UsageError",
    "build_graph",
    "diff",
    "get_rule",
    "headroom",
    "list_rules",
    "load",
    "load_ruleset",
    "load_suppressions",
    "plan",
    "render",
    "render_diff",
    "repair",
    "validate",
]

_EXPORTS = {
    "DocumentError": "errors",
    "Problem": "errors",
    "RulesetError": "errors",
    "UsageError": "errors",
    "Ecosystem": "model",
    "load": "document",
    "build_graph": "graph",
    "Finding": "findings",
    "Ruleset": "ruleset",
    "load_ruleset": "ruleset",
    "Suppressions": "suppressions",
    "load_suppressions": "suppressions",
    "Report": "engine",
    "validate": "engine",
    # planner: module paths relative to this package, imported on first use
    "headroom": "planner.headroom",
    "repair": "planner.repair",
    "diff": "planner.diff",
    "render_diff": "diagrams.diff",  # draws a Diff (the planner returns data; diagrams draw it)
    "plan": "planner.plan",
    "render": "diagrams",  # the function itself (not a wrapper): its signature is the real one
}


if TYPE_CHECKING:  # pragma: no cover
    # What type checkers and editors see; at run time ``__getattr__`` imports the same objects
    # on first use, so ``inspect.signature(topology.render)`` is the real one, not a wrapper's.
    from .diagrams import render
    from .diagrams.diff import render_diff
    from .document import load
    from .engine import Report, validate
    from .errors import DocumentError, Problem, RulesetError, UsageError
    from .findings import Finding
    from .graph import build_graph
    from .model import Ecosystem
    from .planner.diff import diff
    from .planner.headroom import headroom
    from .planner.plan import plan
    from .planner.repair import repair
    from .rules.registry import Rule
    from .ruleset import Ruleset, load_ruleset
    from .suppressions import Suppressions, load_suppressions


def list_rules() -> list[Rule]:
    """The rule catalogue (registry entries), sorted by ID."""
    from .rules import all_rules

    return all_rules()


def get_rule(key: str) -> Rule | None:
    """One rule by ID or name, or None."""
    from .arguments import text

    text(key, "get_rule", "key", optional=False)

    from .rules import get_rule as _get

    return _get(key)


def __dir__() -> list[str]:
    """The public names (completion, ``help(topology)``), though most are not loaded yet; the
    module's own plumbing (``TYPE_CHECKING``, ``_EXPORTS``, loaded submodules) stays out."""
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})


if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name is an error, not `object`

    def __getattr__(name: str) -> object:
        if name in _EXPORTS:
            import importlib

            value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
            globals()[name] = value
            return value
        raise AttributeError(f"module 'topology' has no attribute {name!r}")
