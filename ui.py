"""The few shared Streamlit helpers: frame, citations, evidence cards, URL-state binding.

With the pages, the only code that imports streamlit. Content text is ours (trusted) but still goes through
``md()`` so that characters such as ``$`` or ``*`` never turn into LaTeX or emphasis; visitor text is never
rendered as markdown or HTML at all.
"""

from __future__ import annotations

import base64
import copy
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

import crlm_content
from crlm_content import (
    Catalog,
    Caveat,
    ContentError,
    Evidence,
    figures,
    glossary,
    memo,
    palette,
    share,
    site,
    startup,
)
from crlm_content.catalog import data_dir
from crlm_content.safe_text import visible
from crlm_content.search import format_refs, reference_label
from crlm_content.urlstate import STREAMLIT_PARAMS, QueryField, parse_all

if TYPE_CHECKING:  # the walkthrough's models: not imported by the frame (start-up time, ~35 ms)
    from crlm_content.decision import Preset

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$:>-])")

# The tab icon: a white liver on the palette's blue, as an SVG data URI. Set on purpose: without a page_icon
# Streamlit shows the open page's material icon, which every visitor's browser fetches from Google; an emoji
# loads Streamlit's emoji catalogue (one regular expression of every emoji, 35-100 ms of a new server's first
# run) and shows as an empty box where no emoji font is installed (a projector's PC). A data URI costs one
# import of PIL (~40 ms, once per process) and nothing per rerun.
_FAVICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    f'<rect width="64" height="64" rx="14" fill="{palette.BLUE}"/>'
    '<path d="M6 24C6 14 18 10 32 11C46 12 58 14 58 20C58 26 50 30 42 36C34 42 26 52 18 52C10 52 6 40 6 24Z" '
    f'fill="{palette.WHITE}"/></svg>'
)
FAVICON = "data:image/svg+xml;base64," + base64.b64encode(_FAVICON_SVG.encode("ascii")).decode("ascii")

# The markers in citation lines, caveat badges and notes: Material icons, which Streamlit draws with the icon
# font every page already loads (the navigation uses it); a screen reader names them ("book icon"). Emoji
# showed as empty boxes where no emoji font is installed, which is many a projector's Linux PC.
ICON_WARNING = ":material/warning:"
ICON_SOURCE = ":material/book:"
ICON_NOTE = ":material/note:"


def md(text: str) -> str:
    """Escape markdown so content text renders literally; invisible controls (bidi overrides, zero-width
    characters) that visitor text may carry are shown as ``<U+XXXX>`` (``safe_text.visible``)."""
    return _MD_SPECIAL.sub(r"\\\1", visible(text))


@st.cache_resource(show_spinner=False)
def _catalog(data_dir: str) -> Catalog:
    catalog = crlm_content.load_catalog(Path(data_dir))
    startup.validate_all(catalog)  # the feature files too: a broken one stops the app at start-up
    return catalog


_LOADED: dict[str, Catalog] = {}


def catalog() -> Catalog:
    """The validated catalog, loaded once per process; a ContentError propagates to ``app.py``.

    Pages call this dozens of times a run; after the first load a plain dict lookup answers.
    """
    key = str(data_dir())
    if key not in _LOADED:
        _LOADED[key] = _catalog(key)
    return _LOADED[key]


_PAGE_PROTOTYPES: dict[Path, dict[str, list[StreamlitPage]]] = {}
_PROTOTYPES_LOCK = threading.Lock()


def navigation_pages() -> dict[str, list[StreamlitPage]]:
    """``crlm_content.site``'s pages as ``st.Page`` objects by section, for ``st.navigation``.

    Every run gets its own objects: Streamlit marks the page it runs on the object itself
    (``_can_be_called``), so two sessions running one shared page object at once would fail. They are
    shallow copies of a set built once per process, because building an ``st.Page`` resolves and checks
    its file on disk (~0.5 ms a run for the twelve). (Keeping each session's set in its state instead
    added ~3 MB at 50 sessions, measured twice each way.)"""
    ctx = get_script_run_ctx()
    if ctx is None:  # outside a run st.Page builds incomplete objects: never keep those
        return new_navigation_pages()
    main = ctx.pages_manager.main_script_parent
    with _PROTOTYPES_LOCK:
        prototypes = _PAGE_PROTOTYPES.get(main)
        if prototypes is None:
            prototypes = _PAGE_PROTOTYPES[main] = new_navigation_pages()
    return {section: [copy.copy(page) for page in pages] for section, pages in prototypes.items()}


def new_navigation_pages() -> dict[str, list[StreamlitPage]]:
    """A set of ``st.Page`` objects built from ``crlm_content.site``."""
    return {
        section: [
            st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default) for p in pages
        ]
        for section, pages in site.sections().items()
    }


def set_state(values: Mapping[str, object], *, bump: str | None = None) -> None:
    """Callback: set session values (a worked example, a reset, a view to open); add 1 to the counter
    ``bump`` when given (a new key for an editor, so it reloads).

    Callbacks live in modules, not page scripts: Streamlit keeps a widget's callback for the session, and a
    function defined in a page keeps that whole run of the page (its globals) alive with it."""
    for key, value in values.items():
        st.session_state[key] = value
    if bump is not None:
        st.session_state[bump] = st.session_state.get(bump, 0) + 1


def load_case(
    keys: PageKeys, picker: str, loaded: str, fields: Sequence[QueryField], cases: Sequence[Preset]
) -> None:
    """Callback of a case picker: load the chosen case's fields, note which case it was (``loaded``),
    then clear the picker so any case (the same one after edits, too) can be loaded again (see
    ``set_state`` on why callbacks live here)."""
    picker_key, loaded_key = keys(picker), keys(loaded)
    case = next((c for c in cases if c.key == st.session_state.get(picker_key)), None)
    if case is None:
        return
    from crlm_content.decision import scenario_to_state  # imported by the walkthrough page already

    state = scenario_to_state(case.scenario)
    values = {keys(field.key): state.get(field.key, field.default) for field in fields}
    set_state({**values, loaded_key: case.key, picker_key: None})


def content_error_page(error: ContentError) -> None:
    """A clean page naming what is wrong in the data, instead of a traceback."""
    st.title("The content could not be loaded")
    st.error("A data file failed validation, so no page is shown until it is fixed.")
    st.markdown("**What is wrong**")
    st.code(str(error), language=None, wrap_lines=True)
    st.caption("Fix the file named above (see docs/CONTENT_MODEL.md) and reload. " + crlm_content.DISCLAIMER)


def frame_top() -> None:
    """Above every page: the share button (link and QR code for this view) and the disclaimer."""
    keep_page_state()
    share_panel()
    st.caption(f"{ICON_WARNING} {crlm_content.DISCLAIMER}")


def frame_bottom() -> None:
    st.caption(
        f"{crlm_content.DISCLAIMER} {crlm_content.SOURCE_CITATION} "
        f"Last content review: {crlm_content.LAST_CONTENT_REVIEW}."
    )


@st.cache_data(show_spinner=False, max_entries=256)
def _qr(link: str) -> bytes:
    return share.qr_png(link)


def share_panel() -> None:
    """Link and QR code that reopen exactly this view: for slides, handouts and the room's phones."""
    panel = st.popover(
        "Share or present this view", icon=":material/qr_code_2:", key="share_panel", on_change="rerun"
    )
    if not panel.open:
        return  # built only when opened: the QR image is the costliest element of the frame
    with panel:
        try:
            link = share.view_link(st.context.url or "", dict(st.query_params))
        except ValueError:
            st.caption("The link to this view is not available here.")
            return
        st.caption("Anyone opening this link sees the same settings.")
        st.code(link, language=None, wrap_lines=True)
        try:
            st.image(_qr(link), caption="Scan to open this view", width=200)
        except ValueError as error:
            st.caption(f"No QR code: {md(str(error))}.")


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


def table_one_markdown(cat: Catalog) -> str:
    """The review's Table 1 as a two-column markdown table: potential advantages beside disadvantages."""
    sides = {
        side: [f"{i.order}. {md(i.text)}" for i in cat.table_one if i.side == side]
        for side in ("advantage", "disadvantage")
    }
    rows = max(len(items) for items in sides.values())
    lines = ["| Potential advantages | Potential disadvantages |", "|---|---|"]
    for n in range(rows):
        cells = [items[n] if n < len(items) else "" for items in sides.values()]
        lines.append(f"| {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def run_open_tab(labels: Sequence[str], builders: Sequence[Callable[[], None]], *, key: str) -> None:
    """Lazy tabs whose open one is built by its builder (labels and builders in the same order)."""
    if len(labels) != len(builders):
        raise ValueError(f"{len(labels)} tab labels but {len(builders)} builders")
    tab, panel = lazy_tabs(labels, key=key)
    with panel:
        builders[list(labels).index(tab)]()


def evidence_expander(label: str, evidence_ids: Sequence[str], *, key: str) -> None:
    """Evidence cards in a collapsed expander, built only while it is open."""
    if panel := lazy_expander(label, key=key):
        with panel:
            for evidence_id in evidence_ids:
                evidence_card(catalog().get(evidence_id))


def caveat_expander(caveat: Caveat, *, key: str, records: bool = True) -> None:
    """One note on the source, collapsed: its explanation and (optionally) the records it concerns."""
    if panel := lazy_expander(f"Caveat {caveat.number}: {caveat.title}", key=key):
        text = md(caveat.explanation)
        if records:
            text += "\n\n*Records: " + md(", ".join(caveat.evidence_ids)) + "*"
        panel.markdown(text)


def refs_tooltip(refs: Sequence[int]) -> str:
    cat = catalog()
    lines = []
    for number in sorted(refs):
        ref = cat.reference_by_number.get(number)
        lines.append(reference_label(ref) if ref else f"[{number}]")
    return "\n\n".join(lines)


def ref_links(cat: Catalog, evidence_ids: Sequence[str]) -> str:
    """The references of some records as markdown links that open their records on the Sources page."""
    numbers = sorted({n for evidence_id in evidence_ids for n in cat.get(evidence_id).refs})
    if not numbers:
        return "*(the review)*"
    return "[" + ", ".join(f"[{n}](sources?ref={n})" for n in numbers) + "]"


def source_text(record: Evidence) -> str:
    """The one way to say where a record comes from."""
    if record.derived:
        return "derived by this app from " + ", ".join(record.derived_from)
    if record.refs:
        return "ref. " + format_refs(record.refs)
    return "stated by the review itself (no reference given)"


def cite(record: Evidence) -> None:
    """A citation line with the reference labels on hover."""
    help_text = refs_tooltip(record.refs) if record.refs else "The review states this without a reference."
    st.caption(f"{ICON_SOURCE} {md(source_text(record))} · record {md(record.id)}", help=help_text)


def caveat_line(caveat: Caveat) -> str:
    """A source caveat as one markdown line: a badge, the title, the explanation."""
    badge = f":orange-badge[{ICON_WARNING} caveat {caveat.number}]"
    return f"{badge} **{md(caveat.title)}**: {md(caveat.explanation)}"


def evidence_card(record: Evidence, *, show_section: bool = False) -> None:
    """The one way to show an Evidence record: statement, figures, caveats and note, then its citation.

    A quotation block (it is a paraphrase of a source) and its citation line: two elements, because cards
    appear by the dozen and each element is a message to every browser on every rerun.
    """
    from crlm_content.models import SECTION_TITLES

    parts = [f"*{md(SECTION_TITLES[record.section])}*"] if show_section else []
    parts.append(md(record.statement))
    if record.values:
        parts.append("\n".join(f"- {md(v.label)}: **{md(v.display())}**" for v in record.values))
    parts += [caveat_line(caveat) for caveat in catalog().caveats_for(record.id)]
    if record.note:
        parts.append(f"{ICON_NOTE} {md(record.note)}")
    body = "\n\n".join(parts)
    st.markdown("> " + body.replace("\n", "\n> "))
    cite(record)


def _glossary_text(cat: Catalog, query: str) -> tuple[int, str]:
    lines = []
    for term in glossary.search_glossary(cat, query):
        line = f"- **{md(term.term)}**" + (f" ({md(term.expansion)})" if term.expansion else "")
        line += f": {md(term.definition)}"
        if term.aliases:
            line += f" *Also written: {md(', '.join(term.aliases))}.*"
        lines.append(line)
    return len(lines), "\n".join(lines)


def glossary_text(query: str) -> tuple[int, str]:
    """The glossary terms matching ``query`` as one markdown list (count, text), built once per query.

    Text rather than a data grid: it reads on a phone, and the page loads no table code.
    """
    return memo.cached(_glossary_text, catalog(), query)


def term_help(*names: str) -> str:
    """Hover help text for glossary terms (a KeyError here means a page uses an undefined term)."""
    return glossary.help_text(catalog(), *names)


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
        from crlm_content.tools import format_number  # here, not at start-up: the tools are the pages' import

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


def csv_download(label: str, frame: pd.DataFrame, file_name: str) -> None:
    """The one way to download a shown table: CSV of ``frame``, written only when the button is clicked."""
    st.download_button(
        label,
        lambda: frame.to_csv(index=False).encode("utf-8"),
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


def chart(
    build: Callable[..., go.Figure], /, *args: object, alt: str, key: str | None = None, **kwargs: object
) -> None:
    """The one way to show a chart: plotly with PNG download, and its text description beneath.

    ``build(*args, **kwargs)`` makes the figure once per distinct input and process
    (``figures.cached_figure``): a rerun that leaves the chart's inputs unchanged only re-sends it.
    """
    st.plotly_chart(figures.cached_figure(build, *args, **kwargs), config=figures.PLOTLY_CONFIG, key=key)
    st.caption("Chart description: " + md(alt))


@dataclass(frozen=True)
class PageKeys:
    """One page's session-state keys: ``keys("weeks")`` is ``"dlm_explorer__weeks"``.

    Every widget key and stored value of a page goes through its PageKeys, so two pages that both say
    "weeks" (a number on one, a table's text on the other) never read each other's value, and a page left
    and reopened finds its own values where it left them.
    """

    page: str

    def __call__(self, name: str) -> str:
        return f"{self.page}__{name}"

    def __getitem__(self, name: str) -> Any:
        return st.session_state[self(name)]

    def __setitem__(self, name: str, value: object) -> None:
        st.session_state[self(name)] = value

    def get(self, name: str, default: object = None) -> Any:
        return st.session_state.get(self(name), default)


def _browser_widget_keys() -> set[str]:
    """User keys of the widget values the browser sent with this run.

    A browser that reconnects to a restarted server opens a new session and sends its widgets' values with
    the first run; those must win over the URL (else the first edit after a restart snaps back). Read from
    Streamlit's session state internals, so guarded: on any other Streamlit the set is empty (the URL wins,
    as before)."""
    try:
        from streamlit.runtime.state.common import user_key_from_element_id
        from streamlit.runtime.state.session_state_proxy import get_session_state

        widget_ids = get_session_state()._state._new_widget_state.states.keys()
        return {key for wid in widget_ids if (key := user_key_from_element_id(wid))}
    except (AttributeError, ImportError, TypeError):
        return set()


_PAGE_KEYS = "_page_state_keys"  # page -> the keys of its settings, recorded by page_state


def keep_page_state() -> None:
    """Keep every visited page's settings through visits to other pages.

    Streamlit drops the value of a widget that a run does not draw, so a page's tab or toggle would be lost
    while another page is open; assigning each value back at the start of every run makes it a session
    value that survives (the pages' own ``page_state`` then hands it to the widget again)."""
    for page_keys in st.session_state.get(_PAGE_KEYS, {}).values():
        for key in page_keys:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]


def page_state(page: str, fields: Sequence[QueryField]) -> PageKeys:
    """The page's keys, with its widgets seeded from the URL once per session (the browser's own widget values
    win on a reconnect); shows what in the URL was ignored and why. Call it on every page, with no fields
    where a page has no settings: unknown parameters are then reported and dropped from the URL."""
    keys = PageKeys(page)
    st.session_state.setdefault(_PAGE_KEYS, {})[page] = tuple(keys(f.key) for f in fields)
    flag = keys("_url_problems")
    if flag not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        values, problems = parse_all(fields, params)
        sent = _browser_widget_keys()
        for query_field in fields:
            if keys(query_field.key) not in sent:
                st.session_state[keys(query_field.key)] = values.get(query_field.key, query_field.default)
        st.session_state[flag] = problems
    else:
        # Re-assigned, not only defaulted: a widget inside a closed lazy expander is not rendered, and
        # Streamlit forgets the value of a widget that a run does not render.
        for query_field in fields:
            key = keys(query_field.key)
            st.session_state[key] = st.session_state.get(key, query_field.default)
    problems = st.session_state[flag]
    if problems:
        st.warning(
            "Some link settings were not understood and were ignored:\n"
            + "\n".join(f"- {md(p)}" for p in problems)
        )
    return keys


def save_url_state(keys: PageKeys, fields: Sequence[QueryField]) -> None:
    """Mirror the page's values into the URL so a refresh or a shared link reproduces the view; anything
    else in the URL (an unknown parameter) is dropped, so share links carry only the page's settings."""
    wanted: dict[str, str] = {}
    for query_field in fields:
        text = query_field.serialize(keys.get(query_field.key, query_field.default))
        if text is not None:
            wanted[query_field.key] = text
    wanted.update({key: st.query_params[key] for key in STREAMLIT_PARAMS if key in st.query_params})
    current = {key: st.query_params.get(key) for key in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
