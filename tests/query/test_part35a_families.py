"""The families part 35 of the bank showed missing, share A, in phrasings written here (not the
bank's).

- a study "more than N years old" is how long ago it was done, as of the question's date,
  never the patient's age;
- words run together ("in2024", "leftlower") are split into the two words the reader knows,
  when exactly one split fits and the token is no known word; the corrector reads a swap in a
  short word of its own ("szie"), a final "e" dropped ("befor"), the fields rankings and
  averages name ("confidance", "averge") and two edits in a long word; known words stay;
- a day-month range with its year said once, at the end, is that year's range (the first day
  in the year before when its month comes later);
- a comparison sign typed against its word ("axis<4mm") bounds that measure; "inclusive" after
  a date range is read; what a ranking is by, in brackets, is read.

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import blind_reference as br
import pytest
from family_reading import AS_OF, answer, ids, parse

from query import dates, run_together, typos
from query.engine import QueryEngine
from query.grounding import Grounder

# --- a study's age is how long ago it was done ------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "patients whose latest study is more than 2 years old",
            "patients whose latest study was more than 2 years ago",
        ),
        (
            "pts whose last scan is older than 18 months",
            "pts whose last scan was more than 18 months ago",
        ),
        (
            "patients whose latest exam is less than 1 year old",
            "patients whose latest exam in the last 1 year",
        ),
    ],
)
def test_a_studys_age_is_how_long_ago_it_was_done(
    grounder: Grounder, question: str, plain: str
) -> None:
    read, right = parse(grounder, question), parse(grounder, plain)
    assert read.filter == right.filter and read.unit == right.unit
    assert read.filter.age is None
    assert read.filter.dates is not None


def test_a_patients_age_stays_an_age(grounder: Grounder) -> None:
    query = parse(grounder, "patients over 70 years old with a chest ct")
    assert query.filter.age is not None


def test_latest_study_older_than_answers_from_the_as_of_date(engine: QueryEngine) -> None:
    cut = br.months_on(AS_OF.isoformat(), -36)
    want = br.history(lambda mine: mine[-1]["study_date"] < cut)
    got = ids(engine, "patients whose latest scan is more than 3 years old", "patient_id")
    assert got == want


# --- words run together -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("in2023", "in 2023"),
        ("since2024", "since 2024"),
        ("leftlower", "left lower"),
        ("middlelobe", "middle lobe"),
        ("upperlobe", "upper lobe"),
    ],
)
def test_a_run_together_token_is_split_in_two_known_words(token: str, words: str) -> None:
    assert run_together.splitting(token) == words


@pytest.mark.parametrize(
    "token",
    ["ct01", "dx01", "p00012", "mm3", "lr4", "nodules", "without", "groundglass", "another"],
)
def test_known_words_identifiers_and_units_are_never_split(token: str) -> None:
    assert run_together.splitting(token) is None


def test_a_split_is_said_in_the_notes() -> None:
    notes: list[str] = []
    text = run_together.split_run_together("ggns in the leftlower lobe in2025", notes)
    assert text == "ggns in the left lower lobe in 2025"
    assert notes == [
        "'leftlower' read as left lower (words run together)",
        "'in2025' read as in 2025 (words run together)",
    ]


def test_a_run_together_lobe_answers_as_typed_apart(engine: QueryEngine) -> None:
    got = answer(engine, "solid nodules rightmiddle lobe")
    assert not got.warnings
    want = br.sids(br.nod(br.in_lobe("RML"), br.att("solid")))
    assert ids(engine, "solid nodules rightmiddle lobe", "study_uid") == want


# --- slips the corrector reads now ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("szie", "size"),  # two neighbours swapped in a short word of the reader's
        ("sacn", "scan"),
        ("befor", "before"),  # a final "e" dropped
        ("confidance", "confidence"),
        ("averge", "average"),
        ("meidan", "median"),
        ("diamter", "diameter"),
        ("confidnece", "confidence"),  # two edits in a long word
    ],
)
def test_the_corrector_reads_these_slips(typed: str, right: str) -> None:
    assert typos.correction(typed) == right


@pytest.mark.parametrize(
    "word",
    ["form", "from", "mean", "seize", "averaged", "averages", "medial", "confident", "nodul"],
)
def test_words_of_their_own_are_never_respelt(word: str) -> None:
    assert typos.correction(word) is None


def test_a_ranking_by_a_misspelt_field_answers_as_spelt_right(engine: QueryEngine) -> None:
    got = answer(engine, "3 masses w the highest confidance")
    assert not got.warnings
    masses = [f for f in br.findings() if f["kind"] == "mass"]
    n, want = br.untied(masses, lambda f: -f["confidence"], "finding_id", 3)
    question = f"{n} masses w the highest confidance"
    assert ids(engine, question, "finding_id") == want


# --- a range with its year said once ----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("between 1 apr and 30 jun 2024", "between 1 apr 2024 and 30 jun 2024"),
        ("from 3rd march to 5th may 2023", "from 3 march 2023 to 5 may 2023"),
        ("jan 10 - feb 2, 2022", "jan 10 2022 - feb 2 2022"),
        ("from 20 dec to 10 jan 2025", "from 20 dec 2024 to 10 jan 2025"),  # over the new year
    ],
)
def test_a_year_said_once_is_both_days_year(typed: str, written: str) -> None:
    assert dates.year_said_once(typed) == written


def test_a_range_with_its_year_once_answers_both_days(engine: QueryEngine) -> None:
    question = "chest cts between 2 feb and 15 apr 2025 inclusive"
    got = answer(engine, question)
    assert not got.warnings
    want = br.sids(br.chest_ct, br.dated("2025-02-02", "2025-04-15"))
    assert ids(engine, question, "study_uid") == want


def test_a_month_day_range_loses_no_letter(grounder: Grounder) -> None:
    query = parse(grounder, "head cts mar 3 - apr 9, 2024")
    assert not query.ignored
    assert query.filter.dates is not None
    assert (str(query.filter.dates.start), str(query.filter.dates.end)) == (
        "2024-03-03",
        "2024-04-09",
    )


# --- signs typed against their word, and brackets ---------------------------------------------


def test_a_sign_against_its_word_bounds_that_measure(grounder: Grounder) -> None:
    glued, spaced = (
        parse(grounder, "nodules w long axis>9mm"),
        parse(grounder, "nodules w long axis > 9mm"),
    )
    assert glued.filter == spaced.filter and not glued.ignored


def test_a_rankings_field_in_brackets_is_read(engine: QueryEngine) -> None:
    rows = br.nodule_rows()
    n, want = br.untied(rows, lambda f: -f["volume_mm3"], "finding_id", 4)
    question = f"the {n} biggest nodules (by volume) please"
    got = answer(engine, question)
    assert not got.warnings
    assert ids(engine, question, "finding_id") == want


def test_another_aside_in_brackets_stays_warned(engine: QueryEngine) -> None:
    assert answer(engine, "solid nodules (not calcified) in men").warnings
