"""The families part 43 (``bank_fresh_43.py``) showed missing, share E: masses set aside in a
phrase of their own after new nodules (:mod:`query.new_masses`), "fresh" and "holding steady"
nodules, the people named and "those who" had something set aside (:mod:`query.reading`), "no
... at any point" (:mod:`query.clauses`) and a breakdown "by their" category
(:mod:`query.history`).

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from blind_reference import (
    agreed,
    at_station,
    att,
    category,
    fstudy,
    history,
    in_year,
    kind,
    ldct,
    margin,
    new,
    nod,
    pids,
    sids,
    some_but_never,
    stable,
    studies,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

# --- growth: masses set aside in a phrase of their own ----------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "studies showing a new nodule in 2023, masses excluded",
        "scans from 2023 with a new nodule (excluding masses)",
        "studies with a new nodule during 2023 (masses aside)",
        "2023 studies with a new nodule, other than masses",
    ],
)
def test_masses_set_aside_after_new_nodules_are_new_nodules_not_masses(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """Masses set aside in a bracket, after a comma or by a participle after the kind are
    "new nodules, not masses": the track must begin as a nodule (the masses had been asked for
    as a second condition, or their words left unread, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    (clause,) = query.filter.findings
    assert (clause.kinds, clause.new, clause.track_start) == (("nodule",), True, "nodule")
    assert ids(engine, question, "study_uid") == sids(fstudy(new(False)), in_year(2023))


def test_a_set_aside_mass_after_words_between_still_leaves_masses_out(
    engine: QueryEngine,
) -> None:
    """A station between the nodule and the afterthought does not keep the mass apart."""
    question = "patients who got a new nodule at ct02, excluding masses"
    assert ids(engine, question, "patient_id") == pids(at_station("CT02"), fstudy(new(False)))


def test_masses_with_new_nodules_are_still_both(grounder: Grounder) -> None:
    """ "new nodules and masses" asks for both; nothing is set aside."""
    query = parse(grounder, "studies with new nodules and masses")
    assert [c.kinds for c in query.filter.findings] == [("nodule",), ("mass",)]
    assert all(c.track_start is None for c in query.filter.findings)


# --- growth: "fresh", "first seen", "holding steady" ------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "patients with a fresh nodule, not masses",
        "patients whose nodule was first noted, not masses",
    ],
)
def test_fresh_and_first_noted_nodules_are_new(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """ "fresh" and "first seen / detected / noted" say new (they had been left unread)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.filter.findings[0].new
    assert ids(engine, question, "patient_id") == pids(fstudy(new(False)))


def test_holding_steady_is_stable(grounder: Grounder, engine: QueryEngine) -> None:
    """ "holding / held steady" is stable (it had been left unread, with any nodule answered)."""
    question = "studies with ground glass nodules that held steady"
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.filter.findings[0].stable
    expected = agreed(
        *[
            sids(fstudy(stable(r, m), att("ground-glass")))
            for r in (False, True)
            for m in (False, True)
        ]
    )
    if expected is not None:
        assert ids(engine, question, "study_uid") == expected


# --- set logic and features: never on any study ---------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "patients with a part solid nodule and no calcified nodule at any time",
            lambda: history(
                some_but_never(nod(att("part-solid")), nod(lambda f: f["calcified"] is True))
            ),
        ),
        (
            "people with a ggn but no smooth nodule at any point",
            lambda: history(some_but_never(nod(att("ground-glass")), nod(margin("smooth")))),
        ),
    ],
)
def test_no_finding_at_any_point_is_never_on_any_study(
    grounder: Grounder, engine: QueryEngine, question: str, expected: Callable[[], list[str]]
) -> None:
    """ "no X at any point / at any time" is none on any of the patient's studies, as "no X
    ever" is (it had been read per study, warned). The answers are computed in the test, so
    that collecting the module reads no cohort file."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.filter.patient is not None and query.filter.patient.never
    assert ids(engine, question, "patient_id") == expected()


@pytest.mark.parametrize(
    "question",
    [
        "everybody except those who had a mass",
        "all the patients other than those who ever had a mass",
        "people, save for the ones with a mass",
    ],
)
def test_the_people_but_those_who_had_it_never_had_it(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """The people named, then "except / other than / save for those who (ever) had X", are the
    patients who never had X ("everyone" and "except" had been left unread, X kept, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    never_mass = history(lambda mine: not any(map(kind("mass"), mine)))
    assert ids(engine, question, "patient_id") == never_mass


# --- lung-rads: a breakdown "by their" category ---------------------------------------------


def test_a_breakdown_by_their_category_groups_by_it(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "by their lung-rads" groups as "by lung-rads" ("their" had left it unread, warned)."""
    question = "2023 ldcts split by their lung-rads"
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.group_by == "lung_rads"
    rows = answer(engine, question).to_json()["rows"]
    got = {row[next(iter(row))]: row["count"] for row in rows}
    ld23 = [s for s in studies() if ldct(s) and in_year(2023)(s)]
    assert got == dict(Counter(category(s) for s in ld23))
