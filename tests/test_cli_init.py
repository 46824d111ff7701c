"""``wxtopo init``: a starter document a newcomer can validate and draw at once, never over a file."""

from __future__ import annotations

import io
import json

import pytest

import topology
from tests.helpers import ROOT
from topology.cli import main
from topology.vocab import SUBJECT_KINDS


class Terminal(io.StringIO):
    """Standard input as a person at a terminal: answers typed in advance."""

    def isatty(self) -> bool:
        return True


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["init", *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("kind", SUBJECT_KINDS)
def test_the_starter_of_every_kind_validates_and_draws(tmp_path, capsys, monkeypatch, kind):
    monkeypatch.chdir(tmp_path)
    code, err = run(capsys, "--subject", "Bloom Baby Co., Ltd.", "--kind", kind)
    assert code == 0, err
    doc = json.loads((tmp_path / "ecosystem.wxtopo.json").read_text(encoding="utf-8"))
    assert doc["$schema"] == "ecosystem.schema.json"
    assert doc["subjects"] == [{"id": "bloom-baby-co-ltd", "kind": kind, "name": "Bloom Baby Co., Ltd."}]
    assert main(["validate", "ecosystem.wxtopo.json"]) == 0
    report = topology.validate(topology.load(str(tmp_path / "ecosystem.wxtopo.json")))
    assert [f.rule for f in report.findings if f.severity in ("error", "warning")] == []
    assert main(["render", "ecosystem.wxtopo.json", "-o", "eco.dot"]) == 0
    assert "bloom-baby-co-ltd" in (tmp_path / "eco.dot").read_text(encoding="utf-8")


def test_the_schema_it_names_is_the_one_the_project_ships_and_the_starter_obeys_it(tmp_path, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    target = tmp_path / "mine.wxtopo.json"
    code, err = run(capsys, "--subject", "Acme", "--kind", "media", "--name", "Acme media", "-o", str(target))
    assert code == 0 and "ecosystem.schema.json" in err
    schema = json.loads((tmp_path / "ecosystem.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads((ROOT / "schemas" / "ecosystem.schema.json").read_text(encoding="utf-8"))
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["name"] == "Acme media"
    jsonschema.validate(doc, schema)


def test_an_existing_file_is_never_overwritten(tmp_path, capsys):
    target = tmp_path / "eco.json"
    target.write_text("mine", encoding="utf-8")
    code, err = run(capsys, "--subject", "Acme", "--kind", "enterprise", "-o", str(target))
    assert code == 2 and "exists; not overwriting it" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "ecosystem.schema.json").exists()


def test_an_existing_schema_file_is_kept(tmp_path, capsys):
    (tmp_path / "ecosystem.schema.json").write_text("{}", encoding="utf-8")
    code, _ = run(capsys, "--subject", "Acme", "--kind", "enterprise", "-o", str(tmp_path / "eco.json"))
    assert code == 0
    assert (tmp_path / "ecosystem.schema.json").read_text(encoding="utf-8") == "{}"


def test_missing_flags_without_a_terminal_exit_2_rather_than_wait(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Acme\nenterprise\n"))
    code, err = run(capsys, "--subject", "Acme", "-o", str(tmp_path / "eco.json"))
    assert code == 2 and "--kind" in err
    assert not (tmp_path / "eco.json").exists()


def test_at_a_terminal_it_asks_for_what_is_missing(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", Terminal("李娜\nperson\nindividual\n"))
    code, err = run(capsys, "-o", str(tmp_path / "eco.json"))
    assert code == 0, err
    assert "unknown subject kind 'person'" in err  # asked again after a wrong answer
    doc = topology.load(str(tmp_path / "eco.json"))
    assert [(s.id, s.kind, s.name) for s in doc.subjects] == [("subject", "individual", "李娜")]
    assert [a.type for a in doc.accounts] == ["personal"]


def test_an_empty_answer_takes_the_default_kind_and_end_of_input_stops(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", Terminal("\n"))
    code, _ = run(capsys, "--subject", "Acme", "-o", str(tmp_path / "a.json"))
    assert code == 0 and topology.load(str(tmp_path / "a.json")).subjects[0].kind == "enterprise"
    monkeypatch.setattr("sys.stdin", Terminal(""))
    code, err = run(capsys, "--kind", "media", "-o", str(tmp_path / "b.json"))
    assert code == 2 and not (tmp_path / "b.json").exists() and "Traceback" not in err


def test_the_same_answers_write_the_same_bytes(tmp_path, capsys):
    for name in ("a.json", "b.json"):
        assert run(capsys, "--subject", "Acme 集团", "--kind", "enterprise", "-o", str(tmp_path / name))[0] == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert topology.load(str(tmp_path / "a.json")).subjects[0].id == "acme"


def test_chinese_messages(tmp_path, capsys):
    code, err = run(capsys, "--subject", "Acme", "--kind", "media", "-o", str(tmp_path / "eco.json"), "--lang", "zh")
    assert code == 0 and "已写入" in err and "下一步" in err
