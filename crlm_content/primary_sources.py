"""The primary papers the calculators follow, one citation each: the calculators cite them, and a glossary
definition names one as its source (``GlossaryTerm.primary_source``). A leaf: it imports nothing, so loading
content does not import the calculators to read their citations."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

VAUTHEY_CITATION = (
    "Vauthey JN et al. Standardized measurement of the future liver remnant prior to extended liver "
    "resection: methodology and clinical associations. Surgery 2000;127:512-519"
)
RECIST_CITATION = (
    "Eisenhauer EA et al. New response evaluation criteria in solid tumours: revised RECIST guideline "
    "(version 1.1). Eur J Cancer 2009;45:228-247"
)
CHUN_CITATION = (
    "Chun YS et al. Association of computed tomography morphologic criteria with pathologic response and "
    "survival in patients treated with bevacizumab for colorectal liver metastases. JAMA "
    "2009;302(21):2338-2344"
)
FONG_CITATION = (
    "Fong Y et al. Clinical score for predicting recurrence after hepatic resection for metastatic "
    "colorectal cancer: analysis of 1001 consecutive cases. Ann Surg 1999;230(3):309-318, doi "
    "10.1097/00000658-199909000-00004"
)
TBS_CITATION = (
    "Sasaki K et al. Ann Surg 2018;267(1):132-141 (citation taken from a secondary summary, not confirmed "
    "against the paper)"
)
GAME_CITATION = "Margonis GA et al. Br J Surg 2018;105(9):1210-1220, doi 10.1002/bjs.10838"
GAME_VALIDATION_CITATION = (
    "Bolhuis K et al. Cancers 2022;14:2356 (population-based validation of the GAME score)"
)
MCS_CITATION = "Brudvik KW et al. Ann Surg 2019;269(1):120-126, doi 10.1097/SLA.0000000000002319"

# The primary definitions a glossary entry may name as its source (``GlossaryTerm.primary_source``), short
# name -> citation: the calculators' own citations, so a definition and its calculator cite one text.
GLOSSARY_PRIMARY_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "RECIST 1.1, Eisenhauer 2009": RECIST_CITATION,
        "Fong 1999": FONG_CITATION,
        "m-CS, Brudvik 2019": MCS_CITATION,
        "GAME, Margonis 2018": GAME_CITATION,
        "TBS, Sasaki 2018, from a secondary summary": TBS_CITATION,
        "eTLV, Vauthey 2000": VAUTHEY_CITATION,
    }
)
