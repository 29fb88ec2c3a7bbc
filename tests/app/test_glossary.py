"""AppTest of the Glossary page: search, URL state, empty result."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

import crlm_content
from crlm_app.inputs import DECIMAL_HELP
from crlm_content.glossary import help_text, lookup

from .helpers import plain, run_page


def test_search_finds_term_by_alias_and_keeps_it_in_the_url() -> None:
    at = run_page("app_pages/glossary.py")
    at.text_input(key="glossary__q").input("XELOX").run()
    listing = next(m.value for m in at.markdown if m.value.startswith("**"))
    first = listing.split("\n\n", 1)[1].splitlines()[0]
    assert first.startswith("- **CAPOX**")  # found by its alias, listed under its name
    assert "Also written" in first and "XELOX" in first
    assert at.query_params["q"] == "XELOX"


def test_unfiltered_list_holds_every_term_once() -> None:
    at = run_page("app_pages/glossary.py")
    listing = next(m.value for m in at.markdown if m.value.startswith("**"))
    catalog = crlm_content.get_catalog()
    entries = [line for line in listing.splitlines() if line.startswith("- **")]
    assert len(entries) == len(catalog.glossary)


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


def test_the_introduction_names_the_question_mark_and_a_tap() -> None:
    at = run_page("app_pages/glossary.py")
    intro = at.markdown[0].value
    assert "the ? beside a term" in intro and "tap it on a phone" in intro  # Streamlit's help icon is "?"
    assert "Hover" not in intro and "ⓘ" not in intro  # a phone cannot hover


def test_a_link_with_invisible_characters_searches_without_them_and_says_so() -> None:
    at = run_page("app_pages/glossary.py", {"q": "XEL\u200bOX\u202e"})
    notice = plain(at.warning[0].value)
    assert "'q': invisible control or formatting characters (U+200B, U+202E:" in notice
    assert "\u200b" not in notice and "\u202e" not in notice
    assert at.text_input(key="glossary__q").value == "XELOX"


def test_a_definition_s_figures_show_their_source_in_hover_help_and_on_the_page() -> None:
    catalog = crlm_content.get_catalog()
    # hover help, plain text: the review's bracket and/or the primary definition's short name
    assert help_text(catalog, "Fong score").endswith("Source: ref. [57]; Fong 1999.")
    assert help_text(catalog, "PR").endswith("Source: RECIST 1.1, Eisenhauer 2009.")
    assert "Source:" not in help_text(catalog, "hepatectomy")  # no figure, no source line
    # the page: the bracket links to the records on the Sources page; the primary paper in full
    at = run_page("app_pages/glossary.py", {"q": "Fong clinical risk score"})
    listing = next(m.value for m in at.markdown if m.value.startswith("**"))
    fong = next(line for line in listing.splitlines() if line.startswith("- **Fong clinical risk score**"))
    assert "[\\[57\\]](sources?ref=57)" in fong
    assert "*Definition:* Fong Y et al" in fong and "Ann Surg 1999" in plain(fong)
    at = run_page("app_pages/glossary.py", {"q": "partial response"})
    listing = next(m.value for m in at.markdown if m.value.startswith("**"))
    partial = next(line for line in listing.splitlines() if line.startswith("- **partial response**"))
    assert "*Definition:* Eisenhauer EA et al" in partial and "(version 1.1)" in plain(partial)


def test_the_cycle_length_help_gives_no_schedule_the_product_cannot_source() -> None:
    from ..unit.test_content import numbers_stated

    at = run_page("app_pages/treatment_timing.py")
    cycle_help = at.number_input(key="treatment_timing__cycle_weeks").help
    own_help = cycle_help.removesuffix(DECIMAL_HELP)  # every box's line on decimals: its "(1.5)" is notation
    assert own_help != cycle_help
    assert numbers_stated(own_help) == ()  # FOLFOX "every two weeks", CAPOX "every three weeks" were
    assert "The review gives no schedule" in cycle_help and "FOLFOX" in cycle_help


def _listing(at: AppTest) -> str:
    return str(next(m.value for m in at.markdown if m.value.startswith("**")))


def test_each_term_links_to_the_sources_page_searching_it() -> None:
    """The glossary gave no way to a term's records and figures: under each term, a link to the Sources page
    searching it (its text URL-quoted: "5-FU/leucovorin" keeps its slash out of the path)."""
    at = run_page("app_pages/glossary.py", {"q": "CALI"})
    lines = _listing(at).splitlines()
    cali = next(i for i, line in enumerate(lines) if line.startswith("- **CALI**"))
    assert lines[cali + 1] == "  - [Search the evidence for CALI](sources?q=CALI)"
    at = run_page("app_pages/glossary.py", {"q": "leucovorin"})
    assert "  - [Search the evidence for 5\\-FU/leucovorin](sources?q=5-FU%2Fleucovorin)" in _listing(at)
    everything = _listing(run_page("app_pages/glossary.py")).splitlines()
    links = [line for line in everything if line.startswith("  - [Search the evidence for ")]
    assert len(links) == len(crlm_content.get_catalog().glossary)  # one under each term


def test_the_link_opens_the_records_that_define_the_term() -> None:
    """Followed, the CALI link lists first the records CALI's entry cites (data/glossary.yaml)."""
    catalog = crlm_content.get_catalog()
    at = run_page("app_pages/sources.py", {"q": "CALI"})
    listing = next(block.value for block in at.markdown if "*Statement*" in block.value)
    first = listing.split("*Statement*")[1]
    cited = lookup(catalog, "CALI").evidence_ids
    assert any(plain(catalog.get(record_id).statement[:40]) in plain(first) for record_id in cited)


def test_no_match_links_to_the_sources_search_with_the_text_quoted() -> None:
    """The no-match message links to the Sources page searching the text, quoted: a visitor's brackets,
    parentheses or angle brackets can neither end the link nor become markup."""
    at = run_page("app_pages/glossary.py", {"q": "zzq](javascript:x) <b>"})
    message = at.info[0].value
    assert "No term matches" in message
    assert "(sources?q=zzq%5D%28javascript%3Ax%29%20%3Cb%3E)" in message
    assert "<b>" not in message and "javascript:" not in message
