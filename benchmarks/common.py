"""The benchmark's own pieces: its folders, statistics and the machine description (servers, Chromium and
nginx come from devtools/, shared with the tests)."""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import subprocess
from pathlib import Path

from devtools.server import ROOT
from devtools.stats import median, percentile

__all__ = ["APPS", "LAUNCH", "RESULTS", "ROOT", "machine", "median", "percentile"]

APPS = Path(__file__).resolve().parent / "apps"
RESULTS = Path(__file__).resolve().parent / "results"
LAUNCH = Path(__file__).resolve().parent / "launch.py"  # streamlit with the app's runtime fix loaded first


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
