"""Corrections from a clinical read of the content (issue 23, items 1-7): attribution, framing and caveats."""

from __future__ import annotations

import re
from functools import cache

import pytest

import crlm_content
from crlm_content import Catalog
from crlm_content.guidelines import load_content
from crlm_content.response import FIGURE_1_NOTE, cea_response

from ..conftest import ROOT
from ..review_source import review_text


@cache
def catalog() -> Catalog:
    return crlm_content.get_catalog()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+", text) if s.strip()]


def _caveat_texts(numbers: set[int]) -> str:
    return " ".join(f"{c.title} {c.explanation}" for c in catalog().caveats if c.number in numbers)


def _all_teaching_texts() -> list[str]:
    """Every statement, note, caveat and glossary entry."""
    texts = []
    for record in catalog().evidence:
        texts.append(record.statement)
        if record.note:
            texts.append(record.note)
    texts += [f"{c.title}. {c.explanation}" for c in catalog().caveats]
    texts += [f"{t.term}: {t.definition}" for t in catalog().glossary]
    return texts


# ------------------------------------------------------------------------------------------------------------
# 1. Reference [66] is not the Chun criteria
# ------------------------------------------------------------------------------------------------------------


def test_records_citing_66_describe_modified_morphologic_criteria_not_chun() -> None:
    citing = [r for r in catalog().evidence if 66 in r.refs]
    assert citing, "the review's mRECIST sentence cites [66]"
    for record in citing:
        assert "Chun" not in record.statement, record.id
        assert "modified" in record.statement.casefold(), record.id
        assert "appearance" in record.statement or "morpholog" in record.statement, record.id


def test_no_text_equates_the_reviews_mrecist_with_chun() -> None:
    """A sentence naming both mRECIST and Chun must set them apart, never equate them."""
    equating = [
        sentence
        for text in _all_teaching_texts()
        for sentence in _sentences(text)
        if "mRECIST" in sentence and "Chun" in sentence and not re.search(r"\bnot\b", sentence)
    ]
    assert equating == []


def test_caveat_2_and_the_glossary_cite_66_and_65_apart() -> None:
    caveat = _caveat_texts({2})
    assert "[66]" in caveat and "[65]" in caveat
    glossary = next(t for t in catalog().glossary if t.term == "mRECIST")
    assert "66" in glossary.definition and "hepatocellular carcinoma" in glossary.definition


def test_the_66_record_does_not_credit_66_to_chun() -> None:
    note = catalog().get("monitoring-morphologic-vs-recist").note or ""
    assert "[66]" in note and "[65]" in note
    assert re.search(r"\bnot the study\b|\bnot Chun", note)


# ------------------------------------------------------------------------------------------------------------
# 2-7. Framing, overstatement and caveats
# ------------------------------------------------------------------------------------------------------------


def test_survival_gains_are_not_framed_as_all_metastatic_crc() -> None:
    record = catalog().get("introduction-survival-gains")
    linked = {c.number for c in catalog().caveats_for(record.id)}
    assert linked, "a caveat must sit on the survival-gains record"
    assert "not as a figure for every patient with metastatic CRC" in _caveat_texts(linked)


def test_survival_gains_claim_no_population_the_review_does_not_name() -> None:
    """Caveat 17 and the record's note said the 35-40% and ~42 months "describe selected patients with liver
    metastases, most of them resected", with no source: the review gives them for "patients with metastatic
    CRC", and its references [7-9] are not in our bibliography. Say only that."""
    record = catalog().get("introduction-survival-gains")
    (caveat,) = catalog().caveats_for(record.id)
    assert caveat.number == 17 and caveat.title == "Survival gains: of which patients?"
    assert {7, 8, 9} <= {r.number for r in catalog().references if r.status == "unmapped"}
    for text in (caveat.explanation, record.note or ""):
        assert "selected patients" not in text and "most of them resected" not in text
        assert "could not be recovered" in text
        assert "wider, safer liver resection" in text
    assert "series" not in record.statement  # what [7-9] are is not known


def test_survival_gains_name_the_population_the_review_gives_them_for() -> None:
    """The Surgery page's "Why surgery" read the 35-40% and ~42 months as outcomes of patients with CRLM:
    the review gives them for patients with metastatic CRC [7-9], without saying which of them (caveat 17)."""
    statement = catalog().get("introduction-survival-gains").statement
    (figures,) = [s for s in re.split(r"(?<=\.)\s+", statement) if "35-40%" in s]
    assert "patients with metastatic CRC, without saying which of them" in figures
    assert "CRLM" not in figures


def test_new_epoc_does_not_say_cetuximab_harmed_survival() -> None:
    record = catalog().get("biologics-new-epoc-os")
    text = f"{record.statement} {record.note or ''}"
    assert not re.search(r"harmed|harms survival", text)
    assert "secondary endpoint" in text


def test_new_epoc_pfs_is_not_taught_as_chance() -> None:
    # The review quotes the long-term report [29], where PFS was not significant; the first report [28] found
    # PFS, the primary endpoint, significantly shorter with cetuximab (HR 1.48, P = 0.030, median follow-up 21
    # months), in KRAS wild-type patients only. Teaching the long-term P value alone as "could be chance", or
    # OS as "no proof of harm", misreads the trial.
    pfs = catalog().get("biologics-new-epoc-pfs")
    os_ = catalog().get("biologics-new-epoc-os")
    for record in (pfs, os_):
        text = f"{record.statement} {record.note or ''}"
        assert not re.search(r"chance|no proof|not proof", text), record.id
        assert "first report [28]" in text, record.id
    caveat = _caveat_texts({c.number for c in catalog().caveats_for(pfs.id)})
    assert "14.1 vs 20.5 months, P = 0.030" in caveat and "primary endpoint" in caveat
    assert "KRAS wild-type" in caveat
    assert "KRAS wild-type" in (catalog().get("biologics-new-epoc-design").note or "")


def test_cea_97_percent_has_a_caveat_about_what_it_measures() -> None:
    linked = {c.number for c in catalog().caveats_for("cea-decline-cutoff")}
    assert "negative predictive value" in _caveat_texts(linked)
    assert "negative predictive value" in (catalog().get("cea-decline-cutoff").note or "")


@pytest.mark.parametrize("current", [38.0, 40.0, 45.0])  # a small fall, no change, a rise from 40 ng/mL
def test_cea_below_the_cut_off_says_progression_is_not_excluded(current: float) -> None:
    result = cea_response(baseline_ng_ml=40.0, current_ng_ml=current)
    assert not result.meets_threshold
    assert "not exclude progression" in result.explanation and "imaging" in result.explanation


def test_dlm_rfs_does_not_call_a_time_point_significant() -> None:
    record = catalog().get("dlm-intrahepatic-rfs")
    assert "significant" not in record.statement
    linked = {c.number for c in catalog().caveats_for(record.id)}
    assert "P = 0.04" in _caveat_texts(linked)


def test_ahpba_says_greater_response_not_deeper() -> None:
    record = catalog().get("table-2-ahpba-biologics")
    assert "greater response" in record.statement
    assert not re.search(r"deep(er|en)", record.statement)
    guideline_text = (ROOT / "data" / "guidelines.yaml").read_text(encoding="utf-8")
    assert not re.search(r"deep(er|en) the response|deeper response", guideline_text)
    summaries = [
        position.summary or ""
        for guideline in load_content(catalog()).guidelines
        if guideline.short_name == "AHPBA"
        for position in guideline.positions
    ]
    assert any("greater response" in s for s in summaries)


def test_figure_1_notes_the_change_of_modality() -> None:
    record = catalog().get("figure-1-response")
    for text in (record.note or "", FIGURE_1_NOTE, _caveat_texts({3})):
        assert "MRI" in text and "CT" in text and "same modality" in text


# A fact-check of the records against the review and the bibliography (session 16). Each row: a record, a
# phrase it must no longer hold (the misreading) and one it must hold (what the review or its source says).
FACT_CHECK = [
    # [67] (verified): 55 of 66 lesions had residual disease or early in-situ recurrence, not all at pathology
    (
        "monitoring-complete-response-viable-tumour",
        "viable tumour at pathology",
        "early recurrence at the site",
    ),
    # [71]'s title: preoperative imaging after neoadjuvant chemotherapy
    ("imaging-meta-analysis-preoperative-sensitivity", "", "received neoadjuvant chemotherapy"),
    # the review: response was higher in KRAS wild-type patients with cetuximab (COIN compared the arms)
    ("biologics-coin", "Tumour response rates were higher in patients whose", "adding it raised"),
    # [34]: CHARTA enrolled unresectable metastatic colorectal cancer
    ("biologics-charta", "In unresectable CRLM", "unresectable metastatic colorectal cancer"),
    # Figure 2's legend says only "intrahepatic recurrence"
    ("figure-2-recurrence", "The disappeared lesion recurred", "does not say whether"),
    # [50]: 18 studies, 17 cohorts plus the trial
    ("resectable-meta-analysis-17-cohorts", "including EORTC 40983", "together with the EORTC 40983"),
    # the review's "after 9 cycles" [54]; neither "going on to" nor "beyond" 9 cycles
    ("timing-folfox-9-cycles", "beyond 9 cycles", "after 9 cycles"),
    # ESMO's resectable row justifies upfront resection for clearly resectable, favourable disease
    ("table-2-esmo-resectable", "leans toward chemotherapy first", "clearly resectable"),
]


@pytest.mark.parametrize(("record_id", "wrong", "right"), FACT_CHECK, ids=[row[0] for row in FACT_CHECK])
def test_fact_check_corrections(record_id: str, wrong: str, right: str) -> None:
    record = catalog().get(record_id)
    text = " ".join([record.statement, record.note or "", *(v.label for v in record.values)])
    if wrong:
        assert wrong not in text
    assert right in text


def test_the_83_percent_caveat_says_what_the_study_counted() -> None:
    linked = {c.number for c in catalog().caveats_for("monitoring-complete-response-viable-tumour")}
    text = _caveat_texts(linked)
    assert "[67]" in text and "55 of 66" in text and "in situ" in text


def test_cea_conclusion_is_attributed_to_the_analysis_it_follows() -> None:
    # "It was therefore concluded that ..." follows the sentence the review cites to [77]
    assert catalog().get("cea-useful-adjunct").refs == (77,)


def test_imaging_meta_analysis_rows_are_after_chemotherapy() -> None:
    from crlm_content.imaging import AFTER_NCT, sensitivity_rows

    meta = [
        r
        for r in sensitivity_rows(catalog())
        if r.evidence_id == "imaging-meta-analysis-preoperative-sensitivity"
    ]
    assert len(meta) == 4 and all(r.setting.startswith(AFTER_NCT) for r in meta)


def test_charta_protocol_first_author_is_the_publishers() -> None:
    # bibliography.json gives Schmoll HJ "from memory"; the BMC Cancer 2012;12:356 record lists Stein A first
    (row,) = [r for r in crlm_content.references() if r.number == 34]
    assert row.first_author == "Stein A"


# The short names a case reveal uses for each Table 2 organisation
_ORGANISATION_NAMES = {
    "nccn": "NCCN",
    "seom": "SEOM",
    "esmo": "ESMO",
    "egosm": "Expert Group",
    "ihpba": "IHPBA",
    "ahpba": "AHPBA",
}


def test_a_surgery_first_case_names_the_table_2_rows_that_lean_the_other_way() -> None:
    """A case teaching surgery first used to say "two Table 2 rows lean the other way", or "the guidelines
    differ", where the walkthrough's own guideline view, for the same patient, lists four or five rows leaning
    to chemotherapy first. The reveal names each of them, or says that every row does."""
    from crlm_content.cases import load_cases
    from crlm_content.decision import Strategy
    from crlm_content.decision.lens import guideline_readings_for

    checked = 0
    for case in load_cases(catalog()):
        for stage in case.stages:
            if stage.scenario is None or stage.taught_strategies != (Strategy.UPFRONT_RESECTION,):
                continue
            against = [
                _ORGANISATION_NAMES[r.organisation]
                for r in guideline_readings_for(stage.scenario)
                if r.leaning == "chemotherapy_first"
            ]
            reveal = stage.reveal or ""
            if against and "every Table 2 row" not in reveal:
                missing = [name for name in against if name not in reveal]
                assert not missing, (case.key, stage.key, missing)
            checked += 1
    assert checked >= 3


def _quiz(key: str) -> str:
    from crlm_content.quiz import load_quiz

    (question,) = [q for q in load_quiz(catalog()) if q.key == key]
    return f"{question.text} {question.explanation}"


def test_eortc_pfs_gain_is_taught_for_the_resected_patients() -> None:
    # caveat 20: the primary paper's significant PFS gain (42.4% vs 33.2%) is the resected patients' figure
    from crlm_content.cases import load_cases
    from crlm_content.decision import recommend

    assert "had resection" in _quiz("in-eortc-pfs-gain")
    (case,) = [c for c in load_cases(catalog()) if c.key == "early-recurrence-high-cea"]
    (plan,) = [s for s in case.stages if s.key == "plan"]
    assert "3-year PFS in the patients who had resection" in (plan.reveal or "")
    assert plan.scenario is not None
    reasons = " ".join(step.reasoning for step in recommend(plan.scenario).steps)
    assert "3-year PFS in the resected patients of EORTC 40983" in reasons


def test_quiz_explanations_keep_to_what_the_review_says() -> None:
    # the P < 0.001 compares the four timing strategies' medians, not after versus before
    assert "differed across the four timing strategies (P < 0.001)" in _quiz("tm-synchronous-strategies")
    # the review omits the last bevacizumab dose "to limit safety concerns"; the 5 weeks hold only if the
    # interval to surgery allows
    bevacizumab = _quiz("ch-bevacizumab-last-cycle")
    assert "keeps an interval of 5 weeks" not in bevacizumab and "helps keep" in bevacizumab


def test_dlm_risk_factors_are_small_or_deep_not_both() -> None:
    # the review: lesions under 2 cm OR deeper than 1 cm are at greatest risk; "small and deep" taught that
    # a lesion needs both
    from crlm_content.quiz import load_quiz

    (question,) = [q for q in load_quiz(catalog()) if q.key == "dl-risk-factors"]
    explanation = " ".join(question.explanation.split())
    assert re.search(r"under 2 cm[^.:]*\bor\b[^.:]*more than 1 cm", explanation), explanation
    assert not re.search(r"\band\b[^.:]*(deep|1 cm)", explanation.split(":")[0]), explanation


def test_a_case_scenario_carries_what_its_story_tells() -> None:
    """A case's text gave a CEA, or said the disease was first judged not removable, while the scenario the
    walkthrough link opens left them out: the engine then said "CEA not known", or gave the resectable
    disease's reason instead of the converted disease's rule."""
    from crlm_content.cases import load_cases

    cea = re.compile(r"\bCEA \d")
    unresectable = re.compile(r"not removable|judged not|could not be removed|cannot be removed")
    checked = 0
    for case in load_cases(catalog()):
        told = ""
        for stage in case.stages:
            told += f" {stage.known or ''}"
            if stage.scenario is None:
                continue
            checked += 1
            if cea.search(told):
                assert stage.scenario.cea_ng_ml is not None, (case.key, stage.key)
            if unresectable.search(told) and stage.scenario.prior_chemotherapy_weeks:
                assert stage.scenario.initially_resectable is False, (case.key, stage.key)
    assert checked > 10


def test_a_metachronous_case_does_not_borrow_the_expert_group_s_synchronous_rules() -> None:
    """[111] is a consensus on synchronous metastases (afadf1b): three metachronous cases still gave its
    "6 months in total" as what the board counts."""
    from crlm_content.cases import load_cases

    expert = {"table-2-egosm-duration", "table-2-egosm-resectable"}
    checked = 0
    for case in load_cases(catalog()):
        synchronous = next((s.scenario.synchronous for s in case.stages if s.scenario is not None), None)
        if synchronous is not False:
            continue
        for stage in case.stages:
            if expert & set(stage.evidence_ids):
                checked += 1
                assert "synchronous" in (stage.reveal or ""), (case.key, stage.key)
    assert checked >= 1


def test_the_pooled_imaging_figures_are_never_taught_without_their_setting() -> None:
    """[71] pooled patients after neoadjuvant chemotherapy: a staging stage before any chemotherapy taught
    its 85.7% / 69.9% as if they applied, and caveat 12 and a record's note gave them with no setting."""
    from crlm_content.cases import load_cases

    pooled = re.compile(r"85\.7%|69\.9%")
    texts = [f"{c.title} {c.explanation}" for c in catalog().caveats]
    texts += [r.note or "" for r in catalog().evidence]
    for case in load_cases(catalog()):
        for stage in case.stages:
            texts += [stage.reveal or "", *(o.feedback for o in stage.options)]
    for text in texts:
        for sentence in _sentences(text):
            if pooled.search(sentence):
                assert "after chemotherapy" in sentence or "neoadjuvant" in sentence, sentence


# ------------------------------------------------------------------------------------------------------------
# A content review against the review and the primary sources (PROMETEO-01, margins, glossary)
# ------------------------------------------------------------------------------------------------------------


def test_prometeo_ct_82_and_71_are_not_taught_as_a_fall() -> None:
    """The review's CT 82% counts all patients and its 71% after chemotherapy is not in the primary paper's
    abstract, which compares CT in pretreated with upfront-resected patients (77% vs 91%, P = 0.024)."""
    (caveat,) = [c for c in catalog().caveats if c.number == 22]
    assert set(caveat.evidence_ids) == {
        "imaging-prometeo-ct-after-nct",
        "imaging-prometeo-mri-vs-ct",
        "imaging-prometeo-ct-by-chemotherapy",
    }
    text = caveat.explanation
    assert "could not be matched" in text and "77% vs 91% (P = 0.024)" in text and "all" in text
    record = catalog().get("imaging-prometeo-ct-by-chemotherapy")
    assert record.refs == (69,)
    assert [(v.label, v.display()) for v in record.values] == [
        ("CT sensitivity, resected upfront", "91%"),
        ("CT sensitivity, chemotherapy before resection", "77%"),
        ("P value", "P = 0.024"),
    ]
    note = record.note or ""
    assert "abstract of the primary paper" in note and "not from the review" in note
    after = catalog().get("imaging-prometeo-ct-after-nct")
    assert "fell" not in after.statement and "82% before" not in (after.note or "")
    fall = re.compile(r"82 ?- ?71|fell to 71|fall of 11|11 (percentage )?points")
    from crlm_content.quiz import load_quiz

    texts = _all_teaching_texts() + [q.explanation for q in load_quiz(catalog())]
    assert [t for t in texts if fall.search(t)] == []


def test_margin_study_cards_keep_to_what_the_review_says() -> None:
    """The review never mentions vessels in its margins section (NCT may make negative margins likelier;
    1-10 mm did no worse than wider [87-89]), and [91] is about positive margins, not close ones."""
    from crlm_content.studies import load_studies

    assert "vessel" not in review_text().casefold()
    by_key = {s.key: s for s in load_studies(catalog())}
    for study in by_key.values():
        texts = [study.verdict, study.meaning, *(e.finding for e in study.endpoints)]
        assert not [t for t in texts if "vessel" in t.casefold()], study.key
    assert "positive margin matters" in by_key["positive-margin-response"].meaning
    assert "close margin" not in by_key["positive-margin-response"].meaning


def _glossary(term: str) -> str:
    (entry,) = [t for t in catalog().glossary if t.term == term]
    return entry.definition


def test_glossary_response_definitions_follow_their_sources() -> None:
    # RECIST 1.1 (calculator_definitions.md): CR also needs every pathological node under 10 mm short axis
    complete = _glossary("complete response")
    assert "RECIST 1.1" in complete and "short axis under 10 mm" in complete and "lymph node" in complete
    # major pathologic response: viable tumour as a share of the tumour bed, not of tumour cells; its cut-off
    # (under half, in the primary literature) is in neither the review nor the reference folder, so no
    # figure is given for it (every number cited)
    major = _glossary("major pathologic response")
    assert "tumour cells remain viable" not in major and "half" not in major
    assert "share of the tumour bed" in major and "some viable tumour remains" in major
    assert "without giving the cut-off" in major


def test_glossary_sensitivity_counts_patients_or_lesions() -> None:
    # the imaging page's figures count lesions (PROMETEO-01 lesion by lesion): "share of people" fit none
    sensitivity = _glossary("sensitivity")
    assert "people" not in sensitivity
    assert "patients" in sensitivity and "lesions" in sensitivity and "as a study counts them" in sensitivity


# ------------------------------------------------------------------------------------------------------------
# Caveat 10: which Table 2 rows depart from the review's "resection first", as the Guideline lens reads them
# ------------------------------------------------------------------------------------------------------------

# The records whose notes carry caveat 10's reading of Table 2
_CAVEAT_10_NOTES = (
    "guidelines-upfront-resection-low-risk",
    "abstract-guideline-summary",
    "table-2-esmo-resectable",
    "table-2-esmo-resectable-synchronous",
    "table-2-egosm-resectable",
)


def _full_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=\.)\s+", text) if s.strip()]


def _resectable_patients() -> list[crlm_content.decision.Scenario]:
    """Fit patients with two resectable lesions and a large remnant: metachronous or synchronous, resection
    easy, not easy or not judged, clinical risk score low or high."""
    from crlm_content.decision import Scenario

    patients = []
    for synchronous in (False, True):
        for easy in (None, True, False):
            for high in (False, True):
                patients.append(
                    Scenario.model_validate(
                        {
                            "synchronous": synchronous,
                            "disease_free_interval_months": None if synchronous else 24,
                            "lesion_count": 2,
                            "largest_lesion_cm": 3,
                            "smallest_lesion_cm": 2.5,
                            "flr_percent": 60,
                            "node_positive_primary": high,
                            "cea_ng_ml": 300 if high else 5,
                            "resection_easy": easy,
                        }
                    )
                )
    return patients


def test_caveat_10_names_every_row_the_lens_reads_against_resection_first() -> None:
    """Caveat 10 and its notes said two Table 2 rows (Expert Group, ESMO) lean away from resection first,
    while the Guideline lens also reads IHPBA and AHPBA (and SEOM for high-risk patients) as chemotherapy
    first, and the Expert Group as taking no position for metachronous metastases. The caveat names every row
    the lens reads that way for some resectable patient, and no text counts them as two."""
    from crlm_content.decision.lens import guideline_readings_for

    against: set[str] = set()
    silent_metachronous: set[str] = set()
    for s in _resectable_patients():
        for reading in guideline_readings_for(s):
            name = _ORGANISATION_NAMES.get(reading.organisation)
            if reading.leaning == "chemotherapy_first" and name:
                against.add(name)
            if reading.leaning == "not_stated" and not s.synchronous and name:
                silent_metachronous.add(name)
    assert {"ESMO", "Expert Group", "IHPBA", "AHPBA"} <= against  # the lens still reads them so
    caveat = _caveat_texts({10})
    missing = sorted(name for name in against if name not in caveat)
    assert missing == []
    texts = [caveat] + [catalog().get(record_id).note or "" for record_id in _CAVEAT_10_NOTES]
    assert [t for t in texts if re.search(r"\btwo (Table 2 )?rows\b", t, re.IGNORECASE)] == []
    # the Expert Group takes no position after the primary: the caveat and its record say so
    assert "Expert Group" in silent_metachronous
    (expert,) = [s for s in _full_sentences(caveat) if "Expert Group" in s and re.search(r"\bsynchronous", s)]
    assert "no position" in expert
    assert "no position" in (catalog().get("table-2-egosm-resectable").note or "")
    # the summary's own records name the rows beyond the first two
    for record_id in ("guidelines-upfront-resection-low-risk", "abstract-guideline-summary"):
        note = catalog().get(record_id).note or ""
        assert "caveat 10" in note and "IHPBA" in note and "AHPBA" in note, record_id


def test_caveat_10_says_which_readings_are_judgements() -> None:
    """IHPBA and AHPBA report a PFS gain rather than advise an order, and ESMO's synchronous "should be
    considered" counts as a lean where NCCN's "can consider" does not: the caveat and the notes say these
    are readings, not what the rows state."""
    caveat = _caveat_texts({10})
    (hpb,) = [s for s in _full_sentences(caveat) if "IHPBA" in s and "AHPBA" in s]
    assert "report" in hpb and "judgement" in hpb
    (wording,) = [s for s in _full_sentences(caveat) if "can consider" in s]
    assert "should be considered" in wording and "NCCN" in wording and "ESMO" in wording
    assert "judgement" in wording
    for record_id in (
        "table-2-ihpba-resectable",
        "table-2-ahpba-resectable",
        "table-2-esmo-resectable-synchronous",
    ):
        note = catalog().get(record_id).note or ""
        assert "judgement" in note and "caveat 10" in note, record_id


def test_the_guideline_topic_note_and_the_lens_say_no_more_than_the_rows() -> None:
    """The resectable topic's note still said 'Two Table 2 rows lean the other way' after caveat 10 named
    more; the lens told a synchronous patient ESMO gives 'FOLFOX or CAPOX around surgery', a regimen its
    row names for an unclear or unfavourable prognosis, not for synchronous metastases."""
    from crlm_content.decision import guideline_readings_for

    text = (crlm_content.get_catalog().root / "guidelines.yaml").read_text(encoding="utf-8")
    assert "Two Table 2 rows lean the other way" not in text
    assert all(name in text for name in ("SEOM (high-risk", "IHPBA and AHPBA", "caveat 10"))
    scenario = crlm_content.decision.DEFAULT_SCENARIO.model_copy(
        update={"synchronous": True, "disease_free_interval_months": 0}
    )
    esmo = next(r for r in guideline_readings_for(scenario) if r.label.startswith("ESMO"))
    assert "should be considered" in esmo.text and "around surgery" not in esmo.text


def test_no_text_narrows_the_dlm_factors_or_widens_the_anti_egfr_warning() -> None:
    """Leftovers of two corrections: a case reveal still said "Small and deep lesions are the likeliest to
    disappear" (the review: under 2 cm OR deeper than 1 cm), and the Regimens matrix and a quiz explanation
    kept anti-EGFR out of "resectable" disease, where the review's warning (and New EPOC) is about
    initially resectable disease."""
    texts = {
        str(path.relative_to(ROOT)): " ".join(path.read_text(encoding="utf-8").split())
        for path in [*(ROOT / "data").rglob("*.yaml"), *(ROOT / "crlm_content").rglob("*.py")]
    }
    sentences = [
        (name, sentence) for name, text in texts.items() for sentence in re.split(r"(?<=[.;:])\s", text)
    ]
    dlm_both = [
        (name, s)
        for name, s in sentences
        if re.search(r"likeliest to (disappear|vanish)|greatest risk", s)
        and re.search(r"\bsmall and deep\b", s, re.I)
    ]
    assert dlm_both == []
    egfr_wide = [
        (name, s)
        for name, s in sentences
        if re.search(r"anti-EGFR", s)
        and re.search(r"(while|in|used in) resectable\b", s)
        and "initially" not in s
    ]
    assert egfr_wide == []


def test_a_sectionectomy_is_one_of_the_four_brisbane_sections_not_always_two_segments() -> None:
    """The glossary said a section is "two adjacent segments"; under the Brisbane 2000 terminology the left
    medial section is segment 4 alone (an evidence-pages audit, by a hepatobiliary surgeon's reading)."""
    term = next(t for t in catalog().glossary if t.term == "sectionectomy")
    assert "two adjacent segments" not in term.definition
    for section in ("right anterior", "right posterior", "left medial", "left lateral"):
        assert section in term.definition
    assert "segment 4 alone" in term.definition
