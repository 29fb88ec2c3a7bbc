"""The Streamlit side and the pure side share one catalog per process (issue 19, item 2)."""

from __future__ import annotations

import crlm_content
from crlm_app import content
from crlm_content import guidelines


def test_the_app_catalog_is_the_content_catalog() -> None:
    assert content.catalog() is crlm_content.get_catalog()
    assert guidelines.content().catalog is content.catalog()
