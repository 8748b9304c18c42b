"""The families parts 48 and 49 (``bank_fresh_48.py``, ``bank_fresh_49.py``) showed missing,
share A: set logic said of people (one period for both sides of "both", "no X ever", "and not a
single X"), a breakdown by sex of the patients with something, a count said after a nodule's
attenuation form ("ggn tally"), a study close after the patient's previous one ("within N days
of"), a kind of study had N times, a study where nothing was found, lobes of both sides and
findings held in one lobe ("nowhere else"), ages said as a group ("under 40s"), "everybody",
and a purpose said before the request in an e-mail.

Each rule is checked in phrasings written here (not the parts'). The parser tests check that
every word was read; the engine tests check answers against the cohort, computed in plain
Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable

import cohort_reference as ref
import pytest
from blind_reference import (
    att,
    chest_ct,
    count,
    each_on_some,
    fo,
    head_ct,
    history,
    in_lobe,
    in_year,
    kind,
    ldct,
    margin,
    nod,
    nods,
    pids,
    sex_is,
    sids,
    some_but_never,
    studies,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, object]
Test = Callable[[dict], bool]  # type: ignore[type-arg]


def _both(a: Test, b: Test) -> Test:
    return lambda s: a(s) and b(s)


def _clean(grounder: Grounder, engine: QueryEngine, question: str) -> None:
    """Every word read, and no warning in the answer."""
    assert clean_reading(parse(grounder, question)), question
    assert answer(engine, question).to_json()["warnings"] == [], question


# --- set logic: one period for both sides; "no X ever"; "and not a single X" ---------------------


@pytest.mark.parametrize(
    ("question", "year"),
    [
        ("in 2024, which patients had both a smooth and a spiculated nodule", 2024),
        ("patients with both a smooth and a spiculated nodule in 2025", 2025),
    ],
)
def test_a_period_said_once_holds_for_both_sides(
    grounder: Grounder, engine: QueryEngine, question: str, year: int
) -> None:
    """A period said once, outside the first side of "both A and B", holds for each: the patient
    has A on a study of that period and B on one (it had been asked only of some study, and A
    and B of any, silently)."""
    _clean(grounder, engine, question)
    smooth, spic = nod(margin("smooth")), nod(margin("spiculated"))
    expected = history(each_on_some(_both(smooth, in_year(year)), _both(spic, in_year(year))))
    assert ids(engine, question, "patient_id") == expected


@pytest.mark.parametrize(
    ("question", "sex", "never"),
    [
        ("men with no head ct ever", "M", head_ct),
        ("women having no ldct at any point", "F", ldct),
        ("women that never had a lung-rads 4 exam", "F", None),
    ],
)
def test_no_kind_of_study_ever_is_never(
    grounder: Grounder, engine: QueryEngine, question: str, sex: str, never: Test | None
) -> None:
    """ "no X ever" (or "at any point") said of people is "never had X", a kind of study or a
    category as much as a finding (the "no" had stayed per study: some study not of the kind,
    silently); "women that never had a ... exam" lists the women, not their exams."""
    _clean(grounder, engine, question)
    lr4: Test = lambda s: ref.category(s) in ("4A", "4B", "4X")  # noqa: E731
    test = never or lr4
    expected = history(some_but_never(sex_is(sex), test))
    assert ids(engine, question, "patient_id") == expected
    assert answer(engine, question).unit == "patient"


@pytest.mark.parametrize(
    ("question", "has", "never"),
    [
        ("women with a mass and not a single ldct", kind("mass"), ldct),
        ("patients with a chest ct but not one head ct", chest_ct, head_ct),
    ],
)
def test_and_not_a_single_study_of_people_is_never(
    grounder: Grounder, engine: QueryEngine, question: str, has: Test, never: Test
) -> None:
    """Of people, "and / but not a single (one) X" is never an X ("a single" had been read as
    exactly one study and "not" left unread, warned)."""
    _clean(grounder, engine, question)
    first: Test = (lambda s: has(s) and ref.sex(s) == "F") if question[0] == "w" else has
    expected = sorted(
        set(history(each_on_some(first))) & set(history(some_but_never(lambda s: True, never)))
    )
    assert ids(engine, question, "patient_id") == expected


def test_a_study_with_nothing_and_not_a_single_is_still_per_study(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """Of studies, "and not a single nodule" stays a condition on the study."""
    question = "scans with a mass and not a single nodule"
    _clean(grounder, engine, question)
    assert ids(engine, question, "study_uid") == sids(kind("mass"), lambda s: not nods(s))


# --- demographics: a split by sex of the patients with something ---------------------------------


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("M/F split of people with a head ct", head_ct),
        ("gender distribution of patients with a lung-rads 3 study", None),
    ],
)
def test_a_sex_split_of_patients_counts_patients(
    grounder: Grounder, engine: QueryEngine, question: str, test: Test | None
) -> None:
    """ "<sex> split / breakdown / distribution of patients with X" counts the patients per sex
    (their studies had been counted, silently, when X was a kind of study or a category)."""
    _clean(grounder, engine, question)
    chosen = test or (lambda s: ref.category(s) == "3")
    sex_of = {s["patient_id"]: ref.sex(s) for s in studies() if chosen(s)}
    got = {str(r["sex"]): int(r["count"]) for r in answer(engine, question).rows}
    assert got == dict(Counter(sex_of.values()))


# --- attenuation: "ggn tally" --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "value", "where"),
    [
        ("ggn tally for women", "ground-glass", sex_is("F")),
        ("psn total in 2024", "part-solid", in_year(2024)),
    ],
)
def test_an_attenuation_form_before_a_count_counts_its_nodules(
    grounder: Grounder, engine: QueryEngine, question: str, value: str, where: Test
) -> None:
    """ "ggn / ggo / psn" before "count / tally / total" name the nodules counted, as "nodule
    count" does (the studies with one had been counted, silently)."""
    _clean(grounder, engine, question)
    expected = sum(len(nods(s, att(value))) for s in studies() if where(s))
    assert answer(engine, question).count == expected


# --- intervals: within N days of the patient's previous study ------------------------------------


def _close_after_previous(test: Test, days: int) -> list[str]:
    """Studies of the kind ``test`` at most ``days`` after the patient's previous one of it."""
    mine: dict[str, list[Row]] = {}
    for s in sorted(studies(), key=lambda s: (s["study_date"], s["study_uid"])):
        if test(s):
            mine.setdefault(s["patient_id"], []).append(s)
    out = []
    for kept in mine.values():
        for before, after in itertools.pairwise(kept):
            gap = dt.date.fromisoformat(str(after["study_date"])) - dt.date.fromisoformat(
                str(before["study_date"])
            )
            if gap.days <= days:
                out.append(str(after["study_uid"]))
    return sorted(out)


@pytest.mark.parametrize(
    ("question", "test", "days"),
    [
        ("chest cts within 400 days of their previous chest ct", chest_ct, 400),
        ("screening cts done within 345 days of the patient's prior screening ct", ldct, 345),
    ],
)
def test_within_days_of_the_previous_study(
    grounder: Grounder, engine: QueryEngine, question: str, test: Test, days: int
) -> None:
    """ "within N days of (the patient's / their) previous (prior) X" is a study at most N days
    after the patient's previous study of its kind (it had been read as the last N days,
    silently)."""
    _clean(grounder, engine, question)
    assert ids(engine, question, "study_uid") == _close_after_previous(test, days)


# --- counts: a kind of study had N times; nothing found ------------------------------------------


def _per_patient(test: Test, compare: Callable[[int], bool]) -> list[str]:
    counted = Counter(s["patient_id"] for s in studies() if test(s))
    return sorted(p for p, n in counted.items() if compare(n))


@pytest.mark.parametrize(
    ("question", "test", "compare"),
    [
        ("patients imaged with a head ct at least 2 times", head_ct, lambda n: n >= 2),
        ("pts who had an ldct four-plus times", ldct, lambda n: n >= 4),
        ("people scanned on a chest ct more than 3 times", chest_ct, lambda n: n > 3),
    ],
)
def test_a_kind_of_study_had_n_times(
    grounder: Grounder,
    engine: QueryEngine,
    question: str,
    test: Test,
    compare: Callable[[int], bool],
) -> None:
    """A kind of study had (scanned with, imaged on) N times is that many studies of the kind
    per patient (the number had been read as a diameter in mm, "times" left unread, warned)."""
    _clean(grounder, engine, question)
    assert ids(engine, question, "patient_id") == _per_patient(test, compare)


@pytest.mark.parametrize(
    "question", ["how many scans in which nothing was seen", "studies where nothing was detected"]
)
def test_nothing_found_is_no_finding(
    grounder: Grounder, engine: QueryEngine, question: str
) -> None:
    """A study "where (in which) nothing was found / seen / detected" has no finding of any kind
    ("nothing" had been left unplaced and the question refused)."""
    _clean(grounder, engine, question)
    got = answer(engine, question)
    assert got.count == count(lambda s: not fo(s))


# --- lobes: both lobes of a level; held in one lobe ----------------------------------------------


def test_both_lower_lobes_is_a_nodule_in_each(grounder: Grounder, engine: QueryEngine) -> None:
    """ "both upper (lower) lobes" is a finding in each lobe of that level, as "both the rll and
    the lll": of patients, each on some study ("both" had been left unread, warned)."""
    question = "patients with nodules in both lower lobes"
    _clean(grounder, engine, question)
    apart = history(each_on_some(nod(in_lobe("RLL")), nod(in_lobe("LLL"))))
    assert ids(engine, question, "patient_id") == apart


def _only_in(lobe: str) -> Test:
    def test(s: dict) -> bool:  # type: ignore[type-arg]
        ns = nods(s)
        return bool(ns) and all(f["lobe"] == lobe for f in ns)

    return test


@pytest.mark.parametrize(
    ("question", "lobe", "extra"),
    [
        ("scans whose nodules are all rll", "RLL", None),
        (
            "ct studies with nodules in the lul and nowhere else",
            "LUL",
            lambda s: s["modality"] == "CT",
        ),
        ("ldcts with nods in the right upper lobe, nowhere else", "RUL", ldct),
    ],
)
def test_a_lobe_held_alone(
    grounder: Grounder, engine: QueryEngine, question: str, lobe: str, extra: Test | None
) -> None:
    """ "all <lobe>" (no "in") and "in the <lobe>, nowhere else" are a study whose nodules are
    all in that lobe ("all" had been lost, silently; "nowhere else" left unread, warned)."""
    _clean(grounder, engine, question)
    tests = [_only_in(lobe)] + ([extra] if extra else [])
    assert ids(engine, question, "study_uid") == sids(*tests)


# --- demographics: age groups, decade words, everybody -------------------------------------------


@pytest.mark.parametrize(
    ("question", "young", "bound", "test"),
    [
        ("under 40s with a chest ct", True, 40, chest_ct),
        ("the over-70s who had an ldct", False, 70, ldct),
    ],
)
def test_an_age_group(
    grounder: Grounder, engine: QueryEngine, question: str, young: bool, bound: int, test: Test
) -> None:
    """ "under 40s", "the over-70s" are the people of that age, as "patients under 40" ("under"
    and "40s" had been left unread, warned)."""
    _clean(grounder, engine, question)
    aged: Test = (lambda s: ref.age(s) < bound) if young else (lambda s: ref.age(s) > bound)
    assert ids(engine, question, "patient_id") == pids(aged, test)


@pytest.mark.parametrize(
    ("question", "low"), [("sexagenarans with a nodule", 60), ("quinquagenariens with a ct", 50)]
)
def test_a_slip_at_the_end_of_a_decade_word(
    grounder: Grounder, engine: QueryEngine, question: str, low: int
) -> None:
    """A slip of the ending of "-genarians" ("-genarains", "-genariens", "-genarans") keeps the
    decade (the word had been left unread, warned)."""
    assert clean_reading(parse(grounder, question)), question
    other: Test = nod() if "nodule" in question else (lambda s: s["modality"] == "CT")
    expected = pids(lambda s: low <= ref.age(s) <= low + 9, other)
    assert ids(engine, question, "patient_id") == expected


@pytest.mark.parametrize(
    "question", ["show everyone with a spiculated nodule", "anybody who had a spiculated nodule"]
)
def test_everybody_is_the_patients(grounder: Grounder, engine: QueryEngine, question: str) -> None:
    """ "everybody / everyone / anybody" before "with / who" is the patients (it had been left
    unread, warned)."""
    _clean(grounder, engine, question)
    assert ids(engine, question, "patient_id") == pids(nod(margin("spiculated")))


# --- e-mail: a purpose before the request ---------------------------------------------------------


def test_a_purpose_before_the_request_is_dropped(grounder: Grounder, engine: QueryEngine) -> None:
    """ "for the tumour board list I need ...", "for our mdt, please list ...": the purpose says
    nothing of the cohort ("tumour" had been read as a mass, "board" left unread, warned)."""
    question = "Hi team, for our mdt we need women with a calcified nodule. Thanks, J"
    _clean(grounder, engine, question)
    calc = nod(lambda f: bool(f["calcified"]))
    assert ids(engine, question, "patient_id") == pids(sex_is("F"), calc)
