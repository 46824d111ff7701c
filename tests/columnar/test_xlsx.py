"""Spreadsheets in: ``wxtopo convert BOOK.xlsx -o eco.json`` reads the table-set layout from sheets,
with Chinese headers and sheet names, and names sheet, row and column of every problem."""

from __future__ import annotations

import importlib.util
import json
import re

import openpyxl  # a core dependency: never skipped
import pytest

from tests.helpers import ROOT, SAMPLES
from topology.cli import main
from topology.columnar import headers as H
from topology.columnar import layout as L

BOOK = SAMPLES / "tables" / "bloom.xlsx"


def _generator():
    spec = importlib.util.spec_from_file_location("make_workbook", ROOT / "scripts" / "make_workbook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bloom() -> dict:
    data = json.loads((SAMPLES / "bloom.json").read_text(encoding="utf-8"))
    del data["$schema"]  # for editors: a table set keeps none
    return data


def book(path, sheets: dict[str, list[list]]):
    """A workbook of the given sheets (title → rows, the first the headers)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


MINIMAL = {
    "subjects": [["id", "kind"], ["acme", "enterprise"]],
    "accounts": [["id", "type", "subject", "verified"], ["acme-news", "subscription", "acme", True]],
    "links": [["kind", "source", "target"]],
}


def convert(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["convert", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_committed_sample_reads_back_as_the_document(tmp_path, capsys):
    target = tmp_path / "eco.json"
    code, _, err = convert(capsys, BOOK, "-o", target)
    assert (code, err) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8")) == bloom()
    wb = openpyxl.load_workbook(BOOK, read_only=True)  # the sample is the Chinese one an ops team keeps
    assert wb.sheetnames == ["文档", "主体", "账号", "关联", "群发", "封禁"]
    wb.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_generated_workbook_round_trips_in_either_language(tmp_path, capsys, lang):
    path = tmp_path / f"bloom.{lang}.xlsx"
    path.write_bytes(_generator().write_workbook(bloom(), lang))
    code, out, err = convert(capsys, path, "-o", "-")
    assert (code, err) == (0, "")
    assert json.loads(out) == bloom()


def test_the_generator_is_deterministic():
    make = _generator()
    assert make.write_workbook(bloom(), "zh") == make.write_workbook(bloom(), "zh")


def test_chinese_headers_and_sheet_names_mean_the_fields(tmp_path, capsys):
    path = book(tmp_path / "zh.xlsx", {
        "主体": [["主体ID", "主体类型", "主体名称"], ["acme", "enterprise", "Acme"]],
        "账号": [[" 账号ID ", "账号类型", "主体", "已认证"], ["acme-news", "subscription", "acme", True]],
        "关联": [["关联类型", "起点", "终点"]],
        "群发": [["账号", "群发日期", "文章数"], ["acme-news", "2026-11-20", 3]],
    })
    code, out, err = convert(capsys, path, "-o", "-")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["subjects"] == [{"id": "acme", "kind": "enterprise", "name": "Acme"}]
    assert data["accounts"] == [{"id": "acme-news", "type": "subscription", "subject": "acme",
                                 "verified": True,
                                 "broadcasts": [{"date": "2026-11-20", "articles": 3}]}]


def test_a_bad_cell_exits_2_naming_sheet_row_and_column_as_written(tmp_path, capsys):
    rows = [["账号ID", "账号类型", "主体", "已认证"], ["a", "subscription", "acme", True], [None, None, None, None],
            ["b", "subscription", "acme", "yes"]]
    path = book(tmp_path / "bad.xlsx", {**MINIMAL, "accounts": rows})
    target = tmp_path / "eco.json"
    code, _, err = convert(capsys, path, "-o", target)
    assert code == 2 and not target.exists()
    assert "Traceback" not in err
    # the blank row 3 is skipped, and the row named is the sheet's own (4), the column its header
    assert re.search(r"bad\.xlsx \[accounts\] row 4 column 已认证: error /accounts/1/verified: invalid value 'yes'", err)
    code, out, _ = convert(capsys, path, "-o", target, "--format", "json")
    assert code == 2
    assert [{k: e[k] for k in ("file", "row", "field", "pointer")} for e in json.loads(out)["errors"]] == \
        [{"file": f"{path} [accounts]", "row": 4, "field": "已认证", "pointer": "/accounts/1/verified"}]


def test_an_unknown_column_is_named(tmp_path, capsys):
    path = book(tmp_path / "col.xlsx", {**MINIMAL, "links": [["kind", "source", "target", "colour"]]})
    code, _, err = convert(capsys, path, "-o", tmp_path / "eco.json")
    assert code == 2
    assert "col.xlsx [links] column colour: error /links: unknown column colour" in err


def test_an_unknown_sheet_is_refused_by_name(tmp_path, capsys):
    path = book(tmp_path / "extra.xlsx", {**MINIMAL, "notes": [["anything"], ["at all"]]})
    code, _, err = convert(capsys, path, "-o", tmp_path / "eco.json")
    assert code == 2 and not (tmp_path / "eco.json").exists()
    assert "extra.xlsx [notes]: error /: unknown sheet notes" in err


def test_a_blank_unknown_sheet_is_let_be(tmp_path, capsys):
    path = book(tmp_path / "blank.xlsx", {**MINIMAL, "Sheet1": [], "Sheet2": [[None, "  "]]})
    code, out, err = convert(capsys, path, "-o", "-")
    assert (code, err) == (0, "")
    assert [a["id"] for a in json.loads(out)["accounts"]] == ["acme-news"]


def test_a_missing_required_sheet_is_named(tmp_path, capsys):
    path = book(tmp_path / "short.xlsx", {"subjects": MINIMAL["subjects"], "accounts": MINIMAL["accounts"]})
    code, _, err = convert(capsys, path, "-o", tmp_path / "eco.json")
    assert code == 2
    assert "short.xlsx: error /links: required sheet links (or 关联) is missing" in err


def test_a_column_given_twice_is_refused(tmp_path, capsys):
    path = book(tmp_path / "twice.xlsx", {**MINIMAL, "links": [["kind", "起点", "source", "target"]]})
    code, _, err = convert(capsys, path, "-o", "-")
    assert code == 2
    assert "twice.xlsx [links] row 1 column source: error /links: column source is given twice" in err


def test_a_file_that_is_not_a_workbook_exits_2(tmp_path, capsys):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a zip at all")
    code, _, err = convert(capsys, path, "-o", tmp_path / "eco.json")
    assert code == 2 and "Traceback" not in err
    assert "fake.xlsx: error /: cannot read the workbook" in err


def test_a_workbook_converts_to_a_table_set_too(tmp_path, capsys):
    code, _, err = convert(capsys, BOOK, "-o", tmp_path / "set", "--to", "csv")
    assert (code, err) == (0, "")
    code, out, _ = convert(capsys, tmp_path / "set", "-o", "-")
    assert code == 0 and json.loads(out) == bloom()


def test_a_folder_of_csvs_accepts_chinese_headers(tmp_path, capsys):
    root = tmp_path / "set"
    root.mkdir()
    (root / "subjects.csv").write_text("主体ID,主体类型\nacme,enterprise\n", encoding="utf-8")
    (root / "accounts.csv").write_text("账号ID,账号类型,所属主体,功能\nacme-care,service,acme,wechat_pay;advanced_api\n",
                                       encoding="utf-8")
    (root / "links.csv").write_text("关联类型,起点,终点,状态\n", encoding="utf-8")
    code, out, err = convert(capsys, root, "-o", "-")
    assert (code, err) == (0, "")
    assert json.loads(out)["accounts"] == [{"id": "acme-care", "type": "service", "subject": "acme",
                                            "features": ["wechat_pay", "advanced_api"]}]


def test_every_column_has_chinese_headers_and_the_docs_show_the_mapping():
    for table in L.TABLES:
        assert list(H.ZH_HEADERS[table]) == list(L.columns()[table]), table
    assert list(H.ZH_HEADERS["ecosystem"]) == list(L.DOCUMENT_FIELDS)
    assert H.markdown_table() in (ROOT / "docs" / "table-sets.md").read_text(encoding="utf-8")
