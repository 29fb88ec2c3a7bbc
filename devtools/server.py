"""``streamlit run`` on a free loopback port, waited for until /_stcore/health answers, and stopped."""

from __future__ import annotations

import compileall
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
HOST = "127.0.0.1"  # every server and request here stays on this machine's loopback
# The product's own packages (pyproject.toml's wheel: "/crlm_*").
PACKAGES = ("crlm_app", "crlm_content", "crlm_dashboard")


def write_bytecode(root: Path = ROOT) -> bool:
    """Compile the checkout's own packages to bytecode, as pip does for an installed wheel; files whose
    bytecode is up to date are skipped. False if a file does not compile (the server will then say why).

    Python writes bytecode on first import unless PYTHONDONTWRITEBYTECODE is set (as on this machine and in
    deploy/Dockerfile); then every server start compiled the ~70 modules of a checkout from source, ~100 ms of
    CPU that the libraries, installed with their bytecode, never pay. ``make run`` and every server started
    here write it first.
    """
    return all([compileall.compile_dir(root / name, quiet=1) for name in PACKAGES])


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
    started_at: float  # time.perf_counter() at launch
    healthy_at: float = 0.0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def rss_mb(self) -> float:
        return rss_mb(self.process.pid)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def streamlit_options(port: int) -> list[str]:
    """The options every server here runs with (as deploy/Dockerfile, on a loopback port)."""
    return [
        "--server.headless=true",
        f"--server.address={HOST}",
        f"--server.port={port}",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
    ]


def launch(
    name: str,
    command: Sequence[str],
    port: int,
    *,
    cwd: Path,
    env: dict[str, str],
    log_dir: Path | None = None,
    wait: bool = True,
) -> Server:
    """Run ``command`` (a Streamlit server that listens on ``port``) with exactly ``env``; its output goes to
    ``log_dir``/streamlit-<port>.log (a fresh temporary folder when None). ``wait``: until it is healthy."""
    folder = log_dir or Path(tempfile.mkdtemp(prefix=f"crlm-{name}-"))
    log = folder / f"streamlit-{port}.log"
    started = time.perf_counter()
    with log.open("wb") as handle:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT)
    server = Server(name, port, process, log, started)
    if wait:
        wait_healthy(server)
    return server


def server_environment(folder: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment plus ``env``, with the checkout importable and, unless a poll store is
    set, a poll store of the server's own beside its log (two servers given one folder share it, as a
    restart does): never the checkout's .data/polls, which a test would leave behind for the next run."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    if not environment.get("CRLM_POLL_STORE") and not environment.get("CRLM_POLL_DIR"):
        environment["CRLM_POLL_DIR"] = str(folder / "polls")
    return environment


def start_server(
    name: str,
    script: Path = APP,
    *,
    stock: bool = False,
    extra_args: Sequence[str] = (),
    env: dict[str, str] | None = None,
    wait: bool = True,
    port: int | None = None,
    launcher: Path | None = None,
    log_dir: Path | None = None,
) -> Server:
    """Start ``streamlit run script`` (the app by default) with this environment plus ``env``.

    ``stock=True`` runs it from an empty folder, so no .streamlit/config.toml applies (Streamlit reads the
    config of the current directory): default settings. Otherwise the checkout's folder and its config apply.
    ``launcher``: a Python script run instead of ``-m streamlit`` (it must hand over to Streamlit's CLI).
    """
    port = port or free_port()
    folder = log_dir or Path(tempfile.mkdtemp(prefix=f"crlm-{name}-"))
    write_bytecode()  # as `make run` does: the app's packages start from bytecode, like its libraries
    command = [sys.executable, *([str(launcher)] if launcher else ["-m", "streamlit"]), "run", str(script)]
    return launch(
        name,
        [*command, *streamlit_options(port), *extra_args],
        port,
        cwd=folder if stock else ROOT,
        env=server_environment(folder, env),
        log_dir=folder,
        wait=wait,
    )


def wait_healthy(server: Server, timeout: float = 60.0, interval: float = 0.05) -> None:
    """Until /_stcore/health answers "ok"; RuntimeError with the server's output if it exits or times out."""
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


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """End a child process: terminate, then kill if it has not ended within 10 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def stop_server(server: Server) -> None:
    stop_process(server.process)


@contextlib.contextmanager
def running(*args: object, **kwargs: object) -> Iterator[Server]:
    """``start_server`` for the length of a with block."""
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
