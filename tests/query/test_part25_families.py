"""The families part 25 of the bank showed misread, in phrasings written here (not the bank's),
with the neighbouring misreadings found testing them.

Silently wrong before:

- the findings counted in each study after a kind of study ("ldcts w fewer than 3 findings"):
  the findings had been listed (and counted, before a closing "how many");
- people named last after "in / among" in a question about a kind of study ("chest cts w 2+
  nodules on one scan in women"): the patients had been listed;
- found testing it, the reverse: people of one sex heading the question with a study noun after
  "with" ("women with a study in 2024"): the studies had been listed.

Named before (warned), read now:

- two-digit years ("Q2 '25", "jan '24") and DICOM days ("20240101-20240331"); a comparator sign
  before a day or a month ("DOB < 3/1/1950", "scans >= 2025-06-01");
- "zero <findings>" is "no <findings>"; a "#" closing the question or before a number;
- "whose study / scan is this" after an identifier asks for its patient;
- "lr breakdown / tally", "lung-rads worse / better than <category>", and two Lung-RADS
  categories no study can have together, joined by "and", in a question about patients: a
  study of each;
- a ranking by number of findings with "top N" after it; "the N <findings> w largest <field>"
  (also "psns", which some finding-noun lists lacked);
- a unit in parentheses ("(cc)", "(cm)") is the unit asked; "<findings> a pt has" is per
  patient; "bilat" is bilateral;
- a span from first to latest without "between / from" ("avg months first to latest ct").

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt
import statistics

import cohort_reference as ref
import pytest
from family_reading import Row, answer, chest_ct, clean_reading, parse, patients, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typed_query import DateRange


def findings_in(s: Row) -> int:
    return len(ref.findings_of(s["study_uid"]))


def nodules_in(s: Row, attenuation: str | None = None) -> int:
    return sum(
        f["kind"] == "nodule" and attenuation in (None, f["attenuation"])
        for f in ref.findings_of(s["study_uid"])
    )


# --- the findings counted in each study; people named last --------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "ldcts w fewer than 3 findings",
        "head cts with under 2 findings",
        "scans having at least 4 findings",
        "women's chest cts with exactly 1 finding",
    ],
)
def test_findings_counted_in_each_study_are_not_the_unit(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.unit == "study"
    assert query.filter.findings[0].kinds == ()  # every kind of finding is counted
    assert clean_reading(query)


def test_findings_counted_after_a_word_for_people_leave_patients(grounder: Grounder) -> None:
    assert parse(grounder, "women with fewer than 2 findings").unit == "patient"


def test_answer_a_closing_count_of_studies_by_their_findings(engine: QueryEngine) -> None:
    expected = [s for s in studies() if chest_ct(s) and findings_in(s) >= 3]
    got = answer(engine, "chest cts w at least 3 findings, how many")
    assert (got.unit, got.count) == ("count", len(expected))
    assert not got.warnings


@pytest.mark.parametrize(
    ("question", "sex"),
    [
        ("chest cts w 2 or more nodules on one scan in women", "F"),
        ("ldcts with more than 1 nod on a single scan among men", "M"),
    ],
)
def test_people_named_last_after_in_keep_the_studies(
    engine: QueryEngine, question: str, sex: str
) -> None:
    test = chest_ct if "chest" in question else ref.ldct
    least = 2
    expected = sorted(
        s["study_uid"]
        for s in studies()
        if test(s) and ref.sex(s) == sex and nodules_in(s) >= least
    )
    got = answer(engine, question)
    assert got.unit == "study"
    assert sorted(r["study_uid"] for r in got.rows) == expected
    assert not got.warnings


@pytest.mark.parametrize(
    "question", ["women with a study in 2024", "men w a screening scan", "women who had an exam"]
)
def test_people_of_one_sex_with_a_study_are_asked_for(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.unit == "patient"
    assert clean_reading(query)


def test_studies_of_people_stay_studies(grounder: Grounder) -> None:
    assert parse(grounder, "studies of women with a mass").unit == "study"
    assert parse(grounder, "women's scans in 2024").unit == "study"


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "start", "end"),
    [
        ("Q2 '25", dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ("jan '24", dt.date(2024, 1, 1), dt.date(2024, 1, 31)),
        ("20240101-20240331", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("between 20230615 and 20230915", dt.date(2023, 6, 15), dt.date(2023, 9, 15)),
        ("scans >= 2025-06-01", dt.date(2025, 6, 1), None),
        ("< march 2024", None, dt.date(2024, 2, 29)),
    ],
)
def test_short_years_dicom_days_and_comparator_signs(
    grounder: Grounder, said: str, start: dt.date | None, end: dt.date | None
) -> None:
    query = parse(grounder, f"chest cts {said}")
    assert query.filter.dates == DateRange(start, end)
    assert clean_reading(query)


def test_a_comparator_sign_after_dob_bounds_the_birth_date(grounder: Grounder) -> None:
    query = parse(grounder, "DOB < 3/1/1950 - which pts")
    assert query.unit == "patient"
    assert query.filter.birth == DateRange(None, dt.date(1950, 2, 28))
    assert query.filter.dates is None
    assert clean_reading(query)


@pytest.mark.parametrize(
    ("question", "birth"),
    [
        ("dob < 1950", DateRange(None, dt.date(1949, 12, 31))),
        ("women born >= 1960", DateRange(dt.date(1960, 1, 1), None)),
    ],
)
def test_a_comparator_sign_between_dob_and_a_year(
    grounder: Grounder, question: str, birth: DateRange
) -> None:
    query = parse(grounder, question)
    assert query.filter.birth == birth
    assert query.filter.dates is None  # never a study date
    assert clean_reading(query)


def test_eight_digits_after_an_identifier_keyword_stay_an_identifier(grounder: Grounder) -> None:
    query = parse(grounder, "accession 20240115")
    assert query.filter.accessions == ("20240115",)
    assert query.filter.dates is None


def test_a_two_digit_year_of_birth_is_last_century(grounder: Grounder) -> None:
    query = parse(grounder, "women born in '48")
    assert query.filter.birth == DateRange(dt.date(1948, 1, 1), dt.date(1948, 12, 31))


def test_answer_births_before_a_day(engine: QueryEngine) -> None:
    expected = sorted(p["patient_id"] for p in patients() if p["birth_date"] < "1945-07-01")
    got = answer(engine, "pts with DOB < 7/1/1945")
    assert sorted(r["patient_id"] for r in got.rows) == expected
    assert not got.warnings


# --- counts: zero, '#' ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["how many chest cts showed zero nodules", "chest cts with 0 nodules - how many"]
)
def test_answer_zero_findings_is_none(engine: QueryEngine, question: str) -> None:
    expected = sum(1 for s in studies() if chest_ct(s) and nodules_in(s) == 0)
    got = answer(engine, question)
    assert got.count == expected
    assert not got.warnings


@pytest.mark.parametrize("question", ["ggns - total #", "ggns, #", "# of ggns"])
def test_a_count_sign_closing_or_opening_counts(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert (query.unit, query.count_of) == ("count", "finding")
    assert clean_reading(query)


def test_a_count_sign_before_a_year(grounder: Grounder) -> None:
    query = parse(grounder, "# 2023 cts w a mass")
    assert (query.unit, query.count_of) == ("count", "study")
    assert query.filter.dates == DateRange(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert clean_reading(query)


# --- identifiers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("tail", ["whose study is this", "- whose scan was it"])
def test_answer_whose_study_this_is(engine: QueryEngine, tail: str) -> None:
    study = sorted(studies(), key=lambda s: str(s["accession"]))[33]
    got = answer(engine, f"{study['accession']} {tail}")
    assert got.unit == "patient"
    assert [r["patient_id"] for r in got.rows] == [study["patient_id"]]
    assert not got.warnings


# --- Lung-RADS ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "categories"),
    [
        ("men w lung-rads worse than 3", ("4A", "4B", "4X")),
        ("pts with lr better than 4a", ("1", "2", "3")),
    ],
)
def test_worse_or_better_than_after_the_lung_rads_word(
    grounder: Grounder, question: str, categories: tuple[str, ...]
) -> None:
    query = parse(grounder, question)
    assert query.filter.lung_rads == categories
    assert clean_reading(query)


@pytest.mark.parametrize("question", ["lr breakdown of 2023 ldcts", "ldcts in 2023, lr tally"])
def test_a_lung_rads_breakdown_said_lr(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert (query.unit, query.group_by) == ("count", "lung_rads")
    assert clean_reading(query)


def test_answer_a_study_of_each_of_two_categories(engine: QueryEngine) -> None:
    def has(pid: str, category: str) -> bool:
        return any(ref.category(s) == category for s in ref.own_studies(pid))

    expected = sorted(p["patient_id"] for p in patients() if has(p["patient_id"], "2"))
    expected = [p for p in expected if has(p, "4B")]
    for question in (
        "patients w a lung-rads 2 and a lung-rads 4b scan",
        "pts w an lr 2 ct & an lr 4b ct",
    ):
        got = answer(engine, question)
        assert sorted(r["patient_id"] for r in got.rows) == expected, question
        assert not got.warnings


@pytest.mark.parametrize(
    "question",
    ["pts w lr 2 and lr 4b on the same scan", "patients with lung-rads 2 and lung-rads 4b"],
)
def test_two_categories_on_one_scan_or_bare_stay_warned(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.cautions  # one study, or bare (either?): never read as one of each


# --- rankings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "n"),
    [("pts ranked by nodule count, top 4", 4), ("ldcts sorted by number of masses - top 2", 2)],
)
def test_a_ranking_by_count_with_its_number_after_it(
    grounder: Grounder, question: str, n: int
) -> None:
    query = parse(grounder, question)
    assert query.top is not None
    assert (query.top.n, query.top.field, query.top.largest) == (n, "finding_count", True)
    assert clean_reading(query)


@pytest.mark.parametrize(
    ("question", "n", "field"),
    [
        ("the 3 psns w largest solid comp", 3, "solid_component_mm"),
        ("the 2 psns with the largest volume", 2, "volume_mm3"),
        ("top 4 patients by psn count", 4, "finding_count"),
    ],
)
def test_psns_are_a_finding_noun_of_every_ranking(
    grounder: Grounder, question: str, n: int, field: str
) -> None:
    query = parse(grounder, question)
    assert query.top is not None
    assert (query.top.n, query.top.field) == (n, field)
    assert clean_reading(query)


# --- aggregates, lobes, intervals ---------------------------------------------------------------


def test_answer_a_unit_in_parentheses(engine: QueryEngine) -> None:
    _, _, findings, _ = ref.cohort()
    masses = [f["volume_mm3"] / 1000 for f in findings if f["kind"] == "mass"]
    got = answer(engine, "avg volume of masses (ml)")
    assert got.value == pytest.approx(statistics.mean(masses), abs=0.006)
    assert not got.warnings


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("avg diameter of nodules (mm)", "diameter_mm"),
        ("median volume of ggns (mm3)", "volume_mm3"),
    ],
)
def test_the_answer_s_own_unit_in_parentheses_changes_nothing(
    grounder: Grounder, question: str, field: str
) -> None:
    query = parse(grounder, question)
    assert query.aggregate is not None
    assert (query.aggregate.field, query.aggregate.measure_unit) == (field, None)
    assert clean_reading(query)


def test_answer_the_median_number_a_patient_has(engine: QueryEngine) -> None:
    per = [
        sum(nodules_in(s, "solid") for s in ref.own_studies(p["patient_id"])) for p in patients()
    ]
    got = answer(engine, "median # of solid nodules a patient has")
    assert got.value == pytest.approx(statistics.median(per), abs=0.006)
    assert not got.warnings


def test_bilat_is_bilateral(grounder: Grounder) -> None:
    query = parse(grounder, "bilat nodules on chest ct")
    assert {c.sides for c in query.filter.findings} == {("left",), ("right",)}
    assert clean_reading(query)


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("avg months first to latest ldct", "month"),
        ("median yrs, baseline to last scan", "year"),
        ("median f/u in weeks, first to latest ct", "week"),
        ("mean days first-to-latest scan", "day"),
    ],
)
def test_a_span_from_first_to_latest_without_between(
    grounder: Grounder, question: str, unit: str
) -> None:
    query = parse(grounder, question)
    assert query.aggregate is not None
    assert (query.aggregate.field, query.aggregate.time_unit) == ("span_days", unit)
    assert clean_reading(query)


def test_answer_months_first_to_latest(engine: QueryEngine) -> None:
    spans = []
    for p in patients():
        days = sorted({s["study_date"] for s in ref.own_studies(p["patient_id"]) if chest_ct(s)})
        if len(days) >= 2:
            first, last = (dt.date.fromisoformat(d) for d in (days[0], days[-1]))
            spans.append((last - first).days / 30.4375)
    got = answer(engine, "avg months first to latest chest ct")
    assert got.value == pytest.approx(statistics.mean(spans), abs=0.006)
    assert not got.warnings
