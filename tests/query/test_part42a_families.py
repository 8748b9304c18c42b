"""The families part 42 (``bank_fresh_42.py``) showed missing, share A: identifiers, dates,
numbers, counts, lobes and a breakdown's field (:mod:`query.dates`, :mod:`query.counted_forms`,
:mod:`query.typos`, :mod:`query.numbers`, :mod:`query.bound_words`, :mod:`query.reading`,
:mod:`query.parser`).

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from blind_reference import (
    any_ct,
    att,
    cxr,
    ge,
    gt,
    head_ct,
    ldct,
    lt,
    nod,
    nods,
    own,
    pats,
    sids,
    studies,
    within,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _patients_with(n_min: int, *tests: Any) -> list[str]:
    """Patients with at least ``n_min`` studies passing every test."""
    return sorted(
        p["patient_id"]
        for p in pats()
        if sum(all(t(s) for t in tests) for s in own(p["patient_id"])) >= n_min
    )


def _dated(start: str, end: str) -> Any:
    return lambda s: start <= s["study_date"] <= end


# --- identifiers: the patient of a study, a patient's first or latest study ------------------


@pytest.mark.parametrize(
    "tail",
    [
        ": which patient is it from?",
        " - what patient was it for",
        ", which patient was it done on",
    ],
)
def test_which_patient_after_a_study_uid_asks_for_its_patient(
    engine: QueryEngine, tail: str
) -> None:
    """ "study uid <uid>, which patient was it done on" asks for the patient of that study (the
    study had been listed)."""
    study = studies()[40]
    question = f"study uid {study['study_uid']}{tail}"
    got = answer(engine, question)
    assert got.to_json()["unit"] == "patient"
    assert ids(engine, question, "patient_id") == [study["patient_id"]]


@pytest.mark.parametrize(
    ("question", "which"),
    [
        ("for P00241, which exam was the first one done?", 0),
        ("patient P00241: which scan was the most recent one", -1),
        ("for patient P00241 which study is the very latest", -1),
    ],
)
def test_which_study_was_first_is_the_patients_first(
    engine: QueryEngine, question: str, which: int
) -> None:
    """ "which study was the (very) first one" is the patient's first study; "latest / most
    recent" the latest ("first" and "one" had been left unread, every study listed)."""
    assert ids(engine, question, "study_uid") == [own("P00241")[which]["study_uid"]]


# --- dates: a period restated, a day said with "the", an end said as "now" -------------------


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("ldcts from jan to jun 2025 (h1)", [ldct, _dated("2025-01-01", "2025-06-30")]),
        ("ct scans done july-september 2024, that is Q3", [_dated("2024-07-01", "2024-09-30")]),
        (
            "studies in the october-to-december quarter of 2025 (q4)",
            [_dated("2025-10-01", "2025-12-31")],
        ),
        (
            "studies from january through june 2024, i.e. the first half",
            [_dated("2024-01-01", "2024-06-30")],
        ),
    ],
)
def test_a_period_restated_is_one_period(
    grounder: Grounder, engine: QueryEngine, question: str, test: list[Any]
) -> None:
    """A half or quarter restating the months said ("jan to jun 2025 (h1)", ", i.e. h2", ",
    that is q3"; a yearless one too) is the same period, read once; months joined by a hyphened
    word ("october-to-december") are a span (the restatement had been the latest such period,
    and the two joined into one from the first to the last, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    extra = [any_ct] if question.startswith("ct ") else []
    assert ids(engine, question, "study_uid") == sids(*test, *extra)


@pytest.mark.parametrize(
    ("question", "test"),
    [
        (
            "studies done on or before the 3rd of june 2024",
            lambda s: s["study_date"] <= "2024-06-03",
        ),
        ("scans on or after the 1st of october 2026", lambda s: s["study_date"] >= "2026-10-01"),
        (
            "studies from the beginning of september 2026 until now",
            lambda s: s["study_date"] >= "2026-09-01",
        ),
        (
            "cxrs from the start of 2026 up to today",
            lambda s: cxr(s) and s["study_date"] >= "2026-01-01",
        ),
        ("chest x-rays carried out in 2025", lambda s: cxr(s) and s["study_date"][:4] == "2025"),
    ],
)
def test_a_day_with_the_and_an_end_said_as_now(
    grounder: Grounder, engine: QueryEngine, question: str, test: Any
) -> None:
    """ "on or before the 3rd of june 2024" keeps the day itself; "from the start (beginning) of
    <period> until now (up to today)" opens at the period's start; "carried out" is a verb of
    the study ("before", "start", "now" and "carried out" had been left unread)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    as_of = lambda s: s["study_date"] <= "2026-11-01"  # noqa: E731
    assert ids(engine, question, "study_uid") == sids(test, as_of)


# --- numbers: a plus sign, "reading" an attenuation, a solid core -----------------------------


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("studies with a nodule reading between -100 and +30 hu", within("mean_hu", -100, 30)),
        ("scans with nodules reading over +20 hu", gt("mean_hu", 20)),
        ("nodules reading anywhere from -700 hu up to -300 hu", within("mean_hu", -700, -300)),
    ],
)
def test_a_plus_signed_attenuation_and_reading_as_its_verb(
    grounder: Grounder, engine: QueryEngine, question: str, test: Any
) -> None:
    """ "+30 hu" is 30 HU; "a nodule reading <HU>" is its attenuation (the plus-signed end had
    been read apart, and "reading" left unread)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "study_uid") == sids(nod(test))


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("part-solid nodules having a solid core under 4 mm", lt("solid_component_mm", 4)),
        ("psns whose solid portion is over 5 mm", gt("solid_component_mm", 5)),
        ("subsolid nodules bearing a solid element of at least 6 mm", ge("solid_component_mm", 6)),
    ],
)
def test_a_solid_core_is_the_solid_component(
    grounder: Grounder, engine: QueryEngine, question: str, test: Any
) -> None:
    """A solid core (portion, element) is the solid component, and its size is the component's
    (the core had been read as a solid attenuation and the size as the nodule's, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    (clause,) = query.filter.findings
    assert [m.field for m in clause.measures] == ["solid_component_mm"]
    kinds = ("part-solid",) if "subsolid" not in question else ("part-solid", "ground-glass")
    expected = sids(nod(lambda f: f["attenuation"] in kinds, test))
    assert ids(engine, question, "study_uid") == expected


# --- counts: studies per patient on N occasions, at a station; a tally; a count restated ----


@pytest.mark.parametrize(
    ("question", "n_min", "test"),
    [
        ("patients who had a chest x-ray on two or more occasions", 2, cxr),
        ("pts who underwent an ldct on more than 2 occasions", 3, ldct),
        ("people who needed a head ct on 2 or more separate occasions", 2, head_ct),
        (
            "patients scanned at ct01 on at least 4 different occasions",
            4,
            lambda s: s["station"] == "CT01",
        ),
        (
            "patients who went through the dx01 machine on two or more occasions",
            2,
            lambda s: s["station"] == "DX01",
        ),
        ("patients with at least 4 scans at ct02", 4, lambda s: s["station"] == "CT02"),
        (
            "patients with 3 or more studies on the ct01 scanner",
            3,
            lambda s: s["station"] == "CT01",
        ),
    ],
)
def test_studies_on_n_occasions_per_patient(
    grounder: Grounder, engine: QueryEngine, question: str, n_min: int, test: Any
) -> None:
    """ "<people> who had <a kind of study> on N or more (separate) occasions" is N or more such
    studies per patient; a station's scanner, or a station right after a study count ("4 scans
    at ct02"), is the station of the studies counted (the number had been read as a diameter,
    warned; the station's count had counted every study, silently). A station is known from
    the catalogue, so the reading is checked through the engine: no warning."""
    del grounder
    assert answer(engine, question).to_json()["warnings"] == []
    assert ids(engine, question, "patient_id") == _patients_with(n_min, test)


@pytest.mark.parametrize(
    ("question", "count", "test"),
    [
        ("studies whose nodule count per scan is at least 5", lambda n: n >= 5, ()),
        ("exams where the nodule tally on that exam is over 3", lambda n: n > 3, ()),
        ("scans with 2 solid nodules (only 2)", lambda n: n == 2, (att("solid"),)),
        ("studies with three nodules, and no more", lambda n: n == 3, ()),
        ("exams with one part-solid nodule, just one", lambda n: n == 1, (att("part-solid"),)),
    ],
)
def test_a_tally_of_the_study_and_a_count_restated(
    grounder: Grounder, engine: QueryEngine, question: str, count: Any, test: tuple[Any, ...]
) -> None:
    """A tally "on that exam" ("per scan") is the study's own; a count restated ("2 solid nodules
    (only 2)", "one ggn, exactly one, no more") is exact ("that one exam" had been the patient's
    only study, "exactly one" a 1 mm diameter, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "study_uid") == sids(lambda s: count(len(nods(s, *test))))


# --- a breakdown's field and a lobe word misspelt ---------------------------------------------


@pytest.mark.parametrize("question", ["number of studies per descripton", "studies by descriptoin"])
def test_a_breakdown_by_description_misspelt(engine: QueryEngine, question: str) -> None:
    """A misspelt "description" is the field (the breakdown had been refused)."""
    rows = answer(engine, question).to_json()["rows"]
    got = {row["description"]: row["count"] for row in rows}
    assert got == dict(Counter(s["description"] for s in studies()))


@pytest.mark.parametrize(
    "question", ["scans with nodules in both lnugs", "studies with nodules in both lugns"]
)
def test_both_lungs_misspelt(engine: QueryEngine, question: str) -> None:
    """ "both lnugs" is both lungs: a nodule on each side on the same study (the lungs had been
    left unread, any nodule listed)."""
    left = lambda f: f["lobe"].startswith("L")  # noqa: E731
    right = lambda f: f["lobe"].startswith("R")  # noqa: E731
    assert ids(engine, question, "study_uid") == sids(nod(left), nod(right))
