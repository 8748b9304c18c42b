"""A patient's Lung-RADS category compared between scans, and follow-up that is overdue.

"patients whose Lung-RADS category went up", "studies upgraded from 2 to 4A", "lung-rads
downgraded", "category changed from 3 to 2", "lung-rads 2 -> 4B" compare a study's category
with that of the patient's previous study that has one
(:class:`~query.typed_query.LungRadsChange`). "patients overdue for follow-up", "overdue for
their annual low-dose CT", "who missed their 6-month follow-up", "overdue by more than 3
months" ask whether the patient's latest chest CT is past the interval Lung-RADS v2022 sets for
its category (:class:`~query.typed_query.Overdue`). Both are read by the regular expressions
below (no model) before the Lung-RADS reader (:mod:`query.numbers`), which would otherwise read
"from 2 to 4A" as a range of categories, and before the growth words ("increased"). Called by
:mod:`query.reading`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from appliance.findings import LUNG_RADS_ORDER
from query.numbers import NUM, number
from query.typed_query import LungRadsChange, Overdue

__all__ = ["ChangePhrase", "OverduePhrase", "find_changes", "find_overdue"]


@dataclasses.dataclass(frozen=True)
class ChangePhrase:
    start: int
    end: int
    change: LungRadsChange


@dataclasses.dataclass(frozen=True)
class OverduePhrase:
    start: int
    end: int
    overdue: Overdue


_ANCHOR = (
    r"(?:(?:lung[- ]?rads|lungrads|lr)(?:\s+(?:categor(?:y|ies)|cat\.?|scores?|grades?))?|"
    r"categor(?:y|ies)|cat\.?)"
)
_CAT = r"(?:1|2|3|4a|4b|4x|4)(?![\w.])"
_UP = (
    r"upgraded|upgrades?|up-graded|went\s+up|gone\s+up|go\s+up|increased|increase|rose|risen|"
    r"worsened|got\s+worse|gotten\s+worse|escalated|moved\s+up|bumped\s+up|bumped|progressed"
)
_DOWN = (
    r"downgraded|downgrades?|down-graded|went\s+down|gone\s+down|go\s+down|decreased|decrease|"
    r"dropped|fell|fallen|improved|got\s+better|moved\s+down|reduced"
)
_ANY = r"changed|change|changes|shifted|moved|went|gone|switched"
# "or higher" after the new category: that category or any above it ("upgraded to 4B or higher").
_OR_MORE = (
    r"(?:\s*(?P<post>or\s+(?:higher|above|worse|more|greater)|and\s+(?:higher|above|up)|\+|"
    r"or\s+(?:lower|below|better|less)|and\s+(?:lower|below)))?"
)
# "from lr2 up to lr3", "from 4a down to 3": "up" / "down" before "to" say the direction again
_TO = r"(?:(?:up|down)\s+)?(?:to|into|->|→)"
_FROM_TO = (
    rf"(?:\s+from\s+(?:{_ANCHOR}\s*)?(?P<a>{_CAT}))?(?:\s+{_TO}\s+"
    rf"(?:{_ANCHOR}\s*)?(?P<b>{_CAT}){_OR_MORE})?"
)
_SCANS = (
    r"(?:scans|studies|cts|exams|screens|screening\s+rounds|rounds|follow-?ups?|visits|"
    r"screening\s+cts)"
)
_OVER = (
    rf"(?:\s+(?:between|across|over|on|at)\s+(?:their\s+|the\s+|two\s+)?(?:consecutive\s+|"
    rf"successive\s+)?{_SCANS}|\s+(?:since|from|versus|vs\.?|compared\s+(?:to|with)|relative\s+to|"
    # "versus / compared to the previous exam" restates the change (part 38: left unread)
    r"against)\s+(?:the\s+|their\s+)?(?:previous|prior|last|preceding)"
    r"(?:\s+(?:scan|study|ct|exam|examination|one|screen))?)?"
)
# "got bumped from lr3 up to lr4b", "got upgraded to 4a": "got" before the verb of a change is
# its passive (it had been left unread, warned)
_GOT = r"(?:(?:got|gets|get|getting)\s+)?"
_AUX = r"(?:(?:was|were|has|have|had|got|been|being|is|that|which)\s+)*"
_CHANGES = (
    # "upgrades 2->4A", "downgraded 4A to 3"
    re.compile(
        rf"\b(?:{_ANCHOR}\s+)?(?P<verb>upgraded|downgraded|upgrades?|downgrades?|changed|changes?)"
        r"\s+(?:from\s+)?"
        rf"(?:{_ANCHOR}\s*)?(?P<a>{_CAT})\s*(?:->|→|=>|\s+to\s+)\s*(?:{_ANCHOR}\s*)?"
        rf"(?P<b>{_CAT}){_OR_MORE}{_OVER}"
    ),
    # "lung-rads 3 to 4B upgrades": a category range followed by a word of change
    re.compile(
        rf"\b{_ANCHOR}\s*(?P<a>{_CAT})\s+(?:to|into|->|→)\s+(?:{_ANCHOR}\s*)?(?P<b>{_CAT})\s+"
        r"(?P<verb>upgrades?|downgrades?|changes?|transitions?|progressions?|shifts?)\b"
    ),
    # "lung-rads category went up (from 2 to 4A)", "category was downgraded to 2"
    re.compile(rf"\b{_ANCHOR}\s+{_AUX}(?P<verb>{_UP}|{_DOWN}|{_ANY}){_FROM_TO}{_OVER}\b"),
    # "upgraded from 2 to 4A", "a lung-rads upgrade", "downgraded in category"
    re.compile(
        rf"\b{_GOT}(?P<verb>upgraded|downgraded|upgrades?|downgrades?|up-graded|down-graded)"
        rf"(?:\s+(?:in|of)\s+(?:their\s+|the\s+)?{_ANCHOR})?{_FROM_TO}{_OVER}\b"
    ),
    # "went from lung-rads 2 to 4A", "changed from category 3 to 2"
    re.compile(
        rf"\b{_GOT}(?P<verb>{_UP}|{_DOWN}|{_ANY})\s+from\s+{_ANCHOR}\s*(?P<a>{_CAT})\s+{_TO}"
        rf"\s+(?:{_ANCHOR}\s*)?(?P<b>{_CAT}){_OVER}\b"
    ),
    # "studies that changed lung-rads category", "a change in category", "switched their LR"
    re.compile(
        r"\b(?P<verb>changed|changes?|switched|shifted)\s+(?:(?:in|of)\s+)?"
        rf"(?:(?:their|the|its|his|her)\s+)?{_ANCHOR}{_FROM_TO}{_OVER}\b"
    ),
    # "lung-rads 2 -> 4B"
    re.compile(
        rf"\b{_ANCHOR}\s*(?P<a>{_CAT})\s*(?:->|→|=>)\s*(?:{_ANCHOR}\s*)?(?P<b>{_CAT}){_OR_MORE}"
        rf"{_OVER}"
    ),
    # "a higher lung-rads category than on their previous scan", "category was lower than prior"
    re.compile(
        rf"\b(?:(?P<verb>higher|lower|worse|better|different)\s+{_ANCHOR}|{_ANCHOR}\s+"
        rf"{_AUX}(?P<verb2>higher|lower|worse|better|different))\s+(?:than|from)\s+"
        r"(?:(?:on|at|in)\s+)?(?:(?:the|their|his|her|its)\s+)?(?:previous|prior|last|preceding|"
        r"earlier)(?:\s+(?:scan|study|ct|exam|one|screen))?\b"
    ),
)
_UP_WORDS = re.compile(rf"(?:{_UP})")
_DOWN_WORDS = re.compile(rf"(?:{_DOWN})")


def _categories(raw: str | None, post: str | None = None) -> tuple[str, ...]:
    """The categories a written one names ("4" is 4A, 4B or 4X), or with "or higher" ("or
    lower") that one and every one above (below) it."""
    if raw is None:
        return ()
    upper = raw.upper()
    named = ("4A", "4B", "4X") if upper == "4" else (upper,)
    if post is None:
        return named
    ranks = [LUNG_RADS_ORDER.index(c) for c in named]
    if re.search(r"lower|below|better|less", post):
        return tuple(LUNG_RADS_ORDER[: max(ranks) + 1])
    return tuple(LUNG_RADS_ORDER[min(ranks) :])


def _direction(verb: str | None) -> str:
    if verb is None:
        return "any"
    word = re.sub(r"\s+", " ", verb)
    if word.startswith("up") or word in ("higher", "worse") or _UP_WORDS.fullmatch(word):
        return "up"
    if word.startswith("down") or word in ("lower", "better") or _DOWN_WORDS.fullmatch(word):
        return "down"
    return "any"


def find_changes(text: str) -> list[ChangePhrase]:
    """Every change of Lung-RADS category asked in ``text`` (lower case).

    A bare verb ("went", "changed") with a category on each side ("from 3 to 2") reads as any
    change between those categories; "went up", "upgraded" as a higher category.
    """
    found: list[ChangePhrase] = []
    for pattern in _CHANGES:
        for m in pattern.finditer(text):
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            groups = m.groupdict()
            verb = groups.get("verb") or groups.get("verb2")
            before = _categories(groups.get("a"))
            after = _categories(groups.get("b"), groups.get("post"))
            vague = verb is not None and _direction(verb) == "any" and not (before or after)
            if vague and not re.search(r"changed|change|changes|shifted|switched", str(verb)):
                continue  # "category went" alone says nothing
            direction = _direction(verb)
            change = LungRadsChange(direction, before, after)  # type: ignore[arg-type]
            found.append(ChangePhrase(m.start(), m.end(), change))
    return found


_WHICH = (
    r"(?P<which{i}>annual|yearly|12[- ]?months?|twelve[- ]months?|1[- ]year|one[- ]year|"
    r"6[- ]?months?|six[- ]months?|3[- ]?months?|three[- ]months?)"
)
_WHAT = (
    r"(?:(?:lung\s+cancer\s+|lung\s+)?(?:follow[- ]?ups?|f/u|screening|surveillance|"
    r"low[- ]dose\s+(?:chest\s+)?cts?|ldcts?|repeat\s+(?:cts?|scans?)|cts?|scans?|imaging|"
    r"recall|visits?|exams?)(?:\s+(?:cts?|scans?|imaging|exams?|visits?|appointments?))?)"
)
_OWNER = r"(?:(?:their|his|her|a|an|the|its|next|scheduled|planned|recommended)\s+){0,2}"
_MONTHS = r"(?:more\s+than|over)\s+(?P<n{i}>" + NUM + r")\s+(?P<u{i}>months?|mos?|years?|yrs?)"
_OVERDUE = re.compile(
    rf"(?:\b{_MONTHS.format(i=0)}\s+)?\b(?:(?P<lead>overdue|past\s+due|late)"
    rf"(?:\s+by\s+{_MONTHS.format(i=1)})?"
    rf"(?:\s+(?:for|on|with)\s+{_OWNER}(?:{_WHICH.format(i=1)}\s+)?{_WHAT})?"
    rf"(?:\s+by\s+{_MONTHS.format(i=2)})?"
    rf"|(?P<missed>missed|skipped)\s+{_OWNER}(?:{_WHICH.format(i=2)}\s+)?{_WHAT})"
)
# The categories whose management interval a named follow-up is (Lung-RADS v2022).
_WHICH_CATEGORIES = {"12": ("1", "2"), "6": ("3",), "3": ("4A",)}


def _which(word: str | None) -> tuple[str, ...]:
    if word is None:
        return ("1", "2", "3", "4A")
    if word in ("annual", "yearly") or re.match(r"(?:12|twelve|1|one)\b", word):
        return _WHICH_CATEGORIES["12"]
    return _WHICH_CATEGORIES["6" if re.match(r"(?:6|six)\b", word) else "3"]


def find_overdue(text: str, as_of: dt.date) -> list[OverduePhrase]:
    """Every "overdue for follow-up" phrase of ``text`` (lower case), as of ``as_of``.

    "late" alone ("late 2024") is a date word; it is read only with "for <follow-up>". "more
    than 3 months overdue" and "overdue by more than 3 months" add 3 months to the interval.
    """
    found = []
    for m in _OVERDUE.finditer(text):
        if m.group("lead") == "late" and m.group(0).strip() == "late":
            continue
        grace = 0
        for i in range(3):  # "more than 3 months overdue", "overdue by more than 3 months"
            if m.group(f"n{i}"):
                amount = number(m.group(f"n{i}"))
                grace = int(amount * (12 if m.group(f"u{i}").startswith("y") else 1))
        which = _which(m.group("which1") or m.group("which2"))
        categories = tuple(c for c in LUNG_RADS_ORDER if c in which)
        found.append(OverduePhrase(m.start(), m.end(), Overdue(as_of, categories, grace)))
    return found
