"""Reading numbers in a question: sizes with units, ages, per-study counts, top-N, Lung-RADS.

Deterministic on purpose: a comparator and a number are never guessed by a model. Units are
normalised (cm to mm, cc/ml to mm3); comparators follow the cohort README: "over, more than,
larger than, >" are strict, "at least, or more, or larger, >=" inclusive, "between A and B" and
"A-B mm" include both ends, "subcentimeter" is < 10 mm. Each reader returns spans, so the parser
knows which words it has placed. Called by :mod:`query.parser`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from appliance.findings import LUNG_RADS_ORDER
from query.typed_query import Measure, MeasureField, NumberRange, TopN

__all__ = [
    "AGE_DECADE_WORDS",
    "CONFIDENCE_WORD",
    "DECADE_WORDS",
    "SNUM",
    "AgePhrase",
    "CountPhrase",
    "LungRadsPhrase",
    "MeasurePhrase",
    "TopPhrase",
    "UnitlessPhrase",
    "find_ages",
    "find_counts",
    "find_lung_rads",
    "find_measures",
    "find_top",
    "find_unitless",
    "is_age_decade_word",
]

WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a dozen": 12,
}
# A number said in words is a whole word: "often" is not "of ten" (it had been read as a
# diameter of exactly 10 mm), nor "tension" a ten
NUM = (
    r"(?:\d+(?:\.\d+)?|\.\d+|(?<![a-z])(?:"
    + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
    + r")(?![a-z]))"
)
GT = (
    r"(?:over|above|more\s+than|greater\s+than|larger\s+than|bigger\s+than|longer\s+than|wider\s+than|"
    r"exceeding|in\s+excess\s+of|older\s+than|higher\s+than|denser\s+than|more\s+dense\s+than|>)"
)
GE = (
    r"(?:(?:greater|more|larger|bigger)\s+than\s+or\s+equal\s+to|"
    r"equal\s+to\s+or\s+(?:greater|more|larger)\s+than|not\s+(?:smaller|less|under|below)(?:\s+than)?|"
    # "at or above -100 hu", "at or over 8 mm": the bound itself too ("at" had been dropped and
    # "above" read strict, silently)
    r"at\s+or\s+(?:above|over|more\s+than|greater\s+than|higher\s+than)|"
    r"at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+smaller\s+than|minimum(?:\s+of)?|min\.?|"
    r">=|=>|≥)"
)
LT = (
    r"(?:sub-?|under|below|less\s+than|smaller\s+than|fewer\s+than|shorter\s+than|younger\s+than|"
    r"lower\s+than|less\s+dense\s+than|<)"
)
LE = (
    r"(?:(?:less|smaller)\s+than\s+or\s+equal\s+to|"
    r"at\s+or\s+(?:below|under|less\s+than|lower\s+than|smaller\s+than)|"
    r"not\s+(?:larger|bigger|greater|more|over|above)(?:\s+than)?|at\s+most|up\s+to|no\s+more\s+than|not\s+more\s+than|no\s+larger\s+than|no\s+bigger\s+than|"
    r"maximum(?:\s+of)?|max\.?|<=|=<|≤)"
)
EQ = r"(?:exactly|equal\s+to|of|measuring|=)"
CMP = rf"(?P<cmp>{GE}|{LE}|{GT}|{LT}|{EQ})"
POST_GE = (
    r"(?:or\s+(?:more|larger|bigger|greater|above|over|higher|older)|and\s+(?:above|over|up|"
    r"larger|bigger|older)|\+|or\s+greater)"
)
POST_LE = (
    r"(?:or\s+(?:less|smaller|under|below|fewer|younger|lower)|"
    r"and\s+(?:below|under|smaller|younger|lower))"
)
# "5 mm and under" is a bound; "5 mm and under 1 cm" is two ("and under" begins the second)
POST = (
    rf"(?:(?P<post>{POST_GE}|{POST_LE})(?!\s*(?:[-−]?\d|\.\d|(?:a|an|half|"
    + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
    + r")\b)))"
)
_UNITS = {
    "mm": ("mm", 1.0),
    "millimeter": ("mm", 1.0),
    "millimeters": ("mm", 1.0),
    "millimetre": ("mm", 1.0),
    "millimetres": ("mm", 1.0),
    "cm": ("mm", 10.0),
    "centimeter": ("mm", 10.0),
    "centimeters": ("mm", 10.0),
    "centimetre": ("mm", 10.0),
    "centimetres": ("mm", 10.0),
    "mm3": ("mm3", 1.0),
    "mm^3": ("mm3", 1.0),
    "cubic mm": ("mm3", 1.0),
    "cubic millimeters": ("mm3", 1.0),
    "cc": ("mm3", 1000.0),
    "ml": ("mm3", 1000.0),
    "cm3": ("mm3", 1000.0),
    "hu": ("hu", 1.0),
}
UNIT = (
    r"(?P<unit>"
    + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
    + r")(?![a-z0-9])"
)
_AXIS_LENGTH = r"(?:\s+(?:diameter|dimension|length|measurements?|measures?|size))?"
FIELD = (
    # "long-axis dimension", "short axis diameter": the axis named with a word for a length
    # (part 30: the word had been read as the mean diameter, warned)
    # "short-axis measure", "long axis size" (part 40, J): the same words for a length
    rf"(?:(?P<field>long[- ]?axis{_AXIS_LENGTH}|longest\s+"
    rf"(?:axis|diameter|dimension)|short[- ]?axis{_AXIS_LENGTH}|"
    r"shortest\s+(?:axis|diameter)|volume|solid\s+(?:component|part|portion)|mean\s+diameter|"
    r"average\s+diameter|(?:mean|average)\s+size|diameter|diam|size|density|attenuation|mean\s+hu)\s+(?:of\s+|is\s+|was\s+)?)?"
)


# A signed number, for attenuation: "-600", "minus 600", "negative 600"; "+40" (a plus sign
# right before the digits, part 42, A: "from -50 hu up to +40 hu" had lost its upper end).
SNUM = rf"(?:(?:-|−|\+(?=\d)|minus\s+|negative\s+)?{NUM})"


def number(text: str) -> float:
    """A number written in digits or words ("6", "1.5", "six", "-600", "minus 600")."""
    cleaned = re.sub(r"\s+", " ", text.strip().lower()).removeprefix("+")
    sign = 1.0
    for prefix in ("-", "−", "minus ", "negative "):
        if cleaned.startswith(prefix):
            sign, cleaned = -1.0, cleaned[len(prefix) :].strip()
            break
    value = float(WORD_NUMBERS[cleaned]) if cleaned in WORD_NUMBERS else float(cleaned)
    return sign * value


def comparator_range(cmp: str | None, post: str | None, value: float) -> NumberRange:
    """The range a comparator before (``cmp``) or after (``post``) a number describes."""
    c = re.sub(r"\s+", " ", (cmp or "").strip().lower())
    p = re.sub(r"\s+", " ", (post or "").strip().lower())
    if p and re.fullmatch(POST_GE, p):
        return NumberRange(low=value, low_inclusive=True)
    if p and re.fullmatch(POST_LE, p):
        return NumberRange(high=value, high_inclusive=True)
    if c and re.fullmatch(GE, c):
        return NumberRange(low=value, low_inclusive=True)
    if c and re.fullmatch(GT, c):
        return NumberRange(low=value, low_inclusive=False)
    if c and re.fullmatch(LE, c):
        return NumberRange(high=value, high_inclusive=True)
    if c and re.fullmatch(LT, c):
        return NumberRange(high=value, high_inclusive=False)
    return NumberRange(low=value, high=value)


@dataclasses.dataclass(frozen=True)
class MeasurePhrase:
    start: int
    end: int
    measure: Measure
    note: str | None = None


def _field(named: str | None, unit_kind: str) -> MeasureField:
    if unit_kind == "mm3":
        return "volume_mm3"
    if unit_kind == "hu":
        return "mean_hu"
    word = (named or "").lower()
    if word.startswith(("long", "longest")):
        return "long_axis_mm"
    if word.startswith(("short", "shortest")):
        return "short_axis_mm"
    if word.startswith("solid"):
        return "solid_component_mm"
    return "diameter_mm"


def _scaled(m: re.Match[str], value: float, unit: str | None = None) -> tuple[float, str]:
    unit_kind, factor = _UNITS[re.sub(r"\s+", " ", (unit or m.group("unit")).lower())]
    if unit is not None and unit_kind != _UNITS[m.group("unit").lower()][0]:
        return _scaled(m, value)  # "between 5 hu and 8 mm": two kinds; the second one rules
    return round(value * factor, 6), unit_kind


_UNIT_A = UNIT.replace("?P<unit>", "?P<unit_a>")
# "from 0.8 cm up to 1.2 cm inclusive / exclusive" (part 32: "up to" had cut the range in two,
# the first end read as a size of its own, "inclusive" unread): a range's ends are included,
# and "inclusive" after it says so again; "exclusive" leaves out both ends of "between A and
# B", and the upper end of "from A (up) to B" (the lower one is where it starts from)
_BETWEEN = re.compile(
    rf"{FIELD}(?P<from>between|from)\s+(?P<a>{NUM})\s*(?:{_UNIT_A})?"
    rf"\s*(?:and|(?:up\s+)?to|through|-|–)\s*(?P<b>{NUM})\s*{UNIT}"
    r"(?:\s*,?\s*\(?(?:both\s+)?(?P<ends>inclusive|exclusive)(?:ly)?\)?)?",
    re.I,
)
_DASH = re.compile(
    rf"{FIELD}(?P<a>{NUM})\s*(?:{_UNIT_A}\s*(?=to\b|through\b|-|–))?(?:-|–|to|through)\s*"
    rf"(?P<b>{NUM})\s*{UNIT}",
    re.I,
)
# the axis named after the size ("≥ 25mm long axis", "10 mm in short axis"): that axis, as
# named before it ("long axis >= 25 mm"); it had been read as the mean diameter, the word named
_AXIS_AFTER = (
    r"(?:\s*(?:(?:in|on|of|by|along)\s+)?(?:the\s+|its\s+)?(?P<after>long[- ]?axis|longest\s+"
    r"(?:axis|diameter|dimension)|short[- ]?axis|shortest\s+(?:axis|diameter))(?![\w-]))?"
    # "more than 2 cc by volume" (part 39, H): the volume a volume's unit already names (it had
    # been read as a ranking by volume, warned); after a length it is left out (see _SINGLE)
    r"(?:\s*(?P<volume>(?:in|by|of)\s+(?:its\s+|the\s+)?volume)(?![\w-]))?"
)
_SINGLE = re.compile(rf"{FIELD}{CMP}?\s*(?P<n>{NUM})\s*{UNIT}\s*{POST}?{_AXIS_AFTER}", re.I)
_SUBCENTIMETER = re.compile(
    r"\bsub-?\s?centimet(?:er|re)\b|\bsub-?cm\b|\bsmaller\s+than\s+(?:a|one)\s+"
    r"centimet(?:er|re)\b|\bless\s+than\s+(?:a|one)\s+centimet(?:er|re)\b",
    re.I,
)
_CENTIMETER_PLUS = re.compile(
    r"\b(?:larger|bigger|greater|more)\s+than\s+(?:a|one)\s+centimet(?:er|re)\b", re.I
)
# "under a centimetre", "at least half a centimeter", "over an inch" is not offered: no inches.
_ARTICLE_SIZE = re.compile(
    rf"{FIELD}{CMP}\s+(?P<n>a|one|half\s+a|a\s+half)\s+(?P<unit>centimet(?:er|re)s?|cm|"
    r"millimet(?:er|re)s?|mm)\b\s*" + POST + "?",
    re.I,
)
# "mean attenuation hu from -50 to 50", "density in hu over 0": the field may name its unit after
# it (the field had been left to be read as an average asked, silently)
_HU_FIELD = (
    r"(?:(?:mean\s+|average\s+)?(?:hu|hounsfield(?:\s+units?)?|attenuation|density|"
    r"ct\s+numbers?|ct\s+values?)\s+(?:(?:in\s+)?(?:hu|hounsfield(?:\s+units?)?)\s+)?"
    r"(?:value\s+)?(?:of\s+|is\s+|was\s+)?)"
)
_HU_UNIT = r"(?:hu|hounsfield(?:\s+units?)?)(?![a-z0-9])"
# "HU between -700 and -300", "from -100 to 100 HU", "-100 to 100 hu", "density -50 to 50"
_HU_RANGE = re.compile(
    rf"(?:{_HU_FIELD}(?:between|from)\s+(?P<a>{SNUM})\s*(?:{_HU_UNIT})?\s*(?:and|to|through|-|–)"
    rf"\s*"
    rf"(?P<b>{SNUM})(?:\s*{_HU_UNIT})?|(?:between|from)\s+(?P<a2>{SNUM})\s*(?:{_HU_UNIT})?\s*"
    rf"(?:and|to|through|-|–)\s*(?P<b2>{SNUM})\s*{_HU_UNIT}|"
    rf"{_HU_FIELD}(?P<a3>{SNUM})\s*(?:{_HU_UNIT})?\s*(?:to|through|-|–)\s*(?P<b3>{SNUM})"
    rf"(?:\s*{_HU_UNIT})?(?!\s*(?:mm|cm|cc|ml|%|\d))|"
    rf"(?<![\w.])(?P<a4>{SNUM})\s*(?:{_HU_UNIT})?\s*(?:to|through|-|–)\s*(?P<b4>{SNUM})\s*"
    rf"{_HU_UNIT})"
    # "hu strictly between -400 and -100" is written "... exclusive" (query.bound_words); part
    # 39: it had been read inclusive, "exclusive" left unread (warned)
    r"(?:\s*,?\s*\(?(?:both\s+)?(?P<ends>inclusive|exclusive)(?:ly)?\)?)?",
    re.I,
)
_HU_SINGLE = re.compile(
    rf"(?:{_HU_FIELD}{CMP}?\s*(?P<n>{SNUM})(?:\s*{_HU_UNIT})?(?!\s*(?:mm|cm|cc|ml|%|\d))|"
    rf"{CMP.replace('?P<cmp>', '?P<cmp2>')}?\s*(?P<n2>{SNUM})\s*{_HU_UNIT})\s*{POST}?",
    re.I,
)
CONFIDENCE_WORD = (
    r"(?:(?:model\s+|detection\s+|ai\s+)?(?:confidence|certainty|probability|conf\b\.?))"
)
_CONFIDENCE_RANGE = re.compile(
    rf"{CONFIDENCE_WORD}\s+(?:score\s+|level\s+|value\s+)?(?:of\s+|is\s+)?"
    rf"(?:(?:between|from)\s+(?P<a>{NUM})\s*(?P<pa>%|percent)?\s*(?:and|to|through|-)\s*"
    rf"|(?P<a2>{NUM})\s*(?P<pa2>%|percent)?\s*(?:-|to|through)\s*)"
    rf"(?P<b>{NUM})\s*(?P<pb>%|percent)?(?![\w.])"
    # "confidence strictly between 0.7 and 0.8" is written "... exclusive" (query.bound_words)
    r"(?:\s*,?\s*\(?(?:both\s+)?(?P<ends>inclusive|exclusive)(?:ly)?\)?)?",
    re.I,
)
_CONFIDENCE = re.compile(
    rf"(?:{CONFIDENCE_WORD}\s+(?:score\s+|level\s+|value\s+|threshold\s+)?(?:of\s+|is\s+)?"
    rf"{CMP}?\s*"
    rf"(?P<n>{NUM})\s*(?P<pct>%|percent)?|"
    rf"{CMP.replace('?P<cmp>', '?P<cmp2>')}\s*(?P<n2>{NUM})\s*(?P<pct2>%|percent)?\s+"
    rf"{CONFIDENCE_WORD})\s*{POST}?",
    re.I,
)


# "95% confidence or more", "0.9 confidence or higher": a number before the confidence word
# without a comparator before it, bounded by the words after (it had been left unread); without
# them ("95% confidence") it is not read (equal to? at least?) and stays named
_CONFIDENCE_BEFORE = re.compile(
    rf"(?<![\w.])(?P<n>{NUM})\s*(?P<pct>%|percent)?\s+{CONFIDENCE_WORD}"
    rf"(?:\s+(?:score|level|value))?\s*{POST}",
    re.I,
)


def find_measures(text: str) -> list[MeasurePhrase]:
    """Size, volume and density conditions with their units, in mm / mm3 / HU."""
    found: list[MeasurePhrase] = []
    taken: list[tuple[int, int]] = []

    def keep(m: re.Match[str], measure: Measure, note: str | None = None) -> None:
        if not any(s < m.end() and m.start() < e for s, e in taken):
            taken.append(m.span())
            found.append(MeasurePhrase(m.start(), m.end(), measure, note))

    _attenuation(text, keep)
    _confidence(text, keep)
    for m in _SUBCENTIMETER.finditer(text):
        keep(m, Measure("diameter_mm", NumberRange(high=10.0, high_inclusive=False)))
    for m in _ARTICLE_SIZE.finditer(text):
        size = 0.5 if "half" in m.group("n").lower() else 1.0
        value = size * (10.0 if m.group("unit").lower().startswith("c") else 1.0)
        bounds = comparator_range(m.group("cmp"), m.group("post"), value)
        keep(m, Measure(_field(m.group("field"), "mm"), bounds))
    for m in _CENTIMETER_PLUS.finditer(text):
        keep(m, Measure("diameter_mm", NumberRange(low=10.0, low_inclusive=False)))
    for pattern in (_BETWEEN, _DASH):
        for m in pattern.finditer(text):
            # "between 0.5 cm and 8 mm": the first number in its own unit where it has one
            low, kind = _scaled(m, number(m.group("a")), m.group("unit_a"))
            high, _ = _scaled(m, number(m.group("b")))
            ends = (m.groupdict().get("ends") or "").lower()
            keep(
                m,
                Measure(
                    _field(m.group("field"), kind),
                    NumberRange(
                        min(low, high),
                        max(low, high),
                        low_inclusive=ends != "exclusive"
                        or (m.groupdict().get("from") or "").lower() == "from",
                        high_inclusive=ends != "exclusive",
                    ),
                ),
            )
    for m in _SINGLE.finditer(text):
        value, kind = _scaled(m, number(m.group("n")))
        if m.group("volume") and (kind != "mm3" or m.group("after")):
            continue  # "8 mm by volume" names two measurements: left unread (warned)
        bounds = comparator_range(m.group("cmp"), m.group("post"), value)
        note = None
        if bounds.low == bounds.high:  # "8 mm nodules": measuring 8 mm, to the reported precision
            bounds = NumberRange(value - 0.5, value + 0.5, True, False)
            note = f"'{m.group(0).strip()}' read as {value - 0.5:g} to under {value + 0.5:g}"
        keep(m, Measure(_field(m.group("field") or m.group("after"), kind), bounds), note)
    return sorted(found, key=lambda p: p.start)


_Keep = Callable[[re.Match[str], Measure], None]


def _attenuation(text: str, keep: _Keep) -> None:
    """Mean attenuation in HU, which may be negative: "below -600 HU", "HU between -700 and
    -300", "-100 to 100 HU", "density of -650"."""
    for m in _HU_RANGE.finditer(text):
        ends = [next(m.group(g + n) for n in ("", "2", "3", "4") if m.group(g + n)) for g in "ab"]
        low, high = sorted(number(end) for end in ends)
        # "exclusive" leaves out both ends of "between A and B", and the upper end of "from A
        # to B" (the lower one is where it starts from), as for sizes
        shut = (m.group("ends") or "").lower() != "exclusive"
        opened = shut or re.search(r"\bfrom\b", m.group(0), re.I) is not None
        keep(m, Measure("mean_hu", NumberRange(low, high, opened, shut)))
    for m in _HU_SINGLE.finditer(text):
        value = number(m.group("n") or m.group("n2"))
        bounds = comparator_range(m.group("cmp") or m.group("cmp2"), m.group("post"), value)
        if bounds.low == bounds.high:
            bounds = NumberRange(value - 0.5, value + 0.5, True, False)
        keep(m, Measure("mean_hu", bounds))


def _confidence(text: str, keep: _Keep) -> None:
    """The model's confidence, 0 to 1 (a percentage is divided by 100)."""
    for m in _CONFIDENCE_RANGE.finditer(text):
        low, high = number(m.group("a") or m.group("a2")), number(m.group("b"))
        if m.group("pa") or m.group("pa2") or m.group("pb") or high > 1:
            low, high = round(low / 100, 6), round(high / 100, 6)
        shut = m.group("ends") != "exclusive"
        bounds = NumberRange(min(low, high), max(low, high), shut, shut)
        keep(m, Measure("confidence", bounds))
    for m in _CONFIDENCE.finditer(text):
        value = number(m.group("n") or m.group("n2"))
        if m.group("pct") or m.group("pct2") or value > 1:
            value = round(value / 100, 6)
        bounds = comparator_range(m.group("cmp") or m.group("cmp2"), m.group("post"), value)
        keep(m, Measure("confidence", bounds))
    for m in _CONFIDENCE_BEFORE.finditer(text):
        value = number(m.group("n"))
        if m.group("pct") or value > 1:
            value = round(value / 100, 6)
        keep(m, Measure("confidence", comparator_range(None, m.group("post"), value)))


@dataclasses.dataclass(frozen=True)
class AgePhrase:
    start: int
    end: int
    range: NumberRange


_YEARS = r"(?:years?|yrs?|yo|y/o|y\.o\.)(?:\s+old|\s+of\s+age)?"
_AGE_PATTERNS = (
    # "between the ages of forty and fifty" (part 39: the first age alone had been read, exact)
    re.compile(
        rf"\b(?:between|from)\s+(?:the\s+)?ages?\s+(?:of\s+)?(?P<a>{NUM})\s*(?:-|–|to|and)\s*"
        rf"(?P<b>{NUM})(?:\s*{_YEARS})?",
        re.I,
    ),
    re.compile(rf"\b(?P<a>{NUM})\s*(?:-|–|to)\s*(?P<b>{NUM})\s*{_YEARS}", re.I),
    re.compile(
        rf"\b(?:aged?|ages)\s+(?:between\s+)?(?P<a>{NUM})\s*(?:-|–|to|and)\s*(?P<b>{NUM})"
        rf"(?:\s*{_YEARS})?",
        re.I,
    ),
    re.compile(rf"\bbetween\s+(?P<a>{NUM})\s+and\s+(?P<b>{NUM})\s*{_YEARS}", re.I),
    re.compile(
        rf"\b(?:aged?|age\s+(?:is\s+)?|ages)\s*(?:of\s+)?{CMP}?\s*(?P<n>{NUM})(?:\s*{_YEARS})?\s*{POST}?",
        re.I,
    ),
    re.compile(rf"{CMP}\s*(?:the\s+age\s+of\s+)?(?P<n>{NUM})\s*{_YEARS}\s*{POST}?", re.I),
    re.compile(rf"\b(?P<n>{NUM})\s*{_YEARS}\s*{POST}?", re.I),
    re.compile(
        rf"\b(?P<n>{NUM})\s+(?P<post>or\s+older|and\s+older|or\s+younger|and\s+younger)", re.I
    ),
    re.compile(rf"\b(?P<cmp>older\s+than|younger\s+than)\s+(?P<n>{NUM})", re.I),
)
_DECADES = re.compile(
    r"\bin\s+(?:their|his|her)\s+(?P<d>[2-9]0)'?s\b|\bin\s+(?:their|his|her)\s+"
    r"(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b|"
    # "sixty-something females", "60 something men" (part 40, J): the decade, as "in their 60s"
    r"\b(?:(?P<sd>[2-9]0)|(?P<sw>twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety))"
    r"(?:-|\s+)?somethings?\b",
    re.I,
)
SOMETHING_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
DECADE_WORDS = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}


# "octogenarians": people in that decade of age (80 to 89), the words' dictionary meaning
AGE_DECADE_WORDS = {
    "quadragenarian": 40,
    "quinquagenarian": 50,
    "sexagenarian": 60,
    "septuagenarian": 70,
    "octogenarian": 80,
    "nonagenarian": 90,
}
_AGE_DECADE_WORD = re.compile(
    # the word's Latin stem and a hurried typist's slips of its middle ("octagenarian",
    # "septagenarian", "sexagenerian"; part 40, J) and of its ending ("octogenarains",
    # "sexagenariens", "nonagenarans"; part 49: left unread, warned): the stem says the decade
    r"\b(?P<w>quadr|quinqu|sex|sept|oct|non)[a-z]{0,3}gen[aei]r(?:ia|ai|ie|a)ns?\b",
    re.I,
)
_DECADE_STEMS = {"quadr": 40, "quinqu": 50, "sex": 60, "sept": 70, "oct": 80, "non": 90}


def is_age_decade_word(word: str) -> bool:
    """Is ``word`` a word for people of a decade of age ("octogenarians", "octagenarian")?"""
    return _AGE_DECADE_WORD.fullmatch(word.strip()) is not None


ELDERLY = 65  # "elderly": the usual threshold of geriatric medicine (WHO, Medicare)
_ELDERLY = re.compile(r"\b(?:elderly|geriatric|seniors?)\b", re.I)


def find_ages(text: str) -> list[AgePhrase]:
    """Age conditions that say they are ages ("aged 50-70", "over 60 years", "65 or older")."""
    found = [
        AgePhrase(m.start(), m.end(), NumberRange(low=ELDERLY)) for m in _ELDERLY.finditer(text)
    ]
    for m in _AGE_DECADE_WORD.finditer(text):
        decade = _DECADE_STEMS[m.group("w").lower()]
        found.append(AgePhrase(m.start(), m.end(), NumberRange(decade, decade + 9)))
    for m in _DECADES.finditer(text):
        if m.group("d") or m.group("sd"):
            decade = int(m.group("d") or m.group("sd"))
        elif m.group("sw"):
            decade = SOMETHING_WORDS[m.group("sw").lower()]
        else:
            decade = DECADE_WORDS[m.group("w").lower()]
        found.append(AgePhrase(m.start(), m.end(), NumberRange(decade, decade + 9)))
    for pattern in _AGE_PATTERNS:
        for m in pattern.finditer(text):
            if any(p.start < m.end() and m.start() < p.end for p in found):
                continue
            groups = m.groupdict()
            if groups.get("a"):
                low, high = number(groups["a"]), number(groups["b"])
                found.append(
                    AgePhrase(m.start(), m.end(), NumberRange(min(low, high), max(low, high)))
                )
            else:
                value = number(groups["n"])
                found.append(
                    AgePhrase(
                        m.start(),
                        m.end(),
                        comparator_range(groups.get("cmp"), groups.get("post"), value),
                    )
                )
    return sorted(found, key=lambda p: p.start)


@dataclasses.dataclass(frozen=True)
class UnitlessPhrase:
    """A comparator and a number with no unit ("over 60"): an age or a size, by context."""

    start: int
    end: int
    range: NumberRange


_POST_M = POST.replace("?P<post>", "?P<post_m>")
_CMP_NOT_EQ = CMP.replace("(?P<cmp>", r"(?P<cmp>(?!of\b|measuring\b)")
_UNITLESS = re.compile(
    rf"(?:(?:between|from)\s+(?P<a>{NUM})\s+(?:and|to|through)\s+(?P<b>{NUM})|"
    rf"{_CMP_NOT_EQ}\s*(?P<n>{NUM})\s*{POST}?|(?P<m>{NUM})\s*{_POST_M})(?![\w.])",
    re.I,
)


def find_unitless(text: str) -> list[UnitlessPhrase]:
    found = []
    for m in _UNITLESS.finditer(text):
        if m.group("a"):
            low, high = number(m.group("a")), number(m.group("b"))
            bounds = NumberRange(min(low, high), max(low, high))
        else:
            bounds = comparator_range(
                m.group("cmp"),
                m.group("post") or m.group("post_m"),
                number(m.group("n") or m.group("m")),
            )
        found.append(UnitlessPhrase(m.start(), m.end(), bounds))
    return found


@dataclasses.dataclass(frozen=True)
class CountPhrase:
    """ "3 or more nodules", "exactly 2 nodules", "fewer than 3 nodules": findings per study.

    ``guessed`` marks a bare number ("2 nodules"), read as "at least" and said so.
    """

    start: int
    end: int
    min_count: int
    noun_start: int
    max_count: int | None = None
    guessed: bool = False
    also: tuple[int, int] | None = None
    """Where a word after the noun that belongs to the count is ("3 nodules exactly")."""


_COUNT_NOUN = (
    r"(?P<noun>(?:(?!with\b|w\b|in\b|and\b|who\b|that\b|have\b|has\b|of\b|on\b|or\b)[a-z-]+\s+)"
    r"{0,2}?(?:nodules|masses|lesions|findings|opacities|ggns|ggos|psns|nods|nodule|mass|lesion|"
    r"finding|opacity|ggn|ggo|psn|nod))\b"
)
_COUNT = re.compile(
    rf"(?:(?P<only>exactly|only|just|precisely)\s+|{CMP}\s*)?"
    # a number glued to letters ("ct02", a station or an identifier) counts nothing
    rf"(?<![\w.])(?P<n>\d+|{'|'.join(WORD_NUMBERS)}|a\s+single|single|solitary)\s*{POST}?\s+"
    + _COUNT_NOUN
    # "three nodules exactly": the word after the noun makes the count exact
    + r"(?:\s+(?P<after>exactly|precisely)\b)?",
    re.I,
)
_MULTIPLE = re.compile(
    r"\b(?:multiple|several|numerous|(?<!how\s)many|two\s+or\s+more)\s+(?P<noun>(?:[a-z-]+\s+){0,2}?"
    r"(?:nodules|masses|lesions|findings|opacities))\b",
    re.I,
)


_WHOLE = rf"(?:\d+|{'|'.join(sorted(WORD_NUMBERS, key=len, reverse=True))})"
COUNT_BETWEEN = (
    rf"(?:\b(?:between|from)\s+(?P<lo>{_WHOLE})\s+(?:and|to|-)\s+(?P<hi>{_WHOLE})|"
    rf"(?<![\w.-])(?P<lo2>\d+)\s*(?:-|to)\s*(?P<hi2>\d+))\s+"
)
"""A range of counts before its noun ("between 2 and 4 nodules", "from 1 to 3 scans", "2-4
studies"): both ends are in the range ("inclusive" after the noun says so again)."""
INCLUSIVE = r"(?:\s*,?\s*\(?(?:both\s+)?inclusive(?:ly)?\)?)?"


def count_between(m: re.Match[str]) -> tuple[int, int]:
    """The two ends of a :data:`COUNT_BETWEEN` match, the smaller first."""
    ends = sorted(int(number(m.group(g).lower())) for g in ("lo", "hi", "lo2", "hi2") if m.group(g))
    return ends[0], ends[-1]


# "between 2 and 4 nodules inclusive": findings per study in a range (the upper bound had been
# read alone as "4 or more", part 28)
_COUNT_RANGE = re.compile(COUNT_BETWEEN + _COUNT_NOUN + INCLUSIVE, re.I)


def _count_value(raw: str) -> int:
    word = re.sub(r"\s+", " ", raw.lower())
    return 1 if word in ("a single", "single", "solitary") else int(number(word))


def find_counts(text: str) -> list[CountPhrase]:
    found = []
    for m in _COUNT_RANGE.finditer(text):
        if m.group("noun").endswith("s") and not m.group("noun").endswith("mass"):
            least, most = count_between(m)
            found.append(CountPhrase(m.start(), m.end(), least, m.start("noun"), most))
    for m in _COUNT.finditer(text):
        n = _count_value(m.group("n"))
        singular = not m.group("noun").endswith("s") or m.group("noun").endswith("mass")
        if singular and n != 1:
            continue
        # "at least 3 nodules exactly" says two things: "exactly" is then left unplaced (named)
        after = m.group("after") and not (m.group("only") or m.group("cmp") or m.group("post"))
        if m.group("only") or after or (n == 1 and not m.group("cmp") and not m.group("post")):
            also = m.span("after") if after else None
            found.append(CountPhrase(m.start(), m.start("noun"), n, m.start("noun"), n, also=also))
            continue
        bounds = comparator_range(m.group("cmp"), m.group("post"), float(n))
        bare = not m.group("cmp") and not m.group("post")
        low = None if bounds.low is None else int(bounds.low) + (0 if bounds.low_inclusive else 1)
        high = (
            None
            if bare or bounds.high is None
            else int(bounds.high) - (0 if bounds.high_inclusive else 1)
        )
        found.append(
            CountPhrase(m.start(), m.start("noun"), max(low or 0, 0), m.start("noun"), high, bare)
        )
    for m in _MULTIPLE.finditer(text):
        found.append(CountPhrase(m.start(), m.start("noun"), 2, m.start("noun")))
    return found


@dataclasses.dataclass(frozen=True)
class TopPhrase:
    start: int
    end: int
    top: TopN
    also: tuple[int, int] | None = None  # "largest nodules top 3": the "top 3" of the same ranking


_TOP = re.compile(
    rf"\b(?:the\s+)?(?:top\s+)?(?P<n>\d+|{'|'.join(WORD_NUMBERS)})?\s*"
    r"(?P<dir>largest|biggest|greatest|smallest|tiniest|longest|shortest|"
    r"most\s+voluminous)\b(?:\s+(?P<n2>\d+))?",
    re.I,
)


_TOP_PLAIN = re.compile(
    rf"\btop\s+(?P<n>\d+|{'|'.join(WORD_NUMBERS)})\b"
    r"(?!\s*(?:largest|biggest|greatest|smallest|tiniest|longest|shortest|most))",
    re.I,
)
_TOP_AFTER = re.compile(
    rf"(?:\s+[a-z-]+){{0,3}}?\s*,?\s*(?P<top>\btop\s+(?:\d+|{'|'.join(WORD_NUMBERS)})\b)",
    re.I,
)
_TOP_BY = re.compile(
    r"\b(?:by|ranked\s+by|sorted\s+by)\s+(?:size|diameter|mean\s+diameter)\b", re.I
)


def find_top(text: str) -> list[TopPhrase]:
    """ "the 5 largest", "top 3 ... by size", "the smallest nodule" (n = 1)."""
    plain = list(_TOP_PLAIN.finditer(text))
    # "largest nodules top 3", "biggest ggns, top 5": a "top N" a few words after a ranking
    # without a number is that ranking's number (part 29: it had been a second ranking, warned)
    later: dict[int, re.Match[str]] = {}
    for m in _TOP.finditer(text):
        after = _TOP_AFTER.match(text, m.end())
        if not (m.group("n") or m.group("n2")) and after is not None:
            later[m.start()] = next(p for p in plain if p.start() == after.start("top"))
    plain = [p for p in plain if p not in later.values()]
    found = [TopPhrase(m.start(), m.end(), TopN(int(number(m.group("n"))))) for m in plain]
    if found:
        found += [TopPhrase(m.start(), m.end(), found[0].top) for m in _TOP_BY.finditer(text)]
    for m in _TOP.finditer(text):
        raw = m.group("n") or m.group("n2")
        also = None
        if m.start() in later:
            raw, also = later[m.start()].group("n"), later[m.start()].span()
        end = m.end("dir") if m.group("n") and m.group("n2") else m.end()  # "the 6 largest 3"
        n = int(number(raw)) if raw else 1
        word = m.group("dir").lower()
        field: MeasureField = "long_axis_mm" if word in ("longest", "shortest") else "diameter_mm"
        if word.startswith("most"):
            field = "volume_mm3"
        largest = word not in ("smallest", "tiniest", "shortest")
        found.append(TopPhrase(m.start(), end, TopN(n, field, largest), also))
    return found


@dataclasses.dataclass(frozen=True)
class LungRadsPhrase:
    start: int
    end: int
    categories: tuple[str, ...]


_CATEGORY = r"(?:1|2|3|4a|4b|4x|4)"
# A comparator written before the Lung-RADS word bounds its category as one written after it:
# "below lr 3" is "lr below 3" (1 or 2), "at least lung-rads 4a", "worse than category 3".
# Not "max" / "min" ("max lung-rads" is the patient's highest, read elsewhere).
_LEAD = (
    rf"(?:(?:(?P<lead>(?!max|min)(?:{GE}|{LE}|{GT}|{LT}))|(?P<worse>worse\s+than)|"
    r"(?P<better>better\s+than))\s*)?"
)
# Where the category is looked for, said between the Lung-RADS word and the category: "the
# worst lr on any of their scans is 3", "max lung-rads category on record is 2" (both words had
# been left unread, and the question refused). Any of the studies only: "on all of their scans"
# is another question (every study), not read here.
_SCOPE = (
    r"(?:\s+(?:on\s+(?:record|file)|(?:ever\s+)?recorded|(?:on|in|across|over|from)\s+any\s+"
    r"(?:one\s+)?(?:of\s+)?(?:(?:their|his|her|the)\s+)?(?:scans?|studies|study|exams?|cts?|"
    r"ldcts?|imaging)))"
)
_LUNG_RADS = re.compile(
    rf"(?<![\w-]){_LEAD}(?<![\w-])"
    rf"(?:lung[- ]?rads|lungrads|lr|category|cat\.?)(?:\s+(?:category|cat\.?|score|of))?"
    rf"{_SCOPE}?"
    r"(?:\s+(?:was|is|were|of|ever|been|has|had|=|:)){0,2}\s*"
    # "worst category ever recorded is lr 4b": the scale named again before its category is no
    # word of its own (part 32)
    r"(?:(?<=\s)(?:lung[- ]?rads|lr)\s*(?=[0-4]))?"
    # "lung-rads worse than 4a", "lr better than 3": the words of "worse / better than" after
    # the Lung-RADS word too (they had been left unread with the category, part 25)
    rf"(?:(?:{CMP}|(?P<worse2>worse\s+than)|(?P<better2>better\s+than))\s*)?"
    rf"(?P<a>{_CATEGORY})(?P<more>(?:(?:\s*(?:-|to|through|or|,|/)\s*"
    # "lr 4b or lr 4x": the scale said again after "or" is the same list (part 39: the first
    # category alone had been taken, and "at least one" before it read as a size, warned)
    rf"(?:(?:lung[- ]?rads|category|lr)\s*)?|\s*and\s*){_CATEGORY}(?!\s*(?:mm|cm|\d)))*)"
    rf"(?:\s*(?P<post>or\s+(?:higher|above|greater|more|worse|over)|and\s+(?:higher|above|up|over)|\+|"
    rf"or\s+(?:lower|below|less|better)|and\s+(?:lower|below)))?(?![\w])",
    re.I,
)


def _expand(category: str) -> tuple[str, ...]:
    upper = category.upper()
    return ("4A", "4B", "4X") if upper == "4" else (upper,)


_CATEGORY_POST = {"worse": "higher", "better": "lower"}


def _post(post: str | None) -> str | None:
    """A bound after a category in the words of a size: "or worse" is "or higher", "and higher"
    is "and above", "or better" is "or lower" (each had been read as the category alone)."""
    if post is None:
        return None
    words = post.split()
    if words[-1] in _CATEGORY_POST:
        return f"or {_CATEGORY_POST[words[-1]]}"
    return "or higher" if words == ["and", "higher"] else post


def find_lung_rads(text: str) -> list[LungRadsPhrase]:
    """ "Lung-RADS 4A or higher", "category 3", "Lung-RADS 3-4B", "lung-rads >= 4a". The
    Lung-RADS word repeated after "and" begins a second condition ("lung-rads 2 and lung-rads
    4a", as "lr 2 and lr 4a"); "lung-rads 2 and 4a" stays one list (either)."""
    found = []
    for m in _LUNG_RADS.finditer(text):
        first = _expand(m.group("a"))
        ranks = [LUNG_RADS_ORDER.index(c) for c in first]
        lead = m.group("lead") or ("over" if m.group("worse") or m.group("worse2") else None)
        lead = lead or ("under" if m.group("better") or m.group("better2") else None)
        bounds = comparator_range(m.group("cmp") or lead, _post(m.group("post")), float(min(ranks)))
        tail = m.group("more") or ""
        more = re.findall(_CATEGORY, re.sub(r"lung[- ]?rads|category", " ", tail, flags=re.I), re.I)
        if more and re.match(r"\s*(?:-|to|through)", tail):
            last = [LUNG_RADS_ORDER.index(c) for c in _expand(more[-1])]
            chosen = LUNG_RADS_ORDER[min(ranks) : max(last) + 1]
        elif more:
            listed = {c for raw in [m.group("a"), *more] for c in _expand(raw)}
            chosen = tuple(c for c in LUNG_RADS_ORDER if c in listed)
        elif bounds.low is not None and bounds.high is None:
            start = min(ranks) + (0 if bounds.low_inclusive else len(first))
            chosen = LUNG_RADS_ORDER[start:]
        elif bounds.high is not None and bounds.low is None:
            end = max(ranks) + (1 if bounds.high_inclusive else 1 - len(first))
            chosen = LUNG_RADS_ORDER[:end]
        else:
            chosen = first
        found.append(LungRadsPhrase(m.start(), m.end(), tuple(chosen)))
    for m in _CATEGORY_FIRST.finditer(text):
        if not any(f.start < m.end() and m.start() < f.end for f in found):
            found.append(LungRadsPhrase(m.start(), m.end(), _expand(m.group("a"))))
    return sorted(found, key=lambda f: f.start)


# The category said before the Lung-RADS word: "women with a 4x lung-rads", "a 3 lung-rads
# result" (both words had been left unread, warned). Only the full Lung-RADS word, one
# category, and the phrase ending there or before a noun or a joining word: "2 lung-rads 4x
# studies" and "2 lung-rads categories" are not read so.
_CATEGORY_FIRST = re.compile(
    rf"(?<![\w.-])(?P<a>{_CATEGORY})[\s-]*(?:lung[- ]?rads|lungrads)(?:\s+(?:category|score))?"
    r"(?=\s*(?:$|[,.;:?!)]|(?:on|in|at|from|study|scan|exam|ct|ldct|result|reading|finding|"
    r"and|or|with|w|who|that|which|during|since|before|after|between|ever)\b))",
    re.I,
)
