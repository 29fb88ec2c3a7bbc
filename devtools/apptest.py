"""The app in Streamlit's AppTest, opened on one page, as the tests and the benchmarks open it."""

from __future__ import annotations

from typing import Any

from devtools.server import APP


def open_page(path: str, timeout: float = 60, params: dict[str, str] | None = None) -> Any:
    """An AppTest of the app on the page at ``path`` (relative to ``app.py``), run as a visitor opening its
    link (with ``params``) gets it: the tests' ``run_page`` and the benchmarks open pages this one way.

    AppTest starts on the default page; switching to the default page's script would pick its hidden
    ``/home`` alias (registered under the file's name), which moves to ``/`` in one more run. So another page
    is opened bare first (an exception there is raised, naming it), then switched to with the link's
    parameters."""
    from streamlit.testing.v1 import AppTest

    from crlm_content import site

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    if not any(spec.default and spec.path == path for spec in site.PAGES):
        at.run()
        if at.exception:
            raise AssertionError(f"the default page failed before opening {path}: {at.exception}")
        at.switch_page(path)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    return at
