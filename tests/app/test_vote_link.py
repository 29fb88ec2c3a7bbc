"""AppTest of the vote page's link: a room in it that cannot be a code is named, as a typed one is, and left
out of the address (issue 24 item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from .helpers import plain, run_page

AUDIENCE = "app_pages/vote.py"
RULE = (
    "Codes have five characters, and leave out letters and digits that look alike "
    "(0, 1, 2, 5, 8, B, I, L, O, S, U, V, Z): copy it from the screen."
)
UNKNOWN = "This room has ended, or the code is unknown. Check the code on the screen."


@pytest.fixture(autouse=True)
def _poll_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRLM_POLL_DIR", str(tmp_path))
    monkeypatch.delenv("CRLM_POLL_STORE", raising=False)


def warnings(at: AppTest) -> list[str]:
    return [plain(w.value) for w in at.warning]


@pytest.mark.parametrize(
    ("room", "shown"),
    [
        ("' OR 1=1--", "'' OR 1=1--'"),
        ("*", "'*'"),
        ("%", "'%'"),
        ("../../etc", "'../../etc'"),
        ("[x](y)", "'[x](y)'"),
    ],
)
def test_a_link_s_room_that_cannot_be_a_code_is_named_and_left_out_of_the_address(
    room: str, shown: str
) -> None:
    """?room=' OR 1=1-- was looked up ("This room has ended, or the code is unknown"), kept in the link."""
    phone = run_page(AUDIENCE, {"room": room})
    assert warnings(phone) == [f"That is not a room code: {shown}. {RULE}"]
    assert "room" not in phone.query_params
    assert [t.label for t in phone.text_input] == ["Room code (on the presenter's screen)"]  # the way on
    assert "](" not in phone.warning[0].value  # escaped: no link drawn
    phone.run()  # the notice was about the link; the address stays without it
    assert "room" not in phone.query_params and not phone.warning


def test_a_typed_code_that_cannot_be_one_gets_the_same_notice() -> None:
    phone = run_page(AUDIENCE)
    phone.text_input[0].set_value("ABCDE")  # B is not in the code alphabet
    next(b for b in phone.button if b.label == "Join").click().run()
    assert warnings(phone) == [f"That is not a room code: 'ABCDE'. {RULE}"]


def test_a_well_formed_code_in_a_link_is_looked_up_as_before() -> None:
    phone = run_page(AUDIENCE, {"room": "ACDEF"})
    assert warnings(phone) == [UNKNOWN]
    assert phone.query_params["room"] == "ACDEF"
    written = run_page(AUDIENCE, {"room": "acd-ef"})  # any case, dashes: the code, as typed codes are read
    assert warnings(written) == [UNKNOWN]
    assert written.query_params["room"] == "ACDEF"
