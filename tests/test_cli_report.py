"""`wxtopo report`: exit codes as validate, nothing written on a document error, every sample works."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ROOT, SAMPLES, companion, ecosystem_files, wxtopo
from topology.cli import main


def _rows(page: str) -> int:
    return page.count('<tr class="finding')


@pytest.mark.parametrize("path", ecosystem_files(), ids=lambda p: p.relative_to(SAMPLES).as_posix())
def test_every_sample_gives_a_page_with_every_finding(path, tmp_path, capsys):
    out = tmp_path / "report.html"
    args = [str(path), "-o", str(out), "--no-diagram"]
    for kind, option in (("ruleset", "--ruleset"), ("suppressions", "--suppressions")):
        if companion(path, kind).exists():
            args += [option, str(companion(path, kind))]
    code = main(["report", *args])
    assert code in (0, 1)
    assert main(["validate", *[a for a in args if a not in ("-o", str(out), "--no-diagram")], "-f", "json"]) == code
    report = json.loads(capsys.readouterr().out)
    page = out.read_text(encoding="utf-8")
    assert _rows(page) == len(report["findings"])
    assert "http://" not in page and "https://" not in page and 'src="//' not in page


def test_exit_codes_follow_fail_on(tmp_path):
    out = tmp_path / "r.html"
    assert main(["report", str(SAMPLES / "bloom.json"), "-o", str(out), "--no-diagram"]) == 0  # info only
    assert main(["report", str(SAMPLES / "bloom.json"), "-o", str(out), "--no-diagram", "--fail-on", "info"]) == 1
    caps = str(SAMPLES / "broken" / "caps.json")
    assert main(["report", caps, "-o", str(out), "--no-diagram"]) == 1
    assert main(["report", caps, "-o", str(out), "--no-diagram", "--fail-on", "never"]) == 0
    assert 'data-verdict="pass"' in out.read_text(encoding="utf-8")


def test_a_document_error_writes_nothing_and_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "accounts": [{"id": "x", "type": "nope"}]}', encoding="utf-8")
    out = tmp_path / "r.html"
    result = wxtopo("report", str(bad), "-o", str(out))
    assert result.returncode == 2
    assert not out.exists() and result.stdout == b""
    err = result.stderr.decode()
    assert "bad.json:1:" in err and "Traceback" not in err


def test_a_document_error_speaks_the_pages_language(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nschema_version: 1\n", encoding="utf-8")
    result = wxtopo("report", str(bad), "-o", str(tmp_path / "r.html"), "--lang", "zh")
    assert result.returncode == 2 and "重复的键" in result.stderr.decode("utf-8")
    assert not (tmp_path / "r.html").exists()


def test_an_existing_page_is_kept_when_the_run_fails(tmp_path):
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    assert wxtopo("report", str(tmp_path / "missing.json"), "-o", str(out)).returncode == 2
    assert out.read_text(encoding="utf-8") == "old"


def test_it_never_overwrites_an_input(tmp_path):
    doc = tmp_path / "eco.json"
    original = (SAMPLES / "bloom.json").read_bytes()
    doc.write_bytes(original)
    result = wxtopo("report", str(doc), "-o", str(doc))
    assert result.returncode == 2, result.stderr
    assert b"would overwrite the input" in result.stderr and doc.read_bytes() == original


def test_usage_errors_exit_2(tmp_path):
    out = str(tmp_path / "r.html")
    bloom = str(SAMPLES / "bloom.json")
    assert wxtopo("report", bloom, bloom, bloom, "-o", out).returncode == 2
    assert wxtopo("report", bloom, "-o", out, "--max-accounts", "0").returncode == 2
    assert wxtopo("report", bloom, "-o", out, "--select", "WX999x").returncode == 2
    result = wxtopo("report", bloom, bloom, "-o", out, "--with-headroom")
    assert result.returncode == 2 and b"--with-headroom" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_with_headroom_the_page_carries_each_accounts_caps(tmp_path):
    out = tmp_path / "r.html"
    main(["report", str(SAMPLES / "broken" / "caps.json"), "-o", str(out), "--no-diagram", "--with-headroom"])
    page = out.read_text(encoding="utf-8")
    data = json.loads(page.split('id="report-data">', 1)[1].split("</script>", 1)[0])
    assert data["headroom"] is True
    assert any(row[7] and row[7][0][0] in ("officials", "same_subject", "cross_subject") for row in data["accounts"])


def test_the_diff_page_exits_as_diff_does(tmp_path):
    out = tmp_path / "d.html"
    old, new = (str(SAMPLES / "diff" / n) for n in ("before.json", "after.json"))
    code = main(["report", old, new, "-o", str(out), "--no-diagram"])
    assert code == wxtopo("diff", old, new).returncode
    page = out.read_text(encoding="utf-8")
    assert 'id="diff"' in page and 'data-change="introduced"' in page


def test_the_same_run_writes_the_same_bytes(tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    caps = str(SAMPLES / "broken" / "caps.json")
    main(["report", caps, "-o", str(a), "--lang", "zh", "--with-headroom"])
    main(["report", caps, "-o", str(b), "--lang", "zh", "--with-headroom"])
    assert a.read_bytes() == b.read_bytes()
    assert ROOT.name  # run from anywhere: paths are given whole
