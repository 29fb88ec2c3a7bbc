"""Citation text: one function (search.citation_text) says where a figure comes from, for the evidence cards
and the glossary alike."""

from __future__ import annotations

from crlm_app import evidence
from crlm_content import get_catalog
from crlm_content.glossary import help_text, lookup, source_text
from crlm_content.search import REVIEW_OWN, citation_text

# data/evidence/guidelines.yaml: the review's own statement of a low operative risk, no bracketed reference;
# data/glossary.yaml: "operative risk" cites only that record.
NO_REFERENCE_ID = "guidelines-upfront-resection-low-risk"


def test_citation_text_names_the_references_or_the_review_itself() -> None:
    assert citation_text((57,)) == "ref. [57]"
    assert citation_text((17, 14, 15, 16, 52)) == "ref. [14-17, 52]"  # format_refs's runs, sorted
    assert citation_text(()) == "stated by the review itself, no reference given"
    assert citation_text([]) == REVIEW_OWN
    assert "(" not in REVIEW_OWN  # it reads inside the parentheses a sentence puts it in


def test_an_evidence_card_and_the_glossary_say_the_same_for_the_same_record() -> None:
    catalog = get_catalog()
    record = catalog.get(NO_REFERENCE_ID)
    assert record.refs == () and not record.derived
    assert evidence.source_text(record) == REVIEW_OWN
    term = lookup(catalog, "operative risk")
    assert term.evidence_ids == (NO_REFERENCE_ID,)
    assert source_text(catalog, term) == f"Source: {REVIEW_OWN}"
    assert help_text(catalog, "operative risk").endswith(f"Source: {REVIEW_OWN}.")
    fong = catalog.get("risk-scores-fong-review-items")  # refs: [57]
    assert evidence.source_text(fong) == "ref. [57]"
    assert help_text(catalog, "Fong score").endswith("Source: ref. [57]; Fong 1999.")


def test_an_answer_or_a_step_without_a_reference_is_cited_to_the_review_the_same_way() -> None:
    catalog = get_catalog()
    assert evidence.ref_links(catalog, [NO_REFERENCE_ID]) == f"*({REVIEW_OWN})*"  # was "*(the review)*"
    assert evidence.ref_links(catalog, [NO_REFERENCE_ID, "risk-scores-fong-review-items"]) == (
        # one record with a reference: the bracket, as a link; the other keeps its mark after it
        "[\\[57\\]](sources?ref=57); and the review's own text, no reference given"
    )
    assert evidence.ref_links(catalog, ["risk-scores-fong-review-items"]) == "[\\[57\\]](sources?ref=57)"
