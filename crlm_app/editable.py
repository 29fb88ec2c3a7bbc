"""Streamlit helpers of the Tools pages: an editable table and calendar dates kept in the URL.

``state.page_state`` binds scalar widgets to query parameters. ``st.data_editor`` and ``st.date_input`` do
not fit that pattern (an editor's session value is its edit list and cannot be set; ``urlstate`` has no date
kind), so these helpers keep the URL value in a text field of ``FIELDS`` and drive the widget from it:

- a table lives in the URL as compact text (``targets=liver:35/20/22``); the editor is built from that text
  and its edits are written back to it on every run;
- a date lives in the URL as ``YYYY-MM-DD`` (``tools.DateField``); its widget key is ``<field>_date``.

Call them between ``state.page_state`` and ``state.save_url_state``, like the widgets, with the page's keys.
"""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from crlm_content import memo
from crlm_content.formatting import format_number
from crlm_content.table_limits import CELL_MAX_CHARS, TableLimit
from crlm_content.tools import DATE_MAX, DATE_MIN, DATE_WIDGET_FORMAT, DateField, date_from_text

from . import markup, state, table_guard

Rows = list[dict[str, object]]
Parse = Callable[[str], tuple[Sequence[Mapping[str, object]], list[str]]]  # text -> (rows, ignored items)


def _keys(field_key: str) -> tuple[str, str, str]:
    return f"_{field_key}_version", f"_{field_key}_base", f"_{field_key}_problems"


def _blank(value: object) -> bool:
    scalar: Any = value  # pd.isna's overloads take no plain object
    try:
        return bool(pd.isna(scalar))
    except (TypeError, ValueError):  # not a scalar
        return False


def table_records(frame: pd.DataFrame) -> Rows:
    """Rows of an edited table as plain dicts, blanks (NaN, NA, NaT) as None."""
    return [
        {str(key): None if _blank(value) else value for key, value in row.items()}
        for row in frame.to_dict("records")
    ]


_RECORDS: OrderedDict[tuple[int, str], tuple[pd.DataFrame, Rows]] = OrderedDict()
_RECORDS_LOCK = threading.Lock()
RECORDS_CACHE_SIZE = 256


def edited_records(base: pd.DataFrame, edited: pd.DataFrame, edits: object) -> Rows:
    """``table_records(edited)``, where ``edited`` is what ``st.data_editor`` made of the shared ``base`` with
    ``edits`` (the editor's session value: its edited, added and deleted rows).

    The base frame and the edits determine the edited table, so the rows are read once per (base, edits) and
    process: a rerun that leaves the table alone does not convert it again. Each call gets its own list."""
    try:
        key = (id(base), json.dumps(edits, sort_keys=True, default=str))
    except (TypeError, ValueError):  # not the edit dict Streamlit documents: read the table itself
        return table_records(edited)
    with _RECORDS_LOCK:
        hit = _RECORDS.get(key)
        if hit is not None and hit[0] is base:
            _RECORDS.move_to_end(key)
            return [dict(row) for row in hit[1]]
    rows = table_records(edited)
    with _RECORDS_LOCK:
        _RECORDS[key] = (base, rows)  # holding the base keeps its id from being reused meanwhile
        while len(_RECORDS) > RECORDS_CACHE_SIZE:
            _RECORDS.popitem(last=False)
    return [dict(row) for row in rows]


NUMBER_HELP = "Decimals with a point (0.5); no thousands separators or units."
WHOLE_NUMBER_HELP = "A whole number; no decimals, separators or units."


def number_column(label: str, *, help: str = "", whole: bool = False, **kwargs: Any) -> Any:
    """A number column of an editable table as a text column (dtype ``"string"`` in ``columns``).

    The grid's own number cells read "," as a thousands separator: "0,5" pasted became 5, a typed comma was
    dropped, and "2 cm" vanished, so the server only ever saw another number. A text cell keeps what was typed
    or pasted, and the page's table parser reads it or refuses it, naming the row, the column and the rule
    (``urlstate.NUMBER_TEXT_RULE``). Right-aligned, as numbers are; ``whole`` for a count or a segment, whose
    help then gives no decimal example."""
    return st.column_config.TextColumn(
        label,
        help=f"{help} {WHOLE_NUMBER_HELP if whole else NUMBER_HELP}".strip(),
        max_chars=CELL_MAX_CHARS,  # what table_guard accepts in a number cell
        alignment="right",
        **kwargs,
    )


def _cell(value: object, dtype: str) -> object:
    """A parsed cell as its column holds it: a number in a text column as its exact text (6, not 6.0)."""
    if dtype == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, decimals=None) if math.isfinite(value) else None
    return value


def base_frame(parse: Parse, text: str, columns: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    rows, _ = parse(text)
    dtypes = dict(columns)
    cells = [{name: _cell(row.get(name), dtype) for name, dtype in dtypes.items()} for row in rows]
    return pd.DataFrame(cells, columns=list(dtypes)).astype(dtypes)


def shared_base_frame(parse: Parse, text: str, columns: Mapping[str, str]) -> pd.DataFrame:
    """The rows ``parse`` reads from ``text`` as a typed frame, built once per text and shared between
    sessions: give it to ``st.data_editor`` (which copies it), never change it."""
    return memo.cached(base_frame, parse, text, tuple(columns.items()))


def editable_table(
    field_key: str,
    *,
    parse: Parse,
    encode: Callable[[Sequence[Mapping[str, object]]], str],
    columns: Mapping[str, str],
    column_config: Mapping[str, Any],
    alt: str,
    limit: TableLimit,
) -> Rows:
    """A ``st.data_editor`` whose content is the URL text field ``field_key``; returns the edited rows.

    The editor is rebuilt from the text only when it is new (first visit, a page switch, or ``load_table``),
    so edits are never lost to a rerun. What the URL carried but could not be read is shown beside the table.
    ``columns`` maps each column to its pandas dtype. An edit beyond ``limit`` is refused before the editor
    applies it, and a table too long for a link stays out of the URL (``table_guard``).
    """
    version_key, base_key, problems_key = _keys(field_key)
    version = st.session_state.setdefault(version_key, 0)
    refusal = None
    if base_key in st.session_state:  # the pending edit, checked before st.data_editor applies its rows
        base_rows = len(shared_base_frame(parse, st.session_state[base_key], columns))
        refusal = table_guard.refuse_edit(f"{field_key}_editor_{version}", base_rows, limit, version_key)
        version = st.session_state[version_key]
    editor_key = f"{field_key}_editor_{version}"
    if editor_key not in st.session_state or base_key not in st.session_state:
        text = table_guard.stored_text(field_key)
        rows, problems = parse(text)
        st.session_state[base_key] = encode(rows)
        st.session_state.setdefault(problems_key, problems)
    # Shared between sessions (st.data_editor copies what it is given); built once per table text.
    frame = shared_base_frame(parse, st.session_state[base_key], columns)
    problems = st.session_state.get(problems_key) or []
    if problems:
        st.warning(
            "Some table entries in the link were not understood and were left out:\n"
            + "\n".join(f"- {markup.md(problem)}" for problem in problems)
        )
    if refusal:
        st.error(markup.md(refusal))
    edited = st.data_editor(
        frame,
        key=editor_key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config=dict(column_config),
        alt=alt,
    )
    records = edited_records(frame, edited, st.session_state.get(editor_key))
    table_guard.store_text(field_key, encode(records), limit)
    return records


def load_table(field_key: str, text: str, *, values: Mapping[str, object] | None = None) -> None:
    """Callback: replace the table with ``text`` (a worked example, a reset) in a fresh editor, and set the
    page's other ``values`` that go with it."""
    state.set_state(values or {})
    version_key, base_key, problems_key = _keys(field_key)
    st.session_state[field_key] = text
    st.session_state[version_key] = st.session_state.get(version_key, 0) + 1
    st.session_state.pop(base_key, None)
    st.session_state[problems_key] = []


def bind_dates(keys: Callable[[str], str], fields: Sequence[DateField]) -> None:
    """Seed each date widget from its URL field when the widget is new (first visit, page switch); ``keys``
    is the page's ``state.PageKeys``."""
    for field in fields:
        if keys(field.widget_key) not in st.session_state:
            st.session_state[keys(field.widget_key)] = date_from_text(st.session_state.get(keys(field.key)))


def date_input(keys: Callable[[str], str], field: DateField, label: str, **kwargs: Any) -> date | None:
    """A ``st.date_input`` for a ``DateField`` with the range its parser accepts (2000-2099)."""
    value = st.date_input(
        label,
        key=keys(field.widget_key),
        min_value=DATE_MIN,
        max_value=DATE_MAX,
        format=DATE_WIDGET_FORMAT,
        **kwargs,
    )
    return value if isinstance(value, date) else None


def store_dates(keys: Callable[[str], str], fields: Sequence[DateField]) -> None:
    """Copy each date widget's value into its URL field (before ``state.save_url_state``)."""
    for field in fields:
        value = st.session_state.get(keys(field.widget_key))
        st.session_state[keys(field.key)] = value.isoformat() if isinstance(value, date) else None


def messages_box(messages: Sequence[str], *, intro: str) -> None:
    """Input problems in one error box, each naming its field (visitor text escaped)."""
    st.error(intro + "\n" + "\n".join(f"- {markup.md(message)}" for message in messages))
