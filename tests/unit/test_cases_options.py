"""How a case stage's options read: the answer is worked out from the patient, not spotted in the wording.

After a wrong answer the page says "Not quite: the board's answer is marked below" and lists every option
with its feedback; a feedback that opens with a verdict ("Right: ...") then reads as if the wrong answer had
been right. Before an answer, the board's option gave itself away by carrying worked reasoning the others
lacked (review-figure-1: "Two: a single lesion (no point) and a largest diameter over 5 cm (one point)").
"""

from __future__ import annotations

import re
import statistics

import pytest

import crlm_content
from crlm_content.cases import Option, Stage, load_cases

LIBRARY = load_cases(crlm_content.get_catalog())
ASKED = tuple((case, stage) for case in LIBRARY for stage in case.stages if stage.options)

# A feedback is read beside every option, the reader's and the board's: it says why, never "Right." first.
VERDICT = re.compile(r"^\W*(right|wrong|correct|incorrect|yes|no|true|false|exactly)\b", re.IGNORECASE)

# The board's option may be at most this many times the median length of the other options. Rewritten,
# the library's largest ratio is 1.19 and most stages sit between 0.7 and 1.2. Review-figure-1's first
# stage, where the resident spotted the answer by its worked reasoning, stood at 1.43 (76 characters against
# a median of 53), so 1.6 would have let it through; 1.3 catches it and leaves room for ordinary wording.
LONGEST_RATIO = 1.3
# What a reader spots in an option: a figure (5 cm, 2 months, 30%) or an aside in brackets.
MARKERS = {"a figure": re.compile(r"\d"), "an aside in brackets": re.compile(r"\(")}


def length_ratio(stage: Stage) -> float:
    """The longest of the board's options against the median length of the others."""
    right = max(len(o.text) for o in stage.options if o.correct)
    return right / statistics.median(len(o.text) for o in stage.options if not o.correct)


def markers_only_the_board_carries(stage: Stage) -> list[str]:
    """What one of the board's options carries that no other option does."""
    found = []
    for name, marker in MARKERS.items():
        right = any(marker.search(o.text) for o in stage.options if o.correct)
        wrong = any(marker.search(o.text) for o in stage.options if not o.correct)
        if right and not wrong:
            found.append(name)
    return found


def test_no_feedback_opens_with_a_verdict() -> None:
    offending = [
        (case.key, stage.key, option.feedback[:40])
        for case, stage in ASKED
        for option in stage.options
        if VERDICT.match(option.feedback)
    ]
    assert offending == []


def test_the_boards_option_is_not_the_long_one() -> None:
    offending = {
        f"{case.key}/{stage.key}": round(length_ratio(stage), 2)
        for case, stage in ASKED
        if length_ratio(stage) > LONGEST_RATIO
    }
    assert offending == {}


def test_the_boards_option_carries_no_figure_or_aside_the_others_lack() -> None:
    offending = {
        f"{case.key}/{stage.key}": found
        for case, stage in ASKED
        if (found := markers_only_the_board_carries(stage))
    }
    assert offending == {}


def _figure_1_first_stage_as_it_was() -> Stage:
    options = (
        Option(
            text="Two: a single lesion (no point) and a largest diameter over 5 cm (one point)",
            correct=True,
            feedback="Node status, the disease-free interval and CEA are missing.",
        ),
        Option(text="All five: the legend gives everything the score needs", feedback="Not given."),
        Option(text="None: the score can only be worked out after the operation", feedback="Preoperative."),
        Option(text="Four: only the CEA is missing", feedback="Two more are missing."),
    )
    stage = next(c for c in LIBRARY if c.key == "review-figure-1").stage("presentation")
    return stage.model_copy(update={"options": options})


def test_the_checks_catch_the_option_the_resident_spotted() -> None:
    stage = _figure_1_first_stage_as_it_was()
    assert length_ratio(stage) == pytest.approx(76 / 53)
    assert length_ratio(stage) > LONGEST_RATIO
    assert markers_only_the_board_carries(stage) == ["a figure", "an aside in brackets"]
    assert VERDICT.match("Right. Node status is missing.") and VERDICT.match("Right: the fall")
    assert VERDICT.match("No single item does that") and not VERDICT.match("Node status is missing")
