"""Debian's ``redis-server`` on a free loopback port, without persistence, for the poll store's tests and the
room benchmark: started, waited for until it answers PING, and stopped."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .server import HOST, free_port, stop_process

MISSING = "Debian's redis-server is not installed (apt-get install -y redis-server)"


def binary() -> str | None:
    """Debian's redis-server, or None."""
    return shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if os.access(p, os.X_OK)), None
    )


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def stop(self) -> None:
        stop_process(self.process)


def start(folder: Path | None = None, timeout_s: float = 20.0) -> RedisServer:
    """A fresh redis-server (its log and working folder in ``folder``, a new temporary one when None); once it
    answers PING. RuntimeError with its log when it is not installed or does not answer."""
    executable = binary()
    if executable is None:
        raise RuntimeError(MISSING)
    folder = folder or Path(tempfile.mkdtemp(prefix="crlm-redis-"))
    port = free_port()
    log = folder / f"redis-{port}.log"
    args = [executable, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"]
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen([*args, "--dir", str(folder)], stdout=out, stderr=subprocess.STDOUT)
    server = RedisServer(port, process, log)
    deadline = time.monotonic() + timeout_s
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    output = log.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"redis-server did not answer on port {port}:\n{output}")


@contextlib.contextmanager
def running(folder: Path | None = None) -> Iterator[RedisServer]:
    """``start`` for the body; stopped on exit."""
    server = start(folder)
    try:
        yield server
    finally:
        server.stop()
