"""The layers point one way: pages -> crlm_app (the only package that imports streamlit) -> crlm_content
(pure) -> crlm_content.models. A module that imports against the arrow fails here, naming both ends."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from ..conftest import ROOT

PRODUCT = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
PRODUCT += sorted((ROOT / "crlm_app").rglob("*.py")) + sorted((ROOT / "crlm_content").rglob("*.py"))


def imported(path: Path) -> Iterator[str]:
    """Top-level names of what ``path`` imports (relative imports resolved inside its package)."""
    package = path.relative_to(ROOT).parts[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                yield f"{package}.{node.module or ''}".rstrip(".")
            elif node.module:
                yield node.module


def layer(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return "pages" if parts[0] in ("app.py", "app_pages") else parts[0]


ALLOWED = {  # what each layer may import from the product
    "pages": {"crlm_app", "crlm_content"},
    "crlm_app": {"crlm_app", "crlm_content"},
    "crlm_content": {"crlm_content"},
}


def test_imports_point_one_way() -> None:
    offenders = []
    for path in PRODUCT:
        for name in imported(path):
            top = name.split(".")[0]
            if top in {"crlm_app", "crlm_content", "app_pages", "app"} and top not in ALLOWED[layer(path)]:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_only_the_app_package_and_the_pages_import_streamlit() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in PRODUCT
        if layer(path) == "crlm_content"
        for name in imported(path)
        if name.split(".")[0] == "streamlit"
    ]
    assert offenders == []


def test_the_models_import_no_feature() -> None:
    models = ROOT / "crlm_content" / "models.py"
    assert [n for n in imported(models) if n.startswith("crlm_content")] == []


def test_pages_do_not_import_each_other() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in PRODUCT
        if layer(path) == "pages"
        for name in imported(path)
        if name.split(".")[0] == "app_pages"
    ]
    assert offenders == []


def test_importing_every_content_module_loads_no_streamlit() -> None:
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in sorted((ROOT / "crlm_content").rglob("*.py"))
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('streamlit' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_the_packages_ship_type_information() -> None:
    assert (ROOT / "crlm_content" / "py.typed").exists()
    assert (ROOT / "crlm_app" / "py.typed").exists()
