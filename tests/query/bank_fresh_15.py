"""Held-out part 15 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as one more final, honest measurement of the question reader, blind to it:
its author read only the cohort README and data files (``../shared/cohort``, its
``dev_queries.jsonl`` to see the data, not to borrow phrasings), the conventions sections of
``docs/query.md`` ("Conventions" and the "Reports" section on what a report phrase means; not
the sections listing measured misses), :mod:`question_bank`, :mod:`cohort_reference`, and
``bank_fresh_14.py`` for its format only (``_q``, :class:`Item`, ``PART``/``SEED``, answers in
plain Python, its helper functions), never its questions. The reader's code (``query/``), its
tests (``test_*.py``) and the other parts of the bank were not opened, and the engine was never
run on these questions: they were frozen (committed) before any was put to it, and none is to
be changed to suit it afterwards. Its texts were compared with ``dev_queries.jsonl`` and part
14's by a script that printed only this part's matches; the one that matched word for word was
reworded.

Every family issue 17 lists is here: identifiers (patient, accession, study UID), dates and
date ranges, numbers with units written many ways, counts, patient-level set logic, Lung-RADS
categories and changes, rankings, averages, medians and percentages, report concepts with
negation, growth, new, stable and resolved nodules, intervals between scans, ages, sex,
modality / body-part filters, lobes and sides, and attenuation / margin / calcification; typed
in shorthand ("pts", "w/", "w/o", "hx", "f/u", "lr4a", "ggn", "pn", "sz", "yo", "cxr"), lower
case, with typos, units written many ways ("6mm", "6 millimeters", ".6 cm", "6-mm"), word order
varied, questions, imperatives and terse fragments. Parameters are drawn from the cohort with
this part's own seed (:data:`SEED`). Expected answers are computed here in plain Python from the
cohort's JSON Lines files with the documented conventions written out by hand; where
``docs/query.md`` documents none, the comment beside the question says which reading the answer
assumes, and parameters are drawn (or checked with an assertion) so that competing readings
give the same answer where that can be done: a date window's edge a day either way, a track
that was a mass from its first study counted or not as a "new" / "stable" nodule, "contrast"
read with or without the CT angiograms and screening CTs.

Scored alone with ``python tests/query/question_bank.py --part held_out_15 -v``.
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
import question_bank as qb
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_15"
SEED = 1515

Rows = Iterator[Item]
FTest = Callable[[Row], bool]  # a test of one finding

MON = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH = [m.lower() for m in qb.MONTHS]


def _q(family: str, question: str, unit: str, expected: Any, as_of: str = AS_OF) -> Item:
    return Item(family, PART, question, unit, expected, as_of)


# --- plain-Python reading of the cohort, written apart from the engine -----------------------


def all_studies() -> list[Row]:
    """Every study, first to latest (by date, then UID)."""
    return sorted(qb.studies(), key=lambda s: (s["study_date"], s["study_uid"]))


def patient_rows() -> list[Row]:
    return sorted(ref.cohort()[0].values(), key=lambda p: p["patient_id"])


def chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def head_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "HEAD")


def any_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT")


def xray(s: Row) -> bool:
    return bool(s["modality"] == "DX")


def ldct(s: Row) -> bool:
    return "LOW DOSE" in str(s["description"])


def cta(s: Row) -> bool:
    return "ANGIO" in str(s["description"])


def chest_wo(s: Row) -> bool:
    return str(s["description"]) == "CT CHEST W/O CONTRAST"


def chest_w(s: Row) -> bool:
    return str(s["description"]) == "CT CHEST W CONTRAST"


def at(name: str) -> Test:
    return lambda s: bool(s["station"] == name)


def female(s: Row) -> bool:
    return ref.sex(s) == "F"


def male(s: Row) -> bool:
    return ref.sex(s) == "M"


def kinds(*names: str) -> Test:
    return lambda s: any(f["kind"] in names for f in ref.findings_of(s["study_uid"]))


def kind_where(name: str, test: FTest) -> Test:
    return lambda s: any(f["kind"] == name and test(f) for f in ref.findings_of(s["study_uid"]))


def nod(*tests: FTest) -> Test:
    """The study has a nodule (kind ``nodule``) passing every test."""
    return qb.has_nodule(lambda f: all(t(f) for t in tests))


def lesion(*tests: FTest) -> Test:
    """The study has a nodule or mass passing every test."""
    return kinds_where(("nodule", "mass"), lambda f: all(t(f) for t in tests))


def kinds_where(names: tuple[str, ...], test: FTest) -> Test:
    return lambda s: any(f["kind"] in names and test(f) for f in ref.findings_of(s["study_uid"]))


def n_nod(s: Row) -> int:
    return len(qb.nodules(s))


def text_of(s: Row) -> str:
    return ref.cohort()[3][s["study_uid"]]


def report(*words: str) -> Test:
    """The report names one of ``words`` in a sentence that does not negate it."""
    return lambda s: any(ref.sentence_affirms(text_of(s), w) for w in words)


def denied(*words: str) -> Test:
    """The report negates one of ``words`` and affirms none (docs: "negative for X")."""

    def test(s: Row) -> bool:
        if report(*words)(s):
            return False
        import re  # noqa: PLC0415

        for sentence in re.split(r"(?<=\.)\s+|\n", text_of(s)):
            lower = sentence.lower()
            if any(w in lower for w in words) and re.search(
                r"\b(no|negative for|without)\b", lower
            ):
                return True
        return False

    return test


EMPH = report("emphysema")
LYMPH = report("lymphadenopathy", "lymph nodes")
CAC = report("coronary")
GRAN = report("granuloma")


def neg(test: Test) -> Test:
    return lambda s: not test(s)


def every(*tests: Test) -> Test:
    return lambda s: all(t(s) for t in tests)


def sids(*tests: Test) -> list[str]:
    return qb.study_ids(every(*tests))


def pids(*tests: Test) -> list[str]:
    return qb.patient_ids(every(*tests))


def fids(*tests: FTest) -> list[str]:
    return sorted(f["finding_id"] for f in qb.findings() if all(t(f) for t in tests))


def is_nod(f: Row) -> bool:
    return bool(f["kind"] == "nodule")


def on(test: Test) -> FTest:
    """A finding of a study passing ``test``."""
    return lambda f: test(qb.study_of(f))


def dates(start: str, end: str) -> Test:
    return qb.in_dates(start, end)


def year(y: int) -> Test:
    return dates(f"{y}-01-01", f"{y}-12-31")


def aged(low: int, high: int) -> Test:
    """Age on the study date from ``low`` to ``high`` years, both included."""
    return lambda s: low <= ref.age(s) <= high


def cat(s: Row) -> str | None:
    return ref.category(s)


def cat_in(*cats: str) -> Test:
    return lambda s: cat(s) in cats


def rank(c: str) -> int:
    return ref.ORDER.index(c)


def cat_ge(c: str) -> Test:
    return lambda s: (x := cat(s)) is not None and rank(x) >= rank(c)


FOUR = ("4A", "4B", "4X")


def history(test: Callable[[list[Row]], bool]) -> list[str]:
    return qb.patients_by_history(test)


def ever(test: Test) -> Callable[[list[Row]], bool]:
    return lambda own: any(map(test, own))


def never(test: Test) -> Callable[[list[Row]], bool]:
    return lambda own: not any(map(test, own))


def both_of(*tests: Callable[[list[Row]], bool]) -> Callable[[list[Row]], bool]:
    return lambda own: all(t(own) for t in tests)


@cache
def own_all() -> dict[str, list[Row]]:
    return own_by(lambda s: True)


def own_by(test: Test) -> dict[str, list[Row]]:
    """Each patient's studies passing ``test``, first to latest (by date, then UID)."""
    out: dict[str, list[Row]] = {}
    for s in all_studies():
        if test(s):
            out.setdefault(s["patient_id"], []).append(s)
    return out


def day(s: Row) -> dt.date:
    return dt.date.fromisoformat(s["study_date"])


def months_on(d: dt.date, n: int) -> dt.date:
    """The same day ``n`` calendar months on (the month's last day when it is shorter)."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    last = dt.date.fromisoformat(qb.month_end(y, m)).day
    return dt.date(y, m, min(d.day, last))


def r2(x: float) -> float:
    return round(x, 2)


def pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


def pick(rng: random.Random, pool: list[Any]) -> Any:
    return rng.choice(sorted(pool))


def agree(a: Any, b: Any) -> Any:
    """Two readings of a question give one answer (checked when the bank is built)."""
    assert a == b, (str(a)[:200], str(b)[:200])
    return a


# --- follow-up over tracks (docs/query.md conventions) -------------------------------------


@cache
def tracks() -> dict[str, list[Row]]:
    """Each track's nodules and masses, first to latest (by date, then UID)."""
    out: dict[str, list[Row]] = {}
    for f in qb.findings():
        if f.get("track_id") and f["kind"] in ("nodule", "mass"):
            out.setdefault(f["track_id"], []).append(f)
    for fs in out.values():
        fs.sort(key=lambda f: (qb.study_of(f)["study_date"], f["study_uid"]))
    return out


@cache
def change() -> dict[str, float]:
    """Mean-diameter change of each finding since its track's previous finding."""
    out: dict[str, float] = {}
    for fs in tracks().values():
        for before, after in itertools.pairwise(fs):
            out[after["finding_id"]] = after["diameter_mm"] - before["diameter_mm"]
    return out


def grew_more(x: float) -> FTest:
    return lambda f: f["finding_id"] in change() and change()[f["finding_id"]] > x


def grew_least(x: float) -> FTest:
    return lambda f: f["finding_id"] in change() and change()[f["finding_id"]] >= x


GREW = grew_more(1.5)


def mass_from_start(f: Row) -> bool:
    """The finding's track was a mass from its first study (the undecided case)."""
    return bool(f.get("track_id")) and tracks()[f["track_id"]][0]["kind"] == "mass"


def stable(f: Row) -> bool:
    return f["finding_id"] in change() and abs(change()[f["finding_id"]]) <= 1.5


def new(f: Row) -> bool:
    """A nodule or mass whose track has no earlier finding while the patient had an earlier
    chest CT."""
    if f["kind"] not in ("nodule", "mass") or not f.get("track_id"):
        return False
    s = qb.study_of(f)
    if qb.study_of(tracks()[f["track_id"]][0])["study_date"] < s["study_date"]:
        return False
    return any(
        chest_ct(t) and t["study_date"] < s["study_date"] for t in own_all()[s["patient_id"]]
    )


def resolved(f: Row) -> bool:
    if not f.get("track_id") or f["kind"] not in ("nodule", "mass"):
        return False
    if tracks()[f["track_id"]][-1] is not f:
        return False
    s = qb.study_of(f)
    return any(
        chest_ct(t) and t["study_date"] > s["study_date"] for t in own_all()[s["patient_id"]]
    )


def has(*tests: FTest) -> Test:
    return lambda s: any(all(t(f) for t in tests) for f in ref.findings_of(s["study_uid"]))


def both_ways(*tests: FTest) -> tuple[Test, Test]:
    """A study test over nodules (and nodules that became masses, as documented), and one over
    every mass too (the undecided case: a mass from its first study as a "new" or "stable"
    nodule): a question is kept only where the two agree."""
    documented = has(
        *tests, lambda f: is_nod(f) or (f["kind"] == "mass" and not mass_from_start(f))
    )
    return documented, has(*tests, lambda f: f["kind"] in ("nodule", "mass"))


def category_steps() -> list[tuple[Row, str, str]]:
    """(study, previous category, its category) for each study with a category that follows
    one of the same patient's with a category (by date, then UID)."""
    out = []
    for own in own_by(lambda s: cat(s) is not None).values():
        for before, after in itertools.pairwise(own):
            out.append((after, str(cat(before)), str(cat(after))))
    return out


def spans(kind: Test, who: Callable[[str], bool] = lambda p: True) -> list[int]:
    """Days from first to latest study of ``kind`` per patient with two dates or more."""
    out = []
    for p, own in own_by(kind).items():
        ds = sorted({day(s) for s in own})
        if who(p) and len(ds) >= 2:
            out.append((ds[-1] - ds[0]).days)
    return out


def gaps(kind: Test) -> list[tuple[str, dt.date, dt.date]]:
    """(patient, earlier, later date) per consecutive pair of study dates of ``kind``."""
    out: list[tuple[str, dt.date, dt.date]] = []
    for p, own in own_by(kind).items():
        ds = sorted({day(s) for s in own})
        out.extend((p, a, b) for a, b in itertools.pairwise(ds))
    return out


def repeat_within(first: Test, later: Test, n: int) -> list[str]:
    """Studies passing ``first`` with a later-dated ``later`` study on or before n months on."""
    out = []
    for s in qb.studies():
        if first(s):
            limit = months_on(day(s), n)
            if any(later(t) and day(s) < day(t) <= limit for t in own_all()[s["patient_id"]]):
                out.append(s["study_uid"])
    return sorted(out)


def window(n: int, unit: str, shift: int, as_of: str = AS_OF) -> Test:
    """The last ``n`` days or months before ``as_of``, its start moved by ``shift`` days."""
    end = dt.date.fromisoformat(as_of)
    start = end - dt.timedelta(days=n) if unit == "d" else months_on(end, -n)
    start += dt.timedelta(days=shift)
    return dates(start.isoformat(), as_of)


def robust(
    rng: random.Random, pool: list[int], unit: str, answer: Callable[[Test], list[str]]
) -> int:
    """An ``n`` from ``pool`` whose answer is non-empty and the same a day either side."""
    ok = [
        n
        for n in pool
        if answer(window(n, unit, -1)) == answer(window(n, unit, 0)) == answer(window(n, unit, 1))
        and answer(window(n, unit, 0))
    ]
    return int(pick(rng, ok))


def untied(
    rng: random.Random, pool: list[int], rows: list[Row], key: Callable[[Row], Any], ident: str
) -> tuple[int, list[str]]:
    """A count ``n`` from ``pool`` whose top ``n`` has no tie at the boundary, and that top."""
    ok = [n for n in pool if qb.top_rows(rows, key, n, ident) is not None]
    n = int(pick(rng, ok))
    answer = qb.top_rows(rows, key, n, ident)
    assert answer is not None
    return n, answer


def all_nodules() -> list[Row]:
    return [f for f in qb.findings() if is_nod(f)]


def dia(
    lo: float | None = None, hi: float | None = None, lo_in: bool = False, hi_in: bool = False
) -> FTest:
    """Mean diameter over ``lo`` (``lo_in``: at least) and under ``hi`` (``hi_in``: at most)."""

    def test(f: Row) -> bool:
        d = f["diameter_mm"]
        if d is None:
            return False
        if lo is not None and not (d >= lo if lo_in else d > lo):
            return False
        return hi is None or (d <= hi if hi_in else d < hi)

    return test


def att(a: str) -> FTest:
    return lambda f: f["attenuation"] == a


def margin(m: str) -> FTest:
    return lambda f: f["margin"] == m


def lobe(*names: str) -> FTest:
    return lambda f: f["lobe"] in names


RIGHT = ("RUL", "RML", "RLL")
LEFT = ("LUL", "LLL")


# --- identifiers ----------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    own = own_all()
    multi = [p for p, ss in own.items() if len(ss) >= 3]
    p = pick(rng, multi)
    yield _q(fam, f"all imaging for {p}", "study", sorted(s["study_uid"] for s in own[p]))
    p = pick(rng, multi)
    yield _q(fam, f"how many scans has pt {p} had", "count", len(own[p]))

    with_ldct_nod = [
        p
        for p, ss in own.items()
        if len([s for s in ss if ldct(s)]) >= 2
        and any(ldct(s) and not nod()(s) for s in ss)
        and any(nod()(s) for s in ss)
    ]
    p = pick(rng, with_ldct_nod)
    yield _q(
        fam,
        f"{p} screening cts w/ nods",
        "study",
        sorted(s["study_uid"] for s in own[p] if ldct(s) and nod()(s)),
    )

    # "latest" before a study noun keeps each patient's latest study; the patient is drawn so
    # that its latest chest CT has findings (latest-then-findings = latest-with-findings)
    ok = [
        p
        for p, ss in own_by(chest_ct).items()
        if len(ss) >= 2 and ref.findings_of(ss[-1]["study_uid"])
    ]
    p = pick(rng, ok)
    last = own_by(chest_ct)[p][-1]
    yield _q(
        fam,
        f"findings on the most recent chest ct for {p}",
        "finding",
        sorted(f["finding_id"] for f in ref.findings_of(last["study_uid"])),
    )
    p = pick(rng, [p for p, ss in own_by(ldct).items() if len(ss) >= 2])
    yield _q(fam, f"baseline ldct {p}", "study", [own_by(ldct)[p][0]["study_uid"]])

    studies = all_studies()
    s = pick(rng, [x["accession"] for x in studies if len(qb.nodules(x)) >= 2])
    st = next(x for x in studies if x["accession"] == s)
    yield _q(fam, f"how many nodules on acc {s}?", "count", len(qb.nodules(st)))
    s = pick(rng, [x["accession"] for x in studies])
    st = next(x for x in studies if x["accession"] == s)
    yield _q(fam, f"which patient is accession# {s}", "patient", [st["patient_id"]])
    s = pick(rng, [x["accession"] for x in studies if ref.findings_of(x["study_uid"])])
    st = next(x for x in studies if x["accession"] == s)
    yield _q(
        fam,
        f"list findings for {s}",
        "finding",
        sorted(f["finding_id"] for f in ref.findings_of(st["study_uid"])),
    )

    st = pick_study(rng, [x for x in studies if len(qb.nodules(x)) >= 2])
    yield _q(
        fam,
        f"nodule findings in study uid {st['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in qb.nodules(st)),
    )
    st = pick_study(rng, studies)
    yield _q(fam, f"pt for {st['study_uid']}?", "patient", [st["patient_id"]])
    st = pick_study(
        rng,
        [
            x
            for x in studies
            if any(
                f["diameter_mm"] and f["diameter_mm"] > 6 and is_nod(f)
                for f in ref.findings_of(x["study_uid"])
            )
            and any(
                f["diameter_mm"] and f["diameter_mm"] <= 6 and is_nod(f)
                for f in ref.findings_of(x["study_uid"])
            )
        ],
    )
    yield _q(
        fam,
        f"pn >6 mm on {st['study_uid']} - list the findings",
        "finding",
        sorted(f["finding_id"] for f in qb.nodules(st, dia(6))),
    )

    p = pick(rng, [p for p, ss in own.items() if len(ss) >= 2 and any(EMPH(s) for s in ss)])
    yield _q(fam, f"{p} emphysema", "study", sorted(s["study_uid"] for s in own[p] if EMPH(s)))
    p = pick(rng, [p for p, ss in own.items() if any(cat_ge("3")(s) for s in ss) and len(ss) >= 3])
    yield _q(
        fam,
        f"patient {p} - studies lr 3 or above",
        "study",
        sorted(s["study_uid"] for s in own[p] if cat_ge("3")(s)),
    )
    # an unknown ID after "patient" is still that identifier: the answer is empty
    yield _q(fam, "patient P00913 exams", "study", [])


def pick_study(rng: random.Random, pool: list[Row]) -> Row:
    uid = pick(rng, [s["study_uid"] for s in pool])
    return ref.cohort()[1][uid]


# --- dates and date ranges ------------------------------------------------------------------


def date_family(rng: random.Random) -> Rows:
    fam = "dates"
    y = rng.choice([2024, 2025])
    q = rng.choice([1, 2, 3, 4])
    yield _q(fam, f"ldcts q{q} {y}", "study", sids(ldct, qb.quarter(y, q)))
    y = rng.choice([2023, 2024, 2025])
    yield _q(
        fam, f"how many cxrs in h2 {y}", "count", len(sids(xray, dates(f"{y}-07-01", f"{y}-12-31")))
    )
    m1 = rng.randrange(9, 12)
    m2 = rng.randrange(1, 4)
    yield _q(
        fam,
        f"chest ct from {MON[m1 - 1]} 2024 thru {MON[m2 - 1]} 2025",
        "study",
        sids(chest_ct, dates(f"2024-{m1:02d}-01", qb.month_end(2025, m2))),
    )
    a = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 300))
    b = a + dt.timedelta(days=rng.randrange(40, 90))
    yield _q(
        fam,
        f"nodules {a.isoformat()} to {b.isoformat()}",
        "study",
        sids(nod(), dates(a.isoformat(), b.isoformat())),
    )
    m = rng.randrange(4, 10)
    yield _q(
        fam,
        f"head cts since {MONTH[m - 1]} 2026",
        "study",
        sids(head_ct, dates(f"2026-{m:02d}-01", AS_OF)),
    )
    m = rng.randrange(2, 7)
    yield _q(
        fam,
        f"studies done before {MONTH[m - 1]} 2023",
        "study",
        sids(dates("1900-01-01", (dt.date(2023, m, 1) - dt.timedelta(days=1)).isoformat())),
    )
    n = robust(rng, [30, 45, 60, 75, 90, 100, 120], "d", lambda w: pids(head_ct, w))
    yield _q(
        fam, f"pts w a head ct in the last {n} days", "patient", pids(head_ct, window(n, "d", 0))
    )
    yield _q(fam, "solid nods >8mm this yr", "study", sids(nod(att("solid"), dia(8)), year(2026)))
    yield _q(
        fam,
        "last year's screening cts with spiculated nodules",
        "study",
        sids(ldct, year(2025), nod(margin("spiculated"))),
    )
    m = rng.randrange(1, 13)
    yield _q(fam, f"exams in {MONTH[m - 1]} 2025?", "study", sids(qb.months(2025, m, m)))
    yield _q(fam, "2023-2024 head cts", "study", sids(head_ct, dates("2023-01-01", "2024-12-31")))
    n = robust(rng, [2, 3, 4, 5], "m", lambda w: sids(chest_ct, cat_in("4B"), w))
    yield _q(
        fam,
        f"chest ct past {n} mo with lr4b",
        "study",
        sids(chest_ct, cat_in("4B"), window(n, "m", 0)),
    )
    # "this quarter" / "last quarter": the as-of date is a quarter's last day, so "up to the
    # as-of date" and "the whole quarter" give one answer
    yield _q(fam, "cta chest this quarter", "study", sids(cta, qb.quarter(2025, 3)), "2025-09-30")
    yield _q(
        fam,
        "lr 4a studies last quarter",
        "study",
        sids(cat_in("4A"), qb.quarter(2025, 2)),
        "2025-09-30",
    )
    m = rng.randrange(1, 4)
    yield _q(
        fam,
        f"{MON[m - 1]} to {MON[m + 2]} 2026 ldct w/ ggn",
        "study",
        sids(ldct, qb.months(2026, m, m + 3), nod(att("ground-glass"))),
    )
    yield _q(
        fam,
        "number of studies in the second half of 2023",
        "count",
        len(sids(dates("2023-07-01", "2023-12-31"))),
    )


# --- numbers with units ---------------------------------------------------------------------


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    x = rng.choice([5, 6, 7])
    yield _q(fam, f"nods over {x}mm", "study", sids(nod(dia(x))))
    x = rng.choice([7, 8, 9])
    yield _q(fam, f"pn ≥ {x} millimeters", "study", sids(nod(dia(x, lo_in=True))))
    x = rng.choice([6, 7, 8])
    yield _q(fam, f"ggn bigger than .{x} cm", "study", sids(nod(att("ground-glass"), dia(x))))
    x = rng.choice([6, 8])
    yield _q(fam, f"solid nodules greater than {x}-mm", "study", sids(nod(att("solid"), dia(x))))
    x = rng.choice([12, 14, 15])
    yield _q(fam, f"nodules {x // 10}.{x % 10}cm or more", "study", sids(nod(dia(x, lo_in=True))))
    lo, hi = rng.choice([(4, 6), (5, 7), (6, 8)])
    yield _q(
        fam,
        f"{lo}-{hi}mm nodules in the rll",
        "study",
        sids(nod(dia(lo, hi, True, True), lobe("RLL"))),
    )
    lo, hi = rng.choice([(8, 10), (10, 12)])
    yield _q(
        fam,
        f"part solid nods between {lo} and {hi} mm",
        "study",
        sids(nod(att("part-solid"), dia(lo, hi, True, True))),
    )
    yield _q(
        fam, "subcentimeter spiculated pn", "study", sids(nod(margin("spiculated"), dia(hi=10)))
    )
    x = rng.choice([4, 5])
    yield _q(fam, f"nodlues < {x} mm", "study", sids(nod(dia(hi=x))))
    x = rng.choice([15, 18, 20])
    yield _q(
        fam,
        f"nodules with long axis over {x} mm",
        "study",
        sids(nod(lambda f: f["long_axis_mm"] > x)),
    )
    x = rng.choice([800, 1200, 1500])
    yield _q(fam, f"nodules w/ volume > {x} mm3", "study", sids(nod(lambda f: f["volume_mm3"] > x)))
    x = rng.choice([1, 2])
    yield _q(
        fam,
        f"nodule vol at least {x} cc",
        "study",
        sids(nod(lambda f: f["volume_mm3"] >= 1000 * x)),
    )
    x = rng.choice([600, 650, 700])
    yield _q(fam, f"nodules hu below -{x}", "study", sids(nod(lambda f: f["mean_hu"] < -x)))
    x = rng.choice([5, 6, 8])
    yield _q(
        fam,
        f"psn with solid component ≥{x}mm",
        "study",
        sids(nod(att("part-solid"), lambda f: (f["solid_component_mm"] or 0) >= x)),
    )
    x = rng.choice([6, 7])
    yield _q(
        fam, f"how many nodules are under {x} millimetres", "count", len(fids(is_nod, dia(hi=x)))
    )
    # a bare size is 7.5 to under 8.5 mm (docs)
    x = rng.choice([7, 8, 9])
    yield _q(
        fam,
        f"{x} mm nodule rul",
        "study",
        sids(nod(dia(x - 0.5, x + 0.5, lo_in=True), lobe("RUL"))),
    )
    x = rng.choice([60, 70])
    yield _q(
        fam,
        f"findings w/ confidence below 0.{x}",
        "finding",
        fids(lambda f: f["confidence"] < x / 100),
    )
    yield _q(
        fam,
        "nodules at least half a cm and under 1 cm",
        "study",
        sids(nod(dia(5, 10, True, False))),
    )
    x = rng.choice([20, 25])
    yield _q(fam, f"lesions > {x} mm", "study", sids(lesion(dia(x))))
    x = rng.choice([300, 400])
    yield _q(
        fam,
        f"nods hu -{x} to 0",
        "study",
        sids(nod(lambda f: f["mean_hu"] is not None and -x <= f["mean_hu"] <= 0)),
    )


# --- counts ---------------------------------------------------------------------------------


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    own = own_all()
    yield _q(fam, "how many pts have had a mass", "count", len(pids(kinds("mass"))))
    yield _q(fam, "# of ldcts in 2025", "count", len(sids(ldct, year(2025))))
    yield _q(fam, "count spiculated nodules", "count", len(fids(is_nod, margin("spiculated"))))
    x = rng.choice([10, 12, 15])
    yield _q(fam, f"number of nodules > {x}mm", "count", len(fids(is_nod, dia(x))))
    n = rng.choice([3, 4])
    yield _q(fam, f"scans with exactly {n} nodules", "study", sids(lambda s: n_nod(s) == n))
    n = rng.choice([3, 4])
    yield _q(fam, f"cts w/ more than {n} nodules", "study", sids(any_ct, lambda s: n_nod(s) > n))
    n = rng.choice([3, 4])
    yield _q(
        fam, f"pts with {n}+ scans", "patient", sorted(p for p, ss in own.items() if len(ss) >= n)
    )
    yield _q(
        fam,
        "patients scanned only once",
        "patient",
        sorted(p for p, ss in own.items() if len(ss) == 1),
    )
    yield _q(
        fam,
        "how many chest cts had a single nodule",
        "count",
        len(sids(chest_ct, lambda s: n_nod(s) == 1)),
    )
    yield _q(fam, "how many patients in total", "count", len(patient_rows()))
    yield _q(fam, "pts with at least 3 nodules on one ct", "patient", pids(lambda s: n_nod(s) >= 3))
    yield _q(
        fam, "how many ldcts showed no nodules", "count", len(sids(ldct, lambda s: n_nod(s) == 0))
    )
    yield _q(fam, "studies w fewer than 2 nodules", "study", sids(lambda s: n_nod(s) < 2))


# --- patient-level set logic ----------------------------------------------------------------


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    MASS = kinds("mass")
    PTX = kinds("pneumothorax")
    EFF = kinds("pleural_effusion")
    SPIC = nod(margin("spiculated"))
    CALC = nod(lambda f: bool(f["calcified"]))
    GG = nod(att("ground-glass"))
    PS = nod(att("part-solid"))
    yield _q(
        fam,
        "pts with both emphysema and spiculted nodules",
        "patient",
        history(both_of(ever(EMPH), ever(SPIC))),
    )
    yield _q(
        fam, "patients who had a pneumothorax or an effusion", "patient", pids(either(PTX, EFF))
    )
    yield _q(
        fam,
        "pts w/ nodules but never lr4",
        "patient",
        history(both_of(ever(nod()), never(cat_in(*FOUR)))),
    )
    yield _q(fam, "patients that never had a chest ct", "patient", history(never(chest_ct)))
    # "ct chest w/o contrast" read with or without the screening CTs: the two agree
    yield _q(
        fam,
        "pts who have had both a ct angio and a ct chest w/o contrast",
        "patient",
        agree(
            history(both_of(ever(cta), ever(chest_wo))),
            history(both_of(ever(cta), ever(either(chest_wo, ldct)))),
        ),
    )
    # "hx of" a kind of finding: the patient ever had one
    yield _q(fam, "pts w/ hx of pneumothorax", "patient", pids(PTX))
    yield _q(
        fam,
        "pts with ggn and part-solid nodules both",
        "patient",
        history(both_of(ever(GG), ever(PS))),
    )
    yield _q(
        fam,
        "pts with calcified nods but never any spiculated ones",
        "patient",
        history(both_of(ever(CALC), never(SPIC))),
    )
    yield _q(
        fam, "pts who never had emphysema on any ct", "patient", history(never(every(any_ct, EMPH)))
    )
    y1, y2 = rng.choice([(2023, 2025), (2024, 2026), (2023, 2024)])
    yield _q(
        fam,
        f"patients scanned in both {y1} and {y2}",
        "patient",
        history(both_of(ever(year(y1)), ever(year(y2)))),
    )
    yield _q(fam, "pts w either a mass or lr 4x", "patient", pids(either(MASS, cat_in("4X"))))
    yield _q(fam, "patients who ever had lymphadenopathy", "patient", pids(LYMPH))
    yield _q(
        fam,
        "pts with emphysema but no nodules ever",
        "patient",
        history(both_of(ever(EMPH), never(nod()))),
    )
    yield _q(
        fam,
        "patients w/ both rul and lll nodules",
        "patient",
        history(both_of(ever(nod(lobe("RUL"))), ever(nod(lobe("LLL"))))),
    )
    yield _q(fam, "how many pts never had a nodule", "count", len(history(never(nod()))))
    # "contrast chest ct" read with or without the CT angiograms: the two agree
    yield _q(
        fam,
        "patients that had a chest ct with contrast but never a cta",
        "patient",
        agree(
            history(both_of(ever(chest_w), never(cta))),
            history(both_of(ever(either(chest_w, cta)), never(cta))),
        ),
    )
    # every study of the patient (all kinds: no patient is without a study)
    yield _q(
        fam,
        "patients with nodules on each of their scans",
        "patient",
        history(lambda own: all(nod()(s) for s in own)),
    )
    yield _q(
        fam,
        "pts with ldct in 2024 and again in 2025",
        "patient",
        history(both_of(ever(every(ldct, year(2024))), ever(every(ldct, year(2025))))),
    )


def either(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


# --- Lung-RADS categories and changes -------------------------------------------------------


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    y = rng.choice([2024, 2025])
    yield _q(fam, f"LR4A {y}", "study", sids(cat_in("4A"), year(y)))
    yield _q(fam, "lungrads 4b", "study", sids(cat_in("4B")))
    yield _q(fam, "lung-rads 3+ in women", "patient", pids(cat_ge("3"), female))
    yield _q(fam, "how many studies are lung rads 4", "count", len(sids(cat_in(*FOUR))))
    yield _q(fam, "lr below 3 ldct 2026", "study", sids(cat_in("1", "2"), ldct, year(2026)))
    yield _q(fam, "cat 4x pts", "patient", pids(cat_in("4X")))
    yield _q(
        fam,
        "pts whose highest lung-rads ever was 3",
        "patient",
        history(lambda own: qb.highest(own) == "3"),
    )
    yield _q(fam, "lr1 screening cts", "study", sids(cat_in("1"), ldct))
    steps = category_steps()
    a, b = rng.choice([("2", "4A"), ("2", "3"), ("3", "4A")])
    yield _q(
        fam,
        f"studies upgraded from lr{a} to lr{b.lower()}",
        "study",
        sorted(s["study_uid"] for s, x, z in steps if x == a and z == b),
    )
    yield _q(
        fam,
        "pts whose lung-rads category went up",
        "patient",
        sorted({s["patient_id"] for s, x, z in steps if rank(z) > rank(x)}),
    )
    yield _q(
        fam,
        "pts upgraded to lr 4x",
        "patient",
        sorted({s["patient_id"] for s, x, z in steps if z == "4X" and rank(x) < rank("4X")}),
    )
    yield _q(
        fam,
        "how many studies changed lung-rads category",
        "count",
        sum(1 for _, x, z in steps if x != z),
    )
    yield _q(
        fam,
        "studies whose lung-rads went up to 4b",
        "study",
        sorted(s["study_uid"] for s, x, z in steps if z == "4B" and rank(x) < rank("4B")),
    )
    groups: dict[Any, int] = {}
    for s in all_studies():
        groups[cat(s)] = groups.get(cat(s), 0) + 1
    yield _q(fam, "studies by lung rads category, counts", "groups", groups)
    yield _q(fam, "lr 4a or higher w/ emphysema", "study", sids(cat_ge("4A"), EMPH))


# --- rankings -------------------------------------------------------------------------------


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    nods = all_nodules()
    n, top = untied(rng, [3, 4, 5, 6], nods, lambda f: -f["volume_mm3"], "finding_id")
    yield _q(fam, f"top {n} nodules by vol", "finding", top)
    gg = [f for f in nods if f["attenuation"] == "ground-glass"]
    n, top = untied(rng, [2, 3, 4, 5], gg, lambda f: -f["diameter_mm"], "finding_id")
    yield _q(fam, f"the {n} largest ggns", "finding", top)
    sol = [f for f in nods if f["attenuation"] == "part-solid"]
    n, top = untied(rng, [2, 3, 4, 5, 6, 7, 8], sol, lambda f: f["diameter_mm"], "finding_id")
    yield _q(fam, f"{n} smallest part-solid nods", "finding", top)
    ld = [s for s in all_studies() if ldct(s)]
    n, top = untied(rng, [5, 6, 7, 8, 10], ld, latest_first, "study_uid")
    yield _q(fam, f"the {n} most recent ldcts", "study", top)
    n, top = untied(rng, list(range(2, 13)), all_studies(), lambda s: s["study_date"], "study_uid")
    yield _q(fam, f"the {n} earliest studies", "study", top)
    n, top = untied(rng, [5, 6, 7, 8], patient_rows(), lambda p: p["birth_date"], "patient_id")
    yield _q(fam, f"oldest {n} patients", "patient", top)
    # "youngest" is the mirror of "oldest": the latest birth dates (no documented convention)
    women = [p for p in patient_rows() if p["sex"] == "F"]
    n, top = untied(
        rng, [3, 4, 5], women, lambda p: tuple(-ord(c) for c in p["birth_date"]), "patient_id"
    )
    yield _q(fam, f"the {n} youngest women", "patient", top)
    counts_by: dict[str, int] = {}
    for f in nods:
        pid = qb.study_of(f)["patient_id"]
        counts_by[pid] = counts_by.get(pid, 0) + 1
    best = max(counts_by.values())
    yield _q(
        fam,
        "which pt has the most nodules",
        "patient",
        [min(p for p, c in counts_by.items() if c == best)],
    )
    hu = [f for f in nods if f["mean_hu"] is not None]
    n, top = untied(rng, [2, 3, 4, 5], hu, lambda f: f["mean_hu"], "finding_id")
    yield _q(fam, f"{n} nods w lowest density", "finding", top)
    spic = [f for f in nods if f["margin"] == "spiculated" and ref.sex(qb.study_of(f)) == "M"]
    n, top = untied(rng, [2, 3, 4], spic, lambda f: -f["diameter_mm"], "finding_id")
    yield _q(fam, f"{n} biggest spiculated nodules in men", "finding", top)
    n, top = untied(rng, [3, 4, 5], nods, lambda f: -f["long_axis_mm"], "finding_id")
    yield _q(fam, f"top {n} nods by long axis", "finding", top)
    n, top = untied(rng, list(range(2, 11)), hu, lambda f: -f["mean_hu"], "finding_id")
    yield _q(fam, f"show the {n} highest-hu nodules", "finding", top)


def latest_first(s: Row) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in s["study_date"])


# --- averages, medians, percentages ---------------------------------------------------------


def aggregates(rng: random.Random) -> Rows:
    fam = "aggregates"
    nods = all_nodules()
    yield _q(fam, "avg nodule sz", "value", r2(statistics.mean(f["diameter_mm"] for f in nods)))
    ps = [f for f in nods if f["attenuation"] == "part-solid"]
    yield _q(
        fam,
        "mean volume of part solid nodules in cc",
        "value",
        r2(statistics.mean(f["volume_mm3"] for f in ps) / 1000),
    )
    gg = [f for f in nods if f["attenuation"] == "ground-glass"]
    yield _q(
        fam, "median diameter of ggns", "value", r2(statistics.median(f["diameter_mm"] for f in gg))
    )
    sol = [f for f in nods if f["attenuation"] == "solid"]
    yield _q(
        fam, "average hu of solid nodules", "value", r2(statistics.mean(f["mean_hu"] for f in sol))
    )
    # average age: each patient once, at the age on the latest study meeting the question
    ages = [ref.age(ss[-1]) for ss in own_by(cat_in("4B")).values()]
    yield _q(fam, "avg age of pts with lr 4b", "value", r2(statistics.mean(ages)))
    ages = [ref.age(ss[-1]) for ss in own_by(kinds("mass")).values()]
    yield _q(fam, "median age of patients w/ a mass", "value", r2(statistics.median(ages)))
    yield _q(
        fam, "what % of pts have emphysema", "value", pct(len(pids(EMPH)), len(patient_rows()))
    )
    ld = sids(ldct)
    yield _q(
        fam,
        "percentage of ldcts that are lr 4a or higher",
        "value",
        pct(len(sids(ldct, cat_ge("4A"))), len(ld)),
    )
    yield _q(
        fam,
        "% of nodules that are calcified",
        "value",
        pct(len([f for f in nods if f["calcified"]]), len(nods)),
    )
    yield _q(fam, "avg nodules per pt", "value", r2(len(nods) / len(patient_rows())))
    yield _q(
        fam,
        "mean number of nodules per ldct",
        "value",
        r2(len([f for f in nods if ldct(qb.study_of(f))]) / len(ld)),
    )
    yield _q(
        fam,
        "median nodules per chest ct",
        "value",
        r2(statistics.median(n_nod(s) for s in qb.studies() if chest_ct(s))),
    )
    yield _q(
        fam,
        "avg confidence of spiculated nodules",
        "value",
        r2(statistics.mean(f["confidence"] for f in nods if f["margin"] == "spiculated")),
    )
    yield _q(
        fam,
        "average long axis of nods in the lul",
        "value",
        r2(statistics.mean(f["long_axis_mm"] for f in nods if f["lobe"] == "LUL")),
    )
    fem = [p for p in patient_rows() if p["sex"] == "F"]
    # "proportion of women": over the women (the unit noun names the denominator)
    yield _q(
        fam,
        "what proportion of women had a ggn",
        "value",
        pct(len(pids(female, nod(att("ground-glass")))), len(fem)),
    )


# --- report concepts with negation ----------------------------------------------------------


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    y = rng.choice([2024, 2025])
    yield _q(fam, f"ldcts w/o emphysma {y}", "study", sids(ldct, year(y), neg(EMPH)))
    yield _q(
        fam,
        "scans negative for lymphadenopathy",
        "study",
        sids(denied("lymphadenopathy", "lymph nodes")),
    )
    yield _q(fam, "reports that say no emphysema", "study", sids(denied("emphysema")))
    yield _q(fam, "pts with coronary artery calcification", "patient", pids(CAC))
    # "cac" is read as coronary artery calcification (clinicians' shorthand)
    yield _q(fam, "how many chest cts mention cac", "count", len(sids(chest_ct, CAC)))
    yield _q(fam, "calcified granulomas", "study", sids(GRAN))
    yield _q(
        fam,
        "pts w emphysema who never had lymphadenopathy",
        "patient",
        history(both_of(ever(EMPH), never(LYMPH))),
    )
    yield _q(
        fam,
        "chest cts without lymphadenopathy and without emphysema",
        "study",
        sids(chest_ct, neg(LYMPH), neg(EMPH)),
    )
    # "deny / denies" is read as "negative for": the report states the concept is absent
    yield _q(
        fam,
        "ldct reports denying emphysema in 2026",
        "study",
        sids(ldct, year(2026), denied("emphysema")),
    )
    yield _q(
        fam,
        "emphysema + spiculated nodule same scan",
        "study",
        sids(EMPH, nod(margin("spiculated"))),
    )
    yield _q(fam, "mediastinal adenopathy on ct", "study", sids(any_ct, LYMPH))
    yield _q(fam, "nodules but no emphysema", "study", sids(nod(), neg(EMPH)))
    yield _q(
        fam, "patients with no emphysema on any of their scans", "patient", history(never(EMPH))
    )
    yield _q(fam, "neg for emphysema, lr 4a", "study", sids(denied("emphysema"), cat_in("4A")))
    yield _q(fam, "report mentions granuloma in men", "patient", pids(GRAN, male))


# --- growth, new, stable, resolved ----------------------------------------------------------


def follow_up(rng: random.Random) -> Rows:
    fam = "follow_up"
    yield _q(fam, "growing nods", "study", sids(has(GREW)))
    yield _q(fam, "pts with a nodule that grew in 2025", "patient", pids(has(GREW), year(2025)))
    # growth by more than x mm: the increase since the track's previous finding
    x = rng.choice([3, 4])
    yield _q(fam, f"nodules that increased > {x}mm", "study", sids(has(grew_more(x))))
    x = rng.choice([2, 3])
    yield _q(fam, f"pn grew by at least {x} mm", "study", sids(has(grew_least(x))))
    # a nodule that grew into a mass counted or not: the two agree
    yield _q(
        fam,
        "how many growing solid nodules",
        "count",
        agree(
            len(fids(is_nod, att("solid"), GREW)),
            len(fids(lambda f: f["kind"] in ("nodule", "mass"), att("solid"), GREW)),
        ),
    )
    a, b = both_ways(new, att("ground-glass"), lobe("RUL", "LUL"))
    yield _q(fam, "new upper lobe ggn", "study", agree(sids(a), sids(b)))
    a, b = both_ways(new, att("solid"), dia(6, lo_in=True))
    yield _q(fam, "new solid nodules ≥6mm", "study", agree(sids(a), sids(b)))
    a, b = both_ways(new)
    yield _q(
        fam,
        "pts w/ new nodules in 2026",
        "patient",
        agree(pids(a, year(2026)), pids(b, year(2026))),
    )
    a, b = both_ways(stable, att("part-solid"))
    yield _q(fam, "stable part-solid nods", "study", agree(sids(a), sids(b)))
    a, b = both_ways(stable, lobe("RML"))
    yield _q(fam, "unchanged rml nodules on ldct", "study", agree(sids(a, ldct), sids(b, ldct)))
    a, b = both_ways(stable, att("solid"), margin("spiculated"))
    yield _q(fam, "remained stable spiculated solid nodules", "study", agree(sids(a), sids(b)))
    # the cohort has no nodule that resolves (docs): an empty answer
    yield _q(fam, "resolved nodules", "study", sids(has(resolved)))

    # larger on the latest scan than on the first: the latest study's nodule vs its track's first
    # (a nodule that became a mass counted or not: the two agree)
    def larger(names: tuple[str, ...]) -> list[str]:
        out = set()
        for own in own_all().values():
            last = own[-1]
            for f in ref.findings_of(last["study_uid"]):
                if f["kind"] in names and f.get("track_id") and f["attenuation"] == "solid":
                    first = tracks()[f["track_id"]][0]
                    if (
                        qb.study_of(first)["study_date"] < last["study_date"]
                        and first["diameter_mm"] < f["diameter_mm"]
                    ):
                        out.add(last["patient_id"])
        return sorted(out)

    yield _q(
        fam,
        "pts whose solid nodule is bigger on the latest scan than the first",
        "patient",
        agree(larger(("nodule",)), larger(("nodule", "mass"))),
    )
    yield _q(
        fam,
        "how many new nodules in 2025",
        "count",
        agree(
            len(fids(is_nod, new, on(year(2025)))),
            len(fids(is_nod, new, on(year(2025)), lambda f: not mass_from_start(f))),
        ),
    )
    yield _q(fam, "nodule growth w lr 4b", "study", sids(has(GREW), cat_in("4B")))


# --- intervals between scans ----------------------------------------------------------------


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    own = own_all()
    yield _q(
        fam,
        "avg months between first and latest ldct",
        "value",
        r2(statistics.mean(spans(ldct)) / 30.4375),
    )
    ld_gaps = [(b - a).days for _, a, b in gaps(ldct)]
    yield _q(
        fam,
        "median days between consecutive screening cts",
        "value",
        r2(statistics.median(ld_gaps)),
    )
    n = pick(rng, [n for n in (12, 13) if any(b > months_on(a, n) for _, a, b in gaps(ldct))])
    yield _q(
        fam,
        f"pts whose consecutive ldcts were more than {n} months apart",
        "patient",
        sorted({p for p, a, b in gaps(ldct) if b > months_on(a, n)}),
    )
    yield _q(
        fam,
        "patiens followed for over 2 yrs",
        "patient",
        sorted(p for p, ss in own.items() if day(ss[-1]) > months_on(day(ss[0]), 24)),
    )
    n = pick(rng, [n for n in (12, 13) if repeat_within(every(ldct, cat_in("3")), ldct, n)])
    yield _q(
        fam,
        f"lr3 screening cts with a repeat ldct within {n} months",
        "study",
        repeat_within(every(ldct, cat_in("3")), ldct, n),
    )
    p = pick(rng, [p for p, ss in own.items() if len({s["study_date"] for s in ss}) >= 3])
    ds = sorted(day(s) for s in own[p])
    yield _q(
        fam, f"days between first and last scan for {p}", "value", float((ds[-1] - ds[0]).days)
    )
    p = pick(
        rng, [p for p, ss in own_by(chest_ct).items() if len({s["study_date"] for s in ss}) >= 2]
    )
    ds = sorted(day(s) for s in own_by(chest_ct)[p])
    yield _q(
        fam,
        f"how long between baseline and most recent chest ct for {p}, in months",
        "value",
        r2((ds[-1] - ds[0]).days / 30.4375),
    )
    yield _q(
        fam,
        "avg interval between consecutive chest cts in days",
        "value",
        r2(statistics.mean((b - a).days for _, a, b in gaps(chest_ct))),
    )
    n = pick(rng, [n for n in (11, 12) if any(b < months_on(a, n) for _, a, b in gaps(ldct))])
    yield _q(
        fam,
        f"pts with less than {n} months between consecutive ldcts",
        "patient",
        sorted({p for p, a, b in gaps(ldct) if b < months_on(a, n)}),
    )
    yield _q(
        fam,
        "median f/u duration for pts w/ lr4a, years",
        "value",
        r2(
            statistics.median(spans(lambda s: True, lambda p: any(cat_in("4A")(s) for s in own[p])))
            / 365.25
        ),
    )
    n = rng.choice([30, 36])
    yield _q(
        fam,
        f"pts with at least {n} months of follow-up",
        "patient",
        sorted(p for p, ss in own.items() if day(ss[-1]) >= months_on(day(ss[0]), n)),
    )
    yield _q(
        fam,
        "chest ct w/ lr 4a followed by another chest ct within 12 mo",
        "study",
        repeat_within(every(chest_ct, cat_in("4A")), chest_ct, 12),
    )


# --- ages, sex ------------------------------------------------------------------------------


def ages(rng: random.Random) -> Rows:
    fam = "ages"
    x = rng.choice([70, 72, 75])
    yield _q(fam, f"pts over {x} w/ noduels", "patient", pids(nod(), aged(x + 1, 200)))
    lo = rng.choice([50, 55])
    yield _q(
        fam,
        f"women {lo}-{lo + 10} yo w/ lr 3",
        "patient",
        pids(female, aged(lo, lo + 10), cat_in("3")),
    )
    yield _q(
        fam,
        "septuagenarians with spiculated nods",
        "patient",
        pids(aged(70, 79), nod(margin("spiculated"))),
    )
    x = rng.choice([45, 50])
    yield _q(fam, f"pts < {x} yrs old", "patient", pids(aged(0, x - 1)))
    x = rng.choice([65, 70])
    yield _q(
        fam,
        f"men aged {x} or older with lung-rads 4",
        "patient",
        pids(male, aged(x, 200), cat_in(*FOUR)),
    )
    yield _q(fam, "pts in their 60s with lr 4b", "patient", pids(aged(60, 69), cat_in("4B")))
    y = rng.choice([1945, 1948, 1950])
    yield _q(
        fam,
        f"pts w/ dob before {y}",
        "patient",
        sorted(p["patient_id"] for p in patient_rows() if p["birth_date"] < f"{y}-01-01"),
    )
    yield _q(
        fam,
        "patients born in the 50s with a mass",
        "patient",
        sorted(p for p in pids(kinds("mass")) if "1950" <= qb.birth(p)[:4] <= "1959"),
    )
    x = rng.choice([80, 78])
    yield _q(fam, f"how many {x}+ yo pts had a ct", "count", len(pids(any_ct, aged(x, 200))))
    yield _q(fam, "octogenarian ldct", "patient", pids(aged(80, 89), ldct))


def sexes(rng: random.Random) -> Rows:
    fam = "sex"
    yield _q(fam, "find female pts with ggn", "patient", pids(female, nod(att("ground-glass"))))
    yield _q(fam, "men w/ emphysema", "patient", pids(male, EMPH))
    yield _q(fam, "how many women", "count", len([p for p in patient_rows() if p["sex"] == "F"]))
    yield _q(fam, "males with masses", "patient", pids(male, kinds("mass")))
    yield _q(fam, "how many male pts had lr4x", "count", len(pids(male, cat_in("4X"))))
    x = rng.choice([10, 12])
    yield _q(fam, f"nodules > {x}mm in females", "patient", pids(female, nod(dia(x))))
    yield _q(fam, "F pts w/ pneumothorax", "patient", pids(female, kinds("pneumothorax")))
    yield _q(
        fam,
        "mens chest cts w part-solid nodules 2025",
        "study",
        sids(male, chest_ct, year(2025), nod(att("part-solid"))),
    )


# --- modality and body part -----------------------------------------------------------------


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield _q(
        fam,
        "give me head cts w/ hemorrhage",
        "study",
        sids(head_ct, kinds("intracranial_hemorrhage")),
    )
    yield _q(fam, "cxr 2025", "study", sids(xray, year(2025)))
    yield _q(fam, "pull up cta chest with nodules", "study", sids(cta, nod()))
    # "non-contrast chest ct": answers agree whether or not screening CTs count as non-contrast
    yield _q(
        fam,
        "non-contrast chest ct with effusion",
        "study",
        agree(
            sids(chest_wo, kinds("pleural_effusion")),
            sids(either(chest_wo, ldct), kinds("pleural_effusion")),
        ),
    )
    # "contrast chest ct": answers agree whether or not the CT angiograms count as contrast
    yield _q(
        fam,
        "contrast chest cts w/ ptx in 2024",
        "study",
        agree(
            sids(chest_w, kinds("pneumothorax"), year(2024)),
            sids(either(chest_w, cta), kinds("pneumothorax"), year(2024)),
        ),
    )
    yield _q(fam, "how many radiographs", "count", len(sids(xray)))
    yield _q(fam, "pts with a head ct in 2026", "patient", pids(head_ct, year(2026)))
    yield _q(fam, "studies from ct01 with lr4a", "study", sids(at("CT01"), cat_in("4A")))
    yield _q(
        fam,
        "ct02 ldcts w spiculated nodules",
        "study",
        sids(at("CT02"), ldct, nod(margin("spiculated"))),
    )
    yield _q(fam, "chest x-rays with pneumothorax", "study", sids(xray, kinds("pneumothorax")))
    yield _q(fam, "number of low dose screening cts", "count", len(sids(ldct)))
    # "diagnostic chest cts": the chest CTs that are not low-dose screening CTs
    yield _q(fam, "diagnostic chest cts with nodules", "study", sids(chest_ct, neg(ldct), nod()))


# --- lobes and sides ------------------------------------------------------------------------


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    x = rng.choice([5, 6, 7])
    yield _q(fam, f"rul nods > {x}mm", "study", sids(nod(lobe("RUL"), dia(x))))
    yield _q(fam, "left lowr lobe ggn", "study", sids(nod(lobe("LLL"), att("ground-glass"))))
    yield _q(fam, "rml spiculated", "study", sids(nod(lobe("RML"), margin("spiculated"))))
    yield _q(
        fam,
        "right sided pneumothorax",
        "study",
        sids(kind_where("pneumothorax", lambda f: f["side"] == "right")),
    )
    yield _q(
        fam,
        "left pleural effusion",
        "study",
        sids(kind_where("pleural_effusion", lambda f: f["side"] == "left")),
    )
    # "right / left lung" nodules: nodules have no side, so their lobe says it
    yield _q(fam, "nodules in the left lung over 1 cm", "study", sids(nod(lobe(*LEFT), dia(10))))
    yield _q(fam, "show bilateral nodules", "study", sids(nod(lobe(*RIGHT)), nod(lobe(*LEFT))))
    yield _q(fam, "how many nodules in the lul", "count", len(fids(is_nod, lobe("LUL"))))
    yield _q(
        fam,
        "upper lobe part solid nodules",
        "study",
        sids(nod(lobe("RUL", "LUL"), att("part-solid"))),
    )
    yield _q(fam, "pts w/ a rll mass", "patient", pids(kind_where("mass", lobe("RLL"))))
    yield _q(fam, "consolidation rll", "study", sids(kind_where("consolidation", lobe("RLL"))))


# --- attenuation, margin, calcification -----------------------------------------------------


def characters(rng: random.Random) -> Rows:
    fam = "attenuation_margin"
    yield _q(
        fam, "spiculated solid nodules", "study", sids(nod(margin("spiculated"), att("solid")))
    )
    yield _q(
        fam,
        "subsolid nodules in women",
        "patient",
        pids(female, nod(lambda f: f["attenuation"] in ("part-solid", "ground-glass"))),
    )
    yield _q(
        fam,
        "noncalcified nodules > 8mm",
        "study",
        sids(nod(lambda f: f["calcified"] is False, dia(8))),
    )
    yield _q(fam, "calcfied nods", "study", sids(nod(lambda f: bool(f["calcified"]))))
    yield _q(
        fam, "lobulated margins ggn", "study", sids(nod(margin("lobulated"), att("ground-glass")))
    )
    yield _q(
        fam,
        "smooth-margined solid nodules under 4mm",
        "study",
        sids(nod(margin("smooth"), att("solid"), dia(hi=4))),
    )
    yield _q(
        fam, "how many pure ground glas nodules", "count", len(fids(is_nod, att("ground-glass")))
    )
    yield _q(fam, "psn in men", "patient", pids(male, nod(att("part-solid"))))
    yield _q(
        fam,
        "gg nodules w/ spiculation",
        "study",
        sids(nod(att("ground-glass"), margin("spiculated"))),
    )
    yield _q(
        fam,
        "calcified nodule ≥ 5mm in the lower lobes",
        "study",
        sids(nod(lambda f: bool(f["calcified"]), dia(5, lo_in=True), lobe("RLL", "LLL"))),
    )
    yield _q(
        fam,
        "ground glass nodule >1cm in the upper lobes",
        "study",
        sids(nod(att("ground-glass"), dia(10), lobe("RUL", "LUL"))),
    )
    yield _q(
        fam,
        "pts w/ spiculated or lobulated nodules",
        "patient",
        pids(nod(lambda f: f["margin"] in ("spiculated", "lobulated"))),
    )


FAMILIES = (
    identifiers,
    date_family,
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
