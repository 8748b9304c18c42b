"""New and stable nodules, and a track that was a mass from its first study.

The cohort's README says "nodule" means kind nodule, and a nodule followed over time may grow
into a mass (over 30 mm), which still counts for "nodules that grew". It does not say whether
"new nodules" (or "stable nodules") counts a track that was already a mass when first seen;
the reader counts it (docs/query.md, "new nodule"), and readers of the cohort disagree. Since
neither reading can be shown right, the answer is never silent about it: when a question asks
for new or stable nodules and its answer takes in such a track, the engine adds a warning that
names the findings and the phrasing of the other reading ("new nodules, not masses"), which
:func:`read_not_masses` reads.

Only the clauses that say "nodule" are asked about: "new lesions", "new masses" and "new
nodules or masses" are unambiguous. Used by :mod:`query.parser` and :mod:`query.engine`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence

from query.clauses import Clause
from query.reading import Parts
from query.typed_query import FindingClause, PatientFilter, StudyFilter, TypedQuery

__all__ = [
    "ambiguous_clauses",
    "asks_new_or_stable_nodules",
    "change_of",
    "mass_from_start_warning",
    "masses_left_out_warning",
    "named_findings",
    "read_bound_after_exclusion",
    "read_masses_set_aside",
    "read_not_masses",
    "read_other_than_masses",
    "restricted",
]

# How many finding IDs a warning names before "and N more".
_NAMED = 5
# The words after "new nodules" that leave masses out: "new nodules, not masses", "new nodules
# excluding masses", "stable nodules except masses" (directly after the noun: "but no masses"
# and "and no masses" still ask for studies without a mass).
_LEAVES_OUT = frozenset({"not", "excluding", "except", "excl"})
_NOUN_THEN = re.compile(r"\S+[\s,]*")


def _ambiguous(clause: FindingClause) -> bool:
    """Does the clause ask for new or stable *nodules* (not lesions, not masses), without
    saying what a track that began as a mass is?"""
    kinds = set(clause.kinds)
    return (
        (clause.new or clause.stable)
        and "nodule" in kinds
        and not kinds & {"mass", "lesion"}
        and clause.track_start is None
    )


def _nested(flt: StudyFilter) -> Iterator[StudyFilter]:
    """The filters held inside ``flt`` (a patient's history, exclusions, alternatives)."""
    patient = flt.patient
    if patient is not None:
        yield from patient.has
        yield from patient.never
        for scope in (patient.every, patient.every_scope, patient.studies_scope):
            if scope is not None:
                yield scope
    yield from flt.excluded
    yield from flt.any_of
    if flt.share is not None:
        yield flt.share


def _clauses(flt: StudyFilter) -> Iterator[tuple[StudyFilter, FindingClause]]:
    """Each finding clause of the filter tree with the filter that holds it."""
    for clause in flt.findings:
        yield flt, clause
    for inner in _nested(flt):
        yield from _clauses(inner)


def _leave_masses_out(nodule: Clause) -> None:
    """Keep a new (stable) nodule to tracks that began as nodules; a nodule that grew
    to findings that are nodules now (:mod:`query.grown_masses`)."""
    if nodule.attributes.get("new") or nodule.attributes.get("stable"):
        nodule.attributes["track_start"] = "nodule"
    else:
        nodule.attributes["kind_now"] = True


def _over_time(nodule: Clause) -> bool:
    """Does the clause ask for a new, stable or grown nodule (one that may be a mass)?"""
    return any(nodule.attributes.get(name) for name in ("new", "stable", "grew"))


def asks_new_or_stable_nodules(query: TypedQuery) -> bool:
    """Does the question ask for new or stable nodules in words a mass from its first study
    may or may not meet?"""
    return any(_ambiguous(clause) for _, clause in _clauses(query.filter))


def _restrict(flt: StudyFilter) -> StudyFilter:
    """``flt`` with every ambiguous clause kept to tracks that began as a nodule."""

    def each(filters: Sequence[StudyFilter]) -> tuple[StudyFilter, ...]:
        return tuple(_restrict(f) for f in filters)

    def maybe(inner: StudyFilter | None) -> StudyFilter | None:
        return None if inner is None else _restrict(inner)

    patient = flt.patient
    if patient is not None:
        patient = PatientFilter(
            has=each(patient.has),
            never=each(patient.never),
            studies=patient.studies,
            highest_lung_rads=patient.highest_lung_rads,
            every=maybe(patient.every),
            every_scope=maybe(patient.every_scope),
            studies_scope=maybe(patient.studies_scope),
        )
    return dataclasses.replace(
        flt,
        findings=tuple(
            dataclasses.replace(c, track_start="nodule") if _ambiguous(c) else c
            for c in flt.findings
        ),
        patient=patient,
        excluded=each(flt.excluded),
        any_of=each(flt.any_of),
        share=maybe(flt.share),
    )


def restricted(query: TypedQuery) -> TypedQuery:
    """The other reading: new (stable) nodules only of tracks that were nodules when first
    seen, so a mass from its first study is left out."""
    return dataclasses.replace(query, filter=_restrict(query.filter))


def ambiguous_clauses(query: TypedQuery) -> Iterator[tuple[StudyFilter, FindingClause]]:
    """Each clause asking for new or stable nodules, with the filter that holds it."""
    return ((flt, c) for flt, c in _clauses(query.filter) if _ambiguous(c))


def change_of(clause: FindingClause) -> str:
    """What the clause asks of the track: "new" or "stable"."""
    return "new" if clause.new else "stable"


def named_findings(findings: Sequence[str]) -> str:
    """The finding IDs a warning names: the first few, and how many more."""
    more = len(findings) - _NAMED
    return ", ".join(findings[:_NAMED]) + (f" and {more} more" if more > 0 else "")


def mass_from_start_warning(named: Mapping[str, Sequence[str]], *, more: bool = False) -> str:
    """The warning for an answer that takes in tracks that were masses from their first study:
    for each change asked ("new", "stable"), the findings of such tracks the question's nodules
    let in (``more``: and others not listed), and how to ask for the other reading."""
    counted, asked = [], []
    for change, findings in sorted(named.items()):
        shown = named_findings(findings)
        if len(findings) == 1 and not more:
            counted.append(
                f"1 {change} lesion that was a mass from its first scan ({shown}) as a {change} "
                "nodule"
            )
        else:
            number = f"over {len(findings)}" if more else str(len(findings))
            counted.append(
                f"{number} {change} lesions that were masses from their first scan ({shown}) as "
                f"{change} nodules"
            )
        asked.append(f"'{change} nodules, not masses'")
    changes = " or ".join(f"'{change} nodule'" for change in sorted(named))
    return (
        f"the answer counts {' and '.join(counted)} (whether a mass from the first scan is a "
        f"{changes} is not settled); ask for {' and '.join(asked)} to leave "
        f"{'it' if len(named) == 1 and len(next(iter(named.values()))) == 1 else 'them'} out"
    )


def masses_left_out_warning(findings: Sequence[str], *, more: bool = False) -> str:
    """The warning for "nodule findings that grew" listed: the findings answered are nodules
    themselves, and these masses, which the same growth would let in (a nodule that grew into a
    mass counts for a study's growing nodule), were left out. ``more``: and others not
    listed."""
    shown = named_findings(findings)
    number = f"over {len(findings)}" if more else str(len(findings))
    one = len(findings) == 1 and not more
    return (
        f"only findings that are nodules themselves were taken: {number} "
        f"{'mass' if one else 'masses'} ({shown}) that {'meets' if one else 'meet'} the rest "
        f"{'was' if one else 'were'} left out (a mass is not a 'nodule finding', even one grown "
        "from a nodule); ask for 'nodule or mass findings' to take them in"
    )


# What may follow an excluded kind and still be only a size bound closing the question: "> 6 mm",
# "over 6mm", ">= 8 mm in diameter" (no other word that could be the excluded kind's own).
_BOUND_ONLY = re.compile(
    r"\S+\s*(?:[<>]=?|\u2264|\u2265|over|above|under|below|(?:larger|bigger|greater|smaller|less)"
    r"\s+than|at\s+least|at\s+most|of|>\s*or\s*=)?\s*\d[\d.]*\s*(?:mm|cm)?"
    r"(?:\s+(?:or\s+(?:more|larger|bigger|greater|less|smaller)|in\s+(?:diameter|size)))?"
    r"[\s.?!]*$"
)


def read_bound_after_exclusion(parts: Parts, clauses: list[Clause]) -> None:
    """ "new nodules excluding masses > 6 mm": a size bound closing the question right after
    the exclusion of a whole kind ("excluding / except / not / other than masses") is read as a
    bound on the kind kept, with the excluded kind left out whole (the writer most often means
    new nodules over 6 mm, masses aside; the bound had been put on the masses left out,
    silently, part 41). The other reading is named in a caution."""
    for excluded in list(clauses):
        measures = excluded.attributes.get("measures")
        if (
            excluded.never
            or len(excluded.kinds) != 1
            or set(excluded.attributes) != {"measures"}
            or not isinstance(measures, list)
            or excluded is not max(clauses, key=lambda c: c.positions[-1])
            or not _BOUND_ONLY.match(parts.text, excluded.positions[-1])
        ):
            continue
        cue = _exclusion_before(parts, excluded)
        if cue is None:
            continue
        at, words = cue
        kept = [
            c
            for c in clauses
            if c is not excluded
            and not c.absent
            and c.kinds
            and excluded.kinds[0] not in c.kinds
            and _directly_before(parts.text, c.positions[-1], at)
            and not c.attributes.get("measures")
        ]
        if not kept:
            continue
        kept[0].attributes["measures"] = measures
        del excluded.attributes["measures"]
        if not excluded.absent and not (
            kept[0].attributes.get("new") or kept[0].attributes.get("stable")
        ):
            # "nodules other than masses > 6 mm": the masses are left out, as after "excluding"
            # (new and stable nodules fold them in read_other_than_masses)
            excluded.absent = True
            parts.ignored.remove("other")
            parts.ignored.remove("than")
        kind, bound = parts.text[excluded.positions[-1] :].split(maxsplit=1)
        bound = bound.strip(" .?!")
        parts.cautions.append(
            f"'{bound}' after '{words} {kind}' was read as a bound on the "
            f"{kept[0].kinds[0]}s kept, with all {kind} left out; to leave out only {kind} "
            f"{bound}, say 'with no {kind} {bound}' instead"
        )


def _exclusion_before(parts: Parts, excluded: Clause) -> tuple[int, str] | None:
    """The words right before the excluded kind that leave it out ("excluding", "except",
    "not", "other than"), and where they start."""
    start = excluded.positions[0]
    cue = _cue_before(parts, start)
    if (
        excluded.absent
        and cue is not None
        and cue[1] in _LEAVES_OUT
        and parts.text[cue[0] + len(cue[1]) : start].isspace()
    ):
        return cue
    found = re.search(r"\bother\s+than\s+$", parts.text[:start])
    if not excluded.absent and found and {"other", "than"} <= set(parts.ignored):
        return found.start(), found.group().strip()
    return None


def read_not_masses(parts: Parts, clauses: list[Clause]) -> None:
    """ "new nodules, not masses" / "excluding masses" / "except masses" directly after the
    noun: the new (stable) nodules of tracks that began as nodules, not studies without a mass.
    The mass clause is folded into the nodule clause as ``track_start``."""
    for mass in list(clauses):
        if not mass.absent or mass.never or mass.kinds != ["mass"] or mass.attributes:
            continue
        cue = _cue_before(parts, mass.positions[0])
        if cue is None:
            continue
        at, words = cue
        nodules = [
            c
            for c in clauses
            if not c.absent
            and c.kinds == ["nodule"]
            and _over_time(c)
            and _directly_before(parts.text, c.positions[-1], at)
        ]
        if (
            words in _LEAVES_OUT
            and nodules
            and parts.text[at + len(words) : mass.positions[0]].isspace()
        ):
            _leave_masses_out(nodules[0])
            clauses.remove(mass)


_OTHER_THAN = re.compile(r"\S+[\s,]*other\s+than\s+")


def read_other_than_masses(parts: Parts, clauses: list[Clause]) -> None:
    """ "new nodules other than masses" is "new nodules, not masses" (:func:`read_not_masses`):
    "other than" directly between a new (stable) nodule and a plain mass. Its two words had
    been named and the mass asked for as a second condition."""
    for mass in list(clauses):
        if mass.absent or mass.kinds != ["mass"] or mass.attributes:
            continue
        for nodule in clauses:
            found = _OTHER_THAN.match(parts.text, nodule.positions[-1])
            if (
                nodule is not mass
                and not nodule.absent
                and nodule.kinds == ["nodule"]
                and _over_time(nodule)
                and found is not None
                and found.end() == mass.positions[0]
                and {"other", "than"} <= set(parts.ignored)
            ):
                _leave_masses_out(nodule)
                clauses.remove(mass)
                parts.ignored.remove("other")
                parts.ignored.remove("than")
                break


def _cue_before(parts: Parts, position: int) -> tuple[int, str] | None:
    """The negation word nearest before ``position`` and the word itself."""
    cues = [(p, w) for role, p, w in parts.roles if role == "neg" and p < position]
    return max(cues) if cues else None


def _directly_before(text: str, noun: int, cue: int) -> bool:
    """Is the noun at ``noun`` followed by nothing but a comma before the word at ``cue``?"""
    found = _NOUN_THEN.match(text, noun)
    return found is not None and found.end() == cue


# "new nodules, masses excluded": the kind, then the participle that sets it aside.
_SET_ASIDE = re.compile(r"\S+\s+(excluded|excepted|aside|not\s+included)\b")
# "(excluding masses)" / ", other than masses": the exclusion opens a bracket or follows a comma.
_OPENS = re.compile(r"[,(]\s*$")
_OTHER_THAN_SET_OFF = re.compile(r"[,(]\s*other\s+than\s+$")
# What may follow a set-off exclusion: the end of the question, a closing bracket, a comma.
_CLOSES = re.compile(r"\S+\s*(?:[),;]|[\s.?!-]*$)")


def read_masses_set_aside(parts: Parts, clauses: list[Clause]) -> None:
    """ "new nodules, masses excluded", "a new nodule (excluding masses)", "a new nodule at ct01,
    other than masses": masses set aside in a phrase of their own (a bracket, an afterthought
    after a comma, a participle after the kind) are "new nodules, not masses"
    (:func:`read_not_masses`) when the question asks for one new (stable) nodule. The mass had
    been asked for as a second condition ("with a mass"), or a study without one, warned."""
    nodules = [
        c
        for c in clauses
        if not c.absent
        and not c.never
        and c.kinds == ["nodule"]
        and _over_time(c)
        and "track_start" not in c.attributes
        and "kind_now" not in c.attributes
    ]
    if len(nodules) != 1:
        return
    for mass in list(clauses):
        if mass.kinds != ["mass"] or mass.attributes or mass.never:
            continue
        start = mass.positions[0]
        if start < nodules[0].positions[-1]:
            continue
        words = _set_aside_words(parts, mass)
        if words is None or not set(words) <= set(parts.ignored):
            continue
        _leave_masses_out(nodules[0])
        clauses.remove(mass)
        for word in words:
            parts.ignored.remove(word)
        opened = parts.text[:start].rstrip().endswith("(") or re.search(
            r"\(\s*\S+\s*$", parts.text[:start]
        )
        if opened and "(" in parts.ignored and ")" in parts.ignored:
            parts.ignored.remove("(")
            parts.ignored.remove(")")
        return


def _set_aside_words(parts: Parts, mass: Clause) -> list[str] | None:
    """The words (still unread) that set the mass aside, or None when nothing does."""
    start = mass.positions[-1]
    after = _SET_ASIDE.match(parts.text, start)
    if not mass.absent and after is not None:
        return after.group(1).split()
    if _CLOSES.match(parts.text, start) is None:
        return None
    before = parts.text[:start]
    if not mass.absent and _OTHER_THAN_SET_OFF.search(before):
        return ["other", "than"]
    cue = _cue_before(parts, start)
    if (
        mass.absent
        and cue is not None
        and cue[1] in _LEAVES_OUT
        and parts.text[cue[0] + len(cue[1]) : start].isspace()
        and _OPENS.search(parts.text[: cue[0]])
    ):
        return []
    return None
