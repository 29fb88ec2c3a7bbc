"""The live audience poll's rooms and votes (issue 22), behind one interface (``store``: read its docstring
for the flow, the errors and the limits). Imports no streamlit: pages call it and show ``str(error)`` of any
``PollError``.

``get_store()`` is the process's one store, chosen by ``CRLM_POLL_STORE``:

- unset, empty or ``sqlite``: ``SQLiteStore`` in ``CRLM_POLL_DIR`` (default: the checkout's ``.data/polls/``,
  or ``~/.cache/crlm-dashboard/polls/`` for an installed copy), enough for one server process (``make run``);
- ``redis://host:port/db`` (or ``rediss://``, ``unix://``): ``RedisStore``, shared by every replica
  (``deploy/compose.yaml``).

Anything else raises ``StoreUnavailable`` naming the setting.
"""

from __future__ import annotations

import os
import threading

from .sqlite import SQLiteStore, poll_dir
from .store import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DEFAULT_MAX_ROOMS,
    DEFAULT_MAX_VOTES,
    DEFAULT_TTL_S,
    MAX_OPTIONS,
    BadRequest,
    BadVote,
    Choice,
    PollError,
    PollStore,
    QuestionClosed,
    Room,
    RoomState,
    StageMoved,
    StoreUnavailable,
    TooManyRooms,
    TooManyVotes,
    UnknownRoom,
    WrongSecret,
    is_voter_id,
    new_voter_id,
    normalize_code,
    voting_status,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DEFAULT_MAX_ROOMS",
    "DEFAULT_MAX_VOTES",
    "DEFAULT_TTL_S",
    "MAX_OPTIONS",
    "BadRequest",
    "BadVote",
    "Choice",
    "PollError",
    "PollStore",
    "QuestionClosed",
    "Room",
    "RoomState",
    "SQLiteStore",
    "StageMoved",
    "StoreUnavailable",
    "TooManyRooms",
    "TooManyVotes",
    "UnknownRoom",
    "WrongSecret",
    "get_store",
    "is_voter_id",
    "make_store",
    "new_voter_id",
    "normalize_code",
    "poll_dir",
    "voting_status",
]

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
_STORES: dict[tuple[str, str], PollStore] = {}
_LOCK = threading.Lock()


def make_store(setting: str | None = None) -> PollStore:
    """A new store for ``setting`` (default ``$CRLM_POLL_STORE``): see the module docstring."""
    text = (os.environ.get("CRLM_POLL_STORE", "") if setting is None else setting).strip()
    if text in ("", "sqlite"):
        return SQLiteStore(poll_dir())
    if text.lower().startswith(REDIS_SCHEMES):
        from .redis import RedisStore

        return RedisStore(text)
    shown = text.split("@")[-1][:60]  # never the password of a URL
    raise StoreUnavailable(f"CRLM_POLL_STORE={shown!r} is neither 'sqlite' nor a redis:// URL.")


def get_store() -> PollStore:
    """The one store of this process for the current settings (made on first use, then kept)."""
    key = (os.environ.get("CRLM_POLL_STORE", "").strip(), str(poll_dir()))
    with _LOCK:
        if key not in _STORES:
            _STORES[key] = make_store(key[0])
        return _STORES[key]
