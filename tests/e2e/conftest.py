"""Real-browser layer: a freshly started Streamlit server and Debian's Chromium driven by Playwright.

Skips with a clear reason when Chromium or Playwright is missing, except when CRLM_REQUIRE_E2E=1 (CI), where
a missing browser is a failure: a skipped layer must never pass for a tested one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from devtools import browser
from devtools.browser import wait_for_app
from devtools.server import Server, start_server, stop_server

REQUIRED = os.environ.get("CRLM_REQUIRE_E2E") == "1"
# The frontend probes these while it finds its base path on a sub-page URL: harmless 404s.
KNOWN_404S = ("/_stcore/health", "/_stcore/host-config")


HERE = Path(__file__).resolve().parent


def browser_items(items: list[pytest.Item]) -> list[pytest.Item]:
    """The items of this layer only: pytest hands this hook every item of the session (``pytest tests`` runs
    every layer), and a unit or app test must neither be marked ``e2e`` nor skipped for want of a browser."""
    return [item for item in items if item.path.resolve().is_relative_to(HERE)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = browser.missing()
    for item in browser_items(items):
        item.add_marker(pytest.mark.e2e)
        if reason is None:
            continue
        if REQUIRED:
            item.add_marker(pytest.mark.usefixtures("_fail_missing_browser"))
        else:
            item.add_marker(pytest.mark.skip(reason=f"browser layer skipped: {reason}"))


@pytest.fixture
def _fail_missing_browser() -> None:
    pytest.fail(f"CRLM_REQUIRE_E2E=1 but the browser layer cannot run: {browser.missing()}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One fresh server for the session; the deep-link test runs first against it."""
    srv = start_server("e2e", log_dir=tmp_path_factory.mktemp("server"))
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    with browser.chromium() as chromium:
        yield chromium


@dataclass
class Visit:
    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@pytest.fixture
def visit(chromium_browser: object) -> Iterator[object]:
    """Open a URL in a fresh context, wait until the app finished its run, collect console errors."""
    contexts = []

    def _open(url: str, *, viewport: dict[str, int] | None = None) -> Visit:
        context = chromium_browser.new_context(viewport=viewport or {"width": 1366, "height": 900})  # type: ignore[attr-defined]
        contexts.append(context)
        page = context.new_page()
        result = Visit(page)

        def on_console(message: object) -> None:
            if message.type == "error":  # type: ignore[attr-defined]
                location = message.location.get("url", "")  # type: ignore[attr-defined]
                text = message.text  # type: ignore[attr-defined]
                if "404" in text and any(location.endswith(path) for path in KNOWN_404S):
                    return
                result.console_errors.append(f"{text} @ {location}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: result.page_errors.append(str(exc)))
        page.goto(url, wait_until="domcontentloaded")
        wait_for_app(page)
        return result

    yield _open
    for context in contexts:
        context.close()
