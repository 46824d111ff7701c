"""The agreement check every columnar test uses: the same findings from both engines.

Compared whole (rule, severity, message, account, related, pointer, observed, limit, subject),
which is stricter than the issue's (rule, severity, account, subject, related, observed, limit).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import topology
from tests import fuzzing
from topology.columnar.validation import validate as validate_columnar


def both(doc: dict | Any, **options: Any) -> tuple[list, list]:
    """(memory findings, duckdb findings) of a document (a dict or a loaded Ecosystem)."""
    eco = doc if not isinstance(doc, dict) else topology.load(doc)
    memory = topology.validate(eco, **options)
    columnar = validate_columnar(eco, **options)
    return memory.findings, columnar.findings


def assert_agree(doc: dict | Any, **options: Any) -> list:
    """Both engines give the same findings; returns them (so a test can also say what they are)."""
    memory, columnar = both(doc, **options)
    if memory != columnar:
        only_m = [f for f in memory if f not in columnar]
        only_c = [f for f in columnar if f not in memory]
        raise AssertionError(f"engines disagree\nmemory only: {only_m}\nduckdb only: {only_c}")
    return memory


def key(f: Any) -> tuple:
    """The issue's agreement key of a finding."""
    return (f.rule, f.severity, f.account, f.subject, f.related, f.observed, f.limit)


#: parameters drawn low, so a small document reaches every cap
LOW = {
    "max_officials_per_mini_program": st.sampled_from([0, 1, 2, 50]),
    "max_same_subject_mini_programs": st.sampled_from([0, 1, 10]),
    "max_cross_subject_mini_programs": st.sampled_from([0, 1, 3]),
    "max_new_mini_program_links_per_month": st.sampled_from([None, 0, 1, 2]),
    "max_new_official_links_per_month": st.sampled_from([None, 0, 1]),
    "pending_link_stale_days": st.sampled_from([None, 0, 7, 400]),
    "pending_counts_toward_caps": st.booleans(),
    "max_auxiliaries_per_primary": st.sampled_from([0, 1]),
    "max_accounts_per_admin": st.sampled_from([None, 0, 1]),
    "subscription_articles_per_broadcast": st.sampled_from([1, 8]),
    "service_broadcasts_per_month": st.sampled_from([0, 4]),
}


@st.composite
def cases(draw) -> tuple[dict, dict]:
    doc = draw(fuzzing.documents())
    overrides = {name: draw(values) for name, values in LOW.items() if draw(st.booleans())}
    options = {"ruleset": draw(st.sampled_from(["seed", "wechat-2025"])),
               "as_of": draw(st.sampled_from(["2026-11-25", "2026-12-01", "2024-02-29", "2027-01-01"])),
               "overrides": overrides}
    if draw(st.booleans()):
        options["rules_as_of"] = draw(st.sampled_from(["2017-05-01", "2018-06-01"]))
    return doc, options


def clamped(value):
    """The document with integers beyond 64 bits brought within them (the columnar tables hold 64-bit
    integers; a larger one is a document error there, tested below). Clamped, not filtered out: half
    the drawn ``articles`` are huge, and filtering would leave the quotas untested."""
    if isinstance(value, dict):
        return {k: clamped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clamped(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
        return 2**63 - 1 if value > 0 else -(2**63)
    return value
