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


def _int_parameters(params) -> list[str]:
    """The count limits (years are not compared with counts: ``sql_add_years`` saturates them)."""
    return sorted(k for k, v in params.model_dump().items() if not k.endswith("_years")
                  if (isinstance(v, int) and not isinstance(v, bool))
                  or (isinstance(v, dict) and any(isinstance(x, int) for x in v.values())))


def _raised(params, value) -> dict:
    out = {}
    for k in _int_parameters(params):
        v = getattr(params, k)
        out[k] = {kind: value for kind in v} if isinstance(v, dict) else value
    return out


@pytest.mark.parametrize("ruleset", ["seed", "wechat-2025"])
@pytest.mark.parametrize("value", [2**63 - 1, 10**30])
def test_limits_past_bigint_turn_their_query_off(value, ruleset):
    """A limit no count can pass (a ruleset may say 10**30) finds nothing: the query is off, and no
    literal beyond BIGINT (which Spark cannot hold) is written into any query."""
    base = load_ruleset(ruleset).at(AS_OF).parameters
    huge = load_ruleset(ruleset, overrides=_raised(base, value)).at(AS_OF).parameters
    written = [sql for _, sql in [(r.id, sql_of(r, huge, AS_OF)) for r in topology.list_rules() if r.id in QUERIES]
               if sql is not None]
    literals = [int(n) for sql in written for n in re.findall(r"(?<![\w.'])\d{10,}(?![\w.'])", sql)]
    assert all(n <= 2**63 - 1 for n in literals)
    assert not any(str(value) in sql for sql in written)
    below = load_ruleset(ruleset, overrides=_raised(base, 2**63 - 2)).at(AS_OF).parameters
    assert any(str(2**63 - 2) in (sql_of(r, below, AS_OF) or "") for r in topology.list_rules() if r.id in QUERIES)
