"""markup.md escapes every character markdown gives a meaning: visitor and content text render literally."""

from __future__ import annotations

import pytest

from crlm_app.markup import md

# backslash, code, emphasis, braces, links, html, headings, lists, images, tables, strikethrough, maths,
# Material icons (":material/book:") and list or rule dashes
MARKDOWN_SPECIAL = "\\`*_{}[]<>()#+!|~$:-"


@pytest.mark.parametrize("character", list(MARKDOWN_SPECIAL))
def test_every_markdown_character_is_escaped(character: str) -> None:
    assert md(f"a{character}b") == f"a\\{character}b"


def test_typed_strikethrough_renders_as_typed() -> None:
    assert md("~~x~~") == "\\~\\~x\\~\\~"
    assert md("$x$ :material/book:") == "\\$x\\$ \\:material/book\\:"
