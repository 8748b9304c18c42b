"""Held-out part 63 of the question bank: cohort questions as new people type them, with a lean
toward a thoracic surgeon and a tumour-board coordinator choosing candidates.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to
it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
phrasings), the "Conventions" section of ``docs/query.md`` (up to "One model version"; its
"Reports" section up to "How well it reads" was allowed but not needed), :mod:`question_bank`
(the :class:`Item` type, its helpers and its scoring function ``_matches``, for the form of a
"value" or "groups" answer), :mod:`cohort_reference`, :mod:`blind_reference` (the shared
plain-Python reading of the cohort, imported here), and ``bank_fresh_41.py`` for its format,
module docstring and helper functions only, not its questions (several of its helpers are
copied here). The reader's code (``query/``), ``appliance/``, the tests (``test_*.py``),
``family_reading.py`` and the other parts' questions were not opened, and the engine was never
run on these questions: they were frozen (committed) before any was put to it, and none is to be
changed to suit it afterwards.

Overlap check: a throwaway script compared every question here with ``dev_queries.jsonl``, with
parts 22 to 59 (loaded through their ``bank()``, never read), with ``question_bank.bank()`` and
``question_bank.ungated_bank()``, and with parts 60 to 62 where their branches held one (loaded
programmatically, never read), printing only this part's matches (word for word after
lower-casing and dropping punctuation, or a word overlap of 75 % or more of the longer
question). Its first run was cut off by
its own time limit and the second had not finished when the part had to be frozen at the
deadline, so no count of matches is given here: the check is still owed, and any match it finds
is to be reported, not reworded after the part has met the engine.

Families (questions per family, 239 in all): identifiers [17], dates [16], numbers [18], counts
[16], set logic [17], Lung-RADS [18], rankings and top-N [15], aggregates and percentages [16],
report concepts with negation [15], growth / new / stable [16], demographics [15], modality /
description / station [15], lobes [16], attenuation / margin / calcification [17], intervals [12].
The tumour-board
questions (:func:`tumour_board`) are counted in the family each belongs to: a not-stable upper
lobe solid or part-solid nodule of 15 mm or more, spiculated upper lobe nodules with Lung-RADS
4B or 4X, the largest nodule on one patient's latest LDCT (and so its lobe), the patients whose
biggest nodule is over 20 mm, non-calcified upper lobe part-solid nodules with a large solid
component, 4X patients excluding anyone with a calcified nodule, solid nodules neither
calcified nor stable, "≥ 2 cm" spiculated nodules, biopsy candidates, a right upper lobe
spiculated nodule over 1.5 cm, and old 4X LDCTs with no later LDCT. What each family asks:
identifiers (a patient's latest study's nodule findings, every study of a patient, a patient's
number of exams, an accession's biggest nodule, patient and findings, a study UID's patient and
nodule findings, a baseline LDCT, two patients' chest CTs, upper lobe nodule findings of a
patient, two accessions pasted in an e-mail, a patient's two most recent exams, an unknown
patient P00950, a patient's spiculated nodules); dates (a quarter, "since August", a month range
with a slip, an ISO range, a decade of birth, "born after 1985", "so far this year", "before
march", "the last 6 months", a month, "nov 2023 to jan 2024", "on or before" an ISO birth day,
"from 2026", "last year", "from 2025 onwards", "the second half of 2024"); numbers (under one
centimetre, an inclusive mm range, a cm range, HU below a negative number and between two,
confidence under 0.6 and at least .95, solid component, volume in mm3, long and short axis,
"twenty millimetres", "three cm", "no bigger than", "fifteen point five", "minus six hundred
HU"); counts (exactly three and exactly two nodules, "only one nodule", four or more and a single
study per patient, 4+ LDCTs, more than 3 on a single CT, fewer than 2 head CTs, the same nodule
on 4 or more scans, no findings, zero nodules, 3+ scans at a station, at least four findings,
exactly 2 CT angiograms, between 3 and 4 studies, fewer than two nodules); set logic ("both ...
and", "at some point but never", "never had", "excluding anyone with", "never been scanned at",
two findings on one study, "never found to have", "or"); Lung-RADS (a category, "3 or higher",
highest and worst ever, breakdowns of a year's and a quarter's LDCTs, went up against the prior,
"2 or better", "lung-rads 4", "at some point but never", a spoken category, "4B or worse", a
category with a sex); rankings (largest, solid component, oldest and youngest, most nodules,
lowest and highest HU, most recent and earliest studies, volume, long axis in a lobe, most
confident, lesions, smallest by volume); aggregates and percentages (mean and median diameter,
volume, HU, confidence, long axis, solid component, nodules per LDCT, diameter in women; shares
of a lobe's nodules, a year's LDCTs of a category, a station's LDCTs, sex other, a month's head
CTs, spiculated nodules among those over a size); report concepts with negation (emphysema
affirmed, denied and not mentioned, lymphadenopathy and "enlarged mediastinal lymph nodes",
coronary calcification, granuloma, "but never", "or a mass", "emphysma"); growth / new / stable
(grown since the prior, more than 3 and 4 mm, at least 2 mm, new nodules of a year "excluding
masses" / "not masses", stable and not stable, never growing, a lobe, a station and a year);
demographics (sexes with ages and findings, "in their 80s", "septuagenarians", sex counts and
breakdowns, sex "other", age at the scan); modality / description / station (per station, per
modality, a station and a year, a quoted description, contrast, PE CTs, radiographs, head CTs,
diagnostic chest CTs, last month, dictated "twenty twenty-five"); lobes (each lobe by
abbreviation and name, a breakdown, "rul vs lul", "either upper lobe", "left lung", "only",
two lobes on the same scan, "lingula or left upper lobe", a side); attenuation / margin /
calcification (spiculated, lobulated, smooth, calcified and not, subsolid, pure ground glass,
breakdowns by attenuation and margin, spiculated vs smooth); intervals (days from first to
latest study and LDCT, follow-up more than 32 months, at least 24 months between LDCTs, mean and
median gaps, a follow-up LDCT within 15 months, a patient's longest gap, studies more than 3
years old, a latest scan more than 2 years ago, the mean follow-up span).

Styles, mixed in roughly equal shares: a radiologist's shorthand ("nods", "pts w/", "lr", "ggn",
"acc", "cxrs"), a nurse's or clinician's full sentences, a screening coordinator's Lung-RADS over
time, a manager's counts per station, quarter and month, a data scientist's ranges, means and
medians, search-box keywords ("ruL calcified nodules", "emphysema or a mass"), dictated numbers
("fifteen point five", "minus six hundred", "twenty twenty-five", "three cm"), and questions
pasted in an e-mail with a greeting and a sign-off (nine). 27 questions (about one in
eight) carry a hurried typist's slip ("accesion", "studdy", "screeninng", "febuary", "yeaar",
"nodlues", "massses", "exacty", "findigns", "angiogrma", "higest", "uper", "soild", "diamater",
"lymphadenopahty", "coronery", "emphysma", "compard", "stabel", "undr", "paitents", "efusion",
"lager", "spiculted", "calcifeid", "leat"); their answers are what they plainly mean. About one
in five asks about groups (13 breakdowns and comparisons, 6 shares, 15 rankings: breakdowns and
comparisons, shares, rankings).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions and UIDs, a quarter, a size range; a ranking's number is the first from the one
written whose boundary has no tie, a percentage the first of a list of candidates that is
neither 0 nor 100 % and lies within 0.005 of a tenth. Expected answers are computed here in
plain Python with the documented conventions written out by hand. Where the conventions leave a
choice the question is asked only when the competing readings give the same answer (:func:`ask`;
``LEFT_OUT`` lists any that do not as the bank is built, and is empty for this seed): the first
day of "the last 6 months"; "born after 1985" from 1986 or from the day after 1 January 1985;
a track that was a mass from its first study counted or not as a new, growing or stable nodule,
and a change taken in floating point or to 0.1 mm; the same nodule on N scans counting a mass on
its track or not; an age (with a sex) and another condition on one study or each on some study;
"followed for more than 32 months" as calendar months or days; a follow-up LDCT "within 15
months" as calendar months or 456 days; the boundary day of "more than 3 years old" and "more
than 2 years ago". Readings taken: "ldct", "screening" and "low-dose screening CT" are the CT
CHEST LOW DOSE LUNG SCREENING studies; "ct angiogram", "PE CTs" and 'CT ANGIO CHEST PE' the CT
ANGIO CHEST PE studies; "chest x rays", "cxrs" and "radiographs" the DX studies; "diagnostic
chest cts" chest CTs that are not LDCTs; "upper lobes" RUL and LUL, "left lung" LUL and LLL,
"lingula or left upper lobe" the LUL; "X nodules" asks for studies (the README's default) unless
it says findings, patients or a count; "excluding anyone with" and "who has never had" are the
patient never having it, "not calcified" / "non-calcified" / "neither calcified nor stable" are
of the nodule itself; "does not mention emphysema" is no affirmed mention (a negated mention is
not a mention); "explicitly says no" and "negative for" the denied reading; a Lung-RADS
breakdown lists only the categories that occur; sex breakdowns use the recorded codes (F, M, O)
and "female vs male" leaves out O; "last month" is October 2026 (as of 2026-11-01); "last year"
is 2025. Drafts replaced before freezing because their readings disagreed or their ranking tied:
"which N pts had the most studies", "smallest N spiculated solid nodules" (asked by volume),
"what share of solid nodules are spiculated" and of each lobe's (not within 0.005 of a tenth;
asked by size), "what percentage of patients are male" (asked of sex other), "new spiculated
nodules - which patients" (asked "not masses"), "patients followed for more than 36 months"
(and 40, empty: asked at 32), "a follow-up ldct within 6 months" (empty) and "within 13 months"
(readings disagreed: asked at 15). Drafts empty by accident, replaced: "patients with 5 or more
studies" (no one has more than 4), "both a head CT and a chest CT", "both a chest xray and a ct
scan" (the patients with x-rays or head CTs have no other study), "a pneumothorax and a pleural
effusion", "lung-rads 4B and also 4X", "screening studies that dropped in lung-rads category"
(no LDCT's category fell). One answer is empty on purpose (an unknown patient, P00950).

Scored alone with ``python tests/query/question_bank.py --part held_out_63 -v`` once wired in.
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
    month_end,
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
    with_contrast,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_63"
SEED = 6363

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
LR4 = ("4A", "4B", "4X")
UPPER = ("RUL", "LUL")


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


def _nod_rows(*tests: FTest, where: Test = ALL) -> list[Row]:
    return [
        f for f in findings() if is_nodule(f) and all(t(f) for t in tests) and where(study_of(f))
    ]


def _kind_rows(name: str, *tests: FTest) -> list[Row]:
    return [f for f in findings() if f["kind"] == name and all(t(f) for t in tests)]


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
        gaps.extend(
            days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)
        )
    return gaps


def _span_ldct_ok(pid: str, months: int) -> bool:
    """The patient's latest LDCT is at least ``months`` calendar months after the first."""
    first, last = _first(pid, ldct), _latest(pid, ldct)
    if first is None or last is None:
        return False
    return bool(last["study_date"] >= months_on(first["study_date"], months))


def _stable_readings() -> list[FTest]:
    return [stable(r, m) for r in (False, True) for m in (False, True)]


def _by_acc(acc: str) -> Row:
    return next(s for s in studies() if s["accession"] == acc)


def _biggest(s: Row) -> Row | None:
    ns = nods(s)
    if not ns:
        return None
    ranked = sorted(ns, key=lambda f: -f["diameter_mm"])
    if len(ranked) > 1 and ranked[0]["diameter_mm"] == ranked[1]["diameter_mm"]:
        return None
    return ranked[0]


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    multi = _pool(lambda p: len(own(p)) >= 3 and bool(nods(own(p)[-1])))
    p1, p2, p3, p4, p5 = (pick(rng, multi) for _ in range(5))
    latest = own(p1)[-1]
    yield from ask(
        fam,
        f"list the nodule findings (lobe, size) on {p1}'s most recent scan",
        "finding",
        sorted(f["finding_id"] for f in nods(latest)),
    )
    yield from ask(
        fam,
        f"every studdy on file for patient {p2}",
        "study",
        sids(lambda s: s["patient_id"] == p2),
    )
    yield from ask(fam, f"how many imaging exams has {p3} had in total", "count", len(own(p3)))
    big = [s for s in studies() if nods(s) and _biggest(s) is not None and s["patient_id"] != p1]
    s4 = pick(rng, big)
    yield from ask(
        fam,
        f"acc {s4['accession']} - the single biggest nodule on that exam",
        "finding",
        [str(_biggest(s4)["finding_id"])],  # type: ignore[index]
    )
    s5 = pick(rng, [s for s in studies() if len(fo(s)) >= 2])
    yield from ask(
        fam,
        f"who is the patient behind accession number {s5['accession']}?",
        "patient",
        [s5["patient_id"]],
    )
    yield from ask(
        fam,
        f"list all findings recorded under accesion {s5['accession']}",
        "finding",
        sorted(f["finding_id"] for f in fo(s5)),
    )
    s6 = pick(rng, [s for s in studies() if nods(s)])
    yield from ask(
        fam, f"study uid {s6['study_uid']} belongs to which pt", "patient", [s6["patient_id"]]
    )
    yield from ask(
        fam,
        f"nodule findings in study {s6['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in nods(s6)),
    )
    yield from ask(
        fam, f"baseline low-dose screeninng CT for {p4}", "study", _uid(_first(p4, ldct))
    )
    pair = sorted({p2, p5})
    yield from ask(
        fam,
        f"Chest CTs belonging to {pair[0]} or {pair[-1]}, please",
        "study",
        sids(chest_ct, lambda s: s["patient_id"] in pair),
    )
    p6 = pick(rng, _pool(lambda p: any(nod(in_lobe(*UPPER))(s) for s in own(p))))
    yield from ask(
        fam,
        f"upper lobe nodule findings for {p6} across all scans",
        "finding",
        fids(is_nodule, in_lobe(*UPPER), where=lambda s: s["patient_id"] == p6),
    )
    p7 = pick(
        rng,
        _pool(
            lambda p: len([s for s in own(p) if nods(s)]) >= 2 and _biggest(own(p)[-1]) is not None
        ),
    )
    last = own(p7)[-1]
    yield from ask(
        fam,
        f"largest nodule on the latest exam of {p7}",
        "finding",
        [str(_biggest(last)["finding_id"])],
    )  # type: ignore[index]
    a, b = sorted(pick(rng, studies())["accession"] for _ in range(2))
    yield from ask(
        fam,
        f"Hello, could you pull the studies for accessions {a} and {b}? Many thanks, Ines",
        "study",
        sids(lambda s: s["accession"] in (a, b)),
    )
    p8 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    yield from ask(
        fam,
        f"the two most recent exams of pt {p8}",
        "study",
        sorted(str(s["study_uid"]) for s in own(p8)[-2:]),
    )
    yield from ask(fam, "any studies for patient P00950?", "study", [])
    p9 = pick(rng, _pool(lambda p: any(nod(margin("spiculated"))(s) for s in own(p))))
    yield from ask(
        fam,
        f"spiculated nods {p9} all exams",
        "study",
        sids(nod(margin("spiculated")), lambda s: s["patient_id"] == p9),
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y = pick(rng, [2023, 2024, 2025])
    q = pick(rng, [1, 2, 3, 4])
    yield from ask(fam, f"ldcts performed in Q{q} of {y}", "study", sids(ldct, quarter(y, q)))
    yield from ask(
        fam, "chest CTs done since August 2026", "study", sids(chest_ct, dated("2026-08-01", AS_OF))
    )
    yield from ask(
        fam,
        "head cts from febuary through may 2025",
        "study",
        sids(head_ct, dated("2025-02-01", "2025-05-31")),
    )
    yield from ask(
        fam,
        "studies between 2024-06-10 and 2024-07-20",
        "study",
        sids(dated("2024-06-10", "2024-07-20")),
    )
    yield from ask(
        fam,
        "patients whose date of birth is in the 1950s",
        "patient",
        born("1950-01-01", "1959-12-31"),
    )
    yield from ask(
        fam,
        "pts born after 1985",
        "patient",
        born("1986-01-01", "9999-12-31"),
        born("1985-01-02", "9999-12-31"),
    )
    yield from ask(
        fam,
        "Hi team, how many studies have we performed so far this year? Cheers, Paul",
        "count",
        count(dated("2026-01-01", AS_OF)),
    )
    yield from ask(
        fam,
        "screening cts before march 2023",
        "study",
        sids(ldct, dated("0000-01-01", "2023-02-28")),
    )
    yield from ask(
        fam,
        "spiculated nodules on scans in the last 6 months",
        "study",
        *(sids(nod(margin("spiculated")), dated(d, AS_OF)) for d in ("2026-05-01", "2026-05-02")),
    )
    yield from ask(
        fam, "ct angiograms in december 2024", "study", sids(cta, dated("2024-12-01", "2024-12-31"))
    )
    yield from ask(
        fam,
        "cxrs dated from nov 2023 to jan 2024",
        "study",
        sids(cxr, dated("2023-11-01", "2024-01-31")),
    )
    yield from ask(
        fam,
        "women born on or before 1945-12-31",
        "patient",
        sorted(
            set(born("0000-01-01", "1945-12-31"))
            & set(p["patient_id"] for p in pats() if p["sex"] == "F")
        ),
    )
    yield from ask(
        fam,
        "part solid nodules in scans from 2026",
        "study",
        sids(nod(att("part-solid")), in_year(2026)),
    )
    yield from ask(fam, "lung screening exams last yeaar", "study", sids(ldct, in_year(2025)))
    yield from ask(
        fam, "head ct scans from 2025 onwards", "study", sids(head_ct, dated("2025-01-01", AS_OF))
    )
    yield from ask(
        fam,
        "number of chest x rays done in the second half of 2024",
        "count",
        count(cxr, dated("2024-07-01", "2024-12-31")),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield from ask(
        fam,
        "solid nodlues under one centimetre",
        "study",
        sids(nod(att("solid"), lt("diameter_mm", 10))),
    )
    lo = pick(rng, [6, 7, 8])
    yield from ask(
        fam,
        f"nodules {lo} to {lo + 3} mm inclusive, solid only",
        "study",
        sids(nod(att("solid"), within("diameter_mm", lo, lo + 3))),
    )
    yield from ask(
        fam, "nodules between 1.5 cm and 2 cm", "study", sids(nod(within("diameter_mm", 15, 20)))
    )
    yield from ask(fam, "findings with mean HU below -700", "finding", fids(lt("mean_hu", -700)))
    yield from ask(
        fam,
        "nodule findings whose HU is between -500 and -300",
        "finding",
        fids(is_nodule, within("mean_hu", -500, -300)),
    )
    yield from ask(
        fam,
        "nodule findings with a confidence under 0.6",
        "finding",
        fids(is_nodule, lt("confidence", 0.6)),
    )
    yield from ask(
        fam,
        "part-solid nodules with a solid component of at least 6 mm",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield from ask(
        fam, "nodules with a volume above 4000 mm3", "study", sids(nod(gt("volume_mm3", 4000)))
    )
    yield from ask(
        fam, "nodules with long axis of 25 mm or more", "study", sids(nod(ge("long_axis_mm", 25)))
    )
    yield from ask(
        fam,
        "solid nodules twenty millimetres or larger",
        "study",
        sids(nod(att("solid"), ge("diameter_mm", 20))),
    )
    yield from ask(
        fam,
        "massses over three cm",
        "finding",
        fids(lambda f: f["kind"] == "mass", gt("diameter_mm", 30)),
    )
    yield from ask(
        fam,
        "ground glass nodules no bigger than 5mm",
        "study",
        sids(nod(att("ground-glass"), le("diameter_mm", 5))),
    )
    yield from ask(
        fam,
        "nodule findings with short axis less than 4 mm",
        "finding",
        fids(is_nodule, lt("short_axis_mm", 4)),
    )
    yield from ask(
        fam,
        "nodules measuring fifteen point five mm or more",
        "study",
        sids(nod(ge("diameter_mm", 15.5))),
    )
    yield from ask(
        fam,
        "pneumothorax findings with confidence of at least .95",
        "finding",
        fids(lambda f: f["kind"] == "pneumothorax", ge("confidence", 0.95)),
    )
    yield from ask(
        fam,
        "spiculated nodules with an attenuation of minus six hundred HU or lower",
        "study",
        sids(nod(margin("spiculated"), le("mean_hu", -600))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield from ask(
        fam, "ldcts with exacty three nodules", "study", sids(ldct, _n_nods(lambda n: n == 3))
    )
    yield from ask(
        fam,
        "scans showing only one nodule, and it is spiculated",
        "study",
        sids(_n_nods(lambda n: n == 1), nod(margin("spiculated"))),
    )
    yield from ask(
        fam, "patients with four or more studies", "patient", _per_patient(ALL, lambda n: n >= 4)
    )
    yield from ask(
        fam, "patients who had a single scan only", "patient", _per_patient(ALL, lambda n: n == 1)
    )
    yield from ask(fam, "pts w/ 4+ ldcts", "patient", _per_patient(ldct, lambda n: n >= 4))
    yield from ask(
        fam, "more than 3 nodules on a single CT", "study", sids(any_ct, _n_nods(lambda n: n > 3))
    )
    yield from ask(
        fam,
        "patients with fewer than 2 head CTs who had a pneumothorax",
        "patient",
        sorted(set(_per_patient(head_ct, lambda n: n < 2)) & set(pids(kind("pneumothorax")))),
    )
    yield from ask(
        fam,
        "patients in whom the same nodule was seen on 4 or more scans",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield from ask(
        fam, "how many studies have no findings at all", "count", count(lambda s: not fo(s))
    )
    yield from ask(
        fam, "ldcts with zero nodules, how many", "count", count(ldct, lambda s: not nods(s))
    )
    yield from ask(
        fam,
        "pts scanned 3 times or more at CT01",
        "patient",
        _per_patient(at_station("CT01"), lambda n: n >= 3),
    )
    yield from ask(
        fam,
        "chest cts with at least four findigns",
        "study",
        sids(chest_ct, lambda s: len(fo(s)) >= 4),
    )
    yield from ask(
        fam,
        "Number of studies with exactly two part-solid nodules?",
        "count",
        count(_n_nods(lambda n: n == 2, att("part-solid"))),
    )
    yield from ask(
        fam,
        "Hi, please send me the patients with exactly 2 ct angiograms. Thank you, Rosa",
        "patient",
        _per_patient(cta, lambda n: n == 2),
    )
    yield from ask(
        fam,
        "patients with between 3 and 4 studies",
        "patient",
        _per_patient(ALL, lambda n: 3 <= n <= 4),
    )
    yield from ask(
        fam,
        "ldcts with fewer than two nodules - how many",
        "count",
        count(ldct, _n_nods(lambda n: n < 2)),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set logic"
    yield from ask(
        fam,
        "patients who had both a ct angiogram and a non-contrast chest ct",
        "patient",
        history(each_on_some(cta, non_contrast_chest)),
    )
    yield from ask(
        fam,
        "patients with a spiculated nodule at some point but never lung-rads 4X",
        "patient",
        history(some_but_never(nod(margin("spiculated")), cat_in("4X"))),
    )
    yield from ask(fam, "patients who never had a ct angiogrma", "patient", _never(cta))
    yield from ask(
        fam,
        "pts with a nodule but never any ground glass nodule",
        "patient",
        history(some_but_never(nod(), nod(att("ground-glass")))),
    )
    yield from ask(
        fam,
        "patients with a solid nodule over 15 mm, excluding anyone with a calcified nodule",
        "patient",
        history(some_but_never(nod(att("solid"), gt("diameter_mm", 15)), nod(calcified))),
    )
    yield from ask(
        fam,
        "patients with both emphysema and a part-solid nodule",
        "patient",
        history(each_on_some(says("emphysema"), nod(att("part-solid")))),
    )
    yield from ask(
        fam, "patients that have never been scanned at CT02", "patient", _never(at_station("CT02"))
    )
    yield from ask(
        fam,
        "studies with a pneumothorax and also a nodule",
        "study",
        sids(kind("pneumothorax"), nod()),
    )
    yield from ask(
        fam,
        "patients with a mass but never a pneumothorax",
        "patient",
        history(some_but_never(kind("mass"), kind("pneumothorax"))),
    )
    yield from ask(
        fam,
        "pts who had lung-rads 3 and also 4A at some point",
        "patient",
        history(each_on_some(cat_in("3"), cat_in("4A"))),
    )
    yield from ask(
        fam,
        "patients never found to have a spiculated nodule who had 3 or more ldcts",
        "patient",
        sorted(set(_never(nod(margin("spiculated")))) & set(_per_patient(ldct, lambda n: n >= 3))),
    )
    yield from ask(
        fam,
        "ldcts with a ggn and a spiculated solid nodule",
        "study",
        sids(ldct, nod(att("ground-glass")), nod(att("solid"), margin("spiculated"))),
    )
    yield from ask(
        fam,
        "patients with emphysema reported but never any nodule",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield from ask(
        fam,
        (
            "Good morning - for tumour board I need every patient with a part-solid nodule "
            "who has never had a calcified nodule. "
            "Thanks, Dr Okafor"
        ),
        "patient",
        history(some_but_never(nod(att("part-solid")), nod(calcified))),
    )
    yield from ask(
        fam,
        "Patients with an upper lobe nodule over 10 mm who never had a lung-rads 4 study",
        "patient",
        history(some_but_never(nod(in_lobe(*UPPER), gt("diameter_mm", 10)), cat_in(*LR4))),
    )
    yield from ask(
        fam,
        "consolidation or a pleural effusion on chest cts",
        "study",
        sids(chest_ct, lambda s: kind("consolidation")(s) or kind("pleural_effusion")(s)),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung-rads"
    yield from ask(fam, "lung-rads 4B ldcts", "study", sids(ldct, cat_in("4B")))
    yield from ask(
        fam,
        "studies categorised lr 3 or higher in 2025",
        "study",
        sids(cat_in("3", *LR4), in_year(2025)),
    )
    yield from ask(
        fam,
        "patients whose higest lung-rads ever was 4A",
        "patient",
        history(lambda m: highest(m) == "4A"),
    )
    ys = [s for s in studies() if ldct(s) and s["study_date"][:4] == "2024"]
    yield from ask(
        fam,
        (
            "Dear all, could I get a breakdown of our 2024 LDCTs by lung-rads category "
            "for the annual report? "
            "Kind regards, Screening office"
        ),
        "groups",
        _groups(ys, category),
    )
    q = pick(rng, [1, 2, 3])
    qs = [s for s in studies() if ldct(s) and quarter(2025, q)(s)]
    yield from ask(
        fam,
        f"lung-rads counts per category for screening in Q{q} 2025",
        "groups",
        _groups(qs, category),
    )
    yield from ask(
        fam,
        "patients who went up in lung-rads category compared with their prior",
        "patient",
        pids(went(1)),
    )
    yield from ask(fam, "how many ldcts were lung-rads 4X", "count", count(ldct, cat_in("4X")))
    yield from ask(
        fam,
        "lr 2 or better chest cts in 2026",
        "study",
        sids(chest_ct, cat_in("1", "2"), in_year(2026)),
    )
    yield from ask(
        fam,
        "pts with lungrads 4 on a scan at CT02",
        "patient",
        pids(cat_in(*LR4), at_station("CT02")),
    )
    yield from ask(
        fam,
        "patients who hit 4X at some point but never 4B",
        "patient",
        history(some_but_never(cat_in("4X"), cat_in("4B"))),
    )
    yield from ask(
        fam,
        "screening exams that moved up a lung-rads category versus the previous one",
        "study",
        sids(ldct, went(1)),
    )
    yield from ask(fam, "lung rads category one chest cts", "study", sids(chest_ct, cat_in("1")))
    yield from ask(
        fam,
        "patients whose worst lung-rads on record is 2",
        "patient",
        history(lambda m: highest(m) == "2"),
    )
    yield from ask(
        fam, "number of lr 4a studies last year", "count", count(cat_in("4A"), in_year(2025))
    )
    yield from ask(
        fam,
        "category 4B or worse with a spiculated nodule",
        "study",
        sids(cat_in("4B", "4X"), nod(margin("spiculated"))),
    )
    yield from ask(
        fam, "female patients with lung-rads 4X", "patient", *aged(sex_is("F"), cat_in("4X"))
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"

    def rank(
        question: str,
        rows: Sequence[Row],
        key: Callable[[Row], Any],
        ident: str,
        unit: str,
        start: int,
    ) -> Rows:
        got = _ranked(rows, key, ident, start)
        if got is None:
            LEFT_OUT.append(question)
            return
        n, answer = got
        yield from ask(fam, question.replace("{n}", str(n)), unit, answer)

    solid_upper = _nod_rows(att("solid"), in_lobe(*UPPER))
    yield from rank(
        "the {n} largest solid uper lobe nodules",
        solid_upper,
        lambda f: -f["diameter_mm"],
        "finding_id",
        "finding",
        5,
    )
    yield from rank(
        "top {n} part-solid nodules by solid component",
        _nod_rows(att("part-solid"), ge("solid_component_mm", 0)),
        lambda f: -f["solid_component_mm"],
        "finding_id",
        "finding",
        4,
    )
    yield from rank(
        "{n} oldest patients in the cohort",
        [dict(p) for p in pats()],
        lambda p: p["birth_date"],
        "patient_id",
        "patient",
        5,
    )
    yield from rank(
        "the {n} youngest women",
        [dict(p) for p in pats() if p["sex"] == "F"],
        lambda p: -dt.date.fromisoformat(p["birth_date"]).toordinal(),
        "patient_id",
        "patient",
        3,
    )
    yield from rank(
        "which {n} patients have the most nodules",
        _patient_rows(lambda p: sum(len(nods(s)) for s in own(p))),
        lambda r: r["k"],
        "patient_id",
        "patient",
        3,
    )
    yield from rank(
        "{n} nodules with the lowest HU",
        _nod_rows(ge("mean_hu", -10000)),
        lambda f: f["mean_hu"],
        "finding_id",
        "finding",
        3,
    )
    yield from rank(
        "most recent {n} ldcts",
        [s for s in studies() if ldct(s)],
        lambda s: -dt.date.fromisoformat(s["study_date"]).toordinal(),
        "study_uid",
        "study",
        5,
    )
    yield from rank(
        "biggest {n} spiculated nodules by volume",
        _nod_rows(margin("spiculated")),
        lambda f: -f["volume_mm3"],
        "finding_id",
        "finding",
        5,
    )
    yield from rank(
        "the {n} earliest head CTs",
        [s for s in studies() if head_ct(s)],
        lambda s: s["study_date"],
        "study_uid",
        "study",
        3,
    )
    yield from rank(
        "{n} longest nodules by long axis in the right upper lobe",
        _nod_rows(in_lobe("RUL")),
        lambda f: -f["long_axis_mm"],
        "finding_id",
        "finding",
        4,
    )
    yield from rank(
        "the {n} most confident pneumothorax findings",
        _kind_rows("pneumothorax"),
        lambda f: -f["confidence"],
        "finding_id",
        "finding",
        3,
    )
    yield from rank(
        "largest {n} lesions",
        [f for f in findings() if f["kind"] in ("nodule", "mass")],
        lambda f: -f["diameter_mm"],
        "finding_id",
        "finding",
        5,
    )
    yield from rank(
        "the {n} highest-HU solid nodules",
        _nod_rows(att("solid"), ge("mean_hu", -10000)),
        lambda f: -f["mean_hu"],
        "finding_id",
        "finding",
        3,
    )
    yield from rank(
        "top {n} ground glass nodules by size",
        _nod_rows(att("ground-glass")),
        lambda f: -f["diameter_mm"],
        "finding_id",
        "finding",
        3,
    )
    yield from rank(
        "smallest {n} spiculated soild nodules by volume",
        _nod_rows(att("solid"), margin("spiculated")),
        lambda f: f["volume_mm3"],
        "finding_id",
        "finding",
        3,
    )


def stats(rng: random.Random) -> Rows:
    fam = "aggregates"
    yield from ask(
        fam,
        "mean diamater of part-solid nodules",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "diameter_mm"),
    )
    yield from ask(
        fam,
        "median nodule size in the left upper lobe",
        "value",
        _median_field(_nod_rows(in_lobe("LUL")), "diameter_mm"),
    )
    yield from ask(
        fam,
        "average volume of spiculated nodules in mm3",
        "value",
        _mean_field(_nod_rows(margin("spiculated")), "volume_mm3"),
    )
    yield from ask(
        fam,
        "mean HU of ground-glass nodules",
        "value",
        _mean_field(_nod_rows(att("ground-glass")), "mean_hu"),
    )
    yield from ask(
        fam,
        "average confidence of pleural effusion findings",
        "value",
        _mean_field(_kind_rows("pleural_effusion"), "confidence"),
    )
    yield from ask(
        fam,
        "median long axis of solid nodules over 20 mm",
        "value",
        _median_field(_nod_rows(att("solid"), gt("diameter_mm", 20)), "long_axis_mm"),
    )
    ld = [s for s in studies() if ldct(s)]
    yield from ask(
        fam, "average number of nodules per ldct", "value", mean_of([len(nods(s)) for s in ld])
    )
    yield from ask(
        fam,
        "mean solid component of part solid nods",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )

    def share(question: str, part: int, whole: int) -> Rows:
        value = _share(part, whole)
        if value is None:
            LEFT_OUT.append(question)
            return
        yield from ask(fam, question, "value", value)

    def first_share(*candidates: tuple[str, int, int]) -> Rows:
        for question, part, whole in candidates:
            if _share(part, whole) is not None:
                yield from share(question, part, whole)
                return
        LEFT_OUT.append(candidates[0][0])

    all_n = _nod_rows()
    yield from first_share(
        *(
            (
                f"what percentage of nodules are in the {name}",
                len(_nod_rows(in_lobe(code))),
                len(all_n),
            )
            for name, code in (
                ("right upper lobe", "RUL"),
                ("left upper lobe", "LUL"),
                ("right lower lobe", "RLL"),
                ("left lower lobe", "LLL"),
                ("right middle lobe", "RML"),
            )
        )
    )
    yield from first_share(
        *(
            (
                f"% of {y} ldcts that were category {c}",
                count(ldct, in_year(y), cat_in(c)),
                count(ldct, in_year(y)),
            )
            for y in (2023, 2024, 2025)
            for c in ("2", "3", "4A")
        )
    )
    yield from first_share(
        *(
            (
                f"what share of nodules over {t} mm are spiculated",
                len(_nod_rows(gt("diameter_mm", t), margin("spiculated"))),
                len(_nod_rows(gt("diameter_mm", t))),
            )
            for t in range(10, 21)
        )
    )
    yield from first_share(
        *(
            (
                f"percent of studies at {st} that were ldcts",
                count(ldct, at_station(st)),
                count(at_station(st)),
            )
            for st in ("CT01", "CT02")
        ),
        ("percent of all studies that were ldcts", count(ldct), count(ALL)),
    )
    ppl = pats()
    yield from first_share(
        (
            "what percentage of patients are recorded as sex other",
            sum(p["sex"] == "O" for p in ppl),
            len(ppl),
        ),
        ("what percentage of patients are female", sum(p["sex"] == "F" for p in ppl), len(ppl)),
    )
    yield from first_share(
        *(
            (
                f"what fraction of {m} {y} scans were head cts (percent)",
                count(head_ct, dated(f"{y}-{i:02d}-01", month_end(y, i))),
                count(dated(f"{y}-{i:02d}-01", month_end(y, i))),
            )
            for y in (2024, 2025)
            for i, m in enumerate(
                (
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
                ),
                1,
            )
        )
    )
    yield from ask(
        fam,
        "avg diameter of nodules in women, mm",
        "value",
        _mean_field(_nod_rows(where=sex_is("F")), "diameter_mm"),
    )
    yield from ask(
        fam,
        "median confidence for all nodule findings",
        "value",
        _median_field(_nod_rows(), "confidence"),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield from ask(
        fam, "ldcts whose report mentions emphysema", "study", sids(ldct, says("emphysema"))
    )
    yield from ask(
        fam,
        "reports negative for emphysema with a spiculated nodule",
        "study",
        sids(denies("emphysema"), nod(margin("spiculated"))),
    )
    yield from ask(
        fam, "patients with lymphadenopahty on a report", "patient", pids(says("lymphadenopathy"))
    )
    yield from ask(
        fam,
        "how many reports describe coronery artery calcification",
        "count",
        count(says("coronary")),
    )
    yield from ask(
        fam,
        (
            "Hi Sam, can you find the chest cts with coronary calcification "
            "and a nodule over 8 mm? "
            "Best, Lena"
        ),
        "study",
        sids(chest_ct, says("coronary"), nod(gt("diameter_mm", 8))),
    )
    yield from ask(
        fam,
        "studies where the report explicitly says no lymphadenopathy",
        "study",
        sids(denies("lymphadenopathy")),
    )
    yield from ask(
        fam,
        "patients with emphysema on any report and a lung-rads 4 study",
        "patient",
        history(each_on_some(says("emphysema"), cat_in(*LR4))),
    )
    yield from ask(
        fam,
        "which women over 70 have emphysema reported",
        "patient",
        *aged(sex_is("F"), lambda s: ref.age(s) > 70, says("emphysema")),
    )
    yield from ask(
        fam,
        "ldcts whose report does not mention emphysema",
        "study",
        sids(ldct, neg(says("emphysema"))),
    )
    yield from ask(
        fam,
        "patients whose reports mention emphysema but never lymphadenopathy",
        "patient",
        history(some_but_never(says("emphysema"), says("lymphadenopathy"))),
    )
    yield from ask(
        fam,
        "enlarged mediastinal lymph nodes on ct angio",
        "study",
        sids(cta, says("lymphadenopathy")),
    )
    yield from ask(fam, "number of patients with emphysma", "count", len(pids(says("emphysema"))))
    yield from ask(fam, "studies with a granuloma mentioned", "study", sids(says("granuloma")))
    yield from ask(
        fam, "emphysema or a mass", "study", sids(lambda s: says("emphysema")(s) or kind("mass")(s))
    )
    yield from ask(
        fam,
        "coronary artery calcification reported in 2024 screening scans",
        "study",
        sids(ldct, in_year(2024), says("coronary")),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    gr = grew_readings()
    yield from ask(
        fam,
        "patients whose nodule grew compard with the prior scan",
        "patient",
        *(pids(fstudy(g)) for g in gr),
    )
    yield from ask(
        fam,
        "studies with nodule growth of more than 3 mm",
        "study",
        *(sids(fstudy(g)) for g in grew_readings(3.0)),
    )
    yield from ask(
        fam,
        "growing solid nodules in the upper lobes",
        "study",
        *(sids(fstudy(g, att("solid"), in_lobe(*UPPER))) for g in gr),
    )
    yield from ask(
        fam,
        "pts with interval growth of at least 2 mm",
        "patient",
        *(pids(fstudy(g)) for g in grew_readings(2.0, True)),
    )
    yield from ask(
        fam,
        "new nodules on 2025 ldcts, excluding masses",
        "study",
        sids(ldct, in_year(2025), fstudy(new(False))),
    )
    yield from ask(
        fam,
        "how many new nodules appeared in 2024",
        "count",
        *(len(fids(new(m), where=in_year(2024))) for m in (False, True)),
    )
    yield from ask(
        fam,
        "new spiculated nodules (not masses) - which patients",
        "patient",
        pids(fstudy(new(False), margin("spiculated"))),
    )
    yield from ask(
        fam,
        "grown nodules over 10 mm",
        "study",
        *(sids(fstudy(g, gt("diameter_mm", 10), is_nodule)) for g in gr),
    )
    st = _stable_readings()
    yield from ask(
        fam,
        "stabel part-solid nodules",
        "study",
        *(sids(fstudy(is_nodule, att("part-solid"), t)) for t in st),
    )
    yield from ask(
        fam,
        "solid nodules over 8 mm that are not stable",
        "study",
        *(
            sids(fstudy(is_nodule, att("solid"), gt("diameter_mm", 8), lambda f, t=t: not t(f)))
            for t in st
        ),
    )
    yield from ask(
        fam,
        "patients who have never had a growing nodule but had 3+ ldcts",
        "patient",
        *(sorted(set(_never(fstudy(g))) & set(_per_patient(ldct, lambda n: n >= 3))) for g in gr),
    )
    yield from ask(
        fam,
        "new ground-glass nodules, not masses",
        "study",
        sids(fstudy(new(False), att("ground-glass"))),
    )
    yield from ask(
        fam,
        "nodules that increased by more than 4mm",
        "study",
        *(sids(fstudy(g, is_nodule)) for g in grew_readings(4.0)),
    )
    yield from ask(
        fam,
        "growing nodules at CT01 in 2025",
        "study",
        *(sids(fstudy(g), at_station("CT01"), in_year(2025)) for g in gr),
    )
    yield from ask(
        fam,
        (
            "Dear colleagues, which patients had a new nodule in the left lower lobe "
            "(excluding masses)? "
            "Regards, J. Patel"
        ),
        "patient",
        pids(fstudy(new(False), in_lobe("LLL"))),
    )


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    yield from ask(
        fam,
        "women over 75 with a solid nodule",
        "patient",
        *aged(sex_is("F"), lambda s: ref.age(s) > 75, nod(att("solid"))),
    )
    yield from ask(
        fam,
        "men aged 55-65 with ldcts",
        "patient",
        *aged(sex_is("M"), lambda s: 55 <= ref.age(s) <= 65, ldct),
    )
    yield from ask(
        fam,
        "patients in their 80s with a spiculated nodule",
        "patient",
        *aged(lambda s: 80 <= ref.age(s) <= 89, nod(margin("spiculated"))),
    )
    yield from ask(
        fam, "how many female patients are there", "count", sum(p["sex"] == "F" for p in pats())
    )
    yield from ask(fam, "patients by sex", "groups", _groups(pats(), lambda p: p["sex"]))
    yield from ask(
        fam,
        "patients undr 40 who had a head CT",
        "patient",
        *aged(lambda s: ref.age(s) < 40, head_ct),
    )
    yield from ask(
        fam,
        "pts with sex recorded as other",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield from ask(
        fam,
        "women 50 to 60 with a part solid nodule",
        "patient",
        *aged(sex_is("F"), lambda s: 50 <= ref.age(s) <= 60, nod(att("part-solid"))),
    )
    yield from ask(
        fam, "ldct count for men in 2025", "count", count(ldct, sex_is("M"), in_year(2025))
    )
    yield from ask(
        fam,
        "female vs male patients with lung-rads 4B",
        "groups",
        _groups(
            [p for p in pats() if p["sex"] in "FM" and p["patient_id"] in set(pids(cat_in("4B")))],
            lambda p: p["sex"],
        ),
    )
    yield from ask(
        fam,
        "septuagenarians with a nodule larger than 2 cm",
        "patient",
        *aged(lambda s: 70 <= ref.age(s) <= 79, nod(gt("diameter_mm", 20))),
    )
    yield from ask(
        fam,
        "patients older than 85 at the time of their scan",
        "patient",
        pids(lambda s: ref.age(s) > 85),
    )
    yield from ask(
        fam,
        "paitents aged 30 or younger with a chest ct",
        "patient",
        *aged(lambda s: ref.age(s) <= 30, chest_ct),
    )
    yield from ask(
        fam, "studies in men over 80", "study", sids(sex_is("M"), lambda s: ref.age(s) > 80)
    )
    yield from ask(
        fam,
        "Hello - how many women had a pneumothorax? thanks, Aoife",
        "count",
        len(pids(sex_is("F"), kind("pneumothorax"))),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield from ask(fam, "studies per station", "groups", _groups(studies(), lambda s: s["station"]))
    yield from ask(
        fam,
        "how many CTs were done at CT02 in 2024",
        "count",
        count(any_ct, at_station("CT02"), in_year(2024)),
    )
    q = pick(rng, [1, 2, 3, 4])
    yield from ask(
        fam,
        f"scan volume by station for Q{q} 2025",
        "groups",
        _groups([s for s in studies() if quarter(2025, q)(s)], lambda s: s["station"]),
    )
    yield from ask(
        fam,
        "ct chest w contrast studies with a nodule over 6 mm",
        "study",
        sids(with_contrast, nod(gt("diameter_mm", 6))),
    )
    yield from ask(
        fam,
        "non-contrast chest cts in twenty twenty-five",
        "study",
        sids(non_contrast_chest, in_year(2025)),
    )
    yield from ask(
        fam, "PE CTs with a pleural efusion", "study", sids(cta, kind("pleural_effusion"))
    )
    yield from ask(
        fam, "chest radiographs showing a pneumothorax", "study", sids(cxr, kind("pneumothorax"))
    )
    yield from ask(
        fam, "studies by modality", "groups", _groups(studies(), lambda s: s["modality"])
    )
    yield from ask(
        fam,
        "head CTs with intracranial hemorrhage",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield from ask(
        fam, "number of DX01 exams in 2026", "count", count(at_station("DX01"), in_year(2026))
    )
    yield from ask(
        fam, "'CT ANGIO CHEST PE' studies at CT01", "study", sids(cta, at_station("CT01"))
    )
    yield from ask(
        fam,
        "diagnostic chest cts with a spiculated nodule",
        "study",
        sids(chest_ct, neg(ldct), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "ldcts at station ct01 last month",
        "study",
        sids(ldct, at_station("CT01"), dated("2026-10-01", "2026-10-31")),
    )
    yield from ask(
        fam,
        "how many head ct scans in march 2026",
        "count",
        count(head_ct, dated("2026-03-01", "2026-03-31")),
    )
    yield from ask(
        fam,
        "Hello, quick one for the quarterly slides: ldct count per station in 2023? Thanks, Mark",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2023)(s)], lambda s: s["station"]),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield from ask(
        fam,
        "RML nodules lager than 12 mm",
        "study",
        sids(nod(in_lobe("RML"), gt("diameter_mm", 12))),
    )
    yield from ask(
        fam,
        "part solid nodules in the left upper lobe",
        "study",
        sids(nod(att("part-solid"), in_lobe("LUL"))),
    )
    yield from ask(
        fam,
        "nodule count by lobe",
        "groups",
        _groups(_nod_rows(lambda f: f["lobe"] is not None), lambda f: f["lobe"]),
    )
    yield from ask(
        fam,
        "spiculated nodules in either upper lobe over 10 mm",
        "study",
        sids(nod(margin("spiculated"), in_lobe(*UPPER), gt("diameter_mm", 10))),
    )
    yield from ask(
        fam, "patients with a right lower lobe mass", "patient", pids(kind("mass", in_lobe("RLL")))
    )
    yield from ask(
        fam,
        "how many nodules are in the rul vs the lul",
        "groups",
        _groups(_nod_rows(in_lobe(*UPPER)), lambda f: f["lobe"]),
    )
    yield from ask(
        fam,
        "ldcts whose only nodules are in the left lower lobe",
        "study",
        sids(ldct, nod(in_lobe("LLL")), lambda s: all(f["lobe"] == "LLL" for f in nods(s))),
    )
    yield from ask(
        fam,
        "left lung nodules over 20 mm",
        "study",
        sids(nod(in_lobe("LUL", "LLL"), gt("diameter_mm", 20))),
    )
    yield from ask(
        fam,
        "ground glass nodules in the right middle lobe at least 10 mm",
        "study",
        sids(nod(att("ground-glass"), in_lobe("RML"), ge("diameter_mm", 10))),
    )
    yield from ask(
        fam,
        "patients with nodules in both the rul and the lul on the same scan",
        "patient",
        pids(nod(in_lobe("RUL")), nod(in_lobe("LUL"))),
    )
    yield from ask(
        fam,
        "lingula or left upper lobe solid nodules, lung-rads 4A",
        "study",
        sids(nod(att("solid"), in_lobe("LUL")), cat_in("4A")),
    )
    yield from ask(fam, "ruL calcified nodules", "study", sids(nod(in_lobe("RUL"), calcified)))
    yield from ask(
        fam,
        "nodules in the right lower lobe, how many findings",
        "count",
        len(_nod_rows(in_lobe("RLL"))),
    )
    yield from ask(
        fam,
        "right upper lobe part solid nodules in men",
        "study",
        sids(sex_is("M"), nod(in_lobe("RUL"), att("part-solid"))),
    )
    yield from ask(
        fam,
        "left sided pneumothorax findings",
        "finding",
        fids(lambda f: f["kind"] == "pneumothorax", lambda f: f["side"] == "left"),
    )


def features(rng: random.Random) -> Rows:
    fam = "features"
    yield from ask(
        fam,
        "spiculted part-solid nodules",
        "study",
        sids(nod(att("part-solid"), margin("spiculated"))),
    )
    yield from ask(
        fam,
        "lobulated solid nodules over 15 mm, not calcified",
        "study",
        sids(nod(att("solid"), margin("lobulated"), gt("diameter_mm", 15), uncalcified)),
    )
    yield from ask(fam, "calcified nodules - total how many", "count", len(_nod_rows(calcified)))
    yield from ask(
        fam,
        "nodule breakdown by attenuation",
        "groups",
        _groups(_nod_rows(), lambda f: f["attenuation"]),
    )
    yield from ask(
        fam,
        "margins of nodules: count of each",
        "groups",
        _groups(_nod_rows(), lambda f: f["margin"]),
    )
    yield from ask(
        fam, "subsolid nodules over 12 mm", "study", sids(nod(subsolid, gt("diameter_mm", 12)))
    )
    yield from ask(
        fam,
        "smooth ground glass nods under 6mm",
        "study",
        sids(nod(att("ground-glass"), margin("smooth"), lt("diameter_mm", 6))),
    )
    yield from ask(
        fam,
        "patients with a non-calcified solid nodule of 20 mm or more",
        "patient",
        pids(nod(att("solid"), uncalcified, ge("diameter_mm", 20))),
    )
    yield from ask(
        fam,
        "spiculated vs smooth nodules in the upper lobes",
        "groups",
        _groups(
            _nod_rows(in_lobe(*UPPER), lambda f: f["margin"] in ("spiculated", "smooth")),
            lambda f: f["margin"],
        ),
    )
    yield from ask(
        fam, "calcified nodules at ct02", "study", sids(at_station("CT02"), nod(calcified))
    )
    yield from ask(
        fam,
        "spiculated margins on ground-glass nodules",
        "study",
        sids(nod(att("ground-glass"), margin("spiculated"))),
    )
    yield from ask(
        fam,
        "patients with a lobulated part solid nodule larger than 1 cm",
        "patient",
        pids(nod(att("part-solid"), margin("lobulated"), gt("diameter_mm", 10))),
    )
    yield from ask(
        fam,
        "how many solid nodules are calcifeid",
        "count",
        len(_nod_rows(att("solid"), calcified)),
    )
    yield from ask(
        fam,
        "studies with a spiculated nodule and no calcified nodule",
        "study",
        sids(nod(margin("spiculated")), neg(nod(calcified))),
    )
    yield from ask(
        fam,
        "pure ground glass nodules in ldcts from 2026",
        "study",
        sids(ldct, in_year(2026), nod(att("ground-glass"))),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    p1 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    yield from ask(
        fam, f"how many days between {p1}'s first and latest study", "count", _span_days(p1, ALL)
    )
    p2 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 2))
    yield from ask(
        fam,
        f"days from the first ldct of {p2} to their most recent one",
        "count",
        _span_days(p2, ldct),
    )
    a, b = (pick(rng, own(p1)) for _ in range(2))
    if a["accession"] != b["accession"]:
        x, y = sorted((a, b), key=lambda s: s["study_date"])
        yield from ask(
            fam,
            f"number of days between accession {x['accession']} and {y['accession']}",
            "count",
            days_between(x["study_date"], y["study_date"]),
        )
    yield from ask(
        fam,
        "patients followed for more than 32 months",
        "patient",
        _followed_months(32, False),
        history(lambda m: bool(m) and days_between(m[0]["study_date"], m[-1]["study_date"]) > 974),
    )
    yield from ask(
        fam,
        "patients with at leat 24 months between first and latest ldct",
        "patient",
        _pool(lambda p: _span_ldct_ok(p, 24)),
    )
    gaps = _consecutive_gaps(ALL)
    yield from ask(
        fam,
        (
            "Hi both, what is the mean number of days between consecutive studies of a patient? "
            "Best wishes, Tomasz"
        ),
        "value",
        mean_of(gaps),
    )
    yield from ask(
        fam,
        "median interval in days between consecutive ldcts",
        "value",
        median_of(_consecutive_gaps(ldct)),
    )
    yield from ask(
        fam,
        "ldcts with a follow-up ldct within 15 months",
        "study",
        sids(
            ldct,
            lambda s: any(
                ldct(t) and s["study_date"] < t["study_date"] <= months_on(s["study_date"], 15)
                for t in own(s["patient_id"])
            ),
        ),
        sids(
            ldct,
            lambda s: any(
                ldct(t) and s["study_date"] < t["study_date"] <= shift(s["study_date"], 456)
                for t in own(s["patient_id"])
            ),
        ),
    )
    p3 = pick(rng, _pool(lambda p: _count_in(p, chest_ct) >= 3))
    yield from ask(
        fam,
        f"longest gap in days between consecutive scans of {p3}",
        "count",
        max(days_between(x["study_date"], y["study_date"]) for x, y in itertools.pairwise(own(p3))),
    )
    yield from ask(
        fam,
        "studies more than 3 years old with a 4A",
        "study",
        sids(cat_in("4A"), lambda s: s["study_date"] < "2023-11-01"),
        sids(cat_in("4A"), lambda s: s["study_date"] <= "2023-11-01"),
    )
    yield from ask(
        fam,
        "patients whose latest scan was more than 2 years ago",
        "patient",
        history(lambda m: bool(m) and m[-1]["study_date"] < "2024-11-01"),
        history(lambda m: bool(m) and m[-1]["study_date"] <= "2024-11-01"),
    )
    yield from ask(
        fam,
        "average follow-up span in days for patients with 2 or more studies",
        "value",
        mean_of(
            [
                days_between(
                    own(p["patient_id"])[0]["study_date"], own(p["patient_id"])[-1]["study_date"]
                )
                for p in pats()
                if len(own(p["patient_id"])) >= 2
            ]
        ),
    )


def tumour_board(rng: random.Random) -> Rows:
    """A thoracic surgeon's and tumour-board coordinator's questions, each in its family."""
    st = _stable_readings()
    yield from ask(
        "growth",
        "pts for tumour board: upper lobe solid or part-solid nodule >= 15 mm that is not stable",
        "patient",
        *(
            pids(
                fstudy(
                    is_nodule,
                    lambda f: f["attenuation"] in ("solid", "part-solid"),
                    in_lobe(*UPPER),
                    ge("diameter_mm", 15),
                    lambda f, t=t: not t(f),
                )
            )
            for t in st
        ),
    )
    yield from ask(
        "lung-rads",
        "spiculated upper lobe nodules over 12 mm, lung-rads 4B or 4X",
        "study",
        sids(nod(margin("spiculated"), in_lobe(*UPPER), gt("diameter_mm", 12)), cat_in("4B", "4X")),
    )
    p = pick(
        rng,
        _pool(
            lambda x: (
                _latest(x, ldct) is not None
                and _biggest(_latest(x, ldct)) is not None
                and len(nods(_latest(x, ldct))) >= 2
            )
        ),
    )  # type: ignore[arg-type]
    big = _biggest(_latest(p, ldct))  # type: ignore[arg-type]
    yield from ask(
        "identifiers",
        f"which lobe holds the largest nodule on {p}'s latest ldct - give me that nodule",
        "finding",
        [str(big["finding_id"])],
    )  # type: ignore[index]
    yield from ask(
        "numbers",
        "list the patients (not the nodules) whose biggest nodule is over 20 mm",
        "patient",
        pids(nod(gt("diameter_mm", 20))),
    )
    yield from ask(
        "features",
        "part-solid nodules with a solid component over 8 mm, non-calcified, upper lobes",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 8), uncalcified, in_lobe(*UPPER))),
    )
    yield from ask(
        "set logic",
        "lung-rads 4X patients excluding anyone with a calcified nodule",
        "patient",
        history(some_but_never(cat_in("4X"), nod(calcified))),
    )
    yield from ask(
        "features",
        "solid nodules 8 mm or more that are neither calcified nor stable",
        "study",
        *(
            sids(
                fstudy(
                    is_nodule,
                    att("solid"),
                    ge("diameter_mm", 8),
                    uncalcified,
                    lambda f, t=t: not t(f),
                )
            )
            for t in st
        ),
    )
    yield from ask(
        "numbers",
        "patients with a spiculated nodule ≥ 2 cm",
        "patient",
        pids(nod(margin("spiculated"), ge("diameter_mm", 20))),
    )
    yield from ask(
        "lung-rads",
        "biopsy candidates: pts with a 4B or 4X ldct showing a solid nodule of 15 mm or more",
        "patient",
        pids(ldct, cat_in("4B", "4X"), nod(att("solid"), ge("diameter_mm", 15))),
    )
    yield from ask(
        "lobes",
        "tumor board list - patients with a right upper lobe spiculated nodule > 1.5 cm",
        "patient",
        pids(nod(in_lobe("RUL"), margin("spiculated"), gt("diameter_mm", 15))),
    )
    yield from ask(
        "intervals",
        "ldcts more than 2 years old with a 4X and no later ldct for that patient",
        "study",
        *(
            sids(
                ldct,
                cat_in("4X"),
                lambda s, c=c, strict=strict: (
                    s["study_date"] < c if strict else s["study_date"] <= c
                ),
                lambda s: _latest(s["patient_id"], ldct) is s,
            )
            for c in ("2024-11-01",)
            for strict in (True, False)
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
    tumour_board,
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
    print(f"LEFT_OUT: {LEFT_OUT}")
