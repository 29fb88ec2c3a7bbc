"""Which target rows RECIST 1.1 grading reads as lymph nodes, and the words that name the reading.

"LN", the usual abbreviation, was read as a non-nodal organ: 'liver:30/0/0,LN:20/8/8' graded PR, not CR, and
'hilar LN' was accepted as a target at 12 mm (a node target needs 15 mm short axis)."""

from __future__ import annotations

import pytest

from crlm_content.tools.response import (
    grade_targets,
    is_lymph_node,
    node_reading,
    parse_targets_param,
    validate_targets,
)


@pytest.mark.parametrize(
    ("organ", "node"),
    [
        ("LN", True),
        ("hilar LN", True),
        ("ln 2", True),
        ("LN-1", True),
        ("nodal", True),
        ("para-aortic nodal", True),
        ("lymph node", True),
        ("Node", True),
        ("non-nodal", False),  # disease outside the nodes
        ("extranodal", False),
        ("kiln", False),  # the letters inside a word
        ("lung", False),
        ("liver S8", False),
    ],
)
def test_ln_and_nodal_as_words_name_a_lymph_node(organ: str, node: bool) -> None:
    assert is_lymph_node(organ) is node


def grade(text: str) -> tuple[str, str]:
    rows, ignored = parse_targets_param(text)
    assert ignored == []
    sums, problems = validate_targets(rows)
    assert problems == [] and sums is not None
    result = grade_targets(sums, new_lesions=False)  # as the page grades
    return result.category, node_reading(sums)


def test_an_ln_below_10_mm_with_the_liver_target_gone_is_a_complete_response() -> None:
    category, reading = grade("liver:30/0/0,LN:20/8/8")
    assert category == "CR"
    assert reading == (
        "Read as a lymph node: row 2 ('LN'), measured by the short axis; a node below 10 mm counts as "
        "normal for a complete response. The other row is read as a non-nodal lesion (longest diameter, "
        "gone only at 0 mm)."
    )


def test_the_reading_names_every_node_row_and_says_when_there_is_none() -> None:
    _, reading = grade("liver:30/0/0,lung:20/8/8,hilar LN:20/8/8,lymph node 2:16/9/9")
    assert reading.startswith("Read as lymph nodes: row 3 ('hilar LN') and row 4 ('lymph node 2'), ")
    assert reading.endswith(
        "The other 2 rows are read as non-nodal lesions (longest diameter, gone only at 0 mm)."
    )
    category, reading = grade("liver:30/0/0,lung:20/8/8")
    assert category == "PR"  # the lung target at 8 mm has not gone
    assert reading.startswith("No row is read as a lymph node (an organ name with lymph, node, nodal or LN ")


def test_an_ln_target_needs_a_15_mm_short_axis() -> None:
    rows, _ = parse_targets_param("hilar LN:12/12/12")
    assert validate_targets(rows) == (
        None,
        [
            "Row 1, Baseline (mm): 12 mm is not measurable; a lymph node needs a short axis of at least "
            "15 mm at baseline (RECIST 1.1)."
        ],
    )


def test_ln_rows_count_with_the_other_nodes_as_one_organ() -> None:
    rows, _ = parse_targets_param("LN:20/20/20,lymph node:20/20/20,nodal:20/20/20")
    _, problems = validate_targets(rows)
    assert problems == [
        "Organ 'lymph node': 3 target lesions; RECIST 1.1 allows at most 2 per organ (all lymph nodes "
        "count as one organ)."
    ]


def test_the_rules_paragraph_names_the_words_the_grading_reads_as_a_node() -> None:
    """After LN and nodal became node words, the page's rules paragraph still said "a node or lymph"."""
    from crlm_content.response import RECIST_SCOPE_NOTE

    assert "lymph, node, nodal or LN" in RECIST_SCOPE_NOTE
    assert all(is_lymph_node(word) for word in ("lymph", "node", "nodal", "LN"))
