"""Debian's Chromium (never ``playwright install``) driven by Playwright, with one set of flags for the
browser tests and the benchmark, and the wait for an app run to finish."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing() -> str | None:
    """Why the browser cannot run here (what to install), or None when it can."""
    if shutil.which("chromium") is None:
        return "Debian chromium is not installed (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A Playwright Browser on Debian's Chromium, closed on exit."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise RuntimeError("Debian chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_app(page: Any, timeout_ms: int = 30_000) -> None:
    """Until the app's run has finished (the app element shows notRunning) and no skeleton is left."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0", timeout=timeout_ms
    )


def through_the_menu(page: Any, section: str, *titles: str) -> None:
    """Open each page of ``titles`` in turn from the top menu's ``section`` (a visitor's clicks, not a new
    URL: the session and its state stay), waiting for each to finish its run."""
    for title in titles:
        page.get_by_text(section, exact=True).first.click()
        page.get_by_text(title, exact=True).first.click()
        page.wait_for_timeout(500)
        wait_for_app(page)
