"""The families made expressible last: intervals in months and years, stable nodules, changes of
Lung-RADS category, overdue follow-up, volume doubling times, medians per patient and the
intervals between consecutive scans (tune questions: the reader was developed against them).

The conventions are ScanSide's own where the cohort README has none (docs/query.md, "Intervals
in months, stable nodules, Lung-RADS changes, overdue follow-up, doubling times"), written out
again here and computed in plain Python from the cohort's JSON Lines files
(:mod:`cohort_reference`), never through the engine:

- a month is 30.4375 days and a year 365.25 days when an interval is answered in them;
  "within 1 year" is 12 calendar months, as before;
- a nodule (or the mass it became) is stable when its track has a finding on an earlier study
  and the mean diameter changed by at most 1.5 mm either way since the previous one;
- a study's category is the cohort README's (highest finding category, 1 for a chest CT without
  one); a change compares it with the patient's previous study that has a category (by date,
  then UID); the later study is the one answered;
- a patient is overdue on the as-of date when the latest chest CT on or before it has category
  1 or 2 (12 months), 3 (6 months) or 4A (3 months) and the as-of date is after the same day
  that many calendar months (plus any "by more than N months") later; 4B and 4X are never
  overdue (their management is work-up, not an interval);
- a volume doubling time is days x ln 2 / ln(V / V_previous) since the previous finding of the
  same track on an earlier date, defined only when the volume increased;
- a median per patient is the median of each patient's count over the patients of the
  population (a patient with none counts as 0);
- consecutive studies are a patient's study dates of the kind asked for, in order; "a gap of
  more than 13 months" holds for the later study of a pair when it is after the same day 13
  calendar months after the earlier one; an average (median) interval is over all such pairs.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import statistics
from collections.abc import Callable, Iterator

import cohort_reference as ref
from bank_follow_up import add_months, anything, study_day, value
from bank_issue17 import chest_ct, female, kind_in, screening
from bank_over_time import tracks
from question_bank import AS_OF, Item, Row, Test, findings, growth_by_finding, studies, study_of

FindingTest = Callable[[Row], bool]
Statistic = Callable[[list[float]], float]
MONTH_DAYS, YEAR_DAYS = 30.4375, 365.25
INTERVAL_MONTHS = {"1": 12, "2": 12, "3": 6, "4A": 3}


def ct(s: Row) -> bool:
    return bool(s["modality"] == "CT")


def screening_ct(s: Row) -> bool:
    return screening(s) and ct(s)


def by_patient(test: Test = anything) -> dict[str, list[Row]]:
    """Each patient's studies passing ``test``, by date then UID."""
    own: dict[str, list[Row]] = {}
    for s in sorted(studies(), key=lambda x: (x["study_date"], x["study_uid"])):
        if test(s):
            own.setdefault(s["patient_id"], []).append(s)
    return own


def patients_of(rows: list[Row]) -> list[str]:
    return sorted({s["patient_id"] for s in rows})


def uids(rows: list[Row]) -> list[str]:
    return sorted({s["study_uid"] for s in rows})


# --- intervals in months and years -------------------------------------------------------------


def span_in(
    test: Test, divisor: float, statistic: Statistic = statistics.fmean, who: Test | None = None
) -> float:
    """The first-to-latest span of each patient's studies passing ``test`` (patients with two
    dates or more, and a study passing ``who``), in days / ``divisor``."""
    chosen = None if who is None else {s["patient_id"] for s in studies() if who(s)}
    spans = []
    for patient, own in by_patient(test).items():
        days = [study_day(s) for s in own]
        if max(days) > min(days) and (chosen is None or patient in chosen):
            spans.append((max(days) - min(days)).days / divisor)
    return round(statistic(spans), 2)


def rescanned(months: int, *, strict: bool = False) -> list[str]:
    """Patients with a study followed by a later one on or before (``strict``: before) the same
    day ``months`` calendar months on."""
    found = set()
    for patient, own in by_patient().items():
        for s, later in itertools.permutations(own, 2):
            limit = add_months(study_day(s), months)
            if study_day(s) < study_day(later) and (
                study_day(later) < limit if strict else study_day(later) <= limit
            ):
                found.add(patient)
    return sorted(found)


def followed_for(months: int, *, inclusive: bool, kind: Test = anything) -> list[str]:
    """Patients whose latest study of ``kind`` is after (``inclusive``: on or after) the same
    day ``months`` calendar months after their first one."""
    found = []
    for patient, own in by_patient(kind).items():
        first, latest = study_day(own[0]), study_day(own[-1])
        limit = add_months(first, months)
        if latest >= limit if inclusive else latest > limit:
            found.append(patient)
    return sorted(found)


def month_intervals(rng: random.Random) -> Iterator[Item]:
    pid = rng.choice([p for p, own in by_patient(ct).items() if len(own) > 2])
    yield value(
        "month_intervals",
        "tune",
        "time between first and latest CT in months",
        span_in(ct, MONTH_DAYS),
    )
    yield value(
        "month_intervals",
        "tune",
        "median number of months between first and latest chest CT",
        span_in(chest_ct, MONTH_DAYS, statistics.median),
    )
    yield value(
        "month_intervals",
        "tune",
        f"how many years between the first and latest CT of {pid}",
        span_in(lambda s: ct(s) and s["patient_id"] == pid, YEAR_DAYS),
    )
    yield value(
        "month_intervals",
        "tune",
        "how many months between first and latest CT for patients with a mass",
        span_in(ct, MONTH_DAYS, who=kind_in("mass")),
    )
    yield value(
        "month_intervals",
        "tune",
        "what is the median time in years between first and latest CT",
        span_in(ct, YEAR_DAYS, statistics.median),
    )
    yield value(
        "month_intervals",
        "tune",
        "average follow-up duration in months",
        span_in(anything, MONTH_DAYS),
    )
    yield value(
        "month_intervals",
        "tune",
        "median f/u time in months",
        span_in(anything, MONTH_DAYS, statistics.median),
    )
    yield Item(
        "month_intervals",
        "tune",
        "patients with more than 2 years between first and latest scan",
        "patient",
        followed_for(24, inclusive=False),
    )
    yield Item(
        "month_intervals",
        "tune",
        "how many patients have at least 30 months of follow-up",
        "count",
        len(followed_for(30, inclusive=True)),
    )
    yield Item(
        "month_intervals",
        "tune",
        "patients with chest CTs followed for over 18 months",
        "patient",
        followed_for(18, inclusive=False, kind=chest_ct),
    )
    yield Item(
        "month_intervals",
        "tune",
        "patients scanned again within 1 year",
        "patient",
        rescanned(12),
    )
    yield Item(
        "month_intervals",
        "tune",
        "how many patients were rescanned in less than 1 year",
        "count",
        len(rescanned(12, strict=True)),
    )


# --- stable nodules -----------------------------------------------------------------------------


def stable_findings(test: FindingTest = anything) -> list[Row]:
    """Nodules (or masses) whose mean diameter changed by at most 1.5 mm either way since the
    previous finding of their track."""
    change = growth_by_finding()
    return [
        f
        for f in findings()
        if f["finding_id"] in change and abs(change[f["finding_id"]]) <= 1.5 and test(f)
    ]


def studies_of(rows: list[Row]) -> list[str]:
    return sorted({f["study_uid"] for f in rows})


def patients_with(rows: list[Row]) -> list[str]:
    return sorted({study_of(f)["patient_id"] for f in rows})


def stable(rng: random.Random) -> Iterator[Item]:
    solid: FindingTest = lambda f: f["attenuation"] == "solid"  # noqa: E731
    yield Item("stable", "tune", "stable nodules", "study", studies_of(stable_findings()))
    yield Item(
        "stable",
        "tune",
        "patients with stable nodules",
        "patient",
        patients_with(stable_findings()),
    )
    yield Item(
        "stable",
        "tune",
        "how many stable solid nodules",
        "count",
        len(stable_findings(solid)),
    )
    yield Item(
        "stable",
        "tune",
        "unchanged nodules in the RUL",
        "study",
        studies_of(stable_findings(lambda f: f["lobe"] == "RUL")),
    )
    yield Item(
        "stable",
        "tune",
        "patients whose ground-glass nodules remained stable",
        "patient",
        patients_with(stable_findings(lambda f: f["attenuation"] == "ground-glass")),
    )
    del rng


# --- changes of Lung-RADS category --------------------------------------------------------------

ORDER = ref.ORDER


def category_steps() -> list[tuple[str, str, Row]]:
    """(previous category, category, study) for each study with a category after another one
    of the same patient (by date, then UID)."""
    steps = []
    for own in by_patient(lambda s: ref.category(s) is not None).values():
        for before, after in itertools.pairwise(own):
            steps.append((str(ref.category(before)), str(ref.category(after)), after))
    return steps


def changed(test: Callable[[str, str], bool]) -> list[Row]:
    return [s for before, after, s in category_steps() if test(before, after)]


def up(before: str, after: str) -> bool:
    return ORDER.index(after) > ORDER.index(before)


def lung_rads_change(rng: random.Random) -> Iterator[Item]:
    yield Item(
        "lung_rads_change",
        "tune",
        "patients whose lung-rads category went up",
        "patient",
        patients_of(changed(up)),
    )
    yield Item(
        "lung_rads_change",
        "tune",
        "studies upgraded from lung-rads 2 to 4A",
        "study",
        uids(changed(lambda a, b: (a, b) == ("2", "4A"))),
    )
    yield Item(
        "lung_rads_change",
        "tune",
        "how many patients were upgraded to 4B",
        "count",
        len(patients_of(changed(lambda a, b: up(a, b) and b == "4B"))),
    )
    yield Item(
        "lung_rads_change",
        "tune",
        "patients whose lung-rads went from 3 to 4A",
        "patient",
        patients_of(changed(lambda a, b: (a, b) == ("3", "4A"))),
    )
    yield Item(
        "lung_rads_change",
        "tune",
        "patients whose lung-rads category went down",
        "patient",
        patients_of(changed(lambda a, b: up(b, a))),
    )
    yield Item(
        "lung_rads_change",
        "tune",
        "how many studies had a lung-rads category change since the previous scan",
        "count",
        len(changed(lambda a, b: a != b)),
    )
    yield Item(
        "lung_rads_change",
        "tune",
        "patients with a higher lung-rads category than on their previous scan",
        "patient",
        patients_of(changed(up)),
    )
    yield Item(
        "lung_rads_change",
        "tune",
        "lung-rads 3 to 4B upgrades",
        "study",
        uids(changed(lambda a, b: (a, b) == ("3", "4B"))),
    )
    yield Item(
        "lung_rads_change",
        "tune",
        "patients upgraded to lung-rads 4B or higher",
        "patient",
        patients_of(changed(lambda a, b: up(a, b) and b in ("4B", "4X"))),
    )
    yield Item(
        "lung_rads_change",
        "tune",
        "LR upgrades 2->4A",
        "study",
        uids(changed(lambda a, b: (a, b) == ("2", "4A"))),
    )
    yield Item(
        "lung_rads_change",
        "tune",
        "women upgraded to lung-rads 4",
        "patient",
        patients_of([s for s in changed(lambda a, b: up(a, b) and b.startswith("4")) if female(s)]),
    )
    del rng


# --- overdue follow-up --------------------------------------------------------------------------


def overdue(
    as_of: str = AS_OF, categories: tuple[str, ...] = tuple(INTERVAL_MONTHS), grace: int = 0
) -> list[str]:
    """Patients whose latest chest CT on or before ``as_of`` has one of ``categories`` and whose
    interval (plus ``grace`` months) ended before ``as_of``."""
    day = dt.date.fromisoformat(as_of)
    found = []
    for patient, own in by_patient(lambda s: chest_ct(s) and s["study_date"] <= as_of).items():
        latest = own[-1]
        category = ref.category(latest)
        if category not in categories or category not in INTERVAL_MONTHS:
            continue
        if day > add_months(study_day(latest), INTERVAL_MONTHS[category] + grace):
            found.append(patient)
    return sorted(found)


def overdue_follow_up(rng: random.Random) -> Iterator[Item]:
    yield Item("overdue", "tune", "patients overdue for follow-up", "patient", overdue())
    yield Item(
        "overdue",
        "tune",
        "how many patients are overdue for their annual low-dose CT",
        "count",
        len(overdue(categories=("1", "2"))),
    )
    yield Item(
        "overdue",
        "tune",
        "patients with lung-rads 3 overdue for their 6-month follow-up",
        "patient",
        overdue(categories=("3",)),
    )
    yield Item(
        "overdue",
        "tune",
        "patients overdue by more than 3 months",
        "patient",
        overdue(grace=3),
    )
    yield Item(
        "overdue",
        "tune",
        "patients who missed their annual screening",
        "patient",
        overdue(categories=("1", "2")),
    )
    yield Item(
        "overdue",
        "tune",
        "patients who are more than 6 months overdue",
        "patient",
        overdue(grace=6),
    )
    yield Item(
        "overdue",
        "tune",
        "pts overdue for their next ct",
        "patient",
        overdue(),
    )
    earlier = "2025-06-30"
    yield Item(
        "overdue",
        "tune",
        "which patients are overdue for follow-up",
        "patient",
        overdue(earlier),
        earlier,
    )
    everyone = {s["patient_id"] for s in studies()}
    yield value(
        "overdue",
        "tune",
        "what percentage of patients are overdue for follow-up",
        round(100.0 * len(overdue()) / len(everyone), 1),
    )
    del rng


# --- volume doubling times ----------------------------------------------------------------------


def doubling_times() -> dict[str, float]:
    """Each finding's volume doubling time (days) since the previous finding of its track on an
    earlier date, for findings whose volume increased."""
    found = {}
    for track in tracks().values():
        for before, after in itertools.pairwise(track):
            days = (study_day(study_of(after)) - study_day(study_of(before))).days
            v0, v1 = before["volume_mm3"], after["volume_mm3"]
            if days > 0 and v0 and v1 and v0 > 0 and v1 > v0:
                found[after["finding_id"]] = days * math.log(2) / math.log(v1 / v0)
    return found


def with_vdt(test: Callable[[float], bool]) -> list[Row]:
    vdt = doubling_times()
    return [f for f in findings() if f["finding_id"] in vdt and test(vdt[f["finding_id"]])]


def vdt_of(test: FindingTest, statistic: Statistic) -> float:
    vdt = doubling_times()
    values = [vdt[f["finding_id"]] for f in findings() if f["finding_id"] in vdt and test(f)]
    return round(statistic(values), 2)


def doubling_time(rng: random.Random) -> Iterator[Item]:
    nodule: FindingTest = lambda f: f["kind"] == "nodule"  # noqa: E731
    yield Item(
        "doubling_time",
        "tune",
        "nodules with VDT < 400 days",
        "study",
        studies_of(with_vdt(lambda d: d < 400)),
    )
    yield Item(
        "doubling_time",
        "tune",
        "patients with a nodule with a volume doubling time under 1 year",
        "patient",
        patients_with(with_vdt(lambda d: d < YEAR_DAYS)),
    )
    yield Item(
        "doubling_time",
        "tune",
        "VDT<400d",
        "study",
        studies_of(with_vdt(lambda d: d < 400)),
    )
    yield Item(
        "doubling_time",
        "tune",
        "VDT < 300",
        "study",
        studies_of(with_vdt(lambda d: d < 300)),
    )
    yield Item(
        "doubling_time",
        "tune",
        "how many nodules have a doubling time of more than 1000 days",
        "count",
        len(with_vdt(lambda d: d > 1000)),
    )
    yield Item(
        "doubling_time",
        "tune",
        "solid nodules with VDT between 600 and 900 days",
        "study",
        studies_of([f for f in with_vdt(lambda d: 600 <= d <= 900) if f["attenuation"] == "solid"]),
    )
    yield value("doubling_time", "tune", "median VDT of nodules", vdt_of(nodule, statistics.median))
    yield value(
        "doubling_time",
        "tune",
        "average volume doubling time of part-solid nodules",
        vdt_of(
            lambda f: nodule(f) and f["attenuation"] == "part-solid",
            statistics.fmean,
        ),
    )
    del rng


# --- medians per patient ------------------------------------------------------------------------


def median_per(
    key: str,
    counted: Callable[[Row], int],
    population: Test = anything,
) -> float:
    """The median over the patients (``key="patient_id"``) or studies (``"study_uid"``) with a
    study passing ``population`` of ``counted`` summed over their studies passing it."""
    totals: dict[str, int] = {}
    for s in studies():
        if population(s):
            totals[s[key]] = totals.get(s[key], 0) + counted(s)
    return round(statistics.median(totals.values()), 2)


def nodule_count(test: FindingTest = anything) -> Callable[[Row], int]:
    return lambda s: sum(
        1 for f in ref.findings_of(s["study_uid"]) if f["kind"] == "nodule" and test(f)
    )


def per_patient_medians(rng: random.Random) -> Iterator[Item]:
    family = "per_patient_medians"
    yield value(
        family,
        "tune",
        "median number of nodules per patient",
        median_per("patient_id", nodule_count()),
    )
    yield value(
        family,
        "tune",
        "median number of CTs per patient",
        median_per("patient_id", lambda s: 1, ct),
    )
    yield value(
        family,
        "tune",
        "median number of solid nodules per patient in women",
        median_per("patient_id", nodule_count(lambda f: f["attenuation"] == "solid"), female),
    )
    yield value(
        family,
        "tune",
        "median number of nodules per chest CT",
        median_per("study_uid", nodule_count(), chest_ct),
    )
    yield value(family, "tune", "median nodules per scan", median_per("study_uid", nodule_count()))
    yield value(
        family,
        "tune",
        "what is the median number of scans per patient",
        median_per("patient_id", lambda s: 1),
    )
    yield value(
        family,
        "tune",
        "median number of nodules per patient with a screening CT",
        median_per("patient_id", nodule_count(), screening_ct),
    )
    scanned_often = {p for p, own in by_patient().items() if len(own) >= 4}
    yield value(
        family,
        "tune",
        "median number of nodules per patient with 4 or more scans",
        median_per("patient_id", nodule_count(), lambda s: s["patient_id"] in scanned_often),
    )
    del rng


# --- consecutive intervals ----------------------------------------------------------------------


def consecutive(kind: Test = anything) -> list[tuple[Row, Row]]:
    """Each patient's consecutive studies of ``kind`` on different dates (one study per date)."""
    pairs: list[tuple[Row, Row]] = []
    for own in by_patient(kind).values():
        by_date = {s["study_date"]: s for s in own}
        dated = [by_date[d] for d in sorted(by_date)]
        pairs.extend(itertools.pairwise(dated))
    return pairs


def after_gap(months: int, *, longer: bool, kind: Test = anything) -> list[Row]:
    """The later study of each consecutive pair more (``longer``) or less than ``months``
    calendar months apart."""
    found = []
    for before, after in consecutive(kind):
        limit = add_months(study_day(before), months)
        if (study_day(after) > limit) if longer else (study_day(after) < limit):
            found.append(after)
    return found


def gaps(kind: Test, divisor: float, statistic: Statistic) -> float:
    return round(
        statistic([(study_day(b) - study_day(a)).days / divisor for a, b in consecutive(kind)]),
        2,
    )


def consecutive_intervals(rng: random.Random) -> Iterator[Item]:
    family = "consecutive_intervals"
    yield Item(
        family,
        "tune",
        "patients with a gap of more than 13 months between consecutive scans",
        "patient",
        patients_of(after_gap(13, longer=True)),
    )
    yield Item(
        family,
        "tune",
        "patients with more than 13 months between consecutive chest CTs",
        "patient",
        patients_of(after_gap(13, longer=True, kind=chest_ct)),
    )
    yield Item(
        family,
        "tune",
        "consecutive screening CTs more than 13 months apart",
        "study",
        uids(after_gap(13, longer=True, kind=screening_ct)),
    )
    yield Item(
        family,
        "tune",
        "how many patients had a gap of less than 11 months between consecutive scans",
        "count",
        len(patients_of(after_gap(11, longer=False))),
    )
    yield Item(
        family,
        "tune",
        "screening CTs done less than 11 months after the previous one",
        "study",
        uids(after_gap(11, longer=False, kind=screening_ct)),
    )
    yield value(
        family,
        "tune",
        "average time between consecutive screening CTs",
        gaps(screening_ct, 1.0, statistics.fmean),
    )
    yield value(
        family,
        "tune",
        "median gap between consecutive LDCTs",
        gaps(screening, 1.0, statistics.median),
    )
    yield value(
        family,
        "tune",
        "median gap between screening rounds in months",
        gaps(screening, MONTH_DAYS, statistics.median),
    )
    del rng


FAMILIES = (
    month_intervals,
    stable,
    lung_rads_change,
    overdue_follow_up,
    doubling_time,
    per_patient_medians,
    consecutive_intervals,
)
FAMILY_NAMES = (
    "month_intervals",
    "stable",
    "lung_rads_change",
    "overdue",
    "doubling_time",
    "per_patient_medians",
    "consecutive_intervals",
)
