"""Development helpers shared by the tests and the benchmarks: a Streamlit server on a free loopback port,
Debian's Chromium through Playwright, and Debian's nginx running deploy/nginx.conf in front of replicas; and
the maintainers' generators of data files (``python -m devtools.build_references``, ``python -m
devtools.extract_review_numbers``).

Not part of the product: the wheel packages only ``crlm_*`` (pyproject.toml), and the layer test
(tests/unit/test_layers.py) keeps the product from importing this package. It may import the product.
"""
