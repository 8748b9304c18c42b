"""From the words of a question to a :class:`~query.typed_query.TypedQuery`.

:func:`parse_question` is the one entry point (called by :mod:`query.engine`). It cleans the
question and has :mod:`query.reading` place its words (identifiers, history and rankings, dates,
numbers, then vocabulary and structure words), has :mod:`query.clauses` build the finding
clauses and give each attribute, number and negation to the clause it describes, and then
assembles the typed query here: the unit of the answer, the study-level conditions, and the
conditions on a patient's whole history ("never", "both ... and ...", studies per patient,
highest Lung-RADS) as a :class:`~query.typed_query.PatientFilter`. Every word that nothing
places, and every negation or "both" that governs nothing, is kept in ``TypedQuery.ignored``;
readings that were guesses go to ``TypedQuery.cautions``; :mod:`query.accounting` turns both
into the answer's warnings. Questions that are too long, empty, or in which nothing at all could
be placed raise :class:`QueryError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Callable
from typing import TypeVar, cast

from appliance.errors import QueryError
from appliance.findings import LUNG_RADS_ORDER
from query import dates, history, spoken_numbers
from query.clauses import (
    NODULE_FORMS,
    Clause,
    Concept,
    account,
    attach,
    cue_of,
    directly_negated,
    find_clauses,
    finding_clause,
    names_findings,
    negated_period,
    negation_of,
    position,
    target,
)
from query.counted_studies import counted_with
from query.grounding import Grounded, Grounder
from query.identifiers import Identify
from query.kinds_apart import kinds_apart
from query.listed_findings import findings_of_one_study, listed_findings_caution
from query.new_masses import (
    read_bound_after_exclusion,
    read_masses_set_aside,
    read_not_masses,
    read_other_than_masses,
)
from query.only_lobes import only_in_lobes
from query.reading import WITH_BEFORE, Parts, read_question
from query.rewrites import MAX_QUESTION_CHARS, clean
from query.typed_query import (
    FINDING_GROUPS,
    FINDINGS_PER_STUDY_GROUP,
    Aggregate,
    AggregateKind,
    ConceptFilter,
    CountOf,
    DateRange,
    FindingClause,
    FollowUp,
    NumberRange,
    PatientFilter,
    StudyFilter,
    TypedQuery,
    Unit,
    finding_population,
)
from query.unsettled_forms import unsettled_cautions

__all__ = ["MAX_QUESTION_CHARS", "parse_question"]


_NOUN_COUNT = ("count", "tally", "total count")
"""Count words that follow the noun they count ("ldct count", "nodule tally", "exam total")."""

_KIND_UNIT: dict[str, CountOf] = {
    **dict.fromkeys(("modality", "body_part", "description"), "study"),
    "kind": "finding",
}


# "count them / those": the count word is a verb with an object, never the noun of "<unit> count"
# (part 36: "... at the scan - count them" had counted the scans, silently)
_COUNT_VERB = re.compile(r"\s+(?:them|those|these|all\s+of\s+them)\b")


def _unit_before_count(parts: Parts, at: int) -> CountOf | None:
    """The unit a "<unit> count" names ("smooth nodules, pt count", "ldcts with nodules,
    patient count", "2025 ldct count for men", "nodule tally for women"): the noun right before
    the count word (a unit word, a kind of study, a kind of finding) is what is counted, not the
    head of the question nor a word for people after it (the findings, studies or patients had
    been counted, silently, part 28)."""
    if not any(r == "count" and p == at and w in _NOUN_COUNT for r, p, w in parts.roles):
        return None
    if _COUNT_VERB.match(parts.text, _count_end(parts, at)):
        return None  # "head ct patients ... at the scan - count them": a verb, no "<unit> count"
    ends: list[tuple[int, CountOf]] = [
        (p + len(words), "patient" if role == "patient" else "study")
        for role, p, words in parts.roles
        if role in ("patient", "study")
    ] + [
        (parts.tokens[g.last].end, _KIND_UNIT.get(g.term.field, "finding"))
        for g in parts.grounded
        if g.term.field in _KIND_UNIT
        # "ggo total", "psn count": an attenuation that names its nodule is a kind of finding
        # too (part 48: the studies with one had been counted, silently)
        or (g.term.field == "attenuation" and g.words in NODULE_FORMS)
    ]
    heads = [p for role, p, _ in parts.roles if role in ("patient", "study")] + [
        position(parts, g) for g in parts.grounded if g.term.field in _KIND_UNIT
    ]
    for end, unit in ends:
        if end < at and re.fullmatch(r"[\s-]+", parts.text[end:at]):
            noun = parts.text.rfind(" ", 0, end - 1) + 1
            if unit == "finding" and any(p < noun for p in heads):
                return None  # "ldcts w spiculated nodules count": the nodules are a condition
            return unit
    return None


# "had a ct angio - count by gender": a count after a break is a verb asking for the breakdown,
# never the noun of "<unit> count" (what is counted is then read as before)
_AFTER_BREAK = re.compile(r"(?:\s-|[,;:])\s*$")


# "count of the", "number of their": the words between a count and the noun it counts
_COUNT_OF = re.compile(r"\s*(?:of\s+)?(?:the\s+|their\s+|all\s+)?")


def _unit_after_count(parts: Parts, at: int) -> CountOf | None:
    """The unit a breakdown's "count of <noun>", "number of <noun>", "# <noun>" names: the
    noun right after the count words ("women vs men: count of chest cts" counts the studies;
    the sex named first had made it count patients, silently, part 41)."""
    found = _COUNT_OF.match(parts.text, _count_end(parts, at))
    start = found.end() if found else _count_end(parts, at)
    for role, p, _ in parts.roles:
        if role in ("patient", "study") and p == start:
            return "patient" if role == "patient" else "study"
    for g in parts.grounded:
        if g.term.field in _KIND_UNIT and position(parts, g) == start:
            return _KIND_UNIT[g.term.field]
    return None


# "no mass on any scan", "without emphysema on any of their studies": the study word after "on
# any" is where a negated condition was looked for, never the unit asked ("... on any scan -
# patients" had listed studies, part 32); so is "on some scan" (parts 56 to 59, C: "a
# ground-glass nodule on some scan" in a list of a patient's criteria had listed studies)
_ON_ANY = re.compile(
    r"\b(?:on|in|at)\s+(?:any|some)\s+(?:of\s+(?:their|the|his|her|its)\s+)?(?:(?:single|one)\s+)?$"
)


# "never any nodule on imaging", "a mass seen in imaging": "imaging" after "on / in" is where
# the finding was seen (any study), never the unit asked (parts 56 to 59, C: "... on imaging -
# patient list" had listed studies, silently)
_ON_IMAGING = re.compile(r"(?:on|in) imaging\b(?!\s+(?:stud|exam|scan))")


# "by sex of patient", "split by gender of the patients": a noun right after the grouping is whose
# field is grouped, never what is counted. After a split noun it is what is split (part 48: "M/F/O
# split of patients with a lung-rads 4x study" had counted the studies, silently)
_OF_GROUP = re.compile(r"\s*of\s+(?:the\s+|their\s+|each\s+)?$")
_SPLIT_NOUN = re.compile(r"(?:split|breakdown|distribution|spread|mix)$")


def _grouped_unit(parts: Parts, named: list[tuple[int, str]]) -> CountOf:
    """What a breakdown counts: the noun asked about (part 36, issue 17). A unit in brackets or
    asked after a break ("lr 4b ldcts, gender split (patients)") wins; otherwise the first noun
    of the question: a unit word, a kind of study (not one describing the people named next:
    "screening patients") or a word for people ("women per year" counts women; "cxr count by
    sex of patient" counts the radiographs: the noun after the grouping's "of" is whose field
    is grouped). With no noun at all, a split by sex is of people, since sex is the patient's
    ("DOB before 1945 - M/F/O split", "gender split of the whole cohort"); any other grouping
    counts studies. Before, only a unit word counted: the studies had been counted, silently."""
    spans = [(g.start, g.end) for g in history.find_groups(parts.text)]
    nouns = [
        (p, r)
        for p, r in named
        # "nodule findings by patient sex": the findings named are what each group counts
        # (session 28; the patients per sex had been counted, silently)
        if r in ("patient", "study", "finding")
        and not any(
            start <= p
            and _OF_GROUP.fullmatch(parts.text, end, p)
            and not _SPLIT_NOUN.search(parts.text, start, end)
            for start, end in spans
        )
        and not any(start <= p < end for start, end in spans)
    ]
    asked = [
        (p, r)
        for p, r in nouns
        if _ASKED_UNIT.search(parts.text, 0, p) or re.search(r"\(\s*$", parts.text[:p])
    ]
    if asked:
        return max(asked)[1]  # type: ignore[return-value]
    kinds = [
        (position(parts, g), "study")
        for g in parts.grounded
        if g.term.field in ("modality", "body_part", "description")
        and not _before_people(parts, g.last)
    ]
    among = [(p, r) for p, r in nouns + kinds if _AMONG.search(parts.text, 0, p)]
    if among:  # "women versus men among lr 4b ldcts": the ldcts are split, as when said first
        return min(among)[1]  # type: ignore[return-value]
    nouns += kinds + _people(parts)
    if nouns:
        return min(nouns)[1]  # type: ignore[return-value]
    return "patient" if parts.groups[0] == "sex" else "study"


def _unit(parts: Parts, clauses: list[Clause]) -> tuple[Unit, CountOf | None]:
    roles = sorted(parts.roles, key=lambda r: r[1])
    counting = [p for role, p, _ in roles if role == "count"]
    counted = [p for role, p, _ in roles if _counted_in_each(parts, p, role)]
    named = [
        (p, role)
        for role, p, _ in roles
        if role in ("patient", "study", "finding")
        and p not in counted
        and not (role == "study" and _ON_ANY.search(parts.text, 0, p))
        and not (role == "study" and _ON_IMAGING.match(parts.text, max(0, p - 3)))
    ]
    named = [(p, r) for p, r in named if not _a_finding_of_a_study(parts, p, r)]
    if _ASKS_FOR_PEOPLE.match(parts.text):  # "whose study is 1.2...", "who had study X"
        named.append((-1, "patient"))
    later = _ASKS_FOR_PEOPLE_LATER.search(parts.text)
    if later:  # "accession A1 - whose is it", "nodules > 10 mm, who had them"
        named.append((later.start(), "patient"))
    if parts.groups and parts.groups[0] in FINDING_GROUPS:
        # "nodules found in female patients count per margin": the people after "in / among"
        # are a condition on the findings, not a unit asked (part 52: cautioned)
        heads = [(p, r) for p, r in named if not _PEOPLE_AFTER.search(parts.text, 0, p)]
        if heads and min(heads)[1] != "finding":
            parts.cautions.append(
                f"counts per {parts.groups[0]} are counts of findings, not of "
                f"{min(heads)[1]} records"
            )
        return "count", "finding"
    if parts.groups:
        # "female vs male ldct count", "nodule count men vs women": a "<unit> count" names what
        # each group counts (the patients per sex had been counted, silently, part 41)
        compound = None
        if counting and not _AFTER_BREAK.search(parts.text, 0, counting[0]):
            compound = _unit_before_count(parts, counting[0])
        if counting and compound is None:
            compound = _unit_after_count(parts, counting[0])
        if compound == "finding" and parts.groups[0] not in FINDINGS_PER_STUDY_GROUP:
            compound = None  # "nodule count per lung-rads": the study's category, as before
        return "count", compound or _grouped_unit(parts, named)
    if parts.tops:
        # "the 3 women with the fewest ggns": people said before any unit word are the patients
        # ranked (session 28; the studies had been ranked, silently)
        heads = sorted(named + _people(parts))
        unit = parts.top_units[0] or ("patient" if heads and heads[0][1] == "patient" else "study")
        return unit, None  # type: ignore[return-value]
    sexes = [position(parts, g) for g in parts.grounded if g.term.field == "sex"]
    if counting:
        study_words = [
            (position(parts, g), "study")
            for g in parts.grounded
            if g.term.field in ("modality", "body_part", "description")
            and not _before_people(parts, g.last)
        ]  # "how many head CTs ...": the kind of study names the unit, unless it describes
        # the people named next ("what percentage of screening patients ...")
        people = _people(parts)  # "how many women ...": patients (not "how many female chest CTs")
        compound = _unit_before_count(parts, counting[0])
        if compound:  # "ldct count for men": the unit of "<unit> count" is counted
            return "count", compound
        after = sorted((p, r) for p, r in named + study_words + people if p > counting[0])
        population = _population_first(parts, clauses, counting[0], named + study_words + people)
        if population is not None and not after:
            return "count", population
        if _PEOPLE_BY_AGE.match(parts.text, _count_end(parts, counting[0])):
            after.insert(0, (counting[0] + 1, "patient"))  # "how many 70 yo or older had ..."
        end = _count_end(parts, counting[0])
        closing = not after and _ENDS_QUESTION.fullmatch(parts.text, end) is not None
        if closing or (not parts.aggregates and _refers_back(parts, end)):
            # "male pt count", "calcified nods - total how many": a count closing the question
            # counts the first thing named, the head of what comes before it (not a condition's
            # noun: "ldcts with fewer than 2 nodules - how many" counts studies); so does a
            # count followed only by words that point back to it ("count them", "how many of
            # them are calcified", "how many had nodules", "how many in 2024": it had counted
            # studies, or the findings of the condition after it, silently)
            before = [(p, r) for p, r in named + study_words + people if p < counting[0]] + [
                (min(c.positions), "finding")
                for c in clauses
                if min(c.positions) < counting[0] and (c.kinds or not counted)
            ]  # "chest cts w at least 4 findings, how many": the findings counted in each
            # study are no head (their clause had counted them, silently, part 25)
            asked = [  # "studies with a mass, who has them - how many": the people asked for
                (p, r) for p, r in named if p < counting[0] and _ASKED_UNIT.search(parts.text, 0, p)
            ]
            if later and later.start() < counting[0]:
                asked.append((later.start(), "patient"))
            if asked:  # the unit asked last before the count is what it counts (issue 17)
                return "count", max(asked)[1]  # type: ignore[return-value]
            if before:
                return "count", min(before)[1]  # type: ignore[return-value]
        kinds_after = [min(c.positions) for c in clauses if min(c.positions) > counting[0]]
        if kinds_after and (not after or min(kinds_after) < after[0][0]):
            return "count", "finding"
        return "count", after[0][1] if after else "study"  # type: ignore[return-value]
    every = _every_finding(parts)
    if every is not None and not any(p < every[0] for p, _ in named):
        if every[1] in parts.ignored:  # the quantifier is read
            parts.ignored.remove(every[1])
        return "finding", None  # "every nodule ever found in pt P1": the findings themselves
    if not named and findings_of_one_study(parts, clauses):
        return "finding", None  # "list the nodules on study uid X": that study's findings
    asked = [(p, r) for p, r in named if _ASKED_UNIT.search(parts.text, 0, p)]
    if later:
        asked.append((later.start(), "patient"))
    if not asked:  # "women, list the ldcts", "give me the nodules of women over 70"
        asked = _kinds_asked(parts, clauses, [p for p, _ in named])
    if asked:  # "accessions A1 and A2 - which patients", "study X belongs to which patient"
        return asked[0][1], None  # type: ignore[return-value]
    if named and _studies_of_people(parts, min(named)):
        return "study", None  # "head cts in pts 80+", "ldcts on 60 yo pts"
    if named and min(named)[1] == "study" and _people_with_study(parts, min(named)[0]):
        return "patient", None  # "women with a study in 2024": the women are asked for
    if named:
        return min(named)[1], None  # type: ignore[return-value]
    if any(_sex_of_study(parts, g) for g in parts.grounded):
        return "study", None  # "female chest CTs", "men's LDCTs": the studies are asked for
    if sexes and _studies_of_people(parts, (min(sexes), "patient")):
        return "study", None  # "chest cts of women over 70"
    if sexes or parts.ages or parts.study_counts or parts.birth or parts.overdue:
        listed = _kind_listed_apart(parts)
        said_after = _kind_after_people(parts, sexes)
        if said_after is not None:
            parts.cautions.append(
                f"'{said_after}' right after the people, with no unit word, was answered with the "
                "patients, as the Conventions' unit rule says, though it may ask for their "
                "studies; name 'studies' (or 'patients') to choose"
            )
        elif sexes and (head := _findings_before_people(parts, min(sexes))) is not None:
            parts.cautions.append(
                f"'{head}' heads the question and the people come after it with no unit word: "
                "the patients were answered, as the Conventions' unit rule says, though it may "
                "ask for the studies; name 'studies' (or 'patients') to choose"
            )
        elif sexes and listed is not None:
            parts.cautions.append(
                f"'{listed}' and the people are listed apart with no unit word: the patients "
                "were answered, as the Conventions' unit rule says; name 'studies' (or "
                "'patients') to choose"
            )
        return "patient", None
    if parts.followed_for and not clauses and not _study_kinds_named(parts):
        return "patient", None  # "at least 30 months of follow-up": only a patient has that
    return "study", None


_HEAD = r"(?:^\s*|\b(?:list|show|give|get|find|display|return)\s+(?:me\s+)?)"
_EVERY = re.compile(
    _HEAD + r"(?P<q>every|each)\s+(?:single\s+)?"
    r"(?:(?!(?:with|w|of|in|on|at|and|or|a|an|the|who|that)\s)[a-z-]+\s+){0,2}$"
)
_ALL = re.compile(_HEAD + r"(?P<q>all)\s+(?:the\s+)?$")
_EVER_FOUND = re.compile(
    r"\s+ever\s+(?:been\s+)?(?:found|seen|detected|recorded|reported|identified|noted|described)\b"
)


def _every_finding(parts: Parts) -> tuple[int, str] | None:
    """Where a kind of finding is quantified one by one, and the quantifier: "every nodule",
    "each spiculated mass", "all nodules ever found" (part 32: the studies had been listed,
    "every" left unread, warned). At the head of the question (or after "list / show me")
    those ask for the findings themselves, as "each nodule" does; elsewhere ("average every
    nodule size") the quantifier stays named."""
    for g in sorted(parts.grounded, key=lambda g: g.first):
        if g.term.field != "kind":
            continue
        at = position(parts, g)
        before = _EVERY.search(parts.text, 0, at) or (
            _ALL.search(parts.text, 0, at)
            if _EVER_FOUND.match(parts.text, parts.tokens[g.last].end)
            else None
        )
        if before is not None:
            return at, before.group("q")
    return None


def _study_kinds_named(parts: Parts) -> bool:
    """Is a kind of study named ("ldcts", "chest cts")? Then studies are what is listed when no
    unit word is; a condition only a patient has (the time from first to latest study) asks for
    the patients without one (the studies had been listed, silently, part 28)."""
    return any(g.term.field in _STUDY_KIND_FIELDS for g in parts.grounded)


_STUDY_KIND_FIELDS = ("modality", "body_part", "description")

# "a spiculated nodule finding", "any mass finding": one finding said in the singular after an
# article is a condition's noun, not the findings asked for
_ONE_FINDING = re.compile(r"\b(?:a|an|any|one)\s+(?:[a-z-]+\s+){0,3}$")


def _a_finding_of_a_study(parts: Parts, at: int, role: str) -> bool:
    """Is the "finding" word at ``at`` one finding a kind of study named before it has ("cts
    where the report says emphysema and there is a spiculated nodule finding", "ldcts with a
    mass finding")? Then the studies are asked for (part 59: the findings had been listed,
    silently)."""
    if role != "finding" or _ONE_FINDING.search(parts.text, 0, at) is None:
        return False
    kinds = [position(parts, g) for g in parts.grounded if g.term.field in _STUDY_KIND_FIELDS]
    return any(p < at for p in kinds)


def _kinds_asked(parts: Parts, clauses: list[Clause], units: list[int]) -> list[tuple[int, str]]:
    """A kind of study or of finding named right after "list / give me / show me the" or "- the"
    ("women, list the ldcts", "give me the nodules of women over 70") is what is asked: the
    studies (the unit of a kind of finding too, by the conventions), not the people named
    around it (the patients had been listed, silently; issue 17's known limits)."""
    at = [position(parts, g) for g in parts.grounded if g.term.field in _STUDY_KIND_FIELDS]
    at += [min(c.positions) for c in clauses if c.positions and not c.absent and not c.never]
    return sorted(
        (p, "study")
        for p in at
        if _ASKED_UNIT.search(parts.text, 0, p)
        # a unit word in the same noun phrase is what is asked ("list the nodule findings")
        and not any(_SAME_PHRASE.fullmatch(parts.text, p, u) for u in units if u > p)
    )


_SAME_PHRASE = re.compile(r"(?:(?!(?:of|in|for|from|with|w|on|at|and|or)\s)[a-z0-9/-]+\s+){1,3}")
# "who" / "whose" opening a question asks for a person: "whose study is 1.2.826...",
# "who had study X" (the patient, though a study is named)
# "never had a chest xray but had a pe ct": a history said with its subject left out is a
# person's, so it asks for patients (part 34: the studies of the second kind had been listed)
# "to whom belongs accession X", "for whom was study Y done": the person asked for (part 52:
# the study had been listed, silently)
_ASKS_FOR_PEOPLE = re.compile(
    r"\s*(?:who|whose|who's|(?:(?:to|for|of|with)\s+)?whom|"
    r"(?:has\s+|have\s+)?never\s+(?:had|been|got|underwent)|"
    r"(?:has|have)\s+had\b.*\bbut\s+never)\b"
)
# ... or asked after a break, with a verb that makes it a question, not a relative clause
# ("accession A1 - whose is it", "nodules > 10 mm, who had them"; "nodules, whose size ..."
# is a relative clause): the patient (the studies had been listed, silently)
_ASKS_FOR_PEOPLE_LATER = re.compile(
    r"[,;:(-]\s*(?:(?:who|who's)\s+(?:has|had|have|got|owns?)\b|"
    r"whose\s+(?:is|are|was|were)\s+(?:it|they|these|those|them)\b|to\s+whom\b|"
    # "study X, who is it / who is the patient / who does it belong to": a question about a
    # person after the break (the study had been listed, silently)
    r"(?:who|whom)\s+(?:is|was|are|were)\s+(?:it|this|that|they|these|those|the\s+"
    r"(?:patients?|pts?|persons?|people|subjects?|owners?))\b|"
    r"who\s+(?:does|did|do)\s+(?:it|this|that|they|these|those)\s+belong\b|"
    # "accession A1 - who was scanned": the person the study was done on
    r"who\s+(?:was|were|got|is|are)\s+(?:scanned|imaged|studied|examined)\b)"
    # "uid 1.2... whose study is this", "A0000123 - whose scan was it": the patient whose
    # study it is (the study had been listed, warned, part 25)
    r"|\bwhose\s+(?:study|scan|exam|ct|ldct|imaging|case)\s+(?:is|was)\s+(?:this|it|that)\b"
    # "lung-rads upgrade 2 -> 3: whose?", "nodules over 20 mm - who?": the one word closing the
    # question after a break asks for the people (part 38: the studies had been listed, warned)
    r"|[,;:(-]\s*(?:who|whose|whom)\s*[?!.)]*\s*$"
    # "1.2.826... belongs to whom?", "accession A1 belonged to whom": the owner asked with no
    # break (the study had been listed, silently; part 43, m1)
    r"|\b(?:belongs?|belonged|belonging)\s+to\s+whom\b"
)
# a kind of study, then the people it was done in: "head cts in pts 80+", "ldcts on 60 yo pts"
_DONE_IN = re.compile(
    r"\s*(?:(?:done|performed|acquired|obtained|taken)\s+)?(?:in|on|of|for|among|from)\b"
)


# an age right after "how many" counts people: "how many 70 yo or older had a head ct",
# "how many 80 year olds ..."
_PEOPLE_BY_AGE = re.compile(
    r"\s*(?:of\s+)?(?:the\s+)?\d+\s*(?:\+\s*)?"
    r"(?:yo\b|y/o|y\.o\.|-?\s*(?:yrs?|years?)(?:[-\s]+olds?|\s+of\s+age|\s+(?:or|and)\s+"
    r"(?:older|over|above))\b)",
    re.I,
)


_ENDS_QUESTION = re.compile(r"[\s?.!]*")
# Words after a count that point back to what was named before it, not to a noun of their own:
# "count them", "how many of them are calcified", "how many had nodules", "how many are there",
# "how many in 2024" (a period: see _refers_back)
_REFERS_BACK = re.compile(
    r"\s*(?:of\s+(?:them|those|these)\b|"  # "how many of them in women": whatever follows
    r"(?:(?:them|those|these|all|all\s+of\s+them)\b\s*)?"
    r"(?:(?:are|is|were|was|have|has|had|do|did|does|got|showed|show|shows|contain|contains|"
    r"contained|there|in\s+total|in\s+all|total|up|please|pls)\b|[?.!,;:]|\s*$))"
)
# "which / what <unit>" asked after the rest, past a break ("accessions A1 and A2 - which
# patients", "studies with a mass: what patients") or after "belongs to" ("study X belongs to
# which patient"): that unit is what is asked for, not the unit named first (the studies had
# been listed, silently). A relative "which" after a noun ("nodules which are calcified") is
# not followed by a unit word.
# "women versus men among lr 4b ldcts", "m vs f out of all patients with a mass": the noun said
# after "among / out of" is the population a breakdown splits, wherever the groups were named
# (found gating part 36's tune questions: said first, the sexes had made it count patients)
_AMONG = re.compile(
    r"\b(?:among(?:st)?|out\s+of)\s+(?:all\s+)?(?:the\s+|those\s+)?(?:[^\s,;:]+\s+){0,3}$"
)
_ASKED_UNIT = re.compile(
    r"(?:[,;:(-]|\b(?:belongs?|belonged|belonging|belong)\s+to)\s*(?:which|what)\s+$"
    # "accessions A1 + A2 - the patients", "for study X give me the patient": the unit named
    # last, after a break or asked for, is the unit asked (the studies had been listed, warned)
    r"|[,;:(-]\s*(?:the|their)\s+$|\b(?:give\s+me|show\s+me|list|get\s+me)\s+the\s+$"
    # "study X, list all findings": "all" after the verb asks for the unit as "the" does (after
    # a comma alone it need not: "P1 spiculated nodule findings, all scans")
    r"|\b(?:give\s+me|show\s+me|list|get\s+me)\s+all\s+(?:(?:of\s+)?the\s+)?$"
)


def _people_with_study(parts: Parts, noun: int) -> bool:
    """Does a word for people of one sex open the question and have the study noun at
    ``noun`` after "with / who had" ("women with a study in 2024", "men w a screening scan",
    "women with a lung-rads 3 and a lung-rads 4a study")? Then the people are asked for, as
    after "patients with a study" (the studies had been listed, found testing part 25)."""
    return _SEX_PEOPLE_WITH.match(parts.text, 0, noun) is not None


# a word for people of one sex heading the question, then "with / who had" before the study;
# "who (that) never had" too ("women that never had a lung-rads 4 exam": the women, as after
# "patients who never had"; part 49 had listed their studies, silently)
# "the list of women aged 55 to 60 who had a ct chest study" too (part 54: its studies had been
# listed, silently)
_SEX_PEOPLE_WITH = re.compile(
    r"\s*(?:(?:show|list|find|get|pull|give\s+me|all|the|which|what|list\s+of)\s+)*"
    r"(?:women|woman|men|man|"
    r"females|males|ladies|gentlemen)\b[^,;:]*?\b(?:with|w|w/|(?:who|that)\s+(?:never\s+)?"
    r"(?:had|have|has)|having)\b"
)


def _counted_in_each(parts: Parts, at: int, role: str) -> bool:
    """Is the unit word "findings" at ``at`` the noun of a count of findings in each study (or of
    a negation, :func:`_right_after_negation`, or said after "with": :data:`_WITH_BEFORE`)
    ("ldcts with under 2 findings", "scans w 3 or more findings"), after a kind of study or
    a word for people? Then it says what is counted in each study, not the unit asked (the
    findings had been listed, silently, part 25)."""
    if role != "finding":
        return False
    if (
        not any(noun == at for _, noun in parts.counts)
        and not _right_after_negation(parts, at)
        and not _WITH_BEFORE.search(parts.text, 0, at)
    ):
        return False
    heads = [
        position(parts, g) for g in parts.grounded if g.term.field in (*_STUDY_KIND_FIELDS, "sex")
    ] + [p for r, p, _ in parts.roles if r in ("patient", "study")]
    return any(p < at for p in heads)


# "studies with findings in q3 2025", "pe cts having findings at ct02": the unit word after
# "with" is a condition on the head named before it (part 52: the findings had been listed and
# counted, silently)
_WITH_BEFORE = re.compile(
    r"\b(?:with|w/?|having|that\s+(?:have|had|has)|which\s+(?:have|had|has)|showing|containing)"
    r"\s+(?:any\s+|some\s+|an?\s+)?$"
)
_NEGATED_NOUN = re.compile(r"\s+(?:any\s+|a\s+single\s+|single\s+|an?\s+)?")


def _right_after_negation(parts: Parts, at: int) -> bool:
    """Is the unit word at ``at`` right after a negation ("chest cts with no findings at all",
    "head cts without any findings")? After a kind of study it is then a condition on each
    study, none of that unit, never the unit asked (the findings had been listed, part 33)."""
    return any(
        role == "neg" and _NEGATED_NOUN.fullmatch(parts.text, p + len(words), at) is not None
        for role, p, words in parts.roles
    )


def _refers_back(parts: Parts, end: int) -> bool:
    """Do the words after the count words ending at ``end`` point back to what was named
    before them (:data:`_REFERS_BACK`, or a period right after: "how many in 2024")?"""
    if _REFERS_BACK.match(parts.text, end):
        return True
    following = end + len(parts.text[end:]) - len(parts.text[end:].lstrip())
    return any(d.start == following for d in parts.dates)


def _count_end(parts: Parts, at: int) -> int:
    """Where the counting words that start at ``at`` ("how many", "number of") end."""
    for role, p, words in parts.roles:
        if role == "count" and p == at:
            return at + len(words)
    return at


def _studies_of_people(parts: Parts, first: tuple[int, str]) -> bool:
    """Is the first word for people ``first`` preceded by a kind of study it is the object of
    ("head cts in pts 80+", "chest cts of women over 70")? Then the studies are asked for, as
    "studies in patients 80+" asks for them; "screening patients" (an adjective) does not."""
    at, role = first
    if role != "patient" or at < 0:
        return False
    kinds = [g for g in parts.grounded if g.term.field in _STUDY_KIND_FIELDS]
    if any(
        position(parts, g) < at
        and not _before_people(parts, g.last)
        and _DONE_IN.match(parts.text, parts.tokens[g.last].end) is not None
        for g in kinds
    ):
        return True
    # "cts w more than 3 nods on a single scan in men", "ldcts with a mass among women": a
    # kind of study heading the question, the people after "in / among" at the end of the
    # conditions (the patients had been listed, silently, part 25)
    head = min((position(parts, g) for g in kinds), default=at)
    return (
        head < at
        and _HEAD_ONLY.fullmatch(parts.text, 0, head) is not None
        and _PEOPLE_AFTER.search(parts.text, 0, at) is not None
    )


# what may come before a kind of study that heads the question
_HEAD_ONLY = re.compile(r"(?:(?:show|list|find|get|give\s+me|all|the|any|which|what)\s+)*")
# "... in men", "... among women", "... in female pts": the people the studies were done in
_PEOPLE_AFTER = re.compile(r"\b(?:in|among|amongst)\s+(?:the\s+)?(?:(?:female|male)\s+)?$")


# a comma (or the question's start) right before the kind of study: a noun phrase of its own
_OPENS_SEGMENT = re.compile(r"(?:^|[,;])\s*(?:the\s+|their\s+|only\s+)?$")


# "among nodules in the rml, what percentage are solid": the population said first, then the
# share with no noun of its own
_AMONG_FIRST = re.compile(r"\s*(?:among|amongst|out\s+of|within)\s+(?:the\s+|all\s+|our\s+)?$")
_SHARE_WORDS = re.compile(r"percent|proportion|fraction|share|pct|%")


def _population_first(
    parts: Parts, clauses: list[Clause], count: int, nouns: list[tuple[int, str]]
) -> CountOf | None:
    """The unit of a share whose population opens the question after "among / out of" ("among
    nodules in the rml, what percentage are solid": the nodules; part 55 had shared the studies,
    silently): the first noun said, a kind of finding naming findings. None where the count is
    no share or the question does not open so."""
    words = next((w for role, p, w in parts.roles if role == "count" and p == count), "")
    if not _SHARE_WORDS.search(words):
        return None
    heads = [(p, r) for p, r in nouns if p < count] + [
        (min(c.positions), "finding") for c in clauses if c.kinds and min(c.positions) < count
    ]
    if not heads:
        return None
    at, unit = min(heads)
    if _AMONG_FIRST.fullmatch(parts.text, 0, at) is None:
        return None
    return unit  # type: ignore[return-value]


def _kind_listed_apart(parts: Parts) -> str | None:
    """The kind of study said as an item of its own in a list beside the people ("granuloma
    mentioned, men, ldcts in 2023"), if any: the Conventions answer patients there (no unit
    word, a sex named), but the list may as well ask for the studies (part 54 expects them), so
    the reading is cautioned, never silently taken."""
    for g in parts.grounded:
        if g.term.field in _STUDY_KIND_FIELDS and _OPENS_SEGMENT.search(
            parts.text, 0, position(parts, g)
        ):
            if position(parts, g) == 0 and "," not in parts.text:
                continue  # "ldct women": one noun phrase
            return g.words
    return None


# between a word for people and a kind of study: nothing, or an age ("women 55 to 60 ldcts",
# "men over 70 chest cts", "women aged 50-60 ct angios")
_AGE_BETWEEN = re.compile(
    r"\s+(?:(?:aged?|ages)\s+)?(?:(?:over|under|above|below|>=?|<=?)\s*)?"
    r"(?:\d+(?:\s*(?:to|-|\u2013|and)\s*\d+|\+)?\s*(?:years?(?:\s+old)?|yrs?|yo|y/o)?\s+)?"
)


def _kind_after_people(parts: Parts, sexes: list[int]) -> str | None:
    """The kind of study said right after a word for people, an age between them or not
    ("women 55 to 60 ldcts in 2026", "men over 70 chest cts"): the Conventions answer the
    patients (no unit word, a sex named; "female ldcts" alone names the studies), but the
    noun read as the head asks for the studies, so the reading is cautioned (part 56: the
    patients had been listed, silently)."""
    for g in parts.grounded:
        if (
            g.term.field != "sex"
            or g.words in ("male", "female")
            or position(parts, g) not in sexes
        ):
            continue
        end = parts.tokens[g.last].end
        for other in parts.grounded:
            if other.term.field in _STUDY_KIND_FIELDS and other.first > g.last:
                said = _AGE_BETWEEN.fullmatch(parts.text, end, position(parts, other))
                if said is not None:
                    return other.words
    return None


# Session 28 (D): "coronary calcification in reports of men over 75", "nodules in the imaging of
# women": findings (or a report's words) heading the question, then the people's reports or
# imaging with no unit word. The unit rule answers the patients; "reports / imaging of" may ask
# for the studies (part 62 expects them), so the reading is cautioned (it had been silent).
# "calcified nodules in men" alone stays the patients with no caution (the dev set's answer)
_FINDINGS_HEAD = re.compile(
    r"^\s*(?:(?:show|list|find|get|give\s+me|all|the|any|which|what)\s+)*"
    r"(?P<head>(?:(?!(?:with|w|who|whose|that|which|having|and|or|for|patients?|pts?|people)\b)"
    r"[a-z0-9-]+\s+){0,6}?(?:nodules?|nods?|masses|mass|findings?|lesions?|ggns?|ggos?|"
    r"calcifications?|emphysema|granulomas?|lymphadenopathy|effusions?|consolidations?))\s+"
    r"(?:(?:seen|found|reported|noted)\s+)?(?:in|among|amongst|of)\s+"
    r"(?:(?:the|their)\s+)?(?:reports?|imaging|images)\s+of\s+(?:the\s+)?(?:(?:female|male)\s+)?$"
)


def _findings_before_people(parts: Parts, at: int) -> str | None:
    """The findings said before the first word for people at ``at`` when they head the question
    and the people's reports or imaging come between ("emphysema in reports of women")."""
    m = _FINDINGS_HEAD.match(parts.text, 0, at)
    return m.group("head") if m is not None else None


def _people(parts: Parts) -> list[tuple[int, str]]:
    """Each word for people ("women", "male patients"; not "female chest CTs", a kind of study)
    with its position, as a patient unit named there."""
    return [
        (position(parts, g), "patient")
        for g in parts.grounded
        if g.term.field == "sex" and not _sex_of_study(parts, g)
    ]


def _sex_of_study(parts: Parts, g: Grounded) -> bool:
    """Is ``g`` the adjective "male" / "female" (or a possessive, "men's", made one by
    :func:`query.rewrites.clean`) right before a kind of study ("female chest CTs")?"""
    if g.term.field != "sex" or g.words not in ("male", "female"):
        return False
    return any(
        other.first == g.last + 1 and other.term.field in _STUDY_KIND_FIELDS
        for other in parts.grounded
    )


def _before_people(parts: Parts, last: int) -> bool:
    """Is the token after ``last`` a word for patients ("screening patients")? The rest of a
    kind of study said in several words comes first ("chest ct patients": "chest" describes
    the patients too; part 36, it had been counted as the studies, silently)."""
    following = last + 1
    kinds = {g.first: g.last for g in parts.grounded if g.term.field in _STUDY_KIND_FIELDS}
    while following in kinds:
        following = kinds[following] + 1
    if following >= len(parts.tokens):
        return False
    start = parts.tokens[following].start
    return any(role == "patient" and p == start for role, p, _ in parts.roles)


def _aggregate(parts: Parts) -> Aggregate | None:
    """The average, median, rate, percentage or interval asked for; a second one is named,
    never dropped."""
    found = [
        Aggregate(
            p.kind,
            p.field,
            p.per,
            "median" if p.statistic == "median" else "mean",
            measure_unit=p.measure_unit,
        )
        for p in parts.aggregates
    ] + [Aggregate(_span_statistic(p.statistic), p.field, time_unit=p.unit) for p in parts.spans]
    if not found:
        return None
    first = found[0]
    if len(found) > 1 or parts.groups or parts.tops:
        parts.cautions.append(
            f"only one number can be asked at a time: the {_AGGREGATE_WORDS[first.kind]} is "
            "answered, without rankings or counts per group"
        )
    if first.kind in ("mean", "median") and any(role == "per_study" for role, _, _ in parts.roles):
        parts.cautions.append(
            "the average is over all the findings asked for, not an average per study"
        )
    return first


def _span_statistic(statistic: str) -> AggregateKind:
    """The statistic of an interval phrase: mean, median, or the longest (max) or shortest
    (min) interval between consecutive studies."""
    return cast("AggregateKind", statistic if statistic in ("median", "max", "min") else "mean")


_AGGREGATE_WORDS = {
    "mean": "average",
    "median": "median",
    "max": "longest interval",
    "min": "shortest interval",
    "percent": "percentage",
    "per": "average number",
}


def _aggregate_unit(
    aggregate: Aggregate, unit: Unit, count_of: CountOf | None, parts: Parts
) -> tuple[Unit, CountOf | None]:
    """A mean or median of a measurement is over findings; of ages or intervals, over
    patients; a rate counts findings or studies (patients per patient is no rate)."""
    if aggregate.kind in ("mean", "median", "max", "min"):
        over: CountOf = (
            "patient"
            if aggregate.field in ("age", "span_days", "gap_days")
            else "study"
            if aggregate.field == "study_age"
            else "finding"
        )
        return "count", over
    if aggregate.kind == "per":
        if count_of not in ("finding", "study"):
            parts.cautions.append(
                "an average number per patient or per study counts findings or studies: "
                "studies were counted"
            )
            return "count", "study"
        return "count", count_of
    return unit, count_of


def _intersect(ranges: list[NumberRange]) -> NumberRange | None:
    if not ranges:
        return None
    result = ranges[0]
    for r in ranges[1:]:
        low, low_inc = result.low, result.low_inclusive
        if r.low is not None and (
            low is None or r.low > low or (r.low == low and not r.low_inclusive)
        ):
            low, low_inc = r.low, r.low_inclusive
        high, high_inc = result.high, result.high_inclusive
        if r.high is not None and (
            high is None or r.high < high or (r.high == high and not r.high_inclusive)
        ):
            high, high_inc = r.high, r.high_inclusive
        result = NumberRange(low, high, low_inc, high_inc)
    return result


def _terms(
    parts: Parts, field: str, clauses: list[Clause] | None = None, *, negated: bool = False
) -> tuple[str, ...]:
    """The values of one study-level field; with ``clauses``, only those (not) directly negated."""
    return tuple(
        dict.fromkeys(
            g.term.value
            for g in parts.grounded
            if g.term.field == field
            and position(parts, g) not in parts.held
            and (clauses is None or directly_negated(parts, clauses, position(parts, g)) == negated)
        )
    )


_STUDY_FIELDS = ("modality", "body_part", "description", "sex")


def _never_diagnostic(parts: Parts, at: int) -> bool:
    """ "screening cts but never a diagnostic chest ct": the word is the kind of study the
    patient never had (it had been put on the question's own studies, with the screening ones:
    none, silently)."""
    return negation_of(parts, at) == "never" and cue_of(parts, at) is not None


def _excluded(parts: Parts, clauses: list[Clause]) -> tuple[StudyFilter, ...]:
    """ "excluding head CTs": the study-level words a negation governs directly, together."""
    values = {f: _terms(parts, f, clauses, negated=True) for f in _STUDY_FIELDS}
    categories = tuple(_negated_lung_rads(parts, "neg"))
    if any(
        role == "diagnostic" and not _never_diagnostic(parts, at) for role, at, _ in parts.roles
    ):
        # "diagnostic / non-screening chest CTs": every study but the low-dose screening ones
        categories = (StudyFilter(descriptions=("SCREENING",)), *categories)
    if not any(values.values()):
        return categories
    return (
        StudyFilter(
            modalities=values["modality"],
            body_parts=values["body_part"],
            descriptions=values["description"],
            sexes=values["sex"],
        ),
        *categories,
    )


def _lung_rads(parts: Parts, negation: str | None = None) -> list[tuple[str, ...]]:
    """The Lung-RADS phrases governed by this negation ("never", "neg"; None: by none)."""
    return [
        categories
        for categories, at in zip(parts.lung_rads, parts.lung_rads_at, strict=True)
        if negation_of(parts, at) == negation
    ]


def _negated_lung_rads(parts: Parts, negation: str) -> list[StudyFilter]:
    """ "never had lung-rads 4" (``never``: no study of the patient is 4A, 4B or 4X) or
    "not lung-rads 4" (``neg``: a study of another category): one filter each, to leave out."""
    return [StudyFilter(lung_rads=c) for c in _lung_rads(parts, negation)]


def _grounding_notes(parts: Parts) -> list[str]:
    return [
        f"'{g.words}' read as {g.term.label} "
        f"({'spelling' if g.how == 'spelling' else 'similar meaning'})"
        for g in parts.grounded
        if g.how != "exact"
    ]


def _identifiers(parts: Parts, kind: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i.value for i in parts.identifiers if i.kind == kind))


def _history_filter(
    parts: Parts,
    unit: Unit,
    count_of: CountOf | None,
    clauses: list[Clause],
    concepts: list[Concept],
) -> tuple[PatientFilter | None, list[Clause], list[ConceptFilter]]:
    """Split off the conditions on a patient's whole history ("never", "both ... and ...").

    Returns the patient filter and the clauses and concepts left for the study itself.
    """
    about_patients = unit == "patient" or count_of == "patient"
    whole = _any_study_cues(parts) if about_patients else set()
    concepts = _whole_history(parts, whole, clauses, concepts)
    present = [c for c in clauses if not c.never and not c.absent]
    affirmed = [c for c, never, _ in concepts if not never and c.present]
    split = (
        about_patients
        and any(role == "both" for role, _, _ in parts.roles)
        and len(present) + len(affirmed) > 1
        and not _same_study(parts)  # "both ... on the same scan": one study has them all
    )
    never = _never_filters(parts, clauses, concepts, whole)
    has: list[StudyFilter] = []
    if split:
        # one "both" joins the conditions; a second one joins nothing more and is named
        # ("patients with both spiculated nodules both and a mass" had dropped it silently)
        parts.ignored.extend([w for r, _, w in parts.roles if r == "both" and w == "both"][1:])
        has = [StudyFilter(findings=(finding_clause(c),)) for c in present]
        has += [StudyFilter(concepts=(c,)) for c in affirmed]
    every, every_scope, in_every, concepts_in_every = _every(
        parts, about_patients, present, concepts
    )
    if every is not None:  # the conditions each study must have are asked there, not here
        split, has = False, []
        present, affirmed = in_every, concepts_in_every
    kept_clauses = [c for c in clauses if not c.never and not (split and c in present)]
    kept_concepts = [c for c, n, _ in concepts if not n and not (split and c in affirmed)]
    if every is not None:
        kept_clauses = [c for c in kept_clauses if c not in in_every]
        kept_concepts = [c for c in kept_concepts if c not in concepts_in_every]
    per_study = any(c.absent and not c.never for c in kept_clauses)
    if about_patients and (per_study or any(not c.present for c in kept_concepts)):
        parts.cautions.append(
            "'without'/'no' was read per study (patients with at least one study without it); "
            "ask for patients who 'never had' it for none on any study"
        )
        if not parts.picks and not parts.dates:
            for role, cue, words in parts.roles:
                if role == "neg":  # "patients without nodules" -> "... who never had nodules"
                    joined = WITH_BEFORE.search(parts.text[:cue])
                    start = joined.start() if joined else cue
                    parts.rephrase(start, cue + len(words), r".+", "who never had")
    counts = _intersect(parts.study_counts)
    highest = _lung_rads_of(parts.highest_lung_rads)
    kinds = [g.words for g in parts.grounded if g.term.field in _STUDY_KIND_FIELDS]
    if highest and kinds:  # "screening pts whose highest lr was 3": over which studies?
        parts.cautions.append(
            f"the highest category is taken over all the patient's studies; '{kinds[0]}' asks "
            "only that the patient had such a study (not the highest among those studies, nor "
            "every patient)"
        )
    people_kinds = [  # "screening patients who were lr 3 but never 4" (part 42, B)
        g.words
        for g in parts.grounded
        if g.term.field in _STUDY_KIND_FIELDS and _before_people(parts, g.last)
    ]
    if never and people_kinds and not highest and (kept_clauses or len(parts.lung_rads) > 1):
        parts.cautions.append(
            f"'{people_kinds[0]}' describes the patients (a study they had), but it was read "
            "on the same study as the other conditions; ask 'patients with a "
            f"{people_kinds[0]} study who ...' or say the study it is on"
        )
    if not (never or has or counts or highest or every):
        return None, kept_clauses, kept_concepts
    counted = _counted_kind(parts) if counts is not None else None
    if counts is not None:
        counted = _counted_findings(parts, counted, clauses, concepts)
    return (
        PatientFilter(tuple(has), tuple(never), counts, highest, every, every_scope, counted),
        kept_clauses,
        kept_concepts,
    )


_STUDY_KIND_FIELDS = ("modality", "body_part", "description")


def _counted_kind(parts: Parts) -> StudyFilter | None:
    """The kind of study the studies per patient count: the one the counted nouns name
    (several kinds together: any of them), and the period of a date phrase right after the
    count ("3 or more scans in 2024": scans in 2024)."""
    kinds = parts.study_kinds
    periods = [
        p.range
        for p in parts.dates
        if any(0 <= p.start - end <= 1 for end in parts.study_count_ends)
    ]
    # "4 or more scans at ct02", "3 studies on the ct01 scanner": the station of the studies
    # counted (part 42, A: it had been asked of some study, and all the studies counted)
    stations = tuple(
        name
        for name, at in zip(parts.stations, parts.station_at, strict=False)
        if any(_STATION_AFTER_COUNT.fullmatch(parts.text[end:at]) for end in parts.study_count_ends)
    )
    if not kinds and not periods and not stations:
        return None
    return StudyFilter(
        modalities=tuple(dict.fromkeys(v for k in kinds for v in k.modalities)),
        body_parts=tuple(dict.fromkeys(v for k in kinds for v in k.body_parts)),
        descriptions=tuple(dict.fromkeys(v for k in kinds for v in k.descriptions)),
        # "2 or more lung-rads 4a studies": the category of the studies counted (part 38)
        lung_rads=tuple(dict.fromkeys(v for k in kinds for v in k.lung_rads)),
        dates=periods[0] if periods else None,
        excluded=tuple(dict.fromkeys(e for k in kinds for e in k.excluded)),
        stations=stations,
    )


def _counted_findings(
    parts: Parts,
    counted: StudyFilter | None,
    clauses: list[Clause],
    concepts: list[Concept],
) -> StudyFilter | None:
    """The counted studies' kind with what each of them shows ("2 or more studies with a
    growing nodule": studies with a growing nodule, not every study; see
    :mod:`query.counted_studies`)."""
    shown = [c for c in clauses if not c.never and not c.absent]
    affirmed = [(c, at) for c, never, at in concepts if not never and c.present]
    at, said = counted_with(
        parts.text, parts.study_count_ends, shown, [position for _, position in affirmed]
    )
    if not at and not said:
        return counted
    kind = counted or StudyFilter()
    return dataclasses.replace(
        kind,
        findings=kind.findings + tuple(finding_clause(shown[i]) for i in at),
        concepts=kind.concepts + tuple(affirmed[i][0] for i in said),
    )


_STATION_AFTER_COUNT = re.compile(r"\s*(?:at|on|in|from|through|via)\s+(?:the\s+)?(?:station\s+)?")


_ANY_FILLERS = frozenset({"of", "their", "his", "her", "the", "its", "single", "one", "a"})


def _any_study_cues(parts: Parts) -> set[int]:
    """The negations whose scope says "on any <kind of study>" ("no mass on any scan",
    "without emphysema on any of their CTs", "without any chest CT"): a condition none of the
    patient's studies (of that kind) meets."""
    studies = {position(parts, g) for g in parts.grounded if g.term.field in _SIDE_STUDY}
    studies |= {p for role, p, _ in parts.roles if role == "study"}
    at = {t.start: i for i, t in enumerate(parts.tokens)}
    cues = set()
    for _, pos, words in parts.roles:
        if words != "any" or pos not in at:
            continue
        following = at[pos] + 1
        while following < len(parts.tokens) and parts.tokens[following].text in _ANY_FILLERS:
            following += 1
        cue = cue_of(parts, pos)
        named = following < len(parts.tokens) and parts.tokens[following].start in studies
        if named and cue is not None and negation_of(parts, pos) == "neg":
            cues.add(cue)
    return cues


def _whole_history(
    parts: Parts, cues: set[int], clauses: list[Clause], concepts: list[Concept]
) -> list[Concept]:
    """In a question about patients, a condition negated "on any scan" (by one of ``cues``) is
    on the patient's whole history, as after "never": the clauses are marked so, the concepts
    returned so."""
    if not cues:
        return concepts
    for clause in clauses:
        if clause.absent and cue_of(parts, min(clause.positions)) in cues:
            clause.never = True
    return [
        (c, never or (not c.present and cue_of(parts, pos) in cues), pos)
        for c, never, pos in concepts
    ]


def _never_filters(
    parts: Parts, clauses: list[Clause], concepts: list[Concept], whole: set[int]
) -> list[StudyFilter]:
    """One filter per condition no study of the patient may meet. The kind of study named in
    the same negated phrase belongs to it ("never had emphysema on any CT": no CT with
    emphysema; "never had a screening CT showing a nodule"), and so do its dates ("never had a
    mass in 2025"); a kind of study negated alone ("never had a head CT") is itself the
    condition."""
    items: list[tuple[int | None, StudyFilter]] = [
        (
            cue_of(parts, min(c.positions)),
            StudyFilter(findings=(dataclasses.replace(finding_clause(c), absent=False),)),
        )
        for c in clauses
        if c.never
    ]
    items += [
        (
            cue_of(parts, pos),
            StudyFilter(concepts=(dataclasses.replace(c, present=True, denied=False),)),
        )
        for c, never, pos in concepts
        if never
    ]
    items += [
        (cue_of(parts, at), StudyFilter(lung_rads=categories))
        for categories, at in zip(parts.lung_rads, parts.lung_rads_at, strict=True)
        if negation_of(parts, at) == "never"
    ]
    cues = {cue for cue, _ in items if cue is not None} | whole
    cues |= {p for role, p, _ in parts.roles if role == "never"}
    words: dict[int, dict[str, list[str]]] = {}
    for g in parts.grounded:
        at = position(parts, g)
        cue = cue_of(parts, at)
        if g.term.field in _SIDE_STUDY and cue in cues:
            assert cue is not None
            words.setdefault(cue, {f: [] for f in _SIDE_STUDY})[g.term.field].append(g.term.value)
            parts.held.add(at)
    # "patients never scanned at ct02": a station in the negated phrase belongs to it, as a
    # kind of study does (part 29; "never" had been left unread, the station kept, warned)
    at_station: dict[int, list[str]] = {}
    for name, at in list(zip(parts.stations, parts.station_at, strict=False)):
        cue = cue_of(parts, at)
        if cue is not None and cue in cues and negation_of(parts, at) == "never":
            at_station.setdefault(cue, []).append(name)
            index = parts.station_at.index(at)
            del parts.stations[index], parts.station_at[index]
    held = set(words) | set(at_station)
    # "patients with a 2023 scan who were never scanned from 2024 on", "... and no scan in
    # 2025": a period alone in a phrase under "never" is itself the condition, no study of the
    # patient in it (part 30: the negation had been left unread and the periods joined, warned)
    held |= {
        cue for phrase in parts.dates if (cue := negated_period(parts, phrase.start)) is not None
    }
    # "but never a diagnostic chest ct": every study but the screening ones, in that phrase
    diagnostic = {
        cue
        for role, at, _ in parts.roles
        if role == "diagnostic" and _never_diagnostic(parts, at) and (cue := cue_of(parts, at))
    }
    screening = (StudyFilter(descriptions=("SCREENING",)),)
    held |= diagnostic
    items += [(cue, StudyFilter()) for cue in held if not any(c == cue for c, _ in items)]
    # "never had a mass in 2025": the dates of the negated phrase say when it was never seen
    periods: dict[int, list[dates.DatePhrase]] = {}
    for phrase in list(parts.dates):
        cue = cue_of(parts, phrase.start)
        if cue is not None and any(c == cue for c, _ in items):
            periods.setdefault(cue, []).append(phrase)
            parts.dates.remove(phrase)

    def kinds(cue: int | None, field: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(words[cue][field])) if cue in words else ()

    return [
        dataclasses.replace(
            flt,
            modalities=kinds(cue, "modality"),
            body_parts=kinds(cue, "body_part"),
            descriptions=kinds(cue, "description"),
            stations=tuple(dict.fromkeys(at_station.get(cue, []))) if cue is not None else (),
            dates=dates.combine(periods[cue]) if cue in periods else None,
            excluded=flt.excluded + (screening if cue in diagnostic else ()),
        )
        for cue, flt in items
    ]


def _every(
    parts: Parts, about_patients: bool, present: list[Clause], affirmed: list[Concept]
) -> tuple[StudyFilter | None, StudyFilter | None, list[Clause], list[ConceptFilter]]:
    """ "patients with nodules on every scan", "whose ldcts were all lung-rads 2", "every one of
    their chest cts showed a nodule", "only ever lung-rads 1": what each study of the scope
    the noun names (:func:`history.study_kind`: any kind of study, "ldcts", "chest cts") must
    have, and the clauses and concepts moved there. A quantifier before its condition
    ("whose ...", "all of their ...", "only ever") takes the conditions after it; one after its
    condition ("... on every scan") takes them all. A Lung-RADS category on every study of no
    named kind is asked of the studies that have one (the chest CTs). Outside a question about
    patients, or with nothing to have, the words are named, never dropped."""
    if not parts.every:
        return None, None, [], []
    if len(parts.every) > 1:
        parts.cautions.append("'every' was asked more than once: only the first scope is used")
    start = _every_start(parts)
    noun = parts.every[0][2]
    clauses = [c for c in present if min(c.positions) > start]
    concepts = [c for c, never, pos in affirmed if not never and c.present and pos > start]
    categories = _lung_rads_of(
        [
            c
            for c, pos in zip(parts.lung_rads, parts.lung_rads_at, strict=True)
            if pos > start and negation_of(parts, pos) is None
        ]
    )
    # "whose scans were all done on CT02" (part 38, F): one station after the quantifier is
    # where each study was done (it had been any study there, "all" named); more than one, or
    # one before it, is left on the study as before
    stations = _every_station(parts, start) if about_patients else ()
    # "only ever had nodules under 6 mm" is of every nodule (not expressible), not every study
    findings_only = parts.every[0][1] == "only ever" and clauses
    if not about_patients or not (clauses or concepts or categories or stations) or findings_only:
        # "list all of his studies, P00003": "all" with nothing to have, outside a question
        # about patients, only says "his studies" (it was a stop word before)
        parts.ignored.extend(
            words
            for _, words, _, _ in parts.every
            if about_patients or words != "all" or clauses or concepts or categories
        )
        return None, None, [], []
    scope = history.study_kind(noun) or StudyFilter()
    if categories and scope == StudyFilter():  # only chest CTs have a category
        scope = StudyFilter(modalities=("CT",), body_parts=("CHEST",))
    every = StudyFilter(
        stations=stations,
        findings=tuple(finding_clause(c) for c in clauses),
        concepts=tuple(concepts),
        lung_rads=categories,
    )
    for name in stations:  # asked of each study there, not of one study here
        index = parts.stations.index(name)
        del parts.stations[index], parts.station_at[index]
    return every, scope, clauses, concepts


def _every_station(parts: Parts, start: int) -> tuple[str, ...]:
    """The one station named after a quantifier whose conditions follow it ("whose scans were
    all done on CT02"); none when the quantifier follows its conditions, or two are named."""
    if start < 0 or len(parts.stations) != 1 or len(parts.station_at) != 1:
        return ()
    return tuple(parts.stations) if parts.station_at[0] > start else ()


# "per study / per scan" after a count with no number of findings per study to go with it
# ("nodule count per study", "how many nodules per scan"): a number for each study
_PLURAL = {"finding": "findings", "study": "studies", "patient": "patients"}
_FOR_EACH = re.compile(r"per\s+(?:study|scan|exam|ct|ldct)")


def _count_for_each(
    parts: Parts,
    unit: Unit,
    count_of: CountOf | None,
    aggregate: Aggregate | None,
    clauses: list[Clause],
) -> None:
    """ "nodule count per study", "how many nodules per scan" ask for a number for each study,
    which no answer holds (a count is one number); they had been answered with the studies
    with a nodule, or all the nodules, counted, silently (issue 17's known limits). The count
    is kept and said so, with the average per study as the other reading. "2 nodules per
    scan" (a number of findings on one study) is not this."""
    if unit != "count" or aggregate is not None or parts.groups:
        return
    if any(finding_clause(c).min_count > 1 or finding_clause(c).max_count for c in clauses):
        return
    for role, _, words in parts.roles:
        if role == "per_study" and _FOR_EACH.fullmatch(words):
            parts.cautions.append(
                f"'{words}' asks for a number for each study, which is not answered: this is "
                f"the number of {_PLURAL[count_of or 'study']} in all; ask for the average "
                "number per study for that"
            )
            if not parts.text.startswith(("how many", "average", "avg", "mean")):
                parts.alternatives.append("average " + parts.text)
            return


def _every_start(parts: Parts) -> int:
    """Where the conditions of the first quantifier over a patient's studies begin: after it
    when they follow it ("whose ldcts were all ..."), anywhere (-1) when they precede it."""
    at, _, _, after = parts.every[0]
    return at if after else -1


def _outside_every(parts: Parts, patient: PatientFilter | None) -> tuple[str, ...]:
    """The Lung-RADS categories left on the study once those each study must have are moved
    to :attr:`PatientFilter.every` ("pts whose ldcts were all lung-rads 2")."""
    if patient is None or patient.every is None or not patient.every.lung_rads:
        return _lung_rads_of(_lung_rads(parts))
    start = _every_start(parts)
    return _lung_rads_of(
        [
            c
            for c, at in zip(parts.lung_rads, parts.lung_rads_at, strict=True)
            if at <= start and negation_of(parts, at) is None
        ]
    )


def _compared_periods(
    parts: Parts, unit: Unit, count_of: CountOf | None, patient: PatientFilter | None
) -> list[DateRange]:
    """ "patients scanned in 2024 and again in 2025", "... both in 2023 and in 2025": periods
    each of which must hold on some study of the patient. Takes the date phrases off
    ``parts``; returns none (and names "again") when the question is not of that form."""
    again = [w for role, _, w in parts.roles if role == "again"]
    both = [w for role, _, w in parts.roles if role == "both" and w == "both"]
    ranges = [phrase.range for phrase in parts.dates]
    about_patients = unit == "patient" or count_of == "patient"
    if not (again or both) or len(ranges) < 2 or not about_patients or patient is not None:
        parts.ignored.extend(again)
        return []
    if not again and _overlap(ranges):
        return []  # "both" with periods that overlap is not a comparison of periods
    if not again and "both" in parts.ignored:  # "both in 2024 and in 2025" asked for this
        parts.ignored.remove("both")  # (one "both": a second one is still named)
    parts.dates = []
    return ranges


_SIDE_STUDY = ("modality", "body_part", "description")
_SIDE_FINDING = ("attenuation", "margin", "lobe", "side", "calcified")


def _both_sides(parts: Parts, study: StudyFilter, implied_only: bool = False) -> StudyFilter:
    """ "patients with both a CT angio and a non-contrast chest CT", "... both GGN and
    part-solid nodules": the words between "both" and "and" are one condition, those after
    "and" (to the next joining word) the other; the patient has each on some study. "A and B
    both" ("pts w ggo and spiculated nodules both") is read the same way: A runs from the
    joining word before "and", B up to "both". "A and B on the same scan" without "both"
    is read as "both A and B on the same scan" (one study has each). Only when
    "both" joined nothing else (it is still unplaced) and each side names a kind of study or
    a value of a finding's attribute; otherwise "both" stays named."""
    cue = next((p for r, p, w in parts.roles if r == "both" and w == "both"), None)
    implied = cue is None and _same_study(parts)
    if implied_only and not implied:
        return study
    if implied:  # "ggns and part-solid nodules on the same scan": "both" is implied
        cue = min(p for r, p, _ in parts.roles if r == "per_study")
    apart = cue is None and not implied_only and _categories_apart(parts)
    if apart:  # "pts w an lr 2 and an lr 4x scan": one of each, as "both" says
        cue = parts.lung_rads_at[0] - 1
    if cue is None or study.patient is not None:
        return study
    if not (implied or apart or "both" in parts.ignored):
        return study
    ands = sorted(p for r, p, w in parts.roles if r == "break" and w in ("and", "&"))
    joins = [] if implied else [p for p in ands if p > cue]
    stops = [p for r, p, _ in parts.roles if r in ("break", "neg", "never")]
    if implied:
        ands = [p for p in ands if p < cue]
    if joins:  # "both A and B"
        ends = [p for p in stops if p > joins[0]]
        sides = [(cue, joins[0]), (joins[0], min(ends, default=len(parts.text)))]
    elif ands:  # "A and B both": A from the joining word before it, B up to "both"
        join = ands[-1]
        sides = [(max((p for p in stops if p < join), default=-1), join), (join, cue)]
    else:
        return study
    placed = [(position(parts, g), g.term.field, g.term.value) for g in parts.grounded]

    def values(low: int, high: int, field: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for p, f, v in placed if low < p < high and f == field))

    rads = list(zip(_lung_rads(parts), parts.lung_rads_at, strict=False))

    def categories(low: int, high: int) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for cats, at in rads if low < at < high for c in cats))

    # "pts scanned at ct01 and ct02 both": a station on each side (the words were named)
    named_at = [
        (m.start(), name)
        for name in study.stations
        for m in re.finditer(rf"(?<![\w.-]){re.escape(name.lower())}(?![\w.-])", parts.text)
    ]

    def stations(low: int, high: int) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for at, name in named_at if low <= at < high))

    kinds = [
        {f: values(lo, hi, f) for f in (*_SIDE_STUDY, *_SIDE_FINDING)}
        | {"lung_rads": categories(lo, hi)}  # "both a lung-rads 3 and a lung-rads 4b scan"
        | {"station": stations(lo, hi)}
        for lo, hi in sides
    ]
    _share_study_noun(kinds, sides, rads, values)
    if all(side["station"] for side in kinds):  # "ldcts at ct01 and ct02 both": an LDCT at each
        named = [side for side in kinds if any(side[f] for f in _SIDE_STUDY)]
        for side in kinds:
            if len(named) == 1 and not any(side[f] for f in _SIDE_STUDY):
                side.update({f: named[0][f] for f in _SIDE_STUDY})
    split = {f for side in kinds for f, v in side.items() if v}
    present = [c for c in study.findings if not c.absent]
    on_findings = split & set(_SIDE_FINDING)
    if not all(any(side.values()) for side in kinds) or (on_findings and len(present) != 1):
        return study
    if implied and (not on_findings or split - set(_SIDE_FINDING)):
        return study  # without "both", only two values of a finding's attributes are joined
    if "lung_rads" in split and _same_study(parts):
        return study  # a study has one category: "both" stays named (and the caution says so)
    has = []
    for side in kinds:
        findings: tuple[FindingClause, ...] = ()
        if on_findings:
            findings = (_side_clause(present[0], side, on_findings),)
        has.append(
            StudyFilter(
                modalities=side["modality"],
                body_parts=side["body_part"],
                descriptions=side["description"],
                lung_rads=side["lung_rads"],
                stations=side["station"],
                findings=findings,
                dates=_date_of_both(parts, study, sides),
            )
        )
    if not implied and not apart:
        parts.ignored.remove("both")
    kept = tuple(c for c in study.findings if not (on_findings and c is present[0]))
    if _same_study(parts) and on_findings and not split - set(_SIDE_FINDING):
        # "both solid and part-solid nodules on the same scan": each side a finding of one study
        return dataclasses.replace(study, findings=kept + tuple(h.findings[0] for h in has))
    return dataclasses.replace(
        study,
        modalities=() if "modality" in split else study.modalities,
        body_parts=() if "body_part" in split else study.body_parts,
        descriptions=() if "description" in split else study.descriptions,
        lung_rads=() if "lung_rads" in split else study.lung_rads,
        stations=() if "station" in split else study.stations,
        findings=kept,
        patient=PatientFilter(has=tuple(has)),
    )


def _date_of_both(
    parts: Parts, study: StudyFilter, sides: list[tuple[int, int]]
) -> DateRange | None:
    """The one period said of the question outside the first side ("in 2023, who had both a
    lobulated and a spiculated nodule", "both a ct and a cxr in 2024") holds for each side: the
    patient has each in it (part 48: the period had been asked only of some study and each
    side of any, silently). A period said inside the first side ("both a ct in 2023 and a
    cxr") is that side's own, and is left as it was."""
    if study.dates is None or len(parts.dates) != 1:
        return None
    said = parts.dates[0]
    low, high = sides[0]
    return None if low < said.start < high else study.dates


def _share_study_noun(
    kinds: list[dict[str, tuple[str, ...]]],
    sides: list[tuple[int, int]],
    rads: list[tuple[tuple[str, ...], int]],
    values: Callable[[int, int, str], tuple[str, ...]],
) -> None:
    """ "both lr 1 and lr 4b ldcts", "both a lung-rads 2 and a lung-rads 3 ldct": a kind of
    study after the last of the categories is the noun of every side (it had been the last
    side's alone, so the first side was any study), unless another side names its own."""
    if not rads or not all(side["lung_rads"] for side in kinds):
        return
    last = max(at for _, at in rads)
    shared = {f: values(last, sides[-1][1], f) for f in _SIDE_STUDY}
    if any(shared.values()) and not any(side[f] for side in kinds[:-1] for f in _SIDE_STUDY):
        for side in kinds[:-1]:
            side.update(shared)


def _categories_apart(parts: Parts) -> bool:
    """Two Lung-RADS categories no study can have together, joined by "and", in a question
    about patients, each side a study of its own: "pts w an lr 2 and an lr 4x scan" (an
    article before the second), "pts w an lr 3 scan & an lr 4a scan" (a study noun after the
    first): a study of each, as "both" says (no study has two categories, so the conditions had
    been left out, warned, part 25). Bare, "patients with lung-rads 2 and lung-rads 4a" stays
    named (part 21: it could be meant as either), and so does one study ("on the same scan")."""
    found = _lung_rads(parts)
    if len(found) != 2 or len(parts.lung_rads_at) != 2 or set(found[0]) & set(found[1]):
        return False
    between = parts.text[parts.lung_rads_at[0] : parts.lung_rads_at[1]]
    return _EACH_ITS_STUDY.search(between) is not None and not _same_study(parts)


# the join between two Lung-RADS categories when each names a study of its own: an article
# before the second ("and an lr 4x"), or a study noun after the first ("lr 2 scan and ...")
# Part 37: an order word after the join ("an lr 2 scan and later an lr 4x scan") is placed with
# a caution by the reader (the order is not expressible); the two studies are still each its own.
_THEN = (
    r"(?:(?:later(?:\s+on)?|then|subsequently|afterwards?|after\s+that|eventually|thereafter)"
    r",?\s*)?"
)
_EACH_ITS_STUDY = re.compile(
    rf"(?:(?:\band|&)\s*{_THEN}(?:an?|one)\s+|\b(?:scans?|stud(?:y|ies)|exams?|cts?|ldcts?)\s*,?\s*"
    rf"(?:\band|&)\s*{_THEN}(?:an?\s+|one\s+)?)$"
)


def _rads_apart(study: StudyFilter) -> bool:
    """Were the Lung-RADS categories placed on studies of their own ("both a 3 and a 4B")?"""
    return study.patient is not None and any(h.lung_rads for h in study.patient.has)


def _same_study(parts: Parts) -> bool:
    """Does the question say its conditions hold on one study ("on the same scan")?"""
    return any(role == "per_study" for role, _, _ in parts.roles)


def _side_clause(
    clause: FindingClause, side: dict[str, tuple[str, ...]], fields: set[str]
) -> FindingClause:
    """The finding clause of one side of "both": its own values of the fields split (a side
    may name another field than the other: "both calcified and spiculated nodules")."""

    def own(field: str, current: tuple[str, ...]) -> tuple[str, ...]:
        return side[field] if field in fields else current

    calcified = clause.calcified
    if "calcified" in fields:
        calcified = side["calcified"][0] == "true" if side["calcified"] else None
    return dataclasses.replace(
        clause,
        attenuations=own("attenuation", clause.attenuations),
        margins=own("margin", clause.margins),
        lobes=own("lobe", clause.lobes),
        sides=own("side", clause.sides),
        calcified=calcified,
    )


def _overlap(ranges: list[DateRange]) -> bool:
    combined = dates.combine([dates.DatePhrase(0, 0, r) for r in ranges])
    return (
        combined is None
        or combined.start is None
        or combined.end is None
        or (combined.start <= combined.end)
    )


def _on_each(study: StudyFilter, periods: list[DateRange]) -> StudyFilter:
    """The patient has, in each period, a study meeting the study's own conditions (kind of
    study, findings, report); who the patient is (sex, age, identifiers) stays outside."""
    inner = StudyFilter(
        modalities=study.modalities,
        body_parts=study.body_parts,
        descriptions=study.descriptions,
        stations=study.stations,
        lung_rads=study.lung_rads,
        concepts=study.concepts,
        findings=study.findings,
    )
    has = tuple(dataclasses.replace(inner, dates=period) for period in periods)
    return dataclasses.replace(
        study,
        modalities=(),
        body_parts=(),
        descriptions=(),
        stations=(),
        lung_rads=(),
        concepts=(),
        findings=(),
        patient=PatientFilter(has=has),
    )


def _lung_rads_of(found: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The categories every Lung-RADS phrase allows, in order."""
    chosen: set[str] | None = None
    for categories in found:
        chosen = set(categories) if chosen is None else chosen & set(categories)
    return tuple(c for c in LUNG_RADS_ORDER if chosen is not None and c in chosen)


def parse_question(
    question: str,
    as_of: dt.date,
    grounder: Grounder,
    stations: frozenset[str] = frozenset(),
    identify: Identify | None = None,
) -> TypedQuery:
    """Read ``question`` (dates relative to ``as_of``) into a typed query, or raise QueryError.

    ``identify`` looks words up as patient IDs, accession numbers or study UIDs of the catalogue.
    """
    spoken: list[str] = []  # "'twenty twenty four' read as 2024": said with the answer
    text = spoken_numbers.read_stations(clean(question, spoken), stations, spoken)
    parts = read_question(text, as_of, grounder, stations, identify)
    parts.notes[:0] = spoken
    clauses, concepts = find_clauses(parts)
    attach(parts, clauses)
    read_bound_after_exclusion(parts, clauses)  # "new nodules excluding masses > 6 mm": kept
    read_not_masses(parts, clauses)  # "new nodules, not masses" (query/new_masses.py)
    read_other_than_masses(parts, clauses)  # "new nodules other than masses": the same
    read_masses_set_aside(parts, clauses)  # "new nodules, masses excluded": the same
    account(parts, clauses, concepts)
    unit, count_of = _unit(parts, clauses)
    aggregate = _aggregate(parts)
    if aggregate is not None:
        unit, count_of = _aggregate_unit(aggregate, unit, count_of, parts)
    elif unit == "study" and not parts.tops:  # "psn w smooth margins, list" (part 38)
        listed = listed_findings_caution(parts, clauses)
        if listed is not None:
            parts.cautions.append(listed)
    categories = _lung_rads_of(_lung_rads(parts))
    patient, clauses, kept_concepts = _history_filter(parts, unit, count_of, clauses, concepts)
    categories = _outside_every(parts, patient)
    finding_answer = unit == "finding" or count_of == "finding"
    if finding_answer and not any(not c.absent for c in clauses):
        clauses.append(Clause([0], [] if names_findings(parts) else ["nodule"], False))
    if finding_answer:
        _nodule_findings_now(parts, clauses, listed=unit == "finding")
    if (
        categories
        and finding_answer
        and not _studies_category(parts, aggregate, counted=count_of == "finding")
    ):
        target(clauses, 0).attributes["lung_rads"] = list(categories)
        categories = ()
    top = parts.tops[0] if parts.tops else None
    if top is not None and top.field == "finding_count" and not any(not c.absent for c in clauses):
        clauses.append(Clause([0], ["nodule"], False))
    if (
        top is not None
        and top.field == "finding_count"
        and unit == "patient"
        and _same_study(parts)
    ):
        # "the 5 patients with the most nodules on a single scan": by their largest count on one
        # study (the per-study words had been read as nothing, and the total ranked, silently)
        top = dataclasses.replace(top, per_study=True)
    periods = _compared_periods(parts, unit, count_of, patient)
    _count_for_each(parts, unit, count_of, aggregate, clauses)
    study = _study_filter(parts, clauses, kept_concepts, categories, patient)
    if not finding_answer and (aggregate is None or aggregate.kind == "percent"):
        study = _either(parts, study, clauses, concepts)
    if aggregate is not None and aggregate.kind == "percent":
        study = _share(
            parts, study, clauses, concepts, finding_answer, of_studies=count_of == "study"
        )
    if periods:
        study = _on_each(study, periods)
    if unit == "patient" or count_of == "patient":
        study = _both_sides(parts, study)
    elif _same_study(parts) and not finding_answer:
        study = _both_sides(parts, study, implied_only=True)  # "studies with A and B on one ct"
    if not finding_answer and (aggregate is None or aggregate.kind == "percent"):
        about_patients = unit == "patient" or count_of == "patient"
        study = kinds_apart(parts, study, about_patients)  # "pts with a head ct and a chest ct"
        study = _protocols_apart(parts, study, about_patients)
        study = _stations_apart(parts, study, about_patients)
    # "findings per kind on ct angios and head cts": of findings too
    study = _protocol_or_part(parts, study, unit == "patient" or count_of == "patient")
    if unit in ("study", "patient") or count_of in ("study", "patient"):
        # "ldcts where the only nodules were in the LUL"; of patients, said
        study = only_in_lobes(parts, study, unit == "study" or count_of == "study")
    in_every = patient is not None and patient.every is not None and patient.every.lung_rads
    if (
        _lung_rads(parts)
        and not categories
        and not finding_answer
        and not _rads_apart(study)
        and not in_every
    ):
        parts.cautions.append(  # a study has one category: they were left out, said so
            "the Lung-RADS conditions exclude each other (a study has one category): none of "
            "them was used; join them with 'or' for either"
        )
    if len(set(parts.picks)) > 1:
        parts.cautions.append("both 'first' and 'latest' were asked: only the first one is used")
    said = history.plural_superlative(parts.text) if len(parts.tops) == 1 else None
    top_one = parts.tops[0] if parts.tops else None
    if (
        said
        and top_one is not None
        and top_one.n == 1
        and not top_one.of_patients
        and top_one.field != "finding_count"
        and not parts.cautions
    ):  # "largest nodules": no count said for plural findings (part 38)
        parts.cautions.append(
            f"'{said}' gives no count: only the first one is shown; say 'top N' for more"
        )
    if len(parts.tops) > 1:
        parts.cautions.append("more than one ranking was asked: only the first one is used")
    group_order = parts.group_orders[0] if parts.groups and parts.group_orders else None
    if group_order is not None and len(parts.groups) > 1 and len(set(parts.groups)) == 1:
        # "which station did the most head cts? give head ct counts per station": the whole
        # breakdown, most first, answers both (part 39)
        parts.groups[1:] = []
        group_order = dataclasses.replace(group_order, n=None)
    if len(parts.groups) > 1:  # "per sex per year": one grouping is answered, never two
        parts.cautions.append(
            f"more than one grouping ('per ...') was asked: only the first one, by "
            f"{parts.groups[0].replace('_', '-')}, is used"
        )
    if study == StudyFilter() and parts.ignored and top is None and not parts.groups:
        raise QueryError(
            "no condition in the question could be understood; could not place: "
            + ", ".join(f"'{w}'" for w in parts.ignored[:20])
        )
    parts.cautions += unsettled_cautions(parts.text, unit, study)  # part 43 (m2)
    return TypedQuery(
        unit,
        study,
        count_of,
        top,
        ignored=tuple(parts.ignored),
        notes=tuple(parts.notes),
        group_by=parts.groups[0] if parts.groups else None,
        group_order=group_order,
        aggregate=aggregate,
        alternatives=tuple(dict.fromkeys(parts.alternatives)),
        cautions=tuple(parts.cautions + _grounding_notes(parts)),
    )


# The growth a clause may ask of a nodule, which may have grown into a mass since ("new" and
# "stable" nodule findings keep the masses they let in, named: query/new_masses.py)
_GROWTH = ("grew", "shrank")
# "nodule findings", the noun "nodule" naming the kind of the findings themselves
_NODULE_FINDINGS = re.compile(r"nodules?\s+findings?\b")


def _nodule_findings_now(parts: Parts, clauses: list[Clause], *, listed: bool) -> None:
    """ "nodule findings that grew", listed: each finding listed is a nodule itself. A nodule
    that grew into a mass counts for a study's or patient's growing nodule, and in a count of
    nodules (or nodule findings) that grew (the Conventions; parts 37 and 39 count it), but a
    listed mass is not a "nodule finding" (part 39: it had been listed among them, silently);
    the engine names the masses so left out (query/engine.py), and a count says it takes them
    in. Only "nodule findings" said as one noun: "nodules grown by 4 mm - findings" still lists
    the nodules that grew into masses."""
    primary = next((c for c in clauses if not c.absent), None)
    if (
        primary is None
        or primary.kinds != ["nodule"]
        or not any(primary.attributes.get(name) for name in _GROWTH)
        or not any(_NODULE_FINDINGS.match(parts.text, at) for at in primary.positions)
    ):
        return
    if listed:
        primary.attributes["kind_now"] = True
    else:
        parts.cautions.append(
            "the count takes in a nodule that grew into a mass as a nodule finding that grew; "
            "list the nodule findings to see only those that are nodules themselves"
        )


# a Lung-RADS category said of studies: "lr 4x ldcts", "lung-rads 3 screening scans"
_CATEGORY_OF_STUDIES = re.compile(
    r"(?:lung[- ]?rads|lr|category|cat)?\s*(?:category\s+)?[0-4][abxs]?\+?"
    r"(?:\s*(?:or|/|,)\s*[0-4][abxs]?)*\s+(?:[a-z-]+\s+)?(?:ldcts?|cts?|scans?|studies|study|exams?)\b"
)


# "nodules on lr 4b scans", "attenuation tally for ggns in category 3 studies": the studies the
# counted findings are on, said after "on / in / from / across / among"
_ON_STUDIES = re.compile(r"\b(?:on|in|from|across|among|within)\s+(?:the\s+|all\s+)?$")


def _studies_category(parts: Parts, aggregate: Aggregate | None, counted: bool = False) -> bool:
    """Of a mean count of findings per study ("avg nodule count on lr 4x ldcts"), is each
    category said of the studies? Then it is the studies' category (the studies averaged over),
    not the findings' (part 36: the 4X nodules had been counted over every ldct, warned). Of a
    count of findings (``counted``; no statistic), the category is the studies' only when said
    of the studies the findings are on ("attenuation tally for nodules on lr 4b scans"; part
    45, D: the findings' own 4B had been counted, warned)."""
    per_study = aggregate is not None and aggregate.kind == "per" and aggregate.per == "study"
    if not per_study and not (counted and aggregate is None):
        return False
    return bool(parts.lung_rads_at) and all(
        _CATEGORY_OF_STUDIES.match(parts.text, at)
        and (per_study or _ON_STUDIES.search(parts.text, 0, at))
        for at in parts.lung_rads_at
    )


def _study_filter(
    parts: Parts,
    clauses: list[Clause],
    concepts: list[ConceptFilter],
    categories: tuple[str, ...],
    patient: PatientFilter | None,
) -> StudyFilter:
    """Everything the question asks of a study, its patient, its report and its findings."""
    return StudyFilter(
        modalities=_terms(parts, "modality", clauses),
        body_parts=_terms(parts, "body_part", clauses),
        descriptions=_terms(parts, "description", clauses),
        stations=tuple(dict.fromkeys(parts.stations)),
        dates=_study_dates(parts),
        sexes=_terms(parts, "sex", clauses),
        age=_intersect(parts.ages),
        lung_rads=categories,
        concepts=tuple(concepts),
        findings=tuple(finding_clause(c) for c in clauses),
        patient_ids=_identifiers(parts, "patient"),
        accessions=_identifiers(parts, "accession"),
        study_uids=_identifiers(parts, "study"),
        birth=_birth_dates(parts),
        pick=parts.picks[0] if parts.picks else None,
        patient=patient,
        excluded=_excluded(parts, clauses),
        followed_within=_follow_up(parts),
        gap_before=_first(parts, parts.gaps, "gap between consecutive studies"),
        followed_for=_first(parts, parts.followed_for, "time from first to latest study"),
        lung_rads_change=_first(parts, parts.changes, "change of Lung-RADS category"),
        overdue=_first(parts, parts.overdue, "'overdue'"),
    )


def _either(
    parts: Parts, study: StudyFilter, clauses: list[Clause], concepts: list[Concept]
) -> StudyFilter:
    """ "a mass or lung-rads 4X", "emphysema or a spiculated nodule": an "or" between conditions
    of different kinds (a finding, a Lung-RADS category, a report concept), each affirmed and
    kept on the study itself, is met by a study with either (kinds of finding joined by "or"
    are one clause already)."""
    items: list[tuple[int, str, StudyFilter]] = []
    for c in clauses:
        kept = finding_clause(c)
        if not c.absent and not c.never and kept in study.findings:
            items += [(p, f"finding{id(c)}", StudyFilter(findings=(kept,))) for p in c.positions]
    for categories, at in zip(parts.lung_rads, parts.lung_rads_at, strict=True):
        if categories == study.lung_rads and negation_of(parts, at) is None:
            items.append((at, "lung_rads", StudyFilter(lung_rads=categories)))
    for concept, never, at in concepts:
        if not never and concept.present and concept in study.concepts:
            items.append((at, f"concept {concept.concept}", StudyFilter(concepts=(concept,))))
    items.sort(key=lambda item: item[0])
    pairs: list[tuple[StudyFilter, StudyFilter]] = []
    for role, at, _ in parts.roles:
        before = [item for item in items if item[0] < at]
        after = [item for item in items if item[0] > at]
        if role == "or" and before and after and before[-1][1] != after[0][1]:
            pairs.append((before[-1][2], after[0][2]))
    if len(pairs) > 1:
        parts.cautions.append(
            "more than one 'or' joins conditions of different kinds: each condition was "
            "required (and); ask one 'or' at a time"
        )
    if len(pairs) != 1:
        return study  # none, or several: each side is kept as an AND, said so
    first, second = pairs[0]
    moved = (first, second)
    return dataclasses.replace(
        study,
        findings=tuple(f for f in study.findings if all(f not in m.findings for m in moved)),
        lung_rads=() if any(m.lung_rads for m in moved) else study.lung_rads,
        concepts=tuple(c for c in study.concepts if all(c not in m.concepts for m in moved)),
        any_of=moved,
    )


# "% of all studies that were ct", "what percentage of patients are women": the conditions
# after the verb that follows what is counted say what the share is (it had been the population
# too, so every such percentage was 100 %, silently)
_WERE = re.compile(r"\b(?:(?:that|which|who)\s+)?(?:are|were|is|was)\b")
_DONE = re.compile(r"\b(?:done|performed|acquired|obtained|taken)\b")
_FINDING_JOINED = re.compile(
    r"\b(?:with|w/?|having|(?:that|which)\s+(?:have|has|measure|measured)|measur(?:e|es|ed|ing))"
    r"(?=\s)"
)
_HAD = re.compile(
    r"\b(?:(?:that|which|who)\s+)?(?:had|have|has|showed|show|shows|developed|contained)\b"
)
# "what percent of the patients have gender other", "% of pts who have an age over 70": who the
# patient is (sex, age) said after "have / has / had" is the share, as after "are" (the sex had
# been the population too, 100 %, silently); the other conditions after "have" (findings,
# reports) are the share already, and a kind of study or a date after it stays the population
_HAVE = re.compile(r"\b(?:(?:that|which|who)\s+)?(?:have|has|had)\b")
# "percent of patients with sex recorded as other", "% of pts with a gender of female", "share
# of patients whose sex is male", "% of patients with an age over 70": who the patient is, named
# right after "with / whose" following the counted noun and split by no other verb, is the share
# as after "have" (it had been the population too, 100 %, silently). The reader has already
# consumed "sex recorded as / gender of / sex is", so what follows "with" is the sex or the age
_WITH_WHO = re.compile(r"\b(?:with|whose)\s+(?:(?:a|an|their|the|his|her)\s+)?")


def _with_who(parts: Parts, start: int) -> re.Match[str] | None:
    """The first "with / whose" after ``start`` that names the patient's sex or age next."""
    said = [position(parts, g) for g in parts.grounded if g.term.field == "sex"]
    said += list(parts.age_at)
    for match in _WITH_WHO.finditer(parts.text, start):
        rest = parts.text[match.end() :]
        if match.end() in said or re.match(r"(?:sex|gender|age)\b", rest):
            return match
    return None


def _share(
    parts: Parts,
    study: StudyFilter,
    clauses: list[Clause],
    concepts: list[Concept],
    finding_answer: bool,
    *,
    of_studies: bool = False,
) -> StudyFilter:
    """A percentage's population is the conditions on who or what is counted (the kind of
    study, sex, age, dates, station); those written after "that were / who are / are / were"
    following the counted noun (or "done / performed in" when no such verb follows) are the
    share instead (:attr:`StudyFilter.share`): "% of all studies that were ct" is the CTs
    among all studies, "what percentage of patients are women" the women among all patients,
    "% of scans that were done in 2024" the 2024 scans among all."""
    if not parts.aggregates:
        return study
    start = parts.aggregates[0].spans[0][1]
    # "that were" wins over "done in": "% of ldcts done in 2023 that were category 2" is a
    # share of the 2023 LDCTs; "done in" says the share only without a verb of its own and
    # without another share ("% of ldcts done in 2023 with lr 2": of the 2023 LDCTs)
    verb = _WERE.search(parts.text, start)
    if verb is None and not _shares_already(study):
        verb = _DONE.search(parts.text, start)  # "% of scans done in 2024", nothing else asked
    if verb is None and finding_answer:
        # "share of solid nodules with smooth margins", "what share of ggns measure at least 6
        # mm": of findings, "with / having / measuring" splits A from B as "that are" does
        # (part 38: a share of every nodule had been answered)
        joined = _FINDING_JOINED.search(parts.text, start)
        share = _finding_share(parts, study, joined.start()) if joined is not None else None
        if share is not None:
            return dataclasses.replace(study, share=StudyFilter(findings=(share,)))
    # a finding verb after the counted noun splits the findings too ("what % of patients with
    # nodules had a mass": the patients with a mass among those with nodules)
    had = None if finding_answer else _HAD.search(parts.text, start)
    who_only = False
    if verb is None:  # "what percent of the patients have gender other": who they are
        verb = _HAVE.search(parts.text, start) or _with_who(parts, start)
        if verb is None and not _shares_already(study):  # "share of men with a head ct"
            verb = _WITH_WHO.search(parts.text, start)
        who_only = verb is not None
    if verb is None and had is None:
        kind_end = None if _shares_already(study) else _after_counted_kind(parts, study, start)
        if kind_end is None:
            return _said_tautology(parts, study, finding_answer)
    # "what percentage of women had a ct angio": with nothing else to share (no finding, report
    # concept, category or history), a kind of study or a date after "have / had" is the share;
    # kept in the population it made every such percentage 100 %, silently
    if who_only and not _shares_already(study):
        who_only = False
    split = verb.start() if verb is not None else len(parts.text)
    if verb is None and had is None and kind_end is not None:
        split = kind_end  # "share of chest cts at ct02": the station said after the kind counted
    condition_split = min(split, had.start() if had is not None else split)
    moved: dict[str, object] = {}
    kept: dict[str, object] = {}
    fields = (
        ("modalities", "modality"),
        ("body_parts", "body_part"),
        ("descriptions", "description"),
        ("sexes", "sex"),
    )
    for field, name in fields[3:] if who_only else fields:
        after = {g.term.value for g in parts.grounded if g.term.field == name}
        after &= {g.term.value for g in parts.grounded if position(parts, g) > split}
        before = {
            g.term.value
            for g in parts.grounded
            if g.term.field == name and position(parts, g) < split
        }
        values: tuple[str, ...] = getattr(study, field)
        if any(v in after and v not in before for v in values):
            moved[field] = tuple(v for v in values if v in after and v not in before)
            kept[field] = tuple(v for v in values if v not in moved[field])  # type: ignore[operator]
    if not who_only:  # after "have" only who the patient is; a kind of study or a date stays
        stations = _station_positions(parts, study)
        if stations and all(at > split for at in stations):  # "% of cts that were done at ct02"
            moved["stations"], kept["stations"] = study.stations, ()
        negated = _excluded_after(parts, study, split)  # "% of studies that were not ct"
        if negated:
            moved["excluded"] = negated
            kept["excluded"] = tuple(e for e in study.excluded if e not in negated)
        if study.dates is not None and parts.dates and all(d.start > split for d in parts.dates):
            moved["dates"], kept["dates"] = study.dates, None
    if study.age is not None and parts.age_at and all(at > split for at in parts.age_at):
        moved["age"], kept["age"] = study.age, None
    # the findings, report concepts and categories after the verb are the share too; those
    # before it stay on the study and say who is counted ("what percentage of patients with
    # nodules are women": the women among the patients with nodules; issue 17's known limits)
    later = [
        finding_clause(c)
        for c in clauses
        if not finding_answer and c.positions and min(c.positions) > condition_split
    ]
    if any(f in study.findings for f in later):
        moved["findings"] = tuple(f for f in study.findings if f in later)
        kept["findings"] = tuple(f for f in study.findings if f not in later)
    said = {c for c, _, at in concepts if at > condition_split and not finding_answer}
    if any(c in said for c in study.concepts):
        moved["concepts"] = tuple(c for c in study.concepts if c in said)
        kept["concepts"] = tuple(c for c in study.concepts if c not in said)
    if study.lung_rads and all(at > condition_split for at in parts.lung_rads_at):
        moved["lung_rads"], kept["lung_rads"] = study.lung_rads, ()
    conditions = ("findings", "concepts", "lung_rads")
    if not any(kept.get(f, getattr(study, f)) for f in conditions):
        for f in conditions:  # nothing of the kind before the verb: they are the share already
            moved.pop(f, None)
            kept.pop(f, None)
    if finding_answer and verb is not None:
        share = _finding_share(parts, study, verb.start())
        if share is not None:  # "% of nodules >= 24 mm that are spiculated"
            moved["findings"] = (share,)
    if not moved:
        return _said_tautology(parts, study, finding_answer)
    said_at = [position(parts, g) for g in parts.grounded if position(parts, g) > split]
    said_at += _station_positions(parts, study) + list(parts.lung_rads_at)
    said_at += [p for c in clauses for p in c.positions]
    if of_studies:
        _period_of_population(parts, moved, kept, said_at)
    return dataclasses.replace(study, share=StudyFilter(**moved), **kept)  # type: ignore[arg-type]


def _period_of_population(
    parts: Parts, moved: dict[str, object], kept: dict[str, object], said_at: list[int]
) -> None:
    """A period said after the share with something else shared ("percent of cts performed at
    ct02 in the first half of 2026") bounds the population too: the CT02 share of that half
    year's CTs, as "of the 2026 cts, % at ct02" says (part 40: the share of every CT ever had
    been answered, silently). A date that is the only share ("% of scans done in 2024") stays
    the share. Only for a percentage of studies: of people, the period says when the shared
    study was ("% of patients who had a head ct in 2024"). Said last, the period is the
    question's time frame; said between the verb and the
    rest of the share ("% of cts done in 2024 at ct02") it is read the same way, with a caution
    naming the other reading (the period counted in the share only)."""
    if "dates" not in moved or len(moved) < 2:
        return
    kept["dates"] = moved.pop("dates")
    first = min(d.start for d in parts.dates)
    if any(at > first for at in said_at):
        parts.cautions.append(
            "the period said inside the share was read as bounding the population too (the "
            "share among the studies of that period); the other reading counts it in the share only"
        )


def _after_counted_kind(parts: Parts, study: StudyFilter, start: int) -> int | None:
    """Where the kind of study a percentage counts ends, when every station and date of the
    question is said after it and no verb says the share: "share of chest cts at ct02", "% of
    ldcts in 2024", "% of 2024 ldcts at ct01" (the station and the dates after the kind are the
    share; kept in the population, each had been 100 %, silently). None otherwise."""
    kinds = [
        g
        for g in parts.grounded
        if g.term.field in ("modality", "body_part", "description") and position(parts, g) >= start
    ]
    if not kinds:
        return None
    end = max(parts.tokens[g.last].end for g in kinds)
    stations = _station_positions(parts, study)
    dates = [d.start for d in parts.dates] if study.dates is not None else []
    after = [at for at in stations + dates if at > end]
    return end if after else None


def _station_positions(parts: Parts, study: StudyFilter) -> list[int]:
    """Where each station of ``study`` is named in the question (its last mention)."""
    return [parts.text.rfind(name.lower()) for name in study.stations]


def _said_tautology(parts: Parts, study: StudyFilter, finding_answer: bool) -> StudyFilter:
    """A percentage with nothing read as its share counts every member of its population: 100 %
    whatever the data. Said as a warning, never answered silently."""
    if not finding_answer and not _shares_already(study):
        parts.cautions.append(
            "nothing in the question was read as the part the percentage counts, so every "
            "counted record meets it (100 %); say it after 'that were' or 'with'"
        )
    return study


def _tracked(clause: FindingClause) -> bool:
    """Does the finding clause hold a condition on its nodule's history?"""
    plain = FindingClause()
    return any(
        getattr(clause, name) != getattr(plain, name)
        for name in ("grew", "new", "shrank", "resolved", "stable", "since_first", "vdt_days")
    ) or (clause.min_scans, clause.track_start) != (plain.min_scans, plain.track_start)


_SHARE_FIELDS = {
    "attenuation": "attenuations",
    "margin": "margins",
    "lobe": "lobes",
    "side": "sides",
}


def _finding_share(parts: Parts, study: StudyFilter, split: int) -> FindingClause | None:
    """A percentage of findings "of A that are B" (part 36, issue 17): the attributes of the
    counted finding written after the verb ("that are / which are / are / were") are the share,
    B, and those before it (or in its noun: "ggns") say which findings are counted, A: "% of
    nodules >= 24 mm that are spiculated" is the spiculated ones among the nodules of 24 mm or
    more, "what share of ggns are 6 mm or more" the ggns of 6 mm or more among the ggns (both
    had been a share of every nodule, silently). None when nothing of the finding is said on
    one side of the verb ("what percentage of nodules are solid": a share of every nodule, as
    before). The compiler takes the share's attributes out of the counted finding for the
    population (:func:`query.typed_query.finding_population`)."""
    primary = next((f for f in study.findings if not f.absent), None)
    if primary is None or _tracked(primary):
        return None  # a nodule's history ("grew", "new") is not split: a share of all, as before
    after: dict[str, object] = {}
    if primary.lung_rads and parts.lung_rads_at and all(at > split for at in parts.lung_rads_at):
        after["lung_rads"] = primary.lung_rads  # "% of ggns that were lung-rads 2"
    for g in parts.grounded:
        if position(parts, g) <= split:
            continue
        name = _SHARE_FIELDS.get(g.term.field)
        held = getattr(primary, name) if name else ()
        if name and g.term.value in held:
            after[name] = (*after.get(name, ()), g.term.value)  # type: ignore[misc]
        elif g.term.field == "calcified" and primary.calcified is not None:
            after["calcified"] = primary.calcified
    measures = tuple(m for m, at in parts.measures if at > split and m in primary.measures)
    measures = tuple(m for m in primary.measures if m.field in {x.field for x in measures})
    if measures:
        after["measures"] = measures
    if not after:
        return None
    share = FindingClause(kinds=primary.kinds, **after)  # type: ignore[arg-type]
    if finding_population(primary, share) == FindingClause(kinds=primary.kinds):
        return None  # nothing of the finding before the verb: every one of its kind is counted
    return share


def _shares_already(study: StudyFilter) -> bool:
    """Does the question already ask a share of something (a finding, a report concept, a
    Lung-RADS category, the patient's history, a later scan ...)?"""
    return bool(
        study.findings
        or study.concepts
        or study.lung_rads
        or study.patient is not None
        or study.any_of
        or study.followed_within is not None
        or study.gap_before is not None
        or study.followed_for is not None
        or study.lung_rads_change is not None
        or study.overdue is not None
    )


def _excluded_after(parts: Parts, study: StudyFilter, split: int) -> tuple[StudyFilter, ...]:
    """The kinds of study left out ("not ct") whose words all come after ``split``."""
    before = {(g.term.field, g.term.value) for g in parts.grounded if position(parts, g) < split}
    out = []
    for excluded in study.excluded:
        named = {
            (field, value)
            for field, values in (
                ("modality", excluded.modalities),
                ("body_part", excluded.body_parts),
                ("description", excluded.descriptions),
                ("sex", excluded.sexes),
            )
            for value in values
        }
        if named and not named & before and not excluded.lung_rads:
            out.append(excluded)
    return tuple(out)


def _protocols_apart(parts: Parts, study: StudyFilter, about_patients: bool) -> StudyFilter:
    """A study has one description (its protocol: screening, angiogram, with or without
    contrast), so two of them on one study ("a cta and a ldct", "w/ and w/o contrast chest
    cts") had been an empty answer given without a word. In a question about patients, joined
    by "and" and with nothing else on the study, each is on some study of the patient ("both");
    otherwise a study with either, and "and" between them is named in a caution."""
    if len(study.descriptions) < 2 or study.any_of or study.pick is not None:
        return study
    sides = tuple(
        StudyFilter(modalities=study.modalities, body_parts=study.body_parts, descriptions=(d,))
        for d in study.descriptions
    )
    rest = dataclasses.replace(study, modalities=(), body_parts=(), descriptions=())
    joined_by_or = any(role == "or" for role, _, _ in parts.roles)
    # a condition on the patient's other studies ("..., excluding anyone with a pneumothorax":
    # never; "whose highest lung-rads is 4x") does not tie the two protocols to one study (they
    # had been read as either, warned); a count of studies or "every" study still does
    history = study.patient
    apart = history is None or (history.studies is None and history.every is None)
    alone = not (study.findings or study.concepts or study.lung_rads) and apart
    if about_patients and not joined_by_or and alone:
        history = history or PatientFilter()
        merged = dataclasses.replace(history, has=history.has + sides)
        return dataclasses.replace(rest, patient=merged)
    if not joined_by_or:
        labels = " and ".join(d.lower() for d in study.descriptions)
        parts.cautions.append(
            f"a study has one protocol, so no study is {labels}: read as a study with either"
        )
    return dataclasses.replace(rest, any_of=sides)


def _protocol_or_part(parts: Parts, study: StudyFilter, about_patients: bool) -> StudyFilter:
    """ "findings on ct angios and head cts", "chest cts or ctas": a protocol and a body part
    said as two kinds of study, "and" / "or" between them, are a study of either (part 46: they
    had been required of one study, a head CT angiogram, silently). "head ct angiograms", with
    no join between the two, stays one study; of patients it is left to the readers of a
    patient's history."""
    if (
        about_patients
        or len(study.descriptions) != 1
        or len(study.body_parts) != 1
        or study.any_of
        or study.pick is not None
    ):
        return study
    said = [g for g in parts.grounded if g.term.field in {"description", "body_part"}]
    if len(said) != 2 or said[0].term.field == said[1].term.field:
        return study
    first, last = sorted(position(parts, g) for g in said)
    if not any(
        role in {"break", "or"} and words in {"and", "or", "&", "and/or"} and first < at < last
        for role, at, words in parts.roles
    ):
        return study
    sides = (
        StudyFilter(modalities=study.modalities, descriptions=study.descriptions),
        StudyFilter(modalities=study.modalities, body_parts=study.body_parts),
    )
    rest = dataclasses.replace(study, modalities=(), body_parts=(), descriptions=())
    return dataclasses.replace(rest, any_of=sides)


def _stations_apart(parts: Parts, study: StudyFilter, about_patients: bool) -> StudyFilter:
    """A study has one station, as it has one protocol (:func:`_protocols_apart`): "patients
    scanned at ct01 and ct02" is a study at each (it had been a study at either, silently);
    in a question about studies, or with anything else on the study, a study at either, and
    "and" between them is named in a caution."""
    if len(study.stations) < 2 or study.any_of or study.pick is not None or study.patient:
        return study
    if any(role == "or" for role, _, _ in parts.roles):
        return study
    alone = not (study.findings or study.concepts or study.lung_rads)
    if about_patients and alone:
        sides = tuple(
            StudyFilter(
                modalities=study.modalities,
                body_parts=study.body_parts,
                descriptions=study.descriptions,
                stations=(station,),
            )
            for station in study.stations
        )
        rest = dataclasses.replace(
            study, modalities=(), body_parts=(), descriptions=(), stations=()
        )
        return dataclasses.replace(rest, patient=PatientFilter(has=sides))
    labels = " and ".join(study.stations)
    parts.cautions.append(
        f"a study has one station, so no study is at {labels}: read as a study at either"
    )
    return study


T = TypeVar("T")


def _first(parts: Parts, found: list[T], what: str) -> T | None:
    """The first of these phrases; a second one is named, never dropped."""
    if len(found) > 1:
        parts.cautions.append(f"more than one {what} was asked: only the first is used")
    return found[0] if found else None


def _follow_up(parts: Parts) -> FollowUp | None:
    """ "scanned again within 6 months"; a second interval is named, never dropped."""
    if len(parts.follow_ups) > 1:
        parts.cautions.append(
            "more than one 'again within' was asked: only the first interval is used"
        )
    return parts.follow_ups[0] if parts.follow_ups else None


def _study_dates(parts: Parts) -> DateRange | None:
    """All date phrases must hold, except periods that do not overlap ("in 2024 or 2025"):
    those are one period from the first to the last, said so when they leave a gap."""
    return _periods(parts, parts.dates)


def _birth_dates(parts: Parts) -> DateRange | None:
    """The birth dates as the study dates are read (part 41: "born in 1950, 1951 or 1953" is
    one period from 1950 to 1953, said so for the gap; the years had been intersected)."""
    return _periods(parts, [dates.DatePhrase(0, 0, r) for r in parts.birth])


def _periods(parts: Parts, phrases: list[dates.DatePhrase]) -> DateRange | None:
    combined = dates.combine(phrases)
    if combined is None or combined.start is None or combined.end is None:
        return combined
    if combined.start <= combined.end:
        return combined
    # an open end ("before 1950 or after 1960") leaves the hull open that way; it had raised
    periods = sorted(
        (p.range for p in phrases),
        key=lambda r: (r.start or dt.date.min, r.end or dt.date.max),
    )
    starts = [r.start for r in periods]
    ends = [r.end for r in periods]
    hull = DateRange(
        None if None in starts else min(d for d in starts if d),
        None if None in ends else max(d for d in ends if d),
    )
    gaps = any(
        b.start and a.end and (b.start - a.end).days > 1 for a, b in itertools.pairwise(periods)
    )
    if gaps:
        parts.cautions.append(
            "the dates name separate periods: read as one period from the first to the last "
            f"({hull.start or 'the earliest'} to {hull.end or 'the latest'})"
        )
    return hull
