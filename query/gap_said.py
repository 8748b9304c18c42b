"""Part 45's forms of intervals and of the studies asked for, put in the words the readers read
(issue 17, session 24, share B).

Part 45 (``tests/query/bank_fresh_45.py``) asked for intervals the readers already express in
words they did not know: a pair of consecutive studies said as "two scans in a row" ("patients
with two scans in a row less than 320 days apart": consecutive scans less than 320 days apart;
"in a row" had been left unread and "two scans" read as exactly two studies, warned), the span
from a patient's first to latest study said with the time first and the patients asked after
("over 30 months elapsed between the earliest and the newest exam of which patients?": which
patients had over 30 months between them; the bound had been read as a diameter, warned), an
average gap between studies (over consecutive ones, as a gap with a bound is), the time between
a patient's first two studies (the second one's gap after the first), consecutive studies "of
one patient" (part 47: read as an age of 1 year, silently), and every study
said as what passed through the scanners ("what came through the scanners in the last 30 days":
the studies of that period; it had been refused). Each rule rewrites one such form, keeping its
meaning, to the form the readers read; what the typed query cannot express (a statistic of
the gap between first two studies, a gap after a given category) is left alone, so that it
stays warned. Called by :func:`query.rewrites.clean` on the lower-cased text, after the spoken
numbers are written as digits.
"""

from __future__ import annotations

import re

__all__ = ["gap_said"]

_STUDY = (
    r"(?:scans?|study|studies|exams?|examinations?|cts?|ldcts?|ct\s+scans?|chest\s+cts?|"
    r"screening\s+cts?|x-?rays?|cxrs?|radiographs?)"
)
_STUDIES = (
    r"(?:scans|studies|exams|examinations|cts|ldcts|ct\s+scans|chest\s+cts|screening\s+cts|"
    r"x-?rays|cxrs|radiographs)"
)
# "two scans in a row", "2 exams back to back", "a pair of successive cts": two consecutive
# studies, a pair said with its neighbours' word ("row" had been left unread and "two scans"
# read as exactly two studies in all, warned)
_IN_A_ROW = re.compile(
    rf"\b(?:two|2|a\s+pair\s+of)\s+(?P<noun>{_STUDIES})\s+(?:in\s+a\s+row|back[\s-]+to[\s-]+back|"
    r"one\s+after\s+(?:the\s+)?other)\b"
)
# "over 30 months elapsed between the earliest and the newest exam of which patients?": the
# patients whose first and latest studies are that far apart, the bound said first and the
# patients asked for last (as "which patients had over 30 months between ...")
_ELAPSED_OF_WHICH = re.compile(
    r"^(?P<bound>(?:more\s+than|over|less\s+than|under|at\s+least|at\s+most|fewer\s+than)\s+"
    r"\d+(?:\.\d+)?\s+(?:days?|weeks?|months?|years?))\s+(?:had\s+|have\s+)?(?:elapsed|passed|"
    r"went\s+by|gone\s+by|lay|lie|lies)\s+(?P<span>between\s+[a-z ]+?)\s+(?:of|for|in)\s+"
    r"(?P<which>which|what)\s+(?P<who>patients|pts|people|persons|individuals)\s*\?*\s*$"
)
# "average gap between screening scans", "median gap in days between their cts": a gap is
# between consecutive studies (the Conventions' reading of a gap with a bound), so its average is
# over consecutive pairs ("gap" and "between" had been left unread, the studies listed, warned);
# "average days between scans", with no word of a gap, stays unread (any two scans, warned)
_AVERAGE_GAP = re.compile(
    r"\b(?P<stat>average|avg|mean|median|typical)\s+(?P<gap>gaps?)\s+"
    r"(?P<unit>(?:\(?in\s+(?:days|months|years)\)?\s+)?)between\s+(?:(?:the|their|his|her|"
    r"a\s+patient's|each\s+patient's)\s+)?(?!consecutive|successive|first|the\s+first)"
    rf"(?=(?:[a-z-]+\s+){{0,2}}?{_STUDIES}\b)"
)
# "waited over 400 days between their first two studies", "had less than 200 days between the
# first and second ldct": the patient's second study of that kind came that long after the
# previous one, the first (part 45; the bound had been read as a diameter and "two studies" as
# exactly two, warned)
_FIRST_TWO = re.compile(
    r"\b(?P<verb>waited|had|have|has|with|saw|showing)\s+(?P<bound>(?:more\s+than|over|less\s+than|under|"
    r"at\s+least|at\s+most|fewer\s+than)\s+\d+(?:\.\d+)?\s+(?:days?|weeks?|months?|years?))\s+"
    r"between\s+(?:their|the|his|her|a\s+patient's)\s+(?:first\s+two\s+(?P<two>" + _STUDIES + r")|"
    r"first\s+and\s+(?:the\s+|their\s+)?second\s+(?P<second>" + _STUDY + r"))\b"
)
# "what came through the scanners", "what has gone through our scanners": every study (the
# question had been refused); what a scanner did is its studies
_THROUGH_SCANNERS = re.compile(
    r"^(?:so\s+)?(?:what|which\s+(?:studies|exams|scans))\s+(?:has\s+|have\s+)?(?:came|come|went|"
    r"gone|passed|ran|run|got)\s+through\s+(?:the\s+|our\s+|all\s+(?:the\s+|our\s+)?)?"
    r"(?:scanners?|machines?|modalities|department)\b"
)


# "longest gap between two consecutive head cts of one patient", "successive exams for a single
# pt": the pair of studies of one patient, as every interval between consecutive studies is
# ("one patient" had been read as an age of 1 year, silently; part 47). "two studies of the
# same patient" is another reader's.
_OF_ONE_PATIENT = re.compile(
    rf"(?P<pair>\b(?:consecutive|successive)\s+(?:[a-z-]+\s+){{0,2}}?{_STUDIES})\s+"
    r"(?:of|for|in|within|from)\s+(?:any\s+)?(?:one|1|a\s+single)\s+"
    r"(?:patient|pt|person|individual|subject)\b"
)


# Part 48 (C): "back-to-back exams of the same pt: median days apart", "median days apart for
# successive ldcts": the statistic of the days between consecutive studies said after them (or
# "apart" before them), as "median days between consecutive exams" reads (the question had been
# refused)
_PAIRED = r"(?:back[\s-]+to[\s-]+back|consecutive|successive|sequential|subsequent)"
_SAME_ONE = (
    r"(?:\s+(?:of|for|in|within|from|by)\s+(?:the\s+same|one|a\s+single|a|each)\s+"
    r"(?:patient|pt|person|individual|subject))?"
)
_STAT_APART = (
    r"(?:the\s+)?(?P<stat>median|mean|average|avg|typical)\s+(?:number\s+of\s+)?"
    r"(?P<unit>days|weeks|months|years)\s+apart"
)
_PAIR_THEN_APART = re.compile(
    rf"^(?:{_PAIRED})\s+(?P<kind>(?:[a-z-]+\s+){{0,2}}?{_STUDIES}){_SAME_ONE}\s*[:,;-]\s*"
    + _STAT_APART
    + r"\s*[?.]?$"
)
_APART_THEN_PAIR = re.compile(
    rf"^{_STAT_APART}\s+(?:for|between|of|across)\s+(?:the\s+)?(?:{_PAIRED})\s+"
    rf"(?P<kind>(?:[a-z-]+\s+){{0,2}}?{_STUDIES}){_SAME_ONE}\s*[?.]?$"
)
# Part 49 (C): "accession A1 to accession A2: how many days apart", "how many days apart are
# accession A1 and accession A2": the days between the two studies named, as "how many days
# between accession A1 and accession A2" reads (the studies had been listed, warned)
# Parts 60 (A): "accessions A1 and A2 - how far apart in days were they done": the kind word
# said once, in the plural, before both identifiers, and "how far (long) apart in <unit>"
_BARE_ID = r"(?:[a-z]{0,3}\d{3,}[\w.-]*|\d+(?:\.\d+){3,})"
_NAMED = rf"(?:acc(?:ession)?s?|study|exam|scan|uid)\.?(?:\s*(?:no\.?|number|#|:))?\s*{_BARE_ID}"
_NAMED_THEN_APART = re.compile(
    rf"^(?:(?:from|between)\s+)?(?P<a>{_NAMED})\s+(?:to|and|&|->|vs\.?|versus)\s+"
    rf"(?P<b>{_NAMED}|{_BARE_ID})\s*[:,;-]?\s*how\s+(?:many\s+(?P<unit>days|weeks|months|years)"
    r"\s+(?:apart|between\s+them)|(?:far|long)\s+apart\s+in\s+(?P<said>days|weeks|months|years))"
    r"(?:\s+(?:are|were)\s+(?:they|these|those|the\s+two)(?:\s+(?:done|taken|performed|"
    r"acquired|scanned))?)?\s*[?.]?$"
)
_APART_THEN_NAMED = re.compile(
    r"^how\s+many\s+(?P<unit>days|weeks|months|years)\s+apart\s+(?:are|were|is)\s+(?:the\s+)?"
    rf"(?P<a>{_NAMED})\s+(?:and|&)\s+(?P<b>{_NAMED})\s*[?.]?$"
)
# Part 49 (C): "average days between first and latest scan per patient": a span from first to
# latest study is each patient's already, so "per patient" after it says it again ("per" had
# been left unplaced and the question refused); only after a statistic of the span
_SPAN_PER_PATIENT = re.compile(
    r"(?P<span>\b(?:average|avg|mean|median)\s+(?:number\s+of\s+)?(?:days|weeks|months|years)\s+"
    r"(?:between|from)\s+(?:the\s+|their\s+)?(?:first|earliest|baseline|initial)\s+(?:and|to)\s+"
    r"(?:the\s+|their\s+)?(?:latest|last|most\s+recent|newest|final)\s+(?:[a-z-]+\s+){0,2}?"
    + _STUDY
    + r")\s*,?\s+(?:per|for\s+each|for\s+every|of\s+each|across)\s+(?:patient|pt|person|"
    r"subject)s?\b"
)


def _pair_apart(m: re.Match[str]) -> str:
    return f"{m.group('stat')} {m.group('unit')} between consecutive {m.group('kind')}"


def _named_apart(m: re.Match[str]) -> str:
    """Each study said with its kind word, in the singular ("accessions A1 and A2": "accession
    A1 and accession A2"), as the reader of a span between named studies wants them."""
    word = re.match(r"[a-z]+", m.group("a"))
    kind = word.group().removesuffix("s") if word else "accession"
    a = re.sub(r"^[a-z]+", kind, m.group("a"))
    b = m.group("b") if re.fullmatch(_NAMED, m.group("b")) else f"{kind} {m.group('b')}"
    unit = m.groupdict().get("unit") or m.groupdict().get("said")
    return f"how many {unit} between {a} and {b}"


def _first_two(m: re.Match[str]) -> str:
    noun = m.group("two") or m.group("second")
    noun = "study" if noun == "studies" else noun.removesuffix("s")
    verb = "with" if m.group("verb") == "with" else "had"
    return f"{verb} their second {noun} {m.group('bound')} after the previous one"


# "ldcts done within 330 days of the patient's previous ldct", "scans within 6 months after their
# prior scan": a study that close after the patient's previous one of its kind is a gap of at
# most that much ("within" holds its bound); the patient's possessive is the patient's own
# previous study (part 48: "within 330 days" had been read as the last 330 days, silently)
_WITHIN_PREVIOUS = re.compile(
    r"\bwithin\s+(?P<n>\d+(?:\.\d+)?|an?)\s+(?P<unit>days?|weeks?|months?|years?)\s+"
    r"(?:of|after|from|following)\s+(?:(?:the|their|his|her|its|each)\s+)?"
    r"(?:(?:patient|pt|person)s?\s+)?(?P<prev>previous|prior|preceding)\b"
)


def gap_said(text: str) -> str:
    """The question (lower case, cleaned) with part 45's intervals said in the readers'
    words."""
    text = _WITHIN_PREVIOUS.sub(r"at most \g<n> \g<unit> after the \g<prev>", text)
    text = _PAIR_THEN_APART.sub(_pair_apart, _APART_THEN_PAIR.sub(_pair_apart, text))
    text = _NAMED_THEN_APART.sub(_named_apart, _APART_THEN_NAMED.sub(_named_apart, text))
    text = _SPAN_PER_PATIENT.sub(r"\g<span>", text)
    text = _IN_A_ROW.sub(r"two consecutive \g<noun>", text)
    text = _OF_ONE_PATIENT.sub(r"\g<pair> of a patient", text)
    text = _AVERAGE_GAP.sub(r"\g<stat> \g<gap> \g<unit>between consecutive ", text)
    text = _FIRST_TWO.sub(_first_two, text)
    text = _ELAPSED_OF_WHICH.sub(r"\g<which> \g<who> had \g<bound> \g<span>", text)
    return _THROUGH_SCANNERS.sub("studies", text)
