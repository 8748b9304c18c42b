"""Held-out part 36 of the question bank: questions *about* a group, typed as clinicians type them.

Written for issue 17 as a held-out measurement of the question reader, blind to it: its author
read only issue 17, the cohort README and data files (``../shared/cohort``; its
``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions" section
of ``docs/query.md`` and its "Reports" section up to "How well it reads" (not the reader's
measurements nor the lists of misses, fixes and limits), :mod:`question_bank` (the :class:`Item`
type, its helpers and its scoring function ``_matches``, for the form of a "value" or "groups"
answer), :mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of the
cohort, imported here), and ``bank_fresh_24.py`` for its format and module docstring only, up to
the line that opens its families. The reader's code (``query/``), ``appliance/``, the tests
(``test_*.py``), ``family_reading.py`` and the other parts' questions were not opened, and the
engine was never run on these questions: they were frozen (committed) before any was put to it,
and none is to be changed to suit it afterwards. Their texts were compared with
``dev_queries.jsonl``, parts 22 to 34 and every question of ``question_bank.bank()`` and
``ungated_bank()`` (loaded, never read) by a throwaway script that printed only this part's
matches (word for word after lower-casing and dropping punctuation, or a word overlap of 75 % or
more of the longer question): 26 matched and were reworded, one rewording matched again and was
reworded again, none is left, and no question of this part repeats another (:func:`bank` refuses
a repeat).

The part's emphasis is the question asked *about* a group rather than for a list: breakdowns
("by", "per", "split by", "broken down by", "tally by", "distribution", "M/F/O split") counted
over sex, station, modality, Lung-RADS category, lobe, attenuation and margin; comparisons of two
named groups ("CT01 vs CT02", "ct vs dx", "RUL vs LUL", "men vs women"); percentages and ratios
with their denominators said many ways ("what fraction of", "how many out of", "proportion",
"share", "% of", "(%)"); rankings ("top N", "which N", "the N eldest", "the most", "newest");
averages and medians. About half carry a condition (a date window, a sex, an age, a finding kind,
a report concept with or without negation, a station), and 18 of the 220 a hurried typist's slip
("breakdwon", "emphysma", "patinets", "scaner", "glas", "accesion ... averge", "octobr",
"spiculted", "wihtout", "pnuemothorax", "nodlue", "betwen", "studeis", "patietns", "lowr",
"wmen", "ldtcs", "effusoins"); the expected answer is what the question plainly means.

Every family issue 17 lists is here (questions per family in brackets, 220 in all):
identifiers [17] (a patient's LDCTs, nodules per lobe, share of nodules solid or calcified, share
of exams on a station, an accession's nodules per attenuation and mean size, a UID's nodule count,
two patients' studies together, a patient's biggest nodule, findings on the latest exam, "P#",
"MRN", "acc#", an accession's patient); dates [23] (quarters "Q3 2023", "2024-Q4", "Q1-2026",
"the 4th quarter of 2023", "first half", "H2", months, "since july 2025", "this year", month
ranges, ISO and slashed ranges, births in "the 1950s", "1960 or later", "DOB before 1945");
numbers [20] (size ranges, "half a cm", "1cm", "0.5 to 1 cm", negative HU and HU ranges,
confidences, volumes in cc and mm3, long and short axis, solid component); counts [16] (studies
and LDCTs per patient, exactly N / N or more / fewer than N nodules per study, "on one scan",
means and medians of counts); set logic [13] ("both", "but never", "never had", "and again");
Lung-RADS [17] (per-category tallies of LDCTs by year, quarter, station, sex and age, worst-ever
per patient, "4a or higher", "below 3", "2 or better", shares and counts of a category); rankings
[17]; aggregates and percentages [20]; report concepts with negation [14] (emphysema,
lymphadenopathy, coronary calcification, granuloma; "negative for", "says no", "w/o",
"wihtout"); growth / new / stable [9]; demographics [14]; modality / description / station
[10]; lobes [11]; attenuation / margin / calcification [11]; intervals [8] (mean and median days
between consecutive studies or LDCTs, first to latest, first to second, gaps over 13 months).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`). Expected answers
are computed here in plain Python with the documented conventions written out by hand. Where the
conventions do not settle a reading the question is asked only when the competing readings give
the same answer (:func:`ask`; ``LEFT_OUT`` lists those that do not as the bank is built, 65 for
this seed, most of them percentages not within 0.005 of a tenth, which a percentage rounded to
0.1 could not match). The readings left open, and what was done:

- which groups a breakdown lists: the Conventions do not say whether a group with no member is
  listed with 0 or left out, so a breakdown is asked only when every group of its field (the
  three sexes, the three stations, CT and DX, the six categories, the five lobes, the three
  attenuations or margins) has a member (:func:`_groups`);
- the key of a breakdown by period (year, quarter, month) or by age band: not said (a year may
  come back as a number or as text, an age band in any form), so no such breakdown is asked;
  periods and ages are only conditions here ("how many more ldcts were done in 2025 than in
  2024" was drafted as a difference and left out: the two years have as many LDCTs);
- a comparison "A vs B": of those named, as the Conventions say for modalities and stations
  (:func:`_named`); "men vs women" is asked only where no patient of sex O is in the group, so
  that listing every sex or the two named agree (:func:`_sexes`);
- a grouped average (a mean per group) has no count per row, which ``_matches`` cannot score, so
  averages of two groups are asked as two questions ("avg nodule size in men", "... in women");
- an age with another condition (same study or each on some study), the first day of "past 6
  months", growth and stability taken in floating point or to 0.1 mm, a track that was a mass
  from its first study counted or not as a new, stable or grown nodule, "more than 2 yrs" as 24
  calendar months or 730 days, the mean age "on 2025 head cts" per study or per patient: given
  as readings, asked only when they agree;
- a finding's own Lung-RADS category against its study's: asked only as "of their own".

Readings taken: "screening ct", "low dose" and "ldct" are the CT CHEST LOW DOSE LUNG SCREENING
studies; "ct angio" the CT ANGIO CHEST PE ones; "non contrast chest cts" the CT CHEST W/O
CONTRAST description; "dx exams", "chest x-rays", "radiographs" the DX studies; "screened
patients" those with an LDCT; a nodule count "per lobe" / "by margin" counts nodule findings; an
average of nodules per study counts a study without one as 0; the spacing of consecutive studies
pools every interval (the Conventions' mean of the intervals), not a mean of each patient's mean;
"oldest / eldest" patients have the earliest birth dates; "newest" studies the latest dates. Three
answers are 0, checked and kept: no man had both Lung-RADS 4X and a pneumothorax, no patient
had both a chest x-ray and a head CT, and no LDCT report states coronary calcification absent.

Scored alone with ``python tests/query/question_bank.py --part held_out_36 -v`` once wired in.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
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
    fstudy,
    ge,
    grew_readings,
    gt,
    head_ct,
    highest,
    history,
    in_lobe,
    in_year,
    kind,
    ldct,
    lt,
    margin,
    mean_of,
    median_of,
    month_end,
    months_on,
    neg,
    new,
    nod,
    nods,
    nodule_rows,
    own,
    pats,
    pct,
    pick,
    pids,
    quarter,
    says,
    sex_is,
    shift,
    some_but_never,
    stable,
    studies,
    study_of,
    subsolid,
    top,
    uncalcified,
    untied,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_36"
SEED = 3636

# Questions whose readings disagreed (or whose percentage was not within 0.005 of a tenth, or
# whose ranking tied at its boundary), so were left out: filled while the bank is built.
LEFT_OUT: list[str] = []

SEXES = ("F", "M", "O")
STATIONS = ("CT01", "CT02", "DX01")
LOBES = ("RUL", "RML", "RLL", "LUL", "LLL")
ATTS = ("solid", "part-solid", "ground-glass")
MARGINS = ("smooth", "lobulated", "spiculated")
CATS = ("1", "2", "3", "4A", "4B", "4X")


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


def _groups(keys: Sequence[Hashable], domain: Sequence[Hashable]) -> Any:
    """Counts per group, or None when a group of ``domain`` has no member: the Conventions do
    not say whether an empty group is listed with 0 or left out, so such a breakdown is not
    asked (both readings agree only when no group is empty)."""
    tally = Counter(keys)
    if any(tally[d] == 0 for d in domain) or set(tally) - set(domain):
        return None
    return [(d, tally[d]) for d in domain]


def _named(keys: Sequence[Hashable], named: Sequence[Hashable]) -> Any:
    """Counts of the groups named in a comparison ("CT01 vs CT02"), of those named only (the
    Conventions' reading of modalities and stations compared with "vs"); None when one is 0."""
    tally = Counter(keys)
    if any(tally[d] == 0 for d in named):
        return None
    return [(d, tally[d]) for d in named]


def _sex_of(s: Row) -> str:
    return ref.sex(s)


def _pid_sex(pid: str) -> str:
    return str(ref.cohort()[0][pid]["sex"])


def _pct_of(part: int, whole: int) -> float | None:
    return pct(part, whole) if whole else None


def _share(rows: Sequence[Any], test: Callable[[Any], bool]) -> float | None:
    return _pct_of(sum(1 for r in rows if test(r)), len(rows))


def _rows(*tests: Test) -> list[Row]:
    return [s for s in studies() if all(t(s) for t in tests)]


def _nod_rows(*tests: FTest, where: Test = lambda s: True) -> list[Row]:
    return nodule_rows(*tests, where=where)


def _patients_with(*tests: Test) -> list[str]:
    return pids(*tests)


def _mean(rows: Sequence[Row], name: str, scale: float = 1.0) -> float | None:
    vals = [f[name] / scale for f in rows if f.get(name) is not None]
    return mean_of(vals) if vals else None


def _median(rows: Sequence[Row], name: str) -> float | None:
    vals = [f[name] for f in rows if f.get(name) is not None]
    return median_of(vals) if vals else None


def _per_study(rows: Sequence[Row], *tests: FTest) -> float | None:
    """Mean number of nodules passing ``tests`` per study (studies without one count 0)."""
    return mean_of([len(nods(s, *tests)) for s in rows]) if rows else None


def _first_fit(rng: random.Random, pool: Sequence[Any], fits: Callable[[Any], bool]) -> Any:
    order = list(pool)
    rng.shuffle(order)
    for x in order:
        if fits(x):
            return x
    raise ValueError("nothing in the pool fits")


def _ranked(rows: Sequence[Row], key: Callable[[Row], Any], n: int, ident: str) -> Any:
    return top(rows, key, n, ident)


def _untied(
    rows: Sequence[Row], key: Callable[[Row], Any], ident: str, start: int
) -> tuple[int, list[str] | None]:
    """A ranking's first untied number from ``start`` up, or (``start``, None): left out."""
    try:
        return untied(rows, key, ident, start)
    except AssertionError:
        return start, None


def _count_per_patient(test: Test) -> dict[str, int]:
    return {p["patient_id"]: sum(1 for s in own(p["patient_id"]) if test(s)) for p in pats()}


def _latest_age(pid: str) -> int:
    return ref.age(own(pid)[-1])


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    all_pids = [p["patient_id"] for p in pats()]
    p1 = _first_fit(rng, all_pids, lambda p: len(own(p)) >= 3 and any(ldct(s) for s in own(p)))
    yield from ask(fam, f"how many of {p1}'s scans were ldcts", "count", count(ldct, _of(p1)))
    lobed = [f["lobe"] for s in own(p1) for f in nods(s)]
    p2 = _first_fit(
        rng, all_pids, lambda p: _groups([f["lobe"] for s in own(p) for f in nods(s)], LOBES)
    )
    lobed = [f["lobe"] for s in own(p2) for f in nods(s)]
    yield from ask(fam, f"{p2} nodule tally by lobe", "groups", _groups(lobed, LOBES))
    p3 = _first_fit(rng, all_pids, lambda p: any(nods(s) for s in own(p)))
    rows3 = [f for s in own(p3) for f in nods(s)]
    yield from ask(
        fam,
        f"pt {p3}: mean nodule diameter over all of their exams",
        "value",
        _mean(rows3, "diameter_mm"),
    )
    p4 = _first_fit(
        rng, all_pids, lambda p: _share(own(p), at_station("CT02")) not in (None, 0.0, 100.0)
    )
    yield from ask(
        fam,
        f"what % of {p4}'s imaging was acquired on ct02",
        "value",
        _share(own(p4), at_station("CT02")),
    )
    s5 = _first_fit(rng, studies(), lambda s: _groups([f["attenuation"] for f in nods(s)], ATTS))
    yield from ask(
        fam,
        f"acc# {s5['accession']} - nods split by attenuation",
        "groups",
        _groups([f["attenuation"] for f in nods(s5)], ATTS),
    )
    s6 = _first_fit(rng, studies(), lambda s: len(nods(s)) >= 4)
    yield from ask(fam, f"total nodule count on {s6['study_uid']}", "count", len(nods(s6)))
    p7, p8 = rng.sample(all_pids, 2)
    yield from ask(
        fam, f"{p7} + {p8}: combined number of studies", "count", len(own(p7)) + len(own(p8))
    )
    p9 = _first_fit(
        rng,
        all_pids,
        lambda p: (
            len([f for s in own(p) for f in nods(s)]) >= 3
            and _ranked(
                [f for s in own(p) for f in nods(s)], lambda f: -f["diameter_mm"], 1, "finding_id"
            )
            is not None
        ),
    )
    rows9 = [f for s in own(p9) for f in nods(s)]
    yield from ask(
        fam,
        f"biggest nodule ever recorded for MRN {p9}",
        "finding",
        _ranked(rows9, lambda f: -f["diameter_mm"], 1, "finding_id"),
    )
    p10 = _first_fit(rng, all_pids, lambda p: len(fo(own(p)[-1])) >= 2)
    yield from ask(
        fam,
        f"{p10} most recent exam - how many findings of any kind",
        "count",
        len(fo(own(p10)[-1])),
    )
    p11 = _first_fit(
        rng,
        all_pids,
        lambda p: _share([f for s in own(p) for f in nods(s)], calcified) not in (None, 0.0, 100.0),
    )
    yield from ask(
        fam,
        f"for patient {p11}, fraction of nodules that are calcified (%)",
        "value",
        _share([f for s in own(p11) for f in nods(s)], calcified),
    )
    p12 = _first_fit(
        rng,
        all_pids,
        lambda p: _named([s["station"] for s in own(p)], ("CT01", "CT02")) is not None,
    )
    yield from ask(
        fam,
        f"ct01 vs ct02 study counts for pt {p12}",
        "groups",
        _named([s["station"] for s in own(p12)], ("CT01", "CT02")),
    )
    s13 = pick(rng, studies())
    yield from ask(fam, f"acc {s13['accession']}, which patient", "patient", [s13["patient_id"]])
    worse: Test = cat_in("4A", "4B", "4X")
    p14 = _first_fit(rng, all_pids, lambda p: sum(1 for s in own(p) if worse(s)) >= 2)
    yield from ask(
        fam,
        f"P# {p14}: on how many of their scans was lr 4a or worse",
        "count",
        sum(1 for s in own(p14) if worse(s)),
    )


def _of(pid: str) -> Test:
    return lambda s: bool(s["patient_id"] == pid)


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    for y, q in ((2023, 3), (2025, 1), (2024, 4)):
        rows = _rows(ldct, quarter(y, q))
        yield from ask(
            fam,
            f"CT01 vs CT02 ldct counts, Q{q} {y}"
            if y != 2024
            else f"ldcts {y}-Q{q}: ct01 versus ct02",
            "groups",
            _named([s["station"] for s in rows], ("CT01", "CT02")),
        )
    m = _first_fit(
        rng,
        range(1, 13),
        lambda m: _groups(
            [s["station"] for s in _rows(dated(f"2025-{m:02d}-01", _mend(2025, m)))], STATIONS
        ),
    )
    rows = _rows(dated(f"2025-{m:02d}-01", _mend(2025, m)))
    yield from ask(
        fam,
        f"all exams in {MONTHS[m - 1]} 2025 broken down by station",
        "groups",
        _groups([s["station"] for s in rows], STATIONS),
    )
    rows = _rows(dated("2025-07-01", AS_OF))
    yield from ask(
        fam,
        "studies since july 2025, split by modality",
        "groups",
        _groups([s["modality"] for s in rows], ("CT", "DX")),
    )
    h2 = _rows(dated("2024-07-01", "2024-12-31"))
    yield from ask(
        fam, "what percent of H2 2024 studies were head cts", "value", _share(h2, head_ct)
    )
    for y, q, text in (
        (2024, 2, "for the screening exams of 2024-Q2, give me a count in each lung-rads bucket"),
        (2023, 4, "lr distribution for ldcts in the 4th quarter of 2023"),
    ):
        rows = _rows(ldct, quarter(y, q))
        yield from ask(fam, text, "groups", _groups([category(s) for s in rows], CATS))
    yield from ask(
        fam,
        "count of chest x-rays, first half of 2026",
        "count",
        count(cxr, dated("2026-01-01", "2026-06-30")),
    )
    m2 = _first_fit(
        rng,
        range(1, 13),
        lambda m: _groups(
            [_pid_sex(p) for p in pids(dated(f"2024-{m:02d}-01", _mend(2024, m)))], SEXES
        ),
    )
    yield from ask(
        fam,
        f"sex breakdown of pts scanned in {MONTHS[m2 - 1].capitalize()} 2024",
        "groups",
        _groups([_pid_sex(p) for p in pids(dated(f"2024-{m2:02d}-01", _mend(2024, m2)))], SEXES),
    )
    d24, d25 = count(ldct, in_year(2024)), count(ldct, in_year(2025))
    yield from ask(
        fam,
        "how many more ldcts were done in 2025 than in 2024",
        "count",
        d25 - d24 if d25 > d24 else None,
    )
    yr = _rows(in_year(2024))
    yield from ask(
        fam, "what fraction of 2024 exams were done in Q3", "value", _share(yr, quarter(2024, 3))
    )
    rows = _rows(any_ct, dated("2023-05-15", "2023-11-14"))
    yield from ask(
        fam,
        "ct01 vs ct02 CT counts from 2023-05-15 to 2023-11-14",
        "groups",
        _named([s["station"] for s in rows], ("CT01", "CT02")),
    )
    last6 = [
        _rows(dated(d, AS_OF)) for d in (months_on(AS_OF, -6), _next_day(months_on(AS_OF, -6)))
    ]
    yield from ask(
        fam,
        "past 6 months: studies per modality",
        "groups",
        *[_groups([s["modality"] for s in r], ("CT", "DX")) for r in last6],
    )
    born50s = [p["patient_id"] for p in pats() if "1950-01-01" <= p["birth_date"] <= "1959-12-31"]
    yield from ask(
        fam,
        "patients born in the 1950s, by sex",
        "groups",
        _groups([_pid_sex(p) for p in born50s], SEXES),
    )
    old = [p["patient_id"] for p in pats() if p["birth_date"] < "1945-01-01"]
    yield from ask(
        fam, "DOB before 1945 - M/F/O split", "groups", _groups([_pid_sex(p) for p in old], SEXES)
    )
    rows = _rows(ldct, dated("2024-11-01", "2025-02-28"))
    yield from ask(
        fam,
        "nov 2024 - feb 2025 ldcts, how many per lr category",
        "groups",
        _groups([category(s) for s in rows], CATS),
    )
    rows = _rows(dated("2023-01-01", "2023-06-30"))
    yield from ask(
        fam, "1st half of 2023: share of studies that were ct angios", "value", _share(rows, cta)
    )
    yield from ask(
        fam,
        "how many ldcts in march thru may 2026",
        "count",
        count(ldct, dated("2026-03-01", "2026-05-31")),
    )
    rows = _rows(chest_ct, dated("2026-01-01", AS_OF))
    yield from ask(
        fam,
        "chest ct's this year by scanner (ct01 vs ct02)",
        "groups",
        _named([s["station"] for s in rows], ("CT01", "CT02")),
    )
    yield from ask(
        fam,
        "on average how many nodules turned up per screening ct during Q2 2025",
        "value",
        _per_study(_rows(ldct, quarter(2025, 2))),
    )


MONTHS = [
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


def _mend(y: int, m: int) -> str:
    return month_end(y, m)


def _next_day(day: str) -> str:
    return shift(day, 1)


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    lo = _first_fit(
        rng,
        (4, 5, 6, 7),
        lambda x: _groups([f["lobe"] for f in _nod_rows(within("diameter_mm", x, x + 2))], LOBES),
    )
    rows = _nod_rows(within("diameter_mm", lo, lo + 2))
    yield from ask(
        fam,
        f"{lo}-{lo + 2} mm nodlue count per lobe",
        "groups",
        _groups([f["lobe"] for f in rows], LOBES),
    )
    hu = _first_fit(
        rng,
        (300, 400, 500, 600),
        lambda x: _groups([f["margin"] for f in _nod_rows(lt("mean_hu", -x))], MARGINS),
    )
    rows = _nod_rows(lt("mean_hu", -hu))
    yield from ask(
        fam,
        f"nodules below -{hu} HU: how many of each margin",
        "groups",
        _groups([f["margin"] for f in rows], MARGINS),
    )
    rows = _nod_rows(lt("diameter_mm", 5))
    yield from ask(
        fam,
        "nods under half a cm, split by attenuation",
        "groups",
        _groups([f["attenuation"] for f in rows], ATTS),
    )
    yield from ask(
        fam,
        "avg volume in cc of nodules 8 mm or larger",
        "value",
        _mean(_nod_rows(ge("diameter_mm", 8)), "volume_mm3", 1000.0),
    )
    x = _first_fit(
        rng,
        range(6, 25),
        lambda x: _share(_nod_rows(ge("diameter_mm", x)), margin("spiculated")) is not None,
    )
    yield from ask(
        fam,
        f"% of nodules ≥ {x} mm that are spiculated",
        "value",
        _share(_nod_rows(ge("diameter_mm", x)), margin("spiculated")),
    )
    yield from ask(
        fam,
        "masses only: middle value (median) of their long axis, mm",
        "value",
        _median([f for f in findings() if f["kind"] == "mass"], "long_axis_mm"),
    )
    c = _first_fit(
        rng,
        (60, 65, 70, 75),
        lambda c: _groups([f["lobe"] for f in _nod_rows(lt("confidence", c / 100))], LOBES),
    )
    rows = _nod_rows(lt("confidence", c / 100))
    yield from ask(
        fam,
        f"nodules w conf < 0.{c}: lobe breakdown",
        "groups",
        _groups([f["lobe"] for f in rows], LOBES),
    )
    big = pids(nod(gt("diameter_mm", 20)))
    yield from ask(
        fam,
        "pts w a nodule over 2 cm - split by gender",
        "groups",
        _groups([_pid_sex(p) for p in big], SEXES),
    )
    sc = _first_fit(
        rng,
        (3, 4, 5, 6),
        lambda x: (
            _groups(
                [f["lung_rads"] for f in _nod_rows(att("part-solid"), ge("solid_component_mm", x))],
                ("2", "3", "4A", "4B", "4X"),
            )
            is not None
        ),
    )
    rows = _nod_rows(att("part-solid"), ge("solid_component_mm", sc))
    yield from ask(
        fam,
        f"psns with solid comp of {sc}mm or more: how many nodules per lung-rads of their own",
        "groups",
        _groups([f["lung_rads"] for f in rows], ("2", "3", "4A", "4B", "4X")),
    )
    rows = _nod_rows(within("mean_hu", -100, 100))
    yield from ask(
        fam,
        "how many nodules have mean HU from -100 to +100, per attenuation",
        "groups",
        _groups([f["attenuation"] for f in rows], ATTS),
    )
    yield from ask(
        fam,
        "mean vol (mm3) of subcentimeter ggns",
        "value",
        _mean(_nod_rows(att("ground-glass"), lt("diameter_mm", 10)), "volume_mm3"),
    )
    yield from ask(
        fam,
        "what proportion of nodules between 6 and 8 mm are part-solid",
        "value",
        _share(_nod_rows(within("diameter_mm", 6, 8)), att("part-solid")),
    )
    yield from ask(
        fam,
        "short axis > 12mm nodules, count by margin",
        "groups",
        _groups([f["margin"] for f in _nod_rows(gt("short_axis_mm", 12))], MARGINS),
    )
    yield from ask(
        fam,
        "average confidence of nodules 1.5 cm or bigger",
        "value",
        _mean(_nod_rows(ge("diameter_mm", 15)), "confidence"),
    )
    yield from ask(
        fam,
        "how many ldcts had a nodule with volume over 500 mm3",
        "count",
        count(ldct, nod(gt("volume_mm3", 500))),
    )
    yield from ask(
        fam,
        "long axis ≥ 25mm nodules, how many per lobe",
        "groups",
        _groups([f["lobe"] for f in _nod_rows(ge("long_axis_mm", 25))], LOBES),
    )
    yield from ask(
        fam,
        "percent of findings with confidence at least 0.95",
        "value",
        _share(findings(), ge("confidence", 0.95)),
    )
    yield from ask(
        fam,
        "median diameter of nodules in the 0.5 to 1 cm range",
        "value",
        _median(_nod_rows(within("diameter_mm", 5, 10)), "diameter_mm"),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    per = _count_per_patient(ldct)
    three = [p for p, n in per.items() if n >= 3]
    yield from ask(
        fam,
        "# of patients with 3+ ldcts, by sex",
        "groups",
        _groups([_pid_sex(p) for p in three], SEXES),
    )
    n = _first_fit(
        rng,
        (2, 3, 4),
        lambda n: (
            _named([s["station"] for s in studies() if len(nods(s)) == n], ("CT01", "CT02"))
            is not None
        ),
    )
    rows = _rows(lambda s: len(nods(s)) == n)
    yield from ask(
        fam,
        f"CT01 vs CT02: scans with exactly {WORDS[n]} nodules",
        "groups",
        _named([s["station"] for s in rows], ("CT01", "CT02")),
    )
    single = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) == 1]
    yield from ask(
        fam,
        "how many pts had only one scan, broken down by gender",
        "groups",
        _groups([_pid_sex(p) for p in single], SEXES),
    )
    yield from ask(
        fam, "count ldcts with 5 or more nodules", "count", count(ldct, lambda s: len(nods(s)) >= 5)
    )
    yield from ask(
        fam,
        "typical workload per person - mean count of exams each patient has on file",
        "value",
        mean_of([len(own(p["patient_id"])) for p in pats()]),
    )
    four = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 4]
    yield from ask(
        fam,
        "patients scanned at least 4 times — what % are women",
        "value",
        _share(four, lambda p: _pid_sex(p) == "F"),
    )
    yield from ask(
        fam,
        "screening cts from 2024 that came back with no nodule at all - total",
        "count",
        count(ldct, in_year(2024), lambda s: not nods(s)),
    )
    yield from ask(
        fam,
        "low dose scans showing fewer than 2 nodules, tallied by lung-rads",
        "groups",
        _groups(
            [category(s) for s in _rows(ldct, lambda s: len(nods(s)) < 2)],
            ("1", "2", "3", "4A", "4B", "4X"),
        ),
    )
    multi = [p for p, n in per.items() if n >= 2]
    yield from ask(
        fam, "out of all patients with an ldct, how many had 2 or more of them", "count", len(multi)
    )
    yield from ask(
        fam,
        "median # of scans a patient has",
        "value",
        median_of([len(own(p["patient_id"])) for p in pats()]),
    )
    yield from ask(
        fam,
        "total studies with more than 3 nodules on one ct, women only",
        "count",
        count(sex_is("F"), lambda s: len(nods(s)) > 3),
    )
    twohead = [p for p, k in _count_per_patient(head_ct).items() if k >= 2]
    yield from ask(fam, "people who needed 2+ head cts, headcount please", "count", len(twohead))
    yield from ask(
        fam,
        "mean nodule count on a single chest ct at ct02",
        "value",
        _per_study(_rows(chest_ct, at_station("CT02"))),
    )
    yield from ask(
        fam,
        "what fraction of ldcts show exactly one nodule",
        "value",
        _share(_rows(ldct), lambda s: len(nods(s)) == 1),
    )


WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    both = history(each_on_some(head_ct, ldct))
    yield from ask(
        fam,
        "pts with both a head ct and an ldct, by sex",
        "groups",
        _groups([_pid_sex(p) for p in both], SEXES),
    )
    yield from ask(
        fam,
        "number of patients with a spiculated nodule but never a mass",
        "count",
        len(history(some_but_never(nod(margin("spiculated")), kind("mass")))),
    )
    never = history(lambda mine: not any(map(ldct, mine)))
    yield from ask(
        fam,
        "never had an ldct: patient count split by sex",
        "groups",
        _groups([_pid_sex(p) for p in never], SEXES),
    )
    angio = pids(cta)
    no_ldct = set(never)
    yield from ask(
        fam,
        "what fraction of pts with a ct angio never had a low dose screening ct",
        "value",
        _share(angio, lambda p: p in no_ldct),
    )
    yield from ask(
        fam,
        "women with emphysema on a report and a ggn, on any scans",
        "patient",
        sorted(
            set(history(each_on_some(says("emphysema"), nod(att("ground-glass")))))
            & set(pids(sex_is("F")))
        ),
    )
    yield from ask(
        fam,
        "# of men who had lr 4x at some point and also a pneumothorax",
        "count",
        len(
            set(history(each_on_some(cat_in("4X"), kind("pneumothorax")))) & set(pids(sex_is("M")))
        ),
    )
    nm = history(lambda mine: any(map(ldct, mine)) and not any(map(nod(), mine)))
    yield from ask(fam, "screened pts who never had any nodule, how many", "count", len(nm))
    yield from ask(
        fam,
        "pts w a ggn and a psn but never a solid nodule",
        "patient",
        history(
            lambda m: (
                any(map(nod(att("ground-glass")), m))
                and any(map(nod(att("part-solid")), m))
                and not any(map(nod(att("solid")), m))
            )
        ),
    )
    hx = history(each_on_some(cxr, head_ct))
    yield from ask(fam, "how many patients had both a chest xray and a head ct", "count", len(hx))
    yield from ask(
        fam,
        "of the patients with a pneumothorax, what % never had a nodule",
        "value",
        _share(pids(kind("pneumothorax")), lambda p: not any(map(nod(), own(p)))),
    )
    yield from ask(
        fam,
        "pts never scanned at CT01, gender breakdown",
        "groups",
        _groups(
            [_pid_sex(p) for p in history(lambda m: not any(map(at_station("CT01"), m)))], SEXES
        ),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    texts = {
        2023: "lung-rads distribution of 2023 ldcts",
        2024: "how were the 2024 screening cts spread across lung rads categories",
        2025: "ldcts in 2025 - count per category",
        2026: "2026 ldct tally by lr",
    }
    for y, text in texts.items():
        yield from ask(
            fam, text, "groups", _groups([category(s) for s in _rows(ldct, in_year(y))], CATS)
        )
    y = rng.choice((2024, 2025))
    yield from ask(
        fam,
        f"lr breakdown, ldcts at CT01 in {y}",
        "groups",
        _groups([category(s) for s in _rows(ldct, at_station("CT01"), in_year(y))], CATS),
    )
    yield from ask(
        fam,
        "% of 2025 ldcts rated lr 4a or higher",
        "value",
        _share(_rows(ldct, in_year(2025)), cat_in("4A", "4B", "4X")),
    )
    rows = _rows(ldct, sex_is("F"), lambda s: ref.age(s) > 70)
    yield from ask(
        fam,
        "per category, how many ldcts in women over 70",
        "groups",
        _groups([category(s) for s in rows], CATS),
    )
    screened = pids(ldct)
    over_all = [highest(own(p)) for p in screened]
    over_ldct = [highest([s for s in own(p) if ldct(s)]) for p in screened]
    yield from ask(
        fam,
        "screened patients by their worst-ever lung-rads category",
        "groups",
        _groups(over_all, CATS),
        _groups(over_ldct, CATS),
    )
    rows = _rows(ldct, in_year(2024))
    yield from ask(
        fam,
        "LR 4X ldcts in 2024: ct01 vs ct02",
        "groups",
        _named([s["station"] for s in _rows(ldct, in_year(2024), cat_in("4X"))], ("CT01", "CT02")),
    )
    yield from ask(
        fam,
        "what fraction of men's ldcts were category 3",
        "value",
        _share(_rows(ldct, sex_is("M")), cat_in("3")),
    )
    yield from ask(
        fam,
        "how many out of the 2023 screening scans were lr 1",
        "count",
        count(ldct, in_year(2023), cat_in("1")),
    )
    yield from ask(
        fam,
        "lung-rads 4b ldcts, gender split (patients)",
        "groups",
        _groups([_pid_sex(p) for p in pids(ldct, cat_in("4B"))], SEXES),
    )
    yield from ask(
        fam,
        "pts whose highest lr ever was 4a - how many",
        "count",
        sum(1 for p in pats() if highest(own(p["patient_id"])) == "4A"),
    )
    yield from ask(
        fam,
        "proportion of chest cts below lr 3",
        "value",
        _share(_rows(chest_ct), cat_in("1", "2")),
    )
    yield from ask(
        fam,
        "lr 2 or better ldcts among patients aged 50 to 60, count",
        "count",
        count(ldct, cat_in("1", "2"), age_in(50, 60)),
    )
    yield from ask(
        fam,
        "lung-rads categories for non-screening chest cts, how many each",
        "groups",
        _groups([category(s) for s in _rows(chest_ct, neg(ldct))], CATS),
    )
    yield from ask(
        fam,
        "ldcts w emphysema on the report: lr breakdwon",
        "groups",
        _groups([category(s) for s in _rows(ldct, says("emphysema"))], CATS),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    per = _count_per_patient(ldct)
    rows = [{"patient_id": p, "k": -n} for p, n in per.items()]
    n, who = _untied(rows, lambda r: r["k"], "patient_id", 3)
    yield from ask(fam, f"which {n} patients have had the most ldcts", "patient", who)
    ggw = _nod_rows(att("ground-glass"), where=sex_is("F"))
    n2, best = _untied(ggw, lambda f: -f["diameter_mm"], "finding_id", 3)
    yield from ask(fam, f"the {n2} largest ggns in women", "finding", best)
    spic = [p for p in pats() if p["patient_id"] in set(pids(nod(margin("spiculated"))))]
    n3, oldest = _untied(spic, lambda p: p["birth_date"], "patient_id", 5)
    yield from ask(
        fam, f"among everyone with a spiculated nodule, who are the {n3} eldest", "patient", oldest
    )
    v24 = _nod_rows(where=both_(ldct, in_year(2024)))
    n4, vol = _untied(v24, lambda f: -f["volume_mm3"], "finding_id", 4)
    yield from ask(fam, f"top {n4} nodules by volume on 2024 ldcts", "finding", vol)
    calc = {
        p["patient_id"]: sum(len(nods(s, calcified)) for s in own(p["patient_id"])) for p in pats()
    }
    crow = [{"patient_id": p, "k": -k} for p, k in calc.items()]
    n5, most = _untied(crow, lambda r: r["k"], "patient_id", 1)
    yield from ask(
        fam,
        "single patient carrying the greatest number of calcified nodules"
        if n5 == 1
        else f"name the {n5} patients whose calcified-nodule count is highest",
        "patient",
        most,
    )
    mx = [
        {
            "patient_id": p["patient_id"],
            "k": -max((len(nods(s)) for s in own(p["patient_id"])), default=0),
        }
        for p in pats()
    ]
    n6, mxp = _untied(mx, lambda r: r["k"], "patient_id", 3)
    yield from ask(
        fam, f"which {n6} patients had the most nodules on a single scan", "patient", mxp
    )
    ct2 = _nod_rows(att("solid"), where=at_station("CT02"))
    n7, dense = _untied(ct2, lambda f: -f["mean_hu"], "finding_id", 5)
    yield from ask(fam, f"top {n7} densest solid nods scanned at ct02", "finding", dense)
    men = _rows(sex_is("M"), ldct)
    n8, recent = _untied(
        men, lambda s: tuple(-int(x) for x in s["study_date"].split("-")), "study_uid", 4
    )
    yield from ask(fam, f"male screening exams: the {n8} newest ones", "study", recent)
    ps = _nod_rows(att("part-solid"))
    n9, lowc = _untied(ps, lambda f: f["confidence"], "finding_id", 3)
    yield from ask(fam, f"the {n9} least confident part-solid nodules", "finding", lowc)
    women = [p for p in pats() if p["sex"] == "F" and any(head_ct(s) for s in own(p["patient_id"]))]
    n10, ow = _untied(women, lambda p: p["birth_date"], "patient_id", 3)
    yield from ask(fam, f"the {n10} oldest women who had a head ct", "patient", ow)
    masses = [f for f in findings() if f["kind"] == "mass"]
    n11, ml = _untied(masses, lambda f: -f["long_axis_mm"], "finding_id", 2)
    yield from ask(fam, f"{n11} masses with the longest long axis", "finding", ml)
    rll = _nod_rows(in_lobe("RLL"), att("solid"))
    n12, sm = _untied(rll, lambda f: f["volume_mm3"], "finding_id", 3)
    yield from ask(fam, f"smallest {n12} solid RLL nodules by volume", "finding", sm)
    ggc = [
        {
            "patient_id": p["patient_id"],
            "k": -sum(len(nods(s, att("ground-glass"))) for s in own(p["patient_id"])),
        }
        for p in pats()
    ]
    n13, gg = _untied(ggc, lambda r: r["k"], "patient_id", 5)
    yield from ask(fam, f"top {n13} patients ranked by ggn count", "patient", gg)


def aggregates(rng: random.Random) -> Rows:
    fam = "aggregates"
    yield from ask(
        fam, "avg nodule size in men", "value", _mean(_nod_rows(where=sex_is("M")), "diameter_mm")
    )
    yield from ask(
        fam, "avg nodule size in women", "value", _mean(_nod_rows(where=sex_is("F")), "diameter_mm")
    )
    yield from ask(
        fam,
        "ct02 psn volumes - median value",
        "value",
        _median(_nod_rows(att("part-solid"), where=at_station("CT02")), "volume_mm3"),
    )
    yield from ask(
        fam, "average # nodules per ldct in 2023", "value", _per_study(_rows(ldct, in_year(2023)))
    )
    yield from ask(
        fam,
        "2024 screening cts: proportion acquired on the CT01 scanner",
        "value",
        _share(_rows(ldct, in_year(2024)), at_station("CT01")),
    )
    women = [p["patient_id"] for p in pats() if p["sex"] == "F"]
    big = set(pids(nod(gt("diameter_mm", 8))))
    yield from ask(
        fam,
        "what % of women ever had a nodule over 8 mm",
        "value",
        _share(women, lambda p: p in big),
    )
    men_cta = [p for p in pids(cta) if _pid_sex(p) == "M"]
    yield from ask(
        fam, "how many out of all the pts with a ct angio were men", "count", len(men_cta)
    )
    lobe = rng.choice(LOBES)
    yield from ask(
        fam,
        f"proportion of {lobe} nodules that are calcified",
        "value",
        _share(_nod_rows(in_lobe(lobe)), calcified),
    )
    yield from ask(
        fam,
        "fraction of ldcts with emphysema in the report",
        "value",
        _share(_rows(ldct), says("emphysema")),
    )
    yield from ask(
        fam,
        "mean HU of ground glass nods, women only",
        "value",
        _mean(_nod_rows(att("ground-glass"), where=sex_is("F")), "mean_hu"),
    )
    yield from ask(
        fam,
        "median solid component of psns in men over 65",
        "value",
        _median(
            _nod_rows(att("part-solid"), where=both_(sex_is("M"), lambda s: ref.age(s) > 65)),
            "solid_component_mm",
        ),
    )
    yield from ask(fam, "% of all studies that were head ct's", "value", _share(studies(), head_ct))
    yield from ask(
        fam, "percentage of pts who are male", "value", _share(pats(), lambda p: p["sex"] == "M")
    )
    yield from ask(
        fam,
        "what share of nodules are ground-glass",
        "value",
        _share(_nod_rows(), att("ground-glass")),
    )
    yield from ask(
        fam,
        "spiculated nods: mean long-axis length expressed in cm",
        "value",
        _mean(_nod_rows(margin("spiculated")), "long_axis_mm", 10.0),
    )
    yield from ask(
        fam,
        "mean confidence, pneumothorax findings",
        "value",
        _mean([f for f in findings() if f["kind"] == "pneumothorax"], "confidence"),
    )
    yield from ask(
        fam,
        "avg nodules per ldct for female patients",
        "value",
        _per_study(_rows(ldct, sex_is("F"))),
    )
    yield from ask(
        fam,
        "average nodule diameter on 2026 ldcts",
        "value",
        _mean(_nod_rows(where=both_(ldct, in_year(2026))), "diameter_mm"),
    )
    yield from ask(
        fam, "what pct of ct angios were at ct02", "value", _share(_rows(cta), at_station("CT02"))
    )
    yield from ask(
        fam,
        "of the 2025 chest x rays, what % were in women",
        "value",
        _share(_rows(cxr, in_year(2025)), sex_is("F")),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield from ask(
        fam,
        "emphysema on report - pts by sex",
        "groups",
        _groups([_pid_sex(p) for p in pids(says("emphysema"))], SEXES),
    )
    yield from ask(
        fam,
        "studies whose report says no emphysema, per station",
        "groups",
        _groups([s["station"] for s in _rows(denies("emphysema"))], STATIONS),
    )
    yield from ask(
        fam,
        "% of ldcts where the report documents coronary calcification",
        "value",
        _share(_rows(ldct), says("coronary")),
    )
    yield from ask(
        fam,
        "how many men had lymphadenopathy in a report",
        "count",
        len([p for p in pids(says("lymphadenopathy")) if _pid_sex(p) == "M"]),
    )
    yield from ask(
        fam,
        "ldcts w/o emphysema - lung-rads counts",
        "groups",
        _groups([category(s) for s in _rows(ldct, neg(says("emphysema")))], CATS),
    )
    yield from ask(
        fam,
        "reports negative for lymphadenopathy: ct01 vs ct02",
        "groups",
        _named([s["station"] for s in _rows(denies("lymphadenopathy"))], ("CT01", "CT02")),
    )
    yield from ask(
        fam,
        "what fraction of patients with emphysema on a report also had a spiculated nodule",
        "value",
        _share(pids(says("emphysema")), lambda p: any(map(nod(margin("spiculated")), own(p)))),
    )
    yield from ask(
        fam,
        "coronary artery calcification reported, 2025 studies, count",
        "count",
        count(says("coronary"), in_year(2025)),
    )
    yield from ask(
        fam,
        "granuloma in the report: nodules on those scans by attenuation",
        "groups",
        _groups([f["attenuation"] for s in _rows(says("granuloma")) for f in nods(s)], ATTS),
    )
    yield from ask(
        fam, "pts with emphysma on any report, how many", "count", len(pids(says("emphysema")))
    )
    yield from ask(
        fam,
        "share of screening cts whose report states no coronary calcification",
        "value",
        _share(_rows(ldct), denies("coronary")),
    )
    yield from ask(
        fam,
        "mean nodule size on ldcts with lymphadenopathy reported",
        "value",
        _mean(_nod_rows(where=both_(ldct, says("lymphadenopathy"))), "diameter_mm"),
    )
    yield from ask(
        fam,
        "emphysema noted and no nodules: how many ldcts",
        "count",
        count(ldct, says("emphysema"), lambda s: not nods(s)),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    readings = grew_readings()
    yield from ask(
        fam,
        "grown nodules, count per lobe",
        "groups",
        *[_groups([f["lobe"] for f in findings() if t(f)], LOBES) for t in readings],
    )
    newp = [pids(fstudy(new(m)), in_year(2025)) for m in (False, True)]
    yield from ask(
        fam,
        "pts with a new nodule in 2025, split by sex",
        "groups",
        *[_groups([_pid_sex(p) for p in ps], SEXES) for ps in newp],
    )
    yield from ask(
        fam,
        "how many new ggns in 2024",
        "count",
        *[len(fids(new(m), att("ground-glass"), where=in_year(2024))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "which patients had a nodule grow more than 3mm on a ct02 scan",
        "patient",
        *[pids(at_station("CT02"), fstudy(t)) for t in grew_readings(3.0)],
    )
    yield from ask(
        fam,
        "% of ldcts in 2025 showing nodule growth",
        "value",
        *[_share(_rows(ldct, in_year(2025)), fstudy(t)) for t in readings],
    )
    yield from ask(
        fam,
        "stable nodules by attenuation",
        "groups",
        *[
            _groups(
                [f["attenuation"] for f in findings() if stable(r, m)(f)],
                ATTS,
            )
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        fam,
        "avg size of the new nodules found on 2024 ldcts",
        "value",
        *[
            _mean(
                [
                    f
                    for f in findings()
                    if new(m)(f) and ldct(study_of(f)) and in_year(2024)(study_of(f))
                ],
                "diameter_mm",
            )
            for m in (False, True)
        ],
    )
    yield from ask(
        fam,
        "count of women w a growing nodule",
        "count",
        *[len([p for p in pids(fstudy(t)) if _pid_sex(p) == "F"]) for t in readings],
    )
    yield from ask(
        fam,
        "new nodules on ldcts, ct01 vs ct02",
        "groups",
        *[
            _named(
                [study_of(f)["station"] for f in findings() if new(m)(f) and ldct(study_of(f))],
                ("CT01", "CT02"),
            )
            for m in (False, True)
        ],
    )
    yield from ask(
        fam,
        "how many scans show nodule growth of at least 2 mm",
        "count",
        *[count(fstudy(t)) for t in grew_readings(2.0, True)],
    )


def demographics(rng: random.Random) -> Rows:
    fam = "demographics"
    yield from ask(
        fam,
        "gender split of the whole cohort",
        "groups",
        _groups([p["sex"] for p in pats()], SEXES),
    )
    yield from ask(
        fam,
        "% of ldcts on patients aged 70 or over",
        "value",
        _share(_rows(ldct), lambda s: ref.age(s) >= 70),
    )
    yield from ask(
        fam,
        "how many women in their 60s had an ldct in 2024",
        "count",
        len(pids(ldct, in_year(2024), sex_is("F"), age_in(60, 69))),
    )
    yield from ask(
        fam,
        "men under 55 with a ggn, how many",
        "count",
        *[
            len(r)
            for r in aged(both_(sex_is("M"), lambda s: ref.age(s) < 55), nod(att("ground-glass")))
        ],
    )
    yield from ask(
        fam,
        "patietns with a head ct, sex breakdown",
        "groups",
        _groups([_pid_sex(p) for p in pids(head_ct)], SEXES),
    )
    yield from ask(
        fam,
        "female pts 45-55 w a part solid nodule",
        "patient",
        *aged(both_(sex_is("F"), age_in(45, 55)), nod(att("part-solid"))),
    )
    yield from ask(
        fam,
        "mean nodule diameter for pts over 75",
        "value",
        _mean(_nod_rows(where=lambda s: ref.age(s) > 75), "diameter_mm"),
    )
    yield from ask(
        fam,
        "what % of 2025 ldcts were in women",
        "value",
        _share(_rows(ldct, in_year(2025)), sex_is("F")),
    )
    yield from ask(
        fam, "# of octogenarians scanned in 2026", "count", len(pids(in_year(2026), age_in(80, 89)))
    )
    yield from ask(
        fam,
        "how many more men than women had a pneumothorax",
        "count",
        _diff(
            len(pids(sex_is("M"), kind("pneumothorax"))),
            len(pids(sex_is("F"), kind("pneumothorax"))),
        ),
    )
    yield from ask(
        fam,
        "sex distribution of patients with lr 4x",
        "groups",
        _groups([_pid_sex(p) for p in pids(cat_in("4X"))], SEXES),
    )
    yield from ask(
        fam,
        "pts under 50 at an ldct - tally by gender",
        "groups",
        _groups([_pid_sex(p) for p in pids(ldct, lambda s: ref.age(s) < 50)], SEXES),
    )
    yield from ask(
        fam,
        "what fraction of patients are sex O",
        "value",
        _share(pats(), lambda p: p["sex"] == "O"),
    )
    yield from ask(
        fam,
        "ldct count in pts 65 and older, men vs women",
        "groups",
        _sexes(_rows(ldct, lambda s: ref.age(s) >= 65)),
    )
    yield from ask(fam, "female patinets with a mass", "patient", pids(sex_is("F"), kind("mass")))


def _diff(a: int, b: int) -> int | None:
    return a - b if a > b else None


def _sexes(rows: Sequence[Row]) -> Any:
    """ "men vs women" counts: the two named, or every sex (the Conventions name only
    modalities and stations as counted "of those named"); asked when they agree (no O)."""
    keys = [_sex_of(s) for s in rows]
    return None if "O" in keys else _named(keys, ("M", "F"))


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield from ask(
        fam,
        "studeis count per station",
        "groups",
        _groups([s["station"] for s in studies()], STATIONS),
    )
    yield from ask(
        fam,
        "ct vs dx exam totals in 2023",
        "groups",
        _named([s["modality"] for s in _rows(in_year(2023))], ("CT", "DX")),
    )
    yield from ask(
        fam,
        "CT01 versus CT02 ct angio counts",
        "groups",
        _named([s["station"] for s in _rows(cta)], ("CT01", "CT02")),
    )
    yield from ask(
        fam, "% of ct angios performed at ct01", "value", _share(_rows(cta), at_station("CT01"))
    )
    yield from ask(
        fam,
        "head cts: ct01 vs ct02",
        "groups",
        _named([s["station"] for s in _rows(head_ct)], ("CT01", "CT02")),
    )
    yield from ask(
        fam, "how many pe cts in women in 2024", "count", count(cta, sex_is("F"), in_year(2024))
    )
    yield from ask(
        fam,
        "fraction of chest cts with contrast that were done on CT02",
        "value",
        _share(_rows(lambda s: s["description"] == "CT CHEST W CONTRAST"), at_station("CT02")),
    )
    yield from ask(
        fam, "ldcts as a share of all ct01 exams", "value", _share(_rows(at_station("CT01")), ldct)
    )
    yield from ask(
        fam,
        "cxr count by sex of patient",
        "groups",
        _groups([_sex_of(s) for s in _rows(cxr)], SEXES),
    )
    yield from ask(
        fam,
        "how many radiographs were done at DX01 in 2025",
        "count",
        count(cxr, at_station("DX01"), in_year(2025)),
    )
    yield from ask(
        fam,
        "share of CT02 workload that was screening",
        "value",
        _share(_rows(at_station("CT02")), ldct),
    )
    yield from ask(
        fam,
        "exams per scaner in 2024",
        "groups",
        _groups([s["station"] for s in _rows(in_year(2024))], STATIONS),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield from ask(
        fam,
        "solid nodules by lobe",
        "groups",
        _groups([f["lobe"] for f in _nod_rows(att("solid"))], LOBES),
    )
    yield from ask(
        fam,
        "ggn count per lobe in wmen",
        "groups",
        _groups([f["lobe"] for f in _nod_rows(att("ground-glass"), where=sex_is("F"))], LOBES),
    )
    yield from ask(
        fam,
        "% of RUL nodules that are spiculated",
        "value",
        _share(_nod_rows(in_lobe("RUL")), margin("spiculated")),
    )
    yield from ask(
        fam,
        "avg size of left lowr lobe nodules",
        "value",
        _mean(_nod_rows(in_lobe("LLL")), "diameter_mm"),
    )
    yield from ask(
        fam,
        "calcified nods, how many in each lobe",
        "groups",
        _groups([f["lobe"] for f in _nod_rows(calcified)], LOBES),
    )
    yield from ask(
        fam,
        "lobe breakdown of nodules on 2023 ldtcs",
        "groups",
        _groups([f["lobe"] for f in _nod_rows(where=both_(ldct, in_year(2023)))], LOBES),
    )
    yield from ask(
        fam,
        "which lobe split do lr 4b nodules have",
        "groups",
        _groups([f["lobe"] for f in _nod_rows(lambda f: f["lung_rads"] == "4B")], LOBES),
    )
    yield from ask(
        fam,
        "right middle lobe nodules - mean volume in ml",
        "value",
        _mean(_nod_rows(in_lobe("RML")), "volume_mm3", 1000.0),
    )
    yield from ask(
        fam,
        "how many pts have a nodule in the left upper lobe bigger than 6 mm",
        "count",
        len(pids(nod(in_lobe("LUL"), gt("diameter_mm", 6)))),
    )
    yield from ask(
        fam,
        "what fraction of nodules sit in the right lung lobes",
        "value",
        _share(_nod_rows(), in_lobe("RUL", "RML", "RLL")),
    )
    yield from ask(
        fam,
        "rll vs lll nodule counts in men",
        "groups",
        _named([f["lobe"] for f in _nod_rows(where=sex_is("M"))], ("RLL", "LLL")),
    )


def characteristics(rng: random.Random) -> Rows:
    fam = "characteristics"
    yield from ask(
        fam,
        "attenuation breakdown of nodules > 10 mm",
        "groups",
        _groups([f["attenuation"] for f in _nod_rows(gt("diameter_mm", 10))], ATTS),
    )
    yield from ask(
        fam,
        "margins among ggns - counts",
        "groups",
        _groups([f["margin"] for f in _nod_rows(att("ground-glass"))], MARGINS),
    )
    yield from ask(
        fam,
        "% of solid nods that are calcified",
        "value",
        _share(_nod_rows(att("solid")), calcified),
    )
    yield from ask(
        fam,
        "non calcified spiculated solid nodules per lobe",
        "groups",
        _groups(
            [f["lobe"] for f in _nod_rows(uncalcified, margin("spiculated"), att("solid"))], LOBES
        ),
    )
    yield from ask(
        fam,
        "lobulated nodule count, split by attenuation, 2025 only",
        "groups",
        _groups(
            [f["attenuation"] for f in _nod_rows(margin("lobulated"), where=in_year(2025))], ATTS
        ),
    )
    yield from ask(
        fam,
        "smooth-margined psns, median diameter",
        "value",
        _median(_nod_rows(margin("smooth"), att("part-solid")), "diameter_mm"),
    )
    yield from ask(
        fam,
        "subsolid nodules that also have spiculated margins - count of nodules",
        "count",
        len(_nod_rows(subsolid, margin("spiculated"))),
    )
    yield from ask(
        fam,
        "pts with a calcified nodule: M/F/O split",
        "groups",
        _groups([_pid_sex(p) for p in pids(nod(calcified))], SEXES),
    )
    yield from ask(
        fam,
        "proportion of spiculated nodules that are solid",
        "value",
        _share(_nod_rows(margin("spiculated")), att("solid")),
    )
    yield from ask(
        fam,
        "ground glas nodules per margin type at ct01",
        "groups",
        _groups(
            [f["margin"] for f in _nod_rows(att("ground-glass"), where=at_station("CT01"))], MARGINS
        ),
    )
    yield from ask(
        fam,
        "average attenuation value in HU for calcified, solid-type nodules",
        "value",
        _mean(_nod_rows(calcified, att("solid")), "mean_hu"),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    gaps_f = [
        days_between(a["study_date"], b["study_date"])
        for p in pats()
        if p["sex"] == "F"
        for a, b in _pairs([s for s in own(p["patient_id"]) if ldct(s)])
    ]
    yield from ask(
        fam,
        "avg days between consecutive ldcts for women",
        "value",
        mean_of(gaps_f) if gaps_f else None,
    )
    spans = [
        days_between(own(p["patient_id"])[0]["study_date"], own(p["patient_id"])[-1]["study_date"])
        for p in pats()
        if len(own(p["patient_id"])) >= 2
    ]
    yield from ask(
        fam,
        "median follow-up in days, first to latest scan, pts with 2+ scans",
        "value",
        median_of(spans),
    )
    long_fu = [
        [
            p["patient_id"]
            for p in pats()
            if own(p["patient_id"])
            and own(p["patient_id"])[-1]["study_date"]
            > months_on(own(p["patient_id"])[0]["study_date"], 24)
        ],
        [
            p["patient_id"]
            for p in pats()
            if own(p["patient_id"])
            and days_between(
                own(p["patient_id"])[0]["study_date"], own(p["patient_id"])[-1]["study_date"]
            )
            > 730
        ],
    ]
    yield from ask(
        fam,
        "pts with > 2 yrs between first and last scan, by sex",
        "groups",
        *[_groups([_pid_sex(p) for p in ps], SEXES) for ps in long_fu],
    )
    gaps_all = [
        days_between(a["study_date"], b["study_date"])
        for p in pats()
        for a, b in _pairs(own(p["patient_id"]))
    ]
    yield from ask(
        fam, "mean interval in days between successive studies", "value", mean_of(gaps_all)
    )
    ldct_span = [
        days_between(m[0]["study_date"], m[-1]["study_date"])
        for p in pats()
        if len(m := [s for s in own(p["patient_id"]) if ldct(s)]) >= 2
    ]
    yield from ask(
        fam,
        "average days from first to most recent ldct, screened more than once",
        "value",
        mean_of(ldct_span),
    )


def _pairs(rows: Sequence[Row]) -> list[tuple[Row, Row]]:
    return list(itertools.pairwise(rows))


# --- a second round over every family (same emphasis: breakdowns, comparisons, shares) --------


def _nods_of(pid: str, *tests: FTest) -> list[Row]:
    return [f for s in own(pid) for f in nods(s, *tests)]


def more_identifiers_and_dates(rng: random.Random) -> Rows:
    fam = "identifiers"
    all_pids = [p["patient_id"] for p in pats()]
    p1 = _first_fit(
        rng, all_pids, lambda p: _share(_nods_of(p), att("solid")) not in (None, 0.0, 100.0)
    )
    yield from ask(
        fam,
        f"{p1} - % of their nodules that are solid",
        "value",
        _share(_nods_of(p1), att("solid")),
    )
    p2 = _first_fit(rng, all_pids, lambda p: len(_nods_of(p, att("ground-glass"))) >= 2)
    yield from ask(
        fam,
        f"{p2}: ground-glass nodule total across every exam",
        "count",
        len(_nods_of(p2, att("ground-glass"))),
    )
    s3 = _first_fit(rng, studies(), lambda s: len(nods(s)) >= 3)
    yield from ask(
        fam,
        f"accesion {s3['accession']} averge nodule size",
        "value",
        _mean(nods(s3), "diameter_mm"),
    )
    p4 = _first_fit(
        rng, all_pids, lambda p: sum(1 for s in own(p) if ldct(s) and category(s) == "2") >= 2
    )
    yield from ask(
        fam,
        f"for {p4}, how many ldcts came back lr 2",
        "count",
        sum(1 for s in own(p4) if ldct(s) and category(s) == "2"),
    )
    fam = "dates"
    yield from ask(
        fam,
        "head cts done in Q1-2026, ct01 vs ct02",
        "groups",
        _named([s["station"] for s in _rows(head_ct, quarter(2026, 1))], ("CT01", "CT02")),
    )
    yield from ask(
        fam,
        "studies dated 2025-03-01 through 2025-08-31, modality split",
        "groups",
        _groups([s["modality"] for s in _rows(dated("2025-03-01", "2025-08-31"))], ("CT", "DX")),
    )
    yield from ask(
        fam,
        "ldcts from 01/01/2024 to 06/30/2024 - lr tally",
        "groups",
        _groups([category(s) for s in _rows(ldct, dated("2024-01-01", "2024-06-30"))], CATS),
    )
    yield from ask(
        fam,
        "how many exams in the second half of 2025 were ldcts",
        "count",
        count(ldct, dated("2025-07-01", "2025-12-31")),
    )
    yield from ask(
        fam,
        "scans since feb 2026 per station",
        "groups",
        _groups([s["station"] for s in _rows(dated("2026-02-01", AS_OF))], STATIONS),
    )
    young = [p["patient_id"] for p in pats() if p["birth_date"] >= "1960-01-01"]
    yield from ask(
        fam,
        "patients born 1960 or later, gender split",
        "groups",
        _groups([_pid_sex(p) for p in young], SEXES),
    )
    yield from ask(
        fam,
        "what fraction of 2026 studies were done at ct01",
        "value",
        _share(_rows(in_year(2026)), at_station("CT01")),
    )
    yield from ask(
        fam,
        "number of low dose chest cts performed in octobr 2025",
        "count",
        count(ldct, dated("2025-10-01", "2025-10-31")),
    )
    again = history(each_on_some(in_year(2023), in_year(2025)))
    yield from ask(
        fam,
        "pts scanned in 2023 and again in 2025, by sex",
        "groups",
        _groups([_pid_sex(p) for p in again], SEXES),
    )


def more_numbers_and_counts(rng: random.Random) -> Rows:
    fam = "numbers"
    yield from ask(
        fam,
        "nodules 10-20mm, how many per margin",
        "groups",
        _groups([f["margin"] for f in _nod_rows(within("diameter_mm", 10, 20))], MARGINS),
    )
    yield from ask(
        fam,
        "mean hu of nodules betwen -800 and -500 HU",
        "value",
        _mean(_nod_rows(within("mean_hu", -800, -500)), "mean_hu"),
    )
    yield from ask(
        fam,
        "ggns > 1cm by lobe",
        "groups",
        _groups([f["lobe"] for f in _nod_rows(att("ground-glass"), gt("diameter_mm", 10))], LOBES),
    )
    yield from ask(
        fam,
        "average diameter of nodules with conf ≥ 0.9",
        "value",
        _mean(_nod_rows(ge("confidence", 0.9)), "diameter_mm"),
    )
    yield from ask(
        fam,
        "volume ≥ 1 cc nodules: attenuation split",
        "groups",
        _groups([f["attenuation"] for f in _nod_rows(ge("volume_mm3", 1000))], ATTS),
    )
    yield from ask(
        fam,
        "psns with solid comp under 4 mm, avg size",
        "value",
        _mean(_nod_rows(att("part-solid"), lt("solid_component_mm", 4)), "diameter_mm"),
    )
    fam = "counts"
    two = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) == 2]
    yield from ask(
        fam,
        "pts w exactly 2 scans - sex split",
        "groups",
        _groups([_pid_sex(p) for p in two], SEXES),
    )
    yield from ask(
        fam,
        "ldcts w 3 or more nodules, ct01 vs ct02",
        "groups",
        _named([s["station"] for s in _rows(ldct, lambda s: len(nods(s)) >= 3)], ("CT01", "CT02")),
    )
    yield from ask(
        fam,
        "across all screening scans, mean ggn count for each one",
        "value",
        _per_study(_rows(ldct), att("ground-glass")),
    )
    yield from ask(
        fam,
        "how many chest cts in 2025 had more than 4 nods on one scan",
        "count",
        count(chest_ct, in_year(2025), lambda s: len(nods(s)) > 4),
    )
    yield from ask(
        fam,
        "what % of patients were scanned more than once",
        "value",
        _share(pats(), lambda p: len(own(p["patient_id"])) > 1),
    )


def more_sets_and_categories(rng: random.Random) -> Rows:
    fam = "set_logic"
    yield from ask(
        fam,
        "pts with a mass and never a ggn",
        "patient",
        history(some_but_never(kind("mass"), nod(att("ground-glass")))),
    )
    yield from ask(
        fam,
        "pts w emphysema on report and lr 4b at some point, how many",
        "count",
        len(history(each_on_some(says("emphysema"), cat_in("4B")))),
    )
    yield from ask(
        fam,
        "patients who had both a pneumothorax and a pleural effusion",
        "patient",
        history(each_on_some(kind("pneumothorax"), kind("pleural_effusion"))),
    )
    nohead = history(some_but_never(cta, head_ct))
    yield from ask(
        fam,
        "never had a head ct but had a ct angio - count by gender",
        "groups",
        _groups([_pid_sex(p) for p in nohead], SEXES),
    )
    screened = pids(ldct)
    low = set(history(lambda m: not any(map(cat_in("3", "4A", "4B", "4X"), m))))
    yield from ask(
        fam,
        "what fraction of screened patients never got lr 3 or higher",
        "value",
        _share(screened, lambda p: p in low),
    )
    fam = "lung_rads"
    yield from ask(
        fam,
        "lr 4a+ ldcts, ct01 vs ct02",
        "groups",
        _named([s["station"] for s in _rows(ldct, cat_in("4A", "4B", "4X"))], ("CT01", "CT02")),
    )
    yield from ask(
        fam, "lung rads 3 ldcts in men vs women", "groups", _sexes(_rows(ldct, cat_in("3")))
    )
    yield from ask(fam, "% of ct angios that were lr 4x", "value", _share(_rows(cta), cat_in("4X")))
    worst4b = [p["patient_id"] for p in pats() if highest(own(p["patient_id"])) == "4B"]
    yield from ask(
        fam,
        "patients whose worst lr is 4b — sex breakdown",
        "groups",
        _groups([_pid_sex(p) for p in worst4b], SEXES),
    )
    yield from ask(
        fam,
        "how many ldcts were lung-rads 2 in Q3-2025",
        "count",
        count(ldct, cat_in("2"), quarter(2025, 3)),
    )
    yield from ask(
        fam, "avg nodule count on lr 4x ldcts", "value", _per_study(_rows(ldct, cat_in("4X")))
    )


def more_rankings_and_aggregates(rng: random.Random) -> Rows:
    fam = "rankings"
    rows = [{"patient_id": p["patient_id"], "k": -len(own(p["patient_id"]))} for p in pats()]
    n, who = _untied(rows, lambda r: r["k"], "patient_id", 3)
    yield from ask(fam, f"which {n} patients had the most studies", "patient", who)
    ps = _nod_rows(att("part-solid"))
    n, best = _untied(ps, lambda f: -f["solid_component_mm"], "finding_id", 5)
    yield from ask(
        fam, f"rank psns by the size of their solid part and show the first {n}", "finding", best
    )
    emph = set(pids(says("emphysema")))
    men = [p for p in pats() if p["sex"] == "M" and p["patient_id"] in emph]
    n, old = _untied(men, lambda p: p["birth_date"], "patient_id", 4)
    yield from ask(fam, f"oldest {n} men with emphysema on a report", "patient", old)
    c2 = _rows(ldct, at_station("CT02"))
    n, early = _untied(c2, lambda s: s["study_date"], "study_uid", 3)
    yield from ask(
        fam, f"ct02 screening cts sorted by study date ascending - show the top {n}", "study", early
    )
    gg = _nod_rows(att("ground-glass"))
    n, conf = _untied(gg, lambda f: -f["confidence"], "finding_id", 4)
    yield from ask(fam, f"which {n} ggns have the highest confidence", "finding", conf)
    sp = _nod_rows(margin("spiculated"), where=sex_is("F"))
    n, la = _untied(sp, lambda f: -f["long_axis_mm"], "finding_id", 3)
    yield from ask(fam, f"top {n} spiculted nodules in women by long axis", "finding", la)
    fam = "aggregates"
    yield from ask(
        fam,
        "solid nodule volume averaged, reported in cc",
        "value",
        _mean(_nod_rows(att("solid")), "volume_mm3", 1000.0),
    )
    yield from ask(
        fam,
        "what is the median density (HU) across part-solid nods",
        "value",
        _median(_nod_rows(att("part-solid")), "mean_hu"),
    )
    yield from ask(
        fam,
        "avg nodules per chest ct in men over 70",
        "value",
        _per_study(_rows(chest_ct, sex_is("M"), lambda s: ref.age(s) > 70)),
    )
    yield from ask(
        fam,
        "average confidence of pleural effusoins",
        "value",
        _mean([f for f in findings() if f["kind"] == "pleural_effusion"], "confidence"),
    )
    yield from ask(
        fam,
        "what proportion of nodules on ct01 ldcts were calcified",
        "value",
        _share(_nod_rows(where=both_(ldct, at_station("CT01"))), calcified),
    )
    yield from ask(
        fam,
        "how many out of 2025's ldcts showed a ggn",
        "count",
        count(ldct, in_year(2025), nod(att("ground-glass"))),
    )
    firsts = [ref.age(m[0]) for p in pats() if (m := [s for s in own(p["patient_id"]) if ldct(s)])]
    yield from ask(
        fam,
        "how old were people on average at their baseline screening ct",
        "value",
        mean_of(firsts),
    )
    heads = _rows(head_ct, in_year(2025))
    per_patient = [
        ref.age([s for s in heads if s["patient_id"] == p][-1])
        for p in sorted({s["patient_id"] for s in heads})
    ]
    yield from ask(
        fam,
        "mean patient age on 2025 head cts",
        "value",
        mean_of([ref.age(s) for s in heads]),
        mean_of(per_patient),
    )


def more_reports_and_growth(rng: random.Random) -> Rows:
    fam = "reports"
    yield from ask(
        fam,
        "lymphadenopathy reported: ldct counts, ct01 vs ct02",
        "groups",
        _named([s["station"] for s in _rows(ldct, says("lymphadenopathy"))], ("CT01", "CT02")),
    )
    yield from ask(
        fam,
        "% of patients with coronary calcification on a report who are men",
        "value",
        _share(pids(says("coronary")), lambda p: _pid_sex(p) == "M"),
    )
    yield from ask(
        fam,
        "reports mentioning granuloma, by sex of patient (patients)",
        "groups",
        _groups([_pid_sex(p) for p in pids(says("granuloma"))], SEXES),
    )
    yield from ask(
        fam,
        "avg nodule count on ldcts neg for emphysema",
        "value",
        _per_study(_rows(ldct, denies("emphysema"))),
    )
    yield from ask(
        fam,
        "coronary calc reported but no nodules, how many studies",
        "count",
        count(says("coronary"), lambda s: not nods(s)),
    )
    yield from ask(
        fam,
        "lr split of ldcts with lymphadenopthy in the report",
        "groups",
        _groups([category(s) for s in _rows(ldct, says("lymphadenopathy"))], CATS),
    )
    yield from ask(
        fam,
        "ldcts wihtout emphysema on the report in 2026, how many",
        "count",
        count(ldct, in_year(2026), neg(says("emphysema"))),
    )
    fam = "growth"
    g2 = grew_readings(2.0)
    yield from ask(
        fam,
        "nodules that grew > 2 mm, attenuation breakdown",
        "groups",
        *[_groups([f["attenuation"] for f in findings() if t(f)], ATTS) for t in g2],
    )
    yield from ask(
        fam,
        "how many pts had a new nodule on a 2026 ldct",
        "count",
        *[len(pids(ldct, in_year(2026), fstudy(new(m)))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "patients with nodule growth, split by sex",
        "groups",
        *[_groups([_pid_sex(p) for p in pids(fstudy(t))], SEXES) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "new solid nodules per lobe",
        "groups",
        *[
            _groups(
                [f["lobe"] for f in findings() if new(m)(f) and f["attenuation"] == "solid"],
                LOBES,
            )
            for m in (False, True)
        ],
    )


def more_people_places_and_lobes(rng: random.Random) -> Rows:
    fam = "demographics"
    yield from ask(
        fam,
        "women over 65 with lr 4x - how many",
        "count",
        *[len(r) for r in aged(both_(sex_is("F"), lambda s: ref.age(s) > 65), cat_in("4X"))],
    )
    yield from ask(
        fam,
        "mean age of men at their latest scan",
        "value",
        mean_of(
            [
                _latest_age(p["patient_id"])
                for p in pats()
                if p["sex"] == "M" and own(p["patient_id"])
            ]
        ),
    )
    yield from ask(
        fam,
        "pts aged 70-79 at an ldct, gender split",
        "groups",
        _groups([_pid_sex(p) for p in pids(ldct, age_in(70, 79))], SEXES),
    )
    yield from ask(
        fam,
        "head ct patients younger than 45 at the scan - count them",
        "count",
        len(pids(head_ct, lambda s: ref.age(s) < 45)),
    )
    yield from ask(
        fam,
        "% of head ct patients who are female",
        "value",
        _share(pids(head_ct), lambda p: _pid_sex(p) == "F"),
    )
    yield from ask(
        fam, "male pts w a pnuemothorax", "patient", pids(sex_is("M"), kind("pneumothorax"))
    )
    fam = "modality"
    yield from ask(fam, "ct angio counts, men vs women", "groups", _sexes(_rows(cta)))
    yield from ask(
        fam,
        "non contrast chest cts per station, ct01 vs ct02",
        "groups",
        _named(
            [s["station"] for s in _rows(lambda s: s["description"] == "CT CHEST W/O CONTRAST")],
            ("CT01", "CT02"),
        ),
    )
    yield from ask(
        fam, "chest x-ray share of 2024 exams (%)", "value", _share(_rows(in_year(2024)), cxr)
    )
    yield from ask(fam, "number of dx exams, men vs women", "groups", _sexes(_rows(cxr)))
    fam = "lobes"
    yield from ask(
        fam,
        "RUL vs LUL ggn counts",
        "groups",
        _named([f["lobe"] for f in _nod_rows(att("ground-glass"))], ("RUL", "LUL")),
    )
    yield from ask(
        fam,
        "mean vol of lul nodules in mm3",
        "value",
        _mean(_nod_rows(in_lobe("LUL")), "volume_mm3"),
    )
    yield from ask(
        fam,
        "% of nodules in the lower lobes (rll, lll)",
        "value",
        _share(_nod_rows(), in_lobe("RLL", "LLL")),
    )
    yield from ask(
        fam,
        "psns per lobe, 2024 scans",
        "groups",
        _groups([f["lobe"] for f in _nod_rows(att("part-solid"), where=in_year(2024))], LOBES),
    )
    fam = "characteristics"
    yield from ask(
        fam,
        "calcifed nodule count by margin",
        "groups",
        _groups([f["margin"] for f in _nod_rows(calcified)], MARGINS),
    )
    yield from ask(
        fam,
        "spiculated nods over 8mm by attenuation",
        "groups",
        _groups(
            [f["attenuation"] for f in _nod_rows(margin("spiculated"), gt("diameter_mm", 8))], ATTS
        ),
    )
    yield from ask(
        fam,
        "what share of ggns are 6 mm or more",
        "value",
        _share(_nod_rows(att("ground-glass")), ge("diameter_mm", 6)),
    )
    yield from ask(
        fam,
        "mean diameter of lobulated part-solid nodules",
        "value",
        _mean(_nod_rows(margin("lobulated"), att("part-solid")), "diameter_mm"),
    )
    fam = "intervals"
    second = [
        days_between(m[0]["study_date"], m[1]["study_date"])
        for p in pats()
        if len(m := [s for s in own(p["patient_id"]) if ldct(s)]) >= 2
    ]
    yield from ask(fam, "avg days from first to second ldct", "value", mean_of(second))
    gap = history(
        lambda m: any(b["study_date"] > months_on(a["study_date"], 13) for a, b in _pairs(m))
    )
    yield from ask(
        fam,
        "number of patients where two back-to-back exams sit over 13 months apart",
        "count",
        len(gap),
    )
    men_gaps = [
        days_between(a["study_date"], b["study_date"])
        for p in pats()
        if p["sex"] == "M"
        for a, b in _pairs(own(p["patient_id"]))
    ]
    yield from ask(
        fam, "median days between consecutive studies for men", "value", median_of(men_gaps)
    )


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
    growth,
    demographics,
    modality,
    lobes,
    characteristics,
    intervals,
    more_identifiers_and_dates,
    more_numbers_and_counts,
    more_sets_and_categories,
    more_rankings_and_aggregates,
    more_reports_and_growth,
    more_people_places_and_lobes,
)


def bank() -> list[Item]:
    """Every question of this part, in family order; a repeated text is a mistake."""
    LEFT_OUT.clear()
    rng = random.Random(SEED)
    items: list[Item] = []
    seen: set[str] = set()
    for family in FAMILIES:
        for item in family(rng):
            if item.question in seen:
                raise AssertionError(f"repeated question: {item.question}")
            seen.add(item.question)
            items.append(item)
    return items
