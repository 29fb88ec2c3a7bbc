"""Argument checks shared by the calculators: a ValueError naming the argument, never a silent coercion."""

from __future__ import annotations

import math
import numbers
from fractions import Fraction


def require_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return value


def require_real(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return result


def require_non_negative(value: object, name: str) -> float:
    result = require_real(value, name)
    if result < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return result


def require_positive(value: object, name: str) -> float:
    result = require_real(value, name)
    if result <= 0:
        raise ValueError(f"{name} must be greater than 0, got {value!r}")
    return result


def require_count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    result = int(value)
    if result < 1:
        raise ValueError(f"{name} must be at least 1, got {value!r}")
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
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None, "is not a number"
    else:
        return None, "is not a number"
    if not math.isfinite(number):
        return None, "is not a finite number"
    return number, None
