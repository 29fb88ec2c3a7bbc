"""The CEA monitor's verdict, chart description and table headings (tools.cea.cea_view): decided in one
pure function, not on the page. Expected texts are worked by hand from the series."""

from __future__ import annotations

from crlm_content import tools
from crlm_content.response import cea_response
from crlm_content.tools.cea import VERDICT_LEAD, CeaPoint, CeaTime, cea_view


def series(text: str, time: CeaTime = "week") -> list[CeaPoint]:
    parse = tools.parse_cea_weeks if time == "week" else tools.parse_cea_dates
    records, problems = parse(text)
    points, messages = tools.validate_cea(records, time)
    assert problems == [] and messages == [] and points is not None
    return points


def test_the_first_check_after_the_baseline_is_judged_not_the_latest() -> None:
    # 40 -> 39 is -2.5% (no fall of 7.5%); the latest, 40 -> 20, is -50% and would meet it
    view = cea_view(series("0:40,3:39,6:20"), "week", 7.5)
    assert view.first_check is not None and not view.meets_threshold
    assert view.verdict == (
        "First check after the baseline (derived by this app from your values): CEA fell, but by less than "
        "7.5% from baseline (40 -> 39 ng/mL, -2.5%). A smaller fall, or a rise, does not exclude "
        "progression: response still has to be checked with imaging. Later values are not judged against "
        "the cut-off: it was reported for the first checks."
    )
    assert view.alt == (
        "Line chart of the change in CEA from the first value: week 0: baseline; week 3: -2.5%; week 6: "
        "-50.0%. A dashed "
        "line marks a fall of 7.5%."
    )


def test_a_single_check_has_no_note_on_later_values() -> None:
    view = cea_view(series("0:40,3:37"), "week", 7.5)  # -3/40 = -7.5% exactly: meets
    assert view.meets_threshold
    assert view.verdict == (
        "First check after the baseline (derived by this app from your values): CEA fell by at least 7.5% "
        "from baseline (40 -> 37 ng/mL, -7.5%)."
    )


def test_the_table_headings_follow_the_time_axis() -> None:
    assert cea_view(series("0:40,3:37"), "week", 7.5).columns == {
        "Week": "Week",
        "CEA (ng/mL)": "CEA (ng/mL)",
        "change from baseline (derived)": "Change from baseline (derived)",
        "fall of at least 7.5%": "Fall of at least 7.5%",
    }
    view = cea_view(series("2025-01-06:40,2025-01-27:30", "date"), "date", 7.5)
    assert list(view.columns.values()) == [
        "Date",
        "Weeks from baseline",
        "CEA (ng/mL)",
        "Change from baseline (derived)",
        "Fall of at least 7.5%",
    ]
    assert view.alt.startswith("Line chart of the change in CEA from the first value: 2025-01-06: baseline; ")
    assert "2025-01-27: -25.0%" in view.alt  # 40 -> 30


def test_the_verdict_writes_each_value_as_the_table_does() -> None:
    """0:40.0000001, 3:20, 6:37.00000009. 92.5% of the baseline is 37.0000000925, above 37.00000009, so
    the table writes the baseline with the places that keep it above 37.00000009 / 0.925 = 40.000000097...
    ('40.0000001', not '40'). The verdict judged 40.0000001 -> 20 alone and wrote '40 -> 20 ng/mL': one
    value, two texts on one page."""
    points = series("0:40.0000001,3:20,6:37.00000009")
    table = [row["CEA (ng/mL)"] for row in tools.cea_rows(points, "week", 7.5)]
    assert table[:2] == ["40.0000001", "20"]
    view = cea_view(points, "week", 7.5)
    assert view.meets_threshold  # (20 - 40.0000001) / 40.0000001 = -50.0000001...%
    assert view.verdict == (
        "First check after the baseline (derived by this app from your values): CEA fell by at least 7.5% "
        "from baseline (40.0000001 -> 20 ng/mL, -50.0%). Later values are not judged against the cut-off: "
        "it was reported for the first checks."
    )


def test_the_verdict_keeps_cea_response_s_words_where_the_values_read_the_same() -> None:
    """Where the table writes the pair as cea_response does, the verdict is cea_response's explanation,
    word for word, in each of its three cases (a fall meeting the cut-off, a smaller fall, no fall)."""
    for text, baseline, current in (("0:40,3:30", 40, 30), ("0:40,3:39", 40, 39), ("0:40,3:41", 40, 41)):
        view = cea_view(series(text), "week", 7.5)
        explanation = cea_response(baseline_ng_ml=baseline, current_ng_ml=current).explanation
        assert view.verdict == VERDICT_LEAD + explanation, text
    assert (
        "CEA did not fall from baseline (40 -> 41 ng/mL, +2.5%)."
        in cea_view(series("0:40,3:41"), "week", 7.5).verdict
    )  # +1/40
