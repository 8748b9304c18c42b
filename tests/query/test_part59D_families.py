"""The families parts 56 to 59 (``bank_fresh_56.py`` ... ``bank_fresh_59.py``) showed missing,
share D: identifiers and the catalogue's column names typed as written, the findings of a study
named first, nodule features and a size after "without", a finding of the images after a
report's words, two values of a field counted, a field and a count as a header, people and the
whole cohort, "measuring" before a bound and a quarter said with its number apart.

Each rule is checked in phrasings written here (not the parts'). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from blind_reference import (
    att,
    cta,
    fids,
    findings,
    gt,
    is_nodule,
    kind,
    ldct,
    nod,
    pats,
    pids,
    quarter,
    says,
    sids,
    studies,
)
from family_reading import answer, clean_reading, ids, parse

from query.column_names import read_column_names
from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _accession(uid: str) -> str:
    return next(s["accession"] for s in studies() if s["study_uid"] == uid)


def _a_study_with_nodules_over(mm: float, nth: int) -> str:
    return sorted({f["study_uid"] for f in findings() if is_nodule(f) and f["diameter_mm"] > mm})[
        nth
    ]


# --- identifiers: a study named first, then its findings asked for ---------------------------


@pytest.mark.parametrize(
    "form",
    [
        "accession {acc}; which of its nodules are bigger than 7 mm",
        "acc {acc}, list the nodules over 7 mm",
        "accession {acc} -- what nodules over 7 mm does it have",
    ],
)
def test_the_findings_of_a_study_named_first(engine: QueryEngine, form: str) -> None:
    """A study named first and, after a break, "which of its / list the / what" nodules asks
    for that study's findings (the study had been listed, silently)."""
    acc = _accession(_a_study_with_nodules_over(7, 2))
    question = form.format(acc=acc)
    expected = fids(is_nodule, gt("diameter_mm", 7), where=lambda s: s["accession"] == acc)
    assert answer(engine, question).unit == "finding"
    assert ids(engine, question, "finding_id") == expected


def test_a_study_named_first_and_asked_whether_it_has_one_stays_the_study(
    engine: QueryEngine,
) -> None:
    """Without a word that asks for the findings ("any nodules?") the study still answers."""
    acc = _accession(_a_study_with_nodules_over(7, 2))
    assert answer(engine, f"accession {acc}, any nodules over 7 mm?").unit == "study"


# --- column names typed as written ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("findings with short_axis_mm < 4", "findings with short axis < 4 mm"),
        ("nodules where volume_mm3 > 300", "nodules where volume > 300 mm3"),
        ("mean_hu below -500", "mean hu below -500 hu"),
        ("solid_component_mm >= 5 mm", "solid component >= 5 mm"),
        ("body_part counts", "body part counts"),
        ("study_uid 1.2.3: patient_id?", "study uid 1.2.3: patients?"),
        ("patient_id P00003 exams", "patient id p00003 exams"),
        ("accession in (A1, A2, A3)", "accession a1, a2 or a3"),
    ],
)
def test_column_names_are_their_words(typed: str, read: str) -> None:
    """A column's name is the measurement (a bare bound after it takes the name's unit), an
    identifier asked for is its unit, one with a value names the identifier."""
    assert read_column_names(typed.lower()) == read


@pytest.mark.parametrize(
    "question",
    [
        "masses where long_axis_mm >= 40",
        "psn with solid_component_mm over 4",
        "distinct patient_id of ldcts in 2026",
        "mass rows of ldcts",
        "head cts where a hemorrhage finding exists",
    ],
)
def test_column_names_are_read_without_a_word_left(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert clean_reading(query), query


def test_a_measured_column_bounds_that_measurement(engine: QueryEngine) -> None:
    question = "part-solid nodules with solid_component_mm > 5"
    expected = sids(nod(att("part-solid"), gt("solid_component_mm", 5)))
    assert ids(engine, question, "study_uid") == expected


# --- nodule features: a size after "without <feature>" ---------------------------------------


def test_a_size_after_without_a_feature_is_the_nodules_own(engine: QueryEngine) -> None:
    """A margin or calcification has no size: the size after it is the nodule's, outside the
    negation (it had been negated, "<= 15 mm", silently)."""
    question = "solid nodules without spiculation over 15 mm"
    expected = sids(nod(att("solid"), lambda f: f["margin"] != "spiculated", gt("diameter_mm", 15)))
    assert ids(engine, question, "study_uid") == expected


# --- two values of a field counted, a header, a breakdown ------------------------------------


def _margins(*values: str) -> dict[str, int]:
    return dict(Counter(f["margin"] for f in findings() if is_nodule(f) and f["margin"] in values))


def test_two_margins_counted_compared_with_ones(engine: QueryEngine) -> None:
    """ "spiculated nodules compared with smooth ones", counted, is a count per margin of the
    two (the second had been read as a second condition, warned)."""
    got = answer(engine, "count of smooth nodules compared with lobulated ones")
    assert {str(r["margin"]): int(r["count"]) for r in got.rows} == _margins("smooth", "lobulated")


def test_a_field_and_a_count_as_a_header(engine: QueryEngine) -> None:
    got = answer(engine, "body part | study count")
    expected = Counter(s["body_part"] for s in studies())
    assert {str(r["body_part"]): int(r["count"]) for r in got.rows} == expected


def test_a_description_breakdown_said_first(engine: QueryEngine) -> None:
    got = answer(engine, "study description split for 2025")
    chosen = [s for s in studies() if s["study_date"].startswith("2025")]
    expected = Counter(s["description"] for s in chosen)
    assert {str(r["description"]): int(r["count"]) for r in got.rows} == expected


# --- reports: a finding of the images after a report's words ---------------------------------


def test_there_is_a_finding_after_the_reports_words(engine: QueryEngine) -> None:
    """ "... and there is a <kind> finding" is a finding of the images under the kind of study
    asked for (it had been read as a report mention too, and the findings listed)."""
    question = "ldcts where the report says emphysema and there is a ggn finding"
    got = answer(engine, question)
    assert got.unit == "study"
    assert ids(engine, question, "study_uid") == sids(
        ldct, says("emphysema"), nod(att("ground-glass"))
    )


# --- people, the whole cohort, modality -------------------------------------------------------


def test_the_whole_cohort_said_as_a_place_is_every_patient(engine: QueryEngine) -> None:
    got = answer(engine, "how many women are there in the entire screening programme")
    assert got.count == len([p for p in pats() if p["sex"] == "F"])


def test_a_participant_is_a_patient(engine: QueryEngine) -> None:
    uid = sids(cta)[3]
    question = f"accession {_accession(uid)}: which participant was it"
    assert ids(engine, question, "patient_id") == pids(lambda s: s["study_uid"] == uid)


def test_a_kind_of_study_right_after_the_people_is_cautioned(grounder: Grounder) -> None:
    """ "men 60 to 70 chest cts" answers the patients (the Conventions' unit rule) and says
    that the studies may be meant; "female chest cts" names the studies without a caution."""
    assert parse(grounder, "men 60 to 70 ldcts").cautions
    assert parse(grounder, "female ldcts").cautions == ()


def test_a_cta_with_a_kind_that_exists(engine: QueryEngine) -> None:
    question = "ct angiograms where a consolidation finding exists"
    assert ids(engine, question, "study_uid") == sids(cta, kind("consolidation"))


# --- numbers and dates --------------------------------------------------------------------------


def test_measuring_between_the_measurement_and_its_bound(engine: QueryEngine) -> None:
    question = "nodule short axis measuring at least 16 mm"
    expected = sids(nod(lambda f: f["short_axis_mm"] >= 16))
    assert ids(engine, question, "study_uid") == expected


def test_a_quarter_said_with_its_number_apart(engine: QueryEngine) -> None:
    got = answer(engine, "ldct count for q two twenty twenty five")
    assert got.count == len(sids(ldct, quarter(2025, 2)))
