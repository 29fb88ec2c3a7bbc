"""admission.run_slot: at most MAX_RUNS page runs at once; a run never waits past the limit; env parsing."""

from __future__ import annotations

import importlib
import threading
import time

import pytest

import admission


def _fresh(monkeypatch: pytest.MonkeyPatch, value: str | None) -> object:
    if value is None:
        monkeypatch.delenv("CRLM_MAX_CONCURRENT_RUNS", raising=False)
    else:
        monkeypatch.setenv("CRLM_MAX_CONCURRENT_RUNS", value)
    return importlib.reload(admission)


@pytest.fixture(autouse=True)
def _restore() -> object:
    yield
    importlib.reload(admission)  # the module as the app imports it, whatever a test set


@pytest.mark.parametrize(("value", "expected"), [(None, 1), ("3", 3), ("0", 0), ("-2", 0), ("many", 1)])
def test_setting_is_read_and_bad_values_fall_back(
    monkeypatch: pytest.MonkeyPatch, value: str | None, expected: int
) -> None:
    module = _fresh(monkeypatch, value)
    assert expected == module.MAX_RUNS  # type: ignore[attr-defined]


@pytest.mark.parametrize("slots", [1, 2])
def test_no_more_than_max_runs_at_once(monkeypatch: pytest.MonkeyPatch, slots: int) -> None:
    module = _fresh(monkeypatch, str(slots))
    inside, peak, lock = 0, 0, threading.Lock()

    def run() -> None:
        nonlocal inside, peak
        with module.run_slot():  # type: ignore[attr-defined]
            with lock:
                inside += 1
                peak = max(peak, inside)
            time.sleep(0.02)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert peak == slots


def test_slot_is_released_when_the_run_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _fresh(monkeypatch, "1")
    with pytest.raises(RuntimeError), module.run_slot():  # type: ignore[attr-defined]
        raise RuntimeError("st.stop, a rerun or an error ends the run")
    assert module._SLOTS.acquire(timeout=0.1)  # type: ignore[attr-defined]  # free again
    module._SLOTS.release()  # type: ignore[attr-defined]


def test_a_run_never_waits_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _fresh(monkeypatch, "1")
    monkeypatch.setattr(module, "WAIT_LIMIT_S", 0.05)
    assert module._SLOTS.acquire(timeout=0.1)  # type: ignore[attr-defined]  # a stuck run holds the only slot
    ran = threading.Event()

    def run() -> None:
        with module.run_slot():  # type: ignore[attr-defined]
            ran.set()

    thread = threading.Thread(target=run)
    thread.start()
    assert ran.wait(timeout=5), "a run waited past WAIT_LIMIT_S"
    thread.join(timeout=5)
    module._SLOTS.release()  # type: ignore[attr-defined]
    assert module._SLOTS.acquire(timeout=0.1)  # type: ignore[attr-defined]  # not released twice
    module._SLOTS.release()  # type: ignore[attr-defined]


def test_zero_turns_the_limit_off(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _fresh(monkeypatch, "0")
    with module.run_slot(), module.run_slot():  # type: ignore[attr-defined]
        pass
