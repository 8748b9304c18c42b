"""Tune questions for the families of part 41 (``bank_fresh_41.py``) fixed in share N: a size
bound closing a question right after an excluded kind ("new nodules excluding masses > 6 mm"),
and a breakdown whose count names its unit ("female vs male ldct count").

Each is a new phrasing of the family, never a sentence of the part: the bound after "except"
and after "other than", the count said "count of <study noun>", "# <study noun>" and
"<study noun> tally". The reader was changed with these in view, so they are tune questions; the
family names are the part's, so that tune covers the families fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import chest_ct, cxr, fstudy, gt, new, sids, studies
from blind_reference import ldct as is_ldct
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def _groups(rows: list[Row], key: Callable[[Row], Any]) -> list[tuple[Any, int]]:
    return sorted(Counter(key(r) for r in rows).items(), key=lambda kv: str(kv[0]))


def growth(rng: random.Random) -> Iterator[Item]:
    """A bound after the excluded masses is the kept nodules' (warned, answered so)."""
    size = rng.choice((6, 8))
    yield Item(
        "growth",
        PART,
        f"new nodules except masses over {size}mm",
        "study",
        sids(fstudy(new(False), gt("diameter_mm", size))),
    )
    yield Item(
        "growth",
        PART,
        f"new nodules other than masses >{size} mm",
        "study",
        sids(fstudy(new(False), gt("diameter_mm", size))),
    )


def demographics(rng: random.Random) -> Iterator[Item]:
    """A breakdown by sex counts the studies its count word names."""
    del rng
    sexed = [s for s in studies() if ref.sex(s) in ("F", "M")]
    yield Item(
        "demographics",
        PART,
        "women vs men: count of chest cts",
        "groups",
        _groups([s for s in sexed if chest_ct(s)], ref.sex),
    )
    yield Item(
        "demographics",
        PART,
        "# cxrs by sex",
        "groups",
        _groups([s for s in studies() if cxr(s)], ref.sex),
    )
    yield Item(
        "demographics",
        PART,
        "male vs female ldct tally",
        "groups",
        _groups([s for s in sexed if is_ldct(s)], ref.sex),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (growth, demographics)
