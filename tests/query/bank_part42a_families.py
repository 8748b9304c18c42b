"""Tune questions for the families of part 42 (``bank_fresh_42.py``) fixed in share A
(identifiers, dates, numbers, counts, lobes and a breakdown's field; set logic, Lung-RADS,
reports, growth, rankings, averages and intervals are the other fixers').

Each is a new phrasing of the family, never a sentence of the part: the patient a study UID was
"done on", a patient's "first one" study, a half or quarter restating the months said, a day
said "the 9th of", a period open "up to now", a plus-signed HU bound and "reading" an HU value,
a "solid core", studies "on N occasions" (of a kind, at a station), a tally "per exam", a count
restated ("only 2"), and misspelt "description" and "lungs". The reader was changed with these
in view, so they are tune questions; the family name is the part's.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    att,
    cxr,
    ge,
    gt,
    head_ct,
    ldct,
    nod,
    nods,
    own,
    pats,
    sids,
    studies,
    within,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]
_AS_OF = "2026-11-01"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _patients_with(n_min: int, test: Callable[[Row], bool]) -> list[str]:
    """Patients with at least ``n_min`` studies passing ``test``."""
    return sorted(
        p["patient_id"] for p in pats() if sum(bool(test(s)) for s in own(p["patient_id"])) >= n_min
    )


def _between(start: str, end: str) -> Callable[[Row], bool]:
    return lambda s: start <= s["study_date"] <= end


def identifiers(rng: random.Random) -> Iterator[Item]:
    """The patient a study UID was done on; a patient's first (latest) study."""
    study = rng.choice(studies())
    yield from item(
        "identifiers",
        f"have study uid {study['study_uid']} on my desk - what patient was it done for?",
        "patient",
        [study["patient_id"]],
    )
    patient = rng.choice([p for p in pats() if len(own(p["patient_id"])) >= 2])["patient_id"]
    yield from item(
        "identifiers",
        f"patient {patient}: which exam was the earliest one?",
        "study",
        [own(patient)[0]["study_uid"]],
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """A half or quarter restating the months; "the 9th of"; "up to now"; "carried out"."""
    del rng
    yield from item(
        "dates",
        "ldcts from july to december 2024 (the second half)",
        "study",
        sids(ldct, _between("2024-07-01", "2024-12-31")),
    )
    yield from item(
        "dates",
        "studies done january-to-march 2025, i.e. Q1",
        "study",
        sids(_between("2025-01-01", "2025-03-31")),
    )
    yield from item(
        "dates",
        "every study acquired on or before the 9th of march 2023",
        "study",
        sids(lambda s: s["study_date"] <= "2023-03-09"),
    )
    yield from item(
        "dates",
        "scans from the start of july 2026 to date",
        "study",
        sids(_between("2026-07-01", _AS_OF)),
    )
    yield from item(
        "dates",
        "head cts carried out in 2024",
        "study",
        sids(head_ct, _between("2024-01-01", "2024-12-31")),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """A plus-signed HU bound, "reading" an HU value, a solid core."""
    del rng
    yield from item(
        "numbers",
        "exams with a nodule reading from -200 HU up to +10 HU",
        "study",
        sids(nod(within("mean_hu", -200, 10))),
    )
    yield from item(
        "numbers",
        "studies with part-solid nodules containing a solid core over 4 mm",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 4))),
    )
    yield from item(
        "numbers",
        "psns with a solid portion of 5 mm or more",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 5))),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """Studies on N occasions, at a station; a tally per exam; a count restated."""
    del rng
    yield from item(
        "counts",
        "which patients have had a chest xray on at least 2 separate occasions",
        "patient",
        _patients_with(2, cxr),
    )
    yield from item(
        "counts",
        "patients that went through the ct01 scanner on 3 or more occasions",
        "patient",
        _patients_with(3, lambda s: s["station"] == "CT01"),
    )
    yield from item(
        "counts",
        "patients with at least 2 studies at dx01",
        "patient",
        _patients_with(2, lambda s: s["station"] == "DX01"),
    )
    yield from item(
        "counts",
        "studies where the nodule count per exam is 4 or more",
        "study",
        sids(lambda s: len(nods(s)) >= 4),
    )
    yield from item(
        "counts",
        "scans with two ground-glass nodules, exactly two, no more",
        "study",
        sids(lambda s: len(nods(s, att("ground-glass"))) == 2),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """A breakdown by a misspelt "description"."""
    del rng
    yield from item(
        "modality",
        "how many studies per descriptoin",
        "groups",
        sorted(Counter(s["description"] for s in studies()).items()),
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """A nodule in each lung, "lungs" misspelt."""
    del rng
    left = nod(lambda f: f["lobe"].startswith("L"))
    right = nod(lambda f: f["lobe"].startswith("R"))
    yield from item("lobes", "exams with nodules in both lugns", "study", sids(left, right))


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    identifiers,
    dates,
    numbers,
    counts,
    modality,
    lobes,
)
