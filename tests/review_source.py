"""The review's text for the checks that compare the repository with it; the repository holds no copy.

It is read from outside the checkout: ``$CRLM_REVIEW_SOURCE``, by default the shared copy under
/work/shared/source/ (``devtools.extract_review_numbers.REVIEW_SOURCE``, which writes the numbers from it).
Where it is absent the checks skip with that reason, unless ``CRLM_REQUIRE_SOURCE=1`` makes its absence a
failure.
"""

from __future__ import annotations

import os
import re
from functools import cache

import pytest

from devtools.extract_review_numbers import REVIEW_SOURCE


@cache
def _read() -> str | None:
    return REVIEW_SOURCE.read_text(encoding="utf-8") if REVIEW_SOURCE.is_file() else None


def review_text() -> str:
    """The review's text; skips the calling test when it is not on this machine (fails if it is required)."""
    text = _read()
    if text is None:
        reason = f"the review's text is not at {REVIEW_SOURCE} (set CRLM_REVIEW_SOURCE to point at it)"
        if os.environ.get("CRLM_REQUIRE_SOURCE") == "1":
            pytest.fail(f"CRLM_REQUIRE_SOURCE=1 but {reason}")
        pytest.skip(reason)
    return text


def words(text: str) -> list[str]:
    """Case- and punctuation-free words, so that runs compare regardless of spacing, case and marks."""
    return re.findall(r"[a-z0-9]+", text.casefold())
