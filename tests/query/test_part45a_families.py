"""The families part 45 (``bank_fresh_45.py``) showed answered silently wrong, share A: "either A
or B" (an "or", not "ever"), a question that opens on "had" (its subject, the patient, left
out), a place verb after "mean <field>" ("whose mean density reads below"), and an amount set
off by a comma after growing findings ("growing nodules, more than 2 mm": the growth).

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from blind_reference import (
    att,
    calcified,
    cat_in,
    fstudy,
    grew_readings,
    gt,
    history,
    kind,
    ldct,
    lt,
    margin,
    nod,
    pids,
    sids,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]
Test = Callable[[Row], bool]


def _ever(test: Test) -> Callable[[list[Row]], bool]:
    return lambda mine: any(map(test, mine))


# --- set logic: "either A or B" -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        ("patients with either a calcified nodule or a mass", "calcified", "mass"),
        ("people having either a mass or a spiculated nodule", "mass", "spiculated"),
        ("pts w either a ground-glass nodule or a mass", "ground-glass", "mass"),
        ("patients with either a mass, or a calcified nodule", "mass", "calcified"),
    ],
)
def test_either_or_is_one_condition_or_the_other(
    grounder: Grounder, engine: QueryEngine, question: str, first: str, second: str
) -> None:
    """ "either A or B" asks for a patient with A or B: "either" only announces the "or" (it had
    been read as "ever" and both required, silently)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.filter.any_of, query

    def test(name: str) -> Test:
        if name == "mass":
            return kind("mass")
        if name == "calcified":
            return nod(calcified)
        if name == "spiculated":
            return nod(margin("spiculated"))
        return nod(att(name))

    a, b = test(first), test(second)
    assert ids(engine, question, "patient_id") == pids(lambda s: a(s) or b(s))


def test_either_before_a_lobe_is_not_an_or(grounder: Grounder) -> None:
    """ "either lower lobe (rll or lll)" keeps its lobes: "either" before a side or a level is
    not the "either ... or" form."""
    query = parse(grounder, "spiculated nodules in either lower lobe (rll or lll)")
    assert not query.filter.any_of, query


# --- set logic: a question opening on "had" ------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "test"),
    [
        (
            "had a solid nodule at one time but never lung-rads 4",
            lambda mine: (
                _ever(nod(att("solid")))(mine) and not _ever(cat_in("4A", "4B", "4X"))(mine)
            ),
        ),
        (
            "has had a ground-glass nodule but never a mass",
            lambda mine: _ever(nod(att("ground-glass")))(mine) and not _ever(kind("mass"))(mine),
        ),
        ("ever had lung-rads 4b", _ever(cat_in("4B"))),
        ("had at least 4 ldcts", lambda mine: sum(map(ldct, mine)) >= 4),
    ],
)
def test_a_question_opening_on_had_asks_for_patients(
    grounder: Grounder,
    engine: QueryEngine,
    question: str,
    test: Callable[[list[Row]], bool],
) -> None:
    """A question that opens on "had" ("has had", "ever had") leaves its subject out: what had a
    finding or a category over time is a patient (the studies had been listed, silently)."""
    query = parse(grounder, question)
    assert query.unit == "patient", query
    assert ids(engine, question, "patient_id") == history(test)


# --- numbers: a place verb after "mean <field>" ---------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field", "bound", "below"),
    [
        (
            "scans showing a nodule whose mean attenuation registers under -600 hu",
            "mean_hu",
            -600,
            True,
        ),
        (
            "which studies have a nodule whose mean diameter reads above 12 mm",
            "diameter_mm",
            12,
            False,
        ),
        ("exams with a nodule whose mean density comes in below -700 hu", "mean_hu", -700, True),
        ("studies with a nodule whose mean hu reading lies under -650", "mean_hu", -650, True),
    ],
)
def test_a_place_verb_after_a_mean_field_is_no_average(
    grounder: Grounder, engine: QueryEngine, question: str, field: str, bound: float, below: bool
) -> None:
    """ "whose mean density reads below -500 hu" bounds each nodule's mean attenuation: the verb
    of where a measurement lies adds nothing, and "mean" is the field's own word (it had been
    read as an average asked for, silently)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.aggregate is None, query
    got = answer(engine, question)
    assert got.to_json()["unit"] == "study"
    test = lt(field, bound) if below else gt(field, bound)
    assert ids(engine, question, "study_uid") == sids(nod(test))


# --- growth: an amount set off by a comma --------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "amount", "inclusive"),
    [
        ("enlarging nodules, more than three millimetres", 3.0, False),
        ("growing nods, at least 2.5 mm", 2.5, True),
        ("growing solid nodules, over 2 mm", 2.0, False),
    ],
)
def test_an_amount_after_growing_findings_is_the_growth(
    grounder: Grounder, engine: QueryEngine, question: str, amount: float, inclusive: bool
) -> None:
    """An amount set off by a comma right after growing findings, ending its clause, is how much
    they grew (it had been read as their size, the growth left at 1.5 mm, silently)."""
    query = parse(grounder, question)
    clause = query.filter.findings[0]
    assert clause.measures == (), query
    assert clause.grew and clause.growth_mm.low == amount, query
    assert clause.growth_mm.low_inclusive == inclusive, query
    extra = (att("solid"),) if "solid" in question else ()
    readings = [sids(fstudy(r, *extra)) for r in grew_readings(amount, inclusive)]
    assert ids(engine, question, "study_uid") in readings


def test_growing_findings_with_a_size_and_no_comma_keep_the_size(grounder: Grounder) -> None:
    """ "growing nodules over 6 mm" (no comma) keeps the size: only the comma sets the amount off
    as the growth."""
    query = parse(grounder, "growing nodules over 6 mm")
    clause = query.filter.findings[0]
    assert clause.grew and clause.growth_mm.low == 1.5, query
    assert clause.measures, query
