"""Quiz questions on Table 2 against the walkthrough's Guideline lens, and on EORTC 40983's complications
against the review's two passages and caveat 5."""

from __future__ import annotations

import re

from crlm_content import get_catalog
from crlm_content.decision import Scenario
from crlm_content.decision.lens import guideline_readings_for
from crlm_content.quiz import Question, load_quiz

CATALOG = get_catalog()
BANK = load_quiz(CATALOG)
# The lens's labels without their year: the names a question's prose uses.
ROWS = {"nccn": "NCCN", "asco": "ASCO", "seom": "SEOM", "esmo": "ESMO", "egosm": "Expert Group"}
ROWS |= {"ihpba": "IHPBA", "ahpba": "AHPBA"}
# gl-upfront-low-risk's patient: fit, 2 metachronous lesions, clearly resectable, favourable prognostic
# features (node-negative, a long interval, small lesions, a low CEA) and low operative risk.
FIT_TWO_METACHRONOUS = Scenario(
    synchronous=False,
    disease_free_interval_months=24,
    lesion_count=2,
    largest_lesion_cm=3,
    flr_percent=60,
    node_positive_primary=False,
    cea_ng_ml=5,
)


def _question(key: str) -> Question:
    return next(q for q in BANK if q.key == key)


def _prose(q: Question) -> str:
    return " ".join([q.text, *(o.text for o in q.options), q.explanation])


def test_no_question_says_most_statements_advise_what_the_review_s_summary_says() -> None:
    """'What do most consensus statements advise?' and '"guidelines advise upfront resection" is true of most
    statements' counted rows the lens does not: for a fit patient with two metachronous lesions it reads two
    rows surgery first, two chemotherapy first and three with no position."""
    most = re.compile(r"\bmost (consensus )?(statements|guidelines)\b", re.IGNORECASE)
    assert [q.key for q in BANK if most.search(_prose(q))] == []


def test_the_upfront_question_is_the_review_s_summary_and_names_the_rows_as_the_lens_reads_them() -> None:
    q = _question("gl-upfront-low-risk")
    assert "review's summary" in q.text
    readings = guideline_readings_for(FIT_TWO_METACHRONOUS)
    against = {ROWS[r.organisation] for r in readings if r.leaning == "chemotherapy_first"}
    agree = {ROWS[r.organisation] for r in readings if r.leaning == "surgery_first"}
    assert against and agree  # the rows differ for this patient: the question has something to name
    for name in against | agree:
        assert name in q.explanation, name
    ids = set(q.evidence_ids)
    assert {"guidelines-upfront-resection-low-risk"} <= ids
    assert {
        r for reading in readings if reading.leaning != "not_stated" for r in reading.evidence_ids[:1]
    } <= ids
    # the summary's record carries caveat 10 ("generally"): the explanation points to it
    assert any(
        c.number == 10 and "guidelines-upfront-resection-low-risk" in c.evidence_ids for c in CATALOG.caveats
    )
    assert "caveat" in q.explanation


def test_the_expert_group_question_names_every_row_that_leans_to_chemotherapy_first_somewhere() -> None:
    """Its explanation named only the Expert Group and ESMO as exceptions; IHPBA and AHPBA lean to
    chemotherapy first for resectable disease in the lens as well."""
    q = _question("gl-egosm-chemo-first")
    resectable = [
        FIT_TWO_METACHRONOUS,
        FIT_TWO_METACHRONOUS.model_copy(update={"synchronous": True, "disease_free_interval_months": None}),
    ]
    leaning = {
        ROWS[r.organisation]
        for s in resectable
        for r in guideline_readings_for(s)
        if r.leaning == "chemotherapy_first"
    }
    assert {"ESMO", "IHPBA", "AHPBA"} <= leaning
    for name in leaning:
        assert name in q.explanation, name
    assert "review sums up" in q.explanation and "caveat" in q.explanation


def test_eortc_complications_are_one_count_from_the_first_report() -> None:
    """in-eortc-complications called the 25% vs 16% 'another report from the trial' with 'overall
    complications', while in-eortc-morbidity-two-passages (and caveat 5) say both passages speak of one count
    from the first report; the review's word is complications, with no 'overall'."""
    cited = [q for q in BANK if "rationale-eortc-40983-complications" in q.evidence_ids]
    assert {"in-eortc-complications", "in-eortc-morbidity-two-passages"} <= {q.key for q in cited}
    for q in cited:
        prose = _prose(q)
        assert "another report" not in prose.casefold(), q.key
        assert "overall complications" not in prose.casefold(), q.key
        if "report" in prose:
            assert "first report" in prose, q.key


def test_the_esmo_synchronous_answer_is_the_group_the_lens_reads() -> None:
    """ESMO's row has three groups; synchronous metastases go with 'perioperative therapy should be
    considered', not with the group given FOLFOX or CAPOX. The quiz's answer named 'perioperative
    chemotherapy' and its explanation put them on the regimens' pathway."""
    synchronous = Scenario(synchronous=True, lesion_count=2, largest_lesion_cm=3, flr_percent=60)
    esmo = next(r for r in guideline_readings_for(synchronous) if r.organisation == "esmo")
    group = "perioperative therapy should be considered"
    assert group in esmo.text
    q = _question("gl-esmo-synchronous")
    assert [o.text for o in q.options if o.correct] == [f"In the group for whom {group}"]
