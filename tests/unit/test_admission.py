"""admission.run_slot: at most MAX_RUNS page runs at once; a run never waits past the limit; env parsing."""

from __future__ import annotations

import importlib
import threading

import pytest

from crlm_app.runtime import admission


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
    inside, peak, changed = 0, 0, threading.Condition()

    def run() -> None:
        # Each run holds its slot until one run more than the limit is inside (never, while the limit is
        # kept: then it leaves after 0.2 s, long enough for the queued runs to fill every slot; a 20 ms nap
        # need not overlap on a loaded machine), or at once when the limit is broken, so the peak passes it.
        nonlocal inside, peak
        with module.run_slot(), changed:  # type: ignore[attr-defined]
            inside += 1
            peak = max(peak, inside)
            changed.notify_all()
            changed.wait_for(lambda: inside > slots, timeout=0.2)
            inside -= 1

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert peak == slots


def _hold(module: object, release: threading.Event) -> threading.Thread:
    """A run that holds a slot until ``release`` is set; returns once it holds it."""
    holding = threading.Event()

    def run() -> None:
        with module.run_slot():  # type: ignore[attr-defined]
            holding.set()
            release.wait(timeout=30)

    thread = threading.Thread(target=run)
    thread.start()
    assert holding.wait(timeout=5)
    return thread


def _runs_while_held(module: object) -> bool:
    ran = threading.Event()

    def run() -> None:
        with module.run_slot():  # type: ignore[attr-defined]
            ran.set()

    thread = threading.Thread(target=run)
    thread.start()
    result = ran.wait(timeout=5)
    thread.join(timeout=5)
    return result


def test_slot_is_released_when_the_run_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _fresh(monkeypatch, "1")
    with pytest.raises(RuntimeError), module.run_slot():  # type: ignore[attr-defined]
        raise RuntimeError("st.stop, a rerun or an error ends the run")
    assert module._HOLDERS == {}  # type: ignore[attr-defined]  # free again


def test_a_run_never_waits_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _fresh(monkeypatch, "1")
    monkeypatch.setattr(module, "WAIT_LIMIT_S", 0.05)
    monkeypatch.setattr(module, "HOLD_LIMIT_S", 60.0)
    release = threading.Event()
    stuck = _hold(module, release)  # a stuck run holds the only slot
    assert _runs_while_held(module), "a run waited past WAIT_LIMIT_S"
    assert len(module._HOLDERS) == 1  # type: ignore[attr-defined]  # it ran without taking a slot
    release.set()
    stuck.join(timeout=5)
    assert module._HOLDERS == {}  # type: ignore[attr-defined]  # not released twice


def test_a_heavy_run_holds_its_slot_only_briefly(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run past HOLD_LIMIT_S (a huge paste) goes on without its slot: others do not wait for it to end."""
    module = _fresh(monkeypatch, "1")
    monkeypatch.setattr(module, "WAIT_LIMIT_S", 60.0)
    monkeypatch.setattr(module, "HOLD_LIMIT_S", 0.05)
    release = threading.Event()
    heavy = _hold(module, release)
    assert _runs_while_held(module), "a run waited for a heavy run to end"
    assert _runs_while_held(module)
    release.set()
    heavy.join(timeout=5)
    assert module._HOLDERS == {}  # type: ignore[attr-defined]


def test_zero_turns_the_limit_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """With 0, four runs are inside at once and none takes a slot. The limits are long, so a run held back
    would stay held: the barrier then breaks after 5 s instead of the test passing once the wait runs out."""
    module = _fresh(monkeypatch, "0")
    monkeypatch.setattr(module, "WAIT_LIMIT_S", 60.0)
    monkeypatch.setattr(module, "HOLD_LIMIT_S", 60.0)
    together = threading.Barrier(4, timeout=5)
    met: list[bool] = []
    slots_taken: list[int] = []

    def run() -> None:
        with module.run_slot():  # type: ignore[attr-defined]
            slots_taken.append(len(module._HOLDERS))  # type: ignore[attr-defined]
            try:
                together.wait()
                met.append(True)
            except threading.BrokenBarrierError:
                met.append(False)

    threads = [threading.Thread(target=run, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert met == [True] * 4, "runs waited for a slot although the limit is off"
    assert slots_taken == [0] * 4
