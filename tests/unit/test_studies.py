"""The study data: it loads, every figure is its record's own value, every study cites records that exist,
ongoing trials carry no results, the caveats' readings hold, broken files are refused naming file, study and
field; the arms chart draws only the records' figures, with no interval, and says its P values."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest
import yaml

from crlm_content import ContentError, get_catalog
from crlm_content.decision import load_presets, recommend
from crlm_content.figures.studies import chart_endpoints, study_figure
from crlm_content.search import citation_text
from crlm_content.studies import (
    QUESTION_LABELS,
    QUESTIONS,
    Study,
    alt_text,
    endpoint_heading,
    figure_evidence_ids,
    figure_refs,
    in_question,
    load_studies,
    p_phrase,
    resolve,
    result_text,
    significance_text,
    source_line,
    stray_numbers,
    study_refs,
    verdict_rows,
)
from crlm_content.studies.walkthrough import walkthrough_link

from ..conftest import ROOT

CATALOG = get_catalog()
STUDIES = load_studies(CATALOG)
BY_KEY = {s.key: s for s in STUDIES}
# Issue 20, item 1: the studies the page must have (key -> the reference numbers its records cite).
REQUIRED = {
    "eortc-40983-early": {48},
    "eortc-40983-long-term": {23},
    "new-epoc": {28, 29},
    "coin": {27},
    "become": {42},
    "ffcd-eortc-pooled": {46},
    "jcog0603": {47},
    "cohort-meta-analysis": {50},
    "synchronous-timing": {56},
    "conversion-series": {14, 52},
    "two-stage-hepatectomy": {95},
    "pembrolizumab-phase-3": {96},
    "margin-meta-analysis": {86},
    "margin-width-retrospective": {87, 88, 89},
    "submillimetre-margin": {90},
    "kras-outcomes": {60},
    "kras-response": {61},
    "kras-dss": {62},
    "braf-kras-rfs": {64},
    "prometeo-01": {69},
    "imaging-meta-analysis": {71},
    "intraoperative-imaging": {78},
    "cea-decline-cutoff": {77},
    "folfoxiri-vs-folfiri": {17},
    "hai-perioperative": {81, 100, 101, 102},
    "debiri-vs-systemic": {103, 104, 105},
    "charisma": {51},
    "perimax": {34},
    "charta": {34},
}
ONGOING = {"charisma", "perimax", "charta"}


def endpoint(study: str, key: str) -> Any:
    return next(e for e in BY_KEY[study].endpoints if e.key == key)


def test_the_issues_studies_are_present_with_their_references() -> None:
    for key, refs in REQUIRED.items():
        assert key in BY_KEY, key
        assert refs <= set(study_refs(CATALOG, BY_KEY[key])), key


def test_every_question_has_studies_and_a_label() -> None:
    assert set(QUESTIONS) == set(QUESTION_LABELS)
    for question in QUESTIONS:
        assert in_question(STUDIES, question), question
    assert in_question(STUDIES, "all") == STUDIES


def test_every_figure_is_its_records_own_value() -> None:
    for study in STUDIES:
        for figure in study.figures():
            record = CATALOG.get(figure.evidence_id)
            assert resolve(CATALOG, figure) is record.value(figure.label)
            assert figure.evidence_id in study.evidence_ids


def test_every_study_cites_existing_records_and_references() -> None:
    known = set(CATALOG.reference_by_number)
    for study in STUDIES:
        assert all(i in CATALOG.evidence_by_id for i in study.evidence_ids), study.key
        refs = study_refs(CATALOG, study)
        assert refs and set(refs) <= known, study.key


def test_ongoing_studies_have_no_results() -> None:
    assert {s.key for s in STUDIES if s.design == "ongoing"} == ONGOING
    for key in ONGOING:
        study = BY_KEY[key]
        assert study.endpoints == () and study.figures() == ()
        assert chart_endpoints(CATALOG, study) == ()
        assert "no results" in alt_text(CATALOG, study)


def test_new_epoc_pfs_not_significant_and_os_a_secondary_endpoint() -> None:
    pfs, os_ = endpoint("new-epoc", "pfs"), endpoint("new-epoc", "os")
    assert pfs.significance == "not significant" and p_phrase(CATALOG, pfs) == "P = 0.304"
    assert os_.significance == "significant" and os_.role == "secondary"
    assert os_.note is not None and "stopped early" in os_.note and "first report" in os_.note


def test_the_pooled_adjuvant_p_values_are_not_significant() -> None:
    for key in ("pfs", "os"):
        assert endpoint("ffcd-eortc-pooled", key).significance == "not significant"
    assert [p_phrase(CATALOG, e) for e in BY_KEY["ffcd-eortc-pooled"].endpoints] == ["P = 0.058", "P = 0.095"]


def test_eortc_gain_is_in_percentage_points() -> None:
    pfs = endpoint("eortc-40983-early", "pfs")
    gain = resolve(CATALOG, pfs.details[0])
    assert (gain.value, gain.unit) == (9.2, "percentage points")
    assert pfs.significance == "significant"


def test_eortc_resected_patients_pfs_is_not_labelled_the_primary_endpoint() -> None:
    """The significant 3-year PFS is the resected patients' (caveat 20); the primary analysis took everyone
    randomised and was not significant, so the Trials page must not head it '(primary endpoint)'."""
    pfs = endpoint("eortc-40983-early", "pfs")
    assert pfs.role != "primary"
    assert "resected patients" in pfs.name and "not the primary analysis" in pfs.name
    assert "(primary endpoint)" not in endpoint_heading(pfs)
    caveat = next(c for c in CATALOG.caveats if c.number == 20)
    assert "resectable-eortc-40983-pfs" in caveat.evidence_ids and "P = 0.058" in caveat.explanation
    assert "resected patients" in BY_KEY["eortc-40983-early"].verdict


def test_charta_has_bevacizumab_in_both_arms() -> None:
    assert all("bevacizumab" in arm.name for arm in BY_KEY["charta"].arms)


def test_kras_dss_figures_go_to_the_right_groups() -> None:
    by_arm = {v.arm: resolve(CATALOG, v).value for v in endpoint("kras-dss", "dss").values}
    assert by_arm == {"wild-type": 29.0, "mutant": 21.0}


def test_no_p_value_reads_not_given() -> None:
    response = endpoint("pembrolizumab-phase-3", "response")
    assert p_phrase(CATALOG, response) == "P value not given"


def test_verdict_rows_one_per_study() -> None:
    rows = verdict_rows(CATALOG, STUDIES)
    assert [r["Study"] for r in rows] == [s.name for s in STUDIES]


@pytest.mark.parametrize(
    ("text", "stray"),
    [
        ("EORTC 40983 and FFCD 9002 trials", []),
        ("mFOLFOX6, FOLFOX4, V600E, JCOG0603, 3-year survival", []),
        ("about 35% converted", ["35"]),
        ("median 22.2 months", ["22.2"]),
    ],
)
def test_free_text_states_no_figure(text: str, stray: list[str]) -> None:
    assert stray_numbers(text) == stray


# ---------------------------------------------------------------------------------------------------------
# Broken files
# ---------------------------------------------------------------------------------------------------------


def broken(tmp_path: Path, change: Callable[[list[dict[str, Any]]], None]) -> Path:
    root = tmp_path / "data"
    shutil.copytree(ROOT / "data", root)
    raw = yaml.safe_load((root / "studies.yaml").read_text(encoding="utf-8"))
    change(raw)
    (root / "studies.yaml").write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return root


def study_raw(raw: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return next(item for item in raw if item["key"] == key)


def _unknown_id(raw: list[dict[str, Any]]) -> None:
    study_raw(raw, "new-epoc")["evidence_ids"].append("no-such-record")


def _unknown_label(raw: list[dict[str, Any]]) -> None:
    study_raw(raw, "new-epoc")["endpoints"][0]["values"][0]["label"] = "PFS, made up"


def _wrong_significance(raw: list[dict[str, Any]]) -> None:
    study_raw(raw, "new-epoc")["endpoints"][0]["significance"] = "significant"


def _typed_number(raw: list[dict[str, Any]]) -> None:
    study_raw(raw, "new-epoc")["verdict"] = "Median survival fell to 55.4 months with cetuximab."


def _ongoing_with_results(raw: list[dict[str, Any]]) -> None:
    study_raw(raw, "charisma")["endpoints"] = study_raw(raw, "new-epoc")["endpoints"]


def _p_not_a_p(raw: list[dict[str, Any]]) -> None:
    study_raw(raw, "new-epoc")["endpoints"][0]["p"]["label"] = "PFS, chemotherapy alone"


def _record_not_listed(raw: list[dict[str, Any]]) -> None:
    study_raw(raw, "new-epoc")["evidence_ids"].remove("biologics-new-epoc-os")


def _duplicate(raw: list[dict[str, Any]]) -> None:
    raw.append(dict(study_raw(raw, "coin")))


@pytest.mark.parametrize(
    ("change", "record", "field", "problem"),
    [
        (_unknown_id, "new-epoc", "evidence_ids", "unknown evidence id 'no-such-record'"),
        (_unknown_label, "new-epoc", "label", "no value labelled 'PFS, made up'"),
        (_wrong_significance, "new-epoc", "endpoints.pfs.significance", "does not agree with P = 0.304"),
        (_typed_number, "new-epoc", "verdict", "states a figure (55.4)"),
        (_ongoing_with_results, "charisma", "endpoints", "an ongoing study has no results"),
        (_p_not_a_p, "new-epoc", "endpoints.pfs.p", "is not a P value"),
        (_record_not_listed, "new-epoc", "evidence_ids", "list it too"),
        (_duplicate, "coin", "key", "duplicate key"),
    ],
)
def test_a_broken_file_is_refused_naming_file_study_and_field(
    tmp_path: Path, change: Callable[[list[dict[str, Any]]], None], record: str, field: str, problem: str
) -> None:
    root = broken(tmp_path, change)
    with pytest.raises(ContentError) as caught:
        load_studies(CATALOG, root)
    error = caught.value
    assert (error.file, error.record, error.field) == ("data/studies.yaml", record, field)
    assert problem in error.problem


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    (root / "studies.yaml").write_text("", encoding="utf-8")
    with pytest.raises(ContentError, match="file is empty"):
        load_studies(CATALOG, root)


# ---------------------------------------------------------------------------------------------------------
# The arms chart and its text
# ---------------------------------------------------------------------------------------------------------


def drawn_numbers(fig: go.Figure) -> list[float]:
    return [float(y) for trace in fig.data for y in trace.y]


@pytest.mark.parametrize("study", [s for s in STUDIES if chart_endpoints(CATALOG, s)], ids=lambda s: s.key)
def test_the_chart_draws_only_the_records_figures(study: Study) -> None:
    fig = study_figure(CATALOG, study)
    allowed = {resolve(CATALOG, f).value for f in study.figures()}
    assert drawn_numbers(fig) and set(drawn_numbers(fig)) <= allowed
    texts = {t for trace in fig.data for t in trace.text}
    assert texts <= {resolve(CATALOG, f).display() for f in study.figures()}
    for trace in fig.data:  # no interval anywhere
        assert not (trace.error_y and trace.error_y.array is not None)
        assert not (trace.error_x and trace.error_x.array is not None)
    notes = " ".join(a.text for a in fig.layout.annotations).replace("<br>", " ")
    for e in chart_endpoints(CATALOG, study):
        assert p_phrase(CATALOG, e) in notes
    assert "No intervals" in notes and fig.layout.title.text


def test_the_chart_names_what_it_cannot_draw() -> None:
    fig = study_figure(CATALOG, BY_KEY["conversion-series"])  # a range across studies is not drawn
    assert drawn_numbers(fig) == [33.0]
    notes = " ".join(a.text for a in fig.layout.annotations).replace("<br>", " ")
    assert "Not drawn" in notes and "Converted to curative-intent surgery" in notes


def test_the_alt_text_gives_every_figure_and_p_value() -> None:
    for study in STUDIES:
        text = alt_text(CATALOG, study)
        for e in study.endpoints:
            assert p_phrase(CATALOG, e) in text
            for v in e.values:
                assert resolve(CATALOG, v).display() in text
    assert "P = 0.304; not significant" in alt_text(CATALOG, BY_KEY["new-epoc"])


# ---------------------------------------------------------------------------------------------------------
# The walkthrough step that uses a study
# ---------------------------------------------------------------------------------------------------------


def test_the_walkthrough_link_names_a_step_that_cites_the_study() -> None:
    presets = {p.title: p for p in load_presets(CATALOG)}
    linked = 0
    for study in STUDIES:
        link = walkthrough_link(CATALOG, study)
        if link is None:
            continue
        linked += 1
        step = recommend(presets[link.patient].scenario).steps[link.number - 1]
        assert step.key == link.key and f"step {link.number}" in link.label
        assert set(link.evidence_ids) <= set(step.evidence_ids) & set(study.evidence_ids)
    assert linked >= 10
    new_epoc = walkthrough_link(CATALOG, BY_KEY["new-epoc"])
    assert new_epoc is not None and new_epoc.key == "regimen"


def test_a_trial_opens_where_it_decides_for_a_patient_in_its_setting() -> None:
    """EORTC 40983 used to open step 2 for an unresectable peritoneal dMMR patient (its design record explains
    why that patient is outside the trial); it now opens a deciding step for a patient who can be operated."""
    from crlm_content.studies.walkthrough import DECIDING_STEPS

    presets = {p.title: p for p in load_presets(CATALOG)}
    link = walkthrough_link(CATALOG, BY_KEY["eortc-40983-early"])
    assert link is not None and link.key in DECIDING_STEPS
    assert recommend(presets[link.patient].scenario).resectable
    for study in STUDIES:  # a deciding step wins whenever one cites the study
        found = walkthrough_link(CATALOG, study)
        if found is not None and found.key not in DECIDING_STEPS:
            plans = [recommend(p.scenario) for p in presets.values()]
            cited = {
                eid for plan in plans for s in plan.steps if s.key in DECIDING_STEPS for eid in s.evidence_ids
            }
            assert not cited & set(study.evidence_ids), study.key


def test_one_p_value_for_two_time_points_is_not_called_significant_at_either() -> None:
    """Caveat 19: the review gives P = 0.04 after both the 1- and 3-year figures of disappearing metastases
    left in place; the app calls neither time point significant on its own."""
    study = next(s for s in load_studies(get_catalog()) if s.key == "dlm-left-in-situ")
    assert [e.significance for e in study.endpoints] == ["overall", "overall"]
    assert all(significance_text(e) == "significant overall, not per time point" for e in study.endpoints)


def study(key: str) -> Study:
    return next(s for s in load_studies(get_catalog()) if s.key == key)


def test_the_cea_exclusion_figure_is_given_to_no_group_the_review_does_not_name() -> None:
    """Caveat 18: 97.3% is most likely a negative predictive value; the review does not say of whom, so it is
    no arm's figure, and it is not merged with the share of restaging scans that could be skipped."""
    cea = study("cea-decline-cutoff")
    labels = {v.label for e in cea.endpoints for v in e.values}
    assert "patients in whom progression was excluded" not in labels
    for endpoint in cea.endpoints:
        details = {d.label for d in endpoint.details}
        assert (
            not {"patients in whom progression was excluded", "initial restaging CT scans avoidable"}
            <= details
        )
    excluded = next(e for e in cea.endpoints if e.key == "progression-excluded")
    assert result_text(get_catalog(), cea, excluded).startswith("patients in whom progression was excluded: ")


def test_eortc_complications_are_charted_one_named_complication_each() -> None:
    early = study("eortc-40983-early")
    by_name = {e.name: {v.label.split(", ")[0] for v in e.values} for e in early.endpoints if e.values}
    for complication in ("Hepatic failure", "Biliary fistula", "Intra-abdominal infection"):
        assert by_name[complication] == {complication.lower()}


def test_a_single_group_survival_endpoint_names_its_time_point() -> None:
    (survival,) = [e for e in study("conversion-series").endpoints if e.key == "survival"]
    assert survival.name.startswith("5-year")


def test_a_charts_source_line_cites_the_records_of_its_figures_only() -> None:
    catalog = get_catalog()
    keynote = study("pembrolizumab-phase-3")
    assert study_refs(catalog, keynote) == (96, 97, 98)  # the meaning cites the neoadjuvant studies too
    assert figure_refs(catalog, keynote) == (96,)
    assert source_line(catalog, keynote).endswith(", ref. [96].")  # citation_text((96,))
    (row,) = [r for r in verdict_rows(catalog, [keynote])]
    assert row["Refs"] == "[96]"  # the verdict is the phase III trial's


def test_every_panel_heading_line_is_wrapped_to_fit_a_phone() -> None:
    """The P-value line was not wrapped: "P value not given; significance not stated by the review" ran
    past the chart on a phone."""
    from crlm_content.figures.studies import HEADING_WRAP, panel_heading

    catalog = get_catalog()
    lines = [
        line
        for study in load_studies(catalog)
        for endpoint in chart_endpoints(catalog, study)
        for line in panel_heading(catalog, endpoint)
    ]
    assert lines and max(len(line) for line in lines) <= HEADING_WRAP


def test_a_walkthrough_link_s_own_text_fits_one_line_on_a_phone() -> None:
    """A page link is one line that a phone cuts off: the patient's name, once in it, was lost."""
    catalog = get_catalog()
    links = [link for study in load_studies(catalog) if (link := walkthrough_link(catalog, study))]
    assert links and max(len(link.label) for link in links) <= 42
    assert all(link.patient in link.where for link in links)


def test_a_verdict_of_worse_survival_says_the_review_states_no_significance() -> None:
    """JCOG0603: the review says OS "was worse" with no P value; the verdict read as a proven harm."""
    study = next(s for s in STUDIES if s.key == "jcog0603")
    assert "worse" in study.verdict and "no significance stated" in study.verdict


def test_a_chart_cites_its_references_as_every_citation_does() -> None:
    """The chart's source line read 'EORTC 40983 (first report), as the review reports it, refs 48.', then
    'ref 48' / 'refs 28, 29': a wording of its own. It is now citation_text's 'ref. [n]'."""
    by_key = {study.key: study for study in STUDIES}
    # hand-written from the records' reference numbers (figure_refs), in citation_text's form
    assert source_line(CATALOG, by_key["new-epoc"]).endswith(", as the review reports it, ref. [28, 29].")
    assert alt_text(CATALOG, by_key["conversion-series"]).startswith(
        f"{by_key['conversion-series'].name}, ref. [14-17, 52]. "
    )
    for study in STUDIES:
        cited = citation_text(figure_refs(CATALOG, study))
        assert source_line(CATALOG, study).endswith(f", {cited}."), study.key
        if study.key != "prometeo-01":  # the one study with figures from its primary paper (below)
            assert f"as the review reports it, {cited}." in source_line(CATALOG, study), study.key
        if study.design != "ongoing":  # an ongoing study's alt text says there is nothing to draw
            assert alt_text(CATALOG, study).startswith(f"{study.name}, {cited}. "), study.key


def test_the_cea_figures_are_read_the_only_way_round_that_fits_the_review() -> None:
    """The findings read sensitivity as picking out non-progression. Then the share of patients whose CEA
    fell would lie between 100% - specificity and sensitivity (23.8% to 71.6%), never the review's 72.8% of
    first scans avoided; read as 'no fall flags progression', the figures give a progression share p and a
    negative predictive value that is the review's 97.3% (caveat 18 states that derivation)."""
    record = CATALOG.get("cea-decline-cutoff")
    sens = record.value("sensitivity").value / 100
    spec = record.value("specificity").value / 100
    fell = record.value("initial restaging CT scans avoidable").value / 100
    excluded = record.value("patients in whom progression was excluded").value / 100
    assert not min(1 - spec, sens) <= fell <= max(1 - spec, sens)
    p = (spec - fell) / (spec + sens - 1)  # spec x (1 - p) + (1 - sens) x p = fell
    npv = spec * (1 - p) / fell
    assert 0 < p < 1 and npv == pytest.approx(excluded, abs=0.002)

    sensitivity, specificity = (
        endpoint("cea-decline-cutoff", "sensitivity"),
        endpoint("cea-decline-cutoff", "specificity"),
    )
    assert "was progressing" in sensitivity.finding and "flagged" in sensitivity.finding
    assert "not progressing" not in sensitivity.finding
    assert "not progressing" in specificity.finding and "did show the fall" in specificity.finding
    (caveat,) = [c for c in CATALOG.caveats_for("cea-decline-cutoff") if c.number == 18]
    text = caveat.explanation
    assert "Derived by this app" in text
    for figure in (
        f"{p * 100:.1f}%",
        f"{npv * 100:.1f}%",
        f"{(1 - spec) * 100:.1f}%",
        f"{(1 - sens) * 100:.1f}%",
    ):
        assert figure in text, figure


def test_the_eortc_complication_rate_sits_with_the_first_report() -> None:
    """25% vs 16% (P = 0.04) is a result of the first report [48], though the review cites [23] for it."""
    early, long_term = BY_KEY["eortc-40983-early"], BY_KEY["eortc-40983-long-term"]
    record = "rationale-eortc-40983-complications"
    assert record in {f.evidence_id for f in early.figures()} and record in early.evidence_ids
    assert record not in {f.evidence_id for f in long_term.figures()} and record not in long_term.evidence_ids
    assert "complication" not in long_term.verdict
    complications = endpoint("eortc-40983-early", "complications")
    assert complications.significance == "significant" and p_phrase(CATALOG, complications) == "P = 0.04"
    assert complications.note is not None and "cites the long-term report" in complications.note
    assert "complications" in early.verdict


def test_a_design_the_review_does_not_give_is_not_stated() -> None:
    """The review gives no design for the two-stage series [95] and calls the NSQIP study only
    population-based [24]."""
    assert BY_KEY["two-stage-hepatectomy"].design == "not stated"
    assert BY_KEY["nsqip-complications"].design == "not stated"


def test_the_intraoperative_study_does_not_claim_its_patients_had_chemotherapy() -> None:
    meaning = BY_KEY["intraoperative-imaging"].meaning
    assert "after chemotherapy" not in meaning and "does not say" in meaning


def test_figures_from_a_primary_paper_are_never_sourced_as_the_review_s() -> None:
    """PROMETEO-01's chart said "as the review reports it" over CT 91% vs 77% (P = 0.024), which the review
    does not give (its record and caveat 22 say they come from the primary paper's abstract)."""
    study = next(s for s in STUDIES if s.key == "prometeo-01")
    line = source_line(CATALOG, study)
    assert "as the review reports it, and from the abstract of the primary paper" in line
    assert "where the review does not" in line and "caveat 22" in line
    for s in STUDIES:  # a study whose every figure is the review's keeps the plain line
        if not any(CATALOG.get(i).figures_from for i in figure_evidence_ids(s)):
            assert "primary paper" not in source_line(CATALOG, s), s.key


@pytest.mark.parametrize("key", ["kras-outcomes", "kras-dss"])
def test_the_kras_survival_studies_are_prognostic_not_a_rule_for_treatment_before_surgery(key: str) -> None:
    """[60] and [62] give survival figures only; the review hopes future scores 'may be able to better
    select' patients for chemotherapy before surgery, and gives no rule for using KRAS status to do so."""
    meaning = BY_KEY[key].meaning
    assert "prognostic" in meaning
    assert "decide whether to give chemotherapy before surgery" in meaning
    assert "weighed" not in meaning and "belongs in the risk assessment" not in meaning


@pytest.mark.parametrize("key", ["kras-outcomes", "kras-dss"])
def test_the_kras_survival_studies_leave_ras_its_say_on_anti_egfr(key: str) -> None:
    """The review's gap is KRAS's prognostic weight in deciding on chemotherapy before surgery; RAS status
    does decide anti-EGFR eligibility (the review's unresectable summary, NCCN's row), so the meaning must not
    say the review gives no rule for using KRAS to choose treatment at all."""
    meaning = BY_KEY[key].meaning
    assert "to choose treatment" not in meaning
    assert "RAS status does decide whether an anti-EGFR antibody can be given" in meaning


def test_the_margin_meta_analysis_arms_name_the_record_s_cut_off() -> None:
    """[86] compared margins over 10 mm with narrower ones: 'Wider' and 'Narrower' never said where the line
    was. The arms carry the record's own cut-off, each on its side."""
    cut = resolve(CATALOG, next(f for f in BY_KEY["margin-meta-analysis"].facts if f.label == "margin width"))
    assert cut.comparator == ">"
    mm = f"{cut.value:g} mm"
    names = {arm.key: arm.name for arm in BY_KEY["margin-meta-analysis"].arms}
    assert names == {"wide": f"Margin over {mm}", "narrow": f"Margin of {mm} or less"}


def test_the_retrospective_margin_studies_arms_name_the_record_s_widths() -> None:
    """[87-89] compared margins of 1-10 mm with margins over 10 mm; 'Narrower' and 'Wider' said neither."""
    study = BY_KEY["margin-width-retrospective"]
    narrow, wide = (
        resolve(CATALOG, next(f for f in study.facts if f.label == label))
        for label in ("narrower margin", "wider margin")
    )
    assert (narrow.value, narrow.high, wide.comparator, wide.value) == (1, 10, ">", 10)
    names = {arm.key: arm.name for arm in study.arms}
    assert names == {
        "narrow": f"Margin {narrow.value:g}-{narrow.high:g} mm",
        "wide": f"Margin over {wide.value:g} mm",
    }
    assert f"{narrow.value:g}-{narrow.high:g} mm against over {wide.value:g} mm" in study.name


def test_the_kras_hazard_ratios_are_not_called_significant() -> None:
    """The review gives HR 1.89 and 2.24 with no P value and never says significant: the page's rule
    ('significance is the review's') gives 'not stated', as for JCOG0603's 'DFS was improved'."""
    for endpoint in BY_KEY["kras-outcomes"].endpoints:
        assert endpoint.p is None
        assert endpoint.significance == "not stated", endpoint.key


def test_a_design_or_role_from_the_trial_reports_says_so() -> None:
    from crlm_content.studies.model import design_label, role_label

    # "randomised trial (the trial reports, not the review)" nested three brackets deep in the list
    assert design_label(BY_KEY["become"]) == "randomised trial, per trial reports"
    assert design_label(BY_KEY["pembrolizumab-phase-3"]) == "randomised trial, per trial reports"
    assert design_label(BY_KEY["eortc-40983-early"]) == "randomised trial"  # the review says randomized
    pfs, os_ = BY_KEY["new-epoc"].endpoints
    assert (role_label(pfs), role_label(os_)) == (
        "primary endpoint, per trial reports",
        "secondary endpoint, per trial reports",
    )


def test_the_new_epoc_verdict_says_perioperative_as_its_population_does() -> None:
    study = BY_KEY["new-epoc"]
    assert "perioperative" in study.population
    assert study.verdict.startswith("Perioperative cetuximab")


def test_the_cea_study_answers_a_monitoring_question_not_the_imaging_one() -> None:
    study = BY_KEY["cea-decline-cutoff"]
    assert study.questions == ("monitoring",)
    assert in_question(STUDIES, "monitoring") == (study,)
    assert "CEA" in QUESTION_LABELS["monitoring"]
