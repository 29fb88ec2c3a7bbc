"""Scale-out check: two replicas of the app behind Debian's nginx running deploy/nginx.conf on loopback ports,
and the concurrent-sessions test through it. Every session first GETs the page (and keeps the crlm_route
cookie nginx sets), then opens its websocket with that cookie, as a browser does.

Reported: p50/p95 and errors per K, how many sessions each replica served (from nginx's access log), and
whether every browser stayed on one replica (sticky).
"""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks import sessions
from benchmarks.common import HOST, ROOT, free_port, start_server, stop_server

NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def render_nginx_conf(listen_port: int, replica_ports: list[int], workdir: Path) -> str:
    """deploy/nginx.conf with only its "bench:" lines rewritten for loopback ports and a temp folder."""
    lines = []
    for line in NGINX_CONF.read_text(encoding="utf-8").splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        if "# bench: upstream" in line:
            lines += [f"{indent}server {HOST}:{port} max_fails=3 fail_timeout=10s;" for port in replica_ports]
        elif "# bench: listen" in line:
            lines.append(f"{indent}listen {HOST}:{listen_port};")
        elif "# bench: access_log" in line:
            lines.append(f"{indent}access_log {workdir / 'access.log'} crlm;")
        elif "# bench: cache path" in line:
            lines.append(line.split("  # bench:")[0].replace("/var/cache/nginx/crlm", str(workdir / "cache")))
        elif "# bench: temp paths" in line:
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
                lines.append(f"{indent}{kind}_temp_path {workdir / kind};")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _wait_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def _spread(access_log: Path, ports: dict[str, str]) -> dict[str, Any]:
    """Per replica: websocket sessions served; per route cookie: the replicas it reached (1 = sticky)."""
    pattern = re.compile(
        r'"(?P<method>\w+) (?P<path>\S+) [^"]*" (?P<status>\d+) upstream=(?P<up>\S+) route=(?P<route>\S+)'
    )
    sessions_per_replica: Counter[str] = Counter()
    replicas_per_route: dict[str, set[str]] = defaultdict(set)
    for line in access_log.read_text(encoding="utf-8", errors="replace").splitlines():
        match = pattern.search(line)
        if not match or match["up"] == "-":
            continue
        replica = ports.get(match["up"], match["up"])
        replicas_per_route[match["route"]].add(replica)
        if match["path"].startswith("/_stcore/stream"):
            sessions_per_replica[replica] += 1
    not_sticky = sum(1 for replicas in replicas_per_route.values() if len(replicas) > 1)
    return {
        "sessions_per_replica": dict(sessions_per_replica),
        "routes": len(replicas_per_route),
        "not_sticky": not_sticky,
    }


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


@contextmanager
def nginx_proxy(replica_ports: list[int]) -> Iterator[tuple[str, Path]]:
    """Debian's nginx running deploy/nginx.conf in front of ``replica_ports`` (loopback), in a throwaway
    folder; yields (base URL, that folder), once nginx answers. Stopped on exit."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise RuntimeError("nginx is not installed (apt-get install -y nginx)")
    workdir = Path(tempfile.mkdtemp(prefix="crlm-nginx-"))
    # nginx's workers drop root (to its default user) and write the static-file cache and proxy temp files:
    # the folders they write are theirs to write, in a throwaway folder of this run.
    workdir.chmod(0o755)
    for name in ("cache", "proxy"):
        (workdir / name).mkdir()
        (workdir / name).chmod(0o777)
    listen = free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(render_nginx_conf(listen, replica_ports, workdir), encoding="utf-8")
    with (workdir / "nginx.out").open("wb") as log:
        proxy = subprocess.Popen(
            [
                nginx,
                "-p",
                str(workdir),
                "-c",
                str(conf),
                "-g",
                f"daemon off; pid {workdir / 'nginx.pid'}; error_log {workdir / 'error.log'} warn;",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://{HOST}:{listen}"
    try:
        _wait_http(base + "/nginx-health")
        _wait_http(base + "/_stcore/health")
        yield base, workdir
    finally:
        proxy.terminate()
        try:
            proxy.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proxy.kill()


def run(page_name: str, ks: tuple[int, ...] = (10, 50), reruns: int = 3) -> dict[str, Any]:
    secret = secrets.token_hex(32)  # one server.cookieSecret shared by every replica
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secret}
    replicas = [start_server(f"replica{i + 1}", ROOT / "app.py", env=env) for i in range(2)]
    names = {f"{HOST}:{r.port}": r.name for r in replicas}
    result: dict[str, Any] = {"replicas": len(replicas), "page": page_name, "rounds": []}
    try:
        with nginx_proxy([r.port for r in replicas]) as (base, workdir):
            for k in ks:
                (workdir / "access.log").write_text("")  # nginx appends (O_APPEND): a fresh count per round
                round_ = sessions.run_round(base, page_name, k, reruns=reruns, with_cookies=True)
                time.sleep(0.5)  # let nginx write its log lines
                summary = round_.summary()
                summary.update(_spread(workdir / "access.log", names))
                summary["rss_mb"] = {r.name: round(r.rss_mb(), 1) for r in replicas}
                result["rounds"].append(summary)
            result["cookie_secret_shared"] = True
            result["browser"] = browser_visit(base)  # first: it fills nginx's cache of static files
            result["static"] = static_compression(base)
    finally:
        for replica in replicas:
            stop_server(replica)
    return result
