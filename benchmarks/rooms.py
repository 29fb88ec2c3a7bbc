"""A room under load (issue 22, item 5): phones of one room on two replicas behind nginx, sharing Redis.

    python -m benchmarks.rooms      # 100 phones; a table on stdout, JSON in benchmarks/results/rooms.json
    python -m benchmarks.rooms 30   # another number of phones
    python -m benchmarks.rooms --cold   # the replicas' first page run is the room's own (fresh replicas)

The simulation and its figures are ``devtools.room`` (the browser-layer test runs it small).
"""

from __future__ import annotations

import json
import sys

from benchmarks.common import RESULTS
from devtools.room import PHONES, run, table


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    cold = "--cold" in args
    numbers = [a for a in args if a != "--cold"]
    phones = int(numbers[0]) if numbers else PHONES
    result = run(phones, warm=not cold)
    print(table(result))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / ("rooms-cold.json" if cold else "rooms.json")).write_text(
        json.dumps(result, indent=1), encoding="utf-8"
    )
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
