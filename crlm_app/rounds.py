"""Grand rounds: the presenter's and the audience's actions on a live poll, as widget callbacks.

Callbacks live in a module (a function defined in a page would keep that run's globals alive). Each one turns
a store failure (``polls.PollError``: unknown room, wrong secret, closed question, store down...) into a
message kept in the session for the page to show, never a traceback. The presenter's secret travels only in
the presenter's link (``key``); the audience link carries the room code alone.

The presenter's screen follows the room: its stage is the room's (the store's), never a stage in its link, and
each of its actions names the stage it was drawn for, so the store refuses (``polls.StageMoved``) an action
from a screen the room has moved on from (an old link, a second presenter tab) instead of acting on a stage
that screen does not show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import streamlit as st

from crlm_content import palette
from crlm_content.cases import Case, Stage

from . import markup, polls
from .state import PageKeys

MESSAGE = "_message"  # the page's last problem, shown once
VOTE_NOTICE = "_vote_notice"  # why the phone's last vote did not count (a VoteNotice), kept until it is stale
CHOOSE_ALL = "Choose all that apply"
KNOWN = "What is known"  # a stage's facts, on the phones above the question, on the screen after the reveal
RESULTS_KEY = "rounds_results"  # the container of the revealed distribution (ROOM_CSS packs its bars)
TITLE_KEY = "rounds_title"  # the container of a running room's h1, its case's title (ROOM_CSS sizes it)
RIGHT_KEY = "rounds_right"  # containers of the board's answers' result bars (ROOM_CSS colours them)
ZWSP = "\u200b"  # a break opportunity that draws nothing

# The board's answers' result bars in their own colour, on the presenter's screen and on the phones alike
# (``results`` draws them in containers keyed ``RIGHT_KEY``; static CSS, no visitor text).
RESULT_CSS = f"""<style>
[class*="st-key-{RIGHT_KEY}"] [data-testid="stProgressBarTrack"] > div
  {{ background-color: {palette.GREEN} !important; }}
</style>"""

# The room's screen, for the back row (static CSS, no visitor text; st.html as the frame's PRESENTER_CSS):
# the code large in its column (never wider than the column: container units), the join address broken only
# before "." and "/" (its text carries zero-width spaces there, and hyphens that do not break), the QR code
# filling its column (drawn at 16 px a module, so it is only ever made smaller), and the board's answers'
# result bars in their own colour (RESULT_CSS). The room's h1 (its case's title) is sized to one line at
# 1280 px, as a heading of the screen, not its largest text: the stage, its results and reasoning are.
ROOM_CSS = f"""<style>
.st-key-{TITLE_KEY} h1 {{ font-size: 1.75rem !important; line-height: 1.25 !important;
  padding: 0 0 0.25rem 0 !important; }}
.st-key-rounds_code {{ container-type: inline-size; }}
.st-key-rounds_code p {{ font-size: min(5.5rem, 26cqi) !important; line-height: 1.1 !important;
  font-weight: 700; letter-spacing: 0.06em; margin: 0; white-space: nowrap; }}
.st-key-rounds_address {{ container-type: inline-size; }}
.st-key-rounds_address p {{ overflow-wrap: normal !important; word-break: normal !important;
  font-size: min(1.45rem, 8.5cqi) !important; }}
.st-key-rounds_address code {{ overflow-wrap: normal !important; word-break: normal !important;
  white-space: normal !important; font-size: 1em; }}
.st-key-rounds_qr img {{ width: 100%; height: auto; }}
.st-key-{RESULTS_KEY} {{ gap: 0.5rem; }}
</style>{RESULT_CSS}"""


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


def stage_number(case: Case, stage_key: str | None) -> int:
    """The 1-based number of the room's stage in ``case`` (1 when the room shows none, or one not in it)."""
    keys = [stage.key for stage in case.stages]
    return keys.index(stage_key) + 1 if stage_key in keys else 1


def in_case(case: Case, stage_key: str | None) -> bool:
    """Whether the room's stage is one of ``case``'s (not: no stage shown yet, or a stage the case no longer
    has after its content changed during the room). The screen then draws stage 1 without the room being on
    it: its Next shows stage 1 to the room, and it has no Back and no question controls."""
    return any(stage.key == stage_key for stage in case.stages)


PRESENTER_CHECK = "_presenter_check"  # (code, opened at, key, is the presenter's): the store's answer, kept


def holds_presenter_key(keys: PageKeys, room: polls.RoomState) -> bool:
    """Whether the link's ``key`` is ``room``'s presenter secret: asked of the store (a read) once per room
    and key in a session, then kept (a secret never becomes right or wrong while its room lives; a room
    opened later under the same code is another room, told apart by its opening time). ``False`` without
    a key. Raises ``polls.PollError`` when the store cannot say (nothing kept then)."""
    secret = keys.get("key")
    if not isinstance(secret, str) or not secret:
        return False
    asked = (room.code, room.created_at, secret)
    kept = keys.get(PRESENTER_CHECK)
    if isinstance(kept, tuple) and kept[:3] == asked:
        return bool(kept[3])
    holds = polls.get_store().is_presenter(room.code, secret)
    keys[PRESENTER_CHECK] = (*asked, holds)
    return holds


def wrong_key_message(code: str) -> str:
    """A link whose ``key`` is not the room's (a truncated or mistyped presenter link), as the screen says it
    once, in place of the controls (markdown, the code escaped)."""
    return (
        f"This link's presenter key is not room {markup.md(code)}'s (a shortened or mistyped presenter "
        "link?), so the room's controls are not shown: this screen follows the room as the audience sees "
        "it. To run the room, open the full presenter link from the presenter's screen."
    )


NOT_ON_STAGE = (
    "The room shows no stage of this case yet (or one the case no longer has): Next shows this stage to the "
    "room, and then its voting can open."
)


def seen_key(code: str) -> str:
    """The session's flag (a ``PageKeys`` name) that the screen of room ``code`` has run once: the stage in
    its link is compared with the room's on that first run only."""
    return f"_seen_{code}"


def linked_stage(in_link: str | None, parsed: object) -> int | None:
    """The stage a link to the room was made at: ``parsed`` (the page's stage field read from the link) when
    the link's own ``stage`` parameter (``in_link``) says it, else ``None``: a link without a stage (the
    presenter's private link, ``/rounds?room=CODE``) or with one the field refused (the field's default
    then) was made at no stage."""
    if in_link is None or not isinstance(parsed, int) or in_link.strip() != str(parsed):
        return None
    return parsed


def moved_message(case: Case, error: polls.StageMoved) -> str:
    """A refused action of a screen the room had moved on from, in stage numbers and titles."""

    def named(stage_key: str | None) -> str:
        if stage_key is None:
            return "no stage"
        if not in_case(case, stage_key):
            return "a stage this case does not have"
        number = stage_number(case, stage_key)
        return f"stage {number} ({case.stages[number - 1].title})"

    return (
        f"This screen showed {named(error.expected)}, but the room is on {named(error.current)} "
        "(another presenter screen or an old link moved it): nothing was changed. The screen now shows "
        "the room's stage."
    )


def _moved_or_failed(keys: PageKeys, case: Case, error: polls.PollError) -> None:
    keys[MESSAGE] = moved_message(case, error) if isinstance(error, polls.StageMoved) else str(error)


def show_stage(keys: PageKeys, case: Case, number: int, shown: str | None) -> None:
    """Back / Next: show stage ``number`` (1-based) to the room, its question closed, if the room is still on
    ``shown`` (the room's stage key when this screen was drawn: ``None`` when it showed none, which the store
    takes as any stage; a key the case no longer has is still the room's, and matches)."""
    number = max(1, min(number, len(case.stages)))
    try:
        polls.get_store().advance(keys["room"], keys["key"], case.stages[number - 1].key, from_stage=shown)
    except polls.PollError as error:
        _moved_or_failed(keys, case, error)
        return
    keys["stage"] = number


def question(keys: PageKeys, case: Case, stage_key: str | None, action: str) -> None:
    """Open, close or reveal the question of stage ``stage_key``, the room's stage when this screen was drawn
    (and the one it shows): refused by the store if the room is no longer on it."""
    store = polls.get_store()
    try:
        stage = next((s for s in case.stages if s.key == stage_key and s.question), None)
        if stage is None:
            raise polls.BadRequest(f"Stage {stage_key!r} of this case asks no question.")
        if action == "open":
            n = len(stage.options)
            store.open_question(keys["room"], keys["key"], n, stage=stage.key, multiple=stage.multiple)
        elif action == "close":
            store.close_question(keys["room"], keys["key"], stage=stage.key)
        elif action == "reveal":
            store.reveal(keys["room"], keys["key"], stage=stage.key)
        else:
            raise polls.BadRequest(f"unknown action {action!r}")
    except polls.PollError as error:
        _moved_or_failed(keys, case, error)


REVEAL_AFTER_VOTING = "Open voting first: there is nothing to reveal before anyone could answer."


def lead_control(room: polls.RoomState, asks: bool) -> str:
    """The label of the one primary (blue) control: the presenter's next step on this stage. ``asks``: the
    screen shows the room's stage and it has a question. Never Reveal while voting is open (the room is
    still answering: Close voting leads) nor before it ever opened (Reveal is disabled then)."""
    if not asks or room.revealed:
        return "Next"
    if room.n_options is None:
        return "Open voting"
    return "Close voting" if room.question_open else "Reveal"


END_ROOM = "End the room"
ENDING = "ending"  # the End the room popover's key (a PageKeys name): open while the presenter is asked
END_CONFIRM = "Yes, end it for everyone"
END_KEEP = "Keep the room"


def end_room_question(code: str) -> str:
    """What the End the room popover asks before anything is deleted (markdown, the code escaped)."""
    return (
        f"End room {markup.md(code)} for everyone? The phones lose it, and every vote and result of every "
        "stage is deleted: this cannot be undone."
    )


def keep_room(keys: PageKeys) -> None:
    """Keep the room: the End the room popover closes, nothing changes."""
    keys[ENDING] = False


def end_room(keys: PageKeys) -> None:
    """End the room (after ``END_CONFIRM``): the store deletes its votes, questions and code."""
    try:
        polls.get_store().close_room(keys["room"], keys["key"])
    except polls.PollError as error:
        _fail(keys, error)
    keys["room"], keys["key"], keys["stage"] = "", "", 1
    keys[ENDING] = False


PRIVATE_LINK_LABEL = "Presenter link: private, do not share or open on the projector"
PRIVATE_LINK_WARNING = (
    "**Open this on your own screen only, never on the projected one:** anyone who reads the link can run "
    "or end the room. It opens this room's controls on another computer (after a crash, at the podium); the "
    "audience joins with the code or the QR code. This window's address bar holds the same key: on the "
    "projector, use the browser's full screen (F11) so the address bar is not shown."
)


def choice_widget(widget: str, option: int) -> str:
    """The key of option ``option``'s checkbox in a multiple-choice form whose keys start with ``widget``."""
    return f"{widget}_{option}"


@dataclass(frozen=True)
class VoteNotice:
    """Why the voter's last Vote did not count, for the room and stage it was cast on; ``seen`` is the room's
    (stage, open, revealed) when the phone first showed it (``None`` until then)."""

    room: str
    stage: str
    text: str
    seen: tuple[str | None, bool, bool] | None = None


VOTER_KEPT = "voter_kept"  # the session's copy of its voter id: not a URL field, so a link cannot reset it


def keep_voter(keys: PageKeys) -> str:
    """This phone's voter id (the vote page's ``voter`` field, read from its link): kept when it has the shape
    of one (``polls.is_voter_id``), else replaced by a new one, never trusted as it came. The page writes it
    back into its link, so a reload or a second tab of that link is the same voter, not a new session's."""
    voter = keys.get("voter")
    if not polls.is_voter_id(voter):
        # Back to the room's own link (no id in it) must not make this phone a new voter: the session keeps
        # the id it had, and a new one is drawn only for a phone that never had one
        kept = keys.get(VOTER_KEPT)
        voter = kept if polls.is_voter_id(kept) else polls.new_voter_id()
        keys["voter"] = voter
    keys[VOTER_KEPT] = voter
    return str(voter)


def cast_vote(keys: PageKeys, stage_key: str, n_options: int, widget: str, multiple: bool = False) -> None:
    """The audience's Vote button: one vote per phone (``keep_voter``) and question, changeable until it
    closes. A single-choice form has one radio (``widget``); a multiple-choice one a checkbox per option
    (``choice_widget``), and its vote is the set ticked, which replaces the voter's previous set. A vote that
    does not count leaves a ``VoteNotice`` (``vote_notice`` shows it); one that counts clears it."""
    keys[VOTE_NOTICE] = None
    choice: polls.Choice | None
    if multiple:
        ticked = {i for i in range(n_options) if st.session_state.get(choice_widget(widget, i)) is True}
        choice = ticked or None
    else:
        picked = st.session_state.get(widget)
        choice = int(picked) if picked is not None else None
    if choice is None:
        text = "Choose at least one answer first." if multiple else "Choose an answer first."
        keys[VOTE_NOTICE] = VoteNotice(keys["room"], stage_key, text)
        return
    voter = keep_voter(keys)
    try:
        polls.get_store().vote(keys["room"], voter, stage_key, choice, n_options)
    except polls.PollError as error:
        keys[VOTE_NOTICE] = VoteNotice(keys["room"], stage_key, str(error))


def vote_notice(keys: PageKeys, room: polls.RoomState) -> str | None:
    """The message of the voter's last Vote that did not count, kept through the phone's refreshes (every
    3 s: a voter looking away missed a message shown once) until the next vote counts or the room moves on
    from what the phone showed with it: another stage, voting opened or closed, the reveal. A message for a
    stage the room had already left when it was cast is shown once."""
    notice = keys.get(VOTE_NOTICE)
    if not isinstance(notice, VoteNotice):
        return None
    now = (room.stage_key, room.question_open, room.revealed)
    if notice.seen is None and notice.room == room.code and notice.stage == room.stage_key:
        keys[VOTE_NOTICE] = replace(notice, seen=now)
    elif notice.seen is None or notice.seen != now or notice.room != room.code:
        keys[VOTE_NOTICE] = None
        if notice.seen is not None:
            return None
    return notice.text


def numbered(stage: Stage, order: tuple[int, ...]) -> dict[int, str]:
    """Each option's text (by its original index) with its number in the room's ``order``, as the presenter
    lists them: "1. …" on the phones is the presenter's option 1. For widget labels (markdown: the number's
    period escaped, not read as a list) and as the phone's format_func (``numbered(...).__getitem__``)."""
    return {i: f"{n}\\. {stage.options[i].text}" for n, i in enumerate(order, start=1)}


def results(code: str, stage: Stage, order: tuple[int, ...]) -> None:
    """The revealed distribution, on the presenter's screen and on the phones (the page adds ``RESULT_CSS``):
    numbered in the room's ``order`` as the presenter lists the options, the board's answers' bars green and
    marked ✓ in bold, said in the legend line."""
    store = polls.get_store()
    try:
        counts = store.counts(code, stage.key)
        voters = store.voters(code, stage.key)
    except polls.PollError as error:
        st.warning(markup.md(str(error)))
        return
    with st.container(key=RESULTS_KEY):
        for n, i in enumerate(order, start=1):
            option = stage.options[i]
            share_of = (counts[i] if i < len(counts) else 0) / voters if voters else 0.0
            text = f"{n}. {markup.md(option.text)}: {share_of:.0%}"
            if option.correct:
                with st.container(key=f"{RIGHT_KEY}_{n}"):
                    st.progress(share_of, text=f"✓ **{text}** (board's answer)")
            else:
                st.progress(share_of, text=text)
    several = " (each could choose several)" if stage.multiple else ""
    st.caption(
        f"Share of the {voters} voter{'s' if voters != 1 else ''}{several} choosing each answer. Green bars, "
        f"✓ and bold: the board's answer{'s' if sum(o.correct for o in stage.options) > 1 else ''}."
    )


def breakable_address(address: str, escape: Callable[[str], str]) -> str:
    """``address`` as markdown (each piece through ``escape``) that a narrow column breaks only before a "."
    or a "/" (a zero-width space there; its hyphens become non-breaking ones, U+2011, drawn alike), never
    inside a word: "crlm-" / "teaching" and "v" / "ote" on a projector read as other addresses."""
    pieces = re.split(r"(?=[./])", address.replace("-", "\u2011"))
    return ZWSP.join(escape(piece) for piece in pieces if piece)
