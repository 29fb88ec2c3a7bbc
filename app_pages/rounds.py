"""Grand rounds: run a case with the room. The presenter opens a room; phones join with the code or the QR
code, answer each stage's question, and the presenter reveals the distribution beside the board's answer."""

from __future__ import annotations

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
    QueryField("stage", "int", 1, minimum=1, maximum=max(len(c.stages) for c in LIBRARY)),
)
K = state.page_state("rounds", FIELDS)
case = next(c for c in LIBRARY if c.key == K["case"])
store = polls.get_store()

st.title("Grand rounds")
if message := rounds.take_message(K):
    st.warning(markup.md(message), icon=markup.ICON_WARNING)

room: polls.RoomState | None = None
if K["room"]:
    try:
        room = store.room(K["room"])
    except polls.PollError as error:
        st.error(markup.md(str(error)))
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
    """One stage of the room on the screen, with its live count and the presenter's controls."""
    if room.case_key != case.key:  # the room's case wins over a case in the link
        case = next((c for c in LIBRARY if c.key == room.case_key), case)
    code = room.code
    number = max(1, min(int(K["stage"]), len(case.stages)))
    stage = case.stages[number - 1]
    order = cases.room_order(code, case.key, stage)  # the phones' order too; votes keep original indexes
    state.save_url_state(K, FIELDS)

    code_col, stage_col = st.columns([1, 3], gap="large")
    with code_col:
        address = rounds.join_address(st.context.url or "")
        st.markdown(f"Join at **{markup.md(address)}** with the code\n\n# {markup.md(room.code)}")
        try:
            link = rounds.audience_link(st.context.url or "", room.code)
            st.image(share.qr_png(link, scale=10), caption="Scan to answer on your phone", width=260)
        except ValueError:
            st.caption("Open the Join a poll page and enter the code.")
    with stage_col:
        # The stage controls first, on the projector's first screen: below the stage (or under the QR code),
        # a presenter at 1280x720 scrolled at every stage to reach them.
        with st.container(horizontal=True):
            st.button(
                "Back",
                icon=":material/arrow_back:",
                on_click=rounds.show_stage,
                args=(K, case, number - 1),
                disabled=number == 1,
            )
            st.button(
                "Next",
                icon=":material/arrow_forward:",
                type="primary",
                on_click=rounds.show_stage,
                args=(K, case, number + 1),
                disabled=number == len(case.stages),
            )
            st.button("End the room", on_click=rounds.end_room, args=(K,))
        st.caption(f"{markup.md(case.title)} · stage {number} of {len(case.stages)}")
        st.subheader(markup.md(stage.title))
        st.markdown(markup.md(stage.known))
        if stage.question:
            st.markdown(f"**{markup.md(stage.question)}**")
            st.markdown(
                "\n".join(f"{n}. {markup.md(stage.options[i].text)}" for n, i in enumerate(order, start=1))
            )

        @st.fragment(run_every=2)
        def live_counts() -> None:
            """The room's answers as they come in (this part alone reruns every 2 s)."""
            try:
                now = store.room(code)
                counts = store.counts(code, stage.key) if now else ()
            except polls.PollError as error:
                st.warning(markup.md(str(error)))
                return
            if now is None or now.stage_key != stage.key or not stage.question:
                return
            total = sum(counts)
            status = "voting open" if now.question_open else "voting closed"
            st.markdown(f"**{total} answer{'s' if total != 1 else ''}** · {status}")
            if now.revealed:
                for n, i in enumerate(order, start=1):  # numbered as listed above and on the phones
                    option = stage.options[i]
                    share_of = (counts[i] if i < len(counts) else 0) / total if total else 0.0
                    mark = " :green-badge[board's answer]" if option.correct else ""
                    st.progress(share_of, text=f"{n}. {markup.md(option.text)}: {share_of:.0%}{mark}")

        live_counts()
        if stage.question:
            with st.container(horizontal=True):
                st.button("Open voting", on_click=rounds.question, args=(K, "open", len(stage.options)))
                st.button("Close voting", on_click=rounds.question, args=(K, "close"))
                st.button("Reveal", type="primary", on_click=rounds.question, args=(K, "reveal"))
        if room.revealed or not stage.question:
            st.markdown(evidence.why(catalog, stage.reveal, stage.evidence_ids, stage.definition_source))


if room is not None:  # (no st.stop above: the frame's citation line follows every page)
    run_room(room, case)
