"""Numbers spelt out as a dictation writes them (:mod:`query.spoken_numbers`), in phrasings
written here (not the bank's).

- a run of number words is the digits a typist would write: cardinals to the thousands,
  decimals ("point"), signs ("minus", "plus" in a range), years said as two pairs, "oh" as a
  zero inside a run of digits, a Lung-RADS category after its word ("lung rads four b"), and a
  station the catalogue has, said letter by letter and digit by digit ("see tee oh two");
- the words that are not numbers stay words ("the latest one", "at this point", "oh", "a"),
  and a single number word the reader already reads ("four or more nodules") is not rewritten;
- a question said aloud is answered as its typed form is, and the answer notes each rewrite
  ("'twenty twenty four' read as 2024").

The engine tests check answers against the cohort, computed in plain Python
(:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

import cohort_reference as ref
import pytest
from family_reading import Row, answer, ids, parse, studies

from query.engine import QueryEngine
from query.grounding import Grounder
from query.rewrites import clean
from query.spoken_numbers import read_spoken, read_stations

# --- the rewriting itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "typed"),
    [
        ("eighty five", "85"),
        ("thirty-two", "32"),
        ("seventeen", "17"),
        ("nine hundred", "900"),
        ("three hundred and twelve", "312"),
        ("four thousand five hundred", "4500"),
        ("two thousand and nine", "2009"),
        ("twenty nineteen", "2019"),
        ("nineteen sixty", "1960"),
        ("nineteen fifty two", "1952"),
        ("twenty oh eight", "2008"),
        ("twenty thirteen", "2013"),
        ("two point two five", "2.25"),
        ("zero point seven", "0.7"),
        ("point oh five", "0.05"),
        ("three and a half", "3.5"),
        ("minus four hundred", "-400"),
        ("negative twenty", "-20"),
        ("minus six fifty", "-650"),  # hundreds dictated as a digit and a pair, after a sign
        ("negative one twenty five", "-125"),
    ],
)
def test_a_run_of_number_words_is_its_digits(said: str, typed: str) -> None:
    notes: list[str] = []
    assert read_spoken(f"nodules {said} x", notes) == f"nodules {typed} x"
    assert notes == [f"'{said}' read as {typed}"]


@pytest.mark.parametrize(
    ("said", "typed"),
    [
        ("lung rads four b", "lung-rads 4b"),
        ("lr four x", "lr 4x"),
        ("category three", "category 3"),
        ("cat two or better", "cat 2 or better"),
        ("lung rads was four a", "lung-rads was 4a"),
        ("lung-rads above one", "lung-rads above 1"),
        ("lung rads four a or four b", "lung-rads 4a or 4b"),
        ("lung rads three or four x", "lung-rads 3 or 4x"),
    ],
)
def test_a_category_after_its_word_is_its_code(said: str, typed: str) -> None:
    assert read_spoken(f"studies {said} please") == f"studies {typed} please"


@pytest.mark.parametrize(
    "words",
    [
        "which one is the latest one",
        "no one had a mass",
        "at this point how many nodules",
        "the point of the question",
        "oh and how many masses",
        "four or more nodules",
        "two nodules and a mass",
        "over sixty",
        "nodules plus two masses",
        "lung-rads 3 and two nodules",
        "category 4a",
        "zero nodules",
        "the second study",
        "a nodule",
        "minus patients with a mass",
        "twenty nodules",
        "two twenty mm nodules",  # a digit and a pair with no sign and no "hu": two numbers
    ],
)
def test_words_that_are_not_spoken_numbers_stay_words(words: str) -> None:
    notes: list[str] = []
    assert read_spoken(words, notes) == words
    assert notes == []


@pytest.mark.parametrize(
    ("said", "typed"),
    [
        ("march twenty third", "march 23rd"),
        ("jan first", "jan 1st"),
        ("october twelfth", "october 12th"),
        ("december thirty first", "december 31st"),
        ("june twenty second", "june 22nd"),
    ],
)
def test_a_day_said_as_an_ordinal_after_a_month_is_its_digits(said: str, typed: str) -> None:
    assert read_spoken(f"scans since {said} 2024") == f"scans since {typed} 2024"


def test_an_ordinal_away_from_a_month_stays_a_word() -> None:
    for words in ("the first study", "twenty second studies", "the third quarter of 2024"):
        assert read_spoken(words) == words


def test_a_year_said_as_two_pairs_is_one_year_not_two_numbers() -> None:
    assert read_spoken("twenty twenty two studies") == "2022 studies"
    assert read_spoken("twenty two studies") == "22 studies"


def test_two_numbers_joined_by_and_stay_two() -> None:
    assert read_spoken("between three hundred and four hundred") == "between 300 and 400"
    assert read_spoken("sixty five and older") == "65 and older"


def test_plus_is_a_sign_only_in_a_range_or_a_comparison() -> None:
    assert read_spoken("hu from minus ten to plus ten") == "hu from -10 to +10"
    assert read_spoken("masses plus ten nodules") == "masses plus ten nodules"


def test_a_station_is_read_from_the_catalogues_names() -> None:
    stations = frozenset({"MR07", "US12", "PORTABLE"})
    notes: list[str] = []
    said = "scans on em ar zero seven or us one two at portable"
    assert read_stations(said, stations, notes) == "scans on mr07 or us12 at portable"
    assert notes == ["'em ar zero seven' read as mr07", "'us one two' read as us12"]
    # a station the catalogue does not have is not made up
    assert read_stations("ct zero one", stations) == "ct zero one"


def test_the_cleaned_question_carries_the_rewrites() -> None:
    notes: list[str] = []
    assert clean("Nodules over One Point Five cm", notes) == "nodules over 1.5 cm"
    assert notes == ["'one point five' read as 1.5"]


# --- questions said aloud are answered as their typed forms -----------------------------------


@pytest.mark.parametrize(
    ("said", "typed"),
    [
        ("how many studies in twenty twenty three", "how many studies in 2023"),
        ("chest cts from march twenty twenty four", "chest cts from march 2024"),
        ("patients born after nineteen sixty two", "patients born after 1962"),
        ("nodules over one point two centimetres", "nodules over 1.2 cm"),
        ("nodules point six cm or larger", "nodules 0.6 cm or larger"),
        ("nodules with hu below minus six hundred", "nodules with hu below -600"),
        ("nodules hu between minus twenty and plus twenty", "nodules hu between -20 and 20"),
        ("findings with confidence over point nine", "findings with confidence over 0.9"),
        (
            "nodules with volume over one thousand five hundred cubic mm",
            "nodules volume > 1500 mm3",
        ),
        ("male patients seventy five and older", "male patients 75 and older"),
        ("how many studies lung rads four b", "how many studies lung-rads 4B"),
        ("lung rads category four x ldcts", "lung-rads 4x ldcts"),
        ("chest cts category three or better", "chest cts lung-rads 3 or better"),
        ("patients whose highest lung rads was four a", "patients whose highest lung-rads was 4a"),
        ("how many scans at see tee zero one", "how many scans at ct01"),
        ("studies on dx zero one in twenty twenty five", "studies on dx01 in 2025"),
        ("scans since april twenty first twenty twenty five", "scans since april 21st 2025"),
    ],
)
def test_said_aloud_is_answered_as_typed(engine: QueryEngine, said: str, typed: str) -> None:
    spoken, written = answer(engine, said), answer(engine, typed)
    assert (spoken.unit, spoken.count, spoken.rows) == (written.unit, written.count, written.rows)
    assert any("' read as " in n for n in spoken.query.notes)
    assert bool(spoken.warnings) == bool(written.warnings)


def test_answer_studies_in_a_spoken_year(engine: QueryEngine) -> None:
    got = answer(engine, "how many scans in twenty twenty four")
    assert got.to_json()["count"] == sum(s["study_date"].startswith("2024") for s in studies())
    assert "'twenty twenty four' read as 2024" in got.query.notes
    assert not got.warnings


def test_answer_a_spoken_decimal_size(engine: QueryEngine) -> None:
    def large(s: Row) -> bool:
        return ref.any_finding(s, lambda f: f["kind"] == "nodule" and f["diameter_mm"] > 15)

    got = ids(engine, "studies with nodules bigger than one point five cm", "study_uid")
    assert got == sorted(ref.studies_where(large)) and got


def test_answer_a_spoken_station_and_category(engine: QueryEngine) -> None:
    def chosen(s: Row) -> bool:
        return bool(s["station"] == "CT02" and ref.category(s) == "4B")

    got = ids(engine, "studies at see tee oh two with lung rads four b", "study_uid")
    assert got == sorted(ref.studies_where(chosen)) and got


def test_answer_a_spoken_attenuation_range_is_a_condition(engine: QueryEngine) -> None:
    def solid_near_water(s: Row) -> bool:
        return ref.any_finding(
            s,
            lambda f: (
                f["kind"] == "nodule"
                and f["attenuation"] == "solid"
                and f["mean_hu"] is not None
                and -40 <= f["mean_hu"] <= 40
            ),
        )

    question = "solid nodules mean attenuation hu from minus forty through plus forty"
    assert ids(engine, question, "study_uid") == sorted(ref.studies_where(solid_near_water))


@pytest.mark.parametrize(
    "question", ["four or more nodules", "latest one per patient with a mass", "lung-rads 4b"]
)
def test_a_question_typed_gets_no_spoken_note(grounder: Grounder, question: str) -> None:
    notes: list[str] = []
    assert clean(question, notes) == question and notes == []
    assert not any("' read as " in n for n in parse(grounder, question).notes)
