"""Part 45's forms of rankings, put in the words the readers read (issue 17, session 24, share B).

Parts 44 and 45 (``tests/query/bank_fresh_44.py``, ``bank_fresh_45.py``) asked for rankings the
readers already express in words they did not know: birth order said with a verb ("which 4
individuals were born first": the oldest; "born last / most recently": the youngest), birth
dates ranked ("the 3 patients with the latest birth dates": the youngest; "earliest": the
oldest), a superlative repeated in brackets ("(the youngest)" after the youngest), the model said
as the one who rated ("the 6 our model rated with highest confidence": the 6 with the highest
confidence), confidence said as strength ("the weakest model confidence": the lowest) and the
Hounsfield scale said as a place ("sitting lowest on the hounsfield scale": the lowest HU).
Parts 52 to 55 (E) added birth order after the place or the conditions ("born earliest in the
registry", "which 4 patients with a screening ct were born most recently"), "have the earliest
dates of birth", the finding's verb before the confidence ("detected with the greatest
confidence"), "the most negative HU" (the lowest) and "give 6 nodules having the lowest ...". Each
rule rewrites one such form, keeping its meaning, to the form the readers read; what the typed
query cannot express (follow-up length ranked, a sum of volumes per study) is left alone, so that
it stays warned. Called by :func:`query.rewrites.clean` on the lower-cased text, before
:func:`query.ranked_forms.ranked_forms`.
"""

from __future__ import annotations

import re

from query import numbers

__all__ = ["rank_said"]

_N = r"(?:\d+|" + "|".join(sorted(numbers.WORD_NUMBERS, key=len, reverse=True)) + ")"
_PEOPLE = r"(?:people|patients|pts|persons|individuals|subjects|folks)"
_IN_COHORT = (
    r"(?:\s+(?:in|from|of)\s+(?:our|the|this)\s+(?:cohort|dataset|data\s*set|registry|"
    r"database|data))?"
)

# "which 4 individuals in our cohort were born first", "the 2 patients born most recently": the
# N oldest (youngest) patients; birth order is the birth date, as "earliest-born" reads (the
# question had been refused)
_BORN_ORDER = re.compile(
    rf"\b(?P<n>{_N})\s+{_PEOPLE}{_IN_COHORT}\s+(?:(?:who|that)\s+)?(?:(?:were|was|got)\s+)?born\s+"
    r"(?P<when>first|earliest|the\s+earliest|soonest|last|latest|the\s+latest|most\s+recently)\b"
    # "born earliest in the registry" (parts 52 to 55, E): where the people are kept, after it
    rf"(?:{_IN_COHORT}\b)?"
    r"(?!\s+(?:half|quarter|week|month|day|year|decade|of|in|on|at)\b)"
)
# "3 patients with the latest birth dates", "the 5 people with the earliest dob": the youngest
# (oldest); a later birth is a younger patient (the question had been refused)
_BIRTH_DATES = re.compile(
    # "which 3 patients have the earliest dates of birth" (parts 52 to 55, E): the verb alone
    rf"\b(?P<n>{_N})\s+{_PEOPLE}{_IN_COHORT}\s+(?:with|having|(?:who\s+|that\s+)?(?:have|had|"
    r"carry|show))\s+(?:the\s+)?"
    r"(?P<when>latest|most\s+recent|newest|earliest|oldest|first|last)\s+"
    r"(?:birth\s*-?\s*dates?|dates?\s+of\s+birth|dobs?|d\.o\.b\.?|birthdays?|years?\s+of\s+birth)"
    r"(?:\s+(?:is|are|was|were))?\b"
)
# "which 4 patients with a screening ct were born most recently": the people and what they had,
# then their birth order, is the N youngest (oldest) of them ("4" and the ranking had been left
# unread, warned; parts 52 to 55, E)
_WHICH_BORN = re.compile(
    rf"\b(?:which|what)\s+(?P<n>{_N})\s+(?P<people>{_PEOPLE})(?P<rest>\s+(?:with|who|that|having|"
    r"whose)\s[^,;:?]{1,60}?)\s+(?:(?:were|was|got)\s+)?born\s+(?P<when>first|earliest|"
    r"soonest|last|latest|most\s+recently)\b(?!\s+(?:half|quarter|week|month|day|year|decade|of|"
    r"in|on|at)\b)"
)
_EARLY = ("first", "earliest", "the earliest", "soonest", "oldest")
# "(the youngest)" after the youngest: the same ranking said again in brackets ("youngest" had
# been read twice, left unread and warned); a bracket saying another ranking is left (warned)
_REPEATED = re.compile(
    r"\s*\(\s*(?:(?:i\.?e\.?|so|that\s+is|=)\s*,?\s*)?(?:the\s+)?(?P<sup>youngest|oldest|eldest|"
    r"newest|latest|largest|biggest|smallest|highest|lowest)(?:\s+ones?)?\s*\)"
)
# "the 6 our model rated with highest confidence", "the 4 the detector scored with the lowest
# confidence": the N with the highest (lowest) confidence ("model" and the count had been lost)
_MODEL_RATED = re.compile(
    rf"\bthe\s+(?P<n>{_N})\s+(?:(?:that|which)\s+)?(?:(?:our|the|its)\s+)?(?:model|detector|ai|"
    r"algorithm|system|software|cad|network)\s+(?:rated|scored|gave|flagged|called|marked|"
    r"assigned|rates|scores|gives|flags)\s+(?:with\s+|at\s+)?(?:the\s+)?(?P<sup>highest|most|"
    r"strongest|top|lowest|least|weakest)\s+confidence\b"
)
# "with the weakest model confidence", "strongest ai confidence": the lowest (highest) confidence
# ("weakest" and "model" had been left unread, the ranking lost)
_STRENGTH = re.compile(
    r"\b(?P<sup>weakest|poorest|strongest)\s+(?:(?:model|ai|detector|detection|algorithm|cad)\s+)?"
    r"(?P<what>confidence|certainty)\b"
)
_LOW = ("lowest", "least", "weakest")
# "5 nods sitting lowest on the hounsfield scale", "nodules that rank highest on the hu scale":
# with the lowest (highest) HU, the mean attenuation ("sitting", "hounsfield" and "scale" had
# been left unread)
_ON_THE_SCALE = re.compile(
    r"\s+(?:(?:that|which)\s+)?(?:(?:sit|sits|sitting|lie|lies|lying|fall|falls|falling|rank|"
    r"ranks|ranking|rate|rates|rating|score|scores|scoring|come|comes|coming|are|is)\s+)?"
    r"(?:the\s+)?(?P<sup>lowest|highest)\s+on\s+the\s+(?:hounsfield|hu|attenuation|density)"
    r"(?:\s+unit)?\s+scale\b"
)


# "the 2 effusions detected with the greatest confidence", "nodules flagged with the lowest
# confidence": the finding's verb before the model's confidence says nothing more ("2" had been
# left unread and one finding given; parts 52 to 55, E)
_FOUND_WITH = re.compile(
    r"\b(?:detected|flagged|found|called|picked\s+up|seen|identified|spotted|reported|marked)\s+"
    r"(?=with\s+(?:the\s+)?(?:highest|greatest|most|top|strongest|lowest|least|weakest)\s+"
    r"(?:(?:model|ai|detector|detection|algorithm|cad)\s+)?(?:confidence|certainty)\b)"
)
# "the most negative mean hu", "the least negative attenuation": on the Hounsfield scale the most
# negative is the lowest (the least negative the highest); "most" had been read as a count
_NEGATIVE = re.compile(
    r"\b(?P<sup>most|least)\s+negative\s+(?=(?:mean\s+)?(?:hu|attenuation|density|"
    r"hounsfield)\b)"
)
# "give 6 nodules having the lowest mean hu", "list 3 masses with the largest volume": a number
# after the verb that asks for them, then the ranking, is the N ranked ("6" had been read as a
# count of nodules in one study; parts 52 to 55, E)
_FINDINGS = r"(?:nodules|nods|findings|masses|lesions|ggns|ggos|psns|effusions|pneumothoraces)"
_ASKED_N_RANKED = re.compile(
    r"^(?:please\s+)?(?:give|show|list|find|get|pull|name|return)\s+(?:me\s+|us\s+)?"
    rf"(?P<n>{_N})\s+(?P<noun>(?:[a-z-]+\s+){{0,3}}?{_FINDINGS})\s+(?:having|with|showing|that\s+have|"
    r"which\s+have)\s+the\s+(?=(?:highest|lowest|largest|biggest|smallest|greatest)\b)"
)


def _born(m: re.Match[str]) -> str:
    early = " ".join(m.group("when").split()) in _EARLY
    return f"{m.group('n')} {'oldest' if early else 'youngest'} patients"


def _repeated(m: re.Match[str]) -> str:
    """The bracket dropped when it says the ranking said before it, else left as it was."""
    before = m.string[: m.start()]
    return "" if re.search(rf"\b{m.group('sup')}\b", before) else m.group(0)


def rank_said(text: str) -> str:
    """The question (lower case, cleaned) with part 45's rankings said in the readers' words."""
    text = _WHICH_BORN.sub(
        lambda m: (
            f"the {m.group('n')} {'oldest' if m.group('when') in _EARLY else 'youngest'} "
            f"{m.group('people')}{m.group('rest')}"
        ),
        text,
    )
    text = _BORN_ORDER.sub(_born, text)
    text = _BIRTH_DATES.sub(_born, text)
    text = _REPEATED.sub(_repeated, text)
    text = _MODEL_RATED.sub(
        lambda m: (
            f"the {m.group('n')} with the "
            f"{'lowest' if m.group('sup') in _LOW else 'highest'} confidence"
        ),
        text,
    )
    text = _STRENGTH.sub(
        lambda m: f"{'highest' if m.group('sup') == 'strongest' else 'lowest'} {m.group('what')}",
        text,
    )
    text = _FOUND_WITH.sub("", text)
    text = _NEGATIVE.sub(lambda m: "lowest " if m.group("sup") == "most" else "highest ", text)
    text = _ASKED_N_RANKED.sub(r"the \g<n> \g<noun> with the ", text)
    return _ON_THE_SCALE.sub(r" with the \g<sup> hu", text)
