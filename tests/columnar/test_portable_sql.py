"""The set-wise SQL stays within what sqlglot carries to Spark faithfully.

sqlglot turns ``list(x ORDER BY x)`` into Spark's ``COLLECT_LIST(x)`` and drops the order without a
word (docs/columnar-engines.md); sorted lists are written ``list_sort(list(x))``. Every query of
every rule, under both sourced rulesets, is checked for the pattern, and transpiles.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlglot

import topology
from topology.columnar.rules import QUERIES
from topology.columnar.run import sql_of
from topology.columnar.views import views
from topology.ruleset import load_ruleset

ORDERED_AGGREGATE = re.compile(r"\b(list|array_agg|string_agg|group_concat)\s*\([^()]*\bORDER\s+BY\b", re.I)
AS_OF = date(2026, 11, 25)


def _queries(ruleset: str) -> list[tuple[str, str]]:
    params = load_ruleset(ruleset).at(AS_OF).parameters
    out = [(name, select) for name, select in views(params)]
    for rule in topology.list_rules():
        if rule.id in QUERIES:
            sql = sql_of(rule, params, AS_OF)
            if sql is not None:
                out.append((rule.id, sql))
    return out


@pytest.mark.parametrize("ruleset", ["seed", "wechat-2025"])
def test_no_ordered_aggregate(ruleset):
    bad = [name for name, sql in _queries(ruleset) if ORDERED_AGGREGATE.search(sql)]
    assert not bad, f"write sorted lists as list_sort(list(x)): {bad}"


def test_the_guard_sees_the_pattern():
    assert ORDERED_AGGREGATE.search("SELECT list(x ORDER BY x) FROM t")
    assert not ORDERED_AGGREGATE.search("SELECT list_sort(list(x)) FROM t")


@pytest.mark.parametrize("ruleset", ["seed", "wechat-2025"])
def test_every_query_transpiles_to_spark(ruleset):
    """Nothing sqlglot knows it cannot carry (it raises then, rather than warn)."""
    for name, sql in _queries(ruleset):
        (out,) = sqlglot.transpile(sql, read="duckdb", write="spark", unsupported_level=sqlglot.ErrorLevel.RAISE)
        assert out, name
