"""A track that was a mass from its first study, asked about as a "new" or "stable" nodule.

The conventions do not settle whether "new nodules" counts a lesion that was already a mass
(over 30 mm) when first seen; the reader counts it, and readers of the cohort disagree. So the
answer may keep counting it but must never do so silently: whenever the answer takes in such
a track, a warning names its findings and the phrasing
that leaves it out ("new nodules, not masses"), which reads as the other reading. "New
lesions" and "new masses" are unambiguous and get no such warning; nor does an answer that
the question's other conditions keep clear of such tracks. The same holds for "stable
nodules" (a mass from the start seen twice without growth).

Expected answers come from the cohort in plain Python (:mod:`cohort_reference`), never through
ScanSide; the phrasings are this file's own.
"""

from __future__ import annotations

import itertools

import cohort_reference as ref
import pytest
from family_reading import Row, answer, chest_ct

from query.engine import Answer, QueryEngine

_SHRINK_OR_GROW_MM = 1.5  # the README's threshold for a change in mean diameter


def _date(finding: Row) -> str:
    return str(ref.cohort()[1][finding["study_uid"]]["study_date"])


def _tracks() -> dict[str, list[Row]]:
    """Each track's nodules and masses, oldest first."""
    tracks: dict[str, list[Row]] = {}
    for f in ref.cohort()[2]:
        if f.get("track_id") and f["kind"] in ("nodule", "mass"):
            tracks.setdefault(f["track_id"], []).append(f)
    for track in tracks.values():
        track.sort(key=_date)
    return tracks


def _had_earlier_chest_ct(finding: Row) -> bool:
    study = ref.cohort()[1][finding["study_uid"]]
    return any(
        chest_ct(s) and s["study_date"] < study["study_date"]
        for s in ref.own_studies(study["patient_id"])
    )


def new_findings() -> list[Row]:
    """First of their track, after an earlier chest CT, not found on the prior by comparison."""
    return [
        track[0]
        for track in _tracks().values()
        if _had_earlier_chest_ct(track[0]) and track[0].get("follow_up") != "seen-on-prior"
    ]


def stable_findings() -> list[Row]:
    """Within 1.5 mm of the same track's previous finding, on a later study."""
    return [
        after
        for track in _tracks().values()
        for before, after in itertools.pairwise(track)
        if _date(after) > _date(before)
        and abs(after["diameter_mm"] - before["diameter_mm"]) <= _SHRINK_OR_GROW_MM
    ]


def mass_from_start(finding: Row) -> bool:
    return bool(_tracks()[finding["track_id"]][0]["kind"] == "mass")


def in_year(year: str) -> list[Row]:
    return [f for f in new_findings() if _date(f).startswith(year)]


def mass_warnings(reply: Answer) -> list[str]:
    return [w for w in reply.warnings if "mass from its first scan" in w or "masses from" in w]


def test_the_cohort_has_the_case_in_question() -> None:
    """One new track was a mass from its first study, in 2025, and none in 2024; a stable one
    was a mass throughout."""
    assert [f for f in in_year("2025") if mass_from_start(f)]
    assert not [f for f in in_year("2024") if mass_from_start(f)]
    assert [f for f in stable_findings() if mass_from_start(f)]


@pytest.mark.parametrize(
    "question", ["which findings were new nodules in 2025", "new nodule findings from 2025"]
)
def test_new_nodules_listed_keep_the_mass_and_name_it(engine: QueryEngine, question: str) -> None:
    reply = answer(engine, question)
    expected = sorted(f["finding_id"] for f in in_year("2025"))
    assert sorted(row["finding_id"] for row in reply.rows) == expected
    masses = [f["finding_id"] for f in in_year("2025") if mass_from_start(f)]
    (warning,) = mass_warnings(reply)
    assert all(finding in warning for finding in masses)
    assert "'new nodules, not masses'" in warning


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("count of new nodules seen in 2025", "count"),
        ("patients who developed a new nodule in 2025", "patient"),
        ("ct studies from 2025 showing a newly appeared nodule", "study"),
    ],
)
def test_counts_patients_and_studies_warn_too(
    engine: QueryEngine, question: str, unit: str
) -> None:
    reply = answer(engine, question)
    found = in_year("2025")
    study_of = ref.cohort()[1]
    if unit == "count":
        assert reply.count == len(found)
    elif unit == "patient":
        assert sorted({r["patient_id"] for r in reply.rows}) == sorted(
            {study_of[f["study_uid"]]["patient_id"] for f in found}
        )
    else:
        assert sorted({r["study_uid"] for r in reply.rows}) == sorted(
            {f["study_uid"] for f in found}
        )
    (warning,) = mass_warnings(reply)
    assert all(f["finding_id"] in warning for f in found if mass_from_start(f))


def test_the_warning_reaches_the_json_answer(engine: QueryEngine) -> None:
    reply = answer(engine, "number of new nodules in 2025").to_json()
    masses = [f["finding_id"] for f in in_year("2025") if mass_from_start(f)]
    assert any(all(m in w for m in masses) for w in reply["warnings"])


@pytest.mark.parametrize(
    "question",
    [
        "how many new nodules, excluding masses, were found in 2025",
        "number of new nodules in 2025, not masses",
        "new nodules except masses in 2025, how many",
    ],
)
def test_not_masses_leaves_the_mass_from_the_start_out(engine: QueryEngine, question: str) -> None:
    reply = answer(engine, question)
    assert reply.count == sum(not mass_from_start(f) for f in in_year("2025"))
    assert not reply.warnings


def test_not_masses_keeps_patients_by_their_other_new_nodules(engine: QueryEngine) -> None:
    """It leaves out the tracks that began as masses, not the studies or patients that have
    a mass: a patient counts by any new nodule that began as one."""
    reply = answer(engine, "patients with a new nodule, not masses")
    study_of = ref.cohort()[1]
    expected = {
        study_of[f["study_uid"]]["patient_id"] for f in new_findings() if not mass_from_start(f)
    }
    assert sorted({r["patient_id"] for r in reply.rows}) == sorted(expected)
    assert not mass_warnings(reply)


@pytest.mark.parametrize(
    "question",
    ["count new lesions in 2025", "number of new masses", "new nodules or masses in 2025"],
)
def test_lesions_and_masses_are_unambiguous(engine: QueryEngine, question: str) -> None:
    assert not mass_warnings(answer(engine, question))


def test_no_warning_when_no_such_track_is_in_the_answer(engine: QueryEngine) -> None:
    reply = answer(engine, "new nodules seen in 2024")
    assert sorted({r["study_uid"] for r in reply.rows}) == sorted(
        {f["study_uid"] for f in in_year("2024")}
    )
    assert not mass_warnings(reply)


def test_stable_nodules_count_the_mass_seen_twice_and_say_so(engine: QueryEngine) -> None:
    reply = answer(engine, "how many stable nodules are there")
    assert reply.count == len(stable_findings())
    (warning,) = mass_warnings(reply)
    assert all(f["finding_id"] in warning for f in stable_findings() if mass_from_start(f))
    assert "'stable nodules, not masses'" in warning
    other = answer(engine, "number of stable nodules, not masses")
    assert other.count == sum(not mass_from_start(f) for f in stable_findings())
    assert not other.warnings


@pytest.mark.parametrize(
    ("question", "largest"), [("3 largest new nodules", True), ("3 smallest new nodules", False)]
)
def test_a_ranking_warns_only_when_the_mass_is_ranked(
    engine: QueryEngine, question: str, largest: bool
) -> None:
    ranked = sorted(
        new_findings(),
        key=lambda f: (-f["diameter_mm"] if largest else f["diameter_mm"], f["finding_id"]),
    )[:3]
    reply = answer(engine, question)
    assert sorted(row["finding_id"] for row in reply.rows) == sorted(
        f["finding_id"] for f in ranked
    )
    masses = [f["finding_id"] for f in ranked if mass_from_start(f)]
    assert bool(mass_warnings(reply)) == bool(masses)
    assert all(m in mass_warnings(reply)[0] for m in masses)


def test_new_and_stable_in_one_question_are_each_named_as_what_they_are(
    engine: QueryEngine,
) -> None:
    reply = answer(engine, "pts with both a new nodule and a stable nodule")
    (warning,) = mass_warnings(reply)
    for found, change in ((new_findings(), "new"), (stable_findings(), "stable")):
        for f in found:
            if mass_from_start(f):
                assert f"({f['finding_id']}) as a {change} nodule" in warning
