"""The walkthrough's steps, one home per step family: ``crlm_content/decision/steps/`` holds one small module
per family, each naming in its docstring the step(s) it holds, and the package re-exports every name so
``steps.<name>`` still reads as it did when the twelve steps were one 2,200-line module."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path
from types import ModuleType

import crlm_content
import crlm_content.decision as decision
from crlm_content.decision import recommend, steps
from crlm_content.decision.presets import DEFAULT_SCENARIO

PACKAGE = Path(decision.__file__).parent
MAX_LINES = 700  # the longest other module of the package (lens.py) is about 610


def _step_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{steps.__name__}.{info.name}")
        for info in pkgutil.iter_modules(steps.__path__)
    ]


def _defined(module: ModuleType) -> list[str]:
    """The names a module defines at top level (functions, classes and assignments), not those it imports."""
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return names


def test_no_module_of_the_decision_package_is_a_long_file() -> None:
    """A maintainer asked where a rule lives opens one small file, not a 2,000-line one."""
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in sorted(PACKAGE.rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_each_step_lives_in_a_module_whose_docstring_names_it() -> None:
    """The twelve steps of the trace, in order: each built in a module of ``steps/`` whose docstring opens
    with its number ("Step 3, Remnant: ...", "Steps 10 and 11, ...")."""
    plan = recommend(DEFAULT_SCENARIO)
    assert len(plan.steps) == 12
    for number, step in enumerate(plan.steps, start=1):
        function = getattr(
            steps, {"strategy": "strategy_step", "dlm": "disappearing_metastases"}.get(step.key, step.key)
        )
        module = importlib.import_module(function.__module__)
        assert module.__name__.startswith(f"{steps.__name__}."), (step.key, module.__name__)
        opening = re.match(r"Steps? (\d+)(?: and (\d+))?", module.__doc__ or "")
        assert opening is not None, module.__name__
        assert number in {int(n) for n in opening.groups() if n}, (step.key, module.__name__)


def test_every_step_module_has_a_docstring_citing_records_its_code_uses() -> None:
    """Each module's docstring says which records its rules rest on: it names at least one Evidence record,
    and every record it names is one its code cites (or, for the shared thresholds, names in a comment)."""
    known = crlm_content.get_catalog().evidence_by_id
    modules = _step_modules()
    assert len(modules) >= 12
    for module in modules:
        body = Path(module.__file__ or "").read_text(encoding="utf-8").split('"""', 2)[2]
        named = [w for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", module.__doc__ or "") if w in known]
        assert named, module.__name__
        assert [w for w in named if w not in body] == [], module.__name__


def test_the_package_reexports_every_name_of_its_modules() -> None:
    """``steps.<name>`` is the very object its module defines, for every name any module defines; and the
    names the engine, the lens, the regimen grid and the tests reach through ``steps`` are all there."""
    modules = _step_modules()
    assert {m.__name__.rsplit(".", 1)[1] for m in modules} >= {"liver_remnant", "gates", "systemic_therapy"}
    for module in modules:
        for name in _defined(module):
            if name.startswith("_"):
                continue
            assert getattr(steps, name) is getattr(module, name), (module.__name__, name)
            assert name in steps.__all__, name
    reached = [
        "ANTI_EGFR_AFTER_CONVERSION_GAP",
        "AUGMENTATION_AROUND",
        "DEFAULT_STRATEGY",
        "Facts",
        "GATES",
        "HIGH_RECURRENCE_RISK_MIN_SCORE",
        "LOW_RISK_MAX_LESIONS",
        "MIN_MARGIN_MM",
        "NEXT_LINE_AFTER_PROGRESSION",
        "PEMBROLIZUMAB_AFTER_PROGRESSION_IDS",
        "RecurrenceRisk",
        "and_list",
        "assess_recurrence_risk",
        "assess_resectability",
        "augmentation_chemotherapy",
        "augmentation_gate",
        "choose_strategy",
        "course_after_surgery",
        "disappearing_metastases",
        "extensive_prior_chemotherapy",
        "margins",
        "missing_tests",
        "molecular",
        "monitoring",
        "operative_risk",
        "pembrolizumab_after_course",
        "plural",
        "presentation",
        "primary_chemotherapy_clause",
        "recurrence_derivation",
        "recurrence_risk",
        "regimen",
        "reimaging_interval",
        "remnant",
        "remnant_after_planned_course_short",
        "remnant_condition",
        "removal_parts",
        "resectability",
        "resectable_before_chemotherapy",
        "strategy_step",
        "timing",
        "total_chemotherapy_weeks",
        "typed",
        "weeks_before_surgery",
    ]
    assert sorted(n for n in reached if not hasattr(steps, n)) == []
