"""Warm rerun cost: through a real server (the budget), and in-process through AppTest; prints JSON.

    python -m benchmarks.rerun [RUNS [WARMUP [CACHED_RUNS]]]

Through the server: the blank page and the app each run by ``streamlit run`` with the app's config and runtime
fix; one websocket session at a time sends ``rerun_script`` and reads every ForwardMsg up to
``script_finished``, which is what a browser waits for after a widget change. Pages and the blank page are
interleaved in rounds, so that load from other processes falls on all of them alike.

The blank one-line page and every page of crlm_content.site.PAGES (read at run time). Each page:
AppTest.from_file('app.py'), run, switch_page, run, then warm-up reruns, then timed ``at.run()``.
AppTest compiles the page scripts again on every run (it makes a new ScriptCache per run; a server keeps one
per process), so a second, shorter series times the same reruns with one shared ScriptCache: the server's
case.

Reference rows: each page's rerun also records the elements it sends (``message_kind``: kinds and counts),
and the server series reruns stock Streamlit sending the same elements (``apps/blank_sends.py``) beside it,
interleaved: Streamlit's own price for what the page shows.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from benchmarks.common import APPS, ROOT, median, percentile


def _summary(times: list[float]) -> dict[str, Any]:
    return {"median_ms": median(times), "p95_ms": percentile(times, 95), "n": len(times), "samples_ms": times}


def _share_script_cache() -> None:
    """Make AppTest keep compiled scripts across runs, as a server's Runtime does."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared  # type: ignore[attr-defined,assignment]
    local_script_runner.ScriptCache = lambda: shared  # type: ignore[attr-defined,assignment]


def message_kind(msg: Any) -> str:
    """A ForwardMsg's kind as ``apps/blank_sends.py`` reads it: the element type of a new element (a data
    editor is ``dataframe/editor``), ``block/<type>`` of a new block, else the message or delta type."""
    kind = str(msg.WhichOneof("type"))
    if kind != "delta":
        return kind
    delta = msg.delta.WhichOneof("type")
    if delta == "add_block":
        return f"block/{msg.delta.add_block.WhichOneof('type')}"
    if delta != "new_element":
        return str(delta)
    element = msg.delta.new_element
    kind = str(element.WhichOneof("type"))
    return "dataframe/editor" if kind == "dataframe" and element.dataframe.editing_mode else kind


def sends(at: Any) -> dict[str, int]:
    """The kinds and counts of the messages one rerun of ``at`` sends."""
    from streamlit.runtime.scriptrunner import script_runner

    counted: Counter[str] = Counter()
    original = script_runner.ScriptRunner._enqueue_forward_msg

    def enqueue(self: Any, msg: Any) -> None:
        counted[message_kind(msg)] += 1
        original(self, msg)

    script_runner.ScriptRunner._enqueue_forward_msg = enqueue  # type: ignore[method-assign]
    try:
        at.run()
    finally:
        script_runner.ScriptRunner._enqueue_forward_msg = original  # type: ignore[method-assign]
    return dict(counted)


def sends_query(counted: dict[str, int]) -> str:
    """The query string that has ``apps/blank_sends.py`` send these elements."""
    return urlencode({"sends": ",".join(f"{kind}:{n}" for kind, n in sorted(counted.items()))})


def measure(runs: int, warmup: int, cached_runs: int) -> dict[str, Any]:
    """The blank page and every registered page, interleaved round-robin so that load from other processes
    on the machine falls on all of them alike; then, if ``cached_runs``, the same with one ScriptCache."""
    from streamlit.testing.v1 import AppTest

    from crlm_content import site
    from devtools.apptest import open_page

    targets: dict[str, Any] = {}
    results: dict[str, Any] = {}
    blank = AppTest.from_file(str(APPS / "blank.py"), default_timeout=60)
    blank.run()
    targets["blank"] = blank
    results["blank"] = {"path": "benchmarks/apps/blank.py", "title": "blank page"}
    for page in site.PAGES:  # read now: other engineers append pages
        results[page.url_path] = {"path": page.path, "title": page.title}
        try:
            at = open_page(page.path)
            targets[page.url_path] = at
        except Exception as error:  # a page mid-edit must not stop the whole benchmark
            results[page.url_path]["error"] = f"{type(error).__name__}: {error}"

    def series(rounds: int, skip: int) -> dict[str, list[float]]:
        samples: dict[str, list[float]] = {name: [] for name in targets}
        names = list(targets)
        for round_number in range(rounds):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                start = time.perf_counter()
                try:
                    targets[name].run()
                except Exception as error:
                    results[name]["error"] = f"{type(error).__name__}: {error}"
                    continue
                if round_number >= skip:
                    samples[name].append((time.perf_counter() - start) * 1000)
        return samples

    samples = series(warmup + runs, warmup)
    for name, at in targets.items():
        results[name].update(_summary(samples[name]))
        if at.exception and "error" not in results[name]:
            results[name]["error"] = str(at.exception[0].message)[:200]
        if name != "blank":
            results[name]["sends"] = sends(at)
    if cached_runs:
        _share_script_cache()
        cached = series(cached_runs + 1, 1)
        for name in targets:
            results[name]["cached"] = _summary(cached[name])
    return results


SERVER_ROUNDS = 3


def measure_server(
    runs: int, rounds: int = SERVER_ROUNDS, page_sends: dict[str, dict[str, int]] | None = None
) -> dict[str, Any]:
    """Warm reruns through the websocket protocol: ``rounds`` sessions per target, each a first run (not
    counted) then ``runs // rounds`` (at least 1) timed reruns; targets interleaved round-robin. With
    ``page_sends`` (page -> the elements it sends), also stock Streamlit sending each page's elements
    (target ``sends:<page>``)."""
    from benchmarks import sessions
    from benchmarks.common import LAUNCH
    from crlm_content import site
    from devtools.server import start_server, stop_server

    per_round = max(1, -(-runs // rounds))
    blank = start_server("rerun-blank", APPS / "blank.py", launcher=LAUNCH)
    servers = [blank]
    try:
        app = start_server("rerun-app", ROOT / "app.py")
        servers.append(app)
        reference = (
            start_server("rerun-sends", APPS / "blank_sends.py", launcher=LAUNCH) if page_sends else None
        )
        servers += [reference] if reference else []
    except Exception:
        for server in servers:
            stop_server(server)
        raise
    targets = [("blank", blank.url, "", "")]
    targets += [(p.url_path, app.url, "" if p.default else p.url_path, "") for p in site.PAGES]
    if reference is not None and page_sends:
        targets += [(f"sends:{page}", reference.url, "", sends_query(n)) for page, n in page_sends.items()]
    samples: dict[str, list[float]] = {name: [] for name, _, _, _ in targets}
    errors: dict[str, list[str]] = {name: [] for name, _, _, _ in targets}
    try:
        for round_number in range(rounds):
            shift = round_number % len(targets)
            for name, url, page_name, query in targets[shift:] + targets[:shift]:
                result = sessions.run_round(url, page_name, 1, reruns=per_round, query_string=query).results[
                    0
                ]
                samples[name] += result.rerun_ms
                errors[name] += result.errors
    finally:
        for server in servers:
            stop_server(server)
    out: dict[str, Any] = {}
    for name, values in samples.items():
        out[name] = _summary(values) if values else {}
        if errors[name]:
            out[name]["error"] = "; ".join(sorted(set(errors[name])))[:200]
    return out


def main(argv: list[str]) -> None:
    runs = int(argv[0]) if argv else 20
    warmup = int(argv[1]) if len(argv) > 1 else 2
    cached_runs = int(argv[2]) if len(argv) > 2 else 10
    result = measure(runs, warmup, cached_runs)
    page_sends = {name: r["sends"] for name, r in result.items() if r.get("sends")}
    result["server"] = measure_server(max(runs, 24), page_sends=page_sends)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
