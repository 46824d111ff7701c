"""The package as users meet it: what ``dir``/``help`` list, one version everywhere, the licence.

The facade loads its names lazily (start-up time), which hid them from ``dir()`` and completion;
the version lives in ``topology/version.py`` alone and pyproject, the CLI and SARIF read it there.
"""

import importlib.metadata
import json
import os
import pydoc
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import topology
from topology import version

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "bloom.json"
PUBLIC = ("load", "validate", "build_graph", "render", "headroom", "repair", "diff", "plan",
          "Report", "Finding", "Ruleset", "Ecosystem", "DocumentError", "load_ruleset", "list_rules", "get_rule")


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def installed_version() -> str:
    """The version pip recorded; outside an installation the test cannot be meant (CI installs)."""
    try:
        return importlib.metadata.version("wechat-topology")
    except importlib.metadata.PackageNotFoundError:
        if os.environ.get("CI"):
            raise
        pytest.skip("wechat-topology is not installed (pip install -e .[test])")


# --- discoverable ------------------------------------------------------------------------------

def test_dir_lists_every_public_name():
    names = dir(topology)
    assert set(PUBLIC) <= set(names)
    assert set(topology.__all__) <= set(names)
    assert "__version__" in names
    assert not {"TYPE_CHECKING", "annotations", "_EXPORTS"} & set(names)  # plumbing stays out
    assert names == sorted(names)


def test_every_name_in_all_resolves():
    """``from topology import *`` and completion offer nothing that fails on access."""
    assert set(PUBLIC) <= set(topology.__all__)
    for name in topology.__all__:
        assert getattr(topology, name) is not None, name


def test_help_lists_the_public_api():
    text = pydoc.render_doc(topology, renderer=pydoc.plaintext)
    for name in PUBLIC:
        assert name in text, name
    line = next(line for line in text.splitlines() if line.startswith("    render("))
    assert "eco" in line and "format" in line and "*args" not in line  # the real signature


def test_dir_loads_nothing_heavy():
    """Listing the names must not import them: dir() is cheap, as `import topology` is."""
    code = "import sys, topology; names = dir(topology); print('pydantic' in sys.modules, 'render' in names)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.stdout.split() == ["False", "True"], proc.stderr


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="lode"):
        topology.lode  # noqa: B018


# --- one version -------------------------------------------------------------------------------

def test_pyproject_reads_the_version_from_the_package():
    project = pyproject()
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "topology.version.__version__"}
    assert topology.__version__ is version.__version__


def test_installed_version_is_the_package_version():
    assert installed_version() == version.__version__, "reinstall: pip install -e .[test]"


def _console_script() -> Path:
    script = Path(sys.executable).parent / ("wxtopo.exe" if os.name == "nt" else "wxtopo")
    if not script.exists():
        if os.environ.get("CI"):
            raise AssertionError(f"no console script at {script}")
        pytest.skip("the wxtopo console script is not installed")
    return script


def test_cli_version_is_the_installed_version():
    proc = subprocess.run([str(_console_script()), "--version"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"wxtopo {installed_version()}" == f"wxtopo {version.__version__}"


def test_sarif_driver_version_is_the_installed_version():
    proc = subprocess.run([str(_console_script()), "validate", str(SAMPLE), "--format", "sarif"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    driver = json.loads(proc.stdout)["runs"][0]["tool"]["driver"]
    assert driver["version"] == driver["semanticVersion"] == installed_version() == version.__version__


# --- typed and licensed ------------------------------------------------------------------------

def test_py_typed_is_package_data():
    assert (ROOT / "topology" / "py.typed").is_file()
    assert "py.typed" in pyproject()["tool"]["setuptools"]["package-data"]["topology"]


def test_license_is_an_spdx_expression_with_its_file():
    project = pyproject()
    assert project["project"]["license"] == "MIT"  # a table is deprecated (setuptools >= 77)
    assert project["project"]["license-files"] == ["LICENSE"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    requires = " ".join(project["build-system"]["requires"])
    assert "setuptools>=77" in requires  # the first setuptools that reads an SPDX license


def test_installed_metadata_carries_the_license():
    installed_version()
    meta = importlib.metadata.metadata("wechat-topology")
    assert meta["License-Expression"] == "MIT", "reinstall: pip install -e .[test]"
    assert "LICENSE" in (meta.get_all("License-File") or [])
