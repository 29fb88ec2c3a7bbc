"""Does the app run from a checkout of its repository or from an installed copy? One answer for every part
that keeps something beside a checkout: the content (``catalog``: the checkout's ``data/``, else the copy in
the wheel), the poll store's folder (``crlm_app.polls.sqlite``: the checkout's git-ignored ``.data/``, else
the user's cache) and the launcher's entry (``crlm_dashboard``: the checkout's ``app.py``, else the one in
the wheel).

A checkout, or an editable install of one (``make``, ``pip install -e .``), imports the ``crlm_*`` packages
from the repository's root, which holds ``pyproject.toml``, ``app.py`` and ``data/`` beside them. An
installed wheel (``pip install .``, deploy/Dockerfile) puts the packages in site-packages, where none of the
three is: it carries its content and entry inside the packages instead (pyproject.toml, ``force-include``).
"""

from __future__ import annotations

from pathlib import Path

# The folder holding the crlm_* packages this code was imported from: a checkout's root, or site-packages.
PACKAGES_ROOT = Path(__file__).resolve().parent.parent


def checkout_root(packages_root: Path | None = None) -> Path | None:
    """The checkout's root when the packages (in ``packages_root``, by default ``PACKAGES_ROOT``) run from
    one: their folder holds ``pyproject.toml``, ``app.py`` and a ``data/`` folder. None for an installed
    copy."""
    root = Path(packages_root) if packages_root is not None else PACKAGES_ROOT
    if (root / "pyproject.toml").is_file() and (root / "app.py").is_file() and (root / "data").is_dir():
        return root
    return None
