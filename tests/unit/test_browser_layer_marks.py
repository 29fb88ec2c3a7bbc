"""The browser layer's conftest marks and skips its own tests only.

pytest hands ``pytest_collection_modifyitems`` every item of the session, so a hook that did not look at
where an item lives marked every unit and app test ``e2e`` and, on a machine without Chromium, skipped them
all: ``pytest tests`` then reported a whole run of skips as a pass.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNIT = "tests/unit/test_formatting.py"
BROWSER = "tests/e2e/test_install.py"


def pytest_run(*args: str, without_browser: bool = False) -> str:
    env = dict(os.environ)
    env.pop("CRLM_REQUIRE_E2E", None)
    if without_browser:  # only the interpreter's own folder: no chromium on the PATH
        env["PATH"] = str(Path(sys.executable).parent)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.stdout + done.stderr


def collected(output: str) -> list[str]:
    return [line for line in output.splitlines() if "::" in line and not line.startswith("SKIPPED")]


def test_not_e2e_keeps_every_unit_test_and_drops_the_browser_tests() -> None:
    output = pytest_run("--collect-only", "-m", "not e2e", UNIT, BROWSER)
    items = collected(output)
    assert items, output
    assert all(item.startswith(UNIT) for item in items), output
    assert len(items) == len(collected(pytest_run("--collect-only", UNIT)))


def test_e2e_selects_the_browser_tests_only() -> None:
    items = collected(pytest_run("--collect-only", "-m", "e2e", UNIT, BROWSER))
    assert items
    assert all(item.startswith(BROWSER) for item in items)


def test_without_a_browser_only_the_browser_tests_are_skipped() -> None:
    output = pytest_run(UNIT, BROWSER, without_browser=True)
    unit_count = len(collected(pytest_run("--collect-only", UNIT)))
    summary = output.strip().splitlines()[-1]
    assert f"{unit_count} passed" in summary, output
    assert "skipped" in summary, output
    skips = [line for line in output.splitlines() if line.startswith("SKIPPED")]
    assert skips and all(BROWSER in line and "browser layer skipped" in line for line in skips), output
