"""Link parameters: numbers checked against their range before their fraction, every rejected list value
named, invisible characters stripped from text with a notice (expected texts written by hand)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crlm_content import tools
from crlm_content.dlm import parse_lesions
from crlm_content.tools.common import link_number, table_number
from crlm_content.urlstate import MAX_LISTED, QueryField, parse_all, read_link_entries, strip_invisible

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


SIZE = QueryField("size", "float", 3.0, minimum=0, maximum=30, above_minimum=True)
CEA = QueryField("cea", "float", None, optional=True, minimum=0, maximum=100_000)


@pytest.mark.parametrize(
    ("field", "raw", "problem"),
    [
        (SIZE, "0", "'size=0' ignored: must be above 0"),  # the minimum itself is refused
        (SIZE, "-0", "'size=-0' ignored: must be above 0"),
        (SIZE, "30.5", "'size=30.5' ignored: above the maximum 30"),
        # bounds are written as records write figures: grouped by spaces from 10 000 on, never "-0"
        (CEA, "200000", "'cea=200000' ignored: above the maximum 100 000"),
        (QueryField("x", "float", 1.0, minimum=-0.0), "-1", "'x=-1' ignored: below the minimum 0"),
        (QueryField("x", "float", 1.0, minimum=0.01), "0.005", "'x=0.005' ignored: below the minimum 0.01"),
    ],
)
def test_a_link_number_is_held_to_its_fields_bounds(field: QueryField, raw: str, problem: str) -> None:
    assert field.parse([raw]) == (field.default, problem)


@pytest.mark.parametrize(("raw", "value"), [("0.005", 0.005), ("5e-324", 5e-324), ("30", 30.0)])
def test_a_size_just_above_its_exclusive_minimum_is_taken_from_a_link(raw: str, value: float) -> None:
    assert SIZE.parse([raw]) == (value, None)


def test_an_exclusive_minimum_needs_a_minimum() -> None:
    with pytest.raises(ValueError, match="size: above_minimum needs a minimum"):
        QueryField("size", "float", 3.0, maximum=30, above_minimum=True)


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        (SIZE, 3.0, None),
        (SIZE, 30, None),
        (SIZE, 0.0, "enter a number above 0, at most 30; 0 is below that range"),
        (SIZE, -0.0, "enter a number above 0, at most 30; 0 is below that range"),
        (SIZE, 31, "enter a number above 0, at most 30; 31 is above that range"),
        (SIZE, None, "enter a number above 0, at most 30; the box is empty"),
        (SIZE, float("nan"), "enter a number above 0, at most 30; 'nan' is not a number"),
        (SIZE, float("inf"), "enter a number above 0, at most 30; inf is above that range"),
        (SIZE, "3", None),  # not a number: left to the page's calculator
        (SIZE, True, None),
        (CEA, 150_000.0, "enter a number from 0 to 100 000; 150000 is above that range"),
        (TUMOURS, 2.5, "enter a whole number from 1 to 100; 2.5 is not a whole number"),
        (TUMOURS, 100.5, "enter a whole number from 1 to 100; 100.5 is above that range"),  # range first
        (
            TUMOURS,
            10**400,
            "enter a whole number from 1 to 100; a whole number of about 401 digits is above that range",
        ),
        (
            QueryField("n", "int", 1, minimum=1),
            0,
            "enter a whole number of at least 1; 0 is below that range",
        ),
        (QueryField("n", "int", 1, minimum=1), 10**400, None),  # whole, and no maximum: never a float
        (QueryField("w", "float", 1.0, maximum=4), 5.0, "enter a number of at most 4; 5 is above that range"),
        (
            QueryField("s", "float", 1.0, minimum=0, above_minimum=True),
            0,
            "enter a number above 0; 0 is below that range",
        ),
        (QueryField("f", "float", 1.0), float("inf"), "enter a number; inf is not a finite number"),
    ],
)
def test_a_box_problem_is_said_in_one_wording(field: QueryField, value: object, problem: str | None) -> None:
    assert field.box_problem(value) == problem


def test_an_optional_box_may_be_empty() -> None:
    assert CEA.box_problem(None, optional=True) is None
    assert CEA.box_problem(None) == "enter a number from 0 to 100 000; the box is empty"


def _two_numbers(entry: str) -> tuple[float, float]:
    first, colon, second = entry.partition(":")
    if not colon:
        raise ValueError("expected a:b")
    return float(first), float(second)


def test_table_links_share_one_convention() -> None:
    """Empty entries skipped; an unreadable one named by its place among the entries, quoted visibly and
    at most 30 characters; one notice for the entries after the limit (rows kept, not entries read)."""
    text = " 1:2 ,, x ,3:4,\u202e5,6:7,8:9," + "9" * 40
    rows, problems = read_link_entries(text, "pairs", _two_numbers, limit=3, limit_note=" (three at most)")
    assert rows == [(1.0, 2.0), (3.0, 4.0), (6.0, 7.0)]
    assert problems == [
        "'pairs' entry 2 'x' ignored: expected a:b",
        "'pairs' entry 4 '<U+202E>5' ignored: expected a:b",
        "'pairs': entries after the first 3 ignored (three at most)",
    ]
    _, long = read_link_entries("9" * 40, "pairs", _two_numbers, limit=3)
    assert long == ["'pairs' entry 1 '" + "9" * 30 + "...' ignored: expected a:b"]
    assert read_link_entries("1:2;3:4", "pairs", _two_numbers, limit=3, separators=",;")[0] == [
        (1.0, 2.0),
        (3.0, 4.0),
    ]


@pytest.mark.parametrize(
    ("parse", "key"),
    [
        (lambda text: list(parse_lesions(text).ignored), "lesions"),
        (lambda text: tools.parse_cea_param(text, "week")[1], "weeks"),
        (lambda text: tools.parse_targets_param(text)[1], "targets"),
    ],
)
def test_every_table_link_reports_an_unreadable_entry_alike(
    parse: Callable[[str], list[str]], key: str
) -> None:
    assert [problem.split(" ignored:")[0] for problem in parse("junk")] == [f"'{key}' entry 1 'junk'"]


def test_unknown_parameters_are_listed_up_to_max_listed_then_counted() -> None:
    """/glossary?k0=x&...&k299=x gave one notice of 300 lines of the sender's text."""
    params = {f"k{number}": ["x"] for number in range(300)}
    _, problems = parse_all((QUERY,), params)
    assert problems == [
        *(f"'k{number}' ignored: not a setting of this page" for number in range(MAX_LISTED)),
        f"and {300 - MAX_LISTED} more ignored: not settings of this page",
    ]
    assert sum(len(problem) for problem in problems) < 400


def test_a_long_unknown_key_is_cut_and_marked() -> None:
    """A 5,000-character key was cut to 30 characters with nothing to say it was cut."""
    _, problems = parse_all((QUERY,), {"k" * 5000: ["1"]})
    assert problems == [f"'{'k' * 30}...' ignored: not a setting of this page"]
    _, problems = parse_all((QUERY,), {"k" * 30: ["1"]})  # exactly 30: whole, unmarked
    assert problems == [f"'{'k' * 30}' ignored: not a setting of this page"]


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.1234567, "0.1234567"), (1e-7, "1e-7"), (29.999999999999996, "29.999999999999996"), (2.5, "2.5")],
)
def test_a_float_in_a_share_link_reads_back_as_the_same_number(value: float, text: str) -> None:
    """A float with more than six decimals must not be rounded on its way into the link (1e-7 became 0)."""
    field = QueryField("x", "float", 1.0)
    assert field.serialize(value) == text
    assert field.parse([text]) == (value, None)


def test_text_at_its_maximum_length_is_taken_one_more_is_refused() -> None:
    assert QUERY.parse(["x" * 50]) == ("x" * 50, None)
    assert QUERY.parse(["x" * 51]) == ("", f"'q={'x' * 30}...' ignored: longer than 50 characters")


def test_one_unknown_parameter_past_max_listed_is_counted() -> None:
    names = [f"k{number}" for number in range(MAX_LISTED + 1)]
    _, problems = parse_all((QUERY,), {name: ["x"] for name in names})
    assert problems == [
        *(f"'{name}' ignored: not a setting of this page" for name in names[:MAX_LISTED]),
        "and 1 more ignored: not settings of this page",
    ]
    _, problems = parse_all((QUERY,), {name: ["x"] for name in names[:MAX_LISTED]})
    assert problems == [f"'{name}' ignored: not a setting of this page" for name in names[:MAX_LISTED]]


PERCENT = QueryField("flr_percent", "float", 40.0, minimum=0, maximum=100)


@pytest.mark.parametrize("raw", ["1_0", "٥", "۲۰", "1\u00a0000"])
def test_a_link_number_takes_only_the_notation_the_tables_take(raw: str) -> None:
    """Python's float() reads "1_0" as 10 and Arabic-Indic digits as digits; every table and box refuses
    them, so a hand-edited link loaded a number the page itself would not take."""
    values, problems = parse_all([TUMOURS, PERCENT], {"tumours": [raw], "flr_percent": [raw]})
    assert values == {} and len(problems) == 2, (values, problems)
    with pytest.raises(ValueError, match="is not a number"):
        link_number(raw)
    lesions = parse_lesions(f"{raw}x0.5x")
    assert lesions.ignored and not lesions.rows, lesions


@pytest.mark.parametrize("raw", ["٥٧", "５７", "5_7"])
def test_a_link_s_reference_numbers_take_ascii_digits_only(raw: str) -> None:
    """'?ref=٥٧' opened reference 57 silently: multi-choice numbers went through int(), which reads other
    scripts' digits; the float fields already refused them."""
    refs = QueryField("ref", "multi", [], int_choices=(57, 97))
    values, problems = parse_all([refs], {"ref": [raw]})
    assert values.get("ref", []) == [] and problems, (values, problems)


# One quoting rule for visitor text in every notice (safe_text.quoted): single quotes whatever the text
# holds, a backslash shown once, a cut at 30 characters marked "...". Python's repr, used for some link
# values, had switched to double quotes around an apostrophe, doubled a backslash and cut at 20 unmarked.
WEIGHT = QueryField("size", "float", 1.0, minimum=0, maximum=10)
APOSTROPHE = "it's"
BACKSLASH = "2\\5"
DIGITS_40 = "9" * 39 + "x"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (APOSTROPHE, "'size=it's' ignored: 'it's' is not a number"),
        (BACKSLASH, "'size=2\\5' ignored: '2\\5' is not a number"),
        (DIGITS_40, f"'size={'9' * 30}...' ignored: '{'9' * 30}...' is not a number"),
    ],
)
def test_a_link_value_is_quoted_as_every_notice_quotes_visitor_text(raw: str, problem: str) -> None:
    assert parse_all([WEIGHT], {"size": [raw]})[1] == [problem]


@pytest.mark.parametrize("text", [APOSTROPHE, BACKSLASH, DIGITS_40, "lung:1/x'"])
def test_a_link_a_link_entry_and_a_table_cell_quote_the_same_text_alike(text: str) -> None:
    """The same typed text reads the same in a link value, an unknown link key, a table link's entry and a
    table cell: the part between the first quote and the verb is one string in all four."""

    def quoted_part(message: str, verb: str) -> str:
        return message[message.index(" ignored: ") + len(" ignored: ") :].split(verb)[0].strip()

    link = parse_all([WEIGHT], {"size": [text]})[1][0]
    unknown = parse_all([WEIGHT], {text: ["1"]})[1][0]
    _, entries = read_link_entries(text, "pairs", _two_numbers, limit=3)
    _, cell = table_number(text)
    assert cell is not None
    from_cell = cell.split(" is not a number")[0]
    assert quoted_part(link, " is not a number") == from_cell
    assert unknown.split(" ignored: ")[0] == from_cell
    assert entries and f"entry 1 {from_cell} ignored" in entries[0]


@pytest.mark.parametrize(
    ("field", "raw", "problem"),
    [
        # 10,000 digits are a finite number above the maximum, not "not a finite number"
        (TUMOURS, "9" * 10_000, f"'tumours={'9' * 30}...' ignored: above the maximum 100"),
        (TUMOURS, "-" + "9" * 10_000, f"'tumours=-{'9' * 29}...' ignored: below the minimum 1"),
        (TUMOURS, "1e400", "'tumours=1e400' ignored: above the maximum 100"),
        # past Python's 4,300-digit int() limit: a rejected choice, not Python's own error text
        (REFS, "9" * 5_000, f"'ref={'9' * 30}...' ignored: '{'9' * 30}...' is not one of the allowed values"),
        (QueryField("x", "float", 1.0), "9" * 400, f"'x={'9' * 30}...' ignored: too large a number"),
        (TUMOURS, "inf", "'tumours=inf' ignored: not a finite number"),
    ],
)
def test_a_huge_number_in_a_link_is_named_as_too_large_in_the_readers_words(
    field: QueryField, raw: str, problem: str
) -> None:
    assert parse_all([field], {field.key: [raw]})[1] == [problem]
