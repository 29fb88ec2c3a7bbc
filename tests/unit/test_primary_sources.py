"""The calculators' primary citations name the papers they follow."""

from __future__ import annotations

from crlm_content import primary_sources


def test_vauthey_2000_is_cited_by_its_own_title() -> None:
    """Surgery 2000;127:512-519 (the standardized FLR of the primary-source definitions) is "Standardized
    measurement of the future liver remnant prior to extended liver resection"; the title the product gave it,
    "Body surface area and body weight predict total liver volume in Western adults", is another Vauthey paper
    (Liver Transpl 2002), so the citation named a paper that does not exist (an evidence-pages audit)."""
    citation = primary_sources.VAUTHEY_CITATION
    assert "Standardized measurement of the future liver remnant" in citation
    assert "Western adults" not in citation
    assert citation.endswith("Surgery 2000;127:512-519")
