"""Tune questions for the families of parts 44 and 45 (``bank_fresh_44.py``,
``bank_fresh_45.py``) fixed in share D (numbers, features, lobes, counts, stats, aggregates; the
other families are the other fixers').

Each is a new phrasing of the family, never a sentence of the parts: a comparison word with a
slip or without its vowels ("or mroe", "ovr"), a bound after its number ("at minimum", "max"),
the solid component as its "bit" or "piece", "zero" before a unit, the margin as its "edge" and
a nodule's kind restated in brackets, groups compared with "the" or their field's noun, nodules
all in one lung of a study, the model's confidence asked "how confident", "arithmetic mean",
"midpoint (median)" and "expressed in" a unit, a mean count per study with the unit said first,
"<n> plus" a count, the age on each study "across" some studies, and a Lung-RADS category said
of the studies counted findings are on. The reader was changed with these in view, so they are
tune questions; the family name is the parts', so that tune covers the family fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import (
    att,
    category,
    chest_ct,
    ge,
    gt,
    in_year,
    le,
    margin,
    mean_of,
    median_of,
    nod,
    nods,
    sids,
    studies,
    within,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _values(name: str, *tests: Callable[[Row], bool]) -> list[float]:
    return [f[name] for s in studies() for f in nods(s, *tests) if f.get(name) is not None]


def _screening_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and "SCREENING" in s["description"])


def numbers(rng: random.Random) -> Iterator[Item]:
    """Bounds said in other words; the solid component as its "bit"; "zero" before a unit."""
    del rng
    yield from item(
        "numbers",
        "solid nodules 10 mm or mroe",
        "study",
        sids(nod(att("solid"), ge("diameter_mm", 10))),
    )
    yield from item(
        "numbers", "ggns ovr 12 mm", "study", sids(nod(att("ground-glass"), gt("diameter_mm", 12)))
    )
    yield from item(
        "numbers",
        "studies with a nodule whose long axis is 20 mm at the very least",
        "study",
        sids(nod(ge("long_axis_mm", 20))),
    )
    yield from item(
        "numbers", "nodules 250 mm3 in volume max", "study", sids(nod(le("volume_mm3", 250)))
    )
    yield from item(
        "numbers",
        "part-solid nods where the solid bit is over 5 mm",
        "study",
        sids(nod(gt("solid_component_mm", 5))),
    )
    yield from item(
        "numbers",
        "nodules reading from minus one hundred up to zero hu",
        "study",
        sids(nod(within("mean_hu", -100, 0))),
    )


def features(rng: random.Random) -> Iterator[Item]:
    """The margin as its "edge"; the kind restated in brackets; a category of the studies."""
    del rng
    yield from item(
        "features",
        "smooth-edge part solid nodules",
        "study",
        sids(nod(att("part-solid"), margin("smooth"))),
    )
    yield from item(
        "features",
        "spiculated ggos (nodules)",
        "study",
        sids(nod(att("ground-glass"), margin("spiculated"))),
    )
    yield from item(
        "features",
        "margin tally for nodules on lung-rads 4x scans",
        "groups",
        sorted(
            Counter(f["margin"] for s in studies() if category(s) == "4X" for f in nods(s)).items()
        ),
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """Lobes compared with "the" before each; nodules all in one lung of a study."""
    del rng
    counted = Counter(f["lobe"] for s in studies() for f in nods(s))
    yield from item(
        "lobes",
        "number of nodules in the rml compared with the lul",
        "groups",
        sorted((lobe, counted[lobe]) for lobe in ("RML", "LUL")),
    )

    def right_only(s: Row) -> bool:
        ns = nods(s)
        return bool(ns) and all(f["lobe"] in ("RUL", "RML", "RLL") for f in ns)

    yield from item("lobes", "exams with nodules only in the right lung", "study", sids(right_only))


def counts(rng: random.Random) -> Iterator[Item]:
    """ "<n> plus" a count of findings on one study."""
    del rng
    yield from item(
        "counts",
        "studies with three plus nodules",
        "study",
        sids(lambda s: len(nods(s)) >= 3),
    )
    per_patient = Counter(s["patient_id"] for s in studies())
    yield from item(
        "counts",
        "how many one-and-done pts",
        "count",
        sum(1 for n in per_patient.values() if n == 1),
    )


def stats(rng: random.Random) -> Iterator[Item]:
    """Statistics said in other words."""
    del rng
    yield from item(
        "stats",
        "how sure is the model on average about part-solid nodules",
        "value",
        mean_of(_values("confidence", att("part-solid"))),
    )
    yield from item(
        "stats",
        "median (midpoint) long axis of ggns",
        "value",
        median_of(_values("long_axis_mm", att("ground-glass"))),
    )
    yield from item(
        "stats",
        "mean volume of spiculated nodules, expressed in cc",
        "value",
        mean_of(_values("volume_mm3", margin("spiculated"))) / 1000,
    )
    yield from item(
        "stats",
        "average age at time of scan across 2025 chest cts",
        "value",
        mean_of([ref.age(s) for s in studies() if chest_ct(s) and in_year(2025)(s)]),
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    """ "arithmetic mean"; a mean count per study with the unit said first."""
    del rng
    yield from item(
        "aggregates",
        "arithmetic mean diameter of part-solid nodules",
        "value",
        mean_of(_values("diameter_mm", att("part-solid"))),
    )
    yield from item(
        "aggregates",
        "per screening ct, average count of solid nodules",
        "value",
        mean_of([len(nods(s, att("solid"))) for s in studies() if _screening_ct(s)]),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    numbers,
    features,
    lobes,
    counts,
    stats,
    aggregates,
)
