"""The second and third held-out parts of the question bank (issue 17's first families, typed in
a looser style and written after the first round of changes).

Split out of :mod:`question_bank` unchanged; answers are computed in plain Python, never through
the engine.
"""

from __future__ import annotations

import operator
import random
from collections.abc import Iterator

import cohort_reference as ref
from question_bank import (
    CONCEPT_WORDS,
    CONDITIONS,
    MONTHS,
    ORDER,
    Item,
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
        recent = top_rows(studies(), latest_first, n, "study_uid")
        if recent is not None:
            yield Item("rankings", part, f"{n} most recent exams", "study", recent)
        solid = [f for f in findings() if f["kind"] == "nodule" and f["attenuation"] == "solid"]
        largest = top_rows(solid, lambda f: -f["diameter_mm"], n, "finding_id")
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
        recent = top_rows(cts, latest_first, n, "study_uid")
        if recent is not None:
            yield Item("rankings", part, f"the {n} most recent CT scans", "study", recent)
        people = list(ref.cohort()[0].values())
        oldest = top_rows(people, lambda p: p["birth_date"], n, "patient_id")
        if oldest is not None:
            yield Item(
                "rankings", part, f"the {n} oldest patients in the cohort", "patient", oldest
            )
        all_nodules = [f for f in findings() if f["kind"] == "nodule"]
        top = top_rows(all_nodules, lambda f: -f["diameter_mm"], n, "finding_id")
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


FAMILIES = (second_held_out, third_held_out)
