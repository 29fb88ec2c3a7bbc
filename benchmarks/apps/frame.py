"""A reference row of the page-load table: the app's own frame around the blank page's one line.

The same page config, top navigation over the twelve pages, share button and disclaimers as `app.py`; only
the page inside is the blank page. What a first visit pays for the frame alone, before a page shows anything;
with ``?kind=text``, the frame around the blank page with one text input (the least a tool page shows).
"""

from pathlib import Path

import streamlit as st

from crlm_app import frame
from crlm_content import site

ROOT = Path(__file__).resolve().parents[2]


def blank() -> None:
    st.write("Blank page")
    if st.query_params.get("kind") == "text":
        st.text_input("Text", key="w")


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
frame.frame_top()
navigation.run()
frame.frame_bottom()
