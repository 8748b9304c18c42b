"""Rankings said around a label, rewritten in the order the ranking reader knows.

Parts 56 to 59 (B) showed a ranking's pieces said apart: what is ranked named first as a label
("ptx findings: the 6 with highest confidence", "among the women, which 3 were born first",
"by volume, the 3 smallest solid nodule findings"), the measurement joined by a verb ("3
nodules reading the highest mean hu"), the direction said again after it ("..., most negative
first", "densest on top"), HU said as "most negative", and a table's sort order ("order ct
angiograms by study date asc, take 4"). Each had lost its number or direction (warned: the one
first finding, or the ranking by size). Each is written as the ranking it says: "the 6 ptx
findings with highest confidence", "which 3 women were born first", "the 3 smallest solid nodule
findings by volume", "3 nodules with the highest mean hu", "the 4 earliest ct angiograms"; a
sort's count said "take N" is "top N". A
direction said again that does not agree with the ranking is left as typed (named unread). A
step of :data:`query.rewrites.REWRITES`, before the ranking rewrites.
"""

from __future__ import annotations

import re

__all__ = ["ranked_labels"]

# What a ranking ranks, said as a label (no digits: a condition with a number is no label)
_NOUN = (
    r"(?P<noun>(?:[a-z][a-z -]{0,40}?\s+)?(?:findings?|nodules?|nods|masses|mass|ggns?|ggos?|psns?|"
    r"lesions?|effusions?|detections?|pneumothora(?:x|ces)|ptx|studies|scans|exams|cts|ldcts|"
    r"ctas|cxrs|x-?rays|radiographs|angiograms|patients|pts|people|women|men|females|males)\b)"
)
# "ptx findings: the 6 with highest confidence", "pleural effusion findings - the 6 detected
# with highest model confidence": the label is what the N are
_LABEL_THEN_N = re.compile(
    rf"^{_NOUN}\s*(?::|\s-)\s*(?:give\s+me\s+|show\s+(?:me\s+)?|list\s+)?(?:the\s+)?(?P<n>\d+)\s+"
    r"(?:(?:detected|found|seen|flagged|called|reported)\s+)?"
    r"(?P<rest>(?:with|having|showing|that|which|w/?)\b.*)$"
)
# "among the women, which 3 were born first", "of all solid nodules, which 2 are the largest"
_AMONG_WHICH = re.compile(
    rf"^(?:among|amongst|of|from)\s+(?:the\s+|our\s+|all\s+(?:the\s+)?)?{_NOUN}\s*,\s*"
    r"which\s+(?P<n>\d+)\s+(?P<rest>(?:were|are|was|is|have|had|has)\b.*)$"
)
_FIELDS = (
    r"(?:volume|size|diameter|mean\s+diameter|long\s+axis|short\s+axis|solid\s+component|"
    r"(?:mean\s+)?hu|attenuation|density|(?:model\s+)?confidence)"
)
_SUPERLATIVE = r"(?:smallest|largest|biggest|highest|lowest|greatest|least|most)"
# "by volume, the 3 smallest solid nodule findings": the ranking, then what it is by
_BY_FIELD_FIRST = re.compile(
    rf"^by\s+(?P<field>{_FIELDS})\s*,\s*(?P<rank>(?:the\s+)?\d+\s+{_SUPERLATIVE}\s+[^,:;?]+?)"
    r"\s*[?.!]*$"
)
# "nodules reading (showing, scoring) the lowest mean hu": "with"
_READING = re.compile(
    r"\b(?P<noun>nodules?|nods|findings?|masses|ggns?|ggos?|psns?|lesions?)\s+"
    r"(?:reading|showing|registering|scoring)\s+(?=the\s+(?:lowest|highest|largest|smallest|"
    r"biggest|greatest|most|least)\b)"
)
# HU said as a sign: "the most negative (in) mean hu" is the lowest
_NEGATIVE = re.compile(r"\b(?P<which>most|least)\s+negative\b")
_IN_FIELD = re.compile(
    r"\b(?:are|were|is|was)\s+the\s+(?P<sup>lowest|highest)\s+(?:in|by|on)\s+"
    r"(?P<field>(?:mean\s+)?(?:hu|attenuation|density))\b"
)
# The direction said again after a ranking ("..., most negative first", "densest on top")
_LOW = frozenset({"lowest", "smallest", "least"})
_HIGH = frozenset({"highest", "largest", "biggest", "greatest", "densest", "most"})
_AGAIN = re.compile(
    r"\s*,\s*(?P<tag>lowest|smallest|highest|largest|biggest|densest)\s+(?:first|on\s+top)"
    r"\s*[?.!]*$"
)
_RANKED = re.compile(r"\b(?P<sup>lowest|smallest|least|highest|largest|biggest|greatest|densest)\b")
# "order ct angiograms by study date asc, take 4", "women sorted by birth date ascending, top 3"
_COUNT = (
    r"(?:take|top|first|keep|show|give\s+me|return|list|limit(?:\s+to)?|limited\s+to)\s+"
    r"(?:the\s+)?(?:top\s+|first\s+)?(?P<n>\d+)"
)
_DATE_SORTED = re.compile(
    r"^(?:(?P<verb>sort|order|rank|list)\s+)?(?P<noun>[a-z][a-z -]{0,40}?)\s+"
    r"(?:(?P<done>sorted|ordered|ranked)\s+)?by\s+(?:(?P<birth>birth\s*date|dob|date\s+of\s+birth)|"
    r"(?:study\s+|exam\s+|scan\s+)?date)\s*,?\s*(?:in\s+)?"
    r"(?:(?P<up>asc|ascending|oldest\s+first|earliest\s+first)|"
    r"(?P<down>desc|descending|newest\s+first|latest\s+first|most\s+recent\s+first))"
    rf"(?:\s+order)?\s*,?\s*{_COUNT}\s*[?.!]*$"
)


# "nodules sorted by volume asc, take 3", "order ggns by mean hu asc, keep 2": the count of a
# sort by a field said with another verb is "top N" (the date sorts are read above)
_SORT_THEN_TAKE = re.compile(
    r"^(?P<sort>[^,]*\b(?:sorted|ordered|ranked|sort|order|rank)\b[^,]*?\bby\b[^,]*?)\s*,\s*"
    r"(?:take|keep|give\s+me|return)\s+(?:the\s+)?(?:top\s+|first\s+)?(?P<n>\d+)\s*[?.!]*$"
)


def _said_again(text: str) -> str:
    """Drops a direction said again that agrees with the one ranking before it."""
    again = _AGAIN.search(text)
    if again is None:
        return text
    before = [m.group("sup") for m in _RANKED.finditer(text, 0, again.start())]
    if len(before) != 1:
        return text
    tag, sup = again.group("tag"), before[0]
    if (tag in _LOW) == (sup in _LOW) and (tag in _HIGH) == (sup in _HIGH):
        return text[: again.start()]
    return text


def _date_sorted(m: re.Match[str]) -> str:
    if m.group("verb") is None and m.group("done") is None:
        return m.group(0)
    up = m.group("up") is not None
    if m.group("birth"):  # born earliest first: the oldest
        word = "oldest" if up else "youngest"
    else:
        word = "earliest" if up else "most recent"
    return f"the {m.group('n')} {word} {m.group('noun')}"


def ranked_labels(text: str) -> str:
    """``text`` (lower case) with a ranking said around a label written as one ranking."""
    text = _NEGATIVE.sub(lambda m: "lowest" if m.group("which") == "most" else "highest", text)
    text = _IN_FIELD.sub(r"have the \g<sup> \g<field>", text)
    text = _READING.sub(r"\g<noun> with ", text)
    text = _said_again(text)
    text = _LABEL_THEN_N.sub(r"the \g<n> \g<noun> \g<rest>", text)
    text = _AMONG_WHICH.sub(r"which \g<n> \g<noun> \g<rest>", text)
    text = _BY_FIELD_FIRST.sub(r"\g<rank> by \g<field>", text)
    text = _DATE_SORTED.sub(_date_sorted, text)
    return _SORT_THEN_TAKE.sub(r"\g<sort>, top \g<n>", text)
