"""A nodule compared between a patient's first and latest scan.

"nodules larger on the latest scan than on the first", "bigger on the most recent study than at
baseline", "smaller on their last CT than on their first one" compare each nodule on the
patient's latest study with the first finding of the same nodule (track). The whole phrase is
read here, by a regular expression (no model), before the reader of "first / latest study"
(:mod:`query.history`), which would otherwise take both words as picks of one study. The phrase
becomes a range on the change since the first finding (> 0 mm for larger) and the pick of each
patient's latest study. "VDT < 400 days", "volume doubling time under a year", "doubling time
between 400 and 600 days" ask for the volume doubling time since the same nodule's previous
finding (:mod:`query.tracks`), read here too. Called by :mod:`query.reading`.
"""

from __future__ import annotations

import dataclasses
import re

from query.numbers import CMP, EQ, NUM, POST, comparator_range, number
from query.typed_query import NumberRange

__all__ = [
    "DoublingPhrase",
    "FirstLatestPhrase",
    "find_doubling_times",
    "find_first_latest",
    "find_stable_durations",
]


@dataclasses.dataclass(frozen=True)
class FirstLatestPhrase:
    start: int
    end: int
    since_first: NumberRange


_OWNER = r"(?:(?:the|their|his|her|its|a|the\s+patient)\s+)?"
_NOUN = (
    r"(?:\s+(?:chest\s+)?(?:scans?|study|studies|ct|cts|exams?|examinations?|follow-?up|imaging))"
)
_FIRST_LATEST = re.compile(
    r"\b(?P<cmp>larger|bigger|greater|smaller|lesser)\s+(?:in\s+size\s+)?(?:on|at|in)\s+"
    rf"{_OWNER}(?:latest|last|most\s+recent|newest|final|current){_NOUN}?\s+than\s+"
    rf"(?:(?:on|at|in)\s+)?{_OWNER}(?:first|baseline|initial|earliest|index)"
    rf"(?:\s+one|{_NOUN})?\b"
)


def find_first_latest(text: str) -> list[FirstLatestPhrase]:
    """Every "larger on the latest scan than on the first" phrase of ``text`` (lower case)."""
    found = []
    for m in _FIRST_LATEST.finditer(text):
        larger = m.group("cmp") in ("larger", "bigger", "greater")
        since = (
            NumberRange(low=0.0, low_inclusive=False)
            if larger
            else NumberRange(high=0.0, high_inclusive=False)
        )
        found.append(FirstLatestPhrase(m.start(), m.end(), since))
    return found


@dataclasses.dataclass(frozen=True)
class DoublingPhrase:
    start: int
    end: int
    days: NumberRange
    unitless: bool = False


_VDT_NOUN = r"(?:(?:volume|volumetric)\s+)?doubling\s+times?|vdts?"
_DAYS = r"(?P<u{i}>days?|d|weeks?|wks?|months?|mos?|years?|yrs?)"
_VDT = re.compile(
    rf"\b(?:{_VDT_NOUN})\s*(?:(?:of|is|was|were)\s+)?(?:"
    rf"between\s+(?P<a>{NUM})\s*(?:{_DAYS.format(i=1)})?\s+and\s+(?P<b>{NUM})\s*{_DAYS.format(i=2)}"
    rf"|(?:{CMP}\s*)?(?P<n>{NUM})(?:\s*{_DAYS.format(i=3)})?(?![\w.])(?:\s*{POST})?)"
)
# Days in a week, a month and a year (the Gregorian calendar's means, as for intervals).
_DAYS_PER = {"d": 1.0, "w": 7.0, "m": 30.4375, "y": 365.25}


def _days(amount: str, unit: str) -> float:
    return round(number(amount) * _DAYS_PER[unit[0]], 4)


def find_doubling_times(text: str) -> list[DoublingPhrase]:
    """Every "VDT < 400 days" phrase of ``text`` (lower case), in days. A bare amount ("a VDT
    of 400 days") has no comparator and is not read (its words are named)."""
    found = []
    for m in _VDT.finditer(text):
        if m.group("a") is not None:
            unit = m.group("u2")
            days = NumberRange(
                _days(m.group("a"), m.group("u1") or unit), _days(m.group("b"), unit)
            )
        else:
            cmp, post = m.group("cmp"), m.group("post")
            if not post and (cmp is None or re.fullmatch(EQ, cmp.strip())):
                continue
            days = comparator_range(cmp, post, _days(m.group("n"), m.group("u3") or "d"))
        found.append(DoublingPhrase(m.start(), m.end(), days, unitless=m.group("u3") is None))
    return found


# "stable for 2 years", "unchanged over 24 months": stability over a duration is not expressible
# (a nodule is stable since its previous finding); the duration is named, never read as an age.
_STABLE_FOR = re.compile(
    r"\b(?:stable|unchanged|remained\s+stable|stayed\s+stable|remains\s+stable)"
    r"(?:\s+[a-z-]+){0,2}?\s+"
    rf"(?P<duration>(?:for|over|across|since)\s+(?:(?:at\s+least|more\s+than|over|>=?)\s+)?"
    rf"(?:{NUM}|an?)\s*(?:days?|weeks?|months?|mos?|years?|yrs?)\b)"
)


def find_stable_durations(text: str) -> list[tuple[int, int]]:
    """The spans of "for 2 years" after "stable": a duration the reader cannot express."""
    return [m.span("duration") for m in _STABLE_FOR.finditer(text)]
