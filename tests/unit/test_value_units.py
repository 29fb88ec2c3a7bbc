"""A figure of exactly 1 reads with a singular unit ("1 year"); symbols and ranges are left alone."""

from __future__ import annotations

import pytest

from crlm_content import Value, load_catalog
from crlm_content.formatting import SINGULAR_UNITS, unit_for


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Value(label="x", value=1, unit="years"), "1 year"),
        (Value(label="x", value=1, unit="months"), "1 month"),
        (Value(label="x", value=1, unit="weeks"), "1 week"),
        (Value(label="x", value=1, unit="cycles"), "1 cycle"),
        (Value(label="x", value=1, unit="studies"), "1 study"),
        (Value(label="x", value=1, unit="years", comparator=">"), "> 1 year"),
        (Value(label="x", value=1, unit="patients"), "1 patient"),
        (Value(label="x", value=1.0, unit="patients"), "1.0 patients"),  # written with a decimal
        (Value(label="x", value=2, unit="years"), "2 years"),
        (Value(label="x", value=1.5, unit="years"), "1.5 years"),
        (Value(label="x", value=1, high=10, unit="mm"), "1-10 mm"),
        (Value(label="x", value=1, high=2, unit="years"), "1-2 years"),
        (Value(label="x", value=1, unit="%", comparator="<"), "< 1%"),
        (Value(label="x", value=1, unit="mm", comparator=">="), ">= 1 mm"),
        (Value(label="x", value=1, unit="lesion", comparator=">"), "> 1 lesion"),
    ],
)
def test_one_reads_singular(value: Value, shown: str) -> None:
    assert value.display() == shown


def test_unit_for() -> None:
    assert unit_for(1, "years") == "year"
    assert unit_for(0, "years") == "years"
    assert unit_for(1, "ng/mL") == "ng/mL"


def test_the_records_of_the_review_read_1_year() -> None:
    catalog = load_catalog()
    for record_id in ("dlm-intrahepatic-rfs", "risk-scores-scoring-systems-comparison"):
        shown = [value.display() for value in catalog.get(record_id).values]
        assert "1 year" in shown, (record_id, shown)
        assert "1 years" not in shown


SYMBOLS = {"", "%", "P", "HR", "RR", "mm", "cm", "cGy", "ng/mL", "year", "lesion"}


def test_every_unit_of_the_evidence_has_its_singular_or_is_a_symbol() -> None:
    units = {value.unit for record in load_catalog().evidence for value in record.values}
    missing = sorted(unit for unit in units if unit not in SINGULAR_UNITS and unit not in SYMBOLS)
    assert missing == []
