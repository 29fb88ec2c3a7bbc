"""The guideline lens: what each Table 2 organisation says for this patient, using every input its row names.

Each reading paraphrases the organisation's Table 2 row (through its table-2-* Evidence records) and applies
it to the patient; where a row does not speak to the patient's situation the reading says so. Nothing here
goes beyond the review's Table 2.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..catalog import Catalog
from ..formatting import format_number
from ..search import format_refs
from .model import Scenario, Strategy
from .steps import RecurrenceRisk, and_list, total_chemotherapy_weeks, weeks_before_surgery

Leaning = Literal["chemotherapy_first", "surgery_first", "allowed_option", "not_stated"]

LEANING_LABELS: dict[Leaning, str] = {
    "chemotherapy_first": "chemotherapy before surgery",
    "surgery_first": "surgery first",
    # NCCN's "can consider" for synchronous metastases (caveat 10): chemotherapy first allowed, not preferred
    "allowed_option": "neither: chemotherapy first allowed, not preferred",
    "not_stated": "no position for this patient",
}
# The leanings that take neither side: the lens summary and the disagreement flag do not count them.
NO_SIDE: frozenset[Leaning] = frozenset({"allowed_option", "not_stated"})


class GuidelineReading(BaseModel):
    """One Table 2 row read for one patient."""

    model_config = ConfigDict(frozen=True)

    organisation: str  # the key in data/guidelines.yaml
    label: str
    leaning: Leaning
    text: str
    inputs: tuple[str, ...]  # the Scenario fields this reading used
    evidence_ids: tuple[str, ...]


# ESMO's row sorts resectable disease by prognosis but names no criteria (the table-2-esmo-resectable record's
# note): which patients count as favourable, unclear or unfavourable is this app's reading, said with each.
ESMO_PROGNOSIS_READING = " by this app's reading, since ESMO's row names no criteria"
# The inputs of the readings that sort resectable disease by the clinical risk score (SEOM's high-risk row)
# and by prognosis (ESMO's row, read as above): one tuple each, shared by every branch that reads it.
CLINICAL_RISK_SCORE_INPUTS: tuple[str, ...] = (
    "node_positive_primary",
    "disease_free_interval_months",
    "lesion_count",
    "largest_lesion_cm",
    "cea_ng_ml",
)
ESMO_PROGNOSIS_INPUTS: tuple[str, ...] = (
    "synchronous",
    "cea_ng_ml",
    "node_positive_primary",
    "lesion_count",
    "largest_lesion_cm",
)


def _prognosis(risk: RecurrenceRisk) -> str:
    if risk.high:
        return "unfavourable"
    if risk.undecided:
        return "unclear"
    return "favourable"


def _asco(s: Scenario) -> GuidelineReading:
    """ASCO 2020 [108]: the team decides; the regimen depends on prior chemotherapy and performance status."""
    factors = []
    if s.chemotherapy_given:
        factors.append(
            f"the {format_number(s.prior_chemotherapy_weeks or 0, decimals=2)} weeks of chemotherapy "
            "already given"
        )
    if s.good_performance_status is not None:
        factors.append(
            "good performance status" if s.good_performance_status else "limited performance status"
        )
    return GuidelineReading(
        organisation="asco",
        label="ASCO 2020",
        leaning="not_stated",
        text="A multidisciplinary team decides eligibility for curative treatment and the order of "
        "treatments; the regimen depends on resources, toxicity, prior chemotherapy and performance status"
        + (f", here {' and '.join(factors)}." if factors else "."),
        inputs=("prior_chemotherapy_weeks", "good_performance_status"),
        evidence_ids=("table-2-asco-mdt", "table-2-asco-regimens"),
    )


# Each organisation's Table 2 record on resectable disease, cited where a short remnant is the problem.
_RESECTABLE_ROWS: dict[str, tuple[str, str]] = {
    "nccn": ("NCCN 2020", "table-2-nccn-resectable-metachronous"),
    "seom": ("SEOM 2020", "table-2-seom-resectable"),
    "esmo": ("ESMO 2016", "table-2-esmo-resectable"),
    "egosm": ("Expert Group 2015", "table-2-egosm-resectable"),
    "ihpba": ("IHPBA 2013", "table-2-ihpba-resectable"),
    "ahpba": ("AHPBA 2013", "table-2-ahpba-resectable"),
}


# Each organisation's Table 2 record on liver disease that cannot be removed (ESMO's on resectable disease: it
# has none), and what it speaks of: cited where extrahepatic disease that cannot be removed is the problem.
_LIVER_ROWS: dict[str, tuple[str, str, str]] = {
    "nccn": ("NCCN 2020", "table-2-nccn-unresectable", "liver metastases to be made resectable"),
    "seom": ("SEOM 2020", "table-2-seom-unresectable", "liver metastases to be made resectable"),
    "esmo": ("ESMO 2016", "table-2-esmo-resectable", "resectable liver metastases only"),
    "egosm": ("Expert Group 2015", "table-2-egosm-unresectable", "liver metastases to be made resectable"),
    "ihpba": (
        "IHPBA 2013",
        "table-2-ihpba-unresectable",
        "downsizing liver metastases that cannot be removed",
    ),
    "ahpba": ("AHPBA 2013", "table-2-ahpba-unresectable", "liver metastases that cannot be removed"),
}


def guideline_readings(
    s: Scenario,
    *,
    resectable: bool,
    risk: RecurrenceRisk,
    remnant_short: bool = False,
    unfit: bool = False,
    strategy: Strategy | None = None,
    extrahepatic_unresectable: bool = False,
) -> tuple[GuidelineReading, ...]:
    """The seven Table 2 rows read for this patient (resectable: removable, with enough remnant;
    ``remnant_short``: removable, but the remnant would be too small; ``unfit``: a patient unfit for liver
    surgery; ``extrahepatic_unresectable``: a plan left at extrahepatic disease that cannot be removed, of
    which no row speaks). Given the plan's ``strategy``, the
    weeks before surgery counted against AHPBA's 3 months are those that plan gives (weeks entered as
    planned are not counted for a plan that stops chemotherapy before surgery)."""
    rows: list[GuidelineReading] = []

    def add(key: str, label: str, leaning: Leaning, text: str, inputs: tuple[str, ...], *ids: str) -> None:
        rows.append(
            GuidelineReading(
                organisation=key, label=label, leaning=leaning, text=text, inputs=inputs, evidence_ids=ids
            )
        )

    if unfit:
        # Table 2's rows order chemotherapy and an operation the patient can have; none speaks of a patient
        # unfit for it. Reading them as "surgery first" beside a plan without an operation taught that the
        # guidelines disagree with it. NCCN's metachronous row names local therapy beside resection.
        for key, (label, record) in _RESECTABLE_ROWS.items():
            if key == "nccn" and s.synchronous:
                record = "table-2-nccn-resectable-synchronous"
            local = key == "nccn" and not s.synchronous
            add(
                key,
                label,
                "not_stated",
                "Its Table 2 row orders chemotherapy and an operation the patient can have; it does not "
                "speak of a patient unfit for liver surgery"
                + (
                    ". It prefers resection and/or local therapy for resectable metachronous disease: local "
                    "therapy is the part a team can still weigh (the review does not discuss it further)."
                    if local
                    else "."
                ),
                ("fit_for_surgery", "synchronous"),
                record,
            )
        rows.insert(1, _asco(s))
        return tuple(rows)

    if extrahepatic_unresectable:
        # The rows on unresectable disease speak of liver metastases to be made resectable (conversion,
        # downsizing), ESMO's of resectable disease; none speaks of extrahepatic disease that cannot be
        # removed. Read as "chemotherapy before surgery" they taught a surgery the plan does not have in view.
        for key, (label, record, speaks_of) in _LIVER_ROWS.items():
            add(
                key,
                label,
                "not_stated",
                f"Its Table 2 row speaks of {speaks_of}; it does not speak of extrahepatic disease that "
                "cannot be removed.",
                ("extrahepatic_disease",),
                record,
            )
        rows.insert(1, _asco(s))
        return tuple(rows)

    if remnant_short:
        # Table 2's rows speak of resectable disease (chemotherapy or surgery first) and of downsizing
        # unresectable tumour; none of them speaks of a remnant too small for the liver, the review's FLR
        # section does (PVE, two-stage resection). Reading the downsizing rows here would teach "more
        # chemotherapy" for a surgical problem.
        for key, (label, record) in _RESECTABLE_ROWS.items():
            if key == "nccn" and s.synchronous:
                record = "table-2-nccn-resectable-synchronous"
            add(
                key,
                label,
                "not_stated",
                "Its Table 2 row does not speak of a remnant too small for the liver; the review's FLR "
                "section answers that: grow the remnant first (portal vein embolization, or two stages).",
                ("flr_percent", "liver_condition"),
                record,
                "flr-pve-insufficient-remnant",
            )
        rows.insert(1, _asco(s))
        return tuple(rows)

    # NCCN 2020 [18]: its row on unresectable disease is on synchronous metastases only (its record's note)
    if not resectable and not s.synchronous:
        add(
            "nccn",
            "NCCN 2020",
            "not_stated",
            "Its row on unresectable disease speaks of synchronous metastases only (systemic therapy, "
            "re-evaluated for resection every 2 months); it takes no position for unresectable metastases "
            "found after the primary.",
            ("synchronous",),
            "table-2-nccn-unresectable",
            "table-2-nccn-reevaluation",
        )
    elif not resectable:
        if s.msi_high_or_dmmr and s.chemotherapy_given:
            # the row lists pembrolizumab as an option for these tumours and says nothing of a course already
            # given; what the plan does then is the walkthrough's, said as such, not put in NCCN's mouth
            biologic = (
                "pembrolizumab, the row's option for a dMMR/MSI-H tumour; the row does not speak of a course "
                "already given (the walkthrough continues a pembrolizumab course and leaves a switch from "
                "chemotherapy to the team)"
            )
        elif s.msi_high_or_dmmr:
            biologic = "pembrolizumab, as the tumour is dMMR/MSI-H"
        elif s.ras_status == "wild_type" and s.braf_v600e is False:
            biologic = "an anti-EGFR antibody or bevacizumab with the doublet (KRAS, NRAS and BRAF wild-type)"
        elif s.ras_status in ("kras_mutant", "nras_mutant") or s.braf_v600e:
            mutation = {"kras_mutant": "KRAS-mutant", "nras_mutant": "NRAS-mutant"}.get(
                s.ras_status, "BRAF V600E"
            )
            biologic = f"bevacizumab with the doublet; no anti-EGFR antibody ({mutation})"
        else:
            biologic = (
                "bevacizumab with the doublet; anti-EGFR only once KRAS, NRAS and BRAF are known wild-type"
            )
        add(
            "nccn",
            "NCCN 2020",
            "chemotherapy_first",
            f"Unresectable: systemic therapy, here {biologic}; re-evaluate for resection every 2 months.",
            ("msi_high_or_dmmr", "ras_status", "braf_v600e", "synchronous", "prior_chemotherapy_weeks"),
            "table-2-nccn-unresectable",
            "table-2-nccn-biologics",
            "table-2-nccn-immunotherapy",
            "table-2-nccn-reevaluation",
        )
    elif s.synchronous:
        add(
            "nccn",
            "NCCN 2020",
            "allowed_option",
            "Resectable synchronous: 2-3 months of neoadjuvant chemotherapy can be considered before "
            "staged or combined resection of the primary and the liver; an option it allows, not an order it "
            "prefers.",
            ("synchronous",),
            "table-2-nccn-resectable-synchronous",
            "table-2-nccn-duration",
        )
    else:
        add(
            "nccn",
            "NCCN 2020",
            "surgery_first",
            "Resectable metachronous: resection and/or local therapy preferred; 2-3 months of chemotherapy "
            "first remains possible.",
            ("synchronous",),
            "table-2-nccn-resectable-metachronous",
            "table-2-nccn-duration",
        )

    rows.append(_asco(s))

    # SEOM 2020 [109]
    if not resectable:
        add(
            "seom",
            "SEOM 2020",
            "chemotherapy_first",
            "Unresectable: NCT may make the metastases resectable, with good long-term results.",
            ("complete_resection_possible",),
            "table-2-seom-unresectable",
        )
    elif risk.high:
        add(
            "seom",
            "SEOM 2020",
            "chemotherapy_first",
            "Resectable at high risk: NCT might benefit this patient.",
            CLINICAL_RISK_SCORE_INPUTS,
            "table-2-seom-resectable",
        )
    else:
        add(
            "seom",
            "SEOM 2020",
            "not_stated",
            "Speaks of NCT only for high-risk resectable disease; this patient's score is not in the high "
            "group" + (" yet (items missing)." if risk.undecided else "."),
            CLINICAL_RISK_SCORE_INPUTS,
            "table-2-seom-resectable",
        )

    # ESMO 2016 [110]
    if not resectable:
        add(
            "esmo",
            "ESMO 2016",
            "not_stated",
            "Its Table 2 row speaks of resectable disease only.",
            ("complete_resection_possible",),
            "table-2-esmo-resectable",
        )
    else:
        prognosis = _prognosis(risk)
        if s.synchronous:
            add(
                "esmo",
                "ESMO 2016",
                "chemotherapy_first",
                "Synchronous metastases go with the group for whom perioperative therapy should be "
                "considered; the regimen it names, FOLFOX or CAPOX, is for an unclear or unfavourable "
                "prognosis.",
                ("synchronous",),
                "table-2-esmo-resectable-synchronous",
                "table-2-esmo-regimens",
            )
        elif prognosis == "favourable" and s.extrahepatic_disease == "none":
            add(
                "esmo",
                "ESMO 2016",
                "surgery_first",
                "Clearly resectable with a favourable prognosis (the clinical risk score outside its high "
                f"group; no disease outside the liver){ESMO_PROGNOSIS_READING}: upfront resection "
                "is justified.",
                ESMO_PROGNOSIS_INPUTS,
                "table-2-esmo-resectable",
            )
        else:
            extrahepatic = s.extrahepatic_disease == "resectable"
            reasons = [
                reason
                for reason, applies in (
                    ("a high clinical risk score", risk.high),
                    ("items of the clinical risk score missing", risk.undecided and not extrahepatic),
                    ("resectable disease outside the liver", extrahepatic),
                )
                if applies
            ]
            add(
                "esmo",
                "ESMO 2016",
                "chemotherapy_first",
                f"Prognosis {'unfavourable' if extrahepatic else prognosis} ({'; '.join(reasons)})"
                f"{ESMO_PROGNOSIS_READING}: perioperative FOLFOX or CAPOX.",
                ESMO_PROGNOSIS_INPUTS,
                "table-2-esmo-resectable",
                "table-2-esmo-regimens",
            )

    # Expert Group on OncoSurgery 2015 [111]: by its title a consensus on synchronous metastases, and its row
    # speaks of removing the primary with the metastases, so it is not read for metastases found later,
    # resectable or not
    if not s.synchronous:
        add(
            "egosm",
            "Expert Group 2015",
            "not_stated",
            "Its consensus is on metastases found with the primary tumour"
            + (" (removing both, easy or not)" if resectable else "")
            + "; it gives no order for metastases found after the primary"
            + ("." if resectable else ", resectable or not."),
            ("synchronous",),
            "table-2-egosm-resectable" if resectable else "table-2-egosm-unresectable",
        )
    elif not resectable:
        add(
            "egosm",
            "Expert Group 2015",
            "chemotherapy_first",
            "Unresectable: chemotherapy first, aiming at resectability.",
            ("complete_resection_possible",),
            "table-2-egosm-unresectable",
        )
    elif s.resection_easy is True:
        add(
            "egosm",
            "Expert Group 2015",
            "surgery_first",
            "Resection judged easy: surgery may come first; 6 months of chemotherapy in total, before or "
            "after.",
            ("resection_easy",),
            "table-2-egosm-resectable",
            "table-2-egosm-duration",
        )
    else:
        add(
            "egosm",
            "Expert Group 2015",
            "chemotherapy_first",
            "Chemotherapy before surgery unless removing the primary and the metastases is easy"
            + (" (not judged easy here)" if s.resection_easy is False else " (ease not stated here)")
            + "; 6 months in total.",
            ("resection_easy",),
            "table-2-egosm-resectable",
            "table-2-egosm-duration",
        )

    # IHPBA 2013 [112]
    if resectable:
        add(
            "ihpba",
            "IHPBA 2013",
            "chemotherapy_first",
            "Resectable: perioperative chemotherapy with resection improved PFS; an oxaliplatin regimen is "
            "the "
            "reference.",
            ("complete_resection_possible", "flr_percent"),
            "table-2-ihpba-resectable",
            "table-2-ihpba-regimens",
        )
    else:
        triplet = " FOLFOXIRI may give more response" + (
            " for a fit patient." if s.good_performance_status else "."
        )
        add(
            "ihpba",
            "IHPBA 2013",
            "chemotherapy_first",
            "Downsizing: FOLFOX and FOLFIRI are similar backbones;" + triplet,
            ("complete_resection_possible", "good_performance_status"),
            "table-2-ihpba-unresectable",
            "table-2-ihpba-regimens",
        )

    # AHPBA 2013 [112]
    weeks = weeks_before_surgery(s, strategy) if strategy is not None else total_chemotherapy_weeks(s)
    limit = " Chemotherapy before surgery should generally stay within 3 months" + (
        f" (here {format_number(weeks, decimals=2)} weeks in all)." if weeks else "."
    )
    if resectable:
        add(
            "ahpba",
            "AHPBA 2013",
            "chemotherapy_first",
            "Resectable: perioperative chemotherapy with resection improved PFS." + limit,
            ("planned_preop_weeks", "prior_chemotherapy_weeks"),
            "table-2-ahpba-resectable",
            "table-2-ahpba-duration",
        )
    else:
        excluded = "NRAS-mutant" if s.ras_status == "nras_mutant" else "BRAF V600E" if s.braf_v600e else ""
        egfr = (
            " Without a KRAS mutation, an anti-EGFR antibody is reasonable (NCCN also asks for NRAS and "
            "BRAF)."
            if s.ras_status in ("wild_type", "nras_mutant") and not excluded
            else f" AHPBA asks only for KRAS wild-type before an anti-EGFR antibody; NCCN also asks for NRAS "
            f"and BRAF wild-type, which this tumour is not ({excluded})."
            if s.ras_status in ("wild_type", "nras_mutant")
            else ""
        )
        add(
            "ahpba",
            "AHPBA 2013",
            "chemotherapy_first",
            "Unresectable: oxaliplatin or irinotecan regimens; bevacizumab may give a greater response and "
            "less "
            "liver injury." + egfr + limit,
            ("ras_status", "planned_preop_weeks", "prior_chemotherapy_weeks"),
            "table-2-ahpba-unresectable",
            "table-2-ahpba-biologics",
            "table-2-ahpba-duration",
        )
    return tuple(rows)


PLAN_LEANING: dict[Strategy, Leaning] = {
    Strategy.UPFRONT_RESECTION: "surgery_first",
    Strategy.PERIOPERATIVE_CHEMOTHERAPY: "chemotherapy_first",
    Strategy.CONVERSION_CHEMOTHERAPY: "chemotherapy_first",
}


def readings_disagree(readings: tuple[GuidelineReading, ...], strategy: Strategy | None = None) -> bool:
    """Whether the rows that take a position lean different ways, or (given the plan's strategy) any of them
    leans against the plan."""
    if strategy is Strategy.PROCEED_TO_RESECTION:  # the rows' choice (chemotherapy first or not) is made
        return False
    leanings = {r.leaning for r in readings if r.leaning not in NO_SIDE}
    if len(leanings) > 1:
        return True
    plan = PLAN_LEANING.get(strategy) if strategy is not None else None
    return plan is not None and bool(leanings) and leanings != {plan}


PROGRESSED_LENS = (
    "Table 2's rows speak of the choice before any chemotherapy; none speaks of disease that progresses on "
    "it."
)


def lens_summary(
    readings: tuple[GuidelineReading, ...], strategy: Strategy, *, progressed: bool = False
) -> str:
    """One sentence: how the Table 2 rows that take a position for this patient stand against the plan.
    After chemotherapy (the proceed plan), it says first that the rows speak of the choice already made; after
    progression on it (``progressed``, whatever the plan), that no row speaks of progression."""
    summary = _lens_summary(readings, strategy)
    if strategy is Strategy.LIVER_REMNANT_AUGMENTATION:
        return (
            "No Table 2 row speaks of a remnant too small for the liver. The chemotherapy beside it follows "
            "the walkthrough's own rules for resectable disease, on which the Table 2 rows differ: see them "
            "for the same patient with enough remnant."
        )
    if strategy is Strategy.PROCEED_TO_RESECTION:
        return "Table 2's rows speak of the choice before any chemotherapy, already made here. " + summary
    if (
        progressed or strategy is Strategy.PROGRESSED_ON_CHEMOTHERAPY
    ):  # the rows: the choice as it stood before
        return f"{PROGRESSED_LENS} Below, the rows as read for that first choice. {summary}"
    return summary


def _lean(names: list[str]) -> str:
    """The verb for the rows named: one row leans, several lean."""
    return "leans" if len(names) == 1 else "lean"


def _lens_summary(readings: tuple[GuidelineReading, ...], strategy: Strategy) -> str:
    stated = [r for r in readings if r.leaning not in NO_SIDE]
    if not stated:
        return "No Table 2 organisation takes a position for this patient."
    groups: dict[Leaning, list[str]] = {}
    for reading in stated:
        groups.setdefault(reading.leaning, []).append(reading.label)
    plan = PLAN_LEANING.get(strategy)
    if len(groups) == 1:
        ((leaning, names),) = groups.items()
        alone = len(names) == 1
        subject = (
            "The only Table 2 organisation that takes a position"
            if alone
            else "The Table 2 organisations that take a position"
        )
        if plan is None:  # a plan their rows do not choose between (after chemotherapy, a remnant to grow)
            return f"{subject} {_lean(names)} to {LEANING_LABELS[leaning]} ({', '.join(names)})."
        if leaning == plan:
            return f"{subject} {'agrees' if alone else 'agree'} with this plan ({', '.join(names)})."
        every = subject if alone else "Every Table 2 organisation that takes a position"
        return (
            f"{every} leans to {LEANING_LABELS[leaning]} ({', '.join(names)}), unlike this plan, which "
            "follows the review's own summary."
        )
    return (
        "The Table 2 organisations differ: "
        + "; ".join(
            f"{and_list(tuple(names))} {_lean(names)} to {LEANING_LABELS[leaning]}"
            for leaning, names in groups.items()
        )
        + "."
    )


def guideline_readings_for(scenario: Scenario) -> tuple[GuidelineReading, ...]:
    """The readings for a scenario, deriving resectability and recurrence risk as ``recommend`` does."""
    from .steps import Facts, assess_recurrence_risk, assess_resectability, choose_strategy

    resect = assess_resectability(scenario)
    risk = assess_recurrence_risk(scenario)
    strategy, path = choose_strategy(Facts(scenario=scenario, resectability=resect, recurrence=risk))
    return readings_for_plan(scenario, resect.resectable, risk, strategy, path)


def readings_for_plan(
    s: Scenario, resectable: bool, risk: RecurrenceRisk, strategy: Strategy, path: tuple[str, ...]
) -> tuple[GuidelineReading, ...]:
    """The readings beside a chosen plan (``recommend`` and ``guideline_readings_for`` share it)."""
    return guideline_readings(
        s,
        # converted disease is read with Table 2's rows on unresectable disease, the path it came by
        resectable=resectable and path[-1] != "converted",
        risk=risk,
        remnant_short=strategy is Strategy.LIVER_REMNANT_AUGMENTATION,
        unfit=strategy is Strategy.SYSTEMIC_THERAPY and path[-1] == "fit",
        strategy=strategy,
        extrahepatic_unresectable=strategy is Strategy.SYSTEMIC_THERAPY and path[-1] == "extrahepatic",
    )


def reading_rows(readings: tuple[GuidelineReading, ...], catalog: Catalog) -> list[dict[str, object]]:
    """The readings as table rows: organisation, leaning, the reading, its references."""
    return [
        {
            "Organisation": r.label,
            "Leans to": LEANING_LABELS[r.leaning],
            "For this patient": r.text,
            "References": format_refs(sorted({n for eid in r.evidence_ids for n in catalog.get(eid).refs})),
        }
        for r in readings
    ]
