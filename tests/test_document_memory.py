"""What ``document.parse`` does to keep a large document small changes nothing a user can see.

Records read from a large document share their sets of given field names, the C heap is handed
back, and a text that is not ASCII is not copied into UTF-8 for good; the model reads the same,
dumps the same (``exclude_unset`` included) and a record assigned to keeps its own names.
"""

from __future__ import annotations

import pickle
import sys

import pytest

import topology
from tests.helpers import SAMPLES
from topology import document
from topology.loader import decode

DOC = {
    "schema_version": 1,
    "subjects": [{"id": "s", "kind": "enterprise", "name": "暖芽"}, {"id": "t", "kind": "media"}],
    "accounts": [{"id": "news", "type": "subscription", "subject": "s"},
                 {"id": "shop", "type": "mini_program", "subject": "s", "verified": True},
                 {"id": "mall", "type": "mini_program", "subject": "t"}],
    "links": [{"kind": "mini_program", "source": "news", "target": "shop"},
              {"kind": "mini_program", "source": "news", "target": "mall", "status": "pending"},
              {"kind": "mini_program", "source": "news", "target": "shop"}],
}


def _records(eco):
    return [*eco.subjects, *eco.accounts, *eco.links]


def _dumps(eco):
    return [r.model_dump(mode="json", exclude_unset=True) for r in _records(eco)]


@pytest.fixture
def large(monkeypatch):
    """Every document counts as large: the sharing and the heap release run on small ones."""
    monkeypatch.setattr(document, "LARGE", 0)


def test_records_giving_the_same_fields_share_one_set(large):
    eco = topology.load(DOC)
    first, pending, third = eco.links
    assert first.model_fields_set == {"kind", "source", "target"}
    assert first.__pydantic_fields_set__ is third.__pydantic_fields_set__
    assert pending.model_fields_set == {"kind", "source", "target", "status"}


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_a_large_document_reads_as_a_small_one(sample, monkeypatch):
    small = topology.load(str(sample))
    monkeypatch.setattr(document, "LARGE", 0)
    shared = topology.load(str(sample))
    assert shared == small
    assert _dumps(shared) == _dumps(small)
    assert [r.model_fields_set for r in _records(shared)] == [r.model_fields_set for r in _records(small)]
    assert topology.validate(shared).to_dict() == topology.validate(small).to_dict()


def test_a_record_assigned_to_keeps_its_own_names(large):
    eco = topology.load(DOC)
    first, _, third = eco.links
    first.status = "rejected"
    assert first.model_fields_set == {"kind", "source", "target", "status"}
    assert third.model_fields_set == {"kind", "source", "target"}
    assert third.model_dump(exclude_unset=True) == {"kind": "mini_program", "source": "news", "target": "shop"}
    copy = third.model_copy(update={"pinned": True})
    assert copy.model_fields_set == {"kind", "source", "target", "pinned"}
    assert first.model_fields_set == {"kind", "source", "target", "status"}
    assert third.model_fields_set == {"kind", "source", "target"}


def test_a_shared_model_survives_pickling(large):
    eco = topology.load(DOC)
    back = pickle.loads(pickle.dumps(eco))
    assert back == eco and _dumps(back) == _dumps(eco)
    back.links[0].pinned = True
    assert back.links[2].model_fields_set == {"kind", "source", "target"}


def test_text_that_is_not_ascii_is_kept_once():
    text = (SAMPLES / "food.json").read_text(encoding="utf-8")
    assert not text.isascii()
    source = decode(text.encode("utf-8"), "food.json")
    fresh = sys.getsizeof((source.text + " ")[:-1])  # an equal str that was never asked for UTF-8
    document.parse(source)
    assert sys.getsizeof(source.text) == fresh
