"""A browser reconnecting to a restarted server, in AppTest: a new session whose first run of the page comes
with the page's widget values, as the browser sends them (``state.page_state``; the real browser and server
in tests/e2e/test_restart.py).

Streamlit discards a value the browser sends for a disabled widget, and a greyed-out box came back empty.
"""

from __future__ import annotations

from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from crlm_app import inputs

from .helpers import APP, run_page

REMNANT = "app_pages/liver_remnant.py"
TIMING = "app_pages/treatment_timing.py"


def reconnect(path: str, params: dict[str, str], sent: dict[str, float]) -> AppTest:
    """A new session opening ``path`` (with the URL's ``params``) whose first run carries the number boxes'
    values ``sent`` (key -> number), under the widget ids the page gives them."""
    ids = {box.key: box.id for box in run_page(path, params).number_input}
    widgets = WidgetStates()
    for key, number in sent.items():
        widget = widgets.widgets.add()
        widget.id = ids[key]
        widget.double_value = number
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(path)
    for key, text in params.items():
        at.query_params[key] = text
    at._run(widget_state=widgets)
    assert not at.exception, at.exception
    return at


def withheld(at: AppTest) -> list[str]:
    """The notices of a result withheld for an empty or out-of-range box."""
    shown = [e.value for e in at.error] + [i.value for i in at.info]
    return [text for text in shown if inputs.WITHHELD in text or "empty" in text]


def test_the_remnant_s_greyed_boxes_keep_the_link_s_values_and_the_typed_box_the_browser_s() -> None:
    at = reconnect(
        REMNANT,
        {"flr_ml": "600"},
        {"liver_remnant__flr": 18.0, "liver_remnant__flr_ml": 600.0, "liver_remnant__bsa": 1.8},
    )
    values = {key: at.number_input(key=f"liver_remnant__{key}").value for key in ("flr", "flr_ml", "bsa")}
    assert values == {"flr": 18.0, "flr_ml": 600.0, "bsa": 1.8}
    assert at.query_params.get("flr") == "18" and at.query_params.get("flr_ml") == "600"
    assert "bsa" not in at.query_params  # the default, left out of the link, never "none"
    assert not withheld(at)


def test_the_timing_plan_s_greyed_day_box_keeps_its_value() -> None:
    at = reconnect(
        TIMING,
        {"start": "2025-01-06", "last_day": "3"},
        {"treatment_timing__cycles": 4.0, "treatment_timing__last_day": 3.0},
    )
    assert at.number_input(key="treatment_timing__cycles").value == 4.0
    assert at.number_input(key="treatment_timing__last_day").value == 3
    assert at.query_params.get("last_day") == "3"
    assert not withheld(at)


def restarted(at: AppTest) -> list[str]:
    return [info.value for info in at.info if info.value.startswith("The app restarted")]


def test_a_page_with_answers_in_the_session_says_they_were_lost_on_a_reconnect_only() -> None:
    at = reconnect("app_pages/quiz.py", {}, {"quiz__seed": 1.0})
    (notice,) = restarted(at)
    assert "your answers in this quiz were lost" in notice
    at.run()  # the next run: the visitor's new answers are this session's
    assert restarted(at) == []
    assert restarted(run_page("app_pages/quiz.py")) == []  # a page opened afresh: nothing was lost
    assert restarted(reconnect(REMNANT, {}, {"liver_remnant__flr": 30.0})) == []  # it keeps no answers
