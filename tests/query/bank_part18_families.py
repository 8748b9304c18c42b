"""Tune questions for the families part 18 (``bank_fresh_18.py``) showed the reader missing.

Each is a new phrasing of a family, never a part-18 sentence: a ranking by "the greatest /
largest / highest number (count) of" findings, "the latest / first <study>" that opens a
question (the one study, not each patient's), "both a lung-rads X and a lung-rads Y study",
"or later / or earlier / onwards" after a period, "prior N months", a hyphen joining a side to
"lung" or a superlative to "ever", a misspelt measured field ("diamter"), a report verb in any
form before "no" ("state no"), "N+ <unit>", "ct pe" / "pe cts" (the cohort's CT angiograms)
and "earliest imaging for P1 and P2". The reader was changed with these in view, so they are
tune questions; the family names are part 18's.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`cohort_reference` and the helpers of :mod:`question_bank`; never through the engine.
"""

from __future__ import annotations

import random
import re
import statistics
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from cohort_reference import months_later
from question_bank import (
    AS_OF,
    Item,
    Row,
    findings,
    highest_patients,
    patient_ids,
    patients_by_history,
    patients_with_both,
    studies,
    study_ids,
    top_rows,
)

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def of_kind(kind: str, test: Callable[[Row], bool] = lambda f: True) -> list[Row]:
    return [f for f in findings() if f["kind"] == kind and test(f)]


def has(kind: str, test: Callable[[Row], bool] = lambda f: True) -> Callable[[Row], bool]:
    return lambda s: ref.any_finding(s, lambda f: f["kind"] == kind and test(f))


def ranked(rows: list[Row], key: Callable[[Row], Any], n: int, ident: str) -> list[str]:
    """The ``n`` first rows by ``key``; a tie at the boundary is an error of this bank."""
    top = top_rows(rows, key, n, ident)
    assert top is not None, f"a tie at rank {n}: choose another n"
    return top


def by_date(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda s: (s["study_date"], s["study_uid"]))


def denied(word: str) -> Callable[[Row], bool]:
    """The report negates ``word`` in a sentence and affirms it in none."""

    def test(s: Row) -> bool:
        text = ref.cohort()[3].get(s["study_uid"], "")
        if ref.sentence_affirms(text, word):
            return False
        return any(
            word in sentence.lower()
            and re.search(r"\b(no|negative for|without)\b", sentence.lower())
            for sentence in re.split(r"(?<=\.)\s+|\n", text)
        )

    return test


def rankings(rng: random.Random) -> Iterator[Item]:
    del rng
    per_patient: dict[str, int] = {}
    per_study: dict[str, int] = {}
    for f in of_kind("nodule"):
        per_study[f["study_uid"]] = per_study.get(f["study_uid"], 0) + 1
    for f in of_kind("mass"):
        pid = ref.cohort()[1][f["study_uid"]]["patient_id"]
        per_patient[pid] = per_patient.get(pid, 0) + 1
    masses = [{"patient_id": p, "n": n} for p, n in per_patient.items()]
    for k in (2, 3, 1, 4):
        top = top_rows(masses, lambda r: -r["n"], k, "patient_id")
        if top is not None:
            words = "which patient has" if k == 1 else f"which {k} patients have"
            yield item("rankings", f"{words} the largest count of masses", "patient", top)
            break
    nodule_counts: dict[str, int] = {}
    for f in of_kind("nodule"):
        pid = ref.cohort()[1][f["study_uid"]]["patient_id"]
        nodule_counts[pid] = nodule_counts.get(pid, 0) + 1
    per_pt = [{"patient_id": p, "n": n} for p, n in nodule_counts.items()]
    for k in (1, 2, 3, 4):
        top = top_rows(per_pt, lambda r: -r["n"], k, "patient_id")
        if top is not None:  # found testing the family: the count word after the findings
            words = "which pt has" if k == 1 else f"which {k} pts have"
            yield item("rankings", f"{words} the highest nodule count", "patient", top)
            break
    counted = [{"study_uid": u, "n": n} for u, n in per_study.items()]
    for k in (3, 4, 5, 2):
        top = top_rows(counted, lambda r: -r["n"], k, "study_uid")
        if top is not None:
            yield item(
                "rankings", f"the {k} studies with the highest number of nodules", "study", top
            )
            break
    effusion_cts = by_date(
        [s for s in studies() if s["modality"] == "CT" and has("pleural_effusion")(s)]
    )
    assert effusion_cts[-1]["study_date"] != effusion_cts[-2]["study_date"]
    yield item(
        "rankings", "the latest ct with an effusion", "study", [effusion_cts[-1]["study_uid"]]
    )
    collapsed = by_date([s for s in studies() if has("pneumothorax")(s)])
    assert collapsed[0]["study_date"] != collapsed[1]["study_date"]
    yield item(
        "rankings", "show the first scan with a pneumothorax", "study", [collapsed[0]["study_uid"]]
    )


def set_logic(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "set_logic",
        "pts who had both a lung-rads 2 and a lung-rads 4a study",
        "patient",
        patients_with_both(lambda s: ref.category(s) == "2", lambda s: ref.category(s) == "4A"),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    del rng
    people = ref.cohort()[0].values()
    yield item(
        "dates",
        "men born in 1960 or earlier",
        "patient",
        sorted(
            p["patient_id"] for p in people if p["sex"] == "M" and p["birth_date"] <= "1960-12-31"
        ),
    )
    yield item(
        "dates",
        "masses from 2025 onwards",
        "study",
        study_ids(lambda s: has("mass")(s) and s["study_date"] >= "2025-01-01"),
    )
    start = months_later(AS_OF, -3)
    yield item(
        "dates",
        "effusions in the prior 3 months",
        "study",
        study_ids(lambda s: has("pleural_effusion")(s) and start <= s["study_date"] <= AS_OF),
    )


def study_age(rng: random.Random) -> Iterator[Item]:
    """Found testing "or earlier": "scans older than 2 years" had been a patient's age."""
    del rng
    cut = months_later(AS_OF, -18)
    yield item(
        "dates",
        "cts older than 18 months with a mass",
        "study",
        study_ids(lambda s: s["modality"] == "CT" and has("mass")(s) and s["study_date"] < cut),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "lung_rads", "patients whose worst-ever lung-rads was 4b", "patient", highest_patients("4B")
    )


def lobes(rng: random.Random) -> Iterator[Item]:
    del rng
    right = ("RUL", "RML", "RLL")
    yield item(
        "lobes",
        "right-lung nodules under 6 mm",
        "study",
        study_ids(has("nodule", lambda f: f["lobe"] in right and f["diameter_mm"] < 6)),
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "aggregates",
        "average diamter of masses",
        "value",
        statistics.mean(f["diameter_mm"] for f in of_kind("mass")),
    )


def reports(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "reports",
        "how many reports state no emphysema",
        "count",
        len(study_ids(denied("emphysema"))),
    )
    yield item(  # found testing the family: "mention no" had been "without"
        "reports",
        "reports that mention no emphysema",
        "study",
        study_ids(denied("emphysema")),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    del rng

    def followed_at_least(months: int) -> list[str]:
        def test(own: list[Row]) -> bool:
            mine = by_date(own)
            return mine[-1]["study_date"] >= months_later(mine[0]["study_date"], months)

        return patients_by_history(test)

    yield item("intervals", "pts with 2+ yrs of follow-up", "patient", followed_at_least(24))


def modality(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "modality",
        "how many pe cts showed a nodule",
        "count",
        len(study_ids(lambda s: "ANGIO" in s["description"] and has("nodule")(s))),
    )


def sexes(rng: random.Random) -> Iterator[Item]:
    """Part 18 names its sex family "sexes"; here with a "pe ct"."""
    del rng
    yield item(
        "sexes",
        "male pts with a pe ct",
        "patient",
        patient_ids(lambda s: ref.sex(s) == "M" and "ANGIO" in s["description"]),
    )


def identifiers(rng: random.Random) -> Iterator[Item]:
    del rng
    followed = patient_ids(lambda s: True)
    two = [p for p in followed if sum(s["patient_id"] == p for s in studies()) >= 2][:2]
    first = [by_date([s for s in studies() if s["patient_id"] == p])[0] for p in two]
    yield item(
        "identifiers",
        f"earliest imaging for {two[0]} and {two[1]}",
        "study",
        sorted(s["study_uid"] for s in first),
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    rankings,
    set_logic,
    dates,
    study_age,
    lung_rads,
    lobes,
    aggregates,
    reports,
    intervals,
    modality,
    sexes,
    identifiers,
)
