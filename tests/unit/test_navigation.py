"""Navigation pages are never shared between sessions (Streamlit marks the page it runs on the object)."""

from __future__ import annotations

import ui
from crlm_content import site


def test_every_new_set_has_its_own_page_objects() -> None:
    first, second = ui.new_navigation_pages(), ui.new_navigation_pages()
    assert list(first) == list(site.sections())
    for section, pages in first.items():
        assert len(pages) == len(site.sections()[section])
        assert all(a is not b for a, b in zip(pages, second[section], strict=True))


def test_a_session_keeps_its_pages_and_another_session_gets_its_own() -> None:
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    app = str(Path(__file__).resolve().parents[2] / "app.py")
    one, other = AppTest.from_file(app, default_timeout=60), AppTest.from_file(app, default_timeout=60)
    one.run()
    first_run = one.session_state["_navigation_pages"]
    one.run()
    other.run()
    assert not one.exception and not other.exception
    assert one.session_state["_navigation_pages"] is first_run  # reused by the same session
    theirs = other.session_state["_navigation_pages"]
    mine = [page for pages in first_run.values() for page in pages]
    assert all(a is not b for a, b in zip(mine, [p for ps in theirs.values() for p in ps], strict=True))
    assert sorted(page.title for page in mine) == sorted(page.title for page in site.PAGES)


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
    # Except the favicon (page_icon): Streamlit draws an emoji favicon locally but fetches a material one
    # from fonts.gstatic.com, an outside request from every visitor (the browser tests fail on it).
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sources = [root / "app.py", root / "ui.py", *sorted((root / "app_pages").glob("*.py"))]
    for source in sources:
        for match in re.finditer(r"(?<!page_)icon=\"([^\"]*)\"", source.read_text(encoding="utf-8")):
            assert match.group(1).startswith(":material/"), f"{source.name}: {match.group(0)}"
