"""How every number is written: one rule for the whole dashboard.

A number reads as a person writes it (12, 12.5, 0.75: no trailing zeros, no exponent for normal sizes) and
is never rounded across a threshold it is compared with: pass the thresholds as ``boundaries`` and the text
gets as many more decimals as it needs to stay on the value's side (8.996 next to 9 is 8.996, not 9.00).
``decimals`` is the precision a feature shows by default (6 on the calculators, 2 in the walkthrough's trace);
``decimals=None`` writes the shortest text that reads back as the same number (for links and tables that are
parsed again). From 1e15 on every path writes an exponent (1e+300), so a mistyped value stays short.
"""

from __future__ import annotations

import contextlib
import math
from decimal import Decimal
from fractions import Fraction

# A boundary is a float (read as the decimal it prints as, like the calculators read their inputs) or an
# exact Fraction (a threshold derived from other values, such as 92.5% of a baseline).
Boundary = float | Fraction


def _typed(value: float) -> Fraction:
    """The shortest decimal that reads back as ``value``, exactly (the number the user typed)."""
    return Fraction(repr(float(value)))


def _exact_boundaries(boundaries: tuple[Boundary, ...]) -> tuple[Fraction, ...]:
    return tuple(b if isinstance(b, Fraction) else _typed(b) for b in boundaries)


def _side(value: Fraction, boundary: Fraction) -> int:
    return (value > boundary) - (value < boundary)


def _places(value: float, boundaries: tuple[Boundary, ...], decimals: int) -> int | None:
    """The fewest places from ``decimals`` on whose text keeps ``value`` on its side of every boundary (None:
    none within ten more places do; the caller writes the value in full). The side is decided exactly: the
    text as written against the value as typed, so a boundary derived from other values (a Fraction) is
    never crossed by a hair that floating point cannot see."""
    if not boundaries:
        return decimals
    exact = _exact_boundaries(boundaries)
    typed = _typed(value)
    for places in range(decimals, decimals + 10):
        shown = Fraction(f"{round(value, places):.{places}f}")
        if all(_side(shown, b) == _side(typed, b) for b in exact):
            return places
    return None


# From this magnitude on a number is written with an exponent (1e+300), never as a row of digits: a value
# typed or linked by mistake stays short in a message and in a link.
EXPONENT_FROM = 1e15


def _scientific(value: float | Decimal) -> str:
    """Exponent form, exactly (as short as reads back as the same number): 1e+300, 1.5e+20, -2.5e+15."""
    decimal = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return format(decimal.normalize(), "e")


def _exact(value: float | Decimal) -> str:
    """Shortest text that reads back as the same number: 1.5 -> '1.5', 3.0 -> '3', 1e300 -> '1e+300'."""
    if isinstance(value, Decimal):
        if value.is_finite() and abs(value) >= EXPONENT_FROM:
            return _scientific(value)
        return format(value.normalize(), "f")
    if math.isfinite(value) and abs(value) >= EXPONENT_FROM:
        return _scientific(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(float(value))
    # a tiny value as the browser's box writes it: 1e-7, not Python's 1e-07 (the verdict beside the box
    # read "1e-07%")
    return _scientific(value) if "e" in text else text


def format_number(value: float | Decimal, *boundaries: Boundary, decimals: int | None = 6) -> str:
    """``value`` to at most ``decimals`` places with trailing zeros dropped, with more places when rounding
    would cross (or land on) one of ``boundaries``; ``decimals=None``: exactly, as short as it reads back."""
    if decimals is None:
        return _exact(value)
    number = float(value)
    if not math.isfinite(number):
        return f"{number}"
    if abs(number) >= EXPONENT_FROM:
        return _scientific(number)
    places = _places(number, boundaries, decimals)
    if places is None:
        return _exact(number)
    text = f"{round(number, places):.{places}f}".rstrip("0").rstrip(".") if places else f"{number:.0f}"
    return "0" if text == "-0" else text


def written_places(text: object) -> int:
    """The decimals a figure is written with: 2 for "7.50", 1 for 81.0 (a float reads back as its shortest
    text), 0 for 81 or anything that is not a number."""
    if isinstance(text, bool) or not isinstance(text, int | float | str | Decimal):
        return 0
    try:
        number = Decimal(text.strip() if isinstance(text, str) else repr(text))
    except ArithmeticError:  # decimal.InvalidOperation: not a number
        return 0
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and number.is_finite() and exponent < 0 else 0


def format_figure(value: float, places: int = 0) -> str:
    """A figure as a record gives it: exactly (``decimals=None``), with at least ``places`` decimals (a
    median of 81.0 months stays 81.0, as the review writes it, not 81), whole numbers of 10 000 or more
    grouped in threes by spaces (12 500 patients)."""
    if float(value).is_integer() and 10000 <= abs(value) < EXPONENT_FROM:
        return f"{int(value):,}".replace(",", " ") + ("." + "0" * places if places > 0 else "")
    text = format_number(value, decimals=None)
    if places > 0 and math.isfinite(value) and "e" not in text:
        whole, _, fraction = text.partition(".")
        return f"{whole}.{fraction.ljust(places, '0')}"
    return text


def format_near(value: float, *boundaries: Boundary, decimals: int = 2, signed: bool = False) -> str:
    """``value`` to exactly ``decimals`` places (trailing zeros kept, for a column of scores), with more when
    rounding would cross (or land on) a boundary.

    A Tumor Burden Score of 8.996 next to the 9 boundary shows as 8.996, not 9.00; exactly 9 shows as 9.00.
    """
    sign = "+" if signed else ""
    value = value + 0.0  # -0 is 0: "0.00" (or "+0.00"), never "-0.00"
    if not math.isfinite(value):
        return f"{value:{sign}}"
    if abs(value) >= EXPONENT_FROM:
        return ("+" if signed and value > 0 else "") + _scientific(value)
    places = _places(value, boundaries, decimals)
    if places is None:
        return f"{value:{sign}}"
    text = f"{round(value, places):{sign}.{places}f}"
    if not signed and text.startswith("-") and not text.strip("-0."):
        return text[1:]  # a value that rounds to 0 unsigned: "0.0", not "-0.0"
    return text


def format_exact(value: Fraction, *boundaries: Boundary, decimals: int = 1, signed: bool = False) -> str:
    """An exact result (a Fraction computed from typed decimals) to ``decimals`` places, trailing zeros kept,
    with more places where rounding would put it on the other side of a boundary or onto it, even by less
    than a float can tell: 19.99999999999999983 (not 20.0) beside '>= 20', where ``float`` gives 20.0.
    ``signed``: a change, with its direction ("+2.0", "-0.0" for a fall too small to show at ``decimals``).
    From 1e15 on with an exponent (a change from a near-zero baseline), never as a row of digits."""
    exact = _exact_boundaries(boundaries)
    sign = ("-" if value < 0 else "+") if signed else ""
    if abs(value) >= EXPONENT_FROM:
        return sign + _scientific_exact(abs(value), tuple(-b if value < 0 else b for b in exact))
    for places in range(decimals, 60):
        shown = round(value, places)
        if all(_side(shown, b) == _side(value, b) for b in exact):
            break
    magnitude = abs(shown) if signed else shown  # the sign is written apart: a tiny fall stays "-0.0"
    digits = Decimal(round(magnitude * 10**places)).scaleb(-places)
    return sign + format(digits, f".{places}f")


def _scientific_exact(value: Fraction, boundaries: tuple[Fraction, ...]) -> str:
    """A positive exact ``value`` of 1e15 or more in exponent form: the shortest text that reads back as its
    nearest float, or more significant digits where that text would cross a boundary (or the value is
    beyond the float range)."""
    candidates: list[Decimal] = []
    with contextlib.suppress(OverflowError):  # beyond the float range: only the exact digits
        candidates.append(Decimal(repr(float(value))))
    exact = Decimal(value.numerator) / Decimal(value.denominator)  # the context's 28 digits
    candidates += [round(exact, -exact.adjusted() + digits - 1) for digits in range(17, 29)]
    for decimal in candidates:
        if all(_side(Fraction(decimal), b) == _side(value, b) for b in boundaries):
            return _scientific(decimal)
    return _scientific(exact)


def format_percent(value: float, *boundaries: Boundary, signed: bool = False) -> str:
    """A percentage to 1 decimal, with more decimals when 1 would put it on the other side of a boundary.

    29.96 next to a 30% threshold shows as 29.96%, not 30.0%; exactly 30 shows as 30.0%.
    """
    return format_near(value, *boundaries, decimals=1, signed=signed) + "%"


# A unit's singular, for a figure of exactly 1 ("1 year", not "1 years"); every plural unit the evidence
# uses is here (a unit test reads the data), symbols (%, mm, ng/mL) are not.
SINGULAR_UNITS = {
    "years": "year",
    "months": "month",
    "weeks": "week",
    "days": "day",
    "decades": "decade",
    "cycles": "cycle",
    "fractions": "fraction",
    "lesions": "lesion",
    "segments": "segment",
    "patients": "patient",
    "studies": "study",
    "scoring systems": "scoring system",
    "percentage points": "percentage point",
    "years of age": "year of age",
    "new cases per year": "new case per year",
}


def unit_for(value: float, unit: str) -> str:
    """``unit`` as it reads after ``value``: singular for exactly 1 (``1 year``), else as given."""
    return SINGULAR_UNITS.get(unit, unit) if value == 1 else unit


__all__ = [
    "EXPONENT_FROM",
    "SINGULAR_UNITS",
    "format_exact",
    "format_figure",
    "format_near",
    "format_number",
    "format_percent",
    "unit_for",
    "written_places",
]
