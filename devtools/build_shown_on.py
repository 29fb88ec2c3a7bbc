"""Regenerate ``crlm_content/shown_on.py`` from what the topic pages render:
``.venv/bin/python -m devtools.build_shown_on`` (about a minute: every page in every view, every expander
open, in AppTest; ``devtools.walker``).

Run it after changing what a page shows; ``tests/app/test_reachability.py`` fails, naming this command, while
the file is stale. Only the docstring and ``PAGE_RECORDS`` are written; the functions below them are kept.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Set

from . import walker
from .server import ROOT

SHOWN_ON = ROOT / "crlm_content" / "shown_on.py"
COMMAND = ".venv/bin/python -m devtools.build_shown_on"
DOCSTRING = f'''"""Which topic pages show each Evidence record (url_path -> record ids): a card links to
the pages that teach its record, and ``python -m crlm_content.coverage`` reports records that no page shows.

Generated from what the pages render by ``{COMMAND}`` (do not edit by hand);
``tests/app/test_reachability.py`` fails while it differs from what the pages render.
"""
'''
_ASSIGNMENT = "PAGE_RECORDS: dict[str, tuple[str, ...]] = "


def rendered() -> dict[str, set[str]]:
    """url_path -> the records its views render, for the topic pages in navigation order."""
    return {page.url_path: walker.page_records(page.path) for page in walker.TOPIC_PAGES}


def shown_on_module(text: str, records: Mapping[str, Set[str]]) -> str:
    """``crlm_content/shown_on.py`` (its current ``text``) with this docstring and ``PAGE_RECORDS`` set to
    ``records`` (pages in the order given, ids sorted, pages showing none left out)."""
    head, found, rest = text.partition(_ASSIGNMENT)
    if not found or not head.startswith('"""'):
        raise ValueError(f"{SHOWN_ON.name} has no module docstring or no {_ASSIGNMENT.strip()}")
    _, _, tail = rest.partition("\n\n\n")
    code_before = head[head.index('"""', 3) + len('"""\n') :]
    lines = [_ASSIGNMENT + "{"]
    for page, ids in records.items():
        if ids:
            lines.append(f'    "{page}": (')
            lines += [f'        "{record_id}",' for record_id in sorted(ids)]
            lines.append("    ),")
    lines.append("}")
    return DOCSTRING + code_before + "\n".join(lines) + "\n\n\n" + tail


def main() -> int:
    text = SHOWN_ON.read_text(encoding="utf-8")
    new = shown_on_module(text, rendered())
    if new == text:
        print(f"{SHOWN_ON.relative_to(ROOT)} is up to date")
    else:
        SHOWN_ON.write_text(new, encoding="utf-8")
        print(f"wrote {SHOWN_ON.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
