"""Tune questions for the families of parts 56 to 59 (``bank_fresh_56.py`` ... ``59``) fixed in
share B: aggregates, statistics and rankings (the other families are the other fixers').

Each is a new phrasing of the family, never a sentence of the parts: the largest or smallest
value of a measurement ("max / min <measurement> among ..."), the catalogue's column names and
"rows" of findings typed in a question, a ranking said around a label ("<findings>: the N with
...", "among <people>, which N ...", "by <field>, the N ..."), HU said as "most negative", a
table's sort order ("sort ... by study_date desc, take N"), the age at a kind of study, and
averages said conversationally ("what density do they average out at", "per ldct, the mean
nodule count comes out to what", "... averaged over every ldct", "for the tumour board - ...").
The reader was changed with these in view (:mod:`query.aggregates`, :mod:`query.column_names`,
:mod:`query.ranked_labels`, :mod:`query.averages_said`), so they are tune questions; the
family names are the parts'.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from blind_reference import (
    att,
    calcified,
    findings,
    fo,
    head_ct,
    in_lobe,
    is_nodule,
    ldct,
    margin,
    pats,
    studies,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def nodule_rows(*tests: Callable[[Row], bool]) -> list[Row]:
    """The nodule findings passing every test."""
    return [f for f in findings() if is_nodule(f) and all(t(f) for t in tests)]


def top(rows: list[Row], key: Callable[[Row], Any], n: int, ident: str, *, high: bool) -> Any:
    """The ``ident`` of the ``n`` first rows by ``key`` (sorted), or None on a tie at the cut."""
    ranked = sorted(rows, key=key, reverse=high)
    if len(ranked) > n and key(ranked[n - 1]) == key(ranked[n]):
        return None
    return sorted(r[ident] for r in ranked[:n])


def rankings(rng: random.Random) -> Iterator[Item]:
    """A ranking said around a label, with a verb, a repeated direction or a sort order."""
    del rng
    ggn = nodule_rows(att("ground-glass"))
    yield from item(
        "rankings",
        "ggn findings: the 2 with the lowest confidence",
        "finding",
        top(ggn, lambda f: f["confidence"], 2, "finding_id", high=False),
    )
    men = [p for p in pats() if p["sex"] == "M"]
    yield from item(
        "rankings",
        "among the men, which 2 were born last",
        "patient",
        top(men, lambda p: p["birth_date"], 2, "patient_id", high=True),
    )
    yield from item(
        "rankings",
        "by long axis, the 5 largest spiculated nodules",
        "finding",
        top(
            nodule_rows(margin("spiculated")),
            lambda f: f["long_axis_mm"],
            5,
            "finding_id",
            high=True,
        ),
    )
    yield from item(
        "rankings",
        "5 nodules showing the lowest mean hu, lowest first",
        "finding",
        top(nodule_rows(), lambda f: f["mean_hu"], 5, "finding_id", high=False),
    )
    yield from item(
        "rankings",
        "which 3 lobulated nodules are the most negative in hu",
        "finding",
        top(nodule_rows(margin("lobulated")), lambda f: f["mean_hu"], 3, "finding_id", high=False),
    )
    films = [s for s in studies() if s["modality"] == "DX" and s["body_part"] == "CHEST"]
    yield from item(
        "rankings",
        "sort chest x-rays by study_date desc, take 3",
        "study",
        top(films, lambda s: s["study_date"], 3, "study_uid", high=True),
    )
    yield from item(
        "rankings",
        "calcified nodule rows ordered by volume_mm3 desc, first 3",
        "finding",
        top(nodule_rows(calcified), lambda f: f["volume_mm3"], 3, "finding_id", high=True),
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    """The largest or smallest value, column names, the age at a kind of study, averages said
    conversationally."""
    del rng
    psn = nodule_rows(att("part-solid"))
    yield from item(
        "aggregates",
        "maximum solid_component_mm among part-solid nodules",
        "value",
        max(f["solid_component_mm"] for f in psn),
    )
    yield from item(
        "aggregates",
        "min long axis of a spiculated nodule",
        "value",
        min(f["long_axis_mm"] for f in nodule_rows(margin("spiculated"))),
    )
    ggn = nodule_rows(att("ground-glass"))
    yield from item(
        "aggregates",
        "what's the maximum volume of ggns",
        "value",
        max(f["volume_mm3"] for f in ggn),
    )
    yield from item("aggregates", "ggns: maximum mean hu", "value", max(f["mean_hu"] for f in ggn))
    yield from item(
        "aggregates",
        "mean age at head ct",
        "value",
        statistics.mean(float(ref.age(s)) for s in studies() if head_ct(s)),
    )
    yield from item(
        "aggregates",
        "for calcified nods, what density do they average out at",
        "value",
        statistics.mean(f["mean_hu"] for f in nodule_rows(calcified)),
    )
    screens = [s for s in studies() if ldct(s)]
    yield from item(
        "aggregates",
        "per ldct, the mean nodule count comes out to what",
        "value",
        statistics.mean(float(sum(1 for f in fo(s) if is_nodule(f))) for s in screens),
    )
    yield from item(
        "aggregates",
        "masses per ldct, averaged over every ldct",
        "value",
        statistics.mean(float(sum(1 for f in fo(s) if f["kind"] == "mass")) for s in screens),
    )
    yield from item(
        "aggregates",
        "for the tumour board - average volume of spiculated nodules",
        "value",
        statistics.mean(f["volume_mm3"] for f in nodule_rows(margin("spiculated"))),
    )
    every = nodule_rows()
    yield from item(
        "aggregates",
        "rul nodule rows as a share of every nodule row",
        "value",
        round(100.0 * len(nodule_rows(in_lobe("RUL"))) / len(every), 1),  # answered to 0.1
    )
    yield from item(
        "aggregates",
        "avg long_axis_mm over spiculated nodule rows",
        "value",
        statistics.mean(f["long_axis_mm"] for f in nodule_rows(margin("spiculated"))),
    )
    yield from item(
        "aggregates",
        "solid nodules where diameter_mm >= 8, average volume",
        "value",
        statistics.mean(
            f["volume_mm3"] for f in nodule_rows(att("solid"), lambda f: f["diameter_mm"] >= 8)
        ),
    )
    yield from item(
        "aggregates",
        "mass findings - their long axis on average (mm)",
        "value",
        statistics.mean(f["long_axis_mm"] for f in findings() if f["kind"] == "mass"),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (rankings, aggregates)
