"""The loader accepts good content and rejects bad content with one precise ContentError."""

from __future__ import annotations

from pathlib import Path

import pytest

from crlm_content import ContentError, load_catalog

from ..conftest import FIXTURES, replace_once


def test_minimal_fixture_loads_and_cross_links() -> None:
    catalog = load_catalog(FIXTURES / "minimal_data")
    assert [r.id for r in catalog.evidence] == ["dlm-incidence", "dlm-fiducial", "figure-1-case"]
    assert catalog.get("dlm-incidence").values[0].display() == "7-37%"
    assert [c.number for c in catalog.caveats_for("dlm-incidence")] == [13]
    assert catalog.caveats_for("dlm-fiducial") == ()
    assert catalog.evidence_file["figure-1-case"] == "data/evidence/figure_1.yaml"


def _error(root: Path) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_catalog(root)
    return info.value


def test_bad_yaml_names_file_and_line(data_copy: Path) -> None:
    replace_once(data_copy / "evidence/dlm.yaml", "refs: [67, 79]", "refs: [67, 79")
    error = _error(data_copy)
    assert error.file == "data/evidence/dlm.yaml"
    assert "invalid YAML at line" in str(error)


def test_bad_csv_row_names_line(data_copy: Path) -> None:
    with (data_copy / "references.csv").open("a", encoding="utf-8") as handle:
        handle.write("90,Someone,2001,J,,,,,unmapped,extra\n")
    error = _error(data_copy)
    assert (error.file, error.record) == ("data/references.csv", "line 6")
    assert "10 cells but the header has 9" in error.problem


def test_missing_field(data_copy: Path) -> None:
    replace_once(data_copy / "evidence/dlm.yaml", "  kind: recommendation\n", "")
    error = _error(data_copy)
    assert (error.file, error.record, error.field) == ("data/evidence/dlm.yaml", "dlm-fiducial", "kind")
    assert str(error) == (
        "data/evidence/dlm.yaml: record 'dlm-fiducial': field 'kind': required field is missing"
    )


def test_wrong_type(data_copy: Path) -> None:
    replace_once(data_copy / "evidence/dlm.yaml", "value: 7,", "value: seven,")
    error = _error(data_copy)
    assert (error.record, error.field) == ("dlm-incidence", "values.0.value")
    assert "'seven'" in error.problem


def test_duplicate_id_across_files(data_copy: Path) -> None:
    replace_once(data_copy / "evidence/figure_1.yaml", "id: figure-1-case", "id: dlm-incidence")
    error = _error(data_copy)
    assert (error.file, error.record, error.field) == ("data/evidence/figure_1.yaml", "dlm-incidence", "id")
    assert "first defined in data/evidence/dlm.yaml" in error.problem


def test_reference_number_out_of_range(data_copy: Path) -> None:
    replace_once(data_copy / "evidence/dlm.yaml", "refs: [84, 85]", "refs: [84, 113]")
    error = _error(data_copy)
    assert (error.record, error.field) == ("dlm-fiducial", "refs")
    assert "113 is outside 1-112" in error.problem


def test_number_without_reference_and_not_derived(data_copy: Path) -> None:
    replace_once(data_copy / "evidence/figure_1.yaml", "  review_own: true\n", "")
    error = _error(data_copy)
    assert (error.file, error.record, error.field) == ("data/evidence/figure_1.yaml", "figure-1-case", "refs")
    assert "values but no reference numbers" in error.problem


def test_unknown_evidence_id_from_another_file(data_copy: Path) -> None:
    replace_once(data_copy / "caveats.yaml", "[dlm-incidence]", "[dlm-incidense]")
    error = _error(data_copy)
    assert (error.file, error.record, error.field) == ("data/caveats.yaml", "13", "evidence_ids")
    assert "'dlm-incidense'" in error.problem


def test_unknown_evidence_id_from_table_one(data_copy: Path) -> None:
    replace_once(data_copy / "table_1.yaml", "[dlm-incidence]", "[no-such-record]")
    error = _error(data_copy)
    assert (error.file, error.record, error.field) == (
        "data/table_1.yaml",
        "Disappearing liver metastases",
        "evidence_ids",
    )


def test_cited_reference_missing_from_reference_list(data_copy: Path) -> None:
    replace_once(data_copy / "evidence/dlm.yaml", "refs: [84, 85]", "refs: [84, 86]")
    error = _error(data_copy)
    assert (error.record, error.field) == ("dlm-fiducial", "refs")
    assert "86 has no entry in data/references.csv" in error.problem


def test_unknown_field_is_a_typo(data_copy: Path) -> None:
    replace_once(
        data_copy / "evidence/dlm.yaml", "  kind: recommendation", "  kind: recommendation\n  refz: [1]"
    )
    error = _error(data_copy)
    assert (error.record, error.field, error.problem) == ("dlm-fiducial", "refz", "unknown field")


def test_identifier_on_unverified_reference(data_copy: Path) -> None:
    replace_once(
        data_copy / "references.csv",
        "84,Zalinski S,2009,Ann Surg Oncol,,,,,",
        "84,Zalinski S,2009,Ann Surg Oncol,,,19300000,,",
    )
    error = _error(data_copy)
    assert (error.file, error.record, error.field) == ("data/references.csv", "84", "status")


def test_empty_file(data_copy: Path) -> None:
    (data_copy / "glossary.yaml").write_text("", encoding="utf-8")
    error = _error(data_copy)
    assert (error.file, error.problem) == ("data/glossary.yaml", "file is empty")


def test_record_that_is_not_a_mapping(data_copy: Path) -> None:
    (data_copy / "evidence/figure_1.yaml").write_text("- just a string\n", encoding="utf-8")
    error = _error(data_copy)
    assert (error.file, error.record) == ("data/evidence/figure_1.yaml", "#1")
    assert "expected a mapping" in error.problem


def test_range_reversed(data_copy: Path) -> None:
    replace_once(data_copy / "evidence/dlm.yaml", "value: 7, high: 37", "value: 37, high: 7")
    error = _error(data_copy)
    assert (error.record, error.field) == ("dlm-incidence", "values.0.high")


def test_missing_data_folder(tmp_path: Path) -> None:
    error = _error(tmp_path / "nowhere")
    assert "data folder not found" in str(error)
