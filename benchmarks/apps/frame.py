"""The page-load floor: the app's own frame around the blank page's one line.

The same page config, top navigation over every page, share button and disclaimers as `app.py`; only the
page inside is the blank page. What a first visit pays for the frame alone, before a page shows anything:
each page's load budget is a ratio to it. ``?kind=plotly``: the frame around the line and one small plotly
chart, the floor of pages that open on a chart. ``?kind=text`` (a reference row): the frame around the line
and one text input, the least a tool page shows. ``?kinds=heading,selectbox,...`` (a reference row per
page): the frame with one element of each kind a page's first screen shows (``ELEMENTS``; the kinds are read
from the page by ``benchmarks.browser.element_kinds``), so that Streamlit's own price for those kinds (each
loads its script on a first visit) is in the floor and the ratio is what the page adds.
"""

from collections.abc import Callable
from datetime import date
from pathlib import Path

import streamlit as st

from crlm_app import frame, layout
from crlm_content import site

ROOT = Path(__file__).resolve().parents[2]


def _plotly() -> None:  # the chart of blank_plotly.py
    import plotly.graph_objects as go

    st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), key="chart")


def _dataframe() -> None:
    import pandas as pd

    st.dataframe(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))


def _tabs() -> None:
    first, _ = st.tabs(["One", "Two"])
    first.write("Tab")


def _expander() -> None:
    with st.expander("More"):
        st.write("Inside")


def _form() -> None:
    with st.form("form"):
        st.form_submit_button("Submit")


def _columns() -> None:
    left, right = st.columns(2)
    left.write("Left")
    right.write("Right")


def _page_link() -> None:
    st.page_link(PAGE_LINK_TARGET, label="A page")


# One element of each kind (the kind's data-testid on the page -> how to show one here).
ELEMENTS: dict[str, Callable[[], object]] = {
    "stHeading": lambda: st.header("Heading"),
    "stTextInput": lambda: st.text_input("Text", key="text"),
    "stNumberInput": lambda: st.number_input("Number", value=1, key="number"),
    "stSelectbox": lambda: st.selectbox("Select", ["a", "b"], key="select"),
    "stMultiSelect": lambda: st.multiselect("Multi", ["a", "b"], default=["a"], key="multi"),
    "stCheckbox": lambda: st.toggle("Toggle", key="toggle"),
    "stRadio": lambda: st.radio("Radio", ["a", "b"], key="radio"),
    "stSlider": lambda: st.slider("Slider", 0, 10, 5, key="slider"),
    "stDateInput": lambda: st.date_input("Date", value=date(2025, 1, 6), key="date"),
    "stDataFrame": _dataframe,
    "stTabs": _tabs,
    "stExpander": _expander,
    "stPlotlyChart": _plotly,
    "stMetric": lambda: st.metric("Metric", 1, delta=-1),
    "stAlert": lambda: st.info("Info"),
    "stButton": lambda: st.button("Button", key="button"),
    "stDownloadButton": lambda: st.download_button("Download", "x", file_name="x.txt", key="download"),
    "stPageLink": _page_link,
    "stForm": _form,
    "stProgress": lambda: st.progress(0.5),
    "stHtml": lambda: st.html("<style>.crlm-floor { color: inherit; }</style>"),
    "stHorizontalBlock": _columns,
    "stTooltipIcon": lambda: st.markdown("Help", help="A tooltip"),
}


def blank() -> None:
    kind = st.query_params.get("kind")
    st.write("Blank page")
    if kind == "text":
        st.text_input("Text", key="w")
    elif kind == "plotly":
        _plotly()
    for name in st.query_params.get("kinds", "").split(","):
        if name in ELEMENTS:
            ELEMENTS[name]()


st.set_page_config(
    page_title="CRLM and neoadjuvant chemotherapy: teaching dashboard", page_icon=frame.FAVICON, layout="wide"
)
PAGES = {
    section: [
        st.Page(blank, title=p.title, icon=p.icon, default=True)
        if p.default
        else st.Page(ROOT / p.path, title=p.title, icon=p.icon, url_path=p.url_path)
        for p in pages
    ]
    for section, pages in site.sections().items()
}
PAGE_LINK_TARGET = [page for pages in PAGES.values() for page in pages][1]  # the page after the blank one
navigation = st.navigation(PAGES, position="top")
layout.start_run()
frame.frame_top()
navigation.run()
frame.frame_bottom()
