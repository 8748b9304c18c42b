"""Growth and new nodules said in other words, put in the words the readers read (part 42, B).

Part 42 (``tests/query/bank_fresh_42.py``, issue 17) showed growth and new nodules said the way
people talk: "part solid nodules that are getting bigger compared to the previous scan", "LLL
nodules that have been growing since the last exam" (the previous exam, not the patient's
latest study), "a part-solid nodule showed up that was not there on their earlier imaging" (a
new nodule). The readers had left "getting bigger" and "not there" unread (warned) and read
"the last exam" as the latest study. Each rule here rewrites one such form to the form the
readers read ("growing since the previous scan", "a new part-solid nodule"), keeping its
meaning. Called by :func:`query.rewrites.clean` on the lower-cased text, after the typist's
slips are corrected.
"""

from __future__ import annotations

import re

from query import numbers

__all__ = ["growth_forms"]

_STUDY = r"(?:exams?|scans?|stud(?:y|ies)|cts?|ldcts?|imaging|visits?|ones?|screens?)"
_EARLIER = r"(?:the|their|his|her|its|the\s+patient)\s+(?:previous|prior|preceding|earlier|last)"

# "getting bigger / larger", "increasing in size": growing
_GETTING_BIGGER = re.compile(
    r"\b(?:getting|becoming|growing)\s+(?:bigger|larger)\b|\bincreasing\s+in\s+size\b"
)
_GROWING = r"(?P<g>\b(?:growing|grew|grown|enlarging|enlarged|increased))"
# "growing compared to the previous scan": since it
_GROWTH_COMPARED = re.compile(
    _GROWING + r"\s+(?:compared\s+(?:to|with)|relative\s+to|versus|vs\.?|from|over)\s+"
    r"(?P<p>" + _EARLIER + r"\s+" + _STUDY + r")\b"
)
# "growing since the last exam": a nodule grows between two studies, so "the last exam" after
# a growth verb is the previous one (it had been read as the patient's latest study, warned)
_GROWTH_SINCE_LAST = re.compile(
    _GROWING + r"\s+since\s+(?:the|their|its)\s+last\s+(?P<n>" + _STUDY + r")\b"
)
# "a part-solid nodule showed up that was not there on their earlier imaging", "a nodule that
# wasn't present on the prior scan": a new nodule
_NOT_THERE_BEFORE = re.compile(
    r"\b(?P<art>an?|any)\s+(?P<what>(?:[a-z-]+\s+){0,2}?)(?P<noun>nodules?|nods?|ggns?|ggos?|"
    r"psns?|lesions?)\s+(?:(?:that\s+|which\s+)?(?:showed\s+up|appeared|turned\s+up|popped\s+up|emerged|"
    r"developed)\s+)?(?:that|which)\s+(?:was|were|had\s+been)\s*(?:n'?t|\s+not)\s+(?:there|"
    r"present|seen|visible)\s+(?:on|in|at)\s+" + _EARLIER + r"\s+" + _STUDY + r"\b"
)


# "2024 exams where a nodule showed up for the first time", "a nodule first seen": a new nodule
# ("for the first time" had been left unread, warned; part 45, C)
_FIRST_TIME = re.compile(
    r"\b(?P<art>an?|any)\s+(?P<what>(?:[a-z-]+\s+){0,2}?)(?P<noun>nodules?)\s+(?:(?:that|which)\s+)?"
    r"(?:(?:showed\s+up|appeared|turned\s+up|popped\s+up|emerged|(?:was|were)\s+(?:seen|found|"
    r"detected|noted|visible))\s+for\s+the\s+(?:very\s+)?first\s+time|first\s+(?:showed\s+up|"
    r"appeared|turned\s+up|emerged)|(?:was|were)\s+first\s+(?:seen|found|detected|noted))\b"
)
# "right lower lobe nods that have not changed since the prior exam": a stable nodule ("that
# are stable"; "changed" and "not" had been left unread, warned; part 45, C)
_NOT_CHANGED = re.compile(
    r"\b(?:that|which)\s+(?:have|has|had|did)\s*(?:n'?t|\s+not)\s+(?:changed|change)"
    r"(?:\s+in\s+size)?(?:\s+(?:since|from|compared\s+(?:to|with)|relative\s+to|vs\.?|versus|"
    r"over)\s+" + _EARLIER + r"\s+" + _STUDY + r")?\b"
)


def _new(m: re.Match[str]) -> str:
    return f"a new {m.group('what')}{m.group('noun')}"


# Part 45 (A): "growing nodules, more than two millimetres", "enlarging ggns, at least 3 mm": an
# amount set off by a comma right after growing findings, ending its clause, says how much they
# grew, as "growing by more than 2 mm" does (it had been read as the nodules' size, the growth
# left at 1.5 mm, silently). Without the comma ("growing nodules over 6 mm") it stays a size.
_UNIT_MM = r"(?:mm|cm|millimet(?:er|re)s?|centimet(?:er|re)s?)"
_GROWING_THEN_AMOUNT = re.compile(
    r"\b(?P<g>growing|enlarging)\s+(?P<what>(?:[a-z-]+\s+)?(?:nodules?|nods?|lesions?|ggns?|"
    r"psns?|ggos?))\s*,\s*(?P<amount>(?:by\s+)?(?:more\s+than|over|above|greater\s+than|"
    r"at\s+least|no\s+less\s+than|>=?|≥)\s*"
    + numbers.NUM
    + r"\s*"
    + _UNIT_MM
    + r")(?=\s*(?:[,;.?!]|$))"
)


def _growing_then_amount(m: re.Match[str]) -> str:
    amount = m.group("amount").removeprefix("by").strip()
    return f"{m.group('what')} {m.group('g')} by {amount}"


# "female pts with >4mm nodule growth", "at least 3 mm nodular growth" (parts 56 to 59, C): an
# amount said before the noun "growth" is how much the nodule grew, as "nodule growth over 4 mm"
# is (the amount had been read as the nodule's size and the growth left at 1.5 mm, silently)
_AMOUNT_THEN_GROWTH = re.compile(
    r"(?P<cmp>>=?|≥|\b(?:more\s+than|over|above|greater\s+than|at\s+least|no\s+less\s+than))"
    r"\s*(?P<n>" + numbers.NUM + r")\s*(?P<u>" + _UNIT_MM + r")\s+(?:of\s+)?"
    r"(?P<what>(?:(?:nodule|nodular|lesion|interval|size)\s+)?)(?:growth|enlargement)\b"
)
_AT_LEAST = (">=", "≥", "at least", "no less than")


def _amount_then_growth(m: re.Match[str]) -> str:
    cmp = " ".join(m.group("cmp").split())
    said = "at least" if cmp in _AT_LEAST else "over"
    return f"{m.group('what')}growth {said} {m.group('n')} {m.group('u')}"


def growth_forms(text: str) -> str:
    """``text`` with part 42's growth and new-nodule forms said in the readers' words."""
    text = _GETTING_BIGGER.sub("growing", text)
    text = _AMOUNT_THEN_GROWTH.sub(_amount_then_growth, text)
    text = _GROWING_THEN_AMOUNT.sub(_growing_then_amount, text)
    text = _GROWTH_COMPARED.sub(r"\g<g> since \g<p>", text)
    text = _GROWTH_SINCE_LAST.sub(r"\g<g> since the previous \g<n>", text)
    text = _FIRST_TIME.sub(_new, text)
    text = _NOT_CHANGED.sub("that are stable", text)
    return _NOT_THERE_BEFORE.sub(_new, text)
