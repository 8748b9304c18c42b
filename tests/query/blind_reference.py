"""The plain-Python reading of the cohort that the blind parts of the bank share (parts 18 on).

Each blind part (``bank_fresh_NN.py``) computes its expected answers from the cohort's JSON
Lines files with the documented conventions written out by hand, never through the engine.
Parts 18, 19 and 20 were written with this code inside them, each a copy of the part before's;
it lives here once, and the parts import it. Moving it changed no question and no answer
(checked: each part's ``bank()`` is equal before and after). It reads :mod:`cohort_reference`
and nothing of the reader.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import statistics
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any

import cohort_reference as ref
from question_bank import Item, Row, Test

Rows = Iterator[Item]
FTest = Callable[[Row], bool]  # a test of one finding
ORDER = ref.ORDER
MON = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def agreed(*readings: Any) -> Any:
    """The answer when every reading gives the same one, else None (the question is left out)."""
    first = readings[0]
    return first if all(r == first for r in readings[1:]) else None


# --- a plain-Python reading of the cohort, written apart from the engine --------------------


@cache
def _findings_by_study() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {uid: [] for uid in ref.cohort()[1]}
    for f in ref.cohort()[2]:
        out[f["study_uid"]].append(f)
    return out


def fo(s: Row) -> list[Row]:
    """The findings of one study."""
    return _findings_by_study()[s["study_uid"]]


def _key(s: Row) -> tuple[str, str]:
    return (s["study_date"], s["study_uid"])


@cache
def _studies() -> tuple[Row, ...]:
    return tuple(sorted(ref.cohort()[1].values(), key=_key))


def studies() -> list[Row]:
    return list(_studies())


@cache
def _own() -> dict[str, tuple[Row, ...]]:
    out: dict[str, list[Row]] = {p: [] for p in ref.cohort()[0]}
    for s in _studies():
        out[s["patient_id"]].append(s)
    return {p: tuple(v) for p, v in out.items()}


def own(pid: str) -> list[Row]:
    """The patient's studies, first to latest (by date, then UID)."""
    return list(_own().get(pid, ()))


def pats() -> list[Row]:
    return sorted(ref.cohort()[0].values(), key=lambda p: p["patient_id"])


def study_of(f: Row) -> Row:
    return ref.cohort()[1][f["study_uid"]]


def findings() -> list[Row]:
    return ref.cohort()[2]


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def head_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "HEAD")


def any_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT")


def cxr(s: Row) -> bool:
    return bool(s["modality"] == "DX")


def ldct(s: Row) -> bool:
    return bool(s["description"] == "CT CHEST LOW DOSE LUNG SCREENING")


def cta(s: Row) -> bool:
    return "ANGIO" in s["description"]


def non_contrast_chest(s: Row) -> bool:
    return bool(s["description"] == "CT CHEST W/O CONTRAST")


def with_contrast(s: Row) -> bool:
    return bool(s["description"] == "CT CHEST W CONTRAST")


def either(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


def at_station(name: str) -> Test:
    return lambda s: bool(s["station"] == name)


def sex_is(code: str) -> Test:
    return lambda s: ref.sex(s) == code


def age_in(lo: int, hi: int) -> Test:
    return lambda s: lo <= ref.age(s) <= hi


def dated(start: str, end: str) -> Test:
    return lambda s: start <= s["study_date"] <= end


def in_year(y: int) -> Test:
    return dated(f"{y}-01-01", f"{y}-12-31")


def month_end(y: int, m: int) -> str:
    following = dt.date(y + m // 12, m % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).isoformat()


def quarter(y: int, q: int) -> Test:
    return dated(f"{y}-{3 * q - 2:02d}-01", month_end(y, 3 * q))


def shift(day: str, n: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=n)).isoformat()


def birth(pid: str) -> str:
    return str(ref.cohort()[0][pid]["birth_date"])


def born(lo: str, hi: str) -> list[str]:
    """Patients born from ``lo`` to ``hi`` (ISO dates, both included)."""
    return sorted(p["patient_id"] for p in pats() if lo <= p["birth_date"] <= hi)


def is_nodule(f: Row) -> bool:
    return bool(f["kind"] == "nodule")


def nods(s: Row, *tests: FTest) -> list[Row]:
    return [f for f in fo(s) if is_nodule(f) and all(t(f) for t in tests)]


def nod(*tests: FTest) -> Test:
    """A study with a nodule passing every test."""
    return lambda s: bool(nods(s, *tests))


def kind(name: str, *tests: FTest) -> Test:
    return lambda s: any(f["kind"] == name and all(t(f) for t in tests) for f in fo(s))


def lesion(*tests: FTest) -> Test:
    return lambda s: any(
        f["kind"] in ("nodule", "mass") and all(t(f) for t in tests) for f in fo(s)
    )


def att(value: str) -> FTest:
    return lambda f: bool(f["attenuation"] == value)


def margin(value: str) -> FTest:
    return lambda f: bool(f["margin"] == value)


def in_lobe(*names: str) -> FTest:
    return lambda f: f["lobe"] in names


def on_side(name: str) -> FTest:
    return lambda f: f["side"] == name


def calcified(f: Row) -> bool:
    return f["calcified"] is True


def uncalcified(f: Row) -> bool:
    return f["calcified"] is False


def subsolid(f: Row) -> bool:
    return f["attenuation"] in ("part-solid", "ground-glass")


def val(name: str, compare: Callable[[float], bool]) -> FTest:
    return lambda f: f.get(name) is not None and compare(f[name])


def gt(name: str, x: float) -> FTest:
    return val(name, lambda v: v > x)


def ge(name: str, x: float) -> FTest:
    return val(name, lambda v: v >= x)


def lt(name: str, x: float) -> FTest:
    return val(name, lambda v: v < x)


def le(name: str, x: float) -> FTest:
    return val(name, lambda v: v <= x)


def within(name: str, lo: float, hi: float) -> FTest:
    return val(name, lambda v: lo <= v <= hi)


def both_(*tests: Test) -> Test:
    return lambda s: all(t(s) for t in tests)


def neg(test: Test) -> Test:
    return lambda s: not test(s)


def sids(*tests: Test) -> list[str]:
    return sorted(s["study_uid"] for s in studies() if all(t(s) for t in tests))


def pids(*tests: Test) -> list[str]:
    return sorted({s["patient_id"] for s in studies() if all(t(s) for t in tests)})


def fids(*tests: FTest, where: Test = lambda s: True) -> list[str]:
    return sorted(
        f["finding_id"] for f in findings() if all(t(f) for t in tests) and where(study_of(f))
    )


def count(*tests: Test) -> int:
    return len(sids(*tests))


def history(test: Callable[[list[Row]], bool]) -> list[str]:
    """Patients whose whole history (their studies, first to latest) passes ``test``."""
    return sorted(p for p, mine in _own().items() if test(list(mine)))


def each_on_some(*tests: Test) -> Callable[[list[Row]], bool]:
    """A history in which each test holds on some study (maybe a different one for each)."""
    return lambda mine: all(any(map(t, mine)) for t in tests)


def some_but_never(a: Test, b: Test) -> Callable[[list[Row]], bool]:
    return lambda mine: any(map(a, mine)) and not any(map(b, mine))


def aged(person: Test, *tests: Test) -> list[list[str]]:
    """Patients with a person condition and the others on one study, and each on some study."""
    return [pids(person, *tests), history(each_on_some(person, *tests))]


# --- report concepts -------------------------------------------------------------------------


def _sentences(s: Row) -> list[str]:
    text = ref.cohort()[3][s["study_uid"]]
    return [x.lower() for x in re.split(r"(?<=\.)\s+|\n", text) if x.strip()]


NEGATORS = ("no ", "negative for", "without")
CONCEPT = {
    "emphysema": ("emphysema", "emphysematous"),
    "lymphadenopathy": ("lymphadenopathy", "enlarged mediastinal lymph nodes"),
    "coronary": ("coronary artery calcification", "coronary atherosclerosis"),
    "granuloma": ("granuloma",),
}


def mentions(s: Row, concept: str) -> tuple[bool, bool]:
    """(affirmed, negated) mentions of a report concept in a study's report (its phrasings)."""
    affirmed = negated = False
    for sentence in _sentences(s):
        if any(w in sentence for w in CONCEPT[concept]):
            if any(n in sentence for n in NEGATORS):
                negated = True
            else:
                affirmed = True
    return affirmed, negated


def says(concept: str) -> Test:
    return lambda s: mentions(s, concept)[0]


def denies(concept: str) -> Test:
    """The report states the concept absent: a negated mention and no affirmed one."""
    return lambda s: mentions(s, concept)[1] and not mentions(s, concept)[0]


# --- Lung-RADS ---------------------------------------------------------------------------------


def category(s: Row) -> str | None:
    return ref.category(s)


def cat_in(*names: str) -> Test:
    return lambda s: category(s) in names


def highest(mine: list[Row]) -> str | None:
    cats = [c for c in map(category, mine) if c is not None]
    return max(cats, key=ORDER.index) if cats else None


def previous_category(s: Row) -> str | None:
    """The category of the patient's previous study that has one (by date, then UID)."""
    before = [x for x in own(s["patient_id"]) if _key(x) < _key(s) and category(x) is not None]
    return category(before[-1]) if before else None


def rank(c: str | None) -> int:
    return -1 if c is None else ORDER.index(c)


def went(direction: int) -> Test:
    """A categorised study whose category is above (1) / below (-1) / not (0) its previous."""

    def test(s: Row) -> bool:
        c, p = category(s), previous_category(s)
        if c is None or p is None:
            return False
        d = rank(c) - rank(p)
        return d > 0 if direction > 0 else d < 0 if direction < 0 else d != 0

    return test


def went_from(old: str | None, new: tuple[str, ...]) -> Test:
    def test(s: Row) -> bool:
        p = previous_category(s)
        return p is not None and category(s) in new and (old is None or p == old)

    return test


# --- tracks: growth, new, stable, resolved -------------------------------------------------


@cache
def tracks() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for f in findings():
        if f.get("track_id") and f["kind"] in ("nodule", "mass"):
            out.setdefault(f["track_id"], []).append(f)
    for fs in out.values():
        fs.sort(key=lambda f: _key(study_of(f)))
    return out


def mass_from_start(f: Row) -> bool:
    return bool(f.get("track_id")) and tracks()[f["track_id"]][0]["kind"] == "mass"


@cache
def changes(rounded: bool) -> dict[str, float]:
    """Mean-diameter change of each finding since its track's previous finding (earlier date)."""
    out: dict[str, float] = {}
    for fs in tracks().values():
        for before, after in itertools.pairwise(fs):
            if study_of(before)["study_date"] < study_of(after)["study_date"]:
                d = after["diameter_mm"] - before["diameter_mm"]
                out[after["finding_id"]] = round(d, 1) if rounded else d
    return out


def grew(g: float, inclusive: bool, rounded: bool, masses: bool) -> FTest:
    """A nodule (or a mass, when ``masses`` or grown from a nodule) that grew by more than g."""

    def test(f: Row) -> bool:
        if f["kind"] not in ("nodule", "mass") or (not masses and mass_from_start(f)):
            return False
        d = changes(rounded).get(f["finding_id"])
        return d is not None and (d >= g if inclusive else d > g)

    return test


def grew_readings(g: float = 1.5, inclusive: bool = False) -> list[FTest]:
    return [grew(g, inclusive, r, m) for r in (False, True) for m in (False, True)]


def stable(rounded: bool, masses: bool) -> FTest:
    def test(f: Row) -> bool:
        if f["kind"] not in ("nodule", "mass") or (not masses and mass_from_start(f)):
            return False
        d = changes(rounded).get(f["finding_id"])
        return d is not None and abs(d) <= 1.5

    return test


def had_chest_ct_before(s: Row) -> bool:
    return any(chest_ct(x) and x["study_date"] < s["study_date"] for x in own(s["patient_id"]))


def new(masses: bool) -> FTest:
    def test(f: Row) -> bool:
        if not f.get("track_id") or f["kind"] not in ("nodule", "mass"):
            return False
        if f["kind"] == "mass" and not masses:
            return False
        s = study_of(f)
        first = tracks()[f["track_id"]][0]
        return not (study_of(first)["study_date"] < s["study_date"]) and had_chest_ct_before(s)

    return test


def resolved(f: Row) -> bool:
    if not f.get("track_id") or f["kind"] not in ("nodule", "mass"):
        return False
    last = tracks()[f["track_id"]][-1]
    s = study_of(f)
    later = any(chest_ct(x) and x["study_date"] > s["study_date"] for x in own(s["patient_id"]))
    return last is f and later


def fstudy(*tests: FTest) -> Test:
    return lambda s: any(all(t(f) for t in tests) for f in fo(s))


def months_on(day: str, n: int) -> str:
    d = dt.date.fromisoformat(day)
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    last = int(month_end(y, m + 1)[-2:])
    return dt.date(y, m + 1, min(d.day, last)).isoformat()


def days_between(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def near_tenth(x: float) -> bool:
    return abs(round(x, 1) - x) < 0.005


def pct(part: int, whole: int) -> float | None:
    value = 100 * part / whole
    return value if near_tenth(value) else None


def top(rows: Sequence[Row], key: Callable[[Row], Any], n: int, ident: str) -> list[str] | None:
    """The ``n`` first rows by ``key``; None when a tie at the boundary makes it ambiguous."""
    ranked = sorted(rows, key=key)
    if len(ranked) > n and key(ranked[n - 1]) == key(ranked[n]):
        return None
    return sorted(str(r[ident]) for r in ranked[:n])


def untied(
    rows: Sequence[Row], key: Callable[[Row], Any], ident: str, start: int = 3
) -> tuple[int, list[str]]:
    """The first number of rows from ``start`` up (to 15) that no tie at the boundary makes
    ambiguous, and those rows: a ranking question the bank can ask with one right answer."""
    for n in range(start, 16):
        ranked = top(rows, key, n, ident)
        if ranked is not None:
            return n, ranked
    raise AssertionError(f"every ranking from {start} to 15 is tied at its boundary")


def pick(rng: random.Random, pool: Sequence[Any]) -> Any:
    return pool[rng.randrange(len(pool))]


def mean_of(values: Sequence[float]) -> float:
    return float(statistics.mean(values))


def median_of(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def nodule_rows(*tests: FTest, where: Test = lambda s: True) -> list[Row]:
    return [
        f for f in findings() if is_nodule(f) and all(t(f) for t in tests) and where(study_of(f))
    ]


def with_history(n_min: int) -> list[str]:
    return sorted(p for p, mine in _own().items() if len(mine) >= n_min)
