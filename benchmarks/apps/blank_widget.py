"""The interaction floor: a blank page with one widget of the kind named by ?kind=."""

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
else:
    st.toggle("Toggle", key="w")
