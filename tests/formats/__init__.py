"""Tests of topology.formats, and the golden reports every format is compared against.

GOLDENS lists each golden file under tests/formats/golden/ with the `wxtopo` arguments that
print it, run from the project root; `python scripts/update_golden.py` writes them and
tests/formats/test_golden.py compares the command line's stdout with them byte for byte.
Every document named has a fixed ``as_of``, and paths are given relative to the root, so a
golden depends neither on today's date nor on where the checkout lives.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

from tests.helpers import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"

CAPS = "samples/broken/caps.json"  # three errors (WX101, WX102, WX103)
BLOOM = "samples/bloom.json"  # valid: three info findings (WX205), nothing worse
UNREADABLE = "tests/formats/data/unreadable.json"  # two document errors: a type error and an unknown field
ADOPTION = "samples/broken/adoption.json"  # with its baseline: an error, a warning (WX007) and 7 suppressed
ADOPTED = [ADOPTION, "--suppressions", "samples/broken/adoption.suppressions.json"]

#: the exit code of each document alone; a run exits with the highest of its documents'
EXIT = {BLOOM: 0, CAPS: 1, UNREADABLE: 2, ADOPTION: 1}

#: the golden file's suffix for each format
SUFFIX = {"text": "txt", "json": "json", "sarif": "sarif", "markdown": "md", "github": "github.txt",
          "junit": "junit.xml", "jsonl": "jsonl"}


def _golden(stem: str, documents: list[str], fmt: str, *more: str) -> tuple[str, list[str]]:
    args = ["validate", *documents, "--format", fmt, *more]
    return f"{stem}.{SUFFIX[fmt]}", args + (["--color", "never"] if fmt == "text" else [])


#: golden file → the `wxtopo` arguments whose stdout it holds, run from the project root
#: (scripts/update_golden.py writes them; a test keeps this list and the folder equal)
GOLDENS: dict[str, list[str]] = dict([
    *[_golden("caps", [CAPS], f) for f in SUFFIX],                       # errors
    *[_golden("caps.zh", [CAPS], f, "--lang", "zh") for f in ("text", "markdown")],
    *[_golden("bloom", [BLOOM], f) for f in SUFFIX],                     # valid, info findings only
    *[_golden("unreadable", [UNREADABLE], f) for f in SUFFIX],           # a document that cannot be read
    *[_golden("adoption", ADOPTED, f) for f in SUFFIX],                  # a warning, and suppressed findings
    *[_golden("bloom+caps", [BLOOM, CAPS], f) for f in ("sarif", "junit", "text")],  # two documents, one run
])

UPDATE = "run `python scripts/update_golden.py`, then read the diff before committing it"


def expected_exit(args: list[str]) -> int:
    """The exit code of a golden's run: 0 clean, 1 findings, 2 a document that cannot be read."""
    return max(EXIT[a] for a in args if a in EXIT)


def run_cli(args: list[str]) -> tuple[int, bytes, bytes]:
    """``wxtopo ARGS`` through ``topology.cli.main`` in this process: (exit code, stdout, stderr).

    Run from the project root with GITHUB_STEP_SUMMARY and WXTOPO_RULE_DOCS unset; the streams are captured as the
    UTF-8 bytes a pipe receives from `python -m topology` (the process's state is restored).
    """
    from topology import cli

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    saved = {k: os.environ.pop(k) for k in ("GITHUB_STEP_SUMMARY", "WXTOPO_RULE_DOCS") if k in os.environ}
    try:
        with contextlib.chdir(ROOT), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = cli.main(list(args))
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code
    finally:
        os.environ.update(saved)
    stdout.flush()
    stderr.flush()
    return code, out.getvalue(), err.getvalue()
