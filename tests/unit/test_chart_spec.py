"""crlm_app/runtime/chart_spec.py: a chart sends exactly what Streamlit would send for its figure, its JSON
written once per figure rather than on every rerun, and nothing else that passes through plotly changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import plotly.io
import plotly.tools
import pytest
from streamlit.testing.v1 import AppTest

from crlm_app import runtime
from crlm_app.runtime import chart_spec


def figure() -> go.Figure:
    return go.Figure(go.Scatter(x=[1, 2, 3], y=[4.5, 5, 6], name="CEA"), layout={"height": 320, "title": "x"})


def sent_specs(show: Any) -> list[str]:
    """The plotly specs a one-chart script sends, run twice (the second run is a rerun)."""

    def script(show: "Callable[[], Any]") -> None:  # noqa: UP037 (AppTest runs this source without imports)
        import streamlit as st

        st.plotly_chart(show(), config={"displaylogo": False})

    at = AppTest.from_function(script, args=(show,), default_timeout=30)
    specs = []
    for _ in range(2):
        at.run()
        assert not at.exception
        specs += [element.proto.spec for element in at.get("plotly_chart")]
    return specs


@pytest.fixture(autouse=True)
def installed() -> None:
    runtime.install()
    assert chart_spec.applied(), chart_spec.APPLIED


def test_a_spec_sends_what_its_figure_sends() -> None:
    shared = figure()
    plain = sent_specs(lambda: shared)
    via_spec = sent_specs(lambda: chart_spec.spec(shared))
    assert len(plain) == 2 and plain == via_spec
    assert via_spec[0] == plotly.io.to_json(shared, validate=False)  # the wrapped function, given a figure


def test_a_rerun_writes_no_json_for_an_unchanged_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    import plotly.io._json as plotly_json

    shared = figure()
    spec = chart_spec.spec(shared)  # made once: its JSON written here
    written: list[object] = []
    original = plotly_json.to_json_plotly

    def counting(plotly_object: Any, *args: Any, **kwargs: Any) -> Any:
        written.append(plotly_object)
        return original(plotly_object, *args, **kwargs)

    monkeypatch.setattr(plotly_json, "to_json_plotly", counting)
    assert sent_specs(lambda: chart_spec.spec(shared)) == [spec.json, spec.json]
    assert written == []  # the cached figure's spec is reused: no JSON written on either run
    sent_specs(figure)  # a figure that is not a Spec is written as before, once per run
    assert len(written) == 2


def test_the_shared_spec_is_not_changed_by_sending_it() -> None:
    spec = chart_spec.spec(figure())
    before = (dict(spec), spec.json)
    sent_specs(lambda: spec)
    assert (dict(spec), spec.json) == before
    assert chart_spec.spec(figure()) is not spec  # a different figure object is a different entry


def test_anything_else_goes_through_plotly_unchanged() -> None:
    as_dict = {"data": [{"type": "bar", "x": [1], "y": [2]}]}
    checked = plotly.tools.return_figure_from_figure_or_data(as_dict, validate_figure=True)
    assert checked is not as_dict and checked["data"][0]["type"] == "bar"  # validated into a new dict
    with pytest.raises(Exception, match="Invalid element"):
        plotly.tools.return_figure_from_figure_or_data({"data": [{"type": "nonsense"}]}, validate_figure=True)
    spec = chart_spec.spec(figure())
    assert plotly.io.to_json(spec, pretty=True) != spec.json  # other arguments: plotly writes it afresh
    assert '"CEA"' in plotly.io.to_json(spec, pretty=True)


def test_charts_send_the_figure_itself_when_the_fix_is_not_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    from crlm_app import charts

    sent: list[object] = []
    monkeypatch.setitem(chart_spec.APPLIED, "chart_spec", "skipped: Streamlit 0.0 is not a tested release")
    monkeypatch.setattr("streamlit.plotly_chart", lambda shown, **kwargs: sent.append(shown))
    monkeypatch.setattr("crlm_app.layout.screen_reader_only", lambda name: _Nothing())
    monkeypatch.setattr("streamlit.caption", lambda *args, **kwargs: None)
    charts.chart(figure, alt="A line")
    assert len(sent) == 1 and isinstance(sent[0], go.Figure)
    monkeypatch.setitem(chart_spec.APPLIED, "chart_spec", "applied")
    charts.chart(figure, alt="A line")
    assert type(sent[1]) is chart_spec.Spec and sent[1] is chart_spec.spec(sent[0])


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None
