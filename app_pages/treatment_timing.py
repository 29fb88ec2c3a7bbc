"""Treatment timing planner: cycles to weeks, the review's timing warnings, re-imaging and a timeline."""

from __future__ import annotations

from datetime import date

import streamlit as st

from crlm_app import charts, content, editable, evidence, inputs, layout, markup, state, tables
from crlm_content import tools
from crlm_content.figures.timing import treatment_timeline_alt, treatment_timeline_figure
from crlm_content.timing import (
    MAX_CHEMOTHERAPY_WEEKS,
    MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY,
    MIN_WEEKS_LAST_CHEMO_TO_SURGERY,
    TIMING_WARNING_TEXT,
)
from crlm_content.tools.timing import (
    BEVACIZUMAB_WASHOUT_ID,
    HOW_LONG_BEFORE_SURGERY_IDS,
    LONG_COURSE_ID,
    NCCN_REIMAGING_ID,
    REVIEW_REIMAGING_ID,
    THRESHOLD_IDS,
    chemotherapy_derivation,
    chemotherapy_weeks_text,
)
from crlm_content.urlstate import QueryField

catalog = content.catalog()
long_chemo = catalog.get(LONG_COURSE_ID)
bevacizumab_safety = catalog.get(BEVACIZUMAB_WASHOUT_ID)
nccn = catalog.get(NCCN_REIMAGING_ID)
SURGERY_BY = {"weeks": "Weeks after the last chemotherapy", "date": "A date"}
START = tools.DateField("start", "text", date.today().isoformat(), optional=True, always_in_url=True)
LAST_CHEMO = tools.DateField("last_chemo", "text", None, optional=True)
BEVACIZUMAB_DATE = tools.DateField("bev_date", "text", None, optional=True)
SURGERY = tools.DateField("surgery", "text", None, optional=True)
DATES = (START, LAST_CHEMO, BEVACIZUMAB_DATE, SURGERY)
TABS = ("The plan", "Re-imaging interval", "Where the thresholds come from")
FIELDS = (  # a box emptied is kept in the link ("none", optional) and named in place, never planned with
    QueryField("cycles", "int", 6, minimum=1, maximum=tools.CYCLES_MAX, optional=True),
    QueryField("cycle_weeks", "int", 2, minimum=1, maximum=tools.CYCLE_WEEKS_MAX, optional=True),
    # the last dose's day in its cycle (1: an infusion on day 1), up to the days of the longest cycle
    QueryField("last_day", "int", 1, minimum=1, maximum=7 * tools.CYCLE_WEEKS_MAX, optional=True),
    QueryField("bev", "choice", "not_last_cycle", choices=tuple(tools.BEVACIZUMAB_PLAN_LABELS)),
    QueryField("surgery_by", "choice", "weeks", choices=tuple(SURGERY_BY)),
    QueryField(
        "gap",
        "int",
        5,
        minimum=tools.SURGERY_GAP_MIN_WEEKS,
        maximum=tools.SURGERY_GAP_MAX_WEEKS,
        optional=True,
    ),
    *DATES,
    QueryField("tab", "choice", TABS[0], choices=TABS),
)
LABELS = {  # field key -> widget label, as the planner's messages name it
    "cycles": tools.TIMING_FIELD_LABELS["cycles"],
    "cycle_weeks": tools.TIMING_FIELD_LABELS["cycle_length_weeks"],
    "gap": tools.TIMING_FIELD_LABELS["weeks_last_chemo_to_surgery"],
    "last_day": tools.TIMING_FIELD_LABELS["last_chemo_day"],
}
K = state.page_state("treatment_timing", FIELDS)
editable.bind_dates(K, DATES)

st.title("Treatment timing planner", help=content.term_help("NCT", "chemotherapy cycle"))
st.markdown(
    "Lay out a course of chemotherapy before liver surgery and check it against the three timing findings "
    "the review reports: the length of chemotherapy, the gap between the last chemotherapy and surgery, and "
    "the gap after the last bevacizumab dose. The re-imaging points follow the interval of the NCCN row of "
    "the review's Table 2.\n\n## The course"  # the h2 over the three boxes' h3 headings, in the same element
)

chemo_col, bev_col, surgery_col = st.columns(3, gap="medium")
with chemo_col, st.container(border=True):
    st.subheader("Chemotherapy", help=content.term_help("chemotherapy cycle"))
    inputs.number_input(LABELS["cycles"], key=K("cycles"), step=1)
    inputs.number_input(
        LABELS["cycle_weeks"],
        key=K("cycle_weeks"),
        step=1,
        help=(
            "The length of one cycle of the regimen as prescribed, in weeks. The review gives no schedule "
            "for its regimens: take the cycle length from the regimen's protocol.\n\n"
            + content.term_help("FOLFOX", "FOLFIRI", "CAPOX")
        ),
    )
    editable.date_input(K, START, "Start of chemotherapy (first cycle)")
    last_chemo_entered = editable.date_input(
        K,
        LAST_CHEMO,
        "Last chemotherapy (optional)",
        help=(
            "Leave empty to use the first day of the last cycle, from the start date and the cycles. With "
            "oral capecitabine (CAPOX), taken for days after that, enter the date of the last tablet, and "
            "its day in the cycle below: this app counts the interval to surgery from the last dose (the "
            "review does not say where it starts)."
        ),
    )
    inputs.number_input(
        LABELS["last_day"],
        key=K("last_day"),
        step=1,
        disabled=last_chemo_entered is None,  # the day of a date not entered is not asked
        help=(
            "The day of its cycle the last dose above was given on: 1 for a drug given on day 1 (an "
            "infusion such as FOLFOX or FOLFIRI, also when the cycle started late); for oral capecitabine, "
            "the day of the last tablet, from the regimen's protocol. The course ends one cycle length after "
            "that cycle's day 1, and bevacizumab, given on day 1, counts from it (or from the cycle before, "
            "when left out of the last cycle)."
        ),
    )
    chemo_out_of_range = inputs.range_errors(
        K,
        FIELDS,
        {
            key: LABELS[key]
            for key in ("cycles", "cycle_weeks", "last_day")
            if key != "last_day" or last_chemo_entered is not None
        },
    )
with bev_col, st.container(border=True):
    st.subheader("Bevacizumab", help=content.term_help("bevacizumab"))
    st.radio(
        "Bevacizumab in this course",
        tuple(tools.BEVACIZUMAB_PLAN_LABELS),
        key=K("bev"),
        format_func=tools.BEVACIZUMAB_PLAN_LABELS.__getitem__,
    )
    if K["bev"] == "date":
        editable.date_input(K, BEVACIZUMAB_DATE, "Last bevacizumab dose")
with surgery_col, st.container(border=True):
    st.subheader("Surgery", help=content.term_help("hepatectomy"))
    st.radio("Plan surgery by", tuple(SURGERY_BY), key=K("surgery_by"), format_func=SURGERY_BY.__getitem__)
    inputs.number_input(LABELS["gap"], key=K("gap"), step=1, disabled=K["surgery_by"] != "weeks")
    gap_out_of_range = inputs.range_errors(
        K, FIELDS, {"gap": LABELS["gap"]} if K["surgery_by"] == "weeks" else {}
    )
    if K["surgery_by"] == "date":
        editable.date_input(K, SURGERY, "Planned surgery date")
editable.store_dates(K, DATES)
state.save_url_state(K, FIELDS)

timing = tools.TimingInputs(
    cycles=inputs.whole(K["cycles"]),  # the boxes give 6.0
    cycle_weeks=inputs.whole(K["cycle_weeks"]),
    start=tools.date_from_text(K["start"]),
    last_chemo=tools.date_from_text(K["last_chemo"]),
    bevacizumab=K["bev"],
    bevacizumab_date=tools.date_from_text(K["bev_date"]),
    surgery_by=K["surgery_by"],
    surgery_gap_weeks=inputs.whole(K["gap"]),
    surgery=tools.date_from_text(K["surgery"]),
    last_chemo_day=inputs.whole(K["last_day"]),  # unused without a last chemotherapy date
)
out_of_range = chemo_out_of_range + gap_out_of_range
# withheld while a box is out of range, empty or a fraction, so the plan never disagrees with the boxes
plan, problems = (None, []) if out_of_range else tools.plan_timing(timing)


def plan_tab() -> None:
    """The schedule, the intervals and the review's warnings."""
    if out_of_range:
        st.info(inputs.WITHHELD)
    elif plan is None:
        editable.messages_box(problems, intro="The plan cannot be laid out from these entries:")
    else:
        derivation = chemotherapy_derivation(plan)  # ends on the figure the metric shows
        row = st.container(horizontal=True)  # the three figures in one block (columns would send four)
        row.metric("Chemotherapy", chemotherapy_weeks_text(plan), help=f"Derived: {derivation}.")
        row.metric("Last chemotherapy to surgery", tools.weeks_text(plan.days_chemo_to_surgery))
        row.metric(
            "Last bevacizumab to surgery",
            "no bevacizumab"
            if plan.days_bevacizumab_to_surgery is None
            else tools.weeks_text(plan.days_bevacizumab_to_surgery),
        )
        st.caption(
            f"Derived by this app: {derivation}; intervals counted in days between the dates shown in the "
            "schedule."
        )
        for note in plan.notes:
            st.info(markup.md(note))

        st.subheader("The review's timing warnings", help=content.term_help("postoperative morbidity"))
        if plan.warnings:
            for code in plan.warnings:
                record_id, _ = tools.TIMING_WARNING_EVIDENCE[code]
                with st.container(border=True):
                    st.warning(markup.md(TIMING_WARNING_TEXT[code]))
                    evidence.cite(catalog.get(record_id))
        else:
            st.success(
                "None of the three warnings applies: chemotherapy is not longer than "
                f"{MAX_CHEMOTHERAPY_WEEKS} weeks, surgery is at least "
                f"{MIN_WEEKS_LAST_CHEMO_TO_SURGERY} weeks "
                "after the last chemotherapy, and any bevacizumab stops at least "
                f"{MIN_WEEKS_LAST_BEVACIZUMAB_TO_SURGERY} weeks before surgery."
            )
        st.caption(
            "Thresholds: "
            + "; ".join(
                f"{markup.md(label)} {markup.md(record.value(label).display())} "
                f"({markup.md(evidence.source_text(record))})"
                for record, label in (
                    (long_chemo, "duration of chemotherapy"),
                    (long_chemo, "interval from chemotherapy to surgery"),
                    (bevacizumab_safety, "interval from bevacizumab to surgery"),
                )
            )
            + "."
        )

        charts.chart(
            treatment_timeline_figure,
            plan,
            source=(
                f"Re-imaging every {tools.REIMAGING_INTERVAL_MONTHS} months: NCCN row of Table 2 "
                f"({evidence.source_text(nccn)}); dates derived from your entries"
            ),
            alt=treatment_timeline_alt(plan),
        )
        tables.markdown_table(
            tools.schedule_rows,
            plan,
            columns={"date": "Date", "week from start": "Week from start", "event": "Event"},
            align="lrl",
        )


def reimaging_tab() -> None:
    """Every 2 or every 2-3 months: the two sources."""
    st.markdown(
        f"The schedule above re-images every **{tools.REIMAGING_INTERVAL_MONTHS} months** from the start of "
        "chemotherapy, the interval of the NCCN row of the review's Table 2 (written for initially "
        "unresectable disease under conversion therapy). The review's own text says every 2-3 months "
        "(caveat 8)."
    )
    evidence.evidence_cards(NCCN_REIMAGING_ID, REVIEW_REIMAGING_ID)


def thresholds_tab() -> None:
    """The evidence behind each threshold."""
    evidence.evidence_cards(*THRESHOLD_IDS)
    evidence.evidence_expander(
        "How long before surgery? (caveat 9)", HOW_LONG_BEFORE_SURGERY_IDS, key=K("more_timing")
    )


layout.run_open_tab(
    TABS, (plan_tab, reimaging_tab, thresholds_tab), key=K("tab")
)  # only the open tab is built
