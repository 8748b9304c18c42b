"""Held-out part 17 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as a final, honest measurement of the question reader, blind to it: its
author read only issue 17, the cohort README and data files (``../shared/cohort``; its
``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions"
section of ``docs/query.md`` and its "Reports" section on what a report phrase means (not the
tables of measurements nor the paragraphs listing misses and fixes), :mod:`question_bank` (the
:class:`Item` type and its helpers), :mod:`cohort_reference`, and ``bank_fresh_16.py`` for its
format and module docstring only, not its questions. The reader's code (``query/``), its tests
(``test_*.py``) and the other parts of the bank were not opened, and the engine was never run
on these questions: they were frozen (committed) before any was put to it, and none is to be
changed to suit it afterwards. Their texts were compared with ``dev_queries.jsonl`` and with
part 16's questions by a script that printed only this part's matches, and any word-for-word
match was reworded.

Every family issue 17 lists is here: identifiers (patient, accession, study UID, a patient's
first or latest study, an unknown identifier), dates (quarters, "since <month>", month ranges,
slashed days, halves, birth dates as opposed to study dates), numbers (negative HU and HU ranges,
sizes in words and in cm, confidences as decimals and percentages, volumes, age bands), counts
(exactly N nodules, N or more studies per patient, the same nodule on N scans), patient-level
set logic ("both", "but never", "never had"), Lung-RADS (a category, the highest ever, counts
per category, changes), rankings and top-N, averages, medians and percentages, report concepts
with negation, growth / new / stable / resolved nodules, intervals between scans, ages, sex,
modality and body part, lobes and sides, and attenuation / margin / calcification. They are
phrased as requests from research nurses, fellows, PACS admins and screening coordinators: in
shorthand, lower case, with typos, units written many ways, terse fragments, questions and
imperatives.

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`). Expected answers
are computed here in plain Python from the cohort's JSON Lines files with the documented
conventions written out by hand. Where the conventions do not settle a reading, the question is
asked only when the competing readings give the same answer (:func:`agreed`; otherwise it is
left out): a window's edge day included or not; a track that was a mass from its first study
counted or not as a "new" / "stable" / growing nodule; a change of exactly 1.5 mm computed in
floating point or to 0.1 mm; "latest CT" as the latest CT of any kind or the latest chest CT;
"within N months" with its last day included or not; an age and another condition on one study
or each on some study; a percentage to 0.1 or unrounded (only values within 0.005 of their
rounding are asked); "contrast" with or without the CT angiograms. A patient's first or latest
study is asked only of patients chosen by who they are (an identifier, sex, birth year), never
filtered by a finding.

Scored alone with ``python tests/query/question_bank.py --part held_out_17 -v`` once wired in.
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
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_17"
SEED = 1717

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


def _q(family: str, question: str, unit: str, expected: Any, as_of: str = AS_OF) -> Item:
    return Item(family, PART, question, unit, expected, as_of)


def agreed(*readings: Any) -> Any:
    """The answer when every reading gives the same one, else None (the question is left out)."""
    first = readings[0]
    return first if all(r == first for r in readings[1:]) else None


def ask(family: str, question: str, unit: str, *readings: Any, as_of: str = AS_OF) -> Rows:
    """One question, asked only when its competing readings agree."""
    answer = agreed(*readings)
    if answer is not None:
        yield _q(family, question, unit, answer, as_of)


def first_of(rng: random.Random, family: str, candidates: list[tuple[str, str, list[Any]]]) -> Rows:
    """The first candidate (in a drawn order) whose readings agree and whose answer is not empty."""
    order = list(candidates)
    rng.shuffle(order)
    for question, unit, readings in order:
        answer = agreed(*readings)
        if answer not in (None, [], 0):
            yield _q(family, question, unit, answer)
            return


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
    out: dict[str, list[Row]] = {}
    for s in _studies():
        out.setdefault(s["patient_id"], []).append(s)
    return {p: tuple(v) for p, v in out.items()}


def own(pid: str) -> list[Row]:
    """The patient's studies, first to latest (by date, then UID)."""
    return list(_own().get(pid, ()))


def pats() -> list[Row]:
    return sorted(ref.cohort()[0].values(), key=lambda p: p["patient_id"])


def uid_patient(uid: str) -> str:
    return str(ref.cohort()[1][uid]["patient_id"])


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


def with_contrast(s: Row) -> bool:
    return bool(s["description"] == "CT CHEST W CONTRAST")


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


def is_nodule(f: Row) -> bool:
    return bool(f["kind"] == "nodule")


def nods(s: Row, *tests: FTest) -> list[Row]:
    return [f for f in fo(s) if is_nodule(f) and all(t(f) for t in tests)]


def nod(*tests: FTest) -> Test:
    """A study with a nodule passing every test."""
    return lambda s: bool(nods(s, *tests))


def kind(name: str, *tests: FTest) -> Test:
    return lambda s: any(f["kind"] == name and all(t(f) for t in tests) for f in fo(s))


def att(value: str) -> FTest:
    return lambda f: bool(f["attenuation"] == value)


def margin(value: str) -> FTest:
    return lambda f: bool(f["margin"] == value)


def in_lobe(*names: str) -> FTest:
    return lambda f: f["lobe"] in names


def calcified(f: Row) -> bool:
    return f["calcified"] is True


def uncalcified(f: Row) -> bool:
    return f["calcified"] is False


def subsolid(f: Row) -> bool:
    return f["attenuation"] in ("part-solid", "ground-glass")


def val(name: str, compare: Callable[[float], bool]) -> FTest:
    return lambda f: f.get(name) is not None and compare(f[name])


def under(name: str, x: float, inclusive: bool) -> FTest:
    """A finding whose ``name`` is under ``x`` (``inclusive``: at most ``x``)."""
    return val(name, lambda v: v <= x if inclusive else v < x)


def at_least_age(n: int) -> Test:
    return lambda s: ref.age(s) >= n


def younger_than(n: int) -> Test:
    return lambda s: ref.age(s) < n


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


def aged(age: Test, *tests: Test) -> list[list[str]]:
    """Patients with the age and the conditions on one study, and each on some study."""
    return [pids(age, *tests), history(each_on_some(age, *tests))]


def text_of(s: Row) -> str:
    return ref.cohort()[3][s["study_uid"]]


def _sentences(s: Row) -> list[str]:
    return [x.lower() for x in re.split(r"(?<=\.)\s+|\n", text_of(s)) if x.strip()]


NEGATORS = ("no ", "negative for", "without")


def concept_words(concept: str) -> tuple[str, ...]:
    return {
        "emphysema": ("emphysema",),
        "lymphadenopathy": ("lymphadenopathy", "enlarged mediastinal lymph nodes"),
        "coronary": ("coronary artery calcification", "coronary atherosclerosis"),
        "granuloma": ("granuloma",),
    }[concept]


def mentions(s: Row, concept: str) -> tuple[bool, bool]:
    """(affirmed, negated) mentions of a report concept in a study's report (its phrasings)."""
    affirmed = negated = False
    for sentence in _sentences(s):
        if any(w in sentence for w in concept_words(concept)):
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


def stable(rounded: bool, masses: bool) -> FTest:
    def test(f: Row) -> bool:
        if f["kind"] not in ("nodule", "mass") or (not masses and mass_from_start(f)):
            return False
        d = changes(rounded).get(f["finding_id"])
        return d is not None and abs(d) <= 1.5

    return test


def under_change(rounded: bool, x: float) -> FTest:
    """A finding whose change since its track's previous finding is under ``x`` mm."""
    return lambda f: changes(rounded).get(f["finding_id"], 0.0) < x


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
        earlier = study_of(first)["study_date"] < s["study_date"]
        return not earlier and had_chest_ct_before(s)

    return test


def new_and(masses: bool, *tests: FTest) -> FTest:
    """A new nodule (see :func:`new`) passing every test."""
    is_new = new(masses)
    return lambda f: is_new(f) and all(t(f) for t in tests)


def resolved(f: Row) -> bool:
    if not f.get("track_id") or f["kind"] not in ("nodule", "mass"):
        return False
    last = tracks()[f["track_id"]][-1]
    s = study_of(f)
    later = any(chest_ct(x) and x["study_date"] > s["study_date"] for x in own(s["patient_id"]))
    return last is f and later


def fstudy(test: FTest) -> Test:
    return lambda s: any(test(f) for f in fo(s))


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


def pick(rng: random.Random, pool: Sequence[Any]) -> Any:
    return pool[rng.randrange(len(pool))]


# --- the families --------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    many = [p for p, mine in _own().items() if len(mine) >= 3]
    p1, p2, p3, p4, p5 = (pick(rng, many) for _ in range(5))
    yield from ask(
        fam, f"all exams on file for {p1}?", "study", sids(lambda s: s["patient_id"] == p1)
    )
    yield from ask(fam, f"how many scans has pt {p2} had", "count", len(own(p2)))
    yield from ask(
        fam,
        f"mrn {p3.lower()} - studies w nodules over 6mm",
        "study",
        sids(lambda s: s["patient_id"] == p3, nod(val("diameter_mm", lambda d: d > 6))),
    )
    with_nod = [s for s in studies() if nods(s)]
    s1, s2, s3 = (pick(rng, with_nod) for _ in range(3))
    yield from ask(fam, f"# of nodules on acc {s1['accession']}", "count", len(nods(s1)))
    yield from ask(
        fam, f"how many findings were reported in study {s2['study_uid']}", "count", len(fo(s2))
    )
    yield from ask(
        fam,
        f"pull accession numbers {s1['accession']} and {s3['accession']}",
        "study",
        sorted({s1["study_uid"], s3["study_uid"]}),
    )
    yield from ask(fam, f"uid {s3['study_uid']}: how many nodules?", "count", len(nods(s3)))
    # the latest CT of a patient whose latest study is a chest CT (any CT, chest CT agree)
    latest_ok = [
        p
        for p in many
        if chest_ct(own(p)[-1])  # then it is also the latest CT and the latest chest CT
    ]
    p6 = pick(rng, latest_ok)
    last = own(p6)[-1]["study_uid"]
    yield from ask(fam, f"most recent ct for {p6}", "study", [last])
    p7 = pick(rng, [p for p in many if any(ldct(s) for s in own(p))])
    yield from ask(
        fam,
        f"{p7} baseline ldct please",
        "study",
        [next(s for s in own(p7) if ldct(s))["study_uid"]],
    )
    p8 = pick(rng, [p for p in many if sum(ldct(s) for s in own(p)) >= 2])
    yield from ask(
        fam,
        f"earliest study on record for {p8}",
        "study",
        [own(p8)[0]["study_uid"]],
    )
    year_born = pick(rng, sorted({birth(p)[:4] for p in _own()}))
    chosen = [
        p for p in _own() if birth(p).startswith(year_born) and ref.cohort()[0][p]["sex"] == "F"
    ]
    yield from ask(
        fam,
        f"first study for each female pt born in {year_born}",
        "study",
        sorted(own(p)[0]["study_uid"] for p in chosen),
    )
    year_born2 = pick(rng, sorted({birth(p)[:4] for p in _own()}))
    chosen2 = [p for p in _own() if birth(p).startswith(year_born2)]
    yield from ask(
        fam,
        f"latest scan of every patient born {year_born2}",
        "study",
        sorted(own(p)[-1]["study_uid"] for p in chosen2),
    )
    yield from ask(fam, "nodules on accession A9999990", "study", [])
    yield from ask(fam, "any studies for patient P09999?", "study", [])
    yield from ask(
        fam,
        f"{p4} and {p5} scans",
        "study",
        sids(lambda s: s["patient_id"] in (p4, p5)),
    )
    yield from ask(
        fam,
        f"chest cts on file for pt# {p1}",
        "study",
        sids(lambda s: s["patient_id"] == p1, chest_ct),
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y, q = pick(rng, [(2023, 3), (2024, 2), (2024, 4), (2025, 1), (2025, 3), (2026, 2)])
    yield from ask(fam, f"ldcts done q{q} {y}", "study", sids(ldct, quarter(y, q)))
    y2, q2 = pick(rng, [(2023, 2), (2024, 1), (2024, 3), (2025, 2), (2025, 4), (2026, 1)])
    word = ["first", "second", "third", "fourth"][q2 - 1]
    yield from ask(
        fam,
        f"how many chest cts in the {word} quarter of {y2}",
        "count",
        count(chest_ct, quarter(y2, q2)),
    )
    # "since <month>": the latest such month begun by the as-of date (2026-11-01)
    yield from first_of(
        rng,
        fam,
        [
            (
                f"nodules seen since {MONTH[m - 1]}",
                "study",
                [sids(nod(), dated(f"2026-{m:02d}-{d:02d}", AS_OF)) for d in (1, 2)],
            )
            for m in (3, 4, 5, 6)
        ],
    )
    yield from first_of(
        rng,
        fam,
        [
            (
                f"# of head cts since {MONTH[m - 1]}",
                "count",
                [count(head_ct, dated(f"2026-{m:02d}-{d:02d}", AS_OF)) for d in (1, 2)],
            )
            for m in (7, 8, 9)
        ],
    )
    m1 = rng.choice([2, 3, 4])
    m2 = m1 + rng.choice([2, 3])
    y3 = rng.choice([2024, 2025])
    yield from ask(
        fam,
        f"head ct {MON[m1 - 1]}-{MON[m2 - 1]} {y3}",
        "study",
        sids(head_ct, dated(f"{y3}-{m1:02d}-01", month_end(y3, m2))),
    )
    a, b = m1 + 5, m2 + 5
    yield from ask(
        fam,
        f"count of scans from {MONTH[a - 1]} through {MONTH[b - 1]} {y3 - 1}",
        "count",
        count(dated(f"{y3 - 1}-{a:02d}-01", month_end(y3 - 1, b))),
    )
    yield from ask(
        fam,
        "any studies between dec 2024 and feb 2025 w a spiculated nodule",
        "study",
        sids(nod(margin("spiculated")), dated("2024-12-01", "2025-02-28")),
    )
    yield from ask(
        fam,
        "exams in h2 2023",
        "study",
        sids(dated("2023-07-01", "2023-12-31")),
    )
    yield from ask(fam, "how many ldct last quarter", "count", count(ldct, quarter(2026, 3)))
    yield from ask(
        fam,
        "cxrs in the past 6 months",
        "study",
        sids(cxr, dated("2026-05-01", AS_OF)),
        sids(cxr, dated("2026-05-02", AS_OF)),
    )
    yield from ask(
        fam, "number of scans so far this year", "count", count(dated("2026-01-01", AS_OF))
    )
    d1 = f"{rng.choice([2, 3, 4])}/{rng.choice([15, 20, 25])}/2025"
    mo, da, _ = (int(x) for x in d1.split("/"))
    start = f"2025-{mo:02d}-{da:02d}"
    end = f"2025-{mo + 2:02d}-{da:02d}"
    yield from ask(
        fam,
        f"chest ct from {d1} to {mo + 2}/{da}/2025",
        "study",
        sids(chest_ct, dated(start, end)),
    )
    # birth dates, never study dates
    yield from ask(
        fam,
        "pts born before 1945",
        "patient",
        sorted(p for p in _own() if birth(p) < "1945-01-01"),
    )
    yield from ask(
        fam,
        "how many patients DOB in the 1970s",
        "count",
        sum(1 for p in _own() if "1970" <= birth(p)[:4] <= "1979"),
    )
    yield from ask(
        fam,
        "women born in the fifties w a nodule",
        "patient",
        pids(sex_is("F"), nod(), lambda s: "1950" <= birth(s["patient_id"])[:4] <= "1959"),
    )
    y4 = rng.choice([1948, 1952, 1957, 1963])
    yield from ask(
        fam,
        f"pts w date of birth after 12/31/{y4} and lr 4x",
        "patient",
        pids(cat_in("4X"), lambda s: birth(s["patient_id"]) > f"{y4}-12-31"),
    )
    yield from ask(
        fam,
        "ground glass nods found in 2024-q2",
        "study",
        sids(nod(att("ground-glass")), quarter(2024, 2)),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield from first_of(
        rng,
        fam,
        [
            (
                f"nodules w mean hu below {hu}",
                "study",
                [
                    sids(nod(under("mean_hu", hu, False))),
                    sids(nod(under("mean_hu", hu, True))),
                ],
            )
            for hu in (-680, -650, -620, -600, -580, -550)
        ],
    )
    lo, hi = rng.choice([(-700, -400), (-750, -500), (-600, -300)])
    yield from ask(
        fam,
        f"ct nodules hu {lo} to {hi}",
        "study",
        sids(nod(val("mean_hu", lambda h: lo <= h <= hi))),
    )
    yield from ask(
        fam,
        "nods with attenuation between minus 100 and 50 hu",
        "study",
        sids(nod(val("mean_hu", lambda h: -100 <= h <= 50))),
    )
    yield from first_of(
        rng,
        fam,
        [
            (
                f"how many nodules have a density less than {hu}",
                "count",
                [
                    len(fids(is_nodule, under("mean_hu", hu, False))),
                    len(fids(is_nodule, under("mean_hu", hu, True))),
                ],
            )
            for hu in (-760, -740, -720, -700, -690)
        ],
    )
    yield from ask(
        fam,
        "solid nodules under a centimeter",
        "study",
        sids(nod(att("solid"), val("diameter_mm", lambda d: d < 10))),
    )
    yield from ask(
        fam,
        "any nodule bigger than two centimetres?",
        "study",
        sids(nod(val("diameter_mm", lambda d: d > 20))),
    )
    yield from ask(
        fam,
        "ggns at least half a cm",
        "study",
        sids(nod(att("ground-glass"), val("diameter_mm", lambda d: d >= 5))),
    )
    a, b = rng.choice([(4, 6), (6, 8), (5, 7)])
    yield from ask(
        fam,
        f"nodules {a}mm-{b}mm on ldct",
        "study",
        sids(ldct, nod(val("diameter_mm", lambda d: a <= d <= b))),
    )
    yield from ask(
        fam,
        "nodules btw 0.8 and 1.2 cm",
        "study",
        sids(nod(val("diameter_mm", lambda d: 8 <= d <= 12))),
    )
    c = rng.choice([0.6, 0.65, 0.7])
    yield from ask(
        fam,
        f"findings w confidence under {c}",  # "under" is strict (docs/query.md, Conventions)
        "finding",
        fids(under("confidence", c, False)),
    )
    yield from ask(
        fam,
        "ggn with conf of at least .9",
        "study",
        sids(nod(att("ground-glass"), val("confidence", lambda x: x >= 0.9))),
    )
    yield from ask(
        fam,
        "nodule findings conf >= 97%",
        "finding",
        fids(is_nodule, val("confidence", lambda x: x >= 0.97)),
    )
    yield from ask(
        fam,
        "nodules with a volume over 2 cc",
        "study",
        sids(nod(val("volume_mm3", lambda v: v > 2000))),
    )
    yield from ask(
        fam,
        "part solid w solid component ≥ 6 mm",
        "study",
        sids(nod(att("part-solid"), val("solid_component_mm", lambda v: v >= 6))),
    )
    yield from ask(
        fam,
        "long axis > 2.5cm nodules",
        "study",
        sids(nod(val("long_axis_mm", lambda v: v > 25))),
    )
    yield from ask(
        fam,
        "pts 55-64 w ground glass nodule",
        "patient",
        *aged(age_in(55, 64), nod(att("ground-glass"))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    n = rng.choice([3, 4])
    yield from ask(
        fam, f"studies with exactly {n} nodules", "study", sids(lambda s: len(nods(s)) == n)
    )
    yield from ask(
        fam, "how many scans have only one nodule", "count", count(lambda s: len(nods(s)) == 1)
    )
    yield from ask(
        fam,
        "ldcts w more than 2 nodules on a single scan",
        "study",
        sids(ldct, lambda s: len(nods(s)) > 2),
    )
    yield from ask(
        fam,
        "ldct with fewer than 2 nodules - how many",
        "count",
        count(ldct, lambda s: len(nods(s)) < 2),
    )
    yield from ask(
        fam, "pts with 4 or more studies", "patient", history(lambda mine: len(mine) >= 4)
    )
    yield from ask(
        fam, "patients scanned at least 3 times", "patient", history(lambda mine: len(mine) >= 3)
    )
    yield from ask(
        fam,
        "how many pts had just a single scan",
        "count",
        len(history(lambda mine: len(mine) == 1)),
    )
    yield from ask(
        fam,
        "pts w 3+ chest cts",
        "patient",
        history(lambda mine: sum(map(chest_ct, mine)) >= 3),
    )
    yield from ask(
        fam,
        "which patients have had more than one head ct",
        "patient",
        history(lambda mine: sum(map(head_ct, mine)) > 1),
    )
    yield from ask(
        fam,
        "number of pts with more than two scans",
        "count",
        len(history(lambda mine: len(mine) > 2)),
    )
    yield from ask(
        fam,
        "patients w exactly 2 ldcts",
        "patient",
        history(lambda mine: sum(map(ldct, mine)) == 2),
    )
    k = rng.choice([3, 4])

    def same_nodule_on(at_least: int, masses: bool = True) -> list[str]:
        out = set()
        for fs in tracks().values():
            if not masses and fs[0]["kind"] == "mass":
                continue
            if len({f["study_uid"] for f in fs}) >= at_least:
                out.add(study_of(fs[0])["patient_id"])
        return sorted(out)

    yield from ask(
        fam,
        f"pts where the same nodule shows up on {k} or more scans",
        "patient",
        same_nodule_on(k),
        same_nodule_on(k, masses=False),
    )
    yield from ask(
        fam,
        "ldcts with 2 nodules exactly",
        "study",
        sids(ldct, lambda s: len(nods(s)) == 2),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"

    def both_ever(a: Test, b: Test) -> list[str]:
        return history(lambda mine: any(map(a, mine)) and any(map(b, mine)))

    def but_never(a: Test, b: Test) -> list[str]:
        return history(lambda mine: any(map(a, mine)) and not any(map(b, mine)))

    def never(b: Test) -> list[str]:
        return history(lambda mine: not any(map(b, mine)))

    yield from ask(
        fam,
        "pts with both a mass and emphysema",
        "patient",
        both_ever(kind("mass"), says("emphysema")),
    )
    yield from ask(
        fam,
        "patients w ground glass but never a solid nodule",
        "patient",
        but_never(nod(att("ground-glass")), nod(att("solid"))),
    )
    yield from ask(fam, "who has never had a chest ct", "patient", never(chest_ct))
    yield from ask(fam, "how many pts have never had a nodule", "count", len(never(nod())))
    yield from ask(
        fam,
        "pts with both rul and lll nodules",
        "patient",
        both_ever(nod(in_lobe("RUL")), nod(in_lobe("LLL"))),
    )
    yield from ask(
        fam,
        "calcified nodules but never a spiculated one - pts",
        "patient",
        but_never(nod(calcified), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "patients with emphysema who never had a pneumothorax",
        "patient",
        but_never(says("emphysema"), kind("pneumothorax")),
    )
    yield from first_of(
        rng,
        fam,
        [
            (f"pts who've had both {a} and {b}", "patient", [both_ever(ta, tb)])
            for a, ta, b, tb in (
                ("a cta", cta, "an ldct", ldct),
                ("a head ct", head_ct, "a chest xray", cxr),
                ("a contrast chest ct", with_contrast, "a cxr", cxr),
                ("a head ct", head_ct, "a cta", cta),
                ("a ct angio", cta, "a chest x-ray", cxr),
            )
        ],
    )
    yield from ask(
        fam,
        "screened w ldct but never lung-rads 4 - which pts",
        "patient",
        but_never(ldct, cat_in("4A", "4B", "4X")),
    )
    yield from ask(
        fam,
        "women with both gg and part-solid nodules",
        "patient",
        history(
            lambda mine: (
                ref.sex(mine[0]) == "F"
                and any(map(nod(att("ground-glass")), mine))
                and any(map(nod(att("part-solid")), mine))
            )
        ),
    )
    yield from ask(
        fam,
        "pts scanned in both 2023 and 2026",
        "patient",
        both_ever(in_year(2023), in_year(2026)),
    )
    yield from ask(
        fam,
        "patients that had a pneumothorax but no nodule ever",
        "patient",
        but_never(kind("pneumothorax"), nod()),
    )
    yield from ask(
        fam,
        "count pts never reported with lymphadenopathy on any ct",
        "count",
        len(never(both_(any_ct, says("lymphadenopathy")))),
    )
    yield from ask(
        fam,
        "pts with a spiculated nodule and also, on some scan, coronary calcification",
        "patient",
        both_ever(nod(margin("spiculated")), says("coronary")),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    c = rng.choice(["4B", "3", "4X"])
    yield from ask(fam, f"lr {c.lower()} studies", "study", sids(cat_in(c)))
    yield from ask(fam, "how many ldct were lung-rads 3", "count", count(ldct, cat_in("3")))
    hi = rng.choice(["4A", "3"])
    yield from ask(
        fam,
        f"patients whose highest lung-rads ever was {hi.lower()}",
        "patient",
        history(lambda mine: highest(mine) == hi),
    )
    yield from ask(
        fam,
        "pts w max lung rads 2",
        "patient",
        history(lambda mine: highest(mine) == "2"),
    )
    ld = [s for s in studies() if ldct(s)]
    groups: dict[Any, int] = {}
    for s in ld:
        groups[category(s)] = groups.get(category(s), 0) + 1
    yield from ask(fam, "lung-rads breakdown for screening cts", "groups", sorted(groups.items()))
    every: dict[Any, int] = {}
    for s in studies():
        every[category(s)] = every.get(category(s), 0) + 1
    yield from ask(
        fam,
        "number of studies in each lung rads category",
        "groups",
        sorted(every.items(), key=lambda kv: rank(kv[0])),
    )
    yield from ask(
        fam,
        "lr 4 or higher in 2025",
        "study",
        sids(cat_in("4A", "4B", "4X"), in_year(2025)),
    )
    yield from ask(
        fam,
        "studies where the lung-rads category went up",
        "study",
        sids(
            lambda s: (
                category(s) is not None and rank(category(s)) > rank(previous_category(s)) >= 0
            )
        ),
    )
    yield from ask(
        fam,
        "ldcts upgraded to 4b",
        "study",
        sids(
            ldct,
            lambda s: category(s) == "4B" and 0 <= rank(previous_category(s)) < rank("4B"),
        ),
    )
    yield from ask(
        fam,
        "studies where lr went from 3 to 4a",
        "study",
        sids(lambda s: category(s) == "4A" and previous_category(s) == "3"),
    )
    yield from ask(
        fam,
        "women lr3 or above",
        "patient",
        pids(sex_is("F"), cat_in("3", "4A", "4B", "4X")),
    )
    yield from ask(
        fam,
        "how many patients ever had lung-rads 4x",
        "count",
        len(pids(cat_in("4X"))),
    )
    yield from ask(
        fam,
        "chest cts below lr 3 count",
        "count",
        count(chest_ct, cat_in("1", "2")),
    )
    yield from ask(
        fam,
        "category 1 ldcts in 2024",
        "study",
        sids(ldct, cat_in("1"), in_year(2024)),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    nodule_rows = [f for f in findings() if is_nodule(f)]

    def ranked(
        template: str, rows: Sequence[Row], key: Callable[[Row], Any], ident: str, unit: str
    ) -> Rows:
        ns = [2, 3, 4, 5, 6, 7, 8, 10]
        rng.shuffle(ns)
        for n in ns:
            answer = top(rows, key, n, ident)
            if answer is not None:
                yield _q(fam, template.format(n=n), unit, answer)
                return

    def later(day: str) -> tuple[int, ...]:
        return tuple(-ord(c) for c in day)

    yield from ranked(
        "the {n} largest nodules", nodule_rows, lambda f: -f["diameter_mm"], "finding_id", "finding"
    )
    yield from ranked(
        "{n} nodules w lowest hu", nodule_rows, lambda f: f["mean_hu"], "finding_id", "finding"
    )
    yield from ranked(
        "top {n} nodules by vol", nodule_rows, lambda f: -f["volume_mm3"], "finding_id", "finding"
    )
    pts = pats()
    yield from ranked(
        "which {n} pts are the oldest", pts, lambda p: p["birth_date"], "patient_id", "patient"
    )
    yield from ranked(
        "the {n} youngest patients", pts, lambda p: later(p["birth_date"]), "patient_id", "patient"
    )
    chest = [s for s in studies() if chest_ct(s)]
    yield from ranked(
        "{n} most recent chest cts", chest, lambda s: later(s["study_date"]), "study_uid", "study"
    )
    heads = [s for s in studies() if head_ct(s)]
    yield from ranked(
        "earliest {n} head cts", heads, lambda s: s["study_date"], "study_uid", "study"
    )
    yield from ranked(
        "the {n} least confident findings",
        findings(),
        lambda f: f["confidence"],
        "finding_id",
        "finding",
    )
    per_patient = {p: sum(len(nods(s)) for s in own(p)) for p in _own()}
    rows = [{"patient_id": p, "n": c} for p, c in per_patient.items()]
    best = max(per_patient.values())
    leaders = sorted(p for p, c in per_patient.items() if c == best)
    yield _q(fam, "which patient has the most nodules", "patient", [leaders[0]])
    yield from ranked(
        "top {n} pts by # of nodules", rows, lambda r: -r["n"], "patient_id", "patient"
    )
    gg = [f for f in nodule_rows if f["attenuation"] == "ground-glass"]
    yield from ranked("{n} biggest ggns", gg, lambda f: -f["diameter_mm"], "finding_id", "finding")
    yield from ranked(
        "{n} nodules w the longest long axis",
        nodule_rows,
        lambda f: -f["long_axis_mm"],
        "finding_id",
        "finding",
    )
    ps = [f for f in nodule_rows if f["attenuation"] == "part-solid"]
    yield from ranked(
        "smallest {n} part-solid nodules", ps, lambda f: f["diameter_mm"], "finding_id", "finding"
    )
    yield from ranked(
        "give me the {n} densest nodules",
        nodule_rows,
        lambda f: -f["mean_hu"],
        "finding_id",
        "finding",
    )
    cxrs = [s for s in studies() if cxr(s)]
    yield from ranked(
        "latest {n} chest xrays", cxrs, lambda s: later(s["study_date"]), "study_uid", "study"
    )


def aggregates(rng: random.Random) -> Rows:
    fam = "aggregates"
    nod_rows = [f for f in findings() if is_nodule(f)]

    def of(test: FTest) -> list[Row]:
        return [f for f in nod_rows if test(f)]

    yield from ask(
        fam, "avg nodule size", "value", statistics.mean(f["diameter_mm"] for f in nod_rows)
    )
    yield from ask(
        fam,
        "avg attenuation in hu for ground-glass nods",
        "value",
        statistics.mean(f["mean_hu"] for f in of(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "median diameter of spiculated nodules",
        "value",
        statistics.median(f["diameter_mm"] for f in of(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "average volume of part-solid nodules in cc",
        "value",
        statistics.mean(f["volume_mm3"] for f in of(att("part-solid"))) / 1000,
    )
    yield from ask(
        fam,
        "mean long axis of calcified nods, in cm",
        "value",
        statistics.mean(f["long_axis_mm"] for f in of(calcified)) / 10,
    )
    yield from ask(
        fam,
        "median confidence for pneumothorax findings",
        "value",
        statistics.median(f["confidence"] for f in findings() if f["kind"] == "pneumothorax"),
    )
    ld = [s for s in studies() if ldct(s)]
    yield from ask(
        fam,
        "avg number of nodules per ldct",
        "value",
        sum(len(nods(s)) for s in ld) / len(ld),
    )
    cands: list[tuple[str, str, list[Any]]] = []
    for y in (2023, 2024, 2025, 2026):
        for c in ORDER:
            cands.append(
                (
                    f"% of {y} ldcts that were lung-rads {c.lower()}",
                    "value",
                    [pct(count(ldct, in_year(y), cat_in(c)), count(ldct, in_year(y)))],
                )
            )
    for name, code in (
        ("RUL", "RUL"),
        ("RML", "RML"),
        ("RLL", "RLL"),
        ("LUL", "LUL"),
        ("LLL", "LLL"),
    ):
        cands.append(
            (
                f"what share of nodules are in the {name.lower()}",
                "value",
                [pct(len(of(in_lobe(code))), len(nod_rows))],
            )
        )
    for word, value in (
        ("solid", "solid"),
        ("ground glass", "ground-glass"),
        ("part-solid", "part-solid"),
    ):
        cands.append(
            (
                f"percent of nodules that are {word}",
                "value",
                [pct(len(of(att(value))), len(nod_rows))],
            )
        )
    for word, value in (
        ("spiculated", "spiculated"),
        ("lobulated", "lobulated"),
        ("smooth", "smooth"),
    ):
        cands.append(
            (
                f"proportion of nodules with {word} margins, %",
                "value",
                [pct(len(of(margin(value))), len(nod_rows))],
            )
        )
    for word, test in (
        ("a mass", kind("mass")),
        ("emphysema", says("emphysema")),
        ("a pneumothorax", kind("pneumothorax")),
        ("a calcified nodule", nod(calcified)),
        ("lr 4x", cat_in("4X")),
        ("a head ct", head_ct),
    ):
        cands.append(
            (
                f"what percentage of patients have had {word}",
                "value",
                [pct(len(pids(test)), len(pats()))],
            )
        )
    rng.shuffle(cands)
    asked = 0
    for question, unit, readings in cands:
        if readings[0] is not None and asked < 4:
            asked += 1
            yield _q(fam, question, unit, readings[0])
    mass_pts = pids(kind("mass"))
    ages_at = [ref.age([s for s in own(p) if kind("mass")(s)][-1]) for p in mass_pts]
    yield from ask(fam, "mean age of patients with a mass", "value", statistics.mean(ages_at))
    yield from ask(
        fam,
        "median # of scans per patient",
        "value",
        statistics.median(len(mine) for mine in _own().values()),
    )
    yield from ask(
        fam,
        "average size of solid nodules on ldct",
        "value",
        statistics.mean(f["diameter_mm"] for f in of(att("solid")) if ldct(study_of(f))),
    )
    yield from ask(
        fam,
        "avg solid component of part-solid nods",
        "value",
        statistics.mean(
            f["solid_component_mm"]
            for f in of(att("part-solid"))
            if f["solid_component_mm"] is not None
        ),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield from ask(fam, "ldcts w emphysema", "study", sids(ldct, says("emphysema")))
    yield from ask(
        fam,
        "chest cts without emphysema in 2025",
        "study",
        sids(chest_ct, in_year(2025), neg(says("emphysema"))),
    )
    yield from ask(
        fam, "reports negative for lymphadenopathy", "study", sids(denies("lymphadenopathy"))
    )
    yield from ask(
        fam, "how many reports mention coronary calcification", "count", count(says("coronary"))
    )
    yield from ask(
        fam,
        "emphysema and a spiculated nodule on the same scan",
        "study",
        sids(says("emphysema"), nod(margin("spiculated"))),
    )
    yield from ask(
        fam, "women w granuloma in the report", "patient", pids(sex_is("F"), says("granuloma"))
    )
    yield from ask(
        fam, "pts with mediastinal lymphadenopathy", "patient", pids(says("lymphadenopathy"))
    )
    yield from ask(
        fam, "ct reports that say no emphysema", "study", sids(any_ct, denies("emphysema"))
    )
    yield from ask(
        fam,
        "nodule > 8mm w/o emphysema",
        "study",
        sids(nod(val("diameter_mm", lambda d: d > 8)), neg(says("emphysema"))),
    )
    yield from ask(
        fam,
        "# of ldcts where the report documents emphysema and coronary artery calcification",
        "count",
        count(ldct, says("emphysema"), says("coronary")),
    )
    yield from ask(
        fam,
        "men with emphysema on ct, lr 4a",
        "patient",
        pids(sex_is("M"), any_ct, says("emphysema"), cat_in("4A")),
        history(
            lambda mine: (
                ref.sex(mine[0]) == "M"
                and any(map(both_(any_ct, says("emphysema")), mine))
                and any(map(cat_in("4A"), mine))
            )
        ),
    )
    yield from ask(
        fam,
        "reports stating no lymphadenopathy in 2024, how many",
        "count",
        count(denies("lymphadenopathy"), in_year(2024)),
    )
    yield from ask(
        fam,
        "emphysma on screening ct 2026",
        "study",
        sids(ldct, says("emphysema"), in_year(2026)),
    )
    yield from ask(
        fam,
        "granulomas in the report w/ a calcified nodule",
        "study",
        sids(says("granuloma"), nod(calcified)),
    )


def follow_up(rng: random.Random) -> Rows:
    fam = "follow_up"

    def grew_readings(g: float, inclusive: bool, *extra: Test, unit: str = "study") -> list[Any]:
        out = []
        for rounded in (False, True):
            for masses in (False, True):
                t = fstudy(grew(g, inclusive, rounded, masses))
                out.append(sids(t, *extra) if unit == "study" else pids(t, *extra))
        return out

    yield from ask(fam, "growing nodules", "study", *grew_readings(1.5, False))
    g = rng.choice([3, 4])
    yield from ask(
        fam,
        f"pts w a nodule that grew more than {g}mm",
        "patient",
        *grew_readings(g, False, unit="patient"),
    )
    yield from ask(fam, "nodules that grew at least 2 mm", "study", *grew_readings(2, True))
    yield from ask(
        fam,
        "growing nodule on ldct in 2025",
        "study",
        *grew_readings(1.5, False, ldct, in_year(2025)),
    )

    def new_readings(*tests: FTest, where: Test = lambda s: True) -> list[list[str]]:
        return [sids(where, fstudy(new_and(masses, *tests))) for masses in (False, True)]

    yield from first_of(
        rng,
        fam,
        [
            (f"new nodules in {y}", "study", new_readings(where=in_year(y)))
            for y in (2024, 2025, 2026)
        ],
    )
    yield from ask(
        fam,
        "new solid nodule > 6 mm",
        "study",
        *new_readings(att("solid"), val("diameter_mm", lambda d: d > 6)),
    )
    yield from first_of(
        rng,
        fam,
        [
            (
                f"how many studies show a new {word}",
                "count",
                [len(r) for r in new_readings(att(value))],
            )
            for word, value in (("ggn", "ground-glass"), ("part solid nodule", "part-solid"))
        ],
    )
    yield from first_of(
        rng,
        fam,
        [
            (
                f"{word} with a new nodule",
                "patient",
                [pids(sex_is(code), fstudy(new(m))) for m in (False, True)],
            )
            for word, code in (("women", "F"), ("men", "M"))
        ],
    )

    def stable_readings(*extra: Test) -> list[list[str]]:
        return [sids(fstudy(stable(r, m)), *extra) for r in (False, True) for m in (False, True)]

    yield from ask(fam, "stable nodules on screening ct", "study", *stable_readings(ldct))
    yield from ask(
        fam,
        "unchanged nodules in 2026",
        "study",
        *stable_readings(in_year(2026)),
    )
    yield from ask(
        fam,
        "nodules that have since resolved",
        "study",
        sids(fstudy(resolved)),
        sids(fstudy(lambda f: resolved(f) and not mass_from_start(f))),
    )
    yield from ask(
        fam,
        "nodules that got smaller",
        "study",
        *[sids(fstudy(under_change(r, -1.5))) for r in (False, True)],
    )

    def larger_latest(p: str, chest_only: bool) -> bool:
        mine = [s for s in own(p) if chest_ct(s) or not chest_only]
        if not mine:
            return False
        last = mine[-1]
        for f in fo(last):
            if f.get("track_id") and f["kind"] in ("nodule", "mass"):
                first = tracks()[f["track_id"]][0]
                if (
                    study_of(first)["study_date"] < last["study_date"]
                    and first["diameter_mm"] < f["diameter_mm"]
                ):
                    return True
        return False

    yield from ask(
        fam,
        "pts whose nodule is bigger on the latest scan than on the first",
        "patient",
        sorted(p for p in _own() if larger_latest(p, False)),
        sorted(p for p in _own() if larger_latest(p, True)),
    )
    yield from ask(
        fam,
        "how many pts had a growing nodule and lr 4b on that scan",
        "count",
        *[len(r) for r in grew_readings(1.5, False, cat_in("4B"), unit="patient")],
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    multi = [
        p for p, mine in _own().items() if len({s["study_date"] for s in mine if chest_ct(s)}) >= 3
    ]
    p1 = pick(rng, multi)

    def span(mine: list[Row]) -> int:
        return days_between(mine[0]["study_date"], mine[-1]["study_date"])

    cts = [s for s in own(p1) if any_ct(s)]
    chests = [s for s in own(p1) if chest_ct(s)]
    yield from ask(
        fam, f"days between first and latest ct for {p1}", "value", span(cts), span(chests)
    )
    p2 = pick(rng, [p for p in multi if sum(map(ldct, own(p))) >= 2])
    lds = [s for s in own(p2) if ldct(s)]
    yield from ask(
        fam,
        f"months from baseline to most recent ldct, {p2}",
        "value",
        span(lds) / 30.4375,
    )
    spans = [
        span(mine)
        for mine in map(list, _own().values())
        if len({s["study_date"] for s in mine}) >= 2
    ]
    yield from ask(fam, "avg follow-up duration in years", "value", statistics.mean(spans) / 365.25)
    yield from ask(
        fam, "median time between first and last scan, days", "value", statistics.median(spans)
    )

    def followed(months: int, inclusive: bool) -> list[str]:
        def test(mine: list[Row]) -> bool:
            due = months_on(mine[0]["study_date"], months)
            last = str(mine[-1]["study_date"])
            return last >= due if inclusive else last > due

        return history(test)

    yield from first_of(
        rng,
        fam,
        [
            (
                f"pts followed for more than {n} years",
                "patient",
                [followed(12 * n, False), followed(12 * n, True)],
            )
            for n in (1, 2, 3)
        ],
    )
    yield from ask(
        fam,
        "patients w at least 30 months of follow-up",
        "patient",
        followed(30, True),
        followed(30, False),
    )

    def repeat(kind_test: Test, months: int) -> list[list[str]]:
        out = []
        for inclusive in (True, False):

            def test(s: Row, inc: bool = inclusive) -> bool:
                if not kind_test(s):
                    return False
                due = months_on(s["study_date"], months)
                return any(
                    kind_test(x)
                    and s["study_date"] < x["study_date"]
                    and (x["study_date"] <= due if inc else x["study_date"] < due)
                    for x in own(s["patient_id"])
                )

            out.append(sids(test))
        return out

    yield from first_of(
        rng,
        fam,
        [
            (f"ldcts followed by another ldct within {mo} months", "study", repeat(ldct, mo))
            for mo in (11, 12, 13, 14, 15)
        ],
    )
    yield from first_of(
        rng,
        fam,
        [
            (
                f"patients who came back within {mo} months",
                "patient",
                [sorted({uid_patient(u) for u in r}) for r in repeat(lambda s: True, mo)],
            )
            for mo in (10, 11, 12, 13, 14, 16)
        ],
    )

    def gaps(kind_test: Test) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for mine in _own().values():
            days = sorted({s["study_date"] for s in mine if kind_test(s)})
            out.extend(itertools.pairwise(days))
        return out

    def gap_patients(kind_test: Test, months: int) -> list[list[str]]:
        out = []
        for inclusive in (True, False):
            hit = set()
            for mine in _own().values():
                days = sorted({s["study_date"] for s in mine if kind_test(s)})
                for a, b in itertools.pairwise(days):
                    due = months_on(a, months)
                    if b > due or (inclusive and b == due):
                        hit.add(mine[0]["patient_id"])
            out.append(sorted(hit))
        return out

    yield from first_of(
        rng,
        fam,
        [
            (
                f"pts with a gap over {gm} months between consecutive ldcts",
                "patient",
                gap_patients(ldct, gm),
            )
            for gm in (11, 12, 13, 14)
        ],
    )
    yield from ask(
        fam,
        "median interval between consecutive chest cts in days",
        "value",
        statistics.median(days_between(a, b) for a, b in gaps(chest_ct)),
    )
    yield from ask(
        fam,
        "mean gap between successive screening cts, months",
        "value",
        statistics.mean(days_between(a, b) for a, b in gaps(ldct)) / 30.4375,
    )

    def overdue(as_of: str, months_for: dict[str, int]) -> list[str]:
        out = []
        for p, mine in _own().items():
            chest = [s for s in mine if chest_ct(s) and s["study_date"] <= as_of]
            if not chest:
                continue
            last = chest[-1]
            c = category(last)
            if c in months_for and as_of > months_on(last["study_date"], months_for[c]):
                out.append(p)
        return sorted(out)

    when = rng.choice(["2025-06-30", "2025-09-15", "2026-03-31"])
    yield from ask(
        fam,
        "who is overdue for their annual low dose ct",
        "patient",
        overdue(when, {"1": 12, "2": 12}),
        as_of=when,
    )


def ages(rng: random.Random) -> Rows:
    fam = "ages"
    yield from ask(fam, "pts over 85", "patient", pids(lambda s: ref.age(s) > 85))
    yield from first_of(
        rng,
        fam,
        [
            (
                f"{word} w spiculated nodules",
                "patient",
                aged(age_in(lo, lo + 9), nod(margin("spiculated"))),
            )
            for word, lo in (
                ("quinquagenarians", 50),
                ("sexagenarians", 60),
                ("septuagenarians", 70),
            )
        ],
    )
    yield from first_of(
        rng,
        fam,
        [
            (f"pts in their {d}s who had an ldct", "patient", aged(age_in(d, d + 9), ldct))
            for d in (40, 50, 60, 70)
        ],
    )
    yield from first_of(
        rng,
        fam,
        [
            (
                f"people aged {lo} to {lo + 10} with nodules",
                "patient",
                aged(age_in(lo, lo + 10), nod()),
            )
            for lo in (45, 48, 52, 56, 62)
        ],
    )
    yield from ask(
        fam,
        "head cts in pts under 40, how many",
        "count",
        count(head_ct, lambda s: ref.age(s) < 40),
    )
    yield from first_of(
        rng,
        fam,
        [
            (
                f"# pts {n}+ w a pneumothorax",
                "count",
                [len(r) for r in aged(at_least_age(n), kind("pneumothorax"))],
            )
            for n in (55, 60, 65, 70, 75)
        ],
    )
    yield from ask(
        fam,
        "patients 80 yo or older with lr 4a",
        "patient",
        pids(lambda s: ref.age(s) >= 80, cat_in("4A")),
        history(lambda mine: any(ref.age(s) >= 80 for s in mine) and any(map(cat_in("4A"), mine))),
    )
    firsts = [[s for s in mine if ldct(s)] for mine in _own().values()]
    yield from ask(
        fam,
        "average age at baseline ldct",
        "value",
        statistics.mean(ref.age(f[0]) for f in firsts if f),
    )
    masses = pids(kind("mass"))
    oldest = sorted(masses, key=lambda p: (birth(p), p))
    if birth(oldest[0]) != birth(oldest[1]):
        yield _q(fam, "oldest pt w a mass", "patient", [oldest[0]])
    yield from ask(
        fam,
        "octogenarians with ggn",
        "patient",
        *aged(age_in(80, 89), nod(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "studies on pts younger than 45",
        "study",
        sids(lambda s: ref.age(s) < 45),
    )
    yield from ask(
        fam,
        "pts between 60 and 70 yrs old with a part-solid nodule",
        "patient",
        pids(age_in(60, 70), nod(att("part-solid"))),
        history(
            lambda mine: any(map(age_in(60, 70), mine)) and any(map(nod(att("part-solid")), mine))
        ),
    )


def sexes(rng: random.Random) -> Rows:
    fam = "sex"
    yield from ask(fam, "men w lr 4x", "patient", pids(sex_is("M"), cat_in("4X")))
    yield from ask(
        fam,
        "female pts with ggn > 10mm",
        "patient",
        pids(sex_is("F"), nod(att("ground-glass"), val("diameter_mm", lambda d: d > 10))),
    )
    yield from ask(fam, "how many women had a ct angio chest", "count", len(pids(sex_is("F"), cta)))
    yield from ask(fam, "patients with sex recorded as other", "patient", pids(sex_is("O")))
    yield from ask(
        fam, "how many male ldcts in 2024", "count", count(sex_is("M"), ldct, in_year(2024))
    )
    yield from first_of(
        rng,
        fam,
        [
            (
                f"women under {n} with a pneumothorax",
                "patient",
                [
                    pids(sex_is("F"), younger_than(n), kind("pneumothorax")),
                    history(each_on_some(sex_is("F"), younger_than(n), kind("pneumothorax"))),
                ],
            )
            for n in (40, 45, 50, 55, 60)
        ],
    )
    yield from ask(fam, "male patients w a mass", "patient", pids(sex_is("M"), kind("mass")))
    yield from ask(fam, "women's head cts", "study", sids(sex_is("F"), head_ct))
    yield from ask(
        fam, "number of female patients", "count", sum(1 for p in pats() if p["sex"] == "F")
    )
    yield from ask(
        fam,
        "F pts w calcified nodules",
        "patient",
        pids(sex_is("F"), nod(calcified)),
    )
    yield from ask(
        fam,
        "men with emphysema",
        "patient",
        pids(sex_is("M"), says("emphysema")),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield from ask(
        fam, "head cts w hemorrhage", "study", sids(head_ct, kind("intracranial_hemorrhage"))
    )
    yield from ask(fam, "chest xrays with a pneumothorax", "study", sids(cxr, kind("pneumothorax")))
    yield from ask(fam, "how many cxr", "count", count(cxr))
    yield from ask(fam, "cta chest pe count in 2025", "count", count(cta, in_year(2025)))
    yield from first_of(
        rng,
        fam,
        [
            (
                f"contrast chest ct w {word}",
                "study",
                [sids(with_contrast, test), sids(lambda s: with_contrast(s) or cta(s), test)],
            )
            for word, test in (
                ("consolidation", kind("consolidation")),
                ("a mass", kind("mass")),
                ("spiculated nodule", nod(margin("spiculated"))),
                ("nodules over 15mm", nod(val("diameter_mm", lambda d: d > 15))),
            )
        ],
    )
    st = rng.choice(["CT01", "CT02"])
    y, q = rng.choice([(2024, 1), (2025, 3), (2023, 4)])
    yield from ask(
        fam,
        f"{st.lower()} scans in q{q} {y}",
        "study",
        sids(at_station(st), quarter(y, q)),
    )
    yield from ask(
        fam, "dx01 studies 2026 - how many", "count", count(at_station("DX01"), in_year(2026))
    )
    yield from ask(
        fam,
        "diagnostic chest cts with a mass",
        "study",
        sids(chest_ct, neg(ldct), kind("mass")),
    )
    yield from ask(
        fam,
        "pts whose every scan was a head ct",
        "patient",
        history(lambda mine: all(map(head_ct, mine))),
    )
    yield from ask(
        fam,
        "pleural effusion on a ct chest w/o contrast",
        "study",
        sids(lambda s: s["description"] == "CT CHEST W/O CONTRAST", kind("pleural_effusion")),
        sids(
            lambda s: chest_ct(s) and not with_contrast(s) and not cta(s), kind("pleural_effusion")
        ),
    )
    yield from ask(
        fam,
        "how many ct heads were done",
        "count",
        count(head_ct),
    )
    yield from ask(
        fam,
        "screening cts on ct02 with lr 4b",
        "study",
        sids(ldct, at_station("CT02"), cat_in("4B")),
    )
    yield from ask(
        fam,
        "chest ct effusions",
        "study",
        sids(chest_ct, kind("pleural_effusion")),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    d = rng.choice([6, 8, 10])
    yield from ask(
        fam,
        f"rul nodules > {d}mm",
        "study",
        sids(nod(in_lobe("RUL"), val("diameter_mm", lambda x: x > d))),
    )
    yield from ask(
        fam, "left lung nodules on ldct", "study", sids(ldct, nod(in_lobe("LUL", "LLL")))
    )
    yield from ask(
        fam,
        "right sided pneumothorax",
        "study",
        sids(kind("pneumothorax", lambda f: f["side"] == "right")),
    )
    yield from ask(fam, "middle lobe ggns", "study", sids(nod(in_lobe("RML"), att("ground-glass"))))
    yield from ask(
        fam,
        "nodules in both lungs",
        "study",
        sids(nod(in_lobe("RUL", "RML", "RLL")), nod(in_lobe("LUL", "LLL"))),
    )
    yield from ask(
        fam,
        "how many left effusions",
        "count",
        len(fids(lambda f: f["kind"] == "pleural_effusion" and f["side"] == "left")),
        count(kind("pleural_effusion", lambda f: f["side"] == "left")),
    )
    yield from ask(
        fam,
        "upper lobe spiculated nodules",
        "study",
        sids(nod(in_lobe("RUL", "LUL"), margin("spiculated"))),
    )
    yield from ask(
        fam,
        "lower lobe ggn in women",
        "patient",
        pids(sex_is("F"), nod(in_lobe("RLL", "LLL"), att("ground-glass"))),
    )
    yield from ask(
        fam,
        "how many nodules in the lll",
        "count",
        len(fids(is_nodule, in_lobe("LLL"))),
    )
    yield from ask(
        fam,
        "lul part solid nodules 2025",
        "study",
        sids(in_year(2025), nod(in_lobe("LUL"), att("part-solid"))),
    )
    yield from ask(
        fam,
        "consolidation in the rll",
        "study",
        sids(kind("consolidation", in_lobe("RLL"))),
    )
    yield from ask(
        fam,
        "pts w left pneumothorax",
        "patient",
        pids(kind("pneumothorax", lambda f: f["side"] == "left")),
    )


def characters(rng: random.Random) -> Rows:
    fam = "characteristics"
    yield from ask(
        fam,
        "spiculated part solid nodules",
        "study",
        sids(nod(margin("spiculated"), att("part-solid"))),
    )
    d = rng.choice([5, 6, 8])
    yield from ask(
        fam,
        f"calcified nodules >{d}mm",
        "study",
        sids(nod(calcified, val("diameter_mm", lambda x: x > d))),
    )
    yield from ask(
        fam,
        "non-calcified solid nods 6-8 mm",
        "study",
        sids(nod(uncalcified, att("solid"), val("diameter_mm", lambda x: 6 <= x <= 8))),
    )
    yield from ask(
        fam, "lobulated ggns", "study", sids(nod(margin("lobulated"), att("ground-glass")))
    )
    yield from ask(
        fam,
        "pure gg nodules over 2 cm",
        "study",
        sids(nod(att("ground-glass"), val("diameter_mm", lambda x: x > 20))),
    )
    yield from ask(
        fam,
        "count of smooth-margined nodules",
        "count",
        len(fids(is_nodule, margin("smooth"))),
    )
    yield from ask(fam, "subsolid nodules in 2023", "study", sids(in_year(2023), nod(subsolid)))
    yield from ask(
        fam,
        "psn with solid comp over 8mm",
        "study",
        sids(nod(att("part-solid"), val("solid_component_mm", lambda x: x > 8))),
    )
    yield from ask(
        fam,
        "uncalcified spiculated nodule in a woman",
        "patient",
        pids(sex_is("F"), nod(uncalcified, margin("spiculated"))),
    )
    yield from ask(
        fam,
        "spiculatd solid nodules ≥ 1 cm",
        "study",
        sids(nod(margin("spiculated"), att("solid"), val("diameter_mm", lambda x: x >= 10))),
    )
    yield from ask(
        fam,
        "list all lobulated nodule findings above 15 mm",
        "finding",
        fids(is_nodule, margin("lobulated"), val("diameter_mm", lambda x: x > 15)),
    )
    yield from ask(
        fam,
        "how many calcified nodules are there",
        "count",
        len(fids(is_nodule, calcified)),
    )
    yield from ask(
        fam,
        "smooth solid nodlues under 4 mm",
        "study",
        sids(nod(margin("smooth"), att("solid"), val("diameter_mm", lambda x: x < 4))),
    )


FAMILIES = (
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
    ages,
    sexes,
    modality,
    lobes,
    characters,
)


def bank() -> list[Item]:
    rng = random.Random(SEED)
    seen: dict[str, Item] = {}
    for family in FAMILIES:
        for item in family(rng):
            seen.setdefault(item.question, item)
    return list(seen.values())
