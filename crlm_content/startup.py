"""One start-up check of every data kind, so a broken file stops the app with its name, not a page later.

``load_catalog`` reads the evidence, references, caveats, glossary and Table 1; the walkthrough's patients
(``scenarios.yaml``) and the guideline comparison (``guidelines.yaml``) are read by their features from the
catalog's folder and kept on that catalog for the process (``memo.content``). This loads them all at once.
"""

from __future__ import annotations

from . import memo
from .cases import load_cases
from .catalog import Catalog
from .decision import load_presets
from .guidelines import load_content
from .quiz import load_quiz
from .studies import load_studies


def validate_all(catalog: Catalog) -> None:
    """Load and cross-check the content folder's feature files against ``catalog``; ContentError names the
    first problem. Each is kept on the catalog, so the pages that read them later reuse them."""
    load_presets(catalog)
    load_content(catalog)
    memo.content(load_cases, catalog)  # the case library, checked against the decision engine
    memo.content(load_quiz, catalog)
    memo.content(load_studies, catalog)  # the trials page's studies, their figures read from the records
