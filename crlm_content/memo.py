"""The memo policy: content is loaded once per process and never evicted; a bounded memo holds per-input
results.

- Content (the catalog, and each feature's file such as the guideline comparison or the walkthrough's
  presets) lives as long as the process: ``catalog.get_catalog`` keeps one catalog per data folder, and
  ``content`` keeps a feature's content on that catalog. Nothing a reader does can evict it, so it is never
  validated twice.
- Per-input results (figures, frames, Arrow tables, per-query text) go through ``cached``: a bounded memo of
  ``CACHE_SIZE`` entries, where a reader's typing may push out older results, which are cheap to build again.

Every widget change reruns the whole page; most reruns leave a chart's or a table's inputs unchanged. A
builder called through ``cached`` runs once per distinct input and process, and every session gets the same
object: callers must never change what it returns (nor what ``content`` returns).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

from .catalog import Catalog

T = TypeVar("T")
CACHE_SIZE = 128


class _Identity:
    """Keys by identity a large or unhashable object that lives as long as the process: the catalog."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Identity) and other.value is self.value


def same(value: object) -> object:
    """Key ``value`` by identity in ``cached`` (a frame ``cached`` returned, for a conversion of it).

    The memo holds the value while its entry lives, so its identity cannot be reused meanwhile."""
    return _Identity(value)


def _unwrap(value: object) -> object:
    return value.value if isinstance(value, _Identity) else value


def _key(value: object) -> object:
    """The catalog, and classes that say ``__memo_identity__ = True``, are keyed by identity."""
    if isinstance(value, _Identity):
        return value
    by_identity = isinstance(value, Catalog) or getattr(type(value), "__memo_identity__", False)
    return _Identity(value) if by_identity else value


@functools.lru_cache(maxsize=CACHE_SIZE)
def _build(
    builder: Callable[..., object], args: tuple[object, ...], kwargs: tuple[tuple[str, object], ...]
) -> object:
    return builder(*(_unwrap(a) for a in args), **{name: _unwrap(v) for name, v in kwargs})


_uncached_builds = 0


def cached(builder: Callable[..., T], /, *args: object, **kwargs: object) -> T:
    """``builder(*args, **kwargs)``, built once per distinct input (the catalog counts by identity).

    Arguments that cannot be hashed (a list, a dict) build afresh every time: pass tuples, frozensets and
    frozen dataclasses.
    """
    global _uncached_builds
    key_args = tuple(_key(a) for a in args)
    key_kwargs = tuple(sorted((name, _key(v)) for name, v in kwargs.items()))
    try:
        hash((builder, key_args, key_kwargs))
    except TypeError:
        _uncached_builds += 1
        return builder(*args, **kwargs)
    return _build(builder, key_args, key_kwargs)  # type: ignore[return-value]


def builds() -> int:
    """How many times this process has run a builder through ``cached`` (a warm rerun adds none)."""
    return _build.cache_info().misses + _uncached_builds


_CONTENT_LOCK = threading.Lock()


def content(loader: Callable[..., T], catalog: Catalog, /, *args: object) -> T:
    """``loader(catalog, *args)``, loaded once per catalog and kept as long as the catalog (the process): for
    content read from the data folder, which the bounded memo of ``cached`` could evict."""
    key = (loader, args)
    store = catalog.content_store
    with _CONTENT_LOCK:
        if key not in store:
            store[key] = loader(catalog, *args)
        return store[key]  # type: ignore[return-value]
