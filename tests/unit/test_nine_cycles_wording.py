"""[54] as the review gives it: FOLFOX +/- bevacizumab brought no more complete or major pathologic response
'after 9 cycles'. No text of ours says 'beyond 9' (or 'beyond nine') cycles: the record, the Trials study,
the cases, the quiz and every walkthrough plan of a preset or a case stage."""

from __future__ import annotations

import re

from crlm_content import get_catalog
from crlm_content.cases import load_cases
from crlm_content.decision import load_presets, recommend
from crlm_content.studies.loader import load_studies

from ..conftest import ROOT

CATALOG = get_catalog()
BEYOND = re.compile(r"beyond (9|nine)\b", re.IGNORECASE)
FILES = [ROOT / "data" / "studies.yaml", ROOT / "data" / "evidence" / "timing.yaml"]
FILES += sorted((ROOT / "data" / "cases").glob("*.yaml")) + sorted((ROOT / "data" / "quiz").glob("*.yaml"))


def test_the_record_says_after_9_cycles_as_the_review_does() -> None:
    record = CATALOG.get("timing-folfox-9-cycles")
    assert record.refs == (54,)
    assert "after 9 cycles" in record.statement
    assert not BEYOND.search(record.statement)


def test_no_file_of_ours_says_beyond_9_cycles() -> None:
    assert len(FILES) > 10
    found = [f"{path.name}: {m.group(0)}" for path in FILES for m in BEYOND.finditer(path.read_text())]
    assert found == []


def test_the_study_is_named_after_9_cycles() -> None:
    study = next(s for s in load_studies(CATALOG) if s.key == "nine-cycles")
    assert "after 9 cycles" in study.name and not BEYOND.search(study.name + study.verdict)


def test_no_plan_says_beyond_9_cycles() -> None:
    scenarios = [p.scenario for p in load_presets(CATALOG)]
    scenarios += [
        stage.scenario
        for case in load_cases(CATALOG, ROOT / "data")
        for stage in case.stages
        if stage.scenario is not None
    ]
    said = 0
    for s in scenarios:
        plan = recommend(s)
        texts = [a.text for a in plan.actions]
        texts += [t for step in plan.steps for t in (step.finding, step.reasoning, step.gap or "")]
        assert not any(BEYOND.search(t) for t in texts), s
        said += any("after 9 cycles" in t for t in texts)
    assert said  # some plan speaks of the 9 cycles at all
