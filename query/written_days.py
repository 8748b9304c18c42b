"""Days written day first, and periods that run "until now", rewritten for the date reader.

The date reader (:mod:`query.dates`) reads ISO days and slashed days month first (US style,
with a caution when both readings are days). People outside the US write the day first and
often say so: "15.04.2024" (dots: always day first), "3/4/2025 ... day first",
"11/12/1947 (dd/mm/yyyy)", "british date format". Where the question says the days are day
first, every slashed, dotted or dashed day of it is written as an ISO day, and the words that
said so are dropped; so are they where one of its days can only be day first ("5/4/2025 to
20/6/2025"); a dotted day is read day first even unsaid. A period "from september
2025 until now / till today / to date" is the period since its start (part 53, C: "until now"
had been left unread, only September asked for). A step of :data:`query.rewrites.REWRITES`.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["read_written_days"]

_YEAR = r"(?:19|20)\d\d"
# "dd/mm/yyyy", "day.month.year", "british date format", "uk dates", "day first", "day comes
# first": a question's own word that its days are written day first, in brackets or after a
# comma, with "dates written / in" before it and "so (the) day comes first" after it
_FORMAT = (
    r"(?:dd?\s*[./-]\s*mm?\s*[./-]\s*yy(?:yy)?|day\s*[./-]\s*month\s*[./-]\s*year|"
    r"(?:british|uk|u\.k\.|european|eu|english)\s+(?:date\s+)?(?:format|style|dates?|order)|"
    r"(?:the\s+)?days?\s+(?:comes?\s+|is\s+|goes\s+)?(?:first|before\s+(?:the\s+)?month))"
)
_DECLARED = re.compile(
    r"\s*[,;:]?\s*\(?\s*(?:(?:with\s+|all\s+)?(?:the\s+)?dates?\s+(?:are\s+|is\s+)?"
    r"(?:written\s+|given\s+|typed\s+)?(?:as\s+|in\s+)?)?(?:in\s+)?"
    rf"{_FORMAT}(?:\s*,?\s*(?:so|i\.?e\.?|meaning|that\s+is)?\s*{_FORMAT})*"
    r"(?:\s+(?:format|style|order))?\s*\)?",
    re.I,
)
_WRITTEN = re.compile(
    rf"(?<![\w./])(?P<a>\d{{1,2}})(?P<sep>[./-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{_YEAR})(?![\w/]|\.\d)"
)
# "from september 2025 until now", "since 2024-03-01 to date": the start is a date phrase (it
# ends with a year, an ISO day or a month's name), the end the as-of date
_UNTIL_NOW = re.compile(
    r"\b(?:from|since|starting(?:\s+(?:from|in))?|beginning(?:\s+(?:of|in))?)\s+"
    r"(?P<start>[^,;()]{0,30}?(?:(?:19|20)\d\d(?:-\d\d-\d\d)?|jan\w*|feb\w*|mar\w*|apr\w*|may|"
    r"jun\w*|jul\w*|aug\w*|sept?\w*|oct\w*|nov\w*|dec\w*))\s*(?:-\s*|(?:until|till|til|"
    r"up\s+(?:un)?till?|up\s+to|to|through|thru)\s+)(?:now|today|date|(?:the\s+)?present(?:\s+day)?)"
    r"\b"
)


def _iso(day: int, month: int, year: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _day_first(m: re.Match[str]) -> str:
    return _iso(int(m.group("a")), int(m.group("b")), int(m.group("y"))) or m.group(0)


def _dotted(m: re.Match[str]) -> str:
    if m.group("sep") != ".":
        return m.group(0)
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    return _iso(a, b, y) or _iso(b, a, y) or m.group(0)  # "04.15.2024" can only be month first


def read_written_days(text: str) -> str:
    """``text`` (cleaned, lower case) with its days written day first as ISO days (all of them
    where it says so, the dotted ones anyway) and "from <date> until now" as "since <date>"."""
    said = _DECLARED.search(text)
    slashed = [(int(m.group("a")), int(m.group("b"))) for m in _WRITTEN.finditer(text)]
    if said is not None and slashed:
        text = (text[: said.start()] + text[said.end() :]).strip()
        text = _WRITTEN.sub(_day_first, text)
    elif any(a > 12 >= b for a, b in slashed) and not any(a <= 12 < b for a, b in slashed):
        # "between 5/4/2025 and 20/6/2025": one day can only be day first, so all are
        text = _WRITTEN.sub(_day_first, text)
    else:
        text = _WRITTEN.sub(_dotted, text)
    return _UNTIL_NOW.sub(r"since \g<start>", text)
