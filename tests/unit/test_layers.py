"""The layers point one way: pages -> crlm_app (the only package that imports streamlit) -> crlm_content
(pure) -> crlm_content.models; the installed launcher (crlm_dashboard, in the wheel) imports crlm_content only
and nothing of Streamlit. The development code (devtools/, benchmarks/, tests/) may import the product,
never the other way: devtools/ is not in the wheel. A module that imports against the arrow fails here,
naming both ends. An import written as a string (``importlib.import_module("crlm_app.frame")``,
``__import__("app_pages.home")``) counts as an import."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..conftest import ROOT

PRODUCT = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
PRODUCT += sorted((ROOT / "crlm_app").rglob("*.py")) + sorted((ROOT / "crlm_content").rglob("*.py"))
PRODUCT += sorted((ROOT / "crlm_dashboard").rglob("*.py"))
DEVTOOLS = sorted((ROOT / "devtools").rglob("*.py"))
# Development code: each may import the product; the product imports none of them.
TOOLING = {"devtools", "benchmarks", "tests"}


STRING_IMPORTERS = {"import_module", "__import__"}  # importlib.import_module (however imported), __import__


def string_import(node: ast.Call) -> str | None:
    """The module a call to ``import_module``/``__import__`` names with a string literal as its first
    argument, else None (a name built at run time cannot be read; none of the product does that)."""
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    if name not in STRING_IMPORTERS or not node.args:
        return None
    first = node.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def imported(path: Path, source: str | None = None) -> Iterator[str]:
    """Names of what ``path`` imports (relative imports resolved inside its package), the imports written
    as a string literal included; ``source`` stands in for the file's text."""
    package = path.relative_to(ROOT).parts[0]
    text = path.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                yield f"{package}.{node.module or ''}".rstrip(".")
            elif node.module:
                yield node.module
        elif isinstance(node, ast.Call) and (name := string_import(node)) is not None:
            yield f"{package}{name}".rstrip(".") if name.startswith(".") else name


def layer(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return "pages" if parts[0] in ("app.py", "app_pages") else parts[0]


ALLOWED = {  # what each layer may import from the product and the development code
    "pages": {"crlm_app", "crlm_content"},
    "crlm_app": {"crlm_app", "crlm_content"},
    "crlm_content": {"crlm_content"},
    "crlm_dashboard": {"crlm_content"},  # in the wheel, where devtools/ is not; nothing of Streamlit (below)
    "devtools": {"devtools", "crlm_app", "crlm_content"},
}
CHECKED = {"crlm_app", "crlm_content", "crlm_dashboard", "app_pages", "app", *TOOLING}


def against_the_arrow(path: Path, source: str | None = None) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for name in imported(path, source)
        if name.split(".")[0] in CHECKED and name.split(".")[0] not in ALLOWED[layer(path)]
    ]


def test_imports_point_one_way() -> None:
    assert DEVTOOLS, "devtools/ has moved: update this test"
    assert [o for path in PRODUCT + DEVTOOLS for o in against_the_arrow(path)] == []


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("crlm_content/catalog.py", "from crlm_app import frame"),
        ("crlm_content/catalog.py", "import crlm_app.tables as tables"),
        ("crlm_app/frame.py", "from devtools.server import start_server"),
        ("crlm_app/frame.py", "import benchmarks.common"),
        ("app_pages/home.py", "from tests.app import helpers"),
        ("app.py", "import devtools"),
        ("devtools/server.py", "from benchmarks.common import median"),
        ("devtools/server.py", "from tests.conftest import ROOT"),
        ("crlm_dashboard/__init__.py", "from devtools import server"),
        ("crlm_dashboard/__init__.py", "import crlm_app.frame"),
        ("crlm_content/catalog.py", "import crlm_dashboard"),
    ],
)
def test_an_import_against_the_arrow_is_caught(module: str, source: str) -> None:
    """The check above finds offenders when there are some: its empty list is not a blind reader's."""
    assert against_the_arrow(ROOT / module, source) == [f"{module} imports {source.split()[1]}"]


@pytest.mark.parametrize(
    ("module", "source", "name"),
    [
        (
            "crlm_content/catalog.py",
            "def frame():\n    import importlib\n    return importlib.import_module('crlm_app.frame')",
            "crlm_app.frame",
        ),
        (
            "crlm_content/catalog.py",
            "from importlib import import_module\nimport_module('crlm_app')",
            "crlm_app",
        ),
        ("app_pages/home.py", "def other():\n    return __import__('app_pages.home')", "app_pages.home"),
        (
            "crlm_dashboard/__init__.py",
            "import importlib\nimportlib.import_module('devtools.server')",
            "devtools.server",
        ),
        ("crlm_app/frame.py", "__import__('tests.conftest', fromlist=['ROOT'])", "tests.conftest"),
    ],
)
def test_an_import_written_as_a_string_is_caught(module: str, source: str, name: str) -> None:
    """``importlib.import_module("crlm_app.frame")`` inside a function imports as surely as a statement."""
    assert against_the_arrow(ROOT / module, source) == [f"{module} imports {name}"]


def test_a_string_import_of_streamlit_is_seen() -> None:
    source = (
        "import importlib\nst = importlib.import_module('streamlit')\nst2 = __import__('streamlit.runtime')"
    )
    assert list(imported(ROOT / "crlm_content" / "catalog.py", source)) == [
        "importlib",
        "streamlit",
        "streamlit.runtime",
    ]
    assert list(imported(ROOT / "crlm_content" / "catalog.py", "import_module(name)")) == []  # not a literal


def test_imports_along_the_arrow_pass() -> None:
    source = "import crlm_content\nfrom crlm_app import frame\nfrom . import nginx"
    assert against_the_arrow(ROOT / "devtools" / "server.py", source) == []


def test_only_the_benchmarks_own_tests_import_the_benchmarks() -> None:
    """The tests share servers, browsers, nginx, redis and the room of phones with the benchmarks through
    devtools/; only the tests of the benchmark itself (tests/unit/test_bench_*.py) import benchmarks/."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if not path.name.startswith("test_bench_")
        for name in imported(path)
        if name.split(".")[0] == "benchmarks"
    ]
    assert offenders == []
    assert "tests/e2e/x.py imports benchmarks" in [
        f"tests/e2e/x.py imports {name}"
        for name in imported(ROOT / "tests" / "e2e" / "x.py", "from benchmarks import rooms")
    ]  # the reader finds such an import: the empty list above is not a blind reader's


NO_STREAMLIT = ("crlm_content", "crlm_dashboard")


def streamlit_imports(path: Path, source: str | None = None) -> list[str]:
    """What a module of a layer that must not load Streamlit imports of it (none for the other layers)."""
    if layer(path) not in NO_STREAMLIT:
        return []
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for name in imported(path, source)
        if name.split(".")[0] == "streamlit"
    ]


def test_only_the_app_package_and_the_pages_import_streamlit() -> None:
    """The content is pure, and the launcher replaces itself with ``python -m streamlit run`` (its docstring):
    neither imports Streamlit, by statement or by string."""
    assert any(layer(path) == "crlm_dashboard" for path in PRODUCT), (
        "crlm_dashboard/ has moved: update this test"
    )
    assert [o for path in PRODUCT for o in streamlit_imports(path)] == []


@pytest.mark.parametrize(
    ("module", "source", "name"),
    [
        ("crlm_content/catalog.py", "import streamlit as st", "streamlit"),
        ("crlm_content/catalog.py", "def f():\n    return __import__('streamlit')", "streamlit"),
        ("crlm_dashboard/__init__.py", "from streamlit.web import cli", "streamlit.web"),
        ("crlm_dashboard/__init__.py", "import importlib\nimportlib.import_module('streamlit')", "streamlit"),
    ],
)
def test_a_streamlit_import_where_none_belongs_is_caught(module: str, source: str, name: str) -> None:
    assert streamlit_imports(ROOT / module, source) == [f"{module} imports {name}"]
    assert streamlit_imports(ROOT / "crlm_app" / "frame.py", source) == []  # the app package may


def test_every_chart_of_the_content_is_built_in_figures() -> None:
    """One place for plotly builders (``crlm_content.figures``, one module per feature): a content module
    elsewhere that imports plotly is building a chart outside it."""
    figures = ROOT / "crlm_content" / "figures"
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in PRODUCT
        if layer(path) == "crlm_content" and not path.is_relative_to(figures)
        for name in imported(path)
        if name.split(".")[0] == "plotly"
    ]
    assert offenders == []
    assert any(n.startswith("plotly") for n in imported(figures / "imaging.py"))  # the reader sees them


def test_the_models_import_no_feature() -> None:
    """The models sit at the bottom; the one number formatter (a leaf that imports nothing of the product)
    is the only module they may use, so a record's figure is written like every other number."""
    models = ROOT / "crlm_content" / "models.py"
    formatting = ROOT / "crlm_content" / "formatting.py"
    assert [
        n for n in imported(models) if n.startswith("crlm_content") and n != "crlm_content.formatting"
    ] == []
    assert [n for n in imported(formatting) if n.startswith("crlm_content")] == []


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


def test_colours_come_from_the_one_palette() -> None:
    """One palette: a colour written as a hex literal anywhere in the product but ``palette.py`` (code, not
    a comment) is a second palette. The handout's print CSS had two of the palette's colours typed in."""
    import io
    import re
    import tokenize

    hex_colour = re.compile(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b")
    offenders = []
    for path in PRODUCT:
        if path.name == "palette.py":
            continue
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        offenders += [
            f"{path.relative_to(ROOT)}:{token.start[0]}: {token.string[:60]}"
            for token in tokens
            if token.type == tokenize.STRING and hex_colour.search(token.string)
        ]
    assert offenders == []


def test_loading_content_imports_no_calculator() -> None:
    """The catalog imported the liver, RECIST and score calculators only to read their citations for the
    glossary; the citations live in a leaf (``primary_sources``) that both read."""
    code = (
        "import sys, crlm_content.catalog; "
        "print(sorted(m for m in ('crlm_content.liver', 'crlm_content.response', 'crlm_content.scores') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert loaded.stdout.strip() == "[]"
