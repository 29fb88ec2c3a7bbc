"""The order answer options are shown in: a seeded shuffle, the same in every process.

In the data the right answer is usually written first; shown in file order, "always pick the first" would
score most of the quiz. Every surface (quiz, case library, grand rounds) shows the options in
``option_order(seed, ...)`` and maps the chosen displayed option back to the original one, so grading, stored
answers and vote counts keep the original option indexes.

- The seed is a text (the quiz set's seed and the question's key; the case and stage; the room, case and
  stage): one seed always gives the same order, in any process (a SHA-256 of the text seeds
  ``random.Random``, never Python's salted ``hash()``), so a shared link and every phone in a room agree.
- ``ordered``: a list whose order carries meaning (the RECIST categories CR/PR/SD/PD, thresholds or counts
  in increasing order) is shown as written; the data says which (``ordered: true``), nothing is guessed.
- ``last``: options that speak about the others ("None of them", "All three equally") stay after the
  shuffled rest, in the order written.

Pure Python (no streamlit).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Collection


def seed_number(seed: str) -> int:
    """A whole number from the seed text, the same in every process and on every platform."""
    return int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:8], "big")


def option_order(
    seed: str, count: int, *, ordered: bool = False, last: Collection[int] = ()
) -> tuple[int, ...]:
    """The original indexes of ``count`` options in the order they are shown: position ``p`` shows option
    ``order[p]``. A permutation of ``range(count)``; ``ordered`` keeps the written order; the indexes in
    ``last`` follow the shuffled rest in their written order. A negative count or an index in ``last``
    outside the options raises ``ValueError``."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"count must be a whole number of options, got {count!r}")
    if any(isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < count for i in last):
        raise ValueError(f"last: every index must be one of the {count} options, got {list(last)!r}")
    pinned = sorted(set(last))
    if ordered:
        return tuple(range(count))
    rest = [i for i in range(count) if i not in pinned]
    random.Random(seed_number(seed)).shuffle(rest)
    return (*rest, *pinned)


__all__ = ["option_order", "seed_number"]
