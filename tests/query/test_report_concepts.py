"""Report sentences are read for concepts with negation and uncertainty (NegEx / ConText)."""

from __future__ import annotations

import pytest

from query.concepts import find_mentions
from query.sentences import split_report


def flags(sentence: str) -> dict[str, tuple[bool, bool]]:
    return {m.concept: (m.negated, m.uncertain) for m in find_mentions(sentence)}


@pytest.mark.parametrize(
    "sentence",
    [
        "No emphysema.",
        "There is no pneumothorax or pleural effusion or emphysema.",
        "Negative for emphysema or lymphadenopathy.",
        "Emphysema is absent.",
        "Lungs are clear without emphysema.",
        "No evidence of emphysema.",
    ],
)
def test_a_negated_concept_is_not_a_mention(sentence: str) -> None:
    assert flags(sentence)["emphysema"] == (True, False)


@pytest.mark.parametrize(
    "sentence",
    [
        "Possible emphysema.",
        "Cannot exclude emphysema.",
        "Emphysema cannot be excluded.",
        "Findings may represent early emphysema.",
        "Questionable mild emphysema.",
    ],
)
def test_hedged_concepts_are_uncertain(sentence: str) -> None:
    assert flags(sentence)["emphysema"] == (False, True)


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Moderate coronary artery calcification.", "coronary_calcification"),
        ("Calcified coronary atherosclerosis.", "coronary_calcification"),
        ("Coronary artery calcifications.", "coronary_calcification"),
        ("Enlarged mediastinal lymph nodes.", "lymphadenopathy"),
        ("Mediastinal lymphadenopathy, largest 14 mm.", "lymphadenopathy"),
        ("Moderate emphysematous changes in both upper lobes.", "emphysema"),
        (
            "Hyperdense extra-axial collection consistent with acute subdural hematoma.",
            "intracranial_hemorrhage",
        ),
    ],
)
def test_affirmed_concepts_in_the_fixture_phrasings(sentence: str, concept: str) -> None:
    assert flags(sentence)[concept] == (False, False)


def test_negation_stops_at_but() -> None:
    found = flags("No pleural effusion but there is emphysema.")
    assert found["pleural_effusion"] == (True, False)
    assert found["emphysema"] == (False, False)


def test_a_hedge_after_a_comma_covers_only_its_own_clause() -> None:
    found = flags("Small nodule, lymphadenopathy cannot be excluded.")
    assert found["nodule"] == (False, False)
    assert found["lymphadenopathy"] == (False, True)


def test_calcified_coronaries_are_not_read_as_a_calcified_nodule() -> None:
    assert [m.concept for m in find_mentions("Calcified coronary atherosclerosis.")] == [
        "coronary_calcification"
    ]


def test_reports_split_into_sections_and_sentences_keeping_decimals() -> None:
    text = "FINDINGS: 1.5 cm nodule in the RUL. No effusion.\nIMPRESSION: Lung-RADS category 4A."
    sentences = split_report(text)
    assert [(s.section, s.text) for s in sentences] == [
        ("FINDINGS", "1.5 cm nodule in the RUL."),
        ("FINDINGS", "No effusion."),
        ("IMPRESSION", "Lung-RADS category 4A."),
    ]
