"""Small builders so tests read like the rule catalogue."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import topology

ROOT = Path(__file__).resolve().parent.parent
#: what a terminal would obey, were it printed raw: C0 but line feed and tab, DEL, C1, line
#: separators, bidi controls (written out here, not taken from topology.sanitize: an oracle)
OBEYED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
SAMPLES = ROOT / "samples"
#: the project's shared specification folder, beside a development checkout; WXTOPO_TEST_SHARED
#: points elsewhere (a missing folder emulates a fresh clone, which has none)
SHARED = Path(os.environ.get("WXTOPO_TEST_SHARED") or ROOT.parent / "shared")
BROKEN = SAMPLES / "broken"

#: samples/broken/NAME.KIND.json files that go with NAME.json, and the option passing each
COMPANIONS = {"expected": None, "baseline": "--previous", "ruleset": "--ruleset", "suppressions": "--suppressions"}
_NOT_ECOSYSTEMS = (".expected.json", ".ruleset.json", ".suppressions.json", ".changes.json")


def companion(doc: Path, kind: str) -> Path:
    """``samples/broken/NAME.json`` → ``samples/broken/NAME.KIND.json``."""
    return doc.with_name(doc.name.removesuffix(".json") + f".{kind}.json")


def is_companion(path: Path) -> bool:
    return any(path.name.endswith(f".{kind}.json") for kind in COMPANIONS)


def broken_documents() -> list[Path]:
    """The broken sample documents (not their expected reports, baselines, rulesets or suppressions)."""
    return sorted(p for p in BROKEN.glob("*.json") if not is_companion(p))


def ecosystem_files() -> list[Path]:
    """Every ecosystem document under samples/: the clean and broken ones and the baselines."""
    return sorted(p for p in SAMPLES.glob("**/*.json") if not p.name.endswith(_NOT_ECOSYSTEMS))


def sample_arguments(doc: Path, *more: str) -> list[str]:
    """``validate DOC --format json`` plus an option per companion file present (paths relative to ROOT)."""
    args = ["validate", doc.relative_to(ROOT).as_posix(), *more]
    for kind, option in COMPANIONS.items():
        if option and companion(doc, kind).exists():
            args += [option, companion(doc, kind).relative_to(ROOT).as_posix()]
    return args


def doc(*, subjects=(), accounts=(), links=(), **top: Any) -> dict:
    """A complete ecosystem document."""
    out: dict[str, Any] = {"schema_version": 1}
    out.update(top)
    out["subjects"] = list(subjects)
    out["accounts"] = list(accounts)
    out["links"] = list(links)
    return out


def subject(id: str, kind: str = "enterprise", **kw: Any) -> dict:
    return {"id": id, "kind": kind, **kw}


def account(id: str, type: str, **kw: Any) -> dict:
    return {"id": id, "type": type, **kw}


def link(kind: str, source: str, target: str, **kw: Any) -> dict:
    return {"kind": kind, "source": source, "target": target, **kw}


def run(document: dict, **options: Any) -> topology.Report:
    """Validate a document given as a dict (options as for topology.validate)."""
    return topology.validate(topology.load(document), **options)


def example_report(rule: Any, lang: str = "en") -> topology.Report:
    """Validate a rule's failing example as its page shows it: with its ``--set`` values, its
    baseline and its suppressions file; only the rule runs (and the rules its suppressions name,
    since entries of rules that did not run are never stale)."""
    baseline = topology.load(rule.example_baseline) if rule.example_baseline is not None else None
    entries = (rule.example_suppressions or {}).get("suppressions", [])
    return topology.validate(topology.load(rule.example), overrides=rule.example_set or None, baseline=baseline,
                             suppressions=rule.example_suppressions, lang=lang,
                             select=[rule.id, *sorted({e["rule"] for e in entries})])


def findings(document: dict, rule: str, **options: Any) -> list[topology.Finding]:
    """The findings of one rule only (the rule is selected, others do not run)."""
    return run(document, select=[rule], **options).findings


def compact(f: topology.Finding) -> dict:
    """The parts of a finding that tests compare (no message text)."""
    out = {"account": f.account, "related": list(f.related), "pointer": f.pointer, "severity": f.severity}
    if f.observed is not None:
        out["observed"] = f.observed
        out["limit"] = f.limit
    if f.subject is not None:
        out["subject"] = f.subject
    return out


def normalise(text: str) -> str:
    """Drop whitespace and every Unicode punctuation character (“”、，。()（）:— …): a quote of the
    seed text matches whatever punctuation width it was typed with."""
    return "".join(c for c in text if not c.isspace() and not unicodedata.category(c).startswith("P"))


DATA = ROOT / "tests" / "data"


def shared_file(*parts: str) -> Path | None:
    """A file under the shared specification folder, or None where there is none (a fresh clone).
    Tests check against what the repository ships (``tests/data/``) and, where this is present,
    check those copies against it too: no test skips for want of it."""
    path = SHARED.joinpath(*parts)
    return path if path.exists() else None


def seed_sentences() -> str:
    """The seed document's sentences that wxtopo quotes (``tests/data/seed-sentences.txt``), each
    checked against the seed text itself where that is present."""
    text = (DATA / "seed-sentences.txt").read_text(encoding="utf-8")
    seed = shared_file("seed", "000_1e4b2d96a625d52b.txt")
    if seed is not None:
        whole = normalise(seed.read_text(encoding="utf-8"))
        assert [line for line in text.splitlines() if normalise(line) not in whole] == []
    return text


def wxtopo(*args: str, input: bytes | None = None, cwd: Path | None = None,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m topology ARGS` in a subprocess, as a user would (``env``: extra variables)."""
    return subprocess.run(
        [sys.executable, "-m", "topology", *args], input=input, capture_output=True,
        cwd=cwd or ROOT, timeout=120,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
             **(env or {})},
    )
