"""The Surgery page's content (pure): which records each part of the page shows, in the page's order, and the
margin meta-analysis' relative risks as table rows.

Each ``*_IDS`` tuple is the evidence of one topic, in the order its cards appear; a ``*_ID`` names the record
a sentence of the page quotes its figures from. The page loops over these, so a content change is made here,
not in the Streamlit script. The synchronous-metastases chart's record is ``figures.surgery``'s
(``SYNCHRONOUS_OS_RECORD``): the page shows its card after ``SYNCHRONOUS_IDS``. The FLR thresholds the page
quotes come from ``tools.liver_remnant.LIVER_CONDITION_EVIDENCE``, as the remnant planner's do, and so do its
PVE and two-stage cards (``PVE_IDS``, ``TWO_STAGE_IDS``): the planner's feature module holds the remnant's
records, so a record added there is on both pages.
"""

from __future__ import annotations

from .catalog import Catalog
from .tools.liver_remnant import PVE_IDS as PVE_IDS  # the remnant's records: one list, two pages
from .tools.liver_remnant import TWO_STAGE_IDS as TWO_STAGE_IDS

# Why surgery: the only route to cure, and how many now reach it (a collapsed list above the tabs).
WHY_SURGERY_IDS: tuple[str, ...] = (
    "abstract-resection-only-cure",
    "introduction-resection-improves-os",
    "conclusion-surgery-stage-iv",
    "introduction-survival-gains",
    "introduction-more-patients-eligible",
    "abstract-advances-expand-surgery",
    "conclusion-expanded-options",
    "abstract-crc-burden-crlm",
    "introduction-crc-burden",
    "introduction-crlm-incidence",
    "introduction-us-new-cases",
)

# --- Margins ------------------------------------------------------------------------------------------------
MARGIN_FLOOR_ID = "margins-submillimetre"  # the 1 mm floor and the survival under it
MARGIN_IDS: tuple[str, ...] = ("margins-negative-margin-survival", MARGIN_FLOOR_ID)
MARGIN_RR_RECORD = "margins-meta-analysis-wide-margin"
# Wider than 10 mm: the meta-analysis (its table above the cards), then the series that found no difference.
WIDE_MARGIN_IDS: tuple[str, ...] = (
    MARGIN_RR_RECORD,
    "margins-1-to-10-mm-no-benefit",
    "margins-positive-margin-suboptimal-response",
)
# (outcome, time point, the record's label), in the review's order
_MARGIN_RR = (
    ("Overall survival", "3 years", "RR, OS at 3 years"),
    ("Overall survival", "5 years", "RR, OS at 5 years"),
    ("Overall survival", "10 years", "RR, OS at 10 years"),
    ("Disease-free survival", "3 years", "RR, DFS at 3 years"),
    ("Disease-free survival", "5 years", "RR, DFS at 5 years"),
)

# --- Remnant, PVE and two-stage resection ------------------------------------------------------------------
RESECTABILITY_ID = "flr-resectability-definition"  # adjacent segments to be spared
REMNANT_IDS: tuple[
    str, ...
] = (  # the page's remnant sentence quotes all three thresholds: both records' cards
    RESECTABILITY_ID,
    "flr-ct-volumetry",
    "flr-threshold-normal-liver",
    "flr-threshold-injured-liver",
)
# PVE_IDS and TWO_STAGE_IDS: the remnant planner's (imported above); this page shows them under its headings.
TWO_STAGE_SURVIVAL_ID = "flr-two-stage-survival"  # one of TWO_STAGE_IDS: the sentence above its cards
FINDING_LESIONS_IDS: tuple[str, ...] = (  # finding every lesion before and during the operation
    "imaging-ct-most-common",
    "imaging-pre-and-intraoperative-detection",
    "dlm-definition",
    "figure-1-case",
)
AFTER_CONVERSION_IDS: tuple[str, ...] = (  # how many reach surgery after conversion, and how they fare
    "unresectable-conversion-rate",
    "unresectable-long-term-survival",
    "unresectable-definition-varies",
)

# --- Timing and duration ----------------------------------------------------------------------------------
LONG_COURSE_ID = "timing-long-chemo-short-interval"  # duration and interval that went with complications
NINE_CYCLES_ID = "timing-folfox-9-cycles"
TIMING_IDS: tuple[str, ...] = (
    "timing-optimal-unknown",
    "timing-cycles-in-studies",
    LONG_COURSE_ID,
    NINE_CYCLES_ID,
    "timing-hepatic-atrophy",
    "timing-resectable-duration",
    "timing-unresectable-reimaging",
)
# Synchronous metastases, before the chart's own record (figures.surgery.SYNCHRONOUS_OS_RECORD).
SYNCHRONOUS_IDS: tuple[str, ...] = ("timing-no-rct-neoadjuvant-vs-adjuvant", "timing-synchronous-strategies")

# --- Alternatives -------------------------------------------------------------------------------------------
PEMBROLIZUMAB_TRIAL_ID = "immunotherapy-pembrolizumab-vs-chemotherapy"  # PFS against chemotherapy
DMMR_IMMUNOTHERAPY_IDS: tuple[str, ...] = (
    "immunotherapy-checkpoint-inhibitors-msi",
    "immunotherapy-dmmr-mechanism",
    PEMBROLIZUMAB_TRIAL_ID,
    "immunotherapy-neoadjuvant-dmmr",
)
IMMUNOTHERAPY_OUTLOOK_IDS: tuple[str, ...] = (
    "immunotherapy-combination-trials",
    "immunotherapy-future-neoadjuvant-role",
)
INTRA_ARTERIAL_IDS: tuple[str, ...] = (  # HAI, TACE and DEBIRI: outcomes in words only
    "intra-arterial-rationale",
    "intra-arterial-hai-outcomes",
    "intra-arterial-hai-technical-failure",
    "intra-arterial-debiri-safe-effective",
    "intra-arterial-debiri-outcomes",
)
INTRA_ARTERIAL_MORE_IDS: tuple[str, ...] = ("intra-arterial-ongoing-interest", "intra-arterial-reviews")
NCCN_LOCAL_THERAPY_ID = "table-2-nccn-resectable-metachronous"  # Table 2's only word on local therapy


def margin_rr_rows(catalog: Catalog) -> list[dict[str, str]]:
    """Margins over 10 mm: each relative risk displayed from its record (the review gives no interval)."""
    record = catalog.get(MARGIN_RR_RECORD)
    return [{"outcome": o, "time": t, "rr": record.value(label).display()} for o, t, label in _MARGIN_RR]
