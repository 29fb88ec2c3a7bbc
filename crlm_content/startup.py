"""One start-up check of every data kind, so a broken file stops the app with its name, not a page later.

``load_catalog`` reads the evidence, references, caveats, glossary and Table 1; the walkthrough's patients
(``scenarios.yaml``) and the guideline comparison (``guidelines.yaml``) are read by their features from the
catalog's folder and kept on that catalog for the process (``memo.content``). This loads them all at once.
"""

from __future__ import annotations

from .catalog import Catalog
from .decision import load_presets
from .guidelines import load_content


def validate_all(catalog: Catalog) -> None:
    """Load and cross-check the content folder's feature files against ``catalog``; ContentError names the
    first problem. Both are kept on the catalog, so the pages that read them later reuse them."""
    load_presets(catalog)
    load_content(catalog)
