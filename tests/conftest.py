"""Shared fixtures: a minimal valid data folder that content-error tests copy and break; and whether the
Redis store's tests may skip."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check what is computed, not how fast: Hypothesis' default 200 ms deadline per example made
# them timed unit tests, failing on a loaded two-core machine with correct code (speed is the benchmarks'
# job). Each example still runs to completion; a hang would still stop the run at CI's limit.
settings.register_profile("crlm", deadline=None)
settings.load_profile("crlm")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Set by .ci/run: the Redis store's tests (tests/unit/test_poll_store.py, tests/app/test_rounds.py) fail, not
# skip, without Debian's redis-server, as CRLM_REQUIRE_E2E=1 does for the browser layer's Chromium and nginx.
REQUIRE_REDIS = "CRLM_REQUIRE_REDIS"


def redis_missing() -> str | None:
    """Why the Redis store cannot be tested on this machine (no redis-server), or None."""
    from devtools import redis

    return None if redis.binary() else redis.MISSING


def redis_required() -> bool:
    return os.environ.get(REQUIRE_REDIS) == "1"


def require_redis() -> None:
    """Return when redis-server is installed; else skip the calling test with the reason, or fail it under
    CRLM_REQUIRE_REDIS=1 (CI): a skipped store must never pass for a tested one."""
    missing = redis_missing()
    if missing is None:
        return
    if redis_required():
        pytest.fail(f"{REQUIRE_REDIS}=1 but the Redis store cannot be tested: {missing}")
    pytest.skip(f"Redis store skipped: {missing}")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid data folder."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal_data", target)
    return target


def replace_once(path: Path, old: str, new: str) -> None:
    """Break a fixture file in one place; fail loudly if the fixture no longer has that text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
