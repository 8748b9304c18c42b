"""Averages, percentages and "every scan" asked in words the rules do not read.

Written by hand for issue 17 before the question-shape head's alternative readings were built
or run on them, and never used to train or tune the head. The answers are computed in plain
Python from the cohort (:mod:`bank_issue17` helpers). ``bench/query_shapes.py`` scores the
answer itself and the first alternative reading offered with it, with and without the head.
"""

from __future__ import annotations

from bank_issue17 import (
    chest_ct,
    female,
    kind_in,
    male,
    mean_of,
    on_every,
    screening,
    share_of_nodules,
    share_of_patients,
    share_of_studies,
)
from question_bank import Item, has_nodule, patient_ids, report_affirms


def paraphrases() -> list[Item]:
    spiculated = has_nodule(lambda f: f["margin"] == "spiculated")
    ground_glass = has_nodule(lambda f: f["attenuation"] == "ground-glass")
    rows: list[tuple[str, str, object]] = [
        (
            "how large are spiculated nodules on average",
            "value",
            mean_of("diameter_mm", lambda f: f["margin"] == "spiculated"),
        ),
        (
            "usual volume of solid nodules",
            "value",
            mean_of("volume_mm3", lambda f: f["attenuation"] == "solid"),
        ),
        (
            "typical HU of ground-glass nodules",
            "value",
            mean_of("mean_hu", lambda f: f["attenuation"] == "ground-glass"),
        ),
        (
            "how big is the average part-solid nodule",
            "value",
            mean_of("diameter_mm", lambda f: f["attenuation"] == "part-solid"),
        ),
        (
            "how common is emphysema in men",
            "value",
            share_of_patients(report_affirms("emphysema"), male),
        ),
        (
            "how prevalent are calcified nodules among patients",
            "value",
            share_of_patients(has_nodule(lambda f: bool(f["calcified"]))),
        ),
        (
            "rate of pleural effusion in chest CTs",
            "value",
            share_of_studies(kind_in("pleural_effusion"), chest_ct),
        ),
        (
            "how often do screening CTs show ground-glass nodules",
            "value",
            share_of_studies(ground_glass, screening),
        ),
        (
            "frequency of spiculated margins among nodules",
            "value",
            share_of_nodules(lambda f: f["margin"] == "spiculated"),
        ),
        ("patients who had nodules each time they were scanned", "patient", on_every(has_nodule())),
        (
            "patients in whom emphysema was present at all visits",
            "patient",
            on_every(report_affirms("emphysema")),
        ),
        (
            "women who always had ground-glass nodules",
            "patient",
            sorted(set(on_every(ground_glass)) & set(patient_ids(female))),
        ),
        (
            "patients with calcified nodules at every one of their exams",
            "patient",
            on_every(has_nodule(lambda f: bool(f["calcified"]))),
        ),
        (
            "men whose scans all showed spiculated nodules",
            "patient",
            sorted(set(on_every(spiculated)) & set(patient_ids(male))),
        ),
    ]
    return [Item("shape_paraphrases", "fresh", q, unit, expected) for q, unit, expected in rows]
