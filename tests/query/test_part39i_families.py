"""The families part 39 (``bank_fresh_39.py``) showed missing, share I: identifiers the
catalogue lacks, ranges in brackets and "strictly between", ages between spelt numbers, a count
of studies before a Lung-RADS list, and the typing slips the corrector left.

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from blind_reference import (
    age_in,
    any_ct,
    att,
    category,
    head_ct,
    history,
    ldct,
    nod,
    pats,
    pids,
    sids,
    some_but_never,
)
from family_reading import answer, ids, parse

from query import bound_words, typos
from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]


def _unknown_patient() -> str:
    """A patient ID shaped like the cohort's that no patient holds."""
    held = {p["patient_id"] for p in pats()}
    return next(f"P{n:05d}" for n in range(99999, 0, -1) if f"P{n:05d}" not in held)


# --- identifiers the catalogue lacks -----------------------------------------------------------


@pytest.mark.parametrize(
    "template", ["studies for {pid}", "list {pid}'s exams", "ct scans of {pid}"]
)
def test_a_well_formed_patient_id_nobody_holds_is_answered_empty(
    engine: QueryEngine, template: str
) -> None:
    """A word shaped like the catalogue's patient IDs is a patient ID even when no patient
    holds it: the answer is empty, never a refusal nor another reading."""
    got = answer(engine, template.format(pid=_unknown_patient())).to_json()
    assert got["rows"] == []
    assert got["unit"] == "study"


def test_an_accession_nobody_holds_is_answered_empty(engine: QueryEngine) -> None:
    """The same holds for accession numbers."""
    got = answer(engine, "findings on A9999999").to_json()
    assert got["rows"] == []


def test_a_number_alone_is_not_taken_for_an_identifier(engine: QueryEngine) -> None:
    """Digits alone keep their readings (a year here), whatever the IDs' shape."""
    assert ids(engine, "head cts in 2024", "study_uid") == sids(
        head_ct, lambda s: s["study_date"].startswith("2024")
    )


# --- numbers and ranges --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "test"),
    [
        ("nodules with a diameter in [5, 7) mm", lambda d: 5 <= d < 7),
        ("nodules with a diameter in (5, 7] mm", lambda d: 5 < d <= 7),
        ("nodules sized [5, 7] mm", lambda d: 5 <= d <= 7),
        ("nodules sized (5, 7) mm", lambda d: 5 < d < 7),
    ],
)
def test_an_interval_in_brackets_keeps_or_leaves_out_each_end(
    engine: QueryEngine, question: str, test: Callable[[float], bool]
) -> None:
    """ "[" / "]" keep an end, "(" / ")" leave it out."""
    got = answer(engine, question).to_json()
    assert ids(engine, question, "study_uid") == sids(nod(lambda f: test(f["diameter_mm"])))
    assert got["warnings"] == []


@pytest.mark.parametrize("text", ["nodules (5, 7)", "lung-rads (2, 3) ldcts"])
def test_two_numbers_in_round_brackets_without_a_unit_are_no_interval(text: str) -> None:
    """Only a square bracket or a unit after it says the brackets are an interval."""
    assert bound_words.read_bound_words(text) == text


@pytest.mark.parametrize(
    "between", ["strictly between -600 and -300", "between -600 and -300 exclusive"]
)
def test_attenuation_strictly_between_leaves_out_both_ends(
    engine: QueryEngine, between: str
) -> None:
    """ "strictly between A and B" HU leaves both ends out, as for sizes."""
    question = f"part-solid nodules with mean hu {between}"
    expected = sids(nod(att("part-solid"), lambda f: -600 < f["mean_hu"] < -300))
    assert ids(engine, question, "study_uid") == expected


@pytest.mark.parametrize("ages", ["the ages of sixty and seventy", "the age of 60 and 70"])
def test_between_the_ages_of_two_spelt_numbers_is_an_age_range(
    engine: QueryEngine, ages: str
) -> None:
    """ "between the ages of A and B" is the range of ages, both ends in (the first age alone
    had been read as an exact age)."""
    question = f"patients between {ages} with a ct"
    got = answer(engine, question).to_json()
    assert ids(engine, question, "patient_id") == pids(age_in(60, 70), any_ct)
    assert got["warnings"] == []


# --- Lung-RADS ----------------------------------------------------------------------------------


def _ldcts_of(names: tuple[str, ...], least: int) -> Callable[[list[Row]], bool]:
    return lambda mine: len([s for s in mine if ldct(s) and category(s) in names]) >= least


@pytest.mark.parametrize(
    ("question", "names", "least"),
    [
        ("patients with at least one lr 3 or lr 4a ldct", ("3", "4A"), 1),
        ("patients with 2 or more lr 2 or lr 3 ldcts", ("2", "3"), 2),
    ],
)
def test_a_count_before_a_category_list_said_with_the_scale_twice_counts_studies(
    engine: QueryEngine, question: str, names: tuple[str, ...], least: int
) -> None:
    """ "at least one lr A or lr B ldct" counts the patient's studies of those categories (the
    scale said again after "or" is the same list); it is no diameter of 1 mm."""
    got = answer(engine, question).to_json()
    assert ids(engine, question, "patient_id") == history(_ldcts_of(names, least))
    assert got["warnings"] == []


def test_a_category_or_above_after_a_slip(grounder: Grounder) -> None:
    """ "catgeory 3 or above": the slip is corrected and the category bound read."""
    query = parse(grounder, "catgeory 3 or above ldcts")
    assert "category" in " ".join(query.notes)
    assert query.ignored == ()


# --- typing slips ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slip", "word"),
    [
        ("nver", None),  # too short to tell: a letter dropped and a swap ("never", "over")
        ("nevr", "never"),  # a vowel dropped, leaving no English ending
        ("statin", None),  # an English word: not "station"
        ("staiton", "station"),  # two neighbours swapped
        ("intevral", "interval"),  # two neighbours swapped in a rule's word
        ("stoin", None),
        ("sttaion", "station"),
        ("octogenarain", "octogenarian"),
        ("groiwng", "growing"),
    ],
)
def test_slips_of_the_readers_whole_vocabulary_are_corrected(slip: str, word: str | None) -> None:
    """A slip of any word the reader's rules read (not only the corrector's own lexicon) is
    corrected: two neighbours swapped, a letter doubled or dropped."""
    assert typos.correction(slip) == word


@pytest.mark.parametrize(
    "word", ["lest", "seen", "wrote", "scores", "station", "interval", "sever", "form", "fiend"]
)
def test_real_words_and_the_readers_own_words_are_kept(word: str) -> None:
    """English words one slip from a word of the reader's stay as typed ("seen" is no "seven",
    "wrote" no "write"), and the reader's own words are never respelt."""
    assert typos.correction(word) is None


def test_an_identifier_is_not_respelt() -> None:
    """Words with digits are never read by the corrector (identifiers stay whole)."""
    assert typos.respell("scans for p00777 and a0000003") == "scans for p00777 and a0000003"


def test_a_corrected_never_keeps_its_meaning(engine: QueryEngine) -> None:
    """ "nevr" read as "never" answers the patients who never had it."""
    question = "patients with a ct but nevr a head ct"
    assert ids(engine, question, "patient_id") == history(some_but_never(any_ct, head_ct))
