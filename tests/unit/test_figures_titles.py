"""Every chart's title fits a 360 px phone: each line of it, as drawn in the title's font, within the plot's
width there. Titles were wrapped at 40 characters, and 40 characters took 348 px of the 324 a phone has
("10 true lesions: about 9 found, 1 missed" and "Published 5-year survival by Fong score" lost their
last word). Every builder is built here with the inputs its page can give it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import date

import plotly.graph_objects as go
import pytest

from crlm_content import figures, get_catalog, tools
from crlm_content import guidelines as gl
from crlm_content.figures.cea import cea_figure
from crlm_content.figures.dlm import rfs_figure
from crlm_content.figures.frame import (
    PHONE_PLOT_PX,
    TITLE_CHAR_PX,
    TITLE_CHAR_PX_UNKNOWN,
    TITLE_INSET_PX,
    TITLE_PX,
    title_px,
    wrap_title,
)
from crlm_content.figures.guidelines import guideline_timeline_figure
from crlm_content.figures.imaging import ct_by_chemotherapy_figure, icon_array_figure, sensitivity_figure
from crlm_content.figures.liver_remnant import flr_figure
from crlm_content.figures.response import recist_sums_figure
from crlm_content.figures.scores import fong_outcomes_figure
from crlm_content.figures.studies import study_figure
from crlm_content.figures.surgery import SYNCHRONOUS_OS_RECORD, synchronous_os_figure
from crlm_content.figures.timing import treatment_timeline_figure
from crlm_content.imaging import (
    MAX_LESIONS,
    MIN_LESIONS,
    ct_by_chemotherapy,
    detection_illustration,
    sensitivity_rows,
)
from crlm_content.scores import FONG_PUBLISHED_OUTCOMES
from crlm_content.studies import load_studies

CATALOG = get_catalog()


def _cea() -> Iterator[go.Figure]:
    for time, key in (("week", "week"), ("date", "date")):
        start = 0 if time == "week" else date(2025, 1, 6)
        later = 3 if time == "week" else date(2025, 1, 27)
        points, _ = tools.validate_cea([{key: start, "cea": 40}, {key: later, "cea": 30}], time)  # type: ignore[arg-type]
        assert points is not None
        yield cea_figure(points, time=time, threshold_percent=7.5, source="s")  # type: ignore[arg-type]


def _imaging() -> Iterator[go.Figure]:
    rows = sensitivity_rows(CATALOG)
    yield sensitivity_figure(rows)
    # Every digit is drawn one width: a count of each length, one and two (singular, plural) and the most
    # cover every title the page can show, with any share found.
    counts = sorted({MIN_LESIONS, 2, 9, 10, 11, 49, MAX_LESIONS})
    for row in rows:
        for lesions in counts:
            yield icon_array_figure(detection_illustration(lesions, row.sensitivity), row=row)
    for lesions in counts:
        for percent in (0.0, 5.0, 50.0, 95.0, 100.0):
            yield icon_array_figure(detection_illustration(lesions, percent), row=rows[0])


def _flr() -> Iterator[go.Figure]:
    for condition in ("normal", "chemotherapy_or_steatosis", "cirrhosis"):
        for percent in (10.0, 30.0, 95.0):
            result, _ = tools.assess_flr(
                source="percent",
                flr_percent=percent,
                flr_volume_ml=None,
                bsa_m2=None,
                condition=condition,
            )
            assert result is not None
            yield flr_figure(result, source="s")


def _recist() -> Iterator[go.Figure]:
    sums, _ = tools.validate_targets([{"organ": "liver", "baseline": 35.0, "nadir": 20.0, "now": 22.0}])
    assert sums is not None
    yield recist_sums_figure(sums, tools.sums_boundaries(sums), source="s")


def _timeline() -> Iterator[go.Figure]:
    inputs = tools.TimingInputs(
        cycles=6,
        cycle_weeks=2,
        start=date(2025, 1, 6),
        last_chemo=None,
        bevacizumab="not_last_cycle",
        bevacizumab_date=None,
        surgery_by="weeks",
        surgery_gap_weeks=5,
        surgery=None,
    )
    plan, _ = tools.plan_timing(inputs)
    assert plan is not None
    yield treatment_timeline_figure(plan, source="s")


# Every builder (a public function of crlm_content.figures named *_figure) with the figures it makes.
BUILDS: dict[str, Callable[[], Iterator[go.Figure]]] = {
    "cea_figure": _cea,
    "rfs_figure": lambda: iter([rfs_figure(CATALOG)]),
    "guideline_timeline_figure": lambda: iter([guideline_timeline_figure(gl.guidelines())]),
    "sensitivity_figure": _imaging,
    "icon_array_figure": _imaging,
    "ct_by_chemotherapy_figure": lambda: iter([ct_by_chemotherapy_figure(ct_by_chemotherapy(CATALOG))]),
    "flr_figure": _flr,
    "recist_sums_figure": _recist,
    "fong_outcomes_figure": lambda: (
        fong_outcomes_figure(FONG_PUBLISHED_OUTCOMES, patient_points=n, source="s") for n in range(6)
    ),
    "study_figure": lambda: (study_figure(CATALOG, study) for study in load_studies(CATALOG)),
    "synchronous_os_figure": lambda: iter(
        [synchronous_os_figure(CATALOG.get(SYNCHRONOUS_OS_RECORD), source="s")]
    ),
    "treatment_timeline_figure": _timeline,
}


def test_every_chart_builder_is_checked() -> None:
    builders = set()
    for module in pkgutil.iter_modules(figures.__path__):
        loaded = importlib.import_module(f"{figures.__name__}.{module.name}")
        builders |= {
            name
            for name, function in inspect.getmembers(loaded, inspect.isfunction)
            if name.endswith("_figure") and function.__module__ == loaded.__name__ and name != "cached_figure"
        }
    assert builders == set(BUILDS)


def test_the_room_is_a_phones_plot() -> None:
    assert TITLE_INSET_PX + TITLE_PX <= PHONE_PLOT_PX
    assert max(TITLE_CHAR_PX.values()) <= TITLE_CHAR_PX_UNKNOWN


@pytest.mark.parametrize("builder", sorted(BUILDS))
def test_every_title_line_fits_a_360_px_phone(builder: str) -> None:
    titles = {figure.layout.title.text for figure in BUILDS[builder]()}
    assert titles and all(titles)
    too_wide = [
        (line, round(title_px(line)))
        for title in titles
        for line in title.split("<br>")
        if title_px(line) > TITLE_PX
    ]
    assert too_wide == []


@pytest.mark.parametrize(
    "title",
    ["10 true lesions: about 9 found, 1 missed", "Published 5-year survival by Fong score"],
)
def test_the_titles_cut_off_on_a_phone_now_wrap(title: str) -> None:
    # 348 px and 347 px drawn in Chromium (the measured widths agree within 4 px)
    assert title_px(title) > PHONE_PLOT_PX - TITLE_INSET_PX
    lines = wrap_title(title)
    assert len(lines) == 2 and " ".join(lines) == title
