"""Steps 10 and 11, Monitoring and disappearing metastases: how response is followed during chemotherapy or
staged before surgery (MRI, which finds more lesions than CT, above all after chemotherapy; CEA alongside
imaging; PET not routinely) and what to do when lesions may vanish on imaging (the risk factors, fiducial
markers, resecting the sites). Rests on imaging-prometeo-mri-vs-ct, imaging-prometeo-ct-by-chemotherapy,
imaging-pet-not-routine, imaging-intraoperative-comparison, imaging-meta-analysis-authors-conclusions,
cea-useful-adjunct, dlm-risk-factors, dlm-fiducial-marker, dlm-residual-disease-after-complete-response,
dlm-intrahepatic-rfs and dlm-upfront-surgery-highest-risk.
"""

from __future__ import annotations

from ...dlm import DEPTH_THRESHOLD_CM, SIZE_THRESHOLD_CM, is_deep, is_small
from ...scores import FONG_LARGEST_CM
from ..model import CHEMOTHERAPY_FIRST, Scenario, Step, Strategy
from .augmentation import augmentation_chemotherapy
from .common import typed
from .schedule import reimaging_interval


def monitoring(s: Scenario, strategy: Strategy) -> Step:
    """What imaging the plan needs: a response to follow only where systemic treatment comes before surgery
    (or instead of it); MRI staging before an operation with none before it; a re-assessment interval only
    for disease being converted (``reimaging_interval``: NCCN's 2 months [18] where its row speaks,
    synchronous disease, else the review's own 2-3 months)."""
    evidence = ["imaging-prometeo-mri-vs-ct"]
    reasoning = "MRI found liver metastases more often than CT."
    after_chemotherapy = (
        " CT found fewer of the lesions in patients given chemotherapy before resection than in those "
        "operated on first, and a pooled analysis judged MRI the best test before surgery after it."
    )
    cea = " CEA, cheap and easy to measure, goes alongside imaging in the first checks of a response."
    chemotherapy_ids = ("imaging-prometeo-ct-by-chemotherapy", "imaging-meta-analysis-authors-conclusions")
    gaps: list[str] = []
    embolization = (
        ", and again after the embolization" if strategy is Strategy.LIVER_REMNANT_AUGMENTATION else ""
    )
    plan = augmentation_chemotherapy(s) if strategy is Strategy.LIVER_REMNANT_AUGMENTATION else ""
    if strategy is Strategy.CONVERSION_CHEMOTHERAPY:
        interval, interval_ids = reimaging_interval(s.synchronous)
        finding = f"Re-assess for resection {interval} with MRI, and CEA alongside imaging."
        evidence += [*chemotherapy_ids, "cea-useful-adjunct", *interval_ids]
        reasoning += after_chemotherapy + cea
    elif strategy is Strategy.PROGRESSED_ON_CHEMOTHERAPY:
        finding = "Follow the disease with MRI, and CEA alongside imaging, on whatever treatment comes next."
        evidence += ["cea-useful-adjunct"]
        reasoning += cea
    elif strategy is Strategy.SYSTEMIC_THERAPY:
        finding = "Follow the response with MRI, and CEA alongside imaging."
        evidence += ["cea-useful-adjunct"]
        reasoning += cea
        gaps.append(
            "The review's interval for restaging is for liver disease being made resectable; it gives none "
            "for systemic therapy without curative intent: the team decides."
        )
    elif strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY or plan == "around":
        finding = (
            "Follow the response with MRI, and CEA alongside imaging; restage the liver with MRI before "
            f"surgery{embolization}."
        )
        evidence += [*chemotherapy_ids, "cea-useful-adjunct"]
        reasoning += after_chemotherapy + cea
    elif plan == "undecided":
        finding = (
            "Stage the liver with MRI before surgery, and again after the embolization; should chemotherapy "
            "come first, follow its response with MRI, and CEA alongside imaging."
        )
        evidence += [*chemotherapy_ids, "cea-useful-adjunct"]
        reasoning += after_chemotherapy + cea
    elif s.chemotherapy_given:  # proceed to resection, or a remnant to grow after a course given
        finding = (
            f"Restage the liver with MRI before surgery{embolization} (CT misses more lesions after "
            "chemotherapy)."
        )
        evidence += [*chemotherapy_ids]
        reasoning += after_chemotherapy
    else:  # nothing systemic before surgery: no response to follow, the liver to stage
        finding = f"Stage the liver with MRI before surgery{embolization}."
    if s.extrahepatic_disease != "none":
        evidence.append("imaging-pet-not-routine")
        gaps.append(
            "The review's imaging evidence is on liver metastases; of the disease outside the liver it says "
            "only that PET, not advised routinely, may help find hidden disease there. How to follow it is "
            "for the team."
        )
    return Step(
        key="monitoring",
        title="Monitoring",
        finding=finding,
        reasoning=reasoning.strip(),
        evidence_ids=tuple(dict.fromkeys(evidence)),
        flags=("mri_preferred",),
        gap=" ".join(gaps) or None,
    )


def dlm_factors(s: Scenario) -> list[str]:
    factors = []
    if s.smallest_lesion_cm is not None and is_small(s.smallest_lesion_cm):
        factors.append(f"a lesion of {typed(s.smallest_lesion_cm, SIZE_THRESHOLD_CM)} cm (under 2 cm)")
    elif (
        s.smallest_lesion_cm is None and s.largest_lesion_cm is not None and is_small(s.largest_lesion_cm)
    ):  # then every lesion is small
        largest = typed(s.largest_lesion_cm, SIZE_THRESHOLD_CM, FONG_LARGEST_CM)
        factors.append(
            f"a lesion of {largest} cm (under 2 cm)"
            if s.lesion_count == 1
            else f"every lesion, the largest {largest} cm (under 2 cm)"
        )
    if s.deepest_lesion_depth_cm is not None and is_deep(s.deepest_lesion_depth_cm):
        factors.append(
            f"a lesion {typed(s.deepest_lesion_depth_cm, DEPTH_THRESHOLD_CM)} cm deep (deeper than 1 cm)"
        )
    return factors


def disappearing_metastases(s: Scenario, strategy: Strategy) -> Step:
    factors = dlm_factors(s)
    flags: list[str] = []
    evidence = ["dlm-risk-factors", "dlm-residual-disease-after-complete-response"]
    # With several lesions and only the largest given (2 cm or more), the others' sizes are not known.
    others_unsized = (
        s.lesion_count > 1
        and s.smallest_lesion_cm is None
        and s.largest_lesion_cm is not None
        and not is_small(s.largest_lesion_cm)
    )
    unknown = [
        name
        for name, missing in (
            ("lesion size", s.largest_lesion_cm is None and s.smallest_lesion_cm is None),
            ("the smaller lesions' sizes", others_unsized),
            ("depth", s.deepest_lesion_depth_cm is None),
        )
        if missing
    ]
    # what comes first in a dMMR conversion plan is pembrolizumab, not chemotherapy (regimen step)
    treatment = "treatment" if s.msi_high_or_dmmr else "chemotherapy"
    if not factors:
        finding = "No size or depth risk factor for disappearing metastases from what was entered" + (
            f" ({' and '.join(unknown)} not given, so not checked)." if unknown else "."
        )
    else:
        flags.append("dlm_risk")
        finding = "At risk of disappearing: " + "; ".join(factors) + "."
        if strategy is Strategy.UPFRONT_RESECTION:
            finding += " Operating first avoids the problem."
            evidence.append("dlm-upfront-surgery-highest-risk")
        elif strategy is Strategy.LIVER_REMNANT_AUGMENTATION and not s.chemotherapy_given:
            systemic = augmentation_chemotherapy(s)
            if systemic == "around":
                flags.append("fiducial_marker")
                finding += (
                    " Mark them with fiducials before chemotherapy, so they can be found if they vanish."
                )
            elif systemic == "undecided":
                finding += (
                    " Should chemotherapy come first (if the missing risk items put the patient in the high "
                    "group), mark them with fiducials before it."
                )
            else:
                finding += (
                    " No chemotherapy is planned before the resection, which avoids the problem; should any "
                    "be given while the remnant grows, mark them with fiducials first."
                )
                evidence.append("dlm-upfront-surgery-highest-risk")
            evidence.append("dlm-fiducial-marker")
        elif strategy in (Strategy.PROCEED_TO_RESECTION, Strategy.LIVER_REMNANT_AUGMENTATION):
            finding += (
                " After chemotherapy such lesions may already be invisible: resect their original sites "
                "where "
                "possible and use contrast-enhanced intraoperative ultrasound."
            )
            evidence += ["dlm-intrahepatic-rfs", "imaging-intraoperative-comparison"]
        elif strategy in CHEMOTHERAPY_FIRST and strategy is not Strategy.SYSTEMIC_THERAPY:
            flags.append("fiducial_marker")
            evidence.append("dlm-fiducial-marker")
            finding += (
                " Chemotherapy has started: mark them with fiducials now, while they can still be seen."
                if s.chemotherapy_given
                else f" Mark them with fiducials before {treatment}, so they can be found if they vanish."
            )
            if strategy is Strategy.PERIOPERATIVE_CHEMOTHERAPY:  # resectable now: operating first is feasible
                finding += " For the highest risk, surgery first is the alternative."
                evidence.append("dlm-upfront-surgery-highest-risk")
    return Step(
        key="dlm",
        title="Disappearing metastases",
        finding=finding,
        reasoning=(
            "Small (under 2 cm) or deep (over 1 cm) lesions are the likeliest to vanish on imaging while "
            "viable tumour remains, and longer chemotherapy makes it likelier."
        ),
        evidence_ids=tuple(evidence),
        flags=tuple(flags),
        gap=(
            "The review links longer chemotherapy to disappearing metastases without a numeric cut-off."
            if factors and strategy in CHEMOTHERAPY_FIRST
            else None
        ),
    )
