"""A nodule compared between a patient's first and latest scan.

"nodules larger on the latest scan than on the first", "bigger on the most recent study than at
baseline", "smaller on their last CT than on their first one" compare each nodule on the
patient's latest study with the first finding of the same nodule (track). The whole phrase is
read here, by a regular expression (no model), before the reader of "first / latest study"
(:mod:`query.history`), which would otherwise take both words as picks of one study. The phrase
becomes a range on the change since the first finding (> 0 mm for larger) and the pick of each
patient's latest study. Called by :mod:`query.reading`.
"""

from __future__ import annotations

import dataclasses
import re

from query.typed_query import NumberRange

__all__ = ["FirstLatestPhrase", "find_first_latest"]


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
