"""Start-up reads every data file (issue 24, item 5): a file added to data/ that no loader reads, or a loader
left off ``startup.validate_all``, would be validated only when a page first opens it."""

from __future__ import annotations

from pathlib import Path

import pytest

from crlm_content.catalog import CHECKOUT_DATA_DIR, load_catalog
from crlm_content.coverage import REVIEW_NUMBERS_FILE
from crlm_content.startup import validate_all

# Read by the development checks only (the coverage test), never by the app: the review's numbers by section.
NOT_READ_BY_THE_APP = {REVIEW_NUMBERS_FILE}


def test_start_up_reads_every_data_file(monkeypatch: pytest.MonkeyPatch) -> None:
    read: set[Path] = set()
    read_text, open_ = Path.read_text, Path.open

    def recording_read_text(self: Path, *args: object, **kwargs: object) -> str:
        read.add(self.resolve())
        return read_text(self, *args, **kwargs)  # type: ignore[arg-type]

    def recording_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        read.add(self.resolve())
        return open_(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "read_text", recording_read_text)
    monkeypatch.setattr(Path, "open", recording_open)
    validate_all(load_catalog(CHECKOUT_DATA_DIR))
    files = {
        path.resolve()
        for path in CHECKOUT_DATA_DIR.rglob("*")
        if path.is_file() and path.name not in NOT_READ_BY_THE_APP
    }
    assert files, CHECKOUT_DATA_DIR
    assert sorted(str(p.relative_to(CHECKOUT_DATA_DIR.resolve())) for p in files - read) == []
