"""Links and QR codes that reopen an exact view (for presenters and handouts)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit, urlunsplit

from .urlstate import FRAME_PARAMS, PRIVATE_PARAMS

if TYPE_CHECKING:
    import segno

MAX_LINK_LENGTH = 2000
QR_BORDER = 4  # modules of quiet zone around the code (the standard's minimum)
QR_DOWNLOAD_SCALE = 20  # pixels per module of the downloaded PNG: sharp on a 4K slide
# Left as they are in a link (``urlencode(..., safe=SAFE)``): a URL query allows them, the app's values use
# them ("1.5x0.8x6;3x2x7", "a,b", "10:30"), and %3A/%2C made links longer and QR codes denser.
SAFE = ":,"
# A page whose view of a running room is the presenter's: its share panel gives the room's audience page
# (the phones' link: the room code alone), never the presenter's view without its key (buttons that fail).
AUDIENCE_PAGES = {"rounds": "vote"}


def _link(scheme: str, netloc: str, path: str, params: Mapping[str, str]) -> str:
    return urlunsplit((scheme, netloc, path, urlencode(dict(params), safe=SAFE), ""))


def _parts(page_url: str) -> tuple[str, str, str]:
    parts = urlsplit(page_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"page_url must be an http(s) URL, got {page_url[:60]!r}")
    return parts.scheme, parts.netloc, parts.path


def view_link(page_url: str, params: Mapping[str, str]) -> str:
    """The page URL with exactly these query parameters (any query already on the URL is replaced), never a
    private one (``urlstate.PRIVATE_PARAMS``: the presenter's secret) nor the frame's own (presenter mode: a
    handout printed from the projector reopens the ordinary page, with its menu)."""
    scheme, netloc, path = _parts(page_url)
    shared = {k: v for k, v in params.items() if k not in PRIVATE_PARAMS | FRAME_PARAMS}
    return _link(scheme, netloc, path, shared)


def audience_link(page_url: str, code: str) -> str:
    """A room's link for the phones: the vote page beside ``page_url``'s page, with the room code alone."""
    scheme, netloc, path = _parts(page_url)
    return _link(scheme, netloc, f"{path.rsplit('/', 1)[0]}/vote", {"room": code})


def presenter_link(page_url: str, code: str, secret: str) -> str:
    """The presenter's private link to the room (this page with room and key): opens the room's controls on
    another computer. The room's stage is not in it: the screen takes it from the room."""
    scheme, netloc, path = _parts(page_url)
    return _link(scheme, netloc, path, {"room": code, "key": secret})


def join_address(page_url: str) -> str:
    """The vote page's address as a person types it off the screen: host and path, no scheme (``…/vote``
    where the page has no http(s) URL)."""
    try:
        _, netloc, path = _parts(page_url)
    except ValueError:
        return "…/vote"
    return f"{netloc}{path.rsplit('/', 1)[0]}/vote"


@dataclass(frozen=True)
class SharedView:
    """What the share panel offers: ``link``, and whether it is a room's audience link (``room``: its code)
    rather than the view itself."""

    link: str
    room: str = ""


def shared_view(page_url: str, params: Mapping[str, str]) -> SharedView:
    """The link the share panel gives for this view: ``view_link``, except on a presenter's page of a running
    room (``AUDIENCE_PAGES``), where it is the room's audience link. Raises ``ValueError`` without an http(s)
    page URL."""
    page = _parts(page_url)[2].rsplit("/", 1)[-1]
    room = params.get("room", "")
    if page in AUDIENCE_PAGES and room:
        return SharedView(audience_link(page_url, room), room)
    return SharedView(view_link(page_url, params))


def _symbol(link: str) -> segno.QRCode:
    if len(link) > MAX_LINK_LENGTH:
        raise ValueError(f"link is longer than {MAX_LINK_LENGTH} characters")
    import segno  # on the first QR code, not at start-up (~6 ms of every cold start, for a closed panel)

    return segno.make(link, error="m")


def qr_modules(link: str) -> int:
    """The QR code's width in modules, quiet zone included."""
    width, _ = _symbol(link).symbol_size(scale=1, border=QR_BORDER)
    return int(width)


def qr_scale(link: str, width_px: int) -> int:
    """Pixels per module for a QR code of ``link`` at most ``width_px`` wide (at least 1): drawn at
    ``qr_modules(link) * qr_scale(...)`` pixels, every module is the same whole number of pixels."""
    return max(1, width_px // qr_modules(link))


# The full-screen QR code (presenter mode's share panel): drawn as tall as the window less this much, for the
# dialog's title and margins; an SVG, so every module is the same size at any height.
QR_FULL_CHROME_PX = 64


def full_screen_px_per_module(link: str, window_height_px: int) -> float:
    """Pixels per module of ``link``'s full-screen QR code in a window ``window_height_px`` tall."""
    return (window_height_px - QR_FULL_CHROME_PX) / qr_modules(link)


def qr_png(link: str, *, scale: int = 6) -> bytes:
    """A PNG QR code of the link, dark on white with a quiet zone so phones read it off a projector: each
    module ``scale`` pixels."""
    buffer = io.BytesIO()
    _symbol(link).save(buffer, kind="png", scale=scale, border=QR_BORDER)
    return buffer.getvalue()


def qr_svg(link: str) -> bytes:
    """The QR code as SVG (10 units a module): sharp at any size on a slide."""
    buffer = io.BytesIO()
    _symbol(link).save(buffer, kind="svg", scale=10, border=QR_BORDER, xmldecl=False)
    return buffer.getvalue()
