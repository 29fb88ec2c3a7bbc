"""The room load test counts what a phone's run shows as a problem: an exception, an error or a warning box.

The vote page confirms a vote in an info box (role=status, for a screen reader): counted as a problem, it made
every voter of the load test an error.
"""

from __future__ import annotations

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.Element_pb2 import Element

from devtools.room import element_problem


def alert(kind: int, body: str) -> Element:
    element = Element()
    element.alert.format = kind  # type: ignore[assignment]
    element.alert.body = body
    return element


@pytest.mark.parametrize("kind", [Alert.INFO, Alert.SUCCESS])
def test_a_confirmation_is_not_a_problem(kind: int) -> None:
    assert element_problem(alert(kind, "Vote counted. Your answer: ...")) is None


@pytest.mark.parametrize("kind", [Alert.ERROR, Alert.WARNING])
def test_an_error_or_a_warning_is(kind: int) -> None:
    assert element_problem(alert(kind, "That room code is not open.")) == (
        "a message box: That room code is not open."
    )


def test_an_exception_is() -> None:
    element = Element()
    element.exception.message = "ValueError: boom"
    assert element_problem(element) == "exception: ValueError: boom"


def test_other_elements_are_not() -> None:
    element = Element()
    element.markdown.body = "**3 answers**"
    assert element_problem(element) is None
