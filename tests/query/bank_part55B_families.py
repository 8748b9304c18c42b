"""Tune questions for the families of parts 52 to 55 (``bank_fresh_52.py`` ...
``bank_fresh_55.py``) fixed in share B: breakdowns asked in other words, a patient's worst
Lung-RADS category over all their studies, and the slips of a breakdown's field words.

Each is a new phrasing of the family, never a sentence of the parts: a count of each of a
field's values asked as "how many ... does each ... hold", "according to the lobe", "per-lobe
... numbers", "A versus B" with a nodule's shorthand, "how do A compare in number with B",
slashed values then "how many of each", "split ... between A and B", the sexes listed after
"how many are", a bracket of examples ending "and so on", "distribute over the lung-rads
grades"; the worst or maximum category "over all their exams"; "catagory", "acquistion". The
reader was changed with these in view (:mod:`query.ranked_groups`, :mod:`query.comparisons`,
:mod:`query.grouped_values`, :mod:`query.dates`, :mod:`query.typos`, :mod:`query.rewrites`), so
they are tune questions; the family name is the parts', so that tune covers the family fixed
here.

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
    category,
    dated,
    findings,
    highest,
    is_nodule,
    ldct,
    nod,
    own,
    pats,
    pids,
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


def _groups(rows: list[Row], key: Callable[[Row], Any]) -> list[tuple[Any, int]]:
    return sorted((k, n) for k, n in Counter(key(r) for r in rows).items() if k is not None)


def _nodules(test: Callable[[Row], bool] = lambda f: True) -> list[Row]:
    return [f for f in findings() if is_nodule(f) and test(f)]


def _of_year(year: int) -> Callable[[Row], bool]:
    return dated(f"{year}-01-01", f"{year}-12-31")


def _worst(cat: str, sex: str | None = None) -> list[str]:
    return sorted(
        p["patient_id"]
        for p in pats()
        if highest(own(p["patient_id"])) == cat and (sex is None or p["sex"] == sex)
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """A count per lobe asked in other words."""
    del rng
    yield from item(
        "lobes",
        "how many ggns does each of the lobes contain",
        "groups",
        _groups(_nodules(lambda f: f["attenuation"] == "ground-glass"), lambda f: f["lobe"]),
    )
    yield from item(
        "lobes",
        "tally every solid nodule according to the lobe it lies in",
        "groups",
        _groups(_nodules(lambda f: f["attenuation"] == "solid"), lambda f: f["lobe"]),
    )
    yield from item(
        "lobes",
        "per-lobe spiculated nodule numbers",
        "groups",
        _groups(_nodules(lambda f: f["margin"] == "spiculated"), lambda f: f["lobe"]),
    )


def features(rng: random.Random) -> Iterator[Item]:
    """Attenuations and margins compared by their number; kinds counted with examples."""
    del rng
    yield from item(
        "characteristics",
        "psn vs ggn numbers in the rll",
        "groups",
        _groups(
            _nodules(
                lambda f: f["lobe"] == "RLL" and f["attenuation"] in ("part-solid", "ground-glass")
            ),
            lambda f: f["attenuation"],
        ),
    )
    yield from item(
        "features",
        "how do spiculated nodules compare in count with lobulated ones",
        "groups",
        _groups(
            _nodules(lambda f: f["margin"] in ("spiculated", "lobulated")), lambda f: f["margin"]
        ),
    )
    yield from item(
        "features",
        "solid / ground-glass: how many nodules of each",
        "groups",
        _groups(
            _nodules(lambda f: f["attenuation"] in ("solid", "ground-glass")),
            lambda f: f["attenuation"],
        ),
    )
    yield from item(
        "features",
        "how many findings per kind (nodule, consolidation and so on)",
        "groups",
        _groups(findings(), lambda f: f["kind"]),
    )


def demographics(rng: random.Random) -> Iterator[Item]:
    """The sexes listed after "how many are"; the noun said on both sides of "versus"."""
    del rng
    spiculated = set(pids(nod(lambda f: f["margin"] == "spiculated")))
    yield from item(
        "demographics",
        "of the patients who had a spiculated nodule, how many are female, male, other",
        "groups",
        _groups([p for p in pats() if p["patient_id"] in spiculated], lambda p: p["sex"]),
    )
    yield from item(
        "demographics",
        "2025 ldcts in men versus 2025 ldcts in women",
        "groups",
        _groups(
            [s for s in studies() if ldct(s) and _of_year(2025)(s) and ref.sex(s) in ("M", "F")],
            ref.sex,
        ),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """A split between two named stations; a slip of "acquisition"."""
    del rng
    yield from item(
        "modality",
        "split of the 2024 studies between scanner ct01 and scanner dx01",
        "groups",
        _groups(
            [s for s in studies() if _of_year(2024)(s) and s["station"] in ("CT01", "DX01")],
            lambda s: s["station"],
        ),
    )
    yield from item(
        "modality",
        "2026 ldcts per acquistion station",
        "groups",
        _groups([s for s in studies() if ldct(s) and _of_year(2026)(s)], lambda s: s["station"]),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """The worst (maximum) category over all of a patient's studies; a spread over the
    categories; a slip of "category"."""
    del rng
    yield from item(
        "lung_rads",
        "patients whose maximum lung-rads grade across all their cts is 4x",
        "patient",
        _worst("4X"),
    )
    yield from item(
        "lung_rads",
        "women, worst lung-rads over all their studies 3",
        "patient",
        _worst("3", "F"),
    )
    yield from item(
        "lung_rads",
        "how did the 2023 ldcts distribute across the lung-rads scores",
        "groups",
        _groups([s for s in studies() if ldct(s) and _of_year(2023)(s)], category),
    )
    yield from item(
        "lung_rads",
        "lung-rads catagory 2 ldcts at ct01",
        "study",
        sids(ldct, lambda s: s["station"] == "CT01" and category(s) == "2"),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    lobes,
    features,
    demographics,
    modality,
    lung_rads,
)
