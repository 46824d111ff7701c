"""``jsonfmt.dumps`` writes the bytes the standard library wrote, whichever writer it uses.

The oracle is written out here (``json.dumps(ensure_ascii=False, indent=2)``, then the escapes
of ``sanitize.json_escapes``, then a newline), not taken from the module: every report, SARIF
log, catalogue and planner output a user has saved stays byte for byte what it was.
"""

from __future__ import annotations

import datetime
import enum
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import topology
from tests.helpers import broken_documents, ecosystem_files
from topology import jsonfmt
from topology.findings import Finding
from topology.sanitize import json_escapes


def oracle(data) -> str:
    return json_escapes(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


#: strings a document can put in an id, a name or a message, and worse
HOSTILE = ['"', "\\", '\\"', "\x00", "\x1b]0;t\x07", "\n\r\t\b\f", "\x7f", "\x85\x9f", "\u2028\u2029",
           "\u202e", "\u061c\u200e\u200f\u2066\u2069", "暖芽", "🦄", "\U0010ffff", "\ud800", "\udfff", "/", "é"]
hostile_text = st.one_of(
    st.text(st.characters(codec=None), max_size=12),
    st.lists(st.sampled_from(HOSTILE), max_size=4).map("".join),
)
leaves = st.one_of(st.none(), st.booleans(), hostile_text,
                   st.integers(min_value=-(2**63), max_value=2**64 - 1),
                   st.integers().filter(lambda n: abs(n) >= 2**63),  # orjson refuses these: the oracle writes them
                   st.floats(allow_nan=True, allow_infinity=True))
values = st.recursive(leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(hostile_text, inner, max_size=5)), max_leaves=40)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_any_json_value_is_written_as_the_standard_library_writes_it(data):
    assert jsonfmt.dumps(data) == oracle(data)


optional_int = st.one_of(st.none(), st.integers(min_value=-(2**70), max_value=2**70))
findings = st.builds(
    Finding, rule=st.sampled_from(["WX001", "WX101", "WX901"]), name=hostile_text,
    severity=st.sampled_from(["error", "warning", "info"]), message=hostile_text,
    account=st.one_of(st.none(), hostile_text), related=st.lists(hostile_text, max_size=3).map(tuple),
    pointer=hostile_text, observed=optional_int, limit=optional_int, subject=st.one_of(st.none(), hostile_text))


@settings(max_examples=200, deadline=None)
@given(st.lists(findings, max_size=8))
def test_findings_are_written_as_the_standard_library_writes_them(found):
    report = {"schema_version": 1, "document": "eco.json", "counts": {"error": len(found)},
              "findings": [f.to_dict() for f in found]}
    assert jsonfmt.dumps(report) == oracle(report)


@pytest.mark.parametrize("doc", ecosystem_files(), ids=lambda p: str(p.relative_to(p.parents[1])))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_sample_report_is_written_as_before(doc, lang):
    try:
        eco = topology.load(str(doc))
    except topology.DocumentError as exc:
        data = topology.Report.from_error(exc).to_dict()
    else:
        data = topology.validate(eco, lang=lang).to_dict()
    assert jsonfmt.dumps(data) == oracle(data)


def test_the_broken_samples_cover_findings():  # the test above is not over empty reports only
    assert any(topology.validate(topology.load(str(d))).findings
               for d in broken_documents() if d.stem in ("caps", "integrity"))


class Colour(enum.Enum):
    RED = "red"


class Name(str):
    pass


@pytest.mark.parametrize("data", [
    {"n": 1e-05, "big": 1e16, "nan": math.nan, "inf": -math.inf},  # orjson: 1e-5, 1e16, null, null
    {"id": Name("shop")}, {1: "int key"}, {"ok": True, None: "null key"}, ["\ud800 lone surrogate"],
    [2**64], [-(2**63) - 1], [[[[[[]]]]]] * 3, {"deep": json.loads("[" * 300 + "]" * 300)},
], ids=repr)
def test_values_orjson_writes_otherwise_are_written_as_before(data):
    assert jsonfmt.dumps(data) == oracle(data)


@pytest.mark.parametrize("data", [{"when": datetime.date(2026, 11, 25)}, [Colour.RED], {"x": {1, 2}}], ids=repr)
def test_values_json_cannot_hold_still_raise_type_error(data):  # orjson would write dates and enums
    with pytest.raises(TypeError):
        jsonfmt.dumps(data)


def test_a_cycle_still_raises_value_error():
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        jsonfmt.dumps({"a": loop})
