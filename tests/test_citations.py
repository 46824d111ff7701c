"""Docs that ship: what the project ships cites only what it ships.

A user reading a rule page, ``wxtopo ruleset show`` or a ruleset file has the repository or the
wheel, nothing beside it: a citation of a file outside it (the specification folder the project
was written from) is a dead end. Every source a ruleset cites is described in docs/sources.md;
the getting-started pages use only commands that exist.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import ROOT, wxtopo
from topology.provenance import ruleset_markdown, ruleset_text
from topology.ruleset import builtin_names, load_ruleset

SHIPPED = [ROOT / "topology", ROOT / "docs", ROOT / "README.md", ROOT / "samples", ROOT / "schemas"]
SOURCES = ROOT / "docs" / "sources.md"
#: files of the specification the project was written from, which it does not ship
OUTSIDE_NAMES = re.compile(r"\b(?:SOURCES|SPEC|RULES|DESIGN)\.md\b|\bSPEC\b|(?<![\w./-])shared/[^\s`'\")\]<>|,;]*")
#: a relative path climbing out of its folder: ``../x``, ``../../y``
CLIMB = re.compile(r"(?:\.\./)+[^\s`'\")\]<>|,;]*")
ANCHOR = re.compile(r'<a id="([a-z0-9-]+)"></a>')


def outside_references(text: str, folder: Path) -> list[str]:
    """The references in ``text`` (a file in ``folder``) to something outside the repository. A
    climbing path is inside when it resolves inside from ``folder``, or when what it climbs to is a
    file of the repository (code writes links for pages elsewhere: ``../../README.md`` for
    docs/rules/, ``../schemas/...`` in an example of a file under samples/)."""
    found = [m.group(0) for m in OUTSIDE_NAMES.finditer(text)]
    for m in CLIMB.finditer(text):
        rest = m.group(0).replace("../", "").split("#")[0]
        if not (folder / m.group(0)).resolve().is_relative_to(ROOT) and not (rest and (ROOT / rest).exists()):
            found.append(m.group(0))
    return found


def shipped_files() -> list[Path]:
    out = []
    for top in SHIPPED:
        for path in [top] if top.is_file() else sorted(top.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".png", ".pyc"):
                out.append(path)
    return out


def test_the_finder_sees_each_kind_of_outside_reference():
    folder = ROOT / "docs" / "rules"
    assert outside_references("see SOURCES.md and RULES.md § WX1xx", folder) == ["SOURCES.md", "RULES.md"]
    assert outside_references("the document (SPEC §1)", folder) == ["SPEC"]
    assert outside_references("(`shared/seed/000.txt`)", folder) == ["shared/seed/000.txt"]
    assert outside_references("[x](../../../shared/spec/SPEC.md)", folder) != []
    assert outside_references("[README](../../README.md#rules) and docs/sources.md#seed", folder) == []
    assert outside_references('"$schema": "../../schemas/ruleset.schema.json"', ROOT / "topology" / "rulesets") == []


def test_shipped_files_cite_nothing_outside_the_repository():
    files = shipped_files()
    assert len(files) > 50  # the rule pages alone are 36
    bad = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if found := outside_references(text, path.parent):
            bad[str(path.relative_to(ROOT))] = sorted(set(found))
    assert bad == {}


@pytest.mark.parametrize("name", builtin_names())
def test_ruleset_show_cites_nothing_outside_the_repository(name):
    rs = load_ruleset(name)
    for text in (ruleset_text(rs), ruleset_text(rs, "zh"), ruleset_markdown(rs)):
        assert outside_references(text, ROOT) == []


def _sources(name: str) -> list[dict]:
    """Every source a built-in ruleset file cites: each parameter's and each era's."""
    raw = json.loads((ROOT / "topology" / "rulesets" / f"{name}.json").read_text(encoding="utf-8"))
    out = []
    for p in raw["parameters"].values():
        out.append(p["source"])
        out += [era["source"] for era in p.get("history", []) if "source" in era]
    return out


def _entries() -> dict[str, str]:
    """docs/sources.md: anchor → the text of its entry (up to the next anchor or heading of a part)."""
    text = SOURCES.read_text(encoding="utf-8")
    marks = list(ANCHOR.finditer(text))
    return {m.group(1): text[m.end():(marks[i + 1].start() if i + 1 < len(marks) else len(text))]
            for i, m in enumerate(marks)}


def test_each_entry_of_sources_md_has_a_title_a_retrieval_date_and_what_it_supports():
    entries = _entries()
    assert len(entries) >= 15
    for anchor, body in entries.items():
        assert re.search(r"^### \S", body, re.M), anchor
        assert re.search(r"\*\*Retrieved\*\*: \d{4}-\d{2}-\d{2}", body), anchor
        assert "**Supports**" in body, anchor


@pytest.mark.parametrize("name", builtin_names())
def test_every_source_a_ruleset_cites_has_an_entry_in_sources_md(name):
    """A source's id is its anchor in docs/sources.md (``path``: ``docs/sources.md#id``) or, for a
    source with a link, that link, which the entry gives."""
    entries = _entries()
    missing = []
    for source in _sources(name):
        path = source.get("path") or ""
        if path.startswith("docs/sources.md#"):
            if path.removeprefix("docs/sources.md#") not in entries:
                missing.append(path)
        elif not source.get("url") or not any(source["url"] in body for body in entries.values()):
            missing.append(source.get("url") or source["title"])
    assert missing == []


def test_the_seed_is_cited_by_its_title_and_what_it_is():
    body = _entries()["seed"]
    assert "微信账号体系" in body and "explainer of WeChat's account types" in body and "Chinese" in body
    for source in _sources("seed"):
        assert source["path"] == "docs/sources.md#seed" and "微信账号体系" in source["title"]


def test_generated_pages_link_their_sources():
    """docs/rulesets/*.md link each documented source; every rule page quoting the seed links its entry."""
    for name in builtin_names():
        page = (ROOT / "docs" / "rulesets" / f"{name}.md").read_text(encoding="utf-8")
        for anchor in {s["path"].split("#")[1] for s in _sources(name) if s.get("path", "").startswith("docs/")}:
            assert f"](../sources.md#{anchor})" in page, (name, anchor)
    quoting = [p for p in sorted((ROOT / "docs" / "rules").glob("WX*.md")) if "\n> " in p.read_text(encoding="utf-8")]
    assert len(quoting) > 20
    assert all("](../sources.md#seed)" in p.read_text(encoding="utf-8") for p in quoting)


# -- getting started ----------------------------------------------------------------------------------
GUIDES = [ROOT / "docs" / "getting-started.md", ROOT / "docs" / "getting-started.zh.md"]
CALL = re.compile(r"(?:^|[\s/;&|(])wxtopo((?:[ \t]+[^\s#;&|]+)*)")


def _invocations(path: Path) -> list[list[str]]:
    """The words after ``wxtopo`` in each call in the page's code blocks (sh and the CI yaml)."""
    blocks = re.findall(r"^```(?:sh|yaml)\n(.*?)^```", path.read_text(encoding="utf-8"), re.M | re.S)
    calls = []
    for block in blocks:
        for line in block.splitlines():
            line = re.sub(r"(^|\s)#.*", "", line)  # a comment is no call
            calls += [m.group(1).split() for m in CALL.finditer(line) if m.group(1).strip()]
    return calls


def _subcommands() -> set[str]:
    out = wxtopo("--help")
    assert out.returncode == 0
    return set(re.findall(r"^    ([a-z]+)  ", out.stdout.decode(), re.M))


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_every_command_of_the_getting_started_page_exists(guide):
    commands = _subcommands()
    assert {"validate", "render", "rules"} <= commands
    calls = _invocations(guide)
    used = {c[0] for c in calls if not c[0].startswith("-")}
    assert {"init", "validate", "render", "report", "rules"} <= used  # the walk covers these
    assert used - commands == set()
    for sub in sorted(used):  # and every option given to it
        text = wxtopo(sub, "--help").stdout.decode()
        options = {w for c in calls if c[0] == sub for w in c[1:] if w.startswith("--")}
        assert {o for o in options if not re.search(rf"(?<![\w-]){re.escape(o)}\b", text)} == set(), sub


def test_both_getting_started_pages_walk_the_same_commands():
    en, zh = ([c[0] + " " + " ".join(w for w in c[1:] if w.startswith("-")) for c in _invocations(p)] for p in GUIDES)
    assert en == zh


# -- the changelog ------------------------------------------------------------------------------------
def test_the_changelog_keeps_a_changelog():
    """Keep a Changelog: an Unreleased section first, then released versions newest first, each with
    its date; only the standard kinds of change under them."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[([^\]]+)\](.*)$", text, re.M)
    assert versions and versions[0][0] == "Unreleased"
    for name, rest in versions[1:]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", name) and re.fullmatch(r" - \d{4}-\d{2}-\d{2}", rest), name
    kinds = set(re.findall(r"^### (.+)$", text, re.M))
    assert kinds and kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
