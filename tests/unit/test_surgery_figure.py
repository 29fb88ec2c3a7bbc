"""The Surgery page's chart of median OS by timing of chemotherapy: the record's values, nothing added."""

from __future__ import annotations

from crlm_content import palette
from crlm_content.catalog import get_catalog
from crlm_content.figures.surgery import (
    SYNCHRONOUS_OS_RECORD,
    synchronous_os_alt,
    synchronous_os_figure,
    synchronous_os_series,
)
from crlm_content.models import Evidence


def record() -> Evidence:
    return get_catalog().get(SYNCHRONOUS_OS_RECORD)


def test_series_are_the_records_values() -> None:
    everyone, low_risk = synchronous_os_series(record())
    assert everyone.months == (36, 53, 76, 67) and low_risk.months == (39, 56, 99, 97)
    assert everyone.p_value == low_risk.p_value == "P < 0.001"


def test_figure_has_two_labelled_groups_and_no_intervals() -> None:
    fig = synchronous_os_figure(record(), source="Source: ref. [56]")
    assert [bar.name for bar in fig.data] == ["All patients (P < 0.001)", "Low-risk patients (P < 0.001)"]
    assert [list(bar.y) for bar in fig.data] == [[36, 53, 76, 67], [39, 56, 99, 97]]
    assert [list(bar.text) for bar in fig.data] == [["36", "53", "76", "67"], ["39", "56", "99", "97"]]
    assert [bar.marker.color for bar in fig.data] == [palette.BLUE, palette.ORANGE]
    assert all(bar.error_y.array is None for bar in fig.data)
    assert any("Source: ref. [56]" in a.text for a in fig.layout.annotations)


def test_alt_text_names_every_bar() -> None:
    alt = synchronous_os_alt(record())
    for months in (36, 53, 76, 67, 39, 56, 99, 97):
        assert f"{months} months" in alt
    assert "no intervals" in alt


def test_margin_relative_risks_come_from_the_record() -> None:
    from crlm_content.surgery import margin_rr_rows

    rows = margin_rr_rows(get_catalog())
    assert [row["rr"] for row in rows] == ["RR = 0.86", "RR = 0.91", "RR = 0.94", "RR = 0.93", "RR = 0.88"]
    assert [row["time"] for row in rows] == ["3 years", "5 years", "10 years", "3 years", "5 years"]
