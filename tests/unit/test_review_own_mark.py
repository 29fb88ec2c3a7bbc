"""A record without a reference (the review's own text) keeps its mark when a plan line cites it beside
records that have one: on the page (``evidence.ref_links``) and in the handout, for every preset patient and
every case stage that has one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from crlm_app import evidence
from crlm_content import get_catalog
from crlm_content.cases import load_cases
from crlm_content.decision import handout_markdown, load_presets, recommend, what_changes
from crlm_content.decision.model import Scenario
from crlm_content.search import REVIEW_OWN, REVIEW_OWN_TOO, format_refs, records_citation

from ..conftest import ROOT

CATALOG = get_catalog()
REFERENCED = "risk-scores-fong-review-items"  # refs: [57]
OWN = "timing-resectable-duration"  # the review's 2-3 months, no reference


def patients() -> Iterator[tuple[str, Scenario]]:
    for preset in load_presets(CATALOG):
        yield f"preset {preset.key}", preset.scenario
    for case in load_cases(CATALOG, ROOT / "data"):
        for stage in case.stages:
            if stage.scenario is not None:
                yield f"case {case.key} at {stage.key}", stage.scenario


PATIENTS = dict(patients())


def lines(s: Scenario) -> Iterator[tuple[str, Sequence[str]]]:
    """Every plan line that cites records: actions, steps, flags' and changes' citations."""
    plan = recommend(s)
    for action in plan.actions:
        yield action.text, action.evidence_ids
    for step in plan.steps:
        yield step.finding, step.evidence_ids
    for change in what_changes(s):
        if change.evidence_ids:
            yield change.text, change.evidence_ids


def test_the_records_used_here_are_what_they_are_said_to_be() -> None:
    assert CATALOG.get(OWN).refs == () and CATALOG.get(OWN).review_own
    assert CATALOG.get(REFERENCED).refs == (57,)


def test_a_mixed_citation_names_the_review_own_record_after_the_bracket() -> None:
    assert evidence.ref_links(CATALOG, [OWN, REFERENCED]) == (f"[\\[57\\]](sources?ref=57); {REVIEW_OWN_TOO}")
    assert evidence.ref_links(CATALOG, [REFERENCED]) == "[\\[57\\]](sources?ref=57)"
    assert evidence.ref_links(CATALOG, [OWN]) == f"*({REVIEW_OWN})*"
    assert records_citation("[57]", False) == "[57]"
    assert records_citation("", True) == REVIEW_OWN


@pytest.mark.parametrize("name", sorted(PATIENTS))
def test_no_plan_line_citing_a_review_own_record_loses_its_mark(name: str) -> None:
    s = PATIENTS[name]
    plan = recommend(s)
    handout = handout_markdown(s, plan, CATALOG)
    problems = []
    for text, ids in lines(s):
        if all(CATALOG.get(eid).refs for eid in ids):
            continue  # every record referenced: a bracket alone
        shown = evidence.ref_links(CATALOG, ids)
        if REVIEW_OWN_TOO not in shown and REVIEW_OWN not in shown:
            problems.append(f"page: {text!r} {shown}")
        refs = sorted({n for eid in ids for n in CATALOG.get(eid).refs})
        if refs and f"{format_refs(refs)}; {REVIEW_OWN_TOO}" not in handout.replace("\\", ""):
            problems.append(f"handout: {text!r} {format_refs(refs)}")
    assert problems == [], name


def test_the_reported_line_keeps_its_mark() -> None:
    """early-recurrence-high-cea at 'response': the 2-3 months after surgery is the review's own text."""
    s = PATIENTS["case early-recurrence-high-cea at response"]
    after = [a for a in recommend(s).actions if "2-3 months" in a.text and OWN in a.evidence_ids]
    assert after, "the case no longer plans 2-3 months after surgery: pick another line"
    assert all(REVIEW_OWN_TOO in evidence.ref_links(CATALOG, a.evidence_ids) for a in after)
