"""Held-out part 48 of the question bank: cohort questions typed by new people, blind to the reader.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to
it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
phrasings), the "Conventions" section of ``docs/query.md`` (up to "One model version") and its
"Reports" section up to "How well it reads" (not the reader's measurements nor the lists of
misses, fixes and limits), :mod:`question_bank` (the :class:`Item` type, its helpers and its
scoring function ``_matches``), :mod:`cohort_reference`, :mod:`blind_reference` (imported here),
and ``bank_fresh_41.py`` for its format, module docstring and helper functions only, not its
questions. The reader's code (``query/``), ``appliance/``, the tests (``test_*.py``),
``family_reading.py`` and the other parts' questions were not opened, and the engine was never
run on these questions: they were frozen (committed) before any was put to it.

Overlap check: a throwaway script compared the texts with ``dev_queries.jsonl``, with parts 22
to 47 (through their ``bank()``, never read), with ``question_bank.bank()`` and
``question_bank.ungated_bank()``, and with parts 49 to 51 where their branches held one (part
50 from the second run, part 49 at the last; 51 had none), printing only this part's matches
(word for word after lower-casing and dropping punctuation, or a word overlap of 75 % or more
of the longer question). 103 of 258 matched (23 word for word) and were reworded; 15 rewordings
matched again (1 word for word; dotted UIDs share many words) and were reworded; then none,
and none at a last run after formatting, with part 49 added.
No question of this part overlaps another of it.

Families (questions in brackets, 258 in all): identifiers [16], dates [18], numbers [18],
counts [18], set logic [17], Lung-RADS [17], rankings and top-N [17], aggregates and
percentages [18], report concepts with negation [17], growth / new / stable [17], demographics
[17], modality / description / station [18], lobes [17], attenuation / margin / calcification
[17], intervals [16]. Units: 94 study, 70 patient, 30 count, 25 groups, 24 value, 15 finding.
About one in five asks about groups: 25 breakdowns and comparisons, 17 rankings, 6 shares.

Styles, mixed: a resident on call (lower case, sizes in words and odd units: "half a cm",
"0.8 cm", "thirty five millimetres", "point five and one cc", "sub-cm"; negations "no",
"without", "never", "not a single", "nowhere else"), a radiologist's shorthand ("psn", "ggo",
"ptx", "lr", "nods", "w/o", "f/u", "ctpa"), a nurse's or clinician's full sentences, a
screening coordinator's Lung-RADS over time, a manager's counts per station, quarter and month,
a data scientist's ranges, means and medians, search-box keywords, dictated numbers ("twenty
twenty three", "see tee oh one", "d x zero one", "nine point five", "minus 600"), and 10
questions pasted in an e-mail with a greeting and a sign-off. 29 questions (about one in
nine) carry a hurried typist's slip ("accesion", "recnet", "fewer then", "singel",
"patinets", "abvoe", "nodlues", "pleaes", "lymphadenopahty", "sold", "undr", "pneumothroax",
"lugn", "studeis", "atleast", "volumme", "womne", "calcifed", "noduels", "scna", "lastest",
"femal", "lung-rdas", "emphysma", "grwoing", "paitents", "rigth", "glas", "wasnt"); their
answers are what they plainly mean.

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions, UIDs and a day; a ranking's number is the first from the one written whose
boundary has no tie; a percentage the first candidate (years and stations, lobes and
features, years and kinds) that is neither 0 nor 100 % and lies within 0.005 of a tenth; a
relative span or a gap in days the first whose readings agree. Where the conventions leave a
choice, a question is asked only when the competing readings give the same answer (:func:`ask`;
``LEFT_OUT`` lists any that do not as the bank is built; empty for this seed): "after" a day
strict or inclusive; the first day of "the past N days"; the boundary day of "older than
three years", of follow-ups in months, of "within N days" and "less than N days after"; a
track that was a mass from its first study counted or not as a new or stable nodule, and a
change taken in floating point or to 0.1 mm; a nodule across N exams counting a mass on its
track or not; "both A and B" of a patient on one study or each on some; an age (with a sex)
and another condition on one study or each on some; "went from 3 to 4a" as consecutive
studies or any earlier and later; a follow-up of "at least two years" as 24 calendar months
or 730 days. Drafts replaced: for disagreeing readings, "ldcts within the past sixty days"
(asked at forty), "both a pneumothorax and a pleural effusion" (consolidation), "went from
lung-rads 2 to 4a" (3 to 4a), "new nodules in 2025" (2024), "new ggns on ldct" (solid),
"newly appeared nodule findings - count" (excluding masses), "septuagenarians w/ spiculated
nods" (lobulated), "follow-up longer than three years" and "40 months" (34 months), "two years
or more between first and last ldct" (26 months), "ldcts repeated within eleven months", "top
N pts by number of nodules", "pts with the most ggns" and "average # of nodules per female
pt" (a patient's nodules as findings or as distinct tracks; asked per study instead), "the N
ldcts with the most nodules" and "top N pts by number of calcified nodules" (tied); for
answers empty by accident, "findings with confidence below .55", "both a ct angio and a head
ct", "ldcts downgraded in lung-rads", "within 300 days", "within 90 days" and "under 6 months
between two ldcts" (every gap is 307 days or more). Readings taken: "ldct", "screening ct" and
"low dose ct" are the CT CHEST LOW DOSE LUNG SCREENING studies; "ct angio", "ctpa", "pe
protocol ct", "pulmonary embolism cts" the CT ANGIO CHEST PE studies; "chest xrays", "cxr",
"radiographs", "plain film" the DX studies; "brain ct", "head scan" a head CT; "chest ct" any
chest CT; "a bleed" an intracranial hemorrhage; "adenopathy" lymphadenopathy; "rules out",
"negative for" and "state there is no" the denied reading, "without" and "did not call" no
affirmed mention; "how many nodules" counts nodule findings; a breakdown lists only what
occurs, by the data's own values (sex F/M/O, stations, lobes, categories, kinds); "women vs
men" and "female vs male" leave out sex O; "fewer than 2 ldcts" takes in patients with none;
a patient's previous Lung-RADS is that of the previous categorised study. One answer is empty on
purpose (an unknown patient, P00613).

Scored alone with ``python tests/query/question_bank.py --part held_out_48 -v`` once wired in.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import cohort_reference as ref
from blind_reference import (
    FTest,
    Rows,
    aged,
    agreed,
    any_ct,
    at_station,
    att,
    born,
    calcified,
    cat_in,
    category,
    chest_ct,
    count,
    cta,
    cxr,
    dated,
    days_between,
    denies,
    each_on_some,
    fids,
    findings,
    fo,
    fstudy,
    ge,
    grew_readings,
    gt,
    head_ct,
    highest,
    history,
    in_lobe,
    in_year,
    is_nodule,
    kind,
    ldct,
    le,
    lt,
    margin,
    mean_of,
    median_of,
    months_on,
    neg,
    new,
    nod,
    nods,
    non_contrast_chest,
    own,
    pats,
    pct,
    pick,
    pids,
    quarter,
    says,
    sex_is,
    shift,
    sids,
    some_but_never,
    stable,
    studies,
    study_of,
    subsolid,
    top,
    uncalcified,
    went,
    went_from,
    with_contrast,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_48"
SEED = 4848

# Questions whose readings disagreed (or whose ranking tied at its boundary, or whose percentage
# was not within 0.005 of a tenth), so were left out: filled while the bank is built.
LEFT_OUT: list[str] = []


def _q(family: str, question: str, unit: str, expected: Any, as_of: str = AS_OF) -> Item:
    return Item(family, PART, question, unit, expected, as_of)


def ask(family: str, question: str, unit: str, *readings: Any, as_of: str = AS_OF) -> Rows:
    """One question, asked only when every competing reading gives the same (defined) answer."""
    answer = agreed(*readings)
    if answer is None:
        LEFT_OUT.append(question)
        return
    yield _q(family, question, unit, answer, as_of)


# --- small readings of this part -------------------------------------------------------------


def _count_in(pid: str, test: Test) -> int:
    return sum(1 for s in own(pid) if test(s))


def _first(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[0] if mine else None


def _latest(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[-1] if mine else None


def _latest_is(pid: str, test: Test, then: Test) -> bool:
    s = _latest(pid, test)
    return s is not None and then(s)


def _uid(s: Row | None) -> list[str]:
    return [] if s is None else [str(s["study_uid"])]


def _pool(fits: Callable[[str], bool]) -> list[str]:
    return [p["patient_id"] for p in pats() if fits(p["patient_id"])]


def _never(test: Test) -> list[str]:
    return history(lambda mine: not any(map(test, mine)))


def _per_patient(test: Test, compare: Callable[[int], bool]) -> list[str]:
    return history(lambda mine: compare(sum(1 for s in mine if test(s))))


def _n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


def _kind_rows(name: str, *tests: FTest) -> list[Row]:
    return [f for f in findings() if f["kind"] == name and all(t(f) for t in tests)]


def _nod_rows(*tests: FTest, where: Test = lambda s: True) -> list[Row]:
    return [
        f for f in findings() if is_nodule(f) and all(t(f) for t in tests) and where(study_of(f))
    ]


def _mean_field(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return mean_of([f[name] / scale for f in rows if f.get(name) is not None])


def _median_field(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return median_of([f[name] / scale for f in rows if f.get(name) is not None])


def _share(part: int, whole: int) -> float | None:
    """A percentage the bank can score (neither 0 nor 100, within 0.005 of a tenth)."""
    return pct(part, whole) if 0 < part < whole else None


def _groups(rows: Sequence[Any], key: Callable[[Any], Any]) -> list[tuple[Any, int]]:
    return sorted(Counter(key(r) for r in rows).items(), key=lambda kv: str(kv[0]))


def _on_tracks(n_min: int, masses: bool) -> list[str]:
    """Patients with one nodule (a track) seen on at least ``n_min`` different studies."""
    by_track: dict[str, set[str]] = {}
    for f in findings():
        if f.get("track_id") and (is_nodule(f) or (masses and f["kind"] == "mass")):
            by_track.setdefault(f["track_id"], set()).add(f["study_uid"])
    by_uid = ref.cohort()[1]
    return sorted(
        {by_uid[next(iter(u))]["patient_id"] for u in by_track.values() if len(u) >= n_min}
    )


def _by_day(s: Row) -> int:
    return dt.date.fromisoformat(s["study_date"]).toordinal()


def _ranked(
    rows: Sequence[Row], key: Callable[[Row], Any], ident: str, start: int
) -> tuple[int, list[str]] | None:
    """The first count from ``start`` to 8 whose ranking has no tie at its boundary."""
    for n in range(start, 9):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    return None


def _patient_rows(score: Callable[[str], float]) -> list[Row]:
    return [{"patient_id": p["patient_id"], "k": -score(p["patient_id"])} for p in pats()]


def _followed_months(months: int, inclusive: bool) -> list[str]:
    """Patients whose latest study is more than (``inclusive``: at least) ``months`` after
    their first."""

    def test(mine: list[Row]) -> bool:
        if not mine:
            return False
        end = months_on(mine[0]["study_date"], months)
        last = str(mine[-1]["study_date"])
        return last >= end if inclusive else last > end

    return history(test)


def _followed_days(days: int, inclusive: bool) -> list[str]:
    def test(mine: list[Row]) -> bool:
        if not mine:
            return False
        d = days_between(mine[0]["study_date"], mine[-1]["study_date"])
        return d >= days if inclusive else d > days

    return history(test)


def _consecutive_gaps(test: Test) -> list[int]:
    gaps: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        pairs = itertools.pairwise(mine)
        gaps.extend(days_between(a["study_date"], b["study_date"]) for a, b in pairs)
    return gaps


def _prev_same(test: Test, days: int) -> Test:
    """A study passing ``test`` whose patient had another such study at most ``days`` before."""

    def t(s: Row) -> bool:
        if not test(s):
            return False
        return any(
            test(x) and 0 < days_between(x["study_date"], s["study_date"]) <= days
            for x in own(s["patient_id"])
        )

    return t


def _age_is(compare: Callable[[int], bool]) -> Test:
    return lambda s: compare(ref.age(s))


def _only_lobe(lobe: str) -> Test:
    return lambda s: bool(nods(s, in_lobe(lobe))) and not nods(s, lambda f: f["lobe"] != lobe)


ALL: Test = lambda s: True  # noqa: E731
LR4 = ("4A", "4B", "4X")
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
D = "diameter_mm"


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    f = "identifiers"
    many = _pool(lambda p: len(own(p)) >= 3)
    p1, p2, p3, p4, p5 = (pick(rng, many) for _ in range(5))
    yield _q(
        f, f"everything we ever imaged on {p1}", "study", sids(lambda s: s["patient_id"] == p1)
    )
    yield _q(f, f"{p2} number of imaging studies?", "count", len(own(p2)))
    s1 = pick(rng, studies())
    yield _q(f, f"who's acc {s1['accession']}", "patient", [s1["patient_id"]])
    with_nods = [s for s in studies() if len(nods(s)) >= 2]
    s2 = pick(rng, with_nods)
    yield _q(
        f,
        f"list the nodule findings on accession {s2['accession']}",
        "finding",
        sorted(g["finding_id"] for g in nods(s2)),
    )
    s3 = pick(rng, studies())
    yield _q(
        f,
        f"on call, got a study with instance uid "
        f"{s3['study_uid']} open - which patient does it belong to",
        "patient",
        [s3["patient_id"]],
    )
    yield _q(f, f"{p3} earliest chest ct", "study", _uid(_first(p3, chest_ct)))
    yield _q(f, f"most recnet exam for patient {p4}", "study", _uid(_latest(p4, ALL)))
    s4 = pick(rng, [s for s in studies() if len(fo(s)) >= 2])
    yield _q(
        f,
        f"for the exam carrying uid {s4['study_uid']}, how many separate findings were logged",
        "count",
        len(fo(s4)),
    )
    yield _q(
        f,
        f"ldcts for {p1} and {p5}",
        "study",
        sids(ldct, lambda s: s["patient_id"] in (p1, p5)),
    )
    a1, a2, a3 = (pick(rng, studies()) for _ in range(3))
    yield _q(
        f,
        f"accesion numbers {a1['accession']}, {a2['accession']} and {a3['accession']}: which pts",
        "patient",
        sorted({a1["patient_id"], a2["patient_id"], a3["patient_id"]}),
    )
    yield _q(f, "patient id P00613 - any imaging at all?", "study", [])

    def unique_max(s: Row) -> bool:
        ds = sorted((g[D] for g in nods(s)), reverse=True)
        return len(ds) >= 2 and ds[0] > ds[1]

    p6 = pick(rng, _pool(lambda p: _latest_is(p, ldct, unique_max)))
    last6 = _latest(p6, ldct)
    assert last6 is not None
    big = max(nods(last6), key=lambda g: g[D])
    yield _q(f, f"biggest nodule on {p6}'s last low dose ct", "finding", [big["finding_id"]])
    p7 = pick(rng, _pool(lambda p: _count_in(p, head_ct) >= 1))
    yield _q(
        f,
        f"did {p7} ever get a head ct? show me",
        "study",
        sids(head_ct, lambda s: s["patient_id"] == p7),
    )
    p8 = pick(rng, _pool(lambda p: _count_in(p, both_ldct_before(2025)) >= 1 and len(own(p)) >= 3))
    yield _q(
        f,
        f"{p8} screening cts prior to 2025",
        "study",
        sids(both_ldct_before(2025), lambda s: s["patient_id"] == p8),
    )
    p9 = pick(rng, _pool(lambda p: any(nod(att("ground-glass"))(s) for s in own(p))))
    yield _q(
        f,
        f"which of {p9}'s scans show a ground glass nodule",
        "study",
        sids(nod(att("ground-glass")), lambda s: s["patient_id"] == p9),
    )
    s5 = pick(rng, [s for s in studies() if fo(s)])
    yield _q(
        f,
        f"acc no. {s5['accession']}, all findings",
        "finding",
        sorted(g["finding_id"] for g in fo(s5)),
    )


def both_ldct_before(year: int) -> Test:
    return lambda s: ldct(s) and s["study_date"] < f"{year}-01-01"


def dates(rng: random.Random) -> Rows:
    f = "dates"
    yield _q(f, "ldct count for q2 2024", "count", count(ldct, quarter(2024, 2)))
    yield _q(
        f,
        "anything imaged between early nov 2024 and the end of feb 2025",
        "study",
        sids(dated("2024-11-01", "2025-02-28")),
    )
    yield _q(
        f, "plain chest films from june 2025 onward", "study", sids(cxr, dated("2025-06-01", AS_OF))
    )
    yield _q(
        f,
        "head cts done before march 2024",
        "study",
        sids(head_ct, lambda s: s["study_date"] < "2024-03-01"),
    )
    yield _q(
        f,
        "dob somewhere from 1950 through 1959, list them",
        "patient",
        born("1950-01-01", "1959-12-31"),
    )
    yield _q(
        f,
        "first half of 2025: total number of studies",
        "count",
        count(dated("2025-01-01", "2025-06-30")),
    )
    yield _q(f, "exams year to date, how many", "count", count(dated("2026-01-01", AS_OF)))
    yield _q(f, "last year's ct angiograms", "study", sids(cta, in_year(2025)))
    yield _q(f, "exams 2024-02-10 to 2024-03-10", "study", sids(dated("2024-02-10", "2024-03-10")))
    yield from ask(
        f,
        "patients born after 1 july 1985",
        "patient",
        born("1985-07-02", "2099-12-31"),
        born("1985-07-01", "2099-12-31"),
    )
    spoken = {60: "sixty", 45: "forty-five", 50: "fifty", 40: "forty", 75: "seventy-five"}
    for n, word in spoken.items():
        a = sids(ldct, dated(shift(AS_OF, -n), AS_OF))
        if a == sids(ldct, dated(shift(AS_OF, 1 - n), AS_OF)):
            yield _q(f, f"ldcts within the past {word} days", "study", a)
            break
    else:
        LEFT_OUT.append("ldcts within the past N days")
    yield from ask(
        f,
        "cts older than three years",
        "study",
        sids(any_ct, lambda s: s["study_date"] < "2023-11-01"),
        sids(any_ct, lambda s: s["study_date"] <= "2023-11-01"),
    )
    yield _q(
        f, "cts dec 2023 - jan 2024 plz", "study", sids(any_ct, dated("2023-12-01", "2024-01-31"))
    )
    days = sorted({s["study_date"] for s in studies() if int(s["study_date"][8:]) > 12})
    day = pick(rng, days)
    y, m, d = day.split("-")
    yield _q(f, f"studies on {m}/{d}/{y}", "study", sids(dated(day, day)))
    yield _q(f, "pts born on or before 31 dec 1944", "patient", born("1800-01-01", "1944-12-31"))
    yield _q(
        f, "first quarter 2026 chest cts, how many", "count", count(chest_ct, quarter(2026, 1))
    )
    yield _q(
        f, "how many scans were acquired in twenty twenty three", "count", count(in_year(2023))
    )
    yield _q(
        f, "brain cts since the start of august", "study", sids(head_ct, dated("2026-08-01", AS_OF))
    )


def numbers(rng: random.Random) -> Rows:
    f = "numbers"
    yield _q(f, "tiny nodules, under half a centimetre, which scans", "study", sids(nod(lt(D, 5))))
    yield _q(f, "sub-cm solid nods, which scans", "study", sids(nod(att("solid"), lt(D, 10))))
    yield _q(f, "nodules 1.2 to 1.8 cm", "study", sids(nod(within(D, 12, 18))))
    yield _q(
        f, "scans w a nodule six to eight millimetres across", "study", sids(nod(within(D, 6, 8)))
    )
    yield _q(
        f,
        "any nodule whose mean density is below minus 600 hu",
        "study",
        sids(nod(lt("mean_hu", -600))),
    )
    yield _q(
        f,
        "nods with attenuation -50 to +30 hu, scans",
        "study",
        sids(nod(within("mean_hu", -50, 30))),
    )
    yield _q(
        f,
        "list the findings with confidence of .56 or less",
        "finding",
        fids(le("confidence", 0.56)),
    )
    yield _q(
        f,
        "psn where the solid part is over 6 mm",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 6))),
    )
    yield _q(f, "nodules with volumme over 2000 mm3", "study", sids(nod(gt("volume_mm3", 2000))))
    yield _q(f, "masses over thirty five millimetres", "study", sids(kind("mass", gt(D, 35))))
    yield _q(f, "nods w long axis at least two cm", "study", sids(nod(ge("long_axis_mm", 20))))
    yield _q(f, "nodules whose short axis is under 4mm", "study", sids(nod(lt("short_axis_mm", 4))))
    yield _q(f, "nods 7.5mm or more in 2026", "study", sids(nod(ge(D, 7.5)), in_year(2026)))
    yield _q(f, "nodules at most nine point five mm on ldct", "study", sids(ldct, nod(le(D, 9.5))))
    yield _q(f, "nodules > 1 cm and < 1.5 cm", "study", sids(nod(gt(D, 10), lt(D, 15))))
    yield _q(
        f,
        "nodules over 2 cm by attenuation",
        "groups",
        _groups(_nod_rows(gt(D, 20)), lambda g: g["attenuation"]),
    )
    yield _q(
        f,
        "nodules with a volume between point five and one cc",
        "study",
        sids(nod(within("volume_mm3", 500, 1000))),
    )
    yield _q(
        f, "how many nodule findings exceed 25 millimeters", "count", len(_nod_rows(gt(D, 25)))
    )


def counts(rng: random.Random) -> Rows:
    f = "counts"
    yield _q(
        f,
        "screening cts showing four nodules exactly",
        "study",
        sids(ldct, _n_nods(lambda n: n == 4)),
    )
    yield _q(f, "scans with just a singel nodule", "study", sids(_n_nods(lambda n: n == 1)))
    yield _q(
        f,
        "pts with at least four exams on their record",
        "patient",
        _per_patient(ALL, lambda n: n >= 4),
    )
    yield _q(
        f,
        "people with one single study on record, nothing else",
        "patient",
        _per_patient(ALL, lambda n: n == 1),
    )
    yield _q(
        f,
        "pts with more than two nodules on one ct scna",
        "patient",
        pids(any_ct, _n_nods(lambda n: n > 2)),
    )
    yield _q(
        f,
        "pts with under two low dose screening cts",
        "patient",
        _per_patient(ldct, lambda n: n < 2),
    )
    yield _q(
        f,
        "people scanned with a chest ct three-plus times",
        "patient",
        _per_patient(chest_ct, lambda n: n >= 3),
    )
    yield _q(
        f, "count the exams where nothing at all was found", "count", count(lambda s: not fo(s))
    )
    yield _q(f, "ldcts w zero nodules", "study", sids(ldct, _n_nods(lambda n: n == 0)))
    yield _q(
        f,
        "how many patients had exactly two head cts",
        "count",
        len(_per_patient(head_ct, lambda n: n == 2)),
    )
    yield _q(
        f,
        "people who had 2-3 ldcts",
        "patient",
        _per_patient(ldct, lambda n: 2 <= n <= 3),
    )
    yield from ask(
        f,
        "one nodule tracked across at least four exams, which pts",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(
        f,
        "pts w at least 6 nodules on a single scan",
        "patient",
        pids(_n_nods(lambda n: n >= 6)),
    )
    yield _q(
        f,
        "number of patients with more than three exams",
        "count",
        len(_per_patient(ALL, lambda n: n > 3)),
    )
    yield _q(f, "studies with at least three findings", "study", sids(lambda s: len(fo(s)) >= 3))
    yield _q(
        f,
        "how many findings of each kind in 2024",
        "groups",
        _groups([g for g in findings() if in_year(2024)(study_of(g))], lambda g: g["kind"]),
    )
    yield _q(f, "pts with 2 or more ct angios", "patient", _per_patient(cta, lambda n: n >= 2))
    yield _q(
        f,
        "chest cts with fewer then three nodules",
        "study",
        sids(chest_ct, _n_nods(lambda n: n < 3)),
    )


def set_logic(rng: random.Random) -> Rows:
    f = "set logic"
    ptx, eff = kind("pneumothorax"), kind("pleural_effusion")
    yield from ask(
        f,
        "anyone who has had both consolidation and a ptx",
        "patient",
        history(each_on_some(ptx, kind("consolidation"))),
        pids(ptx, kind("consolidation")),
    )
    yield _q(
        f,
        "spiculated nodule at some point yet no mass ever - pts",
        "patient",
        history(some_but_never(nod(margin("spiculated")), kind("mass"))),
    )
    yield _q(f, "people who never got a low dose screening scan", "patient", _never(ldct))
    never_ldct = set(_never(ldct))
    yield _q(
        f,
        "women vs men who never had a screening ct",
        "groups",
        _groups(
            [p for p in pats() if p["patient_id"] in never_ldct and p["sex"] in ("F", "M")],
            lambda p: p["sex"],
        ),
    )
    yield _q(f, "patinets never scanned on ct01", "patient", _never(at_station("CT01")))
    yield _q(
        f,
        "a ggn plus a psn together on one exam, which people",
        "patient",
        pids(nod(att("ground-glass")), nod(att("part-solid"))),
    )
    yield _q(
        f,
        "emphysema in the dictation yet not one nodule found ever - patients",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield _q(
        f,
        "women with a pneumothorax or an effusion",
        "patient",
        pids(sex_is("F"), lambda s: ptx(s) or eff(s)),
    )
    yield _q(
        f,
        "people who got a ctpa and also a contrast-enhanced chest ct",
        "patient",
        history(each_on_some(cta, with_contrast)),
    )
    yield _q(
        f,
        "patients with a lung-rads 4x but never a spiculated nodule",
        "patient",
        history(some_but_never(cat_in("4X"), nod(margin("spiculated")))),
    )
    big = pids(nod(gt(D, 20)))
    with_mass = set(pids(kind("mass")))
    yield _q(
        f,
        "Hello, for the tumour board list I need pts with "
        "nodules over 20 mm, excluding anyone with a mass. Cheers, Tom",
        "patient",
        [p for p in big if p not in with_mass],
    )
    yield _q(f, "patients in whom no nodule was ever seen", "patient", _never(nod()))
    lob, spic = nod(margin("lobulated")), nod(margin("spiculated"))
    yield from ask(
        f,
        "in 2023, who had both a lobulated and a spiculated nod",
        "patient",
        history(each_on_some(both(lob, in_year(2023)), both(spic, in_year(2023)))),
        pids(lob, spic, in_year(2023)),
    )
    yield _q(
        f, "studies with a pneumothorax but without any nodule", "study", sids(ptx, neg(nod()))
    )
    yield _q(
        f,
        "Hello team,\nplease list pts with a cxr but never a ct.\nThank you,\nLinda (QA)",
        "patient",
        history(some_but_never(cxr, any_ct)),
    )
    yield _q(
        f,
        "calcified nod on record and no non-calcified nod ever - pts",
        "patient",
        history(some_but_never(nod(calcified), nod(uncalcified))),
    )
    yield _q(
        f,
        "pts w/ a head ct and not a single chest study",
        "patient",
        history(some_but_never(head_ct, lambda s: s["body_part"] == "CHEST")),
    )


def both(a: Test, b: Test) -> Test:
    return lambda s: a(s) and b(s)


def lung_rads(rng: random.Random) -> Rows:
    f = "lung-rads"
    yield _q(f, "screening scans scored four b", "study", sids(ldct, cat_in("4B")))
    yield _q(
        f,
        "Hi all, quick one for the screening audit: how "
        "many ldcts were lung-rads 3 in 2025? Thanks, Maria",
        "count",
        count(ldct, cat_in("3"), in_year(2025)),
    )
    yield _q(
        f,
        "4a is the highest lr category this person ever reached - who",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    yield _q(
        f,
        "2024 screening cts split by lung-rads",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2024)(s)], category),
    )
    yield _q(f, "lr 3 or abvoe scans at ct01", "study", sids(at_station("CT01"), cat_in("3", *LR4)))
    yield from ask(
        f,
        "pts upgraded from a 3 to a 4a on lung-rads",
        "patient",
        pids(went_from("3", ("4A",))),
        history(
            lambda mine: any(
                category(a) == "3" and category(b) == "4A" and a["study_date"] < b["study_date"]
                for a, b in itertools.combinations(mine, 2)
            )
        ),
    )
    yield _q(f, "ldcts that got worse vs the prior lung-rads", "study", sids(ldct, went(1)))
    yield _q(f, "screening cts that are lr 1 or 2", "study", sids(ldct, cat_in("1", "2")))
    yield from ask(
        f,
        "pts with an lr4x scan and an lr2 scan",
        "patient",
        history(each_on_some(cat_in("4X"), cat_in("2"))),
    )
    whole = [s for s in studies() if ldct(s) and in_year(2025)(s)]
    for c in ("4A", "3", "2", "4X", "1", "4B"):
        share = _share(sum(1 for s in whole if category(s) == c), len(whole))
        if share is not None:
            yield _q(f, f"% of 2025 ldcts that were lr {c.lower()}", "value", share)
            break
    yield _q(
        f,
        "pts whose lastest ldct is lung-rads 4b",
        "patient",
        _pool(lambda p: _latest_is(p, ldct, cat_in("4B"))),
    )
    yield from ask(
        f,
        "pts whose highest lung-rads is 2 or lower",
        "patient",
        history(lambda mine: highest(mine) in ("1", "2")),
    )
    yield _q(
        f,
        "where were the 4x lung-rads exams done, count per scanner",
        "groups",
        _groups([s for s in studies() if category(s) == "4X"], lambda s: s["station"]),
    )
    yield _q(f, "lr4b in 2026", "study", sids(cat_in("4B"), in_year(2026)))
    yield _q(
        f,
        "lr categories for ct02 ldcts in 2023, breakdown",
        "groups",
        _groups(
            [s for s in studies() if ldct(s) and at_station("CT02")(s) and in_year(2023)(s)],
            category,
        ),
    )
    yield _q(
        f,
        "how many people have had any lung-rads 4 result at all",
        "count",
        len(pids(cat_in(*LR4))),
    )
    yield _q(
        f,
        "ldcts whose lung rads changed from the previous one",
        "study",
        sids(ldct, went(0)),
    )
    yield from ask(
        f, "lung-rdas 4a pts over 75", "patient", *aged(_age_is(lambda a: a > 75), cat_in("4A"))
    )


def rankings(rng: random.Random) -> Rows:
    f = "rankings"

    def ranked(
        question: str,
        unit: str,
        rows: Sequence[Row],
        key: Callable[[Row], Any],
        ident: str,
        start: int,
        word: bool = False,
    ) -> Rows:
        got = _ranked(rows, key, ident, start)
        if got is None:
            LEFT_OUT.append(question)
            return
        n, answer = got
        yield _q(f, question.format(n=WORDS[n] if word else n), unit, answer)

    nodes = _nod_rows()
    yield from ranked(
        "{n} nods with the greatest mean diameter anywhere",
        "finding",
        nodes,
        lambda g: -g[D],
        "finding_id",
        5,
    )
    yield from ranked(
        "the {n} most recent ct angios",
        "study",
        [s for s in studies() if cta(s)],
        lambda s: -_by_day(s),
        "study_uid",
        4,
    )
    ps = pats()
    yield from ranked(
        "{n} oldest patients", "patient", ps, lambda p: p["birth_date"], "patient_id", 4, True
    )
    heads = [s for s in studies() if head_ct(s)]
    yield from ranked(
        "latest {n} non contrast brain cts", "study", heads, lambda s: -_by_day(s), "study_uid", 6
    )
    yield from ranked(
        "{n} lowest hu nodlues", "finding", nodes, lambda g: g["mean_hu"], "finding_id", 3, True
    )
    masses = _kind_rows("mass")
    yield from ranked(
        "largest mass by diameter", "finding", masses, lambda g: -g[D], "finding_id", 1
    )
    effs = _kind_rows("pleural_effusion")
    yield from ranked(
        "most confident {n} effusions", "finding", effs, lambda g: -g["confidence"], "finding_id", 4
    )
    yield from ranked(
        "{n} longest nodules measured on long axis",
        "finding",
        nodes,
        lambda g: -g["long_axis_mm"],
        "finding_id",
        5,
        True,
    )
    yield from ranked(
        "{n} nodules with the tiniest volumes",
        "finding",
        nodes,
        lambda g: g["volume_mm3"],
        "finding_id",
        3,
    )
    psn = _nod_rows(att("part-solid"))
    yield from ranked(
        "psn list, top {n} by size of solid component",
        "finding",
        psn,
        lambda g: -g["solid_component_mm"],
        "finding_id",
        4,
    )
    with_nod = set(pids(nod()))
    young = [p for p in ps if p["patient_id"] in with_nod]
    yield from ranked(
        "of the pts with nodules, the {n} born most recently",
        "patient",
        young,
        lambda p: -dt.date.fromisoformat(p["birth_date"]).toordinal(),
        "patient_id",
        3,
    )
    ld = [s for s in studies() if ldct(s)]
    yield from ranked(
        "first {n} screening cts ever done here", "study", ld, _by_day, "study_uid", 5
    )
    yield from ranked(
        "scans with the most ggns, top {n}",
        "study",
        studies(),
        lambda s: -len(nods(s, att("ground-glass"))),
        "study_uid",
        3,
    )
    yield from ranked(
        "{n} biggest part-solid nodules by vol",
        "finding",
        psn,
        lambda g: -g["volume_mm3"],
        "finding_id",
        4,
    )
    rul_ggn = _nod_rows(att("ground-glass"), in_lobe("RUL"))
    yield from ranked(
        "{n} largest ggns in the rul", "finding", rul_ggn, lambda g: -g[D], "finding_id", 5
    )
    ptx = _kind_rows("pneumothorax")
    yield from ranked(
        "least confident {n} pneumothoraces",
        "finding",
        ptx,
        lambda g: g["confidence"],
        "finding_id",
        3,
        True,
    )
    yield from ranked(
        "{n} solid nods with the highest mean hu",
        "finding",
        _nod_rows(att("solid")),
        lambda g: -g["mean_hu"],
        "finding_id",
        3,
    )


def stats(rng: random.Random) -> Rows:
    f = "aggregates"
    nodes = _nod_rows()
    yield _q(f, "what's the typical nodule size, mean diameter", "value", _mean_field(nodes, D))
    yield _q(
        f,
        "solid nods: median vol in cubic mm",
        "value",
        _median_field(_nod_rows(att("solid")), "volume_mm3"),
    )
    yield _q(
        f,
        "ggn density, mean value in hu pleaes",
        "value",
        _mean_field(_nod_rows(att("ground-glass")), "mean_hu"),
    )
    yield _q(
        f,
        "ptx calls - average detection confidence",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield _q(
        f,
        "mass long axis median, in cm",
        "value",
        _median_field(_kind_rows("mass"), "long_axis_mm", 10),
    )
    yield _q(
        f,
        "average solid part size across psns",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    ld = [s for s in studies() if ldct(s)]
    yield _q(
        f, "nodule burden per low dose ct, mean count", "value", mean_of([len(nods(s)) for s in ld])
    )
    yield _q(
        f,
        "average # of nodules per ldct, women only",
        "value",
        mean_of([len(nods(s)) for s in ld if ref.sex(s) == "F"]),
    )
    yield _q(
        f,
        "To: data desk. Median nodule diameter in the LUL? Thanks, K.",
        "value",
        _median_field(_nod_rows(in_lobe("LUL")), D),
    )
    yield _q(
        f,
        "nodules above a centimetre: their mean volume in cc",
        "value",
        _mean_field(_nod_rows(gt(D, 10)), "volume_mm3", 1000),
    )
    yield _q(
        f,
        "mean diameter of spiculated nods expressed in cm",
        "value",
        _mean_field(_nod_rows(margin("spiculated")), D, 10),
    )
    done = False
    for y, st in itertools.product((2024, 2025, 2023, 2026), ("CT02", "CT01", "DX01")):
        year = [s for s in studies() if in_year(y)(s)]
        share = _share(sum(1 for s in year if s["station"] == st), len(year))
        if share is not None and not done:
            yield _q(
                f,
                f"Good morning, what percent of {y} studies were "
                f"done at {st.lower()}? Best, the radiology business office",
                "value",
                share,
            )
            done = True
    done = False
    for lobe, (word, test) in itertools.product(
        ("RLL", "RUL", "RML", "LLL", "LUL"),
        (("calcified", calcified), ("spiculated", margin("spiculated")), ("solid", att("solid"))),
    ):
        share = _share(len(_nod_rows(in_lobe(lobe), test)), len(_nod_rows(in_lobe(lobe))))
        if share is not None and not done:
            yield _q(f, f"% of {lobe.lower()} nodules that are {word}", "value", share)
            done = True
    for y in (2025, 2024, 2023, 2026):
        year = [s for s in studies() if ldct(s) and in_year(y)(s)]
        share = _share(sum(1 for s in year if nod(att("ground-glass"))(s)), len(year))
        if share is not None:
            yield _q(f, f"what fraction of {y} ldcts showed a ggn, in percent", "value", share)
            break
    yield _q(
        f,
        "middle value of confidence across every finding",
        "value",
        _median_field(findings(), "confidence"),
    )
    yield _q(
        f,
        "avg short axis for nodules in the rml",
        "value",
        _mean_field(_nod_rows(in_lobe("RML")), "short_axis_mm"),
    )
    done = False
    for y, k in itertools.product((2025, 2024, 2023), ("pneumothorax", "pleural_effusion")):
        year = [s for s in studies() if chest_ct(s) and in_year(y)(s)]
        share = _share(sum(1 for s in year if kind(k)(s)), len(year))
        if share is not None and not done:
            name = k.replace("pleural_", "pleural ")
            yield _q(f, f"share of {y} chest cts w a {name}, as a percentage", "value", share)
            done = True
    ggn = _nod_rows(att("ground-glass"))
    yield _q(f, "ggn hu, median", "value", _median_field(ggn, "mean_hu"))


def reports(rng: random.Random) -> Rows:
    f = "report concepts"
    emph, lymph, cac = says("emphysema"), says("lymphadenopathy"), says("coronary")
    yield _q(f, "dictations where emphysema is called", "study", sids(emph))
    yield _q(f, "anyone with adenopathy on their report", "patient", pids(lymph))
    yield _q(
        f,
        "screening cts whose report rules out emphysema",
        "study",
        sids(ldct, denies("emphysema")),
    )
    yield _q(
        f,
        "low dose cts where the radiologist did not call coronary calcification",
        "study",
        sids(ldct, neg(cac)),
    )
    yield _q(f, "count of dictations calling enlarged lymph nodes", "count", count(lymph))
    yield _q(f, "womne with emphysema", "patient", pids(sex_is("F"), emph))
    yield from ask(
        f,
        "Hi, research nurse here. Can I get the patients over "
        "seventy with coronary calcification in the report? Many thanks, Aoife",
        "patient",
        *aged(_age_is(lambda a: a > 70), cac),
    )
    yield _q(f, "lr 4x ldcts without emphysema", "study", sids(ldct, cat_in("4X"), neg(emph)))
    yield _q(
        f,
        "which reports explicitly state there is no lymphadenopahty",
        "study",
        sids(denies("lymphadenopathy")),
    )
    yield _q(f, "emphysma 2025", "study", sids(emph, in_year(2025)))
    yield _q(
        f,
        "per scanner, number of exams with emphysema dictated",
        "groups",
        _groups([s for s in studies() if emph(s)], lambda s: s["station"]),
    )
    yield _q(f, "count of reports with coronary artery calcification", "count", count(cac))
    yield _q(f, "people with no emphysema called in any of their reports", "patient", _never(emph))
    yield _q(
        f,
        "exams where the report calls either emphysema or adenopathy",
        "study",
        sids(lambda s: emph(s) or lymph(s)),
    )
    yield _q(
        f,
        "ct02 chest cts with coronary calcs and no emphysema",
        "study",
        sids(at_station("CT02"), chest_ct, cac, neg(emph)),
    )
    yield _q(
        f,
        "one ct showing a spiculated nod with emphysema also reported, which people",
        "patient",
        pids(emph, nod(margin("spiculated"))),
    )
    yield _q(
        f,
        "2026 exams whose reports were negative for lymphadenopathy",
        "study",
        sids(denies("lymphadenopathy"), in_year(2026)),
    )


def growth(rng: random.Random) -> Rows:
    f = "growth"
    g15 = grew_readings()
    yield from ask(
        f,
        "nodules that grew, split by lobe",
        "groups",
        *[_groups([g for g in findings() if grow(g)], lambda g: g["lobe"]) for grow in g15],
    )
    yield from ask(
        f, "nodules enlarging compared with last scan", "study", *[sids(fstudy(g)) for g in g15]
    )
    yield from ask(
        f,
        "pts w interval growth > three mm",
        "patient",
        *[pids(fstudy(g)) for g in grew_readings(3)],
    )
    yield from ask(
        f,
        "nodules that grew by at least two millimetres",
        "study",
        *[sids(fstudy(g)) for g in grew_readings(2, inclusive=True)],
    )
    yield from ask(
        f,
        "2024 exams showing a new nodule vs the prior",
        "study",
        sids(fstudy(new(False)), in_year(2024)),
        sids(fstudy(new(True)), in_year(2024)),
    )
    yield from ask(
        f,
        "ldct with a solid nod that wasnt there on the previous scan",
        "study",
        sids(ldct, fstudy(new(False), att("solid"))),
        sids(ldct, fstudy(new(True), att("solid"))),
    )
    yield from ask(
        f,
        "stable nodules on scans from ct02 in 2024",
        "study",
        *[
            sids(at_station("CT02"), in_year(2024), fstudy(stable(r, m)))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        f, "people whose nodule got bigger - number", "count", *[len(pids(fstudy(g))) for g in g15]
    )
    yield from ask(
        f,
        "growing sold nodules",
        "study",
        *[sids(fstudy(g, att("solid"))) for g in g15],
    )
    yield from ask(
        f,
        "new nodules, not masses, on 2026 ldcts",
        "study",
        sids(ldct, in_year(2026), fstudy(new(False), is_nodule)),
    )
    yield from ask(
        f,
        "more than four millimetres of growth in the rll",
        "study",
        *[sids(fstudy(g, in_lobe("RLL"))) for g in grew_readings(4)],
    )
    yield from ask(
        f,
        "total new nodule findings excluding masses",
        "count",
        len(fids(new(False), is_nodule)),
    )
    yield from ask(
        f,
        "grown nodules now > 10 mm",
        "study",
        *[sids(fstudy(g, gt(D, 10))) for g in g15],
    )
    yield from ask(
        f,
        "pts with a new nodule on a lung-rads 4a scan",
        "patient",
        pids(fstudy(new(False)), cat_in("4A")),
        pids(fstudy(new(True)), cat_in("4A")),
    )
    yield from ask(
        f,
        "hey, any stable part solid nodules? ta",
        "study",
        *[
            sids(fstudy(stable(r, m), att("part-solid")))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        f,
        "grwoing spiculated nodules, which pts",
        "patient",
        *[pids(fstudy(g, margin("spiculated"))) for g in g15],
    )
    yield from ask(
        f,
        "women with a nodule that grew more than 2mm",
        "patient",
        *[pids(sex_is("F"), fstudy(g)) for g in grew_readings(2)],
    )


def people(rng: random.Random) -> Rows:
    f = "demographics"
    yield from ask(
        f,
        "women over 70 with nodules",
        "patient",
        *aged(both(sex_is("F"), _age_is(lambda a: a > 70)), nod()),
    )
    yield from ask(
        f,
        "men 50-60 who had an ldct",
        "patient",
        *aged(both(sex_is("M"), _age_is(lambda a: 50 <= a <= 60)), ldct),
    )
    yield _q(f, "pts aged 80 or older at a scan", "patient", pids(_age_is(lambda a: a >= 80)))
    yield _q(
        f, "femal pts in the database - count", "count", sum(1 for p in pats() if p["sex"] == "F")
    )
    yield _q(f, "cohort headcount split by gender", "groups", _groups(pats(), lambda p: p["sex"]))
    spic = set(pids(nod(margin("spiculated"))))
    yield _q(
        f,
        "sex breakdown of pts with a spiculated nodule",
        "groups",
        _groups([p for p in pats() if p["patient_id"] in spic], lambda p: p["sex"]),
    )
    yield _q(
        f,
        "people whose gender is listed as o",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield from ask(
        f,
        "males undr 45 with a brain ct",
        "patient",
        *aged(both(sex_is("M"), _age_is(lambda a: a < 45)), head_ct),
    )
    yield _q(
        f,
        "screening ct numbers women versus men",
        "groups",
        _groups([s for s in studies() if ldct(s) and ref.sex(s) in ("F", "M")], ref.sex),
    )
    yield from ask(
        f,
        "pts younger than forty with a pneumothorax",
        "patient",
        *aged(_age_is(lambda a: a < 40), kind("pneumothorax")),
    )
    yield _q(
        f,
        "females with a dob earlier than 1950",
        "patient",
        sorted(
            p["patient_id"] for p in pats() if p["sex"] == "F" and p["birth_date"] < "1950-01-01"
        ),
    )
    yield _q(f, "number of male pts who got a pe protocol ct", "count", len(pids(sex_is("M"), cta)))
    for word, test in (
        ("spiculated", margin("spiculated")),
        ("lobulated", margin("lobulated")),
        ("calcified", calcified),
        ("part-solid", att("part-solid")),
    ):
        readings = aged(_age_is(lambda a: 70 <= a <= 79), nod(test))
        if agreed(*readings) is not None:
            yield _q(f, f"septuagenarians w/ {word} nods", "patient", readings[0])
            break
    else:
        LEFT_OUT.append("septuagenarians w/ X nods")
    yield from ask(
        f,
        "ground glass nodule in someone older than 65 - who",
        "patient",
        *aged(_age_is(lambda a: a > 65), nod(att("ground-glass"))),
    )
    yield from ask(
        f,
        "Hi Sam - which women in their fifties had a lung-rads 4 result? thanks!",
        "patient",
        *aged(both(sex_is("F"), _age_is(lambda a: 50 <= a <= 59)), cat_in(*LR4)),
    )
    yield _q(
        f, "male paitents, how many in total", "count", sum(1 for p in pats() if p["sex"] == "M")
    )
    yield from ask(f, "under 30s with any ct", "patient", *aged(_age_is(lambda a: a < 30), any_ct))


def modality(rng: random.Random) -> Rows:
    f = "modality"
    yield _q(
        f,
        "d x zero one studies in twenty twenty five",
        "study",
        sids(at_station("DX01"), in_year(2025)),
    )
    yield _q(
        f,
        "Dear imaging team, could you send me how many "
        "exams each station has done? Kind regards, J. Patel (ops)",
        "groups",
        _groups(studies(), lambda s: s["station"]),
    )
    yield _q(
        f, "ct versus dx, how many of each", "groups", _groups(studies(), lambda s: s["modality"])
    )
    yield _q(f, "ct01 ldct total", "count", count(at_station("CT01"), ldct))
    yield _q(f, "chest ct with contrast in 2024", "study", sids(with_contrast, in_year(2024)))
    yield _q(f, 'everything booked as "CT CHEST W/O CONTRAST"', "study", sids(non_contrast_chest))
    yield _q(f, "brain scans done on the ct02 scanner", "study", sids(head_ct, at_station("CT02")))
    yield _q(f, "ctpa count 2024", "count", count(cta, in_year(2024)))
    yield _q(
        f,
        "a pneumothroax seen on plain film, which exams",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield _q(
        f, "head vs chest exam numbers", "groups", _groups(studies(), lambda s: s["body_part"])
    )
    yield _q(f, "pulmonary embolism cts run on ct01", "study", sids(cta, at_station("CT01")))
    yield _q(
        f,
        "ctpas per station",
        "groups",
        _groups([s for s in studies() if cta(s)], lambda s: s["station"]),
    )
    yield _q(
        f,
        "july-sept 2025 workload per station",
        "groups",
        _groups([s for s in studies() if quarter(2025, 3)(s)], lambda s: s["station"]),
    )
    yield _q(f, "chest xray total", "count", count(cxr))
    yield _q(
        f,
        "Hi both, ct02 vs ct01 ldct counts for 2026 please. Thx, Raj",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2026)(s)], lambda s: s["station"]),
    )
    yield _q(
        f,
        "head scans positive for an intracranial bleed",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield _q(
        f,
        "how many of each exam description",
        "groups",
        _groups(studies(), lambda s: s["description"]),
    )
    yield _q(
        f,
        "see tee oh one head cts this year",
        "study",
        sids(at_station("CT01"), head_ct, dated("2026-01-01", AS_OF)),
    )


def lobes(rng: random.Random) -> Rows:
    f = "lobes"
    yield _q(f, "nodule in the middle lobe, which scans", "study", sids(nod(in_lobe("RML"))))
    yield _q(
        f,
        "where do the ground glass nodules sit, lobe by lobe",
        "groups",
        _groups(_nod_rows(att("ground-glass")), lambda g: g["lobe"]),
    )
    yield _q(f, "left lower lobe nodules over 0.8 cm", "study", sids(nod(in_lobe("LLL"), gt(D, 8))))
    yield _q(f, "tally nods per lobe", "groups", _groups(_nod_rows(), lambda g: g["lobe"]))
    yield _q(
        f,
        "rul vs lul nodules",
        "groups",
        _groups(_nod_rows(in_lobe("RUL", "LUL")), lambda g: g["lobe"]),
    )
    yield from ask(
        f,
        "pts with nodules in both upper lobes",
        "patient",
        history(each_on_some(nod(in_lobe("RUL")), nod(in_lobe("LUL")))),
        pids(nod(in_lobe("RUL")), nod(in_lobe("LUL"))),
    )
    yield _q(
        f,
        "ldcts whose nods are all middle lobe, nowhere else",
        "study",
        sids(ldct, _only_lobe("RML")),
    )
    yield _q(
        f,
        "right lung nodules in 2023",
        "study",
        sids(nod(in_lobe("RUL", "RML", "RLL")), in_year(2023)),
    )
    yield _q(f, "left lugn ggns", "study", sids(nod(in_lobe("LUL", "LLL"), att("ground-glass"))))
    yield _q(
        f,
        "lul spiculated nods, total findings",
        "count",
        len(_nod_rows(in_lobe("LUL"), margin("spiculated"))),
    )
    yield _q(
        f,
        "rll or lll nodules on 2024 scans",
        "study",
        sids(nod(in_lobe("RLL", "LLL")), in_year(2024)),
    )
    yield _q(
        f, "right upper lobe: nodule findings, how many", "count", len(_nod_rows(in_lobe("RUL")))
    )
    yield _q(
        f,
        "pts w a rul nodule but never any lll nodule",
        "patient",
        history(some_but_never(nod(in_lobe("RUL")), nod(in_lobe("LLL")))),
    )
    yield _q(f, "lower lobe nodules > 1.5cm", "study", sids(nod(in_lobe("RLL", "LLL"), gt(D, 15))))
    yield _q(
        f,
        "middle lobe part-solid nodule pts",
        "patient",
        pids(nod(in_lobe("RML"), att("part-solid"))),
    )
    yield _q(
        f,
        "nodules in the rigth lower lobe under half a cm",
        "study",
        sids(nod(in_lobe("RLL"), lt(D, 5))),
    )
    yield _q(
        f,
        "left lower lobe consolidation, which studies",
        "study",
        sids(kind("consolidation", in_lobe("LLL"))),
    )


def features(rng: random.Random) -> Rows:
    f = "attenuation/margin/calcification"
    yield _q(f, "spiculated nodules 2026", "study", sids(nod(margin("spiculated")), in_year(2026)))
    yield _q(f, "calcified nods, patients", "patient", pids(nod(calcified)))
    yield _q(
        f,
        "non-calcified solid nodules bigger than eight millimetres",
        "study",
        sids(nod(uncalcified, att("solid"), gt(D, 8))),
    )
    yield _q(f, "how many part solid nodules are there", "count", len(_nod_rows(att("part-solid"))))
    yield _q(f, "females with subsolid noduels", "patient", pids(sex_is("F"), nod(subsolid)))
    yield _q(f, "smooth ggns, studeis", "study", sids(nod(margin("smooth"), att("ground-glass"))))
    yield _q(
        f, "nods grouped by their margins", "groups", _groups(_nod_rows(), lambda g: g["margin"])
    )
    yield _q(
        f,
        "solid / part-solid / gg split of all nods",
        "groups",
        _groups(_nod_rows(), lambda g: g["attenuation"]),
    )
    yield _q(
        f,
        "spiculated vs lobulated nodules",
        "groups",
        _groups(
            _nod_rows(lambda g: g["margin"] in ("spiculated", "lobulated")), lambda g: g["margin"]
        ),
    )
    yield _q(
        f,
        "lobulated part-solid nodules over 10 mm",
        "study",
        sids(nod(margin("lobulated"), att("part-solid"), gt(D, 10))),
    )
    yield _q(
        f,
        "uncalcified spiculated nodules - number of findings",
        "count",
        len(_nod_rows(uncalcified, margin("spiculated"))),
    )
    yield _q(
        f,
        "ground glas nodules at ct01",
        "study",
        sids(at_station("CT01"), nod(att("ground-glass"))),
    )
    yield _q(
        f,
        "solid nodules w smooth margins at ct01",
        "study",
        sids(at_station("CT01"), nod(att("solid"), margin("smooth"))),
    )
    yield _q(f, "ggo total in the whole cohort", "count", len(_nod_rows(att("ground-glass"))))
    yield _q(
        f,
        "margins of ggns, breakdown",
        "groups",
        _groups(_nod_rows(att("ground-glass")), lambda g: g["margin"]),
    )
    yield _q(
        f, "rll calcifed nodule, list the exams", "study", sids(nod(calcified, in_lobe("RLL")))
    )
    yield _q(
        f,
        "ldcts w spiculated nodules and no calcified ones",
        "study",
        sids(ldct, nod(margin("spiculated")), neg(nod(calcified))),
    )


def intervals(rng: random.Random) -> Rows:
    f = "intervals"
    yield from ask(
        f,
        "people with more than thirty months between their first and last exam",
        "patient",
        _followed_months(30, False),
        _followed_months(30, True),
    )
    yield from ask(
        f,
        "patients with f/u of atleast two years",
        "patient",
        _followed_months(24, True),
        _followed_days(730, True),
    )
    yield _q(
        f,
        "Dear colleagues, what is the mean number "
        "of days between consecutive ldcts? Regards, Dr. Okafor",
        "value",
        mean_of(_consecutive_gaps(ldct)),
    )
    yield _q(
        f,
        "back-to-back exams of the same pt: median days apart",
        "value",
        median_of(_consecutive_gaps(ALL)),
    )
    yield from ask(
        f,
        "pts with 18+ months of follow up",
        "patient",
        _followed_months(18, True),
    )
    yield from ask(
        f,
        "ldcts done within 330 days of the patient's previous ldct",
        "study",
        sids(_prev_same(ldct, 330)),
    )

    def again(days: int, strict: bool) -> list[str]:
        def test(mine: list[Row]) -> bool:
            gaps = [
                days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
            ]
            return any(g < days if strict else g <= days for g in gaps)

        return history(test)

    for n in range(320, 345):
        readings = (again(n, False), again(n, True))
        if agreed(*readings) is not None and readings[0]:
            yield _q(
                f, f"pts scanned again within {n} days of a prior scan", "patient", readings[0]
            )
            break
    else:
        LEFT_OUT.append("pts scanned again within N days of a prior scan")
    yield _q(
        f, "average gap between chest cts in days", "value", mean_of(_consecutive_gaps(chest_ct))
    )
    yield _q(
        f,
        "median spacing in days from one screening ct to the next",
        "value",
        median_of(_consecutive_gaps(ldct)),
    )
    for n in (34, 33, 35, 32, 31):
        readings = (_followed_months(n, False), _followed_months(n, True))
        if agreed(*readings) is not None:
            yield _q(f, f"pts with follow-up longer than {n} months", "patient", readings[0])
            break
    else:
        LEFT_OUT.append("pts with follow-up longer than N months")
    yield from ask(
        f,
        "number of pts with more than 2 years between their first and last study",
        "count",
        len(_followed_months(24, False)),
        len(_followed_days(730, False)),
        len(_followed_days(731, False)),
    )
    women = sex_is("F")
    gaps_f: list[int] = []
    for p in pats():
        if p["sex"] == "F":
            mine = own(p["patient_id"])
            gaps_f.extend(
                days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
            )
    del women
    yield _q(f, "for women only: median days between consecutive scans", "value", median_of(gaps_f))

    def gap_over(days: int, test: Test) -> list[str]:
        def t(mine: list[Row]) -> bool:
            mine = [x for x in mine if test(x)]
            return any(
                days_between(a["study_date"], b["study_date"]) > days
                for a, b in itertools.pairwise(mine)
            )

        return history(t)

    yield _q(
        f, "pts with over 400 days between two consecutive ldcts", "patient", gap_over(400, ldct)
    )
    spans = [
        days_between(mine[0]["study_date"], mine[-1]["study_date"])
        for mine in (own(p["patient_id"]) for p in pats())
        if len(mine) >= 2
    ]
    yield _q(f, "mean follow-up in days, pts with more than one study", "value", mean_of(spans))

    def ldct_span(months: int, strict: int) -> list[str]:
        """Patients whose latest LDCT is at least (``strict``: more than) ``months`` after
        their first (the boundary day is the competing reading)."""

        def t(mine: list[Row]) -> bool:
            mine = [x for x in mine if ldct(x)]
            if len(mine) < 2:
                return False
            end = months_on(mine[0]["study_date"], months)
            last = str(mine[-1]["study_date"])
            return last > end if strict else last >= end

        return history(t)

    for n in (26, 25, 27, 23, 22, 28):
        readings = (ldct_span(n, 0), ldct_span(n, 1))
        if agreed(*readings) is not None and readings[0]:
            yield _q(
                f,
                f"pts with {n} months or more between first and last ldct",
                "patient",
                readings[0],
            )
            break
    else:
        LEFT_OUT.append("pts with N months or more between first and last ldct")
    for n in range(300, 360):
        readings = (sids(_prev_same(ldct, n - 1)), sids(_prev_same(ldct, n)))
        if agreed(*readings) is not None and readings[0]:
            yield _q(
                f,
                f"how many ldcts were done less than {n} days after the previous ldct",
                "count",
                len(readings[0]),
            )
            break
    else:
        LEFT_OUT.append("ldcts less than N days after the previous ldct")


FAMILIES = (
    identifiers,
    dates,
    numbers,
    counts,
    set_logic,
    lung_rads,
    rankings,
    stats,
    reports,
    growth,
    people,
    modality,
    lobes,
    features,
    intervals,
)


def bank() -> list[Item]:
    """Every question of the part, in family order (a repeated question is refused)."""
    rng = random.Random(SEED)
    LEFT_OUT.clear()
    out: list[Item] = []
    seen: set[str] = set()
    for family in FAMILIES:
        for item in family(rng):
            if item.question in seen:
                raise ValueError(f"repeated question: {item.question}")
            seen.add(item.question)
            out.append(item)
    return out


if __name__ == "__main__":
    items = bank()
    print(f"{len(items)} questions in {PART}")
    print(f"LEFT_OUT ({len(LEFT_OUT)}): {LEFT_OUT}")
