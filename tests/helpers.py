"""Small builders so tests read like the rule catalogue."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import topology

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


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


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip (fail under CI=true, where shared/ must be present)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing under CI=true")
        pytest.skip(f"{path} is not present (a fresh clone has no ../shared)")
    return path


def wxtopo(*args: str, input: bytes | None = None, cwd: Path | None = None,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m topology ARGS` in a subprocess, as a user would (``env``: extra variables)."""
    return subprocess.run(
        [sys.executable, "-m", "topology", *args], input=input, capture_output=True,
        cwd=cwd or ROOT, timeout=120,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
             **(env or {})},
    )
