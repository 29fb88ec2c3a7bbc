"""Tables: frames built once per input and process, small tables as markdown (readable on a phone), Arrow for
data grids, CSV downloads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import quote

import pandas as pd
import pyarrow as pa
import streamlit as st

from crlm_content import memo
from crlm_content.formatting import format_number

from . import layout
from .markup import md

Rows = Callable[..., Sequence[Mapping[str, object]]]


def _frame(rows: Rows, columns: tuple[str, ...], *args: object, **kwargs: object) -> pd.DataFrame:
    return pd.DataFrame(list(rows(*args, **kwargs)), columns=list(columns) if columns else None)


def shared_frame(
    rows: Rows, /, *args: object, columns: tuple[str, ...] = (), **kwargs: object
) -> pd.DataFrame:
    """``pd.DataFrame(rows(*args, **kwargs))``, built once per distinct input and process, shared by every
    session. Never change the frame returned (select columns into a new one). Pass hashable arguments."""
    return memo.cached(_frame, rows, columns, *args, **kwargs)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return format_number(float(value))
    return md(str(value)).replace("\n", " ")


def markdown_table_text(
    rows: Sequence[Mapping[str, object]], columns: Sequence[tuple[str, str]], align: str = ""
) -> str:
    """Rows as a markdown table: ``columns`` are (key, heading) pairs; ``align`` one of l, c, r per column
    (default left). Cells are escaped, numbers written as a person writes them, blanks left empty."""
    marks = {"l": ":---", "c": ":---:", "r": "---:"}
    if align and (len(align) != len(columns) or set(align) - set(marks)):
        raise ValueError(f"align {align!r} must give one of l, c, r for each of {len(columns)} columns")
    lines = [
        "| " + " | ".join(md(heading) for _, heading in columns) + " |",
        "|" + "|".join(marks[a] for a in (align or "l" * len(columns))) + "|",
    ]
    lines += ["| " + " | ".join(_cell(row.get(key)) for key, _ in columns) + " |" for row in rows]
    return "\n".join(lines)


def grouped_markdown_tables_text(
    rows: Sequence[Mapping[str, object]],
    group_by: str,
    columns: Sequence[tuple[str, str]],
    align: str = "",
) -> str:
    """One markdown table per value of ``group_by`` (in order of first appearance), each under that value in
    bold: the group's column is not repeated on every row, so the table keeps to a phone's width."""
    groups: dict[str, list[Mapping[str, object]]] = {}
    for row in rows:
        groups.setdefault(str(row.get(group_by, "")), []).append(row)
    return "\n\n".join(
        f"**{md(group)}**\n\n{markdown_table_text(members, columns, align)}"
        for group, members in groups.items()
    )


def _markdown_table(
    rows: Rows,
    columns: tuple[tuple[str, str], ...],
    align: str,
    group_by: str | None,
    *args: object,
    **kwargs: object,
) -> str:
    if group_by is None:
        return markdown_table_text(rows(*args, **kwargs), columns, align)
    return grouped_markdown_tables_text(rows(*args, **kwargs), group_by, columns, align)


def markdown_table(
    rows: Rows,
    /,
    *args: object,
    columns: Mapping[str, str],
    align: str = "",
    group_by: str | None = None,
    **kwargs: object,
) -> None:
    """A small static table (``rows(*args, **kwargs)``) as one markdown element, built once per input.

    For tables a reader reads rather than sorts, selects or downloads: no data grid to load on a phone
    (~1.5 MB of JavaScript on a first visit) and nothing to convert on a rerun. ``columns`` maps each row key
    to its heading, in order; ``group_by``, a row key, splits it into one table per value of that key."""
    st.markdown(memo.cached(_markdown_table, rows, tuple(columns.items()), align, group_by, *args, **kwargs))


def markdown_table_or_cards(
    name: str,
    rows: Rows,
    /,
    *args: object,
    columns: Mapping[str, str],
    heading: Sequence[str],
) -> None:
    """``markdown_table`` of ``rows(*args)`` on a wide screen; on a phone, where a table wider than the screen
    scrolls sideways to a column the reader does not know is there, one card per row (``record_list``): the
    ``heading`` columns' values in bold, then every other column by its heading. ``name``: the two
    containers' key."""
    with layout.wide_only(name):
        markdown_table(rows, *args, columns=columns)
    with layout.narrow_only(name):
        fields = {key: label for key, label in columns.items() if key not in heading}
        record_list(rows, *args, heading=heading, fields=fields)


def reference_items(entries: object, link: str) -> list[str]:
    """Bullets of (number, label) pairs: 'Reference', the number in brackets as a link to
    ``link.format(number)`` (a page path with a query), then the label without its leading '[number]',
    escaped. Anything else is skipped: only integers go into a link."""
    if not isinstance(entries, Sequence):
        return []
    items = []
    for entry in entries:
        if not (isinstance(entry, tuple) and len(entry) == 2):
            continue
        number, label = entry
        if not isinstance(number, int) or isinstance(number, bool) or not isinstance(label, str):
            continue
        prefix = f"[{number}]"
        rest = label[len(prefix) :].strip() if label.startswith(prefix) else label
        target = f"[\\[{number}\\]]({link.format(number)})"
        items.append(f"- *Reference* {target}: {md(rest)}" if rest else f"- *Reference* {target}")
    return items


def record_list_text(
    rows: Sequence[Mapping[str, object]],
    heading: Sequence[str],
    fields: Sequence[tuple[str, str]],
    limit: int | None = None,
    refs: tuple[str, str] | None = None,
    open_link: tuple[str, str, str] | None = None,
) -> str:
    """Rows as a markdown list, one block per row: the ``heading`` keys' values in bold on one line, then one
    bullet per (key, heading) of ``fields`` with a value (blanks left out). A wide table's form for a phone,
    where a data grid shows only its first columns. ``limit``: at most that many rows, and a line saying so.
    ``refs``: (row key, link): the row's (number, label) pairs under that key, one bullet each, the number a
    link to ``link.format(number)`` (``reference_items``): a phone has no hover help to say what [93] is.
    ``open_link``: (row key, link, label): a last bullet, ``label`` as a link to ``link.format(value)`` with
    the row's value under that key URL-quoted (what selecting the row opens on a wide screen; the list has
    no rows to select).
    """
    shown = rows if limit is None else rows[:limit]
    blocks = []
    for row in shown:
        title = " · ".join(_cell(row.get(key)) for key in heading if _cell(row.get(key)))
        items = [
            f"- *{md(label)}*: {_cell(row.get(key))}" for key, label in fields if _cell(row.get(key)).strip()
        ]
        if refs is not None:
            items += reference_items(row.get(refs[0]), refs[1])
        if open_link is not None and isinstance(key := row.get(open_link[0]), str) and key.strip():
            items.append(f"- [{md(open_link[2])}]({open_link[1].format(quote(key, safe=''))})")
        blocks.append(f"**{title}**\n\n" + "\n".join(items) if items else f"**{title}**")
    if len(shown) < len(rows):
        blocks.append(f"*The first {len(shown)} of {len(rows)} are shown: search or filter to see others.*")
    return "\n\n".join(blocks)


def _record_list(
    rows: Rows,
    heading: tuple[str, ...],
    fields: tuple[tuple[str, str], ...],
    limit: int | None,
    refs: tuple[str, str] | None,
    open_link: tuple[str, str, str] | None,
    *args: object,
    **kwargs: object,
) -> str:
    return record_list_text(rows(*args, **kwargs), heading, fields, limit, refs, open_link)


def record_list(
    rows: Rows,
    /,
    *args: object,
    heading: Sequence[str],
    fields: Mapping[str, str],
    limit: int | None = None,
    refs: tuple[str, str] | None = None,
    open_link: tuple[str, str, str] | None = None,
    **kwargs: object,
) -> None:
    """``rows(*args, **kwargs)`` as one markdown list element (``record_list_text``), built once per input."""
    st.markdown(
        memo.cached(
            _record_list, rows, tuple(heading), tuple(fields.items()), limit, refs, open_link, *args, **kwargs
        )
    )


def wrapped_row_height(
    rows: Sequence[Mapping[str, object]], columns: Sequence[str], column_px: int = 400
) -> int | None:
    """A data grid's row height in px that shows the longest cell of ``columns`` whole, wrapped in a column
    of ``column_px`` (the grid wraps text only in rows taller than 64 px); None when one line fits."""
    longest = max((len(str(row.get(key) or "")) for row in rows for key in columns), default=0)
    chars_per_line = (column_px - 2 * GRID_CELL_PADDING_PX) // GRID_CHAR_PX
    lines = -(-longest // chars_per_line) + 1  # one line more: words wrap, never split
    if lines <= 2:
        return None
    return max(lines * GRID_LINE_PX + 2 * GRID_CELL_PADDING_PX, 66)


def _frame_row_height(frame: pd.DataFrame, columns: tuple[str, ...]) -> int | None:
    return wrapped_row_height([{str(k): v for k, v in r.items()} for r in frame.to_dict("records")], columns)


def shared_row_height(frame: pd.DataFrame, columns: Sequence[str]) -> int | None:
    """``wrapped_row_height`` of a shared frame (``shared_frame``), worked out once per frame and process:
    reading every cell on every rerun was a sixth of the guideline page's rerun time."""
    return memo.cached(_frame_row_height, memo.same(frame), tuple(columns))


GRID_CELL_PADDING_PX = 9  # a data grid cell's padding, each side
GRID_CHAR_PX = 7  # a wide character of the grid's 14 px font (most are narrower)
GRID_LINE_PX = 20  # one wrapped line


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV, whole numbers written whole: a column of years or counts with one empty cell is a
    float column in pandas, and its 2020 was written 2020.0 where the screen shows 2020."""
    written = frame.copy()
    for column in written.columns:
        values = written[column]
        present = values.dropna() if pd.api.types.is_float_dtype(values) else None
        if present is not None and present.apply(float.is_integer).all() and (present.abs() < 2**53).all():
            written[column] = values.astype("Int64")
    return str(written.to_csv(index=False))


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return csv_text(frame).encode("utf-8")


def csv_download(label: str, frame: pd.DataFrame, file_name: str) -> None:
    """The one way to download a shown table: CSV of ``frame``, written only when the button is clicked."""
    st.download_button(
        label,
        functools.partial(_csv_bytes, frame),  # not a lambda: Streamlit keeps it for the session
        file_name=file_name,
        mime="text/csv",
        on_click="ignore",
    )


def _arrow(frame: pd.DataFrame, columns: tuple[str, ...]) -> pa.Table | pd.DataFrame:
    shown = frame[list(columns)] if columns else frame
    try:
        return pa.Table.from_pandas(shown, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return shown  # a column Arrow cannot type on its own: st.dataframe converts it, as before


def arrow(frame: pd.DataFrame, columns: tuple[str, ...] = ()) -> pa.Table | pd.DataFrame:
    """A shared frame (``shared_frame``), or some of its columns, as the Arrow table ``st.dataframe`` sends.

    Converted once per frame and process: converting a pandas frame on every rerun was most of a table
    page's rerun time. Pass frames from ``shared_frame`` only (they live as long as their memo entry)."""
    return memo.cached(_arrow, memo.same(frame), columns)
