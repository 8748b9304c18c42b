"""The question rewritten into the readers' words (:mod:`query.rewrites`), as a declared list.

- :func:`clean` is the normalisation followed by each step of :data:`REWRITES` in order, and
  nothing else: a step added to the list is a step the reader takes;
- every step has its own name, and :func:`trace` names, in order, exactly the steps that
  changed a question, each with the text it wrote, ending in what :func:`clean` returns;
- a question no step rewrites comes back as its normalised self, with nothing traced;
- what a step tells the user (a spoken number, a typing slip) is added to the notes;
- a question too long or empty is refused with a message saying what to do.
"""

from __future__ import annotations

import itertools

import pytest

from appliance.errors import QueryError
from query.rewrites import MAX_QUESTION_CHARS, REWRITES, clean, trace

QUESTIONS = (
    "How many pts w/ LR 4B in twenty twenty four, the bulkiest 3?",
    "women's chest CTs at CT02 since March 2023",
    "patients excluding anyone with a pneumothorax",
    "which nodules are getting bigger, lingula excluded",
    "nodules under a centimetre that are solid",
)


def test_every_step_has_its_own_name() -> None:
    names = [step.name for step in REWRITES]
    assert len(names) == len(set(names)), "two steps share a name; trace could not tell them apart"
    assert all(names)


@pytest.mark.parametrize("question", QUESTIONS)
def test_clean_is_the_declared_steps_in_order(question: str) -> None:
    text = trace(question)[0][1]
    for step in REWRITES:
        text = step.apply(text, None)
    assert clean(question) == text


@pytest.mark.parametrize("question", QUESTIONS)
def test_trace_names_each_step_that_changed_the_question(question: str) -> None:
    traced = trace(question)
    assert traced[0][0] == "normalised"
    assert traced[-1][1] == clean(question)
    order = [step.name for step in REWRITES]
    positions = [order.index(name) for name, _ in traced[1:]]
    assert positions == sorted(positions), "trace lists the steps out of their order"
    for (_, before), (name, after) in itertools.pairwise(traced):
        step = REWRITES[order.index(name)]
        assert step.apply(before, None) == after != before


def test_a_plain_question_is_only_normalised() -> None:
    assert trace("Patients  with   EMPHYSEMA") == [("normalised", "patients with emphysema")]
    assert clean("Patients  with   EMPHYSEMA") == "patients with emphysema"


def test_a_spoken_year_is_rewritten_and_noted() -> None:
    notes: list[str] = []
    assert "2024" in clean("scans in twenty twenty four", notes)
    assert [name for name, _ in trace("scans in twenty twenty four")][1:] == ["read_spoken"]
    assert notes == ["'twenty twenty four' read as 2024"]


def test_a_superlative_is_read_as_the_readers_word() -> None:
    assert [name for name, _ in trace("the bulkiest 3 nodules")][1:] == ["leaderboards"]
    assert clean("the bulkiest 3 nodules") == "the largest 3 nodules"


@pytest.mark.parametrize(
    ("question", "message"),
    [("   ", "the question is empty"), ("x" * (MAX_QUESTION_CHARS + 1), "one question at a time")],
)
def test_an_empty_or_overlong_question_is_refused(question: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        clean(question)
    with pytest.raises(QueryError, match=message):
        trace(question)
