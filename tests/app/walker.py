"""The page walk, where the AppTest modules import it from: it lives in ``devtools.walker``, because the
generator of ``crlm_content/shown_on.py`` (``devtools.build_shown_on``) walks the pages with it too and
devtools may not import the tests."""

from __future__ import annotations

from devtools.walker import TOPIC_PAGES, cited_records, open_every_expander, page_records, tabs, views

__all__ = ["TOPIC_PAGES", "cited_records", "open_every_expander", "page_records", "tabs", "views"]
