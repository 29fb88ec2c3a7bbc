"""The memory reference rows: a blank page with ?widgets= widgets (number inputs and checkboxes in turn) and
?paragraphs= one-line markdown paragraphs (each 0-60), run with stock settings beside the stock blank page.
What Streamlit itself costs the memory budget per widget and per element sent, without any content."""

import streamlit as st


def count(name: str) -> int:
    try:
        return min(max(int(st.query_params.get(name, "0")), 0), 60)
    except ValueError:
        return 0


st.write("Blank page")
for i in range(count("paragraphs")):
    st.markdown(f"Paragraph {i}: a line of text of the length of a short paragraph on a page.")
for i in range(count("widgets")):
    if i % 2:
        st.checkbox(f"Checkbox {i}", key=f"c{i}")
    else:
        st.number_input(f"Number {i}", key=f"n{i}", min_value=0, max_value=100, value=5)
