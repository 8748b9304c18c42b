"""Part 43's silent answers, share m1: an owner asked with "belongs to whom", an age heading a
kind of study, people "free of any" kind of finding, "head to head" beside the groups compared
and a station said before a count of studies (:mod:`query.parser`,
:mod:`query.counted_forms`, :mod:`query.negated_forms`, :mod:`query.plain_forms`).

Each rule is checked in phrasings written here (not the part's). The parser tests check that
every word was read; the engine tests check answers against the cohort, computed in plain
Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from blind_reference import (
    age_in,
    at_station,
    chest_ct,
    fo,
    head_ct,
    in_lobe,
    is_nodule,
    own,
    pats,
    sids,
    studies,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


# --- identifiers: "<study> belongs to whom" asks for its patient -----------------------------


@pytest.mark.parametrize("verb", ["belongs to whom?", "belonged to whom", "- belonging to whom"])
def test_owner_asked_with_to_whom(grounder: Grounder, engine: QueryEngine, verb: str) -> None:
    study = own("P00241")[0]
    question = f"{study['study_uid']} {verb}"
    assert clean_reading(parse(grounder, question))
    assert answer(engine, question).unit == "patient"
    assert ids(engine, question, "patient_id") == ["P00241"]


# --- demographics: an age heading a kind of study said in the singular -----------------------


@pytest.mark.parametrize(
    ("question", "tests"),
    [
        ("over 75 head ct", [head_ct, age_in(76, 200)]),
        ("younger than 40 chest ct", [chest_ct, age_in(0, 39)]),
    ],
)
def test_age_before_a_study(
    grounder: Grounder, engine: QueryEngine, question: str, tests: list[Any]
) -> None:
    assert clean_reading(parse(grounder, question))
    assert answer(engine, question).unit == "study"
    assert ids(engine, question, "study_uid") == sids(*tests)


# --- demographics: people free of any kind of finding never had one --------------------------


def _never_nodule(sex: str) -> list[str]:
    return sorted(
        p["patient_id"]
        for p in pats()
        if p["sex"] == sex and not any(is_nodule(f) for s in own(p["patient_id"]) for f in fo(s))
    )


@pytest.mark.parametrize(
    ("question", "sex"),
    [
        ("women who are free of any nodules", "F"),
        ("men of the cohort clear of any nodule findings", "M"),
    ],
)
def test_free_of_any(grounder: Grounder, engine: QueryEngine, question: str, sex: str) -> None:
    assert clean_reading(parse(grounder, question))
    assert answer(engine, question).unit == "patient"
    assert ids(engine, question, "patient_id") == _never_nodule(sex)


# --- lobes: "head to head" is a comparison, not the head's studies ---------------------------


def test_head_to_head_is_a_comparison(grounder: Grounder, engine: QueryEngine) -> None:
    question = "lower lobes head-to-head: rll versus lll nodule tallies"
    assert clean_reading(parse(grounder, question))
    want = Counter(
        f["lobe"] for s in studies() for f in fo(s) if is_nodule(f) and in_lobe("RLL", "LLL")(f)
    )
    got = dict(tuple(r.values())[:2] for r in answer(engine, question).rows)
    assert got == dict(want)


# --- counts: a station said before the count is where the counted studies were done ----------


@pytest.mark.parametrize(
    ("question", "station", "n_min"),
    [
        ("pts seen at ct01 having at least 3 studies", "CT01", 3),
        ("people on ct02 with 2 or more scans", "CT02", 2),
    ],
)
def test_station_before_count(engine: QueryEngine, question: str, station: str, n_min: int) -> None:
    assert answer(engine, question).warnings == ()
    want = sorted(
        p["patient_id"]
        for p in pats()
        if sum(at_station(station)(s) for s in own(p["patient_id"])) >= n_min
    )
    assert ids(engine, question, "patient_id") == want


# --- counts: "with over N <studies>" is more than N studies, not a nodule on N scans ----------


@pytest.mark.parametrize(
    ("question", "kind", "more_than"),
    [
        ("patients with over 3 chest cts", chest_ct, 3),
        ("people having over 1 head ct", head_ct, 1),
    ],
)
def test_over_n_studies_after_with_counts_the_patients_studies(
    engine: QueryEngine, question: str, kind: Any, more_than: int
) -> None:
    assert answer(engine, question).warnings == ()
    want = sorted(
        p["patient_id"]
        for p in pats()
        if sum(bool(kind(s)) for s in own(p["patient_id"])) > more_than
    )
    assert ids(engine, question, "patient_id") == want


def test_a_nodule_over_n_scans_is_still_its_track(engine: QueryEngine) -> None:
    reading = answer(engine, "the same nodule followed over 3 scans").interpretation
    assert "the same nodule (track) seen on 3 or more studies" in reading
