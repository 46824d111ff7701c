"""The two engines agree: every sample and random documents give the in-memory engine's findings
on DuckDB too (issue 12's acceptance test; the Spark subset is in test_spark.py).

Random documents come from tests/fuzzing.py (repeated ids, dangling references, wrong endpoint
types, every status, edge dates, hostile names, ignore lists), with the caps and quotas drawn low
so that every rule family has something to find in a document of a dozen accounts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import topology
from tests.columnar.agree import assert_agree, both, cases, clamped, key
from topology.columnar.rules import QUERIES

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p for p in ROOT.glob("samples/**/*.json")
                 if not any(p.name.endswith(s) for s in (".expected.json", ".ruleset.json", ".suppressions.json",
                                                          ".baseline.json", ".changes.json"))
                 and "plans" not in p.parts and "diff" not in p.parts)


def _options(path: Path) -> dict:
    stem = path.name[: -len(".json")]
    options: dict = {"as_of": "2026-11-25"}
    ruleset = path.with_name(f"{stem}.ruleset.json")
    if ruleset.exists():
        options["ruleset"] = str(ruleset)
    baseline = path.with_name(f"{stem}.baseline.json")
    if baseline.exists():
        options["baseline"] = topology.load(baseline)
    suppressions = path.with_name(f"{stem}.suppressions.json")
    if suppressions.exists():
        options["suppressions"] = str(suppressions)
    return options


def test_the_samples_are_found():
    assert len(SAMPLES) >= 10


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_sample_gives_the_same_findings(path):
    eco = topology.load(path)
    found = assert_agree(eco, **_options(path))
    if "broken" in path.parts:  # a broken sample trips something: the agreement is not two empty lists
        assert found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_messages_agree_in_both_languages(lang):
    assert_agree(topology.load(ROOT / "samples/broken/caps.json"), lang=lang, as_of="2026-11-25")


def test_every_rule_has_a_set_wise_query():
    """WX007 runs in Python on both engines (it reads the suppressions file); WX601 needs --previous."""
    missing = {r.id for r in topology.list_rules()} - set(QUERIES) - {"WX007", "WX601"}
    assert not missing


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_random_documents_give_the_same_findings(case):
    doc, options = case
    memory, columnar = both(clamped(doc), **options)
    assert {key(f) for f in memory} == {key(f) for f in columnar}  # the key
    assert memory == columnar  # and whole: message, pointer, order


def test_an_integer_beyond_64_bits_is_a_document_error_there():
    from topology.columnar.validation import validate
    from topology.errors import DocumentError

    eco = topology.load({"schema_version": 1, "links": [
        {"kind": "mini_program", "source": "a", "target": "b", "priority": 2**70}]})
    with pytest.raises(DocumentError) as caught:
        validate(eco)
    assert [p.pointer for p in caught.value.problems] == ["/links/0/priority"]
