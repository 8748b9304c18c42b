"""Held-out part 51 of the question bank: cohort questions typed as everyone who asks types them.

Written for issue 17 as an honest measurement of how the question reader generalises, blind to
it: its author read only issue 17 (``issues show 17``), the cohort README and data files
(``../shared/cohort``; its ``dev_queries.jsonl`` only to see the data, never to borrow
phrasings), the "Conventions" section of ``docs/query.md`` (up to "One model version") and its
"Reports" section up to "How well it reads", :mod:`question_bank` (the :class:`Item` type, its
helpers and ``_matches``), :mod:`cohort_reference`, :mod:`blind_reference` (imported here), and
``bank_fresh_41.py`` for its format, docstring and helper functions only, not its questions.
The reader's code (``query/``), ``appliance/``, the tests, ``family_reading.py`` and the other
parts' questions were not opened, and the engine was never run on these questions: they were
frozen (committed) before any was put to it. A throwaway script compared them with
``dev_queries.jsonl``, parts 22 to 47 (through their ``bank()``), ``question_bank.bank()`` and
``ungated_bank()``, and part 50 (on branch s25-p50; parts 48 and 49 were not there yet),
printing only this part's matches (word for word after lower-casing and dropping punctuation,
or a word overlap of 75 % or more of the longer question): 95 matched (16 word for word, 2 of
them overlaps within this part) and were reworded, then 8, then 1; none is left.

Families (245 in all): identifiers [16], dates [17], numbers [17], counts [17], set logic [16],
Lung-RADS [18], rankings and top-N [15], aggregates and percentages [16], report concepts with
negation [16], growth / new / stable [16], demographics [17], modality / description / station
[17], lobes [15], attenuation / margin / calcification [17], intervals [15]. Styles mixed:
radiologist shorthand ("psn", "lr", "w/o", "acc"), nurse's and clinician's sentences, a screening
coordinator's Lung-RADS over time, a manager's counts per station / quarter / month, a data
scientist's ranges, means and medians, search-box keywords ("spiculated 2023"), dictated numbers
("march twenty twenty five", "nine point five", "minus eight hundred", "three and a half"), and
13 questions pasted in e-mails with greeting and sign-off, leaning toward a research nurse's
inclusion / exclusion criteria. About one in eight carries a slip (accesion, pateints,
componnet, diamter, lymphadenoapthy, femael, lowr, nodlue, intervl, lungrads, scrrening, whcih,
noduels, glas, paitents, chset, nver, masss, categroy, yougest, angois, avergae, calcfication,
growign, stabel, mne, pneumothroax, enahnced, consolidaiton, nodulse, frist); answers are what
they plainly mean. 45 ask about groups (23 breakdowns and comparisons, 7 shares, 15 rankings).

Readings: parameters drawn with :data:`SEED`; a ranking's N is the first from the one written
with no tie at its boundary, a share the first candidate within 0.005 of a tenth. Questions are
asked only when competing readings agree (:func:`ask`; ``LEFT_OUT`` is empty for this seed):
the first day of "the past 45 days"; a track that was a mass from its start counted or not as
a new / stable / grown nodule, changes in floating point or to 0.1 mm; an age (with a sex) and
another condition on one study or each on some study; "both A and B" on one study or each on
some; "the prior" as the previous categorised study, LDCT or chest CT; "at least 2 yrs" as 24
months or 730 days; a pneumothorax breakdown by findings or studies. Drafts replaced because
readings disagreed: new nodules in 2025, patients with a new nodule (asked of 2024), growth over
2.5 mm (asked at 3.5), grown nodule findings (asked of lesions), growing nodules by lobe (asked
of lesions), under-50s with a ggn (asked under 45), men 55-75 with a solid nodule of 8 mm (asked
of women 50-70 and a part-solid nodule of 6 mm), 3 years of follow-up (asked of 2). Drafts whose
rankings tied: patients by number of studies, LDCTs by nodule count, smallest spiculated nodules
(by volume instead). Drafts empty by accident: confidence under 0.55 (asked under 0.6), masses
over 4 cm (3.5), both a head CT and an LDCT, a head CT and a CT angio (patients have one kind of
study), Lung-RADS dropped vs the prior (asked unchanged), reports stating no coronary
calcification, calcified spiculated nodules (asked smooth). Readings taken: "screening ct",
"low dose ct" and "ldct" are CT CHEST LOW DOSE LUNG SCREENING; "ct angio", "ct pe", "CTPA" and
"PE-protocol CT angiograms" CT ANGIO CHEST PE; x-rays, radiographs and plain films DX studies;
"contrast enhanced chest ct" CT CHEST W CONTRAST; breakdowns of nodules count nodule findings,
of studies studies, of patients patients; "men vs women" leaves out sex O; Lung-RADS breakdowns
list only categories that occur; a patient's maximum category counts only patients with a
categorised study; "fewer than 2 head cts" takes in patients with none; "w/o X" / "absent from
the read" is no affirmed mention, "negative for" / "document no" / "stating there is no" the
denied reading; "nodules per ldct" averages over every 2024 LDCT. No answer is empty.

Scored alone with ``python tests/query/question_bank.py --part held_out_51 -v`` once wired in.
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
    either,
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
    lt,
    margin,
    mass_from_start,
    mean_of,
    median_of,
    months_on,
    neg,
    new,
    nod,
    nods,
    own,
    pats,
    pct,
    pick,
    pids,
    quarter,
    rank,
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
    with_contrast,
    within,
)
from question_bank import AS_OF, Item, Row, Test

PART = "held_out_51"
SEED = 5151

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


def _first_share(cands: Sequence[tuple[Any, int, int]]) -> tuple[Any, float] | None:
    """The first candidate (label, part, whole) whose share the bank can score."""
    for label, part, whole in cands:
        got = _share(part, whole)
        if got is not None:
            return label, got
    return None


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


def _rank_q(
    family: str,
    template: str,
    unit: str,
    rows: Sequence[Row],
    key: Callable[[Row], Any],
    ident: str,
    start: int,
) -> Rows:
    """A top-N question, N the first from ``start`` whose boundary has no tie."""
    got = _ranked(rows, key, ident, start)
    if got is None:
        LEFT_OUT.append(template)
        return
    n, expected = got
    yield _q(family, template.format(n=n, w=W.get(n, str(n))), unit, expected)


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
        pairs = itertools.pairwise(mine)
        gaps.extend(days_between(a["study_date"], b["study_date"]) for a, b in pairs)
    return gaps


def _age_over(n: int) -> Test:
    return lambda s: ref.age(s) > n


def _age_under(n: int) -> Test:
    return lambda s: ref.age(s) < n


def _age_between(lo: int, hi: int) -> Test:
    return lambda s: lo <= ref.age(s) <= hi


def _acc(s: Row) -> str:
    return str(s["accession"])


ALL: Test = lambda s: True  # noqa: E731
W = WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
LR4 = ("4A", "4B", "4X")


# --- the families ------------------------------------------------------------------------------


def identifiers(rng: random.Random) -> Rows:
    f = "identifiers"
    p1 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    yield _q(
        f,
        f"{p1}: show me each imaging visit we hold, all modalities",
        "study",
        sids(lambda s: s["patient_id"] == p1),
    )
    s2 = pick(rng, [s for s in studies() if ldct(s)])
    yield _q(
        f,
        f"Which patient was accession {_acc(s2)} done on?",
        "patient",
        [s2["patient_id"]],
    )
    s3 = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield _q(
        f,
        f"acc {_acc(s3)} nodule findings",
        "finding",
        fids(is_nodule, where=lambda s: s["study_uid"] == s3["study_uid"]),
    )
    s4 = pick(rng, [s for s in studies() if len(nods(s)) >= 1 and cta(s) is False])
    yield _q(
        f,
        f"findings recorded against study uid {s4['study_uid']}",
        "finding",
        fids(where=lambda s: s["study_uid"] == s4["study_uid"]),
    )
    p5 = pick(rng, _pool(lambda p: len(own(p)) >= 2))
    yield _q(f, f"tally the scans belonging to {p5}", "count", len(own(p5)))
    p6 = pick(rng, _pool(lambda p: _count_in(p, chest_ct) >= 3))
    yield _q(f, f"{p6} most recent chest ct", "study", _uid(_latest(p6, chest_ct)))
    p7 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 2))
    yield _q(f, f"the baseline low dose screening scan of {p7}", "study", _uid(_first(p7, ldct)))
    trio = [pick(rng, studies()) for _ in range(3)]
    yield _q(
        f,
        "patients behind accessions " + ", ".join(_acc(s) for s in trio),
        "patient",
        sorted({s["patient_id"] for s in trio}),
    )
    s9 = pick(
        rng,
        [
            s
            for s in studies()
            if len(nods(s)) >= 3
            and top(nods(s), lambda r: -r["diameter_mm"], 1, "finding_id") is not None
        ],
    )
    biggest = top(nods(s9), lambda r: -r["diameter_mm"], 1, "finding_id")
    yield _q(f, f"biggest nodule on accesion {_acc(s9)}", "finding", biggest)
    p10 = pick(rng, _pool(lambda p: _count_in(p, nod(gt("diameter_mm", 6))) >= 1))
    yield _q(
        f,
        f"Did {p10} ever have a nodule over 6 mm? Which scans?",
        "study",
        sids(lambda s: s["patient_id"] == p10, nod(gt("diameter_mm", 6))),
    )
    s11 = pick(rng, [s for s in studies() if len(nods(s)) >= 2])
    yield _q(
        f,
        f"how many nodules were measured on accession number {_acc(s11)}",
        "count",
        len(nods(s11)),
    )
    p12 = pick(rng, _pool(lambda p: _count_in(p, cxr) >= 1))
    yield _q(
        f,
        f"Hi there, could you send me the chest x-rays for patient {p12}? Many thanks, Joanna",
        "study",
        sids(lambda s: s["patient_id"] == p12, cxr),
    )
    s13 = pick(rng, studies())
    yield _q(f, f"study instance uid for accession {_acc(s13)}", "study", [s13["study_uid"]])
    p14 = pick(rng, _pool(lambda p: _count_in(p, head_ct) >= 1))
    yield _q(f, f"MRN {p14} head CT", "study", sids(lambda s: s["patient_id"] == p14, head_ct))
    s15 = pick(rng, [s for s in studies() if chest_ct(s) and len(own(s["patient_id"])) >= 2])
    yield _q(
        f,
        f"whose exam carries the uid {s15['study_uid']}?",
        "patient",
        [s15["patient_id"]],
    )
    pa, pb = (pick(rng, _pool(lambda p: _count_in(p, ldct) >= 2)) for _ in range(2))
    yield _q(
        f,
        f"ldcts for {pa} and {pb} in 2024",
        "study",
        sids(lambda s: s["patient_id"] in (pa, pb), ldct, in_year(2024)),
    )


def dates(rng: random.Random) -> Rows:
    f = "dates"
    y, q = pick(rng, [(2023, 3), (2024, 2), (2024, 4), (2025, 1)])
    yield _q(f, f"scrrening cts performed in Q{q} of {y}", "study", sids(ldct, quarter(y, q)))
    yield _q(
        f,
        "how many studies have been done since August 2026",
        "count",
        count(dated("2026-08-01", AS_OF)),
    )
    yield _q(
        f,
        "chest CTs between february and may 2024",
        "study",
        sids(chest_ct, dated("2024-02-01", "2024-05-31")),
    )
    yield _q(
        f, "exams from 2025-03-10 to 2025-04-20", "study", sids(dated("2025-03-10", "2025-04-20"))
    )
    yield _q(
        f,
        "people whose date of birth falls in 1950-1959",
        "patient",
        born("1950-01-01", "1959-12-31"),
    )
    yield _q(f, "pts with a birth date before 1942", "patient", born("0001-01-01", "1941-12-31"))
    yield from ask(
        f,
        "any head ct acquired within the past 45 days",
        "study",
        sids(head_ct, dated(shift(AS_OF, -45), AS_OF)),
        sids(head_ct, dated(shift(AS_OF, -44), AS_OF)),
    )
    yield _q(
        f,
        "count of chest radiographs this year to date",
        "count",
        count(cxr, dated("2026-01-01", AS_OF)),
    )
    yield _q(
        f,
        "total number of studies we did last year",
        "count",
        count(in_year(2025)),
    )
    yield _q(
        f,
        "ct angiograms from july through december 2025",
        "study",
        sids(cta, dated("2025-07-01", "2025-12-31")),
    )
    day = pick(rng, sorted({s["study_date"] for s in studies() if ldct(s)}))
    d = dt.date.fromisoformat(day)
    yield _q(
        f,
        f"studies dated {d.day} {d.strftime('%B')} {d.year}",
        "study",
        sids(dated(day, day)),
    )
    yield _q(
        f,
        "whcih patients were scanned in jan 2023",
        "patient",
        pids(dated("2023-01-01", "2023-01-31")),
    )
    yield _q(
        f,
        "scans from march twenty twenty five",
        "study",
        sids(dated("2025-03-01", "2025-03-31")),
    )
    yield _q(
        f,
        "women born after 1985 who had a screening ct in 2024",
        "patient",
        sorted(set(pids(sex_is("F"), ldct, in_year(2024))) & set(born("1986-01-01", "9999-12-31"))),
    )
    yield _q(
        f, "anything imaged prior to 2023-03-01", "study", sids(dated("0001-01-01", "2023-02-28"))
    )
    yield _q(
        f,
        "Hello team, how many chest CTs were done in October 2025? Cheers, Sam",
        "count",
        count(chest_ct, dated("2025-10-01", "2025-10-31")),
    )
    yield _q(
        f,
        "head ct's from 15/06/2024 to 30/09/2024",
        "study",
        sids(head_ct, dated("2024-06-15", "2024-09-30")),
    )


def numbers(rng: random.Random) -> Rows:
    f = "numbers"
    yield _q(f, "nodules under 4 mm", "study", sids(nod(lt("diameter_mm", 4))))
    lo = pick(rng, [5, 6, 7])
    yield _q(
        f,
        f"scans showing a nodule sized {lo}-{lo + 2}mm inclusive",
        "study",
        sids(nod(within("diameter_mm", lo, lo + 2))),
    )
    yield _q(
        f,
        "nodules from 1 cm to 1.5 cm",
        "study",
        sids(nod(within("diameter_mm", 10, 15))),
    )
    yield _q(
        f,
        "exams containing a nodule averaging less than -600 hounsfield units",
        "study",
        sids(nod(lt("mean_hu", -600))),
    )
    yield _q(
        f,
        "list findings with confidence under 0.6",
        "finding",
        fids(lt("confidence", 0.6)),
    )
    yield _q(
        f,
        "nodules with a solid component over 5 mm",
        "study",
        sids(nod(gt("solid_component_mm", 5))),
    )
    yield _q(
        f,
        "nodules with volume above 2000 mm3",
        "study",
        sids(nod(gt("volume_mm3", 2000))),
    )
    yield _q(
        f,
        "long axis at least 20 mm nodules",
        "study",
        sids(nod(ge("long_axis_mm", 20))),
    )
    yield _q(f, "noduels w short axis under 3mm", "study", sids(nod(lt("short_axis_mm", 3))))
    yield _q(
        f,
        "any mass measuring greater than three and a half cm across",
        "study",
        sids(kind("mass", gt("diameter_mm", 35))),
    )
    yield _q(
        f,
        "list nodule findings whose mean HU is in the -100 to 50 range",
        "finding",
        fids(is_nodule, within("mean_hu", -100, 50)),
    )
    yield _q(
        f,
        "Hi Tom, can you count how many nodule findings are "
        "smaller than half a centimetre? Ta, Bea",
        "count",
        len(_nod_rows(lt("diameter_mm", 5))),
    )
    yield _q(
        f,
        "nodules bigger than nine point five millimetres",
        "study",
        sids(nod(gt("diameter_mm", 9.5))),
    )
    yield _q(
        f,
        "ground glas nodules 10 mm or more",
        "study",
        sids(nod(att("ground-glass"), ge("diameter_mm", 10))),
    )
    yield _q(
        f,
        "findings with confidence from .7 to .8",
        "finding",
        fids(within("confidence", 0.7, 0.8)),
    )
    yield _q(
        f,
        "nodules with attenuation between minus eight hundred and minus six fifty HU",
        "study",
        sids(nod(within("mean_hu", -800, -650))),
    )
    yield _q(
        f,
        "attenuation split of nodules measuring 6 to 8 mm",
        "groups",
        _groups(_nod_rows(within("diameter_mm", 6, 8)), lambda r: r["attenuation"]),
    )


def counts(rng: random.Random) -> Rows:
    f = "counts"
    yield _q(
        f,
        "exactly two nodules on a screening scan - which scans",
        "study",
        sids(ldct, _n_nods(lambda n: n == 2)),
    )
    yield _q(
        f, "exams where four or more nodules were counted", "study", sids(_n_nods(lambda n: n >= 4))
    )
    yield _q(
        f, "people imaged on 4 or more occasions", "patient", _per_patient(ALL, lambda n: n >= 4)
    )
    yield _q(
        f,
        "individuals with just one study in total",
        "patient",
        _per_patient(ALL, lambda n: n == 1),
    )
    yield _q(
        f,
        "paitents screened with low dose ct 3 or more times",
        "patient",
        _per_patient(ldct, lambda n: n >= 3),
    )
    yield _q(
        f,
        "people with 2 or more ct angiograms",
        "patient",
        _per_patient(cta, lambda n: n >= 2),
    )
    yield _q(
        f,
        "exams that came back with zero findings",
        "study",
        sids(lambda s: not fo(s)),
    )
    yield _q(
        f,
        "chset cts with zero nodules",
        "study",
        sids(chest_ct, _n_nods(lambda n: n == 0)),
    )
    yield _q(
        f,
        "how many patients had fewer than 2 head cts",
        "count",
        len(_per_patient(head_ct, lambda n: n < 2)),
    )
    yield _q(
        f,
        "which patients had more than 3 nodules on a single scan",
        "patient",
        pids(_n_nods(lambda n: n > 3)),
    )
    yield _q(
        f,
        "studies with at least three findings of any kind",
        "study",
        sids(lambda s: len(fo(s)) >= 3),
    )
    yield from ask(
        f,
        "patients with one nodule tracked across four or more exams",
        "patient",
        _on_tracks(4, False),
        _on_tracks(4, True),
    )
    yield _q(f, "pateints scanned exactly 3 times", "patient", _per_patient(ALL, lambda n: n == 3))
    yield _q(
        f,
        "how many ldcts had fewer than two nodules",
        "count",
        count(ldct, _n_nods(lambda n: n < 2)),
    )
    yield _q(
        f,
        "ldcts with exactly one nodule in 2025",
        "study",
        sids(ldct, in_year(2025), _n_nods(lambda n: n == 1)),
    )
    yield _q(
        f,
        "scans with 3+ nodules, broken down by station",
        "groups",
        _groups([s for s in studies() if len(nods(s)) >= 3], lambda s: s["station"]),
    )
    yield _q(
        f,
        "patients with 5 or more nodule findings across all their scans",
        "patient",
        history(lambda mine: sum(len(nods(s)) for s in mine) >= 5),
    )


def set_logic(rng: random.Random) -> Rows:
    f = "set logic"
    yield from ask(
        f,
        "patients who had both a ground glass nodule and a part solid one",
        "patient",
        pids(nod(att("ground-glass")), nod(att("part-solid"))),
        history(each_on_some(nod(att("ground-glass")), nod(att("part-solid")))),
    )
    yield _q(
        f,
        "which individuals got low-dose screening but no CTPA on record, ever",
        "patient",
        history(some_but_never(ldct, cta)),
    )
    yield _q(f, "patients nver scanned at CT01", "patient", _never(at_station("CT01")))
    yield _q(
        f,
        "ground-glass nodule at some stage, solid nodule on no occasion: which patients?",
        "patient",
        history(some_but_never(nod(att("ground-glass")), nod(att("solid")))),
    )
    yield _q(
        f,
        "patients with a part-solid nodule or a masss",
        "patient",
        pids(either(nod(att("part-solid")), kind("mass"))),
    )
    yield _q(
        f,
        "pts with a calcified nodule and a spiculated nodule on the same scan",
        "patient",
        pids(nod(calcified), nod(margin("spiculated"))),
    )
    yield from ask(
        f,
        "patients whose reports show emphysema as well as coronary artery calcification",
        "patient",
        pids(says("emphysema"), says("coronary")),
        history(each_on_some(says("emphysema"), says("coronary"))),
    )
    yield _q(
        f,
        "list everyone that never showed any nodule exceeding 6 mm",
        "patient",
        _never(nod(gt("diameter_mm", 6))),
    )
    yield _q(
        f,
        "Hello, please list pts with lung-rads 4x at some point "
        "but never a pneumothorax - thanks! Grace",
        "patient",
        history(some_but_never(cat_in("4X"), kind("pneumothorax"))),
    )
    yield _q(
        f,
        "patients with emphysema on a report but never lymphadenopathy",
        "patient",
        history(some_but_never(says("emphysema"), says("lymphadenopathy"))),
    )
    yield _q(
        f,
        "patients with low dose cts at both CT01 and CT02",
        "patient",
        history(each_on_some(both_(ldct, at_station("CT01")), both_(ldct, at_station("CT02")))),
    )
    yield _q(
        f,
        "pts w a pleural effusion or consolidation",
        "patient",
        pids(either(kind("pleural_effusion"), kind("consolidation"))),
    )
    yield _q(
        f,
        "ldcts with a RUL nodule plus an LLL nodule",
        "study",
        sids(ldct, nod(in_lobe("RUL")), nod(in_lobe("LLL"))),
    )
    yield _q(
        f,
        "patients whose every study was done on CT02",
        "patient",
        history(lambda mine: bool(mine) and all(s["station"] == "CT02" for s in mine)),
    )
    yield _q(
        f,
        "spiculated nodule patients, excluding anybody who ever had a head ct",
        "patient",
        history(some_but_never(nod(margin("spiculated")), head_ct)),
    )
    yield _q(
        f,
        "which people had a pneumothorax yet never any nodule on any of their scans",
        "patient",
        history(some_but_never(kind("pneumothorax"), nod())),
    )


def lung_rads(rng: random.Random) -> Rows:
    f = "lung-rads"
    yield _q(f, "which exams carry a Lung-RADS assessment of 4B", "study", sids(cat_in("4B")))
    yield _q(
        f,
        "2025 screening CTs scored LR3 or worse",
        "study",
        sids(ldct, in_year(2025), cat_in("3", "4A", "4B", "4X")),
    )
    yield _q(
        f,
        "4A was the top categroy any scan of theirs reached (lung-rads): pts",
        "patient",
        history(lambda mine: highest(mine) == "4A"),
    )
    y, q = pick(rng, [(2024, 3), (2025, 1), (2025, 2)])
    yield _q(
        f,
        f"breakdown of lung-rads categories for q{q} {y} ldcts",
        "groups",
        _groups([s for s in studies() if ldct(s) and quarter(y, q)(s)], category),
    )
    yield _q(
        f,
        "CT01 screening exams at category 2 or lower on lung-rads",
        "study",
        sids(ldct, at_station("CT01"), cat_in("1", "2")),
    )
    yield _q(f, "how many studies were category 4X", "count", count(cat_in("4X")))
    yield from ask(
        f,
        "studies that went from lr 2 on the prior to 4A or higher",
        "study",
        *[sids(_moved(prior, lambda old, now: old == "2" and now in LR4)) for prior in PRIORS],
    )
    yield from ask(
        f,
        "screening exams whose lung-rads category was unchanged from the prior",
        "study",
        *[sids(ldct, _moved(prior, lambda old, now: old == now)) for prior in PRIORS],
    )
    yield _q(
        f,
        "patients who were lr 3 at some point but never lr 4",
        "patient",
        history(some_but_never(cat_in("3"), cat_in(*LR4))),
    )
    share = _first_share(
        [
            ((y2, c), count(ldct, in_year(y2), cat_in(c)), count(ldct, in_year(y2)))
            for y2 in (2023, 2024, 2025, 2026)
            for c in ("1", "2", "3", "4A", "4B", "4X")
        ]
    )
    if share is None:
        LEFT_OUT.append("share of a year's ldcts in one category")
    else:
        (y2, c2), v2 = share
        yield _q(
            f, f"among {y2} low-dose screens, what percent landed in Lung-RADS {c2}", "value", v2
        )
    yield _q(
        f,
        "born before 1950 and ever reached Lung-RADS 4 on some exam - who?",
        "patient",
        sorted(set(pids(cat_in(*LR4))) & set(born("0001-01-01", "1949-12-31"))),
    )
    yield _q(
        f,
        "count of lung-rads 4b or 4x ldcts by station",
        "groups",
        _groups(
            [s for s in studies() if ldct(s) and cat_in("4B", "4X")(s)], lambda s: s["station"]
        ),
    )
    yield _q(f, "chest ct exams graded lower than LR 2", "study", sids(chest_ct, cat_in("1")))
    yield _q(
        f,
        "patients whose latest screening ct was lung-rads 4A",
        "patient",
        sorted(p["patient_id"] for p in pats() if category_of_latest(p["patient_id"]) == "4A"),
    )
    yield _q(
        f,
        "how many pts have ever had a lungrads 4X",
        "count",
        len(pids(cat_in("4X"))),
    )
    yield from ask(
        f,
        "Hi, for the screening audit: which patients went up a Lung-RADS category on their "
        "follow-up screen compared with the prior? Thanks, Mel (screening office)",
        "patient",
        *[pids(ldct, _moved(prior, lambda old, now: rank(now) > rank(old))) for prior in PRIORS],
    )
    peaked = [p["patient_id"] for p in pats() if highest(own(p["patient_id"])) is not None]
    yield _q(
        f,
        "distribution of patients by their maximum lung-rads category ever",
        "groups",
        _groups(peaked, lambda p: highest(own(p))),
    )
    yield _q(
        f,
        "lung-rads mix of CT02 screening cts in 2026",
        "groups",
        _groups(
            [s for s in studies() if ldct(s) and at_station("CT02")(s) and in_year(2026)(s)],
            category,
        ),
    )


PRIORS: tuple[Test, ...] = (
    lambda s: category(s) is not None,
    ldct,
    chest_ct,
)


def _moved(prior: Test, change: Callable[[str, str], bool]) -> Test:
    """A categorised study whose category and its previous ``prior`` study's pass ``change``."""

    def test(s: Row) -> bool:
        now = category(s)
        before = [x for x in own(s["patient_id"]) if x["study_date"] < s["study_date"] and prior(x)]
        if now is None or not before or category(before[-1]) is None:
            return False
        old = category(before[-1])
        assert old is not None
        return change(old, now)

    return test


def category_of_latest(pid: str) -> str | None:
    latest = _latest(pid, ldct)
    return None if latest is None else category(latest)


def rankings(rng: random.Random) -> Rows:
    f = "rankings"
    noduls = _nod_rows()
    yield from _rank_q(
        f,
        "{n} biggest nodule findings in the whole cohort",
        "finding",
        noduls,
        lambda r: -r["diameter_mm"],
        "finding_id",
        5,
    )
    yield from _rank_q(
        f,
        "{n} patients with the earliest dates of birth",
        "patient",
        pats(),
        lambda p: p["birth_date"],
        "patient_id",
        5,
    )
    yield from _rank_q(
        f,
        "the {n} head CTs done most recently, newest first",
        "study",
        [s for s in studies() if head_ct(s)],
        lambda s: -_by_day(s),
        "study_uid",
        5,
    )
    yield from _rank_q(
        f,
        "{w} least dense nodules by mean hounsfield units",
        "finding",
        [r for r in noduls if r.get("mean_hu") is not None],
        lambda r: r["mean_hu"],
        "finding_id",
        3,
    )
    yield from _rank_q(
        f,
        "the {n} patients with the biggest nodule ever measured",
        "patient",
        [
            {
                "patient_id": p["patient_id"],
                "k": -max([x["diameter_mm"] for s in own(p["patient_id"]) for x in nods(s)] or [0]),
            }
            for p in pats()
        ],
        lambda r: r["k"],
        "patient_id",
        3,
    )
    lesions = [x for x in findings() if x["kind"] in ("nodule", "mass")]
    yield from _rank_q(
        f,
        "rank lesions by long-axis length, give the top {n}",
        "finding",
        lesions,
        lambda r: -r["long_axis_mm"],
        "finding_id",
        4,
    )
    yield from _rank_q(
        f,
        "solid nodules with the {n} highest mean HU values",
        "finding",
        _nod_rows(att("solid")),
        lambda r: -r["mean_hu"],
        "finding_id",
        3,
    )
    yield from _rank_q(
        f,
        "yougest {n} pts",
        "patient",
        pats(),
        lambda p: -dt.date.fromisoformat(p["birth_date"]).toordinal(),
        "patient_id",
        4,
    )
    yield from _rank_q(
        f,
        "earliest {n} ct angois on record",
        "study",
        [s for s in studies() if cta(s)],
        _by_day,
        "study_uid",
        4,
    )
    yield from _rank_q(
        f,
        "consolidations where the model was surest - top {n} by confidence",
        "finding",
        _kind_rows("consolidation"),
        lambda r: -r["confidence"],
        "finding_id",
        3,
    )
    yield from _rank_q(
        f,
        "biggest volume part solid nodules, top {n}",
        "finding",
        _nod_rows(att("part-solid")),
        lambda r: -r["volume_mm3"],
        "finding_id",
        5,
    )
    yield from _rank_q(
        f,
        "Hello - which {n} patients have the most nodule findings? Thanks, Ines",
        "patient",
        [
            {"patient_id": p["patient_id"], "k": -sum(len(nods(s)) for s in own(p["patient_id"]))}
            for p in pats()
        ],
        lambda r: r["k"],
        "patient_id",
        3,
    )
    yield from _rank_q(
        f,
        "{n} nodules with the largest solid componnet",
        "finding",
        [r for r in noduls if r.get("solid_component_mm") is not None],
        lambda r: -r["solid_component_mm"],
        "finding_id",
        4,
    )
    yield from _rank_q(
        f,
        "{n} spiculated nodules with the smallest volume",
        "finding",
        _nod_rows(margin("spiculated")),
        lambda r: r["volume_mm3"],
        "finding_id",
        5,
    )
    yield from _rank_q(
        f,
        "newest {n} plain chest films",
        "study",
        [s for s in studies() if cxr(s)],
        lambda s: -_by_day(s),
        "study_uid",
        3,
    )


def stats(rng: random.Random) -> Rows:
    f = "aggregates"
    yield _q(
        f,
        "typical (mean) size in mm across all ground-glass nodules",
        "value",
        _mean_field(_nod_rows(att("ground-glass")), "diameter_mm"),
    )
    yield _q(
        f,
        "median long axis of nodules on 2024 ldcts",
        "value",
        _median_field(_nod_rows(where=both_(ldct, in_year(2024))), "long_axis_mm"),
    )
    yield _q(
        f,
        "solid nodules: arithmetic mean volume, cubic mm",
        "value",
        _mean_field(_nod_rows(att("solid")), "volume_mm3"),
    )
    yield _q(
        f,
        "avergae attenuation value in HU for the part-solid ones",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "mean_hu"),
    )
    yield _q(
        f,
        "middle (median) detection confidence for pneumothoraces",
        "value",
        _median_field(_kind_rows("pneumothorax"), "confidence"),
    )
    mar = _first_share(
        [
            ((m, a), len(_nod_rows(margin(m), att(a))), len(_nod_rows(att(a))))
            for m in ("spiculated", "lobulated", "smooth")
            for a in ("solid", "part-solid", "ground-glass")
        ]
    )
    if mar is None:
        LEFT_OUT.append("% of nodules of an attenuation with a margin")
    else:
        (m, a), v = mar
        yield _q(f, f"{m}-bordered share among {a} nodules, as a percentage", "value", v)
    sx = _first_share(
        [
            (n, sum(1 for p in pats() if p["sex"] == c), len(pats()))
            for n, c in (("male", "M"), ("female", "F"), ("recorded as other", "O"))
        ]
    )
    if sx is None:
        LEFT_OUT.append("percentage of patients of a sex")
    else:
        yield _q(f, f"what fraction of the cohort, in percent, has sex {sx[0]}", "value", sx[1])
    st = _first_share(
        [
            ((y, c), count(in_year(y), at_station(c)), count(in_year(y)))
            for y in (2025, 2024, 2023)
            for c in ("CT01", "CT02", "DX01")
        ]
    )
    if st is None:
        LEFT_OUT.append("% of a year's studies at a station")
    else:
        (y, c), v = st
        yield _q(f, f"{y}: percent of all exams acquired on station {c}", "value", v)
    lobe_names = {
        "RML": "right middle lobe",
        "LUL": "left upper lobe",
        "RLL": "right lower lobe",
        "LLL": "left lower lobe",
        "RUL": "right upper lobe",
    }
    lb = _first_share([(lo, len(_nod_rows(in_lobe(lo))), len(_nod_rows())) for lo in lobe_names])
    if lb is None:
        LEFT_OUT.append("% of nodules in a lobe")
    else:
        yield _q(f, f"proportion of nodules in the {lobe_names[lb[0]]}, as a %", "value", lb[1])
    l24 = [s for s in studies() if ldct(s) and in_year(2024)(s)]
    yield _q(
        f,
        "on average how many nodules did each 2024 screening ct carry",
        "value",
        mean_of([float(len(nods(s))) for s in l24]),
    )
    yield _q(
        f,
        "average solid component of part-solid nodules",
        "value",
        _mean_field(_nod_rows(att("part-solid")), "solid_component_mm"),
    )
    yield _q(
        f,
        "calcified nodules - median diamter please",
        "value",
        _median_field(_nod_rows(calcified), "diameter_mm"),
    )
    ct = _first_share(
        [
            (y, count(cta, in_year(y), kind("pneumothorax")), count(cta, in_year(y)))
            for y in (2024, 2025, 2023, 2026)
        ]
    )
    if ct is None:
        LEFT_OUT.append("% of a year's ct angios with a pneumothorax")
    else:
        yield _q(
            f, f"pneumothorax rate (%) on PE-protocol CT angiograms from {ct[0]}", "value", ct[1]
        )
    yield _q(
        f,
        "for spiculated nodules give the average longest dimension (long axis, mm)",
        "value",
        _mean_field(_nod_rows(margin("spiculated")), "long_axis_mm"),
    )
    yield _q(
        f,
        "nodules larger than 10 mm: median volume in mm3",
        "value",
        _median_field(_nod_rows(gt("diameter_mm", 10)), "volume_mm3"),
    )
    yield _q(
        f,
        "average mean HU of the ground glass nodules at CT01",
        "value",
        _mean_field(_nod_rows(att("ground-glass"), where=at_station("CT01")), "mean_hu"),
    )


def reports(rng: random.Random) -> Rows:
    f = "report concepts"
    yield _q(f, "studies with emphysema on the report", "study", sids(says("emphysema")))
    yield _q(
        f,
        "exams whose dictation is negative for lymphadenopathy",
        "study",
        sids(denies("lymphadenopathy")),
    )
    yield _q(
        f,
        "who has coronary artery calcfication written up in a report",
        "patient",
        pids(says("coronary")),
    )
    yield _q(
        f,
        "screening cts, emphysema absent from the read",
        "study",
        sids(ldct, neg(says("emphysema"))),
    )
    yield _q(
        f,
        "granuloma in the report, 2025 studies",
        "study",
        sids(says("granuloma"), in_year(2025)),
    )
    yield _q(
        f,
        "number of reads that explicitly document no emphysema",
        "count",
        count(denies("emphysema")),
    )
    yield _q(
        f,
        "exams with both a spiculated nodule found and emphysema dictated",
        "study",
        sids(says("emphysema"), nod(margin("spiculated"))),
    )
    yield _q(
        f,
        "lymphadenopathy dictated for any woman - give patient ids",
        "patient",
        pids(sex_is("F"), says("lymphadenopathy")),
    )
    yield _q(
        f,
        "ct angios reporting lymphadenopathy",
        "study",
        sids(cta, says("lymphadenopathy")),
    )
    yield _q(
        f,
        "patients with emphysema or coronary calcification",
        "patient",
        pids(either(says("emphysema"), says("coronary"))),
    )
    yield _q(
        f,
        "lymphadenoapthy on ldcts at ct02",
        "study",
        sids(ldct, at_station("CT02"), says("lymphadenopathy")),
    )
    yield _q(
        f,
        "2025 reports stating there is no emphysema",
        "study",
        sids(in_year(2025), denies("emphysema")),
    )
    yield from ask(
        f,
        "patients over 70 with emphysema",
        "patient",
        *aged(_age_over(70), says("emphysema")),
    )
    yield _q(
        f,
        "patients with a granuloma mentioned but never emphysema",
        "patient",
        history(some_but_never(says("granuloma"), says("emphysema"))),
    )
    yield _q(
        f,
        "Good morning, for the COPD sub-study could you list the 2024 screening CTs whose report "
        "mentions emphysema but no lymphadenopathy? Kind regards, Ruth (research nurse)",
        "study",
        sids(ldct, in_year(2024), says("emphysema"), neg(says("lymphadenopathy"))),
    )
    yield _q(
        f,
        "emphysema reports by station",
        "groups",
        _groups([s for s in studies() if says("emphysema")(s)], lambda s: s["station"]),
    )


def growth(rng: random.Random) -> Rows:
    f = "growth"
    yield from ask(
        f,
        "exams showing interval enlargement of a nodule (grew vs the prior scan)",
        "study",
        *[sids(fstudy(r)) for r in grew_readings()],
    )
    yield from ask(
        f,
        "pts w nodule growth of more than 3 mm",
        "patient",
        *[pids(fstudy(r)) for r in grew_readings(3.0)],
    )
    yield from ask(
        f,
        "growth of at least 2 mm in the right upper lobe",
        "study",
        *[sids(fstudy(r, in_lobe("RUL"))) for r in grew_readings(2.0, inclusive=True)],
    )
    yield from ask(
        f,
        "2026 exams where a new nodule appeared",
        "study",
        *[sids(in_year(2026), fstudy(new(m), is_nodule)) for m in (True, False)],
        *[sids(in_year(2026), fstudy(new(m))) for m in (True, False)],
    )
    yield from ask(
        f,
        "stable nodules at ct02 in 2024",
        "study",
        *[
            sids(at_station("CT02"), in_year(2024), fstudy(stable(r, m)))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        f,
        "people in whom no nodule ever grew",
        "patient",
        *[_never(fstudy(r)) for r in grew_readings()],
    )
    yield from ask(
        f,
        "2024 screening cts with a newly appeared nodule - how many",
        "count",
        *[count(ldct, in_year(2024), fstudy(new(m))) for m in (True, False)],
    )
    yield from ask(
        f,
        "freshly appearing part-solid nodules, which exams",
        "study",
        *[sids(fstudy(new(m), att("part-solid"))) for m in (True, False)],
    )
    yield from ask(
        f,
        "growign ggns",
        "study",
        *[sids(fstudy(r, att("ground-glass"))) for r in grew_readings()],
    )
    yield from ask(
        f,
        "patients with a nodule that enlarged by more than three and a half mm",
        "patient",
        *[pids(fstudy(r)) for r in grew_readings(3.5)],
    )
    yield from ask(
        f,
        "new nodules > 5 mm, not masses",
        "study",
        sids(fstudy(new(False), gt("diameter_mm", 5))),
        sids(fstudy(new(True), is_nodule, gt("diameter_mm", 5), lambda x: not mass_from_start(x))),
    )
    yield from ask(
        f,
        "stabel solid nodules 2024",
        "study",
        *[
            sids(in_year(2024), fstudy(stable(r, m), att("solid")))
            for r in (False, True)
            for m in (False, True)
        ],
    )
    yield from ask(
        f,
        "lesions that grew compared to the previous exam",
        "finding",
        *[fids(r) for r in grew_readings()],
    )
    yield from ask(
        f,
        "Hi all - how many patients had a new nodule in 2024? Regards, Omar",
        "count",
        *[len(pids(in_year(2024), fstudy(new(m)))) for m in (True, False)],
    )
    yield from ask(
        f,
        "spiculated nodules that grew, women only",
        "study",
        *[sids(sex_is("F"), fstudy(r, margin("spiculated"))) for r in grew_readings()],
    )
    yield from ask(
        f,
        "split the lesions that grew by lobe",
        "groups",
        *[_groups([x for x in findings() if r(x)], lambda x: x["lobe"]) for r in grew_readings()],
    )


def people(rng: random.Random) -> Rows:
    f = "demographics"
    yield from ask(
        f,
        "female patients older than 65 having a spiculated nodule",
        "patient",
        *aged(both_(sex_is("F"), _age_over(65)), nod(margin("spiculated"))),
    )
    yield from ask(
        f,
        "men aged 50 to 60 with an ldct",
        "patient",
        *aged(both_(sex_is("M"), _age_between(50, 60)), ldct),
    )
    yield _q(f, "how many female patients", "count", sum(1 for p in pats() if p["sex"] == "F"))
    yield from ask(
        f,
        "head ct done while the patient was in their seventies",
        "patient",
        *aged(_age_between(70, 79), head_ct),
    )
    yield _q(
        f,
        "LR 4X patients split by sex",
        "groups",
        _groups(pids(cat_in("4X")), lambda p: ref.cohort()[0][p]["sex"]),
    )
    yield _q(
        f,
        "male vs female ldct counts in 2025",
        "groups",
        _groups(
            [s for s in studies() if ldct(s) and in_year(2025)(s) and ref.sex(s) in ("M", "F")],
            ref.sex,
        ),
    )
    yield _q(
        f,
        "whose recorded gender is other, neither male nor female - list the patients",
        "patient",
        sorted(p["patient_id"] for p in pats() if p["sex"] == "O"),
    )
    yield from ask(
        f, "under 45s with a ggn", "patient", *aged(_age_under(45), nod(att("ground-glass")))
    )
    yield from ask(
        f,
        "pts aged 80 or older with a calcified nodule",
        "patient",
        *aged(lambda s: ref.age(s) >= 80, nod(calcified)),
    )
    yield _q(
        f,
        "how many mne were born after 1980",
        "count",
        sum(1 for p in pats() if p["sex"] == "M" and p["birth_date"] >= "1981-01-01"),
    )
    yield from ask(
        f,
        "women 55-65 with lung rads 4a",
        "patient",
        *aged(both_(sex_is("F"), _age_between(55, 65)), cat_in("4A")),
    )
    yield from ask(
        f,
        "men in their sixties with emphysema on the report",
        "patient",
        *aged(both_(sex_is("M"), _age_between(60, 69)), says("emphysema")),
    )
    yield _q(
        f,
        "head cts in patients aged 60 to 64",
        "study",
        sids(head_ct, _age_between(60, 64)),
    )
    yield _q(
        f,
        "chest ct angios of patients younger than 45 at the time",
        "study",
        sids(cta, _age_under(45)),
    )
    yield from ask(
        f,
        "Dear all, for our study we need female patients aged 50-70 with a part-solid nodule of "
        "at least 6 mm on a low-dose CT between 2024 and 2025. Could you list them? Best, Priya",
        "patient",
        *aged(
            both_(sex_is("F"), _age_between(50, 70)),
            ldct,
            dated("2024-01-01", "2025-12-31"),
            nod(att("part-solid"), ge("diameter_mm", 6)),
        ),
        history(
            each_on_some(
                both_(sex_is("F"), _age_between(50, 70)),
                both_(
                    ldct,
                    dated("2024-01-01", "2025-12-31"),
                    nod(att("part-solid"), ge("diameter_mm", 6)),
                ),
            )
        ),
    )
    yield _q(
        f,
        "femael patients with a pneumothorax",
        "patient",
        pids(sex_is("F"), kind("pneumothorax")),
    )
    yield _q(
        f,
        "spiculated nodule counts, men vs women",
        "groups",
        _groups(
            _nod_rows(margin("spiculated"), where=lambda s: ref.sex(s) in ("M", "F")),
            lambda r: ref.sex(study_of(r)),
        ),
    )


def modality(rng: random.Random) -> Rows:
    f = "modality"
    yield _q(
        f,
        "exam volume at each scanner / station",
        "groups",
        _groups(studies(), lambda s: s["station"]),
    )
    y = pick(rng, [2023, 2024, 2025])
    yield _q(
        f, f"how many cxrs at DX01 in {y}", "count", count(cxr, at_station("DX01"), in_year(y))
    )
    yield _q(f, "head scans run on the CT01 scanner", "study", sids(head_ct, at_station("CT01")))
    yield _q(
        f,
        "contrast enahnced chest cts in 2025",
        "study",
        sids(with_contrast, in_year(2025)),
    )
    yield _q(
        f,
        "number of exams described as 'CT CHEST W/O CONTRAST'",
        "count",
        count(lambda s: s["description"] == "CT CHEST W/O CONTRAST"),
    )
    yield _q(
        f,
        "modality breakdown for 2026",
        "groups",
        _groups([s for s in studies() if in_year(2026)(s)], lambda s: s["modality"]),
    )
    yield _q(
        f,
        "body part split of the ct studies",
        "groups",
        _groups([s for s in studies() if any_ct(s)], lambda s: s["body_part"]),
    )
    yield _q(
        f,
        "Q4 2024 screening volume by station",
        "groups",
        _groups([s for s in studies() if ldct(s) and quarter(2024, 4)(s)], lambda s: s["station"]),
    )
    yield _q(
        f,
        "ct pe scans with a pleural effusion",
        "study",
        sids(cta, kind("pleural_effusion")),
    )
    yield _q(
        f,
        "plain films where a pneumothroax was detected",
        "study",
        sids(cxr, kind("pneumothorax")),
    )
    yield _q(
        f,
        "pts scanned on ct02 with a contrast-enhanced chest ct",
        "patient",
        pids(with_contrast, at_station("CT02")),
    )
    yield _q(
        f,
        "march 2025 throughput on CT02 (number of exams)",
        "count",
        count(at_station("CT02"), dated("2025-03-01", "2025-03-31")),
    )
    yield _q(
        f,
        "ct angio chest pe exams at CT01 during 2024",
        "study",
        sids(cta, at_station("CT01"), in_year(2024)),
    )
    yield _q(
        f,
        "bleeds inside the skull (intracranial hemorrhage) on CT02 head exams",
        "study",
        sids(head_ct, at_station("CT02"), kind("intracranial_hemorrhage")),
    )
    yield from ask(
        f,
        "pneumothoraces by station",
        "groups",
        _groups(_kind_rows("pneumothorax"), lambda r: study_of(r)["station"]),
        _groups([s for s in studies() if kind("pneumothorax")(s)], lambda s: s["station"]),
    )
    yield _q(
        f,
        "head ct counts per station",
        "groups",
        _groups([s for s in studies() if head_ct(s)], lambda s: s["station"]),
    )
    yield _q(
        f,
        "Hi both, quick one for the quarterly report: how many low dose screening CTs did CT01 "
        "do in Q3 2025? Thanks, Dave (imaging ops)",
        "count",
        count(ldct, at_station("CT01"), quarter(2025, 3)),
    )


def lobes(rng: random.Random) -> Rows:
    f = "lobes"
    yield _q(f, "rml nodule scans", "study", sids(nod(in_lobe("RML"))))
    yield _q(
        f,
        "left lower lobe ground glass nodule",
        "study",
        sids(nod(in_lobe("LLL"), att("ground-glass"))),
    )
    yield _q(
        f,
        "how are the nodules distributed across the five lobes",
        "groups",
        _groups(_nod_rows(), lambda r: r["lobe"]),
    )
    yield _q(
        f,
        "RUL vs LUL spiculated nodule counts",
        "groups",
        _groups(_nod_rows(in_lobe("RUL", "LUL"), margin("spiculated")), lambda r: r["lobe"]),
    )
    yield from ask(
        f,
        "patients with nodules in both upper lobes",
        "patient",
        pids(nod(in_lobe("RUL")), nod(in_lobe("LUL"))),
        history(each_on_some(nod(in_lobe("RUL")), nod(in_lobe("LUL")))),
    )
    yield _q(
        f,
        "patients with a right lung nodule but never one in the left lung",
        "patient",
        history(some_but_never(nod(in_lobe("RUL", "RML", "RLL")), nod(in_lobe("LUL", "LLL")))),
    )
    yield _q(
        f,
        "> 8 mm nodule in right lower lobe, which exams",
        "study",
        sids(nod(in_lobe("RLL"), gt("diameter_mm", 8))),
    )
    yield _q(
        f,
        "calcified nodule findings sitting in the right middle lobe: count them",
        "count",
        len(_nod_rows(in_lobe("RML"), calcified)),
    )
    yield _q(
        f,
        "female pts, exams with a part-solid LUL nodule",
        "study",
        sids(sex_is("F"), nod(in_lobe("LUL"), att("part-solid"))),
    )
    yield _q(
        f,
        "lobe breakdown of solid nodules over 10mm",
        "groups",
        _groups(_nod_rows(att("solid"), gt("diameter_mm", 10)), lambda r: r["lobe"]),
    )
    yield _q(
        f,
        "exams with a spiculated nodule in the RLL or the LLL",
        "study",
        sids(nod(in_lobe("RLL", "LLL"), margin("spiculated"))),
    )
    yield _q(
        f,
        "right-lower-lobe consolidaiton exams",
        "study",
        sids(kind("consolidation", in_lobe("RLL"))),
    )
    yield _q(
        f,
        "left lowr lobe nodules w lobulated margins",
        "study",
        sids(nod(in_lobe("LLL"), margin("lobulated"))),
    )
    yield _q(
        f,
        "Dear colleagues, could you pull the patients with an upper lobe "
        "nodule of 15 mm or more? Warm regards, Hugo",
        "patient",
        pids(nod(in_lobe("RUL", "LUL"), ge("diameter_mm", 15))),
    )
    yield _q(
        f,
        "middle lobe nodules on 2026 screening cts",
        "study",
        sids(ldct, in_year(2026), nod(in_lobe("RML"))),
    )


def features(rng: random.Random) -> Rows:
    f = "attenuation/margin/calcification"
    yield _q(f, "spiculated 2023", "study", sids(in_year(2023), nod(margin("spiculated"))))
    yield _q(f, "calcified nodule exams dated 2026", "study", sids(in_year(2026), nod(calcified)))
    yield _q(
        f,
        "solid, uncalcified nodule above 8 mm - exams",
        "study",
        sids(nod(uncalcified, att("solid"), gt("diameter_mm", 8))),
    )
    yield _q(f, "lobulated ggos", "study", sids(nod(margin("lobulated"), att("ground-glass"))))
    yield _q(
        f,
        "exams on ct01 showing subsolid nodulse",
        "study",
        sids(at_station("CT01"), nod(subsolid)),
    )
    yield _q(
        f,
        "for part-solid nodules, how many per margin type",
        "groups",
        _groups(_nod_rows(att("part-solid")), lambda r: r["margin"]),
    )
    yield _q(
        f,
        "attenuation counts for nodules > 10mm",
        "groups",
        _groups(_nod_rows(gt("diameter_mm", 10)), lambda r: r["attenuation"]),
    )
    yield _q(
        f,
        "smooth vs spiculated nodule counts on 2025 ldcts",
        "groups",
        _groups(
            _nod_rows(
                lambda r: r["margin"] in ("smooth", "spiculated"), where=both_(ldct, in_year(2025))
            ),
            lambda r: r["margin"],
        ),
    )
    yield _q(f, "any psn - list the people", "patient", pids(nod(att("part-solid"))))
    yield _q(
        f,
        "calcified smooth nodules",
        "study",
        sids(nod(calcified, margin("smooth"))),
    )
    yield _q(
        f,
        "how many part-solid nodules have a solid component of 4 mm or more",
        "count",
        len(_nod_rows(att("part-solid"), ge("solid_component_mm", 4))),
    )
    yield _q(
        f,
        "LUL solid nodule with spiculation, exams please",
        "study",
        sids(nod(margin("spiculated"), att("solid"), in_lobe("LUL"))),
    )
    yield _q(
        f,
        "pure ground glass nodules smaller than 6mm",
        "study",
        sids(nod(att("ground-glass"), lt("diameter_mm", 6))),
    )
    yield _q(
        f,
        "women with a lobulated part solid nodlue",
        "patient",
        pids(sex_is("F"), nod(margin("lobulated"), att("part-solid"))),
    )
    yield _q(
        f,
        "Morning! Could I get the number of calcified nodule findings we hold? Thx, Lena",
        "count",
        len(_nod_rows(calcified)),
    )
    yield _q(
        f,
        "CT02 exams: smooth-edged solid nodule ≥ 12 mm",
        "study",
        sids(at_station("CT02"), nod(margin("smooth"), att("solid"), ge("diameter_mm", 12))),
    )
    yield _q(
        f,
        "ground glass nodule counts per lobe in female patients",
        "groups",
        _groups(_nod_rows(att("ground-glass"), where=sex_is("F")), lambda r: r["lobe"]),
    )


def intervals(rng: random.Random) -> Rows:
    f = "intervals"
    p1 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 3))
    span = _span_days(p1, ldct)
    assert span is not None
    yield _q(f, f"{p1} screening span: first ldct to final ldct, in days", "value", float(span))
    p2 = pick(rng, _pool(lambda p: len(own(p)) >= 3))
    span2 = _span_days(p2, ALL)
    assert span2 is not None
    yield _q(
        f,
        f"how long in days from {p2}'s first study to their latest one",
        "value",
        float(span2),
    )
    yield _q(
        f,
        "Hi, what is the average gap in days between consecutive ldcts "
        "of the same patient? Best wishes, Karl",
        "value",
        mean_of([float(g) for g in _consecutive_gaps(ldct)]),
    )
    yield _q(
        f,
        "median interval (days) between successive chest cts per patient",
        "value",
        median_of([float(g) for g in _consecutive_gaps(chest_ct)]),
    )
    yield from ask(
        f,
        "people whose imaging follow-up stretches beyond 18 months",
        "patient",
        _followed_months(18, False),
        _followed_months(18, True),
    )
    yield from ask(
        f,
        "first-to-last scan span of at least 2 yrs: which pts",
        "patient",
        _followed_months(24, True),
        history(
            lambda mine: (
                bool(mine)
                and days_between(mine[0]["study_date"], mine[-1]["study_date"]) >= 2 * 365
            )
        ),
    )
    p7 = pick(
        rng, _pool(lambda p: len(own(p)) >= 2 and own(p)[0]["study_date"] < own(p)[1]["study_date"])
    )
    a, b = own(p7)[0], own(p7)[1]
    yield _q(
        f,
        f"number of days between accession {_acc(a)} and accession {_acc(b)}",
        "value",
        float(days_between(a["study_date"], b["study_date"])),
    )
    yield _q(
        f,
        "mean days between consecutive studies of any kind",
        "value",
        mean_of([float(g) for g in _consecutive_gaps(ALL)]),
    )
    yield _q(
        f,
        "maximum days elapsed between back-to-back screening cts of a patient",
        "value",
        float(max(_consecutive_gaps(ldct))),
    )
    yield _q(
        f,
        "patients whose frist and latest studies are more than 1000 days apart",
        "patient",
        history(
            lambda mine: (
                bool(mine) and days_between(mine[0]["study_date"], mine[-1]["study_date"]) > 1000
            )
        ),
    )
    p11 = pick(rng, _pool(lambda p: len(own(p)) >= 1))
    yield _q(
        f,
        f"how many days since {p11} was last scanned",
        "value",
        float(days_between(own(p11)[-1]["study_date"], AS_OF)),
    )
    p12 = pick(rng, _pool(lambda p: _count_in(p, ldct) >= 2))
    mine = [s for s in own(p12) if ldct(s)]
    yield _q(
        f,
        f"intervl in days between {p12}'s first two screening cts",
        "value",
        float(days_between(mine[0]["study_date"], mine[1]["study_date"])),
    )
    yield _q(
        f,
        "minimum spacing (days) separating a patient's successive exams",
        "value",
        float(min(_consecutive_gaps(ALL))),
    )
    spans = [_span_days(p["patient_id"], ALL) for p in pats() if len(own(p["patient_id"])) >= 3]
    yield _q(
        f,
        "for people with 3+ exams, median span in days from earliest to latest",
        "value",
        median_of([float(x) for x in spans if x is not None]),
    )
    p13 = pick(
        rng,
        _pool(lambda p: len(own(p)) >= 3 and own(p)[-2]["study_date"] < own(p)[-1]["study_date"]),
    )
    last_two = own(p13)[-2:]
    yield _q(
        f,
        f"{p13}: interval in days between the two most recent studies",
        "value",
        float(days_between(last_two[0]["study_date"], last_two[1]["study_date"])),
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
    print(f"{len(items)} questions in {PART}; left out: {LEFT_OUT}")
    for fam, n in Counter(i.family for i in items).items():
        print(f"  {fam}: {n}")
