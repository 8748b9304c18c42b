"""Averages said in conversational shapes, rewritten as the average phrases the reader knows.

Parts 56 to 59 (B) asked for means in shapes the aggregate reader (:mod:`query.aggregates`)
does not see: the findings first and the statistic as a verb ("for solid nods only, what HU do
they average out at"), a rate with its unit first ("per low dose screening study, the average
nodule count works out to what"), a rate with the studies it is over said again ("nodules per
screening ct, averaged over every screening ct"), the answer's unit after "on average" ("their
solid comp on average (mm)") and a label saying whom the number is for ("for the department
review - mean diameter of solid nodules"). Each had left the statistic unread and listed
studies (warned). They are written "average HU of solid nods", "average number of nodules per
low dose screening study", "nodules per screening ct, on average", "... on average" (the
stored unit said adds nothing) and "mean diameter of solid nodules". A step of
:data:`query.rewrites.REWRITES`, before the rates (:mod:`query.per_unit`).
"""

from __future__ import annotations

import re

__all__ = ["averages_said"]

_FIELD = (
    r"(?:hu|hounsfield(?:\s+units?)?|density|attenuation|size|diameter|volume|long\s+axis|"
    r"short\s+axis|solid\s+component|confidence)"
)
# "for solid nods only, what hu do they average out at", "for ggns, what size do they average"
_VERB_AVERAGE = re.compile(
    r"^for\s+(?P<noun>[a-z][^,:;?]*?)(?:\s+only)?\s*,\s*(?:what|which)\s+(?P<field>"
    + _FIELD
    + r")\s+(?:do|does|did)\s+(?:they|these|those|it|the\s+[a-z]+)\s+average(?:\s+out)?"
    r"(?:\s+(?:at|to))?\s*[?.!]*$"
)
# "per low dose screening study, the average nodule count works out to what"
_RATE_FIRST = re.compile(
    r"^per\s+(?P<per>[a-z][a-z -]*?)\s*,\s*(?:the\s+|what\s+is\s+the\s+|what's\s+the\s+)?"
    r"(?P<stat>average|mean|avg|median)\s+(?P<noun>[a-z-]+?)s?\s+(?:count|number|tally|total)"
    r"(?:\s+(?:works|comes|turns)\s+out(?:\s+(?:to|at|as))?(?:\s+what)?|\s+is(?:\s+what)?)?"
    r"\s*[?.!]*$"
)
# "nodules per screening ct, averaged over every screening ct": the studies said again
_RATE_AVERAGED_OVER = re.compile(
    r"\b(?P<head>[a-z-]+\s+per\s+(?P<per>[a-z][a-z -]*?))\s*,?\s*(?:averaged|on\s+average)\s+"
    r"(?:over|across)\s+(?:every|each|all(?:\s+the)?)\s+(?P=per)s?\s*[?.!]*$"
)
# "their solid component on average (mm)": the unit the measurement is stored in adds nothing
# (another unit, "on average in cm", changes the answer and is left as typed, named unread)
_UNIT_AFTER = re.compile(r"\bon\s+average\s*(?:\bin\s+|\(\s*(?:in\s+)?)(?:mm3?|hu)\b(?:\s*\))?")
# "detector confidence on ptx findings, mean value", "solid component of part-solid nodules -
# average" (parts 60 to 63, B): a measurement of findings with its statistic said last is that
# statistic of the measurement ("mean" had been left unread and the findings listed, warned)
_STAT_OF_FIELD_LAST = re.compile(
    r"^(?:the\s+)?(?:(?:detector|model|ai|software|algorithm)(?:'s)?\s+)?(?P<field>"
    + _FIELD
    + r")\s+(?:on|of|for|in|across)\s+(?:the\s+|all\s+(?:the\s+)?)?(?P<noun>[a-z][a-z -]*?)\s*"
    r"(?:,|;|:|\s-)\s*(?:the\s+)?(?P<stat>mean|average|avg|median)(?:\s+value)?\s*[?.!]*$"
)
# "part-solid nodules: mean size of the solid component", "ggns - the average size of the long
# axis": a measurement's "size" is the measurement ("size" had been read as the mean diameter
# and "component" left unread)
_SIZE_OF_FIELD = re.compile(
    r"\b(?P<stat>mean|average|avg|median)\s+(?:size|length|value|measurement)\s+of\s+(?:the\s+|"
    r"their\s+|its\s+)?(?P<field>solid\s+component|solid\s+part|long\s+axis|short\s+axis)\b"
)
# "for the department review - ", "for our m&m meeting: ": whom the number is for
_PURPOSE = re.compile(
    r"^for\s+(?:the\s+|our\s+|a\s+|my\s+)?(?:[a-z&-]+\s+){0,3}?(?:review|meeting|audit|"
    r"report|presentation|conference|committee|board|rounds|slides?|deck|newsletter|"
    r"dashboard|grant|paper|abstract|talk)\s*(?:[-:,]|\s-)\s*(?=[a-z])"
)


def averages_said(text: str) -> str:
    """``text`` (lower case) with an average said conversationally as an average phrase."""
    text = _PURPOSE.sub("", text)
    text = _STAT_OF_FIELD_LAST.sub(r"\g<stat> \g<field> of \g<noun>", text)
    text = _SIZE_OF_FIELD.sub(r"\g<stat> \g<field>", text)
    text = _VERB_AVERAGE.sub(r"average \g<field> of \g<noun>", text)
    text = _RATE_FIRST.sub(r"\g<stat> number of \g<noun>s per \g<per>", text)
    text = _RATE_AVERAGED_OVER.sub(r"\g<head>, on average", text)
    return _UNIT_AFTER.sub("on average", text)
