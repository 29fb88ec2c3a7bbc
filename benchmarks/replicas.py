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


def run(page_name: str, ks: tuple[int, ...] = (10, 50), reruns: int = 3) -> dict[str, Any]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise RuntimeError("nginx is not installed (apt-get install -y nginx)")
    workdir = Path(tempfile.mkdtemp(prefix="crlm-bench-nginx-"))
    secret = secrets.token_hex(32)  # one server.cookieSecret shared by every replica
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secret}
    replicas = [start_server(f"replica{i + 1}", ROOT / "app.py", env=env) for i in range(2)]
    names = {f"{HOST}:{r.port}": r.name for r in replicas}
    listen = free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(render_nginx_conf(listen, [r.port for r in replicas], workdir), encoding="utf-8")
    log = (workdir / "nginx.out").open("wb")
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
    result: dict[str, Any] = {"replicas": len(replicas), "page": page_name, "rounds": []}
    try:
        _wait_http(base + "/nginx-health")
        _wait_http(base + "/_stcore/health")
        for k in ks:
            (workdir / "access.log").write_text("")  # nginx appends (O_APPEND): a fresh count per round
            round_ = sessions.run_round(base, page_name, k, reruns=reruns, with_cookies=True)
            time.sleep(0.5)  # let nginx write its log lines
            summary = round_.summary()
            summary.update(_spread(workdir / "access.log", names))
            summary["rss_mb"] = {r.name: round(r.rss_mb(), 1) for r in replicas}
            result["rounds"].append(summary)
        result["cookie_secret_shared"] = True
    finally:
        proxy.terminate()
        try:
            proxy.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proxy.kill()
        for replica in replicas:
            stop_server(replica)
    return result
