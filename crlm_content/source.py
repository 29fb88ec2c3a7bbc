"""The source review and the educational-use disclaimer, shown on every page and handout."""

from __future__ import annotations

SOURCE_CITATION = (
    "Source review: World J Gastrointest Oncol 2021;13(9):1043-1061, doi:10.4251/wjgo.v13.i9.1043 "
    "(open access, CC BY-NC 4.0). Reference numbers [1]-[112] are the review's."
)
SOURCE_DOI_URL = "https://doi.org/10.4251/wjgo.v13.i9.1043"
DISCLAIMER = "Educational use only; not for clinical decisions; verify against current guidelines."
LAST_CONTENT_REVIEW = "2026-11-27"
