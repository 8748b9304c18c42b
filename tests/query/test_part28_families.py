"""The families part 28 of the bank showed misread, in phrasings written here (not the bank's).

Silently wrong before:

- the noun right before "count", "tally", "total" or "number" is what is counted ("2024 chest ct
  count for women", "nodule tally for men", "exam total in 2025 for women"): the patients named
  after it had been counted; a kind of finding that is a condition of a study named before it
  ("ldcts w spiculated nodules count") stays a condition;
- a condition only a patient has (the time from first to latest study) with no noun asks for
  patients ("more than 2 years of follow-up"): the studies had been listed.

Warned or refused before, read now:

- a Lung-RADS category written with its letter and no Lung-RADS word before it ("4A screening
  cts", "who had a 4X", "lr4b"), and the scale said again after it ("4B or worse on lung-rads");
- a patient's highest category said by "peaked at" or "(highest ever)" after it; "bumped from
  lung-rads 2 to 3" is an upgrade;
- a range of counts before its noun ("between 2 and 4 studies", "1-3 ldcts", "from 2 to 3
  nodules inclusive"), studies per patient or findings per study;
- "neither M nor F" is the third recorded sex; a birth date that "falls in" years; "on file".

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt

import cohort_reference as ref
import pytest
from family_reading import Row, answer, chest_ct, clean_reading, parse, patients, studies

from query.engine import QueryEngine
from query.grounding import Grounder


def in_year(s: Row, year: int) -> bool:
    return bool(s["study_date"].startswith(str(year)))


def sex_of(s: Row) -> str:
    return ref.sex(s)


# --- the noun before "count / tally / total / number" is counted ---------------------------------


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("2024 chest ct count for women", "study"),
        ("ldct tally for men over 60", "study"),
        ("exam total in 2025 for women", "study"),
        ("chest ct number for male patients", "study"),
        ("nodule tally for women", "finding"),
        ("female pt count with ldcts", "patient"),
        ("ldcts w spiculated nodules count", "study"),
    ],
)
def test_the_noun_before_the_count_word_is_counted(
    grounder: Grounder, question: str, unit: str
) -> None:
    query = parse(grounder, question)
    assert query.unit == "count"
    assert query.count_of == unit
    assert clean_reading(query)


def test_answer_a_kind_of_study_count_for_women(engine: QueryEngine) -> None:
    expected = sum(chest_ct(s) and in_year(s, 2024) and sex_of(s) == "F" for s in studies())
    got = answer(engine, "2024 chest ct count for women")
    assert got.count == expected
    assert expected and not got.warnings


def test_answer_an_exam_total_for_men(engine: QueryEngine) -> None:
    expected = sum(in_year(s, 2025) and sex_of(s) == "M" for s in studies())
    got = answer(engine, "exam total in 2025 for men")
    assert got.count == expected
    assert expected and not got.warnings


def test_an_identifier_after_number_is_no_count(grounder: Grounder) -> None:
    query = parse(grounder, "pt number P00012 studies")
    assert query.unit == "study"
    assert [p.upper() for p in query.filter.patient_ids] == ["P00012"]
    assert query.count_of is None


# --- a condition only a patient has asks for patients ---------------------------------------------


@pytest.mark.parametrize(
    "question", ["more than 2 years of follow-up", "followed for at least 24 months"]
)
def test_a_follow_up_span_alone_asks_for_patients(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.unit == "patient"
    assert query.filter.followed_for is not None


def test_a_kind_of_study_keeps_the_studies(grounder: Grounder) -> None:
    query = parse(grounder, "ldcts with more than 2 years of follow-up")
    assert query.unit == "study"


def test_answer_a_follow_up_span_alone(engine: QueryEngine) -> None:
    def span_months(pid: str) -> int:
        own = ref.own_studies(pid)
        first, last = (dt.date.fromisoformat(own[i]["study_date"]) for i in (0, -1))
        return (last.year - first.year) * 12 + last.month - first.month - (last.day < first.day)

    scanned = {s["patient_id"] for s in studies()}
    expected = sorted(p for p in scanned if span_months(p) >= 30)
    got = answer(engine, "at least 30 months of follow-up")
    assert sorted(r["patient_id"] for r in got.rows) == expected
    assert expected and not got.warnings


# --- a Lung-RADS category written with its letter -------------------------------------------------


@pytest.mark.parametrize(
    ("question", "categories"),
    [
        ("4A screening cts from 2025", ("4A",)),
        ("which pts had a 4X", ("4X",)),
        ("studies with lr4b", ("4B",)),
        ("chest cts graded 4A or worse on lung-rads", ("4A", "4B", "4X")),
    ],
)
def test_a_category_with_its_letter(
    grounder: Grounder, question: str, categories: tuple[str, ...]
) -> None:
    query = parse(grounder, question)
    assert query.filter.lung_rads == categories
    assert clean_reading(query)


def test_after_a_lung_rads_word_a_letter_category_stays_in_its_list(grounder: Grounder) -> None:
    query = parse(grounder, "lung-rads 2 or 4a studies")
    assert query.filter.lung_rads == ("2", "4A")


def test_answer_letter_categories(engine: QueryEngine) -> None:
    expected = sorted(
        {s["patient_id"] for s in studies() if in_year(s, 2025) and ref.category(s) == "4B"}
    )
    got = answer(engine, "which pts had a 4B in 2025")
    assert sorted(r["patient_id"] for r in got.rows) == expected
    assert expected and not got.warnings


# --- a patient's categories over time ------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "patients who peaked at lung-rads 4a",
        "pts whose category was 3 (highest ever)",
        "patients who topped out at category 2",
    ],
)
def test_a_peak_is_the_highest_category(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.filter.patient is not None
    assert query.filter.patient.highest_lung_rads
    assert query.filter.lung_rads == ()
    assert clean_reading(query)


def test_answer_a_peak(engine: QueryEngine) -> None:
    def highest(pid: str) -> str | None:
        cats = [c for s in ref.own_studies(pid) if (c := ref.category(s))]
        return max(cats, key=ref.ORDER.index) if cats else None

    scanned = {s["patient_id"] for s in studies()}
    expected = sorted(p for p in scanned if highest(p) == "3")
    got = answer(engine, "which pts peaked at category 3")
    assert sorted(r["patient_id"] for r in got.rows) == expected
    assert expected and not got.warnings


def test_bumped_is_an_upgrade(grounder: Grounder) -> None:
    query = parse(grounder, "patients bumped from lung-rads 3 to 4a")
    change = query.filter.lung_rads_change
    assert change is not None
    assert (change.direction, change.before, change.after) == ("up", ("3",), ("4A",))


# --- a range of counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [
        ("patients with between 3 and 5 studies", 3, 5),
        ("pts with 1-3 scans", 1, 3),
        ("patients having from two to four exams", 2, 4),
    ],
)
def test_a_range_of_studies_per_patient(
    grounder: Grounder, question: str, low: int, high: int
) -> None:
    query = parse(grounder, question)
    assert query.filter.patient is not None
    counts = query.filter.patient.studies
    assert counts is not None and (counts.low, counts.high) == (low, high)
    assert clean_reading(query)


def test_answer_a_range_of_studies(engine: QueryEngine) -> None:
    per: dict[str, int] = {}
    for s in studies():
        per[s["patient_id"]] = per.get(s["patient_id"], 0) + 1
    expected = sorted(p for p, n in per.items() if 3 <= n <= 5)
    got = answer(engine, "patients with between 3 and 5 studies")
    assert sorted(r["patient_id"] for r in got.rows) == expected
    assert expected and not got.warnings


def test_answer_a_range_of_nodules_per_study(engine: QueryEngine) -> None:
    def nodules(s: Row) -> int:
        return sum(f["kind"] == "nodule" for f in ref.findings_of(s["study_uid"]))

    expected = sum(chest_ct(s) and 2 <= nodules(s) <= 3 for s in studies())
    got = answer(engine, "how many chest cts had from 2 to 3 nodules inclusive")
    assert got.count == expected
    assert expected and not got.warnings


def test_exactly_one_imaging_exam_on_file(engine: QueryEngine) -> None:
    per: dict[str, int] = {}
    for s in studies():
        per[s["patient_id"]] = per.get(s["patient_id"], 0) + 1
    expected = sorted(p for p, n in per.items() if n == 1)
    got = answer(engine, "patients with only one imaging exam on file")
    assert sorted(r["patient_id"] for r in got.rows) == expected
    assert expected and not got.warnings


# --- the third recorded sex, a birth date that falls in years ------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "patients whose sex is neither male nor female",
        "pts with a gender other than F or M",
    ],
)
def test_neither_male_nor_female_is_other(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.filter.sexes == ("O",)
    assert query.ignored == ()  # "sex is other" may be said to be read by its meaning


def test_answer_a_birth_date_that_falls_in_years(engine: QueryEngine) -> None:
    scanned = {s["patient_id"] for s in studies()}
    expected = sorted(
        p["patient_id"]
        for p in patients()
        if p["patient_id"] in scanned and "1950" <= p["birth_date"][:4] <= "1954"
    )
    got = answer(engine, "patients whose date of birth falls in 1950 through 1954")
    assert sorted(r["patient_id"] for r in got.rows) == expected
    assert expected and not got.warnings


# --- rankings, counts per station, a closing "each" ----------------------------------------------


@pytest.mark.parametrize(
    ("question", "n", "largest"),
    [
        ("ranking: 2 largest solid components among part-solid nodules", 2, True),
        ("the 4 smallest solid components of the part-solid nodules", 4, False),
    ],
)
def test_the_biggest_solid_components_rank_by_solid_component(
    grounder: Grounder, question: str, n: int, largest: bool
) -> None:
    query = parse(grounder, question)
    assert query.top is not None
    assert (query.top.n, query.top.field, query.top.largest) == (n, "solid_component_mm", largest)
    assert clean_reading(query)


@pytest.mark.parametrize(
    "question",
    ["lowest hu nodules, top 3", "largest ggns - top three", "ranking: densest nodules: top 3"],
)
def test_a_closing_top_n_is_the_rankings_number(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.top is not None and query.top.n == 3
    assert query.cautions == ()


def test_a_closing_each_is_per_the_people_named(grounder: Grounder) -> None:
    query = parse(grounder, "for male pts, mean # of nodules each")
    assert query.aggregate is not None and query.aggregate.per == "patient"
    assert query.filter.sexes == ("M",)
    assert clean_reading(query)


def test_does_each_low_dose_ct_show(grounder: Grounder) -> None:
    query = parse(grounder, "on average how many nodules does each low dose ct show")
    assert query.aggregate is not None and query.aggregate.per == "study"
    assert query.filter.descriptions == ("SCREENING",)
    assert clean_reading(query)


def test_answer_stations_compared_by_vs(engine: QueryEngine) -> None:
    chosen = [s for s in studies() if in_year(s, 2025) and s["station"] in ("CT01", "DX01")]
    expected = {name: sum(s["station"] == name for s in chosen) for name in ("CT01", "DX01")}
    got = answer(engine, "CT01 vs DX01 exam counts in 2025")
    assert {r["station"]: r["count"] for r in got.rows} == {k: v for k, v in expected.items() if v}
    assert sum(expected.values()) and not got.warnings


def test_have_never_been_imaged_with(grounder: Grounder) -> None:
    query = parse(grounder, "patients who have never been scanned with a chest ct")
    assert query.filter.patient is not None
    (never,) = query.filter.patient.never
    assert never.body_parts == ("CHEST",)
    assert clean_reading(query)
