"""The benchmark's budget verdicts (benchmarks/run.py ``evaluate``), checked at their boundaries on
hand-made measurements: a ratio exactly on a budget passes, the next step above it fails."""

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


def load_data(first_ms: list[float], charts: int) -> dict[str, Any]:
    return {
        "pages": ["imaging"],
        "browser": {
            "load": {
                "blank": {"first_ms": [500.0, 600.0, 700.0], "warm_ms": [200.0]},
                "blank-plotly": {"first_ms": [1000.0, 1100.0, 1200.0], "warm_ms": [300.0]},
                "imaging": {"first_ms": first_ms, "warm_ms": [250.0], "charts": charts, "errors": []},
            }
        },
    }


def test_page_load_is_compared_with_its_own_floor() -> None:
    # 1320 ms is 1.2x the one-chart floor (1100) but 2.2x the blank page (600).
    chart, plain = "load imaging <= 1.2x blank-plotly", "load imaging <= 1.2x blank"
    assert verdicts(load_data([1300.0, 1320.0, 1400.0], charts=1)) == {chart: True}
    assert verdicts(load_data([1300.0, 1330.0, 1400.0], charts=1)) == {chart: False}
    assert verdicts(load_data([700.0, 720.0, 800.0], charts=0)) == {plain: True}
    assert verdicts(load_data([700.0, 730.0, 800.0], charts=0)) == {plain: False}


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
        },
    }


K50 = "K=50: 0 errors, heaviest p95 <= stock blank p95"
MEMORY = "memory(50) - memory(1) <= 1.5x blank"


def test_fifty_sessions_no_slower_than_the_stock_blank_page_and_no_errors() -> None:
    assert verdicts(sessions_data(2000.0, 0, (160.0, 166.0)))[K50] is True
    assert verdicts(sessions_data(2001.0, 0, (160.0, 166.0)))[K50] is False
    assert verdicts(sessions_data(500.0, 1, (160.0, 166.0)))[K50] is False


def test_memory_growth_within_one_and_a_half_times_the_blank_page() -> None:
    # The stock blank page grows by 4 MB from 1 to 50 sessions: 6 MB is the limit.
    assert verdicts(sessions_data(500.0, 0, (160.0, 166.0)))[MEMORY] is True
    assert verdicts(sessions_data(500.0, 0, (160.0, 166.1)))[MEMORY] is False


def test_cold_start_within_one_point_two_of_the_blank_page_with_the_same_imports() -> None:
    def data(app_s: float) -> dict[str, Any]:
        return {"pages": [], "cold_start": {"s": {"app": [app_s], "blank-imports": [2.0]}}}

    name = "cold start <= 1.2x blank with the same imports"
    assert verdicts(data(2.4)) == {name: True}
    assert verdicts(data(2.41)) == {name: False}
