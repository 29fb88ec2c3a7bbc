"""Text search over the Evidence records (pure): one normal form for a query and a record, whole-number
matching, ranking by field, and "did you mean" suggestions.

The rule, in short:

- A query and a record's text are normalised the same way (``normalise``): case and accents folded; the
  symbols ≥ ≤ → – — − ≈ written as >= <= -> - - - ~; spelling variants written one way (``fold_spelling``:
  tumour/tumor, millimetre/millimeter, randomised/randomized, haem-/hem-, pathological/pathologic,
  cut-off/cut off/cutoff, pre-operative/preoperative); "percent" and "per cent" written %; digit groups
  "148 000" and "2,643" joined.
- Then cut into terms (``scan``): words, numbers, symbols. A number takes the unit that follows it, with a
  space, a hyphen or nothing between ("1 mm", "1-mm", "1mm"; "5 wks" and "5-weeks" are "5 week"; ``UNITS``),
  and the comparator just before it (">= 20%"); in a range "61-83%" both ends take the unit.
- A query number matches whole numbers only, with its unit and comparator when it has them: "5" matches 5,
  not 7.5, 15 or 0.5; "20%" does not match "20 months"; ">= 20%" does not match "> 20%". Trailing decimal
  zeros do not count (0.030 is 0.03).
- A query word of four characters or more matches inside a record's word ("folfox" in mFOLFOX6, "recur" in
  recurrence); a shorter one (OS, CT, FLR, RAS) matches a whole word only. Words fold simple plurals on both
  sides (-s, -ies, and the Latin ones in ``IRREGULAR``), but for names whose "s" is their own (``UNFOLDED``:
  KRAS, NRAS); a word is shown to the reader as typed (``Query.shown``), never in its folded form.
- Every term must match (AND), except stopwords (``STOPWORDS``: the, of, in, vs...), which are dropped
  unless the query is nothing else. A word listed in ``SYNONYMS`` (its start) or ``WORD_SYNONYMS`` (the
  whole word) also matches its listed alternatives: search vocabulary ("stop" finds "omitted", "dropped",
  "interval"; "in situ" finds "left untreated"; "how common" and "mutation rate" find "prevalence"; a
  lesion's "size" its "diameter"), never clinical content.
- A record is searched in what it says: its statement, its figures (labels and values) and its section
  title (strong); what it is about: its id, its entities and the glossary's names for them (middle); and its
  teaching note (weak).
- The outcome measures of ``LINKED_TERMS`` are one term however written: a query's abbreviation (OS) or
  written-out form (overall survival, as a phrase) matches any of the glossary's forms of that term
  ("New EPOC overall survival" finds the New EPOC record that says OS). The words alone ("overall",
  "free") match only themselves.
- Any glossary name (a term, its expansion, an alias: ``glossary_names``, built from data/glossary.yaml)
  typed as a run of a query's terms is also matched by every other name of its term, whole ("SOS", "blue
  liver" and "VOD" find the records on sinusoidal injury; "R1" those on a positive margin). A name is whole
  where a record holds it as words of its own: not inside a longer glossary name ("EPOC trial" in "New EPOC
  trial", "PD" in "PD-1") nor part of a hyphenated word ("progression" in "progression-free").
- The records found are ranked (``rank``): the query as a phrase (its terms side by side, stopwords aside)
  in a stronger field first ("table 2" puts the Table 2 rows first); then more terms in strong fields (a
  record that says "bevacizumab" before one only tagged with it); then more in strong or middle ones; then
  more terms matched as whole words (a word's start, then inside a word; a number that is only a range's
  start counts as a word's start); then more terms in what it is about, whether or not it says them too
  (its id and entities: the record on positive margins before the Fong score's list that names one); then
  more terms in what its figures measure (their labels: "OS, surgery alone"); then records with figures
  before records without; then file order.
- A query that is a glossary name and nothing else lists first the records that name's entry cites (its
  ``evidence_ids``, ``defining_records``), in the order above: "CALI" opens with the records on
  oxaliplatin's sinusoidal injury and irinotecan's steatohepatitis, not a guideline naming CALI in passing.
- A query of several terms that finds nothing (a question typed as a sentence) can list the records with
  the most of its terms (``closest``, used by ``search.closest_matches``), each with the terms it lacks:
  a term weighs by how few records have it (a name's other names included), and the words of a question's
  grammar (``FUNCTION_WORDS``: when, should, than, how many) weigh nothing and are never said lacking. A
  query naming a glossary term (``subject``: "how common is BRAF") lists only records having it, those with
  more of its names first: "common" or "needed" alone answer nothing.
- A query that finds nothing gets suggestions (``close_terms``, used by ``search.suggestions``): glossary
  terms, aliases and entities alike to it by difflib ("FRL" -> FLR, "newepoc" -> New EPOC); text that is
  exactly a known name gets only its own term ("SOS" is never offered OS). Brand names are found only
  where the glossary lists them as aliases.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import memo
from .catalog import Catalog
from .models import SECTION_TITLES, Evidence

SYMBOLS = {
    "≥": ">=",
    "⩾": ">=",
    "≤": "<=",
    "⩽": "<=",
    "→": "->",
    "⟶": "->",
    "–": "-",
    "—": "-",
    "−": "-",
    "‐": "-",
    "‑": "-",
    "≈": "~",
    "∼": "~",
    "×": "x",
}
_SYMBOL = re.compile("|".join(map(re.escape, SYMBOLS)))
# Spelling variants, folded to one form on both sides (a query and the records). Stems, so that they fold
# inside a word too (peritumoural, unfavourable, multicentre, haematoma, submillimetre).
SPELLINGS = {
    "tumour": "tumor",
    "favour": "favor",
    "colour": "color",
    "behaviour": "behavior",
    "harbour": "harbor",
    "labour": "labor",
    "metre": "meter",
    "centre": "center",
    "litre": "liter",
    "fibre": "fiber",
    "calibre": "caliber",
    "haem": "hem",
    "anaem": "anem",
    "anaes": "anes",
    "ischaem": "ischem",
    "leukaem": "leukem",
    "aetiol": "etiol",
    "paed": "ped",
    "gynaec": "gynec",
    "oesoph": "esoph",
    "oedem": "edem",
    "oestr": "estr",
    "diarrhoea": "diarrhea",
    "faec": "fec",
    "foet": "fet",
}
_SPELLING = re.compile("|".join(map(re.escape, sorted(SPELLINGS, key=len, reverse=True))))
# randomised, randomising, organisation -> -iz- (a suffix only: "disease" is left alone)
_IZE = re.compile(r"(?<=[a-z])is(?=(?:e[dsr]?|ement|ely|ing|ation|ational)s?\b)")
_YZE = re.compile(r"(?<=[a-z])yz(?=(?:e[dsr]?|ing)\b)")  # analyze -> analyse ("analyses" stays a plural)
_OLOGICAL = re.compile(r"ological\b")  # pathological -> pathologic
_JOINED = re.compile(r"\b(cut)[ -](?=(?:offs?|points?)\b)|\b(end)[ -](?=points?\b)")  # cut-off, end point
_SPLIT = re.compile(r"\b(follow)(up)s?\b|\b(wild)(type)\b")  # followup -> follow up, as "follow-up" reads
# A prefix and its word written with a hyphen or without: pre-operative, re-imaging -> preoperative,
# reimaging. Only before a word of five letters or more, so "non-RAS" or "anti-PD-1" keep their names.
_PREFIX = re.compile(r"\b(pre|post|peri|intra|inter|extra|sub|non|neo|re|multi|micro)-(?=[a-z]{5,}\b)")
_PERCENT = re.compile(r"\bper ?cent\b")
_DIGIT_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ ,]\d{3})+(?![\d.,]*\d)")
_TOKEN = re.compile(r"(?P<sym>>=|<=|->|[<>=~%])|(?P<num>\d+(?:\.\d+)?)|(?P<word>[a-z0-9]+)|(?P<dash>-)")
COMPARATORS = frozenset({">=", "<=", "<", ">", "=", "~"})

# Units a number takes when they follow it (by a space, a hyphen or nothing): the written form -> one name.
UNITS = {
    "%": "%",
    "mm": "mm",
    "millimetre": "mm",
    "millimetres": "mm",
    "millimeter": "mm",
    "millimeters": "mm",
    "cm": "cm",
    "ml": "ml",
    "mg": "mg",
    "kg": "kg",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
    "mo": "month",
    "mos": "month",
    "mth": "month",
    "mths": "month",
    "month": "month",
    "months": "month",
    "yr": "year",
    "yrs": "year",
    "year": "year",
    "years": "year",
    "day": "day",
    "days": "day",
    "cycle": "cycle",
    "cycles": "cycle",
}
IRREGULAR = {"metastases": "metastasis", "analyses": "analysis", "diagnoses": "diagnosis"}
# Words whose final "s" is part of the word, not a plural: the gene and procedure names the glossary writes
# in capitals (KRAS, NRAS, HRAS in the RAS entry, ALPPS). Folded, "KRAS" was "kra" and a partial match said
# a record "lacks: kra". A test holds this list to the glossary's and the records' capitalised names.
UNFOLDED = frozenset({"kras", "nras", "hras", "alpps"})
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "as",
        "it",
        "its",
        "that",
        "this",
        "these",
        "those",
        "what",
        "which",
        "who",
        "how",
        "does",
        "do",
        "did",
        "vs",
        "v",
        "versus",
    ]
)
# A query word that begins with a key also matches each alternative (a word of the search's vocabulary).
# "How common" and "how frequent" ask what the records call a prevalence ("KRAS mutation prevalence");
# "disappearance" and "disappearing" are the records' "disappear".
SYNONYMS: dict[str, tuple[str, ...]] = {
    "stop": ("stop", "drop", "omit", "pause", "withh", "withdr", "discontinu", "interrupt", "interval"),
    "common": ("common", "prevalen", "frequen"),
    "frequen": ("frequen", "prevalen"),
    "prevalen": ("prevalen", "frequen"),
    "disappear": ("disappear",),
}
# A query word that is a key (the whole word) also matches each alternative. "Left in situ" is the review's
# and the DLM explorer's phrase for lesions left in place, which the records word "left untreated". A
# "mutation rate" is what the records call a mutation's prevalence; a lesion's size is its diameter.
WORD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "situ": ("situ", "untreated"),
    "rate": ("rate", "prevalen", "frequen"),
    "size": ("size", "diameter"),
}
SHORT_WORD = 3  # a query word this long or shorter matches whole words only
# Glossary entries whose abbreviation and written-out form are one thing in any record's text (the outcome
# measures the records report). Their forms come from data/glossary.yaml. Not every abbreviation: an
# organisation's name (EORTC: "... Research and Treatment of Cancer") would make "treatment" find it, and
# PD or SD are also parts of other names (PD-1).
LINKED_TERMS = ("OS", "PFS", "RFS", "DFS", "DSS", "HR", "RR", "response rate", "complete pathologic response")


def fold_spelling(text: str) -> str:
    """``text`` with case, accents, dashes and spelling variants folded: "Tumour cut-off", "tumor cutoff"
    and "TUMOR cut off" all give "tumor cutoff". Fold both sides of a comparison (a query and the text it
    is looked for in), each whole before cutting it into words ("cut off" is two words until folded); the
    result is for matching, not for display."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    folded = _SYMBOL.sub(lambda m: SYMBOLS[m.group()], folded)
    folded = _SPELLING.sub(lambda m: SPELLINGS[m.group()], folded)
    folded = _IZE.sub("iz", _YZE.sub("ys", folded))
    folded = _OLOGICAL.sub("ologic", folded)
    folded = _JOINED.sub(lambda m: m.group(1) or m.group(2), folded)
    folded = _SPLIT.sub(lambda m: " ".join(g for g in m.groups() if g), folded)
    return _PREFIX.sub(r"\1", folded)


def normalise(text: str) -> str:
    """The one normal form of query and record text (see the module's rule)."""
    folded = _PERCENT.sub("%", fold_spelling(text))
    return _DIGIT_GROUPS.sub(lambda m: re.sub(r"[ ,]", "", m.group()), folded)


def fold_word(word: str) -> str:
    """A word's search form: simple plurals folded (weeks -> week, therapies -> therapy); a name whose "s"
    is its own (``UNFOLDED``: kras) kept."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word in UNFOLDED:
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# A text's words are folded before they are compared with the stopwords: so are the stopwords ("does" is
# "doe" by then, and a question with "does" in it found nothing).
STOPWORDS = STOPWORDS | frozenset(map(fold_word, STOPWORDS))
# Words that carry a question's grammar, not its subject: question words, modal verbs, pronouns,
# prepositions, conjunctions, quantifiers and the comparisons a question asks ("how long", "how many",
# "better than"). A full search still needs them; a partial match (``closest``) neither counts them nor
# says a record lacks them, unless they are part of a glossary name.
FUNCTION_WORDS = frozenset(
    map(
        fold_word,
        (
            "when",
            "where",
            "why",
            "whom",
            "whose",
            "whether",
            "can",
            "cannot",
            "could",
            "should",
            "would",
            "will",
            "shall",
            "may",
            "might",
            "must",
            "am",
            "has",
            "have",
            "had",
            "having",
            "being",
            "doing",
            "i",
            "me",
            "my",
            "we",
            "us",
            "our",
            "you",
            "your",
            "he",
            "him",
            "his",
            "she",
            "her",
            "they",
            "them",
            "their",
            "there",
            "here",
            "about",
            "above",
            "after",
            "against",
            "along",
            "among",
            "around",
            "before",
            "behind",
            "below",
            "beside",
            "between",
            "beyond",
            "during",
            "into",
            "onto",
            "over",
            "through",
            "throughout",
            "toward",
            "towards",
            "under",
            "until",
            "upon",
            "within",
            "without",
            "via",
            "up",
            "down",
            "out",
            "but",
            "if",
            "then",
            "than",
            "so",
            "because",
            "while",
            "nor",
            "not",
            "no",
            "all",
            "any",
            "some",
            "each",
            "every",
            "both",
            "either",
            "neither",
            "other",
            "such",
            "same",
            "only",
            "very",
            "too",
            "also",
            "just",
            "still",
            "yet",
            "ever",
            "many",
            "much",
            "more",
            "most",
            "less",
            "least",
            "enough",
            "long",
            "often",
            "soon",
            "better",
            "worse",
            "best",
            "worst",
        ),
    )
)


def _number(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Scan:
    """A text's terms: ``keys`` of its numbers and symbols (every form: '#5', '#5 week', '>=#5',
    '>=#5 week', '@%'), its folded ``words``, and ``terms``, what a query made of this text asks for, in
    the text's order: a number in its most specific form, a word, a lone symbol."""

    keys: frozenset[str]
    words: tuple[str, ...]
    terms: tuple[str, ...]
    ranged: frozenset[str] = frozenset()  # keys a range's start has only from its end's unit
    joined: tuple[bool, ...] = ()  # for each of ``terms``: joined to the text before by a hyphen ("PD-1")


def scan(text: str) -> Scan:
    """The terms of ``text`` (see the module's rule)."""
    tokens = list(_TOKEN.finditer(normalise(text)))
    items = [(m.lastgroup or "", m.group()) for m in tokens]
    count = len(items)

    def hyphened(j: int) -> bool:
        """Whether item ``j`` follows a hyphen that follows a word or number, with no space between."""
        return (
            j >= 2
            and items[j - 1][0] == "dash"
            and tokens[j - 2].end() == tokens[j - 1].start()
            and tokens[j - 1].end() == tokens[j].start()
        )

    def unit_at(j: int) -> tuple[str | None, int]:
        """The unit starting at item ``j`` (after an optional hyphen) and the index of its last item."""
        if j < count and items[j][0] == "dash" and j + 1 < count and items[j + 1][0] == "word":
            j += 1
        if j < count and items[j][0] in ("sym", "word") and items[j][1] in UNITS:
            return UNITS[items[j][1]], j
        return None, -1

    keys: set[str] = set()
    ranged: set[str] = set()
    plain: set[str] = set()
    words: list[str] = []
    terms: dict[int, str] = {}
    joined: dict[int, bool] = {}
    consumed: set[int] = set()
    for i, (kind, value) in enumerate(items):
        if kind != "num":
            continue
        number = _number(value)
        unit, last = unit_at(i + 1)
        in_range = unit is None and i + 2 < count and items[i + 1][0] == "dash" and items[i + 2][0] == "num"
        if unit is not None:
            consumed.update(range(i + 1, last + 1))
        elif in_range:
            unit, _ = unit_at(i + 3)  # a range: its start takes the end's unit
        comparator = items[i - 1][1] if i and items[i - 1][1] in COMPARATORS else ""
        if comparator:
            consumed.add(i - 1)
        forms = [f"#{number}"] + ([f"#{number} {unit}"] if unit else [])
        keys.update(forms)
        keys.update(comparator + form for form in forms)
        if in_range and unit:
            ranged.update({forms[-1], comparator + forms[-1]})
        else:
            plain.update({forms[-1], comparator + forms[-1]})
        terms[i] = comparator + forms[-1]
        joined[i] = hyphened(i - 1 if comparator else i)
    for i, (kind, value) in enumerate(items):
        if kind == "word":
            words.append(fold_word(value))
            if i not in consumed:
                terms[i] = words[-1]
                joined[i] = hyphened(i)
        elif kind == "sym":
            keys.add("@" + value)
            if i not in consumed:
                terms[i] = "@" + value
                joined[i] = hyphened(i)
    order = sorted(terms)
    ordered = tuple(terms[i] for i in order)
    return Scan(
        frozenset(keys), tuple(words), ordered, frozenset(ranged - plain), tuple(joined[i] for i in order)
    )


MATCH_WHOLE, MATCH_START, MATCH_INSIDE = 2, 1, 0  # how a query word matched a record's word


def _linked_forms(catalog: Catalog) -> tuple[tuple[str, ...], ...]:
    forms_of = []
    for name in LINKED_TERMS:
        term = catalog.glossary_index.get(name.casefold())
        if term is None:
            continue
        words = (" ".join(scan(form).words) for form in (term.term, term.expansion or "", *term.aliases))
        forms = tuple(form for form in dict.fromkeys(words) if form)
        if len(forms) > 1:
            forms_of.append(forms)
    return tuple(forms_of)


def linked_forms(catalog: Catalog) -> tuple[tuple[str, ...], ...]:
    """Each of ``LINKED_TERMS`` the glossary defines, as its forms (term, expansion, aliases), each form its
    words ' '-joined ("os", "overall survival"): once per catalog. A term the glossary lacks is skipped."""
    return memo.content(_linked_forms, catalog)


# A name as the terms a query of it asks for, stopwords aside: ("sinusoidal", "injury").
Name = tuple[str, ...]
Names = Mapping[Name, tuple[Name, ...]]  # a name -> every name of its glossary term(s), itself included


def name_terms(text: str) -> Name:
    """The terms of a name, stopwords aside (all of them if it is nothing else), as a query asks them."""
    terms = scan(text).terms
    return tuple(term for term in terms if term not in STOPWORDS) or terms


def _glossary_names(catalog: Catalog) -> dict[Name, tuple[Name, ...]]:
    names: dict[Name, dict[Name, None]] = {}
    for term in catalog.glossary:
        forms = [name_terms(text) for text in (term.term, term.expansion or "", *term.aliases)]
        every = dict.fromkeys(form for form in forms if form)
        for form in every:
            names.setdefault(form, {}).update(every)
    return {form: tuple(others) for form, others in names.items()}


def glossary_names(catalog: Catalog) -> dict[Name, tuple[Name, ...]]:
    """Each name the glossary gives a term (the term, its expansion, its aliases) -> every name of that term
    ("sos" -> "sinusoidal injury", "sinusoidal obstruction syndrome", "sos", ...; a name two terms share
    gets both terms' names): once per catalog. From data/glossary.yaml, not a list kept here."""
    return memo.content(_glossary_names, catalog)


def _defining(catalog: Catalog) -> dict[Name, tuple[str, ...]]:
    cited: dict[Name, dict[str, None]] = {}
    for term in catalog.glossary:
        for text in (term.term, term.expansion or "", *term.aliases):
            if form := name_terms(text):
                cited.setdefault(form, {}).update(dict.fromkeys(term.evidence_ids))
    return {form: tuple(ids) for form, ids in cited.items() if ids}


def defining_records(catalog: Catalog) -> dict[Name, tuple[str, ...]]:
    """Each glossary name -> the ids of the records its term's entry cites (``evidence_ids``: the records
    its definition rests on), for names whose term cites some: once per catalog."""
    return memo.content(_defining, catalog)


def whole_name(query: Query) -> tuple[Name, ...]:
    """Every name of the glossary term ``query`` names, when it is that name and nothing else (one run of a
    name covering every term: "CALI", "overall survival"); () otherwise."""
    if len(query.names) == 1 and query.names[0][:2] == (0, len(query.terms)):
        return query.names[0][2]
    return ()


def named_in(terms: Sequence[str], names: Collection[Name], joined: Sequence[bool] = ()) -> frozenset[Name]:
    """The ``names`` that ``terms`` hold whole: left to right, the longest name starting at a term, and the
    next looked for after it; never part of a word joined by a hyphen (``joined``: each term's flag). So a
    name inside a longer one is not there: "EPOC trial" in "New EPOC trial", "PD" in "PD-1" (glossary
    names both), "progression" in "progression-free benefit"."""
    longest = max(map(len, names), default=0)
    count = len(terms)

    def whole(i: int, k: int) -> bool:
        return tuple(terms[i : i + k]) in names and not (
            joined and (joined[i] or (i + k < count and joined[i + k]))
        )

    found = set()
    i = 0
    while i < count:
        size = next((k for k in range(min(longest, count - i), 0, -1) if whole(i, k)), 0)
        if size:
            found.add(tuple(terms[i : i + size]))
        i += size or 1
    return frozenset(found)


@dataclass(frozen=True)
class Field:
    """One searchable field of a record: its number/symbol keys, its words (' '-joined, padded), its terms
    in order without stopwords (' '-joined, padded: for phrases), and the glossary names it holds whole
    (``named_in``; only when built with the names)."""

    keys: frozenset[str]
    words: str
    sequence: str
    ranged: frozenset[str] = frozenset()
    named: frozenset[Name] = frozenset()

    @classmethod
    def of(cls, texts: Iterable[str], names: Collection[Name] = ()) -> Field:
        scanned = scan(" \n ".join(texts))
        kept = [(t, j) for t, j in zip(scanned.terms, scanned.joined, strict=True) if t not in STOPWORDS]
        sequence = [term for term, _ in kept]
        words = " " + " ".join(scanned.words) + " "
        named = named_in(sequence, names, [j for _, j in kept]) if names else frozenset()
        return cls(scanned.keys, words, " " + " ".join(sequence) + " ", scanned.ranged, named)

    def match(self, term: str) -> int | None:
        """How ``term`` matches here (``MATCH_WHOLE``, ``MATCH_START``, ``MATCH_INSIDE``); None if not."""
        if term[0] == "@" or "#" in term:  # a number or a symbol; a range's start counts less than a number
            if term not in self.keys:
                return None
            return MATCH_START if term in self.ranged else MATCH_WHOLE
        if f" {term} " in self.words:
            return MATCH_WHOLE
        if len(term) <= SHORT_WORD:
            return None
        if f" {term}" in self.words:
            return MATCH_START
        return MATCH_INSIDE if term in self.words else None

    def has_name(self, name: Name) -> bool:
        """Whether ``name`` (a glossary name) is here whole (``named_in``)."""
        return name in self.named


@dataclass(frozen=True)
class RecordText:
    """A record's searchable fields, strongest first, and what its figures measure (their labels) alone:
    None for a record without figures."""

    fields: tuple[Field, Field, Field]
    figures: Field | None = None

    def tier(self, alternatives: Sequence[str]) -> tuple[int, int] | None:
        """The strongest field (0, 1, 2) where any of ``alternatives`` matches, and the best match there;
        None when none matches anywhere."""
        for tier, field in enumerate(self.fields):
            found = [m for term in alternatives if (m := field.match(term)) is not None]
            if found:
                return tier, max(found)
        return None

    def name_tier(self, names: Iterable[Name]) -> int | None:
        """The strongest field (0, 1, 2) holding any of ``names`` as a whole name; None when none does."""
        names = tuple(names)
        return next((t for t, field in enumerate(self.fields) if any(map(field.has_name, names))), None)

    def phrase_tier(self, phrase: str) -> int:
        """The strongest field holding ``phrase`` (terms ' '-joined) as it is; 3 when none does."""
        return next((t for t, field in enumerate(self.fields) if f" {phrase} " in field.sequence), 3)


def values_text(record: Evidence) -> str:
    return "; ".join(f"{v.label}: {v.display()}" for v in record.values)


def record_text(catalog: Catalog, record: Evidence, names: Collection[Name] = ()) -> RecordText:
    """What the record says (statement, figures, section title), then what it is about (id, entities and
    the glossary's names for them), then its teaching note."""
    expansions = []
    for entity in record.entities:
        term = catalog.glossary_index.get(entity.casefold())
        if term is not None:
            expansions += [term.term, term.expansion or "", *term.aliases]
    return RecordText(
        (
            Field.of([record.statement, values_text(record), SECTION_TITLES[record.section]], names),
            Field.of([record.id.replace("-", " "), *record.entities, *expansions], names),  # an id: words
            Field.of([record.note or ""], names),
        ),
        figures=Field.of([value.label for value in record.values], names) if record.values else None,
    )


def _name_set(catalog: Catalog) -> frozenset[Name]:
    return frozenset(_glossary_names(catalog))  # one object per catalog: a key hashed once


def _index(catalog: Catalog, names: frozenset[Name]) -> tuple[RecordText, ...]:
    return tuple(record_text(catalog, record, names) for record in catalog.evidence)


def index(catalog: Catalog) -> tuple[RecordText, ...]:
    """Every record's searchable fields, in file order: built once per catalog (the process)."""
    return memo.content(_index, catalog, memo.content(_name_set, catalog))


@dataclass(frozen=True)
class Query:
    """What a text query asks: each term with its alternatives (the term first, then its synonyms); and
    ``names``, the runs of terms (start, stop) that are a glossary name, with every name of its term: a
    record holding any of those whole has the run's terms too ("SOS" finds "sinusoidal injury")."""

    terms: tuple[tuple[str, ...], ...]
    names: tuple[tuple[int, int, tuple[Name, ...]], ...] = ()
    typed: tuple[str, ...] = ()  # for each term, the word as the reader typed it ('' when not one word)

    @property
    def phrase(self) -> str:
        """The query's terms as a phrase (for ranking), '' for one term."""
        return " ".join(alternatives[0] for alternatives in self.terms) if len(self.terms) > 1 else ""

    def shown(self, i: int) -> str:
        """Term ``i`` as the reader wrote it ("BRAF", "tumours": its search form "braf" or "tumor" is
        for matching); a number or a symbol as a reader would write it ("#20 %" -> "20%", "@>=" -> ">=")."""
        if i < len(self.typed) and self.typed[i]:
            return self.typed[i]
        return self.terms[i][0].replace("#", "").replace(" %", "%").removeprefix("@")


_TYPED_WORD = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")  # a word, hyphens inside it ("re-evaluate")


def _typed_words(text: str) -> dict[str, str]:
    """Each word term of ``text`` -> the word as it is written there, first written form first: a hyphened
    word whole when it is one term ("re-evaluate"), else each of its parts ("KRAS" of "KRAS-mutant")."""
    typed: dict[str, str] = {}
    for match in _TYPED_WORD.finditer(text):
        word = match.group()
        for part in (word, *re.split(r"[-\u2010\u2011]", word)):
            terms = scan(part).terms
            if len(terms) == 1 and terms[0][0] not in "#@" and "#" not in terms[0]:
                typed.setdefault(terms[0], part)
    return typed


def _name_runs(kept: Sequence[str], spans: Sequence[tuple[int, int]], names: Names) -> list[tuple[int, int]]:
    """The longest glossary names in ``kept`` (left to right, not overlapping) as (start, stop) of the terms
    whose ``spans`` (in ``kept``) they cover; a name cutting a linked term in two is skipped."""
    longest = max(map(len, names), default=0)
    first = {start: n for n, (start, _) in enumerate(spans)}
    last = {stop: n for n, (_, stop) in enumerate(spans)}
    runs = []
    i = 0
    while i < len(kept):
        size = next(
            (k for k in range(min(longest, len(kept) - i), 0, -1) if tuple(kept[i : i + k]) in names), 0
        )
        if size and i in first and i + size in last:
            runs.append((first[i], last[i + size] + 1))
            i += size
        else:
            i += 1
    return runs


def parse_query(text: str, linked: Sequence[Sequence[str]] = (), names: Names | None = None) -> Query:
    """The terms a record must match, in the query's order: stopwords dropped unless nothing else is
    asked, repeats dropped. A run of terms that is one form of a ``linked`` term (``linked_forms``: "os",
    "overall survival") is one term, matched by any of that term's forms (the longest run first). A run
    that is a name in ``names`` (``glossary_names``) is also matched by any name of its term, whole."""
    asked = scan(text).terms
    kept = list(dict.fromkeys([term for term in asked if term not in STOPWORDS] or asked))
    terms = []
    spans = []
    i = 0
    while i < len(kept):
        runs = [
            (len(form.split(" ")), form, forms)
            for forms in linked
            for form in forms
            if kept[i : i + form.count(" ") + 1] == form.split(" ")
        ]
        if runs:
            size, form, forms = max(runs, key=lambda run: run[0])
            terms.append((form, *(other for other in forms if other != form)))
            spans.append((i, i + size))
            i += size
            continue
        term = kept[i]
        synonyms = WORD_SYNONYMS.get(term) or next(
            (alts for key, alts in SYNONYMS.items() if term.startswith(key)), ()
        )
        terms.append((term, *(s for s in synonyms if s != term)))
        spans.append((i, i + 1))
        i += 1
    names = names or {}
    runs_of_names = [
        (start, stop, names[tuple(kept[spans[start][0] : spans[stop - 1][1]])])
        for start, stop in _name_runs(kept, spans, names)
    ]
    typed = _typed_words(text)
    shown = tuple(
        typed.get(alternatives[0], "") if stop - start == 1 else ""
        for alternatives, (start, stop) in zip(terms, spans, strict=True)
    )
    return Query(tuple(terms), tuple(runs_of_names), shown)


Found = list[tuple[int, int] | None]  # for each term of a query: (tier, match) where a record has it


def found_terms(text: RecordText, query: Query) -> Found:
    """Where ``text`` has each term of ``query``: the term or a synonym (``RecordText.tier``), or a name of
    a glossary term the term's run names (a whole name, as a whole word matches)."""
    found: Found = [text.tier(alternatives) for alternatives in query.terms]
    for start, stop, names in query.names:
        tier = text.name_tier(names)
        if tier is None:
            continue
        for i in range(start, stop):
            had = found[i]
            if had is None or (tier, -MATCH_WHOLE) < (had[0], -had[1]):
                found[i] = (tier, MATCH_WHOLE)
    return found


def _in_field(field: Field, query: Query) -> int:
    """How many terms of ``query`` ``field`` has (a term, a synonym, or a name of its run)."""
    has = [any(field.match(term) is not None for term in alternatives) for alternatives in query.terms]
    for start, stop, names in query.names:
        if any(map(field.has_name, names)):
            has[start:stop] = [True] * (stop - start)
    return sum(has)


def _about(text: RecordText, query: Query) -> int:
    """How many terms of ``query`` are in what the record is about (its id, entities and their glossary
    names), whether or not it also says them: "positive margin" is the topic of
    margins-positive-margin-suboptimal-response, and only one of seven items in the Fong score's list."""
    return _in_field(text.fields[1], query)


def _in_figures(text: RecordText, query: Query) -> int:
    """How many terms of ``query`` the labels of a record's figures have (a term, a synonym, or a name of
    its run): the record's numbers measure them ("OS, surgery alone")."""
    return 0 if text.figures is None else _in_field(text.figures, query)


def _order(text: RecordText, found: Found, query: Query) -> tuple[int, ...]:
    """How well a record matches, least first: the phrase's tier; then (negated) its terms in the strongest
    field, in the two strongest, their match quality, its terms in what the record is about, its terms in
    what the record's figures measure; then 1 for a record without figures, else 0."""
    matches = [m for m in found if m is not None]
    strong = sum(1 for tier, _ in matches if tier == 0)
    middle = sum(1 for tier, _ in matches if tier <= 1)
    quality = sum(how for _, how in matches)
    phrase_tier = text.phrase_tier(query.phrase) if query.phrase else 3
    return (
        phrase_tier,
        -strong,
        -middle,
        -quality,
        -_about(text, query),
        -_in_figures(text, query),
        int(text.figures is None),
    )


def rank(texts: Sequence[RecordText], positions: Iterable[int], query: Query) -> list[int]:
    """The positions whose record matches every term of ``query``, best first: the query as a phrase in a
    stronger field; then more terms in what the record says (statement, figures, section title), then in
    that or what it is about (id, entities); then more terms matched as whole words (then at a word's
    start); then more terms in what it is about; then more terms in its figures' labels; then a record with
    figures; then file order."""
    scored = []
    for position in positions:
        found = found_terms(texts[position], query)
        if all(m is not None for m in found):
            scored.append((*_order(texts[position], found, query), position))
    return [key[-1] for key in sorted(scored)]


def informative(query: Query) -> list[int]:
    """The indices of the terms of ``query`` that say what it is about: all but ``FUNCTION_WORDS``, which
    count only as part of a glossary name."""
    named = {i for start, stop, _ in query.names for i in range(start, stop)}
    return [
        i for i, alternatives in enumerate(query.terms) if i in named or alternatives[0] not in FUNCTION_WORDS
    ]


def subject(query: Query) -> list[int]:
    """The indices of the terms of ``query`` that name what it asks about: those in a run that is a glossary
    name (a term, its expansion or an alias: BRAF, FLR, margin; the records' entities are glossary names
    too). "Common" or "needed" in a question are rarer in the records than BRAF or FLR, and outweighed
    them: a partial match lacking the subject was listed first."""
    return sorted({i for start, stop, _ in query.names for i in range(start, stop)})


def closest(
    texts: Sequence[RecordText], positions: Iterable[int], query: Query
) -> list[tuple[int, tuple[int, ...]]]:
    """The positions whose record has at least half (and one or more) of the ``informative`` terms of
    ``query``, each with the indices of the informative terms it lacks: the most weight first, then as
    ``rank`` orders. A term weighs what it tells apart, log((N + 1) / (n + 1)) for a term that n of the N
    records (all of ``texts``) have, a name's other names included: "pembrolizumab" outweighs
    "progression", which more records have, and "R1" (few records say "positive margin") "survival".
    A query naming a subject (``subject``: "how common is BRAF") lists only records having some of it, those
    having more of it first: "common" alone is no answer to the question."""
    everywhere = [found_terms(text, query) for text in texts]
    named = subject(query)
    count = len(texts)
    weight = {
        i: math.log((count + 1) / (sum(1 for found in everywhere if found[i] is not None) + 1))
        for i in informative(query)
    }
    least = max((len(weight) + 1) // 2, 1)
    scored: list[tuple[tuple[float, ...], int, tuple[int, ...]]] = []
    for position in positions:
        found = everywhere[position]
        has = [i for i in weight if found[i] is not None]
        about = sum(1 for i in named if found[i] is not None)
        if len(has) >= least and (about or not named):
            counted: Found = [m if i in weight else None for i, m in enumerate(found)]
            lacks = tuple(i for i in weight if found[i] is None)
            key = (-about, -round(sum(weight[i] for i in has), 9), *_order(texts[position], counted, query))
            scored.append((key, position, lacks))
    return [(position, lacks) for _, position, lacks in sorted(scored)]


def compact(text: str) -> str:
    """A term for likeness: normalised, letters, digits and % only ('New EPOC' -> 'newepoc')."""
    return re.sub(r"[^a-z0-9%]", "", normalise(text))


def _vocabulary(catalog: Catalog) -> dict[str, str]:
    vocabulary: dict[str, str] = {}
    for term in catalog.glossary:
        for name in (term.term, *term.aliases):
            vocabulary.setdefault(compact(name), name)
    for record in catalog.evidence:
        for entity in record.entities:
            vocabulary.setdefault(compact(entity), entity)
    vocabulary.pop("", None)
    return vocabulary


def vocabulary(catalog: Catalog) -> dict[str, str]:
    """Glossary terms, their aliases and the records' entities, by ``compact`` form (once per catalog)."""
    return memo.content(_vocabulary, catalog)


def _known(catalog: Catalog) -> dict[str, str]:
    known: dict[str, str] = {}
    for term in catalog.glossary:
        for name in (term.term, term.expansion or "", *term.aliases):
            known.setdefault(compact(name), term.term)
    for record in catalog.evidence:
        for entity in record.entities:
            known.setdefault(compact(entity), entity)
    known.pop("", None)
    return known


def known_terms(catalog: Catalog) -> dict[str, str]:
    """Each glossary name (term, expansion, alias) by ``compact`` form -> its term; each entity -> itself."""
    return memo.content(_known, catalog)


def close_terms(catalog: Catalog, text: str, limit: int = 3, cutoff: float = 0.6) -> list[str]:
    """Glossary terms, aliases and entities most like ``text`` (difflib), most alike first. Text that is
    exactly a known name gets only its term ("SOS" -> sinusoidal injury, never OS, which it looks like)."""
    key = compact(text)
    if key in (known := known_terms(catalog)):
        return [known[key]]
    words = vocabulary(catalog)
    # a shorthand is offered as its term: "pem" was offered "pembro", which the page then taught
    shorthands = shorthand_terms(catalog)
    close = difflib.get_close_matches(key, words, n=limit, cutoff=cutoff)
    return list(dict.fromkeys(shorthands.get(k, words[k]) for k in close))


def _shorthands(catalog: Catalog) -> dict[str, str]:
    return {
        compact(alias): term.term
        for term in catalog.glossary
        for alias in term.aliases
        if 0 < len(compact(alias)) < len(compact(term.term))  # "pembro", not "portal vein embolization"
    }


def shorthand_terms(catalog: Catalog) -> dict[str, str]:
    """Each glossary alias shorter than its term ("bev", "pembro") by ``compact`` form -> that term."""
    return memo.content(_shorthands, catalog)
