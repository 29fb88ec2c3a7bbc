"""Browser: the README's screenshots, taken from the session's server so they show the app as it is today.

Each test opens one view, waits until the app has finished its run (and its chart is drawn), and saves a
viewport screenshot into docs/images/ (or CRLM_SCREENSHOT_DIR): wide shots at 1366x900, one phone shot at
390 px. A file that already shows the same picture (anti-aliasing aside) is left as it is; commit the PNGs
that change with the change that changed the page.
"""

from __future__ import annotations

import functools
import io
import os
import struct
import warnings
from pathlib import Path
from urllib.parse import urlencode

import pytest

import crlm_content
from crlm_content.decision import Preset, load_presets, scenario_to_state

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
IMAGES = Path(os.environ.get("CRLM_SCREENSHOT_DIR") or ROOT / "docs" / "images")
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PRESET = "figure-1"  # the review's Figure 1 patient (data/scenarios.yaml)

PLAN = "h2:has-text('Plan: ')"
CASE_PICKER = "[data-testid='stSelectbox']:has-text('Load a patient')"

# file name, URL path and query, viewport, what must be drawn before the shot, what to scroll to the top (the
# page's title when None)
VIEWS = (
    ("home.png", "", WIDE, "h1", None),
    ("guidelines.png", "guidelines", WIDE, "h1", None),
    (
        "liver_remnant.png",
        "liver_remnant?flr=30&liver=chemotherapy_or_steatosis",
        WIDE,
        "[data-testid='stPlotlyChart'] svg.main-svg",
        "[data-testid='stRadio']",  # the inputs, the verdict and the chart
    ),
    ("sources.png", "sources", WIDE, "h1", None),
    # the walkthrough as a phone opens it from a QR code on the projector: the plan comes first
    ("phone_walkthrough.png", "walkthrough?{preset_query}", PHONE, PLAN, CASE_PICKER),
)


class ScreenshotChanged(UserWarning):
    """A README screenshot was rewritten because the page it shows has changed."""


@functools.cache
def preset() -> Preset:
    return next(p for p in load_presets(crlm_content.get_catalog()) if p.key == PRESET)


def preset_query() -> str:
    """The preset's patient as the walkthrough's URL carries it (what its share link and QR code hold)."""
    state = scenario_to_state(preset().scenario)
    params = {k: str(v).lower() if isinstance(v, bool) else v for k, v in state.items() if v is not None}
    return urlencode(params)


def wait_until_settled(page: object, ready: str, top: str | None = None, timeout_ms: int = 30_000) -> None:
    """The run finished, nothing is still a skeleton, ``ready`` is drawn and the web fonts are in; then
    ``top`` is scrolled to just below the navigation bar, so the shot shows what matters on the page."""
    page.wait_for_selector(  # type: ignore[attr-defined]
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms
    )
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0", timeout=timeout_ms
    )
    page.locator(ready).first.wait_for(state="visible", timeout=timeout_ms)  # type: ignore[attr-defined]
    page.evaluate("() => document.fonts.ready.then(() => true)")  # type: ignore[attr-defined]
    if top is not None:
        page.locator(top).first.evaluate(  # type: ignore[attr-defined]
            "el => { el.style.scrollMarginTop = '64px'; el.scrollIntoView({block: 'start'}); }"
        )
    page.mouse.move(0, 0)  # type: ignore[attr-defined]  # no hover label over a chart or a button
    page.wait_for_timeout(300)  # type: ignore[attr-defined]  # plotly's and Streamlit's last transitions


def save_shot(page: object, name: str, viewport: dict[str, int]) -> Path:
    """Write the shot, unless the file there already shows the same picture: Chromium's anti-aliasing moves a
    few pixels from run to run, and a test run should not leave a changed image to commit for nothing."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    path = IMAGES / name
    shot: bytes = page.screenshot(animations="disabled", caret="hide")  # type: ignore[attr-defined]
    if not (path.is_file() and same_picture(path.read_bytes(), shot)):
        path.write_bytes(shot)
        # Not noise (that stays under same_picture's limit): the page looks different. Said in the summary
        # of every test run, so that the README does not go on showing an older app.
        warnings.warn(
            ScreenshotChanged(
                f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
                "shows a changed page: commit it with the change"
            ),
            stacklevel=1,
        )
    assert path.read_bytes() == shot or same_picture(path.read_bytes(), shot), f"{path} is not this shot"
    assert_png(path, viewport)
    return path


def same_picture(old: bytes, new: bytes, max_pixels: int = 50) -> bool:
    """Same size and at most ``max_pixels`` pixels different."""
    from PIL import Image, ImageChops  # Pillow comes with Streamlit

    with Image.open(io.BytesIO(old)) as a, Image.open(io.BytesIO(new)) as b:
        if a.size != b.size:
            return False
        diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).convert("L").point(lambda v: v > 0)
        return sum(diff.histogram()[1:]) <= max_pixels


def assert_png(path: Path, viewport: dict[str, int]) -> None:
    assert path.is_file(), f"{path} was not written"
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    assert head[12:16] == b"IHDR", f"{path} has no PNG header chunk"
    width, height = struct.unpack(">II", head[16:24])
    assert (width, height) == (viewport["width"], viewport["height"]), f"{path} is {width}x{height}"


def assert_clean(page: object) -> None:
    assert page.locator("[data-testid='stException']").count() == 0  # type: ignore[attr-defined]
    assert page.get_by_text("Page not found").count() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "view", "viewport", "ready", "top"), VIEWS, ids=[v[0] for v in VIEWS])
def test_screenshot_of_a_view(  # type: ignore[no-untyped-def]
    server, visit, name: str, view: str, viewport: dict[str, int], ready: str, top: str | None
) -> None:
    page = visit(f"{server.url}/{view.format(preset_query=preset_query())}", viewport=viewport).page
    wait_until_settled(page, ready, top)
    assert_clean(page)
    save_shot(page, name, viewport)


def test_screenshot_of_the_walkthrough_with_a_case_loaded(server, visit) -> None:  # type: ignore[no-untyped-def]
    """Loaded the way a resident does it: the "Load a patient" picker, then the plan for that patient."""
    page = visit(f"{server.url}/walkthrough", viewport=WIDE).page
    page.locator(CASE_PICKER).click()
    page.get_by_role("option", name=preset().title).click()
    page.get_by_text(preset().description[:40]).first.wait_for(timeout=15_000)
    wait_until_settled(page, PLAN, CASE_PICKER)
    assert_clean(page)
    save_shot(page, "walkthrough.png", WIDE)
