"""The Response assessment page: a RECIST 1.1 target-lesion table (in a link as ``liver:35/20/22``), its
sums and where the current sum would cross into PR or PD."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..catalog import Catalog
from ..formatting import format_exact, format_number
from ..response import (
    NODE_NAMES,
    RECIST_LESION_MAX_MM,
    RECIST_MAX_TARGET_LESIONS,
    RECIST_PD_ABSOLUTE_MM,
    RECIST_PD_INCREASE_PERCENT,
    RECIST_PR_DECREASE_PERCENT,
    RecistResult,
    complete_response_at_nadir,
    recist_changes_as_written,
    recist_response,
    recist_sums_as_written,
)
from ..urlstate import read_link_entries
from ..validation import is_blank as _is_blank
from .common import (
    Record,
    exact_sum,
    link_number,
    typed_cell_link_text,
    typed_cell_number,
)

MAX_TARGET_LESIONS = RECIST_MAX_TARGET_LESIONS
MAX_TARGETS_PER_ORGAN = 2
MEASURABLE_LESION_MM = 10.0
MEASURABLE_NODE_SHORT_AXIS_MM = 15.0
ORGAN_MAX_LENGTH = 30
TARGET_COLUMNS = ("organ", "baseline", "nadir", "now")
TARGET_LABELS: Mapping[str, str] = {
    "organ": "Organ",
    "baseline": "Baseline (mm)",
    "nadir": "At nadir (mm)",
    "now": "Now (mm)",
}
RECIST_CATEGORY_NAMES: Mapping[str, str] = {
    "CR": "Complete response (CR)",
    "PR": "Partial response (PR)",
    "SD": "Stable disease (SD)",
    "PD": "Progressive disease (PD)",
}
# The records the response page shows, in its order. The review's Figure 1 patient: its diameters (the worked
# example and the target table below) and its case (the cycles of chemotherapy).
FIGURE_1_RESPONSE_ID = "figure-1-response"
FIGURE_1_CASE_ID = "figure-1-case"
# CT morphologic response: the optimal-response definition, then how it compares with RECIST.
MORPHOLOGIC_IDS: tuple[str, ...] = (
    "monitoring-optimal-morphologic-response-definition",
    "monitoring-morphologic-vs-recist",
)
# Why size-based RECIST falls short in liver metastases.
RECIST_FALLS_SHORT_IDS: tuple[str, ...] = (
    "monitoring-recist-purpose",
    "monitoring-recist-poor-pathologic-prediction",
    "monitoring-morphologic-pathologic-correlation",
    "monitoring-complete-response-viable-tumour",
)
# Letters, digits (segment 8, S4a), spaces and hyphens: never the link's separators (, : /).
_ORGAN_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 -]*")
_ORGAN_CHARACTERS = "use letters, digits, spaces and hyphens only"
# In a link an organ's text is written as typed, a refused one too (the reopened table shows it with the
# same message), its separators and % escaped: "lung, left" is "lung%2C left".
_LINK_ESCAPES = {"%": "%25", ",": "%2C", ":": "%3A", "/": "%2F"}
_LINK_ESCAPED = re.compile("|".join(re.escape(code) for code in _LINK_ESCAPES.values()), re.IGNORECASE)


def normalize_organ(text: str) -> str:
    return " ".join(text.split()).casefold()


# "LN" (the usual abbreviation) and "nodal" as words of their own: "hilar LN", "para-aortic nodal"; never
# "extranodal" or "non-nodal" (disease outside the nodes), nor letters inside a word ("kiln").
_NODE_WORDS = re.compile(r"(?<![a-z0-9])(?<!non-)(?<!non )(?:ln|nodal)(?![a-z0-9])")


def is_lymph_node(organ: str) -> bool:
    """Whether a row's organ names a lymph node (measured by its short axis in RECIST 1.1): "lymph" or
    "node" anywhere in it, or "LN" or "nodal" as a word."""
    folded = normalize_organ(organ)
    return "node" in folded or "lymph" in folded or _NODE_WORDS.search(folded) is not None


def _organ_problem(organ: str) -> str | None:
    if not organ:
        return "enter the organ (for example liver or lung)"
    if len(organ) > ORGAN_MAX_LENGTH:
        return f"use at most {ORGAN_MAX_LENGTH} characters"
    if not _ORGAN_PATTERN.fullmatch(organ):
        return _ORGAN_CHARACTERS
    return None


def _link_organ(organ: str) -> str:
    """An organ's text as a link writes it: the separators and % escaped (``%2C``), the rest as typed."""
    return "".join(_LINK_ESCAPES.get(character, character) for character in organ)


def _unlink_organ(text: str) -> str:
    """An organ's text from a link: ``_link_organ`` undone."""
    unescaped = {code: character for character, code in _LINK_ESCAPES.items()}
    return _LINK_ESCAPED.sub(lambda match: unescaped[match.group().upper()], text)


def parse_targets_param(text: str) -> tuple[list[dict[str, object]], list[str]]:
    """``liver:35/20/22,lung:12/10/10`` -> rows (organ, baseline, nadir, now in mm) and what was ignored.

    Empty numbers (``liver:35//22``) and an organ the table refuses (empty, ``liver #2``; its separators
    escaped, ``lung%2C left``) come back as they are for the table validation to report in place, so a link
    reopens the table that was on screen; entries that cannot be read, an organ longer than the table's
    column takes, and entries after the fifth, are ignored with a reason.
    """

    def read(entry: str) -> dict[str, object]:
        organ, colon, sizes = entry.partition(":")
        parts = sizes.split("/")
        if not colon or len(parts) != 3:
            raise ValueError("expected organ:baseline/nadir/now in mm")
        organ = _unlink_organ(" ".join(organ.split()))
        if len(organ) > ORGAN_MAX_LENGTH:  # longer than the table's Organ column takes: not from this page
            raise ValueError(f"organ: use at most {ORGAN_MAX_LENGTH} characters")
        return dict(zip(TARGET_COLUMNS, [organ, *(link_number(part) for part in parts)], strict=True))

    return read_link_entries(
        text,
        "targets",
        read,
        limit=MAX_TARGET_LESIONS,
        limit_note=f" (RECIST 1.1 allows at most {MAX_TARGET_LESIONS} target lesions)",
    )


def encode_targets(records: Sequence[Record]) -> str:
    """Table rows -> the compact URL text (blank rows dropped; blank cells kept as empty numbers; every
    organ as typed, a refused one too, so the link never turns it into another, or an empty, organ)."""
    entries = []
    for record in records:
        organ_cell = record.get("organ")
        organ = " ".join(organ_cell.split()) if isinstance(organ_cell, str) else ""
        numbers_text = [typed_cell_link_text(record.get(column)) for column in TARGET_COLUMNS[1:]]
        if not organ and not any(numbers_text):
            continue
        entries.append(f"{_link_organ(organ)}:{'/'.join(numbers_text)}")
    return ",".join(entries)


@dataclass(frozen=True)
class TargetLesion:
    organ: str
    baseline_mm: float
    nadir_mm: float
    now_mm: float
    row: int  # the row of the table, counted as the messages count them (blank rows skipped)


@dataclass(frozen=True)
class TargetSums:
    """Validated target lesions and their sums of diameters at baseline, at the nadir and now."""

    lesions: tuple[TargetLesion, ...]
    baseline_mm: float
    nadir_mm: float
    now_mm: float

    @property
    def lymph_nodes(self) -> tuple[TargetLesion, ...]:
        """The targets read as lymph nodes (``is_lymph_node``), in table order."""
        return tuple(lesion for lesion in self.lesions if is_lymph_node(lesion.organ))

    @property
    def node_short_axes_now_mm(self) -> tuple[float, ...]:
        """The current short axes of the target lymph nodes (``lymph_nodes``), for RECIST 1.1's CR: every
        node below 10 mm, every other target gone."""
        return tuple(lesion.now_mm for lesion in self.lymph_nodes)

    @property
    def node_short_axes_nadir_mm(self) -> tuple[float, ...]:
        """The same nodes' short axes at the nadir, in the same order, for RECIST 1.1's reappearance after a
        complete response: the nadir was a CR when every other target was 0 mm and every node below 10 mm."""
        return tuple(lesion.nadir_mm for lesion in self.lymph_nodes)


def grade_targets(sums: TargetSums, *, new_lesions: bool) -> RecistResult:
    """RECIST 1.1 for a checked target table: its sums, against baseline and nadir, and its lymph nodes'
    short axes (now and at the nadir), with or without new lesions. The page grades through this."""
    return recist_response(
        baseline_sum_mm=sums.baseline_mm,
        nadir_sum_mm=sums.nadir_mm,
        current_sum_mm=sums.now_mm,
        new_lesions=new_lesions,
        target_node_short_axes_mm=sums.node_short_axes_now_mm,
        target_node_short_axes_at_nadir_mm=sums.node_short_axes_nadir_mm,
    )


def node_reading(sums: TargetSums) -> str:
    """Which rows the grading read as lymph nodes, so the reader sees the reading the category rests on (a
    node is measured by its short axis and counts as gone below 10 mm; any other target only at 0 mm)."""
    nodes = sums.lymph_nodes
    if not nodes:
        return (
            "No row is read as a lymph node (an organ name with "
            f"{NODE_NAMES} marks one): every target is measured by its longest diameter and counts as gone "
            "only at 0 mm."
        )
    rows = [f"row {lesion.row} ('{lesion.organ}')" for lesion in nodes]
    listed = rows[0] if len(rows) == 1 else ", ".join(rows[:-1]) + f" and {rows[-1]}"
    others = len(sums.lesions) - len(nodes)
    return (
        f"Read as {'a lymph node' if len(nodes) == 1 else 'lymph nodes'}: {listed}, measured by the short "
        "axis; a node below 10 mm counts as normal for a complete response. "
        + (
            (
                "The other row is read as a non-nodal lesion"
                if others == 1
                else f"The other {others} rows are read as non-nodal lesions"
            )
            + " (longest diameter, gone only at 0 mm)."
            if others
            else "There is no non-nodal target."
        )
    )


# Words that place a typed organ name in one organ, for the note that names rows the per-organ count may have
# split (``organ_name_notes``); lymph nodes are counted as one organ already (``is_lymph_node``).
_ORGAN_WORDS: Mapping[str, tuple[str, ...]] = {
    "liver": ("liver", "hepatic"),
    "lung": ("lung", "lungs", "pulmonary"),
    "peritoneum": ("peritoneum", "peritoneal"),
    "pleura": ("pleura", "pleural"),
    "adrenal gland": ("adrenal",),
    "spleen": ("spleen", "splenic"),
    "bone": ("bone", "bones", "osseous"),
    "brain": ("brain",),
    "kidney": ("kidney", "renal"),
    "ovary": ("ovary", "ovarian"),
}


def _organ_word(organ: str) -> str | None:
    """The one organ a typed name places the lesion in (``_ORGAN_WORDS``), else None (none, or several)."""
    words = set(re.findall(r"[a-z]+", normalize_organ(organ)))
    found = {name for name, spellings in _ORGAN_WORDS.items() if words & set(spellings)}
    return found.pop() if len(found) == 1 else None


def organ_name_notes(records: Sequence[Record]) -> list[str]:
    """Rows whose organ names differ as typed ("liver S8", "liver segment 4a") but place them in one organ,
    more than RECIST 1.1's 2 per organ: the count goes by the name as typed, so the table cannot tell one
    organ from two; the note names the rows and leaves the choice to the reader (a note, not a refusal)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    row_number = 0
    for record in records:
        if all(_is_blank(record.get(column)) for column in TARGET_COLUMNS):
            continue
        row_number += 1
        cell = record.get("organ")
        organ = " ".join(cell.split()) if isinstance(cell, str) else ""
        word = _organ_word(organ) if organ and _organ_problem(organ) is None else None
        if word is not None and not is_lymph_node(organ):
            groups.setdefault(word, []).append((row_number, organ))
    notes = []
    for word, rows in groups.items():
        names = {normalize_organ(organ) for _, organ in rows}
        if len(rows) > MAX_TARGETS_PER_ORGAN and len(names) > 1:
            numbers = ", ".join(str(number) for number, _ in rows[:-1]) + f" and {rows[-1][0]}"
            typed = ", ".join(f"'{organ}'" for _, organ in rows)
            notes.append(
                f"Rows {numbers} ({typed}) may all be in one organ, the {word}. RECIST 1.1 takes at most "
                f"{MAX_TARGETS_PER_ORGAN} target lesions per organ, and this table counts organs by their "
                f"names as typed: if these lesions are in one organ, keep {MAX_TARGETS_PER_ORGAN} of them as "
                "targets."
            )
    return notes


def validate_targets(records: Sequence[Record]) -> tuple[TargetSums | None, list[str]]:
    """Check an edited target-lesion table against RECIST 1.1; messages name the row and the column.

    Blank rows are skipped. Rules: every cell filled, numbers 0-500 mm (``RECIST_LESION_MAX_MM``); at most 5
    targets and 2 per organ (lymph nodes count as one organ); a target must be measurable at baseline
    (longest diameter >= 10 mm, or short axis >= 15 mm for a lymph node); the nadir sum cannot exceed the
    baseline sum.
    """
    messages: list[str] = []
    lesions: list[TargetLesion] = []
    row_number = 0
    for record in records:
        cells = [record.get(column) for column in TARGET_COLUMNS]
        if all(_is_blank(cell) for cell in cells):
            continue
        row_number += 1
        where = f"Row {row_number}"
        organ_cell = record.get("organ")
        organ = " ".join(organ_cell.split()) if isinstance(organ_cell, str) else ""
        row_ok = True
        if organ_cell is not None and not isinstance(organ_cell, str) and not _is_blank(organ_cell):
            messages.append(f"{where}, {TARGET_LABELS['organ']}: {_ORGAN_CHARACTERS}.")
            row_ok = False
        elif problem := _organ_problem(organ):
            messages.append(f"{where}, {TARGET_LABELS['organ']}: {problem}.")
            row_ok = False
        sizes: dict[str, float] = {}
        for column in TARGET_COLUMNS[1:]:
            label = TARGET_LABELS[column]
            number, problem = typed_cell_number(record.get(column))
            if problem:
                messages.append(f"{where}, {label}: {problem}.")
            elif number is None:
                messages.append(f"{where}, {label}: enter the diameter in mm (0 if the lesion has gone).")
            elif number < 0:
                messages.append(
                    f"{where}, {label}: {format_number(number, decimals=None)} mm is negative; use 0 or more."
                )
            elif number > RECIST_LESION_MAX_MM:
                limit = format_number(RECIST_LESION_MAX_MM)
                messages.append(
                    f"{where}, {label}: {format_number(number, decimals=None)} mm is above {limit} mm, the "
                    "plausible upper limit for one lesion; check the unit (millimetres)."
                )
            else:
                sizes[column] = number
                continue
            row_ok = False
        if "baseline" in sizes:
            node = bool(organ) and is_lymph_node(organ)
            minimum = MEASURABLE_NODE_SHORT_AXIS_MM if node else MEASURABLE_LESION_MM
            if sizes["baseline"] < minimum:
                what = (
                    "a lymph node needs a short axis" if node else "a target lesion needs a longest diameter"
                )
                messages.append(
                    f"{where}, {TARGET_LABELS['baseline']}: "
                    f"{format_number(sizes['baseline'], decimals=None)} mm is not measurable; {what} of at "
                    f"least {format_number(minimum)} mm at baseline (RECIST 1.1)."
                )
                row_ok = False
        if row_ok:
            lesions.append(TargetLesion(organ, sizes["baseline"], sizes["nadir"], sizes["now"], row_number))
    if row_number == 0:
        return None, ["Add at least one target lesion: organ and its diameters in mm."]
    if row_number > MAX_TARGET_LESIONS:
        messages.append(
            f"{row_number} target lesions: RECIST 1.1 allows at most {MAX_TARGET_LESIONS}; remove "
            f"{row_number - MAX_TARGET_LESIONS}."
        )
    per_organ: dict[str, int] = {}
    for record in records:
        organ_cell = record.get("organ")
        if isinstance(organ_cell, str) and organ_cell.strip():
            key = "lymph node" if is_lymph_node(organ_cell) else normalize_organ(organ_cell)
            per_organ[key] = per_organ.get(key, 0) + 1
    for organ, count in per_organ.items():
        if count > MAX_TARGETS_PER_ORGAN:
            kind = " (all lymph nodes count as one organ)" if organ == "lymph node" else ""
            messages.append(
                f"Organ '{organ}': {count} target lesions; RECIST 1.1 allows at most "
                f"{MAX_TARGETS_PER_ORGAN} per organ{kind}."
            )
    if messages:
        return None, messages
    sums = TargetSums(
        lesions=tuple(lesions),
        baseline_mm=exact_sum([lesion.baseline_mm for lesion in lesions]),
        nadir_mm=exact_sum([lesion.nadir_mm for lesion in lesions]),
        now_mm=exact_sum([lesion.now_mm for lesion in lesions]),
    )
    if sums.nadir_mm > sums.baseline_mm:
        nadir_text = format_number(sums.nadir_mm, sums.baseline_mm)  # never "40 mm is larger than 40 mm"
        baseline_text = format_number(sums.baseline_mm, sums.nadir_mm)
        return None, [
            f"{TARGET_LABELS['nadir']}: the sum at the nadir ({nadir_text} mm) is larger than the baseline "
            f"sum ({baseline_text} mm). The nadir is the smallest sum on study, baseline included, so it "
            "cannot exceed the baseline; with no earlier follow-up, enter the baseline values."
        ]
    return sums, []


def recist_sum_texts(sums: TargetSums) -> tuple[str, str, str]:
    """The baseline, nadir and current sums as written, each on the side of the RECIST 1.1 lines the exact
    sums are on (PR: now = 70% of baseline; PD: now = 120% of the nadir, now = nadir + 5 mm; CR: now = 0), so
    "70 mm" never stands for 70.0000001 mm beside Stable disease: the same texts as the RECIST explanation
    (``recist_sums_as_written``)."""
    return recist_sums_as_written(
        baseline_sum_mm=sums.baseline_mm, nadir_sum_mm=sums.nadir_mm, current_sum_mm=sums.now_mm
    )


def recist_change_texts(sums: TargetSums) -> tuple[str, str | None, str]:
    """The change from the baseline (%), from the nadir (%; None when the nadir is 0 mm) and from the nadir
    in mm (signed), from the exact sums and never rounded across the rule each is compared with (-30%,
    +20%, +5 mm): the same texts as the RECIST explanation (``recist_changes_as_written``)."""
    return recist_changes_as_written(
        baseline_sum_mm=sums.baseline_mm, nadir_sum_mm=sums.nadir_mm, current_sum_mm=sums.now_mm
    )


@dataclass(frozen=True)
class RecistBoundaries:
    """Where the current sum would cross into PR or PD (derived from the RECIST 1.1 rules). After a complete
    response at the nadir (``complete_at_nadir``) any reappearance is PD, whatever its size: there is no PD
    line to draw, and ``pd_at_or_above_mm`` is the sum-based line that does not apply. Each line is kept
    exact (``pr_exact_mm``, ``pd_exact_mm``: from the sums as typed), as the grade compares with it; the float
    is only where the chart draws it."""

    pr_exact_mm: Fraction
    pd_exact_mm: Fraction
    complete_at_nadir: bool = False

    @property
    def pr_at_or_below_mm(self) -> float:
        return float(self.pr_exact_mm)

    @property
    def pd_at_or_above_mm(self) -> float:
        return float(self.pd_exact_mm)


def recist_boundaries(
    *, baseline_mm: float, nadir_mm: float, nadir_node_axes_mm: Sequence[float] = ()
) -> RecistBoundaries:
    """PR: sum <= baseline x 0.7. PD: sum >= nadir x 1.2 and >= nadir + 5 mm (the larger of the two), unless
    the nadir was a complete response (``nadir_node_axes_mm``: the target nodes' short axes at the nadir)."""
    base, nadir = Fraction(repr(baseline_mm)), Fraction(repr(nadir_mm))
    pr = base * (100 - RECIST_PR_DECREASE_PERCENT) / 100
    pd = max(nadir * (100 + RECIST_PD_INCREASE_PERCENT) / 100, nadir + RECIST_PD_ABSOLUTE_MM)
    complete = complete_response_at_nadir(
        nadir_sum_mm=nadir_mm, target_node_short_axes_at_nadir_mm=tuple(nadir_node_axes_mm)
    )
    return RecistBoundaries(pr_exact_mm=pr, pd_exact_mm=pd, complete_at_nadir=complete)


def sums_boundaries(sums: TargetSums) -> RecistBoundaries:
    """``recist_boundaries`` of a validated target table."""
    return recist_boundaries(
        baseline_mm=sums.baseline_mm, nadir_mm=sums.nadir_mm, nadir_node_axes_mm=sums.node_short_axes_nadir_mm
    )


RECIST_REAPPEARANCE_LINE = "PD: any reappearance after the complete response at the nadir"


def _line_text(line: Fraction, now_mm: float) -> str:
    """A RECIST line's exact value to 2 decimals, trailing zeros dropped (32.9, 70), with more where 2 would
    put it onto the current sum or on its other side. From the exact line, not its float: 70% of a baseline
    of 10.000000000000005 mm is 7.0000000000000035 mm, whose nearest float reads 7.0000000000000036, the very
    sum typed, which is above the line (SD)."""
    text = format_exact(line, now_mm, decimals=2)
    return text if "e" in text else format(Decimal(text).normalize(), "f")  # an exponent stays one


def recist_boundary_texts(sums: TargetSums, boundaries: RecistBoundaries) -> tuple[str, str]:
    """The PR and PD lines as the chart's legend and its alt text write them: each line's exact value to 2
    decimals, with more where 2 would put it onto or on the other side of the current sum (a line '25 mm'
    beside a sum of 25 mm that is just short of it), so the chart and the grade agree; after a complete
    response at the nadir, the PD text says that any reappearance is PD (the +20%/+5 mm line does not
    apply)."""
    pr_text = f"PR at or below {_line_text(boundaries.pr_exact_mm, sums.now_mm)} mm (30% under baseline)"
    if boundaries.complete_at_nadir:
        return pr_text, RECIST_REAPPEARANCE_LINE
    pd = _line_text(boundaries.pd_exact_mm, sums.now_mm)
    return pr_text, f"PD at or above {pd} mm (20% and 5 mm over nadir)"


def figure_1_targets(catalog: Catalog) -> str:
    """The review's Figure 1 patient as a target table: one liver lesion, 9.6 cm -> 7.0 cm, in mm."""
    record = catalog.get(FIGURE_1_RESPONSE_ID)
    before = Fraction(repr(record.value("maximum diameter before chemotherapy").value)) * 10
    after = Fraction(repr(record.value("maximum diameter after chemotherapy").value)) * 10
    return (
        f"liver:{format_number(float(before))}/{format_number(float(before))}/{format_number(float(after))}"
    )
