"""Browser: a presenter and a phone in one room. The phone votes; the presenter's count changes live."""

from __future__ import annotations

import pytest

import crlm_content
from crlm_content.cases import load_cases, room_order
from devtools.browser import wait_for_app
from devtools.server import Server

pytestmark = pytest.mark.e2e
CASE = next(c for c in load_cases(crlm_content.get_catalog()) if c.key == "remnant-after-chemotherapy")
ANSWER = next(o.text for o in CASE.stages[0].options if o.correct)
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}


def test_a_phone_vote_reaches_the_presenters_screen(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    presenter = visit(
        f"{server.url}/rounds?case=remnant-after-chemotherapy&present=1", viewport=PROJECTOR
    ).page
    presenter.get_by_role("button", name="Open a room").click()
    presenter.wait_for_function("() => new URLSearchParams(location.search).get('room')", timeout=10_000)
    wait_for_app(presenter)
    code = presenter.evaluate("() => new URLSearchParams(location.search).get('room')")
    presenter.get_by_role("button", name="Open voting").click()
    presenter.get_by_text("voting open").wait_for(timeout=10_000)
    qr = presenter.get_by_role("img").first.bounding_box()
    assert qr is not None and qr["x"] + qr["width"] <= PROJECTOR["width"]  # the QR code is on screen
    # for a phone that cannot scan: an address to type, the server's own, not an ellipsis
    host = server.url.split("://", 1)[1]
    assert presenter.get_by_text(f"{host}/vote", exact=True).is_visible()

    phone = visit(f"{server.url}/vote?room={code}", viewport=PHONE).page
    assert "key=" not in phone.url
    # the phone lists the options in the presenter's order: the room's, not the data's
    stage = CASE.stages[0]
    shown = [stage.options[i].text for i in room_order(code, CASE.key, stage)]
    listed = [t.strip() for t in presenter.locator("li").all_inner_texts() if t.strip() in shown]
    assert listed == shown
    on_phone = phone.get_by_test_id("stRadio").inner_text()
    assert [on_phone.index(text) for text in shown] == sorted(on_phone.index(text) for text in shown)
    phone.get_by_text(ANSWER).click()
    phone.get_by_role("button", name="Vote").click()
    phone.get_by_text(f"Your answer: {ANSWER}").wait_for(timeout=10_000)

    presenter.get_by_text("1 answer", exact=False).wait_for(
        timeout=10_000
    )  # its fragment refreshes every 2 s
    presenter.get_by_role("button", name="Reveal").click()
    presenter.get_by_text("board's answer").first.wait_for(timeout=10_000)
    # The stage controls stay on the projector's first screen after the reveal (they sat below the stage).
    for name in ("Back", "Next", "End the room"):
        box = presenter.get_by_role("button", name=name).bounding_box()
        assert box is not None and box["y"] + box["height"] <= PROJECTOR["height"], (name, box)
    phone.get_by_text("Why.", exact=False).wait_for(timeout=10_000)  # the phone refreshes itself too
