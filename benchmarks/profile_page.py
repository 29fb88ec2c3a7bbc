"""Where a page's rerun time goes: `python -m benchmarks.profile_page walkthrough [imaging ...]`.

Profiles warm reruns of each named page (url_path from crlm_content.site.PAGES; none = every page) in the
script thread, with compiled scripts kept as a server keeps them. Prints per rerun: the time, the messages
the run sent by element type, and the project functions (app.py, app_pages/, crlm_app/, crlm_content/)
with the largest cumulative time. cProfile roughly doubles the times: read them as shares.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from collections import Counter
from typing import Any

from benchmarks.common import ROOT
from benchmarks.rerun import _share_script_cache, message_kind

RUNS = 10


def profile(url_path: str, runs: int = RUNS) -> str:
    from streamlit.runtime.scriptrunner import script_runner

    from crlm_content import site
    from devtools.apptest import open_page

    page = next(p for p in site.PAGES if p.url_path == url_path)
    profiler = cProfile.Profile()
    active = [False]
    messages: Counter[str] = Counter()
    original = script_runner.ScriptRunner._run_script
    original_enqueue = script_runner.ScriptRunner._enqueue_forward_msg

    def enqueue(self: Any, msg: Any) -> None:
        messages[message_kind(msg)] += 1
        original_enqueue(self, msg)

    def run_script(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not active[0]:
            return original(self, *args, **kwargs)
        profiler.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            profiler.disable()

    script_runner.ScriptRunner._run_script = run_script  # type: ignore[method-assign]
    script_runner.ScriptRunner._enqueue_forward_msg = enqueue  # type: ignore[method-assign]
    try:
        at = open_page(page.path)
        for _ in range(3):
            at.run()
        messages.clear()
        start = time.perf_counter()
        for _ in range(runs):
            at.run()
        plain_ms = (time.perf_counter() - start) * 1000 / runs
        per_run = sum(messages.values()) / runs
        by_kind = ", ".join(f"{name} x{count / runs:.0f}" for name, count in messages.most_common(8))
        active[0] = True
        for _ in range(runs):
            at.run()
        active[0] = False
    finally:
        script_runner.ScriptRunner._run_script = original  # type: ignore[method-assign]
        script_runner.ScriptRunner._enqueue_forward_msg = original_enqueue  # type: ignore[method-assign]

    stats = pstats.Stats(profiler)
    own: list[tuple[float, int, str]] = []
    for (filename, line, name), (_, ncalls, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if filename.startswith(str(ROOT)) and "/.venv/" not in filename and "/benchmarks/" not in filename:
            label = f"{filename.removeprefix(str(ROOT) + '/')}:{line}({name})"
            own.append((cumulative * 1000 / runs, ncalls // runs, label))
    own.sort(reverse=True)
    lines = [
        f"== {url_path} ({page.path}): {plain_ms:.1f} ms per warm rerun without the profiler, "
        f"{per_run:.0f} messages sent per rerun",
        f"   messages per rerun: {by_kind}",
        "   project code, cumulative ms per rerun (profiled) / calls per rerun:",
    ]
    lines += [f"   {ms:7.1f} ms {calls:5d}x  {label}" for ms, calls, label in own[:15]]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    from crlm_content import site

    known = [p.url_path for p in site.PAGES]
    unknown = [name for name in argv if name not in known]
    if unknown:
        raise SystemExit(f"unknown page {', '.join(unknown)}: choose from {', '.join(known)}")
    _share_script_cache()
    names = argv or known
    for name in names:
        print(profile(name), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
