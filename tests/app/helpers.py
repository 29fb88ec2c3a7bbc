"""What the AppTest modules share: a page's first run as a visitor opening its link gets it, the page's text
as read, its markdown tables, and a table edit as the browser reports it."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from devtools.apptest import open_page

from ..conftest import ROOT

APP = str(ROOT / "app.py")  # the file AppTest opens (devtools.server.APP, as a string)


def run_page(path: str, params: dict[str, str] | None = None) -> AppTest:
    """The page's first run, as a visitor opening its link (with ``params``) gets it, without an exception
    (``devtools.apptest.open_page``, as the benchmarks open it)."""
    at: AppTest = open_page(path, params=params)
    assert not at.exception, at.exception
    return at


def plain(text: str) -> str:
    """Markdown as read: without the escaping backslashes markup.md() adds."""
    return text.replace("\\", "")


def captions(at: AppTest) -> str:
    """Every caption with its hover help (where a citation line keeps its record id)."""
    return "\n".join(f"{c.value}\n{c.proto.help}" if c.proto.help else c.value for c in at.caption)


def visible_captions(at: AppTest) -> str:
    """Every caption as drawn, without its hover help."""
    return "\n".join(c.value for c in at.caption)


def cited(at: AppTest) -> str:
    """Caption text and its hover help (where citation lines keep the record id), without markdown escapes or
    code marks, so record ids read as written."""
    return plain(captions(at)).replace("`", "")


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def markdown_tables(at: AppTest) -> list[list[dict[str, str]]]:
    """Every markdown table on the page (tables.markdown_table; several may share one element), as rows keyed
    by heading, escapes removed."""

    def cells(line: str) -> list[str]:
        return [cell.strip().replace("\\", "") for cell in line.strip().strip("|").split(" | ")]

    tables: list[list[dict[str, str]]] = []
    for element in at.markdown:
        blocks: list[list[str]] = [[]]
        for line in element.value.splitlines():
            if line.startswith("|"):
                blocks[-1].append(line)
            elif blocks[-1]:
                blocks.append([])
        for lines in blocks:
            if len(lines) < 2 or not set(lines[1]) <= set("|:- "):
                continue
            headings = cells(lines[0])
            tables.append([dict(zip(headings, cells(line), strict=True)) for line in lines[2:]])
    return tables


def table_with(at: AppTest, heading: str) -> list[dict[str, str]]:
    """The first markdown table that has this column heading."""
    return next(t for t in markdown_tables(at) if t and heading in t[0])


def edit(at: AppTest, key: str, **state: Any) -> AppTest:
    """Apply cell edits the way the browser reports them (edited_rows, added_rows, deleted_rows)."""
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **state}
    return at.run()
