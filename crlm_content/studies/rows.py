"""What the Trials page shows of a study, as text: its design line, each endpoint's result, the verdicts and
the chart's text alternative. Every figure is its record's own ``Value.display()``."""

from __future__ import annotations

from collections.abc import Sequence

from ..catalog import Catalog
from ..search import citation_text, format_refs
from .loader import resolve, study_refs
from .model import (
    SIGNIFICANCE_LABELS,
    Endpoint,
    Study,
    design_label,
    role_label,
)

NOT_GIVEN = "not given"


def in_question(studies: Sequence[Study], question: str) -> tuple[Study, ...]:
    """The studies tagged with ``question`` ("all": every study), in file order."""
    return tuple(s for s in studies if question == "all" or question in s.questions)


def p_phrase(catalog: Catalog, endpoint: Endpoint) -> str:
    """ "P = 0.304", or "P value not given"."""
    return resolve(catalog, endpoint.p).display() if endpoint.p is not None else f"P value {NOT_GIVEN}"


def significance_text(endpoint: Endpoint) -> str:
    return SIGNIFICANCE_LABELS[endpoint.significance]


def result_text(catalog: Catalog, study: Study, endpoint: Endpoint) -> str:
    """Each arm's figure ("Arm: 15.5 months; Arm: 22.2 months"), the ratio, or the review's finding alone."""
    parts = [f"{study.arm_name(v.arm)}: {resolve(catalog, v).display()}" for v in endpoint.values]
    if endpoint.effect is not None and endpoint.effect_arms is not None:
        first, second = (study.arm_name(a) for a in endpoint.effect_arms)
        parts.append(f"{resolve(catalog, endpoint.effect).display()} ({first} against {second})")
    if parts:
        return "; ".join(parts)
    # no figure per arm: the endpoint's own figures (a one-group result), else the finding alone
    return "; ".join(detail_lines(catalog, endpoint)) or "no figures given"


def endpoint_heading(endpoint: Endpoint) -> str:
    role = role_label(endpoint)
    return f"{endpoint.name} ({role})" if role else endpoint.name


def verdict_rows(catalog: Catalog, studies: Sequence[Study]) -> list[dict[str, object]]:
    """One line per study: its name, design, references and verdict."""
    return [
        {
            "Study": s.name,
            "Design": design_label(s),
            # a column headed "Refs": the bracket alone (format_refs, citation_text's own form without "ref.")
            "Refs": format_refs(figure_refs(catalog, s)),
            "Verdict": s.verdict,
        }
        for s in studies
    ]


def design_lines(catalog: Catalog, study: Study) -> list[str]:
    """The design in short lines: design, population, arms, size and follow-up where given, other facts."""
    lines = [f"Design: {design_label(study)}", f"Population: {study.population}"]
    lines.append("Arms: " + "; ".join(arm.name for arm in study.arms))
    for what, figure in (("Size", study.size), ("Follow-up", study.follow_up)):
        if figure is not None:
            lines.append(f"{what}: {resolve(catalog, figure).display()} ({figure.label})")
    lines += [f"{f.label[0].upper()}{f.label[1:]}: {resolve(catalog, f).display()}" for f in study.facts]
    return lines


def detail_lines(catalog: Catalog, endpoint: Endpoint) -> list[str]:
    return [f"{f.label}: {resolve(catalog, f).display()}" for f in endpoint.details]


def further_details(catalog: Catalog, endpoint: Endpoint) -> list[str]:
    """The detail lines ``result_text`` has not already given (it gives them when there is no arm figure)."""
    return detail_lines(catalog, endpoint) if endpoint.values or endpoint.effect is not None else []


def figure_evidence_ids(study: Study) -> tuple[str, ...]:
    """The records behind the study's figures (``Study.figures``: size, follow-up, facts, results), else (a
    study with no figure) all of its records. The verdict and the chart cite these: a record cited only for
    the study's meaning (KEYNOTE-177's neoadjuvant studies) is not their source."""
    return tuple(dict.fromkeys(figure.evidence_id for figure in study.figures())) or study.evidence_ids


def figure_refs(catalog: Catalog, study: Study) -> tuple[int, ...]:
    """The reference numbers of ``figure_evidence_ids`` (``study_refs`` when they have none)."""
    refs = {ref for evidence_id in figure_evidence_ids(study) for ref in catalog.get(evidence_id).refs}
    return tuple(sorted(refs)) or study_refs(catalog, study)


def source_line(catalog: Catalog, study: Study) -> str:
    """The chart's source: the review's figures "as the review reports it"; figures the review does not give
    (``Evidence.figures_from``: a primary paper, followed where a caveat says why) named as such."""
    refs = citation_text(
        figure_refs(catalog, study)
    )  # as every citation is said: 'ref. [48]', 'ref. [28, 29]'
    records = [catalog.get(evidence_id) for evidence_id in figure_evidence_ids(study)]
    primary = "; ".join(dict.fromkeys(r.figures_from for r in records if r.figures_from))
    if not primary:
        return f"Source: {study.name}, as the review reports it, {refs}."
    if all(r.figures_from for r in records):
        return f"Source: {study.name}, from {primary}, not the review, {refs}."
    return (
        f"Source: {study.name}, as the review reports it, and from {primary} where the review does not, "
        f"{refs}."
    )


def alt_text(catalog: Catalog, study: Study) -> str:
    """The chart in words: every endpoint with each arm's figure, its P value or "not given", significance."""
    if study.design == "ongoing":
        return f"{study.name} is ongoing: the review reports no results, so there is nothing to draw."
    parts = []
    for e in study.endpoints:
        parts.append(
            f"{endpoint_heading(e)}: {result_text(catalog, study, e)}; {p_phrase(catalog, e)}; "
            f"{significance_text(e)}."
        )
    return f"{study.name}, {citation_text(figure_refs(catalog, study))}. " + " ".join(parts)
