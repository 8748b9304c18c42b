"""The families part 40 (``bank_fresh_40.py``) showed missing, share J: dates and periods,
demographics, numbers and measured fields, and word forms (hyphenated and slashed compounds).

Each rule is checked in phrasings written here (not the part's). The parser tests check the
typed query; the engine tests check answers against the cohort, computed in plain Python
(:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import pytest
from blind_reference import (
    age_in,
    any_ct,
    att,
    born,
    head_ct,
    lt,
    margin,
    nod,
    pids,
    quarter,
    sex_is,
    sids,
    within,
)
from family_reading import ids, parse

from query import dates, typos
from query.engine import QueryEngine
from query.grounding import Grounder
from query.interpretation import interpret

# --- a quarter restated in brackets after its months ------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "ct exams done july-september quarter (q3) of 2024",
        "ct exams jul-sep 2024 (q3)",
        "ct exams in jul to sep (3rd quarter) 2024",
        "ct exams q3 (july-september) 2024",
        "ct exams q3 2024 (jul through sep)",
        "ct exams in the third quarter (jul-sep) of 2024",
        "ct exams q3 2024",
        "ct exams jul-sep quarter of 2024",
        "ct exams july through september quarter, 2024",
        "ct exams july to september 2024",
    ],
)
def test_months_restated_as_their_quarter_are_one_period(
    engine: QueryEngine, question: str
) -> None:
    """A month range and the quarter it is, said twice (one of them in brackets), name one
    period: that quarter (it had been read as two periods joined, first to last, warned)."""
    assert ids(engine, question, "study_uid") == sids(any_ct, quarter(2024, 3))


def test_a_bracket_naming_other_months_stays_warned(grounder: Grounder) -> None:
    """A quarter in brackets that is not the months said is not dropped: the two periods are
    still said to be separate, a caution, never silently one of them."""
    query = parse(grounder, "ct exams jul-sep (q2) 2024")
    assert query.cautions or query.ignored


def test_the_bracket_is_dropped_only_when_it_restates_the_months() -> None:
    assert dates.quarter_said_twice("cts jan-mar 2025 (q1)") == "cts jan-mar 2025"
    assert dates.quarter_said_twice("cts jan-mar 2025 (q2)") == "cts jan-mar 2025 (q2)"


# --- a bound on the year of birth -------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "anyone whose birth year precedes 1950",
        "patients whose year of birth predates 1950",
        "people with a birth year preceding 1950",
        "patients whose birth year antedates 1950",
    ],
)
def test_a_birth_year_that_precedes_a_year_is_born_before_it(
    engine: QueryEngine, question: str
) -> None:
    """ "precedes / predates" before a year is "before": a bound on the birth date, never a
    study date in that year (it had been read as studies of 1950)."""
    assert ids(engine, question, "patient_id") == born("0001-01-01", "1949-12-31")


def test_a_birth_year_that_postdates_a_year_is_born_after_it(engine: QueryEngine) -> None:
    got = ids(engine, "patients whose birth year postdates 1950", "patient_id")
    assert got == born("1951-01-01", "9999-12-31")


# --- run-together relative dates --------------------------------------------------------------


@pytest.mark.parametrize(
    ("run_together", "spaced"),
    [
        ("ct exams lastyear", "ct exams last year"),
        ("ct exams thisyear", "ct exams this year"),
        ("ct exams in the pastyear", "ct exams in the past year"),
        ("ct exams lastmonth", "ct exams last month"),
    ],
)
def test_a_relative_date_typed_as_one_word_is_that_date(
    grounder: Grounder, run_together: str, spaced: str
) -> None:
    got, want = parse(grounder, run_together), parse(grounder, spaced)
    assert "study date" in interpret(want)
    assert interpret(got).split("; note")[0] == interpret(want)
    assert got.ignored == ()


# --- an age decade in words --------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "sixty-something women with a ground glass nodule",
        "60-something females with a ground-glass nodule",
        "60 something women with a ggn",
        "women in their sixties with a ground glass nodule",
        "females in their 60s with a ground-glass nodule",
        "sexagenarian women with a ground glass nodule",
    ],
)
def test_an_age_decade_said_in_words_is_that_decade(engine: QueryEngine, question: str) -> None:
    """ "sixty-something", "60-something": a person in their sixties (60 to 69 on the study)."""
    expected = pids(sex_is("F"), age_in(60, 69), nod(att("ground-glass")))
    assert ids(engine, question, "patient_id") == expected


@pytest.mark.parametrize(
    ("word", "low"),
    [
        ("octagenarian", 80),
        ("octogenerians", 80),
        ("septagenarians", 70),
        ("septuagenarian", 70),
        ("sexagenerian", 60),
        ("nonagenerians", 90),
        ("quinquagenarian", 50),
    ],
)
def test_the_genarian_decades_and_their_slips(grounder: Grounder, word: str, low: int) -> None:
    """A "-genarian" word names its decade by its Latin stem, whatever slip its middle has."""
    query = parse(grounder, f"spiculated nodule in an {word}")
    assert query.ignored == ()
    assert f"age on the study date {low} to {low + 9} years" in interpret(query)


# --- measured fields and their bounds ---------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "nodules reading under -700 mean hounsfield units",
        "nodules reading below -700 hu",
        "nodules registering under -700 HU",
        "nodules that read under -700 hu",
        "nodules under -700 mean hu",
        "nodules with mean attenuation under -700 hounsfield units",
    ],
)
def test_a_negative_attenuation_bound_with_reading_as_its_verb(
    engine: QueryEngine, question: str
) -> None:
    """ "reading" before a bound is its verb, and "mean" between the number and its unit is
    the unit's own word: a bound on the attenuation, not an average."""
    assert ids(engine, question, "study_uid") == sids(nod(lt("mean_hu", -700)))


@pytest.mark.parametrize(
    "question",
    [
        "nodules whose short-axis measure is under 4mm",
        "nodules whose short axis measurement is under 4 mm",
        "nodules with a short-axis diameter under 4 mm",
        "nodules with short axis length below 4mm",
        "nodules with short-axis size under 4 mm",
    ],
)
def test_the_short_axis_said_with_a_word_for_a_length(engine: QueryEngine, question: str) -> None:
    assert ids(engine, question, "study_uid") == sids(nod(lt("short_axis_mm", 4)))


@pytest.mark.parametrize(
    "question",
    [
        "nodules sized anywhere 0.4 cm up to 0.6 cm",
        "nodules anywhere from 0.4 cm up to 0.6 cm",
        "nodules 4 mm up to 6 mm",
        "nodules somewhere between 4 and 6 mm",
        "nodules 0.4cm up to 0.6cm",
    ],
)
def test_a_range_up_to_is_the_numbers_said(engine: QueryEngine, question: str) -> None:
    """ "A up to B" is the range from A to B, each end the number said (never the rounding band
    of A alone), and "anywhere" before it adds nothing."""
    assert ids(engine, question, "study_uid") == sids(nod(within("diameter_mm", 4, 6)))


def test_up_to_alone_is_still_at_most(grounder: Grounder) -> None:
    assert "mean diameter <= 6 mm" in interpret(parse(grounder, "nodules up to 6 mm"))


def test_a_single_size_keeps_its_rounding(grounder: Grounder) -> None:
    assert "mean diameter >= 3.5 and < 4.5 mm" in interpret(parse(grounder, "nodules 0.4 cm"))


# --- hyphenated and slashed compounds ---------------------------------------------------------


@pytest.mark.parametrize(
    ("compound", "parts"),
    [
        ("mean-diameter", "mean diameter"),
        ("unchanged-size", "unchanged size"),
        ("smooth-borderd", "smooth bordered"),
        ("lower-lobe", "lower lobe"),
        ("brain/head", "brain or head"),
    ],
)
def test_a_compound_of_the_readers_words_is_its_parts(compound: str, parts: str) -> None:
    assert typos.split_compounds(f"x {compound} y") == f"x {parts} y"


@pytest.mark.parametrize(
    "compound",
    [
        "ground-glass",
        "part-solid",
        "lung-rads",
        "follow-up",
        "x-ray",
        "and/or",
        "non-smoker",
        "july-september",
        "w/o",
    ],
)
def test_a_compound_a_rule_spells_or_with_an_unknown_part_is_kept(compound: str) -> None:
    assert typos.split_compounds(compound) == compound


@pytest.mark.parametrize(
    "question",
    [
        "average mean-diameter of the nodules",
        "the nodules' average mean diameter",
        "average nodule mean-diameter",
    ],
)
def test_a_hyphenated_field_is_that_field(grounder: Grounder, question: str) -> None:
    query = parse(grounder, question)
    assert "average mean diameter" in interpret(query)
    assert query.ignored == ()


@pytest.mark.parametrize(
    "question",
    ["brain/head ct exams", "head/brain cts", "brain or head ct scans", "head ct exams"],
)
def test_one_kind_said_two_ways_with_a_slash(engine: QueryEngine, question: str) -> None:
    assert ids(engine, question, "study_uid") == sids(head_ct)


@pytest.mark.parametrize(
    "question",
    [
        "smooth-borderd ggo",
        "smooth-bordered ground glass nodules",
        "smooth-edged ggns",
        "ground-glass nodules with smooth borders",
        "smooth-margined ggo",
    ],
)
def test_a_margin_said_as_its_border(engine: QueryEngine, question: str) -> None:
    expected = sids(nod(att("ground-glass"), margin("smooth")))
    assert ids(engine, question, "study_uid") == expected
