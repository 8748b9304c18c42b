"""Held-out part 12: a fresh set of cohort questions as clinicians type them (issue 17).

Written by an engineer who had not read the reader's code, its tests or the other parts'
questions: only the cohort README, the conventions of ``docs/query.md``, the Item format and
the independent reading helpers of :mod:`question_bank` and :mod:`cohort_reference`. It covers
every family issue 17 lists (identifiers, dates, numbers, counts, patient-level set logic,
Lung-RADS, rankings, averages, medians, percentages, report concepts with negation, growth and
new nodules) and some the reader did not yet read when it was written (intervals in months or
years, "stable", medians per patient, changes of Lung-RADS category, "overdue", intervals
between consecutive scans), phrased with shorthand (pts, hx, f/u, GGO, RUL, >=, w/o), typos,
lower case and sizes written many ways.

The answers are computed here in plain Python from the cohort's JSON Lines files, never through
ScanSide's parser, compiler or SQL. Where ``docs/query.md`` has no convention for a question,
the one assumed is written beside it (the obvious clinical reading). Parameters are drawn from
the cohort with their own fixed seed, so :func:`fresh_12` gives the same questions whether it
is called alone or through :func:`question_bank.bank`. Every item's part is ``held_out_12``.

Score only this part: ``python tests/query/question_bank.py --part held_out_12`` (``-v`` lists
every miss, not only the silent ones).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import statistics
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import cohort_reference as ref
from question_bank import (
    ORDER,
    Item,
    Row,
    Test,
    findings,
    has_nodule,
    highest_patients,
    nodules,
    own_studies,
    patient_ids,
    patients_with_both,
    patients_with_but_never,
    report_affirms,
    studies,
    study_ids,
    study_of,
)

PART = "held_out_12"
SEED = 1212
AS_OF = dt.date(2026, 11, 1)  # question_bank.AS_OF, the default as-of date of every item
FindingTest = Callable[[Row], bool]
# days in an average month and year, for intervals asked in months or years (assumed convention:
# the interval in days divided by 365.25 / 12 or by 365.25, to 0.01)
MONTH_DAYS = 365.25 / 12
YEAR_DAYS = 365.25


# --- a reading of the cohort written for this part ------------------------------------------


def item(family: str, question: str, unit: str, expected: Any) -> Item:
    return Item(family, PART, question, unit, expected)


def is_nodule(f: Row) -> bool:
    return bool(f["kind"] == "nodule")


def nodule(test: FindingTest) -> FindingTest:
    return lambda f: is_nodule(f) and test(f)


def measured(field: str, test: Callable[[float], bool]) -> FindingTest:
    """A nodule whose ``field`` is known and passes ``test``."""
    return nodule(lambda f: f[field] is not None and test(float(f[field])))


def any_finding(test: FindingTest) -> Test:
    return lambda s: any(test(f) for f in ref.findings_of(s["study_uid"]))


def kind(name: str) -> Test:
    return any_finding(lambda f: f["kind"] == name)


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def head_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "HEAD")


def screening(s: Row) -> bool:
    return "SCREENING" in s["description"]


def angio(s: Row) -> bool:
    return "ANGIO" in s["description"]


def female(s: Row) -> bool:
    return ref.sex(s) == "F"


def male(s: Row) -> bool:
    return ref.sex(s) == "M"


def aged(low: int, high: int) -> Test:
    """Age on the study date from ``low`` to ``high`` years, both included."""
    return lambda s: low <= ref.age(s) <= high


def dated(start: str, end: str) -> Test:
    return lambda s: start <= s["study_date"] <= end


def born(start: str, end: str) -> Test:
    return lambda s: start <= ref.cohort()[0][s["patient_id"]]["birth_date"] <= end


def all_of(*tests: Test) -> Test:
    return lambda s: all(t(s) for t in tests)


def month_end(year: int, month: int) -> str:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).isoformat()


def months(year: int, first: int, last: int) -> Test:
    return dated(f"{year}-{first:02d}-01", month_end(year, last))


def add_months(day: dt.date, count: int) -> dt.date:
    """The same day ``count`` calendar months later (the month's last day if it is shorter)."""
    index = day.month - 1 + count
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, int(month_end(year, month)[-2:])))


def day_of(s: Row) -> dt.date:
    return dt.date.fromisoformat(s["study_date"])


def finding_ids(test: FindingTest) -> list[str]:
    return sorted(f["finding_id"] for f in findings() if test(f))


def count_findings(test: FindingTest) -> int:
    return len(finding_ids(test))


def studies_of_findings(test: FindingTest) -> list[str]:
    return sorted({f["study_uid"] for f in findings() if test(f)})


def patients_of_findings(test: FindingTest) -> list[str]:
    return ref.patients_of(studies_of_findings(test))


@cache
def by_patient() -> dict[str, list[Row]]:
    """Each patient's studies, first to latest (by date, then UID)."""
    return {p: own_studies(p) for p in sorted(ref.cohort()[0])}


def histories(test: Callable[[list[Row]], bool]) -> list[str]:
    """Patients whose studies, first to latest, pass ``test``."""
    return sorted(p for p, own in by_patient().items() if test(own))


def category_at_least(c: str) -> Test:
    return lambda s: (
        ref.category(s) is not None and ORDER.index(str(ref.category(s))) >= (ORDER.index(c))
    )


def category_in(*cats: str) -> Test:
    return lambda s: ref.category(s) in cats


def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1)


def mean_of(field: str, test: FindingTest) -> float:
    return round(statistics.fmean(float(f[field]) for f in findings() if test(f)), 2)


def median_of(field: str, test: FindingTest) -> float:
    return round(statistics.median(float(f[field]) for f in findings() if test(f)), 2)


# --- tracks: the same nodule over time ------------------------------------------------------


@cache
def tracks() -> dict[str, list[Row]]:
    """Each track's findings (nodules and masses), earliest first."""
    out: dict[str, list[Row]] = {}
    for f in findings():
        if f.get("track_id") and f["kind"] in ("nodule", "mass"):
            out.setdefault(f["track_id"], []).append(f)
    for rows in out.values():
        rows.sort(key=lambda f: (study_of(f)["study_date"], f["study_uid"]))
    return out


@cache
def change_since_previous() -> dict[str, float]:
    """Mean-diameter change of each finding since the same track's finding before it."""
    change: dict[str, float] = {}
    for rows in tracks().values():
        for before, after in itertools.pairwise(rows):
            if study_of(before)["study_date"] < study_of(after)["study_date"]:
                change[after["finding_id"]] = after["diameter_mm"] - before["diameter_mm"]
    return change


def grew_by(test: Callable[[float], bool]) -> FindingTest:
    """A finding whose mean diameter changed, since the same nodule's previous finding, by an
    amount passing ``test`` (growth is ``> 1.5`` mm, the cohort README's convention)."""
    change = change_since_previous()
    return lambda f: f["finding_id"] in change and test(change[f["finding_id"]])


def is_new(f: Row) -> bool:
    """The cohort README's new nodule: the track has no earlier finding while the patient had
    an earlier chest CT."""
    if f["kind"] not in ("nodule", "mass") or not f.get("track_id"):
        return False
    s = study_of(f)
    earlier_ct = any(
        chest_ct(o) and o["study_date"] < s["study_date"] for o in own_studies(s["patient_id"])
    )
    first = tracks()[f["track_id"]][0]
    return earlier_ct and study_of(first)["study_date"] == s["study_date"]


def tracked_on(n: int) -> list[str]:
    """Patients with a nodule (track) found on at least ``n`` different studies."""
    return sorted(
        {
            study_of(rows[0])["patient_id"]
            for rows in tracks().values()
            if len({f["study_uid"] for f in rows}) >= n
        }
    )


# --- histories: first and latest, consecutive scans, intervals ------------------------------


def first_study(s: Row) -> bool:
    return bool(by_patient()[s["patient_id"]][0]["study_uid"] == s["study_uid"])


def latest_study(s: Row) -> bool:
    return bool(by_patient()[s["patient_id"]][-1]["study_uid"] == s["study_uid"])


def followed_within(count: int, test: Test, strict: bool = False) -> list[str]:
    """Patients with a study passing ``test`` followed by a later one (a later date) passing
    ``test`` on or before (``strict``: before) the day ``count`` calendar months on."""

    def has(own: list[Row]) -> bool:
        chosen = [s for s in own if test(s)]
        for a, b in itertools.permutations(chosen, 2):
            limit = add_months(day_of(a), count)
            later = day_of(b) > day_of(a)
            if later and (day_of(b) < limit if strict else day_of(b) <= limit):
                return True
        return False

    return histories(has)


def spans(test: Test) -> list[int]:
    """Days from each patient's first to latest study passing ``test`` (two dates or more)."""
    out: list[int] = []
    for own in by_patient().values():
        days = sorted({day_of(s) for s in own if test(s)})
        if len(days) >= 2:
            out.append((days[-1] - days[0]).days)
    return out


def consecutive_gaps(test: Test) -> list[int]:
    """Days between each pair of consecutive studies passing ``test`` of the same patient.

    Assumed convention for "interval between consecutive scans / screening rounds": every
    pair of a patient's successive such studies (by date) is one interval, and the mean or
    median is over all such intervals of all patients.
    """
    out: list[int] = []
    for own in by_patient().values():
        days = [day_of(s) for s in own if test(s)]
        out.extend((b - a).days for a, b in itertools.pairwise(days))
    return out


def categorised(own: list[Row]) -> list[str]:
    """The patient's Lung-RADS categories, study by study (chest CTs; first to latest)."""
    return [str(c) for c in (ref.category(s) for s in own) if c is not None]


def category_changes(went: Callable[[str, str], bool]) -> list[str]:
    """Patients with two successive categorised studies (chest CTs) whose categories ``went``
    from the first to the second (assumed convention for "upgraded", "went up / down").
    """
    return histories(lambda own: any(went(a, b) for a, b in itertools.pairwise(categorised(own))))


def rank(c: str) -> int:
    return ORDER.index(c)


def overdue(cats: tuple[str, ...], interval_months: int) -> list[str]:
    """Assumed convention for "overdue": the patient's latest chest CT has one of ``cats``
    and the as-of date is past the day ``interval_months`` calendar months after it (Lung-RADS
    v2022: 12 months for 1 and 2, 6 months for 3). Only patients in screening (with a screening
    CT): in the cohort they have no other kind of chest CT."""

    def due(own: list[Row]) -> bool:
        chest = [s for s in own if chest_ct(s)]
        if not chest or not any(screening(s) for s in own):
            return False
        last = chest[-1]
        return ref.category(last) in cats and add_months(day_of(last), interval_months) < AS_OF

    return histories(due)


def stable(f: Row) -> bool:
    """Assumed convention for "stable": the same nodule on the patient's previous study with
    it had a mean diameter within 1.5 mm either way (neither grown nor shrunk, Lung-RADS)."""
    return is_nodule(f) and grew_by(lambda d: abs(d) <= 1.5)(f)


def top(rows: list[Row], key: Callable[[Row], Any], n: int, ident: str) -> list[str]:
    """The ``n`` first rows by ``key``; a tie at the boundary is an error of the bank."""
    ranked = sorted(rows, key=key)
    if len(ranked) > n and key(ranked[n - 1]) == key(ranked[n]):
        raise ValueError(f"a tie at the boundary of the top {n}")
    return sorted(str(r[ident]) for r in ranked[:n])


def desc(s: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in s)


# --- the families ---------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Iterator[Item]:
    history = by_patient()
    long_ones = [p for p, own in history.items() if len(own) >= 3 and chest_ct(own[0])]
    p1, p2, p3, p4, p5, p6, p7, p9 = rng.sample(long_ones, 8)
    p8 = rng.choice([p for p in long_ones if nodules(history[p][-1])])
    with_nodules = [s for s in studies() if nodules(s)]
    acc1, acc2, acc3 = (s["accession"] for s in rng.sample(with_nodules, 3))
    uid_year = "1.2.826.0.1.3680043.10.1437.2.2025"  # the tail reads like a year

    def uids(own: list[Row], test: Test = lambda s: True) -> list[str]:
        return sorted(s["study_uid"] for s in own if test(s))

    def by_accession(acc: str) -> Row:
        return next(s for s in studies() if s["accession"] == acc)

    yield item("identifiers", f"all scans for pt {p1}", "study", uids(history[p1]))
    yield item("identifiers", f"{p2.lower()} nodules", "study", uids(history[p2], has_nodule()))
    yield item("identifiers", f"how many studies has {p3} had", "count", len(history[p3]))
    yield item("identifiers", f"baseline ct for {p1}", "study", [history[p1][0]["study_uid"]])
    yield item("identifiers", f"most recent scan pt {p4}", "study", [history[p4][-1]["study_uid"]])
    yield item("identifiers", f"nodules on acc {acc1}", "study", [by_accession(acc1)["study_uid"]])
    yield item(
        "identifiers",
        f"findings for acc# {acc2}",
        "finding",
        sorted(f["finding_id"] for f in ref.findings_of(by_accession(acc2)["study_uid"])),
    )
    yield item(
        "identifiers",
        f"how many nodules in study {uid_year}",
        "count",
        len(nodules(ref.cohort()[1][uid_year])),
    )
    yield item("identifiers", "mrn P00999 studies", "study", [])  # no such patient
    yield item(
        "identifiers",
        f"studies for {p5} and {p6}",
        "study",
        sorted(uids(history[p5]) + uids(history[p6])),
    )
    yield item(
        "identifiers",
        "latest scans showing GGO",
        "study",
        study_ids(all_of(latest_study, has_nodule(lambda f: f["attenuation"] == "ground-glass"))),
    )
    yield item(
        "identifiers",
        "baseline scans w/ nodules >= 8mm",
        "study",
        study_ids(all_of(first_study, has_nodule(lambda f: f["diameter_mm"] >= 8))),
    )
    yield item(
        "identifiers",
        "pts whose first scan had a solid nodule > 6 mm",
        "patient",
        patient_ids(
            all_of(
                first_study,
                has_nodule(lambda f: f["attenuation"] == "solid" and f["diameter_mm"] > 6),
            )
        ),
    )
    yield item(
        "identifiers",
        f"{p7}'s nodules over 5mm",
        "study",
        uids(history[p7], has_nodule(lambda f: f["diameter_mm"] > 5)),
    )
    yield item(
        "identifiers",
        f"how many nodules did {p8} have on the latest scan",
        "count",
        len(nodules(history[p8][-1])),
    )
    # "after 2024": from 2025-01-01 on
    yield item(
        "identifiers",
        f"studies of patient {p9} after 2024",
        "study",
        uids(history[p9], lambda s: s["study_date"] >= "2025-01-01"),
    )
    yield item(
        "identifiers",
        f"number of findings on {acc3}",
        "count",
        len(ref.findings_of(by_accession(acc3)["study_uid"])),
    )


def dates(rng: random.Random) -> Iterator[Item]:
    del rng
    gg = has_nodule(lambda f: f["attenuation"] == "ground-glass")
    yield item("dates", "scans in q2 2024", "study", study_ids(months(2024, 4, 6)))
    yield item(
        "dates", "Q4 2025 LDCTs", "study", study_ids(all_of(screening, months(2025, 10, 12)))
    )
    # "since june" on 2026-11-01: the latest June, 2026-06-01 to the as-of date
    yield item(
        "dates",
        "nodules found since june",
        "study",
        study_ids(all_of(has_nodule(), dated("2026-06-01", "2026-11-01"))),
    )
    yield item(
        "dates", "studies since march 2025", "study", study_ids(dated("2025-03-01", "2026-11-01"))
    )
    yield item(
        "dates", "chest ct feb-apr 2026", "study", study_ids(all_of(chest_ct, months(2026, 2, 4)))
    )
    yield item(
        "dates",
        "pts scanned nov 2024 to jan 2025",
        "patient",
        patient_ids(dated("2024-11-01", "2025-01-31")),
    )
    yield item("dates", "pts born before 1950", "patient", patient_ids(born("0000", "1949-12-31")))
    yield item(
        "dates",
        "pts born in the 60s with nodules",
        "patient",
        patient_ids(all_of(born("1960-01-01", "1969-12-31"), has_nodule())),
    )
    yield item(
        "dates", "patients DOB after 1980", "patient", patient_ids(born("1981-01-01", "9999"))
    )
    yield item(
        "dates",
        "spiculated nodules in 2023",
        "study",
        study_ids(all_of(dated("2023-01-01", "2023-12-31"), has_nodule(spiculated))),
    )
    yield item(
        "dates",
        "scans between 1 jan 2025 and 30 jun 2025",
        "study",
        study_ids(dated("2025-01-01", "2025-06-30")),
    )
    # last 90 days on 2026-11-01: from 2026-08-03 (the studies of 2026-08-03 have no ground-glass
    # nodule, so counting 89 or 90 days back gives the same answer)
    yield item(
        "dates",
        "gg nodules last 90 days",
        "study",
        study_ids(all_of(gg, dated("2026-08-03", "2026-11-01"))),
    )
    yield item(
        "dates",
        "head cts past 6 months",
        "study",
        study_ids(all_of(head_ct, dated("2026-05-01", "2026-11-01"))),
    )
    yield item(
        "dates",
        "how many chest xrays this year",
        "count",
        len(study_ids(all_of(lambda s: s["modality"] == "DX", dated("2026-01-01", "2026-11-01")))),
    )
    yield item(
        "dates",
        "studies before 2024 with pneumothorax",
        "study",
        study_ids(all_of(kind("pneumothorax"), dated("0000", "2023-12-31"))),
    )
    yield item(
        "dates",
        "scans 2024-03-15 to 2024-04-15",
        "study",
        study_ids(dated("2024-03-15", "2024-04-15")),
    )
    yield item(
        "dates", "studies done on 6 aug 2025", "study", study_ids(dated("2025-08-06", "2025-08-06"))
    )
    yield item(
        "dates",
        "first half of 2025 nodules > 10mm",
        "study",
        study_ids(all_of(months(2025, 1, 6), has_nodule(lambda f: f["diameter_mm"] > 10))),
    )
    yield item(
        "dates",
        "pts born 1955 who had a ct in 2024",
        "patient",
        patient_ids(
            all_of(
                born("1955-01-01", "1955-12-31"),
                lambda s: s["modality"] == "CT",
                months(2024, 1, 12),
            )
        ),
    )
    yield item("dates", "scans from 3rd quarter 2023", "study", study_ids(months(2023, 7, 9)))


def spiculated(f: Row) -> bool:
    return bool(f["margin"] == "spiculated")


def sizes(rng: random.Random) -> Iterator[Item]:
    del rng

    def diam(test: Callable[[float], bool]) -> list[str]:
        return studies_of_findings(measured("diameter_mm", test))

    yield item("sizes", "nodules under a centimeter", "study", diam(lambda d: d < 10))
    yield item(
        "sizes",
        "sub-cm solid nodules",
        "study",
        studies_of_findings(
            nodule(lambda f: f["attenuation"] == "solid" and f["diameter_mm"] < 10)
        ),
    )
    yield item("sizes", "nodules 1 cm or bigger", "study", diam(lambda d: d >= 10))
    yield item("sizes", "nods >= 2cm", "study", diam(lambda d: d >= 20))
    yield item("sizes", "nodules 6-8mm", "study", diam(lambda d: 6 <= d <= 8))
    yield item(
        "sizes",
        "nodules between 4 and 6 millimeters in the rul",
        "study",
        studies_of_findings(nodule(lambda f: 4 <= f["diameter_mm"] <= 6 and f["lobe"] == "RUL")),
    )
    yield item("sizes", "nodlues less than 4 mm", "study", diam(lambda d: d < 4))
    yield item("sizes", "nodules bigger than half a cm", "study", diam(lambda d: d > 5))
    yield item(
        "sizes",
        "nodules with long axis over 20 mm",
        "study",
        studies_of_findings(measured("long_axis_mm", lambda d: d > 20)),
    )
    yield item(
        "sizes",
        "nodule volume > 1000 mm3",
        "study",
        studies_of_findings(measured("volume_mm3", lambda v: v > 1000)),
    )
    yield item(
        "sizes",
        "part solid nodules w solid component >= 6mm",
        "study",
        studies_of_findings(
            nodule(
                lambda f: (
                    f["attenuation"] == "part-solid"
                    and f["solid_component_mm"] is not None
                    and f["solid_component_mm"] >= 6
                )
            )
        ),
    )
    yield item("sizes", "nodules 8 millimetres or more", "study", diam(lambda d: d >= 8))
    yield item(
        "sizes",
        ">1.5cm nodules in the lll",
        "study",
        studies_of_findings(nodule(lambda f: f["diameter_mm"] > 15 and f["lobe"] == "LLL")),
    )
    yield item(
        "sizes",
        "pts with a nodule at least 2.5cm",
        "patient",
        patients_of_findings(measured("diameter_mm", lambda d: d >= 25)),
    )
    yield item(
        "sizes",
        "findings > 25 mm",
        "finding",
        finding_ids(lambda f: f["diameter_mm"] is not None and f["diameter_mm"] > 25),
    )
    yield item(
        "sizes",
        "masses over 2 cm",
        "study",
        studies_of_findings(lambda f: f["kind"] == "mass" and f["diameter_mm"] > 20),
    )
    yield item(
        "sizes",
        "how many nodules are between 5 and 7 mm",
        "count",
        count_findings(measured("diameter_mm", lambda d: 5 <= d <= 7)),
    )


def attenuation(rng: random.Random) -> Iterator[Item]:
    del rng

    def att(a: str) -> FindingTest:
        return nodule(lambda f: f["attenuation"] == a)

    def hu(test: Callable[[float], bool]) -> FindingTest:
        return measured("mean_hu", test)

    gg = att("ground-glass")
    yield item(
        "attenuation",
        "GGO > 10mm",
        "study",
        studies_of_findings(lambda f: gg(f) and f["diameter_mm"] > 10),
    )
    yield item(
        "attenuation", "ggns in women", "patient", patient_ids(all_of(female, any_finding(gg)))
    )
    yield item(
        "attenuation",
        "part-solid nodules in the LUL",
        "study",
        studies_of_findings(lambda f: att("part-solid")(f) and f["lobe"] == "LUL"),
    )
    yield item(
        "attenuation",
        "subsolid nodules >= 8 mm",
        "study",
        studies_of_findings(
            nodule(
                lambda f: (
                    f["attenuation"] in ("part-solid", "ground-glass") and f["diameter_mm"] >= 8
                )
            )
        ),
    )
    yield item(
        "attenuation",
        "nodules w mean HU between -700 and -500",
        "study",
        studies_of_findings(hu(lambda h: -700 <= h <= -500)),
    )
    yield item(
        "attenuation",
        "nodules with density less than -650 HU",
        "study",
        studies_of_findings(hu(lambda h: h < -650)),
    )
    yield item(
        "attenuation",
        "nodules with HU from -300 to -100",
        "study",
        studies_of_findings(hu(lambda h: -300 <= h <= -100)),
    )
    yield item(
        "attenuation",
        "how many part-solid nodules have a mean hu under -300",
        "count",
        count_findings(lambda f: att("part-solid")(f) and f["mean_hu"] < -300),
    )
    yield item(
        "attenuation",
        "pure ggo in rll",
        "study",
        studies_of_findings(lambda f: gg(f) and f["lobe"] == "RLL"),
    )
    yield item(
        "attenuation",
        "non-solid nodules in men over 65",
        "patient",
        patient_ids(all_of(male, lambda s: ref.age(s) > 65, any_finding(gg))),
    )
    yield item(
        "attenuation",
        "calcified nods hu >= 300",
        "study",
        studies_of_findings(nodule(lambda f: bool(f["calcified"]) and f["mean_hu"] >= 300)),
    )


def confidence(rng: random.Random) -> Iterator[Item]:
    del rng

    def conf(test: Callable[[float], bool]) -> FindingTest:
        return measured("confidence", test)

    yield item(
        "confidence",
        "findings with confidence at least 0.95",
        "finding",
        finding_ids(lambda f: f["confidence"] is not None and f["confidence"] >= 0.95),
    )
    yield item(
        "confidence",
        "low confidence nodules < 0.6",
        "study",
        studies_of_findings(conf(lambda c: c < 0.6)),
    )
    yield item(
        "confidence",
        "nodules conf 0.7-0.8",
        "study",
        studies_of_findings(conf(lambda c: 0.7 <= c <= 0.8)),
    )
    yield item(
        "confidence",
        "nodules with confidence under 70%",
        "study",
        studies_of_findings(conf(lambda c: c < 0.7)),
    )
    yield item(
        "confidence",
        "how many findings have confidence >= .9",
        "count",
        count_findings(lambda f: f["confidence"] is not None and f["confidence"] >= 0.9),
    )
    yield item(
        "confidence",
        "spiculted nodules w confidence above 0.85",
        "study",
        studies_of_findings(lambda f: conf(lambda c: c > 0.85)(f) and spiculated(f)),
    )
    yield item(
        "confidence",
        "pts with a nodule of confidence 0.99",
        "patient",
        patients_of_findings(conf(lambda c: abs(c - 0.99) < 1e-9)),
    )


def demographics(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "demographics",
        "women in their 60s with nodules",
        "patient",
        patient_ids(all_of(female, aged(60, 69), has_nodule())),
    )
    yield item("demographics", "men aged 50-59", "patient", patient_ids(all_of(male, aged(50, 59))))
    yield item("demographics", "pts over 75", "patient", patient_ids(lambda s: ref.age(s) > 75))
    yield item(
        "demographics",
        "female pts under 50 w nodules",
        "patient",
        patient_ids(all_of(female, lambda s: ref.age(s) < 50, has_nodule())),
    )
    yield item(
        "demographics",
        "patients aged 55 to 65 with spiculated nodules",
        "patient",
        patient_ids(all_of(aged(55, 65), has_nodule(spiculated))),
    )
    yield item(
        "demographics",
        "ppl in their seventies with GGO",
        "patient",
        patient_ids(all_of(aged(70, 79), has_nodule(lambda f: f["attenuation"] == "ground-glass"))),
    )
    yield item(
        "demographics",
        "men >= 70 w spiculated nods",
        "patient",
        patient_ids(all_of(male, lambda s: ref.age(s) >= 70, has_nodule(spiculated))),
    )
    yield item(
        "demographics",
        "how many women had a chest ct",
        "count",
        len(patient_ids(all_of(female, chest_ct))),
    )
    yield item(
        "demographics",
        "octogenarians with nodules",
        "patient",
        patient_ids(all_of(aged(80, 89), has_nodule())),
    )
    yield item(
        "demographics", "women 40 to 49 yo", "patient", patient_ids(all_of(female, aged(40, 49)))
    )


def counts(rng: random.Random) -> Iterator[Item]:
    del rng

    def n_nodules(test: Callable[[int], bool], find: FindingTest = lambda f: True) -> Test:
        return lambda s: test(len(nodules(s, find)))

    def n_studies(test: Callable[[int], bool]) -> list[str]:
        return histories(lambda own: test(len(own)))

    gg: FindingTest = lambda f: f["attenuation"] == "ground-glass"  # noqa: E731
    yield item(
        "counts", "exams with exactly 3 nodules", "study", study_ids(n_nodules(lambda n: n == 3))
    )
    yield item(
        "counts", "scans with only one nodule", "study", study_ids(n_nodules(lambda n: n == 1))
    )
    yield item("counts", "scans w/ 4+ nodules", "study", study_ids(n_nodules(lambda n: n >= 4)))
    yield item("counts", "pts with 3 or more scans", "patient", n_studies(lambda n: n >= 3))
    yield item("counts", "pts scanned only once", "patient", n_studies(lambda n: n == 1))
    yield item("counts", "patients with exactly 2 studies", "patient", n_studies(lambda n: n == 2))
    yield item(
        "counts",
        "how many pts have had at least 4 studies",
        "count",
        len(n_studies(lambda n: n >= 4)),
    )
    yield item(
        "counts", "patients with the same nodule on 3 or more scans", "patient", tracked_on(3)
    )
    yield item(
        "counts",
        "how many pts have a nodule tracked across 4 or more studies",
        "count",
        len(tracked_on(4)),
    )
    yield item(
        "counts",
        "studies with no more than 2 nodules",
        "study",
        study_ids(n_nodules(lambda n: n <= 2)),
    )
    yield item(
        "counts",
        "pts with 2+ nodules on a single ct",
        "patient",
        patient_ids(n_nodules(lambda n: n >= 2)),
    )
    yield item(
        "counts",
        "studies with at least 2 spiculated nodules",
        "study",
        study_ids(n_nodules(lambda n: n >= 2, spiculated)),
    )
    yield item(
        "counts", "scans with exactly two GGNs", "study", study_ids(n_nodules(lambda n: n == 2, gg))
    )


def concept(word: str) -> Test:
    return report_affirms(word)


def set_logic(rng: random.Random) -> Iterator[Item]:
    del rng
    emphysema = concept("emphysema")
    spic = has_nodule(spiculated)
    yield item(
        "set_logic",
        "pts with both emphysema and nodules",
        "patient",
        patients_with_both(emphysema, has_nodule()),
    )
    yield item(
        "set_logic",
        "pts with nodules but never had spiculated nodules",
        "patient",
        patients_with_but_never(has_nodule(), spic),
    )
    yield item(
        "set_logic",
        "pts who never had a nodule",
        "patient",
        histories(lambda own: not any(has_nodule()(s) for s in own)),
    )
    yield item(
        "set_logic",
        "patients with GGO but never a solid nodule",
        "patient",
        patients_with_but_never(
            has_nodule(lambda f: f["attenuation"] == "ground-glass"),
            has_nodule(lambda f: f["attenuation"] == "solid"),
        ),
    )
    yield item(
        "set_logic",
        "pts with emphysema but never lymphadenopathy",
        "patient",
        patients_with_but_never(emphysema, concept("lymph")),
    )
    yield item(
        "set_logic",
        "pts with both a CT angio and a non-contrast chest CT",
        "patient",
        patients_with_both(angio, lambda s: s["description"] == "CT CHEST W/O CONTRAST"),
    )
    yield item(
        "set_logic",
        "women with both coronary calcification and emphysema",
        "patient",
        patients_with_both(all_of(female, concept("coronary")), emphysema),
    )
    yield item(
        "set_logic",
        "pts who never had a ct",
        "patient",
        histories(lambda own: not any(s["modality"] == "CT" for s in own)),
    )
    yield item(
        "set_logic",
        "pts with pneumothorax but never an effusion",
        "patient",
        patients_with_but_never(kind("pneumothorax"), kind("pleural_effusion")),
    )
    yield item(
        "set_logic",
        "pts who have never had lung-rads 4",
        "patient",
        histories(lambda own: not any(category_at_least("4A")(s) for s in own)),
    )
    yield item(
        "set_logic",
        "pateints with both GGN and part solid nodules",
        "patient",
        patients_with_both(
            has_nodule(lambda f: f["attenuation"] == "ground-glass"),
            has_nodule(lambda f: f["attenuation"] == "part-solid"),
        ),
    )
    yield item(
        "set_logic",
        "how many pts had both consolidation and emphysema",
        "count",
        len(patients_with_both(kind("consolidation"), concept("emphysema"))),
    )


def lung_rads(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item("lung_rads", "lung-rads 4B", "study", study_ids(category_in("4B")))
    yield item("lung_rads", "LR 4X studies", "study", study_ids(category_in("4X")))
    yield item(
        "lung_rads",
        "lungrads 3 scans in 2025",
        "study",
        study_ids(all_of(category_in("3"), months(2025, 1, 12))),
    )
    yield item(
        "lung_rads", "lung rads 4 or higher pts", "patient", patient_ids(category_at_least("4A"))
    )
    yield item("lung_rads", "pts whose highest LR ever was 3", "patient", highest_patients("3"))
    yield item("lung_rads", "patients with highest lung-rads 4A", "patient", highest_patients("4A"))
    yield item(
        "lung_rads", "how many studies were lung-rads 2", "count", len(study_ids(category_in("2")))
    )
    yield item("lung_rads", "number of pts with LR4B", "count", len(patient_ids(category_in("4B"))))
    # one count per category, studies without one (head CTs, radiographs) under null
    from collections import Counter  # noqa: PLC0415

    yield item(
        "lung_rads",
        "breakdown of scans by lung-rads",
        "groups",
        Counter(ref.category(s) for s in studies()),
    )
    yield item(
        "lung_rads",
        "LR below 3 in men",
        "patient",
        patient_ids(all_of(male, category_in("1", "2"))),
    )
    yield item("lung_rads", "lung rads 4a or 4b", "study", study_ids(category_in("4A", "4B")))
    yield item(
        "lung_rads",
        "LR >= 4A women",
        "patient",
        patient_ids(all_of(female, category_at_least("4A"))),
    )
    # changes of category: two successive categorised studies (chest CTs) of the patient
    yield item(
        "lung_rads",
        "pts upgraded from LR 2 to 4A",
        "patient",
        category_changes(lambda a, b: a == "2" and b == "4A"),
    )
    yield item(
        "lung_rads",
        "pts whose lung-rads went up",
        "patient",
        category_changes(lambda a, b: rank(b) > rank(a)),
    )
    yield item(
        "lung_rads",
        "how many pts went from lung-rads 3 to 4 or higher",
        "count",
        len(category_changes(lambda a, b: a == "3" and rank(b) >= rank("4A"))),
    )


def rankings(rng: random.Random) -> Iterator[Item]:
    del rng
    nods = [f for f in findings() if is_nodule(f)]
    people = list(ref.cohort()[0].values())
    yield item(
        "rankings",
        "5 largest nodules",
        "finding",
        top(nods, lambda f: -f["diameter_mm"], 5, "finding_id"),
    )
    yield item(
        "rankings",
        "10 oldest pts",
        "patient",
        top(people, lambda p: p["birth_date"], 10, "patient_id"),
    )
    with_component = [f for f in nods if f["solid_component_mm"] is not None]
    yield item(
        "rankings",
        "top 3 nodules by solid component",
        "finding",
        top(with_component, lambda f: -f["solid_component_mm"], 3, "finding_id"),
    )
    yield item(
        "rankings",
        "3 nodules w highest HU",
        "finding",
        top(nods, lambda f: -f["mean_hu"], 3, "finding_id"),
    )
    yield item(
        "rankings",
        "5 biggest nodules by volume",
        "finding",
        top(nods, lambda f: -f["volume_mm3"], 5, "finding_id"),
    )
    yield item(
        "rankings",
        "youngest 5 patients",
        "patient",
        top(people, lambda p: desc(p["birth_date"]), 5, "patient_id"),
    )
    per_patient = {p: sum(len(nodules(s)) for s in own) for p, own in by_patient().items()}
    most = min(per_patient, key=lambda p: (-per_patient[p], p))  # ties broken by ID (docs)
    yield item("rankings", "pt with the most nodules", "patient", [most])
    yield item(
        "rankings",
        "top 2 nodules by long axis",
        "finding",
        top(nods, lambda f: -f["long_axis_mm"], 2, "finding_id"),
    )
    in_women = [f for f in nods if female(study_of(f))]
    yield item(
        "rankings",
        "largest nodule in a woman",
        "finding",
        top(in_women, lambda f: -f["diameter_mm"], 1, "finding_id"),
    )


def growth(rng: random.Random) -> Iterator[Item]:
    del rng
    grown = grew_by(lambda d: d > 1.5)
    yield item("growth", "growing nodules", "study", study_ids(ref.grew))
    yield item(
        "growth", "nodules that grew > 3mm", "study", studies_of_findings(grew_by(lambda d: d > 3))
    )
    yield item(
        "growth",
        "nods that grew at least 2 mm",
        "study",
        studies_of_findings(grew_by(lambda d: d >= 2)),
    )
    yield item("growth", "new nodules", "study", study_ids(ref.new_nodule))
    yield item(
        "growth",
        "pts with new nodules in 2025",
        "patient",
        patient_ids(all_of(ref.new_nodule, months(2025, 1, 12))),
    )
    yield item(
        "growth",
        "new solid nodules",
        "study",
        studies_of_findings(lambda f: is_new(f) and is_nodule(f) and f["attenuation"] == "solid"),
    )
    yield item(
        "growth",
        "interval growth in the rul",
        "study",
        studies_of_findings(lambda f: grown(f) and f["lobe"] == "RUL"),
    )
    yield item("growth", "how many pts have a growing nodule", "count", len(patient_ids(ref.grew)))
    yield item(
        "growth",
        "women with nodules that grew by more than 1.5mm",
        "patient",
        patient_ids(all_of(female, any_finding(grown))),
    )
    yield item(
        "growth",
        "growing ground glass lesions",
        "study",
        studies_of_findings(lambda f: grown(f) and f["attenuation"] == "ground-glass"),
    )


def over_time(rng: random.Random) -> Iterator[Item]:
    del rng

    def larger_than_first(f: Row) -> bool:
        # the same nodule (track), whatever its kind on the latest scan: a nodule that grew
        # into a mass counts, as it does for growth (bank error fixed after the first run)
        s = study_of(f)
        if not (f["track_id"] in tracks() and latest_study(s)):
            return False
        first = tracks()[f["track_id"]][0]
        return bool(
            is_nodule(first)
            and study_of(first)["study_date"] < s["study_date"]
            and first["diameter_mm"] < f["diameter_mm"]
        )

    shrank = grew_by(lambda d: d < -1.5)
    yield item(
        "over_time",
        "nodules larger on the latest scan than the first",
        "study",
        studies_of_findings(larger_than_first),
    )
    yield item("over_time", "stable nodules", "study", studies_of_findings(stable))
    yield item(
        "over_time",
        "pts with stable GGNs",
        "patient",
        patients_of_findings(lambda f: stable(f) and f["attenuation"] == "ground-glass"),
    )
    yield item(
        "over_time",
        "shrinking nodules",
        "study",
        studies_of_findings(lambda f: is_nodule(f) and shrank(f)),
    )
    yield item("over_time", "how many nodules were stable on f/u", "count", count_findings(stable))
    yield item(
        "over_time",
        "pts with a nodule unchanged in size since the prior ct",
        "patient",
        patients_of_findings(stable),
    )


def intervals(rng: random.Random) -> Iterator[Item]:
    del rng
    anything: Test = lambda s: True  # noqa: E731
    yield item(
        "intervals", "pts rescanned within eleven months", "patient", followed_within(11, anything)
    )
    yield item(
        "intervals",
        "pts with a repeat chest ct within 11 mo",
        "patient",
        followed_within(11, chest_ct),
    )
    yield item("intervals", "pts w f/u scan within 1 yr", "patient", followed_within(12, anything))
    ct: Test = lambda s: s["modality"] == "CT"  # noqa: E731
    yield item(
        "intervals",
        "avg days between first and last ct",
        "value",
        round(statistics.fmean(spans(ct)), 2),
    )
    yield item(
        "intervals",
        "median time between first and latest screening ct",
        "value",
        round(statistics.median(spans(screening)), 2),
    )
    # "more than 2 years apart": the latest study after the day 24 calendar months after the first
    yield item(
        "intervals",
        "pts whose first and last scans are more than 2 years apart",
        "patient",
        histories(lambda own: day_of(own[-1]) > add_months(day_of(own[0]), 24)),
    )
    yield item(
        "intervals",
        "avg months between first and last CT",
        "value",
        round(statistics.fmean(spans(ct)) / MONTH_DAYS, 2),
    )
    yield item(
        "intervals",
        "mean interval in days between consecutive screening cts",
        "value",
        round(statistics.fmean(consecutive_gaps(screening)), 2),
    )
    yield item(
        "intervals",
        "median interval between screening rounds in months",
        "value",
        round(statistics.median(consecutive_gaps(screening)) / MONTH_DAYS, 2),
    )
    yield item("intervals", "pts overdue for annual screening", "patient", overdue(("1", "2"), 12))
    yield item("intervals", "LR3 screening pts overdue for 6 mo f/u", "patient", overdue(("3",), 6))
    yield item(
        "intervals",
        "how many pts came back within 18 months",
        "count",
        len(followed_within(18, anything)),
    )
    yield item(
        "intervals",
        "pts with 2 cts less than 11 months apart",
        "patient",
        followed_within(11, ct, strict=True),
    )
    yield item(
        "intervals",
        "average follow-up in years from first to last scan",
        "value",
        round(statistics.fmean(spans(anything)) / YEAR_DAYS, 2),
    )


def medians(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item("medians", "median nodule volume", "value", median_of("volume_mm3", is_nodule))
    yield item("medians", "median conf of nodules", "value", median_of("confidence", is_nodule))
    yield item(
        "medians",
        "median HU solid nods",
        "value",
        median_of("mean_hu", nodule(lambda f: f["attenuation"] == "solid")),
    )
    # per patient: every patient, one without a nodule counting as 0 (as the documented average)
    per_patient = [sum(len(nodules(s)) for s in own) for own in by_patient().values()]
    yield item(
        "medians",
        "median number of nodules per patient",
        "value",
        round(statistics.median(per_patient), 2),
    )
    yield item(
        "medians",
        "median diameter of GGOs in women",
        "value",
        median_of(
            "diameter_mm",
            nodule(lambda f: f["attenuation"] == "ground-glass" and female(study_of(f))),
        ),
    )


def age_of(test: Test, statistic: Callable[[list[float]], float]) -> float:
    """Each patient with a study passing ``test`` once, at the age on the latest such study."""
    ages = []
    for own in by_patient().values():
        chosen = [s for s in own if test(s)]
        if chosen:
            ages.append(float(ref.age(chosen[-1])))
    return round(statistic(ages), 2)


def average_age(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "average_age",
        "avg age of pts with lung-rads 4X",
        "value",
        age_of(category_in("4X"), statistics.fmean),
    )
    yield item(
        "average_age",
        "mean age of women with GGN",
        "value",
        age_of(
            all_of(female, has_nodule(lambda f: f["attenuation"] == "ground-glass")),
            statistics.fmean,
        ),
    )
    yield item(
        "average_age",
        "median age of pts with emphysma",
        "value",
        age_of(concept("emphysema"), statistics.median),
    )
    yield item(
        "average_age", "avg age at first scan", "value", age_of(first_study, statistics.fmean)
    )


def per_unit_averages(rng: random.Random) -> Iterator[Item]:
    del rng
    all_nodules = count_findings(is_nodule)
    yield item(
        "per_unit_averages", "avg nodules per scan", "value", round(all_nodules / len(studies()), 2)
    )
    yield item(
        "per_unit_averages",
        "avg # of studies per pt",
        "value",
        round(len(studies()) / len(ref.cohort()[0]), 2),
    )
    women = patient_ids(female)
    yield item(
        "per_unit_averages",
        "mean number of nodules per patient in women",
        "value",
        round(count_findings(nodule(lambda f: female(study_of(f)))) / len(women), 2),
    )
    chest = study_ids(chest_ct)
    yield item(
        "per_unit_averages",
        "avg spiculated nodules per chest ct",
        "value",
        round(
            count_findings(nodule(lambda f: spiculated(f) and chest_ct(study_of(f)))) / len(chest),
            2,
        ),
    )


def aggregates(rng: random.Random) -> Iterator[Item]:
    del rng
    gg = nodule(lambda f: f["attenuation"] == "ground-glass")
    yield item("aggregates", "avg nodule size", "value", mean_of("diameter_mm", is_nodule))
    yield item("aggregates", "mean HU of GGOs", "value", mean_of("mean_hu", gg))
    yield item(
        "aggregates",
        "average diameter of spiculated nodules in men",
        "value",
        mean_of("diameter_mm", nodule(lambda f: spiculated(f) and male(study_of(f)))),
    )
    everyone = patient_ids(lambda s: True)
    yield item(
        "aggregates",
        "% of pts with emphysema",
        "value",
        percent(len(patient_ids(concept("emphysema"))), len(everyone)),
    )
    chest = study_ids(chest_ct)
    yield item(
        "aggregates",
        "what percent of chest CTs had nodules",
        "value",
        percent(len(study_ids(all_of(chest_ct, has_nodule()))), len(chest)),
    )
    yield item(
        "aggregates",
        "proportion of nodules that are calcified",
        "value",
        percent(count_findings(nodule(lambda f: bool(f["calcified"]))), count_findings(is_nodule)),
    )
    yield item(
        "aggregates",
        "mean long axis of part solid nodules",
        "value",
        mean_of("long_axis_mm", nodule(lambda f: f["attenuation"] == "part-solid")),
    )
    women = patient_ids(female)
    yield item(
        "aggregates",
        "what % of women have GGNs",
        "value",
        percent(len(patient_ids(all_of(female, any_finding(gg)))), len(women)),
    )
    yield item(
        "aggregates",
        "average volume of nodules > 10 mm",
        "value",
        mean_of("volume_mm3", nodule(lambda f: f["diameter_mm"] > 10)),
    )


def every_scan(rng: random.Random) -> Iterator[Item]:
    del rng

    def on_every(test: Test, scope: Test = lambda s: True) -> list[str]:
        def every(own: list[Row]) -> bool:
            chosen = [s for s in own if scope(s)]
            return bool(chosen) and all(test(s) for s in chosen)

        return histories(every)

    yield item("every_scan", "pts with nodules on every scan", "patient", on_every(has_nodule()))
    yield item(
        "every_scan",
        "pts with GGOs on all their CTs",
        "patient",
        on_every(
            has_nodule(lambda f: f["attenuation"] == "ground-glass"),
            lambda s: s["modality"] == "CT",
        ),
    )
    yield item(
        "every_scan", "pts who always had emphysema", "patient", on_every(concept("emphysema"))
    )


def compare_studies(rng: random.Random) -> Iterator[Item]:
    del rng
    yield item(
        "compare_studies",
        "pts scanned in 2024 and again in 2025",
        "patient",
        patients_with_both(months(2024, 1, 12), months(2025, 1, 12)),
    )
    yield item(
        "compare_studies",
        "pts with nodules in both 2023 and 2025",
        "patient",
        patients_with_both(
            all_of(has_nodule(), months(2023, 1, 12)), all_of(has_nodule(), months(2025, 1, 12))
        ),
    )


def without_scope(rng: random.Random) -> Iterator[Item]:
    del rng
    no_nodule: Test = lambda s: not has_nodule()(s)  # noqa: E731
    yield item(
        "without_scope", "chest cts w/o nodules", "study", study_ids(all_of(chest_ct, no_nodule))
    )
    yield item(
        "without_scope",
        "ldct w/o nodules in 2025",
        "study",
        study_ids(all_of(screening, no_nodule, months(2025, 1, 12))),
    )
    # "without" in a question about patients stays per study (docs/query.md)
    yield item(
        "without_scope", "women without nodules", "patient", patient_ids(all_of(female, no_nodule))
    )


def concepts(rng: random.Random) -> Iterator[Item]:
    del rng
    emphysema = concept("emphysema")
    yield item(
        "concepts", "studies with no emphysema", "study", study_ids(lambda s: not emphysema(s))
    )
    yield item("concepts", "pts with lymphadenopthy", "patient", patient_ids(concept("lymph")))
    yield item("concepts", "pts w CAC", "patient", patient_ids(concept("coronary")))
    yield item(
        "concepts",
        "emphysema w/o nodules",
        "study",
        study_ids(all_of(emphysema, lambda s: not has_nodule()(s))),
    )
    yield item(
        "concepts",
        "men with enlarged lymph nodes on the report",
        "patient",
        patient_ids(all_of(male, concept("lymph"))),
    )
    yield item(
        "concepts",
        "how many scans mention granuloma",
        "count",
        len(study_ids(concept("granuloma"))),
    )
    yield item(
        "concepts",
        "scans with emphysema and a spiculated nodule",
        "study",
        study_ids(all_of(emphysema, has_nodule(spiculated))),
    )
    yield item(
        "concepts",
        "pts w hx of emphysema",
        "patient",
        patient_ids(emphysema),
    )
    yield item(
        "concepts",
        "pts with coronary artery calcification but never emphysema",
        "patient",
        patients_with_but_never(concept("coronary"), emphysema),
    )


FAMILIES = (
    identifiers,
    dates,
    sizes,
    attenuation,
    confidence,
    demographics,
    counts,
    set_logic,
    lung_rads,
    rankings,
    growth,
    over_time,
    intervals,
    medians,
    average_age,
    per_unit_averages,
    aggregates,
    every_scan,
    compare_studies,
    without_scope,
    concepts,
)


def fresh_12() -> list[Item]:
    """Every question of held-out part 12, in a fixed order, drawn with this part's own seed."""
    rng = random.Random(SEED)
    return [i for family in FAMILIES for i in family(rng)]


def part_12(rng: random.Random) -> Iterator[Item]:
    """Part 12 as one family of :func:`question_bank.bank` (its own seed: ``rng`` is unused)."""
    del rng
    yield from fresh_12()
