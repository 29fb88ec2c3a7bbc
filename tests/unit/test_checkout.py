"""One answer to "do we run from a checkout?" (crlm_content.checkout), and the three places that ask it agree:
the content's folder (catalog), the poll store's folder (crlm_app.polls.sqlite) and the launcher's app.py
(crlm_dashboard). Each asked it its own way (data/ and pyproject.toml; pyproject.toml and crlm_content/;
app.py beside the launcher or one folder up), so a folder that passed one test and not another got the
checkout's content with an installed copy's poll folder."""

from __future__ import annotations

from pathlib import Path

import pytest

import crlm_dashboard
from crlm_app.polls import sqlite
from crlm_content import catalog, checkout

from ..conftest import ROOT

PACKAGES = ("crlm_content", "crlm_app", "crlm_dashboard")


def _touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("", encoding="utf-8")


def checkout_layout(root: Path) -> Path:
    """A repository as cloned: the packages beside pyproject.toml, app.py and data/."""
    for name in ("pyproject.toml", "app.py", "data/references.csv", *(f"{p}/__init__.py" for p in PACKAGES)):
        _touch(root / name)
    return root


def installed_layout(site_packages: Path) -> Path:
    """An installed wheel: the packages in site-packages, the content and the entry inside them."""
    for name in (
        *(f"{p}/__init__.py" for p in PACKAGES),
        "crlm_content/_data/references.csv",
        "crlm_dashboard/app.py",
        "crlm_dashboard/.streamlit/config.toml",
    ):
        _touch(site_packages / name)
    return site_packages


def test_this_repository_is_a_checkout() -> None:
    assert checkout.PACKAGES_ROOT == ROOT
    assert checkout.checkout_root() == ROOT


def test_a_folder_laid_out_as_a_checkout_is_one(tmp_path: Path) -> None:
    root = checkout_layout(tmp_path / "repo")
    assert checkout.checkout_root(root) == root


def test_an_installed_copy_is_not_a_checkout(tmp_path: Path) -> None:
    assert checkout.checkout_root(installed_layout(tmp_path / "site-packages")) is None


@pytest.mark.parametrize("missing", ["pyproject.toml", "app.py", "data"])
def test_a_checkout_needs_all_three_markers(tmp_path: Path, missing: str) -> None:
    """A stray pyproject.toml, or a data/ folder, beside site-packages' packages does not make a checkout."""
    root = checkout_layout(tmp_path / "repo")
    target = root / missing
    if target.is_dir():
        (target / "references.csv").unlink()
        target.rmdir()
    else:
        target.unlink()
    assert checkout.checkout_root(root) is None


def _asked_from(packages_root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path | None]:
    """What the content, the poll store and the launcher choose when the packages are in ``packages_root``:
    (content folder, poll folder, launcher's app.py or None when it finds none)."""
    monkeypatch.setattr(checkout, "PACKAGES_ROOT", packages_root)
    monkeypatch.setattr(crlm_dashboard, "_HERE", packages_root / "crlm_dashboard")
    monkeypatch.delenv("CRLM_POLL_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(packages_root.parent / "cache"))
    try:
        app: Path | None = crlm_dashboard.app_path()
    except FileNotFoundError:
        app = None
    return catalog._default_data_dir(), sqlite.poll_dir(), app


def test_in_a_checkout_all_three_use_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = checkout_layout(tmp_path / "repo")
    assert _asked_from(root, monkeypatch) == (root / "data", root / ".data" / "polls", root / "app.py")


def test_in_an_installed_copy_all_three_use_the_installed_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_packages = installed_layout(tmp_path / "site-packages")
    assert _asked_from(site_packages, monkeypatch) == (
        catalog.PACKAGED_DATA_DIR,  # this package's own _data: the content ships inside the package
        tmp_path / "cache" / "crlm-dashboard" / "polls",
        site_packages / "crlm_dashboard" / "app.py",
    )


def test_a_half_checkout_is_an_installed_copy_for_all_three(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyproject.toml and the packages but no data/: the poll store used to call it a checkout, the content
    did not."""
    root = checkout_layout(tmp_path / "repo")
    (root / "data" / "references.csv").unlink()
    (root / "data").rmdir()
    content, polls, app = _asked_from(root, monkeypatch)
    assert (content, polls, app) == (
        catalog.PACKAGED_DATA_DIR,
        tmp_path / "cache" / "crlm-dashboard" / "polls",
        None,
    )
