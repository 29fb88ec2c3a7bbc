"""A new server's first page run pays for every module it imports (docs/PERFORMANCE.md, cold start).

These modules are each tens of milliseconds that no first page needs: Streamlit's emoji catalogue (loaded by
an emoji favicon or icon) and segno (QR codes, only when the share panel opens).
Checked in a fresh interpreter, since this test process has imported much else.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_AT_START = ("streamlit.emojis", "segno")
CHECK = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=60)
at.run()
print(json.dumps({"exceptions": len(at.exception), "loaded": [m for m in sys.argv[1:] if m in sys.modules]}))
"""


def test_the_first_run_of_the_home_page_leaves_costly_modules_unloaded() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK, *NOT_AT_START],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"exceptions": 0, "loaded": []}
