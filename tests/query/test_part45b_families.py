"""The families parts 44 and 45 (``bank_fresh_44.py``, ``bank_fresh_45.py``) showed missing, share
B: rankings said in other words (birth order, birth dates ranked, the model as the one who
rated, confidence said as strength, a place on the Hounsfield scale, a closing "bottom N";
:mod:`query.rank_said`, :mod:`query.leaderboards`), a patient's second or second-to-last study
(:mod:`query.history`, :mod:`query.compiler`), intervals said in other words (two scans "in a
row", a span said before "of which patients", the time between the first two studies, an average
gap; :mod:`query.gap_said`) and a period said as "trailing" (:mod:`query.dates`).

Each rule is checked in phrasings written here (not the parts'). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import itertools
import statistics
from typing import Any

import pytest
from blind_reference import (
    chest_ct,
    dated,
    days_between,
    findings,
    in_year,
    is_nodule,
    ldct,
    own,
    pats,
    sids,
    top,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _birth(p: Row) -> str:
    return str(p["birth_date"])


def _later_birth(p: Row) -> int:
    return -int(str(p["birth_date"]).replace("-", ""))


# --- rankings: birth order and birth dates ------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "n", "oldest"),
    [
        ("which 3 patients were born first", 3, True),
        ("the 5 people in the registry born most recently", 5, False),
        ("4 subjects who were born earliest", 4, True),
        ("2 patients with the earliest dates of birth", 2, True),
        ("6 people with the most recent dob", 6, False),
        ("the 3 pts with the newest birth dates (the youngest)", 3, False),
    ],
)
def test_birth_order_ranks_patients_by_age(
    grounder: Grounder, engine: QueryEngine, question: str, n: int, oldest: bool
) -> None:
    """Born first (earliest) are the oldest patients, born last (most recently) the youngest;
    the earliest (latest) birth dates are the oldest (youngest) too, and "(the youngest)" after
    that ranking repeats it (the questions had been refused)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    expected = top(pats(), _birth if oldest else _later_birth, n, "patient_id")
    assert expected is not None
    assert ids(engine, question, "patient_id") == expected


def test_a_different_ranking_in_brackets_stays_unread(grounder: Grounder) -> None:
    """A bracket naming another ranking than the one said is not dropped: it stays warned."""
    query = parse(grounder, "the 3 oldest patients (the youngest)")
    assert query.ignored, query


# --- rankings: model confidence -----------------------------------------------------------------


def _kind(name: str) -> list[Row]:
    return [f for f in findings() if f["kind"] == name]


@pytest.mark.parametrize(
    ("question", "kind", "n", "lowest"),
    [
        (
            "effusions: the 4 the model rated with the lowest confidence",
            "pleural_effusion",
            4,
            True,
        ),
        (
            "pneumothorax findings: the 3 our detector scored with highest confidence",
            "pneumothorax",
            3,
            False,
        ),
        ("consolidations with the weakest model confidence, bottom 5", "consolidation", 5, True),
        ("the 2 effusions with the strongest ai confidence", "pleural_effusion", 2, False),
    ],
)
def test_confidence_said_as_the_models_rating_or_its_strength(
    grounder: Grounder, engine: QueryEngine, question: str, kind: str, n: int, lowest: bool
) -> None:
    """ "the N the model rated (scored) with the highest confidence" are the N most confident
    findings; "weakest / strongest confidence" is the lowest / highest; a closing "bottom N"
    after a ranking from the low end is its count (the count and the ranking had been lost,
    warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    sign = 1 if lowest else -1
    expected = top(_kind(kind), lambda f: sign * f["confidence"], n, "finding_id")
    assert expected is not None
    assert ids(engine, question, "finding_id") == expected


def test_bottom_n_after_a_ranking_from_the_top_stays_warned(grounder: Grounder) -> None:
    """ "the highest confidence ..., bottom 3" says two directions: left unread, warned."""
    query = parse(grounder, "effusions with the highest confidence, bottom 3")
    assert query.ignored, query


# --- rankings: the Hounsfield scale -------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "n", "lowest"),
    [
        ("the 4 nodules ranking highest on the hounsfield scale", 4, False),
        ("6 nods that sit lowest on the hu scale", 6, True),
    ],
)
def test_a_place_on_the_hounsfield_scale_is_the_hu_ranking(
    grounder: Grounder, engine: QueryEngine, question: str, n: int, lowest: bool
) -> None:
    """Sitting (ranking) lowest / highest on the Hounsfield (HU) scale is the lowest / highest
    mean attenuation ("hounsfield" and "scale" had been left unread, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    sign = 1 if lowest else -1
    nodules = [f for f in findings() if is_nodule(f) and f.get("mean_hu") is not None]
    expected = top(nodules, lambda f: sign * f["mean_hu"], n, "finding_id")
    assert expected is not None
    assert ids(engine, question, "finding_id") == expected


# --- identifiers: the second, or the second-to-last, study -------------------------------------


def _with_studies(n: int, *tests: Any) -> str:
    """The first patient with at least ``n`` study dates of that kind."""
    return next(p["patient_id"] for p in pats() if len(_dates(p["patient_id"], *tests)) >= n)


def _of_kind(pid: str, *tests: Any) -> list[Row]:
    return sorted(
        (s for s in own(pid) if all(t(s) for t in tests)),
        key=lambda s: (s["study_date"], s["study_uid"]),
    )


@pytest.mark.parametrize(
    ("question", "tests", "index"),
    [
        ("the penultimate scan of {pid}", (), -2),
        ("{pid}: next-to-last chest ct", (chest_ct,), -2),
        ("second most recent ldct for {pid}", (ldct,), -2),
        ("{pid} second-from-last study", (), -2),
        ("the second ldct of {pid}", (ldct,), 1),
    ],
)
def test_the_second_or_second_to_last_study_of_a_patient(
    engine: QueryEngine, question: str, tests: tuple[Any, ...], index: int
) -> None:
    """ "second to last / next to last / penultimate / second most recent <study>" is the
    patient's study just before the latest of that kind, "second <study>" the one just after
    the first ("second" had been left unread and the latest taken, warned)."""
    pid = _with_studies(3, *tests)
    asked = question.format(pid=pid)
    got = answer(engine, asked)
    assert got.to_json()["warnings"] == [], got.to_json()
    assert sorted({row["study_uid"] for row in got.rows}) == [
        _of_kind(pid, *tests)[index]["study_uid"]
    ]


# --- intervals: two studies in a row ------------------------------------------------------------


def _dates(pid: str, *tests: Any) -> list[str]:
    return sorted({s["study_date"] for s in own(pid) if all(t(s) for t in tests)})


def _gaps(pid: str, *tests: Any) -> list[int]:
    return [days_between(a, b) for a, b in itertools.pairwise(_dates(pid, *tests))]


@pytest.mark.parametrize(
    ("question", "tests", "fits"),
    [
        (
            "patients with 2 chest cts in a row more than 500 days apart",
            (chest_ct,),
            lambda g: g > 500,
        ),
        ("pts with two exams back to back under 200 days apart", (), lambda g: g < 200),
    ],
)
def test_two_studies_in_a_row_are_consecutive(
    grounder: Grounder, engine: QueryEngine, question: str, tests: tuple[Any, ...], fits: Any
) -> None:
    """Two studies "in a row" ("back to back") are consecutive studies, a gap between them
    ("two scans" had been read as exactly two studies in all, "row" left unread, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    expected = sorted(
        p["patient_id"] for p in pats() if any(map(fits, _gaps(p["patient_id"], *tests)))
    )
    assert ids(engine, question, "patient_id") == expected


# --- intervals: a span said before "of which patients" ------------------------------------------


def test_a_span_said_first_then_of_which_patients(grounder: Grounder, engine: QueryEngine) -> None:
    """ "more than 1000 days went by between the first and the latest study of which patients?"
    asks for the patients whose first and latest studies are that far apart (the bound had
    been read as a diameter, warned)."""
    question = (
        "more than 1000 days went by between the first and the latest study of which patients?"
    )
    query = parse(grounder, question)
    assert clean_reading(query), query
    expected = []
    for p in pats():
        mine = _dates(p["patient_id"])
        if len(mine) > 1 and days_between(mine[0], mine[-1]) > 1000:
            expected.append(p["patient_id"])
    assert ids(engine, question, "patient_id") == sorted(expected)


# --- intervals: the time between a patient's first two studies -------------------------------


@pytest.mark.parametrize(
    ("question", "tests", "fits"),
    [
        (
            "how many patients waited more than 400 days between their first two studies",
            (),
            lambda g: g > 400,
        ),
        (
            "number of pts with less than 380 days between the first and second ldct",
            (ldct,),
            lambda g: g < 380,
        ),
    ],
)
def test_the_time_between_the_first_two_studies(
    engine: QueryEngine, question: str, tests: tuple[Any, ...], fits: Any
) -> None:
    """A bound on the time "between their first two studies" ("between the first and second
    <study>") holds for the patients whose second study of that kind came that long after the
    first (the bound had been read as a diameter and "two studies" as exactly two, warned)."""
    got = answer(engine, question).to_json()
    assert got["warnings"] == [], got
    expected = sum(1 for p in pats() if (gaps := _gaps(p["patient_id"], *tests)) and fits(gaps[0]))
    assert 0 < expected == got["count"]


# --- intervals: an average gap ------------------------------------------------------------------


def test_an_average_gap_is_over_consecutive_studies(engine: QueryEngine) -> None:
    """ "average gap between <studies>" is the mean interval between consecutive studies of that
    kind, as a gap with a bound is ("gap" and "between" had been left unread, warned)."""
    pid = next(p["patient_id"] for p in pats() if len(_dates(p["patient_id"], ldct)) >= 3)
    question = f"average gap between ldcts of {pid}"
    got = answer(engine, question).to_json()
    assert got["warnings"] == [], got
    assert got["value"] == pytest.approx(statistics.mean(_gaps(pid, ldct)), abs=0.01)


def test_median_gap_in_days_between_chest_cts(engine: QueryEngine) -> None:
    """The median gap is over every patient's consecutive pairs, each once."""
    question = "median gap in days between chest cts"
    got = answer(engine, question).to_json()
    assert got["warnings"] == [], got
    gaps = [g for p in pats() for g in _gaps(p["patient_id"], chest_ct)]
    assert got["value"] == pytest.approx(statistics.median(gaps), abs=0.01)


def test_days_between_studies_without_a_gap_word_stays_warned(engine: QueryEngine) -> None:
    """ "average days between scans" could be any two scans: left unread, warned."""
    assert answer(engine, "average days between ldcts").to_json()["warnings"]


# --- dates: trailing, and what came through the scanners ----------------------------------------


def test_trailing_is_the_last(grounder: Grounder) -> None:
    """ "the trailing N days (months)" is the rolling period "the last N days (months)"."""
    for span in ("30 days", "3 months", "2 years"):
        trailing = parse(grounder, f"studies in the trailing {span}")
        assert clean_reading(trailing), trailing
        assert trailing.filter.dates == parse(grounder, f"studies in the last {span}").filter.dates


def test_what_came_through_the_scanners_is_the_studies(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "what came (went) through the scanners" asks for the studies (it had been refused)."""
    question = "what went through our scanners in 2025"
    assert clean_reading(parse(grounder, question))
    assert ids(engine, question, "study_uid") == sids(in_year(2025))
    trailing = "what came through the scanners in the trailing 30 days?"
    last = sids(dated("2026-10-02", "2026-11-01"))
    assert ids(engine, trailing, "study_uid") == last
