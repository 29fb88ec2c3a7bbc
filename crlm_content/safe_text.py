"""Visitor text shown back safely: invisible control characters made visible (pure; no streamlit).

A query parameter or a table cell may carry bidirectional overrides (U+202E turns ``exe.txt`` into
``txt.exe`` on screen), zero-width characters (two texts that look equal but are not), tag characters (U+E0063
after "2" draws nothing) or other format and control characters. Echoed raw in a notice, they reorder or hide
what the visitor is told; ``visible`` replaces each with its code point, e.g. ``<U+202E>``. Line breaks and
tabs are left alone (content text uses them); the markdown escape (``crlm_app.markup.md``) then renders the
result literally.
"""

from __future__ import annotations

import re
import unicodedata

QUOTED_MAX = 30  # characters of visitor text a notice quotes; "..." marks a longer text's cut

# Unicode's control (Cc) and format (Cf) characters: every one is invisible or moves text; taken from the
# Unicode database rather than listed by hand (a hand-written list missed the tag characters and others).
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf"})
# Shown too, though not Cc or Cf: the line and paragraph separators (they break a line the text shows as one)
# and U+2065, the unassigned code point among the invisible operators (default ignorable: drawn as nothing).
_ALSO_SHOWN = frozenset("\u2028\u2029\u2065")
# Characters that may need replacing: runs of anything but tab, line breaks and printable ASCII; each
# character of a run Python does not call printable is then looked up in the Unicode database.
_CANDIDATES = re.compile("[^\t\n\r\x20-\x7e]+")


def _shown_char(ch: str) -> str:
    if ch in _ALSO_SHOWN or unicodedata.category(ch) in INVISIBLE_CATEGORIES:
        return f"<U+{ord(ch):04X}>"
    return ch


def _shown_run(match: re.Match[str]) -> str:
    run = match.group()
    return run if run.isprintable() else "".join(map(_shown_char, run))


def visible(text: str) -> str:
    """``text`` with every invisible control or format character (Unicode categories Cc and Cf, other than tab
    and line breaks) replaced by ``<U+XXXX>``."""
    if text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable():
        return text  # the common case: no Cc or Cf character (nor any other Python calls unprintable)
    return _CANDIDATES.sub(_shown_run, text)


def quoted(text: str, limit: int = QUOTED_MAX) -> str:
    """Visitor text as every notice quotes it (a link's value or key, a table cell, a link's table entry):
    stripped, in single quotes, cut to ``limit`` characters with "..." marking the cut (a cut unmarked
    made 400 typed digits read as a 20-digit number), invisible characters named by ``visible``. One rule, so
    "'0,5' is not a number" reads alike in a link and in every table (Python's repr, used for some link
    values, had switched to double quotes around an apostrophe and doubled backslashes)."""
    stripped = text.strip()
    return "'" + visible(stripped[:limit]) + ("..." if len(stripped) > limit else "") + "'"
