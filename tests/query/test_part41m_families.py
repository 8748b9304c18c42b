"""The families part 41 (``bank_fresh_41.py``) showed answered silently wrong, share M: "last
years" before a noun (:mod:`query.dates`) and a list of years after a birth-date word
(:mod:`query.reading`).

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt

import pytest
from blind_reference import born, chest_ct, cxr, in_year, ldct, pids, sids
from family_reading import ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typed_query import DateRange

LAST_YEAR = DateRange(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
"""The calendar year before the bank's as-of date (2026-11-01), what "last year" reads as."""


@pytest.mark.parametrize(
    "question",
    [
        "last years cxrs",
        "last yrs chest xrays",
        "last years' chest cts",
        "lastyears ldcts",
        "pts who had last years ldct",
        "count of last years chest x-rays",
    ],
)
def test_last_years_before_a_noun_is_last_calendar_year(grounder: Grounder, question: str) -> None:
    """ "last years <noun>" is "last year's <noun>" with the apostrophe dropped: the calendar
    year before, as "last year" is read (it had been the past 12 months, silently)."""
    assert parse(grounder, question).filter.dates == LAST_YEAR
    plain = question.replace("last years'", "last year").replace("lastyears", "last year")
    plain = plain.replace("last years", "last year").replace("last yrs", "last year")
    assert parse(grounder, plain).filter.dates == LAST_YEAR


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("cts in the last 2 years", 2),
        ("ldcts over the last years", 1),
        ("chest cts in last years", 1),
        ("last years of chest cts", 1),
    ],
)
def test_spans_of_years_stay_spans(grounder: Grounder, question: str, years: int) -> None:
    """A count of years, "the last years" and "last years" with no noun after it (or "of")
    stay rolling spans back from the as-of date."""
    dates = parse(grounder, question).filter.dates
    assert dates is not None
    assert dates.end == dt.date(2026, 11, 1)
    assert dates.start == dt.date(2026 - years, 11, 1)


def test_last_years_answers(engine: QueryEngine) -> None:
    assert ids(engine, "last yrs cxrs", "study_uid") == sids(cxr, in_year(2025))
    assert ids(engine, "pts with lastyears ldcts", "patient_id") == pids(ldct, in_year(2025))


@pytest.mark.parametrize(
    ("question", "first", "last"),
    [
        ("pts whose dob falls in 1958 or 1959", 1958, 1959),
        ("patients born in 1952 or 1953", 1952, 1953),
        ("people with a date of birth in 1947, 1948 or 1949", 1947, 1949),
        ("pts born 1961, 1962, and 1963", 1961, 1963),
        ("birth year 1944 and/or 1945", 1944, 1945),
    ],
)
def test_a_birth_word_governs_every_year_of_its_list(
    grounder: Grounder, question: str, first: int, last: int
) -> None:
    """A birth-date word governs every year of an "or" / "and" / comma list after it: none of
    the years is a study date (the later ones had been, silently)."""
    query = parse(grounder, question)
    assert query.filter.dates is None
    assert query.filter.birth is not None
    assert query.filter.birth.start == dt.date(first, 1, 1)
    assert query.filter.birth.end is not None
    assert query.filter.birth.end.year >= last
    assert query.cautions == ()


def test_a_list_of_birth_years_with_a_gap_is_warned(grounder: Grounder) -> None:
    """ "born in 1950, 1952 or 1954" is read as 1950 to 1954, which holds 1951 and 1953 too:
    the reading says so (never a silent split or an empty intersection)."""
    query = parse(grounder, "pts born in 1950, 1952 or 1954")
    assert query.filter.dates is None
    assert query.filter.birth == DateRange(dt.date(1950, 1, 1), dt.date(1954, 12, 31))
    assert any("separate periods" in caution for caution in query.cautions)


@pytest.mark.parametrize(
    ("question", "birth", "study"),
    [
        ("pts born in 1955, scanned in 2025 or 2026", 1955, (2025, 2026)),
        ("patients born 1960 with chest cts in 2024", 1960, (2024, 2024)),
        ("born 1950, 2025 ldcts", 1950, (2025, 2025)),
    ],
)
def test_a_study_date_after_a_birth_year_stays_a_study_date(
    grounder: Grounder, question: str, birth: int, study: tuple[int, int]
) -> None:
    """Only a list joined by "or" / "and" belongs to the birth word; a later date said with
    its own verb or noun, or after a bare comma, is a study date as before."""
    query = parse(grounder, question)
    assert query.filter.birth == DateRange(dt.date(birth, 1, 1), dt.date(birth, 12, 31))
    assert query.filter.dates == DateRange(dt.date(study[0], 1, 1), dt.date(study[1], 12, 31))


def test_birth_lists_answer(engine: QueryEngine) -> None:
    assert ids(engine, "pts whose dob falls in 1958 or 1959", "patient_id") == born(
        "1958-01-01", "1959-12-31"
    )
    expected = sorted(set(born("1952-01-01", "1953-12-31")) & set(pids(chest_ct)))
    assert ids(engine, "patients born in 1952 or 1953 with a chest ct", "patient_id") == expected


@pytest.mark.parametrize(
    ("question", "field"),
    [("pts born before 1950 or after 1960", "birth"), ("cts before 2020 or after 2025", "dates")],
)
def test_open_periods_either_way_are_warned(grounder: Grounder, question: str, field: str) -> None:
    """Two open periods joined by "or" leave no bound: the reading says the periods are
    separate (it had raised on study dates, and read a birth list as study dates)."""
    query = parse(grounder, question)
    assert getattr(query.filter, field) == DateRange(None, None)
    assert any("separate periods" in caution for caution in query.cautions)
