"""Link parameters: numbers checked against their range before their fraction, every rejected list value
named, invisible characters stripped from text with a notice (expected texts written by hand)."""

from __future__ import annotations

import pytest

from crlm_content.urlstate import QueryField, parse_all, strip_invisible

TUMOURS = QueryField("tumours", "int", 3, minimum=1, maximum=100)
GAP = QueryField("gap", "int", 5, minimum=1, maximum=52)
REFS = QueryField("ref", "multi", [], int_choices=(1, 2, 3))
SECTIONS = QueryField("section", "multi", [], choices=("dlm", "flr"))
QUERY = QueryField("q", "text", "", max_length=50)


@pytest.mark.parametrize(
    ("field", "raw", "problem"),
    [
        (TUMOURS, "1e9", "'tumours=1e9' ignored: above the maximum 100"),
        (GAP, "1e9", "'gap=1e9' ignored: above the maximum 52"),
        (TUMOURS, "-1e9", "'tumours=-1e9' ignored: below the minimum 1"),
        (TUMOURS, "2.5", "'tumours=2.5' ignored: '2.5' is not a whole number"),
        (TUMOURS, "abc", "'tumours=abc' ignored: 'abc' is not a whole number"),
        (TUMOURS, "inf", "'tumours=inf' ignored: not a finite number"),
    ],
)
def test_a_whole_number_is_checked_against_its_range_first(field: QueryField, raw: str, problem: str) -> None:
    assert field.parse([raw]) == (field.default, problem)


@pytest.mark.parametrize(("raw", "value"), [("1e1", 10), ("7", 7), (" 12 ", 12), ("3.0", 3), ("-0", 0)])
def test_a_whole_number_written_as_a_float_is_accepted(raw: str, value: int) -> None:
    field = QueryField("n", "int", 1, minimum=-5, maximum=100)
    parsed, problem = field.parse([raw])
    assert problem is None
    assert parsed == value
    assert isinstance(parsed, int)


def test_every_rejected_list_value_is_named() -> None:
    _, problems = parse_all((REFS,), {"ref": ["-1", "999", "abc", "NaN"]})
    assert problems == [
        "'ref=-1, 999, abc, NaN' ignored: -1, 999, 'abc' and 'NaN' are not among the allowed values"
    ]


def test_a_long_list_of_rejected_values_is_cut_short() -> None:
    raw = ["4", "5", "6", "7", "8", "9", "10", "2"]  # seven rejected, five named
    _, problem = REFS.parse(raw)
    assert problem is not None
    assert problem.endswith("ignored: 4, 5, 6, 7, 8 and 2 more are not among the allowed values")


def test_one_rejected_value_keeps_the_singular() -> None:
    problem = "'section=dlm,xyz' ignored: 'xyz' is not one of the allowed values"
    assert SECTIONS.parse(["dlm,xyz"]) == ([], problem)
    assert REFS.parse(["1,2"]) == ([1, 2], None)


BIDI = "\u202e"  # right-to-left override (Cf)
ZERO_WIDTH = "\u200b"  # zero-width space (Cf)
BELL = "\x07"  # a control character (Cc)


def test_text_loses_invisible_characters_with_a_notice_naming_the_parameter() -> None:
    values, problems = parse_all((QUERY,), {"q": [f"kr{ZERO_WIDTH}as{BIDI}{BELL}{ZERO_WIDTH}"]})
    assert values == {"q": "kras"}
    assert problems == [
        "'q': invisible control or formatting characters (U+200B, U+202E, U+0007: text direction marks, "
        "zero-width spaces and the like) ignored; the rest of the text is kept"
    ]


def test_clean_text_has_no_notice() -> None:
    assert parse_all((QUERY,), {"q": ["liver résection"]}) == ({"q": "liver résection"}, [])


def test_a_rejected_value_is_never_echoed_with_its_control_characters() -> None:
    field = QueryField("mode", "choice", "a", choices=("a", "b"))
    value, problem = field.parse([f"c{BIDI}d"])
    assert value == "a"
    assert problem == "'mode=c<U+202E>d' ignored: not one of the allowed values"
    _, problems = parse_all((field,), {f"x{BIDI}y": ["1"]})
    assert problems == ["'x<U+202E>y' ignored: not a setting of this page"]
    _, problem = SECTIONS.parse([f"dlm,x{ZERO_WIDTH}"])
    assert problem == "'section=dlm,x<U+200B>' ignored: 'x<U+200B>' is not one of the allowed values"


def test_strip_invisible_keeps_visible_text() -> None:
    assert strip_invisible(f"a{BIDI}b{ZERO_WIDTH}c\td") == "abcd"
    assert strip_invisible("Ölçü 5 cm ≥ 2") == "Ölçü 5 cm ≥ 2"


def test_a_field_that_goes_with_an_ignored_one_is_ignored_too() -> None:
    """'case=nope&stage=3' opened the first case at its stage 3, a stage of no case the link meant."""
    fields = (
        QueryField("case", "choice", "a", choices=("a", "b")),
        QueryField("stage", "int", 1, minimum=1, maximum=5, depends_on="case"),
    )
    values, problems = parse_all(fields, {"case": ["nope"], "stage": ["3"]})
    assert values == {}
    assert problems[-1] == "'stage=3' ignored: it goes with the 'case' ignored above"
    assert parse_all(fields, {"case": ["b"], "stage": ["3"]}) == ({"case": "b", "stage": 3}, [])
    assert parse_all(fields, {"stage": ["3"]}) == ({"stage": 3}, [])  # no case named: the default's stage


def test_a_setting_given_twice_is_said_and_the_last_is_used() -> None:
    """'?tumours=3&tumours=50' used 50 without a word."""
    values, problems = parse_all((TUMOURS,), {"tumours": ["3", "50"]})
    assert values == {"tumours": 50}
    assert problems == ["'tumours' given 2 times: the last, '50', is used"]
    assert parse_all((TUMOURS,), {"tumours": ["3"]}) == ({"tumours": 3}, [])
