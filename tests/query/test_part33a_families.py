"""The families parts 32 and 33 of the bank showed missing, half A, in phrasings written here
(not the bank's).

- "<kind of study> with no findings (at all)": the studies without any finding; the negated
  "findings" is a condition on each study, never the unit asked;
- "the report says there is no X", "reports stating there are no X": a negated mention of X
  (and none affirmed), as "says no X" is; "without X" stays the lack of an affirmed one;
- "<amount> of <finding words> growth / enlargement / increase": the amount is the growth
  threshold, never the nodule's size;
- "never been found to have", "never been shown to have" (five words and more): the patient
  never had it; "X (per report)", "per the report", "according to the report": where X was
  read, as "on the report"; a negation joined on ("but no mass on any scan") ends that place,
  and the study word after "on any" is no unit;
- "every / each <finding>" and "all <findings> ever found" at the head of a question ask for
  the findings; a unit in parentheses ("(all findings)") is the unit asked; a finding "with a
  Lung-RADS category" has one, whichever.

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`, :mod:`blind_reference`), never through
ScanSide.
"""

from __future__ import annotations

import blind_reference as br
import cohort_reference as ref
import pytest
from family_reading import Row, answer, clean_reading, ids, parse
from question_bank import Test

from query.engine import QueryEngine
from query.grounding import Grounder
from query.typed_query import NumberRange


def _finding_ids(engine: QueryEngine, question: str) -> list[str]:
    return sorted({row["finding_id"] for row in answer(engine, question).rows})


def _study_uids(test: Test) -> list[str]:
    return sorted(s["study_uid"] for s in br.studies() if test(s))


# --- "<kind of study> with no findings" ------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "head cts with no findings at all",
        "ldcts without any findings",
        "chest x-rays with no findings",
        "screening cts with no findings whatsoever at all",
    ],
)
def test_no_findings_after_a_kind_of_study_is_a_condition(
    grounder: Grounder, question: str
) -> None:
    query = parse(grounder, question)
    assert query.unit == "study"
    (clause,) = query.filter.findings
    assert clause.absent and clause.kinds == ()  # no finding of any kind


def test_no_findings_answers_the_studies_without_one(engine: QueryEngine) -> None:
    got = ids(engine, "head cts with no findings at all", "study_uid")
    assert got == _study_uids(lambda s: br.head_ct(s) and not br.fo(s))
    got = ids(engine, "chest cts without any findings", "study_uid")
    assert got == _study_uids(lambda s: br.chest_ct(s) and not br.fo(s))


def test_findings_asked_for_stay_the_unit(grounder: Grounder) -> None:
    assert parse(grounder, "findings in head cts").unit == "finding"


# --- "the report says there is no X" ----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("studies whose report says there is no coronary calcification", "coronary"),
        ("reports stating there is no lymphadenopathy", "lymphadenopathy"),
        ("scans where the report notes there is no emphysema", "emphysema"),
        ("exams where the report documents there are no granulomas", "granuloma"),
        ("studies whose report states that there is no emphysema", "emphysema"),
        ("scans where the report says there's no lymphadenopathy", "lymphadenopathy"),
    ],
)
def test_says_there_is_no_is_a_negated_mention(
    grounder: Grounder, question: str, concept: str
) -> None:
    query = parse(grounder, question)
    (found,) = query.filter.concepts
    assert concept in found.concept.replace(" ", "_")
    assert found.denied and not found.present
    assert clean_reading(query)


def test_without_stays_the_lack_of_an_affirmed_mention(grounder: Grounder) -> None:
    (found,) = parse(grounder, "studies without emphysema").filter.concepts
    assert not found.denied and not found.present


def test_says_there_is_no_answers_the_negated_mentions(engine: QueryEngine) -> None:
    got = ids(engine, "scans in 2024 where the report says there is no emphysema", "study_uid")
    assert got == _study_uids(lambda s: br.denies("emphysema")(s) and br.in_year(2024)(s))


# --- "<amount> of <finding> growth" -------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "growth"),
    [
        ("studies showing 4+ mm of nodule growth", NumberRange(4)),
        ("more than 2 mm of solid nodule enlargement", NumberRange(2, None, False)),
        ("scans with at least 3 mm of interval nodule increase", NumberRange(3)),
        ("2.5 mm or more of ggn growth - which studies", NumberRange(2.5)),
    ],
)
def test_an_amount_of_finding_growth_is_the_growth(
    grounder: Grounder, question: str, growth: NumberRange
) -> None:
    query = parse(grounder, question)
    (clause,) = query.filter.findings
    assert clause.grew and clause.growth_mm == growth
    assert clause.measures == ()  # never the nodule's size
    assert clean_reading(query)


def test_an_amount_of_growth_answers_the_grown_nodules(engine: QueryEngine) -> None:
    expected = br.agreed(*[br.sids(br.fstudy(t)) for t in br.grew_readings(3, True)])
    if expected is None:
        pytest.skip("the readings of growth differ on this cohort")
    assert ids(engine, "scans showing 3+ mm of nodule growth", "study_uid") == expected


def test_a_size_beside_a_growth_stays_a_size(grounder: Grounder) -> None:
    (clause,) = parse(grounder, "a 6 mm nodule with 2 mm of growth").filter.findings
    assert clause.grew and clause.growth_mm == NumberRange(2)
    assert clause.measures  # the 6 mm is the nodule's size


# --- "never been found to have", "(per report)", "no mass on any scan" -------------------------


@pytest.mark.parametrize(
    "question",
    [
        "patients who have never been found to have a pleural effusion",
        "pts who have never been shown to have a mass",
        "patients that have never been seen with a pneumothorax",
    ],
)
def test_never_been_found_to_have_is_never_had(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.unit == "patient"
    assert query.filter.patient is not None and len(query.filter.patient.never) == 1
    assert clean_reading(query)


def test_never_been_found_to_have_answers_the_patients(engine: QueryEngine) -> None:
    got = ids(
        engine, "patients who have never been found to have a mass but had a head ct", "patient_id"
    )
    assert got == br.history(br.some_but_never(br.head_ct, br.kind("mass")))


@pytest.mark.parametrize(
    "question",
    [
        "coronary calcification (per report) but no mass on any scan - patients",
        "patients with coronary calcification per the report and no mass on any scan",
        "coronary calcification according to the report but no mass on any scan, patients",
    ],
)
def test_per_report_is_where_a_concept_was_read(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.unit == "patient"
    (concept,) = query.filter.concepts
    assert concept.present
    patient = query.filter.patient
    assert patient is not None
    (never,) = patient.never
    assert [c.kinds for c in never.findings] == [("mass",)]  # a finding, not a report mention
    assert clean_reading(query)


def test_per_report_answers_the_patients(engine: QueryEngine) -> None:
    got = ids(
        engine, "emphysema (per the report) but no nodule on any scan - patients", "patient_id"
    )
    assert got == br.history(br.some_but_never(br.says("emphysema"), br.nod()))


# --- identifiers: every finding, a unit in parentheses, a Lung-RADS category ------------------


def _a_patient_with_nodules() -> str:
    return next(p for p in sorted(ref.cohort()[0]) if any(br.nods(s) for s in br.own(p)))


def test_every_finding_of_a_patient_is_the_findings(engine: QueryEngine) -> None:
    pid = _a_patient_with_nodules()
    got = _finding_ids(engine, f"each nodule ever seen in patient {pid}")
    assert got == br.fids(br.is_nodule, where=lambda s: s["patient_id"] == pid)
    got = _finding_ids(engine, f"all nodules ever found in pt {pid}")
    assert got == br.fids(br.is_nodule, where=lambda s: s["patient_id"] == pid)


def test_every_inside_a_question_stays_named(grounder: Grounder) -> None:
    assert "every" in parse(grounder, "average every nodule size").ignored


def test_a_unit_in_parentheses_is_the_unit_asked(engine: QueryEngine) -> None:
    study = next(s for s in br.studies() if len(br.fo(s)) >= 2)
    got = _finding_ids(engine, f"study {study['study_uid']} (the findings)")
    assert got == sorted(f["finding_id"] for f in br.fo(study))


def _with_category(f: Row) -> bool:
    return bool(f["lung_rads"])


def test_a_finding_with_a_lung_rads_category_has_one(engine: QueryEngine) -> None:
    pid = next(
        p
        for p in sorted(ref.cohort()[0])
        if any(_with_category(f) for s in br.own(p) for f in br.fo(s))
    )
    got = _finding_ids(engine, f"findings that have a lung-rads score in patient {pid}")
    assert got == br.fids(_with_category, where=lambda s: s["patient_id"] == pid)


def test_without_a_category_stays_named(grounder: Grounder) -> None:
    assert "without" in parse(grounder, "findings without a lung-rads category").ignored
