"""What the walkthrough says follows the operation once chemotherapy was given before it.

Two defects of one rule (a regression review):
- A metachronous patient resectable before a 12-week course was told more chemotherapy after surgery was "the
  team's decision", though the review says 2-3 months before and again after resection is often preferred in
  resectable disease (EORTC 40983), and the Case library's early-recurrence case says its plan was that.
- With "Resectable before any chemotherapy" not known, the plan assumed it was, and gave the Expert Group's 6
  months in all "for synchronous metastases resectable before chemotherapy" to a patient it knew nothing of.
"""

from __future__ import annotations

from crlm_content.decision import Scenario, Strategy, recommend
from crlm_content.decision.steps import course_after_surgery, resectable_before_chemotherapy

from .patients import patient as reference_patient


def patient(**changes: object) -> Scenario:
    """The reference patient, with restaging after the course given showing no progression."""
    return reference_patient(**{"progression_on_chemotherapy": False, **changes})


def after_action(s: Scenario) -> tuple[str, tuple[str, ...]]:
    plan = recommend(s)
    (action,) = [a for a in plan.actions if a.text.startswith(("After surgery", "Complete the", "If the"))]
    return action.text, action.evidence_ids


def test_resectable_before_a_course_of_up_to_3_months_gets_2_to_3_months_more() -> None:
    # 12 weeks given (the review's 2-3 months, read as at most 12 weeks), resectable before it
    text, ids = after_action(patient(prior_chemotherapy_weeks=12, initially_resectable=True))
    assert text.startswith("After surgery, 2-3 months more chemotherapy, as before it")
    assert "EORTC 40983" in text and "team's decision" not in text
    assert "timing-resectable-duration" in ids and "table-2-egosm-duration" not in ids


def test_the_case_library_s_early_recurrence_patient_gets_the_course_its_case_teaches() -> None:
    # the regression review's link: 7 months after a node-positive primary, CEA 260, 12 weeks given
    s = patient(
        disease_free_interval_months=7,
        lesion_count=3,
        largest_lesion_cm=4,
        smallest_lesion_cm=1.5,
        flr_percent=48,
        cea_ng_ml=260,
        ras_status="wild_type",
        prior_chemotherapy_weeks=12,
        weeks_from_last_chemotherapy_to_surgery=4,
        initially_resectable=True,
        node_positive_primary=True,
        braf_v600e=False,
        msi_high_or_dmmr=False,
    )
    text, _ = after_action(s)
    assert "2-3 months more" in text, text


def test_more_than_3_months_before_leaves_what_follows_to_the_team() -> None:
    text, ids = after_action(patient(prior_chemotherapy_weeks=14, initially_resectable=True))
    assert "team's decision" in text and "more than 2-3 months was given" in text
    assert "timing-resectable-duration" in ids and "table-2-asco-regimens" in ids


def test_converted_disease_has_no_course_to_complete() -> None:
    text, ids = after_action(patient(prior_chemotherapy_weeks=10, initially_resectable=False))
    assert "team's decision" in text and "converted disease" in text
    assert "timing-resectable-duration" not in ids and "table-2-egosm-duration" not in ids


def test_not_known_whether_resectable_before_says_both_each_with_its_condition() -> None:
    s = patient(
        synchronous=True, disease_free_interval_months=None, flr_percent=15, prior_chemotherapy_weeks=8
    )
    assert s.initially_resectable is None
    assert resectable_before_chemotherapy(s, recommend(s).strategy) is None
    text, ids = after_action(s)
    assert text.startswith(
        "If the disease was resectable before chemotherapy: complete the chemotherapy course"
    )
    assert "Expert Group" in text and "If chemotherapy made it resectable:" in text
    assert "table-2-egosm-duration" in ids


def test_none_given_yet_is_resectable_now() -> None:
    s = patient(progression_on_chemotherapy=None)
    assert resectable_before_chemotherapy(s, Strategy.UPFRONT_RESECTION) is True
    after = course_after_surgery(
        patient(prior_chemotherapy_weeks=8, initially_resectable=True), Strategy.PROCEED_TO_RESECTION
    )
    assert after.finding == "No further chemotherapy before surgery; 2-3 months more after resection."
