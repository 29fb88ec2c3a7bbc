"""How every runtime fix of Streamlit here is applied: only on the exact releases it was tested on, once per
process, a method replaced at most once, and anything unexpected leaves the app as it was (the fix is then
reported as skipped)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import streamlit

TESTED_STREAMLIT = ("1.67.0",)  # exact releases: a patch release may change the server code
_MARK = "_crlm_patched"


def streamlit_is_tested() -> bool:
    """True on the exact Streamlit releases every runtime fix here was tested on (``TESTED_STREAMLIT``)."""
    return getattr(streamlit, "__version__", None) in TESTED_STREAMLIT


def replace_method(owner: Any, name: str, wrap: Callable[[Any], Callable[..., Any]]) -> str:
    """Replace ``owner.name`` (a class's method or a module's function) by ``wrap(original)`` unless it
    already was; what happened, in words."""
    original = getattr(owner, name, None)
    if original is None:
        return f"skipped: {owner.__name__} has no {name}"
    if getattr(original, _MARK, False):
        return "applied"
    replacement = wrap(original)
    setattr(replacement, _MARK, True)
    setattr(owner, name, replacement)
    return "applied"


def is_replaced(method: object) -> bool:
    return bool(getattr(method, _MARK, False))


def apply_once(applied: dict[str, str], name: str, fix: Callable[[], str], logger: logging.Logger) -> None:
    """Fill ``applied`` (a module's record, empty before the first call) with what ``fix`` did, on a tested
    release only; an exception is reported as skipped, never raised."""
    if applied:
        return
    if not streamlit_is_tested():
        applied[name] = f"skipped: Streamlit {streamlit.__version__} is not a tested release"
    else:
        try:
            applied[name] = fix()
        except Exception as error:
            applied[name] = f"skipped: {type(error).__name__}: {error}"
    logger.info("%s: %s", name, applied[name])
