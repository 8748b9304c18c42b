"""The families part 37 of the bank showed missing, share C, in phrasings written here (not the
bank's).

- a hurried typist's slip in a short word of the reader's own (two neighbours swapped, a letter
  doubled, a letter struck with its keyboard neighbour or dropped in a longer word) is that
  word, and the short words of a bound typed together ("atleast") are that bound; English
  words and the cohort's values are left as typed;
- a verb that is a comparator ("exceeds", "tops", "surpasses") is "over"; a verb of where a
  measurement lies ("sits", "falls", "measures", "comes in") adds nothing; "strictly between"
  leaves both ends out; "no higher than" is "at most";
- a word saying how the question came before a colon opening it ("dictated:", "fyi:") is no
  condition;
- findings "in women" with no unit word are answered with the women, as the Conventions and the
  dev set say, with no warning;
- "needed" a study is "had" it, "over time" after a study adds nothing, "more than one
  <qualified> ct" counts the studies, "screened with an ldct" is the verb, "one single exam
  shows A alongside B" is both on one study, "<...> total exams" closing a question counts the
  exams, and "compared with the prior" after "stable" adds nothing.

The parser tests check the typed query; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import blind_reference as br
import pytest
from family_reading import answer, ids, parse

from query import layouts, run_together, typos
from query.engine import QueryEngine
from query.grounding import Grounder

# --- slips ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("haed", "head"),  # two neighbours swapped
        ("lnug", "lung"),
        ("yeaar", "year"),  # a letter doubled
        ("monthhs", "months"),
        ("womem", "women"),  # struck with its keyboard neighbour
        ("solud", "solid"),
        ("centimter", "centimeter"),  # a letter dropped
        ("anythign", "anything"),
        ("millimter", "millimeter"),
        ("pateint", "patient"),  # a longer word: a swap or a doubled letter only
        ("patiens", "patients"),
    ],
)
def test_a_typists_slip_in_a_readers_word_is_that_word(typed: str, meant: str) -> None:
    assert typos.correction(typed) == meant


@pytest.mark.parametrize(
    "word",
    # English words one slip from a reader's word, short words and the cohort's values
    [
        "does",
        "cats",
        "makes",
        "based",
        "cheat",
        "party",
        "loner",
        "spied",
        "form",
        "from",
        "scab",
        "scam",
        "mean",
        "mass",
        "lobe",
        "side",
        "sides",
        "heard",
        "heat",
        "fever",
        "lever",
        "women",
        "head",
        "year",
        "chest",
        "solid",
        "smooth",
        "spiculated",
        "lobulated",
        "female",
        "male",
        "ground",
    ],
)
def test_english_words_and_the_cohorts_values_are_left_as_typed(word: str) -> None:
    assert typos.correction(word) is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("atleast", "at least"), ("atmost", "at most"), ("morethan", "more than")],
)
def test_the_short_words_of_a_bound_typed_together_are_that_bound(typed: str, meant: str) -> None:
    assert run_together.splitting(typed) == meant
    assert run_together.splitting("atlas") is None


@pytest.mark.parametrize("word", ["jnue", "nodul", "change", "grund", "solidd"])
def test_a_short_slip_too_short_to_tell_or_read_by_the_grounder_is_left(word: str) -> None:
    # four letters of a lexicon word; a word cut short; a form's misspelling the grounder reads
    # and says as a caution
    assert typos.correction(word) is None


def test_a_slip_is_said_in_the_readings_notes(grounder: Grounder) -> None:
    query = parse(grounder, "womem w a haed ct this yeaar")
    notes = " ".join(query.notes)
    for slip in ("womem", "haed", "yeaar"):
        assert slip in notes
    assert not query.ignored


def test_slips_answer_as_the_words_would(engine: QueryEngine) -> None:
    want = br.pids(br.sex_is("M"), br.head_ct)
    got = answer(engine, "men with a haed ct - how many of them")
    assert got.to_json()["count"] == len(want)
    sizes = br.sids(br.nod(br.subsolid, br.ge("diameter_mm", 8)))
    assert ids(engine, "subsolid nodules atleast 8mm", "study_uid") == sizes


# --- comparator words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field", "low", "high", "low_in", "high_in"),
    [
        ("nodules whose volume exceeds 2 cc", "volume_mm3", 2000.0, None, False, True),
        ("nodules where the diameter tops 12 mm", "diameter_mm", 12.0, None, False, True),
        ("nodules whose size surpasses 9 mm", "diameter_mm", 9.0, None, False, True),
        ("nodules whose mean hu reading falls below -500", "mean_hu", None, -500.0, True, False),
        ("nodules whose attenuation sits above 0 hu", "mean_hu", 0.0, None, False, True),
        (
            "nodules where the solid comp measures 5 mm or more",
            "solid_component_mm",
            5.0,
            None,
            True,
            True,
        ),
        ("nodules whose volume comes in under 50 mm3", "volume_mm3", None, 50.0, True, False),
        ("nodules whose diameter is strictly over 7 mm", "diameter_mm", 7.0, None, False, True),
        ("nodules no greater than 4 mm", "diameter_mm", None, 4.0, True, True),
        ("nodules strictly between 6 and 9 mm", "diameter_mm", 6.0, 9.0, False, False),
        ("confidence strictly between 0.6 and 0.9, nodules", "confidence", 0.6, 0.9, False, False),
    ],
)
def test_comparator_verbs_and_adverbs_bound_the_measure(
    grounder: Grounder,
    question: str,
    field: str,
    low: float | None,
    high: float | None,
    low_in: bool,
    high_in: bool,
) -> None:
    query = parse(grounder, question)
    assert not query.ignored, query.ignored
    measures = [m for c in query.filter.findings for m in c.measures if m.field == field]
    assert len(measures) == 1, query
    bounds = measures[0].range
    assert (bounds.low, bounds.high) == (low, high)
    if low is not None:
        assert bounds.low_inclusive is low_in
    if high is not None:
        assert bounds.high_inclusive is high_in


def test_tops_without_a_number_is_kept(grounder: Grounder) -> None:
    assert "tops" not in parse(grounder, "which station tops the list of ldcts").notes


def test_comparator_verbs_answer_as_the_comparators_would(engine: QueryEngine) -> None:
    want = br.sids(br.nod(br.gt("volume_mm3", 500)))
    assert ids(engine, "scans with a nodule whose vol exceeds 500 mm3", "study_uid") == want
    want = br.sids(br.nod(br.lt("mean_hu", -600)))
    assert ids(engine, "nodules whose mean hu reading sits below -600", "study_uid") == want


# --- lead-ins, the unit of findings in women ------------------------------------------------


@pytest.mark.parametrize("lead", ["dictated", "typed", "note", "q", "question", "query", "fyi"])
def test_a_lead_in_word_before_a_colon_is_no_condition(lead: str) -> None:
    assert layouts.drop_fillers(f"{lead}: masses over 3 cm") == "masses over 3 cm"
    assert layouts.drop_fillers(f"women over 60: {lead}") == f"women over 60: {lead}"


def test_dictated_before_a_colon_requires_no_report(engine: QueryEngine) -> None:
    want = br.sids(br.nod(br.within("diameter_mm", 4, 6)))
    got = answer(engine, "dictated: nodules between four and six millimetres inclusive")
    assert "report" not in got.interpretation
    assert sorted({r["study_uid"] for r in got.rows}) == want


def test_findings_in_women_without_a_unit_are_the_women_with_no_warning(
    grounder: Grounder,
) -> None:
    # the dev set's own "calcified nodules in men" lists the men: the Conventions' reading, and
    # a question whose every word is used carries no warning (the query contract)
    query = parse(grounder, "calcified nodules with lobulated margins in men")
    assert query.unit == "patient"
    assert not any("in men" in c for c in query.cautions)
    assert parse(grounder, "studies with calcified nodules in men").unit == "study"


# --- counts and features --------------------------------------------------------------------


def _n_studies(least: int, test: Callable[[dict[str, Any]], bool]) -> list[str]:
    return br.history(lambda mine: sum(map(test, mine)) >= least)


def test_needed_more_than_one_qualified_study_over_time_counts_them(engine: QueryEngine) -> None:
    want = _n_studies(2, br.non_contrast_chest)
    question = "anybody who required more than one non-contrast chest ct over time"
    assert ids(engine, question, "patient_id") == want
    assert not answer(engine, question).warnings


def test_screened_with_a_study_is_having_it(engine: QueryEngine) -> None:
    want = br.history(lambda mine: not any(map(br.ldct, mine)))
    assert ids(engine, "pts never screened with a low dose ct", "patient_id") == want


def test_one_single_exam_showing_both_is_both_on_one_study(engine: QueryEngine) -> None:
    want = br.pids(br.nod(br.att("part-solid")), br.nod(br.calcified))
    question = "patients where one single scan shows a part-solid nodule alongside a calcified one"
    got = answer(engine, question)
    assert sorted({r["patient_id"] for r in got.rows}) == want
    assert "exactly 1" not in got.interpretation


def test_total_exams_closing_a_question_counts_them(engine: QueryEngine) -> None:
    got = answer(engine, "head ct 2024 total exams")
    assert got.to_json()["count"] == br.count(br.head_ct, br.in_year(2024))


def test_compared_with_the_prior_after_a_change_adds_nothing(grounder: Grounder) -> None:
    query = parse(grounder, "ggns that grew compared to the previous scan")
    assert not query.ignored
    query = parse(grounder, "new nodules compared with the prior scan")
    assert not query.ignored
    assert query.filter.findings[0].new


@pytest.mark.parametrize(
    ("question", "people"),
    [
        ("patients who had a head ct - how many", lambda s: True),
        ("women who had a head ct: how many?", br.sex_is("F")),
        ("men with a head ct - number", br.sex_is("M")),
    ],
)
def test_a_closing_count_after_people_with_a_study_counts_the_people(
    engine: QueryEngine, question: str, people: Callable[[dict[str, Any]], bool]
) -> None:
    got = answer(engine, question)
    assert got.to_json()["count"] == len(br.pids(people, br.head_ct))
