"""Servers started from a checkout (``make run``, the tests' and benchmarks' servers) start from bytecode.

With PYTHONDONTWRITEBYTECODE set, Python never writes it, and each start compiled the app's packages from
source (~100 ms of CPU that the libraries, installed with their bytecode, do not pay).
"""

from __future__ import annotations

import importlib.util
import marshal
import shutil
import tomllib
from pathlib import Path

import pytest

from devtools.server import PACKAGES, ROOT, write_bytecode


def test_the_packages_are_the_wheels() -> None:
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["include"] == ["/crlm_*"]
    on_disk = {p.parent.name for p in ROOT.glob("crlm_*/__init__.py")}
    assert set(PACKAGES) == on_disk


def test_write_bytecode_compiles_every_module_and_keeps_it_current(tmp_path: Path) -> None:
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    modules = [p for name in PACKAGES for p in (tmp_path / name).rglob("*.py")]
    assert len(modules) > 50
    assert not any(Path(importlib.util.cache_from_source(str(p))).exists() for p in modules)

    assert write_bytecode(tmp_path)
    for module in modules:
        cached = Path(importlib.util.cache_from_source(str(module)))
        code = marshal.loads(cached.read_bytes()[16:])  # after the 16-byte header: the module's code
        assert code.co_filename == str(module)

    edited = modules[0]
    edited.write_text(edited.read_text() + "\nEDITED_FOR_THE_TEST = 1\n")
    assert write_bytecode(tmp_path)
    code = marshal.loads(Path(importlib.util.cache_from_source(str(edited))).read_bytes()[16:])
    assert "EDITED_FOR_THE_TEST" in code.co_names


def test_a_module_that_does_not_compile_is_reported(tmp_path: Path) -> None:
    for name in PACKAGES:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("VALUE = 1\n")
    (tmp_path / PACKAGES[0] / "broken.py").write_text("def broken(:\n")
    assert not write_bytecode(tmp_path)


def test_a_test_server_gets_a_poll_store_of_its_own_unless_one_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Servers started for the tests wrote their polls into the checkout's .data/polls."""
    from devtools.server import server_environment

    monkeypatch.delenv("CRLM_POLL_DIR", raising=False)
    monkeypatch.delenv("CRLM_POLL_STORE", raising=False)
    assert server_environment(tmp_path)["CRLM_POLL_DIR"] == str(tmp_path / "polls")
    assert "CRLM_POLL_DIR" not in server_environment(tmp_path, {"CRLM_POLL_STORE": "redis://127.0.0.1:1/0"})
    assert server_environment(tmp_path, {"CRLM_POLL_DIR": "/elsewhere"})["CRLM_POLL_DIR"] == "/elsewhere"
