"""The interface of the live poll's store (issue 22, items 3 and 4): rooms, their presenter, and votes.

Two implementations keep the same contract (``tests/unit/test_poll_store.py`` runs one suite on both):
``crlm_app.polls.sqlite.SQLiteStore`` (embedded, the default) and ``crlm_app.polls.redis.RedisStore``
(replicated deployments). Pages get the process's store from ``crlm_app.polls.get_store()``.

A room, step by step (every method is safe to call from any thread):

1. The presenter's page calls ``open_room(case_key)`` and gets a ``Room``: ``code`` (5 characters of
   ``CODE_ALPHABET``, to show large, to say aloud and to put in the audience link / QR code) and
   ``presenter_secret`` (long and random: only the presenter's link carries it; it is stored hashed).
2. ``advance(code, secret, stage_key)`` shows a stage, its question closed and revealed only if it was
   revealed when the room left it (Back to a revealed stage shows its results again);
   ``open_question(code, secret, n_options, multiple=...)`` opens the current stage's question with that
   many answers, one to choose or (``multiple``) any number of them (both fixed for the stage while it has
   votes), and takes back its reveal; ``close_question`` stops the voting; ``reveal`` closes it and marks
   it revealed, kept for the stage (only a stage whose question was opened may be revealed: before anyone
   could answer, a reveal showed the board's answer on every phone; refused with ``BadRequest``);
   ``reset_votes(code, secret, stage_key)`` clears one stage's votes; ``close_room`` ends the room (its code
   is unknown afterwards). Only the right secret may do these: else ``WrongSecret``. The presenter's screen
   says which stage it means (``stage=`` of open, close and reveal, ``from_stage=`` of advance): a screen
   drawn for another stage than the room's (an old link, a second presenter tab) is refused with
   ``StageMoved`` instead of acting on a stage it does not show.
   ``is_presenter(code, secret)`` only reads: whether ``secret`` is the live room's, so a page decides to
   draw the controls at all (a truncated presenter link holds a wrong key).
3. An audience session draws ``new_voter_id()`` once, reads ``room(code)`` (``None``: unknown, closed or
   expired), and calls ``vote(code, voter_id, stage_key, choice, n_options)`` with the stage and the number
   of answers it showed: ``choice`` is one option index for a single-choice question, a set of them for a
   ``multiple`` one. One vote per voter per question: voting again replaces the vote (never counts it twice)
   until the question closes. ``my_vote`` tells a session its current answer (a set of indexes).
4. ``counts(code, stage_key)`` is the distribution, one count per answer (``()`` for a stage never asked);
   ``voters(code, stage_key)`` is how many voted (more than no count of a multiple-choice question). Both
   stay readable after the stage is left, until the room ends.

Every failure is a ``PollError`` with a message fit to show as it is (``str(error)``), never a raw backend
error: ``UnknownRoom`` (unknown, closed or expired code), ``WrongSecret``, ``QuestionClosed``, ``BadVote``
(answer out of range, stage not current, question changed, malformed voter id), ``StageMoved`` (a presenter
action for a stage the room has left), ``BadRequest`` (the parent of both: a malformed key, no stage shown
yet, a reveal before voting opened, a time to live out of range), ``StoreUnavailable``
(backend down, busy or misconfigured), ``TooManyRooms``, ``TooManyVotes``. Codes are normalised (case,
spaces and dashes ignored), so a code typed from the screen works.

Nothing grows without bound: a room lives ``ttl_s`` (default ``DEFAULT_TTL_S``, 3 h, at most
``MAX_TTL_S``) and expired rooms are removed with their votes; a store holds at most ``max_rooms`` open
rooms (``TooManyRooms``), a room at most ``max_votes`` votes, one per voter and question asked
(``TooManyVotes``; changing a vote is always allowed) and ``MAX_QUESTIONS`` questions; keys, voter ids
and answer counts have maximum lengths. The time comes from an injectable ``clock`` (tests move it).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

# No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V): readable from the back row and unambiguous said aloud.
CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
CODE_LENGTH = 5
DEFAULT_TTL_S = 3 * 3600.0
MAX_TTL_S = 24 * 3600.0
DEFAULT_MAX_ROOMS = 200
DEFAULT_MAX_VOTES = 10_000  # per room: e.g. 500 voters x 20 questions
MAX_QUESTIONS = 100  # per room: stages whose question was opened
MAX_OPTIONS = 12
MAX_KEY_LENGTH = 80  # case and stage keys
MAX_VOTER_ID_LENGTH = 64
VOTER_ID_LENGTH = 22  # new_voter_id(): 16 random bytes in URL-safe base64, unpadded
_KEY = re.compile(r"[^\x00-\x1f\x7f]+")
_VOTER_ID = re.compile(r"[A-Za-z0-9_\-]+")
_CODE_SEPARATORS = re.compile(r"[\s\-]+")

Clock = Callable[[], float]


class PollError(Exception):
    """Any failure of the poll store; ``str(error)`` is a message to show as it is."""


class UnknownRoom(PollError):
    pass


class WrongSecret(PollError):
    pass


class QuestionClosed(PollError):
    pass


class BadRequest(PollError):
    pass


class BadVote(BadRequest):
    pass


class StageMoved(BadRequest):
    """A presenter action for ``expected``, refused: the room is on ``current`` (``None``: no stage yet)."""

    def __init__(self, message: str, expected: str, current: str | None) -> None:
        super().__init__(message)
        self.expected, self.current = expected, current


class StoreUnavailable(PollError):
    pass


class TooManyRooms(PollError):
    pass


class TooManyVotes(PollError):
    pass


@dataclass(frozen=True)
class Room:
    """A room just opened: ``presenter_secret`` is returned once, here, and only its hash is stored."""

    code: str
    presenter_secret: str
    case_key: str
    created_at: float
    expires_at: float


@dataclass(frozen=True)
class RoomState:
    """What anyone with the code may see. ``stage_key`` is ``None`` until the presenter shows a stage;
    ``n_options`` is the current stage's number of answers (``None`` while its question was never opened)
    and ``multiple`` whether a voter may choose several of them; ``question_open`` and ``revealed`` are about
    the current stage. Times are the store clock's seconds."""

    code: str
    case_key: str
    stage_key: str | None
    question_open: bool
    revealed: bool
    n_options: int | None
    created_at: float
    expires_at: float
    multiple: bool = False


Choice = int | Collection[int]  # a vote: one option index, or a set of them for a multiple-choice question


@runtime_checkable
class PollStore(Protocol):
    """Rooms, their presenter and their votes (module docstring: the flow, the errors, the limits)."""

    def open_room(self, case_key: str, *, ttl_s: float = DEFAULT_TTL_S) -> Room: ...

    def room(self, code: str) -> RoomState | None: ...

    def is_presenter(self, code: str, secret: str) -> bool: ...

    def advance(
        self, code: str, secret: str, stage_key: str, *, from_stage: str | None = None
    ) -> RoomState: ...

    def open_question(
        self, code: str, secret: str, n_options: int, *, stage: str | None = None, multiple: bool = False
    ) -> RoomState: ...

    def close_question(self, code: str, secret: str, *, stage: str | None = None) -> RoomState: ...

    def reveal(self, code: str, secret: str, *, stage: str | None = None) -> RoomState: ...

    def reset_votes(self, code: str, secret: str, stage_key: str) -> None: ...

    def close_room(self, code: str, secret: str) -> None: ...

    def vote(self, code: str, voter_id: str, stage_key: str, choice: Choice, n_options: int) -> None: ...

    def my_vote(self, code: str, voter_id: str, stage_key: str) -> frozenset[int] | None: ...

    def counts(self, code: str, stage_key: str) -> tuple[int, ...]: ...

    def voters(self, code: str, stage_key: str) -> int: ...


# Helpers shared by the implementations (and by pages: ``normalize_code``, ``new_voter_id``).


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def new_voter_id() -> str:
    """A random id for one audience phone: draw it once and keep it (the vote page keeps it in its link, so
    a reload or a second tab is the same voter)."""
    return secrets.token_urlsafe(16)


def is_voter_id(text: object) -> bool:
    """Whether ``text`` has the shape of a ``new_voter_id()``: exactly ``VOTER_ID_LENGTH`` URL-safe
    characters. For an id read back from a link, which is untrusted input: anything else is replaced."""
    return isinstance(text, str) and len(text) == VOTER_ID_LENGTH and _VOTER_ID.fullmatch(text) is not None


def normalize_code(text: str) -> str | None:
    """The room code in ``text`` (any case, spaces and dashes ignored), or ``None`` if it cannot be one."""
    if not isinstance(text, str) or len(text) > 4 * CODE_LENGTH:
        return None
    code = _CODE_SEPARATORS.sub("", text).upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def require_code(text: str) -> str:
    code = normalize_code(text)
    if code is None:
        raise UnknownRoom(f"There is no room {str(text)[:20]!r}: check the code on the presenter's screen.")
    return code


def unknown_room(code: str) -> UnknownRoom:
    return UnknownRoom(f"Room {code} does not exist or has ended.")


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def secret_matches(secret: object, stored_hash: str) -> bool:
    return isinstance(secret, str) and hmac.compare_digest(secret_hash(secret), stored_hash)


def wrong_secret(code: str) -> WrongSecret:
    return WrongSecret(f"Only the presenter's link may run room {code}.")


def check_key(what: str, key: object) -> str:
    if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY_LENGTH or not _KEY.fullmatch(key):
        raise BadRequest(f"The {what} key must be 1 to {MAX_KEY_LENGTH} printable characters.")
    return key


def check_ttl(ttl_s: object) -> float:
    if isinstance(ttl_s, bool) or not isinstance(ttl_s, int | float) or not 0 < ttl_s <= MAX_TTL_S:
        raise BadRequest(f"A room lives more than 0 s and at most {MAX_TTL_S:.0f} s.")
    return float(ttl_s)


def check_n_options(n_options: object, error: type[BadRequest] = BadRequest) -> int:
    if isinstance(n_options, bool) or not isinstance(n_options, int) or not 1 <= n_options <= MAX_OPTIONS:
        raise error(f"A question has 1 to {MAX_OPTIONS} answers.")
    return n_options


def _index(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_vote(voter_id: object, stage_key: object, choice: object, n_options: object) -> tuple[str, bool]:
    """The checks a vote passes before it reaches the backend (the backend checks the room's state): the
    answer as the backends keep it (``encode_choice``) and whether it is a multiple-choice one."""
    if (
        not isinstance(voter_id, str)
        or not 0 < len(voter_id) <= MAX_VOTER_ID_LENGTH
        or not _VOTER_ID.fullmatch(voter_id)
    ):
        raise BadVote("This session has no valid voter id: reload the page.")
    try:
        check_key("stage", stage_key)
    except BadRequest as error:
        raise BadVote(str(error)) from None
    n = check_n_options(n_options, BadVote)
    if isinstance(choice, int) and not isinstance(choice, bool):
        if not 0 <= choice < n:
            raise BadVote(f"Choose one of the {n} answers.")
        return encode_choice([choice]), False
    if not isinstance(choice, set | frozenset | list | tuple) or not choice:
        raise BadVote(f"Choose one or more of the {n} answers.")
    picked = list(choice)
    if not all(_index(i) and 0 <= i < n for i in picked) or len(set(picked)) != len(picked):
        raise BadVote(f"Choose one or more of the {n} answers, each once.")
    return encode_choice(picked), True


def encode_choice(indexes: Collection[int]) -> str:
    """A vote as both backends keep it: its option indexes in rising order, joined by commas ("2", "0,3")."""
    return ",".join(str(i) for i in sorted(indexes))


def decode_choice(text: object) -> frozenset[int]:
    return frozenset(int(part) for part in str(text).split(",") if part.strip())


def voting_status(state: RoomState) -> str:
    """The current question's voting as the presenter's screen and every phone say it."""
    if state.revealed:
        return "answers revealed"
    if state.question_open:
        return "voting open"
    return "voting closed" if state.n_options is not None else "voting has not opened yet"


def stage_not_current(stage_key: str) -> BadVote:
    return BadVote(f"The question {stage_key!r} is no longer the current one: the page shows the new one.")


def question_changed() -> BadVote:
    return BadVote("The question changed since this page showed it: answer again.")


def question_closed() -> QuestionClosed:
    return QuestionClosed("Voting on this question is closed.")


def stage_moved(expected: str, current: str | None) -> StageMoved:
    now = f"on stage {current!r}" if current else "showing no stage"
    return StageMoved(
        f"The room is {now}, not on stage {expected!r} (another presenter screen or an old link moved it): "
        "nothing was changed.",
        expected,
        current,
    )


def check_expected(what: str, stage: object) -> str:
    """A presenter's ``stage=``/``from_stage=``: '' (any stage) for None, else a valid stage key."""
    return "" if stage is None else check_key(what, stage)


def no_stage() -> BadRequest:
    return BadRequest("Show a stage first: there is no question to open.")


def not_asked(stage_key: str) -> BadRequest:
    return BadRequest(
        f"Voting on stage {stage_key!r} has not been opened: open it before revealing the board's answer "
        "(nothing was revealed)."
    )


def options_fixed(stage_key: str, n: int, multiple: bool = False) -> BadRequest:
    kind = " (choose all that apply)" if multiple else ""
    return BadRequest(
        f"Stage {stage_key!r} already has votes on {n} answers{kind}: reset its votes to change that."
    )


def too_many_rooms(max_rooms: int) -> TooManyRooms:
    return TooManyRooms(f"{max_rooms} rooms are open already: close one, or wait until one expires.")


def too_many_votes(max_votes: int) -> TooManyVotes:
    return TooManyVotes(f"This room holds its maximum of {max_votes} votes: no new voter can be counted.")


def too_many_questions() -> BadRequest:
    return BadRequest(f"This room has asked its maximum of {MAX_QUESTIONS} questions: open a new room.")
