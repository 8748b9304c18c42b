"""Held-out part 42 of the question bank: cohort questions typed as new people type them.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to it:
its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow phrasings),
the opening lines of the "Conventions" section of ``docs/query.md`` (of the part up to "One model
version"; not the reader's measurements nor the lists of misses, fixes and limits),
:mod:`question_bank` (the :class:`Item` type, its helpers and ``_matches``, for the form of a
"value" or "groups" answer), :mod:`cohort_reference`, :mod:`blind_reference` (imported here), and
``bank_fresh_41.py`` for its format, module docstring and helper functions only, not its questions.
The reader's code (``query/``), ``appliance/``, the tests (``test_*.py``), ``family_reading.py``
and the other parts' questions were not opened, and the engine was never run on these questions:
they were frozen (committed) before any was put to it, and none is to be changed to suit it
afterwards. Their texts were compared with ``dev_queries.jsonl``, with parts 22 to 41 (loaded
through their ``bank()``, never read) and with every question of ``question_bank.bank()`` and
``question_bank.ungated_bank()`` by a throwaway script that printed only this part's matches (word
for word after lower-casing and dropping punctuation, or a word overlap of 75 % or more of the
longer question): 102 matched (11 word for word) and were reworded, 6 rewordings matched again and
were reworded again; none is left, and no question of this part repeats another of it (:func:`bank`
refuses a repeat).

Every family issue 17 lists is here (questions per family in brackets, 220 in all): identifiers
[15], dates [15], numbers [16], counts [15], set logic [15], Lung-RADS [15], rankings and top-N
[15], aggregates and percentages [13], report concepts with negation [15], growth / new / stable
[15], demographics [15], modality / description / station [15], lobes [14], attenuation / margin /
calcification [15], intervals [12]. Identifiers: a patient's studies and number of exams, an
accession's patient, the findings of an accession and of a latest study, the nodules of a study
UID, a UID's patient, a latest LDCT, a first study, three accessions' patients pasted in an e-mail,
nodules counted on an accession, a patient's chest CTs, a patient's studies after a date, every
nodule of a patient, an unknown MRN. Dates: a quarter, a month range, a decade of birth, "since
<month>", an ISO range, "the past 30 days", "so far this year", "2024 or earlier", a slashed birth
day, "second half of 2025", a month by name, a DICOM day, "dec 2024 - feb 2025", "last year's", "on
or before the 15th of February 2023". Numbers: under one centimetre, inclusive mm and cm ranges,
negative HU bounds and a HU range, confidence bound and range, solid component, volume, long and
short axis, masses over "three and a half centimetres", "eleven point five", HU "minus eight
hundred and minus six hundred", "no more than 3mm", solid over 2 cm. Counts: exactly N nodules (of
a kind) per study, exactly N / N or more / fewer than N studies per patient, N+ head CTs, one
nodule on 3+ scans, studies with no finding, the cohort's nodules, 4+ studies at a station, CTPAs
with 2+ findings. Set logic: "both" (each on some study), "but never", "never had", "excluding
anyone", "never diagnosed with ... who did have", "or", two findings on the same scan, "a ggn but
no solid nodule". Lung-RADS: a category, "3 or worse", highest ever, a year's breakdown, a
quarter's count, "2 or better", "bumped from 2 to 4A", upgrades, "4A after a 3", "4X", "ever lung
rads 4", "3 vs 4A", "3 but never 4", a year's share of a category, "4b or worse". Rankings: largest
nodules, patients by nodule count and by largest nodule, oldest and youngest patients, latest head
CTs, lowest HU, most confident pneumothoraces, volume (largest and smallest), earliest CT angios,
the biggest mass, long axis, solid component, stations by number of studies. Aggregates: means and
medians of diameter, HU, volume (mm3, cc), confidence, long axis, solid component, nodules per
LDCT; shares of a year's LDCTs in a category, of a lobe's nodules, of a year's LDCTs at a station
(drafted shares of a year's head CTs, of female patients and of calcified nodules were dropped: no
candidate of theirs lay within 0.005 of a tenth). Reports: emphysema, lymphadenopathy ("enlarged
lymph nodes"), coronary artery calcification, granuloma; "negative for", "stating there is no",
"without", "never mention", with a sex, a kind of study, a nodule on the same study. Growth: grown
since the prior, more than 3 and 3.5 mm, at least 2 mm, new in a year, a new part-solid nodule,
stable in a lobe, new solid over 6 mm, never grew, new at a station "excluding masses", growing by
attenuation, lobe and margin. Demographics: sexes and ages with a condition, "in their fifties",
"octogenarians", sex "O", a breakdown and a comparison by sex, births before a year and in a year.
Modality / description / station: stations, a description quoted, "ctpa", "contrast enhanced",
breakdowns by station, modality, description and body part, a station's quarter in an e-mail.
Lobes: each lobe by abbreviation and name, a breakdown, a comparison, "or", "all in the RML and
nowhere else", both lungs, the left lung. Features: margins, calcification, attenuation, subsolid,
breakdowns by attenuation and margin, spiculated vs smooth. Intervals: days first to latest,
between two accessions, mean / median / longest / shortest gaps, follow-up longer than 30 months
and 2 years, two consecutive LDCTs within 320 days, a repeat chest CT within 310 days, screening
CTs at least 1000 days apart.

The styles are mixed in roughly equal shares: a radiologist's shorthand ("pts w/", "nods", "psn",
"lr4x", "ctpa", "acc no."), a nurse's or clinician's full sentences, a screening coordinator's
Lung-RADS over time, a manager's counts per station, quarter and month, a data scientist's
inclusive ranges, means and medians, search-box keywords ("DX01 exams", "lobulated ggn scans"),
dictated numbers ("eleven point five", "minus eight hundred", "three and a half centimetres"), and
questions pasted in an e-mail with a greeting and a sign-off; many are long sentences with several
conditions. 28 questions (about one in eight) carry a hurried typist's slip ("findngs", "novmber",
"agust", "soild", "volumne", "confidnece", "nodlues", "more then", "findigns", "stuides",
"patietns", "pneumothroax", "exluding", "lungrads", "calcifcation", "lymphadenopahty",
"angiogrmas", "grwoing", "paitents", "hemorrage", "descripton", "lunsg", "rigth", "margnis",
"magrin", "uncalcifed", "pateint", "previuos"); their answers are what they plainly mean. About one
in six asks about groups (15 breakdowns and comparisons, 14 rankings, 3 shares).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`): patients,
accessions, UIDs and a day; a ranking's number is the first from the one written whose boundary has
no tie, a percentage the first of a list of candidates that is neither 0 nor 100 % and lies within
0.005 of a tenth. Expected answers are computed here in plain Python with the documented
conventions written out by hand. Where the conventions do not settle a reading the question is
asked only when the competing readings give the same answer (:func:`ask`; ``LEFT_OUT`` lists any
that do not as the bank is built, and is empty for this seed): the first day of "the past N days";
a track that was a mass from its first study counted or not as a new or stable nodule, and a change
taken in floating point or to 0.1 mm; the same nodule on N scans counting a mass on its track or
not; an age (with a sex) and another condition on one study or each on some study; a follow-up of
"more than 30 months" / "over two years" as calendar months or days. Drafts replaced before
freezing because their readings disagreed: "exams done in the last 45 days" (asked at 30), "new
nodules in 2025" (asked of 2024), "patients who developed a new ggn" (asked of part-solid), "grew
by more than 2.5mm on a ldct" (asked at 3.5), "patients in their seventies with a spiculated
nodule" (asked of fifties and part-solid), female patients under 50 with a CT angiogram (asked with
a head CT), screening CTs "at least 2 years apart" (asked as 1000 days), "followed for more than 3
years" (asked as two years); rankings tied at every boundary up to 8 ("patients with the most
ldcts", "least confident nodule findings") were replaced by other rankings. Drafts whose answers
were empty by accident were replaced: "exactly 5 studies" (asked as 4), "both a head ct and a ct
angio" (the patients of the cohort have one kind of study; asked with two kinds of nodule),
"category went down vs the prior", "chest xrays showing consolidation" (asked with a pneumothorax),
consecutive LDCTs "no more than 200 days apart" and repeat chest CTs "within 90 days" (the
follow-ups are yearly; asked at 320 and 310 days), and "pt ... chest cts only" was drawn from
patients whose studies are all chest CTs. Readings taken: "screening ct", "low dose (screening) ct"
and "ldct" are the CT CHEST LOW DOSE LUNG SCREENING studies; "ct angio(gram)s" and "ctpa" the CT
ANGIO CHEST PE studies; "chest x-rays" the DX studies; "contrast enhanced chest cts" the CT CHEST W
CONTRAST studies; "both ... and" / "as well as" at patient level each on some study (maybe the
same); "never / no ... ever" no study of the patient; a breakdown or comparison of nodules counts
nodule findings, of studies studies, of patients patients ("women vs men" leaves out the third
sex); a Lung-RADS breakdown lists only the categories that occur; "went up compared with the
previous exam" compares with the patient's previous categorised study; "bumped from 2 to 4A at the
next scan" and "4A where the prior exam had been 3" the same; "without X" on a report is no
affirmed mention, "negative for X" and "stating there is no X" the denied reading; "the findings of
the latest study" every kind of finding; "within N days" and "no more than N days apart" include N;
"older than seventy" / "over 70" is 71 or more. One answer is empty on purpose (an unknown MRN,
P09999).

Scored alone with ``python tests/query/question_bank.py --part held_out_42 -v`` once wired in.
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

PART = "held_out_42"
SEED = 4242

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


def _latest(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[-1] if mine else None


def _first(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[0] if mine else None


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


def _followed_days(days: int, inclusive: bool, test: Test = lambda s: True) -> list[str]:
    """Patients whose last study passing ``test`` is more than (or at least) ``days`` after
    their first."""

    def check(mine: list[Row]) -> bool:
        got = [s for s in mine if test(s)]
        if len(got) < 2:
            return False
        d = days_between(got[0]["study_date"], got[-1]["study_date"])
        return d >= days if inclusive else d > days

    return history(check)


def _consecutive_gaps(test: Test) -> list[int]:
    gaps: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        pairs = itertools.pairwise(mine)
        gaps.extend(days_between(a["study_date"], b["study_date"]) for a, b in pairs)
    return gaps


def _gap_within(test: Test, days: int) -> list[str]:
    """Patients with two consecutive studies passing ``test`` at most ``days`` apart."""

    def check(mine: list[Row]) -> bool:
        got = [s for s in mine if test(s)]
        return any(
            days_between(a["study_date"], b["study_date"]) <= days
            for a, b in itertools.pairwise(got)
        )

    return history(check)


def _first_share(*candidates: tuple[str, int, int]) -> tuple[str, float] | None:
    """The first candidate question whose percentage the bank can score."""
    for question, part, whole in candidates:
        value = _share(part, whole)
        if value is not None:
            return question, value
    return None


def _both_lungs(s: Row) -> bool:
    lobes = {f["lobe"] for f in nods(s)}
    return bool(lobes & {"RUL", "RML", "RLL"}) and bool(lobes & {"LUL", "LLL"})


def _only_lobe(name: str) -> Test:
    return lambda s: bool(nods(s)) and all(f["lobe"] == name for f in nods(s))


def _ids(rows: Sequence[Row], ident: str = "finding_id") -> list[str]:
    return sorted(str(r[ident]) for r in rows)


ALL: Test = lambda s: True  # noqa: E731
LR4 = ("4A", "4B", "4X")
TO = AS_OF


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    f = "identifiers"
    many = _pool(lambda p: len(own(p)) >= 4)
    pid = pick(rng, many)
    yield _q(
        f,
        f"which studies does {pid} have on file, all of them",
        "study",
        sids(lambda s: s["patient_id"] == pid),
    )
    pid2 = pick(rng, [p for p in many if p != pid])
    yield _q(
        f,
        f"How many imaging exams has patient {pid2} had with us altogether?",
        "count",
        len(own(pid2)),
    )
    with_f = [s for s in studies() if fo(s)]
    s1 = pick(rng, with_f)
    yield _q(f, f"whose exam is accession {s1['accession']}", "patient", [s1["patient_id"]])
    s2 = pick(rng, [s for s in with_f if len(fo(s)) >= 3])
    yield _q(
        f, f"pull up all findngs recorded on acc no. {s2['accession']}", "finding", _ids(fo(s2))
    )
    s3 = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield _q(
        f,
        f"just the nodules (as findings) recorded against UID {s3['study_uid']}, nothing else",
        "finding",
        _ids(nods(s3)),
    )
    s4 = pick(rng, studies())
    yield _q(
        f,
        f"got a stray study uid here ({s4['study_uid']}), "
        "can someone tell me which patient it was done on",
        "patient",
        [s4["patient_id"]],
    )
    pid3 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3))
    yield _q(f, f"most recent screening ct on {pid3}", "study", _uid(_latest(pid3, ldct)))
    pid4 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    yield _q(
        f,
        f"For patient {pid4}, could you tell me which study was the very first one done?",
        "study",
        _uid(_first(pid4, ALL)),
    )
    trio = [pick(rng, studies()) for _ in range(3)]
    accs = ", ".join(s["accession"] for s in trio[:2]) + " and " + trio[2]["accession"]
    yield _q(
        f,
        f"Hi all, quick one - which patients do accessions {accs} belong to? Many thanks, Priya",
        "patient",
        sorted({s["patient_id"] for s in trio}),
    )
    s5 = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield _q(f, f"number of nodules on accession {s5['accession']}?", "count", len(nods(s5)))
    pid5 = pick(rng, _pool(lambda p: _count_in(p, chest_ct) >= 2))
    yield _q(
        f, f"pt {pid5} chest cts only", "study", sids(lambda s: s["patient_id"] == pid5, chest_ct)
    )
    yield _q(f, "does patient P09999 have any imaging at all", "study", [])
    pid6 = pick(rng, _pool(lambda p: len(own(p)) >= 4))
    cut = own(pid6)[1]["study_date"]
    yield _q(
        f,
        f"studies for {pid6} dated after {cut}",
        "study",
        sids(lambda s: s["patient_id"] == pid6, lambda s: s["study_date"] > cut),
    )
    pid7 = pick(rng, _pool(lambda p: len(own(p)) >= 2 and any(nods(s) for s in own(p))))
    yield _q(
        f,
        f"all nodules ever found on pt# {pid7}",
        "finding",
        fids(is_nodule, where=lambda s: s["patient_id"] == pid7),
    )
    pid8 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    last = own(pid8)[-1]
    yield _q(f, f"findings on the latest study of patient {pid8}", "finding", _ids(fo(last)))


def dates(rng: random.Random) -> Rows:
    f = "dates"
    yield _q(
        f,
        "every LDCT we performed in the April-to-June quarter of 2024 (Q2)",
        "study",
        sids(ldct, quarter(2024, 2)),
    )
    yield _q(
        f,
        "How many studies in total were performed between March 2025 and May 2025?",
        "count",
        count(dated("2025-03-01", "2025-05-31")),
    )
    yield _q(
        f,
        "which patients born in the 1950s have had a chest ct",
        "patient",
        sorted(set(born("1950-01-01", "1959-12-31")) & set(pids(chest_ct))),
    )
    yield _q(
        f,
        "what has been scanned from the start of agust 2026 up to now",
        "study",
        sids(dated("2026-08-01", TO)),
    )
    yield _q(
        f, "studies from 2023-04-10 to 2023-06-30", "study", sids(dated("2023-04-10", "2023-06-30"))
    )
    yield from ask(
        f,
        "anything scanned in the past 30 days?",
        "study",
        sids(dated(shift(TO, -30), TO)),
        sids(dated(shift(TO, -29), TO)),
    )
    yield _q(f, "head cts so far this year", "study", sids(head_ct, dated("2026-01-01", TO)))
    yield _q(f, "cxrs from 2024 or earlier", "study", sids(cxr, dated("0000-01-01", "2024-12-31")))
    yield _q(f, "patients born after 12/31/1979", "patient", born("1980-01-01", "9999-12-31"))
    yield _q(
        f,
        "CTPAs carried out from July through December 2025, i.e. H2",
        "study",
        sids(cta, dated("2025-07-01", "2025-12-31")),
    )
    yield _q(
        f,
        "how many low-dose screenings did we do in novmber 2025",
        "count",
        count(ldct, dated("2025-11-01", "2025-11-30")),
    )
    days = sorted(
        {s["study_date"] for s in studies() if count(dated(s["study_date"], s["study_date"])) >= 2}
    )
    day = pick(rng, days)
    yield _q(f, f"studies dated {day.replace('-', '')}", "study", sids(dated(day, day)))
    yield _q(
        f,
        "chest cts from dec 2024 - feb 2025",
        "study",
        sids(chest_ct, dated("2024-12-01", "2025-02-28")),
    )
    yield _q(f, "last year's head CTs please", "study", sids(head_ct, in_year(2025)))
    yield _q(
        f,
        "Could you list every study acquired on or before the 15th of February 2023?",
        "study",
        sids(dated("0000-01-01", "2023-02-15")),
    )


def numbers(rng: random.Random) -> Rows:
    f = "numbers"
    N = "diameter_mm"
    yield _q(
        f,
        "any study where a nodule measures less than one centimetre across",
        "study",
        sids(nod(lt(N, 10))),
    )
    yield _q(f, "nodules measuring 4 to 6 mm inclusive", "study", sids(nod(within(N, 4, 6))))
    yield _q(
        f,
        "exams showing a ground glass nodule that is 0.8 cm up to 1.5 cm in size, ends included",
        "study",
        sids(nod(att("ground-glass"), within(N, 8, 15))),
    )
    yield _q(
        f,
        "studies w a nodule whose mean density is lower than -600 HU",
        "study",
        sids(nod(lt("mean_hu", -600))),
    )
    yield _q(
        f,
        "scans with a nodule reading somewhere from -50 HU up to +40 HU",
        "study",
        sids(nod(within("mean_hu", -50, 40))),
    )
    yield _q(
        f,
        "list the findings whose confidnece is below 0.65",
        "finding",
        fids(lt("confidence", 0.65)),
    )
    yield _q(
        f,
        "exams with a part-solid nodule carrying a solid core of 6 mm or more",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield _q(
        f,
        "scans where a nodule's volumne exceeds 1000 cubic mm",
        "study",
        sids(nod(gt("volume_mm3", 1000))),
    )
    yield _q(
        f, "nodules whose long axis is at least 15 mm", "study", sids(nod(ge("long_axis_mm", 15)))
    )
    yield _q(
        f,
        "studies with a nodule whose short-axis diameter is below 4mm",
        "study",
        sids(nod(lt("short_axis_mm", 4))),
    )
    yield _q(
        f, "masses bigger than three and a half centimetres", "study", sids(kind("mass", gt(N, 35)))
    )
    yield _q(
        f,
        "studies having a nodule of eleven point five millimetres or larger",
        "study",
        sids(nod(ge(N, 11.5))),
    )
    yield _q(
        f,
        "studies with a nodule from minus eight hundred to minus six hundred hounsfield",
        "study",
        sids(nod(within("mean_hu", -800, -600))),
    )
    yield _q(f, "nodules no more than 3mm", "study", sids(nod(le(N, 3))))
    yield _q(
        f, "soild nodules bigger than 2 cm on any scan", "study", sids(nod(att("solid"), gt(N, 20)))
    )
    yield _q(
        f,
        "pneumothorax findings with confidence 0.8-0.9",
        "finding",
        _ids(_kind_rows("pneumothorax", within("confidence", 0.8, 0.9))),
    )


def counts(rng: random.Random) -> Rows:
    f = "counts"
    yield _q(
        f,
        "screening scans in which precisely two nodules were recorded",
        "study",
        sids(ldct, _n_nods(lambda n: n == 2)),
    )
    yield _q(
        f, "patients who have exactly 4 studies", "patient", _per_patient(ALL, lambda n: n == 4)
    )
    yield _q(f, "pts w/ 3 or more ldcts", "patient", _per_patient(ldct, lambda n: n >= 3))
    yield _q(
        f,
        "exams where the nodule tally on that one exam is more then 4",
        "study",
        sids(_n_nods(lambda n: n > 4)),
    )
    yield _q(
        f,
        "In total, how many of our patients have just the one imaging study on file and no other?",
        "count",
        len(_per_patient(ALL, lambda n: n == 1)),
    )
    yield _q(
        f,
        "people who have needed a head CT on at least two occasions",
        "patient",
        _per_patient(head_ct, lambda n: n >= 2),
    )
    yield from ask(
        f,
        "patients in whom the same nodule was seen on 3 or more scans",
        "patient",
        _on_tracks(3, False),
        _on_tracks(3, True),
    )
    yield _q(
        f,
        "chest CT exams that came back completely clean, zero findigns of any kind",
        "study",
        sids(chest_ct, lambda s: not fo(s)),
    )
    yield _q(
        f,
        "count of exams carrying three or more nodules apiece",
        "count",
        count(_n_nods(lambda n: n >= 3)),
    )
    yield _q(
        f,
        "patients who have had under 3 stuides in total",
        "patient",
        _per_patient(ALL, lambda n: n < 3),
    )
    yield _q(
        f,
        "exams with one ground-glass nod, exactly one, no more",
        "study",
        sids(_n_nods(lambda n: n == 1, att("ground-glass"))),
    )
    yield _q(f, "How many nodules does the whole cohort have in total?", "count", len(_nod_rows()))
    yield _q(
        f,
        "which people went through the CT02 scanner on four or more separate occasions",
        "patient",
        _per_patient(at_station("CT02"), lambda n: n >= 4),
    )
    yield _q(
        f,
        "ldct studies that have exactly three solid nodlues",
        "study",
        sids(ldct, _n_nods(lambda n: n == 3, att("solid"))),
    )
    yield _q(
        f,
        "number of ct angio chest pe studies with 2 or more findings",
        "count",
        count(cta, lambda s: len(fo(s)) >= 2),
    )


def set_logic(rng: random.Random) -> Rows:
    f = "set_logic"
    ggn, solid = nod(att("ground-glass")), nod(att("solid"))
    ptx = kind("pneumothorax")
    yield _q(
        f,
        "Which patients have had both a ground-glass nodule and a solid nodule, on any of their "
        "scans?",
        "patient",
        history(each_on_some(ggn, solid)),
    )
    yield _q(
        f,
        "folks who had a pneumothorax at some stage though not one single nodule in their whole "
        "record",
        "patient",
        history(some_but_never(ptx, nod())),
    )
    yield _q(
        f,
        "pts w/o a single low-dose screening CT anywhere in their history",
        "patient",
        _never(ldct),
    )
    yield _q(
        f,
        "Across their whole record, who has shown a calcified nodule on one occasion and a "
        "ground-glass nodule on another (or on the same one)?",
        "patient",
        history(each_on_some(nod(calcified), nod(att("ground-glass")))),
    )
    yield _q(
        f,
        "people carrying nodules where, in every exam they have had, none of those nodules was "
        "ever called spiculated",
        "patient",
        history(some_but_never(nod(), nod(margin("spiculated")))),
    )
    yield _q(
        f,
        "patients whose report said emphysema yet who never had a nodule",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield _q(
        f, "studies with a nodule and a pneumothroax on the same scan", "study", sids(nod(), ptx)
    )
    yield _q(
        f,
        "all patients exluding anyone ever scanned on CT01",
        "patient",
        _never(at_station("CT01")),
    )
    yield _q(
        f,
        "patients with consolidation or a pleural effusion",
        "patient",
        pids(either_(kind("consolidation"), kind("pleural_effusion"))),
    )
    yield _q(
        f,
        "patients never diagnosed with a pneumothorax who did have a ct angio",
        "patient",
        history(some_but_never(cta, ptx)),
    )
    yield _q(
        f,
        "patients with a part-solid nodule who never had a lung-rads 4 study",
        "patient",
        history(some_but_never(nod(att("part-solid")), cat_in(*LR4))),
    )
    yield _q(f, "ldcts with a ggn but no solid nodule", "study", sids(ldct, ggn, neg(solid)))
    yield _q(
        f,
        "patients that had studies on both CT01 and CT02",
        "patient",
        history(each_on_some(at_station("CT01"), at_station("CT02"))),
    )
    yield _q(
        f,
        "patietns with a calcified nodule and never any uncalcified one",
        "patient",
        history(some_but_never(nod(calcified), nod(uncalcified))),
    )
    yield _q(
        f,
        "patients with a lobulated nodule as well as a spiculated nodule, not necessarily on the "
        "same exam",
        "patient",
        history(each_on_some(nod(margin("lobulated")), nod(margin("spiculated")))),
    )


def either_(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


def lung_rads(rng: random.Random) -> Rows:
    f = "lung_rads"
    yield _q(f, "screening lowdose CTs scored 4B by lung-rads", "study", sids(ldct, cat_in("4B")))
    yield _q(
        f, "patients with lr 3 or worse on a screening ct", "patient", pids(ldct, cat_in("3", *LR4))
    )
    yield _q(
        f,
        "pts topping out at 4A, i.e. 4A the worst lung-rads across all of their exams",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    cats = _groups([s for s in studies() if ldct(s) and in_year(2025)(s)], category)
    yield _q(
        f,
        "for the 2025 screening round, tally the LDCTs under each Lung-RADS category please",
        "groups",
        cats,
    )
    yield _q(
        f,
        "how many ldcts came back lung rads 2 in q1 2026",
        "count",
        count(ldct, quarter(2026, 1), cat_in("2")),
    )
    yield _q(
        f,
        "Chest CT exams performed during 2023 that ended up Lung-RADS 2 or better (so the 1s and "
        "2s)",
        "study",
        sids(chest_ct, in_year(2023), cat_in("1", "2")),
    )
    yield _q(
        f,
        "screening pts bumped from category 2 to 4A at the next scan",
        "patient",
        pids(went_from("2", ("4A",))),
    )
    yield _q(
        f,
        "exams where the patient's Lung-RADS got worse, i.e. upgraded relative to their "
        "preceding categorised scan",
        "study",
        sids(went(1)),
    )
    yield _q(
        f,
        "studies that were 4A where the prior exam had been lung-rads 3",
        "study",
        sids(went_from("3", ("4A",))),
    )
    yield _q(f, "lr4x studies", "study", sids(cat_in("4X")))
    yield _q(
        f, "how many patients have ever had a lung rads 4 study", "count", len(pids(cat_in(*LR4)))
    )
    y24 = [s for s in studies() if ldct(s) and in_year(2024)(s)]
    yield _q(
        f,
        "category 3 vs 4A ldcts in 2024",
        "groups",
        [
            ("3", sum(category(s) == "3" for s in y24)),
            ("4A", sum(category(s) == "4A" for s in y24)),
        ],
    )
    yield _q(
        f,
        "Which of our screening patients were lung-rads 3 at some point but never reached "
        "category 4?",
        "patient",
        history(some_but_never(cat_in("3"), cat_in(*LR4))),
    )
    cands = []
    for y in (2024, 2025, 2023, 2026):
        whole = [s for s in studies() if ldct(s) and in_year(y)(s)]
        for c in ("1", "2", "3"):
            cands.append(
                (
                    f"of all the screening CTs we did in {y}, what percent landed in lung-rads {c}",
                    sum(category(s) == c for s in whole),
                    len(whole),
                )
            )
    got = _first_share(*cands)
    if got is not None:
        yield _q(f, got[0], "value", got[1])
    yield _q(
        f,
        "lungrads 4b or worse ldcts in 2026",
        "study",
        sids(ldct, in_year(2026), cat_in("4B", "4X")),
    )


def rankings(rng: random.Random) -> Rows:
    f = "rankings"

    def finding_rank(template: str, rows: list[Row], key: Callable[[Row], Any], start: int) -> Rows:
        got = _ranked(rows, key, "finding_id", start)
        if got is None:
            LEFT_OUT.append(template)
            return
        yield _q(f, template.format(n=got[0]), "finding", got[1])

    def other_rank(
        template: str, rows: list[Row], key: Callable[[Row], Any], ident: str, unit: str, start: int
    ) -> Rows:
        got = _ranked(rows, key, ident, start)
        if got is None:
            LEFT_OUT.append(template)
            return
        yield _q(f, template.format(n=got[0]), unit, got[1])

    nodules = _nod_rows()
    yield from finding_rank(
        "show me the {n} nodules with the greatest mean diameter anywhere in the cohort",
        nodules,
        lambda r: -r["diameter_mm"],
        5,
    )
    yield from other_rank(
        "top {n} patients by number of nodules",
        _patient_rows(lambda p: len(fids(is_nodule, where=lambda s: s["patient_id"] == p))),
        lambda r: r["k"],
        "patient_id",
        "patient",
        3,
    )
    yield from other_rank(
        "who are our {n} most elderly patients going by date of birth",
        pats(),
        lambda r: r["birth_date"],
        "patient_id",
        "patient",
        4,
    )
    yield from other_rank(
        "of all the brain (head) CTs on record, pull the {n} with the latest dates",
        [s for s in studies() if head_ct(s)],
        lambda s: -_by_day(s),
        "study_uid",
        "study",
        6,
    )
    yield from finding_rank(
        "{n} nodules with the lowest HU",
        [r for r in nodules if r.get("mean_hu") is not None],
        lambda r: r["mean_hu"],
        5,
    )
    yield from finding_rank(
        "pneumothorax findings the detector was surest about, top {n}",
        _kind_rows("pneumothorax"),
        lambda r: -r["confidence"],
        3,
    )
    yield from finding_rank(
        "which {n} nodule findings have the biggest volumes in cubic millimetres",
        [r for r in nodules if r.get("volume_mm3") is not None],
        lambda r: -r["volume_mm3"],
        4,
    )
    yield from other_rank(
        "the {n} patients with the biggest nodules",
        _patient_rows(
            lambda p: max([r["diameter_mm"] for s in own(p) for r in nods(s)], default=0.0)
        ),
        lambda r: r["k"],
        "patient_id",
        "patient",
        5,
    )
    yield from other_rank(
        "give me the {n} youngest people going by their birth dates",
        pats(),
        lambda r: -dt.date.fromisoformat(r["birth_date"]).toordinal(),
        "patient_id",
        "patient",
        3,
    )
    yield from other_rank(
        "the earliest {n} ct angios on record",
        [s for s in studies() if cta(s)],
        _by_day,
        "study_uid",
        "study",
        5,
    )
    yield from finding_rank("the biggest mass", _kind_rows("mass"), lambda r: -r["diameter_mm"], 1)
    yield from finding_rank(
        "{n} nodule findings ranked by long-axis length, longest first",
        [r for r in nodules if r.get("long_axis_mm") is not None],
        lambda r: -r["long_axis_mm"],
        8,
    )
    stations = _groups(studies(), lambda s: s["station"])
    yield _q(f, "stations ranked by how many studies each did", "groups", stations)
    yield from finding_rank(
        "among part-solid nodules, the {n} whose solid part measures the most",
        [r for r in nodules if r.get("solid_component_mm") is not None],
        lambda r: -r["solid_component_mm"],
        5,
    )
    yield from finding_rank(
        "the {n} tiniest nodule findings as measured by volume",
        [r for r in nodules if r.get("volume_mm3") is not None],
        lambda r: r["volume_mm3"],
        4,
    )


def stats(rng: random.Random) -> Rows:
    f = "stats"
    N = "diameter_mm"
    nodules = _nod_rows()
    yield _q(f, "mean nodule diameter across the cohort", "value", _mean_field(nodules, N))
    yield _q(
        f,
        "what's the median diameter in mm of the nodules picked up on screening CTs during 2025",
        "value",
        _median_field(_nod_rows(where=both_(ldct, in_year(2025))), N),
    )
    yield _q(
        f,
        "across all ground-glass nodules, what is the mean attenuation value in Hounsfield units",
        "value",
        _mean_field(_nod_rows(att("ground-glass")), "mean_hu"),
    )
    yield _q(
        f,
        "typical (mean) solid-nodule volume, expressed in cubic mm",
        "value",
        _mean_field(_nod_rows(att("solid")), "volume_mm3"),
    )
    yield _q(
        f,
        "on average how confident was the model about its pneumothorax calls",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield _q(
        f,
        "for part-solid nodules give me the median of the long-axis measurement",
        "value",
        _median_field(_nod_rows(att("part-solid")), "long_axis_mm"),
    )
    yield _q(
        f,
        "whats the avg size of the solid portion in part-solid nodules, mm",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    ld = [s for s in studies() if ldct(s)]
    yield _q(
        f,
        "if you average over every low dose screening exam, including the ones with none, how "
        "many nodules does each show",
        "value",
        mean_of([float(len(nods(s))) for s in ld]),
    )
    yield _q(
        f,
        "spiculated ones only: mean nodule diameter?",
        "value",
        _mean_field(_nod_rows(margin("spiculated")), N),
    )
    yield _q(
        f,
        "calcified nodules, median Hounsfield number",
        "value",
        _median_field(_nod_rows(calcified), "mean_hu"),
    )
    all_s = studies()
    cands = [
        (
            f"what % of studies in {y} were head cts",
            sum(1 for s in all_s if in_year(y)(s) and head_ct(s)),
            sum(1 for s in all_s if in_year(y)(s)),
        )
        for y in (2025, 2024, 2023, 2026)
    ]
    got = _first_share(*cands)
    if got is not None:
        yield _q(f, got[0], "value", got[1])
    ps = pats()
    got = _first_share(
        ("what percent of patients are female", sum(p["sex"] == "F" for p in ps), len(ps)),
        ("what percent of patients are male", sum(p["sex"] == "M" for p in ps), len(ps)),
    )
    if got is not None:
        yield _q(f, got[0], "value", got[1])
    lobe_c = [
        (
            f"out of every nodule we have, what percent sit in the {lb}",
            sum(r["lobe"] == lb for r in nodules),
            len(nodules),
        )
        for lb in ("RUL", "LLL", "RML", "LUL", "RLL")
    ]
    got = _first_share(*lobe_c)
    if got is not None:
        yield _q(f, got[0], "value", got[1])
    st = [
        (
            f"share of {y} ldcts done on CT01, as a percentage",
            sum(1 for s in ld if in_year(y)(s) and s["station"] == "CT01"),
            sum(1 for s in ld if in_year(y)(s)),
        )
        for y in (2024, 2025, 2023, 2026)
    ]
    got = _first_share(*st)
    if got is not None:
        yield _q(f, got[0], "value", got[1])
    got = _first_share(
        (
            "what proportion of nodules are calcified, in percent",
            sum(1 for r in nodules if calcified(r)),
            len(nodules),
        ),
        (
            "what proportion of solid nodules are calcified, in percent",
            sum(1 for r in nodules if calcified(r) and r["attenuation"] == "solid"),
            sum(1 for r in nodules if r["attenuation"] == "solid"),
        ),
    )
    if got is not None:
        yield _q(f, got[0], "value", got[1])
    yield _q(
        f,
        "for nodules larger than 15 millimetres, the average volume expressed in cc",
        "value",
        _mean_field(_nod_rows(gt(N, 15)), "volume_mm3", 1000.0),
    )


def reports(rng: random.Random) -> Rows:
    f = "reports"
    E, L, C, G = "emphysema", "lymphadenopathy", "coronary", "granuloma"
    yield _q(
        f, "exams where the radiologist's dictation brings up emphysema", "study", sids(says(E))
    )
    yield _q(f, "reports that are negative for emphysema", "study", sids(denies(E)))
    yield _q(
        f,
        "which patients have coronary artery calcification written up in any of their reports",
        "patient",
        pids(says(C)),
    )
    yield _q(f, "ldcts reporting lymphadenopathy", "study", sids(ldct, says(L)))
    yield _q(f, "reports stating there is no lymphadenopahty", "study", sids(denies(L)))
    yield from ask(
        f,
        "patients whose contrast-enhanced chest CT report described emphysema",
        "patient",
        pids(with_contrast, says(E)),
        pids(with_contrast, says(E)),
    )
    yield _q(f, "count the reports in which a granuloma gets mentioned", "count", count(says(G)))
    yield _q(
        f,
        "emphysema noted in the report while coronary artery calcification is not: which studies",
        "study",
        sids(says(E), neg(says(C))),
    )
    yield _q(
        f,
        "people for whom emphysema does not come up in a single one of their reports",
        "patient",
        _never(says(E)),
    )
    yield _q(
        f, "2025 ldcts w coronary artery calcification", "study", sids(ldct, in_year(2025), says(C))
    )
    yield _q(f, "men with emphysema on their report", "patient", pids(sex_is("M"), says(E)))
    yield _q(f, "enlarged lymph nodes reported on ct angiogrmas", "study", sids(cta, says(L)))
    yield _q(
        f,
        "emphysema reported and a spiculated nodule seen on the same study",
        "study",
        sids(says(E), nod(margin("spiculated"))),
    )
    yield _q(
        f,
        "count of 2024 reports that mention coronary artery calcifcation",
        "count",
        count(in_year(2024), says(C)),
    )
    yield _q(
        f,
        "Dear colleagues, could you send me the patients whose CT reports mention emphysema and "
        "who are women? Best wishes, Dr. Okafor",
        "patient",
        pids(sex_is("F"), says(E)),
    )


def growth(rng: random.Random) -> Rows:
    f = "growth"

    def grown(
        g: float = 1.5, inclusive: bool = False, where: Test = ALL, *tests: FTest
    ) -> list[list[str]]:
        return [sids(where, fstudy(r, *tests)) for r in grew_readings(g, inclusive)]

    def grown_p(
        g: float = 1.5, inclusive: bool = False, where: Test = ALL, *tests: FTest
    ) -> list[list[str]]:
        return [pids(where, fstudy(r, *tests)) for r in grew_readings(g, inclusive)]

    yield from ask(f, "nodules that grew since the prior scan", "study", *grown())
    yield from ask(f, "patients with a nodule that grew more than 3 mm", "patient", *grown_p(3.0))
    yield from ask(
        f,
        "which exams have a nodule that enlarged by 2 mm or more versus the prior",
        "study",
        *grown(2.0, True),
    )
    yield from ask(
        f,
        "studies from 2024 with a newly appearing nodule",
        "study",
        sids(in_year(2024), fstudy(new(True))),
        sids(in_year(2024), fstudy(new(False))),
    )
    yield from ask(
        f,
        "people in whom a part-solid nodule showed up that was not there on their earlier imaging",
        "patient",
        pids(fstudy(new(True), att("part-solid"))),
        pids(fstudy(new(False), att("part-solid"))),
    )
    yield from ask(
        f,
        "right lower lobe nodules that have stayed stable since last time",
        "study",
        *[sids(fstudy(stable(r, m), in_lobe("RLL"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        f,
        "how many studies showed a growing nodule in 2024",
        "count",
        *[len(x) for x in grown(where=in_year(2024))],
    )
    yield from ask(
        f,
        "newly seen solid nodules measuring more than 6 millimetres",
        "study",
        sids(fstudy(new(True), att("solid"), gt("diameter_mm", 6))),
        sids(fstudy(new(False), att("solid"), gt("diameter_mm", 6))),
    )
    yield from ask(
        f,
        "patients with nodules none of which ever grew",
        "patient",
        *[history(some_but_never(nod(), fstudy(r))) for r in grew_readings()],
    )
    yield from ask(
        f,
        "ldcts at CT02 with a new nodule, excluding masses",
        "study",
        sids(ldct, at_station("CT02"), fstudy(new(False))),
    )
    yield from ask(
        f,
        "part solid nodules that are getting bigger compared to the previous scan",
        "study",
        *grown(1.5, False, ALL, att("part-solid")),
    )
    yield from ask(
        f,
        "LLL nodules that have been grwoing since the last exam",
        "study",
        *grown(1.5, False, ALL, in_lobe("LLL")),
    )
    yield from ask(
        f, "nodules that grew by more than 3.5mm on a ldct", "study", *grown(3.5, False, ldct)
    )
    yield from ask(
        f,
        "how many new nodules (not masses) were found in 2026",
        "count",
        len(fids(new(False), where=in_year(2026))),
    )
    yield from ask(
        f,
        "pts whose spiculated nodule grew",
        "patient",
        *grown_p(1.5, False, ALL, margin("spiculated")),
    )


def age_is(lo: int, hi: int) -> Test:
    return lambda s: lo <= ref.age(s) <= hi


def people(rng: random.Random) -> Rows:
    f = "people"
    F_, M_ = sex_is("F"), sex_is("M")
    yield from ask(
        f,
        "female patients older than seventy who have a ground glass nodule",
        "patient",
        *aged(both_(F_, age_is(71, 200)), nod(att("ground-glass"))),
    )
    yield from ask(
        f, "men aged 50-60 who had a low dose ct", "patient", *aged(both_(M_, age_is(50, 60)), ldct)
    )
    yield from ask(
        f,
        "people aged fifty-something at the scan that showed their part-solid nodule",
        "patient",
        *aged(age_is(50, 59), nod(att("part-solid"))),
    )
    ps = pats()
    yield _q(
        f,
        "total head count of female patients in the dataset",
        "count",
        sum(p["sex"] == "F" for p in ps),
    )
    yield _q(
        f,
        "pts where sex = O (neither male nor female)",
        "patient",
        sorted(p["patient_id"] for p in ps if p["sex"] == "O"),
    )
    yield _q(
        f,
        "split the patient list by sex and give me the numbers in each",
        "groups",
        _groups(ps, lambda p: p["sex"]),
    )
    ptx_p = set(pids(kind("pneumothorax")))
    yield _q(
        f,
        "pneumothorax patients: how many are women compared with men",
        "groups",
        [
            ("F", sum(1 for p in ps if p["sex"] == "F" and p["patient_id"] in ptx_p)),
            ("M", sum(1 for p in ps if p["sex"] == "M" and p["patient_id"] in ptx_p)),
        ],
    )
    yield _q(
        f,
        "anyone whose date of birth falls earlier than 1945",
        "patient",
        born("0000-01-01", "1944-12-31"),
    )
    yield _q(
        f,
        "patients younger than 45 at the time of their ldct",
        "patient",
        pids(ldct, lambda s: ref.age(s) < 45),
    )
    yield from ask(
        f,
        "patients in their eighties when they had a chest CT",
        "patient",
        *aged(age_is(80, 89), chest_ct),
    )
    yield _q(
        f,
        "male patients born in 1960",
        "patient",
        sorted(
            set(born("1960-01-01", "1960-12-31")) & {p["patient_id"] for p in ps if p["sex"] == "M"}
        ),
    )
    yield _q(
        f, "number of male patients that underwent head CT imaging", "count", len(pids(M_, head_ct))
    )
    yield _q(
        f,
        "which female pts carry a spiculated nodule",
        "patient",
        pids(F_, nod(margin("spiculated"))),
    )
    yield from ask(
        f,
        "pts 65+ at the time of a lung-rads 4 exam",
        "patient",
        *aged(age_is(65, 200), cat_in(*LR4)),
    )
    yield from ask(
        f,
        "Hello - could you give me the female paitents under 50 who have had a head CT? Thanks, "
        "Sam",
        "patient",
        *aged(both_(F_, age_is(0, 49)), head_ct),
    )


def modality(rng: random.Random) -> Rows:
    f = "modality"
    yield _q(f, "studies at station CT01 in 2026", "study", sids(at_station("CT01"), in_year(2026)))
    yield _q(f, "DX01 exams", "study", sids(at_station("DX01")))
    yield _q(f, "everything done as a CT angio chest PE protocol", "study", sids(cta))
    yield _q(
        f,
        "number of head cts per station",
        "groups",
        _groups([s for s in studies() if head_ct(s)], lambda s: s["station"]),
    )
    yield _q(f, "studies per modality", "groups", _groups(studies(), lambda s: s["modality"]))
    yield _q(f, "contrast enhanced chest cts", "study", sids(with_contrast))
    yield _q(
        f,
        '"CT CHEST W/O CONTRAST" studies done at CT02',
        "study",
        sids(non_contrast_chest, at_station("CT02")),
    )
    yield _q(
        f,
        "which chest x-ray exams picked up a pneumothorax",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield _q(
        f,
        "how many studies did CT02 do in october 2026",
        "count",
        count(at_station("CT02"), dated("2026-10-01", "2026-10-31")),
    )
    yield _q(
        f,
        "count of studies by descripton",
        "groups",
        _groups(studies(), lambda s: s["description"]),
    )
    yield _q(f, "ctpa studies with a pneumothorax", "study", sids(cta, kind("pneumothorax")))
    yield _q(
        f,
        "head cts positive for intracranial hemorrage (a bleed)",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield _q(f, "studies by body part", "groups", _groups(studies(), lambda s: s["body_part"]))
    yield _q(
        f,
        "ldcts per station for 2025",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2025)(s)], lambda s: s["station"]),
    )
    yield _q(
        f,
        "Hi, for the quarterly report I need the number of studies CT01 did in Q3 2025. Cheers, "
        "Tom",
        "count",
        count(at_station("CT01"), quarter(2025, 3)),
    )


def lobes(rng: random.Random) -> Rows:
    f = "lobes"
    yield _q(f, "any scan with an RML nod on it", "study", sids(nod(in_lobe("RML"))))
    yield _q(
        f,
        "scans carrying at least one nodule up in the left upper lobe",
        "study",
        sids(nod(in_lobe("LUL"))),
    )
    yield _q(f, "number of nodules by lobe", "groups", _groups(_nod_rows(), lambda r: r["lobe"]))
    nodules = _nod_rows()
    yield _q(
        f,
        "RUL vs LUL nodules, how many of each",
        "groups",
        [
            ("LUL", sum(r["lobe"] == "LUL" for r in nodules)),
            ("RUL", sum(r["lobe"] == "RUL" for r in nodules)),
        ],
    )
    yield _q(
        f,
        "nodules in the right lower lobe or the left lower lobe",
        "study",
        sids(nod(in_lobe("RLL", "LLL"))),
    )
    yield _q(
        f,
        "scans whose nodules are all in the RML and nowhere else",
        "study",
        sids(_only_lobe("RML")),
    )
    yield _q(f, "studies with nodules in both lunsg", "study", sids(_both_lungs))
    yield _q(
        f,
        "LLL ground glass nods, which exams",
        "study",
        sids(nod(att("ground-glass"), in_lobe("LLL"))),
    )
    yield _q(
        f,
        "tally of right upper lobe nodules, as individual findings",
        "count",
        len(_nod_rows(in_lobe("RUL"))),
    )
    yield _q(
        f,
        "RUL nodule spiculated and > 8mm - which scans have one",
        "study",
        sids(nod(margin("spiculated"), in_lobe("RUL"), gt("diameter_mm", 8))),
    )
    yield _q(f, "lll nods on 2026 ldcts", "study", sids(ldct, in_year(2026), nod(in_lobe("LLL"))))
    yield _q(
        f,
        "middle lobe nodules that are calcified, list the exams",
        "study",
        sids(nod(calcified, in_lobe("RML"))),
    )
    yield _q(
        f, "patients with a nodule in the left lung", "patient", pids(nod(in_lobe("LUL", "LLL")))
    )
    yield _q(
        f,
        "part solid nodules in the rigth upper lobe",
        "study",
        sids(nod(att("part-solid"), in_lobe("RUL"))),
    )


def features(rng: random.Random) -> Rows:
    f = "features"
    yield _q(
        f,
        "scans where at least one nodule has spiculated edges",
        "study",
        sids(nod(margin("spiculated"))),
    )
    yield _q(f, "lobulated ggn scans", "study", sids(nod(margin("lobulated"), att("ground-glass"))))
    yield _q(
        f,
        "solid nodules whose margins are smooth, per study",
        "study",
        sids(nod(margin("smooth"), att("solid"))),
    )
    yield _q(f, "calcified nodules", "study", sids(nod(calcified)))
    yield _q(
        f,
        "solid noncalcified nodules exceeding 8 mm",
        "study",
        sids(nod(uncalcified, att("solid"), gt("diameter_mm", 8))),
    )
    yield _q(
        f,
        "exams containing a subsolid (part-solid or ground glass) nodule",
        "study",
        sids(nod(subsolid)),
    )
    yield _q(
        f,
        "how many nodules of each attenuation type (solid, part-solid, GGN)",
        "groups",
        _groups(_nod_rows(), lambda r: r["attenuation"]),
    )
    yield _q(
        f, "nodules broken down by magrin", "groups", _groups(_nod_rows(), lambda r: r["margin"])
    )
    nodules = _nod_rows()
    yield _q(
        f,
        "spiculated vs smooth nodules - how many of each",
        "groups",
        [
            ("smooth", sum(r["margin"] == "smooth" for r in nodules)),
            ("spiculated", sum(r["margin"] == "spiculated" for r in nodules)),
        ],
    )
    yield _q(
        f,
        "part-solid nodules with spiculated margnis",
        "study",
        sids(nod(att("part-solid"), margin("spiculated"))),
    )
    yield _q(f, "people who have had any calcified nodule found", "patient", pids(nod(calcified)))
    yield _q(f, "grand total of nodules flagged as calcified", "count", len(_nod_rows(calcified)))
    yield _q(
        f,
        "ground glass nodules with lobulated margins on ldcts from 2024",
        "study",
        sids(ldct, in_year(2024), nod(att("ground-glass"), margin("lobulated"))),
    )
    yield _q(
        f,
        "pts with a psn that has spiculated margins",
        "patient",
        pids(nod(att("part-solid"), margin("spiculated"))),
    )
    yield _q(
        f,
        "1 cm or bigger nodules that are uncalcifed",
        "study",
        sids(nod(uncalcified, ge("diameter_mm", 10))),
    )


def intervals(rng: random.Random) -> Rows:
    f = "intervals"
    pid = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    yield _q(
        f,
        f"{pid}: number of days elapsed between the earliest and the most recent exam",
        "value",
        float(_span_days(pid, ALL) or 0),
    )
    yield _q(
        f,
        "when a patient has back-to-back screening CTs, how many days apart are they on average",
        "value",
        mean_of([float(g) for g in _consecutive_gaps(ldct)]),
    )
    yield _q(
        f,
        "median spacing in days from one study to a patient's next one",
        "value",
        median_of([float(g) for g in _consecutive_gaps(ALL)]),
    )
    yield from ask(
        f,
        "whose follow-up stretches beyond 30 months from their first study to their last",
        "patient",
        _followed_months(30, False),
        _followed_days(913, False),
    )
    yield _q(
        f,
        "patients with two consecutive ldcts no more than 320 days apart",
        "patient",
        _gap_within(ldct, 320),
    )
    a = pick(rng, _pool(lambda p: len(own(p)) >= 2))
    s1, s2 = own(a)[0], own(a)[-1]
    yield _q(
        f,
        f"days between accession {s1['accession']} and accession {s2['accession']}",
        "value",
        float(days_between(s1["study_date"], s2["study_date"])),
    )
    yield _q(
        f,
        "patients whose first and last screening cts are at least 1000 days apart",
        "patient",
        _followed_days(1000, True, ldct),
    )
    yield _q(
        f,
        "biggest number of days anyone waited between one scan and their next",
        "value",
        float(max(_consecutive_gaps(ALL))),
    )
    yield _q(
        f,
        "patients with a repeat chest ct within 310 days of the previuos chest ct",
        "patient",
        _gap_within(chest_ct, 310),
    )
    yield _q(
        f,
        "average number of days between consecutive chest cts",
        "value",
        mean_of([float(g) for g in _consecutive_gaps(chest_ct)]),
    )
    yield _q(
        f,
        "shortest interval, in days, between two studies of the same pateint",
        "value",
        float(min(_consecutive_gaps(ALL))),
    )
    yield from ask(
        f,
        "people whose imaging history covers over two years between first and latest exam",
        "patient",
        _followed_months(24, False),
        _followed_days(730, False),
        _followed_days(731, False),
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
    print(f"{len(items)} questions; left out: {LEFT_OUT}")
    print(Counter(i.family for i in items))
    print("empty:", [i.question for i in items if i.expected in ([], 0)])
