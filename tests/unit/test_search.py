"""The evidence search: normal form, whole numbers, units, stopwords, synonyms, ranking, suggestions.

Expected records were chosen by reading data/evidence/*.yaml (the ids below), never from the search's output.
"""

from __future__ import annotations

import pytest

from crlm_content import get_catalog, load_catalog
from crlm_content import search as search_module
from crlm_content import textsearch as textsearch_module
from crlm_content.catalog import Catalog
from crlm_content.search import (
    EvidenceFilter,
    closest_matches,
    filter_evidence,
    reference_entries,
    reference_rows,
    suggestions,
)
from crlm_content.textsearch import (
    Field,
    close_terms,
    fold_spelling,
    fold_word,
    glossary_names,
    linked_forms,
    name_terms,
    normalise,
    parse_query,
    scan,
)

from ..conftest import FIXTURES


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return get_catalog()


def ids(catalog: Catalog, text: str, **filters: object) -> list[str]:
    return [r.id for r in filter_evidence(catalog, EvidenceFilter(text=text, **filters))]  # type: ignore[arg-type]


# --- the normal form -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("≥ 20%", ">= 20%"),
        ("≤7.5", "<=7.5"),
        ("CT → MRI", "ct -> mri"),
        ("7–37%", "7-37%"),  # en dash
        ("20 per cent", "20 %"),
        ("20 percent", "20 %"),
        ("9.2 percentage points", "9.2 percentage points"),  # not a per cent sign
        ("Asociación Española", "asociacion espanola"),
        ("148 000 new cases", "148000 new cases"),
        ("2,643 patients", "2643 patients"),
        ("[28, 29]", "[28, 29]"),  # a list, not a digit group
    ],
)
def test_normalise(text: str, normal: str) -> None:
    assert normalise(text) == normal


@pytest.mark.parametrize(
    ("word", "folded"),
    [("weeks", "week"), ("therapies", "therapy"), ("metastases", "metastasis"), ("metastasis", "metastasis")],
)
def test_fold_word(word: str, folded: str) -> None:
    assert fold_word(word) == folded


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("1-mm", ("#1 mm",)),
        ("1mm", ("#1 mm",)),
        ("1 mm", ("#1 mm",)),
        ("5-weeks", ("#5 week",)),
        ("5 wks", ("#5 week",)),
        ("3 mos", ("#3 month",)),
        ("2 yrs", ("#2 year",)),
        ("20 percent", ("#20 %",)),
        ("≥ 7.5%", (">=#7.5 %",)),
        (">=20%", (">=#20 %",)),
        ("FLR ≥ 20%", ("flr", ">=#20 %")),
        ("P = 0.030", ("p", "=#0.03")),  # trailing decimal zeros do not count
        ("table 2", ("table", "#2")),
        ("≥", ("@>=",)),
    ],
)
def test_query_terms(query: str, terms: tuple[str, ...]) -> None:
    assert scan(query).terms == terms


def test_a_range_gives_both_ends_its_unit() -> None:
    keys = scan("in 7-37% of patients").keys
    assert {"#7", "#7 %", "#37", "#37 %"} <= keys


def test_numbers_match_whole_numbers_only() -> None:
    field = Field.of(["a CEA fall of 7.5% in 15 patients, 0.5 mm"])
    assert field.match("#5") is None  # not inside 7.5, 15 or 0.5
    assert field.match("#7.5") is not None
    assert field.match("#7.5 %") is not None
    assert field.match("#15") is not None
    assert field.match("#15 %") is None  # 15 is patients, not per cent
    assert field.match(">=#7.5 %") is None  # no comparator in the text


def test_short_words_match_whole_words_longer_ones_inside_words() -> None:
    field = Field.of(["A higher dose of mFOLFOX6 before recurrence"])
    assert field.match("os") is None  # not inside "dose"
    assert field.match("dose") is not None
    assert field.match("folfox") is not None  # inside mFOLFOX6
    assert field.match("recur") is not None  # inside recurrence


def test_stopwords_do_not_block_unless_alone() -> None:
    assert parse_query("the bevacizumab of").terms == (("bevacizumab",),)
    assert parse_query("the").terms == (("the",),)


def test_a_synonym_widens_a_word() -> None:
    (stop,) = parse_query("stopped").terms
    assert stop[0] == "stopped" and {"omit", "drop", "interval"} <= set(stop)


def test_the_fixture_search_keeps_its_old_answers() -> None:
    catalog = load_catalog(FIXTURES / "minimal_data")
    assert ids(catalog, "FIDUCIAL markers") == ["dlm-fiducial"]
    assert ids(catalog, "fiducial vanish") == []
    assert ids(catalog, "7-37%") == ["dlm-incidence"]
    # the section title ("Disappearing liver metastases") is searched: both records of the dlm section
    assert ids(catalog, "disappearing") == ["dlm-incidence", "dlm-fiducial"]
    # the glossary's definition is not searched, its expansion is (for records naming DLM): only "no longer
    # visible" in the definition
    assert ids(catalog, "visible") == []


# --- the review's records: queries a phone review found nothing for --------------------------------------

FLR_20 = ["flr-threshold-normal-liver", "flr-threshold-injured-liver"]  # ">= 20%": the value, then a note


@pytest.mark.parametrize("query", ["≥ 20%", ">=20%", ">= 20%", "FLR ≥ 20%", "20 percent", "20 per cent"])
def test_flr_twenty_percent(catalog: Catalog, query: str) -> None:
    assert ids(catalog, query) == FLR_20  # the threshold's own record first: its figure is ">= 20%"


@pytest.mark.parametrize("query", ["≥ 7.5%", ">=7.5%", "7.5%", "7.5", "CEA 7.5"])
def test_cea_seven_and_a_half(catalog: Catalog, query: str) -> None:
    assert ids(catalog, query) == ["cea-decline-cutoff"]


@pytest.mark.parametrize("query", ["1-mm", "1mm", "1 mm"])
def test_one_millimetre(catalog: Catalog, query: str) -> None:
    # ">= 1 mm" (margins-submillimetre) before "1-10 mm", where 1 mm is only a range's start
    assert ids(catalog, query) == ["margins-submillimetre", "margins-1-to-10-mm-no-benefit"]


@pytest.mark.parametrize("query", ["5 weeks", "5-weeks", "5 wks", "5 week", "≥ 5 weeks"])
def test_five_weeks(catalog: Catalog, query: str) -> None:
    assert ids(catalog, query) == ["biologics-bevacizumab-preop-safety"]


def test_six_weeks_is_in_no_record(catalog: Catalog) -> None:
    assert ids(catalog, "6 weeks") == []  # "6" used to match inside 16 and 26, "weeks" anywhere


def test_bevacizumab_stop_finds_the_interval_before_surgery(catalog: Catalog) -> None:
    found = ids(catalog, "bevacizumab stop")
    assert set(found) == {"biologics-bevacizumab-preop-safety", "biologics-bevacizumab-last-cycle-omitted"}


def test_disappearing_metastases_recur(catalog: Catalog) -> None:
    # records naming DLM (glossary: disappearing liver metastases) that speak of recurrence
    assert set(ids(catalog, "disappearing metastases recur")) == {
        "dlm-residual-disease-after-complete-response",
        "dlm-intrahepatic-rfs",
        "figure-2-recurrence",
        "monitoring-complete-response-viable-tumour",
    }


def test_table_2_rows_come_first(catalog: Catalog) -> None:
    table_2 = [r.id for r in catalog.evidence if r.section == "table_2"]
    found = ids(catalog, "table 2")
    assert found[: len(table_2)] == table_2  # the phrase in the section title; file order among them
    assert len(table_2) < 40  # so the phone's list of 40 shows them all


def test_ranking_is_deterministic_and_filters_still_apply(catalog: Catalog) -> None:
    assert ids(catalog, "bevacizumab") == ids(catalog, "BEVACIZUMAB")
    assert ids(catalog, "table 2", sections=frozenset({"abstract"})) == ["abstract-guideline-summary"]


def test_no_text_keeps_file_order(catalog: Catalog) -> None:
    assert ids(catalog, "") == [r.id for r in catalog.evidence]


# --- suggestions ------------------------------------------------------------------------------------------


def test_a_typo_gets_close_terms(catalog: Catalog) -> None:
    assert suggestions(catalog, EvidenceFilter(text="FRL"))[0] == "FLR"
    assert suggestions(catalog, EvidenceFilter(text="newepoc"))[0] == "New EPOC"
    # one word of several replaced, the rest kept
    assert "FLR ≥ 20%" in suggestions(catalog, EvidenceFilter(text="FRL ≥ 20%"))


def test_suggestions_only_when_nothing_is_found_and_only_searches_that_find(catalog: Catalog) -> None:
    assert suggestions(catalog, EvidenceFilter(text="FLR")) == ()
    assert suggestions(catalog, EvidenceFilter(text="")) == ()
    for text in suggestions(catalog, EvidenceFilter(text="newepoc")):
        assert filter_evidence(catalog, EvidenceFilter(text=text))


def test_no_brand_name_is_invented(catalog: Catalog) -> None:
    # the glossary lists no brand names for bevacizumab: "avastin" finds nothing and is not turned into it
    assert ids(catalog, "avastin") == []
    assert "bevacizumab" not in [s.casefold() for s in suggestions(catalog, EvidenceFilter(text="avastin"))]


# --- references for the phone's list and the References tab ---------------------------------------------


def test_reference_entries(catalog: Catalog) -> None:
    fixture = load_catalog(FIXTURES / "minimal_data")
    assert reference_entries(fixture, (84, 79, 80, 79)) == (
        (79, "[79] (study not identified: see the review's reference list)"),
        (80, "[80]"),  # not in the reference list: the number alone
        (84, "[84] Zalinski S 2009 (identification not checked: see the review's reference list)"),
    )
    assert reference_entries(catalog, ()) == ()


def test_reference_rows_show_no_journal_for_a_mapping_from_memory(catalog: Catalog) -> None:
    # The bibliography's README: an unverified row shows the study name and year at most.
    rows = {row["number"]: row for row in reference_rows(catalog)}
    unverified = [
        ref for ref in catalog.references if ref.status == "unverified" and ref.journal and ref.number in rows
    ]
    assert unverified, "the data has unverified references with a journal recalled from memory"
    assert all(rows[ref.number]["journal"] == "" for ref in unverified)
    verified = [
        ref for ref in catalog.references if ref.status == "verified" and ref.journal and ref.number in rows
    ]
    assert verified and all(rows[ref.number]["journal"] == ref.journal for ref in verified)


def test_reference_rows_filtered_by_number(catalog: Catalog) -> None:
    assert [row["number"] for row in reference_rows(catalog, frozenset({93}))] == [93]
    assert len(reference_rows(catalog)) == len(reference_rows(catalog, frozenset()))


# --- a phone reader's look-ups that failed for vocabulary ------------------------------------------------
# Each expected record was read in data/evidence/*.yaml: the comment says how the record words it.


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("New EPOC overall survival", "biologics-new-epoc-os"),  # "median OS"
        ("EORTC 40983 overall survival", "resectable-eortc-40983-long-term-os"),  # "OS"
        ("BECOME progression-free survival", "biologics-become-survival"),  # "median PFS"
        ("disease-specific survival", "risk-scores-kras-dss"),  # "DSS"
        ("disease-free survival", "resectable-jcog0603"),  # "DFS"
        ("recurrence-free survival", "timing-synchronous-strategies"),  # "RFS"
        ("OS", "intra-arterial-hai-outcomes"),  # "overall survival" only
        ("PFS", "table-2-ahpba-resectable"),  # "progression-free survival" only
        ("DSS", "risk-scores-scoring-systems-comparison"),  # "disease-specific survival" only
        ("ORR", "biologics-become-resection-response"),  # "response rate"
    ],
)
def test_an_outcome_abbreviation_and_its_words_find_each_other(
    catalog: Catalog, query: str, record: str
) -> None:
    assert record in ids(catalog, query)


def test_an_outcome_is_one_term_of_its_glossary_forms(catalog: Catalog) -> None:
    linked = linked_forms(catalog)
    assert parse_query("hazard ratio", linked).terms == (("hazard ratio", "hr"),)
    assert parse_query("HR", linked).terms == (("hr", "hazard ratio"),)
    assert parse_query("BECOME progression-free survival", linked).terms == (
        ("become",),
        ("progression free survival", "pfs"),
    )
    assert parse_query("cancer-specific survival", linked).terms[0][:2] == ("cancer specific survival", "dss")
    # the fixture's glossary defines none of them: its queries keep their words
    fixture = load_catalog(FIXTURES / "minimal_data")
    assert parse_query("overall survival", linked_forms(fixture)).terms == (("overall",), ("survival",))


def test_a_trial_and_an_outcome_put_that_trials_record_first(catalog: Catalog) -> None:
    assert ids(catalog, "New EPOC overall survival")[0] == "biologics-new-epoc-os"
    assert ids(catalog, "EORTC 40983 overall survival")[0] == "resectable-eortc-40983-long-term-os"
    assert ids(catalog, "BECOME progression-free survival") == ["biologics-become-survival"]


def test_the_linked_words_alone_still_mean_only_themselves(catalog: Catalog) -> None:
    # the New EPOC OS record writes "OS", never the word "overall"; the BECOME one "PFS", never "free"
    assert "biologics-new-epoc-os" not in ids(catalog, "overall")
    assert "biologics-become-survival" not in ids(catalog, "free")
    # PD-1 is not "progressive disease": the checkpoint record (PD-1, no progression) is not found by it
    assert "immunotherapy-checkpoint-inhibitors-msi" not in ids(catalog, "progressive disease")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Tumour cut-off", "tumor cutoff"),
        ("TUMOR cut off", "tumor cutoff"),
        ("randomised", "randomized"),
        ("organisation", "organization"),
        ("submillimetre", "submillimeter"),
        ("oesophageal haemorrhage", "esophageal hemorrhage"),
        ("pathological", "pathologic"),
        ("pre-operative", "preoperative"),
        ("end-point", "endpoint"),
        ("disease", "disease"),  # -ise- only as a suffix
        ("analyses", "analyses"),  # the plural of analysis, not a verb
        ("non-RAS", "non-ras"),  # a prefix joins a word, not a gene's name
        ("anti-PD-1", "anti-pd-1"),
        ("BRAF V600E", "braf v600e"),
    ],
)
def test_fold_spelling(text: str, folded: str) -> None:
    assert fold_spelling(text) == folded


@pytest.mark.parametrize(
    ("variant", "usual"),
    [
        ("tumor", "tumour"),
        ("submillimeter margin", "submillimetre margin"),
        ("randomised", "randomized"),
        ("CEA cut-off", "CEA cutoff"),
        ("CEA cut off", "CEA cutoff"),
        ("pathological response", "pathologic response"),
        ("pre-operative", "preoperative"),
        ("favorable", "favourable"),
        ("multicenter", "multicentre"),
    ],
)
def test_spelling_variants_find_the_same_records(catalog: Catalog, variant: str, usual: str) -> None:
    found = ids(catalog, variant)
    assert found and found == ids(catalog, usual)


def test_spelling_variants_find_the_records_that_spell_otherwise(catalog: Catalog) -> None:
    assert "monitoring-complete-response-viable-tumour" in ids(catalog, "tumor")  # "tumour"
    assert ids(catalog, "submillimeter margin") == ["margins-submillimetre"]  # "submillimetre"
    assert ids(catalog, "CEA cut-off") == ["cea-decline-cutoff"]  # "cutoff"


@pytest.mark.parametrize(
    ("query", "record"),
    [
        ("36 mo vs 65 mo", "margins-submillimetre"),  # 36 and 65 months, the review's "36 mo vs 65 mo"
        ("36 mo vs. 65 mo", "margins-submillimetre"),
        ("36 months versus 65 months", "margins-submillimetre"),
        ("36 v 65 months", "margins-submillimetre"),
        ("64% vs 15%", "flr-two-stage-survival"),  # 5-year OS 64% and 15%
    ],
)
def test_vs_does_not_block_a_comparison(catalog: Catalog, query: str, record: str) -> None:
    assert ids(catalog, query) == [record]


def test_v_as_a_stopword_leaves_v600e_alone(catalog: Catalog) -> None:
    assert parse_query("BRAF V600E").terms == (("braf",), ("v600e",))
    assert "risk-scores-braf-prevalence" in ids(catalog, "V600E")


def test_left_in_situ_finds_the_record_that_says_left_untreated(catalog: Catalog) -> None:
    assert ids(catalog, "DLM left in situ") == ["dlm-intrahepatic-rfs"]
    assert ids(catalog, "situation") == []  # the whole word only


def test_a_record_id_finds_that_record_alone(catalog: Catalog) -> None:
    # a record's own link searches by its id; "imaging-prometeo-mri-vs-ct" without its "vs" also fits others
    for record in catalog.evidence:
        assert ids(catalog, record.id) == [record.id]
    assert ids(catalog, " Imaging-PROMETEO-mri-vs-ct ") == ["imaging-prometeo-mri-vs-ct"]
    assert ids(catalog, "imaging-prometeo-mri-vs-ct", sections=frozenset({"dlm"})) == []


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("pathologc response", "pathologic response"),  # not "pathologic response response"
        ("upfront surgry", "upfront surgery"),  # not "upfront upfront surgery"
        ("portal vein embolisaton", "portal vein embolization"),  # not "portal vein portal vein ..."
    ],
)
def test_a_suggestion_does_not_repeat_the_words_it_replaces_with(
    catalog: Catalog, query: str, meant: str
) -> None:
    found = suggestions(catalog, EvidenceFilter(text=query))
    assert meant in found
    for text in found:
        words = text.casefold().split()
        assert len(words) == len(set(words)), text


def test_a_suggestion_keeps_the_words_that_found_records(catalog: Catalog) -> None:
    found = suggestions(catalog, EvidenceFilter(text="New EPOC overall survivl"))
    assert "New EPOC overall survival" in found
    assert all(text.startswith("New EPOC") for text in found)  # never "overall survival" alone


# --- the glossary's other names (a registrar's look-ups on a phone found nothing or "Did you mean: OS") -----
# data/glossary.yaml: "sinusoidal injury" has the other names sinusoidal obstruction syndrome, SOS, sinusoidal
# dilatation, blue liver, veno-occlusive disease, VOD; "R1 resection" has R1, positive margin, R1 margin.
# Read in data/evidence/*.yaml: rationale-oxaliplatin-sinusoidal-injury is on sinusoidal injury (its id; its
# statement says "damage the liver sinusoids"), timing-folfox-9-cycles says "more sinusoidal injury"; the two
# records below are the only ones that say "positive margin", and no record says "R1".
SINUSOIDAL_INJURY = {"rationale-oxaliplatin-sinusoidal-injury", "timing-folfox-9-cycles"}
POSITIVE_MARGIN = {"margins-positive-margin-suboptimal-response", "risk-scores-fong-review-items"}


@pytest.mark.parametrize(
    "query",
    [
        "SOS",
        "sos",
        "blue liver",
        "sinusoidal obstruction syndrome",
        "sinusoidal dilatation",
        "VOD",
        "veno-occlusive disease",
        "sinusoidal injury",
    ],
)
def test_any_name_of_sinusoidal_injury_finds_its_records(catalog: Catalog, query: str) -> None:
    assert set(ids(catalog, query)) == SINUSOIDAL_INJURY
    assert suggestions(catalog, EvidenceFilter(text=query)) == ()


@pytest.mark.parametrize(
    "query", ["R1", "r1", "R1 resection", "R1 margin", "positive margin", "positive margins"]
)
def test_any_name_of_an_r1_resection_finds_the_positive_margin_records(catalog: Catalog, query: str) -> None:
    assert set(ids(catalog, query)) == POSITIVE_MARGIN


@pytest.mark.parametrize("query", ["positive margin", "R1", "R1 resection", "positive margins"])
def test_the_record_about_a_positive_margin_comes_before_a_list_that_names_one(
    catalog: Catalog, query: str
) -> None:
    """The Fong record came first: both say "positive margin", and it has figures. Read in the records: the
    margins record is about a positive margin (its id, its whole statement); the Fong record lists it as one
    of seven adverse factors of a score."""
    assert ids(catalog, query) == [
        "margins-positive-margin-suboptimal-response",
        "risk-scores-fong-review-items",
    ]


def test_the_other_names_come_from_the_glossary(catalog: Catalog) -> None:
    names = glossary_names(catalog)
    for term in catalog.glossary:  # every name the glossary gives, each reaching its term's other names
        every = {name_terms(text) for text in (term.term, term.expansion or "", *term.aliases) if text}
        for name in every:
            assert every <= set(names[name]), (term.term, name)
    assert ("sinusoidal", "injury") in names[("sos",)]
    assert ("os",) not in names[("sos",)]
    # the fixture's glossary has no sinusoidal injury: there "SOS" is only itself
    fixture = load_catalog(FIXTURES / "minimal_data")
    assert ("sos",) not in glossary_names(fixture)


def test_a_name_inside_a_longer_name_or_a_hyphenated_word_is_not_that_name() -> None:
    names = {
        ("pd",),
        ("pd", "#1"),
        ("os",),
        ("r1",),
        ("progression",),
        ("progression", "free", "survival"),
        ("epoc", "trial"),
        ("new", "epoc", "trial"),
    }

    def named(text: str) -> set[tuple[str, ...]]:
        return set(Field.of([text], names).named)

    assert named("PD-1 blockade") == {("pd", "#1")}  # progressive disease's PD is not PD-1
    assert named("anti-PD-1 antibodies") == set()
    assert named("a PD rate") == {("pd",)}
    assert named("a higher dose in R1 and R10 cases") == {("r1",)}  # whole words: not OS in "dose", R1 in R10
    assert named("3-year OS") == {("os",)}
    assert named("a progression-free benefit") == set()
    assert named("progression-free survival") == {("progression", "free", "survival")}
    assert named("the New EPOC trial") == {("new", "epoc", "trial")}  # not the EPOC trial, EORTC 40983


def test_other_names_do_not_reach_a_different_thing(catalog: Catalog) -> None:
    # EORTC 40983's glossary alias "EPOC trial" is not New EPOC ("New EPOC trial"): read in the records
    assert not [found for found in ids(catalog, "EORTC 40983") if "new-epoc" in found]
    # progressive disease's alias "progression" is not the IHPBA row's "progression-free benefit"
    assert "table-2-ihpba-resectable" not in ids(catalog, "progressive disease")
    assert "biologics-new-epoc-os" not in ids(catalog, "SOS")  # "OS" is not an alias of sinusoidal injury


def test_a_known_name_is_offered_only_its_own_term(catalog: Catalog) -> None:
    """ "SOS" was offered "OS" (overall survival), "blue liver" "P value liver": difflib's near spellings."""
    assert close_terms(catalog, "SOS") == ["sinusoidal injury"]
    assert close_terms(catalog, "blue liver") == ["sinusoidal injury"]
    assert close_terms(catalog, "FRL")[0] == "FLR"  # a typo still gets close terms
    # in a section with no record on sinusoidal injury (dlm), nothing is found: no unrelated term is offered
    dlm = frozenset({"dlm"})
    for text in ("SOS", "blue liver", "VOD", "sinusoidal obstruction syndrome"):
        assert ids(catalog, text, sections=dlm) == []
        offered = [s.casefold() for s in suggestions(catalog, EvidenceFilter(text=text, sections=dlm))]
        assert not offered, (text, offered)


# --- questions typed as sentences: every word must match, so they found nothing ---------------------------
# A partial match weighs a word by how few records have it, and the words of a question's grammar (when,
# should, after, than, how many, how long) not at all: they are never what a record is said to lack.
# "does" is shown folded, as "doe" (it was said lacking so)
GRAMMAR = frozenset(
    (
        "how",
        "long",
        "before",
        "after",
        "should",
        "when",
        "is",
        "better",
        "than",
        "many",
        "enough",
        "does",
        "doe",
    )
)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # ">= 5 weeks" from bevacizumab to surgery (biologics-bevacizumab-preop-safety), then the practice
        # of dropping it from the last cycle before surgery: each has bevacizumab, surgery and a stop word
        (
            "how long before surgery should bevacizumab stop",
            {"biologics-bevacizumab-preop-safety": (), "biologics-bevacizumab-last-cycle-omitted": ()},
        ),
        # a larger remnant after chemotherapy: the two FLR records that say so
        (
            "what remnant is enough after chemotherapy",
            {"flr-higher-threshold-after-nct": (), "flr-threshold-injured-liver": ()},
        ),
        # the R0 rates of preoperative FOLFOXIRI (no bevacizumab) and of BECOME's mFOLFOX6 + bevacizumab
        (
            "R0 rate after FOLFOXIRI + bevacizumab",
            {
                "unresectable-folfoxiri-vs-folfiri": ("bevacizumab",),
                "biologics-become-resection-response": ("FOLFOXIRI",),  # as typed, not its search form
            },
        ),
        # KEYNOTE-177 (pembrolizumab, progression-free survival) first, never the CEA record with only
        # "after" and "progression"
        ("pembrolizumab after progression", {"immunotherapy-pembrolizumab-vs-chemotherapy": ()}),
    ],
)
def test_a_sentence_gets_the_records_with_most_of_its_words(
    catalog: Catalog, query: str, first: dict[str, tuple[str, ...]]
) -> None:
    assert ids(catalog, query) == []
    closest = closest_matches(catalog, EvidenceFilter(text=query))
    assert {match.record.id: match.lacks for match in closest[: len(first)]} == first


@pytest.mark.parametrize(
    "query",
    [
        "pembrolizumab after progression",  # KEYNOTE-177 was listed second, said to lack "after"
        "when should chemotherapy stop",  # "Lacks: when, should"
        "is FOLFOXIRI better than FOLFOX",  # "Lacks: better, than"
        "how many cycles",  # "Lacks: many"
        "how long before surgery should bevacizumab stop",
        "what remnant is enough after chemotherapy",
        "how does bevacizumab affect surgery",  # "does" was "doe", a word to lack
    ],
)
def test_a_questions_grammar_is_never_what_a_partial_match_lacks(catalog: Catalog, query: str) -> None:
    closest = closest_matches(catalog, EvidenceFilter(text=query))
    assert closest
    assert not [(match.record.id, match.lacks) for match in closest if GRAMMAR.intersection(match.lacks)]


def test_a_rare_word_outweighs_a_common_one_in_a_partial_match(catalog: Catalog) -> None:
    # records lacking "pembrolizumab" (in a few records) come after every record lacking "progression"
    closest = closest_matches(catalog, EvidenceFilter(text="pembrolizumab after progression"))
    has = ["pembrolizumab" not in match.lacks for match in closest]
    assert has[0] and has == sorted(has, reverse=True), [(m.record.id, m.lacks) for m in closest]
    # "R1" is matched by its other name: the two records that say "positive margin" have it, and rank above
    # margins-negative-margin-survival, which says "margin" and "survival" but neither R1 nor a width
    closest = closest_matches(catalog, EvidenceFilter(text="margin width survival R1"))
    listed = [match.record.id for match in closest]
    assert set(listed) >= POSITIVE_MARGIN | {"margins-negative-margin-survival"}, listed
    assert all("r1" not in match.lacks for match in closest if match.record.id in POSITIVE_MARGIN)
    below = listed.index("margins-negative-margin-survival")
    assert all(listed.index(record_id) < below for record_id in POSITIVE_MARGIN)


def test_does_is_a_stopword_as_its_folded_form() -> None:
    # "does" is folded as a plural ("doe") before the stopwords are dropped: it was asked as a word
    assert parse_query("how does bevacizumab work").terms == (("bevacizumab",), ("work",))


def test_closest_matches_only_when_nothing_is_found_and_within_the_filters(catalog: Catalog) -> None:
    assert closest_matches(catalog, EvidenceFilter(text="bevacizumab stop")) == ()  # it finds records
    assert closest_matches(catalog, EvidenceFilter(text="qwertyuiop")) == ()  # one word: nothing partial
    assert closest_matches(catalog, EvidenceFilter(text="when should")) == ()  # grammar alone: nothing
    assert closest_matches(catalog, EvidenceFilter(text="")) == ()
    query = "how long before surgery should bevacizumab stop"
    # no timing record has bevacizumab with half the words: the Figure 1 case (bevacizumab, surgery) is listed
    sections = frozenset({"timing", "figure_1"})
    timing = closest_matches(catalog, EvidenceFilter(text=query, sections=sections))
    assert timing and all(match.record.section in sections for match in timing)
    words = 3  # surgery, bevacizumab, stop ("how" a stopword; long, before, should the question's grammar)
    assert all(len(match.lacks) <= words // 2 for match in timing)  # at least half the words


def test_a_query_with_a_word_no_record_has_is_offered_without_it(catalog: Catalog) -> None:
    assert suggestions(catalog, EvidenceFilter(text="bevacizumab zzzzqq stop")) == ("bevacizumab stop",)
    # a typo's fix comes first, and alone: the word is not just dropped
    assert suggestions(catalog, EvidenceFilter(text="upfront surgry")) == ("upfront surgery",)


# --- ranking: what a record says before what it is tagged with; figures before none -----------------------


def _says(record_id: str, word: str) -> bool:
    """Whether a record's statement or figure labels have ``word`` (read from the record, not the search)."""
    record = get_catalog().get(record_id)
    return word in " ".join([record.statement, *(v.label for v in record.values)]).casefold()


def test_records_that_say_bevacizumab_come_before_records_only_tagged_with_it(catalog: Catalog) -> None:
    found = ids(catalog, "bevacizumab")
    saying = [_says(record_id, "bevacizumab") for record_id in found]
    assert saying[0] and saying == sorted(saying, reverse=True), list(zip(found, saying, strict=True))
    assert "biologics-targeted-agents" in found and not _says("biologics-targeted-agents", "bevacizumab")
    # the ">= 5 weeks" answer: on the first screen of a phone, not three screens down
    assert found.index("biologics-bevacizumab-preop-safety") < 3


def test_among_equal_matches_records_with_figures_come_first(catalog: Catalog) -> None:
    found = ids(catalog, "bevacizumab")
    saying = [record_id for record_id in found if _says(record_id, "bevacizumab")]
    has_figures = [bool(catalog.get(record_id).values) for record_id in saying]
    assert has_figures == sorted(has_figures, reverse=True)
    assert True in has_figures and False in has_figures  # both kinds are there: the order is tested


def test_epoc_lists_new_epoc_by_its_words_before_eortc_40983_by_its_alias(catalog: Catalog) -> None:
    # the New EPOC records say "New EPOC"; the EORTC 40983 records are found through the glossary's alias
    found = ids(catalog, "EPOC")
    new_epoc = [i for i, record_id in enumerate(found) if _says(record_id, "epoc")]
    eortc = [i for i, record_id in enumerate(found) if record_id.startswith("resectable-eortc-40983")]
    assert new_epoc and eortc and max(new_epoc) < min(eortc)
    # a figure labelled OS puts EORTC 40983's OS record first for "EPOC OS" among the trial's records
    both = ids(catalog, "EPOC OS")
    assert both.index("resectable-eortc-40983-long-term-os") < both.index("resectable-eortc-40983-pfs")


@pytest.mark.parametrize(
    ("shorthand", "drug"),
    [("bev", "bevacizumab"), ("pembro", "pembrolizumab")],
)
def test_the_clinic_s_shorthand_for_a_drug_finds_its_records(shorthand: str, drug: str) -> None:
    """'bev' found 0 of 190 records with no suggestion: three-letter words match whole words only, and no
    record writes 'bev'. The glossary's aliases give the drugs their clinic shorthand (no brand names: see
    test_no_brand_name_is_invented)."""
    catalog = get_catalog()
    found = filter_evidence(catalog, EvidenceFilter(text=shorthand))
    assert found and found == filter_evidence(catalog, EvidenceFilter(text=drug))


def test_a_shorthand_is_suggested_as_its_term() -> None:
    """'pem' was offered 'pembro', so the page taught the shorthand; it is offered the drug's name. A long
    alias (portal vein embolization, of PVE) is still offered as itself."""
    catalog = get_catalog()
    offered = suggestions(catalog, EvidenceFilter(text="pem"))
    assert "pembrolizumab" in offered and "pembro" not in offered
    assert "portal vein embolization" in suggestions(catalog, EvidenceFilter(text="portal vein embolisaton"))


NEAR_MISSES = (
    "flra flrb flrc flrd flre flrf flrg flrh flri flrj flrk flrl flrm flrn flro flrp flrq flrr flrs fl"
)


def test_did_you_mean_is_memoised_as_the_search_is(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rerun of the Sources page asks again; a 100-character query of near-miss words cost about half a
    second of the process each time (a hostile-visitor review): the second ask looks for no close term."""
    query = EvidenceFilter(text=NEAR_MISSES)
    first = suggestions(catalog, query)
    looked: list[str] = []
    real = textsearch_module.close_terms

    def counted(cat: Catalog, text: str) -> list[str]:
        looked.append(text)
        return real(cat, text)

    monkeypatch.setattr(textsearch_module, "close_terms", counted)
    assert suggestions(catalog, query) == first
    assert looked == []


def test_did_you_mean_tries_a_bounded_number_of_candidate_searches(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def counted(cat: Catalog, query: EvidenceFilter) -> tuple[object, ...]:
        calls.append(query.text)
        return tuple(filter_evidence(cat, query))

    monkeypatch.setattr(search_module, "filter_evidence", counted)
    search_module._suggestions(catalog, EvidenceFilter(text=NEAR_MISSES.replace("fl", "fk")), 3)
    # the query itself, at most MAX_SUGGESTION_TRIES candidates, and the query without its unknown words
    assert 1 < len(calls) <= search_module.MAX_SUGGESTION_TRIES + 2
