"""The families parts 56 to 59 (``bank_fresh_56.py`` ... ``bank_fresh_59.py``) showed missing,
share C: Lung-RADS over time and per patient, set logic at patient level, counts of studies
said other ways and growth thresholds.

- "single / individual <studies>" is each study on its own (:mod:`query.count_words`);
- "imaging" after "on / in" is where a finding was seen, never the unit asked (:mod:`query.parser`);
- "lr N on two or more scans" counts the patient's studies of that category
  (:mod:`query.category_forms`);
- an amount said before "growth" is how much the nodule grew (:mod:`query.growth_forms`);
- who asks ("screening coordinator:", "screening office wants") is no condition
  (:mod:`query.layouts`), "participants" are patients (:mod:`query.plain_forms`);
- after a patient's highest category, "nothing higher", "across all their exams" and "on
  record" say it again (:mod:`query.category_forms`).

Each rule is checked in phrasings written here (not the parts'). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from typing import Any

import pytest
from blind_reference import (
    agreed,
    cat_in,
    chest_ct,
    grew_readings,
    highest,
    history,
    kind,
    ldct,
    lesion,
    nod,
    nods,
    pids,
    says,
    sex_is,
    sids,
    went_from,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


# --- counts: "single" studies -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kind", "least"),
    [
        ("single chest cts that show at least three nodules", chest_ct, 3),
        ("individual ldcts with more than 2 nodules", ldct, 3),
        ("single screening scans showing 4 or more nodules", ldct, 4),
    ],
)
def test_single_studies_are_each_study(
    grounder: Grounder, engine: QueryEngine, question: str, kind: Any, least: int
) -> None:
    """ "single / individual" before studies in the plural is each study on its own: the
    studies with that many nodules (it had been read as patients with exactly one study,
    silently)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.filter.patient is None or query.filter.patient.studies is None, query
    assert ids(engine, question, "study_uid") == sids(kind, lambda s: len(nods(s)) >= least)


def test_a_single_scan_of_a_patient_stays_one_study(grounder: Grounder) -> None:
    """After "with / had / a" the word stays as said: "patients with a single scan" are the
    patients with one study."""
    query = parse(grounder, "patients with a single scan")
    assert query.filter.patient is not None and query.filter.patient.studies is not None


# --- set logic: "on imaging" ---------------------------------------------------------------------


def test_imaging_after_on_is_where_a_finding_was_seen(engine: QueryEngine) -> None:
    """ "never any nodule on imaging - patient list": "imaging" is where the nodule was looked
    for, the patients are asked (the studies had been listed, silently)."""
    question = "lymphadenopathy noted in a report though never a nodule on imaging - patient list"
    got = answer(engine, question)
    assert got.to_json()["warnings"] == [], question
    assert ids(engine, question, "patient_id") == history(
        lambda mine: any(map(says("lymphadenopathy"), mine)) and not any(map(nod(), mine))
    )


# --- Lung-RADS: a category on several of the patient's studies ----------------------------------


def _studies_of_category(c: str, least: int) -> list[str]:
    return history(lambda mine: sum(map(cat_in(c), mine)) >= least)


@pytest.mark.parametrize(
    ("question", "c", "least"),
    [
        ("patients with lung-rads 4a on at least two scans", "4A", 2),
        ("pts with lr 2 on 3 or more studies", "2", 3),
        ("which patients had at least 2 exams that were lung-rads 4b", "4B", 2),
        ("patients having two or more studies scored lr 3", "3", 2),
    ],
)
def test_a_category_on_several_studies_counts_those_studies(
    grounder: Grounder, engine: QueryEngine, question: str, c: str, least: int
) -> None:
    """A category said with how many of the patient's studies had it is that many studies of
    the category (it had been read as one nodule seen on that many studies, or the patient's
    studies in all, silently)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "patient_id") == _studies_of_category(c, least)


# --- growth: an amount before "growth" --------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "by", "inclusive"),
    [
        ("male pts with >3mm nodule growth", 3.0, False),
        ("men showing at least 3 mm of nodule growth", 3.0, True),
        ("men with more than 2 mm growth", 2.0, False),
    ],
)
def test_an_amount_before_growth_is_how_much_it_grew(
    grounder: Grounder, engine: QueryEngine, question: str, by: float, inclusive: bool
) -> None:
    """ "> 3 mm nodule growth" is a nodule that grew by more than 3 mm (the amount had been read
    as the nodule's size and the growth left at 1.5 mm, silently)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert all(not c.measures for c in query.filter.findings), query
    expected = agreed(*[pids(sex_is("M"), lesion(t)) for t in grew_readings(by, inclusive)])
    assert expected is not None
    assert ids(engine, question, "patient_id") == expected


# --- Lung-RADS per patient: who asks, and the highest said again --------------------------------


def _highest_is(c: str) -> list[str]:
    return history(lambda mine: highest(mine) == c)


@pytest.mark.parametrize(
    ("question", "c"),
    [
        ("lung screening coordinator here: people whose worst lung-rads ever was 4b", "4B"),
        ("screening team wants participants whose highest lung-rads was 2, nothing higher", "2"),
        ("screening nurse: enrollees whose highest lr is 4a across all of their scans", "4A"),
        ("top lung-rads on record per person is 3 - who", "3"),
    ],
)
def test_the_patients_highest_category_said_other_ways(
    grounder: Grounder, engine: QueryEngine, question: str, c: str
) -> None:
    """An asker named before the question ("screening coordinator here:", "screening team
    wants") is no screening condition; "participants / enrollees" are patients; "nothing
    higher", "across all their scans" and "on record (per person)" after the highest category
    say it again (each had been left unread, or the screening study required, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    got = answer(engine, question)
    assert got.to_json()["warnings"] == [], question
    assert ids(engine, question, "patient_id") == _highest_is(c)


def test_screening_said_as_a_condition_stays(grounder: Grounder) -> None:
    """Only an asker at the start goes: "screening cts with ..." still asks for screening CTs."""
    query = parse(grounder, "screening cts with a spiculated nodule")
    assert query.filter.descriptions == ("SCREENING",), query


# --- Lung-RADS over time: the next study said again ----------------------------------------------


@pytest.mark.parametrize(
    ("question", "old", "new"),
    [
        ("patients who went from lung-rads 3 straight to 4a on the following scan", "3", "4A"),
        ("pts whose lr went from 2 to 3 from one study to the next", "2", "3"),
        (
            "patients whose lung-rads went from 3 directly to 4a between consecutive exams",
            "3",
            "4A",
        ),
    ],
)
def test_went_from_a_to_b_on_the_next_study(
    grounder: Grounder, engine: QueryEngine, question: str, old: str, new: str
) -> None:
    """ "went from A (straight) to B on the next scan / from one exam to the next" is the
    change from the previous study ("straight" and the next study had been left unread,
    warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "patient_id") == pids(went_from(old, (new,)))


# --- set logic at patient level -------------------------------------------------------------------


def test_none_of_the_studies_and_zero_in_the_history(engine: QueryEngine) -> None:
    """ "N scans, none of which showed X" and "zero X across their whole history" are never had
    (both had been read per study, warned)."""
    question = "women with at least three studies, none of which showed a mass"
    assert answer(engine, question).to_json()["warnings"] == []
    assert ids(engine, question, "patient_id") == history(
        lambda mine: sex_is("F")(mine[0]) and len(mine) >= 3 and not any(map(kind("mass"), mine))
    )
    question = "men with zero masses across their whole history"
    assert answer(engine, question).to_json()["warnings"] == []
    assert ids(engine, question, "patient_id") == history(
        lambda mine: sex_is("M")(mine[0]) and not any(map(kind("mass"), mine))
    )


def test_inline_inclusion_and_exclusion_criteria(engine: QueryEngine) -> None:
    """ "Inclusion: A; Exclusion: any B" is A and never B; a "Criteria list: - ..." heading is
    only the form (each label had been left unread, the excluded finding required, warned)."""
    question = "Inclusion: 2 or more chest cts; Exclusion: any mass on any scan"
    assert answer(engine, question).to_json()["warnings"] == []
    assert ids(engine, question, "patient_id") == history(
        lambda mine: sum(map(chest_ct, mine)) >= 2 and not any(map(kind("mass"), mine))
    )
    question = "Criteria list: - sex M - at least 3 chest CTs - never any mass"
    assert answer(engine, question).to_json()["warnings"] == []
    assert ids(engine, question, "patient_id") == history(
        lambda mine: (
            sex_is("M")(mine[0])
            and sum(map(chest_ct, mine)) >= 3
            and not any(map(kind("mass"), mine))
        )
    )


def test_column_names_written_with_underscores(engine: QueryEngine) -> None:
    """ "lung_rads = 4b" is Lung-RADS 4B, "pleural_effusion" a pleural effusion ("lung_rads"
    had been left unread and "= 4b" read as a size, warned)."""
    question = "studies where lung_rads = 4b"
    assert answer(engine, question).to_json()["warnings"] == []
    assert ids(engine, question, "study_uid") == sids(cat_in("4B"))
    question = "studies where kind is pleural_effusion"
    assert answer(engine, question).to_json()["warnings"] == []
    assert ids(engine, question, "study_uid") == sids(kind("pleural_effusion"))
