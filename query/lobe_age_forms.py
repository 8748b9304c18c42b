"""Lobes and age ranges said in other words, put in the words the readers read (part 43, D).

Part 43 (``tests/query/bank_fresh_43.py``, issue 17) showed clinicians leaving a lobe out with
"apart from" ("nodules in the right lung apart from the middle lobe"), naming the one lobe that
holds a kind of finding as a sentence of its own ("studies where the rml is the only lobe with
nodules"), and giving an age range as a band ("males in the 55-65 age band"). The first two had
their word left unread and the lobe kept as the place of the finding (warned); the band had its
numbers left unread. Each rule here rewrites one such form to the form the readers already read
("except the middle lobe", "where the only nodules are in the rml", "aged 55-65"), keeping its
meaning. Only a lobe (or a group of lobes) after the words is read so: "other than" before
anything else is another reader's (:mod:`query.new_masses`, :mod:`query.negated_forms`). Called
by :func:`query.rewrites.clean` on the lower-cased text, after the typist's slips are corrected.
"""

from __future__ import annotations

import re

__all__ = ["lobe_age_forms"]

_LOBE = (
    r"(?:rul|rml|rll|lul|lll|(?:(?:right|left)\s+)?(?:upper|middle|lower)(?:\s+lobes?)?|"
    r"(?:upper|lower)\s+lobes)"
)
# "nodules in the right lung apart from the middle lobe", "other than the upper lobes", "aside
# from the rll", "save for the lll", "besides the middle lobe": a lobe left out, as "except" it
_APART_FROM_LOBE = re.compile(
    r"\b(?:apart\s+from|aside\s+from|other\s+than|save\s+for|besides)\s+"
    rf"(?=(?:the\s+)?{_LOBE}(?![\w-]))"
)
# "studies where the rml is the only lobe with nodules", "exams in which the left lower lobe was
# the sole lobe containing nodules": the only findings of that kind on the study are there
_ONLY_LOBE_WITH = re.compile(
    r"\b(?P<lead>where|in\s+which|whose)\s+(?:the\s+)?(?P<lobe>" + _LOBE + r")\s+"
    r"(?:is|was|are|were)\s+the\s+(?:only|sole|single|one)\s+lobes?\s+"
    r"(?:with|having|containing|holding|that\s+(?:has|had|have|contains?|contained|holds?|held))"
    r"\s+(?:any\s+)?(?P<kind>nodules?|masses|mass)\b"
)
# "nodules in both upper lobes", "pts with masses in both lower lobes": a finding in each lobe of
# that level, as "both the rul and the lul" ("both" had been left unread and a finding in
# either upper lobe kept, warned; part 48)
_BOTH_LEVEL = re.compile(r"\bboth\s+(?:the\s+)?(?P<level>upper|lower)\s+lobes\b")
# "ldcts whose nods are all middle lobe": "all" before a lobe said without "in" is all in that
# lobe, as "all in the rml" (part 48: the lobe had been read as a nodule there and "all" lost,
# silently)
_ALL_LOBE = re.compile(
    rf"\b(?P<all>(?:are|were|is|was)\s+all)\s+(?:the\s+)?(?=(?:{_LOBE})(?![\w-]))"
)
# "nodules in the rml, nowhere else", "in the lul and nowhere else": only in that lobe; after
# "all ... in the <lobe>" it says again what "all" said ("nowhere else" had been left unread,
# warned; part 48)
_NOWHERE_ELSE = re.compile(
    rf"\b(?P<all>all\s+)?in\s+(?:the\s+)?(?P<lobe>{_LOBE})\s*(?:[,;]|-|\band\b|\bbut\b)?\s*"
    r"(?:nowhere|not\s+anywhere|not\s+elsewhere)(?:\s+else)?(?![\w-])"
)
# "under 30s with any ct", "the over-70s who had an ldct": people of that age, said as a group
# ("under" and "30s" had been left unread, warned; part 48)
_AGE_GROUP = re.compile(r"\b(?:the\s+)?(?P<cmp>under|over)[\s-](?P<n>[1-9]0)s\b")
_PLURAL = {"nodule": "nodules", "mass": "masses"}
# "men over 70 chest cts", "women older than 65 ldcts", "pts under 50 head cts": a bound right
# after a word for people is their age, although a kind of study follows the number (it had been
# read as a count of each patient's studies, "more than 70 chest cts", or of scans of one nodule,
# silently; session 27). "patients with over 3 chest cts" has no people word before the bound.
_PEOPLE_AGE_BEFORE_KIND = re.compile(
    r"\b(?P<who>(?:wo)?men|(?:fe)?males|patients|pts|people|persons|adults|subjects|"
    r"participants)\s+(?:aged\s+)?"
    r"(?P<cmp>over|under|above|below|older\s+than|younger\s+than)\s+(?P<n>[1-9]\d)"
    r"(?=\s+(?:chest|head|brain|ct|cts|ldcts?|screening|low[- ]dose|x[- ]?rays?|cxrs?|studies|"
    r"scans|exams|imaging)\b)"
)
_BAND = r"(?:band|bracket|range|group|category|cohort)"
_SPAN = r"(?P<lo>\d{1,3})\s*(?:-|to|–)\s*(?P<hi>\d{1,3})"
# "males in the 55-65 age band", "women within the 60 to 70 age bracket", "pts of the 50-59 age
# group", "in the age range 55-65": an age range said as a band, both ends kept ("aged 55-65")
_AGE_BAND = re.compile(
    r"\b(?:(?:in|within|of|from)\s+(?:the\s+|an?\s+)?)?(?:"
    + _SPAN
    + r"\s+(?:years?\s+|yrs?\s+)?age\s+"
    + _BAND
    + r"|age\s+"
    + _BAND
    + r"\s+(?:of\s+)?"
    + _SPAN.replace("lo>", "lo2>").replace("hi>", "hi2>")
    + r")(?![\w-])"
)


def _age_band(m: re.Match[str]) -> str:
    lo, hi = m.group("lo") or m.group("lo2"), m.group("hi") or m.group("hi2")
    return f"aged {lo}-{hi}"


def _only_lobe(m: re.Match[str]) -> str:
    kind = _PLURAL.get(m.group("kind"), m.group("kind"))
    lead = "where" if m.group("lead") == "whose" else m.group("lead")
    return f"{lead} the only {kind} are in the {m.group('lobe')}"


def _both_level(m: re.Match[str]) -> str:
    first = m.group("level")[0]
    return f"both the r{first}l and the l{first}l"


def _nowhere_else(m: re.Match[str]) -> str:
    return f"{m.group('all') or 'only '}in the {m.group('lobe')}"


def lobe_age_forms(text: str) -> str:
    """``text`` with part 43's lobes left out, only lobes and age bands in the readers' words,
    and part 48's lobes of both sides, lobes held alone and age groups; a bound after people
    before a kind of study is their age."""
    text = _BOTH_LEVEL.sub(_both_level, text)
    text = _ALL_LOBE.sub(r"\g<all> in the ", text)
    text = _NOWHERE_ELSE.sub(_nowhere_else, text)
    text = _AGE_GROUP.sub(r"patients \g<cmp> \g<n>", text)
    text = _PEOPLE_AGE_BEFORE_KIND.sub(r"\g<who> \g<cmp> \g<n> years", text)
    text = _APART_FROM_LOBE.sub("except ", text)
    text = _ONLY_LOBE_WITH.sub(_only_lobe, text)
    return _AGE_BAND.sub(_age_band, text)
