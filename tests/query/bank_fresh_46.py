"""Held-out part 46 of the question bank: terse pager and chat questions, with some e-mails.

Written for issue 17 as an honest, held-out measurement of how the question reader generalises,
blind to it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
phrasings), the "Conventions" section of ``docs/query.md`` (up to "One model version") and its
"Reports" section up to "How well it reads" (not the reader's measurements nor the lists of
misses, fixes and limits), :mod:`question_bank` (the :class:`Item` type, its helpers and its
scoring function ``_matches``, for the form of a "value" or "groups" answer),
:mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of the cohort,
imported here), and ``bank_fresh_41.py`` for its format, module docstring and helper functions
only, not its questions (its families' units and the form of its group answers were printed,
never its question texts). The reader's code (``query/``), ``appliance/``, the tests
(``test_*.py``), ``family_reading.py`` and the other parts' questions were not opened, and the
engine was never run on these questions: they were frozen (committed) before any was put to it,
and none is to be changed to suit it afterwards. Drafts that copied an example phrase of the
Conventions word for word ("emphysema on a report but never any nodule", "lowest hu nodules, top
N", "psn largest solid comp top N", "days from P's baseline ldct to their latest one", "ldcts
whose nodules were all in ...", "emphysema or a spiculated nodule") were reworded before the
overlap check.

Overlap check: a throwaway script compared the texts with ``dev_queries.jsonl``, with parts 22
to 45 (loaded through their ``bank()``, never read or printed), with every question of
``question_bank.bank()`` and ``question_bank.ungated_bank()`` and, in its later rounds, with part
47 (``bank_fresh_47.py`` on branch ``s24-p47``, compared programmatically only, once it was
committed), 14,544 questions in all, printing only this part's matches (word for word after
lower-casing and dropping punctuation, or a word overlap of 75 % or more of the longer
question): 77 matched (6 word for word) and were reworded; the rewordings and the part 47
comparison gave 13 more (2 word for word), reworded again, then 2 (1 word for word), reworded
again; none is left.
No question of this part repeats another of it (:func:`bank` refuses a repeat) or overlaps one.

Every family issue 17 lists is here (questions per family in brackets, 241 in all): identifiers
[16], dates [17], numbers [16], counts [16], set logic [16], Lung-RADS [18], rankings and top-N
[15], aggregates and percentages [16], report concepts with negation [16], growth / new /
stable [16], demographics [16], modality / description / station [16], lobes [15],
attenuation / margin / calcification [16], intervals [16].
The families' own functions come first; :func:`extra` then adds, per family, the questions
written after the first draft to even out the families and the share of groups (its items keep
their family). Styles, mixed in roughly equal shares, leaning to terse pager or chat questions
with dropped words and two or three conditions: a radiologist's shorthand ("psn", "ggn", "nods",
"ptx", "lr", "w/o", "acc#", "f/u", "ctpa"), a nurse's or clinician's full sentences ("Which
patients have never been scanned on CT01?"), a screening coordinator's Lung-RADS over time (the
same category as the previous exam, 2 then 4A on the very next exam, highest ever, categories
so far this year), a manager's counts per station, quarter, month and body part, a data
scientist's ranges, means and medians, search-box keywords ("spiculated part solid nod scans"),
dictated numbers ("one point two centimeters", "minus eight hundred to minus seven hundred
hounsfield", "see tee zero one", "twenty twenty three"), and questions pasted in an e-mail with a
greeting and a sign-off (21). 29 questions (about one in eight) carry a hurried typist's slip
("acession", "stuides", "nodul", "noduels", "pneumothroax", "betwen", "leats", "scnas",
"exaclty", "woemn", "hemorrage", "consolidatoins", "efusions", "confidnece", "meidan",
"diamater", "lymphadenopahty", "emphysmea", "soild", "younegr", "radiogrpahs", "uper",
"spicualted", "rihgt", "lobualted", "calcfied", "lugn-rads", "folow-up", "statoin"); their
answers are what they plainly mean. About one in five asks about groups: 24
breakdowns and comparisons, 6 shares and 16 rankings.

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients (with
three or four studies), accessions and UIDs; a ranking's number is the first from the one
written whose boundary has no tie, a percentage the first of a list of candidates that is
neither 0 nor 100 % and lies within 0.005 of a tenth. Expected answers are computed here in plain
Python with the documented conventions written out by hand. Where the conventions leave a choice
the question is asked only when the competing readings give the same answer (:func:`ask`;
``LEFT_OUT`` lists those that do not as the bank is built, with the percentage candidates passed
over): the first day of "the past 75 days"; "more than 3 years old" as 36 calendar months
(the boundary day in or out) or 3 x 365 days; a track that was a mass from its first study
counted or not as a new or stable nodule, and a change taken in floating point or to 0.1 mm; a
nodule seen on N scans counting a mass on its track or not; "both A and B" of patients on one
study or each on some study; an age (with a sex) and another condition on one study or each on
some study; "lung-rads 2 then 4a on the very next exam" by the previous categorised study or the
previous study of any kind. Readings taken: "ldct", "screening ct/scan" and "low-dose screening
CT" are the CT CHEST LOW DOSE LUNG SCREENING studies, "screened pts" patients with one; "ctpa",
"pe ct/scan" and "CT angiogram" the CT ANGIO CHEST PE studies; "chest x-rays", "radiographs"
the DX studies; "contrast chest ct" / "chest ct w contrast" CT CHEST W CONTRAST, "chest ct w/o
contrast" / "non contrast chest ct" CT CHEST W/O CONTRAST; "diagnostic chest cts (not
screening)" the chest CTs that are not LDCTs; "upper lobe" the RUL and LUL, "left (right) lung"
its lobes; "youngest / oldest / earliest-born patients" rank by birth date; rankings of patients
by number of nodules (or ggns) count nodule findings on all their studies; a breakdown of nodules
counts nodule findings, of studies or exams studies, of patients patients; "M vs F" and "men vs
women" leave out the third sex; a Lung-RADS breakdown lists the categories that occur;
"lung-rads 4" is 4A, 4B or 4X; "days between consecutive studies" are the gaps between each
patient's successive studies (of the kind named), "f/u span" a patient's first to latest study;
"within 11 mo of the previous one" a next LDCT no later than 11 calendar months on; "reports
negative for X" and "document no X" are the denied reading, "no X" and "w/o X" no affirmed
mention; "excluding anyone with X" the patient never having X. Drafts replaced before freezing:
empty by accident "both a head CT and a CT angiogram", "a ctpa and a ldct" (no patient has
both), "exams downgraded in lr from the prior" (none), "reports negative for coronary artery
calcification" (never negated in the fixture), "two scans less than 30 days apart", "a follow-up
ldct within 9 months", "followed for at least 40 months"; readings disagreed: "new nodules in
2025 ldcts" (the mass-from-start track; asked of 2026), "stable ggns in 2024" (asked of 2025),
"nodule findings that grew more than 2.5 mm" (a nodule that grew into a mass; asked of lesions
over 3 mm), "women 55-65 w ggn at ct01" (station dropped), "pts followed for at least 3 yrs"
(calendar or 365-day years), "pts that went from lr 2 to 4a" (consecutive or ever; asked of the
very next exam), "growing nods by lobe" (asked of lesions); "smallest 3 spiculated nodules" tied
to 8 (asked by volume); "% of 2024 ldcts that were lr 2" and "% of patients female" not within
0.005 of a tenth (other candidates asked). One answer is empty on purpose (an unknown MRN,
P00812).

Scored alone with ``python tests/query/question_bank.py --part held_out_46 -v`` once wired in.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import cohort_reference as ref
from blind_reference import (
    FTest,
    Rows,
    age_in,
    aged,
    agreed,
    any_ct,
    at_station,
    att,
    birth,
    born,
    both_,
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
    either,
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
    previous_category,
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

PART = "held_out_46"
SEED = 4646

# Questions whose readings disagreed (or whose ranking tied at its boundary, or whose percentage
# was not within 0.005 of a tenth), so were left out: filled while the bank is built.
LEFT_OUT: list[str] = []


def _q(family: str, question: str, unit: str, expected: Any, as_of: str = AS_OF) -> Item:
    return Item(family, PART, question, unit, expected, as_of)


def ask(family: str, question: str, unit: str, *readings: Any, as_of: str = AS_OF) -> Rows:
    """One question, asked only when every competing reading gives the same (defined) answer."""
    answer = agreed(*readings)
    if answer is None or answer == []:
        LEFT_OUT.append(question)
        return
    yield _q(family, question, unit, answer, as_of)


# --- small readings of this part -------------------------------------------------------------


ALL: Test = lambda s: True  # noqa: E731
LR4 = ("4A", "4B", "4X")
GGN = att("ground-glass")
SOLID = att("solid")
PSN = att("part-solid")


def _uid(s: Row) -> str:
    return str(s["study_uid"])


def _never(test: Test) -> list[str]:
    return history(lambda mine: not any(map(test, mine)))


def _per_patient(test: Test, compare: Callable[[int], bool]) -> list[str]:
    return history(lambda mine: compare(sum(1 for s in mine if test(s))))


def _n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


def _kind_rows(name: str, *tests: FTest, where: Test = ALL) -> list[Row]:
    return [
        f
        for f in findings()
        if f["kind"] == name and all(t(f) for t in tests) and where(study_of(f))
    ]


def _nod_rows(*tests: FTest, where: Test = ALL) -> list[Row]:
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


def _ranked(
    rows: Sequence[Row], key: Callable[[Row], Any], ident: str, start: int
) -> tuple[int, list[str]] | None:
    """The first count from ``start`` to 8 whose ranking has no tie at its boundary."""
    for n in range(start, 9):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    return None


def _span(pid: str, test: Test = ALL) -> int | None:
    mine = [s for s in own(pid) if test(s)]
    if len(mine) < 2:
        return None
    return days_between(mine[0]["study_date"], mine[-1]["study_date"])


def _followed_months(months: int, inclusive: bool) -> list[str]:
    def test(mine: list[Row]) -> bool:
        end = months_on(mine[0]["study_date"], months)
        last = str(mine[-1]["study_date"])
        return last >= end if inclusive else last > end

    return history(lambda mine: bool(mine) and test(mine))


def _gaps(test: Test) -> list[int]:
    out: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        out.extend(
            days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
        )
    return out


def _age_over(n: int) -> Test:
    return lambda s: ref.age(s) > n


def _age_under(n: int) -> Test:
    return lambda s: ref.age(s) < n


def _multi_pids(pool: list[str], n_min: int) -> list[str]:
    return [p for p in pool if len(own(p)) >= n_min]


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    every = [p["patient_id"] for p in pats()]
    multi = [p for p in every if len(own(p)) >= 3]
    p1 = pick(rng, multi)
    yield _q(fam, f"{p1} all exams pls", "study", sorted(_uid(s) for s in own(p1)))
    p2 = pick(rng, [p for p in multi if p != p1])
    yield _q(fam, f"{p2}: tally up every scan they've had", "count", len(own(p2)))
    s3 = pick(rng, [s for s in studies() if fo(s)])
    yield _q(
        fam,
        f"Need to know who accession {s3['accession']} was done on",
        "patient",
        [s3["patient_id"]],
    )
    s4 = pick(rng, [s for s in studies() if len(fo(s)) >= 2])
    yield _q(
        fam,
        f"every finding recorded under acc {s4['accession']}",
        "finding",
        sorted(f["finding_id"] for f in fo(s4)),
    )
    s5 = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield _q(
        fam,
        f"list each nodule finding read on uid {s5['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in nods(s5)),
    )
    p6 = pick(rng, [p for p in multi if sum(map(ldct, own(p))) >= 2])
    yield _q(
        fam,
        f"{p6}: newest lung screening ldct only",
        "study",
        [_uid([s for s in own(p6) if ldct(s)][-1])],
    )
    a, b = rng.sample(multi, 2)
    yield _q(
        fam,
        f"Hi Sam, for the audit I need the very first study of {a} and of {b}. Thanks! -Jo",
        "study",
        sorted([_uid(own(a)[0]), _uid(own(b)[0])]),
    )
    trio = rng.sample(studies(), 3)
    yield _q(
        fam,
        "pts behind accessions " + ", ".join(s["accession"] for s in trio),
        "patient",
        sorted({s["patient_id"] for s in trio}),
    )
    yield _q(fam, "MRN P00812 exams", "study", [])
    p10 = pick(rng, [p for p in multi if len(nods(own(p)[-1])) >= 2])
    yield _q(
        fam,
        f"{p10} last exam - nodule tally?",
        "count",
        len(nods(own(p10)[-1])),
    )

    def unique_max(s: Row) -> bool:
        d = sorted((f["diameter_mm"] for f in nods(s)), reverse=True)
        return len(d) >= 3 and d[0] > d[1]

    s11 = pick(rng, [s for s in studies() if unique_max(s)])
    big = max(nods(s11), key=lambda f: f["diameter_mm"])
    yield _q(fam, f"biggest nod on acc# {s11['accession']}", "finding", [big["finding_id"]])
    p12 = pick(rng, [p for p in every if any(map(head_ct, own(p))) and len(own(p)) >= 2])
    yield _q(
        fam,
        f"Hi all, could someone pull up the head CTs for patient {p12}? Cheers, Marta",
        "study",
        sorted(_uid(s) for s in own(p12) if head_ct(s)),
    )
    p13 = pick(
        rng,
        [p for p in multi if 0 < sum(at_station("CT01")(s) for s in own(p)) < len(own(p))],
    )
    yield _q(
        fam,
        f"{p13} - anything done on CT01?",
        "study",
        sorted(_uid(s) for s in own(p13) if s["station"] == "CT01"),
    )
    p14 = pick(rng, [p for p in multi if 0 < sum(in_year(2025)(s) for s in own(p)) < len(own(p))])
    yield _q(
        fam,
        f"{p14}, anything imaged over calendar 2025",
        "study",
        sorted(_uid(s) for s in own(p14) if in_year(2025)(s)),
    )
    s15 = pick(rng, [s for s in studies() if len(nods(s)) >= 3])
    yield _q(fam, f"acession {s15['accession']} nodule count", "count", len(nods(s15)))
    s16 = pick(rng, studies())
    yield _q(
        fam,
        f"scan {s16['study_uid']}, pls tell me the mrn it's filed under",
        "patient",
        [s16["patient_id"]],
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    yield _q(fam, "ldcts 2nd qtr 2024", "study", sids(ldct, quarter(2024, 2)))
    yield _q(fam, "Q4 2025 exam total", "count", count(quarter(2025, 4)))
    yield _q(fam, "any CT since august 2026", "study", sids(any_ct, dated("2026-08-01", AS_OF)))
    yield _q(
        fam,
        "chest xrays feb to apr 2025",
        "study",
        sids(cxr, dated("2025-02-01", "2025-04-30")),
    )
    yield _q(
        fam,
        "scans 2024-06-01 thru 2024-07-15 with a nodul",
        "study",
        sids(dated("2024-06-01", "2024-07-15"), nod()),
    )
    fifties = set(born("1950-01-01", "1959-12-31"))
    yield _q(
        fam,
        "Hello, quick one: which patients born in the 1950s had a head CT? Kind regards, Ruth",
        "patient",
        sorted(set(pids(head_ct)) & fifties),
    )
    old_women = set(born("1900-01-01", "1944-12-31"))
    yield _q(
        fam,
        "women born before 1945 scanned in 2026",
        "patient",
        sorted(set(pids(sex_is("F"), in_year(2026))) & old_women),
    )
    yield from ask(
        fam,
        "screening cts done within the past 75 days",
        "study",
        sids(ldct, dated(shift(AS_OF, -75), AS_OF)),
        sids(ldct, dated(shift(AS_OF, -74), AS_OF)),
    )
    yield _q(
        fam,
        "this year's DX01 exams",
        "study",
        sids(at_station("DX01"), dated("2026-01-01", AS_OF)),
    )
    yield _q(
        fam, "studies from last year showing a mass", "study", sids(in_year(2025), kind("mass"))
    )
    cut = shift(AS_OF, -3 * 365)
    yield from ask(
        fam,
        "exams more than 3 years old w spiculated nodules",
        "study",
        sids(dated("1900-01-01", months_on(AS_OF, -36)), nod(margin("spiculated"))),
        sids(dated("1900-01-01", shift(months_on(AS_OF, -36), -1)), nod(margin("spiculated"))),
        sids(dated("1900-01-01", shift(cut, -1)), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "march thru may 2025 stuides with ggns",
        "study",
        sids(dated("2025-03-01", "2025-05-31"), nod(GGN)),
    )
    yield _q(
        fam,
        "studies from twenty twenty three with lung rads four b",
        "study",
        sids(in_year(2023), cat_in("4B")),
    )
    yield _q(fam, "pts born on or after 1 jan 1990", "patient", born("1990-01-01", "2100-01-01"))
    yield _q(
        fam,
        "Hi, can you find the scans from the second half of 2024 that found a pneumothorax? "
        "ta, Ben",
        "study",
        sids(dated("2024-07-01", "2024-12-31"), kind("pneumothorax")),
    )
    yield _q(
        fam,
        "dec 2025 to feb 2026 cts, how many",
        "count",
        count(any_ct, dated("2025-12-01", "2026-02-28")),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield _q(fam, "nods 4-6mm", "study", sids(nod(within("diameter_mm", 4, 6))))
    yield _q(fam, "RUL nodules <1cm", "study", sids(nod(in_lobe("RUL"), lt("diameter_mm", 10))))
    yield _q(
        fam, "ggn over one point two centimeters", "study", sids(nod(GGN, gt("diameter_mm", 12)))
    )
    yield _q(fam, "noduels w mean hu below -650", "study", sids(nod(lt("mean_hu", -650))))
    yield _q(
        fam,
        "nodules between -40 and +30 HU on ldct",
        "study",
        sids(ldct, nod(within("mean_hu", -40, 30))),
    )
    yield _q(
        fam,
        "pneumothroax findings with confidence under .7",
        "finding",
        fids(lambda f: f["kind"] == "pneumothorax", lt("confidence", 0.7)),
    )
    yield _q(
        fam, "psns, solid comp 6 mm or bigger", "study", sids(nod(PSN, ge("solid_component_mm", 6)))
    )
    yield _q(
        fam, "nods measuring over 1500 mm3 in volume", "study", sids(nod(gt("volume_mm3", 1500)))
    )
    yield _q(
        fam,
        "in female pts: nods whose long axis is at least twenty millimetres",
        "study",
        sids(sex_is("F"), nod(ge("long_axis_mm", 20))),
    )
    yield _q(
        fam,
        "solid nodules short axis under 4 mm at CT02",
        "study",
        sids(at_station("CT02"), nod(SOLID, lt("short_axis_mm", 4))),
    )
    yield _q(
        fam,
        "a mass that's bigger than three and a half cm, which scans",
        "study",
        sids(kind("mass", gt("diameter_mm", 35))),
    )
    yield _q(
        fam,
        "exams w a nod eighteen point five mm or more across",
        "study",
        sids(nod(ge("diameter_mm", 18.5))),
    )
    yield _q(
        fam,
        "scans with a ground glass nod somewhere between 0.8 and 1.5 cm",
        "study",
        sids(nod(GGN, within("diameter_mm", 8, 15))),
    )
    yield _q(
        fam,
        "nods whose density runs minus eight hundred to minus seven hundred HU, which scans",
        "study",
        sids(nod(within("mean_hu", -800, -700))),
    )
    yield _q(
        fam,
        "how many findings of any kind have confidence betwen 0.5 and 0.55",
        "count",
        len(fids(within("confidence", 0.5, 0.55))),
    )
    yield _q(
        fam,
        "tiny calcified nods, four mm at most",
        "study",
        sids(nod(calcified, le("diameter_mm", 4))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield _q(
        fam,
        "ldct exams with exactly 3 nods on them, pls",
        "study",
        sids(ldct, _n_nods(lambda n: n == 3)),
    )
    yield _q(
        fam,
        "pts w 3+ scans and a ggn",
        "patient",
        sorted(set(history(lambda m: len(m) >= 3)) & set(pids(nod(GGN)))),
    )
    yield _q(fam, "who has exactly four exams on record", "patient", history(lambda m: len(m) == 4))
    yield _q(
        fam,
        "Hey team - which scans have more than 5 nodules? Thx, Kofi",
        "study",
        sids(_n_nods(lambda n: n > 5)),
    )
    yield _q(
        fam,
        "count of people who have had just a single scan in total",
        "count",
        len(history(lambda m: len(m) == 1)),
    )
    yield _q(
        fam, "pts with at leats 2 head cts", "patient", _per_patient(head_ct, lambda n: n >= 2)
    )
    yield _q(
        fam,
        "CT02 studies with zero findings in 2023",
        "study",
        sids(at_station("CT02"), in_year(2023), lambda s: not fo(s)),
    )
    yield _q(
        fam,
        "2025 screening cts that have fewer than 2 nodules",
        "study",
        sids(ldct, in_year(2025), _n_nods(lambda n: n < 2)),
    )
    yield _q(
        fam,
        "Which patients have had more than one chest x-ray?",
        "patient",
        _per_patient(cxr, lambda n: n >= 2),
    )
    yield _q(
        fam,
        "how many studies had 3 or more ggns on them",
        "count",
        count(_n_nods(lambda n: n >= 3, GGN)),
    )
    yield _q(
        fam,
        "individuals w 2+ scans in 2025 alone",
        "patient",
        _per_patient(in_year(2025), lambda n: n >= 2),
    )
    yield from ask(
        fam,
        "pts whose one nodule is tracked across 4 or more scnas",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(
        fam,
        "number of patients with between 2 and 3 ldcts",
        "count",
        len(_per_patient(ldct, lambda n: 2 <= n <= 3)),
    )
    yield from ask(
        fam,
        "chest cts with exaclty one solid nodule and nothing else",
        "study",
        sids(chest_ct, lambda s: len(fo(s)) == 1 and len(nods(s, SOLID)) == 1),
    )
    yield _q(
        fam,
        "How many patients had precisely three low-dose screening CTs?",
        "count",
        len(_per_patient(ldct, lambda n: n == 3)),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    mass, ptx = kind("mass"), kind("pneumothorax")
    yield from ask(
        fam,
        "pts w both a ptx and a consolidation",
        "patient",
        history(each_on_some(ptx, kind("consolidation"))),
        pids(ptx, kind("consolidation")),
    )
    yield _q(
        fam,
        "had a spiculated nod at some point, yet never a lr 4x - which pts",
        "patient",
        history(some_but_never(nod(margin("spiculated")), cat_in("4X"))),
    )
    yield _q(
        fam,
        "Which patients have never been scanned on CT01?",
        "patient",
        _never(at_station("CT01")),
    )
    yield _q(
        fam,
        "pts with emphysema in their reports who never had a nodule finding",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield _q(
        fam,
        "anyone with a CT angiogram on file plus a chest ct w contrast",
        "patient",
        history(each_on_some(cta, with_contrast)),
    )
    yield _q(
        fam,
        "pts w consolidation and an effusion on one ct",
        "patient",
        pids(any_ct, kind("consolidation"), kind("pleural_effusion")),
    )
    yield _q(
        fam,
        "screened pts that never had a ggn",
        "patient",
        history(some_but_never(ldct, nod(GGN))),
    )
    yield _q(
        fam,
        "woemn with part solid nodules but no calcified nodule ever",
        "patient",
        history(some_but_never(both_(sex_is("F"), nod(PSN)), nod(calcified))),
    )
    yield _q(
        fam,
        "Dear colleagues, please list patients who had a pe ct and never a pneumothorax. "
        "Regards, Dr. Haddad",
        "patient",
        history(some_but_never(cta, ptx)),
    )
    yield _q(
        fam,
        "pts who reached 4B but never got to 4X",
        "patient",
        history(some_but_never(cat_in("4B"), cat_in("4X"))),
    )
    yield _q(
        fam,
        "part solid nodules > 8mm, excluding anyone with coronary artery calcification",
        "patient",
        history(some_but_never(nod(PSN, gt("diameter_mm", 8)), says("coronary"))),
    )
    yield _q(
        fam,
        "studies with a mass or intracranial hemorrage",
        "study",
        sids(either(mass, kind("intracranial_hemorrhage"))),
    )
    yield from ask(
        fam,
        "RUL nod and LUL nod both present - which pts",
        "patient",
        history(each_on_some(nod(in_lobe("RUL")), nod(in_lobe("LUL")))),
        pids(nod(in_lobe("RUL")), nod(in_lobe("LUL"))),
    )
    yield _q(
        fam, "how many people never once had a nodule on any scan", "count", len(_never(nod()))
    )
    yield _q(
        fam,
        "screening cts showing a solid nod alongside a ggn",
        "study",
        sids(ldct, nod(GGN), nod(SOLID)),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    yield _q(fam, "2025 ldcts graded lr 4x", "study", sids(ldct, in_year(2025), cat_in("4X")))
    yield _q(
        fam,
        "Hi all, I need the patients whose highest lung-rads ever was 3 for the registry. "
        "Best, Ines",
        "patient",
        history(lambda m: highest(m) == "3"),
    )
    rows = [s for s in studies() if ldct(s) and quarter(2026, 1)(s)]
    yield _q(fam, "lung-rads breakdown of ldcts q1 2026", "groups", _groups(rows, category))
    yield _q(fam, "how many studies were categorized 4B", "count", count(cat_in("4B")))
    yield from ask(
        fam,
        "women over 70 w lr 3 or higher",
        "patient",
        *aged(both_(sex_is("F"), _age_over(70)), cat_in("3", *LR4)),
    )
    yield _q(fam, "scans where lung-rads went up vs prior", "study", sids(went(1)))
    yield from ask(
        fam,
        "pts: lung-rads 2 on one exam then 4a on the very next one",
        "patient",
        pids(went_from("2", ("4A",))),
        history(
            lambda m: any(
                category(a) == "2" and category(b) == "4A" for a, b in itertools.pairwise(m)
            )
        ),
    )
    yield _q(
        fam,
        "lung rads one screening cts at CT01 in twenty twenty four",
        "study",
        sids(ldct, at_station("CT01"), in_year(2024), cat_in("1")),
    )
    yield _q(fam, "lr below 3 with a ggn", "study", sids(cat_in("1", "2"), nod(GGN)))
    rows = [s for s in studies() if cat_in(*LR4)(s)]
    yield _q(
        fam, "lung-rads 4 exam count per station", "groups", _groups(rows, lambda s: s["station"])
    )
    y26 = [s for s in studies() if ldct(s) and dated("2026-01-01", AS_OF)(s)]
    yield from ask(
        fam,
        "of the ldcts done so far in 2026, what pct were lr 3",
        "value",
        _share(sum(cat_in("3")(s) for s in y26), len(y26)),
    )
    yield _q(
        fam,
        "pts who've had a lr 1 exam at one point and a lr 4a exam at another",
        "patient",
        history(each_on_some(cat_in("1"), cat_in("4A"))),
    )
    yield _q(
        fam,
        "ldcts w the same lr as the previous exam",
        "study",
        sids(
            ldct, lambda s: previous_category(s) is not None and previous_category(s) == category(s)
        ),
    )
    yield _q(
        fam,
        "lugn-rads 4B or worse studies in men",
        "study",
        sids(sex_is("M"), cat_in("4B", "4X")),
    )
    yield _q(
        fam,
        "how many pts have 4A as their worst-ever lung-rads",
        "count",
        len(history(lambda m: highest(m) == "4A")),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"

    def frank(question: str, rows: list[Row], key: Callable[[Row], Any], start: int) -> Rows:
        got = _ranked(rows, key, "finding_id", start)
        if got is None:
            LEFT_OUT.append(question)
            return
        n, ids = got
        yield _q(fam, question.format(n=n), "finding", ids)

    yield from frank(
        "the {n} biggest nodules in the whole database", _nod_rows(), lambda f: -f["diameter_mm"], 5
    )
    yield from frank(
        "{n} nodules with the most negative HU", _nod_rows(), lambda f: f["mean_hu"], 4
    )
    yield from frank(
        "{n} biggest masses by long axis", _kind_rows("mass"), lambda f: -f["long_axis_mm"], 3
    )
    yield from frank(
        "consolidatoins, {n} highest confidence",
        _kind_rows("consolidation"),
        lambda f: -f["confidence"],
        4,
    )
    yield from frank(
        "{n} part-solid nods w the biggest solid comp, pls",
        _nod_rows(PSN),
        lambda f: -f["solid_component_mm"],
        3,
    )
    yield from frank("highest volume {n} ggns", _nod_rows(GGN), lambda f: -f["volume_mm3"], 4)
    yield from frank(
        "smallest {n} spiculated nodules by volume",
        _nod_rows(margin("spiculated")),
        lambda f: f["volume_mm3"],
        3,
    )
    yield from frank(
        "the {n} largest pleural efusions by volume",
        _kind_rows("pleural_effusion"),
        lambda f: -f["volume_mm3"],
        3,
    )
    prow = [
        {"patient_id": p["patient_id"], "k": -sum(len(nods(s)) for s in own(p["patient_id"]))}
        for p in pats()
    ]
    got = _ranked(prow, lambda r: r["k"], "patient_id", 3)
    if got:
        yield _q(
            fam,
            f"{got[0]} people with the highest number of nodule findings overall",
            "patient",
            got[1],
        )
    brow = [{"patient_id": p["patient_id"], "k": p["birth_date"]} for p in pats()]
    got = _ranked(brow, lambda r: r["k"], "patient_id", 4)
    if got:
        yield _q(fam, f"{got[0]} earliest-born pts in the database", "patient", got[1])
    ynod = [{"patient_id": p, "k": birth(p)} for p in pids(nod())]
    got = _ranked(ynod, lambda r: tuple(-ord(c) for c in r["k"]), "patient_id", 3)
    if got:
        yield _q(fam, f"youngest {got[0]} pts with a nodule", "patient", got[1])
    lrow = [s for s in studies() if ldct(s)]
    got = _ranked(lrow, lambda s: tuple(-ord(c) for c in s["study_date"]), "study_uid", 3)
    if got:
        yield _q(fam, f"latest {got[0]} screening cts performed", "study", got[1])
    hrow = [s for s in studies() if head_ct(s)]
    got = _ranked(hrow, lambda s: s["study_date"], "study_uid", 3)
    if got:
        yield _q(fam, f"earliest {got[0]} head CTs on file", "study", got[1])
    srow = list(studies())
    got = _ranked(srow, lambda s: -len(nods(s)), "study_uid", 3)
    if got:
        yield _q(fam, f"which {got[0]} studies had the most nodules", "study", got[1])
    yield from frank(
        "Please send me the {n} least confident nodule findings from 2026, thank you",
        _nod_rows(where=in_year(2026)),
        lambda f: f["confidence"],
        3,
    )


def stats(rng: random.Random) -> Rows:
    fam = "aggregates"

    def first_share(*candidates: tuple[str, int, int]) -> Rows:
        for question, part, whole in candidates:
            value = _share(part, whole)
            if value is not None:
                yield _q(fam, question, "value", value)
                return
            LEFT_OUT.append(question)

    yield _q(fam, "mean nodule diameter, mm", "value", _mean_field(_nod_rows(), "diameter_mm"))
    yield _q(
        fam,
        "ground glass nods: median hounsfield value",
        "value",
        _median_field(_nod_rows(GGN), "mean_hu"),
    )
    yield _q(
        fam,
        "avg vol of solid nodules in cc",
        "value",
        _mean_field(_nod_rows(SOLID), "volume_mm3", 1000),
    )
    low = [s for s in studies() if ldct(s)]
    yield _q(
        fam,
        "screening exams: on average, how many nods per exam",
        "value",
        mean_of([len(nods(s)) for s in low]),
    )
    women = [p for p in pats() if p["sex"] == "F"]
    yield from first_share(("what % of patients are female", len(women), len(pats())))
    y25 = [s for s in studies() if ldct(s) and in_year(2025)(s)]
    yield from first_share(
        (
            "Morning! What percent of 2025 ldcts had a spiculated nodule? Cheers, Tom",
            sum(nod(margin("spiculated"))(s) for s in y25),
            len(y25),
        ),
        (
            "what percent of 2025 ldcts had a calcified nodule",
            sum(nod(calcified)(s) for s in y25),
            len(y25),
        ),
        (
            "what percent of 2025 ldcts had a part-solid nodule",
            sum(nod(PSN)(s) for s in y25),
            len(y25),
        ),
    )
    yield _q(
        fam,
        "ptx findings: avg confidnece score",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield _q(
        fam,
        "masses - meidan long axis, give it in cm",
        "value",
        _median_field(_kind_rows("mass"), "long_axis_mm", 10),
    )
    nrows = _nod_rows()
    yield from first_share(
        (
            "share of nodules that are calcified, %",
            sum(map(calcified, nrows)),
            len(nrows),
        ),
        (
            "share of nodules that are spiculated, %",
            sum(map(margin("spiculated"), nrows)),
            len(nrows),
        ),
        (
            "share of nodules that are lobulated, %",
            sum(map(margin("lobulated"), nrows)),
            len(nrows),
        ),
        ("share of nodules that are part-solid, %", sum(map(PSN, nrows)), len(nrows)),
    )
    yield _q(
        fam,
        "CT01 part-solids: average solid component (mm)",
        "value",
        _mean_field(_nod_rows(PSN, where=at_station("CT01")), "solid_component_mm"),
    )
    yield _q(
        fam,
        "2024 spiculated nods, median size",
        "value",
        _median_field(_nod_rows(margin("spiculated"), where=in_year(2024)), "diameter_mm"),
    )
    S = studies()
    yield from first_share(
        ("pct of all pts whose sex is O", sum(p["sex"] == "O" for p in pats()), len(pats())),
    )
    yield from first_share(
        (
            "what slice of all exams came off DX01, as a %",
            sum(at_station("DX01")(s) for s in S),
            len(S),
        ),
        ("percentage of all studies done at CT01", sum(at_station("CT01")(s) for s in S), len(S)),
        ("percentage of all studies done at CT02", sum(at_station("CT02")(s) for s in S), len(S)),
    )
    h = [s for s in S if head_ct(s)]
    yield from first_share(
        (
            "what fraction of head cts showed a bleed (intracranial hemorrhage), in percent",
            sum(kind("intracranial_hemorrhage")(s) for s in h),
            len(h),
        ),
        ("head cts: % scanned on CT02", sum(at_station("CT02")(s) for s in h), len(h)),
    )
    yield _q(
        fam,
        "data request - average exams per person in the dataset",
        "value",
        mean_of([len(own(p["patient_id"])) for p in pats()]),
    )
    yield _q(
        fam,
        "average diamater of ground glass nodules in the LLL",
        "value",
        _mean_field(_nod_rows(GGN, in_lobe("LLL")), "diameter_mm"),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    emph, lad, cac = says("emphysema"), says("lymphadenopathy"), says("coronary")
    yield _q(
        fam,
        "ldcts from 2024 whose report says emphysema",
        "study",
        sids(ldct, in_year(2024), emph),
    )
    yield _q(
        fam,
        "CT01, 2026: reports explicitly negative for lymphadenopathy",
        "study",
        sids(at_station("CT01"), in_year(2026), denies("lymphadenopathy")),
    )
    yield from ask(
        fam,
        "pts w coronary artery calcification + a solid nodule > 10mm",
        "patient",
        pids(cac, nod(SOLID, gt("diameter_mm", 10))),
        history(each_on_some(cac, nod(SOLID, gt("diameter_mm", 10)))),
    )
    yield _q(
        fam,
        "any exam where the report text has a granuloma in it",
        "study",
        sids(says("granuloma")),
    )
    yield _q(
        fam,
        "no emphysema, lr 4a ldcts",
        "study",
        sids(ldct, neg(emph), cat_in("4A")),
    )
    yield _q(
        fam,
        "contrast chest cts whose report documents no emphysema",
        "study",
        sids(with_contrast, denies("emphysema")),
    )
    yield _q(
        fam,
        "lymphadenopathy described but w/o any emphysema - studies",
        "study",
        sids(lad, neg(emph)),
    )
    yield _q(
        fam,
        "Good afternoon, how many reports mention coronary calcification? Regards, Femi",
        "count",
        count(cac),
    )
    yield _q(
        fam,
        "Can you show me the women whose reports mention emphysema?",
        "patient",
        pids(sex_is("F"), emph),
    )
    yield _q(
        fam,
        "pts w lymphadenopahty in the report but never a mass",
        "patient",
        history(some_but_never(lad, kind("mass"))),
    )
    yield _q(
        fam,
        "2026 scans: spiculated nod or emphysema",
        "study",
        sids(in_year(2026), either(emph, nod(margin("spiculated")))),
    )
    yield from ask(
        fam,
        "male pts older than 65 whose report shows coronary artery calcification",
        "patient",
        *aged(both_(sex_is("M"), _age_over(65)), cac),
    )
    yield _q(
        fam,
        "ct chest w/o contrast w emphysmea",
        "study",
        sids(non_contrast_chest, emph),
    )
    yield _q(
        fam,
        "female pts whose reports are negative for emphysema",
        "patient",
        pids(sex_is("F"), denies("emphysema")),
    )
    yield _q(
        fam,
        "Good morning, could you list the studies whose report documents lymphadenopathy "
        "along with a part-solid nodule? Many thanks, Priya",
        "study",
        sids(lad, nod(PSN)),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"

    def g_sids(
        g: float = 1.5, inclusive: bool = False, *extra: Test, ft: tuple = ()
    ) -> list[list[str]]:
        return [sids(*extra, fstudy(r, *ft)) for r in grew_readings(g, inclusive)]

    def g_pids(
        g: float = 1.5, inclusive: bool = False, *extra: Test, ft: tuple = ()
    ) -> list[list[str]]:
        return [pids(*extra, fstudy(r, *ft)) for r in grew_readings(g, inclusive)]

    yield from ask(
        fam, "2026 exams w nodules that are growing", "study", *g_sids(1.5, False, in_year(2026))
    )
    yield from ask(
        fam, "patients whose nodules grew more than three millimeters", "patient", *g_pids(3.0)
    )
    yield from ask(
        fam,
        "new nodules in 2026 ldcts",
        "study",
        sids(ldct, in_year(2026), fstudy(new(False))),
        sids(ldct, in_year(2026), fstudy(new(True))),
    )
    yield from ask(
        fam,
        "Hi, could you pull stable nodules scanned at CT02? Thanks so much, Aiko",
        "study",
        *[
            sids(at_station("CT02"), fstudy(stable(r, m)))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        fam,
        "nodules that grew by at least 2 mm in the LLL",
        "study",
        *g_sids(2.0, True, ft=(in_lobe("LLL"),)),
    )
    yield from ask(
        fam,
        "female pts whose nod grew 3mm or more",
        "patient",
        *g_pids(3.0, True, sex_is("F")),
    )
    yield from ask(
        fam,
        "pts with 3+ scans and never any growing nodule",
        "patient",
        *[
            history(lambda m, r=r: len(m) >= 3 and not any(fstudy(r)(s) for s in m))
            for r in grew_readings()
        ],
    )
    yield from ask(
        fam,
        "new nodule (masses excluded) - exam count",
        "count",
        count(fstudy(new(False))),
    )
    yield from ask(
        fam,
        "soild nodules that grew, lr 4b",
        "study",
        *g_sids(1.5, False, cat_in("4B"), ft=(SOLID,)),
    )
    yield from ask(
        fam,
        "interval growth >1.5 mm since prior on ldcts at CT01",
        "study",
        *g_sids(1.5, False, ldct, at_station("CT01")),
    )
    yield from ask(
        fam,
        "new spiculated nodules not masses",
        "study",
        sids(fstudy(new(False), margin("spiculated"))),
    )
    yield from ask(
        fam,
        "ggns that stayed stable, 2025 scans",
        "study",
        *[
            sids(in_year(2025), fstudy(stable(r, m), GGN))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        fam,
        "list the lesion findings with >3 mm growth",
        "finding",
        *[fids(r) for r in grew_readings(3.0)],
    )
    yield from ask(
        fam,
        "same exam showed emphysema and a new nodule - pts",
        "patient",
        pids(fstudy(new(False)), says("emphysema")),
        pids(fstudy(new(True)), says("emphysema")),
    )
    yield from ask(
        fam,
        "How many patients had a nodule grow by more than 4 millimetres between scans?",
        "count",
        *[len(x) for x in g_pids(4.0)],
    )


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    yield from ask(
        fam, "men over 75 with a ggn", "patient", *aged(both_(sex_is("M"), _age_over(75)), nod(GGN))
    )
    yield from ask(fam, "pts fifty to sixty w ldcts", "patient", *aged(age_in(50, 60), ldct))
    yield from ask(
        fam,
        "female pts in their 70s who had a head ct",
        "patient",
        *aged(both_(sex_is("F"), age_in(70, 79)), head_ct),
    )
    mass_p = [ref.cohort()[0][p] for p in pids(kind("mass"))]
    yield _q(
        fam,
        "Hello Dr. Lee, could I get a sex breakdown of patients with a mass? Many thanks, Sofia",
        "groups",
        _groups(mass_p, lambda p: p["sex"]),
    )
    yield _q(fam, "female patient total", "count", sum(p["sex"] == "F" for p in pats()))
    yield _q(fam, "pts with sex O and a nodule", "patient", pids(sex_is("O"), nod()))
    spic = [ref.cohort()[0][p] for p in pids(nod(margin("spiculated")))]
    yield _q(
        fam,
        "M vs F pts with spiculated nodules",
        "groups",
        _groups([p for p in spic if p["sex"] in ("M", "F")], lambda p: p["sex"]),
    )
    yield from ask(fam, "under 40 w chest ct", "patient", *aged(_age_under(40), chest_ct))
    yield from ask(
        fam,
        "Which patients were 85 or older at the time of a scan?",
        "patient",
        *aged(lambda s: ref.age(s) >= 85),
    )
    yield _q(
        fam,
        "pts born 1960-1965 with lr 4x",
        "patient",
        sorted(set(pids(cat_in("4X"))) & set(born("1960-01-01", "1965-12-31"))),
    )
    yield _q(
        fam,
        "how many male pts had a pneumothorax",
        "count",
        len(pids(sex_is("M"), kind("pneumothorax"))),
    )
    yield from ask(
        fam,
        "people aged 65 or older at scan w emphysema",
        "patient",
        *aged(lambda s: ref.age(s) >= 65, says("emphysema")),
    )
    yield from ask(
        fam,
        "women 55-65 w ggn",
        "patient",
        *aged(both_(sex_is("F"), age_in(55, 65)), nod(GGN)),
    )
    yield from ask(
        fam,
        "pts younegr than 45 with nodules",
        "patient",
        *aged(_age_under(45), nod()),
    )
    ppl = [p for p in pats() if any(map(cxr, own(p["patient_id"])))]
    yield _q(
        fam,
        "chest x-ray patients split by sex",
        "groups",
        _groups(ppl, lambda p: p["sex"]),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield _q(fam, "radiographs from DX01 in 2025", "study", sids(at_station("DX01"), in_year(2025)))
    yield _q(fam, "ctpa w consolidation", "study", sids(cta, kind("consolidation")))
    rows = [s for s in studies() if in_year(2024)(s)]
    yield _q(
        fam,
        "Hi Jen, study count by station for 2024 please, for the budget review. Thanks, Mark",
        "groups",
        _groups(rows, lambda s: s["station"]),
    )
    yield _q(
        fam,
        "head cts w hemorrhage at CT02",
        "study",
        sids(head_ct, at_station("CT02"), kind("intracranial_hemorrhage")),
    )
    yield _q(
        fam,
        "Which chest CTs done with contrast showed a mass?",
        "study",
        sids(with_contrast, kind("mass")),
    )
    yield _q(
        fam,
        "CT vs DX exam counts, whole dataset",
        "groups",
        _groups(studies(), lambda s: s["modality"]),
    )
    yield _q(
        fam,
        "ct chest w/o contrast studies with nodules over 10 mm",
        "study",
        sids(non_contrast_chest, nod(gt("diameter_mm", 10))),
    )
    yield _q(fam, "CT01 pe scan count", "count", count(cta, at_station("CT01")))
    yield _q(
        fam, "chest radiogrpahs showing a pneumothorax", "study", sids(cxr, kind("pneumothorax"))
    )
    rows = [s for s in studies() if in_year(2026)(s)]
    yield _q(
        fam, "2026 exams, count per body part", "groups", _groups(rows, lambda s: s["body_part"])
    )
    rows = [s for s in studies() if ldct(s) and quarter(2025, 3)(s)]
    yield _q(
        fam,
        "q3 2025 screening ldcts, CT01 vs CT02 how many each",
        "groups",
        _groups(rows, lambda s: s["station"]),
    )
    yield _q(
        fam,
        "anyone who got a ctpa as well as a chest ct w/o contrast",
        "patient",
        history(each_on_some(cta, non_contrast_chest)),
    )
    yield _q(
        fam,
        "everything on see tee zero one during march twenty twenty six",
        "study",
        sids(at_station("CT01"), dated("2026-03-01", "2026-03-31")),
    )
    yield _q(
        fam,
        "Hello, how many CT ANGIO CHEST PE studies were done in 2023? Thanks, Omar",
        "count",
        count(cta, in_year(2023)),
    )
    yield _q(
        fam,
        "diagnostic chest cts (not screening) with lr 4a",
        "study",
        sids(chest_ct, neg(ldct), cat_in("4A")),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield _q(
        fam,
        "right middle lobe nods over 5mm",
        "study",
        sids(nod(in_lobe("RML"), gt("diameter_mm", 5))),
    )
    yield _q(
        fam,
        "exams showing a ground-glass nodule down in the left lower lobe",
        "study",
        sids(nod(GGN, in_lobe("LLL"))),
    )
    rows = _nod_rows(where=in_year(2025))
    yield _q(
        fam,
        "Dear all, nodule counts by lobe for 2025, please. Kind regards, Elif",
        "groups",
        _groups(rows, lambda f: f["lobe"]),
    )
    rows = _nod_rows(in_lobe("RUL", "LUL"))
    yield _q(
        fam, "nodule totals, RUL compared with LUL", "groups", _groups(rows, lambda f: f["lobe"])
    )

    def only_rll(s: Row) -> bool:
        n = nods(s)
        return bool(n) and all(f["lobe"] == "RLL" for f in n)

    yield _q(
        fam, "screening cts with every nodule located in the RLL", "study", sids(ldct, only_rll)
    )
    yield _q(
        fam,
        "uper lobe solid nodules ≥ 12 mm",
        "study",
        sids(nod(SOLID, in_lobe("RUL", "LUL"), ge("diameter_mm", 12))),
    )
    yield _q(
        fam,
        "left lung nodules 6-8mm",
        "study",
        sids(nod(in_lobe("LUL", "LLL"), within("diameter_mm", 6, 8))),
    )
    yield _q(
        fam,
        "How many nodules have been recorded in the right middle lobe altogether?",
        "count",
        len(_nod_rows(in_lobe("RML"))),
    )
    yield _q(fam, "rll or lll psn", "study", sids(nod(PSN, in_lobe("RLL", "LLL"))))
    yield _q(
        fam,
        "spicualted nodules in the right lung, women",
        "study",
        sids(sex_is("F"), nod(margin("spiculated"), in_lobe("RUL", "RML", "RLL"))),
    )
    rows = _nod_rows(margin("spiculated"))
    yield _q(fam, "lobe breakdown of spiculated nods", "groups", _groups(rows, lambda f: f["lobe"]))
    got = _ranked(_nod_rows(in_lobe("RUL")), lambda f: -f["diameter_mm"], "finding_id", 3)
    if got:
        yield _q(fam, f"RUL: the {got[0]} biggest nods by diameter", "finding", got[1])
    yield _q(fam, "calcified LUL nodules, pts", "patient", pids(nod(calcified, in_lobe("LUL"))))
    yield _q(
        fam,
        "rihgt upper lobe nodules at least 1 cm on ldct",
        "study",
        sids(ldct, nod(in_lobe("RUL"), ge("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "Dear team, which patients had a ground-glass nodule in the right middle lobe in 2026? "
        "Best, Lena",
        "patient",
        pids(in_year(2026), nod(GGN, in_lobe("RML"))),
    )


def features(rng: random.Random) -> Rows:
    fam = "features"
    yield _q(
        fam,
        "spiculated solid nodules > 8mm at CT01",
        "study",
        sids(at_station("CT01"), nod(SOLID, margin("spiculated"), gt("diameter_mm", 8))),
    )
    yield _q(fam, "calcified nodules 2023", "study", sids(in_year(2023), nod(calcified)))
    yield _q(
        fam,
        "solid, not calcified, ≥ 15mm nods",
        "study",
        sids(nod(uncalcified, SOLID, ge("diameter_mm", 15))),
    )
    yield _q(
        fam, "lobualted ggns in men", "study", sids(sex_is("M"), nod(GGN, margin("lobulated")))
    )
    yield _q(fam, "subsolid nodules with lr 4a", "study", sids(cat_in("4A"), nod(subsolid)))
    rows = _nod_rows(SOLID)
    yield _q(
        fam,
        "Hi there, can you send a margin breakdown of the solid nodules? Thank you, Raj",
        "groups",
        _groups(rows, lambda f: f["margin"]),
    )
    rows = _nod_rows(where=in_year(2026))
    yield _q(
        fam,
        "2026 nodule counts per attenuation",
        "groups",
        _groups(rows, lambda f: f["attenuation"]),
    )
    yield _q(
        fam,
        "psns w solid comp over 5 mm",
        "study",
        sids(nod(PSN, gt("solid_component_mm", 5))),
    )
    yield from ask(
        fam,
        "smooth nodules in women over 60",
        "patient",
        *aged(both_(sex_is("F"), _age_over(60)), nod(margin("smooth"))),
    )
    rows = _nod_rows(lambda f: f["margin"] in ("spiculated", "lobulated"))
    yield _q(
        fam,
        "count of spiculated nods vs count of lobulated nods",
        "groups",
        _groups(rows, lambda f: f["margin"]),
    )
    yield _q(
        fam, "how many calcified nods in the db altogether", "count", len(_nod_rows(calcified))
    )
    yield _q(fam, "spiculated part solid nod scans", "study", sids(nod(PSN, margin("spiculated"))))
    yield _q(
        fam,
        "ground glass smooth > 10 mm",
        "study",
        sids(nod(GGN, margin("smooth"), gt("diameter_mm", 10))),
    )
    yield _q(fam, "calcfied nods at CT02", "study", sids(at_station("CT02"), nod(calcified)))
    yield _q(
        fam,
        "which pts ever had a ground glass nodule with spiculated margins",
        "patient",
        pids(nod(GGN, margin("spiculated"))),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    four = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) == 4]
    p1 = pick(rng, four)
    yield _q(fam, f"days between {p1}'s first and last study", "value", float(_span(p1)))
    yield _q(
        fam,
        "Hello, what is the mean number of days between consecutive studies of a patient? "
        "Best wishes, Noor",
        "value",
        mean_of(_gaps(ALL)),
    )
    yield _q(fam, "days between a pt's successive ldcts, median", "value", median_of(_gaps(ldct)))
    yield from ask(
        fam,
        "follow-up period longer than 30 months - which pts",
        "patient",
        _followed_months(30, False),
    )
    yield from ask(
        fam,
        "pts followed up for at least a year and a half",
        "patient",
        _followed_months(18, True),
    )

    def repeat_within(m: list[Row], test: Test, months: int) -> bool:
        mine = [s for s in m if test(s)]
        return any(
            b["study_date"] <= months_on(a["study_date"], months)
            for a, b in itertools.pairwise(mine)
        )

    yield from ask(
        fam,
        "pts who got a follow-up ldct within 11 mo of the previous one",
        "patient",
        history(lambda m: repeat_within(m, ldct, 11)),
    )
    yield _q(
        fam,
        "pts with two back to back scans under 330 days apart",
        "patient",
        history(
            lambda m: any(
                days_between(a["study_date"], b["study_date"]) < 330
                for a, b in itertools.pairwise(m)
            )
        ),
    )
    p2 = pick(rng, [p for p in four if p != p1])
    yield _q(fam, f"{p2} f/u span in days, first to latest scan", "value", float(_span(p2)))
    spans = [_span(p["patient_id"]) for p in pats()]
    yield _q(
        fam,
        "avg folow-up span in days for pts with 2+ scans",
        "value",
        mean_of([x for x in spans if x is not None]),
    )
    p3 = pick(rng, [p for p in four if p not in (p1, p2)])
    a, b = own(p3)[0], own(p3)[2]
    yield _q(
        fam,
        f"how many days between acc {a['accession']} and {b['accession']}",
        "value",
        float(days_between(a["study_date"], b["study_date"])),
    )
    yield from ask(
        fam,
        "Hi, which pts had their latest scan more than 2 years after their first? thanks, Gabe",
        "patient",
        _followed_months(24, False),
        history(lambda m: days_between(m[0]["study_date"], m[-1]["study_date"]) > 730),
    )
    yield _q(
        fam,
        "max days a pt waited between back-to-back ldcts",
        "value",
        float(max(_gaps(ldct))),
    )
    yield _q(
        fam,
        "shortest interval between consecutive studies, in days",
        "value",
        float(min(_gaps(ALL))),
    )
    p4 = pick(rng, [p for p in pats() if sum(map(ldct, own(p["patient_id"]))) >= 3])["patient_id"]
    yield _q(
        fam,
        f"{p4} screening ct #1 to most recent screening ct, days elapsed",
        "value",
        float(_span(p4, ldct)),
    )
    yield _q(
        fam,
        "median number of days from first to last study among patients with 3 or more studies",
        "value",
        median_of([_span(p["patient_id"]) for p in pats() if len(own(p["patient_id"])) >= 3]),
    )


def extra(rng: random.Random) -> Rows:
    """Questions added after the first draft to even out the families and the groups."""
    y23 = [s for s in studies() if ldct(s) and in_year(2023)(s)]
    yield from ask(
        "lung_rads",
        "2023 ldcts: pct landing in lung-rads cat 2",
        "value",
        _share(sum(cat_in("2")(s) for s in y23), len(y23)),
    )
    y26 = [s for s in studies() if ldct(s) and dated("2026-01-01", AS_OF)(s)]
    yield _q(
        "lung_rads", "lr category counts, ldcts so far this year", "groups", _groups(y26, category)
    )
    x4 = [s for s in studies() if cat_in("4X")(s) and ref.sex(s) in ("M", "F")]
    yield _q(
        "lung_rads",
        "4X scans - men vs women",
        "groups",
        _groups(x4, ref.sex),
    )
    yield _q(
        "aggregates",
        "median vol (mm3) of part-solid nodules",
        "value",
        _median_field(_nod_rows(PSN), "volume_mm3"),
    )
    yield _q(
        "aggregates",
        "avg mean HU, solid nodules, CT02 scans",
        "value",
        _mean_field(_nod_rows(SOLID, where=at_station("CT02")), "mean_hu"),
    )
    h = [s for s in studies() if head_ct(s)]
    yield _q(
        "modality",
        "head ct tally for each scanner",
        "groups",
        _groups(h, lambda s: s["station"]),
    )
    y23s = [s for s in studies() if in_year(2023)(s)]
    yield _q(
        "dates",
        "2023 exams broken down by modality",
        "groups",
        _groups(y23s, lambda s: s["modality"]),
    )
    rows = [f for f in findings() if head_ct(study_of(f)) or cta(study_of(f))]
    yield _q(
        "counts",
        "finding tally by kind on ct angios and head cts",
        "groups",
        _groups(rows, lambda f: f["kind"]),
    )
    rows = _nod_rows(in_lobe("RUL"))
    yield _q(
        "features",
        "split the right upper lobe nods by solid / part-solid / ground glass",
        "groups",
        _groups(rows, lambda f: f["attenuation"]),
    )
    ppl = [p for p in pats() if any(ldct(s) and in_year(2026)(s) for s in own(p["patient_id"]))]
    yield _q(
        "demographics",
        "sex mix of patients screened in 2026",
        "groups",
        _groups(ppl, lambda p: p["sex"]),
    )
    rows = [s for s in studies() if says("emphysema")(s)]
    yield _q(
        "reports",
        "emphysema reports per statoin",
        "groups",
        _groups(rows, lambda s: s["station"]),
    )
    grow = [
        {"patient_id": p["patient_id"], "k": -sum(len(nods(s, GGN)) for s in own(p["patient_id"]))}
        for p in pats()
    ]
    got = _ranked(grow, lambda r: r["k"], "patient_id", 3)
    if got:
        yield _q("rankings", f"{got[0]} pts carrying the largest number of ggns", "patient", got[1])
    yield from ask(
        "growth",
        "lesions that grew, broken out by lobe",
        "groups",
        *[_groups([f for f in findings() if r(f)], lambda f: f["lobe"]) for r in grew_readings()],
    )
    yield _q(
        "intervals",
        "mean gap in days between a patient's consecutive chest x-rays",
        "value",
        mean_of(_gaps(cxr)),
    )
    yield _q(
        "set_logic",
        "pts w a calcified nodule and never any lr 4",
        "patient",
        history(some_but_never(nod(calcified), cat_in(*LR4))),
    )


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
    extra,
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
    print(f"{PART}: {len(items)} questions")
    print(Counter(i.family for i in items))
    print("LEFT_OUT:", LEFT_OUT)
