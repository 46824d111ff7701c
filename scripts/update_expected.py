"""Regenerate samples/broken/*.expected.json: the JSON report of each broken sample.

    python scripts/update_expected.py          # rewrite every .expected.json
    python scripts/update_expected.py --check  # exit 1 if any is stale (changes nothing)

Each report is what a user gets from the command line, run from the project root so the
report names the document as ``samples/broken/NAME.json``:

    python -m topology validate samples/broken/NAME.json --format json \\
        [--previous samples/broken/NAME.baseline.json] [--ruleset samples/broken/NAME.ruleset.json] \
        [--suppressions samples/broken/NAME.suppressions.json]

A companion file ``NAME.baseline.json`` (the previous document), ``NAME.ruleset.json`` or ``NAME.suppressions.json`` is
passed when it exists.
Read every changed report before committing it: it is the expected behaviour.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _sync import sync  # noqa: E402  (scripts/ is on sys.path when a script runs)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import broken_documents as documents  # noqa: E402  (one sample layout, shared with the tests)
from tests.helpers import sample_arguments  # noqa: E402


def arguments(doc: Path) -> list[str]:
    """The `wxtopo` arguments that produce the expected report of ``doc``."""
    return sample_arguments(doc, "--format", "json")


def expected_path(doc: Path) -> Path:
    return doc.with_name(doc.name[: -len(".json")] + ".expected.json")


def report(doc: Path) -> bytes:
    proc = subprocess.run([sys.executable, "-m", "topology", *arguments(doc)], cwd=ROOT, capture_output=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{doc.name}: exit {proc.returncode}\n{proc.stderr.decode(errors='replace')}")
    return proc.stdout


def main(argv: list[str]) -> int:
    return sync({expected_path(doc): report(doc) for doc in documents()}, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
