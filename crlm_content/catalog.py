"""Load, validate and cross-check the content in ``data/``; one Catalog per process."""

from __future__ import annotations

import csv
import functools
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from . import checkout
from .models import Caveat, Evidence, GlossaryTerm, Reference, TableOneItem
from .primary_sources import GLOSSARY_PRIMARY_SOURCES

_PACKAGE = Path(__file__).resolve().parent
# A checkout (or an editable install): data/ at the repository root, the one copy to edit.
CHECKOUT_DATA_DIR = _PACKAGE.parent / "data"
# An installed wheel: the same folder shipped inside the package (pyproject.toml, wheel force-include).
PACKAGED_DATA_DIR = _PACKAGE / "_data"


def _default_data_dir() -> Path:
    """The checkout's data/ when this package runs from a checkout (``checkout.checkout_root``), else the
    copy shipped in the wheel."""
    root = checkout.checkout_root()
    return root / "data" if root is not None else PACKAGED_DATA_DIR


DATA_DIR = _default_data_dir()

M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """A data file is malformed; the message names the file, the record and the field."""

    def __init__(self, file: str, record: str | None, field_name: str | None, problem: str) -> None:
        self.file = file
        self.record = record
        self.field = field_name
        self.problem = problem
        where = file
        if record is not None:
            where += f": record '{record}'"
        if field_name is not None:
            where += f": field '{field_name}'"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Catalog:
    """All validated content, indexed for lookup."""

    evidence: tuple[Evidence, ...]
    references: tuple[Reference, ...]
    caveats: tuple[Caveat, ...]
    glossary: tuple[GlossaryTerm, ...]
    table_one: tuple[TableOneItem, ...]
    evidence_file: Mapping[str, str] = field(default_factory=dict)
    root: Path = DATA_DIR  # the folder it was read from: the features' files are read from the same one
    # Each feature's content (guidelines, presets), loaded once per catalog (``memo.content``); never evicted.
    content_store: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    @functools.cached_property
    def evidence_by_id(self) -> dict[str, Evidence]:
        return {record.id: record for record in self.evidence}

    @functools.cached_property
    def reference_by_number(self) -> dict[int, Reference]:
        return {ref.number: ref for ref in self.references}

    @functools.cached_property
    def caveats_by_evidence(self) -> dict[str, tuple[Caveat, ...]]:
        index: dict[str, list[Caveat]] = {}
        for caveat in self.caveats:
            for evidence_id in caveat.evidence_ids:
                index.setdefault(evidence_id, []).append(caveat)
        return {key: tuple(value) for key, value in index.items()}

    @functools.cached_property
    def glossary_index(self) -> dict[str, GlossaryTerm]:
        """Every term and alias, case-folded, to its entry (built once per catalog)."""
        index: dict[str, GlossaryTerm] = {}
        for term in self.glossary:
            index.setdefault(term.term.casefold(), term)
            for alias in term.aliases:
                index.setdefault(alias.casefold(), term)
        return index

    def get(self, evidence_id: str) -> Evidence:
        """The record with this id; KeyError names the id when it is missing."""
        try:
            return self.evidence_by_id[evidence_id]
        except KeyError:
            raise KeyError(f"no evidence record with id {evidence_id!r}") from None

    def caveats_for(self, evidence_id: str) -> tuple[Caveat, ...]:
        return self.caveats_by_evidence.get(evidence_id, ())


def data_file_name(path: Path, root: Path) -> str:
    try:
        return f"data/{path.relative_to(root).as_posix()}"
    except ValueError:
        return str(path)


# libyaml's safe loader parses the content about ten times faster than the pure-Python one (start-up time).
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, root: Path) -> Any:
    name = data_file_name(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(name, None, None, f"cannot read file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise ContentError(name, None, None, "file is not valid UTF-8") from exc
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)  # a safe loader (libyaml's when built with it)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise ContentError(name, None, None, f"invalid YAML{where}: {problem}") from exc


def _read_csv(path: Path, root: Path) -> list[dict[str, Any]]:
    name = data_file_name(path, root)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = list(csv.reader(handle, strict=True))
    except csv.Error as exc:
        raise ContentError(name, None, None, f"invalid CSV: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ContentError(name, None, None, "file is not valid UTF-8") from exc
    except OSError as exc:
        raise ContentError(name, None, None, f"cannot read file ({exc.strerror})") from exc
    if not lines:
        raise ContentError(name, None, None, "file is empty")
    header, rows = lines[0], []
    for line_no, cells in enumerate(lines[1:], start=2):
        if not cells:
            continue
        if len(cells) != len(header):
            raise ContentError(
                name, f"line {line_no}", None, f"row has {len(cells)} cells but the header has {len(header)}"
            )
        rows.append({key: (cell if cell != "" else None) for key, cell in zip(header, cells, strict=True)})
    return rows


def validate_record(model: type[M], raw: Any, file: str, index: int, key: Callable[[Any], str | None]) -> M:
    record = key(raw) if isinstance(raw, dict) else None
    label = record if record is not None else f"#{index + 1}"
    if not isinstance(raw, dict):
        raise ContentError(file, label, None, f"expected a mapping of fields, got {type(raw).__name__}")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(part) for part in first["loc"]) or None
        message = first["msg"].removeprefix("Value error, ")
        head, _, rest = message.partition(": ")
        if rest and re.fullmatch(r"[a-z_]+", head):
            loc, message = (f"{loc}.{head}" if loc else head), rest
        if first["type"] == "missing":
            message = "required field is missing"
        elif first["type"] == "extra_forbidden":
            message = "unknown field"
        elif "input" in first and first["type"] not in ("value_error", "assertion_error"):
            message = f"{message} (got {first['input']!r})"
        more = len(exc.errors()) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''} in this record)"
        raise ContentError(file, label, loc, message) from exc


def _records(raw: Any, file: str, what: str = "records") -> list[Any]:
    if raw is None:
        raise ContentError(file, None, None, "file is empty")
    if not isinstance(raw, list):
        raise ContentError(file, None, None, f"expected a list of {what}, got {type(raw).__name__}")
    return raw


def load_records(path: Path, root: Path, model: type[M], key_field: str, what: str = "records") -> list[M]:
    """The records of one data file (a YAML list, or a CSV), each validated as ``model``; a ContentError
    names the file, the record (by ``key_field``) and the field. Every loader of a list of records reads
    its file this one way (``what``: the records' name in a message, "expected a list of studies")."""
    name = data_file_name(path, root)
    raw = _read_csv(path, root) if path.suffix == ".csv" else _records(read_yaml(path, root), name, what)
    return [
        validate_record(
            model, item, name, i, lambda r: None if r.get(key_field) is None else str(r.get(key_field))
        )
        for i, item in enumerate(raw)
    ]


def check_unique(items: Iterable[tuple[str, str]], what: str) -> None:
    """(file, key) pairs: a key seen twice is a ContentError naming it, its field and where it came first.
    Every loader of a list of records checks its keys this one way."""
    seen: dict[str, str] = {}
    for file, key in items:
        if key in seen:
            raise ContentError(file, key, what, f"duplicate {what} (first defined in {seen[key]})")
        seen[key] = file


def load_catalog(root: Path | None = None) -> Catalog:
    """Read, validate and cross-check every file under ``root`` (``data_dir()`` unless given, so
    ``CRLM_DATA_DIR`` is honoured as ``get_catalog`` honours it); one ContentError on the first problem.
    A fresh catalog each call: readers of the app's content use ``get_catalog()``, loaded once."""
    root = Path(root) if root is not None else data_dir()
    if not root.is_dir():
        raise ContentError(str(root), None, None, "data folder not found")

    evidence: list[Evidence] = []
    evidence_file: dict[str, str] = {}
    evidence_dir = root / "evidence"
    files = sorted(evidence_dir.glob("*.yaml")) if evidence_dir.is_dir() else []
    if not files:
        raise ContentError("data/evidence", None, None, "no evidence files (*.yaml) found")
    for path in files:
        name = data_file_name(path, root)
        for record in load_records(path, root, Evidence, "id"):
            if record.id in evidence_file:
                raise ContentError(
                    name, record.id, "id", f"duplicate id (first defined in {evidence_file[record.id]})"
                )
            evidence_file[record.id] = name
            evidence.append(record)

    references = load_records(root / "references.csv", root, Reference, "number")
    check_unique((("data/references.csv", str(r.number)) for r in references), "number")
    caveats = load_records(root / "caveats.yaml", root, Caveat, "number")
    check_unique((("data/caveats.yaml", str(c.number)) for c in caveats), "number")
    glossary = load_records(root / "glossary.yaml", root, GlossaryTerm, "term")
    check_unique((("data/glossary.yaml", g.term.casefold()) for g in glossary), "term")
    table_one = load_records(root / "table_1.yaml", root, TableOneItem, "text")

    known_refs = {r.number for r in references}
    for record in evidence:
        for ref in record.refs:
            if ref not in known_refs:
                raise ContentError(
                    evidence_file[record.id],
                    record.id,
                    "refs",
                    f"reference number {ref} has no entry in data/references.csv",
                )
        for source_id in record.derived_from:
            if source_id not in evidence_file:
                raise ContentError(
                    evidence_file[record.id], record.id, "derived_from", f"unknown evidence id {source_id!r}"
                )
    for caveat in caveats:
        _check_ids(caveat.evidence_ids, evidence_file, "data/caveats.yaml", str(caveat.number))
    for item in table_one:
        _check_ids(item.evidence_ids, evidence_file, "data/table_1.yaml", item.text)
    for term in glossary:
        _check_ids(term.evidence_ids, evidence_file, "data/glossary.yaml", term.term)
        if term.primary_source is not None and term.primary_source not in GLOSSARY_PRIMARY_SOURCES:
            known = ", ".join(repr(name) for name in GLOSSARY_PRIMARY_SOURCES)
            raise ContentError(
                "data/glossary.yaml",
                term.term,
                "primary_source",
                f"unknown primary definition {term.primary_source!r} (known: {known})",
            )

    return Catalog(
        evidence=tuple(evidence),
        references=tuple(sorted(references, key=lambda r: r.number)),
        caveats=tuple(sorted(caveats, key=lambda c: c.number)),
        glossary=tuple(sorted(glossary, key=lambda g: g.term.casefold())),
        table_one=tuple(sorted(table_one, key=lambda t: (t.side, t.order))),
        evidence_file=evidence_file,
        root=root,
    )


def _check_ids(ids: Iterable[str], known: Mapping[str, str], file: str, record: str) -> None:
    for evidence_id in ids:
        if evidence_id not in known:
            raise ContentError(file, record, "evidence_ids", f"unknown evidence id {evidence_id!r}")


def data_dir() -> Path:
    """The content folder, first found of: ``$CRLM_DATA_DIR`` when set and not empty (another folder of
    content; tests point it at broken fixtures), the checkout's ``data/`` when running from a checkout or an
    editable install, the copy shipped inside the installed package (``crlm_content/_data``)."""
    override = os.environ.get("CRLM_DATA_DIR", "").strip()
    return Path(override).expanduser() if override else DATA_DIR


_CATALOGS: dict[Path, Catalog] = {}
_CATALOGS_LOCK = threading.Lock()


def get_catalog(root: Path | None = None) -> Catalog:
    """The one catalog of a content folder (``data_dir()`` unless given), loaded and validated once per
    process and kept for its life: every reader of the folder, the Streamlit side too, gets this object."""
    folder = Path(root) if root is not None else data_dir()
    with _CATALOGS_LOCK:
        if folder not in _CATALOGS:
            _CATALOGS[folder] = load_catalog(folder)
        return _CATALOGS[folder]
