"""What every calculator page shares: field names in messages, numbers typed into tables and links, dates.

Every parser returns what it understood and what it ignored, and never raises.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from ..formatting import format_number
from ..safe_text import quoted
from ..urlstate import ParamValue, QueryField, link_float, number_text_problem
from ..validation import cell_number
from ..validation import is_blank as _is_blank

Record = Mapping[str, object]


def name_fields(message: str, labels: Mapping[str, str]) -> str:
    """Replace a calculator's argument names (``largest_tumour_cm``) with the page's field labels."""
    for argument, label in sorted(labels.items(), key=lambda item: -len(item[0])):
        message = re.sub(rf"\b{re.escape(argument)}\b", label, message)
    return message[:1].upper() + message[1:]


def dedupe(messages: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def exact_sum(values: Sequence[float]) -> float:
    """Sum of decimals as typed (35.1 + 20.2 is 55.3, not 55.300000000000004), rounded once."""
    return float(sum((Fraction(repr(float(v))) for v in values), Fraction(0)))


def table_number(value: object) -> tuple[float | None, str | None]:
    """A table cell as a number; a text cell that is not a number is quoted in the problem."""
    number, problem = cell_number(value)
    if problem and isinstance(value, str):  # quoted: "'1e400' is not a finite number", never a bare verb
        return None, f"{quoted(value)} {problem}"
    return number, problem


def link_number(text: str) -> float | None:
    """A number from a URL table entry: None when empty; ValueError with a short reason otherwise."""
    stripped = text.strip()
    if not stripped:
        return None
    try:
        number = link_float(stripped)
    except ValueError:
        raise ValueError(f"{quoted(stripped)} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{quoted(stripped)} is not a finite number")
    return number + 0.0  # -0 reads as 0


def link_number_text(value: object) -> str:
    """A table cell as URL text: exactly (``decimals=None``), so a reopened link grades the same numbers; an
    empty or unreadable cell is empty text."""
    number, problem = table_number(value)
    return "" if number is None or problem else format_number(number, decimals=None)


def typed_cell_number(value: object) -> tuple[float | None, str | None]:
    """A number cell of an editable table (its text, as typed): "0,5", "2 cm" or "1,000" is refused with the
    rule of ``NUMBER_TEXT_RULE``, never read as another number."""
    if problem := number_text_problem(value):
        return None, problem
    return table_number(value)


def typed_cell_link_text(value: object) -> str:
    """A typed number cell as link text: empty when the table refuses it, so a link never carries another
    number."""
    return "" if number_text_problem(value) else link_number_text(value)


def range_problems(
    fields: Sequence[QueryField],
    values: Mapping[str, object],
    labels: Mapping[str, str],
    *,
    optional: Collection[str] = (),
) -> list[str]:
    """A message for each number box the page cannot use, naming the field by its label and saying what to
    enter (``QueryField.box_problem``, the one wording of every box): an empty box (unless its field is in
    ``optional``, where empty means not known), a number outside its field's range (the bounds a link is held
    to; a field with ``above_minimum``, a size, says "enter a number above 0, at most 50" and names 0 as below
    that range), or a fraction in a whole-number field (kind ``int``).
    The widgets take any number, and a whole-number box is a float box (an int box read a typed 2.5 as 2 and
    1e6 as 1), so a phone, which cannot hover over a widget's own warning, gets this message in place. Only
    the fields in ``labels`` (those in use) with a value in ``values`` are checked; a value that is not a
    number is left to the page's calculator."""
    problems: list[str] = []
    for query_field in fields:
        label = labels.get(query_field.key)
        if label is None or query_field.key not in values:
            continue
        value = values[query_field.key]
        if problem := query_field.box_problem(value, optional=query_field.key in optional):
            problems.append(f"{label}: {problem}.")
    return problems


DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2099, 12, 31)
DATE_FORMAT_HINT = "a date written as YYYY-MM-DD"
DATE_WIDGET_FORMAT = "YYYY-MM-DD"  # how date widgets and date columns display dates


def parse_iso_date(text: str) -> date:
    """A calendar date from ``YYYY-MM-DD`` within 2000-2099; ValueError says why not."""
    stripped = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", stripped):
        raise ValueError(f"{quoted(stripped)} is not {DATE_FORMAT_HINT}")
    try:
        value = date.fromisoformat(stripped)
    except ValueError:
        raise ValueError(f"'{stripped}' is not a real calendar date") from None
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(f"'{stripped}' is outside {DATE_MIN.year}-{DATE_MAX.year}")
    return value


@dataclass(frozen=True)
class DateField(QueryField):
    """A calendar date in the URL (``start=2025-01-06``), kept as its ISO text.

    ``urlstate`` has no date kind, so the value stays text (a valid ``ParamValue``) and the page keeps the
    date widget under ``widget_key``. With ``always_in_url`` the date is written even when it equals the
    default (a default of "today" must not drift when a link is opened on another day).
    """

    always_in_url: bool = False

    @property
    def widget_key(self) -> str:
        return f"{self.key}_date"

    def _parse(self, raw: Sequence[str]) -> ParamValue:
        value = raw[-1] if raw else ""
        if self.optional and value.strip() in ("", "none"):
            return None
        return parse_iso_date(value).isoformat()

    def serialize(self, value: ParamValue) -> str | None:
        if value is None:
            return None if self.default is None else "none"
        if value == self.default and not self.always_in_url:
            return None
        return str(value)


def date_from_text(text: object) -> date | None:
    """The date a ``DateField`` holds (None when empty or not a valid date)."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return parse_iso_date(text)
    except ValueError:
        return None


def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the month's end (31 Jan + 1 -> 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


ISO_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ][0-9:.]*Z?")


def date_cell(value: object) -> tuple[date | None, str | None]:
    if _is_blank(value):
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, str):
        # a date column that started empty hands edits back as text, possibly with a time of day
        timestamp = ISO_TIMESTAMP.fullmatch(value.strip())
        try:
            return parse_iso_date(timestamp.group(1) if timestamp else value), None
        except ValueError as exc:
            return None, str(exc)
    return None, "is not a date"
