"""Debian's nginx running deploy/nginx.conf in front of Streamlit replicas on loopback ports, in a throwaway
folder: the deployment tests and the scale-out benchmark use the production configuration, rewritten only on
its "# bench:" lines."""

from __future__ import annotations

import re
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

from devtools.server import HOST, ROOT, free_port, stop_process

NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def render_nginx_conf(
    listen_port: int,
    replica_ports: list[int],
    workdir: Path,
    tls: tuple[Path, Path, int] | None = None,
    conn_limit: int | None = None,
) -> str:
    """deploy/nginx.conf with only its "bench:" lines rewritten for loopback ports and a temp folder.

    ``tls``: (certificate, key, port) for the TLS listener; without it the "bench: tls" lines are dropped.
    ``conn_limit``: a lower limit of simultaneous connections per address (a test reaches it with a few).
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
        elif marker == "limit_conn":
            lines.append(indent + (code if conn_limit is None else f"limit_conn crlm_conn {conn_limit};"))
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


class Proxy(NamedTuple):
    base: str  # http://127.0.0.1:<port>
    workdir: Path  # nginx's throwaway folder (config, access log, cache)
    tls_base: str | None  # https://127.0.0.1:<port> when a certificate was given


@contextmanager
def nginx_proxy(
    replica_ports: list[int], tls: tuple[Path, Path] | None = None, *, conn_limit: int | None = None
) -> Iterator[Proxy]:
    """Debian's nginx running deploy/nginx.conf in front of ``replica_ports`` (loopback), in a throwaway
    folder, once nginx answers. ``tls``: (certificate, key) to also listen with TLS; ``conn_limit``: see
    ``render_nginx_conf``. Stopped on exit."""
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
    conf.write_text(
        render_nginx_conf(listen, replica_ports, workdir, tls_setting, conn_limit=conn_limit),
        encoding="utf-8",
    )
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
        stop_process(proxy)


def sessions_per_replica(access_log: Path, ports: dict[str, str]) -> dict[str, Any]:
    """From nginx's access log (deploy/nginx.conf's format): per replica the websocket sessions it served;
    per route cookie the replicas it reached (1 = sticky)."""
    pattern = re.compile(
        r'"(?P<method>\w+) (?P<path>\S+) [^"]*" (?P<status>\d+) upstream=(?P<up>\S+) route=(?P<route>\S+)'
    )
    sessions: Counter[str] = Counter()
    replicas_per_route: dict[str, set[str]] = defaultdict(set)
    for line in access_log.read_text(encoding="utf-8", errors="replace").splitlines():
        match = pattern.search(line)
        if not match or match["up"] == "-":
            continue
        replica = ports.get(match["up"], match["up"])
        replicas_per_route[match["route"]].add(replica)
        if match["path"].startswith("/_stcore/stream"):
            sessions[replica] += 1
    not_sticky = sum(1 for replicas in replicas_per_route.values() if len(replicas) > 1)
    return {
        "sessions_per_replica": dict(sessions),
        "routes": len(replicas_per_route),
        "not_sticky": not_sticky,
    }
