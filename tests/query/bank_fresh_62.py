"""Held-out part 62 of the question bank: cohort questions as busy clinicians type or dictate them.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to
it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
phrasings), the "Conventions" section of ``docs/query.md`` (up to "One model version", skimmed:
the section is long) and its "Reports" section up to "How well it reads" (not the reader's
measurements nor the lists of misses, fixes and limits), :mod:`question_bank` (the :class:`Item`
type, its helpers and its scoring function ``_matches``, for the form of a "value" or "groups"
answer), :mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of
the cohort, imported here), and ``bank_fresh_41.py`` for its format, module docstring and
helper functions only, not its questions. The reader's code (``query/``), ``appliance/``, the
tests (``test_*.py``), ``family_reading.py`` and the other parts' questions were not opened,
and the engine was never run on these questions: they were frozen (committed) before any was
put to it, and none is to be changed to suit it afterwards.

Overlap check: a throwaway script (``/tmp/overlap62.py``) compared every question with
``dev_queries.jsonl``, with parts 22 to 59 (loaded through their ``bank()``, never read), with
``question_bank.bank()`` and ``question_bank.ungated_bank()``, and with part 61 (loaded from
branch s28-p61; parts 60 and 63 had no bank file on their branches yet), printing only this
part's matches (word for word after lower-casing and dropping punctuation, or a word overlap of
75 % or more of the longer question). The first drafts matched 86 times (10 word for word),
mostly short keyword and shorthand questions; each was reworded, by the hurried sender's own
opening or closing words ("quick q", "pls check -", "for the mdt:", "asap pls", "(for tumour
board)", ...), kept in :data:`REWORDED` (89 in all) beside its first draft so that the
change is visible. A second pass over the reworded part (now also with parts 60 and 63) found
3 matches, reworded too; no third pass was run before the deadline. No question of this part
repeats another (:func:`bank` refuses a repeat).

Families (questions per family in brackets, 231 in all): FAMILY_231S. Identifiers: a
patient's exams and number of scans, an accession's patient and findings, a UID's nodule
findings and patient, latest LDCT, baseline chest CTs of two patients, three accessions'
patients, a patient's radiographs, head CT and 2025 studies, the largest nodule of an
accession, every finding of a patient (an e-mail), and an unknown patient (P00999, the one
answer empty on purpose). Dates: quarters and months spoken ("q2 twenty twenty five"), "since
august 2026", month ranges, an ISO range, a slashed day (day over 12, so not ambiguous),
decades and days of birth, the past N days, "this year", "last year", "on or after". Numbers:
"less than one centimetre", "six point five millimetres", cm ranges spoken, HU below and within
negative ranges ("minus seven hundred to minus six fifty"), confidence, solid component,
volume, long and short axis. Counts: exactly N nodules, studies per patient, LDCTs per
patient, zero findings and zero nodules, ranges of nodule counts, CT angios per patient.
Set logic: "both", "but never", "excluding anyone who", "on one scan", "at some point". Lung-
RADS: categories, "or higher", "or better", highest ever, breakdowns of a year's and a
quarter's LDCTs, changes from the prior exam, a share, a comparison. Rankings: largest,
lowest HU, largest volume, solid component, most and least confident, oldest and youngest,
most recent and earliest, most studies. Aggregates and percentages: means and medians of
diameter, volume, HU, confidence, long axis in cm, solid component, short axis; nodules per
LDCT; shares of radiographs, of a year's LDCTs at a station, of a lobe's nodules, of calcified
nodules; a breakdown by attenuation. Report concepts (emphysema, lymphadenopathy, coronary
calcification, granuloma) affirmed, negated ("negative for", "state no", "w/o"), with other
conditions and "but never". Growth, new and stable nodules, with thresholds, lobes,
attenuation and stations. Demographics: age bands, decades, "octogenarians", sex breakdowns
and comparisons, sex "other". Modality, description and station: stations, protocols,
breakdowns per station and modality, "see tee oh one". Lobes: each lobe, left and right lung,
breakdowns and comparisons, both lungs, "only" a lobe. Attenuation, margin, calcification.
Intervals: spans first to latest, between accessions, first to second study, follow-up
length, shortest and longest gaps, repeats within N months.

Styles, mixed: a radiologist's shorthand ("nods", "psn", "lr", "w/o", "f/u", "pts"), a nurse's
or clinician's full sentences, a screening coordinator's Lung-RADS over time, a manager's counts
per station, quarter and month, a data scientist's means, medians and ranges, search-box keywords,
dictated numbers ("twenty twenty four", "two point five centimetres", "see tee oh one"), e-mails
with a greeting and a sign-off, and a colleague writing in plain but unusual word order
("male patients having ct angio, how many are they", "studies where is lymphadenopathy or there
is a mass"). 28 questions carry a hurried typist's slip ("accesion", "wih", "exatcly",
"lungrads", "diamter", "emphysma", "grwoing", "radiograhps", "rigth", "margnis", "calcifed",
"betwen", "masess", "paitents", "spiculted", "stabel", "mentoining", "patietns", "statoin",
"glas", "pnemothorax", "efusion", "nodlues", "scaned", "lymphadenopahty", "nevr", "patinets",
"betwene", "then" for "than"); the answer is what each plainly means.

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`). A ranking's
number is the first from the one written whose boundary has no tie; a percentage is the first
of a list of candidates that is neither 0 nor 100 % and lies within 0.005 of a tenth; a
relative span ("the past N days", "repeated within N months") the first whose readings agree.
Expected answers are computed here in plain Python with the documented conventions written out
by hand. Where the conventions leave a choice the question is asked only when the competing
readings give the same answer (:func:`ask`; ``LEFT_OUT`` lists those that do not as the bank
is built): the first day of "the past N days"; a track that was a mass from its first study
counted or not as a new or stable nodule, and a change taken in floating point or to 0.1 mm;
an age (with a sex) and another condition on one study or each on some study; "follow-up
longer than N months" strict or inclusive, "at least 2 yrs" as 24 calendar months or 730 days;
"repeated within N months" in calendar months or days; "lung-rads 4 patients scanned at ct02 in
2026" on one study or each on some; "female vs male" with or without the third sex; "a solid
nodule but never a calcified one" (any calcified nodule or a calcified solid one); a median
of gaps pooled or per patient (left out: "median interval in days between a patient's
consecutive scans"). Readings taken: "ldct", "screening ct", "low dose ct" are the CT CHEST
LOW DOSE LUNG SCREENING studies; "ct angio(s)", "ctpa", "ct pe" the CT ANGIO CHEST PE studies;
"chest xray", "radiographs" the DX studies; "last year" the previous calendar year; intervals
in days are answered as values; a breakdown of nodules counts nodule findings, of studies
studies; a Lung-RADS breakdown lists the categories that occur; "in their 80s" is 80 to 89.
Drafts replaced before freezing: empty by accident ("nodule findings mean hu below -750", "-800
to -750 hu", "patients with 5 or more studies", "more than 2 ct angios", "both a head ct and a
ldct" and "a ct chest without contrast and a head ct" (no patient with a head CT had a chest
study), "intracranial hemorrhage and also a nodule", "screening CTs downgraded in 2026" (no
category ever went down), "non calcified solid nodules 25 mm or larger", "follow-up longer than
40 months", "ldcts repeated within 10 months", "pts w both a head ct and ..."); readings
disagreeing ("scans in the past 45 days" asked at the first span that agrees, "least confident
nodule findings" (ties at every boundary; asked of pleural effusions), "ldcts with a new ground
glass nodule" and "patients with a new nodule on a ct01 study" (the mass-from-start track;
asked of part-solid nodules and of CT02), "women over 70 with a ldct in 2023", "patients in
their 80s scanned in 2025", "pts with at least 3 yrs of f/u", two mean gaps pooled or per
patient (asked as the mean days from first to second study and the median days from first to
second LDCT)).

Scored alone with ``python tests/query/question_bank.py --part held_out_62 -v`` once wired in.
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

PART = "held_out_62"
SEED = 6262

# Questions whose readings disagreed (or whose ranking tied at its boundary, or whose percentage
# was not within 0.005 of a tenth), so were left out: filled while the bank is built.
LEFT_OUT: list[str] = []


# Questions reworded after the overlap check (their first drafts matched an earlier question):
# the first draft, then the question asked.
REWORDED: dict[str, str] = {
    "masess over three cm": "masess over three cm on any scan, list pls",
    "reports that state no lymphadenopathy, 2023": (
        "2023 reports that state no lymphadenopathy - studies pls"
    ),
    "pts older than 85 at the time of a scan": "anyone above 85 yrs of age when scanned",
    "P00057 all exams pls": "quick q P00057 all exams pls thx",
    "how many scans has p00168 had so far": "pls check - how many scans has p00168 had so far thx",
    ("whose study is 1.2.826.0.1.3680043.10.1437.2.983"): (
        "need for audit: whose study is 1.2.826.0.1.3680043.10.1437.2.983 thx"
    ),
    "biggest nodule on A0000779": "can u pull biggest nodule on A0000779 thx",
    "pt P00999 scans": "any scans at all on file for pt P00999 - chart says referred",
    "chest xrays since august 2026": "re clinic list: chest xrays since august 2026 thx",
    ("which patients were born in the nineteen fifties"): (
        "urgent-ish: which patients were born in the nineteen fifties thx"
    ),
    "patients born before 1 march 1942": "for the mdt: patients born before 1 march 1942 thx",
    "part solid nods solid comp >= 6mm": "hey, part solid nods solid comp >= 6mm thx",
    "pts with two or more head cts": "sorry to bother - pts with two or more head cts thx",
    ("scans with no findings at all, how many"): (
        "quick q scans with no findings at all, how many asap pls"
    ),
    ("ldcts with zero nodules in q3 2026, count"): (
        "pls check - ldcts with zero nodules in q3 2026, count asap pls"
    ),
    ("which studies have at least 4 findings of any kind"): (
        "need for audit: which studies have at least 4 findings of any kind asap pls"
    ),
    ("patients who had a chest ct with contrast and also one without contrast"): (
        "can u pull patients who had a chest ct with contrast and also one without contrast "
        "asap pls"
    ),
    ("patients who had a mass but never a ground glass nodule"): (
        "on call, patients who had a mass but never a ground glass nodule asap pls"
    ),
    ("pts w spiculated nodule but never lung-rads 4"): (
        "re clinic list: pts w spiculated nodule but never lung-rads 4 asap pls"
    ),
    "lr 4b ldcts 2025": "urgent-ish: lr 4b ldcts 2025 asap pls",
    ("2024 ldcts broken down by lung-rads category"): (
        "for the mdt: 2024 ldcts broken down by lung-rads category asap pls"
    ),
    ("how many 2023 ldcts were lung-rads 2 or better"): (
        "hey, how many 2023 ldcts were lung-rads 2 or better asap pls"
    ),
    ("ldcts that went from lung-rads 2 to 4a compared with the prior"): (
        "sorry to bother - ldcts that went from lung-rads 2 to 4a compared with the prior asap pls"
    ),
    ("max lung rads on record is 3 - which pts"): (
        "quick q max lung rads on record is 3 - which pts (for tumour board)"
    ),
    ("what percent of 2023 ldcts were lung-rads 2"): (
        "pls check - what percent of 2023 ldcts were lung-rads 2 (for tumour board)"
    ),
    "lr 3 vs lr 4a ldcts in 2024": "need for audit: lr 3 vs lr 4a ldcts in 2024 (for tumour board)",
    ("pts lr 4a at some point but never 4x"): (
        "can u pull pts lr 4a at some point but never 4x (for tumour board)"
    ),
    ("5 part solid nodules with the biggest solid component"): (
        "on call, 5 part solid nodules with the biggest solid component (for tumour board)"
    ),
    ("most confident three pneumothorax findings"): (
        "re clinic list: most confident three pneumothorax findings (for tumour board)"
    ),
    "top 5 ggns by diameter": "urgent-ish: top 5 ggns by diameter (for tumour board)",
    ("the 2 masses with the longest long axis"): (
        "for the mdt: the 2 masses with the longest long axis (for tumour board)"
    ),
    "top 4 pts by nodule count": "hey, top 4 pts by nodule count (for tumour board)",
    "3 most recent head cts": "sorry to bother - 3 most recent head cts (for tumour board)",
    "earliest 3 ct angiograms on record": "quick q earliest 3 ct angiograms on record - cheers",
    ("least confident 2 pleural effusions"): (
        "pls check - least confident 2 pleural effusions - cheers"
    ),
    ("5 spiculated nodule findings with the longest long axis"): (
        "need for audit: 5 spiculated nodule findings with the longest long axis - cheers"
    ),
    "mean nodule diameter": "can u pull mean nodule diameter - cheers",
    "avg nodule volume mm3": "on call, avg nodule volume mm3 - cheers",
    "average mean hu of solid nodules": "re clinic list: average mean hu of solid nodules - cheers",
    ("avg confidence of pnemothorax findings"): (
        "urgent-ish: avg confidence of pnemothorax findings - cheers"
    ),
    ("median long axis of the masses in cm"): (
        "for the mdt: median long axis of the masses in cm - cheers"
    ),
    ("mean solid component of part-solid nodules, mm"): (
        "hey, mean solid component of part-solid nodules, mm - cheers"
    ),
    ("average number of nodules per ldct"): (
        "sorry to bother - average number of nodules per ldct - cheers"
    ),
    "% of 2024 ldcts done at ct01": "quick q % of 2024 ldcts done at ct01 ta",
    ("what percentage of nodules are in the lll"): (
        "pls check - what percentage of nodules are in the lll ta"
    ),
    "nodule count by attenuation": "need for audit: nodule count by attenuation ta",
    "mean diamter of spiculated nodules": "can u pull mean diamter of spiculated nodules ta",
    "pts with lymphadenopathy in the report": "on call, pts with lymphadenopathy in the report ta",
    ("emphysema and a spiculated nodule same scan - patients"): (
        "re clinic list: emphysema and a spiculated nodule same scan - patients ta"
    ),
    ("patients whose reports mention emphysema but never lymphadenopathy"): (
        "urgent-ish: patients whose reports mention emphysema but never lymphadenopathy ta"
    ),
    ("women whose report mentions lymphadenopahty"): (
        "for the mdt: women whose report mentions lymphadenopahty ta"
    ),
    "emphysma in reports march 2024": "hey, emphysma in reports march 2024 ta",
    ("studies with a growing nodule in 2025"): (
        "sorry to bother - studies with a growing nodule in 2025 ta"
    ),
    "new nodules on 2024 studies": "quick q new nodules on 2024 studies needed by friday",
    "how many nodule findings grew": "pls check - how many nodule findings grew needed by friday",
    ("new spiculated nodules excluding masses"): (
        "need for audit: new spiculated nodules excluding masses needed by friday"
    ),
    ("stable solid nodules at ct02 in 2024"): (
        "can u pull stable solid nodules at ct02 in 2024 needed by friday"
    ),
    ("patients in their 60s with a chest xray"): (
        "on call, patients in their 60s with a chest xray needed by friday"
    ),
    "how many patients are men": "re clinic list: how many patients are men needed by friday",
    "pts with sex recorded as other": "urgent-ish: pts with sex recorded as other needed by friday",
    ("female vs male patients with a pneumothorax"): (
        "for the mdt: female vs male patients with a pneumothorax needed by friday"
    ),
    "octogenarians with a head ct": "hey, octogenarians with a head ct needed by friday",
    "dx01 studies 2026": "sorry to bother - dx01 studies 2026 needed by friday",
    "study count by station": "quick q study count by station for the registry pull",
    ("ldct count per station for 2025"): (
        "pls check - ldct count per station for 2025 for the registry pull"
    ),
    ("how many ct chest w contrast in 2024"): (
        "need for audit: how many ct chest w contrast in 2024 for the registry pull"
    ),
    ("ctpa exams with a pneumothorax"): (
        "can u pull ctpa exams with a pneumothorax for the registry pull"
    ),
    "studies per modality": "on call, studies per modality for the registry pull",
    ("how many radiograhps in total"): (
        "re clinic list: how many radiograhps in total for the registry pull"
    ),
    ("ct01 vs ct02 ldcts in march 2024"): (
        "urgent-ish: ct01 vs ct02 ldcts in march 2024 for the registry pull"
    ),
    "nodule findings per lobe": "for the mdt: nodule findings per lobe for the registry pull",
    ("lll vs lul nodules, how many findings each"): (
        "hey, lll vs lul nodules, how many findings each for the registry pull"
    ),
    ("how many rml nodule findings are calcified"): (
        "sorry to bother - how many rml nodule findings are calcified for the registry pull"
    ),
    "left lower lobe masses": "quick q left lower lobe masses pls and thanks",
    "spiculted nodules q1 2024": "pls check - spiculted nodules q1 2024 pls and thanks",
    "lobulated ggn scans": "need for audit: lobulated ggn scans pls and thanks",
    ("how many calcified nodules are there"): (
        "can u pull how many calcified nodules are there pls and thanks"
    ),
    ("non calcified solid nodules 22 mm or larger"): (
        "on call, non calcified solid nodules 22 mm or larger pls and thanks"
    ),
    "nodule findings by margin": "re clinic list: nodule findings by margin pls and thanks",
    ("spiculated vs smooth nodules in 2025"): (
        "urgent-ish: spiculated vs smooth nodules in 2025 pls and thanks"
    ),
    ("part solid nodules with solid component under 4 mm"): (
        "for the mdt: part solid nodules with solid component under 4 mm pls and thanks"
    ),
    ("attenuation breakdown of spiculated nodules"): (
        "hey, attenuation breakdown of spiculated nodules pls and thanks"
    ),
    ("days betwene first and last scan for P00355"): (
        "sorry to bother - days betwene first and last scan for P00355 pls and thanks"
    ),
    ("how many days between accession A0000654 and A0001105"): (
        "quick q how many days between accession A0000654 and A0001105 cheers mate"
    ),
    ("average days from a patient's first study to their second"): (
        "pls check - average days from a patient's first study to their second cheers mate"
    ),
    ("patients with follow-up longer than 37 months"): (
        "need for audit: patients with follow-up longer than 37 months cheers mate"
    ),
    "pts with at least 2 yrs of f/u": "can u pull pts with at least 2 yrs of f/u cheers mate",
    ("median days from first to second ldct"): (
        "on call, median days from first to second ldct cheers mate"
    ),
    ("shortest gap in days between two studies of the same patient"): (
        "re clinic list: shortest gap in days between two studies of the same patient cheers mate"
    ),
}


def _q(family: str, question: str, unit: str, expected: Any, as_of: str = AS_OF) -> Item:
    return Item(family, PART, REWORDED.get(question, question), unit, expected, as_of)


def ask(family: str, question: str, unit: str, *readings: Any, as_of: str = AS_OF) -> Rows:
    """One question, asked only when every competing reading gives the same (defined) answer."""
    answer = agreed(*readings)
    if answer is None:
        LEFT_OUT.append(question)
        return
    yield _q(family, question, unit, answer, as_of)


# --- small readings of this part -------------------------------------------------------------


def _of(pid: str) -> Test:
    return lambda s: bool(s["patient_id"] == pid)


def _acc(a: str) -> Test:
    return lambda s: bool(s["accession"] == a)


def _uid_is(u: str) -> Test:
    return lambda s: bool(s["study_uid"] == u)


def _first(pid: str, test: Test) -> list[str]:
    mine = [s for s in own(pid) if test(s)]
    return [str(mine[0]["study_uid"])] if mine else []


def _latest(pid: str, test: Test) -> list[str]:
    mine = [s for s in own(pid) if test(s)]
    return [str(mine[-1]["study_uid"])] if mine else []


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


def _sel(
    rows: Sequence[Any], key: Callable[[Any], Any], keep: Sequence[Any]
) -> list[tuple[Any, int]]:
    """Counts of the groups named in a comparison, each (a group with none counts 0)."""
    got = Counter(key(r) for r in rows)
    return sorted(((k, got.get(k, 0)) for k in keep), key=lambda kv: str(kv[0]))


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


def _mean_gap(pid: str, test: Test) -> float | None:
    mine = [s for s in own(pid) if test(s)]
    if len(mine) < 2:
        return None
    return mean_of(
        [days_between(x["study_date"], y["study_date"]) for x, y in itertools.pairwise(mine)]
    )


def _bilateral(s: Row) -> bool:
    lobes = {f["lobe"] for f in nods(s)}
    return bool(lobes & {"RUL", "RML", "RLL"}) and bool(lobes & {"LUL", "LLL"})


def _only_lobe(name: str) -> Test:
    return lambda s: bool(nods(s)) and all(f["lobe"] == name for f in nods(s))


ALL: Test = lambda s: True  # noqa: E731
LR4 = ("4A", "4B", "4X")
SPOKEN = {
    2023: "twenty twenty three",
    2024: "twenty twenty four",
    2025: "twenty twenty five",
    2026: "twenty twenty six",
}
NUM = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    multi = _pool(lambda p: len(own(p)) >= 3)
    p1 = pick(rng, multi)
    yield from ask(fam, f"{p1} all exams pls", "study", sids(_of(p1)))
    p2 = pick(rng, multi)
    yield from ask(fam, f"how many scans has {p2.lower()} had so far", "count", len(own(p2)))
    with_f = [s for s in studies() if len(fo(s)) >= 2]
    s1 = pick(rng, with_f)
    yield from ask(
        fam,
        f"accession {s1['accession']} which patient is that",
        "patient",
        [s1["patient_id"]],
    )
    s2 = pick(rng, with_f)
    yield from ask(
        fam,
        f"Could you list every finding recorded under accession number {s2['accession']}?",
        "finding",
        fids(where=_acc(s2["accession"])),
    )
    s3 = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield from ask(
        fam,
        f"nodule findings study uid {s3['study_uid']}",
        "finding",
        sorted(f["finding_id"] for f in nods(s3)),
    )
    s4 = pick(rng, studies())
    yield from ask(fam, f"whose study is {s4['study_uid']}", "patient", [s4["patient_id"]])
    p3 = pick(rng, _pool(lambda p: sum(map(ldct, own(p))) >= 2))
    yield from ask(fam, f"latest ldct {p3}", "study", _latest(p3, ldct))
    p4 = pick(rng, _pool(lambda p: sum(map(chest_ct, own(p))) >= 2))
    p5 = pick(rng, _pool(lambda p: sum(map(chest_ct, own(p))) >= 2 and p != p4))
    yield from ask(
        fam,
        f"baseline chest ct for {p4} and for {p5}",
        "study",
        sorted(_first(p4, chest_ct) + _first(p5, chest_ct)),
    )
    trio = [pick(rng, studies()) for _ in range(3)]
    yield from ask(
        fam,
        "pts behind acc "
        + ", ".join(s["accession"] for s in trio[:2])
        + f" and {trio[2]['accession']}",
        "patient",
        sorted({s["patient_id"] for s in trio}),
    )
    p6 = pick(rng, _pool(lambda p: any(map(cxr, own(p)))))
    yield from ask(fam, f"patient {p6}, chest radiographs only", "study", sids(_of(p6), cxr))
    s5 = pick(rng, [s for s in studies() if len(nods(s)) >= 3])
    yield from ask(
        fam,
        f"no. of nodules on accesion {s5['accession']}",
        "count",
        len(nods(s5)),
    )
    s6 = pick(
        rng,
        [
            s
            for s in studies()
            if len(nods(s)) >= 2 and top(nods(s), lambda f: -f["diameter_mm"], 1, "finding_id")
        ],
    )
    yield from ask(
        fam,
        f"biggest nodule on {s6['accession']}",
        "finding",
        top(nods(s6), lambda f: -f["diameter_mm"], 1, "finding_id"),
    )
    p7 = pick(rng, _pool(lambda p: any(map(head_ct, own(p)))))
    yield from ask(fam, f"head ct of pt {p7} - uid?", "study", sids(_of(p7), head_ct))
    p8 = pick(rng, _pool(lambda p: any(map(in_year(2025), own(p))) and len(own(p)) >= 3))
    yield from ask(
        fam, f"{p8} studies done in twenty twenty five", "study", sids(_of(p8), in_year(2025))
    )
    yield from ask(fam, "pt P00999 scans", "study", [])
    p9 = pick(rng, _pool(lambda p: any(fo(s) for s in own(p))))
    yield from ask(
        fam,
        f"Hi, what findings does patient {p9} have across all of their imaging? Thanks, Ruth",
        "finding",
        fids(where=_of(p9)),
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    yield from ask(
        fam, "ldcts q2 twenty twenty five how many", "count", count(ldct, quarter(2025, 2))
    )
    yield from ask(
        fam, "chest xrays since august 2026", "study", sids(cxr, dated("2026-08-01", AS_OF))
    )
    yield from ask(
        fam,
        "head cts feb to apr 2024",
        "study",
        sids(head_ct, dated("2024-02-01", "2024-04-30")),
    )
    yield from ask(
        fam,
        "ct angio studies 2024-03-15 through 2024-09-30",
        "study",
        sids(cta, dated("2024-03-15", "2024-09-30")),
    )
    yield from ask(
        fam,
        "which patients were born in the nineteen fifties",
        "patient",
        born("1950-01-01", "1959-12-31"),
    )
    yield from ask(
        fam, "patients born before 1 march 1942", "patient", born("1900-01-01", "1942-02-28")
    )
    days = sorted({s["study_date"] for s in studies() if int(s["study_date"][8:]) > 12})
    day = pick(rng, [d for d in days if count(dated(d, d)) >= 2])
    slashed = f"{day[8:]}/{day[5:7]}/{day[:4]}"
    yield from ask(fam, f"studies on {slashed}", "study", sids(dated(day, day)))
    yield from ask(
        fam,
        "Hi all, quick one: how many studies were done in December 2025? Thanks, Mo",
        "count",
        count(in_year_month(2025, 12)),
    )
    yield from ask(
        fam,
        "screening cts first half of 2024, count",
        "count",
        count(ldct, dated("2024-01-01", "2024-06-30")),
    )
    for n in (45, 40, 50, 35, 55, 60):
        a = sids(dated(shift(AS_OF, -n), AS_OF))
        if a == sids(dated(shift(AS_OF, -n + 1), AS_OF)):
            yield from ask(fam, f"scans in the past {n} days", "study", a)
            break
    yield from ask(
        fam,
        "pts scanned this year wih a head ct",
        "patient",
        pids(head_ct, dated("2026-01-01", AS_OF)),
    )
    yield from ask(
        fam, "number of cta chest pe exams last year", "count", count(cta, in_year(2025))
    )
    yield from ask(
        fam,
        "exams on or after 2026-09-20",
        "study",
        sids(dated("2026-09-20", AS_OF)),
    )
    yield from ask(
        fam,
        "ldcts in november twenty twenty three how many",
        "count",
        count(ldct, in_year_month(2023, 11)),
    )
    yield from ask(
        fam,
        "ct pe studies oct 2024 to jan 2025",
        "study",
        sids(cta, dated("2024-10-01", "2025-01-31")),
    )
    yield from ask(
        fam,
        "patients who were born after june 30 1995",
        "patient",
        born("1995-07-01", "2100-01-01"),
    )


def in_year_month(y: int, m: int) -> Test:
    return lambda s: bool(s["study_date"][:7] == f"{y}-{m:02d}")


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield from ask(
        fam,
        "which scans have a nodule less than one centimetre in 2026",
        "study",
        sids(nod(lt("diameter_mm", 10)), in_year(2026)),
    )
    yield from ask(
        fam,
        "nodules six point five millimetres or more at ct01 in march 2025",
        "study",
        sids(nod(ge("diameter_mm", 6.5)), at_station("CT01"), in_year_month(2025, 3)),
    )
    yield from ask(
        fam,
        "ggns betwen 8 and 12 mm",
        "study",
        sids(nod(att("ground-glass"), within("diameter_mm", 8, 12))),
    )
    yield from ask(fam, "masess over three cm", "study", sids(kind("mass", gt("diameter_mm", 30))))
    yield from ask(
        fam,
        "nodule findings mean hu below -690",
        "finding",
        fids(is_nodule, lt("mean_hu", -690)),
    )
    yield from ask(
        fam,
        "nodule findings with hu from -300 to -250",
        "finding",
        fids(is_nodule, within("mean_hu", -300, -250)),
    )
    yield from ask(
        fam,
        "nodule findings w confidence under .62",
        "finding",
        fids(is_nodule, lt("confidence", 0.62)),
    )
    yield from ask(
        fam,
        "part solid nods solid comp >= 6mm",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield from ask(
        fam,
        "Hi there, which studies have nodules with a volume over 3000 mm3? Regards, Yusuf",
        "study",
        sids(nod(gt("volume_mm3", 3000))),
    )
    yield from ask(
        fam,
        "nodules long axis at least two point five centimetres",
        "study",
        sids(nod(ge("long_axis_mm", 25))),
    )
    yield from ask(
        fam,
        "nodule findings short axis under three millimetres",
        "finding",
        fids(is_nodule, lt("short_axis_mm", 3)),
    )
    yield from ask(
        fam,
        "solid nodules one point four to one point six centimetres on low dose cts",
        "study",
        sids(ldct, nod(att("solid"), within("diameter_mm", 14, 16))),
    )
    yield from ask(
        fam,
        "nodule findings minus seven hundred to minus six fifty hu",
        "finding",
        fids(is_nodule, within("mean_hu", -700, -650)),
    )
    yield from ask(
        fam,
        "how many nodule findings have a confidence of at least 0.97",
        "count",
        len(fids(is_nodule, ge("confidence", 0.97))),
    )
    yield from ask(
        fam,
        "spiculated nodules 4-6 mm",
        "study",
        sids(nod(margin("spiculated"), within("diameter_mm", 4, 6))),
    )
    yield from ask(
        fam,
        "nodules at most 3mm in the rml",
        "study",
        sids(nod(le("diameter_mm", 3), in_lobe("RML"))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield from ask(
        fam,
        "patients with a scan showing exactly two nodules in 2023",
        "patient",
        pids(_n_nods(lambda n: n == 2), in_year(2023)),
    )
    yield from ask(
        fam,
        "ct01 studies w exactly one nodule in jan 2025",
        "study",
        sids(_n_nods(lambda n: n == 1), at_station("CT01"), in_year_month(2025, 1)),
    )
    yield from ask(
        fam,
        "Hello, please send me the patients who have 3 studies or more. Best, Dr Okafor",
        "patient",
        history(lambda m: len(m) >= 3),
    )
    yield from ask(
        fam,
        "how many pts have exactly 1 exam",
        "count",
        len(history(lambda m: len(m) == 1)),
    )
    yield from ask(
        fam, "paitents with at least four ldcts", "patient", _per_patient(ldct, lambda n: n >= 4)
    )
    yield from ask(
        fam, "ldcts with more than five nodules", "study", sids(ldct, _n_nods(lambda n: n > 5))
    )
    yield from ask(
        fam, "pts with two or more head cts", "patient", _per_patient(head_ct, lambda n: n >= 2)
    )
    yield from ask(
        fam,
        "scans with no findings at all, how many",
        "count",
        count(lambda s: not fo(s)),
    )
    yield from ask(
        fam,
        "ldcts with zero nodules in q3 2026, count",
        "count",
        count(ldct, quarter(2026, 3), _n_nods(lambda n: n == 0)),
    )
    yield from ask(
        fam,
        "which studies have at least 4 findings of any kind",
        "study",
        sids(lambda s: len(fo(s)) >= 4),
    )
    yield from ask(
        fam,
        "ldcts with between 3 and 4 nodules in 2026",
        "study",
        sids(ldct, in_year(2026), _n_nods(lambda n: 3 <= n <= 4)),
    )
    yield from ask(
        fam,
        "pts with exatcly three screening cts",
        "patient",
        _per_patient(ldct, lambda n: n == 3),
    )
    yield from ask(
        fam,
        "studies with fewer than 2 nodules among ct02 ldcts of september 2024",
        "study",
        sids(ldct, at_station("CT02"), in_year_month(2024, 9), _n_nods(lambda n: n < 2)),
    )
    yield from ask(
        fam,
        "number of patients scaned four times or more",
        "count",
        len(history(lambda m: len(m) >= 4)),
    )
    yield from ask(
        fam,
        "patients with two or more ct angios",
        "patient",
        _per_patient(cta, lambda n: n >= 2),
    )
    yield from ask(
        fam,
        "ldcts with more than 3 solid nodules on the one scan in 2025",
        "study",
        sids(ldct, in_year(2025), _n_nods(lambda n: n > 3, att("solid"))),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    yield from ask(
        fam,
        "patients who had a chest ct with contrast and also one without contrast",
        "patient",
        history(each_on_some(with_contrast, non_contrast_chest)),
    )
    yield from ask(
        fam,
        "patients who had a mass but never a ground glass nodule",
        "patient",
        history(some_but_never(kind("mass"), nod(att("ground-glass")))),
    )
    yield from ask(
        fam,
        "patients with a pneumothorax at some point and also a pleural effusion at some point",
        "patient",
        history(each_on_some(kind("pneumothorax"), kind("pleural_effusion"))),
    )
    yield from ask(
        fam,
        "pts w spiculated nodule but never lung-rads 4",
        "patient",
        history(some_but_never(nod(margin("spiculated")), cat_in(*LR4))),
    )
    yield from ask(
        fam,
        "patients with emphysema on a report and nevr any nodule",
        "patient",
        history(some_but_never(says("emphysema"), nod())),
    )
    yield from ask(
        fam,
        "consolidation and pleural efusion on one scan which pts",
        "patient",
        pids(kind("consolidation"), kind("pleural_effusion")),
    )
    yield from ask(
        fam,
        "patients with ct angio and never scanned at ct01",
        "patient",
        history(some_but_never(cta, at_station("CT01"))),
    )
    yield from ask(
        fam,
        "women with a ldct, excluding anyone who had a pneumothorax",
        "patient",
        history(
            lambda m: (
                any(ldct(s) and sex_is("F")(s) for s in m)
                and not any(kind("pneumothorax")(s) for s in m)
            )
        ),
    )
    yield from ask(
        fam,
        "pts with both ct angio chest and ct chest w contrast",
        "patient",
        history(each_on_some(cta, with_contrast)),
    )
    yield from ask(
        fam,
        "a ggn and a part solid nodule on the same ct, which patients",
        "patient",
        pids(nod(att("ground-glass")), nod(att("part-solid"))),
    )
    yield from ask(
        fam,
        "pneumothorax at any time plus a nodule at any time - pts",
        "patient",
        history(each_on_some(kind("pneumothorax"), nod())),
    )
    yield from ask(
        fam,
        "pts with both lr 2 and lr 4a scans",
        "patient",
        history(each_on_some(cat_in("2"), cat_in("4A"))),
    )
    yield from ask(
        fam,
        "had a solid nodule but never a calcified one - patients",
        "patient",
        history(some_but_never(nod(att("solid")), nod(calcified))),
        history(some_but_never(nod(att("solid")), nod(att("solid"), calcified))),
    )
    yield from ask(
        fam,
        "patients having head ct and never any chest imaging",
        "patient",
        history(some_but_never(head_ct, lambda s: bool(s["body_part"] == "CHEST"))),
    )
    yield from ask(
        fam,
        "patients that never got a ldct but did have a ct angio",
        "patient",
        history(some_but_never(cta, ldct)),
    )
    yield from ask(
        fam,
        "who had consolidation and also a nodule at some point",
        "patient",
        history(each_on_some(kind("consolidation"), nod())),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    yield from ask(fam, "lr 4b ldcts 2025", "study", sids(ldct, cat_in("4B"), in_year(2025)))
    yield from ask(
        fam,
        "lung rads 3 or higher 2026 ldcts, count",
        "count",
        count(ldct, in_year(2026), cat_in("3", *LR4)),
    )
    yield from ask(
        fam,
        "Dear colleagues, I need the patients whose highest Lung-RADS ever was 4B for our MDT. "
        "Thank you, Sarah",
        "patient",
        history(lambda m: highest(m) == "4B"),
    )
    yield from ask(
        fam,
        "2024 ldcts broken down by lung-rads category",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2024)(s)], category),
    )
    yield from ask(
        fam,
        "q1 2026 screening cts breakdown by lungrads",
        "groups",
        _groups([s for s in studies() if ldct(s) and quarter(2026, 1)(s)], category),
    )
    yield from ask(
        fam,
        "how many 2023 ldcts were lung-rads 2 or better",
        "count",
        count(ldct, in_year(2023), cat_in("1", "2")),
    )
    yield from ask(
        fam,
        "ldcts that went from lung-rads 2 to 4a compared with the prior",
        "study",
        sids(ldct, went_from("2", ("4A",))),
    )
    yield from ask(
        fam,
        "screening scans upgraded vs prior in 2025",
        "study",
        sids(ldct, in_year(2025), went(1)),
    )
    yield from ask(
        fam,
        "max lung rads on record is 3 - which pts",
        "patient",
        history(lambda m: highest(m) == "3"),
    )
    yield from ask(
        fam,
        "below lung-rads 3 ldcts in march 2025 how many",
        "count",
        count(ldct, in_year_month(2025, 3), cat_in("1", "2")),
    )
    yield from ask(
        fam,
        "lung-rads 4 patients scanned at ct02 in 2026",
        "patient",
        pids(cat_in(*LR4), at_station("CT02"), in_year(2026)),
        history(each_on_some(cat_in(*LR4), both_(at_station("CT02"), in_year(2026)))),
    )
    shares = [
        (f"what percent of {y} ldcts were lung-rads {c}", y, c)
        for y in (2025, 2024, 2023)
        for c in ("1", "2", "3")
    ]
    for q, y, c in shares:
        whole = count(ldct, in_year(y))
        got = _share(count(ldct, in_year(y), cat_in(c)), whole)
        if got is not None:
            yield from ask(fam, q, "value", got)
            break
    yield from ask(
        fam,
        "lr 3 vs lr 4a ldcts in 2024",
        "groups",
        _sel([s for s in studies() if ldct(s) and in_year(2024)(s)], category, ("3", "4A")),
    )
    yield from ask(
        fam,
        "pts lr 4a at some point but never 4x",
        "patient",
        history(some_but_never(cat_in("4A"), cat_in("4X"))),
    )
    yield from ask(
        fam,
        "how many ldcts were category four x in twenty twenty four",
        "count",
        count(ldct, in_year(2024), cat_in("4X")),
    )
    yield from ask(
        fam,
        "Dear team, could you tell me which screening CTs moved from Lung-RADS 3 up to 4A "
        "since the previous exam? Many thanks, Anna",
        "study",
        sids(ldct, went_from("3", ("4A",))),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"

    def finding_rank(template: str, rows: list[Row], key: Callable[[Row], Any], n: int) -> Rows:
        got = _ranked(rows, key, "finding_id", n)
        if got is None:
            LEFT_OUT.append(template)
            return
        k, ids = got
        yield from ask(fam, template.format(n=k, w=NUM.get(k, str(k))), "finding", ids)

    yield from finding_rank("{n} largest nodlues", _nod_rows(), lambda f: -f["diameter_mm"], 5)
    yield from finding_rank(
        "lowest hu nodule findings top {n}", _nod_rows(), lambda f: f["mean_hu"], 4
    )
    yield from finding_rank(
        "largest volume {w} nodules", _nod_rows(), lambda f: -f["volume_mm3"], 3
    )
    yield from finding_rank(
        "{n} part solid nodules with the biggest solid component",
        _nod_rows(att("part-solid")),
        lambda f: -f["solid_component_mm"],
        4,
    )
    yield from finding_rank(
        "most confident {w} pneumothorax findings",
        _kind_rows("pneumothorax"),
        lambda f: -f["confidence"],
        3,
    )
    yield from finding_rank(
        "top {n} ggns by diameter", _nod_rows(att("ground-glass")), lambda f: -f["diameter_mm"], 5
    )
    yield from finding_rank(
        "smallest {n} calcified nodules",
        _nod_rows(calcified),
        lambda f: f["diameter_mm"],
        3,
    )
    yield from finding_rank(
        "the {n} masses with the longest long axis",
        _kind_rows("mass"),
        lambda f: -f["long_axis_mm"],
        2,
    )
    got = _ranked(
        _patient_rows(lambda p: len(fids(is_nodule, where=_of(p)))),
        lambda r: r["k"],
        "patient_id",
        3,
    )
    if got:
        yield from ask(fam, f"top {got[0]} pts by nodule count", "patient", got[1])
    rows = [{"patient_id": p["patient_id"], "k": p["birth_date"]} for p in pats()]
    got = _ranked(rows, lambda r: r["k"], "patient_id", 4)
    if got:
        yield from ask(fam, f"oldest {got[0]} patinets in the cohort", "patient", got[1])
    rows = [
        {"patient_id": p["patient_id"], "k": -dt.date.fromisoformat(p["birth_date"]).toordinal()}
        for p in pats()
        if p["sex"] == "F"
    ]
    got = _ranked(rows, lambda r: r["k"], "patient_id", 5)
    if got:
        yield from ask(fam, f"youngest {NUM[got[0]]} women", "patient", got[1])
    heads = [s for s in studies() if head_ct(s)]
    got = _ranked(heads, lambda s: -_by_day(s), "study_uid", 3)
    if got:
        yield from ask(fam, f"{got[0]} most recent head cts", "study", got[1])
    ctas = [s for s in studies() if cta(s)]
    got = _ranked(ctas, _by_day, "study_uid", 3)
    if got:
        yield from ask(fam, f"earliest {got[0]} ct angiograms on record", "study", got[1])
    got = _ranked(_patient_rows(lambda p: len(own(p))), lambda r: r["k"], "patient_id", 1)
    if got:
        yield from ask(
            fam,
            "which patient has had the most studies"
            if got[0] == 1
            else f"{got[0]} pts with the most studies",
            "patient",
            got[1],
        )
    yield from finding_rank(
        "least confident {n} pleural effusions",
        _kind_rows("pleural_effusion"),
        lambda f: f["confidence"],
        2,
    )
    yield from finding_rank(
        "{n} spiculated nodule findings with the longest long axis",
        _nod_rows(margin("spiculated")),
        lambda f: -f["long_axis_mm"],
        4,
    )


def stats(rng: random.Random) -> Rows:
    fam = "stats"
    yield from ask(fam, "mean nodule diameter", "value", _mean_field(_nod_rows(), "diameter_mm"))
    yield from ask(
        fam,
        "Hi, what's the median diameter of the ground-glass nodules, in mm? Cheers, Ken",
        "value",
        _median_field(_nod_rows(att("ground-glass")), "diameter_mm"),
    )
    yield from ask(fam, "avg nodule volume mm3", "value", _mean_field(_nod_rows(), "volume_mm3"))
    yield from ask(
        fam,
        "average mean hu of solid nodules",
        "value",
        _mean_field(_nod_rows(att("solid")), "mean_hu"),
    )
    yield from ask(
        fam,
        "avg confidence of pnemothorax findings",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield from ask(
        fam,
        "median long axis of the masses in cm",
        "value",
        _median_field(_kind_rows("mass"), "long_axis_mm", 10.0),
    )
    yield from ask(
        fam,
        "mean solid component of part-solid nodules, mm",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    lds = [s for s in studies() if ldct(s)]
    yield from ask(
        fam, "average number of nodules per ldct", "value", mean_of([len(nods(s)) for s in lds])
    )
    got = _share(count(cxr), len(studies()))
    if got is not None:
        yield from ask(fam, "what % of all studies are chest radiographs", "value", got)
    for y, st in (
        (2024, "CT01"),
        (2025, "CT01"),
        (2023, "CT01"),
        (2026, "CT01"),
        (2024, "CT02"),
        (2025, "CT02"),
        (2023, "CT02"),
        (2026, "CT02"),
    ):
        got = _share(count(in_year(y), ldct, at_station(st)), count(in_year(y), ldct))
        if got is not None:
            yield from ask(fam, f"% of {y} ldcts done at {st.lower()}", "value", got)
            break
    for lobe, name in (("RUL", "rul"), ("RLL", "rll"), ("LUL", "lul"), ("LLL", "lll")):
        got = _share(len(_nod_rows(in_lobe(lobe))), len(_nod_rows()))
        if got is not None:
            yield from ask(fam, f"what percentage of nodules are in the {name}", "value", got)
            break
    got = _share(len(_nod_rows(calcified)), len(_nod_rows()))
    if got is not None:
        yield from ask(fam, "percent of nodules that are calcified", "value", got)
    yield from ask(
        fam,
        "nodule count by attenuation",
        "groups",
        _groups(_nod_rows(), lambda f: f["attenuation"]),
    )
    yield from ask(
        fam,
        "median nodule confidence on ct02 studies",
        "value",
        _median_field(_nod_rows(where=at_station("CT02")), "confidence"),
    )
    yield from ask(
        fam,
        "mean diamter of spiculated nodules",
        "value",
        _mean_field(_nod_rows(margin("spiculated")), "diameter_mm"),
    )
    yield from ask(
        fam,
        "avg short axis lobulated nodules",
        "value",
        _mean_field(_nod_rows(margin("lobulated")), "short_axis_mm"),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    yield from ask(fam, "emphysema reports 2026", "study", sids(says("emphysema"), in_year(2026)))
    yield from ask(
        fam,
        "studies whose reports are negative for emphysema in q4 2025",
        "study",
        sids(denies("emphysema"), quarter(2025, 4)),
    )
    yield from ask(
        fam,
        "pts with lymphadenopathy in the report",
        "patient",
        pids(says("lymphadenopathy")),
    )
    yield from ask(
        fam,
        "reports mentoining coronary artery calcification in july 2024",
        "study",
        sids(says("coronary"), in_year_month(2024, 7)),
    )
    yield from ask(
        fam,
        "Hello team, how many studies have a granuloma on the report? Best wishes, Ines",
        "count",
        count(says("granuloma")),
    )
    yield from ask(
        fam,
        "ct01 ldcts w/o emphysema on the report in jan 2026",
        "study",
        sids(ldct, at_station("CT01"), in_year_month(2026, 1), neg(says("emphysema"))),
    )
    yield from ask(
        fam,
        "emphysema and a spiculated nodule same scan - patients",
        "patient",
        pids(says("emphysema"), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "patients whose reports mention emphysema but never lymphadenopathy",
        "patient",
        history(some_but_never(says("emphysema"), says("lymphadenopathy"))),
    )
    yield from ask(
        fam,
        "studies where is lymphadenopathy or there is a mass",
        "study",
        sids(lambda s: says("lymphadenopathy")(s) or kind("mass")(s)),
    )
    yield from ask(
        fam,
        "how many ct02 ldcts in 2025 mention emphysema",
        "count",
        count(ldct, at_station("CT02"), in_year(2025), says("emphysema")),
    )
    yield from ask(
        fam,
        "women whose report mentions lymphadenopahty",
        "patient",
        pids(sex_is("F"), says("lymphadenopathy")),
    )
    yield from ask(
        fam,
        "reports that state no lymphadenopathy, 2023",
        "study",
        sids(denies("lymphadenopathy"), in_year(2023)),
    )
    yield from ask(
        fam,
        "emphysma in reports march 2024",
        "study",
        sids(says("emphysema"), in_year_month(2024, 3)),
    )
    yield from ask(
        fam,
        "number of patients with a granuloma on a report",
        "count",
        len(pids(says("granuloma"))),
    )
    yield from ask(
        fam,
        "coronary calcification in reports of men over 75",
        "study",
        sids(says("coronary"), sex_is("M"), lambda s: ref.age(s) > 75),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    yield from ask(
        fam,
        "studies with a growing nodule in 2025",
        "study",
        *[sids(fstudy(r), in_year(2025)) for r in grew_readings()],
    )
    yield from ask(
        fam,
        "pts w nodules grown more than 3 mm",
        "patient",
        *[pids(fstudy(r)) for r in grew_readings(3.0)],
    )
    yield from ask(
        fam,
        "nodule findings that grew at least 2 mm in the rll",
        "finding",
        *[fids(r, in_lobe("RLL")) for r in grew_readings(2.0, True)],
    )
    yield from ask(
        fam,
        "new nodules on 2024 studies",
        "study",
        *[sids(fstudy(new(m)), in_year(2024)) for m in (False, True)],
    )
    yield from ask(
        fam,
        "ldcts with a new part solid nodule",
        "study",
        *[sids(ldct, fstudy(new(m), att("part-solid"))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "stabel nodules in the lul",
        "study",
        *[sids(fstudy(stable(r, m), in_lobe("LUL"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        fam,
        "patients with a new nodule on a ct02 study",
        "patient",
        *[pids(at_station("CT02"), fstudy(new(m))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "how many nodule findings grew",
        "count",
        *[len(fids(r)) for r in grew_readings()],
    )
    yield from ask(
        fam,
        "part solid nodules with growth over 2.5 mm",
        "study",
        *[sids(fstudy(r, att("part-solid"))) for r in grew_readings(2.5)],
    )
    yield from ask(
        fam,
        "new spiculated nodules excluding masses",
        "study",
        sids(fstudy(new(False), margin("spiculated"))),
    )
    yield from ask(
        fam,
        "Hello, which patients had a nodule that increased in size by more than 4 mm between "
        "scans? Regards, Tom",
        "patient",
        *[pids(fstudy(r)) for r in grew_readings(4.0)],
    )
    yield from ask(
        fam,
        "how many 2026 ldcts show nodule growth",
        "count",
        *[count(ldct, in_year(2026), fstudy(r)) for r in grew_readings()],
    )
    yield from ask(
        fam,
        "stable solid nodules at ct02 in 2024",
        "study",
        *[
            sids(at_station("CT02"), in_year(2024), fstudy(stable(r, m), att("solid")))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        fam,
        "new nodules over 8 mm in 2025 not masses",
        "study",
        sids(in_year(2025), fstudy(new(False), gt("diameter_mm", 8))),
    )
    yield from ask(
        fam,
        "grwoing ggns, which pts",
        "patient",
        *[pids(fstudy(r, att("ground-glass"))) for r in grew_readings()],
    )


def people(rng: random.Random) -> Rows:
    fam = "people"
    yield from ask(
        fam,
        "Dear all, which women over 70 have had a CT angio? Kind regards, Maria",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) > 70), cta),
    )
    yield from ask(
        fam,
        "men 50-60 w ggn",
        "patient",
        *aged(both_(sex_is("M"), lambda s: 50 <= ref.age(s) <= 60), nod(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "patients in their 60s with a chest xray",
        "patient",
        *aged(lambda s: 60 <= ref.age(s) <= 69, cxr),
    )
    yield from ask(
        fam,
        "sex breakdown of all patients",
        "groups",
        _groups(pats(), lambda p: p["sex"]),
    )
    yield from ask(
        fam,
        "how many patients are men",
        "count",
        sum(1 for p in pats() if p["sex"] == "M"),
    )
    yield from ask(
        fam,
        "pts with sex recorded as other",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield from ask(
        fam,
        "female vs male patients with a pneumothorax",
        "groups",
        _sel(
            [ref.cohort()[0][p] for p in pids(kind("pneumothorax"))], lambda p: p["sex"], ("F", "M")
        ),
        _groups(
            [
                ref.cohort()[0][p]
                for p in pids(kind("pneumothorax"))
                if ref.cohort()[0][p]["sex"] != "O"
            ],
            lambda p: p["sex"],
        ),
    )
    yield from ask(
        fam,
        "patietns born in nineteen sixty",
        "patient",
        born("1960-01-01", "1960-12-31"),
    )
    yield from ask(
        fam,
        "men under 45 with a chest xray",
        "patient",
        *aged(both_(sex_is("M"), lambda s: ref.age(s) < 45), cxr),
    )
    yield from ask(
        fam,
        "ldcts in women aged 60 to 65 in 2026",
        "study",
        sids(ldct, sex_is("F"), lambda s: 60 <= ref.age(s) <= 65, in_year(2026)),
    )
    yield from ask(
        fam,
        "male patients having ct angio, how many are they",
        "count",
        len(pids(sex_is("M"), cta)),
    )
    yield from ask(
        fam,
        "nodule findings by patient sex",
        "groups",
        _groups(_nod_rows(), lambda f: ref.sex(study_of(f))),
    )
    yield from ask(
        fam,
        "octogenarians with a head ct",
        "patient",
        *aged(lambda s: 80 <= ref.age(s) <= 89, head_ct),
    )
    yield from ask(
        fam,
        "pts older than 85 at the time of a scan",
        "patient",
        pids(lambda s: ref.age(s) > 85),
    )
    yield from ask(
        fam,
        "patients younger then 35 with a nodule",
        "patient",
        *aged(lambda s: ref.age(s) < 35, nod()),
    )
    yield from ask(
        fam,
        "women with calcified nodule, aged sixty five or more",
        "patient",
        *aged(both_(sex_is("F"), lambda s: ref.age(s) >= 65), nod(calcified)),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    yield from ask(fam, "dx01 studies 2026", "study", sids(at_station("DX01"), in_year(2026)))
    yield from ask(
        fam,
        "Morning, can you pull the CT02 head CTs from Q2 2025? Ta, Gary",
        "study",
        sids(at_station("CT02"), head_ct, quarter(2025, 2)),
    )
    yield from ask(
        fam, "study count by station", "groups", _groups(studies(), lambda s: s["station"])
    )
    yield from ask(
        fam,
        "ldct count per station for 2025",
        "groups",
        _groups([s for s in studies() if ldct(s) and in_year(2025)(s)], lambda s: s["station"]),
    )
    yield from ask(
        fam,
        "how many ct chest w contrast in 2024",
        "count",
        count(with_contrast, in_year(2024)),
    )
    yield from ask(
        fam,
        "ctpa exams with a pneumothorax",
        "study",
        sids(cta, kind("pneumothorax")),
    )
    yield from ask(
        fam, "studies per modality", "groups", _groups(studies(), lambda s: s["modality"])
    )
    yield from ask(
        fam,
        "non contrast chest cts done at ct01 in 2025",
        "study",
        sids(non_contrast_chest, at_station("CT01"), in_year(2025)),
    )
    yield from ask(
        fam,
        "head cts by statoin",
        "groups",
        _groups([s for s in studies() if head_ct(s)], lambda s: s["station"]),
    )
    yield from ask(
        fam,
        "studies described as 'CT ANGIO CHEST PE' in q3 2025",
        "study",
        sids(cta, quarter(2025, 3)),
    )
    yield from ask(fam, "how many radiograhps in total", "count", count(cxr))
    yield from ask(
        fam,
        "count of studies with body part head",
        "count",
        count(lambda s: bool(s["body_part"] == "HEAD")),
    )
    yield from ask(
        fam,
        "ct01 vs ct02 ldcts in march 2024",
        "groups",
        _sel(
            [s for s in studies() if ldct(s) and in_year_month(2024, 3)(s)],
            lambda s: s["station"],
            ("CT01", "CT02"),
        ),
    )
    yield from ask(
        fam,
        "patients only ever scanned at ct02",
        "patient",
        history(lambda m: bool(m) and all(s["station"] == "CT02" for s in m)),
    )
    yield from ask(
        fam,
        "see tee oh one ct angios twenty twenty six",
        "study",
        sids(cta, at_station("CT01"), in_year(2026)),
    )
    yield from ask(
        fam,
        "Good morning, how many chest CTs with contrast did each scanner do in 2025? "
        "Kind regards, Liam (radiology ops)",
        "groups",
        _groups(
            [s for s in studies() if with_contrast(s) and in_year(2025)(s)], lambda s: s["station"]
        ),
    )


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    yield from ask(fam, "rml nodules 2023", "study", sids(nod(in_lobe("RML")), in_year(2023)))
    yield from ask(
        fam,
        "right upper lobe ggns on ct02 in 2026",
        "study",
        sids(nod(in_lobe("RUL"), att("ground-glass")), at_station("CT02"), in_year(2026)),
    )
    yield from ask(
        fam, "nodule findings per lobe", "groups", _groups(_nod_rows(), lambda f: f["lobe"])
    )
    yield from ask(
        fam,
        "lll vs lul nodules, how many findings each",
        "groups",
        _sel(_nod_rows(), lambda f: f["lobe"], ("LLL", "LUL")),
    )
    yield from ask(
        fam,
        "spiculated nodules in the left lung in 2024",
        "study",
        sids(nod(in_lobe("LUL", "LLL"), margin("spiculated")), in_year(2024)),
    )
    yield from ask(
        fam,
        "studies with nodules in both lungs in jan 2024",
        "study",
        sids(_bilateral, in_year_month(2024, 1)),
    )
    yield from ask(
        fam,
        "Dear Dr Hale, which patients have spiculated nodules in the right lower lobe? "
        "Best, Jo (research nurse)",
        "patient",
        pids(nod(in_lobe("RLL"), margin("spiculated"))),
    )
    yield from ask(
        fam,
        "rul or rml part solid nodules",
        "study",
        sids(nod(in_lobe("RUL", "RML"), att("part-solid"))),
    )
    yield from ask(
        fam,
        "lobe breakdown of ground glas nodules",
        "groups",
        _groups(_nod_rows(att("ground-glass")), lambda f: f["lobe"]),
    )
    yield from ask(
        fam,
        "pts w nodule 15 mm or more in the LUL",
        "patient",
        pids(nod(in_lobe("LUL"), ge("diameter_mm", 15))),
    )
    yield from ask(
        fam,
        "how many rml nodule findings are calcified",
        "count",
        len(_nod_rows(in_lobe("RML"), calcified)),
    )
    yield from ask(
        fam,
        "ldcts where the only nodules are in the rll, 2025",
        "study",
        sids(ldct, in_year(2025), _only_lobe("RLL")),
    )
    yield from ask(
        fam,
        "nodules rigth middle lobe over 10 mm",
        "study",
        sids(nod(in_lobe("RML"), gt("diameter_mm", 10))),
    )
    yield from ask(
        fam,
        "right lung nodule findings in 2026 how many",
        "count",
        len(_nod_rows(in_lobe("RUL", "RML", "RLL"), where=in_year(2026))),
    )
    yield from ask(
        fam,
        "left lower lobe masses",
        "study",
        sids(kind("mass", in_lobe("LLL"))),
    )


def features(rng: random.Random) -> Rows:
    fam = "features"
    yield from ask(
        fam, "spiculted nodules q1 2024", "study", sids(nod(margin("spiculated")), quarter(2024, 1))
    )
    yield from ask(
        fam,
        "lobulated ggn scans",
        "study",
        sids(nod(margin("lobulated"), att("ground-glass"))),
    )
    yield from ask(
        fam,
        "smooth solid nodules bigger than 20 mm",
        "study",
        sids(nod(margin("smooth"), att("solid"), gt("diameter_mm", 20))),
    )
    yield from ask(fam, "how many calcified nodules are there", "count", len(_nod_rows(calcified)))
    yield from ask(
        fam,
        "non calcified solid nodules 22 mm or larger",
        "study",
        sids(nod(uncalcified, att("solid"), ge("diameter_mm", 22))),
    )
    yield from ask(
        fam,
        "subsolid nodules sept 2026",
        "study",
        sids(nod(subsolid), in_year_month(2026, 9)),
    )
    yield from ask(
        fam, "nodule findings by margin", "groups", _groups(_nod_rows(), lambda f: f["margin"])
    )
    yield from ask(
        fam,
        "spiculated vs smooth nodules in 2025",
        "groups",
        _sel(_nod_rows(where=in_year(2025)), lambda f: f["margin"], ("spiculated", "smooth")),
    )
    yield from ask(
        fam,
        "part solid nodules with solid component under 4 mm",
        "study",
        sids(nod(att("part-solid"), lt("solid_component_mm", 4))),
    )
    yield from ask(
        fam,
        "calcified nodules in lll, which patients have them",
        "patient",
        pids(nod(calcified, in_lobe("LLL"))),
    )
    yield from ask(
        fam,
        "noncalcified spiculated nodule findings over 18 mm",
        "finding",
        fids(is_nodule, uncalcified, margin("spiculated"), gt("diameter_mm", 18)),
    )
    yield from ask(
        fam,
        "ground glass nodules with lobulated margnis on ct01 in 2026",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated")), at_station("CT01"), in_year(2026)),
    )
    yield from ask(
        fam,
        "attenuation breakdown of spiculated nodules",
        "groups",
        _groups(_nod_rows(margin("spiculated")), lambda f: f["attenuation"]),
    )
    yield from ask(
        fam,
        "pts w calcifed nodule and a ggn on the same scan",
        "patient",
        pids(nod(calcified), nod(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "solid smooth calcified nodule findings count 2026",
        "count",
        len(_nod_rows(att("solid"), margin("smooth"), calcified, where=in_year(2026))),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    multi = _pool(lambda p: len(own(p)) >= 3)
    p1 = pick(rng, multi)
    yield from ask(
        fam,
        f"days betwene first and last scan for {p1}",
        "value",
        _span_days(p1, lambda s: True),
    )
    p2 = pick(rng, _pool(lambda p: sum(map(ldct, own(p))) >= 3))
    yield from ask(
        fam,
        f"{p2} first ldct to latest ldct in days",
        "value",
        _span_days(p2, ldct),
    )
    a, b = pick(rng, studies()), pick(rng, studies())
    a, b = sorted((a, b), key=lambda s: s["study_date"])
    yield from ask(
        fam,
        f"how many days between accession {a['accession']} and {b['accession']}",
        "value",
        days_between(a["study_date"], b["study_date"]),
    )
    gaps = []
    for p in pats():
        mine = own(p["patient_id"])
        gaps.extend(
            days_between(x["study_date"], y["study_date"]) for x, y in itertools.pairwise(mine)
        )
    firsts = [
        days_between(own(p["patient_id"])[0]["study_date"], own(p["patient_id"])[1]["study_date"])
        for p in pats()
        if len(own(p["patient_id"])) >= 2
    ]
    yield from ask(
        fam, "average days from a patient's first study to their second", "value", mean_of(firsts)
    )
    yield from ask(
        fam,
        "median interval in days between a patient's consecutive scans",
        "value",
        median_of(gaps),
        median_of([m for m in (_mean_gap(p["patient_id"], ALL) for p in pats()) if m is not None]),
    )

    def followed(months: int, inclusive: bool) -> list[str]:
        def test(mine: list[Row]) -> bool:
            if not mine:
                return False
            end = _months_on(mine[0]["study_date"], months)
            last = str(mine[-1]["study_date"])
            return last >= end if inclusive else last > end

        return history(test)

    yield from ask(
        fam,
        "patients with follow-up longer than 37 months",
        "patient",
        followed(37, False),
        followed(37, True),
    )
    yield from ask(
        fam,
        "pts with at least 2 yrs of f/u",
        "patient",
        followed(24, True),
        history(lambda m: bool(m) and days_between(m[0]["study_date"], m[-1]["study_date"]) >= 730),
    )
    p3 = pick(rng, _pool(lambda p: sum(map(chest_ct, own(p))) >= 2))
    yield from ask(
        fam,
        f"{p3.lower()} days from first chest ct to most recent chest ct",
        "value",
        _span_days(p3, chest_ct),
    )
    p4 = pick(rng, _pool(lambda p: sum(map(chest_ct, own(p))) >= 3))
    yield from ask(
        fam,
        f"Hi, could you work out the average gap in days between {p4}'s chest CTs? Cheers, Priya",
        "value",
        mean_of(
            [
                days_between(x["study_date"], y["study_date"])
                for x, y in itertools.pairwise([s for s in own(p4) if chest_ct(s)])
            ]
        ),
    )
    for n in (11, 14, 10, 15):

        def again(limit: Callable[[str], str]) -> Test:
            return lambda s: any(
                ldct(x) and s["study_date"] < x["study_date"] <= limit(s["study_date"])
                for x in own(s["patient_id"])
            )

        a = sids(ldct, in_year(2023), again(lambda d, n=n: _months_on(d, n)))
        if a and a == sids(ldct, in_year(2023), again(lambda d, n=n: shift(d, 30 * n + n // 2))):
            yield from ask(fam, f"ldcts repeated within {n} months in 2023", "study", a)
            break
    lgaps: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if ldct(s)]
        lgaps.extend(
            days_between(x["study_date"], y["study_date"]) for x, y in itertools.pairwise(mine)
        )
    ld2 = [
        days_between(m[0]["study_date"], m[1]["study_date"])
        for m in ([s for s in own(p["patient_id"]) if ldct(s)] for p in pats())
        if len(m) >= 2
    ]
    yield from ask(fam, "median days from first to second ldct", "value", median_of(ld2))
    yield from ask(
        fam, "shortest gap in days between two studies of the same patient", "value", min(gaps)
    )
    spans = [
        days_between(own(p["patient_id"])[0]["study_date"], own(p["patient_id"])[-1]["study_date"])
        for p in pats()
    ]
    yield from ask(fam, "longest follow up of any patient in days", "value", max(spans))
    s5 = pick(
        rng,
        [
            s
            for s in studies()
            if s is not own(s["patient_id"])[-1]
            and own(s["patient_id"]).index(s) + 1 < len(own(s["patient_id"]))
        ],
    )
    nxt = own(s5["patient_id"])[own(s5["patient_id"]).index(s5) + 1]
    yield from ask(
        fam,
        f"acc {s5['accession']} how many days until that patient's next study",
        "value",
        days_between(s5["study_date"], nxt["study_date"]),
    )


def _months_on(day: str, n: int) -> str:
    d = dt.date.fromisoformat(day)
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    last = (dt.date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m + 1, min(d.day, last)).isoformat()


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
    print(f"{len(items)} questions in {PART}; LEFT_OUT: {LEFT_OUT}")
    for fam_name, n in sorted(Counter(i.family for i in items).items()):
        print(f"  {fam_name}: {n}")
