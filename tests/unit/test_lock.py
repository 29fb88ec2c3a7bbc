"""The locks (issue 24, item 7): every package pinned and hashed, in step with pyproject.toml's ranges and
with the Streamlit release the guarded runtime fix was measured on. ``make lock`` regenerates them."""

from __future__ import annotations

import ast
import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from ..conftest import ROOT

LOCK = ROOT / "requirements.lock"
RUN_LOCK = ROOT / "requirements-run.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$")


def pins(path: str) -> dict[str, str]:
    """Name -> version of a hashed lock; fails on an entry that is not pinned or carries no hash."""
    text = (ROOT / path).read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for entry in re.split(r"\n(?=\S)", text):
        first = entry.splitlines()[0]
        if first.startswith("#"):
            continue
        match = _PIN.match(first)
        assert match, f"{path}: not an exact pin: {first!r}"
        assert "--hash=sha256:" in entry, f"{path}: {first} has no hash"
        found[canonicalize_name(match[1])] = match[2]
    return found


def declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in extras:
        specs += project["optional-dependencies"][extra]
    return [Requirement(spec) for spec in specs]


def test_the_lock_pins_every_declared_dependency_within_its_range() -> None:
    locked = pins(LOCK.name)
    for requirement in declared("test", "bench"):
        version = locked.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is missing from {LOCK.name}: run `make lock`"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{LOCK.name} pins {requirement.name}=={version}, outside {requirement.specifier}"
        )


def test_the_image_lock_is_the_run_part_of_the_lock() -> None:
    locked, run = pins(LOCK.name), pins(RUN_LOCK.name)
    assert {name: locked.get(name) for name in run} == run
    run_names = {canonicalize_name(r.name) for r in declared()}
    assert run_names <= set(run)
    test_only = {canonicalize_name(r.name) for r in declared("test")} - run_names
    assert not test_only & set(run), "the image would install test tools"


def test_the_runtime_fix_is_guarded_to_the_locked_streamlit() -> None:
    tree = ast.parse((ROOT / "crlm_app" / "runtime" / "guarded.py").read_text(encoding="utf-8"))
    tested = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "TESTED_STREAMLIT" for t in node.targets)
    )
    assert pins(LOCK.name)["streamlit"] in tested, (
        "requirements.lock moved Streamlit: re-test the fixes of crlm_app/runtime and update TESTED_STREAMLIT"
    )


def test_make_installs_from_the_lock_with_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r $(LOCK)" in makefile
    assert "pip install --quiet --no-deps -e ." in makefile
    assert "LOCK   := requirements.lock" in makefile
