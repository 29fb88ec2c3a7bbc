"""dMMR/MSI-H after a course already given, without progression: 'Do first' says a pembrolizumab course
continues and a chemotherapy course is not switched by any rule of the review (its trial [96] gave
pembrolizumab as the first treatment for metastatic disease), while the badges, the handout, what would change
it and the Regimen step still said 'pembrolizumab first'. And with progression not known, 'continue it'
assumed none."""

from __future__ import annotations

import itertools

import pytest

import crlm_content
from crlm_content.cases import load_cases
from crlm_content.decision import Scenario, handout_markdown, load_presets, recommend, validate_scenario
from crlm_content.decision.steps import pembrolizumab_after_course

CATALOG = crlm_content.get_catalog()
FIRST = "pembrolizumab first"
NO_SWITCH = "no rule for switching"


def _finding(**changes: object) -> Scenario:
    """The finding's patient: metachronous, six bilobar lesions that cannot all be removed, RAS and BRAF
    wild-type, dMMR/MSI-H, 8 weeks of a course already given, progression not known."""
    data: dict[str, object] = {
        "synchronous": False,
        "lesion_count": 6,
        "largest_lesion_cm": 4,
        "bilobar": True,
        "complete_resection_possible": False,
        "flr_percent": 50,
        "ras_status": "wild_type",
        "braf_v600e": False,
        "msi_high_or_dmmr": True,
        "prior_chemotherapy_weeks": 8,
    }
    return Scenario.model_validate(data | changes)


def _said(s: Scenario) -> str:
    """Everything a plan says on paper: its actions, steps, option labels and what would change it."""
    return handout_markdown(s, recommend(s), CATALOG)


def _grid() -> list[Scenario]:
    """dMMR/MSI-H patients across the gates: synchronous or not, resectable or not, fit or not, extrahepatic
    disease, and a course given or not, with progression yes, no or not known."""
    found = []
    for synchronous, removable, fit, extrahepatic, weeks, progressed in itertools.product(
        (False, True), (False, True), (True, False), ("none", "unresectable"), (None, 8), (None, False, True)
    ):
        if weeks is None and progressed is not None:
            continue
        s, _ = validate_scenario(
            _finding().model_dump()
            | {
                "synchronous": synchronous,
                "disease_free_interval_months": 0 if synchronous else 14,
                "complete_resection_possible": removable,
                "fit_for_surgery": fit,
                "extrahepatic_disease": extrahepatic,
                "prior_chemotherapy_weeks": weeks,
                "progression_on_chemotherapy": progressed,
            }
        )
        assert s is not None
        found.append(s)
    return found


def test_the_finding_s_plan_does_not_contradict_itself() -> None:
    s = _finding()
    plan = recommend(s)
    said = _said(s)
    assert NO_SWITCH in said and FIRST not in said.lower()
    labels = plan.option_labels()
    (pembrolizumab,) = [label for label in labels if label.startswith("pembrolizumab")]
    assert "if that was the course given" in pembrolizumab
    assert FIRST not in plan.step("regimen").reasoning.lower()


def test_progression_not_known_continues_pembrolizumab_only_after_restaging() -> None:
    unknown = " ".join(a.text for a in recommend(_finding()).actions)
    assert "continue it if it has not progressed (restage first)" in unknown
    stated = " ".join(a.text for a in recommend(_finding(progression_on_chemotherapy=False)).actions)
    assert "continue it." in stated and "restage first" not in stated
    assert pembrolizumab_after_course(
        progressed=False, progression_known=False
    ) != pembrolizumab_after_course(progressed=False)


def test_no_dmmr_plan_says_pembrolizumab_first_and_no_rule_for_switching() -> None:
    scenarios = [*_grid()]
    scenarios += [p.scenario for p in load_presets(CATALOG) if p.scenario.msi_high_or_dmmr]
    scenarios += [
        stage.scenario
        for case in load_cases(CATALOG)
        for stage in case.stages
        if stage.scenario is not None and stage.scenario.msi_high_or_dmmr
    ]
    seen = {"course given": 0, "no course": 0}
    for s in scenarios:
        said = _said(s).lower()
        assert not (FIRST in said and NO_SWITCH in said), s
        if s.chemotherapy_given and not s.progressed and NO_SWITCH in said:
            seen["course given"] += 1
        if not s.chemotherapy_given and FIRST in said:
            seen["no course"] += 1
    # the grid meets both plans: a course given (no rule to switch) and none (pembrolizumab first)
    assert all(seen.values()), seen


@pytest.mark.parametrize("weeks", [0, None])
def test_without_a_course_pembrolizumab_still_comes_first(weeks: float | None) -> None:
    s = _finding(prior_chemotherapy_weeks=weeks)
    said = _said(s)
    assert FIRST in said and NO_SWITCH not in said
