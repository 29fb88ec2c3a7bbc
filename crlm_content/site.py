"""The page registry as plain data: ``app.py`` builds navigation from it and the tests visit every page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    section: str
    url_path: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/home.py", "Home", "🏠", "Start", "home", default=True),
    PageSpec("app_pages/decision_walkthrough.py", "Decision walkthrough", "🧭", "Learn", "walkthrough"),
    PageSpec("app_pages/guidelines.py", "Guideline comparison", "⚖️", "Learn", "guidelines"),
    PageSpec("app_pages/sources.py", "Sources and evidence", "📚", "Reference", "sources"),
    PageSpec("app_pages/glossary.py", "Glossary", "📖", "Reference", "glossary"),
)


def sections() -> dict[str, list[PageSpec]]:
    """Pages grouped by navigation section, in registry order."""
    grouped: dict[str, list[PageSpec]] = {}
    for page in PAGES:
        grouped.setdefault(page.section, []).append(page)
    return grouped
