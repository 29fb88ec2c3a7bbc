"""A phone reader's look-ups that missed the record they were about: gene names folded to "kra", partial
matches led by records lacking the question's subject, and words the records write another way.

Every expected record id was chosen by reading data/evidence/*.yaml (the statement or figure the question
asks for), never from the search's output.
"""

from __future__ import annotations

import re

import pytest

from crlm_content import get_catalog
from crlm_content.catalog import Catalog
from crlm_content.search import EvidenceFilter, closest_matches, filter_evidence
from crlm_content.textsearch import UNFOLDED, fold_word, parse_query


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return get_catalog()


def found(catalog: Catalog, text: str) -> list[str]:
    """What the Sources page lists for ``text``: the records it finds, else its closest (partial) matches."""
    query = EvidenceFilter(text=text)
    full = [record.id for record in filter_evidence(catalog, query)]
    return full or [match.record.id for match in closest_matches(catalog, query)]


# --- 1. gene names keep their final "s" ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("kras", "kras"),  # was "kra"
        ("nras", "nras"),  # was "nra"
        ("hras", "hras"),
        ("alpps", "alpps"),
        ("ras", "ras"),  # three letters: never folded
        ("braf", "braf"),
        ("weeks", "week"),  # plurals still fold
        ("therapies", "therapy"),
        ("metastases", "metastasis"),
        ("mutations", "mutation"),
        ("focus", "focus"),
    ],
)
def test_fold_word_keeps_a_gene_s_final_s_and_still_folds_plurals(word: str, folded: str) -> None:
    assert fold_word(word) == folded


def test_every_capitalised_name_ending_in_s_is_kept_whole(catalog: Catalog) -> None:
    """The glossary writes gene and procedure names in capitals (KRAS, NRAS, ALPPS): an "S" there is the
    name's own, never a plural. Read from the glossary (names and definitions) and the records' entities."""
    texts = [text for term in catalog.glossary for text in (term.term, term.expansion or "", term.definition)]
    texts += [alias for term in catalog.glossary for alias in term.aliases]
    texts += [entity for record in catalog.evidence for entity in record.entities]
    capitals = {
        word.casefold()
        for text in texts
        for word in re.findall(r"[A-Za-z0-9]+", text)
        if word.isupper() and len(word) > 3 and word.endswith("S") and not word.endswith(("SS", "US", "IS"))
    }
    assert capitals  # KRAS at least
    assert capitals <= UNFOLDED, capitals - UNFOLDED


def test_a_lacking_word_is_shown_as_the_reader_typed_it() -> None:
    query = parse_query("BRAF KRAS-mutant Tumours re-evaluate 20%")
    assert [query.shown(i) for i in range(len(query.terms))] == [
        "BRAF",
        "KRAS",
        "mutant",
        "Tumours",
        "re-evaluate",
        "20%",
    ]


def test_a_partial_match_says_kras_not_kra(catalog: Catalog) -> None:
    # no record has KRAS with pembrolizumab (read in data/evidence: KEYNOTE-177's record names no gene)
    partial = closest_matches(catalog, EvidenceFilter(text="KRAS pembrolizumab progression"))
    lacks = {word for match in partial for word in match.lacks}
    assert partial and "kra" not in lacks and "kras" not in lacks
    assert "KRAS" in lacks or "pembrolizumab" in lacks


# --- 2. a partial match holds the question's subject -----------------------------------------------------


def _holds(catalog: Catalog, record_id: str, *words: str) -> bool:
    """Whether a record's statement, figure labels, id or entities say one of ``words`` (its data)."""
    record = catalog.get(record_id)
    text = " ".join([record.statement, record.id, *record.entities, *(v.label for v in record.values)])
    return any(word in text.casefold() for word in words)


@pytest.mark.parametrize(
    ("question", "subject", "expected"),
    [
        # "common" outweighed BRAF: five cards, all "Lacks: braf", never the ~9% record [63]
        ("how common is BRAF", ("braf",), "risk-scores-braf-prevalence"),
        ("how common is KRAS", ("kras",), "risk-scores-kras-prevalence"),  # 15-36% [60]
        # "needed" outweighed FLR and margin: records lacking them were listed first
        ("what FLR is needed after chemotherapy", ("flr", "liver remnant"), "flr-higher-threshold-after-nct"),
        ("what margin is needed", ("margin",), "margins-meta-analysis-wide-margin"),
    ],
)
def test_a_question_finds_records_holding_its_subject(
    catalog: Catalog, question: str, subject: tuple[str, ...], expected: str
) -> None:
    listed = found(catalog, question)
    assert expected in listed[:3], listed
    assert all(_holds(catalog, record_id, *subject) for record_id in listed), listed


def test_no_partial_match_lacks_every_subject_term(catalog: Catalog) -> None:
    """ "needed" is rarer in the records than BRAF: records saying "needed" (an FLR or a margin) were listed
    as partial matches of a question about BRAF. Every one listed now has BRAF, and lacks only "needed"."""
    partial = closest_matches(catalog, EvidenceFilter(text="when is BRAF needed"))
    assert partial
    assert all(_holds(catalog, match.record.id, "braf") for match in partial)
    assert all(match.lacks == ("needed",) for match in partial)


# --- 3. the records' other words for what a reader asks --------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected", "top"),
    [
        # re-imaging every 2-3 months (review's own) and NCCN's reassessment every 2 months [18]
        ("restaging", "timing-unresectable-reimaging", 3),
        ("restaging", "table-2-nccn-reevaluation", 3),
        ("restage", "timing-unresectable-reimaging", 3),
        ("re-evaluate", "table-2-nccn-reevaluation", 3),
        ("re-evaluate", "timing-unresectable-reimaging", 3),
        ("reassessment", "timing-unresectable-reimaging", 3),
        # 33% at 5 years, 23% at 10 after NCT and resection of initially unresectable CRLM [14, 52]
        ("conversion survival", "unresectable-long-term-survival", 3),
        ("survival after conversion", "unresectable-long-term-survival", 3),
        # median OS with chemotherapy before and after hepatectomy [56]
        ("neoadjuvant vs adjuvant", "timing-synchronous-median-os", 3),
        # KRAS mutation in 15-36% of patients with CRLM [60]
        ("KRAS mutation rate", "risk-scores-kras-prevalence", 3),
        ("KRAS prevalence", "risk-scores-kras-prevalence", 3),
        ("KRAS frequency", "risk-scores-kras-prevalence", 3),
        # radiographic and pathologic response rates by KRAS status with FOLFOX4 + bevacizumab [61]
        ("response rate KRAS bevacizumab", "risk-scores-kras-response-folfox4-bevacizumab", 3),
        # oxaliplatin's sinusoidal injury [19]
        ("sinusoidal obstruction", "rationale-oxaliplatin-sinusoidal-injury", 3),
        # DLM: diameter < 2 cm, deeper than 1 cm [80, 85]
        ("DLM size", "dlm-risk-factors", 3),
        ("lesion size disappearance", "dlm-risk-factors", 3),
        # what CALI is: oxaliplatin's sinusoidal injury [19], irinotecan's steatohepatitis [20-22]
        ("CALI", "rationale-oxaliplatin-sinusoidal-injury", 2),
        ("CALI", "rationale-irinotecan-steatohepatitis", 2),
    ],
)
def test_another_word_for_it_finds_the_record(
    catalog: Catalog, question: str, expected: str, top: int
) -> None:
    listed = [record.id for record in filter_evidence(catalog, EvidenceFilter(text=question))]
    assert expected in listed[:top], listed


def test_a_glossary_entry_s_records_lead_only_a_search_for_its_name(catalog: Catalog) -> None:
    """The records CALI's entry cites come first for "CALI" alone; with another word, the search's own
    order (the AHPBA row says bevacizumab and CALI, read in data/evidence/table_2.yaml)."""
    cali = next(term for term in catalog.glossary if term.term == "CALI")
    assert cali.evidence_ids  # its definition's kinds of injury: oxaliplatin's [19], irinotecan's [20-22]
    listed = [record.id for record in filter_evidence(catalog, EvidenceFilter(text="CALI"))]
    assert set(listed[: len(cali.evidence_ids)]) == set(cali.evidence_ids)
    both = [record.id for record in filter_evidence(catalog, EvidenceFilter(text="CALI bevacizumab"))]
    assert both[0] == "table-2-ahpba-biologics", both
