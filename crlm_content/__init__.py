"""Pure content and logic for the CRLM teaching dashboard (never imports streamlit)."""

from __future__ import annotations

from .catalog import Catalog, ContentError, get_catalog, load_catalog
from .models import Caveat, Evidence, GlossaryTerm, Reference, TableOneItem, Value

SOURCE_CITATION = (
    "Source review: World J Gastrointest Oncol 2021;13(9):1043-1061, doi:10.4251/wjgo.v13.i9.1043 "
    "(open access, CC BY-NC 4.0). Reference numbers [1]-[112] are the review's."
)
SOURCE_DOI_URL = "https://doi.org/10.4251/wjgo.v13.i9.1043"
DISCLAIMER = "Educational use only; not for clinical decisions; verify against current guidelines."
LAST_CONTENT_REVIEW = "2026-11-27"


def evidence() -> tuple[Evidence, ...]:
    """All Evidence records of the packaged catalog."""
    return get_catalog().evidence


def references() -> tuple[Reference, ...]:
    """All Reference records of the packaged catalog, by number."""
    return get_catalog().references


__all__ = [
    "DISCLAIMER",
    "LAST_CONTENT_REVIEW",
    "SOURCE_CITATION",
    "SOURCE_DOI_URL",
    "Catalog",
    "Caveat",
    "ContentError",
    "Evidence",
    "GlossaryTerm",
    "Reference",
    "TableOneItem",
    "Value",
    "evidence",
    "get_catalog",
    "load_catalog",
    "references",
]
