"""Lazy containers: expanders and tabs whose content is built only while open."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

if TYPE_CHECKING:  # the walkthrough's models: not imported by the frame (start-up time, ~35 ms)
    pass


def lazy_expander(label: str, *, key: str, expanded: bool = False) -> DeltaGenerator | None:
    """A collapsed expander whose content is built only while a reader has it open; None while closed.

    A closed expander costs one message per rerun instead of one per element inside it, and its elements'
    JavaScript (a data table's, for instance) is not loaded until it is opened.
    """
    panel = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    return panel if panel.open else None


def lazy_tabs(labels: Sequence[str], *, key: str) -> tuple[str, DeltaGenerator]:
    """Tabs of which only the open one is built: returns its label and container (switching reruns).

    ``st.session_state[key]`` holds the open tab's label, so a ``QueryField`` can keep it in the URL.
    """
    tabs = st.tabs(list(labels), key=key, on_change="rerun")
    for label, tab in zip(labels, tabs, strict=True):
        if tab.open:
            return label, tab
    return labels[0], tabs[0]


def run_open_tab(labels: Sequence[str], builders: Sequence[Callable[[], None]], *, key: str) -> None:
    """Lazy tabs whose open one is built by its builder (labels and builders in the same order)."""
    if len(labels) != len(builders):
        raise ValueError(f"{len(labels)} tab labels but {len(builders)} builders")
    tab, panel = lazy_tabs(labels, key=key)
    with panel:
        builders[list(labels).index(tab)]()
