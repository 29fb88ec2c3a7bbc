"""A room under load (issue 22, item 5): phones of one room on two replicas behind nginx, sharing Redis.

The simulation, shared by the room benchmark (``python -m benchmarks.rooms``: 100 phones, a table and JSON)
and the browser-layer test (tests/e2e/test_room_load.py: 30 phones, exact counts asserted): ``run`` and
``table``.

Set-up, all on 127.0.0.1: Debian's ``redis-server`` on a free port (no persistence), two replicas of app.py
with ``CRLM_POLL_STORE=redis://...`` and one shared cookie secret, and Debian's nginx running
deploy/nginx.conf in front of them (``devtools.nginx``). The room is opened directly through the store, as the
presenter's page does (``open_room``, ``advance`` to the case's first stage with a question,
``open_question``). Each replica has served the vote page once before (straight, not through nginx), as
replicas that have been up have loaded the app's content; ``--cold`` leaves that out, so the room's phones
pay for the replicas' first runs (50 sessions at once on a replica that has run nothing yet).

Every tab speaks Streamlit's websocket protocol as a browser does (``devtools.protocol``: the rerun
message, the message cache): it GETs its page through nginx (keeping the sticky ``crlm_route`` cookie), opens
the websocket, runs the page, and then reruns the page's ``st.fragment(run_every=...)`` at the interval the
server asked for (its ``auto_rerun`` message), sending the widget states it last committed.

- The presenter's tab opens ``/rounds?room=CODE&key=SECRET&stage=N`` and reads "**N answers**" from its
  count fragment every 2 s: each reading is (sent, received, count).
- Each phone opens ``/vote?room=CODE`` (all at once: the room scanning the QR code), finds the form's radio
  and submit button in the run's delta messages, votes a few seconds after joining (a fragment rerun with the
  radio's value and the submit button's trigger, as the browser sends a form), about one in three changes
  its vote later, and all keep refreshing until the end. A vote is confirmed when the next render of the
  phone's own form shows that answer as its value (read back from the store).

Measured: join time (start to the question on every phone: budget 10 s), errors (any exception, time-out,
exception element, warning or info box, a render without the question or with the wrong answer: budget 0),
the store's counts against the answers the phones finally hold (exactly equal, one per phone) and the
presenter's last count against the number of phones, and vote-to-screen: from sending a first vote to the
presenter's first reading that includes it (budget p95 3 s). A reading includes the k-th vote the phones saw
confirmed once its count is at least k (the order of confirmations stands for the order of commits: the
votes are spread over seconds). An upper bound is reported beside it: the first reading sent after the
vote's confirmation arrived, which the vote was certainly committed before.

Bounded: N phones (at most MAX_PHONES), one run at a time per tab, RUN_TIMEOUT_S per run, the whole room
within PHASE_TIMEOUT_S; loopback only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import secrets
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from devtools import protocol, redis
from devtools.nginx import nginx_proxy, sessions_per_replica
from devtools.server import HOST, ROOT, start_server, stop_server, wait_healthy
from devtools.stats import median, percentile

PHONES = 100
MAX_PHONES = 150  # nginx's burst allowance per address is 300 requests: a GET and a websocket per phone
JOIN_BUDGET_S = 10.0
SCREEN_BUDGET_S = 3.0  # vote-to-screen, p95
VOTE_AFTER_S = (1.0, 7.0)  # a phone votes this long after its question appeared
CHANGE_SHARE = 3  # every third phone changes its vote...
CHANGE_AFTER_S = (2.0, 6.0)  # ...this long after voting
ACTIVE_S = 22.0  # phones keep refreshing until this long after the start
SETTLE_S = 10.0  # then the presenter reads until its count is the votes cast, at most this long
RUN_TIMEOUT_S = 30.0
PHASE_TIMEOUT_S = 150.0
SEED = 22
COUNT_TEXT = re.compile(r"\*\*(\d+) answers?\*\*")


# What a run may show without it being a problem: a confirmation in an info or success box (the vote
# page's "Vote counted", role=status). An error or warning box, or an exception, is a problem for a phone.
def element_problem(element: Element) -> str | None:
    """What is wrong in one element a run sent, or None."""
    if element.WhichOneof("type") == "exception":
        return "exception: " + element.exception.message[:80]
    if element.WhichOneof("type") == "alert" and element.alert.format in (Alert.ERROR, Alert.WARNING):
        return "a message box: " + element.alert.body[:80]
    return None


# ---------------------------------------------------------------------------------------- the protocol
@dataclass
class RunView:
    """What one run sent: its elements (with the fragment each belongs to), and when."""

    sent: float  # perf_counter at the send
    first_delta: float | None = None  # perf_counter at the first element: callbacks have run by then
    finished: float = 0.0
    elements: list[tuple[str, Element]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[tuple[str, Element]]:
        return [(fragment, e) for fragment, e in self.elements if e.WhichOneof("type") == kind]


class Tab:
    """One browser tab on one websocket: its page, the query string the server last set, the fragments that
    rerun themselves (id -> interval), the widget values it committed, and the browser's message cache."""

    def __init__(self, ws: Any, page_name: str, query_string: str) -> None:
        self.ws = ws
        self.page_name = page_name
        self.query_string = query_string
        self.page_hash = ""
        self.auto_reruns: dict[str, float] = {}
        self.widgets: dict[str, str] = {}  # widget id -> string value (the form's radio)
        self.cache = protocol.MessageCache()
        self.bodies: dict[str, ForwardMsg] = {}  # cached messages, by hash, to resolve a ref_hash

    def _message(self, fragment_id: str, auto: bool, trigger: str) -> bytes:
        msg = BackMsg()
        msg.ParseFromString(
            protocol.rerun_message(self.page_name, self.page_hash, self.query_string, self.cache.hashes())
        )
        msg.rerun_script.fragment_id = fragment_id
        msg.rerun_script.is_auto_rerun = auto
        for widget_id, value in self.widgets.items():
            state = msg.rerun_script.widget_states.widgets.add()
            state.id, state.string_value = widget_id, value
        if trigger:
            state = msg.rerun_script.widget_states.widgets.add()
            state.id, state.trigger_value = trigger, True
        return bytes(msg.SerializeToString())

    async def run(self, fragment_id: str = "", *, auto: bool = False, trigger: str = "") -> RunView:
        """Send one rerun (of ``fragment_id``, or of the page), read until ``script_finished``."""
        view = RunView(time.perf_counter())
        await self.ws.send(self._message(fragment_id, auto, trigger))
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT_S)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if problem := self.cache.receive(msg):
                view.problems.append(problem)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                msg = self.bodies.get(msg.ref_hash, msg)
                kind = msg.WhichOneof("type")
            elif msg.metadata.cacheable and msg.hash:
                self.bodies[msg.hash] = msg
            if kind == "new_session":
                self.page_hash = self.page_hash or msg.new_session.page_script_hash
            elif kind == "navigation":
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "auto_rerun":
                self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
            elif kind == "page_not_found":
                view.problems.append(f"page not found: {self.page_name}")
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                view.first_delta = view.first_delta or time.perf_counter()
                element = msg.delta.new_element
                view.elements.append((msg.delta.fragment_id, element))
                if (problem := element_problem(element)) is not None:
                    view.problems.append(problem)
            elif kind == "script_finished":
                view.finished = time.perf_counter()
                if msg.script_finished not in (
                    ForwardMsg.FINISHED_SUCCESSFULLY,
                    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
                ):
                    view.problems.append(f"script_finished status {msg.script_finished}")
                self.cache.run_finished()
                self.bodies = {h: m for h, m in self.bodies.items() if h in self.cache.used}
                return view


def _cookie(url: str) -> str:
    """GET the page as a phone does; the Cookie header nginx's sticky route sets."""
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())


@contextlib.asynccontextmanager
async def open_tab(base: str, path: str, page_name: str, query_string: str) -> Any:
    cookie = await asyncio.to_thread(_cookie, f"{base}/{path}?{query_string}")
    async with connect(
        base.replace("http://", "ws://", 1) + "/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        additional_headers={"Cookie": cookie} if cookie else {},
        max_size=None,
        compression=None,
        open_timeout=30,
        ping_interval=None,
    ) as ws:
        yield Tab(ws, page_name, query_string)


def _only_fragment(tab: Tab, what: str) -> tuple[str, float]:
    if len(tab.auto_reruns) != 1:
        raise RuntimeError(f"{what}: expected one self-refreshing fragment, got {len(tab.auto_reruns)}")
    return next(iter(tab.auto_reruns.items()))


# ------------------------------------------------------------------------------------------ the presenter
@dataclass
class Reading:
    sent: float
    received: float
    count: int | None


@dataclass
class Presenter:
    readings: list[Reading] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    run_ms: list[float] = field(default_factory=list)


def _count(view: RunView) -> int | None:
    for _, element in view.of_kind("markdown"):
        if match := COUNT_TEXT.search(element.markdown.body):
            return int(match[1])
    return None


async def presenter(base: str, query_string: str, done: asyncio.Event, expected: list[int]) -> Presenter:
    """The presenter's tab: its count fragment read at its own interval until ``done`` and the count is
    ``expected[0]`` (or SETTLE_S after ``done``)."""
    out = Presenter()
    try:
        async with open_tab(base, "rounds", "rounds", query_string) as tab:
            view = await tab.run()
            out.errors += view.problems
            out.readings.append(Reading(view.sent, view.finished, _count(view)))
            if out.readings[-1].count is None:
                out.errors.append("the presenter's page shows no count")
            fragment, interval = _only_fragment(tab, "the presenter's page")
            settle_until: float | None = None
            next_at = view.sent + interval
            while True:
                if done.is_set():
                    settle_until = settle_until or time.perf_counter() + SETTLE_S
                    if out.readings[-1].count == expected[0] or time.perf_counter() > settle_until:
                        break
                await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
                next_at = max(next_at + interval, time.perf_counter())  # a late run skips missed ticks
                view = await tab.run(fragment, auto=True)
                out.run_ms.append((view.finished - view.sent) * 1000)
                out.errors += view.problems
                count = _count(view)
                out.readings.append(Reading(view.sent, view.finished, count))
                if count is None:
                    out.errors.append("a presenter reading without a count")
    except Exception as error:
        out.errors.append(f"presenter: {type(error).__name__}: {str(error)[:100]}")
    return out


# ---------------------------------------------------------------------------------------------- the phones
@dataclass
class Phone:
    joined: float | None = None  # perf_counter when the question showed
    first_vote_sent: float | None = None
    first_vote_confirmed: float | None = None  # the first element of the vote's run
    answer: int | None = None  # the answer the store holds for this phone, as its page shows it
    votes: int = 0
    changes: int = 0
    refreshes: int = 0
    refresh_ms: list[float] = field(default_factory=list)
    vote_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Form:
    radio: str
    options: list[str]
    shown: int | None  # the answer the form shows as chosen (the store's, for this phone)
    submit: str
    fragment: str


def _form(view: RunView) -> Form | None:
    radios = view.of_kind("radio")
    submits = [(f, e) for f, e in view.of_kind("button") if e.button.is_form_submitter]
    if len(radios) != 1 or len(submits) != 1:
        return None
    radio = radios[0][1].radio
    shown = radio.default if radio.HasField("default") else None
    return Form(radio.id, list(radio.options), shown, submits[0][1].button.id, submits[0][0])


async def phone(base: str, code: str, rng: random.Random, changes: bool, end_at: float) -> Phone:
    out = Phone()
    try:
        async with open_tab(base, "vote", "vote", f"room={code}") as tab:
            view = await tab.run()
            out.errors += view.problems
            form = _form(view)
            if form is None:
                out.errors.append("the phone's page shows no question to answer")
                return out
            out.joined = view.finished
            fragment, interval = _only_fragment(tab, "the vote page")
            plan = [("vote", out.joined + rng.uniform(*VOTE_AFTER_S))]
            if changes:
                plan.append(("change", plan[0][1] + rng.uniform(*CHANGE_AFTER_S)))
            next_refresh = out.joined + interval
            while plan or next_refresh < end_at:
                action = plan[0][0] if plan and plan[0][1] <= next_refresh else "refresh"
                due = plan[0][1] if action != "refresh" else next_refresh
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                if action == "refresh":
                    next_refresh = max(next_refresh + interval, time.perf_counter())
                    view = await tab.run(fragment, auto=True)
                    out.refreshes += 1
                    out.refresh_ms.append((view.finished - view.sent) * 1000)
                else:
                    plan.pop(0)
                    choices = [i for i in range(len(form.options)) if i != out.answer]
                    choice = rng.choice(choices)
                    tab.widgets = {form.radio: form.options[choice]}
                    view = await tab.run(form.fragment, trigger=form.submit)
                    out.vote_ms.append((view.finished - view.sent) * 1000)
                    if action == "vote":
                        out.first_vote_sent, out.first_vote_confirmed = view.sent, view.first_delta
                    out.votes += action == "vote"
                    out.changes += action == "change"
                    out.answer = choice
                out.errors += view.problems
                new = _form(view)
                if new is None:
                    out.errors.append(f"a {action} showed no question")
                    continue
                if new.shown != out.answer:
                    out.errors.append(
                        f"after a {action}, the form shows answer {new.shown}, not {out.answer}"
                    )
                if out.answer is not None:
                    tab.widgets = {new.radio: new.options[out.answer]}  # the committed value, as a browser
                form = new
    except Exception as error:
        out.errors.append(f"phone: {type(error).__name__}: {str(error)[:100]}")
    return out


# -------------------------------------------------------------------------------------------- the room
@dataclass
class Room:
    code: str
    secret: str
    case_key: str
    stage_key: str
    stage_number: int  # 1-based, as in the presenter's link
    n_options: int
    order: tuple[int, ...]  # the original option index at each position the phones show (cases.room_order)


def open_room(store_url: str) -> Room:
    """A room for a case, on its first stage with a question, the question open: as the presenter's page
    does it (crlm_app.rounds.open_room, show_stage, question)."""
    import crlm_content
    from crlm_app import polls
    from crlm_content.cases import Stage, load_cases, room_order

    def single(stage: Stage) -> bool:  # the phones answer with one radio (a multiple stage has checkboxes)
        return bool(stage.question) and not stage.multiple

    case = next(c for c in load_cases(crlm_content.get_catalog()) if any(single(s) for s in c.stages))
    number, stage = next((i + 1, s) for i, s in enumerate(case.stages) if single(s))
    store = polls.make_store(store_url)
    room = store.open_room(case.key)
    store.advance(room.code, room.presenter_secret, stage.key)
    store.open_question(room.code, room.presenter_secret, len(stage.options), stage=stage.key)
    order = room_order(room.code, case.key, stage)
    return Room(room.code, room.presenter_secret, case.key, stage.key, number, len(stage.options), order)


async def _warm(replica_url: str, code: str) -> None:
    """One visit of the vote page on a replica, straight to it: replicas that have been up have loaded the
    app's content (a cold start is the cold-start row's figure, not this one's)."""
    async with open_tab(replica_url, "vote", "vote", f"room={code}") as tab:
        view = await tab.run()
    if view.problems or _form(view) is None:
        raise RuntimeError(f"the vote page did not show the question on {replica_url}: {view.problems[:2]}")


async def _drive(base: str, room: Room, n: int, active_s: float, warm: list[str]) -> dict[str, Any]:
    await asyncio.gather(*(_warm(url, room.code) for url in warm))
    rng = random.Random(SEED)
    done = asyncio.Event()
    expected = [n]
    query = f"case={room.case_key}&room={room.code}&key={room.secret}&stage={room.stage_number}"
    watcher = asyncio.create_task(presenter(base, query, done, expected))
    await asyncio.sleep(1.0)  # the presenter's screen is up before the room scans the code
    start = time.perf_counter()
    end_at = start + active_s
    tasks = [
        phone(base, room.code, random.Random(rng.random()), i % CHANGE_SHARE == 0, end_at) for i in range(n)
    ]
    phones = list(await asyncio.gather(*tasks))
    expected[0] = sum(1 for p in phones if p.answer is not None)
    done.set()
    return {"start": start, "phones": phones, "presenter": await watcher}


def _screen_times(phones: list[Phone], readings: list[Reading]) -> tuple[list[float], list[float], int]:
    """Per first vote: seconds from its send to the presenter's first reading that includes it (by rank), and
    the upper bound (the first reading sent after its confirmation); and how many never appeared."""
    confirmed = sorted(
        (p.first_vote_confirmed, p.first_vote_sent)
        for p in phones
        if p.first_vote_confirmed is not None and p.first_vote_sent is not None
    )
    ranked: list[float] = []
    upper: list[float] = []
    missing = 0
    for rank, (confirmed_at, sent_at) in enumerate(confirmed, start=1):
        seen = next((r for r in readings if r.sent >= sent_at and (r.count or 0) >= rank), None)
        bound = next((r for r in readings if r.sent >= confirmed_at), None)
        if seen is None:
            missing += 1
            continue
        ranked.append(seen.received - sent_at)
        if bound is not None:
            upper.append(bound.received - sent_at)
    return ranked, upper, missing


def run(phones: int = PHONES, *, active_s: float = ACTIVE_S, warm: bool = True) -> dict[str, Any]:
    """The room under load: ``phones`` audience tabs and a presenter through nginx, two replicas, Redis.
    ``warm``: each replica runs the vote page once first."""
    from crlm_app import polls

    if not 1 <= phones <= MAX_PHONES:
        raise ValueError(f"1 to {MAX_PHONES} phones")
    began = time.perf_counter()
    with redis.running() as redis_server:
        store_url = redis_server.url
        env = {"CRLM_POLL_STORE": store_url, "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
        servers = [start_server(f"room{i + 1}", ROOT / "app.py", env=env, wait=False) for i in range(2)]
        names = {f"{HOST}:{s.port}": s.name for s in servers}
        try:
            for server in servers:
                wait_healthy(server)
            with nginx_proxy([s.port for s in servers]) as (base, workdir, _):
                room = open_room(store_url)
                driven = asyncio.run(
                    asyncio.wait_for(
                        _drive(base, room, phones, active_s, [s.url for s in servers] if warm else []),
                        PHASE_TIMEOUT_S,
                    )
                )
                time.sleep(0.5)  # nginx writes its log lines
                spread = sessions_per_replica(workdir / "access.log", names)
                # why a replica got no session, if one did not (nginx marks a replica down after failures)
                log = workdir / "error.log"
                errors = (
                    log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
                )
                spread["nginx_upstream_errors"] = [line for line in errors if "upstream" in line][-5:]
            store = polls.make_store(store_url)
            counts = list(store.counts(room.code, room.stage_key))
            store.close_room(room.code, room.secret)
        finally:
            for server in servers:
                stop_server(server)
    result = _result(room, driven, counts, spread, phones, time.perf_counter() - began)
    result["replicas_warm"] = warm
    return result


def _result(
    room: Room, driven: dict[str, Any], counts: list[int], spread: dict[str, Any], n: int, seconds: float
) -> dict[str, Any]:
    phones: list[Phone] = driven["phones"]
    watcher: Presenter = driven["presenter"]
    start: float = driven["start"]
    joins = [p.joined - start for p in phones if p.joined is not None]
    # a phone's answer is the position it chose on its screen; the store counts the original option
    final = Counter(room.order[p.answer] for p in phones if p.answer is not None)
    expected = [final.get(i, 0) for i in range(room.n_options)]
    readings = watcher.readings
    ranked, upper, missing = _screen_times(phones, readings)
    errors = [e for p in phones for e in p.errors] + watcher.errors
    if missing:
        errors.append(f"{missing} votes never appeared on the presenter's screen")
    last_count = readings[-1].count if readings else None
    voters = sum(final.values())
    exact = counts == expected and sum(counts) == voters == n and last_count == voters
    result = {
        "phones": n,
        "replicas": 2,
        "store": "redis",
        "room": {"case": room.case_key, "stage": room.stage_key, "answers": room.n_options},
        "joined": len(joins),
        "join_p50_s": median(joins),
        "join_max_s": max(joins) if joins else float("nan"),
        "votes_cast": sum(p.votes for p in phones),
        "changes": sum(p.changes for p in phones),
        "voters": voters,
        "expected_counts": expected,
        "store_counts": counts,
        "presenter_count": last_count,
        "exact": exact,
        "screen_p50_s": median(ranked),
        "screen_p95_s": percentile(ranked, 95),
        "screen_upper_p95_s": percentile(upper, 95),
        "screen_samples": len(ranked),
        "presenter_readings": len(readings),
        "presenter_run_p95_ms": percentile(watcher.run_ms, 95),
        "refreshes": sum(p.refreshes for p in phones),
        "refresh_p50_ms": median([ms for p in phones for ms in p.refresh_ms]),
        "refresh_p95_ms": percentile([ms for p in phones for ms in p.refresh_ms], 95),
        "vote_run_p95_ms": percentile([ms for p in phones for ms in p.vote_ms], 95),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "sessions_per_replica": spread["sessions_per_replica"],
        "not_sticky": spread["not_sticky"],
        "nginx_upstream_errors": spread.get("nginx_upstream_errors", []),
        "seconds": seconds,
    }
    result["budgets"] = {
        "join": len(joins) == n and result["join_max_s"] <= JOIN_BUDGET_S,
        "errors": result["errors"] == 0,
        "exact": exact,
        "screen": len(ranked) == n and result["screen_p95_s"] <= SCREEN_BUDGET_S,
    }
    result["ok"] = all(result["budgets"].values())
    return result


def table(result: dict[str, Any]) -> str:
    """The figures as a small text table."""
    budgets = result["budgets"]

    def mark(ok: bool) -> str:
        return "pass" if ok else "FAIL"

    rows = [
        ("phones joined", f"{result['joined']}/{result['phones']}", "", ""),
        (
            "join time p50 / max",
            f"{result['join_p50_s']:.2f} / {result['join_max_s']:.2f} s",
            f"max <= {JOIN_BUDGET_S:.0f} s",
            mark(budgets["join"]),
        ),
        ("errors", str(result["errors"]), "0", mark(budgets["errors"])),
        (
            "votes: cast / changed / voters",
            f"{result['votes_cast']} / {result['changes']} / {result['voters']}",
            "",
            "",
        ),
        (
            "counts: store / expected",
            f"{result['store_counts']} / {result['expected_counts']}",
            "equal",
            mark(result["store_counts"] == result["expected_counts"]),
        ),
        (
            "presenter's count",
            str(result["presenter_count"]),
            f"= {result['phones']}",
            mark(budgets["exact"]),
        ),
        (
            "vote to screen p50 / p95",
            f"{result['screen_p50_s']:.2f} / {result['screen_p95_s']:.2f} s",
            f"p95 <= {SCREEN_BUDGET_S:.0f} s",
            mark(budgets["screen"]),
        ),
        ("  upper bound p95", f"{result['screen_upper_p95_s']:.2f} s", "", ""),
        (
            "phone refreshes, p50 / p95",
            f"{result['refreshes']}, {result['refresh_p50_ms']:.0f} / {result['refresh_p95_ms']:.0f} ms",
            "",
            "",
        ),
        ("sessions per replica", json.dumps(result["sessions_per_replica"]), "", ""),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        f"A room under load: {result['phones']} phones and a presenter, 2 "
        f"{'warm' if result.get('replicas_warm', True) else 'fresh (cold)'} replicas behind nginx, Redis "
        f"({result['seconds']:.0f} s)"
    ]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    if result["error_examples"]:
        lines.append("errors, e.g.: " + "; ".join(result["error_examples"]))
    lines.append(f"Room check: {mark(result['ok'])}")
    return "\n".join(lines)
