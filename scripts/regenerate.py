"""Regenerate every generated file: schemas/*.json, the README's rule and ruleset tables,
docs/rules/*.md and docs/rulesets/*.md.

    python scripts/regenerate.py          # write
    python scripts/regenerate.py --check  # exit 1 if anything is stale (what the tests do)
"""

from __future__ import annotations

import sys
from pathlib import Path

from _sync import sync  # noqa: E402  (scripts/ is on sys.path when a script runs)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from topology.catalogue import all_rules, markdown_table, rule_markdown  # noqa: E402
from topology.provenance import readme_table, ruleset_markdown  # noqa: E402
from topology.ruleset import builtin_names, load_ruleset  # noqa: E402
from topology.schema import NAMES, schema_text  # noqa: E402

def _between(text: str, marker: str, body: str) -> str:
    """``text`` with what lies between ``<!-- marker:start -->`` and ``<!-- marker:end -->`` replaced."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    head, found, rest = text.partition(start)
    if not found:
        raise SystemExit(f"README.md lacks {start}")
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{body}{end}{tail}"


def expected() -> dict[Path, str]:
    files = {ROOT / "schemas" / f"{name}.schema.json": schema_text(name) for name in NAMES}
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    text = _between(text, "rules", markdown_table())
    files[readme] = _between(text, "rulesets", readme_table())
    for name in builtin_names():
        files[ROOT / "docs" / "rulesets" / f"{name}.md"] = ruleset_markdown(load_ruleset(name), heading="#", docs="../")
    for rule in all_rules():
        files[ROOT / "docs" / "rules" / f"{rule.id}.md"] = rule_markdown(rule)
    return files


def main(argv: list[str]) -> int:
    return sync({path: text.encode("utf-8") for path, text in expected().items()}, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
