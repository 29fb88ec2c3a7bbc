"""Case library: work a patient stage by stage; the reasoning and its evidence appear only after an answer."""

from __future__ import annotations

import streamlit as st

from crlm_app import content, evidence, layout, markup, state
from crlm_content import cases, memo, site
from crlm_content.urlstate import QueryField

catalog = content.catalog()
LIBRARY = memo.content(cases.load_cases, catalog)  # read and checked against the engine once per process
KEYS = tuple(case.key for case in LIBRARY)
TITLES = {case.key: case.title for case in LIBRARY}
PAGE_PATHS = {spec.url_path: spec.path for spec in site.PAGES}
MAX_STAGES = max(len(case.stages) for case in LIBRARY)
FIELDS = (
    QueryField("case", "choice", KEYS[0], choices=KEYS),
    QueryField("stage", "int", 1, minimum=1, maximum=MAX_STAGES, depends_on="case"),
)
K = state.page_state("cases", FIELDS, progress="your answers to the cases")
ANSWERS = K("answers")  # {"<case>/<stage>": chosen option indexes}: this session's answers only

st.title("Case library", help=content.term_help("CRLM", "NCT"))
st.markdown(
    "Work a patient the way a hepatobiliary board does: at each stage, decide what to do next, then see the "
    "reasoning and the evidence behind it. The review's own patients (its Figures 1 and 2) and written "
    "teaching cases; every taught plan is the one the decision walkthrough gives for the patient as it "
    "stands."
)
st.selectbox(
    "Case",
    KEYS,
    key=K("case"),
    format_func=TITLES.__getitem__,
    on_change=state.set_state,
    args=({K("stage"): 1},),
)
case = next(c for c in LIBRARY if c.key == K["case"])
reached = min(int(K["stage"]), len(case.stages))
answers: dict[str, tuple[int, ...]] = st.session_state.get(ANSWERS) or {}
st.caption(
    ("A patient of the review. " if case.source == "review" else "A written teaching case. ")
    + markup.md(case.summary)
)
restart = (ANSWERS, f"{case.key}/", {K("stage"): 1})  # forget this case's answers, back to stage 1
# A link to a later stage, opened in a fresh page: the questions before it were not answered here.
skipped = cases.skipped_stages(case, reached, answers)
if skipped:
    st.info(cases.skipped_notice(reached, skipped), icon=":material/link:")
    st.button("Start at stage 1", on_click=state.forget_answers, args=restart)


def tool_link(stage: cases.Stage) -> None:
    link = stage.tool
    if link is None:
        return
    params = dict(link.params)
    if link.page == "walkthrough" and stage.scenario is not None and not params:
        params = cases.walkthrough_params(stage.scenario)
    state.page_link(
        PAGE_PATHS[link.page], label=link.label, icon=":material/open_in_new:", query_params=params
    )


def answered(stage: cases.Stage, picked: tuple[int, ...], order: tuple[int, ...]) -> None:
    """What the reader chose, whether it was right, every option's feedback (in ``order``, as shown), then
    the reasoning. ``picked`` and ``order`` hold original option indexes."""
    if stage.is_right(picked):
        st.success("Right.", icon=":material/check_circle:")
    else:
        st.warning("Not quite: the board's answer is marked below.", icon=markup.ICON_WARNING)
    options(stage, picked, order)
    reveal(stage)


def options(stage: cases.Stage, picked: tuple[int, ...], order: tuple[int, ...]) -> None:
    """Every option with its feedback, in ``order``: the board's answer marked, and the reader's."""
    lines = []
    for i in order:
        option = stage.options[i]
        mark = ":green-badge[board's answer]" if option.correct else ""
        chosen = ":blue-badge[your answer]" if i in picked else ""
        lines.append(f"- {markup.md(option.text)} {mark} {chosen}  \n  {markup.md(option.feedback)}")
    st.markdown("\n".join(lines))


def reveal(stage: cases.Stage) -> None:
    st.markdown(evidence.why(catalog, stage.reveal, stage.evidence_ids, stage.definition_source))
    if panel := layout.lazy_expander(
        f"The evidence ({len(stage.evidence_ids)} records)", key=K(f"ev_{stage.key}")
    ):
        with panel:
            evidence.evidence_cards(*stage.evidence_ids)


for number, stage in enumerate(case.stages[:reached], start=1):
    item = cases.answer_key(case, stage)
    with st.container(border=True):
        st.header(f"{number}. {markup.md(stage.title)}")
        st.markdown(markup.md(stage.known))
        # A tool link (the walkthrough's plan, a calculator filled in) gives the answer away: it follows the
        # answer, with the reveal, unless the stage asks nothing.
        if stage.question is None:
            tool_link(stage)
            reveal(stage)
        elif item in answers:
            st.markdown(f"**{markup.md(stage.question)}**")
            answered(stage, answers[item], cases.case_order(case, stage))
            tool_link(stage)
        elif number in skipped:  # passed by a link: not a form beside a later stage's reasoning
            st.markdown(f"**{markup.md(stage.question)}**")
            st.caption("Not answered in this browser: the link opened a later stage.")
            if st.toggle("Show the board's answer and reasoning", key=K(f"show_{item}")):
                options(stage, (), cases.case_order(case, stage))
                reveal(stage)
                tool_link(stage)
        else:
            if state.empty_answer(item):
                st.warning("Choose an answer first, then press Answer.", icon=markup.ICON_WARNING)
            with st.form(K(f"form_{item}")):
                labels = cases.case_order(case, stage)  # original indexes, in the order shown
                texts = {i: option.text for i, option in enumerate(stage.options)}
                widget = K(f"pick_{item}")
                if stage.multiple:
                    st.multiselect(
                        stage.question + " (choose all that apply)",
                        labels,
                        key=widget,
                        format_func=texts.__getitem__,
                        wrap=True,
                        select_all=False,  # a "Select all" would answer the question for the reader
                    )
                else:
                    st.radio(
                        stage.question,
                        labels,
                        index=None,
                        key=widget,
                        format_func=texts.__getitem__,
                    )
                st.form_submit_button(
                    "Answer", on_click=state.record_answer, args=(ANSWERS, item, widget), type="primary"
                )

last = case.stages[reached - 1]
done = last.question is None or cases.answer_key(case, last) in answers
with st.container(horizontal=True):
    if done and reached < len(case.stages):
        st.button("Next stage", type="primary", on_click=state.set_state, args=({K("stage"): reached + 1},))
    if (reached > 1 or answers) and not skipped:  # skipped: "Start at stage 1" is above
        st.button("Work this case again", on_click=state.forget_answers, args=restart)
if done and reached == len(case.stages):
    st.info(cases.finished_line(case, answers))
state.save_url_state(K, FIELDS)
