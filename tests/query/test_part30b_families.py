"""The families part 30 of the bank showed missing (half B: recorded fields, counts per group,
rankings by date, e-mail wrapping and percentages), in phrasings written here (not the bank's).

Warned or refused before, read now:

- a recorded field named with its verb ("gender field says other", "sex column reads f");
- "pre-" / "post-" before a year ("DOB pre-1960", "ct scans post-2024");
- the patient of a study named by its UID ("mrn behind", "patient id for", "study instance");
- "headcount" as a count of patients;
- modalities compared with "vs" and counted ("dx versus ct scan totals");
- "M/F split", "how are X distributed over the Y", a trailing "(counts)" after a grouping;
- "the N patients with the earliest birth dates", "which N X carry the latest study dates",
  "N X, biggest Y first";
- an e-mail's greeting, request words and sign-off; "of the X, what percent were Y"; "came back".

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import collections
import datetime as dt

import cohort_reference as ref
import pytest
from family_reading import Row, answer, clean_reading, ids, parse, patients, studies

from appliance.errors import QueryError
from query.engine import QueryEngine
from query.grounding import Grounder
from query.layouts import plain_layout


def findings() -> list[Row]:
    return list(ref.cohort()[2])


# --- a recorded field named with its verb ------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "sex"),
    [
        ("patients whose gender field says other", "O"),
        ("pts where the sex column reads f", "F"),
        ("people whose gender entry shows male", "M"),
        ("patients with sex field set to o", "O"),
    ],
)
def test_a_sex_field_with_its_verb_is_the_sex(engine: QueryEngine, question: str, sex: str) -> None:
    got = answer(engine, question)
    assert sorted({r["patient_id"] for r in got.rows}) == sorted(
        p["patient_id"] for p in patients() if p["sex"] == sex
    )
    assert not got.warnings


@pytest.mark.parametrize(
    ("question", "end"),
    [("dob pre-1960 pts", "1959-12-31"), ("patients, date of birth pre 1945", "1944-12-31")],
)
def test_pre_before_a_year_is_before_it(engine: QueryEngine, question: str, end: str) -> None:
    got = answer(engine, question)
    assert sorted({r["patient_id"] for r in got.rows}) == sorted(
        p["patient_id"] for p in patients() if p["birth_date"] <= end
    )
    assert not got.warnings


def test_post_before_a_year_is_after_it(grounder: Grounder) -> None:
    query = parse(grounder, "ct scans post-2024")
    assert query.filter.dates is not None
    assert query.filter.dates.start == dt.date(2025, 1, 1)
    assert clean_reading(query)


@pytest.mark.parametrize(
    "asked",
    ["mrn behind study {uid}", "patient id for study instance {uid}", "the pt of uid {uid}"],
)
def test_the_patient_of_a_study_uid(engine: QueryEngine, asked: str) -> None:
    study = sorted(studies(), key=lambda s: s["study_uid"])[7]
    got = answer(engine, asked.format(uid=study["study_uid"]))
    assert got.unit == "patient"
    assert [r["patient_id"] for r in got.rows] == [study["patient_id"]]
    assert not got.warnings


# --- counts per group in other words -----------------------------------------------------------


def test_headcount_is_a_count_of_patients(engine: QueryEngine) -> None:
    got = answer(engine, "male headcount")
    assert got.unit == "count"
    assert got.count == sum(p["sex"] == "M" for p in patients())
    assert not got.warnings


def test_a_head_count_with_a_condition_after_a_colon(engine: QueryEngine) -> None:
    per = collections.Counter(s["patient_id"] for s in studies() if s["modality"] == "DX")
    got = answer(engine, "head count: patients with 2 or more x-rays")
    assert got.unit == "count"
    assert got.count == sum(n >= 2 for n in per.values())
    assert not got.warnings


@pytest.mark.parametrize("question", ["dx versus ct scan totals", "ct vs dx exam counts"])
def test_modalities_compared_are_counted_per_modality(engine: QueryEngine, question: str) -> None:
    got = answer(engine, question)
    expected = collections.Counter(s["modality"] for s in studies())
    assert {r["modality"]: r["count"] for r in got.rows} == dict(expected)
    assert not got.warnings


@pytest.mark.parametrize(
    "question", ["f/m split of the patients", "m/f/o breakdown of patients (counts)"]
)
def test_sex_letters_split_is_patients_per_sex(engine: QueryEngine, question: str) -> None:
    got = answer(engine, question)
    expected = collections.Counter(p["sex"] for p in patients())
    assert {r["sex"]: r["count"] for r in got.rows} == dict(expected)
    assert not got.warnings


def test_how_findings_are_distributed_is_a_count_per_group(engine: QueryEngine) -> None:
    got = answer(engine, "how are the masses spread across the lobes - counts")
    expected = collections.Counter(f["lobe"] for f in findings() if f["kind"] == "mass")
    assert {r["lobe"]: r["count"] for r in got.rows} == dict(expected)
    assert not got.warnings


def test_a_counts_label_without_a_group_stays_warned(engine: QueryEngine) -> None:
    got = answer(engine, "nodules in the rul - counts")
    assert got.warnings  # a list was asked as counts: never silently a list


def test_a_sex_ratio_is_not_a_split(grounder: Grounder) -> None:
    with pytest.raises(QueryError):  # refused, as before: a ratio is not a count per group
        parse(grounder, "m/f ratio")


# --- rankings by date --------------------------------------------------------------------------


def test_the_patients_with_the_earliest_birth_dates_are_the_oldest(engine: QueryEngine) -> None:
    ranked = sorted(patients(), key=lambda p: (p["birth_date"], p["patient_id"]))
    got = answer(engine, "could you identify the 3 patients with the earliest birth dates?")
    assert [r["patient_id"] for r in got.rows] == [p["patient_id"] for p in ranked[:3]]
    assert not got.warnings


def test_which_n_studies_carry_the_latest_dates(engine: QueryEngine) -> None:
    cts = [s for s in studies() if s["modality"] == "CT" and s["body_part"] == "CHEST"]
    dates = sorted((s["study_date"] for s in cts), reverse=True)
    got = answer(engine, "what 2 chest cts have the most recent study dates on record")
    assert len(got.rows) == 2
    assert sorted((r["study_date"] for r in got.rows), reverse=True) == dates[:2]
    assert not got.warnings


def test_n_things_biggest_first_is_a_ranking_of_n(engine: QueryEngine) -> None:
    masses = sorted(
        (f for f in findings() if f["kind"] == "mass"),
        key=lambda f: (-f["diameter_mm"], f["finding_id"]),
    )
    got = answer(engine, "show 3 masses, largest diameter first")
    assert [r["finding_id"] for r in got.rows] == [f["finding_id"] for f in masses[:3]]
    assert not got.warnings


# --- e-mail wrapping and percentages -----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("Hi team, could you pull the women over 70? Thanks, Dr K", "the women over 70?"),
        ("Good morning! please send me the pe cts. Kind regards, screening office", "the pe cts"),
        ("Dear Sam, can you work out the mean age of men? Cheers", "the mean age of men?"),
    ],
)
def test_an_e_mail_s_wrapping_is_dropped(written: str, plain: str) -> None:
    assert plain_layout(written) == plain


def test_a_sign_off_is_never_a_condition(engine: QueryEngine) -> None:
    wrapped = answer(engine, "Hello, please send me the women over 70. Regards, screening team")
    assert ids(engine, "women over 70", "patient_id") == sorted(
        {r["patient_id"] for r in wrapped.rows}
    )
    assert not wrapped.warnings


def test_best_inside_a_question_stays(grounder: Grounder) -> None:
    assert plain_layout("best 3 nodules by confidence") == "best 3 nodules by confidence"


def test_a_percentage_of_the_studies_named_first(engine: QueryEngine) -> None:
    named = [s for s in studies() if ref.ldct(s) and s["study_date"].startswith("2024")]
    came = [s for s in named if ref.category(s) == "3"]
    got = answer(engine, "of the ldcts done in 2024, what percentage came back as lung-rads 3")
    assert got.value == pytest.approx(100 * len(came) / len(named), abs=0.06)
    assert not got.warnings
