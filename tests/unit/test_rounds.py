"""Grand rounds' pure helpers (crlm_app.rounds): the room's stage by number, the message of a refused action,
the presenter's private link, and the join address as the projector breaks it."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import parse_qsl, urlsplit

import pytest

import crlm_content
from crlm_app import polls, rounds
from crlm_app.markup import md
from crlm_content import cases, palette, share

CASE = next(c for c in cases.load_cases(crlm_content.get_catalog()) if c.key == "remnant-after-chemotherapy")


def test_the_screen_s_stage_is_the_room_s() -> None:
    keys = [stage.key for stage in CASE.stages]
    assert [rounds.stage_number(CASE, key) for key in keys] == list(range(1, len(keys) + 1))
    assert rounds.stage_number(CASE, None) == 1
    assert rounds.stage_number(CASE, "not-a-stage") == 1


def test_a_refused_action_names_both_stages_by_number_and_title() -> None:
    first, third = CASE.stages[0], CASE.stages[2]
    message = rounds.moved_message(CASE, polls.store.stage_moved(first.key, third.key))
    assert f"showed stage 1 ({first.title})" in message and f"is on stage 3 ({third.title})" in message
    assert "nothing was changed" in message
    none = rounds.moved_message(CASE, polls.store.stage_moved(first.key, None))
    assert "the room is on no stage" in none


def test_a_stage_the_case_no_longer_has_is_named_as_such_never_as_stage_1() -> None:
    first = CASE.stages[0]
    assert [rounds.in_case(CASE, s.key) for s in CASE.stages] == [True] * len(CASE.stages)
    assert not rounds.in_case(CASE, None) and not rounds.in_case(CASE, "not-a-stage")
    message = rounds.moved_message(CASE, polls.store.stage_moved("not-a-stage", first.key))
    assert "showed a stage this case does not have" in message and f"is on stage 1 ({first.title})" in message
    message = rounds.moved_message(CASE, polls.store.stage_moved(first.key, "not-a-stage"))
    assert "the room is on a stage this case does not have" in message and "stage 1 (" in message


def test_the_presenter_s_private_link_carries_room_and_key_but_no_stage() -> None:
    link = share.presenter_link(
        "https://crlm.example.org/teach/rounds?room=X&stage=2&present=1", "ACDEF", "s-3"
    )
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("crlm.example.org", "/teach/rounds")
    assert dict(parse_qsl(parts.query)) == {"room": "ACDEF", "key": "s-3"}
    with pytest.raises(ValueError):
        share.presenter_link("", "ACDEF", "s")


@pytest.mark.parametrize(
    "address",
    [
        "crlm-teaching.surgery.example-hospital.org:8611/vote",
        "127.0.0.1:8611/vote",
        "crlm.example.org/teach/vote",
    ],
)
def test_the_join_address_breaks_only_before_a_dot_or_a_slash(address: str) -> None:
    shown = rounds.breakable_address(address, md)
    read = shown.replace("\\", "").replace(rounds.ZWSP, "").replace("\u2011", "-")
    assert read == address  # reads as the address, every character kept
    pieces = shown.split(rounds.ZWSP)
    assert all(piece[0] in "./" for piece in pieces[1:])  # the only break opportunities: before . and /
    assert all(not re.search(r"[\s\-]", piece) for piece in pieces)  # no space or breaking hyphen inside


def test_the_room_s_css_is_static_and_marks_the_board_s_answer_in_the_palette_s_green() -> None:
    assert palette.GREEN in rounds.ROOM_CSS and rounds.RIGHT_KEY in rounds.ROOM_CSS
    code_rule = rounds.ROOM_CSS.split(".st-key-rounds_code p", 1)[1].split("}", 1)[0]
    assert "5.5rem" in code_rule  # the room code for the back row (it was a 42 px heading)


@pytest.mark.parametrize(
    ("in_link", "parsed", "linked"),
    [
        (None, 1, None),  # the presenter's private link, /rounds?room=CODE: no stage, the field's default
        ("1", 1, 1),
        ("3", 3, 3),
        (" 2", 2, 2),
        ("abc", 1, None),  # refused by the field (its default, 1): no stage the link was made at
        ("99", 1, None),
    ],
)
def test_a_link_was_made_at_a_stage_only_when_it_says_one(
    in_link: str | None, parsed: int, linked: int | None
) -> None:
    assert rounds.linked_stage(in_link, parsed) == linked


def test_the_phone_s_options_carry_the_presenter_s_numbers_in_the_room_s_order() -> None:
    stage = CASE.stages[0]
    order = tuple(reversed(range(len(stage.options))))
    labels = rounds.numbered(stage, order)
    assert list(labels) == list(order)  # in the room's order, keyed by the original index
    assert labels[order[0]] == f"1\\. {stage.options[order[0]].text}"  # the period escaped: not a list
    assert labels[0] == f"{len(stage.options)}\\. {stage.options[0].text}"


def test_the_phone_s_result_bars_share_the_green_rule_with_the_room() -> None:
    assert rounds.RESULT_CSS in rounds.ROOM_CSS
    rule = rounds.RESULT_CSS.split(f'[class*="st-key-{rounds.RIGHT_KEY}"]', 1)[1].split("}", 1)[0]
    assert palette.GREEN in rule


def test_a_voter_id_from_a_link_is_trusted_only_in_the_shape_the_page_draws() -> None:
    drawn = {polls.new_voter_id() for _ in range(200)}
    assert len(drawn) == 200 and all(polls.is_voter_id(voter) for voter in drawn)
    voter = next(iter(drawn))
    forgeries = ("", voter[:-1], voter + "a", voter[:-1] + "=", voter[:-1] + " ", voter[:-1] + "é", None, 7)
    for forged in forgeries:
        assert not polls.is_voter_id(forged), forged


def test_the_room_s_audience_link_carries_the_code_alone() -> None:
    link = share.audience_link("https://crlm.example.org/teach/rounds?room=X&key=s&present=1", "ACDEF")
    assert link == "https://crlm.example.org/teach/vote?room=ACDEF"  # no voter id, no key: each phone its own


def test_one_control_leads_each_step_and_reveal_never_before_or_during_voting() -> None:
    asked = polls.RoomState("ACDEF", "c", "s1", False, False, None, 0.0, 1.0)  # voting never opened

    def room(**changes: bool | int) -> polls.RoomState:
        return replace(asked, **changes)  # type: ignore[arg-type]

    assert rounds.lead_control(room(), asks=True) == "Open voting"  # never opened: nothing to reveal yet
    assert rounds.lead_control(room(n_options=3, question_open=True), asks=True) == "Close voting"
    assert rounds.lead_control(room(n_options=3), asks=True) == "Reveal"  # opened, then closed
    assert rounds.lead_control(room(n_options=3, revealed=True), asks=True) == "Next"
    assert rounds.lead_control(room(), asks=False) == "Next"  # no question, or not the room's stage
