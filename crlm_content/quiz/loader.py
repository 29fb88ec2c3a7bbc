"""Loading the question bank: ``data/quiz/<topic>.yaml``, one file per topic, each a list of questions,
validated and cross-checked (evidence ids and pages exist, keys and texts are unique, calculator keys agree
with the calculators). A malformed file raises ``ContentError`` naming the file, the question and the field.

Pure Python (no streamlit). Educational use only; not for clinical decisions.
"""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from ..catalog import Catalog, ContentError, check_unique, data_file_name, load_records
from ..site import PAGES
from .grading import key_matches_calculator
from .model import Question, Topic

QUIZ_FOLDER = "quiz"


def page_paths() -> frozenset[str]:
    return frozenset(page.url_path for page in PAGES)


def _check(question: Question, name: str, catalog: Catalog) -> None:
    for evidence_id in question.evidence_ids:
        if evidence_id not in catalog.evidence_by_id:
            raise ContentError(name, question.key, "evidence_ids", f"unknown evidence id {evidence_id!r}")
    if question.page not in page_paths():
        raise ContentError(name, question.key, "page", f"no page has the url_path {question.page!r}")
    if question.calculator is not None:
        try:
            problem = key_matches_calculator(question)
        except (ValueError, TypeError) as error:
            problem = f"the calculator rejects the inputs: {error}"
        if problem is not None:
            raise ContentError(name, question.key, "calculator", problem)


def load_quiz(catalog: Catalog, root: Path | None = None) -> tuple[Question, ...]:
    """Every question under ``data/quiz/`` (one file per topic, a list of questions), validated and
    cross-checked: evidence ids exist, pages exist, keys and texts are unique, calculator keys agree."""
    root = root or catalog.root
    folder = root / QUIZ_FOLDER
    questions: list[Question] = []
    files: list[tuple[str, str]] = []  # (file, key) of every question, for the one unique-key check
    texts: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        name = data_file_name(path, root)
        if path.stem not in get_args(Topic):
            raise ContentError(
                name, None, None, f"{path.stem!r} is not a quiz topic ({', '.join(get_args(Topic))})"
            )
        found = load_records(path, root, Question, "key", "questions")
        if not found:
            raise ContentError(name, None, None, "expected a non-empty list of questions")
        for question in found:
            if question.topic != path.stem:
                raise ContentError(
                    name,
                    question.key,
                    "topic",
                    f"{question.topic!r}, but this file holds the questions of topic {path.stem!r}",
                )
            normalized = " ".join(question.text.lower().split())
            if normalized in texts:
                raise ContentError(
                    name, question.key, "text", f"the same text as question {texts[normalized]!r}"
                )
            _check(question, name, catalog)
            texts[normalized] = question.key
            files.append((name, question.key))
            questions.append(question)
    check_unique(files, "key")
    return tuple(questions)
