"""Reading date phrases of a question against an as-of date.

"this year", "last 6 months" (also "past / trailing 6 months"), "past year", "since 2025", "in
June 2026", "before 2025-03-01", "between 2024 and 2025": each becomes an inclusive
:class:`~query.typed_query.DateRange`. Rolling periods count back from the as-of date (the
query's ``as_of``, default today); "this year" is the
as-of date's calendar year, "last year" the calendar year before it (cohort README conventions).
Called by :mod:`query.parser`; only the regular expressions below read the text.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from query.numbers import WORD_NUMBERS
from query.typed_query import DateRange

__all__ = [
    "MONTH_NAMES",
    "DatePhrase",
    "ambiguous_days",
    "combine",
    "find_dates",
    "quarter_said_twice",
    "write_out",
    "year_named",
    "year_said_once",
]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
MONTH_NAMES: tuple[str, ...] = tuple(sorted(_MONTHS, key=len, reverse=True))
"""Every month's name, full and abbreviated ("sept" too), the longest first (for patterns)."""
_MONTH = r"(?P<month>" + "|".join(MONTH_NAMES) + r")\.?(?![a-z])"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\d.]|\s*(?:mm|cm|cc|ml|hu|cubic|millim|centim|x\b))"
# ISO days, and days written with slashes: month/day/year ("3/15/2023"), or day/month/year when
# the first number cannot be a month ("15/3/2023"); see :func:`ambiguous_days`.
_ISO = r"(?P<iso>(?:19|20)\d\d-\d\d-\d\d|(?<![\d/])\d{1,2}/\d{1,2}/(?:19|20)\d\d(?![\d/]))"
_SLASH_DAY = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)(?![\d/])")
# Counts of days, weeks, months, years: the shared number words plus "a"/"an" ("a year ago").
_WORD_NUMBERS = {**WORD_NUMBERS, "eighteen": 18, "twenty-four": 24, "a": 1, "an": 1}
_COUNT = r"(?P<n>\d{1,3}|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")"
_SPAN = r"(?P<span>days?|weeks?|wks?|months?|mos?|years?|yrs?)(?![a-z])"


@dataclasses.dataclass(frozen=True)
class DatePhrase:
    """A date condition found in the question: where it was and what it means."""

    start: int
    end: int
    range: DateRange


def _shift_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _slash_day(text: str) -> dt.date:
    """ "3/15/2023" (month first, as in the US) or "15/3/2023" (a first number over 12 is the
    day); raises ValueError for a day that does not exist."""
    m = _SLASH_DAY.fullmatch(text)
    if m is None:
        raise ValueError(text)
    a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    return dt.date(year, b, a) if a > 12 else dt.date(year, a, b)


def ambiguous_days(text: str) -> list[str]:
    """The slash dates of ``text`` (one date phrase) that read differently day-first
    ("4/5/2024"): month-first is a guess, and the reader says so, unless another date of the
    phrase is month-first beyond doubt ("12/1/2024 to 1/31/2025")."""
    days = [(int(m.group("a")), int(m.group("b")), m.group(0)) for m in _SLASH_DAY.finditer(text)]
    if any(a <= 12 < b for a, b, _ in days):
        return []
    return [word for a, b, word in days if a <= 12 and b <= 12 and a != b]


def _month_range(year: int, month: int) -> DateRange:
    return DateRange(
        dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    )


def _year_range(year: int) -> DateRange:
    return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _point(m: _Groups, as_of: dt.date) -> DateRange:
    """The period one date expression names: a day, a month or a year."""
    iso = m.group("iso")
    if iso:
        day = _slash_day(iso) if "/" in iso else dt.date.fromisoformat(iso)
        return DateRange(day, day)
    month_name, year_text = m.group("month"), m.group("year")
    if month_name:
        month = _MONTHS[month_name.lower()]
        if year_text:
            return _month_range(int(year_text), month)
        year = as_of.year if month <= as_of.month else as_of.year - 1
        return _month_range(year, month)
    return _year_range(int(m.group("year_alone") or as_of.year))


def _rolling(m: _Groups, as_of: dt.date) -> DateRange:
    raw = m.group("n")
    n = int(raw) if raw and raw.isdigit() else _WORD_NUMBERS.get((raw or "one").lower(), 1)
    span = (m.group("span") or "year").lower()
    if span.startswith("day"):
        start = as_of - dt.timedelta(days=n)
    elif span.startswith(("week", "wk")):
        start = as_of - dt.timedelta(weeks=n)
    elif span.startswith("mo"):
        start = _shift_months(as_of, -n)
    else:
        start = _shift_months(as_of, -12 * n)
    return DateRange(start, as_of)


def _older(m: _Groups, as_of: dt.date) -> DateRange:
    """ "scans older than 2 years", "more than 6 months ago": studies dated before that point
    (the day itself too after "at least")."""
    start = _rolling(m, as_of).start
    assert start is not None
    inclusive = (m.group("bound") or "").startswith("at")
    return DateRange(None, start if inclusive else start - dt.timedelta(days=1))


# A study's age: "older than", "more than / over ... old" right after a study noun (each a
# lookbehind of its own width). Without it, "2 years" had been a patient's age, silently.
_AFTER_STUDY_NOUN = "".join(
    f"(?<={noun} {relative})|"
    # "exams that are more than 3 yrs old", "scans which were older than 2 years": the noun's
    # own relative verb keeps the age the study's (it had been the patient's age, warned)
    for relative in (
        "",
        "that are ",
        "that were ",
        "which are ",
        "which were ",
        "that is ",
        "that was ",
        "which is ",
        "which was ",
        "are ",
        "were ",
    )
    for noun in (
        "studies",
        "study",
        "scans",
        "scan",
        "exams",
        "exam",
        "cts",
        "ct",
        "ldcts",
        "ldct",
        "cxrs",
        "cxr",
        "x-rays",
        "xrays",
        "imaging",
        # the kinds of CT named by their own noun: "ct angiograms older than 18 months" (the
        # number had been a patient's age, warned)
        "angiograms",
        "angiogram",
        "ctas",
        "cta",
        "ctpas",
        "ctpa",
        "radiographs",
        "radiograph",
    )
)[:-1]
# "more than 3 yrs old at this point / as of today / now": old counted to the as-of date, as
# "old" alone is ('point' had been left unread, warned)
_NOW = (
    r"(?:\s+(?:at\s+this\s+point|at\s+this\s+time|as\s+of\s+(?:now|today)|now|today|currently)\b)?"
)
_YEAR_ALONE = _YEAR.replace("?P<year>", "?P<year_alone>")
_POINT = rf"(?:{_ISO}|{_MONTH}(?:\s*,?\s*(?:of\s+)?{_YEAR})?|{_YEAR_ALONE})"  # "march of 2026"
_PLAIN_POINT = re.sub(r"\?P<\w+>", "?:", _POINT)
# a day or a month (not a bare year, which a size or a count could be): what a comparator
# sign may bound
_DAY_OR_MONTH = rf"{_ISO}|{_MONTH}(?:\s*,?\s*(?:of\s+)?{_YEAR})?"


def _after(m: _Groups, as_of: dt.date, *, inclusive: bool) -> DateRange:
    period = _point(m, as_of)
    assert period.start is not None and period.end is not None
    return DateRange(period.start if inclusive else period.end + dt.timedelta(days=1), None)


def _before(m: _Groups, as_of: dt.date, *, inclusive: bool) -> DateRange:
    period = _point(m, as_of)
    assert period.start is not None and period.end is not None
    return DateRange(None, period.end if inclusive else period.start - dt.timedelta(days=1))


def _between(m: _Groups, as_of: dt.date) -> DateRange:
    """ "between March 2024 and June 2025", "nov 2024 to jan 2025", "2024-03-15 to
    2024-04-15": from the start of the earlier period to the end of the later one."""
    first = re.fullmatch(_POINT, m.group("a") or m.group("a2") or "", re.I)
    second = re.fullmatch(_POINT, m.group("b") or m.group("b2") or "", re.I)
    if first is None or second is None:
        raise ValueError("not two dates")
    a, b = _point(_Groups(first), as_of), _point(_Groups(second), as_of)
    assert a.start is not None and a.end is not None and b.start is not None and b.end is not None
    return DateRange(min(a.start, b.start), max(a.end, b.end))  # written either way round


def _this_year(m: _Groups, as_of: dt.date) -> DateRange:
    return DateRange(dt.date(as_of.year, 1, 1), as_of)


def _last_year(m: _Groups, as_of: dt.date) -> DateRange:
    return _year_range(as_of.year - 1)


def _this_month(m: _Groups, as_of: dt.date) -> DateRange:
    return DateRange(as_of.replace(day=1), as_of)


def _last_month(m: _Groups, as_of: dt.date) -> DateRange:
    previous = _shift_months(as_of.replace(day=1), -1)
    return _month_range(previous.year, previous.month)


def _today(m: _Groups, as_of: dt.date) -> DateRange:
    return DateRange(as_of, as_of)


def _yesterday(m: _Groups, as_of: dt.date) -> DateRange:
    day = as_of - dt.timedelta(days=1)
    return DateRange(day, day)


_QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_QUARTER_WORDS.update({"fourth": 4, "4th": 4, "last": 4, "final": 4})
_QUARTER = r"(?:q(?P<q>[1-4])|(?P<qw>first|1st|second|2nd|third|3rd|fourth|4th|final)\s+quarter)"
_QUARTER_YEAR = _YEAR.replace("?P<year>", "?P<qyear>")


def _quarter(m: _Groups, as_of: dt.date) -> DateRange:
    """ "Q1 2025", "Q2-2024", "Q3/2024", "2025 Q3", "the third quarter of 2024"; without a
    year, the latest such quarter that has begun by the as-of date."""
    q = int(m.group("q") or _QUARTER_WORDS[(m.group("qw") or "first").lower()])
    year_text = m.group("year") or m.group("qyear")
    year = int(year_text) if year_text else as_of.year
    if not year_text and dt.date(year, 3 * q - 2, 1) > as_of:
        year -= 1
    end_month = 3 * q
    return DateRange(
        dt.date(year, end_month - 2, 1),
        dt.date(year, end_month, calendar.monthrange(year, end_month)[1]),
    )


def _this_quarter(m: _Groups, as_of: dt.date) -> DateRange:
    first_month = 3 * ((as_of.month - 1) // 3) + 1
    return DateRange(dt.date(as_of.year, first_month, 1), as_of)


def _last_quarter(m: _Groups, as_of: dt.date) -> DateRange:
    start = _shift_months(dt.date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1), -3)
    return DateRange(start, _shift_months(start, 3) - dt.timedelta(days=1))


def _decade(m: _Groups, as_of: dt.date) -> DateRange:
    first = int(m.group("decade") or 0)
    return DateRange(dt.date(first, 1, 1), dt.date(first + 9, 12, 31))


def _month_span(m: _Groups, as_of: dt.date) -> DateRange:
    """ "March to June 2025", "between Jan and Mar 2026": the year written once, at the end
    (or the as-of year); a first month after the second one belongs to the year before. The
    year written first ("2025 july to september") is the first month's year, and the second
    month's too unless a year follows it or the months wrap ("2024 nov to feb": to 2025)."""
    first = _MONTHS[(m.group("m1") or "").lower()]
    second = _MONTHS[(m.group("m2") or "").lower()]
    year_text = m.group("year")
    lead = m.group("year0")
    if year_text:
        end_year = int(year_text)
    elif lead:
        end_year = int(lead) + (0 if first <= second else 1)
    else:
        end_year = as_of.year if second <= as_of.month else as_of.year - 1
    start_year = end_year if first <= second else end_year - 1
    if lead:
        start_year = int(lead)
    return DateRange(
        dt.date(start_year, first, 1),
        dt.date(end_year, second, calendar.monthrange(end_year, second)[1]),
    )


def _half(m: _Groups, as_of: dt.date) -> DateRange:
    """ "H1 2025", "the second half of 2024"; without a year, the as-of year."""
    word = (m.group("h") or m.group("hw") or "1").lower()
    second = word in ("2", "second", "latter", "2nd")
    year = int(m.group("year") or as_of.year)
    if m.group("year") is None and second and as_of.month < 7:
        year -= 1
    return DateRange(
        dt.date(year, 7 if second else 1, 1),
        dt.date(year, 12 if second else 6, 31 if second else 30),
    )


def _years(m: _Groups, as_of: dt.date) -> DateRange:
    """ "2023-2025", "2023 to 2025": whole years, both included."""
    first, last = sorted((int(m.group("y1") or 0), int(m.group("y2") or 0)))
    return DateRange(dt.date(first, 1, 1), dt.date(last, 12, 31))


_M1 = _MONTH.replace("?P<month>", "?P<m1>")
_M2 = _MONTH.replace("?P<month>", "?P<m2>")

# Part 35: "between 1 apr and 30 jun 2024", "from 3 march to 5 may 2023", "jan 10 - feb 2, 2022":
# two days of a range with the year said once, after the second. The first day is in that year
# too, or in the year before when its month comes later ("dec 10 to jan 5 2024"); it had been
# left unread and the range read as the second day alone (warned).
_ORD = r"(?:st|nd|rd|th)?"
_RANGE_JOIN = r"\s*(?:-|–|and|to|through|thru|until|till)\s*"
_DAY_MONTH_TWICE = re.compile(
    rf"\b(?P<d1>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_M1}(?P<join>{_RANGE_JOIN})(?P<d2>\d{{1,2}}){_ORD}"
    rf"\s+(?:of\s+)?{_M2}\s*,?\s*(?P<y>(?:19|20)\d\d)\b",
    re.I,
)
_MONTH_DAY_TWICE = re.compile(
    rf"\b{_M1}\s+(?P<d1>\d{{1,2}}){_ORD}(?P<join>{_RANGE_JOIN}){_M2}\s+(?P<d2>\d{{1,2}}){_ORD}"
    rf"\s*,?\s*(?P<y>(?:19|20)\d\d)\b",
    re.I,
)


# "the year 2025", "year-2025 ldcts", "in calendar 2025", "calendar year 2024", "cal. year 2023":
# the word "year" or "calendar" said before a year names that year, as "in 2024" does (they had
# been left unread, warned; session 26). "per year 2024" is a grouping by year, kept; "birth year
# 1944 and/or 1945" is a year of birth, which the birth reader takes whole
_YEAR_NAMED = re.compile(
    r"(?<!\bper\s)(?<!\bby\s)(?<!\beach\s)(?<!\bevery\s)(?<!\bbirth\s)(?<!\bdob\s)\b(?:the\s+)?"
    r"(?:(?:calendar|cal\.?)\s+(?:year(?:\s+|-))?|year(?:\s+|-))(?=(?:19|20)\d\d(?![\d-]))"
)


def year_named(text: str) -> str:
    """``text`` with "the year 2025", "calendar (year) 2025" said as "2025"."""
    return _YEAR_NAMED.sub("", text)


def year_said_once(text: str) -> str:
    """``text`` with the year of a two-day range said after both days ("1 apr and 30 jun
    2024": "1 apr 2024 and 30 jun 2024")."""

    def first_year(m: re.Match[str]) -> int:
        later = _MONTHS[m.group("m1").lower()] > _MONTHS[m.group("m2").lower()]
        return int(m.group("y")) - (1 if later else 0)

    def day_month(m: re.Match[str]) -> str:
        return (
            f"{m.group('d1')} {m.group('m1')} {first_year(m)}{m.group('join')}{m.group('d2')} "
            f"{m.group('m2')} {m.group('y')}"
        )

    def month_day(m: re.Match[str]) -> str:
        return (
            f"{m.group('m1')} {m.group('d1')} {first_year(m)}{m.group('join')}{m.group('m2')} "
            f"{m.group('d2')} {m.group('y')}"
        )

    return _MONTH_DAY_TWICE.sub(month_day, _DAY_MONTH_TWICE.sub(day_month, text))


# "april-to-june": the joining word hyphenated with the months (part 42, A)
_MONTHS_JOIN = r"\s*(?:-?(?:to|through|thru|until|till)-?|-|–)\s*"
_MONTHS_SAID = rf"{_M1}{_MONTHS_JOIN}{_M2}"
_BRACKET_YEAR = r"(?:\s*,?\s*(?:of\s+|in\s+)?(?P<by>(?:19|20)\d\d))?"
_SPAN_THEN_QUARTER = re.compile(
    rf"\b{_MONTHS_SAID}(?:\s+quarter)?(?P<mid>(?:\s*,?\s*(?:of\s+|in\s+)?(?:19|20)\d\d)?)(?:\s+quarter)?\s*"
    rf"\(\s*(?:the\s+)?{_QUARTER}{_BRACKET_YEAR}\s*\)",
    re.I,
)
_QUARTER_THEN_SPAN = re.compile(
    rf"\b(?P<head>{_QUARTER.replace('?P<q>', '?P<q0>').replace('?P<qw>', '?P<qw0>')}"
    r"(?:\s*,?\s*(?:of\s+)?(?:19|20)\d\d)?)\s*"
    rf"\(\s*{_MONTHS_SAID}{_BRACKET_YEAR}\s*\)",
    re.I,
)


# "jul-sep quarter of 2024": the word "quarter" after the months of one quarter
_SPAN_QUARTER_WORD = re.compile(rf"\b{_MONTHS_SAID}\s+quarter\b(?!\s*\()", re.I)


def _quarter_of(number: str | None, word: str | None) -> int:
    return int(number) if number else _QUARTER_WORDS[(word or "first").lower()]


def _spans_quarter(m: re.Match[str], quarter: int) -> bool:
    return (_MONTHS[m.group("m1").lower()], _MONTHS[m.group("m2").lower()]) == (
        3 * quarter - 2,
        3 * quarter,
    )


def quarter_said_twice(text: str) -> str:
    """``text`` with a quarter restated in brackets said once: "july-september quarter (q3) of
    2024", "jan-mar 2025 (q1)", "q3 (jul-sep) 2024" name one period, the months of that quarter
    (part 40, J: the bracket had been read as a second period, and the two joined into one
    from the first to the last, warned). Only a bracket whose quarter is the months said is
    dropped; a bracket that names other months is kept, and so warned as before."""

    def span_first(m: re.Match[str]) -> str:
        if not _spans_quarter(m, _quarter_of(m.group("q"), m.group("qw"))):
            return m.group(0)
        year = f" {m.group('by')}" if m.group("by") and not m.group("mid").strip() else ""
        return f"{m.group('m1')}-{m.group('m2')}{m.group('mid')}{year}"

    def quarter_first(m: re.Match[str]) -> str:
        if not _spans_quarter(m, _quarter_of(m.group("q0"), m.group("qw0"))):
            return m.group(0)
        return m.group("head") + (f" {m.group('by')}" if m.group("by") else "")

    def quarter_word(m: re.Match[str]) -> str:
        if not any(_spans_quarter(m, q) for q in range(1, 5)):
            return m.group(0)
        return f"{m.group('m1')}-{m.group('m2')}"

    def span_restated(m: re.Match[str]) -> str:
        first, last = _MONTHS[m.group("m1").lower()], _MONTHS[m.group("m2").lower()]
        said = m.group("h") or m.group("hw") or m.group("q") or m.group("qw")
        half = m.group("h") or m.group("hw")
        if half:
            second = said.lower() in ("2", "second", "latter", "2nd")
            months = (7, 12) if second else (1, 6)
        else:
            quarter = _quarter_of(m.group("q"), m.group("qw"))
            months = (3 * quarter - 2, 3 * quarter)
        if (first, last) != months or (m.group("by") and m.group("by") != m.group("year")):
            return m.group(0)
        return m.group("span")

    text = _SPAN_QUARTER_WORD.sub(quarter_word, _SPAN_THEN_QUARTER.sub(span_first, text))
    text = _SPAN_RESTATED.sub(span_restated, text)
    return _QUARTER_THEN_SPAN.sub(quarter_first, text)


# Part 42 (A): "july through december 2025, i.e. h2", "jan-jun 2024 (the first half)", "apr-jun
# 2024, that is q2": the half or quarter restates the months said (a yearless one had been read
# as the latest such period, and the two joined into one period from the first to the last,
# warned). Only a restatement whose months are the months said is dropped.
_SPAN_RESTATED = re.compile(
    rf"\b(?P<span>{_MONTHS_SAID}\s*,?\s*(?:of\s+|in\s+)?{_YEAR})"
    r"(?:\s*,?\s*(?:i\.?\s?e\.?|that\s+is|namely|aka)\s*,?\s*|\s*\(\s*)(?:the\s+)?"
    rf"(?:h(?P<h>[12])|(?P<hw>first|second|1st|2nd|latter)\s+half|{_QUARTER})"
    rf"{_BRACKET_YEAR}(?![\w-])(?:\s*\))?",
    re.I,
)


# Part 42 (A): "on or before the 15th of february 2023" (the day is written as an ISO date
# first, so "the" stands right before it) and "from the start of august 2026 up to now" ("up to
# now" restates the open end); the words had been left unread, and "before" or the end lost.
_THE_DAY = r"(?:the\s+(?=\s*(?:19|20)\d\d-\d\d-\d\d))"
_UP_TO_NOW_SAID = (
    r"(?:\s*,?\s*(?:(?:up\s+)?(?:to|until|till|through)|and\s+since)\s+"
    r"(?:now|today|date|the\s+present(?:\s+day)?)\b)"
)

_SINCE_POINT = (
    r"\b(?:since|starting(?:\s+from)?|as\s+of|on\s+or\s+after|from(?=\s+the\s+"
    rf"(?:start|beginning)\b))\s+(?:the\s+(?:start|beginning)\s+of\s+|{_THE_DAY})?{_POINT}"
)
_SINCE = rf"{_SINCE_POINT}{_UP_TO_NOW_SAID}?"

_Reader = Callable[["_Groups", dt.date], DateRange]
_PATTERNS: list[tuple[re.Pattern[str], _Reader]] = [
    (
        re.compile(
            r"\b(?<!both\s)(?:(?:in|during|from|between)\s+)?(?<!both\s)(?<!both\sin\s)"
            r"(?P<y1>(?:19|20)\d\d)\s*(?:-|–|to|through|"
            r"thru|until|and)\s*(?P<y2>(?:19|20)\d\d)\b(?![-/]\d)",
            re.I,
        ),
        _years,
    ),
    (
        re.compile(
            rf"\b(?:(?:in|during)\s+)?(?:the\s+)?(?:h(?P<h>[12])|(?P<hw>first|second|1st|2nd|latter)"
            rf"\s+half)(?:\s*(?:of\s+)?,?\s*{_YEAR})?\b",
            re.I,
        ),
        _half,
    ),
    (
        re.compile(
            # the year may come first: "2025 july to september" (part 29)
            rf"\b(?:(?:between|from|in|during)\s+)?(?:(?P<year0>(?:19|20)\d\d)\s*[,:]?\s+"
            r"(?:(?:from|between)\s+)?)?"
            rf"{_M1}\s*(?:-?(?:to|through|thru|until)-|-|to|through|thru|until|and)\s*{_M2}"
            rf"(?:\s*,?\s*(?:of\s+|in\s+)?{_YEAR})?",
            re.I,
        ),
        _month_span,
    ),
    (
        re.compile(
            rf"\b(?:(?:in|during)\s+)?(?:the\s+)?(?:{_QUARTER_YEAR}\s*[- ]?\s*)?{_QUARTER}"
            rf"(?:\s*(?:of\s+)?[,/-]?\s*{_YEAR})?\b",
            re.I,
        ),
        _quarter,
    ),
    (re.compile(r"\b(?:in\s+|during\s+)?this\s+quarter\b", re.I), _this_quarter),
    (re.compile(r"\b(?:in\s+|during\s+)?(?:the\s+)?last\s+quarter\b", re.I), _last_quarter),
    (
        re.compile(r"\b(?:(?:in|during)\s+)?(?:the\s+)?(?P<decade>(?:19|20)\d0)'?s\b", re.I),
        _decade,
    ),
    (
        re.compile(
            rf"\b(?:between|from)\s+(?:the\s+)?(?P<a>{_PLAIN_POINT})\s+(?:and|to|until|till|through|"
            rf"thru)\s+(?:the\s+)?(?P<b>{_PLAIN_POINT})|\b(?P<a2>{_PLAIN_POINT})\s*(?:-|to|until|till|through|thru)"
            rf"\s*(?P<b2>{_PLAIN_POINT})",
            re.I,
        ),
        _between,
    ),
    (re.compile(r"(?<!the\s)\blast\s+(?:calendar\s+)?year\b", re.I), _last_year),
    # Part 41: "last years cxrs", "last yrs' cts", "lastyears ldcts": "last year's" with its
    # apostrophe dropped (or moved) before a noun is the calendar year before, as "last year"
    # is; it had been read as the past 12 months, silently. "the last years", "last 2 years"
    # and "last years of" stay spans; so does "last years" with no noun after it.
    (
        re.compile(
            r"(?<!the\s)\blast\s+(?:calendar\s+)?(?:years|yrs)(?:'|’)?(?=\s+(?!(?:of|and|or|to|"
            r"ago|in|on|at|for|from|before|after|since|with|without|until|till|through|thru)\b)"
            r"[a-z])",
            re.I,
        ),
        _last_year,
    ),
    (
        re.compile(
            r"\b(?:in\s+|during\s+|within\s+|over\s+|for\s+)?(?:the\s+)?(?:last|past|previous|"
            # "the trailing 30 days" (part 45, B): the last 30 days, a rolling period
            rf"preceding|recent|prior|trailing)\s+{_COUNT}?\s*{_SPAN}\b",
            re.I,
        ),
        _rolling,
    ),
    (re.compile(rf"\bwithin\s+(?:the\s+)?{_COUNT}\s*{_SPAN}\b", re.I), _rolling),
    (
        re.compile(
            rf"(?:{_AFTER_STUDY_NOUN})(?P<bound>older\s+than)\s+{_COUNT}\s*{_SPAN}(?:\s+old)?\b{_NOW}",
            re.I,
        ),
        _older,
    ),
    (
        re.compile(
            rf"(?:{_AFTER_STUDY_NOUN})(?P<bound>more\s+than|over|at\s+least)\s+{_COUNT}\s*"
            rf"{_SPAN}\s+old\b{_NOW}",
            re.I,
        ),
        _older,
    ),
    (
        re.compile(
            rf"\b(?P<bound>more\s+than|over|at\s+least)\s+{_COUNT}\s*{_SPAN}\s+ago\b(?!\s+or\b)",
            re.I,
        ),
        _older,
    ),
    (
        re.compile(rf"\b{_COUNT}\s*{_SPAN}\s+ago\s+or\s+(?:later|since|more\s+recently)", re.I),
        _rolling,
    ),
    (
        re.compile(
            r"\b(?:(?:so\s+)?far\s+)?(?:in\s+|during\s+)?(?:this|the\s+current|current)\s+"
            r"(?:calendar\s+)?year(?:\s+(?:so\s+far|to\s+date))?\b|\byear[- ]to[- ]date\b|\bytd\b",
            re.I,
        ),
        _this_year,
    ),
    (
        re.compile(
            r"\b(?:in\s+|during\s+)?last\s+(?:calendar\s+)?year\b|\b(?:in\s+)?the\s+year\s+before\b",
            re.I,
        ),
        _last_year,
    ),
    (re.compile(r"\b(?:in\s+|during\s+)?this\s+month\b", re.I), _this_month),
    (re.compile(r"\b(?:in\s+|during\s+)?last\s+month\b", re.I), _last_month),
    # "from the start of 2026 up to today": the open end said before "today" is read alone
    (
        re.compile(rf"{_SINCE_POINT}{_UP_TO_NOW_SAID}", re.I),
        lambda m, a: _after(m, a, inclusive=True),
    ),
    (re.compile(r"\btoday\b", re.I), _today),
    (re.compile(r"\byesterday\b", re.I), _yesterday),
    (
        re.compile(
            _SINCE,
            re.I,
        ),
        lambda m, a: _after(m, a, inclusive=True),
    ),
    # "DOB < 1/1/1941", "studies >= 2025-03-01", "scans < march 2024": a comparator sign
    # before a day or a month is before / after it (the sign had been left unread, part 25);
    (
        re.compile(rf"(?:<=|=<|≤)\s*(?:{_DAY_OR_MONTH})", re.I),
        lambda m, a: _before(m, a, inclusive=True),
    ),
    (
        re.compile(rf"<\s*(?:{_DAY_OR_MONTH})", re.I),
        lambda m, a: _before(m, a, inclusive=False),
    ),
    (
        re.compile(rf"(?:>=|=>|≥)\s*(?:{_DAY_OR_MONTH})", re.I),
        lambda m, a: _after(m, a, inclusive=True),
    ),
    (
        re.compile(rf">\s*(?:{_DAY_OR_MONTH})", re.I),
        lambda m, a: _after(m, a, inclusive=False),
    ),
    # "on or before 2025-06-30", "dob on or prior to 1942-06-30": the day itself too (part 38:
    # "before" had been read first, a day early, and "on or" dropped, silently for studies)
    (
        re.compile(
            rf"\bon\s+or\s+(?:before|prior\s+to|earlier\s+than)\s+{_THE_DAY}?{_POINT}", re.I
        ),
        lambda m, a: _before(m, a, inclusive=True),
    ),
    (
        re.compile(rf"\b(?:after|later\s+than)\s+{_POINT}", re.I),
        lambda m, a: _after(m, a, inclusive=False),
    ),
    (
        re.compile(rf"\b(?:before|prior\s+to|earlier\s+than)\s+{_POINT}", re.I),
        lambda m, a: _before(m, a, inclusive=False),
    ),
    (
        re.compile(rf"\b(?:until|through|up\s+to|to|on\s+or\s+before|by)\s+{_POINT}", re.I),
        lambda m, a: _before(m, a, inclusive=True),
    ),
    (
        re.compile(
            rf"\b(?:(?:in|during|on|of|from)\s+)?(?:{_ISO}|{_MONTH}\s*,?\s*(?:of\s+)?{_YEAR}|{_YEAR_ALONE})",
            re.I,
        ),
        _point,
    ),
    (re.compile(rf"\b(?:in|during)\s+{_MONTH}\b", re.I), _point),
]


def _intersect(a: DateRange, b: DateRange) -> DateRange:
    starts = [d for d in (a.start, b.start) if d is not None]
    ends = [d for d in (a.end, b.end) if d is not None]
    return DateRange(max(starts) if starts else None, min(ends) if ends else None)


_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s*,?\s*(?P<y>(?:19|20)\d\d)\b", re.I
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<y>(?:19|20)\d\d)\b", re.I
)


def _iso_days(text: str, rewritten: list[tuple[int, int]] | None = None) -> str:
    """Rewrite "1 June 2026" and "June 1st, 2026" as ISO dates, left-padded to the same length
    so that spans found in the rewritten text are spans of the original; where each rewritten
    day lies is added to ``rewritten``."""

    def iso(m: re.Match[str]) -> str:
        try:
            day = dt.date(int(m.group("y")), _MONTHS[m.group("month").lower()], int(m.group("d")))
        except ValueError:
            return m.group(0)
        if rewritten is not None:
            rewritten.append(m.span())
        return day.isoformat().rjust(len(m.group(0)))

    return _MONTH_DAY_YEAR.sub(iso, _DAY_MONTH_YEAR.sub(iso, text))


def _opening(start: int, rewritten: list[tuple[int, int]]) -> int:
    """Where a phrase found at ``start`` opens in the original text: a rewritten day is padded
    on its left, so a phrase that opens with it opens where the day was typed (part 35: "ldcts
    jan 10 2022 - feb 2 2022" had left the "j" of "jan" out of its range, warned)."""
    return next((s for s, e in rewritten if s < start < e), start)


# "Q3 '24", "jan '25", "born in '52": a year written with an apostrophe and two digits
_SHORT_YEAR = re.compile(r"(?<![\w'])'(?P<yy>\d\d)(?![\w'])")
# "20250101-20250331", "studies on 20240115": a day written as DICOM writes it (YYYYMMDD)
_DICOM_DAY = re.compile(r"(?<![\w.])(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?![\w.])")


def write_out(
    text: str, as_of: dt.date, identifier: Callable[[str, int], bool] = lambda word, at: False
) -> str:
    """``text`` with two-digit years ("'24": the latest such year up to a year after the as-of
    date's, 2024 here; "'52" is 1952) and DICOM days ("20250101": 2025-01-01, when that day
    exists) written in full, so that every date reader reads them (both had been left
    unread, part 25). Eight digits that ``identifier`` says are an identifier (the word and
    where it starts: one the catalogue holds, or one after "accession") are kept."""

    def year(m: re.Match[str]) -> str:
        full = 2000 + int(m.group("yy"))
        return str(full if full <= as_of.year + 1 else full - 100)

    def day(m: re.Match[str]) -> str:
        if identifier(m.group(0), m.start()):
            return m.group(0)
        try:
            return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
        except ValueError:
            return m.group(0)

    return _SHORT_YEAR.sub(year, _DICOM_DAY.sub(day, text))  # the days at their own places


def find_dates(text: str, as_of: dt.date) -> list[DatePhrase]:
    """Every date phrase in ``text`` (lower case), first pattern wins, without overlaps."""
    rewritten: list[tuple[int, int]] = []
    text = _iso_days(text, rewritten)
    found: list[DatePhrase] = []
    taken: list[tuple[int, int]] = []
    for pattern, reader in _PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            try:
                period = reader(_Groups(m), as_of)
            except ValueError:
                continue  # "2025-02-30" is not a date; the words stay unplaced and are reported
            end = m.end()
            opened = _OPEN_END.match(text, end)
            if opened is not None and period.start is not None and period.end is not None:
                later = opened.group("dir") in _LATER
                period = DateRange(period.start, None) if later else DateRange(None, period.end)
                end = opened.end()
            start = _opening(m.start(), rewritten)
            taken.append((start, end))
            found.append(DatePhrase(start, end, period))
    return sorted(found, key=lambda p: p.start)


# "born in 1990 or later", "scans from 2024 or earlier", "2025 onwards", "from 2024 on" (part
# 30: "on" had been dropped, only 2024 asked for, silently): the period and all
# after (or before) it; the words had been left unread, and only the period itself asked for
_OPEN_END = re.compile(
    r"\s*,?\s+(?:(?:or|and)\s+(?P<dir>later|after|since|beyond|newer|earlier|before|older)|"
    r"(?P<dir2>onwards?|or\s+more\s+recent(?:ly)?|on(?=\s*(?:$|[,.;:?!)]|\s-\s|(?:and|but|or|who|"
    r"which|that|with|list|pts|patients)\b))))\b"
)
_LATER = frozenset({"later", "after", "since", "beyond", "newer", None})


def combine(phrases: list[DatePhrase]) -> DateRange | None:
    """All date conditions together (they must all hold)."""
    result: DateRange | None = None
    for phrase in phrases:
        result = phrase.range if result is None else _intersect(result, phrase.range)
    return result


class _Groups:
    """The named groups of a match; a group the pattern lacks reads as None."""

    def __init__(self, m: re.Match[str]) -> None:
        self._groups = m.groupdict()

    def group(self, name: str) -> str | None:
        return self._groups.get(name)
