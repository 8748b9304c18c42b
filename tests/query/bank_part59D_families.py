"""Tune questions for the families of parts 56 to 59 (``bank_fresh_56.py`` ... ``bank_fresh_59.py``)
fixed in share D (identifiers, lobes, nodule features, people, numbers, modality and station,
dates, reports; the other families are the other fixers').

Each is a new phrasing of the family, never a sentence of the parts: the findings of a study
named first and asked for after a break, a size after "without spiculation", a finding of the
images after a report's words, one finding said after an article under a kind of study, two
values of a field counted "compared with ... ones", a field and a count as a table's header, a
field's "breakdown", the catalogue's column names typed as written, the whole cohort said as a
place, "participant" for a patient, "measuring" before a bound, and a quarter with its number
apart. The reader was changed with these in view (:mod:`query.listed_findings`,
:mod:`query.negated_forms`, :mod:`query.clauses`, :mod:`query.parser`,
:mod:`query.comparisons`, :mod:`query.column_names`, :mod:`query.plain_forms`,
:mod:`query.bound_words`, :mod:`query.spoken_numbers`), so they are tune questions; the family
name is the parts', so that tune covers the family fixed here.

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
    att,
    calcified,
    cta,
    dated,
    fids,
    findings,
    ge,
    gt,
    in_lobe,
    is_nodule,
    kind,
    ldct,
    nod,
    pats,
    pids,
    quarter,
    says,
    sex_is,
    sids,
    studies,
    study_of,
    uncalcified,
)
from question_bank import Item

PART = "tune"
Row = dict[str, Any]


def item(family: str, question: str, unit: str, expected: Any) -> Iterator[Item]:
    """The question, when its answer is defined."""
    if expected is not None:
        yield Item(family, PART, question, unit, expected)


def _accession(uid: str) -> str:
    return next(s["accession"] for s in studies() if s["study_uid"] == uid)


def _margins(*values: str) -> list[tuple[str, int]]:
    said = Counter(f["margin"] for f in findings() if is_nodule(f) and f["margin"] in values)
    return sorted(said.items())


def identifiers(rng: random.Random) -> Iterator[Item]:
    """A study named first, its findings asked after a break; column names typed as written."""
    del rng
    busy = sorted(
        {f["study_uid"] for f in findings() if is_nodule(f) and f["diameter_mm"] > 8},
    )[3]
    acc = _accession(busy)
    yield from item(
        "identifiers",
        f"acc {acc} - what nodules does it have over 8 mm",
        "finding",
        fids(is_nodule, gt("diameter_mm", 8), where=lambda s: s["accession"] == acc),
    )
    yield from item(
        "identifiers",
        f"finding_id list for accession {acc}",
        "finding",
        fids(where=lambda s: s["accession"] == acc),
    )
    yield from item(
        "identifiers",
        f"mass rows for study_uid {busy}",
        "finding",
        fids(lambda f: f["kind"] == "mass", where=lambda s: s["study_uid"] == busy),
    )
    two = sorted(s["accession"] for s in studies())[40:42]
    yield from item(
        "identifiers",
        f"patient_id values where accession in ({two[0]}, {two[1]})",
        "patient",
        pids(lambda s: s["accession"] in two),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    """A measured column with its unit in the name; "measuring" before a bound."""
    del rng
    yield from item(
        "numbers",
        "nodule findings where short_axis_mm >= 15",
        "finding",
        fids(is_nodule, ge("short_axis_mm", 15)),
    )
    yield from item(
        "numbers",
        "ggns with volume_mm3 over 1500",
        "study",
        sids(nod(att("ground-glass"), gt("volume_mm3", 1500))),
    )
    yield from item(
        "numbers",
        "exams with a nodule whose short axis measuring over 18 mm",
        "study",
        sids(nod(gt("short_axis_mm", 18))),
    )


def features(rng: random.Random) -> Iterator[Item]:
    """A size after "without <feature>"; two margins counted "compared with ... ones"."""
    del rng
    yield from item(
        "features",
        "solid nodules with no calcification over 12 mm",
        "study",
        sids(nod(att("solid"), uncalcified, gt("diameter_mm", 12))),
    )
    yield from item(
        "features",
        "part-solid nodules without spiculation larger than 10 mm",
        "study",
        sids(
            nod(
                att("part-solid"),
                lambda f: f["margin"] != "spiculated",
                gt("diameter_mm", 10),
            )
        ),
    )
    yield from item(
        "features",
        "how many lobulated nodules versus smooth ones",
        "groups",
        _margins("lobulated", "smooth"),
    )
    yield from item(
        "features",
        "attenuation | nodule count",
        "groups",
        sorted(Counter(f["attenuation"] for f in findings() if is_nodule(f)).items()),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    """A finding of the images after a report's words, said as one finding after an article."""
    del rng
    yield from item(
        "reports",
        "ldcts whose report mentions emphysema and there is a calcified nodule finding",
        "study",
        sids(ldct, says("emphysema"), nod(calcified)),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    """A field and a count as a table's header; a field's breakdown; column names."""
    del rng
    yield from item(
        "modality",
        "modality | study count",
        "groups",
        sorted(Counter(s["modality"] for s in studies()).items()),
    )
    chosen = [s for s in studies() if s["study_date"].startswith("2024")]
    yield from item(
        "modality",
        "description breakdown for studies in 2024",
        "groups",
        sorted(Counter(s["description"] for s in chosen).items()),
    )
    yield from item(
        "modality",
        "cta studies where a pneumothorax finding exists",
        "study",
        sids(cta, kind("pneumothorax")),
    )


def people(rng: random.Random) -> Iterator[Item]:
    """The whole cohort said as a place; "participant" for a patient."""
    del rng
    yield from item(
        "people",
        "number of men in our entire screening population",
        "count",
        len([p for p in pats() if p["sex"] == "M"]),
    )
    uid = sids(any_ct, sex_is("F"))[7]
    acc = _accession(uid)
    yield from item(
        "people",
        f"which participant had accession {acc}",
        "patient",
        pids(lambda s: s["accession"] == acc),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    """A quarter with its number said apart."""
    del rng
    yield from item(
        "dates",
        "number of ldcts in q three twenty twenty four",
        "count",
        len(sids(ldct, quarter(2024, 3))),
    )
    yield from item(
        "dates",
        "chest ct angiograms during q 1 of 2025",
        "study",
        sids(cta, dated("2025-01-01", "2025-03-31")),
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    """A study named first and its findings in one lobe asked after a break."""
    del rng
    uid = sorted({study_of(f)["study_uid"] for f in findings() if f["lobe"] == "RUL"})[5]
    yield from item(
        "lobes",
        f"study uid {uid}: which of its nodules are in the rul",
        "finding",
        fids(is_nodule, in_lobe("RUL"), where=lambda s: s["study_uid"] == uid),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    identifiers,
    numbers,
    features,
    reports,
    modality,
    people,
    dates,
    lobes,
)
