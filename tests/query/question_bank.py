"""A bank of several hundred cohort questions with answers computed apart from the engine.

Each family of the schema (sizes, attenuation, confidence, dates, identifiers, demographics,
counts, patient-level set logic, Lung-RADS, rankings, growth, report concepts) has phrasings in
two parts: ``tune`` phrasings, which the reader was developed against, and ``held_out``
phrasings, written at the same time but never used to change the reader. Parameters (sizes,
dates, identifiers, categories) are drawn with a fixed seed. The expected answer of each question
is computed here in plain Python from the cohort's JSON Lines files (:mod:`cohort_reference`),
never from ScanSide's parser, compiler or SQL.

Run as a script to print the figures: ``python tests/query/question_bank.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import operator
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cohort_reference as ref

from appliance.catalogue.database import open_database
from appliance.errors import QueryError
from query.cohort_import import import_cohort
from query.engine import QueryEngine

AS_OF = "2026-11-01"
Row = dict[str, Any]
Test = Callable[[Row], bool]
Part = str  # "tune" | "held_out"


@dataclasses.dataclass(frozen=True)
class Item:
    """One question and its independently computed answer at its unit."""

    family: str
    part: Part
    question: str
    unit: str  # patient | study | finding | count | groups | value
    expected: Any
    as_of: str = AS_OF


# --- the independent reading -------------------------------------------------------------


def studies() -> list[Row]:
    return list(ref.cohort()[1].values())


def findings() -> list[Row]:
    return ref.cohort()[2]


def study_of(f: Row) -> Row:
    return ref.cohort()[1][f["study_uid"]]


def nodules(s: Row, test: Callable[[Row], bool] = lambda f: True) -> list[Row]:
    return [f for f in ref.findings_of(s["study_uid"]) if f["kind"] == "nodule" and test(f)]


def has_nodule(test: Callable[[Row], bool] = lambda f: True) -> Test:
    return lambda s: bool(nodules(s, test))


def study_ids(test: Test) -> list[str]:
    return ref.studies_where(test)


def patient_ids(test: Test) -> list[str]:
    return ref.patients_of(ref.studies_where(test))


def patients_by_history(test: Callable[[list[Row]], bool]) -> list[str]:
    by_patient: dict[str, list[Row]] = {}
    for s in studies():
        by_patient.setdefault(s["patient_id"], []).append(s)
    return sorted(p for p, own in by_patient.items() if test(own))


def report_affirms(word: str) -> Test:
    return lambda s: ref.sentence_affirms(ref.cohort()[3][s["study_uid"]], word)


def both(a: Test, b: Test) -> Test:
    return lambda s: a(s) and b(s)


def either(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


def birth(patient_id: str) -> str:
    return str(ref.cohort()[0][patient_id]["birth_date"])


def in_dates(start: str, end: str) -> Test:
    return lambda s: start <= s["study_date"] <= end


def month_end(year: int, month: int) -> str:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).isoformat()


def quarter(year: int, q: int) -> Test:
    """Studies dated in quarter ``q`` (1 to 4) of ``year``."""
    return in_dates(f"{year}-{3 * q - 2:02d}-01", month_end(year, 3 * q))


def months(year: int, first: int, last: int) -> Test:
    """Studies dated from the start of month ``first`` to the end of month ``last`` of ``year``."""
    return in_dates(f"{year}-{first:02d}-01", month_end(year, last))


def sized(attenuation: str, x: float, inclusive: bool) -> list[str]:
    """Studies with a nodule of this attenuation over (or, ``inclusive``, at least) ``x`` mm."""
    return study_ids(
        has_nodule(
            lambda f: (
                f["attenuation"] == attenuation
                and (f["diameter_mm"] >= x if inclusive else f["diameter_mm"] > x)
            )
        )
    )


def own_studies(patient_id: str) -> list[Row]:
    """The patient's studies, first to latest (by date, then UID)."""
    return sorted(
        (x for x in studies() if x["patient_id"] == patient_id),
        key=lambda x: (x["study_date"], x["study_uid"]),
    )


def studies_by_nodules(compare: Callable[[int, int], bool], n: int) -> list[str]:
    """Studies whose number of nodules compares so with ``n`` (``operator.ge``: at least n)."""
    return study_ids(lambda s: compare(len(nodules(s)), n))


def patients_by_studies(compare: Callable[[int, int], bool], n: int) -> list[str]:
    """Patients whose number of studies compares so with ``n`` (``operator.ge``: at least n)."""
    return patients_by_history(lambda own: compare(len(own), n))


def patients_with_both(a: Test, b: Test) -> list[str]:
    """Patients with some study passing ``a`` and some (maybe other) study passing ``b``."""
    return patients_by_history(lambda own: any(map(a, own)) and any(map(b, own)))


def patients_with_but_never(a: Test, b: Test) -> list[str]:
    """Patients with some study passing ``a`` and no study passing ``b``."""
    return patients_by_history(lambda own: any(map(a, own)) and not any(map(b, own)))


def grown(g: float, inclusive: bool = False) -> list[str]:
    """Studies with a finding that grew by more than (``inclusive``: at least) ``g`` mm."""
    facts = _growth_by_finding()
    return sorted(
        {
            f["study_uid"]
            for f in findings()
            if (
                facts.get(f["finding_id"], -99) >= g
                if inclusive
                else facts.get(f["finding_id"], -99) > g
            )
        }
    )


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Conditions a patient can have on a study, as words and as a test.
CONDITIONS: list[tuple[str, Test]] = [
    ("nodules", has_nodule()),
    ("a mass", lambda s: any(f["kind"] == "mass" for f in ref.findings_of(s["study_uid"]))),
    ("emphysema", report_affirms("emphysema")),
    (
        "a pneumothorax",
        lambda s: any(f["kind"] == "pneumothorax" for f in ref.findings_of(s["study_uid"])),
    ),
    ("calcified nodules", has_nodule(lambda f: bool(f["calcified"]))),
    ("spiculated nodules", has_nodule(lambda f: f["margin"] == "spiculated")),
    ("ground-glass nodules", has_nodule(lambda f: f["attenuation"] == "ground-glass")),
]


# --- the families --------------------------------------------------------------------------


Family = Callable[[random.Random], Iterator[Item]]


def items(family: str, part: Part, *rows: tuple[str, str, Any]) -> Iterator[Item]:
    """One family's questions in one part, each a (question, unit, expected answer) row."""
    for question, unit, expected in rows:
        yield Item(family, part, question, unit, expected)


def sizes(rng: random.Random) -> Iterator[Item]:
    attenuations = [
        ("solid", "solid"),
        ("part-solid", "part-solid"),
        ("ground glass", "ground-glass"),
    ]
    for _ in range(8):
        word, value = rng.choice(attenuations)
        x = rng.choice([4, 5, 6, 8, 10, 12, 15])
        strict, inclusive = sized(value, x, inclusive=False), sized(value, x, inclusive=True)
        yield from items(
            "sizes",
            "tune",
            (f"{word} nodules over {x} mm", "study", strict),
            (f"{word} nodules at least {x}mm", "study", inclusive),
        )
        yield from items(
            "sizes",
            "held_out",
            (f"scans showing {word} nodules bigger than {x / 10:g} cm", "study", strict),
            (f"{word} nodules measuring {x} mm or more", "study", inclusive),
        )
    under_cm = study_ids(has_nodule(lambda f: f["diameter_mm"] < 10))
    over_cm = study_ids(has_nodule(lambda f: f["diameter_mm"] > 10))
    yield from items(
        "sizes",
        "tune",
        ("nodules under a centimetre", "study", under_cm),
        ("nodules smaller than one cm", "study", under_cm),
    )
    yield from items(
        "sizes",
        "held_out",
        ("nodules below a centimeter", "study", under_cm),
        ("nodules larger than a centimetre", "study", over_cm),
        (
            "nodules of at least half a centimetre",
            "study",
            study_ids(has_nodule(lambda f: f["diameter_mm"] >= 5)),
        ),
    )


def attenuation(rng: random.Random) -> Iterator[Item]:
    for _ in range(6):
        v = rng.choice([-650, -600, -500, -300, -100, 0, 100])
        a, b = sorted(rng.sample([-700, -600, -500, -400, -300, -200, 0, 200], 2))
        below = study_ids(has_nodule(lambda f, v=v: f["mean_hu"] is not None and f["mean_hu"] < v))
        between = study_ids(
            has_nodule(lambda f, a=a, b=b: f["mean_hu"] is not None and a <= f["mean_hu"] <= b)
        )
        yield from items(
            "attenuation",
            "tune",
            (f"nodules with mean HU below {v}", "study", below),
            (f"nodules between {a} and {b} HU", "study", between),
        )
        yield from items(
            "attenuation",
            "held_out",
            (f"nodules with attenuation under {v} HU", "study", below),
            (f"nodules with density between {a} and {b}", "study", between),
        )


def confidence(rng: random.Random) -> Iterator[Item]:
    for _ in range(5):
        c = rng.choice([0.6, 0.7, 0.8, 0.85, 0.9, 0.95])
        above = [f for f in findings() if f["kind"] == "nodule" and f["confidence"] > c]
        at_least = [f for f in findings() if f["kind"] == "nodule" and f["confidence"] >= c]
        below = [f for f in findings() if f["kind"] == "nodule" and f["confidence"] < c]
        yield from items(
            "confidence",
            "tune",
            (f"how many nodules have confidence above {c}", "count", len(above)),
            (
                f"nodule findings with confidence over {c}",
                "finding",
                sorted(f["finding_id"] for f in above),
            ),
        )
        yield from items(
            "confidence",
            "held_out",
            (
                f"how many nodules with a confidence of at least {round(c * 100)}%",
                "count",
                len(at_least),
            ),
            (f"count nodules with confidence below {c}", "count", len(below)),
        )


def dates(rng: random.Random) -> Iterator[Item]:
    ordinals = ["first", "second", "third", "fourth"]
    for _ in range(6):
        year, q = rng.choice([2023, 2024, 2025, 2026]), rng.randint(1, 3)
        in_quarter = quarter(year, q)
        m1 = rng.randint(1, 6)
        m2 = rng.randint(m1 + 1, 10)
        span = months(year, m1, m2)
        since = rng.randint(1, 10)
        since_start = f"2026-{since:02d}-01"
        yield from items(
            "dates",
            "tune",
            (f"nodules in Q{q} {year}", "study", study_ids(both(in_quarter, has_nodule()))),
            (
                f"studies since {MONTHS[since - 1]}",
                "study",
                study_ids(lambda s, a=since_start: s["study_date"] >= a),
            ),
            (f"scans from {MONTHS[m1 - 1]} to {MONTHS[m2 - 1]} {year}", "study", study_ids(span)),
        )
        yield from items(
            "dates",
            "held_out",
            (f"studies in the {ordinals[q - 1]} quarter of {year}", "study", study_ids(in_quarter)),
            (
                f"CTs between {MONTHS[m1 - 1][:3]} and {MONTHS[m2 - 1][:3]} {year}",
                "study",
                study_ids(lambda s, t=span: t(s) and s["modality"] == "CT"),
            ),
            (f"how many studies in {year} Q{q}", "count", len(study_ids(in_quarter))),
        )


def identifiers(rng: random.Random) -> Iterator[Item]:
    all_studies = studies()
    for _ in range(8):
        s = rng.choice(all_studies)
        pid, acc, uid = s["patient_id"], s["accession"], s["study_uid"]
        own = own_studies(pid)
        own_ids = sorted(x["study_uid"] for x in own)
        yield from items(
            "identifiers",
            "tune",
            (f"studies of patient {pid}", "study", own_ids),
            (f"accession {acc}", "study", [uid]),
            (f"how many scans did {pid} have", "count", len(own)),
            (f"latest study for {pid}", "study", [own[-1]["study_uid"]]),
        )
        yield from items(
            "identifiers",
            "held_out",
            (f"show scans for {pid.lower()}", "study", own_ids),
            (f"which patient has accession number {acc}", "patient", [pid]),
            (f"first scan of patient {pid}", "study", [own[0]["study_uid"]]),
            (f"nodules in study {uid}", "study", [uid] if nodules(s) else []),
        )


def demographics(rng: random.Random) -> Iterator[Item]:
    for _ in range(6):
        a = rng.choice([40, 50, 55, 60, 65, 70])
        b = a + rng.choice([5, 9, 10])
        decade = rng.choice([50, 60, 70])
        born = rng.choice([1945, 1950, 1955, 1960, 1970])
        yield from items(
            "demographics",
            "tune",
            (
                f"women over {a}",
                "patient",
                patient_ids(lambda s, a=a: ref.sex(s) == "F" and ref.age(s) > a),
            ),
            (
                f"patients aged {a}-{b} with nodules",
                "patient",
                patient_ids(lambda s, a=a, b=b: a <= ref.age(s) <= b and has_nodule()(s)),
            ),
            (
                f"patients in their {decade}s",
                "patient",
                patient_ids(lambda s, d=decade: d <= ref.age(s) <= d + 9),
            ),
            (
                f"patients born before {born}",
                "patient",
                sorted(p for p in ref.cohort()[0] if birth(p) < f"{born}-01-01"),
            ),
        )
        yield from items(
            "demographics",
            "held_out",
            (
                f"men between {a} and {b} years old with nodules",
                "patient",
                patient_ids(
                    lambda s, a=a, b=b: (
                        ref.sex(s) == "M" and a <= ref.age(s) <= b and has_nodule()(s)
                    )
                ),
            ),
            (
                f"female patients born in the {born // 10 * 10}s",
                "patient",
                sorted(
                    p
                    for p, row in ref.cohort()[0].items()
                    if row["sex"] == "F" and birth(p)[:3] == str(born)[:3]
                ),
            ),
            (
                f"patients born after {born}",
                "patient",
                sorted(p for p in ref.cohort()[0] if birth(p) > f"{born}-12-31"),
            ),
        )


def counts(rng: random.Random) -> Iterator[Item]:
    for n in (1, 2, 3, 4):
        exact = studies_by_nodules(operator.eq, n)
        yield from items(
            "counts",
            "tune",
            (f"studies with exactly {n} nodules", "study", exact),
            (
                f"patients with {n} or more studies",
                "patient",
                patients_by_studies(operator.ge, n),
            ),
            (
                f"studies with fewer than {n + 1} nodules",
                "study",
                studies_by_nodules(operator.le, n),
            ),
        )
        yield from items(
            "counts",
            "held_out",
            (f"scans with only {n} nodules", "study", exact),
            (
                f"patients with at least {n} scans",
                "patient",
                patients_by_studies(operator.ge, n),
            ),
            (
                f"how many patients have exactly {n} studies",
                "count",
                len(patients_by_studies(operator.eq, n)),
            ),
            (
                f"patients scanned more than {n} times",
                "patient",
                patients_by_studies(operator.gt, n),
            ),
        )
    del rng


def set_logic(rng: random.Random) -> Iterator[Item]:
    for _ in range(8):
        (a_words, a), (b_words, b) = rng.sample(CONDITIONS, 2)
        with_both, but_never = patients_with_both(a, b), patients_with_but_never(a, b)
        never = never_of(a)
        yield from items(
            "set_logic",
            "tune",
            (f"patients with both {a_words} and {b_words}", "patient", with_both),
            (f"patients with {a_words} but never {b_words}", "patient", but_never),
            (f"patients who never had {a_words}", "patient", never),
        )
        yield from items(
            "set_logic",
            "held_out",
            (f"patients who have had both {a_words} and {b_words}", "patient", with_both),
            (f"how many patients had {a_words} and never {b_words}", "count", len(but_never)),
            (f"patients that never had {b_words}", "patient", never_of(b)),
        )


def never_of(test: Test) -> list[str]:
    return patients_by_history(lambda own: not any(map(test, own)))


ORDER = ref.ORDER


def highest(own: list[Row]) -> str | None:
    cats = [c for c in (ref.category(s) for s in own) if c is not None]
    return max(cats, key=ORDER.index) if cats else None


def category_studies(c: str) -> list[str]:
    """Studies whose Lung-RADS category is ``c``."""
    return study_ids(lambda s: ref.category(s) == c)


def highest_patients(c: str) -> list[str]:
    """Patients whose highest Lung-RADS category over all their studies is ``c``."""
    return patients_by_history(lambda own: highest(own) == c)


def lung_rads(rng: random.Random) -> Iterator[Item]:
    for c in ("1", "2", "3", "4A", "4B", "4X"):
        yield from items(
            "lung_rads",
            "tune",
            (f"Lung-RADS {c} studies", "study", category_studies(c)),
            (f"patients whose highest Lung-RADS was {c}", "patient", highest_patients(c)),
        )
        yield from items(
            "lung_rads",
            "held_out",
            (
                f"studies with lung-rads category {c} or higher",
                "study",
                study_ids(
                    lambda s, c=c: (
                        ref.category(s) is not None
                        and ORDER.index(str(ref.category(s))) >= ORDER.index(c)
                    )
                ),
            ),
            (f"patients with a highest ever Lung-RADS of {c}", "patient", highest_patients(c)),
        )
    per_study = Counter(ref.category(s) for s in studies())
    yield Item("lung_rads", "tune", "how many studies per Lung-RADS category", "groups", per_study)
    per_patient = Counter(cat for cat, _ in {(ref.category(s), s["patient_id"]) for s in studies()})
    yield Item(
        "lung_rads", "held_out", "number of patients per Lung-RADS category", "groups", per_patient
    )
    del rng


def _top(rows: list[Row], key: Callable[[Row], Any], n: int, ident: str) -> list[str] | None:
    """The ``n`` first rows by ``key``; None when a tie at the boundary makes it ambiguous."""
    ranked = sorted(rows, key=key)
    if len(ranked) > n and key(ranked[n - 1]) == key(ranked[n]):
        return None
    return sorted(str(r[ident]) for r in ranked[:n])


def latest_first(s: Row) -> tuple[int, ...]:
    """A sort key putting the most recent study first."""
    return tuple(-ord(ch) for ch in s["study_date"])


def rankings(rng: random.Random) -> Iterator[Item]:
    nodule_rows = [f for f in findings() if f["kind"] == "nodule"]
    with_hu = [f for f in nodule_rows if f["mean_hu"] is not None]
    patients = list(ref.cohort()[0].values())
    for _ in range(6):
        n = rng.randint(2, 9)
        cases: list[tuple[Part, str, str, list[str] | None]] = [
            (
                "tune",
                f"the {n} largest nodules",
                "finding",
                _top(nodule_rows, lambda f: -f["diameter_mm"], n, "finding_id"),
            ),
            (
                "tune",
                f"most recent {n} studies",
                "study",
                _top(studies(), latest_first, n, "study_uid"),
            ),
            (
                "tune",
                f"oldest {n} patients",
                "patient",
                _top(patients, lambda p: p["birth_date"], n, "patient_id"),
            ),
            (
                "held_out",
                f"top {n} nodules by volume",
                "finding",
                _top(nodule_rows, lambda f: -f["volume_mm3"], n, "finding_id"),
            ),
            (
                "held_out",
                f"the {n} youngest patients",
                "patient",
                _top(patients, lambda p: tuple(-ord(c) for c in p["birth_date"]), n, "patient_id"),
            ),
            (
                "held_out",
                f"the {n} nodules with the highest HU",
                "finding",
                _top(with_hu, lambda f: -f["mean_hu"], n, "finding_id"),
            ),
        ]
        for part, question, unit, expected in cases:
            if expected is not None:
                yield Item("rankings", part, question, unit, expected)
    lowest = _top(with_hu, lambda f: f["mean_hu"], 1, "finding_id")
    if lowest is not None:
        yield Item("rankings", "tune", "the nodule with the lowest HU", "finding", lowest)


def growth(rng: random.Random) -> Iterator[Item]:
    for g in (1, 2, 3, 4, 5):
        more, at_least = grown(g), grown(g, inclusive=True)
        yield Item("growth", "tune", f"nodules that grew by more than {g} mm", "study", more)
        yield Item(
            "growth", "held_out", f"nodules with growth of at least {g} mm", "study", at_least
        )
    del rng


def _growth_by_finding() -> dict[str, float]:
    """Mean-diameter increase over the previous finding of the same track (nodule or mass)."""
    by_track: dict[str, list[Row]] = {}
    for f in findings():
        if f.get("track_id") and f["kind"] in ("nodule", "mass"):
            by_track.setdefault(f["track_id"], []).append(f)
    growth_of: dict[str, float] = {}
    for track in by_track.values():
        track.sort(key=lambda f: study_of(f)["study_date"])
        for before, after in itertools.pairwise(track):
            growth_of[after["finding_id"]] = after["diameter_mm"] - before["diameter_mm"]
    return growth_of


# Report concepts asked about, each with a second word that affirms it too.
CONCEPT_WORDS = (("emphysema", "emphysema"), ("lymphadenopathy", "lymph nodes"))


def concepts(rng: random.Random) -> Iterator[Item]:
    for word, also in CONCEPT_WORDS:
        affirms = either(report_affirms(word), report_affirms(also))
        yield Item(
            "concepts",
            "tune",
            f"patients with {word} and nodules",
            "patient",
            patient_ids(lambda s, t=affirms: t(s) and has_nodule()(s)),
        )
        yield Item(
            "concepts",
            "held_out",
            f"how many studies mention {word}",
            "count",
            len(study_ids(affirms)),
        )
    del rng


def second_held_out(rng: random.Random) -> Iterator[Item]:
    """A second held-out part in a looser, typed-in style, written after the first round of
    work. Measured once before any change (93.4 % exact, 1 of 61 wrong without a warning); its
    misses, all "between <month> and <month> of <year>", then led to one change in
    :mod:`query.dates`, so it is no longer untouched (nor is the first held-out part, whose
    misses, measured at 97.0 %, led to one change in :mod:`query.history`)."""
    part = "held_out_2"
    for _ in range(4):
        word, value = rng.choice([("solid", "solid"), ("part solid", "part-solid")])
        x = rng.choice([5, 6, 8, 10])
        yield from items(
            "sizes",
            part,
            (f"any {word} nods >{x}mm?", "study", sized(value, x, inclusive=False)),
            (
                f"{word} nodules greater than or equal to {x} mm",
                "study",
                sized(value, x, inclusive=True),
            ),
        )
        v = rng.choice([-600, -400, -100])
        yield Item(
            "attenuation",
            part,
            f"nodules HU < {v}",
            "study",
            study_ids(has_nodule(lambda f, v=v: f["mean_hu"] is not None and f["mean_hu"] < v)),
        )
        c = rng.choice([0.7, 0.8, 0.9])
        yield Item(
            "confidence",
            part,
            f"number of nodules with confidence greater than {c}",
            "count",
            len([f for f in findings() if f["kind"] == "nodule" and f["confidence"] > c]),
        )
        year, q = rng.choice([2024, 2025]), rng.randint(1, 4)
        yield Item(
            "dates",
            part,
            f"studies during Q{q} of {year}",
            "study",
            study_ids(quarter(year, q)),
        )
        m1, m2 = sorted(rng.sample(range(1, 13), 2))
        yield Item(
            "dates",
            part,
            f"nodules between {MONTHS[m1 - 1]} and {MONTHS[m2 - 1]} of {year}",
            "study",
            study_ids(both(months(year, m1, m2), has_nodule())),
        )
        s = rng.choice(studies())
        own = sorted(x["study_uid"] for x in studies() if x["patient_id"] == s["patient_id"])
        yield from items(
            "identifiers",
            part,
            (f"pt {s['patient_id']} scans", "study", own),
            (f"what studies does {s['patient_id']} have", "study", own),
            (f"look up accession {s['accession']}", "study", [s["study_uid"]]),
        )
        a = rng.choice([50, 60, 70])
        yield from items(
            "demographics",
            part,
            (
                f"female patients {a} to {a + 9} years old",
                "patient",
                patient_ids(lambda s, a=a: ref.sex(s) == "F" and a <= ref.age(s) <= a + 9),
            ),
            (
                f"men older than {a} with nodules",
                "patient",
                patient_ids(
                    lambda s, a=a: ref.sex(s) == "M" and ref.age(s) > a and has_nodule()(s)
                ),
            ),
        )
        born = rng.choice([1945, 1950, 1960])
        yield Item(
            "demographics",
            part,
            f"patients with DOB before {born}",
            "patient",
            sorted(p for p in ref.cohort()[0] if birth(p) < f"{born}-01-01"),
        )
        n = rng.randint(1, 3)
        yield from items(
            "counts",
            part,
            (
                f"studies containing exactly {n} nodules",
                "study",
                studies_by_nodules(operator.eq, n),
            ),
            (
                f"patients who have had {n + 1}+ scans",
                "patient",
                patients_by_studies(operator.ge, n + 1),
            ),
        )
        (a_words, a_test), (b_words, b_test) = rng.sample(CONDITIONS, 2)
        yield from items(
            "set_logic",
            part,
            (
                f"patients that had both {a_words} and {b_words}",
                "patient",
                patients_with_both(a_test, b_test),
            ),
            (
                f"pts with {a_words} who never had {b_words}",
                "patient",
                patients_with_but_never(a_test, b_test),
            ),
        )
        c = rng.choice(ORDER)
        yield from items(
            "lung_rads",
            part,
            (f"studies categorized as Lung-RADS {c}", "study", category_studies(c)),
            (f"patients with a max Lung-RADS of {c}", "patient", highest_patients(c)),
        )
        n = rng.randint(3, 8)
        recent = _top(studies(), latest_first, n, "study_uid")
        if recent is not None:
            yield Item("rankings", part, f"{n} most recent exams", "study", recent)
        solid = [f for f in findings() if f["kind"] == "nodule" and f["attenuation"] == "solid"]
        largest = _top(solid, lambda f: -f["diameter_mm"], n, "finding_id")
        if largest is not None:
            yield Item("rankings", part, f"show the {n} largest solid nodules", "finding", largest)
        g = rng.choice([2, 3])
        yield Item(
            "growth",
            part,
            f"nodules growing > {g} mm",
            "study",
            grown(g),
        )
    for word, also in CONCEPT_WORDS:
        yield Item(
            "concepts",
            part,
            f"patients whose reports mention {word}",
            "patient",
            patient_ids(either(report_affirms(word), report_affirms(also))),
        )


def third_held_out(rng: random.Random) -> Iterator[Item]:
    """A third held-out part, written at the end of the work on issue 17 and measured once with
    the reader as shipped; nothing was changed after its measurement."""
    part = "held_out_3"
    for _ in range(3):
        word, value = rng.choice([("solid", "solid"), ("ground-glass", "ground-glass")])
        x = rng.choice([6, 8, 10, 12])
        yield from items(
            "sizes",
            part,
            (
                f"show me {word} nodules measuring more than {x} millimetres",
                "study",
                sized(value, x, inclusive=False),
            ),
            (f"{word} nods at least {x / 10:g} cm", "study", sized(value, x, inclusive=True)),
        )
        v = rng.choice([-500, -200, 50])
        yield Item(
            "attenuation",
            part,
            f"nodules w/ attenuation > {v} HU",
            "study",
            study_ids(has_nodule(lambda f, v=v: f["mean_hu"] is not None and f["mean_hu"] > v)),
        )
        c = rng.choice([0.65, 0.75, 0.9])
        yield Item(
            "confidence",
            part,
            f"nodules with a confidence score below {c}",
            "study",
            study_ids(has_nodule(lambda f, c=c: f["confidence"] < c)),
        )
        year, q = rng.choice([2024, 2025, 2026]), rng.randint(1, 3)
        yield Item(
            "dates",
            part,
            f"scans from Q{q} {year}",
            "study",
            study_ids(quarter(year, q)),
        )
        month = rng.randint(1, 12)
        yield Item(
            "dates",
            part,
            f"nodules seen since {MONTHS[month - 1]} {year - 1}",
            "study",
            study_ids(
                both(lambda s, a=f"{year - 1}-{month:02d}-01": s["study_date"] >= a, has_nodule())
            ),
        )
        s = rng.choice(studies())
        pid = s["patient_id"]
        own = own_studies(pid)
        yield from items(
            "identifiers",
            part,
            (f"all imaging for patient {pid}", "study", sorted(x["study_uid"] for x in own)),
            (f"how many studies does patient {pid} have", "count", len(own)),
            (f"the first study of {pid}", "study", [own[0]["study_uid"]]),
            (f"accession no. {s['accession']}", "study", [s["study_uid"]]),
        )
        a = rng.choice([45, 55, 65, 75])
        yield from items(
            "demographics",
            part,
            (
                f"female pts aged {a} or older",
                "patient",
                patient_ids(lambda s, a=a: ref.sex(s) == "F" and ref.age(s) >= a),
            ),
            (
                f"men younger than {a}",
                "patient",
                patient_ids(lambda s, a=a: ref.sex(s) == "M" and ref.age(s) < a),
            ),
        )
        born = rng.choice([1948, 1956, 1963])
        yield Item(
            "demographics",
            part,
            f"patients born in {born}",
            "patient",
            sorted(p for p in ref.cohort()[0] if birth(p).startswith(str(born))),
        )
        n = rng.randint(1, 3)
        yield from items(
            "counts",
            part,
            (
                f"studies with more than {n} nodules",
                "study",
                studies_by_nodules(operator.gt, n),
            ),
            (
                f"scans with at most {n} nodules",
                "study",
                studies_by_nodules(operator.le, n),
            ),
            (
                f"patients with {n + 1} or more scans",
                "patient",
                patients_by_studies(operator.ge, n + 1),
            ),
        )
        (a_words, a_test), (b_words, b_test) = rng.sample(CONDITIONS, 2)
        yield from items(
            "set_logic",
            part,
            (
                f"patients with both {a_words} and {b_words} at any time",
                "patient",
                patients_with_both(a_test, b_test),
            ),
            (
                f"patients with {a_words} who have never had {b_words}",
                "patient",
                patients_with_but_never(a_test, b_test),
            ),
            (f"patients who have never had {a_words}", "patient", never_of(a_test)),
        )
        c = rng.choice(ORDER)
        yield from items(
            "lung_rads",
            part,
            (f"studies with a Lung-RADS score of {c}", "study", category_studies(c)),
            (f"patients whose highest ever category was {c}", "patient", highest_patients(c)),
        )
        n = rng.randint(2, 6)
        cts = [x for x in studies() if x["modality"] == "CT"]
        recent = _top(cts, latest_first, n, "study_uid")
        if recent is not None:
            yield Item("rankings", part, f"the {n} most recent CT scans", "study", recent)
        people = list(ref.cohort()[0].values())
        oldest = _top(people, lambda p: p["birth_date"], n, "patient_id")
        if oldest is not None:
            yield Item(
                "rankings", part, f"the {n} oldest patients in the cohort", "patient", oldest
            )
        all_nodules = [f for f in findings() if f["kind"] == "nodule"]
        top = _top(all_nodules, lambda f: -f["diameter_mm"], n, "finding_id")
        if top is not None:
            yield Item("rankings", part, f"top {n} nodules by diameter", "finding", top)
        g = rng.choice([1, 2, 3])
        yield Item(
            "growth",
            part,
            f"nodules that have grown by more than {g} mm",
            "study",
            grown(g),
        )
    yield Item(
        "concepts",
        part,
        "how many patients have lymphadenopathy in their report",
        "count",
        len(patient_ids(either(report_affirms("lymphadenopathy"), report_affirms("lymph nodes")))),
    )


FAMILIES: tuple[Family, ...] = (
    sizes,
    attenuation,
    confidence,
    dates,
    identifiers,
    demographics,
    counts,
    set_logic,
    lung_rads,
    rankings,
    growth,
    concepts,
    second_held_out,
    third_held_out,
)


PARTS = ("tune", "held_out", "held_out_2", "held_out_3", "held_out_4", "held_out_5")


def bank(seed: int = 17) -> list[Item]:
    """Every question of every family, de-duplicated by text (the first answer kept)."""
    import bank_issue17  # noqa: PLC0415 (the families added last import this module's helpers)

    rng = random.Random(seed)
    seen: dict[str, Item] = {}
    for family in FAMILIES + bank_issue17.FAMILIES:
        for item in family(rng):
            seen.setdefault(item.question, item)
    return list(seen.values())


# --- scoring -------------------------------------------------------------------------------

KEYS = {"patient": "patient_id", "study": "study_uid", "finding": "finding_id"}


@dataclasses.dataclass(frozen=True)
class Outcome:
    item: Item
    exact: bool
    warned: bool
    refused: bool
    reading: str


def score(answer_json: Callable[[str, str], dict[str, Any]], item: Item) -> Outcome:
    """Ask one question (``answer_json`` returns the engine's JSON, or {"error": ...})."""
    answer = answer_json(item.question, item.as_of)
    if "error" in answer:
        return Outcome(item, False, True, True, str(answer["error"]))
    exact = _matches(item, answer)
    return Outcome(item, exact, bool(answer["warnings"]), False, str(answer["interpretation"]))


def _matches(item: Item, answer: dict[str, Any]) -> bool:
    if item.unit == "groups":
        got = {row[next(iter(row))]: row["count"] for row in answer["rows"]}
        return answer["unit"] == "count" and got == dict(item.expected)
    if item.unit == "value":  # an average to 0.01 or a percentage to 0.1
        got = answer.get("value")
        return answer["unit"] == "value" and got is not None and abs(got - item.expected) < 0.011
    if item.unit == "count":
        return bool(answer["unit"] == "count" and answer["count"] == item.expected)
    if answer["unit"] != item.unit:
        return False
    return sorted({row[KEYS[item.unit]] for row in answer["rows"]}) == item.expected


def figures(outcomes: list[Outcome]) -> tuple[float, float]:
    """Exact-answer rate and rate of wrong answers given without a warning."""
    total = len(outcomes) or 1
    exact = sum(o.exact for o in outcomes) / total
    silent = sum(not o.exact and not o.warned for o in outcomes) / total
    return exact, silent


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    with open_database(folder / "catalogue.duckdb") as db:
        import_cohort(db, ref.COHORT)
    with QueryEngine(folder / "catalogue.duckdb") as engine:

        def answer_json(question: str, as_of: str) -> dict[str, Any]:
            try:
                return engine.answer(question, as_of).to_json()
            except QueryError as exc:
                return {"error": exc.message}

        outcomes = [score(answer_json, item) for item in bank()]
    show = "-v" in sys.argv
    for part in PARTS:
        mine = [o for o in outcomes if o.item.part == part]
        exact, silent = figures(mine)
        print(
            f"{part}: {len(mine)} questions, exact {exact:.1%}, wrong without warning {silent:.1%}"
        )
        for o in mine:
            if not o.exact and (show or not o.warned):
                flag = "SILENT" if not o.warned else ("refused" if o.refused else "warned")
                print(f"   {flag}: {o.item.question!r} -> {o.reading}")


if __name__ == "__main__":
    main()
