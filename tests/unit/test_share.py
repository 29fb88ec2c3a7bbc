"""Share links and QR codes."""

from __future__ import annotations

import pytest

from crlm_content.share import qr_png, view_link


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
    from crlm_app.rounds import join_address

    assert join_address("https://crlm.example.org/rounds?room=ACDEF&key=s") == "crlm.example.org/vote"
    assert join_address("http://127.0.0.1:8501/teach/rounds") == "127.0.0.1:8501/teach/vote"
    assert join_address("") == "…/vote"
