"""Tune questions for the families part 29 (``bank_fresh_29.py``) showed the reader missing,
other than numbers spelt out (another fixer's).

Each is a new phrasing of a family, never a sentence of the part: an aggregate word after its
measurement ("solid nodules volume median", "masses short axis avg, in cm", "avg # masses per
chest ct"); a number after a ranking or a "top N" a few words after it ("ggns lowest hu top
2", "least confident 4 effusions"); a station under "never" ("pts never imaged at ct01"); a
study's only nodule in a lobe ("scans whose only nodule was in the rul"); a month range after
its year ("2024 march through may"); "field = value" conditions and numbered lists; a
patient's follow-up span; an age range before a noun of studies ("women 60-75 chest cts");
studies per patient with "exactly N" before "x rays" or "pe cts". The reader was changed with
these in view, so they are tune questions; the family names are those of part 29, so that tune
covers each of its families that was fixed.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    age_in,
    agreed,
    at_station,
    att,
    chest_ct,
    cta,
    cxr,
    dated,
    days_between,
    each_on_some,
    findings,
    fo,
    ge,
    history,
    in_lobe,
    mean_of,
    nod,
    nods,
    own,
    pids,
    sex_is,
    sids,
    studies,
)
from question_bank import Item

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (two readings that differ: left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def aggregates(rng: random.Random) -> Iterator[Item]:
    """The aggregate word after its measurement; abbreviations; the answer's unit after it."""
    del rng
    solid = [f for f in findings() if f["kind"] == "nodule" and f.get("attenuation") == "solid"]
    yield from item(
        "aggregates",
        "solid nodules volume median",
        "value",
        statistics.median(f["volume_mm3"] for f in solid if f.get("volume_mm3") is not None),
    )
    masses = [f for f in findings() if f["kind"] == "mass" and f.get("short_axis_mm") is not None]
    yield from item(
        "aggregates",
        "masses short axis avg, in cm",
        "value",
        mean_of([f["short_axis_mm"] / 10 for f in masses]),
    )
    effusions = [f for f in findings() if f["kind"] == "pleural_effusion"]
    yield from item(
        "aggregates",
        "effusion findings confidence - what is the mean",
        "value",
        mean_of([f["confidence"] for f in effusions]),
    )
    per = [len([f for f in fo(s) if f["kind"] == "mass"]) for s in studies() if chest_ct(s)]
    yield from item("aggregates", "avg # masses per chest ct", "value", mean_of(per))


def rankings(rng: random.Random) -> Iterator[Item]:
    """A number after the ranking, or "top N" a few words after it: one ranking."""
    del rng
    ggns = [
        f for f in findings() if f["kind"] == "nodule" and f.get("attenuation") == "ground-glass"
    ]
    ranked = sorted(
        (f for f in ggns if f.get("mean_hu") is not None),
        key=lambda f: (f["mean_hu"], f["finding_id"]),
    )
    if len(ranked) > 2 and ranked[1]["mean_hu"] != ranked[2]["mean_hu"]:
        yield from item(
            "rankings",
            "ggns lowest hu top 2",
            "finding",
            sorted(f["finding_id"] for f in ranked[:2]),
        )
    effusions = sorted(
        (f for f in findings() if f["kind"] == "pleural_effusion"),
        key=lambda f: (f["confidence"], f["finding_id"]),
    )
    if len(effusions) > 4 and effusions[3]["confidence"] != effusions[4]["confidence"]:
        yield from item(
            "rankings",
            "least confident 4 effusions",
            "finding",
            sorted(f["finding_id"] for f in effusions[:4]),
        )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """A station under "never": no study of the patient there."""
    del rng
    yield from item(
        "set logic",
        "pts never imaged at ct01",
        "patient",
        history(lambda mine: not any(map(at_station("CT01"), mine))),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """A study's only nodule in a lobe; studies per patient; a numbered list of conditions."""
    del rng
    yield from item(
        "counts",
        "scans whose only nodule was in the rul",
        "study",
        sids(lambda s: len(nods(s)) == 1, nod(in_lobe("RUL"))),
    )
    yield from item(
        "counts",
        "uh which patients had exactly 2 x rays",
        "patient",
        history(lambda mine: sum(map(cxr, mine)) == 2),
    )
    yield from item(
        "counts",
        "Audit criteria:\n1) women\n2) at least 2 pe cts\nhow many match these?",
        "count",
        len(set(pids(sex_is("F"))) & set(history(lambda mine: sum(map(cta, mine)) >= 2))),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """A month range after its year."""
    del rng
    yield from item(
        "dates",
        "chest cts 2024 march through may",
        "study",
        sids(chest_ct, dated("2024-03-01", "2024-05-31")),
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """ "field = value" conditions, one a line, and an arrow before what is asked."""
    del rng
    yield from item(
        "lobes",
        "Search filter:\nlobe = LUL\nattenuation = ground glass\n-> patients",
        "patient",
        pids(nod(in_lobe("LUL"), att("ground-glass"))),
    )
    yield from item(
        "lobes",
        "margin = spiculated, size >= 10 mm -> studies",
        "study",
        sids(nod(lambda f: f.get("margin") == "spiculated", ge("diameter_mm", 10))),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    """A patient's follow-up span, first to last study."""
    for pid in rng.sample(sorted({s["patient_id"] for s in studies()}), 40):
        mine = own(pid)
        if len({s["study_date"] for s in mine}) > 1:
            days = days_between(mine[0]["study_date"], mine[-1]["study_date"])
            yield from item(
                "intervals", f"{pid} follow-up span first to latest study in days", "value", days
            )
            return


def demographics(rng: random.Random) -> Iterator[Item]:
    """An age range right before a noun of studies."""
    del rng
    yield from item(
        "demographics",
        "women 60-75 chest cts",
        "patient",
        agreed(
            pids(sex_is("F"), age_in(60, 75), chest_ct),
            history(each_on_some(sex_is("F"), age_in(60, 75), chest_ct)),
        ),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    aggregates,
    rankings,
    set_logic,
    counts,
    dates,
    lobes,
    intervals,
    demographics,
)
