"""The families parts 48 and 49 (``bank_fresh_48.py``, ``bank_fresh_49.py``) showed missing,
share B: Lung-RADS categories and their changes said in other words
(:mod:`query.category_forms`), and rankings said around their number
(:mod:`query.ranked_forms`, :mod:`query.history`).

Each rule is checked in phrasings written here (not the parts'). The parser tests check the
typed query and that every word was read; the engine tests check answers against the cohort,
computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from blind_reference import (
    att,
    category,
    chest_ct,
    cta,
    findings,
    highest,
    history,
    kind,
    ldct,
    nod,
    nods,
    pats,
    pids,
    sex_is,
    sids,
    studies,
    top,
    went,
    went_from,
)
from family_reading import answer, clean_reading, ids, parse

from query.engine import QueryEngine
from query.grounding import Grounder

Row = dict[str, Any]

# --- Lung-RADS: a category said in words ------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "cat", "kind_of_study"),
    [
        ("chest cts rated four x", "4X", chest_ct),
        ("ldcts graded four a", "4A", ldct),
        ("low dose screening cts categorised as a four b", "4B", ldct),
    ],
)
def test_a_letter_category_said_in_words(
    grounder: Grounder,
    engine: QueryEngine,
    question: str,
    cat: str,
    kind_of_study: Callable[[Row], bool],
) -> None:
    """ "four a / four b / four x" after a word of scoring (scored, rated, graded, ...) or the
    scale is that category ("four" and the letter had been left unread, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "study_uid") == sids(kind_of_study, lambda s: category(s) == cat)


# --- Lung-RADS: the highest ever, said as a sentence ------------------------------------------


@pytest.mark.parametrize(
    ("question", "cat"),
    [
        ("3 was the worst lung-rads the patient ever got, which pts", "3"),
        ("lr4a was the highest lung-rads category they ever received", "4A"),
        ("4b is the top lr score this patient has reached - who", "4B"),
    ],
)
def test_the_highest_category_said_as_a_sentence(
    grounder: Grounder, engine: QueryEngine, question: str, cat: str
) -> None:
    """ "<category> is / was the highest (worst, top) category this person (they) ever reached
    (got, received)" asks for the patients whose highest category is that one (it had been read
    as the category on some study, "highest" left unread, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "patient_id") == history(lambda mine: highest(mine) == cat)


# --- Lung-RADS: a change said with articles, with "worse / better than the prior" ------------


@pytest.mark.parametrize(
    ("question", "old", "new"),
    [
        ("patients bumped from a 1 to a 4a on lung-rads", "1", "4A"),
        ("pts who jumped from an lr 2 to an lr 4b", "2", "4B"),
        ("people upgraded from a 2 to a 3 on the lung-rads scale", "2", "3"),
    ],
)
def test_a_change_from_a_category_to_another_with_articles(
    grounder: Grounder, engine: QueryEngine, question: str, old: str, new: str
) -> None:
    """ "from a 3 to a 4a" is "from 3 to 4a": the change from the patient's previous category
    (the first category had been left unread, warned); "on lung-rads" after it names the scale."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    assert ids(engine, question, "patient_id") == pids(went_from(old, (new,)))


@pytest.mark.parametrize(
    ("question", "direction", "screening"),
    [
        ("screening cts whose lr worsened compared with the previous one", 1, True),
        ("scans where the lung-rads rose compared to the prior one", 1, False),
        ("ldcts that got higher than the previous lung-rads", 1, True),
        ("exams that moved down a lung-rads category", -1, False),
        ("scans where the lr category fell vs the previous one", -1, False),
        ("studies that went up in lr category", 1, False),
    ],
)
def test_a_category_above_or_below_the_prior_in_other_words(
    grounder: Grounder, engine: QueryEngine, question: str, direction: int, screening: bool
) -> None:
    """ "got worse / rose / improved than (vs, compared with) the prior lung-rads" and "went up
    (down) in lung-rads category" are the category above (below) the patient's previous one
    (the words had been left unread, and "went up" read as growth, warned)."""
    query = parse(grounder, question)
    assert clean_reading(query), query
    extra = [ldct] if screening else []
    assert ids(engine, question, "study_uid") == sids(went(direction), *extra)


def test_got_worse_without_the_scale_is_not_a_category_change(grounder: Grounder) -> None:
    """Without the scale named, "got worse vs the prior" may be a nodule's growth: it is not
    read as a change of category."""
    query = parse(grounder, "ldcts that got worse vs the prior")
    assert query.filter.lung_rads_change is None or not clean_reading(query), query


# --- Lung-RADS: a category before its scale and a study noun; a breakdown said last ----------


def test_a_letter_category_before_the_scale_and_a_study_noun(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "the 4b lung-rads scans, count per station" counts the studies of that category per
    station (the category and the scale had been left unread, all studies counted, warned)."""
    question = "4b lung-rads scans, count per station"
    assert clean_reading(parse(grounder, question))
    got = answer(engine, question)
    assert got.to_json()["warnings"] == []
    counted = {str(row["station"]): int(row["count"]) for row in got.rows}
    assert counted == dict(Counter(s["station"] for s in studies() if category(s) == "4B"))


@pytest.mark.parametrize(
    ("question", "year"),
    [
        ("lung-rads categories of 2025 ldcts: distribution", 2025),
        ("lr scores for the 2024 ldcts - split", 2024),
    ],
)
def test_categories_of_studies_then_a_breakdown(
    grounder: Grounder, engine: QueryEngine, question: str, year: int
) -> None:
    """ "lr categories for <studies>, breakdown" counts those studies per category, as "lr
    breakdown of <studies>" (the words had been left unread, the studies listed, warned)."""
    assert clean_reading(parse(grounder, question))
    got = answer(engine, question)
    assert got.to_json()["warnings"] == []
    counted = {row["lung_rads"]: int(row["count"]) for row in got.rows}
    chosen = [s for s in studies() if ldct(s) and s["study_date"].startswith(str(year))]
    assert counted == dict(Counter(category(s) for s in chosen))


# --- rankings ---------------------------------------------------------------------------------


def _untied(rows: list[Row], key: Callable[[Row], Any], ident: str) -> tuple[int, list[str]]:
    for n in range(3, 9):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    raise AssertionError("every ranking from 3 to 8 is tied at its boundary")


def _day(s: Row) -> int:
    return dt.date.fromisoformat(s["study_date"]).toordinal()


def _ranked(engine: QueryEngine, question: str, key: str) -> list[str]:
    got = answer(engine, question)
    assert got.to_json()["warnings"] == [], question
    return sorted(str(row[key]) for row in got.rows)


def test_the_n_latest_with_a_contrast_word_in_two_words(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "earliest N non contrast chest cts": "non contrast" in two words is a kind of study
    between the ranking and its noun, as "non-contrast" was ("earliest" and the number had been
    left unread, warned)."""
    rows = [s for s in studies() if s["description"] == "CT CHEST W/O CONTRAST"]
    n, want = _untied(rows, _day, "study_uid")
    question = f"earliest {n} non contrast chest cts"
    assert clean_reading(parse(grounder, question))
    assert _ranked(engine, question, "study_uid") == want


def test_first_n_studies_opening_a_question_are_the_earliest(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "first N <studies>" opening a question, not per patient, is the N earliest ("first" had
    been left unread and the number read as a count per patient, warned)."""
    rows = [s for s in studies() if cta(s)]
    n, want = _untied(rows, _day, "study_uid")
    question = f"first {n} ctas"
    assert clean_reading(parse(grounder, question))
    assert _ranked(engine, question, "study_uid") == want


def test_first_n_per_patient_is_not_a_ranking(grounder: Grounder) -> None:
    """ "each patient's first 2 scans" is about each patient: not the 2 earliest studies."""
    assert parse(grounder, "first 2 scans of each patient").top is None


def _finding_rows(test: Callable[[Row], bool]) -> list[Row]:
    return [f for f in findings() if test(f)]


@pytest.mark.parametrize(
    ("template", "rows", "key"),
    [
        (
            "{n} masses with the tiniest volumes",
            lambda: _finding_rows(lambda f: f["kind"] == "mass"),
            lambda f: f["volume_mm3"],
        ),
        (
            "ggn list, top {n} by size of long axis",
            lambda: [f for s in studies() for f in nods(s, att("ground-glass"))],
            lambda f: -f["long_axis_mm"],
        ),
        (
            "which {n} nodules measure the shortest along the short axis",
            lambda: [f for s in studies() for f in nods(s)],
            lambda f: f["short_axis_mm"],
        ),
        (
            "of the part-solid nodules, which {n} have the lowest mean hu",
            lambda: [f for s in studies() for f in nods(s, att("part-solid"))],
            lambda f: f["mean_hu"],
        ),
    ],
)
def test_a_finding_ranking_said_around_its_number(
    grounder: Grounder,
    engine: QueryEngine,
    template: str,
    rows: Callable[[], list[Row]],
    key: Callable[[Row], Any],
) -> None:
    """The N findings ranked by a field said as "with the tiniest <field>s", "top N by size of
    <field>", "which N measure the <sup> along the <axis>", "of the <findings>, which N have the
    <sup> <field>" (part of each had been left unread, warned)."""
    n, want = _untied(rows(), key, "finding_id")
    question = template.format(n=n)
    assert clean_reading(parse(grounder, question)), question
    assert _ranked(engine, question, "finding_id") == want


def test_people_said_first_then_the_n_born_earliest(
    grounder: Grounder, engine: QueryEngine
) -> None:
    """ "of the women with a mass, the N born first" is the N oldest such women (the number had
    been left unread and read as an age, warned)."""
    chosen = set(pids(kind("mass"))) & set(pids(sex_is("F")))
    rows = [p for p in pats() if p["patient_id"] in chosen]
    n, want = _untied(rows, lambda p: p["birth_date"], "patient_id")
    question = f"of the women with a mass, the {n} born first"
    assert clean_reading(parse(grounder, question))
    assert _ranked(engine, question, "patient_id") == want


def test_people_said_first_then_the_n_youngest(grounder: Grounder, engine: QueryEngine) -> None:
    """ "among pts with a ground-glass nodule, the N youngest": the same, youngest first."""
    with_ggn = set(pids(nod(att("ground-glass"))))
    rows = [p for p in pats() if p["patient_id"] in with_ggn]
    n, want = _untied(
        rows, lambda p: -dt.date.fromisoformat(p["birth_date"]).toordinal(), "patient_id"
    )
    question = f"among pts with a ground-glass nodule, the {n} youngest"
    assert clean_reading(parse(grounder, question))
    assert _ranked(engine, question, "patient_id") == want
