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
