"""--format sarif: a SARIF 2.1.0 log that validates, locates findings and keeps fingerprints."""

import json

import pytest

import topology
from tests.helpers import ROOT, SAMPLES, account, broken_documents, companion, doc, link, shared_file, subject, wxtopo
from topology.formats import FORMATS, render
from topology.rules import all_rules

DOCUMENTS = [p.relative_to(ROOT).as_posix() for p in [*sorted(SAMPLES.glob("*.json")), *broken_documents()]]


def _report(path: str) -> topology.Report:
    extra = {kind: str(companion(ROOT / path, kind)) for kind in ("baseline", "ruleset", "suppressions")
             if companion(ROOT / path, kind).exists()}
    return topology.validate(topology.load(path), document=path, **extra)


def _sarif(reports) -> dict:
    return json.loads(render(reports, "sarif"))


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    shipped = (ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")  # OASIS SARIF 2.1.0
    vendor = shared_file("vendor-schemas", "sarif-schema-2.1.0.json")
    if vendor is not None:
        assert json.loads(vendor.read_text(encoding="utf-8")) == json.loads(shipped)
    schema = json.loads(shipped)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _eco(tmp_path, name="eco.json", above: int = 0) -> str:
    d = doc(as_of="2026-11-25", subjects=[subject("me", "individual"), subject("acme")],
            accounts=[account("care", "service", subject="me", features=["wechat_pay"]),
                      account("news", "subscription", subject="acme")],
            links=[link("admin", "li", "news")])
    path = tmp_path / name
    path.write_text("\n" * above + json.dumps(d, indent=2, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_sarif_is_a_format():
    assert "sarif" in FORMATS


@pytest.mark.parametrize("path", DOCUMENTS)
def test_every_sample_validates_against_the_schema(path, validator):
    report = _report(path)
    log = _sarif([report])
    validator.validate(log)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert [r["ruleId"] for r in run["results"]] == [f.rule for f in report.findings]
    for result in run["results"]:
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == path
        assert "region" in loc


def test_one_run_for_all_documents_and_the_rules_from_the_registry(validator):
    reports = [_report(p) for p in DOCUMENTS]
    log = _sarif(reports)
    validator.validate(log)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "wxtopo" and driver["version"] == topology.__version__
    assert "informationUri" not in driver
    rules = all_rules()
    assert [r["id"] for r in driver["rules"]] == [r.id for r in rules]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor, rule in zip(driver["rules"], rules):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.title["en"]
        assert descriptor["fullDescription"]["text"] == rule.summary
        assert rule.seed in descriptor["help"]["markdown"]
        assert rule.fix["en"] in descriptor["help"]["markdown"] and rule.fix["en"] in descriptor["help"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == levels[rule.severity]
    assert len(run["results"]) == sum(len(r.findings) for r in reports)
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert {r["level"] for r in run["results"]} == {"error", "warning", "note"}


def test_regions_match_the_text_report_and_the_file(tmp_path):
    path = _eco(tmp_path)
    report = topology.validate(topology.load(path))
    text_lines = render([report], "text").splitlines()
    lines = (tmp_path / "eco.json").read_text(encoding="utf-8").split("\n")
    results = _sarif([report])["runs"][0]["results"]
    assert results
    for f, result in zip(report.findings, results):
        region = result["locations"][0]["physicalLocation"]["region"]
        line, col = region["startLine"], region["startColumn"]
        assert any(t.startswith(f"  {path}:{line}:{col} ") and f.rule in t for t in text_lines)
        assert lines[line - 1][col - 1] in '{["'
        assert result["properties"]["pointer"] == f.pointer
        assert result["properties"]["account"] == f.account
        assert result["properties"]["related"] == list(f.related)


def test_columns_count_characters_not_bytes(tmp_path):
    d = doc(as_of="2026-11-25", subjects=[{"id": "me", "kind": "individual", "name": "周敏"}],
            accounts=[account("care", "service", subject="me")])
    path = tmp_path / "zh.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")  # 周敏 precedes the account
    report = topology.validate(topology.load(str(path)))
    text = path.read_text(encoding="utf-8")
    for result in _sarif([report])["runs"][0]["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == 1
        assert text[region["startColumn"] - 1] in '{["'
        assert len(text[: region["startColumn"]].encode("utf-8")) > region["startColumn"]


def test_yaml_input_gives_regions(tmp_path):
    yaml_text = (
        "schema_version: 1\n"
        "as_of: 2026-11-25\n"
        "subjects:\n"
        "  - {id: me, kind: individual}\n"
        "accounts:\n"
        "  - id: care\n"
        "    type: service\n"
        "    subject: me\n"
    )
    path = tmp_path / "eco.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    report = topology.validate(topology.load(str(path)))
    results = _sarif([report])["runs"][0]["results"]
    assert results
    for result in results:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == 6  # the account's "- id: care" entry
        assert region["startColumn"] in (3, 5)


def test_fingerprints_survive_inserted_lines(tmp_path):
    before = topology.validate(topology.load(_eco(tmp_path, "a.json")))
    after = topology.validate(topology.load(_eco(tmp_path, "b.json", above=3)))
    one, two = (_sarif([r])["runs"][0]["results"] for r in (before, after))
    assert [r["ruleId"] for r in one] == [r["ruleId"] for r in two]
    assert [r["partialFingerprints"] for r in one] == [r["partialFingerprints"] for r in two]
    assert all(len(r["partialFingerprints"]["wxtopo/v1"].split(":")[0]) == 64 for r in one)
    lines = [[r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in rs] for rs in (one, two)]
    assert [a + 3 for a in lines[0]] == lines[1]


def _over_cap(officials: int) -> dict:
    return doc(subjects=[subject("acme")],
               accounts=[account("mp", "mini_program", subject="acme"),
                         *[account(f"oa{i:02}", "service", subject="acme") for i in range(officials)]],
               links=[link("mini_program", f"oa{i:02}", "mp") for i in range(officials)])


def test_fingerprint_follows_rule_and_account_not_related_ids():
    """An over-cap mini-program stays one tracked alert when one more official links it."""
    one, two = (_sarif([topology.validate(topology.load(_over_cap(n)), select=["WX101"])])["runs"][0]["results"]
                for n in (51, 52))
    assert len(one) == len(two) == 1
    assert one[0]["properties"]["related"] != two[0]["properties"]["related"]
    assert one[0]["partialFingerprints"] == two[0]["partialFingerprints"]
    other = _sarif([topology.validate(topology.load(_over_cap(51)), select=["WX101"], as_of="2026-01-01")])
    assert other["runs"][0]["results"][0]["partialFingerprints"] == one[0]["partialFingerprints"]


def test_findings_sharing_rule_and_account_get_distinct_fingerprints():
    d = doc(subjects=[subject("acme")], accounts=[account("oa", "service", subject="acme")],
            links=[link("mini_program", "oa", "gone"), link("mini_program", "oa", "lost")])
    results = _sarif([topology.validate(topology.load(d), select=["WX001"])])["runs"][0]["results"]
    prints = [r["partialFingerprints"]["wxtopo/v1"] for r in results]
    assert len(prints) == 2 and len(set(prints)) == 2
    assert prints[1] == prints[0] + ":2"


def test_document_error_is_a_notification(tmp_path, validator):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1,\n "accounts": [}\n', encoding="utf-8")
    good = _eco(tmp_path)
    result = wxtopo("validate", str(bad), good, "--format", "sarif")
    assert result.returncode == 2, result.stderr
    log = json.loads(result.stdout)
    validator.validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert notes and all(n["level"] == "error" and n["message"]["text"] for n in notes)
    where = notes[0]["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"].endswith("/bad.json")
    assert where["region"]["startLine"] == 2
    assert log["runs"][0]["results"]  # the readable document's findings are still there


def test_stdin_and_relative_uris():
    bloom = (SAMPLES / "bloom.json").read_bytes()
    result = wxtopo("validate", "-", "samples/broken/caps.json", "--format", "sarif", input=bloom)
    assert result.returncode == 1, result.stderr
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(result.stdout)["runs"][0]["results"]}
    assert "samples/broken/caps.json" in uris
    assert uris <= {"stdin", "samples/broken/caps.json"}


def test_output_is_deterministic():
    first = wxtopo("validate", "samples/broken/personal.json", "samples/bloom.json", "--format", "sarif")
    second = wxtopo("validate", "samples/broken/personal.json", "samples/bloom.json", "--format", "sarif")
    assert first.stdout == second.stdout
    reports = [_report("samples/broken/personal.json"), _report("samples/bloom.json")]
    assert render(reports, "sarif") == first.stdout.decode("utf-8")
    assert render(reports, "sarif").endswith("}\n")


def test_no_help_uri_unless_the_repository_is_configured(monkeypatch):
    monkeypatch.delenv("WXTOPO_RULE_DOCS", raising=False)
    from topology.formats import sarif

    monkeypatch.setattr(sarif, "rule_docs_base", lambda: None)
    rules = _sarif([_report("samples/bloom.json")])["runs"][0]["tool"]["driver"]["rules"]
    assert all("helpUri" not in r for r in rules)


def test_help_uri_points_at_the_rule_page(monkeypatch, validator):
    monkeypatch.setenv("WXTOPO_RULE_DOCS", "https://example.org/wxtopo/docs/rules/")
    log = _sarif([_report("samples/broken/caps.json")])
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["helpUri"] for r in rules] == [f"https://example.org/wxtopo/docs/rules/{r['id']}.md" for r in rules]
    assert all((ROOT / "docs" / "rules" / f"{r['id']}.md").exists() for r in rules)  # the page it names exists
    assert list(validator.iter_errors(log)) == []


def test_repository_url_from_the_package_metadata(monkeypatch):
    """pyproject's [project.urls] Repository configures the link once for every user."""
    from importlib import metadata

    from topology.formats import sarif

    monkeypatch.delenv("WXTOPO_RULE_DOCS", raising=False)

    class Meta:
        def __init__(self, urls):
            self.urls = urls

        def get_all(self, key):
            return self.urls if key == "Project-URL" else None

    for urls, expected in [
        (["Homepage, https://wxtopo.example", "Repository, https://github.com/acme/wxtopo.git"],
         "https://github.com/acme/wxtopo/blob/HEAD/docs/rules"),
        (["Homepage, https://wxtopo.example"], None),
        (["Source, file:///tmp/x"], None),
    ]:
        monkeypatch.setattr(metadata, "metadata", lambda name, urls=urls: Meta(urls))
        assert sarif.rule_docs_base() == expected
