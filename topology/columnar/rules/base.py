"""How a rule is written set-wise: a function from the ruleset's parameters to one SQL query.

A query is DuckDB SQL over the canonical tables (``subjects``, ``accounts``, ``links``,
``broadcasts``, ``bans``: see :mod:`topology.columnar.stage`) and the shared views (``acct``,
``subj``, ``wlinks``, ``slots``: :mod:`topology.columnar.views`). It returns one row per
finding, with these columns by name; ``account``, ``pointer`` and ``related`` are required (the
report's order reads them: write ``CAST(NULL AS VARCHAR) AS account`` where there is none), any
other standard column left out is NULL:

- ``account`` VARCHAR, ``subject`` VARCHAR, ``related`` VARCHAR[] (in the order the in-memory
  rule gives them, usually sorted), ``pointer`` VARCHAR (the JSON pointer the in-memory rule
  gives: ``'/accounts/' || a.row``), ``observed`` BIGINT, ``"limit"`` BIGINT,
  ``severity`` VARCHAR (only where the rule overrides its own), ``variant`` VARCHAR;
- every other column is a value of the rule's message template (``month``, ``missing``…).

The function returns None when the rule is off (its parameter is null), as the check yields
nothing then, and when its limit is :func:`unreachable`. Parameters are written into the SQL as
literals (:func:`lit`): no binding, so the same text runs on DuckDB and, transpiled, on Spark.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..stage import lit

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from ...ruleset import Parameters

#: the columns with a meaning of their own; the others are message values
STANDARD: tuple[str, ...] = ("account", "subject", "related", "pointer", "observed", "limit", "severity", "variant")

Query = Callable[["Parameters", date], "str | None"]
QUERIES: dict[str, Query] = {}


def query(rule_id: str) -> Callable[[Query], Query]:
    """Register the set-wise query of ``rule_id`` (one per rule)."""
    def register(fn: Query) -> Query:
        if rule_id in QUERIES:
            raise ValueError(f"{rule_id} has two set-wise queries")
        QUERIES[rule_id] = fn
        return fn
    return register


#: BIGINT's largest value: no count, age or number a query sees is larger
BIGINT_MAX = 2**63 - 1


def unreachable(limit) -> bool:
    """True when no value a query sees can pass ``limit`` (a ruleset may say ``10**30``).

    Every limit goes through here before it is written into SQL: such a rule finds nothing, as
    the memory engine finds nothing, and no literal leaves BIGINT's range (Spark's too).

    >>> unreachable(50), unreachable(2**63 - 1), unreachable(10**30)
    (False, True, True)
    """
    return int(limit) >= BIGINT_MAX


def ids(values) -> str:
    """A SQL ``IN`` list of string literals (``('a', 'b')``); ``(NULL)`` for none, which matches nothing."""
    values = sorted(values)
    return "(" + ", ".join(lit(v) for v in values) + ")" if values else "(NULL)"


__all__ = ["BIGINT_MAX", "QUERIES", "STANDARD", "ids", "lit", "query", "unreachable"]
