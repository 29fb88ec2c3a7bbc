"""The pathway map: the strategy gates of ``steps.GATES`` (the engine's own rules) as a Graphviz flowchart,
with this patient's path highlighted, its text alternative and where its figures come from.

The engine itself (``recommend``, the plan's actions) is ``engine``; its names are re-exported here so every
import of them from ``pathway`` keeps working.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from .. import palette
from . import steps
from .engine import (
    RESCHEDULE,
    RESCHEDULE_IDS,
    SYSTEMIC_CHEMOTHERAPY,
    WIDER_RESECTION,
    recommend,
)
from .model import STRATEGY_LABELS, Recommendation

__all__ = [
    "RESCHEDULE",
    "RESCHEDULE_IDS",
    "SYSTEMIC_CHEMOTHERAPY",
    "WIDER_RESECTION",
    "pathway_dot",
    "pathway_figures",
    "pathway_outline",
    "pathway_text",
    "recommend",
]

# Streamlit's chart draws every label at 9.6 units of the SVG whatever ``fontsize`` says (its own CSS), so
# ``fontsize`` only sizes the boxes: 10 keeps them close to the text drawn. At its own size
# (``width="content"``, 4/3 px a unit) the labels are then 12.8 px on every screen the map fits.
_FONTSIZE = 10
# Characters a line and inches between side-by-side nodes. Wide, for a desktop: ~490 x 1,020 px at its own
# size (longer lines barely shorten it: it has a row for each question). Narrow, for a phone: ~220 units, so
# it fits a 360 px screen at its own size (294 px inside an expander).
_WIDE_LAYOUT, _NARROW_LAYOUT = (34, 0.4), (16, 0.25)


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _wrap(text: str, width: int = 26) -> str:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\\n".join(_dot_text(line) for line in lines)


def pathway_dot(plan: Recommendation | None = None, *, narrow: bool = False) -> str:
    """The strategy gates as a Graphviz DOT flowchart, with ``plan``'s path and strategy highlighted.

    Drawn from ``steps.GATES``, so the map changes when the rules do; every label is the engine's own text.
    A spine of questions runs down; each question's exit to a strategy sits beside it. ``narrow``: shorter
    lines and closer columns, for a phone (drawn at its own size; see ``_FONTSIZE``).
    """
    on, off = palette.BLUE, palette.GREY
    visited = set(plan.path) if plan else set()
    left_at = plan.path[-1] if plan and plan.strategy is not steps.DEFAULT_STRATEGY else None
    width, nodesep = _NARROW_LAYOUT if narrow else _WIDE_LAYOUT
    lines = [
        "digraph pathway {",
        f'  graph [rankdir=TB, bgcolor="transparent", nodesep={nodesep}, ranksep=0.22];',
        f'  node [fontname="sans-serif", fontsize={_FONTSIZE}, shape=box, style="rounded,filled", '
        f'fillcolor="{palette.WHITE}", margin="0.12,0.06"];',
        f'  edge [fontname="sans-serif", fontsize={_FONTSIZE}, arrowsize=0.7];',
    ]

    def node(name: str, label: str, *, seen: bool, chosen: bool = False, spine: bool = False) -> str:
        return (
            f'  "{name}" [label="{_wrap(label, width)}", color="{on if seen else off}", '
            f'fontcolor="{palette.BLACK if seen else off}", penwidth={2.5 if seen else 1}, '
            f'fillcolor="{palette.SKY if chosen else palette.WHITE}"'
            + (', group="spine"' if spine else "")
            + "];"
        )

    def edge(tail: str, head: str, label: str, *, taken: bool) -> str:
        return (
            f'  "{tail}" -> "{head}" [label=" {label} ", color="{on if taken else off}", '
            f'fontcolor="{palette.BLACK if taken else off}", penwidth={3 if taken else 1}];'
        )

    for index, gate in enumerate(steps.GATES):
        seen = gate.key in visited
        left = gate.key == left_at
        exit_node = f"{gate.key}_exit"
        lines.append(node(gate.key, gate.question, seen=seen, spine=True))
        lines.append(node(exit_node, STRATEGY_LABELS[gate.strategy], seen=left, chosen=left))
        lines.append(f'  {{rank=same; "{gate.key}"; "{exit_node}";}}')
        lines.append(edge(gate.key, exit_node, gate.exit_label, taken=left))
        following = steps.GATES[index + 1].key if index + 1 < len(steps.GATES) else "end"
        lines.append(edge(gate.key, following, gate.pass_label, taken=seen and not left))
    reached = plan is not None and plan.strategy is steps.DEFAULT_STRATEGY
    lines.append(
        node("end", STRATEGY_LABELS[steps.DEFAULT_STRATEGY], seen=reached, chosen=reached, spine=True)
    )
    lines.append("}")
    return "\n".join(lines)


def pathway_text(plan: Recommendation) -> str:
    """The patient's path through the gates in words (the map's text alternative)."""
    parts = []
    for key in plan.path:
        gate = next(g for g in steps.GATES if g.key == key)
        left = key == plan.path[-1] and plan.strategy is gate.strategy
        parts.append(f"{gate.question} {gate.exit_label if left else gate.pass_label}")
    return " → ".join(parts) + f" → {STRATEGY_LABELS[plan.strategy]}."


class MapQuestion(NamedTuple):
    """One question of the map in words: the answer that leaves the spine and the strategy it leads to, the
    answer that goes on (``pass_to``: to the next question, or after the last to the strategy reached by
    passing every question), and the plan's answer ("exit" or "pass"; None where its path stopped before)."""

    question: str
    exit_label: str
    exit_to: str
    pass_label: str
    pass_to: str | None
    taken: Literal["exit", "pass"] | None


def pathway_outline(plan: Recommendation | None = None) -> tuple[MapQuestion, ...]:
    """The whole map in words, question by question in the map's order (its text form on a phone): every
    branch, not only ``plan``'s path, which each question's ``taken`` marks."""
    visited = set(plan.path) if plan else set()
    left_at = plan.path[-1] if plan and plan.strategy is not steps.DEFAULT_STRATEGY else None
    last = steps.GATES[-1].key
    return tuple(
        MapQuestion(
            question=gate.question,
            exit_label=gate.exit_label,
            exit_to=STRATEGY_LABELS[gate.strategy],
            pass_label=gate.pass_label,
            pass_to=STRATEGY_LABELS[steps.DEFAULT_STRATEGY] if gate.key == last else None,
            taken=("exit" if gate.key == left_at else "pass") if gate.key in visited else None,
        )
        for gate in steps.GATES
    )


def pathway_figures() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """Where the map's figures come from: (question, records, note) for each gate whose question states one
    (two segments, the remnant's thresholds, 12 weeks, a score under 3, four lesions), in the map's order."""
    return tuple((g.question, g.evidence_ids, g.note) for g in steps.GATES if g.evidence_ids)
