"""Join a poll: answer the presenter's question on a phone. The page refreshes itself while the room runs."""

from __future__ import annotations

import string

import streamlit as st

from crlm_app import content, evidence, markup, polls, rounds, state
from crlm_content import cases, memo
from crlm_content.safe_text import quoted
from crlm_content.urlstate import QueryField

catalog = content.catalog()
LIBRARY = {case.key: case for case in memo.content(cases.load_cases, catalog)}
# The phone's voter id lives in its link (``voter``), not only in the Streamlit session: a reload or a
# second tab starts a new session, which with a session-only id was a new voter, counted twice. The id
# is random and checked for shape (``rounds.keep_voter``: anything else in the link is replaced, never
# trusted); the room's QR code and audience link never carry one, so each phone draws its own on its
# first load. Someone who copies their own URL to a neighbour gives the neighbour their id: the two are
# one voter, and the later vote replaces the earlier one. Acceptable here: a teaching poll with no
# accounts, where the id only stops one phone counting twice; a voter can only ever hold one answer per
# question, so a shared link loses a vote but can never add one.
FIELDS = (QueryField("room", "text", "", max_length=12), QueryField("voter", "text", ""))
K = state.page_state("vote", FIELDS)
rounds.keep_voter(K)  # before the URL is written: a new phone's id goes into its link at once
LOOKALIKES = ", ".join(sorted(set(string.ascii_uppercase + string.digits) - set(polls.CODE_ALPHABET)))


def not_a_code(given: str) -> None:
    """The one notice of a room code that cannot be one, typed or in a link, naming what was given."""
    st.warning(
        markup.md(
            f"That is not a room code: {quoted(given)}. Codes have five characters, and leave out letters "
            f"and digits that look alike ({LOOKALIKES}): copy it from the screen."
        )
    )


st.title("Join a poll")
# A link's room is checked as a typed code is: one that cannot be a code (?room=' OR 1=1--) is named and left
# out of the address, never looked up as "ended, or unknown"; a code in any case or with dashes is the code.
if given := str(K["room"] or ""):
    K["room"] = polls.normalize_code(given) or ""
if not K["room"]:  # ask for the code (no st.stop: the frame's citation line follows every page)
    if given:
        not_a_code(given)
    with st.form(K("join"), border=False):  # a Join button: a phone's keyboard may hide its Enter key
        code = st.text_input("Room code (on the presenter's screen)", max_chars=12, key=K("typed"))
        st.form_submit_button("Join", type="primary")
    if code:
        normal = polls.normalize_code(code)
        if normal is None:
            not_a_code(code)
        else:
            K["room"] = normal
            st.rerun()
state.save_url_state(K, FIELDS)
st.html(rounds.RESULT_CSS)  # the board's answers' result bars green, as on the presenter's screen


@st.fragment(run_every=3)
def current_question() -> None:
    """The room's current stage (this part alone reruns every 3 s: little to send, nothing else rebuilt)."""
    store = polls.get_store()
    try:
        room = store.room(K["room"])
    except polls.PollError as error:
        st.warning(markup.md(str(error)))
        return
    if room is None:
        st.warning("This room has ended, or the code is unknown. Check the code on the screen.")
        return
    if message := rounds.vote_notice(K, room):  # kept through the refreshes until it is out of date
        st.warning(markup.md(message), icon=markup.ICON_WARNING)
    case = LIBRARY.get(room.case_key)
    stage = next((s for s in case.stages if s.key == room.stage_key), None) if case else None
    if case is None or stage is None:
        st.info("Waiting for the presenter to show a question.")
        return
    st.caption(f"Room {markup.md(room.code)} · {markup.md(case.title)}")
    st.header(markup.md(stage.title))
    if not stage.question:  # an outcome, a turn of events: its reasoning and evidence, as on the projector
        st.markdown(markup.md(stage.known))
        st.markdown(evidence.why(catalog, stage.reveal, stage.evidence_ids, stage.definition_source))
        return
    # The stage's facts above its question: "What remnant does this liver need?" is not answerable from the
    # back row without the 26% remnant on the screen.
    with st.expander(rounds.KNOWN, expanded=True):
        st.markdown(markup.md(stage.known))
    st.markdown(f"**{markup.md(stage.question)}**")
    try:
        mine = store.my_vote(room.code, rounds.keep_voter(K), stage.key)
    except polls.PollError as error:  # the room ended, or the store failed, since it was read above
        st.warning(markup.md(str(error)))
        return
    texts = {i: option.text for i, option in enumerate(stage.options)}
    order = cases.room_order(room.code, case.key, stage)  # the presenter's order; votes keep original indexes
    labels = rounds.numbered(stage, order)  # the presenter's numbers: "option 3" is the phone's 3 too
    if room.question_open:
        with st.form(K(f"form_{stage.key}")):
            widget = K(f"pick_{stage.key}")
            if stage.multiple:
                st.markdown(f"{rounds.CHOOSE_ALL}:")
                for i in order:
                    box = rounds.choice_widget(widget, i)
                    if box not in st.session_state:  # the voter's last answer, ticked
                        st.session_state[box] = mine is not None and i in mine
                    st.checkbox(labels[i], key=box, wrap=True)
            else:
                # The voter's answer, selected; none when it is not among the options (the case's content
                # changed during the room: its index is past the last option).
                last = next(iter(mine)) if mine and len(mine) == 1 else None
                shown = order.index(last) if last in order else None
                st.radio("Your answer", order, index=shown, key=widget, format_func=labels.__getitem__)
            st.form_submit_button(  # one label before and after voting: a new label was a new button, and
                "Vote",  # the keyboard's focus fell to the page's top when it replaced the one pressed
                type="primary",
                on_click=rounds.cast_vote,
                args=(K, stage.key, len(stage.options), widget, stage.multiple),
            )
    elif not room.revealed:
        st.info(polls.voting_status(room).capitalize() + ".")  # the presenter's screen says the same
    if mine is not None:
        answers = "; ".join(texts[i] for i in order if i in mine)
        said = f"Your answer{'s' if len(mine) > 1 else ''}: {markup.md(answers)}"
        if answers and room.question_open:  # role=status: a screen reader says it when the vote counts
            # (info, not success: green is the board's answer's colour on the results)
            st.info(f"Vote counted. {said}  \nYou can change your vote until voting closes.")
        elif answers:
            st.caption(said)
        else:
            st.caption("Your answer is not one of these answers any more: answer again.")
    if room.revealed:
        # role=status: the form went away and the results came unannounced, the keyboard's focus at the top
        right = "; ".join(texts[i] for i in order if stage.options[i].correct)
        plural = "s" if sum(o.correct for o in stage.options) > 1 else ""
        st.info(f"Answers revealed. The board's answer{plural}: {markup.md(right)}.")
        rounds.results(room.code, stage, order)  # the presenter's figure: its numbers, its green bars
        st.markdown(evidence.why(catalog, stage.reveal, stage.evidence_ids, stage.definition_source))


if K["room"]:
    current_question()
    # A code typed wrong, or a room that has ended: the way back to the code box without editing the URL.
    st.button("Join another room", on_click=state.set_state, args=({K("room"): "", K("typed"): ""},))
