"""A chart's JSON is written once per figure, not on every rerun: a guarded fix for Streamlit 1.67.

``st.plotly_chart`` copies the figure it is given into a dict (a deep copy, in plotly's
``plotly.tools.return_figure_from_figure_or_data``) and writes that dict as JSON (``plotly.io.to_json``) on
every run. The charts here are built once per input and process (``figures.cached_figure``) and most reruns
leave them unchanged, so that copy and that JSON were the same on every run: ~1 ms per chart per rerun, a
tenth of the response assessment page's rerun (``python -m benchmarks.profile_page``).

The fix: ``charts.chart`` hands Streamlit a ``Spec``, the figure's dict and JSON made once per cached figure
by plotly's own two functions, exactly as Streamlit would make them. Those two functions are wrapped: given a
``Spec``, the first returns it as it is (it is already a checked figure dict) and the second returns its JSON.
Anything else goes through unchanged. Streamlit 1.67 only reads the dict (its layout's width and height).

Guards (``guarded``): applied only on the exact Streamlit releases it was tested on; anything unexpected and
charts are sent as before (``applied()`` is then False and ``charts.chart`` passes the figure itself).
"""

from __future__ import annotations

import logging
from typing import Any

import plotly.graph_objects as go
import plotly.io
import plotly.tools

from crlm_content import memo

from . import guarded

LOGGER = logging.getLogger("crlm.chart_spec")
APPLIED: dict[str, str] = {}


class Spec(dict[str, Any]):
    """A figure's dict as ``st.plotly_chart`` sends it, with its JSON. Shared by every session: never change
    it."""

    __slots__ = ("json",)

    def __init__(self, figure_dict: dict[str, Any], json: str) -> None:
        super().__init__(figure_dict)
        self.json = json


_ORIGINAL: dict[str, Any] = {}


def _make_spec(figure: go.Figure) -> Spec:
    figure_dict = _ORIGINAL.get("figure", plotly.tools.return_figure_from_figure_or_data)(
        figure, validate_figure=True
    )
    return Spec(figure_dict, _ORIGINAL.get("json", plotly.io.to_json)(figure_dict, validate=False))


def spec(figure: go.Figure) -> Spec:
    """The figure's ``Spec``, made once per figure (pass a figure from ``figures.cached_figure``, which lives
    as long as its memo entry)."""
    return memo.cached(_make_spec, memo.same(figure))


def applied() -> bool:
    return APPLIED.get("chart_spec") == "applied"


def _figure_wrap(original: Any) -> Any:
    _ORIGINAL["figure"] = original

    def return_figure_from_figure_or_data(figure_or_data: Any, validate_figure: Any) -> Any:
        if type(figure_or_data) is Spec:
            return figure_or_data
        return original(figure_or_data, validate_figure)

    return return_figure_from_figure_or_data


def _json_wrap(original: Any) -> Any:
    _ORIGINAL["json"] = original

    def to_json(fig: Any, *args: Any, **kwargs: Any) -> Any:
        if type(fig) is Spec and not args and kwargs == {"validate": False}:
            return fig.json
        return original(fig, *args, **kwargs)

    return to_json


def _apply() -> str:
    figure = guarded.replace_method(plotly.tools, "return_figure_from_figure_or_data", _figure_wrap)
    if figure != "applied":
        return figure
    return guarded.replace_method(plotly.io, "to_json", _json_wrap)


def apply() -> dict[str, str]:
    """Apply the fix once per process; return what happened."""
    guarded.apply_once(APPLIED, "chart_spec", _apply, LOGGER)
    return APPLIED
