"""Argument checks shared by the calculators: a ValueError naming the argument, never a silent coercion.

Every calculator input also has a plausible range, enforced here rather than only by the page's widget, so a
URL, a test or another module gets the same clear message; the message names the argument and the limit.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

from .formatting import format_figure, format_number

# A CEA above this is a unit or typing error (the highest values reported in metastatic disease are in the
# tens of thousands of ng/mL); shared by the CEA response and the prognostic scores.
CEA_MAX_NG_ML = 100_000.0

_LONG_INTEGER_DIGITS = 16


def shown(value: object) -> str:
    """``value`` for an error message: an integer too long to read is described, not printed in full; a float
    is written as every number is (``format_number``, exactly: 0 for 0.0 and -0.0, 1e+300), never Python's
    repr ("got -0.0" reached a page)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        magnitude = abs(int(value))
        if magnitude >= 10**_LONG_INTEGER_DIGITS:
            digits = math.floor(magnitude.bit_length() * math.log10(2)) + 1
            return f"a whole number of about {digits} digits"
    if isinstance(value, float):
        return format_number(value, decimals=None)
    return repr(value)


def require_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {shown(value)}")
    return value


def require_real(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {shown(value)}")
    try:
        result = float(value)
    except OverflowError:  # an integer (or fraction) beyond the float range, e.g. 10**400
        raise ValueError(f"{name} must be a finite number, got {shown(value)}, far too large") from None
    if not math.isfinite(result):
        raise ValueError(f"{name} must be a finite number, got {shown(value)}")
    return result


def require_at_most(value: float, name: str, maximum: float, *, unit: str = "") -> float:
    """``value`` (already checked as a number) at or below its plausible upper limit, named in the message."""
    if value > maximum:
        limit = f"{format_figure(maximum)} {unit}" if unit else format_figure(maximum)
        raise ValueError(f"{name} must be at most {limit} (the plausible upper limit), got {shown(value)}")
    return value


def require_non_negative(value: object, name: str) -> float:
    result = require_real(value, name)
    if result < 0:
        raise ValueError(f"{name} must not be negative, got {shown(value)}")
    return result


def require_positive(value: object, name: str) -> float:
    result = require_real(value, name)
    if result <= 0:
        raise ValueError(f"{name} must be greater than 0, got {shown(value)}")
    return result


def require_count(value: object, name: str, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        # 2.0 is written 2, which alone would read as the whole number asked for
        kind = " (a float; pass an int)" if isinstance(value, float) and value.is_integer() else ""
        raise ValueError(f"{name} must be a whole number, got {shown(value)}{kind}")
    result = int(value)
    if result < 1:
        raise ValueError(f"{name} must be at least 1, got {shown(value)}")
    if maximum is not None and result > maximum:
        raise ValueError(
            f"{name} must be at most {format_figure(maximum)} (the plausible upper limit), got {shown(value)}"
        )
    return result


def exact(value: float) -> Fraction:
    """The shortest decimal that round-trips to ``value``, as an exact fraction (what the user typed).

    Boundaries are compared on these, so 33.3 -> 23.31 is exactly a 30% fall, not 29.999...%.
    """
    return Fraction(repr(value))


def is_blank(value: object) -> bool:
    """An empty table cell: None, blank text, NaN, or pandas' missing-value markers."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")  # pandas' missing values, without importing pandas


def cell_number(value: object) -> tuple[float | None, str | None]:
    """A table cell as a number: (number, None), (None, None) when blank, or (None, problem)."""
    if is_blank(value):
        return None, None
    if isinstance(value, bool):
        return None, "is not a number"
    if isinstance(value, numbers.Real):
        try:
            number = float(value)
        except OverflowError:
            return None, "is not a finite number"
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None, "is not a number"
    else:
        return None, "is not a number"
    if not math.isfinite(number):
        return None, "is not a finite number"
    return number + 0.0, None  # -0 reads as 0
