"""Cases against the walkthrough's Guideline lens and the evidence they rest on: a case that says which
Table 2 rows lean where says what the lens shows for the same patient, a single-answer plan does not grade
against every row that takes a position, and the pooled imaging ranking [71] is taught for the patients it
pooled.
"""

from __future__ import annotations

import re

from crlm_content import get_catalog
from crlm_content.cases import Case, Stage, load_cases
from crlm_content.decision import Scenario, Strategy
from crlm_content.decision.lens import guideline_readings_for

LIBRARY = load_cases(get_catalog())
# An option that names a Table 2 row the way the lens labels it ("NCCN 2020", "Expert Group 2015").
LENS_LABELS = {
    "NCCN 2020",
    "ASCO 2020",
    "SEOM 2020",
    "ESMO 2016",
    "Expert Group 2015",
    "IHPBA 2013",
    "AHPBA 2013",
}
ROW_NAMES = {"NCCN", "ASCO", "SEOM", "ESMO", "Expert Group", "IHPBA", "AHPBA"}


def _case(key: str) -> Case:
    return next(case for case in LIBRARY if case.key == key)


def _patient(case: Case, stage: Stage) -> Scenario | None:
    """The stage's patient, or (for a stage that only asks) the patient of the next stage that carries one."""
    index = case.stages.index(stage)
    return next((s.scenario for s in case.stages[index:] if s.scenario is not None), None)


def _leaning(scenario: Scenario, leaning: str) -> set[str]:
    return {r.label for r in guideline_readings_for(scenario) if r.leaning == leaning}


def test_a_question_on_which_rows_lean_to_chemotherapy_first_is_keyed_by_the_lens() -> None:
    """synchronous-solitary-after-obstruction marked NCCN 2020 as leaning to chemotherapy first, where the
    lens reads NCCN's synchronous "can be considered" as an option it allows (no position for this
    patient)."""
    checked = []
    for case in LIBRARY:
        for stage in case.stages:
            named = [o for o in stage.options if o.text in LENS_LABELS]
            if not named or "chemotherapy before" not in (stage.question or ""):
                continue
            scenario = _patient(case, stage)
            assert scenario is not None, (case.key, stage.key)
            leaners = _leaning(scenario, "chemotherapy_first")
            keyed = {o.text for o in named if o.correct}
            assert keyed == {o.text for o in named} & leaners, (case.key, stage.key, keyed, leaners)
            checked.append(case.key)
    assert "synchronous-solitary-after-obstruction" in checked


def test_rows_said_to_lean_the_other_way_are_the_lens_s() -> None:
    """The plan reveal said "most Table 2 rows (NCCN, ESMO, IHPBA and AHPBA in the walkthrough) lean the other
    way", while the lens for the stage's patient shows ESMO, IHPBA and AHPBA so and NCCN with no position."""
    pattern = re.compile(r"\(([^()]*)\)\s+leans? the other way")
    checked = []
    for case in LIBRARY:
        for stage in case.stages:
            for match in pattern.finditer(stage.reveal):
                assert stage.scenario is not None, (case.key, stage.key)
                named = {name for name in ROW_NAMES if name in match.group(1)}
                against = {
                    label.rsplit(" ", 1)[0] for label in _leaning(stage.scenario, "chemotherapy_first")
                }
                assert named == against, (case.key, stage.key, named, against)
                checked.append((case.key, stage.key))
    assert ("synchronous-solitary-after-obstruction", "plan") in checked


def test_the_nccn_option_allowing_chemotherapy_first_says_it_does_not_prefer_it() -> None:
    stage = _case("synchronous-solitary-after-obstruction").stage("presentation")
    (nccn,) = [o for o in stage.options if o.text == "NCCN 2020"]
    assert not nccn.correct
    assert "allows" in nccn.feedback and "prefer" in nccn.feedback


def test_a_single_answer_plan_against_every_row_that_takes_a_position_asks_for_the_review_s_summary() -> None:
    """review-figure-2 asked "What should the board plan?" with surgery first as its only key, while every
    Table 2 row that takes a position for him leans to chemotherapy first: a board following those rows was
    graded wrong. Such a stage asks what the review's own summary points to (or accepts both plans)."""
    checked = []
    for case in LIBRARY:
        for stage in case.stages:
            if stage.scenario is None or stage.multiple:
                continue
            if stage.taught_strategies != (Strategy.UPFRONT_RESECTION,):
                continue
            # the rows that take a side: no position and an option allowed (NCCN's synchronous row) take none
            readings = guideline_readings_for(stage.scenario)
            stated = {r.leaning for r in readings if r.leaning not in ("not_stated", "allowed_option")}
            if stated != {"chemotherapy_first"}:
                continue
            checked.append(case.key)
            assert "review's" in (stage.question or "") and "summary" in (stage.question or ""), case.key
    assert "review-figure-2" in checked


def test_a_reveal_that_advises_marking_before_chemotherapy_offers_that_plan() -> None:
    """review-figure-2's reveal advised a fiducial marker if chemotherapy comes first, but its options offered
    chemotherapy first only without marking."""
    checked = []
    for case in LIBRARY:
        for stage in case.stages:
            unmarked = [o for o in stage.options if "without marking" in o.text]
            if not unmarked or "fiducial marker" not in stage.reveal:
                continue
            marked = [o for o in stage.options if re.search(r"\bmark\b", o.text, re.IGNORECASE)]
            assert marked, (case.key, stage.key)
            checked.append(case.key)
    assert "review-figure-2" in checked


def test_the_pooled_imaging_ranking_is_taught_as_one_of_treated_patients() -> None:
    """[71] (van Kessel 2012) pooled patients after neoadjuvant chemotherapy. review-figure-2's staging,
    before any chemotherapy, ranked PET last on it ("the least sensitive test ... in the pooled analysis")
    and its reveal gave the ranking without saying whose it was."""
    treated = re.compile(r"patients after (neoadjuvant )?chemotherapy")
    checked = []
    for case in LIBRARY:
        for stage in case.stages:
            if "imaging-meta-analysis-preoperative-sensitivity" not in stage.evidence_ids:
                continue
            checked.append(case.key)
            for text in (stage.reveal, *(o.feedback for o in stage.options)):
                for sentence in re.split(r"(?<=[.;])\s+", text):
                    if re.search(r"meta-analysis|pooled", sentence):
                        assert treated.search(sentence), (case.key, stage.key, sentence)
            if stage.kind == "staging":
                assert {"imaging-prometeo-mri-vs-ct", "imaging-pet-not-routine"} <= set(stage.evidence_ids)
    assert "review-figure-2" in checked
