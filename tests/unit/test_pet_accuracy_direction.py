"""The review says chemotherapy "strongly affected" the accuracy of PET and PET-CT [71], in no direction; the
product said "reduced" in the record and in a case's reveal (an evidence-pages audit)."""

from __future__ import annotations

from crlm_content.cases import load_cases
from crlm_content.catalog import get_catalog


def test_no_text_gives_the_effect_of_chemotherapy_on_pet_a_direction() -> None:
    catalog = get_catalog()
    record = catalog.get("imaging-meta-analysis-authors-conclusions")
    assert "strongly affected" in record.statement
    texts = [record.statement, *(case.model_dump_json() for case in load_cases(catalog))]
    assert not [t for t in texts if "strongly reduced" in t]
