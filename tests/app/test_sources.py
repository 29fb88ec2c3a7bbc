"""AppTest of the Sources page: search, filters, URL state and its validation."""

from __future__ import annotations

import re
from typing import Any

from streamlit.testing.v1 import AppTest

import crlm_content
from crlm_content.search import EvidenceFilter, filter_evidence

from .helpers import plain, run_page


def shown_count(at) -> int:  # type: ignore[no-untyped-def]
    for block in at.markdown:
        if block.value.startswith("**") and " records shown." in block.value:
            return int(block.value.split("**")[1])
    raise AssertionError("record count not shown")


def test_all_records_listed_by_default() -> None:
    at = run_page("app_pages/sources.py")
    assert shown_count(at) == len(crlm_content.evidence())
    assert not at.warning


def test_search_narrows_and_goes_into_the_url() -> None:
    at = run_page("app_pages/sources.py")
    at.text_input(key="sources__q").input("bevacizumab").run()
    wanted = filter_evidence(crlm_content.get_catalog(), EvidenceFilter(text="bevacizumab"))
    assert 0 < len(wanted) < len(crlm_content.evidence())
    assert shown_count(at) == len(wanted)
    assert at.query_params["q"] == "bevacizumab"


def test_url_filters_are_applied() -> None:
    at = run_page("app_pages/sources.py", {"section": "dlm"})
    expected = sum(1 for r in crlm_content.evidence() if r.section == "dlm")
    assert shown_count(at) == expected
    assert at.multiselect(key="sources__section").value == ["dlm"]


def test_malformed_url_parameters_are_ignored_with_a_notice() -> None:
    at = run_page("app_pages/sources.py", {"section": "nonsense", "ref": "abc", "zzz": "1"})
    assert shown_count(at) == len(crlm_content.evidence())
    notice = at.warning[0].value
    assert "section" in notice and "ref" in notice and "zzz" in notice


def test_no_match_gives_a_message() -> None:
    at = run_page("app_pages/sources.py", {"q": "qwertyuiop"})
    assert shown_count(at) == 0
    assert "No record matches" in at.info[0].value


def test_notes_and_references_tabs() -> None:
    """Each tab is built only when open, from the link's ``tab``; the search stays in the link meanwhile."""
    from crlm_content import get_catalog
    from crlm_content.search import cited_by

    catalog = get_catalog()
    at = run_page("app_pages/sources.py", {"tab": "Notes on the source", "q": "PROMETEO"})
    labels = [e.label for e in at.expander]
    assert [f"Caveat {c.number}: {c.title}" for c in catalog.caveats] == labels
    assert not at.dataframe  # the evidence table's tab is closed
    assert at.query_params["q"] == "PROMETEO"
    at = run_page("app_pages/sources.py", {"tab": "References"})
    references = at.dataframe[0].value
    assert sorted(references["number"]) == sorted(cited_by(catalog))


def test_a_deep_link_with_a_unicode_comparator_finds_the_record() -> None:
    """Pages show ">=" as "≥"; the records store ">=". A link with "≥ 7.5%" finds the CEA cut-off's record."""
    at = run_page("app_pages/sources.py", {"q": "≥ 7.5%"})
    assert shown_count(at) == 1
    assert at.query_params["q"] == "≥ 7.5%"
    statement = crlm_content.get_catalog().get("cea-decline-cutoff").statement
    assert any(statement[:40] in block.value for block in at.markdown)  # the phone's list has it


def test_the_count_comes_right_after_the_search_box_and_before_the_filters() -> None:
    """On a phone the filters pushed the count and the results below the fold: they are folded away now,
    after the count."""
    at = run_page("app_pages/sources.py", {"q": "bevacizumab"})
    flat = [(node.type, str(getattr(node, "value", ""))) for node in at.main]  # the page's order
    search = next(i for i, (kind, _) in enumerate(flat) if kind == "text_input")
    count = next(i for i, (_, value) in enumerate(flat) if " records shown." in value)
    first_filter = next(i for i, (kind, _) in enumerate(flat) if kind in ("multiselect", "toggle"))
    results = next(i for i, (_, value) in enumerate(flat) if "*Statement*" in value)
    assert search < count < first_filter < results
    assert count == search + 1


def test_the_phone_list_says_what_each_reference_number_is() -> None:
    """A phone has no hover help: under each record, its references' labels, each number a link to it."""
    from crlm_content.search import reference_label

    catalog = crlm_content.get_catalog()
    record = catalog.get("imaging-prometeo-mri-vs-ct")
    at = run_page("app_pages/sources.py", {"q": "PROMETEO"})
    listing = next(block.value for block in at.markdown if "*Statement*" in block.value)
    for number in record.refs:
        label = reference_label(catalog.reference_by_number[number]).removeprefix(f"[{number}]").strip()
        assert f"[\\[{number}\\]](sources?tab=References&ref={number})" in listing
        assert plain(label) in plain(listing)


def test_a_typo_offers_close_searches_and_a_click_runs_one() -> None:
    at = run_page("app_pages/sources.py", {"q": "FRL"})
    assert shown_count(at) == 0
    assert "FLR" in [plain(button.label) for button in at.button]
    at.button(key="sources__suggestion_0").click().run()
    assert not at.exception
    assert at.text_input(key="sources__q").value == "FLR"
    assert at.query_params["q"] == "FLR"
    assert shown_count(at) == len(filter_evidence(crlm_content.get_catalog(), EvidenceFilter(text="FLR"))) > 0


def test_the_references_tab_honours_ref() -> None:
    """A reference number in the phone's list opens the References tab on that reference."""
    at = run_page("app_pages/sources.py", {"tab": "References", "ref": "93"})
    assert list(at.dataframe[0].value["number"]) == [93]
    assert at.multiselect(key="sources__ref").value == [93]
    phone = [plain(block.value) for block in at.markdown if plain(block.value).startswith("**[93]")]
    assert len(phone) == 1 and "[94]" not in phone[0]
    assert not phone[0].startswith("**93 · [93]")  # the study's label carries its number: not twice


def test_a_link_reopens_the_record_a_selected_row_opened() -> None:
    """Selecting a row opened the record's card, but the share link carried only the search: reopened, the
    page said "Select a row". The selection is kept under ``record``."""
    record = crlm_content.get_catalog().get("flr-threshold-normal-liver")
    at = run_page("app_pages/sources.py", {"q": "FLR", "record": record.id})
    assert not at.exception
    shown = plain("\n".join(m.value for m in at.markdown))
    assert record.statement[:40] in shown
    assert at.query_params["record"] == record.id
    bad = run_page("app_pages/sources.py", {"record": "no-such-record"})
    assert not bad.exception
    assert any("record" in w.value and "ignored" in w.value for w in bad.warning)


def test_the_record_card_follows_the_results_and_can_be_closed() -> None:
    """A linked record outside the search's results still showed its card below them, and a card opened from
    a link could not be closed (the grid showed no selection to clear)."""
    outside = run_page("app_pages/sources.py", {"q": "bevacizumab", "record": "flr-threshold-normal-liver"})
    assert not outside.exception
    assert "record" not in outside.query_params
    at = run_page("app_pages/sources.py", {"record": "flr-threshold-normal-liver"})
    at.button(key="sources__close_record").click().run()
    assert not at.exception, at.exception
    assert "record" not in at.query_params
    assert not [b for b in at.button if b.key == "sources__close_record"]


def test_reference_links_on_the_projector_keep_presenter_mode() -> None:
    at = run_page("app_pages/sources.py", {"q": "FLR", "present": "1"})
    links = re.findall(r"\(sources\?tab=References&ref=\d+[^)]*\)", "\n".join(m.value for m in at.markdown))
    assert links and all("present=1" in link for link in links)


def test_each_listed_record_links_to_itself_opened_in_full() -> None:
    """The phone's and the projector's list had no rows to select, so a record's card (its caveats in full,
    its teaching note) could be opened only by typing ``record=`` into the URL. Each listed record now links
    to the page searched by its id with its card open, the card right under the one result."""
    catalog = crlm_content.get_catalog()
    for present, suffix in (({}, ""), ({"present": "1"}, "&present=1")):
        at = run_page("app_pages/sources.py", {"q": "PROMETEO", **present})
        listing = next(block.value for block in at.markdown if "*Statement*" in block.value)
        shown = filter_evidence(catalog, EvidenceFilter(text="PROMETEO"))
        links = re.findall(r"\[Open this record in full, with its caveats\]\(([^)]*)\)", listing)
        assert links == [f"sources?q={r.id}&record={r.id}{suffix}" for r in shown]
    record = shown[0]
    opened = run_page("app_pages/sources.py", {"q": record.id, "record": record.id})
    assert not opened.exception and shown_count(opened) == 1
    assert record.statement[:40] in plain("\n".join(m.value for m in opened.markdown))
    assert opened.button(key="sources__close_record")  # the card is open


def test_a_phone_readers_failed_look_ups_find_their_records() -> None:
    """Look-ups that found nothing for their words: an outcome spelled out where the record abbreviates it,
    a British/American spelling, the review's "vs", and "left in situ" where the record says "left
    untreated". Each now lists the record (read in data/evidence/*.yaml) first, with no "did you mean"."""
    catalog = crlm_content.get_catalog()
    for text, record_id in (
        ("New EPOC overall survival", "biologics-new-epoc-os"),
        ("CEA cut-off", "cea-decline-cutoff"),
        ("64% vs 15%", "flr-two-stage-survival"),
        ("DLM left in situ", "dlm-intrahepatic-rfs"),
    ):
        at = run_page("app_pages/sources.py", {"q": text})
        assert not at.exception
        assert shown_count(at) >= 1, text
        listing = next(block.value for block in at.markdown if "*Statement*" in block.value)
        first = listing.split("*Statement*")[1]  # the first record's statement
        assert catalog.get(record_id).statement[:40] in first, text
        assert not [b for b in at.button if (b.key or "").startswith("sources__suggestion")]


def test_a_suggestion_button_does_not_repeat_a_word() -> None:
    at = run_page("app_pages/sources.py", {"q": "upfront surgry"})
    labels = [plain(b.label) for b in at.button if (b.key or "").startswith("sources__suggestion")]
    assert "upfront surgery" in labels  # "upfront upfront surgery" was offered too
    assert all(len(label.split()) == len(set(label.split())) for label in labels), labels


def _markdown_under(at: AppTest, key: str) -> list[str]:
    """The markdown of the container keyed ``key`` (a ``layout.narrow_only``/``wide_only`` container)."""

    def find(node: Any) -> Any:
        for child in getattr(node, "children", {}).values():
            if str(getattr(child.proto, "id", "")).endswith(key):
                return child
            if (found := find(child)) is not None:
                return found
        return None

    block = find(at.main)
    assert block is not None, key
    return [node.value for node in block if node.type == "markdown"]


def test_the_phone_count_says_how_many_its_cut_list_shows() -> None:
    """A phone's count said "112 of 190 records shown" over a list cut at 40; the cut was said only at its
    bottom. Where the list is cut, the phone's count says so; the wide screen's grid lists all."""
    catalog = crlm_content.get_catalog()
    total = len(catalog.evidence)
    found = len(filter_evidence(catalog, EvidenceFilter(text="chemotherapy")))
    assert found > 40  # the phone's list holds 40 (the page's PHONE_RECORDS)
    at = run_page("app_pages/sources.py", {"q": "chemotherapy"})
    phone = _markdown_under(at, "narrow-only-sources-count")
    assert phone == [
        f"**{found}** of {total} records found; the first 40 are listed below: "
        "search or filter to see others."
    ]
    assert _markdown_under(at, "wide-only-sources-count") == [f"**{found}** of {total} records shown."]
    listing = next(block.value for block in at.markdown if "*Statement*" in block.value)
    assert listing.count("*Statement*") == 40
    # a search that the list holds whole keeps the one line, right under the search box
    few = run_page("app_pages/sources.py", {"q": "bevacizumab"})
    assert [b.value for b in few.markdown if " records " in b.value and b.value.startswith("**")] == [
        f"**{shown_count(few)}** of {total} records shown."
    ]


def test_the_phone_says_its_list_is_cut_once_at_the_top() -> None:
    """The phone said "first 40" twice: over the list ("145 of 190 records found; the first 40 are listed
    below.") and under it ("The first 40 of 145 are shown: search or filter to see others."). The line at
    the top says both; the list's foot is its last record."""
    found = len(filter_evidence(crlm_content.get_catalog(), EvidenceFilter(text="chemotherapy")))
    at = run_page("app_pages/sources.py", {"q": "chemotherapy"})
    page = "\n".join(block.value for block in at.markdown)
    assert page.count("first 40") == 1, [b.value for b in at.markdown if "first 40" in b.value]
    assert page.count("search or filter to see others") == 1
    assert "search or filter to see others" in _markdown_under(at, "narrow-only-sources-count")[0]
    listing = next(block.value for block in at.markdown if "*Statement*" in block.value)
    assert f"of {found} are shown" not in listing
    assert listing.rstrip().endswith(")")  # its last record's "Open this record in full" link


def _partial_list(at: AppTest) -> str:
    """The markdown list under the "Closest matches (partial)" label."""
    texts = [block.value for block in at.markdown]
    return texts[next(i for i, text in enumerate(texts) if "Closest matches (partial)" in text) + 1]


def _lacks_lines(listing: str) -> list[str]:
    return [line.removeprefix("- *Lacks*: ") for line in listing.splitlines() if line.startswith("- *Lacks*")]


def test_a_question_typed_as_a_sentence_lists_the_closest_records_labelled_partial() -> None:
    """ "how long before surgery should bevacizumab stop" found nothing and offered nothing: every word must
    match and no record says "should". The records with the most of its main words are listed, labelled as
    partial matches, each saying what it lacks of them; the >= 5 weeks record (read in data/evidence: it
    says bevacizumab, surgery and the interval) first, lacking none: "should" is the question's grammar."""
    record = crlm_content.get_catalog().get("biologics-bevacizumab-preop-safety")
    at = run_page("app_pages/sources.py", {"q": "how long before surgery should bevacizumab stop"})
    assert shown_count(at) == 0
    assert "No record matches" in at.info[0].value
    partial = _partial_list(at)
    first = partial.split("**", 3)[2]  # the first record's block: after its heading's bold
    assert "*Lacks*" not in first
    assert plain(record.statement[:60]) in plain(first)
    assert f"sources?q={record.id}&record={record.id}" in first  # it opens in full
    lacks = _lacks_lines(partial)
    assert lacks and not [
        line for line in lacks if {"how", "long", "before", "should"} & set(line.split(", "))
    ]
    found = run_page("app_pages/sources.py", {"q": "bevacizumab stop"})
    assert not [text for text in (b.value for b in found.markdown) if "Closest matches" in text]


def test_a_partial_match_weighs_the_subject_not_the_small_words() -> None:
    """ "pembrolizumab after progression" listed first the CEA 7.5% record ("Lacks: pembrolizumab"), then
    KEYNOTE-177 ("Lacks: after"). Read in data/evidence: the KEYNOTE-177 record says pembrolizumab and
    progression-free survival; the CEA record neither pembrolizumab nor anything on immunotherapy."""
    keynote = crlm_content.get_catalog().get("immunotherapy-pembrolizumab-vs-chemotherapy")
    at = run_page("app_pages/sources.py", {"q": "pembrolizumab after progression"})
    partial = _partial_list(at)
    first = partial.split("**", 3)[2]
    assert plain(keynote.statement[:60]) in plain(first)
    assert "*Lacks*" not in first
    lacks = _lacks_lines(partial)
    assert "after" not in {word for line in lacks for word in line.split(", ")}, lacks
    blocks = re.split(r"\n\n(?=\*\*)", partial)  # one a record, its heading in bold
    lacking = [
        "pembrolizumab" in _lacks_lines(block)[0].split(", ") if "*Lacks*" in block else False
        for block in blocks
    ]
    assert lacking == sorted(lacking), lacking  # any record without pembrolizumab after every one with it


def test_a_glossary_alias_finds_its_records_and_is_never_offered_another_term() -> None:
    """ "SOS" gave 0 records and "Did you mean: OS"; "R1" 0 and nothing. The glossary's other names of
    sinusoidal injury and of an R1 resection find the records that use them (read in data/evidence)."""
    catalog = crlm_content.get_catalog()
    for text, record_id in (
        ("SOS", "timing-folfox-9-cycles"),
        ("R1", "margins-positive-margin-suboptimal-response"),
    ):
        at = run_page("app_pages/sources.py", {"q": text})
        assert shown_count(at) == 2, text
        assert plain(catalog.get(record_id).statement[:40]) in plain("\n".join(b.value for b in at.markdown))
        assert not [b for b in at.button if (b.key or "").startswith("sources__suggestion")]


def test_the_first_bevacizumab_record_says_bevacizumab() -> None:
    """The first record listed for "bevacizumab" had it only in its entity list."""
    at = run_page("app_pages/sources.py", {"q": "bevacizumab"})
    listing = next(block.value for block in at.markdown if "*Statement*" in block.value)
    first = listing.split("*Statement*")[1].split("\n")[0]
    assert "bevacizumab" in first.casefold()


def test_a_question_about_a_gene_finds_its_record_and_says_the_gene_as_typed() -> None:
    """ "how common is BRAF" listed five partial cards, all "Lacks: braf" (the CRC burden, liver toxicity...),
    never the record of BRAF V600E in about 9% of CRC [63] (read in data/evidence/risk_scores.yaml)."""
    catalog = crlm_content.get_catalog()
    at = run_page("app_pages/sources.py", {"q": "how common is BRAF"})
    text = plain("\n".join(block.value for block in at.markdown))
    assert plain(catalog.get("risk-scores-braf-prevalence").statement[:40]) in text
    assert "Lacks" not in text  # found whole: "how common" asks what the record calls its prevalence
    # a record lacking KRAS says so as the reader wrote it, never "kra" (no record has KRAS with
    # pembrolizumab: KEYNOTE-177's names no gene)
    at = run_page("app_pages/sources.py", {"q": "KRAS pembrolizumab progression"})
    lacks = {word for line in _lacks_lines(_partial_list(at)) for word in line.split(", ")}
    assert "kra" not in lacks and "kras" not in lacks
