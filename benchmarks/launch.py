"""`streamlit` with the app's runtime fix (perf_patches) loaded first.

The benchmark starts its blank floor pages this way, so that they differ from the app only by the page: same
config (.streamlit/config.toml of the repository) and same runtime fix. The stock blank page of the
concurrency rows is started with plain `python -m streamlit` from an empty folder instead.
"""

from __future__ import annotations

from streamlit.web.cli import main

from crlm_app.runtime import perf_patches

if __name__ == "__main__":
    perf_patches.apply()
    main(prog_name="streamlit")
