"""Surgery and alternatives page: margins with the meta-analysis' relative risks and caveat 16, the remnant
and two-stage resection, timing with the synchronous study's chart, and the alternatives; calculator links."""

from __future__ import annotations

import re

from crlm_content.catalog import get_catalog

from ..review_source import review_text
from .helpers import captions, cited, markdown, plain, run_page, table_with

PAGE = "app_pages/surgery.py"


def page_links(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.proto.page for p in at.get("page_link")]


def test_margins_tab_relative_risks_and_their_caveat() -> None:
    at = run_page(PAGE)
    rows = table_with(at, "Relative risk")
    assert [row["Relative risk"] for row in rows] == [
        "RR = 0.86",
        "RR = 0.91",
        "RR = 0.94",
        "RR = 0.93",
        "RR = 0.88",
    ]
    assert "Caveat 16" in captions(at)
    text = plain(markdown(at))
    assert "≥ 1 mm" in text or ">= 1 mm" in text
    assert not re.search(r"at least \W*(≥|>=)", text)  # "at least >= 1 mm" said the comparison twice
    assert "36 months" in text and "65 months" in text
    # the review does not say these are medians (the record's note): the page must not either
    assert "does not say whether" in (get_catalog().get("margins-submillimetre").note or "")
    sentence = next(s for s in re.split(r"(?<=[.!?])\s+", text) if "36 months" in s)
    assert "median" not in sentence, sentence


def test_remnant_tab_links_the_planner_and_gives_two_stage_outcomes() -> None:
    at = run_page(PAGE, {"tab": "Remnant and two-stage resection"})
    assert any("liver_remnant" in page for page in page_links(at))
    text = plain(markdown(at))
    assert "64%" in text and "15%" in text


def test_timing_tab_has_the_synchronous_chart_from_its_record() -> None:
    at = run_page(PAGE, {"tab": "Timing and duration"})
    assert any("treatment_timing" in page for page in page_links(at))
    description = next(c.value for c in at.caption if c.value.startswith("Chart description"))
    record = get_catalog().get("timing-synchronous-median-os")
    for value in record.values:
        if value.label.startswith("median OS"):
            assert f"{value.display()}" in plain(description)
    text = plain(markdown(at))
    assert "12 weeks" in text and "4 weeks" in text and "9 cycles" in text


def test_alternatives_tab_immunotherapy_and_intra_arterial() -> None:
    at = run_page(PAGE, {"tab": "Alternatives"})
    headers = [s.value for s in at.header]
    assert any("Immunotherapy" in h for h in headers) and any("HAI" in h for h in headers)
    text = plain(markdown(at))
    assert "16.5 months" in text and "8.2 months" in text
    assert "no figures" in text  # intra-arterial outcomes are given in words only


# what a surgeon looks for among the alternatives, with the words the review would use for it
_NOT_COVERED = {
    "thermal ablation": ("ablation", "radiofrequency", "microwave"),
    "stereotactic body radiotherapy (SBRT)": ("SBRT", "stereotactic", "radiotherapy"),
    "ALPPS": ("ALPPS", "partition"),
    "liver transplantation": ("transplant",),
    "radioembolization": ("radioemboli", "SIRT", "yttrium"),
}


def test_alternatives_tab_says_which_alternatives_the_review_does_not_cover() -> None:
    review = review_text().casefold()
    for words in _NOT_COVERED.values():  # the page's claim holds for the review
        assert not [w for w in words if w.casefold() in review], words
    at = run_page(PAGE, {"tab": "Alternatives"})
    (line,) = [m.value for m in at.markdown if "Not in the review" in m.value]
    for name in _NOT_COVERED:
        assert name in plain(line), name
    assert "not discussed" in line and "local therapy" in line and "NCCN" in line
    assert "table-2-nccn-resectable-metachronous" in cited(at)


# Each summary sentence cites the references of the numbers it quotes, where they are read: the cards below
# may open with a record the review states without a reference, so "36 months against 65 months" read as
# unreferenced on a phone, the [90] card some 500 px further down (a phone reader's look-up review).
# (tab, a number the summary quotes, the review's references for it)
SUMMARIES = [
    ("Margins", "36 months", "90"),
    ("Remnant and two-stage resection", "40%", "92, 93"),
    ("Remnant and two-stage resection", "64%", "95"),
    ("Timing and duration", "9 cycles", "53, 54"),
    ("Alternatives", "16.5 months", "96"),
]


def test_every_summary_cites_the_numbers_it_quotes_where_they_are_read() -> None:
    for tab, number, refs in SUMMARIES:
        at = run_page(PAGE, {"tab": tab})
        paragraph = next(plain(m.value) for m in at.markdown if number in plain(m.value))
        link = f"[[{refs}]](sources?ref={refs.replace(', ', ',')})"
        assert paragraph.endswith(link), (tab, paragraph[-120:])


def test_the_relative_risks_caption_cites_the_meta_analysis() -> None:
    at = run_page(PAGE)
    caption = next(plain(c.value) for c in at.caption if c.value.startswith("Caveat 16"))
    assert caption.endswith("[[86]](sources?ref=86)")


def test_the_remnant_tab_shows_the_card_of_every_threshold_its_summary_quotes() -> None:
    """The summary's > 30% and > 40% come from flr-threshold-injured-liver; its card was missing."""
    at = run_page(PAGE, {"tab": "Remnant and two-stage resection"})
    assert "Record flr-threshold-injured-liver" in plain(captions(at))
