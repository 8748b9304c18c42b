"""Verbs and adverbs of a bound, written as the comparators the number rules read.

Part 37 (C): "a nodule whose vol exceeds 1 cc" (read as exactly 1 cc), "the solid comp measures
6 mm or more", "mean hu reading sits below -700", "confidence strictly between 0.7 and 0.8".
The number rules (:mod:`query.numbers`) read a comparator right before its number ("over",
"at least", "between") after the measurement it bounds; a verb between them, or a verb that is
the comparator itself, was left unread and the bound lost or read as an equality. The family:

- a verb that is a comparator ("exceeds", "tops", "surpasses", "goes beyond", "is in excess of")
  right before a number is "over" (strict); elsewhere ("top 3", "tops the list") it is kept;
- a verb of where a measurement lies ("sits", "lies", "falls", "comes in", "reads",
  "registers", "measures", "measuring", "stands", "runs") after the measurement's word and
  before a comparator or a number adds nothing ("volume sits below 100 mm3" is "volume below 100
  mm3"); "is / was" are read by the number rules themselves and kept;
- "reading(s)" / "measurement" after an attenuation's word ("mean hu reading") is the
  attenuation;
- "strictly" before a strict comparator adds nothing; "strictly between A and B" leaves both ends
  out, as "between A and B exclusive" does;
- an interval in brackets after a measurement ("diameter in [6, 8) mm", "hu (-400, -100)") is
  its range: "[" / "]" keep an end, "(" / ")" leave it out (part 39: the brackets and numbers
  had been left unread, warned); at least one square bracket or a unit after it is asked for,
  so that a list of two numbers in brackets is not read so;
- "reading / registering" right before a bound ("nodules reading under -700 hu") is
  "measuring"; "mean" between a number and its attenuation unit ("-700 mean hounsfield units")
  is the unit's own word, not an average (part 40, J);
- "anywhere / somewhere" before a range adds nothing; "A up to B" (a number, then a number
  with its unit) is the range "A to B", each end the number said (part 40, J);
- "precedes / predates" before a year is "before", "postdates" "after" ("whose birth year
  precedes 1950"; part 40, J);
- "at minimum / at the very least / min" after a number with its unit is "or more", "at most /
  max" there "or less" (part 45, D);
- "no higher / greater / longer than" before a number is "at most", "no lower / shorter than" is
  "at least" (as "no more than", "no less than").

The patterns are compiled once, at import.
"""

from __future__ import annotations

import re

from query import numbers

__all__ = ["read_bound_words"]

_NUMBER_AHEAD = rf"(?=\s*(?:[-−+]?(?:\d|\.\d)|(?:{numbers.NUM}|a|an|half)\b))"
_COMPARATOR_VERB = re.compile(
    r"(?<![\w-])(?:exceeds|exceeded|exceed|tops|topped|surpasses|surpassed|surpassing|"
    r"(?:goes|go|went|going)\s+(?:beyond|past)|(?:is|are|was|were)\s+in\s+excess\s+of)"
    + _NUMBER_AHEAD
)
_MEASURE_WORD = (
    r"(?:hu|attenuation|density|diameter|diam|size|volume|vol|axis|component|comp|confidence|"
    r"certainty|probability|score|reading|readings|measurement|value|values|dimension|length|"
    # the solid component in other words ("the solid bit measures over 6 mm"; part 45, D)
    r"solid[\s-]+(?:core|portion|element|bit|part|piece|area|region))"
)
_BOUND_AHEAD = (
    r"(?=(?:strictly\s+)?(?:above|over|below|under|beneath|less|more|greater|smaller|lower|"
    r"higher|larger|bigger|fewer|at\s+(?:least|most|or)|no\s+(?:more|less|higher|lower|greater|"
    r"smaller)|not\s+(?:more|less|over|under|above|below)|between|from|within|exceeding|up\s+to)"
    r"\b|[-−+]?(?:\d|\.\d)|[<>≤≥=])"
)
_PLACE_VERB = re.compile(
    rf"(?<![\w-])(?P<what>{_MEASURE_WORD})\s+(?:sits|sit|sitting|lies|lie|lying|falls|fall|"
    r"falling|(?:comes|come|came|coming)\s+(?:in|out)(?:\s+at)?|reads|registers|registered|"
    # "nodule long axis measuring at least 25 mm" (part 56, D: "measuring" after the axis had
    # made it the diameter, "long" unread, warned)
    r"measures|measured|measuring|stands|stood|runs|ran)\s+" + _BOUND_AHEAD
)
_ATTENUATION_READING = re.compile(
    r"(?<![\w-])(?P<what>hu|attenuation|density|hounsfield(?:\s+units?)?)\s+"
    r"(?:readings?|measurements?)(?![\w-])"
)
# "nodules reading under -700 hu", "nodules registering over 5 mm" (part 40, J): a verb of a
# measurement right before its bound, after the finding it bounds, is "measuring"
_READING_BOUND = re.compile(
    r"(?<![\w-])(?:reading|reads|read|registering|registers|registered)\s+"
    r"(?=(?:(?:above|over|below|under|beneath|less\s+than|more\s+than|greater\s+than|"
    r"lower\s+than|higher\s+than|at\s+(?:least|most))\s*[-−+]?|[-−])\d)"
)
# "under -700 mean hounsfield units" (part 40, J): the mean said after the number is the
# attenuation's own word ("mean hu"), not an average asked for
_MEAN_UNIT_AFTER = re.compile(
    r"(?<=\d)\s+(?:mean|average|avg)\s+(?=(?:hu|hounsfield(?:\s+units?)?)(?![\w-]))"
)
# "whose birth year precedes 1950", "born in a year predating 1950" (part 40, J): a verb of
# order in time before a year or a date is "before" ("postdates": "after")
_PRECEDES = re.compile(
    r"(?<![\w-])(?:precedes|preceded|preceding|precede|predates|predated|predating|predate|"
    r"antedates|antedated|antedating)\s+(?=(?:the\s+)?(?:year\s+)?\d)"
)
_POSTDATES = re.compile(
    r"(?<![\w-])(?:postdates|postdated|postdating|postdate)\s+(?=(?:the\s+)?(?:year\s+)?\d)"
)
_STRICTLY_STRICT = re.compile(
    r"(?<![\w-])strictly\s+(?=(?:above|over|below|under|more\s+than|less\s+than|greater\s+than|"
    r"smaller\s+than|larger\s+than|bigger\s+than|higher\s+than|lower\s+than|fewer\s+than)\b)"
)
_ENDS = r"(?:\s*(?:%|percent|mm|cm|cc|ml|hu|mm3|millimet(?:er|re)s?|centimet(?:er|re)s?))?"
_STRICTLY_BETWEEN = re.compile(
    rf"(?<![\w-])strictly\s+between\s+(?P<a>[-−]?{numbers.NUM}{_ENDS})\s+and\s+"
    rf"(?P<b>[-−]?{numbers.NUM}{_ENDS})(?![\w.])"
)
_UNIT_WORD = r"(?:%|percent|mm3|mm|cm|cc|ml|hu|millimet(?:er|re)s?|centimet(?:er|re)s?)"
# "sized anywhere 0.4 cm up to 0.6 cm", "anywhere from 4 to 6 mm" (part 40, J): "anywhere /
# somewhere" before a range adds nothing, and "A up to B" after a number with a unit is the
# range "A to B" (both ends said, each the number said; "up to B" alone stays "at most B")
_ANYWHERE = re.compile(
    r"(?<![\w-])(?:anywhere|somewhere)\s+(?=(?:from|between|in\s+the\s+range|within)\b|"
    r"[-−+]?(?:\d|\.\d))"
)
# "a nodule reading somewhere from -50 hu up to +40 hu", "nodules reading over 20 hu" (part 42,
# A): "reading" before an attenuation in HU is its verb, as "measuring" is a size's; it had been
# left unread. Only before a number said in HU (within the few words of a bound).
_READING_HU = re.compile(
    r"(?<![\w-])reading\s+(?=(?:[a-z]+\s+){0,3}?[-−+]?(?:\d|\.\d)[\d.]*\s*"
    r"(?:(?:to|and|-|–|up\s+to)\s*[-−+]?(?:\d|\.\d)[\d.]*\s*)?(?:hu|hounsfield)\b)"
)
_UP_TO_RANGE = re.compile(
    rf"(?<![\w.])(?P<a>[-−]?{numbers.NUM}(?:\s*{_UNIT_WORD})?)\s+up\s+to\s+"
    rf"(?=[-−+]?{numbers.NUM}\s*{_UNIT_WORD}(?![\w]))"
)
_INTERVAL = re.compile(
    rf"(?:(?<![\w-])(?:in|within|of)\s+)?(?P<open>[\[(])\s*(?P<a>[-−]?{numbers.NUM})\s*[,;]\s*"
    rf"(?P<b>[-−]?{numbers.NUM})\s*(?P<close>[\])])(?:\s*(?P<unit>{_UNIT_WORD}))?"
    r"(?![\w.])"
)
# "a long axis of 15 mm at minimum", "5 mm at the very least", "-100 hu max" (part 45, D): a bound
# said after a number with its unit is "or more" / "or less" ("minimum" had been left unread and
# the number read as an equality, warned). Only after a unit, so "the minimum" stays a ranking.
_AFTER_UNIT = (
    rf"(?<=\d)(?P<unit>\s*{_UNIT_WORD})(?P<field>\s+(?:in|of)\s+(?:volume|size|diameter|length|"
    r"attenuation|density|long\s+axis|short\s+axis|confidence))?\s+"
)
_AT_MINIMUM = re.compile(
    _AFTER_UNIT + r"(?:at\s+(?:a\s+|the\s+)?(?:minimum|min)|minimum|min|"
    r"at\s+the\s+(?:very\s+)?least|or\s+(?:above|over|higher|greater|bigger|larger))(?![\w-])"
)
_AT_MAXIMUM = re.compile(
    _AFTER_UNIT + r"(?:at\s+(?:a\s+|the\s+)?(?:maximum|max)|maximum|max|"
    r"at\s+the\s+(?:very\s+)?most)(?![\w-])"
)
_NO_HIGHER = re.compile(
    r"(?<![\w-])no\s+(?:higher|greater|longer|wider|bigger|larger)\s+than" + _NUMBER_AHEAD
)
_NO_LOWER = re.compile(r"(?<![\w-])no\s+(?:lower|shorter|smaller|fewer)\s+than" + _NUMBER_AHEAD)


def _interval(m: re.Match[str]) -> str:
    """The words of an interval in brackets ("[6, 8) mm" is "from 6 to 8 mm exclusive"), or the
    interval as it was when neither a square bracket nor a unit says it is one."""
    a, b, unit = m.group("a"), m.group("b"), m.group("unit")
    if unit is None and "[" not in m.group(0) and "]" not in m.group(0):
        return m.group(0)
    unit = f" {unit.strip()}" if unit else ""
    low_in, high_in = m.group("open") == "[", m.group("close") == "]"
    if low_in and high_in:
        return f"between {a} and {b}{unit} inclusive"
    if not low_in and not high_in:
        return f"between {a} and {b}{unit} exclusive"
    if low_in:  # "from A to B exclusive" keeps the end it starts from
        return f"from {a} to {b}{unit} exclusive"
    return f"over {a}{unit} and at most {b}{unit}"


def _field_placed(m: re.Match[str]) -> str:
    """The place verb dropped after a field's own word; after "reading(s)" or "measurement"
    it is left to the rules that read those ("hu reading sits below": the attenuation)."""
    if m.group("what") in ("reading", "readings", "measurement", "value", "values"):
        return m.group(0)
    return f"{m.group('what')} "


def read_bound_words(text: str) -> str:
    """``text`` (lower case) with its verbs and adverbs of a bound written as comparators."""
    text = _COMPARATOR_VERB.sub("over", text)
    # a place verb after the measurement's own word first ("whose mean density reads below
    # -500 hu" is "mean density below"): as "measuring" it had made "mean" an average asked for
    # (part 45, A: the average HU answered, silently)
    text = _PLACE_VERB.sub(_field_placed, text)
    text = _READING_BOUND.sub("measuring ", text)
    text = _MEAN_UNIT_AFTER.sub(" ", text)
    text = _PRECEDES.sub("before ", text)
    text = _READING_HU.sub("", text)
    text = _ANYWHERE.sub("", text)
    text = _UP_TO_RANGE.sub(r"\g<a> to ", text)
    text = _POSTDATES.sub("after ", text)
    text = _ATTENUATION_READING.sub(r"\g<what>", text)
    text = _PLACE_VERB.sub(r"\g<what> ", text)
    text = _INTERVAL.sub(_interval, text)
    text = _STRICTLY_BETWEEN.sub(r"between \g<a> and \g<b> exclusive", text)
    text = _STRICTLY_STRICT.sub("", text)
    # the bound right after the unit, the field it names after it ("250 mm3 in volume max" is
    # "250 mm3 or less in volume": "or less" after the field had been left unread, warned)
    text = _AT_MINIMUM.sub(lambda m: f"{m.group('unit')} or more{m.group('field') or ''}", text)
    text = _AT_MAXIMUM.sub(lambda m: f"{m.group('unit')} or less{m.group('field') or ''}", text)
    text = _NO_HIGHER.sub("at most", text)
    return _NO_LOWER.sub("at least", text)
