"""Trials and studies: each study the review reports results from, filtered by the question it answers; the
chosen study's arms charted with only the review's figures, its significance as the review states it, the
evidence behind it and the walkthrough step that uses it."""

from __future__ import annotations

import streamlit as st

from crlm_app import charts, content, evidence, markup, state
from crlm_content import memo, studies
from crlm_content.figures import studies as study_charts
from crlm_content.figures.frame import PROJECTOR_TEXT_SCALE
from crlm_content.studies.walkthrough import walkthrough_link
from crlm_content.urlstate import QueryField

catalog = content.catalog()
STUDIES = memo.content(studies.load_studies, catalog)  # read and checked against the records once per process
KEYS = tuple(s.key for s in STUDIES)
NAMES = {s.key: s.name for s in STUDIES}
QUESTION_CHOICES = ("all", *studies.QUESTIONS)
QUESTION_TEXT = {"all": "Every question", **studies.QUESTION_LABELS}
FIELDS = (
    QueryField("question", "choice", "all", choices=QUESTION_CHOICES),
    QueryField("study", "choice", KEYS[0], choices=KEYS),
)
K = state.page_state("trials", FIELDS)
SIGNIFICANCE_BADGES = {
    "significant": ":green-badge[significant]",
    "not significant": ":orange-badge[not significant]",
    "overall": ":gray-badge[significant overall, not per time point]",
    "not stated": ":gray-badge[significance not stated]",
    "no comparison": ":gray-badge[one group, no comparison]",
}

st.title("Trials and studies", help=content.term_help("NCT", "CRLM"))
st.markdown(
    "The studies the review reports, side by side: what each compared, what it found, whether the difference "
    "was significant, and what that means for chemotherapy before liver surgery. Every result and chart "
    "gives the review's own figures, from its cited record, except a result marked as a primary paper's, "
    "which its source line names; a caveat that sets a primary paper's figure beside them names that paper "
    "too. Where the review gives no P value the page says *not given*, and no interval is drawn because "
    "the review gives none."
)
# Both pickers first: below the list of every study's verdict, the study picker sat ~5 screens down on a
# phone, and the list's names cannot be tapped.
if K["study"] not in {s.key for s in studies.in_question(STUDIES, K["question"])} and (
    st.query_params.get("study") == K["study"] and st.query_params.get("question") == K["question"]
):
    # A link named a study under a question it does not answer: the study is what the link names (the
    # question's first study, shown silently, was a study nobody asked for).
    st.warning(
        f"{markup.md(NAMES[K['study']])} does not answer the question "
        f"'{markup.md(QUESTION_TEXT[K['question']])}', so every question is shown."
    )
    K["question"] = "all"
question_col, study_col = st.columns(2)
question_col.selectbox("Question", QUESTION_CHOICES, key=K("question"), format_func=QUESTION_TEXT.__getitem__)
shown = studies.in_question(STUDIES, K["question"])
if K["study"] not in {s.key for s in shown}:
    K["study"] = shown[0].key  # the filter changed: its first study
study_col.selectbox(
    f"Study ({len(shown)} for this question)",
    [s.key for s in shown],
    key=K("study"),
    format_func=NAMES.__getitem__,
)
study = next(s for s in STUDIES if s.key == K["study"])

# The chart in two forms, of which the browser shows one (a server run does not know the screen's width): on a
# screen where the chart is ``WIDE_PX`` wide or more (1.25 times that in presenter mode, whose text is 1.25
# times larger), the panels in a grid that fits a 1280x720 projector screen in presenter mode, title to
# source line; narrower, one panel a row (a phone). One column was 2022 px tall in presenter mode. The width
# at which the grid shows: the chart plus Streamlit's 5rem padding each side and 20 px for a scrollbar.
CHART_PADDING_PX = 2 * 80 + 20


def chart_forms() -> None:
    """Both forms of the study's chart, each in a container the other's screens hide."""
    chart_px = study_charts.WIDE_PX * (PROJECTOR_TEXT_SCALE if state.presenting() else 1)
    grid_from = round(chart_px) + CHART_PADDING_PX
    st.html(
        "<style>"
        f"@media (max-width: {grid_from - 1}px) {{ .st-key-trials-chart-grid {{ display: none; }} }}"
        f"@media (min-width: {grid_from}px) {{ .st-key-trials-chart-column {{ display: none; }} }}"
        "</style>"
    )
    alt = studies.alt_text(catalog, study)
    for form, wide in (("grid", True), ("column", False)):
        with st.container(key=f"trials-chart-{form}"):
            charts.chart(study_charts.study_figure, catalog, study, wide=wide, alt=alt, key=f"study-{form}")


with st.container(border=True):
    st.header(markup.md(study.name))
    st.markdown(
        f"**Verdict.** {markup.md(study.verdict)} "
        f"{evidence.ref_links(catalog, studies.figure_evidence_ids(study))}\n\n"
        + "\n".join(f"- {markup.md(line)}" for line in studies.design_lines(catalog, study))
        + f"\n\n**For chemotherapy before surgery.** {markup.md(study.meaning)} "
        + evidence.ref_links(catalog, study.evidence_ids)
    )
    caveats = {c.number: c for i in study.evidence_ids for c in catalog.caveats_for(i)}
    if caveats:
        st.markdown("\n\n".join(evidence.caveat_line(c) for c in caveats.values()))

if study.design == "ongoing":
    st.info("Ongoing: the review reports no results for this trial yet, so there is nothing to chart.")
else:
    blocks = []
    for endpoint in study.endpoints:
        block = (
            f"**{markup.md(studies.endpoint_heading(endpoint))}**: "
            f"{markup.md(studies.result_text(catalog, study, endpoint))}. "
            f"{markup.md(studies.p_phrase(catalog, endpoint))}. "
            f"{SIGNIFICANCE_BADGES[endpoint.significance]}  \n{markup.md(endpoint.finding)}"
        )
        details = studies.further_details(catalog, endpoint)
        if details:
            block += "  \n" + "; ".join(markup.md(d) for d in details) + "."
        if endpoint.note:
            block += f"  \n{markup.ICON_NOTE} *{markup.md(endpoint.note)}*"
        blocks.append("- " + block.replace("\n", "\n  "))
    st.markdown("\n".join(blocks))
    if study_charts.chart_endpoints(catalog, study):
        chart_forms()
    else:
        st.caption("The review gives no figure per arm for this study, so there is nothing to chart.")

link = memo.cached(walkthrough_link, catalog, study)
if link is not None:
    st.caption(markup.md(link.where))
    state.page_link(
        "app_pages/decision_walkthrough.py",
        label=link.label,
        icon=":material/open_in_new:",
        query_params=dict(link.params),
    )
else:
    st.caption("No step of the decision walkthrough cites this study.")
count = len(study.evidence_ids)
evidence.evidence_expander(
    f"The evidence behind it ({count} record{'s' if count > 1 else ''})",
    study.evidence_ids,
    key=K("evidence"),
)
# A list, not a table: four columns of verdicts ran off a phone's screen.
st.markdown(
    f"**Every study for this question, at a glance ({len(shown)})**\n\n"
    + "\n".join(
        f"- **{markup.md(str(row['Study']))}** ({markup.md(str(row['Design']))}, "
        f"{markup.md(str(row['Refs']))}): {markup.md(str(row['Verdict']))}"
        for row in memo.cached(studies.verdict_rows, catalog, shown)
    )
)
state.save_url_state(K, FIELDS)
