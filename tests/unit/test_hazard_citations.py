"""'Watch out' flags carry the records of their rule: each hazard's figure is in one of its records, its
records are the ones the step that raises it cites, and the handout shows a citation beside each.
"""

from __future__ import annotations

import re

import pytest

from crlm_content import get_catalog
from crlm_content.decision import FLAG_INFO, handout_markdown, load_presets, recommend, sentence_case
from crlm_content.decision.handout import handout_blocks
from crlm_content.search import REVIEW_OWN, REVIEW_OWN_TOO, format_refs

CATALOG = get_catalog()
HAZARDS = sorted(code for code, info in FLAG_INFO.items() if info.kind == "hazard")
PRESETS = load_presets(CATALOG)


def numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]


@pytest.mark.parametrize("code", HAZARDS)
def test_every_hazard_has_records_that_hold_its_figure(code: str) -> None:
    info = FLAG_INFO[code]
    assert info.evidence_ids, code
    records = [CATALOG.get(eid) for eid in info.evidence_ids]  # KeyError for an id the catalog lacks
    held = {v.value for r in records for v in r.values} | {v.high for r in records for v in r.values}
    for number in numbers(info.label):
        assert number in held, (code, number, info.evidence_ids)


def test_the_figures_checked_are_the_ones_the_labels_state() -> None:
    """The hazards' figures as the review gives them: 5 weeks, 4 weeks, 12 weeks, 1 mm."""
    assert numbers(FLAG_INFO["bevacizumab_washout_short"].label) == [5]
    assert numbers(FLAG_INFO["interval_under_4_weeks"].label) == [4]
    assert numbers(FLAG_INFO["duration_over_12_weeks"].label) == [12]
    assert numbers(FLAG_INFO["margin_submillimetre"].label) == [1]


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.key)
def test_a_hazard_cites_what_its_step_cites_and_the_handout_shows_it(preset: object) -> None:
    s = preset.scenario  # type: ignore[attr-defined]
    plan = recommend(s)
    blocks = handout_blocks(s, plan, CATALOG)
    at = blocks.index(("p", "Watch out:")) if plan.flags_of("hazard") else -1
    watch_out = blocks[at + 1][1] if at >= 0 else ()
    assert len(watch_out) == len(plan.flags_of("hazard"))
    for code in plan.flags_of("hazard"):
        steps = [step for step in plan.steps if code in step.flags]
        assert steps, code
        assert set(FLAG_INFO[code].evidence_ids) <= {eid for step in steps for eid in step.evidence_ids}
        refs = sorted({n for eid in FLAG_INFO[code].evidence_ids for n in CATALOG.get(eid).refs})
        own = any(not CATALOG.get(eid).refs for eid in FLAG_INFO[code].evidence_ids)
        line = next(line for line in watch_out if line.startswith(sentence_case(FLAG_INFO[code].label)))
        assert f" {format_refs(refs)}" in line if refs else line.endswith(f" ({REVIEW_OWN})"), (code, line)
        assert (REVIEW_OWN_TOO in line) is (own and bool(refs)), (code, line)


def test_the_reported_preset_cites_each_hazard() -> None:
    preset = next(p for p in PRESETS if p.key == "many-lesions-resectable")
    plan = recommend(preset.scenario)
    hazards = set(plan.flags_of("hazard"))
    assert {"bevacizumab_washout_short", "interval_under_4_weeks", "duration_over_12_weeks"} <= hazards
    assert "margin_submillimetre" in hazards
    handout = handout_markdown(preset.scenario, plan, CATALOG)
    assert "Bevacizumab stopped less than 5 weeks before surgery [35-41]" in handout
    assert "Less than 4 weeks from chemotherapy to surgery [53]" in handout
    assert "More than 12 weeks of chemotherapy [53]" in handout
    assert "Expected margin under 1 mm [90]" in handout


NOTES_CITED = sorted(code for code, info in FLAG_INFO.items() if info.kind == "note" and info.evidence_ids)


def test_the_notes_that_state_a_finding_are_the_ones_cited() -> None:
    """The score note names Fong's score (its items' 12 months, 5 cm, 200 ng/mL are ref. [57]'s record) and
    the dMMR note the studies of neoadjuvant immunotherapy; the guideline note points to the lens, cited
    there."""
    assert NOTES_CITED == ["high_recurrence_risk", "neoadjuvant_immunotherapy_unsettled"]


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.key)
def test_a_note_cites_what_its_step_cites_and_the_handout_shows_it(preset: object) -> None:
    s = preset.scenario  # type: ignore[attr-defined]
    plan = recommend(s)
    blocks = handout_blocks(s, plan, CATALOG)
    notes = blocks[blocks.index(("p", "Notes:")) + 1][1] if plan.flags_of("note") else ()
    assert len(notes) == len(plan.flags_of("note"))
    for code in plan.flags_of("note"):
        line = next(line for line in notes if line.startswith(sentence_case(FLAG_INFO[code].label)))
        ids = FLAG_INFO[code].evidence_ids
        if not ids:
            assert line == sentence_case(FLAG_INFO[code].label), line
            continue
        steps = [step for step in plan.steps if code in step.flags]
        assert set(ids) <= {eid for step in steps for eid in step.evidence_ids}, code
        refs = sorted({n for eid in ids for n in CATALOG.get(eid).refs})
        assert line.endswith(f" {format_refs(refs)}"), (code, line)
        references = blocks[blocks.index(("h2", "References (the review's numbering)")) + 1][1]
        for n in refs:
            assert any(r.startswith(f"[{n}]") for r in references), (code, n)


def test_the_high_risk_note_cites_the_fong_score_in_the_handout() -> None:
    preset = next(p for p in PRESETS if "high_recurrence_risk" in recommend(p.scenario).flags)
    handout = handout_markdown(preset.scenario, recommend(preset.scenario), CATALOG)
    assert "High recurrence risk (clinical risk score 3 or more, a convention) [57]" in handout


def test_the_dmmr_note_cites_the_neoadjuvant_studies_in_the_handout() -> None:
    base = next(p for p in PRESETS if p.key == "easy-metachronous").scenario
    s = base.model_copy(update={"msi_high_or_dmmr": True})
    plan = recommend(s)
    assert "neoadjuvant_immunotherapy_unsettled" in plan.flags_of("note")
    handout = handout_markdown(s, plan, CATALOG)
    assert "neoadjuvant immunotherapy is little studied, a team decision [97, 98]" in handout
