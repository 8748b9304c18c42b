"""The families parts 60 to 63 (``bank_fresh_60.py`` ... ``bank_fresh_63.py``) showed missing,
share C (Lung-RADS over time, patient-level set logic, counts, growth): a study's one nodule
said to have a property ("only one nodule, and it is spiculated": :mod:`query.counted_forms`),
a diagnostic study the patient never had (:mod:`query.parser`), and a pronoun after a trailing
"- which exams" ("... had one": :mod:`query.rewrites`).

Each rule is checked in phrasings written here (not the parts'). The engine tests check answers
against the cohort, computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from typing import Any

import pytest
from blind_reference import (
    att,
    both_,
    calcified,
    chest_ct,
    fstudy,
    grew_readings,
    history,
    ldct,
    margin,
    neg,
    nod,
    nods,
    sids,
    some_but_never,
)
from family_reading import ids

from query import rewrites
from query.engine import QueryEngine

Row = dict[str, Any]

# --- counts: the study's one nodule has a property ---------------------------------------------


def _one_nodule(s: Row) -> bool:
    return len(nods(s)) == 1


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("exams with just one nodule and it is calcified", nod(calcified)),
        ("studies with a single nodule, which is solid", nod(att("solid"))),
        ("cts showing exactly one nodule and it's part-solid", nod(att("part-solid"))),
        ("scans that have only one nodule, and that is spiculated", nod(margin("spiculated"))),
    ],
)
def test_the_one_nodule_of_a_study_has_the_property(
    engine: QueryEngine, question: str, test: Any
) -> None:
    """ "only one nodule, and it is X": the study has exactly one nodule, and that nodule is X
    (the property had been put on the counted nodules: a study with one X nodule among others
    was answered, silently)."""
    assert ids(engine, question, "study_uid") == sids(_one_nodule, test)


def test_a_phrase_after_the_one_nodule_that_is_no_property_stays_as_typed() -> None:
    """Only a one-word property closing the phrase is moved onto the nodule."""
    text = "scans with exactly one nodule, which is not seen"
    assert rewrites.trace(text)[-1][0] != "counted_forms"


# --- set logic: a diagnostic study never had --------------------------------------------------


def _diagnostic(s: Row) -> bool:
    return chest_ct(s) and not ldct(s)


@pytest.mark.parametrize(
    "question",
    [
        "patients with low-dose screening cts who never had a diagnostic chest ct",
        "pts who had an ldct but never any non-screening chest ct",
    ],
)
def test_a_diagnostic_study_never_had_belongs_to_the_negated_phrase(
    engine: QueryEngine, question: str
) -> None:
    """ "but never a diagnostic chest CT": the patient had no chest CT but the screening ones;
    the question's own studies stay screening ones ("diagnostic" had been put on them too: no
    study is both, so nobody was answered, silently)."""
    assert ids(engine, question, "patient_id") == history(some_but_never(ldct, _diagnostic))


def test_diagnostic_studies_asked_for_still_leave_the_screening_ones_out(
    engine: QueryEngine,
) -> None:
    """Outside a negation "diagnostic" still names the studies themselves."""
    question = "diagnostic chest cts with a nodule"
    assert ids(engine, question, "study_uid") == sids(both_(chest_ct, neg(ldct)), nod())


# --- growth: "- which exams had one" ----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("part-solid nodules getting bigger - which scans had one", "part-solid"),
        ("growing solid nodules, which exams showed them?", "solid"),
    ],
)
def test_a_pronoun_after_which_exams_is_the_finding_named(
    engine: QueryEngine, question: str, value: str
) -> None:
    """ "... - which exams had one": the pronoun is the finding already named, so the studies
    are those with such a nodule that grew (it had been read as a second nodule of its own:
    another nodule that grew was enough, silently)."""
    answers = [sids(fstudy(g, att(value))) for g in grew_readings()]
    assert ids(engine, question, "study_uid") in answers
