"""The study data's schema: a study the review reports, its arms, and endpoints whose figures point at the
Evidence records they come from (a record id and that record's value label: the number itself is never
typed twice)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Design = Literal[
    "randomised", "prospective", "retrospective", "meta-analysis", "pooled", "ongoing", "not stated"
]
Question = Literal[
    "resectable",
    "adjuvant",
    "biologic",
    "timing",
    "molecular",
    "imaging",
    "monitoring",
    "conversion",
    "surgery",
]
# "overall": the review gives one P value for a comparison shown at several time points (caveat 19); no one
# time point is called significant on its own.
Significance = Literal["significant", "not significant", "overall", "not stated", "no comparison"]
Role = Literal["primary", "secondary", "not stated"]
# Where a design or an endpoint's role comes from: the review's text, or the trial's own reports (the review
# calls BECOME only "the BECOME trial" and never names New EPOC's primary endpoint).
LabelSource = Literal["review", "trial reports"]
FROM_TRIAL_REPORTS = "per trial reports"  # a design or role the review does not state

QUESTIONS: tuple[Question, ...] = (
    "resectable",
    "adjuvant",
    "biologic",
    "timing",
    "conversion",
    "molecular",
    "imaging",
    "monitoring",
    "surgery",
)
QUESTION_LABELS: dict[str, str] = {
    "resectable": "Chemotherapy before surgery in resectable disease?",
    "adjuvant": "Chemotherapy after resection (adjuvant)?",
    "biologic": "Which biologic or immunotherapy?",
    "timing": "Timing and duration of chemotherapy?",
    "conversion": "Converting unresectable disease?",
    "molecular": "What do molecular markers (KRAS, BRAF) predict?",
    "imaging": "Which imaging, before and during surgery?",
    "monitoring": "Monitoring response: CEA beside imaging?",
    "surgery": "Surgical choices: margins, two-stage resection, vanished lesions?",
}
DESIGN_LABELS: dict[str, str] = {
    "randomised": "randomised trial",
    "prospective": "prospective study",
    "retrospective": "retrospective study",
    "meta-analysis": "meta-analysis",
    "pooled": "pooled analysis of trials",
    "ongoing": "ongoing trial (no results yet)",
    "not stated": "design not stated by the review",
}
SIGNIFICANCE_LABELS: dict[str, str] = {
    "significant": "significant",
    "not significant": "not significant",
    "overall": "significant overall, not per time point",
    "not stated": "significance not stated by the review",
    "no comparison": "one group: no comparison",
}
ROLE_LABELS: dict[str, str] = {
    "primary": "primary endpoint",
    "secondary": "secondary endpoint",
    "not stated": "",
}

# A free-text field may name a trial or a regimen (EORTC 40983, mFOLFOX6, V600E) but never state a figure:
# a standalone number here would be a number no record carries. Digits that the study's name carries pass.
_NUMBER = re.compile(r"(?<![\w.-])\d+(?:[.,]\d+)?(?![\w-])")
_TRIAL_NUMBER = re.compile(r"\b[A-Z]{2,}\s\d+\b")  # EORTC 40983, FFCD 9002: a trial's name, not a figure


def stray_numbers(text: str, allowed: str = "") -> list[str]:
    """Standalone numbers in ``text`` that the ``allowed`` text (the study's name) does not carry; a number
    that follows a trial group's acronym (EORTC 40983) is a name."""
    known = set(_NUMBER.findall(allowed))
    return [n for n in _NUMBER.findall(_TRIAL_NUMBER.sub("", text)) if n not in known]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Figure(_Frozen):
    """One number, by reference: the Evidence record and the label of its value."""

    evidence_id: str = Field(min_length=1)
    label: str = Field(min_length=1)


class ArmFigure(Figure):
    """An arm's figure on an endpoint."""

    arm: str = Field(pattern=r"^[a-z0-9-]+$")


class Arm(_Frozen):
    key: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=1, max_length=40)  # a chart's axis label: short


class Endpoint(_Frozen):
    key: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=1, max_length=60)
    role: Role = "not stated"
    role_from: LabelSource = "review"
    values: tuple[
        ArmFigure, ...
    ] = ()  # per arm, as the review gives them (none: the review gives no figures)
    effect: Figure | None = None  # a ratio (HR, RR) of ``effect_arms[0]`` against ``effect_arms[1]``
    effect_arms: tuple[str, str] | None = None
    p: Figure | None = None  # None: the review gives no P value ("not given")
    significance: Significance
    finding: str = Field(min_length=5)  # our words, no figures
    note: str | None = None  # our words, no figures (a caveat, how to read it)
    details: tuple[Figure, ...] = ()  # further figures of this endpoint (a time point, an absolute gain)

    @model_validator(mode="after")
    def _consistent(self) -> Endpoint:
        arms = [v.arm for v in self.values]
        if len(set(arms)) != len(arms):
            raise ValueError("values: an arm has two figures on one endpoint")
        if (self.effect is None) != (self.effect_arms is None):
            raise ValueError("effect_arms: a ratio needs the two arms it compares, and only a ratio has them")
        compared = len(arms) >= 2 or self.effect is not None
        if self.significance == "no comparison" and (compared or self.p is not None):
            raise ValueError("significance: 'no comparison' for an endpoint that compares groups")
        if self.role_from != "review" and self.role == "not stated":
            raise ValueError("role_from: only a stated role has a source")
        if self.p is not None and self.significance not in ("significant", "not significant", "overall"):
            raise ValueError("significance: a P value is given, so say whether it is significant")
        return self


class Study(_Frozen):
    key: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=2, max_length=70)
    design: Design
    design_from: LabelSource = "review"
    questions: tuple[Question, ...] = Field(min_length=1)
    population: str = Field(min_length=5)
    arms: tuple[Arm, ...] = Field(min_length=1)
    size: Figure | None = None  # where the review gives it
    follow_up: Figure | None = None  # where the review gives it
    facts: tuple[Figure, ...] = ()  # other figures of the design (cycles, eligibility)
    endpoints: tuple[Endpoint, ...] = ()
    verdict: str = Field(min_length=5, max_length=140)  # one line, our words
    meaning: str = Field(min_length=10)  # one sentence, ours: what it means for neoadjuvant chemotherapy
    evidence_ids: tuple[str, ...] = Field(min_length=1)  # the records behind it, shown as evidence cards

    @model_validator(mode="after")
    def _consistent(self) -> Study:
        keys = [arm.key for arm in self.arms]
        if len(set(keys)) != len(keys):
            raise ValueError("arms: two arms have the same key")
        if len(set(self.questions)) != len(self.questions):
            raise ValueError("questions: a question repeats")
        if len(set(self.evidence_ids)) != len(self.evidence_ids):
            raise ValueError("evidence_ids: an id repeats")
        ends = [e.key for e in self.endpoints]
        if len(set(ends)) != len(ends):
            raise ValueError("endpoints: two endpoints have the same key")
        if self.design_from != "review" and self.design == "not stated":
            raise ValueError("design_from: only a stated design has a source")
        if self.design == "ongoing":
            if self.endpoints or self.size or self.follow_up or self.facts:
                raise ValueError("endpoints: an ongoing study has no results in the review")
        elif not self.endpoints:
            raise ValueError("endpoints: a study with results needs at least one endpoint")
        for endpoint in self.endpoints:
            used = [v.arm for v in endpoint.values] + list(endpoint.effect_arms or ())
            for arm in used:
                if arm not in keys:
                    raise ValueError(f"endpoints: endpoint {endpoint.key!r} names unknown arm {arm!r}")
        texts = {"population": self.population, "verdict": self.verdict, "meaning": self.meaning}
        texts.update({f"arms.{a.key}": a.name for a in self.arms})
        for e in self.endpoints:
            texts[f"endpoints.{e.key}.name"] = e.name
            texts[f"endpoints.{e.key}.finding"] = e.finding
            if e.note:
                texts[f"endpoints.{e.key}.note"] = e.note
        for where, text in texts.items():
            if stray := stray_numbers(text, self.name):
                raise ValueError(f"{where}: states a figure ({stray[0]}); point at its record instead")
        return self

    def figures(self) -> tuple[Figure, ...]:
        """Every number of the study, by reference."""
        found: list[Figure] = [f for f in (self.size, self.follow_up) if f is not None]
        found += self.facts
        for e in self.endpoints:
            found += [*e.values, *(f for f in (e.effect, e.p) if f is not None), *e.details]
        return tuple(found)

    def arm_name(self, key: str) -> str:
        return next(arm.name for arm in self.arms if arm.key == key)


def design_label(study: Study) -> str:
    """The design in words, with its source where it is the trial's reports rather than the review."""
    label = DESIGN_LABELS[study.design]
    # as the endpoint roles say it: a bracket of its own nested in the at-a-glance list's brackets
    return f"{label}, {FROM_TRIAL_REPORTS}" if study.design_from == "trial reports" else label


def role_label(endpoint: Endpoint) -> str:
    """The endpoint's role in words ("" when not stated), with its source where it is the trial's reports."""
    label = ROLE_LABELS[endpoint.role]
    # short: a chart panel's heading keeps a bracket on one line of at most 40 characters
    return f"{label}, {FROM_TRIAL_REPORTS}" if label and endpoint.role_from == "trial reports" else label
