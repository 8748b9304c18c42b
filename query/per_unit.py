"""A count per unit said with "each" (part 39's families, share H), put in the readers' words.

Part 39 (``tests/query/bank_fresh_39.py``, issue 17) asked means and medians of a count per
study or per patient in words the readers did not know: "average of the number of nodules on
each ldct", "median number of imaging studies each patient has had". The readers already read
"average number of nodules per ldct" and "median number of studies per patient" (a mean or a
median of each unit's count, one with none counting as 0); "each <unit>" after "<statistic>
(of the) number of <what>" says the same, so it is rewritten to "per <unit>". Only after a
statistic of a number (or "on average, how many <what> per <unit>", part 46): "nodules on
each ldct" alone keeps its reading, and so does a count
("number of nodules on each ldct" is no mean). Called by :func:`query.rewrites.clean` on the
lower-cased text, after the typist's slips are corrected.
"""

from __future__ import annotations

import re

__all__ = ["per_unit"]

# Part 49 (C): "on each low dose lung (cancer) screening exam": up to five words before the study
# noun
_UNIT = (
    r"(?:(?:[a-z-]+\s+){0,5}?(?:ldct|ct|scan|study|exam|x-?ray|cxr|cta|radiograph|imaging\s+study)|"
    r"patient|pt|person|subject|man|woman)"
)
_STATISTIC = r"(?P<stat>average|avg|mean|median)\s+(?:of\s+)?(?:the\s+)?"
# "# nods" needs no "of" (part 45, D: "avg # nods seen on each screening ct")
_NUMBER_OF = (
    r"(?:(?:number|count|no\.?)\s+of|#\s*(?:of\s+)?)\s*(?P<what>[a-z-]+(?:\s+[a-z-]+){0,2}?)\s+"
)
# "on each ldct", "found on every chest ct"
_ON_EACH = (
    r"(?:(?:found|seen|detected|reported)\s+)?(?:on|in|for|at)\s+(?:each|every)\s+"
    rf"(?P<unit>{_UNIT})\b"
)
# "each patient has had", "that every patient underwent"
_EACH_HAS = (
    rf"(?:(?:that|which)\s+)?(?:each|every)\s+(?P<who>{_UNIT})\s+"
    r"(?:has\s+had|has\s+undergone|has\s+received|has\s+gotten|has\s+got|has|had|got|underwent|"
    r"received)\b"
)
_EACH_UNIT = re.compile(rf"\b{_STATISTIC}{_NUMBER_OF}(?:{_ON_EACH}|{_EACH_HAS})")
# Part 45 (D): the unit said first, then the statistic: "per ldct, mean count of nodules found",
# "on each screening ct we read, avg # nods seen" (the statistic and "per" had been left unread
# and the findings counted, warned). Only where the statistic of a number closes the question.
_UNIT_FIRST = re.compile(
    rf"^(?:per|on\s+(?:each|every)|for\s+(?:each|every)|in\s+(?:each|every))\s+(?P<unit>{_UNIT})"
    r"(?:\s+(?:we|they|you|i)\s+(?:read|reviewed|did|do|performed|have|had|ran))?\s*[,:;-]\s*"
    + _STATISTIC
    + _NUMBER_OF.removesuffix(r"\s+")
    + r"(?:\s+(?:found|seen|detected|reported|noted|identified))?\s*[?.]?$"
)


# Part 46: "on average, how many nods per exam", "how many nodules per ct, on average": the mean
# of a count per unit said as a question ("screening exams: on average, how many nods per exam"
# had counted the studies named first, an average of studies per study, silently)
_HOW_MANY_PER = (
    r"how\s+many\s+(?P<what>[a-z-]+(?:\s+[a-z-]+){0,2}?)\s+(?:per|on\s+each|in\s+each|"
    rf"for\s+each|a|an)\s+(?P<unit>{_UNIT})\b"
)
_AVERAGE_SAID = r"on\s+(?:average|avg)"
_ON_AVERAGE_HOW_MANY = re.compile(rf"\b{_AVERAGE_SAID}\s*,?\s*{_HOW_MANY_PER}")
_HOW_MANY_ON_AVERAGE = re.compile(rf"\b{_HOW_MANY_PER}\s*,?\s*{_AVERAGE_SAID}\b")


# Part 48 (C): "nodule burden per low dose ct, mean count", "nod count per ldct - median": the
# count of a finding per unit named first, then the statistic of it closing the question (the
# statistic, "per" and "burden" had been left unread and the findings counted, warned)
_COUNT_PER_THEN_STATISTIC = re.compile(
    r"^(?P<what>(?:[a-z-]+\s+)?(?:nodule|nod|ggn|ggo|psn|mass|lesion|finding))s?\s+"
    r"(?:burden|count|counts|number|numbers|load|tally)\s+(?:per|on\s+each|on\s+every|"
    rf"for\s+each|in\s+each)\s+(?P<unit>{_UNIT})\s*[,:;-]\s*(?:the\s+)?"
    r"(?P<stat>average|avg|mean|median)(?:\s+(?:count|number|value|of\s+it))?\s*[?.]?$"
)


def _count_per_then_statistic(m: re.Match[str]) -> str:
    return f"{m.group('stat')} number of {m.group('what')}s per {m.group('unit')}"


def _how_many(m: re.Match[str]) -> str:
    return f"average number of {m.group('what')} per {m.group('unit')}"


def _per(m: re.Match[str]) -> str:
    unit = m.group("unit") or m.group("who")
    return f"{m.group('stat')} number of {m.group('what')} per {unit}"


def per_unit(text: str) -> str:
    """``text`` with "<statistic> (of the) number of X on each / that each <unit> has" said as
    "<statistic> number of X per <unit>" (see the module's docstring)."""
    text = _COUNT_PER_THEN_STATISTIC.sub(_count_per_then_statistic, text)
    text = _HOW_MANY_ON_AVERAGE.sub(_how_many, _ON_AVERAGE_HOW_MANY.sub(_how_many, text))
    return _EACH_UNIT.sub(_per, _UNIT_FIRST.sub(_per_first, text))


def _per_first(m: re.Match[str]) -> str:
    return f"{m.group('stat')} number of {m.group('what')} per {m.group('unit')}"
