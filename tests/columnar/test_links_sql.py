"""The SQL twins in topology/links.py mean what the Python functions mean, on every combination."""

from __future__ import annotations

from itertools import product
from types import SimpleNamespace

import duckdb
import pytest

from topology import links as L

STATUSES = ["linked", "pending", "rejected"]
UNLINKED = [None, "2026-01-01"]


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    c.execute("CREATE TABLE l (status VARCHAR, unlinked_on DATE)")
    c.executemany("INSERT INTO l VALUES (?, ?)", list(product(STATUSES, UNLINKED)))
    return c


def _both(con, sql: str, python) -> None:
    rows = con.execute(f"SELECT status, unlinked_on, {sql} FROM l").fetchall()
    assert len(rows) == len(STATUSES) * len(UNLINKED)
    for status, unlinked_on, got in rows:
        link = SimpleNamespace(status=status, unlinked_on=unlinked_on)
        assert got == python(link), (status, unlinked_on)


def test_stands(con):
    _both(con, L.sql_stands(), L.stands)


@pytest.mark.parametrize("pending", [True, False])
def test_takes_slot(con, pending):
    _both(con, L.sql_takes_slot(pending), lambda link: L.takes_slot(link, pending))


@pytest.mark.parametrize("pending", [True, False])
def test_requested(con, pending):
    _both(con, L.sql_requested(pending), lambda link: L.requested(link, pending))


def test_state(con):
    _both(con, L.sql_state(), L.state)


@pytest.mark.parametrize("a,b", [("acme", "acme"), (None, None), ("acme", "bloom"), ("acme", None), (None, "acme")])
def test_same_subject(a, b):
    got = duckdb.execute(f"SELECT {L.sql_same_subject('a', 'b')} FROM (SELECT ?::VARCHAR AS a, ?::VARCHAR AS b)",
                         [a, b]).fetchone()[0]
    assert got is L.same_subject(a, b)  # never NULL: NOT of it must mean "other subjects"
