"""The page-load floor: the app's own frame around the blank page's one line.

The same page config, top navigation over every page, share button and disclaimers as `app.py`; only the
page inside is the blank page. What a first visit pays for the frame alone, before a page shows anything:
each page's load budget is a ratio to it. ``?kind=plotly``: the frame around the line and one small plotly
chart, the floor of pages that open on a chart. ``?kind=text`` (a reference row): the frame around the line
and one text input, the least a tool page shows.
"""

from pathlib import Path

import streamlit as st

from crlm_app import frame, layout
from crlm_content import site

ROOT = Path(__file__).resolve().parents[2]


def blank() -> None:
    kind = st.query_params.get("kind")
    st.write("Blank page")
    if kind == "text":
        st.text_input("Text", key="w")
    elif kind == "plotly":  # the chart of blank_plotly.py
        import plotly.graph_objects as go

        st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), key="chart")


st.set_page_config(
    page_title="CRLM and neoadjuvant chemotherapy: teaching dashboard", page_icon=frame.FAVICON, layout="wide"
)
navigation = st.navigation(
    {
        section: [
            st.Page(blank, title=p.title, icon=p.icon, default=True)
            if p.default
            else st.Page(ROOT / p.path, title=p.title, icon=p.icon, url_path=p.url_path)
            for p in pages
        ]
        for section, pages in site.sections().items()
    },
    position="top",
)
layout.start_run()
frame.frame_top()
navigation.run()
frame.frame_bottom()
