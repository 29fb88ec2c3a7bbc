"""Number inputs that show the value they hold and report an out-of-range, empty or fractional value in place.

Streamlit's own range check (``min_value``/``max_value``) keeps a typed 150 in the box, turns it red and
explains only in a tooltip, which a phone cannot open, while the result below still shows the last valid
value. So the widgets here take any number, and the page checks the range with
``tools.range_problems`` (the bounds of its ``QueryField``s, as a link is held to) and says so with
``st.error`` under the inputs, withholding the result.

Two more things the browser did silently, now said in the same place: a box with a starting value snapped
back to 0 when cleared (scored as a disease-free interval of 0 months), so every box here can be emptied
and an empty one is named; and an int box reads what is typed through its "%d" format (2.5 became 2, 1e6
became 1), so a whole-number box is a float box too, and its field's kind (``int``) has a fraction named.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import streamlit as st

from crlm_content import tools
from crlm_content.urlstate import QueryField

from .markup import md
from .state import PageKeys

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

# sprintf.js (the browser side) prints "%g" without a precision as JavaScript reads the number: 11.999 as
# 11.999 and 12 as 12. Streamlit's float default, "%0.2f", showed 11.999 as 12.00 beside a Fong point that
# 11.999 months earns and 12 does not.
EXACT_FORMAT = "%g"
# A box reads "," as a thousands separator (1,5 becomes 15) in the browser, before the server sees a number,
# so the page cannot refuse it as the tables do (``editable.number_column``): every box says so in its help.
DECIMAL_HELP = "Decimals with a point (1.5); a comma is read as a thousands separator."
WITHHELD = (
    "No result while an entry above is out of range, empty or not a whole number: correct it to see the "
    "result."
)


def number_input(
    label: str,
    *,
    key: str,
    step: int | float,
    where: DeltaGenerator | None = None,
    help: str | None = None,
    disabled: bool = False,
) -> None:
    """A number input with no range of its own (see the module's note), keyed by the page's ``K(...)``,
    showing its value exactly. ``where`` is a column or container (the page by default). It can be emptied
    (None): ``range_errors`` names an empty box unless the page lets it be empty. A whole-number box (an int
    ``step``) is a float box too, which keeps a typed 2.5 for ``range_errors`` to name; read its value with
    ``whole``. Its help ends with how to write decimals (``DECIMAL_HELP``)."""
    (where or st).number_input(
        label,
        value=None,
        key=key,
        step=float(step),
        format=EXACT_FORMAT,
        help=f"{help}\n\n{DECIMAL_HELP}" if help else DECIMAL_HELP,
        disabled=disabled,
    )


def range_errors(
    keys: PageKeys,
    fields: Sequence[QueryField],
    labels: Mapping[str, str],
    *,
    optional: Collection[str] = (),
) -> list[str]:
    """Check the fields in ``labels`` (those in use) and show, in place, each one that is empty (unless in
    ``optional``: may be left empty, as not known), out of range (a field with ``above_minimum`` is held above
    its minimum), or a fraction in a whole-number field."""
    values = {key: keys.get(key) for key in labels}
    problems = tools.range_problems(fields, values, labels, optional=optional)
    if problems:
        st.error("\n".join(f"- {md(problem)}" for problem in problems))
    return problems


def whole(value: Any) -> Any:
    """A whole-number box's value as a calculator takes it: the box is a float box, so 3 comes back as 3.0
    (a link's 3 stays 3). Anything else (empty, a fraction: ``range_errors`` has named it) is unchanged."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
