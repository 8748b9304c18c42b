"""The families part 31 of the bank showed missing, half A, in phrasings written here (not the
bank's).

- a nodule followed over N studies with words of tense between the finding and the verb ("one
  nodule has been followed", "a single nodule that was tracked", "the same nodule being
  imaged") is a track seen on N studies, never exactly one nodule in a study;
- a growth noun or verb, then words naming what grew, then "by / of <amount>" ("enlargement of
  a nodule by over 3 mm", "increase in nodule diameter of 3 mm or more"): the amount is the
  growth threshold, never the nodule's size, and the words between are still read;
- a measurement named with "average / mean" after it and then a bound ("nodule volume average
  over 100", "diameter mean > 8 mm") is a condition on each finding, never an average nor an
  age; a bound without a unit right after "volume" is in mm3, said so;
- a study in one period and a return in another ("came back for imaging in", "returned in"): a
  study in each; a kind of study in one period "but not / never in" another: none of that kind
  there; "as well as" joins two Lung-RADS categories as "and" does (each on some study);
- the days from a patient's first ("baseline") study of a kind to the latest one, the kind said
  on both sides, joined by "->", "to" or "and";
- "never had a nodule at ct02" says where the nodule was never seen (the station is in the
  description of the negated condition).

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt
import functools
import random

import bank_part31a_families
import cohort_reference as ref
import pytest
from family_reading import Row, answer, clean_reading, ids, parse, patients, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typed_query import NumberRange


def findings() -> list[Row]:
    return list(ref.cohort()[2])


def own(pid: str) -> list[Row]:
    return sorted(ref.own_studies(pid), key=lambda s: s["study_date"])


def tracked_patients(n_min: int) -> list[str]:
    """Patients with one nodule (a track) on at least ``n_min`` different studies."""
    by_track: dict[str, set[str]] = {}
    for f in findings():
        if f.get("track_id") and f["kind"] == "nodule":
            by_track.setdefault(f["track_id"], set()).add(f["study_uid"])
    by_uid = ref.cohort()[1]
    return sorted(
        {by_uid[next(iter(u))]["patient_id"] for u in by_track.values() if len(u) >= n_min}
    )


def year(s: Row) -> int:
    return int(str(s["study_date"])[:4])


@functools.cache
def _categories() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for f in findings():
        if f.get("lung_rads"):
            found.setdefault(f["study_uid"], []).append(f["lung_rads"])
    return found


def category(s: Row) -> str | None:
    """A study's Lung-RADS category: its findings' highest, 1 for a chest CT without any."""
    order = ["1", "2", "3", "4A", "4B", "4X"]
    cats = _categories().get(s["study_uid"], [])
    if cats:
        return max(cats, key=order.index)
    chest = s["modality"] == "CT" and s["body_part"] == "CHEST"
    return "1" if chest else None


# --- a nodule followed over N studies, with words of tense ----------------------------------


@pytest.mark.parametrize(
    ("question", "scans"),
    [
        ("patients in whom one nodule has been followed across 3 or more exams", 3),
        ("pts where a single nodule that was tracked over four or more scans", 4),
        ("patients with the same nodule being imaged on at least 2 studies", 2),
        ("which patients have a nodule that has been seen on 3+ studies", 3),
        ("patients with 1 nodule which was monitored across 5 or more exams", 5),
    ],
)
def test_a_nodule_that_has_been_followed_is_a_track(
    grounder: Grounder, question: str, scans: int
) -> None:
    query = parse(grounder, question)
    (clause,) = query.filter.findings
    assert clause.min_scans == scans
    assert (clause.min_count, clause.max_count) == (1, None)  # never "exactly one per study"
    assert clean_reading(query)


def test_a_nodule_that_has_been_followed_answers_the_tracks(engine: QueryEngine) -> None:
    got = ids(
        engine, "pts in whom one nodule has been tracked across 3 or more scans", "patient_id"
    )
    assert got == tracked_patients(3)


def test_one_nodule_in_a_study_is_still_a_count(grounder: Grounder) -> None:
    (clause,) = parse(grounder, "studies with one nodule").filter.findings
    assert (clause.min_count, clause.max_count) == (1, 1)


# --- growth "of a nodule by" an amount ------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "growth"),
    [
        ("enlargement of a nodule by more than 3 mm - studies", NumberRange(3, None, False)),
        ("growth of the nodule by at least 2 mm", NumberRange(2)),
        ("interval increase in nodule diameter of 4 mm or more", NumberRange(4)),
        ("a nodule which increased in mean diameter by 2.5 mm or more", NumberRange(2.5)),
        ("nodules that grew since the prior study by more than 2 mm", NumberRange(2, None, False)),
    ],
)
def test_an_amount_after_by_or_of_is_the_growth(
    grounder: Grounder, question: str, growth: NumberRange
) -> None:
    query = parse(grounder, question)
    (clause,) = query.filter.findings
    assert clause.grew and clause.growth_mm == growth
    assert clause.measures == ()  # the amount is never the nodule's size
    assert clean_reading(query)


def test_the_words_between_the_growth_and_its_amount_are_still_read(grounder: Grounder) -> None:
    (clause,) = parse(grounder, "growth of a solid mass by at least 3 mm").filter.findings
    assert clause.kinds == ("mass",) and clause.attenuations == ("solid",)
    assert clause.growth_mm == NumberRange(3)
    # a word that would change the question is never absorbed between them: it is named
    assert "average" in parse(grounder, "nodules that grew average by over 3 mm").ignored


@pytest.mark.parametrize(
    "question", ["nodules that grew by 3 mm over 2 years", "nodules that grew over 2 years by 3 mm"]
)
def test_a_duration_beside_a_growth_is_named_never_an_age(
    grounder: Grounder, question: str
) -> None:
    query = parse(grounder, question)
    assert query.filter.age is None
    assert any("over 2 years" in c for c in query.cautions)


@pytest.mark.parametrize(
    "question", ["nodules that grew to a diameter of 8 mm", "growing nodules and a size of 8 mm"]
)
def test_a_size_after_to_or_and_stays_a_size(grounder: Grounder, question: str) -> None:
    (clause,) = parse(grounder, question).filter.findings
    assert clause.grew and clause.growth_mm == NumberRange(low=1.5, low_inclusive=False)
    assert [m.field for m in clause.measures] == ["diameter_mm"]


# --- a measurement named with "average" after it, then a bound ------------------------------


@pytest.mark.parametrize(
    ("question", "field", "bounds"),
    [
        ("nodule diameter mean > 8 mm", "diameter_mm", NumberRange(8, None, False)),
        ("masses with diameter average at least 30 mm", "diameter_mm", NumberRange(30)),
        ("nodule size mean of no more than 4 mm", "diameter_mm", NumberRange(None, 4)),
        ("ggns: hu mean below -300", "mean_hu", NumberRange(None, -300, True, False)),
        ("nodule volume avg over 250 mm3", "volume_mm3", NumberRange(250, None, False)),
    ],
)
def test_a_measurement_average_then_a_bound_is_a_condition(
    grounder: Grounder, question: str, field: str, bounds: NumberRange
) -> None:
    query = parse(grounder, question)
    assert query.aggregate is None
    (clause,) = query.filter.findings
    assert [(m.field, m.range) for m in clause.measures] == [(field, bounds)]
    assert query.filter.age is None
    assert clean_reading(query)


def test_a_volume_without_a_unit_is_in_mm3_and_said_so(engine: QueryEngine) -> None:
    got = answer(engine, "nodule volume average over 100")
    want = sorted(
        {
            f["study_uid"]
            for f in findings()
            if f["kind"] == "nodule" and f.get("volume_mm3") is not None and f["volume_mm3"] > 100
        }
    )
    assert sorted({r["study_uid"] for r in got.rows}) == want
    assert any("mm3" in w for w in got.warnings)


def test_an_average_of_a_measurement_is_still_an_average(grounder: Grounder) -> None:
    assert parse(grounder, "nodule volume average").aggregate is not None
    # a bound only after "average": "of women over 60" is whose findings are averaged
    query = parse(grounder, "nodule volume average of women over 60")
    assert query.aggregate is not None and query.filter.age is not None


# --- periods and categories at patient level ------------------------------------------------


def test_coming_back_in_a_later_year_is_a_study_in_each(engine: QueryEngine) -> None:
    got = ids(engine, "anyone scanned in 2024 who came back for another scan in 2026", "patient_id")
    want = sorted(
        p["patient_id"]
        for p in patients()
        if {2024, 2026} <= {year(s) for s in own(p["patient_id"])}
    )
    assert got == want
    assert not answer(engine, "patients imaged in 2023 who returned in 2025").warnings


def test_a_kind_in_one_year_but_not_in_another(engine: QueryEngine) -> None:
    got = answer(engine, "which patients had a head ct in 2024 but not in 2025")
    head = [s for s in studies() if s["modality"] == "CT" and s["body_part"] == "HEAD"]
    in_2024 = {s["patient_id"] for s in head if year(s) == 2024}
    in_2025 = {s["patient_id"] for s in head if year(s) == 2025}
    assert sorted({r["patient_id"] for r in got.rows}) == sorted(in_2024 - in_2025)
    assert not got.warnings


def test_scanned_in_one_year_but_never_in_another(grounder: Grounder) -> None:
    query = parse(grounder, "pts scanned in 2023 but never in 2024")
    assert query.filter.patient is not None
    (never,) = query.filter.patient.never
    assert never.dates is not None and str(never.dates.start) == "2024-01-01"
    assert clean_reading(query)


def test_categories_joined_by_as_well_as_are_each_on_some_study(engine: QueryEngine) -> None:
    got = answer(engine, "pts with an lr 2 scan as well as an lr 3 scan")
    want = sorted(
        p["patient_id"]
        for p in patients()
        if {"2", "3"} <= {category(s) for s in own(p["patient_id"])}
    )
    assert sorted({r["patient_id"] for r in got.rows}) == want
    assert not got.warnings


# --- the days from a patient's baseline study of a kind to the latest one ------------------


def _two_dates(test: object) -> tuple[str, list[str]]:
    assert callable(test)
    for p in sorted(p["patient_id"] for p in patients()):
        days = sorted({str(s["study_date"]) for s in own(p) if test(s)})
        if len(days) >= 2:
            return p, days
    raise AssertionError("no patient with two such dates")


@pytest.mark.parametrize("join", ["->", "to", "and"])
def test_days_from_baseline_to_latest_of_a_kind(engine: QueryEngine, join: str) -> None:
    pid, days = _two_dates(lambda s: s["modality"] == "CT" and s["body_part"] == "CHEST")
    got = answer(engine, f"{pid}: interval in days baseline chest ct {join} latest chest ct")
    span = dt.date.fromisoformat(days[-1]) - dt.date.fromisoformat(days[0])
    assert got.value == pytest.approx(span.days)
    assert not got.warnings


# --- a station in a negated phrase ----------------------------------------------------------


def test_never_a_nodule_at_a_station_names_the_station_in_the_negation(
    engine: QueryEngine,
) -> None:
    got = answer(engine, "patients who never had a nodule at ct01")
    seen = {
        ref.cohort()[1][f["study_uid"]]["patient_id"]
        for f in findings()
        if f["kind"] == "nodule" and ref.cohort()[1][f["study_uid"]]["station"] == "CT01"
    }
    assert sorted({r["patient_id"] for r in got.rows}) == sorted(
        p["patient_id"] for p in patients() if p["patient_id"] not in seen
    )
    assert "on any study where station CT01" in got.interpretation


# --- the tune questions ----------------------------------------------------------------------


@pytest.mark.parametrize("family", bank_part31a_families.FAMILIES, ids=lambda f: f.__name__)
def test_tune_questions(engine: QueryEngine, family: object) -> None:
    assert callable(family)
    for item in family(random.Random(17)):
        got = engine.answer(item.question, item.as_of).to_json()
        assert not got["warnings"], item.question
        if item.unit == "value":
            assert got["value"] == pytest.approx(item.expected), item.question
        elif item.unit == "count":
            assert got["count"] == item.expected, item.question
        else:
            key = {"patient": "patient_id", "study": "study_uid", "finding": "finding_id"}[
                item.unit
            ]
            assert sorted({r[key] for r in got["rows"]}) == item.expected, item.question
