"""The navigation's pages are never shared between runs (Streamlit marks the page it runs on the object)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from crlm_app import content, evidence, frame, markup
from crlm_content import site


def test_every_call_makes_its_own_page_objects() -> None:
    first, second = frame.navigation_pages(), frame.navigation_pages()
    assert list(first) == list(site.sections())
    for section, pages in first.items():
        specs = site.sections()[section]
        assert len(pages) == len(specs) + sum(spec.default for spec in specs)  # + the hidden alias
        assert all(a is not b for a, b in zip(pages, second[section], strict=True))


def in_a_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """What st.Page reads of a run, so it builds complete page objects here."""
    import importlib

    page_module = importlib.import_module("streamlit.navigation.page")  # st.navigation hides the package
    root = Path(__file__).resolve().parents[2]
    run = SimpleNamespace(pages_manager=SimpleNamespace(main_script_parent=root))
    monkeypatch.setattr(frame, "get_script_run_ctx", lambda: run)
    monkeypatch.setattr(page_module, "get_script_run_ctx", lambda *a, **k: run)
    monkeypatch.setattr(frame, "_PAGE_PROTOTYPES", {})


def test_the_default_page_also_answers_at_its_own_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit serves the default page at / and reserves its url_path: /home said "Page not found". A
    hidden page on the same script answers there, after the default (links to the script go to /)."""
    in_a_run(monkeypatch)
    pages = [page for section in frame.new_navigation_pages().values() for page in section]
    (default,) = [spec for spec in site.PAGES if spec.default]
    served = [page for page in pages if page.title == default.title]
    assert [(p._default, p.url_path, p.visibility) for p in served] == [
        (True, "", "visible"),
        (False, default.url_path, "hidden"),
    ]


def test_each_run_gets_copies_of_pages_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    in_a_run(monkeypatch)

    def flat(pages: dict[str, list[Any]]) -> list[Any]:
        return [page for section in pages.values() for page in section]

    first, second, fresh = (
        flat(frame.navigation_pages()),
        flat(frame.navigation_pages()),
        flat(frame.new_navigation_pages()),
    )
    assert len(first) == len(site.PAGES) + 1  # the default page's hidden alias
    assert all(a is not b for a, b in zip(first, second, strict=True))  # never one object in two runs
    assert [vars(page) for page in first] == [vars(page) for page in fresh]  # a copy is a fresh page
    assert all(page._page.is_file() and not page._can_be_called for page in first)
    first[0]._can_be_called = True  # what st.navigation does to the page it returns
    assert not flat(frame.navigation_pages())[0]._can_be_called


def test_every_icon_is_a_material_symbol_streamlit_accepts() -> None:
    # Material symbols come with Streamlit's own font, so they show on machines without an emoji font (a
    # projector's PC, headless Chromium here), where emoji icons turn into empty boxes.
    from streamlit.string_util import validate_material_icon

    icons = [page.icon for page in site.PAGES]
    assert all(icon.startswith(":material/") for icon in icons)
    for icon in icons:
        validate_material_icon(icon)  # raises on a name Streamlit does not know
    assert len(set(icons)) == len(icons)


def test_no_page_or_frame_icon_is_an_emoji() -> None:
    # (page_icon, the favicon, is an SVG data URI: see frame.FAVICON.)
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sources = [
        root / "app.py",
        *sorted((root / "crlm_app").rglob("*.py")),
        *sorted((root / "app_pages").glob("*.py")),
    ]
    for source in sources:
        for match in re.finditer(r"(?<!page_)icon=\"([^\"]*)\"", source.read_text(encoding="utf-8")):
            assert match.group(1).startswith(":material/"), f"{source.name}: {match.group(0)}"


def test_the_markers_in_citations_caveats_and_notes_are_material_symbols() -> None:
    # They were emoji (📚, ⚠️, 📝), which showed as empty boxes where no emoji font is installed.
    from streamlit.string_util import validate_material_icon

    for icon in (markup.ICON_WARNING, markup.ICON_SOURCE, markup.ICON_NOTE):
        assert icon.startswith(":material/")
        validate_material_icon(icon)  # raises on a name Streamlit does not know
    caveat = content.catalog().caveats[0]
    assert evidence.caveat_line(caveat).startswith(
        f":orange-badge[{markup.ICON_WARNING} caveat {caveat.number}]"
    )
