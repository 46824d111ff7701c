"""WX601 on DuckDB: the previous document (``baseline``) staged as ``prev_accounts``, the same
findings as the in-memory engine; without one the rule does not run on either engine."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import topology
from tests import fuzzing
from tests.columnar.agree import assert_agree
from tests.columnar.test_personal import clamp
from tests.helpers import account, doc
from tests.rules.test_changes import OLD, S
from topology.columnar.validation import validate as validate_columnar
from topology.errors import DocumentError


def changed(document, baseline, **options) -> list[tuple]:
    found = assert_agree(document, select=["WX601"], baseline=baseline, **options)
    return [(f.account, f.pointer, f.message) for f in found]


def test_the_registry_example_and_its_fix():
    r = topology.get_rule("WX601")
    assert [f[0] for f in changed(r.example, r.example_baseline)] == ["news"]
    assert changed(r.use_instead, r.example_baseline) == []


def test_a_changed_type_points_at_the_new_definition():
    new = doc(subjects=S, accounts=[account("shop", "mini_program", subject="acme"),
                                    account("news", "service", subject="acme")])
    assert [f[:2] for f in changed(new, OLD)] == [("news", "/accounts/1")]


def test_same_types_added_and_removed_accounts_pass():
    new = doc(subjects=S, accounts=[account("news", "subscription", subject="acme"),
                                    account("shop", "mini_program", subject="acme"),
                                    account("care", "service", subject="acme")])
    assert changed(new, OLD) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_changed_account(lang):
    new = doc(subjects=S, accounts=[account("news", "enterprise", subject="acme"),
                                    account("shop", "subscription", subject="acme"),
                                    account("gone", "service", subject="acme")])
    assert [f[0] for f in changed(new, OLD, lang=lang)] == ["news", "shop"]


def test_first_definitions_on_both_sides():
    old = doc(subjects=S, accounts=[account("a'b", "subscription", subject="acme"),
                                    account("a'b", "service", subject="acme"), account("长", "personal")])
    new = doc(subjects=S, accounts=[account("长", "personal"), account("a'b", "service", subject="acme"),
                                    account("a'b", "subscription", subject="acme"),
                                    account("长", "auxiliary", primary="x")])
    assert [f[:2] for f in changed(new, old)] == [("a'b", "/accounts/1")]


def test_empty_documents_on_either_side():
    assert changed(doc(), OLD) == []
    assert changed(OLD, doc()) == []


def test_the_previous_document_from_a_file(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps(OLD), encoding="utf-8")
    new = doc(subjects=S, accounts=[account("news", "service", subject="acme")])
    assert [f[0] for f in changed(new, str(path))] == ["news"]


def test_a_bad_previous_document_is_a_document_error(tmp_path):
    path = tmp_path / "old.json"
    path.write_text('{"schema_version": 1, "accounts": [{"id": "x"}]}', encoding="utf-8")
    with pytest.raises(DocumentError):
        validate_columnar(topology.load(OLD), baseline=str(path))


def test_without_a_previous_document_wx601_does_not_run():
    report = validate_columnar(topology.load(OLD), select=["WX601"])
    assert report.findings == [] and report.rules_run == ()
    with_it = validate_columnar(topology.load(OLD), select=["WX601"], baseline=OLD)
    assert [r for r, _ in with_it.rules_run] == ["WX601"]


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_random_document_pairs_agree(data):
    old = data.draw(fuzzing.documents().map(clamp))
    new = data.draw(st.one_of(fuzzing.mutations(old), fuzzing.documents()).map(clamp))
    assert_agree(new, baseline=old, select=["WX6", "WX3"], lang=data.draw(st.sampled_from(["en", "zh"])))


def test_a_table_set_against_a_previous_document(tmp_path):
    from topology.columnar.convert import to_table_set

    new = doc(subjects=S, accounts=[account("gone", "subscription", subject="acme"),
                                    account("news", "subscription", subject="acme")])
    expected = assert_agree(new, select=["WX601"], baseline=OLD)
    root = to_table_set(topology.load(new), tmp_path / "set", "parquet")
    assert validate_columnar(root, select=["WX601"], baseline=OLD).findings == expected
    assert [f.account for f in expected] == ["gone"]
