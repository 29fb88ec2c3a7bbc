"""The case library: every case loads, agrees with the decision engine, cites records that exist and links
to its tools with parameters those pages accept; a broken case is refused with a ContentError naming its file.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from crlm_content import ContentError, get_catalog
from crlm_content.cases import (
    Case,
    Stage,
    answer_key,
    engine_disagreements,
    finished_line,
    load_cases,
    skipped_notice,
    skipped_stages,
    walkthrough_params,
)
from crlm_content.decision import Strategy, scenario_query_fields
from crlm_content.urlstate import parse_all

from ..conftest import ROOT

DATA = ROOT / "data"
CASES = DATA / "cases"
REVIEW_CASES = {"review-figure-1": "figure-1-", "review-figure-2": "figure-2-"}


# The URL fields of the calculator pages (app_pages/<page>.py FIELDS), kept here so the test needs no
# streamlit; test_page_fields_match_the_pages checks the keys against the pages' source.
@pytest.fixture(scope="module")
def cases() -> tuple[Case, ...]:
    return load_cases(get_catalog(), DATA)


def test_the_library_has_at_least_13_cases_with_both_review_patients(cases: tuple[Case, ...]) -> None:
    assert len(cases) >= 13
    by_key = {case.key: case for case in cases}
    for key, prefix in REVIEW_CASES.items():
        assert key in by_key, f"missing the review's patient {key}"
        case = by_key[key]
        assert case.source == "review"
        assert case.evidence_ids and all(eid.startswith(prefix) for eid in case.evidence_ids)
    assert all(case.source == "written" for case in cases if case.key not in REVIEW_CASES)


def test_every_case_agrees_with_the_engine(cases: tuple[Case, ...]) -> None:
    problems = {case.key: engine_disagreements(case) for case in cases}
    assert {key: found for key, found in problems.items() if found} == {}


def test_every_case_has_three_stages_and_a_checked_strategy(cases: tuple[Case, ...]) -> None:
    for case in cases:
        assert len(case.stages) >= 3, case.key
        taught = [stage for stage in case.stages if stage.taught_strategy is not None]
        assert taught, case.key
        assert all(stage.scenario is not None for stage in taught), case.key
        for stage in case.stages:
            if stage.question is not None:
                assert 3 <= len(stage.options) <= 4, (case.key, stage.key)


# The one stage after chemotherapy whose text says nothing of the response (the referral's remnant is its
# point): the walkthrough then adds "only if restaging shows no progression", as it should.
# (the BRAF stage: one cycle given, not yet restaged)
RESPONSE_NOT_STATED = {
    ("remnant-after-chemotherapy", "referral"),
    ("ras-wild-type-braf-pending", "braf-result"),
}


def test_every_stage_after_chemotherapy_says_whether_the_disease_progressed(cases: tuple[Case, ...]) -> None:
    """Each such stage describes shrinking or converted disease, but left the walkthrough's new answer unset,
    so its "open this patient in the walkthrough" plan hedged on a progression the case had ruled out."""
    unstated = {
        (case.key, stage.key)
        for case in cases
        for stage in case.stages
        if stage.scenario is not None
        and stage.scenario.chemotherapy_given
        and stage.scenario.progression_on_chemotherapy is None
    }
    assert unstated == RESPONSE_NOT_STATED


def test_every_walkthrough_preset_after_chemotherapy_says_whether_the_disease_progressed() -> None:
    """The preset "Four lesions after 12 weeks of FOLFOX and bevacizumab" has shrunk, yet its plan hedged
    ("only if restaging shows no progression"). The one preset silent on its response is named here."""
    from crlm_content.decision import load_presets

    unstated = {
        preset.key
        for preset in load_presets(get_catalog())
        if preset.scenario.chemotherapy_given and preset.scenario.progression_on_chemotherapy is None
    }
    assert unstated == {"bilobar-small-remnant"}  # its description says nothing of the response


def test_every_evidence_id_exists(cases: tuple[Case, ...]) -> None:
    known = get_catalog().evidence_by_id
    missing = [
        (case.key, stage.key, eid)
        for case in cases
        for stage in case.stages
        for eid in stage.evidence_ids
        if eid not in known
    ]
    missing += [(case.key, "", eid) for case in cases for eid in case.evidence_ids if eid not in known]
    assert missing == []


def test_no_two_cases_share_a_title(cases: tuple[Case, ...]) -> None:
    titles = [case.title.casefold() for case in cases]
    assert len(set(titles)) == len(titles)


def test_every_case_key_is_its_file_name() -> None:
    for path in sorted(CASES.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert raw["key"] == path.stem


def test_walkthrough_links_parse(cases: tuple[Case, ...]) -> None:
    fields = scenario_query_fields()
    links = 0
    for case in cases:
        for stage in case.stages:
            if stage.tool is None or stage.tool.page != "walkthrough":
                continue
            links += 1
            assert stage.scenario is not None, (case.key, stage.key, "a walkthrough link needs a scenario")
            assert stage.tool.params == {}, (case.key, stage.key, "the page fills the stage's scenario")
            params = walkthrough_params(stage.scenario)
            values, problems = parse_all(fields, {key: [text] for key, text in params.items()})
            assert problems == [], (case.key, stage.key, problems)
            assert set(values) == set(params)
    assert links >= 10


# The calculator links of the cases are opened on their real pages in tests/app/test_cases.py (a copy of the
# pages' fields kept here drifted from them).


# --- Broken cases are refused -------------------------------------------------------------------------------


@pytest.fixture
def data_folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _break(folder: Path, key: str, edit: Callable[[dict[str, object]], None], name: str | None = None) -> str:
    """Write a changed copy of case ``key`` as ``cases/<name>.yaml``; returns the file's name."""
    raw = yaml.safe_load((CASES / f"{key}.yaml").read_text(encoding="utf-8"))
    edit(raw)
    file_name = f"{name or key}.yaml"
    (folder / "cases" / file_name).write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return file_name


def _stage(raw: dict[str, object], key: str) -> dict[str, object]:
    stages = raw["stages"]
    assert isinstance(stages, list)
    stage = next(s for s in stages if s["key"] == key)
    assert isinstance(stage, dict)
    return stage


def _options(raw: dict[str, object], key: str) -> list[dict[str, object]]:
    options = _stage(raw, key)["options"]
    assert isinstance(options, list)
    return options


def _teach_upfront(raw: dict[str, object]) -> None:
    for option in _options(raw, "plan"):
        option["correct"] = option.get("strategy") == "upfront_resection"


def _unknown_evidence(raw: dict[str, object]) -> None:
    _stage(raw, "plan")["evidence_ids"] = ["table-2-esmo-resectable", "no-such-record"]


def _no_correct_option(raw: dict[str, object]) -> None:
    for option in _options(raw, "regimen"):
        option["correct"] = False


@pytest.mark.parametrize(
    ("edit", "name", "problem"),
    [
        (_teach_upfront, None, "the engine gives perioperative_chemotherapy"),
        (_unknown_evidence, None, "unknown evidence id 'no-such-record'"),
        (_no_correct_option, None, "no option is marked correct"),
        (lambda raw: None, "renamed-case", "the key must be the file name"),
    ],
    ids=["wrong-strategy", "unknown-evidence", "no-correct-option", "key-not-file-name"],
)
def test_a_broken_case_is_refused_naming_its_file(
    data_folder: Path, edit: Callable[[dict[str, object]], None], name: str | None, problem: str
) -> None:
    file_name = _break(data_folder, "early-recurrence-high-cea", edit, name)
    with pytest.raises(ContentError) as raised:
        load_cases(get_catalog(), data_folder)
    assert raised.value.file == f"data/cases/{file_name}"
    assert problem in str(raised.value)


def test_the_unbroken_copy_loads(data_folder: Path) -> None:
    assert len(load_cases(get_catalog(), data_folder)) == len(list(CASES.glob("*.yaml")))


def test_a_stage_may_accept_two_plans_if_the_engine_s_is_one_of_them(cases: tuple[Case, ...]) -> None:
    """small-deep-lesion: chemotherapy first with a marker, or surgery first for the highest DLM risk
    [80,85]; both are defensible, and the engine's plan (perioperative) must stay among the accepted ones."""
    case = next(case for case in cases if case.key == "small-deep-lesion")
    stage = case.stage("plan")
    assert stage.multiple
    assert set(stage.taught_strategies) == {Strategy.PERIOPERATIVE_CHEMOTHERAPY, Strategy.UPFRONT_RESECTION}
    assert engine_disagreements(case) == []
    options = tuple(
        option.model_copy(update={"correct": option.strategy is Strategy.UPFRONT_RESECTION})
        for option in stage.options
    )
    only_upfront = stage.model_copy(update={"options": options, "multiple": False})
    changed = case.model_copy(
        update={"stages": tuple(only_upfront if s.key == "plan" else s for s in case.stages)}
    )
    assert engine_disagreements(changed) == [
        "stage 'plan' teaches upfront_resection but the engine gives perioperative_chemotherapy"
    ]


def test_no_case_defines_extensive_chemotherapy_as_twelve_weeks() -> None:
    """The review gives 'more than 30% after extensive chemotherapy' and links more than 12 weeks to
    complications, but never says 12 weeks is extensive (the walkthrough names that as a gap). A sentence
    tying 12 weeks to the 30% threshold states the app's reading as the review's."""
    offending = []
    for path in sorted(CASES.glob("*.yaml")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        for sentence in re.split(r"(?<=[.;])\s+", text):
            if "12 weeks" in sentence and "30%" in sentence:
                offending.append(f"{path.name}: {sentence}")
    assert not offending, offending


def test_a_stage_that_asks_for_a_calculators_result_names_its_primary_source() -> None:
    """Fong's items and RECIST's cut-offs are defined by their primary sources, not by the review's records
    (which cite none of them): a stage asking for them carries the definition its reveal shows."""
    asks = {"Fong": ("fong_score", "Fong Y"), "RECIST": ("recist", "Eisenhauer")}
    seen = set()
    for case in load_cases(get_catalog()):
        for stage in case.stages:
            for word, (tool, author) in asks.items():
                if stage.question and word in stage.question:
                    seen.add(tool)
                    assert stage.definition == tool, (case.key, stage.key)
                    assert author in (stage.definition_source or ""), (case.key, stage.key)
    assert seen == {"fong_score", "recist"}


def test_a_single_answer_wrong_option_called_defensible_is_wrong_only_against_the_review() -> None:
    """A stage asked "What should the board recommend?" with one key, while a wrong option's feedback called
    it defensible under two guidelines: two defensible answers, one graded wrong. Such a stage either accepts
    both (``multiple``) or asks what the review's summary points to."""
    offending = []
    for case in load_cases(get_catalog()):
        for stage in case.stages:
            wrong = [o for o in stage.options if not o.correct and "defensible" in o.feedback.casefold()]
            if wrong and not stage.multiple and "review" not in (stage.question or ""):
                offending.append((case.key, stage.key))
    assert not offending


def test_the_high_risk_cut_off_in_a_case_is_called_a_convention() -> None:
    """Fong's 3 or more is the usual grouping, not a rule the review gives (calculator definitions)."""
    offending = []
    for case in load_cases(get_catalog()):
        for stage in case.stages:
            text = " ".join(
                [stage.known, stage.question or "", stage.reveal, *(o.text for o in stage.options)]
            )
            if re.search(r"score (reaches|of) 3\b", text) and "convention" not in text:
                offending.append((case.key, stage.key))
    assert not offending


def test_a_link_past_unanswered_questions_names_them_and_does_not_score_them(cases: tuple[Case, ...]) -> None:
    """A fresh page opened at ``?stage=4`` has answered nothing: the questions it passed are named, and the
    finished case scores only the answers given in this session."""
    case = next(c for c in cases if c.key == "review-figure-1")
    keys = [answer_key(case, stage) for stage in case.stages]
    assert skipped_stages(case, 1, {}) == ()
    assert skipped_stages(case, 4, {}) == (1, 2, 3)
    assert skipped_stages(case, 4, {keys[0]: (0,)}) == (2, 3)
    assert skipped_stages(case, 4, dict.fromkeys(keys[:3], (0,))) == ()
    assert skipped_notice(4, (1, 2, 3)).startswith(
        "This link opened the case at stage 4. Stages 1 to 3 were not answered in this browser: each shows"
    )
    assert skipped_notice(2, (1,)).startswith("This link opened the case at stage 2. Stage 1 was not")
    assert "Stages 1 and 3 were" in skipped_notice(4, (1, 3))
    right = {
        answer_key(case, s): tuple(i for i, o in enumerate(s.options) if o.correct)
        for s in case.stages
        if s.question
    }
    assert finished_line(case, right) == "Case finished: 3 of 3 answers matched the board's."
    nothing = "Case finished: 3 questions were not answered here, so there is no score."
    assert finished_line(case, {}) == nothing
    one = {keys[2]: right[keys[2]]}
    assert finished_line(case, one) == (
        "Case finished: the one answer given here matched the board's (2 questions were not answered here)."
    )
    two = {keys[1]: right[keys[1]], keys[2]: (3,)}
    assert finished_line(case, two) == (
        "Case finished: 1 of the 2 answers given here matched the board's (1 question was not answered here)."
    )


def _stage_sentences(stage: Stage) -> list[str]:
    """The stage's reasoning as the reader meets it after answering: the reveal and each option's feedback."""
    text = " ".join([stage.reveal, *(o.feedback for o in stage.options)])
    return [s for s in re.split(r"(?<=[.?])\s+", text) if s.strip()]


def test_a_case_calling_mri_the_restaging_test_after_chemotherapy_cites_the_meta_analysis(
    cases: tuple[Case, ...],
) -> None:
    """Two stages said MRI is the better (or right) restaging test after chemotherapy citing only
    PROMETEO-01's CT figure after chemotherapy [69], a record that says nothing of MRI. The claim is the [71]
    meta-analysis': its records are cited wherever it is made."""
    catalog = get_catalog()
    meta_analysis = (
        "imaging-meta-analysis-authors-conclusions",
        "imaging-meta-analysis-preoperative-sensitivity",
    )
    for record_id in meta_analysis:  # the premise: these records hold MRI after neoadjuvant chemotherapy
        record = catalog.get(record_id)
        assert (
            71 in record.refs and "MRI" in record.statement and "neoadjuvant chemotherapy" in record.statement
        )
    assert "MRI" not in catalog.get("imaging-prometeo-ct-after-nct").statement
    claims = [
        (case.key, stage.key, stage.evidence_ids)
        for case in cases
        for stage in case.stages
        if any(
            re.search(r"\bMRI is the (better|best|right|most suitable)\b", s) and "chemotherapy" in s
            for s in _stage_sentences(stage)
        )
    ]
    assert claims
    assert [(c, s) for c, s, ids in claims if not set(meta_analysis) <= set(ids)] == []


def test_the_kras_response_figures_are_told_as_one_study_of_folfox4_with_bevacizumab(
    cases: tuple[Case, ...],
) -> None:
    """liver-and-lung-metastases read its patient's little shrinkage on FOLFOX as "what a KRAS mutation
    predicts", from the figures of one study of FOLFOX4 plus bevacizumab [61]. A stage giving those figures
    says they are one study's, of that regimen, and, for a patient not given bevacizumab, that the review
    has no figure for what was given."""
    record = get_catalog().get("risk-scores-kras-response-folfox4-bevacizumab")
    figures = [f"{value.value:g}%" for value in record.values]
    told = 0
    for case in cases:
        known = ""
        for stage in case.stages:
            known += " " + stage.known
            if record.id not in stage.evidence_ids or not any(f in stage.reveal for f in figures):
                continue
            told += 1
            assert "one study" in stage.reveal and "FOLFOX4 plus bevacizumab" in stage.reveal, case.key
            if "bevacizumab" not in known:
                assert "gives no figure" in stage.reveal, case.key
    assert told


def test_no_case_says_the_review_links_a_bevacizumab_interval_with_harm(cases: tuple[Case, ...]) -> None:
    """bevacizumab-surgery-date put 3 weeks after the last dose "inside both intervals the review links with
    harm". The review links harm to under 4 weeks from chemotherapy [53]; for bevacizumab it reports safety
    at 5 weeks or more [35-41] and says nothing of harm below it. A sentence linking an interval with harm
    or complications names neither bevacizumab nor intervals in the plural."""
    links = re.compile(r"\b(links?|linked)\b[^.]*\b(harm|complications)\b")
    wrong = [
        (case.key, stage.key, s)
        for case in cases
        for stage in case.stages
        for s in _stage_sentences(stage)
        if links.search(s) and re.search(r"bevacizumab|\bintervals\b", s, re.IGNORECASE)
    ]
    assert wrong == []


# a stage's text that says chemotherapy was given: "one cycle of FOLFOX", "Six cycles", "after 16 weeks"
GIVEN = re.compile(r"\b(?:cycles?|after \d+ weeks)\b", re.IGNORECASE)


def test_a_stage_that_says_chemotherapy_was_given_opens_a_patient_who_had_it(cases: tuple[Case, ...]) -> None:
    """'She has had one cycle of FOLFOX' opened a walkthrough patient with no chemotherapy given, whose
    Regimen step then left out the course already given."""
    said = [
        (case.key, stage.key, stage.scenario.prior_chemotherapy_weeks)
        for case in cases
        for stage in case.stages
        if stage.scenario is not None and GIVEN.search(stage.known or "")
    ]
    assert len(said) >= 7  # the stages whose text the pattern reads
    assert [s for s in said if s[2] is None] == []
