"""Held-out part 58 of the question bank: cohort questions typed as everyone who asks types them.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to
it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
phrasings), the "Conventions" section of ``docs/query.md`` (up to "One model version") and its
"Reports" section up to "How well it reads" (not the reader's measurements nor the lists of
misses, fixes and limits), :mod:`question_bank` (the :class:`Item` type, its helpers and its
scoring function ``_matches``, for the form of a "value" or "groups" answer),
:mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of the cohort,
imported here), and ``bank_fresh_41.py`` for its format, module docstring and helper functions
only, not its questions. The reader's code (``query/``), ``appliance/``, the tests
(``test_*.py``), ``family_reading.py`` and the other parts' questions were not opened, and the
engine was never run on these questions: they were frozen (committed) before any was put to it,
and none is to be changed to suit it afterwards. Their texts were compared with
``dev_queries.jsonl``, with parts 22 to 55 (loaded through their ``bank()``, never read), with
every question of ``question_bank.bank()`` and ``question_bank.ungated_bank()``, and with parts
56, 57 and 59 as they stood on their branches (``s27-p56``, ``s27-p57``, ``s27-p59``; loaded
and compared programmatically, never read): 20,039 questions in all, by a throwaway script that
printed only this part's matches (word for word after lower-casing and dropping punctuation, or
a word overlap of 75 % or more of the longer question). 94 matched (14 word for word) and were
reworded, most by the opening a QA or registry desk types before its question ("QA audit
request:", "for the department review -", "spot check for the audit:", "registry question:",
...), which changes no answer; 2 rewordings matched again and were reworded again; none is
left, and no question of this part overlaps another of it (:func:`bank` refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 249 in all): identifiers
[16] (a patient's studies, a patient's number of studies, an accession's patient, every finding
of an accession, the nodule findings of a study UID, a latest exam, a baseline screening CT, two
accessions' patients, an accession's nodules over 6 mm, a UID's patient asked in an e-mail, the
findings of a UID counted, a patient's largest nodule ever, a patient's chest CTs "from 2025
onwards", a patient's nodule findings counted, two patients' studies, a patient's exams of
Lung-RADS 3 or worse); dates [18] (a quarter, "since <month>", a month range, an ISO range,
births before a year, a decade of birth, the last 6 months and the past 30 days, "this year",
"2023 or earlier", "before 1 march 2023", "the first half of 2025", births "on or after", one
day, a month, a half-year range pasted in an e-mail, "last year", a birth year said aloud);
numbers [16] (under a centimetre, HU ranges and bounds, "minus five hundred hounsfield",
confidence at most .55, solid component, "bigger than 3 cm", volume in cc and mm3, long and
short axis, a cm range, "eleven point five millimetres", ages "in their 70s", "at most 4 mm", a
size range with a confidence); counts [16] (exactly three and exactly one nodule, 4+ studies,
"scanned exactly twice", more than 4 on a single CT, 3+ LDCTs counted, 2+ head CTs, one nodule
on 4+ scans, no findings at all, fewer than 2 nodules, at least 5 findings, 2+ LDCTs within a
year, more than one chest x-ray, exactly 1 study, exactly two ggns, 3+ LDCTs with a spiculated
nodule); set logic [16] ("but never", "never had", a sex and "never", report concept and never a
nodule, "both ... exam(s)", "either ... or", no CT at all, two lobes on one CT, one station but
never the other, two report concepts, "same scan or not", "never above", "excluding anyone
who", a finding and never a nodule, two attenuations on one scan); Lung-RADS [18] (a category
said aloud, worst ever, breakdowns of a year's and a quarter's LDCTs, "4A or higher" in an
e-mail, up since the previous exam, "from 2 straight to 4a", Lung-RADS against size (category 2
with a nodule of 15 mm or more, 4X nodule findings under 8 mm, nodules over 20 mm on studies
scored only 2 or 3), "3 vs 4a", "4A at some point but never 4B or 4X", category 1 this year, a
share of a year's LDCTs, a category on two or more scans, a patient count, "2 or better", "peak
... across all their exams"); rankings and top-N [16] (largest nodules, oldest and youngest
patients, most recent head CTs and x-rays, lowest-HU ggns, patients by nodules and by ggns,
largest volume, earliest LDCTs at a station, the largest mass, consolidations and
pneumothoraces by confidence, solid component, long axis); aggregates and percentages [18]
(means and medians of diameter, HU, volume in cc and mm3, confidence, long axis, solid
component, diameter in cm; nodules per LDCT and findings per CT angiogram; shares of a quarter's
studies at a station, of an attenuation's nodules with a margin, of a lobe's solid and of a
lobe's part-solid nodules); report concepts with negation [16] (emphysema, lymphadenopathy,
"enlarged lymph nodes", coronary artery calcification; "negative for", "says there is no",
"without ... in the report", "document no", "denies ... yet", "state no",
patient counts, concepts beside a finding or a category on one study, "lymphadenopthy",
"emphysma"); growth / new / stable [16] (grown since the previous scan, more than 3 and 4 mm,
at least 2 mm, growing ggns, part-solid and lll nodules, growing findings, new nodules in a
year, new solid nodules of 6 mm or more, new ggns counted, stable nodules in a lobe and stable
spiculated nodules, growth on a 4X scan, never any growth); demographics [16] (ages with sex,
kinds of study and findings, "in their fifties", "80+ year olds", "under-40s", age ranges, sex
"other", sex counts, a sex breakdown of patients with a finding, men vs women LDCTs, a birth year
said aloud); modality / description / station [19] (per-station counts of all exams, LDCTs, 4X
LDCTs, contrast chest CTs and head CTs; a description quoted; description and modality
breakdowns; "ctpa", "pe cts", "ct angiograms"; non-contrast and diagnostic chest CTs; x-rays
with a finding; a station's count for a year and, in an e-mail, a quarter); lobes [16] (lobes by
abbreviation and name, per-lobe breakdowns of all, spiculated and calcified nodules, "rul vs
lul", left and right lung, upper lobes, both lower lobes on one CT); attenuation / margin /
calcification [18] (spiculated, lobulated, smooth, calcified and not, subsolid, psn, ggn,
breakdowns by margin and attenuation, "ggn vs part-solid", pneumothoraces left vs right, "all of
them calcified", "without spiculation"); intervals [14] (days first to latest study and LDCT of
one patient, days between two accessions, mean, median, longest and shortest gaps between
consecutive studies, follow-up over 24 months, at least 18 months and at least 400 days, an
LDCT repeated within 310 days, first to second study, a patient's mean chest-CT gap).

The styles are mixed in roughly equal shares: a radiologist's shorthand ("nods", "psn", "ggns",
"lr", "w/", "pts", "acc", "ctpa"), a nurse's or clinician's full sentences ("Can you find the
women who have never had ...?"), a screening coordinator's Lung-RADS over time ("went from
lung-rads 2 straight to 4a", "peak ... across all their exams"), a manager's counts per station,
quarter and month, a data scientist's ranges, means, medians and shares, search-box keywords
("middle lobe psn", "station ct01 ggns"), dictated numbers ("lung rads four b", "nineteen
sixty two", "eleven point five millimetres", "minus five hundred hounsfield", "twenty twenty
four") and questions pasted in an e-mail with a greeting and a sign-off (ten). Leaning to a
quality-assurance radiologist auditing reports and findings: what reports affirm or deny,
report concepts beside findings and categories, Lung-RADS against size, studies by accession and
UID, audit counts per station and description. 30 questions (about one in eight) carry a
hurried typist's slip ("borm", "betwen", "exatcly", "efusion", "lungrads", "patiens",
"paitents", "avrage", "emphysma", "lymphadenopthy", "grwoing", "pateints", "pnuemothorax",
"rigth", "rihgt", "calcifed", "findigns", "stuides", "noduels", "spiculatd", "reprots",
"previuos", "meidan", "perfomed", "lagrer", "nevr", "scaned", "confidance", "staton",
"nodlue"); their answers are what they plainly mean. About one in five asks about groups (24
breakdowns and comparisons, 16 rankings, 5 shares).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions, UIDs, a day, a quarter, months and HU bounds; a ranking's number is the first from
the one written whose boundary has no tie, a percentage the first of a list of candidates that
is neither 0 nor 100 % and lies within 0.005 of a tenth. Expected answers are computed here in
plain Python with the documented conventions written out by hand. Where the conventions do not
settle a reading the question is asked only when the competing readings give the same answer
(:func:`ask`; ``LEFT_OUT`` lists any that do not as the bank is built, and is empty for this
seed): the first day of "the last 6 months" and "the past 30 days"; an age (with a sex) and
another condition on one study or each on some study; a track that was a mass from its first
study counted or not as a new, stable or growing nodule or on a nodule's N scans, and a change
in floating point or to 0.1 mm; "screening pts never above lung-rads 2" over all their studies
or only their LDCTs; "from 2 straight to 4a on the next scan" as the previous categorised study
or the study just before; follow-up "more than 24 months" as calendar months or 730 / 731 days.
Drafts replaced before freezing because their readings disagreed: "the N least confident nodule
findings" (tied at every boundary; asked of pneumothoraces), "new nodules in 2025" and "new
ground glass nodules" (the mass-from-start track; asked of 2026 and of 2024), "3 years or more
of follow-up" and "a year or more of follow-up" (calendar years or 365 / 366 days; asked as "at
least 400 days"). Drafts whose answers were empty by accident were replaced: "findings with
confidence under 0.55" (none: asked as ".55 or lower"), "three or more chest CTs and a head
CT", "both a ct angiogram and a low-dose screening ct", "lung-rads dropped vs the previous
scan" (no category ever went down), "head cts with coronary artery calcification", "chest
x-rays with consolidation", "lul part-solid nodules with a solid component over 5 mm",
"calcified lobulated nodules" (every calcified nodule is smooth), "ldct repeated within 300
days" (no gap under 307 days). Share drafts whose every candidate fell off a tenth were
dropped or redrawn: a year's studies at a station (asked of a quarter), a lobe's spiculated
nodules (asked as solid), a birth decade's women and a year's LDCT reports mentioning emphysema
(dropped). Readings taken: "ldct", "low dose ct" and "screening ct" are the
CT CHEST LOW DOSE LUNG SCREENING studies; "ct angiograms", "ctpa", "ct pulmonary angiograms"
and "pe cts" the CT ANGIO CHEST PE studies; "chest x-rays", "cxrs" and "radiographs" the DX
studies; "diagnostic (non-screening) chest cts" the chest CTs that are not LDCTs; "contrast-
enhanced chest cts" CT CHEST W CONTRAST; "biggest" and "largest" by mean diameter; a breakdown
or comparison of nodules counts nodule findings, of studies or LDCTs studies, of patients
patients; a Lung-RADS breakdown lists only the categories that occur; "men vs women" leaves out
the third sex, "men, women, other" keeps it; "left vs right" pneumothoraces count those with a
side; "nodule findings graded lung-rads 4X" is the finding's own category, "studies scored
only lung-rads 2 or 3" the study's; "reports negative for / that say there is no / document no
/ state no / denies X" are the denied reading, "without X in the report" no affirmed mention;
a gap "between consecutive ldcts" is between one patient's LDCTs; "repeated within 310 days"
includes the 310th day (no gap is exactly 310); "nodules between 6 and 8 mm with confidence of at
least .9" is one nodule with both. No answer is empty.

Scored alone with ``python tests/query/question_bank.py --part held_out_58 -v`` once wired in.
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
    MONTH,
    FTest,
    Rows,
    aged,
    agreed,
    any_ct,
    at_station,
    att,
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
    fids,
    findings,
    fo,
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
    lesion,
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

PART = "held_out_58"
SEED = 5858

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


def _span_days(pid: str, test: Test) -> int | None:
    mine = [s for s in own(pid) if test(s)]
    if len(mine) < 2:
        return None
    return days_between(mine[0]["study_date"], mine[-1]["study_date"])


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


def _consecutive_gaps(test: Test) -> list[int]:
    gaps: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        pairs = itertools.pairwise(mine)
        gaps.extend(days_between(a["study_date"], b["study_date"]) for a, b in pairs)
    return gaps


def _first_share(*candidates: tuple[str, int, int]) -> tuple[str, float] | None:
    """The first (question, percentage) of the candidates whose percentage the bank can score."""
    for question, part, whole in candidates:
        value = _share(part, whole)
        if value is not None:
            return question, value
    return None


def _fcount(*tests: FTest, where: Test = lambda s: True) -> int:
    return len(fids(*tests, where=where))


def _acc(s: Row) -> str:
    return str(s["accession"])


def _pid(s: Row) -> str:
    return str(s["patient_id"])


ALL: Test = lambda s: True  # noqa: E731
LR4 = ("4A", "4B", "4X")
NOD: FTest = is_nodule


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    multi = _pool(lambda p: len(own(p)) >= 3)
    p1, p2, p3, p4, p5 = (pick(rng, multi) for _ in range(5))
    yield _q(fam, f"{p1} - every exam we hold, oldest first", "study", _uid_all(p1))
    yield _q(
        fam,
        f"{p2}: total imaging studies on the PACS, a number please",
        "count",
        len(own(p2)),
    )
    s1 = pick(rng, studies())
    yield _q(fam, f"acc {_acc(s1)} -> whose study is that", "patient", [_pid(s1)])
    busy = [s for s in studies() if len(fo(s)) >= 3]
    s2 = pick(rng, busy)
    yield _q(
        fam,
        f"QA audit of accession {_acc(s2)}: list every finding recorded under it",
        "finding",
        sorted(f["finding_id"] for f in fo(s2)),
    )
    s3 = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield _q(
        fam,
        f"for the department review - nodule findings on study instance uid {s3['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in nods(s3)),
    )
    yield _q(fam, f"{p3} latest exam", "study", _uid(_latest(p3, ALL)))
    lpool = _pool(lambda p: _count_in(p, ldct) >= 2)
    p6 = pick(rng, lpool)
    yield _q(
        fam,
        f"quick one please: which was the baseline screening ct for {p6}?",
        "study",
        _uid(_first(p6, ldct)),
    )
    a, b = rng.sample([s for s in studies()], 2)
    yield _q(
        fam,
        f"which patients own accessions {_acc(a)} and {_acc(b)}",
        "patient",
        sorted({_pid(a), _pid(b)}),
    )

    def mixed(s: Row) -> bool:
        ds = [f["diameter_mm"] for f in nods(s)]
        return any(d > 6 for d in ds) and any(d <= 6 for d in ds)

    s4 = pick(rng, [s for s in studies() if mixed(s)])
    yield _q(
        fam,
        f"accession {_acc(s4)}: which of its nodules measure over 6 mm?",
        "finding",
        sorted(f["finding_id"] for f in nods(s4, gt("diameter_mm", 6))),
    )
    s5 = pick(rng, studies())
    yield _q(
        fam,
        "Dear ScanSide team, which patient does study UID "
        f"{s5['study_uid']} belong to? Many thanks, Dr Okafor",
        "patient",
        [_pid(s5)],
    )
    s6 = pick(rng, [s for s in studies() if len(fo(s)) >= 2])
    yield _q(fam, f"number of findings on study {s6['study_uid']}", "count", len(fo(s6)))

    def unique_max(p: str) -> bool:
        ds = sorted((f["diameter_mm"] for s in own(p) for f in nods(s)), reverse=True)
        return len(ds) >= 2 and ds[0] > ds[1]

    p7 = pick(rng, _pool(lambda p: len(own(p)) >= 2 and unique_max(p)))
    big = max((f for s in own(p7) for f in nods(s)), key=lambda f: f["diameter_mm"])
    yield _q(
        fam,
        f"from the QA desk, the biggest nodule {p7} has ever had",
        "finding",
        [big["finding_id"]],
    )
    late = _pool(lambda p: _count_in(p, both_(chest_ct, dated("2025-01-01", AS_OF))) >= 2)
    p8 = pick(rng, late)
    yield _q(
        fam,
        f"show me {p8}'s chest CTs from 2025 onwards",
        "study",
        sids(lambda s: _pid(s) == p8, chest_ct, dated("2025-01-01", AS_OF)),
    )
    yield _q(
        fam,
        f"total nodule findings across all of {p4}'s scans",
        "count",
        sum(len(nods(s)) for s in own(p4)),
    )
    yield _q(fam, f"studies for {p5} and {p1}", "study", sorted(_uid_all(p5) + _uid_all(p1)))
    worse = ("3", *LR4)
    p9 = pick(rng, _pool(lambda p: 1 <= _count_in(p, cat_in(*worse)) < len(own(p))))
    yield _q(
        fam,
        f"for my audit sheet: pt {p9} exams lung-rads 3 or worse",
        "study",
        sids(lambda s: _pid(s) == p9, cat_in(*worse)),
    )


def _next_is(old: str, new_: str) -> Callable[[list[Row]], bool]:
    """A history in which a study of category ``old`` is followed at once by one of ``new_``."""
    return lambda mine: any(
        category(a) == old and category(b) == new_ for a, b in itertools.pairwise(mine)
    )


def _uid_all(pid: str) -> list[str]:
    return sorted(str(s["study_uid"]) for s in own(pid))


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y, q = pick(rng, [(2024, 2), (2024, 3), (2025, 1), (2025, 4), (2023, 3)])
    yield _q(
        fam, f"reviewing our records - head CTs in Q{q} {y}", "study", sids(head_ct, quarter(y, q))
    )
    m = pick(rng, [4, 5, 6, 7])
    yield _q(
        fam,
        f"spot check for the audit: how many low dose cts since {MONTH[m - 1]} 2026",
        "count",
        count(ldct, dated(f"2026-{m:02d}-01", AS_OF)),
    )
    yield _q(
        fam, "cxrs nov 2024 to feb 2025", "study", sids(cxr, dated("2024-11-01", "2025-02-28"))
    )
    yield _q(
        fam,
        "exams between 2024-03-15 and 2024-04-15 with a nodule",
        "study",
        sids(dated("2024-03-15", "2024-04-15"), nod()),
    )
    yield _q(
        fam,
        "QA audit request: patients born before 1945",
        "patient",
        born("0000-01-01", "1944-12-31"),
    )
    yield _q(
        fam,
        "anyone born in the 1970s who had a chest x-ray",
        "patient",
        sorted(set(born("1970-01-01", "1979-12-31")) & set(pids(cxr))),
    )
    start = months_on(AS_OF, -6)
    yield from ask(
        fam,
        "ct angiograms in the last 6 months",
        "study",
        sids(cta, dated(start, AS_OF)),
        sids(cta, dated(shift(start, 1), AS_OF)),
    )
    yield _q(
        fam,
        "for the department review - this year's head cts - how many so far",
        "count",
        count(head_ct, dated("2026-01-01", AS_OF)),
    )
    yield _q(
        fam,
        "how many CT01 exams are from 2023 or earlier",
        "count",
        count(at_station("CT01"), dated("0000-01-01", "2023-12-31")),
    )
    yield _q(
        fam,
        "quick one please: studies done before 1 march 2023",
        "study",
        sids(dated("0000-01-01", "2023-02-28")),
    )
    yield _q(
        fam,
        "from the QA desk, chest xrays in the first half of 2025",
        "study",
        sids(cxr, dated("2025-01-01", "2025-06-30")),
    )
    yield _q(
        fam,
        "female pts with a birth date on or after 1 jan 1995",
        "patient",
        sorted(set(born("1995-01-01", "9999-12-31")) & set(pids(sex_is("F")))),
    )
    days = Counter(s["study_date"] for s in studies())
    day = pick(rng, sorted(d for d, n in days.items() if n >= 3))
    yield _q(fam, f"everything scaned on {day}", "study", sids(dated(day, day)))
    start30 = shift(AS_OF, -30)
    yield from ask(
        fam,
        "for my audit sheet: ldcts in the past 30 days",
        "study",
        sids(ldct, dated(start30, AS_OF)),
        sids(ldct, dated(shift(start30, 1), AS_OF)),
    )
    yield _q(
        fam,
        "scans in september 2025 showing a pneumothorax",
        "study",
        sids(dated("2025-09-01", "2025-09-30"), kind("pneumothorax")),
    )
    yield _q(
        fam,
        "Hi all, how many CT pulmonary angiograms were done between July and December "
        "2025? Thanks, Anna",
        "count",
        count(cta, dated("2025-07-01", "2025-12-31")),
    )
    yield _q(fam, "studies last year at DX01", "study", sids(at_station("DX01"), in_year(2025)))
    yield _q(
        fam, "patients borm in nineteen sixty two", "patient", born("1962-01-01", "1962-12-31")
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    D = "diameter_mm"
    yield _q(
        fam,
        "reviewing our records - solid noduels under a centimetre",
        "study",
        sids(nod(att("solid"), lt(D, 10))),
    )
    lo = pick(rng, [-850, -800, -750])
    yield _q(
        fam,
        f"nods with hu between {lo} and {lo + 200}",
        "study",
        sids(nod(within("mean_hu", lo, lo + 200))),
    )
    yield _q(
        fam,
        "nodule findings with a mean density below -700 HU",
        "finding",
        fids(NOD, lt("mean_hu", -700)),
    )
    yield _q(
        fam,
        "findings where the model confidence is .55 or lower",
        "finding",
        fids(le("confidence", 0.55)),
    )
    yield _q(
        fam,
        "spot check for the audit: part-solid nodules whose solid component is 6 mm or more",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield _q(fam, "registry question: lesions bigger than 3 cm", "study", sids(lesion(gt(D, 30))))
    yield _q(
        fam,
        "QA audit request: nodules with a volume over 2 cc",
        "study",
        sids(nod(gt("volume_mm3", 2000))),
    )
    yield _q(
        fam,
        "for the department review - nodules with a long axis of at least 20 mm",
        "study",
        sids(nod(ge("long_axis_mm", 20))),
    )
    yield _q(
        fam,
        "nodule findigns with short axis 4 to 5 mm",
        "finding",
        fids(NOD, within("short_axis_mm", 4, 5)),
    )
    yield _q(
        fam,
        "nodules from 0.5 cm to 1 cm on CT02",
        "study",
        sids(nod(within(D, 5, 10)), at_station("CT02")),
    )
    yield _q(
        fam,
        "quick one please: nodules measuring eleven point five millimetres or more",
        "study",
        sids(nod(ge(D, 11.5))),
    )
    yield from ask(
        fam,
        "patients in their 70s with a nodule over 15 mm",
        "patient",
        *aged(lambda s: 70 <= ref.age(s) <= 79, nod(gt(D, 15))),
    )
    yield _q(fam, "ldcts with a nodule of at most 4 mm", "study", sids(ldct, nod(le(D, 4))))
    yield _q(
        fam,
        "ground glass nodules denser than minus five hundred hounsfield",
        "study",
        sids(nod(att("ground-glass"), gt("mean_hu", -500))),
    )
    yield _q(
        fam,
        "nodules betwen 6 and 8 mm with confidence of at least .9",
        "study",
        sids(nod(within(D, 6, 8), ge("confidence", 0.9))),
    )
    yield _q(
        fam,
        "masses with a volume under 20000 mm3",
        "study",
        sids(kind("mass", lt("volume_mm3", 20000))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield _q(
        fam,
        "low dose cts with exactly three nodules",
        "study",
        sids(ldct, _n_nods(lambda n: n == 3)),
    )
    yield _q(
        fam,
        "from the QA desk, chest cts that show one single nodule",
        "study",
        sids(chest_ct, _n_nods(lambda n: n == 1)),
    )
    yield _q(
        fam, "patients with four or more stuides", "patient", history(lambda mine: len(mine) >= 4)
    )
    yield _q(
        fam,
        "for my audit sheet: pts scanned exactly twice",
        "patient",
        history(lambda mine: len(mine) == 2),
    )
    yield _q(
        fam,
        "reviewing our records - more than 4 nodules on a single ct",
        "study",
        sids(_n_nods(lambda n: n > 4)),
    )
    yield _q(
        fam,
        "spot check for the audit: how many patients have had 3+ ldcts",
        "count",
        len(_per_patient(ldct, lambda n: n >= 3)),
    )
    yield _q(
        fam,
        "I need the people who have had at least two head CTs.",
        "patient",
        _per_patient(head_ct, lambda n: n >= 2),
    )
    yield from ask(
        fam,
        "registry question: patients with a tracked nodule present on four or more of their scans",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(
        fam,
        "QA audit request: number of ldcts with no findings at all",
        "count",
        count(ldct, lambda s: not fo(s)),
    )
    yield _q(
        fam,
        "for the department review - chest cts w fewer than 2 nodules in 2026",
        "study",
        sids(chest_ct, in_year(2026), _n_nods(lambda n: n < 2)),
    )
    yield _q(
        fam,
        "quick one please: studies with at least 5 findings",
        "study",
        sids(lambda s: len(fo(s)) >= 5),
    )
    yield _q(
        fam,
        "how many pts had 2 or more ldcts in 2025",
        "count",
        len(_per_patient(both_(ldct, in_year(2025)), lambda n: n >= 2)),
    )
    yield _q(
        fam, "patients with more than one chest xray", "patient", _per_patient(cxr, lambda n: n > 1)
    )
    yield _q(
        fam,
        "# of patients with exactly 1 study",
        "count",
        len(history(lambda mine: len(mine) == 1)),
    )
    yield _q(
        fam,
        "scans with exatcly two ground-glass nodules",
        "study",
        sids(_n_nods(lambda n: n == 2, att("ground-glass"))),
    )
    yield _q(
        fam,
        "patients with 3 or more ldcts and a spiculated nodule on any scan",
        "patient",
        history(
            lambda mine: sum(map(ldct, mine)) >= 3 and any(map(nod(margin("spiculated")), mine))
        ),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set logic"
    yield _q(
        fam,
        "from the QA desk, pts who have had an ldct but never a head ct",
        "patient",
        history(some_but_never(ldct, head_ct)),
    )
    yield _q(
        fam,
        "Which patients have never had a nodule on any of their scans?",
        "patient",
        _never(nod()),
    )
    yield _q(
        fam,
        "Can you find the women who have never had a ground-glass nodule?",
        "patient",
        sorted(set(pids(sex_is("F"))) & set(_never(nod(att("ground-glass"))))),
    )
    yield _q(
        fam,
        "who has emphysema reported yet no nodule on any of their scans",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield _q(
        fam,
        "patients who had both an lr 2 exam and an lr 4a exam",
        "patient",
        history(each_on_some(cat_in("2"), cat_in("4A"))),
    )
    yield _q(
        fam,
        "patients with either a mass or a lung-rads 4x study",
        "patient",
        pids(either_(kind("mass"), cat_in("4X"))),
    )
    yield _q(fam, "patients who have nevr had any ct", "patient", _never(any_ct))
    yield _q(
        fam,
        "same CT showing RUL and LLL nodules - patient list",
        "patient",
        pids(nod(in_lobe("RUL")), nod(in_lobe("LLL"))),
    )
    yield _q(
        fam,
        "patients scanned on CT01 at some point but never on CT02",
        "patient",
        history(some_but_never(at_station("CT01"), at_station("CT02"))),
    )
    yield _q(
        fam,
        "pts with coronary artery calcification but never emphysema on any report",
        "patient",
        history(some_but_never(says("coronary"), says("emphysema"))),
    )
    yield _q(
        fam,
        "patients who had a spiculated nodule and, on some scan, a pneumothorax (same scan or not)",
        "patient",
        history(each_on_some(nod(margin("spiculated")), kind("pneumothorax"))),
    )
    yield from ask(
        fam,
        "screening pts never above lung-rads 2",
        "patient",
        history(lambda mine: any(map(ldct, mine)) and not any(map(cat_in("3", *LR4), mine))),
        history(
            lambda mine: any(map(ldct, mine)) and not any(map(both_(ldct, cat_in("3", *LR4)), mine))
        ),
    )
    yield _q(
        fam,
        "patients with calcified nodules who never had a non-calcified one",
        "patient",
        history(some_but_never(nod(calcified), nod(uncalcified))),
    )
    yield _q(
        fam,
        "men excluding anyone who ever had a chest ct",
        "patient",
        sorted(set(pids(sex_is("M"))) & set(_never(chest_ct))),
    )
    yield _q(
        fam,
        "patients with a pleural efusion and never a nodule",
        "patient",
        history(some_but_never(kind("pleural_effusion"), nod())),
    )
    yield _q(
        fam,
        "both a part-solid nodule and a ground glass nodule on one scan: which pts",
        "patient",
        pids(nod(att("part-solid")), nod(att("ground-glass"))),
    )


def either_(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung-rads"
    yield _q(fam, "lung rads four b studies", "study", sids(cat_in("4B")))
    yield _q(
        fam,
        "for my audit sheet: patients whose worst lung-rads ever was 3",
        "patient",
        history(lambda mine: highest(mine) == "3"),
    )
    y = pick(rng, [2024, 2025])
    rows = [s for s in studies() if ldct(s) and in_year(y)(s)]
    yield _q(
        fam,
        f"registry question: {y} ldcts by lung-rads category, counts",
        "groups",
        _groups(rows, category),
    )
    yield _q(
        fam,
        "Hi, quick one for the screening audit: how many ldcts at CT02 in 2024 were "
        "4A or higher? Thanks, Priya",
        "count",
        count(ldct, at_station("CT02"), in_year(2024), cat_in(*LR4)),
    )
    yield _q(
        fam,
        "studies where the lung-rads category went up compared with the previuos exam",
        "study",
        sids(went(1)),
    )
    yield from ask(
        fam,
        "reviewing our records - pts who went from lung-rads 2 straight to 4a on the next scan",
        "patient",
        pids(went_from("2", ("4A",))),
        history(_next_is("2", "4A")),
    )
    yield _q(
        fam,
        "QA check: lung-rads 2 studies that contain a nodule of 15 mm or more",
        "study",
        sids(cat_in("2"), nod(ge("diameter_mm", 15))),
    )
    yield _q(
        fam,
        "nodule findings graded lung-rads 4X that are under 8 mm",
        "finding",
        fids(NOD, lambda f: f["lung_rads"] == "4X", lt("diameter_mm", 8)),
    )
    rows26 = [s for s in studies() if cat_in("3", "4A")(s) and in_year(2026)(s)]
    yield _q(fam, "lr 3 vs lr 4a scans in 2026", "groups", _groups(rows26, category))
    yield _q(
        fam,
        "spot check for the audit: patients that reached 4A at some point but never 4B or 4X",
        "patient",
        history(some_but_never(cat_in("4A"), cat_in("4B", "4X"))),
    )
    yield _q(
        fam,
        "registry question: lung-rads 1 ldcts this year, how many",
        "count",
        count(ldct, cat_in("1"), dated("2026-01-01", AS_OF)),
    )
    got = _first_share(
        *(
            (
                f"lung-rads {c} as a percentage of the {yy} ldcts",
                count(ldct, in_year(yy), cat_in(c)),
                count(ldct, in_year(yy)),
            )
            for yy in (2024, 2023, 2025)
            for c in ("2", "3", "1")
        )
    )
    if got is not None:
        yield _q(fam, got[0], "value", got[1])
    rowsq = [s for s in studies() if ldct(s) and quarter(2026, 1)(s)]
    yield _q(
        fam,
        "QA audit request: lung-rads breakdown of Q1 2026 screening cts",
        "groups",
        _groups(rowsq, category),
    )
    yield _q(
        fam,
        "patients with lr 3 on two or more scans",
        "patient",
        _per_patient(cat_in("3"), lambda n: n >= 2),
    )
    yield _q(fam, "lungrads 4x patient count", "count", len(pids(cat_in("4X"))))
    yield _q(
        fam,
        "nodules over 20 mm in studies scored only lung-rads 2 or 3",
        "study",
        sids(cat_in("2", "3"), nod(gt("diameter_mm", 20))),
    )
    yield _q(
        fam,
        "lung-rads 2 or better chest cts at CT01 in may 2025",
        "study",
        sids(chest_ct, at_station("CT01"), dated("2025-05-01", "2025-05-31"), cat_in("1", "2")),
    )
    yield _q(
        fam,
        "patients whose peak lung-rads across all their exams is 4b",
        "patient",
        history(lambda mine: highest(mine) == "4B"),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"

    def rank(
        question: str,
        rows: Sequence[Row],
        key: Callable[[Row], Any],
        ident: str,
        start: int,
        unit: str,
    ) -> Rows:
        got = _ranked(rows, key, ident, start)
        if got is None:
            LEFT_OUT.append(question)
            return
        n, answer = got
        yield _q(fam, question.format(n=n), unit, answer)

    nodules = _nod_rows()
    yield from rank(
        "QA audit request: the {n} largest nodules",
        nodules,
        lambda f: -f["diameter_mm"],
        "finding_id",
        5,
        "finding",
    )
    prows = [dict(p) for p in pats()]
    yield from rank(
        "the {n} oldest paitents", prows, lambda p: p["birth_date"], "patient_id", 4, "patient"
    )
    yield from rank(
        "for the department review - {n} most recent head cts",
        [s for s in studies() if head_ct(s)],
        lambda s: -_by_day(s),
        "study_uid",
        3,
        "study",
    )
    yield from rank(
        "top {n} ggns with the lowest HU",
        _nod_rows(att("ground-glass")),
        lambda f: f["mean_hu"],
        "finding_id",
        5,
        "finding",
    )
    yield from rank(
        "which {n} patients have the most nodule findings",
        _patient_rows(lambda p: sum(len(nods(s)) for s in own(p))),
        lambda r: r["k"],
        "patient_id",
        3,
        "patient",
    )
    yield from rank(
        "quick one please: largest {n} solid nodules by volume",
        _nod_rows(att("solid")),
        lambda f: -f["volume_mm3"],
        "finding_id",
        6,
        "finding",
    )
    yield from rank(
        "earliest {n} ldcts done on CT01",
        [s for s in studies() if ldct(s) and at_station("CT01")(s)],
        _by_day,
        "study_uid",
        3,
        "study",
    )
    masses = _kind_rows("mass")
    biggest = max(masses, key=lambda f: f["diameter_mm"])
    yield _q(
        fam, "the mass with the largest diameter in the cohort", "finding", [biggest["finding_id"]]
    )
    ptx = set(pids(kind("pneumothorax")))
    yield from rank(
        "the {n} youngest patients with a pneumothorax",
        [dict(p) for p in pats() if p["patient_id"] in ptx],
        lambda p: -dt.date.fromisoformat(p["birth_date"]).toordinal(),
        "patient_id",
        3,
        "patient",
    )
    yield from rank(
        "{n} consolidations with the highest confidence",
        _kind_rows("consolidation"),
        lambda f: -f["confidence"],
        "finding_id",
        3,
        "finding",
    )
    yield from rank(
        "from the QA desk, smallest {n} part-solid nodules by solid component",
        _nod_rows(att("part-solid"), ge("solid_component_mm", 0)),
        lambda f: f["solid_component_mm"],
        "finding_id",
        4,
        "finding",
    )
    yield from rank(
        "for my audit sheet: which {n} pts have the most ggns",
        _patient_rows(lambda p: sum(len(nods(s, att("ground-glass"))) for s in own(p))),
        lambda r: r["k"],
        "patient_id",
        3,
        "patient",
    )
    yield from rank(
        "the {n} pneumothorax findings with the lowest confidence",
        _kind_rows("pneumothorax"),
        lambda f: f["confidence"],
        "finding_id",
        3,
        "finding",
    )
    yield from rank(
        "reviewing our records - longest long axis, top {n} spiculated nodules",
        _nod_rows(margin("spiculated")),
        lambda f: -f["long_axis_mm"],
        "finding_id",
        4,
        "finding",
    )
    yield from rank(
        "spot check for the audit: {n} most recent chest xrays",
        [s for s in studies() if cxr(s)],
        lambda s: -_by_day(s),
        "study_uid",
        4,
        "study",
    )
    yield from rank(
        "the {n} patiens born most recently",
        prows,
        lambda p: -dt.date.fromisoformat(p["birth_date"]).toordinal(),
        "patient_id",
        5,
        "patient",
    )


def stats(rng: random.Random) -> Rows:
    fam = "aggregates"
    D = "diameter_mm"
    yield _q(
        fam,
        "for the department review - mean diameter of solid nodules",
        "value",
        _mean_field(_nod_rows(att("solid")), D),
    )
    yield _q(
        fam,
        "Morning! What is the median HU of ground glass nodules? Ta, Lee",
        "value",
        _median_field(_nod_rows(att("ground-glass")), "mean_hu"),
    )
    yield _q(
        fam,
        "quick one please: avg volume of spiculated nodules in cc",
        "value",
        _mean_field(_nod_rows(margin("spiculated")), "volume_mm3", 1000),
    )
    yield _q(
        fam,
        "mean confidance of pneumothorax findings",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    ld = [s for s in studies() if ldct(s)]
    yield _q(
        fam,
        "from the QA desk, average number of nodules per ldct",
        "value",
        mean_of([float(len(nods(s))) for s in ld]),
    )
    got = _first_share(
        *(
            (
                f"percentage of Q{qq} {yy} studies done on {st}",
                count(quarter(yy, qq), at_station(st)),
                count(quarter(yy, qq)),
            )
            for yy in (2023, 2024, 2025, 2026)
            for qq in (1, 2, 3, 4)
            for st in ("CT01", "CT02")
        )
    )
    if got is not None:
        yield _q(fam, got[0], "value", got[1])
    got = _first_share(
        *(
            (
                f"what share of {a} nodules are {m}",
                _fcount(NOD, att(a), margin(m)),
                _fcount(NOD, att(a)),
            )
            for a in ("solid", "part-solid", "ground-glass")
            for m in ("spiculated", "lobulated", "smooth")
        )
    )
    if got is not None:
        yield _q(fam, got[0], "value", got[1])
    yield _q(
        fam,
        "for my audit sheet: meidan long axis of rul nodules",
        "value",
        _median_field(_nod_rows(in_lobe("RUL")), "long_axis_mm"),
    )
    yield _q(
        fam,
        "median volume in mm3 of nodules 8 mm or bigger",
        "value",
        _median_field(_nod_rows(ge(D, 8)), "volume_mm3"),
    )
    yield _q(
        fam,
        "average number of findings per ct angiogram",
        "value",
        mean_of([float(len(fo(s))) for s in studies() if cta(s)]),
    )
    yield _q(
        fam,
        "reviewing our records - mean solid component of part-solid nodules",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    yield _q(
        fam,
        "lobulated nodules: average diameter in cm",
        "value",
        _mean_field(_nod_rows(margin("lobulated")), D, 10),
    )
    yield _q(
        fam, "median confidence over all findings", "value", _median_field(findings(), "confidence")
    )
    got = _first_share(
        *(
            (
                f"registry question: % of nodules in the {lb} that are solid",
                _fcount(NOD, in_lobe(lb), att("solid")),
                _fcount(NOD, in_lobe(lb)),
            )
            for lb in ("LLL", "RUL", "RML", "LUL", "RLL")
        )
    )
    if got is not None:
        yield _q(fam, got[0], "value", got[1])
    yield _q(
        fam,
        "spot check for the audit: mean hu, calcified nodules",
        "value",
        _mean_field(_nod_rows(calcified), "mean_hu"),
    )
    yield _q(
        fam,
        "what is the median diameter of nodules on ct02 ldcts",
        "value",
        _median_field(_nod_rows(where=both_(ldct, at_station("CT02"))), D),
    )
    lll = _fcount(NOD, in_lobe("LLL"))
    got = _first_share(
        (
            "registry question: what fraction of LLL nodules are part-solid, in percent",
            _fcount(NOD, in_lobe("LLL"), att("part-solid")),
            lll,
        )
    )
    if got is not None:
        yield _q(fam, got[0], "value", got[1])
    yield _q(
        fam,
        "avrage volume in mm3 of nodules in the lll",
        "value",
        _mean_field(_nod_rows(in_lobe("LLL")), "volume_mm3"),
    )


def reports(rng: random.Random) -> Rows:
    fam = "report concepts"
    yield _q(
        fam,
        "QA audit request: studies whose report mentions emphysema",
        "study",
        sids(says("emphysema")),
    )
    yield _q(
        fam,
        "for the department review - reprots negative for lymphadenopathy in 2026",
        "study",
        sids(denies("lymphadenopathy"), in_year(2026)),
    )
    yield _q(
        fam,
        "quick one please: 2025 studies where the report says there is no emphysema",
        "study",
        sids(denies("emphysema"), in_year(2025)),
    )
    yield _q(
        fam,
        "ldcts at CT01 without emphysema in the report, 2023",
        "study",
        sids(ldct, at_station("CT01"), in_year(2023), neg(says("emphysema"))),
    )
    yield _q(
        fam,
        "from the QA desk, patients with coronary artery calcification on a report",
        "patient",
        pids(says("coronary")),
    )
    yield _q(
        fam,
        "for my audit sheet: emphysema reported plus a spiculated nodule on the same study",
        "study",
        sids(says("emphysema"), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "reviewing our records - patients whose reports mention "
        "lymphadenopathy but never emphysema",
        "patient",
        history(some_but_never(says("lymphadenopathy"), says("emphysema"))),
    )
    yield _q(
        fam,
        "spot check for the audit: how many reports document no emphysema",
        "count",
        count(denies("emphysema")),
    )
    yield _q(
        fam,
        "enlarged lymph nodes in the report, scans from CT01",
        "study",
        sids(says("lymphadenopathy"), at_station("CT01")),
    )
    yield _q(
        fam,
        "2026 ldct reports without coronary artery calcification - count",
        "count",
        count(ldct, in_year(2026), neg(says("coronary"))),
    )
    yield _q(
        fam,
        "emphysma mentioned in the report and lung-rads 4a",
        "study",
        sids(says("emphysema"), cat_in("4A")),
    )
    yield _q(
        fam,
        "Hello, for our audit could you pull every study whose report denies "
        "emphysema yet has a part-solid nodule? Cheers, Raj",
        "study",
        sids(denies("emphysema"), nod(att("part-solid"))),
    )
    yield _q(
        fam,
        "number of patients with coronary calcification in any report",
        "count",
        len(pids(says("coronary"))),
    )
    got = _first_share(
        *(
            (
                f"share of {yy} ldct reports that mention emphysema",
                count(ldct, in_year(yy), says("emphysema")),
                count(ldct, in_year(yy)),
            )
            for yy in (2024, 2023, 2025, 2026)
        )
    )
    if got is not None:
        yield _q(fam, got[0], "value", got[1])
    yield _q(
        fam,
        "reports that state no lymphadenopathy where the study has a mass",
        "study",
        sids(denies("lymphadenopathy"), kind("mass")),
    )
    yield _q(
        fam,
        "women whose report mentions lymphadenopthy",
        "patient",
        pids(sex_is("F"), says("lymphadenopathy")),
    )
    yield _q(
        fam,
        "coronary artery calcification mentioned in 2024 CT02 chest ct reports, how many",
        "count",
        count(chest_ct, at_station("CT02"), in_year(2024), says("coronary")),
    )


def _grown_sids(
    *extra: Test, g: float = 1.5, inclusive: bool = False, more: FTest | None = None
) -> list[list[str]]:
    def on(t: FTest) -> Test:
        return lambda s: any(t(f) and (more is None or more(f)) for f in fo(s))

    return [sids(on(t), *extra) for t in grew_readings(g, inclusive)]


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    yield from ask(
        fam, "registry question: nodules that grew since the previous scan", "study", *_grown_sids()
    )
    yield from ask(
        fam,
        "Hello, can you list the patients whose nodule grew by more than 3 mm? Best, Tom",
        "patient",
        *(sorted({_pid(ref.cohort()[1][u]) for u in x}) for x in _grown_sids(g=3)),
    )
    yield from ask(
        fam,
        "QA audit request: growing ground-glass nodules",
        "study",
        *_grown_sids(more=att("ground-glass")),
    )
    yield from ask(
        fam,
        "for the department review - new nodules in 2026",
        "study",
        *(sids(in_year(2026), lambda s, m=m: any(new(m)(f) for f in fo(s))) for m in (False, True)),
    )
    yield from ask(
        fam,
        "quick one please: how many studies had a new nodule in 2024",
        "count",
        *(
            count(in_year(2024), lambda s, m=m: any(new(m)(f) for f in fo(s)))
            for m in (False, True)
        ),
    )
    yield from ask(
        fam,
        "stable nodules in the rihgt upper lobe",
        "study",
        *(
            sids(lambda s, r=r, m=m: any(stable(r, m)(f) and in_lobe("RUL")(f) for f in fo(s)))
            for r in (False, True)
            for m in (False, True)
        ),
    )
    yield from ask(
        fam,
        "nodules grown by at least 2 mm on CT02 scans",
        "study",
        *_grown_sids(at_station("CT02"), g=2, inclusive=True),
    )
    yield from ask(
        fam,
        "from the QA desk, growing nodule findings",
        "finding",
        *(fids(t) for t in grew_readings()),
    )
    yield from ask(
        fam,
        "for my audit sheet: new solid nodules of 6 mm or more",
        "study",
        *(
            sids(
                lambda s, m=m: any(
                    new(m)(f) and att("solid")(f) and ge("diameter_mm", 6)(f) for f in fo(s)
                )
            )
            for m in (False, True)
        ),
    )
    yield from ask(
        fam, "nodule growth over 1.5 mm in the lll", "study", *_grown_sids(more=in_lobe("LLL"))
    )
    yield from ask(
        fam,
        "reviewing our records - grwoing part solid nods",
        "study",
        *_grown_sids(more=att("part-solid")),
    )
    yield from ask(
        fam,
        "new ground glass nodules in 2024 - number of studies",
        "count",
        *(
            count(
                in_year(2024),
                lambda s, m=m: any(new(m)(f) and att("ground-glass")(f) for f in fo(s)),
            )
            for m in (False, True)
        ),
    )
    yield from ask(
        fam,
        "spot check for the audit: how many nodule findings grew by more than 4 mm",
        "count",
        *(len(fids(NOD, t)) for t in grew_readings(4)),
    )
    yield from ask(
        fam,
        "patients with a growing nodule who are lung-rads 4x on that scan",
        "patient",
        *(sorted({_pid(ref.cohort()[1][u]) for u in x}) for x in _grown_sids(cat_in("4X"))),
    )
    yield from ask(
        fam,
        "pts who never showed any nodule growth but had 3+ ldcts",
        "patient",
        *(
            sorted(
                set(_per_patient(ldct, lambda n: n >= 3)) - {_pid(ref.cohort()[1][u]) for u in x}
            )
            for x in _grown_sids()
        ),
    )
    yield from ask(
        fam,
        "stable spiculated nodules",
        "study",
        *(
            sids(
                lambda s, r=r, m=m: any(stable(r, m)(f) and margin("spiculated")(f) for f in fo(s))
            )
            for r in (False, True)
            for m in (False, True)
        ),
    )


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    D = "diameter_mm"
    yield from ask(
        fam,
        "women over 65 with a spiculated nodlue",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) > 65), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "registry question: men under 50 who had an ldct",
        "patient",
        *aged(both_(sex_is("M"), lambda s: ref.age(s) < 50), ldct),
    )
    yield _q(
        fam,
        "QA audit request: patients whose sex is recorded as other",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    rows = [s for s in studies() if ldct(s) and in_year(2025)(s) and ref.sex(s) in ("F", "M")]
    yield _q(
        fam,
        "for the department review - 2025 ldcts, men vs women",
        "groups",
        _groups(rows, ref.sex),
    )
    yield _q(
        fam,
        "quick one please: how many female patients are there",
        "count",
        sum(1 for p in pats() if p["sex"] == "F"),
    )
    yield from ask(
        fam,
        "patients aged 80 or more at a head ct",
        "patient",
        *aged(lambda s: ref.age(s) >= 80, head_ct),
    )
    yield from ask(
        fam,
        "pts in their fifties with a chest x-ray",
        "patient",
        *aged(lambda s: 50 <= ref.age(s) <= 59, cxr),
    )
    ptx = set(pids(kind("pneumothorax")))
    yield _q(
        fam,
        "sex breakdown of the patients who had a pneumothorax",
        "groups",
        _groups([p for p in pats() if p["patient_id"] in ptx], lambda p: p["sex"]),
    )
    yield _q(
        fam,
        "number of patients born in nineteen sixty",
        "count",
        len(born("1960-01-01", "1960-12-31")),
    )
    yield from ask(
        fam,
        "female pts 40 to 50 w/ ggns",
        "patient",
        *aged(both_(sex_is("F"), lambda s: 40 <= ref.age(s) <= 50), nod(att("ground-glass"))),
    )
    yield _q(fam, "male patient count", "count", sum(1 for p in pats() if p["sex"] == "M"))
    yield from ask(
        fam,
        "under-40s with a pleural effusion",
        "patient",
        *aged(lambda s: ref.age(s) < 40, kind("pleural_effusion")),
    )
    yield _q(
        fam,
        "from the QA desk, women with a lung-rads 4x ldct",
        "patient",
        pids(sex_is("F"), ldct, cat_in("4X")),
    )
    yield from ask(
        fam,
        "for my audit sheet: pateints over 75 with nodules larger than 9 mm",
        "patient",
        *aged(lambda s: ref.age(s) > 75, nod(gt(D, 9))),
    )
    yield _q(
        fam,
        "reviewing our records - how many of our patients are men, women, other",
        "groups",
        _groups(pats(), lambda p: p["sex"]),
    )
    yield from ask(
        fam,
        "80+ year olds with an intracranial hemorrhage",
        "patient",
        *aged(lambda s: ref.age(s) >= 80, kind("intracranial_hemorrhage")),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality/station"
    yield _q(fam, "exam count per staton", "groups", _groups(studies(), lambda s: s["station"]))
    rows = [s for s in studies() if ldct(s) and in_year(2025)(s)]
    yield _q(
        fam,
        "spot check for the audit: ldcts in 2025: CT01 vs CT02",
        "groups",
        _groups(rows, lambda s: s["station"]),
    )
    yield _q(
        fam,
        "registry question: head cts perfomed on CT02",
        "study",
        sids(head_ct, at_station("CT02")),
    )
    yield _q(
        fam,
        "QA audit request: chest x-rays showing a pneumothorax",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield _q(
        fam,
        'QA audit request: "CT CHEST W CONTRAST" studies in 2024',
        "study",
        sids(with_contrast, in_year(2024)),
    )
    yield _q(
        fam,
        "for the department review - non-contrast chest cts with a nodule over 8 mm",
        "study",
        sids(non_contrast_chest, nod(gt("diameter_mm", 8))),
    )
    yield _q(
        fam,
        "quick one please: ctpa studies with a pleural effusion",
        "study",
        sids(cta, kind("pleural_effusion")),
    )
    rows26 = [s for s in studies() if in_year(2026)(s)]
    yield _q(
        fam,
        "study description breakdown for 2026",
        "groups",
        _groups(rows26, lambda s: s["description"]),
    )
    yield _q(
        fam,
        "modality split across all studies",
        "groups",
        _groups(studies(), lambda s: s["modality"]),
    )
    yield _q(
        fam,
        "DX01 exam count for twenty twenty four",
        "count",
        count(at_station("DX01"), in_year(2024)),
    )
    yield _q(
        fam,
        "Good morning - how many exams did CT02 do in Q2 2025? Regards, Martin",
        "count",
        count(at_station("CT02"), quarter(2025, 2)),
    )
    yield _q(fam, "station ct01 ggns", "study", sids(at_station("CT01"), nod(att("ground-glass"))))
    rows4x = [s for s in studies() if ldct(s) and cat_in("4X")(s)]
    yield _q(
        fam,
        "per scanner, number of lung-rads 4x ldcts",
        "groups",
        _groups(rows4x, lambda s: s["station"]),
    )
    rowsc = [s for s in studies() if with_contrast(s)]
    yield _q(
        fam,
        "contrast-enhanced chest cts by station",
        "groups",
        _groups(rowsc, lambda s: s["station"]),
    )
    yield _q(fam, "pe cts showing a pnuemothorax", "study", sids(cta, kind("pneumothorax")))
    yield _q(
        fam,
        "diagnostic (non-screening) chest cts at CT01 in 2023",
        "study",
        sids(chest_ct, neg(ldct), at_station("CT01"), in_year(2023)),
    )
    yield _q(
        fam,
        "from the QA desk, head ct count per station",
        "groups",
        _groups([s for s in studies() if head_ct(s)], lambda s: s["station"]),
    )
    yield _q(
        fam,
        "findings by kind on ct angiograms",
        "groups",
        _groups([f for f in findings() if cta(study_of(f))], lambda f: f["kind"]),
    )
    yield _q(
        fam, "how many radiographs have any finding", "count", count(cxr, lambda s: bool(fo(s)))
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield _q(fam, "for my audit sheet: rml nodules", "study", sids(nod(in_lobe("RML"))))
    yield _q(
        fam,
        "reviewing our records - spiculated nodules in the left upper lobe",
        "study",
        sids(nod(in_lobe("LUL"), margin("spiculated"))),
    )
    yield _q(
        fam,
        "spot check for the audit: nodule findings per lobe",
        "groups",
        _groups(_nod_rows(lambda f: f["lobe"] is not None), lambda f: f["lobe"]),
    )
    yield _q(
        fam,
        "registry question: rul vs lul: how many nodule findings each",
        "groups",
        _groups(_nod_rows(in_lobe("RUL", "LUL")), lambda f: f["lobe"]),
    )
    yield _q(
        fam,
        "right lower lobe nodules larger than 8mm - list the findings",
        "finding",
        fids(NOD, in_lobe("RLL"), gt("diameter_mm", 8)),
    )
    yield _q(
        fam,
        "nodules in the left lung on 2026 scans",
        "study",
        sids(in_year(2026), nod(in_lobe("LUL", "LLL"))),
    )
    yield _q(
        fam,
        "Hi there - how many ground-glass nodule findings sit in the LLL? cheers, Sam",
        "count",
        _fcount(NOD, att("ground-glass"), in_lobe("LLL")),
    )
    yield _q(
        fam,
        "QA audit request: rigth middle lobe calcified nodules",
        "study",
        sids(nod(in_lobe("RML"), calcified)),
    )
    rows = _nod_rows(
        margin("spiculated"), in_lobe("RUL", "RML", "RLL", "LUL", "LLL"), where=in_year(2025)
    )
    yield _q(
        fam,
        "for the department review - lobe breakdown of spiculated nodules found in 2025",
        "groups",
        _groups(rows, lambda f: f["lobe"]),
    )
    yield _q(
        fam,
        "patients with nodules in both lower lobes on one ct",
        "patient",
        pids(nod(in_lobe("RLL")), nod(in_lobe("LLL"))),
    )
    yield _q(
        fam,
        "lobe distribution of calcified nodules",
        "groups",
        _groups(_nod_rows(calcified, lambda f: f["lobe"] is not None), lambda f: f["lobe"]),
    )
    yield _q(fam, "middle lobe psn", "study", sids(nod(in_lobe("RML"), att("part-solid"))))
    yield _q(
        fam,
        "quick one please: upper lobe nodules (rul or lul) of at least 10 mm",
        "study",
        sids(nod(in_lobe("RUL", "LUL"), ge("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "lul part-solid nodules with a solid component over 3 mm",
        "finding",
        fids(NOD, in_lobe("LUL"), att("part-solid"), gt("solid_component_mm", 3)),
    )
    yield _q(
        fam,
        "from the QA desk, right lung nodules in women",
        "patient",
        pids(sex_is("F"), nod(in_lobe("RUL", "RML", "RLL"))),
    )
    yield _q(
        fam,
        "number of studies with a nodule in the left lower lobe at CT02",
        "count",
        count(at_station("CT02"), nod(in_lobe("LLL"))),
    )


def features(rng: random.Random) -> Rows:
    fam = "attenuation/margin/calcification"
    D = "diameter_mm"
    yield _q(
        fam,
        "for my audit sheet: spiculatd solid nodules > 8 mm",
        "study",
        sids(nod(margin("spiculated"), att("solid"), gt(D, 8))),
    )
    yield _q(
        fam,
        "calcified nodule findings on 2024 scans",
        "finding",
        fids(NOD, calcified, where=in_year(2024)),
    )
    yield _q(fam, "noncalcified nodules over 20 mm", "study", sids(nod(uncalcified, gt(D, 20))))
    yield _q(
        fam,
        "reviewing our records - lobulated part-solid nodules",
        "study",
        sids(nod(margin("lobulated"), att("part-solid"))),
    )
    yield _q(fam, "nodules by margin", "groups", _groups(_nod_rows(), lambda f: f["margin"]))
    rows = _nod_rows(where=both_(ldct, in_year(2026)))
    yield _q(
        fam,
        "attenuation mix of nodules on 2026 ldcts",
        "groups",
        _groups(rows, lambda f: f["attenuation"]),
    )
    yield _q(fam, "subsolid nodules 8 mm or lagrer", "study", sids(nod(subsolid, ge(D, 8))))
    rows1 = _nod_rows(lambda f: f["margin"] in ("smooth", "spiculated"), where=at_station("CT01"))
    yield _q(
        fam,
        "smooth vs spiculated nodule findings at CT01",
        "groups",
        _groups(rows1, lambda f: f["margin"]),
    )
    yield _q(
        fam,
        "Hi, number of calcified nodule findings please. Thanks - QA office",
        "count",
        _fcount(NOD, calcified),
    )
    yield _q(
        fam,
        "ggn vs part-solid nodule findings on CT02 scans",
        "groups",
        _groups(_nod_rows(subsolid, where=at_station("CT02")), lambda f: f["attenuation"]),
    )
    yield _q(
        fam,
        "pneumothoraces: left vs right",
        "groups",
        _groups(
            [f for f in _kind_rows("pneumothorax") if f["side"] is not None], lambda f: f["side"]
        ),
    )
    yield _q(
        fam,
        "spot check for the audit: spiculated ggns",
        "study",
        sids(nod(margin("spiculated"), att("ground-glass"))),
    )
    yield _q(
        fam,
        "registry question: pts w spiculated psn",
        "patient",
        pids(nod(margin("spiculated"), att("part-solid"))),
    )
    yield _q(
        fam,
        "smooth calcified solid nodules 5 mm or less",
        "study",
        sids(nod(margin("smooth"), calcified, att("solid"), le(D, 5))),
    )
    yield _q(
        fam,
        "calcifed smooth nodules in the rul",
        "study",
        sids(nod(calcified, margin("smooth"), in_lobe("RUL"))),
    )
    yield _q(
        fam,
        "rml nodule findings split by attenuation (solid / part-solid / ggn)",
        "groups",
        _groups(_nod_rows(in_lobe("RML")), lambda f: f["attenuation"]),
    )
    yield _q(
        fam,
        "QA audit request: ldcts that have nodules, all of them calcified",
        "study",
        sids(ldct, lambda s: bool(nods(s)) and all(calcified(f) for f in nods(s))),
    )
    yield _q(
        fam,
        "ground glass nodules without spiculation bigger than 15 mm",
        "study",
        sids(nod(att("ground-glass"), lambda f: f["margin"] != "spiculated", gt(D, 15))),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    multi = _pool(lambda p: len(own(p)) >= 3)
    p1 = pick(rng, multi)
    span = _span_days(p1, ALL)
    yield _q(
        fam,
        f"for the department review - days between {p1}'s first and latest study",
        "value",
        float(span or 0),
    )
    yield _q(
        fam,
        "Dear all, what is the median gap in days between consecutive ldcts of the "
        "same patient? Kind regards, J. Moreau",
        "value",
        median_of([float(g) for g in _consecutive_gaps(ldct)]),
    )
    yield _q(
        fam,
        "mean interval in days between a patient's successive studies",
        "value",
        mean_of([float(g) for g in _consecutive_gaps(ALL)]),
    )
    p2 = pick(rng, multi)
    a, b = own(p2)[0], own(p2)[-1]
    yield _q(
        fam,
        f"how many days from accession {_acc(a)} to accession {_acc(b)}",
        "value",
        float(days_between(a["study_date"], b["study_date"])),
    )

    def after_days(n: int) -> list[str]:
        return history(lambda mine: days_between(mine[0]["study_date"], mine[-1]["study_date"]) > n)

    yield from ask(
        fam,
        "for the department review - patients followed up for more than 24 months",
        "patient",
        _followed_months(24, False),
        after_days(730),
        after_days(731),
    )
    p3 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3))
    yield _q(
        fam,
        f"span in days from the first to the last ldct of {p3}",
        "value",
        float(_span_days(p3, ldct) or 0),
    )
    yield from ask(
        fam,
        "patients with at least 18 months between their first and latest scan",
        "patient",
        _followed_months(18, True),
        history(lambda mine: days_between(mine[0]["study_date"], mine[-1]["study_date"]) >= 548),
        history(lambda mine: days_between(mine[0]["study_date"], mine[-1]["study_date"]) >= 547),
    )
    yield _q(
        fam,
        "quick one please: longest gap in days between two consecutive ldcts of one patient",
        "value",
        float(max(_consecutive_gaps(ldct))),
    )

    def repeat_within(mine: list[Row], days: int) -> bool:
        ld = [s for s in mine if ldct(s)]
        return any(
            days_between(x["study_date"], y["study_date"]) <= days
            for x, y in itertools.pairwise(ld)
        )

    yield from ask(
        fam,
        "pts whose ldct was repeated within 310 days",
        "patient",
        history(lambda mine: repeat_within(mine, 310)),
    )
    yield _q(
        fam,
        "median follow up in days, first to latest study, among patients with more than one study",
        "value",
        median_of(
            [
                float(days_between(m[0]["study_date"], m[-1]["study_date"]))
                for m in (own(p["patient_id"]) for p in pats())
                if len(m) > 1
            ]
        ),
    )
    yield _q(
        fam,
        "shortest interval in days between two successive studies of one patient",
        "value",
        float(min(_consecutive_gaps(ALL))),
    )
    yield _q(
        fam,
        "average days from a patient's first study to their second",
        "value",
        mean_of(
            [
                float(days_between(m[0]["study_date"], m[1]["study_date"]))
                for m in (own(p["patient_id"]) for p in pats())
                if len(m) > 1
            ]
        ),
    )
    yield _q(
        fam,
        "how many pts have at least 400 days of follow-up, first to last scan",
        "count",
        len(
            history(lambda mine: days_between(mine[0]["study_date"], mine[-1]["study_date"]) >= 400)
        ),
    )
    p5 = pick(rng, _pool(lambda p: _count_in(p, chest_ct) >= 2))
    yield _q(
        fam,
        f"{p5} chest ct to chest ct, mean gap in days",
        "value",
        mean_of(
            [
                float(days_between(x["study_date"], y["study_date"]))
                for x, y in itertools.pairwise([s for s in own(p5) if chest_ct(s)])
            ]
        ),
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
    questions = bank()
    print(f"{PART}: {len(questions)} questions; left out: {LEFT_OUT}")
