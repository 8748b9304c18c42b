"""Held-out part 13 of the question bank: cohort questions typed as clinicians type them.

Written for issue 17 as a final, honest measurement of the question reader: its author read
only the cohort README, the conventions of ``docs/query.md``, :mod:`question_bank` and
:mod:`cohort_reference`, never the reader's code, its tests or the other held-out parts. The
questions were frozen (committed) before they were first put to the engine, and none was
changed to suit it afterwards.

Every family issue 17 lists is here (identifiers, dates, numbers, counts, patient-level set
logic, Lung-RADS, rankings, averages and percentages, report concepts with negation, growth,
new, stable and resolved nodules, intervals between scans), in shorthand, lower case, with
typos and units written many ways. Parameters are drawn from the cohort with this part's own
seed (:data:`SEED`), so adding it changes no other part's draws. Expected answers are computed
here in plain Python from the cohort's JSON Lines files. Where ``docs/query.md`` documents no
convention, the comment beside the question says which reading the answer assumes.

Scored alone with ``python tests/query/question_bank.py --part held_out_13 -v``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import cohort_reference as ref
import question_bank as qb
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_13"
SEED = 1313

Rows = Iterator[Item]


def _q(family: str, question: str, unit: str, expected: Any, as_of: str = AS_OF) -> Item:
    return Item(family, PART, question, unit, expected, as_of)


# --- plain-Python reading helpers, written apart from the engine ---------------------------


def patients() -> list[Row]:
    return sorted(ref.cohort()[0].values(), key=lambda p: p["patient_id"])


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def head_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "HEAD")


def kind_in(*kinds: str) -> Test:
    return lambda s: any(f["kind"] in kinds for f in ref.findings_of(s["study_uid"]))


def nodule(test: Callable[[Row], bool] = lambda f: True) -> Test:
    return qb.has_nodule(test)


def affirms(*words: str) -> Test:
    """The report names one of ``words`` in a sentence that does not negate it."""
    return lambda s: any(ref.sentence_affirms(ref.cohort()[3][s["study_uid"]], w) for w in words)


EMPHYSEMA = affirms("emphysema")
LYMPH = affirms("lymphadenopathy", "lymph nodes")
CORONARY = affirms("coronary")
GRANULOMA = affirms("granuloma")


def female(s: Row) -> bool:
    return ref.sex(s) == "F"


def male(s: Row) -> bool:
    return ref.sex(s) == "M"


def all_of(*tests: Test) -> Test:
    return lambda s: all(t(s) for t in tests)


def sids(*tests: Test) -> list[str]:
    return qb.study_ids(all_of(*tests))


def pids(*tests: Test) -> list[str]:
    return qb.patient_ids(all_of(*tests))


def fids(test: Callable[[Row], bool]) -> list[str]:
    return sorted(f["finding_id"] for f in qb.findings() if test(f))


def finding_ids_of(s: Row) -> list[str]:
    return sorted(f["finding_id"] for f in ref.findings_of(s["study_uid"]))


def is_nodule(f: Row) -> bool:
    return bool(f["kind"] == "nodule")


def date_of(s: Row) -> dt.date:
    return dt.date.fromisoformat(s["study_date"])


def add_months(day: dt.date, n: int) -> dt.date:
    """The same day ``n`` calendar months on (the month's last day when it is shorter)."""
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    last = dt.date.fromisoformat(qb.month_end(year, month)).day
    return dt.date(year, month, min(day.day, last))


def since(start: str, as_of: str = AS_OF) -> Test:
    return qb.in_dates(start, as_of)


def days_back(n: int, as_of: str = AS_OF) -> str:
    return (dt.date.fromisoformat(as_of) - dt.timedelta(days=n)).isoformat()


def by_patient(test: Test = lambda s: True) -> dict[str, list[Row]]:
    """Each patient's studies passing ``test``, first to latest (by date, then UID)."""
    out: dict[str, list[Row]] = {}
    for s in sorted(qb.studies(), key=lambda x: (x["study_date"], x["study_uid"])):
        if test(s):
            out.setdefault(s["patient_id"], []).append(s)
    return out


def rescanned(within: int, strict: bool, first: Test, later: Test) -> list[Row]:
    """Studies passing ``first`` followed, on a later date, by a ``later`` study of the patient
    within ``within`` calendar months (strictly before that day when ``strict``)."""
    own = by_patient()
    out = []
    for s in qb.studies():
        if not first(s):
            continue
        limit = add_months(date_of(s), within)
        for t in own[s["patient_id"]]:
            gap_ok = date_of(t) < limit if strict else date_of(t) <= limit
            if later(t) and date_of(t) > date_of(s) and gap_ok:
                out.append(s)
                break
    return out


def span_days(test: Test) -> dict[str, int]:
    """Days from each patient's first to latest study passing ``test`` (two dates or more)."""
    out = {}
    for p, own in by_patient(test).items():
        dates = sorted({date_of(s) for s in own})
        if len(dates) >= 2:
            out[p] = (dates[-1] - dates[0]).days
    return out


def track_findings() -> dict[str, list[Row]]:
    """Each track's nodules and masses, first to latest."""
    out: dict[str, list[Row]] = {}
    for f in qb.findings():
        if f.get("track_id") and f["kind"] in ("nodule", "mass"):
            out.setdefault(f["track_id"], []).append(f)
    for track in out.values():
        track.sort(key=lambda f: (qb.study_of(f)["study_date"], f["study_uid"]))
    return out


def change_by_finding() -> dict[str, float]:
    """Mean-diameter change since the track's finding on the patient's previous study."""
    return qb.growth_by_finding()


def age_years(patient_id: str, day: dt.date) -> int:
    born = dt.date.fromisoformat(qb.birth(patient_id))
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def r2(x: float) -> float:
    return round(x, 2)


def pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


def pick(rng: random.Random, pool: list[Any]) -> Any:
    return rng.choice(sorted(pool))


# --- identifiers ----------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    own = by_patient()
    multi = [p for p, o in own.items() if len(o) >= 3]
    p1, p2, p3, p4, p5 = rng.sample(sorted(multi), 5)
    # "baseline ct": the patient's first CT, drawn where it is also the first study
    p0 = pick(rng, [p for p in multi if own[p][0]["modality"] == "CT"])
    yield _q(fam, f"all studies for pt {p1}", "study", sorted(s["study_uid"] for s in own[p1]))
    yield _q(fam, f"{p2.lower()} scans", "study", sorted(s["study_uid"] for s in own[p2]))
    yield _q(fam, f"how many scans has {p3} had", "count", len(own[p3]))
    yield _q(
        fam,
        f"studies of {p4} and {p5}",
        "study",
        sorted(s["study_uid"] for s in own[p4] + own[p5]),
    )
    # a patient's baseline and latest studies
    yield _q(fam, f"baseline ct for {p0}", "study", [own[p0][0]["study_uid"]])
    yield _q(fam, f"most recent study {p2}", "study", [own[p2][-1]["study_uid"]])
    yield _q(fam, f"latest scan of patient {p3}", "study", [own[p3][-1]["study_uid"]])
    yield _q(fam, f"first exam on mrn {p4}", "study", [own[p4][0]["study_uid"]])
    with_nod = [p for p in multi if any(nodule()(s) for s in own[p])]
    p6 = pick(rng, with_nod)
    yield _q(
        fam,
        f"pt {p6} studies w nodules",
        "study",
        sorted(s["study_uid"] for s in own[p6] if nodule()(s)),
    )
    yield _q(
        fam,
        f"list all nodule findings for patient {p6}",
        "finding",
        sorted(f["finding_id"] for s in own[p6] for f in qb.nodules(s)),
    )
    chest = [s for s in qb.studies() if nodule()(s)]
    s1, s2, s3, s4 = rng.sample(sorted(chest, key=lambda s: s["study_uid"]), 4)
    yield _q(fam, f"acc {s1['accession']}", "study", [s1["study_uid"]])
    yield _q(fam, f"accession# {s2['accession']} findings", "finding", finding_ids_of(s2))
    yield _q(fam, f"how many nodules on accession {s3['accession']}", "count", len(qb.nodules(s3)))
    yield _q(
        fam,
        f"accessions {s1['accession']}, {s4['accession']}",
        "study",
        sorted([s1["study_uid"], s4["study_uid"]]),
    )
    yield _q(fam, f"findings in study uid {s4['study_uid']}", "finding", finding_ids_of(s4))
    yield _q(fam, f"how many nodules in {s3['study_uid']}", "count", len(qb.nodules(s3)))
    yield _q(fam, f"which patient is study {s1['study_uid']}", "patient", [s1["patient_id"]])
    yield _q(fam, f"pt for acc {s2['accession']}", "patient", [s2["patient_id"]])
    # the first study is the baseline; the nodule must be on that study
    yield _q(
        fam,
        "pts whose baseline scan showed a nodule > 8mm",
        "patient",
        sorted(p for p, o in own.items() if nodule(lambda f: f["diameter_mm"] > 8)(o[0])),
    )
    # the latest study of each patient, with the condition on that study
    yield _q(
        fam,
        "patients whose most recent scan was lung rads 4X",
        "patient",
        sorted(p for p, o in own.items() if ref.category(o[-1]) == "4X"),
    )
    yield _q(fam, "studies for MRN P99999", "study", [])


# --- dates ----------------------------------------------------------------------------------


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    year = rng.choice([2023, 2024, 2025])
    q = rng.randint(1, 4)
    ords = ["1st", "2nd", "3rd", "4th"]
    yield _q(fam, f"chest cts in q{q} {year}", "study", sids(chest_ct, qb.quarter(year, q)))
    q2 = rng.randint(1, 4)
    yield _q(
        fam,
        f"how many studies {ords[q2 - 1]} quarter of {year + 1}",
        "count",
        len(sids(qb.quarter(year + 1, q2))),
    )
    yield _q(
        fam,
        f"spiculated nodules Q{q2}-{year}",
        "study",
        sids(nodule(lambda f: f["margin"] == "spiculated"), qb.quarter(year, q2)),
    )
    # "the third quarter" with no year: the latest third quarter begun by the as-of date
    yield _q(fam, "head cts from the third quarter", "study", sids(head_ct, qb.quarter(2026, 3)))
    m = rng.randint(2, 9)
    mon = qb.MONTHS[m - 1]
    # "since <month>": the latest such month begun by the as-of date (2026)
    yield _q(
        fam,
        f"ggns since {mon.lower()}",
        "study",
        sids(nodule(lambda f: f["attenuation"] == "ground-glass"), since(f"2026-{m:02d}-01")),
    )
    yield _q(
        fam,
        f"pts scanned since {mon[:3]} 2025",
        "patient",
        pids(since(f"2025-{m:02d}-01")),
    )
    a, b = sorted(rng.sample(range(1, 13), 2))
    yield _q(
        fam,
        f"studies from {qb.MONTHS[a - 1].lower()} to {qb.MONTHS[b - 1].lower()} {year}",
        "study",
        sids(qb.months(year, a, b)),
    )
    yield _q(
        fam,
        f"nodules {qb.MONTHS[a - 1][:3].lower()}-{qb.MONTHS[b - 1][:3].lower()} {year + 1}",
        "study",
        sids(nodule(), qb.months(year + 1, a, b)),
    )
    yield _q(
        fam,
        "cts between oct 2023 and feb 2024",
        "study",
        sids(lambda s: s["modality"] == "CT", qb.in_dates("2023-10-01", "2024-02-29")),
    )
    d1 = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
    d2 = d1 + dt.timedelta(days=rng.randint(20, 60))
    yield _q(
        fam,
        f"scans between {d1.isoformat()} and {d2.isoformat()}",
        "study",
        sids(qb.in_dates(d1.isoformat(), d2.isoformat())),
    )
    d3 = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
    d4 = d3 + dt.timedelta(days=rng.randint(10, 40))
    yield _q(
        fam,
        f"studies from {d3.day} {qb.MONTHS[d3.month - 1]} {d3.year} to "
        f"{d4.day} {qb.MONTHS[d4.month - 1]} {d4.year}",
        "study",
        sids(qb.in_dates(d3.isoformat(), d4.isoformat())),
    )
    d5 = dt.date.fromisoformat(pick(rng, [x["study_date"] for x in qb.studies()]))
    yield _q(
        fam,
        f"how many scans on {d5.isoformat()}",
        "count",
        len(sids(qb.in_dates(d5.isoformat(), d5.isoformat()))),
    )
    # relative windows count back from the as-of date, inclusive
    yield _q(fam, "scans in the last 6 weeks", "study", sids(since(days_back(42))))
    yield _q(
        fam,
        "nodules past 90 days",
        "study",
        sids(nodule(), since(days_back(90))),
    )
    yield _q(
        fam,
        "pts w/ chest ct in last 3 months",
        "patient",
        pids(chest_ct, since("2026-08-01")),
    )
    yield _q(
        fam,
        "studies in the last 30 days",
        "study",
        sids(since(days_back(30, "2025-06-30"), "2025-06-30")),
        "2025-06-30",
    )
    yield _q(fam, "how many scans this year", "count", len(sids(since("2026-01-01"))))
    yield _q(
        fam,
        "spiculated nodules last year",
        "study",
        sids(
            nodule(lambda f: f["margin"] == "spiculated"), qb.in_dates("2025-01-01", "2025-12-31")
        ),
    )
    yield _q(
        fam,
        "studies before 2024 w/ LR 4B",
        "study",
        sids(lambda s: s["study_date"] < "2024-01-01", lambda s: ref.category(s) == "4B"),
    )
    # birth dates, not study dates
    dec = rng.choice([1940, 1950, 1960, 1970])
    yield _q(
        fam,
        f"patients born in the {dec}s",
        "patient",
        sorted(p["patient_id"] for p in patients() if str(dec // 10) == p["birth_date"][:3]),
    )
    yield _q(
        fam,
        f"pts born in the {str(dec + 10)[2:]}s with nodules",
        "patient",
        pids(nodule(), lambda s: qb.birth(s["patient_id"])[:3] == str((dec + 10) // 10)),
    )
    by = rng.randint(1945, 1965)
    yield _q(
        fam,
        f"pts born before {by}",
        "patient",
        sorted(p["patient_id"] for p in patients() if p["birth_date"] < f"{by}-01-01"),
    )
    yield _q(
        fam,
        f"dob after june {by + 20} with a ct in 2025",
        "patient",
        pids(
            lambda s: qb.birth(s["patient_id"]) > f"{by + 20}-06-30",
            lambda s: s["modality"] == "CT",
            qb.in_dates("2025-01-01", "2025-12-31"),
        ),
    )
    yield _q(
        fam,
        f"how many pts born {by}",
        "count",
        sum(p["birth_date"][:4] == str(by) for p in patients()),
    )


# --- numbers: HU, sizes, confidence, ages ---------------------------------------------------


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    hu = rng.choice([-650, -600, -550, -500])
    yield _q(
        fam, f"nodules with mean hu below {hu}", "study", sids(nodule(lambda f: f["mean_hu"] < hu))
    )
    lo, hi = rng.choice([(-700, -400), (-600, -300), (-500, -100)])
    yield _q(
        fam,
        f"nodules hu between {lo} and {hi}",
        "study",
        sids(nodule(lambda f: lo <= f["mean_hu"] <= hi)),
    )
    yield _q(
        fam,
        f"density < {hu + 50}HU nodules in women",
        "patient",
        pids(female, nodule(lambda f: f["mean_hu"] < hu + 50)),
    )
    yield _q(
        fam, "nodules -100 to 100 hu", "study", sids(nodule(lambda f: -100 <= f["mean_hu"] <= 100))
    )
    yield _q(
        fam,
        "nodules w/ density of minus 400 or lower",
        "study",
        sids(nodule(lambda f: f["mean_hu"] <= -400)),
    )
    yield _q(
        fam,
        "how many nodules have hu > 200",
        "count",
        len(fids(lambda f: is_nodule(f) and f["mean_hu"] > 200)),
    )
    yield _q(
        fam, "nodules under a centimetre", "study", sids(nodule(lambda f: f["diameter_mm"] < 10))
    )
    yield _q(
        fam,
        "subcm ggns",
        "study",
        sids(nodule(lambda f: f["attenuation"] == "ground-glass" and f["diameter_mm"] < 10)),
    )
    yield _q(fam, "nodules at least 1.5cm", "study", sids(nodule(lambda f: f["diameter_mm"] >= 15)))
    yield _q(
        fam,
        "solid nodules bigger than 2 cm",
        "study",
        sids(nodule(lambda f: f["attenuation"] == "solid" and f["diameter_mm"] > 20)),
    )
    a = rng.randint(4, 7)
    yield _q(
        fam,
        f"nodules {a}-{a + 2}mm",
        "study",
        sids(nodule(lambda f: a <= f["diameter_mm"] <= a + 2)),
    )
    yield _q(
        fam,
        f"nodules {a + 1} to {a + 3} millimeters in the rul",
        "study",
        sids(nodule(lambda f: a + 1 <= f["diameter_mm"] <= a + 3 and f["lobe"] == "RUL")),
    )
    yield _q(fam, "nodules >= 12 mm", "study", sids(nodule(lambda f: f["diameter_mm"] >= 12)))
    yield _q(
        fam,
        "part solid nodules over half a centimetre",
        "study",
        sids(nodule(lambda f: f["attenuation"] == "part-solid" and f["diameter_mm"] > 5)),
    )
    yield _q(
        fam, "long axis > 20 mm nodules", "study", sids(nodule(lambda f: f["long_axis_mm"] > 20))
    )
    yield _q(
        fam,
        "nodules with volume over 1000 mm3",
        "study",
        sids(nodule(lambda f: f["volume_mm3"] > 1000)),
    )
    yield _q(fam, "nodule volume > 2 cc", "study", sids(nodule(lambda f: f["volume_mm3"] > 2000)))
    yield _q(
        fam,
        "part-solid nodules w/ solid component >= 6 mm",
        "study",
        sids(
            nodule(
                lambda f: (f["solid_component_mm"] or 0) >= 6 and f["attenuation"] == "part-solid"
            )
        ),
    )
    c = rng.choice([0.9, 0.92, 0.95])
    yield _q(
        fam,
        f"nodules with confidence above {c}",
        "study",
        sids(nodule(lambda f: f["confidence"] > c)),
    )
    yield _q(
        fam, "nodules conf 0.6-0.7", "study", sids(nodule(lambda f: 0.6 <= f["confidence"] <= 0.7))
    )
    yield _q(
        fam, "findings with confidence below 0.6", "finding", fids(lambda f: f["confidence"] < 0.6)
    )
    yield _q(
        fam,
        "nodules confidence at least 95%",
        "study",
        sids(nodule(lambda f: f["confidence"] >= 0.95)),
    )
    # ages: whole years on the study date, with the other conditions on the same study
    age = rng.choice([50, 55, 60])
    yield _q(
        fam,
        f"pts aged {age}-{age + 9} with nodules",
        "patient",
        pids(nodule(), lambda s: age <= ref.age(s) <= age + 9),
    )
    yield _q(
        fam,
        "patients in their 60s with ggo",
        "patient",
        pids(
            nodule(lambda f: f["attenuation"] == "ground-glass"), lambda s: 60 <= ref.age(s) <= 69
        ),
    )
    yield _q(
        fam,
        "septuagenarians with spiculated nodules",
        "patient",
        pids(nodule(lambda f: f["margin"] == "spiculated"), lambda s: 70 <= ref.age(s) <= 79),
    )
    yield _q(
        fam,
        "pts over seventy w/ LR 4X",
        "patient",
        pids(lambda s: ref.age(s) > 70, lambda s: ref.category(s) == "4X"),
    )
    yield _q(fam, "patients under 40", "patient", pids(lambda s: ref.age(s) < 40))
    yield _q(
        fam,
        "women 45 or older with a part-solid nodule",
        "patient",
        pids(
            female, lambda s: ref.age(s) >= 45, nodule(lambda f: f["attenuation"] == "part-solid")
        ),
    )
    yield _q(
        fam,
        "men aged between 55 and 65 with calcified nodules",
        "patient",
        pids(male, lambda s: 55 <= ref.age(s) <= 65, nodule(lambda f: bool(f["calcified"]))),
    )
    yield _q(
        fam,
        "how many pts younger than 45 had a chest ct",
        "count",
        len(pids(chest_ct, lambda s: ref.age(s) < 45)),
    )
    yield _q(
        fam,
        "nodlues larger than 9 mm in pateints over 75",
        "patient",
        pids(nodule(lambda f: f["diameter_mm"] > 9), lambda s: ref.age(s) > 75),
    )


# --- counts ---------------------------------------------------------------------------------


def counts(rng: random.Random) -> Rows:
    fam = "counts"

    def n_nod(s: Row) -> int:
        return len(qb.nodules(s))

    n = rng.choice([2, 3])
    yield _q(fam, f"studies with exactly {n} nodules", "study", sids(lambda s: n_nod(s) == n))
    yield _q(fam, "scans with exactly two nodules", "study", sids(lambda s: n_nod(s) == 2))
    yield _q(fam, "cts with only one nodule", "study", sids(lambda s: n_nod(s) == 1))
    yield _q(fam, "studies w/ 4 or more nodules", "study", sids(lambda s: n_nod(s) >= 4))
    yield _q(fam, "more than 2 nodules on one ct", "study", sids(lambda s: n_nod(s) > 2))
    yield _q(
        fam, "chest cts with fewer than 2 nodules", "study", sids(chest_ct, lambda s: n_nod(s) < 2)
    )
    yield _q(
        fam,
        "how many studies have three nodules exactly",
        "count",
        len(sids(lambda s: n_nod(s) == 3)),
    )
    yield _q(
        fam,
        "pts with a single nodule and emphysema",
        "patient",
        pids(lambda s: n_nod(s) == 1, EMPHYSEMA),
    )
    own = by_patient()
    yield _q(fam, "how many pts have 3+ studies", "count", sum(len(o) >= 3 for o in own.values()))
    yield _q(
        fam,
        "patients scanned at least 4 times",
        "patient",
        sorted(p for p, o in own.items() if len(o) >= 4),
    )
    yield _q(
        fam, "pts w/ exactly 2 scans", "patient", sorted(p for p, o in own.items() if len(o) == 2)
    )
    yield _q(
        fam,
        "patients with only one study",
        "patient",
        sorted(p for p, o in own.items() if len(o) == 1),
    )
    yield _q(
        fam,
        "women with more than 2 exams",
        "patient",
        sorted(p for p, o in own.items() if len(o) > 2 and female(o[0])),
    )
    yield _q(
        fam,
        "number of patients with multiple scans",
        "count",
        sum(len(o) >= 2 for o in own.values()),
    )
    # the same nodule on N scans: a track with findings on N or more studies (a track of masses
    # only is not a nodule's: "nodule" is kind nodule, though a nodule may grow into a mass)
    tracks = {k: t for k, t in track_findings().items() if any(f["kind"] == "nodule" for f in t)}
    for k in (3, 4):
        on_k = sorted(
            {
                qb.study_of(t[0])["patient_id"]
                for t in tracks.values()
                if len({f["study_uid"] for f in t}) >= k
            }
        )
        yield _q(fam, f"pts with the same nodule on {k} or more scans", "patient", on_k)
    yield _q(
        fam,
        "patients w/ a nodule followed on at least 2 cts",
        "patient",
        sorted(
            {
                qb.study_of(t[0])["patient_id"]
                for t in tracks.values()
                if len({f["study_uid"] for f in t}) >= 2
            }
        ),
    )
    g = rng.choice([2.5, 3, 4])
    yield _q(fam, f"nodules that grew more than {g} mm", "study", qb.grown(g))
    yield _q(
        fam, "pts w/ nodule growth >= 2mm", "patient", ref.patients_of(qb.grown(2, inclusive=True))
    )
    yield _q(
        fam,
        "how many studies show growth of at least 5 mm",
        "count",
        len(qb.grown(5, inclusive=True)),
    )
    yield _q(fam, "nodules grown by over 1 mm", "study", qb.grown(1))


# --- patient-level set logic ----------------------------------------------------------------


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    spic = nodule(lambda f: f["margin"] == "spiculated")
    ggn = nodule(lambda f: f["attenuation"] == "ground-glass")
    solid = nodule(lambda f: f["attenuation"] == "solid")
    calc = nodule(lambda f: bool(f["calcified"]))
    ptx = kind_in("pneumothorax")
    eff = kind_in("pleural_effusion")
    mass = kind_in("mass")
    yield _q(
        fam,
        "pts with both emphysema and spiculated nodules",
        "patient",
        qb.patients_with_both(EMPHYSEMA, spic),
    )
    yield _q(
        fam,
        "patients w/ a ggn but never a solid nodule",
        "patient",
        qb.patients_with_but_never(ggn, solid),
    )
    yield _q(fam, "patients who never had a nodule", "patient", qb.never_of(nodule()))
    yield _q(
        fam, "pts with both ptx and pleural effusion", "patient", qb.patients_with_both(ptx, eff)
    )
    yield _q(
        fam,
        "pts w/ calcified nodules but never spiculated ones",
        "patient",
        qb.patients_with_but_never(calc, spic),
    )
    yield _q(fam, "pts who never had a chest ct", "patient", qb.never_of(chest_ct))
    yield _q(
        fam,
        "how many patients never had a ct",
        "count",
        len(qb.never_of(lambda s: s["modality"] == "CT")),
    )
    yield _q(
        fam,
        "women with emphysema who never had lymphadenopathy",
        "patient",
        [
            p
            for p in qb.patients_with_but_never(EMPHYSEMA, LYMPH)
            if ref.cohort()[0][p]["sex"] == "F"
        ],
    )
    yield _q(
        fam, "pts with both a mass and nodules", "patient", qb.patients_with_both(mass, nodule())
    )
    yield _q(
        fam,
        "patients with lung rads 4B but never 4X",
        "patient",
        qb.patients_with_but_never(
            lambda s: ref.category(s) == "4B", lambda s: ref.category(s) == "4X"
        ),
    )
    yield _q(
        fam,
        "pts with coronary calcification and emphysema both",
        "patient",
        qb.patients_with_both(CORONARY, EMPHYSEMA),
    )
    yield _q(
        fam,
        "men who never had emphysema",
        "patient",
        [p for p in qb.never_of(EMPHYSEMA) if ref.cohort()[0][p]["sex"] == "M"],
    )
    yield _q(
        fam,
        "number of pts with both a nodule and emphysema",
        "count",
        len(qb.patients_with_both(nodule(), EMPHYSEMA)),
    )
    yield _q(
        fam,
        "patients with a pneumothorax but no nodule ever",
        "patient",
        qb.patients_with_but_never(ptx, nodule()),
    )
    yield _q(
        fam, "pts w ggo and spiculated nodule both", "patient", qb.patients_with_both(ggn, spic)
    )
    yield _q(
        fam,
        "patients that never had ground glass nodules but had solid ones",
        "patient",
        qb.patients_with_but_never(solid, ggn),
    )
    yield _q(
        fam,
        "how many women never had a nodule",
        "count",
        sum(ref.cohort()[0][p]["sex"] == "F" for p in qb.never_of(nodule())),
    )


# --- Lung-RADS ------------------------------------------------------------------------------


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    cat = ref.category
    c1 = rng.choice(["3", "4A", "4B"])
    yield _q(fam, f"LR {c1} studies", "study", qb.category_studies(c1))
    yield _q(
        fam,
        "lung-rads 3 scans in 2025",
        "study",
        sids(lambda s: cat(s) == "3", qb.in_dates("2025-01-01", "2025-12-31")),
    )
    yield _q(fam, "lungrads 4x", "study", qb.category_studies("4X"))
    yield _q(
        fam,
        "lung rads 4 studies in men",
        "study",
        sids(male, lambda s: cat(s) in ("4A", "4B", "4X")),
    )
    yield _q(fam, "LR >= 4A", "study", sids(lambda s: cat(s) in ("4A", "4B", "4X")))
    yield _q(fam, "studies lung-rads below 3", "study", sids(lambda s: cat(s) in ("1", "2")))
    yield _q(fam, "lung rads 1 chest cts", "study", sids(chest_ct, lambda s: cat(s) == "1"))
    yield _q(fam, "how many LR 2 scans", "count", len(qb.category_studies("2")))
    c2 = rng.choice(["3", "4A"])
    yield _q(fam, f"pts whose highest lung rads ever was {c2}", "patient", qb.highest_patients(c2))
    yield _q(fam, "max LR 4B patients", "patient", qb.highest_patients("4B"))
    yield _q(fam, "patients whose worst lung-rads was 2", "patient", qb.highest_patients("2"))
    yield _q(
        fam, "how many pts had a highest lung rads of 4X", "count", len(qb.highest_patients("4X"))
    )
    yield _q(
        fam,
        "how many studies per lung-rads category",
        "groups",
        dict(Counter(cat(s) for s in qb.studies())),
    )
    yield _q(
        fam,
        "count of scans by LR category in 2024",
        "groups",
        dict(
            Counter(cat(s) for s in qb.studies() if "2024-01-01" <= s["study_date"] <= "2024-12-31")
        ),
    )

    # a change of category: on the patient's next chest CT after one of the first category
    def went(a: str, b: str) -> list[str]:
        out = set()
        for p, own in by_patient(chest_ct).items():
            for before, after in itertools.pairwise(own):
                if cat(before) == a and cat(after) == b:
                    out.add(p)
        return sorted(out)

    yield _q(
        fam, "pts whose lung-rads went from 2 to 4A on the next ct", "patient", went("2", "4A")
    )
    yield _q(fam, "patients upgraded from LR 3 to LR 4A at follow up", "patient", went("3", "4A"))
    yield _q(
        fam,
        "women with lung rads 4A or higher in the past year",
        "patient",
        pids(female, lambda s: cat(s) in ("4A", "4B", "4X"), since("2025-11-01")),
    )
    yield _q(
        fam,
        "lung-rads 3+ with spiculated nodules",
        "study",
        sids(
            lambda s: cat(s) in ("3", "4A", "4B", "4X"),
            nodule(lambda f: f["margin"] == "spiculated"),
        ),
    )


# --- ordering and top-N ---------------------------------------------------------------------


def ranked(
    question: str,
    unit: str,
    rows: list[Row],
    key: Callable[[Row], Any],
    ns: tuple[int, ...],
) -> Iterator[Item]:
    """A top-N question (``{n}`` in ``question``) at the first ``n`` of ``ns`` with no tie at
    the boundary."""
    ident = qb.KEYS[unit]
    for n in ns:
        got = qb.top_rows(rows, key, n, ident)
        if got is not None:
            yield _q("rankings", question.format(n=n), unit, got)
            return
    raise AssertionError(f"every n ties: {question}")


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    pats = patients()
    nods = [f for f in qb.findings() if is_nodule(f)]
    every = qb.studies()
    yield from ranked(
        "{n} most recent studies", "study", every, qb.latest_first, tuple(range(5, 30))
    )
    yield from ranked("the {n} oldest pts", "patient", pats, lambda p: p["birth_date"], (10, 9, 11))
    yield from ranked(
        "youngest {n} patients",
        "patient",
        pats,
        lambda p: tuple(-ord(c) for c in p["birth_date"]),
        (3, 4, 5),
    )
    yield from ranked(
        "the {n} nodules with the lowest hu", "finding", nods, lambda f: f["mean_hu"], (2, 3, 4)
    )
    yield from ranked(
        "top {n} nodules by volume", "finding", nods, lambda f: -f["volume_mm3"], (3, 4, 5)
    )
    yield from ranked(
        "{n} largest ggns",
        "finding",
        [f for f in nods if f["attenuation"] == "ground-glass"],
        lambda f: -f["diameter_mm"],
        (3, 4, 5),
    )
    yield from ranked(
        "the {n} most confident findings",
        "finding",
        qb.findings(),
        lambda f: -f["confidence"],
        tuple(range(3, 40)),
    )
    yield from ranked(
        "highest confidence spiculated nodule",
        "finding",
        [f for f in nods if f["margin"] == "spiculated"],
        lambda f: -f["confidence"],
        (1,),
    )
    yield from ranked(
        "earliest {n} head cts",
        "study",
        [s for s in every if head_ct(s)],
        lambda s: s["study_date"],
        (2, 3, 4),
    )
    yield from ranked(
        "the {n} largest solid nodules by long axis",
        "finding",
        [f for f in nods if f["attenuation"] == "solid"],
        lambda f: -f["long_axis_mm"],
        (6, 5, 7, 4, 8),
    )
    yield from ranked(
        "{n} highest hu nodules in the lll",
        "finding",
        [f for f in nods if f["lobe"] == "LLL"],
        lambda f: -f["mean_hu"],
        (2, 3, 4),
    )
    yield from ranked(
        "most recent {n} chest ct w LR 4B",
        "study",
        [s for s in every if chest_ct(s) and ref.category(s) == "4B"],
        qb.latest_first,
        (4, 3, 5),
    )
    yield from ranked(
        "the {n} smallest part-solid nodules",
        "finding",
        [f for f in nods if f["attenuation"] == "part-solid"],
        lambda f: f["diameter_mm"],
        (3, 4, 5, 2, 6),
    )
    # the most: nodule findings summed over a patient's studies, ties broken by ID
    per = Counter(qb.study_of(f)["patient_id"] for f in nods)
    best = max(per.values())
    yield _q(
        fam,
        "the pt with the most nodules",
        "patient",
        [min(p for p, v in per.items() if v == best)],
    )
    per_study = Counter(f["study_uid"] for f in nods)
    best_s = max(per_study.values())
    most = sorted(u for u, v in per_study.items() if v == best_s)
    if len(most) == 1:
        yield _q(fam, "which scan had the most nodules", "study", most)


# --- averages, medians, percentages, per-patient rates --------------------------------------


def aggregates(rng: random.Random) -> Rows:
    fam = "aggregates"
    nods = [f for f in qb.findings() if is_nodule(f)]
    allp = patients()
    yield _q(fam, "avg nodule size", "value", r2(statistics.mean(f["diameter_mm"] for f in nods)))
    yield _q(
        fam,
        "mean hu of ground glass nodules",
        "value",
        r2(statistics.mean(f["mean_hu"] for f in nods if f["attenuation"] == "ground-glass")),
    )
    yield _q(
        fam,
        "median volume of solid nodules",
        "value",
        r2(statistics.median(f["volume_mm3"] for f in nods if f["attenuation"] == "solid")),
    )
    yield _q(
        fam,
        "average confidence of spiculated nodules",
        "value",
        r2(statistics.mean(f["confidence"] for f in nods if f["margin"] == "spiculated")),
    )
    yield _q(
        fam,
        "median long axis of nodules in the rml",
        "value",
        r2(statistics.median(f["long_axis_mm"] for f in nods if f["lobe"] == "RML")),
    )
    yield _q(fam, "what % of pts have emphysema", "value", pct(len(pids(EMPHYSEMA)), len(allp)))
    chest = sids(chest_ct)
    yield _q(
        fam,
        "percentage of chest cts with a nodule > 6mm",
        "value",
        pct(len(sids(chest_ct, nodule(lambda f: f["diameter_mm"] > 6))), len(chest)),
    )
    yield _q(
        fam,
        "% of nodules that are calcified",
        "value",
        pct(sum(bool(f["calcified"]) for f in nods), len(nods)),
    )
    # the share of men with a Lung-RADS 4A or higher study, over all men
    men = [p for p in allp if p["sex"] == "M"]
    yield _q(
        fam,
        "what proportion of men had lung rads 4A or higher",
        "value",
        pct(len(pids(male, lambda s: ref.category(s) in ("4A", "4B", "4X"))), len(men)),
    )
    yield _q(fam, "avg nodules per pt", "value", r2(len(nods) / len(allp)))
    yield _q(fam, "average number of nodules per chest ct", "value", r2(len(nods) / len(chest)))
    ct_studies = sids(lambda s: s["modality"] == "CT")
    yield _q(
        fam,
        "average number of cts per patient",
        "value",
        r2(len(ct_studies) / len(ref.patients_of(ct_studies))),
    )

    # average age of patients: each patient once, at the latest matching study
    def ages(test: Test) -> list[int]:
        return [ref.age(own[-1]) for own in by_patient(test).values()]

    yield _q(
        fam,
        "mean age of pts with lung rads 4X",
        "value",
        r2(statistics.mean(ages(lambda s: ref.category(s) == "4X"))),
    )
    yield _q(
        fam,
        "median age of women w/ ggn",
        "value",
        r2(
            statistics.median(
                ages(all_of(female, nodule(lambda f: f["attenuation"] == "ground-glass")))
            )
        ),
    )
    # nodules per patient among women over 60: nodules on their studies at over 60, over the
    # women with a study at over 60
    over60 = all_of(female, lambda s: ref.age(s) > 60)
    yield _q(
        fam,
        "avg nodules per patient in women over 60",
        "value",
        r2(sum(len(qb.nodules(s)) for s in qb.studies() if over60(s)) / len(pids(over60))),
    )
    yield _q(
        fam,
        "avg diameter of nodules in pts over 70",
        "value",
        r2(statistics.mean(f["diameter_mm"] for f in nods if ref.age(qb.study_of(f)) > 70)),
    )
    # asked in cm, so answered in cm
    yield _q(
        fam,
        "average size of part solid nodules in cm",
        "value",
        r2(
            statistics.mean(f["diameter_mm"] for f in nods if f["attenuation"] == "part-solid") / 10
        ),
    )


# --- report concepts with negation ----------------------------------------------------------


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield _q(fam, "pts with emphysema on report", "patient", pids(EMPHYSEMA))
    yield _q(fam, "chest cts w/o emphysema", "study", sids(chest_ct, lambda s: not EMPHYSEMA(s)))
    yield _q(fam, "reports mentioning lymphadenopathy", "study", sids(LYMPH))
    yield _q(
        fam,
        "coronary artery calcification in men over 65",
        "patient",
        pids(CORONARY, male, lambda s: ref.age(s) > 65),
    )
    yield _q(
        fam,
        "studies with emphysema but no lymphadenopathy",
        "study",
        sids(EMPHYSEMA, lambda s: not LYMPH(s)),
    )
    yield _q(fam, "how many scans mention granulomas", "count", len(sids(GRANULOMA)))
    yield _q(fam, "pts never had emphysema on any ct", "patient", qb.never_of(EMPHYSEMA))
    yield _q(
        fam,
        "emphysema and spiculated nodule same scan",
        "study",
        sids(EMPHYSEMA, nodule(lambda f: f["margin"] == "spiculated")),
    )
    yield _q(fam, "enlarged lymph nodes in women", "patient", pids(LYMPH, female))
    yield _q(fam, "how many pts have coronary calcs", "count", len(pids(CORONARY)))
    yield _q(
        fam, "emphysma in 2025", "study", sids(EMPHYSEMA, qb.in_dates("2025-01-01", "2025-12-31"))
    )
    yield _q(
        fam,
        "pts w lymphadenopathy and lung rads 4X",
        "patient",
        pids(LYMPH, lambda s: ref.category(s) == "4X"),
    )
    yield _q(
        fam,
        "reports that mention emphysema w/o coronary calcification",
        "study",
        sids(EMPHYSEMA, lambda s: not CORONARY(s)),
    )
    yield _q(
        fam,
        "studies with mediastinal lymphadenopathy in the past 12 months",
        "study",
        sids(LYMPH, since("2025-11-01")),
    )


# --- growth, new, stable, resolved ----------------------------------------------------------


def follow_up(rng: random.Random) -> Rows:
    fam = "follow_up"
    grew = ref.grew
    new = ref.new_nodule
    yield _q(fam, "growing nodules", "study", sids(grew))
    yield _q(fam, "pts w/ interval growth", "patient", pids(grew))
    yield _q(
        fam, "new nodules in 2025", "study", sids(new, qb.in_dates("2025-01-01", "2025-12-31"))
    )
    yield _q(fam, "patients with a new nodule on f/u", "patient", pids(new))
    yield _q(fam, "how many studies had new nodules", "count", len(sids(new)))
    yield _q(fam, "new nodules in pts over 70", "patient", pids(new, lambda s: ref.age(s) > 70))
    ch = change_by_finding()
    yield _q(
        fam,
        "nodules that grew in the rul",
        "study",
        sorted(
            {
                f["study_uid"]
                for f in qb.findings()
                if f["lobe"] == "RUL" and ch.get(f["finding_id"], -99) > 1.5
            }
        ),
    )
    yield _q(
        fam,
        "growing solid nodules in women",
        "patient",
        pids(
            female,
            nodule(lambda f: f["attenuation"] == "solid" and ch.get(f["finding_id"], -99) > 1.5),
        ),
    )
    # stable: the same nodule on the patient's previous study, mean diameter within 1.5 mm
    # (neither grew nor shrank by the documented threshold)
    yield _q(
        fam,
        "stable nodules",
        "study",
        sorted(
            {
                f["study_uid"]
                for f in qb.findings()
                if is_nodule(f) and f["finding_id"] in ch and abs(ch[f["finding_id"]]) <= 1.5
            }
        ),
    )
    yield _q(
        fam,
        "shrinking nodules",
        "study",
        sorted({f["study_uid"] for f in qb.findings() if ch.get(f["finding_id"], 0) < -1.5}),
    )
    # resolved: a track's last finding while the patient has a later chest CT
    own = by_patient(chest_ct)
    resolved = sorted(
        {
            t[-1]["study_uid"]
            for t in track_findings().values()
            if any(
                s["study_date"] > qb.study_of(t[-1])["study_date"]
                for s in own.get(qb.study_of(t[-1])["patient_id"], [])
            )
        }
    )
    yield _q(fam, "resolved nodules", "study", resolved)
    yield _q(fam, "nodules no longer seen on follow up", "study", resolved)
    yield _q(
        fam,
        "pts with a nodule that grew and lung rads 4B",
        "patient",
        pids(grew, lambda s: ref.category(s) == "4B"),
    )


# --- intervals between scans ----------------------------------------------------------------


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    any_s: Test = lambda s: True  # noqa: E731
    yield _q(
        fam,
        "pts rescanned within 11 months",
        "patient",
        ref.patients_of([s["study_uid"] for s in rescanned(11, False, any_s, any_s)]),
    )
    yield _q(
        fam,
        "chest cts followed by another chest ct within 13 months",
        "study",
        sorted(s["study_uid"] for s in rescanned(13, False, chest_ct, chest_ct)),
    )
    yield _q(
        fam,
        "patients who came back in under 12 months",
        "patient",
        ref.patients_of([s["study_uid"] for s in rescanned(12, True, any_s, any_s)]),
    )
    yield _q(
        fam,
        "how many pts had a f/u scan within a year",
        "count",
        len(ref.patients_of([s["study_uid"] for s in rescanned(12, False, any_s, any_s)])),
    )
    spans = span_days(any_s)
    yield _q(
        fam, "mean days between first and latest scan", "value", r2(statistics.mean(spans.values()))
    )
    yield _q(
        fam,
        "median time between first and last chest ct",
        "value",
        r2(statistics.median(span_days(chest_ct).values())),
    )
    p = pick(rng, list(spans))
    yield _q(fam, f"days between first and latest study for {p}", "value", float(spans[p]))
    mass_pats = set(pids(kind_in("mass")))
    yield _q(
        fam,
        "average time between first and latest scan for pts with a mass",
        "value",
        r2(statistics.mean(v for k, v in spans.items() if k in mass_pats)),
    )
    yield _q(
        fam,
        "pts with a ldct followed by another ct within 13 months",
        "patient",
        ref.patients_of(
            [
                s["study_uid"]
                for s in rescanned(
                    13,
                    False,
                    lambda s: s["description"] == "CT CHEST LOW DOSE LUNG SCREENING",
                    lambda s: s["modality"] == "CT",
                )
            ]
        ),
    )


def extras(rng: random.Random) -> Rows:
    """Descriptions and stations, half-years and quarters named relatively, and a few more."""
    fam = "study_kinds"
    ldct = "CT CHEST LOW DOSE LUNG SCREENING"
    cta = "CT ANGIO CHEST PE"
    station = pick(rng, ["CT01", "CT02"])
    yield _q(
        fam,
        f"studies on {station.lower()} w/ spiculated nodules",
        "study",
        sids(lambda s: s["station"] == station, nodule(lambda f: f["margin"] == "spiculated")),
    )
    yield _q(
        fam,
        "ct angio pe studies with nodules",
        "study",
        sids(lambda s: s["description"] == cta, nodule()),
    )
    yield _q(
        fam,
        "how many low dose screening cts in 2026",
        "count",
        len(sids(lambda s: s["description"] == ldct, qb.in_dates("2026-01-01", AS_OF))),
    )
    yield _q(
        fam, "women who had a chest xray", "patient", pids(lambda s: s["modality"] == "DX", female)
    )
    yield _q(
        fam,
        "how many chest x-rays last year",
        "count",
        len(sids(lambda s: s["modality"] == "DX", qb.in_dates("2025-01-01", "2025-12-31"))),
    )
    fam = "dates"
    yield _q(fam, "studies in h2 2024", "study", sids(qb.in_dates("2024-07-01", "2024-12-31")))
    # "this quarter": the as-of date's quarter up to the as-of date; "last quarter" the one before
    yield _q(fam, "how many scans this quarter", "count", len(sids(since("2026-10-01"))))
    yield _q(
        fam,
        "ct angio last quarter",
        "study",
        sids(lambda s: s["description"] == cta, qb.quarter(2026, 3)),
    )
    yield _q(
        fam,
        "pts born 1950-1955 with ground glass nodules",
        "patient",
        pids(
            lambda s: "1950" <= qb.birth(s["patient_id"])[:4] <= "1955",
            nodule(lambda f: f["attenuation"] == "ground-glass"),
        ),
    )
    fam = "numbers"
    yield _q(fam, "nodules 0.5-1 cm", "study", sids(nodule(lambda f: 5 <= f["diameter_mm"] <= 10)))
    yield _q(
        fam,
        "nodules ≥8mm w/ confidence ≥ .9",
        "study",
        sids(nodule(lambda f: f["diameter_mm"] >= 8 and f["confidence"] >= 0.9)),
    )
    yield _q(fam, "pts aged 80+", "patient", pids(lambda s: ref.age(s) >= 80))
    fam = "counts"
    own = by_patient()
    yield _q(
        fam,
        "patients scanned exactly three times",
        "patient",
        sorted(p for p, o in own.items() if len(o) == 3),
    )
    # "how many nodules grew": the findings (nodules, and nodules grown into masses) that grew
    ch = change_by_finding()
    yield _q(fam, "how many nodules grew", "count", sum(v > 1.5 for v in ch.values()))
    fam = "reports"
    yield _q(
        fam,
        "how many pts had a ct w lymphadenopathy but no nodules",
        "count",
        len(pids(LYMPH, lambda s: s["modality"] == "CT", lambda s: not qb.nodules(s))),
    )
    # "negative for": the report names emphysema only in negated sentences
    yield _q(
        fam,
        "studies negative for emphysema",
        "study",
        sids(
            lambda s: "emphysema" in ref.cohort()[3][s["study_uid"]].lower(),
            lambda s: not EMPHYSEMA(s),
        ),
    )


FAMILIES: tuple[Callable[[random.Random], Rows], ...] = (
    identifiers,
    dates,
    numbers,
    counts,
    set_logic,
    lung_rads,
    rankings,
    aggregates,
    reports,
    follow_up,
    intervals,
    extras,
)


def bank() -> list[Item]:
    """This part's questions, drawn with its own seed, de-duplicated by text."""
    rng = random.Random(SEED)
    seen: dict[str, Item] = {}
    for family in FAMILIES:
        for item in family(rng):
            seen.setdefault(item.question, item)
    return list(seen.values())
