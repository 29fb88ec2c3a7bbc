"""`make bench`: every figure of the app beside a blank Streamlit page measured in the same run; budgets.

    python -m benchmarks              # one table on stdout, JSON in benchmarks/results/latest.json
    python -m benchmarks --replicas   # two replicas behind nginx (deploy/nginx.conf), concurrent sessions
    python -m benchmarks --strict     # exit 1 when a budget fails (default: report only)
    python -m benchmarks --only paste # one phase (out of PHASES) again

Pages are read from crlm_content.site.PAGES at run time. All traffic goes to 127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from benchmarks import sessions
from benchmarks.common import APPS, LAUNCH, RESULTS, ROOT, machine, median
from devtools.server import running, start_server, stop_server

KS = (1, 10, 50)
PAGE_LOAD_ROUNDS = 7  # first visits, each in a fresh context
REFERENCE_LOAD_ROUNDS = 5  # of which the reference rows (reported, not budgeted) take part in this many
WARM_ROUNDS = 2  # of which this many also time a warm second visit in the same context
# Page-load floors (benchmarks/apps/frame.py): the app's own frame (navigation, share button, disclaimers)
# around the blank page's one line, and the same with one plotly chart for pages that open on a chart.
LOAD_BUDGET = 1.3
LOAD_FLOORS = {"blank-frame": "", "blank-frame:plotly": "?kind=plotly"}
# Reference rows of the page-load table: the blank page with one widget of each kind the pages show first
# (benchmarks/apps/blank_widget.py): what Streamlit itself costs a first visit, per widget kind.
LOAD_REFERENCE_KINDS = ("toggle", "text", "number", "selectbox", "multiselect", "grid", "editor")
# A reference row per page: the frame with one element of each kind the page's first screen shows (the
# scripts Streamlit loads for those kinds on a first visit), so the ratio is what the page itself adds.
KINDS_FLOOR = "blank-frame:kinds:"
# Reference rows of the memory table: the stock blank page with this many widgets, or this many one-line
# paragraphs (benchmarks/apps/blank_elements.py), through the same rounds: what Streamlit itself costs per
# widget and per element a run sends. (name, query string, label) The heaviest page's growth from 1 to 50
# sessions is budgeted against the 40-paragraph page's (MEMORY_FLOOR), its RSS at 50 sessions against
# RSS_LIMIT_MB.
MEMORY_REFERENCES = (
    ("blank-widgets-stock", "widgets=10", "stock blank + 10 widgets"),
    ("blank-paragraphs-stock", "paragraphs=40", "stock blank + 40 paragraphs"),
)
MEMORY_FLOOR = "blank-paragraphs-stock"
# And stock Streamlit sending exactly the heaviest page's elements (benchmarks/apps/blank_sends.py; kinds and
# counts from the rerun phase): the memory Streamlit itself keeps per session for what that page shows.
SENDS_REFERENCE = "blank-sends-stock"
RSS_LIMIT_MB = 300.0
# Issue 24: a 10,000-row paste refused within PASTE_REFUSAL_MS while another session's reruns stay within
# PASTE_RERUN_BUDGET x of its reruns without a paste (benchmarks/paste.py).
PASTE_REFUSAL_MS = 1000.0
PASTE_RERUN_BUDGET = 2.0
INTERACTION_ROUNDS = 6
RERUNS = 20
COLD_STARTS = 5
PHASES = ("rerun", "browser", "cold", "sessions", "paste", "settings")
SETTINGS_DEADLINE_S = 450  # the settings evaluation (~20-40 s) is skipped past this: under 10 min in all


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _pages() -> list[Any]:
    # A fresh interpreter would be cleaner, but the registry is plain data: import it now, at run time.
    from crlm_content import site

    return list(site.PAGES)


def _url(base: str, page: Any) -> str:
    return f"{base}/" if page.default else f"{base}/{page.url_path}"


# --------------------------------------------------------------------------------------------- rerun cost
def rerun_reference_row(
    page: str,
    measured: dict[str, Any],
    reference: dict[str, Any],
    blank_ms: float | None,
    sent: dict[str, int],
) -> list[str]:
    """A reported row (not a budget): the page's warm rerun against stock Streamlit sending the same
    elements (``apps/blank_sends.py``), and that stock page's own ratio to the blank page."""
    page_ms, reference_ms = measured.get("median_ms"), reference.get("median_ms")
    error = reference.get("error", "")
    ratio = page_ms / reference_ms if page_ms and reference_ms else None
    floor_ratio = reference_ms / blank_ms if reference_ms and blank_ms else None
    return [
        "rerun",
        f"reference: {page} vs stock Streamlit sending its {sum(sent.values())} messages "
        f"(stock: {_fmt(floor_ratio, 2)}x the blank page){' ' + error if error else ''}",
        f"{_fmt(page_ms, 1)} / {_fmt(measured.get('p95_ms'), 1)}",
        f"{_fmt(reference_ms, 1)} / {_fmt(reference.get('p95_ms'), 1)}",
        f"{_fmt(ratio, 2)}x",
        "reported",
        "",
    ]


def rerun_phase() -> dict[str, Any]:
    log(f"rerun cost: {RERUNS} interleaved reruns of the blank page and of every page (AppTest, server)")
    args = [sys.executable, "-m", "benchmarks.rerun", str(RERUNS), "2", "10"]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=400, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.rerun failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# ---------------------------------------------------------------------------------------------- browser
def browser_phase(pages: list[Any]) -> dict[str, Any]:
    from benchmarks import browser

    out: dict[str, Any] = {"load": {}, "interaction": {}}
    with (
        running("app", ROOT / "app.py") as app,
        running("blank", APPS / "blank.py", launcher=LAUNCH) as blank,
        running("blank-plotly", APPS / "blank_plotly.py", launcher=LAUNCH) as plotly,
        running("blank-widget", APPS / "blank_widget.py", launcher=LAUNCH) as widget,
        running("blank-frame", APPS / "frame.py", launcher=LAUNCH) as frame,
        browser.chromium() as chrome,
    ):
        targets = {"blank": f"{blank.url}/", "blank-plotly": f"{plotly.url}/"}
        targets.update({f"blank-widget:{k}": f"{widget.url}/?kind={k}" for k in LOAD_REFERENCE_KINDS})
        targets.update({name: f"{frame.url}/{query}" for name, query in LOAD_FLOORS.items()})
        targets["blank-frame:text"] = f"{frame.url}/?kind=text"
        references = {name for name in targets if name.startswith("blank-widget:")} | {"blank-frame:text"}
        targets.update({p.url_path: _url(app.url, p) for p in pages})
        log("page load: warm-up visit of every page (first run of each page in the server process)")
        for problem in browser.warm_up(chrome, list(targets.values())):
            log(f"warm-up: {problem}")
        kinds: dict[str, list[str]] = {}
        for page in pages:  # each page's first-screen element kinds: its floor of Streamlit's own scripts
            try:
                kinds[page.url_path] = browser.element_kinds(chrome, targets[page.url_path])
            except Exception as error:
                log(f"element kinds of {page.url_path}: {type(error).__name__}: {str(error)[:120]}")
                continue
            targets[f"{KINDS_FLOOR}{page.url_path}"] = f"{frame.url}/?kinds={','.join(kinds[page.url_path])}"
            references.add(f"{KINDS_FLOOR}{page.url_path}")
        out["kinds"] = kinds
        log(f"page load: {PAGE_LOAD_ROUNDS} rounds over {len(targets)} targets, interleaved")
        loads: dict[str, dict[str, Any]] = {
            name: {"first_ms": [], "warm_ms": [], "charts": 0, "errors": []} for name in targets
        }
        names = list(targets)
        for round_number in range(PAGE_LOAD_ROUNDS):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                if name in references and round_number >= REFERENCE_LOAD_ROUNDS:
                    continue
                try:
                    visit = browser.load_once(chrome, targets[name], warm=round_number < WARM_ROUNDS)
                except Exception as error:
                    loads[name]["errors"].append(f"{type(error).__name__}: {str(error)[:120]}")
                    continue
                loads[name]["first_ms"].append(visit["first_ms"])
                if visit["warm_ms"] is not None:
                    loads[name]["warm_ms"].append(visit["warm_ms"])
                loads[name]["charts"] = max(loads[name]["charts"], visit["charts"])
        out["load"] = loads

        log(f"interaction: {INTERACTION_ROUNDS} changes of each page's main widget, interleaved")
        interactors: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for page in pages:
            try:
                interactor = browser.Interactor(chrome, _url(app.url, page))
            except Exception as error:
                errors[page.url_path] = [f"{type(error).__name__}: {str(error)[:120]}"]
                continue
            if interactor.kind == "none":
                out["interaction"][page.url_path] = {"kind": "none", "ms": [], "errors": []}
                interactor.close()
            else:
                interactors[page.url_path] = interactor
        for kind in sorted({i.kind for i in interactors.values()}):
            try:
                interactors[f"blank-widget:{kind}"] = browser.Interactor(
                    chrome, f"{widget.url}/?kind={kind}", kind=kind
                )
            except Exception as error:
                errors[f"blank-widget:{kind}"] = [f"{type(error).__name__}: {str(error)[:120]}"]
        samples: dict[str, list[float]] = {name: [] for name in interactors}
        names = list(interactors)
        for round_number in range(INTERACTION_ROUNDS + 1):  # round 0 is a warm-up change
            shift = round_number % max(len(names), 1)
            for name in names[shift:] + names[:shift]:
                try:
                    ms = interactors[name].change()
                except Exception as error:
                    errors.setdefault(name, []).append(f"{type(error).__name__}: {str(error)[:120]}")
                    continue
                if ms is None:
                    errors.setdefault(name, []).append("no script run after the change (5 s)")
                elif round_number > 0:
                    samples[name].append(ms)
        for name, interactor in interactors.items():
            out["interaction"][name] = {
                "kind": interactor.kind,
                "ms": samples[name],
                "errors": errors.get(name, []),
            }
            interactor.close()
        for name, errs in errors.items():
            out["interaction"].setdefault(name, {"kind": "", "ms": [], "errors": errs})
    return out


# --------------------------------------------------------------------------------- concurrency + memory
def concurrency_phase(page: Any, sends: dict[str, int] | None = None) -> dict[str, Any]:
    """The heaviest page on the app as shipped, beside the stock blank page (default settings); with
    ``sends`` (the page's elements, from the rerun phase), also stock Streamlit sending those elements."""
    from benchmarks.rerun import sends_query

    out: dict[str, Any] = {}
    same = [(SENDS_REFERENCE, APPS / "blank_sends.py", True, "", sends_query(sends))] if sends else []
    for name, script, stock, page_name, query in (
        ("app", ROOT / "app.py", False, page.url_path, ""),
        ("blank-stock", APPS / "blank.py", True, "", ""),
        *((ref, APPS / "blank_elements.py", True, "", q) for ref, q, _ in MEMORY_REFERENCES),
        *same,
    ):
        log(f"concurrent sessions: {name} ({page_name or 'blank'}), K = {KS}")
        server = start_server(name, script, stock=stock)
        try:
            rounds = []
            for k in KS:
                round_ = sessions.run_round(
                    server.url, page_name, k, reruns=3, query_string=query, measure_rss=server.rss_mb
                )
                rounds.append(round_.summary())
            out[name] = {"page": page_name or "blank", "rounds": rounds}
        finally:
            stop_server(server)
    return out


# ----------------------------------------------------------------------------------- paste (issue 24)
def paste_phase(pages: list[Any]) -> dict[str, Any]:
    """A 10,000-row paste into the response assessment table while another session reruns a light page."""
    from benchmarks import paste

    by_path = {p.url_path: p for p in pages}
    if paste.PAGE not in by_path:
        raise RuntimeError(f"no page {paste.PAGE} in crlm_content.site.PAGES")
    light = by_path.get(paste.LIGHT_PAGE, pages[0])
    log(
        f"paste: {paste.ROUNDS} pastes of {paste.ROWS:,} rows into {paste.PAGE} while another session reruns "
        f"{light.url_path} (alone {paste.ALONE} times between pastes)"
    )
    with running("paste-app", ROOT / "app.py") as app:
        result = paste.run(app.url, "" if light.default else light.url_path)
    result["light_page"] = light.url_path
    return result


# Settings evaluation: each known problem on and off, at K = 1 (latency) and K = 50 (contention). The stock
# blank page and the app as shipped come from the concurrency phase.
VARIANTS: tuple[tuple[str, str, bool, list[str], dict[str, str]], ...] = (
    ("blank, postScriptGC off", "blank.py", True, ["--runner.postScriptGC=false"], {}),
    (
        "blank, postScriptGC off + TCP_NODELAY fix",
        "blank.py",
        True,
        ["--runner.postScriptGC=false"],
        {},
    ),
    (
        "app, stock settings (postScriptGC on, no fix)",
        "app.py",
        False,
        ["--runner.postScriptGC=true"],
        {"CRLM_PERF_PATCHES": "0"},
    ),
    ("app, TCP_NODELAY fix only", "app.py", False, ["--runner.postScriptGC=true"], {}),
    ("app, no limit on concurrent runs", "app.py", False, [], {"CRLM_MAX_CONCURRENT_RUNS": "0"}),
    ("app, without the gc policy", "app.py", False, [], {"CRLM_GC_POLICY": "0"}),
    ("app, without malloc_trim after collections", "app.py", False, [], {"CRLM_MALLOC_TRIM": "0"}),
    (
        "app, postScriptGC off only",
        "app.py",
        False,
        ["--runner.postScriptGC=false"],
        {"CRLM_PERF_PATCHES": "0"},
    ),
)


def settings_phase(page: Any, concurrency: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}

    def entry(page_name: str, rounds: list[dict[str, Any]]) -> dict[str, Any]:
        by_k = {r["k"]: r for r in rounds}
        return {"page": page_name, "k1": by_k.get(1), "k50": by_k.get(50)}

    for name, source in (
        ("blank, stock (postScriptGC on, no fix)", "blank-stock"),
        ("app, as shipped", "app"),
    ):
        if source in concurrency:
            out[name] = entry(concurrency[source]["page"], concurrency[source]["rounds"])
    for name, script, stock, args, env in VARIANTS:
        log(f"settings evaluation, K = 1 and 50: {name}")
        path = ROOT / script if script == "app.py" else APPS / script
        page_name = page.url_path if script == "app.py" else ""
        fixed = script == "blank.py" and "TCP_NODELAY" in name
        server = start_server(
            name, path, stock=stock, extra_args=args, env=env, launcher=LAUNCH if fixed else None
        )
        try:
            k1 = sessions.run_round(server.url, page_name, 1, reruns=10, measure_rss=server.rss_mb).summary()
            k50 = sessions.run_round(server.url, page_name, 50, reruns=1, measure_rss=server.rss_mb).summary()
            out[name] = entry(page_name or "blank", [k1, k50])
        finally:
            stop_server(server)
    return out


# ------------------------------------------------------------------------------------------- cold start
def cold_start_phase() -> dict[str, Any]:
    from benchmarks import browser

    out: dict[str, list[float]] = {"app": [], "blank-imports": []}
    health: dict[str, list[float]] = {"app": [], "blank-imports": []}
    scripts = {"app": ROOT / "app.py", "blank-imports": APPS / "blank_imports.py"}
    with browser.chromium() as chrome:
        for round_number in range(COLD_STARTS):
            order = list(scripts) if round_number % 2 == 0 else list(reversed(scripts))
            for name in order:
                log(f"cold start {round_number + 1}/{COLD_STARTS}: {name}")

                def start(name: str = name) -> Any:
                    return start_server(
                        f"cold-{name}", scripts[name], launcher=LAUNCH if name != "app" else None
                    )

                result = browser.cold_start(chrome, start, stop_server)
                out[name].append(result["s"])
                health[name].append(result["healthy_s"])
    return {"s": out, "healthy_s": health}


# ---------------------------------------------------------------------------------------- budgets, table
def _fmt(value: float | None, digits: int = 0) -> str:
    if value is None or value != value:  # None or NaN
        return "n/a"
    return f"{value:.{digits}f}"


def _check(ok: bool | None) -> str:
    return "n/a" if ok is None else ("pass" if ok else "FAIL")


def evaluate(data: dict[str, Any]) -> tuple[list[list[str]], list[dict[str, Any]]]:
    """Rows of the one table, and the budget verdicts."""
    rows: list[list[str]] = []
    budgets: list[dict[str, Any]] = []

    def budget(name: str, ok: bool | None, detail: str) -> str:
        budgets.append({"budget": name, "pass": ok, "detail": detail})
        return _check(ok)

    pages = data["pages"]
    rerun = data.get("rerun", {})
    server = rerun.get("server", {})
    if not rerun:
        pages = []  # not measured in this run (--only): no rerun or page-load rows
    blank_s = server.get("blank", {}).get("median_ms")
    blank_a = rerun.get("blank", {}).get("median_ms")
    blank_c = rerun.get("blank", {}).get("cached", {}).get("median_ms")
    if rerun:
        rows.append(
            [
                "rerun",
                "blank page",
                f"{_fmt(blank_s, 1)} / {_fmt(server.get('blank', {}).get('p95_ms'), 1)}",
                f"{_fmt(blank_a, 1)} / {_fmt(blank_c, 1)}",
                "1.00x",
                "floor",
                "",
            ]
        )
    for page in pages:
        r = server.get(page, {})
        a = rerun.get(page, {})
        error = r.get("error", "") or a.get("error", "")
        median_ms = r.get("median_ms")
        ratio = median_ms / blank_s if median_ms and blank_s else None
        ok = None if ratio is None else (ratio <= 2.0 and not error)
        a_ratio = a.get("median_ms") / blank_a if a.get("median_ms") and blank_a else None
        c_ms = a.get("cached", {}).get("median_ms")
        c_ratio = c_ms / blank_c if c_ms and blank_c else None
        verdict = budget(f"rerun {page} <= 2x blank", ok, f"{_fmt(ratio, 2)}x{' ' + error if error else ''}")
        rows.append(
            [
                "rerun",
                page + (" (error)" if error else ""),
                f"{_fmt(median_ms, 1)} / {_fmt(r.get('p95_ms'), 1)}",
                f"{_fmt(a.get('median_ms'), 1)} ({_fmt(a_ratio, 1)}x) / "
                f"{_fmt(c_ms, 1)} ({_fmt(c_ratio, 1)}x)",
                f"{_fmt(ratio, 2)}x",
                "<= 2x",
                verdict,
            ]
        )
        reference = server.get(f"sends:{page}", {})
        if reference.get("median_ms"):
            rows.append(rerun_reference_row(page, r, reference, blank_s, a.get("sends", {})))

    browser = data.get("browser", {})
    pages = data["pages"] if browser else []
    loads = browser.get("load", {})
    blank_first = median(loads.get("blank", {}).get("first_ms", []))
    references = [("blank", "blank page"), ("blank-plotly", "blank + one plotly chart")]
    references += [(f"blank-widget:{kind}", f"blank + one {kind}") for kind in LOAD_REFERENCE_KINDS]
    references += [("blank-frame:text", "frame + one text input")]
    floors = [("blank-frame", "the app's frame around one line"), ("blank-frame:plotly", "frame + one chart")]
    for name, label in floors + references if loads else ():
        ref = loads.get(name, {})
        first = median(ref.get("first_ms", []))
        rows.append(
            [
                "page load",
                f"{label} ({'floor' if name in LOAD_FLOORS else 'reference'}; vs blank)",
                _fmt(first),
                _fmt(median(ref.get("warm_ms", []))),
                f"{_fmt(first / blank_first if ref.get('first_ms') else None, 2)}x",
                "floor" if name in LOAD_FLOORS else "report",
                "",
            ]
        )
    limit = f"<= {LOAD_BUDGET}x"
    for page in pages:
        load = loads.get(page)
        if not load:
            rows.append(
                ["page load", page, "n/a", "n/a", "n/a", limit, budget(f"load {page}", None, "not measured")]
            )
            continue
        floor = "blank-frame:plotly" if load["charts"] else "blank-frame"
        first, warm = median(load["first_ms"]), median(load["warm_ms"])
        floor_first = median(loads.get(floor, {}).get("first_ms", []))
        floor_warm = median(loads.get(floor, {}).get("warm_ms", []))
        ratio = first / floor_first if load["first_ms"] and floor_first == floor_first else None
        warm_ratio = warm / floor_warm if load["warm_ms"] and floor_warm == floor_warm else None
        ok = None if ratio is None else ratio <= LOAD_BUDGET and not load["errors"]
        verdict = budget(f"load {page} {limit} {floor}", ok, f"{_fmt(ratio, 2)}x")
        rows.append(
            [
                "page load",
                f"{page} ({load['charts']} charts; vs {floor})",
                _fmt(first),
                f"{_fmt(warm)} ({_fmt(warm_ratio, 2)}x)",
                f"{_fmt(ratio, 2)}x",
                limit,
                verdict,
            ]
        )
        kinds_floor = loads.get(f"{KINDS_FLOOR}{page}", {})
        if kinds_floor.get("first_ms") and load["first_ms"]:
            # reference, not budgeted: the page against the frame with one element of each kind it shows
            kinds_first = median(kinds_floor["first_ms"])
            shown = ", ".join(k.removeprefix("st") for k in browser.get("kinds", {}).get(page, [])) or "none"
            rows.append(
                [
                    "page load",
                    f"reference: {page} vs the frame with one of each kind it shows ({shown})",
                    _fmt(first),
                    _fmt(kinds_first),
                    f"{_fmt(first / kinds_first, 2)}x",
                    "reported",
                    "",
                ]
            )

    interactions = browser.get("interaction", {})
    for page in pages:
        i = interactions.get(page)
        if not i:
            continue
        if i["kind"] == "none":
            rows.append(["interaction", f"{page} (no widget)", "n/a", "", "", "report", ""])
            continue
        floor = interactions.get(f"blank-widget:{i['kind']}", {})
        ms, floor_ms = median(i["ms"]), median(floor.get("ms", []))
        ratio = ms / floor_ms if i["ms"] and floor.get("ms") else None
        errors = f"; {len(i['errors'])} errors" if i["errors"] else ""
        rows.append(
            [
                "interaction",
                f"{page} ({i['kind']})",
                f"{_fmt(ms)} / {_fmt(floor_ms)}{errors}",
                "",
                f"{_fmt(ratio, 2)}x",
                "report",
                "",
            ]
        )

    concurrency = data.get("concurrency", {})
    app_c, blank_c = concurrency.get("app", {}), concurrency.get("blank-stock", {})
    for a, b in zip(app_c.get("rounds", []), blank_c.get("rounds", []), strict=False):
        ratio = a["p95_ms"] / b["p95_ms"] if b.get("p95_ms") else None
        verdict = ""
        if a["k"] == 50:
            ok = a["errors"] == 0 and b["errors"] == 0 and ratio is not None and ratio <= 1.0
            verdict = budget(
                "K=50: 0 errors, heaviest p95 <= stock blank p95",
                ok,
                f"{a['errors']} errors; p95 {_fmt(a['p95_ms'])} vs {_fmt(b['p95_ms'])} ms",
            )
        rows.append(
            [
                "sessions",
                f"K={a['k']}: {app_c['page']} vs stock blank",
                f"{_fmt(a['p50_ms'])}/{_fmt(a['p95_ms'])}, {a['errors']} err",
                f"{_fmt(b['p50_ms'])}/{_fmt(b['p95_ms'])}, {b['errors']} err",
                f"{_fmt(ratio, 2)}x",
                "K=50: <= 1x, 0 err" if a["k"] == 50 else "report",
                verdict,
            ]
        )

    def rss(rounds: list[dict[str, Any]], k: int) -> float | None:
        return next((r["rss_mb"] for r in rounds if r["k"] == k), None)

    def memory(name: str) -> tuple[float, float, float] | None:
        """RSS with 1 and with 50 sessions open, and the growth between them."""
        rounds_ = concurrency.get(name, {}).get("rounds", [])
        one, fifty = rss(rounds_, 1), rss(rounds_, 50)
        return None if one is None or fifty is None else (one, fifty, fifty - one)

    def mb(m: tuple[float, float, float]) -> str:
        return f"{_fmt(m[0])} -> {_fmt(m[1])} (+{_fmt(m[2], 1)})"

    app_m, floor_m, blank_m = memory("app"), memory(MEMORY_FLOOR), memory("blank-stock")
    floor_label = {ref: label for ref, _, label in MEMORY_REFERENCES}[MEMORY_FLOOR]
    if app_m and floor_m:
        ok = app_m[2] <= floor_m[2]
        verdict = budget(
            f"memory(50) - memory(1) <= {floor_label}",
            ok,
            f"+{_fmt(app_m[2], 1)} vs +{_fmt(floor_m[2], 1)} MB",
        )
        rows.append(
            [
                "memory",
                f"RSS MB, 1 -> 50 sessions: {app_c['page']} vs {floor_label}",
                mb(app_m),
                mb(floor_m),
                f"{_fmt(app_m[2] / floor_m[2] if floor_m[2] > 0 else None, 2)}x",
                "<= 1x",
                verdict,
            ]
        )
    if app_m:
        ok = app_m[1] < RSS_LIMIT_MB
        verdict = budget(f"RSS at 50 sessions < {RSS_LIMIT_MB:.0f} MB", ok, f"{_fmt(app_m[1], 1)} MB")
        rows.append(
            [
                "memory",
                f"RSS MB with 50 sessions open: {app_c['page']}",
                _fmt(app_m[1], 1),
                "",
                "",
                f"< {RSS_LIMIT_MB:.0f} MB",
                verdict,
            ]
        )
    sends_m = memory(SENDS_REFERENCE)
    if app_m and sends_m:
        rows.append(
            [
                "memory",
                f"reference: RSS MB, 1 -> 50 sessions: {app_c['page']} vs stock Streamlit sending its "
                "elements",
                mb(app_m),
                mb(sends_m),
                f"{_fmt(app_m[2] / sends_m[2] if sends_m[2] > 0 else None, 2)}x",
                "reported",
                "",
            ]
        )
    for ref_name, label in [
        ("blank-stock", "stock blank"),
        *((r, label) for r, _, label in MEMORY_REFERENCES),
        (SENDS_REFERENCE, f"stock Streamlit sending {app_c['page'] if app_c else 'the page'}'s elements"),
    ]:
        ref_m = memory(ref_name)
        if ref_m is None or blank_m is None:
            continue
        rows.append(
            [
                "memory",
                f"{label} ({'floor' if ref_name == MEMORY_FLOOR else 'reference'}; vs stock blank)",
                mb(ref_m),
                f"+{_fmt(blank_m[2], 1)}",
                f"{_fmt(ref_m[2] / blank_m[2] if blank_m[2] > 0 else None, 2)}x",
                "floor" if ref_name == MEMORY_FLOOR else "report",
                "",
            ]
        )

    paste = data.get("paste", {})
    if paste:
        refused = paste.get("refused_ms", [])
        seen = [ms for ms in refused if ms is not None]
        worst = max(seen) if seen and len(seen) == len(refused) else None  # a paste not refused: no figure
        errors = paste.get("errors", [])
        ok = worst is not None and worst < PASTE_REFUSAL_MS and not errors
        error_note = f"; {'; '.join(errors)}" if errors else ""
        verdict = budget(
            f"paste of {paste['rows']:,} rows refused < {PASTE_REFUSAL_MS:.0f} ms",
            ok,
            f"worst {_fmt(worst)} ms of {len(refused)}{error_note}",
        )
        rows.append(
            [
                "paste",
                f"{paste['rows']:,} rows into {paste['page']}: send -> refusal shown, worst / median of "
                f"{len(refused)}{error_note}",
                f"{_fmt(worst)} / {_fmt(median(seen))}",
                f"run ends: {_fmt(median(paste.get('paste_run_ms', [])))}",
                "",
                f"< {PASTE_REFUSAL_MS:.0f}",
                verdict,
            ]
        )
        alone, during = paste.get("alone", {}), paste.get("during", {})
        ratios = [
            during[q] / alone[q] if during.get(q) and alone.get(q) else None for q in ("p50_ms", "p95_ms")
        ]
        ok = None not in ratios and all(r <= PASTE_RERUN_BUDGET for r in ratios if r is not None)
        verdict = budget(
            f"another session's reruns during the paste <= {PASTE_RERUN_BUDGET:g}x without (p50, p95)",
            ok,
            " / ".join(f"{_fmt(r, 2)}x" for r in ratios),
        )
        rows.append(
            [
                "paste",
                f"{paste['light_page']} reruns of another session, during the pastes / without, p50/p95",
                f"{_fmt(during.get('p50_ms'))}/{_fmt(during.get('p95_ms'))} (n={during.get('n', 0)})",
                f"{_fmt(alone.get('p50_ms'))}/{_fmt(alone.get('p95_ms'))} (n={alone.get('n', 0)})",
                " / ".join(f"{_fmt(r, 2)}x" for r in ratios),
                f"<= {PASTE_RERUN_BUDGET:g}x",
                verdict,
            ]
        )
        ordinary = paste.get("during_ordinary", {})
        if ordinary.get("n"):
            reference = [
                during[q] / ordinary[q] if during.get(q) and ordinary.get(q) else None
                for q in ("p50_ms", "p95_ms")
            ]
            rows.append(  # reference row, not budgeted: what any concurrent run of that page costs the other
                [
                    "paste",
                    f"reference: {paste['light_page']} reruns during the pastes / during an ordinary "
                    f"rerun of {paste['page']}, p50/p95",
                    f"{_fmt(during.get('p50_ms'))}/{_fmt(during.get('p95_ms'))}",
                    f"{_fmt(ordinary.get('p50_ms'))}/{_fmt(ordinary.get('p95_ms'))} (n={ordinary['n']})",
                    " / ".join(f"{_fmt(r, 2)}x" for r in reference),
                    "reported",
                    "",
                ]
            )
        light = paste.get("during_light", {})
        if light.get("n"):
            light_ratios = [
                light[q] / alone[q] if light.get(q) and alone.get(q) else None for q in ("p50_ms", "p95_ms")
            ]
            rows.append(  # floor row, not budgeted: what sharing the process with any active visitor costs
                [
                    "paste",
                    f"floor: {paste['light_page']} reruns during a third session's reruns of "
                    f"{paste['light_page']} / without, p50/p95",
                    f"{_fmt(light.get('p50_ms'))}/{_fmt(light.get('p95_ms'))} (n={light['n']})",
                    f"{_fmt(alone.get('p50_ms'))}/{_fmt(alone.get('p95_ms'))}",
                    " / ".join(f"{_fmt(r, 2)}x" for r in light_ratios),
                    "reported",
                    "",
                ]
            )

    cold = data.get("cold_start", {}).get("s", {})
    if cold.get("app") and cold.get("blank-imports"):
        a, b = median(cold["app"]), median(cold["blank-imports"])
        ratio = a / b
        verdict = budget("cold start <= 1.2x blank with the same imports", ratio <= 1.2, f"{ratio:.2f}x")
        rows.append(
            [
                "cold start",
                "server start -> first page rendered (s)",
                _fmt(a, 2),
                _fmt(b, 2),
                f"{ratio:.2f}x",
                "<= 1.2x",
                verdict,
            ]
        )

    for name, v in data.get("settings", {}).items():
        k1, k50 = v.get("k1") or {}, v.get("k50") or {}
        rows.append(
            [
                "settings",
                f"{name} ({v['page']})",
                f"K=1 {_fmt(k1.get('p50_ms'))}/{_fmt(k1.get('p95_ms'))}",
                f"K=50 {_fmt(k50.get('p50_ms'))}/{_fmt(k50.get('p95_ms'))}, {k50.get('errors', 'n/a')} err",
                _rss_growth(k1, k50),
                "evaluation",
                "",
            ]
        )
    return rows, budgets


def _rss_growth(k1: dict[str, Any], k50: dict[str, Any]) -> str:
    """Server memory growth from the K = 1 round to the K = 50 round, when both were read."""
    one, fifty = k1.get("rss_mb"), k50.get("rss_mb")
    return f"RSS +{fifty - one:.1f} MB" if one is not None and fifty is not None else ""


HEADER = ["section", "what", "value (ms unless said)", "beside it", "ratio", "budget", "result"]
LEGEND = (
    "rerun: median / p95 of a warm rerun through the server (rerun_script -> script_finished, one session);"
    " beside it in-process AppTest medians and ratios: as AppTest runs (compiling the scripts every run) /"
    " with compiled scripts kept. page load: navigation start -> rendered, median of first visits in"
    " fresh contexts, against the app's frame around one line (with one chart for pages that open on one);"
    " beside it the warm second visit. interaction: change -> script finished, median of the"
    " page / of the blank page with one widget of the same kind. sessions: p50/p95 of full page runs,"
    " the app's heaviest page / the stock blank page. paste: a 10,000-row edit sent to the response"
    " assessment table over the websocket, ms to the refusal message; another session's reruns of a light"
    " page while the pastes run / between them."
)


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _phase(data: dict[str, Any], name: str, fn: Callable[[], Any]) -> None:
    started = time.perf_counter()
    try:
        data[name] = fn()
    except Exception as error:
        log(f"{name} failed: {type(error).__name__}: {error}")
        data.setdefault("failures", {})[name] = f"{type(error).__name__}: {error}"
    data.setdefault("phase_seconds", {})[name] = round(time.perf_counter() - started, 1)
    (RESULTS / "partial.json").write_text(json.dumps(data, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--replicas", action="store_true", help="two replicas behind nginx")
    # Issue 22, item 5 (benchmarks/rooms.py): a room of 100 phones on two replicas, nginx and Redis.
    parser.add_argument("--rooms", action="store_true", help="a room of 100 phones (benchmarks.rooms)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    parser.add_argument("--skip-settings", action="store_true", help="skip the settings evaluation")
    parser.add_argument(
        "--only",
        help=f"comma-separated phases out of {','.join(PHASES)} (JSON to results/only.json, not latest.json)",
    )
    args = parser.parse_args(argv)
    wanted = set(PHASES) if not args.only else {p.strip() for p in args.only.split(",")}
    if wanted - set(PHASES):
        parser.error(f"unknown phases: {', '.join(sorted(wanted - set(PHASES)))}")
    if args.skip_settings:
        wanted.discard("settings")
    RESULTS.mkdir(parents=True, exist_ok=True)
    # A terminated benchmark still stops the servers, nginx and Chromium it started (finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()

    if args.replicas:
        return replicas_main(started)
    if args.rooms:
        from benchmarks import rooms

        return rooms.main([])

    pages = _pages()
    data: dict[str, Any] = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "pages": [p.url_path for p in pages],
    }
    log(f"{len(pages)} pages: {', '.join(data['pages'])}")
    previous = RESULTS / "latest.json"
    if "rerun" in wanted or not previous.exists():
        _phase(data, "rerun", rerun_phase)
        candidates = {
            p.url_path: data.get("rerun", {}).get("server", {}).get(p.url_path, {}).get("median_ms") or 0.0
            for p in pages
        }
        heaviest_name = max(candidates, key=lambda k: candidates[k])
    else:
        earlier = json.loads(previous.read_text(encoding="utf-8"))
        heaviest_name = earlier.get("heaviest_page", "")
        data["rerun_sends"] = earlier.get("rerun", {}).get(heaviest_name, {}).get("sends")
    heaviest = next((p for p in pages if p.url_path == heaviest_name), pages[0])
    data["heaviest_page"] = heaviest.url_path
    log(f"heaviest page by rerun cost: {heaviest.url_path}")
    if {"browser", "cold"} & wanted and not shutil.which("chromium"):
        data.setdefault("failures", {})["browser"] = (
            "Debian chromium is not installed (apt-get install -y chromium)"
        )
    elif "browser" in wanted:
        _phase(data, "browser", lambda: browser_phase(pages))
    if "cold" in wanted and shutil.which("chromium"):
        _phase(data, "cold_start", cold_start_phase)
    if {"sessions", "settings"} & wanted:
        heaviest_sends = data.get("rerun", {}).get(heaviest.url_path, {}).get("sends")
        heaviest_sends = heaviest_sends or data.get("rerun_sends")
        _phase(data, "concurrency", lambda: concurrency_phase(heaviest, heaviest_sends))
    if "paste" in wanted:
        _phase(data, "paste", lambda: paste_phase(pages))
    if "settings" not in wanted:
        data.setdefault("skipped", {})["settings"] = "not asked for"
    elif time.perf_counter() - started > SETTINGS_DEADLINE_S:
        data.setdefault("skipped", {})["settings"] = (
            f"over {SETTINGS_DEADLINE_S} s already (machine busy?); run: python -m benchmarks --only settings"
        )
    else:
        _phase(data, "settings", lambda: settings_phase(heaviest, data.get("concurrency", {})))
    data["seconds"] = round(time.perf_counter() - started, 1)

    rows, budgets = evaluate(data)
    data["budgets"] = budgets
    data["table_markdown"] = markdown_table(rows)
    out = RESULTS / ("only.json" if args.only else "latest.json")
    out.write_text(json.dumps(data, indent=1), encoding="utf-8")
    (RESULTS / "partial.json").unlink(missing_ok=True)

    m = data["machine"]
    print(
        f"CRLM dashboard benchmark, {data['started']}: {m['cores']} cores ({m['cpu']}), {m['memory']}, "
        f"{m['os']}, "
        f"Python {m['python']}, Streamlit {m['streamlit']}, {m['chromium']}; load average at start "
        f"{m['load_average_at_start']}; {data['seconds']:.0f} s; heaviest page: {data['heaviest_page']}"
    )
    print()
    print(data["table_markdown"])
    print()
    print(LEGEND)
    passed = sum(1 for b in budgets if b["pass"])
    print(f"\nBudgets: {passed} of {len(budgets)} pass. JSON: {out}")
    for name, failure in data.get("failures", {}).items():
        print(f"NOT MEASURED {name}: {failure}")
    for name, reason in data.get("skipped", {}).items():
        print(f"SKIPPED {name}: {reason}")
    failed = any(b["pass"] is not True for b in budgets) or bool(data.get("failures"))
    return 1 if (args.strict and failed) else 0


def replicas_main(started: float) -> int:
    from benchmarks import replicas

    latest = RESULTS / "latest.json"
    page = "walkthrough"
    if latest.exists():
        page = json.loads(latest.read_text(encoding="utf-8")).get("heaviest_page", page)
    if page not in {p.url_path for p in _pages()}:
        page = _pages()[0].url_path
    log(f"two replicas behind nginx, page {page}")
    result = replicas.run(page)
    result["machine"] = machine()
    result["seconds"] = round(time.perf_counter() - started, 1)
    (RESULTS / "replicas.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    header = ["K", "p50 / p95 ms", "errors", "sessions per replica", "sticky", "RSS MB per replica"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    ok = True
    for r in result["rounds"]:
        spread = r["sessions_per_replica"]
        sticky = r["not_sticky"] == 0
        ok = ok and r["errors"] == 0 and len(spread) == result["replicas"] and sticky
        lines.append(
            f"| {r['k']} | {_fmt(r['p50_ms'])} / {_fmt(r['p95_ms'])} | {r['errors']} | "
            f"{', '.join(f'{k}: {v}' for k, v in sorted(spread.items()))} | "
            f"{'yes' if sticky else 'NO'} ({r['routes']} browsers) | "
            f"{', '.join(f'{k}: {v}' for k, v in sorted(r['rss_mb'].items()))} |"
        )
    static = result.get("static", {})
    compressed = static.get("gzip_encoding") == "gzip" and static.get("identity_encoding") == "none"
    cached = static.get("gzip_cache") == "HIT" and static.get("identity_cache") == "HIT"
    visit = result.get("browser", {})
    ok = ok and compressed and cached and "rendered_ms" in visit
    print(f"Two replicas of app.py behind nginx (deploy/nginx.conf), page {page}, {result['seconds']:.0f} s")
    print("\n".join(lines))
    print(
        f"\nStatic JavaScript through nginx ({static.get('path', 'n/a')}): "
        f"{_fmt(static.get('gzip_bytes', 0) / 1024)} KB as {static.get('gzip_encoding', 'n/a')}, "
        f"{_fmt(static.get('identity_bytes', 0) / 1024)} KB uncompressed; nginx cache: "
        f"{static.get('gzip_cache', 'n/a')}, {static.get('identity_cache', 'n/a')}"
        + ("" if "error" not in static else f" ({static['error']})")
    )
    print(
        "Home page opened through nginx in Chromium: "
        + (f"rendered in {visit['rendered_ms']} ms" if "rendered_ms" in visit else visit.get("error", "n/a"))
    )
    print(
        f"\nReplica check: {'pass' if ok else 'FAIL'} (zero errors, sessions on both replicas, every browser "
        "sticky, static files compressed and cached, the page renders in a browser through the proxy)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
