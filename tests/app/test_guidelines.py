"""AppTest of the Guideline comparison page: table, situation filter, topic view, timeline, URL state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crlm_content import get_catalog
from crlm_content import guidelines as gl

from ..conftest import ROOT
from .helpers import captions, markdown, run_page

PAGE = "app_pages/guidelines.py"
NEOADJUVANT = "Neoadjuvant chemotherapy for resectable disease"


def test_default_is_the_full_comparison_table() -> None:
    at = run_page(PAGE)
    assert at.title[0].value == "Guideline comparison"
    assert not at.warning
    table = at.dataframe[0].value
    assert list(table[gl.ORGANISATION]) == [g.short_name for g in gl.load_content(get_catalog()).guidelines]
    assert all(t.title in table.columns for t in gl.load_content(get_catalog()).topics)
    assert list(table[gl.YEAR]) == [2020, 2020, 2020, 2016, 2015, 2013, 2013]
    assert table[gl.REFERENCE].iloc[0] == "[18]"
    assert "table-2-nccn-resectable-synchronous" in table[gl.EVIDENCE].iloc[0]
    assert at.radio(key="guidelines__view").value == "table"
    assert "view" not in at.query_params


@pytest.mark.parametrize("situation", [s.value for s in gl.Situation])
def test_situation_filter_by_widget_goes_into_the_url(situation: str) -> None:
    at = run_page(PAGE)
    at.selectbox(key="guidelines__situation").set_value(situation).run()
    assert not at.exception
    assert at.query_params["situation"] == situation
    table = at.dataframe[0].value
    assert list(table.columns) == list(gl.comparison_rows(situation)[0])
    assert (NEOADJUVANT in table.columns) == (situation != "unresectable")


def test_situation_deep_link_shows_the_stance_for_that_situation() -> None:
    at = run_page(PAGE, {"situation": "resectable_metachronous"})
    table = at.dataframe[0].value.set_index(gl.ORGANISATION)
    nccn = table.loc["NCCN", NEOADJUVANT]
    assert isinstance(nccn, str), nccn
    assert nccn.startswith("Not routine (resection first preferred)")
    assert table.loc["ESMO", "Synchronous versus metachronous disease"] == "Not stated for this situation"


def test_topic_view_by_widget_shows_the_disagreement_and_keeps_it_in_the_url() -> None:
    at = run_page(PAGE)
    at.radio(key="guidelines__view").set_value("topic").run()
    at.selectbox(key="guidelines__topic").set_value("duration").run()
    assert not at.exception
    assert (at.query_params["view"], at.query_params["topic"]) == ("topic", "duration")
    text = markdown(at)
    assert "Positions differ, with no majority" in text
    assert "NCCN; 6 months in total, before and after surgery\\: Expert Group" in text
    table = at.dataframe[0].value.set_index(gl.ORGANISATION)
    assert table.loc["AHPBA", "Stance"] == "No more than 3 months before surgery"
    assert table.loc["AHPBA", "Against the review's text"] == "caveat 9"
    assert table.loc["ASCO", "Stance"] == "Not stated"


def test_choosing_a_topic_opens_the_topic_view() -> None:
    at = run_page(PAGE)
    at.selectbox(key="guidelines__topic").set_value("unresectable").run()
    assert at.radio(key="guidelines__view").value == "topic"
    assert (at.query_params["view"], at.query_params["topic"]) == ("topic", "unresectable")
    assert "All 5 organisations that state a position agree" in markdown(at)


def test_topic_deep_link_neoadjuvant_expert_group_and_esmo() -> None:
    at = run_page(PAGE, {"view": "topic", "topic": "neoadjuvant_resectable"})
    text = markdown(at)
    assert "caveat 10" in text and "ESMO, Expert Group" in text
    assert "Not stated in Table 2\\: ASCO" in text
    table = at.dataframe[0].value.set_index(gl.ORGANISATION)
    assert table.loc["Expert Group", "Agreement"] == gl.MARK_LABELS[gl.AgreementMark.DIFFERS]
    # overall, no stance is shared by more organisations than every other (SEOM and ESMO, IHPBA and AHPBA)
    assert "Positions differ, with no majority" in text
    assert table.loc["NCCN", "Agreement"] == gl.MARK_LABELS[gl.AgreementMark.DIFFERS]
    labels = [e.label for e in at.expander]
    # for synchronous metastases only (ref. [111] is a consensus on them, caveat 10): said in all situations
    assert (
        "Expert Group 2015 [111]: Recommended (chemotherapy first), for synchronous metastases only" in labels
    )
    # Table 2's NCCN row: synchronous "can consider" (allowed, caveat 10), metachronous resection preferred
    nccn = (
        "Separate pathways (synchronous: allowed as an option, not preferred; metachronous: not routine "
        "(resection first preferred))"
    )
    assert f"NCCN 2020 [18]: {nccn}" in labels
    assert "NCCN 2020 [18]: Allowed as an option, not preferred" not in labels
    assert f"{nccn}: NCCN" in plain(text)  # the headline
    assert table.loc["NCCN", "Stance"] == nccn
    assert "ASCO 2020 [108]: Not stated" not in labels


def test_topic_view_reevaluation_shows_two_months_against_the_text() -> None:
    at = run_page(PAGE, {"view": "topic", "topic": "reevaluation"})
    table = at.dataframe[0].value
    assert list(table[gl.ORGANISATION])[-1] == "The review's own text"
    text = markdown(at)
    assert "Only NCCN states a position — Every 2 months" in text
    assert "re\\-imaging interval, unresectable disease: **2\\-3 months**" in text
    assert "re\\-evaluation interval" not in text  # the cards are built only when their row is opened
    nccn = next(e.label for e in at.expander if e.label.startswith("NCCN"))
    at.session_state[f"guidelines__stance_{nccn.split(':')[0]}"] = True
    at.run()
    assert "re\\-evaluation interval: **2 months**" in markdown(at)  # the NCCN evidence card


def test_synchronous_deep_link_separates_an_allowed_option_from_a_lean() -> None:
    """The page said 'Agree (majority, 4 of 6) - May be considered: NCCN, ESMO, IHPBA, AHPBA' where the
    walkthrough's Guideline lens reads NCCN's "can consider" as an option it allows, and ESMO, IHPBA and
    AHPBA as leaning to chemotherapy first (caveat 10)."""
    at = run_page(
        PAGE, {"view": "topic", "topic": "neoadjuvant_resectable", "situation": "resectable_synchronous"}
    )
    assert not at.exception
    text = markdown(at)
    assert (
        "Largest group \\(3 of 6, not a majority\\) — Leans to chemotherapy first\\: ESMO, IHPBA, AHPBA"
        in text
    )
    assert "Allowed as an option, not preferred\\: NCCN" in text
    table = at.dataframe[0].value.set_index(gl.ORGANISATION)
    assert table.loc["NCCN", "Stance"] == "Allowed as an option, not preferred"
    assert table.loc["NCCN", "Agreement"] == gl.MARK_LABELS[gl.AgreementMark.DIFFERS]
    assert table.loc["ESMO", "Agreement"] == gl.MARK_LABELS[gl.AgreementMark.AGREES]


def test_topic_view_in_a_situation() -> None:
    at = run_page(PAGE, {"view": "topic", "topic": "neoadjuvant_resectable", "situation": "unresectable"})
    assert "No organisation states a position" in markdown(at)
    assert "Not stated for this situation" in markdown(at)


def test_timeline_view_has_chart_with_description_and_table() -> None:
    at = run_page(PAGE, {"view": "timeline"})
    assert "Chart description: Timeline of the guidelines" in captions(at)
    table = at.dataframe[0].value
    assert list(table[gl.YEAR]) == [2013, 2013, 2015, 2016, 2020, 2020, 2020]


def test_provenance_notes_and_caveats() -> None:
    at = run_page(PAGE)
    text = markdown(at)
    assert "National Cancer Comprehensive Network" in text
    assert "National Comprehensive Cancer Network" in text
    assert "paraphrased from the review's summary" in at.info[0].value
    assert "NCCN content may not be reproduced" in at.info[0].value
    labels = [e.label for e in at.expander]
    for number in (8, 9, 10, 11):
        assert any(label.startswith(f"Caveat {number}:") for label in labels), number


def test_bad_url_parameters_are_ignored_with_a_notice() -> None:
    at = run_page(PAGE, {"view": "grid", "topic": "toxicity", "situation": "borderline"})
    notice = at.warning[0].value
    assert "view" in notice and "topic" in notice and "situation" in notice
    assert at.radio(key="guidelines__view").value == "table"
    assert at.selectbox(key="guidelines__situation").value == "all"
    assert len(at.dataframe[0].value) == 7


def test_broken_guidelines_file_shows_precise_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "guidelines.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ref: 110", "ref: 111", 1), encoding="utf-8")
    monkeypatch.setenv("CRLM_DATA_DIR", str(data))
    at = run_page(PAGE)
    assert at.title[0].value == "The content could not be loaded"
    assert at.code[0].value == (
        "data/guidelines.yaml: record 'esmo': field 'positions.neoadjuvant_resectable.evidence_ids': "
        "'table-2-esmo-resectable' cites [110] but ESMO is reference [111]"
    )


def test_the_phone_list_opens_each_row_s_evidence() -> None:
    """The phone's list of organisations has no rows to select; each row's evidence opens in an expander,
    built only while open, with the records the desktop grid shows for a selected row."""
    at = run_page(PAGE)
    labels = [e.label for e in at.expander if e.label.startswith("Evidence behind")]
    assert labels == [
        f"Evidence behind {g.short_name}'s row" for g in gl.load_content(get_catalog()).guidelines
    ]
    nccn = gl.load_content(get_catalog()).guidelines[0]
    assert f"{nccn.name}, {nccn.year}" not in captions(at)  # closed: nothing built
    at.session_state[f"guidelines__phone_evidence_{nccn.key}"] = True
    at.run()
    assert not at.exception, at.exception
    assert f"{nccn.name}, {nccn.year}" in captions(at)
    ids = [
        i
        for t in gl.load_content(get_catalog()).topics
        for i in nccn.position(t.key).evidence_ids
        if nccn.position(t.key).stated
    ]
    shown = markdown(at)
    assert ids and all(get_catalog().get(i).statement[:30] in shown for i in ids)


def test_a_link_reopens_the_evidence_behind_a_selected_row() -> None:
    """Selecting NCCN's row showed the evidence behind it, but the share link was only ``guidelines``."""
    at = run_page("app_pages/guidelines.py", {"row": "nccn"})
    assert not at.exception
    assert "Evidence behind NCCN's row" in [h.value for h in at.subheader]
    bad = run_page("app_pages/guidelines.py", {"row": "who"})
    assert not bad.exception
    assert any("'row=who' ignored" in w.value for w in bad.warning)


def test_the_evidence_opened_from_a_link_can_be_closed() -> None:
    at = run_page("app_pages/guidelines.py", {"row": "nccn"})
    at.button(key="guidelines__close_row").click().run()
    assert not at.exception, at.exception
    assert "Evidence behind NCCN's row" not in [h.value for h in at.subheader]
    assert "row" not in at.query_params


def plain(text: str) -> str:
    """Markdown without its escapes."""
    return text.replace("\\", "")


def test_all_situations_say_the_expert_group_speaks_of_synchronous_metastases_only() -> None:
    """The comparison table, the topic view and the timeline showed the Expert Group's "Recommended
    (chemotherapy first)" with nothing saying it is for synchronous metastases, where the metachronous filter
    reads "Not stated for this situation": [111] is a consensus on synchronous metastases (caveat 10)."""
    table = run_page(PAGE).dataframe[0].value.set_index(gl.ORGANISATION)
    for column in (NEOADJUVANT, "Duration of chemotherapy"):
        assert "For synchronous metastases only" in str(table.loc["Expert Group", column]), column
    topic = run_page(PAGE, {"view": "topic", "topic": "neoadjuvant_resectable"})
    assert "Recommended (chemotherapy first): Expert Group (synchronous metastases only)" in plain(
        markdown(topic)
    )
    rows = topic.dataframe[0].value.set_index(gl.ORGANISATION)
    assert "For synchronous metastases only" in str(rows.loc["Expert Group", "What it says"])
    timeline = run_page(PAGE, {"view": "timeline"})
    stances = timeline.dataframe[0].value.set_index(gl.ORGANISATION)[
        "Stance on chemotherapy before resection"
    ]
    assert stances["Expert Group"] == "Recommended (chemotherapy first), for synchronous metastases only"
    assert (
        "Expert Group 2015 [111]: recommended (chemotherapy first), for synchronous metastases only"
        in plain(captions(timeline))
    )


def test_metachronous_headline_names_nccn_s_metachronous_half() -> None:
    """Filtered to resectable metachronous disease, the topic's headline said "Only NCCN states a position -
    Synchronous: chemotherapy before surgery allowed, not preferred"; Table 2's NCCN row prefers resection
    and/or local therapy for resectable metachronous metastases."""
    at = run_page(
        PAGE,
        {"view": "topic", "topic": "synchronous_metachronous", "situation": "resectable_metachronous"},
    )
    assert not at.exception
    headline = next(line for line in plain(markdown(at)).split("\n") if "Only NCCN states a position" in line)
    assert "Metachronous: resection or local therapy first preferred" in headline
    assert "ynchronous:" not in headline
    overall = run_page(PAGE, {"view": "topic", "topic": "synchronous_metachronous"})
    headline = next(line for line in plain(markdown(overall)).split("\n") if "NCCN" in line and "—" in line)
    assert "synchronous: chemotherapy before surgery allowed" in headline
    assert "metachronous: resection or local therapy first preferred" in headline
