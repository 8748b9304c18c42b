"""Every word of a question is used or reported: no silent answer that dropped part of it.

The property is checked directly over many questions: a word that could change the answer (a
number, a date, an identifier, a negation, "both", "never", "exactly", "most") inserted into a
question the reader understands must either change the reading or be named in a warning, or the
question must be refused. And the warnings are empty exactly when every word was used as read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any

import bank_families
import bank_follow_up_parts
import bank_issue17
import bank_later_families
import pytest
from bank_follow_up import LATER_FAMILIES
from cohort_reference import COHORT
from question_bank import bank
from unexpressible_questions import UNEXPRESSIBLE

from appliance.errors import QueryError
from query.accounting import could_change_answer, warnings_for
from query.engine import QueryEngine
from query.typed_query import TypedQuery

AS_OF = "2026-11-01"
DAY = dt.date.fromisoformat(AS_OF)
RISKY = [
    "never",
    "exactly",
    "both",
    "most",
    "not",
    "2019",
    "3",
    "-400",
    "q3",
    "p99999",
    "every",
    "average",
    "before",
    "per",
    "first",
]


def questions(count: int, seed: int) -> list[Any]:
    """A sample of the bank's tune questions; without the shared cohort (the bank's answers are
    computed from it) one skipped parameter that says so, rather than failing to collect."""
    if not (COHORT / "dev_queries.jsonl").is_file():
        reason = f"the shared cohort fixture is not at {COHORT}"
        return [pytest.param("", marks=pytest.mark.skip(reason=reason))]
    rng = random.Random(seed)
    later = {
        "aggregates",
        "every_scan",
        "compare_studies",
        "without_scope",
        *LATER_FAMILIES,
        *bank_later_families.FAMILY_NAMES,
    }
    # the twelve first families as bank_families.py writes them (bank() draws them first, with
    # the same seed), so that tune phrasings added later under the same family names do not
    # move the sample: they have their own specification tests
    first = _first_families()
    tune = [
        item.question
        for item in bank()
        if item.part == "tune" and item.family not in later and item.question in first
    ]
    return rng.sample(tune, min(count, len(tune)))


def _first_families() -> set[str]:
    """The questions of ``bank_families.FAMILIES``, drawn as :func:`bank` draws them."""
    rng = random.Random(17)
    return {item.question for family in bank_families.FAMILIES for item in family(rng)}


def inserted(question: str, word: str, rng: random.Random) -> str:
    words = question.split()
    words.insert(rng.randint(0, len(words)), word)
    return " ".join(words)


def restates(changed: str, word: str, base: TypedQuery) -> bool:
    """Does the inserted word only say what was read anyway? "average" before a question
    already answered with the mean, "exactly" right before a number ("lung-rads exactly 3"),
    "both" closing a question about patients that joins its conditions with "and" (each on
    some study, as "both" last is read), "per" right before a study pick ("per latest study":
    each patient's, as the pick is read anyway): the word is used, and the reading cannot
    change."""
    if word == "average":
        return base.aggregate is not None and base.aggregate.kind == "mean"
    following = changed.split(f"{word} ", 1)[1].split() if f"{word} " in changed else []
    if word == "both":
        return base.unit == "patient" and changed.endswith(" both") and " and " in changed
    if word == "per":
        return bool(following) and following[0] in ("latest", "first", "earliest", "last")
    return word == "exactly" and bool(following) and following[0][0].isdigit()


def reading(query: TypedQuery) -> TypedQuery:
    """What the answer depends on: the query without its notes and unplaced words."""
    return dataclasses.replace(query, ignored=(), notes=(), cautions=())


def test_a_risky_word_changes_the_reading_or_is_warned_about(engine: QueryEngine) -> None:
    rng = random.Random(1717)
    silent, answered = [], 0
    for question in questions(60, seed=17):
        base = reading(engine.parse(question, DAY))
        for word in rng.sample(RISKY, 4):
            changed = inserted(question, word, rng)
            try:
                answer = engine.answer(changed, AS_OF)
            except QueryError:
                continue  # refused, with a reason: not a silent answer
            answered += 1
            unchanged = reading(answer.query) == base and not restates(changed, word, base)
            if unchanged and not answer.warnings:
                silent.append(f"{changed!r}: {answer.interpretation}")
    assert answered >= 150
    assert silent == [], "\n".join(silent)


@pytest.mark.parametrize(
    ("families", "seed", "least"),
    [
        (bank_issue17.FAMILIES, 5, 250),
        (bank_follow_up_parts.ALL_FAMILIES, 6, 150),
        (bank_later_families.FAMILIES, 7, 450),
    ],
)
def test_the_same_holds_for_the_families_added_last(
    engine: QueryEngine, families: Any, seed: int, least: int
) -> None:
    """Averages, percentages, every scan, periods compared, "without"; then medians, ages,
    per-patient averages and intervals; then intervals in months, stable nodules, Lung-RADS
    changes, overdue follow-up, doubling times, medians per patient and consecutive
    intervals: every risky word, once."""
    if not (COHORT / "dev_queries.jsonl").is_file():
        pytest.skip(f"the shared cohort fixture is not at {COHORT}")
    rng = random.Random(seed)
    later = sorted({i.question for f in families for i in f(random.Random(17)) if i.part == "tune"})
    silent, answered = [], 0
    for question in later:
        base = reading(engine.parse(question, DAY))
        for word in RISKY:
            changed = inserted(question, word, rng)
            try:
                answer = engine.answer(changed, AS_OF)
            except QueryError:
                continue
            answered += 1
            unchanged = reading(answer.query) == base and not restates(changed, word, base)
            if unchanged and not answer.warnings:
                silent.append(f"{changed!r}: {answer.interpretation}")
    assert answered >= least
    assert silent == [], "\n".join(silent)


@pytest.mark.parametrize("question", questions(80, seed=3))
def test_warnings_are_empty_exactly_when_every_word_was_used(
    engine: QueryEngine, question: str
) -> None:
    answer = engine.answer(question, AS_OF)
    assert list(answer.warnings) == warnings_for(answer.query)
    assert (answer.warnings == ()) == (not answer.query.ignored and not answer.query.cautions)
    for word in answer.query.ignored:
        assert any(f"'{word}'" in sentence for sentence in answer.warnings)


def test_an_unknown_word_that_could_change_the_answer_is_named_as_such(
    engine: QueryEngine,
) -> None:
    answer = engine.answer("spiculated nodules on every scan", AS_OF)
    assert "every" in answer.query.ignored and could_change_answer("every")
    assert any("'every'" in w and "could change the answer" in w for w in answer.warnings)


def test_a_harmless_unknown_word_is_still_reported(engine: QueryEngine) -> None:
    answer = engine.answer("spiculated nodules kindly", AS_OF)
    assert answer.warnings == ("not understood and left out of the answer: 'kindly'",)


@pytest.mark.parametrize(
    ("words", "risky"),
    [("but never", True), ("2019", True), ("exactly", True), ("p99999", True), ("kindly", False)],
)
def test_a_word_or_phrase_that_could_change_the_answer_is_recognised(
    words: str, risky: bool
) -> None:
    assert could_change_answer(words) is risky


@pytest.mark.parametrize("question", UNEXPRESSIBLE)
def test_a_question_the_reader_cannot_express_is_warned_about_or_refused(
    engine: QueryEngine, question: str
) -> None:
    """The hand-written questions of unexpressible_questions.py: each is refused, or answered
    with at least one warning; never a clean answer."""
    try:
        answer = engine.answer(question, AS_OF)
    except QueryError:
        return
    assert answer.warnings, answer.interpretation
