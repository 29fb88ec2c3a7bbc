"""DLM explorer: the review's risk factors for disappearing liver metastases, lesion by lesion, no model."""

from __future__ import annotations

import streamlit as st

from crlm_app import charts, content, editable, evidence, inputs, layout, markup, state, tables
from crlm_content import memo, table_limits
from crlm_content.dlm import (
    COLUMNS,
    COMPLICATIONS_ID,
    DEFINITION_ID,
    DEPTH_THRESHOLD_CM,
    EMPTY_TABLE_MESSAGE,
    FIGURE_2_IDS,
    MAX_LESIONS,
    NO_DURATION_CUTOFF,
    PLANNED_WEEKS_MAX,
    REPORTED_IDS,
    RFS_ID,
    RISK_FACTORS_ID,
    SIZE_THRESHOLD_CM,
    ChemoPlan,
    assessment_table,
    check_table,
    chemo_plan,
    duration_comparison,
    encode_lesion_cells,
    encode_lesions,
    figure_2_example,
    lesion_cells,
    lesion_summaries,
    management_options,
    rfs_alt,
)
from crlm_content.figures.dlm import rfs_figure
from crlm_content.timing import CYCLE_LENGTH_MAX_WEEKS, CYCLES_MAX, MAX_CHEMOTHERAPY_WEEKS
from crlm_content.urlstate import QueryField

catalog = content.catalog()
EXAMPLE = figure_2_example(catalog)
DEFAULT_LESIONS = "1.5x0.5x6,3x2x7,1x1.5x8"
PLAN_MODES = {"cycles": "cycles x cycle length", "weeks": "weeks"}


TABS = (
    "Risk factors, lesion by lesion",
    "What the review reports",
    "Leaving DLM in place",
    "Figure 2: a worked example",
)
FIELDS = (
    QueryField("lesions", "text", DEFAULT_LESIONS, max_length=400),
    QueryField("plan", "choice", "cycles", choices=tuple(PLAN_MODES)),
    # Each box may be left empty, as not known (the plan then says what is not given), and a link keeps it so.
    # The treatment timing planner's limits (timing.CYCLES_MAX, CYCLE_LENGTH_MAX_WEEKS): a 5-week cycle it
    # plans was refused here. The weeks box takes the longest course those allow (PLANNED_WEEKS_MAX): it
    # stopped at 52 while 24 cycles x 6 weeks = 144 weeks were taken.
    QueryField("cycles", "int", 6, minimum=1, maximum=CYCLES_MAX, optional=True),
    QueryField("cycle_weeks", "float", 2.0, minimum=1, maximum=CYCLE_LENGTH_MAX_WEEKS, optional=True),
    QueryField(
        "weeks", "float", float(MAX_CHEMOTHERAPY_WEEKS), minimum=1, maximum=PLANNED_WEEKS_MAX, optional=True
    ),
    QueryField("tab", "choice", TABS[0], choices=TABS),
)
LABELS = {"cycles": "Cycles", "cycle_weeks": "Cycle length (weeks)", "weeks": "Weeks of chemotherapy"}
K = state.page_state("dlm_explorer", FIELDS)

st.title("DLM explorer: disappearing liver metastases", help=content.term_help("DLM", "NCT"))
definition = catalog.get(DEFINITION_ID)
st.markdown(markup.md(definition.statement))
evidence.cite(definition)  # cited as every record is, on every tab
st.info(
    "This explorer names the risk factors the review gives, lesion by lesion. It gives no probability: the "
    "review reports factors and ranges, not a model."
)

st.header("Lesions and planned chemotherapy")
st.markdown(
    f"One row per lesion (up to {MAX_LESIONS}; rows are counted from the top). Leave a cell empty when the "
    "value is not known: that factor is then shown as not given."
)
check = check_table(
    editable.editable_table(
        K("lesions"),
        parse=lesion_cells,
        encode=encode_lesion_cells,  # the rows the check keeps, as the link carries them
        columns=dict.fromkeys(COLUMNS, "string"),
        # Text cells, read by the check: the grid's number cells read "0,5" as 5 cm (a thousands separator)
        # and rounded to their step (1.004 cm deep became 1, "not deeper than 1 cm").
        column_config={
            "size_cm": editable.number_column("Size (cm)", help="Largest diameter, in centimetres."),
            "depth_cm": editable.number_column(
                "Depth (cm)", help="Distance from the liver surface, in centimetres (0 = at the surface)."
            ),
            "segment": editable.number_column(
                "Segment (1-8)", help=content.term_help("liver segment"), whole=True
            ),
        },
        alt="Lesions: size and depth from the liver surface in centimetres, and liver segment, one per row",
        limit=table_limits.LESIONS,
    )
)

buttons = st.container(horizontal=True)  # the two buttons in one block (columns would send four)
buttons.button(
    "Load the Figure 2 patient",
    key=K("load_figure_2"),
    on_click=editable.load_table,
    args=(K("lesions"), EXAMPLE.lesions_text),
    kwargs={"values": {K("plan"): "cycles", K("cycles"): EXAMPLE.cycles, K("cycle_weeks"): None}},
    help="The review's worked example: one lesion in segment 5, 6 cycles of chemotherapy",
)
buttons.button(
    "Restore the starting table",
    key=K("reset_table"),
    on_click=editable.load_table,
    args=(K("lesions"), DEFAULT_LESIONS),
    kwargs={"values": {K("plan"): "cycles", K("cycles"): 6, K("cycle_weeks"): 2.0}},
)

p1, p2, p3 = st.columns(3)
p1.radio(
    "Planned chemotherapy, entered as", tuple(PLAN_MODES), key=K("plan"), format_func=PLAN_MODES.__getitem__
)
if K["plan"] == "cycles":
    inputs.number_input(
        LABELS["cycles"], key=K("cycles"), step=1, where=p2, help="Leave empty when it is not known."
    )
    inputs.number_input(
        LABELS["cycle_weeks"],
        key=K("cycle_weeks"),
        step=0.5,
        where=p3,
        help="Leave empty when it is not known; the duration in weeks is then unknown.",
    )
else:
    inputs.number_input(
        LABELS["weeks"], key=K("weeks"), step=1.0, where=p2, help="Leave empty when it is not known."
    )
in_use = ("cycles", "cycle_weeks") if K["plan"] == "cycles" else ("weeks",)
out_of_range = inputs.range_errors(K, FIELDS, {key: LABELS[key] for key in in_use}, optional=in_use)
state.save_url_state(K, FIELDS)

plan: ChemoPlan | None = None
try:
    if not out_of_range:  # withheld, so the plan never disagrees with the boxes
        plan = chemo_plan(
            mode=K["plan"],
            cycles=inputs.whole(K.get("cycles")),  # the box gives 6.0
            cycle_weeks=K.get("cycle_weeks"),
            weeks=K.get("weeks"),
        )
except ValueError as error:
    st.error(f"Planned chemotherapy: {markup.md(str(error))}")
    plan = None

if check.problems:
    if check.problems == (EMPTY_TABLE_MESSAGE,):
        st.warning(markup.md(EMPTY_TABLE_MESSAGE))
    else:
        st.error(
            "Some cells need fixing; those rows are not assessed:\n"
            + "\n".join(f"- {markup.md(problem)}" for problem in check.problems)
        )
if check.skipped_empty:
    st.caption(f"{check.skipped_empty} empty row(s) left out.")
if encode_lesions(check.url_rows) == EXAMPLE.lesions_text:
    st.info(
        "This is the Figure 2 patient (see the case below), the same patient as the walkthrough's Figure 2 "
        "case. "
        "The review gives neither the size nor the depth of the lesion, so those cells are left unknown (the "
        "table shows an unknown cell as None) and the size and depth factors cannot be checked: enter values "
        "of your own to see how each would change the answer. It gives the number of cycles but not their "
        "length."
    )


def risk_tab() -> None:
    """The three factors, checked for each lesion in the table."""
    risk = catalog.get(RISK_FACTORS_ID)
    st.markdown(
        f"The review names three factors: a diameter **under {SIZE_THRESHOLD_CM:g} cm** (exactly "
        f"{SIZE_THRESHOLD_CM:g} cm does not count), a depth **more than {DEPTH_THRESHOLD_CM:g} cm** "
        "below the "
        f"liver surface (exactly {DEPTH_THRESHOLD_CM:g} cm does not count), and a **longer course** of "
        "neoadjuvant chemotherapy."
    )
    if plan is not None and check.rows:
        # One list, not a grid: on a phone a grid hides its last columns, and the reasoning is the last.
        st.markdown(
            "\n".join(
                f"- **Row {lesion.row}** ({markup.md(lesion.held)}): "
                + ", ".join(f"{markup.md(factor)} **{markup.md(value)}**" for factor, value in lesion.flags)
                + (" — " if lesion.flags else "")
                + markup.md(lesion.reasoning)
                + "."
                for lesion in memo.cached(lesion_summaries, check, plan)  # once per table and plan
            )
        )
        table = tables.shared_frame(assessment_table, check, plan)
        tables.csv_download("Download the lesion table (CSV)", table, "dlm_lesions.csv")
    evidence.cite(risk)
    st.markdown(f"**Duration.** {markup.md(NO_DURATION_CUTOFF)}")
    if plan is not None:
        st.markdown((":blue-badge[derived] " if plan.derived else "") + markup.md(plan.arithmetic))
        st.caption(markup.md(duration_comparison(catalog, plan)))
        evidence.cite(catalog.get(COMPLICATIONS_ID))


def reported_tab() -> None:
    """Reported figures from groups of patients."""
    st.markdown(
        "Reported figures from groups of patients, not a chance for any one lesion or patient. Each comes "
        "with "
        "its references."
    )
    for column, evidence_id in zip(st.columns(len(REPORTED_IDS)), REPORTED_IDS, strict=True):
        with column:
            evidence.evidence_card(catalog.get(evidence_id))


def in_place_tab() -> None:
    """Recurrence when a DLM is left in place, and the options."""
    chart_col, options_col = st.columns([3, 2], gap="large")
    with chart_col:
        charts.chart(rfs_figure, catalog, alt=rfs_alt(catalog), key=K("dlm_rfs_chart"))
        evidence.cite(catalog.get(RFS_ID))
    with options_col:
        st.subheader("Management options")
        for option in management_options(catalog):
            st.markdown(f"**{markup.md(option.title)}.** {markup.md(option.text)}")
            evidence.cite(catalog.get(option.evidence_id))


def figure_2_tab() -> None:
    """The review's Figure 2 case, as the review tells it."""
    st.markdown(
        "A lesion that disappeared on imaging and came back. The review does not give its size or its "
        "depth, so "
        "the explorer cannot say whether the size and depth factors applied; it shows the case as the review "
        "tells it. Load it into the table with **Load the Figure 2 patient** above."
    )
    evidence.evidence_cards(*FIGURE_2_IDS)


layout.run_open_tab(
    TABS, (risk_tab, reported_tab, in_place_tab, figure_2_tab), key=K("tab")
)  # only the open tab is built
