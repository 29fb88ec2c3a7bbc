"""The shared memo (figures, tables): built once per distinct input, shared, never the wrong object."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest

from crlm_app import tables
from crlm_content import get_catalog
from crlm_content.figures import cached_figure
from crlm_content.memo import builds as figure_builds

CALLS: list[tuple[object, ...]] = []


def _bar(*values: float, title: str = "") -> go.Figure:
    CALLS.append((values, title))
    return go.Figure(go.Bar(y=list(values)), layout={"title": {"text": title}})


def test_same_input_is_built_once_and_shared() -> None:
    CALLS.clear()
    first = cached_figure(_bar, 1.0, 2.0, title="same")
    second = cached_figure(_bar, 1.0, 2.0, title="same")
    assert first is second
    assert CALLS == [((1.0, 2.0), "same")]


def test_different_inputs_get_their_own_figure() -> None:
    CALLS.clear()
    one = cached_figure(_bar, 1.0, title="a")
    other = cached_figure(_bar, 1.0, title="b")
    third = cached_figure(_bar, 3.0, title="a")
    assert len(CALLS) == 3
    assert one.layout.title.text == "a" and other.layout.title.text == "b"
    assert tuple(third.data[0].y) == (3.0,)


def test_unhashable_input_is_built_every_time_and_counted() -> None:
    def from_list(values: list[float]) -> go.Figure:
        return go.Figure(go.Bar(y=values))

    before = figure_builds()
    first = cached_figure(from_list, [1.0, 2.0])
    second = cached_figure(from_list, [1.0, 2.0])
    assert first is not second
    assert figure_builds() == before + 2


def test_catalog_is_keyed_by_identity() -> None:
    catalog = get_catalog()

    def count(cat: object) -> go.Figure:
        assert cat is catalog
        return go.Figure(go.Bar(y=[len(catalog.evidence)]))

    before = figure_builds()
    assert cached_figure(count, catalog) is cached_figure(count, catalog)
    assert figure_builds() == before + 1


def _columns(value: list[int], *names: str) -> tuple[int, tuple[str, ...]]:
    CALLS.append((id(value), names))
    return len(value), names


def test_same_keys_an_unhashable_value_by_identity() -> None:
    from crlm_content.memo import cached, same

    CALLS.clear()
    value, twin = [1, 2], [1, 2]  # equal, but two objects
    first = cached(_columns, same(value), "a")
    assert cached(_columns, same(value), "a") is first  # the same object: built once
    cached(_columns, same(twin), "a")  # an equal but distinct object is its own entry
    cached(_columns, same(value), "b")
    built = list(CALLS)
    assert built == [(id(value), ("a",)), (id(twin), ("a",)), (id(value), ("b",))]


def test_arrow_table_of_a_shared_frame_is_converted_once() -> None:
    import pandas as pd
    import pyarrow as pa

    frame = pd.DataFrame({"study": ["A", "B"], "year": [1999, 2009], "note": ["x", "y"]})
    table = tables.arrow(frame, ("study", "year"))
    assert isinstance(table, pa.Table)
    assert table.column_names == ["study", "year"]
    assert table.to_pydict() == {"study": ["A", "B"], "year": [1999, 2009]}
    before = figure_builds()
    assert tables.arrow(frame, ("study", "year")) is table
    assert figure_builds() == before


def test_a_readers_typing_cannot_evict_the_guideline_content(monkeypatch: pytest.MonkeyPatch) -> None:
    """Content is loaded once per process; only per-input results share the bounded memo."""
    from crlm_content import guidelines as gl
    from crlm_content import load_catalog, memo
    from crlm_content.catalog import DATA_DIR
    from crlm_content.guidelines import loader

    loads: list[object] = []
    parse = loader._parse

    def counting_parse(root: Path) -> object:
        loads.append(root)
        return parse(root)

    monkeypatch.setattr(loader, "_parse", counting_parse)
    catalog = load_catalog(DATA_DIR)  # a catalog of its own, so the count starts here
    first = gl.load_content(catalog)
    assert len(loads) == 1
    for query in range(memo.CACHE_SIZE * 2):  # every keystroke a new per-input result
        memo.cached(len, f"query {query}")
    assert gl.load_content(catalog) is first
    assert len(loads) == 1  # not parsed and validated again


def test_one_catalog_per_data_folder() -> None:
    from crlm_content import get_catalog, guidelines
    from crlm_content.catalog import data_dir

    catalog = get_catalog()
    assert get_catalog(data_dir()) is catalog
    assert guidelines.content().catalog is catalog  # the guideline content reads the same catalog
