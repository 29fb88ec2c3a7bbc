"""crlm_app/runtime/guarded.py: a runtime fix applies only on a tested Streamlit, once, and never raises."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from crlm_app import runtime
from crlm_app.runtime import guarded

LOGGER = logging.getLogger("test")


class Owner:
    def greet(self) -> str:
        return "hello"


def test_a_method_is_replaced_once_and_wraps_the_original() -> None:
    class Fresh(Owner):
        pass

    Fresh.greet = Owner.greet  # type: ignore[method-assign]

    def wrap(original: Callable[[Owner], str]) -> Callable[[Owner], str]:
        return lambda self: original(self) + "!"

    assert guarded.replace_method(Fresh, "greet", wrap) == "applied"
    assert guarded.replace_method(Fresh, "greet", wrap) == "applied"  # not wrapped twice
    assert Fresh().greet() == "hello!" and guarded.is_replaced(Fresh.greet)
    assert guarded.replace_method(Fresh, "missing", wrap) == "skipped: Fresh has no missing"


def test_a_fix_that_fails_is_reported_skipped_and_an_untested_release_is_left_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> str:
        raise AttributeError("no such handler")

    applied: dict[str, str] = {}
    guarded.apply_once(applied, "fix", broken, LOGGER)
    assert applied == {"fix": "skipped: AttributeError: no such handler"}
    guarded.apply_once(applied, "fix", lambda: "applied", LOGGER)  # once per process
    assert applied == {"fix": "skipped: AttributeError: no such handler"}

    monkeypatch.setattr(guarded, "TESTED_STREAMLIT", ("0.0.0",))
    untested: dict[str, str] = {}
    guarded.apply_once(untested, "fix", lambda: "applied", LOGGER)
    assert untested["fix"].startswith("skipped: Streamlit ") and "not a tested release" in untested["fix"]


def test_the_app_applies_every_fix_on_the_locked_streamlit() -> None:
    installed = runtime.install()
    assert installed["perf_patches"]["nodelay"] in {
        "applied",
        "skipped: asyncio already sets TCP_NODELAY on these sockets",
    }
    assert installed["viewer_guard"] == {"clear_cache": "applied"}
    assert installed["edit_screen"] == {"edit_screen": "applied"}
    assert installed["chart_spec"] == {"chart_spec": "applied"}
