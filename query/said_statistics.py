"""Averages and shares said in other words (part 38, share D).

Each rewrite turns a way of asking for an average or a percentage into the words the aggregate
reader already reads, so the statistic is never left unread (every one of these had listed the
studies or counted the findings, warned):

- "how old, on average, are the people who had a head CT", "on average, how old are women with
  a mass", "how old are patients with a ct angio on average": the average age of those people;
- "typical nodule diameter as a mean (mm)": "as a mean / median / average" after a measurement
  is that statistic of it ("typical" only introduces it);
- "masses only: long axis averaged, in centimetres": the findings named first, then "<field>
  averaged / mean / median" after a colon or a dash, is the statistic of that field over them;
- "median # of nodules on an ldct": a statistic of a number of findings "on a / an <study>" is
  per study, as "on each <study>" is;
- part 45 (D): "how confident is the model on average for ptx findings" (the model's
  confidence, averaged, over the findings named after "for / on / about"); "arithmetic mean"
  (the mean), "midpoint (median)" (a statistic restated in brackets: the median); "expressed /
  given / reported in cc" (the unit asked, as "in cc");
- "share of solid nodules with smooth margins (%)": a bracketed "(%)" or "(in %)" restates a
  percentage already asked for (the share's own word), so it adds nothing.
"""

from __future__ import annotations

import re

__all__ = ["read_said_statistics"]

_STAT = r"(?:average|avg|mean|median)"
_BE = r"(?:are|were|is|was)"
_ON_AVERAGE = r"on\s+(?:average|avg)"
# the statistic closes its phrase (the end, a break, a unit): "ggns: hu mean below -300" is a
# bound on each finding's mean attenuation, never a statistic over them (part 31)
_CLOSES = r"(?=\s*(?:$|[,;:?.!(]|in\s+[a-z]|whats?\b|what's\b|please\b|pls\b))"

# "how old, on average, are the people ...", "on average, how old are women with a mass"
_HOW_OLD_ON_AVERAGE = re.compile(
    rf"(?:\b{_ON_AVERAGE}\s*,?\s*how\s+old|\bhow\s+old\s*,?\s*{_ON_AVERAGE}\s*,?)\s+{_BE}\s+"
    r"(?:the\s+)?"
)
# "how old are patients with a ct angio on average", "how old were the women ..., on average?"
_HOW_OLD_THEN_AVERAGE = re.compile(
    rf"\bhow\s+old\s+{_BE}\s+(?:the\s+)?(?P<who>[^?.!]+?)\s*,?\s*{_ON_AVERAGE}\b"
)
# "typical nodule diameter as a mean", "nodule volume, as a median"
_AS_A_STATISTIC = re.compile(
    r"\b(?:(?:the\s+)?typical\s+)?(?P<what>(?:[a-z-]+\s+){0,3}?(?:diameter|size|axis|volume|hu|"
    rf"attenuation|density|component|confidence|age))\s*,?\s+as\s+(?:an?\s+|the\s+)?(?P<stat>{_STAT})\b"
    + _CLOSES
)
# "masses only: long axis averaged", "spiculated nodules - volume median"
# Parts 52 to 55 (E): after a comma too, with "the / their / its" before the field, the age of
# people named first, and "on average / in average" closing it ("ground glass nodules, the
# diameter on average", "patients having a mass - their age, averaged": the statistic had been
# left unread and the findings or patients listed, warned)
_SAID_AVERAGE = r"(?:averaged|(?:on|in)\s+(?:average|avg)|" + _STAT + ")"
# "solid comp" (written out later, by :data:`query.rewrites._SOLID_COMP`) too (parts 56-59, B)
_FIELD = (
    r"(?:[a-z-]+\s+){0,3}?(?:diameter|size|axis|volume|hu|attenuation|density|component|"
    r"comp|confidence)"
)
_NAMED_THEN_AVERAGED = re.compile(
    r"^(?P<noun>[^,:;?]+?)(?:\s+only)?\s*(?::|\s-|,)\s+(?:(?:the|their|its)\s+)?"
    rf"(?P<field>{_FIELD}|age)\s*,?\s+(?P<stat>{_SAID_AVERAGE})\b{_CLOSES}"
)
# "long axis of the masses averaged", "the volume of solid nodules, on average": the field of
# the findings named after it, then the statistic said after them (part 54: left unread)
_FIELD_OF_THEN_AVERAGED = re.compile(
    rf"^(?:the\s+)?(?P<what>{_FIELD}\s+of\s+[^,:;?]+?)\s*,?\s+"
    rf"(?P<stat>averaged|(?:on|in)\s+(?:average|avg))\b{_CLOSES}"
)
# "nodules per one lowdose scan in average", "masses per ct on average": the number of those
# findings on each study, averaged (part 54: "per" and "average" had been left unread)
_PER_STUDY_AVERAGED = re.compile(
    r"^(?P<what>(?:[a-z-]+\s+){0,3}?(?:nodules|findings|masses|lesions|ggns|nods))\s+"
    r"(?:per|on|in)\s+(?:a\s+single\s+|an?\s+|one\s+|each\s+|every\s+)?"
    r"(?P<study>(?:[a-z-]+\s+)?(?:ldcts?|cts?|scans?|studies|study|exams?))\s*,?\s+"
    rf"(?:(?:on|in)\s+(?:average|avg)|averaged){_CLOSES}"
)
# "median # of nodules on an ldct": the number on each study
_COUNT_ON_A_STUDY = re.compile(
    rf"\b(?P<head>{_STAT}\s+(?:#|number|count|no\.?|num)\s+of\s+(?:[a-z-]+\s+){{1,3}}?)"
    r"(?:on|in|per)\s+(?:an?|one|a\s+single)\s+(?=(?:[a-z-]+\s+)?(?:ldcts?|cts?|scans?|studies|"
    r"study|exams?|xrays?|x-rays?|cxrs?)\b)"
)
# "how confident is the model on average for ptx findings", "on average, how sure was the ai
# about ggns": the average confidence of those findings (part 45, D: the findings had been listed)
_MODEL = r"(?:the\s+)?(?:model|ai|algorithm|detector|system|network|software)"
_HOW_SURE = r"how\s+(?:confident|sure|certain)"
_FOR = r"\s+(?:for|on|about|in|with|of)\s+(?:the\s+)?"
_HOW_CONFIDENT = re.compile(
    rf"\b(?:{_ON_AVERAGE}\s*,?\s*{_HOW_SURE}\s+{_BE}\s+{_MODEL}\s*,?{_FOR}|"
    rf"{_HOW_SURE}\s+{_BE}\s+{_MODEL}\s*,?\s*{_ON_AVERAGE}\s*,?{_FOR})"
)
# "the arithmetic mean diameter": the mean (part 45, D: "arithmetic" and "mean" left unread)
_ARITHMETIC = re.compile(r"\barithmetic(?:al)?\s+(?=(?:mean|average)\b)")
# "midpoint (median) volume", "mean (average) diameter": a statistic restated in brackets
_RESTATED = re.compile(
    r"\b(?:(?:midpoint|median)\s*\(\s*(?:median|midpoint|middle\s+value)\s*\)(?P<median>)|"
    r"(?:mean|average|avg)\s*\(\s*(?:mean|average|avg)\s*\))"
)
# "volume, expressed in cc", "diameter reported in cm": the unit asked (as "in cc")
_EXPRESSED_IN = re.compile(
    r"\b(?:expressed|given|reported|shown|stated|written|displayed|quoted|answer|answered)\s+(?=in\s+(?:cc|ml|"
    r"mm3|mm|cm3|cm|millimet(?:er|re)s?|centimet(?:er|re)s?|cubic|hu|years?|months?|days?|%|"
    r"percent)\b)"
)
_SHARE_WORD = re.compile(r"\b(?:percentage|percent|proportion|fraction|share|pct)\b|%")
# "(%)", "(in %)", "( percent )": a restatement once a share is asked
_PERCENT_BRACKET = re.compile(r"\s*\(\s*(?:in\s+)?(?:%|percent|percentage|pct)\s*\)")


# "how many imaging studies does the average patient have", "how many scans does a typical
# patient get": the number of those studies per patient, averaged ("per" had been left over from
# "the average patient" and the question refused; parts 52 to 55, E)
_AVERAGE_ONE_HAS = re.compile(
    r"\bhow\s+many\s+(?P<what>[a-z][a-z -]{0,40}?)\s+(?:does|do|did|would|will)\s+(?:the|an?)\s+"
    r"(?:average|typical|mean)\s+(?P<who>patient|pt|person|subject|individual)\s+(?:have|get|"
    r"undergo|receive|accumulate)\b"
)
# "in cm, what's the average long axis of ...": the unit said first is the unit asked, as "...
# in cm" reads it ("cm" had been left unread; parts 52 to 55, E)
_UNIT_FIRST = re.compile(
    r"^(?:(?:answer|answered|give\s+it|values?)\s+)?in\s+(?P<unit>cm|mm|cc|ml|mm3|cm3|"
    r"millimet(?:er|re)s?|centimet(?:er|re)s?|years|months|days|hu)\s*[,:;-]\s*"
    r"(?P<rest>[^?]+?)\s*(?P<end>[?.!]*)$"
)


# "among patients who had a spiculated nodule, what proportion are women", "of nodules in the
# lll, how big part is part-solid (percent)": the group named first, then the share of it asked,
# is the percentage of that group ("proportion", "how big part" had been left unread and the
# group listed, warned; parts 52 to 55, E)
_GROUP_THEN_SHARE = re.compile(
    r"^(?:of|among|amongst|from|within)\s+(?:all\s+)?(?P<base>[^,:;?]{3,80}?)\s*[,:;-]\s*"
    r"(?:what|how\s+(?:big|large|great)(?:\s+a)?)\s+(?:proportion|fraction|share|part|portion|"
    r"percentage|percent|%)\s+(?:of\s+(?:them|those|these)\s+)?(?P<verb>is|are|was|were|has|have|"
    r"had)\s+(?P<rest>[^?()]+?)\s*(?:\(\s*(?:in\s+)?(?:percent|percentage|%|pct)\s*\))?\s*"
    r"[?.!]*$"
)


def _statistic(word: str) -> str:
    return word if word in ("mean", "median", "avg") else "average"


def read_said_statistics(text: str) -> str:
    """``text`` (lower case) with each statistic said in other words written the usual way."""
    text = _HOW_OLD_ON_AVERAGE.sub("average age of ", text)
    text = _HOW_OLD_THEN_AVERAGE.sub(r"average age of \g<who>", text)
    text = _HOW_CONFIDENT.sub("average confidence of ", text)
    text = _ARITHMETIC.sub("", text)
    text = _RESTATED.sub(lambda m: "median" if m.group("median") is not None else "average", text)
    text = _EXPRESSED_IN.sub("", text)
    text = _AS_A_STATISTIC.sub(lambda m: f"{m.group('stat')} {m.group('what')}", text)
    text = _NAMED_THEN_AVERAGED.sub(
        lambda m: f"{_statistic(m.group('stat'))} {m.group('field')} of {m.group('noun')}", text
    )
    text = _GROUP_THEN_SHARE.sub(r"what percentage of \g<base> \g<verb> \g<rest>", text)
    text = _UNIT_FIRST.sub(r"\g<rest> in \g<unit>\g<end>", text)
    text = _AVERAGE_ONE_HAS.sub(r"average number of \g<what> per \g<who>", text)
    text = _FIELD_OF_THEN_AVERAGED.sub(r"average \g<what>", text)
    text = _PER_STUDY_AVERAGED.sub(r"average number of \g<what> per \g<study>", text)
    text = _COUNT_ON_A_STUDY.sub(r"\g<head>per ", text)
    bracket = _PERCENT_BRACKET.search(text)
    if bracket is not None:
        rest = text[: bracket.start()] + text[bracket.end() :]
        if _SHARE_WORD.search(rest):
            text = rest
    return text
