"""Imaging sensitivity rows, figures and the detection illustration: expected values written by hand."""

from __future__ import annotations

import dataclasses
import math
import re
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

import crlm_content
from crlm_content import Catalog
from crlm_content.figures.frame import BASE_FONT_SIZE
from crlm_content.figures.imaging import (
    ct_by_chemotherapy_figure,
    icon_array_figure,
    sensitivity_figure,
    sensitivity_layout,
)
from crlm_content.imaging import (
    MAX_LESIONS,
    MIN_LESIONS,
    MODALITY_KEYS,
    ROW_KEYS,
    SENSITIVITY_IDS,
    STUDY_KEYS,
    UNDER_ONE_RULE,
    ct_by_chemotherapy,
    ct_by_chemotherapy_alt,
    detection_illustration,
    icon_array_alt,
    row_by_key,
    select_rows,
    sensitivity_alt,
    sensitivity_rows,
    sensitivity_table,
    study_label,
)


@cache
def catalog() -> Catalog:
    return crlm_content.get_catalog()


# The review's figures, typed from the review's text (Monitoring response and DLM sections), not the code.
EXPECTED = {
    "meta-mri": ("Meta-analysis, after chemo [71]", "MRI", 85.7),
    "meta-ct": ("Meta-analysis, after chemo [71]", "CT", 69.9),
    "meta-pet": ("Meta-analysis, after chemo [71]", "PET", 54.5),
    "meta-pet-ct": ("Meta-analysis, after chemo [71]", "PET-CT", 51.7),
    "prometeo-mri": ("PROMETEO-01 [69]", "MRI", 91.0),
    "prometeo-ct": ("PROMETEO-01 [69]", "CT", 82.0),
    "prometeo-ct-nct": ("PROMETEO-01 [69]", "CT", 71.0),
    "intraop-ce-ious": ("Intraoperative comparison [78]", "contrast-enhanced IOUS", 99.0),
    "intraop-ious": ("Intraoperative comparison [78]", "IOUS", 88.0),
    "intraop-ce-mri": ("Intraoperative comparison [78]", "contrast-enhanced MRI", 83.0),
    "intraop-ce-ct": ("Intraoperative comparison [78]", "contrast-enhanced CT", 81.0),
}


def test_rows_are_the_review_figures_each_with_its_study() -> None:
    rows = sensitivity_rows(catalog())
    assert [r.key for r in rows] == list(EXPECTED) == list(ROW_KEYS)
    for row in rows:
        assert (row.study, row.modality, row.sensitivity) == EXPECTED[row.key]


def test_rows_equal_their_evidence_records() -> None:
    by_record: dict[str, list[float]] = {}
    for row in sensitivity_rows(catalog()):
        record = catalog().get(row.evidence_id)
        assert row.refs == record.refs
        assert row.sensitivity in [v.value for v in record.values if v.unit == "%"]
        by_record.setdefault(row.evidence_id, []).append(row.sensitivity)
    assert set(by_record) == set(SENSITIVITY_IDS)
    for evidence_id, values in by_record.items():
        percentages = [v.value for v in catalog().get(evidence_id).values if v.unit == "%"]
        assert sorted(values) == sorted(percentages), evidence_id


def test_study_labels_carry_the_reference_numbers() -> None:
    assert [study_label(catalog(), k) for k in STUDY_KEYS] == [
        "Meta-analysis, after chemo [71]",
        "PROMETEO-01 [69]",
        "Intraoperative comparison [78]",
    ]


def test_bars_of_one_study_in_two_settings_say_their_setting() -> None:
    """PROMETEO-01's bars "CT" 82% and "CT after chemotherapy" 71% read as a before-and-after pair, which
    the page's own After-chemotherapy view says they are not (caveat 22): where a study's rows differ in
    setting, every bar's label names its setting, the one the table gives for the row."""
    rows = sensitivity_rows(catalog())
    for study in STUDY_KEYS:
        group = [r for r in rows if r.study_key == study]
        labels = [r.bar_label for r in group]
        assert len(set(labels)) == len(labels), labels
        modalities = [r.modality_key for r in group]
        if len(set(modalities)) < len(modalities):  # one modality in two settings
            for row in group:
                assert row.label_setting and row.bar_label.endswith(f"({row.label_setting})"), row.key
    prometeo = {r.key: r for r in rows if r.study_key == "prometeo"}
    assert "all patients" in prometeo["prometeo-ct"].setting
    assert prometeo["prometeo-ct"].bar_label == "CT (all patients)"
    assert "as the review gives it" in prometeo["prometeo-ct-nct"].setting
    assert "review's figure" in prometeo["prometeo-ct-nct"].bar_label
    fig = sensitivity_figure(tuple(prometeo.values()))
    drawn = {a.text for a in fig.layout.annotations}
    assert {"MRI (all patients)", "CT (all patients)", "CT (after chemotherapy, review's figure)"} <= drawn
    assert "CT" not in drawn and "CT after chemotherapy" not in drawn


def test_after_chemotherapy_row_is_labelled_apart() -> None:
    rows = sensitivity_rows(catalog())
    assert row_by_key(rows, "prometeo-ct").bar_label == "CT (all patients)"
    assert row_by_key(rows, "prometeo-ct-nct").bar_label == "CT (after chemotherapy, review's figure)"
    assert row_by_key(rows, "intraop-ious").bar_label == "IOUS without contrast"
    with pytest.raises(KeyError, match="nope"):
        row_by_key(rows, "nope")


def test_select_rows_keeps_canonical_order_whatever_the_order_chosen() -> None:
    rows = sensitivity_rows(catalog())
    chosen = select_rows(rows, studies=["intraop", "prometeo"], modalities=["ct", "ce-ct"])
    assert [r.key for r in chosen] == ["prometeo-ct", "prometeo-ct-nct", "intraop-ce-ct"]
    assert select_rows(rows, studies=[], modalities=MODALITY_KEYS) == ()
    assert select_rows(rows, studies=STUDY_KEYS, modalities=["pet"])[0].key == "meta-pet"


def test_figure_has_one_trace_per_study_and_never_an_average() -> None:
    rows = sensitivity_rows(catalog())
    fig = sensitivity_figure(rows)
    assert [trace.name for trace in fig.data] == [
        "Meta-analysis, after chemo [71]",
        "PROMETEO-01 [69]",
        "Intraoperative comparison [78]",
    ]
    assert [list(trace.x) for trace in fig.data] == [
        [85.7, 69.9, 54.5, 51.7],
        [91.0, 82.0, 71.0],
        [99.0, 88.0, 83.0, 81.0],
    ]
    assert [list(trace.text) for trace in fig.data][1] == ["91%", "82%", "71%"]
    # each study, with its reference, heads its own bars; each bar's modality is written on its top edge
    headings = {
        a.text.replace("</b><br><b>", " "): a.y for a in fig.layout.annotations if a.text.startswith("<b>")
    }
    labels = {(a.text, a.y) for a in fig.layout.annotations if a.xref != "paper" and a.yanchor == "bottom"}
    previous_bottom = float("-inf")
    for trace, study_key in zip(fig.data, dict.fromkeys(r.study_key for r in rows), strict=True):
        group = [r for r in rows if r.study_key == study_key]
        heading = headings[f"<b>{group[0].study}</b>"]
        assert previous_bottom < heading < min(trace.y)  # the axis runs downwards: groups never interleave
        for row, y in zip(group, trace.y, strict=True):
            assert (row.bar_label, y - trace.width / 2) in labels
        previous_bottom = max(trace.y)
    assert fig.layout.yaxis.showticklabels is False  # no labels beside the bars to squeeze them on a phone
    source = fig.layout.annotations[-1].text
    assert "69, 71, 78" in source and "never averaged" in source


def test_figure_for_a_subset_and_for_nothing() -> None:
    rows = select_rows(sensitivity_rows(catalog()), studies=["prometeo"], modalities=["ct"])
    fig = sensitivity_figure(rows)
    assert [list(t.x) for t in fig.data] == [[82.0, 71.0]]
    assert "(ref. [69])" in fig.layout.annotations[-1].text  # one reference: not "(refs 69)"
    empty = sensitivity_figure(())
    assert list(empty.data) == []
    assert sensitivity_alt(()) == "No study or modality selected."


def test_alt_text_names_every_figure_with_its_study() -> None:
    alt = sensitivity_alt(sensitivity_rows(catalog()))
    pooled = "Meta-analysis, after chemo [71]: MRI 85.7%, CT 69.9%, PET 54.5%, PET-CT 51.7%"
    assert pooled in alt
    prometeo = (
        "PROMETEO-01 [69]: MRI (all patients) 91%, CT (all patients) 82%, "
        "CT (after chemotherapy, review's figure) 71%"
    )
    assert prometeo in alt
    assert "contrast-enhanced IOUS 99%" in alt


def test_table_rows() -> None:
    table = sensitivity_table(select_rows(sensitivity_rows(catalog()), studies=["meta"], modalities=["mri"]))
    assert table == [
        {
            "study": "Meta-analysis, after chemo [71]",
            "modality": "MRI",
            "setting": "after neoadjuvant chemotherapy, pooled",  # [71] pooled patients given NCT (its title)
            "sensitivity (%)": 85.7,
            "refs": "[71]",
            "evidence id": "imaging-meta-analysis-preoperative-sensitivity",
        }
    ]


# ------------------------------------------------------------------------------------------------------------
# CT with and without chemotherapy before resection (PROMETEO-01, caveat 22)
# ------------------------------------------------------------------------------------------------------------


def test_prometeo_settings_say_which_patients_each_figure_counts() -> None:
    """82% (against MRI's 91%) counts all patients; the 71% is the review's, not in the primary's abstract."""
    rows = sensitivity_rows(catalog())
    assert row_by_key(rows, "prometeo-mri").setting == "MRI vs CT, all patients"
    assert row_by_key(rows, "prometeo-ct").setting == "MRI vs CT, all patients"
    review_s = "after neoadjuvant chemotherapy, as the review gives it"
    assert row_by_key(rows, "prometeo-ct-nct").setting == review_s


def test_ct_after_chemotherapy_is_the_primary_s_comparison_with_no_derived_fall() -> None:
    """The page subtracted the review's 71% (after chemotherapy) from its 82% (all patients) as an 11-point
    fall. PROMETEO-01's abstract compares CT in pretreated with upfront-resected patients: 77% vs 91%."""
    comparison = ct_by_chemotherapy(catalog())
    assert (comparison.upfront, comparison.pretreated, comparison.p_value) == (91.0, 77.0, "P = 0.024")
    assert (comparison.review_all, comparison.review_after) == (82.0, 71.0)
    assert comparison.refs == (69,) and comparison.caveat == 22
    fig = ct_by_chemotherapy_figure(comparison)
    assert list(fig.data[0].y) == [91.0, 77.0]
    assert list(fig.data[0].x) == ["Resected upfront", "Chemotherapy before resection"]
    assert "[69]" in fig.layout.title.text
    notes = " ".join(a.text or "" for a in fig.layout.annotations).replace("<br>", " ")
    assert "P = 0.024" in notes
    assert "primary paper's abstract" in notes and "not the same patients" in notes and "caveat 22" in notes
    alt = ct_by_chemotherapy_alt(comparison)
    assert "91% in patients resected upfront and 77% in patients given chemotherapy" in alt
    assert "(P = 0.024)" in alt and "not the same patients" in alt and "caveat 22" in alt
    for text in (notes, alt):
        assert "derived" not in text.casefold() and "percentage points" not in text and "82" not in text


def test_the_p_value_sits_above_both_bars_and_their_values() -> None:
    """Between the bars, a note hid the first bar's value on a phone."""
    comparison = ct_by_chemotherapy(catalog())
    fig = ct_by_chemotherapy_figure(comparison)
    (note,) = [a for a in fig.layout.annotations if a.text == comparison.p_value]
    assert note.yref == "y" and note.yanchor == "bottom" and note.bgcolor is None
    assert note.y >= max(comparison.upfront, comparison.pretreated) + 10
    assert note.y < fig.layout.yaxis.range[1]


# ------------------------------------------------------------------------------------------------------------
# What sensitivity means: N x sensitivity, rounded half up
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lesions", "sensitivity", "expected", "found", "missed"),
    [
        (10, 85.7, "8.57", 9, 1),
        (10, 54.5, "5.45", 5, 5),
        (50, 99.0, "49.5", 50, 0),  # exactly half: rounded up
        (5, 90.0, "4.5", 5, 0),  # half up, not half to even (Python's round(4.5) is 4)
        (2, 75.0, "1.5", 2, 0),
        (20, 82.0, "16.4", 16, 4),
        (37, 71.0, "26.27", 26, 11),
        (1, 51.7, "0.517", 1, 0),
        (1, 49.0, "0.49", 0, 1),
        (50, 100.0, "50", 50, 0),
        (10, 0.0, "0", 0, 10),
    ],
)
def test_detection_illustration(
    lesions: int, sensitivity: float, expected: str, found: int, missed: int
) -> None:
    result = detection_illustration(lesions, sensitivity)
    assert result.expected_found == Decimal(expected)
    assert (result.found, result.missed) == (found, missed)
    assert result.found + result.missed == lesions


def test_an_imperfect_test_is_never_shown_missing_nothing() -> None:
    """50 true lesions at 99% read "about 50 found, 0 missed", and 1 at 51.7% "1 found, 0 missed": rounding
    taught that a test under 100% misses nothing. Where a whole count would be 0 while part of a lesion is
    expected (found or missed), every count the reader sees is the unrounded one, and the rule says so."""
    rows = sensitivity_rows(catalog())
    for row in rows:
        assert 0 < row.sensitivity < 100, row.key  # every figure: neither count can truly be 0
        for lesions in range(MIN_LESIONS, MAX_LESIONS + 1):
            illustration = detection_illustration(lesions, row.sensitivity)
            fig = icon_array_figure(illustration, row=row)
            shown = [
                illustration.arithmetic(),
                icon_array_alt(illustration, row),
                fig.layout.title.text.replace("<br>", " "),
                *(trace.name for trace in fig.data),
            ]
            for text in shown:
                assert not re.search(r"(?<![\d.])0 (found|missed)|\((found|missed)\) \(0\)", text), text
                assert "(found 0)" not in text and "missed (0)" not in text and "found (0)" not in text
            if illustration.unrounded:
                assert UNDER_ONE_RULE in illustration.arithmetic()
                assert "expected" in fig.data[0].name and "expected" in fig.data[1].name


@pytest.mark.parametrize(
    ("lesions", "sensitivity", "counts", "headline"),
    [
        (
            50,
            99.0,
            "49.5 expected found, 0.5 expected missed",
            "expected 49.5 found, 0.5 missed",
        ),
        (
            1,
            51.7,
            "0.517 expected found, 0.483 expected missed",
            "expected 0.517 found, 0.483 missed",
        ),
        (
            1,
            49.0,
            "0.49 expected found, 0.51 expected missed",
            "expected 0.49 found, 0.51 missed",
        ),
        (10, 85.7, "9 found, 1 missed", "about 9 found, 1 missed"),
        (50, 100.0, "50 found, 0 missed", "about 50 found, 0 missed"),  # a perfect test
    ],
)
def test_counts_under_one_lesion_are_given_unrounded(
    lesions: int, sensitivity: float, counts: str, headline: str
) -> None:
    illustration = detection_illustration(lesions, sensitivity)
    assert illustration.counts == counts
    assert illustration.headline == headline
    title = icon_array_figure(illustration, row=sensitivity_rows(catalog())[0]).layout.title.text
    assert title.replace("<br>", " ") == f"{illustration.true_lesions}: {headline}"
    assert illustration.arithmetic().endswith(f": {counts}.")


def test_illustration_states_its_inputs_and_rounding() -> None:
    text = detection_illustration(10, 85.7).arithmetic()
    assert text == (
        "10 lesions x 85.7% = 8.57 expected to be found; rounded to the nearest whole lesion, halves rounded "
        "up: 9 found, 1 missed."
    )


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ((0, 80.0), "lesions"),
        ((51, 80.0), "lesions"),
        ((True, 80.0), "lesions"),
        ((2.5, 80.0), "lesions"),
        ((10, -1.0), "sensitivity"),
        ((10, 100.5), "sensitivity"),
        ((10, math.nan), "sensitivity"),
        ((10, "80"), "sensitivity"),
        ((10, False), "sensitivity"),
    ],
)
def test_illustration_rejects_bad_input(arguments: tuple[Any, Any], name: str) -> None:
    with pytest.raises(ValueError, match=name):
        detection_illustration(*arguments)


def test_icon_array_draws_one_marker_per_lesion() -> None:
    row = row_by_key(sensitivity_rows(catalog()), "prometeo-ct-nct")
    illustration = detection_illustration(37, row.sensitivity)
    fig = icon_array_figure(illustration, row=row)
    found, missed = fig.data
    assert (len(found.x), len(missed.x)) == (26, 11)
    assert found.name == "found (26)" and missed.name == "missed (11)"
    positions = list(zip(found.x, found.y, strict=True)) + list(zip(missed.x, missed.y, strict=True))
    assert len(set(positions)) == 37
    assert max(found.x + missed.x) == 9  # ten a row
    assert "Derived" in fig.layout.annotations[-1].text
    assert "PROMETEO-01 [69]" in fig.layout.annotations[-1].text
    assert "26 filled circles" in icon_array_alt(illustration, row)


@pytest.mark.parametrize(
    ("lesions", "sensitivity", "words"),
    [
        (10, 85.7, "9 filled circles (found) then 1 cross (missed)"),
        (1, 51.7, "1 filled circle (found) then 0 crosses (missed)"),
        (2, 50.0, "1 filled circle (found) then 1 cross (missed)"),
        (10, 0.0, "0 filled circles (found) then 10 crosses (missed)"),
    ],
)
def test_icon_array_alt_counts_in_the_singular_and_plural(
    lesions: int, sensitivity: float, words: str
) -> None:
    """The default read "9 filled circles (found) then 1 crosses (missed)"."""
    row = row_by_key(sensitivity_rows(catalog()), "meta-mri")
    assert words in icon_array_alt(detection_illustration(lesions, sensitivity), row)


@pytest.mark.parametrize(
    ("lesions", "arithmetic", "alt"),
    [
        (1, "1 lesion x 51.7% = 0.517 expected", "Icon array of 1 true lesion, ten a row"),
        (2, "2 lesions x 51.7% = 1.034 expected", "Icon array of 2 true lesions, ten a row"),
    ],
)
def test_one_true_lesion_is_written_in_the_singular(lesions: int, arithmetic: str, alt: str) -> None:
    """N = 1 read "1 lesions x 51.7%" and "Icon array of 1 true lesions"."""
    row = row_by_key(sensitivity_rows(catalog()), "meta-pet-ct")
    illustration = detection_illustration(lesions, 51.7)
    assert illustration.arithmetic().startswith(arithmetic)
    assert icon_array_alt(illustration, row).startswith(alt)
    title = icon_array_figure(illustration, row=row).layout.title.text.replace("<br>", " ")  # broken anywhere
    assert title.startswith(alt.removeprefix("Icon array of ").removesuffix(", ten a row") + ": ")


def test_the_meta_analysis_authors_conclusion_cites_their_analysis() -> None:
    """Shown as "stated by the review itself (no reference given)", though the review credits the authors
    of the meta-analysis it has just cited [71]."""
    record = catalog().get("imaging-meta-analysis-authors-conclusions")
    assert record.refs == (71,)


def test_every_study_heading_fits_a_320_px_screen() -> None:
    """At 320 px "Pooled meta-analysis, after chemotherapy [71]" ran 30 px off the screen and lost its
    citation: each heading is wrapped to the chart's width there, its citation on the line of the word before,
    and a heading of two lines takes the room of two above its first bar's label."""
    from crlm_content.figures.frame import PHONE_PLOT_PX, TITLE_FONT_PX, title_px

    rows = sensitivity_rows(catalog())
    # the heading that needed two lines, given back to the first study: a longer name must still wrap
    long_name = "Pooled meta-analysis, after chemotherapy [71]"
    rows = tuple(dataclasses.replace(r, study=long_name) if r.study_key == "meta" else r for r in rows)
    fig = sensitivity_figure(rows)
    headings = [a for a in fig.layout.annotations if a.text.startswith("<b>")]
    assert len(headings) == 3
    bold_15px = (BASE_FONT_SIZE - 1) / TITLE_FONT_PX  # the heading's size against the measured title's
    for heading in headings:
        lines = heading.text.replace("<b>", "").replace("</b>", "").split("<br>")
        assert all(title_px(line) * bold_15px <= PHONE_PLOT_PX - 10 for line in lines), lines
        assert not any(line.startswith("[") for line in lines)
    pooled = next(h for h in headings if "Pooled" in h.text)
    assert pooled.text.count("<br>") == 1
    _headings, bars = sensitivity_layout(rows)
    first_bar = min(bars[r.key] for r in rows if r.study_key == "meta")
    assert first_bar - pooled.y >= 1.25  # half a row more than a one-line heading's 1.0


# The "Studies" box's chip text at 360 px, measured in Chromium (Streamlit 1.67, 14 px Source Sans): 218 px,
# the chip's room after its padding and its remove button; a longer text ends in an ellipsis, and the first
# thing lost is the reference. (320 px leaves 178 px.)
CHIP_TEXT_PX_AT_360 = 218
# The chart titles' bold 20 px glyph widths scaled to the chip's 14 px: bold is wider than the chip's regular
# face, so this over-estimates (measured: "Intraoperative comparison [78]" 180.3 px drawn, 193.4 estimated;
# "Pooled meta-analysis, after chemotherapy [71]" 271.5 drawn, 290.7 estimated): a safe bound.
CHIP_FONT_PX = 14


def test_every_study_label_fits_its_chip_on_a_360_px_phone() -> None:
    """At 360 px the chip read "Pooled meta-analysis, after chemo..." (271 px of text in 218): its [71] was
    cut. Every study's label, reference included, fits the chip."""
    from crlm_content.figures.frame import TITLE_FONT_PX, title_px

    for key in STUDY_KEYS:
        label = study_label(catalog(), key)
        assert re.search(r"\[\d[\d, -]*\]$", label), label  # the reference is part of what must fit
        assert title_px(label) * CHIP_FONT_PX / TITLE_FONT_PX <= CHIP_TEXT_PX_AT_360, label
