"""The families part 34 of the bank showed missing, share A, in phrasings written here (not the
bank's).

- a hurried typist's slips in the reader's own words (months, "before", "scanned", "nodule",
  "bigger" ...): one edit away from exactly one word of the reader's lexicon, and not itself a
  known word, they are read as that word, said in the answer's notes (no warning: the
  correction is unambiguous); "then" after a comparative is "than"; known words are never
  respelt ("scanner" stays, "lungs" stays);
- "never had A but had B" with no unit named: the subject left out is a person, so the
  patients are asked for;
- "highest lung-rads across all exams was N" and "lr N but never anything higher": the
  patient's highest category over all studies.

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import blind_reference as br
import pytest
from family_reading import answer, ids, parse

from query import typos
from query.engine import QueryEngine
from query.grounding import Grounder

# --- a hurried typist's slips ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("beofre", "before"),  # two neighbours swapped
        ("octobre", "october"),
        ("scaned", "scanned"),  # a letter dropped
        ("nodlue", "nodule"),
        ("noduless", "nodules"),  # a letter added
        ("biger", "bigger"),
        ("septembr", "september"),
        ("betwen", "between"),
        ("youngr", "younger"),
    ],
)
def test_a_slip_one_edit_from_one_lexicon_word_is_that_word(typed: str, right: str) -> None:
    assert typos.correction(typed) == right


@pytest.mark.parametrize(
    "word",
    [
        "scanner",
        "lungs",
        "nodules",
        "before",
        "larger",
        "later",
        "other",
        "images",
        "nodular",
        "spanned",
        "altered",
    ],
)
def test_a_known_word_is_never_respelt(word: str) -> None:
    assert typos.correction(word) is None


def test_a_slip_close_to_two_lexicon_words_is_left_alone() -> None:
    # "larter" is one edit from both "larger" and "later": no guess
    assert typos.one_edit("larter", "larger") and typos.one_edit("larter", "later")
    assert typos.correction("larter") is None


def test_short_words_are_left_alone() -> None:
    assert typos.respell("ct in jnue") == "ct in jnue"  # four letters: too short to tell


def test_then_after_a_comparative_is_than() -> None:
    notes: list[str] = []
    assert typos.respell("more then 2 nodules, bigger then 6 mm", notes) == (
        "more than 2 nodules, bigger than 6 mm"
    )
    assert typos.respell("scanned in 2024 and then in 2025") == "scanned in 2024 and then in 2025"


def test_each_correction_is_said_in_the_notes() -> None:
    notes: list[str] = []
    typos.respell("ggns scaned beofre march", notes)
    assert notes == ["'scaned' read as scanned (spelling)", "'beofre' read as before (spelling)"]


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("emphysema beofre june 2024", "emphysema before june 2024"),
        ("chest cts from octobre 2025", "chest cts from october 2025"),
        ("ldcts with a nodlue in the rul", "ldcts with a nodule in the rul"),
        ("solid nodules 6 mm or biger", "solid nodules 6 mm or bigger"),
        ("patients with more then 2 studies", "patients with more than 2 studies"),
    ],
)
def test_a_slip_reads_as_the_word_typed_right(grounder: Grounder, typed: str, plain: str) -> None:
    slip, right = parse(grounder, typed), parse(grounder, plain)
    assert slip.unit == right.unit and slip.filter == right.filter
    assert slip.count_of == right.count_of and slip.ignored == right.ignored


def test_a_corrected_slip_is_a_note_not_a_warning(engine: QueryEngine) -> None:
    got = answer(engine, "head cts beofre march 2025")
    assert not got.warnings
    assert "'beofre' read as before (spelling)" in got.to_json()["interpretation"]
    want = sorted(
        s["study_uid"] for s in br.studies() if br.head_ct(s) and s["study_date"] < "2025-03-01"
    )
    assert ids(engine, "head cts beofre march 2025", "study_uid") == want


# --- "never had A but had B": patients --------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "never had a head ct but had an ldct",
        "never had a mass but had a chest xray",
        "has never had a cta but had a head ct",
    ],
)
def test_never_had_with_no_unit_asks_for_patients(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert query.unit == "patient"
    assert query.filter.patient is not None and query.filter.patient.never


def test_never_had_but_had_answers_the_patients(engine: QueryEngine) -> None:
    got = ids(engine, "never had a head ct but had an ldct", "patient_id")
    assert got == br.history(br.some_but_never(br.ldct, br.head_ct))


def test_studies_named_stay_studies(grounder: Grounder) -> None:
    assert parse(grounder, "ldcts of pts who never had a head ct").unit == "study"


# --- the patient's highest category -----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "highest"),
    [
        ("pts whose highest lung-rads across all exams was 3", ("3",)),
        ("patients whose worst lr over all their scans is 4a", ("4A",)),
        ("patients with an lr 2 but never anything higher", ("2",)),
        ("screening patients with lung-rads 3 and never higher", ("3",)),
    ],
)
def test_highest_over_all_studies_is_the_patients_highest(
    grounder: Grounder, question: str, highest: tuple[str, ...]
) -> None:
    query = parse(grounder, question)
    assert query.unit == "patient"
    assert query.filter.patient is not None
    assert query.filter.patient.highest_lung_rads == highest
    assert not query.ignored


def test_never_anything_higher_answers_the_highest_category(engine: QueryEngine) -> None:
    got = ids(engine, "patients with an lr 2 but never anything higher", "patient_id")
    assert got == br.history(lambda mine: br.highest(mine) == "2")
