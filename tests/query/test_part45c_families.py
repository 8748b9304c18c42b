"""The families parts 44 and 45 (``bank_fresh_44.py``, ``bank_fresh_45.py``) showed missing,
share C: set logic, report negation, Lung-RADS over time and growth said in other words
(:mod:`query.negated_forms`, :mod:`query.plain_forms`, :mod:`query.layouts`,
:mod:`query.typos`, :mod:`query.category_forms`, :mod:`query.growth_forms`).

Each rule is checked in phrasings written here (not the parts'). The parser tests check that
every word was read; the engine tests check answers against the cohort, computed in plain
Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from blind_reference import (
    agreed,
    att,
    category,
    each_on_some,
    fstudy,
    head_ct,
    highest,
    history,
    in_lobe,
    in_year,
    kind,
    ldct,
    new,
    non_contrast_chest,
    pids,
    says,
    sids,
    stable,
    went,
    went_from,
    with_contrast,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]
History = Callable[[list[Row]], bool]


def _never(test: Callable[[Row], bool]) -> History:
    return lambda mine: not any(test(s) for s in mine)


# --- set logic ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a purpose label before a colon is dropped; coming for a scan is having one
        (
            "audit question: people who came in for a scan in both 2024 and 2025",
            history(each_on_some(in_year(2024), in_year(2025))),
        ),
        # "those who" are people, and "no X (at all) in their history" is no X on any study
        ("show those who have no head ct at all in their history", history(_never(head_ct))),
        ("the ones who had no ldct in their record", history(_never(ldct))),
        # the other occasion said first: each finding on any of the patient's studies
        (
            "patients who had a mass and also, on a separate exam or the same one, a pneumothorax",
            history(each_on_some(kind("mass"), kind("pneumothorax"))),
        ),
        # one study with contrast and another without: the patient had both kinds
        (
            "patients who had a chest ct without contrast and another one with contrast",
            history(each_on_some(with_contrast, non_contrast_chest)),
        ),
        # "not once" / "never ever" is "never"; a stray "w" after the report verb is no finding
        ("patients whose reports not once mentioned emphysema", history(_never(says("emphysema")))),
        (
            "patients whose reports never ever documented w emphysema",
            history(_never(says("emphysema"))),
        ),
    ],
)
def test_set_logic_and_report_negation_in_other_words(
    grounder: Grounder, engine: QueryEngine, question: str, expected: list[str]
) -> None:
    """Each question is a set of patients read with every word used."""
    assert clean_reading(parse(grounder, question)), parse(grounder, question)
    assert ids(engine, question, "patient_id") == expected


def test_both_typed_with_a_slip(engine: QueryEngine) -> None:
    """ "bothe" is "both", said as a spelling note (it had been left unread, warned)."""
    question = "patients with studies in bothe 2024 and 2025"
    got = answer(engine, question)
    assert "'bothe' read as both (spelling)" in got.to_json()["interpretation"]
    assert ids(engine, question, "patient_id") == history(
        each_on_some(in_year(2024), in_year(2025))
    )


# --- Lung-RADS over time --------------------------------------------------------------------


def _steady(cat: str, least: int) -> History:
    def test(mine: list[Row]) -> bool:
        screens = [s for s in mine if ldct(s)]
        return len(screens) >= least and all(category(s) == cat for s in screens)

    return test


@pytest.mark.parametrize(
    ("question", "unit", "expected"),
    [
        # the highest category "stopped at / maxed out at" one: the patient's highest
        (
            "patients whose highest ever lr stopped at 2",
            "patient_id",
            history(lambda m: highest(m) == "2"),
        ),
        # "moved / jumped / progressed from A (straight) to B (on the next scan)": a change from
        # the previous study
        (
            "patients who jumped from lung-rads 2 directly to 3 on the following study",
            "patient_id",
            pids(went_from("2", ("3",))),
        ),
        (
            "patients who progressed from lr 1 to 3 on their next scan",
            "patient_id",
            pids(went_from("1", ("3",))),
        ),
        # a step of the scale ("one category") up since the previous study
        (
            "ldcts that went up one category compared to the previous exam",
            "study_uid",
            sids(ldct, went(1)),
        ),
        # the same category on every screening CT, and at least that many of them
        (
            "patients who remained lung-rads 1 on every one of their ldcts (at least two)",
            "patient_id",
            history(_steady("1", 2)),
        ),
    ],
)
def test_lung_rads_over_time_in_other_words(
    grounder: Grounder, engine: QueryEngine, question: str, unit: str, expected: list[str]
) -> None:
    """Each question reads with every word used, and answers as the cohort says."""
    assert clean_reading(parse(grounder, question)), parse(grounder, question)
    assert ids(engine, question, unit) == expected


# --- growth: new and stable ------------------------------------------------------------------


def test_a_nodule_seen_for_the_first_time_is_new(grounder: Grounder, engine: QueryEngine) -> None:
    """ "a nodule appeared for the first time" is a new nodule (the words had been left unread
    and every nodule kept, warned)."""
    question = "2025 scans where a solid nodule appeared for the first time"
    assert clean_reading(parse(grounder, question)), parse(grounder, question)
    expected = agreed(*[sids(in_year(2025), fstudy(new(m), att("solid"))) for m in (False, True)])
    assert ids(engine, question, "study_uid") == expected


def test_a_nodule_that_has_not_changed_is_stable(grounder: Grounder, engine: QueryEngine) -> None:
    """ "nodules which have not changed compared with the previous scan" are stable ones ("not"
    and "changed" had been left unread, warned)."""
    question = "left upper lobe nodules which have not changed compared with the previous scan"
    assert clean_reading(parse(grounder, question)), parse(grounder, question)
    got = ids(engine, question, "study_uid")
    readings = [
        sids(fstudy(stable(r, m), in_lobe("LUL"))) for r in (False, True) for m in (False, True)
    ]
    assert got in readings
