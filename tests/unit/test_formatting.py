"""crlm_content.formatting: one rule for every number the dashboard writes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crlm_content.formatting import format_number


@pytest.mark.parametrize(
    ("value", "boundaries", "decimals", "text"),
    [
        (12.0, (), 6, "12"),
        (1.23456789, (), 6, "1.234568"),
        (29.996, (), 2, "30"),  # the walkthrough's two decimals, no threshold named
        (29.996, (30.0,), 2, "29.996"),  # never rounded onto or across a named threshold
        (5.0000001, (5.0,), 6, "5.0000001"),
        (-0.0, (), 6, "0"),
        (float("inf"), (), 6, "inf"),
        (1.5, (), None, "1.5"),  # exactly: reads back as the same number
        (3.0, (), None, "3"),
        (1e-7, (), None, "1e-07"),
        (Decimal("6.4750"), (), None, "6.475"),
    ],
)
def test_format_number(value: float, boundaries: tuple[float, ...], decimals: int | None, text: str) -> None:
    assert format_number(value, *boundaries, decimals=decimals) == text
