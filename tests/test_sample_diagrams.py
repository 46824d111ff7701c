"""The diagrams committed under samples/diagrams/ are what the renderer draws today."""

import subprocess
import sys
import xml.etree.ElementTree as ET

from tests.helpers import ROOT


def test_committed_sample_diagrams_are_not_stale():
    result = subprocess.run([sys.executable, "scripts/draw_samples.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr + "\nrun: python scripts/draw_samples.py"


def test_committed_sample_svgs_parse_and_carry_account_ids():
    svgs = sorted((ROOT / "samples" / "diagrams").glob("*.svg"))
    assert len(svgs) >= 6
    for path in svgs:
        root = ET.parse(path).getroot()
        ids = {el.get("id") for el in root.iter() if el.get("id")}
        assert any(i.startswith("acct-") for i in ids), path.name
