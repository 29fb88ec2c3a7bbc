"""The one catalog per process, loaded and validated once (a ContentError stops the app at start-up), and the
glossary look-ups the pages use for help texts.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import crlm_content
from crlm_content import (
    Catalog,
    glossary,
    startup,
)
from crlm_content.catalog import data_dir


@st.cache_resource(show_spinner=False)
def _catalog(data_dir: str) -> Catalog:
    catalog = crlm_content.get_catalog(Path(data_dir))  # the pure side's one catalog, not a second one
    startup.validate_all(catalog)  # the feature files too: a broken one stops the app at start-up
    return catalog


_LOADED: dict[str, Catalog] = {}


def catalog() -> Catalog:
    """The validated catalog, loaded once per process; a ContentError propagates to ``app.py``.

    Pages call this dozens of times a run; after the first load a plain dict lookup answers.
    """
    key = str(data_dir())
    if key not in _LOADED:
        _LOADED[key] = _catalog(key)
    return _LOADED[key]


def term_help(*names: str) -> str:
    """Hover help text for glossary terms (a KeyError here means a page uses an undefined term)."""
    return glossary.help_text(catalog(), *names)
