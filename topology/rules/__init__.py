"""The rule catalogue: one module per family of rules (integrity, caps, officials, personal,
messaging, enterprise, changes, advice).

Importing this package registers every family. The families import :mod:`.registry` (the
``@rule`` decorator and the table it fills), never this package, so the catalogue has no import
cycle and the registry needs no hook to load what registers into it. Order of registration does
not matter: the registry lists rules by ID.
"""

from __future__ import annotations

from . import advice, caps, changes, enterprise, integrity, messaging, officials, personal  # noqa: F401
from .registry import REGISTRY, Rule, all_rules, get_rule, resolve_selectors, rule

__all__ = ["REGISTRY", "Rule", "all_rules", "get_rule", "resolve_selectors", "rule"]
