"""A server restarted under an open page: the browser reconnects with a new session and sends its widgets'
values with the first run (see ``state.page_state``).

A greyed-out (disabled) number box came back empty: the first edit after a restart emptied every such box,
wrote "none" for it to the URL and withheld the result. And the quiz and the case library, whose answers
live in the session only, started over and swallowed the click without a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from devtools.browser import through_the_menu, wait_for_app
from devtools.server import start_server, stop_server

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}


@contextmanager
def restarted(
    tmp_path: Path, visit: Callable[..., Any], path: str
) -> Iterator[tuple[Any, Callable[[], None]]]:
    """Open ``path`` on a fresh server; yields the page and a function that restarts the server on the same
    port (the browser reconnects on its own)."""
    servers = [start_server("restart-first", log_dir=tmp_path)]
    port = servers[0].port
    page = visit(f"{servers[0].url}{path}", viewport=DESKTOP).page

    def restart() -> None:
        stop_server(servers[-1])
        servers.append(start_server("restart-second", port=port, log_dir=tmp_path))
        page.wait_for_timeout(3000)  # the browser notices and reconnects on its own

    try:
        yield page, restart
    finally:
        stop_server(servers[-1])


def type_number(page: Any, key: str, text: str) -> None:
    box = page.locator(f".st-key-{key} input")
    box.fill(text)
    box.press("Enter")


def settle(page: Any, url_part: str) -> None:
    page.wait_for_function(f"() => location.search.includes({url_part!r})", timeout=20_000)
    wait_for_app(page)
    page.wait_for_timeout(1000)
    wait_for_app(page)


def test_the_remnant_s_greyed_boxes_keep_their_values_after_a_restart(tmp_path: Path, visit) -> None:  # type: ignore[no-untyped-def]
    """The volume and body surface area boxes are greyed out in the percentage view; the first edit after a
    restart emptied them (the URL said flr_ml=none&bsa=none) and the volume view then had no result."""
    with restarted(tmp_path, visit, "/liver_remnant") as (page, restart):
        volume = page.locator(".st-key-liver_remnant__flr_ml input")
        bsa = page.locator(".st-key-liver_remnant__bsa input")
        assert (volume.input_value(), bsa.input_value()) == ("450", "1.8")
        assert volume.is_disabled() and bsa.is_disabled()
        restart()
        type_number(page, "liver_remnant__flr", "18")
        settle(page, "flr=18")
        assert page.locator(".st-key-liver_remnant__flr input").input_value() == "18"
        assert (volume.input_value(), bsa.input_value()) == ("450", "1.8")
        assert "none" not in page.url, page.url
        assert "flr_ml" not in page.url and "bsa" not in page.url, page.url
        # the volume view has its result: 450 mL at 1.8 m2 is a derived standardized FLR
        page.get_by_text("As a volume in mL, with body surface area").click()
        settle(page, "flr_from=volume")
        assert page.get_by_text("the box is empty").count() == 0
        assert page.get_by_text("Standardized FLR (derived by this app from your entries)").is_visible()
        assert page.locator("[data-testid='stException']").count() == 0
        # and they stay this session's: to another page by the menu and back
        through_the_menu(page, "Tools", "CEA monitor", "Liver remnant planner")
        volume.wait_for(timeout=10_000)
        assert (volume.input_value(), bsa.input_value()) == ("450", "1.8"), page.url
        assert page.locator(".st-key-liver_remnant__flr input").input_value() == "18"


def test_the_timing_plan_s_greyed_day_box_keeps_its_value_after_a_restart(tmp_path: Path, visit) -> None:  # type: ignore[no-untyped-def]
    """The day of the last dose in its cycle is greyed out until a last-dose date is entered; the first edit
    after a restart emptied it (last_day=none), and with a last-dose date the plan was withheld."""
    with restarted(tmp_path, visit, "/treatment_timing?start=2025-01-06") as (page, restart):
        day = page.locator(".st-key-treatment_timing__last_day input")
        assert day.input_value() == "1" and day.is_disabled()
        restart()
        type_number(page, "treatment_timing__cycles", "4")
        settle(page, "cycles=4")
        assert page.locator(".st-key-treatment_timing__cycles input").input_value() == "4"
        assert day.input_value() == "1"
        assert "last_day" not in page.url and "none" not in page.url, page.url
        assert page.get_by_text("the box is empty").count() == 0
        assert page.locator("[data-testid='stException']").count() == 0


def test_the_quiz_says_its_answers_were_lost_in_a_restart(tmp_path: Path, visit) -> None:  # type: ignore[no-untyped-def]
    """The quiz keeps its answers in the session only: after a restart the set started over and swallowed the
    answer just given without a word; now the page says so. (A practice set of one-choice questions; its
    greyed-out topic keeps the link's value too.)"""
    with restarted(tmp_path, visit, "/quiz?quiz=recist&topic=prognosis") as (page, restart):
        form = page.locator("[data-testid='stForm']").first
        notice = page.get_by_text("The app restarted")

        def answer() -> None:
            form.locator("[data-testid='stRadioOption']").first.click()
            form.get_by_role("button", name="Answer").click()

        answer()
        page.get_by_text(re.compile(r"Score: \d right of 1 answered")).wait_for(timeout=20_000)
        wait_for_app(page)
        assert notice.count() == 0  # not before a restart
        restart()
        answer()  # question 2
        notice.wait_for(timeout=20_000)
        wait_for_app(page)
        assert "your answers in this quiz were lost" in notice.inner_text()
        # nothing pretends the click was recorded: the set is shown from its start, nothing answered
        assert page.get_by_text("Score: 0 right of 0 answered").is_visible()
        assert page.get_by_text("Your answer:").count() == 0
        assert "topic=prognosis" in page.url, page.url
        # the notice is about that run only: the next answer is recorded and the notice goes
        answer()
        page.get_by_text(re.compile(r"Score: \d right of 1 answered")).wait_for(timeout=20_000)
        wait_for_app(page)
        assert notice.count() == 0
        assert page.locator("[data-testid='stException']").count() == 0


def test_the_case_library_says_its_answers_were_lost_in_a_restart(tmp_path: Path, visit) -> None:  # type: ignore[no-untyped-def]
    """The case library keeps its answers in the session only too: the same notice, and the answer given in
    the run the browser reconnected with is not shown as recorded."""
    import crlm_content
    from crlm_content.cases import load_cases

    case = next(c for c in load_cases(crlm_content.get_catalog()) if c.key == "remnant-after-chemotherapy")
    stage = case.stages[0]
    assert not stage.multiple
    with restarted(tmp_path, visit, f"/cases?case={case.key}") as (page, restart):
        notice = page.get_by_text("The app restarted")
        assert notice.count() == 0
        restart()
        page.get_by_text(stage.options[0].text).click()
        page.get_by_role("button", name="Answer").click()
        notice.wait_for(timeout=20_000)
        wait_for_app(page)
        assert "your answers to the cases were lost" in notice.inner_text()
        assert page.get_by_role("button", name="Answer").is_visible()  # the question is still open
        assert page.get_by_text("Right.").count() == 0 and stage.reveal[:40] not in page.content()
