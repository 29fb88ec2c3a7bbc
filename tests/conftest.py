"""Shared fixtures: a minimal valid data folder that content-error tests copy and break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid data folder."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal_data", target)
    return target


def replace_once(path: Path, old: str, new: str) -> None:
    """Break a fixture file in one place; fail loudly if the fixture no longer has that text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
