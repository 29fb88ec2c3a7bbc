"""The only entrypoint: page config, shared frame, navigation.

pandas and plotly are imported here, first, on purpose: two sessions whose first run imports pandas at the
same moment can otherwise crash with "partially initialized module 'pandas'".
"""

from __future__ import annotations

import pandas  # noqa: F401  (import once per process, before any session runs a page)
import plotly.graph_objects  # noqa: F401
import streamlit as st

import admission
import gc_policy
import perf_patches  # noqa: F401  (guarded runtime fixes, see docs/PERFORMANCE.md)
import ui
import viewer_guard  # noqa: F401  (a viewer cannot clear the shared caches, see viewer_guard.py)
from crlm_content import ContentError

with admission.run_slot():  # a few page runs at a time per process (see admission.py)
    st.set_page_config(
        page_title="CRLM and neoadjuvant chemotherapy: teaching dashboard",
        page_icon=ui.FAVICON,  # why not an emoji or none: see ui.FAVICON
        layout="wide",
    )

    with gc_policy.start_up():  # the first run of a process loads the content with start-up frozen
        try:
            ui.catalog()
        except ContentError as error:
            ui.content_error_page(error)
            st.stop()

    navigation = st.navigation(ui.navigation_pages(), position="top")
    ui.frame_top()
    navigation.run()
    ui.frame_bottom()
    gc_policy.run_finished()
