""" "Which patients' nodules are calcified" asks for the patients.

Found in session 21's review: a plural possessive of people ("patients'", "pts'") is dropped
so that "male patients' chest x-rays" lists the x-rays; after "which / what" that left
"which nodules are calcified", and the studies were answered without a warning. After "which /
what" the people are what is asked, and what is theirs a condition on them
(:mod:`query.reading`, ``_WHICH_PEOPLE_POSSESSIVE``).

The answers are computed in plain Python (:mod:`blind_reference`), never through ScanSide.
"""

from __future__ import annotations

from blind_reference import at_station, calcified, cxr, nod, pids, sex_is, sids
from family_reading import answer

from query.engine import QueryEngine


def silent(engine: QueryEngine, question: str, unit: str, key: str) -> list[str]:
    got = answer(engine, question)
    assert not got.warnings, got.warnings
    assert got.unit == unit
    return sorted({row[key] for row in got.rows})


def test_which_patients_findings_are_the_patients(engine: QueryEngine) -> None:
    want = pids(nod(calcified))
    assert silent(engine, "which patients' nodules are calcified", "patient", "patient_id") == want


def test_what_pts_scans_are_the_patients(engine: QueryEngine) -> None:
    want = pids(at_station("CT02"))
    assert silent(engine, "what pts' scans were done at ct02", "patient", "patient_id") == want


def test_without_which_the_studies_of_the_people_are_asked(engine: QueryEngine) -> None:
    want = sids(sex_is("M"), cxr, lambda s: s["body_part"] == "CHEST")
    assert silent(engine, "male patients' chest x-rays", "study", "study_uid") == want
