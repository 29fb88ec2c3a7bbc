"""The server's collection policy: start-up frozen once, a full collection after page runs, off by setting."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator

import pytest

from crlm_app.runtime import gc_policy


@pytest.fixture
def fresh_policy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(gc_policy, "_started", False)
    monkeypatch.setattr(gc_policy, "_runs", threading.Event())
    yield
    gc.unfreeze()


def _collections_of_the_oldest_generation() -> tuple[list[int], Callable[[str, dict[str, int]], None]]:
    seen: list[int] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            seen.append(info["collected"])

    gc.callbacks.append(callback)
    return seen, callback


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    pause = threading.Event()
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        pause.wait(0.05)
    return condition()


@pytest.mark.usefixtures("fresh_policy")
def test_start_freezes_once_and_starts_one_collector() -> None:
    gc.unfreeze()
    before = {t for t in threading.enumerate() if t.name == "crlm-gc"}
    gc_policy.start()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    assert len({t for t in threading.enumerate() if t.name == "crlm-gc"} - before) == 1
    gc_policy.start()  # a second run of app.py: nothing more
    assert len({t for t in threading.enumerate() if t.name == "crlm-gc"} - before) == 1
    assert gc.get_freeze_count() == frozen


@pytest.mark.usefixtures("fresh_policy")
def test_a_finished_run_is_followed_by_a_full_collection_of_its_cycles() -> None:
    gc_policy.start()
    seen, callback = _collections_of_the_oldest_generation()
    try:

        class Runner:  # a cycle like the one a script run leaves behind
            def __init__(self) -> None:
                self.me = self

        Runner()
        gc_policy.run_finished()
        assert _wait_for(lambda: bool(seen))  # at most 10 s on a loaded machine; usually DELAY_S
        assert max(seen) >= 1
    finally:
        gc.callbacks.remove(callback)


@pytest.mark.usefixtures("fresh_policy")
def test_the_policy_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRLM_GC_POLICY", "0")
    gc.unfreeze()
    gc_policy.start()
    assert gc.get_freeze_count() == 0
    assert gc_policy._started is False


def test_a_collection_waits_for_a_quiet_moment_but_not_longer_than_the_cap() -> None:
    delay, cap = gc_policy.DELAY_S, gc_policy.MAX_WAIT_S
    assert 0 < delay < cap
    first = 0.0  # exact differences at the boundaries below
    # runs keep finishing: not due while the last one is recent and the first has not waited the cap
    assert not gc_policy.due(first + delay / 2, first, first)
    assert not gc_policy.due(first + cap / 2, first, first + cap / 2 - delay / 2)
    # quiet for DELAY_S since the last finished run: due, from exactly the boundary
    assert gc_policy.due(first + delay, first, first)
    assert gc_policy.due(first + cap / 2 + delay * 1.01, first, first + cap / 2)
    # a steady stream: due once the first waiting run is MAX_WAIT_S old, however recent the last
    assert not gc_policy.due(first + cap - delay / 4, first, first + cap - delay / 2)
    assert gc_policy.due(first + cap, first, first + cap - delay / 2)


@pytest.mark.usefixtures("fresh_policy")
def test_start_up_freezes_before_the_content_loads_and_starts_the_policy_after() -> None:
    gc.unfreeze()
    with gc_policy.start_up():
        frozen_before_the_load = gc.get_freeze_count()
        content = [[n] for n in range(1000)]  # what the first run loads: tracked, not yet frozen
        assert any(obj is content for obj in gc.get_objects())
        assert gc_policy._started is False
    assert frozen_before_the_load > 0
    assert gc_policy._started is True
    assert not any(obj is content for obj in gc.get_objects())  # frozen objects are in no generation


@pytest.mark.usefixtures("fresh_policy")
def test_start_up_starts_the_policy_when_the_load_fails() -> None:
    with pytest.raises(RuntimeError), gc_policy.start_up():
        raise RuntimeError("a content error stops the first run")
    assert gc_policy._started is True


@pytest.mark.usefixtures("fresh_policy")
def test_start_up_does_nothing_in_later_runs() -> None:
    gc_policy.start()
    gc.unfreeze()
    with gc_policy.start_up():
        assert gc.get_freeze_count() == 0


def test_freed_memory_goes_back_through_glibc_where_it_is_the_c_library() -> None:
    import os

    glibc = os.confstr("CS_GNU_LIBC_VERSION") if hasattr(os, "confstr") else None
    assert (gc_policy._glibc_malloc_trim() is not None) == bool(glibc and glibc.startswith("glibc"))
    assert gc_policy.release_freed_memory() is (gc_policy._malloc_trim is not None)


def test_malloc_trim_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRLM_MALLOC_TRIM", "0")
    assert gc_policy._glibc_malloc_trim() is None
    monkeypatch.setattr(gc_policy, "_malloc_trim", None)
    assert gc_policy.release_freed_memory() is False


@pytest.mark.usefixtures("fresh_policy")
def test_each_collection_is_followed_by_a_trim(monkeypatch: pytest.MonkeyPatch) -> None:
    pads: list[int] = []
    monkeypatch.setattr(gc_policy, "_malloc_trim", pads.append)
    seen, callback = _collections_of_the_oldest_generation()
    try:
        gc_policy.start()
        gc_policy.run_finished()
        assert _wait_for(lambda: bool(pads))
        assert pads[0] == 0  # trim everything above a zero-byte pad
        assert seen  # the collection came first
    finally:
        gc.callbacks.remove(callback)
