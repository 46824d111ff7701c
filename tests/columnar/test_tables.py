"""Reading table sets: every bad table is exit 2 naming its file, row and column; good ones stage
the same rows as the document they came from."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings

import topology
from tests.fuzzing import documents
from topology.cli import main
from topology.columnar import stage, tables
from topology.columnar.checks import CAP, ID_RE2
from topology.columnar.jsondoc import read_json_document
from topology.columnar.validation import validate as validate_columnar
from topology.errors import DocumentError, problem_line

SUBJECTS = "id,kind\nacme,enterprise\nli,individual\n"
ACCOUNTS = ("id,type,subject,primary,phone_bound,features,friend_add_methods,registered_on\n"
            "li,personal,li,,,transfer,,2020-01-02\n"
            "li-2,auxiliary,,li,,,wechat_id;qr_code,\n"
            "news,subscription,acme,,,custom_menu,,\n"
            "shop,mini_program,acme,,,,,\n")
LINKS = ("source,target,kind,priority,linked_on,unlinked_on,status,verified\n"
         "news,shop,mini_program,2,2026-01-01,,linked,\n"
         "li,news,admin,,,,,\n")
BROADCASTS = "account,date,articles\nnews,2026-11-01,3\n"
BANS = "account,start,end\nli,2025-01-01,2025-01-08\n"
GOOD = {"subjects": SUBJECTS, "accounts": ACCOUNTS, "links": LINKS, "broadcasts": BROADCASTS, "bans": BANS}


def write_csv(root: Path, tables_: dict[str, str]) -> Path:
    root.mkdir(exist_ok=True)
    for name, text in tables_.items():
        (root / f"{name}.csv").write_text(text, encoding="utf-8")
    return root


def problems_of(root: Path) -> list:
    con = duckdb.connect()
    try:
        return tables.stage_table_set(con, root)
    finally:
        con.close()


def test_a_good_csv_table_set_stages_the_rows_and_per_type_defaults(tmp_path):
    root = write_csv(tmp_path / "set", GOOD)
    con = duckdb.connect()
    assert tables.stage_table_set(con, root) == []
    stage.canonical(con)
    phone = dict(con.execute("SELECT id, phone_bound FROM accounts").fetchall())
    assert phone["li"] is True and phone["li-2"] is False  # personal vs auxiliary default
    methods = dict(con.execute("SELECT id, friend_add_methods FROM accounts WHERE type = 'auxiliary'").fetchall())
    assert methods == {"li-2": ["wechat_id", "qr_code"]}  # a ;-separated list
    assert con.execute("SELECT row, status, pinned FROM links ORDER BY row").fetchall() == [
        (0, "linked", False), (1, "linked", None)]  # pinned is a mini_program field only
    assert con.execute("SELECT account_row, articles FROM broadcasts").fetchall() == [(2, 3)]


def test_empty_tables_and_absent_optional_tables(tmp_path):
    root = write_csv(tmp_path / "set", {"subjects": "id,kind\n", "accounts": "id,type\n", "links": ""})
    assert problems_of(root) == []
    report = validate_columnar(root)
    assert report.findings == [] and report.counts["accounts"] == 0


def test_absent_optional_columns_take_the_defaults_of_the_rows_type(tmp_path):
    root = write_csv(tmp_path / "set", {"subjects": "id,kind\n", "accounts": "id,type,primary\na,personal,\nb,auxiliary,a\n",
                                        "links": "source,target,kind\n"})
    con = duckdb.connect()
    assert tables.stage_table_set(con, root) == []
    stage.canonical(con)
    assert con.execute("SELECT id, phone_bound, real_name_verified FROM accounts ORDER BY row").fetchall() == [
        ("a", True, True), ("b", False, None)]


# -- bad tables ----------------------------------------------------------------------------------
def _replace(table: str, old: str, new: str) -> dict[str, str]:
    assert old in GOOD[table]
    return {**GOOD, table: GOOD[table].replace(old, new, 1)}


#: (what is wrong, the tables, file, row (1-based) or None, column, words of the message)
BAD = [
    ("missing required column", {**GOOD, "links": "source,kind\nnews,admin\n"}, "links.csv", None, "target",
     "required column target is missing"),
    ("unknown column", {**GOOD, "subjects": "id,kind,colour\nacme,media,red\n"}, "subjects.csv", None, "colour",
     "unknown column colour"),
    ("bool that is not one", _replace("links", "2026-01-01,,linked,", "2026-01-01,,linked,yes"), "links.csv", 1,
     "verified", "invalid value 'yes': must be true or false"),
    ("impossible date", _replace("accounts", "2020-01-02", "2026-02-30"), "accounts.csv", 1, "registered_on",
     "invalid date '2026-02-30'"),
    ("int that is not one", _replace("links", "mini_program,2,", "mini_program,x,"), "links.csv", 1, "priority",
     "invalid value 'x': must be an integer"),
    ("unknown type", _replace("accounts", "shop,mini_program", "shop,mini_app"), "accounts.csv", 4, "type",
     "unknown type 'mini_app'"),
    ("unknown link kind", _replace("links", "li,news,admin", "li,news,owner"), "links.csv", 2, "kind",
     "unknown kind 'owner'"),
    ("unknown subject kind", _replace("subjects", "acme,enterprise", "acme,startup"), "subjects.csv", 1, "kind",
     "invalid value 'startup'"),
    ("unknown status", _replace("links", ",linked,", ",approved,"), "links.csv", 1, "status", "invalid value 'approved'"),
    ("feature of another type", _replace("accounts", "news,subscription,acme,,,custom_menu",
                                         "news,subscription,acme,,,transfer"), "accounts.csv", 3, "features",
     "invalid value 'transfer'"),
    ("unknown friend_add_method", _replace("accounts", "wechat_id;qr_code", "wechat_id;fax"), "accounts.csv", 2,
     "friend_add_methods", "invalid value 'fax'"),
    ("column the type lacks", _replace("accounts", "news,subscription,acme,,", "news,subscription,acme,li,"),
     "accounts.csv", 3, "primary", "a row of type subscription has no primary"),
    ("missing id", _replace("accounts", "shop,mini_program", ",mini_program"), "accounts.csv", 4, "id",
     "required field is missing"),
    ("missing source", _replace("links", "li,news,admin", ",news,admin"), "links.csv", 2, "source",
     "required field is missing"),
    ("missing type", _replace("accounts", "shop,mini_program", "shop,"), "accounts.csv", 4, "type",
     "required field is missing"),
    ("missing subject of a mini-program", _replace("accounts", "shop,mini_program,acme", "shop,mini_program,"),
     "accounts.csv", 4, "subject", "required field is missing"),
    ("missing broadcast date", _replace("broadcasts", "news,2026-11-01", "news,"), "broadcasts.csv", 1, "date",
     "required field is missing"),
    ("missing ban start", _replace("bans", "li,2025-01-01", "li,"), "bans.csv", 1, "start", "required field is missing"),
    ("id with a bidi override", _replace("subjects", "li,individual", "l\u202ei,individual"), "subjects.csv", 2, "id",
     "invalid id"),
    ("blank id", _replace("subjects", "li,individual", "\u3000,individual"), "subjects.csv", 2, "id", "invalid id"),
    # the DuckDB engine asks a link end's id pattern only when no account has that id
    ("link end with a bidi override", _replace("links", "li,news,admin", "l\u202ei,news,admin"), "links.csv", 2,
     "source", "invalid id"),
    ("priority below 1", _replace("links", "mini_program,2,", "mini_program,0,"), "links.csv", 1, "priority",
     "must be at least 1, got 0"),
    ("articles below 1", _replace("broadcasts", "2026-11-01,3", "2026-11-01,0"), "broadcasts.csv", 1, "articles",
     "must be at least 1"),
    ("ban ends before it starts", _replace("bans", "2025-01-08", "2024-12-31"), "bans.csv", 1, "end",
     "ban ends (2024-12-31) before it starts (2025-01-01)"),
    ("unlinked before linked", _replace("links", "2026-01-01,,", "2026-01-01,2025-12-31,"), "links.csv", 1,
     "unlinked_on", "unlinked_on (2025-12-31) is before linked_on (2026-01-01)"),
    ("bad rule id in ignore", {**GOOD, "subjects": "id,kind,ignore\nacme,media,WX101;wx1\n"}, "subjects.csv", 1,
     "ignore", "invalid rule ID 'wx1'"),
    ("broadcast of no account", _replace("broadcasts", "news,2026", "ghost,2026"), "broadcasts.csv", 1, "account",
     "no account has id 'ghost'"),
    ("broadcast of a personal account", _replace("broadcasts", "news,2026", "li,2026"), "broadcasts.csv", 1, "account",
     "is a personal account, which cannot have broadcasts"),
    ("ban of an official account", _replace("bans", "li,2025", "news,2025"), "bans.csv", 1, "account",
     "is a subscription account, which cannot have bans"),
]


@pytest.mark.parametrize(("what", "given", "file", "row", "column", "words"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_table_names_its_file_row_and_column(tmp_path, capsys, what, given, file, row, column, words):
    root = write_csv(tmp_path / "set", given)
    found = problems_of(root)
    assert found, what
    p = next((p for p in found if words in p.message), None)
    assert p is not None, [x.message for x in found]
    assert (Path(p.file).name, p.row, p.field) == (file, row, column)
    if row is not None:
        assert p.pointer.startswith(f"/{file.split('.')[0]}/{row - 1}/{column}")
    where = f"{file} row {row} column {column}" if row else f"{file} column {column}"
    assert where in problem_line(str(root), p)
    assert p.text("zh") != p.message  # the Chinese exists
    assert main(["validate", str(root)]) == 2
    said = capsys.readouterr()
    shown = said.out + said.err
    assert where in shown and words in shown and "Traceback" not in shown


def test_a_bad_link_end_is_named_beside_the_other_problems_of_the_links(tmp_path, capsys):
    # the DuckDB engine leaves the ends' id pattern for later only when nothing else is wrong
    given = _replace("links", "li,news,admin", "l\u202ei,news,admin")
    given["links"] = given["links"].replace(",linked,", ",approved,", 1)
    root = write_csv(tmp_path / "set", given)
    assert main(["validate", str(root), "--engine", "duckdb"]) == 2
    said = capsys.readouterr()
    shown = said.out + said.err
    assert "links.csv row 2 column source" in shown and "invalid id" in shown
    assert "links.csv row 1 column status" in shown and "Traceback" not in shown


@pytest.mark.parametrize("case", [0, 2, 10, 25], ids=[BAD[i][0] for i in (0, 2, 10, 25)])
def test_convert_refuses_a_bad_table_set_and_writes_nothing(tmp_path, capsys, case):
    what, given, file, row, column, words = BAD[case]
    root = write_csv(tmp_path / "set", given)
    out = tmp_path / "doc.json"
    assert main(["convert", str(root), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert (f"{file} row {row} column {column}" if row else f"{file} column {column}") in err and words in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["set"]


def test_convert_reports_json_errors_with_format_json(tmp_path, capsys):
    root = write_csv(tmp_path / "set", _replace("links", "li,news,admin", "li,news,owner"))
    assert main(["convert", str(root), "-o", str(tmp_path / "d.json"), "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and report["errors"][0]["pointer"] == "/links/1/kind"


@pytest.mark.parametrize("engine", ["duckdb", "memory"])
def test_json_error_reports_name_the_tables_file_row_and_column(tmp_path, capsys, engine):
    """A machine reading the report finds the cell as a person does on standard error, and the
    report still matches its schema."""
    import jsonschema

    root = write_csv(tmp_path / "set", _replace("links", "li,news,admin", "li,news,owner"))
    assert main(["validate", str(root), "--engine", engine, "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    (error,) = report["errors"]
    assert (Path(error["file"]).name, error["row"], error["field"]) == ("links.csv", 2, "kind")
    schema = json.loads((Path(__file__).parents[2] / "schemas" / "report.schema.json").read_text("utf-8"))
    jsonschema.validate(report, schema)


def test_a_missing_required_table_is_named(tmp_path):
    root = write_csv(tmp_path / "set", {"subjects": SUBJECTS, "accounts": ACCOUNTS})
    (p,) = problems_of(root)
    assert "required table links is missing" in p.message and p.file.endswith("links")


def test_problems_are_capped_per_table(tmp_path):
    rows = "".join(f"s{i},startup\n" for i in range(CAP + 50))
    root = write_csv(tmp_path / "set", {**GOOD, "subjects": "id,kind\n" + rows})
    found = [p for p in problems_of(root) if p.file.endswith("subjects.csv")]
    assert len(found) == CAP + 1 and found[-1].message == "and 50 more problems in this table"
    assert [p.row for p in found[:3]] == [1, 2, 3]


def test_jsonl_cells_of_the_wrong_json_type(tmp_path):
    root = write_csv(tmp_path / "set", {k: v for k, v in GOOD.items() if k != "links"})
    lines = ['{"source": "news", "target": "shop", "kind": "mini_program", "priority": "2"}',
             '{"source": "li", "target": "news", "kind": "admin", "pinned": true}',
             '{"source": "news", "target": "shop", "kind": "mini_program", "ignore": ["WX101", 3]}',
             '["not", "an", "object"]',
             '{"source": "news", "target": "shop", "kind": "mini_program", "source": "x"}']
    (root / "links.jsonl").write_text("\n".join(lines) + "\n")
    found = problems_of(root)
    shown = {(p.row, p.field, p.message) for p in found}
    assert (4, None, "must be a JSON object") in shown
    assert (5, None, 'duplicate key "source"') in shown
    (root / "links.jsonl").write_text("\n".join(lines[:3]) + "\n")
    shown = {(p.row, p.field, p.pointer, p.message) for p in problems_of(root)}
    assert shown == {(1, "priority", "/links/0/priority", "must be an integer, got a string"),
                     (3, "ignore", "/links/2/ignore/1", "must be a string, got a number")}
    (root / "links.jsonl").write_text(lines[1] + "\n")
    (p,) = problems_of(root)
    assert (p.row, p.field, p.message) == (1, "pinned", "a row of kind admin has no pinned: leave it empty")


def test_parquet_columns_of_the_wrong_type_and_parquet_directories(tmp_path):
    root = write_csv(tmp_path / "set", {k: v for k, v in GOOD.items() if k != "links"})
    con = duckdb.connect()
    (root / "links").mkdir()
    for i, part in enumerate([("news", "shop", "mini_program"), ("li", "news", "admin"), ("li", "shop", "admin")]):
        con.execute(f"COPY (SELECT * FROM (VALUES {part}) t(source, target, kind)) "
                    f"TO '{root / 'links' / f'part-{i:05d}.parquet'}' (FORMAT parquet)")
    assert problems_of(root) == []
    con.execute(f"CREATE TABLE x AS SELECT * FROM read_parquet('{root / 'links' / '*.parquet'}')")
    staged = duckdb.connect()
    tables.stage_table_set(staged, root)
    assert staged.execute("SELECT row, source, target FROM raw_links ORDER BY row").fetchall() == [
        (0, "news", "shop"), (1, "li", "news"), (2, "li", "shop")]  # files in name order
    con.execute(f"COPY (SELECT 'news' AS source, 'shop' AS target, 'mini_program' AS kind, 'yes' AS pinned) "
                f"TO '{root / 'links' / 'part-00003.parquet'}' (FORMAT parquet)")
    (p,) = problems_of(root)
    assert p.field == "pinned" and "column pinned has type VARCHAR; expected BOOLEAN" in p.message


def test_the_header_file(tmp_path):
    root = write_csv(tmp_path / "set", GOOD)
    assert tables.read_header(root / "ecosystem.json") == (None, None)
    (root / "ecosystem.json").write_text('{"schema_version": 1, "as_of": "2026-03-01", "name": "x"}')
    assert str(tables.read_header(root / "ecosystem.json")[0]) == "2026-03-01"
    (root / "ecosystem.json").write_text('{"schema_version": 2, "as_of": "2026-02-30", "extra": 1}')
    with pytest.raises(DocumentError) as info:
        tables.read_header(root / "ecosystem.json")
    assert {p.pointer for p in info.value.problems} == {"/schema_version", "/as_of", "/extra"}
    assert all(p.line for p in info.value.problems)


def test_a_json_document_read_by_duckdb_gives_the_memory_engines_problems(tmp_path):
    bad = {"schema_version": 1, "accounts": [{"id": "a", "type": "personal", "phone_bound": "yes"},
                                              {"id": "b", "type": "subscription", "subject": "s", "bans": []}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, indent=2))
    with pytest.raises(DocumentError) as memory:
        topology.load(str(path))
    con = duckdb.connect()
    assert tables.stage_document(con, path) == memory.value.problems
    path.write_text('{"schema_version": 1, "links": [], "links": []}')
    with pytest.raises(DocumentError) as memory:
        topology.load(str(path))
    assert tables.stage_document(con, path) == memory.value.problems


def test_the_id_pattern_in_re2_agrees_with_the_model_on_every_character():
    from pydantic import TypeAdapter

    from topology.model import Id

    adapter = TypeAdapter(Id)
    chars = [chr(c) for c in range(1, 0x10000) if not 0xD800 <= c <= 0xDFFF]

    def model_ok(s: str) -> bool:
        try:
            adapter.validate_python(s)
            return True
        except Exception:  # noqa: BLE001 - pydantic's ValidationError
            return False

    con = duckdb.connect()
    got = [ok for (ok,) in con.execute("SELECT regexp_full_match(c, ?) FROM unnest(?) WITH ORDINALITY t(c, i) ORDER BY i",
                                       [ID_RE2, chars]).fetchall()]
    assert [c for c, ok in zip(chars, got) if ok != model_ok(c)] == []


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
          phases=[Phase.explicit, Phase.generate])
@given(documents())
def test_duckdbs_json_reader_stages_what_the_model_loads(tmp_path_factory, d):
    """The fast path is taken for a valid document (not the fallback) and stages the same rows."""
    path = tmp_path_factory.mktemp("doc") / "d.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    eco = topology.load(str(path))
    fast, slow = duckdb.connect(), duckdb.connect()
    try:
        stage.stage_rows(slow, stage.rows_of(eco), path.parent)
    except DocumentError:  # an integer beyond 64 bits: no table holds it
        assume(False)
    assert read_json_document(fast, path)
    for table in ("subjects", "accounts", "links", "broadcasts", "bans"):
        query = f"SELECT * FROM raw_{table} ORDER BY row"
        assert fast.execute(query).fetchall() == slow.execute(query).fetchall(), table
    assert fast.execute("SELECT * FROM raw_document").fetchall() == [(eco.as_of, eco.name)]
