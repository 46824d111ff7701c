"""The plain vocabulary (read at start-up without pydantic) matches the models."""

import re

import topology
from tests.helpers import account, doc, link, subject
from topology import model, vocab


def test_account_types_and_link_kinds_match_the_models():
    assert set(vocab.ACCOUNT_TYPES) == model.UNION_TAGS["accounts"]
    assert set(vocab.LINK_KINDS) == model.UNION_TAGS["links"]
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
    """``{n:a|b}`` fields in message templates: both forms given, English only; every other field spec
    names a vocabulary kind (or ``list``)."""
    import re

    from topology.rules import all_rules

    for rule in all_rules():
        for text in (rule.message, *rule.variants.values()):
            for lang, template in text.items():
                for spec in re.findall(r"\{\w+:([^}]*)\}", template):
                    if "|" in spec:
                        assert lang == "en" and spec.count("|") == 1 and all(spec.split("|")), (rule.id, template)
                    else:
                        assert spec in vocab.TERMS or spec == "list", (rule.id, template)


def test_term_fields_turn_data_into_either_language():
    """A check passes a key (``phone_bound``, a subject kind, a list of types); the template says it."""
    values = {"b": "wechat_pay_bound", "k": "sole_trader", "types": ["service", "subscription"], "ids": []}
    assert vocab.fill("{b:binding}; {k:subject_kind}; {types:account_type}; {ids:list}", values) == \
        "WeChat Pay; sole trader; service account, subscription account; none"
    assert vocab.fill("{b:binding}；{k:subject_kind}；{types:account_type}；{ids:list}", values, "zh") == \
        "微信支付；个体工商户；服务号、订阅号；无"
    assert vocab.term("subject_kind", "not-a-kind", "zh") == "not-a-kind"  # an unknown key is shown as it is


def test_every_term_has_both_languages_and_chinese_is_chinese():
    for table in (vocab.TERMS, vocab.PHRASES):
        for kind, words in table.items():
            for key, (en, zh) in words.items():
                assert not re.search(r"[\u4e00-\u9fff]", en), (kind, key)
                # the same in both only where there is no word to translate: "#", "∞", "id"
                assert zh != en or not re.search(r"[A-Za-z]{3,}", en), (kind, key)
    assert set(vocab.TERMS["account_type"]) == set(vocab.ACCOUNT_TYPES)
    assert set(vocab.TERMS["subject_kind"]) == set(vocab.SUBJECT_KINDS)
    assert set(vocab.TERMS["link_kind"]) == set(vocab.LINK_KINDS)
    assert set(vocab.TERMS["severity"]) == set(vocab.SEVERITIES)
    assert set(vocab.TERMS["link_status"]) == set(vocab.LINK_STATUSES)


def test_features_and_bindings_cover_the_model():
    from topology import model

    features = set()
    for name in ("PersonalFeature", "OfficialFeature", "EnterpriseFeature", "MiniProgramFeature"):
        features |= set(getattr(model, name).__args__)
    assert set(vocab.TERMS["feature"]) == features
    assert {"phone_bound", "wechat_pay_bound", "identity_bound"} == set(vocab.TERMS["binding"])


def test_counts_in_both_languages():
    assert [vocab.count(n, "mini_program") for n in (0, 1, 2)] == ["0 mini-programs", "1 mini-program", "2 mini-programs"]
    assert vocab.count(1, "link", "zh") == "1 条关联"
    assert vocab.join(["a", "b"], "zh") == "a, b" and vocab.join(["media", "government"], "zh", "subject_kind") == "媒体、政府"
