"""The browser: pytest-playwright's session ``browser`` fixture, launched from the system Chromium.

pytest-playwright is used as it is (its session-wide ``browser``, one Chromium for the whole run);
only its launch arguments are overridden (``browser_type_launch_args``): the executable and the
flags of :mod:`tests.browser.harness`. Without the plugin a stand-in ``browser`` skips (fails
under CI), so the suite still collects where the test extra is not installed.
"""

from __future__ import annotations

import pytest

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, PLUGIN, skip_or_fail

if PLUGIN:
    @pytest.fixture(scope="session")
    def browser_type_launch_args(browser_type_launch_args):
        """pytest-playwright's launch arguments, pointed at the system Chromium."""
        skip_or_fail()
        return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
                "args": CHROMIUM_ARGS}
else:
    @pytest.fixture(scope="session")
    def browser():
        """Without the plugin there is no browser: skip (or fail under CI)."""
        skip_or_fail()
