"""The benchmark's budget verdicts (benchmarks/run.py ``evaluate``), checked at their boundaries on
hand-made measurements: a ratio exactly on a budget passes, the next step above it fails (an "under" limit:
just below passes, exactly on it fails)."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.run import evaluate


def verdicts(data: dict[str, Any]) -> dict[str, bool | None]:
    _, budgets = evaluate(data)
    return {b["budget"]: b["pass"] for b in budgets}


def rerun_data(page_ms: float, *, error: str = "") -> dict[str, Any]:
    page: dict[str, Any] = {"median_ms": page_ms, "p95_ms": page_ms}
    if error:
        page["error"] = error
    return {
        "pages": ["walkthrough"],
        "rerun": {
            "blank": {"median_ms": 2.0, "cached": {"median_ms": 2.0}},
            "walkthrough": {"median_ms": 4.0, "cached": {"median_ms": 3.0}},
            "server": {"blank": {"median_ms": 5.0, "p95_ms": 6.0}, "walkthrough": page},
        },
    }


@pytest.mark.parametrize(("page_ms", "passes"), [(10.0, True), (10.1, False), (4.0, True)])
def test_warm_rerun_within_twice_the_blank_page(page_ms: float, passes: bool) -> None:
    assert verdicts(rerun_data(page_ms)) == {"rerun walkthrough <= 2x blank": passes}


def test_a_rerun_that_raised_fails_however_fast() -> None:
    assert verdicts(rerun_data(5.0, error="ValueError: x")) == {"rerun walkthrough <= 2x blank": False}


def load_data(first_ms: list[float], charts: int, errors: list[str] | None = None) -> dict[str, Any]:
    return {
        "pages": ["imaging"],
        "browser": {
            "load": {
                "blank": {"first_ms": [300.0, 300.0, 300.0], "warm_ms": [200.0]},
                "blank-plotly": {"first_ms": [500.0, 500.0, 500.0], "warm_ms": [250.0]},
                "blank-frame": {"first_ms": [500.0, 600.0, 700.0], "warm_ms": [200.0]},
                "blank-frame:plotly": {"first_ms": [900.0, 1000.0, 1100.0], "warm_ms": [300.0]},
                "imaging": {
                    "first_ms": first_ms,
                    "warm_ms": [250.0],
                    "charts": charts,
                    "errors": errors or [],
                },
            }
        },
    }


CHART, PLAIN = "load imaging <= 1.3x blank-frame:plotly", "load imaging <= 1.3x blank-frame"


@pytest.mark.parametrize(
    ("median_ms", "charts", "budget", "passes"),
    [
        (1300.0, 1, CHART, True),  # 1.3x the frame with one chart (1000 ms), 2.6x the blank one-chart page
        (1301.0, 1, CHART, False),
        (1300.0, 3, CHART, True),  # the floor has one chart however many the page opens on
        (780.0, 0, PLAIN, True),  # 1.3x the frame around one line (600 ms), 2.6x the blank page
        (781.0, 0, PLAIN, False),
        (400.0, 0, PLAIN, True),
    ],
)
def test_page_load_within_1_3x_of_the_apps_own_frame(
    median_ms: float, charts: int, budget: str, passes: bool
) -> None:
    assert verdicts(load_data([median_ms - 50, median_ms, median_ms + 50], charts)) == {budget: passes}


def test_a_page_load_with_an_error_fails_however_fast() -> None:
    assert verdicts(load_data([400.0, 400.0, 400.0], 0, errors=["TimeoutError"])) == {PLAIN: False}


def rounds(k50_p95: float, errors: int, rss: tuple[float, float]) -> list[dict[str, Any]]:
    return [
        {"k": 1, "p50_ms": 10.0, "p95_ms": 12.0, "errors": 0, "rss_mb": rss[0]},
        {"k": 50, "p50_ms": k50_p95 / 2, "p95_ms": k50_p95, "errors": errors, "rss_mb": rss[1]},
    ]


def sessions_data(app_p95: float, app_errors: int, app_rss: tuple[float, float]) -> dict[str, Any]:
    return {
        "pages": [],
        "concurrency": {
            "app": {"page": "walkthrough", "rounds": rounds(app_p95, app_errors, app_rss)},
            "blank-stock": {"page": "blank", "rounds": rounds(2000.0, 0, (70.0, 74.0))},
            # stock Streamlit's 40-paragraph page grows by 10 MB from 1 to 50 sessions: the memory floor
            "blank-paragraphs-stock": {"page": "blank", "rounds": rounds(2000.0, 0, (80.0, 90.0))},
        },
    }


K50 = "K=50: 0 errors, heaviest p95 <= stock blank p95"
MEMORY = "memory(50) - memory(1) <= stock blank + 40 paragraphs"
RSS = "RSS at 50 sessions < 300 MB"


def test_fifty_sessions_no_slower_than_the_stock_blank_page_and_no_errors() -> None:
    assert verdicts(sessions_data(2000.0, 0, (160.0, 166.0)))[K50] is True
    assert verdicts(sessions_data(2001.0, 0, (160.0, 166.0)))[K50] is False
    assert verdicts(sessions_data(500.0, 1, (160.0, 166.0)))[K50] is False


@pytest.mark.parametrize(
    ("rss", "passes"),
    [
        ((160.0, 170.0), True),  # +10 MB, as much as the 40-paragraph page (2.5x the stock blank page's +4)
        ((160.0, 170.1), False),
        ((160.0, 161.0), True),
    ],
)
def test_memory_growth_no_more_than_stock_streamlits_40_paragraph_page(
    rss: tuple[float, float], passes: bool
) -> None:
    assert verdicts(sessions_data(500.0, 0, rss))[MEMORY] is passes


@pytest.mark.parametrize(("rss_50", "passes"), [(299.9, True), (300.0, False), (290.0, True)])
def test_rss_with_fifty_sessions_under_300_mb(rss_50: float, passes: bool) -> None:
    # the growth (from 290 MB at one session) stays within the floor's, so only the 300 MB limit decides
    assert verdicts(sessions_data(500.0, 0, (290.0, rss_50)))[RSS] is passes


def test_without_the_40_paragraph_row_there_is_no_growth_verdict_but_still_the_rss_one() -> None:
    data = sessions_data(500.0, 0, (160.0, 170.0))
    del data["concurrency"]["blank-paragraphs-stock"]
    found = verdicts(data)
    assert MEMORY not in found and found[RSS] is True


def paste_data(
    refused_ms: list[float | None],
    during: tuple[float, float] = (20.0, 40.0),
    errors: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "pages": [],
        "paste": {
            "page": "response_assessment",
            "rows": 10_000,
            "light_page": "glossary",
            "refused_ms": refused_ms,
            "paste_run_ms": [ms or 5000.0 for ms in refused_ms],
            "alone": {"p50_ms": 10.0, "p95_ms": 20.0, "n": 50},
            "during": {"p50_ms": during[0], "p95_ms": during[1], "n": 12},
            "errors": errors or [],
        },
    }


REFUSED = "paste of 10,000 rows refused < 1000 ms"
OTHERS = "another session's reruns during the paste <= 2x without (p50, p95)"


@pytest.mark.parametrize(
    ("refused_ms", "passes"),
    [
        ([120.0, 999.9, 80.0], True),  # the slowest of the pastes decides
        ([120.0, 1000.0, 80.0], False),
        ([120.0, None, 80.0], False),  # a paste that was not refused
    ],
)
def test_a_10000_row_paste_is_refused_in_under_a_second(refused_ms: list[float | None], passes: bool) -> None:
    assert verdicts(paste_data(refused_ms))[REFUSED] is passes


def test_a_paste_run_with_a_protocol_error_fails_however_fast() -> None:
    assert verdicts(paste_data([50.0], errors=["exception: KeyError"]))[REFUSED] is False


@pytest.mark.parametrize(
    ("during", "passes"),
    [
        ((20.0, 40.0), True),  # exactly 2x the same session's p50 (10 ms) and p95 (20 ms) without a paste
        ((20.1, 40.0), False),
        ((20.0, 40.1), False),
        ((11.0, 15.0), True),
    ],
)
def test_another_sessions_reruns_stay_within_2x_during_the_paste(
    during: tuple[float, float], passes: bool
) -> None:
    assert verdicts(paste_data([50.0], during))[OTHERS] is passes


def test_cold_start_within_one_point_two_of_the_blank_page_with_the_same_imports() -> None:
    def data(app_s: float) -> dict[str, Any]:
        return {"pages": [], "cold_start": {"s": {"app": [app_s], "blank-imports": [2.0]}}}

    name = "cold start <= 1.2x blank with the same imports"
    assert verdicts(data(2.4)) == {name: True}
    assert verdicts(data(2.41)) == {name: False}


def test_the_paste_floor_and_reference_are_reported_beside_the_budget_not_judged() -> None:
    data = paste_data([50.0], (30.0, 60.0))
    data["paste"]["during_ordinary"] = {"p50_ms": 30.0, "p95_ms": 50.0, "n": 20}
    data["paste"]["during_light"] = {"p50_ms": 15.0, "p95_ms": 30.0, "n": 40}
    rows, _ = evaluate(data)
    floor = next(row for row in rows if row[1].startswith("floor: glossary reruns during a third session"))
    assert floor[4] == "1.50x / 1.50x" and floor[5] == "reported" and floor[6] == ""
    reference = next(row for row in rows if row[1].startswith("reference: glossary reruns"))
    assert reference[4] == "1.00x / 1.20x" and reference[5] == "reported"
    assert verdicts(data)[OTHERS] is False  # the rows beside it do not change the verdict


def test_the_kinds_floor_shows_one_of_every_kind_the_bench_reads_from_a_page() -> None:
    """benchmarks/browser.py reads the kinds; benchmarks/apps/frame.py shows one of each: the same list."""
    import ast

    from benchmarks.browser import ELEMENT_KINDS
    from benchmarks.common import APPS

    tree = ast.parse((APPS / "frame.py").read_text(encoding="utf-8"))
    elements = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "ELEMENTS"
    )
    assert isinstance(elements, ast.Dict)
    assert [ast.literal_eval(key) for key in elements.keys if key is not None] == list(ELEMENT_KINDS)


def test_each_page_is_reported_beside_the_frame_with_its_own_kinds() -> None:
    data = {
        "pages": [],
        "browser": {
            "load": {
                "blank": {"first_ms": [500.0], "warm_ms": [200.0]},
                "blank-frame": {"first_ms": [500.0], "warm_ms": [200.0]},
                "glossary": {"first_ms": [800.0], "warm_ms": [300.0], "charts": 0, "errors": []},
                "blank-frame:kinds:glossary": {"first_ms": [640.0], "warm_ms": [250.0]},
            },
            "kinds": {"glossary": ["stHeading", "stTextInput"]},
        },
    }
    data["pages"] = ["glossary"]
    rows, _ = evaluate(data)
    budgeted = next(row for row in rows if row[1].startswith("glossary ("))
    assert budgeted[4] == "1.60x" and budgeted[6] == "FAIL"  # the budget is still against the plain frame
    reference = next(row for row in rows if row[1].startswith("reference: glossary"))
    assert "(Heading, TextInput)" in reference[1]
    assert reference[4] == "1.25x" and reference[5] == "reported" and reference[6] == ""


def test_a_pages_rerun_is_reported_beside_stock_streamlit_sending_its_elements() -> None:
    data = rerun_data(12.0)
    data["rerun"]["walkthrough"]["sends"] = {"markdown": 6, "number_input": 4}
    data["rerun"]["server"]["sends:walkthrough"] = {"median_ms": 10.0, "p95_ms": 11.0}
    rows, _ = evaluate(data)
    reference = next(row for row in rows if row[1].startswith("reference: walkthrough"))
    assert "its 10 messages" in reference[1] and "(stock: 2.00x the blank page)" in reference[1]
    assert reference[4] == "1.20x" and reference[5] == "reported" and reference[6] == ""
    assert verdicts(data) == {"rerun walkthrough <= 2x blank": False}  # the row beside it changes nothing


def test_the_stock_reference_sends_the_same_elements_as_each_page() -> None:
    """benchmarks/apps/blank_sends.py, asked for a page's kinds and counts, sends exactly those."""
    from urllib.parse import parse_qs

    from streamlit.testing.v1 import AppTest

    from benchmarks.common import APPS
    from benchmarks.rerun import sends, sends_query
    from crlm_content import site
    from devtools.apptest import open_page

    seen: set[str] = set()
    for page in site.PAGES:
        at = open_page(page.path)
        counted = sends(at)
        assert counted.get("markdown", 0) > 0, page.url_path
        stock = AppTest.from_file(str(APPS / "blank_sends.py"), default_timeout=60)
        stock.query_params["sends"] = parse_qs(sends_query(counted))["sends"][0]
        stock.run()
        assert not stock.exception, (page.url_path, stock.exception)
        assert sends(stock) == counted, page.url_path
        seen |= counted.keys()
    assert {"dataframe/editor", "plotly_chart", "block/tab", "block/form", "number_input"} <= seen


def test_memory_is_reported_beside_stock_streamlit_sending_the_heaviest_pages_elements() -> None:
    data = sessions_data(500.0, 0, (160.0, 172.0))  # +12 MB: over the 40-paragraph page's +10
    data["concurrency"]["blank-sends-stock"] = {"page": "blank", "rounds": rounds(2000.0, 0, (70.0, 78.0))}
    rows, _ = evaluate(data)
    reference = next(row for row in rows if row[1].startswith("reference: RSS MB, 1 -> 50 sessions"))
    assert "walkthrough vs stock Streamlit sending its elements" in reference[1]
    assert reference[4] == "1.50x" and reference[5] == "reported" and reference[6] == ""
    assert any(row[1].startswith("stock Streamlit sending walkthrough's elements (reference") for row in rows)
    assert verdicts(data)[MEMORY] is False  # the budget is still against the 40-paragraph page
