"""Tune questions for the families of parts 48 and 49 (``bank_fresh_48.py``,
``bank_fresh_49.py``) fixed in share B (Lung-RADS and rankings; the other families are the
other fixers').

Each is a new phrasing of the family, never a sentence of the parts: a letter category said in
words ("rated four x"), the highest category said as a sentence of its own, a change of
category said with articles ("from a 2 to a 4x") or through the prior ("worsened compared with
the previous one", "moved up a lung-rads category"), a letter category before the scale and a study
noun, the categories of some studies then "distribution"; and rankings said around their number
("earliest N non contrast ...", "first N ctas", "with the tiniest volumes", "top N by size of
long axis", "which N measure the shortest along the short axis", "of the <findings>, which N
have the lowest ...", "of the women with a mass, the N born first"). The reader was changed
with these in view (:mod:`query.category_forms`, :mod:`query.ranked_forms`,
:mod:`query.history`), so they are tune questions; the family names are the parts'.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from blind_reference import (
    att,
    category,
    chest_ct,
    cta,
    findings,
    highest,
    history,
    kind,
    ldct,
    nods,
    pats,
    pids,
    sex_is,
    sids,
    studies,
    top,
    went,
    went_from,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _groups(rows: Sequence[Row], key: Callable[[Row], Any]) -> list[tuple[Any, int]]:
    return sorted(Counter(key(r) for r in rows).items(), key=lambda kv: str(kv[0]))


def lung_rads(rng: random.Random) -> Iterator[Item]:
    """Categories said in words, the highest said as a sentence, changes, breakdowns."""
    del rng
    f = "lung-rads"
    yield from item(
        f, "chest cts rated four x", "study", sids(chest_ct, lambda s: category(s) == "4X")
    )
    yield from item(
        f,
        "3 was the worst lung-rads the patient ever got, which pts",
        "patient",
        history(lambda mine: highest(mine) == "3"),
    )
    yield from item(
        f,
        "patients bumped from a 2 to a 4x on lung-rads",
        "patient",
        pids(went_from("2", ("4X",))),
    )
    yield from item(
        f,
        "screening cts whose lr worsened compared with the previous one",
        "study",
        sids(ldct, went(1)),
    )
    yield from item(f, "exams that moved up a lung-rads category", "study", sids(went(1)))
    yield from item(
        f,
        "4b lung-rads scans, count per station",
        "groups",
        _groups([s for s in studies() if category(s) == "4B"], lambda s: s["station"]),
    )
    yield from item(
        f,
        "lung-rads categories of 2025 ldcts: distribution",
        "groups",
        _groups([s for s in studies() if ldct(s) and s["study_date"].startswith("2025")], category),
    )


def _day(s: Row) -> int:
    return dt.date.fromisoformat(s["study_date"]).toordinal()


def _ranked(
    family: str,
    template: str,
    unit: str,
    rows: Sequence[Row],
    key: Callable[[Row], Any],
    ident: str,
) -> Iterator[Item]:
    """The question at the first count from 3 to 8 whose ranking has no tie at its boundary."""
    for n in range(3, 9):
        got = top(rows, key, n, ident)
        if got is not None:
            yield from item(family, template.format(n=n), unit, got)
            return


def rankings(rng: random.Random) -> Iterator[Item]:
    """Rankings said around their number."""
    del rng
    f = "rankings"
    plain_chest = [s for s in studies() if s["description"] == "CT CHEST W/O CONTRAST"]
    yield from _ranked(
        f, "earliest {n} non contrast chest cts", "study", plain_chest, _day, "study_uid"
    )
    yield from _ranked(
        f, "first {n} ctas", "study", [s for s in studies() if cta(s)], _day, "study_uid"
    )
    masses = [g for g in findings() if g["kind"] == "mass"]
    yield from _ranked(
        f,
        "{n} masses with the tiniest volumes",
        "finding",
        masses,
        lambda g: g["volume_mm3"],
        "finding_id",
    )
    ggns = [g for s in studies() for g in nods(s, att("ground-glass"))]
    yield from _ranked(
        f,
        "ggn list, top {n} by size of long axis",
        "finding",
        ggns,
        lambda g: -g["long_axis_mm"],
        "finding_id",
    )
    every = [g for s in studies() for g in nods(s)]
    yield from _ranked(
        f,
        "which {n} nodules measure the shortest along the short axis",
        "finding",
        every,
        lambda g: g["short_axis_mm"],
        "finding_id",
    )
    psns = [g for s in studies() for g in nods(s, att("part-solid"))]
    yield from _ranked(
        f,
        "of the part-solid nodules, which {n} have the lowest mean hu",
        "finding",
        psns,
        lambda g: g["mean_hu"],
        "finding_id",
    )
    with_mass = set(pids(kind("mass")))
    women = set(pids(sex_is("F")))
    chosen = [p for p in pats() if p["patient_id"] in with_mass & women]
    yield from _ranked(
        f,
        "of the women with a mass, the {n} born first",
        "patient",
        chosen,
        lambda p: p["birth_date"],
        "patient_id",
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (lung_rads, rankings)
