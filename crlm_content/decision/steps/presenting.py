"""Step 1, Presentation: synchronous or metachronous disease, the primary tumour still in place (removed with
the liver, or a rectal primary whose own treatment the review does not fit around the liver) and resectable
disease outside the liver (removed too, in an order the review gives no rule for); also which plans count as
converted disease. Rests on introduction-synchronous-crlm, table-2-nccn-resectable-synchronous and
conclusion-resectability-and-conversion.
"""

from __future__ import annotations

from ...dlm import SIZE_THRESHOLD_CM
from ...scores import FONG_INTERVAL_MONTHS, FONG_LARGEST_CM
from ...timing import MAX_CHEMOTHERAPY_WEEKS
from ..model import EXTRAHEPATIC_LABELS, Scenario, Step, Strategy
from .common import plural, typed

CURATIVE_OR_CONVERSION = frozenset(
    {
        Strategy.UPFRONT_RESECTION,
        Strategy.PERIOPERATIVE_CHEMOTHERAPY,
        Strategy.PROCEED_TO_RESECTION,
        Strategy.LIVER_REMNANT_AUGMENTATION,
        Strategy.CONVERSION_CHEMOTHERAPY,
    }
)


def converted_disease(s: Scenario, strategy: Strategy) -> bool:
    """Disease not resectable before chemotherapy: a conversion plan, or a course already given to disease
    stated not resectable before it."""
    return strategy is Strategy.CONVERSION_CHEMOTHERAPY or (
        s.chemotherapy_given and s.initially_resectable is False
    )


# The review does not discuss how a rectal primary's own treatment is fitted around the liver (Figure 2's
# patient had pelvic radiation after his chemotherapy, in an order the review does not explain).
RECTAL_PRIMARY = (
    "how a rectal primary's own treatment (pelvic radiation, for instance) is sequenced with the liver"
)


def with_primary(s: Scenario, strategy: Strategy) -> tuple[str, tuple[str, ...]]:
    """What a resect action adds for synchronous disease, where the primary may still be in place, and its
    record: NCCN's row on resectable synchronous disease (combined or staged removal), which speaks of disease
    resectable from the start and of colectomy, a colon primary; a rectal primary's own treatment (pelvic
    radiation in Figure 2's patient) the review does not sequence with the liver. For converted disease the
    review has no row, and the words say so."""
    if not s.synchronous:
        return "", ()
    if converted_disease(s, strategy):
        return (
            "with the primary if still in place: together or staged, a choice the review leaves open after "
            "conversion",
            (),
        )
    return (
        "with the primary if still in place: together or staged for a colon primary, as NCCN's row says; the "
        "review gives no rule for a rectal primary's own treatment",
        ("table-2-nccn-resectable-synchronous",),
    )


# Resectable disease outside the liver is removed too; the review does not say in which order (it does not
# discuss how to treat it: the Resectability and Strategy gaps).
EXTRAHEPATIC_REMOVAL = "with the disease outside the liver, in an order the review gives no rule for"


def removal_parts(s: Scenario, strategy: Strategy) -> tuple[str, tuple[str, ...]]:
    """What a resect action names beside the liver, as one parenthesis (' (...)', or ''), with its records:
    the primary if still in place (``with_primary``) and resectable extrahepatic disease."""
    primary, ids = with_primary(s, strategy)
    parts = [
        part
        for part in (primary, EXTRAHEPATIC_REMOVAL if s.extrahepatic_disease == "resectable" else "")
        if part
    ]
    return (f" ({'; '.join(parts)})" if parts else ""), ids


def presentation(s: Scenario, strategy: Strategy) -> Step:
    timing = (
        "synchronous (found with the primary)"
        if s.synchronous
        else "metachronous"
        + (
            f", {typed(s.disease_free_interval_months, FONG_INTERVAL_MONTHS)} months after the primary"
            if s.disease_free_interval_months is not None
            else " (interval from the primary not known)"
        )
    )
    prior = (
        f"; {typed(s.prior_chemotherapy_weeks or 0, MAX_CHEMOTHERAPY_WEEKS)} weeks of chemotherapy "
        "already given"
        if s.chemotherapy_given
        else ""
    )
    size = (
        "size not given"
        if s.largest_lesion_cm is None
        else f"largest {typed(s.largest_lesion_cm, SIZE_THRESHOLD_CM, FONG_LARGEST_CM)} cm"
    )
    primary_matters = s.synchronous and strategy in CURATIVE_OR_CONVERSION
    converted = primary_matters and converted_disease(s, strategy)  # NCCN's row speaks of resectable disease
    if converted:
        gap: str | None = (
            "If the primary tumour is still in place, the review gives no rule for removing it with liver "
            "metastases made resectable by chemotherapy (together or staged, and which comes first), nor "
            f"for {RECTAL_PRIMARY}: for the team."
        )
    elif primary_matters:
        gap = (
            "If the primary tumour is still in place, NCCN's row on resectable synchronous disease removes "
            "it with the liver metastases, in one operation or in stages; the row speaks of colectomy, a "
            "colon primary. The review does not discuss which should come first, nor does it give a rule "
            f"for {RECTAL_PRIMARY}: for the team."
        )
    else:
        gap = None
    return Step(
        key="presentation",
        title="Presentation",
        finding=(
            f"{plural(s.lesion_count, 'liver lesion')}, {size}, {'both lobes' if s.bilobar else 'one lobe'}"
            f"; {timing}; {EXTRAHEPATIC_LABELS[s.extrahepatic_disease]}{prior}."
        ),
        reasoning=(
            "Every decision starts from whether the disease can be removed; synchronous disease is common "
            "and "
            "some guidelines treat it differently (see the guideline lens)."
        ),
        evidence_ids=("introduction-synchronous-crlm", "conclusion-resectability-and-conversion")
        + (("table-2-nccn-resectable-synchronous",) if primary_matters and not converted else ()),
        gap=gap,
    )
