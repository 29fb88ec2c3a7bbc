"""The repository holds our own words and the review's facts, never its sentences.

No tracked text file shares a run of RUN_LENGTH or more consecutive words with the review (case, spacing and
punctuation ignored). The review is read from outside the checkout (see ``tests/review_source.py``); where it
is absent this check skips with that reason, unless ``CRLM_REQUIRE_SOURCE=1``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..conftest import ROOT
from ..review_source import review_text, words

RUN_LENGTH = 12
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
    review = runs_of("One two three four five six seven eight nine ten eleven twelve thirteen.")
    copied = "We wrote: ONE two, three four five six seven eight nine ten eleven twelve - and more."
    assert shared_runs(copied, review) == ["one two three four five six seven eight nine ten eleven twelve"]
    assert shared_runs("one two three four five six seven eight nine ten eleven", review) == []


def test_no_tracked_file_repeats_a_run_of_the_reviews_words() -> None:
    review = runs_of(review_text())
    hits = []
    for path in tracked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files (images) hold no prose
        for run in shared_runs(text, review):
            shown = run.split()
            more = f" ... ({len(shown)} words)" if len(shown) > 2 * RUN_LENGTH else ""
            hits.append(f"{path.relative_to(ROOT)}: {' '.join(shown[: 2 * RUN_LENGTH])}{more}")
    assert hits == [], "paraphrase these runs of the review's words:\n" + "\n".join(hits)
