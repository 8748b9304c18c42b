"""Tune questions for the families of parts 52 to 55 (``bank_fresh_52.py`` ... ``bank_fresh_55.py``)
fixed in share A: the answers that had been silently wrong (the unit asked, a tally, a share, a
modality dropped, a report's words run into the scan's).

Each is a new phrasing of the family, never a sentence of a part: "for whom" a study was done,
"the list of men who had a ... study", a category "never higher" said alone, findings after
"having", a field's breakdown said before what it counts, both sexes counted, a share among a kind
of finding said first, a modality said once after compared body parts, and the scan's own clause
after a report's. The reader was changed with these in view (:mod:`query.parser`,
:mod:`query.rewrites`, :mod:`query.comparisons`, :mod:`query.clauses`), so they are tune
questions; each family name is the parts', so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    any_ct,
    at_station,
    att,
    fo,
    head_ct,
    highest,
    history,
    in_year,
    ldct,
    margin,
    nod,
    nods,
    pats,
    pids,
    says,
    sex_is,
    sids,
    studies,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _has_findings(s: Row) -> bool:
    return bool(fo(s))


def identifiers(rng: random.Random) -> Iterator[Item]:
    """Whom a study belongs to, asked with "for whom"."""
    study = rng.choice(studies())
    yield from item(
        "identifiers",
        f"for whom was accession {study['accession']} done",
        "patient",
        [study["patient_id"]],
    )


def people(rng: random.Random) -> Iterator[Item]:
    """People of one sex who had a kind of study, said as "the list of ... who had"."""
    del rng
    yield from item(
        "people",
        "the list of men who had a head ct study in 2024",
        "patient",
        pids(sex_is("M"), head_ct, in_year(2024)),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """A category and never a higher one, said with no unit."""
    del rng
    yield from item(
        "lung_rads",
        "lung rads 2, never higher",
        "patient",
        history(lambda mine: highest(mine) == "2"),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """Findings after "with / having": a condition on the studies counted."""
    del rng
    yield from item(
        "counts",
        "exams with findings in 2024 - how many",
        "count",
        len(sids(in_year(2024), _has_findings)),
    )
    yield from item(
        "modality",
        "cts having findings at ct01",
        "study",
        sids(any_ct, at_station("CT01"), _has_findings),
    )


def features(rng: random.Random) -> Iterator[Item]:
    """A field's breakdown said before what it counts."""
    del rng
    yield from item(
        "features",
        "attenuation breakdown of nodules in men",
        "groups",
        sorted(
            Counter(
                str(f["attenuation"]) for s in studies() if sex_is("M")(s) for f in nods(s)
            ).items()
        ),
    )


def demographics(rng: random.Random) -> Iterator[Item]:
    """Both sexes named after a count word: a count of each."""
    del rng
    people = {s["patient_id"] for s in studies() if ldct(s) and in_year(2024)(s)}
    sexes = {p["patient_id"]: p["sex"] for p in pats()}
    yield from item(
        "demographics",
        "how many men and women had an ldct in 2024",
        "groups",
        sorted(Counter(sexes[p] for p in people if sexes[p] in ("M", "F")).items()),
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    """A share whose population, a kind of finding, is said first after "among"."""
    del rng
    ggns = [f for s in studies() for f in nods(s, att("ground-glass"))]
    upper = [f for f in ggns if f["lobe"] in ("RUL", "LUL")]
    yield from item(
        "aggregates",
        "among ggns, what share are in the upper lobes",
        "value",
        round(100 * len(upper) / len(ggns), 1) if ggns else None,
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """A modality said once after two compared body parts."""
    del rng
    chosen = [s for s in studies() if any_ct(s) and in_year(2024)(s)]
    yield from item(
        "modality",
        "head versus chest cts per body part in 2024",
        "groups",
        sorted(
            Counter(s["body_part"] for s in chosen if s["body_part"] in ("HEAD", "CHEST")).items()
        ),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    """The scan's own clause after a report's words: a finding, not a report mention."""
    del rng
    yield from item(
        "reports",
        "reports mentioning emphysema, and the ct shows a spiculated nodule",
        "study",
        sids(any_ct, says("emphysema"), nod(margin("spiculated"))),
    )


def never_reported(rng: random.Random) -> Iterator[Item]:
    """A concept no report of the patient's ever mentioned, said "in whom ... never came up"."""
    del rng
    mentioned = set(pids(says("lymphadenopathy")))
    yield from item(
        "reports",
        "people in whom lymphadenopathy has never been mentioned in a report",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["patient_id"] not in mentioned),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    identifiers,
    people,
    lung_rads,
    counts,
    features,
    demographics,
    aggregates,
    modality,
    reports,
    never_reported,
)
