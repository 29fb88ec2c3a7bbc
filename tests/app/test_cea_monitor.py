"""AppTest of the CEA monitor: serial values by week or date, change from baseline, the 7.5% cut-off."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from .helpers import cited, edit, plain, run_page, table_with

PAGE = "app_pages/cea_monitor.py"


def derived_table(at: AppTest) -> list[str]:
    return [row["Change from baseline (derived)"] for row in table_with(at, "Change from baseline (derived)")]


def test_defaults_show_the_change_and_the_cut_off() -> None:
    at = run_page(PAGE)
    # 40 -> 36, 31, 29: -10%, -22.5%, -27.5%
    assert derived_table(at) == ["baseline", "-10.0%", "-22.5%", "-27.5%"]
    assert "CEA fell by at least 7.5% from baseline" in at.success[0].value
    assert at.get("plotly_chart")
    headings = [s.value for s in at.subheader]
    assert "The 7.5% cut-off: sensitivity 71.6%, specificity 76.2%" in headings
    assert "cea-decline-cutoff" in cited(at)
    assert "CEA complements imaging" in at.info[0].value
    assert not at.error and not at.warning


def test_switching_to_dates() -> None:
    at = run_page(PAGE)
    at.radio(key="cea_monitor__time").set_value("date").run()
    assert list(at.data_editor[0].value.columns) == ["date", "cea"]
    # 6 Jan 40, 27 Jan 36 (3 weeks), 17 Feb 31 (6 weeks)
    assert [row["Weeks from baseline"] for row in table_with(at, "Weeks from baseline")] == ["0", "3", "6"]
    assert at.query_params["time"] == "date"


def test_deep_link_with_a_small_fall() -> None:
    at = run_page(PAGE, {"weeks": "0:40,3:38"})
    assert derived_table(at) == ["baseline", "-5.0%"]
    assert "CEA fell, but by less than 7.5%" in at.warning[0].value
    assert "does not exclude progression" in at.warning[0].value  # imaging is still needed (caveat 18)


def test_editing_values_and_bad_table_input() -> None:
    at = run_page(PAGE)
    edit(at, "cea_monitor__weeks_editor_0", edited_rows={1: {"cea": 37.0}})  # 40 -> 37 is exactly -7.5%
    assert derived_table(at)[1] == "-7.5%"
    assert at.query_params["weeks"] == "0:40,3:37,6:31,9:29"
    edit(at, "cea_monitor__weeks_editor_0", edited_rows={1: {"cea": -1.0}, 2: {"week": 0.0}})
    message = at.error[0].value
    assert "Row 2, CEA \\(ng/mL\\)\\: \\-1 is negative." in message
    assert "Week 0 appears 2 times" in message


def test_bad_parameters_are_ignored_with_notices() -> None:
    at = run_page(PAGE, {"time": "month", "weeks": "0:40,x,3:abc,6:30"})
    notices = "\n".join(w.value for w in at.warning)
    assert "time=month" in notices
    assert "'weeks' entry 2 'x' ignored" in notices and "'abc' is not a number" in notices
    assert derived_table(at) == ["baseline", "-25.0%"]  # the readable entries: 0:40, 6:30


def test_a_single_value_asks_for_more() -> None:
    at = run_page(PAGE, {"weeks": "0:40"})
    assert "Enter at least two values" in at.error[0].value


def test_a_value_just_short_of_the_cut_off_keeps_its_verdict_in_the_link() -> None:
    at = run_page(PAGE, {"weeks": "0:40,3:37"})  # exactly -7.5%: meets the cut-off
    assert "CEA fell by at least 7.5%" in at.success[0].value
    # 37.0000001 is above 92.5% of 40 = 37: short of the cut-off, and written as it is
    edit(at, "cea_monitor__weeks_editor_0", edited_rows={1: {"cea": 37.0000001}})
    assert at.query_params["weeks"] == "0:40,3:37.0000001"
    for page in (at, run_page(PAGE, {"weeks": at.query_params["weeks"]})):  # as edited, and the link reopened
        assert not page.success
        assert "CEA fell, but by less than 7.5%" in page.warning[0].value
        assert "(40 -> 37.0000001 ng/mL" in plain(page.warning[0].value)


def test_a_huge_value_gives_a_short_message_and_a_short_link() -> None:
    at = run_page(PAGE, {"weeks": "1e300:10,3:30"})
    assert "Row 1, Week: 1e+300 is outside 0-520." in plain(at.error[0].value)
    edit(at, "cea_monitor__weeks_editor_0", edited_rows={1: {"cea": 1e308}})
    message = plain(at.error[0].value)
    assert "Row 2, CEA (ng/mL): 1e+308 is above 100 000 ng/mL" in message and len(message) < 300
    assert at.query_params["weeks"] == "1e+300:10,3:1e+308"


def test_the_verdict_is_the_first_check_not_the_latest_value() -> None:
    """40 -> 44 at week 3 (+10%), then 29 at week 12: the page judged the latest value ('fell by at least
    7.5%', green) while saying later points are for illustration only; the cut-off was reported for the
    first checks of response, so the first value after the baseline is judged."""
    at = run_page(PAGE, {"weeks": "0:40,3:44,12:29"})
    assert not at.exception and not at.success
    verdict = plain(at.warning[-1].value)  # as read: the escapes markup.md adds removed
    assert verdict.startswith("First check after the baseline") and "+10" in verdict
    assert "Later values are not judged against the cut-off" in verdict
    single = run_page(PAGE, {"weeks": "0:40,3:37"})
    assert "First check after the baseline" in single.success[0].value
    assert "Later values" not in single.success[0].value


def test_one_value_is_one_text_in_the_verdict_and_the_table() -> None:
    """The table wrote the baseline 40.0000001 (it keeps its side of the week-6 value's cut-off line:
    37.00000009 / 0.925 = 40.000000097...), the verdict '40 -> 20 ng/mL'."""
    at = run_page(PAGE, {"weeks": "0:40.0000001,3:20,6:37.00000009"})
    assert not at.exception
    values = [row["CEA (ng/mL)"] for row in table_with(at, "CEA (ng/mL)")]
    assert values[:2] == ["40.0000001", "20"]
    verdict = plain(at.success[0].value)
    assert "(40.0000001 -> 20 ng/mL, -50.0%)" in verdict
    assert "(40 -> 20" not in verdict


def test_a_decimal_comma_in_a_cell_is_refused_not_read_as_thousands() -> None:
    """The grid's number cells read "1,5" as 15; the cells hold text now, and a comma is refused, naming the
    row, the column and the rule."""
    at = run_page(PAGE, {"weeks": "0:2,3:1"})
    edit(at, "cea_monitor__weeks_editor_0", edited_rows={1: {"cea": "1,5"}})
    assert not at.get("plotly_chart") and not at.success  # no change shown from a misread value
    message = plain(at.error[0].value)
    assert (
        "Row 2, CEA (ng/mL): '1,5' is not a number: use a point for decimals, e.g. 0.5; no thousands "
        "separators or units." in message
    )
    edit(at, "cea_monitor__weeks_editor_0", edited_rows={1: {"cea": "1.5"}})
    assert derived_table(at) == ["baseline", "-25.0%"]  # 2 -> 1.5, as typed
    assert at.query_params["weeks"] == "0:2,3:1.5"


def link_notices(at: AppTest) -> str:
    return "\n".join(plain(w.value) for w in at.warning)


def test_the_hidden_table_of_a_link_is_read_and_what_it_cannot_read_stays_out_of_the_share_link() -> None:
    """Only the shown time's table was read: ?dates=<img ...> opened in week mode gave no notice, and the
    share link passed the markup on; so did ?time=date&weeks=[x](javascript:...)."""
    at = run_page(PAGE, {"dates": "<img src=x onerror=alert(1)>"})
    assert link_notices(at) == (
        "Some entries of the link's table by calendar dates were not understood and were left out:\n"
        "- 'dates' entry 1 '<img src=x onerror=alert(1)>' ignored: expected date:value"
    )
    assert at.query_params["dates"] == ""  # an empty table, as a shown table of nothing readable
    assert derived_table(at) == ["baseline", "-10.0%", "-22.5%", "-27.5%"]  # the weeks shown are the default

    at = run_page(PAGE, {"time": "date", "weeks": "[x](javascript:alert(1))"})
    assert link_notices(at) == (
        "Some entries of the link's table by weeks were not understood and were left out:\n"
        "- 'weeks' entry 1 '[x](javascript:alert(1))' ignored: '[x](javascript' is not a number"
    )
    assert "](" not in at.warning[0].value  # escaped: no link drawn
    assert at.query_params["weeks"] == "" and at.query_params["time"] == "date"


def test_the_hidden_table_keeps_its_readable_entries_and_shows_them_with_the_notice_when_chosen() -> None:
    at = run_page(PAGE, {"dates": "2025-01-06:40,2025-13-01:30,2025-02-17:31"})
    notice = link_notices(at)
    assert "'dates' entry 2 '2025-13-01:30' ignored" in notice
    assert at.query_params["dates"] == "2025-01-06:40,2025-02-17:31"
    at.run()  # a rerun keeps the notice and the link, as the shown table's
    assert link_notices(at) == notice and at.query_params["dates"] == "2025-01-06:40,2025-02-17:31"
    at.radio(key="cea_monitor__time").set_value("date").run()
    assert [row["Weeks from baseline"] for row in table_with(at, "Weeks from baseline")] == ["0", "6"]
    assert link_notices(at) == notice  # it says why the table has two rows


def test_a_visitor_s_own_table_is_not_cut_to_a_link_s_twenty_entries_when_hidden() -> None:
    """The editor takes 40 rows, a link 20: a hidden table is read when the link gave it, not the visitor."""
    at = run_page(PAGE, {"weeks": ",".join(f"{week}:40" for week in range(21))})
    assert "'weeks': entries after the first 20 ignored" in link_notices(at)
    edit(at, "cea_monitor__weeks_editor_0", added_rows=[{"week": "30", "cea": "20"}])
    weeks = at.query_params["weeks"]
    assert weeks.count(",") == 20 and weeks.endswith(",30:20")
    at.radio(key="cea_monitor__time").set_value("date").run()
    assert at.query_params["weeks"] == weeks
    assert "Some entries of the link's table by weeks" not in link_notices(at)


def test_the_link_s_notice_stands_on_the_next_run_when_the_page_cleaned_its_table() -> None:
    """?time=month (not a setting value) with a table holding an unreadable entry: the page drops the entry
    from its table on the first run; that is not the visitor's change, so the "not understood" notice must
    still stand on the next run (it vanished, as if the visitor had edited the view)."""
    at = run_page(PAGE, {"time": "month", "weeks": "0:40,x,6:30"})
    assert any("time=month" in plain(w.value) for w in at.warning)
    at.run()
    assert not at.exception
    assert any("time=month" in plain(w.value) for w in at.warning), [w.value for w in at.warning]
