"""--format json: each finding carries the line and column text and SARIF print, null where it has none."""

import json
from dataclasses import replace

import jsonschema
import pytest

import topology
from tests.formats import CAPS, run_cli
from tests.helpers import ROOT, account, doc, subject
from topology.formats import render


def _schema() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((ROOT / "schemas" / "report.schema.json").read_text("utf-8")))


def _file(tmp_path):
    d = doc(as_of="2026-11-25", subjects=[subject("me", "individual")],
            accounts=[account("care", "service", subject="me", features=["wechat_pay"])])
    path = tmp_path / "eco.json"
    path.write_text(json.dumps(d, indent=2))
    return path


def test_a_finding_in_a_file_carries_the_line_and_column_text_prints(tmp_path):
    report = topology.validate(topology.load(str(_file(tmp_path))))
    data = json.loads(render([report], "json"))
    (wx201,) = [f for f in data["findings"] if f["rule"] == "WX201"]
    # /accounts/0 (the "{" of care) is on line 11 of the indented file, column 5, as text prints it
    assert (wx201["line"], wx201["column"]) == (11, 5)
    assert "eco.json:11:5  error   WX201" in render([report], "text")
    assert list(wx201)[6:9] == ["pointer", "line", "column"]  # beside the pointer they locate
    assert list(_schema().iter_errors(data)) == []


def test_a_finding_without_a_text_has_null_line_and_column(tmp_path):
    # a report without the text it was read from (as a columnar run's): the keys are there, null
    report = replace(topology.validate(topology.load(str(_file(tmp_path)))), source=None)
    data = json.loads(render([report], "json"))
    assert data["findings"] and all(f["line"] is None and f["column"] is None for f in data["findings"])
    assert list(_schema().iter_errors(data)) == []


def test_the_schema_refuses_a_line_below_one_and_still_takes_a_report_without_positions():
    data = json.loads(render([topology.validate(topology.load(str(ROOT / CAPS)))], "json"))
    validator = _schema()
    data["findings"][0]["line"] = 0
    assert list(validator.iter_errors(data))
    del data["findings"][0]["line"], data["findings"][0]["column"]  # the library's Report.to_dict()
    assert list(validator.iter_errors(data)) == []


@pytest.mark.parametrize("engine", ["memory", "duckdb"])
def test_a_table_set_report_is_valid_and_unplaced(tmp_path, engine):
    from topology.columnar import to_table_set

    tables = str(to_table_set(str(ROOT / CAPS), tmp_path / "caps", "parquet"))
    code, out, err = run_cli(["validate", tables, "--engine", engine, "--format", "json"])
    assert (code, err) == (1, b"")
    data = json.loads(out)
    assert [f["rule"] for f in data["findings"]] == ["WX101", "WX102", "WX103"]
    assert all(f["line"] is None and f["column"] is None for f in data["findings"])
    assert list(_schema().iter_errors(data)) == []
