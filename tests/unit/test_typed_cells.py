"""One reader for a number typed into a table, one way of quoting it: the DLM lesion table, the RECIST target
table and the CEA table (and their links) read cells with ``crlm_content.tools.common`` and quote a refused
cell alike.

Expected quotes are written out by hand from the rule (stripped, in single quotes, at most 30 characters with
"..." marking a cut), never copied from the code's output.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from crlm_content import dlm, tools

RULE = "use a point for decimals, e.g. 0.5; no thousands separators or units"  # a text cell's notation
PASTE = "a" * 300  # a paste into one cell
DIGITS = "1" * 400  # digits only, read as an infinite number: the cut must say it is a cut

BAD_CELLS = [
    ("0,5", "'0,5' is not a number: " + RULE),
    ("2 cm", "'2 cm' is not a number: " + RULE),
    (PASTE, "'" + "a" * 30 + "...' is not a number: " + RULE),
    (" 1e400 ", "'1e400' is not a finite number"),
    (DIGITS, "'" + "1" * 30 + "...' is not a finite number"),
    ("1" * 30 + "e999", "'" + "1" * 30 + "...' is not a finite number"),
    ("1" * 26 + "e999", "'" + "1" * 26 + "e999' is not a finite number"),  # 30 characters: not cut
]


def _after(prefix: str, message: str) -> str:
    assert message.startswith(prefix), message
    return message.removeprefix(prefix).removesuffix(".")


def dlm_message(cell: object) -> str:
    check = dlm.check_table([{"size_cm": cell, "depth_cm": 1.0, "segment": 2.0}])
    assert len(check.problems) == 1 and check.lesions == (), check.problems
    return _after("Row 1, size (cm): ", check.problems[0])


def recist_message(cell: object) -> str:
    sums, problems = tools.validate_targets(
        [{"organ": "liver", "baseline": cell, "nadir": 10.0, "now": 10.0}]
    )
    assert sums is None and len(problems) == 1, problems
    return _after("Row 1, Baseline (mm): ", problems[0])


def cea_message(cell: object) -> str:
    points, problems = tools.validate_cea([{"week": 0.0, "cea": cell}, {"week": 3.0, "cea": 5.0}], "week")
    assert points is None and len(problems) == 1, problems
    return _after("Row 1, CEA (ng/mL): ", problems[0])


@pytest.mark.parametrize(("cell", "expected"), BAD_CELLS)
def test_the_three_tables_quote_a_refused_cell_alike(cell: str, expected: str) -> None:
    assert dlm_message(cell) == expected
    assert recist_message(cell) == expected
    assert cea_message(cell) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("abc", "'abc' is not a number"),
        ("inf", "'inf' is not a finite number"),
        (DIGITS, "'" + "1" * 30 + "...' is not a finite number"),
    ],
)
def test_the_three_links_quote_a_refused_number_alike(part: str, expected: str) -> None:
    """A link's entry is quoted (cut) by the link notice, and the number refused in it by the one rule."""
    lesions = dlm.parse_lesions(f"{part}x1x2")
    assert lesions.rows == () and len(lesions.ignored) == 1
    assert lesions.ignored[0].endswith(f" ignored: size (cm): {expected}"), lesions.ignored
    targets, ignored = tools.parse_targets_param(f"liver:{part}/10/10")
    assert targets == [] and len(ignored) == 1
    assert ignored[0].endswith(f" ignored: {expected}"), ignored
    values, ignored = tools.parse_cea_weeks(f"0:{part}")
    assert values == [] and len(ignored) == 1
    assert ignored[0].endswith(f" ignored: {expected}"), ignored


def test_a_refused_cell_is_not_carried_by_the_link() -> None:
    """The lesion link, like the RECIST and CEA links, leaves a refused cell empty."""
    check = dlm.check_table([{"size_cm": "0,5", "depth_cm": "2", "segment": "7"}])
    assert dlm.encode_lesions(check.url_rows) == "x2x7"


def test_reading_the_lesion_table_does_not_import_a_cycle() -> None:
    """``dlm`` imports ``tools.common``; nothing ``tools`` imports may import ``dlm`` back."""
    code = (
        "import sys\n"
        "import crlm_content.tools\n"
        "assert 'crlm_content.dlm' not in sys.modules, 'tools imports dlm'\n"
        "import crlm_content.dlm\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    first = subprocess.run(
        [sys.executable, "-c", "import crlm_content.dlm"], capture_output=True, text=True, check=False
    )
    assert first.returncode == 0, first.stderr
