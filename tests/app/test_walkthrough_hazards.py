"""AppTest: the walkthrough's 'Watch out' box cites each hazard, as the plan's lines are cited."""

from __future__ import annotations

import crlm_content
from crlm_content.decision import load_presets, recommend

from .helpers import run_page

PAGE = "app_pages/decision_walkthrough.py"


def test_every_hazard_in_the_watch_out_box_has_its_citation() -> None:
    preset = next(p for p in load_presets(crlm_content.get_catalog()) if p.key == "many-lesions-resectable")
    at = run_page(PAGE)
    at.selectbox(key="walkthrough__preset_choice").select(preset.key).run()
    assert not at.exception
    box = next(w.value for w in at.warning if "Watch out" in w.value)
    hazards = recommend(preset.scenario).flags_of("hazard")
    assert len(hazards) >= 4
    lines = [line for line in box.splitlines() if line.startswith("- ")]
    assert len(lines) == len(hazards)
    for line in lines:
        assert "](sources?ref=" in line or "stated by the review itself" in line, line
    washout = next(line for line in lines if "than 5 weeks before surgery" in line)
    assert washout.endswith("[\\[35, 36, 37, 38, 39, 40, 41\\]](sources?ref=35,36,37,38,39,40,41)")
    margin = next(line for line in lines if "margin under 1" in line)
    assert margin.endswith("[\\[90\\]](sources?ref=90)"), margin


def test_the_high_risk_note_cites_the_score() -> None:
    """The grey notes under the options: the score note carries the score's reference, the guideline note
    (which points to the lens, cited there) none."""
    at = run_page(PAGE)
    at.selectbox(key="walkthrough__preset_choice").select("many-lesions-resectable").run()
    assert not at.exception
    caption = next(c.value for c in at.caption if "High recurrence risk" in c.value)
    lines = caption.splitlines()
    risk = next(line for line in lines if "High recurrence risk" in line)
    assert risk.endswith("a convention\\). [\\[57\\]](sources?ref=57)"), risk
    lens = next(line for line in lines if "Guideline lens" in line)
    assert "sources?ref=" not in lens, lens
