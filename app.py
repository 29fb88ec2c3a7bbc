"""The only entrypoint: runtime set-up, page config, shared frame, navigation.

pandas and plotly are imported here, first, on purpose: two sessions whose first run imports pandas at the
same moment can otherwise crash with "partially initialized module 'pandas'".
"""

from __future__ import annotations

import pandas  # noqa: F401  (import once per process, before any session runs a page)
import plotly.graph_objects  # noqa: F401
import streamlit as st

from crlm_app import content, frame, layout, runtime, state
from crlm_app.runtime import admission, gc_policy
from crlm_content import ContentError

runtime.install()  # once per process: guarded Streamlit fixes and log filters (crlm_app/runtime)

with admission.run_slot():  # a few page runs at a time per process (see admission.py)
    st.set_page_config(
        page_title="CRLM and neoadjuvant chemotherapy: teaching dashboard",
        page_icon=frame.FAVICON,  # why not an emoji or none: see frame.FAVICON
        layout="wide",
    )

    with gc_policy.start_up():  # the first run of a process loads the content with start-up frozen
        try:
            content.catalog()
        except ContentError as error:
            frame.content_error_page(error)
            st.stop()

    navigation = st.navigation(
        frame.navigation_pages(),
        position="hidden" if state.presenting() else "top",  # presenter mode: no menu
    )
    frame.open_default_at_root(navigation)  # a typed /home: the same page at /
    layout.start_run()  # the pages that show a table's phone or desktop form, or alt text, send their CSS
    frame.frame_top(navigation.url_path)
    navigation.run()
    frame.frame_bottom()
    gc_policy.run_finished()
