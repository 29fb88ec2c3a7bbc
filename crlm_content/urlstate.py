"""Query-parameter parsing: URL values are untrusted input, validated like widgets (pure; no streamlit)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from .formatting import format_figure, format_number
from .safe_text import INVISIBLE_CATEGORIES, QUOTED_MAX, quoted
from .validation import shown as _shown_number

FieldKind = Literal["text", "choice", "multi", "int", "float", "bool"]
ParamValue = str | int | float | bool | list[str] | list[int] | None

STREAMLIT_PARAMS = frozenset({"embed", "embed_options"})
# Settings of the frame, valid on every page (the frame validates them): presenter mode.
PRESENT_PARAM = "present"
FRAME_PARAMS = frozenset({PRESENT_PARAM})
# Parameters a share link never carries: the grand-rounds presenter's secret stays in the presenter's link.
PRIVATE_PARAMS = frozenset({"key", "voter"})  # a presenter's secret; a phone's voter id
# Characters a text value loses are those ``safe_text.visible`` names in a notice (categories Cc and Cf:
# controls, bidi overrides, zero-width marks): invisible in a search box, they can reorder or hide what a
# reader sees.
MAX_LISTED = 5  # rejected values named in one notice; the rest are counted ("and 2 more")
_WHOLE = re.compile(r"[+-]?\d+", re.ASCII)  # ASCII digits only: int() also reads "٥٧" and "５７"
_TRUE = {"1", "true", "yes", "on"}
Row = TypeVar("Row")
# The one notation of a number typed into a table cell: digits with at most one decimal point, an optional
# sign and exponent. The browser's number cells read "0,5" as 5 (a thousands separator), so a cell holds text
# and a comma, a unit or a separator is refused with this rule, never guessed at.
NUMBER_TEXT_RULE = "use a point for decimals, e.g. 0.5; no thousands separators or units"
_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
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
    # Held above ``minimum``, not at it (a size must be above 0): a link and a box refuse the minimum itself.
    above_minimum: bool = False
    max_length: int = 200
    optional: bool = False
    label: str = field(default="")
    # The key of a field this one only means something with (a case's stage goes with its case): when the link
    # names that field with a value that is ignored, this one is ignored too, never applied to the default.
    depends_on: str = ""

    def __post_init__(self) -> None:
        if self.above_minimum and self.minimum is None:
            raise ValueError(f"{self.key}: above_minimum needs a minimum")

    @property
    def name(self) -> str:
        return self.label or self.key

    def below(self, number: float) -> bool:
        """``number`` is under this field's range (at the minimum too, for a field held above it)."""
        low = self.minimum
        return low is not None and (number <= low if self.above_minimum else number < low)

    def above(self, number: float) -> bool:
        """``number`` is over this field's range."""
        return self.maximum is not None and number > self.maximum

    @property
    def allowed(self) -> str:
        """What a number box of this field takes, as every box message says it: ``enter a whole number from 1
        to 24``, ``enter a number above 0, at most 30``, ``enter a number of at least 1``."""
        number = "a whole number" if self.kind == "int" else "a number"
        low, high = self.minimum, self.maximum
        if low is not None and self.above_minimum:
            most = f", at most {format_figure(high)}" if high is not None else ""
            return f"enter {number} above {format_figure(low)}{most}"
        if low is not None and high is not None:
            return f"enter {number} from {format_figure(low)} to {format_figure(high)}"
        if low is not None:
            return f"enter {number} of at least {format_figure(low)}"
        if high is not None:
            return f"enter {number} of at most {format_figure(high)}"
        return f"enter {number}"

    def box_problem(self, value: object, *, optional: bool = False) -> str | None:
        """What is wrong with a number box's ``value``, in the one wording of every box (the caller adds the
        label and the full stop): ``enter a number from 0 to 100; 150 is above that range``, ``...; the box
        is empty`` (unless ``optional``: empty means not known), ``...; 2.5 is not a whole number`` (kind
        ``int``). The range is checked before the fraction, as a link is read: 100.5 tumours is above the
        maximum, which says more than "not a whole number". None when the value is in range, or is not a
        number at all (text, a yes/no: left to the page's calculator)."""
        if value is None:
            return None if optional else f"{self.allowed}; the box is empty"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if isinstance(value, float) and math.isnan(value):
            return f"{self.allowed}; 'nan' is not a number"
        shown = _shown_number(value)  # exactly, 0 for -0, a huge integer described
        if self.below(value) or self.above(value):
            return f"{self.allowed}; {shown} is {'below' if self.below(value) else 'above'} that range"
        if isinstance(value, float) and math.isinf(value):
            return f"{self.allowed}; {shown} is not a finite number"
        if self.kind == "int" and isinstance(value, float) and not value.is_integer():
            return f"{self.allowed}; {shown} is not a whole number"
        return None

    def parse(self, raw: Sequence[str]) -> tuple[ParamValue, str | None]:
        """Return (value, None) or (default, problem) where the problem names the parameter."""
        value, problem, _ = self.read(raw)
        return value, problem

    def read(self, raw: Sequence[str]) -> tuple[ParamValue, str | None, bool]:
        """(value, notice, applied): a rejected value gives (default, problem, False); a text value that lost
        invisible characters is applied with a notice saying so (it names the parameter, never the text)."""
        notice = None
        if self.kind == "text":
            cleaned = [strip_invisible(text) for text in raw]
            removed = dict.fromkeys(ch for text in raw for ch in text if _invisible(ch))
            if removed:
                codes = ", ".join(f"U+{ord(ch):04X}" for ch in list(removed)[:MAX_LISTED])
                more = f" and {len(removed) - MAX_LISTED} more" if len(removed) > MAX_LISTED else ""
                notice = (  # shown under "... not understood and were ignored:"; names, never echoes, them
                    f"'{self.key}': invisible control or formatting characters ({codes}{more}: text "
                    "direction marks, zero-width spaces and the like) ignored; the rest of the text is kept"
                )
            raw = cleaned
        try:
            return self._parse(raw), notice, True
        except ValueError as exc:
            return self.default, f"{given(self.key, raw)} ignored: {exc}", False

    def _parse(self, raw: Sequence[str]) -> ParamValue:
        if self.kind == "multi":
            items = [item for part in raw for item in part.split(",") if item]
            if self.int_choices:
                ints: list[int] = []
                rejected: list[str] = []
                for item in items:
                    choice = _whole_choice(item)
                    if choice is None or choice not in self.int_choices:
                        rejected.append(item.strip() if choice is None else str(choice))
                    else:
                        ints.append(choice)
                _reject(rejected, always_quote=False)
                return sorted(set(ints))
            _reject([item for item in items if item not in self.choices], always_quote=True)
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
        # The number first, then its range, then (for a whole number) its fraction: 1e9 cycles is above the
        # maximum, which says more than "not a whole number".
        number = _float(value, whole=self.kind == "int")
        if self.below(number):
            low = format_figure(self.minimum or 0.0)
            raise ValueError(f"must be above {low}" if self.above_minimum else f"below the minimum {low}")
        if self.above(number):
            raise ValueError(f"above the maximum {format_figure(self.maximum or 0.0)}")
        if not math.isfinite(number):  # digits past a float's range, in a field with no bound to name
            raise ValueError("too large a number")
        if self.kind == "int":
            return _whole(value, number)
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


def given(key: str, raw: Sequence[str]) -> str:
    """A link's parameter as a notice quotes it, ``'tumours=2.5'``: the key (the page's own name) and the
    values as sent, the values cut as ``safe_text.quoted`` cuts any visitor text."""
    return quoted(f"{key}={', '.join(raw)}", limit=len(key) + 1 + QUOTED_MAX)


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in INVISIBLE_CATEGORIES


def strip_invisible(text: str) -> str:
    """``text`` without control and format characters (Unicode categories Cc and Cf)."""
    return "".join(ch for ch in text if not _invisible(ch))


def _reject(rejected: Sequence[str], *, always_quote: bool) -> None:
    """Raise naming every rejected value (up to ``MAX_LISTED``, then how many more)."""
    if not rejected:
        return
    names = [  # a short whole number bare ("7 is not one of..."), anything else quoted and cut
        item if not always_quote and _WHOLE.fullmatch(item) and len(item) <= QUOTED_MAX else quoted(item)
        for item in rejected
    ]
    listed = names[:MAX_LISTED]
    more = len(names) - len(listed)
    if more:
        text = ", ".join(listed) + f" and {more} more"
    elif len(listed) > 1:
        text = ", ".join(listed[:-1]) + " and " + listed[-1]
    else:
        text = listed[0]
    verb = "is not one of the allowed values" if len(names) == 1 else "are not among the allowed values"
    raise ValueError(f"{text} {verb}")


def _whole_choice(text: str) -> int | None:
    """A whole number from a list item, or None when it is not one."""
    stripped = text.strip()
    if not _WHOLE.fullmatch(stripped):
        return None
    try:
        return int(stripped)
    except ValueError:  # past Python's 4,300-digit limit: never a choice, and its message is not the reader's
        return None


def link_float(text: str) -> float:
    """``float`` for a number in a link, without Python's own notations: "1_000" (an underscore) and digits of
    other scripts ("٥") read as numbers there but are refused by every table and box, so a hand-edited link
    could load a number the page itself would not take. ValueError for those as for any non-number."""
    stripped = text.strip()
    if "_" in stripped or not stripped.isascii():
        raise ValueError(f"could not convert string to float: {stripped!r}")
    return float(stripped)


def _float(text: str, *, whole: bool = False) -> float:
    try:
        number = link_float(text)
    except ValueError:
        raise ValueError(f"{quoted(text)} is not a {'whole ' if whole else ''}number") from None
    if math.isnan(number) or (math.isinf(number) and "inf" in text.lower()):
        raise ValueError("not a finite number")
    # Digits past a float's range ("1e400", a 10,000-digit number) read as infinity: a finite number above
    # any maximum, which the range check then names ("above the maximum 100"), not "not a finite number".
    return number + 0.0  # -0 reads as 0: never "-0.0" in a message or a result


def _whole(text: str, number: float) -> int:
    """The whole number ``text`` spells (exactly, when written as digits), after its range was checked."""
    stripped = text.strip()
    if _WHOLE.fullmatch(stripped):  # at most 309 digits here: a longer one is above the range (infinity)
        return int(stripped)
    if not number.is_integer():
        raise ValueError(f"{quoted(text)} is not a whole number")
    return int(number)


def number_text_problem(value: object) -> str | None:
    """Why a table cell's text is not a number in the one notation (``NUMBER_TEXT_RULE``), quoting it, or None
    (a number, an empty cell, or a value that is not text: the table's own parser reads those)."""
    if not isinstance(value, str) or not value.strip() or _NUMBER_TEXT.fullmatch(value.strip()):
        return None
    text = value.strip()
    return f"{quoted(text)} is not a number: {NUMBER_TEXT_RULE}"


def parse_all(
    fields: Sequence[QueryField], params: dict[str, list[str]]
) -> tuple[dict[str, ParamValue], list[str]]:
    """Parse every field present in ``params``; unknown parameters are reported, not applied."""
    values: dict[str, ParamValue] = {}
    problems: list[str] = []
    known = {f.key for f in fields}
    for query_field in fields:
        if query_field.key in params:
            value, problem, applied = query_field.read(params[query_field.key])
            if problem:
                problems.append(problem)
            if applied:
                values[query_field.key] = value
                raw = params[query_field.key]
                if query_field.kind != "multi" and len(raw) > 1:  # "?tumours=3&tumours=50"
                    problems.append(
                        f"'{query_field.key}' given {len(raw)} times: the last, {quoted(raw[-1])}, is used"
                    )
    for query_field in fields:
        parent = query_field.depends_on
        if parent and parent in params and parent not in values and query_field.key in values:
            del values[query_field.key]
            shown = given(query_field.key, params[query_field.key])
            problems.append(f"{shown} ignored: it goes with the '{parent}' ignored above")
    # A link's keys are the sender's text: at most MAX_LISTED are quoted (each cut to QUOTED_MAX characters,
    # marked "..."), the rest counted, so a link of 300 made-up keys gives a short notice, not 300 lines.
    unknown = [key for key in params if key not in known and key not in STREAMLIT_PARAMS | FRAME_PARAMS]
    for key in unknown[:MAX_LISTED]:
        problems.append(f"{quoted(key)} ignored: not a setting of this page")
    if len(unknown) > MAX_LISTED:
        problems.append(f"and {len(unknown) - MAX_LISTED} more ignored: not settings of this page")
    return values, problems


PRESENT_FIELD = QueryField(PRESENT_PARAM, "bool", False)


def presenter_mode(raw: Sequence[str]) -> tuple[bool, str | None]:
    """Presenter mode from the URL's ``present`` values: the yes/no words every other switch takes (1, true,
    yes, on; 0, false, no, off), and the notice for anything else (then off)."""
    if not raw:
        return False, None
    value, problem = PRESENT_FIELD.parse(raw)
    return bool(value), problem


def read_link_entries(
    text: str,
    key: str,
    read: Callable[[str], Row],
    *,
    limit: int,
    limit_note: str = "",
    separators: str = ",",
) -> tuple[list[Row], list[str]]:
    """The rows of a table carried by a link (``key=entry,entry,...``), read by ``read`` one entry at a time,
    and one notice for each entry not used. The one convention of every table link (lesions, CEA values,
    target lesions): empty entries are skipped; ``read`` raises ValueError with the reason an entry is
    ignored ("'targets' entry 2 'lung:1/x' ignored: 'x' is not a number", the entry quoted as it can be
    seen, at most ``QUOTED_MAX`` characters); after ``limit`` rows one notice names the cut-off, with
    ``limit_note`` after it."""
    rows: list[Row] = []
    problems: list[str] = []
    entries = [entry.strip() for entry in re.split(f"[{re.escape(separators)}]", text)]
    for number, entry in enumerate((entry for entry in entries if entry), start=1):
        if len(rows) == limit:
            problems.append(f"'{key}': entries after the first {limit} ignored{limit_note}")
            break
        try:
            rows.append(read(entry))
        except ValueError as exc:
            problems.append(f"'{key}' entry {number} {quoted(entry)} ignored: {exc}")
    return rows, problems
