"""Held-out part 40 of the question bank: cohort questions as everyone who asks types them, blind.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to it:
its author read only issue 17, the cohort README and data files (``../shared/cohort``; its
``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions" section
of ``docs/query.md`` (up to "One model version") and its "Reports" section up to "How well it
reads" (not the reader's measurements nor the lists of misses, fixes and limits),
:mod:`question_bank` (the :class:`Item` type, its helpers and its scoring function ``_matches``),
:mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of the cohort,
imported here), and ``bank_fresh_24.py`` for its format, module docstring and helper functions
only, up to the line that opens its families, not its questions. The reader's code (``query/``),
``appliance/``, the tests (``test_*.py``), ``family_reading.py`` and the other parts' questions
were not opened, and the engine was never run on these questions: they were frozen (committed)
before any was put to it, and none is to be changed to suit it afterwards.

Duplicates: the texts were compared with ``dev_queries.jsonl``, parts 22 to 39 and every question
of ``question_bank.bank()`` and ``question_bank.ungated_bank()`` (loaded, never read) by a
throwaway script that printed only this part's matches (word for word after lower-casing and
dropping punctuation, or a word overlap of 75 % or more of the longer question): 95 of the first
228 drafts matched (18 word for word), all short shorthand such as "lr 4b studies" or "average
nodule diameter"; they were reworded, six rewordings matched again and were reworded again, one
more after that, and none is left. No question of this part repeats another (:func:`bank` refuses a
repeat).

Styles, in roughly equal shares: a radiologist's terse shorthand ("lr 4b studies", "psn >= 6mm",
"rll nodules"), a nurse's or clinician's full sentences, a screening coordinator's Lung-RADS over
time, a manager's counts and shares per station, year, quarter or month, a data scientist's
inclusive ranges, means and medians, search-box keywords ("attenuation part solid, margin smooth ->
studies"), dictation with numbers spelt out ("five and seven millimeters", "minus six hundred"), and
questions pasted inside an e-mail ("Dear team, ... Many thanks, Dr Patel"). About one in seven asks
about groups (breakdowns "by / per", "A vs B", shares, top-N: 12 grouped counts, 14 rankings, 7
percentages). Twenty-six carry a misspelt, run-together or doubled-letter word ("noduels",
"calcifed", "lungrads", "screeningct", "largerr", "femal", "pnuemothorax", "lowerlobe", "patinets",
"consolidaton", "jully", "emphysmea", "milimetres", "locatd", "borderd", "nodles",
"lymphadenopthy", "alll", "octagenarian", "findng", "lastyear", "scaner", "nodulle", "gradd",
"Hounsfeild", "aquired"), about one in nine; most of the terse ones also have no capitals and no
question mark.

Families (questions per family, 228 in all): identifiers [15] (a patient's exams, latest LDCT,
first study, first chest CT, "pt#", "MRN", an accession for its patient and for its findings, two
accessions, a study UID for its patient, a count of a patient's studies and chest CTs, nodules on
an accession, a patient's 2024 LDCTs, two patients' LDCTs, a request inside an e-mail); dates [19]
("q3" with its months, a quarter written "2025-Q2" and "the first quarter of", "since september
2025", slashed days, day-month-name spans, births before a year, a DOB year, a birth span in words,
the last 6 months and the past 30 days, year to date, the second half of a year, "dec or jan",
"thru", ISO spans, a month in an e-mail, "jully"); numbers [20] (negative HU bounds and ranges,
"minus six hundred", sizes in words and in cm, "under one centimetre", confidences, volumes in mm3
and cc, long and short axis, solid component, inclusive ranges, masses over 3.5 cm); counts [16]
(exactly, "precisely 3", 5+, "four or more", "under 2 (zero or one)", a lone nodule, over 6 on one
CT, studies per patient, LDCTs, head CTs and chest x-rays per patient, exactly twice, the same
nodule on four-plus scans, findings on 2025 chest CTs, exactly 2 calcified); set logic [16] ("at
some point ... on any scan", "on the same ct", "but never", "yet never", "never once", "no ...
anywhere in their history", "never scanned with", two stations, a study in each of two years, every
LDCT of a patient, "never had a study at"); Lung-RADS [17] (categories, "three and up", "lower than
3", "lung-rads 4 (4A, 4B or 4X)", all-time max and worst-ever, upgrades, "lr2 -> lr3", "4a but
never 4b or 4x", a share, breakdowns per category over a year and a station, a coordinator's 2026
question, "lungrads 4a"); rankings and top-N [14] (largest by diameter and volume, longest by long
axis, smallest calcified, lowest-HU ggns, densest solid, most confident pneumothoraces, largest
solid component, masses, patients by nodule total and by their largest nodule, oldest patients,
newest LDCTs, earliest studies); averages, medians and percentages [17] (diameter, volume, HU,
confidence, long axis in cm, solid component, nodules per LDCT, an e-mailed mean, breakdowns per
station and CT01 vs CT02, percentages drawn among candidates); report concepts with negation [15]
(emphysema, lymphadenopathy, coronary calcification; present, "negative for", "states ... absent",
"documents no", "lacking any ... mention", "never mention", two concepts on one report, a concept
and no nodule, "patinets"); growth / new / stable [13] (growing nodules by exam, patient, lobe and
year, over 1.5, 2 (inclusive) and 4 mm, counts, new nodules "(not masses)" and on screening CTs,
stable nodules in a lobe); demographics [15] (sex, "sex other (O)", ages over, under and between,
"sixty-something", octogenarians, births in the 1940s, a sex breakdown, male vs female, "femal ...
pnuemothorax"); modality / description / station [16] (DX01, CT01, CT02, CT angio, ctpa, pe cts,
quoted descriptions, radiographs, groups per station, modality and description, e-mailed counts);
lobes [13] (abbreviations and names, "either lower lobe", counts per lobe, RUL vs LUL, a nodule in
two lobes, lesions, "lowerlobe"); attenuation / margin / calcification [15] (ggn, ggo, psn,
subsolid, margins, "nonCalcified", "noduels", "calcifed", a breakdown by attenuation); intervals
[7] (days between one patient's first and latest LDCT, months first to latest scan, follow-up over
3 years, at least 24 months of chest CTs, over two years of LDCTs, mean span, median gap between
consecutive LDCTs).

Parameters (patients, accessions, UIDs, ranking sizes, percentages) are drawn from the cohort with
this part's own seed (:data:`SEED`); a ranking's number is the first from a start whose boundary
has no tie (:func:`blind_reference.untied`), and a percentage is drawn among candidates within
0.005 of a tenth. Expected answers are computed here in plain Python with the documented
conventions written out by hand. Where the conventions do not settle a reading the question is
asked only when the competing readings give the same answer (:func:`ask`; the drafts whose readings
disagreed are left out as the bank is built, in ``LEFT_OUT``): the first day of "the last 6 months"
/ "the past 30 days"; a track that was a mass from its first study counted or not as a new, stable
or growing nodule, and a grown finding that became a mass kept or not; a change taken in floating
point or to 0.1 mm; a nodule on N scans counting a mass on its track or not; an age (with a sex)
and another condition on one study or each on some study. Left out as the bank is built (readings
disagreed, or a share not within 0.005 of a tenth): "what percentage of patients are female", "% of
studies done at CT01", "of the 2024 ldcts, what percent showed at least one nodule", "what share of
all chest x-rays were done in 2025", "pct of nodules that are calcified", "share of pneumothorax
findings with confidence above 0.9 (%)", "of all solid nodules, what percentage are calcified?", "%
of nodules with spiculated margins", "what percent of all studies were head cts", "percentage of
2025 studies that were ldcts", "share of patients who are male, in %", "what fraction (%) of ct
angios showed a pleural effusion", "% of head cts that show intracranial hemorrhage" (shares not
near a tenth); "nodules that grew", "how many nodule findings grew by more than 3 mm", "how many
ground glass nodules got bigger by more than 1.5 mm", growth in the rml and on a 2026 scan, "ldcts
with a new nodule over 6 mm", "new ggn" (growth and new-nodule readings disagreed). Other drafts
replaced before freezing: those whose answer was empty by accident (more than 4 studies and 5+
scans per patient: no patient has more than 4; masses over 4 cm; a head CT and a chest x-ray for
one patient: no patient in this cohort has two of the kinds of study) and a ranking of patients by
number of studies (tied at every size from 1 to 15).

Readings taken: "both A and B" about patients is said with "at some point ... on any scan" (each on
some study) or "on the same ct / same scan" (one study), so neither reading is left open; "never"
is no affirmed finding or mention on any of the patient's studies; "negative for", "says there is
no", "documenting no" are the denied reading (a negated mention and no affirmed one), "without" and
"never mention" no affirmed mention; "oldest" patients are the earliest birth dates; "the patients
with the biggest nodules (by their largest one)" ranks patients by their largest nodule; "densest"
is the highest mean HU; "last year" is 2025 (as of 2026-11-01); "since september 2025" starts on
2025-09-01; a day written with slashes is given with a day over 12 so that it reads one way only;
an interval in days or months for one patient, and averages of intervals, are "value" answers
(months are days / 30.4375); "followed for more than N years" is a latest study after the same day
N calendar months after the first; growth is more than 1.5 mm of mean diameter over the same
track's previous finding; "ldcts" are the CT CHEST LOW DOSE LUNG SCREENING studies, "ct angio",
"ctpa" and "pe cts" the CT ANGIO CHEST PE studies, descriptions in quotes that description alone.
Groups answers are counts keyed by the field's stored value (station, modality, description, sex,
lobe, attenuation, Lung-RADS category).

Scored alone with ``python tests/query/question_bank.py --part held_out_40 -v`` once wired in.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import cohort_reference as ref
from blind_reference import (
    ORDER,
    FTest,
    Rows,
    age_in,
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
    sids,
    some_but_never,
    stable,
    studies,
    study_of,
    subsolid,
    top,
    uncalcified,
    untied,
    went,
    went_from,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_40"
SEED = 4040

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


def _first(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[0] if mine else None


def _latest(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[-1] if mine else None


def _uid(s: Row | None) -> list[str]:
    return [] if s is None else [str(s["study_uid"])]


def _all_studies(s: Row) -> bool:
    return True


def _every(scope: Test, test: Test, vacuous: bool) -> list[str]:
    """Patients whose every study in ``scope`` passes ``test`` (``vacuous``: none in scope too)."""
    return history(
        lambda mine: (vacuous or any(map(scope, mine))) and all(test(s) for s in mine if scope(s))
    )


def _never(test: Test) -> list[str]:
    return history(lambda mine: not any(map(test, mine)))


def _n_studies(compare: Callable[[int], bool], scope: Test = _all_studies) -> list[str]:
    return history(lambda mine: compare(sum(1 for s in mine if scope(s))))


def _n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


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


def _lr_groups(*tests: Test) -> list[tuple[str | None, int]]:
    """Studies passing every test counted per Lung-RADS category (None: no category)."""
    tally = Counter(category(s) for s in studies() if all(t(s) for t in tests))
    return sorted(tally.items(), key=lambda kv: -1 if kv[0] is None else ORDER.index(kv[0]))


def _groups(keys: Sequence[Any]) -> list[tuple[Any, int]]:
    return sorted(Counter(keys).items(), key=lambda kv: str(kv[0]))


def _share(part: Sequence[Any], whole: Sequence[Any]) -> float | None:
    return pct(len(part), len(whole)) if whole else None


def _all_of(*tests: FTest) -> FTest:
    return lambda f: all(t(f) for t in tests)


def _kind_rows(name: str, *tests: FTest) -> list[Row]:
    return [f for f in findings() if f["kind"] == name and all(t(f) for t in tests)]


def _field(rows: Sequence[Row], name: str, scale: float = 1.0) -> list[float]:
    return [f[name] / scale for f in rows if f.get(name) is not None]


def _ranked_patients(score: Callable[[str], float], n: int) -> list[str] | None:
    rows = [{"patient_id": p["patient_id"], "k": -score(p["patient_id"])} for p in pats()]
    return top(rows, lambda r: r["k"], n, "patient_id")


def _first_fit(rng: random.Random, pool: Sequence[Any], fits: Callable[[Any], bool]) -> Any:
    order = list(pool)
    rng.shuffle(order)
    for x in order:
        if fits(x):
            return x
    raise ValueError("nothing in the pool fits")


def _since(day: str) -> Test:
    return dated(day, AS_OF)


def _pid(s: Row) -> str:
    return str(s["patient_id"])


def _pts_of(test: Callable[[Row], bool]) -> list[str]:
    return sorted(p["patient_id"] for p in pats() if test(p))


def _followed(scope: Test, n_months: int, inclusive: bool) -> list[str]:
    """Patients whose latest study in ``scope`` is after (on or after, ``inclusive``) the same
    day ``n_months`` calendar months after their first one."""

    def test(mine: list[Row]) -> bool:
        kept = [s for s in mine if scope(s)]
        if not kept:
            return False
        limit = months_on(kept[0]["study_date"], n_months)
        last = kept[-1]["study_date"]
        return bool(last >= limit if inclusive else last > limit)

    return history(test)


def _grown(g: float, *tests: FTest, inclusive: bool = False) -> list[FTest]:
    """Growth readings, each with and without keeping kind nodule only at the grown finding."""
    out: list[FTest] = []
    for t in grew_readings(g, inclusive):
        out.append(_all_of(t, *tests))
        out.append(_all_of(t, is_nodule, *tests))
    return out


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    multi = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 3]
    p1 = pick(rng, multi)
    yield _q(
        fam,
        f"pull every exam we hold on {p1}, oldest to newest",
        "study",
        sorted(s["study_uid"] for s in own(p1)),
    )
    p2 = _first_fit(rng, multi, lambda p: p != p1 and any(map(ldct, own(p))))
    yield _q(fam, f"{p2} -- newest low dose screening scan only", "study", _uid(_latest(p2, ldct)))
    p3 = pick(rng, multi)
    yield _q(
        fam,
        f"What was the very first imaging study patient {p3} ever had?",
        "study",
        _uid(_first(p3, _all_studies)),
    )
    s1 = pick(rng, studies())
    yield _q(fam, f"acc {s1['accession']} - whose study is this?", "patient", [_pid(s1)])
    with_finds = [s for s in studies() if len(fo(s)) >= 2]
    s2 = pick(rng, with_finds)
    yield _q(
        fam,
        f"list every finding (the findings themselves) recorded on accession number "
        f"{s2['accession']}",
        "finding",
        sorted(f["finding_id"] for f in fo(s2)),
    )
    s3 = pick(rng, studies())
    yield _q(fam, f"study uid {s3['study_uid']}, which pt", "patient", [_pid(s3)])
    p4 = pick(rng, multi)
    yield _q(fam, f"how many studies does {p4} have in total", "count", len(own(p4)))
    p5 = _first_fit(rng, multi, lambda p: sum(map(chest_ct, own(p))) >= 2)
    yield _q(fam, f"MRN {p5}: number of chest cts on record", "count", sum(map(chest_ct, own(p5))))
    p6 = pick(rng, multi)
    yield _q(
        fam,
        f"Hi all, could someone pull up the latest scan for patient {p6}? Thanks, Anna",
        "study",
        _uid(_latest(p6, _all_studies)),
    )
    ps = [p for p in multi if any(map(ldct, own(p)))]
    p7, p8 = pick(rng, ps), pick(rng, ps)
    yield _q(
        fam,
        f"{p7} and {p8} - their low dose screening cts",
        "study",
        sorted(s["study_uid"] for s in own(p7) + own(p8) if ldct(s)),
    )
    a1, a2 = pick(rng, studies()), pick(rng, studies())
    yield _q(
        fam,
        f"studies with accession {a1['accession']} or {a2['accession']}",
        "study",
        sorted({a1["study_uid"], a2["study_uid"]}),
    )
    s4 = _first_fit(rng, studies(), lambda s: len(nods(s)) >= 2)
    yield _q(
        fam, f"nodule tally for accession {s4['accession']} (how many)", "count", len(nods(s4))
    )
    p9 = _first_fit(rng, multi, lambda p: any(ldct(s) and in_year(2024)(s) for s in own(p)))
    yield _q(
        fam,
        f"{p9}'s ldcts from 2024",
        "study",
        sorted(s["study_uid"] for s in own(p9) if ldct(s) and in_year(2024)(s)),
    )
    p10 = _first_fit(
        rng,
        multi,
        lambda p: any(is_nodule(f) and f["diameter_mm"] > 6 for s in own(p) for f in fo(s)),
    )
    yield _q(
        fam,
        f"patient id {p10} -- nodule findings over 6 mm",
        "finding",
        sorted(f["finding_id"] for s in own(p10) for f in nods(s, gt("diameter_mm", 6))),
    )
    p11 = pick(rng, multi)
    yield _q(
        fam,
        f"pt# {p11} first chest ct",
        "study",
        _uid(_first(p11, chest_ct)),
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    yield _q(
        fam,
        "screening cts performed july-september quarter (q3) of 2024",
        "study",
        sids(ldct, quarter(2024, 3)),
    )
    yield _q(fam, "scans from 2025-Q2, how many", "count", count(quarter(2025, 2)))
    yield _q(fam, "studies done since september 2025", "study", sids(_since("2025-09-01")))
    yield _q(
        fam,
        "chest cts between 03/15/2024 and 04/20/2024",
        "study",
        sids(chest_ct, dated("2024-03-15", "2024-04-20")),
    )
    yield _q(
        fam,
        "anyone in the cohort whose birth year precedes 1950",
        "patient",
        born("0000-01-01", "1949-12-31"),
    )
    yield _q(fam, "DOB falls in 1962 - which pts", "patient", born("1962-01-01", "1962-12-31"))
    yield _q(
        fam,
        "cts from 14 feb 2025 to 2 march 2025",
        "study",
        sids(any_ct, dated("2025-02-14", "2025-03-02")),
    )
    yield from ask(
        fam,
        "brain/head ct exams over the previous 6 months, list",
        "study",
        sids(head_ct, _since("2026-05-01")),
        sids(head_ct, _since("2026-05-02")),
    )
    yield _q(
        fam,
        "How many low-dose screening CTs were performed during the first quarter of 2026?",
        "count",
        count(ldct, quarter(2026, 1)),
    )
    yield _q(
        fam,
        "studies in december 2023 or january 2024",
        "study",
        sids(dated("2023-12-01", "2024-01-31")),
    )
    yield _q(
        fam,
        "every chest x-ray from the second half of 2023",
        "study",
        sids(cxr, dated("2023-07-01", "2023-12-31")),
    )
    yield _q(fam, "scans performed before 2023-03-01", "study", sids(dated("0000", "2023-02-28")))
    yield _q(fam, "studies year to date (2026 so far) - total", "count", count(in_year(2026)))
    yield _q(
        fam,
        "Patients born between 1 January 1955 and 31 December 1957",
        "patient",
        born("1955-01-01", "1957-12-31"),
    )
    yield _q(
        fam,
        "ldct from nov 2025 thru feb 2026",
        "study",
        sids(ldct, dated("2025-11-01", "2026-02-28")),
    )
    yield from ask(
        fam,
        "how many cts were done in the past 30 days",
        "count",
        count(any_ct, _since(shift(AS_OF, -30))),
        count(any_ct, _since(shift(AS_OF, -29))),
    )
    yield _q(
        fam,
        "ct angio chest pe exams dated 2024-06-01 through 2024-12-31",
        "study",
        sids(cta, dated("2024-06-01", "2024-12-31")),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield _q(
        fam,
        "Nodules reading under -700 mean Hounsfeild units, which exams?",
        "study",
        sids(nod(lt("mean_hu", -700))),
    )
    yield _q(
        fam,
        "exams w nodules whose density sits from -300 to -100 HU inclusive",
        "study",
        sids(nod(within("mean_hu", -300, -100))),
    )
    yield _q(
        fam,
        "scans carrying a nodule smaller than one centimetre across",
        "study",
        sids(nod(lt("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "ground-glass nodules of 1.5 cm or more",
        "study",
        sids(nod(att("ground-glass"), ge("diameter_mm", 15))),
    )
    yield _q(
        fam,
        "low-certainty nodule findings: detector confidence below 0.6",
        "finding",
        fids(is_nodule, lt("confidence", 0.6)),
    )
    yield _q(
        fam,
        "findings w conf >= .95, how many",
        "count",
        len(fids(ge("confidence", 0.95))),
    )
    yield _q(
        fam, "nodules six to eight milimetres", "study", sids(nod(within("diameter_mm", 6, 8)))
    )
    yield _q(fam, "nodules bigger than twelve mm", "study", sids(nod(gt("diameter_mm", 12))))
    yield _q(
        fam,
        "any nodule exceeding 1000 mm3 in vol - show exams",
        "study",
        sids(nod(gt("volume_mm3", 1000))),
    )
    yield _q(
        fam,
        "which studies hold a nodulle above 2 cc volumetrically",
        "study",
        sids(nod(gt("volume_mm3", 2000))),
    )
    yield _q(
        fam,
        "solid nodules with a long axis of at least 15 mm",
        "study",
        sids(nod(att("solid"), ge("long_axis_mm", 15))),
    )
    yield _q(
        fam,
        "nodule whose short-axis measure is under 4mm, by exam",
        "study",
        sids(nod(lt("short_axis_mm", 4))),
    )
    yield _q(
        fam,
        "part-solid nodules whose solid component is 6 mm or more",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield _q(
        fam,
        "exams with a nodule sized anywhere 0.4 cm up to 0.6 cm",
        "study",
        sids(nod(within("diameter_mm", 4, 6))),
    )
    yield _q(
        fam,
        "calcified nodules with a mean attenuation over 200 hu",
        "study",
        sids(nod(calcified, gt("mean_hu", 200))),
    )
    yield _q(
        fam,
        "nodule findings with a diameter between 20 and 25 mm (both ends included)",
        "finding",
        fids(is_nodule, within("diameter_mm", 20, 25)),
    )
    yield _q(
        fam,
        "masses with a long axis of more than 3.5cm",
        "study",
        sids(kind("mass", gt("long_axis_mm", 35))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield _q(
        fam,
        "screening cts showing precisely 3 nodules, no more no less",
        "study",
        sids(ldct, _n_nods(lambda k: k == 3)),
    )
    yield _q(
        fam,
        "exams where the nodule tally reaches five or higher",
        "study",
        sids(_n_nods(lambda k: k >= 5)),
    )
    yield _q(fam, "pts with more than 3 studies", "patient", _n_studies(lambda k: k > 3))
    yield _q(fam, "patients who only ever had one study", "patient", _n_studies(lambda k: k == 1))
    yield _q(
        fam,
        "3+ ldcts on file, which of our pts qualify",
        "patient",
        _n_studies(lambda k: k >= 3, ldct),
    )
    yield _q(
        fam,
        "clean chest cts: not a single finding recorded",
        "study",
        sids(chest_ct, lambda s: not fo(s)),
    )
    yield _q(
        fam,
        "how many patients have had two or more chest x-rays",
        "count",
        len(_n_studies(lambda k: k >= 2, cxr)),
    )
    yield from ask(
        fam,
        "pts in whom one tracked nodule shows up on four-plus separate scans",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(
        fam,
        "screening scans carrying under 2 nodules (zero or one)",
        "study",
        sids(ldct, _n_nods(lambda k: k < 2)),
    )
    yield _q(
        fam, "count of patients scanned exactly twice", "count", len(_n_studies(lambda k: k == 2))
    )
    yield _q(
        fam,
        "how many findings in total on chest cts in 2025",
        "count",
        sum(len(fo(s)) for s in studies() if chest_ct(s) and in_year(2025)(s)),
    )
    yield _q(
        fam,
        "exams where just one lone nodule was detected",
        "study",
        sids(_n_nods(lambda k: k == 1)),
    )
    yield _q(
        fam,
        "anyone with over 6 nodules counted on one single ct exam",
        "patient",
        pids(any_ct, _n_nods(lambda k: k > 6)),
    )
    yield _q(fam, "pts with 2+ head cts", "patient", _n_studies(lambda k: k >= 2, head_ct))
    yield _q(
        fam,
        "number of ldcts with exactly 2 calcified nodules",
        "count",
        count(ldct, _n_nods(lambda k: k == 2, calcified)),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    ptx = kind("pneumothorax")
    ggn = nod(att("ground-glass"))
    yield _q(
        fam,
        "patients who have had a pneumothorax at some point and also, on any scan, a "
        "ground-glass nodule",
        "patient",
        history(each_on_some(ptx, ggn)),
    )
    yield _q(
        fam,
        "pts w a pneumothorax and a ggn on the same ct",
        "patient",
        pids(ptx, ggn),
    )
    yield _q(
        fam,
        "spiculated nodule at any time, yet no mass ever recorded - patients",
        "patient",
        history(some_but_never(nod(margin("spiculated")), kind("mass"))),
    )
    yield _q(
        fam,
        "which people have no low dose screening ct anywhere in their history",
        "patient",
        _never(ldct),
    )
    yield _q(
        fam,
        "women who were never scanned with a chest ct",
        "patient",
        sorted(set(_never(chest_ct)) & set(_pts_of(lambda p: p["sex"] == "F"))),
    )
    yield _q(
        fam,
        "patients who at some point had a solid nodule and, on any scan, a ground-glass one",
        "patient",
        history(each_on_some(nod(att("solid")), nod(att("ground-glass")))),
    )
    yield _q(
        fam,
        "patients with emphysema in a report but never any nodule finding",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield from ask(
        fam,
        "patients who had ldcts, every one of them lung-rads 1",
        "patient",
        _every(ldct, cat_in("1"), vacuous=False),
    )
    yield _q(
        fam,
        "patients scanned at CT01 and also at CT02",
        "patient",
        history(each_on_some(at_station("CT01"), at_station("CT02"))),
    )
    yield _q(
        fam,
        "pts w consolidation but no pleural effusion ever",
        "patient",
        history(some_but_never(kind("consolidation"), kind("pleural_effusion"))),
    )
    yield _q(fam, "pts that have never once had a nodule findng", "patient", _never(nod()))
    yield _q(
        fam,
        "patients with a calcified and a non-calcified nodule on the same scan",
        "patient",
        pids(nod(calcified), nod(uncalcified)),
    )
    yield _q(
        fam,
        "males imaged with ct angiography yet never given a screening ldct",
        "patient",
        sorted(set(history(some_but_never(cta, ldct))) & set(_pts_of(lambda p: p["sex"] == "M"))),
    )
    yield _q(
        fam,
        "patients with an ldct in 2023 and another ldct in 2025",
        "patient",
        history(each_on_some(both_(ldct, in_year(2023)), both_(ldct, in_year(2025)))),
    )
    yield _q(
        fam,
        "which patients never had a study at DX01",
        "patient",
        _never(at_station("DX01")),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"

    def top_ever(*cats: str) -> list[str]:
        return history(lambda mine: highest(mine) in cats)

    yield _q(fam, "exams graded 4B on lung-rads", "study", sids(cat_in("4B")))
    yield _q(
        fam,
        "2025 screening cts scored lung rads cat 3",
        "study",
        sids(ldct, cat_in("3"), in_year(2025)),
    )
    yield _q(fam, "lung rads 4x how many", "count", count(cat_in("4X")))
    yield _q(
        fam,
        "patients topping out at category 3 as their all-time max lung-rads",
        "patient",
        top_ever("3"),
    )
    yield _q(
        fam, "exams graded lung-rads three and up", "study", sids(cat_in("3", "4A", "4B", "4X"))
    )
    yield _q(
        fam,
        "2025 screening exams: tally them per lung-rads grade",
        "groups",
        _lr_groups(ldct, in_year(2025)),
    )
    yield _q(
        fam,
        "Count the patients who at any point hit lung-rads 4 (4A, 4B or 4X).",
        "count",
        len(top_ever("4A", "4B", "4X")),
    )
    yield _q(
        fam,
        "screening upgrades: any exam whose lr grade rose above the grade of that pt's "
        "preceding graded exam",
        "study",
        sids(went(1)),
    )
    yield _q(
        fam,
        "pts upgraded lr2 -> lr3 between consecutive exams",
        "patient",
        pids(went_from("2", ("3",))),
    )
    yield _q(
        fam,
        "jan-mar 2025 (q1) screening cts graded lower than lung-rads 3 - number",
        "count",
        count(ldct, cat_in("1", "2"), quarter(2025, 1)),
    )
    yield from ask(
        fam,
        "among every screening ct, what proportion in % got lr 2",
        "value",
        _share(sids(ldct, cat_in("2")), sids(ldct)),
    )
    yield _q(fam, "pts whose worst-ever grade stands at 4b lung-rads", "patient", top_ever("4B"))
    yield _q(
        fam,
        "ct01 chest cts gradd lr 1 or lr 2",
        "study",
        sids(chest_ct, cat_in("1", "2"), at_station("CT01")),
    )
    yield _q(
        fam,
        "pts that reached 4a on lung-rads at some time yet never 4b or 4x",
        "patient",
        history(some_but_never(cat_in("4A"), cat_in("4B", "4X"))),
    )
    yield _q(
        fam,
        "scanner CT02 screening volume split out by lung-rads grade",
        "groups",
        _lr_groups(ldct, at_station("CT02")),
    )
    yield _q(
        fam,
        "Screening program: which patients have had a Lung-RADS 4A or higher screening CT in 2026?",
        "patient",
        pids(ldct, cat_in("4A", "4B", "4X"), in_year(2026)),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    nodes = nodule_rows()
    n, ids = untied(nodes, lambda f: -f["diameter_mm"], "finding_id", 5)
    yield _q(fam, f"biggest {n} nodule findings, by mean diameter", "finding", ids)
    n, ids = untied(
        [
            {"patient_id": p["patient_id"], "k": -sum(len(nods(s)) for s in own(p["patient_id"]))}
            for p in pats()
        ],
        lambda r: r["k"],
        "patient_id",
        3,
    )
    yield _q(fam, f"which {n} patients carry the highest nodule totals overall", "patient", ids)
    n, ids = untied(pats(), lambda p: p["birth_date"], "patient_id", 4)
    yield _q(fam, f"which {n} patients are the oldest", "patient", ids)
    n, ids = untied(
        [s for s in studies() if ldct(s)],
        lambda s: tuple(-ord(c) for c in s["study_date"]),
        "study_uid",
        10,
    )
    yield _q(fam, f"newest {n} screening cts in the whole cohort", "study", ids)
    n, ids = untied(
        [f for f in nodes if f.get("volume_mm3") is not None],
        lambda f: -f["volume_mm3"],
        "finding_id",
        3,
    )
    yield _q(fam, f"{n} nodules with the highest volume", "finding", ids)
    ggns = nodule_rows(att("ground-glass"))
    n, ids = untied(ggns, lambda f: f["mean_hu"], "finding_id", 1)
    yield _q(
        fam,
        "the ggn with the lowest hu" if n == 1 else f"the {n} ggns with the lowest hu",
        "finding",
        ids,
    )
    n, ids = untied(_kind_rows("pneumothorax"), lambda f: -f["confidence"], "finding_id", 3)
    yield _q(
        fam,
        f"pneumothorax findings ranked by detector confidence, give the top {n}",
        "finding",
        ids,
    )
    n, ids = untied(studies(), lambda s: s["study_date"], "study_uid", 5)
    yield _q(fam, f"the {n} studies with the earliest study dates overall", "study", ids)
    psns = nodule_rows(att("part-solid"), lambda f: f.get("solid_component_mm") is not None)
    n, ids = untied(psns, lambda f: -f["solid_component_mm"], "finding_id", 4)
    yield _q(fam, f"largest solid component: top {n} part-solid nodules", "finding", ids)
    biggest: dict[str, float] = {}
    for f in nodes:
        pid = study_of(f)["patient_id"]
        biggest[pid] = max(biggest.get(pid, 0.0), f["diameter_mm"])
    n, ids = untied(
        [{"patient_id": p, "k": -d} for p, d in biggest.items()],
        lambda r: r["k"],
        "patient_id",
        4,
    )
    yield _q(
        fam, f"the {n} patients with the biggest nodules (by their largest one)", "patient", ids
    )
    n, ids = untied(nodes, lambda f: -f["long_axis_mm"], "finding_id", 6)
    yield _q(fam, f"the {n} longest nodules by long axis", "finding", ids)
    n, ids = untied(nodule_rows(calcified), lambda f: f["diameter_mm"], "finding_id", 3)
    yield _q(fam, f"tiniest {n} calcified nodles (mean diameter ascending)", "finding", ids)
    n, ids = untied(_kind_rows("mass"), lambda f: -f["diameter_mm"], "finding_id", 2)
    yield _q(fam, f"{n} masses with the greatest diameter", "finding", ids)
    n, ids = untied(nodule_rows(att("solid")), lambda f: -f["mean_hu"], "finding_id", 3)
    yield _q(fam, f"densest {n} solid nodules (highest mean HU)", "finding", ids)


def stats(rng: random.Random) -> Rows:
    fam = "aggregates"
    nodes = nodule_rows()
    yield _q(
        fam,
        "across every nodule finding, the average mean-diameter in mm",
        "value",
        mean_of(_field(nodes, "diameter_mm")),
    )
    yield _q(
        fam,
        "ground-glass nodules only: volume median (mm3)",
        "value",
        median_of(_field(nodule_rows(att("ground-glass")), "volume_mm3")),
    )
    yield _q(
        fam,
        "mean HU of the solid nodules?",
        "value",
        mean_of(_field(nodule_rows(att("solid")), "mean_hu")),
    )
    yield _q(
        fam,
        "what is the typical (mean) detection confidence for pneumothoraces",
        "value",
        mean_of(_field(_kind_rows("pneumothorax"), "confidence")),
    )
    everyone = pats()
    yield from ask(
        fam,
        "what percentage of patients are female",
        "value",
        _share([p for p in everyone if p["sex"] == "F"], everyone),
    )
    yield from ask(
        fam, "% of studies done at CT01", "value", _share(sids(at_station("CT01")), sids())
    )
    lds = [s for s in studies() if ldct(s) and in_year(2024)(s)]
    yield from ask(
        fam,
        "of the 2024 ldcts, what percent showed at least one nodule",
        "value",
        _share([s for s in lds if nods(s)], lds),
    )
    all_ld = [s for s in studies() if ldct(s)]
    yield _q(
        fam,
        "on average how many nodules turn up on one screening ct",
        "value",
        mean_of([len(nods(s)) for s in all_ld]),
    )
    yield _q(
        fam,
        "nodule long-axis median, expressed in centimetres",
        "value",
        median_of(_field(nodes, "long_axis_mm", 10.0)),
    )
    yield from ask(
        fam,
        "what share of all chest x-rays were done in 2025",
        "value",
        _share(sids(cxr, in_year(2025)), sids(cxr)),
    )
    yield _q(
        fam,
        "part solid nods: the arithmetic mean of their solid comp, mm",
        "value",
        mean_of(_field(nodule_rows(att("part-solid")), "solid_component_mm")),
    )
    yield from ask(
        fam,
        "pct of nodules that are calcified",
        "value",
        _share([f for f in nodes if calcified(f)], nodes),
    )
    ptx = _kind_rows("pneumothorax")
    yield from ask(
        fam,
        "share of pneumothorax findings with confidence above 0.9 (%)",
        "value",
        _share([f for f in ptx if f["confidence"] > 0.9], ptx),
    )
    yield _q(
        fam,
        "exam volume broken out by scaner station",
        "groups",
        _groups([s["station"] for s in studies()]),
    )
    yield _q(
        fam,
        "2025 screening throughput, CT01 against CT02",
        "groups",
        _groups([s["station"] for s in studies() if ldct(s) and in_year(2025)(s)]),
    )
    yield _q(
        fam,
        "spiculated nodules - median mean-diameter please",
        "value",
        median_of(_field(nodule_rows(margin("spiculated")), "diameter_mm")),
    )
    yield from ask(
        fam,
        "percent of cts performed at ct02 in the first half of 2026",
        "value",
        _share(
            sids(any_ct, at_station("CT02"), dated("2026-01-01", "2026-06-30")),
            sids(any_ct, dated("2026-01-01", "2026-06-30")),
        ),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield _q(
        fam,
        "exams where the radiologist's report records emphysema present",
        "study",
        sids(says("emphysema")),
    )
    yield _q(
        fam,
        "coronary artery calcification called in a report - patient list",
        "patient",
        pids(says("coronary")),
    )
    yield _q(
        fam,
        "screening cts explicitly reported negative for emphysema",
        "study",
        sids(ldct, denies("emphysema")),
    )
    yield _q(
        fam,
        "tally of reports where lymphadenopathy is described as present",
        "count",
        count(says("lymphadenopathy")),
    )
    yield _q(
        fam,
        "report text states emphysema is absent (says no emphysema) - which studies",
        "study",
        sids(denies("emphysema")),
    )
    yield _q(
        fam,
        "emphysema reported while zero nodules were detected on that exam",
        "study",
        sids(says("emphysema"), neg(nod())),
    )
    yield from ask(
        fam,
        "pts w emphysema on the report plus a spiculated nodule, same scan",
        "patient",
        pids(says("emphysema"), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "2026 chest ct exams lacking any lymphadenopthy mention",
        "study",
        sids(chest_ct, in_year(2026), neg(says("lymphadenopathy"))),
    )
    yield _q(
        fam,
        "patients whose reports never mention coronary calcification",
        "patient",
        _never(says("coronary")),
    )
    yield _q(
        fam,
        "emphysmea on ldcts at ct01",
        "study",
        sids(ldct, at_station("CT01"), says("emphysema")),
    )
    yield _q(
        fam,
        "number of patients with emphysema reported",
        "count",
        len(pids(says("emphysema"))),
    )
    yield _q(
        fam,
        "studies in which the dictation documents no lymphadenopathy",
        "study",
        sids(denies("lymphadenopathy")),
    )
    yield _q(
        fam,
        "studies whose report mentions both coronary artery calcification and emphysema",
        "study",
        sids(says("coronary"), says("emphysema")),
    )
    yield _q(
        fam,
        "neg for lymphadenopathy, head or chest ct, 2025",
        "study",
        sids(any_ct, in_year(2025), denies("lymphadenopathy")),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    yield from ask(fam, "nodules that grew", "study", *[sids(fstudy(t)) for t in _grown(1.5)])
    yield from ask(
        fam,
        "whose nodules have enlarged on follow-up? patients only",
        "patient",
        *[pids(fstudy(t)) for t in _grown(1.5)],
    )
    yield _q(
        fam,
        "new nodules (not masses) in 2025",
        "study",
        sids(fstudy(new(False)), in_year(2025)),
    )
    yield from ask(
        fam,
        "how many nodule findings grew by more than 3 mm",
        "count",
        *[len(fids(t)) for t in _grown(3.0)],
    )
    yield from ask(
        fam,
        "ldcts with a new nodule over 6 mm",
        "study",
        *[sids(ldct, fstudy(new(m), gt("diameter_mm", 6))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "unchanged-size nodules, right upper lobe, by exam",
        "study",
        *[sids(fstudy(stable(r, m), in_lobe("RUL"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        fam,
        "patients whose nodule grew by at least 2 mm",
        "patient",
        *[pids(fstudy(t)) for t in _grown(2.0, inclusive=True)],
    )
    yield from ask(
        fam,
        "growth > 2mm in solid nodules, how many patients",
        "count",
        *[len(pids(fstudy(t))) for t in _grown(2.0, att("solid"))],
    )
    yield from ask(
        fam,
        "new ggn",
        "study",
        *[sids(fstudy(new(m), att("ground-glass"))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "number of new nodules found in 2026",
        "count",
        *[len(fids(new(m), where=in_year(2026))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "growing part solid nodules at ct02",
        "study",
        *[sids(at_station("CT02"), fstudy(t)) for t in _grown(1.5, att("part-solid"))],
    )
    yield from ask(
        fam,
        "Could you list the patients with a new nodule on a screening CT in 2024?",
        "patient",
        *[pids(ldct, in_year(2024), fstudy(new(m))) for m in (False, True)],
    )


def people(rng: random.Random) -> Rows:
    fam = "demographics"

    def aged_readings(person: Test, *tests: Test) -> list[list[str]]:
        return [pids(person, *tests), history(each_on_some(person, *tests))]

    yield from ask(
        fam,
        "F pts over 70 with a ldct",
        "patient",
        *aged_readings(both_(sex_is("F"), age_in(71, 200)), ldct),
    )
    yield from ask(
        fam,
        "men aged 60-65 who had a ct angio",
        "patient",
        *aged_readings(both_(sex_is("M"), age_in(60, 65)), cta),
    )
    yield _q(fam, "tally alll male pts we hold", "count", len(_pts_of(lambda p: p["sex"] == "M")))
    yield _q(
        fam,
        "list people whose sex field reads O (other)",
        "patient",
        _pts_of(lambda p: p["sex"] == "O"),
    )
    yield from ask(
        fam,
        "sixty-something females who had a ground glass nodule",
        "patient",
        *aged_readings(both_(sex_is("F"), age_in(60, 69)), nod(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "pts under 55 with a head ct",
        "patient",
        *aged_readings(age_in(0, 54), head_ct),
    )
    yield _q(
        fam,
        "number of women who had a chest x-ray",
        "count",
        len(pids(sex_is("F"), cxr)),
    )
    yield _q(
        fam,
        "ldcts of men 75 or older",
        "study",
        sids(ldct, sex_is("M"), age_in(75, 200)),
    )
    yield _q(
        fam,
        "patients with a mass, broken down by sex",
        "groups",
        _groups([ref.cohort()[0][p]["sex"] for p in pids(kind("mass"))]),
    )
    yield _q(
        fam,
        "male vs female patients with a pneumothorax",
        "groups",
        _groups(
            [
                ref.cohort()[0][p]["sex"]
                for p in pids(kind("pneumothorax"))
                if ref.cohort()[0][p]["sex"] in ("M", "F")
            ]
        ),
    )
    yield from ask(
        fam,
        "spiculated nodule seen in an octagenarian - which people",
        "patient",
        *aged_readings(age_in(80, 89), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "how many patients were born in the 1940s",
        "count",
        len(born("1940-01-01", "1949-12-31")),
    )
    yield _q(
        fam,
        "head ct exams belonging to women",
        "study",
        sids(head_ct, sex_is("F")),
    )
    yield _q(
        fam,
        "studies of patients aged 45 to 50 inclusive",
        "study",
        sids(age_in(45, 50)),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield _q(
        fam,
        "everything aquired on station dx01 throughout 2025",
        "study",
        sids(at_station("DX01"), in_year(2025)),
    )
    yield _q(fam, "ct angio chest pe scans at CT01", "study", sids(cta, at_station("CT01")))
    yield _q(fam, "how many head cts at ct02", "count", count(head_ct, at_station("CT02")))
    yield _q(
        fam,
        'studies described as "CT CHEST W/O CONTRAST" with consolidation',
        "study",
        sids(lambda s: s["description"] == "CT CHEST W/O CONTRAST", kind("consolidation")),
    )
    yield _q(
        fam,
        'description "CT CHEST W CONTRAST", 2024',
        "study",
        sids(lambda s: s["description"] == "CT CHEST W CONTRAST", in_year(2024)),
    )
    yield _q(
        fam,
        "plain chest films (radiographs) that show pneumothorax",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield _q(
        fam,
        "count of CTs per station",
        "groups",
        _groups([s["station"] for s in studies() if any_ct(s)]),
    )
    yield _q(
        fam,
        "split all exams across modality, with counts",
        "groups",
        _groups([s["modality"] for s in studies()]),
    )
    yield _q(
        fam,
        "head cts w an intracranial hemorrhage",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield _q(
        fam,
        "patients who had a ctpa showing a pleural effusion",
        "patient",
        pids(cta, kind("pleural_effusion")),
    )
    yield _q(
        fam,
        "exam counts grouped on the study description text",
        "groups",
        _groups([s["description"] for s in studies()]),
    )
    yield _q(
        fam,
        "DX01 radiograph volume for lastyear, a number",
        "count",
        count(cxr, at_station("DX01"), in_year(2025)),
    )
    yield _q(
        fam,
        "pe cts with a nodule",
        "study",
        sids(cta, nod()),
    )
    yield _q(
        fam,
        "screening cts at ct01 in september 2026",
        "study",
        sids(ldct, at_station("CT01"), dated("2026-09-01", "2026-09-30")),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield _q(fam, "rll nodules", "study", sids(nod(in_lobe("RLL"))))
    yield _q(
        fam,
        "nodules in the left upper lobe bigger than 8 mm",
        "study",
        sids(nod(in_lobe("LUL"), gt("diameter_mm", 8))),
    )
    yield _q(
        fam,
        "how many nodule findings are in the right middle lobe",
        "count",
        len(fids(is_nodule, in_lobe("RML"))),
    )
    yield _q(
        fam,
        "how are nodule findings distributed across the five lobes (counts)",
        "groups",
        _groups([f["lobe"] for f in nodule_rows() if f["lobe"] is not None]),
    )
    yield _q(
        fam,
        "rul vs lul: number of nodule findings",
        "groups",
        _groups([f["lobe"] for f in nodule_rows(in_lobe("RUL", "LUL"))]),
    )
    yield _q(
        fam,
        "spiculated nodules in either lower lobe",
        "study",
        sids(nod(margin("spiculated"), in_lobe("RLL", "LLL"))),
    )
    yield _q(
        fam,
        "mass locatd in the LLL - exams",
        "study",
        sids(kind("mass", in_lobe("LLL"))),
    )
    yield _q(
        fam,
        "solid nodules in the middle lobe at least 6mm",
        "study",
        sids(nod(att("solid"), in_lobe("RML"), ge("diameter_mm", 6))),
    )
    yield _q(
        fam,
        "studies with a nodule in the RUL and another in the LLL",
        "study",
        sids(nod(in_lobe("RUL")), nod(in_lobe("LLL"))),
    )
    yield _q(
        fam,
        "women with a ground glass nodule in the left upper lobe",
        "patient",
        pids(sex_is("F"), nod(in_lobe("LUL"), att("ground-glass"))),
    )
    yield _q(
        fam,
        "calcified nods right lower lobe, how many findings",
        "count",
        len(fids(is_nodule, calcified, in_lobe("RLL"))),
    )
    yield _q(
        fam,
        "RUL lesion (nodule or mass) exceeding 2 cm, which studies",
        "study",
        sids(lesion(in_lobe("RUL"), gt("diameter_mm", 20))),
    )


def characteristics(rng: random.Random) -> Rows:
    fam = "characteristics"
    yield _q(
        fam,
        "spiculated ggns",
        "study",
        sids(nod(margin("spiculated"), att("ground-glass"))),
    )
    yield _q(
        fam,
        "part-solid nodule with a lobulated edge: exams",
        "study",
        sids(nod(margin("lobulated"), att("part-solid"))),
    )
    yield _q(
        fam,
        "solid nonCalcified nodule bigger than 8 mm - studies",
        "study",
        sids(nod(uncalcified, att("solid"), gt("diameter_mm", 8))),
    )
    yield _q(fam, "calcified nods", "study", sids(nod(calcified)))
    yield _q(
        fam,
        "smooth-borderd ggo,which exams",
        "study",
        sids(nod(att("ground-glass"), margin("smooth"))),
    )
    yield _q(
        fam,
        "how many subsolid nodule findings",
        "count",
        len(fids(is_nodule, subsolid)),
    )
    yield _q(
        fam,
        "total spiculated nodule findings (each nodule counted once)",
        "count",
        len(fids(is_nodule, margin("spiculated"))),
    )
    yield _q(
        fam,
        "psn >= 6mm",
        "study",
        sids(nod(att("part-solid"), ge("diameter_mm", 6))),
    )
    yield _q(
        fam,
        "exams w a calcified solid nodule that has smooth margins",
        "study",
        sids(nod(margin("smooth"), att("solid"), calcified)),
    )
    yield _q(
        fam,
        "patients with a noncalcified spiculated nodule",
        "patient",
        pids(nod(uncalcified, margin("spiculated"))),
    )
    yield _q(
        fam,
        "pure ground glass nodule whose margin is either lobulated or spiculated, by study",
        "study",
        sids(nod(att("ground-glass"), lambda f: f["margin"] in ("lobulated", "spiculated"))),
    )
    yield _q(
        fam,
        "attenuation part solid, margin smooth -> studies",
        "study",
        sids(nod(att("part-solid"), margin("smooth"))),
    )
    yield _q(
        fam,
        "solid vs part-solid vs ground-glass: nodule finding counts",
        "groups",
        _groups([f["attenuation"] for f in nodule_rows() if f["attenuation"] is not None]),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    multi = [p["patient_id"] for p in pats() if sum(map(ldct, own(p["patient_id"]))) >= 2]
    p1 = pick(rng, multi)
    lds = [s for s in own(p1) if ldct(s)]
    yield _q(
        fam,
        f"for {p1}, elapsed days from baseline screening ct to most recent screening ct",
        "value",
        float(days_between(lds[0]["study_date"], lds[-1]["study_date"])),
    )
    p2 = _first_fit(rng, multi, lambda p: own(p)[0]["study_date"] < own(p)[-1]["study_date"])
    mine = own(p2)
    yield _q(
        fam,
        f"how many months from the first to the latest scan of {p2}",
        "value",
        days_between(mine[0]["study_date"], mine[-1]["study_date"]) / 30.4375,
    )
    yield _q(
        fam,
        "who has over three years of imaging follow-up, earliest to newest exam?",
        "patient",
        history(lambda m: m[-1]["study_date"] > months_on(m[0]["study_date"], 36)),
    )
    spans: list[float] = []
    for p in pats():
        ld = [s for s in own(p["patient_id"]) if ldct(s)]
        if len({s["study_date"] for s in ld}) >= 2:
            spans.append(days_between(ld[0]["study_date"], ld[-1]["study_date"]))
    yield _q(
        fam,
        "mean span in days, first to last screening ct, across patients",
        "value",
        mean_of(spans),
    )
    gaps: list[float] = []
    for p in pats():
        ld = [s for s in own(p["patient_id"]) if ldct(s)]
        for a, b in itertools.pairwise(ld):
            gaps.append(days_between(a["study_date"], b["study_date"]))
    yield _q(
        fam,
        "typical (median) day gap separating successive screening cts",
        "value",
        median_of(gaps),
    )
    yield _q(
        fam,
        "pts with at least 24 months of follow-up between first and latest chest ct",
        "patient",
        _followed(chest_ct, 24, inclusive=True),
    )


def more_styles(rng: random.Random) -> Rows:
    """Further questions of the same families in the styles the part is short of: e-mails,
    dictation with numbers spelt out, search-box keywords and a hurried typist's slips."""
    nodes = nodule_rows()
    solid = nodule_rows(att("solid"))
    yield from ask(
        "aggregates",
        "of all solid nodules, what percentage are calcified?",
        "value",
        _share([f for f in solid if calcified(f)], solid),
    )
    yield from ask(
        "aggregates",
        "% of nodules with spiculated margins",
        "value",
        _share([f for f in nodes if f["margin"] == "spiculated"], nodes),
    )
    yield from ask(
        "aggregates",
        "what percent of all studies were head cts",
        "value",
        _share(sids(head_ct), sids()),
    )
    yield from ask(
        "aggregates",
        "percentage of 2025 studies that were ldcts",
        "value",
        _share(sids(in_year(2025), ldct), sids(in_year(2025))),
    )
    yield from ask(
        "aggregates",
        "share of patients who are male, in %",
        "value",
        _share(_pts_of(lambda p: p["sex"] == "M"), pats()),
    )
    yield from ask(
        "aggregates",
        "what fraction (%) of ct angios showed a pleural effusion",
        "value",
        _share(sids(cta, kind("pleural_effusion")), sids(cta)),
    )
    yield from ask(
        "aggregates",
        "pct of ggns that are 6 mm or larger",
        "value",
        _share(
            nodule_rows(att("ground-glass"), ge("diameter_mm", 6)), nodule_rows(att("ground-glass"))
        ),
    )
    yield from ask(
        "aggregates",
        "% of head cts that show intracranial hemorrhage",
        "value",
        _share(sids(head_ct, kind("intracranial_hemorrhage")), sids(head_ct)),
    )
    yield _q(
        "aggregates",
        "Dear team, for the audit could you tell me the mean volume of all the part-solid "
        "nodules (in mm3)? Many thanks, Dr Patel",
        "value",
        mean_of(_field(nodule_rows(att("part-solid")), "volume_mm3")),
    )
    for lobe, name in (("RLL", "right lower lobe"), ("LUL", "left upper lobe"), ("RML", "rml")):
        yield from ask(
            "growth",
            f"exams showing an enlarging nodule located in the {name}",
            "study",
            *[sids(fstudy(t)) for t in _grown(1.5, in_lobe(lobe))],
        )
    for y in (2024, 2025, 2026):
        yield from ask(
            "growth",
            f"patients whose {y} imaging showed a nodule that grew",
            "patient",
            *[pids(in_year(y), fstudy(t)) for t in _grown(1.5)],
        )
    yield from ask(
        "growth",
        "how many ground glass nodules got bigger by more than 1.5 mm",
        "count",
        *[len(fids(t)) for t in _grown(1.5, att("ground-glass"))],
    )
    yield from ask(
        "growth",
        "solid nodules that grew over four millimetres since the previous scan - which scans",
        "study",
        *[sids(fstudy(t)) for t in _grown(4.0, att("solid"))],
    )
    yield _q(
        "numbers",
        "nodules measuring between five and seven millimeters inclusive",
        "study",
        sids(nod(within("diameter_mm", 5, 7))),
    )
    yield _q(
        "numbers",
        "ground glass nodules with hu less than minus six hundred",
        "study",
        sids(nod(att("ground-glass"), lt("mean_hu", -600))),
    )
    yield _q(
        "counts",
        "how many ldcts showed four or more nodules",
        "count",
        count(ldct, _n_nods(lambda k: k >= 4)),
    )
    yield _q(
        "dates",
        "Hello, I need the number of chest CTs done in October 2026 for the monthly report, "
        "thanks!",
        "count",
        count(chest_ct, dated("2026-10-01", "2026-10-31")),
    )
    yield _q(
        "modality",
        "Hi - how many CT angios were performed at CT02 during 2025? Regards, Mark",
        "count",
        count(cta, at_station("CT02"), in_year(2025)),
    )
    # a hurried typist's slips: misspellings, run-together words, doubled letters
    yield _q("characteristics", "spiculated noduels", "study", sids(nod(margin("spiculated"))))
    yield _q(
        "characteristics",
        "calcifed solid nodules",
        "study",
        sids(nod(calcified, att("solid"))),
    )
    yield _q(
        "lung_rads",
        "screeningct 2024 with lungrads 4a",
        "study",
        sids(ldct, cat_in("4A"), in_year(2024)),
    )
    yield _q(
        "numbers",
        "nodules largerr than 15mm",
        "study",
        sids(nod(gt("diameter_mm", 15))),
    )
    yield _q(
        "demographics",
        "femal patients with a pnuemothorax",
        "patient",
        pids(sex_is("F"), kind("pneumothorax")),
    )
    yield _q(
        "modality",
        "how many head cts in 2024",
        "count",
        count(head_ct, in_year(2024)),
    )
    yield _q(
        "lobes",
        "nodules in the left lowerlobe",
        "study",
        sids(nod(in_lobe("LLL"))),
    )
    yield _q(
        "reports",
        "patinets with emphysema",
        "patient",
        pids(says("emphysema")),
    )
    yield _q(
        "set_logic",
        "pts with a pleural effusion but never a consolidaton",
        "patient",
        history(some_but_never(kind("pleural_effusion"), kind("consolidation"))),
    )
    yield _q(
        "dates",
        "jully 2025 screening cts performed",
        "study",
        sids(ldct, dated("2025-07-01", "2025-07-31")),
    )
    yield _q(
        "intervals",
        "pts followed for more than two years from first to latest ldct",
        "patient",
        _followed(ldct, 24, inclusive=False),
    )


def shares(rng: random.Random) -> Rows:
    """Percentages drawn among candidates whose share falls within 0.005 of a tenth (a value
    the reader may round to 0.1 stays exact)."""
    fam = "aggregates"
    cands: list[tuple[str, Sequence[Any], Sequence[Any]]] = []
    kinds = {"ldct": ldct, "head ct": head_ct, "chest x-ray": cxr, "ct angio": cta}
    for y in (2023, 2024, 2025, 2026):
        for name, test in kinds.items():
            cands.append(
                (f"what % of {y} studies were a {name}", sids(in_year(y), test), sids(in_year(y)))
            )
        for st in ("CT01", "CT02"):
            cands.append(
                (
                    f"share of {y} cts done at {st.lower()}, as a percentage",
                    sids(any_ct, in_year(y), at_station(st)),
                    sids(any_ct, in_year(y)),
                )
            )
        lds = sids(ldct, in_year(y))
        for c in ("1", "2", "3", "4A", "4X"):
            cands.append(
                (
                    f"of the {y} screening cts, how many percent were graded lung-rads {c.lower()}",
                    sids(ldct, in_year(y), cat_in(c)),
                    lds,
                )
            )
    for a in ("solid", "part-solid", "ground-glass"):
        rows = nodule_rows(att(a))
        for m in ("smooth", "lobulated", "spiculated"):
            cands.append(
                (
                    f"of all {a} nodules, what share (%) have {m} margins",
                    [f for f in rows if f["margin"] == m],
                    rows,
                )
            )
    order = list(cands)
    rng.shuffle(order)
    used: set[str] = set()  # one question per wording (its text up to the first digit)
    for question, part, whole in order:
        shape = re.sub(r"[0-9]+[a-z]?", "", question)
        value = _share(part, whole)
        if value is not None and shape not in used and len(used) < 7:
            used.add(shape)
            yield _q(fam, question, "value", value)


FAMILIES = [
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
    characteristics,
    intervals,
    more_styles,
    shares,
]


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
