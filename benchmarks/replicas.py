"""Scale-out check: two replicas of the app behind Debian's nginx running deploy/nginx.conf on loopback ports,
and the concurrent-sessions test through it. Every session first GETs the page (and keeps the crlm_route
cookie nginx sets), then opens its websocket with that cookie, as a browser does.

Reported: p50/p95 and errors per K, how many sessions each replica served (from nginx's access log), and
whether every browser stayed on one replica (sticky).
"""

from __future__ import annotations

import re
import secrets
import time
import urllib.request
from typing import Any

from benchmarks import sessions
from devtools.nginx import nginx_proxy, sessions_per_replica
from devtools.server import HOST, ROOT, start_server, stop_server


def static_compression(base: str) -> dict[str, Any]:
    """The page's main JavaScript bundle fetched through the proxy as a browser asks for it (gzip accepted),
    then without compression: encoding, size and nginx's cache status of each (the browser visit before has
    fetched it, so the first fetch here must already come from nginx's cache)."""
    with urllib.request.urlopen(base + "/", timeout=30) as response:
        html = response.read().decode("utf-8", errors="replace")
    match = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', html)
    if not match:
        return {"error": "no main bundle named in the page"}
    url = f"{base}/{match[1]}"
    sizes: dict[str, Any] = {"path": match[1]}
    for label, accept in (("gzip", "gzip"), ("identity", "identity")):
        request = urllib.request.Request(url, headers={"Accept-Encoding": accept})
        with urllib.request.urlopen(request, timeout=30) as response:
            sizes[f"{label}_bytes"] = len(response.read())  # urllib does not decode: bytes on the wire
            sizes[f"{label}_encoding"] = response.headers.get("Content-Encoding") or "none"
            sizes[f"{label}_cache"] = response.headers.get("X-Cache-Status") or "none"
    return sizes


def browser_visit(base: str) -> dict[str, Any]:
    """The home page opened through the proxy in Chromium (fresh context), as a phone in the room would:
    compressed scripts, the sticky cookie and the websocket upgrade together. Time to rendered, or the
    error."""
    from benchmarks import browser

    try:
        with browser.chromium() as chromium:
            visit = browser.load_once(chromium, base + "/", warm=False)
        return {"rendered_ms": round(visit["first_ms"])}
    except Exception as error:  # reported as a failed check, not a crash of the whole benchmark
        return {"error": f"{type(error).__name__}: {str(error)[:160]}"}


def run(page_name: str, ks: tuple[int, ...] = (10, 50), reruns: int = 3) -> dict[str, Any]:
    secret = secrets.token_hex(32)  # one server.cookieSecret shared by every replica
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secret}
    replicas = [start_server(f"replica{i + 1}", ROOT / "app.py", env=env) for i in range(2)]
    names = {f"{HOST}:{r.port}": r.name for r in replicas}
    result: dict[str, Any] = {"replicas": len(replicas), "page": page_name, "rounds": []}
    try:
        with nginx_proxy([r.port for r in replicas]) as (base, workdir, _):
            for k in ks:
                (workdir / "access.log").write_text("")  # nginx appends (O_APPEND): a fresh count per round
                round_ = sessions.run_round(base, page_name, k, reruns=reruns, with_cookies=True)
                time.sleep(0.5)  # let nginx write its log lines
                summary = round_.summary()
                summary.update(sessions_per_replica(workdir / "access.log", names))
                summary["rss_mb"] = {r.name: round(r.rss_mb(), 1) for r in replicas}
                result["rounds"].append(summary)
            result["cookie_secret_shared"] = True
            result["browser"] = browser_visit(base)  # first: it fills nginx's cache of static files
            result["static"] = static_compression(base)
    finally:
        for replica in replicas:
            stop_server(replica)
    return result
