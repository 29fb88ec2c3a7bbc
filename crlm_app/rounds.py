"""Grand rounds: the presenter's and the audience's actions on a live poll, as widget callbacks.

Callbacks live in a module (a function defined in a page would keep that run's globals alive). Each one turns
a store failure (``polls.PollError``: unknown room, wrong secret, closed question, store down...) into a
message kept in the session for the page to show, never a traceback. The presenter's secret travels only in
the presenter's link (``key``); the audience link carries the room code alone.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from crlm_content.cases import Case

from . import polls
from .state import PageKeys

MESSAGE = "_message"  # the page's last problem, shown once


def _fail(keys: PageKeys, error: polls.PollError) -> None:
    keys[MESSAGE] = str(error)


def take_message(keys: PageKeys) -> str | None:
    """The last problem of an action, once."""
    message = st.session_state.pop(keys(MESSAGE), None)
    return message if isinstance(message, str) else None


def open_room(keys: PageKeys, case: Case) -> None:
    """Open a room for ``case`` on its first stage; the presenter's link then carries room and key."""
    store = polls.get_store()
    try:
        room = store.open_room(case.key)
        store.advance(room.code, room.presenter_secret, case.stages[0].key)
    except polls.PollError as error:
        _fail(keys, error)
        return
    keys["room"], keys["key"], keys["stage"] = room.code, room.presenter_secret, 1


def show_stage(keys: PageKeys, case: Case, number: int) -> None:
    """Back / Next: show stage ``number`` (1-based) to the room, its question closed."""
    number = max(1, min(number, len(case.stages)))
    try:
        polls.get_store().advance(keys["room"], keys["key"], case.stages[number - 1].key)
    except polls.PollError as error:
        _fail(keys, error)
        return
    keys["stage"] = number


def question(keys: PageKeys, action: str, n_options: int = 0) -> None:
    """Open, close or reveal the current stage's question."""
    store = polls.get_store()
    try:
        if action == "open":
            store.open_question(keys["room"], keys["key"], n_options)
        elif action == "close":
            store.close_question(keys["room"], keys["key"])
        elif action == "reveal":
            store.reveal(keys["room"], keys["key"])
        else:
            raise polls.BadRequest(f"unknown action {action!r}")
    except polls.PollError as error:
        _fail(keys, error)


def end_room(keys: PageKeys) -> None:
    try:
        polls.get_store().close_room(keys["room"], keys["key"])
    except polls.PollError as error:
        _fail(keys, error)
    keys["room"], keys["key"], keys["stage"] = "", "", 1


def cast_vote(keys: PageKeys, stage_key: str, n_options: int, widget: str) -> None:
    """The audience's Vote button: one vote per session and question, changeable until it closes."""
    choice = st.session_state.get(widget)
    if choice is None:
        keys[MESSAGE] = "Choose an answer first."
        return
    voter = keys.get("voter") or polls.new_voter_id()
    keys["voter"] = voter
    try:
        polls.get_store().vote(keys["room"], voter, stage_key, int(choice), n_options)
    except polls.PollError as error:
        _fail(keys, error)


def join_address(page_url: str) -> str:
    """The vote page's address as a person types it off the screen: host and path, no scheme (``…/vote``
    where the page has no http(s) URL)."""
    parts = urlsplit(page_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "…/vote"
    return f"{parts.netloc}{parts.path.rsplit('/', 1)[0]}/vote"


def audience_link(page_url: str, code: str) -> str:
    """The short link for the room's phones: the vote page with the room code, nothing else."""
    parts = urlsplit(page_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("no page URL")
    base = parts.path.rsplit("/", 1)[0]
    return urlunsplit((parts.scheme, parts.netloc, f"{base}/vote", urlencode({"room": code}), ""))
