"""A record's figures keep the decimals they are written with: the review's "81.0 months" was shown as
"81 months" in a card whose statement says 81.0 (a float field reads 81.0 and 81 as the same number)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from crlm_content import evidence
from crlm_content.formatting import format_figure, written_places
from crlm_content.models import Evidence, Value

# A number as a statement or a figure writes it: 148000, 148,000 or 148 000 (grouped), 81.0, 0.036.
NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:[ ,]\d{3})+(?!\d)|(?<![\w.])\d+(?:\.\d+)?")


def _digits(text: str) -> str:
    """The number's digits and decimals, its thousands grouping aside (148 000 and 148,000 are 148000)."""
    return text.replace(",", "").replace(" ", "")


def _figures(record: Evidence) -> list[tuple[str, str, list[str]]]:
    """(value label, shown number texts, the statement's texts of the same number) for each end of each
    figure of the record whose number the statement writes."""
    statement = record.statement
    written = [_digits(m.group()) for m in NUMBER.finditer(statement)]
    found = []
    for value in record.values:
        shown = [_digits(m.group()) for m in NUMBER.finditer(value.display())]
        for end in (value.value, value.high):
            if end is None:
                continue
            same = [w for w in written if Decimal(w) == Decimal(repr(end))]
            if same:
                found.append((value.label, " ".join(shown), same))
    return found


def test_every_figure_is_shown_as_its_statement_writes_it() -> None:
    checked = 0
    wrong = []
    for record in evidence():
        for label, shown, same in _figures(record):
            checked += 1
            if not set(shown.split()) & set(same):
                wrong.append((record.id, label, shown, same))
    assert wrong == []
    assert checked > 100  # the statements write most figures: the check is not vacuous


@pytest.mark.parametrize(
    ("record_id", "label", "shown"),
    [
        ("biologics-new-epoc-os", "median OS, chemotherapy alone", "81.0 months"),
        ("resectable-eortc-40983-long-term-os", "median OS, surgery alone", "55.0 months"),
        ("figure-1-response", "maximum diameter after chemotherapy", "7.0 cm"),
        ("biologics-become-resection-response", "median follow-up", "37.0 months"),
        ("biologics-new-epoc-os", "median OS, chemotherapy + cetuximab", "55.4 months"),
    ],
)
def test_the_reviews_written_decimals_reach_the_figures_line(record_id: str, label: str, shown: str) -> None:
    record = next(r for r in evidence() if r.id == record_id)
    assert record.value(label).display() == shown
    assert shown.split()[0] in record.statement


def test_written_decimals_are_read_from_the_data_as_written() -> None:
    assert [written_places(x) for x in (81, 81.0, "7.50", " 0.036 ", 148000, "1e-5", True, None, "n/a")] == [
        0, 1, 2, 3, 0, 5, 0, 0, 0,
    ]  # fmt: skip
    assert Value(label="x", value=81.0, unit="months").display() == "81.0 months"
    assert Value(label="x", value=81, unit="months").display() == "81 months"
    assert Value.model_validate({"label": "x", "value": "7.50", "unit": "cm"}).display() == "7.50 cm"
    assert Value(label="x", value=2.0, high=3.5, unit="%").display() == "2.0-3.5%"
    assert Value(label="x", value=2, high=3.5, unit="%").display() == "2-3.5%"
    assert Value(label="P", value=0.05, unit="P", comparator="<").display() == "P < 0.05"
    # the number itself is unchanged: only how many decimals are written
    assert Value(label="x", value=81.0).value == Value(label="x", value=81).value == 81


def test_format_figure_pads_to_the_written_decimals_and_never_rounds() -> None:
    assert format_figure(81.0, 1) == "81.0"
    assert format_figure(55.4, 1) == "55.4"
    assert format_figure(0.036, 1) == "0.036"  # more decimals than asked: all kept, none dropped
    assert format_figure(12500.0, 1) == "12 500.0"
    assert format_figure(12500) == "12 500"
    assert format_figure(7.0) == "7"
    assert format_figure(float("nan"), 2) == "nan"
