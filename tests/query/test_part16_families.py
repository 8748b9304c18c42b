"""The families part 16 of the bank showed misread, in phrasings written here (not the bank's).

- a similarity match never chooses between values that are each other's opposite ("sided" is
  as near "left sided" as "right sided"): such a word is named, never read; "r / rt / l / lt
  sided" are sides;
- "who / whose" opening a question asks for the patient, though a study is named;
- a kind of study "in / on / of" people asks for the studies ("head cts in pts 80+");
- "A and B on the same scan" without "both": one study has each;
- two protocols no one study has ("a cta and a ldct", "with and without contrast"): in a
  patients question, each on some study; otherwise a study with either;
- "exactly one / only 1" of a kind of study in the singular ("1 ldct") counts studies;
- a month "of" a year ("june of 2025");
- a gap written before its word ("a >14 month gap between ldcts");
- a misspelt word the phrase readers look for ("folowed", "betwen"), read by spelling, said so.

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from typing import Any

import cohort_reference as ref
import pytest
from family_reading import AS_OF, Row, ids, parse, studies

from query.engine import QueryEngine
from query.grounding import Grounder, Token
from query.typed_query import DateRange, NumberRange


def patients_having(*tests: Any) -> list[str]:
    """Patients with, for each test, some study passing it."""
    mine: dict[str, list[Row]] = {}
    for s in studies():
        mine.setdefault(s["patient_id"], []).append(s)
    return sorted(p for p, own in mine.items() if all(any(map(t, own)) for t in tests))


def described(text: str) -> Any:
    return lambda s: s["description"] == text


def finding_on(s: Row, test: Any) -> bool:
    return any(test(f) for f in ref.findings_of(s["study_uid"]))


# --- similarity never turns a word into its opposite ---------------------------------------


@pytest.mark.parametrize("words", [["sided"], ["side"], ["both", "sided"]])
def test_a_word_as_near_two_opposite_values_is_not_read_by_meaning(
    grounder: Grounder, words: list[str]
) -> None:
    tokens = [Token(w, 0, len(w)) for w in words]
    found = grounder.fuzzy(tokens, [True] * len(tokens))
    assert all(g.term.field not in ("side", "lobe") for g in found)


@pytest.mark.parametrize("question", ["sided effusions", "pneumothorax, sided"])
def test_a_side_word_without_its_side_is_named_not_guessed(
    grounder: Grounder, question: str
) -> None:
    query = parse(grounder, question)
    assert all(c.sides == () for c in query.filter.findings)
    assert "sided" in query.ignored


@pytest.mark.parametrize(
    ("question", "side"),
    [
        ("rt sided effusion", "right"),
        ("r-sided pneumothorax", "right"),
        ("pneumothorax on the r side", "right"),
        ("lt ptx", "left"),
        ("l sided pleural effusions", "left"),
    ],
)
def test_a_side_in_shorthand(grounder: Grounder, question: str, side: str) -> None:
    query = parse(grounder, question)
    assert [c.sides for c in query.filter.findings] == [(side,)]
    assert query.ignored == () and query.cautions == ()


def test_answer_a_side_in_shorthand(engine: QueryEngine) -> None:
    expected = ref.studies_where(
        lambda s: finding_on(s, lambda f: f["kind"] == "pneumothorax" and f["side"] == "right")
    )
    assert ids(engine, "rt sided ptx", "study_uid") == expected


# --- "who / whose" asks for the patient -----------------------------------------------------


@pytest.mark.parametrize("opening", ["whose study is", "who had study", "whose exam was"])
def test_who_or_whose_asks_for_the_patient(engine: QueryEngine, opening: str) -> None:
    study = sorted(studies(), key=lambda s: s["study_uid"])[7]
    got = engine.answer(f"{opening} {study['study_uid']}", AS_OF.isoformat())
    assert got.unit == "patient"
    assert sorted({r["patient_id"] for r in got.rows}) == [study["patient_id"]]


# --- a kind of study in / on / of people ---------------------------------------------------


@pytest.mark.parametrize(
    "question", ["chest cts in pts over 85", "ldcts of women 70+", "head cts done on patients 60+"]
)
def test_a_kind_of_study_in_people_asks_for_the_studies(grounder: Grounder, question: str) -> None:
    assert parse(grounder, question).unit == "study"


@pytest.mark.parametrize("question", ["screening patients over 80", "pts with head cts over 70"])
def test_a_kind_of_study_that_describes_the_people_leaves_them_asked_for(
    grounder: Grounder, question: str
) -> None:
    assert parse(grounder, question).unit == "patient"


def test_answer_studies_in_older_people(engine: QueryEngine) -> None:
    expected = ref.studies_where(
        lambda s: s["modality"] == "DX" and ref.sex(s) == "M" and ref.age(s) >= 70
    )
    assert ids(engine, "cxrs in men 70+", "study_uid") == expected


# --- "A and B on the same scan" without "both" ---------------------------------------------


def test_two_values_on_one_scan_are_each_on_that_scan(grounder: Grounder) -> None:
    query = parse(grounder, "patients with solid and ground glass nodules on a single scan")
    assert sorted(c.attenuations for c in query.filter.findings) == [
        ("ground-glass",),
        ("solid",),
    ]
    assert query.filter.patient is None  # one study has both


def test_answer_two_values_on_one_scan(engine: QueryEngine) -> None:
    def lobe(name: str) -> Any:
        return lambda f: f["kind"] == "nodule" and f["lobe"] == name

    expected = ref.patients_of(
        ref.studies_where(lambda s: finding_on(s, lobe("RML")) and finding_on(s, lobe("LUL")))
    )
    got = ids(engine, "pts with rml and lul nodules on the same study", "patient_id")
    assert got == expected


@pytest.mark.parametrize(
    "question",
    ["nodules: solid and ground glass in the same study", "solid and ggn on the same exam"],
)
def test_the_same_study_or_exam_is_one_study(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert len(query.filter.findings) == 2
    assert query.ignored == ()


def test_answer_calcified_and_not_on_one_scan(engine: QueryEngine) -> None:
    def calcified(flag: bool) -> Any:
        return lambda f: f["kind"] == "nodule" and f["calcified"] is flag

    expected = ref.studies_where(
        lambda s: finding_on(s, calcified(True)) and finding_on(s, calcified(False))
    )
    got = ids(engine, "studies with calcified and uncalcified nodules on one ct", "study_uid")
    assert got == expected


# --- two protocols no study has together -----------------------------------------------------


def test_answer_patients_with_two_protocols(engine: QueryEngine) -> None:
    expected = patients_having(described("CT CHEST W CONTRAST"), described("CT CHEST W/O CONTRAST"))
    assert expected  # the cohort has such patients: the test would pass on nothing otherwise
    got = ids(engine, "patients with w/ and w/o contrast chest cts", "patient_id")
    assert got == expected


def test_answer_studies_of_either_protocol(engine: QueryEngine) -> None:
    angio, screening = described("CT ANGIO CHEST PE"), described("CT CHEST LOW DOSE LUNG SCREENING")
    expected = ref.studies_where(lambda s: angio(s) or screening(s))
    assert ids(engine, "ctpas or ldcts", "study_uid") == expected


def test_two_protocols_on_one_study_joined_by_and_say_so(grounder: Grounder) -> None:
    query = parse(grounder, "chest cts with contrast and without contrast")
    assert len(query.filter.any_of) == 2
    assert any("one protocol" in c for c in query.cautions)


# --- counts of one study of a kind, months "of" a year, gaps, misspelt structure -------------


@pytest.mark.parametrize(
    ("question", "description"),
    [("pts with exactly one ctpa", "ANGIO"), ("patients with only 1 low dose ct", "SCREENING")],
)
def test_one_study_of_a_kind_in_the_singular(
    grounder: Grounder, question: str, description: str
) -> None:
    query = parse(grounder, question)
    assert query.filter.patient is not None
    assert query.filter.patient.studies == NumberRange(1, 1)
    scope = query.filter.patient.studies_scope
    assert scope is not None and scope.descriptions == (description,)
    assert query.cautions == ()


def test_a_month_of_a_year(grounder: Grounder) -> None:
    query = parse(grounder, "ldcts, may of 2025")
    assert query.filter.dates == DateRange(dt.date(2025, 5, 1), dt.date(2025, 5, 31))
    assert query.ignored == ()


def test_answer_a_gap_written_before_its_word(engine: QueryEngine) -> None:
    mine: dict[str, list[str]] = {}
    for s in sorted(studies(), key=lambda s: (s["study_date"], s["study_uid"])):
        if s["modality"] == "CT" and s["body_part"] == "CHEST":
            mine.setdefault(s["patient_id"], []).append(s["study_date"])

    def over_12_months(a: str, b: str) -> bool:
        """Is ``b`` more than 12 calendar months after ``a`` (the month's last day when the
        day is not in it)?"""
        day = dt.date.fromisoformat(a)
        index = day.month - 1 + 12
        year, month = day.year + index // 12, index % 12 + 1
        later = dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
        return b > later.isoformat()

    got = engine.answer("pts with a more than 12-month gap between chest cts", AS_OF.isoformat())
    assert not got.warnings
    expected = sorted(
        p
        for p, days in mine.items()
        if any(itertools.starmap(over_12_months, itertools.pairwise(days)))
    )
    assert expected  # the cohort has such gaps: the test would pass on nothing otherwise
    assert sorted({r["patient_id"] for r in got.rows}) == expected


def test_a_misspelt_structural_word_is_read_by_spelling_and_said(grounder: Grounder) -> None:
    query = parse(grounder, "patients folowed for over 4 years")
    assert query.filter.followed_for is not None
    assert query.filter.age is None  # not an age
    assert any("folowed" in c for c in query.cautions)
