"""`pip install .` (not editable) into a fresh venv serves every page from outside the checkout.

Issue 19, item 4. The wheel is built from the checkout, installed with the locked run dependencies
(requirements-run.lock, hash-checked, as deploy/Dockerfile does) into a venv that does not see the system's
site-packages, and served by its `crlm-dashboard` launcher from an empty folder with no CRLM_DATA_DIR:
content, entry, pages and settings must all come from the wheel. The install takes about a minute the first
time (pip's cache makes repeats quicker).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import crlm_content
from crlm_content import site
from devtools.server import PACKAGES, Server, free_port, launch, stop_server, streamlit_options

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
RUN_LOCK = ROOT / "requirements-run.lock"
# Nothing from the test's own environment may lead the installed copy back to the checkout.
HIDDEN_ENV = ("CRLM_DATA_DIR", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")


def _clean_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in HIDDEN_ENV}


def _run(args: list[str | Path], cwd: Path) -> str:
    result = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, env=_clean_env(), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the built wheel and the locked run dependencies, nothing else."""
    tmp = tmp_path_factory.mktemp("install")
    wheels = tmp / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", ROOT, "-w", wheels], cwd=tmp)
    (wheel,) = wheels.glob("crlm_teaching_dashboard-*.whl")
    target = tmp / "venv"
    _run([sys.executable, "-m", "venv", target], cwd=tmp)
    python = target / "bin" / "python"
    _run([python, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", RUN_LOCK], cwd=tmp)
    _run([python, "-m", "pip", "install", "--quiet", "--no-deps", wheel], cwd=tmp)
    _run([python, "-m", "pip", "check"], cwd=tmp)  # the wheel's own dependencies are all in the lock
    return target


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty working directory: no data/, no app.py, no .streamlit/ to fall back on."""
    return tmp_path_factory.mktemp("outside")


def test_installed_copy_finds_everything_inside_the_wheel(venv: Path, outside: Path) -> None:
    probe = (
        "import crlm_content, crlm_dashboard\n"
        "from crlm_content.catalog import data_dir, get_catalog\n"
        "print(crlm_content.__file__)\n"
        "print(data_dir())\n"
        "print(crlm_dashboard.app_path())\n"
        "print(len(get_catalog().evidence))\n"
    )
    package, data, app, evidence = _run([venv / "bin" / "python", "-c", probe], cwd=outside).split()
    site_packages = next((venv / "lib").glob("python3*/site-packages")).resolve()
    for path in (package, data, app):
        assert Path(path).is_relative_to(site_packages), f"{path} is not in the installed copy"
    assert Path(data) == site_packages / "crlm_content" / "_data"
    assert int(evidence) == len(crlm_content.evidence())
    shipped = {p.relative_to(data).as_posix() for p in Path(data).rglob("*") if p.is_file()}
    source = {p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert shipped == source
    installed_app = Path(app).parent
    assert (installed_app / ".streamlit" / "config.toml").is_file()  # production settings beside the entry
    assert all((installed_app / spec.path).is_file() for spec in site.PAGES)


def test_installed_copy_starts_from_bytecode(venv: Path) -> None:
    """pip writes the wheel's bytecode at install (PYTHONDONTWRITEBYTECODE, set in deploy/Dockerfile, only
    stops Python writing it at run time): without it every replica start compiles the packages from source."""
    site_packages = next((venv / "lib").glob("python3*/site-packages"))
    modules = [p for name in PACKAGES for p in (site_packages / name).rglob("*.py")]
    assert modules
    missing = [p for p in modules if not Path(importlib.util.cache_from_source(str(p))).is_file()]
    assert missing == []


@pytest.fixture(scope="module")
def installed_server(venv: Path, outside: Path) -> Iterator[Server]:
    """The installed launcher, run from the empty folder, polled on /_stcore/health."""
    port = free_port()
    command = [str(venv / "bin" / "crlm-dashboard"), *streamlit_options(port)]
    try:
        server = launch("installed", command, port, cwd=outside, env=_clean_env(), log_dir=outside)
    except RuntimeError as error:
        pytest.fail(f"the installed app did not become healthy: {error}")
    yield server
    stop_server(server)


@pytest.mark.parametrize("spec", site.PAGES, ids=lambda p: p.url_path)
def test_installed_app_serves_every_page(installed_server: Server, visit, spec: site.PageSpec) -> None:  # type: ignore[no-untyped-def]
    url = installed_server.url + ("/" if spec.default else f"/{spec.url_path}")
    result = visit(url)
    page = result.page
    assert page.locator("[data-testid='stException']").count() == 0, installed_server.output()
    assert page.get_by_role("heading", name=spec.title if not spec.default else None).first.is_visible()
    assert page.get_by_text(crlm_content.DISCLAIMER).first.is_visible()
    assert result.console_errors == []
    assert result.page_errors == []
    assert "Traceback" not in installed_server.output()
