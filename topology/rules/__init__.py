"""The rule catalogue: one module per family of RULES.md, registered in ID order."""

from __future__ import annotations

from .registry import REGISTRY, Rule, all_rules, get_rule, resolve_selectors, rule

__all__ = ["REGISTRY", "Rule", "all_rules", "get_rule", "resolve_selectors", "rule"]

_FAMILIES = ("integrity", "caps", "officials", "personal", "messaging", "enterprise", "changes", "advice")
_loaded = False


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    import importlib

    for family in _FAMILIES:
        importlib.import_module(f"{__name__}.{family}")
    _loaded = True
