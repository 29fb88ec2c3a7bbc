"""The recipes in docs/ name test files and modules that exist: a recipe that sends a contributor to a
missing test or command is worse than none ("test_x.py" is the recipes' placeholder)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from crlm_content.cases import Case, Stage
from crlm_content.quiz import Question
from crlm_content.studies import Study

from ..conftest import ROOT

DOCS = [ROOT / "docs" / "CONTRIBUTING.md", ROOT / "docs" / "CONTENT_MODEL.md"]
PLACEHOLDER = "test_x.py"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_test_file_a_recipe_names_exists(doc: Path) -> None:
    named = set(re.findall(r"\btests/(?:unit|app|e2e)/[\w/]+\.py\b", doc.read_text(encoding="utf-8")))
    assert named, f"{doc.name} names no test file: has this check lost its reader?"
    assert (
        sorted(path for path in named if not (ROOT / path).is_file() and not path.endswith(PLACEHOLDER)) == []
    )


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_module_a_recipe_runs_exists(doc: Path) -> None:
    run = set(re.findall(r"python -m ((?:devtools|crlm_content)(?:\.\w+)+)", doc.read_text(encoding="utf-8")))
    missing = [name for name in sorted(run) if not (ROOT / (name.replace(".", "/") + ".py")).is_file()]
    assert missing == []


CONTENT_MODEL = DOCS[1]


def entry(doc: str, file: str) -> str:
    """The bullet of docs/CONTENT_MODEL.md's "Other files" that describes ``file``."""
    start = doc.index(f"- `{file}`")
    end = min(i for i in (doc.find("\n- `", start + 1), doc.find("\n\n", start)) if i != -1)
    return doc[start:end]


def unnamed_required(text: str, model: type[BaseModel]) -> list[str]:
    """The model's required fields the text does not name as `field`."""
    return [name for name, f in model.model_fields.items() if f.is_required() and f"`{name}`" not in text]


@pytest.mark.parametrize(
    ("file", "models"),
    [
        ("data/quiz/<topic>.yaml", (Question,)),
        ("data/cases/<key>.yaml", (Case, Stage)),
        ("data/studies.yaml", (Study,)),
    ],
)
def test_the_content_model_names_every_required_field(file: str, models: tuple[type[BaseModel], ...]) -> None:
    """A field the doc leaves out is one a contributor learns of from a refused load (the quiz's `topic`)."""
    text = entry(CONTENT_MODEL.read_text(encoding="utf-8"), file)
    assert [f"{m.__name__}.{name}" for m in models for name in unnamed_required(text, m)] == []


def test_a_required_field_left_out_of_the_doc_is_caught() -> None:
    text = entry(CONTENT_MODEL.read_text(encoding="utf-8"), "data/quiz/<topic>.yaml")
    assert unnamed_required(text.replace("`topic`", "topic"), Question) == ["topic"]


def test_contributing_has_a_recipe_for_each_kind_of_content() -> None:
    headings = re.findall(r"^## (.+)$", DOCS[0].read_text(encoding="utf-8"), re.MULTILINE)
    assert {"A record", "A quiz question", "A case", "A study"} <= set(headings)
