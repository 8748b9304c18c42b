"""The families part 39 (``bank_fresh_39.py``) showed missing, share G: set logic at patient
level, report concepts, growth of "nodule findings", and counts and sets said in other words.

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from typing import Any

import pytest
from blind_reference import (
    agreed,
    att,
    calcified,
    chest_ct,
    each_on_some,
    findings,
    grew,
    history,
    in_year,
    is_nodule,
    kind,
    ldct,
    margin,
    nod,
    nods,
    pids,
    says,
    sids,
)
from family_reading import answer, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


# --- a finding with its own attributes after "on a report or" --------------------------------


@pytest.mark.parametrize(
    ("question", "other"),
    [
        ("patients with emphysema in their report or a ground-glass nodule", att("ground-glass")),
        ("pts w emphysema on the report or a calcified nodule", calcified),
        ("patients with emphysema per report or a spiculated nodule", margin("spiculated")),
    ],
)
def test_a_described_finding_after_or_is_a_finding(
    engine: QueryEngine, question: str, other: Any
) -> None:
    """After "<concept> on a report or", a kind word with attributes of its own is the other
    alternative, a finding: patients with either (it had also been read as a report mention of
    the kind, ANDed on, silently)."""
    expected = pids(lambda s: says("emphysema")(s) or nod(other)(s))
    assert ids(engine, question, "patient_id") == expected


def test_a_bare_kind_after_or_stays_in_the_report(grounder: Grounder) -> None:
    """A kind word with nothing of its own after the "or" may still be what the report
    mentions: it is not made a finding."""
    typed = parse(grounder, "patients with emphysema in the report or a nodule")
    assert typed.filter.findings == ()


# --- "nodule findings" followed over time are nodules themselves ----------------------------


def _nodule_findings_grown(g: float) -> list[str]:
    """The findings that are nodules and grew by more than ``g`` mm (every reading of the
    change, rounded or not, agrees here)."""
    readings = [
        sorted(f["finding_id"] for f in findings() if is_nodule(f) and grew(g, False, r, m)(f))
        for r in (False, True)
        for m in (False, True)
    ]
    answer_ = agreed(*readings)
    assert answer_ is not None
    return list(answer_)


def _grown_masses(g: float) -> list[str]:
    return sorted(
        f["finding_id"]
        for f in findings()
        if f["kind"] == "mass" and grew(g, False, False, True)(f)
    )


@pytest.mark.parametrize(
    "question", ["which nodule findings grew by more than 2 mm", "nodule findings grown > 2mm"]
)
def test_nodule_findings_that_grew_are_nodules(engine: QueryEngine, question: str) -> None:
    """ "nodule findings" that grew are findings that are nodules now; the masses the growth
    would let in (nodules that grew into masses) are named in a warning, so that neither
    reading is silent."""
    got = answer(engine, question)
    assert got.unit == "finding"
    assert sorted(r["finding_id"] for r in got.rows) == _nodule_findings_grown(2.0)
    masses = _grown_masses(2.0)
    assert masses, "the cohort has nodules that grew into masses"
    assert any(all(m in w for m in masses[:5]) for w in got.warnings)


def test_counted_nodule_findings_that_grew_take_in_masses(engine: QueryEngine) -> None:
    """Counted, a nodule finding that grew into a mass is still a nodule that grew (parts 37
    and 39 count it), and a warning says so."""
    got = answer(engine, "how many nodule findings grew by more than 2 mm")
    expected = agreed(
        *[
            sum(1 for f in findings() if grew(2.0, False, r, m)(f))
            for r in (False, True)
            for m in (False, True)
        ]
    )
    assert got.count == expected == len(_nodule_findings_grown(2.0)) + len(_grown_masses(2.0))
    assert any("takes in a nodule that grew into a mass" in w.lower() for w in got.warnings)


@pytest.mark.parametrize("question", ["how many nodules grew", "studies with a growing nodule"])
def test_nodules_that_grew_still_take_in_masses(grounder: Grounder, question: str) -> None:
    """Only "nodule findings" said as one noun: a growing nodule of a study, or "how many
    nodules grew", still counts a nodule that grew into a mass (the Conventions)."""
    clause = parse(grounder, question).filter.findings[0]
    assert clause.grew
    assert not clause.kind_now


# --- counts and sets said in other words ------------------------------------------------------


def test_numbers_in_brackets_restate_the_range(engine: QueryEngine) -> None:
    """A bracket of numbers only after a count ("(0, 1 or 2)") restates it: dropped (its "or"
    had been read as a second condition)."""
    question = "ldcts with fewer than 3 nodules (0, 1 or 2)"
    assert ids(engine, question, "study_uid") == sids(ldct, lambda s: len(nods(s)) < 3)
    assert answer(engine, question).warnings == ()


def test_each_of_whose_studies_had_no(engine: QueryEngine) -> None:
    """ "patients with a chest ct, each of whose chest cts had no mass": none of the patient's
    chest CTs had one (it had been read per study, warned)."""
    question = "patients with a chest ct, each of whose chest cts had no mass"
    expected = history(
        lambda mine: (
            any(map(chest_ct, mine)) and not any(chest_ct(s) and kind("mass")(s) for s in mine)
        )
    )
    assert ids(engine, question, "patient_id") == expected


def test_on_one_occasion_and_on_the_same_or_another(engine: QueryEngine) -> None:
    """A on one occasion and, on the same or another occasion, B: each on some study of the
    patient (the occasions had been read as an "or", warned)."""
    question = (
        "patients who had a solid nodule on one occasion and, on another or the same occasion, "
        "a calcified nodule"
    )
    expected = history(each_on_some(nod(att("solid")), nod(calcified)))
    assert ids(engine, question, "patient_id") == expected


@pytest.mark.parametrize(
    "question",
    [
        "patients with a chest ct in 2024 but no chest ct in 2025",
        "patients with a chest ct in 2024 and with no chest cts at all in 2025",
    ],
)
def test_no_study_of_a_kind_in_another_period(engine: QueryEngine, question: str) -> None:
    """A study of a kind in one period but none in another: never one then (the two periods had
    been joined into one and the kind negated on the same study: nobody, silently)."""
    expected = history(
        lambda mine: (
            any(chest_ct(s) and in_year(2024)(s) for s in mine)
            and not any(chest_ct(s) and in_year(2025)(s) for s in mine)
        )
    )
    assert expected
    assert ids(engine, question, "patient_id") == expected


# --- reports ------------------------------------------------------------------------------


def test_a_concept_never_reported_first_in_the_question(engine: QueryEngine) -> None:
    """ "lymphadenopathy never reported - which patients": no affirmed mention on any of their
    reports ("never" had been left unread, warned)."""
    question = "lymphadenopathy never reported - which patients"
    expected = history(lambda mine: not any(map(says("lymphadenopathy"), mine)))
    assert ids(engine, question, "patient_id") == expected


@pytest.mark.parametrize(
    "question",
    ["ldcts with enlarged hilar lymph nodes", "ldcts showing enlarged mediastinal nodes"],
)
def test_enlarged_lymph_nodes_with_a_place(engine: QueryEngine, question: str) -> None:
    """ "enlarged hilar (mediastinal) lymph nodes" is lymphadenopathy in the report, the place
    within the words (it had been matched by meaning, "nodes" left over, warned)."""
    assert ids(engine, question, "study_uid") == sids(ldct, says("lymphadenopathy"))
    assert answer(engine, question).warnings == ()
