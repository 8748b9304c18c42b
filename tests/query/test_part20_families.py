"""The families parts 19 and 20 of the bank showed misread, in phrasings written here (not the
bank's), with the neighbouring misreadings found testing them.

Silently wrong before:

- a count that closes the question counts the last thing named before it ("female pt
  count": patients; "solid nodules - how many in total": nodules), and an age right after
  "how many" counts people ("how many 75 yo or older had ..."); both had counted studies;
- "no findings" alone is their absence only (it had also asked for a finding present, so
  nothing matched);
- "ctas" / "ct angiograms" / "ctpas" after a number are the kind of study counted ("2 or more
  ct angiograms" had counted any CTs of a patient with one angiogram).

Named before (warned), read now:

- "1st" before a word is "first" (a date's "jan 1st" is kept), "first / last ever" is "first /
  last"; "never scanned / imaged with"; "tally (of)", "total how many", "how many in total";
  "s/p" / "status post" add nothing; "non contrast" is without contrast; "+100" is 100; an
  axis after a size ("15 mm short axis") is that axis; "N <studies> with the latest study
  dates" ranks by date; a bare category after "but never" that follows a Lung-RADS category is
  one ("lr 4a but never 4b or 4x").

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt

import cohort_reference as ref
import pytest
from cohort_reference import own_studies as own
from family_reading import Row, answer, clean_reading, ids, parse, patients, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typed_query import Measure, NumberRange, TopN


def chest_ct(s: Row) -> bool:
    return s["modality"] == "CT" and s["body_part"] == "CHEST"


# --- what a count counts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "count_of"),
    [
        ("female pt count", "patient"),
        ("patient count", "patient"),
        ("head cts - how many?", "study"),
        ("ground-glass nodules, total how many", "finding"),
        ("how many 65 years or older had an ldct", "patient"),
        ("how many 80 yo had a head ct", "patient"),
        ("how many 2 mm nodules", "finding"),  # a size after "how many" is no age
        ("ldcts with more than 3 nodules - how many", "study"),  # the head noun, not a condition's
        ("chest cts in women over 60, count", "study"),
    ],
)
def test_what_a_count_counts(grounder: Grounder, question: str, count_of: str) -> None:
    query = parse(grounder, question)
    assert (query.unit, query.count_of) == ("count", count_of)
    assert query.ignored == ()


def test_answer_a_count_of_men_closing_the_question(engine: QueryEngine) -> None:
    men = [p for p in patients() if p["sex"] == "M"]
    got = answer(engine, "men pt count")
    assert got.count == len(men)


def test_answer_how_many_of_an_age_had_a_chest_ct(engine: QueryEngine) -> None:
    expected = {s["patient_id"] for s in studies() if chest_ct(s) and ref.age(s) >= 70}
    got = answer(engine, "how many 70 yo or older had a chest ct")
    assert got.count == len(expected)
    assert not got.warnings


# --- "no findings" alone ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["studies with no findings", "number of scans with no findings at all"]
)
def test_no_findings_alone_is_their_absence(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert [c.absent for c in query.filter.findings] == [True]
    assert query.ignored == ()


def test_answer_studies_with_no_findings(engine: QueryEngine) -> None:
    empty = sorted(s["study_uid"] for s in studies() if not ref.findings_of(s["study_uid"]))
    assert empty
    assert ids(engine, "studies with no findings", "study_uid") == empty


# --- a counted kind of study named by its angiogram word ------------------------------------


@pytest.mark.parametrize(
    "question",
    ["pts with 2 or more ct angiograms", "patients with at least 2 ctas", "pts with 2+ ctpas"],
)
def test_angiograms_are_the_studies_counted(engine: QueryEngine, question: str) -> None:
    expected = sorted(
        p["patient_id"]
        for p in patients()
        if sum("ANGIO" in s["description"] for s in own(p["patient_id"])) >= 2
    )
    assert expected
    assert ids(engine, question, "patient_id") == expected


# --- "1st", "first / last ever" --------------------------------------------------------------


def test_first_and_last_ever_of_a_patient(engine: QueryEngine) -> None:
    followed = [p["patient_id"] for p in patients() if sum(map(chest_ct, own(p["patient_id"]))) > 1]
    pid = followed[0]
    first_chest = next(s for s in own(pid) if chest_ct(s))["study_uid"]
    assert ids(engine, f"1st chest ct for {pid}", "study_uid") == [first_chest]
    assert ids(engine, f"the first ever study of {pid}", "study_uid") == [own(pid)[0]["study_uid"]]
    assert ids(engine, f"{pid}'s last ever scan", "study_uid") == [own(pid)[-1]["study_uid"]]


@pytest.mark.parametrize("question", ["cts since jan 1st 2024", "cts since 1st of january 2024"])
def test_a_dates_1st_stays_a_day(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.filter.dates is not None
    assert query.filter.dates.start == dt.date(2024, 1, 1)
    assert clean_reading(query)


# --- "never scanned with", "s/p", "non contrast", "tally", "total" ----------------------------


def test_never_scanned_with_a_kind_of_study(engine: QueryEngine) -> None:
    had = {s["patient_id"] for s in studies() if chest_ct(s)}
    expected = sorted(p["patient_id"] for p in patients() if p["patient_id"] not in had)
    got = answer(engine, "patients never scanned with a chest ct")
    assert sorted({r["patient_id"] for r in got.rows}) == expected
    assert not got.warnings


@pytest.mark.parametrize(
    "question",
    [
        "pts s/p a non contrast ct",
        "patients status post a non enhanced ct",
        "tally of ggns in the lul",
        "solid nodules - total count",
        "how many masses in total",
    ],
)
def test_words_that_were_named_are_read(grounder: Grounder, question: str) -> None:
    assert clean_reading(parse(grounder, question))


def test_answer_non_contrast_cts(engine: QueryEngine) -> None:
    expected = sorted(
        {s["patient_id"] for s in studies() if s["modality"] == "CT" and "W/O" in s["description"]}
    )
    assert ids(engine, "pts s/p a non contrast ct", "patient_id") == expected


# --- numbers: a signed HU, an axis after the size --------------------------------------------


def test_a_plus_sign_before_a_number(grounder: Grounder) -> None:
    query = parse(grounder, "nodules with hu between -200 and +50")
    assert query.filter.findings[0].measures == (Measure("mean_hu", NumberRange(-200.0, 50.0)),)
    assert clean_reading(query)


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("nodules ≥ 20mm long axis", "long_axis_mm"),
        ("nodules 10 mm or more in short axis", "short_axis_mm"),
    ],
)
def test_an_axis_named_after_the_size(grounder: Grounder, question: str, field: str) -> None:
    query = parse(grounder, question)
    assert [m.field for m in query.filter.findings[0].measures] == [field]
    assert query.ignored == ()


# --- a ranking by study date, a bare Lung-RADS category after "but never" ---------------------


@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("4 cxrs with the earliest study dates", TopN(4, "study_date", False)),
        ("the 2 ldcts with the latest dates", TopN(2, "study_date", True)),
    ],
)
def test_n_studies_with_the_earliest_dates(grounder: Grounder, question: str, top: TopN) -> None:
    query = parse(grounder, question)
    assert query.top == top
    assert query.ignored == ()


def test_answer_a_category_but_never_bare_others(engine: QueryEngine) -> None:
    expected = sorted(
        p["patient_id"]
        for p in patients()
        if any(ref.category(s) == "3" for s in own(p["patient_id"]))
        and not any(ref.category(s) in ("4A", "4B", "4X") for s in own(p["patient_id"]))
    )
    got = answer(engine, "patients with lr 3 but never 4a, 4b or 4x")
    assert sorted({r["patient_id"] for r in got.rows}) == expected
    assert not got.warnings
