"""Held-out part 43 of the question bank: cohort questions typed as new people type them.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to
it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
phrasings), the "Conventions" section of ``docs/query.md`` (up to "One model version"; its
first part read closely, the rest not) and the opening of its "Reports" section (not the
reader's measurements nor the lists of misses, fixes and limits), :mod:`question_bank` (the
:class:`Item` type, its helpers and its scoring function ``_matches``, for the form of a
"value" or "groups" answer), :mod:`cohort_reference`, :mod:`blind_reference` (the shared
plain-Python reading of the cohort, imported here), and ``bank_fresh_41.py`` for its format,
module docstring and helper functions only, not its questions. The reader's code (``query/``),
``appliance/``, the tests (``test_*.py``), ``family_reading.py`` and the other parts' questions
were not opened, and the engine was never run on these questions: they were frozen (committed)
before any was put to it, and none is to be changed to suit it afterwards.

Overlap check: a throwaway script compared every question with ``dev_queries.jsonl``, with the
parts 12 to 41 that have a ``bank()`` (loaded, never read), with every question of
``question_bank.bank()`` and ``question_bank.ungated_bank()`` (14,292 questions in all), and
from the second pass on with part 42 (branch s23-p42, compared programmatically only; 14,512 in
all), and printed only this part's matches (word for word after lower-casing and dropping
punctuation, or a word overlap of 75 % or more of the longer question). The first pass (part 42
not yet on its branch) found 101 matches (18 word for word), all reworded; the second, with part
42, found 12 (none word for word), reworded again; the third found 1, reworded (with one more
rewording for clarity); the fourth found none. No question repeats another of this part
(:func:`bank` refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 240 in all):
identifiers [16] (a patient's studies and number of exams, an accession's patient, an
accession's findings, a UID's nodule findings and patient, a latest LDCT, a first chest CT,
"every study except the first", three accessions' patients, the biggest nodule and the nodule
count of an accession, one station's exams of a patient, two patients' latest scans in an
e-mail, a patient's nodule findings, an unknown MRN); dates [18] (a quarter, an ISO range,
"since April", "the prior 7 months", a decade of birth, a month's count, "march thru may",
"before 2024", "this yr excluding october", "born after 1 july", a US-style day, "second half
of", a year "but not the first quarter", "more than N months old", two birth years, a month,
a month range, station counts of a quarter); numbers [17] (mm ranges, "under a centimetre",
negative HU bounds and ranges, confidence bounds and range, volume in mm3, long and short axis,
cm, solid component, a dictated decimal, "half a centimeter"); counts [17] (exactly N nodules,
N or more nodules, N+ LDCTs per patient, one study only, more than 2 chest CTs counted, no
findings, fewer than 2 LDCTs, one track on 4+ scans, more than 3 on a single CT, exactly one
finding, zero nodules counted, exactly 2 studies, a patient's nodules summed, 4+ scans, "one
nodule at most", findings per kind, 3+ findings counted); set logic [16] ("both ... at some
point", "but never", "never given", "no mass ever", two findings on one exam, "as well as",
"everyone except", "never showed", a report concept but never a finding, both stations, "or",
a kind of finding but never another, "never once", a study with one finding and not another,
an e-mail's "at some other point", calcified but never uncalcified); Lung-RADS [17] (a category
in a year, highest ever, breakdowns of a year's and a quarter's LDCTs, a category counted,
"lung-rads 4 (any subtype)", "moved from lr 2 up to lr 3", upgraded vs the previous exam, "never
went above lr 2", "4X but no 4B", "4x vs 4b", a station, lr1, "from 4A to 4B", a share of a
year's LDCTs, "below 3" in the past 12 months, an e-mail); rankings and top-N [15] (biggest
nodules, patients by nodule count, by total nodule volume and by ggn count, eldest and youngest
patients, latest head CTs, least dense nodules, bulkiest by volume, earliest x-rays, most
confident pneumothoraces, solid portion, smallest masses, long axis, densest solid nodules);
aggregates and percentages [16] (mean and median diameter, mean HU, confidence, volume in cc,
solid portion, nodules per LDCT, long axis of masses, studies per patient, shares of a year's
CTs, of patients of a sex, of nodules in a lobe, of a year's LDCTs at a station, of patients
ever with a kind of study or finding, median volume on a year's LDCTs); report concepts with
negation [15] (emphysema, lymphadenopathy, "enlarged lymph nodes", coronary calcification,
granuloma; "state there is no", "explicitly rule out", "negative for", "never once mention",
"but not", a breakdown by station, a typo); growth / new / stable [19] (grown, more than N mm,
at least 2 mm, new "masses excluded", stable in a lobe and solid, growth in a lobe, new ggns in
a year, new but never growing, growth by lobe, counted, still subcentimeter); demographics [15]
(age bands with a sex and a study or finding, "seventy-somethings", octogenarians, sex counts,
sex O, male against female, born before, aged 65 or older, per sex at a station); modality /
description / station [16] (station, quarter and description, per-station and per-description
breakdowns, modality and body-part breakdowns, a quoted description, "not low dose screening",
x-rays counted, CT angiograms, "weren't done on", "see tee zero one", an e-mail);
lobes [14] (lobes by abbreviation and name, a breakdown and a comparison of lobes, "apart from
the middle lobe", bilateral on one exam, masses in a lobe, "the only lobe", "except the upper
lobes", the attenuation mix of a lobe); attenuation / margin / calcification [16] (spiculated,
lobulated, smooth, calcified and not, subsolid, part-solid solid component, breakdowns by
margin and attenuation, "spiculated vs smooth", "all of them solid", "but no spiculated ...
at any point"); intervals [13] (days first to latest exam, days between two accessions, mean
and median gaps, follow-up beyond 2 years and of 30 months or longer, consecutive LDCTs under
340 days apart, first to latest LDCT, the longest and shortest gaps, mean span, the age at a
first scan).

The styles are mixed in roughly equal shares, leaning toward terse search-box and pager
queries and negative or exception phrasings ("except", "never once", "but not", "apart from",
"other than", "none counts", "not low dose"): a radiologist's shorthand ("lr", "nods", "psn",
"ggns", "w/", "acc"), a nurse's or clinician's full sentences, a screening coordinator's
Lung-RADS over time, a manager's counts per station, quarter and month ("throughput", "workload
per scanner room", "headcount"), a data scientist's ranges, means and medians, search-box
keywords, dictated numbers ("nine point five millimetres", "see tee zero one"), and questions
pasted in an e-mail with a greeting and a sign-off. 28 questions (about one in eight) carry a
hurried typist's slip ("accesion", "studeis", "janaury", "diamter", "exatcly", "patinets",
"lungrads", "pnuemothorax", "avrage", "lymphadenopaty", "grwoing", "radiograhps", "rigth",
"calcifed", "margnis", "spiculted", "reprot", "x-rasy", "noduels", "calcfied", "stabel",
"diamater", "femal", "breakdwon", "lowr", "haed", "taht", "consecutve", "tehm"); their answers
are what they plainly mean. 43 questions ask about groups (breakdowns and comparisons,
rankings and shares), a little under one in five.

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions and UIDs, a size range, a quarter and a day; a ranking's number is the first from
the one written whose boundary has no tie, a percentage the first of a list of candidates that
is neither 0 nor 100 % and lies within 0.005 of a tenth, a growth threshold and a study's age
in months the first whose readings agree. Expected answers are computed here in plain Python
with the documented conventions written out by hand. Where the conventions do not settle a
reading the question is asked only when the competing readings give the same answer
(:func:`ask`; ``LEFT_OUT`` lists any that do not as the bank is built, and is empty for this
seed): the first day of "the prior 7 months" and "the past 12 months" and the boundary day of
"more than N months old"; a track that was a mass from its first study counted or not as a new
or stable nodule, and a change taken in floating point or to 0.1 mm; a track on N scans
counting a mass on it or not; an age (with a sex) and another condition on one study or each on
some study; a report concept and a ggn "on the same ct" on any study or only a CT; "screened
patients who never went above lr 2" over all their categorised studies or only their LDCTs;
"follow up longer than 2 years" as 24 calendar months, 730 or 731 days.
Drafts replaced before freezing because their readings disagreed: "low dose cts more than three
years old" (asked in months), "% of patients who are female" and "% of solid nodules that are
calcified" (not within 0.005 of a tenth; other candidates), "new nodules 2025", "pts with a new
nodule at ct01" (the mass-from-start track: asked "masses excluded" / "other than masses"),
"new ground-glass nodules" (asked of 2024), "grew more than 2.5 mm" (the first agreeing
threshold asked), "a repeat ldct within a year" (calendar or 365 days; asked as under 340
days), "nodules whose solid component is 6mm or more" (a second, lesion reading dropped as not
what "nodules" means). Drafts whose answers were empty by accident were replaced: "masses bigger
than 4 cm", "a pneumothorax and a pleural effusion on the same study", "both a ct angio and an
ldct" (the patients with CT angiograms have no LDCT), "ldcts downgraded compared to the previous
exam" (no category ever went down), "ldcts negative for coronary artery calcification", "left
upper lobe masses", "a repeat ldct within 6 months", "grew but still under 6 mm". Drafts made
ambiguous by wording were reworded: "ldcts where every nodule is solid" (vacuous for none),
"studies whose nodules are all in the middle lobe", "CT02 volume by study description" (volume
of nodules?), "a contrast enhanced chest ct" (CT angiograms are contrast enhanced too).
Readings taken: "ldct", "screening ct(s)", "low dose ct" are the CT CHEST LOW DOSE LUNG
SCREENING studies; "ct angio(gram)" the CT ANGIO CHEST PE studies; "chest x-ray(s)", "cxr",
"radiographs" the DX studies; "chest ct(s)" every CT of the chest (the CT angiograms too);
"plain (non-contrast) chest ct" CT CHEST W/O CONTRAST; "head ct", "brain scans" the head CTs;
a breakdown, comparison or ranking of nodules counts nodule findings, of studies studies;
"male against female" leaves out the third sex; a Lung-RADS breakdown lists only the categories
that occur; "fewer than 2 ldcts" takes in patients with none; "both ... at some point" and
"as well as ... on file" are each on some study, "same exam" / "single exam" one study;
"upgraded compared to the previous exam" compares with the patient's previous categorised
study; an interval "between consecutive" exams is between a patient's neighbouring studies of
that kind; "how old was P at their first scan" is the age in whole years on that day. One
answer is empty on purpose (an unknown MRN, P00999).

Scored alone with ``python tests/query/question_bank.py --part held_out_43 -v`` once wired in.
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

PART = "held_out_43"
SEED = 4343

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

ALL: Test = lambda s: True  # noqa: E731
FLOBE = {f["finding_id"]: f["lobe"] for f in findings()}
LR4 = ("4A", "4B", "4X")


def _count_in(pid: str, test: Test) -> int:
    return sum(1 for s in own(pid) if test(s))


def _mine(pid: str, test: Test) -> list[Row]:
    return [s for s in own(pid) if test(s)]


def _uids(rows: Sequence[Row]) -> list[str]:
    return sorted(str(s["study_uid"]) for s in rows)


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


def _nod_rows(*tests: FTest, where: Test = ALL) -> list[Row]:
    return [
        f for f in findings() if is_nodule(f) and all(t(f) for t in tests) and where(study_of(f))
    ]


def _field(rows: Sequence[Row], name: str, scale: float = 1.0) -> list[float]:
    return [f[name] / scale for f in rows if f.get(name) is not None]


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
    """The first count from ``start`` to 9 whose ranking has no tie at its boundary."""
    for n in range(start, 10):
        got = top(rows, key, n, ident)
        if got is not None:
            return n, got
    return None


def _patient_rows(score: Callable[[str], float]) -> list[Row]:
    return [{"patient_id": p["patient_id"], "k": -score(p["patient_id"])} for p in pats()]


def _followed(months: int, inclusive: bool) -> list[str]:
    def test(mine: list[Row]) -> bool:
        end = months_on(mine[0]["study_date"], months)
        last = str(mine[-1]["study_date"])
        return last >= end if inclusive else last > end

    return history(lambda mine: bool(mine) and test(mine))


def _followed_days(days: int, inclusive: bool) -> list[str]:
    def test(mine: list[Row]) -> bool:
        d = days_between(mine[0]["study_date"], mine[-1]["study_date"])
        return d >= days if inclusive else d > days

    return history(lambda mine: bool(mine) and test(mine))


def _gaps(test: Test) -> list[int]:
    out: list[int] = []
    for p in pats():
        mine = _mine(p["patient_id"], test)
        out.extend(
            days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
        )
    return out


def _age_at(pid: str, day: str) -> int:
    b = dt.date.fromisoformat(ref.cohort()[0][pid]["birth_date"])
    d = dt.date.fromisoformat(day)
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def _pat(pid: str) -> list[str]:
    return [pid]


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    many = _pool(lambda p: len(own(p)) >= 4 and _count_in(p, ldct) >= 3)
    p1, p2, p3 = rng.sample(many, 3)
    yield _q(fam, f"{p1} all studies", "study", _uids(own(p1)))
    yield _q(fam, f"how many exams does {p2} have on file", "count", len(own(p2)))
    with_f = [s for s in studies() if len(fo(s)) >= 2]
    s1, s2, s3 = rng.sample(with_f, 3)
    yield _q(fam, f"whose scan is {s1['accession']}?", "patient", _pat(s1["patient_id"]))
    yield _q(
        fam,
        f"list the findings recorded under accession {s2['accession']}",
        "finding",
        sorted(f["finding_id"] for f in fo(s2)),
    )
    yield _q(
        fam,
        f"uid {s3['study_uid']} -> which of its findings are nodules",
        "finding",
        sorted(f["finding_id"] for f in fo(s3) if is_nodule(f)),
    )
    s4 = pick(rng, [s for s in studies() if chest_ct(s)])
    yield _q(
        fam,
        f"{s4['study_uid']} belongs to whom?",
        "patient",
        _pat(s4["patient_id"]),
    )
    yield _q(fam, f"{p3} latest ldct", "study", _uids(_mine(p3, ldct)[-1:]))
    yield _q(fam, f"the very first chest ct {p1} ever had", "study", _uids(_mine(p1, chest_ct)[:1]))
    yield _q(
        fam,
        f"{p2}: every study except the first one",
        "study",
        _uids(own(p2)[1:]),
    )
    accs = rng.sample([s for s in studies() if chest_ct(s)], 3)
    yield _q(
        fam,
        f"patients behind acc {accs[0]['accession']}, {accs[1]['accession']}, "
        f"{accs[2]['accession']}",
        "patient",
        sorted({s["patient_id"] for s in accs}),
    )

    def unique_max(s: Row) -> bool:
        ds = sorted((f["diameter_mm"] for f in nods(s)), reverse=True)
        return len(ds) >= 2 and ds[0] > ds[1]

    s5 = pick(rng, [s for s in studies() if unique_max(s)])
    big = max(nods(s5), key=lambda f: f["diameter_mm"])
    yield _q(fam, f"biggest nodule on {s5['accession']}", "finding", [big["finding_id"]])
    s6 = pick(rng, [s for s in studies() if len(nods(s)) >= 3])
    yield _q(fam, f"# nodules on accesion {s6['accession']}", "count", len(nods(s6)))
    p4 = pick(rng, _pool(lambda p: 0 < _count_in(p, at_station("CT02")) < len(own(p))))
    yield _q(
        fam,
        f"{p4}, only the exams from CT02",
        "study",
        _uids(_mine(p4, at_station("CT02"))),
    )
    p5, p6 = rng.sample(_pool(lambda p: len(own(p)) >= 2), 2)
    yield _q(
        fam,
        f"Hello, could you send me the most recent scan for {p5} and for {p6}? Thank you, Ines",
        "study",
        _uids([own(p5)[-1], own(p6)[-1]]),
    )
    p7 = pick(rng, _pool(lambda p: any(len(nods(s)) > 0 for s in own(p))))
    yield _q(
        fam,
        f"nodules of patient {p7} (finding level)",
        "finding",
        sorted(f["finding_id"] for s in own(p7) for f in nods(s)),
    )
    yield _q(fam, "anything on file under mrn P00999?", "study", [])


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y = pick(rng, [2024, 2025])
    q = rng.randrange(1, 5)
    yield _q(
        fam, f"screening cts booked in Q{q} {y}, list please", "study", sids(ldct, quarter(y, q))
    )
    a = f"2024-0{rng.randrange(3, 6)}-{rng.randrange(10, 28)}"
    b = f"2024-0{rng.randrange(7, 10)}-{rng.randrange(10, 28)}"
    yield _q(fam, f"chest cts {a} to {b}", "study", sids(chest_ct, dated(a, b)))
    yield _q(
        fam,
        "every study since April 2026, please",
        "study",
        sids(dated("2026-04-01", AS_OF)),
    )
    start = months_on(AS_OF, -7)
    yield from ask(
        fam,
        "head ct in the prior 7 months",
        "study",
        sids(head_ct, dated(start, AS_OF)),
        sids(head_ct, dated(shift(start, 1), AS_OF)),
    )
    yield _q(
        fam,
        "patients born in the 1940s who had a low dose ct",
        "patient",
        sorted(set(born("1940-01-01", "1949-12-31")) & set(pids(ldct))),
    )
    yield _q(
        fam,
        "How many studies were performed in February 2025?",
        "count",
        count(dated("2025-02-01", "2025-02-28")),
    )
    q126 = [s for s in studies() if ldct(s) and quarter(2026, 1)(s)]
    yield _q(
        fam,
        "q1 2026 ldct throughput split by scanner",
        "groups",
        _groups(q126, lambda s: s["station"]),
    )
    yield _q(fam, "scans march thru may 2024", "study", sids(dated("2024-03-01", "2024-05-31")))
    yield _q(fam, "chest x-rasy before 2024", "study", sids(cxr, dated("2000-01-01", "2023-12-31")))
    yield _q(
        fam,
        "ldcts this yr excluding october",
        "study",
        sids(ldct, dated("2026-01-01", AS_OF), neg(dated("2026-10-01", "2026-10-31"))),
    )
    yield _q(
        fam,
        "pts born after 1 july 1960",
        "patient",
        born("1960-07-02", "2100-01-01"),
    )
    days = sorted({s["study_date"] for s in studies() if int(s["study_date"][8:]) > 12})
    d = pick(rng, days)
    us = f"{d[5:7]}/{d[8:]}/{d[:4]}"
    yield _q(fam, f"studies on {us}", "study", sids(dated(d, d)))
    yield _q(
        fam,
        "CTs from the second half of 2023",
        "study",
        sids(any_ct, dated("2023-07-01", "2023-12-31")),
    )
    yield _q(
        fam,
        "cxr 2025 but not from the first quarter",
        "study",
        sids(cxr, in_year(2025), neg(quarter(2025, 1))),
    )
    for n in range(30, 46):
        cut = months_on(AS_OF, -n)
        a1 = sids(ldct, dated("2000-01-01", shift(cut, -1)))
        if a1 == sids(ldct, dated("2000-01-01", shift(cut, -2))):
            yield _q(fam, f"low dose cts more than {n} months old", "study", a1)
            break
    else:
        LEFT_OUT.append("low dose cts more than N months old")
    yield _q(
        fam,
        "patients born in 1948 or 1962",
        "patient",
        sorted(born("1948-01-01", "1948-12-31") + born("1962-01-01", "1962-12-31")),
    )
    yield _q(fam, "studeis in janaury 2026", "study", sids(dated("2026-01-01", "2026-01-31")))
    yield _q(
        fam,
        "brain cts (head ct) dated nov 2024 through feb 2025 inclusive",
        "study",
        sids(head_ct, dated("2024-11-01", "2025-02-28")),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    lo = rng.randrange(5, 8)
    yield _q(
        fam, f"nodules {lo} to {lo + 2} mm", "study", sids(nod(within("diameter_mm", lo, lo + 2)))
    )
    yield _q(
        fam,
        "anyone's scan showing a nodule under a centimetre",
        "study",
        sids(nod(lt("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "findings with HU below -600",
        "finding",
        fids(lt("mean_hu", -600)),
    )
    yield _q(fam, "solid nods >15mm", "study", sids(nod(att("solid"), gt("diameter_mm", 15))))
    yield _q(
        fam,
        "low-certainty nodule findings, confidence below .7",
        "finding",
        fids(is_nodule, lt("confidence", 0.7)),
    )
    yield _q(
        fam,
        "scans where a nodule's volume exceeds 1000 mm3",
        "study",
        sids(nod(gt("volume_mm3", 1000))),
    )
    yield _q(
        fam, "nodule long axis ≥ 20 mm, which exams", "study", sids(nod(ge("long_axis_mm", 20)))
    )
    yield _q(
        fam,
        "exams with a nodule whose short axis is at most 4 mm",
        "study",
        sids(nod(le("short_axis_mm", 4))),
    )
    yield _q(
        fam,
        "ground glass noduels between -700 and -500 hu",
        "study",
        sids(nod(att("ground-glass"), within("mean_hu", -700, -500))),
    )
    yield _q(fam, "masses 3.4 cm or bigger", "study", sids(kind("mass", ge("diameter_mm", 34))))
    yield _q(
        fam,
        "nodules whose solid component is 6mm or more",
        "study",
        sids(nod(ge("solid_component_mm", 6))),
    )
    yield _q(
        fam,
        "dictated: nodules nine point five millimetres or larger, studies",
        "study",
        sids(nod(ge("diameter_mm", 9.5))),
    )
    yield _q(
        fam,
        "which patients have had a nodule of at least 2 centimetres",
        "patient",
        pids(nod(ge("diameter_mm", 20))),
    )
    yield _q(fam, "findings hu -50 to +30", "finding", fids(within("mean_hu", -50, 30)))
    yield _q(
        fam,
        "itty-bitty stuff: scans where a nodule measures smaller than half a centimeter",
        "study",
        sids(nod(lt("diameter_mm", 5))),
    )
    yield _q(fam, "nodules with a diamter over 12 mm", "study", sids(nod(gt("diameter_mm", 12))))
    yield _q(
        fam,
        "ptx calls scored 0.8 to 0.9 by the model (inclusive), finding ids",
        "finding",
        fids(lambda f: f["kind"] == "pneumothorax", within("confidence", 0.8, 0.9)),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield _q(
        fam,
        "screening scans carrying exactly 2 nodules apiece",
        "study",
        sids(ldct, _n_nods(lambda n: n == 2)),
    )
    yield _q(
        fam,
        "crowded chests: 4 or more nods apiece on one exam",
        "study",
        sids(_n_nods(lambda n: n >= 4)),
    )
    yield _q(
        fam,
        "pts on their third (or later) ldct round, i.e. at least three ldcts",
        "patient",
        _per_patient(ldct, lambda n: n >= 3),
    )
    yield _q(
        fam,
        "one-and-done folks whose entire imaging history is a lone exam",
        "patient",
        _per_patient(ALL, lambda n: n == 1),
    )
    yield _q(
        fam,
        "headcount of patients racking up more than 2 chest cts",
        "count",
        len(_per_patient(chest_ct, lambda n: n > 2)),
    )
    yield _q(fam, "scans with no findings whatsoever", "study", sids(lambda s: not fo(s)))
    yield _q(
        fam,
        "who has fewer than 2 ldcts on record (none counts)",
        "patient",
        _per_patient(ldct, lambda n: n < 2),
    )
    yield from ask(
        fam,
        "same tracked nodule followed across 4 or more scans - pts",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(
        fam,
        "single ct packing more than 3 nodules - whose?",
        "patient",
        pids(any_ct, _n_nods(lambda n: n > 3)),
    )
    yield _q(fam, "studies with exactly one finding", "study", sids(lambda s: len(fo(s)) == 1))
    yield _q(
        fam,
        "clean screening cts: how many ldcts had zero nodules",
        "count",
        count(ldct, _n_nods(lambda n: n == 0)),
    )
    yield _q(
        fam, "exatcly 2 studies - which patients", "patient", _per_patient(ALL, lambda n: n == 2)
    )
    p = pick(rng, _pool(lambda p: sum(len(nods(s)) for s in own(p)) >= 4))
    yield _q(
        fam,
        f"{p} - nodules summed over every scan they have had",
        "count",
        sum(len(nods(s)) for s in own(p)),
    )
    yield _q(
        fam,
        "frequent flyers: scanned 4 times or more",
        "patient",
        _per_patient(ALL, lambda n: n >= 4),
    )
    yield _q(
        fam,
        "chest cts holding one nodule at most (zero included)",
        "study",
        sids(chest_ct, _n_nods(lambda n: n <= 1)),
    )
    f26 = [f for f in findings() if in_year(2026)(study_of(f))]
    yield _q(fam, "findings per kind on 2026 studies", "groups", _groups(f26, lambda f: f["kind"]))
    yield _q(
        fam,
        "how many studies have 3+ findings of any kind",
        "count",
        count(lambda s: len(fo(s)) >= 3),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set logic"
    yield _q(
        fam,
        "patients with both a ggn and a solid nodule at some point",
        "patient",
        history(each_on_some(nod(att("ground-glass")), nod(att("solid")))),
    )
    yield _q(
        fam,
        "screened by ldct yet never sent for a chest xray - pts",
        "patient",
        history(some_but_never(ldct, cxr)),
    )
    yield _q(fam, "anyone never given a haed ct", "patient", _never(head_ct))
    yield _q(
        fam,
        "patients with nodules but no mass ever",
        "patient",
        history(some_but_never(nod(), kind("mass"))),
    )
    yield _q(
        fam,
        "pneumothorax plus a nodule, same exam - which patients",
        "patient",
        pids(kind("pneumothorax"), nod()),
    )
    yield _q(
        fam,
        "anyone with a ct angio as well as a plain (non-contrast) chest ct on file",
        "patient",
        history(each_on_some(cta, non_contrast_chest)),
    )
    yield _q(fam, "everyone except those who ever had a nodule", "patient", _never(nod()))
    yield _q(
        fam,
        "screened pts whose ldcts never showed a ground glass nodule",
        "patient",
        history(some_but_never(ldct, both_(ldct, nod(att("ground-glass"))))),
    )
    yield _q(
        fam,
        "emphysematous per the dictation at least once, yet never a nodule on any exam - who",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield _q(
        fam,
        "pts imaged at both CT01 and CT02, not just one of tehm",
        "patient",
        history(each_on_some(at_station("CT01"), at_station("CT02"))),
    )
    yield _q(
        fam,
        "patients w a spiculated nodule or a mass",
        "patient",
        pids(either_(nod(margin("spiculated")), kind("mass"))),
    )
    yield _q(
        fam,
        "consolidation but never any nodule - patients",
        "patient",
        history(some_but_never(kind("consolidation"), nod())),
    )
    yield _q(
        fam,
        "people who have never once been on the CT02 table",
        "patient",
        _never(at_station("CT02")),
    )
    yield _q(
        fam,
        "studies showing a nodule where there's no pneumothorax",
        "study",
        sids(nod(), neg(kind("pneumothorax"))),
    )
    yield _q(
        fam,
        "Hi all, can I get the patients who had a contrast chest CT and, at some other point, "
        "a CT angiogram? Cheers, Marta",
        "patient",
        history(each_on_some(with_contrast, cta)),
    )
    yield _q(
        fam,
        "patinets with a calcified nodule but never an uncalcified one",
        "patient",
        history(some_but_never(nod(calcified), nod(uncalcified))),
    )


def either_(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung-rads"
    yield _q(
        fam, "lr 3 screening results during 2025", "study", sids(ldct, cat_in("3"), in_year(2025))
    )
    yield _q(
        fam,
        "peak lung-rads for the patient topped out at 4A - who",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    ld24 = [s for s in studies() if ldct(s) and in_year(2024)(s)]
    yield _q(
        fam, "tally 2024 screening scans by their lung-rads", "groups", _groups(ld24, category)
    )
    yield _q(fam, "how many 4B studies are there", "count", count(cat_in("4B")))
    yield _q(
        fam,
        "anybody landing in lung-rads 4 (any subtype) during 2026",
        "patient",
        pids(cat_in(*LR4), in_year(2026)),
    )
    yield _q(fam, "studies taht moved from lr 2 up to lr 3", "study", sids(went_from("2", ("3",))))
    yield _q(
        fam,
        "ldcts upgraded compared to the previous exam",
        "study",
        sids(ldct, went(1)),
    )
    yield from ask(
        fam,
        "screened patients who never went above lr 2",
        "patient",
        history(lambda mine: any(map(ldct, mine)) and highest(mine) in ("1", "2")),
        history(
            lambda mine: (
                any(map(ldct, mine)) and highest([s for s in mine if ldct(s)]) in ("1", "2")
            )
        ),
    )
    q1 = [s for s in studies() if ldct(s) and quarter(2025, 1)(s)]
    yield _q(
        fam,
        "q1 2025 screening scans, how many in each lung-rads bucket",
        "groups",
        _groups(q1, category),
    )
    yield _q(
        fam,
        "had a 4X result somewhere along the way yet no 4B, pts",
        "patient",
        history(some_but_never(cat_in("4X"), cat_in("4B"))),
    )
    hi = [s for s in studies() if ldct(s) and category(s) in ("4B", "4X")]
    yield _q(fam, "4x vs 4b: ldct counts", "groups", _groups(hi, category))
    yield _q(fam, "lungrads 3 scans at ct01", "study", sids(cat_in("3"), at_station("CT01")))
    yield _q(fam, "lr1 ldcts", "study", sids(ldct, cat_in("1")))
    yield _q(fam, "which patients went from 4A to 4B", "patient", pids(went_from("4A", ("4B",))))
    for y in (2025, 2024, 2023, 2026):
        ld = [s for s in studies() if ldct(s) and in_year(y)(s)]
        share = _share(sum(1 for s in ld if category(s) in LR4), len(ld))
        if share is not None:
            yield _q(fam, f"% of {y} ldcts that were lr 4a or above", "value", share)
            break
    else:
        LEFT_OUT.append("% of ldcts that were lr 4a or above")
    start = months_on(AS_OF, -12)
    yield from ask(
        fam,
        "category below 3 ldcts in the past 12 months",
        "study",
        sids(ldct, cat_in("1", "2"), dated(start, AS_OF)),
        sids(ldct, cat_in("1", "2"), dated(shift(start, 1), AS_OF)),
    )
    yield _q(
        fam,
        "Dear team, which of our screening patients had a Lung-RADS 4B or 4X result in 2025? "
        "Thanks, the screening office",
        "patient",
        pids(ldct, cat_in("4B", "4X"), in_year(2025)),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"

    def rank(
        question: str, rows: Sequence[Row], key: Callable[[Row], Any], ident: str, unit: str, n: int
    ) -> Rows:
        got = _ranked(rows, key, ident, n)
        if got is None:
            LEFT_OUT.append(question)
            return
        k, answer = got
        yield _q(fam, question.format(n=k), unit, answer)

    nodules = _nod_rows()
    yield from rank(
        "{n} biggest nodules", nodules, lambda f: -f["diameter_mm"], "finding_id", "finding", 5
    )
    n_of = Counter(study_of(f)["patient_id"] for f in nodules)
    yield from rank(
        "leaderboard of {n} people carrying the most nodules overall",
        _patient_rows(lambda p: n_of[p]),
        lambda r: r["k"],
        "patient_id",
        "patient",
        5,
    )
    prow = [dict(p) for p in pats()]
    yield from rank(
        "eldest {n} people in the registry by birth date",
        prow,
        lambda p: p["birth_date"],
        "patient_id",
        "patient",
        5,
    )
    ldpts = set(pids(ldct))
    yield from rank(
        "youngest {n} pts with an ldct",
        [p for p in prow if p["patient_id"] in ldpts],
        lambda p: [-ord(c) for c in p["birth_date"]],
        "patient_id",
        "patient",
        4,
    )
    heads = [s for s in studies() if head_ct(s)]
    yield from rank(
        "newest {n} brain cts off the scanner",
        heads,
        lambda s: [-ord(c) for c in s["study_date"]],
        "study_uid",
        "study",
        3,
    )
    yield from rank(
        "least dense nodules by hu, give me {n}",
        nodules,
        lambda f: f["mean_hu"],
        "finding_id",
        "finding",
        5,
    )
    yield from rank(
        "{n} bulkiest nodules measured in mm3",
        nodules,
        lambda f: -f["volume_mm3"],
        "finding_id",
        "finding",
        6,
    )
    xr = [s for s in studies() if cxr(s)]
    yield from rank(
        "earliest {n} chest xrays", xr, lambda s: s["study_date"], "study_uid", "study", 4
    )
    ptx = _kind_rows("pneumothorax")
    yield from rank(
        "{n} most confident pnuemothorax findings",
        ptx,
        lambda f: -f["confidence"],
        "finding_id",
        "finding",
        5,
    )
    vol_of: Counter[str] = Counter()
    for f in nodules:
        vol_of[study_of(f)["patient_id"]] += f["volume_mm3"]
    yield from rank(
        "top {n} pts by total nodule volume",
        _patient_rows(lambda p: vol_of[p]),
        lambda r: r["k"],
        "patient_id",
        "patient",
        3,
    )
    ps = [
        f
        for f in nodules
        if f["attenuation"] == "part-solid" and f.get("solid_component_mm") is not None
    ]
    yield from rank(
        "part-solid ones with the chunkiest solid portion, top {n}",
        ps,
        lambda f: -f["solid_component_mm"],
        "finding_id",
        "finding",
        3,
    )
    masses = _kind_rows("mass")
    yield from rank(
        "masses: the {n} tiniest of them",
        masses,
        lambda f: f["diameter_mm"],
        "finding_id",
        "finding",
        3,
    )
    g_of = Counter(study_of(f)["patient_id"] for f in nodules if f["attenuation"] == "ground-glass")
    yield from rank(
        "whose lungs hold the most ggns? leaderboard of {n}",
        _patient_rows(lambda p: g_of[p]),
        lambda r: r["k"],
        "patient_id",
        "patient",
        3,
    )
    yield from rank(
        "{n} nodule findings stretching furthest along the long axis",
        nodules,
        lambda f: -f["long_axis_mm"],
        "finding_id",
        "finding",
        4,
    )
    yield from rank(
        "solid nodules, {n} highest attenuation values in hu",
        [f for f in nodules if f["attenuation"] == "solid"],
        lambda f: -f["mean_hu"],
        "finding_id",
        "finding",
        3,
    )


def stats(rng: random.Random) -> Rows:
    fam = "aggregates"
    nodules = _nod_rows()
    yield _q(fam, "mean nodule diamater", "value", mean_of(_field(nodules, "diameter_mm")))
    yield _q(
        fam, "median size of nodules in mm", "value", median_of(_field(nodules, "diameter_mm"))
    )
    gg = [f for f in nodules if f["attenuation"] == "ground-glass"]
    yield _q(
        fam,
        "typical (mean) HU we see in ground-glass nodules",
        "value",
        mean_of(_field(gg, "mean_hu")),
    )
    yield _q(
        fam,
        "how sure is the model on pneumothoraces - avg confidence",
        "value",
        mean_of(_field(_kind_rows("pneumothorax"), "confidence")),
    )
    yield _q(
        fam,
        "mean nodule volume, answer in cc please",
        "value",
        mean_of(_field(nodules, "volume_mm3", 1000)),
    )
    ps = [f for f in nodules if f["attenuation"] == "part-solid"]
    yield _q(
        fam,
        "part solid nodules: arithmetic mean of their solid portion",
        "value",
        mean_of(_field(ps, "solid_component_mm")),
    )
    ld = [s for s in studies() if ldct(s)]
    yield _q(
        fam,
        "nodule burden per screening scan, on average",
        "value",
        mean_of([float(len(nods(s))) for s in ld]),
    )
    yield _q(
        fam,
        "masses only - median of the long axis measurement",
        "value",
        median_of(_field(_kind_rows("mass"), "long_axis_mm")),
    )
    yield _q(
        fam,
        "exams per person across the registry, mean",
        "value",
        mean_of([float(len(own(p["patient_id"]))) for p in pats()]),
    )

    def first_share(fam_q: list[tuple[str, int, int]]) -> Rows:
        for question, part, whole in fam_q:
            share = _share(part, whole)
            if share is not None:
                yield _q(fam, question, "value", share)
                return
        LEFT_OUT.append(fam_q[0][0])

    yield from first_share(
        [
            (f"what % of {y} studies were ct", count(any_ct, in_year(y)), count(in_year(y)))
            for y in (2024, 2023, 2025, 2026)
        ]
    )
    allp = pats()
    yield from first_share(
        [
            (
                "percentage of patients who are female",
                sum(1 for p in allp if p["sex"] == "F"),
                len(allp),
            ),
            (
                "percentage of patients who are male",
                sum(1 for p in allp if p["sex"] == "M"),
                len(allp),
            ),
            (
                "what % of patients have their sex recorded as other",
                sum(1 for p in allp if p["sex"] == "O"),
                len(allp),
            ),
        ]
    )
    yield from first_share(
        [
            (
                f"what slice of all nodules sits in the {name}, %",
                sum(1 for f in nodules if f["lobe"] == code),
                len(nodules),
            )
            for code, name in (
                ("RUL", "rul"),
                ("LLL", "lll"),
                ("RML", "rml"),
                ("LUL", "lul"),
                ("RLL", "rll"),
            )
        ]
    )
    yield from first_share(
        [
            (
                f"fraction of {y} ldcts done at ct01, as a percent",
                count(ldct, in_year(y), at_station("CT01")),
                count(ldct, in_year(y)),
            )
            for y in (2025, 2024, 2023, 2026)
        ]
    )
    yield from first_share(
        [
            (
                f"what percent of {a} nodules are calcified",
                sum(1 for f in nodules if f["attenuation"] == a and calcified(f)),
                sum(1 for f in nodules if f["attenuation"] == a),
            )
            for a in ("solid", "part-solid")
        ]
        + [
            (
                f"what percent of nodules have {m} margins",
                sum(1 for f in nodules if f["margin"] == m),
                len(nodules),
            )
            for m in ("spiculated", "lobulated", "smooth")
        ]
        + [
            (
                f"what share of our patients ever had a {name}, in percent",
                len(pids(test)),
                len(pats()),
            )
            for name, test in (
                ("head ct", head_ct),
                ("ct angiogram", cta),
                ("chest x-ray", cxr),
                ("mass", kind("mass")),
                ("spiculated nodule", nod(margin("spiculated"))),
            )
        ]
    )
    yield _q(
        fam,
        "solid nodules: the avrage of their mean hu values",
        "value",
        mean_of(_field([f for f in nodules if f["attenuation"] == "solid"], "mean_hu")),
    )
    yield _q(
        fam,
        "median nodule volume (mm3) on 2025 ldcts",
        "value",
        median_of(_field(_nod_rows(where=both_(ldct, in_year(2025))), "volume_mm3")),
    )


def reports(rng: random.Random) -> Rows:
    fam = "report concepts"
    yield _q(fam, "emphysema on the reprot", "study", sids(says("emphysema")))
    yield _q(fam, "reports that state there is no emphysema", "study", sids(denies("emphysema")))
    yield _q(
        fam, "lymphadenopathy called on the read - pts", "patient", pids(says("lymphadenopathy"))
    )
    yield _q(
        fam,
        "2025 screening reads flagging coronary artery calcification",
        "study",
        sids(ldct, in_year(2025), says("coronary")),
    )
    yield _q(
        fam,
        "studies with emphysema in the report, by station",
        "groups",
        _groups([s for s in studies() if says("emphysema")(s)], lambda s: s["station"]),
    )
    yield _q(fam, "granuloma reports", "study", sids(says("granuloma")))
    yield from ask(
        fam,
        "one ct reporting emphysema that also shows a ggn - which people",
        "patient",
        pids(says("emphysema"), nod(att("ground-glass"))),
        pids(any_ct, says("emphysema"), nod(att("ground-glass"))),
    )
    yield _q(
        fam,
        "how many reports mention enlarged lymph nodes",
        "count",
        count(says("lymphadenopathy")),
    )
    yield _q(
        fam,
        "patients whose reports never once mention emphysema",
        "patient",
        _never(says("emphysema")),
    )
    yield _q(
        fam,
        "coronary calcification but not emphysema - studies",
        "study",
        sids(says("coronary"), neg(says("emphysema"))),
    )
    yield _q(fam, "lymphadenopaty 2024", "study", sids(says("lymphadenopathy"), in_year(2024)))
    yield _q(
        fam,
        "Good morning, could you list the patients whose CT reports explicitly rule out "
        "lymphadenopathy? Best wishes, Karl",
        "patient",
        pids(any_ct, denies("lymphadenopathy")),
    )
    yield _q(
        fam,
        "screening reads that come back negative for emphysema",
        "study",
        sids(ldct, denies("emphysema")),
    )
    yield _q(
        fam,
        "count of patients with emphysema",
        "count",
        len(pids(says("emphysema"))),
    )
    yield _q(
        fam,
        "ct02 exams whose report says emphysema and that have a spiculated nodule",
        "study",
        sids(at_station("CT02"), says("emphysema"), nod(margin("spiculated"))),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    readings = grew_readings()
    yield from ask(
        fam,
        "exams where any nodule got bigger between visits",
        "study",
        *[sids(fstudy(g)) for g in readings],
    )
    big = grew_readings(3.0)
    yield from ask(
        fam, "pts w interval nodule growth > 3mm", "patient", *[pids(fstudy(g)) for g in big]
    )
    two = grew_readings(2.0, inclusive=True)
    yield from ask(
        fam,
        "nodule findings enlarging by 2 mm or more vs their last measurement",
        "finding",
        *[fids(g) for g in two],
    )
    yield from ask(
        fam,
        "fresh nodules first seen in 2025, masses excluded",
        "study",
        sids(fstudy(new(False)), in_year(2025)),
    )
    yield from ask(
        fam,
        "stabel RLL nodules on follow-up",
        "study",
        *[sids(fstudy(stable(r, m), in_lobe("RLL"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        fam,
        "how many studies showed a new nodule, not counting masses",
        "count",
        count(fstudy(new(False))),
    )
    yield from ask(
        fam,
        "ldcts with a growing nodule in the LUL",
        "study",
        *[sids(ldct, fstudy(g, in_lobe("LUL"))) for g in readings],
    )
    yield from ask(
        fam,
        "new ground-glass nodules in 2024",
        "study",
        sids(fstudy(new(False), att("ground-glass")), in_year(2024)),
        sids(fstudy(new(True), att("ground-glass")), in_year(2024)),
    )
    yield from ask(
        fam,
        "2024 exams where a solid nodule had enlarged",
        "study",
        *[sids(in_year(2024), fstudy(g, att("solid"))) for g in readings],
    )
    yield from ask(
        fam,
        "patients with a new nodule (excluding masses) but no growth ever",
        "patient",
        *[history(some_but_never(fstudy(new(False)), fstudy(g))) for g in readings],
    )
    yield from ask(
        fam,
        "exams with grwoing part solid nodules on them",
        "study",
        *[sids(fstudy(g, att("part-solid"))) for g in readings],
    )
    for g_mm in (2.5, 2.2, 3.5, 4.0, 2.0):
        got = agreed(*[pids(fstudy(g)) for g in grew_readings(g_mm)])
        if got is not None:
            yield _q(
                fam,
                f"nodules that grew more than {g_mm} mm since the prior, which patients",
                "patient",
                got,
            )
            break
    else:
        LEFT_OUT.append("nodules that grew more than N mm since the prior, which patients")
    yield from ask(
        fam,
        "which nodule findings grew in 2026",
        "finding",
        *[fids(g, where=in_year(2026)) for g in readings],
    )
    yield from ask(
        fam,
        "studies with a nodule that grew but is still subcentimeter",
        "study",
        *[sids(fstudy(g, lt("diameter_mm", 10))) for g in readings],
    )
    yield from ask(
        fam,
        "people who developed a fresh nodule (masses excluded) - number",
        "count",
        len(pids(fstudy(new(False)))),
    )
    yield from ask(
        fam,
        "solid nodules holding steady since the prior",
        "study",
        *[sids(fstudy(stable(r, m), att("solid"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        fam,
        "pts with a new nodule at ct01, other than masses",
        "patient",
        pids(at_station("CT01"), fstudy(new(False))),
    )
    yield from ask(
        fam,
        "which lobes do the enlarging nodules sit in, counts",
        "groups",
        *[_groups(fids(g, is_nodule), lambda i: FLOBE[i]) for g in readings],
    )
    yield from ask(
        fam,
        "count of growing nodule findings",
        "count",
        *[len(fids(g)) for g in readings],
    )


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    yield from ask(
        fam,
        "women over 70 who had a ldct",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) > 70), ldct),
    )
    yield from ask(
        fam,
        "males in the 55-65 age band carrying a spiculated nodule",
        "patient",
        *aged(both_(sex_is("M"), lambda s: 55 <= ref.age(s) <= 65), nod(margin("spiculated"))),
    )
    massp = pids(kind("mass"))
    yield _q(
        fam,
        "sex breakdown of patients with a mass",
        "groups",
        _groups(massp, lambda p: ref.cohort()[0][p]["sex"]),
    )
    yield from ask(
        fam,
        "seventy-somethings who had a ggn",
        "patient",
        *aged(lambda s: 70 <= ref.age(s) <= 79, nod(att("ground-glass"))),
    )
    yield _q(
        fam, "femal patient headcount overall", "count", sum(1 for p in pats() if p["sex"] == "F")
    )
    yield _q(
        fam,
        "people registered with sex O (neither F nor M)",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield _q(fam, "under 50 head ct", "study", sids(head_ct, lambda s: ref.age(s) < 50))
    ld25 = [s for s in studies() if ldct(s) and in_year(2025)(s) and ref.sex(s) in ("F", "M")]
    yield _q(fam, "2025 screening cts split male against female", "groups", _groups(ld25, ref.sex))
    yield _q(fam, "ldcts of pts younger than 60", "study", sids(ldct, lambda s: ref.age(s) < 60))
    yield _q(
        fam,
        "men in the cohort free of any nodule finding",
        "patient",
        sorted(set(_never(nod())) & {p["patient_id"] for p in pats() if p["sex"] == "M"}),
    )
    yield _q(
        fam,
        "ladies with a birth date prior to 1950",
        "patient",
        sorted(
            p["patient_id"] for p in pats() if p["sex"] == "F" and p["birth_date"] < "1950-01-01"
        ),
    )
    yield from ask(
        fam,
        "octogenarian men with a chest ct",
        "patient",
        *aged(both_(sex_is("M"), lambda s: 80 <= ref.age(s) <= 89), chest_ct),
    )
    yield _q(
        fam,
        "studies on female pts aged 65 or older",
        "study",
        sids(sex_is("F"), lambda s: ref.age(s) >= 65),
    )
    yield from ask(
        fam,
        "womens ldcts with a nodule over 8mm",
        "study",
        sids(sex_is("F"), ldct, nod(gt("diameter_mm", 8))),
    )
    yield _q(
        fam,
        "dx01 studies per sex",
        "groups",
        _groups([s for s in studies() if cxr(s)], ref.sex),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield _q(
        fam,
        "ct01 screening throughput july-sept 2024, the scans",
        "study",
        sids(at_station("CT01"), ldct, quarter(2024, 3)),
    )
    s25 = [s for s in studies() if in_year(2025)(s)]
    yield _q(fam, "2025 workload per scanner room", "groups", _groups(s25, lambda s: s["station"]))
    yield _q(
        fam,
        "modality breakdwon, all studies",
        "groups",
        _groups(studies(), lambda s: s["modality"]),
    )
    yield _q(
        fam,
        "head cts at each station",
        "groups",
        _groups([s for s in studies() if head_ct(s)], lambda s: s["station"]),
    )
    yield _q(fam, "brain scans run on the ct02 unit", "study", sids(head_ct, at_station("CT02")))
    yield _q(
        fam,
        'exams titled "CT CHEST W CONTRAST" in calendar 2024',
        "study",
        sids(with_contrast, in_year(2024)),
    )
    yield _q(fam, "chest cts that were not low dose screening", "study", sids(chest_ct, neg(ldct)))
    yield _q(
        fam,
        "how many x-rays on DX01 in 2026",
        "count",
        count(cxr, at_station("DX01"), in_year(2026)),
    )
    yield _q(fam, "ct angios showing a pneumothorax", "study", sids(cta, kind("pneumothorax")))
    yield _q(fam, "body part split", "groups", _groups(studies(), lambda s: s["body_part"]))
    yield _q(fam, "cts that weren't done on ct01", "study", sids(any_ct, neg(at_station("CT01"))))
    ct02 = [s for s in studies() if s["station"] == "CT02"]
    yield _q(
        fam,
        "CT02 exam counts by study description",
        "groups",
        _groups(ct02, lambda s: s["description"]),
    )
    yield _q(fam, "pts ever booked for a 'ct chest w contrast'", "patient", pids(with_contrast))
    yield _q(fam, "see tee zero one head scans", "study", sids(head_ct, at_station("CT01")))
    yield _q(
        fam,
        "Hi, quick one: how many CT angiograms did we do in the second quarter of 2025? Ta, Sam",
        "count",
        count(cta, quarter(2025, 2)),
    )
    yield _q(
        fam,
        "radiograhps in 2024 - total count",
        "count",
        count(cxr, in_year(2024)),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield _q(fam, "middle lobe (rml) nodule exams", "study", sids(nod(in_lobe("RML"))))
    yield _q(
        fam,
        "ggns sitting in the left lowr lobe",
        "study",
        sids(nod(in_lobe("LLL"), att("ground-glass"))),
    )
    nodules = _nod_rows()
    yield _q(
        fam,
        "how are nodule findings spread over the five lobes, numbers",
        "groups",
        _groups([f for f in nodules if f["lobe"]], lambda f: f["lobe"]),
    )
    yield _q(
        fam,
        "upper lobes head to head: rul against lul nodule numbers",
        "groups",
        _groups([f for f in nodules if f["lobe"] in ("RUL", "LUL")], lambda f: f["lobe"]),
    )
    yield _q(
        fam,
        "nodules in the right lung apart from the middle lobe",
        "study",
        sids(nod(in_lobe("RUL", "RLL"))),
    )
    left, right = in_lobe("LUL", "LLL"), in_lobe("RUL", "RML", "RLL")
    yield from ask(
        fam,
        "bilateral on a single exam: nodules left and right, whose",
        "patient",
        pids(nod(left), nod(right)),
    )
    yield _q(
        fam,
        "exams showing a right middle lobe mass",
        "study",
        sids(kind("mass", in_lobe("RML"))),
    )
    yield _q(
        fam,
        "rll solid nods > 8mm, exams",
        "study",
        sids(nod(att("solid"), in_lobe("RLL"), gt("diameter_mm", 8))),
    )
    yield _q(
        fam,
        "lll nodule findings, number of",
        "count",
        len([f for f in nodules if f["lobe"] == "LLL"]),
    )

    def only_rml(s: Row) -> bool:
        ns = nods(s)
        return bool(ns) and all(f["lobe"] == "RML" for f in ns)

    yield _q(fam, "studies where the rml is the only lobe with nodules", "study", sids(only_rml))
    yield _q(
        fam,
        "right lower lobe part solid - patients",
        "patient",
        pids(nod(in_lobe("RLL"), att("part-solid"))),
    )
    yield _q(
        fam,
        "ldcts with a nodule in any lobe except the upper lobes",
        "study",
        sids(ldct, nod(in_lobe("RML", "RLL", "LLL"))),
    )
    yield _q(
        fam,
        "pts w a nodule in the rigth upper lobe over 10 mm",
        "patient",
        pids(nod(in_lobe("RUL"), gt("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "attenuation mix of lul nodules",
        "groups",
        _groups([f for f in nodules if f["lobe"] == "LUL"], lambda f: f["attenuation"]),
    )


def features(rng: random.Random) -> Rows:
    fam = "features"
    nodules = _nod_rows()
    yield _q(fam, "spiculted nodule exams", "study", sids(nod(margin("spiculated"))))
    yield _q(fam, "lobulated ggn", "study", sids(nod(margin("lobulated"), att("ground-glass"))))
    yield _q(fam, "calcified nodules - patients", "patient", pids(nod(calcified)))
    yield _q(
        fam,
        "solid, non-calcified, over 8 mm: the nodule scans",
        "study",
        sids(nod(uncalcified, att("solid"), gt("diameter_mm", 8))),
    )
    yield _q(
        fam, "breakdown of nodules by margin", "groups", _groups(nodules, lambda f: f["margin"])
    )
    yield _q(
        fam,
        "for nodules over 10 mm, how do they split by density type",
        "groups",
        _groups([f for f in nodules if f["diameter_mm"] > 10], lambda f: f["attenuation"]),
    )
    yield _q(
        fam, "nodule attenuation breakdown", "groups", _groups(nodules, lambda f: f["attenuation"])
    )
    yield _q(
        fam,
        "spiculated vs smooth nodule counts",
        "groups",
        _groups(
            [f for f in nodules if f["margin"] in ("spiculated", "smooth")], lambda f: f["margin"]
        ),
    )
    yield _q(
        fam,
        "psn whose solid comp exceeds 5 mm - exams",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 5))),
    )
    yield _q(fam, "smooth calcfied nodules", "study", sids(nod(margin("smooth"), calcified)))
    yield _q(
        fam,
        "finding list: spiculated and lacking calcification",
        "finding",
        fids(is_nodule, margin("spiculated"), uncalcified),
    )
    yield _q(
        fam,
        "ct02 scans turning up a subsolid nodule",
        "study",
        sids(at_station("CT02"), nod(subsolid)),
    )
    yield _q(
        fam,
        "calcifed nodule findings - give me the number",
        "count",
        len([f for f in nodules if calcified(f)]),
    )
    yield _q(
        fam,
        "patients with a ggn but no spiculated nodule at any point",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(margin("spiculated")))),
    )
    yield _q(
        fam,
        "ldcts that have nodules, all of them solid",
        "study",
        sids(ldct, lambda s: bool(nods(s)) and all(f["attenuation"] == "solid" for f in nods(s))),
    )
    yield _q(fam, "lobulated margnis, 2023", "study", sids(in_year(2023), nod(margin("lobulated"))))


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    p1, p2 = rng.sample(_pool(lambda p: len(own(p)) >= 3), 2)
    mine = own(p1)
    yield _q(
        fam,
        f"{p1}: span in days, earliest exam to most recent exam",
        "value",
        float(days_between(mine[0]["study_date"], mine[-1]["study_date"])),
    )
    a, b = sorted(rng.sample(own(p2), 2), key=lambda s: s["study_date"])
    yield _q(
        fam,
        f"how many days between {a['accession']} and {b['accession']}",
        "value",
        float(days_between(a["study_date"], b["study_date"])),
    )
    yield _q(
        fam,
        "mean gap in days between consecutve ldcts",
        "value",
        mean_of([float(g) for g in _gaps(ldct)]),
    )
    yield _q(
        fam,
        "median interval (days) between a patient's studies",
        "value",
        median_of([float(g) for g in _gaps(ALL)]),
    )
    yield from ask(
        fam,
        "surveillance stretching beyond 2 years between first and last scan - pts",
        "patient",
        _followed(24, False),
        _followed_days(730, False),
        _followed_days(731, False),
    )
    yield _q(
        fam,
        "patients with two consecutive ldcts fewer than 340 days apart",
        "patient",
        history(
            lambda m: any(
                days_between(x["study_date"], y["study_date"]) < 340
                for x, y in itertools.pairwise([s for s in m if ldct(s)])
            )
        ),
    )
    yield _q(
        fam,
        "back-to-back chest ct spacing per patient, mean in days",
        "value",
        mean_of([float(g) for g in _gaps(chest_ct)]),
    )
    p3 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3))
    ld = _mine(p3, ldct)
    yield _q(
        fam,
        f"{p3} screening span - days between earliest and newest ldct",
        "value",
        float(days_between(ld[0]["study_date"], ld[-1]["study_date"])),
    )
    yield _q(
        fam,
        "biggest hole in anyone's imaging timeline (days between neighbouring exams)",
        "value",
        float(max(_gaps(ALL))),
    )
    yield _q(
        fam,
        "shortest time in days between two ldcts of the same patient",
        "value",
        float(min(_gaps(ldct))),
    )
    yield from ask(
        fam,
        "people tracked for 30 months or longer from their first exam",
        "patient",
        _followed(30, True),
    )
    yield _q(
        fam,
        "avg days between first and last scan, patients with 2+ scans",
        "value",
        mean_of(
            [
                float(
                    days_between(
                        own(p["patient_id"])[0]["study_date"],
                        own(p["patient_id"])[-1]["study_date"],
                    )
                )
                for p in pats()
                if len(own(p["patient_id"])) >= 2
            ]
        ),
    )
    p4 = pick(
        rng, _pool(lambda p: _count_in(p, ldct) >= 1 and _age_at(p, own(p)[0]["study_date"]) > 0)
    )
    yield _q(
        fam,
        f"how old was {p4} at their first scan",
        "value",
        float(_age_at(p4, own(p4)[0]["study_date"])),
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
    items = bank()
    print(f"{PART}: {len(items)} questions")
    for name, n in Counter(i.family for i in items).items():
        print(f"  {name}: {n}")
    print(f"LEFT_OUT ({len(LEFT_OUT)}): {LEFT_OUT}")
    empty = [i.question for i in items if i.expected in ([], 0)]
    print(f"empty: {empty}")
