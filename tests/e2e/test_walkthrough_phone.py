"""Browser, on a phone: the walkthrough's plan is read whole, no word cut off where nothing scrolls."""

from __future__ import annotations

import pytest

from devtools.server import Server

pytestmark = pytest.mark.e2e

PHONE_844 = {"width": 390, "height": 844}  # the phone of the review that found the cut notes

# Elements of the main area that hide part of their own text (wider content than box, clipped, as a badge's
# ellipsis does), as [text, px hidden]: a phone's reader has no hover or scroll to read the rest.
CLIPPED_TEXT_JS = """
() => {
  const out = [];
  document.querySelectorAll("[data-testid='stMain'] [data-testid='stMarkdownContainer'] *").forEach((el) => {
    const style = getComputedStyle(el);
    const clips = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    const hidden = el.scrollWidth - el.clientWidth;
    if (clips && el.clientWidth > 0 && hidden > 1 && (el.textContent || '').trim())
      out.push([(el.textContent || '').slice(0, 60), hidden]);
  });
  return out;
}
"""

# Synchronous, node-positive, two lesions: Fong 3, perioperative chemotherapy, and both notes (the score's
# convention and the guideline lens) under the plan.
NOTES_QUERY = (
    "synchronous=true&disease_free_interval_months=0&lesion_count=2&largest_lesion_cm=3&smallest_lesion_cm=1.5"
    "&node_positive_primary=yes&cea_ng_ml=50&flr_percent=65&resection_easy=yes"
)
# dMMR, RAS and BRAF wild-type, not all removable: pembrolizumab first, then options 'if not given
# pembrolizumab', the longest labels the plan lists.
OPTIONS_QUERY = (
    "lesion_count=6&largest_lesion_cm=4&bilobar=true&complete_resection_possible=false&ras_status=wild_type"
    "&braf_v600e=no&msi_high_or_dmmr=yes&good_performance_status=yes"
)


def test_the_plan_s_notes_are_whole_on_a_phone(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    """The notes under the plan were grey badges cut at the screen's edge ('high recurrence risk (clinical
    risk score 3 or more, a c...', 326 px shown of 447) with no way to read the rest."""
    result = visit(f"{server.url}/walkthrough?{NOTES_QUERY}", viewport=PHONE_844)
    page = result.page
    note = page.get_by_text("high recurrence risk (clinical risk score 3 or more, a convention)", exact=False)
    note.first.wait_for(timeout=10_000)
    assert page.evaluate(CLIPPED_TEXT_JS) == []
    assert page.locator("[data-testid='stException']").count() == 0
    assert result.page_errors == []


def test_the_plan_s_options_are_whole_on_a_phone(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    result = visit(f"{server.url}/walkthrough?{OPTIONS_QUERY}", viewport=PHONE_844)
    page = result.page
    page.get_by_text("(if not given pembrolizumab)", exact=False).first.wait_for(timeout=10_000)
    assert page.evaluate(CLIPPED_TEXT_JS) == []
    assert result.page_errors == []
