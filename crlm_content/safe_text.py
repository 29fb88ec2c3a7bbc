"""Visitor text shown back safely: invisible control characters made visible (pure; no streamlit).

A query parameter or a table cell may carry bidirectional overrides (U+202E turns ``exe.txt`` into
``txt.exe`` on screen), zero-width characters (two texts that look equal but are not) or other format and
control characters. Echoed raw in a notice, they reorder or hide what the visitor is told; ``visible``
replaces each with its code point, e.g. ``<U+202E>``. Line breaks and tabs are left alone (content text uses
them); the markdown escape (``crlm_app.markup.md``) then renders the result literally.
"""

from __future__ import annotations

import re

# C0 and C1 controls other than tab and line breaks; soft hyphen; Arabic letter mark; Mongolian vowel
# separator; zero-width space/joiners, LRM/RLM; line and paragraph separators; bidi embeddings, overrides and
# isolates; word joiner and invisible operators; BOM / zero-width no-break space; interlinear annotation.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb]"
)


def visible(text: str) -> str:
    """``text`` with every invisible control or format character replaced by ``<U+XXXX>``."""
    return _INVISIBLE.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)
