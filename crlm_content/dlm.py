"""Disappearing liver metastases (DLM): lesion table checks, the review's risk factors, rows (pure). The
recurrence-free survival chart drawn from these is ``crlm_content.figures.dlm``.

The review names risk factors, not a model: a lesion under 2 cm, a lesion deeper than 1 cm into the liver,
and a longer course of neoadjuvant chemotherapy (refs [80, 85]). This module says which factors a lesion
has; it never turns them into a probability. The review gives no cut-off for "longer", so none is used.

Boundaries follow the review's words exactly: a diameter < 2 cm flags (2.0 cm does not); a depth > 1 cm
flags (1.0 cm does not). The thresholds equal the values of the record ``dlm-risk-factors`` (unit test).

Lesion tables travel in the URL as ``size x depth x segment`` items separated by commas, an empty part
meaning "not given": ``1.5x0.8x6,3x2x7`` or ``xx5``.

Educational use only; not for clinical decisions.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .catalog import Catalog
from .formatting import format_number
from .search import citation_text
from .timing import CYCLE_LENGTH_MAX_WEEKS, CYCLES_MAX, WEEKS_MAX, cycles_to_weeks
from .tools.common import link_number, link_number_text, typed_cell_number
from .urlstate import read_link_entries
from .validation import is_blank as _blank
from .validation import require_at_most, require_positive

DEFINITION_ID = "dlm-definition"  # what a DLM is: the explorer's opening lines, on every tab
RISK_FACTORS_ID = "dlm-risk-factors"
SIZE_LABEL = "lesion diameter"
DEPTH_LABEL = "depth below the liver surface"
SIZE_THRESHOLD_CM = 2.0  # a lesion flags when its diameter is < 2 cm (2.0 does not)
DEPTH_THRESHOLD_CM = 1.0  # a lesion flags when it lies > 1 cm below the liver surface (1.0 does not)

RFS_ID = "dlm-intrahepatic-rfs"
COMPLICATIONS_ID = "timing-long-chemo-short-interval"  # cited under the plan's duration comparison
COMPLICATIONS_DURATION_LABEL = "duration of chemotherapy"
REPORTED_IDS: tuple[str, ...] = (
    "dlm-incidence",
    "dlm-residual-disease-after-complete-response",
    "monitoring-complete-response-viable-tumour",
)
FIGURE_2_IDS: tuple[str, ...] = ("figure-2-case", "figure-2-treatment-disappearance", "figure-2-recurrence")

# Plausibility limits of the input table (not clinical claims): beyond them a unit was probably mistyped.
MAX_SIZE_CM = 30.0
MAX_DEPTH_CM = 25.0
MIN_SEGMENT = 1
MAX_SEGMENT = 8
MAX_LESIONS = 20
# The longest planned course the explorer takes, whether entered as weeks or as cycles x cycle length: the
# cycles route's limits (24 cycles of up to 6 weeks, the treatment timing planner's), so one course has one
# limit however it is entered.
PLANNED_WEEKS_MAX = CYCLES_MAX * CYCLE_LENGTH_MAX_WEEKS

Column = Literal["size_cm", "depth_cm", "segment"]
COLUMNS: tuple[Column, ...] = ("size_cm", "depth_cm", "segment")
COLUMN_TITLES: dict[Column, str] = {"size_cm": "size (cm)", "depth_cm": "depth (cm)", "segment": "segment"}

NO_DURATION_CUTOFF = (
    "The review says DLM become more likely the longer the neoadjuvant chemotherapy, but gives no cut-off in "
    "weeks or cycles, so the explorer does not flag a duration."
)

FactorStatus = Literal["yes", "no", "not given"]


# ----------------------------------------------------------------------------------------------------------
# Lesion rows, the URL encoding and its parser
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LesionRow:
    """One table row as numbers; None is an empty cell (not given)."""

    size_cm: float | None = None
    depth_cm: float | None = None
    segment: float | None = None

    def cell(self, column: Column) -> float | None:
        value: float | None = getattr(self, column)
        return value


@dataclass(frozen=True)
class LesionParse:
    rows: tuple[LesionRow, ...]
    ignored: tuple[str, ...]  # one message per item that was not used, naming it


def lesion_cells(text: str) -> tuple[list[dict[str, float | None]], list[str]]:
    """The table text as editor rows (one cell per column, None when not given) and what was ignored."""
    parsed = parse_lesions(text)
    return [{column: row.cell(column) for column in COLUMNS} for row in parsed.rows], list(parsed.ignored)


def parse_lesions(text: str) -> LesionParse:
    """Read ``1.5x0.8x6,3x2x7`` (';' also separates items; an empty part is an empty cell), by the one
    convention of table links (``urlstate.read_link_entries``, key ``lesions``), each number read as the
    RECIST and CEA links read theirs (``tools.common.link_number``).

    Items that are not three numbers are ignored and reported; numbers out of range are kept, so that the
    table shows them and its check names the row and the column.
    """

    def read(item: str) -> LesionRow:
        parts = re.split(r"[xX]", item)
        if len(parts) != len(COLUMNS):
            raise ValueError("expected size x depth x segment")
        values: list[float | None] = []
        for column, part in zip(COLUMNS, parts, strict=True):
            try:
                values.append(link_number(part))
            except ValueError as exc:
                raise ValueError(f"{COLUMN_TITLES[column]}: {exc}") from None
        return LesionRow(*values)

    rows, ignored = read_link_entries(text, "lesions", read, limit=MAX_LESIONS, separators=",;")
    return LesionParse(tuple(rows), tuple(ignored))


def encode_lesions(rows: Sequence[LesionRow]) -> str:
    """The compact URL form of a table: ``size x depth x segment`` items joined by commas."""
    return ",".join("x".join(link_number_text(row.cell(column)) for column in COLUMNS) for row in rows)


def encode_lesion_cells(records: Sequence[Mapping[str, object]]) -> str:
    """An edited table as its link carries it: the rows ``check_table`` keeps, encoded."""
    return encode_lesions(check_table(records).url_rows)


# ----------------------------------------------------------------------------------------------------------
# Checking an edited table
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lesion:
    """A row that passed the checks; None is a value the user did not give."""

    row: int  # 1-based position in the table
    size_cm: float | None
    depth_cm: float | None
    segment: int | None


@dataclass(frozen=True)
class TableRow:
    row: int  # 1-based position in the table as shown
    cells: LesionRow  # the numbers read (an unreadable cell is empty here)
    problems: tuple[str, ...]  # "size (cm): ..." (the row is named by TableCheck.problems)

    @property
    def lesion(self) -> Lesion | None:
        if self.problems:
            return None
        segment = self.cells.segment
        return Lesion(
            self.row, self.cells.size_cm, self.cells.depth_cm, None if segment is None else int(segment)
        )


@dataclass(frozen=True)
class TableCheck:
    rows: tuple[TableRow, ...]  # the non-empty rows, at most MAX_LESIONS
    problems: tuple[str, ...]  # every message, each naming its row and column
    skipped_empty: int  # rows with every cell empty (left out, not an error)

    @property
    def lesions(self) -> tuple[Lesion, ...]:
        return tuple(lesion for row in self.rows if (lesion := row.lesion) is not None)

    @property
    def url_rows(self) -> tuple[LesionRow, ...]:
        return tuple(row.cells for row in self.rows)


EMPTY_TABLE_MESSAGE = (
    "The lesion table is empty: add at least one row with the lesion's size, depth and segment "
    "(leave a cell empty if it is not known)."
)


def check_table(records: Sequence[Mapping[str, object]]) -> TableCheck:
    """Check an edited lesion table (one mapping per row, keys ``size_cm``, ``depth_cm``, ``segment``).

    Never raises on cell content: every problem becomes a message naming the row and the column, e.g.
    ``Row 2, size (cm): -1 must be greater than 0 cm``. Empty cells are "not given", not errors.
    """
    rows: list[TableRow] = []
    problems: list[str] = []
    skipped = 0
    for position, record in enumerate(records, start=1):
        raw = {column: record.get(column) for column in COLUMNS}
        if all(_blank(value) for value in raw.values()):
            skipped += 1
            continue
        if len(rows) == MAX_LESIONS:
            problems.append(
                f"Row {position} and below: the explorer takes at most {MAX_LESIONS} lesions; "
                "the rest were not assessed."
            )
            break
        numbers_read: dict[Column, float | None] = {}
        row_problems: list[str] = []
        for column in COLUMNS:
            number, problem = _check_cell(column, raw[column])
            numbers_read[column] = number
            if problem:
                row_problems.append(f"{COLUMN_TITLES[column]}: {problem}")
        rows.append(TableRow(position, LesionRow(**numbers_read), tuple(row_problems)))
        problems.extend(f"Row {position}, {problem}" for problem in row_problems)
    if not rows:
        problems.insert(0, EMPTY_TABLE_MESSAGE)
    return TableCheck(tuple(rows), tuple(problems), skipped)


def _check_cell(column: Column, value: object) -> tuple[float | None, str | None]:
    """A cell read as the calculators' tables read theirs (``tools.common.typed_cell_number``: "0,5", "2 cm"
    or "1,000" refused, never guessed at, the cell quoted alike), then held to this table's ranges."""
    number, problem = typed_cell_number(value)
    if problem or number is None:
        return None, problem
    text = _as_entered(number)
    if column == "size_cm":
        if number <= 0:
            return number, f"{text} must be greater than 0 cm"
        if number > MAX_SIZE_CM:
            return (
                number,
                f"{text} is above {MAX_SIZE_CM:g} cm: check the unit (centimetres, not millimetres)",
            )
    elif column == "depth_cm":
        if number < 0:
            return number, f"{text} cannot be negative (0 is a lesion at the surface)"
        if number > MAX_DEPTH_CM:
            return number, f"{text} is deeper than {MAX_DEPTH_CM:g} cm: check the unit (centimetres)"
    elif not number.is_integer() or not MIN_SEGMENT <= number <= MAX_SEGMENT:
        return (
            number,
            f"{text} is not a liver segment: use a whole number from {MIN_SEGMENT} to {MAX_SEGMENT}",
        )
    return number, None


# ----------------------------------------------------------------------------------------------------------
# The review's risk factors, lesion by lesion
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LesionAssessment:
    lesion: Lesion
    small: FactorStatus  # diameter < 2 cm
    deep: FactorStatus  # depth > 1 cm
    reasons: tuple[str, ...]

    @property
    def factors_present(self) -> tuple[str, ...]:
        present = []
        if self.small == "yes":
            present.append(f"under {SIZE_THRESHOLD_CM:g} cm")
        if self.deep == "yes":
            present.append(f"deeper than {DEPTH_THRESHOLD_CM:g} cm")
        return tuple(present)

    @property
    def factors_text(self) -> str:
        """The size and depth factors present, or why none can be named."""
        if self.factors_present:
            return ", ".join(self.factors_present)
        unknown = [
            name for name, status in (("size", self.small), ("depth", self.deep)) if status == "not given"
        ]
        if unknown:
            return "none known (" + " and ".join(unknown) + " not given)"
        return "neither size nor depth"


def is_small(size_cm: float) -> bool:
    """The review's size factor: a diameter under 2 cm (exactly 2 cm is not under 2 cm)."""
    return size_cm < SIZE_THRESHOLD_CM


def is_deep(depth_cm: float) -> bool:
    """The review's depth factor: deeper than 1 cm into the liver (exactly 1 cm is not deeper)."""
    return depth_cm > DEPTH_THRESHOLD_CM


def assess_lesion(lesion: Lesion) -> LesionAssessment:
    size, depth = lesion.size_cm, lesion.depth_cm
    small: FactorStatus
    deep: FactorStatus
    reasons = []
    if size is None:
        small = "not given"
        reasons.append(f"size not given: the under-{SIZE_THRESHOLD_CM:g}-cm factor cannot be checked")
    elif is_small(size):
        small = "yes"
        reasons.append(f"{_as_entered(size)} cm is under {SIZE_THRESHOLD_CM:g} cm")
    else:
        small = "no"
        reasons.append(f"{_as_entered(size)} cm is not under {SIZE_THRESHOLD_CM:g} cm")
    if depth is None:
        deep = "not given"
        reasons.append(f"depth not given: the deeper-than-{DEPTH_THRESHOLD_CM:g}-cm factor cannot be checked")
    elif is_deep(depth):
        deep = "yes"
        reasons.append(f"{_as_entered(depth)} cm deep is deeper than {DEPTH_THRESHOLD_CM:g} cm")
    else:
        deep = "no"
        reasons.append(f"{_as_entered(depth)} cm deep is not deeper than {DEPTH_THRESHOLD_CM:g} cm")
    return LesionAssessment(lesion, small, deep, tuple(reasons))


# ----------------------------------------------------------------------------------------------------------
# The planned chemotherapy
# ----------------------------------------------------------------------------------------------------------

PlanMode = Literal["cycles", "weeks"]


@dataclass(frozen=True)
class ChemoPlan:
    weeks: float | None  # None when the cycle length is not given
    arithmetic: str  # how the weeks were obtained, starting "Derived:" when computed
    derived: bool = False  # True when the weeks are our arithmetic (cycles x cycle length)

    @property
    def weeks_text(self) -> str:
        return "unknown" if self.weeks is None else f"{_as_entered(self.weeks)} weeks"


def chemo_plan(
    *, mode: PlanMode, cycles: int | None, cycle_weeks: float | None, weeks: float | None
) -> ChemoPlan:
    """The planned duration in weeks: from cycles x cycle length (derived) or as entered.

    Raises ``ValueError`` naming the argument for impossible or implausible values (zero cycles, a negative
    duration, more than 260 weeks, more than 24 cycles or cycles longer than 6 weeks: ``timing``'s limits).
    """
    if mode == "weeks":
        if weeks is None:
            return ChemoPlan(None, "Duration not given.")
        entered = require_positive(weeks, "weeks")
        require_at_most(entered, "weeks", WEEKS_MAX, unit="weeks")
        return ChemoPlan(entered, f"{_as_entered(entered)} weeks, as entered.")
    if cycles is None:
        return ChemoPlan(None, "Number of cycles not given.")
    if cycle_weeks is None:
        cycles_to_weeks(cycles=cycles, cycle_length_weeks=1)  # validates cycles
        return ChemoPlan(
            None, f"{cycles} cycles; the cycle length is not given, so the duration in weeks is unknown."
        )
    total = cycles_to_weeks(cycles=cycles, cycle_length_weeks=cycle_weeks)
    return ChemoPlan(
        total,
        f"Derived: {cycles} cycles x {_as_entered(float(cycle_weeks))} weeks = {_as_entered(total)} weeks.",
        derived=True,
    )


def duration_comparison(catalog: Catalog, plan: ChemoPlan) -> str:
    """The planned weeks beside the 12-week complication finding, said to be a different finding."""
    record = catalog.get(COMPLICATIONS_ID)
    limit = record.value(COMPLICATIONS_DURATION_LABEL)
    return (
        f"Planned: {plan.weeks_text}. For comparison only, a different finding: one report linked "
        f"{limit.display()} of chemotherapy to more postoperative complications "
        f"({citation_text(record.refs)}). "
        "That concerns complications after surgery, not DLM."
    )


def duration_cell(plan: ChemoPlan) -> str:
    if plan.weeks is None:
        return "duration not known; no cut-off in the review"
    return f"{plan.weeks_text} planned; no cut-off in the review"


def assessment_table(check: TableCheck, plan: ChemoPlan) -> list[dict[str, object]]:
    """One row per non-empty table row: the values, each factor, and the reasoning (or why not assessed)."""
    out: list[dict[str, object]] = []
    for table_row in check.rows:
        cells = table_row.cells
        base: dict[str, object] = {
            "row": table_row.row,
            "segment": None if cells.segment is None else _as_entered(cells.segment),
            "size (cm)": cells.size_cm,
            "depth (cm)": cells.depth_cm,
        }
        lesion = table_row.lesion
        if lesion is None:
            out.append(
                base
                | {
                    f"under {SIZE_THRESHOLD_CM:g} cm": "not assessed",
                    f"deeper than {DEPTH_THRESHOLD_CM:g} cm": "not assessed",
                    "factors present": "",
                    "reasoning": "not assessed: " + "; ".join(table_row.problems),
                    "longer chemotherapy": duration_cell(plan),
                }
            )
            continue
        assessed = assess_lesion(lesion)
        out.append(
            base
            | {
                f"under {SIZE_THRESHOLD_CM:g} cm": assessed.small,
                f"deeper than {DEPTH_THRESHOLD_CM:g} cm": assessed.deep,
                "factors present": assessed.factors_text,
                "reasoning": "; ".join(assessed.reasons),
                "longer chemotherapy": duration_cell(plan),
            }
        )
    return out


@dataclass(frozen=True)
class LesionSummary:
    """One row of ``assessment_table`` in words, to read on any screen (a grid hides its last columns on a
    phone, and the reasoning is the last)."""

    row: int
    held: str  # what the row holds: "segment 6, 1.5 cm, 0.5 cm deep"
    flags: tuple[tuple[str, str], ...]  # (factor, yes / no / not given); empty when the row is not assessed
    reasoning: str


def _missing(column: Column, refused: set[Column]) -> str:
    """An empty value in a row's summary: a refused cell was given and not read, an empty one not given."""
    name = COLUMN_TITLES[column].split(" (")[0]
    return f"{name} not read" if column in refused else f"{name} not given"


def lesion_summaries(check: TableCheck, plan: ChemoPlan) -> tuple[LesionSummary, ...]:
    """``assessment_table(check, plan)`` lesion by lesion, in words (the duration is the same for every
    lesion and is shown once, beside the plan)."""
    size_flag, depth_flag = f"under {SIZE_THRESHOLD_CM:g} cm", f"deeper than {DEPTH_THRESHOLD_CM:g} cm"
    out = []
    for table_row, row in zip(check.rows, assessment_table(check, plan), strict=True):
        segment, size, depth = row["segment"], row["size (cm)"], row["depth (cm)"]
        refused = {
            column
            for column, title in COLUMN_TITLES.items()
            for p in table_row.problems
            if p.startswith(title)
        }
        held = [
            f"segment {segment}" if segment is not None else _missing("segment", refused),
            f"{_as_entered(float(size))} cm"
            if isinstance(size, numbers.Real)
            else _missing("size_cm", refused),
            f"{_as_entered(float(depth))} cm deep"
            if isinstance(depth, numbers.Real)
            else _missing("depth_cm", refused),
        ]
        assessed = row[size_flag] != "not assessed"
        flags = ((size_flag, str(row[size_flag])), (depth_flag, str(row[depth_flag]))) if assessed else ()
        out.append(LesionSummary(int(str(row["row"])), ", ".join(held), flags, str(row["reasoning"])))
    return tuple(out)


# ----------------------------------------------------------------------------------------------------------
# Management options and the Figure 2 example
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ManagementOption:
    title: str
    text: str
    evidence_id: str


def management_options(catalog: Catalog) -> tuple[ManagementOption, ...]:
    """The review's options for lesions at risk, in our words, each with the record that backs it."""
    ious = catalog.get("imaging-intraoperative-comparison").value("contrast-enhanced IOUS sensitivity")
    return (
        ManagementOption(
            "Fiducial marker before chemotherapy",
            "Mark a lesion at risk while it can still be seen, so that its site can be found at surgery if "
            "it disappears on imaging.",
            "dlm-fiducial-marker",
        ),
        ManagementOption(
            "Contrast-enhanced intraoperative ultrasound",
            f"The most sensitive of the methods compared in the study the review cites ({ious.display()}).",
            "imaging-intraoperative-comparison",
        ),
        ManagementOption(
            "Resect the original sites",
            "Where DLM were left in place, intrahepatic recurrence-free survival was lower than where the "
            "original sites were resected (see the chart).",
            RFS_ID,
        ),
        ManagementOption(
            "Upfront surgery for the highest-risk lesions",
            "Patients at the highest risk of DLM may do better with surgery before any chemotherapy, where "
            "that is clinically feasible.",
            "dlm-upfront-surgery-highest-risk",
        ),
    )


@dataclass(frozen=True)
class Figure2Example:
    segment: int
    cycles: int
    lesions_text: str  # size and depth left empty: the review does not give them


def figure_2_example(catalog: Catalog) -> Figure2Example:
    """The Figure 2 patient: one segment-5 lesion after 6 cycles; size, depth and cycle length unknown."""
    segment = int(catalog.get("figure-2-case").value("liver segment involved (Couinaud number)").value)
    cycles = int(catalog.get("figure-2-treatment-disappearance").value("chemotherapy cycles").value)
    return Figure2Example(segment, cycles, encode_lesions([LesionRow(None, None, float(segment))]))


# ----------------------------------------------------------------------------------------------------------
# Intrahepatic recurrence-free survival: DLM left in situ vs original sites resected [80]
# ----------------------------------------------------------------------------------------------------------

RFS_GROUPS: tuple[tuple[str, str], ...] = (
    ("DLM left untreated", "DLM left in situ"),
    ("original sites resected", "original sites resected"),
)


@dataclass(frozen=True)
class RfsPoint:
    group: str  # as shown
    years: int
    rfs: float  # percent


def rfs_points(catalog: Catalog) -> tuple[RfsPoint, ...]:
    record = catalog.get(RFS_ID)
    times = [
        int(record.value("first time point").value),
        int(record.value("second time point").value),
    ]
    return tuple(
        RfsPoint(shown, years, record.value(f"{years}-year intrahepatic RFS, {label}").value)
        for label, shown in RFS_GROUPS
        for years in times
    )


def rfs_p_value(catalog: Catalog) -> str:
    return catalog.get(RFS_ID).value("P value").display()


def rfs_alt(catalog: Catalog) -> str:
    """The chart's description. The P value has a sentence of its own, saying it belongs to no stated
    comparison, as the note under the chart does: "(P = 0.04, ref. [80])" right after the 3-year pair read
    as that pair's P, where the review gives one P after both time points (the record's caveat, 19)."""
    points = rfs_points(catalog)
    parts = [f"{p.group} {p.rfs:g}% at {years_text(p.years)}" for p in points]
    cited = citation_text(catalog.get(RFS_ID).refs)
    caveats = ", ".join(str(c.number) for c in catalog.caveats_for(RFS_ID))
    which = f" ({'caveats' if ',' in caveats else 'caveat'} {caveats})" if caveats else ""
    return (
        f"Grouped bars of intrahepatic recurrence-free survival ({cited}): "
        + "; ".join(parts)
        + f". {rfs_p_value(catalog)} ({cited}): for which comparison, the review does not say{which}."
    )


# ----------------------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------------------


def years_text(years: int) -> str:
    """ "1 year", "3 years"."""
    return f"{years} year" if years == 1 else f"{years} years"


def _as_entered(number: float) -> str:
    """Sizes, depths and weeks exactly as entered (1.5, 3): the same text reads back from the link."""
    return format_number(number, decimals=None)
