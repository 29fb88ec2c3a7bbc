"""Generated practice: ``generate`` draws random but plausible patients with ``random.Random(seed)``, so one
seed always gives the same set, and keys them with the same functions the calculator pages call
(``GENERATOR_RANGES`` documents each generator's ranges).

Pure Python (no streamlit). Educational use only; not for clinical decisions.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..formatting import format_near
from ..liver import estimated_total_liver_volume_ml, standardized_flr_percent
from ..response import cea_response, recist_response
from ..scores import fong_score
from .model import (
    RECIST_CATEGORY_NAMES,
    TOOL_PAGES,
    TOOL_THRESHOLDS,
    CalculatorRef,
    InputValue,
    NumericAnswer,
    Option,
    Question,
    Tool,
)


@dataclass(frozen=True)
class GeneratorRange:
    """One input a generator draws, its plausible range and how it is drawn."""

    name: str
    low: float
    high: float
    how: str


GENERATOR_RANGES: Mapping[Tool, tuple[GeneratorRange, ...]] = {
    "standardized_flr": (
        GeneratorRange("bsa_m2", 1.4, 2.4, "uniform, 2 decimals (adult body surface area)"),
        GeneratorRange(
            "flr_volume_ml", 140, 1350, "15%-60% of the estimated total liver volume, rounded to 10 mL"
        ),
    ),
    "recist": (
        GeneratorRange("baseline_sum_mm", 20, 200, "whole mm (1-5 target liver lesions)"),
        GeneratorRange("nadir_sum_mm", 9, 200, "whole mm, 45%-100% of the baseline"),
        GeneratorRange("current_sum_mm", 0, 300, "whole mm, 60%-150% of the nadir; 0 in 1 of 20 draws"),
        GeneratorRange("new_lesions", 0, 1, "true in 1 of 10 draws"),
    ),
    "fong_score": (
        GeneratorRange("node_positive", 0, 1, "true in half the draws"),
        GeneratorRange("disease_free_interval_months", 0, 60, "0 (synchronous) in 3 of 10 draws, else 1-60"),
        GeneratorRange("tumour_count", 1, 8, "whole number"),
        GeneratorRange("largest_tumour_cm", 0.5, 12.0, "uniform, 1 decimal"),
        GeneratorRange("cea_ng_ml", 1.0, 600.0, "log-uniform, 1 decimal"),
    ),
    "cea_change": (
        GeneratorRange("baseline_ng_ml", 5.0, 500.0, "log-uniform, 1 decimal"),
        GeneratorRange("current_ng_ml", 1.5, 750.0, "30%-150% of the baseline, 1 decimal"),
    ),
}
GENERATED_TOLERANCE: Mapping[Tool, float] = {
    "standardized_flr": 0.5,  # percentage points
    "recist": 0.0,
    "fong_score": 0.0,  # points
    "cea_change": 0.5,  # percentage points
}
GENERATED_EVIDENCE: Mapping[Tool, tuple[str, ...]] = {
    "standardized_flr": ("flr-ct-volumetry", "flr-threshold-normal-liver", "flr-threshold-injured-liver"),
    "recist": ("monitoring-recist-purpose", "monitoring-recist-poor-pathologic-prediction"),
    "fong_score": ("risk-scores-fong-review-items",),
    "cea_change": ("cea-decline-cutoff",),
}


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return float(10 ** rng.uniform(math.log10(low), math.log10(high)))


def _flr_question(rng: random.Random, key: str) -> Question:
    bsa = round(rng.uniform(1.4, 2.4), 2)
    etlv = estimated_total_liver_volume_ml(bsa_m2=bsa)
    flr = float(round(etlv * rng.uniform(0.15, 0.6) / 10) * 10)
    inputs: dict[str, InputValue] = {"flr_volume_ml": flr, "bsa_m2": bsa}
    percent = standardized_flr_percent(flr_volume_ml=flr, bsa_m2=bsa)
    # never rounded onto or across a threshold it is compared with (29.97% is not written 30.0%)
    shown = format_near(percent, *TOOL_THRESHOLDS["standardized_flr"], decimals=1)
    return Question(
        key=key,
        topic="resectability",
        kind="numeric",
        text=(
            f"CT volumetry measures a future liver remnant of {flr:.0f} mL in a patient with a body surface "
            f"area of {bsa:.2f} m². What is the standardized FLR, in % of the estimated total liver volume "
            "(Vauthey)?"
        ),
        answer=NumericAnswer(value=float(shown), tolerance=GENERATED_TOLERANCE["standardized_flr"], unit="%"),
        explanation=(
            f"Estimated total liver volume = -794.41 + 1267.28 x {bsa:.2f} = {etlv:.1f} mL; "
            f"standardized FLR = {flr:.0f} / {etlv:.1f} x 100 = {shown}%. Compare it with the "
            "threshold for this liver: at least 20% when normal, above 30% after extensive chemotherapy, "
            "above 40% with cirrhosis."
        ),
        evidence_ids=GENERATED_EVIDENCE["standardized_flr"],
        page=TOOL_PAGES["standardized_flr"],
        calculator=CalculatorRef(tool="standardized_flr", inputs=inputs),
    )


def _recist_question(rng: random.Random, key: str) -> Question:
    baseline = rng.randint(20, 200)
    nadir = max(9, min(baseline, round(baseline * rng.uniform(0.45, 1.0))))
    current = 0 if rng.random() < 0.05 else round(nadir * rng.uniform(0.6, 1.5))
    new = rng.random() < 0.1
    inputs: dict[str, InputValue] = {
        "baseline_sum_mm": float(baseline),
        "nadir_sum_mm": float(nadir),
        "current_sum_mm": float(current),
        "new_lesions": new,
    }
    result = recist_response(
        baseline_sum_mm=baseline, nadir_sum_mm=nadir, current_sum_mm=current, new_lesions=new
    )
    options = tuple(
        Option(text=name, correct=code == result.category, value=code)
        for code, name in RECIST_CATEGORY_NAMES.items()
    )
    return Question(
        key=key,
        topic="response",
        kind="single",
        text=(
            f"Target liver lesions on chemotherapy: sum of diameters {baseline} mm at baseline, smallest "
            f"sum so far (nadir) {nadir} mm, {current} mm today; new lesions: {'yes' if new else 'none'}. "
            "What is the RECIST v1.1 response?"
        ),
        options=options,
        explanation=result.explanation,
        evidence_ids=GENERATED_EVIDENCE["recist"],
        page=TOOL_PAGES["recist"],
        calculator=CalculatorRef(tool="recist", inputs=inputs),
        ordered=True,  # CR, PR, SD, PD: the categories' own order
    )


def _fong_question(rng: random.Random, key: str) -> Question:
    node = rng.random() < 0.5
    dfi = 0 if rng.random() < 0.3 else rng.randint(1, 60)
    count = rng.randint(1, 8)
    largest = round(rng.uniform(0.5, 12.0), 1)
    cea = round(_log_uniform(rng, 1.0, 600.0), 1)
    inputs: dict[str, InputValue] = {
        "node_positive": node,
        "disease_free_interval_months": float(dfi),
        "tumour_count": count,
        "largest_tumour_cm": largest,
        "cea_ng_ml": cea,
    }
    result = fong_score(
        node_positive=node,
        disease_free_interval_months=dfi,
        tumour_count=count,
        largest_tumour_cm=largest,
        cea_ng_ml=cea,
    )
    interval = "synchronous (found with the primary)" if dfi == 0 else f"{dfi} months after the primary"
    breakdown = "; ".join(f"{item.name}: {item.patient_value} -> {item.points}" for item in result.items)
    return Question(
        key=key,
        topic="prognosis",
        kind="numeric",
        text=(
            f"Primary {'node-positive' if node else 'node-negative'}; liver metastases {interval}; "
            f"{count} liver tumour{'s' if count > 1 else ''}, the largest {largest:g} cm; preoperative CEA "
            f"{cea:g} ng/mL. What is the Fong clinical risk score (five items)?"
        ),
        answer=NumericAnswer(value=result.points, tolerance=GENERATED_TOLERANCE["fong_score"], unit="points"),
        explanation=(
            f"{breakdown}. Total {result.points} of 5 ({result.risk_group} risk on the 0-2 / 3-5 grouping). "
            "Margin and extrahepatic disease are not items of the published score."
        ),
        evidence_ids=GENERATED_EVIDENCE["fong_score"],
        page=TOOL_PAGES["fong_score"],
        calculator=CalculatorRef(tool="fong_score", inputs=inputs),
    )


def _cea_question(rng: random.Random, key: str) -> Question:
    baseline = round(_log_uniform(rng, 5.0, 500.0), 1)
    current = round(baseline * rng.uniform(0.3, 1.5), 1)
    inputs: dict[str, InputValue] = {"baseline_ng_ml": baseline, "current_ng_ml": current}
    result = cea_response(baseline_ng_ml=baseline, current_ng_ml=current)
    # never rounded onto or across the cut-off (a fall of 7.46% is not written -7.5%) or across no change
    shown = format_near(result.percent_change, *TOOL_THRESHOLDS["cea_change"], decimals=1, signed=True)
    return Question(
        key=key,
        topic="response",
        kind="numeric",
        text=(
            f"CEA was {baseline:g} ng/mL before chemotherapy and {current:g} ng/mL now. What is the percent "
            "change from baseline (negative for a fall)?"
        ),
        answer=NumericAnswer(value=float(shown), tolerance=GENERATED_TOLERANCE["cea_change"], unit="%"),
        explanation=(f"({current:g} - {baseline:g}) / {baseline:g} x 100 = {shown}%. " + result.explanation),
        evidence_ids=GENERATED_EVIDENCE["cea_change"],
        page=TOOL_PAGES["cea_change"],
        calculator=CalculatorRef(tool="cea_change", inputs=inputs),
    )


_GENERATORS: Mapping[Tool, Callable[[random.Random, str], Question]] = {
    "standardized_flr": _flr_question,
    "recist": _recist_question,
    "fong_score": _fong_question,
    "cea_change": _cea_question,
}
GENERATED_KINDS: tuple[Tool, ...] = tuple(_GENERATORS)
MAX_GENERATED = 50


def generate(kind: Tool, seed: int, count: int) -> tuple[Question, ...]:
    """``count`` practice questions of one kind for random but plausible patients (``GENERATOR_RANGES``),
    keyed by the calculators. The same (kind, seed, count) always gives the same questions; keys are
    ``gen-<kind>-<seed>-<n>``."""
    if kind not in _GENERATORS:
        raise ValueError(f"kind must be one of {', '.join(GENERATED_KINDS)}, got {kind!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative whole number, got {seed!r}")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_GENERATED:
        raise ValueError(f"count must be a whole number from 1 to {MAX_GENERATED}, got {count!r}")
    rng = random.Random(seed)
    slug = kind.replace("_", "-")
    return tuple(_GENERATORS[kind](rng, f"gen-{slug}-{seed}-{n + 1}") for n in range(count))
