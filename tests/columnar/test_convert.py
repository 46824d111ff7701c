"""``wxtopo convert``: documents → table sets → documents give the same ecosystem, in every format,
and nothing is half-written or overwritten."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings

import topology
from tests.fuzzing import documents
from tests.helpers import SAMPLES
from topology.cli import main
from topology.columnar import convert
from topology.columnar.validation import validate as validate_columnar
from topology.errors import DocumentError, UsageError

FORMATS = convert.FORMATS
SAMPLE_DOCS = sorted(SAMPLES.glob("*.json"))


def same(a: topology.Ecosystem, b: topology.Ecosystem) -> bool:
    """Equal records and header (``$schema`` is for editors, and a table set has none)."""
    return a.model_dump(exclude={"schema_ref"}) == b.model_dump(exclude={"schema_ref"})


@pytest.mark.parametrize("sample", SAMPLE_DOCS, ids=[p.stem for p in SAMPLE_DOCS])
def test_every_sample_round_trips_in_every_format(tmp_path, sample):
    eco = topology.load(str(sample))
    for fmt in FORMATS:
        tables_ = convert.to_table_set(sample, tmp_path / fmt, fmt)
        assert {p.suffix for p in tables_.iterdir()} == {f".{fmt}", ".json"}
        assert same(eco, topology.load(json.loads(convert.document_bytes(tables_)))), fmt
    memory = topology.validate(eco).findings
    assert [(f.rule, f.account, f.pointer) for f in validate_columnar(tmp_path / "parquet").findings] == \
        [(f.rule, f.account, f.pointer) for f in memory]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_command_converts_both_ways(tmp_path, capsys, fmt):
    sample = SAMPLES / "bloom.json"
    tables_ = tmp_path / "set"
    assert main(["convert", str(sample), "-o", str(tables_), "--to", fmt]) == 0
    back = tmp_path / "back.json"
    assert main(["convert", str(tables_), "-o", str(back)]) == 0
    assert same(topology.load(str(sample)), topology.load(str(back)))
    assert capsys.readouterr().err == ""


def test_the_written_document_is_deterministic(tmp_path):
    sample = SAMPLES / "bloom.json"
    convert.to_table_set(sample, tmp_path / "a", "csv")
    convert.to_table_set(sample, tmp_path / "b", "parquet")
    assert convert.document_bytes(tmp_path / "a") == convert.document_bytes(tmp_path / "b")


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
          phases=[Phase.explicit, Phase.generate])
@given(documents())
def test_random_documents_round_trip(tmp_path_factory, d):
    """Ghosts, duplicates (a ban of a duplicated id's second definition keeps its account_row),
    hostile names, edge dates and ignore lists survive every format (integers beyond 64 bits
    cannot be table cells: refused, tested below)."""
    eco = topology.load(d)
    for fmt in FORMATS:
        where = tmp_path_factory.mktemp(fmt) / "set"
        try:
            convert.to_table_set(eco, where, fmt)
        except DocumentError:
            assume(False)
        back = topology.load(json.loads(convert.document_bytes(where)))
        assert same(eco, back), fmt


def test_explicit_empty_lists_and_defaults_survive_csv(tmp_path):
    d = {"schema_version": 1, "accounts": [
        {"id": "a", "type": "personal", "name": ""},
        {"id": "b", "type": "auxiliary", "primary": "a", "friend_add_methods": [], "name": "two\nlines, \"q\"; x"},
        {"id": "c", "type": "auxiliary", "primary": "a", "phone_bound": False}]}
    convert.to_table_set(topology.load(d), tmp_path / "set", "csv")
    text = (tmp_path / "set" / "accounts.csv").read_text()
    assert "[]" in text
    back = topology.load(json.loads(convert.document_bytes(tmp_path / "set")))
    assert back.accounts[1].friend_add_methods == [] and back.accounts[0].phone_bound is True
    assert back.accounts[0].name == "" and back.accounts[1].name == d["accounts"][1]["name"]  # "" is not absent
    assert "friend_add_methods" not in back.accounts[2].model_fields_set  # absent stays absent


def test_a_yaml_document_converts(tmp_path):
    yaml = tmp_path / "eco.yaml"
    yaml.write_text("schema_version: 1\nsubjects:\n  - id: s\n    kind: media\n")
    assert main(["convert", str(yaml), "-o", str(tmp_path / "set"), "--to", "jsonl"]) == 0
    assert (tmp_path / "set" / "subjects.jsonl").read_text().strip() == '{"id":"s","kind":"media"}'


def test_nothing_is_overwritten_or_half_written(tmp_path, capsys):
    sample = SAMPLES / "bloom.json"
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    assert main(["convert", str(sample), "-o", str(tmp_path / "full")]) == 2
    assert "not an empty directory" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["keep.txt"]
    with pytest.raises(UsageError):
        convert.to_table_set(tmp_path / "full", tmp_path / "full" / "inner", "csv")
    convert.to_table_set(sample, tmp_path / "set", "csv")
    assert main(["convert", str(tmp_path / "set"), "-o", str(tmp_path / "set" / "x.json")]) == 2
    assert "would overwrite" in capsys.readouterr().err or not (tmp_path / "set" / "x.json").exists()
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "accounts": [{"id": "a", "type": "robot"}]}')
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["convert", str(bad), "-o", str(tmp_path / "new")]) == 2
    assert "unknown type 'robot'" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary directory left either
    assert main(["convert", str(sample), "-o", str(tmp_path / "copy.json")]) == 2  # a document to a document
    assert "is a document" in capsys.readouterr().err and not (tmp_path / "copy.json").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["convert", str(sample), "-o", str(empty), "--to", "jsonl"]) == 0  # an empty directory is fine
    shutil.rmtree(empty)


def test_an_empty_document_writes_empty_required_tables(tmp_path):
    for fmt in FORMATS:
        where = tmp_path / fmt
        convert.to_table_set(topology.load({"schema_version": 1}), where, fmt)
        assert sorted(p.name for p in where.iterdir()) == sorted(
            ["ecosystem.json"] + [f"{t}.{fmt}" for t in ("subjects", "accounts", "links")])
        assert json.loads(convert.document_bytes(where)) == {"schema_version": 1, "subjects": [], "accounts": [],
                                                              "links": []}


def test_an_integer_beyond_64_bits_is_refused_by_name(tmp_path, capsys):
    doc = tmp_path / "huge.json"
    doc.write_text(json.dumps({"schema_version": 1, "links": [
        {"source": "a", "target": "b", "kind": "mini_program", "priority": 10**30}]}))
    assert main(["convert", str(doc), "-o", str(tmp_path / "set")]) == 2
    assert "/links/0/priority: integer out of range" in capsys.readouterr().err
    assert not (tmp_path / "set").exists()
