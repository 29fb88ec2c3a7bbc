"""The warm-rerun reference rows: stock Streamlit sending the elements a page sends, and nothing else.

``?sends=markdown:11,heading:3,block/tab:3,...`` (the kinds and counts of one page's rerun, as
``benchmarks.rerun`` counts them in-process): this page sends as many elements of each kind, with no app
code at all (no content, no rules, no state). Its warm rerun is Streamlit's own price for those messages;
a page's rerun against it is what the page's code adds (``benchmarks/run.py``, "reference" rows). Kinds
not listed in ``SEND`` are ignored; counts are capped at 60.
"""

from collections.abc import Callable
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

FIGURE = go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2]))
FRAME = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})


def _flex(n: int) -> None:
    for _ in range(n):
        st.container(horizontal=True)


def _columns(n: int) -> None:  # one flex container holding n columns
    st.columns(n)


def _tabs(n: int) -> None:  # one tab container holding n tabs
    st.tabs([f"Tab {i}" for i in range(n)])


def _repeat(show: Callable[[int], object]) -> Callable[[int], None]:
    def each(n: int) -> None:
        for i in range(n):
            show(i)

    return each


SEND: dict[str, Callable[[int], None]] = {
    "markdown": _repeat(
        lambda i: st.markdown(f"Paragraph {i}: a line of text as long as a short paragraph.")
    ),
    "heading": _repeat(lambda i: st.header(f"Heading {i}")),
    "alert": _repeat(lambda i: st.info(f"Info {i}")),
    "metric": _repeat(lambda i: st.metric(f"Metric {i}", i, delta=-1)),
    "html": _repeat(lambda i: st.html(f"<style>.ref-{i} {{ color: inherit; }}</style>")),
    "button": _repeat(lambda i: st.button(f"Button {i}", key=f"button{i}")),
    "download_button": _repeat(lambda i: st.download_button(f"Get {i}", "x", file_name="x", key=f"dl{i}")),
    "page_link": _repeat(lambda i: st.page_link("https://example.org", label=f"Link {i}")),
    "progress": _repeat(lambda i: st.progress(0.5)),
    "text_input": _repeat(lambda i: st.text_input(f"Text {i}", key=f"text{i}")),
    "number_input": _repeat(lambda i: st.number_input(f"Number {i}", value=1.0, key=f"number{i}")),
    "selectbox": _repeat(lambda i: st.selectbox(f"Select {i}", ["a", "b", "c"], key=f"select{i}")),
    "multiselect": _repeat(lambda i: st.multiselect(f"Multi {i}", ["a", "b"], default="a", key=f"multi{i}")),
    "checkbox": _repeat(lambda i: st.toggle(f"Toggle {i}", key=f"toggle{i}")),
    "radio": _repeat(lambda i: st.radio(f"Radio {i}", ["a", "b"], key=f"radio{i}", horizontal=True)),
    "slider": _repeat(lambda i: st.slider(f"Slider {i}", 0, 10, 5, key=f"slider{i}")),
    "date_input": _repeat(lambda i: st.date_input(f"Date {i}", value=date(2025, 1, 6), key=f"date{i}")),
    "dataframe": _repeat(lambda i: st.dataframe(FRAME, key=f"frame{i}")),
    "dataframe/editor": _repeat(lambda i: st.data_editor(FRAME, key=f"editor{i}", num_rows="dynamic")),
    "plotly_chart": _repeat(lambda i: st.plotly_chart(FIGURE, key=f"chart{i}")),
    "block/expandable": _repeat(lambda i: st.expander(f"More {i}")),
    "block/popover": _repeat(lambda i: st.popover(f"Menu {i}")),
    "block/form": _repeat(lambda i: st.form(f"form{i}").form_submit_button(f"Send {i}")),
    "block/flex_container": _flex,
    "block/column": _columns,
    "block/tab": _tabs,
}


def counts() -> dict[str, int]:
    wanted: dict[str, int] = {}
    for item in st.query_params.get("sends", "").split(","):
        kind, _, number = item.partition(":")
        if kind in SEND and number.isdigit():
            wanted[kind] = min(int(number), 60)
    return wanted


def page() -> None:
    wanted = counts()
    # Elements that other calls send too, taken off their own counts: st.columns adds a flex container and
    # a form's submit button is a button. Blocks are left empty (a page's closed lazy expanders are too).
    if wanted.get("block/column"):
        wanted["block/flex_container"] = max(wanted.get("block/flex_container", 0) - 1, 0)
    wanted["button"] = max(wanted.get("button", 0) - wanted.get("block/form", 0), 0)
    for kind, n in wanted.items():
        if n:
            SEND[kind](n)


st.set_page_config(page_title="Reference", layout="wide")
st.navigation([st.Page(page, title="Reference", default=True)], position="top").run()
