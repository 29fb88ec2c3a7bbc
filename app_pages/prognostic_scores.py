"""Prognostic scores: one patient, four published scores together, each item's points, published outcomes."""

from __future__ import annotations

import streamlit as st

from crlm_app import charts, content, editable, evidence, inputs, layout, markup, state, tables
from crlm_content import tools
from crlm_content.figures.scores import fong_outcomes_figure
from crlm_content.scores import (
    FONG_CITATION,
    FONG_PUBLISHED_OUTCOMES,
    FONG_RISK_GROUPING_NOTE,
    GAME_CITATION,
    GAME_KRAS_NOTE,
    GAME_PUBLISHED_OUTCOMES,
    GAME_VALIDATION_CITATION,
    MCS_CITATION,
    MCS_RISK_GROUP_CAUTION,
    NO_PREOPERATIVE_CHEMOTHERAPY_NOTE,
    TBS_CITATION,
    TBS_ZONE_NOTE,
    PublishedOutcomes,
)
from crlm_content.tools.scores import (
    FONG_REVIEW_ITEMS_ID,
    MORE_ON_SCORES_IDS,
    NOT_VALIDATED_IDS,
    RAS_SCORES_ID,
)
from crlm_content.urlstate import QueryField

catalog = content.catalog()
TABS = ("Scores", "Published outcomes", "Read before using any score")
FIELDS = (  # a box emptied is kept in the link ("none", optional) and named in place, never scored
    QueryField("node", "bool", True),
    QueryField("dfi", "float", 6.0, minimum=0, maximum=tools.DFI_MAX_MONTHS, optional=True),
    QueryField("tumours", "int", 3, minimum=1, maximum=tools.TUMOURS_MAX, optional=True),
    # a size must be above 0 (the scores reject 0): its range, in a link and in the box, says so
    QueryField(
        "largest", "float", 4.5, minimum=0, above_minimum=True, maximum=tools.LARGEST_MAX_CM, optional=True
    ),
    QueryField("cea", "float", 30.0, minimum=0, maximum=tools.CEA_MAX_NG_ML, optional=True),
    QueryField("kras", "bool", False),
    QueryField("nras", "bool", False),
    QueryField("ehd", "bool", False),
    QueryField("tab", "choice", TABS[0], choices=TABS),
)
LABELS = {  # field key -> widget label, as the calculators' messages name it
    "dfi": tools.SCORE_FIELD_LABELS["disease_free_interval_months"],
    "tumours": tools.SCORE_FIELD_LABELS["tumour_count"],
    "largest": tools.SCORE_FIELD_LABELS["largest_tumour_cm"],
    "cea": tools.SCORE_FIELD_LABELS["cea_ng_ml"],
}
K = state.page_state("prognostic_scores", FIELDS)

st.title("Prognostic scores", help=content.term_help("Fong clinical risk score", "TBS", "GAME score", "m-CS"))
st.markdown(
    "One patient, four published scores side by side: the Fong clinical risk score, the Tumor Burden Score, "
    "the GAME score and the modified clinical score. Each is computed as its original paper defines it, "
    "with every item's points shown. The example patient below is made up: change any field."
)

with st.container(border=True):
    st.header("The patient")
    left, middle, right, far = st.columns(4)
    left.checkbox("Node-positive primary", key=K("node"), help=content.term_help("node-positive primary"))
    left.checkbox("Extrahepatic disease", key=K("ehd"), help=content.term_help("extrahepatic disease"))
    inputs.number_input(
        LABELS["dfi"],
        key=K("dfi"),
        step=1.0,
        where=middle,
        help=content.term_help("disease-free interval") + "\n\nSynchronous metastases: enter 0.",
    )
    inputs.number_input(LABELS["tumours"], key=K("tumours"), step=1, where=middle)
    inputs.number_input(
        LABELS["largest"],
        key=K("largest"),
        step=0.5,
        where=right,
        help="Longest diameter of the largest liver metastasis.",
    )
    inputs.number_input(LABELS["cea"], key=K("cea"), step=1.0, where=right, help=content.term_help("CEA"))
    far.checkbox("KRAS mutated", key=K("kras"), help=content.term_help("KRAS"))
    far.checkbox("NRAS mutated", key=K("nras"), help=content.term_help("NRAS", "RAS"))
    # named in place, each box with the range its scores hold it to
    out_of_range = inputs.range_errors(K, FIELDS, LABELS)
state.save_url_state(K, FIELDS)

patient = tools.ScorePatient(
    node_positive=K["node"],
    disease_free_interval_months=K["dfi"],
    tumour_count=inputs.whole(K["tumours"]),
    largest_tumour_cm=K["largest"],
    cea_ng_ml=K["cea"],
    kras_mutated=K["kras"],
    nras_mutated=K["nras"],
    extrahepatic_disease=K["ehd"],
)
# withheld while a box is out of range, empty or a fraction, so the scores never disagree with the boxes
scores, problems = (None, []) if out_of_range else tools.compute_scores(patient)


def scores_tab() -> None:
    """The four scores, item by item."""
    if out_of_range:
        st.info(inputs.WITHHELD)
    elif scores is None:
        editable.messages_box(problems, intro="The scores cannot be computed from these entries:")
    else:
        fong, game, mcs = scores.fong, scores.game, scores.mcs
        layout.announce(
            "scores",
            f"Fong {fong.points} of 5 ({fong.risk_group} risk); GAME {game.points} of 7 ({game.risk_group}); "
            f"m-CS {mcs.points} of 3 ({mcs.risk_group}).",
        )
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(
            "Fong clinical risk score",
            f"{fong.points} of 5",
            help=content.term_help("Fong clinical risk score"),
        )
        c1.caption(f"Risk group: {fong.risk_group} (0-2 low, 3-5 high)")
        c2.metric("Tumor Burden Score", tools.format_near(game.tbs, 3, 9), help=content.term_help("TBS"))
        c2.caption(f"Zone {game.tbs_zone}: {game.tbs_points} of 2 GAME points")
        c3.metric("GAME score", f"{game.points} of 7", help=content.term_help("GAME score"))
        c3.caption(f"Risk group: {game.risk_group} (0-1 low, 2-3 medium, 4 or more high)")
        c4.metric("m-CS", f"{mcs.points} of 3", help=content.term_help("m-CS"))
        c4.caption(f"Risk group: {mcs.risk_group} (0 low, 1-2 medium, 3 high; unconfirmed grouping)")

        st.caption(
            "Computed by this app from the patient above (derived), each score by its original definition; "
            "the items and points are in the table below."
        )
        note = tools.ras_note(kras_mutated=patient.kras_mutated, nras_mutated=patient.nras_mutated)
        if note:
            st.warning(markup.md(note))

        st.header("How each item scored")
        tables.markdown_table(
            tools.score_breakdown_rows,
            scores,
            columns={
                "item and criterion": "Item: scores when",
                "this patient": "This patient",
                "points of": "Points",
            },
            align="llr",
            # one table per score, three columns: six, then four, ran past the edge of a phone
            group_by="score",
        )
        st.caption(
            "Items and cut-offs from the primary sources, not from the review: "
            + "; ".join(
                markup.md(text)
                for text in (
                    f"Fong: {FONG_CITATION}",
                    f"TBS: {TBS_CITATION}",
                    f"GAME: {GAME_CITATION}",
                    f"m-CS: {MCS_CITATION}",
                )
            )
        )
        st.caption(markup.md(TBS_ZONE_NOTE))

        st.header("The same Fong score, grouped two ways", help=content.term_help("Fong clinical risk score"))
        st.markdown(  # two rows: a markdown table, not a data grid
            tables.markdown_table_text(
                [{"grouping": g.convention, "group": g.group} for g in tools.fong_groupings(fong.points)],
                [("grouping", "Grouping"), ("group", "This patient's group")],
            )
        )
        st.caption(markup.md(FONG_RISK_GROUPING_NOTE))


def outcome_table(outcomes: PublishedOutcomes, patient_group: str, heading: str) -> None:
    """Published outcomes by group, the patient's row marked, as one markdown table."""
    keys = list(tools.outcome_rows(outcomes, patient_group)[0])
    tables.markdown_table(
        tools.outcome_rows,
        outcomes,
        patient_group,
        columns={key: heading if key == "group" else key for key in keys},
        align="l" + "r" * (len(keys) - 2) + "l",
    )


def outcomes_tab() -> None:
    """What the original studies reported for each score group."""
    if out_of_range:
        st.info(inputs.WITHHELD)
    elif scores is None:
        editable.messages_box(problems, intro="The scores cannot be computed from these entries:")
    else:
        fong, game = scores.fong, scores.game
        st.markdown(
            "What the original studies reported for each score group. These are figures from the primary "
            "sources named under each table, not from the review, and they describe those study populations, "
            "not this patient.",
            help=content.term_help("OS", "median survival"),
        )
        fong_col, game_col = st.columns([3, 2])
        with fong_col:
            st.header("Fong clinical risk score")
            charts.chart(
                fong_outcomes_figure,
                FONG_PUBLISHED_OUTCOMES,
                patient_points=fong.points,
                source="Source: Fong 1999, Ann Surg 230:309-318 (primary source, not the review)",
                alt=(
                    "Bar chart of published 5-year overall survival by Fong score 0 to 5: "
                    + ", ".join(
                        f"score {row.group} {tools.format_number(row.five_year_os_percent or 0)}%"
                        for row in FONG_PUBLISHED_OUTCOMES.rows
                    )
                    + f". This patient's score, {fong.points}, is highlighted."
                ),
            )
            outcome_table(FONG_PUBLISHED_OUTCOMES, str(fong.points), "Fong score")
            st.caption(
                f"{markup.md(FONG_PUBLISHED_OUTCOMES.note)} Source: "
                f"{markup.md(FONG_PUBLISHED_OUTCOMES.citation)}."
            )
        with game_col:
            st.header("GAME score")
            outcome_table(GAME_PUBLISHED_OUTCOMES, game.risk_group, "GAME risk group")
            st.caption(
                f"{markup.md(GAME_PUBLISHED_OUTCOMES.note)} Source: {markup.md(GAME_VALIDATION_CITATION)}."
            )
            st.caption(
                "No outcomes are shown for the m-CS or the Tumor Burden Score alone: none are given in the "
                "definitions this page follows."
            )
            st.caption(markup.md(MCS_RISK_GROUP_CAUTION))


def read_before_tab() -> None:
    """The limits of every score, with the review's evidence."""
    st.markdown(
        "**Built in patients who had no chemotherapy before surgery.** "
        + markup.md(NO_PREOPERATIVE_CHEMOTHERAPY_NOTE)
    )
    st.markdown("**Not validated to guide treatment.** What the review says:")
    evidence.evidence_cards(*NOT_VALIDATED_IDS)  # the second compares eight scores
    st.markdown("**KRAS or any RAS?** " + markup.md(GAME_KRAS_NOTE))
    evidence.evidence_card(catalog.get(RAS_SCORES_ID))
    st.markdown("**The review's Fong list has seven items; the published score has five.**")
    evidence.evidence_card(catalog.get(FONG_REVIEW_ITEMS_ID))
    tables.markdown_table(
        tools.fong_review_comparison_rows,
        columns={
            "item": "Item",
            "in the review's list": "In the review's list",
            "in the Fong score (1999)": "In the Fong score (1999)",
        },
    )
    evidence.evidence_expander("More on scores from the review", MORE_ON_SCORES_IDS, key=K("more_scores"))


layout.run_open_tab(
    TABS, (scores_tab, outcomes_tab, read_before_tab), key=K("tab")
)  # only the open tab is built
