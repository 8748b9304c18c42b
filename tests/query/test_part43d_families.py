"""The families part 43 (``bank_fresh_43.py``) showed missing, share D: a lobe left out with
"apart from" (and its kin), the one lobe holding a kind of finding said as a sentence of its
own, and an age range said as a band (:mod:`query.lobe_age_forms`).

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import cohort_reference as ref
import pytest
from blind_reference import chest_ct, cxr, dated, in_lobe, nod, nods, pids, sex_is, sids, studies
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]

# --- lobes: one left out ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("right-sided nodules aside from the rml", ("RUL", "RLL")),
        ("studies with nodules in the right lung other than the middle lobe", ("RUL", "RLL")),
        ("nodules besides the upper lobes", ("RML", "RLL", "LLL")),
        ("scans with a nodule in the left lung save for the lll", ("LUL",)),
        ("nodules apart from the right lower lobe", ("RUL", "RML", "LUL", "LLL")),
    ],
)
def test_a_lobe_left_out_in_other_words(
    grounder: Grounder, engine: QueryEngine, question: str, kept: tuple[str, ...]
) -> None:
    """ "apart from / aside from / other than / besides / save for" a lobe leave that lobe out,
    as "except" does (the word had been left unread and the lobe kept as the nodule's place,
    warned); a side named before still holds."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "study_uid") == sids(nod(in_lobe(*kept)))


# --- lobes: the only one ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "lobe"),
    [
        ("exams in which the lul was the sole lobe containing nodules", "LUL"),
        ("scans where the right lower lobe is the only lobe that has nodules", "RLL"),
        ("cts whose lll is the one lobe with any nodules", "LLL"),
    ],
)
def test_the_only_lobe_with_findings_said_as_a_sentence(
    grounder: Grounder, engine: QueryEngine, question: str, lobe: str
) -> None:
    """ "the <lobe> is the only (sole, one) lobe with nodules" is a study whose nodules are all
    in that lobe, and it has one ("only" had been left unread and studies with nodules in other
    lobes too kept, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query

    def only_there(s: Row) -> bool:
        ns = nods(s)
        return bool(ns) and all(f["lobe"] == lobe for f in ns)

    extra = [lambda s: s["modality"] == "CT"] if question.startswith("cts") else []
    assert ids(engine, question, "study_uid") == sids(only_there, *extra)


# --- demographics: an age band ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "sex", "low", "high"),
    [
        ("women within the 60 to 70 age bracket with a nodule in the lul", "F", 60, 70),
        ("men of the 50-64 age group who had a lul nodule", "M", 50, 64),
        ("females in the age range 65-75 with a lul nodule", "F", 65, 75),
        ("male pts, 70-80 age band, nodule in the lul", "M", 70, 80),
    ],
)
def test_an_age_band_is_an_age_range(
    grounder: Grounder, engine: QueryEngine, question: str, sex: str, low: int, high: int
) -> None:
    """An age "band / bracket / range / group" from one age to another is the age range, both
    ends kept, as "aged 60-70" (the numbers had been left unread, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    age = query.filter.age
    assert age is not None and (age.low, age.high) == (low, high)
    in_band = pids(sex_is(sex), lambda s: low <= ref.age(s) <= high, nod(in_lobe("LUL")))
    assert ids(engine, question, "patient_id") == in_band


@pytest.mark.parametrize(
    ("question", "sex", "older", "age"),
    [
        ("men over 70 chest cts", "M", True, 70),
        ("women older than 65 chest cts", "F", True, 65),
        ("men under 60 chest cts", "M", False, 60),
    ],
)
def test_a_bound_after_people_before_a_kind_of_study_is_their_age(
    grounder: Grounder, engine: QueryEngine, question: str, sex: str, older: bool, age: int
) -> None:
    """ "men over 70 chest cts" is men over 70 with a chest CT (session 27: it had been read as
    men with more than 70 chest CTs, or one nodule seen on 70 scans, silently)."""
    query = parse(grounder, question)
    bound = query.filter.age
    assert bound is not None and (bound.low if older else bound.high) == age
    assert query.filter.patient is None or query.filter.patient.studies is None

    def in_age(s: dict[str, Any]) -> bool:
        return ref.age(s) > age if older else ref.age(s) < age

    expected = pids(sex_is(sex), in_age, chest_ct)
    assert expected
    assert ids(engine, question, "patient_id") == expected


# --- modality: a body-part breakdown said after the field ---------------------------------------


@pytest.mark.parametrize(
    ("question", "year"),
    [
        ("body part breakdown", None),
        ("body part counts for 2025", 2025),
        ("body part distribution of 2024 studies", 2024),
    ],
)
def test_a_body_part_split_counts_studies_per_body_part(
    grounder: Grounder, engine: QueryEngine, question: str, year: int | None
) -> None:
    """ "body part split / breakdown / distribution / counts" counts the studies per body part,
    as "by body part" does (the question had been refused)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert query.group_by == "body_part"
    got = answer(engine, question)
    assert got.to_json()["warnings"] == [], question
    counted = {str(row["body_part"]): int(row["count"]) for row in got.rows}
    chosen = [s for s in studies() if year is None or s["study_date"].startswith(str(year))]
    assert counted == dict(Counter(s["body_part"] for s in chosen))


# --- dates (and kinds of study): a slip inside a hyphenated word --------------------------------


@pytest.mark.parametrize(
    ("question", "respelt"),
    [
        ("chest x-rasy from 2025", "x-rays"),
        ("x-ryas of the chest dated 2025", "x-rays"),
    ],
)
def test_a_slip_in_one_part_of_a_hyphenated_word(
    grounder: Grounder, engine: QueryEngine, question: str, respelt: str
) -> None:
    """A hyphenated word with a typist's slip in one part of four letters or more ("x-rasy",
    "x-ryas") is the hyphenated word the reader spells that it is one slip from, said in a note
    (it had been left unread, and its kind of study dropped, warned)."""
    query = parse(grounder, question)
    assert query.ignored == () and query.cautions == (), query
    assert any(respelt in note for note in query.notes)
    assert ids(engine, question, "study_uid") == sids(cxr, dated("2025-01-01", "2025-12-31"))


def test_a_hyphenated_slip_of_a_category_word(grounder: Grounder) -> None:
    """ "lung-rasd" is "lung-rads", "part-sloid" is "part-solid": the same rule, other words."""
    for question in ("lung-rasd 4a studies", "part-sloid nodules"):
        query = parse(grounder, question)
        assert query.ignored == () and query.cautions == (), query
