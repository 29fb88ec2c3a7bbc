"""Regimens, biologics and liver injury page: every tab opens by link, the matrix is the walkthrough's, the
numbers come from their records."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crlm_content import regimens as rg
from crlm_content.catalog import get_catalog

from .helpers import captions, markdown, plain, run_page, table_with

PAGE = "app_pages/regimens.py"


def test_backbone_tab_lists_the_four_regimens_and_their_drugs() -> None:
    at = run_page(PAGE)
    table = table_with(at, "Regimen")
    assert [row["Regimen"] for row in table] == ["FOLFOX", "CAPOX (XELOX)", "FOLFIRI", "FOLFOXIRI"]
    assert table[3]["Drugs"] == "fluorouracil, leucovorin, oxaliplatin, irinotecan"
    assert "caveat 11" in plain(markdown(at))
    # Table 2's NCCN row [18]: capecitabine or 5-FU/leucovorin before resection of metachronous metastases
    intro = next(m.value for m in at.markdown if "metachronous" in m.value)
    assert "capecitabine alone or 5-FU with leucovorin" in intro
    assert "fluorouracil or capecitabine alone" not in intro
    assert "[\\[18\\]](sources?ref=18)" in intro  # the page's one citation helper, evidence.ref_links


def test_matrix_tab_shows_the_walkthrough_cells() -> None:
    at = run_page(PAGE, {"tab": "Biologics by tumour and setting"})
    table = table_with(at, rg.PROFILE)
    by_profile = {row[rg.PROFILE]: row for row in table}
    for cell in rg.matrix():
        row = by_profile[rg.PROFILE_LABELS[cell.profile]]
        assert row[rg.SETTING_SHORT[cell.setting]] == cell.text
    text = plain(markdown(at))
    assert "Where the review is silent" in [s.value for s in at.subheader]
    assert "5 weeks" in text  # bevacizumab's interval, from biologics-bevacizumab-preop-safety


def test_choosing_a_cell_shows_its_reasoning_and_a_walkthrough_link() -> None:
    at = run_page(
        PAGE, {"tab": "Biologics by tumour and setting", "profile": "ras_mutant", "setting": "conversion"}
    )
    cell = rg.cell(rg.Profile.RAS_MUTANT, rg.Setting.CONVERSION)
    assert cell.reasoning.split(".")[0] in plain(markdown(at))
    assert "BECOME" in plain(markdown(at))
    link = next(p.proto for p in at.get("page_link") if p.proto.page == "walkthrough")
    assert "ras_status=kras_mutant" in link.query_string  # the representative patient opens there
    assert "complete_resection_possible=false" in link.query_string
    assert at.query_params["profile"] == "ras_mutant"  # the chosen cell is in the share link


def test_liver_injury_tab_names_each_drug_and_the_thresholds() -> None:
    at = run_page(PAGE, {"tab": "Liver injury"})
    table = table_with(at, "Drug")
    assert [row["Drug"] for row in table] == ["fluorouracil", "oxaliplatin", "irinotecan"]
    text = plain(markdown(at))
    catalog = get_catalog()
    assert catalog.get("flr-threshold-normal-liver").value("FLR, normal liver").display() in text
    assert catalog.get("timing-folfox-9-cycles").value("number of NCT cycles").display() in text


def test_liver_injury_table_cites_references_not_record_ids() -> None:
    """The table's "Record" column showed internal ids (rationale-hepatotoxicity-5fu-steatosis ...) where a
    reader expects references. The review cites none for 5-FU's steatosis, [19] for oxaliplatin's
    sinusoidal injury and [20-22] for irinotecan's steatohepatitis."""
    at = run_page(PAGE, {"tab": "Liver injury"})
    table = table_with(at, "Drug")
    assert {row["Drug"]: row["Source"] for row in table} == {
        "fluorouracil": "stated by the review itself, no reference given",
        "oxaliplatin": "ref. [19]",
        "irinotecan": "ref. [20-22]",
    }
    assert all("rationale-" not in value for row in table for value in row.values())


def test_markers_tab_labels_the_kras_dss_pair_by_group() -> None:
    at = run_page(PAGE, {"tab": "Molecular markers"})
    rows = table_with(at, "Marker")
    dss = next(row for row in rows if row["Measure"] == "5-year DSS after surgery")
    assert (dss["Mutant"], dss["Wild-type"]) == (
        "21%",
        "29%",
    )  # caveat 4: the review's order is wild-type first
    assert "caveat 4" in captions(at)
    # the review's RFS sentence [64] says "BRAF mutation"; only the prevalence sentence [63] names V600E
    braf = next(row for row in rows if row["Marker"] == "BRAF mutant" and row["Measure"] == "RFS")
    assert (braf["Mutant"], braf["Wild-type"]) == ("5.7 months", "14.7 months")
    braf_markers = [row["Marker"] for row in rows if row["Marker"].startswith("BRAF")]
    assert braf_markers == ["BRAF V600E", "BRAF mutant"]


def test_every_remnant_threshold_on_the_liver_injury_tab_shows_its_record() -> None:
    """'>= 20% of the total liver volume for a normal liver' was shown with the 30% and 40% records only: the
    20% record [93] was read for its value and never shown, so the number had no citation beside it."""
    at = run_page(PAGE, {"tab": "Liver injury"})
    text = plain(markdown(at))
    for record_id in ("flr-threshold-normal-liver", "flr-threshold-injured-liver"):
        assert plain(get_catalog().get(record_id).statement) in text, record_id


# Each wide table: its tab, the columns that head a phone's card, the other columns (labelled on the card).
PHONE_TABLES = (
    ("Biologics by tumour and setting", (rg.PROFILE,), tuple(rg.SETTING_SHORT.values())),
    ("Liver injury", ("Drug",), ("Injury", "What it means", "Source")),
    ("Molecular markers", ("Marker", "Measure"), ("Mutant", "Wild-type", "Source")),
)


def phone_cards(at: AppTest, label: str) -> str:
    """The markdown of the phone's cards (tables.record_list): the element that labels a field ``label``."""
    return next(plain(m.value) for m in at.markdown if f"- *{label}*:" in plain(m.value))


@pytest.mark.parametrize(("tab", "heading", "fields"), PHONE_TABLES, ids=[t for t, _, _ in PHONE_TABLES])
def test_wide_tables_have_a_card_per_row_for_a_phone(
    tab: str, heading: tuple[str, ...], fields: tuple[str, ...]
) -> None:
    """At 360 px the matrix (496 px) hid its 'Unresectable (systemic)' column and the markers table (416 px)
    its sources, off to the right of a table that scrolls sideways. A phone gets one card per row instead,
    every value under its column's name; the wide screen keeps the table."""
    at = run_page(PAGE, {"tab": tab})
    rows = table_with(at, heading[0])
    assert set(rows[0]) == {*heading, *fields}
    cards = phone_cards(at, fields[-1])
    for row in rows:
        block = f"**{' · '.join(row[key] for key in heading if row[key])}**\n\n" + "\n".join(
            f"- *{label}*: {row[label]}" for label in fields if row[label]
        )
        assert block in cards, block
    assert cards.count("\n\n**") == len(rows) - 1  # one card per row, nothing else


# Each summary cites the numbers it quotes where they are read, as the Surgery page's do (a phone reader's
# look-up review): (tab, a phrase of the summary, the end it must have, references written from the review)
SUMMARIES = [
    (
        "Biologics by tumour and setting",
        "left out of the last cycle",
        "[[35, 36, 37, 38, 39, 40, 41]](sources?ref=35,36,37,38,39,40,41); and the review's own text, no "
        "reference given",
    ),
    ("Liver injury", "An injured liver needs a larger remnant", "[[93]](sources?ref=93)"),
    ("Liver injury", "Longer is not better", "[[54]](sources?ref=54)"),
]


@pytest.mark.parametrize(("tab", "phrase", "end"), SUMMARIES)
def test_every_summary_cites_the_numbers_it_quotes_where_read(tab: str, phrase: str, end: str) -> None:
    at = run_page(PAGE, {"tab": tab})
    paragraph = next(plain(m.value) for m in at.markdown if phrase in plain(m.value))
    assert paragraph.endswith(end), paragraph[-160:]
