"""One start-up check of every data kind, so a broken file stops the app with its name, not a page later.

``load_catalog`` reads the evidence, references, caveats, glossary and Table 1; the walkthrough's patients
(``data/scenarios.yaml``) and the guideline comparison (``data/guidelines.yaml``) are read by their features.
Until the architecture work folds them into the one catalog (issue 19), this loads them beside it.
"""

from __future__ import annotations

from . import memo
from .catalog import Catalog
from .decision import load_presets
from .guidelines import load_content


def validate_all(catalog: Catalog) -> None:
    """Load and cross-check the content folder's feature files against ``catalog``; ContentError names the
    first problem. Both loads are memoised per catalog, so the pages that read them later reuse them."""
    memo.cached(load_presets, catalog)
    load_content(catalog)
