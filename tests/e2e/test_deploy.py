"""deploy/nginx.conf in front of the app, with Debian's nginx (as in production, minus Docker): the page
renders in Chromium through the proxy (websocket upgrade, sticky cookie), and static files arrive compressed
and from nginx's cache. A missing nginx fails under CRLM_REQUIRE_E2E=1 (CI) and skips otherwise."""

from __future__ import annotations

import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.replicas import nginx_proxy

from .conftest import REQUIRED, Server


@pytest.fixture(scope="module")
def proxy(server: Server) -> Iterator[str]:
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        message = "nginx is not installed (apt-get install -y nginx)"
        if REQUIRED:
            pytest.fail(f"CRLM_REQUIRE_E2E=1 but the deployment test cannot run: {message}")
        pytest.skip(message)
    port = int(server.url.rsplit(":", 1)[1])
    with nginx_proxy([port]) as (base, _):
        yield base


def fetch(url: str, encoding: str) -> tuple[bytes, Any]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), response.headers


def test_the_app_renders_through_the_proxy(proxy: str, visit) -> None:  # type: ignore[no-untyped-def]
    result = visit(proxy + "/imaging")
    page = result.page
    assert page.get_by_role("heading", name="Imaging", exact=False).first.is_visible()
    assert not result.console_errors and not result.page_errors
    cookies = {c["name"] for c in page.context.cookies()}
    assert "crlm_route" in cookies  # the sticky-session key


def test_static_files_are_compressed_and_cached(proxy: str) -> None:
    html, _ = fetch(proxy + "/", "identity")
    bundle = next(part for part in html.decode().split('"') if part.startswith("./static/js/index."))
    url = proxy + bundle[1:]
    plain, plain_headers = fetch(url, "identity")
    packed, packed_headers = fetch(url, "gzip")
    assert plain_headers.get("Content-Encoding") is None
    assert packed_headers.get("Content-Encoding") == "gzip"
    assert len(packed) < len(plain) / 2
    assert packed_headers.get("X-Cache-Status") == "HIT"  # the fetch before filled the cache
