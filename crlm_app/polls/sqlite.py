"""The embedded poll store: one SQLite file, so ``make run`` needs no server (``crlm_app.polls.store``).

The file is ``polls.sqlite3`` in ``CRLM_POLL_DIR`` (default: ``.data/polls/`` of a checkout, git-ignored;
for an installed copy ``$XDG_CACHE_HOME/crlm-dashboard/polls/``, i.e. ``~/.cache/...``). It is in WAL mode
(readers never wait for the writer) with a busy timeout, and each thread has its own connection.

Exact counts: a vote is one ``INSERT ... ON CONFLICT (room, stage, voter) DO UPDATE`` in a ``BEGIN
IMMEDIATE`` transaction, which takes the write lock before the room's state is read, so the checks (room
live, stage current, question open, room not full) and the write see one state and no two writers
interleave. The table holds one row per voter and question, so a changed vote replaces its row; its answer
is the option indexes joined by commas (``store.encode_choice``: one index, stored as the integer it was
before multiple-choice questions, or "0,2"); counts are ``GROUP BY`` over those rows, each group's count
added to every option of its answer, never a number kept and updated in Python. Processes sharing the
folder share the rooms (the file is the truth), but the file is local: replicas on different hosts need Redis.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from crlm_content.checkout import checkout_root

from . import store as s
from .store import Room, RoomState

DB_NAME = "polls.sqlite3"
BUSY_TIMEOUT_S = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY,
    case_key TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    stage TEXT,
    question_open INTEGER NOT NULL DEFAULT 0,
    revealed INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS rooms_by_expiry ON rooms (expires);
CREATE TABLE IF NOT EXISTS questions (
    code TEXT NOT NULL,
    stage TEXT NOT NULL,
    n_options INTEGER NOT NULL,
    multiple INTEGER NOT NULL DEFAULT 0,
    revealed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (code, stage)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS votes (
    code TEXT NOT NULL,
    stage TEXT NOT NULL,
    voter TEXT NOT NULL,
    option INTEGER NOT NULL,
    PRIMARY KEY (code, stage, voter)
) WITHOUT ROWID;
"""

_ROOM = """
SELECT r.code, r.case_key, r.stage, r.question_open, r.revealed, q.n_options, q.multiple, r.created,
       r.expires, r.secret_hash
FROM rooms AS r LEFT JOIN questions AS q ON q.code = r.code AND q.stage = r.stage
WHERE r.code = ? AND r.expires > ?
"""


def poll_dir() -> Path:
    """``CRLM_POLL_DIR`` when set and not empty; else the checkout's ``.data/polls`` or the user's cache."""
    override = os.environ.get("CRLM_POLL_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    root = checkout_root()
    if root is not None:
        return root / ".data" / "polls"
    cache = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(cache) / "crlm-dashboard" / "polls"


def _state(row: sqlite3.Row) -> RoomState:
    return RoomState(
        code=row["code"],
        case_key=row["case_key"],
        stage_key=row["stage"],
        question_open=bool(row["question_open"]),
        revealed=bool(row["revealed"]),
        n_options=row["n_options"],
        created_at=row["created"],
        expires_at=row["expires"],
        multiple=bool(row["multiple"]),
    )


class SQLiteStore:
    """``PollStore`` on one SQLite file in ``folder`` (default ``poll_dir()``)."""

    def __init__(
        self,
        folder: Path | str | None = None,
        *,
        max_rooms: int = s.DEFAULT_MAX_ROOMS,
        max_votes: int = s.DEFAULT_MAX_VOTES,
        clock: s.Clock | None = None,
    ) -> None:
        self.folder = Path(folder) if folder is not None else poll_dir()
        self.path = self.folder / DB_NAME
        self.max_rooms = max_rooms
        self.max_votes = max_votes
        self._clock: s.Clock = clock or time.time
        self._local = threading.local()
        self._schema_lock = threading.Lock()
        self._schema_ready = False

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"

    # Connections and transactions

    def _connect(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is not None and getattr(self._local, "pid", None) == os.getpid():
            return con
        self.folder.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        with self._schema_lock:
            if not self._schema_ready:
                self._upgrade(con)
                self._schema_ready = True
        self._local.con, self._local.pid = con, os.getpid()
        return con

    @staticmethod
    def _upgrade(con: sqlite3.Connection) -> None:
        """The tables, and the columns a file from an earlier version lacks (``multiple``: before
        multiple-choice questions; ``revealed``: before a stage kept its reveal), in one ``BEGIN IMMEDIATE``
        transaction: other processes sharing the file wait for it, so the columns are looked for and added
        under the file's write lock (two processes that both saw one missing both ran the ALTER, and the
        second failed with "duplicate column name")."""
        try:
            con.executescript("BEGIN IMMEDIATE;" + _SCHEMA)
            columns = {r["name"] for r in con.execute("PRAGMA table_info(questions)")}
            for column in ("multiple", "revealed"):
                if column not in columns:
                    con.execute(f"ALTER TABLE questions ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def _tx(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """One transaction; a write one holds the write lock from its start (``BEGIN IMMEDIATE``). A backend
        error anywhere in it rolls it back and becomes ``StoreUnavailable``."""
        try:
            con = self._connect()
            con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except (sqlite3.Error, OSError) as error:
            self._local.con = None
            raise self._unavailable(error) from None
        try:
            yield con
            con.execute("COMMIT")
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise self._unavailable(error) from None
            raise

    def _unavailable(self, error: BaseException) -> s.StoreUnavailable:
        return s.StoreUnavailable(f"The poll store is unavailable ({type(error).__name__}: {error}).")

    # Reading a room

    def _live(self, con: sqlite3.Connection, code: str) -> sqlite3.Row:
        row: sqlite3.Row | None = con.execute(_ROOM, (code, self._clock())).fetchone()
        if row is None:
            raise s.unknown_room(code)
        return row

    def _presenter(self, con: sqlite3.Connection, code: str, secret: str) -> sqlite3.Row:
        row = self._live(con, code)
        if not s.secret_matches(secret, row["secret_hash"]):
            raise s.wrong_secret(code)
        return row

    def room(self, code: str) -> RoomState | None:
        normal = s.normalize_code(code)
        if normal is None:
            return None
        with self._tx(write=False) as con:
            row = con.execute(_ROOM, (normal, self._clock())).fetchone()
        return None if row is None else _state(row)

    def is_presenter(self, code: str, secret: str) -> bool:
        normal = s.normalize_code(code)
        if normal is None:
            return False
        with self._tx(write=False) as con:
            row = con.execute(_ROOM, (normal, self._clock())).fetchone()
        return row is not None and s.secret_matches(secret, row["secret_hash"])

    def _presenter_update(
        self, code: str, secret: str, sql: str, *args: object, stage: bool = False, expect: str = ""
    ) -> RoomState:
        code = s.require_code(code)
        with self._tx(write=True) as con:
            row = self._presenter(con, code, secret)
            if expect and row["stage"] != expect:
                raise s.stage_moved(expect, row["stage"])
            if stage and row["stage"] is None:
                raise s.no_stage()
            con.execute(sql, (*args, code))
            return _state(self._live(con, code))

    # The presenter

    def open_room(self, case_key: str, *, ttl_s: float = s.DEFAULT_TTL_S) -> Room:
        s.check_key("case", case_key)
        ttl = s.check_ttl(ttl_s)
        secret = s.new_secret()
        with self._tx(write=True) as con:
            now = self._clock()
            expired = "SELECT code FROM rooms WHERE expires <= ?"
            con.execute(f"DELETE FROM votes WHERE code IN ({expired})", (now,))
            con.execute(f"DELETE FROM questions WHERE code IN ({expired})", (now,))
            con.execute("DELETE FROM rooms WHERE expires <= ?", (now,))
            (open_rooms,) = con.execute("SELECT COUNT(*) FROM rooms").fetchone()
            if open_rooms >= self.max_rooms:
                raise s.too_many_rooms(self.max_rooms)
            for _ in range(20):
                code = s.new_code()
                inserted = con.execute(
                    "INSERT INTO rooms (code, case_key, secret_hash, created, expires) VALUES (?, ?, ?, ?, ?)"
                    " ON CONFLICT (code) DO NOTHING",
                    (code, case_key, s.secret_hash(secret), now, now + ttl),
                ).rowcount
                if inserted:
                    return Room(code, secret, case_key, now, now + ttl)
        raise s.StoreUnavailable("No free room code was found: try again.")

    def advance(self, code: str, secret: str, stage_key: str, *, from_stage: str | None = None) -> RoomState:
        s.check_key("stage", stage_key)
        expect = s.check_expected("stage", from_stage)
        # Its question closed; revealed again if it was revealed when the room left it (Back to a stage).
        sql = (
            "UPDATE rooms SET stage = ?, question_open = 0, revealed = COALESCE((SELECT q.revealed FROM"
            " questions AS q WHERE q.code = rooms.code AND q.stage = ?), 0) WHERE code = ?"
        )
        return self._presenter_update(code, secret, sql, stage_key, stage_key, expect=expect)

    def open_question(
        self, code: str, secret: str, n_options: int, *, stage: str | None = None, multiple: bool = False
    ) -> RoomState:
        n = s.check_n_options(n_options)
        expect = s.check_expected("stage", stage)
        many = int(bool(multiple))
        code = s.require_code(code)
        with self._tx(write=True) as con:
            row = self._presenter(con, code, secret)
            stage = row["stage"]
            if expect and stage != expect:
                raise s.stage_moved(expect, stage)
            if stage is None:
                raise s.no_stage()
            if row["n_options"] is None:
                (asked,) = con.execute("SELECT COUNT(*) FROM questions WHERE code = ?", (code,)).fetchone()
                if asked >= s.MAX_QUESTIONS:
                    raise s.too_many_questions()
                con.execute(
                    "INSERT INTO questions (code, stage, n_options, multiple) VALUES (?, ?, ?, ?)",
                    (code, stage, n, many),
                )
            elif (row["n_options"], row["multiple"]) != (n, many):
                voted = con.execute(
                    "SELECT 1 FROM votes WHERE code = ? AND stage = ? LIMIT 1", (code, stage)
                ).fetchone()
                if voted:
                    raise s.options_fixed(stage, row["n_options"], bool(row["multiple"]))
                con.execute(
                    "UPDATE questions SET n_options = ?, multiple = ? WHERE code = ? AND stage = ?",
                    (n, many, code, stage),
                )
            con.execute("UPDATE rooms SET question_open = 1, revealed = 0 WHERE code = ?", (code,))
            con.execute("UPDATE questions SET revealed = 0 WHERE code = ? AND stage = ?", (code, stage))
            return _state(self._live(con, code))

    def close_question(self, code: str, secret: str, *, stage: str | None = None) -> RoomState:
        expect = s.check_expected("stage", stage)
        sql = "UPDATE rooms SET question_open = 0 WHERE code = ?"
        return self._presenter_update(code, secret, sql, expect=expect)

    def reveal(self, code: str, secret: str, *, stage: str | None = None) -> RoomState:
        expect = s.check_expected("stage", stage)
        code = s.require_code(code)
        with self._tx(write=True) as con:
            row = self._presenter(con, code, secret)
            if expect and row["stage"] != expect:
                raise s.stage_moved(expect, row["stage"])
            if row["stage"] is None:
                raise s.no_stage()
            if row["n_options"] is None:  # its question was never opened: no answer to show yet
                raise s.not_asked(row["stage"])
            con.execute("UPDATE rooms SET question_open = 0, revealed = 1 WHERE code = ?", (code,))
            con.execute(
                "UPDATE questions SET revealed = 1 WHERE code = ? AND stage = ?", (code, row["stage"])
            )
            return _state(self._live(con, code))

    def reset_votes(self, code: str, secret: str, stage_key: str) -> None:
        s.check_key("stage", stage_key)
        code = s.require_code(code)
        with self._tx(write=True) as con:
            self._presenter(con, code, secret)
            con.execute("DELETE FROM votes WHERE code = ? AND stage = ?", (code, stage_key))

    def close_room(self, code: str, secret: str) -> None:
        code = s.require_code(code)
        with self._tx(write=True) as con:
            self._presenter(con, code, secret)
            for table in ("votes", "questions", "rooms"):
                con.execute(f"DELETE FROM {table} WHERE code = ?", (code,))

    # The audience

    def vote(self, code: str, voter_id: str, stage_key: str, choice: s.Choice, n_options: int) -> None:
        answer, multiple = s.check_vote(voter_id, stage_key, choice, n_options)
        code = s.require_code(code)
        with self._tx(write=True) as con:
            row = self._live(con, code)
            if row["stage"] != stage_key:
                raise s.stage_not_current(stage_key)
            if not row["question_open"]:
                raise s.question_closed()
            if row["n_options"] != n_options or bool(row["multiple"]) != multiple:
                raise s.question_changed()
            known = con.execute(
                "SELECT 1 FROM votes WHERE code = ? AND stage = ? AND voter = ?", (code, stage_key, voter_id)
            ).fetchone()
            if not known:
                (held,) = con.execute("SELECT COUNT(*) FROM votes WHERE code = ?", (code,)).fetchone()
                if held >= self.max_votes:
                    raise s.too_many_votes(self.max_votes)
            con.execute(
                "INSERT INTO votes (code, stage, voter, option) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (code, stage, voter) DO UPDATE SET option = excluded.option",
                (code, stage_key, voter_id, answer),
            )

    def my_vote(self, code: str, voter_id: str, stage_key: str) -> frozenset[int] | None:
        code = s.require_code(code)
        with self._tx(write=False) as con:
            self._live(con, code)
            row = con.execute(
                "SELECT option FROM votes WHERE code = ? AND stage = ? AND voter = ?",
                (code, stage_key, voter_id),
            ).fetchone()
        return None if row is None else s.decode_choice(row["option"])

    def counts(self, code: str, stage_key: str) -> tuple[int, ...]:
        code = s.require_code(code)
        with self._tx(write=False) as con:
            self._live(con, code)
            question = con.execute(
                "SELECT n_options FROM questions WHERE code = ? AND stage = ?", (code, stage_key)
            ).fetchone()
            if question is None:
                return ()
            rows = con.execute(
                "SELECT option, COUNT(*) FROM votes WHERE code = ? AND stage = ? GROUP BY option",
                (code, stage_key),
            ).fetchall()
        counts = [0] * int(question["n_options"])
        for answer, n in rows:
            for i in s.decode_choice(answer):
                if i < len(counts):
                    counts[i] += int(n)
        return tuple(counts)

    def voters(self, code: str, stage_key: str) -> int:
        code = s.require_code(code)
        with self._tx(write=False) as con:
            self._live(con, code)
            (n,) = con.execute(
                "SELECT COUNT(*) FROM votes WHERE code = ? AND stage = ?", (code, stage_key)
            ).fetchone()
        return int(n)
