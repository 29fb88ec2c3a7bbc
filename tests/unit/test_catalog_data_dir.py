"""``load_catalog()`` without a folder reads the content folder ``data_dir()`` names, ``CRLM_DATA_DIR``
included, as ``get_catalog()`` does: it read the checkout's data/ whatever the variable said."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crlm_content.catalog import data_dir, load_catalog

from ..conftest import ROOT, replace_once

MARK = "A statement only the copy carries, so the catalog says which folder it read."


def test_load_catalog_reads_the_folder_crlm_data_dir_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "edition"
    shutil.copytree(ROOT / "data", copy)
    replace_once(
        copy / "evidence" / "dlm.yaml",
        "statement: DLM occur in a minority of patients who receive systemic therapy before surgery.",
        f"statement: {MARK}",
    )
    monkeypatch.setenv("CRLM_DATA_DIR", str(copy))
    assert data_dir() == copy
    catalog = load_catalog()
    assert catalog.root == copy
    assert catalog.get("dlm-incidence").statement == MARK


def test_load_catalog_without_the_variable_reads_the_default_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRLM_DATA_DIR", raising=False)
    assert load_catalog().root == data_dir() == ROOT / "data"  # tests run from the checkout
