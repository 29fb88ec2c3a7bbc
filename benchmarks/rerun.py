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
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

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


def measure(runs: int, warmup: int, cached_runs: int) -> dict[str, Any]:
    """The blank page and every registered page, interleaved round-robin so that load from other processes
    on the machine falls on all of them alike; then, if ``cached_runs``, the same with one ScriptCache."""
    from streamlit.testing.v1 import AppTest

    from crlm_content import site

    targets: dict[str, Any] = {}
    results: dict[str, Any] = {}
    blank = AppTest.from_file(str(APPS / "blank.py"), default_timeout=60)
    blank.run()
    targets["blank"] = blank
    results["blank"] = {"path": "benchmarks/apps/blank.py", "title": "blank page"}
    for page in site.PAGES:  # read now: other engineers append pages
        results[page.url_path] = {"path": page.path, "title": page.title}
        try:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            at.run()
            at.switch_page(page.path).run()
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
    if cached_runs:
        _share_script_cache()
        cached = series(cached_runs + 1, 1)
        for name in targets:
            results[name]["cached"] = _summary(cached[name])
    return results


SERVER_ROUNDS = 3


def measure_server(runs: int, rounds: int = SERVER_ROUNDS) -> dict[str, Any]:
    """Warm reruns through the websocket protocol: ``rounds`` sessions per target, each a first run (not
    counted) then ``runs // rounds`` (at least 1) timed reruns; targets interleaved round-robin."""
    from benchmarks import sessions
    from benchmarks.common import LAUNCH
    from crlm_content import site
    from devtools.server import start_server, stop_server

    per_round = max(1, -(-runs // rounds))
    blank = start_server("rerun-blank", APPS / "blank.py", launcher=LAUNCH)
    try:
        app = start_server("rerun-app", ROOT / "app.py")
    except Exception:
        stop_server(blank)
        raise
    targets = [("blank", blank.url, "")]
    targets += [(p.url_path, app.url, "" if p.default else p.url_path) for p in site.PAGES]
    samples: dict[str, list[float]] = {name: [] for name, _, _ in targets}
    errors: dict[str, list[str]] = {name: [] for name, _, _ in targets}
    try:
        for round_number in range(rounds):
            shift = round_number % len(targets)
            for name, url, page_name in targets[shift:] + targets[:shift]:
                result = sessions.run_round(url, page_name, 1, reruns=per_round).results[0]
                samples[name] += result.rerun_ms
                errors[name] += result.errors
    finally:
        stop_server(app)
        stop_server(blank)
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
    result["server"] = measure_server(max(runs, 24))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
