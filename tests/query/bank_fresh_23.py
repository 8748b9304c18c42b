"""Held-out part 23 of the question bank: cohort questions typed as clinicians type them, blind.

Written for issue 17 as a final, honest measurement of the question reader, blind to it: its author
read only issue 17, the cohort README and data files (``../shared/cohort``; its
``dev_queries.jsonl`` only to see the data, never to borrow phrasings), the "Conventions" section
of ``docs/query.md`` and its "Reports" section up to "How well it reads" (a screen of that
subsection, about the report corpus, went by too; not the reader's measurements nor the lists of
misses, fixes and limits), :mod:`question_bank` (the :class:`Item` type, its helpers and its
scoring function ``_matches``, for the form of a "value" or "groups" answer),
:mod:`cohort_reference`, :mod:`blind_reference` (the shared plain-Python reading of the cohort,
imported here), and ``bank_fresh_22.py`` for its format and module docstring only, up to the line
that opens its families, not its questions. The reader's code (``query/``), ``appliance/``, the
tests (``test_*.py``), ``family_reading.py`` and the other parts' questions were not opened, and the
engine was never run on these questions: they were frozen (committed) before any was put to it, and
none is to be changed to suit it afterwards. Their texts were compared with ``dev_queries.jsonl``
and with parts 20, 21 and 22 (loaded through their ``bank()``, never read) by a throwaway script
that printed only this part's matches (word for word after lower-casing and dropping punctuation,
or a word overlap of 75 % or more of the longer question): 30 matched (6 word for word) and were
reworded, two rewordings matched again and were reworded again, none is left, and no question of
this part repeats another (:func:`bank` refuses a repeat). Eleven that came close to an example
quoted in the Conventions section (two thirds of their words or more, or the same shape) were
reworded too.

Every family issue 17 lists is here (questions per family in brackets, 228 in all): identifiers
[16] (patient IDs, accession numbers, a study UID alone and in a count, two accessions, a baseline
CT, a latest exam, the latest LDCT of two patients, a "1st chest xray", the earliest study on
file, an unknown MRN); dates [24] ("q2 2025", "4th quarter 2023", "H2 2024", "the 2nd half of
2023", "last quarter" with its own as-of date, "since june", "since sept 2025", month ranges "may
thru aug 2024", "dec 2024 - mar 2025", "15 jan 2025 to 15 mar 2025", "between march and may
2026", an ISO range, a slashed day, "this year", "last year", the last 90 days, the past 2 yrs, "in
2024 or 2025", "in 2024 and again in 2025", births before a year, "DOB in 1971", "born in the 50s",
"born 1960-1965"); numbers [20] (negative HU, "minus 100", HU ranges with "+40", sizes in words
and in cm "one centimetre", "1.2cm", "0.8 and 1.5 cm", "15+ mm", a bare "7 mm", confidences ".6",
"95%", "0.7-0.75", volumes in cc and mm3, long and short axis, solid component); counts [17]
(exactly / only one / at least / fewer than nodules, a word number, scans per patient, LDCTs and
head and chest CTs per patient, "only one scan", the same nodule on 4+ scans, growth of 2 mm or
more and over 4 mm, "over 3 nodules on a single ct", no nodules); patient-level set logic [16]
("both ... and", "A and B both", "on one scan", "but never", "never scanned on", "never got", "no
... ever", "never reported w", "without a mass on any of their scans", "in 2024 and again in
2025"); Lung-RADS [17] (a category, "2 or better", "below lr 3", "≥ 4a", worst-ever, highest
ever, "max", counts per category over LDCTs and over 2024 with its uncategorised studies, a change
"from lr 2 to lr 4a", upgraded, "go up", changed, a percentage); rankings and top-N [17] (largest,
smallest, lowest and highest HU, most confident, least confident, most nodules per patient, oldest
patients, most recent and newest studies, by volume, long axis and diameter); averages, medians and
percentages [18] (size, volume in cc, HU, confidence, long axis in cm, short axis, solid component,
ages, nodules per LDCT and per patient, shares with and without "that were"); report concepts with
negation [15] (emphysema, lymphadenopathy, coronary calcification, granuloma; "w/o", "negative
for", "documenting no", "never mention", "hx of", "but no"); growth / new / stable / shrinking [11];
demographics [15] (sex, "other" sex, ages over and under, ranges, "in their 40s", "75+ yo",
octogenarians and septuagenarians, "female chest xrays", counts of men and of men's LDCTs);
modality / description / station [14] (CT01, CT02, DX01, "dx", "ct pe", "cta", descriptions quoted
word for word, "non contrast chest ct"); lobes [11] (each lobe by its abbreviation and its name,
"middle lobe", bilateral nodules, lesions); attenuation / margin / calcification [13]; intervals
[4] (days from a baseline to the most recent LDCT, months and days from first to latest scan,
"tracked for over 36 months"). The phrasings use abbreviations (pts, pt, f, w, w/, w/o, f/u, yo,
hx, ldct, ggn, ggo, psn, nods, lr, conf, comp, vol, dx, ctpa, cta, "#"), typos ("nodlues",
"emphysma", "lobulted", "pnuemothorax", "hemmorhage", "paitents", "lymphadenopthy", "calcfied",
"spicualted", "exactley", "groundglass"), commands ("give me", "list", "show me", "count"), terse
fragments and run-on sentences.

Parameters are drawn from the cohort with this part's own seed (:data:`SEED`); a ranking's number is
drawn among those whose boundary has no tie. Expected answers are computed here in plain Python with
the documented conventions written out by hand. Where the conventions do not settle a reading the
question is asked only when the competing readings give the same answer (:func:`ask`): a track
that was a mass from its first study counted or not as a new, stable or growing nodule; a change
taken in floating point or to 0.1 mm; an age (with a sex) and another condition on one study or
each on some study; "A and B" of a patient without "both" on one study or each on some; the first
day of "the last 90 days" / "the past 2 yrs" (the as-of day minus the span, or the day after); a
nodule tracked on N scans counting a mass on its track or not; "non contrast chest ct" as the CT
CHEST W/O CONTRAST description alone or with the low-dose screening CTs (asked of pleural
effusions, where they agree). These readings disagreed, so their questions were left out
(``LEFT_OUT`` lists them as the bank is built): "pts whose every ct showed a nodule" (a patient
without any CT in or out), "lll nodules w lung-rads 4b" (the study's category or the LLL nodule's
own). Drafts replaced before freezing because their readings disagreed: "women aged 55-60 w ggo"
(asked as 55-59, where they agree), a non-contrast chest CT with a mass (asked with a pleural
effusion), stable nodules in 2024 (asked of 2025). Left out altogether: a ranking with a tie at the
boundary at the number first drafted (ggns by HU, patients by ggns and by spiculated nodules, the
least confident pneumothoraces, the biggest calcified nodules: asked at a number without a tie), a
percentage not within 0.005 of its rounding to 0.1 ("% of ldcts that were lr 1", LDCTs with a
spiculated nodule, head CTs with a hemorrhage, scans on CT02: replaced by ones that are); "r/o"
(whether "r/o emphysema" is a report that ruled it out or an exam to rule it out); "youngest"
(latest birth date or lowest age on a study); "upper lobe" (with or without the RML); a nodule's
"left / right lung" (the cohort gives a side only to pneumothoraces and effusions; "bilateral" is
read from the lobes, R* and L*, as the convention's "a nodule on each side in the same study");
"this quarter" with an as-of date inside a quarter (up to the as-of date or the quarter's end; asked
as "last quarter"); "the earliest N <studies>" (a ranking or each patient's first); "granulomas in
pts over 70" (studies or patients; asked as "pts over 70 with a granuloma"); "on every scan" of a
patient (see above). Three drafts whose answers were empty by accident were replaced: a CT angio and
a head CT (in this cohort no patient has two kinds of study but a contrast and a non-contrast chest
CT, which is asked instead), a calcified ggn (none), a spiculated RUL nodule at CT02 in March to May
2026 (asked of the RLL). Readings taken: "CT CHEST W CONTRAST" quoted word for word is that
description (with the CT angiograms, also contrast chest CTs, the two questions that quote it
would differ); "baseline ct" is asked only of a patient whose first CT is also the first chest CT,
first LDCT and first study; "upgraded to 4b" is a 4B study whose previous category was lower; "max
lung rads of 2" and "worst-ever" are the highest ever; "oldest" patients are the earliest birth
dates; "ggn" / "ggo" / "psn" are nodules of that attenuation, so ground-glass masses are not ggns;
"sex listed as other" is the cohort's O; "reports that never mention emphysema" are those without
an affirmed mention (a negated mention is not a mention); "documenting no" and "negative for" are
the denied reading. Report concepts follow the fixture's phrasings as :mod:`blind_reference` reads
them. Two answers are empty on purpose: an unknown MRN (P00871) and nodules that got smaller
(docs/query.md: none shrinks in this cohort).

Scored alone with ``python tests/query/question_bank.py --part held_out_23 -v`` once wired in.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import cohort_reference as ref
from blind_reference import (
    ORDER,
    FTest,
    Rows,
    age_in,
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
    changes,
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
    top,
    uncalcified,
    went,
    went_from,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_23"
SEED = 2323

# Questions whose readings disagreed (or whose ranking had a tie at its boundary, or whose
# percentage was not within 0.005 of a tenth), so were left out: filled while the bank is built
# and listed in the module docstring by hand.
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


def _uids(rows: Sequence[Row]) -> list[str]:
    return sorted(str(s["study_uid"]) for s in rows)


def _patients(test: Callable[[str], bool]) -> list[str]:
    return sorted(p["patient_id"] for p in pats() if test(p["patient_id"]))


def _count_in(pid: str, test: Test) -> int:
    """How many of the patient's studies pass ``test``."""
    return sum(1 for s in own(pid) if test(s))


def _first(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[0] if mine else None


def _latest(pid: str, test: Test) -> Row | None:
    mine = [s for s in own(pid) if test(s)]
    return mine[-1] if mine else None


def _every(scope: Test, test: Test, vacuous: bool) -> list[str]:
    """Patients whose every study in ``scope`` passes ``test`` (``vacuous``: none in scope too)."""
    return history(
        lambda mine: (vacuous or any(map(scope, mine))) and all(test(s) for s in mine if scope(s))
    )


def _ranked_patients(score: Callable[[str], float], n: int) -> list[str] | None:
    """The ``n`` patients with the highest ``score`` (None on a tie at the boundary)."""
    rows = [{"patient_id": p["patient_id"], "k": -score(p["patient_id"])} for p in pats()]
    return top(rows, lambda r: r["k"], n, "patient_id")


def _lr_groups(*tests: Test) -> list[tuple[str | None, int]]:
    """Studies passing every test counted per Lung-RADS category (None: no category)."""
    tally = Counter(category(s) for s in studies() if all(t(s) for t in tests))
    return sorted(tally.items(), key=lambda kv: -1 if kv[0] is None else ORDER.index(kv[0]))


def _on_tracks(n_min: int, masses: bool) -> list[str]:
    """Patients with one nodule (a track) seen on at least ``n_min`` different studies."""
    by_track: dict[str, set[str]] = {}
    for f in findings():
        if f.get("track_id") and (is_nodule(f) or (masses and f["kind"] == "mass")):
            by_track.setdefault(f["track_id"], set()).add(f["study_uid"])
    studies_by_uid = ref.cohort()[1]
    return sorted(
        {
            studies_by_uid[next(iter(uids))]["patient_id"]
            for uids in by_track.values()
            if len(uids) >= n_min
        }
    )


def _age_at_latest(test: Test, summary: Callable[[Sequence[float]], float]) -> float:
    """Mean / median age of the patients with a study passing ``test``, at the latest such one."""
    ages: list[float] = []
    for p in pats():
        last = _latest(p["patient_id"], test)
        if last is not None:
            ages.append(ref.age(last))
    return summary(ages)


def _mean_field(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return mean_of([f[name] / scale for f in rows if f.get(name) is not None])


def _median_field(rows: Sequence[Row], name: str, scale: float = 1.0) -> float:
    return median_of([f[name] / scale for f in rows if f.get(name) is not None])


def _kind_rows(name: str) -> list[Row]:
    return [f for f in findings() if f["kind"] == name]


def _first_fit(rng: random.Random, pool: Sequence[Any], fits: Callable[[Any], bool]) -> Any:
    """A random member of ``pool`` that ``fits`` (drawn in a shuffled order of the pool)."""
    order = list(pool)
    rng.shuffle(order)
    for x in order:
        if fits(x):
            return x
    raise ValueError("nothing in the pool fits")


def _by_day(s: Row) -> int:
    return dt.date.fromisoformat(s["study_date"]).toordinal()


def _recent(rows: Sequence[Row], n: int) -> list[str] | None:
    """The ``n`` most recent studies (None when the boundary falls inside one day)."""
    return top(rows, lambda s: -_by_day(s), n, "study_uid")


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    fam = "identifiers"
    several = [p["patient_id"] for p in pats() if len(own(p["patient_id"])) >= 3]
    p1, p2, p3 = rng.sample(several, 3)
    yield _q(fam, f"give me every study on pt {p1}", "study", _uids(own(p1)))

    s = pick(rng, studies())
    yield _q(fam, f"which patient is accession {s['accession']}", "patient", [s["patient_id"]])

    s = _first_fit(rng, studies(), lambda x: len(nods(x)) >= 3)
    yield _q(fam, f"how many nodules on accession {s['accession']}", "count", len(nods(s)))

    s = pick(rng, studies())
    yield _q(fam, f"study {s['study_uid']} belongs to which patient", "patient", [s["patient_id"]])

    s = _first_fit(rng, studies(), lambda x: len({f["kind"] for f in fo(x)}) >= 2)
    yield _q(fam, f"findings in {s['study_uid']} - how many", "count", len(fo(s)))

    # "baseline ct": the first CT; asked of a patient whose first CT is also the first chest CT,
    # the first LDCT and the first study, so that every reading of "baseline" agrees
    def settled(p: str) -> bool:
        firsts = [_first(p, t) for t in (any_ct, chest_ct, ldct, lambda x: True)]
        return firsts[0] is not None and all(f is firsts[0] for f in firsts)

    p = _first_fit(rng, several, settled)
    first_ct = _first(p, any_ct)
    assert first_ct is not None
    yield _q(fam, f"baseline ct for {p}", "study", [first_ct["study_uid"]])

    yield _q(fam, f"{p2} latest exam?", "study", [own(p2)[-1]["study_uid"]])

    with_ldct = [p for p in several if _count_in(p, ldct) >= 2]
    a, b = rng.sample(with_ldct, 2)
    last = [_latest(x, ldct) for x in (a, b)]
    yield _q(
        fam, f"latest ldct for pts {a} and {b}", "study", _uids([x for x in last if x is not None])
    )

    with_dx = [p["patient_id"] for p in pats() if _count_in(p["patient_id"], cxr) >= 1]
    p = pick(rng, with_dx)
    first_dx = _first(p, cxr)
    assert first_dx is not None
    yield _q(fam, f"1st chest xray for {p}", "study", [first_dx["study_uid"]])

    yield _q(fam, "all scans MRN P00871", "study", [])

    with_head = [p["patient_id"] for p in pats() if _count_in(p["patient_id"], head_ct) >= 1]
    p = pick(rng, with_head)
    yield _q(fam, f"show head ct accessions for patient {p}", "study", sids(head_ct, _is_of(p)))

    yield _q(fam, f"{p3} - how many exams in total", "count", len(own(p3)))

    p = _first_fit(rng, several, lambda x: bool(sids(_is_of(x), nod(gt("diameter_mm", 6)))))
    yield _q(fam, f"{p} nodules >6mm", "study", sids(_is_of(p), nod(gt("diameter_mm", 6))))

    s = _first_fit(rng, studies(), kind("pneumothorax"))
    yield _q(fam, f"pneumothorax on accession {s['accession']}?", "study", [s["study_uid"]])

    s1, s2 = rng.sample(studies(), 2)
    yield _q(
        fam,
        f"accessions {s1['accession']} and {s2['accession']} - which patients",
        "patient",
        sorted({s1["patient_id"], s2["patient_id"]}),
    )

    p = pick(rng, several)
    yield _q(fam, f"earliest study on file for {p}", "study", [own(p)[0]["study_uid"]])


def _is_of(pid: str) -> Test:
    return lambda s: bool(s["patient_id"] == pid)


def dates(rng: random.Random) -> Rows:
    fam = "dates"
    del rng  # this family's parameters are fixed by hand across the cohort's four years
    yield _q(fam, "ldcts q2 2025", "study", sids(ldct, quarter(2025, 2)))
    yield _q(fam, "4th quarter 2023 head ct", "study", sids(head_ct, quarter(2023, 4)))
    # "since june" is the latest June begun by the as-of date (2026-11-01): 1 June 2026 on
    yield _q(fam, "dx exams since june", "study", sids(cxr, dated("2026-06-01", AS_OF)))
    yield _q(
        fam, "how many ct angios since sept 2025", "count", count(cta, dated("2025-09-01", AS_OF))
    )
    yield _q(
        fam, "chest x-rays may thru aug 2024", "study", sids(cxr, dated("2024-05-01", "2024-08-31"))
    )
    yield _q(
        fam,
        "pts born before 1948 w a ldct in 2023",
        "patient",
        sorted(set(born("1900-01-01", "1947-12-31")) & set(pids(ldct, in_year(2023)))),
    )
    yield _q(fam, "pts w DOB in 1971", "patient", born("1971-01-01", "1971-12-31"))
    yield _q(
        fam,
        "women born in the 50s w a spicualted nodule",
        "patient",
        sorted(
            set(born("1950-01-01", "1959-12-31"))
            & set(pids(sex_is("F"), nod(margin("spiculated"))))
        ),
    )
    # the first day of "the last 90 days": the as-of day minus 90, or the day after
    yield from ask(
        fam,
        "ctpa in last 90 days",
        "study",
        sids(cta, dated(shift(AS_OF, -90), AS_OF)),
        sids(cta, dated(shift(AS_OF, -89), AS_OF)),
    )
    yield from ask(
        fam,
        "scans from the past 2 yrs w a mass",
        "study",
        sids(kind("mass"), dated("2024-11-01", AS_OF)),
        sids(kind("mass"), dated("2024-11-02", AS_OF)),
    )
    yield _q(
        fam,
        "ldcts this year that came back lr 3",
        "study",
        sids(ldct, cat_in("3"), dated("2026-01-01", AS_OF)),
    )
    yield _q(fam, "count head cts from last year", "count", count(head_ct, in_year(2025)))
    yield _q(fam, "H2 2024 chest cts", "study", sids(chest_ct, dated("2024-07-01", "2024-12-31")))
    yield _q(
        fam,
        "ct01 scans between 2023-07-01 and 2023-09-15",
        "study",
        sids(at_station("CT01"), dated("2023-07-01", "2023-09-15")),
    )
    yield _q(
        fam,
        "scans before 2/20/2024 with pleural effusion",
        "study",
        sids(kind("pleural_effusion"), dated("2000-01-01", "2024-02-19")),
    )
    yield _q(
        fam,
        "studies in 2024 or 2025 showing a ggn",
        "study",
        sids(nod(att("ground-glass")), dated("2024-01-01", "2025-12-31")),
    )
    yield _q(
        fam, "dec 2024 - mar 2025 ldct", "study", sids(ldct, dated("2024-12-01", "2025-03-31"))
    )
    yield _q(
        fam,
        "pts w a ldct in 2024 and again in 2025",
        "patient",
        history(each_on_some(both_(ldct, in_year(2024)), both_(ldct, in_year(2025)))),
    )
    yield _q(
        fam,
        "ct studies from the 2nd half of 2023 at ct02",
        "study",
        sids(any_ct, at_station("CT02"), dated("2023-07-01", "2023-12-31")),
    )
    # "last quarter" on 15 August 2026 is the second quarter of 2026
    yield _q(
        fam,
        "chest cts last quarter",
        "study",
        sids(chest_ct, quarter(2026, 2)),
        as_of="2026-08-15",
    )
    yield _q(
        fam,
        "pts born 1960-1965 w emphysema",
        "patient",
        sorted(set(born("1960-01-01", "1965-12-31")) & set(pids(says("emphysema")))),
    )
    yield _q(
        fam,
        "ldcts from 15 jan 2025 to 15 mar 2025",
        "study",
        sids(ldct, dated("2025-01-15", "2025-03-15")),
    )
    yield _q(
        fam,
        "can you pull up every chest ct from ct02 between march and may 2026 that had a"
        " spiculated nodule in the right lower lobe",
        "study",
        sids(
            chest_ct,
            at_station("CT02"),
            dated("2026-03-01", "2026-05-31"),
            nod(margin("spiculated"), in_lobe("RLL")),
        ),
    )
    yield _q(
        fam,
        "how many studies were done in feb 2026",
        "count",
        count(dated("2026-02-01", "2026-02-28")),
    )


def numbers(rng: random.Random) -> Rows:
    fam = "numbers"
    hu = pick(rng, (-560, -540, -520))
    yield _q(fam, f"nodlues w/ hu under {hu}", "study", sids(nod(lt("mean_hu", hu))))
    lo = pick(rng, (-740, -720, -700))
    hi = lo + pick(rng, (60, 80, 100))
    yield _q(
        fam,
        f"ggos with density between {lo} and {hi}",
        "study",
        sids(nod(att("ground-glass"), within("mean_hu", lo, hi))),
    )
    yield _q(
        fam,
        "findings with mean hu from -30 to +40",
        "finding",
        fids(within("mean_hu", -30, 40)),
    )
    yield _q(
        fam,
        "solid nods smaller than one centimetre",
        "study",
        sids(nod(att("solid"), lt("diameter_mm", 10))),
    )
    yield _q(fam, "nods that measure 1.2cm or larger", "study", sids(nod(ge("diameter_mm", 12))))
    yield _q(fam, "nods 4-6mm on ldct", "study", sids(ldct, nod(within("diameter_mm", 4, 6))))
    yield _q(fam, "nodules w conf under .6", "study", sids(nod(lt("confidence", 0.6))))
    yield _q(
        fam,
        "findings with 95% confidence or more, how many",
        "count",
        len(fids(ge("confidence", 0.95))),
    )
    yield _q(fam, "nodules w volume over 2 cc", "study", sids(nod(gt("volume_mm3", 2000))))
    yield _q(fam, "nods 100 to 250 mm3", "study", sids(nod(within("volume_mm3", 100, 250))))
    yield _q(
        fam, "pts with a nodule long axis > 2 cm", "patient", pids(nod(gt("long_axis_mm", 20)))
    )
    yield _q(
        fam,
        "part solid nodules w solid component ≥ 6 mm",
        "study",
        sids(nod(att("part-solid"), ge("solid_component_mm", 6))),
    )
    yield _q(
        fam,
        "ggns short axis at most 4mm",
        "study",
        sids(nod(att("ground-glass"), le("short_axis_mm", 4))),
    )
    yield _q(
        fam, "nodules between 0.8 and 1.5 cm", "study", sids(nod(within("diameter_mm", 8, 15)))
    )
    yield _q(
        fam,
        "pneumothoraces with conf 0.7-0.75",
        "study",
        sids(kind("pneumothorax", within("confidence", 0.7, 0.75))),
    )
    yield _q(
        fam, "15+ mm nodules in 2023", "study", sids(in_year(2023), nod(ge("diameter_mm", 15)))
    )
    # a bare size is read as the half-millimetre band around it (convention): 6.5 to under 7.5
    yield _q(
        fam,
        "7 mm solid nodules",
        "study",
        sids(nod(att("solid"), ge("diameter_mm", 6.5), lt("diameter_mm", 7.5))),
    )
    yield _q(
        fam,
        "nodules w solid comp less than 3mm",
        "study",
        sids(nod(lt("solid_component_mm", 3))),
    )
    yield _q(
        fam,
        "how many nodules measure 20 mm or more",
        "count",
        len(fids(is_nodule, ge("diameter_mm", 20))),
    )
    yield _q(
        fam,
        "nodules with hu above minus 100",
        "study",
        sids(nod(gt("mean_hu", -100))),
    )


def counts(rng: random.Random) -> Rows:
    fam = "counts"
    del rng  # counts are chosen by hand from the cohort's spread (0 to 8 nodules a study)

    def n_nods(s: Row) -> int:
        return len(nods(s))

    yield _q(
        fam,
        "screening cts with exactley three nods",
        "study",
        sids(ldct, lambda s: n_nods(s) == 3),
    )
    yield _q(fam, "cts w only one nodule", "study", sids(any_ct, lambda s: n_nods(s) == 1))
    yield _q(
        fam,
        "how many studies have at least 6 nodules",
        "count",
        count(lambda s: n_nods(s) >= 6),
    )
    yield _q(
        fam,
        "chest cts w fewer than 2 nodules in 2026",
        "study",
        sids(chest_ct, in_year(2026), lambda s: n_nods(s) < 2),
    )
    yield _q(
        fam,
        "pts scanned at least 3 times",
        "patient",
        _patients(lambda p: len(own(p)) >= 3),
    )
    yield _q(
        fam,
        "how many pts had exactly 2 scans",
        "count",
        len(_patients(lambda p: len(own(p)) == 2)),
    )
    yield _q(
        fam,
        "patients with three or more low dose cts",
        "patient",
        _patients(lambda p: _count_in(p, ldct) >= 3),
    )
    yield _q(
        fam,
        "# pts w only one scan",
        "count",
        len(_patients(lambda p: len(own(p)) == 1)),
    )
    yield from ask(
        fam,
        "pts where the same nodule was tracked on at least 4 scans",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield from ask(
        fam,
        "nodule growth of 2mm or more",
        "study",
        *[sids(fstudy(t)) for t in grew_readings(2.0, inclusive=True)],
    )
    yield from ask(
        fam,
        "scans where a nodule grew > 4 mm",
        "study",
        *[sids(fstudy(t)) for t in grew_readings(4.0)],
    )
    yield _q(
        fam,
        "pts w over 3 nodules on a single ct",
        "patient",
        pids(any_ct, lambda s: n_nods(s) > 3),
    )
    yield _q(
        fam,
        "ldcts with no nodules how many",
        "count",
        count(ldct, lambda s: n_nods(s) == 0),
    )
    yield _q(
        fam,
        "pts with 2 or more head cts",
        "patient",
        _patients(lambda p: _count_in(p, head_ct) >= 2),
    )
    yield _q(
        fam,
        "pts w fewer than 2 chest ct",
        "patient",
        _patients(lambda p: _count_in(p, chest_ct) < 2),
    )
    yield _q(
        fam,
        "scans with 2 or more ggns",
        "study",
        sids(lambda s: len(nods(s, att("ground-glass"))) >= 2),
    )
    yield _q(
        fam,
        "number of patients with 4 ldcts or more",
        "count",
        len(_patients(lambda p: _count_in(p, ldct) >= 4)),
    )


def set_logic(rng: random.Random) -> Rows:
    fam = "set logic"
    del rng
    mass, emph = kind("mass"), says("emphysema")
    yield _q(
        fam,
        "which patients have had both emphysema and a mass",
        "patient",
        history(each_on_some(mass, emph)),
    )
    yield _q(
        fam,
        "pts w calcified nods but no spiculated nod ever",
        "patient",
        history(some_but_never(nod(calcified), nod(margin("spiculated")))),
    )
    yield _q(
        fam,
        "give me every patient who has never been scanned on chest ct",
        "patient",
        history(lambda m: not any(map(chest_ct, m))),
    )
    yield _q(
        fam, "which pts never got a head ct", "patient", history(lambda m: not any(map(head_ct, m)))
    )
    yield _q(
        fam,
        "pts w ldct who never had nodules",
        "patient",
        history(some_but_never(ldct, nod())),
    )
    yield _q(
        fam,
        "pts having both an rll nodule and an lul nodule",
        "patient",
        history(each_on_some(nod(in_lobe("RLL")), nod(in_lobe("LUL")))),
    )
    yield _q(
        fam,
        "pts w both a solid nodule and a ggn on one scan",
        "patient",
        pids(nod(att("solid")), nod(att("ground-glass"))),
    )
    yield _q(
        fam,
        "pts w a pneumothorax but never a ct angio",
        "patient",
        history(some_but_never(kind("pneumothorax"), cta)),
    )
    yield _q(
        fam,
        "pts that have had both coronary calcification and lymphadenopathy",
        "patient",
        history(each_on_some(says("lymphadenopathy"), says("coronary"))),
    )
    yield _q(
        fam,
        "patients who have never been lung-rads 4",
        "patient",
        history(lambda m: not any(map(cat_in("4A", "4B", "4X"), m))),
    )
    yield from ask(
        fam,
        "pts whose every ct showed a nodule",
        "patient",
        _every(any_ct, nod(), vacuous=False),
        _every(any_ct, nod(), vacuous=True),
    )
    yield _q(
        fam,
        "pts with a ggn in 2024 and again in 2025",
        "patient",
        history(
            each_on_some(
                both_(nod(att("ground-glass")), in_year(2024)),
                both_(nod(att("ground-glass")), in_year(2025)),
            )
        ),
    )
    yield _q(
        fam,
        "pts w emphysema but never reported w lymphadenopathy",
        "patient",
        history(some_but_never(emph, says("lymphadenopathy"))),
    )
    yield _q(
        fam,
        "list patients who got a chest radiograph but never a pneumothorax",
        "patient",
        history(some_but_never(cxr, kind("pneumothorax"))),
    )
    yield _q(
        fam,
        "smooth and lobulated nods both, which pts",
        "patient",
        history(each_on_some(nod(margin("smooth")), nod(margin("lobulated")))),
    )
    yield _q(
        fam,
        "how many pts had a part-solid nodule but never a ggn",
        "count",
        len(history(some_but_never(nod(att("part-solid")), nod(att("ground-glass"))))),
    )
    yield _q(
        fam,
        "lung-rads 4x patients without a mass on any of their scans",
        "patient",
        history(some_but_never(cat_in("4X"), mass)),
    )


def lung_rads(rng: random.Random) -> Rows:
    fam = "lung-rads"
    del rng
    yield _q(fam, "lr 4b ldcts 2025", "study", sids(ldct, cat_in("4B"), in_year(2025)))
    yield _q(
        fam,
        "which pts had a worst-ever lung-rads of 3",
        "patient",
        history(lambda m: highest(m) == "3"),
    )
    yield _q(
        fam,
        "how many pts had a highest ever lr of 4x",
        "count",
        len(history(lambda m: highest(m) == "4X")),
    )
    yield _q(fam, "ldct count for each lung-rads cat", "groups", _lr_groups(ldct))
    yield _q(
        fam, "lung-rads counts per category for 2024 scans", "groups", _lr_groups(in_year(2024))
    )
    yield _q(
        fam,
        "lr 2 or better chest cts in 2026",
        "study",
        sids(chest_ct, cat_in("1", "2"), in_year(2026)),
    )
    yield _q(fam, "pts w lung rads ≥ 4a", "patient", pids(cat_in("4A", "4B", "4X")))
    yield _q(fam, "scans that went from lr 2 to lr 4a", "study", sids(went_from("2", ("4A",))))
    yield _q(fam, "pts upgraded to 4b", "patient", pids(went(1), cat_in("4B")))
    yield from ask(
        fam,
        "lr 4a - what percentage of all ldcts",
        "value",
        pct(count(ldct, cat_in("4A")), count(ldct)),
    )
    yield _q(fam, "number of lung-rads 4x studies", "count", count(cat_in("4X")))
    yield _q(fam, "studies where the lung-rads category changed", "study", sids(went(0)))
    yield _q(
        fam,
        "both lr 3 and lr 4b, which pts",
        "patient",
        history(each_on_some(cat_in("3"), cat_in("4B"))),
    )
    yield _q(
        fam,
        "ldcts below lr 3 with a spiculated nodule",
        "study",
        sids(ldct, cat_in("1", "2"), nod(margin("spiculated"))),
    )
    yield _q(
        fam,
        "how many patients had their lung-rads category go up",
        "count",
        len(pids(went(1))),
    )
    yield _q(
        fam,
        "lung rads 4a on ct01 in q3 2024",
        "study",
        sids(cat_in("4A"), at_station("CT01"), quarter(2024, 3)),
    )
    yield _q(
        fam,
        "pts with max lung rads of 2",
        "patient",
        history(lambda m: highest(m) == "2"),
    )


def rankings(rng: random.Random) -> Rows:
    fam = "rankings"
    all_nods = nodule_rows()

    def by(name: str, sign: float, rows: Sequence[Row] = all_nods) -> Callable[[int], Any]:
        kept = [f for f in rows if f.get(name) is not None]
        return lambda n: top(kept, lambda f: sign * f[name], n, "finding_id")

    def untied(rank: Callable[[int], Any], sizes: Sequence[int]) -> tuple[int, Any]:
        """A number of the ranking drawn from ``sizes`` whose boundary has no tie."""
        n = _first_fit(rng, sizes, lambda k: rank(k) is not None)
        return n, rank(n)

    def per_patient(test: FTest) -> Callable[[int], Any]:
        return lambda n: _ranked_patients(lambda p: sum(len(nods(s, test)) for s in own(p)), n)

    yield from ask(
        fam, "which 5 nodules have the greatest volume", "finding", by("volume_mm3", -1)(5)
    )
    yield from ask(
        fam, "oldest 4 pts", "patient", top(pats(), lambda p: p["birth_date"], 4, "patient_id")
    )
    yield from ask(fam, "3 most recent head cts", "study", _recent(sids_rows(head_ct), 3))
    yield from ask(
        fam,
        "which pt has the most nodules",
        "patient",
        _ranked_patients(lambda p: sum(len(nods(s)) for s in own(p)), 1),
    )
    n, answer = untied(per_patient(att("ground-glass")), (2, 3, 4, 5, 6, 7, 8))
    yield _q(fam, f"which {n} patients had the most ground glass nodules", "patient", answer)
    n, answer = untied(by("mean_hu", 1, gg_rows()), (2, 3, 4, 5, 6))
    yield _q(fam, f"{n} ggns w the lowest hu", "finding", answer)
    yield from ask(
        fam,
        "6 largest part-solid nodules",
        "finding",
        by("diameter_mm", -1, nodule_rows(att("part-solid")))(6),
    )
    yield from ask(
        fam,
        "3 solid nods with the smallest volume",
        "finding",
        by("volume_mm3", 1, nodule_rows(att("solid")))(3),
    )
    yield from ask(fam, "show me the 4 newest cta studies", "study", _recent(sids_rows(cta), 4))
    yield from ask(fam, "top 4 nods by long axis", "finding", by("long_axis_mm", -1)(4))
    n, answer = untied(by("mean_hu", -1, gg_rows()), (2, 3, 4, 5, 6, 7))
    yield _q(fam, f"{n} densest ggns", "finding", answer)
    yield from ask(
        fam,
        "the 2 most confident masses",
        "finding",
        top(_kind_rows("mass"), lambda f: -f["confidence"], 2, "finding_id"),
    )
    n, answer = untied(per_patient(margin("spiculated")), (2, 3, 4, 5, 6, 7, 8))
    yield _q(fam, f"{n} pts with the highest count of spiculated nodules", "patient", answer)
    yield from ask(
        fam,
        "oldest pt w a mass",
        "patient",
        top(
            [p for p in pats() if p["patient_id"] in pids(kind("mass"))],
            lambda p: p["birth_date"],
            1,
            "patient_id",
        ),
    )
    n, answer = untied(
        lambda k: top(_kind_rows("pneumothorax"), lambda f: f["confidence"], k, "finding_id"),
        (2, 3, 4, 5, 6, 7, 8),
    )
    yield _q(fam, f"list the {n} least confident pneumothorax findings", "finding", answer)
    n, answer = untied(by("diameter_mm", -1, nodule_rows(calcified)), (2, 3, 4, 5, 6, 7))
    yield _q(fam, f"biggest {n} calcified nodules", "finding", answer)
    yield from ask(
        fam, "the two most recent chest radiographs", "study", _recent(sids_rows(cxr), 2)
    )


def sids_rows(*tests: Test) -> list[Row]:
    return [s for s in studies() if all(t(s) for t in tests)]


def gg_rows() -> list[Row]:
    return nodule_rows(att("ground-glass"))


def stats(rng: random.Random) -> Rows:
    fam = "stats"
    del rng
    all_nods = nodule_rows()
    yield _q(fam, "avg nodule size", "value", _mean_field(all_nods, "diameter_mm"))
    yield _q(fam, "mean vol of ggns in cc", "value", _mean_field(gg_rows(), "volume_mm3", 1000))
    yield _q(
        fam,
        "solid nodule median attenuation in hu",
        "value",
        _median_field(nodule_rows(att("solid")), "mean_hu"),
    )
    yield _q(
        fam,
        "mean conf for pneumothoraces",
        "value",
        _mean_field(_kind_rows("pneumothorax"), "confidence"),
    )
    yield _q(fam, "avg age of pts w a mass", "value", _age_at_latest(kind("mass"), mean_of))
    yield from ask(
        fam,
        "what % of ldcts in 2026 were lr 3",
        "value",
        pct(count(ldct, in_year(2026), cat_in("3")), count(ldct, in_year(2026))),
    )
    n_ldct = count(ldct)
    yield from ask(
        fam,
        "percentage of chest cts w a ggn",
        "value",
        pct(count(chest_ct, nod(att("ground-glass"))), count(chest_ct)),
    )
    yield _q(
        fam,
        "ldcts: mean nodules per scan",
        "value",
        sum(len(nods(s)) for s in sids_rows(ldct)) / n_ldct,
    )
    yield _q(
        fam,
        "mean long axis of part-solid nods in cm",
        "value",
        _mean_field(nodule_rows(att("part-solid")), "long_axis_mm", 10),
    )
    yield _q(
        fam,
        "median solid component of psns",
        "value",
        _median_field(all_nods, "solid_component_mm"),
    )
    yield _q(fam, "avg nodule count per pt across the cohort", "value", len(all_nods) / len(pats()))
    yield _q(
        fam,
        "median age of women with emphysema",
        "value",
        _age_at_latest(both_(sex_is("F"), says("emphysema")), median_of),
    )
    yield _q(
        fam,
        "mean diameter of rul nodules in 2025",
        "value",
        _mean_field(nodule_rows(in_lobe("RUL"), where=in_year(2025)), "diameter_mm"),
    )
    yield from ask(
        fam,
        "what share of head cts were done at CT01",
        "value",
        pct(count(head_ct, at_station("CT01")), count(head_ct)),
    )
    yield from ask(
        fam,
        "% of all studies w a pleural effusion",
        "value",
        pct(count(kind("pleural_effusion")), len(studies())),
    )
    yield _q(
        fam,
        "calcified nods, avg short axis (mm)",
        "value",
        _mean_field(nodule_rows(calcified), "short_axis_mm"),
    )
    yield _q(
        fam,
        "avg age of men w spiculated nodules",
        "value",
        _age_at_latest(both_(sex_is("M"), nod(margin("spiculated"))), mean_of),
    )
    yield _q(
        fam,
        "psn median vol",
        "value",
        _median_field(nodule_rows(att("part-solid")), "volume_mm3"),
    )


def reports(rng: random.Random) -> Rows:
    fam = "reports"
    del rng
    emph, lymph = says("emphysema"), says("lymphadenopathy")
    yield _q(fam, "emphysema on ldct in 2024", "study", sids(ldct, in_year(2024), emph))
    yield _q(
        fam,
        "reports negative for lymphadenopathy in 2026",
        "study",
        sids(denies("lymphadenopathy"), in_year(2026)),
    )
    yield _q(fam, "pts w coronary calcification", "patient", pids(says("coronary")))
    yield _q(
        fam,
        "number of studies whose report says granuloma",
        "count",
        count(says("granuloma")),
    )
    yield _q(
        fam, "ldcts w/o emphysema in q1 2024", "study", sids(ldct, quarter(2024, 1), neg(emph))
    )
    yield _q(
        fam,
        "pts whose reports never mention emphysema",
        "patient",
        history(lambda m: not any(map(emph, m))),
    )
    yield _q(fam, "count of reports with lymphadenopthy", "count", count(lymph))
    yield _q(fam, "scans w emphysema and a ggn", "study", sids(emph, nod(att("ground-glass"))))
    yield from ask(
        fam,
        "hx of emphysema pts with a mass",
        "patient",
        pids(emph, kind("mass")),
        history(each_on_some(emph, kind("mass"))),
    )
    yield _q(
        fam,
        "chest cts documenting no emphysema",
        "study",
        sids(chest_ct, denies("emphysema")),
    )
    yield _q(
        fam,
        "studies with lymphadenopathy but no emphysema",
        "study",
        sids(lymph, neg(emph)),
    )
    yield _q(
        fam,
        "coronary artery calcification on CT CHEST W CONTRAST",
        "study",
        sids(says("coronary"), lambda s: s["description"] == "CT CHEST W CONTRAST"),
    )
    yield from ask(
        fam,
        "pts over 70 with a granuloma",
        "patient",
        *aged(lambda s: ref.age(s) > 70, says("granuloma")),
    )
    yield from ask(
        fam,
        "i need all the pts who had a ldct in 2025 where a nodule was 8 mm or bigger and the"
        " report also said emphysema",
        "patient",
        pids(ldct, in_year(2025), nod(ge("diameter_mm", 8)), emph),
        history(each_on_some(both_(ldct, in_year(2025), nod(ge("diameter_mm", 8))), emph)),
    )
    yield _q(
        fam,
        "number of ct angios that mention lymphadenopathy",
        "count",
        count(cta, lymph),
    )


def growth(rng: random.Random) -> Rows:
    fam = "growth"
    del rng
    yield from ask(
        fam,
        "growing nodules on f/u w/ a prior ct",
        "study",
        *[sids(fstudy(t)) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "pts w a nodule that grew by > 3.5mm",
        "patient",
        *[pids(fstudy(t)) for t in grew_readings(3.5)],
    )
    yield from ask(
        fam,
        "any new nods on 2024 scans",
        "study",
        sids(fstudy(new(False)), in_year(2024)),
        sids(fstudy(new(True)), in_year(2024)),
    )
    yield from ask(
        fam,
        "stable nods in 2025",
        "study",
        *[sids(fstudy(stable(r, m)), in_year(2025)) for r in (False, True) for m in (False, True)],
    )
    yield from ask(
        fam,
        "number of growing nodules",
        "count",
        *[len(fids(t)) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "new ggn q1 2026",
        "study",
        sids(fstudy(new(False), att("ground-glass")), quarter(2026, 1)),
        sids(fstudy(new(True), att("ground-glass")), quarter(2026, 1)),
    )
    yield from ask(
        fam,
        "growing solid nodules in the rul",
        "study",
        *[sids(fstudy(t, att("solid"), in_lobe("RUL"))) for t in grew_readings()],
    )
    shrank = [f for f, d in _all_changes().items() if d < -1.5]
    yield _q(
        fam, "pts w a nodule that got smaller", "patient", sorted({_pid_of(f) for f in shrank})
    )
    yield from ask(
        fam,
        "how many pts had nodule growth in 2025",
        "count",
        *[len(pids(fstudy(t), in_year(2025))) for t in grew_readings()],
    )
    yield from ask(
        fam,
        "new part-solid nodules on ldct",
        "study",
        sids(ldct, fstudy(new(False), att("part-solid"))),
        sids(ldct, fstudy(new(True), att("part-solid"))),
    )
    yield from ask(
        fam,
        "pts w new nods in 2025 who are men",
        "patient",
        pids(sex_is("M"), fstudy(new(False)), in_year(2025)),
        pids(sex_is("M"), fstudy(new(True)), in_year(2025)),
    )


def _all_changes() -> dict[str, float]:
    """Each finding's mean-diameter change since its track's previous finding (unrounded)."""
    return changes(False)


def _pid_of(finding_id: str) -> str:
    f = next(x for x in findings() if x["finding_id"] == finding_id)
    return str(ref.cohort()[1][f["study_uid"]]["patient_id"])


def people(rng: random.Random) -> Rows:
    fam = "demographics"
    del rng
    women, men = sex_is("F"), sex_is("M")

    def older(n: int) -> Test:
        return lambda s: ref.age(s) > n

    def younger(n: int) -> Test:
        return lambda s: ref.age(s) < n

    yield from ask(fam, "f pts over 65 w a ldct", "patient", *aged(both_(women, older(65)), ldct))
    yield _q(fam, "males under 45 yo", "patient", pids(men, younger(45)))
    yield _q(fam, "how many women in the cohort", "count", sum(p["sex"] == "F" for p in pats()))
    yield _q(
        fam,
        "pts w sex listed as other",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield from ask(
        fam, "octogenarians w/ emphysma", "patient", *aged(age_in(80, 89), says("emphysema"))
    )
    yield from ask(
        fam,
        "male pts 60 to 65 w calcified nodules",
        "patient",
        *aged(both_(men, age_in(60, 65)), nod(calcified)),
    )
    yield _q(fam, "female chest xrays", "study", sids(women, cxr))
    yield from ask(
        fam,
        "for my research project i need the number of women over 60 who were screened with"
        " ldct and had a part-solid nodule",
        "count",
        *[len(x) for x in aged(both_(women, older(60)), ldct, nod(att("part-solid")))],
    )
    yield from ask(
        fam,
        "# of men >70 yrs with head ct",
        "count",
        *[len(x) for x in aged(both_(men, older(70)), head_ct)],
    )
    yield _q(fam, "paitents under 40", "patient", pids(younger(40)))
    yield from ask(
        fam,
        "women aged 55-59 w ggo",
        "patient",
        *aged(both_(women, age_in(55, 59)), nod(att("ground-glass"))),
    )
    yield from ask(
        fam,
        "75+ yo pts w a spiculated nodule",
        "patient",
        *aged(lambda s: ref.age(s) >= 75, nod(margin("spiculated"))),
    )
    yield from ask(
        fam,
        "pts in their 40s w a ldct",
        "patient",
        *aged(age_in(40, 49), ldct),
    )
    yield _q(fam, "count of 2023 ldcts in men", "count", count(men, ldct, in_year(2023)))
    yield from ask(
        fam,
        "septuagenarian women with lymphadenopathy",
        "patient",
        *aged(both_(women, age_in(70, 79)), says("lymphadenopathy")),
    )


def modality(rng: random.Random) -> Rows:
    fam = "modality"
    del rng
    yield _q(
        fam,
        "ct01 studies jan 2025",
        "study",
        sids(at_station("CT01"), dated("2025-01-01", "2025-01-31")),
    )
    yield _q(fam, "chest xrays showing a pnuemothorax", "study", sids(cxr, kind("pneumothorax")))
    yield _q(
        fam,
        "head cts with hemmorhage in 2025",
        "study",
        sids(head_ct, kind("intracranial_hemorrhage"), in_year(2025)),
    )
    yield _q(
        fam,
        "CT CHEST W CONTRAST studies with a nodule > 10mm",
        "study",
        sids(with_contrast_desc, nod(gt("diameter_mm", 10))),
    )
    yield _q(fam, "how many dx01 exams in 2026", "count", count(at_station("DX01"), in_year(2026)))
    yield _q(fam, "ct pe studies with nodules", "study", sids(cta, nod()))
    yield from ask(
        fam,
        "share of chest cts showing lymphadenopathy",
        "value",
        pct(count(chest_ct, says("lymphadenopathy")), count(chest_ct)),
    )
    yield _q(fam, "ldcts at ct01 w lr 4a", "study", sids(ldct, at_station("CT01"), cat_in("4A")))
    yield _q(fam, "how many chest xrays", "count", count(cxr))
    yield from ask(
        fam,
        "non contrast chest ct with pleural effusion",
        "study",
        sids(non_contrast_chest, kind("pleural_effusion")),
        sids(either_(non_contrast_chest, ldct), kind("pleural_effusion")),
    )
    yield _q(
        fam,
        "pts w a CT CHEST W CONTRAST and a CT CHEST W/O CONTRAST",
        "patient",
        history(each_on_some(with_contrast_desc, non_contrast_chest)),
    )
    yield _q(
        fam,
        "head ct on CT02 in 2023 - count",
        "count",
        count(head_ct, at_station("CT02"), in_year(2023)),
    )
    yield _q(
        fam,
        "CT CHEST W/O CONTRAST exams with consolidation",
        "study",
        sids(non_contrast_chest, kind("consolidation")),
    )
    yield _q(
        fam,
        "pleural effusions on ct angio chest pe",
        "study",
        sids(cta, kind("pleural_effusion")),
    )


def with_contrast_desc(s: Row) -> bool:
    return bool(s["description"] == "CT CHEST W CONTRAST")


def either_(a: Test, b: Test) -> Test:
    return lambda s: a(s) or b(s)


def lobes(rng: random.Random) -> Rows:
    fam = "lobes"
    del rng
    yield _q(fam, "RML nodules >5mm", "study", sids(nod(in_lobe("RML"), gt("diameter_mm", 5))))
    yield _q(
        fam,
        "ggns LLL",
        "study",
        sids(nod(in_lobe("LLL"), att("ground-glass"))),
    )
    yield _q(
        fam,
        "rul spiculated nods, # of pts",
        "count",
        len(pids(nod(in_lobe("RUL"), margin("spiculated")))),
    )

    def bilateral(s: Row) -> bool:
        lobes_seen = {f["lobe"] for f in nods(s) if f["lobe"]}
        return any(x.startswith("R") for x in lobes_seen) and any(
            x.startswith("L") for x in lobes_seen
        )

    yield _q(fam, "bilateral nodules on 2023 ldcts", "study", sids(ldct, in_year(2023), bilateral))
    yield _q(fam, "how many nodules in the LUL", "count", len(fids(is_nodule, in_lobe("LUL"))))
    yield from ask(
        fam,
        "pts w nodules in both the rll and lll",
        "patient",
        history(each_on_some(nod(in_lobe("RLL")), nod(in_lobe("LLL")))),
        pids(nod(in_lobe("RLL")), nod(in_lobe("LLL"))),
    )
    yield _q(
        fam,
        "middle lobe part-solid nodules",
        "study",
        sids(nod(in_lobe("RML"), att("part-solid"))),
    )
    yield from ask(
        fam,
        "lll nodules w lung-rads 4b",
        "study",
        sids(nod(in_lobe("LLL")), cat_in("4B")),
        sids(nod(in_lobe("LLL"), lambda f: f["lung_rads"] == "4B")),
    )
    yield _q(
        fam,
        "right upper lobe calcified nodule pts",
        "patient",
        pids(nod(in_lobe("RUL"), calcified)),
    )
    yield _q(
        fam,
        "nodules in the left lower lobe over 1 cm, how many",
        "count",
        len(fids(is_nodule, in_lobe("LLL"), gt("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "RLL lesions over 25mm",
        "study",
        sids(
            lambda s: any(
                f["kind"] in ("nodule", "mass") and f["lobe"] == "RLL" and f["diameter_mm"] > 25
                for f in fo(s)
            )
        ),
    )
    yield from ask(
        fam,
        "how many stable nodules in the rml",
        "count",
        *[len(fids(stable(r, m), in_lobe("RML"))) for r in (False, True) for m in (False, True)],
    )


def character(rng: random.Random) -> Rows:
    fam = "character"
    del rng
    yield _q(fam, "calcfied nods in 2023", "study", sids(in_year(2023), nod(calcified)))
    yield _q(
        fam,
        "non-calcified solid nodules > 8mm",
        "study",
        sids(nod(uncalcified, att("solid"), gt("diameter_mm", 8))),
    )
    yield _q(
        fam,
        "lobulted ggns",
        "study",
        sids(nod(att("ground-glass"), margin("lobulated"))),
    )
    yield _q(fam, "smooth psn", "study", sids(nod(att("part-solid"), margin("smooth"))))
    yield _q(
        fam, "masses with spiculated margins", "study", sids(kind("mass", margin("spiculated")))
    )
    yield _q(fam, "sub-solid nodules > 6 mm", "study", sids(nod(subsolid, gt("diameter_mm", 6))))
    yield _q(
        fam,
        "spiculated part solid nodules with solid comp > 4mm",
        "study",
        sids(nod(margin("spiculated"), att("part-solid"), gt("solid_component_mm", 4))),
    )
    yield _q(fam, "calcified nodule tally", "count", len(fids(is_nodule, calcified)))
    yield _q(
        fam,
        "pts w a smooth solid nodule in the rml",
        "patient",
        pids(nod(margin("smooth"), att("solid"), in_lobe("RML"))),
    )
    yield _q(fam, "groundglass masses", "study", sids(kind("mass", att("ground-glass"))))
    yield _q(
        fam,
        "noncalcified spiculated nods > 10mm, count them",
        "count",
        len(fids(is_nodule, uncalcified, margin("spiculated"), gt("diameter_mm", 10))),
    )
    yield _q(
        fam,
        "lobulated solid nodules 6-8 mm on ldct",
        "study",
        sids(ldct, nod(margin("lobulated"), att("solid"), within("diameter_mm", 6, 8))),
    )
    yield _q(
        fam,
        "calcified nods in the lll over 5mm",
        "study",
        sids(nod(calcified, in_lobe("LLL"), gt("diameter_mm", 5))),
    )


def intervals(rng: random.Random) -> Rows:
    fam = "intervals"
    several = [p["patient_id"] for p in pats() if _count_in(p["patient_id"], ldct) >= 3]
    p = pick(rng, several)
    first, last = _first(p, ldct), _latest(p, ldct)
    assert first is not None and last is not None
    yield _q(
        fam,
        f"{p}: # days from baseline ldct to most recent ldct",
        "value",
        days_between(first["study_date"], last["study_date"]),
    )
    yield _q(
        fam,
        "pts tracked for over 36 months",
        "patient",
        _patients(lambda x: own(x)[-1]["study_date"] > months_on(own(x)[0]["study_date"], 36)),
    )

    def span(x: str) -> int | None:
        dates_seen = sorted({s["study_date"] for s in own(x)})
        return days_between(dates_seen[0], dates_seen[-1]) if len(dates_seen) >= 2 else None

    spans = [d for d in (span(x["patient_id"]) for x in pats()) if d is not None]
    yield _q(
        fam,
        "avg months between first & last scan",
        "value",
        mean_of([d / 30.4375 for d in spans]),
    )
    yield _q(
        fam,
        "median f/u in days from first to latest study",
        "value",
        median_of(spans),
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
    character,
    intervals,
)


def bank() -> list[Item]:
    """This part's questions, drawn with its own seed, each question once."""
    LEFT_OUT.clear()
    rng = random.Random(SEED)
    out: dict[str, Item] = {}
    for family in FAMILIES:
        for item in family(rng):
            if item.question in out:
                raise ValueError(f"asked twice: {item.question}")
            out[item.question] = item
    return list(out.values())
