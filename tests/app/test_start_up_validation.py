"""Every data kind is validated at start-up (issue 24, item 5): a broken file the catalog does not read itself
(the walkthrough's patients, the guideline comparison) shows the clean error page on the home page already,
naming the file and the problem, not a generic error on the one page that reads it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ..conftest import ROOT, replace_once

APP = str(ROOT / "app.py")


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the real content folder, which the app under test reads."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    monkeypatch.setenv("CRLM_DATA_DIR", str(target))
    return target


def home_error(at: AppTest) -> str:
    assert not at.exception, at.exception
    assert at.title[0].value == "The content could not be loaded"
    return str(at.code[0].value)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "evidence_ids: [figure-1-case, figure-1-response]",
            "evidence_ids: [figure-1-case, figure-1-responce]",
            "data/scenarios.yaml: record 'figure-1': field 'evidence_ids': "
            "unknown evidence id 'figure-1-responce'",
        ),
        (
            "largest_lesion_cm: 9.6",
            "largest_lesion_cm: big",
            "data/scenarios.yaml: record 'figure-1': field 'scenario.largest_lesion_cm': ",
        ),
        ("- key: figure-1\n", "- key: figure-1\n  keyz: x\n", "data/scenarios.yaml: record 'figure-1': "),
    ],
    ids=["unknown-evidence", "bad-value", "unknown-field"],
)
def test_a_broken_scenarios_file_shows_the_error_page_on_the_home_page(
    data: Path, old: str, new: str, expected: str
) -> None:
    replace_once(data / "scenarios.yaml", old, new)
    assert home_error(AppTest.from_file(APP, default_timeout=60).run()).startswith(expected)


def test_a_broken_guidelines_file_shows_the_error_page_on_the_home_page(data: Path) -> None:
    replace_once(data / "guidelines.yaml", "ref: 110", "ref: 111")
    assert home_error(AppTest.from_file(APP, default_timeout=60).run()) == (
        "data/guidelines.yaml: record 'esmo': field 'positions.neoadjuvant_resectable.evidence_ids': "
        "'table-2-esmo-resectable' cites [110] but ESMO is reference [111]"
    )


def test_invalid_yaml_in_the_guidelines_file_names_the_file_and_line(data: Path) -> None:
    path = data / "guidelines.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - [unclosed\n", encoding="utf-8")
    assert home_error(AppTest.from_file(APP, default_timeout=60).run()).startswith(
        "data/guidelines.yaml: invalid YAML at line"
    )


def test_the_walkthrough_too_shows_the_error_page_not_a_generic_error(data: Path) -> None:
    replace_once(data / "scenarios.yaml", "largest_lesion_cm: 9.6", "largest_lesion_cm: big")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/decision_walkthrough.py").run()
    assert home_error(at).startswith("data/scenarios.yaml: record 'figure-1'")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "cases/dmmr-liver-only.yaml",
            "key: dmmr-liver-only",
            "key: dmmr liver only",
            "data/cases/dmmr-liver-only.yaml: record 'dmmr liver only': field 'key': ",
        ),
        (
            "quiz/margins.yaml",
            "- key: mg-minimum-width\n  topic: margins",
            "- key: mg-minimum-width\n  topic: marginz",
            "data/quiz/margins.yaml: record 'mg-minimum-width': field 'topic': ",
        ),
        (
            "studies.yaml",
            "- key: eortc-40983-early\n",
            "- key: eortc-40983-early\n  keyz: x\n",
            "data/studies.yaml: record 'eortc-40983-early': ",
        ),
    ],
    ids=["case", "quiz", "studies"],
)
def test_a_broken_case_quiz_or_studies_file_shows_the_error_page_on_the_home_page(
    data: Path, file: str, old: str, new: str, expected: str
) -> None:
    replace_once(data / file, old, new)
    assert home_error(AppTest.from_file(APP, default_timeout=60).run()).startswith(expected)
