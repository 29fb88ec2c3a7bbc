"""Limits of the editable tables, checked before Streamlit applies an edit (pure; no streamlit).

``st.data_editor`` applies a browser's edit (its edited, added and deleted rows) row by row with pandas: a
paste of thousands of lines took tens of seconds of the one script thread a server process has, and again on
every later run of that visitor. The tables here hold a handful of rows, so an edit that would make a table
longer than its ``max_rows``, that names rows or columns the table does not have, or that puts more text in a
cell than the column takes (``max_chars``, which the browser alone enforces) is refused before it is applied:
``edit_problem`` reads only the edit's sizes first, so a refusal costs the same for ten rows or ten thousand.

``link_problem`` bounds what a table writes to the URL: a link longer than the page can read back (its
field's ``max_length``, never more than ``LINK_MAX_CHARS``) would be cut or refused by a proxy (nginx answers
414), so such a table stays out of the link and the visitor is told.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from .dlm import MAX_LESIONS
from .tools import CEA_MAX_VALUES, MAX_TARGET_LESIONS, ORGAN_MAX_LENGTH

LINK_MAX_CHARS = 2000  # a safe URL length for browsers, proxies and chat apps that shorten links
CELL_MAX_CHARS = 40  # text accepted in a cell of a number or date column (a pasted "12.5", "2025-01-06")
# The longest editor state (the edit's JSON, as the browser sends it) read at all. Longer ones are replaced,
# before Streamlit parses them, by ``oversized_edit`` (crlm_app/runtime/edit_screen.py), so a 10,000-row
# paste (0.5 MB) costs no parsing. The worst edit any table here takes (every row added and edited, every
# cell at its longest, every character escaped) is under half of this (tests/unit/test_table_limits.py).
EDIT_MAX_CHARS = 200_000
OVERSIZED_KEY = "oversized_chars"  # the one key of an oversized edit besides the empty edit


@dataclass(frozen=True)
class TableLimit:
    """How much one editable table accepts."""

    name: str  # "target lesion table", shown in messages
    max_rows: int  # rows the editor accepts at all (above the clinical limit, whose message is gentler)
    reason: str  # the limit that matters, e.g. "RECIST 1.1 allows at most 5 target lesions"
    columns: tuple[str, ...]
    max_chars: Mapping[str, int] = field(default_factory=dict)  # text columns and their max_chars
    max_link_chars: int = LINK_MAX_CHARS  # the URL field's max_length

    def cell_chars(self, column: str) -> int:
        return self.max_chars.get(column, CELL_MAX_CHARS)

    @property
    def link_chars(self) -> int:
        return min(self.max_link_chars, LINK_MAX_CHARS)


TARGETS = TableLimit(
    name="target lesion table",
    max_rows=4 * MAX_TARGET_LESIONS,
    reason=f"RECIST 1.1 allows at most {MAX_TARGET_LESIONS} target lesions",
    columns=("organ", "baseline", "nadir", "now"),
    max_chars={"organ": ORGAN_MAX_LENGTH},
    max_link_chars=300,  # the response assessment page's `targets` field
)
LESIONS = TableLimit(
    name="lesion table",
    max_rows=2 * MAX_LESIONS,
    reason=f"the explorer assesses at most {MAX_LESIONS} lesions",
    columns=("size_cm", "depth_cm", "segment"),
    max_link_chars=400,  # the DLM explorer's `lesions` field
)
CEA_WEEKS = TableLimit(
    name="CEA table",
    max_rows=2 * CEA_MAX_VALUES,
    reason=f"the monitor charts at most {CEA_MAX_VALUES} values",
    columns=("week", "cea"),
    max_link_chars=600,  # the CEA monitor's `weeks` field
)
CEA_DATES = TableLimit(
    name="CEA table",
    max_rows=2 * CEA_MAX_VALUES,
    reason=f"the monitor charts at most {CEA_MAX_VALUES} values",
    columns=("date", "cea"),
    max_link_chars=600,  # the CEA monitor's `dates` field
)

TABLES = (TARGETS, LESIONS, CEA_WEEKS, CEA_DATES)  # every editable table of the app

_REFUSED = "That edit was refused and the table left as it was: "


def _row_number(key: object) -> int | None:
    try:
        return int(str(key))
    except ValueError:
        return None


def _cells_problem(cells: object, limit: TableLimit) -> str | None:
    if not isinstance(cells, Mapping):
        return "a row of the edit is not a set of cells."
    if len(cells) > len(limit.columns):
        return (
            f"a row of the edit has {len(cells):,} cells; the {limit.name} has {len(limit.columns)} columns."
        )
    for column, value in cells.items():
        if column not in limit.columns:
            return f"the edit names a column the {limit.name} does not have."
        most = limit.cell_chars(str(column))
        if isinstance(value, str) and len(value) > most:
            return f"a cell holds {len(value):,} characters; the {column} column takes at most {most}."
        if isinstance(value, (list, dict)):
            return f"a cell of the {column} column holds a list; it takes one value."
    return None


def oversized_edit(chars: int) -> str:
    """The editor state that stands for an edit of ``chars`` characters too long to read: no rows, and its
    length, which ``edit_problem`` refuses."""
    return json.dumps({"edited_rows": {}, "added_rows": [], "deleted_rows": [], OVERSIZED_KEY: chars})


UNREADABLE_KEY = "unreadable"  # the one key of an edit that is not a data editor's shape


def unreadable_edit() -> str:
    """The editor state that stands for an edit not in a data editor's shape (a crafted message: a JSON
    string, list or null, or rows named by something other than a number): no rows, which ``edit_problem``
    refuses. Streamlit's own parser raised on such a state before the page's first line."""
    return json.dumps({"edited_rows": {}, "added_rows": [], "deleted_rows": [], UNREADABLE_KEY: True})


def is_editor_shaped(text: str) -> bool:
    """True when ``text`` parses as Streamlit's data-editor state does without raising (``DataEditorSerde``
    in 1.67: a JSON object whose ``edited_rows``, if any, is an object keyed by whole numbers, with
    ``added_rows`` and ``deleted_rows`` lists). The rows themselves are the page guard's to check."""
    try:
        state = json.loads(text)
    except ValueError:
        return False
    if not isinstance(state, dict):
        return False
    edited = state.get("edited_rows", {})
    if not isinstance(edited, dict) or not all(_row_number(key) is not None for key in edited):
        return False
    return isinstance(state.get("added_rows", []), list) and isinstance(state.get("deleted_rows", []), list)


def edit_problem(edits: object, base_rows: int, limit: TableLimit) -> str | None:
    """Why ``edits`` (a data editor's state: edited, added and deleted rows, on a table of ``base_rows``
    rows) must be refused, or None. Sizes are checked before any row is read."""
    if not isinstance(edits, Mapping):
        return None  # no edit yet
    oversized = edits.get(OVERSIZED_KEY)
    if oversized is not None:
        plausible = type(oversized) is int and 0 < oversized < 10**12  # a crafted edit may claim anything
        size = f"{oversized:,} characters" if plausible else "too long"
        return (
            _REFUSED + f"the edit was too large to read ({size}; the {limit.name} takes at most "
            f"{limit.max_rows} rows, {limit.reason}). Enter or paste at most {limit.max_rows} rows."
        )
    if edits.get(UNREADABLE_KEY) is not None:
        return _REFUSED + "it is not an edit the table understands."
    edited = edits.get("edited_rows") or {}
    added = edits.get("added_rows") or []
    deleted = edits.get("deleted_rows") or []
    if not isinstance(edited, Mapping) or not isinstance(added, list) or not isinstance(deleted, list):
        return _REFUSED + "it is not an edit the table understands."
    if len(deleted) > base_rows or len(edited) > base_rows:
        return _REFUSED + f"it names more rows than the {limit.name} has."
    rows_after = base_rows - len(deleted) + len(added)
    if len(added) > limit.max_rows or rows_after > limit.max_rows:
        return (
            _REFUSED + f"the {limit.name} takes at most {limit.max_rows} rows ({limit.reason}), and the edit "
            f"would make it {rows_after:,} rows. Enter or paste at most {limit.max_rows} rows."
        )
    for key in [*edited, *deleted]:
        row = _row_number(key)
        if row is None or not 0 <= row < base_rows:
            return _REFUSED + f"it names a row the {limit.name} does not have."
    for cells in [*edited.values(), *added]:
        problem = _cells_problem(cells, limit)
        if problem:
            return _REFUSED + problem
    return None


def link_problem(text: str, limit: TableLimit) -> str | None:
    """Why the table text ``text`` cannot go in the link, or None."""
    if len(text) <= limit.link_chars:
        return None
    return (
        f"The {limit.name} is too long for a link ({len(text):,} characters; a link carries at most "
        f"{limit.link_chars}): the page's link keeps the rest of the view but not the table. Shorten the "
        "table to share it."
    )
