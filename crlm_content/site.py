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
    share: bool = True  # the frame's "Share or present this view" button (not on the audience's phone page)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/home.py", "Home", ":material/home:", "Start", "home", default=True),
    PageSpec(
        "app_pages/decision_walkthrough.py",
        "Decision walkthrough",
        ":material/explore:",
        "Learn",
        "walkthrough",
    ),
    PageSpec("app_pages/cases.py", "Case library", ":material/cases:", "Learn", "cases"),
    PageSpec("app_pages/quiz.py", "Quiz", ":material/quiz:", "Learn", "quiz"),
    PageSpec("app_pages/rounds.py", "Grand rounds", ":material/co_present:", "Present", "rounds"),
    PageSpec("app_pages/vote.py", "Join a poll", ":material/how_to_vote:", "Present", "vote", share=False),
    PageSpec("app_pages/trials.py", "Trials and studies", ":material/science:", "Learn", "trials"),
    PageSpec(
        "app_pages/sources.py", "Sources and evidence", ":material/library_books:", "Reference", "sources"
    ),
    PageSpec("app_pages/glossary.py", "Glossary", ":material/menu_book:", "Reference", "glossary"),
    PageSpec("app_pages/imaging.py", "Imaging", ":material/radiology:", "Explore", "imaging"),
    PageSpec("app_pages/dlm_explorer.py", "DLM explorer", ":material/zoom_in:", "Explore", "dlm_explorer"),
    PageSpec("app_pages/guidelines.py", "Guideline comparison", ":material/balance:", "Learn", "guidelines"),
    PageSpec(
        "app_pages/regimens.py",
        "Regimens, biologics and liver injury",
        ":material/medication:",
        "Learn",
        "regimens",
    ),
    PageSpec("app_pages/surgery.py", "Surgery and alternatives", ":material/surgical:", "Learn", "surgery"),
    PageSpec(
        "app_pages/prognostic_scores.py",
        "Prognostic scores",
        ":material/calculate:",
        "Tools",
        "prognostic_scores",
    ),
    PageSpec(
        "app_pages/liver_remnant.py",
        "Liver remnant planner",
        ":material/pie_chart:",
        "Tools",
        "liver_remnant",
    ),
    PageSpec(
        "app_pages/response_assessment.py",
        "Response assessment",
        ":material/straighten:",
        "Tools",
        "response_assessment",
    ),
    PageSpec("app_pages/cea_monitor.py", "CEA monitor", ":material/monitoring:", "Tools", "cea_monitor"),
    PageSpec(
        "app_pages/treatment_timing.py",
        "Treatment timing planner",
        ":material/calendar_month:",
        "Tools",
        "treatment_timing",
    ),
)


SECTION_ORDER: tuple[str, ...] = ("Start", "Learn", "Explore", "Tools", "Present", "Reference")


def sections() -> dict[str, list[PageSpec]]:
    """Pages grouped by navigation section, sections in SECTION_ORDER, pages in registry order."""
    unknown = {page.section for page in PAGES} - set(SECTION_ORDER)
    if unknown:
        raise ValueError(f"unknown navigation section(s): {sorted(unknown)}")
    grouped: dict[str, list[PageSpec]] = {section: [] for section in SECTION_ORDER}
    for page in PAGES:
        grouped[page.section].append(page)
    return {section: pages for section, pages in grouped.items() if pages}
