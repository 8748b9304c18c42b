"""Questions about the time between a patient's scans.

"patients scanned again within 6 months", "pts rescanned within 11 months", "a repeat scan
within a year", "a chest CT followed by another within 330 days" ask for a study followed by a
later one of the same kind within an interval (:class:`~query.typed_query.FollowUp`); "the time
between the first and latest CT", "how many days between P00010's first and last scan", "median
interval between first and latest chest CT" ask for the days from a patient's first to latest
study (an :class:`~query.typed_query.Aggregate` of ``span_days``). They are read by the regular
expressions below (no model) before the date reader, which would otherwise read "within 6
months" as the last six months. Only the structure words are placed: the kind of study ("chest
CT") and identifiers between them are left to the other readers. Called by :mod:`query.reading`.
"""

from __future__ import annotations

import dataclasses
import re

from query.numbers import WORD_NUMBERS
from query.typed_query import FollowUp

__all__ = ["FollowUpPhrase", "SpanPhrase", "find_follow_ups", "find_spans"]


@dataclasses.dataclass(frozen=True)
class FollowUpPhrase:
    """``spans`` are the characters placed (the words between them are left to be read)."""

    follow_up: FollowUp
    spans: tuple[tuple[int, int], ...]


@dataclasses.dataclass(frozen=True)
class SpanPhrase:
    """The days from first to latest study; ``statistic`` over patients is mean or median."""

    statistic: str
    spans: tuple[tuple[int, int], ...]


_AMOUNT = r"(?P<n>\d+|an?|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<u>days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?)"
# "a repeat / follow-up scan within ..." needs its article: "follow-up scans within 90 days"
# alone stays a period (the last 90 days), as before.
_LEAD = (
    r"(?:(?:scanned|imaged|seen|studied|examined|back|re-?scanned|re-?imaged)\s+again|"
    r"re-?scanned|re-?imaged|(?:(?:had|has|have|got|with|needed|needing)\s+)?(?:an?\s+"
    r"(?:repeat|second|follow-?up|f/u)|another)|"
    r"followed\s+by\s+(?:another|a\s+second|a\s+repeat|an?)|(?:came|come|coming)\s+back)"
)
_FOLLOW_UP = re.compile(
    rf"\b(?P<lead>{_LEAD})(?P<noun>(?:\s+[a-z-]+){{0,3}}?)\s+"
    rf"(?P<tail>(?:within|in\s+(?:the\s+)?(?:next|following)|inside(?:\s+of)?|"
    rf"(?P<strict>in\s+under|in\s+less\s+than|under|less\s+than|<))\s*{_AMOUNT}\s+{_UNIT})\b"
)
_SPAN = re.compile(
    r"(?P<head>(?:\b(?:the\s+)?(?P<stat>average|avg|mean|median)\s+)?\b(?:time|interval|gap|"
    r"duration|period|number\s+of\s+days|days|how\s+many\s+days|how\s+long)\s+"
    r"(?:(?:is|was)\s+there\s+|passed\s+|elapsed\s+)?(?:between|from))\b"
    r"(?:\s+[a-z0-9-]+){0,3}?\s+(?P<tail>(?:(?:the|their|his|her|its)\s+)?first\s+(?:and|to|until|"
    r"till)\s+(?:the\s+|their\s+)?(?:latest|last|most\s+recent|final))\b"
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


def find_spans(text: str) -> list[SpanPhrase]:
    """Every "time between the first and latest ..." phrase of ``text`` (lower case)."""
    return [
        SpanPhrase(
            "median" if m.group("stat") == "median" else "mean",
            (m.span("head"), m.span("tail")),
        )
        for m in _SPAN.finditer(text)
    ]
