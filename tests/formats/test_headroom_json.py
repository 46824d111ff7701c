"""`headroom --format json`: a schema_version and schemas/headroom.schema.json, as the report has."""

import json

import jsonschema

from tests.formats import CAPS, UNREADABLE, run_cli
from tests.helpers import ROOT
from topology.schema import schema_text


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads((ROOT / "schemas" / "headroom.schema.json").read_text("utf-8")))


def _headroom(*args: str) -> tuple[int, dict]:
    code, out, err = run_cli(["headroom", *args, "--format", "json"])
    assert err == b"", err
    return code, json.loads(out)


def test_real_headroom_output_validates_against_its_schema():
    validator = _validator()
    for args in ([CAPS], [CAPS, "--account", "xianguo-service"], ["samples/bloom.json"],
                 [CAPS, "--set", "max_officials_per_mini_program=null"]):
        code, data = _headroom(*args)
        assert code == 0 and data["schema_version"] == 1
        assert list(validator.iter_errors(data)) == [], args
    # the cap that is off: limit and free null, which the schema allows
    assert any(r["limit"] is None and r["free"] is None for r in data["rows"])


def test_an_unreadable_document_gives_the_error_report_the_schema_allows():
    code, data = _headroom(UNREADABLE)
    assert code == 2 and data["valid"] is False and data["errors"]
    assert list(_validator().iter_errors(data)) == []


def test_the_schema_refuses_what_headroom_never_writes():
    _, data = _headroom(CAPS)
    validator = _validator()
    for broken in ({**data, "schema_version": 2}, {**data, "rows": [{**data["rows"][0], "cap": "everything"}]},
                   {**data, "rows": [{k: v for k, v in data["rows"][0].items() if k != "free"}]},
                   {k: v for k, v in data.items() if k != "schema_version"}):
        assert list(validator.iter_errors(broken))


def test_the_schema_command_prints_the_checked_in_schema():
    code, out, err = run_cli(["schema", "headroom"])
    assert (code, err) == (0, b"")
    assert out.decode() == schema_text("headroom") == (ROOT / "schemas" / "headroom.schema.json").read_text("utf-8")
