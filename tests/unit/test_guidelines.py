"""Guideline comparison: the data, the agreement logic, the situation filter, the timeline and the loader."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import crlm_content
from crlm_content import ContentError, get_catalog, load_catalog, palette
from crlm_content import guidelines as gl
from crlm_content.figures.guidelines import guideline_timeline_figure
from crlm_content.guidelines import AgreementMark, Situation, Stance, Topic

from ..conftest import FIXTURES, ROOT, replace_once

GUIDELINE_FIXTURE = FIXTURES / "guidelines_data"

# Hand-copied from the review's Table 2 (organisation, year, reference number), not from the data file.
TABLE_2 = {
    "nccn": ("National Comprehensive Cancer Network", 2020, 18),
    "asco": ("American Society of Clinical Oncology", 2020, 108),
    "seom": (None, 2020, 109),
    "esmo": ("European Society for Medical Oncology", 2016, 110),
    "egosm": ("Expert Group on OncoSurgery Management of Liver Metastases", 2015, 111),
    "ihpba": ("International Hepato-Pancreato-Biliary Association", 2013, 112),
    "ahpba": ("Americas Hepato-Pancreato-Biliary Association", 2013, 112),
}


def by_key() -> dict[str, gl.Guideline]:
    return {g.key: g for g in gl.load_content(get_catalog()).guidelines}


# --- the data -------------------------------------------------------------------------------------------


def test_seven_organisations_in_table_2_order_with_year_and_reference() -> None:
    items = gl.load_content(get_catalog()).guidelines
    assert [g.key for g in items] == list(TABLE_2)
    for guideline in items:
        name, year, ref = TABLE_2[guideline.key]
        assert (guideline.year, guideline.ref) == (year, ref), guideline.key
        if name is not None:
            assert guideline.name == name
    assert by_key()["seom"].short_name == "SEOM/AEC/SEOR/SERVEI/SEMNIM"


def test_nccn_has_its_correct_name_and_the_review_misnaming_is_recorded() -> None:
    nccn = by_key()["nccn"]
    assert nccn.name == "National Comprehensive Cancer Network"
    assert nccn.review_name == "National Cancer Comprehensive Network"
    assert by_key()["asco"].review_name is None


def test_year_and_reference_match_every_evidence_record() -> None:
    catalog = crlm_content.get_catalog()
    for guideline in gl.load_content(get_catalog()).guidelines:
        assert guideline.evidence_ids
        for evidence_id in guideline.evidence_ids:
            record = catalog.get(evidence_id)
            assert record.refs == (guideline.ref,)
            assert record.value("guideline year").value == guideline.year
            assert evidence_id.startswith(f"table-2-{guideline.key}-")


def test_every_topic_is_filled_or_explicitly_not_stated() -> None:
    for guideline in gl.load_content(get_catalog()).guidelines:
        assert [p.topic for p in guideline.positions] == list(Topic)
        for position in guideline.positions:
            if position.stated:
                assert position.summary and position.evidence_ids and position.applies_to
            else:
                assert position.stance == "not_stated"
                assert not (position.summary or position.evidence_ids or position.applies_to)


def test_every_table_2_record_is_used_and_every_id_exists() -> None:
    catalog = crlm_content.get_catalog()
    table_2 = {r.id for r in catalog.evidence if r.section == "table_2"}
    used = {i for g in gl.load_content(get_catalog()).guidelines for i in g.evidence_ids}
    assert len(table_2) == 26
    assert used == table_2
    for topic in gl.load_content(get_catalog()).topics:
        for evidence_id in topic.review_text:
            catalog.get(evidence_id)


def test_hand_checked_positions() -> None:
    items = by_key()
    assert items["egosm"].resectable_stance() is Stance.RECOMMENDED
    assert items["seom"].resectable_stance() is Stance.SELECTIVE_HIGH_RISK
    assert items["asco"].resectable_stance() is Stance.NOT_STATED
    # NCCN's synchronous "can consider" is an option it allows, not a lean (caveat 10)
    assert items["nccn"].resectable_stance() is Stance.ALLOWED_OPTION
    assert items["nccn"].resectable_stance(Situation.RESECTABLE_SYNCHRONOUS) is Stance.ALLOWED_OPTION
    assert items["nccn"].resectable_stance(Situation.RESECTABLE_METACHRONOUS) is Stance.NOT_ROUTINE
    assert items["esmo"].resectable_stance(Situation.RESECTABLE_SYNCHRONOUS) is Stance.CONSIDER
    assert items["esmo"].resectable_stance(Situation.RESECTABLE_METACHRONOUS) is Stance.SELECTIVE_HIGH_RISK
    assert items["nccn"].resectable_stance(Situation.UNRESECTABLE) is Stance.NOT_STATED
    assert items["asco"].position(Topic.MDT).stance == "mdt_essential"
    assert not items["nccn"].position("mdt").stated
    assert items["nccn"].label == "NCCN 2020 [18]"


def test_topics_are_the_fixed_set_with_caveats_8_9_10() -> None:
    info = {t.key: t for t in gl.load_content(get_catalog()).topics}
    assert list(info) == list(Topic)
    assert info[Topic.NEOADJUVANT_RESECTABLE].caveats == (10,)
    assert info[Topic.DURATION].caveats == (9,)
    assert info[Topic.REEVALUATION].caveats == (8,)
    assert info[Topic.NEOADJUVANT_RESECTABLE].allowed_stances()[-1] == "not_stated"
    assert info[Topic.DURATION].stance_label("not_stated") == "Not stated"


def test_models_are_frozen_and_hashable() -> None:
    nccn = gl.load_content(get_catalog()).guidelines[0]
    assert hash(nccn) == hash(gl.load_content(get_catalog()).guidelines[0])
    assert len({t for t in gl.load_content(get_catalog()).topics}) == len(Topic)
    with pytest.raises(ValueError):
        nccn.year = 2021  # type: ignore[misc]


def test_data_is_cached_per_data_folder() -> None:
    catalog = crlm_content.get_catalog()
    assert gl.load_guidelines(catalog) is gl.load_guidelines(catalog)


# --- agreement ------------------------------------------------------------------------------------------


def test_agreement_majority_differ_and_silence() -> None:
    result = gl.agreement([("a", "x"), ("b", "y"), ("c", "x"), ("d", "not_stated"), ("e", "z")])
    assert result.majority == gl.StanceGroup("x", ("a", "c"))
    assert result.agree == ("a", "c")
    assert result.differ == ("b", "e")
    assert result.not_stated == ("d",)
    assert not result.unanimous
    assert [result.mark(k) for k in "abcde"] == [
        AgreementMark.AGREES,
        AgreementMark.DIFFERS,
        AgreementMark.AGREES,
        AgreementMark.NOT_STATED,
        AgreementMark.DIFFERS,
    ]


def test_agreement_tie_has_no_majority() -> None:
    result = gl.agreement([("a", "x"), ("b", "y"), ("c", "x"), ("d", "y")])
    assert result.majority is None
    assert result.agree == ()
    assert result.differ == ("a", "c", "b", "d")


def test_agreement_single_voice_and_unanimity() -> None:
    only = gl.agreement([("a", "not_stated"), ("b", "x")])
    assert only.only == "b" and only.agree == () and only.differ == ()
    assert only.mark("b") is AgreementMark.ONLY
    same = gl.agreement([("a", "x"), ("b", "x"), ("c", "not_stated")])
    assert same.unanimous and same.agree == ("a", "b")
    silent = gl.agreement([("a", "not_stated")])
    assert silent.stated == () and silent.majority is None and silent.only is None
    assert gl.agreement([]).groups == ()


# --- topic view (hand-checked against Table 2) ----------------------------------------------------------


def test_neoadjuvant_topic_expert_group_and_esmo_against_the_review_text() -> None:
    view = gl.topic_view(Topic.NEOADJUVANT_RESECTABLE)
    # SEOM and ESMO (selective) tie with IHPBA and AHPBA (a lean): no majority; NCCN, Expert Group alone
    assert view.agreement.majority is None
    assert view.agreement.differ == ("seom", "esmo", "ihpba", "ahpba", "nccn", "egosm")
    assert view.agreement.not_stated == ("asco",)
    conflicts = {r.guideline.key: r.review_conflicts for r in view.rows}
    assert conflicts == {
        "nccn": (),
        "asco": (),
        "seom": (),
        "esmo": (10,),
        "egosm": (10,),
        "ihpba": (10,),
        "ahpba": (10,),
    }
    assert [r.id for r in view.review_text] == ["guidelines-upfront-resection-low-risk"]
    lines = "\n".join(view.summary_lines())
    assert "caveat 10" in lines and "ESMO, Expert Group, IHPBA, AHPBA" in lines
    assert view.row("egosm").stance_label == "Recommended (chemotherapy first)"


def test_duration_topic_three_positions_differ() -> None:
    view = gl.topic_view("duration")
    assert view.agreement.majority is None
    assert view.agreement.differ == ("nccn", "egosm", "ahpba")
    stances = {r.guideline.key: r.stance for r in view.rows if r.stated}
    assert stances == {
        "nccn": "two_to_three_months",
        "egosm": "six_months_total",
        "ahpba": "at_most_three_months",
    }
    assert view.row("ahpba").review_conflicts == (9,)
    catalog = crlm_content.get_catalog()
    assert catalog.get("table-2-nccn-duration").value("neoadjuvant duration").display() == "2-3 months"
    assert catalog.get("table-2-ahpba-duration").value("neoadjuvant duration").display() == "<= 3 months"
    egosm = catalog.get("table-2-egosm-duration")
    assert egosm.value("total perioperative chemotherapy duration").display() == "6 months"
    assert "Positions differ, with no majority" in view.summary_lines()[0]


def test_reevaluation_topic_nccn_two_months_against_text_two_to_three() -> None:
    view = gl.topic_view(Topic.REEVALUATION)
    assert view.agreement.only == "nccn"
    assert view.row("nccn").mark is AgreementMark.ONLY
    assert view.row("nccn").review_conflicts == (8,)
    assert [c.number for c in view.caveats] == [8]
    nccn = crlm_content.get_catalog().get("table-2-nccn-reevaluation")
    assert nccn.value("re-evaluation interval").display() == "2 months"
    (text,) = view.review_text
    assert text.id == "timing-unresectable-reimaging"
    assert text.values[0].display() == "2-3 months"


def test_unresectable_topic_is_unanimous() -> None:
    view = gl.topic_view(Topic.UNRESECTABLE)
    assert view.agreement.unanimous
    assert view.agreement.agree == ("nccn", "seom", "egosm", "ihpba", "ahpba")
    assert view.agreement.not_stated == ("asco", "esmo")
    assert view.summary_lines()[0].startswith("🟢 All 5 organisations")


def test_topic_view_in_a_situation() -> None:
    metachronous = gl.topic_view(Topic.NEOADJUVANT_RESECTABLE, Situation.RESECTABLE_METACHRONOUS)
    assert metachronous.row("nccn").stance == "not_routine"
    assert metachronous.agreement.majority is None  # consider 2, selective 2: a tie
    assert metachronous.row("ihpba").mark is AgreementMark.DIFFERS
    synchronous = gl.topic_view(Topic.NEOADJUVANT_RESECTABLE, "resectable_synchronous")
    # ESMO's "should be considered" and the PFS gain of IHPBA and AHPBA lean to chemotherapy first; NCCN's
    # "can consider" only allows it (caveat 10), so it is not in their group
    assert synchronous.agreement.agree == ("esmo", "ihpba", "ahpba")
    assert synchronous.row("nccn").mark is AgreementMark.DIFFERS
    unresectable = gl.topic_view(Topic.NEOADJUVANT_RESECTABLE, Situation.UNRESECTABLE)
    assert unresectable.agreement.stated == ()
    assert unresectable.row("nccn").summary == "Not stated for this situation"
    assert unresectable.row("asco").summary == "Not stated in Table 2"
    assert "No organisation states" in unresectable.summary_lines()[0]


# --- situations -----------------------------------------------------------------------------------------


def test_bad_situation_or_topic_raises_value_error() -> None:
    with pytest.raises(ValueError):
        gl.topic_view(Topic.NEOADJUVANT_RESECTABLE, "borderline")
    with pytest.raises(ValueError):
        gl.topic_view("toxicity")


# --- tables and the timeline ----------------------------------------------------------------------------


def test_comparison_rows_all_situations_and_filtered() -> None:
    rows = gl.comparison_rows()
    assert len(rows) == 7
    titles = [t.title for t in gl.load_content(get_catalog()).topics]
    assert all(title in rows[0] for title in titles)
    assert rows[0][gl.REFERENCE] == "[18]" and rows[0][gl.YEAR] == 2020
    assert str(rows[4][titles[0]]).startswith("Recommended (chemotherapy first): ")
    assert "table-2-nccn-reevaluation" in str(rows[0][gl.EVIDENCE])
    unresectable = gl.comparison_rows(Situation.UNRESECTABLE)
    assert titles[0] not in unresectable[0]  # no organisation addresses NCT-for-resectable here
    esmo = unresectable[3]
    assert esmo[gl.ORGANISATION] == "ESMO"
    assert esmo["Unresectable disease"] == "Not stated in Table 2"
    assert esmo["Chemotherapy regimens"] == "Not stated for this situation"
    assert esmo[gl.EVIDENCE] == ""


def test_topic_rows_end_with_the_review_text() -> None:
    rows = gl.topic_rows(gl.topic_view(Topic.REEVALUATION))
    assert len(rows) == 8
    assert rows[0]["Agreement"] == gl.MARK_LABELS[AgreementMark.ONLY]
    assert rows[0]["Against the review's text"] == "caveat 8"
    assert rows[-1][gl.ORGANISATION] == "The review's own text"
    assert rows[-1][gl.EVIDENCE] == "timing-unresectable-reimaging"
    # no reference: citation_text's wording for the review's own statement (was "the review (no reference)")
    assert rows[-1][gl.REFERENCE] == "stated by the review itself, no reference given"
    duration = gl.topic_rows(gl.topic_view(Topic.DURATION))
    review = {row[gl.EVIDENCE]: row[gl.REFERENCE] for row in duration if row[gl.YEAR] is None}
    # with references, the column's bracket, as the organisations' "[18]"
    assert review["timing-cycles-in-studies"] == "[14, 15, 17, 48, 52]"
    assert review["timing-long-chemo-short-interval"] == "[53]"


def test_timeline_figure_and_alt_text() -> None:
    items = gl.load_content(get_catalog()).guidelines
    fig = guideline_timeline_figure(items)
    names = [trace.name.replace("<br>", " ") for trace in fig.data]
    # in the order of the stances; ESMO's stance per kind of metastases after SEOM's of its overall stance
    assert names == [
        "Recommended (chemotherapy first), for synchronous metastases only",
        "Leans to chemotherapy first",
        "Selectively, for higher-risk disease",
        "With synchronous metastases, leans to chemotherapy first; with metachronous metastases, "
        "selectively, for higher-risk disease",
        "With synchronous metastases, allowed as an option, not preferred; with metachronous metastases, not "
        "routine (resection first preferred)",
        "Not stated",
    ]
    assert {trace.marker.color for trace in fig.data} <= set(palette.SEQUENCE) | {palette.GREY}
    consider, allowed = fig.data[1], fig.data[4]
    assert (list(consider.x), list(consider.y)) == ([2013, 2013], ["IHPBA", "AHPBA"])
    assert (list(allowed.x), list(allowed.y)) == ([2020], ["NCCN"])
    assert sorted(x for trace in fig.data for x in trace.x) == sorted(g.year for g in items)
    assert "[18, 108-112]" in fig.layout.annotations[0].text
    alt = gl.timeline_alt(items)
    assert (
        alt.index("IHPBA 2013")
        < alt.index("Expert Group 2015")
        < alt.index("ESMO 2016")
        < alt.index("NCCN 2020")
    )
    rows = gl.timeline_rows(items)
    assert [r[gl.YEAR] for r in rows] == [2013, 2013, 2015, 2016, 2020, 2020, 2020]


# --- the loader -----------------------------------------------------------------------------------------


@pytest.fixture
def guideline_copy(tmp_path: Path) -> Path:
    """A writable copy of the small valid guideline fixture folder."""
    target = tmp_path / "data"
    shutil.copytree(GUIDELINE_FIXTURE, target)
    return target


def _error(root: Path) -> ContentError:
    with pytest.raises(ContentError) as info:
        gl.load_guidelines(load_catalog(root), root)
    return info.value


def test_fixture_loads() -> None:
    items = gl.load_guidelines(load_catalog(GUIDELINE_FIXTURE), GUIDELINE_FIXTURE)
    assert [g.key for g in items] == ["nccn", "asco"]


def test_packaged_data_loads_with_its_own_catalog() -> None:
    root = ROOT / "data"
    assert len(gl.load_guidelines(load_catalog(root), root)) == 7


def test_minimal_data_folder_has_no_guidelines_file(data_copy: Path) -> None:
    error = _error(data_copy)
    assert error.file == "data/guidelines.yaml"
    assert "cannot read file" in error.problem


def test_missing_topic_must_be_written_not_stated(guideline_copy: Path) -> None:
    replace_once(guideline_copy / "guidelines.yaml", "      mdt: not_stated\n", "")
    error = _error(guideline_copy)
    assert (error.file, error.record, error.field) == ("data/guidelines.yaml", "nccn", "positions.mdt")
    assert "write not_stated" in error.problem


def test_unknown_evidence_id(guideline_copy: Path) -> None:
    replace_once(
        guideline_copy / "guidelines.yaml", "[table-2-nccn-reevaluation]", "[table-2-nccn-reevaluaton]"
    )
    error = _error(guideline_copy)
    assert (error.record, error.field) == ("nccn", "positions.reevaluation.evidence_ids")
    assert error.problem == "unknown evidence id 'table-2-nccn-reevaluaton'"


def test_evidence_of_another_organisation(guideline_copy: Path) -> None:
    replace_once(guideline_copy / "guidelines.yaml", "[table-2-nccn-reevaluation]", "[table-2-asco-mdt]")
    error = _error(guideline_copy)
    assert (error.record, error.field) == ("nccn", "positions.reevaluation.evidence_ids")
    assert "is not a Table 2 record of NCCN" in error.problem


def test_reference_must_match_the_evidence(guideline_copy: Path) -> None:
    replace_once(guideline_copy / "guidelines.yaml", "    ref: 18\n", "    ref: 108\n")
    error = _error(guideline_copy)
    assert (error.record, error.field) == ("nccn", "positions.neoadjuvant_resectable.evidence_ids")
    assert error.problem == "'table-2-nccn-resectable-synchronous' cites [18] but NCCN is reference [108]"


def test_year_must_match_the_evidence(guideline_copy: Path) -> None:
    replace_once(
        guideline_copy / "guidelines.yaml", "    year: 2020\n    ref: 108", "    year: 2019\n    ref: 108"
    )
    error = _error(guideline_copy)
    assert (error.record, error.field) == ("asco", "year")
    assert "2019 differs from the guideline year 2020" in error.problem


def test_stance_outside_the_fixed_set(guideline_copy: Path) -> None:
    replace_once(guideline_copy / "guidelines.yaml", "stance: consider", "stance: maybe")
    error = _error(guideline_copy)
    assert (error.record, error.field) == ("nccn", "positions.neoadjuvant_resectable.stance")
    assert "'maybe' is not one of recommended, consider" in error.problem


def test_stance_not_declared_by_the_topic(guideline_copy: Path) -> None:
    replace_once(guideline_copy / "guidelines.yaml", "stance: every_two_months", "stance: monthly")
    error = _error(guideline_copy)
    assert (error.record, error.field) == ("nccn", "positions.reevaluation.stance")
    assert "allowed: every_two_months, not_stated" in error.problem


def test_not_stated_with_evidence_is_rejected(guideline_copy: Path) -> None:
    replace_once(guideline_copy / "guidelines.yaml", "stance: mdt_essential", "stance: not_stated")
    error = _error(guideline_copy)
    assert (error.record, error.field) == ("asco", "positions.mdt.stance")
    assert "just not_stated" in error.problem


def test_stated_position_needs_evidence(guideline_copy: Path) -> None:
    replace_once(guideline_copy / "guidelines.yaml", "        evidence_ids: [table-2-asco-mdt]\n", "")
    error = _error(guideline_copy)
    assert (error.record, error.field) == ("asco", "positions.mdt.evidence_ids")
    assert "needs the Table 2 record" in error.problem


def test_unknown_topic_and_unknown_field(guideline_copy: Path) -> None:
    replace_once(
        guideline_copy / "guidelines.yaml",
        "      mdt: not_stated\n",
        "      mdt: not_stated\n      toxicity: not_stated\n",
    )
    error = _error(guideline_copy)
    assert (error.record, error.field) == ("nccn", "positions.toxicity")
    assert error.problem.startswith("unknown topic")


def test_unknown_caveat_of_a_topic(guideline_copy: Path) -> None:
    replace_once(guideline_copy / "guidelines.yaml", "    caveats: [8]", "    caveats: [99]")
    error = _error(guideline_copy)
    assert (error.record, error.field) == ("reevaluation", "caveats")
    assert error.problem == "no caveat 99 in data/caveats.yaml"


def test_every_topic_must_be_declared(guideline_copy: Path) -> None:
    replace_once(
        guideline_copy / "guidelines.yaml",
        "  - key: mdt\n    title: Multidisciplinary team\n"
        "    question: Does a multidisciplinary team decide?\n"
        "    stances: {mdt_essential: Essential}\n",
        "",
    )
    error = _error(guideline_copy)
    assert (error.record, error.field, error.problem) == (None, "topics", "topic 'mdt' is missing")


def test_bad_yaml_names_the_line(guideline_copy: Path) -> None:
    replace_once(guideline_copy / "guidelines.yaml", "    ref: 18\n", "    ref: [18\n")
    error = _error(guideline_copy)
    assert error.file == "data/guidelines.yaml"
    assert "invalid YAML at line" in error.problem


def test_stance_per_situation_must_be_a_covered_situation(guideline_copy: Path) -> None:
    replace_once(
        guideline_copy / "guidelines.yaml",
        "        stance: consider\n",
        "        stance: consider\n        by_situation: {resectable_metachronous: not_routine}\n",
    )
    error = _error(guideline_copy)
    assert (error.record, error.field) == ("nccn", "positions.neoadjuvant_resectable.by_situation")
    assert error.problem == "resectable_metachronous is not among applies_to"


def test_timeline_labels_stay_on_a_phone_screen() -> None:
    items = gl.load_content(get_catalog()).guidelines
    fig = guideline_timeline_figure(items)
    years = [g.year for g in items]
    middle = (min(years) + max(years)) / 2
    for trace in fig.data:
        for year, position in zip(trace.x, trace.textposition, strict=True):
            # a late year's label points into the plot, not off its right edge
            assert position == ("middle left" if year > middle else "middle right")
    assert fig.layout.xaxis.range[1] == max(years) + 1
    by_name = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    assert set(by_name) == {g.short_name for g in items}
    for name, text in by_name.items():
        lines = text.split("<br>")
        assert " ".join(lines).replace("/ ", "/") == name  # nothing lost or added
        assert all(len(line) <= 14 for line in lines) or len(lines) == 1


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("IHPBA", ["IHPBA"]),
        ("Expert Group", ["Expert Group"]),
        ("SEOM/AEC/SEOR/SERVEI/SEMNIM", ["SEOM/AEC/SEOR/", "SERVEI/SEMNIM"]),
        ("An organisation name", ["An", "organisation", "name"]),
    ],
)
def test_organisation_names_break_at_slashes_and_spaces(name: str, lines: list[str]) -> None:
    assert gl.name_lines(name) == lines


def test_a_majority_is_more_than_half_and_a_shared_reference_is_named() -> None:
    """Three of six organisations were called a majority, and two of the three (IHPBA, AHPBA) are one
    reference [112]: on the app's central question that overstated agreement. For synchronous metastases
    three of six lean to chemotherapy first (NCCN only allows it, caveat 10); overall none is a majority."""
    synchronous = gl.topic_view("neoadjuvant_resectable", "resectable_synchronous").summary_lines()[0]
    assert synchronous.startswith(
        "🟡 Largest group (3 of 6, not a majority) — Leans to chemotherapy first: ESMO, IHPBA, AHPBA"
    )
    assert "IHPBA and AHPBA cite one reference [112]" in synchronous
    overall = gl.topic_view("neoadjuvant_resectable").summary_lines()[0]
    assert overall.startswith("🟠 Positions differ, with no majority")
    assert "Separate pathways (synchronous: allowed as an option, not preferred; metachronous: " in overall


def test_nccn_and_esmo_do_not_share_a_synchronous_stance() -> None:
    """The topic on synchronous and metachronous disease gave NCCN's "can consider" and ESMO's "should be
    considered" one stance ("to be considered") while the topic on chemotherapy before resection, following
    caveat 10, separates them: the two topics must not say they agree."""
    view = gl.topic_view(Topic.SYNCHRONOUS_METACHRONOUS, Situation.RESECTABLE_SYNCHRONOUS)
    assert view.row("nccn").stance != view.row("esmo").stance
    assert "not preferred" in view.row("nccn").stance_label
    assert "lean to chemotherapy first" in view.row("esmo").stance_label
    assert view.agreement.majority is None


def test_ihpba_and_ahpba_qualifiers_say_table_2_reports_no_recommendation() -> None:
    """Both rows report a PFS gain; the page reads them as a lean (caveat 10) and says the row words none."""
    for key in ("ihpba", "ahpba"):
        position = by_key()[key].position(Topic.NEOADJUVANT_RESECTABLE)
        assert position.stance == "consider"
        assert "without wording a recommendation" in (position.qualifier or ""), key
        assert "caveat 10" in (position.qualifier or ""), key


@pytest.mark.parametrize("situation", [None, *sorted(gl.RESECTABLE_SITUATIONS)])
def test_every_row_leaning_to_chemotherapy_first_is_marked_against_the_review_text(
    situation: Situation | None,
) -> None:
    """The note and caveat 10 say IHPBA and AHPBA lean away from the review's "resection first" too, and the
    page shows them as leaning to chemotherapy first, but its warning line named only ESMO and the Expert
    Group: a row recommending or leaning to chemotherapy first carries caveat 10."""
    view = gl.topic_view(Topic.NEOADJUVANT_RESECTABLE, situation)
    leaning = {Stance.RECOMMENDED.value, Stance.CONSIDER.value}
    unmarked = [
        r.guideline.short_name for r in view.rows if r.stance in leaning and 10 not in r.review_conflicts
    ]
    assert [r.guideline.key for r in view.rows if r.stance in leaning]  # the check has rows to check
    assert unmarked == []


def test_a_row_in_the_largest_group_is_not_called_the_majority() -> None:
    """The summary said "not a majority" while each of its rows said "agrees with the majority"."""
    assert "majority" not in gl.MARK_LABELS[AgreementMark.AGREES]


# --- whom a position is for ----------------------------------------------------------------------------


def test_the_expert_group_is_for_synchronous_metastases_in_every_view_of_all_situations() -> None:
    """[111] is a consensus on synchronous metastases (caveat 10; the table-2-egosm-resectable note): the
    views of all situations showed its "Recommended (chemotherapy first)" with nothing saying so."""
    egosm = by_key()["egosm"]
    for topic in (Topic.NEOADJUVANT_RESECTABLE, Topic.DURATION):
        assert (egosm.position(topic).qualifier or "").startswith("For synchronous metastases only"), topic
    row = next(r for r in gl.comparison_rows() if r[gl.ORGANISATION] == "Expert Group")
    for title in ("Neoadjuvant chemotherapy for resectable disease", "Duration of chemotherapy"):
        assert "For synchronous metastases only" in str(row[title]), title
    timeline = {r[gl.ORGANISATION]: r for r in gl.timeline_rows(list(by_key().values()))}
    assert timeline["Expert Group"]["Stance on chemotherapy before resection"] == (
        "Recommended (chemotherapy first), for synchronous metastases only"
    )
    alt = gl.timeline_alt(list(by_key().values()))
    assert (
        "Expert Group 2015 [111]: recommended (chemotherapy first), for synchronous metastases only." in alt
    )
    # NCCN's two halves, as Table 2's row gives them: synchronous "can consider", metachronous "preferred"
    assert "NCCN 2020 [18]: with synchronous metastases, allowed as an option, not preferred; with " in alt
    assert "with metachronous metastases, not routine (resection first preferred)." in alt
    for topic in (Topic.NEOADJUVANT_RESECTABLE, Topic.DURATION):
        view = gl.topic_view(topic)
        assert view.scope(egosm) == "synchronous metastases only"
        assert "Expert Group (synchronous metastases only)" in view.summary_lines()[0]
        synchronous = gl.topic_view(topic, Situation.RESECTABLE_SYNCHRONOUS)  # a filter says it already
        assert synchronous.scope(egosm) == ""
    assert gl.topic_view(Topic.NEOADJUVANT_RESECTABLE).scope(by_key()["nccn"]) == ""


def test_nccn_s_metachronous_half_heads_the_metachronous_view() -> None:
    """Table 2's NCCN row: chemotherapy first may be considered with resectable synchronous metastases,
    whereas with metachronous ones it prefers resection, local therapy or both."""
    nccn = by_key()["nccn"].position(Topic.SYNCHRONOUS_METACHRONOUS)
    assert nccn.stance_in(Situation.RESECTABLE_SYNCHRONOUS) == "synchronous_chemo_allowed"
    assert nccn.stance_in(Situation.RESECTABLE_METACHRONOUS) == "metachronous_resection_first"
    metachronous = gl.topic_view(Topic.SYNCHRONOUS_METACHRONOUS, Situation.RESECTABLE_METACHRONOUS)
    headline = metachronous.summary_lines()[0]
    assert headline.startswith(
        "🔵 Only NCCN states a position — Metachronous: resection or local therapy first"
    )
    assert "Synchronous" not in headline
    overall = gl.topic_view(Topic.SYNCHRONOUS_METACHRONOUS).summary_lines()[0]
    assert "synchronous: chemotherapy before surgery allowed, not preferred" in overall
    assert "metachronous: resection or local therapy first preferred" in overall
    synchronous = gl.topic_view(Topic.SYNCHRONOUS_METACHRONOUS, Situation.RESECTABLE_SYNCHRONOUS)
    assert (
        "Synchronous: chemotherapy before surgery allowed, not preferred: NCCN"
        in synchronous.summary_lines()[0]
    )
    assert "etachronous" not in synchronous.summary_lines()[0]


def test_a_stance_per_situation_must_be_one_of_the_topic_s_stances(guideline_copy: Path) -> None:
    replace_once(
        guideline_copy / "guidelines.yaml",
        "        stance: every_two_months\n",
        "        stance: every_two_months\n        by_situation: {unresectable: monthly}\n",
    )
    error = _error(guideline_copy)
    assert (error.record, error.field) == ("nccn", "positions.reevaluation.by_situation")
    assert error.problem == "'monthly' is not a stance of this topic (allowed: every_two_months, not_stated)"


def test_nccn_s_two_halves_head_the_view_of_all_situations() -> None:
    """Table 2's NCCN row: with resectable synchronous metastases chemotherapy first "can" be considered (an
    option it allows, caveat 10); with resectable metachronous ones resection and/or local therapy is
    preferred. The view of all situations headed NCCN "Allowed as an option, not preferred", its synchronous
    half alone, as if for every resectable patient."""
    view = gl.topic_view(Topic.NEOADJUVANT_RESECTABLE)
    nccn = (
        "Separate pathways (synchronous: allowed as an option, not preferred; "
        "metachronous: not routine (resection first preferred))"
    )
    assert view.row("nccn").stance_label == nccn
    headline = view.summary_lines()[0]
    assert f"{nccn}: NCCN" in headline
    assert "Allowed as an option, not preferred: NCCN" not in headline
    # ESMO's row puts synchronous metastases on the perioperative pathway (a lean, caveat 10): named where it
    # stands with SEOM on its overall stance, which the agreement still counts (no majority)
    assert (
        "Selectively, for higher-risk disease: SEOM/AEC/SEOR/SERVEI/SEMNIM, ESMO (synchronous: leans to "
        in (headline)
    )
    assert view.row("esmo").stance_label == (
        "Separate pathways (synchronous: leans to chemotherapy first; metachronous: selectively, for "
        "higher-risk disease)"
    )
    assert view.agreement.majority is None
    row = next(r for r in gl.comparison_rows() if r[gl.ORGANISATION] == "NCCN")
    assert str(row["Neoadjuvant chemotherapy for resectable disease"]).startswith(f"{nccn}: ")
    # a situation has one stance, and says it alone
    metachronous = gl.topic_view(Topic.NEOADJUVANT_RESECTABLE, Situation.RESECTABLE_METACHRONOUS)
    assert metachronous.row("nccn").stance_label == "Not routine (resection first preferred)"
    synchronous = gl.topic_view(Topic.NEOADJUVANT_RESECTABLE, Situation.RESECTABLE_SYNCHRONOUS)
    assert synchronous.row("nccn").stance_label == "Allowed as an option, not preferred"
    # the topic of synchronous versus metachronous disease names the kinds in its own stances: not twice
    assert gl.topic_view(Topic.SYNCHRONOUS_METACHRONOUS).row("nccn").stance_label.count("synchronous:") == 1


def test_the_timeline_chart_says_what_its_table_says() -> None:
    """The chart's hover and legend said "Expert Group, 2015: Recommended (chemotherapy first)" while the
    table under it, its description and caption said "..., for synchronous metastases only" ([111] is a
    consensus on synchronous metastases, caveat 10); NCCN's read "Allowed as an option, not preferred" where
    Table 2 prefers resection or local therapy for its metachronous metastases."""
    items = gl.load_content(get_catalog()).guidelines
    fig = guideline_timeline_figure(items)
    table = {
        r[gl.ORGANISATION]: r["Stance on chemotherapy before resection"] for r in gl.timeline_rows(items)
    }
    said: dict[str, tuple[str, str]] = {}
    for trace in fig.data:
        for organisation, hover in zip(trace.y, trace.customdata, strict=True):
            said[organisation] = (trace.name.replace("<br>", " "), hover.replace("<br>", " "))
        assert trace.hovertemplate == "%{y}, %{x}:<br>%{customdata}<extra></extra>"
    assert said == {organisation: (text, text) for organisation, text in table.items()}
    assert said["Expert Group"][0] == "Recommended (chemotherapy first), for synchronous metastases only"
    assert said["NCCN"][0].endswith("with metachronous metastases, not routine (resection first preferred)")
    assert "Recommended (chemotherapy first)" not in [trace.name for trace in fig.data]
    # a marker each entry: ESMO's and SEOM's share an overall stance's colour, not its filled circle
    markers = [(trace.marker.color, trace.marker.symbol) for trace in fig.data]
    assert len(set(markers)) == len(markers), markers
    # wrapped for a phone's legend, and the note under the chart kept clear of the legend's further lines
    assert all(len(line) <= 30 for trace in fig.data for line in trace.name.split("<br>"))
