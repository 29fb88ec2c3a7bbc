"""Real-browser layer: a freshly started Streamlit server and Debian's Chromium driven by Playwright.

Skips with a clear reason when Chromium or Playwright is missing, except when CRLM_REQUIRE_E2E=1 (CI), where
a missing browser is a failure: a skipped layer must never pass for a tested one.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from benchmarks.common import CHROMIUM_ARGS  # one set of flags for the browser tests and the benchmark

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = os.environ.get("CRLM_REQUIRE_E2E") == "1"
# The frontend probes these while it finds its base path on a sub-page URL: harmless 404s.
KNOWN_404S = ("/_stcore/health", "/_stcore/host-config")


def _missing_reason() -> str | None:
    if shutil.which("chromium") is None:
        return "Debian chromium is not installed (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing_reason()
    for item in items:
        if "e2e" not in item.keywords:
            item.add_marker(pytest.mark.e2e)
        if reason is None:
            continue
        if REQUIRED:
            item.add_marker(pytest.mark.usefixtures("_fail_missing_browser"))
        else:
            item.add_marker(pytest.mark.skip(reason=f"browser layer skipped: {reason}"))


@pytest.fixture
def _fail_missing_browser() -> None:
    pytest.fail(f"CRLM_REQUIRE_E2E=1 but the browser layer cannot run: {_missing_reason()}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_server(tmp: Path, env_extra: dict[str, str] | None = None, *, port: int | None = None) -> Server:
    port = port or free_port()
    log = tmp / f"streamlit-{port}.log"
    env = {**os.environ, **(env_extra or {})}
    handle = log.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless=true",
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--server.fileWatcherType=none",
            "--browser.gatherUsageStats=false",
        ],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return Server(url, process, log)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One fresh server for the session; the deep-link test runs first against it."""
    srv = start_server(tmp_path_factory.mktemp("server"))
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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


def wait_for_app(page: object, timeout_ms: int = 30_000) -> None:
    page.wait_for_selector(  # type: ignore[attr-defined]
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms
    )
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0", timeout=timeout_ms
    )
