"""Generated files stay in sync with the code that generates them."""

import json
import subprocess
import sys

import jsonschema

from tests.helpers import ROOT, SAMPLES
from topology.schema import NAMES, schema_text


def test_checked_in_schemas_match_the_models():
    for name in NAMES:
        checked_in = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert checked_in == schema_text(name), f"schemas/{name}.schema.json is stale: run scripts/regenerate.py"


def test_schemas_are_valid_2020_12_schemas():
    for name in NAMES:
        jsonschema.Draft202012Validator.check_schema(json.loads(schema_text(name)))


def test_readme_rule_table_and_everything_else_is_up_to_date():
    result = subprocess.run([sys.executable, "scripts/regenerate.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_table_lists_every_rule():
    from topology import list_rules

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for r in list_rules():
        assert f"| [{r.id}](docs/rules/{r.id}.md) | `{r.name}` | {r.severity} |" in readme
        page = (ROOT / "docs" / "rules" / f"{r.id}.md").read_text(encoding="utf-8")
        assert r.seed in page and r.fix["en"] in page and r.fix["zh"] in page


def test_samples_point_editors_at_the_schema():
    for path in sorted(SAMPLES.glob("*.json")):
        ref = json.loads(path.read_text(encoding="utf-8"))["$schema"]
        assert (path.parent / ref).resolve() == (ROOT / "schemas" / "ecosystem.schema.json").resolve(), path.name
