"""Tune questions for the families of parts 52 to 55 (``bank_fresh_52.py`` ... ``bank_fresh_55.py``)
fixed in share D (counts of a patient's studies said without the studies' word, findings counted
on that one exam, and set logic over a patient's studies; the other families are the other
fixers').

Each is a new phrasing of the family, never a sentence of the parts: a number of studies said
as "imaged N times", "on N separate occasions", "N plain chest radiographs", "N <kind> or more",
"came back for a second <kind>", "N ct angios", "on N or more of their exams"; findings "logged
on that one exam"; "one exam with A plus B"; and "A and B, whether on the same exam or on
separate exams" / "A on some study and B on some study, not necessarily the same one". The
reader was changed with these in view (:mod:`query.counted_forms`, :mod:`query.negated_forms`),
so they are tune questions; the family names are the parts'.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    chest_ct,
    cta,
    each_on_some,
    fo,
    head_ct,
    history,
    in_lobe,
    kind,
    ldct,
    nod,
    pids,
    sids,
    study_of,
    tracks,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]
Test = Callable[[Row], bool]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _per_patient(test: Test, compare: Callable[[int], bool]) -> list[str]:
    """Patients whose number of studies passing ``test`` passes ``compare``."""
    return history(lambda mine: compare(sum(1 for s in mine if test(s))))


def _chest_film(s: Row) -> bool:
    return bool(s["modality"] == "DX" and s["body_part"] == "CHEST")


def _ct_angio(s: Row) -> bool:
    return bool(cta(s) and s["modality"] == "CT")


def _same_nodule_on(n: int) -> list[str]:
    """Patients with a nodule (track) seen on ``n`` or more of their studies."""
    seen: set[str] = set()
    for fs in tracks().values():
        if any(f["kind"] == "nodule" for f in fs) and len({f["study_uid"] for f in fs}) >= n:
            seen.add(study_of(fs[0])["patient_id"])
    return sorted(seen)


def counts(rng: random.Random) -> Iterator[Item]:
    """A number of a patient's studies said without the studies' word; findings on one exam."""
    del rng
    yield from item(
        "counts",
        "patients who passed through imaging on 2 or more separate occasions",
        "patient",
        _per_patient(lambda s: True, lambda n: n >= 2),
    )
    yield from item(
        "counts",
        "people imaged exactly 3 times",
        "patient",
        _per_patient(lambda s: True, lambda n: n == 3),
    )
    yield from item(
        "counts",
        "anyone with exactly 1 plain chest radiograph",
        "patient",
        _per_patient(_chest_film, lambda n: n == 1),
    )
    yield from item(
        "counts",
        "who had two head ct or more",
        "patient",
        _per_patient(head_ct, lambda n: n >= 2),
    )
    yield from item(
        "counts",
        "pts who came back for a second ldct",
        "patient",
        _per_patient(ldct, lambda n: n >= 2),
    )
    yield from item(
        "counts",
        "patients having at least 2 ct angios",
        "patient",
        _per_patient(_ct_angio, lambda n: n >= 2),
    )
    yield from item(
        "counts",
        "chest cts where 6+ findings were documented on that one exam",
        "study",
        sids(chest_ct, lambda s: len(fo(s)) >= 6),
    )
    yield from item(
        "counts",
        "patients where the same tracked nodule turns up on three or more of their exams",
        "patient",
        _same_nodule_on(3),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """A pair on one study; a pair each on some study of the patient, the same or not."""
    del rng
    yield from item(
        "set_logic",
        "patients who had one exam with a rml nodule plus a lul nodule",
        "patient",
        pids(nod(in_lobe("RML")), nod(in_lobe("LUL"))),
    )
    yield from item(
        "set_logic",
        "patients with a nodule and a pneumothorax, whether on the same exam or on separate exams",
        "patient",
        history(each_on_some(nod(), kind("pneumothorax"))),
    )
    yield from item(
        "set_logic",
        "a pleural effusion on some study and a pneumothorax on some study, not necessarily the "
        "same one - patient list",
        "patient",
        history(each_on_some(kind("pleural_effusion"), kind("pneumothorax"))),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (counts, set_logic)
