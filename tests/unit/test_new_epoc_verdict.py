"""New EPOC's one-line verdict against the records it rests on: overall survival significantly shorter with
cetuximab is harm, and the line says so."""

from __future__ import annotations

from crlm_content import get_catalog
from crlm_content.studies import load_studies

CATALOG = get_catalog()
NEW_EPOC = next(study for study in load_studies(CATALOG) if study.key == "new-epoc")


def test_new_epoc_s_verdict_names_the_harm_its_records_show() -> None:
    """The verdict read "Cetuximab added nothing before resection; overall survival, a secondary endpoint, was
    shorter": neutral, though OS was significantly shorter with cetuximab (biologics-new-epoc-os, P = 0.036)
    and PFS no longer (biologics-new-epoc-pfs, not significant at the long-term report; caveat 6)."""
    os_ = CATALOG.get("biologics-new-epoc-os")
    with_cetuximab = os_.value("median OS, chemotherapy + cetuximab").value
    without = os_.value("median OS, chemotherapy alone").value
    assert with_cetuximab < without and os_.value("P value").value < 0.05  # the harm, in the record
    pfs = CATALOG.get("biologics-new-epoc-pfs")
    assert pfs.value("PFS, chemotherapy + cetuximab").value < pfs.value("PFS, chemotherapy alone").value
    (os_endpoint,) = [e for e in NEW_EPOC.endpoints if e.key == "os"]
    assert os_endpoint.significance == "significant" and os_endpoint.role == "secondary"

    verdict = NEW_EPOC.verdict
    assert "harm" in verdict and "overall survival" in verdict and "significantly shorter" in verdict
    assert "secondary endpoint" in verdict  # the harm is on a secondary endpoint, and the line keeps that
    assert "added nothing" not in verdict
    assert "PFS no better" in verdict  # not "shorter": not significant at this report
