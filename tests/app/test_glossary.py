"""AppTest of the Glossary page: search, URL state, empty result."""

from __future__ import annotations

import crlm_content
from crlm_content.glossary import help_text, lookup

from .test_pages import run_page


def test_search_finds_term_by_alias_and_keeps_it_in_the_url() -> None:
    at = run_page("app_pages/glossary.py")
    at.text_input(key="q").input("XELOX").run()
    table = at.dataframe[0].value
    assert table["term"].iloc[0] == "CAPOX"
    assert at.query_params["q"] == "XELOX"


def test_deep_link_search_and_no_match() -> None:
    at = run_page("app_pages/glossary.py", {"q": "zzzzqqq"})
    assert "No term matches" in at.info[0].value


def test_hover_help_is_the_glossary_definition() -> None:
    catalog = crlm_content.get_catalog()
    flr = lookup(catalog, "future liver remnant")
    assert flr.term == "FLR"
    assert help_text(catalog, "FLR").startswith("FLR (")
    at = run_page("app_pages/home.py")
    assert flr.definition not in (at.title[0].help or "")
    assert lookup(catalog, "CRLM").definition in (at.title[0].help or "")
