"""Preset patients, and the walkthrough's state in widgets and in the URL."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import memo
from ..catalog import Catalog, ContentError, load_records
from ..liver import LiverCondition
from ..urlstate import QueryField
from .model import Extrahepatic, RasStatus, Scenario, scenario_number_field


class Preset(BaseModel):
    """A ready-made patient; ``assumed`` names the fields its source does not give."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    description: str
    evidence_ids: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()
    scenario: Scenario

    @model_validator(mode="after")
    def _assumed_are_fields(self) -> Preset:
        unknown = [name for name in self.assumed if name not in Scenario.model_fields]
        if unknown:
            raise ValueError(f"assumed: unknown scenario field {unknown[0]!r}")
        return self


def load_presets(catalog: Catalog) -> tuple[Preset, ...]:
    """The preset patients from ``scenarios.yaml`` in the catalog's folder, validated and cross-checked
    against the catalog; loaded once per catalog and kept for the process (``memo.content``)."""
    return memo.content(_load_presets, catalog)


def _load_presets(catalog: Catalog) -> tuple[Preset, ...]:
    presets = load_records(catalog.root / "scenarios.yaml", catalog.root, Preset, "key")
    for preset in presets:
        for evidence_id in preset.evidence_ids:
            if evidence_id not in catalog.evidence_by_id:
                raise ContentError(
                    "data/scenarios.yaml", preset.key, "evidence_ids", f"unknown evidence id {evidence_id!r}"
                )
    return tuple(presets)


TRI_STATE = ("unknown", "yes", "no")
_TRI_FIELDS = (
    "initially_resectable",
    "progression_on_chemotherapy",
    "resection_easy",
    "node_positive_primary",
    "braf_v600e",
    "msi_high_or_dmmr",
    "good_performance_status",
)
DEFAULT_SCENARIO = Scenario(synchronous=False, lesion_count=1, largest_lesion_cm=3.0, flr_percent=60.0)


@functools.cache
def scenario_query_fields() -> tuple[QueryField, ...]:
    """One URL parameter per Scenario field; a number's is built from the model's own range
    (``scenario_number_field``), so a value the model takes is taken from a link, and one it refuses is
    refused (one tuple per process: see ``walkthrough_query_fields``)."""
    d = DEFAULT_SCENARIO

    def number(name: str) -> QueryField:
        # Optional in a link even where the plan needs it (the lesion count, the remnant): an emptied box
        # writes "none", and the reopened page must name the empty box as the page did, not plan for the
        # default (1 lesion, a 60% remnant).
        return scenario_number_field(name, getattr(d, name))

    fields = [
        QueryField("synchronous", "bool", d.synchronous),
        number("disease_free_interval_months"),
        number("lesion_count"),
        number("largest_lesion_cm"),
        number("smallest_lesion_cm"),
        QueryField("bilobar", "bool", d.bilobar),
        QueryField("extrahepatic_disease", "choice", d.extrahepatic_disease, choices=get_args(Extrahepatic)),
        QueryField("complete_resection_possible", "bool", d.complete_resection_possible),
        QueryField("two_adjacent_segments_spared", "bool", d.two_adjacent_segments_spared),
        QueryField("vascular_and_biliary_preserved", "bool", d.vascular_and_biliary_preserved),
        number("flr_percent"),
        QueryField("liver_condition", "choice", d.liver_condition, choices=get_args(LiverCondition)),
        QueryField("high_operative_risk", "bool", d.high_operative_risk),
        QueryField("fit_for_surgery", "bool", d.fit_for_surgery),
        number("cea_ng_ml"),
        QueryField("ras_status", "choice", d.ras_status, choices=get_args(RasStatus)),
        number("prior_chemotherapy_weeks"),
        number("planned_preop_weeks"),
        number("weeks_from_last_chemotherapy_to_surgery"),
        number("weeks_from_last_bevacizumab_to_surgery"),
        number("deepest_lesion_depth_cm"),
        number("expected_margin_mm"),
    ]
    fields += [QueryField(name, "choice", "unknown", choices=TRI_STATE) for name in _TRI_FIELDS]
    return tuple(fields)


@functools.cache
def walkthrough_query_fields(
    tab_labels: tuple[str, ...], case_keys: tuple[str, ...] = ()
) -> tuple[QueryField, ...]:
    """The walkthrough's URL parameters: the scenario's, then the open tab (the first by default), then,
    given the preset patients' keys, the loaded case (none by default), so a shared link or a handout keeps
    the case's card and what its source does not give.

    One tuple per process and set of labels: the case picker's callback holds it for the session, and a tuple
    built afresh by every run of the page would be held once per session (26 fields each)."""
    tab = QueryField("tab", "choice", tab_labels[0], choices=tab_labels)
    if not case_keys:
        return (*scenario_query_fields(), tab)
    return (
        *scenario_query_fields(),
        tab,
        QueryField("case", "choice", None, choices=case_keys, optional=True),
    )


def scenario_to_state(scenario: Scenario) -> dict[str, object]:
    """Widget/URL values for a scenario (tri-state answers as 'unknown'/'yes'/'no')."""
    state: dict[str, object] = scenario.model_dump()
    for name in _TRI_FIELDS:
        value = state[name]
        state[name] = "unknown" if value is None else "yes" if value else "no"
    return state


def state_to_data(state: Mapping[str, object]) -> dict[str, object]:
    """Scenario input from widget/URL values (inverse of ``scenario_to_state``)."""
    data = {name: state.get(name) for name in Scenario.model_fields}
    for name in _TRI_FIELDS:
        data[name] = {"yes": True, "no": False}.get(str(state.get(name)))
    return data
