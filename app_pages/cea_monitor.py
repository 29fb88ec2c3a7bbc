"""CEA monitor: serial CEA values, their change from baseline over time, and the 7.5% cut-off of ref [77]."""

from __future__ import annotations

import functools

import streamlit as st

from crlm_app import charts, content, editable, evidence, markup, state, tables
from crlm_content import table_limits, tools
from crlm_content.figures.cea import cea_figure
from crlm_content.tools.cea import CEA_ADJUNCT_ID, CEA_CUTOFF_ID, CEA_MORE_IDS, cea_view
from crlm_content.urlstate import QueryField

catalog = content.catalog()
cutoff = catalog.get(CEA_CUTOFF_ID)
threshold = cutoff.value("CEA decrease from baseline")
sensitivity = cutoff.value("sensitivity")
specificity = cutoff.value("specificity")
restaging = cutoff.value("timing of initial restaging CT after starting chemotherapy")
cut = tools.format_number(threshold.value)
TIMES: dict[tools.CeaTime, str] = {"week": "Weeks from the first value", "date": "Calendar dates"}
FIELDS = (
    QueryField("time", "choice", "week", choices=tuple(TIMES)),
    QueryField("weeks", "text", "0:40,3:36,6:31,9:29", max_length=600),
    QueryField("dates", "text", "2025-01-06:40,2025-01-27:36,2025-02-17:31", max_length=600),
)
K = state.page_state("cea_monitor", FIELDS)
TABLES: dict[tools.CeaTime, str] = {"week": "weeks", "date": "dates"}  # each time's table field
TABLE_NAMES: dict[tools.CeaTime, str] = {"week": "weeks", "date": "calendar dates"}
PARSERS = {"week": tools.parse_cea_weeks, "date": tools.parse_cea_dates}


def read_hidden_table(hidden: tools.CeaTime) -> None:
    """The link's table of the time not shown, read as the shown table's is: its readable entries stay (they
    are the table the other time shows), what cannot be read is left out of the link and named in a notice.

    Only text this page did not write itself is read (a link's, on opening or followed): the text the shown
    table last wrote (``_read``) is the visitor's own, a table of up to 40 rows that the link reader's 20
    would cut."""
    field, read = K(TABLES[hidden]), K(f"_{TABLES[hidden]}_read")
    text = st.session_state.get(field)
    if text == st.session_state.get(read):
        return
    rows, problems = PARSERS[hidden](text if isinstance(text, str) else "")
    st.session_state[field] = st.session_state[read] = tools.encode_cea(rows, hidden)
    st.session_state[K(f"_{TABLES[hidden]}_link_problems")] = problems


st.title("CEA monitor", help=content.term_help("CEA"))
st.markdown(
    "Enter serial CEA values. The app computes each value's change from the first one (the baseline) and "
    f"draws it against the cut-off the review reports: a fall of at least {cut}% from baseline "
    "separated disease that was not progressing from disease that was. The values below are an example: "
    "edit them, add rows or delete them."
)

time = st.radio("Time given as", tuple(TIMES), key=K("time"), format_func=TIMES.__getitem__, horizontal=True)
# A line between the radio and the table: the table's toolbar, drawn above its top edge, covered the radio's
# "Calendar dates" on a phone, so a tap on it did nothing.
st.caption("One row per blood test, in any order: the earliest is the baseline.")
read_hidden_table("date" if time == "week" else "week")
for table_time, name in TABLE_NAMES.items():  # kept for the session, as the shown table's own notice is
    if link_problems := K.get(f"_{TABLES[table_time]}_link_problems"):
        st.warning(
            f"Some entries of the link's table by {name} were not understood and were left out:\n"
            + "\n".join(f"- {markup.md(problem)}" for problem in link_problems)
        )
if time == "week":
    records = editable.editable_table(
        K("weeks"),
        parse=tools.parse_cea_weeks,
        encode=functools.partial(tools.encode_cea, time="week"),
        # Text cells, read by validate_cea: the grid's number cells read "1,5" as 15.
        columns={"week": "string", "cea": "string"},
        column_config={
            "week": editable.number_column(tools.CEA_LABELS["week"]),
            "cea": editable.number_column(tools.CEA_LABELS["cea"]),
        },
        alt="Serial CEA values: week from the first value and CEA in ng/mL",
        limit=table_limits.CEA_WEEKS,
    )
else:
    records = editable.editable_table(
        K("dates"),
        parse=tools.parse_cea_dates,
        encode=functools.partial(tools.encode_cea, time="date"),
        columns={"date": "object", "cea": "string"},
        column_config={
            "date": st.column_config.DateColumn(
                tools.CEA_LABELS["date"],
                format=tools.DATE_WIDGET_FORMAT,
                min_value=tools.DATE_MIN,
                max_value=tools.DATE_MAX,
            ),
            "cea": editable.number_column(tools.CEA_LABELS["cea"]),
        },
        alt="Serial CEA values: date of the blood test and CEA in ng/mL",
        limit=table_limits.CEA_DATES,
    )
st.session_state[K(f"_{TABLES[time]}_read")] = K[TABLES[time]]  # the shown table's text: the visitor's own
state.save_url_state(K, FIELDS)

points, problems = tools.validate_cea(records, time)
st.header("Change from baseline", help=content.term_help("CEA", "sensitivity", "specificity"))
if points is None:
    editable.messages_box(problems, intro="The values need fixing before a change can be shown:")
else:
    view = cea_view(points, time, threshold.value)  # the first check is judged; later ones are not
    if view.verdict:
        (st.success if view.meets_threshold else st.warning)(markup.md(view.verdict))
    charts.chart(
        cea_figure,
        tuple(points),  # hashable, so the figure is built once per distinct series
        time=time,
        threshold_percent=threshold.value,
        source=(
            f"Cut-off: fall of {cut}% from baseline, sensitivity {sensitivity.display()}, specificity "
            f"{specificity.display()} ({evidence.source_text(cutoff)}); changes derived from your values"
        ),
        alt=view.alt,
    )
    tables.markdown_table(tools.cea_rows, tuple(points), time, threshold.value, columns=view.columns)
    st.caption(
        "Change = (value - baseline) / baseline x 100, with the earliest value as the baseline. The review "
        "reports the cut-off for the first checks of response (the initial restaging scans, "
        f"{restaging.display()} into chemotherapy); later points are drawn for illustration only."
    )

st.subheader(
    f"The {cut}% cut-off: sensitivity {sensitivity.display()}, specificity {specificity.display()}",
    help=content.term_help("sensitivity", "specificity"),
)
evidence.evidence_card(cutoff)
st.info(
    "**CEA complements imaging; it does not replace it.** The review calls CEA a useful, cheap companion to "
    "imaging for the first checks of response, not a substitute for it."
)
evidence.evidence_card(catalog.get(CEA_ADJUNCT_ID))
evidence.evidence_expander("More on CEA in the review", CEA_MORE_IDS, key=K("more_cea"))
