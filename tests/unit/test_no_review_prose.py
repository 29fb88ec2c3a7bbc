"""The repository holds our own words and the review's facts, never its sentences.

No tracked text file shares a run of RUN_LENGTH or more consecutive words with the review (case, spacing and
punctuation ignored), other than a name or a list the review also spells out (``NAMES_AND_LISTS``) or a run
that is mostly figures (a result written as the review gives it). At 12 words four copied passages of 8-11
words got through. The review is read from outside the checkout (see ``tests/review_source.py``); where it
is absent this check skips with that reason, unless ``CRLM_REQUIRE_SOURCE=1``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..conftest import ROOT
from ..review_source import review_text, words

RUN_LENGTH = 10
# Runs that are names or lists, not sentences: an organisation's full name, the regimens' expansions, the
# Fong items, which the product must spell as the review does.
NAMES_AND_LISTS = (
    "the american college of surgeons national surgical quality improvement program",
    "capecitabine oxaliplatin folfiri fluorouracil leucovorin irinotecan folfoxiri fluorouracil leucovorin "
    "oxaliplatin irinotecan",
    "positive margin extrahepatic disease node positive primary disease free interval",
)
FIGURES_SHARE = 0.3  # a run at least this share of figures is a result as the review gives it


def exempt(run: str) -> bool:
    """A name or list of ``NAMES_AND_LISTS``, or a run of mostly figures."""
    tokens = run.split()
    figures = sum(token.isdigit() for token in tokens)
    return any(run in allowed for allowed in NAMES_AND_LISTS) or figures >= FIGURES_SHARE * len(tokens)


# Folders that are not the project's own files when the checkout is walked without git.
NOT_OURS = {".git", ".venv", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def tracked_files() -> list[Path]:
    """Every file git tracks (and that still exists); every file outside caches when git is not available."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split("\0")
        paths = [ROOT / name for name in listed if name]
    except (OSError, subprocess.CalledProcessError):
        paths = [p for p in ROOT.rglob("*") if not NOT_OURS & set(p.relative_to(ROOT).parts)]
    return [p for p in paths if p.is_file()]


def shared_runs(text: str, review_runs: set[tuple[str, ...]]) -> list[str]:
    """The maximal runs of at least RUN_LENGTH words of ``text`` that the review also has."""
    found: list[str] = []
    tokens = words(text)
    i = 0
    while i + RUN_LENGTH <= len(tokens):
        if tuple(tokens[i : i + RUN_LENGTH]) not in review_runs:
            i += 1
            continue
        end = i + RUN_LENGTH
        while end < len(tokens) and tuple(tokens[end - RUN_LENGTH + 1 : end + 1]) in review_runs:
            end += 1
        found.append(" ".join(tokens[i:end]))
        i = end
    return found


def runs_of(text: str) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + RUN_LENGTH]) for i in range(len(tokens) - RUN_LENGTH + 1)}


def test_the_run_finder_finds_a_copied_run_and_only_that() -> None:
    numbers = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
    ]
    review = runs_of(" ".join(numbers) + ".")
    run = " ".join(numbers[: RUN_LENGTH + 1])
    copied = f"We wrote: {run.upper()} - and more."
    assert shared_runs(copied, review) == [run]
    assert shared_runs(" ".join(numbers[: RUN_LENGTH - 1]), review) == []


def test_only_names_lists_and_figures_are_exempt() -> None:
    assert exempt("american college of surgeons national surgical quality improvement program")
    assert exempt("p 0 01 and median os 25 7 vs 20 5")  # a result as the review writes it
    assert not exempt("a sentence of ordinary words that says one thing in the same order")
    assert not exempt("after 2 cycles the team reviews what the scans and the markers show")


def test_no_tracked_file_repeats_a_run_of_the_reviews_words() -> None:
    review = runs_of(review_text())
    hits = []
    for path in tracked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files (images) hold no prose
        for run in (r for r in shared_runs(text, review) if not exempt(r)):
            shown = run.split()
            more = f" ... ({len(shown)} words)" if len(shown) > 2 * RUN_LENGTH else ""
            hits.append(f"{path.relative_to(ROOT)}: {' '.join(shown[: 2 * RUN_LENGTH])}{more}")
    assert hits == [], "paraphrase these runs of the review's words:\n" + "\n".join(hits)
