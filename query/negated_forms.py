"""Negations and totals said in other words, put in the words the readers read (part 42, B).

Part 42 (``tests/query/bank_fresh_42.py``, issue 17) showed clinicians saying "none", "not" and
"excluding" where the readers look for "never" or "but not": "excluding anyone ever scanned on
CT01", "nodules none of which ever grew", "people for whom emphysema does not come up in a
single one of their reports", "emphysema noted in the report while coronary artery
calcification is not", and a count said as "the grand total of nodules flagged as calcified".
Their negation word was left unread (warned) and the rest answered as if it were affirmed. Each
rule here rewrites one such form to the form the readers read, keeping its meaning; a form
that says more than the typed query can express is left alone, so that it stays warned.
Called by :func:`query.reading.clean` on the lower-cased text, after the typist's slips are
corrected.
"""

from __future__ import annotations

import re

__all__ = ["negated_forms"]

_EXCLUDING = (
    r"(?:excluding|exclude|except(?:\s+for)?|but\s+not|not\s+counting|leaving\s+out|"
    r"other\s+than|omitting|minus)"
)
_ANYONE = (
    r"(?:anyone|anybody|everyone|everybody|any\s+(?:patients?|pts?|one)|"
    r"(?:the\s+)?(?:patients|pts|people|those|ones))"
)
# "all patients excluding anyone ever scanned on CT01": the people left out are those who had
# such a study, so the rest never had one ("who were never scanned on CT01"; "excluding" had
# been left unread and the station kept, warned)
_EXCLUDING_SCANNED = re.compile(
    r"\b" + _EXCLUDING + r"\s+" + _ANYONE + r"\s+(?:(?:who|that)\s+(?:(?:has|have|had)\s+been|"
    r"was|were)\s+)?(?:ever\s+)?(?P<verb>scanned|imaged|examined|studied)\b"
)

_GROWTH_VERB = r"(?:grew|grown|enlarged|increased\s+in\s+size|got\s+bigger|got\s+larger)"
# "patients with nodules none of which ever grew": a nodule, and never one that grew (the
# patient's history, as "patients with nodules but never a nodule that grew"; "none" had been
# left unread and the growth affirmed, warned)
_NONE_OF_WHICH_GREW = re.compile(
    r"\b(?P<noun>nodules|masses)\s*,?\s+(?:but\s+)?none\s+of\s+(?:which|them|those|these)\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:ever\s+)?" + _GROWTH_VERB + r"\b"
)

_REPORTS = r"(?:their|his|her|the\s+patient|the\s+patients)\s+(?:radiology\s+)?reports"
# "people for whom emphysema does not come up in a single one of their reports": no report of
# the patient mentions it ("whose reports never mention emphysema"; "not" had been left unread
# and the mention affirmed, warned)
_NOT_IN_ANY_REPORT = re.compile(
    r"\b(?:for|in)\s+whom\s+(?P<concept>[a-z][a-z -]*?)\s+(?:does|did|do)\s*(?:n'?t|\s+not)\s+"
    r"(?:ever\s+)?(?:come\s+up|show\s+up|appear|feature|get\s+mentioned|turn\s+up)\s+"
    r"(?:in|on)\s+(?:a\s+single\s+one|a\s+single|any\s+one|any|one|even\s+one)\s+of\s+"
    + _REPORTS
    + r"\b"
)

# "emphysema noted in the report while coronary artery calcification is not": the report
# affirms the first and not the second ("emphysema in the report but not coronary artery
# calcification"; the trailing "is not" had been left unread and both affirmed, warned)
_NOTED_WHILE_NOT = re.compile(
    r"\b(?P<a>[a-z][a-z -]*?)\s+(?:is\s+|was\s+)?(?:noted|mentioned|reported|documented|"
    r"described|called)\s+(?P<where>(?:in|on)\s+(?:the|its|a)\s+reports?)\s*,?\s+"
    r"(?:while|whereas|but|yet)\s+(?P<b>[a-z][a-z -]*?)\s+(?:is|was|isn't|wasn't)"
    r"(?:\s+not)?(?=\s*(?:[:;,.?!]|$))"
)

# "grand total of nodules flagged as calcified": "grand total (number) of" is "total number of"
# and a feature a nodule is "flagged / labelled / called" is that feature ("calcified nodules";
# both had been left unread and the count read as a list of studies, warned)
_GRAND_TOTAL = re.compile(r"\bgrand\s+total(?:\s+number)?\s+of\b")
_FLAGGED_AS = re.compile(
    r"\b(?P<noun>nodules|nodule|findings|masses)\s+(?:that\s+(?:are|were)\s+)?(?:flagged|marked|"
    r"labell?ed|tagged|classed|classified|called|coded)\s+as\s+(?P<feature>calcified|"
    r"non-?calcified|uncalcified|spiculated|lobulated|smooth|solid|part-solid|ground-glass|"
    r"subsolid)\b"
)


def _no_mention(m: re.Match[str]) -> str:
    return f"whose reports never mention {m.group('concept')}"


def negated_forms(text: str) -> str:
    """``text`` with part 42's negations and totals said in the readers' words."""
    text = _EXCLUDING_SCANNED.sub(r"who were never \g<verb>", text)
    text = _NONE_OF_WHICH_GREW.sub(r"\g<noun> but never a nodule that grew", text)
    text = _NOT_IN_ANY_REPORT.sub(_no_mention, text)
    text = _NOTED_WHILE_NOT.sub(r"\g<a> \g<where> but not \g<b>", text)
    text = _GRAND_TOTAL.sub("total number of", text)
    return _FLAGGED_AS.sub(r"\g<feature> \g<noun>", text)
