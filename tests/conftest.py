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
