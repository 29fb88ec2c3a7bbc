"""safe_text.visible names every invisible control or format character (Unicode categories Cc and Cf) by its
code point, over the whole code space, not a sample; urlstate.strip_invisible and markup.md agree with it."""

from __future__ import annotations

import functools
import sys
import unicodedata

from crlm_app.markup import md
from crlm_content.safe_text import visible
from crlm_content.tools.common import typed_cell_number
from crlm_content.urlstate import strip_invisible

KEPT = "\t\n\r"  # content text uses them; shown as they are


@functools.cache
def _control_and_format() -> list[str]:
    return [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf") and chr(code) not in KEPT
    ]


def test_every_control_and_format_character_is_shown_as_its_code_point() -> None:
    characters = _control_and_format()
    assert len(characters) > 200  # 65 controls less tab and line breaks, and 160-odd format characters
    wrong = [f"U+{ord(ch):04X}" for ch in characters if visible(f"a{ch}b") != f"a<U+{ord(ch):04X}>b"]
    assert wrong == []


def test_the_characters_a_hand_written_list_missed_are_shown() -> None:
    # written by hand from the Unicode charts: tag characters, Arabic number signs, Syriac abbreviation mark,
    # Kaithi number sign, Egyptian hieroglyph format controls, shorthand format controls, musical beams
    assert visible("2\U000e0063\U000e006d") == "2<U+E0063><U+E006D>"
    assert visible("\U000e0001\U000e0020\U000e007f") == "<U+E0001><U+E0020><U+E007F>"
    assert visible("\u0600\u0605\u06dd\u070f") == "<U+0600><U+0605><U+06DD><U+070F>"
    assert visible("\U000110bd\U00013430\U00013438") == "<U+110BD><U+13430><U+13438>"
    assert visible("\U0001bca0\U0001bca3\U0001d173\U0001d17a") == "<U+1BCA0><U+1BCA3><U+1D173><U+1D17A>"
    # and those it had: NUL, C1 controls, soft hyphen, LRM/RLM, bidi override, BOM, annotation marks
    assert visible("\x00\x7f\x85\x9f\u00ad\u200e\u200f\u202e\ufeff\ufffb") == (
        "<U+0000><U+007F><U+0085><U+009F><U+00AD><U+200E><U+200F><U+202E><U+FEFF><U+FFFB>"
    )
    # line and paragraph separators (not Cc or Cf) are shown as before
    assert visible("a\u2028b\u2029c") == "a<U+2028>b<U+2029>c"


def test_visible_text_is_left_alone() -> None:
    assert visible("plain text, 7.5% - no change\n\tkept\r\n") == "plain text, 7.5% - no change\n\tkept\r\n"
    assert visible("Ölçü ≥ 2 cm — 肝 \u00a0\u2009x 🏥") == "Ölçü ≥ 2 cm — 肝 \u00a0\u2009x 🏥"


def test_a_table_cell_with_tag_characters_names_them() -> None:
    """A "2" followed by two tag characters read as "2" in the refusal, which then made no sense."""
    number, problem = typed_cell_number("2\U000e0063\U000e006d")
    assert number is None
    assert problem is not None and problem.startswith("'2<U+E0063><U+E006D>' ")


def test_strip_invisible_and_md_agree_with_visible() -> None:
    for ch in _control_and_format():
        assert strip_invisible(f"a{ch}b") == "ab", f"U+{ord(ch):04X}"
        assert ch not in md(f"a{ch}b"), f"U+{ord(ch):04X}"
    assert md("2\U000e0063") == "2\\<U\\+E0063\\>"
