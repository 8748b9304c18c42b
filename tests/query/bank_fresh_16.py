"""Held-out part 16 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as a final, honest measurement of the question reader, blind to it: its
author read only issue 17, the cohort README and data files (``../shared/cohort``; its
``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions"
section of ``docs/query.md`` and its "Reports" section on what a report phrase means (not the
tables of measurements nor the paragraphs listing misses and fixes), :mod:`question_bank` (the
:class:`Item` type and its helpers), :mod:`cohort_reference`, and ``bank_fresh_15.py`` for its
format and module docstring only, not its questions. The reader's code (``query/``), its tests
(``test_*.py``) and the other parts of the bank were not opened, and the engine was never run
on these questions: they were frozen (committed) before any was put to it, and none is to be
changed to suit it afterwards. Their texts were compared with ``dev_queries.jsonl`` by a script
that printed only this part's matches, and any word-for-word match was reworded.

Every family issue 17 lists is here: identifiers (patient, accession, study UID, a patient's
first or latest study, an unknown identifier), dates (quarters, "since <month>", month ranges,
slashed and ISO days, halves, birth dates as opposed to study dates), numbers (negative HU and HU
ranges, sizes in words and in cm, confidences as decimals and percentages, volumes, age bands),
counts (exactly N nodules, N or more studies per patient, the same nodule on N scans, growth
thresholds), patient-level set logic ("both", "but never", "never had"), Lung-RADS (a category,
the highest ever, counts per category, changes), rankings and top-N, averages, medians and
percentages, report concepts with negation, growth / new / stable / resolved nodules, intervals
between scans, ages, sex, modality and body part, lobes and sides, and attenuation / margin /
calcification. They are typed in shorthand ("pts", "w/", "w/o", "hx", "f/u", "lr4a", "ggn",
"sz", "yo", "nods", "cxr"), lower case, with typos, units written many ways, terse fragments,
questions and imperatives.

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`). Expected answers
are computed here in plain Python from the cohort's JSON Lines files with the documented
conventions written out by hand. Where the conventions do not settle a reading, the question is
asked only when the competing readings give the same answer (checked here: :func:`agreed`
drops a question whose readings differ), for instance: a window's edge a day either way; a
track that was a mass from its first study counted or not as a "new" / "stable" nodule; growth
of exactly 1.5 mm computed in floating point or to 0.1 mm; "latest CT" as the latest study of
any kind or the latest chest CT; "within N months" with its last day included or not; an age
and a condition of patients on one study or each on some study; a percentage given to 0.1 or
unrounded (only values within 0.005 of their rounding are asked). A patient's first or latest
study is asked only of patients chosen by who they are (sex, birth date), never filtered by a
finding, so the order of filter and "first" does not matter. Growth counts a nodule that grew
into a mass (docs/query.md says so); no question turns on a track that was a mass from its
first study.

Scored alone with ``python tests/query/question_bank.py --part held_out_16 -v`` once wired in.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import statistics
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any

import cohort_reference as ref
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_16"
SEED = 1616

Rows = Iterator[Item]
FTest = Callable[[Row], bool]  # a test of one finding

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
ORDER = ref.ORDER


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


def first_agreeing(
    rng: random.Random, family: str, candidates: list[tuple[str, str, list[Any]]]
) -> Rows:
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
def _by_study() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {uid: [] for uid in ref.cohort()[1]}
    for f in ref.cohort()[2]:
        out[f["study_uid"]].append(f)
    return out


def fo(s: Row) -> list[Row]:
    """The findings of one study."""
    return _by_study()[s["study_uid"]]


def studies() -> list[Row]:
    """Every study, first to latest (by date, then UID)."""
    return sorted(ref.cohort()[1].values(), key=lambda s: (s["study_date"], s["study_uid"]))


def patients() -> list[Row]:
    return sorted(ref.cohort()[0].values(), key=lambda p: p["patient_id"])


@cache
def _own() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {p["patient_id"]: [] for p in patients()}
    for s in studies():
        out[s["patient_id"]].append(s)
    return out


def own(pid: str) -> list[Row]:
    """A patient's studies, first to latest."""
    return _own()[pid]


def study_of(f: Row) -> Row:
    return ref.cohort()[1][f["study_uid"]]


def findings() -> list[Row]:
    return ref.cohort()[2]


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def head_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "HEAD")


def is_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT")


def cxr(s: Row) -> bool:
    return bool(s["modality"] == "DX")


def ldct(s: Row) -> bool:
    return "LOW DOSE" in str(s["description"])


def cta(s: Row) -> bool:
    return "ANGIO" in str(s["description"])


def station(name: str) -> Test:
    return lambda s: bool(s["station"] == name)


def sex_is(code: str) -> Test:
    return lambda s: ref.sex(s) == code


def age_in(lo: int, hi: int) -> Test:
    return lambda s: lo <= ref.age(s) <= hi


def dated(start: str, end: str) -> Test:
    return lambda s: start <= s["study_date"] <= end


def year(y: int) -> Test:
    return dated(f"{y}-01-01", f"{y}-12-31")


def month_end(y: int, m: int) -> str:
    return (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()


def quarter(y: int, q: int) -> Test:
    return dated(f"{y}-{3 * q - 2:02d}-01", month_end(y, 3 * q))


def born(pid: str) -> str:
    return str(ref.cohort()[0][pid]["birth_date"])


def nods(s: Row, *tests: FTest) -> list[Row]:
    return [f for f in fo(s) if f["kind"] == "nodule" and all(t(f) for t in tests)]


def nod(*tests: FTest) -> Test:
    """The study has a nodule (kind ``nodule``) passing every test."""
    return lambda s: bool(nods(s, *tests))


def kind(name: str, *tests: FTest) -> Test:
    return lambda s: any(f["kind"] == name and all(t(f) for t in tests) for f in fo(s))


def lesion(*tests: FTest) -> Test:
    return lambda s: any(
        f["kind"] in ("nodule", "mass") and all(t(f) for t in tests) for f in fo(s)
    )


def att(value: str) -> FTest:
    return lambda f: f["attenuation"] == value


def margin(value: str) -> FTest:
    return lambda f: f["margin"] == value


def lobe(*names: str) -> FTest:
    return lambda f: f["lobe"] in names


def calcified(f: Row) -> bool:
    return f["calcified"] is True


def not_calcified(f: Row) -> bool:
    return f["calcified"] is False


def subsolid(f: Row) -> bool:
    return f["attenuation"] in ("part-solid", "ground-glass")


def field(name: str, compare: Callable[[float], bool]) -> FTest:
    return lambda f: f[name] is not None and compare(float(f[name]))


def every(*tests: Test) -> Test:
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


def is_nod(f: Row) -> bool:
    return bool(f["kind"] == "nodule")


def history(test: Callable[[list[Row]], bool]) -> list[str]:
    """Patients whose studies (first to latest) pass ``test``."""
    return sorted(p for p, mine in _own().items() if test(mine))


def text_of(s: Row) -> str:
    return ref.cohort()[3].get(s["study_uid"], "")


def report(word: str) -> Test:
    """An affirmed mention of ``word`` in the report (the fixture negates with no/negative for)."""
    return lambda s: ref.sentence_affirms(text_of(s), word)


def denied(word: str) -> Test:
    """The report names ``word`` only in negated sentences ("negative for X", "no X")."""

    def test(s: Row) -> bool:
        return word in text_of(s).lower() and not ref.sentence_affirms(text_of(s), word)

    return test


EMPHYSEMA = report("emphysema")  # "emphysematous changes" affirm it too


def lymph(s: Row) -> bool:
    """Lymphadenopathy: "mediastinal lymphadenopathy" or "enlarged mediastinal lymph nodes"."""
    return report("lymphadenopathy")(s) or report("enlarged mediastinal lymph nodes")(s)


def lymph_denied(s: Row) -> bool:
    return denied("lymphadenopathy")(s) and not lymph(s)


def coronary(s: Row) -> bool:
    return report("coronary")(s)


def granuloma(s: Row) -> bool:
    return report("granuloma")(s)


def category(s: Row) -> str | None:
    cats = [str(f["lung_rads"]) for f in fo(s) if f.get("lung_rads")]
    if cats:
        return max(cats, key=ORDER.index)
    return "1" if chest_ct(s) else None


def cat_in(*names: str) -> Test:
    return lambda s: category(s) in names


def cat_at_least(name: str) -> Test:
    return lambda s: category(s) is not None and ORDER.index(str(category(s))) >= ORDER.index(name)


def cat_below(name: str) -> Test:
    return lambda s: category(s) is not None and ORDER.index(str(category(s))) < ORDER.index(name)


def highest(mine: list[Row]) -> str | None:
    cats = [c for c in map(category, mine) if c is not None]
    return max(cats, key=ORDER.index) if cats else None


def previous_category(s: Row) -> str | None:
    """The category of the patient's previous study that has one (by date, then UID)."""
    mine = own(s["patient_id"])
    earlier = [x for x in mine[: mine.index(s)] if category(x) is not None]
    return category(earlier[-1]) if earlier else None


# --- tracks: growth, new, stable ----------------------------------------------------------


@cache
def tracks() -> dict[str, list[Row]]:
    """Nodule and mass findings by track, first to latest."""
    out: dict[str, list[Row]] = {}
    for f in findings():
        if f.get("track_id") and f["kind"] in ("nodule", "mass"):
            out.setdefault(f["track_id"], []).append(f)
    for fs in out.values():
        fs.sort(key=lambda f: (study_of(f)["study_date"], f["study_uid"]))
    return out


@cache
def changes(rounded: bool) -> dict[str, float]:
    """Mean-diameter change since the track's previous finding (raw floats or to 0.1 mm)."""
    out: dict[str, float] = {}
    for fs in tracks().values():
        for before, after in itertools.pairwise(fs):
            diff = after["diameter_mm"] - before["diameter_mm"]
            out[after["finding_id"]] = round(diff, 1) if rounded else diff
    return out


def grew_by(g: float, inclusive: bool, rounded: bool) -> FTest:
    def test(f: Row) -> bool:
        d = changes(rounded).get(f["finding_id"])
        return d is not None and (d >= g if inclusive else d > g)

    return test


def stable(rounded: bool, masses_from_start: bool) -> FTest:
    """Seen before, changed by at most 1.5 mm; a track that began as a mass counted or not."""

    def test(f: Row) -> bool:
        d = changes(rounded).get(f["finding_id"])
        if d is None or abs(d) > 1.5:
            return False
        return masses_from_start or tracks()[f["track_id"]][0]["kind"] == "nodule"

    return test


def had_chest_ct_before(s: Row) -> bool:
    return any(chest_ct(x) and x["study_date"] < s["study_date"] for x in own(s["patient_id"]))


def new(masses_from_start: bool) -> FTest:
    """The finding is its track's first while the patient had an earlier chest CT."""

    def test(f: Row) -> bool:
        fs = tracks().get(f.get("track_id") or "")
        if not fs or fs[0] is not f or not had_chest_ct_before(study_of(f)):
            return False
        return masses_from_start or f["kind"] == "nodule"

    return test


def lesion_f(f: Row) -> bool:
    return f["kind"] in ("nodule", "mass")


def studies_with(*tests: FTest, where: Test = lambda s: True) -> list[str]:
    return sorted(
        {f["study_uid"] for f in findings() if all(t(f) for t in tests) and where(study_of(f))}
    )


def patients_with(*tests: FTest, where: Test = lambda s: True) -> list[str]:
    return sorted(
        {
            study_of(f)["patient_id"]
            for f in findings()
            if all(t(f) for t in tests) and where(study_of(f))
        }
    )


def months_on(day: str, n: int) -> str:
    """The same day ``n`` calendar months on (the month's last day when it is shorter)."""
    d = dt.date.fromisoformat(day)
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    last = int(month_end(y, m)[-2:])
    return dt.date(y, m, min(d.day, last)).isoformat()


def days_between(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def near_tenth(x: float) -> bool:
    """True when ``x`` is within 0.005 of its rounding to 0.1 (either reading of a %)."""
    return abs(x - round(x, 1)) < 0.005


def pct(part: int, whole: int) -> float:
    return 100.0 * part / whole


def mean2(xs: Sequence[float]) -> float:
    return round(statistics.fmean(xs), 4)


def top(rows: list[Row], key: Callable[[Row], Any], n: int, ident: str) -> list[str] | None:
    """The ``n`` first rows by ``key``; None when a tie at the boundary makes it ambiguous."""
    ranked = sorted(rows, key=key)
    if len(ranked) > n and key(ranked[n - 1]) == key(ranked[n]):
        return None
    return sorted(str(r[ident]) for r in ranked[:n])


def pick(rng: random.Random, pool: Sequence[Any]) -> Any:
    return rng.choice(list(pool))


def no_study_on(*days: str) -> bool:
    return not any(s["study_date"] in days for s in studies())


def day_shift(day: str, n: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=n)).isoformat()


# --- identifiers ----------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    all_chest = [p for p, mine in _own().items() if len(mine) == 4 and all(map(chest_ct, mine))]
    a, b, c = rng.sample(sorted(all_chest), 3)
    yield _q(fam, f"all scans on file for {a}", "study", sorted(s["study_uid"] for s in own(a)))
    yield _q(fam, f"how many studies has pt {b} had?", "count", len(own(b)))
    yield _q(fam, f"{c.lower()} most recent ct", "study", [own(c)[-1]["study_uid"]])
    yield _q(fam, f"baseline study for patient {a}", "study", [own(a)[0]["study_uid"]])
    d = pick(rng, sorted(p for p, mine in _own().items() if len(mine) == 3))
    yield _q(fam, f"pull up {d}'s last scan", "study", [own(d)[-1]["study_uid"]])
    many = [s for s in studies() if len(nods(s)) >= 3]
    s1, s2, s3 = rng.sample(many, 3)
    yield _q(fam, f"which pt is acc {s1['accession']}", "patient", [s1["patient_id"]])
    yield _q(fam, f"# of nodules on accession {s2['accession']}", "count", len(nods(s2)))
    yield _q(
        fam,
        f"findings for acc# {s3['accession']}",
        "finding",
        sorted(f["finding_id"] for f in fo(s3)),
    )
    yearish = [
        s
        for s in studies()
        if s["study_uid"].rsplit(".", 1)[1] in {"2023", "2025", "2019", "2021"} and nods(s)
    ]
    y1, y2 = rng.sample(sorted(yearish, key=lambda s: s["study_uid"]), 2)
    yield _q(fam, f"how many nodules in {y1['study_uid']}", "count", len(nods(y1)))
    yield _q(
        fam,
        f"list findings study uid {y2['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in fo(y2)),
    )
    s4 = pick(rng, [s for s in studies() if head_ct(s)])
    yield _q(fam, f"whose study is {s4['study_uid']}?", "patient", [s4["patient_id"]])
    yield _q(fam, "scans for mrn P00987", "study", [])
    yield _q(fam, "accession A0099999 nodules", "study", [])
    # a patient's first / latest study among patients chosen by who they are
    before = pick(rng, [1944, 1946, 1948])
    yield _q(
        fam,
        f"latest scan of each pt born before {before}",
        "study",
        sorted(mine[-1]["study_uid"] for p, mine in _own().items() if born(p) < f"{before}-01-01"),
    )
    older = [p for p in _own() if ref.cohort()[0][p]["sex"] == "F" and born(p) < "1950-01-01"]
    yield _q(
        fam,
        "first study of every woman born in the 1940s",
        "study",
        sorted(own(p)[0]["study_uid"] for p in older if born(p) >= "1940-01-01"),
    )
    # "most recent ct": the latest study of any kind, the latest CT or the latest chest CT
    readings = [
        history(lambda mine, k=k: bool(mine) and _latest(mine, k) == "4B")
        for k in (lambda s: True, is_ct, chest_ct)
    ]
    yield from ask(fam, "pts whose most recent ct was lung-rads 4b", "patient", *readings)
    e = pick(rng, [p for p, mine in _own().items() if len(mine) >= 2 and fo(mine[0])])
    first = sorted(f["finding_id"] for f in fo(own(e)[0]))
    yield _q(fam, f"findings on the first scan of {e}", "finding", first)


def _latest(mine: list[Row], scope: Test) -> str | None:
    kept = [s for s in mine if scope(s)]
    return category(kept[-1]) if kept else None


# --- dates ----------------------------------------------------------------------------------


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y, q = pick(rng, [2023, 2024, 2025]), rng.randint(1, 4)
    yield _q(fam, f"ldcts q{q} {y}", "study", sids(ldct, quarter(y, q)))
    y, q = pick(rng, [2024, 2025]), rng.randint(1, 4)
    yield _q(fam, f"how many chest cts in Q{q}-{y}?", "count", len(sids(chest_ct, quarter(y, q))))
    y, q = pick(rng, [2023, 2024, 2025]), rng.randint(1, 4)
    yield _q(fam, f"{y}-q{q} head cts", "study", sids(head_ct, quarter(y, q)))
    y, q = pick(rng, [2023, 2024]), rng.randint(1, 3)
    word = ["first", "second", "third"][q - 1]
    yield _q(fam, f"cxrs done in the {word} quarter of {y}", "study", sids(cxr, quarter(y, q)))
    m = rng.randint(3, 9)
    yield _q(
        fam, f"pts scanned since {MONTH[m - 1]}", "patient", pids(dated(f"2026-{m:02d}-01", AS_OF))
    )
    m, y = rng.randint(2, 11), pick(rng, [2024, 2025])
    yield _q(
        fam,
        f"chest xrays since {MON[m - 1]} {y}",
        "study",
        sids(cxr, dated(f"{y}-{m:02d}-01", AS_OF)),
    )
    m, y = rng.randint(1, 8), pick(rng, [2023, 2024, 2025])
    m2 = m + rng.randint(1, 3)
    yield _q(
        fam,
        f"every scan from {MONTH[m - 1]} thru {MONTH[m2 - 1]} {y}",
        "study",
        sids(dated(f"{y}-{m:02d}-01", month_end(y, m2))),
    )
    m1, m2 = rng.randint(10, 12), rng.randint(1, 3)
    y = pick(rng, [2023, 2024, 2025])
    yield _q(
        fam,
        f"cta chest {MON[m1 - 1]} {y} - {MON[m2 - 1]} {y + 1}",
        "study",
        sids(cta, dated(f"{y}-{m1:02d}-01", month_end(y + 1, m2))),
    )
    m, y = rng.randint(1, 12), pick(rng, [2023, 2024, 2025, 2026])
    m = min(m, 10) if y == 2026 else m
    yield _q(
        fam,
        f"number of exams in {MONTH[m - 1]} {y}",
        "count",
        len(sids(dated(f"{y}-{m:02d}-01", month_end(y, m)))),
    )
    # birth dates, not study dates
    by = pick(rng, range(1950, 1966))
    yield _q(
        fam,
        f"pts born in {by}",
        "patient",
        sorted(p["patient_id"] for p in patients() if p["birth_date"].startswith(str(by))),
    )
    bm, by = rng.randint(2, 12), pick(rng, range(1941, 1947))
    yield _q(
        fam,
        f"pateints w dob before {MONTH[bm - 1]} {by}",
        "patient",
        sorted(p["patient_id"] for p in patients() if p["birth_date"] < f"{by}-{bm:02d}-01"),
    )
    by, sy = pick(rng, range(1952, 1962)), pick(rng, [2023, 2024, 2025])
    yield _q(
        fam,
        f"women born {by} who were scanned in {sy}",
        "patient",
        pids(sex_is("F"), year(sy), lambda s: born(s["patient_id"]).startswith(str(by))),
    )
    decade = pick(rng, [50, 60])
    yield _q(
        fam,
        f"pts born in the {decade}s w spiculated nods",
        "patient",
        pids(
            nod(margin("spiculated")),
            lambda s: born(s["patient_id"])[:3] == f"19{decade // 10}",
        ),
    )
    day = pick(
        rng,
        sorted(
            {
                s["study_date"]
                for s in studies()
                if len(sids(dated(s["study_date"], s["study_date"]))) >= 3
            }
        ),
    )
    yield _q(fam, f"studies done on {day}", "study", sids(dated(day, day)))
    y, m = pick(rng, [2024, 2025]), rng.randint(1, 11)
    d1, d2 = rng.randint(13, 28), rng.randint(13, 28)
    start, end = f"{y}-{m:02d}-{d1:02d}", f"{y}-{m + 1:02d}-{d2:02d}"
    yield _q(
        fam,
        f"exams between {m}/{d1}/{y} and {m + 1}/{d2}/{y}",
        "study",
        sids(dated(start, end)),
    )
    # "the last N months / days": back from the as-of date, the first day included or not
    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"how many ldcts were done in the last {n} months",
                "count",
                [
                    len(sids(ldct, dated(day_shift(months_on(AS_OF, -n), k), AS_OF)))
                    for k in (-1, 0, 1)
                ],
            )
            for n in (2, 3, 4, 5, 6, 9)
        ],
    )
    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"scans in the past {n} days",
                "study",
                [sids(dated(day_shift(AS_OF, -n + k), AS_OF)) for k in (-1, 0, 1)],
            )
            for n in (30, 45, 60, 90, 120)
        ],
    )
    y = pick(rng, [2023, 2024, 2025])
    yield _q(
        fam, f"head cts 2nd half of {y}", "study", sids(head_ct, dated(f"{y}-07-01", f"{y}-12-31"))
    )
    y = pick(rng, [2024, 2025, 2026])
    yield _q(
        fam,
        f"h1 {y} pts with ggns",
        "patient",
        pids(nod(att("ground-glass")), dated(f"{y}-01-01", f"{y}-06-30")),
    )
    yield _q(fam, "chest xrays this yr", "study", sids(cxr, dated("2026-01-01", AS_OF)))
    m = pick(rng, [4, 5, 6, 7])
    yield _q(
        fam,
        f"ldcts before {MONTH[m - 1]} 2023",
        "study",
        sids(ldct, lambda s: s["study_date"] < f"2023-{m:02d}-01"),
    )
    yield _q(fam, "ptx last year", "study", sids(kind("pneumothorax"), year(2025)))
    y1 = pick(rng, [2023, 2024])
    yield _q(
        fam,
        f"how many pts were scanned in {y1} or {y1 + 1}",
        "count",
        len(pids(dated(f"{y1}-01-01", f"{y1 + 1}-12-31"))),
    )
    yield _q(
        fam,
        "head cts, march of 2026",
        "study",
        sids(head_ct, dated("2026-03-01", "2026-03-31")),
    )


# --- numbers: HU, sizes in words and units, confidences, volumes, age bands ----------------


def aged(age: Test, condition: Test) -> list[list[str]]:
    """Patients with an age and a condition: on one study, or each on some study."""
    return [pids(age, condition), both(age, condition)]


def lt(x: float) -> Callable[[float], bool]:
    return lambda v: v < x


def le(x: float) -> Callable[[float], bool]:
    return lambda v: v <= x


def gt(x: float) -> Callable[[float], bool]:
    return lambda v: v > x


def ge(x: float) -> Callable[[float], bool]:
    return lambda v: v >= x


def within(a: float, b: float) -> Callable[[float], bool]:
    return lambda v: a <= v <= b


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    h = pick(rng, range(640, 700, 5))
    yield _q(fam, f"nodules w mean hu < -{h}", "study", sids(nod(field("mean_hu", lt(-h)))))
    a, b = pick(rng, [550, 500, 450]), pick(rng, [300, 250, 200])
    yield _q(
        fam,
        f"nods between -{a} and -{b} hu",
        "study",
        sids(nod(field("mean_hu", within(-a, -b)))),
    )
    a, b = pick(rng, [700, 680, 660]), pick(rng, [600, 620])
    yield _q(
        fam,
        f"how many nodules measure -{a} to -{b} HU?",
        "count",
        len(fids(is_nod, field("mean_hu", within(-a, -b)))),
    )
    h = pick(rng, [20, 30, 40, 50])
    yield _q(
        fam,
        f"solid nodules with hu above {h}",
        "study",
        sids(nod(att("solid"), field("mean_hu", gt(h)))),
    )
    h = pick(rng, [600, 650])
    yield _q(
        fam,
        f"ggns w density below minus {h}",
        "study",
        sids(nod(att("ground-glass"), field("mean_hu", lt(-h)))),
    )
    yield _q(fam, "nodules under a centimeter", "study", sids(nod(field("diameter_mm", lt(10)))))
    yield _q(
        fam,
        "how many ggns are at least half a cm",
        "count",
        len(fids(is_nod, att("ground-glass"), field("diameter_mm", ge(5)))),
    )
    x = pick(rng, [1.2, 1.4, 1.6])
    yield _q(
        fam, f"nodules over {x} cm", "study", sids(nod(field("diameter_mm", gt(round(x * 10)))))
    )
    yield _q(
        fam,
        "ggns bigger than two centimetres",
        "study",
        sids(nod(att("ground-glass"), field("diameter_mm", gt(20)))),
    )
    k = pick(rng, [6, 65])
    yield _q(
        fam,
        f"findings conf under .{k}",
        "finding",
        fids(field("confidence", lt(k / 10 if k < 10 else k / 100))),
    )
    yield _q(
        fam,
        "how many nodules with confidence ≥ 0.95",
        "count",
        len(fids(is_nod, field("confidence", ge(0.95)))),
    )
    yield _q(
        fam,
        "# nodules in 2026 with conf above 90%",
        "count",
        len(fids(is_nod, field("confidence", gt(0.9)), where=year(2026))),
    )
    yield _q(
        fam,
        "ggns with conf between .6 and .7",
        "study",
        sids(nod(att("ground-glass"), field("confidence", within(0.6, 0.7)))),
    )
    lo = pick(rng, [55, 60, 65])
    yield from ask(
        fam,
        f"pts {lo}-{lo + 9} w part solid nodules",
        "patient",
        *aged(age_in(lo, lo + 9), nod(att("part-solid"))),
    )
    dec = pick(rng, [50, 70])
    yield from ask(
        fam,
        f"pts in their {dec}s with ggns",
        "patient",
        *aged(age_in(dec, dec + 9), nod(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "women over 65 with spiculated nodules",
        "patient",
        *aged(every(sex_is("F"), lambda s: ref.age(s) > 65), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "septuagenarian men with calcified nodules",
        "patient",
        *aged(every(sex_is("M"), age_in(70, 79)), nod(calcified)),
    )
    yield _q(fam, "nodules w vol > 1 cc", "study", sids(nod(field("volume_mm3", gt(1000)))))
    v = pick(rng, [60, 80, 100])
    yield _q(
        fam,
        f"solid nods vol under {v} mm3",
        "study",
        sids(nod(att("solid"), field("volume_mm3", lt(v)))),
    )
    yield _q(
        fam,
        "part-solid nods w solid component ≥ 6 mm",
        "study",
        sids(nod(att("part-solid"), field("solid_component_mm", ge(6)))),
    )
    yield _q(
        fam,
        "nodules long axis at least 15mm",
        "study",
        sids(nod(field("long_axis_mm", ge(15)))),
    )
    yield _q(fam, "sz 4-6mm nodules", "study", sids(nod(field("diameter_mm", within(4, 6)))))
    a = pick(rng, [7, 8, 9])
    yield _q(
        fam,
        f"nodules {a} to {a + 2} millimeters",
        "study",
        sids(nod(field("diameter_mm", within(a, a + 2)))),
    )
    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"nodules > {x}mm in pts under {a}",
                "patient",
                aged(lambda s, a=a: ref.age(s) < a, nod(field("diameter_mm", gt(x)))),
            )
            for a in (45, 50, 55, 60)
            for x in (6, 8)
        ],
    )
    x = pick(rng, [5.5, 4.5])
    yield _q(
        fam,
        f"how many ggns ≤ {x} mm",
        "count",
        len(fids(is_nod, att("ground-glass"), field("diameter_mm", le(x)))),
    )
    yield _q(
        fam,
        "nodules with short axis over 12 mm",
        "study",
        sids(nod(field("short_axis_mm", gt(12)))),
    )


# --- counts ---------------------------------------------------------------------------------


def track_lengths() -> dict[str, int]:
    """Each patient's longest nodule (or mass) track, in studies."""
    out: dict[str, int] = {}
    for fs in tracks().values():
        p = study_of(fs[0])["patient_id"]
        out[p] = max(out.get(p, 0), len({f["study_uid"] for f in fs}))
    return out


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    n = pick(rng, [3, 4, 5])
    assert all(is_ct(s) for s in studies() if nods(s))
    yield _q(fam, f"cts w exactly {n} nodules", "study", sids(lambda s: len(nods(s)) == n))
    yield _q(fam, "ldcts with only 2 nodules", "study", sids(ldct, lambda s: len(nods(s)) == 2))
    n = pick(rng, [5, 6])
    yield _q(fam, f"studies w/ {n}+ nodules", "study", sids(lambda s: len(nods(s)) >= n))
    yield _q(
        fam,
        "how many chest cts had a single nodule",
        "count",
        len(sids(chest_ct, lambda s: len(nods(s)) == 1)),
    )
    yield _q(fam, "ldcts with < 2 nodules", "study", sids(ldct, lambda s: len(nods(s)) < 2))
    yield _q(fam, "pts with >= 3 studies", "patient", history(lambda mine: len(mine) >= 3))
    yield _q(fam, "patients scanned exactly twice", "patient", history(lambda m: len(m) == 2))
    yield _q(fam, "how many pts had a single scan", "count", len(history(lambda m: len(m) == 1)))
    yield _q(
        fam,
        "pts with exactly 1 ldct",
        "patient",
        history(lambda mine: sum(map(ldct, mine)) == 1),
    )
    yield _q(
        fam,
        "pts w 3 or more chest cts",
        "patient",
        history(lambda mine: sum(map(chest_ct, mine)) >= 3),
    )
    lengths = track_lengths()
    yield _q(
        fam,
        "pts w the same nodule on 4 or more scans",
        "patient",
        sorted(p for p, n in lengths.items() if n >= 4),
    )
    yield _q(
        fam,
        "patients with a nodule followed over at least 3 cts",
        "patient",
        sorted(p for p, n in lengths.items() if n >= 3),
    )
    g = pick(rng, [2, 3, 4])
    yield from ask(fam, f"nodules that grew more than {g} mm", "study", *grown(g, False))
    g = pick(rng, [2.5, 3.5])
    yield from ask(
        fam, f"pts w nodule growth of at least {g}mm", "patient", *grown_patients(g, True)
    )
    yield _q(
        fam,
        "pts w more than 3 nodules on a single scan",
        "patient",
        pids(lambda s: len(nods(s)) > 3),
    )
    p = pick(rng, [p for p, mine in _own().items() if len(mine) >= 3])
    yield _q(fam, f"no. of scans {p}", "count", len(own(p)))


# --- patient-level set logic ----------------------------------------------------------------


def both(a: Test, b: Test) -> list[str]:
    return history(lambda mine: any(map(a, mine)) and any(map(b, mine)))


def but_never(a: Test, b: Test) -> list[str]:
    return history(lambda mine: any(map(a, mine)) and not any(map(b, mine)))


def never(b: Test) -> list[str]:
    return history(lambda mine: not any(map(b, mine)))


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    del rng
    ggn = nod(att("ground-glass"))
    yield _q(fam, "pts with both emphysema and a ggn", "patient", both(EMPHYSEMA, ggn))
    yield _q(
        fam,
        "pts w spiculated nodules but never lr 4x",
        "patient",
        but_never(nod(margin("spiculated")), cat_in("4X")),
    )
    yield _q(fam, "which pts never had a nodule", "patient", never(nod()))
    yield _q(
        fam,
        "pts with a pnuemothorax but never any nodule",
        "patient",
        but_never(kind("pneumothorax"), nod()),
    )
    yield _q(
        fam,
        "pts w rul and lll nodules both",
        "patient",
        both(nod(lobe("RUL")), nod(lobe("LLL"))),
    )
    # "w/o contrast" read as the non-contrast chest CT only or with the screening CTs too
    with_c = lambda s: s["description"] == "CT CHEST W CONTRAST"  # noqa: E731
    without_c = lambda s: s["description"] == "CT CHEST W/O CONTRAST"  # noqa: E731
    yield from ask(
        fam,
        "pts w both w/ and w/o contrast chest cts",
        "patient",
        both(with_c, without_c),
        both(with_c, lambda s: without_c(s) or ldct(s)),
    )
    yield _q(fam, "pts w a cxr but never a ct", "patient", but_never(cxr, is_ct))
    yield _q(
        fam,
        "pts with a mass or lr 4x",
        "patient",
        pids(lambda s: kind("mass")(s) or category(s) == "4X"),
    )
    yield _q(fam, "patients never had lung-rads 4", "patient", never(cat_in("4A", "4B", "4X")))
    yield _q(
        fam,
        "pts w an ldct in 2024 and again in 2025",
        "patient",
        both(every(ldct, year(2024)), every(ldct, year(2025))),
    )
    yield _q(
        fam,
        "pts with lymphadenopathy but no emphysema ever",
        "patient",
        but_never(lymph, EMPHYSEMA),
    )
    yield _q(
        fam,
        "how many pts had both calcified and noncalcified nodules",
        "count",
        len(both(nod(calcified), nod(not_calcified))),
    )
    yield _q(
        fam,
        "pts w ggns and part-solid nodules on the same scan",
        "patient",
        pids(ggn, nod(att("part-solid"))),
    )
    yield _q(fam, "pts who never had a chest ct", "patient", never(chest_ct))
    yield _q(
        fam,
        "pts with both coronary calcification and emphysema",
        "patient",
        both(coronary, EMPHYSEMA),
    )
    yield _q(
        fam,
        "women w a cta but never an ldct",
        "patient",
        [p for p in but_never(cta, ldct) if ref.cohort()[0][p]["sex"] == "F"],
    )
    yield _q(
        fam,
        "pts w/ a solid nodule > 8mm but never a subsolid one",
        "patient",
        but_never(nod(att("solid"), field("diameter_mm", gt(8))), nod(subsolid)),
    )


# --- Lung-RADS -----------------------------------------------------------------------------


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    y = pick(rng, [2023, 2024, 2025])
    yield _q(fam, f"lr4a studies in {y}", "study", sids(cat_in("4A"), year(y)))
    y = pick(rng, [2024, 2025])
    yield _q(fam, f"# of lung rads 3 exams {y}", "count", len(sids(cat_in("3"), year(y))))
    yield _q(
        fam, "pts whose highest lr ever was 4b", "patient", history(lambda m: highest(m) == "4B")
    )
    yield _q(
        fam, "pts whose worst lung-rads was 3", "patient", history(lambda m: highest(m) == "3")
    )
    y = pick(rng, [2023, 2024, 2025])
    groups: dict[str, int] = {}
    for s in studies():
        if chest_ct(s) and year(y)(s):
            groups[str(category(s))] = groups.get(str(category(s)), 0) + 1
    yield _q(fam, f"chest ct count by lung-rads category in {y}", "groups", groups)
    yield _q(
        fam,
        "pts upgraded from lr2 to lr4a",
        "patient",
        pids(cat_in("4A"), lambda s: previous_category(s) == "2"),
    )
    up = [
        s
        for s in studies()
        if category(s) is not None
        and previous_category(s) is not None
        and ORDER.index(str(category(s))) > ORDER.index(str(previous_category(s)))
    ]
    assert not any(
        ORDER.index(str(category(s))) < ORDER.index(str(previous_category(s)))
        for s in studies()
        if category(s) is not None and previous_category(s) is not None
    ), "no category goes down in the cohort: questions about one would all be empty"
    yield _q(
        fam,
        "ldcts where the lung rads category went up",
        "study",
        sorted(s["study_uid"] for s in up if ldct(s)),
    )
    yield _q(
        fam,
        "pts upgraded to lr 4b",
        "patient",
        sorted({s["patient_id"] for s in up if category(s) == "4B"}),
    )
    yield _q(fam, "women with lr 4b or 4x", "patient", pids(sex_is("F"), cat_in("4B", "4X")))
    yield _q(fam, "lr3+ ldcts in q1 2026", "study", sids(ldct, cat_at_least("3"), quarter(2026, 1)))
    yield _q(
        fam,
        "lung-rads below 3 studies w spiculated nodules",
        "study",
        sids(cat_below("3"), nod(margin("spiculated"))),
    )
    changed = [
        s
        for s in studies()
        if category(s) is not None
        and previous_category(s) is not None
        and category(s) != previous_category(s)
    ]
    yield _q(fam, "how many studies had a change in lung-rads category", "count", len(changed))
    yield _q(fam, "pts w lr 4", "patient", pids(cat_in("4A", "4B", "4X")))
    yield _q(
        fam,
        "how many lung-rads 1 chest cts in 2026",
        "count",
        len(sids(chest_ct, cat_in("1"), year(2026))),
    )


# --- rankings and top-N ---------------------------------------------------------------------


def newest_first(s: Row) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in s["study_date"])


def rank(fam: str, question: str, unit: str, answer: list[str] | None) -> Rows:
    if answer is not None:
        yield _q(fam, question, unit, answer)


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    n = pick(rng, [3, 4, 5])
    yield from rank(
        fam,
        f"{n} most recent head cts",
        "study",
        top([s for s in studies() if head_ct(s)], newest_first, n, "study_uid"),
    )
    n = pick(rng, [5, 8, 10])
    yield from rank(
        fam,
        f"oldest {n} pts",
        "patient",
        top(patients(), lambda p: p["birth_date"], n, "patient_id"),
    )
    women = [p for p in patients() if p["sex"] == "F"]
    yield from rank(
        fam,
        "youngest woman in the cohort",
        "patient",
        top(women, lambda p: tuple(-ord(c) for c in p["birth_date"]), 1, "patient_id"),
    )
    nodule_rows = [f for f in findings() if is_nod(f)]
    yield from rank(
        fam,
        "nodule w the lowest hu",
        "finding",
        top(nodule_rows, lambda f: f["mean_hu"], 1, "finding_id"),
    )
    n = pick(rng, [3, 4])
    ggns = [f for f in nodule_rows if f["attenuation"] == "ground-glass"]
    yield from rank(
        fam, f"{n} largest ggns", "finding", top(ggns, lambda f: -f["diameter_mm"], n, "finding_id")
    )
    n = pick(rng, [4, 6])
    yield from rank(
        fam,
        f"top {n} nodules by volume",
        "finding",
        top(nodule_rows, lambda f: -f["volume_mm3"], n, "finding_id"),
    )
    per_patient: dict[str, int] = {p["patient_id"]: 0 for p in patients()}
    for f in nodule_rows:
        per_patient[study_of(f)["patient_id"]] += 1
    rows = [{"patient_id": p, "n": n} for p, n in per_patient.items()]
    yield from rank(
        fam, "pt with the most nodules", "patient", top(rows, lambda r: -r["n"], 1, "patient_id")
    )
    n = pick(rng, [5, 7])
    yield from rank(
        fam,
        f"the {n} least confident nodules",
        "finding",
        top(nodule_rows, lambda f: f["confidence"], n, "finding_id"),
    )
    per_ggn: dict[str, int] = {}
    for f in ggns:
        p = study_of(f)["patient_id"]
        per_ggn[p] = per_ggn.get(p, 0) + 1
    rows = [{"patient_id": p, "n": n} for p, n in per_ggn.items()]
    yield from rank(
        fam,
        "which 3 pts have the most ggns",
        "patient",
        top(rows, lambda r: -r["n"], 3, "patient_id"),
    )
    masses = [f for f in findings() if f["kind"] == "mass"]
    yield from rank(
        fam, "biggest mass", "finding", top(masses, lambda f: -f["diameter_mm"], 1, "finding_id")
    )
    n = pick(rng, [2, 3])
    yield from rank(
        fam,
        f"{n} nodules w highest hu",
        "finding",
        top(nodule_rows, lambda f: -f["mean_hu"], n, "finding_id"),
    )
    yield from rank(
        fam,
        "latest 4 cxrs",
        "study",
        top([s for s in studies() if cxr(s)], newest_first, 4, "study_uid"),
    )
    yield from rank(
        fam,
        "top 5 nodules by long axis",
        "finding",
        top(nodule_rows, lambda f: -f["long_axis_mm"], 5, "finding_id"),
    )


# --- averages, medians, percentages ---------------------------------------------------------


def values(test: FTest, name: str, where: Test = lambda s: True) -> list[float]:
    return [float(f[name]) for f in findings() if test(f) and where(study_of(f))]


def aggregates(rng: random.Random) -> Rows:
    fam = "aggregates"
    y = pick(rng, [2023, 2024, 2025])
    yield _q(
        fam,
        f"avg nodule size on {y} ldcts",
        "value",
        mean2(values(is_nod, "diameter_mm", every(ldct, year(y)))),
    )
    ggn = every_f(is_nod, att("ground-glass"))
    yield _q(fam, "mean hu of ggns?", "value", mean2(values(ggn, "mean_hu")))
    solid = every_f(is_nod, att("solid"))
    yield _q(
        fam,
        "median vol of solid nodules",
        "value",
        statistics.median(values(solid, "volume_mm3")),
    )
    spic = every_f(is_nod, margin("spiculated"))
    yield _q(
        fam,
        "avg long axis of spiculated nodules in cm",
        "value",
        mean2([v / 10 for v in values(spic, "long_axis_mm")]),
    )
    ps = every_f(is_nod, att("part-solid"))
    yield _q(
        fam,
        "median diameter of part-solid nodules",
        "value",
        statistics.median(values(ps, "diameter_mm")),
    )
    yield _q(
        fam,
        "average solid component of part solid nods",
        "value",
        mean2(values(ps, "solid_component_mm")),
    )
    yield _q(
        fam,
        "avg conf of ptx findings",
        "value",
        mean2(values(lambda f: f["kind"] == "pneumothorax", "confidence")),
    )
    big = every_f(is_nod, field("diameter_mm", gt(10)))
    yield _q(
        fam,
        "avg volume in cc of nodules > 10mm",
        "value",
        mean2([v / 1000 for v in values(big, "volume_mm3")]),
    )
    # mean age of patients with a mass: each once, at the latest study with a mass
    ages = [ref.age([s for s in own(p) if kind("mass")(s)][-1]) for p in pids(kind("mass"))]
    yield _q(fam, "avg age of pts w a mass", "value", mean2(ages))
    with_ct = [p for p, mine in _own().items() if any(map(is_ct, mine))]
    yield _q(
        fam,
        "average number of cts per patient",
        "value",
        mean2([sum(map(is_ct, own(p))) for p in with_ct]),
    )
    everyone = len(patients())
    nodule_rows = [f for f in findings() if is_nod(f)]
    candidates: list[tuple[str, float]] = [
        ("% of pts that are female", pct(sum(p["sex"] == "F" for p in patients()), everyone)),
        (
            "what percentage of chest cts are lr 4a or higher",
            pct(len(sids(chest_ct, cat_at_least("4A"))), len(sids(chest_ct))),
        ),
        (
            "proportion of nodules that are calcified",
            pct(sum(f["calcified"] is True for f in nodule_rows), len(nodule_rows)),
        ),
        ("what % of ldcts show emphysema", pct(len(sids(ldct, EMPHYSEMA)), len(sids(ldct)))),
        (
            "percent of patients w/ a head ct",
            pct(len(pids(head_ct)), everyone),
        ),
        (
            "what percent of nodules are spiculated",
            pct(sum(f["margin"] == "spiculated" for f in nodule_rows), len(nodule_rows)),
        ),
        (
            "what percentage of men had nodules",
            pct(
                len(pids(sex_is("M"), nod())),
                sum(p["sex"] == "M" for p in patients()),
            ),
        ),
        (
            "share of ggns over 10 mm",
            pct(
                sum(
                    f["diameter_mm"] > 10 for f in nodule_rows if f["attenuation"] == "ground-glass"
                ),
                sum(f["attenuation"] == "ground-glass" for f in nodule_rows),
            ),
        ),
        (
            "% of ldcts that are lung-rads 2",
            pct(len(sids(ldct, cat_in("2"))), len(sids(ldct))),
        ),
        (
            "what percentage of nodules are in the upper lobes",
            pct(sum(f["lobe"] in ("RUL", "LUL") for f in nodule_rows), len(nodule_rows)),
        ),
        (
            "percent of pts with emphysema",
            pct(len(pids(EMPHYSEMA)), everyone),
        ),
        (
            "what fraction of head cts show a bleed",
            pct(len(sids(head_ct, kind("intracranial_hemorrhage"))), len(sids(head_ct))),
        ),
        (
            "pct of cxrs with a pneumothorax",
            pct(len(sids(cxr, kind("pneumothorax"))), len(sids(cxr))),
        ),
        (
            "% female among pts w lr 4x",
            pct(len(pids(sex_is("F"), cat_in("4X"))), len(pids(cat_in("4X")))),
        ),
        (
            "what proportion of ldcts are lung-rads 3 or higher",
            pct(len(sids(ldct, cat_at_least("3"))), len(sids(ldct))),
        ),
        (
            "percentage of ggns that are lobulated",
            pct(
                sum(
                    f["margin"] == "lobulated"
                    for f in nodule_rows
                    if f["attenuation"] == "ground-glass"
                ),
                sum(f["attenuation"] == "ground-glass" for f in nodule_rows),
            ),
        ),
        (
            "% of chest cts in 2025 with emphysema",
            pct(len(sids(chest_ct, year(2025), EMPHYSEMA)), len(sids(chest_ct, year(2025)))),
        ),
        (
            "what % of nodules are solid",
            pct(sum(f["attenuation"] == "solid" for f in nodule_rows), len(nodule_rows)),
        ),
        (
            "percent of men w lymphadenopathy",
            pct(len(pids(sex_is("M"), lymph)), sum(p["sex"] == "M" for p in patients())),
        ),
        (
            "share of patients under 50 at any scan",
            pct(len(pids(lambda s: ref.age(s) < 50)), everyone),
        ),
    ]
    for y in (2023, 2024, 2025, 2026):
        candidates += [
            (
                f"% of {y} chest cts that were lr 4a or above",
                pct(len(sids(chest_ct, year(y), cat_at_least("4A"))), len(sids(chest_ct, year(y)))),
            ),
            (
                f"what percent of nodules seen in {y} were part-solid",
                pct(
                    len(fids(is_nod, att("part-solid"), where=year(y))),
                    len(fids(is_nod, where=year(y))),
                ),
            ),
            (
                f"percentage of {y} ldcts with coronary calcification",
                pct(len(sids(ldct, year(y), coronary)), len(sids(ldct, year(y)))),
            ),
        ]
    for question, value in candidates:
        if near_tenth(value):
            yield _q(fam, question, "value", round(value, 1))


def every_f(*tests: FTest) -> FTest:
    return lambda f: all(t(f) for t in tests)


# --- report concepts with negation ----------------------------------------------------------


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    y = pick(rng, [2023, 2024, 2025])
    yield _q(fam, f"ldcts w emphysema in {y}", "study", sids(ldct, EMPHYSEMA, year(y)))
    yield _q(fam, "studies neg for lymphadenopathy", "study", sids(lymph_denied))
    yield _q(fam, "how many pts have coronary calcification", "count", len(pids(coronary)))
    yield _q(fam, "studies mentioning a granuloma", "study", sids(granuloma))
    yield _q(fam, "emphysema w/o any nodules", "study", sids(EMPHYSEMA, lambda s: not nods(s)))
    yield _q(
        fam,
        "pts who never had emphysema on any ct",
        "patient",
        never(every(is_ct, EMPHYSEMA)),
    )
    y = pick(rng, [2024, 2025])
    no_emph = every(denied("emphysema"), neg(EMPHYSEMA))
    yield _q(fam, f"reports saying no emphysema {y}", "study", sids(no_emph, year(y)))
    yield _q(fam, "how many ldcts mention lymphadenopathy", "count", len(sids(ldct, lymph)))
    yield _q(
        fam,
        "enlarged lymph nodes and a spiculated nodule",
        "study",
        sids(lymph, nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "coronary calcs + ggn on the same ct",
        "study",
        sids(coronary, nod(att("ground-glass"))),
    )
    yield _q(fam, "women w emphysema", "patient", pids(sex_is("F"), EMPHYSEMA))
    q = pick(rng, [1, 2, 3])
    yield _q(
        fam,
        f"ldcts w/o emphysema in q{q} 2025",
        "study",
        sids(ldct, quarter(2025, q), neg(EMPHYSEMA)),
    )
    yield _q(fam, "lr4b studies without lymphadenopathy", "study", sids(cat_in("4B"), neg(lymph)))
    yield _q(fam, "pts w hx emphysema", "patient", pids(EMPHYSEMA))
    yield _q(
        fam,
        "cts negative for emphysema w a part-solid nodule",
        "study",
        sids(is_ct, no_emph, nod(att("part-solid"))),
    )


# --- growth, new, stable, resolved ----------------------------------------------------------


def grown(
    g: float = 1.5, inclusive: bool = False, *tests: FTest, where: Test = lambda s: True
) -> list[list[str]]:
    """Studies with a nodule (one that grew into a mass counts) that grew, in both readings."""
    return [
        studies_with(lesion_f, grew_by(g, inclusive, r), *tests, where=where) for r in (False, True)
    ]


def grown_patients(
    g: float = 1.5, inclusive: bool = False, *tests: FTest, where: Test = lambda s: True
) -> list[list[str]]:
    return [
        patients_with(lesion_f, grew_by(g, inclusive, r), *tests, where=where)
        for r in (False, True)
    ]


def follow_up(rng: random.Random) -> Rows:
    fam = "follow_up"
    # growth: "a nodule that grew into a mass counts" (docs/query.md); growth of exactly 1.5 mm
    # in floating point or to 0.1 mm must agree
    y = pick(rng, [2024, 2025, 2026])
    yield from ask(fam, f"growing nodules {y}", "study", *grown(where=year(y)))
    yield from ask(
        fam, "pts w a growing ggn", "patient", *grown_patients(1.5, False, att("ground-glass"))
    )
    yield from ask(
        fam,
        "how many nodules grew",
        "count",
        *(len(fids(lesion_f, grew_by(1.5, False, r))) for r in (False, True)),
    )
    yield from ask(
        fam,
        "female pts w nodule growth over 2 mm",
        "patient",
        *grown_patients(2, False, where=sex_is("F")),
    )
    yield from ask(
        fam, "growing spiculated nodules", "study", *grown(1.5, False, margin("spiculated"))
    )
    yield from ask(
        fam,
        "interval growth in solid nods on ldct",
        "study",
        *grown(1.5, False, att("solid"), where=ldct),
    )
    # new: a track that began as a mass counted or not must agree
    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"new nodules on f/u cts in {y}",
                "study",
                [studies_with(new(m), where=year(y)) for m in (False, True)],
            )
            for y in (2024, 2025, 2026)
        ],
    )
    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"new {word} > {x}mm",
                "study",
                [studies_with(new(m), att(a), field("diameter_mm", gt(x))) for m in (False, True)],
            )
            for word, a in (("ggn", "ground-glass"), ("solid nodule", "solid"))
            for x in (4, 6, 8)
        ],
    )
    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"new nodules in pts {word} {a}",
                "patient",
                [
                    patients_with(new(m), where=lambda s, a=a, c=c: c(ref.age(s), a))
                    for m in (False, True)
                ]
                + [
                    both(
                        lambda s, a=a, c=c: c(ref.age(s), a),
                        lambda s, m=m: any(new(m)(f) for f in fo(s)),
                    )
                    for m in (False, True)
                ],
            )
            for word, c in (("over", lambda v, a: v > a), ("under", lambda v, a: v < a))
            for a in (60, 65, 70)
        ],
    )
    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"number of new nodules {y}",
                "count",
                [len(fids(new(m), where=year(y))) for m in (False, True)],
            )
            for y in (2024, 2025, 2026)
        ],
    )
    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"pts w a new {word} on their latest scan",
                "patient",
                [
                    sorted(
                        p
                        for p, mine in _own().items()
                        if any(new(m)(f) and a(f) for f in fo(mine[-1]))
                    )
                    for m in (False, True)
                ],
            )
            for word, a in (
                ("nodule", lambda f: True),
                ("solid nodule", att("solid")),
                ("ggn", att("ground-glass")),
            )
        ],
    )
    # stable: a track that began as a mass counted or not, exactly 1.5 mm either way, agree
    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"stable nodules {y}",
                "study",
                [
                    studies_with(stable(r, m), where=year(y))
                    for r in (False, True)
                    for m in (False, True)
                ],
            )
            for y in (2024, 2025, 2026)
        ],
    )
    yield from ask(
        fam,
        "pts with stable solid nodules",
        "patient",
        *(patients_with(stable(r, m), att("solid")) for r in (False, True) for m in (False, True)),
    )
    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"unchanged {word} on f/u",
                "study",
                [studies_with(stable(r, m), test) for r in (False, True) for m in (False, True)],
            )
            for word, test in (
                ("ggns", att("ground-glass")),
                ("part solid nodules", att("part-solid")),
                ("calcified nodules", calcified),
            )
        ],
    )
    yield _q(fam, "resolved nodules", "study", [])
    yield _q(fam, "any shrinking nodules?", "study", [])
    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"pts w a {word} bigger on their latest scan than on the first",
                "patient",
                [
                    sorted(set(_larger_on_latest(lambda f, k=k, a=a: k(f) and a(f))))
                    for k in (is_nod, lesion_f)
                ],
            )
            for word, a in (
                ("nodule", lambda f: True),
                ("solid nodule", att("solid")),
                ("part-solid nodule", att("part-solid")),
            )
        ],
    )


def _larger_on_latest(kind_test: FTest) -> Iterator[str]:
    for p, mine in _own().items():
        if not mine:
            continue
        last = mine[-1]
        for f in fo(last):
            if not kind_test(f) or not f.get("track_id"):
                continue
            first = tracks()[f["track_id"]][0]
            if study_of(first)["study_date"] < last["study_date"] and (
                first["diameter_mm"] < f["diameter_mm"]
            ):
                yield p


# --- intervals between scans ----------------------------------------------------------------


def dates_of(mine: list[Row], scope: Test) -> list[str]:
    """A patient's distinct study dates of one kind, in order."""
    return sorted({s["study_date"] for s in mine if scope(s)})


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    p = pick(rng, [p for p, mine in _own().items() if len(mine) >= 3])
    mine = own(p)
    yield _q(
        fam,
        f"days between first and latest scan for {p}",
        "value",
        days_between(mine[0]["study_date"], mine[-1]["study_date"]),
    )
    spans = [
        days_between(d[0], d[-1]) / 30.4375
        for d in (dates_of(m, ldct) for m in _own().values())
        if len(d) >= 2
    ]
    yield _q(fam, "avg months between first and last ldct", "value", mean2(spans))
    yield _q(
        fam,
        "pts folowed for more than 3 years",
        "patient",
        history(lambda m: bool(m) and m[-1]["study_date"] > months_on(m[0]["study_date"], 36)),
    )
    yield _q(
        fam,
        "pts with a >13 month gap between ldcts",
        "patient",
        history(
            lambda m: any(b > months_on(a, 13) for a, b in itertools.pairwise(dates_of(m, ldct)))
        ),
    )

    def repeat_within(n: int, inclusive: bool) -> Test:
        def test(s: Row) -> bool:
            end = months_on(s["study_date"], n)
            return any(
                chest_ct(x)
                and s["study_date"] < x["study_date"]
                and (x["study_date"] <= end if inclusive else x["study_date"] < end)
                for x in own(s["patient_id"])
            )

        return test

    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"chest cts w a repeat chest ct within {n} months",
                "study",
                [sids(chest_ct, repeat_within(n, i)) for i in (True, False)],
            )
            for n in (6, 9, 10, 11, 12, 13, 14, 18)
        ],
    )
    gaps = [
        days_between(a, b)
        for m in _own().values()
        for a, b in itertools.pairwise(dates_of(m, chest_ct))
    ]
    yield _q(fam, "median days between consecutive chest cts", "value", statistics.median(gaps))
    p = pick(rng, [p for p, mine in _own().items() if len(dates_of(mine, is_ct)) >= 3])
    d = dates_of(own(p), is_ct)
    yield _q(
        fam,
        f"time between first and latest ct in years for {p}",
        "value",
        round(days_between(d[0], d[-1]) / 365.25, 4),
    )

    def rescanned(n: int, inclusive: bool) -> list[str]:
        def test(m: list[Row]) -> bool:
            days = sorted(x["study_date"] for x in m)
            return any(
                a < b and (b <= months_on(a, n) if inclusive else b < months_on(a, n))
                for a, b in itertools.combinations(days, 2)
            )

        return history(test)

    yield from first_agreeing(
        rng,
        fam,
        [
            (f"pts rescanned within {n} mos", "patient", [rescanned(n, i) for i in (True, False)])
            for n in (6, 9, 10, 11, 12, 13, 14, 18)
        ],
    )
    spans = [
        days_between(d[0], d[-1]) / 30.4375
        for p in pids(kind("mass"))
        for d in [dates_of(own(p), lambda s: True)]
        if len(d) >= 2
    ]
    yield _q(fam, "avg follow-up duration in months for pts w a mass", "value", mean2(spans))
    yield _q(
        fam,
        "pts w at least 30 months of follow-up",
        "patient",
        history(lambda m: bool(m) and m[-1]["study_date"] >= months_on(m[0]["study_date"], 30)),
    )
    rounds = [
        days_between(a, b)
        for m in _own().values()
        for a, b in itertools.pairwise(dates_of(m, ldct))
    ]
    yield _q(fam, "mean interval between screening rounds in days", "value", mean2(rounds))


# --- ages and sex ---------------------------------------------------------------------------


def ages(rng: random.Random) -> Rows:
    fam = "ages"
    a = pick(rng, [82, 84, 85])
    yield _q(fam, f"pts over {a}", "patient", pids(lambda s: ref.age(s) > a))
    a = pick(rng, [40, 42, 45])
    yield _q(fam, f"how many pts under {a}", "count", len(pids(lambda s: ref.age(s) < a)))
    yield _q(fam, "head cts in pts 80+", "study", sids(head_ct, lambda s: ref.age(s) >= 80))
    a = pick(rng, [58, 60, 62])
    yield _q(fam, f"ldcts on {a} yo pts", "study", sids(ldct, lambda s: ref.age(s) == a))
    yield from first_agreeing(
        rng,
        fam,
        [
            (
                f"pts aged {lo} to {lo + 4} with lr {c.lower()}",
                "patient",
                aged(age_in(lo, lo + 4), cat_in(c)),
            )
            for lo in (45, 50, 55, 60, 65, 70)
            for c in ("3", "4A")
        ],
    )
    latest_ldct_ages = [ref.age([s for s in own(p) if ldct(s)][-1]) for p in pids(ldct)]
    yield _q(fam, "avg age of ldct pts", "value", mean2(latest_ldct_ages))
    ptx_ages = [
        ref.age([s for s in own(p) if kind("pneumothorax")(s)][-1])
        for p in pids(kind("pneumothorax"))
    ]
    yield _q(fam, "median age of pts w/ a ptx", "value", statistics.median(ptx_ages))
    spic = nod(margin("spiculated"))
    with_spic = [p for p in patients() if p["patient_id"] in set(pids(spic))]
    by_birth = top(with_spic, lambda p: tuple(-ord(c) for c in p["birth_date"]), 1, "patient_id")
    age_rows = [{"patient_id": s["patient_id"], "age": ref.age(s)} for s in studies() if spic(s)]
    by_age = top(age_rows, lambda r: r["age"], 1, "patient_id")
    if by_birth is not None and by_age is not None:
        yield from ask(fam, "youngest pt w a spiculated nodule", "patient", by_birth, by_age)
    yield _q(fam, "octogenarians", "patient", pids(age_in(80, 89)))
    yield from ask(
        fam,
        "how many patients 75 or older had a cta",
        "count",
        *(len(r) for r in aged(lambda s: ref.age(s) >= 75, cta)),
    )


def sexes(rng: random.Random) -> Rows:
    fam = "sex"
    del rng
    yield _q(fam, "female pts w head ct", "patient", pids(sex_is("F"), head_ct))
    yield _q(fam, "how many men had a cxr", "count", len(pids(sex_is("M"), cxr)))
    yield _q(fam, "male pts w lr 4x", "patient", pids(sex_is("M"), cat_in("4X")))
    yield _q(
        fam,
        "women w ≥ 2 ggns on one scan",
        "patient",
        pids(sex_is("F"), lambda s: len(nods(s, att("ground-glass"))) >= 2),
    )
    yield _q(
        fam,
        "how many woman in the cohort",
        "count",
        sum(p["sex"] == "F" for p in patients()),
    )
    yield _q(fam, "ptx in men", "patient", pids(sex_is("M"), kind("pneumothorax")))


# --- modality, body part, station -----------------------------------------------------------


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield _q(fam, "cxrs w ptx", "study", sids(cxr, kind("pneumothorax")))
    y, st = pick(rng, [2023, 2024, 2025]), pick(rng, ["CT01", "CT02"])
    yield _q(
        fam,
        f"how many ldcts on {st} in {y}",
        "count",
        len(sids(ldct, station(st), year(y))),
    )
    yield _q(fam, "cta chest w consolidation", "study", sids(cta, kind("consolidation")))
    yield _q(
        fam, "head cts with hemorrhage", "study", sids(head_ct, kind("intracranial_hemorrhage"))
    )
    yield from ask(
        fam,
        "non-contrast chest cts w effusion",
        "study",
        sids(lambda s: s["description"] == "CT CHEST W/O CONTRAST", kind("pleural_effusion")),
        sids(
            lambda s: (
                s["description"] in ("CT CHEST W/O CONTRAST", "CT CHEST LOW DOSE LUNG SCREENING")
            ),
            kind("pleural_effusion"),
        ),
    )
    y = pick(rng, [2024, 2025])
    yield _q(fam, f"dx studies {y}", "study", sids(cxr, year(y)))
    yield _q(
        fam, "ct02 chest cts with masses", "study", sids(chest_ct, station("CT02"), kind("mass"))
    )
    yield _q(fam, "how many cxrs", "count", len(sids(cxr)))
    yield from ask(
        fam,
        "contrast enhanced chest cts w nodules > 10 mm",
        "study",
        sids(
            lambda s: s["description"] == "CT CHEST W CONTRAST", nod(field("diameter_mm", gt(10)))
        ),
        sids(
            lambda s: s["description"] in ("CT CHEST W CONTRAST", "CT ANGIO CHEST PE"),
            nod(field("diameter_mm", gt(10))),
        ),
    )
    q, y = rng.randint(1, 4), pick(rng, [2023, 2024])
    yield _q(
        fam,
        f"all exams from station dx01 in q{q} {y}",
        "study",
        sids(station("DX01"), quarter(y, q)),
    )
    unenhanced = lambda s: s["description"] == "CT CHEST W/O CONTRAST"  # noqa: E731
    yield from ask(
        fam,
        "pts w a cta and an unenhanced chest ct both",
        "patient",
        both(cta, unenhanced),
        both(cta, lambda s: unenhanced(s) or ldct(s)),
    )
    yield _q(fam, "how many ct angiograms had a nodule", "count", len(sids(cta, nod())))


# --- lobes and sides ------------------------------------------------------------------------

RIGHT = ("RUL", "RML", "RLL")
LEFT = ("LUL", "LLL")


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    y = pick(rng, [2023, 2024, 2025])
    yield _q(fam, f"rml nodules {y}", "study", sids(nod(lobe("RML")), year(y)))
    yield _q(fam, "left lung ggns", "study", sids(nod(lobe(*LEFT), att("ground-glass"))))
    yield _q(
        fam, "r sided ptx", "study", sids(kind("pneumothorax", lambda f: f["side"] == "right"))
    )
    yield _q(
        fam,
        "left pleural efusions",
        "study",
        sids(kind("pleural_effusion", lambda f: f["side"] == "left")),
    )
    yield _q(
        fam,
        "upper lobe spiculted nodules",
        "study",
        sids(nod(lobe("RUL", "LUL"), margin("spiculated"))),
    )
    yield _q(fam, "bilateral nodules", "study", sids(nod(lobe(*RIGHT)), nod(lobe(*LEFT))))
    yield _q(
        fam,
        "how many rll nodules are there",
        "count",
        len(fids(is_nod, lobe("RLL"))),
    )
    groups: dict[str, int] = {}
    for f in findings():
        if is_nod(f):
            groups[str(f["lobe"])] = groups.get(str(f["lobe"]), 0) + 1
    yield _q(fam, "nodule count per lobe", "groups", groups)
    yield _q(
        fam, "right middle lobe part solid", "study", sids(nod(lobe("RML"), att("part-solid")))
    )
    x = pick(rng, [8, 10, 12])
    yield _q(
        fam,
        f"ggn lul > {x} mm",
        "study",
        sids(nod(lobe("LUL"), att("ground-glass"), field("diameter_mm", gt(x)))),
    )
    yield _q(
        fam,
        "pts w a lll nodule and a rul nodule on the same ct",
        "patient",
        pids(lambda s: bool(nods(s, lobe("LLL"))) and bool(nods(s, lobe("RUL")))),
    )


# --- attenuation, margin, calcification -----------------------------------------------------


def characters(rng: random.Random) -> Rows:
    fam = "characters"
    x = pick(rng, [6, 8])
    yield _q(
        fam, f"calcified nods > {x}mm", "study", sids(nod(calcified, field("diameter_mm", gt(x))))
    )
    yield _q(
        fam,
        "non-calcified solid nodules ≥ 6mm in women",
        "patient",
        pids(sex_is("F"), nod(not_calcified, att("solid"), field("diameter_mm", ge(6)))),
    )
    yield _q(
        fam, "lobulated part-solid", "study", sids(nod(margin("lobulated"), att("part-solid")))
    )
    yield _q(
        fam,
        "subsolid nodules over 1 cm",
        "study",
        sids(nod(subsolid, field("diameter_mm", gt(10)))),
    )
    yield _q(fam, "smooth ggns", "study", sids(nod(margin("smooth"), att("ground-glass"))))
    yield _q(
        fam,
        "spiculated, non calcified nodlues",
        "study",
        sids(nod(margin("spiculated"), not_calcified)),
    )
    y = pick(rng, [2023, 2024])
    yield _q(
        fam,
        f"how many spiculated nods in {y}",
        "count",
        len(fids(is_nod, margin("spiculated"), where=year(y))),
    )
    yield _q(
        fam,
        "pure ground glass nodules w lobulated margins",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated"))),
    )
    yield _q(
        fam,
        "solid nodule, smooth margin, 6-8 mm",
        "study",
        sids(nod(att("solid"), margin("smooth"), field("diameter_mm", within(6, 8)))),
    )
    yield _q(
        fam,
        "pts w a lobulated solid nodule > 15 mm",
        "patient",
        pids(nod(margin("lobulated"), att("solid"), field("diameter_mm", gt(15)))),
    )
    yield _q(
        fam,
        "how many calcifed nodules are there",
        "count",
        len(fids(is_nod, calcified)),
    )
    yield _q(
        fam,
        "part solid spiculated nodules in the lower lobes",
        "study",
        sids(nod(att("part-solid"), margin("spiculated"), lobe("RLL", "LLL"))),
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
    """This part's questions, drawn with its own seed, de-duplicated by text."""
    rng = random.Random(SEED)
    seen: dict[str, Item] = {}
    for family in FAMILIES:
        for item in family(rng):
            seen.setdefault(item.question, item)
    return list(seen.values())
