"""Output that is safe to print: whatever ids, names, keys and file names hold, no control
character reaches a terminal from any command, and output is UTF-8 whatever the locale.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from tests.formats import run_cli
from tests.helpers import OBEYED, SAMPLES, account, doc, link, subject, wxtopo

NASTY = "\x1b]0;pwned\x07\x1b[2J\u202egnp.exe\x9b31m\r"


def hostile_doc() -> dict:
    """Control characters wherever a document may hold them: names and notes (ids may not)."""
    return doc(name=f"eco {NASTY}", as_of="2026-11-25",
               subjects=[subject("me", "individual", name=NASTY), subject("co", name=NASTY)],
               accounts=[account("care", "service", subject="me", name=NASTY),
                         account("news", "subscription", subject="co", name=NASTY),
                         *[account(f"m{i}", "mini_program", subject="me", name=NASTY) for i in range(5)]],
               links=[link("mini_program", "news", f"m{i}") for i in range(5)])


@pytest.fixture
def paths(tmp_path):
    eco = tmp_path / "eco.json"
    eco.write_text(json.dumps(hostile_doc()), encoding="utf-8")
    badkey = tmp_path / "badkey.json"
    badkey.write_text(json.dumps({"schema_version": 1, "accounts": [
        {"id": "a", "type": "personal", f"key\n{NASTY}": 1, NASTY: 2}]}), encoding="utf-8")
    named = tmp_path / f"file {NASTY}.json"
    named.write_text(json.dumps(hostile_doc()), encoding="utf-8")
    changes = tmp_path / "c.json"
    changes.write_text(json.dumps({"schema_version": 1, "changes": [
        {"op": "link", "source": "care", "target": "m1", "note": NASTY}]}), encoding="utf-8")
    rs = tmp_path / "rs.json"
    rs.write_text(json.dumps({"name": NASTY, "description": NASTY, "parameters": {
        "max_accounts_per_admin": {"value": 3, "source": {"title": NASTY}, "confidence": "unverified", "note": NASTY},
        NASTY: 1}}), encoding="utf-8")
    good_rs = tmp_path / "good-rs.json"
    good_rs.write_text(json.dumps({"name": NASTY, "description": NASTY, "parameters": {
        "max_accounts_per_admin": {"value": 3, "source": {"title": NASTY}, "confidence": "unverified",
                                   "note": NASTY}}}), encoding="utf-8")
    return {"eco": str(eco), "badkey": str(badkey), "named": str(named), "changes": str(changes), "rs": str(rs),
            "good_rs": str(good_rs)}


COMMANDS = [
    ["validate", "{eco}"], ["validate", "{eco}", "--lang", "zh"], ["validate", "{badkey}"],
    ["validate", "{named}"], ["validate", "{named}", "--format", "markdown"], ["validate", "{named}", "--format", "github"],
    ["validate", "{eco}", "--format", "json"], ["validate", "{badkey}", "--format", "json"],
    ["validate", "{eco}", "--set", f"max_accounts_per_admin={NASTY}"], ["validate", "{eco}", "--set", f"{NASTY}=1"],
    ["validate", "{eco}", "--select", NASTY], ["validate", "{eco}", "--ruleset", "{rs}"],
    ["validate", "{eco}", "--ruleset", NASTY], ["validate", f"missing {NASTY}.json"],
    ["headroom", "{eco}"], ["headroom", "{named}", "--format", "markdown"], ["headroom", "{badkey}"],
    ["repair", "{eco}"], ["diff", "{eco}", "{named}"], ["diff", "{eco}", "{named}", "--format", "markdown"],
    ["plan", "{eco}", "--changes", "{changes}"], ["plan", "{badkey}", "--changes", "{changes}"],
    ["render", "{badkey}", "-o", "x.dot"], ["render", "{eco}", "--format", "mmd", "-o", "-"],
    ["rules", NASTY], ["rules", "--ruleset", "{good_rs}"], ["ruleset", "show", "{good_rs}"],
    ["ruleset", "show", "{good_rs}", "--format", "markdown"], ["ruleset", "show", "{rs}"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a).encode("unicode_escape").decode()[:60])
def test_no_command_prints_a_control_character(paths, tmp_path, argv):
    args = [a.format(**paths) if "{" in a and "}" in a and not a.startswith("max_") else a for a in argv]
    args = [str(tmp_path / a) if a == "x.dot" else a for a in args]
    code, out, err = run_cli(args)
    assert code in (0, 1, 2)
    for stream in (out, err):
        text = stream.decode("utf-8")
        assert not OBEYED.search(text), OBEYED.search(text)
    assert b"Traceback" not in err


@pytest.mark.parametrize(("argv", "shown"), [
    (["validate", "{badkey}"], "/accounts/0/key\\n\\x1b]0;pwned\\x07\\x1b[2J\\u202egnp.exe\\x9b31m\\r: unknown field"),
    (["validate", "{named}"], "file \\x1b]0;pwned\\x07"),
    (["headroom", "{named}"], "file \\x1b]0;pwned\\x07"),
    (["ruleset", "show", "{good_rs}"], "\\x1b]0;pwned\\x07\\x1b[2J\\u202egnp.exe"),
])
def test_control_characters_are_shown_escaped_not_dropped(paths, argv, shown):
    _, out, err = run_cli([a.format(**paths) for a in argv])
    assert shown in (out + err).decode("utf-8")


def test_colour_keeps_only_wxtopos_own_codes(paths):
    code, out, _ = run_cli(["validate", paths["named"], "--color", "always"])
    text = out.decode("utf-8")
    assert code == 1
    assert re.findall(r"\x1b\[[0-9;]*m", text)  # coloured
    assert set(re.findall(r"\x1b[^\[]|\x1b\[[0-9;]*[^0-9;m]", text)) == set()  # and nothing else
    assert "\\x1b]0;pwned\\x07" in text


def test_a_key_with_a_newline_cannot_forge_a_second_error_line(paths):
    code, out, _ = run_cli(["validate", paths["badkey"]])
    lines = out.decode("utf-8").splitlines()
    assert code == 2 and len(lines) == 3  # the header and exactly two problems
    assert all(line.startswith(paths["badkey"] + ":") for line in lines[1:])


def test_json_output_escapes_what_a_terminal_would_obey_and_keeps_the_data(paths):
    code, out, _ = run_cli(["validate", paths["eco"], "--format", "json"])
    assert code == 1
    assert not OBEYED.search(out.decode("utf-8"))
    report = json.loads(out)
    assert report["document"] == paths["eco"]


# -- UTF-8 always ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [
    ["rules", "WX103"], ["rules", "WX103", "--lang", "zh"], ["validate", "samples/mother-baby.json", "--lang", "zh"],
    ["repair", "samples/broken/caps.json"], ["plan", "samples/mother-baby.json", "--changes",
                                               "samples/plans/mother-baby.changes.json"],
    ["diff", "samples/diff/old.json", "samples/diff/new.json"], ["ruleset", "show", "wechat-2025"],
    ["headroom", "samples/broken/caps.json", "--lang", "zh"],
])
def test_output_is_utf8_whatever_the_locale_says(argv):
    if argv[0] == "diff" and not (SAMPLES / "diff" / "old.json").exists():
        argv = ["diff", "samples/broken/caps.json", "samples/bloom.json"]
    result = wxtopo(*argv, env={"PYTHONIOENCODING": "cp1252", "LC_ALL": "C"})
    assert result.returncode in (0, 1), result.stderr
    assert b"Traceback" not in result.stderr
    result.stdout.decode("utf-8")  # strict: it is UTF-8
    assert any(ord(c) > 127 for c in result.stdout.decode("utf-8"))  # and not reduced to ASCII


# -- file names that are not UTF-8 ---------------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "markdown", "github", "junit"])
def test_a_file_name_that_is_not_utf8_is_shown_with_replacement_characters(tmp_path, fmt):
    name = os.path.join(os.fsencode(tmp_path), b"\xff\xfe.json")
    with open(name, "wb") as fh:
        fh.write((SAMPLES / "bloom.json").read_bytes())
    out_file = os.path.join(os.fsencode(tmp_path), b"report-\xff.out")
    code, out, err = run_cli(["validate", os.fsdecode(name), "--format", fmt])
    assert code == 0, err
    assert "\ufffd\ufffd.json" in out.decode("utf-8") or "%EF%BF%BD%EF%BF%BD.json" in out.decode("utf-8")
    code, out, err = run_cli(["validate", os.fsdecode(name), "--format", fmt, "-o", os.fsdecode(out_file)])
    assert code == 0 and out == b"", err
    with open(out_file, "rb") as fh:
        fh.read().decode("utf-8")
