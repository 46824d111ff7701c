"""Whatever the bytes, wxtopo answers with a report or a DocumentError, never a crash."""

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import topology
from tests.helpers import SAMPLES

BASE = json.loads((SAMPLES / "mother-baby.json").read_text(encoding="utf-8"))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False)
    | st.text(max_size=12) | st.sampled_from(["2026-02-29", "2025-02-29", "wang-fang", "nuanya-mall", "WX102"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


PATHS = [p for p in _paths(BASE) if p]


def _set(doc, path, value):
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=1, max_size=3))
def test_mutated_documents_give_findings_or_document_errors(mutations):
    doc = copy.deepcopy(BASE)
    for path, value in mutations:
        try:
            _set(doc, path, value)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation replaced the container
    try:
        eco = topology.load(json.dumps(doc).encode())
    except topology.DocumentError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    report = topology.validate(eco)
    json.loads(report.to_json())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(data):
    try:
        topology.load(data)
    except topology.DocumentError as exc:
        assert exc.problems
