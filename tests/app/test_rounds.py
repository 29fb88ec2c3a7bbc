"""AppTest of grand rounds: a presenter opens a room and an audience votes; authority and bad input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import crlm_content
from crlm_app import polls, rounds
from crlm_app.markup import md as markup_md
from crlm_content import cases, palette
from devtools import redis

from ..conftest import require_redis
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


def controls(at) -> set[str]:  # type: ignore[no-untyped-def]
    """The labels of the page's buttons and popovers (End the room opens a popover that asks first)."""
    return {b.label for b in at.button} | {p.proto.popover.label for p in at.get("popover")}


def voting_room(params: dict[str, str] | None = None) -> tuple[AppTest, str]:
    """A presenter who has opened a room and its voting (``params``: the presenter page's link)."""
    presenter = run_page(PRESENTER, params or {})
    click(presenter, "Open a room")
    room = presenter.query_params["room"]
    click(presenter, "Open voting")
    return presenter, room


def unmarked(bar: str) -> str:
    """A result bar's text without the board's answer's ✓ and bold."""
    return plain(bar).replace("✓ ", "").replace("**", "")


def test_the_vote_button_keeps_its_label_and_the_vote_is_confirmed_as_a_status() -> None:
    """The button read "Change my vote" after a vote: a new button, and a keyboard's focus fell to the page's
    top; the confirmation was a caption, which a screen reader does not announce. Now the same "Vote", and
    the confirmation an info box (role=status), which says the vote can change while voting is open."""
    stage = CASE.stages[0]
    presenter, room = voting_room({"case": CASE.key})
    phone = run_page(AUDIENCE, {"room": room})
    order = cases.room_order(room, CASE.key, stage)
    assert not phone.info
    phone.radio[0].set_value(order[0])
    click(phone, "Vote")
    assert [b.label for b in phone.button if b.label.startswith(("Vote", "Change"))] == ["Vote"]
    (confirmation,) = [plain(i.value) for i in phone.info]
    assert f"Your answer: {stage.options[order[0]].text}" in confirmation
    assert "change your vote" in confirmation
    click(presenter, "Close voting")
    phone.run()
    assert not any("Your answer" in i.value for i in phone.info)  # closed: nothing to change; a plain line
    assert any(plain(c.value) == f"Your answer: {stage.options[order[0]].text}" for c in phone.caption)


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
    click(audience, "Vote")  # one label before and after voting: the pressed button keeps the focus

    presenter.run()
    assert "1 answer** · voting open" in text(presenter)
    click(presenter, "Reveal")
    assert "board's answer" in "\n".join(p.proto.text for p in presenter.get("progress"))
    audience.run()
    assert "**Why.**" in text(audience)
    why = next(m.value for m in audience.markdown if m.value.startswith("**Why.**"))
    presented = next(m.value for m in presenter.markdown if m.value.startswith("**Why.**"))
    assert why == presented and "](" in why  # the phone's reveal carries the same cited references


@pytest.mark.parametrize("key", ["atrophic-liver-after-26-weeks", "ras-wild-type-braf-pending"])
def test_a_stage_without_a_question_gives_the_phones_its_reasoning_and_citations(key: str) -> None:
    """The projector showed an outcome's (or "Two months on"'s) "Why." with its references; the phones showed
    its facts and stopped there, with no reasoning and no citation."""
    case = next(c for c in cases.load_cases(crlm_content.get_catalog()) if c.key == key)
    last = len(case.stages)
    assert not case.stages[-1].question and case.stages[-1].evidence_ids  # the stage this test is about
    presenter = run_page(PRESENTER, {"case": key})
    click(presenter, "Open a room")
    for _ in range(last - 1):
        click(presenter, "Next")
    assert f"stage {last} of {last}" in "\n".join(c.value for c in presenter.caption)
    phone = run_page(AUDIENCE, {"room": presenter.query_params["room"]})
    assert plain(phone.header[0].value) == case.stages[-1].title
    presented = next(m.value for m in presenter.markdown if m.value.startswith("**Why.**"))
    why = [m.value for m in phone.markdown if m.value.startswith("**Why.**")]
    assert why == [presented] and "](" in presented  # the projector's reasoning, with its linked references


def test_an_unknown_room_and_a_forged_key_get_messages_not_tracebacks() -> None:
    audience = run_page(AUDIENCE, {"room": "ACDEF"})
    assert any("ended, or the code is unknown" in w.value for w in audience.warning)
    presenter = run_page(PRESENTER)
    click(presenter, "Open a room")
    room = presenter.query_params["room"]
    forged = run_page(PRESENTER, {"room": room, "key": "not-the-secret"})
    assert not controls(forged) & {"Open voting", "Reveal", "Next", "End the room"}
    assert [w.value for w in forged.warning] == [rounds.wrong_key_message(room)]


def test_a_closed_question_refuses_a_vote_with_a_message() -> None:
    presenter, room = voting_room()
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
    numbered = [f"{n}. {text}" for n, text in enumerate(shown, start=1)]
    for phone in phones:
        assert [plain(option) for option in phone.radio[0].options] == numbered  # the presenter's numbers
    position = next(p for p, i in enumerate(order) if stage.options[i].correct)
    for phone in phones:
        phone.radio[0].set_value(order[position])  # the widget's value at that position: the original index
        click(phone, "Vote")
    assert polls.get_store().counts(room, stage.key)[order[position]] == 2  # counted for the key itself

    click(presenter, "Reveal")
    bars = [unmarked(p.proto.text) for p in presenter.get("progress")]
    assert [bar.split(": ")[0] for bar in bars] == [f"{n}. {text}" for n, text in enumerate(shown, start=1)]
    assert "100%" in bars[position] and "board's answer" in bars[position]
    for phone in phones:
        phone.run()
        assert [unmarked(p.proto.text).split(": ")[0] for p in phone.get("progress")] == numbered


def test_a_presenter_link_from_an_earlier_stage_shows_the_rooms_stage_and_acts_on_it() -> None:
    """The link copied at stage 1, opened after Next, Next (a crash, the podium PC): the screen showed stage 1
    while the phones were on stage 3, and Open voting / Reveal acted on stage 3."""
    presenter = run_page(PRESENTER, {"case": CASE.key})
    click(presenter, "Open a room")
    room, secret = presenter.query_params["room"], presenter.query_params["key"]
    copied = {"case": CASE.key, "room": room, "key": secret, "stage": "1"}
    click(presenter, "Next")
    click(presenter, "Next")
    assert polls.get_store().room(room).stage_key == CASE.stages[2].key  # type: ignore[union-attr]

    podium = run_page(PRESENTER, copied)
    third = CASE.stages[2]
    assert f"stage 3 of {len(CASE.stages)}" in "\n".join(c.value for c in podium.caption)
    assert plain(podium.header[0].value) == third.title
    assert podium.query_params["stage"] == "3"  # written back to the link
    assert any("moved on to stage 3" in i.value for i in podium.info)
    click(podium, "Open voting")
    state = polls.get_store().room(room)
    assert state is not None and (state.stage_key, state.question_open) == (third.key, True)
    assert not podium.warning
    assert not any("moved on" in i.value for i in podium.info)  # the link's stage is told once
    click(presenter, "Next")
    podium.run()
    assert "stage 4 of" in "\n".join(c.value for c in podium.caption)
    assert not any("moved on" in i.value or "link was made" in i.value for i in podium.info)


def test_a_screen_following_the_room_is_never_told_its_link_is_old() -> None:
    """A second screen without the key (the room's projector view) follows the room: each Next was read as
    "This link was made at stage N; the room has moved on", the session's last stage taken for the link's."""
    presenter = run_page(PRESENTER, {"case": CASE.key})
    click(presenter, "Open a room")
    follower = run_page(PRESENTER, {"case": CASE.key, "room": presenter.query_params["room"]})
    for now in (2, 3):
        click(presenter, "Next")
        follower.run()
        assert f"stage {now} of" in "\n".join(c.value for c in follower.caption)
        assert not any("moved on" in i.value or "link was made" in i.value for i in follower.info), now


def test_a_second_presenter_tab_cannot_act_on_a_stage_it_does_not_show() -> None:
    first = run_page(PRESENTER, {"case": CASE.key})
    click(first, "Open a room")
    room, secret = first.query_params["room"], first.query_params["key"]
    second = run_page(PRESENTER, {"case": CASE.key, "room": room, "key": secret})
    asked: set[int] = set()  # the stages whose voting was opened
    for label, move, now in (("Open voting", "Next", 2), ("Reveal", "Next", 3), ("Next", "Back", 2)):
        if label == "Reveal":  # Reveal is enabled once the stage's voting was opened (here, and closed)
            click(first, "Open voting")
            click(first, "Close voting")
            asked.add(2)
        second.run()
        click(second, move)  # the room moves on; the first tab still shows the stage before
        next(b for b in first.button if b.label == label).click().run()
        assert any("nothing was changed" in w.value for w in first.warning), label
        state = polls.get_store().room(room)
        assert state is not None and state.stage_key == CASE.stages[now - 1].key, label
        n_options = len(CASE.stages[now - 1].options) if now in asked else None
        assert (state.question_open, state.revealed, state.n_options) == (False, False, n_options), label
        caption = "\n".join(c.value for c in first.caption)
        assert f"stage {now} of" in caption, label  # the tab now shows the room's stage
        assert not any("moved on" in i.value for i in first.info), label  # the warning says it, once


def test_before_voting_opens_presenter_and_phone_say_the_same() -> None:
    presenter = run_page(PRESENTER, {"case": CASE.key})
    click(presenter, "Open a room")
    room = presenter.query_params["room"]
    assert "**0 answers** · voting has not opened yet" in text(presenter)
    assert "voting closed" not in text(presenter)
    phone = run_page(AUDIENCE, {"room": room})
    assert [i.value for i in phone.info] == ["Voting has not opened yet."]
    click(presenter, "Open voting")
    click(presenter, "Close voting")
    assert "**0 answers** · voting closed" in text(presenter)
    phone.run()
    assert [i.value for i in phone.info] == ["Voting closed."]


def test_the_phone_shows_the_stage_s_facts_above_its_question() -> None:
    presenter = run_page(PRESENTER, {"case": CASE.key})
    click(presenter, "Open a room")
    click(presenter, "Open voting")
    phone = run_page(AUDIENCE, {"room": presenter.query_params["room"]})
    stage = CASE.stages[0]
    (facts,) = phone.expander
    assert facts.label == "What is known" and facts.proto.expanded
    assert plain(facts.markdown[0].value) == stage.known
    values = [m.value for m in phone.markdown]
    assert values.index(facts.markdown[0].value) < values.index(f"**{markup_md(stage.question or '')}**")


MANY = next(
    c
    for c in cases.load_cases(crlm_content.get_catalog())
    if c.key == "synchronous-solitary-after-obstruction"
)


def test_a_stage_with_several_right_answers_is_polled_as_choose_all_that_apply() -> None:
    stage = MANY.stages[0]
    assert stage.multiple and stage.question
    right = [i for i, o in enumerate(stage.options) if o.correct]
    wrong = [i for i, o in enumerate(stage.options) if not o.correct]
    presenter = run_page(PRESENTER, {"case": MANY.key})
    click(presenter, "Open a room")
    room = presenter.query_params["room"]
    order = cases.room_order(room, MANY.key, stage)
    assert any("Choose all that apply" in c.value for c in presenter.caption)
    click(presenter, "Open voting")
    assert polls.get_store().room(room).multiple  # type: ignore[union-attr]

    phones = [run_page(AUDIENCE, {"room": room}) for _ in range(3)]
    for phone in phones:
        assert not phone.radio
        assert [plain(c.label) for c in phone.checkbox] == [
            f"{n}. {stage.options[i].text}" for n, i in enumerate(order, start=1)
        ]
        assert "Choose all that apply:" in text(phone)
    box = {i: n for n, i in enumerate(order)}  # original index -> its checkbox on the page
    ann, bob, cat = phones
    for i in right:
        ann.checkbox[box[i]].check()
    click(ann, "Vote")
    bob.checkbox[box[right[0]]].check()
    bob.checkbox[box[wrong[0]]].check()
    click(bob, "Vote")
    click(cat, "Vote")  # nothing ticked: told, not counted
    assert any("at least one" in w.value for w in cat.warning)
    store = polls.get_store()
    assert store.voters(room, stage.key) == 2
    counts = store.counts(room, stage.key)
    assert counts[right[0]] == 2 and counts[right[1]] == 1 and counts[wrong[0]] == 1
    bob.checkbox[box[wrong[0]]].uncheck()  # a changed vote replaces the set
    click(bob, "Vote")
    counts = store.counts(room, stage.key)
    assert counts[wrong[0]] == 0 and counts[right[0]] == 2 and store.voters(room, stage.key) == 2
    assert [c.value for c in bob.checkbox] == [i == right[0] for i in order]  # the voter's answer, ticked

    presenter.run()
    assert "**2 answers**" in text(presenter)
    click(presenter, "Reveal")
    bars = {
        unmarked(p.proto.text).split(": ")[0].split(". ", 1)[1]: p.proto.text
        for p in presenter.get("progress")
    }
    for i in right:
        bar = bars[stage.options[i].text]
        assert bar.startswith("✓ **") and "board's answer" in bar
    assert "100%" in bars[stage.options[right[0]].text] and "50%" in bars[stage.options[right[1]].text]
    assert not any("board's answer" in bars[stage.options[i].text] for i in wrong)
    # the bars carry the numbered options and their ✓: the list above them is not drawn a second time
    assert not any(m.value.startswith("1. ") for m in presenter.markdown)
    assert sum(bar.startswith("✓ **") for bar in bars.values()) == len(right)
    assert any("2 voters (each could choose several)" in c.value for c in presenter.caption)
    ann.run()
    assert any("2 voters (each could choose several)" in c.value for c in ann.caption)  # the presenter's


def test_the_presenter_s_private_link_is_on_its_screen_and_a_keyless_view_has_no_controls() -> None:
    presenter = run_page(PRESENTER, {"case": CASE.key})
    click(presenter, "Open a room")
    room = presenter.query_params["room"]
    (private,) = [e for e in presenter.expander if "private" in e.label]
    assert "do not share" in private.label and not private.proto.expanded
    viewer = run_page(PRESENTER, {"case": CASE.key, "room": room, "stage": "2"})  # the old share link
    labels = controls(viewer)
    assert not labels & {"Open voting", "Close voting", "Reveal", "Next", "Back", "End the room"}
    assert not [e for e in viewer.expander if "private" in e.label]
    assert any("without its controls" in i.value for i in viewer.info)
    assert "stage 1 of" in "\n".join(c.value for c in viewer.caption)  # the room's stage, not the link's


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_redis()  # skips without redis-server; fails instead under CRLM_REQUIRE_REDIS=1 (CI)
    server = redis.start(tmp_path_factory.mktemp("redis"))
    yield server.url
    server.stop()


@pytest.fixture(params=["sqlite", "redis"])
def store_setting(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both stores behind the page: SQLite in the test's folder, or a real redis-server."""
    setting = "sqlite" if request.param == "sqlite" else str(request.getfixturevalue("redis_url"))
    monkeypatch.setenv("CRLM_POLL_STORE", setting)
    return setting


@pytest.mark.parametrize("room_stage", [None, "a-stage-the-case-no-longer-has"])
def test_a_room_without_a_stage_of_its_case_can_be_moved_on(
    store_setting: str, room_stage: str | None
) -> None:
    """A room showing no stage (its first advance failed) or one its case's content dropped: the screen drew
    stage 1 and Back/Next passed stage 1's key, which the store refused as StageMoved at every click."""
    store = polls.get_store()
    opened = store.open_room(CASE.key)
    if room_stage:
        store.advance(opened.code, opened.presenter_secret, room_stage)
    link = {"case": CASE.key, "room": opened.code, "key": opened.presenter_secret}
    presenter = run_page(PRESENTER, link)
    assert any("shows no stage of this case" in i.value for i in presenter.info)
    labels = {b.label: b for b in presenter.button}
    assert labels["Back"].disabled and not labels["Next"].disabled
    assert not labels.keys() & {"Open voting", "Close voting", "Reveal"}  # the room is not on this stage
    click(presenter, "Next")  # shows the stage drawn, stage 1, to the room
    assert not presenter.warning, [w.value for w in presenter.warning]
    state = store.room(opened.code)
    assert state is not None and state.stage_key == CASE.stages[0].key
    click(presenter, "Next")
    state = store.room(opened.code)
    assert state is not None and state.stage_key == CASE.stages[1].key
    assert "stage 2 of" in "\n".join(c.value for c in presenter.caption)
    assert not presenter.warning and not any("shows no stage" in i.value for i in presenter.info)


def test_a_stored_vote_no_longer_among_the_options_selects_nothing() -> None:
    """The case's content changed during the room (a stage lost an option): the phone's stored answer is an
    index past the last option, and selecting it raised ValueError (a traceback)."""
    stage = CASE.stages[0]
    n = len(stage.options)
    store = polls.get_store()
    opened = store.open_room(CASE.key)
    store.advance(opened.code, opened.presenter_secret, stage.key)
    store.open_question(opened.code, opened.presenter_secret, n + 1, stage=stage.key)
    voter = polls.new_voter_id()
    store.vote(opened.code, voter, stage.key, n, n + 1)  # the option the content has since dropped
    phone = run_page(AUDIENCE, {"room": opened.code, "voter": voter})  # the phone's own link
    (radio,) = phone.radio
    assert radio.index is None and [plain(option) for option in radio.options] == [
        f"{n}. {stage.options[i].text}"
        for n, i in enumerate(cases.room_order(opened.code, CASE.key, stage), start=1)
    ]
    assert any("not one of these answers any more" in c.value for c in phone.caption)


def test_a_presenter_link_without_a_stage_is_never_told_it_is_old() -> None:
    """The private link (room and key, no stage) or the audience-style ``/rounds?room=CODE`` opened after
    Next: the link's stage defaulted to 1 and read as "This link was made at stage 1"."""
    presenter = run_page(PRESENTER, {"case": CASE.key})
    click(presenter, "Open a room")
    room, secret = presenter.query_params["room"], presenter.query_params["key"]
    click(presenter, "Next")
    links = ({"room": room, "key": secret}, {"room": room}, {"case": CASE.key, "room": room, "key": secret})
    for link in links:
        opened = run_page(PRESENTER, link)
        assert "stage 2 of" in "\n".join(c.value for c in opened.caption), link
        assert not any("link was made" in i.value for i in opened.info), link
    old = run_page(PRESENTER, {"room": room, "key": secret, "stage": "1"})
    assert [i.value for i in old.info if "link was made" in i.value] == [
        "This link was made at stage 1; the room has moved on to stage 2, shown here."
    ]
    old.run()
    assert not any("link was made" in i.value for i in old.info)  # told once


def notices(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.value for w in at.warning]


def test_a_refused_vote_s_message_stays_through_the_phone_s_refreshes() -> None:
    """The phone's question redraws every 3 s: "Choose at least one answer first." and "Voting on this
    question is closed." were shown once, gone before a voter looking away saw them."""
    stage = MANY.stages[0]
    presenter, room = voting_room({"case": MANY.key})
    phone = run_page(AUDIENCE, {"room": room})
    click(phone, "Vote")  # nothing ticked
    assert notices(phone) == ["Choose at least one answer first."]
    for _ in range(2):
        phone.run()  # the refresh
        assert notices(phone) == ["Choose at least one answer first."]
    phone.checkbox[0].check()
    click(phone, "Vote")  # the next vote, counted: the message goes
    assert not notices(phone)
    assert polls.get_store().voters(room, stage.key) == 1

    late = run_page(AUDIENCE, {"room": room})
    late.checkbox[1].check()
    click(presenter, "Close voting")
    click(late, "Vote")  # pressed just after the presenter closed voting
    (closed,) = notices(late)
    assert "closed" in closed.lower()
    late.run()
    assert notices(late) == [closed]  # still there after the refresh
    click(presenter, "Reveal")  # the voting state changed: the message is out of date
    late.run()
    assert not notices(late)


def test_an_empty_vote_s_message_goes_when_the_room_moves_on() -> None:
    presenter = run_page(PRESENTER, {"case": CASE.key})
    click(presenter, "Open a room")
    click(presenter, "Open voting")
    phone = run_page(AUDIENCE, {"room": presenter.query_params["room"]})
    click(phone, "Vote")  # nothing picked
    assert notices(phone) == ["Choose an answer first."]
    phone.run()
    assert notices(phone) == ["Choose an answer first."]
    click(presenter, "Next")
    phone.run()
    assert not notices(phone)


def green(at) -> list[str]:  # type: ignore[no-untyped-def]
    """The result bars drawn in the board's answers' colour: inside a container keyed ``rounds.RIGHT_KEY``,
    on a page whose style sheet colours those containers' bars palette.GREEN."""
    sheet = "\n".join(h.proto.body for h in at.get("html"))
    rule = sheet.split(f'[class*="st-key-{rounds.RIGHT_KEY}"]', 1)
    if len(rule) < 2 or palette.GREEN not in rule[1].split("}", 1)[0]:
        return []
    found: list[str] = []

    def walk(node, inside: bool) -> None:  # type: ignore[no-untyped-def]
        block_id = str(getattr(getattr(node, "proto", None), "id", "") or "")
        inside = inside or f"-{rounds.RIGHT_KEY}_" in block_id
        if getattr(node, "type", None) == "progress" and inside:
            found.append(unmarked(node.proto.text))
        for child in (getattr(node, "children", None) or {}).values():
            walk(child, inside)

    walk(at._tree, False)
    return found


@pytest.mark.parametrize("case", [CASE, MANY], ids=["one-answer", "several-answers"])
def test_the_phone_numbers_options_and_results_as_the_presenter_and_colours_the_board_s_answers(
    case: cases.Case,
) -> None:
    """When the presenter says "option 3", the phone's option 3 is the same answer; after Reveal the phone's
    result bars carry those numbers and the board's answers are green there as on the projector."""
    stage = case.stages[0]
    presenter, room = voting_room({"case": case.key})
    listed = plain(next(m.value for m in presenter.markdown if m.value.startswith("1. "))).splitlines()
    phone = run_page(AUDIENCE, {"room": room})
    labels = [c.label for c in phone.checkbox] if stage.multiple else phone.radio[0].options
    assert [plain(label) for label in labels] == listed
    if stage.multiple:
        phone.checkbox[0].check()
    else:
        phone.radio[0].set_value(cases.room_order(room, case.key, stage)[0])
    click(phone, "Vote")
    click(presenter, "Reveal")
    phone.run()
    on_projector = [unmarked(p.proto.text) for p in presenter.get("progress")]
    on_phone = [unmarked(p.proto.text) for p in phone.get("progress")]
    assert on_phone == on_projector and [bar.split(". ", 1)[0] for bar in on_phone] == [
        str(n) for n in range(1, len(stage.options) + 1)
    ]
    texts = {o.text for o in stage.options if o.correct}
    right = [bar for bar in on_phone if bar.split(". ", 1)[1].rsplit(": ", 1)[0] in texts]
    assert green(presenter) == right and green(phone) == right and right


def test_a_reloaded_vote_page_or_a_second_tab_is_the_same_voter() -> None:
    """The voter id lived in the Streamlit session only: a phone that reloaded /vote?room=CODE, or opened it
    in a second tab, was a new session and a new voter, and one person counted as "2 answers"."""
    stage = CASE.stages[0]
    presenter, room = voting_room({"case": CASE.key})
    store = polls.get_store()

    phone = run_page(AUDIENCE, {"room": room})  # the QR code's link: the room code alone
    voter = phone.query_params.get("voter")
    assert polls.is_voter_id(voter)  # drawn on the first load and put in the phone's link
    order = cases.room_order(room, CASE.key, stage)
    phone.radio[0].set_value(order[0])
    click(phone, "Vote")
    assert phone.query_params["voter"] == voter

    reloaded = run_page(AUDIENCE, dict(phone.query_params))  # a new session on the same URL
    assert reloaded.query_params["voter"] == voter
    (radio,) = reloaded.radio
    assert radio.value == order[0]  # its earlier answer, selected
    assert any(f"Your answer: {stage.options[order[0]].text}" in plain(i.value) for i in reloaded.info)
    reloaded.radio[0].set_value(order[1])
    click(reloaded, "Vote")
    second_tab = run_page(AUDIENCE, {"room": room, "voter": voter})
    second_tab.radio[0].set_value(order[2])
    click(second_tab, "Vote")
    assert store.voters(room, stage.key) == 1  # one person, however many sessions
    counts = store.counts(room, stage.key)
    assert counts[order[2]] == 1 and sum(counts) == 1  # the last answer, counted once

    other = run_page(AUDIENCE, {"room": room})  # another phone scanning the same QR code
    assert polls.is_voter_id(other.query_params.get("voter")) and other.query_params["voter"] != voter
    other.radio[0].set_value(order[0])
    click(other, "Vote")
    assert store.voters(room, stage.key) == 2
    click(presenter, "Reveal")
    assert "voter" not in presenter.query_params


def test_back_to_the_room_s_own_link_keeps_the_phone_s_voter_id() -> None:
    """Back from /vote?room=CODE&voter=ID to the room's own link (no id) re-read the link, drew a new id and
    let the same phone vote again: the presenter read '2 answers' for one person."""
    stage = CASE.stages[0]
    _presenter, room = voting_room({"case": CASE.key})
    phone = run_page(AUDIENCE, {"room": room})
    voter = phone.query_params["voter"]
    order = cases.room_order(room, CASE.key, stage)
    phone.radio[0].set_value(order[0])
    click(phone, "Vote")
    phone.query_params.clear()
    phone.query_params["room"] = room  # Back: the history entry before the id was written
    phone.run()
    assert not phone.exception
    assert phone.query_params["voter"] == voter  # the session's id, not a new one
    answer = f"Your answer: {stage.options[order[0]].text}"
    assert any(answer in plain(i.value) for i in phone.info)  # its answer still stands
    assert polls.get_store().voters(room, stage.key) == 1


@pytest.mark.parametrize(
    "forged",
    ["short", "a" * 21 + "!", "a" * 23, "<b>" + "a" * 19, "a" * 300],
    ids=["short", "bad-character", "too-long", "markup", "very-long"],
)
def test_a_voter_id_of_the_wrong_shape_in_the_link_is_replaced_not_trusted(forged: str) -> None:
    _presenter, room = voting_room({"case": CASE.key})
    phone = run_page(AUDIENCE, {"room": room, "voter": forged})
    voter = phone.query_params["voter"]
    assert voter != forged and polls.is_voter_id(voter)
    phone.radio[0].set_value(0)
    click(phone, "Vote")
    assert polls.get_store().my_vote(room, voter, CASE.stages[0].key) == frozenset({0})
    assert polls.get_store().my_vote(room, forged[:64], CASE.stages[0].key) is None


CONTROLS = {"Open voting", "Close voting", "Reveal", "Next", "Back", "End the room"}


def test_a_truncated_presenter_link_gets_the_audience_view_and_one_message_never_the_controls(
    store_setting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/rounds?room=CODE&key=<wrong> drew every control and the private link's expander with the wrong key,
    and each click then said "Only the presenter's link may run room ...": any key counted as the
    presenter's. The key is now checked with the store (a read, once per session) before anything is drawn."""
    presenter = run_page(PRESENTER, {"case": CASE.key})
    click(presenter, "Open a room")
    room, secret = presenter.query_params["room"], presenter.query_params["key"]
    store = polls.get_store()
    asked: list[str] = []
    check = store.is_presenter

    def counted(code: str, key: str) -> bool:
        asked.append(key)
        return check(code, key)

    monkeypatch.setattr(store, "is_presenter", counted)

    truncated = run_page(PRESENTER, {"case": CASE.key, "room": room, "key": secret[:-4]})
    assert not controls(truncated) & CONTROLS
    assert not [e for e in truncated.expander if "private" in e.label]
    assert [w.value for w in truncated.warning] == [rounds.wrong_key_message(room)]
    assert not any("without its controls" in i.value for i in truncated.info)  # one message, not two
    assert "key" not in truncated.query_params  # the wrong key is out of the link
    assert f"stage 1 of {len(CASE.stages)}" in "\n".join(c.value for c in truncated.caption)  # the room
    truncated.run()
    assert not controls(truncated) & CONTROLS
    assert not truncated.warning and any("without its controls" in i.value for i in truncated.info)
    assert asked == [secret[:-4]]

    podium = run_page(PRESENTER, {"case": CASE.key, "room": room, "key": secret})  # the full link
    assert controls(podium) >= CONTROLS
    assert not podium.warning and podium.query_params["key"] == secret
    for _ in range(3):
        podium.run()
    assert asked == [secret[:-4], secret]  # asked once per session, not at every run
    click(podium, "Next")
    state = store.room(room)
    assert state is not None and state.stage_key == CASE.stages[1].key


def test_back_to_a_revealed_stage_shows_its_results_again(store_setting: str) -> None:
    """Back to a revealed stage dropped its reveal: the projector and the phones lost the results and the
    reasoning of the stage the room was discussing."""
    presenter, room = voting_room({"case": CASE.key})
    phone = run_page(AUDIENCE, {"room": room})
    phone.radio[0].set_value(0)
    click(phone, "Vote")
    click(presenter, "Reveal")
    revealed = [unmarked(p.proto.text) for p in presenter.get("progress")]
    assert revealed and "**Why.**" in text(presenter)
    click(presenter, "Next")
    assert not presenter.get("progress") and "**Why.**" not in text(presenter)
    click(presenter, "Back")
    assert "stage 1 of" in "\n".join(c.value for c in presenter.caption)
    assert [unmarked(p.proto.text) for p in presenter.get("progress")] == revealed  # the same results
    assert "**Why.**" in text(presenter) and "answers revealed" in text(presenter)
    phone.run()
    assert [unmarked(p.proto.text) for p in phone.get("progress")] == revealed and "**Why.**" in text(phone)
    assert not phone.get("form")  # revealed: no voting


def buttons(at) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {b.label: b for b in at.button}


def test_reveal_waits_until_voting_has_opened_and_one_control_leads_each_step() -> None:
    """Reveal (blue, beside Next) at a question stage whose voting never opened showed "0 answers · answers
    revealed" and put the board's answer and its reasoning on every phone before anyone could answer."""
    presenter = run_page(PRESENTER, {"case": CASE.key})
    click(presenter, "Open a room")
    room = presenter.query_params["room"]
    phone = run_page(AUDIENCE, {"room": room})

    def primary() -> list[str]:
        return [b.label for b in presenter.button if b.proto.type == "primary" and b.label in CONTROLS]

    reveal = buttons(presenter)["Reveal"]
    assert reveal.disabled and reveal.proto.help == rounds.REVEAL_AFTER_VOTING  # type: ignore[attr-defined]
    assert primary() == ["Open voting"]
    with pytest.raises(Exception, match="disabled"):  # a browser cannot press it either
        reveal.click()  # type: ignore[attr-defined]
    state = polls.get_store().room(room)
    assert state is not None and (state.revealed, state.n_options) == (False, None)
    phone.run()
    assert "**Why.**" not in text(phone) and not phone.get("progress")

    click(presenter, "Open voting")
    assert not buttons(presenter)["Reveal"].disabled  # type: ignore[attr-defined]
    assert primary() == ["Close voting"]  # not Reveal while the room is still answering
    click(presenter, "Close voting")
    assert primary() == ["Reveal"]
    click(presenter, "Reveal")
    assert primary() == ["Next"] and "answers revealed" in text(presenter)
    phone.run()
    assert "**Why.**" in text(phone)


def test_ending_the_room_is_asked_first_and_sits_apart_from_the_stage_controls() -> None:
    """End the room (it deletes every vote) ended the room at one click, right after Reveal, and on a stage
    without a question it slid into the place where Open voting had been."""
    presenter, room = voting_room({"case": CASE.key})
    phone = run_page(AUDIENCE, {"room": room})
    phone.radio[0].set_value(0)
    click(phone, "Vote")
    store = polls.get_store()
    assert store.voters(room, CASE.stages[0].key) == 1

    (ending,) = [p for p in presenter.get("popover") if p.proto.popover.label == rounds.END_ROOM]
    assert rounds.END_ROOM not in buttons(presenter)  # no one-click button: a popover that asks
    inside = {b.label for b in ending.button}
    assert inside == {rounds.END_CONFIRM, rounds.END_KEEP}
    assert any(f"End room {room} for everyone" in plain(m.value) for m in ending.markdown)
    row = [b.label for b in presenter.button]
    assert row.index(rounds.END_CONFIRM) > row.index("Reveal")  # after the stage's controls, in its own box

    click(presenter, rounds.END_KEEP)
    assert store.room(room) is not None and store.voters(room, CASE.stages[0].key) == 1
    assert presenter.query_params["room"] == room
    click(presenter, rounds.END_CONFIRM)
    assert store.room(room) is None
    assert "room" not in presenter.query_params and any(b.label == "Open a room" for b in presenter.button)
    phone.run()
    assert any("ended" in w.value for w in phone.warning)


def test_the_presenter_s_private_link_is_not_beside_the_audience_qr_code_and_says_not_to_project_it() -> None:
    """The private link's expander sat under the audience's QR code, on the projected screen, and said only
    "do not share": opened there, the room read the key that runs the room."""
    presenter = run_page(PRESENTER, {"case": CASE.key})
    click(presenter, "Open a room")
    code_column = presenter.columns[0]
    assert next(m.value for m in code_column.markdown) == "Join at"  # the audience's code and QR code
    assert not code_column.expander
    (private,) = [e for e in presenter.expander if "private" in e.label]
    assert "projector" in private.label and not private.proto.expanded
    assert any("never on the projected one" in m.value for m in private.markdown)


def test_the_phone_announces_the_reveal_with_the_board_s_answer() -> None:
    """After Reveal the phone's form went away and the results came with no status message: a screen reader
    heard nothing and the keyboard's focus fell to the top. An info box (role=status) names the board's
    answer, in the stage's own words."""
    presenter = run_page(PRESENTER, {"case": "remnant-after-chemotherapy"})
    click(presenter, "Open a room")
    room = presenter.query_params["room"]
    click(presenter, "Open voting")
    audience = run_page(AUDIENCE, {"room": room})
    assert not any("Answers revealed" in i.value for i in audience.info)
    click(presenter, "Reveal")
    audience.run()
    (said,) = [i.value for i in audience.info if i.value.startswith("Answers revealed.")]
    case = next(
        c for c in cases.load_cases(crlm_content.get_catalog()) if c.key == "remnant-after-chemotherapy"
    )
    stage = case.stages[0]  # the room opens on it
    right = [o.text for o in stage.options if o.correct]
    assert len(right) == 1 and said == f"Answers revealed. The board's answer: {markup_md(right[0])}."
