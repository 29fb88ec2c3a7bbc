"""devtools.build_shown_on writes crlm_content/shown_on.py: its docstring (naming the command) and
PAGE_RECORDS from what the pages render, keeping the code around them."""

from __future__ import annotations

import pytest

from devtools import build_shown_on

OLD = '''"""An old docstring, naming a way to regenerate that no longer exists."""

from __future__ import annotations

import functools

PAGE_RECORDS: dict[str, tuple[str, ...]] = {
    "home": (
        "gone-record",
    ),
}


@functools.cache
def pages_showing(record_id: str) -> tuple[str, ...]:
    return ()
'''


def test_the_module_gets_the_records_and_the_docstring_and_keeps_its_code() -> None:
    written = build_shown_on.shown_on_module(
        OLD, {"surgery": {"b-record", "a-record"}, "imaging": set(), "home": {"c"}}
    )
    assert written.startswith(build_shown_on.DOCSTRING)
    assert build_shown_on.COMMAND in build_shown_on.DOCSTRING
    assert "old docstring" not in written and "gone-record" not in written
    records = """PAGE_RECORDS: dict[str, tuple[str, ...]] = {
    "surgery": (
        "a-record",
        "b-record",
    ),
    "home": (
        "c",
    ),
}
"""  # pages in the order given, ids sorted, a page showing none left out
    assert written == (
        build_shown_on.DOCSTRING
        + "\nfrom __future__ import annotations\n\nimport functools\n\n"
        + records
        + "\n\n@functools.cache\ndef pages_showing(record_id: str) -> tuple[str, ...]:\n    return ()\n"
    )


def test_writing_the_same_records_again_changes_nothing() -> None:
    once = build_shown_on.shown_on_module(OLD, {"home": {"c"}})
    assert build_shown_on.shown_on_module(once, {"home": {"c"}}) == once


def test_a_file_without_page_records_is_refused() -> None:
    with pytest.raises(ValueError, match="PAGE_RECORDS"):
        build_shown_on.shown_on_module('"""A module."""\n\nX = 1\n', {"home": {"c"}})
