"""Markdown text from content: escaping (visitor and content text render literally) and the icons of citation
lines, caveat badges and notes.
"""

from __future__ import annotations

import re

from crlm_content.safe_text import visible

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$:>-])")
# Where GFM's autolinker would make a live link of plain text (escaping does not stop it): the schemes it
# links before their ":" (http, https, mailto, xmpp), "www." and an e-mail's "@". A word joiner (U+2060,
# invisible) there keeps the text as typed on screen and makes it no link.
_AUTOLINK = re.compile(
    r"(?i)(?<=\bhttp)(?=:)|(?<=\bhttps)(?=:)|(?<=\bmailto)(?=:)|(?<=\bxmpp)(?=:)|(?<=\bww)(?=w\.)|(?<=@)"
)
WORD_JOINER = "\u2060"


# The markers in citation lines, caveat badges and notes: Material icons, which Streamlit draws with the icon
# font every page already loads (the navigation uses it); a screen reader names them ("book icon"). Emoji
# showed as empty boxes where no emoji font is installed, which is many a projector's Linux PC.
ICON_WARNING = ":material/warning:"


ICON_SOURCE = ":material/book:"


ICON_NOTE = ":material/note:"


def md(text: str) -> str:
    """Escape markdown so content text renders literally; invisible controls (bidi overrides, zero-width
    characters) that visitor text may carry are shown as ``<U+XXXX>`` (``safe_text.visible``), and no
    address in the text becomes a link (``_AUTOLINK``)."""
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, visible(text)))
