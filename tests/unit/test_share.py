"""Share links and QR codes."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from crlm_content import site
from crlm_content.share import (
    AUDIENCE_PAGES,
    QR_DOWNLOAD_SCALE,
    SharedView,
    audience_link,
    qr_modules,
    qr_png,
    qr_scale,
    qr_svg,
    shared_view,
    view_link,
)


def test_link_replaces_query_and_encodes_values() -> None:
    link = view_link("http://localhost:8501/walkthrough?old=1", {"q": "a b&c", "lesion_count": "3"})
    assert link == "http://localhost:8501/walkthrough?q=a+b%26c&lesion_count=3"


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "walkthrough", "ftp://x/y"])
def test_link_needs_an_http_url(bad: str) -> None:
    with pytest.raises(ValueError, match="page_url"):
        view_link(bad, {})


def test_qr_is_a_png_and_long_links_are_refused() -> None:
    assert qr_png("http://localhost:8501/").startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ValueError, match="longer than"):
        qr_png("http://x/" + "a" * 3000)


def test_a_share_link_never_carries_the_presenters_secret() -> None:
    from crlm_content.share import view_link

    link = view_link("https://example.org/rounds", {"room": "ACDEF", "key": "s3cret", "stage": "2"})
    assert "s3cret" not in link and "room=ACDEF" in link and "stage=2" in link


def test_a_share_link_opens_the_ordinary_page_not_presenter_mode() -> None:
    # a handout downloaded on the projector carried present=1: its readers landed on a page with no menu
    link = view_link("https://example.org/walkthrough", {"present": "1", "lesion_count": "3"})
    assert link == "https://example.org/walkthrough?lesion_count=3"


def test_the_room_s_address_is_typed_without_a_scheme() -> None:
    from crlm_content.share import join_address

    assert join_address("https://crlm.example.org/rounds?room=ACDEF&key=s") == "crlm.example.org/vote"
    assert join_address("http://127.0.0.1:8501/teach/rounds") == "127.0.0.1:8501/teach/vote"
    assert join_address("") == "…/vote"


def test_links_keep_colons_and_commas_and_parse_back_exactly() -> None:
    """%3A and %2C made a link longer and its QR code denser; a link must still give back every value."""
    params = {
        "time": "10:30",
        "picks": "a,b,c",
        "lesions": "1.5x0.8x6;3x2x7",
        "q": "a b&c=d+e%f#g?h/i",
        "text": "Ünïcode – “quotes”",
    }
    link = view_link("https://example.org/walkthrough", params)
    assert "time=10:30" in link and "picks=a,b,c" in link and "%3A" not in link and "%2C" not in link
    assert dict(parse_qsl(urlsplit(link).query, keep_blank_values=True)) == params
    assert parse_qsl(
        urlsplit(view_link("https://example.org/x", {"e": ""})).query, keep_blank_values=True
    ) == [("e", "")]


def test_a_running_room_shares_its_audience_link_not_a_presenter_view_without_its_key() -> None:
    view = shared_view(
        "https://example.org/teach/rounds?x=1", {"room": "ACDEF", "key": "s3cret", "stage": "2"}
    )
    assert view == SharedView("https://example.org/teach/vote?room=ACDEF", "ACDEF")
    assert shared_view("https://example.org/rounds", {"case": "a"}) == SharedView(
        "https://example.org/rounds?case=a"
    )  # no room yet: the case to open
    other = shared_view("https://example.org/walkthrough", {"room": "ACDEF", "present": "1"})
    assert other == SharedView("https://example.org/walkthrough?room=ACDEF")
    pages = {p.url_path for p in site.PAGES}
    assert set(AUDIENCE_PAGES) | set(AUDIENCE_PAGES.values()) <= pages
    assert audience_link("http://127.0.0.1:8501/rounds", "ACDEF") == "http://127.0.0.1:8501/vote?room=ACDEF"


def _png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


@pytest.mark.parametrize("length", [30, 233, 600])
def test_a_qr_code_is_drawn_at_a_whole_number_of_pixels_per_module(length: int) -> None:
    link = "https://example.org/walkthrough?q=" + "a" * (length - 34)
    modules = qr_modules(link)
    assert 21 + 8 <= modules <= 177 + 8 and (modules - 8 - 21) % 4 == 0  # versions 1-40, quiet zone of 4
    scale = qr_scale(link, 240)
    assert (scale >= 1 and modules * scale <= 240 < modules * (scale + 1)) or scale == 1
    assert _png_size(qr_png(link, scale=scale)) == (modules * scale, modules * scale)
    assert _png_size(qr_png(link, scale=QR_DOWNLOAD_SCALE)) == (modules * 20, modules * 20)
    svg = qr_svg(link)
    assert svg.startswith(b"<svg") and f'width="{modules * 10}"'.encode() in svg


def test_a_233_character_link_is_drawn_sharper_than_before() -> None:
    """The panel drew a 233-character link at 2.9 px a module (414 px scaled to 200): now 3 or more."""
    link = "https://crlm-teaching.example-hospital.org:8611/walkthrough?" + "&".join(
        f"p{i}=1.5x0.8x6,3:2" for i in range(10)
    )
    link = link[:233]
    assert qr_scale(link, 240) >= 3


def test_a_share_link_never_carries_a_phone_s_voter_id() -> None:
    """The vote page keeps its voter id in its URL so a reload is the same voter; a link made from it must
    not hand that id to someone else (whose vote would then replace this phone's)."""
    from crlm_content.share import view_link

    link = view_link(
        "https://crlm.example.org/vote?room=ACDEF&voter=abcdefghijklmnopqrstuv",
        {
            "room": "ACDEF",
            "voter": "abcdefghijklmnopqrstuv",
        },
    )
    assert "voter" not in link and "room=ACDEF" in link


def test_the_full_screen_qr_code_reads_from_the_back_of_a_room_for_the_longest_link() -> None:
    """Presenter mode's panel drew the walkthrough's 365-character link (85 modules) at 2 px a module in its
    240 px: unreadable from a room. Full screen, the code is as tall as the window less its title."""
    from crlm_content.share import MAX_LINK_LENGTH, QR_FULL_CHROME_PX, full_screen_px_per_module

    base = "https://crlm-teaching.example-hospital.org:8611/cea_monitor?weeks="
    walkthrough = (base + "0:40,3:36,6:31," * 40)[:365]
    longest = (base + "0:40,3:36,6:31," * 200)[:MAX_LINK_LENGTH]  # the longest link the QR code takes
    assert qr_modules(walkthrough) == 85 and qr_scale(walkthrough, 240) == 2  # the panel's, as reported
    assert qr_modules(longest) == 177  # version 40's 169 modules and the quiet zone: the densest code
    assert QR_FULL_CHROME_PX <= 64
    assert full_screen_px_per_module(walkthrough, 720) >= 7.5  # 1280x720: (720 - 64) / 85
    assert full_screen_px_per_module(longest, 720) >= 3.7  # all a 720-pixel window holds: (720 - 64) / 177
    assert full_screen_px_per_module(longest, 1080) >= 5.6  # 1920x1080
    with pytest.raises(ValueError, match="longer than"):
        full_screen_px_per_module(longest + "0", 720)
