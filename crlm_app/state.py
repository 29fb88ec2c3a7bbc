"""Page state: each page's session keys its own (PageKeys), seeded from the URL once per session and written
back to it; callbacks that set state.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import streamlit as st

from crlm_content.urlstate import (
    FRAME_PARAMS,
    PRESENT_PARAM,
    STREAMLIT_PARAMS,
    QueryField,
    parse_all,
    presenter_mode,
)

if TYPE_CHECKING:  # the walkthrough's models: not imported by the frame (start-up time, ~35 ms)
    from streamlit.delta_generator import DeltaGenerator

    from crlm_content.decision import Preset
from .markup import md


def set_state(values: Mapping[str, object], *, bump: str | None = None) -> None:
    """Callback: set session values (a worked example, a reset, a view to open); add 1 to the counter
    ``bump`` when given (a new key for an editor, so it reloads).

    Callbacks live in modules, not page scripts: Streamlit keeps a widget's callback for the session, and a
    function defined in a page keeps that whole run of the page (its globals) alive with it."""
    for key, value in values.items():
        st.session_state[key] = value
    if bump is not None:
        st.session_state[bump] = st.session_state.get(bump, 0) + 1


def select_row(keys: PageKeys, table: str, field: str, row_keys: Sequence[str]) -> None:
    """Callback of a selectable data grid (``table``: its key name): keep the selected row's key (from
    ``row_keys``, in the grid's order) under ``field``, a URL field, or None when the selection is cleared, so
    a shared link reopens the card the row opened."""
    selection = st.session_state.get(keys(table))
    rows = list(selection.selection.rows) if selection is not None else []
    keys[field] = row_keys[rows[0]] if rows and rows[0] < len(row_keys) else None


def close_selection_button(keys: PageKeys, table: str, field: str, label: str) -> None:
    """A button that closes what a selected row of grid ``table`` opened (``field``, as ``select_row`` keeps
    it) and clears the grid's selection: opened from a link, the grid shows no selection to clear."""
    st.button(
        label,
        icon=":material/close:",
        type="tertiary",
        on_click=set_state,
        args=({keys(field): None, keys(table): {"selection": {"rows": [], "columns": []}}},),
        key=keys(f"close_{field}"),
    )


NO_ANSWER = "_no_answer"  # the item whose form was last submitted empty


def record_answer(store: str, item: str, widget: str) -> None:
    """Callback of an answer form: keep the chosen option(s) of widget ``widget`` under ``item`` in the
    session dict ``store`` (a radio gives one index or None, a multiselect a list); an empty answer is not
    recorded, so nothing is revealed without one, and ``empty_answer(item)`` says so on the next run."""
    chosen = st.session_state.get(widget)
    picked = tuple(chosen) if isinstance(chosen, list) else () if chosen is None else (chosen,)
    if not picked:
        st.session_state[NO_ANSWER] = item
        return
    answers = dict(st.session_state.get(store) or {})
    answers[item] = picked
    st.session_state[store] = answers


def empty_answer(item: str) -> bool:
    """Whether the form of ``item`` was just submitted with nothing chosen (asked once: the flag is taken)."""
    if st.session_state.get(NO_ANSWER) != item:
        return False
    del st.session_state[NO_ANSWER]
    return True


def record_response(store: str, item: str, widget: str) -> None:
    """Callback of a quiz form: keep the widget's value (an option, a list of options, a number) under
    ``item`` in the session dict ``store``; the page grades it when it draws the answer. An empty answer is
    not recorded, so nothing is revealed without one."""
    chosen = st.session_state.get(widget)
    if chosen is None or chosen == []:
        st.session_state[NO_ANSWER] = item
        return
    answers = dict(st.session_state.get(store) or {})
    answers[item] = tuple(chosen) if isinstance(chosen, list) else chosen
    st.session_state[store] = answers


def forget_answers(store: str, prefix: str, values: Mapping[str, object]) -> None:
    """Callback: drop the answers whose item starts with ``prefix`` (work a case again) and set ``values``."""
    answers = {k: v for k, v in (st.session_state.get(store) or {}).items() if not k.startswith(prefix)}
    st.session_state[store] = answers
    set_state(values)


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


@dataclass(frozen=True)
class PageKeys:
    """One page's session-state keys: ``keys("weeks")`` is ``"dlm_explorer__weeks"``.

    Every widget key and stored value of a page goes through its PageKeys, so two pages that both say
    "weeks" (a number on one, a table's text on the other) never read each other's value, and a page left
    and reopened finds its own values where it left them.
    """

    page: str

    def __call__(self, name: str) -> str:
        # Interned: every session's state then holds the one copy of each key (the walkthrough's 26 keys,
        # made afresh in each session, were ~6 KB a session in a tracemalloc diff of 50 sessions).
        return sys.intern(f"{self.page}__{name}")

    def __getitem__(self, name: str) -> Any:
        return st.session_state[self(name)]

    def __setitem__(self, name: str, value: object) -> None:
        st.session_state[self(name)] = value

    def get(self, name: str, default: object = None) -> Any:
        return st.session_state.get(self(name), default)


def _browser_widget_keys(fallbacks: Mapping[str, object]) -> set[str]:
    """User keys of the widget values the browser sent with this run; ``fallbacks`` (session key -> value)
    become what those widgets fall back to when Streamlit discards the browser's value.

    A browser that reconnects to a restarted server opens a new session and sends its widgets' values with
    the first run; those must win over the URL (else the first edit after a restart snaps back). But
    Streamlit discards a value the browser sends for a disabled widget (it cannot have been typed there), and
    the widget falls back to its previous value: in a new session there is none, and a greyed-out number box
    came back empty (the remnant's volume, the timing plan's day of the last dose), wrote "none" to the URL
    and withheld the result. The fallbacks are put where that previous value is looked up (the session's
    state of the last run, by widget id), so a greyed-out box keeps the URL's value, while a box in use
    still takes the browser's (a value Streamlit keeps wins over a previous one).

    Read from Streamlit's session state internals, so guarded: on any other Streamlit the set is empty (the
    URL wins, as before)."""
    try:
        from streamlit.runtime.state.common import user_key_from_element_id
        from streamlit.runtime.state.session_state_proxy import get_session_state

        session = get_session_state()._state
        sent = {
            wid: key for wid in session._new_widget_state.states if (key := user_key_from_element_id(wid))
        }
        previous = session._old_state
        if not isinstance(previous, dict):
            return set()
    except (AttributeError, ImportError, TypeError):
        return set()
    # Under the widget's id, as Streamlit keeps a widget's last value: dropped with the widget when a run
    # does not draw it, never a session value of the key that would outlive it.
    previous.update(
        {wid: fallbacks[key] for wid, key in sent.items() if key in fallbacks and wid not in previous}
    )
    return set(sent.values())


_PAGE_KEYS = "_page_state_keys"  # page -> the keys of its settings, recorded by page_state
_FROM_LINK = "_url_read"  # set on the run that read the page's settings from the link


def keep_page_state(current: str = "") -> None:
    """Keep every visited page's settings through visits to other pages.

    Streamlit drops the value of a widget that a run does not draw, so a page's tab or toggle would be lost
    while another page is open; assigning each value back at the start of every run makes it a session
    value that survives (the pages' own ``page_state`` then hands it to the widget again). The ``current``
    page is left to its own ``page_state``, which assigns its values back anyway."""
    for page, page_keys in st.session_state.get(_PAGE_KEYS, {}).items():
        if page == current:
            continue
        for key in page_keys:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]


def presenting() -> bool:
    """Presenter mode (``?present=1``, or the switch in the share panel): large type, no navigation."""
    return presenter_mode(st.query_params.get_all(PRESENT_PARAM))[0]


def page_link(
    page: str,
    *,
    label: str,
    icon: str | None = None,
    help: str | None = None,
    query_params: Mapping[str, str] | None = None,
    where: DeltaGenerator | None = None,
) -> None:
    """``st.page_link`` (in ``where``, the page by default) that keeps presenter mode: a link followed on
    the projector opens the next page in presenter mode too, with no menu to find the way back to it."""
    params = dict(query_params or {})
    if presenting():
        params[PRESENT_PARAM] = "1"
    (where or st).page_link(page, label=label, icon=icon, help=help, query_params=params or None)


def set_presenting(on: bool) -> None:
    """Callback of the presenter switch: the mode lives in the URL, so a presenter's link reopens it."""
    if on:
        st.query_params[PRESENT_PARAM] = "1"
    elif PRESENT_PARAM in st.query_params:
        del st.query_params[PRESENT_PARAM]


def page_state(page: str, fields: Sequence[QueryField], *, progress: str | None = None) -> PageKeys:
    """The page's keys, with its widgets seeded from the URL once per session (the browser's own widget values
    win on a reconnect); shows what in the URL was ignored and why. Call it on every page, with no fields
    where a page has no settings: unknown parameters are then reported and dropped from the URL.

    ``progress``: what the page keeps in this session only (its answers, "this set's answers"), which a
    restarted server has lost: the first run after the browser reconnects says so (``RESTARTED``) instead of
    silently starting over, and a click that run carried (an answer given) is not recorded, so it is not
    shown as if it were."""
    keys = PageKeys(page)
    st.session_state.setdefault(_PAGE_KEYS, {})[page] = tuple(keys(f.key) for f in fields)
    flag, snapshot = keys("_url_problems"), keys("_url_values")
    first = flag not in st.session_state
    reconnected = False
    if first or _followed_a_link(keys, fields):
        # Once per session from the URL; again whenever the URL names settings this page did not write
        # itself: a link followed inside the app (a case's "open this patient in the walkthrough" to a page
        # visited before) or the browser's Back and Forward. The view a link names is the whole view: what it
        # leaves out is the default. A reconnect's first run keeps the browser's own widget values.
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        values, problems = parse_all(fields, params)
        if present_problem := presenter_mode(params.get(PRESENT_PARAM, []))[1]:
            problems.append(present_problem)
        seeds = {keys(f.key): values.get(f.key, f.default) for f in fields}
        sent = _browser_widget_keys(seeds) if first else set()
        for key, value in seeds.items():
            if key not in sent:
                st.session_state[key] = value
        # The browser sent this page's widgets with the session's first run of it: a reconnect to a new
        # session (a page opened afresh sends none; another page's widgets carry another page's prefix).
        reconnected = any(key.startswith(f"{page}__") for key in sent)
        st.session_state[flag] = problems
        st.session_state[snapshot] = _values(keys, fields)
        st.session_state[keys(_FROM_LINK)] = True  # save_url_state takes the snapshot again after the run
    else:
        # Re-assigned, not only defaulted: a widget inside a closed lazy expander is not rendered, and
        # Streamlit forgets the value of a widget that a run does not render.
        # The page's own copy (``save_url_state``) where the widget's value is gone: after a reconnect to a
        # restarted server the browser's values were the widgets' only, and a visit to another page dropped
        # them (the page came back at its defaults).
        saved = st.session_state.get(keys(_SAVED), {})
        for query_field in fields:
            key = keys(query_field.key)
            if key not in st.session_state:
                st.session_state[key] = saved.get(query_field.key, query_field.default)
            else:
                st.session_state[key] = st.session_state[key]
        # The notice is about the link as it was opened: once the visitor changes a setting (or loads a
        # preset) the view is theirs, and the notice went on standing over every later edit.
        if st.session_state[flag] and _values(keys, fields) != st.session_state.get(snapshot):
            st.session_state[flag] = []
    if reconnected and progress:
        st.info(RESTARTED.format(progress=progress), icon=":material/restart_alt:")
    problems = st.session_state[flag]
    if problems:
        st.warning(
            "Some link settings were not understood and were ignored:\n"
            + "\n".join(f"- {md(p)}" for p in problems)
        )
    return keys


RESTARTED = (
    "The app restarted, so {progress} were lost, with any answer just given (they are kept only while the "
    "app runs): start again below."
)


_SAVED = "_saved_values"  # a page's settings as its last run left them: not widgets' values, never dropped


def _page_params() -> dict[str, list[str]]:
    """The URL's settings of the page (not the frame's presenter mode nor Streamlit's embedding options)."""
    return {
        key: st.query_params.get_all(key)
        for key in st.query_params
        if key not in FRAME_PARAMS | STREAMLIT_PARAMS
    }


def _followed_a_link(keys: PageKeys, fields: Sequence[QueryField]) -> bool:
    """The URL names this page's settings, and not the ones it last wrote (``save_url_state``): the visitor
    came by a link inside the app or by Back or Forward. A URL without settings (the page chosen from the
    menu) keeps the session's own, so a visit to another page and back leaves them as they were; so does a
    URL naming anything that is not this page's (another page's settings)."""
    written = st.session_state.get(keys("_url_written"))
    current = _page_params()
    own = {f.key for f in fields}
    return written is not None and bool(current) and current.keys() <= own and current != written


def _values(keys: PageKeys, fields: Sequence[QueryField]) -> list[object]:
    """The page's settings as they stand (a copy: a list value edited in place still compares changed)."""
    return [copy.deepcopy(st.session_state.get(keys(f.key), f.default)) for f in fields]


def save_url_state(keys: PageKeys, fields: Sequence[QueryField]) -> None:
    """Mirror the page's values into the URL so a refresh or a shared link reproduces the view; anything
    else in the URL (an unknown parameter) is dropped, so share links carry only the page's settings."""
    wanted: dict[str, str] = {}
    for query_field in fields:
        text = query_field.serialize(keys.get(query_field.key, query_field.default))
        if text is not None:
            wanted[query_field.key] = text
    st.session_state[keys("_url_written")] = {key: [text] for key, text in wanted.items()}
    if st.session_state.pop(keys(_FROM_LINK), False):
        # The notice of a link's ignored settings stands until the visitor changes a setting; the run that
        # read the link may have cleaned a value itself (a table without its unreadable entries), which is
        # not the visitor's change: the comparison starts from the values this run leaves.
        st.session_state[keys("_url_values")] = _values(keys, fields)
    st.session_state[keys(_SAVED)] = {f.key: copy.deepcopy(keys.get(f.key, f.default)) for f in fields}
    wanted.update({key: st.query_params[key] for key in STREAMLIT_PARAMS if key in st.query_params})
    if presenting():
        wanted[PRESENT_PARAM] = "1"
    current = {key: st.query_params.get(key) for key in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
