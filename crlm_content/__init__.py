"""Pure content and logic for the CRLM teaching dashboard (never imports streamlit)."""

from __future__ import annotations

from .catalog import Catalog, ContentError, get_catalog, load_catalog
from .models import Caveat, Evidence, GlossaryTerm, Reference, TableOneItem, Value
from .source import DISCLAIMER, LAST_CONTENT_REVIEW, SOURCE_CITATION, SOURCE_DOI_URL


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
