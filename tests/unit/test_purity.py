"""crlm_content stays pure: no module imports streamlit, directly or through another module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from ..conftest import ROOT

PACKAGE = ROOT / "crlm_content"


def test_no_module_imports_streamlit() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []


def test_importing_every_module_loads_no_streamlit() -> None:
    modules = [f"crlm_content.{p.stem}" for p in sorted(PACKAGE.glob("*.py")) if p.stem != "__init__"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import crlm_content; crlm_content.evidence()\n"
        "print('streamlit' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_package_files_exist() -> None:
    assert Path(PACKAGE / "py.typed").exists(), "the package ships type information"
