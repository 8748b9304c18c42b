"""A field the question names and the answer does not use is warned about, never dropped.

"what kind of margin do the solid nodules have" had been answered with every study with a solid
nodule, without a warning: "margin" was placed as a field's name and then read as nothing. The
guard (:mod:`query.unused_fields`) names such a word in the warnings, whatever else the question
says; a field read by value, broken down by, ranked or averaged is used and adds no warning.
"""

from __future__ import annotations

import pytest
from family_reading import answer

from query.engine import QueryEngine
from query.typed_query import StudyFilter, TypedQuery
from query.unused_fields import unused_field_cautions


def _field_warnings(engine: QueryEngine, question: str) -> list[str]:
    return [w for w in answer(engine, question).warnings if "neither limits it" in w]


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("what kind of margin do the solid nodules have", "margin"),
        ("how do the nodule margins break down for women", "margins"),
        ("tell me the modality for patients with a pneumothorax in 2024", "modality"),
        ("what sort of margins do ggns in men have", "margins"),
    ],
)
def test_a_named_field_the_answer_does_not_use_is_warned(
    engine: QueryEngine, question: str, word: str
) -> None:
    warnings = _field_warnings(engine, question)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"'{word}' names the")
    assert "per " in warnings[0]  # says how to ask for the breakdown


@pytest.mark.parametrize(
    "question",
    [
        "spiculated margins in women",
        "nodules per lobe",
        "left upper lobe nodules",
        "lung-rads 4a patients",
        "attenuation mix of nodules in men",
        "mean age of patients with a mass",
        "women aged 55 to 60",
        "which station has the most studies",
        "how many ct studies per modality in 2024",
        "patients whose highest lung-rads category ever was 3",
    ],
)
def test_a_field_read_by_value_or_grouped_by_is_used_and_not_warned(
    engine: QueryEngine, question: str
) -> None:
    assert _field_warnings(engine, question) == []


def test_a_word_already_reported_as_not_understood_is_not_warned_twice() -> None:
    assert unused_field_cautions("nodule margins", _query(ignored=("margins",))) == ()
    assert len(unused_field_cautions("nodule margins", _query())) == 1


def test_a_field_word_inside_another_word_is_not_a_field() -> None:
    assert (
        unused_field_cautions(
            "lobectomy on the agenda at the staging meeting, off the scanner", _query()
        )
        == ()
    )


def _query(ignored: tuple[str, ...] = ()) -> TypedQuery:
    return TypedQuery(unit="study", filter=StudyFilter(), ignored=ignored)
