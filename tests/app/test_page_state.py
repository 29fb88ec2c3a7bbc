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


@pytest.mark.parametrize("first", PAGES, ids=[p.split("/")[-1].removesuffix(".py") for p in PAGES])
def test_leaving_and_coming_back_keeps_the_page_state(first: str) -> None:
    """A -> B -> A for every B: no exception on B or on A again, and A's changed values intact."""
    at = run_page(first)
    change(at, first)
    for other in PAGES:
        if other == first:
            continue
        at.switch_page(other).run()
        assert not at.exception, (other, at.exception)
        change(at, other)
        at.switch_page(first).run()
        intact(at, first)


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
