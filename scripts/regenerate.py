"""Regenerate every generated file: schemas/*.json, the README's rule table, docs/rules/*.md.

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
from topology.schema import NAMES, schema_text  # noqa: E402

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def expected() -> dict[Path, str]:
    files = {ROOT / "schemas" / f"{name}.schema.json": schema_text(name) for name in NAMES}
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    files[readme] = f"{head}{START}\n{markdown_table()}{END}{tail}"
    for rule in all_rules():
        files[ROOT / "docs" / "rules" / f"{rule.id}.md"] = rule_markdown(rule)
    return files


def main(argv: list[str]) -> int:
    return sync({path: text.encode("utf-8") for path, text in expected().items()}, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
