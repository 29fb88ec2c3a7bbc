"""Write data/review_numbers.yaml: the review's numbers by section, for ``python -m crlm_content.coverage``.

Reads the review's text from outside the repository (``$CRLM_REVIEW_SOURCE``, by default the shared copy
under /work/shared/source/) and keeps facts only: for each section, its key and heading, and each number
once, in the review's order, with the digits as written and at most two unit words after them ("%", "mo",
"cm", "new cases"). No sentence of the review is written. Run once when the extraction rules change:

    .venv/bin/python -m devtools.extract_review_numbers            # rewrite data/review_numbers.yaml
    .venv/bin/python -m devtools.extract_review_numbers --check    # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import yaml

from crlm_content.coverage import (
    _NAMES,
    HEADINGS,
    LINE_PREFIXES,
    numbers_in,
    split_sections,
)

REVIEW_SOURCE = Path(os.environ.get("CRLM_REVIEW_SOURCE", "/work/shared/source/000_1427da31408a40af.txt"))
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "review_numbers.yaml"
CITATION = "World J Gastrointest Oncol 2021;13(9):1043-1061, doi:10.4251/wjgo.v13.i9.1043"

# The digits as written: thousands with ",000" groups, which numbers_in reads as one number.
_WRITTEN = re.compile(r"(?<![\w.])(\d+(?:,000)*(?:\.\d+)?)(?![\w])")
# Words after a number that are not its unit: the unit words stop before any of these.
_NOT_UNIT = {
    "a", "after", "among", "an", "and", "as", "at", "before", "by", "for", "from", "in", "into", "is",
    "later", "of", "on", "or", "than", "that", "the", "to", "versus", "vs", "was", "were", "with",
}  # fmt: skip
_AFTER = re.compile(r"\s*(%|[A-Za-z][A-Za-z/]*)")


def _unit(text: str, end: int) -> str:
    """The unit right after a number: "%", or one or two words that are not linking words."""
    words: list[str] = []
    position = end
    while len(words) < 2:
        match = _AFTER.match(text, position)
        if match is None or match.group(1).casefold() in _NOT_UNIT:
            break
        words.append(match.group(1))
        position = match.end()
        if words == ["%"]:
            break
    return " ".join(words)


def occurrences(body: str) -> list[dict[str, object]]:
    """Each number of a section's text once: value, digits as written, unit words (as numbers_in sees it)."""
    masked = _NAMES.sub(lambda m: " " * len(m.group()), body)
    found: dict[float, dict[str, object]] = {}
    for match in _WRITTEN.finditer(masked):
        start = match.start()
        before = masked[max(0, start - 2) : start]
        if before[-1:].isalpha() or (before[-1:] == "-" and before[:1].isalpha()):
            continue
        written = match.group(1)
        value = float(written.replace(",", ""))
        if value not in found:
            number = int(value) if value.is_integer() else value
            found[value] = {"value": number, "written": written, "unit": _unit(masked, match.end())}
    if tuple(found) != numbers_in(body):
        raise SystemExit(f"extraction disagrees with numbers_in: {tuple(found)} != {numbers_in(body)}")
    return list(found.values())


def headings() -> dict[str, str]:
    names = {key: heading for heading, key in HEADINGS.items()}
    names.update({key: prefix.strip() for prefix, key in LINE_PREFIXES.items()})
    return names


def render(text: str) -> str:
    titles = headings()
    sections = [
        {"section": key, "heading": titles[key], "numbers": occurrences(body)}
        for key, body in split_sections(text).items()
    ]
    header = (
        "# The review's numbers by section: facts only (each number once, digits as written, unit words).\n"
        f"# Source: {CITATION}.\n"
        "# Written by devtools/extract_review_numbers.py (do not edit); read by crlm_content.coverage.\n"
    )
    lines = [header.rstrip("\n"), f"total: {sum(len(s['numbers']) for s in sections)}", "sections:"]
    for section in sections:
        lines.append(f"  - section: {section['section']}")
        lines.append(f"    heading: {yaml.safe_dump(section['heading'], default_style=None).splitlines()[0]}")
        if not section["numbers"]:
            lines.append("    numbers: []")
            continue
        lines.append("    numbers:")
        for number in section["numbers"]:
            flow = yaml.safe_dump(number, default_flow_style=True, sort_keys=False, width=1000).strip()
            lines.append(f"      - {flow}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=REVIEW_SOURCE, help="the review's text")
    parser.add_argument("--out", type=Path, default=OUT, help="the file to write")
    parser.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    args = parser.parse_args(argv)
    rendered = render(args.source.read_text(encoding="utf-8"))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != rendered:
            print(f"{args.out} is out of date: python -m devtools.extract_review_numbers", file=sys.stderr)
            return 1
        print(f"{args.out} matches the review.")
        return 0
    args.out.write_text(rendered, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
