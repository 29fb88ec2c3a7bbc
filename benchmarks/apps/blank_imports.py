"""The cold-start floor: a blank page that imports the libraries the app imports."""

import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import pydantic  # noqa: F401
import streamlit as st

st.write("Blank page")
