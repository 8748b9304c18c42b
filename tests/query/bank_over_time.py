"""A nodule over time: larger or smaller on the patient's latest scan than on the first,
shrinking, resolved; the tune questions and held-out part 7 (written before the reader had
these parts).

Split out of :mod:`bank_follow_up` (whose docstring gives the conventions of the other
families); the answers are computed in plain Python, never through the engine.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator

from bank_follow_up import FindingTest, anything
from bank_issue17 import chest_ct
from question_bank import Item, Row, findings, studies, study_of

# Conventions (docs/query.md): "larger (smaller) on the latest scan than on the first" holds for
# a nodule (or a mass it became) on the patient's latest study (by date, then UID) whose track's
# first finding, on an earlier date, had a smaller (larger) mean diameter; "shrank" is the
# mirror of the README's growth: the mean diameter fell by more than 1.5 mm since the same
# nodule on the patient's previous study; a "resolved" nodule is one whose track's last finding
# is followed by a later chest CT of the patient (the study it was last seen on is the one
# answered). The cohort has no nodule that shrinks or resolves, so those answers are empty here
# (no false positive); tests/query/test_follow_up_tracks.py checks them on a small catalogue.


def tracks() -> dict[str, list[Row]]:
    by_track: dict[str, list[Row]] = {}
    for f in findings():
        if f.get("track_id") and f["kind"] in ("nodule", "mass"):
            by_track.setdefault(f["track_id"], []).append(f)
    for track in by_track.values():
        track.sort(key=lambda f: study_of(f)["study_date"])
    return by_track


def latest_study(patient_id: str) -> Row:
    own = [s for s in studies() if s["patient_id"] == patient_id]
    return max(own, key=lambda s: (s["study_date"], s["study_uid"]))


def latest_against_first(
    compare: Callable[[float, float], bool], test: FindingTest = anything
) -> list[Row]:
    """Findings on their patient's latest study compared so with their track's first finding."""
    found = []
    for track in tracks().values():
        first = track[0]
        for f in track[1:]:
            s = study_of(f)
            if (
                s["study_date"] > study_of(first)["study_date"]
                and s["study_uid"] == latest_study(s["patient_id"])["study_uid"]
                and test(f)
                and compare(f["diameter_mm"], first["diameter_mm"])
            ):
                found.append(f)
    return found


def shrunk() -> list[Row]:
    found = []
    for track in tracks().values():
        for before, after in itertools.pairwise(track):
            if before["diameter_mm"] - after["diameter_mm"] > 1.5:
                found.append(after)
    return found


def resolved() -> list[Row]:
    found = []
    for track in tracks().values():
        last = study_of(track[-1])
        if any(
            s["patient_id"] == last["patient_id"]
            and s["study_date"] > last["study_date"]
            and chest_ct(s)
            for s in studies()
        ):
            found.append(track[-1])
    return found


def study_uids(rows: list[Row]) -> list[str]:
    return sorted({f["study_uid"] for f in rows})


def patient_ids_of(rows: list[Row]) -> list[str]:
    return sorted({study_of(f)["patient_id"] for f in rows})


def over_time(rng: random.Random) -> Iterator[Item]:
    larger = latest_against_first(lambda a, b: a > b)
    yield from (
        Item("over_time", "tune", q, unit, expected)
        for q, unit, expected in (
            ("nodules larger on the latest scan than on the first", "study", study_uids(larger)),
            (
                "patients with nodules smaller on the latest scan than on the first",
                "patient",
                patient_ids_of(latest_against_first(lambda a, b: a < b)),
            ),
            ("nodules that shrank", "study", study_uids(shrunk())),
            ("patients with resolved nodules", "patient", patient_ids_of(resolved())),
        )
    )
    # held out: written before the reader's parts for these existed
    solid: FindingTest = lambda f: f["attenuation"] == "solid"  # noqa: E731
    yield from (
        Item("over_time", "held_out_7", q, unit, expected)
        for q, unit, expected in (
            (
                "pts with a nodule bigger on the most recent scan than on the first one",
                "patient",
                patient_ids_of(larger),
            ),
            (
                "how many patients had nodules larger on their last study than on their first",
                "count",
                len(patient_ids_of(larger)),
            ),
            (
                "solid nodules larger on the latest scan than on the baseline scan",
                "study",
                study_uids(latest_against_first(lambda a, b: a > b, solid)),
            ),
            ("patients whose nodules shrank", "patient", patient_ids_of(shrunk())),
            ("how many nodules regressed", "count", len(shrunk())),
            ("patients with a nodule that resolved", "patient", patient_ids_of(resolved())),
            ("nodules that got smaller", "study", study_uids(shrunk())),
        )
    )
    del rng


FAMILIES = (over_time,)
