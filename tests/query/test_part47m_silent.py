"""Parts 46's and 47's silent answers, share m (issue 17, session 24): the constructions the
reader had read wrong without a word, each in phrasings written here (not the parts').

A nodule that grew into a mass, counted among nodules that grew findings
(:mod:`query.grown_masses`: warned, and "not masses" reads the other reading); consecutive
studies "of one patient" (:mod:`query.gap_said`); a percentage of patients with a number of
studies (the share, :mod:`query.compiler`); a closing "<finding> tally"
(:mod:`query.count_words`); "on average, how many X per <unit>" (:mod:`query.per_unit`); a
protocol and a body part said as two kinds of study (:mod:`query.parser`). Answers are checked
against the cohort in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

import blind_reference as br
import pytest
from family_reading import answer, ids

from query.engine import QueryEngine

_OTHER_READING = "'nodules that grew, not masses'"


def _grown_mass_warned(engine: QueryEngine, question: str) -> bool:
    return any(_OTHER_READING in w for w in answer(engine, question).warnings)


# --- a nodule that grew into a mass -----------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "how many growing nodules in each lobe",
        "count of nodules that enlarged by more than 1.5 mm per lobe",
        "number of nodules that grew since the last study",
    ],
)
def test_nodules_that_grew_counted_as_findings_name_the_grown_masses(
    engine: QueryEngine, question: str
) -> None:
    """Findings counted as nodules that grew take in a nodule that grew into a mass (the
    Conventions) where the cohort's readers keep kind nodule only: never silent."""
    assert _grown_mass_warned(engine, question)


def test_not_masses_reads_the_other_reading(engine: QueryEngine) -> None:
    """ "..., not masses" right after the growing nodules keeps findings that are nodules now:
    the count loses exactly the grown masses, and the growth warning is gone."""
    plain = answer(engine, "number of growing nodules per lobe")
    other = answer(engine, "number of growing nodules per lobe, not masses")
    masses = [f for f in br.findings() if f["kind"] == "mass"]
    assert 0 < plain.count - other.count <= len(masses)
    assert not _grown_mass_warned(engine, "number of growing nodules per lobe, not masses")
    studies = ids(
        engine, "exams with a nodule that grew since the prior ct, excluding masses", "study_uid"
    )
    assert set(studies) < set(
        ids(engine, "exams with a nodule that grew since the prior ct", "study_uid")
    )


@pytest.mark.parametrize(
    "question", ["scans with a nodule that grew by over 2 mm", "patients with growing nodules"]
)
def test_studies_and_patients_with_a_growing_nodule_stay_settled(
    engine: QueryEngine, question: str
) -> None:
    """The dev set answers "nodules that grew" with the study whose nodule grew into a mass:
    studies and patients take it in without a warning."""
    assert not _grown_mass_warned(engine, question)


# --- consecutive studies of one patient -------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "shortest interval between successive chest cts for a single patient",
            "shortest interval between successive chest cts of a patient",
        ),
        (
            "longest gap in days between 2 consecutive scans of one person",
            "longest gap in days between 2 consecutive scans of a patient",
        ),
    ],
)
def test_consecutive_studies_of_one_patient_are_no_age(
    engine: QueryEngine, question: str, plain: str
) -> None:
    """ "of one patient" after consecutive studies is whose they are, never an age of 1."""
    said, expected = answer(engine, question), answer(engine, plain)
    assert said.value == expected.value and said.value is not None
    assert "age" not in said.interpretation


# --- a share of patients with a number of studies ---------------------------------------------


@pytest.mark.parametrize(
    ("question", "n"),
    [
        ("what share of patients had exactly 2 studies", 2),
        ("percentage of pts with exactly four scans", 4),
    ],
)
def test_percentage_of_patients_with_a_number_of_studies(
    engine: QueryEngine, question: str, n: int
) -> None:
    """The number of studies is the share, of every patient (it had been the population too:
    100 %)."""
    people = br.pats()
    matching = sum(len(br.own(p["patient_id"])) == n for p in people)
    assert answer(engine, question).value == round(100 * matching / len(people), 1)


# --- a closing finding tally ------------------------------------------------------------------


def test_a_closing_finding_count_after_a_dash_counts_findings(engine: QueryEngine) -> None:
    """ "<patient> latest scan: nodule count" is how many nodules, not studies."""
    pid = "P00210"
    latest = br.own(pid)[-1]
    expected = sum(f["kind"] == "nodule" for f in br.fo(latest))
    assert expected > 1
    assert answer(engine, f"{pid} most recent scan: nodule count").count == expected
    assert answer(engine, f"{pid} latest study - nodule tally").count == expected


# --- on average, how many per -----------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["ldcts: how many nodules per scan, on average", "on avg, how many nodules per ldct"],
)
def test_on_average_how_many_per_unit(engine: QueryEngine, question: str) -> None:
    """The mean count of findings per study, every study of the kind counted (none as 0)."""
    screening = [s for s in br.studies() if br.ldct(s)]
    total = sum(sum(f["kind"] == "nodule" for f in br.fo(s)) for s in screening)
    assert answer(engine, question).value == round(total / len(screening), 2)


# --- a protocol and a body part ---------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["how many findings on ctas and head cts", "findings per kind on head cts or ct angios"],
)
def test_a_protocol_and_a_body_part_are_either_study(engine: QueryEngine, question: str) -> None:
    """Two kinds of study named apart ("ctas and head cts") are a study of either."""
    chosen = [s for s in br.studies() if br.cta(s) or br.head_ct(s)]
    assert answer(engine, question).count == sum(len(br.fo(s)) for s in chosen)
