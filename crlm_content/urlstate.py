"""Query-parameter parsing: URL values are untrusted input, validated like widgets (pure; no streamlit)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from .formatting import format_number

FieldKind = Literal["text", "choice", "multi", "int", "float", "bool"]
ParamValue = str | int | float | bool | list[str] | list[int] | None

STREAMLIT_PARAMS = frozenset({"embed", "embed_options"})
# Settings of the frame, valid on every page (the frame validates them): presenter mode.
PRESENT_PARAM = "present"
FRAME_PARAMS = frozenset({PRESENT_PARAM})
# Parameters a share link never carries: the grand-rounds presenter's secret stays in the presenter's link.
PRIVATE_PARAMS = frozenset({"key"})
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class QueryField:
    """One piece of page state that lives in the URL under ``key`` (also the widget key)."""

    key: str
    kind: FieldKind
    default: ParamValue
    choices: tuple[str, ...] = ()
    int_choices: tuple[int, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 200
    optional: bool = False
    label: str = field(default="")

    @property
    def name(self) -> str:
        return self.label or self.key

    def parse(self, raw: Sequence[str]) -> tuple[ParamValue, str | None]:
        """Return (value, None) or (default, problem) where the problem names the parameter."""
        try:
            return self._parse(raw), None
        except ValueError as exc:
            shown = ", ".join(raw)
            if len(shown) > 40:
                shown = shown[:40] + "..."
            return self.default, f"'{self.key}={shown}' ignored: {exc}"

    def _parse(self, raw: Sequence[str]) -> ParamValue:
        if self.kind == "multi":
            if self.int_choices:
                ints = [_int(item) for part in raw for item in part.split(",") if item]
                bad = [i for i in ints if i not in self.int_choices]
                if bad:
                    raise ValueError(f"{bad[0]} is not one of the allowed values")
                return sorted(set(ints))
            items = [item for part in raw for item in part.split(",") if item]
            unknown = [item for item in items if item not in self.choices]
            if unknown:
                raise ValueError(f"{unknown[0]!r} is not one of the allowed values")
            return list(dict.fromkeys(items))
        value = raw[-1] if raw else ""
        if self.optional and value in ("", "none"):
            return None
        if self.kind == "text":
            if len(value) > self.max_length:
                raise ValueError(f"longer than {self.max_length} characters")
            return value
        if self.kind == "choice":
            if value not in self.choices:
                raise ValueError("not one of the allowed values")
            return value
        if self.kind == "bool":
            lowered = value.lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
            raise ValueError("expected true or false")
        number: float = _int(value) if self.kind == "int" else _float(value)
        if self.minimum is not None and number < self.minimum:
            raise ValueError(f"below the minimum {self.minimum:g}")
        if self.maximum is not None and number > self.maximum:
            raise ValueError(f"above the maximum {self.maximum:g}")
        return number

    def serialize(self, value: ParamValue) -> str | None:
        """The URL text for a value, or None when it equals the default (kept out of the URL)."""
        if value == self.default:
            return None
        if value is None:
            return "none"
        if isinstance(value, list):
            return ",".join(str(v) for v in value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):  # exactly, so the link reads back as the same number
            return format_number(value, decimals=None)
        return str(value)


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"{text[:20]!r} is not a whole number") from None


def _float(text: str) -> float:
    try:
        number = float(text.strip())
    except ValueError:
        raise ValueError(f"{text[:20]!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number + 0.0  # -0 reads as 0: never "-0.0" in a message or a result


def parse_all(
    fields: Sequence[QueryField], params: dict[str, list[str]]
) -> tuple[dict[str, ParamValue], list[str]]:
    """Parse every field present in ``params``; unknown parameters are reported, not applied."""
    values: dict[str, ParamValue] = {}
    problems: list[str] = []
    known = {f.key for f in fields}
    for query_field in fields:
        if query_field.key in params:
            value, problem = query_field.parse(params[query_field.key])
            if problem:
                problems.append(problem)
            else:
                values[query_field.key] = value
    for key in params:
        if key not in known and key not in STREAMLIT_PARAMS | FRAME_PARAMS:
            problems.append(f"'{key[:30]}' ignored: not a setting of this page")
    return values, problems
