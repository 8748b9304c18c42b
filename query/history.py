"""Reading the phrases of a question about a patient's history and about order.

A cohort question often asks about more than one study: how many studies a patient had ("3 or
more scans"), the same nodule seen on several scans, growth by a given amount, a patient's first
or latest study, and rankings ("the 5 most recent studies", "the oldest patients", "the nodule
with the lowest HU", "the patient with the most nodules"). Each reader here returns spans, like
:mod:`query.numbers`, so the parser knows which words it placed; a comparator and a number are
never guessed by a model. Called by :mod:`query.parser`.
"""

from __future__ import annotations

import dataclasses
import re

from query.numbers import (
    CMP,
    COUNT_BETWEEN,
    INCLUSIVE,
    NUM,
    POST,
    WORD_NUMBERS,
    comparator_range,
    count_between,
    number,
)
from query.typed_query import GroupField, NumberRange, OrderField, StudyFilter, StudyPick, TopN
from query.vocabulary import terms_by_form

__all__ = [
    "COUNT_SAID",
    "DIRECTION",
    "ROWS",
    "ExtremePhrase",
    "GroupPhrase",
    "GrowthPhrase",
    "PickPhrase",
    "RangePhrase",
    "TopPhrase",
    "count_words_first",
    "descends",
    "find_extremes",
    "find_groups",
    "find_growth",
    "find_picks",
    "find_rankings",
    "find_study_counts",
    "find_track_scans",
    "front_rankings",
    "said_rankings",
    "study_kind",
]

_N = (
    rf"(?P<n>\d+|{'|'.join(sorted(WORD_NUMBERS, key=len, reverse=True))}|once|twice|thrice|"
    r"a\s+single|single|only\s+one)"
)
_TIMES = {
    "once": 1.0,
    "twice": 2.0,
    "thrice": 3.0,
    "a single": 1.0,
    "single": 1.0,
    "only one": 1.0,
}
# the words that may qualify a counted study noun: its kind ("head", "low-dose"), contrast
# ("non-contrast chest cts") and "non-screening / diagnostic" (every study but the low-dose
# screening CTs: "at least 2 non-screening scans" had been read as a size of 2 mm, warned)
_NOT_SCREENING = r"non-?screening|diagnostic|non-?ldct|non-?low-dose"
_STUDY_NOUN = (
    r"(?:(?:separate|different|distinct|chest|head|brain|ct|low[- ]dose|screening|imaging|"
    rf"{_NOT_SCREENING}|non[\s-]?contrast|contrast(?:-enhanced)?|non[\s-]?enhanced|unenhanced|enhanced)\s+)"
    # "pe cts", "x rays" in two words (part 29: "exactly two chest x rays", "2 or more pe cts")
    r"{0,2}(?:(?:pe|pulmonary\s+embolism)\s+)?"
    r"(?:studies|scans|exams|examinations|cts|ct\s+scans|visits|timepoints|time\s+points|"
    r"ldcts|x[- ]?rays|radiographs|cxrs|angiograms|angios|ctas|ctpas)\b"
)
_KIND_FIELDS = ("modality", "body_part", "description")


def study_kind(words: str) -> StudyFilter | None:
    """The kind of study a counted noun names ("head cts", "low-dose chest cts", "xrays"), by
    the vocabulary's exact forms (longest first); None when it names none ("scans")."""
    forms = terms_by_form()
    words = re.sub(r"\bx\s+rays?\b", "x-rays", words.lower())  # "chest x rays": two words
    tokens = re.findall(r"[a-z0-9]+(?:[-/][a-z0-9]+)*", words)
    found: dict[str, list[str]] = {field: [] for field in _KIND_FIELDS}
    i = 0
    while i < len(tokens):
        for size in (3, 2, 1):
            term = forms.get(" ".join(tokens[i : i + size]))
            if term is not None and term.field in found and i + size <= len(tokens):
                if term.value not in found[term.field]:
                    found[term.field].append(term.value)
                i += size
                break
        else:
            i += 1
    screening = re.search(rf"\b(?:{_NOT_SCREENING})\b", words.lower())
    if not any(found.values()) and screening is None:
        return None
    return StudyFilter(
        modalities=tuple(found["modality"]),
        body_parts=tuple(found["body_part"]),
        descriptions=tuple(found["description"]),
        # "2 or more non-screening scans": any study but the low-dose screening CTs
        excluded=(StudyFilter(descriptions=("SCREENING",)),) if screening else (),
    )


@dataclasses.dataclass(frozen=True)
class RangePhrase:
    """A count condition: where it was, its range, and whether a bare number was read as exact."""

    start: int
    end: int
    range: NumberRange
    guessed: bool = False
    conflict: bool = False
    """ "exactly 4 or more scans": "exactly" with a bound; the bound is read, and said so."""
    kind: StudyFilter | None = None
    """The kind of study counted ("more than 1 head CT"); None: every study."""


def _count(raw: str) -> float:
    word = re.sub(r"\s+", " ", raw.lower())
    return _TIMES[word] if word in _TIMES else number(word)


def _bounds(m: re.Match[str]) -> tuple[NumberRange, bool, bool]:
    value = _count(m.group("n"))
    only = (m.groupdict().get("only") or "").strip() or (
        "only"
        if re.sub(r"\s+", " ", m.group("n").lower()) in ("a single", "single", "only one")
        else ""
    )
    cmp, post = m.group("cmp"), m.group("post")
    if only or cmp or post:
        exact = (m.groupdict().get("only") or "").strip() in ("exactly", "only", "just")
        return comparator_range(cmp, post, value), False, exact and bool(cmp or post)
    return NumberRange(value, value), True, False


# "2 or more lung-rads 4a studies", "at least 3 category 2 ldcts": a number before a Lung-RADS
# category and a study noun after it counts the patient's studies of that category (part 38, E:
# the number had been read as a diameter in mm, warned). The category is the Lung-RADS reader's;
# these are the words around it.
_COUNT_BEFORE_CATEGORY = re.compile(
    rf"(?:(?P<only>exactly|only|just)\s+|{CMP}\s*)?(?<![\w.])(?!(?:19|20)\d\d\b){_N}\s*{POST}?\s+$",
    re.I,
)


def category_count(
    text: str, start: int, end: int, categories: tuple[str, ...]
) -> RangePhrase | None:
    """The studies per patient counted when the Lung-RADS category at ``start:end`` has a count
    with a bound or "exactly" before it ("2 or more", "at least 3") and a study noun after it;
    the phrase spans both. A bare number (a year, a count said without a bound) is not read."""
    before = _COUNT_BEFORE_CATEGORY.search(text, 0, start)
    noun = re.compile(rf"\s+(?:{_STUDY_NOUN}|{_ONE_NOUN})", re.I).match(text, end)
    if before is None or noun is None or before.end() != start:
        return None
    bounds, bare, conflict = _bounds(before)
    if bare:  # "2025 category 3 cts", "3 lung-rads 2 scans": no bound said, left as it was
        return None
    kind = dataclasses.replace(study_kind(noun.group(0)) or StudyFilter(), lung_rads=categories)
    return RangePhrase(before.start(), noun.end(), bounds, False, conflict, kind)


# "a nodule tracked across at least three exams": the verb of following a nodule is the track's
# too (part 30: "tracked" had been left unread, warned)
_TRACK_SCANS = re.compile(
    r"\b(?:(?:tracked|followed|monitored|visible|present|identified|seen|imaged)\s+)?"
    # "patients with over 3 chest cts": after a verb of having, "over" is "more than", a count
    # of the patient's studies (it had been read as a nodule on 3 scans, silently)
    r"(?:on|across|in|(?<!with\s)(?<!having\s)(?<!had\s)(?<!has\s)(?<!have\s)(?<!got\s)over)"
    rf"\s+(?:(?P<only>exactly|only|just)\s+|{CMP}\s*)?{_N}\s*{POST}?\s+" + _STUDY_NOUN,
    re.I,
)
# the singular nouns after "1 / one / a single": a kind of study too ("exactly 1 ldct")
_ONE_NOUN = (  # "exactly 1 pe ct", "a single chest x ray" (part 29), "one imaging exam" (part 28)
    # the words of a plural one too ("more than one non-contrast head ct", part 37, C: the
    # contrast word had cut the count off, read as a size, warned)
    r"(?:(?:separate|different|distinct|chest|head|brain|ct|screening|low[- ]dose|imaging|"
    rf"{_NOT_SCREENING}|non-?contrast|contrast(?:-enhanced)?|non-?enhanced|unenhanced|enhanced)"
    r"\s+){0,2}(?:pe\s+)?"
    r"(?:study|scan|exam|examination|ct|visit|ldct|cxr|x[- ]?ray|radiograph|cta|ctpa|angiogram)\b"
)
_STUDY_COUNT = re.compile(  # a number glued to letters ("ct02 head cts") counts nothing
    rf"(?:(?P<only>exactly|only|just)\s+|{CMP}\s*)?(?<![\w.]){_N}\s*{POST}?\s+"
    + rf"(?:{_STUDY_NOUN}|(?P<one>{_ONE_NOUN}))",
    re.I,
)
_SCANNED_TIMES = re.compile(
    rf"\b(?:scanned|imaged|studied|seen|examined|had\s+ct)\s+(?:(?P<only>exactly|only|just)\s+|"
    rf"{CMP}\s*)?{_N}(?:\s+times?)?\s*{POST}?(?!\s*(?:mm|cm|years?))",
    re.I,
)
_ONE_STUDY = re.compile(
    r"\b(?:(?:only|just|exactly)\s+)?(?:a\s+single|single|one|1)\s+" + _ONE_NOUN, re.I
)
_MULTIPLE_STUDIES = re.compile(
    r"\b(?:multiple|several|repeated|repeat|serial|more\s+than\s+one)\s+" + _STUDY_NOUN, re.I
)


def find_track_scans(text: str) -> list[RangePhrase]:
    """ "the same nodule on 3 scans", "seen on at least 2 studies": scans per nodule track."""
    return [RangePhrase(m.start(), m.end(), *_bounds(m)) for m in _TRACK_SCANS.finditer(text)]


# "between 2 and 4 studies", "1-3 ldcts": studies per patient in a range (the upper bound had
# been read alone as exactly that many, part 28)
_STUDY_COUNT_RANGE = re.compile(COUNT_BETWEEN + _STUDY_NOUN + INCLUSIVE, re.I)


def find_study_counts(text: str) -> list[RangePhrase]:
    """ "3 or more studies", "scanned twice", "multiple CTs": studies per patient; the kind of
    study the noun names ("more than 1 head CT", "2 or more ldcts") is what is counted."""
    found = [
        RangePhrase(m.start(), m.end(), NumberRange(*count_between(m)), kind=study_kind(m.group(0)))
        for m in _STUDY_COUNT_RANGE.finditer(text)
    ]
    found += [
        RangePhrase(m.start(), m.end(), *_bounds(m), kind=study_kind(m.group(0)))
        for m in _STUDY_COUNT.finditer(text)
        if not (m.group("one") and _WITHIN_ONE.search(text[: m.start()]))  # "on 1 scan"
    ]
    found += [
        RangePhrase(m.start(), m.end(), *_bounds(m), kind=study_kind(m.group(0)))
        for m in _SCANNED_TIMES.finditer(text)
    ]
    found += [
        RangePhrase(m.start(), m.end(), NumberRange(low=2), kind=study_kind(m.group(0)))
        for m in _MULTIPLE_STUDIES.finditer(text)
    ]
    found += [
        RangePhrase(m.start(), m.end(), NumberRange(1, 1), kind=study_kind(m.group(0)))
        for m in _ONE_STUDY.finditer(text)
        if not _WITHIN_ONE.search(text[: m.start()])  # "on a single scan" is per study
    ]
    return found


_WITHIN_ONE = re.compile(r"\b(?:on|in|per|within|at)\s+(?:a\s+|the\s+)?$", re.I)


@dataclasses.dataclass(frozen=True)
class GrowthPhrase:
    start: int
    end: int
    range: NumberRange


_GROWTH = re.compile(
    # "size went up by at least 3 mm", "enlargement of 2 mm" (part 30)
    # "interval enlargement by over 3 mm": "interval" says since the previous study (part 31)
    r"\b(?:interval\s+)?(?:grew|grown|growing|grow|grows|growth|increased|increase|enlarged|"
    r"enlarging|enlargement|progressed|(?:went|gone|goes|go)\s+up)"
    rf"(?:\s+in\s+size)?\s+(?:by\s+|of\s+)?{CMP}?\s*(?P<n>{NUM})\s*(?P<unit>mm|cm|millimet(?:er|re)s?|"
    rf"centimet(?:er|re)s?)\b\s*{POST}?",
    re.I,
)


# "more than 4 mm of growth", "a 3-mm increase in size", "2 mm or more of interval growth":
# the amount before the growth noun is the growth threshold too (it had been read as the
# nodule's size, and the growth left at its default, silently)
_GROWTH_AMOUNT = re.compile(
    rf"(?:{CMP}\s*)?(?<![\w.])(?P<n>{NUM})\s*-?\s*(?P<unit>mm|cm|millimet(?:er|re)s?|"
    rf"centimet(?:er|re)s?)\b\s*{POST}?\s+(?:of\s+|in\s+)?(?:(?:interval|size)\s+)?"
    r"(?:growth|increase|enlargement|progression)\b(?:\s+in\s+size)?",
    re.I,
)


def find_growth(text: str) -> list[GrowthPhrase]:
    """ "grew by more than 3 mm", "growth of at least 2 mm", "more than 4 mm of growth", "a
    3-mm increase": a growth threshold in mm, its amount said after the verb or noun of growth
    or before the noun.

    A bare amount ("grew 2 mm") reads as "at least".
    """
    found = []
    for m in [*_GROWTH.finditer(text), *_GROWTH_AMOUNT.finditer(text)]:
        value = number(m.group("n")) * (10.0 if m.group("unit").lower().startswith("c") else 1.0)
        if m.group("cmp") or m.group("post"):
            bounds = comparator_range(m.group("cmp"), m.group("post"), value)
        else:
            bounds = NumberRange(low=value)
        found.append(GrowthPhrase(m.start(), m.end(), bounds))
    return found


@dataclasses.dataclass(frozen=True)
class PickPhrase:
    start: int
    end: int
    pick: StudyPick


# "second to last exam", "penultimate scan", "the next-to-last ct", "second most recent study":
# the study before the latest; "the second study": the one after the first (part 45, B:
# "second" had been left unread and the latest taken, warned); "a second ct" is another one,
# not a place in the history (left as before)
_SECOND_LATEST = (
    r"second[\s-]+(?:to|from)[\s-]+(?:the\s+)?last|next[\s-]+to[\s-]+(?:the\s+)?last|penultimate|"
    r"second[\s-]+(?:most\s+recent|latest|newest|last)"
)
_PICK = re.compile(
    rf"\b(?P<which>{_SECOND_LATEST}|(?<!\ba\s)second|first|earliest|initial|baseline|index|latest|last|"
    r"most\s+recent|newest|recent|current|final|last\s+known)\s+(?="
    + _STUDY_NOUN.replace(
        "studies|scans|exams|examinations|cts|",
        "studies|scans|exams|examinations|cts|study|scan|exam|examination|ct|ldct|cxr|x-?ray|"
        "radiograph|visit|ctas?|ctpas?|angiograms?|angios?|imaging|",
    )
    + ")",
    re.I,
)


def find_picks(text: str) -> list[PickPhrase]:
    """ "first study", "latest scan", "most recent CT", "second to last exam": one study per
    patient (only the words before the noun are taken; the noun still says the answer is
    studies)."""
    found = []
    for m in _PICK.finditer(text):
        word = m.group("which").lower()
        pick: StudyPick = (
            "first" if word in ("first", "earliest", "initial", "baseline", "index") else "latest"
        )
        if word == "second":
            pick = "second"
        elif re.fullmatch(_SECOND_LATEST, word):
            pick = "second latest"
        found.append(PickPhrase(m.start(), m.end("which"), pick))
    return found


@dataclasses.dataclass(frozen=True)
class TopPhrase:
    start: int
    end: int
    top: TopN
    unit: str  # finding | study | patient, or "" for the question's own unit
    also: tuple[int, int] | None = None  # "the 3 [patients] with the most nodules": "the 3"
    more: tuple[tuple[int, int], ...] = ()  # other words of the same ranking ("(mm3)")
    caution: str = ""  # said with the answer when the ranking is read (no count said)


_NUMBER = rf"(?:\d+|{'|'.join(sorted(WORD_NUMBERS, key=len, reverse=True))})"
# what a ranking's count may be said in: "top 2 rows", "first 3 results" (part 37)
ROWS = r"(?:\s+(?:rows|results|records|entries|items|hits|lines))?"
# "the 5 most recently performed ldcts": the adverb and its verb are "most recent" (the
# ranking had been left unread, warned)
_DONE_VERB = r"(?:\s+(?:performed|done|acquired|obtained|taken|carried\s+out|scanned|imaged))?"
_RECENT = re.compile(
    rf"\b(?:the\s+)?(?:top\s+)?(?:(?P<n>{_NUMBER})\s+)?(?P<dir>most\s+recent|latest|newest|"
    rf"last|oldest|earliest|least\s+recent|first|(?:most|least)\s+recently{_DONE_VERB}|"
    rf"(?:latest|earliest|last|first)\s+(?:performed|done|acquired|obtained|taken)|"
    # "the 3 earliest-dated ldcts" (part 39, H: the ranking had been left unread, warned)
    rf"(?:latest|earliest|last|first|newest|oldest)[\s-]+dated)\s+"
    rf"(?:(?P<n2>{_NUMBER})\s+)?(?="
    # "the 6 newest male screening exams", "the 3 earliest ct02 ldcts": a sex, a station or a
    # year before the kind of study (part 36: the ranking had been left unread, warned)
    r"(?:(?:male|female|men's|women's|[a-z]{2}\d{2}|(?:19|20)\d\d)\s+)?"
    + _STUDY_NOUN.replace(
        "cts|", "cts|study|scan|exam|ct|ldct|cxr|cta|ctpa|angiogram|x-?ray|radiograph|"
    )
    + ")",
    re.I,
)
_PATIENT_NOUN = (
    r"(?:patients?|people|persons?|subjects?|women|woman|men|man|females?|males?|pts?|ppl)\b"
)
_AGE_RANK = re.compile(
    rf"\b(?:the\s+)?(?:top\s+)?(?:(?P<n>{_NUMBER})\s+)?(?P<dir>oldest|youngest)\s+"
    rf"(?:(?P<n2>{_NUMBER})\s+)?(?={_PATIENT_NOUN})",
    re.I,
)
_FIELD_WORDS: dict[str, OrderField] = {
    "hu": "mean_hu",
    "mean hu": "mean_hu",
    "attenuation": "mean_hu",
    "mean attenuation": "mean_hu",
    "density": "mean_hu",
    "volume": "volume_mm3",
    "confidence": "confidence",
    # "ranked by detector confidence" (part 40, L): whose confidence it is, said before it (the
    # detector's, the model's, the AI's) names the same field ("detector" had been read as
    # nothing and the ranking fell on the diameter, warned)
    "detector confidence": "confidence",
    "detection confidence": "confidence",
    "model confidence": "confidence",
    "ai confidence": "confidence",
    "algorithm confidence": "confidence",
    "confidence score": "confidence",
    "long axis": "long_axis_mm",
    "short axis": "short_axis_mm",
    "solid component": "solid_component_mm",
    # "ranked by solid component size, top 3" (part 38: "size" had been a second ranking)
    "solid component size": "solid_component_mm",
    "solid component diameter": "solid_component_mm",
    "solid part size": "solid_component_mm",
    "diameter": "diameter_mm",
    "mean diameter": "diameter_mm",
    "size": "diameter_mm",
}


def _field_named(words: str) -> OrderField:
    """The field a ranking's words name ("Mean-HU", "solid  component"), spacing and case aside."""
    return _FIELD_WORDS[re.sub(r"[\s-]+", " ", words.lower())]


# a field of two words may be hyphenated ("the greatest long-axis measurement")
_FIELD = "|".join(sorted((w.replace(" ", r"[\s-]+") for w in _FIELD_WORDS), key=len, reverse=True))
# the noun that may follow the field ranked: "the greatest long-axis measurement", "the
# highest hu value" (it had been left unread, and the ranking with it)
_MEASUREMENT = r"(?:[\s-]+(?:measurements?|values?|readings?|measures?|scores?))?"
# "the 5 highest HU", "the 18 most confident", "densest": the number before either form
_BY_FIELD = re.compile(
    rf"\b(?:the\s+)?(?:top\s+)?(?:(?P<n>{_NUMBER})\s+)?(?:(?P<dir>highest|lowest|greatest|"
    rf"largest|smallest|biggest|least|most|maximum|minimum|max|min|longest|shortest)(?:\s+|-)"
    rf"(?P<field>{_FIELD}|axis|dimension)\b{_MEASUREMENT}|"
    # "brightest / dimmest" (part 38): the highest / lowest mean attenuation
    rf"(?P<dir2>densest|least\s+dense|most\s+dense|most\s+confident|least\s+confident|"
    rf"brightest|most\s+bright|dimmest|least\s+bright|"
    rf"most\s+negative\s+(?:mean\s+)?hu|least\s+negative\s+(?:mean\s+)?hu)\b)"
    # the number after the ranking (part 29): "most confident 3 pneumothoraces", "psn largest
    # solid comp top three" (one ranking: the "top three" had been a second one); not a
    # measurement ("largest diameter 8 mm")
    rf"(?:(?:\s+|\s*,\s*(?=top\b))(?:top\s+)?(?!(?:19|20)\d\d\b)(?P<n2>{_NUMBER})\b(?!\s*(?:mm|cm|cc|ml|hu|%|percent|millim|centim|"
    r"years?|yrs?|months?|days?|weeks?|or\b|and\b|to\b|-|\.\d|through|thru)))?",
    re.I,
)
# "top N" a few words after a ranking without a number: "lowest hu nodules, top 3"
_TOP_LATER = re.compile(
    rf"(?:\s+[a-z-]+){{0,3}}?\s*,?\s*(?P<top>\btop\s+(?P<n>{_NUMBER})\b{ROWS})", re.I
)
_MOST_FINDINGS = re.compile(
    r"\b(?:the\s+)?(?P<dir>most|fewest|(?:largest|highest|greatest|biggest|maximum|max|"
    r"smallest|lowest|least|minimum|min)\s+(?:number|count|num|no\.?|#|total)\s+of|"
    r"(?:(?:ranked|sorted|ordered)\s+)?by\s+(?:(?:the\s+)?(?:number|count|num|no\.?)\s+of|"
    # "rank patients by how many nodules they have had in total" (part 38: unread, warned)
    r"how\s+many))\s+"
    r"(?=(?P<noun>(?:[a-z-]+\s+){0,2}?(?:nodules|nods|findings|masses|lesions|ggns|ggos|psns))\b"
    # "the highest number of nodules overall" (part 40, L): "overall" without "they had" too
    r"(?P<had>(?:\s+(?:they|he|she|each)(?:\s+(?:has|have|had|ever|got|gotten|shown|showed))+)?"
    r"(?:\s+(?:in\s+total|overall|altogether|in\s+all|all\s+told))?\b)?)",
    re.I,
)
# Part 40 (L): the count said after the kind of finding ("which 4 patients carry the highest
# nodule totals overall", "the 3 pts with the largest ggn count", "2 people holding the biggest
# nodule tallies"): patients ranked by their number of findings, as "the most nodules" (the
# number and the words had been left unread, warned). The kind of finding is left to be read;
# the count's word, a verb of having before the superlative and "overall" after are placed.
_FINDING_TOTALS = re.compile(
    r"\b(?:(?P<verb>carry|carries|carried|carrying|hold|holds|held|holding|bear|bears|own|"
    r"owns)\s+)?(?:the\s+)?(?P<dir>most|fewest|largest|highest|greatest|biggest|maximum|max|"
    r"smallest|lowest|least|minimum|min)\s+"
    r"(?=(?P<noun>(?:[a-z-]+\s+)?(?:nodules?|nods?|findings?|masses|mass|lesions?|ggns?|ggos?|"
    r"psns?)(?:\s+finding)?)\s+(?P<tot>totals?|counts?|tall(?:y|ies)|numbers?|burden)\b"
    r"(?P<had>\s+(?:in\s+total|overall|altogether|in\s+all|all\s+told))?\b)",
    re.I,
)
# "the fewest", "the smallest / lowest / least number of nodules": the ranking ascends
_FEWEST = frozenset({"fewest", "smallest", "lowest", "least", "minimum", "min"})
# the number may open the question too: "4 pts with the most nodules", as "the 4 pts ..."
_TOP_COUNT = re.compile(
    rf"(?:\b(?:top|the|which|what|show|list|find|get|give\s+me)\s+|^)(?P<n>{_NUMBER})\s+"
    # the kind of study may come in two words: "top 5 chest cts by nodule count" (the number
    # had been read as 5 studies per patient)
    rf"(?=(?:{_PATIENT_NOUN}|studies|scans|exams|cts|ldcts|{_STUDY_NOUN})\b)",
    re.I,
)


def _end(m: re.Match[str]) -> int:
    """Where a ranking ends: before a second number ("the 6 most recent 3 ldcts": the "3" is
    left to be read, and named, not dropped)."""
    both = m.groupdict().get("n") and m.groupdict().get("n2")
    return m.end("dir") if both else m.end()


def _n(m: re.Match[str]) -> int:
    raw = m.groupdict().get("n") or m.groupdict().get("n2")
    return int(number(raw)) if raw else 1


# "the most recent study with a mass", "show the first ct with an effusion": a singular study
# noun after "the" + a superlative that opens the question asks for the one study (it had been
# read as each patient's latest, silently). Not where the question is per patient ("each",
# "per", "their", "whose", "for P1 and P2"): there it is each patient's (see find_picks).
# what may open "the latest scan ..." asked as one study; or nothing: a question that opens
# with the ranking itself ("most recent chest x-ray", part 50: it had been each patient's
# latest, silently)
_OPENING = re.compile(
    r"(?:(?:show|list|find|get|give|name|pull|display)\s+(?:me\s+)?|"
    r"(?:what|which)\s+(?:is|was)\s+|when\s+was\s+)?(?:the\s+)$|"
)
_SINGULAR_STUDY = re.compile(
    r"(?:(?:chest|head|brain|ct|low[- ]dose|screening|contrast(?:-enhanced)?)\s+){0,2}"
    r"(?:study|scan|exam|examination|ct|ldct|cxr|x-?ray|radiograph|angiogram|angio|cta|ctpa)\b"
    r"(?![-'])"
    # the noun ends its phrase ("the first ct angiograms": "ct" names the kind of a plural)
    r"(?=\s*(?:$|[,.?;!]|(?:with|w|w/|of|for|in|on|from|showing|shows|showed|that|which|where|"
    r"since|during|before|after|at|was|is|had|has|having|demonstrating|by)\b))"
)
_PER_PATIENT = re.compile(
    r"\b(?:each|every|per|their|whose|his|her|all)\b|\bp\d{3,}\b.*\bp\d{3,}\b"
)


# a patient named or spoken of: "first scan of patient P00002" stays that patient's first study
# (a pick), where a question that opens with the ranking otherwise asks for one study
_A_PATIENT = re.compile(r"\b(?:p\d{3,}|patients?|pts?|mrn)\b")


def _the_one_study(text: str, m: re.Match[str]) -> bool:
    opening = _OPENING.fullmatch(text, 0, m.start("dir"))
    return bool(
        opening
        and (opening.group(0) or not _A_PATIENT.search(text))
        and _SINGULAR_STUDY.match(text, m.end())
        and not _PER_PATIENT.search(text)
    )


def find_rankings(text: str) -> list[TopPhrase]:
    """Top-N by study date, by age, by a finding attribute, or by number of findings.

    A ranking by number of findings leaves its unit ("") to the question's own unit word.
    """
    found = _of_their_largest(text)
    for m in _RECENT.finditer(text):
        numbered = m.group("n") or m.group("n2")
        if m.group("dir").lower() == "first" if numbered else not _the_one_study(text, m):
            continue  # "the latest scan" is each patient's latest: see find_picks
        latest = m.group("dir").lower().split()[0] in ("most", "latest", "newest", "last")
        found.append(TopPhrase(m.start(), _end(m), TopN(_n(m), "study_date", latest), "study"))
    for m in _AGE_RANK.finditer(text):
        youngest = m.group("dir").lower() == "youngest"  # youngest: latest birth date
        top = TopN(_n(m), "birth_date", youngest)
        found.append(TopPhrase(m.start(), _end(m), top, "patient"))
    # "pts whose biggest nodule has the largest diameter": the words of the patients' ranking
    theirs = [w.span("more") for w in _WHOSE_LARGEST.finditer(text)]
    for m in _BY_FIELD.finditer(text):
        if any(start <= m.start() < end for start, end in theirs):
            continue
        if m.group("dir2"):
            word = re.sub(r"\s+", " ", m.group("dir2").lower())
            field: OrderField = "confidence" if "confident" in word else "mean_hu"
            largest = word in (
                "densest",
                "most dense",
                "most confident",
                "brightest",
                "most bright",
            ) or word.startswith("least negative")
        else:
            field, largest = _ranked_field(m.group("dir").lower(), m.group("field").lower())
        n, extra, end = _n(m), None, m.end()
        more: tuple[tuple[int, int], ...] = ()
        if m.group("n") and m.group("n2"):  # "the 5 highest confidence 3 ...": the 3 is named
            end = m.start("n2")
        ahead = _N_FINDINGS_WITH.search(text[: m.start()])
        later, later_span = _TOP_LATER.match(text, m.end()), (0, 0)
        if later is not None:
            later_span = later.span("top")
        elif not m.group("n2"):
            # "psns with the biggest solid comp - give me the top 5 findings" (part 39, H)
            later = _TOP_AFTER.match(text, m.end())
            later_span = later.span() if later is not None else later_span
        if ahead is not None and not m.group("n") and not m.group("n2"):
            # "3 nodules w highest HU": of the ranking
            lead = "lead" if ahead.group("lead") else "lead2"
            n, extra = int(number(ahead.group("n") or ahead.group("n2"))), ahead.span(lead)
            carry = "verb" if ahead.group("verb") else "verb2"
            more = (ahead.span(carry),) if ahead.group(carry) else ()  # "carry" (part 39, H)
        elif later is not None and not m.group("n") and not m.group("n2"):
            # "lowest hu nodules, top 3": the number of the same ranking (part 29)
            n, extra = int(number(later.group("n"))), later_span
        more += _bracket_restating(text, end, field)  # "(top mean attenuation in HU)"
        found.append(TopPhrase(m.start(), end, TopN(n, field, largest), "finding", extra, more))
    for m in _BY_ORDER.finditer(text):
        ahead = _TOP_N.search(text[: m.start()])  # "top 5 nodules by volume", "5 biggest ..."
        field = _field_named(m.group("field"))
        if _names_the_bound(text[: m.start()], field):
            continue  # "more than 2 cc by volume": the bound's field (query.numbers)
        largest = descends(m.group("dir") or "")
        direction = ahead and (ahead.group("dir") or ahead.group("dir2"))
        if direction:
            largest = direction.lower() not in ("smallest", "lowest", "tiniest", "shortest")
        count = ahead and (ahead.group("n") or ahead.group("n2") or ahead.group("n3"))
        end = m.end()
        after = None if ahead else _TOP_AFTER.match(text, end)
        if after:  # "pneumothorax findings ranked by confidence, top 3"
            count, end = after.group("n"), after.end()
            if after.group("sup"):  # "ranked by volume, smallest 3"
                largest = after.group("sup").lower() not in _LOW_WORDS
        if not count and _SAID_ON.match(m.group(0)):
            continue  # "when sorted on volume" with no count: unread, as before (warned)
        said = m.group("dir")
        if not count and said and not _SAID_BEFORE.fullmatch(re.sub(r"\s+", " ", said.lower())):
            # "sorted by volume desc" with no count asks for every one in order, which no typed
            # query holds: part 37's direction words stay unread (warned), never one answered
            end = m.start("dir")
        top = TopN(int(number(count)) if count else 1, field, largest)
        extra = (ahead.start(), _top_end(ahead)) if ahead else None
        verb = None if ahead else _RANK_VERB.search(text, 0, m.start())
        if verb:  # "rank the solid nodules by their volume": the verb of this ranking
            extra = verb.span("verb")
        caution = "" if count else _no_count(text, m.start(), end)
        more = _bracket_restating(text, end, field)
        found.append(TopPhrase(m.start(), end, top, "finding", extra, more, caution))
    totals = list(_FINDING_TOTALS.finditer(text))
    for m in [*_MOST_FINDINGS.finditer(text), *totals]:
        ahead = _TOP_COUNT.search(text[: m.start()])
        n = int(number(ahead.group("n"))) if ahead else 1
        extra = (ahead.start(), ahead.end()) if ahead else None
        after = (
            None
            if ahead
            else _TOP_AFTER.match(text, m.end("had") if m.group("had") else m.end("noun"))
        )
        if after:  # "pts ranked by ggn count, top 3": the number after it (part 25)
            n, extra = int(number(after.group("n"))), after.span()
        largest = m.group("dir").lower().split()[0] not in _FEWEST
        more = (m.span("had"),) if m.group("had") else ()
        if m in totals:  # "the highest nodule totals": the count's word
            more += (m.span("tot"),)
        verb = None if ahead else _RANK_VERB.search(text, 0, m.start())
        if verb:  # "rank patients by how many nodules they have had": the verb of the ranking
            more += (verb.span("verb"),)
        said = m.group("dir").lower()
        caution = (
            ""
            if ahead or after or not said.endswith(("of", "many"))
            else _no_count(text, m.start(), m.end())
        )
        top = TopN(n, "finding_count", largest)
        found.append(TopPhrase(m.start(), m.end(), top, "", extra, more, caution))
    return found + _field_rankings(text) + _dated_studies(text) + _patients_with_largest(text)


# A word that ranks for one answer ("the largest nodule by volume", "which patient has the most
# nodules"): with one of these outside it, a ranking without a count asks for the first one.
_ONE_ASKED = re.compile(
    r"\b(?:largest|biggest|greatest|highest|longest|smallest|lowest|tiniest|shortest|most|"
    r"least|fewest|top|single|max(?:imum)?|min(?:imum)?|densest|brightest|oldest|newest|"
    r"latest|earliest|first|one|which|what)\b",
    re.I,
)


def _no_count(text: str, start: int, end: int) -> str:
    """Part 38 (E): "nodules ranked by volume", "ggns by size, largest first", "patients sorted
    by number of nodules": a ranking with no count and no word asking for one asks for every one
    in order, which no typed query holds (its count is a number); the first one is answered and
    the caution says so (it had been answered alone, silently)."""
    if _ONE_ASKED.search(text, 0, start) or _ONE_ASKED.search(text, end):
        return ""
    said = re.sub(r"\s+", " ", text[start:end].strip())
    return (
        f"'{said}' gives no count: only the first one is shown (every one in order cannot be "
        "listed); say 'top N' for more"
    )


# Part 38 (E): "largest nodules", "the ggns with the lowest hu", "most confident effusions": a
# superlative with no count and plural findings asks for more than one, but for how many is not
# said; the first one is answered with a caution (it had been answered alone, silently).
_SUPERLATIVE = (
    r"(?:largest|biggest|greatest|smallest|tiniest|longest|shortest|highest|lowest|densest|"
    r"brightest|dimmest|most\s+confident|least\s+confident)"
)
_PLURAL_FINDINGS = (
    r"(?:nodules|nods|ggns|ggos|psns|masses|findings|lesions|effusions|pneumothora(?:ces|xes)|"
    r"consolidations|opacities)"
)
_PLURAL_SUPERLATIVE = re.compile(
    rf"(?<!\d )(?<!\btop )\b(?P<said>{_SUPERLATIVE}\s+(?:[a-z-]+\s+){{0,2}}?"
    rf"{_PLURAL_FINDINGS})\b(?!\s*,?\s*(?:top\s+)?\d)|"
    rf"\b(?P<said2>{_PLURAL_FINDINGS}\s+(?:with|having|w)\s+the\s+{_SUPERLATIVE})\b",
    re.I,
)


def plural_superlative(text: str) -> str | None:
    """The words of a superlative said of plural findings with no count, if any."""
    m = _PLURAL_SUPERLATIVE.search(text)
    if m is None or re.search(rf"\b(?:{_NUMBER})\b", text[: m.start()][-12:]):
        return None
    return re.sub(r"\s+", " ", m.group("said") or m.group("said2"))


# Part 38 (E): a bracket after a ranking that restates its field or gives its unit ("brightest
# 3 nodules on ct (top mean attenuation in HU)", "the 11 largest nodules by volume (mm3)"): the
# same ranking, said again (it had been left unread, warned). A bracket naming another field or
# unit stays unread.
_BRACKET = re.compile(
    r"\s*\(\s*(?:(?:top|highest|greatest|largest|biggest|max(?:imum)?|lowest|smallest|min(?:imum)?|"
    rf"by)\s+)?(?:(?P<field>{_FIELD})(?:\s+(?:in\s+)?(?P<unit2>[a-z0-9³^]+))?|(?:in\s+)?"
    r"(?P<unit>[a-z0-9³^]+))\s*\)",
    re.I,
)
_IN_UNIT = re.compile(r"\s+in\s+(?P<unit>mm3|mm³|mm\^3|cc|ml|hu|mm|cm)\b", re.I)
_UNITS: dict[str, tuple[str, ...]] = {
    "mean_hu": ("hu",),
    "volume_mm3": ("mm3", "mm³", "mm^3", "cc", "ml"),
    "diameter_mm": ("mm", "cm"),
    "long_axis_mm": ("mm", "cm"),
    "short_axis_mm": ("mm", "cm"),
    "solid_component_mm": ("mm", "cm"),
    "confidence": ("%",),
}


def _bracket_restating(text: str, end: int, field: OrderField) -> tuple[tuple[int, int], ...]:
    """The first bracket after a finding ranking, when it restates that ranking's field or
    gives its unit ("(mm3)" reaches the readers as "in mm3", right after the noun)."""
    unit_said = _IN_UNIT.match(text, end)
    if unit_said is not None and unit_said.group("unit").lower() in _UNITS.get(field, ()):
        return (unit_said.span(),)
    m = _BRACKET.search(text, end)
    if m is None or text.find("(", end) != m.start() + len(m.group(0)) - len(m.group(0).lstrip()):
        return ()
    said = m.group("field")
    unit = (m.group("unit") or m.group("unit2") or "").lower()
    same = said is None or _field_named(said) == field
    if same and (not unit or unit in _UNITS.get(field, ())) and (said or unit):
        return (m.span(),)
    return ()


# Part 38 (E): "volume ranking: the 11 largest nodules", "hu ranking - top 5 nodules": a field
# named before "ranking" is the field the superlative (or "top") after it ranks (the field had
# been left unread and the size ranked, warned)
_FIELD_RANKING = re.compile(
    rf"\b(?P<field>{_FIELD})\s+(?:ranking|rankings|ranked|leaderboard|league\s+table)\s*"
    rf"[:,-]?\s*(?:the\s+)?(?:top\s+)?(?P<n>{_NUMBER})\s+(?:(?P<dir>largest|biggest|greatest|highest|smallest|lowest|tiniest)\b)?",
    re.I,
)


def _field_rankings(text: str) -> list[TopPhrase]:
    found = []
    for m in _FIELD_RANKING.finditer(text):
        field = _field_named(m.group("field"))
        said = (m.group("dir") or "largest").lower()
        largest = said not in ("smallest", "lowest", "tiniest", "shortest")
        top = TopN(int(number(m.group("n"))), field, largest)
        noun = _FINDING_NOUN.match(text, m.end())
        more = _bracket_restating(text, noun.end() if noun else m.end(), field)
        found.append(TopPhrase(m.start(), m.end(), top, "finding", None, more))
    return found


_FINDING_NOUN = re.compile(
    r"\s*(?:[a-z-]+\s+){0,2}?(?:nodules?|nods?|findings?|masses|mass|lesions?|ggns?|ggos?|psns?)\b",
    re.I,
)
_STUDY_PLURAL = (
    r"(?:studies|scans|exams|examinations|cts|ldcts|x-?rays|radiographs|cxrs|angiograms|angios|"
    r"ctas|ctpas)"
)
# Part 38 (E): "4 head cts having the earliest dates overall", "the 3 ldcts with the most recent
# study dates": studies ranked by their date, the number the ranking's (it had been read as 4
# studies per patient, warned). The kind of study between is read as usual.
_DATED_STUDIES = re.compile(
    rf"(?P<lead>(?:\b(?:the|top|which|what)\s+|^|\b(?:show|list|find|get|give\s+me)\s+)"
    rf"(?P<n>{_NUMBER}))\s+(?:[a-z0-9-]+\s+){{0,3}}?{_STUDY_PLURAL}\s+"
    r"(?P<rank>(?:having|with|w|w/|that\s+(?:have|had)|which\s+(?:have|had))\s+the\s+"
    r"(?P<dir>earliest|oldest|first|latest|newest|most\s+recent|last)\s+"
    r"(?:(?:study|exam|scan|acquisition|imaging)\s+)?dates?"
    r"(?:\s+(?:overall|of\s+all|in\s+the\s+cohort|across\s+(?:all\s+)?(?:patients|pts)))?)\b",
    re.I,
)


# "of all head CTs, the 4 dated earliest", "among 2025 ldcts the 3 done most recently" (part
# 39, H): the studies named before, ranked by their date (the number and the superlative had
# been left unread, warned). Only after a kind of study said earlier in the question.
_DATED_AFTER = re.compile(
    rf"(?P<lead>\b(?:the|top)\s+(?P<n>{_NUMBER}))\s+(?P<rank>(?:dated|done|performed|acquired|"
    r"obtained|taken|scanned)\s+(?P<dir>earliest|latest|first|last|newest|oldest|most\s+recently|"
    r"least\s+recently))\b",
    re.I,
)
_STUDIES_BEFORE = re.compile(rf"\b{_STUDY_PLURAL}\b", re.I)


def _dated_studies(text: str) -> list[TopPhrase]:
    found = []
    for m in _DATED_AFTER.finditer(text):
        if not _STUDIES_BEFORE.search(text, 0, m.start()):
            continue
        said = m.group("dir").lower()
        latest = said.split()[0] in ("latest", "newest", "last") or said == "most recently"
        top = TopN(int(number(m.group("n"))), "study_date", latest)
        found.append(TopPhrase(m.start("rank"), m.end("rank"), top, "study", m.span("lead")))
    for m in _DATED_STUDIES.finditer(text):
        latest = m.group("dir").lower().split()[0] in ("latest", "newest", "most", "last")
        top = TopN(int(number(m.group("n"))), "study_date", latest)
        found.append(TopPhrase(m.start("rank"), m.end("rank"), top, "study", m.span("lead")))
    return found


# Part 38 (E): "pt with the single biggest nodule ever recorded", "the 2 patients with the
# largest nodules": patients ranked by their largest finding (it had been the findings ranked,
# listed as findings, and "single" left unread). Only the largest: "with the smallest nodule"
# is not the smallest of each patient's largest, and stays with the other readers.
_PATIENTS_WITH_LARGEST = re.compile(
    rf"(?P<lead>\b(?:top|the|which|what)\s+(?P<n>{_NUMBER})\s+|^(?P<n2>{_NUMBER})\s+)?"
    rf"{_PATIENT_NOUN}\s+(?P<rank>(?:with|w|w/|having|who\s+(?:has|had|have)|"
    r"that\s+(?:has|had|have))\s+(?:the\s+)?(?:(?:single|one)\s+)?"
    r"(?P<dir>largest|biggest|greatest))\s+"
    r"(?=(?:[a-z-]+\s+)?(?:nodules?|nods?|findings?|lesions?|masses|mass|ggns?|ggos?|psns?)\b)",
    re.I,
)


# "3 pts whose single biggest nodule has the largest diameter" (part 39, H): the same ranking,
# said of the patient's largest finding (the "3" and "single" had been left unread, and the
# findings ranked, warned). The kind of finding between is read as usual.
_WHOSE_LARGEST = re.compile(
    rf"(?P<lead>\b(?:top|the|which|what)\s+(?P<n>{_NUMBER})\s+|^(?P<n2>{_NUMBER})\s+)?"
    rf"{_PATIENT_NOUN}\s+(?P<rank>whose\s+(?:(?:single|one)\s+)?(?:largest|biggest|greatest))\s+"
    r"(?:[a-z-]+\s+)?(?:nodule|nod|finding|lesion|mass|ggn|ggo|psn)\s+"
    r"(?P<more>(?:has|had|is|was)\s+(?:the\s+)?(?:largest|biggest|greatest)"
    r"(?:\s+(?:mean\s+)?(?:diameter|size))?)\b",
    re.I,
)


def _patients_with_largest(text: str) -> list[TopPhrase]:
    found = []
    for m in [*_PATIENTS_WITH_LARGEST.finditer(text), *_WHOSE_LARGEST.finditer(text)]:
        raw = m.group("n") or m.group("n2")
        top = TopN(int(number(raw)) if raw else 1, "diameter_mm", True, of_patients=True)
        extra = m.span("lead") if m.group("lead") else None
        more = (m.span("more"),) if "more" in m.groupdict() else ()
        found.append(TopPhrase(m.start("rank"), m.end("rank"), top, "patient", extra, more))
    return found


# "top 2 pts ranked by the volume of their biggest nodule", "patients sorted by the diameter of
# their largest ggn, top 3": patients ranked by the largest value of a measurement among their
# findings (part 37; the findings had been ranked, warned). The people and the findings are left
# to the other readers (a sex, a kind of finding); the number may come before or after.
_OF_THEIR_LARGEST = re.compile(
    rf"(?P<lead>\b(?:top|the)\s+(?P<n>{_NUMBER})\s+)?(?:(?:[a-z-]+\s+){{0,2}}?{_PATIENT_NOUN})\s+"
    rf"(?P<rank>(?:(?:ranked|sorted|ordered)\s+)?by\s+(?:the\s+)?(?P<field>{_FIELD}){_MEASUREMENT}\s+"
    r"of\s+(?:their|his|her)\s+(?:single\s+)?(?:biggest|largest))\s+"
    r"(?=(?P<noun>(?:[a-z-]+\s+)?(?:nodules?|nods?|findings?|lesions?|masses|mass|ggns?|ggos?|"
    r"psns?))\b)",
    re.I,
)


def _of_their_largest(text: str) -> list[TopPhrase]:
    found = []
    for m in _OF_THEIR_LARGEST.finditer(text):
        field = _field_named(m.group("field"))
        count, extra = m.group("n"), m.span("lead") if m.group("lead") else None
        after = None if count else _TOP_AFTER.match(text, m.end("noun"))
        if after:
            count, extra = after.group("n"), after.span()
        if not count:
            continue  # every patient in order is no typed query: left to the others (warned)
        top = TopN(int(number(count)), field, True, of_patients=True)
        found.append(TopPhrase(m.start("rank"), m.end("rank"), top, "patient", extra))
    return found


# Part 39 (H): "by volume" right after a bound in a volume's unit ("a nodule of more than 2 cc
# by volume"), "by long axis" after one in a length's, names the bound's field (read with the
# bound); it is no ranking (it had been the largest one by volume, warned).
_BOUND_UNIT = re.compile(r"\d\s*(?P<unit>cc|ml|mm3|mm³|cm3|mm|cm)\s+$", re.I)
_UNIT_FIELDS = {"volume_mm3": ("cc", "ml", "mm3", "mm³", "cm3"), "long_axis_mm": ("mm", "cm")}


def _names_the_bound(before: str, field: OrderField) -> bool:
    bound = _BOUND_UNIT.search(before)
    if bound is None:
        return False
    units = _UNIT_FIELDS.get("long_axis_mm" if field == "short_axis_mm" else field, ())
    return bound.group("unit").lower() in units


def _top_end(ahead: re.Match[str]) -> int:
    """Where the number and direction before "by <field>" end ("the 3 smallest", "smallest 3",
    "top 3"): the words after them (the kind of finding) are read as usual."""
    for group in ("n3", "dir", "n"):
        if ahead.group(group):
            return ahead.end(group)
    return ahead.end()


# The words of a ranking's direction (part 37): "desc", "high to low", "in descending order",
# "smallest to largest"; what reads one reads them all (they had been left unread, warned).
_HIGH = r"(?:high(?:est|er)?|large(?:st|r)?|big(?:gest|ger)?|great(?:est|er)?|long(?:est|er)?)"
_LOW = r"(?:low(?:est|er)?|small(?:est|er)?|tin(?:iest|ier)|short(?:est|er)?)"
_DESCENDING = (
    rf"descending|desc|decreasing|{_HIGH}\s+to\s+{_LOW}|"
    r"most\s+to\s+least|max(?:imum)?\s+to\s+min(?:imum)?|(?:largest|biggest|highest|greatest)\s+first"
)
_ASCENDING = (
    rf"ascending|asc|increasing|{_LOW}\s+to\s+{_HIGH}|"
    r"least\s+to\s+most|min(?:imum)?\s+to\s+max(?:imum)?|(?:lowest|smallest)\s+first"
)
DIRECTION = rf"(?:in\s+)?(?:{_DESCENDING}|{_ASCENDING})(?:\s+order)?"
# "when sorted by", "sorted on" (part 37): read only with a count, as the directions below
_SAID_ON = re.compile(r"(?:when|once|if|after)\b|[a-z]+\s+on\b", re.I)
# the directions read before part 37 (with or without a count, as they were)
_SAID_BEFORE = re.compile(
    r"ascending|descending|(?:lowest|smallest|largest|biggest|highest|greatest) first"
)


def descends(direction: str) -> bool:
    """Whether a direction said in :data:`DIRECTION`'s words ranks the largest first (no
    direction: the largest first, as "top 5 by volume")."""
    return not re.search(rf"\b(?:{_ASCENDING})\b", direction, re.I)


_BY_ORDER = re.compile(
    # "rank the solid nodules by their volume": "their / its / the" before the field; "sorted on
    # volume", "when sorted by volume" (part 37: "on" and "when" had been left unread, warned)
    r"\b(?:(?:(?:when|once|if|after)\s+)?(?:ranked|sorted|ordered)\s+(?:by|on)|by)\s+"
    rf"(?:(?:their|its|the)\s+)?(?P<field>{_FIELD})\b"
    # the direction may be in brackets and say the largest first: "by solid component (largest
    # first)" (part 33: the brackets and "first" had been left unread, warned)
    rf"(?:\s*[,(]?\s*(?P<dir>{DIRECTION})(?:\s*\))?)?",
    re.I,
)
# the superlative may come before the number too: "smallest 3 ggns by volume", "the largest 5
# nodules by volume" (as "the 3 smallest"; it had been the one largest, warned)
# "2 longest nodules by long axis" (the length ranked is the field named after "by")
_TOP_DIR = r"largest|biggest|greatest|highest|longest|smallest|lowest|tiniest|shortest"
# the number may follow the field: "nodules ranked by volume, top 5" (it had been a second
# ranking, and the number dropped, warned)
# "rank / sort / order the solid nodules by ...": the verb of the ranking after it (it had
# been left unread, warned); only with no other verb or break of its own before "by"
_RANK_VERB = re.compile(
    r"(?:^|\b(?:please|pls|can\s+you|could\s+you)\s+)(?P<verb>rank|sort|order)\s+"
    r"(?:(?:the|all|all\s+the|my|our)\s+)?(?:[a-z0-9-]+\s+){1,6}$"
)
# "rank the solid nodules by their volume and give me the top 3": the number asked for after
# "and give me / show me / list" (it had been left unread, and one answered, warned)
# The count of a ranking said after it (part 37): "top / first N", after "keep / take / show /
# return / limit to", and "N rows / results / records / entries" ("top 2 rows", "keep top 3",
# "first 3", "limit 5": the verb, "first" and "rows" had been left unread, and one answered)
COUNT_SAID = (
    r"(?:(?:give|show|get|send)\s+(?:me|us)\s+|list\s+|(?:i\s+)?(?:want|need)\s+|"
    r"(?:return|keep|take|show|display|output|print|get|give)\s+)?(?:only\s+|just\s+)?"
    r"(?:the\s+)?(?:(?:top|first)\s+|limit(?:ed)?\s+(?:to\s+)?)(?!(?:19|20)\d\d\b)"
)
# "nodule findings ranked by long axis, longest 4" (part 39, H): a superlative before the count
# says it and the direction (the count had been a second ranking, warned)
_TOP_AFTER = re.compile(
    rf"\s*[,;:-]?\s*(?:(?:and|then)\s+)?(?:{COUNT_SAID}|(?:the\s+)?(?P<sup>{_TOP_DIR})\s+)"
    rf"(?P<n>{_NUMBER})\b{ROWS}",
    re.I,
)
_TOP_N = re.compile(
    rf"\b(?:top\s+(?P<n>{_NUMBER})|(?:the\s+)?(?P<n2>{_NUMBER})\s+(?P<dir>{_TOP_DIR})|"
    # up to eight words between, numbers and comparators too: "biggest 5 nodules located in
    # the RUL by diameter", "top 5 nodules > 10 mm in men over 70 by volume" (two words had
    # been allowed, so the number was a second ranking, warned)
    # a comma may close the words before "by" ("biggest 5 nodule findings, by mean diameter",
    # part 40, L: the 5 had been a second ranking, one answered, warned)
    rf"(?:the\s+)?(?P<dir2>{_TOP_DIR})\s+(?P<n3>{_NUMBER}))\b(?:\s+[a-z0-9.<>=/-]+){{0,8}}\s*,?\s+$",
    re.I,
)
# "the 5 nodules with the highest HU", "which 3 nodules have the lowest HU": the number belongs
# to the ranking, not to a count.
_N_FINDINGS_WITH = re.compile(
    rf"(?:\b(?P<lead>(?:the|top|which|what)\s+(?P<n>{_NUMBER}))|"
    rf"(?:^|\b(?:show|list|find|get|give\s+me)\s+)(?P<lead2>(?P<n2>{_NUMBER})))\s+"
    # any kind of finding: "the 6 pleural effusions with the highest confidence" (part 32: the
    # number had been left unread and one ranked, warned)
    r"(?:[a-z-]+\s+){0,2}?(?:nodules|nods|findings|masses|lesions|ggns|ggos|psns|effusions|"
    r"pneumothora(?:ces|xes)|ptxs?|consolidations|opacities)\s+"
    # "which 2 effusion findings carry the highest confidence score" (part 39, H)
    r"(?:with|w|w/|having|by|have|has|had|are|were|(?P<verb>carry|carries|carried|show|shows|"
    r"showed)|(?:that|which)\s+(?:have|had|are|were|(?P<verb2>carry|carries|carried|show|shows|"
    r"showed)))\s+$",
    re.I,
)
_LOW_WORDS = frozenset({"smallest", "lowest", "tiniest", "shortest"})
_UP = frozenset({"highest", "greatest", "largest", "biggest", "most", "maximum", "max", "longest"})
# "the longest diameter / axis / dimension" is the long axis and "the shortest" the short axis
# (as in a condition, :data:`query.numbers.FIELD`); "the shortest long axis" keeps its field.
_LENGTH_WORDS = frozenset({"diameter", "mean diameter", "size", "axis", "dimension"})


def _ranked_field(direction: str, words: str) -> tuple[OrderField, bool]:
    """The field and direction of "highest HU", "longest long axis", "shortest diameter"."""
    words = re.sub(r"[\s-]+", " ", words)
    if direction in ("longest", "shortest") and words in _LENGTH_WORDS:
        longest = direction == "longest"
        return ("long_axis_mm" if longest else "short_axis_mm"), longest
    return _FIELD_WORDS[words], direction in _UP


@dataclasses.dataclass(frozen=True)
class GroupPhrase:
    start: int
    end: int
    field: GroupField


_GROUP_FIELDS: dict[str, GroupField] = {
    "lung": "lung_rads",
    "lr": "lung_rads",
    "cat": "lung_rads",
    "sex": "sex",
    "gender": "sex",
    "modality": "modality",
    "modalities": "modality",
    "station": "station",
    "stations": "station",
    "scanner": "station",
    "scanners": "station",
    "year": "year",
    "years": "year",
    "body": "body_part",
    "lobe": "lobe",
    "location": "lobe",
    "kind": "kind",
    "type": "kind",
    "finding": "kind",
    "attenuation": "attenuation",
    "density": "attenuation",
    "composition": "attenuation",
    "margin": "margin",
    "description": "description",
    "side": "side",
    "laterality": "side",
}
_GROUP = re.compile(
    r"\b(?:per|by|for\s+each|in\s+each|each|broken\s+down\s+by|grouped\s+by|split\s+by|"
    r"breakdown\s+(?:by|of)|distribution\s+(?:by|of|across)|across)\s+"
    # "2024 ldcts by their lung-rads" (part 43, E: "their" had left the grouping unread, warned)
    r"(?:the\s+|each\s+|their\s+|its\s+)?"
    # "ldct count by patient sex" (part 39, H): the patient's sex is the sex grouped by
    r"(?:(?:patients?'?s?|pts?'?s?)\s+(?=sex|gender))?"
    r"(?P<field>lung[- ]?rads(?:\s+(?:categor(?:y|ies)|score))?|lungrads|"
    r"lr(?:\s+categor(?:y|ies))?(?!\s*[0-4])|"
    # "by acquiring station", "by acquisition scanner": the station that acquired the study
    r"categor(?:y|ies)|sex|gender|modality|modalities|(?:(?:acquiring|acquisition)\s+)?"
    r"(?:stations?|scanners?)|years?|body\s+parts?|"
    r"lobes?|locations?|kinds?|types?|finding\s+types?|attenuations?|density|composition|"
    r"margins?)\b",
    re.I,
)


_GROUP_AFTER = re.compile(
    # "lr breakdown of 2024 ldcts": the shorthand "lr" too (it had been left unread, part 25)
    # "body part split" (part 43, D): the body part too (the question had been refused)
    r"\b(?P<field>lung[- ]?rads|lungrads|lr|sex|gender|modality|station|scanner|year|lobe|"
    r"attenuation|margin|body\s+part)\s+(?:categor(?:y|ies)\s+)?(?:distribution|breakdown|"
    r"counts|mix|split|"
    r"tally|tallies)\b",
    re.I,
)


# "chest ct studies broken down by description", "pneumothorax findings per side" (part 39, H:
# the grouping had been left unread, warned): the study's description and a finding's side, only
# after a word that groups ("on each side", "side by side" are no grouping) and not before a
# value ("by description 'ct head'" names one)
_GROUP_NAMED = re.compile(
    r"\b(?:per|(?<!side\s)by|broken\s+down\s+by|grouped\s+by|split\s+by|breakdown\s+(?:by|of)|"
    r"distribution\s+(?:by|of|across))\s+(?:the\s+)?"
    # "the study description text / field" (part 40, L): the description itself
    r"(?P<field>(?:study\s+|exam\s+)?descriptions?(?:\s+(?:text|field|string))?|sides?|"
    r"laterality)\b(?!\s*(?:['\"]|contain))",
    re.I,
)


def find_groups(text: str) -> list[GroupPhrase]:
    """ "per Lung-RADS category", "by sex", "broken down by year": one count per value."""
    found = []
    for m in [*_GROUP.finditer(text), *_GROUP_AFTER.finditer(text), *_GROUP_NAMED.finditer(text)]:
        said = re.sub(r"^(?:acquiring|acquisition|study|exam)\s+", "", m.group("field").lower())
        head = re.split(r"[\s-]", said)[0].rstrip("s") or "lung"
        field = _GROUP_FIELDS.get(head, _GROUP_FIELDS.get(head + "s", "lung_rads"))
        found.append(GroupPhrase(m.start(), m.end(), field))
    return found


@dataclasses.dataclass(frozen=True)
class ExtremePhrase:
    """ "whose largest nodule is over 10 mm": a condition on each study's largest finding."""

    start: int
    end: int
    largest: bool


_EXTREME = re.compile(
    r"\b(?:whose|where\s+(?:the|their|its)|with\s+(?:the|their|its)|in\s+which\s+the|"
    r"and\s+(?:the|their|its)|if\s+the|when\s+the)\s+(?P<dir>largest|biggest|greatest|"
    r"smallest)\s+(?=(?:[a-z-]+\s+){0,2}?(?:nodules?|lesions?|masses|mass|findings?)\s+"
    r"(?:is|was|are|were|measures?|measured|measuring|of|at)\b)",
    re.I,
)


def find_extremes(text: str) -> list[ExtremePhrase]:
    return [
        ExtremePhrase(m.start("dir"), m.end("dir"), m.group("dir").lower() != "smallest")
        for m in _EXTREME.finditer(text)
    ]


# A superlative after the noun it ranks: "which 3 pts are the oldest", "4 nodules w the
# largest", "which 2 ldcts were the most recent" are "the 3 oldest pts", "the 4 largest
# nodules", "the 2 most recent ldcts" (the number had been read as a count, or left out); "3
# cxrs with the earliest study dates" is "the 3 earliest cxrs" (the dates are what is ranked). Only
# a superlative that ends its phrase: "the 5 studies with the largest nodules" ranks nodules.
_SUPERLATIVE = (
    r"oldest|youngest|largest|biggest|smallest|tiniest|longest|shortest|most\s+recent|"
    r"least\s+recent|latest|newest|earliest|densest|least\s+dense|most\s+dense|"
    r"most\s+confident|least\s+confident"
)
_RANKED_NOUN = (
    rf"(?:{_PATIENT_NOUN}|nodules?|nods?|findings?|masses|mass|lesions?|ggns?|ggos?|psns?|"
    + _STUDY_NOUN.replace("cts|", "cts|study|scan|exam|ct|ldct|")
    + ")"
)
_AFTER_NOUN = re.compile(
    rf"\b(?:(?P<lead>which|what|the|top|show|list|find|get|give\s+me|name|pull)\s+|^)"
    rf"(?:(?P<n>{_NUMBER})\s+)?"
    rf"(?P<noun>(?:[a-z-]+\s+){{0,2}}?{_RANKED_NOUN})\s+"
    # "which 4 women in the registry are the oldest": a filler for the whole cohort between the
    # noun and its verb (part 31: the ranking had been left unread, warned)
    r"(?:(?:in|on|from)\s+(?:the\s+|our\s+|this\s+)?(?:registry|database|system|cohort|archive|"
    r"catalogue|file|record|records)\s+)?"
    r"(?:(?:(?:that|which|who)\s+)?(?P<verb>are|is|were|was|with|w|w/|having)\s+"
    # "which 4 ldcts were done most recently": the verb of a study before the adverb
    r"(?:(?:done|performed|acquired|obtained|taken|carried\s+out)\s+(?=(?:most|least)\s))?|"
    # "the 3 head ct exams done most recently": the participle alone, before the adverb (part
    # 32: it had been read as 3 studies per patient, warned)
    r"(?:done|performed|acquired|obtained|taken|carried\s+out)\s+(?=(?:most|least)\s+recently\b))"
    rf"(?:the\s+)?(?P<sup>{_SUPERLATIVE}|most\s+recently|least\s+recently)(?:\s+(?:(?:study|scan|exam)\s+)?dates?)?(?=\s*(?:$|[,.?;!]|(?:by|in|among|of|on|from|for|"
    r"since|during|and|who|that|with|w)\b))",
    re.I,
)


# "the greatest nodule count", "the highest ggn count": the count word after the findings is
# "number of" before them (the superlative had ranked the findings by size, silently)
_FINDING_COUNT = re.compile(
    r"\b(?P<dir>most|fewest|largest|highest|greatest|biggest|maximum|max|smallest|lowest|least|"
    r"minimum|min)\s+(?P<what>(?:[a-z-]+\s+){0,2}?(?:nodule|nod|finding|mass|lesion|ggn|ggo|psn))"
    r"(?:s|es)?\s+(?:count|number|tally|total)\b"
)


def count_words_first(text: str) -> str:
    """``text`` with "<superlative> <finding> count" written "<superlative> number of
    <findings>" (see above)."""

    def plural(what: str) -> str:
        return what + ("es" if what.endswith("mass") else "s")

    text = _FINDING_COUNT.sub(
        lambda m: f"{m.group('dir')} number of {plural(m.group('what'))}", text
    )
    return _BY_FINDING_COUNT.sub(lambda m: f"by number of {plural(m.group('what'))}", text)


# "top 4 patients by nodule count": a ranking by number of findings said "by <finding> count",
# as "by number of nodules" (it had been read as the 4 largest nodules, silently)
_BY_FINDING_COUNT = re.compile(
    r"\bby\s+(?:the\s+|their\s+)?(?P<what>(?:[a-z-]+\s+){0,2}?(?:nodule|nod|finding|mass|"
    r"lesion|ggn|ggo|psn))(?:s|es)?\s+(?:count|number|tally|total)\b(?!\s+of\b)"
)


# "which 4 pts were born first", "the 3 patients born most recently": a ranking by birth date
# said with "born" ("born first / earliest" is the oldest, "born last / latest / most recently"
# the youngest); it had been refused. Not before a date ("born first in 1950" is no ranking).
_BORN_RANK = re.compile(
    r"\b(?:(?:who|that)\s+)?(?:(?P<verb>were|was|are|is)\s+)?born\s+(?:the\s+)?"
    r"(?P<w>first|earliest|soonest|last|latest|most\s+recently)\b"
    r"(?!\s*(?:in|on|before|after|during|between|since|from|\d))"
)


def _born_rank(text: str) -> str:
    def superlative(m: re.Match[str]) -> str:
        old = m.group("w") in ("first", "earliest", "soonest")
        verb = "is" if m.group("verb") in ("was", "is") else "are"  # "which pt was born first"
        return f"{verb} the {'oldest' if old else 'youngest'}"

    return _BORN_RANK.sub(superlative, text)


def front_rankings(text: str) -> str:
    """``text`` with each superlative written after its noun put before it (see above); the
    number, when there is one, goes with it. Without a number, only one asked for by "which /
    what ... is" ("which patient is the oldest", "which study is the most recent": the 1 most
    recent study, not each patient's latest)."""

    def front(m: re.Match[str]) -> str:
        lead = (m.group("lead") or "").lower()
        n = m.group("n")
        if n is None:
            if lead not in ("which", "what") or m.group("verb") not in ("is", "was"):
                return m.group(0)
            n = "1"
        verb = "" if lead in ("which", "what", "the", "top", "") else f"{m.group('lead')} "
        return f"{verb}the {n} {m.group('sup')} {m.group('noun')}"

    return _AFTER_NOUN.sub(front, _born_rank(_closing_top(said_rankings(text))))


# "lowest hu nodules, top 3", "largest ggns - top five": a closing "top N" is the number of a
# ranking said before it without one (two rankings had been read, the second dropped, part 28)
_CLOSING_TOP = re.compile(
    r"^(?P<body>(?:(?!\d)[^,;:])*?\b(?:lowest|highest|largest|biggest|smallest|densest|"
    r"longest|shortest|most\s+recent|oldest|youngest|latest|earliest)\b(?:(?!\d)[^,;:])*?)"
    rf"\s*[,;:-]\s*top\s+(?P<n>\d+|{'|'.join(WORD_NUMBERS)}){ROWS}\s*[?.!]*$"
)


def _closing_top(text: str) -> str:
    return _CLOSING_TOP.sub(r"top \g<n> \g<body>", text)


# Part 37's rankings said in other words, written in the words the readers above read, so that
# one grammar reads a ranking however it is said (its direction before or after its field, its
# count before or after it, the people's birth dates said many ways).

# "largest solid component first", "most confident first": a direction of a ranking by that field
# with "first" and no "by" ("by solid component, largest first"); it had been read as a second
# ranking and its count dropped (warned)
_FIELD_FIRST = re.compile(
    rf"\b(?P<dir>largest|biggest|greatest|highest|longest|smallest|lowest|shortest|tiniest)\s+"
    rf"(?P<field>{_FIELD}){_MEASUREMENT}\s+first\b"
    r"|\b(?P<conf>most|least)\s+confident\s+first\b",
    re.I,
)


def _counted(text: str, start: int, end: int) -> bool:
    """Whether a ranking's direction said between ``start`` and ``end`` has a count, after it
    ("..., top 3") or before it ("the 3 smallest ... sorted on volume"). Without one the
    question asks for every one in order, which no typed query holds: the direction is left as
    said (unread, warned), never one answered."""
    return bool(_TOP_AFTER.match(text, end) or _TOP_N.search(text[:start]))


def _field_first(m: re.Match[str]) -> str:
    if m.group("conf"):
        return f"by confidence, {'highest' if m.group('conf') == 'most' else 'lowest'} first"
    field, largest = _ranked_field(m.group("dir").lower(), m.group("field").lower())
    words = next(w for w, f in _FIELD_WORDS.items() if f == field)
    return f"by {words}, {'largest' if largest else 'smallest'} first"


# "pneumothorax detections": the model's detections are its findings ("detections" had been
# left unread, and with it the number of a ranking, warned)
_DETECTIONS = re.compile(r"\bdetections\b")
# "the 3 most recently born women", "2 earliest-born men", "the 4 last born pts": a ranking by
# birth date said with "born" before the people ("born last / latest / most recently": the
# youngest; "born first / earliest / least recently": the oldest), as "born" after them
# (:data:`_BORN_RANK`); it had been left unread (warned)
_BORN_BEFORE = re.compile(
    rf"\b(?:(?:the|top)\s+)?(?P<n>{_NUMBER})\s+(?P<w>(?:most|least)\s+recently|latest|last|"
    rf"earliest|first|soonest)[\s-]+born\s+(?={_PATIENT_NOUN})"
)
# "women with the latest date of birth", "pts having the earliest dobs": the youngest (oldest)
# of them (read by :data:`_AFTER_NOUN`); the dates had been left unread (warned)
_BIRTH_DATES = r"(?:dates?\s+of\s+birth|birth\s*dates?|dobs?|birthdays?|d\.o\.b\.?)"
_WITH_BIRTH_DATE = re.compile(
    rf"\b(?P<who>{_PATIENT_NOUN})\s+(?P<verb>with|w|having|who\s+have)\s+(?:the\s+)?"
    rf"(?P<w>latest|last|newest|most\s+recent|earliest|first|oldest)\s+{_BIRTH_DATES}"
)
# "the 3 youngest women (latest date of birth)", "the 5 oldest pts (by dob, earliest first)": a
# bracket (or a closing "by <birth date>") that says the same ranking again adds nothing; one
# that says the other direction stays unread
_RESTATED = re.compile(
    rf"\b(?P<rank>(?P<sup>youngest|oldest)\s+(?:[a-z-]+\s+){{0,2}}?{_PATIENT_NOUN})\s*"
    rf"(?:\(\s*(?P<said>[a-z. ,-]+?)\s*\)|(?P<said2>by\s+[a-z. ,-]+?)(?=\s*[?.!]*$))"
)
_YOUNG_WORDS = re.compile(r"\b(?:latest|last|newest|most\s+recent|youngest|descending|desc)\b")
_OLD_WORDS = re.compile(r"\b(?:earliest|first|oldest|least\s+recent|ascending|asc)\b")
_RESTATING = re.compile(
    rf"^(?:(?:by|sorted\s+by|ranked\s+by)\s+)?(?:the\s+)?(?:(?:latest|last|newest|most\s+recent|"
    rf"earliest|first|oldest|least\s+recent)\s+)?(?:{_BIRTH_DATES}|age)?(?:\s*,?\s*"
    rf"(?:(?:latest|last|newest|most\s+recent|earliest|oldest|youngest)\s+first|ascending|"
    rf"descending|asc|desc))?$|^(?:youngest|oldest)(?:\s+first)?$"
)


def _old_young(word: str) -> str:
    old = word.split(maxsplit=1)[0] in ("earliest", "first", "soonest", "oldest", "least")
    return "oldest" if old else "youngest"


def _restated(m: re.Match[str]) -> str:
    said = m.group("said") or m.group("said2")
    other = _OLD_WORDS if m.group("sup") == "youngest" else _YOUNG_WORDS
    if _RESTATING.match(said) and not other.search(said):
        return m.group("rank")
    return m.group(0)


# "by volume largest to smallest", "by hu (low to high)": the direction after a field ranked is
# written "descending" / "ascending", so that no reader takes its superlative for a ranking of
# its own ("largest to smallest, top 4" had been read as two rankings, warned)
_BY_FIELD_DIRECTION = re.compile(
    rf"(?P<by>\bby\s+(?:(?:their|its|the)\s+)?(?:{_FIELD})\b\s*,?\s*(?P<open>\(\s*)?)"
    rf"(?P<dir>{DIRECTION})\b",
    re.I,
)


def said_rankings(text: str) -> str:
    """``text`` with part 37's rankings said in other words written as the readers read them
    (see above)."""
    text = _DETECTIONS.sub("findings", text)
    text = _BY_FIELD_DIRECTION.sub(
        lambda m: (
            m.group("by") + ("descending" if descends(m.group("dir")) else "ascending")
            if _counted(text, m.start(), m.end())
            else m.group(0)
        ),
        text,
    )
    text = _FIELD_FIRST.sub(
        lambda m: _field_first(m) if _counted(text, m.start(), m.end()) else m.group(0), text
    )
    text = _BORN_BEFORE.sub(lambda m: f"the {m.group('n')} {_old_young(m.group('w'))} ", text)
    text = _WITH_BIRTH_DATE.sub(
        lambda m: f"{m.group('who')} {m.group('verb')} the {_old_young(m.group('w'))}", text
    )
    return _RESTATED.sub(_restated, text)
