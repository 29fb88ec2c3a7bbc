"""AppTest of grand rounds: a presenter opens a room and an audience votes; authority and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

import crlm_content
from crlm_app import polls
from crlm_content import cases

from .helpers import plain, run_page

PRESENTER = "app_pages/rounds.py"
AUDIENCE = "app_pages/vote.py"
CASE = next(c for c in cases.load_cases(crlm_content.get_catalog()) if c.key == "remnant-after-chemotherapy")


@pytest.fixture(autouse=True)
def _poll_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRLM_POLL_DIR", str(tmp_path))
    monkeypatch.delenv("CRLM_POLL_STORE", raising=False)


def click(at, label: str) -> None:  # type: ignore[no-untyped-def]
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception


def text(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(m.value for m in at.markdown)


def test_a_room_from_opening_to_a_revealed_vote() -> None:
    presenter = run_page(PRESENTER, {"case": "remnant-after-chemotherapy"})
    click(presenter, "Open a room")
    room, secret = presenter.query_params["room"], presenter.query_params["key"]
    assert len(room) == 5 and len(secret) > 30
    click(presenter, "Open voting")
    assert "0 answers** · voting open" in text(presenter)

    audience = run_page(AUDIENCE, {"room": room})
    assert "key" not in audience.query_params  # the audience link carries the code alone
    assert "**Why.**" not in text(audience)  # nothing revealed before the presenter reveals
    audience.radio[0].set_value(1)
    click(audience, "Vote")
    audience.radio[0].set_value(2)  # a changed vote moves, never counts twice
    click(audience, "Change my vote")

    presenter.run()
    assert "1 answer** · voting open" in text(presenter)
    click(presenter, "Reveal")
    assert "board's answer" in "\n".join(p.proto.text for p in presenter.get("progress"))
    audience.run()
    assert "**Why.**" in text(audience)
    why = next(m.value for m in audience.markdown if m.value.startswith("**Why.**"))
    presented = next(m.value for m in presenter.markdown if m.value.startswith("**Why.**"))
    assert why == presented and "](" in why  # the phone's reveal carries the same cited references


def test_an_unknown_room_and_a_forged_key_get_messages_not_tracebacks() -> None:
    audience = run_page(AUDIENCE, {"room": "ACDEF"})
    assert any("ended, or the code is unknown" in w.value for w in audience.warning)
    presenter = run_page(PRESENTER)
    click(presenter, "Open a room")
    room = presenter.query_params["room"]
    forged = run_page(PRESENTER, {"room": room, "key": "not-the-secret"})
    click(forged, "Open voting")
    assert any("secret" in w.value.lower() or "presenter" in w.value.lower() for w in forged.warning)


def test_a_closed_question_refuses_a_vote_with_a_message() -> None:
    presenter = run_page(PRESENTER)
    click(presenter, "Open a room")
    room = presenter.query_params["room"]
    click(presenter, "Open voting")
    audience = run_page(AUDIENCE, {"room": room})
    audience.radio[0].set_value(0)
    click(presenter, "Close voting")
    click(audience, "Vote")
    assert any("closed" in w.value.lower() for w in [*audience.warning, *audience.info])


def test_a_voter_with_a_wrong_code_can_type_another() -> None:
    audience = run_page(AUDIENCE, {"room": "ACDEF"})
    assert any("ended, or the code is unknown" in w.value for w in audience.warning)
    assert not audience.text_input
    click(audience, "Join another room")
    assert "room" not in audience.query_params
    assert [t.label for t in audience.text_input] == ["Room code (on the presenter's screen)"]
    audience.text_input[0].set_value("ABCDE")  # B is not in the code alphabet
    click(audience, "Join")  # a button to join: a phone's keyboard may hide its Enter key
    assert any("leave out letters and digits" in w.value for w in audience.warning)
    code = polls.normalize_code("acdef")
    audience.text_input[0].set_value("acdef")
    click(audience, "Join")
    assert audience.query_params["room"] == code


def test_the_audience_page_has_no_share_button() -> None:
    """A phone in the room needs the code field, not the presenter's share and presenter-mode panel."""
    audience = run_page(AUDIENCE)
    assert not audience.get("popover")
    assert run_page("app_pages/rounds.py").get("popover")


def test_the_presenter_and_every_phone_show_the_rooms_order_and_the_results_follow_it() -> None:
    """The options are shuffled by room, case and stage: two phones and the presenter list them alike, a
    vote for the shown key counts for the key, and both result bars read in that order."""
    stage = CASE.stages[0]
    presenter = run_page(PRESENTER, {"case": CASE.key})
    click(presenter, "Open a room")
    room = presenter.query_params["room"]
    order = cases.room_order(room, CASE.key, stage)
    shown = [stage.options[i].text for i in order]
    listed = next(m.value for m in presenter.markdown if m.value.startswith("1. "))
    assert plain(listed).splitlines() == [f"{n}. {text}" for n, text in enumerate(shown, start=1)]
    click(presenter, "Open voting")

    phones = [run_page(AUDIENCE, {"room": room}) for _ in range(2)]
    for phone in phones:
        assert phone.radio[0].options == shown
    position = next(p for p, i in enumerate(order) if stage.options[i].correct)
    for phone in phones:
        phone.radio[0].set_value(order[position])  # the widget's value at that position: the original index
        click(phone, "Vote")
    assert polls.get_store().counts(room, stage.key)[order[position]] == 2  # counted for the key itself

    click(presenter, "Reveal")
    bars = [plain(p.proto.text) for p in presenter.get("progress")]
    assert [bar.split(": ")[0] for bar in bars] == [f"{n}. {text}" for n, text in enumerate(shown, start=1)]
    assert "100%" in bars[position] and "board's answer" in bars[position]
    for phone in phones:
        phone.run()
        assert [plain(p.proto.text).split(": ")[0] for p in phone.get("progress")] == shown
