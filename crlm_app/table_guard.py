"""Guards of the editable tables: oversized edits refused before Streamlit applies them, the URL bounded,
one short log line per rejected cell (see ``crlm_content.table_limits`` for the limits and why).

- An edit too long to be a real one (over ``table_limits.EDIT_MAX_CHARS``) never reaches the page as rows:
  ``crlm_app/runtime/edit_screen.py`` replaces it, before Streamlit parses it, by its length alone.
- ``refuse_edit`` reads the editor's pending edit from session state before ``st.data_editor`` is called; an
  edit the table cannot take is dropped by starting a fresh editor (``version_key`` bumped) from the last
  table the page accepted, and the page shows the returned message instead of the pasted rows.
- ``store_text`` / ``stored_text``: a table too long for a link is kept in the session (a page switch and
  back keeps it) but written to the URL as an empty table, with a notice; the rest of the view stays in the
  link.
- ``OneLineRateLimit`` turns Streamlit's data-editor warnings (a full traceback per unparsable cell) into one
  line each, at most ``LOG_LINES_PER_MINUTE`` a minute per process.
"""

from __future__ import annotations

import logging
import threading
import time

import streamlit as st

from crlm_content.table_limits import TableLimit, edit_problem, link_problem

LOGGER = logging.getLogger("crlm.tables")
EDITOR_LOGGER = "streamlit.elements.widgets.data_editor"
LOG_LINES_PER_MINUTE = 10
LOG_LINE_MAX_CHARS = 200


class OneLineRateLimit(logging.Filter):
    """One line per record (no traceback, long values cut, line breaks escaped), at most ``per_minute``
    records a minute; the next line let through says how many were left out."""

    def __init__(self, per_minute: int = LOG_LINES_PER_MINUTE, clock: object = time.monotonic) -> None:
        super().__init__()
        self.per_minute = per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._window_start = -60.0
        self._passed = 0
        self._dropped = 0

    def filter(self, record: logging.LogRecord) -> bool:
        now: float = self._clock()  # type: ignore[operator]
        with self._lock:
            if now - self._window_start >= 60.0:
                self._window_start, self._passed = now, 0
            if self._passed >= self.per_minute:
                self._dropped += 1
                return False
            self._passed += 1
            dropped, self._dropped = self._dropped, 0
        line = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            line += f" ({type(error).__name__}: {error})"
        if len(line) > LOG_LINE_MAX_CHARS:
            line = line[:LOG_LINE_MAX_CHARS] + f"... ({len(line):,} characters)"
        line = line.replace("\r", "\\r").replace("\n", "\\n")
        if dropped:
            line += f" [{dropped} similar line(s) left out]"
        record.msg, record.args = line, None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def install_log_filter() -> None:
    """Once per process: Streamlit's data-editor logger and ours log one rate-limited line per rejection."""
    for name in (EDITOR_LOGGER, LOGGER.name):
        logger = logging.getLogger(name)
        if not any(isinstance(f, OneLineRateLimit) for f in logger.filters):
            logger.addFilter(OneLineRateLimit())


def refuse_edit(editor_key: str, base_rows: int, limit: TableLimit, version_key: str) -> str | None:
    """Call before the editor ``editor_key`` (built on a table of ``base_rows`` rows) is created. When its
    pending edit is too big or malformed, start a fresh editor (bump ``version_key``) and return the message
    to show; the rows of the edit are never applied."""
    problem = edit_problem(st.session_state.get(editor_key), base_rows, limit)
    if problem is None:
        return None
    st.session_state[version_key] = st.session_state.get(version_key, 0) + 1
    LOGGER.warning("Refused an edit of the %s: %s", limit.name, problem)
    return problem


def stored_text(field_key: str) -> str:
    """The table text of ``field_key``: the session's own copy when the table was too long for the link."""
    text = st.session_state.get(field_key)
    full = st.session_state.get(f"_{field_key}_full")
    if text == "" and isinstance(full, str):
        return full
    return text if isinstance(text, str) else ""


def store_text(field_key: str, text: str, limit: TableLimit) -> None:
    """Put the table text in its URL field, or, when it is too long for a link, an empty table (and the
    text in the session only) with a notice."""
    problem = link_problem(text, limit)
    if problem is None:
        st.session_state.pop(f"_{field_key}_full", None)
        st.session_state[field_key] = text
        return
    st.session_state[f"_{field_key}_full"] = text
    st.session_state[field_key] = ""
    st.warning(problem)
