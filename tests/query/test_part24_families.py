"""The families part 24 of the bank showed misread, in phrasings written here (not the bank's),
with the neighbouring misreadings found testing them.

Silently wrong before:

- a ranking by number of findings said "by <finding> count" ("top 3 patients by nodule count"):
  it had been the largest nodules;
- a closing "<unit> count" ("spiculated nodules, patient count"): the head noun (findings, or
  studies in "ldcts with nodules, patient count", found testing it) had been counted.

Named before (warned), read now:

- a ranking's number after it ("ranked by volume, top 4") or with "longest / shortest";
- the keyword before a dotted UID ("study instance uid"), '+' between identifiers, and the unit
  named last after a break with "the / their" or after "give me / show me the";
- a study's age after a kind of CT named by its own noun ("ctas older than 2 years");
- a Lung-RADS category before the Lung-RADS word ("a 4b lung-rads").

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt

import cohort_reference as ref
import pytest
from family_reading import AS_OF, Row, answer, clean_reading, parse, studies

from query.engine import QueryEngine
from query.grounding import Grounder


def nodule_count(s: Row) -> int:
    return sum(f["kind"] == "nodule" for f in ref.findings_of(s["study_uid"]))


# --- rankings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["top 3 patients by nodule count", "top 5 ldcts by their nodule count"],
)
def test_a_ranking_by_finding_count(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.top is not None
    assert query.top.field == "finding_count"
    assert query.top.n == int(question.split()[1])
    assert clean_reading(query)


@pytest.mark.parametrize(
    ("question", "n", "field", "largest"),
    [
        ("nodules ranked by volume, top 4", 4, "volume_mm3", True),
        ("ggns sorted by volume - top 2", 2, "volume_mm3", True),
        ("2 longest nodules by long axis", 2, "long_axis_mm", True),
        ("3 shortest nodules by short axis", 3, "short_axis_mm", False),
    ],
)
def test_the_number_of_a_ranking_after_it_or_with_longest(
    grounder: Grounder, question: str, n: int, field: str, largest: bool
) -> None:
    query = parse(grounder, question)
    assert query.top is not None
    assert (query.top.n, query.top.field, query.top.largest) == (n, field, largest)
    assert clean_reading(query)


def test_answer_top_studies_by_nodule_count(engine: QueryEngine) -> None:
    ranked = sorted(studies(), key=lambda s: -nodule_count(s))
    counts = [nodule_count(s) for s in ranked]
    n = next(k for k in range(2, 20) if counts[k - 1] != counts[k])  # no tie at the boundary
    got = answer(engine, f"top {n} studies by nodule count")
    assert sorted(r["study_uid"] for r in got.rows) == sorted(s["study_uid"] for s in ranked[:n])
    assert not got.warnings


# --- a closing '<unit> count' -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("spiculated nodules, patient count", "patient"),
        ("ldcts with nodules, pt count", "patient"),
        ("women with nodules - study count", "study"),
        ("male pt count", "patient"),
    ],
)
def test_a_closing_unit_count_counts_that_unit(
    grounder: Grounder, question: str, counted: str
) -> None:
    query = parse(grounder, question)
    assert (query.unit, query.count_of) == ("count", counted)


def test_answer_patient_count_after_a_break(engine: QueryEngine) -> None:
    expected = {
        s["patient_id"]
        for s in studies()
        if ref.any_finding(s, lambda f: f["kind"] == "nodule" and f["margin"] == "spiculated")
    }
    got = answer(engine, "spiculated nodules, patient count")
    assert got.count == len(expected)


# --- identifiers, the unit named last -----------------------------------------------------------


def test_answer_accessions_joined_by_plus_then_the_patients(engine: QueryEngine) -> None:
    ordered = sorted(studies(), key=lambda s: str(s["study_uid"]))
    one = ordered[5]
    two = next(s for s in reversed(ordered) if s["patient_id"] != one["patient_id"])
    got = answer(engine, f"accessions {one['accession']} + {two['accession']}, the patients")
    assert got.unit == "patient"
    assert sorted({r["patient_id"] for r in got.rows}) == sorted(
        {one["patient_id"], two["patient_id"]}
    )
    assert not got.warnings


@pytest.mark.parametrize("lead", ["study instance uid", "study uid"])
def test_answer_the_patient_of_a_uid_asked_last(engine: QueryEngine, lead: str) -> None:
    study = sorted(studies(), key=lambda s: str(s["study_uid"]))[12]
    got = answer(engine, f"for {lead} {study['study_uid']} show me the patient")
    assert got.unit == "patient"
    assert [r["patient_id"] for r in got.rows] == [study["patient_id"]]
    assert not got.warnings


# --- a study's age, a category before its word ----------------------------------------------------


def test_a_study_age_after_a_kind_of_ct(grounder: Grounder) -> None:
    query = parse(grounder, "ctas older than 2 years")
    assert query.unit == "study"
    assert query.filter.age is None  # never a patient's age
    assert query.filter.dates is not None
    assert query.filter.dates.end == AS_OF.replace(year=AS_OF.year - 2) - dt.timedelta(days=1)
    assert clean_reading(query)


@pytest.mark.parametrize(("said", "category"), [("4b", "4B"), ("3", "3"), ("4x", "4X")])
def test_a_category_before_the_lung_rads_word(grounder: Grounder, said: str, category: str) -> None:
    query = parse(grounder, f"men with a {said} lung-rads")
    assert query.filter.lung_rads == (category,)
    assert clean_reading(query)


def test_a_count_before_the_lung_rads_word_and_its_category_is_not_a_category(
    grounder: Grounder,
) -> None:
    query = parse(grounder, "patients with 2 lung-rads 4x studies")
    assert query.filter.lung_rads == ("4X",)
    assert "2" in query.ignored  # named, never read as a second category
