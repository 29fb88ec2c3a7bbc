"""Shared pieces: servers on loopback ports, process memory, statistics, the machine description."""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = Path(__file__).resolve().parent / "apps"
RESULTS = Path(__file__).resolve().parent / "results"
HOST = "127.0.0.1"  # every request of the benchmark goes to this machine's loopback only

# Debian's Chromium (never `playwright install`) with these flags, for the benchmark and the browser tests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    started_at: float
    healthy_at: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def rss_mb(self) -> float:
        return rss_mb(self.process.pid)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def streamlit_command(
    script: Path, port: int, extra_args: Sequence[str] = (), *, same_runtime: bool = False
) -> list[str]:
    """The same command line as the browser tests and deploy/Dockerfile, on a loopback port.

    ``same_runtime``: through benchmarks/launch.py, which loads the app's runtime fix (perf_patches) first.
    """
    launcher = [str(Path(__file__).resolve().parent / "launch.py")] if same_runtime else ["-m", "streamlit"]
    return [
        sys.executable,
        *launcher,
        "run",
        str(script),
        "--server.headless=true",
        f"--server.address={HOST}",
        f"--server.port={port}",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
        *extra_args,
    ]


def start_server(
    name: str,
    script: Path,
    *,
    stock: bool = False,
    extra_args: Sequence[str] = (),
    env: dict[str, str] | None = None,
    wait: bool = True,
    port: int | None = None,
    same_runtime: bool = False,
) -> Server:
    """Start ``streamlit run script``.

    ``stock=True`` runs it from an empty folder, so no .streamlit/config.toml applies (Streamlit reads the
    config of the current directory): default settings. Otherwise the app's folder and its config apply.
    ``same_runtime=True`` also loads the app's runtime fix first (for the blank floor pages).
    """
    port = port or free_port()
    logs = Path(tempfile.mkdtemp(prefix=f"crlm-bench-{name}-"))
    log = logs / "server.log"
    cwd = logs if stock else ROOT
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    handle = log.open("wb")
    started = time.perf_counter()
    process = subprocess.Popen(
        streamlit_command(script, port, extra_args, same_runtime=same_runtime),
        cwd=cwd,
        env=full_env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    server = Server(name, port, process, log, started)
    if wait:
        wait_healthy(server)
    return server


def wait_healthy(server: Server, timeout: float = 60.0, interval: float = 0.05) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name}: streamlit exited early:\n{server.output()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    server.healthy_at = time.perf_counter()
                    return
        except OSError:
            time.sleep(interval)
    stop_server(server)
    raise RuntimeError(f"{server.name}: streamlit did not become healthy:\n{server.output()}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


@contextlib.contextmanager
def running(*args: object, **kwargs: object) -> Iterator[Server]:
    server = start_server(*args, **kwargs)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        stop_server(server)


def rss_mb(pid: int) -> float:
    """Resident set size of one process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100), as numpy's default."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    import streamlit

    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
                break
    os_name = ""
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    chromium = ""
    if shutil.which("chromium"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            chromium = subprocess.run(
                ["chromium", "--version"], capture_output=True, text=True, timeout=20
            ).stdout.strip()
    load = ""
    with contextlib.suppress(OSError):
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "os": os_name,
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "chromium": chromium,
        "load_average_at_start": load,
    }
