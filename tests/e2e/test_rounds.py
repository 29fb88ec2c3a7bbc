"""Browser: a presenter and a phone in one room. The phone votes; the presenter's count changes live."""

from __future__ import annotations

import re
from typing import Any

import pytest

import crlm_content
from crlm_app.markup import md
from crlm_app.rounds import ZWSP, breakable_address
from crlm_content.cases import load_cases, room_order
from devtools.browser import wait_for_app
from devtools.server import Server

from ..app.helpers import plain

pytestmark = pytest.mark.e2e
CASE = next(c for c in load_cases(crlm_content.get_catalog()) if c.key == "remnant-after-chemotherapy")
MANY = next(c for c in load_cases(crlm_content.get_catalog()) if c.key == "small-deep-lesion")
ANSWER = next(o.text for o in CASE.stages[0].options if o.correct)
PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
GREEN = "rgb(0, 158, 115)"  # palette.GREEN
BARS_JS = """() => [...document.querySelectorAll('[data-testid=stProgress]')].map((bar) => {
  const text = bar.querySelector('[data-testid=stMarkdownContainer] p');
  const strong = text.querySelector('strong');
  return {text: text.innerText, px: parseFloat(getComputedStyle(text).fontSize),
          strong: strong ? [parseFloat(getComputedStyle(strong).fontSize),
                            parseInt(getComputedStyle(strong).fontWeight)] : null,
          fill: getComputedStyle(bar.querySelector('[data-testid=stProgressBarTrack] > div'))
            .backgroundColor};
})"""


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
    # numbered as the presenter numbers them ("option 3" is the phone's 3), the period read, not a list
    for n, text in enumerate(shown, start=1):
        assert f"{n}. {text}" in on_phone, (n, on_phone)
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
    # the phone's results: the presenter's numbers, and the board's answer's bar in the presenter's green
    phone.locator("[data-testid=stProgress]").nth(len(shown) - 1).wait_for(timeout=10_000)
    wait_for_app(phone)
    bars = phone.evaluate(BARS_JS)
    assert [b["text"].replace("✓ ", "").split(": ")[0] for b in bars] == [
        f"{n}. {text}" for n, text in enumerate(shown, start=1)
    ], bars
    assert [b["fill"] == GREEN for b in bars] == [b["text"].startswith("✓") for b in bars], bars
    assert sum(b["fill"] == GREEN for b in bars) == 1, bars


def _open(chromium_browser: Any, url: str, viewport: dict[str, int], scale: float = 1) -> Any:
    """A page in a fresh context at ``scale`` device pixels per CSS pixel (the visit fixture has no scale)."""
    context = chromium_browser.new_context(viewport=viewport, device_scale_factor=scale)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    return page


# Counts the runs the page finished (the app element's script state turning to notRunning): the phone's
# question is a fragment that reruns every 3 s, and each of its runs turns the state too.
_COUNT_RUNS_JS = """() => {
  if (window.crlmRuns !== undefined) return;
  window.crlmRuns = 0;
  const app = document.querySelector("[data-testid='stApp']");
  new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'notRunning') window.crlmRuns += 1;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def _wait_for_a_run_started_now(page: Any) -> None:
    """Until ``page`` finished a run that started after this call: the second run to finish from now (the
    first may have started before), drawn. Its view is of the room as it stands now."""
    page.evaluate(_COUNT_RUNS_JS)
    done = int(page.evaluate("() => window.crlmRuns"))
    page.wait_for_function(f"() => window.crlmRuns >= {done + 2}", timeout=15_000)
    wait_for_app(page)


def _open_room(page: Any, case: str = CASE.key) -> str:
    page.get_by_role("button", name="Open a room").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('room')", timeout=10_000)
    wait_for_app(page)
    return str(page.evaluate("() => new URLSearchParams(location.search).get('room')"))


def test_a_presenter_link_from_stage_1_opened_after_next_next_shows_and_runs_the_rooms_stage(
    server: Server, visit: Any
) -> None:
    laptop = visit(f"{server.url}/rounds?case={CASE.key}&present=1", viewport=PROJECTOR).page
    code = _open_room(laptop)
    secret = laptop.evaluate("() => new URLSearchParams(location.search).get('key')")
    copied = f"{server.url}/rounds?case={CASE.key}&room={code}&key={secret}&stage=1&present=1"
    for n in (2, 3):
        laptop.get_by_role("button", name="Next").click()
        laptop.get_by_text(f"stage {n} of {len(CASE.stages)}", exact=False).wait_for(timeout=10_000)
    third = CASE.stages[2]

    podium = visit(copied, viewport=PROJECTOR).page  # a fresh browser: after a crash, at the podium PC
    podium.get_by_text(f"stage 3 of {len(CASE.stages)}", exact=False).wait_for(timeout=10_000)
    assert podium.get_by_text(f"stage 1 of {len(CASE.stages)}", exact=False).count() == 0
    assert podium.get_by_text("moved on to stage 3", exact=False).is_visible()
    podium.wait_for_function(
        "() => new URLSearchParams(location.search).get('stage') === '3'", timeout=10_000
    )
    podium.get_by_role("button", name="Open voting").click()
    podium.get_by_text("voting open").wait_for(timeout=10_000)

    phone = visit(f"{server.url}/vote?room={code}", viewport=PHONE).page
    phone.get_by_text(third.question or "", exact=False).wait_for(timeout=10_000)
    podium.get_by_role("button", name="Reveal").click()
    podium.get_by_text("board's answer").first.wait_for(timeout=10_000)
    assert podium.get_by_text(third.title, exact=True).first.is_visible()
    phone.get_by_text("Why.", exact=False).wait_for(timeout=10_000)
    # the laptop's screen follows the room by itself (its count refresh sees the reveal, then a new stage)
    laptop.get_by_text("board's answer").first.wait_for(timeout=15_000)
    podium.get_by_role("button", name="Back").click()
    laptop.get_by_text(f"stage 2 of {len(CASE.stages)}", exact=False).wait_for(timeout=15_000)


LONG_HOST = "crlm-teaching.surgery.example-hospital.org:8611"
LINES_JS = """(el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const lines = []; let top = null; let right = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box) continue;
      if (top === null || Math.abs(box.top - top) > 3) { lines.push(''); top = box.top; }
      lines[lines.length - 1] += node.data[i]; right = Math.max(right, box.right);
    }
  }
  return {lines, right, column: el.closest('[data-testid=stColumn]').getBoundingClientRect().right};
}"""


@pytest.mark.parametrize(
    ("viewport", "scale"),
    [(PROJECTOR, 1), (PROJECTOR, 1.5), ({"width": 853, "height": 480}, 1.5)],  # the last: 150% zoom
    ids=["1280x720", "1280x720-dpr1.5", "1280x720-at-150%"],
)
def test_the_join_address_breaks_only_before_a_dot_or_a_slash(
    server: Server, chromium_browser: Any, viewport: dict[str, int], scale: float
) -> None:
    page = _open(chromium_browser, f"{server.url}/rounds?case={CASE.key}&present=1", viewport, scale)
    try:
        _open_room(page)
        address = page.locator(".st-key-rounds_address strong")
        host = server.url.split("://", 1)[1]
        for shown in (f"{host}/vote", f"{LONG_HOST}/vote"):
            if shown != f"{host}/vote":  # the reported host, written as the page writes it (no such server)
                page.evaluate(
                    "([el, text]) => { el.textContent = text; }",
                    [address.element_handle(), plain(breakable_address(shown, md))],
                )
            found = address.evaluate(LINES_JS)
            lines = [line.replace(ZWSP, "").replace("\u2011", "-") for line in found["lines"]]
            assert "".join(lines) == shown
            assert all(line[0] in "./" for line in lines[1:]), lines  # never "v" / "ote", "exampl" / "e-"
            assert found["right"] <= found["column"] + 1, found
            if shown.startswith("127."):
                assert len(lines) <= 2, lines
    finally:
        page.context.close()


def test_from_the_back_of_the_room_code_qr_and_the_boards_answers_read_at_size(
    server: Server, chromium_browser: Any, visit: Any
) -> None:
    """At 1920x1080 the code was a 42 px heading, the QR code 260 px, and the board's answers a 14 px badge
    beside 23 px text on a bar of the wrong answers' colour. Here on a stage with two right answers, voted on
    a phone's checkboxes."""
    wide = {"width": 1920, "height": 1080}
    page = _open(chromium_browser, f"{server.url}/rounds?case={MANY.key}&present=1", wide)
    try:
        code = _open_room(page)
        page.get_by_role("button", name="Next").click()
        page.get_by_text("Choose all that apply", exact=False).first.wait_for(timeout=10_000)
        page.get_by_role("button", name="Open voting").click()
        page.get_by_text("voting open").wait_for(timeout=10_000)
        sizes = page.evaluate(
            """() => {
              const code = document.querySelector('.st-key-rounds_code p');
              const column = code.closest('[data-testid=stColumn]').getBoundingClientRect();
              const qr = document.querySelector('.st-key-rounds_qr img').getBoundingClientRect();
              return {code: parseFloat(getComputedStyle(code).fontSize),
                      fits: code.scrollWidth <= column.width, qr: qr.width, column: column.width};
            }"""
        )
        assert sizes["code"] >= 80 and sizes["fits"], sizes  # ~5.5rem
        assert sizes["qr"] >= 0.95 * sizes["column"] and sizes["qr"] >= 0.2 * wide["width"], sizes

        stage = MANY.stages[1]
        right = [o.text for o in stage.options if o.correct]
        phone = visit(f"{server.url}/vote?room={code}", viewport=PHONE).page
        phone.get_by_text("Choose all that apply", exact=False).wait_for(timeout=10_000)
        assert phone.get_by_role("radio").count() == 0
        assert phone.get_by_text(stage.known[:40], exact=False).first.is_visible()  # the facts, above
        for text in right:
            phone.get_by_test_id("stCheckbox").filter(has_text=text).click()
        phone.get_by_role("button", name="Vote").click()
        phone.get_by_text("Your answers:", exact=False).wait_for(timeout=10_000)
        page.get_by_text("1 answer", exact=False).wait_for(timeout=10_000)
        page.get_by_role("button", name="Reveal").click()
        page.get_by_text("board's answer").first.wait_for(timeout=10_000)
        page.locator("[data-testid=stProgress]").nth(len(stage.options) - 1).wait_for(timeout=10_000)
        wait_for_app(page)
        bars = page.evaluate(BARS_JS)
        green = GREEN
        marked = [b for b in bars if b["text"].startswith("✓")]
        assert len(marked) == len(right) and all("100%" in b["text"] for b in marked), bars
        for bar in marked:
            assert bar["fill"] == green and bar["strong"][0] >= bar["px"] >= 20 and bar["strong"][1] >= 600, (
                bar
            )
        assert all(b["fill"] != green and b["strong"] is None for b in bars if b not in marked), bars
        assert page.get_by_text("Green bars, ✓ and bold: the board's answers", exact=False).is_visible()
    finally:
        page.context.close()


def test_the_share_panel_of_a_running_room_gives_the_audience_link(server: Server, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{server.url}/rounds?case={CASE.key}").page
    code = _open_room(page)
    page.get_by_role("button", name="Share or present this view").click()
    shared = page.get_by_test_id("stPopoverBody").get_by_test_id("stCode").inner_text().strip()
    assert shared == f"{server.url}/vote?room={code}"
    qr = page.get_by_test_id("stPopoverBody").get_by_role("img").first
    qr.wait_for(timeout=10_000)
    natural, shown = qr.evaluate("(img) => [img.naturalWidth, img.getBoundingClientRect().width]")
    assert natural == shown  # drawn at its own size: every module the same whole number of pixels
    for name in ("QR code (PNG)", "QR code (SVG)"):
        # waited for, not polled once: on a loaded CI machine the buttons came a moment after the image
        page.get_by_role("button", name=name).wait_for(state="visible", timeout=10_000)
    # the presenter's own link: on the presenter's screen, marked private
    assert page.get_by_text("Presenter link: private, do not share").is_visible()


STAGE_CONTROLS = ("Back", "Next", "Open voting", "Close voting", "Reveal", "End the room")


def _below_the_first_screen(page: Any) -> list[tuple[str, Any]]:
    """The presenter's controls whose bottom is below the first screen (the page scrolled to its top)."""
    page.evaluate("() => window.scrollTo(0, 0)")
    wait_for_app(page)
    low = []
    for name in STAGE_CONTROLS:
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        if box is None or box["y"] + box["height"] > PROJECTOR["height"]:
            low.append((name, box))
    return low


def test_the_voting_controls_are_on_the_projectors_first_screen(server: Server, visit: Any) -> None:
    """At 1280x720 in presenter mode Open voting, Close voting and Reveal sat below the stage (Reveal's
    bottom at y~772): the presenter scrolled at every question. They share the row of Back / Next / End."""
    page = visit(f"{server.url}/rounds?case={CASE.key}&present=1", viewport=PROJECTOR).page
    _open_room(page)
    page.get_by_role("button", name="Reveal", exact=True).wait_for(timeout=10_000)
    assert _below_the_first_screen(page) == []
    page.get_by_role("button", name="Open voting", exact=True).click()
    page.get_by_text("voting open").wait_for(timeout=10_000)
    assert _below_the_first_screen(page) == []
    page.get_by_role("button", name="Reveal", exact=True).click()
    page.get_by_text("board's answer").first.wait_for(timeout=10_000)
    assert _below_the_first_screen(page) == []
    reveal = page.get_by_role("button", name="Reveal", exact=True).bounding_box()
    assert reveal is not None and reveal["y"] + reveal["height"] <= PROJECTOR["height"], reveal


def test_reveal_waits_for_voting_and_ending_the_room_asks_first_from_its_own_place(
    server: Server, visit: Any
) -> None:
    """Reveal before Open voting put the board's answer on every phone; End the room ended it at one click,
    beside Reveal, and on a stage without a question it took Open voting's place."""
    page = visit(f"{server.url}/rounds?case={CASE.key}&present=1", viewport=PROJECTOR).page
    code = _open_room(page)
    phone = visit(f"{server.url}/vote?room={code}", viewport=PHONE).page
    phone.get_by_text("Voting has not opened yet").wait_for(timeout=10_000)
    reveal = page.get_by_role("button", name="Reveal", exact=True)
    assert reveal.is_disabled()
    reveal.click(force=True)  # a click on the disabled button does nothing
    wait_for_app(page)  # whatever the click did is in the room now
    _wait_for_a_run_started_now(phone)  # the phone's own refresh, after the click
    assert phone.get_by_text("Voting has not opened yet").is_visible()
    assert phone.get_by_text("Why.", exact=False).count() == 0
    assert page.get_by_text("voting has not opened yet").is_visible()

    end = page.get_by_role("button", name="End the room", exact=True)
    row = page.get_by_role("button", name="Reveal", exact=True).bounding_box()
    first = end.bounding_box()
    assert row is not None and first is not None
    assert first["y"] >= row["y"] + row["height"], (first, row)  # not in the row of the stage's controls
    page.get_by_role("button", name="Open voting", exact=True).click()
    page.get_by_text("voting open").wait_for(timeout=10_000)
    assert not reveal.is_disabled()
    for n in range(2, len(CASE.stages) + 1):  # the last stage asks nothing: End the room stays put
        page.get_by_role("button", name="Next").click()
        page.get_by_text(f"stage {n} of {len(CASE.stages)}", exact=False).wait_for(timeout=10_000)
        wait_for_app(page)
        assert end.bounding_box() == first, n

    end.click()
    page.get_by_role("button", name="Keep the room").click()
    page.get_by_role("button", name="Yes, end it for everyone").wait_for(state="hidden", timeout=10_000)
    wait_for_app(page)
    assert page.get_by_text(code, exact=True).first.is_visible()  # still running
    end.click()
    page.get_by_role("button", name="Yes, end it for everyone").click()
    page.get_by_role("button", name="Open a room").wait_for(timeout=10_000)
    phone.get_by_text("ended", exact=False).first.wait_for(timeout=10_000)


def test_the_presenter_link_is_away_from_the_audience_qr_code(server: Server, visit: Any) -> None:
    page = visit(f"{server.url}/rounds?case={CASE.key}&present=1", viewport=PROJECTOR).page
    _open_room(page)
    qr = page.locator(".st-key-rounds_qr img").bounding_box()
    private = page.get_by_text("Presenter link: private, do not share or open on the projector")
    box = private.bounding_box()
    assert qr is not None and box is not None
    assert box["y"] > qr["y"] + qr["height"] + 40, (box, qr)  # below both columns, after a rule
    assert page.get_by_text("never on the projected one", exact=False).is_hidden()  # closed


def test_on_a_phone_the_vote_keeps_the_keyboard_s_place_and_is_confirmed_as_a_status(
    server: Server, visit: Any
) -> None:
    """At 390x844, Tab to "Vote" and Enter: the button was replaced by "Change my vote" and the focus fell to
    the page's body; the confirmation was a caption, which a screen reader does not announce. The room's
    stage title was an h3 under the page's h1, on the projector and on the phone."""
    from .test_browser import heading_order_violations

    presenter = visit(f"{server.url}/rounds?case={CASE.key}&present=1", viewport=PROJECTOR).page
    code = _open_room(presenter)
    presenter.get_by_role("button", name="Open voting").click()
    presenter.get_by_text("voting open").wait_for(timeout=10_000)
    assert heading_order_violations(presenter) == []

    phone = visit(f"{server.url}/vote?room={code}", viewport=PHONE).page
    assert heading_order_violations(phone) == []
    phone.get_by_text(ANSWER).click()
    vote = phone.get_by_role("button", name="Vote")
    vote.focus()
    phone.keyboard.press("Enter")
    status = phone.get_by_role("status").filter(has_text=f"Your answer: {ANSWER}")
    status.wait_for(timeout=10_000)
    assert "change your vote" in status.inner_text()
    wait_for_app(phone)
    focused = phone.evaluate(
        "() => [document.activeElement.tagName, document.activeElement.innerText.trim()]"
    )
    assert focused == ["BUTTON", "Vote"]
    _wait_for_a_run_started_now(phone)  # the phone's own refresh (every 3 s) keeps it too
    assert phone.evaluate("() => document.activeElement.innerText.trim()") == "Vote"
    assert phone.get_by_role("button", name="Change my vote").count() == 0
    # the frame's CSS outlives the refreshes: the folded menu stays out of the keyboard's way
    sidebar = "() => getComputedStyle(document.querySelector(\"[data-testid='stSidebar']\")).visibility"
    assert phone.evaluate(sidebar) == "hidden"


FIGURE_1 = next(c for c in load_cases(crlm_content.get_catalog()) if c.key == "review-figure-1")


def _bottoms(page: Any, selector: str) -> list[float]:
    """The bottom (px from the top of the page scrolled to its top) of each element ``selector`` finds."""
    page.evaluate("() => window.scrollTo(0, 0)")
    return [
        float(y)
        for y in page.evaluate(
            f"() => [...document.querySelectorAll({selector!r})]"
            ".map((el) => el.getBoundingClientRect().bottom)"
        )
    ]


def test_after_the_reveal_the_results_and_the_reasoning_are_on_the_projectors_first_screen(
    server: Server, visit: Any
) -> None:
    """At 1280x720 the reasoning ("Why." and its citations) started below the first screen on every stage,
    the first result bar on most, and on this stage the last option was cut before voting: the options were
    drawn twice after the reveal (a numbered list, then the results with the same numbers and texts), under
    a page title and a case title long enough to push End the room onto a line of its own."""
    stage = FIGURE_1.stages[2]  # "The board after chemotherapy": a long case title, four options
    page = visit(f"{server.url}/rounds?case={FIGURE_1.key}&present=1", viewport=PROJECTOR).page
    _open_room(page)
    for n in (2, 3):
        page.get_by_role("button", name="Next").click()
        page.get_by_text(f"stage {n} of {len(FIGURE_1.stages)}", exact=False).wait_for(timeout=10_000)
    page.get_by_role("button", name="Open voting").click()
    page.get_by_text("voting open").wait_for(timeout=10_000)
    wait_for_app(page)
    options = page.locator("[data-testid=stMain] li").filter(
        has_text=re.compile("|".join(re.escape(o.text) for o in stage.options))
    )
    assert options.count() == len(stage.options)
    low = [b for b in _bottoms(page, "[data-testid=stMain] li") if b > PROJECTOR["height"]]
    assert low == [], low  # every option, before voting ends
    count = page.get_by_text("0 answers", exact=False).bounding_box()
    assert count is not None and count["y"] + count["height"] <= PROJECTOR["height"], count

    page.get_by_role("button", name="Close voting").click()
    page.get_by_role("button", name="Reveal").click()
    page.get_by_text("board's answer").first.wait_for(timeout=10_000)
    page.get_by_text("Why.", exact=True).wait_for(timeout=10_000)
    wait_for_app(page)
    assert options.count() == 0  # the results carry the options: not drawn twice
    bars = _bottoms(page, "[data-testid=stMain] [data-testid=stProgress]")
    assert len(bars) == len(stage.options) and bars[0] <= PROJECTOR["height"], bars
    why = _bottoms(page, "[data-testid=stMain] strong")  # "Why." opens the reasoning
    reasons = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stMain] strong')].map((el) => el.innerText.trim())"
    )
    start = why[reasons.index("Why.")]
    assert start <= PROJECTOR["height"], (start, bars)


FIGURE_2 = next(c for c in load_cases(crlm_content.get_catalog()) if c.key == "review-figure-2")
ROOM = {"width": 1920, "height": 1080}  # the grand-rounds projector of the presenter's review
# The bottom of the last line of the reveal's "Why." paragraph (its references end it) and of the paragraph
# after it, the calculator's "Definition:", the page scrolled to its top.
WHY_AND_DEFINITION_JS = """() => {
  window.scrollTo(0, 0);
  const why = [...document.querySelectorAll('[data-testid=stMain] strong')]
    .find((el) => el.innerText.trim() === 'Why.').closest('p');
  const lastLine = (p) => {
    const range = document.createRange(); range.selectNodeContents(p);
    return Math.max(...[...range.getClientRects()].map((box) => box.bottom));
  };
  const definition = [...why.parentElement.querySelectorAll('p')]
    .find((p) => p.innerText.startsWith('Definition:'));
  return {why: lastLine(why), references: why.querySelector('a') !== null,
          definition: definition ? lastLine(definition) : null};
}"""


def test_the_plan_stages_reasoning_and_its_definition_end_above_a_1080_px_projectors_fold(
    server: Server, chromium_browser: Any
) -> None:
    """At 1920x1080 a review measured the reveal of Figure 2's plan (then 1,321 characters) running to y 1166,
    its last line, with its references, and Fong's "Definition:" below the fold; just before the shorter
    reveal (d3d30c2) the Definition still ended at y 1152. Now the reasoning ends at ~941 and the Definition
    at ~1056: this keeps both on the first screen."""
    stage = FIGURE_2.stages[1]
    assert stage.title == "The plan before any chemotherapy" and stage.definition_source
    page = _open(chromium_browser, f"{server.url}/rounds?case={FIGURE_2.key}&present=1", ROOM)
    try:
        _open_room(page, FIGURE_2.key)
        page.get_by_role("button", name="Next").click()
        page.get_by_text(f"stage 2 of {len(FIGURE_2.stages)}", exact=False).wait_for(timeout=10_000)
        page.get_by_role("button", name="Open voting").click()
        page.get_by_text("voting open").wait_for(timeout=10_000)
        page.get_by_role("button", name="Close voting").click()
        wait_for_app(page)
        page.get_by_role("button", name="Reveal").click()
        page.get_by_text("board's answer").first.wait_for(timeout=10_000)
        page.get_by_text("Why.", exact=True).wait_for(timeout=10_000)
        wait_for_app(page)
        ends = page.evaluate(WHY_AND_DEFINITION_JS)
        assert ends["references"], ends
        assert ends["why"] <= ROOM["height"], ends
        assert ends["definition"] is not None and ends["definition"] <= ROOM["height"], ends
    finally:
        page.context.close()
