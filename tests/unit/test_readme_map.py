"""The README's "How it is built" map names every module of the two packages, so a maintainer finds each
one's home from it (each module's docstring says more)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..conftest import ROOT


def built_map(readme: str) -> str:
    """The code block of the README's "How it is built" section."""
    section = readme.split("\n## How it is built\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def modules(package: Path) -> list[str]:
    """The package's own modules (``name.py``) and subpackages (``name/``), as the map writes them."""
    files = [p.name for p in package.glob("*.py") if p.name != "__init__.py"]
    folders = [f"{p.name}/" for p in package.iterdir() if (p / "__init__.py").is_file()]
    return sorted(files + folders)


def unnamed(block: str, package: Path) -> list[str]:
    return [name for name in modules(package) if not re.search(rf"(?<![\w/]){re.escape(name)}", block)]


@pytest.mark.parametrize("package", ["crlm_content", "crlm_app"])
def test_the_readme_map_names_every_module(package: str) -> None:
    block = built_map((ROOT / "README.md").read_text(encoding="utf-8"))
    assert unnamed(block, ROOT / package) == []


def test_a_module_left_out_of_the_map_is_caught() -> None:
    block = built_map((ROOT / "README.md").read_text(encoding="utf-8"))
    assert unnamed(block.replace("textsearch.py", "text search"), ROOT / "crlm_content") == ["textsearch.py"]
    assert unnamed(block.replace("polls/", "polls"), ROOT / "crlm_app") == ["polls/"]
