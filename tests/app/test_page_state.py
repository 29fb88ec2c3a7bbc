"""Each page's state is its own: A -> B -> A over every ordered pair of pages leaves A's values intact.

Several pages use the same names ("weeks" is a number on the DLM explorer and a table's text on the CEA
monitor; "cycle_weeks" a float there and an integer on the timing planner; "tab", "q", "view" on many). With
one key per page and name (``state.PageKeys``) no page can read another's value.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crlm_content import site

from .helpers import run_page

# One changed setting per page, chosen where names collide across pages; values of each page's own type.
CHANGES: dict[str, dict[str, object]] = {
    "app_pages/home.py": {},
    "app_pages/cases.py": {"cases__stage": 2},
    "app_pages/rounds.py": {"rounds__case": "review-figure-2"},
    "app_pages/vote.py": {"vote__room": "ACDEF"},
    "app_pages/quiz.py": {"quiz__seed": 42, "quiz__topic": "margins"},
    "app_pages/trials.py": {"trials__question": "imaging", "trials__study": "prometeo-01"},
    "app_pages/decision_walkthrough.py": {
        "walkthrough__flr_percent": 33.0,
        "walkthrough__tab": "Pathway map",
    },
    "app_pages/sources.py": {"sources__q": "bevacizumab", "sources__tab": "Notes on the source"},
    "app_pages/glossary.py": {"glossary__q": "FLR"},
    "app_pages/imaging.py": {"imaging__view": "chemo"},
    "app_pages/dlm_explorer.py": {
        "dlm_explorer__plan": "weeks",
        "dlm_explorer__weeks": 10.0,
        "dlm_explorer__cycle_weeks": 2.5,
    },
    "app_pages/guidelines.py": {"guidelines__view": "topic"},
    "app_pages/regimens.py": {
        "regimens__profile": "dmmr",
        "regimens__tab": "Biologics by tumour and setting",
    },
    "app_pages/surgery.py": {"surgery__tab": "Alternatives"},
    "app_pages/prognostic_scores.py": {
        "prognostic_scores__dfi": 20.0,
        "prognostic_scores__tab": "Published outcomes",
    },
    "app_pages/liver_remnant.py": {"liver_remnant__flr": 33.0},
    "app_pages/response_assessment.py": {"response_assessment__chun_before": "2"},
    "app_pages/cea_monitor.py": {"cea_monitor__time": "date"},
    "app_pages/treatment_timing.py": {"treatment_timing__cycle_weeks": 3, "treatment_timing__cycles": 4},
}
PAGES = [spec.path for spec in site.PAGES]


def test_every_page_has_a_change() -> None:
    assert set(CHANGES) == set(PAGES)


def change(at: AppTest, path: str) -> None:
    """Change the page's settings; each must be a key the page itself keeps (a renamed key would otherwise
    make the walk test nothing)."""
    missing = [key for key in CHANGES[path] if key not in at.session_state]
    assert not missing, (path, missing)
    for key, value in CHANGES[path].items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, (path, at.exception)


def intact(at: AppTest, path: str) -> None:
    assert not at.exception, (path, at.exception)
    for key, value in CHANGES[path].items():
        assert at.session_state[key] == value, (path, key)


def from_menu(at: AppTest, path: str) -> None:
    """Open ``path`` as the menu does in a browser: its URL carries no settings. (AppTest's switch_page keeps
    the last page's query parameters, which a browser never sends to the next page; a page now reads
    settings its URL names as a link followed to it.)"""
    at.query_params.clear()
    at.switch_page(path).run()


@pytest.mark.parametrize("first", PAGES, ids=[p.split("/")[-1].removesuffix(".py") for p in PAGES])
def test_leaving_and_coming_back_keeps_the_page_state(first: str) -> None:
    """A -> B -> A for every B: no exception on B or on A again, and A's changed values intact."""
    at = run_page(first)
    change(at, first)
    for other in PAGES:
        if other == first:
            continue
        from_menu(at, other)
        assert not at.exception, (other, at.exception)
        change(at, other)
        from_menu(at, first)
        intact(at, first)


def test_a_link_followed_to_a_page_visited_before_opens_the_view_it_names() -> None:
    """A case's 'open this patient in the walkthrough', followed after the walkthrough had been visited in
    the session, showed the session's earlier patient: the URL was read on the first visit only."""
    at = run_page("app_pages/decision_walkthrough.py")
    change(at, "app_pages/decision_walkthrough.py")  # a remnant of 33%
    from_menu(at, "app_pages/cases.py")
    at.query_params.update({"lesion_count": "2", "extrahepatic_disease": "resectable"})
    at.switch_page("app_pages/decision_walkthrough.py").run()  # the link's page, with its settings
    assert not at.exception
    assert at.session_state["walkthrough__lesion_count"] == 2
    assert at.session_state["walkthrough__extrahepatic_disease"] == "resectable"
    assert at.session_state["walkthrough__flr_percent"] == 60.0  # not named by the link: the default
    assert at.session_state["walkthrough__tab"] == "Step by step"
    plan = next(h.value for h in at.header if h.value.startswith("Plan: "))
    assert "Perioperative" in plan


@pytest.mark.parametrize(
    "params",
    [{"lesions": "2x1x6"}, {"lesions": "2x1x6", "tumours": "7"}],
    ids=["only-another-pages-settings", "another-pages-and-its-own"],
)
def test_a_url_naming_another_pages_settings_keeps_the_sessions_own(params: dict[str, str]) -> None:
    """``state._followed_a_link``: the page reads its settings from the URL again only when every setting
    the URL names is one of its own (and not what it last wrote). A URL that also names another page's
    setting ("lesions" is the DLM explorer's) is not a link to this page's view: its settings stay."""
    page = "app_pages/prognostic_scores.py"
    at = run_page(page)
    change(at, page)  # an interval of 20 months, the outcomes tab
    from_menu(at, "app_pages/glossary.py")
    at.query_params.update(params)
    at.switch_page(page).run()
    intact(at, page)
    assert at.session_state["prognostic_scores__tumours"] == 3  # its default, as the session had it
    # the same URL without the other page's setting is a link to this page's view, and is read
    at.query_params.clear()
    at.query_params.update({"tumours": "7"})
    at.switch_page(page).run()
    assert not at.exception
    assert at.session_state["prognostic_scores__tumours"] == 7
    assert at.session_state["prognostic_scores__dfi"] == 6.0  # not named by the link: the default


HOSTILE = {"token": "SECRET123", "next": "javascript:alert(1)"}


@pytest.mark.parametrize("path", PAGES, ids=[p.split("/")[-1].removesuffix(".py") for p in PAGES])
def test_unknown_parameters_are_reported_and_dropped_from_the_link(path: str) -> None:
    at = run_page(path, HOSTILE)
    notice = " ".join(w.value for w in at.warning)
    assert "'token' ignored" in notice and "'next' ignored" in notice
    assert "SECRET123" not in notice and "javascript" not in notice  # named, never echoed
    assert not set(HOSTILE) & set(at.query_params.keys())  # the URL, and so the share link, drops them


def test_every_session_shares_one_copy_of_each_page_key() -> None:
    """A page's keys are interned: 50 walkthrough sessions held 50 copies of its 26 keys (~6 KB a session)."""
    from crlm_app.state import PageKeys

    first, second = PageKeys("walkthrough")("flr_percent"), PageKeys("walkthrough")("flr_" + "percent")
    assert first == "walkthrough__flr_percent" and first is second
