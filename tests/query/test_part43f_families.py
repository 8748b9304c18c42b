"""The families part 43 (``bank_fresh_43.py``) showed missing, share F: rankings, averages and
percentages, and intervals said in other words (:mod:`query.leaderboards`).

Each rule is checked in phrasings written here (not the part's). The parser tests check that
every word was read; the engine tests check answers against the cohort, computed in plain
Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from blind_reference import (
    att,
    chest_ct,
    days_between,
    findings,
    in_lobe,
    is_nodule,
    ldct,
    mean_of,
    median_of,
    own,
    pats,
    study_of,
    top,
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


def _nodules(*tests: Callable[[Row], bool]) -> list[Row]:
    return [f for f in findings() if is_nodule(f) and all(t(f) for t in tests)]


def _untied(rows: Sequence[Row], key: Callable[[Row], Any], ident: str) -> tuple[int, list[str]]:
    """The first count from 2 up whose ranking no tie at its boundary makes ambiguous."""
    for n in range(2, 12):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    raise AssertionError("every ranking is tied at its boundary")


def _gaps(test: Test) -> list[int]:
    """Days between each patient's consecutive studies that pass ``test``."""
    found: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        found.extend(
            days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
        )
    return found


# --- rankings: the count said after the ranking, a leaderboard --------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "smallest ggns, show me {n}",
        "ground-glass nodules with the smallest diameter: top {n}",
        "the tiniest ggns? just {n}",
    ],
)
def test_a_count_said_after_the_ranking_is_its_count(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    n, expected = _untied(_nodules(att("ground-glass")), lambda f: f["diameter_mm"], "finding_id")
    asked = question.format(n=n)
    assert clean_reading(parse(grounder, asked)), asked
    assert ids(engine, asked, "finding_id") == expected


def test_a_count_without_a_ranking_is_not_taken_for_one(grounder: Grounder) -> None:
    """'chest cts, give me 5' ranks nothing: the number stays unread (warned)."""
    assert parse(grounder, "chest cts, give me 5").ignored


@pytest.mark.parametrize(
    "question",
    [
        "leaderboard of {n} patients holding the most nodules",
        "a leaderboard of {n} people with the most nodules",
        "whose lungs contain the most nodules? top {n}",
        "pts carrying the most nodules, give me {n}",
    ],
)
def test_a_leaderboard_of_people_with_the_most_is_the_top_n(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    counted = Counter(study_of(f)["patient_id"] for f in _nodules())
    rows = [{"patient_id": p, "k": k} for p, k in counted.items()]
    n, expected = _untied(rows, lambda r: -r["k"], "patient_id")
    asked = question.format(n=n)
    assert clean_reading(parse(grounder, asked)), asked
    assert ids(engine, asked, "patient_id") == expected


# --- rankings: size said as bulk, a unit naming the field, a reach along an axis ---------------


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("the {n} bulkiest nodules", "diameter_mm"),
        ("{n} hugest nodules measured in cubic mm", "volume_mm3"),
        ("the {n} beefiest nodules in mm3", "volume_mm3"),
        ("{n} nodules reaching furthest along the long axis", "long_axis_mm"),
        ("{n} nodules extending farthest on the short axis", "short_axis_mm"),
    ],
)
def test_bulk_and_reach_are_size_rankings(
    grounder: Grounder, engine: QueryEngine, question: str, field: str
) -> None:
    rows = [f for f in _nodules() if f.get(field) is not None]
    n, expected = _untied(rows, lambda f: -f[field], "finding_id")
    asked = question.format(n=n)
    assert clean_reading(parse(grounder, asked)), asked
    assert ids(engine, asked, "finding_id") == expected


def test_the_chunkiest_solid_part_is_the_largest_solid_component(
    grounder: Grounder, engine: QueryEngine
) -> None:
    rows = [f for f in _nodules(att("part-solid")) if f.get("solid_component_mm") is not None]
    n, expected = _untied(rows, lambda f: -f["solid_component_mm"], "finding_id")
    asked = f"the part-solid ones with the chunkiest solid portion, give me {n}"
    assert clean_reading(parse(grounder, asked)), asked
    assert ids(engine, asked, "finding_id") == expected


def test_least_dense_by_hu_is_one_ranking(grounder: Grounder, engine: QueryEngine) -> None:
    n, expected = _untied(_nodules(), lambda f: f["mean_hu"], "finding_id")
    asked = f"the {n} least dense nodules by mean hu"
    assert clean_reading(parse(grounder, asked)), asked
    assert ids(engine, asked, "finding_id") == expected


def test_a_sum_per_patient_stays_warned(grounder: Grounder) -> None:
    """The typed query ranks patients by one finding's value, never by a total."""
    assert not clean_reading(parse(grounder, "leaderboard of 3 pts by total nodule volume"))


# --- averages and percentages said last --------------------------------------------------------


def test_studies_per_patient_with_the_statistic_last(
    grounder: Grounder, engine: QueryEngine
) -> None:
    per = [float(len(own(p["patient_id"]))) for p in pats()]
    for question, expected in (
        ("exams per patient in the whole cohort, average", mean_of(per)),
        ("scans per person: median", median_of(per)),
    ):
        assert clean_reading(parse(grounder, question)), question
        assert _value(engine, question) == pytest.approx(expected, abs=0.01)


def test_what_slice_of_the_findings_sits_in_a_lobe(grounder: Grounder, engine: QueryEngine) -> None:
    rows = _nodules()
    share = 100 * sum(1 for f in rows if in_lobe("RUL")(f)) / len(rows)
    question = "what portion of the nodules lie in the rul (%)"
    assert clean_reading(parse(grounder, question)), question
    assert _value(engine, question) == pytest.approx(share, abs=0.05)


# --- intervals: consecutive studies' spacing with the statistic last ---------------------------


@pytest.mark.parametrize(
    ("question", "test", "stat"),
    [
        ("back to back ldct spacing, median in days", ldct, median_of),
        ("successive chest ct gaps per patient - mean", chest_ct, mean_of),
        ("consecutive exam intervals: average in days", lambda s: True, mean_of),
    ],
)
def test_consecutive_spacing_with_the_statistic_last(
    grounder: Grounder,
    engine: QueryEngine,
    question: str,
    test: Test,
    stat: Callable[[Sequence[float]], float],
) -> None:
    assert clean_reading(parse(grounder, question)), question
    expected = stat([float(g) for g in _gaps(test)])
    assert _value(engine, question) == pytest.approx(expected, abs=0.01)
