"""Frozen content models: every number the app shows travels in one of these."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from .formatting import format_figure, unit_for, written_places

MIN_REF = 1
MAX_REF = 112

Section = Literal[
    "abstract",
    "introduction",
    "rationale",
    "regimens",
    "biologics",
    "resectable",
    "unresectable",
    "guidelines",
    "timing",
    "risk_scores",
    "monitoring",
    "imaging",
    "cea",
    "dlm",
    "margins",
    "flr",
    "immunotherapy",
    "intra_arterial",
    "conclusion",
    "figure_1",
    "figure_2",
    "table_1",
    "table_2",
]

SECTION_TITLES: dict[str, str] = {
    "abstract": "Abstract",
    "introduction": "Introduction",
    "rationale": "Rationale for neoadjuvant chemotherapy",
    "regimens": "Chemotherapy regimens",
    "biologics": "Biological agents",
    "resectable": "Initially resectable disease",
    "unresectable": "Initially unresectable disease",
    "guidelines": "Current guidelines",
    "timing": "Timing and duration",
    "risk_scores": "Clinical risk scoring",
    "monitoring": "Monitoring response to therapy",
    "imaging": "Imaging",
    "cea": "CEA monitoring",
    "dlm": "Disappearing liver metastases",
    "margins": "Resection margins",
    "flr": "Future liver remnant",
    "immunotherapy": "Immunotherapy",
    "intra_arterial": "Intra-arterial therapies",
    "conclusion": "Conclusion",
    "figure_1": "Figure 1 (radiographic response)",
    "figure_2": "Figure 2 (disappearing metastasis)",
    "table_1": "Table 1 (advantages and disadvantages)",
    "table_2": "Table 2 (guidelines)",
}

EvidenceKind = Literal[
    "epidemiology",
    "efficacy",
    "safety",
    "diagnostic",
    "prognostic",
    "threshold",
    "recommendation",
    "definition",
    "mechanism",
    "trial_design",
    "case",
]

STAT_UNITS = ("P", "HR", "RR")

Comparator = Literal["=", "<", ">", "<=", ">=", "~", "up to"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Value(_Frozen):
    """One figure with its unit; a range keeps both ends (``value`` to ``high``)."""

    label: str = Field(min_length=1)
    value: float
    high: float | None = None
    unit: str = ""
    comparator: Comparator = "="
    # The decimals of ``value`` and ``high`` as the data writes them: a float field reads 81.0 as 81, and the
    # review's 81.0 months was shown as "81 months" beside a statement that says 81.0.
    _places: tuple[int, int] = PrivateAttr(default=(0, 0))

    @model_validator(mode="wrap")
    @classmethod
    def _keep_written_places(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Value:
        value: Value = handler(data)
        if isinstance(data, dict):
            value._places = (written_places(data.get("value")), written_places(data.get("high")))
        return value

    @model_validator(mode="after")
    def _range_ordered(self) -> Value:
        if self.high is not None and self.high < self.value:
            raise ValueError(f"high: range end {self.high} is below its start {self.value}")
        return self

    def display(self) -> str:
        """Human-readable figure, e.g. ``40-50%``, ``P < 0.01``, ``HR = 0.69``, ``up to 35%``."""
        low, high = self._places
        number = (
            format_figure(self.value, low)
            if self.high is None
            else f"{format_figure(self.value, low)}-{format_figure(self.high, high)}"
        )
        if self.unit in STAT_UNITS:
            return f"{self.unit} {self.comparator} {number}"
        prefix = "" if self.comparator == "=" else f"{self.comparator} "
        if self.unit == "year":
            return f"{prefix}{number}"
        if self.unit == "%":
            return f"{prefix}{number}%"
        # "1 year" but "1.0 years": a figure written with decimals reads plural, as a measurement does
        unit = self.unit if self.high is not None or low else unit_for(self.value, self.unit)
        return f"{prefix}{number} {unit}".strip()


class Reference(_Frozen):
    """One entry of the review's reference list, with identifiers only where verified."""

    number: int = Field(ge=MIN_REF, le=MAX_REF)
    first_author: str | None = None
    year: int | None = Field(default=None, ge=1950, le=2030)
    journal: str | None = None
    title: str | None = None
    trial: str | None = None
    pmid: str | None = Field(default=None, pattern=r"^[0-9]{6,9}$")
    doi: str | None = Field(default=None, pattern=r"^10\.[0-9]{4,9}/\S+$")
    status: Literal["verified", "partial", "unverified", "unmapped"] = "unmapped"

    @model_validator(mode="after")
    def _identifiers_only_if_verified(self) -> Reference:
        if self.status != "verified" and (self.pmid or self.doi):
            raise ValueError("status: a PMID or DOI may only be given for a verified reference")
        return self

    def label(self) -> str:
        """Short label: study or trial name and year where known, else just the number."""
        parts = [p for p in (self.trial, self.first_author) if p]
        who = " / ".join(parts)
        if who and self.year:
            return f"[{self.number}] {who} {self.year}"
        if who:
            return f"[{self.number}] {who}"
        return f"[{self.number}]"


class Evidence(_Frozen):
    """A claim of the review in our own words, with its figures and the review's reference numbers.

    ``review_own`` marks figures the review states without a bracketed reference (its own figure
    legends and tables); they are cited to the review itself. ``derived`` marks figures we computed.
    ``figures_from`` names the paper the figures are taken from where the review does not give them (a
    caveat says why the primary source is followed); a chart of them says so instead of "as the review
    reports it".
    """

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    section: Section
    statement: str = Field(min_length=10)
    values: tuple[Value, ...] = ()
    refs: tuple[int, ...] = ()
    entities: tuple[str, ...] = ()
    kind: EvidenceKind
    derived: bool = False
    review_own: bool = False
    derived_from: tuple[str, ...] = ()
    figures_from: str | None = None
    note: str | None = None

    @field_validator("refs")
    @classmethod
    def _refs_in_range(cls, refs: tuple[int, ...]) -> tuple[int, ...]:
        for ref in refs:
            if not MIN_REF <= ref <= MAX_REF:
                raise ValueError(f"reference number {ref} is outside {MIN_REF}-{MAX_REF}")
        if len(set(refs)) != len(refs):
            raise ValueError("reference numbers repeat")
        return refs

    @model_validator(mode="after")
    def _numbers_are_cited(self) -> Evidence:
        if self.values and not (self.refs or self.derived or self.review_own):
            raise ValueError(
                "refs: the record has values but no reference numbers;"
                " cite it, or mark it derived or review_own"
            )
        if self.derived and not self.derived_from:
            raise ValueError("derived_from: a derived record must list the evidence ids it is computed from")
        return self

    def value(self, label: str) -> Value:
        """The value with this label (KeyError names it if absent)."""
        for val in self.values:
            if val.label == label:
                return val
        raise KeyError(f"{self.id} has no value labelled {label!r}")


class Caveat(_Frozen):
    """A known problem of the review and what the product shows instead."""

    number: int = Field(ge=1)
    title: str = Field(min_length=3)
    explanation: str = Field(min_length=10)
    evidence_ids: tuple[str, ...] = Field(min_length=1)


class GlossaryTerm(_Frozen):
    """An abbreviation or technical term with a one-line plain definition, and where its figures come from.

    A definition that states a figure (RECIST's 30%, Fong's 200 ng/mL) carries its source, shown with it:
    ``evidence_ids``, review records whose figures it uses, and/or ``primary_source``, the short name of a
    primary definition the review relies on without defining it (``catalog.GLOSSARY_PRIMARY_SOURCES``).
    The catalog checks both exist.
    """

    term: str = Field(min_length=1)
    expansion: str | None = None
    definition: str = Field(min_length=5)
    aliases: tuple[str, ...] = ()
    evidence_ids: tuple[str, ...] = ()
    primary_source: str | None = Field(default=None, min_length=1)


class TableOneItem(_Frozen):
    """One row of the review's Table 1, linked to the evidence that backs it in the text."""

    side: Literal["advantage", "disadvantage"]
    order: int = Field(ge=1)
    text: str = Field(min_length=3)
    evidence_ids: tuple[str, ...] = ()
