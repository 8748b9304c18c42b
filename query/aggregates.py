"""Questions that ask for one number: an average, a median, a percentage or a rate.

"average nodule size", "mean volume of solid nodules", "the average HU of calcified nodules"
ask for the mean of a finding measurement ("median ..." for its median); "average age of women
with ..." for the mean of the patients' ages; "what percentage of patients have calcified
nodules", "what proportion of screening CTs show nodules", "% of nodules that are spiculated"
ask for a share; "average number of nodules per patient", "mean no. of CTs per pt" for a count
divided by the patients (or studies: "per scan", "per chest CT"). These are read by the
regular expressions below (no model) and become a :class:`~query.typed_query.Aggregate`; the
words they place are only the aggregate word and the measurement word (or "average number of"
and "per"), so the kind words between them ("nodule") are still read as usual.
"mean diameter > 8 mm" is a condition, not an average: :mod:`query.numbers` places it first.
Called by :mod:`query.reading`.
"""

from __future__ import annotations

import dataclasses
import re

from query.typed_query import AggregateField, PerUnit

__all__ = ["AggregatePhrase", "find_aggregates"]


@dataclasses.dataclass(frozen=True)
class AggregatePhrase:
    """``kind`` is mean, median, percent or per; ``spans`` are the characters the phrase
    places; ``per`` is what a rate is per (patient or study)."""

    kind: str
    field: AggregateField | None
    spans: tuple[tuple[int, int], ...]
    per: PerUnit | None = None


_FIELDS: tuple[tuple[str, AggregateField], ...] = (
    (r"ages?", "age"),
    (r"long(?:est)?[\s-]+(?:axis|diameter)|long\s+axis\s+diameter", "long_axis_mm"),
    (r"short(?:est)?[\s-]+(?:axis|diameter)", "short_axis_mm"),
    (r"solid[\s-]+components?(?:\s+size)?", "solid_component_mm"),
    (r"(?:mean\s+)?(?:diameter|diam|size|dimension)s?", "diameter_mm"),
    (r"volumes?", "volume_mm3"),
    (
        r"(?:mean\s+)?(?:hu|hounsfield(?:\s+units?)?|density|densities|attenuation\s+values?|"
        r"ct\s+numbers?)",
        "mean_hu",
    ),
    (r"(?:model\s+)?(?:confidence|score|probability)", "confidence"),
)
_FIELD = re.compile(
    r"\b(?:" + "|".join(f"(?P<f{i}>{pattern})" for i, (pattern, _) in enumerate(_FIELDS)) + r")\b"
)
_MEAN = re.compile(r"\b(?:average|avg|mean|median)\b")
# "average number of nodules per patient": the head, then "per" and what it is per (a word
# for people is placed with "per"; a word for studies is left to be read: "per chest CT").
_PER_HEAD = re.compile(r"\b(?:average|avg|mean)\s+(?:number|no\.?|num|#|count|amount)\s+of\b")
_PER_TAIL = re.compile(
    r"\bper\s+(?:(?P<patient>patients?|pts?|persons?|people|subjects?|individuals?|head)\b|"
    r"(?=(?:(?:chest|head|screening|low-?dose|diagnostic)\s+)*(?:ct|cts|scans?|stud(?:y|ies)|"
    r"exams?|examinations?|cxrs?|radiographs?|x-?rays?|imaging\s+stud(?:y|ies))\b))"
)
# Up to four words between "average" and its measurement ("average solid nodule size"), or
# the measurement right before it ("nodule size on average").
_GAP = re.compile(r"^(?:\s+(?:of\s+)?(?:the\s+)?[a-z-]+){0,4}?\s+$|^\s+$")
_PERCENT = re.compile(
    r"(?:\b(?:what|which)\s+)?(?:\bthe\s+)?(?:\b(?:percentage|percent|proportion|fraction|share|"
    r"pct)\b|%)\s*of\b(?:\s+(?:the|all|our)\b)?"
)


def _field_after(text: str, end: int) -> tuple[AggregateField, tuple[int, int]] | None:
    for m in _FIELD.finditer(text, end):
        if not _GAP.match(text[end : m.start()] or " "):
            return None
        for i, (_, field) in enumerate(_FIELDS):
            if m.group(f"f{i}") is not None:
                return field, m.span()
    return None


def _rates(text: str) -> list[AggregatePhrase]:
    found = []
    for head in _PER_HEAD.finditer(text):
        tail = _PER_TAIL.search(text, head.end())
        if tail is None:
            continue
        per: PerUnit = "patient" if tail.group("patient") else "study"
        tail_span = tail.span() if per == "patient" else (tail.start(), tail.start() + 3)
        found.append(AggregatePhrase("per", None, (head.span(), tail_span), per))
    return found


def find_aggregates(text: str) -> list[AggregatePhrase]:
    """Every average, median, rate and percentage phrase of ``text`` (lower case), in order."""
    found = _rates(text)
    in_rates = [span for phrase in found for span in phrase.spans]
    for m in _MEAN.finditer(text):
        if any(start <= m.start() < end for start, end in in_rates):
            continue
        after = _field_after(text, m.end())
        if after is not None:
            field, span = after
            # "mean diameter" alone names the measurement ("by mean diameter"); with "the" or
            # "what is" before it, it asks for the average diameter
            named = m.group(0) == "mean" and span[0] == m.end() + 1 and field == "diameter_mm"
            if named and not re.search(
                r"(?:^|\b(?:the|what|what's|whats|is))\s*$", text[: m.start()]
            ):
                continue
            kind = "median" if m.group(0) == "median" else "mean"
            found.append(AggregatePhrase(kind, field, (m.span(), span)))
    for m in _PERCENT.finditer(text):
        found.append(AggregatePhrase("percent", None, (m.span(),)))
    return found
