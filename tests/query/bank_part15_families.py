"""Tune questions for the families part 15 (``bank_fresh_15.py``) showed the reader missing.

Each is a new phrasing of a family, never a part-15 sentence: a negation that stops at a comma
("negative for X, lr 2"), "deny / denies / ruled out" (the report states the absence), a sex
written as a letter ("M pts") or a possessive ("women's chest cts": studies), "diagnostic /
non-screening" studies, a margin's adjective with "-margin(ed)", a two-word form with a word
misspelt ("grund glass", "right uper lobe"), "purely", the first / latest study of a kind of
study ("first cta for P..."), two size bounds joined by "and" and ranges with a unit on each
number, a number before a ranking by attenuation, a rate per LDCT, the answer's unit after a
comma, and "changed lung-rads category". The reader was changed with these in view, so they are
tune questions; the family names are part 15's.

The answers are computed here in plain Python from the cohort's JSON Lines files, through
:mod:`cohort_reference` and the helpers of :mod:`question_bank`; never through the engine.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import statistics
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
from question_bank import (
    Item,
    Row,
    Test,
    findings,
    has_nodule,
    patient_ids,
    studies,
    study_ids,
    study_of,
    top_rows,
)

PART = "tune"


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def screening(s: Row) -> bool:
    return "SCREENING" in str(s["description"])


def angio(s: Row) -> bool:
    return "ANGIO" in str(s["description"])


def kind(name: str) -> Test:
    return lambda s: any(f["kind"] == name for f in ref.findings_of(s["study_uid"]))


def every(*tests: Test) -> Test:
    return lambda s: all(t(s) for t in tests)


def sex(letter: str) -> Test:
    return lambda s: ref.sex(s) == letter


def year(y: int) -> Test:
    return lambda s: str(s["study_date"]).startswith(str(y))


def affirmed(word: str) -> Test:
    return lambda s: ref.sentence_affirms(ref.cohort()[3][s["study_uid"]], word)


def stated_absent(word: str) -> Test:
    """The report negates ``word`` in a sentence and affirms it in none ("negative for")."""

    def test(s: Row) -> bool:
        text = ref.cohort()[3][s["study_uid"]]
        if ref.sentence_affirms(text, word):
            return False
        return any(
            word in part.lower() and re.search(r"\b(?:no|negative for|without)\b", part.lower())
            for part in re.split(r"(?<=\.)\s+|\n", text)
        )

    return test


def own(test: Test = lambda s: True) -> dict[str, list[Row]]:
    """Each patient's studies passing ``test``, first to latest (by date, then UID)."""
    out: dict[str, list[Row]] = {}
    for s in sorted(studies(), key=lambda s: (s["study_date"], s["study_uid"])):
        if test(s):
            out.setdefault(s["patient_id"], []).append(s)
    return out


def reports(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "reports",
        "negative for lymphadenopathy, lr 2",
        "study",
        study_ids(every(stated_absent("lymph"), lambda s: ref.category(s) == "2")),
    )
    yield item(
        "reports",
        "chest ct reports that deny emphysema",
        "study",
        study_ids(every(chest_ct, stated_absent("emphysema"))),
    )
    yield item(
        "reports",
        "no emphysema, part-solid nodules",
        "study",
        study_ids(
            every(
                lambda s: not affirmed("emphysema")(s),
                has_nodule(lambda f: f["attenuation"] == "part-solid"),
            )
        ),
    )


def sexes(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "sex",
        "M pts w lr 4b",
        "patient",
        patient_ids(every(sex("M"), lambda s: ref.category(s) == "4B")),
    )
    yield item(
        "sex",
        "women's chest cts with calcified nodules",
        "study",
        study_ids(every(sex("F"), chest_ct, has_nodule(lambda f: bool(f["calcified"])))),
    )
    yield item(
        "sex",
        "how many male ldcts in 2024",
        "count",
        len(study_ids(every(sex("M"), screening, year(2024)))),
    )


def modality(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "modality",
        "non-screening chest cts w a pleural effusion",
        "study",
        study_ids(every(chest_ct, lambda s: not screening(s), kind("pleural_effusion"))),
    )
    yield item(
        "modality",
        "how many diagnostic cts in 2025",
        "count",
        len(
            study_ids(
                every(lambda s: s["modality"] == "CT", lambda s: not screening(s), year(2025))
            )
        ),
    )


def characters(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "attenuation_margin",
        "lobulated-margin part solid nodules",
        "study",
        study_ids(
            has_nodule(lambda f: f["margin"] == "lobulated" and f["attenuation"] == "part-solid")
        ),
    )
    yield item(
        "attenuation_margin",
        "spiculated-margined purely solid nods",
        "study",
        study_ids(
            has_nodule(lambda f: f["margin"] == "spiculated" and f["attenuation"] == "solid")
        ),
    )
    yield item(
        "attenuation_margin",
        "grund glass nodules in women",
        "patient",
        patient_ids(every(sex("F"), has_nodule(lambda f: f["attenuation"] == "ground-glass"))),
    )
    yield item(
        "lobes",
        "nodules in the right uper lobe",
        "study",
        study_ids(has_nodule(lambda f: f["lobe"] == "RUL")),
    )


def numbers(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "numbers",
        "masses at least 3 cm and under 5 cm",
        "study",
        study_ids(
            lambda s: any(
                f["kind"] == "mass" and 30 <= f["diameter_mm"] < 50
                for f in ref.findings_of(s["study_uid"])
            )
        ),
    )
    yield item(
        "numbers",
        "solid nodules half a cm to 8 mm",
        "study",
        study_ids(has_nodule(lambda f: f["attenuation"] == "solid" and 5 <= f["diameter_mm"] <= 8)),
    )
    yield item(
        "numbers",
        "ggns over 4mm and below 1 cm",
        "study",
        study_ids(
            has_nodule(lambda f: f["attenuation"] == "ground-glass" and 4 < f["diameter_mm"] < 10)
        ),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    del rng
    nods = [f for f in findings() if f["kind"] == "nodule" and f["mean_hu"] is not None]
    top = top_rows(nods, lambda f: -f["mean_hu"], 4, "finding_id")
    if top is not None:
        yield item("rankings", "4 nods w highest density", "finding", top)
    masses = [f for f in findings() if f["kind"] == "mass" and f["mean_hu"] is not None]
    low = top_rows(masses, lambda f: f["mean_hu"], 3, "finding_id")
    if low is not None:
        yield item("rankings", "the 3 lowest-hu masses", "finding", low)


def aggregates(rng: random.Random) -> Iterator[Item]:
    del rng
    ld = [s for s in studies() if screening(s)]
    ggns = sum(
        1
        for f in findings()
        if f["kind"] == "nodule" and f["attenuation"] == "ground-glass" and screening(study_of(f))
    )
    yield item("aggregates", "avg number of ggns per ldct", "value", round(ggns / len(ld), 2))
    per = [sum(f["kind"] == "nodule" for f in ref.findings_of(s["study_uid"])) for s in ld]
    yield item(
        "aggregates", "median nodules per low-dose ct", "value", round(statistics.median(per), 2)
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    del rng
    days = []
    for ss in own().values():
        dates = sorted({dt.date.fromisoformat(s["study_date"]) for s in ss})
        if ref.sex(ss[0]) == "F" and len(dates) >= 2:
            days.append((dates[-1] - dates[0]).days)
    yield item(
        "intervals",
        "average f/u duration for women, months",
        "value",
        round(statistics.mean(days) / 30.4375, 2),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    del rng
    steps = [
        (after, ref.category(before), ref.category(after))
        for ss in own(lambda s: ref.category(s) is not None).values()
        for before, after in itertools.pairwise(ss)
    ]
    yield item(
        "lung_rads",
        "how many pts changed lung-rads category",
        "count",
        len({s["patient_id"] for s, a, b in steps if a != b}),
    )
    yield item(
        "lung_rads",
        "scans that changed their lr category in 2025",
        "study",
        sorted(s["study_uid"] for s, a, b in steps if a != b and year(2025)(s)),
    )


def identifiers(rng: random.Random) -> Iterator[Item]:
    del rng
    everyone = own()
    ctas = own(angio)
    # patients whose first (latest) study of all is not a CT angiogram: the kind decides
    first = min(p for p, ss in ctas.items() if everyone[p][0] is not ss[0])
    yield item("identifiers", f"first cta for {first}", "study", [ctas[first][0]["study_uid"]])
    latest = min(p for p, ss in ctas.items() if everyone[p][-1] is not ss[-1])
    yield item(
        "identifiers", f"latest ct angiogram {latest}", "study", [ctas[latest][-1]["study_uid"]]
    )


FAMILIES: tuple[Callable[[random.Random], Iterator[Item]], ...] = (
    reports,
    sexes,
    modality,
    characters,
    numbers,
    rankings,
    aggregates,
    intervals,
    lung_rads,
    identifiers,
)
