"""Value display, reference labels, citation formatting, search and URL parsing (pure functions)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from crlm_content import ContentError, Evidence, Reference, Value, load_catalog
from crlm_content.glossary import help_text
from crlm_content.search import EvidenceFilter, filter_evidence, format_refs, reference_label
from crlm_content.urlstate import QueryField, parse_all

from ..conftest import FIXTURES, replace_once


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Value(label="x", value=40, high=50, unit="%"), "40-50%"),
        (Value(label="x", value=0.01, unit="P", comparator="<"), "P < 0.01"),
        (Value(label="x", value=0.002, unit="P"), "P = 0.002"),
        (Value(label="x", value=0.69, unit="HR"), "HR = 0.69"),
        (Value(label="x", value=35, unit="%", comparator="up to"), "up to 35%"),
        (Value(label="x", value=66.7, unit="months"), "66.7 months"),
        (Value(label="x", value=148000, unit="new cases per year"), "148 000 new cases per year"),
        (Value(label="x", value=2020, unit="year"), "2020"),
        (Value(label="x", value=20, unit="%", comparator=">="), ">= 20%"),
    ],
)
def test_value_display(value: Value, shown: str) -> None:
    assert value.display() == shown


def test_value_rejects_reversed_range() -> None:
    with pytest.raises(ValidationError, match="below its start"):
        Value(label="x", value=5, high=1)


def test_reference_label_and_identifiers() -> None:
    verified = Reference(
        number=71, first_author="van Kessel CS", year=2012, pmid="22396005", status="verified"
    )
    assert verified.label() == "[71] van Kessel CS 2012"
    unverified = Reference(number=17, first_author="Falcone A", year=2007, status="unverified")
    assert reference_label(unverified) == (
        "[17] Falcone A 2007 (identification not checked: see the review's reference list)"
    )
    assert reference_label(Reference(number=3)) == (
        "[3] (study not identified: see the review's reference list)"
    )
    # A partly verified row: the study is found, but its number (our bibliography: [64] "is a GUESS") or
    # some details were not checked, so the label must not read as a full identification.
    partial = Reference(number=64, first_author="Karagkounis G", year=2013, status="partial")
    assert reference_label(partial) == (
        "[64] Karagkounis G 2013 (partly verified, some details not checked: see the review's reference list)"
    )
    with pytest.raises(ValidationError, match="verified reference"):
        Reference(number=17, pmid="12345678", status="unverified")


@pytest.mark.parametrize(
    ("refs", "text"),
    [
        ((14, 15, 16, 17, 52), "[14-17, 52]"),
        ((67, 79, 80, 81, 82, 83, 84), "[67, 79-84]"),
        ((28, 29), "[28, 29]"),
        ((112,), "[112]"),
        ((), ""),
    ],
)
def test_format_refs(refs: tuple[int, ...], text: str) -> None:
    assert format_refs(refs) == text


def test_evidence_requires_citation_or_derivation() -> None:
    base = {"id": "x-one", "section": "dlm", "statement": "A fixture statement.", "kind": "efficacy"}
    values = [{"label": "rate", "value": 5, "unit": "%"}]
    with pytest.raises(ValidationError, match="no reference numbers"):
        Evidence.model_validate({**base, "values": values})
    with pytest.raises(ValidationError, match="derived_from"):
        Evidence.model_validate({**base, "values": values, "derived": True})
    assert Evidence.model_validate({**base, "values": values, "derived": True, "derived_from": ["a"]}).derived
    assert Evidence.model_validate({**base, "values": values, "refs": [80]}).refs == (80,)


def test_filter_combines_criteria() -> None:
    catalog = load_catalog(FIXTURES / "minimal_data")

    def ids(query: EvidenceFilter) -> list[str]:
        return [r.id for r in filter_evidence(catalog, query)]

    assert ids(EvidenceFilter()) == ["dlm-incidence", "dlm-fiducial", "figure-1-case"]
    assert ids(EvidenceFilter(text="FIDUCIAL markers")) == ["dlm-fiducial"]
    assert ids(EvidenceFilter(text="fiducial vanish")) == []
    assert ids(EvidenceFilter(refs=frozenset({79}))) == ["dlm-incidence"]
    assert ids(EvidenceFilter(sections=frozenset({"figure_1"}))) == ["figure-1-case"]
    assert ids(EvidenceFilter(caveats_only=True)) == ["dlm-incidence"]
    assert ids(EvidenceFilter(entities=frozenset({"DLM"}), kinds=frozenset({"epidemiology"}))) == [
        "dlm-incidence"
    ]
    assert ids(EvidenceFilter(text="7-37%")) == ["dlm-incidence"]


FIELDS = (
    QueryField("q", "text", "", max_length=10),
    QueryField("section", "multi", [], choices=("dlm", "flr")),
    QueryField("ref", "multi", [], int_choices=(1, 2)),
    QueryField("size", "float", 2.0, minimum=0.1, maximum=30),
    QueryField("n", "int", 1, minimum=1, maximum=20),
    QueryField("flag", "bool", False),
    QueryField("mode", "choice", "a", choices=("a", "b")),
    QueryField("dfi", "float", None, optional=True, minimum=0),
)


def test_url_values_parse_and_round_trip() -> None:
    params = {
        "q": ["kras"],
        "section": ["flr,dlm"],
        "ref": ["2,1"],
        "size": ["1.5"],
        "n": ["3"],
        "flag": ["true"],
    }
    values, problems = parse_all(FIELDS, params)
    assert problems == []
    assert values == {
        "q": "kras",
        "section": ["flr", "dlm"],
        "ref": [1, 2],
        "size": 1.5,
        "n": 3,
        "flag": True,
    }
    by_key = {f.key: f for f in FIELDS}
    assert by_key["section"].serialize(["flr", "dlm"]) == "flr,dlm"
    assert by_key["size"].serialize(2.0) is None
    assert by_key["dfi"].serialize(None) is None
    assert by_key["dfi"].parse(["none"]) == (None, None)


@pytest.mark.parametrize("raw", ["-0", "-0.0", "-0e5"])
def test_negative_zero_in_a_link_reads_as_zero(raw: str) -> None:
    value, problem = QueryField("dfi", "float", None, optional=True, minimum=0).parse([raw])
    assert problem is None and value == 0
    assert isinstance(value, float) and math.copysign(1.0, value) == 1.0  # +0: never written "-0.0"


@pytest.mark.parametrize(
    ("key", "raw", "problem"),
    [
        ("size", "abc", "'size=abc' ignored: 'abc' is not a number"),
        ("size", "nan", "'size=nan' ignored: not a finite number"),
        ("size", "-1", "'size=-1' ignored: below the minimum 0.1"),
        ("n", "2.5", "'n=2.5' ignored: '2.5' is not a whole number"),
        ("n", "99", "'n=99' ignored: above the maximum 20"),
        ("flag", "maybe", "'flag=maybe' ignored: expected true or false"),
        ("mode", "c", "'mode=c' ignored: not one of the allowed values"),
        ("section", "dlm,xyz", "'section=dlm,xyz' ignored: 'xyz' is not one of the allowed values"),
        ("ref", "3", "'ref=3' ignored: 3 is not one of the allowed values"),
        (
            "q",
            "<script>alert(1)</script>",
            "'q=<script>alert(1)</script>' ignored: longer than 10 characters",
        ),
    ],
)
def test_bad_url_values_are_reported_and_not_applied(key: str, raw: str, problem: str) -> None:
    values, problems = parse_all(FIELDS, {key: [raw]})
    assert values == {}
    assert problems == [problem]


def test_unknown_parameter_reported_but_streamlit_ones_ignored() -> None:
    _, problems = parse_all(FIELDS, {"zzz": ["1"], "embed": ["true"]})
    assert problems == ["'zzz' ignored: not a setting of this page"]


def test_a_glossary_term_cites_review_records_and_primary_definitions_that_exist(data_copy: Path) -> None:
    glossary = data_copy / "glossary.yaml"
    line = "  definition: Metastases no longer visible on imaging after chemotherapy.\n"
    replace_once(glossary, line, line + "  evidence_ids: [dlm-incidence]\n  primary_source: Fong 1999\n")
    catalog = load_catalog(data_copy)
    (term,) = catalog.glossary
    assert (term.evidence_ids, term.primary_source) == (("dlm-incidence",), "Fong 1999")
    # the fixture's dlm-incidence record cites [67, 79]; the hover help names them and the primary source
    assert help_text(catalog, "DLM").endswith("after chemotherapy. Source: ref. [67, 79]; Fong 1999.")

    replace_once(glossary, "[dlm-incidence]", "[dlm-nope]")
    with pytest.raises(ContentError) as unknown_id:
        load_catalog(data_copy)
    assert (unknown_id.value.file, unknown_id.value.record, unknown_id.value.field) == (
        "data/glossary.yaml",
        "DLM",
        "evidence_ids",
    )
    assert "'dlm-nope'" in unknown_id.value.problem

    replace_once(glossary, "[dlm-nope]", "[dlm-incidence]")
    replace_once(glossary, "primary_source: Fong 1999", "primary_source: Fong 2099")
    with pytest.raises(ContentError) as unknown_primary:
        load_catalog(data_copy)
    assert (unknown_primary.value.record, unknown_primary.value.field) == ("DLM", "primary_source")
    assert "'Fong 2099'" in unknown_primary.value.problem and "'Fong 1999'" in unknown_primary.value.problem
