"""Follow-up spans and gaps between consecutive studies, said in the words people use.

The interval reader (:mod:`query.intervals`) reads "<statistic> <unit> from first <study> to
latest <study>" and "<statistic> <unit> between consecutive <studies>". People name the span
first and the ends after it, in brackets or after a comma ("P00589 imaging history span in
days (first exam through latest exam)", "how many years of imaging follow-up does P00536 have
(first scan to last)", "mean length of follow-up in months, earliest to latest study", "P00123
follow-up so far, expressed in weeks (first scan to most recent)"), or the statistic of a gap
after the studies ("between successive chest cts, the median gap expressed in months",
"typical spacing between a patient's back to back exams - median days"). Parts 52 to 55 (C):
each had been read as a list of first studies or refused, warned. Such a question is written in
the reader's form: the statistic, the unit, the two ends (the kind of study said at either end
is said at both), and the rest of the question (an identifier, a kind of study). A step of
:data:`query.rewrites.REWRITES`.
"""

from __future__ import annotations

import re

__all__ = ["span_forms"]

_UNITS = r"(?:days|weeks|months|years)"
_NOUN = r"(?:exam|scan|study|ct|ldct|cxr|cta|mri|imaging|chest\s+ct|head\s+ct)(?!\w)"
_FIRST = r"(?:first|earliest|initial|baseline|index)"
_LAST = r"(?:lastest|latest|last|most\s+recent|newest|final|current)"
# the two ends: "(first exam through latest exam)", ", earliest to lastest study", "between a
# patient's first and latest ldct"
_ENDS = re.compile(
    r"\s*[,;(-]?\s*(?:(?P<between>between)\s+|from\s+)?(?:(?:a|each|every|the)\s+patient\s+|"
    rf"their\s+|the\s+)?{_FIRST}(?:\s+(?P<k1>{_NOUN}))?\s+(?:(?:to|through|thru|till|until|->)"
    rf"|(?(between)and|(?!)))\s+(?:the\s+|their\s+)?{_LAST}(?:\s+(?P<k2>{_NOUN}|one))?\s*\)?"
    r"(?:\s*\b(?:per|for\s+each|of\s+each|for\s+every|for\s+a)\s+(?:patient|pt|person)\b)?"
)
# the span said before the ends, with its statistic and unit
_HEAD = re.compile(
    r"\b(?:(?P<stat>mean|average|avg|median)\s+)?(?:how\s+many\s+)?(?:(?P<u1>days|weeks|months|"
    r"years)\s+of\s+(?:imaging\s+)?follow-?up|(?:the\s+)?(?:total\s+)?(?:time\s+)?(?:imaging\s+)?"
    r"(?:history\s+)?(?:span|follow-?up|f/u|length\s+of\s+(?:imaging\s+)?follow-?up|duration)"
    r"(?:\s+(?:time|duration|period|length|span))?(?:\s+(?:so\s+far|to\s+date))?)(?:\s*,?\s*(?:(?:expressed|measured)\s+)?in\s+"
    r"(?P<u2>days|weeks|months|years))?(?:\s+covered\s+by)?"
)
_UNIT_LATER = re.compile(rf"\s*,?\s*(?:(?:expressed|measured)\s+)?in\s+(?P<u>{_UNITS})\b")
# "between successive chest cts, the median gap expressed in months"
_GAP_AFTER = re.compile(
    r"^(?:(?:typical|usual)\s+)?(?:(?:spacing|gap|interval|time)\s+)?between\s+(?:(?:a|each)\s+"
    r"patient\s+|their\s+)?(?:consecutive|successive|back[\s-]to[\s-]back|sequential)\s+"
    r"(?P<kind>[a-z ]+?)\s*(?:,|\s-)\s*(?:the\s+)?(?P<stat>median|mean|average)\s+(?:(?:gap|"
    rf"interval|spacing|time)\s+)?(?:(?:expressed|measured)\s+)?(?:in\s+)?(?P<u>{_UNITS})\s*\??$"
)


# a number right before the span's unit ("at least 24 months of follow-up", "over three years
# of imaging follow-up") makes it a condition the interval reader already reads
_AMOUNT_BEFORE = re.compile(
    r"(?<![\w.-])(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"eighteen|twenty|thirty|thirty-six|a|an|half\s+a)\s*$"
)


def _span(text: str) -> str:
    ends = _ENDS.search(text)
    if ends is None:
        return text
    head = _HEAD.search(text[: ends.start()])
    if head is None or not head.group(0).strip():
        return text
    if _AMOUNT_BEFORE.search(text, 0, head.start()):
        return text  # "over three years of follow-up": a bound on the span, not the span asked
    rest = text[: head.start()] + " " + text[head.end() : ends.start()] + " " + text[ends.end() :]
    unit = head.group("u1") or head.group("u2")
    if unit is None:
        later = _UNIT_LATER.search(rest)
        if later is None:
            return text
        unit = later.group("u")
        rest = rest[: later.start()] + rest[later.end() :]
    k1, k2 = ends.group("k1"), ends.group("k2")
    k2 = None if k2 == "one" else k2
    kind1 = k1 or k2 or "study"
    kind2 = k2 or k1 or "study"
    stat = f"{head.group('stat')} " if head.group("stat") else ""
    said = f"{stat}{unit} from first {kind1} to latest {kind2}"
    return re.sub(r"\s+", " ", f"{said} {rest}").strip(" ,")


def span_forms(text: str) -> str:
    """``text`` (cleaned, lower case) with a follow-up span or a gap statistic said in the
    reader's own order."""
    gap = _GAP_AFTER.search(text)
    if gap is not None:
        kind = gap.group("kind")
        return f"{gap.group('stat')} {gap.group('u')} between consecutive {kind}"
    return _span(text)
