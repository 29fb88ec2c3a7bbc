import streamlit as st

st.write("Blank page")
