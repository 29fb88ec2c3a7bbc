"""Every number box says how to write decimals: the browser reads "1,5" typed or pasted into a box as 15 (a
thousands separator) before the server sees a number, so the page cannot refuse it as the tables do."""

from __future__ import annotations

import json

import pytest

from crlm_app.editable import NUMBER_HELP, WHOLE_NUMBER_HELP

from .helpers import run_page

LINE = "Decimals with a point (1.5); a comma is read as a thousands separator."


@pytest.mark.parametrize(
    "page",
    [
        "app_pages/dlm_explorer.py",
        "app_pages/prognostic_scores.py",
        "app_pages/treatment_timing.py",
        "app_pages/liver_remnant.py",
    ],
)
def test_every_number_box_says_how_to_write_decimals(page: str) -> None:
    at = run_page(page)
    assert not at.exception
    boxes = list(at.number_input)
    assert boxes, page  # the page draws its boxes on its first run
    assert [box.label for box in boxes if not (box.help or "").endswith(LINE)] == []
    # a box's own help is kept, the line after it
    assert any(box.help and box.help != LINE for box in boxes), page


@pytest.mark.parametrize("mode", ["cea_change", "fong_score"])
def test_a_quiz_answer_box_says_how_to_write_decimals(mode: str) -> None:
    """The quiz draws its numeric answer box itself, in a form: '7,5' answered 75."""
    at = run_page("app_pages/quiz.py", {"quiz": mode, "seed": "5"})
    answers = [box for box in at.number_input if box.label.startswith("Your answer")]
    assert answers, mode
    assert [box.label for box in answers if not (box.help or "").endswith(LINE)] == []


@pytest.mark.parametrize(
    ("page", "numbers"),
    [
        ("app_pages/dlm_explorer.py", {"size_cm", "depth_cm", "segment"}),
        ("app_pages/response_assessment.py", {"baseline", "nadir", "now"}),
        ("app_pages/cea_monitor.py", {"week", "cea"}),
    ],
)
def test_an_editable_table_s_number_columns_read_as_numbers(page: str, numbers: set[str]) -> None:
    """Typed number cells are text cells (a grid number cell read "0,5" as 5); they stay right-aligned, as
    every other number column of the app, and a whole-number column gives no decimal example."""
    columns = json.loads(run_page(page).dataframe[0].proto.columns)
    assert {name for name, config in columns.items() if config.get("alignment") == "right"} == numbers
    for name in numbers:
        text = columns[name]["help"]
        assert text.endswith(WHOLE_NUMBER_HELP if name == "segment" else NUMBER_HELP), name
        assert ("0.5" in text) == (name != "segment"), name
