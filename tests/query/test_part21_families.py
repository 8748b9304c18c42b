"""The families part 21 of the bank showed misread, in phrasings written here (not the bank's),
with the neighbouring misreadings found testing them.

Silently wrong before:

- a percentage whose share is said after the verb that follows what is counted ("what
  percentage of scans were chest radiographs", "% of patients who are men", "what fraction of
  studies were done in 2025"): the share had also been taken as the population, so each such
  percentage was 100 %;
- "lung-rads 2 and lung-rads 4a" (the Lung-RADS word said twice) had been one list, either
  category; it is two conditions, as "lr 2 and lr 4a" was;
- a kind of study after the last of two Lung-RADS categories of "both" ("both lr 1 and lr 4b
  ldcts") had been the second side's alone;
- a second "both" ("both calcified nodules both and a mass") had been taken with the first
  (found by ``test_every_word.py``); it is named.

Named before (warned), read now:

- "total" opening or closing a count ("total ldcts in 2025", "masses in the rul, total");
- "thru" in a range of numbers ("hu -100 thru 50", "6 thru 8 mm");
- "both lung-rads 3 and 4a <studies>": the categories of "both" with the Lung-RADS word once;
- "never found to have", "never diagnosed with" are "never had";
- a superlative before the number of a ranking ("smallest 3 solid nodules by volume");
- "follow up" in two words ("on follow up", "4 years of follow up");
- "repeated / redone within N months" is "scanned again within N months".

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt

import cohort_reference as ref
import pytest
from cohort_reference import ldct, months_later
from cohort_reference import own_studies as own
from family_reading import answer, clean_reading, ids, parse, patients, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typed_query import DateRange, FollowUp, Measure, NumberRange, TopN


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


# --- a percentage whose share follows "that were / are / done in" -----------------------------


@pytest.mark.parametrize(
    ("question", "moved"),
    [
        ("what percentage of scans were chest radiographs", ("modalities", "body_parts")),
        ("% of exams that are ldcts", ("descriptions",)),
        ("what proportion of pts are women", ("sexes",)),
        ("what fraction of studies were done in 2025", ("dates",)),
        ("% of patients who are over 70", ("age",)),
    ],
)
def test_the_share_is_what_follows_the_verb(
    grounder: Grounder, question: str, moved: tuple[str, ...]
) -> None:
    query = parse(grounder, question)
    assert query.aggregate is not None and query.aggregate.kind == "percent"
    assert query.filter.share is not None
    for field in moved:
        assert getattr(query.filter.share, field), field
        assert not getattr(query.filter, field), field  # not the population's any more
    assert clean_reading(query)


def test_conditions_before_the_verb_stay_the_population(grounder: Grounder) -> None:
    query = parse(grounder, "% of chest cts from 2024 that were ldcts")
    assert query.filter.body_parts == ("CHEST",)
    assert query.filter.dates == DateRange(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert query.filter.share is not None
    assert query.filter.share.descriptions and not query.filter.share.dates


def test_a_share_of_a_category_is_unchanged(grounder: Grounder) -> None:
    """Findings and Lung-RADS were already the share: nothing moves for them."""
    query = parse(grounder, "what fraction of ldcts were lung-rads 3")
    assert query.filter.share is None
    assert query.filter.descriptions and query.filter.lung_rads == ("3",)


def test_answer_the_share_of_a_kind_of_study(engine: QueryEngine) -> None:
    every = studies()
    radiographs = sum(s["modality"] == "DX" for s in every)
    got = answer(engine, "what percentage of studies were radiographs")
    assert got.value == pytest.approx(percent(radiographs, len(every)), abs=0.05)
    assert got.value is not None and got.value < 100
    assert not got.warnings


def test_answer_the_share_of_a_sex_and_an_age(engine: QueryEngine) -> None:
    people = patients()
    women = sum(p["sex"] == "F" for p in people)
    assert answer(engine, "% of patients who are women").value == pytest.approx(
        percent(women, len(people)), abs=0.05
    )
    old_men = {s["patient_id"] for s in studies() if ref.sex(s) == "M" and ref.age(s) > 70}
    got = answer(engine, "what percentage of pts are men over 70")
    assert got.value == pytest.approx(percent(len(old_men), len(people)), abs=0.05)


def test_answer_the_share_of_a_station_and_a_negated_kind(engine: QueryEngine) -> None:
    cts = [s for s in studies() if s["modality"] == "CT"]
    station = cts[0]["station"]
    at = sum(s["station"] == station for s in cts)
    got = answer(engine, f"% of cts that were performed at {station.lower()}")
    assert got.value == pytest.approx(percent(at, len(cts)), abs=0.05)
    every = studies()
    not_ct = sum(s["modality"] != "CT" for s in every)
    got = answer(engine, "% of studies that were not ct")
    assert got.value == pytest.approx(percent(not_ct, len(every)), abs=0.05)


# --- "total", "thru" -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "count_of"),
    [
        ("total ldcts in 2025", "study"),
        ("the total head cts", "study"),
        ("total women with a mass", "patient"),
        ("masses in the rul, total", "finding"),
        ("chest xrays in 2024 total", "study"),
    ],
)
def test_total_counts(grounder: Grounder, question: str, count_of: str) -> None:
    query = parse(grounder, question)
    assert (query.unit, query.count_of) == ("count", count_of)
    assert clean_reading(query)


def test_total_of_a_measurement_is_not_a_count(grounder: Grounder) -> None:
    """ "total volume" is no count (nor expressible): "total" stays named."""
    query = parse(grounder, "total volume of solid nodules")
    assert query.unit != "count"
    assert "total" in query.ignored


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("nodules with hu -100 thru 50", Measure("mean_hu", NumberRange(-100.0, 50.0))),
        ("solid nodules 6 thru 8 mm", Measure("diameter_mm", NumberRange(6.0, 8.0))),
        ("nodules with confidence 0.6 thru 0.8", Measure("confidence", NumberRange(0.6, 0.8))),
    ],
)
def test_thru_is_a_range(grounder: Grounder, question: str, measure: Measure) -> None:
    query = parse(grounder, question)
    assert query.filter.findings[0].measures == (measure,)
    assert clean_reading(query)


# --- "both" of two Lung-RADS categories, "never found to have" --------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "pts with both lung-rads 3 and 4a scans",
        "patients with both lung-rads 3 and lung-rads 4a studies",
        "patients with both category 3 and 4a studies",
    ],
)
def test_both_of_two_categories(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.filter.patient is not None
    assert [h.lung_rads for h in query.filter.patient.has] == [("3",), ("4A",)]
    assert clean_reading(query)


def test_a_category_list_without_both_stays_either(grounder: Grounder) -> None:
    query = parse(grounder, "studies with lung-rads 3 and 4a")
    assert query.filter.lung_rads == ("3", "4A")


def test_the_lung_rads_word_said_twice_is_two_conditions(engine: QueryEngine) -> None:
    """ "lung-rads 2 and lung-rads 4a" had been either category, silently; a study has one
    category, so without "both" the two are named, never read as either."""
    got = answer(engine, "patients with lung-rads 2 and lung-rads 4a")
    assert got.warnings


def test_answer_both_categories_on_a_kind_of_study(engine: QueryEngine) -> None:
    """The kind of study after the last category is the noun of both sides."""
    expected = sorted(
        p["patient_id"]
        for p in patients()
        if any(ldct(s) and ref.category(s) == "2" for s in own(p["patient_id"]))
        and any(ldct(s) and ref.category(s) == "3" for s in own(p["patient_id"]))
    )
    assert expected
    for question in ("pts with both lr 2 and lr 3 ldcts", "pts with both lung-rads 2 and 3 ldcts"):
        got = answer(engine, question)
        assert sorted({r["patient_id"] for r in got.rows}) == expected, question
        assert not got.warnings


def test_a_second_both_is_named(grounder: Grounder) -> None:
    """Found by ``test_every_word.py`` once part 21's tune questions changed its sample: a
    second "both" had been taken with the first, silently; it joins nothing more."""
    query = parse(grounder, "patients with both calcified nodules both and a mass")
    assert query.filter.patient is not None and len(query.filter.patient.has) == 2
    assert query.ignored == ("both",)
    assert clean_reading(parse(grounder, "patients with both calcified nodules and a mass"))


@pytest.mark.parametrize(
    "question",
    [
        "patients never found to have a mass",
        "pts never diagnosed with a pneumothorax",
        "patients who were never found with a mass",
    ],
)
def test_never_found_to_have(engine: QueryEngine, question: str) -> None:
    kind = "mass" if "mass" in question else "pneumothorax"
    had = {s["patient_id"] for s in studies() if ref.any_finding(s, lambda f: f["kind"] == kind)}
    expected = sorted(p["patient_id"] for p in patients() if p["patient_id"] not in had)
    got = answer(engine, question)
    assert sorted({r["patient_id"] for r in got.rows}) == expected
    assert not got.warnings


def test_never_found_to_have_a_bound_category(grounder: Grounder) -> None:
    query = parse(grounder, "pts never found to have lr 4a or worse")
    assert query.filter.patient is not None
    assert [n.lung_rads for n in query.filter.patient.never] == [("4A", "4B", "4X")]
    assert clean_reading(query)


# --- a superlative before the number of a ranking ---------------------------------------------


@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("smallest 3 solid nodules by volume", TopN(3, "volume_mm3", False)),
        ("largest 2 ggns by long axis", TopN(2, "long_axis_mm", True)),
        ("the biggest 5 masses by volume", TopN(5, "volume_mm3", True)),
        ("lowest 4 nodules by hu", TopN(4, "mean_hu", False)),
    ],
)
def test_superlative_before_the_number(grounder: Grounder, question: str, top: TopN) -> None:
    query = parse(grounder, question)
    assert query.top == top
    assert clean_reading(query)


# --- "follow up", "repeated within" -----------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["new solid nodules on follow up", "pts with more than 2 years of follow up"],
)
def test_follow_up_in_two_words(grounder: Grounder, question: str) -> None:
    assert clean_reading(parse(grounder, question))


@pytest.mark.parametrize(
    ("question", "follow_up"),
    [
        ("ldcts repeated within 9 months", FollowUp(9, "month", True)),
        ("chest cts that were redone within 90 days", FollowUp(90, "day", True)),
        ("head cts repeated in less than 6 months", FollowUp(6, "month", False)),
    ],
)
def test_repeated_within(grounder: Grounder, question: str, follow_up: FollowUp) -> None:
    query = parse(grounder, question)
    assert query.filter.followed_within == follow_up
    assert clean_reading(query)


def test_answer_repeated_within(engine: QueryEngine) -> None:
    expected = sorted(
        s["study_uid"]
        for s in studies()
        if ldct(s)
        and any(
            ldct(x) and s["study_date"] < x["study_date"] <= months_later(s["study_date"], 13)
            for x in own(s["patient_id"])
        )
    )
    assert expected
    assert ids(engine, "ldcts repeated within 13 months", "study_uid") == expected
