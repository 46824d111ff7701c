import pytest

from tests.helpers import ROOT


@pytest.fixture(autouse=True)
def _doctest_cwd(doctest_namespace, monkeypatch):
    # Doctests mention samples/ paths relative to the project root.
    monkeypatch.chdir(ROOT)
