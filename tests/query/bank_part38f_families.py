"""Tune questions for the families of part 38 (``bank_fresh_38.py``) fixed in share F (numbers,
counts, set logic, growth, slips and lobes; what a list of nodules lists, averages, shares,
intervals and dates of birth are share D's, rankings and Lung-RADS share E's).

Each is a new phrasing of the family, never a sentence of the part: a sign said as a word
before digits ("from minus 200 to plus 30 hu"), a closing count of the noun asked (": number
of nodules"), "give me the number", every study of the patient at one station ("whose studies
were all done at ..."), two findings on one study said "a single ct shows A plus B", "a
completely new nodule", a kind of study run together with its body part ("chestct"), and two
lobes named in full compared ("right upper lobe versus left upper lobe"). The reader was
changed with these in view, so they are tune questions; the family names are the part's, so
that tune covers the families fixed here.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    agreed,
    at_station,
    att,
    chest_ct,
    fstudy,
    gt,
    history,
    in_lobe,
    in_year,
    kind,
    ldct,
    lt,
    new,
    nod,
    nods,
    nodule_rows,
    pids,
    sids,
    within,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined (readings that disagree: left out)."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def numbers(rng: random.Random) -> Iterator[Item]:
    """Signed numbers said as words before digits; a closing count of the noun asked."""
    del rng
    yield from item(
        "numbers",
        "nodules from minus 200 to plus 30 hu",
        "study",
        sids(nod(within("mean_hu", -200, 30))),
    )
    yield from item(
        "numbers",
        "solid nodules > 5 mm and < 9 mm: number of nodules",
        "count",
        len(nodule_rows(att("solid"), gt("diameter_mm", 5), lt("diameter_mm", 9))),
    )


def counts(rng: random.Random) -> Iterator[Item]:
    """ "give me the number" is the count."""
    del rng
    few: Callable[[Row], bool] = lambda s: len(nods(s)) < 3  # noqa: E731
    yield from item(
        "counts",
        "ldcts with fewer than 3 nodules - give me the number",
        "count",
        len(sids(ldct, few)),
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """Every study at one station; two findings on one study."""
    del rng
    yield from item(
        "set_logic",
        "patients whose studies were all done at CT01",
        "patient",
        history(lambda mine: all(map(at_station("CT01"), mine))),
    )
    yield from item(
        "set_logic",
        "pts where a single ct shows a mass plus a nodule",
        "patient",
        pids(kind("mass"), nod()),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    """ "completely new" is new."""
    del rng
    yield from item(
        "growth",
        "2024 studies with a completely new nodule",
        "study",
        agreed(*[sids(in_year(2024), fstudy(new(m))) for m in (False, True)]),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """A kind of study run together with its body part."""
    del rng
    yield from item(
        "modality",
        "chestct at ct02 in 2025",
        "study",
        sids(chest_ct, at_station("CT02"), in_year(2025)),
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """Two lobes named in full and compared: a count per lobe of the two."""
    del rng
    rows = nodule_rows(att("ground-glass"), in_lobe("RUL", "LUL"))
    yield from item(
        "lobes",
        "ground glass nodules: right upper lobe versus left upper lobe",
        "groups",
        sorted(Counter(f["lobe"] for f in rows).items()),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    numbers,
    counts,
    set_logic,
    growth,
    modality,
    lobes,
)
