"""crlm_content.formatting: one rule for every number the dashboard writes."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from crlm_content.formatting import format_exact, format_figure, format_near, format_number, format_percent


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
        (1e-7, (), None, "1e-7"),  # as the browser's number box writes it (Python's repr: 1e-07)
        (1.19e-7, (), None, "1.19e-7"),
        (1e-20, (0.0,), 6, "1e-20"),  # no ten more places keep it off 0: written exactly, the same way
        (Decimal("6.4750"), (), None, "6.475"),
        # from 1e15 on, an exponent in every path: a mistyped 1e300 is not written as 301 digits
        (1e300, (), 6, "1e+300"),
        (1e300, (), None, "1e+300"),
        (-1e20, (500.0,), 6, "-1e+20"),
        (1e15, (), 6, "1e+15"),
        (1.5e15, (), None, "1.5e+15"),
        (1e308, (), 2, "1e+308"),
        (Decimal("1E+20"), (), None, "1e+20"),
        (999999999999999.0, (), 6, "999999999999999"),  # just below: as before
    ],
)
def test_format_number(value: float, boundaries: tuple[float, ...], decimals: int | None, text: str) -> None:
    assert format_number(value, *boundaries, decimals=decimals) == text


def test_huge_numbers_are_written_with_an_exponent_in_every_formatter() -> None:
    assert format_near(1e300, 3, 9) == "1e+300"
    assert format_near(2.5e16, signed=True) == "+2.5e+16"
    assert format_percent(-1e300, -7.5, signed=True) == "-1e+300%"
    assert format_figure(1e300) == "1e+300"
    assert format_figure(12500.0) == "12 500"  # a record's figure is still grouped in threes


def test_negative_zero_is_written_as_zero() -> None:
    assert format_near(-0.0) == "0.00"
    assert format_near(-0.0, signed=True) == "+0.00"
    assert format_percent(-0.0, 20.0) == "0.0%"
    assert format_near(-0.001) == "0.00"  # unsigned, a value that rounds to 0 has no sign
    assert format_near(-0.001, signed=True) == "-0.00"  # a signed change keeps its direction


def test_format_exact_signed_and_huge() -> None:
    # -30 + 1e-15 (less ~2e-32) beside -30: fourteen places would write -30.00000000000000, on the line
    value = Fraction(-30) + Fraction(1, 10**15) - Fraction(1, 10**32)
    assert format_exact(value, -30.0, signed=True) == "-29.999999999999999"
    assert float(value) == -30.0  # why a float cannot write it
    assert format_exact(Fraction(2), signed=True) == "+2.0"
    assert format_exact(Fraction(0), signed=True) == "+0.0"
    assert format_exact(Fraction(-1, 1000), signed=True) == "-0.0"  # a fall too small to show keeps its sign
    assert format_exact(Fraction(-1, 1000)) == "0.0"
    assert format_exact(Fraction(-1, 1000), 0.0, signed=True) == "-0.001"
    # from 1e15 on an exponent, as every other path writes it (3e293 - 100: a change from 1e-290 to 30)
    assert format_exact(Fraction(3 * 10**293 - 100), -7.5, 0.0, signed=True) == "+3e+293"
    assert format_exact(-Fraction(10**400), signed=True) == "-1e+400"  # beyond the float range
    # 1e15 + 0.5 beside 1e15 + 1: its nearest float, 1000000000000000.5, is on its side: written as is
    assert format_exact(Fraction(2 * 10**15 + 1, 2), Fraction(10**15 + 1)) == "1.0000000000000005e+15"
    # 1e15 + 0.01 beside 1e15: its nearest float is 1e15, on the line; 18 digits keep it above
    assert format_exact(Fraction(10**17 + 1, 100), Fraction(10**15)) == "1.00000000000000001e+15"
