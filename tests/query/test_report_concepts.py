"""Report sentences are read for concepts with certainty, temporality and change (ConText)."""

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


def reading(sentence: str, concept: str, section: str | None = None) -> tuple[str, str, str | None]:
    """(certainty, temporality, change) of the one mention of ``concept`` in ``sentence``."""
    found = [m for m in find_mentions(sentence, section=section) if m.concept == concept]
    assert len(found) == 1, found
    return found[0].certainty, found[0].temporality, found[0].change


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Findings suggest early centrilobular emphysema.", "emphysema"),
        ("Basilar opacity, suggesting consolidation.", "consolidation"),
        ("The density at the base may be a small effusion.", "pleural_effusion"),
        ("This could be an early consolidation.", "consolidation"),
        ("Hazy opacity that may reflect consolidation.", "consolidation"),
        ("Question of a tiny left apical pneumothorax.", "pneumothorax"),
        ("Differential includes consolidation and atelectasis.", "consolidation"),
        ("Suspicion for a small right pneumothorax.", "pneumothorax"),
        ("Small left pneumothorax suspected.", "pneumothorax"),
        ("Early consolidation cannot be entirely excluded.", "consolidation"),
        ("Atelectasis versus consolidation at the left base.", "consolidation"),
        ("A small effusion may be present.", "pleural_effusion"),
    ],
)
def test_the_hedges_radiologists_use_make_a_mention_possible(sentence: str, concept: str) -> None:
    assert reading(sentence, concept) == ("possible", "current", None)


@pytest.mark.parametrize(
    "sentence",
    [
        "No change in the 5 mm nodule in the right upper lobe.",
        "No significant change in the right upper lobe nodule.",
        "There is no significant interval change in the nodule.",
        "No increase in size of the right upper lobe nodule.",
        "Stable 4 mm right middle lobe nodule.",
        "The left upper lobe nodule is unchanged.",
        "Known right upper lobe nodule, unchanged.",
        "Redemonstrated 7 mm nodule in the right lower lobe.",
    ],
)
def test_no_change_in_a_finding_means_it_is_there_and_stable(sentence: str) -> None:
    assert reading(sentence, "nodule") == ("affirmed", "current", "stable")


@pytest.mark.parametrize(
    ("sentence", "change"),
    [
        ("New small left pleural effusion.", "new"),
        ("Interval increase in the right pleural effusion.", "increased"),
        ("Decreased size of the left pleural effusion.", "decreased"),
        ("Left effusion, slightly increased.", "increased"),
    ],
)
def test_a_comparison_with_the_prior_study_is_kept(sentence: str, change: str) -> None:
    assert reading(sentence, "pleural_effusion") == ("affirmed", "current", change)


@pytest.mark.parametrize(
    "sentence",
    [
        "The right pneumothorax has resolved.",
        "Interval resolution of the pneumothorax.",
        "The pneumothorax has cleared.",
        "Previously seen left apical pneumothorax is no longer visualized.",
        "Resolved right pneumothorax.",
    ],
)
def test_a_resolved_finding_is_absent_and_says_so(sentence: str) -> None:
    assert reading(sentence, "pneumothorax") == ("negated", "current", "resolved")


@pytest.mark.parametrize(
    "sentence",
    [
        "The left lower lobe nodule is not seen on this examination.",
        "Previously described nodule is not well visualized.",
        "A nodule is not well seen.",
    ],
)
def test_not_seen_is_a_negation(sentence: str) -> None:
    assert reading(sentence, "nodule")[0] == "negated"


@pytest.mark.parametrize(
    "sentence",
    [
        "Small pericardial effusion.",
        "Moderate joint effusion.",
        "Subcutaneous emphysema in the right chest wall.",
        "Surgical emphysema along the left lateral chest wall.",
        "Nodular pleural thickening at the left base.",
        "Nodular septal thickening in the lower lobes.",
        "No mass effect or midline shift.",
    ],
)
def test_look_alike_words_are_not_the_finding(sentence: str) -> None:
    assert {m.concept for m in find_mentions(sentence)} & {
        "pleural_effusion",
        "emphysema",
        "nodule",
        "mass",
    } == set()


def test_pleural_and_pericardial_effusions_name_the_pleural_one() -> None:
    assert [m.concept for m in find_mentions("No pleural or pericardial effusion.")] == [
        "pleural_effusion"
    ]


@pytest.mark.parametrize(
    ("sentence", "concepts"),
    [
        ("Small amount of pleural fluid on the left.", {"pleural_effusion"}),
        ("Patchy air space disease in the right lower lobe.", {"consolidation"}),
        ("Small amount of pleural air at the apex.", {"pneumothorax"}),
        ("Right hydropneumothorax.", {"pneumothorax", "pleural_effusion"}),
        ("Masslike opacity in the left hilum.", {"mass"}),
        ("Multiple micronodules in the upper lobes.", {"nodule"}),
    ],
)
def test_the_other_words_for_a_finding_are_read(sentence: str, concepts: set[str]) -> None:
    assert {m.concept for m in find_mentions(sentence)} == concepts


@pytest.mark.parametrize(
    "sentence",
    [
        "History of emphysema.",
        "Patient with a history of emphysema.",
        "Status post bullectomy for emphysema.",
    ],
)
def test_a_history_of_a_finding_is_historical(sentence: str) -> None:
    assert reading(sentence, "emphysema") == ("affirmed", "historical", None)


@pytest.mark.parametrize(
    "section", ["INDICATION", "CLINICAL HISTORY", "CLINICAL INFORMATION", "REASON FOR EXAM"]
)
def test_a_finding_named_in_the_indication_is_historical(section: str) -> None:
    assert reading("Emphysema.", "emphysema", section=section)[1] == "historical"


def test_findings_and_impression_sections_are_current() -> None:
    for section in ("FINDINGS", "IMPRESSION", "CLINICAL FINDINGS", None):
        assert reading("Emphysema.", "emphysema", section=section)[1] == "current"


def test_a_known_chronic_finding_compared_with_a_prior_study_is_current() -> None:
    assert reading("Compared with the prior CT, stable emphysema.", "emphysema") == (
        "affirmed",
        "current",
        "stable",
    )


def test_a_comparison_after_a_comma_ends_a_negation() -> None:
    found = {m.concept: m.certainty for m in find_mentions("No effusion, stable emphysema.")}
    assert found == {"pleural_effusion": "negated", "emphysema": "affirmed"}


def test_headings_inside_a_line_start_sections() -> None:
    sentences = split_report("INDICATION: Cough. FINDINGS: Small right pleural effusion.")
    assert [(s.section, s.text) for s in sentences] == [
        ("INDICATION", "Cough."),
        ("FINDINGS", "Small right pleural effusion."),
    ]
