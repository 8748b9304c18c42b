"""A percentage whose only share is a kind of study, a station or a date.

"What percentage of women had a ct angio" names who is counted (women) and, after the verb,
what the share is (a CT angiogram). The reader keeps a kind of study or a date after "have /
had" in the population when the question also shares a finding, a report concept or a category
("what percentage of women who had a chest ct have emphysema"); with nothing else to share it
is the share, or every such percentage would be 100 % (it had been, silently). Of studies, a
station or a date said after the kind counted is the share ("share of chest cts at ct02"); a
percentage with nothing to share at all is warned. The answers are computed here in plain
Python from the cohort (:mod:`cohort_reference`), never through ScanSide.
"""

from __future__ import annotations

from collections.abc import Callable

import cohort_reference as ref
import pytest
from family_reading import Row, answer, clean_reading, parse

from query.engine import QueryEngine
from query.grounding import Grounder


def _percent_of_patients(who: Callable[[Row], bool], share: Callable[[Row], bool]) -> float:
    """Of the patients with a study for whom ``who`` holds, the percentage with a study for
    which ``share`` holds."""
    studies = list(ref.cohort()[1].values())
    counted = {s["patient_id"] for s in studies if who(s)}
    shared = {s["patient_id"] for s in studies if s["patient_id"] in counted and share(s)}
    return 100 * len(shared) / len(counted)


def _angio(study: Row) -> bool:
    return study["modality"] == "CT" and "ANGIO" in study["description"]


def _head(study: Row) -> bool:
    return study["body_part"] == "HEAD"


def _chest_x_ray(study: Row) -> bool:
    return study["modality"] == "DX" and study["body_part"] == "CHEST"


def _anyone(study: Row) -> bool:
    return True


def _women(study: Row) -> bool:
    return ref.sex(study) == "F"


def _men(study: Row) -> bool:
    return ref.sex(study) == "M"


@pytest.mark.parametrize(
    ("question", "who", "share"),
    [
        ("what percentage of women had a ct angio", _women, _angio),
        ("percent of female patients who have had a ct angiogram", _women, _angio),
        ("what % of pts had a chest x-ray", _anyone, _chest_x_ray),
        ("share of men with a head ct", _men, _head),
        ("percentage of patients with a head ct", _anyone, _head),
        (
            "what percent of patients had a head ct in 2024",
            _anyone,
            lambda s: _head(s) and s["study_date"].startswith("2024"),
        ),
    ],
)
def test_a_kind_of_study_after_the_verb_is_the_share(
    engine: QueryEngine, question: str, who: Callable[[Row], bool], share: Callable[[Row], bool]
) -> None:
    got = answer(engine, question)
    assert got.value == pytest.approx(_percent_of_patients(who, share), abs=0.06)
    assert got.value != pytest.approx(100.0)
    assert not got.warnings


def test_with_a_finding_shared_the_kind_of_study_stays_the_population(
    engine: QueryEngine,
) -> None:
    """A nodule is the share; the chest CT before the verb says who is counted."""
    got = answer(engine, "what % of patients with a chest ct had a nodule")
    findings = ref.cohort()[2]
    with_nodule = {f["study_uid"] for f in findings if f["kind"] == "nodule"}

    def chest_ct(study: Row) -> bool:
        return study["modality"] == "CT" and study["body_part"] == "CHEST"

    expected = _percent_of_patients(
        chest_ct, lambda s: chest_ct(s) and s["study_uid"] in with_nodule
    )
    assert got.value == pytest.approx(expected, abs=0.06)


def test_a_share_of_people_after_a_label_stays_named(grounder: Grounder) -> None:
    """The label form is read only for studies and findings; of people it stays named."""
    assert not clean_reading(parse(grounder, "women: what percentage had a ct angio"))


# --- a percentage of studies whose share is a station or a date said after the kind ----------


def _percent_of_studies(kind: Callable[[Row], bool], share: Callable[[Row], bool]) -> float:
    """Of the studies of ``kind``, the percentage for which ``share`` holds."""
    counted = [s for s in ref.cohort()[1].values() if kind(s)]
    return 100 * sum(1 for s in counted if share(s)) / len(counted)


def _chest_ct(study: Row) -> bool:
    return study["modality"] == "CT" and study["body_part"] == "CHEST"


def _ldct(study: Row) -> bool:
    return "SCREENING" in study["description"]


def _at(station: str) -> Callable[[Row], bool]:
    return lambda s: s["station"] == station


@pytest.mark.parametrize(
    ("question", "kind", "share"),
    [
        ("share of chest cts at ct02", _chest_ct, _at("CT02")),
        (
            "percentage of head cts from ct01",
            lambda s: _head(s) and s["modality"] == "CT",
            _at("CT01"),
        ),
        ("% of ldcts in 2024", _ldct, lambda s: s["study_date"].startswith("2024")),
        (
            "% of 2024 ldcts at ct01",
            lambda s: _ldct(s) and s["study_date"].startswith("2024"),
            _at("CT01"),
        ),
    ],
)
def test_a_station_or_date_after_the_kind_counted_is_the_share(
    engine: QueryEngine, question: str, kind: Callable[[Row], bool], share: Callable[[Row], bool]
) -> None:
    """With no verb and nothing else to share, what is said after the kind of study counted
    is the share (kept in the population, each had been 100 %, silently)."""
    got = answer(engine, question)
    assert got.value == pytest.approx(_percent_of_studies(kind, share), abs=0.06)
    assert got.value != pytest.approx(100.0)


def test_a_percentage_with_nothing_to_share_is_warned(engine: QueryEngine) -> None:
    """ "% of ldcts" counts every LDCT in its own share: 100 % whatever the data, so it says so."""
    got = answer(engine, "% of ldcts")
    assert any("100 %" in w for w in got.warnings)
