"""Content coverage: which numbers of the review appear in no Evidence record of their section, and which
Evidence records no topic page shows.

Run ``python -m crlm_content.coverage`` for the report; ``tests/unit/test_content.py`` fails when a number of
the review is missing from the data. The review's numbers come from ``data/review_numbers.yaml``: facts only
(each number as written, its section and a unit word or two), extracted once from the review's text by
``devtools/extract_review_numbers.py`` with ``split_sections`` and ``numbers_in`` below. The repository holds
no text of the review.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .catalog import Catalog, ContentError, data_dir, get_catalog, read_yaml
from .models import SECTION_TITLES
from .shown_on import PAGE_RECORDS

REVIEW_NUMBERS_FILE = "review_numbers.yaml"

# Headings of the review (exact lines) -> the section key that text belongs to.
HEADINGS: dict[str, str] = {
    "Abstract": "abstract",
    "INTRODUCTION": "introduction",
    "RATIONALE FOR NCT": "rationale",
    "Chemotherapy regimens": "regimens",
    "Biological agents": "biologics",
    "Patients with initially resectable disease": "resectable",
    "Patients with initially unresectable disease": "unresectable",
    "Current guidelines": "guidelines",
    "Timing and duration": "timing",
    "Clinical risk scoring": "risk_scores",
    "Monitoring response to therapy": "monitoring",
    "DLM": "dlm",
    "Resection margins": "margins",
    "Future liver remnant": "flr",
    "Immunotherapy": "immunotherapy",
    "Intra-arterial therapies": "intra_arterial",
    "CONCLUSION": "conclusion",
}
LINE_PREFIXES: dict[str, str] = {
    "Figure 1 ": "figure_1",
    "Figure 2 ": "figure_2",
    "Table 1 ": "table_1",
    "Table 2 ": "table_2",
}
# Text sections whose figures the data files under a neighbouring section (imaging and CEA paragraphs).
ALSO_FILED_UNDER: dict[str, tuple[str, ...]] = {
    "abstract": ("guidelines",),
    "monitoring": ("imaging", "cea"),
    "dlm": ("imaging",),
}

# Digits that are part of names, not figures: trial numbers, regimen names, genes, figure/table labels.
_NAME_PATTERNS = (
    r"\[\d+(?:\s*[-,]\s*\d+)*\]",  # the review's reference brackets
    r"\[bookmark:[^\]]*\]",
    r"\bEORTC\)?\s+(?:intergroup\s+)?(?:trial\s+)?\d{4,5}\b",
    r"\btrial\s+\d{4,5}\b",
    r"\b(?:Figure|Table)\s+\d\b",
    r"\b\d+-(?:Fluorouracil|FU)\b",
    r"^\(\d\)\s",  # Table 1's item numbers
)
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?(?:e[-+]?\d+)?)(?![\w])")  # 2.3e-85: a typed value, as written
_NAMES = re.compile("|".join(_NAME_PATTERNS), re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class SectionCoverage:
    section: str
    records: int
    numbers: tuple[float, ...]
    missing: tuple[float, ...]


class ReviewNumber(BaseModel):
    """One number of the review: its value, the digits as the review writes them, and its unit words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float
    written: str
    unit: str = ""


class ReviewSection(BaseModel):
    """A section of the review (its key and heading) and its numbers, once each, in the review's order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    section: str
    heading: str
    numbers: tuple[ReviewNumber, ...] = ()


def split_sections(text: str) -> dict[str, str]:
    """The review's text grouped by section key, following its headings."""
    grouped: dict[str, list[str]] = {}
    current = "abstract"
    for raw in text.splitlines():
        line = re.sub(r"^\[bookmark:[^\]]*\]", "", raw.strip())
        if line in HEADINGS:
            current = HEADINGS[line]
            continue
        for prefix, key in LINE_PREFIXES.items():
            if line.startswith(prefix):
                current = key
        if line.startswith("NCT: Neoadjuvant chemotherapy;"):
            current = "table_2_abbreviations"
        grouped.setdefault(current, []).append(line)
    grouped.pop("table_2_abbreviations", None)
    return {key: "\n".join(lines) for key, lines in grouped.items()}


def numbers_in(text: str) -> tuple[float, ...]:
    """The figures written in digits, once each, in order; digits inside names are skipped."""
    cleaned = _NAMES.sub(" ", text.replace("£", "<= ").replace(",000", "000"))
    seen: dict[float, None] = {}
    for match in _NUMBER.finditer(cleaned):
        start = match.start()
        before = cleaned[max(0, start - 2) : start]
        if before[-1:].isalpha() or (before[-1:] == "-" and before[:1].isalpha()):
            continue
        seen.setdefault(float(match.group(1)), None)
    return tuple(seen)


def review_numbers_path() -> Path:
    """Where the list of the review's numbers lives: beside the content, in the data folder."""
    return data_dir() / REVIEW_NUMBERS_FILE


def load_review_numbers(path: Path | None = None) -> tuple[ReviewSection, ...]:
    """The review's sections and their numbers, as committed in ``data/review_numbers.yaml``."""
    path = Path(path) if path is not None else review_numbers_path()
    name = f"data/{path.name}"
    document = read_yaml(path, path.parent)  # the catalog's reader: the same errors as every data file
    if not isinstance(document, dict) or not isinstance(document.get("sections"), list):
        raise ContentError(name, None, "sections", "expected a mapping with a list of sections")
    sections: list[ReviewSection] = []
    for index, raw in enumerate(document["sections"]):
        try:
            section = ReviewSection.model_validate(raw)
        except ValidationError as error:
            raise ContentError(name, f"#{index + 1}", None, str(error)) from error
        if section.section not in SECTION_TITLES:
            raise ContentError(name, section.section, "section", "not a section of the review")
        sections.append(section)
    return tuple(sections)


def _data_numbers(catalog: Catalog, sections: Iterable[str]) -> set[float]:
    wanted = set(sections)
    found: set[float] = set()
    for record in catalog.evidence:
        if record.section in wanted:
            for value in record.values:
                found.add(round(value.value, 6))
                if value.high is not None:
                    found.add(round(value.high, 6))
    return found


def coverage(catalog: Catalog, review: Mapping[str, Sequence[float]] | None = None) -> list[SectionCoverage]:
    """Per section of the review: record count, the review's numbers there, and those found in no record.

    ``review`` maps each section key to its numbers; by default, the committed list of the review's numbers.
    """
    if review is None:
        review = {s.section: tuple(n.value for n in s.numbers) for s in load_review_numbers()}
    report = []
    for section, values in review.items():
        filed = (section, *ALSO_FILED_UNDER.get(section, ()))
        have = _data_numbers(catalog, filed)
        numbers = tuple(float(n) for n in values)
        missing = tuple(n for n in numbers if round(n, 6) not in have)
        records = sum(1 for r in catalog.evidence if r.section == section)
        report.append(SectionCoverage(section, records, numbers, missing))
    return report


def format_report(report: list[SectionCoverage]) -> str:
    lines = [f"{'section':<42} {'records':>7} {'numbers':>7}  missing"]
    for row in report:
        missing = ", ".join(f"{n:g}" for n in row.missing) or "-"
        lines.append(f"{SECTION_TITLES[row.section]:<42} {row.records:>7} {len(row.numbers):>7}  {missing}")
    total_missing = sum(len(r.missing) for r in report)
    total_numbers = sum(len(r.numbers) for r in report)
    lines.append(f"{total_numbers - total_missing} of {total_numbers} numbers of the review are in the data.")
    return "\n".join(lines)


def unreached(catalog: Catalog, page_records: Mapping[str, Sequence[str]] | None = None) -> tuple[str, ...]:
    """The records no topic page shows, in catalog order, by the declared page -> records mapping
    (``shown_on.PAGE_RECORDS``, checked against the rendered pages by ``tests/app/test_reachability.py``)."""
    mapping = PAGE_RECORDS if page_records is None else page_records
    shown = {record_id for ids in mapping.values() for record_id in ids}
    return tuple(record.id for record in catalog.evidence if record.id not in shown)


def format_reach(catalog: Catalog, missing: Sequence[str]) -> str:
    if not missing:
        return f"All {len(catalog.evidence)} Evidence records are shown on at least one topic page."
    return (
        f"{len(missing)} of {len(catalog.evidence)} Evidence records are shown on no topic page:\n"
        + "\n".join(f"  {record_id}" for record_id in missing)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--numbers",
        type=Path,
        default=None,
        help="the list of the review's numbers (data/review_numbers.yaml)",
    )
    parser.add_argument(
        "--pages",
        action="store_true",
        help="also fail when an Evidence record is shown on no topic page",
    )
    args = parser.parse_args(argv)
    sections = load_review_numbers(args.numbers)
    catalog = get_catalog()
    report = coverage(catalog, {s.section: tuple(n.value for n in s.numbers) for s in sections})
    print(format_report(report))
    missing = unreached(catalog)
    print(format_reach(catalog, missing))
    return 1 if any(r.missing for r in report) or (args.pages and missing) else 0


if __name__ == "__main__":
    sys.exit(main())
