"""The Streamlit side of the dashboard: the only package that imports streamlit.

- ``frame``: navigation, the share panel, the disclaimer, the content-error page;
- ``content``: the one catalog per process and glossary help;
- ``state``: each page's keys (``PageKeys``), URL state, callbacks;
- ``layout``: lazy expanders and tabs; ``markup``: escaping and icons;
- ``evidence``: the one way to show a record and cite it; ``tables`` and ``charts``;
- ``editable`` and ``table_guard``: editable tables and dates kept in the URL, with their limits;
- ``inputs``: number inputs that show their value exactly and say in place when it is out of range;
- ``runtime``: admission of runs, the gc policy and guarded Streamlit fixes (``runtime.install()``);
- ``rounds``: the grand-rounds room on screen (stages, votes, reveals); ``polls``: the room's poll store
  (SQLite, or Redis for several replicas), which imports no streamlit itself but lives beside the only code
  that uses it.

Pages (``app_pages/``) are thin scripts over these and over the pure ``crlm_content``.
"""
