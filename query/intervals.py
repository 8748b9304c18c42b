"""Questions about the time between a patient's scans.

"patients scanned again within 6 months", "pts rescanned within 11 months", "ldcts repeated
within 11 months", "a repeat scan
within a year", "a chest CT followed by another within 330 days" ask for a study followed by a
later one of the same kind within an interval (:class:`~query.typed_query.FollowUp`); "the time
between the first and latest CT", "how many days between P00010's first and last scan", "median
interval between first and latest chest CT" ask for the days from a patient's first to latest
study (an :class:`~query.typed_query.Aggregate` of ``span_days``), in days unless the question
asks for months or years ("how many months between ...", "... in years"). "a gap of more than 18
months between consecutive scans" asks for a study that follows the patient's previous one of
the same kind by that much (:class:`~query.typed_query.ScanGap`); "the median interval between
consecutive screening CTs" for the days between consecutive studies (``gap_days``). They are
read by the regular expressions below (no model) before the date reader, which would otherwise
read "within 6 months" as the last six months. Only the structure words are placed: the kind of
study ("chest CT") and identifiers between them are left to the other readers. Called by
:mod:`query.reading`.
"""

from __future__ import annotations

import dataclasses
import re

from query.numbers import (
    CMP,
    GE,
    GT,
    LE,
    LT,
    NUM,
    POST,
    POST_GE,
    POST_LE,
    WORD_NUMBERS,
    comparator_range,
    number,
)
from query.typed_query import (
    AggregateField,
    FollowUp,
    NumberRange,
    ScanGap,
    TimeUnit,
    TypedQuery,
)

__all__ = [
    "FollowUpPhrase",
    "GapPhrase",
    "SpanPhrase",
    "find_follow_ups",
    "find_followed_for",
    "find_gaps",
    "find_spans",
    "named_span_studies",
    "span_across_patients",
]


@dataclasses.dataclass(frozen=True)
class FollowUpPhrase:
    """``spans`` are the characters placed (the words between them are left to be read)."""

    follow_up: FollowUp
    spans: tuple[tuple[int, int], ...]


@dataclasses.dataclass(frozen=True)
class SpanPhrase:
    """The days (or ``unit``) from first to latest study (``span_days``) or between
    consecutive studies (``gap_days``); ``statistic`` is mean or median (max or min: the
    longest or shortest interval between consecutive studies)."""

    statistic: str
    spans: tuple[tuple[int, int], ...]
    field: AggregateField = "span_days"
    unit: TimeUnit = "day"


@dataclasses.dataclass(frozen=True)
class GapPhrase:
    """ "a gap of more than 18 months between consecutive scans"; ``spans`` are the characters
    placed (the kind of study between them is left to be read)."""

    gap: ScanGap
    spans: tuple[tuple[int, int], ...]
    guessed: bool = False
    """A bare amount ("2 years of follow-up") read as at least that."""


_AMOUNT = r"(?P<n>\d+|an?|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<u>days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?)"
# "ldcts repeated / redone within 11 months": the study was followed by another of its kind.
# "a repeat / follow-up scan within ..." needs its article or a verb ("pts w follow-up scan
# within a year"): "follow-up scans within 90 days" alone stays a period (the last 90 days).
_LEAD = (
    r"(?:(?:scanned|imaged|seen|studied|examined|back|re-?scanned|re-?imaged)\s+again|"
    r"re-?scanned|re-?imaged|(?:(?:was|were|got|been)\s+)?(?:repeated|redone|re-done)|"
    r"(?:(?:had|has|have|got|with|needed|needing)\s+)?(?:an?\s+"
    r"(?:repeat|second|follow-?up|f/u)|another)|(?:had|has|have|got|with|w)\s+(?:repeat|"
    r"follow-?up|f/u)|followed\s+by\s+(?:another|a\s+second|a\s+repeat|an?)|(?:came|come|coming)\s+back)"
)
_FOLLOW_UP = re.compile(
    rf"\b(?P<lead>{_LEAD})(?P<noun>(?:\s+[a-z-]+){{0,3}}?)\s+"
    rf"(?P<tail>(?:within|in\s+(?:the\s+)?(?:next|following)|inside(?:\s+of)?|"
    rf"(?P<strict>in\s+under|in\s+less\s+than|under|less\s+than|<))\s*{_AMOUNT}\s+{_UNIT})\b"
)
_TIME_UNITS = r"(?P<unit>days|weeks|months|years|yrs|mos|mths)"
# "the first and latest", "baseline to last", "their first scan and their most recent"
# The kind of study may be named after "first" ("from their baseline ldct to their latest
# one", "between the first chest ct and the latest"), and whose it is ("of P00006"): those
# words (group ``kind``) are left to be read as the kind of study and the patient, and "one"
# after "latest" stands for the study (the phrase had been left unread, warned). Spans that
# hold the kind are split around it (:func:`_spans`).
_KIND_WORDS = (
    r"(?P<kind>(?:\s+(?:chest|head|low[- ]dose|screening|diagnostic|non-?contrast|contrast|ct|cts|"
    r"ldcts?|cxrs?|x-?rays?|radiographs?|ctas?|ctpas?)){0,3}"
    # whose first study: "the first chest ct of P00006 to the latest one" (left to be read)
    r"(?:\s+(?:of|for)\s+[a-z]*\d[\w.-]*)?)"
)
_FIRST_LATEST = (
    # "from the very first to the very last exam" (part 37: "very" had been left unread)
    r"(?:(?:the|their|his|her|its)\s+)?(?:very\s+)?(?:first|baseline|initial|earliest|index)"
    + _KIND_WORDS
    # "first & last scan", "first through latest" join the two as "and" / "to" do
    # "separate the first ldct from the latest": "from" joins them too (part 38), though never
    # before a period ("the first scan from last year")
    + r"(?:\s+(?:scan|study|exam|one))?\s+(?:and|&|to|until|till|through|thru|from)\s+(?:the\s+|"
    r"their\s+|his\s+|"
    r"her\s+)?(?:very\s+)?(?:latest|last|most\s+recent|final|newest|current)"
    r"(?!\s+(?:years?|months?|weeks?|days?|quarter|calendar)\b)(?:\s+one\b)?"
)


def _spans(m: re.Match[str], *names: str) -> tuple[tuple[int, int], ...]:
    """The spans of the groups ``names`` that matched, each without the kind of study named
    inside it (group ``kind``, left to be read)."""
    kinds = [m.span(k) for k in ("kind", "kind2") if m.groupdict().get(k)]
    spans: list[tuple[int, int]] = []
    for name in names:
        if m.groupdict().get(name) is None:
            continue
        start, end = m.span(name)
        for kind in kinds:
            if start <= kind[0] and kind[1] <= end:
                spans.append((start, kind[0]))
                start = kind[1]
        spans.append((start, end))
    return tuple(spans)


_UNIT_IN = r"(?P<unit_in>days|weeks|months|years|yrs|mos|mths)"
_SPAN = re.compile(
    r"(?P<head>(?:\b(?:the\s+)?(?P<stat>average|avg|mean|median)\s+)?"
    # "median f/u in days from first to latest study", "average follow-up time, in months,
    # between first and last scan": the follow-up named before the unit or the time word (the
    # phrase had been split and the question refused)
    r"(?:(?:follow-?up|surveillance)(?:\s+(?:time|duration|period|length))?\s*,?\s*"
    r"(?:in\s+|,\s*)?(?=(?:days|weeks|months|years|yrs|mos|mths)\b))?"
    # "f/u span first to last scan" (part 29): "span" is a time word too
    r"(?:(?:follow-?up|f/u|surveillance)\s+(?=(?:time|duration|period|span)\b))?"
    r"\b(?:time|interval|gap|span|"
    rf"duration|period|(?:number\s+of\s+|how\s+many\s+)?{_TIME_UNITS}|how\s+long),?\s+"
    rf"(?:in\s+{_UNIT_IN}\s+)?(?:(?:is|was)\s+there\s+|passed\s+|elapsed\s+)?"
    # "how many days separate their first ldct from their latest ldct" (part 38: the span had
    # been read as a count of the first ldcts, warned)
    r"(?:(?:separate[sd]?|separating|lie|lay)\s+)?"
    # "avg months first to latest ct", "f/u in yrs P00191, first to latest scan": without
    # "between / from", and a comma among the words before "first" (part 25: warned)
    r"(?:between|from|(?=[\s,]*(?:[a-z0-9-]+,?\s+){0,3}?(?:the\s+|their\s+)?(?:first|baseline|"
    r"initial|earliest|index)\b)))\b"
    r"(?:,?\s*[a-z0-9-]+){0,3}?,?\s*(?P<tail>(?:(?:each|every|a|the)\s+(?:patient|pt|person|subject)"
    rf"\s+)?{_FIRST_LATEST})\b"
)
# "average follow-up duration", "length of follow-up": the span from first to latest study
_FOLLOW_UP_SPAN = re.compile(
    r"(?P<head>(?:\b(?:the\s+)?(?P<stat>average|avg|mean|median)\s+)?\b(?:(?:follow-?up|f/u|"
    r"surveillance)\s+(?:duration|time|period|length|span)|(?:duration|length|span)\s+of\s+"
    r"(?:follow-?up|"
    r"f/u|surveillance)|(?<=median\s)(?:follow-?up|f/u)|(?<=average\s)(?:follow-?up|f/u)|"
    r"(?<=mean\s)(?:follow-?up|f/u))(?:\s+in\s+(?P<unit>days|weeks|months|years|yrs|mos|mths))?)"
    r"(?![\w/-])"
)


# "days between acc A0000136 and acc A0000137", "interval from accession 41 to accession 57":
# the days from the earlier to the later of two named studies, which is the span from first to
# latest over those two studies (one patient's). The words naming the studies are left to the
# identifier reader; the first must be said as an accession, a study or a UID, and both have
# three digits or more, so "days between P00001 and P00002" (two patients) and "between scan 1
# and scan 2" (an order, not an identifier) are left as they were.
_STUDY_ID = (
    r"(?:(?:acc(?:ession)?|study|exam|scan|uid)\.?(?:\s*(?:no\.?|number|#|:))?\s*)"
    r"(?:[a-z]{0,3}\d{3,}[\w.-]*|\d+(?:\.\d+){3,})"
)
_BETWEEN_STUDIES = re.compile(
    r"(?P<head>\b(?:(?:the\s+)?(?:number\s+of\s+|how\s+many\s+)?(?P<unit>days|weeks|months|"
    r"years|yrs|mos|mths)|(?:the\s+)?(?:time|interval|gap|span|how\s+long))(?:\s+in\s+"
    rf"{_UNIT_IN})?(?:\s+(?:elapsed|passed|is\s+there|was\s+there))?\s+(?:between|from)\s+)"
    rf"{_STUDY_ID}\s+(?P<tail>and|&|to|until|till|through|thru|->)\s+(?={_STUDY_ID}|[a-z]{{0,3}}\d{{3}}|\d+(?:\.\d+){{3}})"
)


def _amount(word: str) -> int:
    if word.isdigit():
        return int(word)
    return 1 if word in ("a", "an") else WORD_NUMBERS[word]


def find_follow_ups(text: str) -> list[FollowUpPhrase]:
    """Every "again within N months" phrase of ``text`` (lower case)."""
    found = []
    for m in _FOLLOW_UP.finditer(text):
        amount, unit = _amount(m.group("n")), m.group("u")
        inclusive = m.group("strict") is None  # "in less than 6 months" excludes the 6 months
        if unit.startswith("d"):
            follow_up = FollowUp(amount, "day", inclusive)
        elif unit.startswith("w"):
            follow_up = FollowUp(7 * amount, "day", inclusive)
        elif unit.startswith("y"):
            follow_up = FollowUp(12 * amount, "month", inclusive)
        else:
            follow_up = FollowUp(amount, "month", inclusive)
        found.append(FollowUpPhrase(follow_up, (m.span("lead"), m.span("tail"))))
    return found


# "... in months", "... in years" after the phrase: the unit of the answer.
# "... in years", and a unit alone between commas or a comma and the end ("median f/u
# duration, years")
_IN_UNIT = re.compile(
    r"(?:\b(?:in|as|expressed\s+in|measured\s+in)\s+|,\s*(?:in\s+)?(?="
    + _TIME_UNITS.replace("?P<unit>", "?:")
    + r"\s*(?:[?.!]?\s*$|,)))"
    + _TIME_UNITS
    + r"\b"
)
_CONSECUTIVE = r"(?:(?:two|2)\s+)?(?:consecutive|successive|sequential|back-to-back|adjacent)"
# "median interval between consecutive screening CTs", "average gap between screening rounds",
# "median number of days separating consecutive ldcts" (the verb had been left unread, warned):
# the kind of study between "consecutive" and the end is left to be read ("rounds" is placed).
_GAP_STATISTIC = re.compile(
    # "average spacing in days of consecutive low-dose CTs": "spacing", and "of" before
    # "consecutive" (part 32: left unread, warned); the word "consecutive" is still needed
    # "the longest / shortest gap between consecutive studies of P00589" is the largest
    # (smallest) of those intervals (part 37: the average had been answered, warned)
    r"(?P<head>(?:\b(?:the\s+)?(?P<stat>average|avg|mean|median|longest|shortest|largest|"
    # "median day gap separating successive ldcts", "mean month-interval between ...": the unit
    # said before the word for the gap is the answer's (part 40, L: "day" and the statistic had
    # been left unread, the mean answered, warned)
    r"smallest|biggest|greatest|maximum|minimum|max|min)\s+)?\b(?:(?:(?P<unit_before>day|week|"
    r"month|year)s?[\s-]+)?(?:time|intervals?|gaps?|spacings?)|"
    rf"(?:number\s+of\s+|how\s+many\s+)?{_TIME_UNITS}|how\s+long)\s+"
    rf"(?:in\s+{_UNIT_IN}\s+)?"
    r"(?:between|separating|(?:that\s+)?separated?s?|(?:that\s+)?(?:elapsed?|passe[sd])\s+between|"
    rf"of(?=\s+{_CONSECUTIVE}))"
    # "separating a patient's consecutive ldcts", "between their successive scans": whose
    # studies they are (part 37: the possessive had kept "consecutive" from being read)
    r"(?:(?:\s+(?:(?:a|each|every|the|one|any)\s+(?:patient|pt|person|subject)(?:'s|s'|s)?|their|"
    rf"his|her))?\s+(?P<cons>{_CONSECUTIVE}))?)(?:(?:\s+[a-z-]+){{0,2}}?\s+(?P<rounds>rounds)\b)?"
)
# A study and the patient's next one are consecutive studies said otherwise (part 42, C): "the
# median spacing in days from one study to a patient's next one", "the biggest number of days
# anyone waited between one scan and their next", "average gap from each ct to the following
# one". "two studies of the same patient" is a pair of any two of them, so it is consecutive
# only for the shortest interval (the longest pair is the first-to-latest span): "the shortest
# interval between two studies of the same patient" (group ``two``; another statistic is left).
# The kind of study (group ``kind``) is left to be read.
_WAITED = (
    r"(?:(?:any\s*one|some\s*one|any\s+patient|a\s+patient|patients|people|they)\s+"
    r"(?:waited|waits|wait|had\s+to\s+wait|went)\s+)?"
)
_OWNER = (
    r"(?:(?:the|their|his|her|its|(?:a|the|each|that|this|the\s+same)\s+(?:patient|pt|person)"
    r"(?:'s|s'|s|\s+s)?)\s+)?"
)
_NEXT_GAP = re.compile(
    r"(?P<head>(?:\b(?:the\s+)?(?P<stat>average|avg|mean|median|longest|shortest|largest|"
    r"smallest|biggest|greatest|maximum|minimum|max|min)\s+)?\b(?:(?:(?P<unit_before>day|week|"
    r"month|year)s?[\s-]+)?(?:time|intervals?|gaps?|spacings?|waits?)|"
    rf"(?:number\s+of\s+|how\s+many\s+)?{_TIME_UNITS}|how\s+long),?\s+"
    rf"(?:in\s+{_UNIT_IN},?\s+)?{_WAITED}(?:"
    # "separating one chest ct from the next" (part 59: "separating" had been left unread)
    r"(?:between|from|(?P<sep>separating|that\s+separates?|dividing))\s+(?:one|each|every|an?|any)"
    r"(?P<kind>(?:\s+[a-z-]+){1,3}?)\s+(?(sep)from|(?:and|to|until|till))\s+"
    rf"{_OWNER}(?P<cons>next|following|subsequent)(?:\s+(?:one|scan|study|exam))?"
    r"|between\s+(?P<two>two|2)(?P<kind2>(?:\s+[a-z-]+){1,2}?)(?=\s+(?:of|for|in|from|by)\s+"
    r"(?:the\s+)?same\s+(?:patient|pt|person|individual|subject)\b)))(?![\w-])"
)
# "chest ct to next chest ct interval, median in days", "mean ldct to next ldct gap", "P00464
# chest ct to chest ct, mean gap in days": a study and the next one of its kind said before
# the word for the interval (part 57 to 59, session 27: left unread, "one" read as a count,
# warned); without "next" the two kinds must be the same words. The kinds are left to be
# read; the statistic may come before, between or after.
_STATS = (
    r"(?:average|avg|mean|median|longest|shortest|largest|smallest|biggest|greatest|maximum|"
    r"minimum|max|min)"
)
_STUDY_NOUN = (
    r"(?:scans?|stud(?:y|ies)|exams?|examinations?|cts?|ldcts?|cxrs?|x-?rays?|radiographs?|"
    r"ctas?|ctpas?|mris?|screens?|visits?)"
)
_KIND_OF_STUDY = (
    rf"(?:(?!(?:{_STATS}|the|a|an|one|each|every|any|from)\s)[a-z-]+\s+){{0,2}}?{_STUDY_NOUN}"
)
_KIND_TO_NEXT = re.compile(
    rf"(?:\b(?P<stat>{_STATS})\s+)?(?:(?P<one>(?:from\s+)?(?:one|each|every|an?|any))\s+)?"
    rf"\b(?P<kind>{_KIND_OF_STUDY})\s+(?P<to>to\s+(?:(?:the|their|its|(?:that|the|this)\s+"
    r"(?:patient|pt)(?:'s|s))\s+)?(?P<cons>next|following|subsequent)?)\s*"
    rf"(?P<kind2>{_KIND_OF_STUDY}|one)?\s*,?\s*(?:(?P<stat2>{_STATS})\s+)?"
    r"(?P<tail>(?:(?:day|days|month|months)\s+)?(?:intervals?|gaps?|spacings?|times?))\b"
    rf"(?:\s*,\s*(?P<stat3>{_STATS})\b)?"
)
# "when a patient has back-to-back screening CTs, how many days apart are they on average":
# the consecutive studies named first, the interval asked after them (part 42, C)
_APART_STATISTIC = re.compile(
    r"(?P<head>(?:\b(?:when|if|where)\s+(?:a\s+patient|a\s+pt|patients|pts|someone|people)\s+"
    r"(?:has|have|had|gets|get|got)\s+)?"
    rf"(?P<cons>{_CONSECUTIVE}))(?P<kind>(?:\s+[a-z-]+){{1,3}}?)\s*,?\s+(?P<tail>how\s+"
    rf"(?:many\s+{_TIME_UNITS}|long|far)\s+apart\s+(?:are|were|is)\s+(?:they|these|those|"
    r"the\s+scans|the\s+studies)(?:\s*,?\s+(?:on\s+average|on\s+the\s+median|in\s+the\s+"
    r"median|typically)|\s+in\s+(?P<stat>median|mean)))\b"
)
# "... between consecutive scans of the same patient": consecutive studies are always one
# patient's (part 37: "same" had been left unplaced, refused)
# "... of one patient", "... for a single patient" say the same (part 59: "one patient" had
# been read as an age of one year, silently)
_SAME_PATIENT = re.compile(
    r"(?:\s+[a-z0-9-]+){0,3}?\s+(?P<same>(?:of|for|in|from|by|within|belonging\s+to)\s+"
    r"(?:(?:the\s+)?same|one|a\s+single|a\s+given)\s+(?:patient|pt|person|individual|"
    r"subject))\b"
)
_STATISTIC_WORDS = {
    "median": "median",
    "longest": "max",
    "largest": "max",
    "biggest": "max",
    "greatest": "max",
    "maximum": "max",
    "max": "max",
    "shortest": "min",
    "smallest": "min",
    "minimum": "min",
    "min": "min",
}


def _unit(word: str | None) -> TimeUnit:
    if not word or word.startswith("d"):
        return "day"
    if word.startswith("w"):
        return "week"
    return "year" if word.startswith("y") else "month"


def find_spans(text: str) -> list[SpanPhrase]:
    """Every "time between the first and latest ..." and "interval between consecutive ..."
    phrase of ``text`` (lower case), with the unit of its answer."""
    found = []
    patterns = (
        ("span_days", _SPAN),
        ("gap_days", _GAP_STATISTIC),
        ("span_days", _FOLLOW_UP_SPAN),
        ("span_days", _BETWEEN_STUDIES),
        ("gap_days", _NEXT_GAP),
        ("gap_days", _APART_STATISTIC),
    )
    for field, pattern in patterns:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            if field == "gap_days" and not (
                groups.get("cons") or groups.get("rounds") or groups.get("two")
            ):
                continue  # "the time between scans" alone could be any two of them
            if groups.get("two") and _STATISTIC_WORDS.get(groups.get("stat") or "") != "min":
                continue  # any two studies: only the shortest pair is a consecutive one
            spans = list(_spans(m, "head", "tail", "rounds"))
            unit_word = groups.get("unit") or groups.get("unit_in") or groups.get("unit_before")
            unit = _unit(unit_word)
            after = _IN_UNIT.search(text, m.end())
            if after is not None and unit_word is None:
                spans.append(after.span())
                unit = _unit(after.group("unit"))
            statistic = _STATISTIC_WORDS.get(groups.get("stat") or "", "mean")
            same = _SAME_PATIENT.match(text, m.end()) if field == "gap_days" else None
            if same is not None:
                spans.append(same.span("same"))
            kept = tuple(span for span in spans if span[0] >= 0)
            found.append(SpanPhrase(statistic, kept, field, unit))  # type: ignore[arg-type]
    return found + _kinds_to_next(text)


def _kinds_to_next(text: str) -> list[SpanPhrase]:
    """Every "<study> to next <study> interval" phrase of ``text`` (:data:`_KIND_TO_NEXT`)."""
    found = []
    for m in _KIND_TO_NEXT.finditer(text):
        kind, kind2 = m.group("kind"), m.group("kind2")
        if not m.group("cons") and (kind2 is None or kind.split() != kind2.split()):
            continue  # "a ct to a pet interval": two kinds, not consecutive studies
        spans = [m.span(name) for name in ("stat", "one", "to", "stat2", "tail", "stat3")]
        if kind2 == "one":
            spans.append(m.span("kind2"))
        tail = m.group("tail")
        unit = _unit(tail.split()[0]) if len(tail.split()) > 1 else "day"
        after = _IN_UNIT.search(text, m.end())
        if after is not None and len(tail.split()) == 1:
            spans.append(after.span())
            unit = _unit(after.group("unit"))
        said = m.group("stat") or m.group("stat2") or m.group("stat3") or ""
        kept = tuple(span for span in spans if span[0] >= 0)
        found.append(SpanPhrase(_STATISTIC_WORDS.get(said, "mean"), kept, "gap_days", unit))
    return found


_GAP_UNIT = r"(?P<u>days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?)"
# "more than a year apart": "a / an" is one of the unit (part 33: it had been left unread)
_AMOUNT_CMP = rf"{CMP}\s*(?P<n>{NUM}|an?)\s*{_GAP_UNIT}\b(?:\s*{POST})?"
# "spaced 350 days or less apart": the bound said after the amount only (part 57: the amount
# had been left unread, warned); :func:`find_gaps` still needs a bound, before or after
_AMOUNT_POST = rf"(?:{CMP}\s*)?(?P<n>{NUM}|an?)\s*{_GAP_UNIT}\b(?:\s*{POST})?"
_GAP_CONDITIONS = (
    # "a gap of more than 18 months between consecutive scans" (the kind of study follows)
    re.compile(
        rf"\b(?P<head>(?:a\s+)?(?P<lead>gaps?|breaks?|intervals?|time)\s+(?:of\s+)?{_AMOUNT_CMP}"
        rf"\s+between\s+(?P<cons>{_CONSECUTIVE})?)"
    ),
    # "a >13 month gap between ldcts", "a more than 18-month break between scans": the amount
    # before the word for the gap
    re.compile(
        rf"\b(?P<head>(?:an?\s+)?{CMP}\s*(?P<n>{NUM})[\s-]*{_GAP_UNIT}(?:\s*{POST})?[\s-]+"
        rf"(?P<lead>gaps?|breaks?|intervals?)\s+between\s+(?P<cons>{_CONSECUTIVE})?)"
    ),
    # "gap between consecutive scans of more than 18 months"
    re.compile(
        rf"\b(?P<head>(?:a\s+)?(?P<lead>gaps?|breaks?|intervals?|time)\s+between\s+"
        rf"(?P<cons>{_CONSECUTIVE})?)(?:\s+[a-z-]+){{1,3}}?\s+(?P<tail>(?:(?:of|is|was|were|"
        rf"being)\s+)?{_AMOUNT_CMP})"
    ),
    # "more than 18 months between consecutive scans"
    re.compile(
        rf"(?P<head>(?<![a-z0-9-]){_AMOUNT_CMP}\s+(?P<lead>between)\s+(?P<cons>{_CONSECUTIVE}))"
    ),
    # "screening CTs less than 11 months after the previous one"
    re.compile(
        rf"(?P<head>(?<![a-z0-9-]){_AMOUNT_CMP}\s+(?P<lead>after|since|from)\s+(?:(?:the|their|his|"
        r"her|its)\s+)?(?P<cons>previous|prior|preceding|last)(?:\s+(?:one|scan|study|ct|exam|"
        r"screen|screening\s+ct))?\b)"
    ),
    # "successive ldcts with a gap longer than 13 months", "consecutive scans having intervals
    # of under 11 months": the gap said after the studies it lies between (part 32: it had been
    # read as a diameter over 13 mm, warned)
    re.compile(
        rf"\b(?P<head>(?P<cons>{_CONSECUTIVE}))(?:\s+[a-z-]+){{1,3}}?\s+(?P<tail>(?:with|w|"
        rf"having|that\s+have|showing)\s+(?:an?\s+)?(?P<lead>gaps?|breaks?|intervals?|spacing)"
        rf"\s+(?:(?:of|that\s+(?:is|was)|being)\s+)?{_AMOUNT_CMP})"
    ),
    # "consecutive scans more than 18 months apart"; "successive scans separated by more than a
    # year", "spaced more than 13 months apart" (the verb had been left unread or refused)
    re.compile(
        rf"\b(?P<head>(?P<cons>{_CONSECUTIVE}))(?:\s+[a-z-]+){{1,3}}?\s+"
        r"(?P<tail>(?P<lead>)(?:(?P<verb>separated|spaced(?:\s+out)?)(?:\s+by)?\s+)?"
        rf"{_AMOUNT_POST}(?(verb)(?:\s+apart)?|\s+apart))"
    ),
)
_BARE_UNIT = r"(?:days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?)"
_REAL_CMP = re.compile(rf"(?:{GE}|{GT}|{LE}|{LT})")
# "more than 2 years between first and latest scan", "followed for over 24 months", "at least 2
# years of follow-up": the patient's first and latest study (of the kind asked for) that far
# apart. A bare amount ("2 years of follow-up") reads as at least that, with a caution.
_AMOUNT_ANY = rf"(?:{CMP}\s*)?(?P<n>{NUM}|an?)\s*{_GAP_UNIT}\b(?:\s*{POST})?"
_FOLLOWED_FOR = (
    re.compile(
        rf"(?P<head>(?<![a-z0-9-]){_AMOUNT_ANY}\s+(?:between|from)\s+(?:(?:each|every|a)\s+"
        rf"(?:patient|pt)\s+)?{_FIRST_LATEST})\b"
    ),
    re.compile(
        r"(?P<head>\b(?:(?:followed|tracked|monitored)(?:\s+up)?|(?:in|under)\s+(?:follow-?up|"
        r"surveillance)|(?:in\s+the\s+)?(?:screening\s+)?program(?:me)?)\s+(?:(?:for|over)\s+|"
        rf"(?=(?:{GE}|{GT}|{LE}|{LT})\s*\d)){_AMOUNT_ANY})"
    ),
    re.compile(
        rf"(?P<head>(?<![a-z0-9-]){_AMOUNT_ANY}\s+(?:of\s+)?(?:imaging\s+)?"
        r"(?:follow-?up|surveillance))\b"
    ),
    # "first and last screening cts are at least 1000 days apart": up to three words (the kind
    # of study and a verb) before the amount, left to be read (part 42, C: read as an age)
    re.compile(
        rf"(?P<head>\b{_FIRST_LATEST})(?:\s+[a-z-]+){{0,3}}?\s+(?P<tail>{_AMOUNT_ANY}\s+apart)"
    ),
    # "follow-up > 2 years", "f/u of more than 3 yrs": the amount after the word, with a bound.
    # A follow-up span compared with a duration ("f/u span longer than two years", "span of
    # follow-up of at least 18 months", "follow-up longer than a year", "f/u span 2 yrs or
    # more") is a condition on the patient's span too, never a patient's age nor an average
    # (part 30: "span" had been read as the averaged span and "longer than two years" as an
    # age, silently).
    re.compile(
        r"(?P<head>\b(?:(?:follow-?up|f/u|surveillance)(?:\s+(?:duration|time|period|length|"
        r"span))?|(?:span|duration|length|period)\s+of\s+(?:imaging\s+)?(?:follow-?up|f/u|"
        # "whose follow-up spans more than three years": the verb of a span (part 32: read as
        # an age over 3, warned)
        r"surveillance))(?:\s+(?:of|for|is|was|lasting|that\s+is|being|spans?|spanned|spanning|"
        r"lasts?|lasted|covers?|covered|extends?(?:\s+over)?|extended(?:\s+over)?|runs?\s+for|ran\s+for))?\s+"
        rf"(?=(?:{GE}|{GT}|{LE}|{LT})\s*(?:{NUM}|an?)\s*{_BARE_UNIT}\b|{NUM}\s*{_BARE_UNIT}\s*"
        rf"(?:{POST_GE}|{POST_LE})\b){_AMOUNT_ANY})"
    ),
    # "2 or more years between first and last exam": the bound between the number and its unit
    # (part 59: "2 or more years" had been read as an age, the span averaged, silently)
    re.compile(
        rf"(?P<head>(?<![a-z0-9-])(?P<n>{NUM})\s+(?P<post>{POST_GE}|{POST_LE})\s+{_GAP_UNIT}\s+"
        rf"(?:between|from)\s+(?:(?:each|every|a)\s+(?:patient|pt)\s+)?{_FIRST_LATEST})\b"
    ),
    # "first to latest scan span > 1000 days", "first-and-last exam interval of at least 2
    # years": the span named after its two ends, then the amount (part 59: "span" had been left
    # unread and "> 1000" read as a diameter, warned)
    re.compile(
        rf"(?P<head>\b{_FIRST_LATEST}(?:\s+(?:scans?|stud(?:y|ies)|exams?|imaging|cts?|ldcts?))?"
        r"\s+(?:span|interval|gap|time|duration|distance)\s+(?:(?:of|is|was|being|that\s+is)\s+)?"
        rf"(?=(?:{GE}|{GT}|{LE}|{LT})\s*(?:{NUM}|an?)\s*{_BARE_UNIT}\b|{NUM}\s*{_BARE_UNIT}\s*"
        rf"(?:{POST_GE}|{POST_LE})\b){_AMOUNT_ANY})"
    ),
    # "30 or more months of follow-up imaging": the bound between the number and its unit
    # (part 30: "30 or more" had been read as a size without unit, warned)
    re.compile(
        rf"(?P<head>(?<![a-z0-9-])(?P<n>{NUM})\s+(?P<post>{POST_GE}|{POST_LE})\s+{_GAP_UNIT}\s+"
        r"(?:of\s+)?(?:imaging\s+)?(?:follow-?up|f/u|surveillance))(?![\w/-])"
    ),
)


def find_followed_for(text: str) -> list[GapPhrase]:
    """Every "more than 2 years between first and latest scan" phrase of ``text``; a phrase
    whose amount has no comparator is marked ``guessed`` (read as at least that)."""
    found = []
    for pattern in _FOLLOWED_FOR:
        for m in pattern.finditer(text):
            cmp, post = m.groupdict().get("cmp"), m.groupdict().get("post")
            amount = 1.0 if m.group("n") in ("a", "an") else number(m.group("n"))
            real = bool(post or (cmp and _REAL_CMP.fullmatch(cmp.strip())))
            bounds = comparator_range(cmp, post, amount) if real else NumberRange(low=amount)
            gap = _gap(bounds, m.group("u"))
            if gap is None:
                continue
            found.append(GapPhrase(gap, _spans(m, "head", "tail"), guessed=not real))
    return found


def find_gaps(text: str) -> list[GapPhrase]:
    """Every "gap of more than N months between consecutive scans" phrase of ``text``.

    A gap needs a comparator ("more than", "under", ">=") and, unless it is called a gap or a
    break, the word "consecutive" (or "successive"): "18 months between scans" alone could be
    any two of them.
    """
    found = []
    for pattern in _GAP_CONDITIONS:
        for m in pattern.finditer(text):
            cmp, post = m.group("cmp"), m.group("post")
            if not (post or (cmp and _REAL_CMP.fullmatch(cmp.strip()))):
                continue
            if not m.group("cons") and not m.group("lead").startswith(("gap", "break")):
                continue
            amount = 1.0 if m.group("n") in ("a", "an") else number(m.group("n"))
            gap = _gap(comparator_range(cmp, post, amount), m.group("u"))
            if gap is None:
                continue
            tail = m.groupdict().get("tail")
            spans = (m.span("head"),) + ((m.span("tail"),) if tail else ())
            found.append(GapPhrase(gap, spans))
    return found


def _gap(bounds: NumberRange, word: str) -> ScanGap | None:
    """The range in calendar months (months, years) or days (days, weeks); None for a number
    of months that is not whole."""
    unit = _unit(word)
    factor = {"day": 1.0, "week": 7.0, "month": 1.0, "year": 12.0}[unit]
    low = None if bounds.low is None else bounds.low * factor
    high = None if bounds.high is None else bounds.high * factor
    if any(v is not None and v != int(v) for v in (low, high)):
        return None
    scaled = NumberRange(low, high, bounds.low_inclusive, bounds.high_inclusive)
    return ScanGap(scaled, "day" if unit in ("day", "week") else "month")


def named_span_studies(query: TypedQuery) -> tuple[str, str, tuple[str, ...]] | None:
    """The studies a span is taken over when the question names two or more ("days between acc
    A and acc B"): the column naming them, its SQL condition, and the names; else None."""
    aggregate = query.aggregate
    if aggregate is None or aggregate.field != "span_days":
        return None
    if len(query.filter.accessions) > 1:
        return "accession", "accession", query.filter.accessions
    if len(query.filter.study_uids) > 1:
        return "study UID", "study_uid", query.filter.study_uids
    return None


def span_across_patients(said: str, patients: int) -> str:
    """The caution for a span over named studies of ``patients`` different patients (part 38,
    F): a span is taken from each patient's first to latest study, so two studies of two
    patients give no span at all (the answer had been no number, without a word)."""
    return (
        f"the {said}s named belong to {patients} different patients: a span is taken within "
        "one patient's own studies (from the first to the latest), so none spans studies of "
        "two patients; name studies of one patient"
    )
