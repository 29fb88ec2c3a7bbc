"""Process-wide memo for pure builders whose output every session can share (figures, tables).

Every widget change reruns the whole page; most reruns leave a chart's or a table's inputs unchanged. A
builder called through ``cached`` runs once per distinct input and process, and every session gets the same
object: callers must never change what it returns.
"""

from __future__ import annotations

import functools
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
