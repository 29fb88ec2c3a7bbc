"""Render a page in every view a reader can open without answering anything: each tab (the ``tab`` link key),
the extra link views a page declares below, and every lazy expander opened; collect the Evidence records whose
cards it drew (the citation line names the record, in its text or its hover help).

The tests (tests/app: reachability, quiz, editing markers) and the generator of ``crlm_content/shown_on.py``
(``devtools.build_shown_on``) walk the pages this one way."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from streamlit.testing.v1 import AppTest

from crlm_app.markup import ICON_SOURCE
from crlm_content import site
from crlm_content.catalog import get_catalog

from .apptest import open_page
from .server import ROOT

_TOKEN = re.compile(r"[a-z0-9][a-z0-9-]*[a-z0-9]")
_KEYED = re.compile(r"^\$\$ID-[0-9a-f]+-(?P<key>.+)$")  # an element id with a user key: "$$ID-<hash>-<key>"
MAX_ROUNDS = 6  # expanders opened inside expanders: a few levels at most


# Pages that choose a view by a link key other than ``tab``: each set of parameters is one more view to walk.
def tabs(path: str) -> tuple[str, ...]:
    """The page's TABS tuple when declared as a literal (each tab opens through the ``tab`` link key)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "TABS" for t in node.targets
        ):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return ()
            return tuple(str(tab) for tab in value)
    return ()


def guideline_topics() -> tuple[str, ...]:
    from crlm_content import guidelines as gl

    return tuple(t.value for t in gl.Topic)


def study_keys() -> tuple[str, ...]:
    from crlm_content import studies

    return tuple(study.key for study in studies.load_studies(get_catalog()))


def views(path: str) -> list[dict[str, str]]:
    """The link parameters of every view of a page: each tab, or the page's own view keys."""
    if path == "app_pages/trials.py":
        return [{}, *({"study": key} for key in study_keys())]
    if path == "app_pages/guidelines.py":
        return [{}, {"view": "timeline"}, *({"view": "topic", "topic": t} for t in guideline_topics())]
    if path == "app_pages/imaging.py":
        return [{}, {"view": "chemo"}]  # CT with and without chemotherapy: its own records (caveat 22)
    return [{"tab": tab} for tab in tabs(path)] or [{}]


def run_page(path: str, params: dict[str, str] | None = None) -> AppTest:
    """The page's first run as a visitor opening its link (with ``params``) gets it; an exception fails."""
    at: AppTest = open_page(path, params=params)
    if at.exception:
        raise AssertionError(f"{path} {params or ''}: {at.exception}")
    return at


def _walk(node: object) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _expander_keys(at: AppTest) -> set[str]:
    keys = set()
    for expander in at.expander:
        if match := _KEYED.match(getattr(expander.proto, "id", "") or ""):
            keys.add(match.group("key"))
    return keys


def open_every_expander(at: AppTest) -> AppTest:
    """Open the page's lazy expanders (their session key set to True), again for those that appear inside."""
    opened: set[str] = set()
    for _ in range(MAX_ROUNDS):
        closed = _expander_keys(at) - opened
        if not closed:
            break
        for key in closed:
            at.session_state[key] = True
        opened |= closed
        at.run()
        if at.exception:
            raise AssertionError(f"an expander opened: {at.exception}")
    return at


def cited_records(at: AppTest) -> set[str]:
    """The ids of the records whose citation line this run drew (from the line's text and its help)."""
    ids = get_catalog().evidence_by_id.keys()
    found: set[str] = set()
    for node in _walk(at._tree):
        if getattr(node, "type", None) != "caption":
            continue
        body = str(getattr(node, "value", "") or "")
        if ICON_SOURCE not in body:
            continue
        text = (
            (body + "\n" + str(getattr(getattr(node, "proto", None), "help", "") or ""))
            .replace("\\", "")
            .replace("`", "")
        )
        found |= {token for token in _TOKEN.findall(text) if token in ids}
    return found


def page_records(path: str) -> set[str]:
    """Every record a page shows in any of its views with every expander open."""
    found: set[str] = set()
    for params in views(path):
        at = open_every_expander(run_page(path, params or None))
        found |= cited_records(at)
    return found


TOPIC_PAGES = tuple(p for p in site.PAGES if p.url_path not in ("sources", "glossary"))
