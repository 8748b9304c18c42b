"""Held-out part 14 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as a second final, honest measurement of the question reader, blind to it:
its author read only the cohort README and data files (``../shared/cohort``, its
``dev_queries.jsonl`` to see the data, not to borrow phrasings), the conventions sections of
``docs/query.md`` (what a phrase means, not the measured misses), :mod:`question_bank`,
:mod:`cohort_reference`, and ``bank_fresh_13.py`` for its format only (``_q``, :class:`Item`,
``PART``/``SEED``, answers in plain Python), never its questions, the reader's code (``query/``),
its tests (``test_*.py``) or the other parts of the bank (the only part-13 questions seen were
two at the end of its file, while reading its layout). Its question texts were compared with the
other parts' and ``dev_queries.jsonl`` by a script that printed only this part's matches, and
the nine that matched word for word were reworded. The questions were frozen (committed) before
any was put to the engine, and none is to be changed to suit it afterwards.

Every family issue 17 lists is here: identifiers (patient, accession, study UID), dates and date
ranges, numbers with units written many ways, counts, patient-level set logic, Lung-RADS
categories and changes, rankings, averages, medians and percentages, report concepts with
negation, growth, new, stable and resolved nodules, intervals between scans, ages, and
modality / body-part filters; in shorthand ("pts", "w/", "f/u", "lr4a", "ggn", "nods", "sz"),
lower case, with a few typos, units written many ways (".7 cm", "≥1.2cm", "millimetres",
"1 cc"), word order varied, questions and imperatives. Parameters are drawn from the cohort
with this part's own seed (:data:`SEED`), so adding it changes no other part's draws. Expected
answers are computed here in plain Python from the cohort's JSON Lines files with the
conventions written out by hand. Where ``docs/query.md`` documents no convention, the comment
beside the question says which reading the answer assumes; where a date window's edge was not
documented, parameters are drawn so that the answer is the same a day either side of the edge.

Scored alone with ``python tests/query/question_bank.py --part held_out_14 -v``.
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

PART = "held_out_14"
SEED = 1414

Rows = Iterator[Item]
FTest = Callable[[Row], bool]  # a test of one finding

MON = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _q(family: str, question: str, unit: str, expected: Any, as_of: str = AS_OF) -> Item:
    return Item(family, PART, question, unit, expected, as_of)


# --- plain-Python reading of the cohort, written apart from the engine -----------------------


def all_studies() -> list[Row]:
    """Every study, first to latest (by date, then UID)."""
    return sorted(qb.studies(), key=lambda s: (s["study_date"], s["study_uid"]))


def patient_rows() -> list[Row]:
    return sorted(ref.cohort()[0].values(), key=lambda p: p["patient_id"])


def is_chest_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "CHEST")


def is_head_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT" and s["body_part"] == "HEAD")


def is_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT")


def is_xray(s: Row) -> bool:
    return bool(s["modality"] == "DX")


def is_ldct(s: Row) -> bool:
    return "LOW DOSE" in str(s["description"])


def is_cta(s: Row) -> bool:
    return "ANGIO" in str(s["description"])


def station(name: str) -> Test:
    return lambda s: bool(s["station"] == name)


def woman(s: Row) -> bool:
    return ref.sex(s) == "F"


def man(s: Row) -> bool:
    return ref.sex(s) == "M"


def has_kind(*kinds: str) -> Test:
    return lambda s: any(f["kind"] in kinds for f in ref.findings_of(s["study_uid"]))


def nod(test: FTest = lambda f: True) -> Test:
    """The study has a nodule (kind ``nodule``) passing ``test``."""
    return qb.has_nodule(test)


def n_nodules(s: Row) -> int:
    return len(qb.nodules(s))


def report(*words: str) -> Test:
    """The report names one of ``words`` in a sentence that does not negate it."""
    return lambda s: any(ref.sentence_affirms(ref.cohort()[3][s["study_uid"]], w) for w in words)


def names(word: str) -> Test:
    """The report names ``word`` at all (affirmed or negated)."""
    return lambda s: word in ref.cohort()[3][s["study_uid"]].lower()


EMPHYSEMA = report("emphysema")
LYMPH = report("lymphadenopathy", "lymph nodes")
CORONARY = report("coronary")
GRANULOMA = report("granuloma")


def neg(test: Test) -> Test:
    return lambda s: not test(s)


def every(*tests: Test) -> Test:
    return lambda s: all(t(s) for t in tests)


def sids(*tests: Test) -> list[str]:
    return qb.study_ids(every(*tests))


def pids(*tests: Test) -> list[str]:
    return qb.patient_ids(every(*tests))


def n_studies(*tests: Test) -> int:
    return len(sids(*tests))


def n_patients(*tests: Test) -> int:
    return len(pids(*tests))


def fids(test: FTest) -> list[str]:
    return sorted(f["finding_id"] for f in qb.findings() if test(f))


def nodule_and(test: FTest) -> FTest:
    return lambda f: bool(f["kind"] == "nodule" and test(f))


def finding_on(test: Test) -> FTest:
    """A finding of a study passing ``test``."""
    return lambda f: test(qb.study_of(f))


def between(start: str, end: str) -> Test:
    return qb.in_dates(start, end)


def year(y: int) -> Test:
    return between(f"{y}-01-01", f"{y}-12-31")


def age_in(low: int, high: int) -> Test:
    """Age on the study date between ``low`` and ``high`` years, both included."""
    return lambda s: low <= ref.age(s) <= high


def cat(s: Row) -> str | None:
    return ref.category(s)


def cat_in(*cats: str) -> Test:
    return lambda s: cat(s) in cats


def cat_at_least(c: str) -> Test:
    return lambda s: (x := cat(s)) is not None and ref.ORDER.index(x) >= ref.ORDER.index(c)


FOUR = ("4A", "4B", "4X")


def history(test: Callable[[list[Row]], bool]) -> list[str]:
    """Patients whose studies (first to latest) pass ``test``."""
    return qb.patients_by_history(test)


def ever(test: Test) -> Callable[[list[Row]], bool]:
    return lambda own: any(map(test, own))


def never(test: Test) -> Callable[[list[Row]], bool]:
    return lambda own: not any(map(test, own))


def all_true(*tests: Callable[[list[Row]], bool]) -> Callable[[list[Row]], bool]:
    return lambda own: all(t(own) for t in tests)


@cache
def own_all() -> dict[str, list[Row]]:
    """Each patient's studies, first to latest (by date, then UID)."""
    return own_by_patient()


def own_by_patient(test: Test = lambda s: True) -> dict[str, list[Row]]:
    """Each patient's studies passing ``test``, first to latest (by date, then UID)."""
    out: dict[str, list[Row]] = {}
    for s in all_studies():
        if test(s):
            out.setdefault(s["patient_id"], []).append(s)
    return out


def day(s: Row) -> dt.date:
    return dt.date.fromisoformat(s["study_date"])


def iso(d: dt.date) -> str:
    return d.isoformat()


def months_on(d: dt.date, n: int) -> dt.date:
    """The same day ``n`` calendar months on (the month's last day when it is shorter)."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    last = dt.date.fromisoformat(qb.month_end(y, m)).day
    return dt.date(y, m, min(d.day, last))


# --- growth, new, stable, resolved (docs/query.md conventions) --------------------------------


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


def grew_by(x: float) -> FTest:
    """The finding's mean diameter is more than ``x`` mm over its track's previous finding."""
    facts = change()
    return lambda f: f["finding_id"] in facts and facts[f["finding_id"]] > x


GREW = grew_by(1.5)


def shrank(f: Row) -> bool:
    facts = change()
    return f["finding_id"] in facts and facts[f["finding_id"]] < -1.5


def stable(f: Row) -> bool:
    facts = change()
    return f["finding_id"] in facts and abs(facts[f["finding_id"]]) <= 1.5


def new(f: Row) -> bool:
    """A nodule or mass whose track has no earlier finding while the patient had an earlier
    chest CT."""
    if f["kind"] not in ("nodule", "mass") or not f.get("track_id"):
        return False
    s = qb.study_of(f)
    first = tracks()[f["track_id"]][0]
    if qb.study_of(first)["study_date"] < s["study_date"]:
        return False
    return any(
        is_chest_ct(t) and t["study_date"] < s["study_date"] for t in own_all()[s["patient_id"]]
    )


def resolved(f: Row) -> bool:
    """The last finding of its track, while the patient has a later chest CT."""
    if not f.get("track_id") or f["kind"] not in ("nodule", "mass"):
        return False
    if tracks()[f["track_id"]][-1] is not f:
        return False
    s = qb.study_of(f)
    return any(
        is_chest_ct(t) and t["study_date"] > s["study_date"] for t in own_all()[s["patient_id"]]
    )


def study_has(test: FTest) -> Test:
    return lambda s: any(test(f) for f in ref.findings_of(s["study_uid"]))


# --- Lung-RADS changes ------------------------------------------------------------------------


def category_steps() -> list[tuple[Row, str, str]]:
    """(study, previous category, its category) for each study that has a category and follows
    one of the same patient's that has one (by date, then UID)."""
    out = []
    for own in own_by_patient(lambda s: cat(s) is not None).values():
        for before, after in itertools.pairwise(own):
            out.append((after, str(cat(before)), str(cat(after))))
    return out


def rank(c: str) -> int:
    return ref.ORDER.index(c)


# --- intervals ------------------------------------------------------------------------------


def spans(kind: Test, who: Callable[[str], bool] = lambda p: True) -> list[int]:
    """Days from first to latest study of ``kind``, per patient with such studies on two
    dates or more (patients chosen by ``who``)."""
    out = []
    for p, own in own_by_patient(kind).items():
        dates = sorted({day(s) for s in own})
        if who(p) and len(dates) >= 2:
            out.append((dates[-1] - dates[0]).days)
    return out


def consecutive(kind: Test) -> list[tuple[str, dt.date, dt.date, list[Row]]]:
    """(patient, earlier date, later date, the later date's studies) per consecutive pair of
    study dates of ``kind`` (two studies on one day being one date)."""
    out = []
    for p, own in own_by_patient(kind).items():
        dates = sorted({day(s) for s in own})
        for a, b in itertools.pairwise(dates):
            out.append((p, a, b, [s for s in own if day(s) == b]))
    return out


def followed_within(first: Test, later: Test, n: int) -> list[str]:
    """Studies passing ``first`` with a later-dated ``later`` study of the patient on or before
    the same day ``n`` calendar months on."""
    own = own_by_patient()
    out = []
    for s in qb.studies():
        if not first(s):
            continue
        limit = months_on(day(s), n)
        if any(later(t) and day(s) < day(t) <= limit for t in own[s["patient_id"]]):
            out.append(s["study_uid"])
    return sorted(out)


def years_old(patient_id: str, on: dt.date) -> int:
    born = dt.date.fromisoformat(qb.birth(patient_id))
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def ages_at_latest(test: Test) -> list[int]:
    """Each patient with a study passing ``test`` once, at the age on the latest such study."""
    return [ref.age(own[-1]) for own in own_by_patient(test).values()]


def r2(x: float) -> float:
    return round(x, 2)


def pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


def choose(rng: random.Random, pool: list[Any]) -> Any:
    return rng.choice(sorted(pool))


def robust_window(
    rng: random.Random, pool: list[int], window: Callable[[int, int], list[str]]
) -> int:
    """A parameter from ``pool`` whose answer is the same with the window's start a day earlier
    or later (``window(n, shift)`` answers with the start shifted by ``shift`` days)."""
    ok = [n for n in pool if window(n, -1) == window(n, 0) == window(n, 1) and window(n, 0)]
    return int(choose(rng, ok))


def top(rows: list[Row], key: Callable[[Row], Any], n: int, ident: str) -> list[str] | None:
    return qb.top_rows(rows, key, n, ident)


def untied_top(
    rng: random.Random, pool: list[int], rows: list[Row], key: Callable[[Row], Any], ident: str
) -> tuple[int, list[str]]:
    """A count ``n`` from ``pool`` whose top ``n`` has no tie at the boundary, and that top."""
    ok = [n for n in pool if top(rows, key, n, ident) is not None]
    n = int(choose(rng, ok))
    answer = top(rows, key, n, ident)
    assert answer is not None
    return n, answer


# --- identifiers ----------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    own = own_by_patient()
    many = [p for p, ss in own.items() if len(ss) >= 3]
    two = [p for p, ss in own.items() if len(ss) >= 2]

    p = choose(rng, many)
    yield _q(fam, f"all scans for pt {p}", "study", sorted(s["study_uid"] for s in own[p]))

    p = choose(rng, [x for x in two if x not in many])
    # a patient ID typed in lower case
    yield _q(fam, f"{p.lower()} studies pls", "study", sorted(s["study_uid"] for s in own[p]))

    several = [s for s in qb.studies() if len(ref.findings_of(s["study_uid"])) >= 3]
    s = choose_study(rng, several)
    yield _q(
        fam,
        f"show me the findings on acc {s['accession']}",
        "finding",
        sorted(f["finding_id"] for f in ref.findings_of(s["study_uid"])),
    )

    mixed = [
        s
        for s in qb.studies()
        if qb.nodules(s) and any(f["kind"] != "nodule" for f in ref.findings_of(s["study_uid"]))
    ]
    s = choose_study(rng, mixed)
    yield _q(
        fam,
        f"nodule findings for accession {s['accession']}",
        "finding",
        sorted(f["finding_id"] for f in qb.nodules(s)),
    )

    s = choose_study(rng, several)
    yield _q(
        fam,
        f"list findings in study {s['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in ref.findings_of(s["study_uid"])),
    )

    s = choose_study(rng, qb.studies())
    yield _q(fam, f"which pt had accession {s['accession']}?", "patient", [s["patient_id"]])

    p = choose(rng, many)
    yield _q(fam, f"how many cts does {p} have", "count", sum(is_ct(s) for s in own[p]))

    p = choose(rng, two)
    yield _q(fam, f"most recent study on {p}", "study", [own[p][-1]["study_uid"]])

    # patients whose studies are all chest CTs, so "baseline ct" is their first study either way
    all_ct = [x for x in two if all(is_chest_ct(s) for s in own[x])]
    p1, p2 = sorted(rng.sample(sorted(all_ct), 2))
    yield _q(
        fam,
        f"baseline ct for {p1} and {p2}",
        "study",
        sorted([own[p1][0]["study_uid"], own[p2][0]["study_uid"]]),
    )

    p1, p2, p3 = rng.sample(sorted(own), 3)
    yield _q(
        fam,
        f"scans for {p1}, {p2} or {p3}",
        "study",
        sorted(s["study_uid"] for x in (p1, p2, p3) for s in own[x]),
    )

    a, b = rng.sample(sorted(qb.studies(), key=lambda s: s["accession"]), 2)
    yield _q(
        fam,
        f"pull up accessions {a['accession']} and {b['accession']}",
        "study",
        sorted([a["study_uid"], b["study_uid"]]),
    )

    big = nod(lambda f: f["diameter_mm"] > 5)
    partly = [x for x in many if any(map(big, own[x])) and not all(map(big, own[x]))]
    p = choose(rng, partly)
    yield _q(
        fam,
        f"mrn {p} nodules >5mm",
        "study",
        sorted(s["study_uid"] for s in own[p] if big(s)),
    )

    s = choose_study(rng, several)
    yield _q(
        fam,
        f"how many findings in {s['study_uid']}",
        "count",
        len(ref.findings_of(s["study_uid"])),
    )

    # an ID the cohort does not hold, after "patient": read as that ID, so nothing matches
    yield _q(fam, "scans for patient P09999", "study", [])

    heads = [x for x, ss in own.items() if any(map(is_head_ct, ss))]
    p = choose(rng, heads)
    yield _q(
        fam,
        f"head ct for {p}",
        "study",
        sorted(s["study_uid"] for s in own[p] if is_head_ct(s)),
    )


def choose_study(rng: random.Random, pool: list[Row]) -> Row:
    ordered = sorted(pool, key=lambda s: s["study_uid"])
    return ordered[rng.randrange(len(ordered))]


# --- dates and date ranges ------------------------------------------------------------------


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    as_of = dt.date.fromisoformat(AS_OF)

    y, m = rng.choice([(2023, 5), (2024, 2), (2024, 10), (2025, 7), (2026, 3)])
    yield _q(
        fam,
        f"chest cts in {MON[m - 1]} {y}",
        "study",
        sids(is_chest_ct, qb.months(y, m, m)),
    )

    start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(600))
    end = start + dt.timedelta(days=rng.randrange(20, 60))
    yield _q(
        fam,
        f"scans done {iso(start)} to {iso(end)}",
        "study",
        sids(between(iso(start), iso(end))),
    )

    y, q = rng.choice([(2023, 2), (2024, 3), (2025, 1), (2025, 4)])
    yield _q(fam, f"ldct q{q} {y}", "study", sids(is_ldct, qb.quarter(y, q)))

    y = rng.choice([2023, 2024, 2025])
    yield _q(
        fam,
        f"nodules seen in 2nd half of {y}",
        "study",
        sids(nod(), qb.months(y, 7, 12)),
    )

    def last_days(n: int, shift: int) -> list[str]:
        start = as_of - dt.timedelta(days=n) + dt.timedelta(days=shift)
        return sids(between(iso(start), AS_OF))

    n = robust_window(rng, [10, 14, 20, 25, 40, 45], last_days)
    # "last N days": from the as-of date less N days to the as-of date (drawn so that a day
    # either way gives the same answer)
    yield _q(fam, f"studies in the last {n} days", "study", last_days(n, 0))

    def last_months(n: int, shift: int) -> list[str]:
        start = months_on(as_of, -n) + dt.timedelta(days=shift)
        return sids(is_xray, between(iso(start), AS_OF))

    n = robust_window(rng, [4, 5, 6, 7, 8, 9], last_months)
    yield _q(fam, f"xrays past {n} months", "study", last_months(n, 0))

    # "this yr" with the as-of date set mid-year: 1 January to the as-of date
    yield _q(
        fam,
        "pts scanned this yr",
        "patient",
        pids(between("2026-01-01", "2026-06-30")),
        as_of="2026-06-30",
    )

    # "last year" alone is the previous calendar year
    yield _q(
        fam,
        "ct chest last year w/ ggn",
        "study",
        sids(is_chest_ct, year(2025), nod(lambda f: f["attenuation"] == "ground-glass")),
    )

    y = rng.choice([2024, 2025])
    yield _q(
        fam,
        f"spiculated nods since sept {y}",
        "study",
        sids(nod(lambda f: f["margin"] == "spiculated"), between(f"{y}-09-01", AS_OF)),
    )

    # a US month/day/year date; 15 cannot be a month, so the reading is unambiguous
    yield _q(fam, "scans before 3/15/2023", "study", sids(lambda s: s["study_date"] < "2023-03-15"))

    yield _q(
        fam,
        "head cts from nov 2024 thru jan 2025",
        "study",
        sids(is_head_ct, between("2024-11-01", "2025-01-31")),
    )

    yield _q(
        fam,
        "ptx 2023-2024",
        "study",
        sids(has_kind("pneumothorax"), between("2023-01-01", "2024-12-31")),
    )

    y, q = rng.choice([(2026, 1), (2026, 2), (2025, 3)])
    yield _q(
        fam, f"how many chest cts in q{q} {y}", "count", n_studies(is_chest_ct, qb.quarter(y, q))
    )

    def last_12(n: int, shift: int) -> list[str]:
        start = months_on(as_of, -n) + dt.timedelta(days=shift)
        return pids(cat_in("4B"), between(iso(start), AS_OF))

    n = robust_window(rng, [12, 18, 24], last_12)
    yield _q(fam, f"pts w/ lr4b in the last {n} mos", "patient", last_12(n, 0))

    # the as-of date set to another day; "past 2 weeks" is 14 days back
    mid = dt.date(2025, 6, 15)

    def two_weeks(as_of_day: dt.date, shift: int) -> list[str]:
        start = as_of_day - dt.timedelta(days=14) + dt.timedelta(days=shift)
        return sids(between(iso(start), iso(as_of_day)))

    choices = [
        mid + dt.timedelta(days=k)
        for k in range(0, 60)
        if two_weeks(mid + dt.timedelta(days=k), -1)
        == two_weeks(mid + dt.timedelta(days=k), 0)
        == two_weeks(mid + dt.timedelta(days=k), 1)
        and two_weeks(mid + dt.timedelta(days=k), 0)
    ]
    when = rng.choice(choices)
    yield _q(fam, "any scans in the past 2 weeks?", "study", two_weeks(when, 0), as_of=iso(when))

    # "this quarter": the as-of date's quarter up to the as-of date
    yield _q(fam, "nodules this quarter", "study", sids(nod(), between("2026-10-01", AS_OF)))

    # "last quarter": the quarter before the as-of date's
    yield _q(
        fam,
        "last quarter nodules > 8mm",
        "study",
        sids(nod(lambda f: f["diameter_mm"] > 8), qb.quarter(2026, 3)),
    )

    yield _q(fam, "studies march-june 2024", "study", sids(qb.months(2024, 3, 6)))

    yield _q(
        fam,
        "effusions dec 2023 - feb 2024",
        "study",
        sids(has_kind("pleural_effusion"), between("2023-12-01", "2024-02-29")),
    )

    yield _q(
        fam,
        "pts with a ct in 2024 and again in 2025",
        "patient",
        history(all_true(ever(every(is_ct, year(2024))), ever(every(is_ct, year(2025))))),
    )

    busy = sorted(
        {
            s["study_date"]
            for s in qb.studies()
            if n_studies(between(s["study_date"], s["study_date"])) >= 3
        }
    )
    d = rng.choice(busy)
    yield _q(fam, f"scans on {d}", "study", sids(between(d, d)))


# --- numbers with units ---------------------------------------------------------------------


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"

    def att(a: str) -> FTest:
        return lambda f: f["attenuation"] == a

    x = rng.choice([5, 6, 7, 9, 11])
    yield _q(
        fam,
        f"solid nods over {x}mm",
        "study",
        sids(nod(lambda f: att("solid")(f) and f["diameter_mm"] > x)),
    )

    x = rng.choice([6, 8, 10])
    yield _q(
        fam,
        f"ggn at least {x} millimeters",
        "study",
        sids(nod(lambda f: att("ground-glass")(f) and f["diameter_mm"] >= x)),
    )

    d = rng.choice([6, 7, 8, 9])
    yield _q(
        fam,
        f"part solid nodules bigger than .{d} cm",
        "study",
        sids(nod(lambda f: att("part-solid")(f) and f["diameter_mm"] > d)),
    )

    cm = rng.choice(["1.2", "1.4", "1.8", "2"])
    yield _q(
        fam,
        f"nodules ≥{cm}cm",
        "study",
        sids(nod(lambda f: f["diameter_mm"] >= round(float(cm) * 10, 6))),
    )

    x = rng.choice([15, 18, 20, 25])
    yield _q(
        fam,
        f"nodule long axis > {x} mm",
        "study",
        sids(nod(lambda f: f["long_axis_mm"] > x)),
    )

    v = rng.choice([500, 800, 1500])
    yield _q(
        fam,
        f"nodules w vol over {v} mm3",
        "study",
        sids(nod(lambda f: f["volume_mm3"] > v)),
    )

    c = rng.choice([1, 2, 3])
    yield _q(
        fam,
        f"nods at least {c} cc",
        "study",
        sids(nod(lambda f: f["volume_mm3"] >= c * 1000)),
    )

    h = rng.choice([500, 600, 650])
    yield _q(fam, f"nodules hu < -{h}", "study", sids(nod(lambda f: f["mean_hu"] < -h)))

    p = rng.choice([92, 95, 97])
    # "findings" of any kind (documented)
    yield _q(
        fam,
        f"findings with conf >= {p}%",
        "finding",
        fids(lambda f: f["confidence"] >= p / 100),
    )

    lobe = rng.choice(["RUL", "RML", "RLL", "LUL", "LLL"])
    a = rng.choice([4, 5, 6])
    b = a + rng.choice([2, 3])
    yield _q(
        fam,
        f"nodules {a}-{b}mm in {lobe.lower()}",
        "study",
        sids(nod(lambda f: f["lobe"] == lobe and a <= f["diameter_mm"] <= b)),
    )

    a = rng.choice([5, 6, 7])
    yield _q(
        fam,
        f"nodules between 0.{a} and 1 cm",
        "study",
        sids(nod(lambda f: a <= f["diameter_mm"] <= 10)),
    )

    lobe = rng.choice(["RUL", "RML", "LLL"])
    yield _q(
        fam,
        f"sub-cm solid nodules in {lobe.lower()}",
        "study",
        sids(nod(lambda f: att("solid")(f) and f["lobe"] == lobe and f["diameter_mm"] < 10)),
    )

    x = rng.choice([4, 5, 6])
    yield _q(
        fam,
        f"part-solid w solid component > {x} mm",
        "study",
        sids(
            nod(
                lambda f: (
                    att("part-solid")(f)
                    and f["solid_component_mm"] is not None
                    and f["solid_component_mm"] > x
                )
            )
        ),
    )

    x = rng.choice([7, 8, 9])
    # a bare size: x - 0.5 to under x + 0.5 mm (documented)
    yield _q(
        fam,
        f"{x}mm nodule",
        "study",
        sids(nod(lambda f: x - 0.5 <= f["diameter_mm"] < x + 0.5)),
    )

    yield _q(fam, "nodules under half a cm", "study", sids(nod(lambda f: f["diameter_mm"] < 5)))

    # three masses measure exactly 34.0 mm: strictly over 3.4 cm leaves them out
    yield _q(
        fam,
        "masses over 3.4 cm",
        "study",
        sids(has_kind_where("mass", lambda f: f["diameter_mm"] > 34)),
    )

    yield _q(
        fam,
        "findings over 2.5cm",
        "finding",
        fids(lambda f: f["diameter_mm"] is not None and f["diameter_mm"] > 25),
    )

    lo, hi = rng.choice([(-100, 50), (-50, 40), (-200, 0)])
    yield _q(
        fam,
        f"nodules w mean hu between {lo} and {hi}",
        "study",
        sids(nod(lambda f: lo <= f["mean_hu"] <= hi)),
    )

    x = rng.choice([26, 28])
    # "lesion" is a nodule or a mass (documented)
    yield _q(
        fam,
        f"lesions over {x} mm",
        "study",
        sids(
            lambda s: any(
                f["kind"] in ("nodule", "mass") and f["diameter_mm"] > x
                for f in ref.findings_of(s["study_uid"])
            )
        ),
    )

    x = rng.choice([3, 4])
    yield _q(
        fam,
        f"nodule findings with short axis under {x}mm",
        "finding",
        fids(nodule_and(lambda f: f["short_axis_mm"] < x)),
    )

    x = rng.choice([14, 16])
    yield _q(
        fam,
        f"nodules {x} millimetres or more",
        "study",
        sids(nod(lambda f: f["diameter_mm"] >= x)),
    )

    yield _q(
        fam,
        "ggns > 1cm",
        "study",
        sids(nod(lambda f: att("ground-glass")(f) and f["diameter_mm"] > 10)),
    )

    lobe = rng.choice(["LUL", "RLL"])
    a = rng.choice([4, 5])
    # "A to B mm" is read as "A-B mm": both ends included
    yield _q(
        fam,
        f"solid nodule diam {a} to {a + 2} mm in {lobe}",
        "study",
        sids(
            nod(lambda f: att("solid")(f) and f["lobe"] == lobe and a <= f["diameter_mm"] <= a + 2)
        ),
    )

    c = rng.choice([6, 7])
    yield _q(
        fam,
        f"nodules w/ confidence below .{c}",
        "study",
        sids(nod(lambda f: f["confidence"] < c / 10)),
    )


def has_kind_where(kind: str, test: FTest) -> Test:
    return lambda s: any(f["kind"] == kind and test(f) for f in ref.findings_of(s["study_uid"]))


# --- counts ---------------------------------------------------------------------------------


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    own = own_by_patient()

    yield _q(
        fam, "# pts w calcified nods", "count", n_patients(nod(lambda f: bool(f["calcified"])))
    )
    yield _q(fam, "number of head cts", "count", n_studies(is_head_ct))

    x = rng.choice([10, 12, 15])
    yield _q(
        fam,
        f"how many nodules > {x}mm",
        "count",
        len(fids(nodule_and(lambda f: f["diameter_mm"] > x))),
    )

    # "3+ nodules": three or more
    yield _q(
        fam, "how many studies had 3+ nodules", "count", n_studies(lambda s: n_nodules(s) >= 3)
    )

    n = rng.choice([3, 4])
    yield _q(
        fam,
        f"count pts with at least {n} scans",
        "count",
        sum(len(ss) >= n for ss in own.values()),
    )

    yield _q(
        fam, "how many pts only scanned once", "count", sum(len(ss) == 1 for ss in own.values())
    )

    yield _q(
        fam,
        "how many cts show exactly 2 nodules",
        "count",
        n_studies(is_ct, lambda s: n_nodules(s) == 2),
    )

    yield _q(
        fam,
        "total number of findings in 2025",
        "count",
        len(fids(finding_on(year(2025)))),
    )

    yield _q(
        fam,
        "# of spiculated nodules in men",
        "count",
        len(fids(nodule_and(lambda f: f["margin"] == "spiculated" and man(qb.study_of(f))))),
    )

    y = rng.choice([2023, 2024, 2025])
    yield _q(fam, f"how many women had a ldct in {y}", "count", n_patients(woman, is_ldct, year(y)))

    yield _q(
        fam,
        "how many chest cts w fewer than 2 nodules",
        "count",
        n_studies(is_chest_ct, lambda s: n_nodules(s) < 2),
    )

    # one pneumothorax per study at most, so findings and studies count the same
    yield _q(fam, "how many ptx on cxr", "count", n_studies(is_xray, has_kind("pneumothorax")))

    yield _q(
        fam,
        "number of people w 4 or more nodules on a single ct",
        "count",
        n_patients(is_ct, lambda s: n_nodules(s) >= 4),
    )

    yield _q(
        fam,
        "how many pts had more than 1 head ct",
        "count",
        sum(sum(map(is_head_ct, ss)) > 1 for ss in own.values()),
    )

    yield _q(
        fam,
        "number of ggns",
        "count",
        len(fids(nodule_and(lambda f: f["attenuation"] == "ground-glass"))),
    )

    # "nodlues": a typo
    yield _q(fam, "how many male pts have nodlues", "count", n_patients(man, nod()))

    # seven masses on seven studies: findings and studies count the same
    yield _q(fam, "how many masses", "count", len(fids(lambda f: f["kind"] == "mass")))


# --- patient-level set logic ----------------------------------------------------------------


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"

    def kind(k: str) -> Test:
        return has_kind(k)

    solid = nod(lambda f: f["attenuation"] == "solid")
    ggn = nod(lambda f: f["attenuation"] == "ground-glass")

    yield _q(
        fam,
        "pts with both emphysema and lymphadenopathy",
        "patient",
        history(all_true(ever(EMPHYSEMA), ever(LYMPH))),
    )
    yield _q(
        fam,
        "pts w ggn but never a solid nodule",
        "patient",
        history(all_true(ever(ggn), never(solid))),
    )
    yield _q(fam, "which pts have never had any nodule", "patient", history(never(nod())))
    yield _q(
        fam,
        "pts who ever had a spiculated nodule",
        "patient",
        pids(nod(lambda f: f["margin"] == "spiculated")),
    )
    yield _q(
        fam,
        "pts with ptx or effusion",
        "patient",
        pids(has_kind("pneumothorax", "pleural_effusion")),
    )
    yield _q(
        fam,
        "patients with both a pneumothorax and nodules",
        "patient",
        history(all_true(ever(kind("pneumothorax")), ever(nod()))),
    )
    yield _q(
        fam,
        "pts w a chest ct but never an ldct",
        "patient",
        history(all_true(ever(is_chest_ct), never(is_ldct))),
    )
    yield _q(
        fam,
        "women w emphysema who never had nodules",
        "patient",
        history(all_true(ever(woman), ever(EMPHYSEMA), never(nod()))),
    )
    yield _q(
        fam,
        "pts who never had lr 4 but had lr 3",
        "patient",
        history(all_true(ever(cat_in("3")), never(cat_in(*FOUR)))),
    )
    yield _q(
        fam,
        "pts having both solid and ground glass nods",
        "patient",
        history(all_true(ever(solid), ever(ggn))),
    )
    yield _q(
        fam,
        "pts with emphysema and no lymphadenopathy ever",
        "patient",
        history(all_true(ever(EMPHYSEMA), never(LYMPH))),
    )
    y1, y2 = rng.choice([(2023, 2026), (2023, 2025), (2024, 2026)])
    yield _q(
        fam,
        f"pts scanned in both {y1} and {y2}",
        "patient",
        history(all_true(ever(year(y1)), ever(year(y2)))),
    )
    yield _q(
        fam,
        "men without any nodules ever",
        "patient",
        history(all_true(ever(man), never(nod()))),
    )
    yield _q(
        fam,
        "pts w a mass or lr4x",
        "patient",
        pids(lambda s: kind("mass")(s) or cat(s) == "4X"),
    )
    yield _q(
        fam,
        "pts w ptx who never had a chest xray",
        "patient",
        history(all_true(ever(kind("pneumothorax")), never(is_xray))),
    )
    # CAC: coronary artery calcification, read from the report
    yield _q(
        fam,
        "pts w cac but never emphysema",
        "patient",
        history(all_true(ever(CORONARY), never(EMPHYSEMA))),
    )
    yield _q(
        fam,
        "pts w both calcified and spiculated nodules",
        "patient",
        history(
            all_true(
                ever(nod(lambda f: bool(f["calcified"]))),
                ever(nod(lambda f: f["margin"] == "spiculated")),
            )
        ),
    )
    yield _q(
        fam,
        "pts with granuloma or calcified nodule",
        "patient",
        pids(lambda s: GRANULOMA(s) or nod(lambda f: bool(f["calcified"]))(s)),
    )


# --- Lung-RADS categories and changes -------------------------------------------------------


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    steps = category_steps()

    yield _q(fam, "lr4a studies", "study", sids(cat_in("4A")))
    y = rng.choice([2024, 2025])
    yield _q(fam, f"lung-rads 3+ in {y}", "study", sids(cat_at_least("3"), year(y)))
    yield _q(fam, "pts with lung rads 4", "patient", pids(cat_in(*FOUR)))
    yield _q(fam, "patients w/ highest ever lr of 3", "patient", qb.highest_patients("3"))
    st = rng.choice(["CT01", "CT02"])
    yield _q(fam, f"lr4x from {st.lower()}", "study", sids(cat_in("4X"), station(st)))
    # one count per category; keys are the categories as the cohort writes them ("1" ... "4X")
    groups: dict[str, int] = {}
    for s in qb.studies():
        if is_chest_ct(s):
            c = str(cat(s))
            groups[c] = groups.get(c, 0) + 1
    yield _q(fam, "# chest cts per lr category", "groups", groups)
    yield _q(
        fam,
        "studies where lung-rads went up from the prior",
        "study",
        sorted({s["study_uid"] for s, a, b in steps if rank(b) > rank(a)}),
    )
    yield _q(
        fam,
        "pts who went from lr2 to lr4a",
        "patient",
        sorted({s["patient_id"] for s, a, b in steps if (a, b) == ("2", "4A")}),
    )
    yield _q(
        fam,
        "lung rads worsened to 4x",
        "study",
        sorted({s["study_uid"] for s, a, b in steps if b == "4X" and rank(a) < rank(b)}),
    )
    y = rng.choice([2024, 2025, 2026])
    yield _q(
        fam,
        f"lr category changed in {y}",
        "study",
        sorted({s["study_uid"] for s, a, b in steps if a != b and year(y)(s)}),
    )
    yield _q(
        fam,
        "lr1 chest cts h2 2025",
        "study",
        sids(is_chest_ct, cat_in("1"), qb.months(2025, 7, 12)),
    )
    # the scan's category (its highest finding's), not the nodule's own: "scans rated"
    yield _q(
        fam,
        "scans rated lung rads < 3 with a ground glass nod",
        "study",
        sids(cat_in("1", "2"), nod(lambda f: f["attenuation"] == "ground-glass")),
    )
    yield _q(fam, "lr2 w/ emphysema", "study", sids(cat_in("2"), EMPHYSEMA))
    yield _q(fam, "how many lr 4b scans", "count", n_studies(cat_in("4B")))
    yield _q(
        fam,
        "pts upgraded to 4b",
        "patient",
        sorted({s["patient_id"] for s, a, b in steps if b == "4B" and rank(a) < rank(b)}),
    )
    yield _q(fam, "lung rads 4a or 4b pts", "patient", pids(cat_in("4A", "4B")))
    yield _q(
        fam,
        "women whose highest lung rads was 4x",
        "patient",
        sorted(set(qb.highest_patients("4X")) & set(pids(woman))),
    )


# --- rankings -------------------------------------------------------------------------------


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    nodule_rows = [f for f in qb.findings() if f["kind"] == "nodule"]

    n, ans = untied_top(rng, [3, 4, 5, 6], nodule_rows, lambda f: -f["diameter_mm"], "finding_id")
    yield _q(fam, f"top {n} largest nodules", "finding", ans)

    heads = [s for s in qb.studies() if is_head_ct(s)]
    n, ans = untied_top(rng, [2, 3, 4], heads, qb.latest_first, "study_uid")
    yield _q(fam, f"{n} most recent head cts", "study", ans)

    n, ans = untied_top(rng, [5, 8, 10], patient_rows(), lambda p: p["birth_date"], "patient_id")
    yield _q(fam, f"{n} oldest pts", "patient", ans)

    _, ans = untied_top(rng, [1], nodule_rows, lambda f: -f["mean_hu"], "finding_id")
    yield _q(fam, "the nodule w highest hu", "finding", ans)

    n, ans = untied_top(rng, [3, 4, 5], nodule_rows, lambda f: -f["volume_mm3"], "finding_id")
    yield _q(fam, f"top {n} nodules by vol", "finding", ans)

    # "the most nodules": nodule findings over all the patient's studies, ties broken by ID (an
    # assumed reading; the most on a single scan names the same patient here)
    per_patient: dict[str, int] = {}
    for f in nodule_rows:
        p = qb.study_of(f)["patient_id"]
        per_patient[p] = per_patient.get(p, 0) + 1
    most = max(per_patient.values())
    yield _q(
        fam,
        "which patient has the most nods",
        "patient",
        [min(p for p, k in per_patient.items() if k == most)],
    )

    y = rng.choice([2024, 2025])
    solid_y = [f for f in nodule_rows if f["attenuation"] == "solid" and year(y)(qb.study_of(f))]
    _, ans = untied_top(rng, [1], solid_y, lambda f: -f["diameter_mm"], "finding_id")
    yield _q(fam, f"biggest solid nodule in {y}", "finding", ans)

    ggns = [f for f in nodule_rows if f["attenuation"] == "ground-glass"]
    n, ans = untied_top(rng, [3, 4, 5], ggns, lambda f: -f["long_axis_mm"], "finding_id")
    yield _q(fam, f"{n} biggest ggns by long axis", "finding", ans)

    with_nodules = set(pids(nod()))
    young = [p for p in patient_rows() if p["patient_id"] in with_nodules]
    n, ans = untied_top(
        rng, [3, 4, 5], young, lambda p: tuple(-ord(c) for c in p["birth_date"]), "patient_id"
    )
    yield _q(fam, f"youngest {n} patients w nodules", "patient", ans)

    y = rng.choice([2023, 2024, 2025])
    ldcts = [s for s in qb.studies() if is_ldct(s) and year(y)(s)]
    n, ans = untied_top(rng, [2, 3, 4, 5, 6], ldcts, qb.latest_first, "study_uid")
    yield _q(fam, f"most recent {n} ldcts in {y}", "study", ans)

    psn = [f for f in nodule_rows if f["attenuation"] == "part-solid"]
    n, ans = untied_top(rng, [4, 5, 6], psn, lambda f: -f["solid_component_mm"], "finding_id")
    yield _q(fam, f"{n} largest part-solid nods by solid component", "finding", ans)

    masses = [f for f in qb.findings() if f["kind"] == "mass"]
    _, ans = untied_top(rng, [3], masses, lambda f: f["diameter_mm"], "finding_id")
    yield _q(fam, "smallest 3 masses", "finding", ans)

    chest = [s for s in qb.studies() if is_chest_ct(s)]
    n, ans = untied_top(rng, [1, 2, 3], chest, lambda s: -n_nodules(s), "study_uid")
    yield _q(
        fam,
        f"the {n} scans w the most nodules" if n > 1 else "the scan w the most nodules",
        "study",
        ans,
    )


# --- averages, medians, percentages ---------------------------------------------------------


def aggregates(rng: random.Random) -> Rows:
    fam = "aggregates"
    nodule_rows = [f for f in qb.findings() if f["kind"] == "nodule"]

    def mean_of(rows: list[Row], field: str) -> float:
        return r2(statistics.mean(f[field] for f in rows))

    def median_of(rows: list[Row], field: str) -> float:
        return r2(statistics.median(f[field] for f in rows))

    yield _q(fam, "whats the average nodule sz", "value", mean_of(nodule_rows, "diameter_mm"))
    ggns = [f for f in nodule_rows if f["attenuation"] == "ground-glass"]
    yield _q(fam, "mean diam of ggns", "value", mean_of(ggns, "diameter_mm"))

    x = rng.choice([8, 10, 12])
    big_solid = [f for f in nodule_rows if f["attenuation"] == "solid" and f["diameter_mm"] > x]
    yield _q(fam, f"avg vol solid nods over {x}mm", "value", mean_of(big_solid, "volume_mm3"))

    psn = [f for f in nodule_rows if f["attenuation"] == "part-solid"]
    yield _q(fam, "median hu of part solid nodules", "value", median_of(psn, "mean_hu"))

    patients = len(patient_rows())
    yield _q(
        fam,
        "what percentage of our pts have emphysema",
        "value",
        pct(n_patients(EMPHYSEMA), patients),
    )

    yield _q(
        fam,
        "percent of chest cts that are lr 4a or higher",
        "value",
        pct(n_studies(is_chest_ct, cat_at_least("4A")), n_studies(is_chest_ct)),
    )

    spic = nod(lambda f: f["margin"] == "spiculated")
    yield _q(
        fam,
        "avg age of pts w spiculated nodules",
        "value",
        r2(statistics.mean(ages_at_latest(spic))),
    )
    yield _q(
        fam,
        "median age of women w/ nodules",
        "value",
        r2(statistics.median(ages_at_latest(every(woman, nod())))),
    )

    yield _q(fam, "avg # nodules per pt", "value", r2(len(nodule_rows) / patients))

    ldct_nodules = sum(n_nodules(s) for s in qb.studies() if is_ldct(s))
    yield _q(fam, "avg nodules per scan for ldcts", "value", r2(ldct_nodules / n_studies(is_ldct)))

    lobe = rng.choice(["RUL", "LLL", "RML"])
    yield _q(
        fam,
        f"mean confidence of {lobe.lower()} nodules",
        "value",
        mean_of([f for f in nodule_rows if f["lobe"] == lobe], "confidence"),
    )

    # "calcifed": a typo; a proportion is a percentage, to 0.1 (documented)
    yield _q(
        fam,
        "what proportion of nods are calcifed",
        "value",
        pct(sum(bool(f["calcified"]) for f in nodule_rows), len(nodule_rows)),
    )

    men_spic = [f for f in nodule_rows if f["margin"] == "spiculated" and man(qb.study_of(f))]
    yield _q(
        fam,
        "avg long axis of spiculated nodules in men",
        "value",
        mean_of(men_spic, "long_axis_mm"),
    )

    x = rng.choice([10, 15])
    yield _q(
        fam,
        f"median volume of nodules > {x}mm",
        "value",
        median_of([f for f in nodule_rows if f["diameter_mm"] > x], "volume_mm3"),
    )

    yield _q(
        fam,
        "% of head cts with hemorrhage",
        "value",
        pct(n_studies(is_head_ct, has_kind("intracranial_hemorrhage")), n_studies(is_head_ct)),
    )

    per_patient = {p["patient_id"]: 0 for p in patient_rows()}
    for f in nodule_rows:
        per_patient[qb.study_of(f)["patient_id"]] += 1
    yield _q(
        fam,
        "median # of nodules per pt",
        "value",
        r2(statistics.median(per_patient.values())),
    )

    yield _q(
        fam,
        "avg solid component of part-solid nodules",
        "value",
        mean_of(psn, "solid_component_mm"),
    )


# --- report concepts with negation ----------------------------------------------------------


def reports(rng: random.Random) -> Rows:
    fam = "reports"

    y = rng.choice([2024, 2025])
    yield _q(fam, f"emphysema on ldct in {y}", "study", sids(EMPHYSEMA, is_ldct, year(y)))

    # "no X" is "without X": no affirmed mention (documented for "without")
    yield _q(fam, "chest cts with no emphysema", "study", sids(is_chest_ct, neg(EMPHYSEMA)))

    yield _q(fam, "any pts w/ cac?", "patient", pids(CORONARY))

    # "negative for X": the report names X, and only in negated sentences (an assumed reading:
    # a report that does not name it at all is not "negative for" it)
    yield _q(
        fam,
        "ldcts where the report is negative for lymphadenopathy",
        "study",
        sids(is_ldct, names("lymphadenopathy"), neg(LYMPH)),
    )

    a = rng.choice([60, 65, 70])
    yield _q(
        fam,
        f"lymphadenopathy in women over {a}",
        "patient",
        pids(LYMPH, woman, lambda s: ref.age(s) > a),
    )

    # "emphysma": a typo
    yield _q(
        fam,
        "pts w emphysma but no nodules ever",
        "patient",
        history(all_true(ever(EMPHYSEMA), never(nod()))),
    )

    yield _q(fam, "studies mentioning granuloma", "study", sids(GRANULOMA))

    yield _q(fam, "how many ldcts mention coronary calcs", "count", n_studies(is_ldct, CORONARY))

    yield _q(
        fam,
        "emphysema and lymphadenopathy on the same ct",
        "study",
        sids(is_ct, EMPHYSEMA, LYMPH),
    )

    y = rng.choice([2024, 2025])
    yield _q(
        fam,
        f"chest ct w/o adenopathy w spiculated nodule in {y}",
        "study",
        sids(is_chest_ct, neg(LYMPH), nod(lambda f: f["margin"] == "spiculated"), year(y)),
    )

    yield _q(fam, "men with emphysema", "patient", pids(man, EMPHYSEMA))

    yield _q(
        fam,
        "% of ldcts with emphysema",
        "value",
        pct(n_studies(is_ldct, EMPHYSEMA), n_studies(is_ldct)),
    )

    yield _q(
        fam,
        "screening cts w emphysema but no lymphadenopathy",
        "study",
        sids(is_ldct, EMPHYSEMA, neg(LYMPH)),
    )

    yield _q(fam, "cta chest w coronary calcification", "study", sids(is_cta, CORONARY))

    y = rng.choice([2025, 2026])
    yield _q(
        fam,
        f"ct chest no lymphadenopathy {y}",
        "study",
        sids(is_chest_ct, neg(LYMPH), year(y)),
    )


# --- growth, new, stable, resolved ----------------------------------------------------------


def follow_up(rng: random.Random) -> Rows:
    fam = "follow_up"
    # growth is over nodules and masses: a nodule that grew into a mass counts (documented;
    # two tracks of the cohort do, F000734 and F001666)
    grew_any = study_has(GREW)

    yield _q(fam, "nods that are growing", "study", sids(grew_any))
    yield _q(fam, "pts w a nodule that grew", "patient", pids(grew_any))

    g = rng.choice([2, 3, 4])
    # "grew more than G mm": the mean diameter rose by more than G mm since the same nodule on
    # the patient's previous study that has it (the growth convention with G for 1.5)
    yield _q(fam, f"nodules that grew more than {g} mm", "study", sids(study_has(grew_by(g))))

    # "nodule" is kind nodule (documented), so "new nodule(s)" and "new ggn" leave out the one
    # new mass of the cohort (F000277, a 34 mm ground-glass mass seen first in 2025)
    new_nodule = study_has(lambda f: new(f) and f["kind"] == "nodule")
    yield _q(fam, "new nodules on f/u ct", "study", sids(new_nodule))

    yield _q(
        fam,
        "new ggn",
        "study",
        sids(
            study_has(
                lambda f: new(f) and f["kind"] == "nodule" and f["attenuation"] == "ground-glass"
            )
        ),
    )

    y = rng.choice([2025, 2026])
    yield _q(
        fam,
        f"how many studies had a new nodule in {y}",
        "count",
        n_studies(new_nodule, year(y)),
    )

    y = rng.choice([2024, 2025])
    yield _q(
        fam,
        f"stable nods in {y}",
        "study",
        sids(study_has(lambda f: stable(f) and f["kind"] == "nodule"), year(y)),
    )

    yield _q(
        fam,
        "pts w stable solid nodule",
        "patient",
        pids(
            study_has(lambda f: stable(f) and f["kind"] == "nodule" and f["attenuation"] == "solid")
        ),
    )

    # the shared cohort has no nodule that resolves or shrinks (documented): these counts are 0
    yield _q(
        fam,
        "how many nodules resolved",
        "count",
        len(fids(lambda f: f["kind"] == "nodule" and resolved(f))),
    )
    yield _q(
        fam,
        "number of shrinking nodules",
        "count",
        len(fids(lambda f: f["kind"] == "nodule" and shrank(f))),
    )

    def last_months(n: int, shift: int) -> list[str]:
        start = months_on(dt.date.fromisoformat(AS_OF), -n) + dt.timedelta(days=shift)
        return sids(grew_any, between(iso(start), AS_OF))

    n = robust_window(rng, [6, 9, 12, 18], last_months)
    yield _q(fam, f"nodules that grew in the last {n} mos", "study", last_months(n, 0))

    yield _q(
        fam,
        "growing spiculated nodule",
        "study",
        sids(study_has(lambda f: GREW(f) and f["margin"] == "spiculated")),
    )

    # "bigger on the latest scan than the first" (documented): a nodule on the patient's latest
    # study whose track's first finding, on an earlier date, had a smaller mean diameter; asked
    # of a "lesion" (nodule or mass) since one patient's nodule is a mass on the latest scan
    latest = {p: ss[-1]["study_uid"] for p, ss in own_by_patient().items()}
    bigger = set()
    for fs in tracks().values():
        last = fs[-1]
        first = fs[0]
        s = qb.study_of(last)
        if (
            last["study_uid"] == latest[s["patient_id"]]
            and qb.study_of(first)["study_date"] < s["study_date"]
            and first["diameter_mm"] < last["diameter_mm"]
        ):
            bigger.add(s["patient_id"])
    yield _q(
        fam,
        "pts whose lesion is bigger on the latest scan than on the first",
        "patient",
        sorted(bigger),
    )

    # growth leaves out the kinds that cannot grow by itself: nodules and masses (documented)
    yield _q(fam, "list the findings that grew", "finding", fids(GREW))

    x = rng.choice([5, 6, 8])
    yield _q(
        fam,
        f"new nodule > {x}mm",
        "study",
        sids(study_has(lambda f: new(f) and f["kind"] == "nodule" and f["diameter_mm"] > x)),
    )

    # "lesion" is a nodule or a mass: the count of such findings that grew
    yield _q(fam, "how many lesions grew", "count", len(fids(GREW)))
    yield _q(fam, "nodule growth in women", "patient", pids(woman, grew_any))


# --- intervals between scans ----------------------------------------------------------------


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    own = own_by_patient()

    spread = [p for p, ss in own.items() if len({s["study_date"] for s in ss}) >= 2]
    p = choose(rng, spread)
    days = (day(own[p][-1]) - day(own[p][0])).days
    yield _q(fam, f"days between first and last scan for {p}", "value", float(days))

    ld = spans(is_ldct)
    yield _q(
        fam,
        "avg time between first and latest ldct in months",
        "value",
        r2(statistics.mean(ld) / 30.4375),
    )

    gaps = [(b - a).days for _, a, b, _ in consecutive(is_chest_ct)]
    yield _q(
        fam, "median interval between consecutive chest cts", "value", r2(statistics.median(gaps))
    )

    n = rng.choice([10, 11])
    yield _q(
        fam,
        f"pts w a repeat scan within {n} mos",
        "patient",
        ref.patients_of(followed_within(lambda s: True, lambda s: True, n)),
    )

    n = rng.choice([11, 12])
    yield _q(
        fam,
        f"ldct followed by another ldct within {n} months",
        "study",
        followed_within(is_ldct, is_ldct, n),
    )

    yrs = rng.choice([2, 3])
    yield _q(
        fam,
        f"pts followed > {yrs} yrs",
        "patient",
        sorted(p for p, ss in own.items() if day(ss[-1]) > months_on(day(ss[0]), 12 * yrs)),
    )

    n = rng.choice([13, 14])
    yield _q(
        fam,
        f"pts w gap > {n} months between consecutive scans",
        "patient",
        sorted({p for p, a, b, _ in consecutive(lambda s: True) if b > months_on(a, n)}),
    )

    rounds = [(b - a).days for _, a, b, _ in consecutive(is_ldct)]
    yield _q(fam, "avg gap between screening rounds", "value", r2(statistics.mean(rounds)))

    massy = set(pids(has_kind("mass")))
    yield _q(
        fam,
        "how long between first and last ct for pts w a mass",
        "value",
        r2(statistics.mean(spans(is_ct, lambda p: p in massy))),
    )

    # overdue for the annual low-dose CT (documented): the latest chest CT on or before the
    # as-of date is category 1 or 2 and the as-of date is after the same day 12 months on
    as_of = dt.date.fromisoformat(AS_OF)
    overdue = []
    for p, ss in own_by_patient(is_chest_ct).items():
        latest_ct = [s for s in ss if day(s) <= as_of][-1]
        if cat(latest_ct) in ("1", "2") and as_of > months_on(day(latest_ct), 12):
            overdue.append(p)
    yield _q(fam, "pts overdue for annual ldct", "patient", sorted(overdue))

    # "a repeat scan": a later study of any kind; drawn where a later chest CT reads the same
    ok = [
        n
        for n in (10, 11, 12)
        if followed_within(cat_in("3"), lambda s: True, n)
        == followed_within(cat_in("3"), is_chest_ct, n)
    ]
    n = int(choose(rng, ok))
    yield _q(
        fam,
        f"lr3 scans with a repeat scan within {n} mos",
        "study",
        followed_within(cat_in("3"), lambda s: True, n),
    )

    p = choose(rng, [x for x in spread if x != p])
    days = (day(own[p][-1]) - day(own[p][0])).days
    yield _q(
        fam,
        f"time between first and latest scan in yrs for {p}",
        "value",
        r2(days / 365.25),
    )

    yield _q(fam, "median length of f/u", "value", r2(statistics.median(spans(lambda s: True))))

    def close(n: int) -> list[str]:
        return sorted(
            {
                s["study_uid"]
                for _, a, b, later in consecutive(is_ldct)
                if b < months_on(a, n)
                for s in later
            }
        )

    n = int(choose(rng, [k for k in (10, 11) if close(k)]))
    yield _q(fam, f"consecutive ldcts less than {n} months apart", "study", close(n))


# --- ages -----------------------------------------------------------------------------------


def ages(rng: random.Random) -> Rows:
    fam = "ages"

    a = rng.choice([72, 75, 78])
    yield _q(fam, f"pts over {a} w/ nodules", "patient", pids(nod(), lambda s: ref.age(s) > a))

    a = rng.choice([50, 55])
    yield _q(
        fam,
        f"women under {a} with ggn",
        "patient",
        pids(woman, lambda s: ref.age(s) < a, nod(lambda f: f["attenuation"] == "ground-glass")),
    )

    lo = rng.choice([60, 62, 65])
    # an age range "A-B" includes both ends, as "A-B mm" does (assumed for ages)
    yield _q(
        fam,
        f"pts aged {lo}-{lo + 5} w spiculated nodules",
        "patient",
        pids(age_in(lo, lo + 5), nod(lambda f: f["margin"] == "spiculated")),
    )

    yield _q(fam, "octogenarians with lr 4", "patient", pids(age_in(80, 89), cat_in(*FOUR)))

    yield _q(fam, "pts in their 50s with emphysema", "patient", pids(age_in(50, 59), EMPHYSEMA))

    a = rng.choice([65, 70])
    yield _q(
        fam,
        f"men {a} or older w emphysema",
        "patient",
        pids(man, lambda s: ref.age(s) >= a, EMPHYSEMA),
    )

    yield _q(
        fam,
        "born in the 50s w nodules",
        "patient",
        pids(nod(), lambda s: "1950" <= qb.birth(s["patient_id"]) < "1960"),
    )

    y = rng.choice([1943, 1945, 1947])
    yield _q(
        fam,
        f"pts born before {y}",
        "patient",
        sorted(p["patient_id"] for p in patient_rows() if p["birth_date"] < f"{y}-01-01"),
    )

    a = rng.choice([35, 40, 45])
    yield _q(
        fam,
        f"how many pts younger than {a} had a ct chest",
        "count",
        n_patients(is_chest_ct, lambda s: ref.age(s) < a),
    )

    lo = rng.choice([45, 50])
    # "A to B" after a word for people is an age range with both ends included (assumed)
    yield _q(
        fam,
        f"female pts {lo} to {lo + 10} with part solid nodules",
        "patient",
        pids(woman, age_in(lo, lo + 10), nod(lambda f: f["attenuation"] == "part-solid")),
    )

    a = rng.choice([65, 68, 70])
    yield _q(
        fam, f"pts >= {a} yo with lr4a", "patient", pids(lambda s: ref.age(s) >= a, cat_in("4A"))
    )

    yield _q(fam, "sexagenarians w ptx", "patient", pids(age_in(60, 69), has_kind("pneumothorax")))


# --- modality and body part -----------------------------------------------------------------


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    as_of = dt.date.fromisoformat(AS_OF)

    yield _q(fam, "cxr w/ ptx", "study", sids(is_xray, has_kind("pneumothorax")))
    # ICH: intracranial hemorrhage
    yield _q(fam, "head ct w ich", "study", sids(is_head_ct, has_kind("intracranial_hemorrhage")))
    # CTPA: the CT pulmonary angiogram (CT ANGIO CHEST PE)
    yield _q(fam, "ctpa with effusion", "study", sids(is_cta, has_kind("pleural_effusion")))

    y = rng.choice([2024, 2025])
    yield _q(fam, f"how many x-rays in {y}", "count", n_studies(is_xray, year(y)))

    st = rng.choice(["CT01", "CT02"])

    def recent(n: int, shift: int) -> list[str]:
        start = months_on(as_of, -n) + dt.timedelta(days=shift)
        return sids(is_ldct, station(st), between(iso(start), AS_OF))

    n = robust_window(rng, [2, 3, 4, 5], recent)
    yield _q(fam, f"{st.lower()} ldcts in the last {n} months", "study", recent(n, 0))

    yield _q(fam, "chest ct w consolidation", "study", sids(is_chest_ct, has_kind("consolidation")))
    yield _q(fam, "dx chest studies h1 2024", "study", sids(is_xray, qb.months(2024, 1, 6)))
    yield _q(fam, "pts with a head ct", "patient", pids(is_head_ct))
    st = rng.choice(["CT01", "CT02"])
    yield _q(fam, f"ptx on {st.lower()}", "study", sids(station(st), has_kind("pneumothorax")))
    st = rng.choice(["CT01", "CT02"])
    yield _q(fam, f"{st} head cts", "study", sids(station(st), is_head_ct))
    yield _q(fam, "nodules on ct angio", "study", sids(is_cta, nod()))
    yield _q(fam, "how many chest xrays did women get", "count", n_studies(is_xray, woman))
    yield _q(fam, "all ct heads in 2026", "study", sids(is_head_ct, year(2026)))


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
    ages,
    modality,
)


def bank() -> list[Item]:
    """This part's questions, drawn with its own seed, de-duplicated by text."""
    rng = random.Random(SEED)
    seen: dict[str, Item] = {}
    for family in FAMILIES:
        for item in family(rng):
            seen.setdefault(item.question, item)
    return list(seen.values())
