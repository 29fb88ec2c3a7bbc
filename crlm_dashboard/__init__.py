"""Serve the dashboard from an installed copy: ``crlm-dashboard [streamlit run options]``.

The wheel ships the Streamlit entry beside this file (``app.py``, ``app_pages/`` and the production
``.streamlit/config.toml``, which Streamlit reads beside the main script from any working directory; see
pyproject.toml). In a checkout or an editable install the same command runs the checkout's ``app.py``
(``crlm_content.checkout`` tells which, as it does for the content). This module imports nothing of
Streamlit: it replaces itself with ``python -m streamlit run``, so signals (Ctrl-C, a container's SIGTERM)
reach Streamlit directly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from crlm_content import checkout

_HERE = Path(__file__).resolve().parent


def app_path() -> Path:
    """The checkout's ``app.py`` when running from a checkout, else the installed one (beside this file in
    the wheel)."""
    root = checkout.checkout_root()
    candidate = root / "app.py" if root is not None else _HERE / "app.py"
    if not candidate.is_file():
        raise FileNotFoundError(f"no {candidate}: a broken install")
    return candidate


def command(args: list[str]) -> list[str]:
    """The ``streamlit run`` command line for this interpreter, with the caller's options after it."""
    return [sys.executable, "-m", "streamlit", "run", str(app_path()), *args]


def main() -> None:
    """Console script ``crlm-dashboard``: options are passed on, e.g. ``--server.port=8502``."""
    argv = command(sys.argv[1:])
    os.execv(argv[0], argv)
