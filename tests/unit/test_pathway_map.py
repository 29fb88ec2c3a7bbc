"""The pathway map on a phone: a narrow diagram, and the whole map in words (every question, both answers,
where each leads, this patient's marked), both drawn from ``steps.GATES`` in the engine's own words.

Found by a phone reader's review: stretched to a 360 px column, the map's 84 labels were 8.9 px, the branches
not taken grey at that size, and the caption gave this patient's path only, not the branches.
"""

from __future__ import annotations

import re

from crlm_content.decision import recommend, steps
from crlm_content.decision.model import STRATEGY_LABELS
from crlm_content.decision.pathway import pathway_dot, pathway_outline

from .patients import easy_resection

NARROW_LINE, WIDE_LINE = 16, 34  # characters a line, as pathway.py sets them (a phone's and a desktop's)


base = easy_resection  # the shared patient (tests/unit/patients.py)


def _labels(dot: str) -> dict[str, list[str]]:
    """Each node's label, as its drawn lines."""
    return {
        name: label.split("\\n") for name, label in re.findall(r'^  "(\w+)" \[label="([^"]*)"', dot, re.M)
    }


def test_the_narrow_map_has_the_wide_map_s_nodes_and_words_in_shorter_lines() -> None:
    plan = recommend(base(flr_percent=15))
    wide, narrow = _labels(pathway_dot(plan)), _labels(pathway_dot(plan, narrow=True))
    assert wide.keys() == narrow.keys()
    assert {g.key for g in steps.GATES} <= narrow.keys()
    for name, lines in narrow.items():
        assert " ".join(lines) == " ".join(wide[name])  # the same text, only wrapped differently
        assert all(len(line) <= NARROW_LINE or " " not in line for line in lines), (name, lines)
        assert all(len(line) <= WIDE_LINE or " " not in line for line in wide[name]), (name, wide[name])
    assert any(len(line) > NARROW_LINE for lines in wide.values() for line in lines)  # wrapping differs
    # the same edges and the same highlight of this patient's path
    edges = re.compile(r'^  "\w+" -> "\w+".*$', re.M)
    assert edges.findall(pathway_dot(plan)) == edges.findall(pathway_dot(plan, narrow=True))


def test_the_map_in_words_gives_every_question_both_answers_and_this_patient_s() -> None:
    plan = recommend(base(flr_percent=15))  # leaves the spine at the remnant's question
    assert plan.path == ("fit", "extrahepatic", "progressed", "liver", "remnant")
    outline = pathway_outline(plan)
    assert [q.question for q in outline] == [g.question for g in steps.GATES]
    for q, gate in zip(outline, steps.GATES, strict=True):
        assert (q.exit_label, q.pass_label) == (gate.exit_label, gate.pass_label)
        assert q.exit_to == STRATEGY_LABELS[gate.strategy]
    assert [q.taken for q in outline[:5]] == ["pass", "pass", "pass", "pass", "exit"]
    assert {q.taken for q in outline[5:]} == {None}  # questions this patient's path did not reach
    assert [q.pass_to for q in outline[:-1]] == [None] * (len(outline) - 1)  # on to the next question
    assert outline[-1].pass_to == STRATEGY_LABELS[steps.DEFAULT_STRATEGY]


def test_the_map_in_words_marks_every_answer_of_a_patient_who_passes_every_question() -> None:
    plan = recommend(base())
    assert plan.strategy is steps.DEFAULT_STRATEGY
    outline = pathway_outline(plan)
    assert [q.taken for q in outline] == ["pass" if g.key in plan.path else None for g in steps.GATES]
    assert outline[-1].taken == "pass"
    assert {q.taken for q in pathway_outline()} == {None}  # no patient, nothing marked
