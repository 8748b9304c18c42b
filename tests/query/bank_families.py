"""The first twelve families of the question bank: sizes, attenuation, confidence, dates,
identifiers, demographics, counts, set logic, Lung-RADS, rankings, growth and report concepts.

Split out of :mod:`question_bank` (which keeps the independent reading helpers, the scoring and
:func:`question_bank.bank`) so that each module stays small; the questions, their parts and their
answers are unchanged. Answers are computed in plain Python, never through the engine.
"""

from __future__ import annotations

import operator
import random
from collections import Counter
from collections.abc import Iterator

import cohort_reference as ref
from question_bank import (
    CONCEPT_WORDS,
    CONDITIONS,
    MONTHS,
    ORDER,
    Item,
    Part,
    birth,
    both,
    category_studies,
    either,
    findings,
    grown,
    has_nodule,
    highest_patients,
    items,
    latest_first,
    months,
    never_of,
    nodules,
    own_studies,
    patient_ids,
    patients_by_studies,
    patients_with_both,
    patients_with_but_never,
    quarter,
    report_affirms,
    sized,
    studies,
    studies_by_nodules,
    study_ids,
    top_rows,
)


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
                top_rows(nodule_rows, lambda f: -f["diameter_mm"], n, "finding_id"),
            ),
            (
                "tune",
                f"most recent {n} studies",
                "study",
                top_rows(studies(), latest_first, n, "study_uid"),
            ),
            (
                "tune",
                f"oldest {n} patients",
                "patient",
                top_rows(patients, lambda p: p["birth_date"], n, "patient_id"),
            ),
            (
                "held_out",
                f"top {n} nodules by volume",
                "finding",
                top_rows(nodule_rows, lambda f: -f["volume_mm3"], n, "finding_id"),
            ),
            (
                "held_out",
                f"the {n} youngest patients",
                "patient",
                top_rows(
                    patients, lambda p: tuple(-ord(c) for c in p["birth_date"]), n, "patient_id"
                ),
            ),
            (
                "held_out",
                f"the {n} nodules with the highest HU",
                "finding",
                top_rows(with_hu, lambda f: -f["mean_hu"], n, "finding_id"),
            ),
        ]
        for part, question, unit, expected in cases:
            if expected is not None:
                yield Item("rankings", part, question, unit, expected)
    lowest = top_rows(with_hu, lambda f: f["mean_hu"], 1, "finding_id")
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


FAMILIES = (
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
)
