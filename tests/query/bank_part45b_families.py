"""Tune questions for the families of parts 44 and 45 (``bank_fresh_44.py``, ``bank_fresh_45.py``)
fixed in share B (rankings, identifiers, intervals, dates; the others are the other fixers').

Each is a new phrasing of the family, never a sentence of the parts: birth order said with a
verb or as birth dates ranked, a superlative repeated in brackets, the model said as the one who
rated, confidence said as strength with a closing "bottom N", a place on the Hounsfield scale, a
patient's second or next-to-last study, two studies "in a row", the time between the first two
studies, a span said before "of which patients", an average gap, a "trailing" period and what
came through the scanners. The reader was changed with these in view (:mod:`query.rank_said`,
:mod:`query.leaderboards`, :mod:`query.history`, :mod:`query.gap_said`, :mod:`query.dates`), so
they are tune questions; the family name is the part's, so that tune covers the family fixed
here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    any_ct,
    dated,
    days_between,
    findings,
    is_nodule,
    ldct,
    own,
    pats,
    sids,
    untied,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _dates(pid: str, *tests: Callable[[Row], bool]) -> list[str]:
    """A patient's distinct study dates of the kind asked for, in order."""
    return sorted({s["study_date"] for s in own(pid) if all(t(s) for t in tests)})


def _gaps(pid: str, *tests: Callable[[Row], bool]) -> list[int]:
    """The days between a patient's consecutive study dates of that kind."""
    return [days_between(a, b) for a, b in itertools.pairwise(_dates(pid, *tests))]


def rankings(rng: random.Random) -> Iterator[Item]:
    """Birth order and birth dates ranked, the model's rating, strength of confidence, the
    Hounsfield scale."""
    del rng
    n, oldest = untied(pats(), lambda p: p["birth_date"], "patient_id", 3)
    yield from item("rankings", f"list the {n} people who were born earliest", "patient", oldest)
    n, youngest = untied(pats(), lambda p: -int(p["birth_date"].replace("-", "")), "patient_id", 4)
    yield from item(
        "rankings",
        f"{n} individuals with the most recent dates of birth (the youngest)",
        "patient",
        youngest,
    )
    effusions = [f for f in findings() if f["kind"] == "pleural_effusion"]
    n, surest = untied(effusions, lambda f: -f["confidence"], "finding_id", 4)
    yield from item(
        "rankings",
        f"effusion findings: the {n} the algorithm scored with the highest confidence",
        "finding",
        surest,
    )
    consolidations = [f for f in findings() if f["kind"] == "consolidation"]
    n, weakest = untied(consolidations, lambda f: f["confidence"], "finding_id", 3)
    yield from item(
        "rankings",
        f"consolidations with the weakest ai confidence, bottom {n}",
        "finding",
        weakest,
    )
    nodules = [f for f in findings() if is_nodule(f) and f.get("mean_hu") is not None]
    n, densest = untied(nodules, lambda f: -f["mean_hu"], "finding_id", 3)
    yield from item(
        "rankings",
        f"{n} nodules that rank highest on the hounsfield scale",
        "finding",
        densest,
    )


def identifiers(rng: random.Random) -> Iterator[Item]:
    """A patient's study just before the latest, or just after the first."""
    del rng
    pid = next(p["patient_id"] for p in pats() if len(_dates(p["patient_id"], ldct)) >= 4)
    mine = sorted((s for s in own(pid) if ldct(s)), key=lambda s: (s["study_date"], s["study_uid"]))
    yield from item("identifiers", f"{pid}'s next to last ldct", "study", [mine[-2]["study_uid"]])
    yield from item(
        "identifiers", f"second low dose screening ct for {pid}", "study", [mine[1]["study_uid"]]
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    """Two studies in a row, a span said before "of which patients", an average gap."""
    del rng
    yield from item(
        "intervals",
        "which patients had 2 ldcts in a row over 450 days apart",
        "patient",
        sorted(
            p["patient_id"] for p in pats() if any(g > 450 for g in _gaps(p["patient_id"], ldct))
        ),
    )
    spanned = []  # an upper bound keeps a patient with CTs on one date only (a span of 0)
    for p in pats():
        mine = _dates(p["patient_id"], any_ct)
        if mine and days_between(mine[0], mine[-1]) < 400:
            spanned.append(p["patient_id"])
    yield from item(
        "intervals",
        "less than 400 days passed between the first and the latest ct of which patients?",
        "patient",
        sorted(spanned),
    )
    yield from item(
        "intervals",
        "pts who waited under 370 days between their first two cts",
        "patient",
        sorted(
            p["patient_id"]
            for p in pats()
            if (gaps := _gaps(p["patient_id"], any_ct)) and gaps[0] < 370
        ),
    )
    pid = next(p["patient_id"] for p in pats() if len(_dates(p["patient_id"], any_ct)) >= 4)
    yield from item(
        "intervals",
        f"{pid}: mean gap between cts",
        "value",
        float(statistics.mean(_gaps(pid, any_ct))),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """A trailing period; what came through the scanners."""
    del rng
    yield from item(
        "dates",
        "what has gone through the scanners over the trailing 2 months",
        "study",
        sids(dated("2026-09-01", "2026-11-01")),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    rankings,
    identifiers,
    intervals,
    dates,
)
