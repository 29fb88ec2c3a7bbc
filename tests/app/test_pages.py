"""AppTest: app.py runs, every registered page renders with the shared frame and no exception."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import crlm_content
from crlm_app import markup
from crlm_content import site

from ..conftest import ROOT
from .helpers import APP, captions, run_page


@pytest.mark.parametrize("page", site.PAGES, ids=lambda p: p.url_path)
def test_every_page_renders_with_frame(page: site.PageSpec) -> None:
    at = run_page(page.path)
    assert crlm_content.DISCLAIMER in captions(at)
    assert "10.4251/wjgo.v13.i9.1043" in captions(at)
    assert at.title[0].value


def test_every_page_file_is_registered() -> None:
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*.py"))
    assert files == sorted(p.path for p in site.PAGES)


def test_links_keep_presenter_mode_and_home_leads_to_grand_rounds() -> None:
    """A page link followed on the projector dropped ``present=1``; Home's Present box never named the
    room poll."""
    presenting = run_page("app_pages/home.py", {"present": "1"}).get("page_link")
    assert presenting and all(link.proto.query_string == "present=1" for link in presenting)
    ordinary = run_page("app_pages/home.py").get("page_link")
    assert ordinary and all(link.proto.query_string == "" for link in ordinary)
    assert "Run a case with the room" in [link.proto.label for link in ordinary]


def test_home_shows_table_one_with_both_sides() -> None:
    at = run_page("app_pages/home.py")
    table = next(m.value for m in at.markdown if m.value.startswith("| Potential advantages"))
    catalog = crlm_content.get_catalog()
    rows = table.splitlines()[2:]
    for side, column in (("advantage", 0), ("disadvantage", 1)):
        items = [i for i in catalog.table_one if i.side == side]
        cells = [row.strip("|").split(" | ")[column].strip() for row in rows]
        assert [c for c in cells if c] == [f"{i.order}. {markup.md(i.text)}" for i in items]
    assert not [c for c in at.caption if "record " in c.value]  # no card before the evidence is opened
    at.session_state["home__table1_evidence"] = True
    at.run()
    cited = "\n".join(c.proto.help for c in at.caption)  # a citation line keeps its record id on hover
    for item in catalog.table_one:
        for evidence_id in item.evidence_ids:
            assert markup.md(evidence_id) in cited


def test_broken_data_shows_precise_message_not_traceback(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = data_copy / "evidence/dlm.yaml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("refs: [84, 85]", "refs: [84, 200]"), encoding="utf-8"
    )
    monkeypatch.setenv("CRLM_DATA_DIR", str(data_copy))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "The content could not be loaded"
    assert at.code[0].value == (
        "data/evidence/dlm.yaml: record 'dlm-fiducial': field 'refs': reference number 200 is outside 1-112"
    )


# Pages with a chart, and the link parameters that show it (a chart may sit in a tab that is not the first).
CHART_PAGES: dict[str, dict[str, str]] = {
    "imaging": {},
    "dlm_explorer": {"tab": "Leaving DLM in place"},
    "prognostic_scores": {"tab": "Published outcomes"},
    "liver_remnant": {},
    "response_assessment": {},
    "cea_monitor": {},
    "treatment_timing": {},
}


@pytest.mark.parametrize("page", site.PAGES, ids=lambda p: p.url_path)
def test_warm_rerun_builds_no_chart_or_table(page: site.PageSpec) -> None:
    """A rerun that changes no input re-sends charts and shared tables without building them (issue 8)."""
    from crlm_content import memo

    at = run_page(page.path, CHART_PAGES.get(page.url_path))
    if page.url_path in CHART_PAGES:
        assert at.get("plotly_chart"), f"{page.url_path} shows no chart"
    builds = memo.builds()
    at.run()
    assert not at.exception, at.exception
    assert memo.builds() == builds, f"{page.url_path} built a chart or a table again on a warm rerun"


def _style_elements(at: AppTest) -> int:
    from crlm_app.layout import RESPONSIVE_CSS

    return sum(1 for element in at.get("html") if RESPONSIVE_CSS in element.proto.body)


def _styled_containers(node: Any) -> int:
    """Containers whose showing depends on the responsive CSS (phone or desktop form, screen-reader text)."""
    from crlm_app import layout

    prefixes = (layout._WIDE, layout._NARROW, layout._SCREEN_READER)
    count = 0
    for child in (node.children or {}).values() if isinstance(getattr(node, "children", None), dict) else ():
        block_id = getattr(child.proto, "id", "") if child.type == "flex_container" else ""
        count += any(f"-{prefix}" in block_id for prefix in prefixes) + _styled_containers(child)
    return count


@pytest.mark.parametrize("page", site.PAGES, ids=lambda p: p.url_path)
def test_only_pages_with_phone_forms_or_alt_text_send_the_responsive_css_once(page: site.PageSpec) -> None:
    """The HTML element costs a first visit its script and sanitizer: a page sends the CSS only when it
    shows a wide/narrow or screen-reader container, and then once however many it shows (reruns too)."""
    at = run_page(page.path)
    needs = _styled_containers(at._tree) > 0
    assert _style_elements(at) == (1 if needs else 0), page.url_path
    at.run()
    assert _style_elements(at) == (1 if needs else 0), page.url_path


def test_presenter_mode_takes_the_yes_words_every_switch_takes_and_names_any_other() -> None:
    """'?present=true' was silently ignored, and dropped from the URL, where every other yes/no setting
    takes true, yes and on."""
    for word in ("true", "yes", "on", "1"):
        at = run_page("app_pages/home.py", {"present": word})
        assert not at.warning, word
        assert at.query_params["present"] == "1", word  # written the one way the app writes it
        assert all(link.proto.query_string == "present=1" for link in at.get("page_link")), word
    at = run_page("app_pages/home.py", {"present": "maybe"})
    (notice,) = [w.value for w in at.warning]
    assert "present" in notice and "expected true or false" in notice
    assert "present" not in at.query_params
