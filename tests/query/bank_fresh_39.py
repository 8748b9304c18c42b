"""Held-out part 39 of the question bank: cohort questions as everyone who asks types them, blind.

Written for issue 17 (session 21) as an honest measurement of how the question reader generalises,
blind to it: its author read only issue 17, the cohort README and data files (``../shared/cohort``;
its ``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions"
section of ``docs/query.md`` and its "Reports" section up to "How well it reads" (not the reader's
measurements nor its lists of misses, fixes and limits), :mod:`question_bank` (the :class:`Item`
type, its helpers and ``_matches``, for the form of a "value" or "groups" answer),
:mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of the cohort,
imported here), and ``bank_fresh_24.py`` for its format, module docstring and helpers only, up to
the line that opens its families. The reader's code (``query/``), ``appliance/``, the tests
(``test_*.py``), ``family_reading.py`` and the other parts' questions were not opened, and the
engine was never run on these questions: they were frozen (committed) before any was put to it,
and none is to be changed to suit it afterwards. Their texts were compared with
``dev_queries.jsonl``, with parts 22 to 38 (loaded through their ``bank()``, never read) and with
every question of ``question_bank.bank()`` and ``question_bank.ungated_bank()`` by a throwaway
script that printed only this part's matches (word for word after lower-casing and dropping
punctuation, or a word overlap of 75 % or more of the longer question): 81 of the first draft
matched (12 word for word) and were reworded, 8 rewordings matched again and were reworded
again, one question added later matched word for word and was reworded; none is left, and no
question repeats another within the part (:func:`bank` refuses a repeat).

The questions mix, in roughly equal shares, a radiologist's terse shorthand ("ggn rll >10mm 2025",
"psns on ct02", "lr 3 ldcts in 2024"), a nurse's or clinician's full sentences, a screening
coordinator's Lung-RADS over time and follow-up, a manager's counts and shares per station,
quarter or year ("CT02 ldct count Q4 2025", "ldcts at CT01 vs CT02"), a data scientist's ranges
(half-open "[6, 8) mm", "strictly between", inclusive "from ... to"), means and medians,
search-box keywords, dictation with numbers spelt out ("nine to twelve mm", "twenty twenty five",
"one thousand days", "Dictated:") and questions pasted inside an e-mail ("Hi team, ... Thanks,
Maria"). Conditions come before and after the noun, as clauses and in brackets. About one
question in six is about groups (breakdowns "by / per", "A vs B", shares "% of A that are B",
top N: 42 of 250), and about one in nine carries a hurried typist's slip (27: "haed", "nodlues",
"exaclty", "and1952", "biggger", "nevr", "categroy", "patinets", "diamter", "emphysmea",
"grwoing", "septuagenarain", "pneumothroax", "uper", "marigns", "womem", "staton", "intreval",
"reprot", "patietns", "spiculted", "midle", "accesion", "hemorhage", "lymphadenopthy",
"lungrads", "womens"; many more have no capitals and no question mark); the expected answer is
what the question plainly means.

Every family issue 17 lists is here (questions per family in brackets, 250 in all): identifiers
[16] (a patient's exams, "pt #", findings of an accession, nodule findings of an accession, the
patient of an accession and of a study UID, a count on a UID, latest and earliest exam, a first
"baseline" LDCT, two patients, an unknown ID, a lower-case ID, "last two studies", a patient's
chest CTs since a month); dates [20] (quarters, "since sept", day-first slashed dates, ISO range,
"before 1 Feb 2023", the last N days and years, birth ranges and decades, "jan thru jun", a month,
"this year", "last calendar year", "more than 3 years old", a month range across a year, the past
6 months at another as-of date, one day written out, a year dictated); numbers [21] (negative HU
bounds and ranges, "+50", sizes in cm, "half a centimetre", "sub-5mm", spelt-out sizes, a
half-open range, "strictly between", volumes in cc and mm3, long and short axis, solid component,
confidences); counts [16] (exactly N nodules, N or more, fewer than two, more than 3 on one CT,
studies, LDCTs, head CTs, chest x-rays and chest CTs per patient, one tracked nodule on N+ exams,
none, a single nodule, exactly one ggn); set logic [16] ("at some point ... and at some point",
"on one ct", "but never", "no ... ever", "never diagnosed with", "and then again during", "both
... (at any time)", every LDCT of a patient, "or" across a finding and a report, "every year from
2023 through 2025", "in 2024 but no ldct at all in 2025"); Lung-RADS [19] (a category, "4 or
above", "under lung-rads 3", "2 or better", highest category across scans, "worst on record",
counts per category over a year and per station, "upgraded relative to the prior", "from 2 to 4a",
"came back", "4b or 4x", distinct patients, a category at a station, two categories at any time,
a share of one sex's LDCTs, an e-mail); rankings and top-N [18] (biggest nodule findings, most
nodules and most findings per patient, newest and earliest-dated studies, oldest patients, latest
date of birth, lowest volume, highest mean HU, biggest masses, least and most confident, longest
long axis, largest solid component, patients by their biggest nodule, LDCTs by nodule count);
averages, medians, percentages and breakdowns [20]; report concepts with negation [15]
(emphysema, lymphadenopathy, "enlarged mediastinal lymph nodes", coronary artery calcification,
granuloma; "negative for", "w/o", "document no", "never reported", "or", "but no", a misspelt
concept, an e-mail); growth / new / stable [15] (growth at 1.5 mm and at other thresholds, "at
least 3 mm", "enlarging", "got bigger", "increased", new nodules, new ggns, new solid nodules,
stable nodules and ggns); demographics [17] (sex O, counts of women and men, ages over and under,
ranges "50-60" and "between the ages of forty and fifty", "in their 50s", septuagenarians, "85 or
older", births "1970 or later", "womens", "men vs women", a median age at the first LDCT, breakdowns
by sex); modality / description / station [17] (DX01, CT01, CT02, "pulmonary embolism ct
angiograms", "ctpa", "non contrast head cts", quoted descriptions, "contrast enhanced chest CT",
"chest radiographs", breakdowns per station and per description, a share of studies, left vs right
pneumothoraces, an e-mail); lobes [14] (each lobe by abbreviation or name, "either lower lobe",
two lobes on one scan, three right lobes on one scan, a breakdown per lobe, masses in a lobe);
attenuation / margin / calcification [15] (spiculated, lobulated, smooth, calcified and
non-calcified, pure ggn, psn, subsolid, a breakdown by attenuation, a share); intervals [11] (days
from a patient's first to latest study and LDCT, mean, median, shortest gap between consecutive
LDCTs, a patient's longest gap, days between two accessions, follow-up longer than 2 years or
1000 days, a follow-up CT within 13 months of an lr 3 LDCT, the mean span over patients).

Parameters are drawn with this part's own seed (:data:`SEED`): which patient, study, date,
threshold, lobe or category; a ranking's number is drawn among those whose boundary has no tie
(:func:`blind_reference.untied`), a percentage among those within 0.005 of a tenth, and a relative
span, a growth threshold or a decade among those where the readings below agree. Expected answers
are computed here in plain Python from the cohort files with the documented conventions written
out by hand, never typed in and never from the engine. Where the Conventions leave a meaning open
the question is asked only when the competing readings agree (:func:`ask`; ``LEFT_OUT`` lists
any that do not as the bank is built, and is empty for this seed): the first day of "the last N
days / months / yrs" and the boundary day of "more than 3 years old"; a track that was a mass from
its first study counted or not as a new, stable or growing nodule, and a change in floating point
or to 0.1 mm; a nodule on N scans counting a mass on its track or not; an age and another
condition on one study or each on some study; "f/u ct" as any CT or a chest CT; "more than 2 yrs"
of follow-up in calendar months or in 365-day years. Drafts replaced before freezing because
their readings disagreed: "how many exams in the last ninety days" (asked at 75 days), "how many
nodule findings grew by more than 2 mm" (asked at 3.5 mm, every grown track counted, a nodule that
grew into a mass included, as the Conventions say), "new ggns in 2025" (asked of 2024), "a new
nodule bigger than 8 mm on follow up" (asked of 2024), "pts in their 60s with a mass" (asked of
the 50s and a pleural effusion), "more than three years apart" (asked as "more than one thousand
days"). Drafts replaced because their answers were empty by accident: "at least 5 studies" and
"five or more scans" (no patient has five; asked at 3 and 4), "a head CT and a CTPA" and "a CTPA
and an LDCT" (no patient has both; asked with CT CHEST W CONTRAST), "neg for coronary artery
calcification" (no report denies it in the fixture's phrasings; asked of lymphadenopathy),
"calcified ggns" (none; asked of solid nodules), "a f/u chest ct within 6 months of an lr 3 ldct"
(none; asked at 13 months), a ranking of patients by number of studies (tied at every number up to
15; asked by number of findings), percentages not within 0.005 of a tenth (women among patients,
calcified among nodules; replaced by drawn shares). Readings taken: "X nodules" with no unit word
are the studies; "findings" of any kind unless a kind is named; "the N biggest nodule findings" are
findings; "oldest" patients are the earliest birth dates, and the youngest are asked only as "the
latest date of birth"; "baseline" is the patient's first LDCT; "ct angio chest pe", "ctpa" and
"pulmonary embolism ct angiograms" are the CT ANGIO CHEST PE studies; "x-rays", "cxrs" and "chest
radiographs" are the DX studies; "non contrast head cts" the CT HEAD W/O CONTRAST studies; a
"share ... in percent" is a value to 0.1; "average gap between consecutive ldcts of the same
patient" pools every consecutive pair of every patient's LDCTs; a mean "per male patient" is over
every male patient, those without a nodule too; "upgraded relative to the prior categorised exam"
compares with the patient's previous study that has a category; "men vs women" and "left vs
right" give only the two groups named, "by sex" every sex. One answer is empty on purpose: an
unknown patient ID (P00777).

Scored alone with ``python tests/query/question_bank.py --part held_out_39 -v`` once wired in.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import cohort_reference as ref
from blind_reference import (
    ORDER,
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
    chest_ct,
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
    month_end,
    months_on,
    neg,
    new,
    nod,
    nods,
    nodule_rows,
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
    subsolid,
    uncalcified,
    untied,
    went,
    went_from,
    with_contrast,
    with_history,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_39"
SEED = 3939

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


@cache
def _categories() -> dict[str, str | None]:
    """Each study's Lung-RADS category (as :func:`cohort_reference.category`, read once)."""
    out: dict[str, str | None] = {}
    for s in studies():
        cats = [f["lung_rads"] for f in fo(s) if f.get("lung_rads")]
        if cats:
            out[s["study_uid"]] = max(cats, key=ORDER.index)
        else:
            out[s["study_uid"]] = "1" if chest_ct(s) else None
    return out


def cat(s: Row) -> str | None:
    return _categories()[s["study_uid"]]


def cats(*names: str) -> Test:
    return lambda s: cat(s) in names


def top_cat(mine: Sequence[Row]) -> str | None:
    found = [c for c in map(cat, mine) if c is not None]
    return max(found, key=ORDER.index) if found else None


def ppl(test: Callable[[Row], bool]) -> list[str]:
    """Patients (their patient rows) passing ``test``."""
    return sorted(p["patient_id"] for p in pats() if test(p))


def never(test: Test) -> list[str]:
    return history(lambda mine: not any(map(test, mine)))


def n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


def n_studies(compare: Callable[[int], bool], test: Test = lambda s: True) -> list[str]:
    return history(lambda mine: compare(sum(1 for s in mine if test(s))))


def on_tracks(n_min: int, masses: bool) -> list[str]:
    """Patients with one nodule (a track) seen on at least ``n_min`` different studies."""
    by_track: dict[str, set[str]] = {}
    for f in findings():
        if f.get("track_id") and (is_nodule(f) or (masses and f["kind"] == "mass")):
            by_track.setdefault(f["track_id"], set()).add(f["study_uid"])
    uid_to_pid = {s["study_uid"]: s["patient_id"] for s in studies()}
    return sorted({uid_to_pid[next(iter(u))] for u in by_track.values() if len(u) >= n_min})


def kind_rows(name: str, *tests: FTest) -> list[Row]:
    return [f for f in findings() if f["kind"] == name and all(t(f) for t in tests)]


def mean_field(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return mean_of([f[name] / scale for f in rows if f.get(name) is not None])


def median_field(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return median_of([f[name] / scale for f in rows if f.get(name) is not None])


def share(part: int, whole: int) -> float | None:
    return pct(part, whole) if whole else None


def groups(rows: Sequence[Row], key: Callable[[Row], Any]) -> list[tuple[Any, int]]:
    return sorted(Counter(key(r) for r in rows).items(), key=lambda kv: str(kv[0]))


def since(day: str) -> Test:
    return dated(day, AS_OF)


def back(n_months: int, as_of: str = AS_OF) -> list[Test]:
    """The two readings of "the last N months" (its first day in or out)."""
    start = months_on(as_of, -n_months)
    return [dated(start, as_of), dated(shift(start, 1), as_of)]


def days_back(n: int, as_of: str = AS_OF) -> list[Test]:
    start = shift(as_of, -n)
    return [dated(start, as_of), dated(shift(start, 1), as_of)]


def first_fit(rng: random.Random, pool: Sequence[Any], fits: Callable[[Any], object]) -> Any:
    """A random member of ``pool`` that ``fits`` (drawn in a shuffled order of the pool)."""
    order = list(pool)
    rng.shuffle(order)
    for x in order:
        if bool(fits(x)):
            return x
    raise ValueError("nothing in the pool fits")


def day_no(s: Row) -> int:
    return dt.date.fromisoformat(s["study_date"]).toordinal()


def gaps(mine: Sequence[Row]) -> list[int]:
    return [days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)]


def uids(rows: Sequence[Row]) -> list[str]:
    return sorted(str(s["study_uid"]) for s in rows)


def dmy(day: str) -> str:
    """A date written day first with slashes (only used for days after the 12th)."""
    y, m, d = day.split("-")
    return f"{d}/{m}/{y}"


def long_date(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return f"{d.day} {d.strftime('%B')} {d.year}"


NUM = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    12: "twelve",
    15: "fifteen",
}


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    busy = with_history(3)
    p1 = pick(rng, busy)
    yield _q(fam, f"{p1} - pull up every exam we have on this patient", "study", uids(own(p1)))
    p2 = first_fit(rng, busy, lambda p: any(nods(s) for s in own(p)) and p != p1)
    yield _q(
        fam,
        f"pt # {p2}: which of their scans showed a nodule?",
        "study",
        sids(lambda s: s["patient_id"] == p2, nod()),
    )
    s1 = first_fit(rng, studies(), lambda s: len(fo(s)) >= 2)
    yield _q(
        fam,
        f"list the findings (each finding) on accession {s1['accession']}",
        "finding",
        sorted(f["finding_id"] for f in fo(s1)),
    )
    s2 = pick(rng, studies())
    yield _q(
        fam,
        f"accession no. {s2['accession']} belongs to which patient?",
        "patient",
        [s2["patient_id"]],
    )
    s3 = first_fit(rng, studies(), lambda s: len(nods(s)) >= 2)
    yield _q(
        fam,
        f"study uid {s3['study_uid']}: how many nodule findings were recorded on it?",
        "count",
        len(nods(s3)),
    )
    s4 = pick(rng, studies())
    yield _q(
        fam,
        f"Whose study is {s4['study_uid']}? I need the patient.",
        "patient",
        [s4["patient_id"]],
    )
    p3 = first_fit(rng, busy, lambda p: own(p)[-1]["study_date"] != own(p)[-2]["study_date"])
    yield _q(
        fam, f"what was the very latest imaging done on {p3}", "study", [own(p3)[-1]["study_uid"]]
    )
    p4 = first_fit(rng, busy, lambda p: sum(1 for s in own(p) if ldct(s)) >= 2)
    yield _q(
        fam,
        f"baseline screening ldct of {p4} (the first one)",
        "study",
        [next(s["study_uid"] for s in own(p4) if ldct(s))],
    )
    pa, pb = rng.sample([p["patient_id"] for p in pats()], 2)
    yield _q(
        fam,
        f"show every study for patients {pa}, {pb}",
        "study",
        sids(lambda s: s["patient_id"] in (pa, pb)),
    )
    yield _q(fam, "scans for P00777", "study", [])
    p5 = pick(rng, busy)
    yield _q(
        fam,
        f"How many studies does patient {p5} have on record?",
        "count",
        len(own(p5)),
    )
    p6 = first_fit(
        rng, busy, lambda p: any(chest_ct(s) and s["study_date"] >= "2025-01-01" for s in own(p))
    )
    yield _q(
        fam,
        f"chest cts for {p6} since jan 2025",
        "study",
        sids(lambda s: s["patient_id"] == p6, chest_ct, since("2025-01-01")),
    )
    p7 = first_fit(rng, busy, lambda p: own(p)[0]["study_date"] != own(p)[1]["study_date"])
    yield _q(fam, f"earliest exam on file for {p7}?", "study", [own(p7)[0]["study_uid"]])
    p8 = first_fit(
        rng, with_history(4), lambda p: own(p)[-2]["study_date"] != own(p)[-3]["study_date"]
    )
    yield _q(fam, f"{p8.lower()} last two studies", "study", uids(own(p8)[-2:]))
    s5 = first_fit(
        rng, studies(), lambda s: any(f["kind"] != "nodule" for f in fo(s)) and len(fo(s)) >= 2
    )
    yield _q(
        fam,
        f"acc# {s5['accession']} - nodules only, list the nodule findings",
        "finding",
        sorted(f["finding_id"] for f in nods(s5)),
    )
    s6 = pick(rng, [s for s in studies() if ldct(s)])
    yield _q(
        fam,
        f"pls pull accesion {s6['accession']}",
        "study",
        [s6["study_uid"]],
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y = pick(rng, [2023, 2024, 2025])
    q = pick(rng, [1, 2, 3, 4])
    yield _q(
        fam, f"screening ldcts performed during Q{q} of {y}", "study", sids(ldct, quarter(y, q))
    )
    y2 = pick(rng, [2024, 2025])
    yield _q(
        fam,
        f"how many scans were done in the third quarter of {y2}",
        "count",
        len(sids(quarter(y2, 3))),
    )
    yield _q(fam, "any haed cts done since sept 2025?", "study", sids(head_ct, since("2025-09-01")))
    day_a = f"2024-0{pick(rng, [3, 4])}-{pick(rng, [14, 18, 22])}"
    day_b = months_on(day_a, 3)
    yield _q(
        fam,
        f"chest x-rays between {dmy(day_a)} and {dmy(day_b)}",
        "study",
        sids(cxr, dated(day_a, day_b)),
    )
    yield _q(
        fam,
        "what was scanned from 2024-02-10 through 2024-03-05 - list the studies",
        "study",
        sids(dated("2024-02-10", "2024-03-05")),
    )
    yield _q(
        fam,
        "exams dated before 1 Feb 2023",
        "study",
        sids(lambda s: s["study_date"] < "2023-02-01"),
    )
    nd = first_fit(
        rng,
        [60, 75, 90, 100, 120],
        lambda n: agreed(*[len(sids(t)) for t in days_back(n)]) is not None,
    )
    yield from ask(
        fam,
        f"how many exams in the last {NUM.get(nd, str(nd))} days",
        "count",
        *[len(sids(t)) for t in days_back(nd)],
    )
    yield _q(
        fam,
        "patients born between 1950 and1952",
        "patient",
        born("1950-01-01", "1952-12-31"),
    )
    yield _q(
        fam,
        "anyone in the cohort with a date of birth before 1945? list the pts",
        "patient",
        born("0001-01-01", "1944-12-31"),
    )
    yield _q(
        fam,
        "screening cts jan thru jun 2024",
        "study",
        sids(ldct, dated("2024-01-01", "2024-06-30")),
    )
    m = pick(rng, range(1, 13))
    yield _q(
        fam,
        f"# of studies in {dt.date(2025, m, 1).strftime('%B').lower()} 2025",
        "count",
        len(sids(dated(f"2025-{m:02d}-01", month_end(2025, m)))),
    )
    r2 = back(24)
    yield from ask(
        fam, "cta chest pe exams from the last 2 yrs", "study", *[sids(cta, t) for t in r2]
    )
    yield _q(fam, "CTs this year", "study", sids(any_ct, dated("2026-01-01", AS_OF)))
    yield _q(fam, "chest x-rays from last calendar year", "study", sids(cxr, in_year(2025)))
    cut = months_on(AS_OF, -36)
    yield from ask(
        fam,
        "xrays more than 3 years old",
        "study",
        sids(cxr, lambda s: s["study_date"] < cut),
        sids(cxr, lambda s: s["study_date"] <= cut),
    )
    yield _q(
        fam,
        "how many ldcts from nov 2024 to feb 2025",
        "count",
        len(sids(ldct, dated("2024-11-01", "2025-02-28"))),
    )
    other = "2025-06-30"
    r3 = back(6, other)
    yield from ask(
        fam,
        "chest cts in the past 6 months",
        "study",
        *[sids(chest_ct, t) for t in r3],
        as_of=other,
    )
    yield _q(
        fam,
        "female patients whose birth year falls in the 1960s",
        "patient",
        ppl(lambda p: p["sex"] == "F" and "1960-01-01" <= p["birth_date"] <= "1969-12-31"),
    )
    d1 = pick(rng, [s["study_date"] for s in studies() if ldct(s)])
    yield _q(fam, f"ldcts done on {long_date(d1)}", "study", sids(ldct, dated(d1, d1)))


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    h = first_fit(rng, [-720, -700, -680, -650], lambda x: sids(nod(lt("mean_hu", x))))
    yield _q(
        fam,
        f"which studies have a nodule whose mean attenuation is below {h} hu",
        "study",
        sids(nod(lt("mean_hu", h))),
    )
    lo, hi = pick(rng, [(-800, -600), (-700, -500)])
    yield _q(
        fam,
        f"ggns with attenuation from {lo} to {hi} hu",
        "study",
        sids(nod(att("ground-glass"), within("mean_hu", lo, hi))),
    )
    yield _q(
        fam,
        "solid nodules under a centimetre with mean hu over 20",
        "study",
        sids(nod(att("solid"), lt("diameter_mm", 10), gt("mean_hu", 20))),
    )
    a = pick(rng, [6, 7])
    yield _q(
        fam,
        f"nodules between {NUM[a]} and {NUM[a + 2]} millimeters",
        "study",
        sids(nod(within("diameter_mm", a, a + 2))),
    )
    yield _q(
        fam,
        "Studies with a nodule of 1.5 cm or larger in diameter",
        "study",
        sids(nod(ge("diameter_mm", 15))),
    )
    yield _q(
        fam,
        "any sub-5mm nodule on screening? i.e. ldcts with a nodule smaller than half a centimetre",
        "study",
        sids(ldct, nod(lt("diameter_mm", 5))),
    )
    c = pick(rng, [0.6, 0.65])
    yield _q(
        fam,
        f"how many findings have a confidence under {c}",
        "count",
        len(fids(lt("confidence", c))),
    )
    v = pick(rng, [2, 3])
    yield _q(
        fam,
        f"scans with a nodule of more than {v} cc by volume",
        "study",
        sids(nod(gt("volume_mm3", v * 1000))),
    )
    yield _q(
        fam,
        "studies where some nodule measures at least 20 mm on its long axis",
        "study",
        sids(nod(ge("long_axis_mm", 20))),
    )
    yield _q(
        fam,
        "nodule with short axis <= 4mm - which studies",
        "study",
        sids(nod(le("short_axis_mm", 4))),
    )
    s = pick(rng, [5, 6])
    yield _q(
        fam,
        f"psn with a solid comp of > {s} mm, list studies",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", s))),
    )
    yield _q(
        fam,
        "nodules nine to twelve mm in diameter",
        "study",
        sids(nod(within("diameter_mm", 9, 12))),
    )
    lo_v, hi_v = pick(rng, [(100, 250), (150, 300)])
    yield _q(
        fam,
        f"how many nodule findings have a volume between {lo_v} and {hi_v} mm3",
        "count",
        len(fids(is_nodule, within("volume_mm3", lo_v, hi_v))),
    )
    yield _q(fam, "masses biggger than 3 cm", "study", sids(kind("mass", gt("diameter_mm", 30))))
    yield _q(
        fam,
        "pneumothoraces with confidence of 0.9 or higher",
        "study",
        sids(kind("pneumothorax", ge("confidence", 0.9))),
    )
    yield _q(
        fam,
        "solid nodules mean hu -50 to +50",
        "study",
        sids(nod(att("solid"), within("mean_hu", -50, 50))),
    )
    yield _q(
        fam,
        "nodules more than 0.75 cm but under 1.2 cm",
        "study",
        sids(nod(gt("diameter_mm", 7.5), lt("diameter_mm", 12))),
    )
    yield _q(
        fam,
        "nodlues greater than 25mm",
        "study",
        sids(nod(gt("diameter_mm", 25))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    n = pick(rng, [3, 4])
    yield _q(fam, f"ldcts with exaclty {n} nodules", "study", sids(ldct, n_nods(lambda k: k == n)))
    yield _q(
        fam,
        "how many scans show 4 or more nodules",
        "count",
        len(sids(n_nods(lambda k: k >= 4))),
    )
    yield _q(
        fam,
        "patients where a single ct showed more than 3 nodules",
        "patient",
        pids(n_nods(lambda k: k > 3)),
    )
    yield _q(
        fam,
        "chest ct exams that have fewer than two nodules (zero or one)",
        "study",
        sids(chest_ct, n_nods(lambda k: k < 2)),
    )
    k = pick(rng, [3, 4])
    yield _q(
        fam,
        f"who has been imaged at least {k} times? patients please",
        "patient",
        n_studies(lambda c: c >= k),
    )
    yield _q(fam, "pts who only ever had one scan", "patient", n_studies(lambda c: c == 1))
    yield _q(
        fam,
        "how many patients have 3 or more ldcts",
        "count",
        len(n_studies(lambda c: c >= 3, ldct)),
    )
    yield _q(
        fam,
        "anyone with more than one head CT on file (patients)",
        "patient",
        n_studies(lambda c: c > 1, head_ct),
    )
    yield _q(
        fam,
        "patients who had 2+ chest xrays",
        "patient",
        n_studies(lambda c: c >= 2, cxr),
    )
    m = pick(rng, [3, 4])
    yield from ask(
        fam,
        f"pts (list) whose single tracked nodule spans {m} or more distinct exams",
        "patient",
        on_tracks(m, False),
        on_tracks(m, True),
    )
    yield _q(fam, "ldcts without any nodules", "study", sids(ldct, n_nods(lambda c: c == 0)))
    yield _q(
        fam,
        "number of scans with a single nodule",
        "count",
        len(sids(n_nods(lambda c: c == 1))),
    )
    yield _q(
        fam,
        "patients with four or more scans, how many",
        "count",
        len(n_studies(lambda c: c >= 4)),
    )
    yield _q(
        fam,
        "count of patients with exactly 2 LDCTs",
        "count",
        len(n_studies(lambda c: c == 2, ldct)),
    )
    yield _q(
        fam,
        "ldcts with exactly one ggn",
        "study",
        sids(ldct, n_nods(lambda c: c == 1, att("ground-glass"))),
    )
    yield _q(
        fam,
        "patietns with at least 3 chest cts",
        "patient",
        n_studies(lambda c: c >= 3, chest_ct),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    ptx, eff = kind("pneumothorax"), kind("pleural_effusion")
    yield _q(
        fam,
        "list patients that had a ground-glass nodule on one occasion and, on the same or another "
        "occasion, a spiculated nodule",
        "patient",
        history(each_on_some(nod(att("ground-glass")), nod(margin("spiculated")))),
    )
    yield _q(
        fam,
        "mass plus pneumothorax seen together on one ct - which pts",
        "patient",
        pids(kind("mass"), ptx),
    )
    yield _q(
        fam,
        "patients with an ldct but nevr a head ct",
        "patient",
        history(some_but_never(ldct, head_ct)),
    )
    yield _q(fam, "patients with no low dose ct ever on record", "patient", never(ldct))
    yield _q(
        fam,
        "spiculated nodule at some point, yet no report of theirs ever mentions emphysema - which "
        "patients",
        "patient",
        history(some_but_never(nod(margin("spiculated")), says("emphysema"))),
    )
    ya, yb = pick(rng, [(2023, 2025), (2023, 2026), (2024, 2026)])
    yield _q(
        fam,
        f"who was imaged in {ya} and then again during {yb}? patient list",
        "patient",
        history(each_on_some(in_year(ya), in_year(yb))),
    )
    yield _q(
        fam,
        "patients with a ct angiogram but no chest x-ray ever",
        "patient",
        history(some_but_never(cta, cxr)),
    )
    yield from ask(
        fam,
        "patients with an ldct, every one of whose ldcts had no nodule",
        "patient",
        history(lambda mine: any(map(ldct, mine)) and all(not nods(s) for s in mine if ldct(s))),
    )
    yield _q(
        fam,
        "female pts that have not had any chest ct",
        "patient",
        sorted(set(never(chest_ct)) & set(ppl(lambda p: p["sex"] == "F"))),
    )
    yield _q(
        fam,
        "patients w emphysema on a report or a spiculated nodule",
        "patient",
        pids(lambda s: says("emphysema")(s) or nod(margin("spiculated"))(s)),
    )
    yield _q(
        fam,
        "patients whose nodules were calcified every time - had a calcified nodule and never an "
        "uncalcified nodule",
        "patient",
        history(some_but_never(nod(calcified), nod(uncalcified))),
    )
    yield _q(
        fam,
        "patients with both an effusion and a pneumothorax at any point, not necessarily the "
        "same scan",
        "patient",
        history(each_on_some(eff, ptx)),
    )
    yield _q(
        fam,
        "patients imaged with both a CTPA and a CT CHEST W CONTRAST study (at any time)",
        "patient",
        history(each_on_some(cta, with_contrast)),
    )
    yield _q(
        fam,
        "patients never diagnosed with a nodule",
        "patient",
        never(nod()),
    )
    yield _q(
        fam,
        "patients with ldcts in every year from 2023 through 2025",
        "patient",
        history(
            each_on_some(
                both_(ldct, in_year(2023)), both_(ldct, in_year(2024)), both_(ldct, in_year(2025))
            )
        ),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    y = pick(rng, [2024, 2025])
    yield _q(fam, f"lr 3 ldcts in {y}", "study", sids(ldct, in_year(y), cats("3")))
    yield _q(fam, "total number of exams assigned Lung-RADS 4B", "count", len(sids(cats("4B"))))
    c = pick(rng, ["4A", "3"])
    yield _q(
        fam,
        f"pts whose top lung-rads category across all their scans is {c}",
        "patient",
        history(lambda mine: top_cat(mine) == c),
    )
    yield _q(
        fam, "categroy 4 or above screening scans", "study", sids(ldct, cats("4A", "4B", "4X"))
    )
    yield _q(
        fam,
        "which chest ct studies scored under lung-rads 3",
        "study",
        sids(chest_ct, cats("1", "2")),
    )
    y2 = pick(rng, [2023, 2024])
    yield _q(
        fam,
        f"count of ldcts per lung-rads category in {y2}",
        "groups",
        groups([s for s in studies() if ldct(s) and in_year(y2)(s)], cat),
    )
    yield _q(
        fam,
        "pts with an lr4x ldct in 2026",
        "patient",
        pids(ldct, in_year(2026), cats("4X")),
    )
    yield _q(
        fam,
        "exams whose lung-rads was upgraded relative to the patient's prior categorised exam",
        "study",
        sids(went(1)),
    )
    yield _q(
        fam,
        "ldcts that moved from lung rads 2 to 4a",
        "study",
        sids(ldct, went_from("2", ("4A",))),
    )
    yield _q(
        fam,
        "worst lung rads on record is 3 - which pts",
        "patient",
        history(lambda mine: top_cat(mine) == "3"),
    )
    yield _q(fam, "screening cts that came back lung-rads 1", "study", sids(ldct, cats("1")))
    yield _q(
        fam,
        "patients with at least one lr 4b or lr 4x ldct",
        "patient",
        pids(ldct, cats("4B", "4X")),
    )
    yield _q(
        fam,
        "how many distinct patients had a lung-rads 3 study",
        "count",
        len(pids(cats("3"))),
    )
    yield _q(
        fam,
        "ldcts of female patients rated lr 2 or better",
        "study",
        sids(ldct, sex_is("F"), cats("1", "2")),
    )
    yield _q(
        fam,
        "lungrads 4a studies at ct01",
        "study",
        sids(at_station("CT01"), cats("4A")),
    )
    yield _q(
        fam,
        "patients with an lr 2 and an lr 4b screening ct at any time",
        "patient",
        history(each_on_some(both_(ldct, cats("2")), both_(ldct, cats("4B")))),
    )


def _rank_patients(score: Callable[[str], float | None], start: int) -> tuple[int, list[str]]:
    """The first untied number of patients with the highest ``score`` (None: left out)."""
    rows = []
    for p in pats():
        v = score(p["patient_id"])
        if v is not None:
            rows.append({"patient_id": p["patient_id"], "k": -v})
    return untied(rows, lambda r: r["k"], "patient_id", start)


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    nrows = nodule_rows()
    n, ids = untied(nrows, lambda f: -f["diameter_mm"], "finding_id", pick(rng, [4, 5, 6]))
    yield _q(fam, f"show the {n} biggest nodule findings", "finding", ids)
    n, ids = _rank_patients(lambda p: float(sum(len(nods(s)) for s in own(p))), 3)
    yield _q(
        fam,
        f"which {n} patients have accumulated the most nodules across all scans",
        "patient",
        ids,
    )
    lds = [s for s in studies() if ldct(s)]
    n, ids = untied(lds, lambda s: -day_no(s), "study_uid", pick(rng, [8, 10]))
    yield _q(fam, f"newest {n} screening ldcts in the database", "study", ids)
    n, ids = untied(pats(), lambda p: p["birth_date"], "patient_id", 4)
    yield _q(fam, f"the {NUM.get(n, str(n))} oldest patinets in the cohort", "patient", ids)
    ggns = nodule_rows(att("ground-glass"))
    n, ids = untied(ggns, lambda f: f["volume_mm3"], "finding_id", 3)
    yield _q(fam, f"{n} ggns with the lowest volume", "finding", ids)
    n, ids = untied(nrows, lambda f: -f["mean_hu"], "finding_id", 5)
    yield _q(fam, f"nodule findings with the highest mean hu, top {n}", "finding", ids)
    masses = kind_rows("mass")
    n, ids = untied(masses, lambda f: -f["diameter_mm"], "finding_id", 3)
    yield _q(fam, f"which {n} masses are the biggest", "finding", ids)
    ptx = kind_rows("pneumothorax")
    n, ids = untied(ptx, lambda f: f["confidence"], "finding_id", 4)
    yield _q(fam, f"least confident {n} pneumothorax findings", "finding", ids)
    n, ids = _rank_patients(lambda p: float(sum(len(fo(s)) for s in own(p))), 3)
    yield _q(fam, f"{n} patients with the most findings of any kind", "patient", ids)
    heads = [s for s in studies() if head_ct(s)]
    n, ids = untied(heads, day_no, "study_uid", 3)
    yield _q(fam, f"of all head CTs, the {n} dated earliest", "study", ids)
    n, ids = untied(nrows, lambda f: -f["long_axis_mm"], "finding_id", 4)
    yield _q(fam, f"nodule findings ranked by long axis, longest {n}", "finding", ids)

    def biggest(p: str) -> float | None:
        sizes = [f["diameter_mm"] for s in own(p) for f in nods(s)]
        return max(sizes) if sizes else None

    n, ids = _rank_patients(biggest, 3)
    yield _q(fam, f"{n} pts whose single biggest nodule has the largest diameter", "patient", ids)
    women = [p for p in pats() if p["sex"] == "F"]
    n, ids = untied(
        women, lambda p: tuple(-x for x in map(int, p["birth_date"].split("-"))), "patient_id", 3
    )
    yield _q(fam, f"the {n} women with the latest date of birth", "patient", ids)
    psn = nodule_rows(att("part-solid"), lambda f: f.get("solid_component_mm") is not None)
    n, ids = untied(psn, lambda f: -f["solid_component_mm"], "finding_id", 5)
    yield _q(
        fam, f"psns with the biggest solid comp - give me the top {n} findings", "finding", ids
    )
    effs = kind_rows("pleural_effusion")
    n, ids = untied(effs, lambda f: -f["confidence"], "finding_id", 2)
    yield _q(fam, f"which {n} effusion findings carry the highest confidence score", "finding", ids)


def stats(rng: random.Random) -> Rows:
    fam = "stats"
    nrows = nodule_rows()
    yield _q(fam, "avg nodule diamter", "value", mean_field(nrows, "diameter_mm"))
    yield _q(
        fam,
        "for ggns, what is the median vol (mm3)",
        "value",
        median_field(nodule_rows(att("ground-glass")), "volume_mm3"),
    )
    yield _q(
        fam,
        "solid nodules: average attenuation in HU across all of them?",
        "value",
        mean_field(nodule_rows(att("solid")), "mean_hu"),
    )
    heads = [s for s in studies() if head_ct(s)]
    yield _q(
        fam,
        "average patient age at the time of a head ct (over all head cts)",
        "value",
        mean_of([ref.age(s) for s in heads]),
    )
    lds = [s for s in studies() if ldct(s)]
    c = first_fit(rng, ORDER, lambda c: share(sum(1 for s in lds if cat(s) == c), len(lds)))
    yield from ask(
        fam,
        f"lung-rads {c.lower()} rate: among every ldct in the registry, what percentage got "
        "that category",
        "value",
        share(sum(1 for s in lds if cat(s) == c), len(lds)),
    )
    yield from ask(
        fam,
        "percent of the cohort recorded with sex O (patients)",
        "value",
        share(sum(1 for p in pats() if p["sex"] == "O"), len(pats())),
    )
    yield _q(
        fam,
        "average of the number of nodules on each ldct",
        "value",
        mean_of([float(len(nods(s))) for s in lds]),
    )
    pool = [
        (lb, field, v)
        for lb in ("RUL", "RML", "RLL", "LUL", "LLL")
        for field, values in (
            ("margin", ("smooth", "lobulated", "spiculated")),
            ("attenuation", ("solid", "part-solid", "ground-glass")),
        )
        for v in values
    ]

    def lobe_share(x: tuple[str, str, str]) -> float | None:
        whole = nodule_rows(in_lobe(x[0]))
        return share(sum(1 for f in whole if f[x[1]] == x[2]), len(whole))

    pick_ = first_fit(rng, pool, lobe_share)
    said = f"{pick_[2]} margins" if pick_[1] == "margin" else f"{pick_[2]} attenuation"
    yield from ask(
        fam,
        f"share of {pick_[0]} nodule findings with {said}, in percent",
        "value",
        lobe_share(pick_),
    )
    yield _q(fam, "studies per staton", "groups", groups(studies(), lambda s: s["station"]))
    yield _q(
        fam, "break the patient list down by gender", "groups", groups(pats(), lambda p: p["sex"])
    )
    yield _q(
        fam,
        "median confidence of pleural effusions",
        "value",
        median_field(kind_rows("pleural_effusion"), "confidence"),
    )
    yield _q(
        fam,
        "what is the average long axis of the masses, expressed in centimetres",
        "value",
        mean_field(kind_rows("mass"), "long_axis_mm", 10.0),
    )
    ct02 = [s for s in studies() if s["station"] == "CT02"]
    yield from ask(
        fam,
        "what % of CT02 studies were low dose screening cts",
        "value",
        share(sum(1 for s in ct02 if ldct(s)), len(ct02)),
    )
    yield _q(
        fam,
        "median number of imaging studies each patient has had",
        "value",
        median_of([float(len(own(p["patient_id"]))) for p in pats()]),
    )
    yield _q(
        fam,
        "mean solid comp among psns (mm)",
        "value",
        mean_field(nodule_rows(att("part-solid")), "solid_component_mm"),
    )
    yield _q(
        fam,
        "CT vs DX: how many studies of each modality",
        "groups",
        groups(studies(), lambda s: s["modality"]),
    )
    y = pick(rng, [2024, 2025])
    yield _q(
        fam,
        f"ldcts at CT01 vs CT02 in {y}",
        "groups",
        groups([s for s in lds if in_year(y)(s)], lambda s: s["station"]),
    )
    yield _q(
        fam,
        "across male patients, mean number of nodules each",
        "value",
        mean_of(
            [
                float(sum(len(nods(s)) for s in own(p["patient_id"])))
                for p in pats()
                if p["sex"] == "M"
            ]
        ),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    emph, lad, cac = says("emphysema"), says("lymphadenopathy"), says("coronary")
    yield _q(fam, "ldcts whose reprot mentions emphysema", "study", sids(ldct, emph))
    yield _q(
        fam,
        "reports negative for lymphadenopathy - list the studies",
        "study",
        sids(denies("lymphadenopathy")),
    )
    yield _q(
        fam,
        "pts with coronary artery calcification noted on a report",
        "patient",
        pids(cac),
    )
    yield _q(fam, "chest ct exams w/o emphysmea - list", "study", sids(chest_ct, neg(emph)))
    yield _q(
        fam,
        "screening cts with emphysema in the report and no nodules",
        "study",
        sids(ldct, emph, n_nods(lambda c: c == 0)),
    )
    yield _q(
        fam,
        "studies with a spiculated nodule plus emphysema in the report",
        "study",
        sids(nod(margin("spiculated")), emph),
    )
    yield _q(
        fam,
        "emphysema never reported for them at all - give me those patients",
        "patient",
        never(emph),
    )
    yield _q(
        fam,
        "exams negative for lymphadenopthy per the report",
        "study",
        sids(denies("lymphadenopathy")),
    )
    yield _q(
        fam,
        "count the reports that explicitly document no emphysema",
        "count",
        len(sids(denies("emphysema"))),
    )
    yield _q(
        fam,
        "enlarged mediastinal lymph nodes on ldct in 2025",
        "study",
        sids(ldct, in_year(2025), lad),
    )
    yield _q(
        fam,
        "patients with emphysema or lymphadenopathy reported",
        "patient",
        pids(lambda s: emph(s) or lad(s)),
    )
    yield _q(
        fam,
        "studies whose report calls out a granuloma, how many",
        "count",
        len(sids(says("granuloma"))),
    )
    yield _q(
        fam,
        "women whose reports mention coronary artery calcification",
        "patient",
        pids(sex_is("F"), cac),
    )
    y = pick(rng, [2024, 2025])
    yield _q(
        fam,
        f"{y} ldcts with emphysema but no lymphadenopathy",
        "study",
        sids(ldct, in_year(y), emph, neg(lad)),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    gr = grew_readings()
    yield from ask(fam, "studies showing nodule growth", "study", *[sids(fstudy(g)) for g in gr])
    yield from ask(
        fam,
        "pts with a grwoing nodule on a 2025 scan",
        "patient",
        *[pids(in_year(2025), fstudy(g)) for g in gr],
    )
    g_mm = first_fit(
        rng,
        [2.0, 2.5, 3.5, 4.0],
        lambda x: agreed(*[len(fids(g)) for g in grew_readings(x)]) is not None,
    )
    g2 = grew_readings(g_mm)
    yield from ask(
        fam,
        f"how many nodule findings grew by more than {g_mm:g} mm",
        "count",
        *[len(fids(g)) for g in g2],
    )
    nw = [new(True), new(False)]
    yield from ask(
        fam,
        "2024 screening cts where a new nodule appeared",
        "study",
        *[sids(ldct, in_year(2024), fstudy(t, is_nodule)) for t in nw],
    )
    yield from ask(
        fam,
        "solid nodule that is new compared with earlier imaging - which people developed one "
        "(patients)",
        "patient",
        *[pids(fstudy(t, att("solid"))) for t in nw],
    )
    st = [stable(r, m) for r in (False, True) for m in (False, True)]
    yield from ask(
        fam,
        "count the stable nodule findings in the LLL",
        "count",
        *[len(fids(t, is_nodule, in_lobe("LLL"))) for t in st],
    )
    g3 = grew_readings(3.0, inclusive=True)
    yield from ask(
        fam,
        "list the nodule findings that increased by at least 3 mm",
        "finding",
        *[fids(g, is_nodule) for g in g3],
    )
    yn = first_fit(
        rng,
        [2024, 2025, 2026],
        lambda y: (
            agreed(*[len(sids(in_year(y), fstudy(t, att("ground-glass")))) for t in nw]) is not None
        ),
    )
    yield from ask(
        fam,
        f"number of {yn} studies showing a new ggn",
        "count",
        *[len(sids(in_year(yn), fstudy(t, att("ground-glass")))) for t in nw],
    )
    yield from ask(
        fam,
        "RUL nodule findings that grew > 1.5mm",
        "finding",
        *[fids(g, is_nodule, in_lobe("RUL")) for g in gr],
    )
    yield from ask(
        fam,
        "women with an enlarging nodule",
        "patient",
        *[pids(sex_is("F"), fstudy(g)) for g in gr],
    )
    yield from ask(
        fam,
        "Which patients had a new nodule bigger than 8 mm on a 2024 follow up scan?",
        "patient",
        *[pids(in_year(2024), fstudy(t, gt("diameter_mm", 8))) for t in nw],
    )
    yield from ask(
        fam,
        "spiculated nodules that got bigger (by more than 1.5 mm)",
        "study",
        *[sids(fstudy(g, margin("spiculated"))) for g in gr],
    )


def people(rng: random.Random) -> Rows:
    fam = "people"
    a = pick(rng, [70, 72, 75])
    r = aged(sex_is("F"), lambda s: ref.age(s) > a, ldct)
    yield from ask(fam, f"women over {a} with an ldct", "patient", *r)
    lo = pick(rng, [50, 55])
    yield from ask(
        fam,
        f"male pts {lo}-{lo + 10} w a spiculated nodule",
        "patient",
        *aged(both_(sex_is("M"), lambda s: lo <= ref.age(s) <= lo + 10), nod(margin("spiculated"))),
    )
    yield _q(fam, "pts whose recorded sex is O", "patient", ppl(lambda p: p["sex"] == "O"))
    yield _q(fam, "how many womem do we have overall", "count", len(ppl(lambda p: p["sex"] == "F")))
    dec = first_fit(
        rng,
        [50, 60, 70],
        lambda d: (
            agreed(*aged(lambda s: d <= ref.age(s) <= d + 9, kind("pleural_effusion"))) is not None
        ),
    )
    yield from ask(
        fam,
        f"pts in their {dec}s with a pleural effusion",
        "patient",
        *aged(lambda s: dec <= ref.age(s) <= dec + 9, kind("pleural_effusion")),
    )
    yield from ask(
        fam,
        "septuagenarain men who had a head ct",
        "patient",
        *aged(both_(sex_is("M"), lambda s: 70 <= ref.age(s) <= 79), head_ct),
    )
    yield _q(
        fam,
        "female patients born 1970 or later",
        "patient",
        ppl(lambda p: p["sex"] == "F" and p["birth_date"] >= "1970-01-01"),
    )
    y = pick(rng, [2024, 2025])
    yield _q(
        fam,
        f"how many men had a chest x-ray in {y}",
        "count",
        len(pids(sex_is("M"), cxr, in_year(y))),
    )
    yield from ask(
        fam,
        "females under 45 with a head ct",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) < 45), head_ct),
    )
    yield _q(
        fam,
        "pts aged 85 or older at the time of their ldct",
        "patient",
        pids(ldct, lambda s: ref.age(s) >= 85),
    )
    yield _q(
        fam,
        "total male pts in the dataset, how many",
        "count",
        len(ppl(lambda p: p["sex"] == "M")),
    )
    yield from ask(
        fam,
        "patients between the ages of forty and fifty with a ct angiogram",
        "patient",
        *aged(lambda s: 40 <= ref.age(s) <= 50, cta),
    )
    yield _q(
        fam,
        "womens screening ldcts done in 2026",
        "study",
        sids(sex_is("F"), ldct, in_year(2026)),
    )
    yield from ask(
        fam,
        "number of patients with a mass, men vs women",
        "groups",
        [(x, len(pids(sex_is(x), kind("mass")))) for x in ("F", "M")],
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    y = pick(rng, [2024, 2025])
    yield _q(
        fam,
        f"studies acquired on the DX01 room during {y}",
        "study",
        sids(at_station("DX01"), in_year(y)),
    )
    yield _q(fam, "how many exams were performed on CT01", "count", len(sids(at_station("CT01"))))
    yield _q(fam, "pulmonary embolism ct angiograms from 2024", "study", sids(cta, in_year(2024)))
    ich = kind("intracranial_hemorrhage")
    yield _q(
        fam,
        "non contrast head cts with intracranial hemorhage",
        "study",
        sids(lambda s: s["description"] == "CT HEAD W/O CONTRAST", ich),
    )
    yield _q(
        fam,
        'any consolidation picked up on a plain "CT CHEST W/O CONTRAST" study? show me those',
        "study",
        sids(non_contrast_chest, kind("consolidation")),
    )
    yield _q(fam, "chest x-rays showing a pneumothroax", "study", sids(cxr, kind("pneumothorax")))
    q = pick(rng, [1, 2, 3, 4])
    yield _q(
        fam,
        f"CT02 ldct count Q{q} 2025",
        "count",
        len(sids(at_station("CT02"), ldct, quarter(2025, q))),
    )
    yield _q(
        fam,
        "break down 2024 studies by station",
        "groups",
        groups([s for s in studies() if in_year(2024)(s)], lambda s: s["station"]),
    )
    yield _q(
        fam,
        "pleural effusion on ctpa - which studies",
        "study",
        sids(cta, kind("pleural_effusion")),
    )
    yield from ask(
        fam,
        "percentage of all studies done on DX01",
        "value",
        share(len(sids(at_station("DX01"))), len(studies())),
    )
    yield _q(
        fam,
        "chest radiographs of patients over 80",
        "study",
        sids(cxr, lambda s: ref.age(s) > 80),
    )
    yield _q(
        fam,
        "which station did the most head cts? give head ct counts per station",
        "groups",
        groups([s for s in studies() if head_ct(s)], lambda s: s["station"]),
    )
    yield _q(
        fam,
        "contrast enhanced chest CT (CT CHEST W CONTRAST) with a mass",
        "study",
        sids(lambda s: s["description"] == "CT CHEST W CONTRAST", kind("mass")),
    )
    yield _q(
        fam,
        "ct01 screening volume in 2025: number of ldcts",
        "count",
        len(sids(at_station("CT01"), ldct, in_year(2025))),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield _q(
        fam,
        "middle lobe (right) nodule present - list those scans",
        "study",
        sids(nod(in_lobe("RML"))),
    )
    yield _q(fam, "left uper lobe ggns", "study", sids(nod(in_lobe("LUL"), att("ground-glass"))))
    yield _q(
        fam,
        "nodules in either lower lobe (RLL or LLL)",
        "study",
        sids(nod(in_lobe("RLL", "LLL"))),
    )
    yield _q(
        fam,
        "right lower lobe: total nodule findings",
        "count",
        len(fids(is_nodule, in_lobe("RLL"))),
    )
    yield _q(
        fam,
        "pts with an RUL nodule and an LUL nodule seen on one and the same scan",
        "patient",
        pids(nod(in_lobe("RUL")), nod(in_lobe("LUL"))),
    )
    yield _q(
        fam,
        "nodule findings per lobe - counts",
        "groups",
        groups(nodule_rows(), lambda f: f["lobe"]),
    )
    size = pick(rng, [8, 10])
    yield _q(
        fam,
        f"LUL spiculated nodule bigger than {size} mm - studies",
        "study",
        sids(nod(in_lobe("LUL"), margin("spiculated"), gt("diameter_mm", size))),
    )
    yield _q(
        fam,
        "which exams show a mass located in the RML",
        "study",
        sids(kind("mass", in_lobe("RML"))),
    )
    yield _q(
        fam,
        "left lower lobe part-solid nodules in 2025",
        "study",
        sids(in_year(2025), nod(in_lobe("LLL"), att("part-solid"))),
    )
    yield _q(
        fam,
        "calcified RUL nodule - which patients",
        "patient",
        pids(nod(in_lobe("RUL"), calcified)),
    )
    yield _q(
        fam,
        "ldcts with nodules in the rul, rml and rll (all three right lobes on one scan)",
        "study",
        sids(ldct, nod(in_lobe("RUL")), nod(in_lobe("RML")), nod(in_lobe("RLL"))),
    )
    yield _q(
        fam,
        "right midle lobe solid nodules",
        "study",
        sids(nod(in_lobe("RML"), att("solid"))),
    )


def features(rng: random.Random) -> Rows:
    fam = "features"
    yield _q(
        fam,
        "show scans containing a solid, spiculated nodule",
        "study",
        sids(nod(margin("spiculated"), att("solid"))),
    )
    yield _q(
        fam,
        "calcified solid nodules in 2024",
        "study",
        sids(in_year(2024), nod(calcified, att("solid"))),
    )
    yield _q(
        fam,
        "part-solid nodules with lobulated marigns",
        "study",
        sids(nod(att("part-solid"), margin("lobulated"))),
    )
    yield _q(
        fam,
        "pts with a non-calcified nodule over 8mm",
        "patient",
        pids(nod(uncalcified, gt("diameter_mm", 8))),
    )
    yield _q(
        fam,
        "number of smooth-margined nodule findings",
        "count",
        len(fids(is_nodule, margin("smooth"))),
    )
    yield _q(
        fam, "2023 exams with a pure ggn", "study", sids(in_year(2023), nod(att("ground-glass")))
    )
    a = pick(rng, [60, 65])
    yield from ask(
        fam,
        f"patients over {a} with a subsolid nodule",
        "patient",
        *aged(lambda s: ref.age(s) > a, nod(subsolid)),
    )
    yield _q(fam, "psns on ct02", "study", sids(at_station("CT02"), nod(att("part-solid"))))
    yield _q(
        fam,
        "noncalcified spiculated nodules on ldct",
        "study",
        sids(ldct, nod(uncalcified, margin("spiculated"))),
    )
    yield _q(
        fam,
        "how many calcified nodule findings are there",
        "count",
        len(fids(is_nodule, calcified)),
    )
    yield _q(
        fam,
        "lobulated solid nodules at least 6 mm",
        "study",
        sids(nod(margin("lobulated"), att("solid"), ge("diameter_mm", 6))),
    )
    yield _q(
        fam,
        "nodule findings by attenuation",
        "groups",
        groups(nodule_rows(), lambda f: f["attenuation"]),
    )
    yield _q(
        fam,
        "part solid nodule w spiculted margin - studies",
        "study",
        sids(nod(margin("spiculated"), att("part-solid"))),
    )
    scopes: dict[str, Test] = {
        "ldcts": ldct,
        "chest cts": chest_ct,
        "2024 ldcts": both_(ldct, in_year(2024)),
        "2025 ldcts": both_(ldct, in_year(2025)),
    }
    feats: dict[str, FTest] = {
        "spiculated": margin("spiculated"),
        "lobulated": margin("lobulated"),
        "calcified": calcified,
        "part-solid": att("part-solid"),
        "ground-glass": att("ground-glass"),
    }

    def feat_share(x: tuple[str, str]) -> float | None:
        scoped = [s for s in studies() if scopes[x[0]](s) and nods(s)]
        return share(sum(1 for s in scoped if nods(s, feats[x[1]])), len(scoped))

    sc, ft = first_fit(rng, [(a, b) for a in scopes for b in feats], feat_share)
    yield from ask(
        fam,
        f"of the {sc} with a nodule, what % had a {ft} nodule",
        "value",
        feat_share((sc, ft)),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    busy = with_history(3)
    p1 = pick(rng, busy)
    mine = own(p1)
    yield _q(
        fam,
        f"days from {p1}'s first study to their latest",
        "value",
        float(days_between(mine[0]["study_date"], mine[-1]["study_date"])),
    )
    pooled = [g for p in pats() for g in gaps([s for s in own(p["patient_id"]) if ldct(s)])]
    yield _q(
        fam,
        "average gap in days between consecutive ldcts of the same patient",
        "value",
        mean_of([float(g) for g in pooled]),
    )
    yield _q(
        fam,
        "median intreval btw consecutive ldcts (days)",
        "value",
        median_of([float(g) for g in pooled]),
    )

    def followed(months: int, mine: list[Row]) -> list[bool]:
        first, last = mine[0]["study_date"], mine[-1]["study_date"]
        return [last > months_on(first, months), days_between(first, last) > 365 * months // 12]

    yield from ask(
        fam,
        "pts followed for more than 2 yrs (first to last scan)",
        "patient",
        history(lambda m: bool(m) and followed(24, m)[0]),
        history(lambda m: bool(m) and followed(24, m)[1]),
    )
    p2 = first_fit(rng, with_history(4), lambda p: len(set(gaps(own(p)))) > 1)
    yield _q(
        fam,
        f"longest gap between consecutive scans of {p2}, in days",
        "value",
        float(max(gaps(own(p2)))),
    )

    def fu_within(months: int, test: Test) -> list[str]:
        def ok(mine: list[Row]) -> bool:
            for s in mine:
                if ldct(s) and cat(s) == "3":
                    end = months_on(s["study_date"], months)
                    if any(s["study_date"] < x["study_date"] <= end and test(x) for x in mine):
                        return True
            return False

        return history(ok)

    yield from ask(
        fam,
        "patients with an lr 3 ldct and a f/u ct within 13 months of it",
        "patient",
        fu_within(13, any_ct),
        fu_within(13, chest_ct),
    )
    p3 = first_fit(rng, busy, lambda p: sum(1 for s in own(p) if ldct(s)) >= 2 and p != p1)
    ld = [s for s in own(p3) if ldct(s)]
    yield _q(
        fam,
        f"how many days between {p3}'s first and latest ldct",
        "value",
        float(days_between(ld[0]["study_date"], ld[-1]["study_date"])),
    )
    yield _q(
        fam,
        "shortest gap between consecutive ldcts of the same patient (days)",
        "value",
        float(min(pooled)),
    )
    s_a, s_b = own(p2)[0], own(p2)[-1]
    yield _q(
        fam,
        f"days between acc {s_a['accession']} and acc {s_b['accession']}",
        "value",
        float(days_between(s_a["study_date"], s_b["study_date"])),
    )
    yield _q(
        fam,
        "mean time in days from each patient's first to latest study, over patients with 2 or "
        "more studies",
        "value",
        mean_of(
            [
                float(days_between(m[0]["study_date"], m[-1]["study_date"]))
                for m in (own(p) for p in with_history(2))
            ]
        ),
    )


def asked_in_other_styles(rng: random.Random) -> Rows:
    """E-mails, dictation, search-box keywords and a data scientist's ranges, each under the
    family whose condition it asks."""
    yield _q(
        "modality",
        "Hi team, for the audit could you send me the list of patients who had a CT angio chest "
        "PE in 2025? Thanks, Maria",
        "patient",
        pids(cta, in_year(2025)),
    )
    yield _q(
        "lung_rads",
        "Dear all - quick one: how many low-dose screening CTs came back Lung-RADS 4X in 2025? "
        "Best, J.",
        "count",
        len(sids(ldct, in_year(2025), cats("4X"))),
    )
    y = first_fit(
        rng,
        [2023, 2024, 2025],
        lambda y: share(
            len(sids(ldct, in_year(y), at_station("CT01"))), len(sids(ldct, in_year(y)))
        ),
    )
    yield from ask(
        "stats",
        f"Hello, can you tell me what percentage of the {y} LDCTs were done at CT01? Regards, Tom",
        "value",
        share(len(sids(ldct, in_year(y), at_station("CT01"))), len(sids(ldct, in_year(y)))),
    )
    yield _q(
        "lobes",
        "patients with nodules larger than fifteen millimetres in the left lower lobe",
        "patient",
        pids(nod(in_lobe("LLL"), gt("diameter_mm", 15))),
    )
    yield _q(
        "dates",
        "how many head ct scans in twenty twenty five",
        "count",
        len(sids(head_ct, in_year(2025))),
    )
    yield _q(
        "numbers",
        "nodules measuring between four and six millimetres in the right upper lobe",
        "study",
        sids(nod(in_lobe("RUL"), within("diameter_mm", 4, 6))),
    )
    yield _q(
        "lobes",
        "ggn rll >10mm 2025",
        "study",
        sids(in_year(2025), nod(att("ground-glass"), in_lobe("RLL"), gt("diameter_mm", 10))),
    )
    yield _q(
        "features",
        "spiculated nodule lul ct01",
        "study",
        sids(at_station("CT01"), nod(margin("spiculated"), in_lobe("LUL"))),
    )
    yield _q(
        "numbers",
        "nodule findings with diameter in [6, 8) mm, count",
        "count",
        len(fids(is_nodule, ge("diameter_mm", 6), lt("diameter_mm", 8))),
    )
    yield _q(
        "numbers",
        "part-solid nodules, mean hu strictly between -400 and -100",
        "study",
        sids(nod(att("part-solid"), gt("mean_hu", -400), lt("mean_hu", -100))),
    )
    firsts = [
        next(s for s in own(p["patient_id"]) if ldct(s))
        for p in pats()
        if any(ldct(s) for s in own(p["patient_id"]))
    ]
    yield _q(
        "people",
        "median age (years) of patients when they had their first ever ldct",
        "value",
        median_of([float(ref.age(s)) for s in firsts]),
    )
    yield _q(
        "people",
        "ldct count by patient sex, 2025",
        "groups",
        groups([s for s in studies() if ldct(s) and in_year(2025)(s)], ref.sex),
    )
    yield _q(
        "lung_rads",
        "ldcts per lung rads category at ct02 in 2025",
        "groups",
        groups(
            [s for s in studies() if ldct(s) and in_year(2025)(s) and at_station("CT02")(s)], cat
        ),
    )
    st = [stable(r, m) for r in (False, True) for m in (False, True)]
    yield from ask(
        "growth",
        "2025 screening cts with a stable ground-glass nodule",
        "study",
        *[sids(ldct, in_year(2025), fstudy(t, is_nodule, att("ground-glass"))) for t in st],
    )
    g4 = first_fit(
        rng,
        [3.0, 4.0, 5.0],
        lambda x: agreed(*[pids(fstudy(g)) for g in grew_readings(x)]) is not None,
    )
    yield from ask(
        "growth",
        f"patients with a nodule that grew more than {g4:g} mm since the prior scan",
        "patient",
        *[pids(fstudy(g)) for g in grew_readings(g4)],
    )
    yield from ask(
        "growth",
        "how many studies showed growth of a lobulated nodule",
        "count",
        *[len(sids(fstudy(g, margin("lobulated")))) for g in grew_readings()],
    )
    yield _q(
        "reports",
        "Could you pull every chest CT from 2024 where the report mentions emphysema? "
        "Thanks - research office",
        "study",
        sids(chest_ct, in_year(2024), says("emphysema")),
    )
    yield _q(
        "set_logic",
        "pts screened in 2024 (ldct) but with no ldct at all in 2025",
        "patient",
        history(some_but_never(both_(ldct, in_year(2024)), both_(ldct, in_year(2025)))),
    )
    yield _q(
        "intervals",
        "Dictated: number of patients whose first and last study are more than one thousand "
        "days apart",
        "count",
        len(
            history(
                lambda m: bool(m) and days_between(m[0]["study_date"], m[-1]["study_date"]) > 1000
            )
        ),
    )


def groups_and_rankings(rng: random.Random) -> Rows:
    """More breakdowns, comparisons, shares and top-N, so that about one question in five is
    about groups."""
    ptx = kind_rows("pneumothorax")
    yield _q(
        "modality",
        "pneumothorax findings, left vs right",
        "groups",
        [(x, sum(1 for f in ptx if f["side"] == x)) for x in ("left", "right")],
    )
    yield _q(
        "modality",
        "chest ct studies broken down by description",
        "groups",
        groups([s for s in studies() if chest_ct(s)], lambda s: s["description"]),
    )
    lds = [s for s in studies() if ldct(s)]
    n, ids = untied(lds, lambda s: -len(nods(s)), "study_uid", 3)
    yield _q(
        "rankings", f"which {n} screening cts carry the largest number of nodules", "study", ids
    )
    ggns = nodule_rows(att("ground-glass"))
    n, ids = untied(ggns, lambda f: -f["mean_hu"], "finding_id", 3)
    yield _q("rankings", f"which {n} ggn findings are densest (highest mean HU)", "finding", ids)
    bars = {
        "4a or higher": ("4A", "4B", "4X"),
        "3 or higher": ("3", "4A", "4B", "4X"),
        "2 or lower": ("1", "2"),
        "4x": ("4X",),
        "4b or 4x": ("4B", "4X"),
        "1": ("1",),
    }
    people_of = {"women's": "F", "men's": "M"}

    def lr_share(x: tuple[str, str, int]) -> float | None:
        mine = [s for s in lds if sex_is(people_of[x[0]])(s) and (not x[2] or in_year(x[2])(s))]
        return share(sum(1 for s in mine if cat(s) in bars[x[1]]), len(mine))

    pool = [(w, b, y) for w in people_of for b in bars for y in (0, 2023, 2024, 2025, 2026)]
    who, bar, year = first_fit(rng, pool, lr_share)
    said = f"{who} {year} ldcts" if year else f"{who} ldcts"
    yield from ask(
        "lung_rads", f"% of {said} that were lr {bar}", "value", lr_share((who, bar, year))
    )
    yield _q("stats", "findings by kind", "groups", groups(findings(), lambda f: f["kind"]))
    calc = set(pids(nod(calcified)))
    yield _q(
        "people",
        "patients with a calcified nodule, split by sex",
        "groups",
        groups([p for p in pats() if p["patient_id"] in calc], lambda p: p["sex"]),
    )
    l26 = [s for s in lds if in_year(2026)(s)]
    n, ids = untied(l26, day_no, "study_uid", 3)
    yield _q("rankings", f"the {n} earliest-dated ldcts of 2026", "study", ids)


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
    asked_in_other_styles,
    groups_and_rankings,
)


def bank() -> list[Item]:
    """Every question of this part, in family order, drawn with :data:`SEED` (no repeats)."""
    rng = random.Random(SEED)
    out: list[Item] = []
    seen: set[str] = set()
    for family in FAMILIES:
        for item in family(rng):
            key = " ".join(item.question.lower().split())
            if key in seen:
                raise ValueError(f"repeated question: {item.question}")
            seen.add(key)
            out.append(item)
    return out
