"""The poll store on Redis, for replicated deployments: the sessions of one room land on different replicas
behind nginx, and all of them see one room (``crlm_app.polls.store``). ``CRLM_POLL_STORE=redis://host:port/db``
selects it (redis-py; ``rediss://`` and ``unix://`` URLs work too).

Keys, under ``crlm:poll:`` (all of a room's keys share the hash tag ``{CODE}``):

- ``crlm:poll:rooms``: sorted set of open room codes scored by expiry (the rooms cap; expired ones are
  removed at every ``open_room``);
- ``crlm:poll:{CODE}:room``: hash of the room's state (case, secret hash, stage, open, revealed, created,
  expires, ``nvotes`` = votes held, ``nq`` = questions asked, ``q:<stage>`` = that question's answer count,
  ``m:<stage>`` = "1" when its voters may choose several answers, ``r:<stage>`` = "1" when it was revealed,
  so Back to that stage shows its results again);
- ``crlm:poll:{CODE}:votes:<stage>``: hash voter id -> answer (``store.encode_choice``: "2", or "0,2");
- ``crlm:poll:{CODE}:counts:<stage>``: hash answer -> count.

Every key of a room expires with the room (``PEXPIRE``, the room key's remaining time), so Redis itself
drops what an abandoned room left; ``expires`` in the hash is also compared with the store's clock.

Exact counts: each operation is one Lua script, and Redis runs a script alone from start to end. The vote
script checks the room (live, stage current, question open, same answer count and kind, room not full),
reads the voter's previous answer, and then, in the same script, ``HSET``s the voter's answer, ``HINCRBY -1``
the count of each option of the old answer and ``HINCRBY +1`` each of the new one's: a changed vote moves, a
repeated one changes nothing, and no other client can interleave. (A single-choice answer is kept as it was
before multiple-choice questions, so replicas of both versions share a room during a rolling update.)
Scripts are idempotent, so redis-py's retry after a lost connection is safe.

A server that is down, slow or refusing raises ``StoreUnavailable`` naming host and port (never the URL,
which may hold a password) after a short retry.
"""

from __future__ import annotations

import time
from typing import Any

import redis as redis_py
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from . import store as s
from .store import Room, RoomState

NAMESPACE = "crlm:poll:"
CONNECT_TIMEOUT_S = 2.0
SOCKET_TIMEOUT_S = 5.0

# Shared by the scripts: the room's fields returned to Python, in this order, and the check that it is live.
_LUA_COMMON = """
local function live(room, now)
    local expires = redis.call('HGET', room, 'expires')
    return expires and tonumber(expires) > tonumber(now)
end
local function state(room)
    local f = redis.call('HMGET', room, 'case', 'stage', 'open', 'revealed', 'created', 'expires')
    local n, m = false, false
    if f[2] and f[2] ~= '' then
        n = redis.call('HGET', room, 'q:' .. f[2])
        m = redis.call('HGET', room, 'm:' .. f[2])
    end
    return {'ok', f[1], f[2], f[3], f[4], n, f[5], f[6], m}
end
"""

_OPEN = """
-- KEYS: index, room. ARGV: now, code, case, secret hash, expires, ttl ms, max rooms, index ttl ms
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[7]) then return 'full' end
if redis.call('EXISTS', KEYS[2]) == 1 then return 'taken' end
redis.call('HSET', KEYS[2], 'case', ARGV[3], 'secret', ARGV[4], 'stage', '', 'open', '0', 'revealed', '0',
           'created', ARGV[1], 'expires', ARGV[5], 'nvotes', '0', 'nq', '0')
redis.call('PEXPIRE', KEYS[2], ARGV[6])
redis.call('ZADD', KEYS[1], ARGV[5], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[8])
return 'ok'
"""

_ROOM = (
    _LUA_COMMON
    + """
-- KEYS: room. ARGV: now
if not live(KEYS[1], ARGV[1]) then return {'unknown'} end
return state(KEYS[1])
"""
)

_SECRET = (
    _LUA_COMMON
    + """
-- KEYS: room. ARGV: now. The stored secret hash of a live room (compared in Python, in constant time).
if not live(KEYS[1], ARGV[1]) then return {'unknown'} end
return {'ok', redis.call('HGET', KEYS[1], 'secret')}
"""
)

_PRESENTER = (
    _LUA_COMMON
    + """
-- KEYS: room, index. ARGV: now, secret hash, operation, argument, key prefix, code, max questions,
-- the stage the presenter's screen shows ('' for any), multiple ('1' or '0', for open)
local room, prefix = KEYS[1], ARGV[5]
if not live(room, ARGV[1]) then return {'unknown'} end
if redis.call('HGET', room, 'secret') ~= ARGV[2] then return {'secret'} end
local op, arg = ARGV[3], ARGV[4]
local stage = redis.call('HGET', room, 'stage')
if ARGV[8] ~= '' and stage ~= ARGV[8] then return {'moved', stage} end
if op == 'advance' then
    local revealed = redis.call('HGET', room, 'r:' .. arg) or '0'
    redis.call('HSET', room, 'stage', arg, 'open', '0', 'revealed', revealed)
elseif op == 'open' then
    if stage == '' then return {'nostage'} end
    local n = redis.call('HGET', room, 'q:' .. stage)
    local m = redis.call('HGET', room, 'm:' .. stage) or '0'
    if not n then
        if tonumber(redis.call('HGET', room, 'nq')) >= tonumber(ARGV[7]) then return {'questions'} end
        redis.call('HINCRBY', room, 'nq', 1)
    elseif (n ~= arg or m ~= ARGV[9]) and redis.call('HLEN', prefix .. 'votes:' .. stage) > 0 then
        return {'fixed', n, stage, m}
    end
    redis.call('HSET', room, 'q:' .. stage, arg, 'm:' .. stage, ARGV[9], 'open', '1', 'revealed', '0')
    redis.call('HDEL', room, 'r:' .. stage)
elseif op == 'close' then
    redis.call('HSET', room, 'open', '0')
elseif op == 'reveal' then
    if stage == '' then return {'nostage'} end
    -- its question never opened (no q: field): no answer to show yet
    if redis.call('HEXISTS', room, 'q:' .. stage) == 0 then return {'notasked', stage} end
    redis.call('HSET', room, 'open', '0', 'revealed', '1', 'r:' .. stage, '1')
elseif op == 'reset' then
    local votes = prefix .. 'votes:' .. arg
    local held = redis.call('HLEN', votes)
    redis.call('DEL', votes, prefix .. 'counts:' .. arg)
    redis.call('HINCRBY', room, 'nvotes', -held)
elseif op == 'close_room' then
    local fields = redis.call('HKEYS', room)
    for _, field in ipairs(fields) do
        if string.sub(field, 1, 2) == 'q:' then
            local asked = string.sub(field, 3)
            redis.call('DEL', prefix .. 'votes:' .. asked, prefix .. 'counts:' .. asked)
        end
    end
    redis.call('DEL', room)
    redis.call('ZREM', KEYS[2], ARGV[6])
    return {'ok'}
end
return state(room)
"""
)

_VOTE = (
    _LUA_COMMON
    + """
-- KEYS: room, votes, counts. ARGV: now, stage, voter, answer ("2" or "0,2"), answer count, max votes,
-- multiple ('1' or '0')
local room = KEYS[1]
if not live(room, ARGV[1]) then return 'unknown' end
local f = redis.call('HMGET', room, 'stage', 'open', 'q:' .. ARGV[2], 'm:' .. ARGV[2])
if f[1] ~= ARGV[2] then return 'stage' end
if f[2] ~= '1' then return 'closed' end
if f[3] ~= ARGV[5] or (f[4] or '0') ~= ARGV[7] then return 'changed' end
local old = redis.call('HGET', KEYS[2], ARGV[3])
if old == ARGV[4] then return 'ok' end
if old then
    for option in string.gmatch(old, '%d+') do redis.call('HINCRBY', KEYS[3], option, -1) end
else
    if tonumber(redis.call('HGET', room, 'nvotes')) >= tonumber(ARGV[6]) then return 'full' end
    redis.call('HINCRBY', room, 'nvotes', 1)
end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
for option in string.gmatch(ARGV[4], '%d+') do redis.call('HINCRBY', KEYS[3], option, 1) end
local ttl = redis.call('PTTL', room)
if ttl > 0 then
    redis.call('PEXPIRE', KEYS[2], ttl)
    redis.call('PEXPIRE', KEYS[3], ttl)
end
return 'ok'
"""
)

_COUNTS = (
    _LUA_COMMON
    + """
-- KEYS: room, counts. ARGV: now, stage
if not live(KEYS[1], ARGV[1]) then return {'unknown'} end
local n = redis.call('HGET', KEYS[1], 'q:' .. ARGV[2])
if not n then return {'ok'} end
local fields = {}
for i = 0, tonumber(n) - 1 do fields[#fields + 1] = tostring(i) end
local found = redis.call('HMGET', KEYS[2], unpack(fields))
local out = {'ok'}
for i = 1, #fields do out[#out + 1] = found[i] or '0' end
return out
"""
)

_VOTERS = (
    _LUA_COMMON
    + """
-- KEYS: room, votes. ARGV: now
if not live(KEYS[1], ARGV[1]) then return {'unknown'} end
return {'ok', redis.call('HLEN', KEYS[2])}
"""
)

_MY_VOTE = (
    _LUA_COMMON
    + """
-- KEYS: room, votes. ARGV: now, voter
if not live(KEYS[1], ARGV[1]) then return {'unknown'} end
return {'ok', redis.call('HGET', KEYS[2], ARGV[2])}
"""
)


class RedisStore:
    """``PollStore`` on the Redis server at ``url`` (``redis://host:port/db``)."""

    def __init__(
        self,
        url: str,
        *,
        namespace: str = NAMESPACE,
        max_rooms: int = s.DEFAULT_MAX_ROOMS,
        max_votes: int = s.DEFAULT_MAX_VOTES,
        clock: s.Clock | None = None,
    ) -> None:
        try:
            self.client: redis_py.Redis = redis_py.Redis.from_url(
                url,
                decode_responses=True,
                socket_connect_timeout=CONNECT_TIMEOUT_S,
                socket_timeout=SOCKET_TIMEOUT_S,
                retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 2),
                health_check_interval=30,
            )
        except (ValueError, redis_py.RedisError) as error:
            raise s.StoreUnavailable(f"The poll store setting is not a usable Redis URL ({error}).") from None
        kwargs = self.client.connection_pool.connection_kwargs
        self.where = str(
            kwargs.get("path") or f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"
        )
        self.namespace = namespace
        self.max_rooms = max_rooms
        self.max_votes = max_votes
        self._clock: s.Clock = clock or time.time
        self._open = self.client.register_script(_OPEN)
        self._room = self.client.register_script(_ROOM)
        self._secret = self.client.register_script(_SECRET)
        self._presenter_script = self.client.register_script(_PRESENTER)
        self._vote = self.client.register_script(_VOTE)
        self._counts = self.client.register_script(_COUNTS)
        self._my_vote = self.client.register_script(_MY_VOTE)
        self._voters = self.client.register_script(_VOTERS)

    def __repr__(self) -> str:
        return f"RedisStore({self.where!r}, namespace={self.namespace!r})"

    # Keys and calls

    def _prefix(self, code: str) -> str:
        return f"{self.namespace}{{{code}}}:"

    def _index(self) -> str:
        return f"{self.namespace}rooms"

    def _run(self, script: Any, keys: list[str], args: list[object]) -> Any:
        try:
            return script(keys=keys, args=args)
        except (redis_py.ConnectionError, redis_py.TimeoutError):
            raise s.StoreUnavailable(f"The poll store (Redis at {self.where}) is not reachable.") from None
        except redis_py.RedisError as error:
            message = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
            raise s.StoreUnavailable(f"The poll store (Redis at {self.where}) failed: {message}") from None

    def _now(self) -> str:
        return repr(float(self._clock()))

    def _state(self, code: str, reply: list[Any]) -> RoomState:
        status = reply[0]
        if status == "unknown":
            raise s.unknown_room(code)
        if status != "ok":  # pragma: no cover - the scripts return no other status here
            raise s.StoreUnavailable(f"The poll store (Redis at {self.where}) answered {status!r}.")
        case, stage, is_open, revealed, n, created, expires = reply[1:8]
        many = reply[8] if len(reply) > 8 else None
        return RoomState(
            code=code,
            case_key=case,
            stage_key=stage or None,
            question_open=is_open == "1",
            revealed=revealed == "1",
            n_options=int(n) if n is not None else None,
            created_at=float(created),
            expires_at=float(expires),
            multiple=many == "1",
        )

    def _presenter(
        self, code: str, secret: str, op: str, arg: object = "", *, expect: str = "", multiple: bool = False
    ) -> list[Any]:
        code = s.require_code(code)
        if not isinstance(secret, str):
            raise s.wrong_secret(code)
        prefix = self._prefix(code)
        reply: list[Any] = self._run(
            self._presenter_script,
            [prefix + "room", self._index()],
            [
                self._now(),
                s.secret_hash(secret),
                op,
                arg,
                prefix,
                code,
                s.MAX_QUESTIONS,
                expect,
                "1" if multiple else "0",
            ],
        )
        status = reply[0]
        if status == "unknown":
            raise s.unknown_room(code)
        if status == "secret":
            raise s.wrong_secret(code)
        if status == "nostage":
            raise s.no_stage()
        if status == "notasked":
            raise s.not_asked(str(reply[1]))
        if status == "questions":
            raise s.too_many_questions()
        if status == "moved":
            raise s.stage_moved(expect, reply[1] or None if len(reply) > 1 else None)
        if status == "fixed":
            raise s.options_fixed(str(reply[2]), int(reply[1]), len(reply) > 3 and reply[3] == "1")
        return reply

    # Reading a room

    def room(self, code: str) -> RoomState | None:
        normal = s.normalize_code(code)
        if normal is None:
            return None
        reply: list[Any] = self._run(self._room, [self._prefix(normal) + "room"], [self._now()])
        return None if reply[0] == "unknown" else self._state(normal, reply)

    def is_presenter(self, code: str, secret: str) -> bool:
        normal = s.normalize_code(code)
        if normal is None:
            return False
        reply: list[Any] = self._run(self._secret, [self._prefix(normal) + "room"], [self._now()])
        stored = reply[1] if reply[0] == "ok" and len(reply) > 1 else None
        return isinstance(stored, str) and s.secret_matches(secret, stored)

    # The presenter

    def open_room(self, case_key: str, *, ttl_s: float = s.DEFAULT_TTL_S) -> Room:
        s.check_key("case", case_key)
        ttl = s.check_ttl(ttl_s)
        secret = s.new_secret()
        ttl_ms = max(1, round(ttl * 1000))
        for _ in range(20):
            code = s.new_code()
            now = float(self._clock())
            status = self._run(
                self._open,
                [self._index(), self._prefix(code) + "room"],
                [
                    repr(now),
                    code,
                    case_key,
                    s.secret_hash(secret),
                    repr(now + ttl),
                    ttl_ms,
                    self.max_rooms,
                    round(s.MAX_TTL_S * 1000),
                ],
            )
            if status == "full":
                raise s.too_many_rooms(self.max_rooms)
            if status == "ok":
                return Room(code, secret, case_key, now, now + ttl)
        raise s.StoreUnavailable("No free room code was found: try again.")

    def advance(self, code: str, secret: str, stage_key: str, *, from_stage: str | None = None) -> RoomState:
        s.check_key("stage", stage_key)
        expect = s.check_expected("stage", from_stage)
        reply = self._presenter(code, secret, "advance", stage_key, expect=expect)
        return self._state(s.require_code(code), reply)

    def open_question(
        self, code: str, secret: str, n_options: int, *, stage: str | None = None, multiple: bool = False
    ) -> RoomState:
        n = s.check_n_options(n_options)
        expect = s.check_expected("stage", stage)
        reply = self._presenter(code, secret, "open", n, expect=expect, multiple=bool(multiple))
        return self._state(s.require_code(code), reply)

    def close_question(self, code: str, secret: str, *, stage: str | None = None) -> RoomState:
        expect = s.check_expected("stage", stage)
        return self._state(s.require_code(code), self._presenter(code, secret, "close", expect=expect))

    def reveal(self, code: str, secret: str, *, stage: str | None = None) -> RoomState:
        expect = s.check_expected("stage", stage)
        return self._state(s.require_code(code), self._presenter(code, secret, "reveal", expect=expect))

    def reset_votes(self, code: str, secret: str, stage_key: str) -> None:
        s.check_key("stage", stage_key)
        self._presenter(code, secret, "reset", stage_key)

    def close_room(self, code: str, secret: str) -> None:
        self._presenter(code, secret, "close_room")

    # The audience

    def vote(self, code: str, voter_id: str, stage_key: str, choice: s.Choice, n_options: int) -> None:
        answer, multiple = s.check_vote(voter_id, stage_key, choice, n_options)
        code = s.require_code(code)
        prefix = self._prefix(code)
        status = self._run(
            self._vote,
            [prefix + "room", f"{prefix}votes:{stage_key}", f"{prefix}counts:{stage_key}"],
            [self._now(), stage_key, voter_id, answer, n_options, self.max_votes, "1" if multiple else "0"],
        )
        if status == "ok":
            return
        if status == "unknown":
            raise s.unknown_room(code)
        if status == "stage":
            raise s.stage_not_current(stage_key)
        if status == "closed":
            raise s.question_closed()
        if status == "changed":
            raise s.question_changed()
        if status == "full":
            raise s.too_many_votes(self.max_votes)
        raise s.StoreUnavailable(f"The poll store (Redis at {self.where}) answered {status!r}.")

    def my_vote(self, code: str, voter_id: str, stage_key: str) -> frozenset[int] | None:
        code = s.require_code(code)
        prefix = self._prefix(code)
        reply: list[Any] = self._run(
            self._my_vote, [prefix + "room", f"{prefix}votes:{stage_key}"], [self._now(), voter_id]
        )
        if reply[0] == "unknown":
            raise s.unknown_room(code)
        return s.decode_choice(reply[1]) if len(reply) > 1 and reply[1] is not None else None

    def voters(self, code: str, stage_key: str) -> int:
        code = s.require_code(code)
        prefix = self._prefix(code)
        reply: list[Any] = self._run(
            self._voters, [prefix + "room", f"{prefix}votes:{stage_key}"], [self._now()]
        )
        if reply[0] == "unknown":
            raise s.unknown_room(code)
        return int(reply[1])

    def counts(self, code: str, stage_key: str) -> tuple[int, ...]:
        code = s.require_code(code)
        prefix = self._prefix(code)
        reply: list[Any] = self._run(
            self._counts, [prefix + "room", f"{prefix}counts:{stage_key}"], [self._now(), stage_key]
        )
        if reply[0] == "unknown":
            raise s.unknown_room(code)
        return tuple(int(n) for n in reply[1:])
