"""The Regimens page's matrix is the walkthrough's regimen step: every cell, for its representative patient,
says what ``decision.recommend`` says for that patient (same strategy, same biologic and immunotherapy flags,
same evidence)."""

from __future__ import annotations

import pytest

from crlm_content import decision
from crlm_content import regimens as rg
from crlm_content.catalog import get_catalog
from crlm_content.decision.model import FLAGS

CELLS = rg.matrix()


def test_the_matrix_has_every_profile_in_every_setting() -> None:
    assert {(c.profile, c.setting) for c in CELLS} == {(p, s) for p in rg.Profile for s in rg.Setting}
    assert set(rg.MATRIX_FLAGS) <= FLAGS  # the cell words name flags the walkthrough has


@pytest.mark.parametrize("cell", CELLS, ids=[f"{c.profile.value}-{c.setting.value}" for c in CELLS])
def test_each_cell_agrees_with_the_walkthrough(cell: rg.Cell) -> None:
    patient = rg.representative_patient(cell.profile, cell.setting)
    recommendation = decision.recommend(patient)
    assert recommendation.strategy is cell.strategy  # the patient really is in this setting
    regimen = next(step for step in recommendation.steps if step.key == "regimen")
    assert frozenset(regimen.flags) & frozenset(rg.MATRIX_FLAGS) == cell.flags
    assert recommendation.flags & frozenset(rg.MATRIX_FLAGS) == cell.flags  # no other step adds one
    assert regimen.evidence_ids == cell.evidence_ids
    assert regimen.finding == cell.finding
    catalog = get_catalog()
    for evidence_id in cell.evidence_ids:
        catalog.get(evidence_id)


def test_cells_read_as_the_review_teaches() -> None:
    by = {(c.profile, c.setting): c for c in CELLS}
    for profile in rg.Profile:  # New EPOC: no anti-EGFR antibody while the disease is resectable
        resectable = by[profile, rg.Setting.RESECTABLE]
        assert "anti_egfr_option" not in resectable.flags and "bevacizumab_option" not in resectable.flags
        assert rg.NO_BIOLOGIC in resectable.items
    for setting in (rg.Setting.CONVERSION, rg.Setting.UNRESECTABLE):
        assert "anti_egfr_option" in by[rg.Profile.RAS_BRAF_WILD_TYPE, setting].flags
        assert rg.NO_ANTI_EGFR in by[rg.Profile.RAS_MUTANT, setting].items
        assert rg.NO_ANTI_EGFR in by[rg.Profile.BRAF_V600E, setting].items
        assert "test_braf_before_anti_egfr" in by[rg.Profile.RAS_WILD_TYPE_BRAF_UNKNOWN, setting].flags
        assert "immunotherapy_preferred" in by[rg.Profile.DMMR, setting].flags
        assert all("bevacizumab_option" in by[p, setting].flags for p in rg.Profile)
    assert (
        "biologics-become-resection-response" in by[rg.Profile.RAS_MUTANT, rg.Setting.CONVERSION].evidence_ids
    )


def test_matrix_rows_have_one_column_per_setting() -> None:
    rows = rg.matrix_rows()
    assert [row[rg.PROFILE] for row in rows] == [rg.PROFILE_LABELS[p] for p in rg.Profile]
    assert list(rg.matrix_columns()) == [rg.PROFILE, *(rg.SETTING_SHORT[s] for s in rg.Setting)]
    assert rows[0][rg.SETTING_SHORT[rg.Setting.CONVERSION]] == (
        "bevacizumab: an option; anti-EGFR antibody (cetuximab or panitumumab): an option"
    )


@pytest.mark.parametrize("cell", CELLS, ids=[f"{c.profile.value}-{c.setting.value}" for c in CELLS])
def test_each_cell_words_its_options_as_the_walkthrough_labels_them(cell: rg.Cell) -> None:
    """A cell's biologics and immunotherapy read as the plan's badges do (``Recommendation.option_labels``):
    the page and the walkthrough cannot word the same option two ways."""
    plan = decision.recommend(rg.representative_patient(cell.profile, cell.setting))
    options = [item.removesuffix(": an option") for item in cell.items[: len(cell.flags & rg.OPTION_FLAGS)]]
    assert all(label in plan.option_labels() for label in options)


def test_the_dmmr_cells_offer_biologics_only_to_a_patient_not_given_pembrolizumab() -> None:
    """KEYNOTE-177 [96] gave pembrolizumab alone against chemotherapy with or without bevacizumab or
    cetuximab: listed bare beside "pembrolizumab first", the biologics read as added to it."""
    for setting in (rg.Setting.CONVERSION, rg.Setting.UNRESECTABLE):
        items = rg.cell(rg.Profile.DMMR, setting).items
        assert items[0] == "pembrolizumab first (dMMR/MSI-H)"
        biologics = [item for item in items if "bevacizumab" in item or "anti-EGFR" in item]
        assert len(biologics) == 2
        assert all("(if not given pembrolizumab)" in item for item in biologics)
