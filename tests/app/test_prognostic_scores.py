"""AppTest of the Prognostic scores page: four scores together, item tables, outcomes, caveats, URL state."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from .helpers import captions, markdown, markdown_tables, plain, run_page, table_with

PAGE = "app_pages/prognostic_scores.py"


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_defaults_show_all_four_scores() -> None:
    at = run_page(PAGE)
    # example patient: node-positive, DFI 6 months, 3 tumours, largest 4.5 cm, CEA 30, no RAS, no EHD
    assert metrics(at) == {
        "Fong clinical risk score": "3 of 5",
        "Tumor Burden Score": "5.41",
        "GAME score": "3 of 7",
        "m-CS": "1 of 3",
    }
    assert not at.warning and not at.error
    # one table per score (Fong, GAME, m-CS), items in each score's published order
    fong, game, mcs = [t for t in markdown_tables(at) if t and "Item: scores when" in t[0]]
    assert all(len(t[0]) == 3 for t in (fong, game, mcs))  # three columns: four ran past a 360 px phone
    assert fong[0]["Item: scores when"].startswith("Node-positive primary: ")
    assert [row["Points"] for row in fong] == ["1 of 1", "1 of 1", "1 of 1", "0 of 1", "0 of 1"]
    assert [row["Points"] for row in game] == ["0 of 1", "1 of 1", "1 of 1", "1 of 2", "0 of 2"]
    assert [row["Points"] for row in mcs] == ["0 of 1", "1 of 1", "0 of 1"]
    assert "**GAME score**" in markdown(at)
    assert not at.dataframe  # small static tables are markdown: no data grid to load
    assert dict(at.query_params) == {}


def test_each_item_changes_its_scores_and_goes_into_the_url() -> None:
    at = run_page(PAGE)
    at.number_input(key="prognostic_scores__largest").set_value(
        6.0
    ).run()  # > 5 cm: Fong +1, m-CS +1; TBS sqrt(45) still < 9
    assert metrics(at)["Fong clinical risk score"] == "4 of 5"
    assert metrics(at)["m-CS"] == "2 of 3"
    at.checkbox(key="prognostic_scores__ehd").check().run()  # GAME +2
    assert metrics(at)["GAME score"] == "5 of 7"
    at.checkbox(key="prognostic_scores__node").uncheck().run()  # all three -1
    assert metrics(at)["Fong clinical risk score"] == "3 of 5"
    at.number_input(key="prognostic_scores__dfi").set_value(12.0).run()  # "< 12 months": 12 does not score
    at.number_input(key="prognostic_scores__tumours").set_value(1).run()
    at.number_input(key="prognostic_scores__cea").set_value(250.0).run()  # Fong > 200 scores
    assert metrics(at)["Fong clinical risk score"] == "2 of 5"
    assert at.query_params["largest"] == "6"
    assert at.query_params["ehd"] == "true"
    assert at.query_params["node"] == "false"


def test_nras_only_is_flagged_and_scores_differently() -> None:
    at = run_page(PAGE)
    at.checkbox(key="prognostic_scores__nras").check().run()
    assert metrics(at)["m-CS"] == "2 of 3"
    assert metrics(at)["GAME score"] == "3 of 7"
    assert "NRAS mutation without a KRAS mutation" in at.warning[0].value
    at.checkbox(key="prognostic_scores__kras").check().run()
    assert metrics(at)["GAME score"] == "4 of 7"
    assert not at.warning


def test_deep_link_reproduces_a_patient() -> None:
    # TBS = sqrt(2^2 + 1^2) = 2.24 < 3: no GAME point either
    params = {"node": "false", "dfi": "24", "tumours": "1", "largest": "2", "cea": "5"}
    at = run_page(PAGE, params)
    assert metrics(at)["Fong clinical risk score"] == "0 of 5"
    assert metrics(at)["GAME score"] == "0 of 7"
    assert metrics(at)["m-CS"] == "0 of 3"
    assert at.number_input(key="prognostic_scores__dfi").value == 24.0
    assert not at.checkbox(key="prognostic_scores__node").value


def test_bad_parameters_are_ignored_with_a_notice() -> None:
    at = run_page(PAGE, {"tumours": "abc", "cea": "-3", "kras": "maybe", "zzz": "1"})
    notice = at.warning[0].value
    for name in ("tumours", "cea", "kras", "zzz"):
        assert name in notice
    assert metrics(at)["Fong clinical risk score"] == "3 of 5"  # defaults used


ABOVE_0 = "Largest liver tumour (cm): enter a number above 0, at most 50"


def test_impossible_entry_gives_a_message_naming_the_field() -> None:
    at = run_page(PAGE)
    at.number_input(key="prognostic_scores__largest").set_value(0.0).run()
    assert [plain(e.value) for e in at.error] == [f"- {ABOVE_0}; 0 is below that range."]
    assert not at.metric


def test_outcomes_cite_the_primary_sources() -> None:
    at = run_page(PAGE, {"tab": "Published outcomes"})  # the tab is kept in the link
    text = captions(at).replace("\\", "")  # without markdown escapes
    assert "Ann Surg 1999;230(3):309" in text  # Fong 1999
    assert "Cancers 2022;14:2356" in text  # GAME validation
    fong_outcomes = table_with(at, "Fong score")
    assert [row["this patient"] for row in fong_outcomes] == ["", "", "", "◀ this patient", "", ""]
    assert [row["Fong score"] for row in fong_outcomes] == ["0", "1", "2", "3", "4", "5"]
    assert at.get("plotly_chart")


def test_only_the_open_tab_is_built() -> None:
    at = run_page(PAGE)
    assert not at.get("plotly_chart")  # the outcomes chart lives in a tab that is not open
    at.session_state["prognostic_scores__tab"] = "Published outcomes"
    at.run()
    assert at.get("plotly_chart")
    assert at.query_params["tab"] == "Published outcomes"


def test_fong_groupings_for_the_example_patient() -> None:
    at = run_page(PAGE)  # the Scores tab
    text = markdown(at)
    assert "| Grouping | This patient's group |" in text
    assert "| high \\(3\\-5\\) |" in text and "| 3\\-4 |" in text  # escaped by markup.md


def test_caveats_are_shown() -> None:
    at = run_page(PAGE, {"tab": "Read before using any score"})
    text = markdown(at)
    assert "caveat 1" in text  # the review's seven-item Fong list, as a caveat badge
    assert "without preoperative chemotherapy" in text
    assert "has not been validated" in text  # risk-scores-clinical-relevance-questioned
    assert "NRAS\\-only mutation scores no GAME point" in text
    comparison = table_with(at, "In the review's list")
    assert len(comparison) == 7


def test_a_tumor_burden_score_just_under_9_stays_in_the_middle_zone() -> None:
    # 8.48528137423857^2 + 3^2 < 81 exactly: TBS just under 9, zone 3 to < 9 (1 GAME point), not 9.00
    at = run_page(PAGE, {"largest": "8.48528137423857", "tumours": "3"})
    shown = metrics(at)["Tumor Burden Score"]
    assert shown.startswith("8.99") and float(shown) < 9
    assert "Zone 3 to < 9: 1 of 2 GAME points" in [c.value for c in at.caption]


@pytest.mark.parametrize("raw", ["0", "-0"])
def test_a_size_of_0_in_a_link_is_held_to_the_range_the_box_states(raw: str) -> None:
    """The box said 'above 0' while its link parameter took 0 (the exclusive minimum was an option of the
    box's check, not of the field): one field now holds the link and the box to the same range."""
    at = run_page(PAGE, {"largest": raw})
    assert f"'largest={raw}' ignored: must be above 0" in plain(at.warning[0].value)
    assert at.number_input(key="prognostic_scores__largest").value == 4.5  # the example patient's size
    assert not at.error and metrics(at)["Fong clinical risk score"] == "3 of 5"


def test_a_typed_0_or_minus_0_is_named_by_the_range_the_box_states() -> None:
    """The empty box said 'enter a number from 0 to 50', yet a typed 0 got 'Largest liver tumour (cm) must be
    greater than 0, got 0.0', and a typed -0 'got -0.0', which stayed after retyping 0."""
    at = run_page(PAGE)
    box = at.number_input(key="prognostic_scores__largest")
    for typed, said in (
        (0.0, "0 is below that range."),
        (-0.0, "0 is below that range."),
        (0.0, "0 is below that range."),  # retyped after -0
        (-3.0, "-3 is below that range."),
        (50.5, "50.5 is above that range."),
        (None, "the box is empty."),
    ):
        box.set_value(typed).run()
        assert not at.exception, at.exception
        errors = [plain(e.value) for e in at.error]
        assert errors == [f"- {ABOVE_0}; {said}"], typed
        assert not at.metric and "No result while an entry above is out of range" in at.info[0].value
    # the example patient scores node-positive, interval under 12 months and more than one tumour
    box.set_value(0.1).run()  # above 0: scored; not over 5 cm
    assert not at.error and metrics(at)["Fong clinical risk score"] == "3 of 5"
    box.set_value(50.0).run()  # 50 itself is allowed: over 5 cm, a fourth point
    assert not at.error and metrics(at)["Fong clinical risk score"] == "4 of 5"


def test_inputs_at_the_cut_offs_show_their_values_exactly() -> None:
    at = run_page(
        PAGE, {"dfi": "11.999", "largest": "5.001", "cea": "200.001", "tumours": "1", "node": "false"}
    )
    for key, value in (("dfi", 11.999), ("largest", 5.001), ("cea", 200.001)):
        box = at.number_input(key=f"prognostic_scores__{key}")
        assert box.value == value and box.proto.format == "%g", key
    # 11.999 < 12, 5.001 > 5, 200.001 > 200: three points, as the boxes now read
    assert at.metric[0].value == "3 of 5"


def test_a_cea_just_under_20_is_written_alike_in_the_fong_and_game_tables() -> None:
    """The Fong table wrote 19.9999999 as "20 ng/mL" (only its own 200 cut-off kept the decimals) beside
    the GAME table's "19.9999999 ng/mL" and 0 points for ">= 20 ng/mL"."""
    at = run_page(PAGE, {"cea": "19.9999999"})
    fong, game, _ = [t for t in markdown_tables(at) if t and "Item: scores when" in t[0]]
    (fong_cea,) = [row for row in fong if "CEA" in row["Item: scores when"]]
    (game_cea,) = [row for row in game if "CEA" in row["Item: scores when"]]
    assert fong_cea["This patient"] == game_cea["This patient"] == "19.9999999 ng/mL"
    assert (fong_cea["Points"], game_cea["Points"]) == ("0 of 1", "0 of 1")


def test_typed_values_out_of_range_are_named_in_place_and_withhold_the_scores() -> None:
    at = run_page(PAGE)
    at.number_input(key="prognostic_scores__cea").set_value(-5.0).run()
    at.number_input(key="prognostic_scores__tumours").set_value(0).run()
    assert [plain(e.value) for e in at.error] == [
        "- Number of liver tumours: enter a whole number from 1 to 100; 0 is below that range.\n"
        "- CEA (ng/mL): enter a number from 0 to 100 000; -5 is below that range."
    ]
    assert not at.metric
    assert "No result while an entry above is out of range" in at.info[0].value


def test_an_emptied_box_is_named_in_place_and_not_scored() -> None:
    """Cleared, the disease-free interval box snapped back to 0: the breakdown read '0 months (synchronous)'
    and the Fong score went from 2 (low) to 3 (high)."""
    at = run_page(PAGE, {"dfi": "24"})
    assert metrics(at)["Fong clinical risk score"] == "2 of 5"
    for key, message in (
        ("dfi", "Disease-free interval (months): enter a number from 0 to 600; the box is empty."),
        ("cea", "CEA (ng/mL): enter a number from 0 to 100 000; the box is empty."),
        ("largest", f"{ABOVE_0}; the box is empty."),
        ("tumours", "Number of liver tumours: enter a whole number from 1 to 100; the box is empty."),
    ):
        box = at.number_input(key=f"prognostic_scores__{key}")
        kept = box.value
        box.set_value(None).run()
        assert box.value is None
        assert [plain(e.value) for e in at.error] == [f"- {message}"], key
        assert not at.metric and "synchronous" not in markdown(at)
        assert "No result while an entry above is out of range, empty" in at.info[0].value
        assert at.query_params[key] == "none"
        reopened = run_page(PAGE, {"dfi": "24", key: "none"})  # the link reopens the empty box, said again
        assert not reopened.warning and [e.value for e in reopened.error] == [e.value for e in at.error]
        box.set_value(kept).run()
        assert metrics(at)["Fong clinical risk score"] == "2 of 5"


def test_a_fraction_of_a_tumour_is_named_not_read_as_2() -> None:
    """An int box read a typed 2.5 as 2 and scored 2 tumours without a word."""
    at = run_page(PAGE)
    box = at.number_input(key="prognostic_scores__tumours")
    assert box.proto.format == "%g"  # a float box, written as typed: 3, not 3.00
    box.set_value(2.5).run()
    assert box.value == 2.5
    assert [plain(e.value) for e in at.error] == [
        "- Number of liver tumours: enter a whole number from 1 to 100; 2.5 is not a whole number."
    ]
    assert not at.metric
    box.set_value(1.0).run()  # whole: scored as 1 tumour, and written 1 in the link
    assert not at.error and metrics(at)["Fong clinical risk score"] == "2 of 5"
    assert at.query_params["tumours"] == "1"


def test_the_scores_are_a_status_message_for_screen_readers() -> None:
    """Fong went from 3 to 4 of 5 when CEA was typed, with no status message (WCAG 4.1.3): the four scores
    are repeated in an info box (role=status), not drawn."""
    at = run_page(PAGE)
    (said,) = [i.value for i in at.info if i.value.startswith("Fong ")]
    assert said.startswith(f"Fong {at.metric[0].value} (")
