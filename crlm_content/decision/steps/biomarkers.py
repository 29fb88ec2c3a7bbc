"""Step 6, Molecular profile: RAS, BRAF V600E and MSI/dMMR as the regimen and the prognosis use them, and the
tests still to order (``missing_tests``, ``tests_to_order``, which the regimen step and the plan's actions
reuse). Rests on regimens-choice-factors, table-2-nccn-biologics, immunotherapy-checkpoint-inhibitors-msi,
risk-scores-kras-hr, risk-scores-ras-based-scores and risk-scores-rfs-by-mutation.
"""

from __future__ import annotations

from ..model import RAS_LABELS, Scenario, Step
from .common import _yes, and_list


def molecular(s: Scenario) -> Step:
    evidence = ["regimens-choice-factors"]
    notes = []
    if s.ras_status == "kras_mutant":
        # the survival is [60]'s; the RAS wild-type condition is NCCN's row (the NRAS branch cites it too)
        evidence += ["risk-scores-kras-hr", "risk-scores-ras-based-scores", "table-2-nccn-biologics"]
        notes.append(
            "A KRAS mutation predicts shorter survival, and anti-EGFR antibodies need RAS wild-type."
        )
    elif s.ras_status == "nras_mutant":
        evidence += ["table-2-nccn-biologics", "risk-scores-ras-based-scores"]
        notes.append("NRAS-mutant: NCCN allows anti-EGFR antibodies only with KRAS, NRAS and BRAF wild-type.")
    elif s.ras_status == "wild_type":
        evidence.append("table-2-nccn-biologics")
        notes.append("RAS wild-type: anti-EGFR antibodies also need BRAF known to be wild-type (NCCN).")
    if s.braf_v600e:
        evidence.append("risk-scores-rfs-by-mutation")
        notes.append("A BRAF mutation carried the shortest recurrence-free survival.")
    if s.msi_high_or_dmmr:
        evidence.append("immunotherapy-checkpoint-inhibitors-msi")
        notes.append("MSI-H/dMMR tumours respond to immune checkpoint inhibitors.")
    unknown = missing_tests(s)
    return Step(
        key="molecular",
        title="Molecular profile",
        finding=(
            f"{RAS_LABELS[s.ras_status]}; BRAF V600E {_yes(s.braf_v600e, 'present', 'absent')}; "
            f"MSI-H/dMMR {_yes(s.msi_high_or_dmmr, 'yes', 'no')}."
        ),
        reasoning=" ".join(["Performance status and RAS/BRAF status drive the choice of regimen.", *notes]),
        evidence_ids=tuple(evidence),
        gap=(
            f"Not known: {', '.join(unknown)}. The choice of biologic waits for these results."
            if unknown
            else None
        ),
    )


def missing_tests(s: Scenario) -> tuple[str, ...]:
    """The molecular results not yet known, in the order they are usually reported."""
    return tuple(
        name
        for name, missing in (
            ("RAS", s.ras_status == "unknown"),
            ("BRAF", s.braf_v600e is None),
            ("mismatch repair", s.msi_high_or_dmmr is None),
        )
        if missing
    )


def tests_to_order(s: Scenario) -> tuple[list[str], list[str]]:
    """The molecular tests a plan that gives systemic therapy asks for (flags, sentences): BRAF before any
    anti-EGFR antibody in RAS wild-type disease (NCCN), and the results not yet known where RAS or mismatch
    repair is among them. One rule for every such plan, so each asks for the same tests."""
    flags: list[str] = []
    text: list[str] = []
    if s.ras_status == "wild_type" and s.braf_v600e is None:
        flags.append("test_braf_before_anti_egfr")
        text.append("RAS wild-type but BRAF not known: test BRAF before any anti-EGFR antibody (NCCN).")
    if s.ras_status == "unknown" or s.msi_high_or_dmmr is None:
        flags.append("molecular_testing_needed")
        depends = (
            "the biologic and immunotherapy depend" if s.msi_high_or_dmmr is None else "the biologic depends"
        )
        text.append(f"Test {and_list(missing_tests(s))}: {depends} on the results.")
    return flags, text
