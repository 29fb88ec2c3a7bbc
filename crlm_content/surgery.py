"""The Surgery page's pure helpers: the margin meta-analysis' relative risks as table rows."""

from __future__ import annotations

from .catalog import Catalog

MARGIN_RR_RECORD = "margins-meta-analysis-wide-margin"
# (outcome, time point, the record's label), in the review's order
_MARGIN_RR = (
    ("Overall survival", "3 years", "RR, OS at 3 years"),
    ("Overall survival", "5 years", "RR, OS at 5 years"),
    ("Overall survival", "10 years", "RR, OS at 10 years"),
    ("Disease-free survival", "3 years", "RR, DFS at 3 years"),
    ("Disease-free survival", "5 years", "RR, DFS at 5 years"),
)


def margin_rr_rows(catalog: Catalog) -> list[dict[str, str]]:
    """Margins over 10 mm: each relative risk displayed from its record (the review gives no interval)."""
    record = catalog.get(MARGIN_RR_RECORD)
    return [{"outcome": o, "time": t, "rr": record.value(label).display()} for o, t, label in _MARGIN_RR]
