"""The live poll's store (issue 22, items 3 and 4): one contract, run on both implementations against real
servers: SQLite in a temporary folder, and Debian's redis-server started on a free loopback port for this
module and stopped after it.

Without redis-server the Redis cases skip with the reason, except with CRLM_REQUIRE_REDIS=1 (CI, ``.ci/run``
installs it), where they fail: a skipped backend must never pass for a tested one (as CRLM_REQUIRE_E2E=1 does
for the browser layer's Chromium, tests/e2e/conftest.py). Expiry is tested with an injected clock, so
nothing here waits or measures time.
"""

from __future__ import annotations

import collections
import functools
import os
import random
import re
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import crlm_app.polls as polls
from crlm_app.polls import (
    CODE_ALPHABET,
    CODE_LENGTH,
    BadRequest,
    BadVote,
    PollError,
    PollStore,
    QuestionClosed,
    SQLiteStore,
    StageMoved,
    StoreUnavailable,
    TooManyRooms,
    TooManyVotes,
    UnknownRoom,
    WrongSecret,
)
from crlm_app.polls.redis import RedisStore
from crlm_app.polls.store import DEFAULT_TTL_S, MAX_OPTIONS, MAX_TTL_S
from devtools import redis
from devtools.redis import RedisServer
from devtools.server import free_port

from ..conftest import ROOT, redis_missing, redis_required, require_redis

REDIS_MISSING = redis_missing()


def start_redis(folder: Path) -> RedisServer:
    require_redis()
    try:
        return redis.start(folder)
    except RuntimeError as error:
        pytest.fail(str(error))


def stop_redis(server: RedisServer) -> None:
    server.stop()


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = start_redis(tmp_path_factory.mktemp("redis"))
    yield server
    stop_redis(server)


def _backend(name: str) -> Any:
    """The Redis cases carry their skip from collection on, as tests/e2e/conftest.py marks the browser
    tests; with CRLM_REQUIRE_REDIS=1 they are left unmarked and ``redis_server`` fails them."""
    if name == "redis" and REDIS_MISSING and not redis_required():
        return pytest.param(name, marks=pytest.mark.skip(reason=f"Redis store skipped: {REDIS_MISSING}"))
    return name


BACKENDS = [_backend("sqlite"), _backend("redis")]


@dataclass
class Clock:
    """The stores' time, moved by the tests (no test waits for a room to expire)."""

    now: float = field(default_factory=time.time)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Backend:
    """Makes stores of one implementation that share one place (one folder, or one server and namespace),
    as two server processes or replicas would."""

    name: str
    make_one: Callable[..., PollStore]
    clock: Clock = field(default_factory=Clock)

    def make(self, **limits: int) -> PollStore:
        return self.make_one(clock=self.clock, **limits)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "sqlite":
        return Backend("sqlite", lambda **kw: SQLiteStore(tmp_path / "polls", **kw))
    server: RedisServer = request.getfixturevalue("redis_server")
    namespace = f"test:{uuid.uuid4().hex[:12]}:"
    return Backend("redis", lambda **kw: RedisStore(server.url, namespace=namespace, **kw))


@pytest.fixture
def store(backend: Backend) -> PollStore:
    return backend.make()


def opened(store: PollStore, stage: str = "s1", n_options: int = 3) -> tuple[str, str]:
    """A room showing ``stage`` with its question open: (code, secret)."""
    room = store.open_room("case-a")
    store.advance(room.code, room.presenter_secret, stage)
    store.open_question(room.code, room.presenter_secret, n_options)
    return room.code, room.presenter_secret


# The contract


def test_a_room_from_opening_to_closing(store: PollStore) -> None:
    room = store.open_room("case-a")
    state = store.room(room.code)
    assert state is not None
    assert (state.case_key, state.stage_key, state.question_open, state.revealed, state.n_options) == (
        "case-a",
        None,
        False,
        False,
        None,
    )
    assert state.created_at < state.expires_at == room.expires_at

    code, secret = room.code, room.presenter_secret
    state = store.advance(code, secret, "stage-1")
    assert (state.stage_key, state.question_open, state.n_options) == ("stage-1", False, None)
    with pytest.raises(QuestionClosed):
        store.vote(code, "early", "stage-1", 0, 3)
    state = store.open_question(code, secret, 3)
    assert (state.question_open, state.revealed, state.n_options) == (True, False, 3)

    store.vote(code, "ann", "stage-1", 0, 3)
    store.vote(code, "bob", "stage-1", 2, 3)
    store.vote(code, "cat", "stage-1", 2, 3)
    assert store.counts(code, "stage-1") == (1, 0, 2)
    store.vote(code, "ann", "stage-1", 1, 3)  # a changed vote moves
    store.vote(code, "bob", "stage-1", 2, 3)  # a repeated one counts once
    assert store.counts(code, "stage-1") == (0, 1, 2)
    assert store.my_vote(code, "ann", "stage-1") == frozenset({1})
    assert store.my_vote(code, "dan", "stage-1") is None

    state = store.close_question(code, secret)
    assert (state.question_open, state.revealed) == (False, False)
    with pytest.raises(QuestionClosed, match="closed"):
        store.vote(code, "ann", "stage-1", 0, 3)
    state = store.open_question(code, secret, 3)  # reopened: votes kept
    store.vote(code, "dan", "stage-1", 0, 3)
    state = store.reveal(code, secret)
    assert (state.question_open, state.revealed) == (False, True)
    with pytest.raises(QuestionClosed):
        store.vote(code, "eve", "stage-1", 0, 3)
    assert store.counts(code, "stage-1") == (1, 1, 2)

    state = store.advance(code, secret, "stage-2")
    assert (state.stage_key, state.question_open, state.revealed, state.n_options) == (
        "stage-2",
        False,
        False,
        None,
    )
    assert store.counts(code, "stage-2") == ()  # never asked
    store.open_question(code, secret, 2)
    store.vote(code, "ann", "stage-2", 1, 2)
    assert store.counts(code, "stage-2") == (0, 1)
    assert store.counts(code, "stage-1") == (1, 1, 2)  # an earlier stage's result stays

    store.reset_votes(code, secret, "stage-2")
    assert store.counts(code, "stage-2") == (0, 0)
    assert store.my_vote(code, "ann", "stage-2") is None
    store.vote(code, "ann", "stage-2", 0, 2)  # a reset question can be answered again
    assert store.counts(code, "stage-2") == (1, 0)
    assert store.counts(code, "stage-1") == (1, 1, 2)

    store.close_room(code, secret)
    assert store.room(code) is None
    for call in (
        lambda: store.counts(code, "stage-1"),
        lambda: store.vote(code, "ann", "stage-2", 0, 2),
        lambda: store.advance(code, secret, "stage-3"),
        lambda: store.close_room(code, secret),
    ):
        with pytest.raises(UnknownRoom, match=code):
            call()


def test_codes_are_short_and_unambiguous_and_secrets_long(store: PollStore) -> None:
    rooms = [store.open_room(f"case-{i}") for i in range(25)]
    assert len({r.code for r in rooms}) == len({r.presenter_secret for r in rooms}) == 25
    for room in rooms:
        assert len(room.code) == CODE_LENGTH and set(room.code) <= set(CODE_ALPHABET)
        assert len(room.presenter_secret) >= 40
    assert not set("0O1IL2Z5S8BUV") & set(CODE_ALPHABET)
    code = rooms[0].code
    for typed in (code.lower(), f" {code[:2]} {code[2:]} ", f"{code[:3]}-{code[3:]}"):
        state = store.room(typed)
        assert state is not None and state.code == code
    for not_a_code in ("", "OOOOO", code[:4], code + "A", "x" * 500, "ab\ncd"):
        assert store.room(not_a_code) is None


def test_only_the_presenter_secret_runs_the_room(store: PollStore) -> None:
    code, secret = opened(store)
    other = store.open_room("case-b")
    store.vote(code, "ann", "s1", 1, 3)
    before = store.room(code)
    for wrong in ("", secret[:-1], secret + "x", other.presenter_secret, secret.upper()):
        for call in (
            lambda w=wrong: store.advance(code, w, "s2"),
            lambda w=wrong: store.open_question(code, w, 2),
            lambda w=wrong: store.close_question(code, w),
            lambda w=wrong: store.reveal(code, w),
            lambda w=wrong: store.reset_votes(code, w, "s1"),
            lambda w=wrong: store.close_room(code, w),
        ):
            with pytest.raises(WrongSecret, match="presenter"):
                call()
    assert store.room(code) == before
    assert store.counts(code, "s1") == (0, 1, 0)


def test_the_presenter_secret_can_be_checked_without_acting(backend: Backend) -> None:
    """A page asks before it draws the controls (a truncated presenter link holds a wrong key): a read that
    changes nothing, ``False`` for any key but the live room's own."""
    store = backend.make()
    code, secret = opened(store)
    other = store.open_room("case-b")
    store.vote(code, "ann", "s1", 1, 3)
    before = store.room(code)
    assert store.is_presenter(code, secret) and store.is_presenter(code.lower(), secret)
    for wrong in ("", secret[:-1], secret[:8], secret + "x", secret.upper(), other.presenter_secret, None):
        assert store.is_presenter(code, wrong) is False, wrong  # type: ignore[arg-type]
    assert store.room(code) == before and store.counts(code, "s1") == (0, 1, 0)
    for not_a_room in ("ACDEF", "not a code", ""):
        assert store.is_presenter(not_a_room, secret) is False
    store.close_room(other.code, other.presenter_secret)
    assert store.is_presenter(other.code, other.presenter_secret) is False  # an ended room has no presenter
    backend.clock.advance(DEFAULT_TTL_S + 1)
    assert store.is_presenter(code, secret) is False  # nor an expired one


def test_an_unknown_code_is_told_not_crashed(store: PollStore) -> None:
    assert store.room("ACDEF") is None
    for code in ("ACDEF", "not a code", ""):
        for call in (
            lambda c=code: store.vote(c, "ann", "s1", 0, 3),
            lambda c=code: store.counts(c, "s1"),
            lambda c=code: store.my_vote(c, "ann", "s1"),
            lambda c=code: store.advance(c, "secret", "s1"),
            lambda c=code: store.reveal(c, "secret"),
            lambda c=code: store.close_room(c, "secret"),
        ):
            with pytest.raises(UnknownRoom, match=r"(?i)room"):
                call()


def test_a_room_expires_after_its_time(backend: Backend) -> None:
    store = backend.make()
    code, secret = opened(store)
    store.vote(code, "ann", "s1", 0, 3)
    backend.clock.advance(59)
    assert store.room(code) is not None  # open_room's default is 3 h; this room below lives 60 s
    short = store.open_room("case-a", ttl_s=60)
    backend.clock.advance(61)
    assert store.room(short.code) is None
    with pytest.raises(UnknownRoom, match="ended"):
        store.advance(short.code, short.presenter_secret, "s1")
    backend.clock.advance(3 * 3600)
    assert store.room(code) is None
    for call in (
        lambda: store.vote(code, "ann", "s1", 1, 3),
        lambda: store.counts(code, "s1"),
        lambda: store.reveal(code, secret),
    ):
        with pytest.raises(UnknownRoom):
            call()


def test_expired_and_closed_rooms_free_their_places(backend: Backend) -> None:
    store = backend.make(max_rooms=2)
    first = store.open_room("case-a", ttl_s=60)
    store.open_room("case-b", ttl_s=600)
    with pytest.raises(TooManyRooms, match="2 rooms"):
        store.open_room("case-c")
    store.close_room(first.code, first.presenter_secret)
    third = store.open_room("case-c", ttl_s=60)
    with pytest.raises(TooManyRooms):
        store.open_room("case-d")
    backend.clock.advance(120)  # first and third expired
    assert store.room(third.code) is None
    store.open_room("case-d")
    with pytest.raises(TooManyRooms):
        store.open_room("case-e")


def test_tampered_votes_are_refused_and_not_counted(store: PollStore) -> None:
    code, _ = opened(store, n_options=3)
    bad: list[tuple[str, str, object, object]] = [
        ("ann", "s1", -1, 3),
        ("ann", "s1", 3, 3),
        ("ann", "s1", 99, 3),
        ("ann", "s1", True, 3),
        ("ann", "s1", "1", 3),
        ("ann", "s1", 1.0, 3),
        ("ann", "s1", 0, 0),
        ("ann", "s1", 0, MAX_OPTIONS + 1),
        ("ann", "s1", 3, 4),  # the page's question differs from the presenter's
        ("ann", "s1", 0, 2),
        ("", "s1", 0, 3),
        ("x" * 65, "s1", 0, 3),
        ("a b", "s1", 0, 3),
        ("ann", "", 0, 3),
        ("ann", "s" * 81, 0, 3),
    ]
    for voter, stage, option, n in bad:
        with pytest.raises(BadVote):
            store.vote(code, voter, stage, option, n)  # type: ignore[arg-type]
    assert store.counts(code, "s1") == (0, 0, 0)


def test_only_the_current_stage_takes_votes(store: PollStore) -> None:
    room = store.open_room("case-a")
    code, secret = room.code, room.presenter_secret
    with pytest.raises(BadVote, match="current"):
        store.vote(code, "ann", "s1", 0, 3)  # no stage shown yet
    store.advance(code, secret, "s1")
    store.open_question(code, secret, 3)
    store.vote(code, "ann", "s1", 2, 3)
    store.advance(code, secret, "s2")
    store.open_question(code, secret, 3)
    with pytest.raises(BadVote, match="current"):
        store.vote(code, "bob", "s1", 0, 3)
    with pytest.raises(BadVote, match="current"):
        store.vote(code, "bob", "s3", 0, 3)
    store.vote(code, "bob", "s2", 0, 3)
    assert store.counts(code, "s1") == (0, 0, 1)
    assert store.counts(code, "s2") == (1, 0, 0)
    store.advance(code, secret, "s1")  # back to an earlier stage: its votes are still there
    state = store.open_question(code, secret, 3)
    assert state.n_options == 3
    store.vote(code, "ann", "s1", 0, 3)
    assert store.counts(code, "s1") == (1, 0, 0)


def test_the_presenter_asks_questions_on_a_stage(store: PollStore) -> None:
    room = store.open_room("case-a")
    code, secret = room.code, room.presenter_secret
    calls: list[Callable[[], object]] = [
        lambda: store.open_question(code, secret, 3),
        lambda: store.reveal(code, secret),
    ]
    for call in calls:
        with pytest.raises(BadRequest, match="stage"):
            call()
    store.advance(code, secret, "s1")
    for n in (0, -1, MAX_OPTIONS + 1):
        with pytest.raises(BadRequest, match="answers"):
            store.open_question(code, secret, n)
    store.open_question(code, secret, 3)
    assert store.open_question(code, secret, 4).n_options == 4  # no votes yet: may change
    store.vote(code, "ann", "s1", 3, 4)
    with pytest.raises(BadRequest, match="reset"):
        store.open_question(code, secret, 2)
    store.reset_votes(code, secret, "s1")
    assert store.open_question(code, secret, 2).n_options == 2
    assert store.counts(code, "s1") == (0, 0)


def test_malformed_keys_and_times_are_refused(store: PollStore) -> None:
    for case in ("", "c" * 81, "a\nb", None):
        with pytest.raises(BadRequest, match="case"):
            store.open_room(case)  # type: ignore[arg-type]
    for ttl in (0, -1, MAX_TTL_S + 1, float("nan"), True):
        with pytest.raises(BadRequest, match="room lives"):
            store.open_room("case-a", ttl_s=ttl)
    room = store.open_room("case-a")
    for stage in ("", "s" * 81, "a\x00b"):
        with pytest.raises(BadRequest, match="stage"):
            store.advance(room.code, room.presenter_secret, stage)


def test_a_room_holds_a_bounded_number_of_votes(backend: Backend) -> None:
    store = backend.make(max_votes=4)
    code, secret = opened(store)
    for voter in ("ann", "bob", "cat"):
        store.vote(code, voter, "s1", 0, 3)
    store.advance(code, secret, "s2")
    store.open_question(code, secret, 3)
    store.vote(code, "ann", "s2", 0, 3)  # votes are voters x questions: the 4th
    with pytest.raises(TooManyVotes, match="4 votes"):
        store.vote(code, "bob", "s2", 0, 3)
    store.vote(code, "ann", "s2", 2, 3)  # changing a vote is always possible
    assert store.counts(code, "s2") == (0, 0, 1)
    store.reset_votes(code, secret, "s1")  # frees the places of its 3 votes
    for voter in ("bob", "cat", "dan"):
        store.vote(code, voter, "s2", 1, 3)
    with pytest.raises(TooManyVotes):
        store.vote(code, "eve", "s2", 1, 3)
    assert store.counts(code, "s2") == (0, 3, 1)


def test_concurrent_votes_are_counted_exactly(backend: Backend) -> None:
    """20 threads x 50 voters, on two store objects sharing the place (two processes or replicas): every
    voter votes, changes, and repeats; the final counts are the final choices, not one lost or doubled."""
    stores = [backend.make(), backend.make()]
    code, secret = opened(stores[0], n_options=4)
    final: dict[str, int] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def audience(thread: int) -> None:
        rng = random.Random(thread)
        mine = [f"t{thread}v{i}" for i in range(50)]
        choices = {voter: [rng.randrange(4) for _ in range(rng.randint(1, 3))] for voter in mine}
        try:
            barrier.wait(timeout=60)
            for round_ in range(3):
                for voter in mine:
                    if round_ < len(choices[voter]):
                        stores[(thread + round_) % 2].vote(code, voter, "s1", choices[voter][round_], 4)
            stores[thread % 2].vote(code, mine[0], "s1", choices[mine[0]][-1], 4)  # a repeated vote
        except BaseException as error:  # reported below, with the thread's vote lost
            errors.append(error)
        final.update({voter: picks[-1] for voter, picks in choices.items()})

    threads = [threading.Thread(target=audience, args=(t,)) for t in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected = collections.Counter(final.values())
    assert stores[1].counts(code, "s1") == tuple(expected[i] for i in range(4))
    assert sum(stores[0].counts(code, "s1")) == 1000
    assert all(
        stores[i % 2].my_vote(code, voter, "s1") == frozenset({pick})
        for i, (voter, pick) in enumerate(final.items())
    )
    stores[0].close_room(code, secret)


def test_presenter_actions_for_a_stage_the_room_has_left_are_refused(store: PollStore) -> None:
    """A presenter screen drawn for stage 1 (an old link, a second tab) while the room is on stage 3: its
    open, close, reveal and next act on nothing and say why (they acted on stage 3 before)."""
    room = store.open_room("case-a")
    code, secret = room.code, room.presenter_secret
    with pytest.raises(StageMoved, match="showing no stage"):
        store.open_question(code, secret, 3, stage="s1")
    store.advance(code, secret, "s1")
    store.advance(code, secret, "s2", from_stage="s1")
    store.advance(code, secret, "s3", from_stage="s2")
    before = store.room(code)
    calls: list[Callable[[], object]] = [
        lambda: store.open_question(code, secret, 3, stage="s1"),
        lambda: store.close_question(code, secret, stage="s1"),
        lambda: store.reveal(code, secret, stage="s1"),
        lambda: store.advance(code, secret, "s2", from_stage="s1"),
    ]
    for call in calls:
        with pytest.raises(StageMoved, match="on stage 's3', not on stage 's1'") as caught:
            call()
        assert (caught.value.expected, caught.value.current) == ("s1", "s3")
        assert isinstance(caught.value, BadRequest)
    assert store.room(code) == before
    assert store.counts(code, "s1") == store.counts(code, "s3") == ()
    state = store.open_question(code, secret, 3, stage="s3")  # the room's own stage: done
    assert (state.stage_key, state.question_open) == ("s3", True)
    assert store.close_question(code, secret, stage="s3").question_open is False
    assert store.reveal(code, secret, stage="s3").revealed is True
    assert store.advance(code, secret, "s4", from_stage="s3").stage_key == "s4"
    with pytest.raises(BadRequest, match="stage"):
        store.reveal(code, secret, stage="")


def test_a_room_without_a_stage_or_on_a_stage_no_longer_in_the_case_can_be_moved(store: PollStore) -> None:
    """The presenter's screen passes the room's stage as it drew it: none (the store takes any stage), or a
    key the case's content no longer has (the room's own: it matches). Either way Next moves the room."""
    room = store.open_room("case-a")
    code, secret = room.code, room.presenter_secret
    assert store.advance(code, secret, "s1", from_stage=None).stage_key == "s1"
    store.advance(code, secret, "gone", from_stage="s1")  # a stage the content later dropped
    with pytest.raises(StageMoved) as caught:
        store.advance(code, secret, "s2", from_stage="s1")  # the old stage 1's screen: refused
    assert (caught.value.expected, caught.value.current) == ("s1", "gone")
    assert store.advance(code, secret, "s1", from_stage="gone").stage_key == "s1"


def test_a_multiple_choice_question_takes_a_set_and_counts_each_option(store: PollStore) -> None:
    room = store.open_room("case-a")
    code, secret = room.code, room.presenter_secret
    store.advance(code, secret, "many")
    state = store.open_question(code, secret, 4, stage="many", multiple=True)
    assert (state.n_options, state.multiple) == (4, True)
    assert store.room(code) == state
    store.vote(code, "ann", "many", {0, 2}, 4)
    store.vote(code, "bob", "many", frozenset({2}), 4)
    store.vote(code, "cat", "many", [3, 1, 2], 4)
    assert store.counts(code, "many") == (1, 1, 3, 1)
    assert store.voters(code, "many") == 3
    assert store.my_vote(code, "ann", "many") == frozenset({0, 2})
    assert store.my_vote(code, "cat", "many") == frozenset({1, 2, 3})
    store.vote(code, "ann", "many", {1}, 4)  # a changed vote replaces the whole set
    store.vote(code, "bob", "many", {2}, 4)  # a repeated one changes nothing
    assert store.counts(code, "many") == (0, 2, 2, 1)
    assert store.voters(code, "many") == 3
    assert store.my_vote(code, "ann", "many") == frozenset({1})
    for bad in (set(), [0, 0], {4}, {-1}, [True], ["1"], 2, "0,2", None):  # a single index is another kind
        with pytest.raises(BadVote):
            store.vote(code, "dan", "many", bad, 4)  # type: ignore[arg-type]
    assert store.counts(code, "many") == (0, 2, 2, 1)
    with pytest.raises(BadRequest, match="reset"):  # votes fix the kind as they fix the number
        store.open_question(code, secret, 4, multiple=False)

    store.advance(code, secret, "one")
    store.open_question(code, secret, 4)
    assert store.room(code).multiple is False  # type: ignore[union-attr]
    with pytest.raises(BadVote, match="changed"):  # a phone still showing the checkboxes
        store.vote(code, "ann", "one", {1, 2}, 4)
    with pytest.raises(BadVote, match="changed"):
        store.vote(code, "ann", "one", {1}, 4)
    store.vote(code, "ann", "one", 1, 4)
    assert store.my_vote(code, "ann", "one") == frozenset({1})
    assert store.voters(code, "one") == 1 and store.voters(code, "never") == 0
    assert store.counts(code, "many") == (0, 2, 2, 1)  # the earlier question's result stays


def test_a_multiple_choice_question_without_votes_may_change_kind(store: PollStore) -> None:
    room = store.open_room("case-a")
    code, secret = room.code, room.presenter_secret
    store.advance(code, secret, "s1")
    assert store.open_question(code, secret, 3).multiple is False
    assert store.open_question(code, secret, 3, multiple=True).multiple is True
    store.vote(code, "ann", "s1", {0, 1}, 3)
    store.reset_votes(code, secret, "s1")
    assert store.voters(code, "s1") == 0 and store.counts(code, "s1") == (0, 0, 0)
    assert store.open_question(code, secret, 3).multiple is False


def test_concurrent_multiple_choice_votes_are_counted_exactly(backend: Backend) -> None:
    stores = [backend.make(), backend.make()]
    room = stores[0].open_room("case-a")
    stores[0].advance(room.code, room.presenter_secret, "s1")
    stores[0].open_question(room.code, room.presenter_secret, 4, multiple=True)
    final: dict[str, frozenset[int]] = {}
    errors: list[BaseException] = []

    def audience(thread: int) -> None:
        rng = random.Random(thread)
        try:
            for i in range(30):
                voter = f"t{thread}v{i}"
                for _ in range(rng.randint(1, 3)):
                    picks = frozenset(rng.sample(range(4), rng.randint(1, 4)))
                    stores[rng.randrange(2)].vote(room.code, voter, "s1", picks, 4)
                final[voter] = picks
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=audience, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected = tuple(sum(i in picks for picks in final.values()) for i in range(4))
    assert stores[1].counts(room.code, "s1") == expected
    assert stores[0].voters(room.code, "s1") == 240


def test_the_voting_status_is_one_wording_for_presenter_and_phone(store: PollStore) -> None:
    room = store.open_room("case-a")
    code, secret = room.code, room.presenter_secret
    store.advance(code, secret, "s1")
    assert polls.voting_status(store.room(code)) == "voting has not opened yet"  # type: ignore[arg-type]
    store.open_question(code, secret, 3)
    assert polls.voting_status(store.room(code)) == "voting open"  # type: ignore[arg-type]
    store.close_question(code, secret)
    assert polls.voting_status(store.room(code)) == "voting closed"  # type: ignore[arg-type]
    store.advance(code, secret, "s2")
    store.advance(code, secret, "s1")  # back on a stage asked before: closed, not "not opened"
    assert polls.voting_status(store.room(code)) == "voting closed"  # type: ignore[arg-type]
    store.reveal(code, secret)
    assert polls.voting_status(store.room(code)) == "answers revealed"  # type: ignore[arg-type]
    store.advance(code, secret, "s2")
    store.advance(code, secret, "s1")  # back on a stage revealed before: its results again
    assert polls.voting_status(store.room(code)) == "answers revealed"  # type: ignore[arg-type]


def test_back_to_a_revealed_stage_shows_it_revealed_again(backend: Backend) -> None:
    """Back to a revealed stage dropped its reveal (``advance`` reset it): the presenter going back to a
    result found the results gone, and revealing again was the only way to show them."""
    store, other = backend.make(), backend.make()  # two processes or replicas sharing the room
    code, secret = opened(store)
    store.vote(code, "ann", "s1", 1, 3)
    assert store.reveal(code, secret, stage="s1").revealed
    left = store.advance(code, secret, "s2", from_stage="s1")
    assert (left.stage_key, left.revealed, left.n_options) == ("s2", False, None)  # a new stage: not revealed
    store.open_question(code, secret, 2, stage="s2")  # asked, never revealed
    back = store.advance(code, secret, "s1", from_stage="s2")
    assert (back.stage_key, back.question_open, back.revealed, back.n_options) == ("s1", False, True, 3)
    assert other.room(code) == back and other.counts(code, "s1") == (0, 1, 0)
    with pytest.raises(QuestionClosed):
        store.vote(code, "bob", "s1", 0, 3)  # revealed again, and still closed
    assert store.advance(code, secret, "s2").revealed is False  # asked, not revealed: stays so

    store.advance(code, secret, "s3")  # a stage whose question was never opened: nothing to reveal
    with pytest.raises(BadRequest, match="not been opened"):
        store.reveal(code, secret)
    store.advance(code, secret, "s1")
    assert store.advance(code, secret, "s3").revealed is False

    store.advance(code, secret, "s1")
    reopened = store.open_question(code, secret, 3)  # voting again on a revealed question: not revealed
    assert (reopened.question_open, reopened.revealed) == (True, False)
    store.advance(code, secret, "s2")
    assert store.advance(code, secret, "s1").revealed is False
    store.reveal(code, secret)
    store.close_room(code, secret)
    assert store.room(code) is None


def test_a_stage_whose_voting_never_opened_cannot_be_revealed(backend: Backend) -> None:
    """Reveal before Open voting marked the room revealed: every phone showed the board's answer and its
    reasoning before anyone could answer. The store refuses it (on both backends) and changes nothing."""
    store, other = backend.make(), backend.make()
    room = store.open_room("case-a")
    code, secret = room.code, room.presenter_secret
    store.advance(code, secret, "s1")
    before = store.room(code)
    calls: list[Callable[[], object]] = [
        lambda: store.reveal(code, secret),
        lambda: store.reveal(code, secret, stage="s1"),
    ]
    for call in calls:
        with pytest.raises(BadRequest, match="'s1' has not been opened") as caught:
            call()
        assert not isinstance(caught.value, StageMoved)
    assert store.room(code) == other.room(code) == before
    assert before is not None and (before.revealed, before.n_options) == (False, None)
    assert polls.voting_status(before) == "voting has not opened yet"
    with pytest.raises(StageMoved):  # a screen drawn for another stage is told so first
        store.reveal(code, secret, stage="s0")
    store.advance(code, secret, "s2")
    store.advance(code, secret, "s1")
    assert store.room(code).revealed is False  # type: ignore[union-attr]  # nothing kept for the stage

    store.open_question(code, secret, 3, stage="s1")  # opened: revealed, as before
    assert store.reveal(code, secret, stage="s1").revealed
    store.close_question(code, secret)
    store.advance(code, secret, "s2")
    opened_then_closed = store.open_question(code, secret, 2)
    assert opened_then_closed.question_open
    store.close_question(code, secret)
    assert other.reveal(code, secret, stage="s2").revealed  # opened once, then closed: may be revealed
    assert store.counts(code, "s2") == (0, 0)


def older_sqlite_folder(tmp_path: Path, columns: str = "") -> Path:
    """A poll folder whose file has an older schema: from before multiple-choice questions, or with
    ``columns`` (e.g. the multiple column) from before a later one."""
    folder = tmp_path / "polls"
    folder.mkdir()
    with sqlite3.connect(folder / "polls.sqlite3") as con:
        con.executescript(
            "CREATE TABLE questions (code TEXT NOT NULL, stage TEXT NOT NULL, n_options INTEGER NOT NULL,"
            f"{columns} PRIMARY KEY (code, stage)) WITHOUT ROWID;"
        )
    con.close()
    return folder


def test_an_older_sqlite_file_gains_the_multiple_column(tmp_path: Path) -> None:
    folder = older_sqlite_folder(tmp_path)
    store = SQLiteStore(folder)
    code, _ = opened(store)
    store.vote(code, "ann", "s1", 2, 3)
    assert store.counts(code, "s1") == (0, 0, 1) and store.room(code).multiple is False  # type: ignore[union-attr]


def test_a_sqlite_file_from_before_kept_reveals_gains_the_revealed_column(tmp_path: Path) -> None:
    folder = older_sqlite_folder(tmp_path, " multiple INTEGER NOT NULL DEFAULT 0,")
    store = SQLiteStore(folder)
    code, secret = opened(store)
    store.reveal(code, secret)
    store.advance(code, secret, "s2")
    assert store.advance(code, secret, "s1").revealed is True
    with sqlite3.connect(folder / "polls.sqlite3") as con:
        columns = [row[1] for row in con.execute("PRAGMA table_info(questions)")]
    con.close()
    assert columns.count("revealed") == columns.count("multiple") == 1


def test_two_processes_upgrading_one_older_sqlite_file_both_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two server processes (two stores: each its own lock and connection) start on a file of the old schema.
    The second runs its whole upgrade while the first is between finding the column missing and adding it:
    the first then failed with "duplicate column name" (StoreUnavailable). The upgrade is one write
    transaction, so the second waits for the first and finds the column there."""
    folder = older_sqlite_folder(tmp_path)
    first, second = SQLiteStore(folder), SQLiteStore(folder)
    failures: list[BaseException] = []

    def start_second() -> None:
        try:
            second.room("ACDEF")  # connects: its upgrade
        except BaseException as error:
            failures.append(error)

    racer = threading.Thread(target=start_second)

    class Racing(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> Any:
            cursor = super().execute(sql, *args)
            if sql.startswith("PRAGMA table_info") and threading.current_thread() is not racer:
                rows = cursor.fetchall()  # the first has looked: the second upgrades now
                if not racer.is_alive() and racer.ident is None:
                    racer.start()
                    racer.join(timeout=1)  # done unless it waits for the first's transaction
                return rows
            return cursor

    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", functools.partial(connect, factory=Racing))
    code, _ = opened(first)
    racer.join(timeout=30)
    assert not racer.is_alive() and not failures, failures
    second.vote(code, "ann", "s1", 1, 3)
    assert first.counts(code, "s1") == (0, 1, 0)
    with sqlite3.connect(folder / "polls.sqlite3") as con:
        columns = [row[1] for row in con.execute("PRAGMA table_info(questions)")]
    con.close()
    assert columns.count("multiple") == 1


def test_every_store_keeps_the_interface(store: PollStore) -> None:
    assert isinstance(store, PollStore)
    assert issubclass(StoreUnavailable, PollError) and issubclass(BadVote, BadRequest)


# Backend by backend


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "polls")
    opened(store)
    with sqlite3.connect(store.path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con = store._connect()
    assert con.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_sqlite_in_a_folder_that_cannot_be_made_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    store = SQLiteStore(blocker / "polls")
    with pytest.raises(StoreUnavailable, match="unavailable"):
        store.open_room("case-a")
    with pytest.raises(StoreUnavailable):
        store.room("ACDEF")


def test_redis_keys_are_namespaced_and_expire(redis_server: RedisServer) -> None:
    namespace = f"test:{uuid.uuid4().hex[:12]}:"
    store = RedisStore(redis_server.url, namespace=namespace)
    code, secret = opened(store)
    store.vote(code, "ann", "s1", 0, 3)
    store.advance(code, secret, "s2")
    keys = sorted(str(k) for k in store.client.scan_iter(match=f"{namespace}*"))
    assert keys == sorted(
        [f"{namespace}rooms"] + [f"{namespace}{{{code}}}:{k}" for k in ("room", "votes:s1", "counts:s1")]
    )
    for key in keys:
        assert 0 < int(store.client.pttl(key)) <= MAX_TTL_S * 1000, key
    store.close_room(code, secret)
    assert list(store.client.scan_iter(match=f"{namespace}{{*")) == []


def test_a_redis_server_that_stops_raises_store_unavailable(tmp_path: Path) -> None:
    server = start_redis(tmp_path)
    try:
        store = RedisStore(server.url)
        code, _ = opened(store)
        store.vote(code, "ann", "s1", 0, 3)
    finally:
        stop_redis(server)
    for call in (
        lambda: store.room(code),
        lambda: store.vote(code, "ann", "s1", 1, 3),
        lambda: store.counts(code, "s1"),
        lambda: store.open_room("case-a"),
    ):
        with pytest.raises(StoreUnavailable, match=f"127.0.0.1:{server.port}\\) is not reachable"):
            call()


def test_a_redis_url_with_nothing_listening_raises_store_unavailable() -> None:
    require_redis()
    port = free_port()
    store = RedisStore(f"redis://:hunter2@127.0.0.1:{port}/0")
    with pytest.raises(StoreUnavailable, match="not reachable") as caught:
        store.open_room("case-a")
    assert "hunter2" not in str(caught.value)


def test_get_store_picks_by_setting_once_per_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(polls, "_STORES", {})
    monkeypatch.delenv("CRLM_POLL_STORE", raising=False)
    monkeypatch.setenv("CRLM_POLL_DIR", str(tmp_path / "here"))
    store = polls.get_store()
    assert isinstance(store, SQLiteStore) and store.folder == tmp_path / "here"
    assert polls.get_store() is store
    monkeypatch.setenv("CRLM_POLL_STORE", "redis://127.0.0.1:1/3")  # made without connecting
    redis_store = polls.get_store()
    assert isinstance(redis_store, RedisStore) and redis_store.where == "127.0.0.1:1"
    assert polls.get_store() is redis_store
    monkeypatch.setenv("CRLM_POLL_STORE", "postgres://user:hunter2@db/polls")
    with pytest.raises(StoreUnavailable, match="CRLM_POLL_STORE") as caught:
        polls.get_store()
    assert "hunter2" not in str(caught.value)


def test_the_default_folder_is_the_checkouts_ignored_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRLM_POLL_DIR", raising=False)
    assert polls.poll_dir() == ROOT / ".data" / "polls"
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".data/" in ignored, "the poll store's folder is not git-ignored"


def test_the_poll_package_imports_no_streamlit() -> None:
    code = "import sys, crlm_app.polls, crlm_app.polls.redis; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


# One Redis case of each kind: the store contract (its backend marked at collection), one that asks for
# redis-server itself, and the grand-rounds pages on Redis (tests/app/test_rounds.py's fixture).
REDIS_CASES = (
    "tests/unit/test_poll_store.py::test_every_store_keeps_the_interface[redis]",
    "tests/unit/test_poll_store.py::test_a_redis_url_with_nothing_listening_raises_store_unavailable",
    "tests/app/test_rounds.py::test_back_to_a_revealed_stage_shows_its_results_again[redis]",
)
# pytest in a process where devtools.redis finds no redis-server, from collection on
_WITHOUT_REDIS_SERVER = (
    "import sys, pytest, devtools.redis as r; r.binary = lambda: None; sys.exit(pytest.main(sys.argv[1:]))"
)


def _run_without_redis_server(**switches: str) -> tuple[str, str]:
    """The Redis cases run where redis-server is missing, with only the given CRLM_REQUIRE_* switches set:
    the summary line and the whole output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRLM_REQUIRE_")}
    env.update(switches)
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_REDIS_SERVER, "-p", "no:cacheprovider", "-q", "-rs", *REDIS_CASES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = done.stdout + done.stderr
    return output.strip().splitlines()[-1], output


def test_without_redis_server_the_redis_cases_fail_under_crlm_require_redis() -> None:
    """CI (.ci/run) sets CRLM_REQUIRE_REDIS=1: each Redis case fails there, none skips."""
    summary, output = _run_without_redis_server(CRLM_REQUIRE_REDIS="1")
    assert "skipped" not in summary and "passed" not in summary, output
    counts = re.findall(r"(\d+) (?:failed|errors?)", summary)
    assert sum(int(n) for n in counts) == len(REDIS_CASES), output
    assert output.count("CRLM_REQUIRE_REDIS=1 but the Redis store cannot be tested") >= len(REDIS_CASES), (
        output
    )


def test_without_redis_server_the_redis_cases_skip_with_the_reason_elsewhere() -> None:
    summary, output = _run_without_redis_server()
    assert summary.startswith(f"{len(REDIS_CASES)} skipped"), output
    assert output.count("Redis store skipped: Debian's redis-server is not installed") == len(REDIS_CASES), (
        output
    )


def test_ci_installs_redis_server_and_requires_the_redis_cases() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    install = next(line for line in lines if "apt-get install" in line)
    assert "redis-server" in install.split()
    test_command = next(line for line in lines if line.rstrip().endswith("make test"))
    assert "CRLM_REQUIRE_REDIS=1" in test_command.split()
