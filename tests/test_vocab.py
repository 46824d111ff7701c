"""The plain vocabulary (read at start-up without pydantic) matches the models."""

import topology
from tests.helpers import account, doc, link, subject
from topology import model, vocab


def test_account_types_and_link_kinds_match_the_models():
    assert set(vocab.ACCOUNT_TYPES) == model._UNION_TAGS["accounts"]
    assert set(vocab.LINK_KINDS) == model._UNION_TAGS["links"]
    assert set(vocab.LINK_ENDPOINTS) == set(vocab.LINK_KINDS)


def test_every_endpoint_type_is_an_account_type():
    for sources, targets in vocab.LINK_ENDPOINTS.values():
        assert (sources or set()) | targets <= set(vocab.ACCOUNT_TYPES)
    assert set(vocab.OFFICIAL_TYPES) <= set(vocab.ACCOUNT_TYPES)


def test_messages_put_a_count_of_one_in_the_singular():
    """A cap set to 0 makes one link one too many: the message says so in good English."""
    d = doc(subjects=[subject("a"), subject("b")],
            accounts=[account("news", "subscription", subject="a"), account("shop", "mini_program", subject="b",
                                                                            broadcasts=[{"date": "2026-11-02"}])],
            links=[link("mini_program", "news", "shop")])
    report = topology.validate(topology.load(d), overrides={"max_cross_subject_mini_programs": 0},
                               select=["WX103", "WX404"])
    messages = {f.rule: f.message for f in report.findings}
    assert "links 1 mini-program of other subjects; the limit is 0." in messages["WX103"]
    assert "declares 1 mass message;" in messages["WX404"]
    zh = topology.validate(topology.load(d), overrides={"max_cross_subject_mini_programs": 0}, select=["WX103"],
                           lang="zh")
    assert "1 个" in zh.findings[0].message and "|" not in zh.findings[0].message


def test_every_count_field_names_its_singular_and_plural():
    """``{n:a|b}`` fields in message templates: both forms given, English only."""
    import re

    from topology.rules import all_rules

    for rule in all_rules():
        for lang, template in rule.message.items():
            for spec in re.findall(r"\{\w+:([^}]*)\}", template):
                assert lang == "en" and spec.count("|") == 1 and all(spec.split("|")), (rule.id, template)
