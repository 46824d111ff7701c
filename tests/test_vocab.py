"""The plain vocabulary (read at start-up without pydantic) matches the models."""

from topology import model, vocab


def test_account_types_and_link_kinds_match_the_models():
    assert set(vocab.ACCOUNT_TYPES) == model._UNION_TAGS["accounts"]
    assert set(vocab.LINK_KINDS) == model._UNION_TAGS["links"]
    assert set(vocab.LINK_ENDPOINTS) == set(vocab.LINK_KINDS)


def test_every_endpoint_type_is_an_account_type():
    for sources, targets in vocab.LINK_ENDPOINTS.values():
        assert (sources or set()) | targets <= set(vocab.ACCOUNT_TYPES)
    assert set(vocab.OFFICIAL_TYPES) <= set(vocab.ACCOUNT_TYPES)
