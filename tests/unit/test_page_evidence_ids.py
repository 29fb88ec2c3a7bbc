"""One home per feature: the records a page shows are named in its feature module (``*_IDS`` lists in the
page's order, ``*_ID`` / ``*_RECORD`` for a record a sentence quotes), never in the Streamlit script.

Every id of those modules names a record of the catalog and no list names a record twice; no page script in
``app_pages/`` holds a string that is a record id. The helpers here are the shared part of the feature tests
(``test_surgery_evidence``, ``test_regimens_evidence``), which keep their own per-tab checks."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest

from crlm_content.catalog import get_catalog

from ..conftest import ROOT

PAGES_DIR = ROOT / "app_pages"
# The feature modules that hold the pages' record ids (each page reads its own).
FEATURE_MODULES = (
    "crlm_content.surgery",
    "crlm_content.regimens",
    "crlm_content.dlm",
    "crlm_content.tools.cea",
    "crlm_content.tools.liver_remnant",
    "crlm_content.tools.response",
    "crlm_content.tools.scores",
    "crlm_content.tools.timing",
)


def id_lists(module: ModuleType) -> dict[str, tuple[str, ...]]:
    """The module's evidence lists: every name ending ``_IDS``."""
    return {name: getattr(module, name) for name in dir(module) if name.endswith("_IDS")}


def single_ids(module: ModuleType) -> dict[str, str]:
    """The records a sentence of a page quotes: every name ending ``_ID`` or ``_RECORD``."""
    return {name: getattr(module, name) for name in dir(module) if name.endswith(("_ID", "_RECORD"))}


def repeated(ids: Sequence[str]) -> list[str]:
    """The ids named more than once (each time it repeats), in order; [] when none repeats."""
    return [i for i in ids if ids.count(i) > 1]


def check_list(name: str, ids: Sequence[str]) -> None:
    """A list is not empty, names records of the catalog (KeyError names an unknown id) and none twice."""
    assert ids, f"{name} is empty"
    catalog = get_catalog()
    for evidence_id in ids:
        catalog.get(evidence_id)
    assert repeated(ids) == [], f"{name} lists a record twice"


def record_ids_in(source: str) -> list[str]:
    """The string constants of a script that are record ids of the catalog, in source order."""
    ids = get_catalog().evidence_by_id.keys()
    constants = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant)]
    return [n.value for n in sorted(constants, key=lambda n: (n.lineno, n.col_offset)) if n.value in ids]


def page_scripts() -> list[Path]:
    return sorted(PAGES_DIR.glob("*.py"))


LISTS = [
    (module, name) for module in FEATURE_MODULES for name in sorted(id_lists(importlib.import_module(module)))
]
SINGLES = [
    (module, name)
    for module in FEATURE_MODULES
    for name in sorted(single_ids(importlib.import_module(module)))
]


@pytest.mark.parametrize(("module", "name"), LISTS)
def test_a_list_names_catalog_records_once_each(module: str, name: str) -> None:
    check_list(f"{module}.{name}", getattr(importlib.import_module(module), name))


@pytest.mark.parametrize(("module", "name"), SINGLES)
def test_a_quoted_record_is_in_the_catalog(module: str, name: str) -> None:
    get_catalog().get(getattr(importlib.import_module(module), name))


def test_every_feature_module_names_records() -> None:
    """The parametrized checks above see every module (an import that lost its lists would pass them)."""
    for module in FEATURE_MODULES:
        assert id_lists(importlib.import_module(module)), module


def test_the_helpers_find_what_they_look_for() -> None:
    """The page check can fail: a record id written in a script, even inside a call, is found."""
    assert record_ids_in(
        'x = 1\nst.markdown("dlm-definition")\ncards(("flr-ct-volumetry", "no-such-id"))\n'
    ) == [
        "dlm-definition",
        "flr-ct-volumetry",
    ]
    assert record_ids_in('"""dlm-definition is named in words here."""\nK = "tab"\n') == []
    assert repeated(("a", "b", "a")) == ["a", "a"]
    with pytest.raises(AssertionError, match="twice"):
        check_list("X_IDS", ("dlm-definition", "dlm-definition"))
    with pytest.raises(KeyError):
        check_list("X_IDS", ("dlm-definition", "no-such-record"))


def test_no_page_script_names_a_record() -> None:
    """Record ids live in the feature modules: a string of a page that is a record id is one written back."""
    pages = page_scripts()
    assert len(pages) >= 19 and PAGES_DIR / "surgery.py" in pages  # the check reads the real pages
    named = {page.name: ids for page in pages if (ids := record_ids_in(page.read_text(encoding="utf-8")))}
    assert named == {}
