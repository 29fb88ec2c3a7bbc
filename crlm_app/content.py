"""The one catalog per process, loaded and validated once (a ContentError stops the app at start-up), and the
glossary look-ups the pages use for help texts.
"""

from __future__ import annotations

from pathlib import Path

import crlm_content
from crlm_content import (
    Catalog,
    glossary,
    startup,
)
from crlm_content.catalog import data_dir

_VALIDATED: dict[str, Catalog] = {}


def catalog() -> Catalog:
    """The validated catalog: the pure side's one catalog of the content folder (``get_catalog``), with the
    feature files loaded against it once per process (``startup.validate_all``: a broken file stops the app
    at start-up). A ContentError propagates to ``app.py`` and is tried again on the next run.

    Pages call this dozens of times a run; after the first load a plain dict lookup answers. No Streamlit
    cache: the catalog and the feature files are kept where the content package keeps them (one memo policy).
    """
    key = str(data_dir())
    found = _VALIDATED.get(key)
    if found is None:
        found = crlm_content.get_catalog(Path(key))
        startup.validate_all(found)  # each feature file once: kept on the catalog (memo.content)
        _VALIDATED[key] = found
    return found


def term_help(*names: str) -> str:
    """Hover help text for glossary terms (a KeyError here means a page uses an undefined term)."""
    return glossary.help_text(catalog(), *names)
