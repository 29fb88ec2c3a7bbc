"""Number inputs that show the value they hold and report an out-of-range value in place.

Streamlit's own range check (``min_value``/``max_value``) keeps a typed 150 in the box, turns it red and
explains only in a tooltip, which a phone cannot open, while the result below still shows the last valid
value. So the widgets here take any number, and the page checks the range with
``tools.range_problems`` (the bounds of its ``QueryField``s, as a link is held to) and says so with
``st.error`` under the inputs, withholding the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

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
WITHHELD = "No result while an entry above is out of range: correct it to see the result."


def number_input(
    label: str,
    *,
    key: str,
    step: int | float,
    where: DeltaGenerator | None = None,
    help: str | None = None,
    disabled: bool = False,
    optional: bool = False,
) -> None:
    """A number input with no range of its own (see the module's note), keyed by the page's ``K(...)``; a
    float input shows its value exactly. ``where`` is a column or container (the page by default); an
    ``optional`` one can be left empty (None)."""
    (where or st).number_input(
        label,
        value=None if optional else "min",
        key=key,
        step=step,
        format=EXACT_FORMAT if isinstance(step, float) else None,
        help=help,
        disabled=disabled,
    )


def range_errors(keys: PageKeys, fields: Sequence[QueryField], labels: Mapping[str, str]) -> list[str]:
    """Check the fields in ``labels`` against their ranges and show what is out of range, in place."""
    problems = tools.range_problems(fields, {key: keys.get(key) for key in labels}, labels)
    if problems:
        st.error("\n".join(f"- {md(problem)}" for problem in problems))
    return problems
