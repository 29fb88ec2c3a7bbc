"""Links and QR codes that reopen an exact view (for presenters and handouts)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

from .urlstate import FRAME_PARAMS, PRIVATE_PARAMS

MAX_LINK_LENGTH = 2000


def view_link(page_url: str, params: Mapping[str, str]) -> str:
    """The page URL with exactly these query parameters (any query already on the URL is replaced), never a
    private one (``urlstate.PRIVATE_PARAMS``: the presenter's secret) nor the frame's own (presenter mode: a
    handout printed from the projector reopens the ordinary page, with its menu)."""
    parts = urlsplit(page_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"page_url must be an http(s) URL, got {page_url[:60]!r}")
    shared = {k: v for k, v in params.items() if k not in PRIVATE_PARAMS | FRAME_PARAMS}
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(shared), ""))


def qr_png(link: str, *, scale: int = 6) -> bytes:
    """A PNG QR code of the link, dark on white with a quiet zone so phones read it off a projector."""
    if len(link) > MAX_LINK_LENGTH:
        raise ValueError(f"link is longer than {MAX_LINK_LENGTH} characters")
    import segno  # on the first QR code, not at start-up (~6 ms of every cold start, for a closed panel)

    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
