"""Numbers spelt out as speech recognition writes them, read as the digits a typist would type.

A dictated question arrives with its numbers in words: "nodules over one point five
centimetres", "scans in twenty twenty four", "patients born before nineteen forty five", "hu
under minus seven hundred", "lung rads four b", "scans on see tee oh two". The reader's number
patterns (:mod:`query.numbers`, :mod:`query.dates`) know digits and a few single number words
("two nodules", "over sixty"), so the rest of a spoken number was left unread and warned, or
worse, read in part ("one point five centimetres" as 5 cm). This module rewrites a run of
number words into digits once, where the question is cleaned (:func:`query.rewrites.clean`), so
every later reader sees the typed form; each rewrite is noted ("'twenty twenty four' read as
2024") so the answer says how the question was read.

What is rewritten, and what is left alone:

- a cardinal of more than one word ("sixty five", "seven hundred", "two thousand and five"),
  and the number words the reader does not know alone ("seventeen", "nineteen", "thousand");
  a single word it already reads ("one", "two", "four", "twenty") stays a word, so "the latest
  one", "which one", "four or more nodules" read as they did;
- a year said as two pairs ("twenty twenty four", "nineteen forty five", "twenty oh five"),
  and a decade ("the nineteen fifties": 1950s);
- a decimal ("one point five", "point eight"): "point" only before digit words and never after
  a determiner ("at this point", "the point"); "oh" is a zero only inside such a run;
- hundreds said as a digit and a pair after a sign or before "hu" ("minus six fifty": -650);
- a sign before a spoken number ("minus fifty"; "plus fifty" only after a word of a range or a
  comparison, "from minus fifty thru plus fifty"), never "minus" before words; a sign word
  before digits in a range or a comparison ("between minus 50 and plus 50 hu": -50 and 50);
- a Lung-RADS category after its word ("lung rads four b", "category two or better", "lr four
  x", "worst lung rads was four a"); "lung rads" in two words is Lung-RADS;
- a day said as an ordinal right after a month's name ("march twenty third": 23rd);
- a station spoken letter by letter and digit by digit ("ct zero one", "see tee oh two", "dx
  zero one"), only for the stations the catalogue has (:func:`read_stations`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from query.numbers import DECADE_WORDS, WORD_NUMBERS

__all__ = ["read_spoken", "read_stations"]

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_DIGIT_WORDS = {**_UNITS, "oh": 0}


def _set_of(words: str) -> frozenset[str]:
    return frozenset(words.split())


_CENTURIES = {"nineteen": 19, "twenty": 20}
# "at this point", "the point", "no point": a determiner before "point" makes it a noun
_NOUN_POINT = _set_of(
    "this that the a any some which what each every no one end starting cut decision"
)
# "from minus fifty thru plus fifty", "between -100 and plus 100": "plus" is a sign only after
# a word that opens or joins a range or a comparison ("nodules plus two masses" stays words)
_RANGE_WORDS = _set_of(
    "from to thru through and between than under over below above at least most of is was hu - or"
)
_CATEGORY_WORDS = frozenset({"lung-rads", "lungrads", "lr", "category", "cat"})
# the words between a Lung-RADS word and its category ("lung rads was four a", "category two
# or better", "lung-rads above two"), at most three of them
_CATEGORY_GAP = _set_of(
    "was is were of ever been has had above below under over than worse better higher lower "
    "greater less more at least most score a an the"
)
_CATEGORY_JOIN = frozenset({"or", "and", "to", "thru", "through", "-", ","})
_LETTERS = frozenset({"a", "b", "x", "s"})
_WORD = re.compile(r"[a-z]+(?:-rads)?|\d+[a-z]?|-(?=\s)|,")
_LUNG_RADS = re.compile(r"\blung\s+rads\b")


class _Words:
    """The question's words with where each lies, for reading runs of them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]

    def word(self, i: int) -> str:
        return self.found[i][2] if 0 <= i < len(self.found) else ""

    def joined(self, i: int) -> bool:
        """Whether word ``i`` follows word ``i - 1`` with only spaces or a hyphen between."""
        if i <= 0 or i >= len(self.found):
            return False
        gap = self.text[self.found[i - 1][1] : self.found[i][0]]
        return gap.strip() in ("", "-")


# "in q four twenty twenty five", "q 4 2025": a quarter said with its number apart is that
# quarter (part 57, D: "four" had been left unread and the whole year counted, warned)
_QUARTER = re.compile(r"\bq\s*(?:(?P<word>one|two|three|four)|(?P<digit>[1-4]))(?![\w.-])")
_QUARTER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4"}


def _quarter(m: re.Match[str]) -> str:
    return "q" + (m.group("digit") or _QUARTER_WORDS[m.group("word")])


def read_spoken(text: str, notes: list[str] | None = None) -> str:
    """``text`` (cleaned, lower case) with its spoken numbers in digits; each rewrite is added to
    ``notes`` as "'<words>' read as <digits>"."""
    text = _LUNG_RADS.sub("lung-rads", text)
    text = _QUARTER.sub(_quarter, text)
    words = _Words(text)
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words.found):
        read = _category(words, i) or _day(words, i) or _number(words, i)
        if read is None:
            i += 1
            continue
        end, digits = read
        spans.append((words.found[i][0], words.found[end - 1][1], digits))
        i = end
    return _rewrite(text, spans, notes)


def _rewrite(text: str, spans: list[tuple[int, int, str]], notes: list[str] | None) -> str:
    out, last = [], 0
    for start, end, digits in spans:
        out.append(text[last:start] + digits)
        if notes is not None:
            notes.append(f"'{text[start:end]}' read as {digits}")
        last = end
    return "".join(out) + text[last:]


# --- Lung-RADS categories -----------------------------------------------------------------------


def _category(words: _Words, i: int) -> tuple[int, str] | None:
    """ "four b" (4b) after a Lung-RADS word, or after a category already read and a join."""
    if words.word(i) not in _UNITS or _UNITS[words.word(i)] > 4:
        return None
    if not _after_category_word(words, i):
        return None
    digits, end = str(_UNITS[words.word(i)]), i + 1
    if words.word(end) in _LETTERS and words.joined(end) and digits == "4":
        digits, end = digits + words.word(end), end + 1
    return end, digits


def _after_category_word(words: _Words, i: int) -> bool:
    # "lung rads four a or four b": a category said in words, a join, then another ("lung-rads
    # 3 and two nodules" stays a count: only a category said in words is continued)
    if words.word(i - 1) in _CATEGORY_JOIN and _category_before(words, i - 2):
        return True
    j, gap = i - 1, 0
    while j >= 0 and gap <= 3:
        w = words.word(j)
        if w in _CATEGORY_WORDS:
            return True
        if w not in _CATEGORY_GAP:
            return False
        j, gap = j - 1, gap + 1
    return False


def _category_before(words: _Words, j: int) -> bool:
    if words.word(j) in _LETTERS:
        j -= 1
    return words.word(j) in _UNITS and _after_category_word(words, j)


# --- days of a month --------------------------------------------------------------------------

_MONTH = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)|january|february|march|april|"
    r"june|july|august|september|october|november|december"
)
_ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
_ORDINALS = {
    **_ORDINAL_UNITS,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}


def _day(words: _Words, i: int) -> tuple[int, str] | None:
    """ "march twenty third": a day said as an ordinal right after a month's name ("march 23rd";
    the date reader reads digits), or before "of" and a month's name ("the fifteenth of march",
    "the twenty-first of june": "15th of march", part 55, C). Only there: "the second study"
    keeps its ordinal."""
    after_month = _MONTH.fullmatch(words.word(i - 1)) is not None and words.joined(i)
    w, nxt = words.word(i), words.word(i + 1)
    if w in ("twenty", "thirty") and nxt in _ORDINAL_UNITS and words.joined(i + 1):
        day, end = {"twenty": 20, "thirty": 30}[w] + _ORDINAL_UNITS[nxt], i + 2
    elif w in _ORDINALS:
        day, end = _ORDINALS[w], i + 1
    else:
        return None
    if day > 31:
        return None
    if not after_month and (words.word(end) != "of" or not _MONTH.fullmatch(words.word(end + 1))):
        return None
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return end, f"{day}{suffix}"


# --- numbers ------------------------------------------------------------------------------------


def _number(words: _Words, i: int) -> tuple[int, str] | None:
    """A spoken number starting at word ``i``: where it ends and its digits, or None."""
    sign, start = "", i
    w = words.word(i)
    if w in ("minus", "negative") or (w == "plus" and words.word(i - 1) in _RANGE_WORDS):
        sign, start = ("+" if w == "plus" else "-"), i + 1
    read = _hundreds_pair(words, start, bool(sign)) or _year(words, start) or _decimal(words, start)
    if read is None:
        return _signed_digits(words, i, sign)
    end, digits, spoken = read
    if not spoken and not sign:
        return None  # a single word the reader already reads ("two", "twenty")
    return end, sign + digits


def _hundreds_pair(words: _Words, i: int, signed: bool) -> tuple[int, str, bool] | None:
    """ "minus six fifty" (-650), "eight twenty hu" (820): hundreds dictated as a digit and a
    pair, as attenuations are read out (part 51: "minus six fifty" had been -6 and a stray 50,
    silently). Only after a sign or before "hu", where a digit and a pair can mean nothing else
    ("two twenty mm nodules" stays two numbers)."""
    first = words.word(i)
    if _UNITS.get(first, 0) == 0 or not words.joined(i + 1):
        return None
    if words.word(i + 1) not in _TENS and words.word(i + 1) not in _TEENS:
        return None
    pair = _below_hundred(words, i + 1)
    if pair is None:
        return None
    value, end = pair
    if not signed and words.word(end) not in ("hu", "hounsfield"):
        return None
    return end, str(_UNITS[first] * 100 + value), True


def _signed_digits(words: _Words, i: int, sign: str) -> tuple[int, str] | None:
    """A sign said as a word before digits, in a range or a comparison (part 38, F: "between
    minus 50 and plus 50 hu", "hu under negative 600"): "-50", "50". Only after a word of a range
    or a comparison, or before "hu", so that "minus" meaning "leaving out" stays a word."""
    digits = words.word(i + 1)
    if not sign or not digits.isdigit() or not words.joined(i + 1):
        return None
    if words.word(i - 1) not in _RANGE_WORDS and words.word(i + 2) != "hu":
        return None
    return i + 2, ("-" if sign == "-" else "") + digits


def _year(words: _Words, i: int) -> tuple[int, str, bool] | None:
    """ "twenty twenty four" (2024), "nineteen forty five", "twenty oh five", "twenty ten"."""
    century = _CENTURIES.get(words.word(i))
    if century is None or not words.joined(i + 1):
        return None
    second = words.word(i + 1)
    if second in DECADE_WORDS:  # "the nineteen fifties": the 1950s
        return i + 2, f"{century * 100 + DECADE_WORDS[second]}s", True
    if second in ("oh", "zero") and words.word(i + 2) in _UNITS and words.joined(i + 2):
        year, end = _UNITS[words.word(i + 2)], i + 3
    elif second in _TEENS:
        year, end = _TEENS[second], i + 2
    elif second in _TENS:
        year, end = _TENS[second], i + 2
        if words.word(end) in _UNITS and words.word(end) != "zero" and words.joined(end):
            year, end = year + _UNITS[words.word(end)], end + 1
    else:
        return None
    return end, str(century * 100 + year), True


def _below_hundred(words: _Words, i: int) -> tuple[int, int] | None:
    w = words.word(i)
    if w in _TENS:
        if words.word(i + 1) in _UNITS and words.word(i + 1) != "zero" and words.joined(i + 1):
            return _TENS[w] + _UNITS[words.word(i + 1)], i + 2
        return _TENS[w], i + 1
    if w in _TEENS:
        return _TEENS[w], i + 1
    if w in _UNITS:
        return _UNITS[w], i + 1
    return None


def _scaled(
    words: _Words,
    i: int,
    scale: str,
    size: int,
    below: Callable[[_Words, int], tuple[int, int] | None],
) -> tuple[int, int] | None:
    """ "seven hundred (and) five", "two thousand (and) twenty four": a count of ``scale``."""
    first = below(words, i)
    if first is None:
        return None
    value, end = first
    if words.word(end) != scale or not words.joined(end) or value == 0:
        return first
    value, end = value * size, end + 1
    rest_at = end + 1 if words.word(end) == "and" else end
    rest = below(words, rest_at) if words.joined(rest_at) else None
    # "between two hundred and three hundred": "three" begins the second number
    if rest is not None and words.word(rest[1]) not in ("hundred", "thousand"):
        value, end = value + rest[0], rest[1]
    return value, end


def _below_thousand(words: _Words, i: int) -> tuple[int, int] | None:
    return _scaled(words, i, "hundred", 100, _below_hundred)


def _cardinal(words: _Words, i: int) -> tuple[int, int] | None:
    return _scaled(words, i, "thousand", 1000, _below_thousand)


_ZERO_UNITS = frozenset({"hu", "hounsfield", "mm", "cm", "cc", "ml", "percent", "mm3"})


def _decimal(words: _Words, i: int) -> tuple[int, str, bool] | None:
    """A cardinal, with "point" and its digits or "and a half" after it; or "point eight"."""
    whole: tuple[int, int] | None = None
    if words.word(i) != "point":
        whole = _cardinal(words, i)
        if whole is None:
            return None
    value, end = whole if whole is not None else (0, i)
    digits = str(value)
    spoken = end - i > 1 or words.word(i) not in WORD_NUMBERS
    if words.word(end) == "point" and (whole is not None or words.word(i - 1) not in _NOUN_POINT):
        decimals, j = "", end + 1
        while words.word(j) in _DIGIT_WORDS and words.joined(j):
            decimals, j = decimals + str(_DIGIT_WORDS[words.word(j)]), j + 1
        if decimals and (whole is None or words.joined(end)):
            return j, f"{digits}.{decimals}", True
    if whole is None:
        return None
    if [words.word(end + k) for k in range(3)] == ["and", "a", "half"]:
        return end + 3, f"{digits}.5", True
    if words.word(i) == "zero" and end - i == 1:
        # "up to zero hu" (part 45, D): zero before a measurement's unit is the number; "zero
        # nodules" is read as "no nodules" where the question is cleaned
        return (end, "0", True) if words.word(end) in _ZERO_UNITS else None
    return end, digits, spoken


# --- stations -----------------------------------------------------------------------------------

_LETTER_NAMES = {
    "a": "a|ay",
    "b": "b|bee",
    "c": "c|see|cee|sea",
    "d": "d|dee",
    "e": "e",
    "f": "f|ef",
    "g": "g|gee",
    "h": "h|aitch",
    "i": "i|eye",
    "j": "j|jay",
    "k": "k|kay",
    "l": "l|el",
    "m": "m|em",
    "n": "n|en",
    "o": "o|oh",
    "p": "p|pee",
    "q": "q|cue",
    "r": "r|ar",
    "s": "s|ess",
    "t": "t|tee",
    "u": "u|you",
    "v": "v|vee",
    "w": "w|double\\s+you",
    "x": "x|ex",
    "y": "y|why",
    "z": "z|zed|zee",
}
_DIGIT_NAMES = {str(v): k for k, v in _UNITS.items()}
_STATION = re.compile(r"(?P<letters>[a-z]+)(?P<digits>\d+)")


def read_stations(text: str, stations: frozenset[str], notes: list[str] | None = None) -> str:
    """``text`` with a station spoken letter by letter and digit by digit ("ct zero one", "see
    tee oh two") written as the catalogue names it ("ct01"), for the catalogue's ``stations``
    of letters then digits only; each rewrite is added to ``notes``."""
    spans: list[tuple[int, int, str]] = []
    for station in sorted(stations):
        m = _STATION.fullmatch(station.lower())
        if m is None:
            continue
        letters, digits = m.group("letters"), m.group("digits")
        said_letters = (
            rf"(?:{letters}|" + r"[\s-]*".join(f"(?:{_LETTER_NAMES[c]})" for c in letters) + ")"
        )
        said_digits = r"[\s-]*".join(
            f"(?:{d}|{_DIGIT_NAMES[d]}{'|oh|o' if d == '0' else ''})" for d in digits
        )
        pattern = re.compile(rf"(?<![\w-]){said_letters}[\s-]*{said_digits}(?![\w-])")
        for found in pattern.finditer(text):
            spoken = found.group(0)
            if spoken.replace(" ", "").replace("-", "") != station.lower():
                spans.append((found.start(), found.end(), station.lower()))
    spans.sort()
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return _rewrite(text, kept, notes)
