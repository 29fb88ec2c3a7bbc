"""The walkthrough tests' reference patient, shared by the unit tests that build plans from it.

An input, not an expected value: each test works out what the plan should say for its own changes.
"""

from __future__ import annotations

from crlm_content.decision import Scenario


def patient(**changes: object) -> Scenario:
    """A fit, metachronous patient with two small lesions in one lobe, a large remnant in a normal liver and
    every Fong item known (score 1: more than one tumour); each test changes what it is about."""
    data: dict[str, object] = {
        "synchronous": False,
        "disease_free_interval_months": 24,
        "lesion_count": 2,
        "largest_lesion_cm": 3,
        "smallest_lesion_cm": 2.5,
        "flr_percent": 60,
        "node_positive_primary": False,
        "cea_ng_ml": 5,
    }
    data.update(changes)
    return Scenario.model_validate(data)


def easy_resection(**changes: object) -> Scenario:
    """Two metachronous lesions that are easy to remove and a 60% remnant, the Fong items not given: an
    upfront resection unless ``changes`` say otherwise."""
    data: dict[str, object] = {
        "synchronous": False,
        "disease_free_interval_months": 24,
        "lesion_count": 2,
        "largest_lesion_cm": 3,
        "flr_percent": 60,
        "resection_easy": True,
    }
    data.update(changes)
    return Scenario.model_validate(data)
