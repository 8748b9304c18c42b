"""Held-out part 35 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as an honest measurement of the question reader, blind to it: its author read
only issue 17, the cohort README and data files (``../shared/cohort``; its ``dev_queries.jsonl``
only to see the data, never to borrow phrasings), the "Conventions" section of ``docs/query.md``
and its "Reports" section up to "How well it reads", :mod:`question_bank` (the :class:`Item` type,
its helpers and ``_matches``), :mod:`cohort_reference`, :mod:`blind_reference` (imported here),
and ``bank_fresh_24.py`` for its format, module docstring and helpers only, up to the line that
opens its families. The reader's code (``query/``), ``appliance/``, the tests (``test_*.py``),
``family_reading.py`` and the other parts' questions were not opened, and the engine was never
run on these questions: they were frozen (committed) before any was put to it. Their texts were
compared with ``dev_queries.jsonl``, parts 22 to 34 and ``question_bank.bank()`` /
``ungated_bank()`` (loaded, never read) by a throwaway script that printed only this part's
matches (word for word after lower-casing and dropping punctuation, or a word overlap of 75 % or
more of the longer question); every match was reworded until none was left.

The styles are mixed in roughly equal shares: a radiologist's terse shorthand, a nurse's or
clinician's full sentences, a screening coordinator's follow-up and Lung-RADS over time, a
manager's counts per station and period, a data scientist's ranges, averages and medians, search
box keywords, dictated questions with numbers spelt out, and questions pasted inside an e-mail;
about one in eight carries a hurried typist's slip (a misspelt word, a missing space, a doubled
letter, no capitals, no question mark).

Every family issue 17 lists is here (questions per family in brackets, 219 in all, for
:data:`SEED`): identifiers [17] (a patient's exams, an accession alone, in pairs and inside an
e-mail, a study UID for its findings, its nodule count and its patient, a patient's latest study,
baseline LDCT and last chest CT, an unknown MRN, a patient's findings and LDCTs); dates [19]
("Q2/2025", "since March 2026", ISO ranges, "sept 2023 thru nov 2023", "dec 2025 to jan 2026", a
day written "October 2, 2024", "before 15 march 2023", "after june 30 2026", "the last 90 days",
"this year", "last year's", "jul-dec 2024", "from 2026 onward", "august twenty twenty five",
births before a year, in a decade and between two years); numbers [20] (HU below a negative
number and HU ranges, cm and mm, "under a centimetre", "eight and ten millimetres", "0.4 to 0.6
cm", "1-2 cm", long and short axis, solid component, cc and mm3, confidences "0.6", ">= 95%",
"zero point seven and zero point eight"); counts [15] (exactly, fewer than, between, "precisely
2", none, "over 3 on one ct", studies, LDCTs, head CTs and PE scans per patient, one nodule on 4
or more scans); set logic [17] ("both ... and", "on the same scan", "but never", "never once",
"without any ... ever", "in 2023 and then again in 2025", "a mass or a pneumothorax"); Lung-RADS
[17] (a category, "3 or worse", "below lr 3", "4a+", "lr 4", "4b or 4x", highest and worst ever,
counts per category, "went up", "upgraded from lr2 to lr3", the last 12 months); rankings [14]
(largest, smallest by volume and solid component, biggest mass, oldest and earliest-born
patients, newest LDCTs, most nodules, scans, LDCTs and calcified nodules per patient, by
confidence, by long axis in a lobe); aggregates and percentages [16] (means and medians of size,
volume, HU, confidence, long axis in cm, solid component, volume in cc, ages at a first LDCT,
nodules per LDCT, studies per patient, gaps; shares in "%" and "what share"; groups per station
and per sex); report concepts with negation [14] (emphysema, lymphadenopathy, coronary
calcification, granuloma; "negative for", "state no", "says there is no", "w/o", "emphysemma");
growth / new / stable [10]; demographics [13]; modality / description / station [14]; lobes
[13]; attenuation / margin / calcification [13]; intervals [7] (days from a patient's first to
last scan and first to latest LDCT, follow-up longer than 2 years, mean and median gaps between
consecutive studies, a latest study more than 2 years old). About one question in eight
carries a slip ("nodlues", "scaned", "befor", "studeis", "axis<4mm", "massses", "lowerlobe",
"cohrot", "szie", "mentionning", "reprot", "confidance", "betwen", "in2024", "efusion",
"pneumothroax", "emphysemma", "calcifed", "rightupper", "lungrads", "whos", "averge",
"spiculatted").

The duplicate check (dev questions, parts 22 to 34 and ``question_bank.bank()`` /
``ungated_bank()``) matched 96 drafts in its first run (short common questions, most of them by
word overlap); all were reworded, six rewordings matched again and were reworded again, and none
is left; no question repeats another within the part.

Expected answers are computed here in plain Python with the documented conventions written out by
hand. Where the conventions do not settle a reading, the question is asked only when the competing
readings give the same answer (:func:`ask`; ``LEFT_OUT`` collects those that do not): "after <day>"
from the day itself or the next; "the last N days / months" from the day N back or the day after
it; a track that was a mass from its first study counted or not as a new, stable or growing nodule,
and a change in floating point or to 0.1 mm; a nodule seen on N scans counting its mass findings or
not; an age and another condition on one study or each on some study; "both A and B" of findings on
one study or each on some study; a follow-up "more than N years" by calendar months or by days.
Left out by the draw because their readings disagreed or their percentage was not within 0.005 of a
tenth (``LEFT_OUT``, 24 for this seed): most percentages drafted, "stable nodules" (in the LLL and
for patients), "new ggns on ldcts in 2025", "new nodules > 6 mm", "how many ldcts had a new
nodule", ages with a condition that differ on one study or on some ("pts in their 60s with a mass",
"octogenarians with a pneumothorax", "women in their 70s with a spiculated nodule"), "the past six
months" and "follow-up longer than three years". Readings taken: "pe scan" / "ctpa" / "ct angio"
are the CT ANGIO CHEST PE studies; "x-ray", "cxr" and "radiograph" are the DX studies; "ldct" /
"screening ct" the low-dose screening description; "oldest" patients are the earliest birth dates;
"w/o X" of a report concept is "where the report says there is no X" only in the Conventions' form
with "report states none", so "cts w/o lymphadenopathy" is taken as no affirmed mention; "no
nodules" beside a report concept is no nodule finding; the kinds of study never meet in one patient
in this cohort (a screening patient has no head CT, radiograph or angiogram), so "both" is asked of
findings and report concepts. Scored alone with ``python tests/query/question_bank.py --part
held_out_35 -v`` once wired in.
"""

from __future__ import annotations

import itertools
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import cohort_reference as ref
from blind_reference import (
    MONTH,
    FTest,
    Rows,
    age_in,
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
    grew,
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
    top,
    uncalcified,
    untied,
    went,
    went_from,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_35"
SEED = 3535

LEFT_OUT: list[str] = []

WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


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


def _n_nods(compare: Callable[[int], bool], *tests: FTest) -> Test:
    return lambda s: compare(len(nods(s, *tests)))


def _per_patient(compare: Callable[[int], bool], test: Test) -> list[str]:
    """Patients whose number of studies passing ``test`` compares so."""
    return history(lambda mine: compare(sum(1 for s in mine if test(s))))


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


def _gaps(test: Test) -> list[int]:
    """Days between consecutive studies passing ``test`` of each patient."""
    out: list[int] = []
    for p in pats():
        mine = [s for s in own(p["patient_id"]) if test(s)]
        out += [days_between(a["study_date"], b["study_date"]) for a, b in itertools.pairwise(mine)]
    return out


def _sex(pid: str) -> str:
    return str(ref.cohort()[0][pid]["sex"])


def _any_ct(s: Row) -> bool:
    return bool(s["modality"] == "CT")


def _since(day: str) -> Test:
    return dated(day, AS_OF)


def _cats(*names: str) -> Test:
    return cat_in(*names)


HIGHER = {c: tuple(ref.ORDER[ref.ORDER.index(c) :]) for c in ref.ORDER}


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    all_s = studies()
    multi = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 3]
    p1, p2, p3 = rng.sample(multi, 3)
    s1, s2, s3 = rng.sample(all_s, 3)
    with_nods = [s for s in all_s if len(nods(s)) >= 2]
    sn = pick(rng, with_nods)
    yield _q(fam, f"{p1} exams", "study", sorted(s["study_uid"] for s in own(p1)))
    yield _q(fam, f"acc# {s1['accession']}", "study", [s1["study_uid"]])
    yield _q(
        fam,
        f"Which patient was scanned under accession number {s2['accession']}?",
        "patient",
        [s2["patient_id"]],
    )
    yield _q(
        fam,
        f"can u list what was detected on {sn['study_uid']} (all findings)",
        "finding",
        sorted(f["finding_id"] for f in fo(sn)),
    )
    yield _q(fam, f"nodule count on {sn['study_uid']}", "count", len(nods(sn)))
    yield _q(fam, f"most recent study for {p2.lower()}", "study", _uid(_latest(p2, lambda s: True)))
    pl = _first_fit(rng, multi, lambda p: _first(p, ldct) is not None)
    yield _q(fam, f"baseline ldct {pl}", "study", _uid(_first(pl, ldct)))
    yield _q(
        fam,
        f"pls pull accessions {s3['accession']} and {s1['accession']}",
        "study",
        sorted({s3["study_uid"], s1["study_uid"]}),
    )
    yield _q(
        fam,
        f"Quick one: what is the total number of imaging exams on file for {p3}?",
        "count",
        len(own(p3)),
    )
    pg = _first_fit(rng, multi, lambda p: any(nods(s, gt("diameter_mm", 6)) for s in own(p)))
    yield _q(
        fam,
        f"which of {pg}'s scans show a nodule over 6 mm",
        "study",
        sorted(s["study_uid"] for s in own(pg) if nods(s, gt("diameter_mm", 6))),
    )
    pa = pick(rng, multi)
    yield _q(
        fam,
        f"Hi team, could you send me the findings list for accession {own(pa)[0]['accession']}? "
        "Thanks, Sue",
        "finding",
        sorted(f["finding_id"] for f in fo(own(pa)[0])),
    )
    pc = _first_fit(rng, multi, lambda p: any(nods(s) for s in own(p)))
    yield _q(
        fam,
        f"total nodules for patient {pc} across all their scans",
        "count",
        sum(len(nods(s)) for s in own(pc)),
    )
    yield _q(fam, "anything on file under MRN P00777 (exams)?", "study", [])
    pcx = _first_fit(rng, multi, lambda p: _latest(p, chest_ct) is not None)
    yield _q(fam, f"last chest ct on {pcx}", "study", _uid(_latest(pcx, chest_ct)))
    yield _q(
        fam,
        f"uid {s3['study_uid']} -- whos the pt on this one",
        "patient",
        [s3["patient_id"]],
    )


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    y = pick(rng, [2023, 2024, 2025])
    q = rng.randint(1, 4)
    yield _q(
        fam, f"screening low-dose cts done during Q{q}/{y}", "study", sids(ldct, quarter(y, q))
    )
    yield _q(
        fam,
        "Please list every exam acquired since March 2026.",
        "study",
        sids(_since("2026-03-01")),
    )
    yield _q(
        fam,
        "studies between 2024-02-10 and 2024-03-05",
        "study",
        sids(dated("2024-02-10", "2024-03-05")),
    )
    yield _q(
        fam,
        "chest cts from sept 2023 thru nov 2023",
        "study",
        sids(chest_ct, dated("2023-09-01", "2023-11-30")),
    )
    yield _q(
        fam,
        "How many studies were performed in the first quarter of 2025?",
        "count",
        count(quarter(2025, 1)),
    )
    yield _q(
        fam,
        "dob befor 1950 - list those pts",
        "patient",
        born("0001-01-01", "1949-12-31"),
    )
    yield _q(
        fam,
        "Which patients have a date of birth falling between 1960 and 1965?",
        "patient",
        born("1960-01-01", "1965-12-31"),
    )
    yield from ask(
        fam,
        "head cts in the last 90 days",
        "study",
        sids(head_ct, _since(shift(AS_OF, -90))),
        sids(head_ct, _since(shift(AS_OF, -89))),
    )
    yield _q(fam, "studeis this year", "study", sids(_since("2026-01-01")))
    yield _q(fam, "last year's cxrs", "study", sids(cxr, in_year(2025)))
    yield _q(
        fam,
        "scans from dec 2025 to jan 2026, how many",
        "count",
        count(dated("2025-12-01", "2026-01-31")),
    )
    day = pick(rng, [s["study_date"] for s in studies() if s["study_date"] < "2025-12-31"])
    d = int(day[8:])
    m = int(day[5:7])
    yield _q(
        fam,
        f"what was scanned on {MONTH[m - 1].capitalize()} {d}, {day[:4]}",
        "study",
        sids(dated(day, day)),
    )
    yield _q(
        fam,
        "exams acquired before 15 march 2023 (the early backlog)",
        "study",
        sids(dated("0001-01-01", "2023-03-14")),
    )
    yield from ask(
        fam,
        "cts after june 30 2026",
        "study",
        sids(_any_ct, dated("2026-07-01", AS_OF)),
        sids(_any_ct, dated("2026-06-30", AS_OF)),
    )
    yield _q(
        fam,
        "everyone in the cohort whose birth year is in the 1940s",
        "patient",
        born("1940-01-01", "1949-12-31"),
    )
    yield _q(fam, "ldcts jul-dec 2024", "study", sids(ldct, dated("2024-07-01", "2024-12-31")))
    yield _q(
        fam,
        "exams from 2026 onward at CT01",
        "study",
        sids(at_station("CT01"), _since("2026-01-01")),
    )
    yield _q(
        fam,
        "number of screening cts in august twenty twenty five",
        "count",
        count(ldct, dated("2025-08-01", "2025-08-31")),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    yield _q(
        fam,
        "scans showing a nodule whose mean density is below -700 HU",
        "study",
        sids(nod(lt("mean_hu", -700))),
    )
    yield _q(
        fam,
        "nods, mean hu from -300 to -100 inclusive, which exams",
        "study",
        sids(nod(within("mean_hu", -300, -100))),
    )
    yield _q(
        fam,
        "Studies containing a solid nodule bigger than 1.2 cm in diameter?",
        "study",
        sids(nod(att("solid"), gt("diameter_mm", 12))),
    )
    yield _q(fam, "nodules under a centimetre in size", "study", sids(nod(lt("diameter_mm", 10))))
    yield _q(
        fam,
        "nodules with a long axis of 15 mm or more",
        "study",
        sids(nod(ge("long_axis_mm", 15))),
    )
    yield _q(
        fam,
        "low-certainty detections: any finding whose model confidence is under 0.6",
        "finding",
        fids(lt("confidence", 0.6)),
    )
    yield _q(fam, "nods 6.5-7.5mm", "study", sids(nod(within("diameter_mm", 6.5, 7.5))))
    yield _q(
        fam,
        "how many nodules have a volume over 1 cc",
        "count",
        len(nodule_rows(gt("volume_mm3", 1000))),
    )
    yield _q(fam, "exams w a nodule, short axis<4mm", "study", sids(nod(lt("short_axis_mm", 4))))
    yield _q(
        fam,
        "part-solid nodules whose solid component is at least 6 mm",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield _q(
        fam,
        "nodules between eight and ten millimetres",
        "study",
        sids(nod(within("diameter_mm", 8, 10))),
    )
    yield _q(
        fam,
        "massses over 3 cm",
        "study",
        sids(kind("mass", gt("diameter_mm", 30))),
    )
    yield _q(
        fam,
        "which scans carry a nodule of volume > 500 mm3",
        "study",
        sids(nod(gt("volume_mm3", 500))),
    )
    yield _q(fam, "findings w conf >= 95%", "finding", fids(ge("confidence", 0.95)))
    yield _q(
        fam,
        "exams where a ggn has attenuation above -500 hu, i.e. denser ones",
        "study",
        sids(nod(att("ground-glass"), gt("mean_hu", -500))),
    )
    yield _q(fam, "nodules from 0.4 to 0.6 cm", "study", sids(nod(within("diameter_mm", 4, 6))))
    x = pick(rng, [7, 9, 11])
    yield _q(
        fam,
        f"calcified nodules at most {x} mm",
        "study",
        sids(nod(calcified, le("diameter_mm", x))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    yield _q(
        fam, "ldcts with exactly three nodlues", "study", sids(ldct, _n_nods(lambda k: k == 3))
    )
    yield _q(fam, "scans with 5 or more nodulles", "study", sids(_n_nods(lambda k: k >= 5)))
    yield _q(
        fam,
        "chest ct exams in which not a single nodule was found",
        "study",
        sids(chest_ct, _n_nods(lambda k: k == 0)),
    )
    yield _q(
        fam,
        "Which patients have accumulated 4+ studies so far?",
        "patient",
        _per_patient(lambda k: k >= 4, lambda s: True),
    )
    yield _q(
        fam,
        "patients who were scaned only once",
        "patient",
        _per_patient(lambda k: k == 1, lambda s: True),
    )
    yield _q(
        fam,
        "count the people who had more than 2 ldcts over the programme",
        "count",
        len(_per_patient(lambda k: k > 2, ldct)),
    )
    yield _q(
        fam, "pts with at least two head cts", "patient", _per_patient(lambda k: k >= 2, head_ct)
    )
    yield _q(
        fam, "How many studies have a single nodule?", "count", count(_n_nods(lambda k: k == 1))
    )
    yield _q(
        fam,
        "how many low dose cts show fewer than two nodules",
        "count",
        count(ldct, _n_nods(lambda k: k < 2)),
    )
    yield from ask(
        fam,
        "patients having one nodule that was tracked across 4 or more scans",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(
        fam,
        "Which pts had over 3 nodules on one ct exam at some point?",
        "patient",
        pids(_n_nods(lambda k: k > 3)),
    )
    yield _q(
        fam,
        "how many patients have exactly three studies on file",
        "count",
        len(_per_patient(lambda k: k == 3, lambda s: True)),
    )
    yield _q(fam, "pts w 2 or more pe scans", "patient", _per_patient(lambda k: k >= 2, cta))
    n = pick(rng, [2, 3])
    yield _q(
        fam,
        f"studies with between {n} and {n + 2} nodules",
        "study",
        sids(_n_nods(lambda k: n <= k <= n + 2)),
    )
    yield _q(
        fam,
        "ldcts w/ precisely 2 solid nodules",
        "study",
        sids(ldct, _n_nods(lambda k: k == 2, att("solid"))),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set_logic"
    del rng
    yield from ask(
        fam,
        "patients shown to have both a calcified nodule and a spiculated nodule",
        "patient",
        history(each_on_some(nod(calcified), nod(margin("spiculated")))),
        pids(nod(calcified), nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "patients w/ both emphysema and lymphadenopathy documented at some point",
        "patient",
        history(each_on_some(says("emphysema"), says("lymphadenopathy"))),
    )
    yield _q(
        fam,
        "patients who had a pe study but never an ldct",
        "patient",
        history(some_but_never(cta, ldct)),
    )
    yield _q(
        fam,
        "people who were never once imaged on the CT01 scanner",
        "patient",
        history(lambda m: not any(map(at_station("CT01"), m))),
    )
    yield _q(
        fam,
        "pts: ggn seen at least once, yet never any calcified nodule",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(calcified))),
    )
    yield _q(
        fam,
        "Which people in the registry have never had a nodule detected at all?",
        "patient",
        history(lambda m: not any(map(nod(), m))),
    )
    yield _q(
        fam,
        "pts with lr 4b at some point and never 4x",
        "patient",
        history(some_but_never(_cats("4B"), _cats("4X"))),
    )
    yield _q(
        fam,
        "female pts with a pneumothorax on a ct angio",
        "patient",
        pids(sex_is("F"), cta, kind("pneumothorax")),
    )
    yield _q(
        fam,
        "list the patients with a mass or a pneumothorax on any exam",
        "patient",
        pids(lambda s: kind("mass")(s) or kind("pneumothorax")(s)),
    )
    yield _q(
        fam,
        "emphysema patients who were never reported with lymphadenopathy",
        "patient",
        history(some_but_never(says("emphysema"), says("lymphadenopathy"))),
    )
    yield _q(
        fam,
        "Which patients were scanned in 2023 and then again in 2025?",
        "patient",
        history(each_on_some(in_year(2023), in_year(2025))),
    )
    yield _q(
        fam,
        "Which patients never once reached lung-rads 3 or higher on any study?",
        "patient",
        history(lambda m: not any(map(_cats(*HIGHER["3"]), m))),
    )
    yield _q(
        fam,
        "patients whose same single scan showed ground glass as well as solid nodules",
        "patient",
        pids(nod(att("ground-glass")), nod(att("solid"))),
    )
    yield _q(
        fam,
        "people in the cohort who never underwent a single ldct",
        "patient",
        history(lambda m: not any(map(ldct, m))),
    )
    yield _q(
        fam,
        "effusion seen at some point, never a pneumothroax - which pts",
        "patient",
        history(some_but_never(kind("pleural_effusion"), kind("pneumothorax"))),
    )
    yield _q(
        fam,
        "how many pts had a head ct but never an intracranial hemorrhage",
        "count",
        len(history(some_but_never(head_ct, kind("intracranial_hemorrhage")))),
    )
    yield _q(
        fam,
        "patients with 2 or more ldcts and no nodule on any of them",
        "patient",
        history(lambda m: sum(map(ldct, m)) >= 2 and not any(nod()(s) for s in m if ldct(s))),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung_rads"
    del rng
    yield _q(fam, "every exam graded lr 4a overall", "study", sids(_cats("4A")))
    yield _q(
        fam,
        "Screening CTs from 2025 whose overall category came out Lung-RADS 3?",
        "study",
        sids(ldct, _cats("3"), in_year(2025)),
    )
    yield _q(
        fam,
        "people whose peak lung-rads category across their history is 4b",
        "patient",
        history(lambda m: highest(m) == "4B"),
    )
    tally = Counter(category(s) for s in studies() if ldct(s))
    groups = sorted(
        ((k, v) for k, v in tally.items()),
        key=lambda kv: -1 if kv[0] is None else ref.ORDER.index(kv[0]),
    )
    yield _q(
        fam, "tally of screening ldcts in each lung-rads category, all years", "groups", groups
    )
    yield _q(fam, "how many lr2 scans in 2024", "count", count(_cats("2"), in_year(2024)))
    yield _q(
        fam,
        "lung rads 4 studies at CT02",
        "study",
        sids(_cats("4A", "4B", "4X"), at_station("CT02")),
    )
    yield _q(fam, "scans categorised below lr 3", "study", sids(_cats("1", "2")))
    yield _q(
        fam,
        "Which female patients ever had a scan at lr 3 or worse?",
        "patient",
        pids(sex_is("F"), _cats(*HIGHER["3"])),
    )
    yield _q(fam, "studies that went up in lung-rads vs the prior", "study", sids(went(1)))
    yield _q(
        fam,
        "screening coordinator here: pts upgraded from lr2 to lr3 on their next study",
        "patient",
        pids(went_from("2", ("3",))),
    )
    yield _q(
        fam,
        "number of people whose maximum lung-rads reached 4x",
        "count",
        len(history(lambda m: highest(m) == "4X")),
    )
    yield _q(fam, "lr4a+ ldcts last year", "study", sids(ldct, _cats(*HIGHER["4A"]), in_year(2025)))
    yield _q(
        fam,
        "patients whose worst lung rads across all exams was 1",
        "patient",
        history(lambda m: highest(m) == "1"),
    )
    yield _q(
        fam,
        "Could you tell me how many screening CTs were Lung-RADS 2 between January and June 2025?",
        "count",
        count(ldct, _cats("2"), dated("2025-01-01", "2025-06-30")),
    )
    yield _q(fam, "lung-rads 4b or 4x scans", "study", sids(_cats("4B", "4X")))
    yield _q(
        fam,
        "lungrads 3 ldcts acquired on the ct01 unit",
        "study",
        sids(ldct, _cats("3"), at_station("CT01")),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    nodz = nodule_rows()
    n, ans = untied(nodz, lambda f: -f["diameter_mm"], "finding_id", rng.randint(3, 6))
    yield _q(fam, f"give me the {n} largest nodules (by diameter) in the whole db", "finding", ans)
    for k in range(rng.randint(3, 5), 12):
        r = _ranked_patients(lambda p: sum(len(nods(s)) for s in own(p)), k)
        if r is not None:
            yield _q(
                fam, f"Which {k} people carry the highest total count of nodules?", "patient", r
            )
            break
    n, ans = untied(pats(), lambda p: p["birth_date"], "patient_id", rng.randint(3, 6))
    yield _q(fam, f"the {n} oldest people registered, by date of birth", "patient", ans)
    for k in range(3, 12):
        r = top(
            [s for s in studies() if ldct(s)],
            lambda s: tuple(-ord(c) for c in s["study_date"]),
            k,
            "study_uid",
        )
        if r is not None:
            yield _q(
                fam,
                f"show the {WORDS.get(k, str(k))} newest screening ldcts we acquired",
                "study",
                r,
            )
            break
    solid = nodule_rows(att("solid"))
    n, ans = untied(solid, lambda f: f["volume_mm3"], "finding_id", 1)
    yield _q(
        fam,
        f"the {n} solid nodules with the lowest volume" if n > 1 else "lowest-volume solid nodule",
        "finding",
        ans,
    )
    masses = [f for f in findings() if f["kind"] == "mass"]
    n, ans = untied(masses, lambda f: -f["diameter_mm"], "finding_id", 1)
    yield _q(
        fam,
        "which mass measures the biggest diameter of all" if n == 1 else f"{n} biggest masses",
        "finding",
        ans,
    )
    gg = nodule_rows(att("ground-glass"))
    n, ans = untied(gg, lambda f: -f["volume_mm3"], "finding_id", 5)
    yield _q(fam, f"which {n} ggns have the largest volume", "finding", ans)
    ps = nodule_rows(att("part-solid"))
    n, ans = untied(ps, lambda f: f["solid_component_mm"], "finding_id", 3)
    yield _q(fam, f"smallest {n} part-solid nodules by solid component", "finding", ans)
    ptx = [f for f in findings() if f["kind"] == "pneumothorax"]
    n, ans = untied(ptx, lambda f: -f["confidence"], "finding_id", 4)
    yield _q(fam, f"top {n} pneumothoraces by confidance", "finding", ans)
    for k in range(1, 12):
        r = _ranked_patients(lambda p: len(own(p)), k)
        if r is not None:
            yield _q(
                fam,
                "pt with the most scans" if k == 1 else f"the {k} patients with the most scans",
                "patient",
                r,
            )
            break
    rul = nodule_rows(in_lobe("RUL"))
    n, ans = untied(rul, lambda f: -f["long_axis_mm"], "finding_id", 2)
    yield _q(fam, f"RUL nodules - {n} longest by long axis", "finding", ans)
    for k in range(3, 12):
        r = _ranked_patients(lambda p: sum(len(nods(s, calcified)) for s in own(p)), k)
        if r is not None:
            yield _q(
                fam,
                f"which {WORDS.get(k, str(k))} patients had the most calcified nodules",
                "patient",
                r,
            )
            break
    n, ans = untied(nodz, lambda f: f["volume_mm3"], "finding_id", 3)
    yield _q(fam, f"smallest {n} nodules by volume pls", "finding", ans)
    n, ans = untied(pats(), lambda p: p["birth_date"], "patient_id", 2)
    yield _q(fam, f"The {n} earliest-born patients in the cohort, please.", "patient", ans)
    spic = nodule_rows(margin("spiculated"))
    n, ans = untied(spic, lambda f: -f["diameter_mm"], "finding_id", 3)
    yield _q(fam, f"largest {n} spiculated nodules by size", "finding", ans)


def aggregates(rng: random.Random) -> Rows:
    fam = "aggregates"
    del rng
    nodz = nodule_rows()
    yield _q(fam, "avg nodule szie", "value", mean_of([f["diameter_mm"] for f in nodz]))
    yield _q(
        fam,
        "median of solid nodule volumes, reported in mm3",
        "value",
        median_of([f["volume_mm3"] for f in nodule_rows(att("solid"))]),
    )
    yield _q(
        fam,
        "For ground-glass nodules, what is the average mean HU value?",
        "value",
        mean_of([f["mean_hu"] for f in nodule_rows(att("ground-glass"))]),
    )
    firsts = [_first(p["patient_id"], ldct) for p in pats()]
    yield _q(
        fam,
        "median age of patients at their first ldct",
        "value",
        median_of([ref.age(s) for s in firsts if s is not None]),
    )
    all_s = studies()
    candidates: list[tuple[str, float | None]] = [
        ("what share of all exams were CT, as a %", pct(sum(map(_any_ct, all_s)), len(all_s))),
        (
            "what percentage of 2024 ldcts were lung-rads 1",
            pct(count(ldct, in_year(2024), _cats("1")), count(ldct, in_year(2024))),
        ),
        (
            "share of patients that are female (%)",
            pct(sum(p["sex"] == "F" for p in pats()), len(pats())),
        ),
        (
            "% of nodules that are calcified",
            pct(len(nodule_rows(calcified)), len(nodz)),
        ),
        (
            "percent of 2025 CT01 studies that were ldcts",
            pct(
                count(at_station("CT01"), in_year(2025), ldct),
                count(at_station("CT01"), in_year(2025)),
            ),
        ),
        (
            "what percentage of chest cts have a spiculated nodule",
            pct(count(chest_ct, nod(margin("spiculated"))), count(chest_ct)),
        ),
        (
            "pct of patients with 3 or more studies",
            pct(len(_per_patient(lambda k: k >= 3, lambda s: True)), len(pats())),
        ),
    ]
    for question, value in candidates:
        yield from ask(fam, question, "value", value)
    ld = [s for s in all_s if ldct(s)]
    yield _q(
        fam,
        "on a typical ldct how many nodules do we see, on average (mean)",
        "value",
        mean_of([len(nods(s)) for s in ld]),
    )
    yield _q(
        fam,
        "pneumothorax detections - median model confidence",
        "value",
        median_of([f["confidence"] for f in findings() if f["kind"] == "pneumothorax"]),
    )
    yield _q(
        fam,
        "Average long-axis length of spiculated nodules, expressed in centimetres?",
        "value",
        mean_of([f["long_axis_mm"] / 10 for f in nodule_rows(margin("spiculated"))]),
    )
    yield _q(
        fam,
        "avg studies per patient",
        "value",
        mean_of([len(own(p["patient_id"])) for p in pats()]),
    )
    stations = sorted(Counter(s["station"] for s in all_s).items())
    yield _q(fam, "number of exams broken down by scanner station", "groups", stations)
    yield _q(
        fam,
        "headcount of patients split by sex",
        "groups",
        sorted(Counter(p["sex"] for p in pats()).items()),
    )
    yield _q(
        fam,
        "whats the median size for part solid nods",
        "value",
        median_of([f["diameter_mm"] for f in nodule_rows(att("part-solid"))]),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    del rng
    yield _q(fam, "reports mentionning emphysema", "study", sids(says("emphysema")))
    yield _q(
        fam,
        "Dictation check: which studies did the reader call negative for emphysema?",
        "study",
        sids(denies("emphysema")),
    )
    yield _q(fam, "pts with lymphadenopathy on a report", "patient", pids(says("lymphadenopathy")))
    yield _q(
        fam,
        "tally of dictations stating no emphysema",
        "count",
        count(denies("emphysema")),
    )
    yield _q(
        fam,
        "screening ldcts where coronary artery calcification is described",
        "study",
        sids(ldct, says("coronary")),
    )
    yield _q(
        fam,
        "cts w/o lymphadenopathy",
        "study",
        sids(_any_ct, neg(says("lymphadenopathy"))),
    )
    yield _q(
        fam,
        "emphysema and a ground glass nodule on the same study",
        "study",
        sids(says("emphysema"), nod(att("ground-glass"))),
    )
    yield _q(
        fam,
        "studies whose report says there is no lymphadenopathy",
        "study",
        sids(denies("lymphadenopathy")),
    )
    yield _q(
        fam, "exams w granuloma described in the reprot text", "study", sids(says("granuloma"))
    )
    yield _q(
        fam,
        "reports calling emphysema on a study with no nodules at all",
        "study",
        sids(says("emphysema"), neg(nod())),
    )
    yield _q(
        fam,
        "number of distinct people who at some point had emphysema reported",
        "count",
        len(pids(says("emphysema"))),
    )
    yield _q(
        fam,
        "screening cts where the radiologist noted emphysema in 2024",
        "study",
        sids(ldct, says("emphysema"), in_year(2024)),
    )
    yield _q(fam, "emphysemma", "study", sids(says("emphysema")))


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    del rng
    yield from ask(
        fam,
        "follow-up exams showing a nodule that is growing versus its prior",
        "study",
        *[sids(fstudy(t)) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "pts with nodule growth > 3 mm",
        "patient",
        *[pids(fstudy(t)) for t in grew_readings(3.0)],
    )
    yield from ask(
        fam,
        "Count of new nodules that appeared on 2026 scans?",
        "count",
        *[len(fids(new(m), where=in_year(2026))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "stable nodules in the LLL",
        "study",
        *[sids(fstudy(stable(r, m), in_lobe("LLL"))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        fam,
        "new ggns on ldcts in 2025",
        "study",
        *[sids(ldct, in_year(2025), fstudy(new(m), att("ground-glass"))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "which pts developed a new solid nodule on follow-up",
        "patient",
        *[pids(fstudy(new(m), att("solid"), is_nodule)) for m in (False, True)],
    )
    yield from ask(
        fam,
        "number of exams on which a nodule had grown by at least 2 mm since the prior",
        "count",
        *[len(sids(fstudy(grew(2.0, True, r, m)))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        fam,
        "new nodules > 6 mm",
        "study",
        *[sids(fstudy(new(m), gt("diameter_mm", 6))) for m in (False, True)],
    )
    yield from ask(
        fam,
        "Patients with documented interval nodule growth between consecutive exams - list please",
        "patient",
        *[pids(fstudy(t)) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "nodules grown by more than 4mm - findings",
        "finding",
        *[fids(t) for t in grew_readings(4.0)],
    )
    yield from ask(
        fam,
        "new nodules at CT02 last year",
        "study",
        *[sids(at_station("CT02"), in_year(2025), fstudy(new(m))) for m in (False, True)],
    )


def demographics(rng: random.Random) -> Rows:
    fam = "demographics"
    del rng
    yield _q(
        fam,
        "all female pts on the registry",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "F"),
    )
    yield from ask(
        fam,
        "male patients over 70 who had a screening ldct",
        "patient",
        *aged(both_(sex_is("M"), lambda s: ref.age(s) > 70), ldct),
    )
    yield from ask(
        fam, "pts in their 60s with a mass", "patient", *aged(age_in(60, 69), kind("mass"))
    )
    yield _q(
        fam,
        "total number of female people in the cohrot",
        "count",
        sum(p["sex"] == "F" for p in pats()),
    )
    yield from ask(
        fam,
        "patients aged 55-65 with a ggn",
        "patient",
        *aged(age_in(55, 65), nod(att("ground-glass"))),
    )
    yield _q(
        fam,
        "head cts performed on people under 40",
        "study",
        sids(head_ct, lambda s: ref.age(s) < 40),
    )
    yield _q(
        fam,
        "Which patients have their sex recorded as O?",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield _q(
        fam,
        "count of men who got a cxr during 2024",
        "count",
        len(pids(sex_is("M"), cxr, in_year(2024))),
    )
    yield _q(fam, "ldcts in women 50 to 60", "study", sids(ldct, sex_is("F"), age_in(50, 60)))
    yield from ask(
        fam,
        "octogenarians with a pneumothorax",
        "patient",
        *aged(age_in(80, 89), kind("pneumothorax")),
    )
    yield _q(
        fam, "pts younger than thirty five at scan", "patient", pids(lambda s: ref.age(s) < 35)
    )
    yield _q(
        fam,
        "number of ldcts done on men aged seventy five or older",
        "count",
        count(ldct, sex_is("M"), lambda s: ref.age(s) >= 75),
    )
    yield _q(fam, "womens chest xrays", "study", sids(cxr, sex_is("F")))


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    del rng
    yield _q(fam, "CT01 studies in2024", "study", sids(at_station("CT01"), in_year(2024)))
    yield _q(fam, "Total CT angio exams in the database, how many?", "count", count(cta))
    yield _q(fam, "x-rays at DX01 last year", "study", sids(cxr, at_station("DX01"), in_year(2025)))
    yield _q(
        fam,
        "head ct's with intracranial hemorrhage",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage")),
    )
    yield _q(
        fam,
        'exams with the description "CT CHEST W CONTRAST" exactly',
        "study",
        sids(lambda s: s["description"] == "CT CHEST W CONTRAST"),
    )
    yield _q(
        fam,
        "count of CT02 ldcts in Q1 2026",
        "count",
        count(at_station("CT02"), ldct, quarter(2026, 1)),
    )
    yield _q(
        fam,
        "plain chest radiographs on which a pneumothorax was seen",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield _q(fam, "ctpa with an efusion", "study", sids(cta, kind("pleural_effusion")))
    yield _q(fam, "head ct count", "count", count(head_ct))
    yield _q(
        fam,
        "Dear all, how many studies did the CT02 scanner perform in 2025? Best, Mark",
        "count",
        count(at_station("CT02"), in_year(2025)),
    )
    yield _q(
        fam,
        "Which ct angiogram exams show consolidation?",
        "study",
        sids(cta, kind("consolidation")),
    )
    yield _q(
        fam,
        "studies by station in 2024",
        "groups",
        sorted(Counter(s["station"] for s in studies() if in_year(2024)(s)).items()),
    )
    yield _q(fam, "ct01 pe studies", "study", sids(cta, at_station("CT01")))


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    del rng
    yield _q(fam, "RUL nodule present - pull those exams", "study", sids(nod(in_lobe("RUL"))))
    yield _q(
        fam,
        "Any studies with a right middle lobe nodule larger than 5mm?",
        "study",
        sids(nod(in_lobe("RML"), gt("diameter_mm", 5))),
    )
    yield _q(fam, "left lowerlobe ggns", "study", sids(nod(in_lobe("LLL"), att("ground-glass"))))
    yield _q(
        fam,
        "rll or lll spiculated nodules",
        "study",
        sids(nod(in_lobe("RLL", "LLL"), margin("spiculated"))),
    )
    yield _q(
        fam, "right upper lobe mass - which exam(s)", "study", sids(kind("mass", in_lobe("RUL")))
    )
    yield _q(
        fam,
        "pts with calcified nodules in the LUL",
        "patient",
        pids(nod(calcified, in_lobe("LUL"))),
    )
    yield _q(
        fam,
        "total number of nodule findings located in the left upper lobe",
        "count",
        len(nodule_rows(in_lobe("LUL"))),
    )
    yield _q(fam, "rml part solid nod exams", "study", sids(nod(in_lobe("RML"), att("part-solid"))))
    yield _q(
        fam,
        "Which patients have a solid nodule of at least 8 mm in the right lower lobe?",
        "patient",
        pids(nod(in_lobe("RLL"), att("solid"), ge("diameter_mm", 8))),
    )
    yield _q(
        fam, "lesion in the LLL (nodule or mass), exams pls", "study", sids(lesion(in_lobe("LLL")))
    )
    yield _q(
        fam, "calcified nodules rightupper lobe", "study", sids(nod(in_lobe("RUL"), calcified))
    )


def features(rng: random.Random) -> Rows:
    fam = "features"
    del rng
    yield _q(fam, "spiculated nodule exams, all sites", "study", sids(nod(margin("spiculated"))))
    yield _q(
        fam,
        "exams w a calcified solid nod > 5mm",
        "study",
        sids(nod(calcified, att("solid"), gt("diameter_mm", 5))),
    )
    yield _q(
        fam,
        "Which scans contain a part-solid nodule with a lobulated margin?",
        "study",
        sids(nod(margin("lobulated"), att("part-solid"))),
    )
    yield _q(
        fam,
        "noncalcified solid nodules over 8mm",
        "study",
        sids(nod(uncalcified, att("solid"), gt("diameter_mm", 8))),
    )
    yield _q(
        fam,
        "people having at least one smooth-margined nodule",
        "patient",
        pids(nod(margin("smooth"))),
    )
    yield _q(
        fam,
        "Overall, how many individual spiculated nodule findings exist in the data?",
        "count",
        len(nodule_rows(margin("spiculated"))),
    )
    yield _q(fam, "subsolid nodules at CT01", "study", sids(at_station("CT01"), nod(subsolid)))
    yield _q(
        fam,
        "spiculated solid nodules with a diameter of fifteen mm or larger",
        "study",
        sids(nod(margin("spiculated"), att("solid"), ge("diameter_mm", 15))),
    )
    yield _q(
        fam,
        "ground-glass opacities w lobulated margins",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated"))),
    )
    yield _q(fam, "exams with calcifed nodules seen", "study", sids(nod(calcified)))
    yield _q(
        fam,
        "part-solid nodules (not calcified) in women",
        "study",
        sids(nod(att("part-solid"), uncalcified), sex_is("F")),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    multi = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 3]
    p1 = pick(rng, multi)
    yield _q(
        fam,
        f"for {p1}, how many days elapsed from the first exam to the last one",
        "value",
        float(days_between(own(p1)[0]["study_date"], own(p1)[-1]["study_date"])),
    )
    yield from ask(
        fam,
        "Which people have been followed for longer than 2 years from first to latest exam?",
        "patient",
        history(lambda m: m[-1]["study_date"] > months_on(m[0]["study_date"], 24)),
        history(lambda m: days_between(m[0]["study_date"], m[-1]["study_date"]) > 730),
    )
    yield _q(
        fam,
        "median days betwen consecutive ldcts",
        "value",
        median_of([float(g) for g in _gaps(ldct)]),
    )
    yield _q(
        fam,
        "mean gap in days between successive scans",
        "value",
        mean_of([float(g) for g in _gaps(lambda s: True)]),
    )
    p2 = pick(rng, [p for p in multi if len([s for s in own(p) if ldct(s)]) >= 2])
    mine = [s for s in own(p2) if ldct(s)]
    yield _q(
        fam,
        f"{p2}: span in days from initial screening ldct to most recent ldct",
        "value",
        float(days_between(mine[0]["study_date"], mine[-1]["study_date"])),
    )


def more(rng: random.Random) -> Rows:
    """A second round over the families, in the styles the first round had least of."""
    multi = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 2]
    p1 = _first_fit(rng, multi, lambda p: any(fo(s) for s in own(p)))
    yield _q(
        "identifiers",
        f"all findings for {p1}",
        "finding",
        fids(lambda f: True, where=lambda s: s["patient_id"] == p1),
    )
    p2 = _first_fit(rng, multi, lambda p: sum(map(ldct, own(p))) >= 2)
    yield _q("identifiers", f"{p2} ldcts?", "study", sids(ldct, lambda s: s["patient_id"] == p2))
    yield from ask(
        "dates",
        "scans in the past six months",
        "study",
        sids(_since(months_on(AS_OF, -6))),
        sids(_since(shift(months_on(AS_OF, -6), 1))),
    )
    yield _q(
        "dates",
        "ldcts between 1 apr and 30 jun 2024 inclusive",
        "study",
        sids(ldct, dated("2024-04-01", "2024-06-30")),
    )
    yield _q(
        "numbers",
        "exams with nodules sized 1-2 cm across",
        "study",
        sids(nod(within("diameter_mm", 10, 20))),
    )
    yield _q(
        "numbers",
        "studies with a nodule whose vol is between 100 and 250 mm3 (inclusive)",
        "study",
        sids(nod(within("volume_mm3", 100, 250))),
    )
    yield _q(
        "numbers",
        "Findings with a confidence between zero point seven and zero point eight",
        "finding",
        fids(within("confidence", 0.7, 0.8)),
    )
    yield from ask(
        "growth",
        "patinets with stable nodules",
        "patient",
        *[pids(fstudy(stable(r, m))) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        "growth",
        "how many ldcts had a new nodule",
        "count",
        *[count(ldct, fstudy(new(m))) for m in (False, True)],
    )
    yield from ask(
        "growth",
        "ground glass nods that grew vs prior - which exams",
        "study",
        *[sids(fstudy(t, att("ground-glass"))) for t in grew_readings()],
    )
    yield from ask(
        "growth",
        "New nodules on screening in 2024 - which patients?",
        "patient",
        *[pids(ldct, in_year(2024), fstudy(new(m))) for m in (False, True)],
    )
    yield from ask(
        "demographics",
        "women in their 70s with a spiculated nodule",
        "patient",
        *aged(both_(sex_is("F"), age_in(70, 79)), nod(margin("spiculated"))),
    )
    yield from ask(
        "demographics",
        "men aged 45-55 w an ldct",
        "patient",
        *aged(both_(sex_is("M"), age_in(45, 55)), ldct),
    )
    yield _q(
        "demographics",
        "how many pts born 1985 or after",
        "count",
        len(born("1985-01-01", "9999-12-31")),
    )
    yield from ask(
        "intervals",
        "patients whose latest study is more than 2 years old",
        "patient",
        history(lambda m: m[-1]["study_date"] < months_on(AS_OF, -24)),
    )
    yield _q(
        "intervals",
        "typical spacing, as a mean in days, between one chest ct and the next",
        "value",
        mean_of([float(g) for g in _gaps(chest_ct)]),
    )
    yield from ask(
        "intervals",
        "pts with follow-up longer than three years",
        "patient",
        history(lambda m: m[-1]["study_date"] > months_on(m[0]["study_date"], 36)),
        history(lambda m: days_between(m[0]["study_date"], m[-1]["study_date"]) > 3 * 365),
        history(lambda m: days_between(m[0]["study_date"], m[-1]["study_date"]) > 3 * 365 + 1),
    )
    yield _q(
        "aggregates",
        "average solid comp (mm) over all part-solid nodules",
        "value",
        mean_of([f["solid_component_mm"] for f in nodule_rows(att("part-solid"))]),
    )
    yield _q(
        "aggregates",
        "averge volume of RLL nodules in cc",
        "value",
        mean_of([f["volume_mm3"] / 1000 for f in nodule_rows(in_lobe("RLL"))]),
    )
    all_s = studies()
    pool: list[tuple[str, float | None]] = [
        (
            "what % of head cts showed a hemorrhage",
            pct(count(head_ct, kind("intracranial_hemorrhage")), count(head_ct)),
        ),
        (
            "percentage of ldcts in 2025 that were lung-rads 2",
            pct(count(ldct, in_year(2025), _cats("2")), count(ldct, in_year(2025))),
        ),
        ("share of studies done at CT02 (%)", pct(count(at_station("CT02")), len(all_s))),
        (
            "% of nodules that are ground glass",
            pct(len(nodule_rows(att("ground-glass"))), len(nodule_rows())),
        ),
        (
            "% of nodules that are spiculated",
            pct(len(nodule_rows(margin("spiculated"))), len(nodule_rows())),
        ),
        (
            "percent of ldcts with emphysema reported",
            pct(count(ldct, says("emphysema")), count(ldct)),
        ),
        (
            "% of studies in 2026 that were ldcts",
            pct(count(in_year(2026), ldct), count(in_year(2026))),
        ),
        (
            "what percent of pe studies showed a pleural effusion",
            pct(count(cta, kind("pleural_effusion")), count(cta)),
        ),
        ("what % of chest cts were nodule-free", pct(count(chest_ct, neg(nod())), count(chest_ct))),
        (
            "what fraction of 2023 studies were x-rays, in percent",
            pct(count(in_year(2023), cxr), count(in_year(2023))),
        ),
    ]
    for question, value in pool:
        yield from ask("aggregates", question, "value", value)
    lll = nodule_rows(in_lobe("LLL"), att("solid"))
    n, ans = untied(lll, lambda f: -f["volume_mm3"], "finding_id", 2)
    yield _q("rankings", f"top {n} solid LLL nodules by vol", "finding", ans)
    for k in range(2, 12):
        r = _ranked_patients(lambda p: sum(map(ldct, own(p))), k)
        if r is not None:
            yield _q("rankings", f"{WORDS.get(k, str(k))} pts with the most ldcts", "patient", r)
            break
    yield _q(
        "lobes",
        "ggo in rul or rml",
        "study",
        sids(nod(att("ground-glass"), in_lobe("RUL", "RML"))),
    )
    yield _q(
        "lobes",
        "men with LUL nodules > 1 cm",
        "patient",
        pids(sex_is("M"), nod(in_lobe("LUL"), gt("diameter_mm", 10))),
    )
    yield _q(
        "features",
        "how many part-solid nodules are lobulated or spiculated",
        "count",
        len(nodule_rows(att("part-solid"), lambda f: f["margin"] in ("lobulated", "spiculated"))),
    )
    yield _q(
        "features",
        "spiculatted ggns",
        "study",
        sids(nod(att("ground-glass"), margin("spiculated"))),
    )
    yield _q(
        "modality",
        "non contrast head ct in 2025",
        "study",
        sids(head_ct, in_year(2025)),
    )
    yield _q(
        "reports",
        "Hello, please list the screening CTs whose reports describe lymphadenopathy. Thanks!",
        "study",
        sids(ldct, says("lymphadenopathy")),
    )
    yield from ask(
        "lung_rads",
        "pts with an lr 4a or higher ldct in the last 12 months",
        "patient",
        pids(ldct, _cats(*HIGHER["4A"]), _since(months_on(AS_OF, -12))),
        pids(ldct, _cats(*HIGHER["4A"]), _since(shift(months_on(AS_OF, -12), 1))),
    )


FAMILIES = (
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
    features,
    intervals,
    more,
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
    print(len(items), Counter(i.family for i in items), "left out:", LEFT_OUT, file=sys.stdout)
