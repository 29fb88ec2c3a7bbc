"""Grand rounds: run a case with the room. The presenter opens a room; phones join with the code or the QR
code, answer each stage's question, and the presenter reveals the distribution beside the board's answer."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from crlm_app import content, evidence, markup, polls, rounds, state
from crlm_content import cases, memo, share
from crlm_content.urlstate import QueryField

catalog = content.catalog()
LIBRARY = memo.content(cases.load_cases, catalog)
KEYS = tuple(case.key for case in LIBRARY)
TITLES = {case.key: case.title for case in LIBRARY}
FIELDS = (
    QueryField("case", "choice", KEYS[0], choices=KEYS),
    QueryField("room", "text", "", max_length=12),
    QueryField("key", "text", "", max_length=64),  # the presenter's secret: only the presenter's link has it
    QueryField("stage", "int", 1, minimum=1, maximum=max(len(c.stages) for c in LIBRARY), depends_on="case"),
)
K = state.page_state("rounds", FIELDS)
case = next(c for c in LIBRARY if c.key == K["case"])
store = polls.get_store()

room: polls.RoomState | None = None
problem = ""
if K["room"]:
    try:
        room = store.room(K["room"])
    except polls.PollError as error:
        problem = str(error)
if room is None:  # a running room's h1 is its case's title (run_room): the projector's height is the stage's
    st.title("Grand rounds")
if message := rounds.take_message(K):
    st.warning(markup.md(message), icon=markup.ICON_WARNING)
if K["room"]:
    if problem:
        st.error(markup.md(problem))
    if room is None:
        st.warning("That room has ended or its code is unknown: open a new one.", icon=markup.ICON_WARNING)
        K["room"], K["key"] = "", ""

if room is None:
    st.markdown(
        "Run a case with the room: open a room, put the code or the QR code on the screen, and the audience "
        "answers each stage's question on their phones. You reveal the answers beside the board's, with the "
        "reasoning and its evidence. Best in presenter mode (large type, no menus)."
    )
    st.selectbox("Case", KEYS, key=K("case"), format_func=TITLES.__getitem__)
    with st.container(horizontal=True):
        st.button("Open a room", type="primary", on_click=rounds.open_room, args=(K, case))
        if not state.presenting():
            st.button("Presenter mode", on_click=state.set_presenting, args=(True,))
    state.save_url_state(K, FIELDS)


def run_room(room: polls.RoomState, case: cases.Case) -> None:
    """The room's stage on the screen, with its live count and (with the presenter's key) the controls. The
    stage is the room's, from the store, and goes back into the link: a link copied at stage 1 and opened
    after Next, Next shows the room's stage 3, never stage 1 beside phones on stage 3."""
    if room.case_key != case.key:  # the room's case wins over a case in the link
        case = next((c for c in LIBRARY if c.key == room.case_key), case)
    code = room.code
    number = rounds.stage_number(case, room.stage_key)
    on_stage = rounds.in_case(case, room.stage_key)  # False: no stage yet, or one this case no longer has
    # The link's stage counts once, on this session's first run for the room: afterwards K["stage"] is the
    # stage this screen last drew, and every move of the room would read as an old link. And only when the
    # link says a stage: the presenter's private link and /rounds?room=CODE carry none (K["stage"] is then
    # the field's default, 1, which is no stage the link was made at).
    first_run = not K.get(rounds.seen_key(code))
    linked = rounds.linked_stage(st.query_params.get("stage"), K["stage"]) if first_run else None
    K[rounds.seen_key(code)] = True
    K["stage"] = number
    stage = case.stages[number - 1]
    order = cases.room_order(code, case.key, stage)  # the phones' order too; votes keep original indexes
    st.html(rounds.ROOM_CSS)
    # The case's title is the room's h1 (no "Grand rounds" title above it, sized to one line: ROOM_CSS): at
    # 1280x720 the page title, and the caption's long case title that pushed End the room onto a line of
    # its own, put the results and the reasoning below the first screen.
    with st.container(key=rounds.TITLE_KEY):
        st.title(markup.md(case.title), anchor=False)
    # The controls only for the room's own secret, checked with the store before any is drawn: a link
    # without the key (shared, forwarded) or with a wrong one (truncated) follows the room, no controls.
    presenter = wrong_key = False
    if K["key"]:
        try:
            presenter = rounds.holds_presenter_key(K, room)
        except polls.PollError as error:  # the store cannot say: no controls now, the key kept for a retry
            st.error(markup.md(str(error)))
        else:
            wrong_key = not presenter
    if wrong_key:
        st.warning(rounds.wrong_key_message(code), icon=markup.ICON_WARNING)
        K["key"] = ""  # out of the link too: it is this room's audience view now
    state.save_url_state(K, FIELDS)
    if linked is not None and on_stage and linked != number:
        st.info(
            f"This link was made at stage {linked}; the room has moved on to stage {number}, shown here.",
            icon=":material/update:",
        )
    if presenter and not on_stage:
        st.info(rounds.NOT_ON_STAGE, icon=":material/info:")

    @st.fragment(run_every=2)
    def live_counts() -> None:
        """The room's answers as they come in (this part alone reruns every 2 s). When the room moved
        (another presenter screen: a stage, a reveal, the end), the whole screen is drawn again."""
        try:
            now = store.room(code)
            voters = store.voters(code, stage.key) if now else 0
        except polls.PollError as error:
            st.warning(markup.md(str(error)))
            return
        if now is None or now.stage_key != room.stage_key or now.revealed != room.revealed:
            st.rerun()
        if not stage.question:
            return
        st.markdown(f"**{voters} answer{'s' if voters != 1 else ''}** · {polls.voting_status(now)}")

    code_col, stage_col = st.columns([1, 3], gap="large")
    with code_col:
        address = share.join_address(st.context.url or "")
        st.markdown("Join at")
        with st.container(key="rounds_address"):
            st.markdown(f"**{rounds.breakable_address(address, markup.md)}**")
        st.markdown("with the code")
        with st.container(key="rounds_code"):
            st.markdown(markup.md(code))
        try:
            link = share.audience_link(st.context.url or "", code)
            with st.container(key="rounds_qr"):
                st.image(
                    memo.cached(share.qr_png, link, scale=16),
                    caption="Scan to answer on your phone",
                    width="stretch",
                    alt="QR code of the room's audience link",
                )
        except ValueError:
            st.caption("Open the Join a poll page and enter the code.")
        # The count under the QR code: below the stage it was under the fold on a third of the stages
        live_counts()
    with stage_col:
        # The stage and voting controls first, in one row on the projector's first screen: below the stage
        # (or under the QR code), a presenter at 1280x720 scrolled at every stage and question to reach them.
        if presenter:
            shown = room.stage_key  # the stage the room was on when drawn: the store refuses it once moved
            asks = bool(stage.question) and on_stage  # (off the room's stage, Next first shows it)
            lead = rounds.lead_control(room, asks)  # the one primary button: the stage's next step

            def kind(label: str) -> Literal["primary", "secondary"]:
                return "primary" if label == lead else "secondary"

            with st.container(horizontal=True, vertical_alignment="center"):
                st.button(
                    "Back",
                    icon=":material/arrow_back:",
                    on_click=rounds.show_stage,
                    args=(K, case, number - 1, shown),
                    disabled=number == 1 or not on_stage,
                )
                st.button(
                    "Next",
                    icon=":material/arrow_forward:",
                    type=kind("Next"),
                    on_click=rounds.show_stage,
                    args=(K, case, number + 1 if on_stage else number, shown),
                    disabled=on_stage and number == len(case.stages),
                )
                if asks:
                    for label, action in (("Open voting", "open"), ("Close voting", "close")):
                        st.button(
                            label, type=kind(label), on_click=rounds.question, args=(K, case, shown, action)
                        )
                    never_opened = room.n_options is None  # nothing to reveal before anyone could answer
                    st.button(
                        "Reveal",
                        type=kind("Reveal"),
                        on_click=rounds.question,
                        args=(K, case, shown, "reveal"),
                        disabled=never_opened,
                        help=rounds.REVEAL_AFTER_VOTING if never_opened else None,
                    )
        elif not wrong_key:  # (its warning above says the same, once)
            st.info(
                "This screen follows room "
                f"{markup.md(code)} without its controls: they need the presenter's private link. To answer, "
                f"join at {markup.md(address)} with the code.",
                icon=":material/visibility:",
            )
        with st.container(horizontal=True, vertical_alignment="center"):
            st.caption(f"Grand rounds · stage {number} of {len(case.stages)}")
            if presenter:  # apart from the stage's controls, always at this row's end, and asked first
                end_room(code)
        st.header(markup.md(stage.title))
        revealed = room.revealed and bool(stage.question)
        if (
            revealed
        ):  # the facts the room voted on, a click away: at 1280x720 the reasoning was below the fold
            with st.expander(rounds.KNOWN, expanded=False, key=f"rounds_known_{stage.key}"):
                st.markdown(markup.md(stage.known))
        else:
            st.markdown(markup.md(stage.known))
        if stage.question:
            st.markdown(f"**{markup.md(stage.question)}**")
        if stage.question and not revealed:
            if stage.multiple:
                st.caption(f"{rounds.CHOOSE_ALL}: more than one answer may be right.")
            st.markdown(
                "\n".join(f"{n}. {markup.md(stage.options[i].text)}" for n, i in enumerate(order, start=1))
            )

        if revealed:  # in place of the options: the results carry their numbers, texts and the board's ✓
            rounds.results(code, stage, order)  # (the phones draw the same)
        if room.revealed or not stage.question:
            st.markdown(evidence.why(catalog, stage.reveal, stage.evidence_ids, stage.definition_source))
    if presenter:
        private_link(code)


def end_room(code: str) -> None:
    """End the room (its votes deleted): a popover that asks first, at the end of the stage's caption line,
    away from the stage's controls. Beside Reveal, and sliding into Open voting's place on a stage without a
    question, it ended the room at one click."""
    with st.popover(rounds.END_ROOM, icon=":material/logout:", key=K(rounds.ENDING), on_change="rerun"):
        st.markdown(rounds.end_room_question(code))
        with st.container(horizontal=True):
            st.button(rounds.END_CONFIRM, type="primary", on_click=rounds.end_room, args=(K,))
            st.button(rounds.END_KEEP, on_click=rounds.keep_room, args=(K,))


def private_link(code: str) -> None:
    """The presenter's private link, at the foot of the page, away from the audience's QR code and closed:
    opened on the projector, its key would let anyone in the room run it."""
    st.divider()
    with st.expander(rounds.PRIVATE_LINK_LABEL, icon=":material/lock:"):
        st.markdown(rounds.PRIVATE_LINK_WARNING)
        try:
            st.code(
                share.presenter_link(st.context.url or "", code, K["key"]), language=None, wrap_lines=True
            )
        except ValueError:
            st.caption("Not available here.")


if room is not None:  # (no st.stop above: the frame's citation line follows every page)
    run_room(room, case)
