"""The walkthrough as a clinician's summary: Markdown to download, and print-ready HTML (print to PDF).

No flag codes, record ids, True/None or field names: the patient in words, the plan in the order of action,
hazards apart from options, each step's finding with its references, what would change the plan.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence
from typing import Literal

from .. import palette, share
from ..catalog import Catalog
from ..formatting import format_number
from ..liver import LIVER_CONDITION_NOUNS
from ..search import REVIEW_OWN, format_refs, records_citation, records_refs, reference_label
from ..source import DISCLAIMER, SOURCE_CITATION
from .changes import what_changes
from .lens import LEANING_LABELS, guideline_readings_for, lens_summary
from .model import (
    EXTRAHEPATIC_LABELS,
    FIELD_LABELS,
    FLAG_INFO,
    RAS_LABELS,
    STRATEGY_LABELS,
    Recommendation,
    Scenario,
    sentence_case,
)
from .presets import Preset

Block = tuple[Literal["h1", "h2", "p", "ul", "quote", "link"], str | tuple[str, ...]]

_UNITS = {
    "disease_free_interval_months": " months",
    "largest_lesion_cm": " cm",
    "smallest_lesion_cm": " cm",
    "deepest_lesion_depth_cm": " cm",
    "flr_percent": "%",
    "cea_ng_ml": " ng/mL",
    "prior_chemotherapy_weeks": " weeks",
    "planned_preop_weeks": " weeks",
    "weeks_from_last_bevacizumab_to_surgery": " weeks",
    "weeks_from_last_chemotherapy_to_surgery": " weeks",
    "expected_margin_mm": " mm",
}
_WORDS: dict[str, dict[str, str]] = {
    "extrahepatic_disease": {str(k): v for k, v in EXTRAHEPATIC_LABELS.items()},
    "liver_condition": {str(k): v for k, v in LIVER_CONDITION_NOUNS.items()},
    "ras_status": {str(k): v for k, v in RAS_LABELS.items()},
}


def value_text(field: str, value: object) -> str:
    """A Scenario value in words: 'yes', 'not known', '35%', 'RAS wild-type'."""
    if value is None:
        return "not known"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field in _WORDS:
        return _WORDS[field].get(str(value), str(value))
    if isinstance(value, int | float):
        return format_number(value, decimals=None) + _UNITS.get(field, "")  # as typed: 11.999, not 12
    return str(value)


ASSUMED_NOTE = " (set for the exercise: not given by the source)"


def patient_lines(scenario: Scenario, assumed: Collection[str] = ()) -> tuple[str, ...]:
    """'Label: value' for every input, in the form's order; the ``assumed`` fields (a preset's values that its
    source does not give) say so."""
    data = scenario.model_dump()
    return tuple(
        f"{FIELD_LABELS[name]}: {_shown_value(scenario, name, data[name])}"
        + (ASSUMED_NOTE if name in assumed else "")
        for name in FIELD_LABELS
    )


def _shown_value(scenario: Scenario, name: str, value: object) -> str:
    """``value_text``, but an empty box the form gives a meaning is written with it, as the plan reads it:
    no chemotherapy given ("leave empty if none has been given"), and a synchronous patient's interval of 0
    (which the Fong score counts)."""
    if value is None and name == "prior_chemotherapy_weeks":
        return "none"
    if value is None and name == "disease_free_interval_months" and scenario.synchronous:
        return "0 months (synchronous)"
    return value_text(name, value)


def _case_blocks(scenario: Scenario, case: Preset | None) -> list[Block]:
    """The loaded case, and which of its values are the exercise's rather than the source's: those still
    as the case set them."""
    if case is None:
        return [("ul", patient_lines(scenario))]
    kept = {name for name in case.assumed if getattr(scenario, name) == getattr(case.scenario, name)}
    intro = (
        f"Case: {case.title}. {case.description}"
        if scenario == case.scenario
        else f"Started from the case {case.title}, then edited: the plan is for the patient as now entered."
    )
    return [("p", intro), ("ul", patient_lines(scenario, kept))]


def _refs(catalog: Catalog, evidence_ids: Sequence[str]) -> list[int]:
    return sorted({ref for eid in evidence_ids for ref in catalog.get(eid).refs})


def _cite(catalog: Catalog, evidence_ids: Sequence[str]) -> str:
    """The records' bracket, as the page gives it: with the review's own text said after it where some record
    has no reference, or alone (in parentheses) where none has one."""
    refs, review_own = records_refs(catalog, evidence_ids)
    if not refs:
        return f" ({REVIEW_OWN})"
    return " " + records_citation(format_refs(refs), review_own)  # format_refs writes its own brackets


def handout_blocks(
    scenario: Scenario, plan: Recommendation, catalog: Catalog, *, link: str = "", case: Preset | None = None
) -> list[Block]:
    blocks: list[Block] = [
        ("h1", "CRLM decision walkthrough: teaching summary"),
        ("quote", DISCLAIMER),
        ("h2", f"Plan: {STRATEGY_LABELS[plan.strategy]}"),
        ("p", plan.resectability_summary),
    ]
    for phase, title in (("first", "Do first"), ("then", "Then"), ("reassess", "Re-assess")):
        items = tuple(a.text + _cite(catalog, a.evidence_ids) for a in plan.actions if a.phase == phase)
        if items:
            blocks += [("p", title + ":"), ("ul", items)]
    hazards = tuple(
        sentence_case(FLAG_INFO[f].label) + _cite(catalog, FLAG_INFO[f].evidence_ids)
        for f in plan.flags_of("hazard")
    )
    options = tuple(sentence_case(label) for label in plan.option_labels())
    if hazards:
        blocks += [("p", "Watch out:"), ("ul", hazards)]
    if options:
        blocks += [("p", "Options:"), ("ul", options)]
    if notes := tuple(
        sentence_case(FLAG_INFO[f].label)
        + (_cite(catalog, ids) if (ids := FLAG_INFO[f].evidence_ids) else "")
        for f in plan.flags_of("note")
    ):
        blocks += [("p", "Notes:"), ("ul", notes)]  # the screen's grey badges
    blocks += [("h2", "The patient"), *_case_blocks(scenario, case)]
    blocks.append(("h2", "Step by step"))
    for number, step in enumerate(plan.steps, start=1):
        text = f"{number}. {step.title}: {step.finding} Why: {step.reasoning}"
        if step.gap:
            text += f" Gap in the source: {step.gap}"
        blocks.append(("p", text + _cite(catalog, step.evidence_ids)))
    changes = what_changes(scenario)
    blocks.append(("h2", "What would change this plan"))
    blocks.append(
        (
            "ul",
            tuple(c.text + (_cite(catalog, c.evidence_ids) if c.evidence_ids else "") for c in changes)
            or ("No single change of one input alters the plan.",),
        )
    )
    readings = guideline_readings_for(scenario)
    blocks.append(("h2", "Guideline lens (the review's Table 2)"))
    blocks.append(
        ("p", lens_summary(readings, plan.strategy, progressed=plan.progressed))
    )  # as the tab opens: how the rows stand
    blocks.append(
        (
            "ul",
            tuple(
                f"{r.label} ({LEANING_LABELS[r.leaning]}): {r.text}" + _cite(catalog, r.evidence_ids)
                for r in readings
            ),
        )
    )
    cited = [eid for step in plan.steps for eid in step.evidence_ids]
    cited += [eid for r in readings for eid in r.evidence_ids]
    cited += [eid for a in plan.actions for eid in a.evidence_ids]
    cited += [eid for c in changes for eid in c.evidence_ids]
    cited += [eid for f in plan.flags for eid in FLAG_INFO[f].evidence_ids]
    numbers = _refs(catalog, cited)
    blocks.append(("h2", "References (the review's numbering)"))
    blocks.append(("ul", tuple(reference_label(catalog.reference_by_number[n]) for n in numbers)))
    blocks.append(("p", SOURCE_CITATION))
    if link:
        blocks.append(("link", link))
    blocks.append(("quote", DISCLAIMER))  # at the end too: the last thing read, as the first
    return blocks


def _md_escape(text: str) -> str:
    """Light on purpose: the handout is our own text (no visitor's), read as a plain .md file as often as
    rendered, so only what would change its rendering is escaped; ``crlm_app.markup.md`` escapes every mark
    (``5\\-FU``), which is right on a page and unreadable in a file."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")


def handout_markdown(
    scenario: Scenario,
    recommendation: Recommendation,
    catalog: Catalog,
    *,
    link: str = "",
    case: Preset | None = None,
) -> str:
    """A self-contained Markdown handout of the walkthrough (``case``: the preset patient loaded, if any)."""
    lines: list[str] = []
    for kind, content in handout_blocks(scenario, recommendation, catalog, link=link, case=case):
        if isinstance(content, tuple):
            lines += [f"- {_md_escape(item)}" for item in content]
        elif kind == "h1":
            lines.append(f"# {_md_escape(content)}")
        elif kind == "h2":
            lines.append(f"## {_md_escape(content)}")
        elif kind == "quote":
            lines.append(f"> {_md_escape(content)}")
        elif kind == "link":  # an autolink: the address as written, clickable
            lines.append(f"Reopen this view: <{content.replace('>', '%3E').replace(' ', '%20')}>")
        else:
            lines.append(_md_escape(content))
        lines.append("")
    return "\n".join(lines)


# Printed, every page carries the disclaimer (a page passed round a room had none): a fixed footer, which
# Chromium prints on each page, over a spacer in the footer group of the table that holds the text (repeated
# on each page too), so no line runs under it; a footer in the page's margin was lost from the first page.
# On screen neither shows: the disclaimer opens and ends the page. (tests/e2e/test_handout_print.py)
# No ligatures: Chromium's PDF keeps a drawn 'fi' or 'fl' as one glyph in its text layer, so a link copied
# from the printed page read 'ﬂr_percent' and 'case=ﬁgure-1', parameters the app does not know.
_PRINT_CSS = (
    "body{font:11pt/1.45 system-ui,sans-serif;font-variant-ligatures:none;max-width:48em;margin:2em auto;"
    "color:" + palette.BLACK + "}"
    "h1{font-size:16pt}h2{font-size:13pt;margin-top:1.4em;border-bottom:1px solid " + palette.GREY + "}"
    "blockquote{border-left:4px solid " + palette.ORANGE + ";margin:0;padding:.3em .8em}"
    ".sheet{width:100%;table-layout:fixed;border-collapse:collapse}.sheet td{padding:0}"
    ".reopen{display:flex;gap:1em;align-items:center;break-inside:avoid}"
    ".qr{flex:none;width:40mm;height:40mm}"
    ".link{overflow-wrap:anywhere}"
    ".page-footer,.footer-space{display:none}"
    "@media print{body{margin:0}a{color:" + palette.BLACK + "}"
    ".footer-space{display:block;height:12mm}"
    ".page-footer{display:block;position:fixed;left:0;right:0;bottom:0;padding-top:1.5mm;"
    "font-size:8.5pt;border-top:1px solid " + palette.GREY + "}}"
)
QR_LABEL = "QR code of the link beside it"


def _qr(link: str) -> str:
    """The link's QR code as inline SVG (share's builder, its 10 units a module drawn inside a viewBox so it
    scales to the box), or nothing for a link too long to code: the address is printed beside it anyway.
    Only the link's modules are drawn from it, never its text."""
    try:
        code = share.qr_svg(link).decode("ascii").strip()
        width = share.qr_modules(link) * 10
    except ValueError:
        return ""
    return (
        f"<svg class='qr' viewBox='0 0 {width} {width}' role='img' aria-label='{QR_LABEL}' "
        f"xmlns='http://www.w3.org/2000/svg'>{code}</svg>"
    )


def handout_html(
    scenario: Scenario,
    recommendation: Recommendation,
    catalog: Catalog,
    *,
    link: str = "",
    case: Preset | None = None,
) -> str:
    """The same handout as a standalone, escaped HTML page: open it and print to PDF."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>CRLM decision walkthrough: teaching summary</title>",
        f"<style>{_PRINT_CSS}</style></head><body>",
        "<table class='sheet' role='presentation'>",
        "<tfoot><tr><td><div class='footer-space'></div></td></tr></tfoot><tbody><tr><td>",
    ]
    for kind, content in handout_blocks(scenario, recommendation, catalog, link=link, case=case):
        if isinstance(content, tuple):
            parts.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in content) + "</ul>")
        elif kind == "quote":
            parts.append(f"<blockquote>{html.escape(content)}</blockquote>")
        elif kind == "link":
            address = html.escape(content)
            link_line = f"<p class='link'>Reopen this view: <a href=\"{address}\">{address}</a></p>"
            parts.append(f"<div class='reopen'>{_qr(content)}{link_line}</div>")
        else:
            parts.append(f"<{kind}>{html.escape(content)}</{kind}>")
    parts.append("</td></tr></tbody></table>")
    parts.append(f"<div class='page-footer'>{html.escape(DISCLAIMER)}</div></body></html>")
    return "\n".join(parts)
