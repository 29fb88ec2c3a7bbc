"""The Regimens page's matrix of biologics and immunotherapy by molecular profile and setting.

Every cell is the decision walkthrough's own regimen step (``decision.steps.regimen``) run for a
representative patient of that profile in that setting, so the page cannot say anything the walkthrough does
not: the cell's options are the step's flags, its reasoning and evidence the step's.
``tests/unit/test_regimens.py`` checks that ``decision.recommend`` chooses the setting's strategy for each
representative patient and raises the same flags.

The page's other content lives here too: each ``*_IDS`` tuple is the evidence of one topic, in the order its
cards appear, and a ``*_ID`` names the record a sentence of the page quotes; the page loops over them, so a
content change is made here, not in the Streamlit script. The FLR thresholds the page quotes come from
``tools.liver_remnant.LIVER_CONDITION_EVIDENCE``, as the remnant planner's do.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .catalog import Catalog
from .decision import steps
from .decision.model import FLAG_INFO, Scenario, Strategy, option_labels
from .search import citation_text


class Profile(StrEnum):
    RAS_BRAF_WILD_TYPE = "ras_wt"
    RAS_WILD_TYPE_BRAF_UNKNOWN = "braf_unknown"
    RAS_MUTANT = "ras_mutant"
    BRAF_V600E = "braf_v600e"
    DMMR = "dmmr"


class Setting(StrEnum):
    RESECTABLE = "resectable"
    CONVERSION = "conversion"
    UNRESECTABLE = "unresectable"


PROFILE_LABELS: dict[Profile, str] = {
    Profile.RAS_BRAF_WILD_TYPE: "RAS and BRAF wild-type, MMR proficient",
    Profile.RAS_WILD_TYPE_BRAF_UNKNOWN: "RAS wild-type, BRAF not yet tested",
    Profile.RAS_MUTANT: "RAS mutant (KRAS)",
    Profile.BRAF_V600E: "BRAF V600E (RAS wild-type)",
    Profile.DMMR: "dMMR / MSI-H (RAS and BRAF wild-type)",
}
SETTING_LABELS: dict[Setting, str] = {
    Setting.RESECTABLE: "Resectable (chemotherapy around surgery)",
    Setting.CONVERSION: "Unresectable liver disease (conversion)",
    Setting.UNRESECTABLE: "Unresectable, systemic therapy",
}
SETTING_SHORT: dict[Setting, str] = {
    Setting.RESECTABLE: "Resectable",
    Setting.CONVERSION: "Conversion",
    Setting.UNRESECTABLE: "Unresectable (systemic)",
}
# The walkthrough's strategy for each setting.
SETTING_STRATEGY: dict[Setting, Strategy] = {
    Setting.RESECTABLE: Strategy.PERIOPERATIVE_CHEMOTHERAPY,
    Setting.CONVERSION: Strategy.CONVERSION_CHEMOTHERAPY,
    Setting.UNRESECTABLE: Strategy.SYSTEMIC_THERAPY,
}

# The regimen step's flags about biologics and immunotherapy, in the order a cell lists them: the options,
# each worded by the walkthrough's own ``option_labels`` (so a dMMR/MSI-H cell's biologics read "if not given
# pembrolizumab", as the plan's badges do), then the rest as a cell writes them.
MATRIX_OPTIONS = ("immunotherapy_preferred", "bevacizumab_option", "anti_egfr_option")
MATRIX_NOTES: dict[str, str] = {
    "test_braf_before_anti_egfr": "test BRAF before any anti-EGFR",
    "anti_egfr_not_for_resectable": "no anti-EGFR in initially resectable disease",
    "neoadjuvant_immunotherapy_unsettled": "neoadjuvant immunotherapy: little studied",
}
MATRIX_FLAGS = (*MATRIX_OPTIONS, *MATRIX_NOTES)
OPTION_FLAGS = frozenset(code for code in MATRIX_FLAGS if FLAG_INFO[code].kind == "option")
NO_BIOLOGIC = "no biologic"
NO_ANTI_EGFR = "anti-EGFR: not offered"

# Representative patients: the setting decides the liver and the rest of the body, the profile the tumour.
_SETTING_PATIENT: dict[Setting, dict[str, object]] = {
    # Resectable, liver only, five lesions: not low operative risk, so chemotherapy before surgery.
    Setting.RESECTABLE: {"synchronous": False, "lesion_count": 5, "bilobar": True, "flr_percent": 55.0},
    # Not all liver disease can be removed now.
    Setting.CONVERSION: {
        "synchronous": True,
        "lesion_count": 9,
        "bilobar": True,
        "flr_percent": 50.0,
        "complete_resection_possible": False,
    },
    # Extrahepatic disease that cannot be removed.
    Setting.UNRESECTABLE: {
        "synchronous": True,
        "lesion_count": 3,
        "bilobar": True,
        "flr_percent": 60.0,
        "extrahepatic_disease": "unresectable",
    },
}
_PROFILE_TUMOUR: dict[Profile, dict[str, object]] = {
    Profile.RAS_BRAF_WILD_TYPE: {"ras_status": "wild_type", "braf_v600e": False, "msi_high_or_dmmr": False},
    Profile.RAS_WILD_TYPE_BRAF_UNKNOWN: {
        "ras_status": "wild_type",
        "braf_v600e": None,
        "msi_high_or_dmmr": False,
    },
    Profile.RAS_MUTANT: {"ras_status": "kras_mutant", "braf_v600e": False, "msi_high_or_dmmr": False},
    Profile.BRAF_V600E: {"ras_status": "wild_type", "braf_v600e": True, "msi_high_or_dmmr": False},
    Profile.DMMR: {"ras_status": "wild_type", "braf_v600e": False, "msi_high_or_dmmr": True},
}


def representative_patient(profile: Profile, setting: Setting) -> Scenario:
    """A patient of this molecular profile in this setting (fit, normal liver, largest lesion 3 cm)."""
    return Scenario.model_validate(
        {"largest_lesion_cm": 3.0, **_SETTING_PATIENT[setting], **_PROFILE_TUMOUR[profile]}
    )


@dataclass(frozen=True)
class Cell:
    """One profile in one setting, as the walkthrough's regimen step sees it."""

    profile: Profile
    setting: Setting
    strategy: Strategy
    flags: frozenset[str]  # the step's flags among MATRIX_FLAGS
    finding: str
    reasoning: str
    evidence_ids: tuple[str, ...]

    @property
    def items(self) -> tuple[str, ...]:
        """What the cell says, flag by flag, with what the absence of any option means."""
        first = "immunotherapy_preferred" in self.flags
        items = [
            self._option(code, option_labels((code,), self.strategy, pembrolizumab_first=first)[0])
            for code in MATRIX_OPTIONS
            if code in self.flags
        ]
        items += [text for code, text in MATRIX_NOTES.items() if code in self.flags]
        if not self.flags & OPTION_FLAGS:
            items.append(NO_BIOLOGIC)
        elif not self.flags & {
            "anti_egfr_option",
            "test_braf_before_anti_egfr",
            "anti_egfr_not_for_resectable",
        }:
            items.append(NO_ANTI_EGFR)
        return tuple(items)

    @staticmethod
    def _option(code: str, label: str) -> str:
        """An option as the walkthrough labels it; 'an option' unless the label already says 'first'."""
        return label if code == "immunotherapy_preferred" else f"{label}: an option"

    @property
    def text(self) -> str:
        return "; ".join(self.items)


def cell(profile: Profile, setting: Setting) -> Cell:
    strategy = SETTING_STRATEGY[setting]
    step = steps.regimen(representative_patient(profile, setting), strategy)
    return Cell(
        profile=profile,
        setting=setting,
        strategy=strategy,
        flags=frozenset(step.flags) & frozenset(MATRIX_FLAGS),
        finding=step.finding,
        reasoning=step.reasoning,
        evidence_ids=step.evidence_ids,
    )


def matrix() -> tuple[Cell, ...]:
    """Every cell, profile by profile, settings in order."""
    return tuple(cell(profile, setting) for profile in Profile for setting in Setting)


PROFILE = "Molecular profile"


def matrix_rows() -> list[dict[str, str]]:
    """The matrix as table rows: one per profile, one column per setting (SETTING_SHORT)."""
    rows: dict[Profile, dict[str, str]] = {p: {PROFILE: PROFILE_LABELS[p]} for p in Profile}
    for c in matrix():
        rows[c.profile][SETTING_SHORT[c.setting]] = c.text
    return list(rows.values())


def matrix_columns() -> dict[str, str]:
    return {PROFILE: PROFILE, **{SETTING_SHORT[s]: SETTING_SHORT[s] for s in Setting}}


# Where the review is silent on the matrix's choices, and what the walkthrough does there: (topic, text), our
# words, listed under the matrix.
REVIEW_SILENT: tuple[tuple[str, str], ...] = (
    (
        "BRAF-mutant (the V600E group here)",
        "the review says BRAF status now counts when choosing chemotherapy, but names no regimen or drug for "
        "it; the walkthrough offers no anti-EGFR antibody without BRAF known to be wild-type.",
    ),
    (
        "Resectable dMMR or MSI-H disease",
        "immunotherapy before surgery is little studied; the review calls early results promising but gives "
        "no rule, so the walkthrough keeps chemotherapy here.",
    ),
    (
        "How long before surgery to stop an anti-EGFR antibody",
        "the review gives a safe interval for bevacizumab only.",
    ),
    (
        "The side of the primary tumour",
        "the review does not discuss it, though it bears on the choice between an anti-EGFR antibody and "
        "bevacizumab; the walkthrough names this as a gap for the team.",
    ),
)

# The evidence under the matrix, by biologic.
ANTI_EGFR_IDS: tuple[str, ...] = (
    "biologics-egfr-not-for-resectable",
    "biologics-new-epoc-os",
    "biologics-new-epoc-pfs",
)
ANTI_EGFR_MORE_IDS: tuple[str, ...] = (  # COIN, New EPOC's design, and the KRAS wild-type trials
    "biologics-targeted-agents",
    "biologics-coin",
    "biologics-new-epoc-design",
    "biologics-kras-egfr-benefit",
    "biologics-panitumumab-folfox",
)
BEVACIZUMAB_IDS: tuple[str, ...] = ("biologics-bevacizumab-vegf", "biologics-become-resection-response")
BEVACIZUMAB_MORE_IDS: tuple[str, ...] = (  # BECOME's survival, and the trials still running
    "biologics-become-survival",
    "biologics-bevacizumab-ongoing-trials",
    "biologics-perimax",
    "biologics-charta",
)
BEVACIZUMAB_SAFETY_ID = "biologics-bevacizumab-preop-safety"  # the interval from the last dose to surgery
BEVACIZUMAB_STOP_IDS: tuple[str, ...] = (BEVACIZUMAB_SAFETY_ID, "biologics-bevacizumab-last-cycle-omitted")
IMMUNOTHERAPY_IDS: tuple[str, ...] = (
    "immunotherapy-checkpoint-inhibitors-msi",
    "immunotherapy-pembrolizumab-vs-chemotherapy",
)


# --- Backbone regimens and liver injury ------------------------------------------------------------------

# Each backbone's drugs, as the NCCN list in the review names them (regimens-nccn-listed); XELOX in the text
# is CAPOX in Table 2 and Figure 2 (caveat 11).
BACKBONES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("FOLFOX", ("fluorouracil", "leucovorin", "oxaliplatin")),
    ("CAPOX (XELOX)", ("capecitabine", "oxaliplatin")),
    ("FOLFIRI", ("fluorouracil", "leucovorin", "irinotecan")),
    ("FOLFOXIRI", ("fluorouracil", "leucovorin", "oxaliplatin", "irinotecan")),
)
BACKBONES_EVIDENCE = ("regimens-nccn-listed",)
NCCN_REGIMENS_ID = "table-2-nccn-regimens"  # NCCN's single agents before resection of metachronous disease
BACKBONE_IDS: tuple[str, ...] = (
    "regimens-first-line-backbone",
    "regimens-nccn-listed",
    "regimens-choice-factors",
    "regimens-folfoxiri-response",
)
TRIPLET_IDS: tuple[str, ...] = ("unresectable-folfoxiri-vs-folfiri", "table-2-ihpba-regimens")  # conversion


@dataclass(frozen=True)
class LiverInjury:
    """One agent's injury to the liver, as the review's rationale section describes it (our words)."""

    agent: str
    injury: str
    consequence: str
    evidence_id: str


LIVER_INJURY: tuple[LiverInjury, ...] = (
    LiverInjury(
        "fluorouracil",
        "steatosis (fatty liver)",
        "usually thought clinically unimportant",
        "rationale-hepatotoxicity-5fu-steatosis",
    ),
    LiverInjury(
        "oxaliplatin",
        "sinusoidal injury",
        "does not usually add postoperative deaths, unless severe enough to cause portal hypertension",
        "rationale-oxaliplatin-sinusoidal-injury",
    ),
    LiverInjury(
        "irinotecan",
        "steatohepatitis",
        "clinically significant: in retrospective studies, more liver insufficiency and deaths after surgery",
        "rationale-irinotecan-steatohepatitis",
    ),
)


def _agents_in(drugs: tuple[str, ...]) -> str:
    injuries = {i.agent: i.injury for i in LIVER_INJURY}
    # capecitabine is an oral fluoropyrimidine: the review names no injury for it, so none is claimed
    return "; ".join(f"{drug}: {injuries[drug]}" for drug in drugs if drug in injuries)


# The Liver injury tab's evidence after the drug cards: the remnant an injured liver needs, then longer
# courses.
REMNANT_IDS: tuple[str, ...] = (
    "flr-threshold-normal-liver",
    "flr-higher-threshold-after-nct",
    "flr-threshold-injured-liver",
)
NINE_CYCLES_ID = "timing-folfox-9-cycles"
LONGER_COURSE_IDS: tuple[str, ...] = (NINE_CYCLES_ID, "timing-hepatic-atrophy", "flr-pve-atrophy-after-nct")
COMPLICATIONS_DEBATE_IDS: tuple[str, ...] = (  # does chemotherapy before surgery add complications?
    "rationale-eortc-40983-complications",
    "rationale-nsqip-no-difference",
)
# Chemotherapy before surgery: why it is still debated (a collapsed list above the tabs).
NCT_DEBATE_IDS: tuple[str, ...] = (
    "abstract-nct-role-and-controversy",
    "introduction-nct-controversial",
    "rationale-nct-solid-tumours",
    "resectable-pancreatic-analogy",
    "conclusion-nct-resectable-controversial",
    "guidelines-perioperative-not-established",
    "unresectable-decision-straightforward",
    "conclusion-personalised-therapy-outlook",
    "conclusion-future-research",
)


def backbone_rows() -> list[dict[str, str]]:
    return [
        {"regimen": name, "drugs": ", ".join(drugs), "injury": _agents_in(drugs)} for name, drugs in BACKBONES
    ]


def liver_injury_rows(catalog: Catalog) -> list[dict[str, str]]:
    """Each drug's injury with its record's citation (``citation_text``), as the marker table's: a record id
    in the table was for finding it, not a reference a reader can follow (the cards below keep the ids)."""
    return [
        {
            "agent": i.agent,
            "injury": i.injury,
            "consequence": i.consequence,
            "source": citation_text(catalog.get(i.evidence_id).refs),
        }
        for i in LIVER_INJURY
    ]


# --- Molecular markers -------------------------------------------------------------------------------------

# (marker, measure, record, label for the mutant group, label for the wild-type group); a blank label: the
# review gives no figure for that group. Labels name each group, so the KRAS DSS pair (written in wild-type-
# first order by the review, caveat 4) reads right.
MARKER_FIGURES: tuple[tuple[str, str, str, str, str], ...] = (
    ("KRAS", "Prevalence in CRLM", "risk-scores-kras-prevalence", "KRAS mutation prevalence in CRLM", ""),
    ("KRAS", "Hazard ratio, RFS", "risk-scores-kras-hr", "hazard ratio for RFS, KRAS mutant", ""),
    ("KRAS", "Hazard ratio, OS", "risk-scores-kras-hr", "hazard ratio for OS, KRAS mutant", ""),
    (
        "KRAS",
        "Radiographic response, FOLFOX4 + bevacizumab",
        "risk-scores-kras-response-folfox4-bevacizumab",
        "radiographic response, KRAS mutant",
        "radiographic response, KRAS wild-type",
    ),
    (
        "KRAS",
        "Pathologic response, FOLFOX4 + bevacizumab",
        "risk-scores-kras-response-folfox4-bevacizumab",
        "pathologic response, KRAS mutant",
        "pathologic response, KRAS wild-type",
    ),
    (
        "KRAS",
        "5-year DSS after surgery",
        "risk-scores-kras-dss",
        "5-year DSS, KRAS mutant",
        "5-year DSS, KRAS wild-type",
    ),
    ("BRAF V600E", "Prevalence in CRC", "risk-scores-braf-prevalence", "BRAF V600E prevalence in CRC", ""),
    # the review's RFS sentence [64] says "BRAF mutation"; only its prevalence sentence [63] names V600E
    (
        "BRAF mutant",
        "RFS",
        "risk-scores-rfs-by-mutation",
        "RFS, BRAF mutant",
        "RFS, KRAS and BRAF wild-type",
    ),
    ("KRAS", "RFS", "risk-scores-rfs-by-mutation", "RFS, KRAS mutant", "RFS, KRAS and BRAF wild-type"),
)
MARKER_RECORDS = tuple(dict.fromkeys(record for _, _, record, _, _ in MARKER_FIGURES))
MARKER_SCORE_IDS: tuple[str, ...] = ("risk-scores-ras-based-scores", "risk-scores-molecular-markers-future")


def marker_rows(catalog: Catalog) -> list[dict[str, str]]:
    """The molecular-marker figures, each displayed from its record; blank where the review gives none."""
    rows = []
    for marker, measure, record_id, mutant, wild_type in MARKER_FIGURES:
        record = catalog.get(record_id)
        rows.append(
            {
                "marker": marker,
                "measure": measure,
                "mutant": record.value(mutant).display() if mutant else "",
                "wild_type": record.value(wild_type).display() if wild_type else "",
                "source": citation_text(record.refs),
                "record": record_id,
            }
        )
    return rows
