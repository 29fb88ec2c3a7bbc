"""A blank page with one widget of the kind named by ?kind=: the interaction floor, and the reference rows
of the page-load table (what one widget of each kind costs a first visit on its own)."""

import streamlit as st

kind = st.query_params.get("kind", "toggle")
if kind == "text":
    st.text_input("Text", key="w")
elif kind == "number":
    st.number_input("Number", key="w", min_value=0, max_value=100, value=50)
elif kind == "radio":
    st.radio("Radio", ["a", "b", "c"], key="w")
elif kind == "selectbox":
    st.selectbox("Selectbox", ["a", "b", "c"], key="w")
elif kind == "button":
    st.button("Button", key="w")
elif kind == "multiselect":
    st.multiselect("Multiselect", ["a", "b", "c"], key="w")
elif kind in ("grid", "editor"):
    import pandas as pd

    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": ["x", "y", "z"]})
    if kind == "grid":
        st.dataframe(frame, key="w")
    else:
        st.data_editor(frame, key="w")
else:
    st.toggle("Toggle", key="w")
