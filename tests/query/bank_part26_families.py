"""Tune questions for the families part 26 (``bank_fresh_26.py``) showed the reader missing.

Each is a new phrasing of a family, never a sentence of the part: the person asked for after a
break ("for accession A1, who is the patient?", "study X - who does it belong to"); a report
place that ends at "but never" ("lymphadenopathy in a report but never any mass": the mass is a
finding); "excluding / except anyone with X" (the patient never had X); two kinds of study a
patient had, joined by "and" ("a chest x-ray and also a ct angiogram": each on some study); a
share's sex after "have" ("% of pts with a chest ct with contrast have sex female"); "in the
whole cohort" (the whole catalogue); a ranking by date said "with the most recent dates" or
"most recently acquired", a ranking asked as "rank ... by their <field> and give me the top
N", and its number said well before "by <field>"; "only" beside a lobe ("solid nodules only in
the right lower lobe"). The reader was changed with these in view, so they are tune questions;
the family names are those of part 26, so that tune covers each of its families that was
fixed.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`cohort_reference` and :mod:`blind_reference`; never through the engine.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

from blind_reference import (
    att,
    chest_ct,
    cta,
    cxr,
    each_on_some,
    head_ct,
    history,
    in_lobe,
    kind,
    nod,
    nods,
    nodule_rows,
    pats,
    pct,
    says,
    sex_is,
    sids,
    some_but_never,
    studies,
    untied,
    with_contrast,
)
from question_bank import Item, Row

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def identifiers(rng: random.Random) -> Iterator[Item]:
    """The person asked for after a break: 'who is the patient', 'who does it belong to'."""
    del rng
    ordered = sorted(studies(), key=lambda s: str(s["study_uid"]))
    one, two = ordered[11], ordered[-12]
    yield item(
        "identifiers",
        f"for accession {one['accession']}, who is the patient?",
        "patient",
        [one["patient_id"]],
    )
    yield item(
        "identifiers",
        f"study {two['study_uid']} - who does it belong to",
        "patient",
        [two["patient_id"]],
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    """'but never' ends a report place; 'excluding anyone with'; two kinds of study joined."""
    del rng
    yield item(
        "set_logic",
        "patients with lymphadenopathy in a report but never any mass",
        "patient",
        history(some_but_never(says("lymphadenopathy"), kind("mass"))),
    )
    ggn = nod(att("ground-glass"))
    yield item(
        "set_logic",
        "women with a ggn, excluding anyone with emphysema",
        "patient",
        history(
            lambda mine: (
                any(sex_is("F")(s) and ggn(s) for s in mine)
                and not any(map(says("emphysema"), mine))
            )
        ),
    )
    yield item(
        "set_logic",
        "which patients had a chest x-ray and also a ct angiogram",
        "patient",
        history(each_on_some(cxr, cta)),
    )


def stats(rng: random.Random) -> Iterator[Item]:
    """A share's sex after 'have'; 'in the cohort' is everyone."""
    del rng
    enhanced = {s["patient_id"] for s in studies() if with_contrast(s)}
    women = sum(p["sex"] == "F" for p in pats() if p["patient_id"] in enhanced)
    yield item(
        "stats",
        "what percentage of pts with a chest ct with contrast have sex female",
        "value",
        pct(women, len(enhanced)),
    )
    scanned = {s["patient_id"] for s in studies()}
    yield item(
        "stats",
        "average number of scans per patient in the whole cohort",
        "value",
        round(len(studies()) / len(scanned), 2),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    """Rankings by date said with 'dates' or 'most recently acquired'; 'rank ... top N'."""
    del rng
    xrays = [s for s in studies() if cxr(s)]
    n, ranked = untied(xrays, lambda s: -int(str(s["study_date"]).replace("-", "")), "study_uid")
    yield item("rankings", f"the {n} chest x-rays with the most recent dates", "study", ranked)
    heads = [s for s in studies() if head_ct(s)]
    n, ranked = untied(heads, lambda s: -int(str(s["study_date"]).replace("-", "")), "study_uid")
    yield item("rankings", f"{n} most recently acquired head cts", "study", ranked)
    glass = nodule_rows(att("ground-glass"))
    n, ranked = untied(glass, lambda f: -f["volume_mm3"], "finding_id")
    yield item(
        "rankings",
        f"please rank the ground-glass nodules by their volume and give me the top {n}",
        "finding",
        ranked,
    )
    lower = nodule_rows(in_lobe("LLL"))
    n, ranked = untied(lower, lambda f: -f["volume_mm3"], "finding_id")
    yield item(
        "rankings", f"largest {n} nodules found in the left lower lobe by volume", "finding", ranked
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """'only' beside a lobe: such a finding there and none of it anywhere else."""
    del rng
    solid = att("solid")

    def only_rll(s: Row) -> bool:
        mine = nods(s, solid)
        return bool(mine) and all(f["lobe"] == "RLL" for f in mine)

    yield item(
        "lobes", "studies with solid nodules only in the right lower lobe", "study", sids(only_rll)
    )

    def only_rul(s: Row) -> bool:
        mine = nods(s)
        return chest_ct(s) and bool(mine) and all(f["lobe"] == "RUL" for f in mine)

    yield item("lobes", "chest cts where the only nodules are in the RUL", "study", sids(only_rul))


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    identifiers,
    set_logic,
    stats,
    rankings,
    lobes,
)
