"""The app in Streamlit's AppTest, opened on one page, as the tests and the benchmarks open it."""

from __future__ import annotations

from typing import Any

from devtools.server import APP


def open_page(path: str, timeout: float = 60) -> Any:
    """An AppTest of the app, run once and switched to the page at ``path`` (relative to ``app.py``).

    AppTest starts on the default page; switching to the default page's script would pick its hidden
    ``/home`` alias (registered under the file's name), which moves to ``/`` in one more run."""
    from streamlit.testing.v1 import AppTest

    from crlm_content import site

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()
    if not any(spec.default and spec.path == path for spec in site.PAGES):
        at.switch_page(path).run()
    return at
