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
from typing import Any, NamedTuple

from benchmarks import sessions
from benchmarks.common import HOST, ROOT, free_port, start_server, stop_server

NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def render_nginx_conf(
    listen_port: int,
    replica_ports: list[int],
    workdir: Path,
    tls: tuple[Path, Path, int] | None = None,
) -> str:
    """deploy/nginx.conf with only its "bench:" lines rewritten for loopback ports and a temp folder.

    ``tls``: (certificate, key, port) for the TLS listener; without it the "bench: tls" lines are dropped.
    A marker this function does not know is an error, so the file and this function stay in step."""
    lines = []
    for line in NGINX_CONF.read_text(encoding="utf-8").splitlines():
        if "# bench: " not in line:
            lines.append(line)
            continue
        code, marker = (part.strip() for part in line.split("# bench: ", 1))
        indent = line[: len(line) - len(line.lstrip())]
        if marker == "upstream":
            lines += [f"{indent}server {HOST}:{port} max_fails=3 fail_timeout=10s;" for port in replica_ports]
        elif marker in {"listen", "listen default"}:
            default = " default_server" if marker == "listen default" else ""
            lines.append(f"{indent}listen {HOST}:{listen_port}{default};")
        elif marker == "server_name":
            lines.append(f"{indent}server_name {HOST} localhost;")
        elif marker == "access_log":
            lines.append(f"{indent}access_log {workdir / 'access.log'} crlm;")
        elif marker == "cache path":
            lines.append(indent + code.replace("/var/cache/nginx/crlm", str(workdir / "cache")))
        elif marker == "temp paths":
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
                lines.append(f"{indent}{kind}_temp_path {workdir / kind};")
        elif marker.startswith("tls "):
            if tls is None:
                continue
            certificate, key, tls_port = tls
            if marker in {"tls listen", "tls listen default"}:
                default = " default_server" if marker == "tls listen default" else ""
                lines.append(f"{indent}listen {HOST}:{tls_port} ssl{default};")
            elif marker == "tls certificate":
                lines.append(f"{indent}ssl_certificate {certificate};")
            elif marker == "tls key":
                lines.append(f"{indent}ssl_certificate_key {key};")
            else:
                raise ValueError(f"deploy/nginx.conf: unknown marker 'bench: {marker}'")
        else:
            raise ValueError(f"deploy/nginx.conf: unknown marker 'bench: {marker}'")
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


class Proxy(NamedTuple):
    base: str  # http://127.0.0.1:<port>
    workdir: Path  # nginx's throwaway folder (config, access log, cache)
    tls_base: str | None  # https://127.0.0.1:<port> when a certificate was given


@contextmanager
def nginx_proxy(replica_ports: list[int], tls: tuple[Path, Path] | None = None) -> Iterator[Proxy]:
    """Debian's nginx running deploy/nginx.conf in front of ``replica_ports`` (loopback), in a throwaway
    folder, once nginx answers. ``tls``: (certificate, key) to also listen with TLS. Stopped on exit."""
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
    tls_port = free_port() if tls else None
    conf = workdir / "nginx.conf"
    tls_setting = (tls[0], tls[1], tls_port) if tls and tls_port else None
    conf.write_text(render_nginx_conf(listen, replica_ports, workdir, tls_setting), encoding="utf-8")
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
        yield Proxy(base, workdir, f"https://{HOST}:{tls_port}" if tls_port else None)
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
        with nginx_proxy([r.port for r in replicas]) as (base, workdir, _):
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
