"""The families parts 56 to 59 (``bank_fresh_56.py`` ... ``bank_fresh_59.py``) showed missing,
share A: intervals between a patient's studies (:mod:`query.intervals`, the rewrite
``_KIND_TO_NEXT`` of :mod:`query.rewrites`).

Each rule is checked in phrasings written here (not the parts'). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from blind_reference import (
    chest_ct,
    cxr,
    days_between,
    head_ct,
    history,
    ldct,
    mean_of,
    median_of,
    own,
    pats,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]
Test = Callable[[Row], bool]


def _value(engine: QueryEngine, question: str) -> float:
    got = answer(engine, question)
    assert got.unit == "value", question
    assert got.value is not None, question
    return float(got.value)


def _gaps(test: Test, pid: str | None = None) -> list[int]:
    """Days between each patient's (or ``pid``'s) consecutive studies that pass ``test``."""
    found: list[int] = []
    for p in pats():
        if pid is not None and p["patient_id"] != pid:
            continue
        mine = [s for s in own(p["patient_id"]) if test(s)]
        found += [
            days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
        ]
    return found


def _span(mine: list[Row]) -> int | None:
    return days_between(mine[0]["study_date"], mine[-1]["study_date"]) if len(mine) > 1 else None


# --- a study to the next one of its kind, said before the word for the interval ---------------


@pytest.mark.parametrize(
    ("question", "test", "statistic"),
    [
        ("head ct to next head ct spacing, mean", head_ct, "mean"),
        ("the median cxr-to-next-cxr gap", cxr, "median"),
        ("ldct to the following ldct, shortest interval", ldct, "min"),
        ("chest ct to chest ct time, longest", chest_ct, "max"),
    ],
)
def test_a_study_to_the_next_of_its_kind_is_a_consecutive_interval(
    grounder: Grounder, engine: QueryEngine, question: str, test: Test, statistic: str
) -> None:
    """ "<kind> to next <kind> interval (gap, spacing, time)", hyphenated or not, with the
    statistic before, between or after, is the statistic of the days between a patient's
    consecutive studies of that kind; without "next" the two kinds must be the same words
    (the words had been left unread and "one <kind>" read as a count, warned)."""
    assert clean_reading(parse(grounder, question)), question
    gaps = [float(g) for g in _gaps(test)]
    expected = {"mean": mean_of, "median": median_of, "min": min, "max": max}[statistic](gaps)
    assert expected is not None
    assert abs(_value(engine, question) - expected) < 0.006


def test_two_different_kinds_joined_by_to_are_not_consecutive(grounder: Grounder) -> None:
    """ "a head ct to chest ct interval" is not a study and the next of its kind: left warned."""
    assert not clean_reading(parse(grounder, "mean head ct to chest ct interval"))


@pytest.mark.parametrize(
    ("question", "test", "statistic"),
    [
        ("mean time separating each ldct from the next", ldct, "mean"),
        ("median days dividing one chest ct from the following one", chest_ct, "median"),
        ("avg gap in days between one cxr and this patient's next cxr", cxr, "mean"),
    ],
)
def test_one_study_separated_from_the_patients_next(
    grounder: Grounder, engine: QueryEngine, question: str, test: Test, statistic: str
) -> None:
    """ "separating (dividing) one <study> from the next" and "... and that (this) patient's
    next" are consecutive studies, as "between one <study> and the next" is."""
    assert clean_reading(parse(grounder, question)), question
    gaps = [float(g) for g in _gaps(test)]
    expected = mean_of(gaps) if statistic == "mean" else median_of(gaps)
    assert expected is not None
    assert abs(_value(engine, question) - expected) < 0.006


def test_consecutive_studies_of_a_single_patient_are_not_an_age(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "... between consecutive <studies> of one (a single) patient" is one patient's
    consecutive studies ("one patient" had been read as an age of one year, silently)."""
    question = "largest number of days between successive chest cts for a single patient"
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert _value(engine, question) == float(max(_gaps(chest_ct)))


# --- a gap said with its bound after the amount -------------------------------------------------


def test_consecutive_studies_spaced_n_days_or_more_apart(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "consecutive <studies> spaced (separated by) N days or more (or less) apart" is a gap
    condition, as "more than N days apart" is (the amount had been left unread, warned)."""
    question = "patients with successive chest cts separated by 400 days or more"
    assert clean_reading(parse(grounder, question)), question

    def check(mine: list[Row]) -> bool:
        got = [s for s in mine if chest_ct(s)]
        return any(
            days_between(a["study_date"], b["study_date"]) >= 400
            for a, b in itertools.pairwise(got)
        )

    assert ids(engine, question, "patient_id") == history(check)


# --- the first-to-latest span as a condition -----------------------------------------------------


@pytest.mark.parametrize(
    ("question", "days", "strict"),
    [
        ("patients with 1000 or more days between their first and latest scan", 1000, False),
        ("people whose first-to-last exam interval is over 900 days", 900, True),
        ("pts with a first and latest study span of at least 1100 days", 1100, False),
    ],
)
def test_the_span_from_first_to_latest_as_a_condition(
    grounder: Grounder, engine: QueryEngine, question: str, days: int, strict: bool
) -> None:
    """ "N or more days (years) between first and latest" and "first-to-latest <study> span
    (interval) over N days" are conditions on the patient's span, not an age nor a diameter
    (they had been read as an age of N years, silently, and as a diameter, warned)."""
    assert clean_reading(parse(grounder, question)), question
    got = ids(engine, question, "patient_id")
    expected = history(
        lambda mine: (span := _span(mine)) is not None and (span > days if strict else span >= days)
    )
    assert got == expected


# --- one patient's interval ---------------------------------------------------------------------


def _followed_patient() -> str:
    """The first patient (by ID) whose first and latest studies are on different days."""
    return next(p["patient_id"] for p in pats() if _span(own(p["patient_id"])))


@pytest.mark.parametrize(
    "template",
    [
        "how many days from {pid}'s first exam to their latest",
        "{pid} - days from first study to most recent study",
    ],
)
def test_one_patients_span_is_their_own_number_of_days_as_a_count(
    engine: QueryEngine, template: str
) -> None:
    """An interval asked of one patient is that patient's own number of days, unwarned; since
    session 28 (A, the lead's decision: the cohort README compares a number as a count) it is
    unit count with count = the days, the same number kept as the value (query/one_patient_days.py;
    parts 57 and 61 expected the count, parts 60 and 62 the value: both hold)."""
    pid = _followed_patient()
    got = answer(engine, template.format(pid=pid))
    days = _span(own(pid)) or 0
    assert got.unit == "count"
    assert got.count == days
    assert got.value == float(days)
    assert got.warnings == ()
