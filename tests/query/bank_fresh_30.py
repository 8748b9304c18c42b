"""Held-out part 30 of the question bank: every style of asker at once, written blind.

Written for issue 17 as a final, honest measurement of the question reader, blind to it: its author
read only issue 17, the cohort README and data files (``../shared/cohort``; its
``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions" section
of ``docs/query.md`` and its "Reports" section up to "How well it reads" (not the reader's
measurements nor the lists of misses, fixes and limits), :mod:`question_bank` (the :class:`Item`
type, its helpers and its scoring function ``_matches``, for the form of a "value" or "groups"
answer), :mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of the
cohort, imported here), and ``bank_fresh_24.py`` for its format, module docstring and helper
functions only, up to the line that opens its families, not its questions. The reader's code
(``query/``), ``appliance/``, the tests (``test_*.py``), ``family_reading.py`` and the other
parts' questions were not opened, and the engine was never run on these questions: they were
frozen (committed) before any was put to it, and none is to be changed to suit it afterwards.
Their texts were compared with ``dev_queries.jsonl`` and with parts 22 to 29 (loaded through
their ``bank()``, never read) by a throwaway script that printed only this part's matches (word
for word after lower-casing and dropping punctuation, or a word overlap of 75 % or more of the
longer question): 59 matched (10 word for word) and were reworded, two rewordings matched again
and were reworded again, none is left, and no question of this part repeats another
(:func:`bank` refuses a repeat).

The emphasis of this part is the mix of askers, in roughly equal shares: a radiologist's terse
shorthand ("lungrads 4B exams", "PTX on CXR", "ich on ct head", "mass, LLL", "psn"); a research
nurse's or clinician's full sentences ("Which patients have had three or more studies?"); a
screening coordinator's follow-up and Lung-RADS over time (upgrades, worst category on record,
f/u spans, gaps between successive exams); a manager's counts and shares per station, quarter and
modality ("exam counts by scanner station", "ldcts per station in q1 2025", "CT vs DX exam
counts"); a data scientist's ranges with inclusive and exclusive ends, means and medians ("nodule
findings >= 6mm and < 8mm", "nodules over 6 mm and under 8 mm", "GGNs - median mean-HU value");
keyword queries typed into a search box ("rul nodules", "consolidation rml"); dictation with
numbers spelt out ("twenty twenty five", "four x", "one and a half centimeters", "eighty or
older", "older than sixty-five"); and questions pasted inside an e-mail ("Hi all - can someone
list ...? thx", "Good afternoon, please send me ... Regards, screening office"). Conditions come
before and after the noun, as clauses, after a colon or a dash, and in brackets.

Every family issue 17 lists is here (questions per family in brackets, 220 in all): identifiers
[16] (a patient's exams and their count, an accession's patient and findings count, a study
UID's findings and patient ("the MRN behind study instance"), the latest imaging and the baseline
LDCT of a patient, every nodule finding of a patient, two accessions joined by "&", "MRN ...,
scans done in 2024", the biggest nodule a patient ever had, "patient #", a patient's chest CTs
asked in an e-mail, an unknown patient, "patient id for accession number"); dates [18] ("screening
cts, 2025 q2", a quarter in words with the year spelt out, "since june 2025", a range of two
written dates, "sept 2023 thru jan 2024", "DOB pre-1950", a birth year, "born in the 1940s", the
last N days, "year-to-date", "last year's", a month, "before 2023-04-01", "from 2026 onwards", a
single ISO day, "in 2023 and another one in 2025", "jan-may 2025", "more than three years
old"); numbers [19] (HU below a negative number, "from -100 to +40 HU", "under a centimetre",
"between 5 and 7 millimetres", "at least one and a half centimeters", "over twelve millimeters",
confidence below a decimal and "between .70 and .75", "2 cc", "≥ 20mm" long axis, solid component,
"over 6 mm and under 8 mm", ">= 6mm and < 8mm", "7mm-9mm", short axis "under five millimetres",
"exceeding three centimetres", "greater than 2 cm", "4 mm or smaller", mean HU "at least 200");
counts [16] (exactly N and a single nodule, "four nodules or more", none on a chest CT, three or
more studies, one study only, more than 2 LDCTs, 2+ head CTs, under 2 chest CTs (none counts), more
than 3 on a single CT, one nodule on three or more exams, all nodules, findings on 2024 LDCTs,
2+ CT angiograms, exactly two chest x-rays, fewer than two nodules); set logic [15] ("both ... and"
at patient level, "yet no ... ever", never an LDCT, "at some point but never", two conditions on
some studies and on the same scan, "never any lung-rads 4", "done, ... never done", "a 2023 scan
and no scan from 2024 on", no nodule ever, "no lymphadenopathy on any report", "or", an e-mail
with "and also", "never diagnosed with"); Lung-RADS [16] (a category, "3 or above", highest ever
in an e-mail, a count, counts per category of 2024 LDCTs, 4X, "lr1 chest cts" at a station,
"lung-rads 4", "went up from the previous one", "upgraded from lr 2 to lr 3", "below lung-rads 3", a
percentage of a year's LDCTs, "worst lung-rads on record", "4a or higher" of women's LDCTs, a
dictated count, "a lr 3 and never a lr 4"); rankings and top-N [14] (largest nodules, earliest
birth dates, most recent LDCTs, most nodules per patient, smallest masses by volume, densest
calcified nodule, lowest volumes of spiculated nodules, pleural effusions by volume, head CTs with
the earliest dates, GGNs by long axis, largest solid component, women born most recently, highest
volume, most confident effusions); averages, medians, percentages and groups [16] (mean size,
volume in cc, median HU, mean confidence, four shares drawn among those whose percentage is
within 0.005 of a tenth, nodules per LDCT, long axis, solid component, median size, counts per
station, per sex and per lobe, nodules and studies per patient); report concepts with negation [14]
(emphysema, lymphadenopathy, coronary calcification, granuloma; "explicitly says no", "state no",
"neg for", "without", "never once reported", "absent from that report", "emphysma"); growth / new
/ stable / shrinking [13]; demographics [16] (sex and "gender field says other", ages over and
under, ranges, "in their sixties", "eighty or older", "85+", octogenarians and septuagenarians,
men's and women's studies, counts of men and women); modality / description / station [13] (CT01,
CT02, DX01, "pe cts", "CTPAs", "CXR", radiographs, a quoted description, per station and per
modality); lobes [12] (each lobe by abbreviation or name, two lobes on one CT, "either lower lobe
(RLL or LLL)", lesions, an average per lobe); attenuation / margin / calcification [12];
intervals [10] (days, weeks, months and years between a patient's first and latest study or chest
CT or LDCT, f/u over two years, 30 or more months of follow-up, the median interval between
consecutive LDCTs, successive exams more than 13 months apart, first and latest LDCT more than 3
years apart, the average follow-up duration).

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`); a ranking's number
is drawn among those whose boundary has no tie, and a relative span, a growth threshold or a
percentage among those where the readings below agree or the value is within 0.005 of a tenth.
Expected answers are computed here in plain Python with the documented conventions written out by
hand. Where the conventions do not settle a reading the question is asked only when the competing
readings give the same answer (:func:`ask`; ``LEFT_OUT`` lists any that do not as the bank is
built, and is empty for this seed): the first day of "the last N days" (the day N days back or the
day after); a track that was a mass from its first study counted or not as a new, stable or
growing nodule; a change taken in floating point or to 0.1 mm; a nodule on N exams counting a mass
on its track or not; an age (with a sex) and another condition on one study or each on some study.
Drafts left out or replaced before freezing because their readings disagreed: "studies with a new
nodule", "new ggns" and "number of new nodules larger than 6 mm" (asked as new lesions, which
count masses unambiguously, and as new solid nodules, where the readings agree), "pts in their
60s with a mass", "patients under fifty with a ct angio" and "septuagenarians with a spiculated
nodule" (asked with people conditions only), growth over 2.5 mm (the threshold is drawn among
those where the readings agree). Reworded before freezing because a reading was open: "subsolid
nodules in men" (studies or patients; asked "men with subsolid nodules"), "scanned in 2023 and not
since" ("since 2023" begins 2023-01-01; asked "no scan from 2024 on"), a lower-case "ct chest w
contrast" (that description alone or with the CT angiograms; asked quoted in capitals), "the
earliest N head cts" (a ranking or each patient's first; asked "carry the earliest study dates"),
"exam volume by station" (volume is also a finding field; asked "exam counts"). Drafts whose answers
were empty by accident were replaced (patients with a head CT and a chest CT: no patient has both;
masses over 4 cm; a pneumothorax with an effusion on one scan; men with a mass and no emphysema;
smooth nodules on head CTs; gaps over 18 months). Readings taken: "chest ct" is any CT of the
chest (CT angiograms too, as :mod:`blind_reference` reads it), and a chest CT without a nodule
is Lung-RADS 1; "ldct", "screening ct" and "low dose ct" are the LDCT description; "pe cts",
"ct angio(gram)s" and "CTPAs" are the CT ANGIO CHEST PE studies; "radiographs", "cxr" and "chest
xrays" are the DX studies; "MRN" is the patient id; "oldest" patients are the earliest birth
dates; "densest" is the highest mean HU; "got smaller" mirrors growth (a fall of more than
1.5 mm; empty in this cohort, as docs/query.md says); "average follow-up duration" is the mean,
over the patients with studies on two dates or more, of the years from their first to their
latest study; the median interval between consecutive LDCTs is over every pair of a patient's
successive LDCT dates; "a single patient with the most nodules" counts nodule findings;
"explicitly says no", "state no" and "neg for" are the denied reading, "never once reported"
and "absent" no affirmed, current mention. Report concepts follow the fixture's phrasings as
:mod:`blind_reference` reads them. Two answers are empty on purpose: an unknown patient
(P09999) and a nodule that got smaller.

Not wired into :mod:`question_bank` (that module is not this part's to edit); score it alone by
importing :func:`bank` once it is.
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

PART = "held_out_30"
SEED = 3030

# Questions whose readings disagreed (or whose percentage was not within 0.005 of a tenth), so
# were left out: filled while the bank is built.
LEFT_OUT: list[str] = []

SPELT = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


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


def _mine(pid: str, test: Test) -> list[Row]:
    return [s for s in own(pid) if test(s)]


def _n_of(test: Test, compare: Callable[[int], bool]) -> list[str]:
    """Patients whose number of studies passing ``test`` compares so (0 included)."""
    return history(lambda mine: compare(sum(1 for s in mine if test(s))))


def _n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


def _fit(rng: random.Random, pool: Sequence[Any], fits: Callable[[Any], bool]) -> Any:
    """A random member of ``pool`` that ``fits`` (drawn in a shuffled order of the pool)."""
    order = list(pool)
    rng.shuffle(order)
    for x in order:
        if fits(x):
            return x
    raise ValueError("nothing in the pool fits")


def _kind_rows(name: str) -> list[Row]:
    return [f for f in findings() if f["kind"] == name]


def _all_f(*tests: FTest) -> FTest:
    return lambda f: all(t(f) for t in tests)


def _fcount(*tests: FTest, where: Test = lambda s: True) -> int:
    return len(fids(*tests, where=where))


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


def _followed(months: int, test: Test, inclusive: bool) -> list[str]:
    """Patients whose latest study passing ``test`` is after (``inclusive``: on or after) the
    same day ``months`` calendar months after their first."""

    def ok(mine: list[Row]) -> bool:
        chosen = [s for s in mine if test(s)]
        if not chosen:
            return False
        due = months_on(chosen[0]["study_date"], months)
        last = str(chosen[-1]["study_date"])
        return last >= due if inclusive else last > due

    return history(ok)


def _gaps(test: Test) -> list[tuple[str, str, str]]:
    """(patient, earlier date, later date) of consecutive distinct study dates of a kind."""
    out: list[tuple[str, str, str]] = []
    for p in pats():
        days = sorted({s["study_date"] for s in own(p["patient_id"]) if test(s)})
        out.extend((p["patient_id"], a, b) for a, b in itertools.pairwise(days))
    return out


def _groups(key: Callable[[Row], Any], rows: Sequence[Row]) -> list[tuple[Any, int]]:
    return sorted(Counter(key(r) for r in rows).items(), key=lambda kv: str(kv[0]))


def _uid(s: Row | None) -> list[str]:
    return [] if s is None else [str(s["study_uid"])]


def _since(day: str) -> Test:
    return dated(day, AS_OF)


def _people(lo: str, hi: str, test: Test) -> list[str]:
    """Patients born from ``lo`` to ``hi`` with a study passing ``test``."""
    chosen = set(born(lo, hi))
    return [p for p in pids(test) if p in chosen]


ANY: Test = lambda s: True  # noqa: E731


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    many = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 3]
    p1 = _fit(rng, many, lambda p: True)
    yield from ask(fam, f"{p1} all exams", "study", [s["study_uid"] for s in own(p1)])
    p2 = _fit(rng, many, lambda p: p != p1)
    yield from ask(
        fam,
        f"Could you tell me how many imaging studies patient {p2} has had in total?",
        "count",
        len(own(p2)),
    )
    every = studies()
    s3 = rng.choice(every)
    yield from ask(
        fam, f"which pt does accession {s3['accession']} belong to", "patient", [s3["patient_id"]]
    )
    s4 = _fit(rng, every, lambda s: len(fo(s)) >= 2)
    yield from ask(
        fam,
        f"all findings on exam uid {s4['study_uid']} please",
        "finding",
        sorted(f["finding_id"] for f in fo(s4)),
    )
    s5 = _fit(rng, every, lambda s: len(fo(s)) >= 1)
    yield from ask(
        fam,
        f"acc# {s5['accession']} - how many findings",
        "count",
        len(fo(s5)),
    )

    def latest_untied(p: str) -> bool:
        mine = own(p)
        return len(mine) >= 2 and mine[-1]["study_date"] != mine[-2]["study_date"]

    p6 = _fit(rng, many, latest_untied)
    yield from ask(fam, f"most recent imaging for {p6}?", "study", _uid(own(p6)[-1]))
    p7 = _fit(rng, many, lambda p: len(_mine(p, ldct)) >= 2)
    yield from ask(fam, f"baseline ldct {p7}", "study", _uid(_mine(p7, ldct)[0]))
    s8 = rng.choice(every)
    yield from ask(
        fam,
        f"need the MRN behind study instance {s8['study_uid']}",
        "patient",
        [s8["patient_id"]],
    )
    p9 = _fit(rng, many, lambda p: any(nods(s) for s in own(p)))
    yield from ask(
        fam,
        f"Please list every nodule finding recorded for {p9}.",
        "finding",
        sorted(f["finding_id"] for s in own(p9) for f in nods(s)),
    )
    a, b = rng.sample(every, 2)
    yield from ask(
        fam,
        f"studies {a['accession']} & {b['accession']}",
        "study",
        sorted({a["study_uid"], b["study_uid"]}),
    )
    p11 = _fit(rng, many, lambda p: any(in_year(2024)(s) for s in own(p)))
    yield from ask(
        fam,
        f"MRN {p11}, scans done in 2024",
        "study",
        [s["study_uid"] for s in _mine(p11, in_year(2024))],
    )

    def one_biggest(p: str) -> bool:
        rows = [f for s in own(p) for f in nods(s)]
        return (
            len(rows) >= 2 and top(rows, lambda f: -f["diameter_mm"], 1, "finding_id") is not None
        )

    p12 = _fit(rng, many, one_biggest)
    rows12 = [f for s in own(p12) for f in nods(s)]
    yield from ask(
        fam,
        f"biggest nodule {p12} has ever had",
        "finding",
        top(rows12, lambda f: -f["diameter_mm"], 1, "finding_id"),
    )
    p13 = _fit(rng, many, lambda p: len(_mine(p, chest_ct)) >= 2)
    yield from ask(
        fam,
        f"how many chest CTs for patient #{p13}",
        "count",
        len(_mine(p13, chest_ct)),
    )
    p14 = _fit(rng, many, lambda p: bool(_mine(p, lambda s: category(s) is not None)))
    yield from ask(
        fam,
        f"Hi, quick one - could you pull every chest CT on file for {p14}? Thanks, M.",
        "study",
        [s["study_uid"] for s in _mine(p14, chest_ct)],
    )
    yield from ask(fam, "P09999 studies", "study", [])
    s16 = _fit(rng, every, lambda s: len(fo(s)) >= 1)
    yield from ask(
        fam,
        f"patient id for accession number {s16['accession']}",
        "patient",
        [s16["patient_id"]],
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y = rng.choice([2023, 2024, 2025])
    q = rng.randint(1, 4)
    yield from ask(fam, f"screening cts, {y} q{q}", "study", sids(ldct, quarter(y, q)))
    q2 = rng.randint(1, 4)
    yield from ask(
        fam,
        f"How many head CTs were performed in the {['first', 'second', 'third', 'fourth'][q2 - 1]} "
        f"quarter of twenty twenty four?",
        "count",
        count(head_ct, quarter(2024, q2)),
    )
    yield from ask(
        fam,
        "ct angios since june 2025",
        "study",
        sids(cta, _since("2025-06-01")),
    )
    yield from ask(
        fam,
        "chest x-rays from March 15, 2024 to April 30, 2024",
        "study",
        sids(cxr, dated("2024-03-15", "2024-04-30")),
    )
    yield from ask(
        fam,
        "cxr sept 2023 thru jan 2024",
        "study",
        sids(cxr, dated("2023-09-01", "2024-01-31")),
    )
    yield from ask(fam, "DOB pre-1950 - list pts", "patient", born("0000-01-01", "1949-12-31"))
    by = rng.choice([1958, 1961, 1964, 1967])
    yield from ask(
        fam,
        f"which patients have a date of birth in {by}?",
        "patient",
        born(f"{by}-01-01", f"{by}-12-31"),
    )
    yield from ask(
        fam,
        "patients born in the 1940s w nodules",
        "patient",
        [p for p in pids(nod()) if p in set(born("1940-01-01", "1949-12-31"))],
    )
    n = _fit(
        rng,
        [30, 45, 60, 75, 100, 120],
        lambda k: sids(_since(shift(AS_OF, -k))) == sids(_since(shift(AS_OF, -k + 1))),
    )
    yield from ask(
        fam,
        f"studies in the last {n} days",
        "study",
        sids(_since(shift(AS_OF, -n))),
        sids(_since(shift(AS_OF, -n + 1))),
    )
    yield from ask(fam, "year-to-date chest ct exams", "study", sids(chest_ct, in_year(2026)))
    yield from ask(fam, "number of last year's ldcts", "count", count(ldct, in_year(2025)))
    m = rng.randint(1, 12)
    mnames = ["january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december"]  # fmt: skip
    yield from ask(
        fam,
        f"scans done in {mnames[m - 1]} 2024",
        "study",
        sids(dated(f"2024-{m:02d}-01", _month_end(2024, m))),
    )
    yield from ask(
        fam, "head ct before 2023-04-01", "study", sids(head_ct, dated("0000-01-01", "2023-03-31"))
    )
    yield from ask(
        fam,
        '"CT CHEST W CONTRAST" exams from 2026 onwards',
        "study",
        sids(lambda s: s["description"] == "CT CHEST W CONTRAST", _since("2026-01-01")),
    )
    day = rng.choice([s["study_date"] for s in studies() if in_year(2025)(s)])
    yield from ask(fam, f"what was scanned on {day}", "study", sids(dated(day, day)))
    yield from ask(
        fam,
        "Patients who had an LDCT in 2023 and another one in 2025",
        "patient",
        history(each_on_some(both_(ldct, in_year(2023)), both_(ldct, in_year(2025)))),
    )
    yield from ask(
        fam,
        "radiographs jan-may 2025",
        "study",
        sids(cxr, dated("2025-01-01", "2025-05-31")),
    )
    yield from ask(
        fam,
        "head cts more than three years old",
        "study",
        sids(head_ct, lambda s: s["study_date"] < months_on(AS_OF, -36)),
    )


def _month_end(y: int, m: int) -> str:
    from blind_reference import month_end  # noqa: PLC0415

    return month_end(y, m)


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    hu = rng.choice([-550, -600, -650])
    yield from ask(fam, f"nodules w mean hu below {hu}", "study", sids(nod(lt("mean_hu", hu))))
    yield from ask(
        fam,
        "any finding whose mean attenuation sits from -100 to +40 HU",
        "finding",
        fids(within("mean_hu", -100, 40)),
    )
    yield from ask(
        fam,
        "solid nodules under a centimetre",
        "study",
        sids(nod(att("solid"), lt("diameter_mm", 10))),
    )
    lo = rng.choice([5, 6, 7])
    yield from ask(
        fam,
        f"Which studies show a nodule between {lo} and {lo + 2} millimetres in diameter?",
        "study",
        sids(nod(within("diameter_mm", lo, lo + 2))),
    )
    yield from ask(
        fam,
        "nodules at least one and a half centimeters",
        "study",
        sids(nod(ge("diameter_mm", 15))),
    )
    yield from ask(
        fam,
        "show me nodules over twelve millimeters on ldcts",
        "study",
        sids(ldct, nod(gt("diameter_mm", 12))),
    )
    c = rng.choice([0.6, 0.62, 0.65])
    yield from ask(fam, f"findings with confidence below {c}", "finding", fids(lt("confidence", c)))
    yield from ask(
        fam, "nodules with a volume over 2 cc", "study", sids(nod(gt("volume_mm3", 2000)))
    )
    yield from ask(
        fam, "nods w/ long-axis dimension ≥ 20mm", "study", sids(nod(ge("long_axis_mm", 20)))
    )
    yield from ask(
        fam,
        "part-solid nodules with a solid component of more than 6 mm",
        "study",
        sids(nod(att("part-solid"), gt("solid_component_mm", 6))),
    )
    yield from ask(
        fam,
        "nodules over 6 mm and under 8 mm",
        "study",
        sids(nod(gt("diameter_mm", 6), lt("diameter_mm", 8))),
    )
    yield from ask(
        fam,
        "nodule findings >= 6mm and < 8mm",
        "finding",
        fids(is_nodule, ge("diameter_mm", 6), lt("diameter_mm", 8)),
    )
    yield from ask(fam, "nods 7mm-9mm", "study", sids(nod(within("diameter_mm", 7, 9))))
    yield from ask(
        fam,
        "nodules with short axis under five millimetres",
        "study",
        sids(nod(lt("short_axis_mm", 5))),
    )
    yield from ask(
        fam,
        "any mass exceeding three centimetres? which exams",
        "study",
        sids(kind("mass", gt("diameter_mm", 30))),
    )
    yield from ask(
        fam,
        "how many findings have a confidence between .70 and .75",
        "count",
        _fcount(within("confidence", 0.70, 0.75)),
    )
    yield from ask(
        fam, "ggn greater than 2 cm", "study", sids(nod(att("ground-glass"), gt("diameter_mm", 20)))
    )
    yield from ask(
        fam, "nodules measuring 4 mm or smaller", "study", sids(nod(le("diameter_mm", 4)))
    )
    yield from ask(
        fam,
        "calcified nodules with mean HU of at least 200",
        "study",
        sids(nod(calcified, ge("mean_hu", 200))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    n = rng.choice([3, 4])
    yield from ask(
        fam,
        f"studies with exactly {n} nodules",
        "study",
        sids(_n_nods(lambda k: k == n)),
    )
    yield from ask(
        fam,
        "ldcts with four nodules or more",
        "study",
        sids(ldct, _n_nods(lambda k: k >= 4)),
    )
    yield from ask(
        fam, "chest cts without any nodules", "study", sids(chest_ct, _n_nods(lambda k: k == 0))
    )
    yield from ask(
        fam,
        "Which patients have had three or more studies?",
        "patient",
        _n_of(ANY, lambda k: k >= 3),
    )
    yield from ask(
        fam, "people who only ever got one study", "patient", _n_of(ANY, lambda k: k == 1)
    )
    yield from ask(
        fam,
        "how many pts have had more than 2 ldcts",
        "count",
        len(_n_of(ldct, lambda k: k > 2)),
    )
    yield from ask(
        fam, "patients with at least 2 head cts", "patient", _n_of(head_ct, lambda k: k >= 2)
    )
    yield from ask(
        fam,
        "headcount: patients having under 2 chest ct exams",
        "count",
        len(_n_of(chest_ct, lambda k: k < 2)),
    )
    yield from ask(
        fam,
        "how many scans had more than 3 nodules on a single ct",
        "count",
        count(_n_nods(lambda k: k > 3)),
    )
    yield from ask(
        fam,
        "one nodule tracked across at least three separate exams - who?",
        "patient",
        _on_tracks(3, False),
        _on_tracks(3, True),
    )
    yield from ask(
        fam,
        "how many nodules are there in total",
        "count",
        _fcount(is_nodule),
    )
    yield from ask(
        fam,
        "total findings on 2024 ldcts, how many",
        "count",
        _fcount(lambda f: True, where=both_(ldct, in_year(2024))),
    )
    yield from ask(
        fam,
        "studies w a single nodule",
        "study",
        sids(_n_nods(lambda k: k == 1)),
    )
    yield from ask(fam, "pts with 2+ ct angiograms", "patient", _n_of(cta, lambda k: k >= 2))
    yield from ask(
        fam,
        "Hi all - can someone list the patients who had exactly two chest x-rays? thx",
        "patient",
        _n_of(cxr, lambda k: k == 2),
    )
    yield from ask(
        fam,
        "tally: ldct exams showing fewer than two nodules",
        "count",
        count(ldct, _n_nods(lambda k: k < 2)),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    emph, mass = says("emphysema"), kind("mass")
    yield from ask(
        fam,
        "emphysema AND mass, both, at patient level",
        "patient",
        history(each_on_some(emph, mass)),
    )
    yield from ask(
        fam,
        "pts w a mass on file yet no nodule ever recorded",
        "patient",
        history(some_but_never(mass, nod())),
    )
    yield from ask(
        fam, "pts that never had an ldct", "patient", history(lambda m: not any(map(ldct, m)))
    )
    yield from ask(
        fam,
        "Which patients had a ground-glass nodule at some point but never a spiculated nodule?",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(margin("spiculated")))),
    )
    yield from ask(
        fam,
        "patients with emphysema and a calcified nodule",
        "patient",
        history(each_on_some(says("emphysema"), nod(calcified))),
    )
    yield from ask(
        fam,
        "pts with a pneumothorax and emphysema on the same scan",
        "patient",
        pids(kind("pneumothorax"), says("emphysema")),
    )
    yield from ask(
        fam,
        "calcified nodule pts, never any lung-rads 4",
        "patient",
        history(some_but_never(nod(calcified), cat_in("4A", "4B", "4X"))),
    )
    yield from ask(
        fam,
        "ct angiogram done, chest radiograph never done - which people",
        "patient",
        history(some_but_never(cta, cxr)),
    )
    yield from ask(
        fam,
        "patients with a 2023 scan and no scan from 2024 on",
        "patient",
        history(lambda m: any(map(in_year(2023), m)) and not any(map(_since("2024-01-01"), m))),
    )
    yield from ask(
        fam,
        "patients without any nodule ever",
        "patient",
        history(lambda m: not any(map(nod(), m))),
    )
    yield from ask(
        fam,
        "patients with a mass but no lymphadenopathy on any report",
        "patient",
        history(some_but_never(mass, says("lymphadenopathy"))),
    )
    yield from ask(
        fam,
        "pts w both a part-solid nodule and a ggn",
        "patient",
        history(each_on_some(nod(att("part-solid")), nod(att("ground-glass")))),
    )
    yield from ask(
        fam,
        "patients with a mass or a pneumothorax",
        "patient",
        pids(lambda s: mass(s) or kind("pneumothorax")(s)),
    )
    yield from ask(
        fam,
        "Dear team, for the audit could you send me the list of patients who had consolidation "
        "and also lymphadenopathy on some report? Many thanks, J.",
        "patient",
        history(each_on_some(kind("consolidation"), says("lymphadenopathy"))),
    )
    yield from ask(
        fam,
        "pts never diagnosed with a pneumothorax who had a chest xray",
        "patient",
        history(some_but_never(cxr, kind("pneumothorax"))),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    yield from ask(fam, "lungrads 4B exams", "study", sids(cat_in("4B")))
    yield from ask(
        fam,
        "2025 ldcts lung-rads 3 or above",
        "study",
        sids(ldct, in_year(2025), cat_in("3", "4A", "4B", "4X")),
    )
    yield from ask(
        fam,
        "Good afternoon, please send me the patients whose highest Lung-RADS category ever was "
        "4A. Regards, screening office",
        "patient",
        history(lambda m: highest(m) == "4A"),
    )
    yield from ask(fam, "how many lung rads 2 studies", "count", count(cat_in("2")))
    ldcts24 = [s for s in studies() if ldct(s) and in_year(2024)(s)]
    yield from ask(
        fam,
        "2024 screening cts split out by lung-rads, counts please",
        "groups",
        _groups(category, ldcts24),
    )
    yield from ask(fam, "Which studies were categorised Lung-RADS 4X?", "study", sids(cat_in("4X")))
    yield from ask(
        fam, "lr1 chest cts done at CT01", "study", sids(chest_ct, at_station("CT01"), cat_in("1"))
    )
    yield from ask(
        fam,
        "any patient with a lung-rads 4 study",
        "patient",
        pids(cat_in("4A", "4B", "4X")),
    )
    yield from ask(
        fam,
        "scans where the lung-rads category went up from the previous one",
        "study",
        sids(went(1)),
    )
    yield from ask(
        fam,
        "pts upgraded from lr 2 to lr 3",
        "patient",
        pids(went_from("2", ("3",))),
    )
    yield from ask(fam, "ldcts below lung-rads 3", "study", sids(ldct, cat_in("1", "2")))
    pool = [(y, c) for y in (2023, 2024, 2025, 2026) for c in ("1", "2", "3", "4A", "4B", "4X")]

    def share(yc: tuple[int, str]) -> float | None:
        whole = [s for s in studies() if ldct(s) and in_year(yc[0])(s)]
        return pct(sum(1 for s in whole if category(s) == yc[1]), len(whole))

    y, c = _fit(rng, pool, lambda yc: share(yc) is not None)
    yield from ask(
        fam,
        f"of the low dose cts done in {y}, what percent came back lung-rads {c.lower()}",
        "value",
        share((y, c)),
    )
    yield from ask(
        fam,
        "patients whose worst lung-rads on record is 2",
        "patient",
        history(lambda m: highest(m) == "2"),
    )
    yield from ask(
        fam,
        "women's ldcts that are lr 4a or higher",
        "study",
        sids(ldct, sex_is("F"), cat_in("4A", "4B", "4X")),
    )
    yield from ask(
        fam,
        "number of lung-rads four x studies in twenty twenty five",
        "count",
        count(cat_in("4X"), in_year(2025)),
    )
    yield from ask(
        fam,
        "pts w a lr 3 and never a lr 4",
        "patient",
        history(some_but_never(cat_in("3"), cat_in("4A", "4B", "4X"))),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    noduls = nodule_rows()
    n, ids = untied(noduls, lambda f: -f["diameter_mm"], "finding_id", rng.randint(3, 6))
    yield from ask(fam, f"{n} largest nodules", "finding", ids)
    people = pats()
    n, ids = untied(people, lambda p: p["birth_date"], "patient_id", rng.randint(3, 5))
    yield from ask(
        fam,
        f"Could you identify the {n} patients with the earliest birth dates overall?",
        "patient",
        ids,
    )
    rows = [s for s in studies() if ldct(s)]
    n, ids = untied(rows, lambda s: [-ord(ch) for ch in s["study_date"]], "study_uid", 3)
    yield from ask(fam, f"the {n} most recent ldcts", "study", ids)
    per: Counter[str] = Counter(study_of(f)["patient_id"] for f in noduls)
    prow = [{"patient_id": p["patient_id"], "k": -per[p["patient_id"]]} for p in people]
    n, ids = untied(prow, lambda r: r["k"], "patient_id", 1)
    yield from ask(
        fam,
        "the single patient with the most nodules"
        if n == 1
        else f"the {n} pts carrying the most nodules",
        "patient",
        ids,
    )
    masses = _kind_rows("mass")
    n, ids = untied(masses, lambda f: f["volume_mm3"], "finding_id", 3)
    yield from ask(fam, f"the {SPELT.get(n, str(n))} smallest masses by volume", "finding", ids)
    calc = nodule_rows(calcified)
    n, ids = untied(calc, lambda f: -f["mean_hu"], "finding_id", 1)
    yield from ask(
        fam,
        "densest calcified nodule" if n == 1 else f"{n} densest calcified nodules",
        "finding",
        ids,
    )
    spic = nodule_rows(margin("spiculated"))
    n, ids = untied(spic, lambda f: f["volume_mm3"], "finding_id", 4)
    yield from ask(fam, f"spiculated nodules, lowest {n} by vol", "finding", ids)
    effs = _kind_rows("pleural_effusion")
    n, ids = untied(effs, lambda f: -f["volume_mm3"], "finding_id", 3)
    yield from ask(fam, f"top {n} pleural effusions by volume", "finding", ids)
    heads = [s for s in studies() if head_ct(s)]
    n, ids = untied(heads, lambda s: s["study_date"], "study_uid", 4)
    yield from ask(
        fam, f"which {n} ct head exams carry the earliest study dates in the archive", "study", ids
    )
    ggn = nodule_rows(att("ground-glass"))
    n, ids = untied(ggn, lambda f: -f["long_axis_mm"], "finding_id", 5)
    yield from ask(fam, f"top {n} ggns by long axis", "finding", ids)
    psn = nodule_rows(att("part-solid"))
    n, ids = untied(psn, lambda f: -f["solid_component_mm"], "finding_id", 3)
    yield from ask(
        fam, f"Which {n} part-solid nodules have the largest solid component?", "finding", ids
    )
    women = [p for p in people if p["sex"] == "F"]
    n, ids = untied(women, lambda p: [-ord(ch) for ch in p["birth_date"]], "patient_id", 3)
    yield from ask(fam, f"the {n} women born most recently", "patient", ids)
    n, ids = untied(noduls, lambda f: -f["volume_mm3"], "finding_id", 5)
    yield from ask(fam, f"give me {n} nodules, biggest volume first", "finding", ids)
    eff = _kind_rows("pleural_effusion")
    n, ids = untied(eff, lambda f: -f["confidence"], "finding_id", 2)
    yield from ask(fam, f"{n} most confident pleural effusion findings", "finding", ids)


def stats(rng: random.Random) -> Rows:
    fam = "stats"
    noduls = nodule_rows()
    yield from ask(
        fam, "average nodule diameter", "value", mean_of([f["diameter_mm"] for f in noduls])
    )
    yield from ask(
        fam,
        "mean volume of masses in cc",
        "value",
        mean_of([f["volume_mm3"] / 1000 for f in _kind_rows("mass")]),
    )
    yield from ask(
        fam,
        "GGNs - median mean-HU value",
        "value",
        median_of([f["mean_hu"] for f in nodule_rows(att("ground-glass"))]),
    )
    yield from ask(
        fam,
        "What is the average confidence of the pneumothorax findings?",
        "value",
        mean_of([f["confidence"] for f in _kind_rows("pneumothorax")]),
    )
    everyone = pats()
    every = studies()
    l_all = [s for s in every if ldct(s)]
    y24 = [s for s in every if in_year(2024)(s)]
    chest = [s for s in every if chest_ct(s)]
    heads = [s for s in every if head_ct(s)]
    shares: list[tuple[str, float | None]] = [
        ("what % of patients are men", pct(sum(p["sex"] == "M" for p in everyone), 600)),
        ("what percentage of patients are women", pct(sum(p["sex"] == "F" for p in everyone), 600)),
        ("percentage of all studies that were ct angios", pct(sum(map(cta, every)), len(every))),
        ("percentage of all studies that were head cts", pct(sum(map(head_ct, every)), len(every))),
        ("pct of ldcts done at CT01", pct(sum(map(at_station("CT01"), l_all)), len(l_all))),
        (
            "what percent of ldcts were performed at CT02",
            pct(sum(map(at_station("CT02"), l_all)), len(l_all)),
        ),
        ("% of head cts done at ct01", pct(sum(map(at_station("CT01"), heads)), len(heads))),
        ("% of 2024 studies that were ldcts", pct(sum(map(ldct, y24)), len(y24))),
        ("% of chest cts that were lung-rads 4x", pct(sum(map(cat_in("4X"), chest)), len(chest))),
        ("lung-rads 3 as a % of chest cts", pct(sum(map(cat_in("3"), chest)), len(chest))),
        ("% of all studies that were chest x-rays", pct(sum(map(cxr, every)), len(every))),
    ]
    rng.shuffle(shares)
    for question, value in [x for x in shares if x[1] is not None][:4]:
        yield from ask(fam, question, "value", value)
    yield from ask(
        fam,
        "on average how many nodules does a screening ct show",
        "value",
        mean_of([len(nods(s)) for s in l_all]),
    )
    yield from ask(
        fam,
        "average long axis of spiculated nodules",
        "value",
        mean_of([f["long_axis_mm"] for f in nodule_rows(margin("spiculated"))]),
    )
    yield from ask(
        fam,
        "part-solid nods: mean solid comp (mm)",
        "value",
        mean_of([f["solid_component_mm"] for f in nodule_rows(att("part-solid"))]),
    )
    yield from ask(
        fam,
        "median diameter of calcified nodules",
        "value",
        median_of([f["diameter_mm"] for f in nodule_rows(calcified)]),
    )
    yield from ask(
        fam, "exam counts by scanner station", "groups", _groups(lambda s: s["station"], every)
    )
    yield from ask(
        fam,
        "M/F/O split of the patient list (counts)",
        "groups",
        _groups(lambda p: p["sex"], everyone),
    )
    yield from ask(
        fam,
        "how are nodules distributed over the lobes - counts",
        "groups",
        _groups(lambda f: f["lobe"], noduls),
    )
    yield from ask(
        fam,
        "Could you give me the mean number of nodules per patient, counting every patient?",
        "value",
        mean_of([sum(len(nods(s)) for s in own(p["patient_id"])) for p in everyone]),
    )
    yield from ask(
        fam,
        "average # of studies per pt",
        "value",
        mean_of([len(own(p["patient_id"])) for p in everyone]),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield from ask(fam, "emphysema on report", "study", sids(says("emphysema")))
    yield from ask(fam, "pts with lymphadenopathy", "patient", pids(says("lymphadenopathy")))
    yield from ask(
        fam, "exams whose report explicitly says no emphysema", "study", sids(denies("emphysema"))
    )
    yield from ask(fam, "ldcts without emphysema", "study", sids(ldct, neg(says("emphysema"))))
    yield from ask(
        fam,
        "Which studies mention coronary artery calcification in the report?",
        "study",
        sids(says("coronary")),
    )
    yield from ask(fam, "granuloma in the report", "study", sids(says("granuloma")))
    yield from ask(
        fam,
        "pts where emphysema was never once reported",
        "patient",
        history(lambda m: not any(map(says("emphysema"), m))),
    )
    yield from ask(
        fam,
        "how many reports state no lymphadenopathy",
        "count",
        count(denies("lymphadenopathy")),
    )
    yield from ask(
        fam,
        "emphysema and a spiculated nodule on the same ct",
        "study",
        sids(says("emphysema"), nod(margin("spiculated"))),
    )
    yield from ask(fam, "emphysma pts", "patient", pids(says("emphysema")))
    yield from ask(
        fam,
        "coronary calcification called in the report, males older than sixty-five, which exams",
        "study",
        sids(says("coronary"), sex_is("M"), lambda s: ref.age(s) > 65),
    )
    yield from ask(
        fam,
        "neg for lymphadenopathy ldcts in 2025",
        "study",
        sids(denies("lymphadenopathy"), ldct, in_year(2025)),
    )
    yield from ask(
        fam,
        "mass on chest ct, emphysema absent from that report",
        "study",
        sids(chest_ct, kind("mass"), neg(says("emphysema"))),
    )
    yield from ask(
        fam,
        "granuloma mentioned by the radiologist - patient count",
        "count",
        len(pids(says("granuloma"))),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    yield from ask(
        fam,
        "interval nodule enlargement - which exams",
        "study",
        *[sids(fstudy(t)) for t in grew_readings()],
    )
    g = _fit(
        rng,
        [2, 2.5, 3, 3.5, 4],
        lambda x: agreed(*[pids(fstudy(t)) for t in grew_readings(x)]) is not None,
    )
    yield from ask(
        fam,
        f"pts w nodule growth > {g} mm",
        "patient",
        *[pids(fstudy(t)) for t in grew_readings(g)],
    )
    yield from ask(
        fam,
        "count of nodules first appearing on 2026 scans (new ones)",
        "count",
        *[_fcount(new(m), where=in_year(2026)) for m in (False, True)],
    )
    yield from ask(
        fam,
        "studies with a new lesion",
        "study",
        sids(lambda s: any(new(True)(f) for f in fo(s))),
    )
    yield from ask(
        fam,
        "RLL nodule unchanged from prior - the studies",
        "study",
        *[sids(fstudy(stable(r, m), in_lobe("RLL"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        fam,
        "Which patients have a nodule whose size went up by at least 3 mm since the prior exam?",
        "patient",
        *[pids(fstudy(t)) for t in grew_readings(3, True)],
    )
    yield from ask(
        fam,
        "new solid nodules",
        "study",
        *[sids(fstudy(new(m), att("solid"))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "any pt with a nodule that got smaller?",
        "patient",
        pids(
            lambda s: any(
                f["kind"] in ("nodule", "mass") and d < -1.5 for f in fo(s) for d in [_change(f)]
            )
        ),
    )
    yield from ask(
        fam,
        "growing solid nodules on ldcts in 2025",
        "study",
        *[
            sids(
                ldct,
                in_year(2025),
                fstudy(t, att("solid")),
            )
            for t in grew_readings()
        ],
    )
    yield from ask(
        fam,
        "number of new lesions larger than 6 mm",
        "count",
        _fcount(new(True), gt("diameter_mm", 6)),
    )
    yield from ask(
        fam,
        "new lesions in the RUL - which patients",
        "patient",
        pids(lambda s: any(new(True)(f) and f["lobe"] == "RUL" for f in fo(s))),
    )
    yield from ask(
        fam,
        "2024 ldcts where a nodule grew by more than two millimeters since the prior",
        "study",
        *[sids(ldct, in_year(2024), fstudy(t)) for t in grew_readings(2)],
    )
    yield from ask(
        fam,
        "interval growth of a nodule in a woman - which patients",
        "patient",
        *[pids(sex_is("F"), fstudy(t)) for t in grew_readings()],
    )


def _change(f: Row) -> float:
    from blind_reference import changes  # noqa: PLC0415

    return changes(False).get(f["finding_id"], 0.0)


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    yield from ask(fam, "women over 70", "patient", pids(sex_is("F"), lambda s: ref.age(s) > 70))
    yield from ask(
        fam,
        "men aged 55-65 with an ldct",
        "patient",
        pids(sex_is("M"), ldct, lambda s: 55 <= ref.age(s) <= 65),
        history(each_on_some(ldct, both_(sex_is("M"), lambda s: 55 <= ref.age(s) <= 65))),
    )
    yield from ask(fam, "pts in their sixties", "patient", pids(lambda s: 60 <= ref.age(s) <= 69))
    everyone = pats()
    yield from ask(fam, "female headcount", "count", sum(p["sex"] == "F" for p in everyone))
    yield from ask(
        fam,
        "pts whose gender field says other",
        "patient",
        sorted(p["patient_id"] for p in everyone if p["sex"] == "O"),
    )
    yield from ask(
        fam,
        "octogenarians with nodules",
        "patient",
        pids(nod(), lambda s: 80 <= ref.age(s) <= 89),
        history(each_on_some(nod(), lambda s: 80 <= ref.age(s) <= 89)),
    )
    yield from ask(
        fam, "2025 low dose cts of male pts", "study", sids(ldct, sex_is("M"), in_year(2025))
    )
    yield from ask(fam, "patients under fifty", "patient", pids(lambda s: ref.age(s) < 50))
    yield from ask(
        fam,
        "men between 50 and 60 years old",
        "patient",
        pids(sex_is("M"), lambda s: 50 <= ref.age(s) <= 60),
    )
    yield from ask(
        fam,
        "how many patients aged eighty or older",
        "count",
        len(pids(lambda s: ref.age(s) >= 80)),
    )
    yield from ask(
        fam,
        "Tell me how many of our patients are men.",
        "count",
        sum(p["sex"] == "M" for p in everyone),
    )
    yield from ask(
        fam,
        "female pts 45 to 55 w ggns",
        "patient",
        pids(sex_is("F"), nod(att("ground-glass")), lambda s: 45 <= ref.age(s) <= 55),
        history(
            each_on_some(
                nod(att("ground-glass")), both_(sex_is("F"), lambda s: 45 <= ref.age(s) <= 55)
            )
        ),
    )
    yield from ask(
        fam,
        "Which women older than 75 had a head CT?",
        "patient",
        pids(sex_is("F"), head_ct, lambda s: ref.age(s) > 75),
        history(each_on_some(head_ct, both_(sex_is("F"), lambda s: ref.age(s) > 75))),
    )
    yield from ask(
        fam,
        "male head ct exams, number of",
        "count",
        count(sex_is("M"), head_ct),
    )
    yield from ask(
        fam, "septuagenarian women", "patient", pids(sex_is("F"), lambda s: 70 <= ref.age(s) <= 79)
    )
    yield from ask(
        fam,
        "pts 85+ years old",
        "patient",
        pids(lambda s: ref.age(s) >= 85),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield from ask(fam, "ct01 head cts", "study", sids(head_ct, at_station("CT01")))
    yield from ask(fam, "dx01 studies 2024", "study", sids(at_station("DX01"), in_year(2024)))
    yield from ask(fam, "pe cts performed on CT02", "study", sids(cta, at_station("CT02")))
    yield from ask(
        fam,
        'consolidation seen on a "CT CHEST W/O CONTRAST" exam',
        "study",
        sids(lambda s: s["description"] == "CT CHEST W/O CONTRAST", kind("consolidation")),
    )
    yield from ask(fam, "PTX on CXR", "study", sids(cxr, kind("pneumothorax")))
    yield from ask(
        fam,
        "What is the total number of exams acquired on the CT02 scanner?",
        "count",
        count(at_station("CT02")),
    )
    yield from ask(fam, "all radiographs in 2026", "study", sids(cxr, in_year(2026)))
    yield from ask(
        fam,
        "ich on ct head",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield from ask(
        fam,
        "Hello, for the PE audit I need the CTPAs that showed a pleural effusion. Cheers, Dr K",
        "study",
        sids(cta, kind("pleural_effusion")),
    )
    yield from ask(
        fam,
        "number of ldcts at ct02 in 2023",
        "count",
        count(ldct, at_station("CT02"), in_year(2023)),
    )
    yield from ask(
        fam,
        "ldcts per station in q1 2025",
        "groups",
        _groups(lambda s: s["station"], [s for s in studies() if ldct(s) and quarter(2025, 1)(s)]),
    )
    yield from ask(
        fam,
        "CT vs DX exam counts",
        "groups",
        _groups(lambda s: s["modality"], studies()),
    )
    yield from ask(
        fam,
        "patients who had a CT head at CT02",
        "patient",
        pids(head_ct, at_station("CT02")),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield from ask(fam, "rul nodules", "study", sids(nod(in_lobe("RUL"))))
    yield from ask(
        fam,
        "RML nodule bigger than 6mm",
        "study",
        sids(nod(in_lobe("RML"), gt("diameter_mm", 6))),
    )
    yield from ask(fam, "mass, LLL", "study", sids(kind("mass", in_lobe("LLL"))))
    yield from ask(fam, "LUL ggn", "study", sids(nod(in_lobe("LUL"), att("ground-glass"))))
    yield from ask(
        fam,
        "pts with a nodule in the RUL and one in the LLL on the same ct",
        "patient",
        pids(nod(in_lobe("RUL")), nod(in_lobe("LLL"))),
    )
    yield from ask(
        fam,
        "how many nodule findings in the left upper lobe",
        "count",
        _fcount(is_nodule, in_lobe("LUL")),
    )
    yield from ask(
        fam,
        "Which studies have a spiculated nodule in either lower lobe (RLL or LLL)?",
        "study",
        sids(nod(in_lobe("RLL", "LLL"), margin("spiculated"))),
    )
    yield from ask(fam, "consolidation rml", "study", sids(kind("consolidation", in_lobe("RML"))))
    yield from ask(
        fam,
        "calcified nodules, left lower lobe, ct01",
        "study",
        sids(at_station("CT01"), nod(calcified, in_lobe("LLL"))),
    )
    yield from ask(
        fam,
        "any rul lesion exceeding thirty mm",
        "study",
        sids(lesion(in_lobe("RUL"), gt("diameter_mm", 30))),
    )
    yield from ask(
        fam,
        "part solid nodules RLL - patients",
        "patient",
        pids(nod(in_lobe("RLL"), att("part-solid"))),
    )
    yield from ask(
        fam,
        "average diameter of LUL nodules",
        "value",
        mean_of([f["diameter_mm"] for f in nodule_rows(in_lobe("LUL"))]),
    )


def features(rng: random.Random) -> Rows:
    fam = "features"
    yield from ask(fam, "spiculated nodules", "study", sids(nod(margin("spiculated"))))
    yield from ask(
        fam,
        "solid nod, lobulated contour, >8mm",
        "study",
        sids(nod(margin("lobulated"), att("solid"), gt("diameter_mm", 8))),
    )
    yield from ask(
        fam, "smooth-margined nodules on ct angios", "study", sids(cta, nod(margin("smooth")))
    )
    yield from ask(fam, "calcified nods pts", "patient", pids(nod(calcified)))
    yield from ask(
        fam,
        "non-calcified solid nodules 6 mm or larger",
        "study",
        sids(nod(uncalcified, att("solid"), ge("diameter_mm", 6))),
    )
    yield from ask(fam, "psn", "study", sids(nod(att("part-solid"))))
    yield from ask(
        fam,
        "pure ground glass nodules 2024",
        "study",
        sids(in_year(2024), nod(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "men with subsolid nodules",
        "patient",
        pids(sex_is("M"), nod(subsolid)),
    )
    yield from ask(
        fam,
        "number of part-solid nodules that have spiculation",
        "count",
        _fcount(is_nodule, margin("spiculated"), att("part-solid")),
    )
    yield from ask(
        fam,
        "Please find chest CTs showing a calcified nodule together with a spiculated one.",
        "study",
        sids(chest_ct, nod(calcified), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "ggo with lobulated margins",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated"))),
    )
    yield from ask(
        fam,
        "no calcified nodules but a solid nodule over 15 mm, ldct",
        "study",
        sids(ldct, neg(nod(calcified)), nod(att("solid"), gt("diameter_mm", 15))),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    many = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 3]
    p1 = _fit(rng, many, lambda p: len({s["study_date"] for s in own(p)}) >= 2)
    mine = own(p1)
    yield from ask(
        fam,
        f"{p1}: days elapsed from the very first exam to the most recent one",
        "value",
        float(days_between(mine[0]["study_date"], mine[-1]["study_date"])),
    )
    p2 = _fit(rng, many, lambda p: len(_mine(p, chest_ct)) >= 2 and p != p1)
    cc = _mine(p2, chest_ct)
    yield from ask(
        fam,
        f"how many months from the first to the latest chest ct for {p2}",
        "value",
        days_between(cc[0]["study_date"], cc[-1]["study_date"]) / 30.4375,
    )
    yield from ask(
        fam,
        "f/u span longer than two years - pts",
        "patient",
        _followed(24, ANY, False),
    )
    yield from ask(
        fam,
        "Which patients have 30 or more months of follow-up imaging?",
        "patient",
        _followed(30, ANY, True),
    )
    gaps = _gaps(ldct)
    yield from ask(
        fam,
        "Morning! Could you work out the median interval, in days, between consecutive LDCTs? "
        "Best, R.",
        "value",
        median_of([float(days_between(a, b)) for _, a, b in gaps]),
    )
    yield from ask(
        fam,
        "pts where two successive exams were > 13 months apart",
        "patient",
        sorted({p for p, a, b in _gaps(ANY) if b > months_on(a, 13)}),
    )
    yield from ask(
        fam,
        "first and latest ldct more than 3 years apart - which pts",
        "patient",
        _followed(36, ldct, False),
    )
    spans = [
        days_between(m[0]["study_date"], m[-1]["study_date"]) / 365.25
        for m in (own(p["patient_id"]) for p in pats())
        if len({s["study_date"] for s in m}) >= 2
    ]
    yield from ask(fam, "average follow-up duration in years", "value", mean_of(spans))
    p4 = _fit(rng, many, lambda p: len({s["study_date"] for s in own(p)}) >= 2 and p != p1)
    m4 = own(p4)
    yield from ask(
        fam,
        f"weeks from first to last scan, patient {p4}",
        "value",
        days_between(m4[0]["study_date"], m4[-1]["study_date"]) / 7,
    )
    p3 = _fit(rng, many, lambda p: len(_mine(p, ldct)) >= 2 and p not in (p1, p2))
    ll = _mine(p3, ldct)
    yield from ask(
        fam,
        f"{p3} screening history: years from initial ldct to latest ldct",
        "value",
        days_between(ll[0]["study_date"], ll[-1]["study_date"]) / 365.25,
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
    """Every question of this part, drawn with :data:`SEED`; refuses a repeated question."""
    LEFT_OUT.clear()
    rng = random.Random(SEED)
    out: list[Item] = []
    seen: set[str] = set()
    for family in FAMILIES:
        for item in family(rng):
            if item.question in seen:
                raise AssertionError(f"repeated question: {item.question!r}")
            seen.add(item.question)
            out.append(item)
    return out
