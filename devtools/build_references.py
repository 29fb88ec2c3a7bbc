"""Regenerate data/references.csv from the recovered bibliography (../shared/reference/bibliography.json):
``.venv/bin/python -m devtools.build_references [bibliography.json]``.

Only identifiers (PMID, DOI) of rows marked VERIFIED are kept; other rows keep author, year and trial name
(which the reference list shows as a label only), and numbers with no recovered study keep just the number.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

STATUS = {"VERIFIED": "verified", "PARTIALLY VERIFIED": "partial", "UNVERIFIED": "unverified"}
FIELDS = ["number", "first_author", "year", "journal", "title", "trial", "pmid", "doi", "status"]
# Where the bibliography's own note says a field is from memory and the publisher's record says otherwise:
# [34]'s first author is "from memory" there; the BMC Cancer 2012;12:356 abstract page lists Stein A first
# (Schmoll H-J last).
# [69] is "not identified" there; the PubMed record (PMID 24983362, read through a copy found by the search
# tool) names the study the review's sentence describes: PROMETEO-01, MR 91% vs CT 82% (P = 0.002), in
# resectable patients with or without preoperative chemotherapy (caveat 22). Its title is given as far as
# the record's copy shows it.
CORRECTIONS: dict[int, dict[str, str]] = {
    34: {"first_author": "Stein A"},
    69: {
        "first_author": "Rojas Llimpe FL",
        "year": "2014",
        "journal": "Br J Cancer",
        "title": "Imaging in resectable colorectal liver metastasis patients with or without preoperative "
        "chemotherapy",
        "pmid": "24983362",
        "doi": "10.1038/bjc.2014.351",
        "status": "verified",
    },
}


def main(bibliography: Path, out: Path) -> None:
    rows = {n: {"number": n, "status": "unmapped"} for n in range(1, 113)}
    for entry in json.loads(bibliography.read_text(encoding="utf-8")):
        number = entry.get("ref_number")
        if number is None:
            continue
        status = STATUS[entry["status"]]
        verified = status == "verified"
        author = entry.get("first_author")
        journal = (entry.get("journal") or "").strip() or None
        rows[number] = {
            "number": number,
            "first_author": author,
            "year": entry.get("year"),
            "journal": journal,
            "title": entry.get("title") if verified else None,
            "trial": entry.get("trial_name"),
            "pmid": entry.get("pmid") if verified else None,
            "doi": entry.get("doi") if verified else None,
            "status": status,
        }
        rows[number].update(CORRECTIONS.get(number, {}))
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for number in sorted(rows):
            writer.writerow({k: ("" if rows[number].get(k) is None else rows[number][k]) for k in FIELDS})


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared/reference/bibliography.json"
    main(source, root / "data/references.csv")
