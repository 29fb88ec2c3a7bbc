"""Every place that writes a citation writes it as ``search.citation_text`` does ('ref. [n]', or the review's
own statement said in words), for a record with references and one without. The chart notes, alt texts
and tables wrote 'ref 48', 'refs 28, 29', 'refs [18, 108-112]', 'the review' and 'the review (no reference)'
each their own way; a third wording fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, cast

import plotly.graph_objects as go
import pytest

from crlm_content import Catalog, get_catalog
from crlm_content import guidelines as gl
from crlm_content.dlm import RFS_ID, chemo_plan, duration_comparison, rfs_alt
from crlm_content.figures.guidelines import guideline_timeline_figure
from crlm_content.figures.imaging import ct_by_chemotherapy_figure, icon_array_figure, sensitivity_figure
from crlm_content.guidelines import Topic
from crlm_content.guidelines.rows import reference_text
from crlm_content.imaging import (
    ct_by_chemotherapy,
    ct_by_chemotherapy_alt,
    detection_illustration,
    select_rows,
    sensitivity_alt,
    sensitivity_rows,
)
from crlm_content.models import Evidence
from crlm_content.regimens import MARKER_RECORDS, marker_rows
from crlm_content.search import REVIEW_OWN, citation_text, reference_label
from crlm_content.studies import alt_text, figure_refs, load_studies, source_line
from crlm_content.studies import rows as study_rows

CATALOG = get_catalog()

# The review's own wording of a citation: "ref. [" then numbers, runs and commas, then "]". Any other use of
# the word "ref"/"refs" before a number or a bracket is another wording.
ANY_REF = re.compile(r"\brefs?\b\.?\s*\[?[\d]", re.IGNORECASE)
OURS = re.compile(r"\bref\. \[\d+(?:-\d+)?(?:, \d+(?:-\d+)?)*\]")


class NoRefs:
    """The catalog with every record's reference numbers taken away: each site's text for a record the
    review states on its own."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def get(self, evidence_id: str) -> Evidence:
        return self._catalog.get(evidence_id).model_copy(update={"refs": ()})

    def __getattr__(self, name: str) -> Any:
        return getattr(self._catalog, name)


NO_REFS = cast(Catalog, NoRefs(CATALOG))


def one_wording(text: str) -> None:
    """Every 'ref' in ``text`` is citation_text's 'ref. [..]'; the old wordings are gone."""
    assert len(ANY_REF.findall(text)) == len(OURS.findall(text)), text
    assert "the review (no reference)" not in text and "Ref " not in text, text


def test_the_pattern_catches_the_old_wordings() -> None:
    """The scan is not one that cannot fail: each wording this file replaced is caught."""
    for old in ("ref 48", "refs 28, 29", "refs [18, 108-112]", "(P = 0.04, ref 80)", "Ref [80]"):
        with pytest.raises(AssertionError):
            one_wording(old)
    one_wording("Source: the review's Table 2, ref. [18, 108-112].")


def study_texts(catalog: Catalog) -> Iterator[tuple[str, tuple[int, ...], str]]:
    for study in load_studies(CATALOG):
        yield study.key, figure_refs(catalog, study), source_line(catalog, study)
        if study.design != "ongoing":
            yield study.key, figure_refs(catalog, study), alt_text(catalog, study)


def test_a_study_chart_cites_as_citation_text() -> None:
    for key, refs, text in study_texts(CATALOG):
        assert refs, key
        assert citation_text(refs) in text, key
        one_wording(text)


def test_a_study_with_no_reference_is_cited_to_the_review_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """No study's figures lack a reference today; the wording it would get is still the one wording (the
    old code wrote 'refs ' and nothing after it)."""
    monkeypatch.setattr(study_rows, "figure_refs", lambda catalog, study: ())
    for study in load_studies(CATALOG):
        assert source_line(CATALOG, study).endswith(f", {REVIEW_OWN}."), study.key
        if study.design != "ongoing":
            assert alt_text(CATALOG, study).startswith(f"{study.name}, {REVIEW_OWN}. "), study.key


@pytest.mark.parametrize("catalog", [CATALOG, NO_REFS], ids=["refs", "no refs"])
def test_the_marker_table_cites_as_citation_text(catalog: Catalog) -> None:
    rows = marker_rows(catalog)
    assert {row["record"] for row in rows} == set(MARKER_RECORDS)
    for row in rows:
        assert row["source"] == citation_text(catalog.get(row["record"]).refs), row
    if catalog is NO_REFS:
        assert {row["source"] for row in rows} == {"stated by the review itself, no reference given"}
    else:  # the BRAF prevalence record, hand-checked in data/evidence: the review's [63]
        assert any(row["source"] == "ref. [63]" for row in rows)


@pytest.mark.parametrize("catalog", [CATALOG, NO_REFS], ids=["refs", "no refs"])
def test_the_dlm_texts_cite_as_citation_text(catalog: Catalog) -> None:
    alt = rfs_alt(catalog)
    cited = citation_text(catalog.get(RFS_ID).refs)
    assert alt.startswith(f"Grouped bars of intrahepatic recurrence-free survival ({cited}): ")
    # the P in a sentence of its own, of no stated comparison (caveat 19), as the chart's note has it
    assert alt.endswith(f". P = 0.04 ({cited}): for which comparison, the review does not say (caveat 19).")
    one_wording(alt)
    plan = chemo_plan(mode="weeks", cycles=None, cycle_weeks=None, weeks=16.0)
    text = duration_comparison(catalog, plan)
    one_wording(text)
    if catalog is NO_REFS:
        assert f"P = 0.04 ({REVIEW_OWN}): " in alt and f"complications ({REVIEW_OWN})." in text
    else:
        assert "P = 0.04 (ref. [80]): " in alt and "complications (ref. [53])." in text


def test_the_guideline_timeline_note_cites_as_citation_text() -> None:
    items = gl.load_content(get_catalog()).guidelines
    note = guideline_timeline_figure(items).layout.annotations[-1].text.replace("<br>", " ")
    refs = sorted({g.ref for g in items})
    assert citation_text(refs) in note
    assert "ref. [18, 108-112]" in note  # Table 2's seven organisations: [18] and [108] to [112]
    one_wording(note)


def test_the_review_s_own_rows_cite_in_the_reference_column_s_form() -> None:
    """The column is headed 'Reference' and its organisations read '[18]': the review's rows give the same
    bracket (citation_text less its 'ref. '), and with no reference citation_text's own words."""
    seen: set[bool] = set()
    for topic in Topic:
        for row in gl.topic_rows(gl.topic_view(topic)):
            if row[gl.ORGANISATION] != "The review's own text":
                continue
            refs = CATALOG.get(str(row[gl.EVIDENCE])).refs
            assert row[gl.REFERENCE] == citation_text(refs).removeprefix("ref. "), row
            seen.add(bool(refs))
    assert seen == {True, False}  # both kinds are checked


def test_an_organisation_s_reference_is_its_label_or_citation_text() -> None:
    """The page's fallback for a number the reference list lacks was a bare '[n]'."""
    for guideline in gl.load_content(get_catalog()).guidelines:
        reference = CATALOG.reference_by_number[guideline.ref]
        assert reference_text(CATALOG, guideline.ref) == reference_label(reference)
    missing = max(CATALOG.reference_by_number) + 1
    assert reference_text(CATALOG, missing) == f"ref. [{missing}]"


def figure_texts(fig: go.Figure) -> str:
    """Every text a chart draws besides its data: title, headings and labels, the source note."""
    return " ".join([str(fig.layout.title.text), *(str(a.text) for a in fig.layout.annotations)])


def test_the_imaging_charts_cite_as_citation_text() -> None:
    """The sensitivity chart's note read 'as the review quotes them (refs 69, 71, 78)', and '(refs 69)' for
    PROMETEO-01 alone; the CT-by-chemotherapy chart's '(ref 69)'."""
    rows = sensitivity_rows(CATALOG)
    everything = figure_texts(sensitivity_figure(rows))
    assert (
        "(ref. [69, 71, 78])" in everything
    )  # PROMETEO-01 [69], the meta-analysis [71], the comparison [78]
    one_wording(everything)
    prometeo = select_rows(rows, studies=["prometeo"], modalities=["ct"])
    alone = figure_texts(sensitivity_figure(prometeo))
    assert "(ref. [69])" in alone
    one_wording(alone)
    comparison = ct_by_chemotherapy(CATALOG)
    chemo = figure_texts(ct_by_chemotherapy_figure(comparison))
    assert f"abstract ({citation_text(comparison.refs)})," in chemo and comparison.refs == (69,)
    one_wording(chemo)
    for row in rows:
        one_wording(figure_texts(icon_array_figure(detection_illustration(10, row.sensitivity), row=row)))
    one_wording(sensitivity_alt(rows))
    one_wording(ct_by_chemotherapy_alt(comparison))


def test_every_caveat_cites_as_citation_text() -> None:
    """The caveats, shown on the Guidelines topic view, the trials and the DLM explorer, said '(ref 111)',
    '(ref 23)', '(refs 65, 67, 68)', 'in ref 71'."""
    cited = []
    for caveat in CATALOG.caveats:
        text = f"{caveat.title} {caveat.explanation}"
        one_wording(text)
        cited += OURS.findall(text)
    # the scan read the texts that cite: caveat 10's consensus [111], caveat 13's monitoring figure's sources
    assert "ref. [111]" in cited and "ref. [65, 67, 68]" in cited and len(cited) >= 15, cited
