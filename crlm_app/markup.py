"""Markdown text from content: escaping (visitor and content text render literally) and the icons of citation
lines, caveat badges and notes.
"""

from __future__ import annotations

import re

from crlm_content.safe_text import visible

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$:>-])")


# The markers in citation lines, caveat badges and notes: Material icons, which Streamlit draws with the icon
# font every page already loads (the navigation uses it); a screen reader names them ("book icon"). Emoji
# showed as empty boxes where no emoji font is installed, which is many a projector's Linux PC.
ICON_WARNING = ":material/warning:"


ICON_SOURCE = ":material/book:"


ICON_NOTE = ":material/note:"


def md(text: str) -> str:
    """Escape markdown so content text renders literally; invisible controls (bidi overrides, zero-width
    characters) that visitor text may carry are shown as ``<U+XXXX>`` (``safe_text.visible``)."""
    return _MD_SPECIAL.sub(r"\\\1", visible(text))
