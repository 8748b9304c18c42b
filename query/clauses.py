"""Finding clauses: which attribute, number and negation belongs to which finding.

:func:`find_clauses` makes one :class:`Clause` per kind word ("nodules", "a mass"; kinds
joined by "or" share one) and one :class:`~query.typed_query.ConceptFilter` per report concept;
:func:`attach` gives each attribute, measurement, count and growth word to the clause it
describes (:func:`target`), honouring negation scope ("not in the RUL" keeps the other lobes,
"without nodules in the RUL"); :func:`account` names the negations and "both" that govern
nothing and adds the clauses "whose largest nodule" implies. Called by :mod:`query.parser`.
"""

from __future__ import annotations

import dataclasses
import re

from query.grounding import Grounded
from query.reading import STATED_ABSENT, Parts
from query.typed_query import ConceptFilter, FindingClause, Measure, NumberRange

__all__ = [
    "NODULE_FORMS",
    "Clause",
    "Concept",
    "account",
    "attach",
    "concept_positions",
    "cue_of",
    "directly_negated",
    "find_clauses",
    "finding_clause",
    "history_target",
    "names_findings",
    "negation_of",
    "position",
    "target",
]

_REPORT_KINDS = frozenset(
    {
        "nodule",
        "mass",
        "pneumothorax",
        "pleural_effusion",
        "consolidation",
        "intracranial_hemorrhage",
    }
)


@dataclasses.dataclass
class Clause:
    """A finding clause being built: the kind words it came from and its attributes."""

    positions: list[int]
    kinds: list[str]
    absent: bool
    attributes: dict[str, object] = dataclasses.field(default_factory=dict)
    never: bool = False  # in the scope of "never": a condition on the patient's whole history

    def add(self, name: str, value: object) -> None:
        if isinstance(self.attributes.get(name), list):
            values = self.attributes[name]
            assert isinstance(values, list)
            if value not in values:
                values.append(value)
        else:
            self.attributes[name] = [value] if name in _LIST_ATTRIBUTES else value


Concept = tuple[ConceptFilter, bool, int]
"""A report concept of the question, whether "never" governs it, and its position."""

# "no spiculated nodule ever / at any point / at any time": "no" with one of these is "never"
# (part 43, E: "at any point" had left "no" per study, warned)
_EVER = frozenset({"ever", "at any point", "at any time"})
_LIST_ATTRIBUTES = frozenset({"attenuations", "margins", "lobes", "sides", "measures", "lung_rads"})


def _scope(parts: Parts, cue: str, position: int) -> bool:
    """Is ``position`` inside the scope of a ``cue`` word (up to the next break word or a
    comma that ends the phrase, see :func:`comma_ends`)?"""
    starts = [p for role, p, _ in parts.roles if role == cue and p < position]
    if not starts:
        return False
    last = max(starts)
    if comma_ends(parts.text, last, position):
        return False
    return not any(role == "break" and last < p < position for role, p, _ in parts.roles)


def _cue(parts: Parts, position: int) -> int | None:
    """Where the "without"/"not"/"never" word governing ``position`` is, if one does."""
    starts = [p for role, p, _ in parts.roles if role in ("neg", "never") and p < position]
    if not starts:
        return None
    last = max(starts)
    if any(role == "break" and last < p < position for role, p, _ in parts.roles):
        return None
    if comma_ends(parts.text, last, position):
        return None
    return last


_LIST_GOES_ON = re.compile(r"\b(?:or|nor|and/or)\b")
_SEPARATOR = re.compile(r",|;|\s-\s")


def comma_ends(text: str, start: int, end: int) -> bool:
    """Does a comma (or a semicolon, or a dash between spaces) between ``start`` and ``end`` end
    the phrase begun at ``start``? "neg for emphysema, lr 4a": the negation stops at the comma.
    Not in a list that goes on to "or" / "nor" ("no emphysema, effusion or pneumothorax": none
    of the three)."""
    separator = _SEPARATOR.search(text, start, end)
    return separator is not None and _LIST_GOES_ON.search(text, separator.start()) is None


def negation_of(parts: Parts, position: int) -> str | None:
    """The role ("neg" or "never") of the negation word governing ``position``, if one does."""
    cue = _cue(parts, position)
    return next((r for r, p, _ in parts.roles if p == cue and r in ("neg", "never")), None)


# the words between "never" and a period that leave the period itself negated: "never scanned
# from 2024 on", "never had a scan in 2025", "and no scan after 2023"
_STUDY_ONLY = re.compile(
    r"(?:(?:and|but|who|with|while)\s+)?(?:never(?:\s+once)?|no)\s+(?:(?:been|was|were|had|got|"
    r"have|has)\s+)*(?:an?\s+|any\s+)?(?:scanned|imaged|seen|studied|examined|scans?|studies|"
    r"study|exams?|imaging|visits?)\s+(?:again\s+)?(?:(?:at\s+any\s+time|at\s+all)\s+)?"
    r"(?:in|from|after|since|during|between|on)?\s*"
)


def negated_period(parts: Parts, position: int) -> int | None:
    """Where the "never" (or, about patients, "no") is that negates the period at ``position``
    by itself: "patients never scanned from 2024 on", "patients with a 2023 scan and no scan
    after 2023" (no study of the patient in it; part 30: the negation had been left unread and
    the periods joined, warned). None where the negated phrase names more than a study."""
    cue = _cue(parts, position)
    role = negation_of(parts, position)
    about_patients = any(r == "patient" for r, _, _ in parts.roles)
    if cue is None or role not in (("never", "neg") if about_patients else ("never",)):
        return None
    return cue if _STUDY_ONLY.fullmatch(parts.text[cue:position]) else None


def cue_of(parts: Parts, position: int) -> int | None:
    """Where the negation word ("without", "no", "never") governing ``position`` is, if any."""
    return _cue(parts, position)


def directly_negated(parts: Parts, clauses: list[Clause], position: int) -> bool:
    """A negation word governs ``position`` with no condition between ("not in the RUL",
    "excluding head CTs"), so the negation is of this word itself. A kind word or a report
    concept between takes the negation ("never had emphysema on a CT": the CT only says where
    emphysema was never seen)."""
    cue = _cue(parts, position)
    if cue is None:
        return False
    between = [p for c in clauses for p in c.positions] + concept_positions(parts)
    return not any(cue < p < position for p in between)


def _is_concept(parts: Parts, g: Grounded) -> bool:
    """Is this word a report concept (read from report text, not from the findings table)?"""
    return g.term.field == "concept" or (
        g.term.field == "kind"
        and g.term.value in _REPORT_KINDS
        and _reads_as_report(parts, position(parts, g))
    )


def concept_positions(parts: Parts) -> list[int]:
    """Where each report concept of the question is."""
    return [position(parts, g) for g in parts.grounded if _is_concept(parts, g)]


def position(parts: Parts, g: Grounded) -> int:
    return parts.tokens[g.first].start


def _reads_as_report(parts: Parts, position: int) -> bool:
    """Is a kind word at ``position`` in the scope of a report word before it ("report
    mentions a mass")? Not of one that closes a phrase ("emphysema in the report with a
    calcified nodule": the nodule is a finding)."""
    return any(
        role == "report"
        and p < position
        and not _closes(parts, p, words, position)
        and not _IMAGES_SAY.search(parts.text, p, position)
        for role, p, words in parts.roles
    )


# "report says granuloma and the scan has a calcified nodule": a clause whose subject is the
# images (the scan, the study, the ct) ends the report's scope, so the finding after it is one of
# the findings table (part 55: it had been read as a report mention too, silently)
_IMAGES_SAY = re.compile(
    r"(?:\b(?:and|but|while|whereas|yet)\s+|[,;]\s*)(?:(?:the|its|their|that|this|his|her)\s+)?"
    r"(?:scans?|study|studies|exams?|examinations?|cts?|ldcts?|images?|imaging|films?|x-?rays?)\s+"
    r"(?:also\s+)?(?:has|have|had|shows?|showed|shown|reveals?|revealed|contains?|contained|"
    r"demonstrates?|demonstrated|displays?|displayed|found|finds)\b"
    # "the report says emphysema and there is a spiculated nodule (finding)": a clause of its
    # own saying what exists, not what the report says (part 59: the nodule had been a report
    # mention too)
    r"|\b(?:and|but|while|whereas|yet)\s+there\s+(?:is|are|was|were)\b"
)


_REPORT_NOUNS = frozenset({"report", "reports", "report text", "radiology report", "impression"})
_IN_THE = re.compile(r"\b(?:in|on|per|from|within)\s+(?:(?:the|their|its|his|her|a)\s+)?$")


def _closes(parts: Parts, at: int, words: str, position: int) -> bool:
    """Is the report word at ``at`` a place ("in the report", "per report") that says where
    the words before it were read, and so does not read a kind word at ``position`` after a
    break ("with", "and") or a comma?"""
    place = words in _REPORT_NOUNS and _IN_THE.search(parts.text[:at]) is not None
    if not place and not _after_its_concept(parts, at):
        return any(
            role == "never" and at < p < position and _opens_clause(parts, at, p, never)
            for role, p, never in parts.roles
        )
    return (
        comma_ends(parts.text, at, position)
        or any(
            (role in _CLOSING_ROLES or (role == "neg" and words.startswith(_JOINED)))
            and at < p < position
            for role, p, words in parts.roles
        )
        or (place and _own_finding_after_or(parts, at, position))
    )


# The attributes only a finding has: a kind word after one of them is described as a finding
_FINDING_ATTRIBUTES = frozenset({"attenuation", "margin", "calcified", "lobe", "side"})


def _own_finding_after_or(parts: Parts, at: int, kind_at: int) -> bool:
    """Is the kind word at ``kind_at`` a finding with attributes of its own, after an "or"
    that follows the place of reading at ``at``? In "emphysema on a report or a spiculated
    nodule" the spiculated nodule is the other alternative, a finding condition (it had been
    read as a report mention of a nodule too, ANDed on, silently); a bare kind word after the
    "or" ("emphysema on a report or a nodule") may still be a report mention and stays one."""
    joins = [p for role, p, _ in parts.roles if role == "or" and at < p < kind_at]
    if not joins:
        return False
    return any(
        g.term.field in _FINDING_ATTRIBUTES and max(joins) < position_of < kind_at
        for g in parts.grounded
        for position_of in (position(parts, g),)
    )


_JOINED = ("but ", "and ")
"""A negation joined on ("emphysema on the report but no mass", "... and no mass on any scan")
ends a place of reading as "but never" does: the mass is a finding (it had been a report
mention, part 32)."""


def _opens_clause(parts: Parts, at: int, p: int, never: str) -> bool:
    """Does the "never" at ``p`` begin a clause of its own, with its own verb or subject
    ("whose reports show emphysema but who never had any nodule", "... but never had a
    nodule": the verb may follow the "never" phrase)? Such a clause says what the patient
    had, not what the report at ``at`` said, so the report verb ends before it; an elliptical
    "never" ("reports mentioning emphysema but never nodules") still shares the report's
    verb."""
    if _CLAUSE_VERBS & set(never.split() + parts.text[p + len(never) :].split()[:1]):
        return True
    return any(
        role == "break"
        and words in _SUBJECTS
        and at < b < p
        and not parts.text[b:p].strip(" " + words)
        for role, b, words in parts.roles
    )


# The verbs by which a "never" phrase is a clause of its own ("never had", "has never",
# "never developed") and the relative words that give it a subject ("but who never")
_CLAUSE_VERBS = frozenset(
    {
        "had",
        "has",
        "have",
        "having",
        "showed",
        "developed",
        "found",
        "shown",
        "seen",
        "diagnosed",
        "been",
        "being",
        "imaged",
        "scanned",
        "examined",
        "studied",
    }
)
_SUBJECTS = frozenset({"who", "that", "who have", "who had", "that have", "that had"})


def _after_its_concept(parts: Parts, at: int) -> bool:
    """Does the report word at ``at`` follow the report concept it describes, in one phrase
    ("emphysema noted in the report", "emphysema mentioned in a report")? Such a word says
    where that concept was read, as "in the report" does, and ends with its phrase: in
    "emphysema mentioned in a report but never any nodule" the nodule is a finding (it had been
    a report mention, silently). A report word before the concepts ("reports mentioning
    emphysema but never nodules") governs them all."""
    before = [
        position(parts, g)
        for g in parts.grounded
        if position(parts, g) < at
        and (
            g.term.field == "concept" or (g.term.field == "kind" and g.term.value in _REPORT_KINDS)
        )
    ]
    if not before:
        return False
    last = max(before)
    return not any(
        role in _CLOSING_ROLES or role == "report" for role, p, _ in parts.roles if last < p < at
    ) and not comma_ends(parts.text, last, at)


# A place of reading ends at a break and at "but never / and never / never": in "emphysema on
# a report but never any nodule" the nodule is a finding (it had been read as a report
# mention, silently); a report word after "never" ("never a nodule in the report") keeps it
# one
_CLOSING_ROLES = frozenset({"break", "never"})


def _report_changes(parts: Parts, position: int) -> tuple[str, ...]:
    """The comparisons a question asks of a report concept: "stable nodules in the report"."""
    cues = (("stable", "stable"), ("new", "new"), ("grew", "increased"), ("shrank", "decreased"))
    return tuple(
        change
        for cue, change in cues
        if _scope(parts, cue, position) and _reaches(parts, _last(parts, cue, position), position)
    )


def _last(parts: Parts, cue: str, position: int) -> int:
    return max(p for role, p, _ in parts.roles if role == cue and p < position)


def _reaches(parts: Parts, cue: int, position: int) -> bool:
    """Does a comparison word at ``cue`` ("new", "stable") reach a report concept at
    ``position``? Not past a kind of finding it describes first, nor past a negation: in "new
    nodules but no emphysema" only the nodules are new."""
    stops = ("break", "neg", "never")
    if any(role in stops and cue < p < position for role, p, _ in parts.roles):
        return False
    return not any(
        g.term.field == "kind" and not _is_concept(parts, g) and cue < position_of < position
        for g in parts.grounded
        for position_of in (parts.tokens[g.first].start,)
    )


def _compares_report_concept(parts: Parts, cue: int) -> bool:
    """Does the "new" / "grew" word at ``cue`` describe a report concept ("new effusion in the
    report"), and so not a finding clause?"""
    for g in parts.grounded:
        pos = position(parts, g)
        is_concept = g.term.field == "concept" or (
            g.term.field == "kind"
            and g.term.value in _REPORT_KINDS
            and _reads_as_report(parts, pos)
        )
        if is_concept and cue < pos and _reaches(parts, cue, pos):
            return True
    return False


def find_clauses(parts: Parts) -> tuple[list[Clause], list[Concept]]:
    """Finding clauses and report concepts; each concept says whether "never" governs it and
    where it is."""
    clauses: list[Clause] = []
    concepts: list[Concept] = []
    for g in sorted(parts.grounded, key=lambda g: g.first):
        pos = position(parts, g)
        negated = _scope(parts, "neg", pos) or _scope(parts, "never", pos)
        never = _scope(parts, "never", pos) or (
            negated and any(words in _EVER for role, _, words in parts.roles)
        )
        field, value = g.term.field, g.term.value
        if _is_concept(parts, g):
            concept = ConceptFilter(
                value,
                present=not negated,
                denied=negated and not never and _stated_absent(parts, pos),
                include_uncertain=_scope(parts, "uncertain", pos),
                include_historical=_scope(parts, "history", pos),
                changes=_report_changes(parts, pos),
            )
            concepts.append((concept, never, pos))
        elif field == "kind" or _names_a_nodule(parts, g, pos):
            value = value if field == "kind" else "nodule"
            previous = clauses[-1] if clauses else None
            joined = (
                previous is not None
                and previous.absent == negated
                and any(
                    role == "or" and previous.positions[-1] < p < pos for role, p, _ in parts.roles
                )
                and not _own_kind_after_or(parts, previous.positions[-1], pos)
            )
            if previous is not None and joined:
                previous.positions.append(pos)
                previous.kinds.append(value)
            else:
                clauses.append(Clause([pos], [value], negated, never=never))
    _anaphors(parts, clauses)
    _nodule_forms_joined(parts, clauses)
    return clauses, concepts


_ARTICLE_AFTER_OR = re.compile(r"\bor\s+(?:an?|any)\s")
_ARTICLE_BEFORE = re.compile(r"\b(?:an?|any)\s+(?:[a-z-]+\s+){0,3}$")


def _own_kind_after_or(parts: Parts, before: int, at: int) -> bool:
    """Is the kind word at ``at``, after an "or" that follows the kind word at ``before``, a
    finding of its own rather than another kind of the same finding? It is when each has its
    own article and either describes itself ("a spiculated nodule or a mass", "a nodule in the
    rul or a mass", "a mass or a calcified nodule"): the attribute is that finding's, the other
    is any finding of its kind (part 43: the mass had been asked to be spiculated too,
    silently). "spiculated nodules or masses" stays one finding, by the Conventions."""
    between = parts.text[before:at]
    if not _ARTICLE_AFTER_OR.search(between):
        return False
    own = parts.text[:before]
    article = _ARTICLE_BEFORE.search(own)
    return article is not None and any(
        g.term.field in _FINDING_ATTRIBUTES
        and (article.start() < (p := position(parts, g)) < at and p != before)
        for g in parts.grounded
    )


def _nodule_forms_joined(parts: Parts, clauses: list[Clause]) -> None:
    """ "ggns or masses": one clause, so the attenuation the "ggns" names is asked of the
    masses too; said in a caution."""
    forms = {
        position(parts, g): g.words
        for g in parts.grounded
        if g.term.field == "attenuation" and g.words in _NODULE_FORMS
    }
    for clause in clauses:
        joined = [forms[p] for p in clause.positions if p in forms]
        if joined and len(clause.positions) > 1:
            parts.cautions.append(
                f"'{joined[0]}' was joined by 'or' to another kind of finding: its attenuation "
                "is asked of each kind; ask for each kind separately to be sure"
            )


# Attenuation forms that are also the noun: a ground-glass / part-solid nodule (opacity).
_NODULE_FORMS = frozenset({"ggn", "ggns", "ggo", "ggos", "psn", "psns"})
NODULE_FORMS = _NODULE_FORMS


def _names_a_nodule(parts: Parts, g: Grounded, position: int) -> bool:
    """Is ``g`` an attenuation that names its nodule too ("ggn", "psns") with no kind word of
    its own after it? Then it is a finding clause of its own: "a ggn and a mass" is a
    ground-glass nodule and a mass (it had been a ground-glass mass, silently)."""
    if g.term.field != "attenuation" or g.words not in _NODULE_FORMS:
        return False
    breaks = [p for role, p, _ in parts.roles if role in ("break", "neg", "never", "or")]
    return not any(
        k.term.field == "kind"
        and (at := parts.tokens[k.first].start) > position
        and not any(position < b < at for b in breaks)
        for k in parts.grounded
    )


def _stated_absent(parts: Parts, position: int) -> bool:
    """Is the negation governing ``position`` one that says the report states the absence
    ("negative for", "says no")?"""
    cue = _cue(parts, position)
    return any(p == cue and words in STATED_ABSENT for role, p, words in parts.roles)


def _anaphors(parts: Parts, clauses: list[Clause]) -> None:
    """ "... who never had spiculated ones": "ones" repeats the kind of the clause before it."""
    for role, pos, words in parts.roles:
        if role != "anaphor":
            continue
        before = [c for c in clauses if min(c.positions) < pos]
        if not before:
            parts.ignored.append(words)
            continue
        previous = max(before, key=lambda c: max(c.positions))
        never = _scope(parts, "never", pos)
        negated = never or _scope(parts, "neg", pos)
        clauses.append(Clause([pos], list(previous.kinds), negated, never=never))


def target(clauses: list[Clause], position: int, parts: Parts | None = None) -> Clause:
    """The clause an attribute at ``position`` describes.

    Inside a "without"/"never" phrase followed by its own kind word ("never spiculated
    nodules"), that negated clause; otherwise the next present kind word of the same phrase
    ("calcified nodules and ground-glass nodules"), else the nearest present one.
    """
    if parts is not None:
        cue = _cue(parts, position)
        negated = [c for c in clauses if c.absent and cue is not None]
        within = [
            c for c in negated if any(cue is not None and cue < p <= position for p in c.positions)
        ]  # (at ``position`` itself: "no ggns", the word is the kind and its attenuation)
        if within:  # "without nodules in the RUL": the RUL nodules are the ones not wanted
            return max(within, key=lambda c: max(c.positions))
        ahead = _following(parts, clauses, position)
        if ahead is not None:
            return ahead
        behind = _preceding(parts, clauses, position)
        if behind is not None:
            return behind
        if cue is not None and any(r == "never" and p == cue for r, p, _ in parts.roles):
            return _never_clause(clauses, position)  # "never spiculated": never such a nodule
    present = [c for c in clauses if not c.absent]
    if not present:
        clause = Clause([position], ["nodule"], False)
        clauses.append(clause)
        return clause
    return min(present, key=lambda c: min((abs(p - position), -p) for p in c.positions))


def history_target(parts: Parts, clauses: list[Clause], position: int) -> Clause:
    """The clause a word of a nodule's history ("new", "growing", "stable", "that grew by more
    than 2 mm", "resolved") at ``position`` describes.

    Inside a "never" / "no ... ever" / "without" phrase it describes the finding that phrase
    negates, before or after it ("never had a growing nodule", "never had a nodule that grew":
    the patients none of whose nodules grew); it had gone to a present nodule of its own,
    silently ("patients with a growing nodule who never had a nodule": nobody). Elsewhere it
    describes the nearest present finding, as before ("a nodule that grew and a mass").
    """
    cue = _cue(parts, position)
    if cue is not None:
        governed = [
            (min(abs(p - position) for p in c.positions), i)
            for i, c in enumerate(clauses)
            if c.absent and all(p > cue and _cue(parts, p) == cue for p in c.positions)
        ]
        if governed:
            return clauses[min(governed)[1]]
    relative = _relative_of(parts, clauses, position)
    return relative if relative is not None else target(clauses, position)


_RELATIVES = frozenset({"that", "which", "that had", "that have"})


def _relative_of(parts: Parts, clauses: list[Clause], position: int) -> Clause | None:
    """The finding a relative clause at ``position`` describes: "never had a nodule that grew
    (by more than 2 mm)", "a nodule that grew and a mass". The "that" ends a negation's phrase,
    so the history word is not in its scope, and the nearest finding may come after it: it had
    made a present nodule of its own ("never had a nodule that grew": nobody), or gone to the
    mass. Only when the nearest finding before it has nothing but the relative word and
    attributes between."""
    before = [
        (max(p for p in c.positions if p < position), i)
        for i, c in enumerate(clauses)
        if any(p < position for p in c.positions)
    ]
    if not before:
        return None
    at, index = max(before)
    between = [(role, words) for role, p, words in parts.roles if at < p < position]
    relative = [words for role, words in between if role == "break"]
    others = [role for role, _ in between if role not in ("break", "stop")]
    if len(relative) == 1 and relative[0] in _RELATIVES and not others:
        return clauses[index]
    return None


def names_findings(parts: Parts) -> bool:
    """Whether the question says "finding(s)" for what it asks about (every kind of finding)."""
    return any(role == "finding" and w.startswith("finding") for role, _, w in parts.roles)


def _findings_negated(parts: Parts) -> bool:
    """Is every "finding(s)" of the question governed by a "no" / "without" / "never" ("studies
    with no findings at all")? Then no finding is asked to be present."""
    nouns = [p for role, p, w in parts.roles if role == "finding" and w.startswith("finding")]
    described = parts.measures or any(g.term.field in _ATTRIBUTE_FIELDS for g in parts.grounded)
    if not nouns or described:  # "no findings > 10 mm", "no findings in the rul": as before
        return False
    return all(_cue(parts, p) is not None for p in nouns)


def _never_clause(clauses: list[Clause], position: int) -> Clause:
    """A "never" clause of the kind of the nearest clause (a nodule when there is none)."""
    nearest = min(clauses, key=lambda c: min(abs(p - position) for p in c.positions), default=None)
    clause = Clause([position], list(nearest.kinds) if nearest else ["nodule"], True, never=True)
    clauses.append(clause)
    return clause


def _preceding(parts: Parts, clauses: list[Clause], position: int) -> Clause | None:
    """The present kind word just before ``position`` in the same phrase: "a nodule in the
    RUL and a mass" (the RUL is the nodule's; it had gone to the nearer mass, silently)."""
    breaks = [p for role, p, _ in parts.roles if role in ("break", "neg", "never", "or")]
    behind = [
        (p, i)
        for i, clause in enumerate(clauses)
        for p in clause.positions
        if p < position and not clause.absent and not any(p < b < position for b in breaks)
    ]
    return clauses[max(behind)[1]] if behind else None


def _following(parts: Parts, clauses: list[Clause], position: int) -> Clause | None:
    # a count word starts a phrase of its own: "subsolid nodules that have spiculated margins -
    # count of nodules" asks for the spiculated subsolid nodules, the noun after "count of" being
    # the unit counted (part 36: the margin had gone to that noun, a nodule of its own, silently)
    breaks = [p for role, p, _ in parts.roles if role in ("break", "neg", "never", "or", "count")]
    ahead = [
        (p, i)
        for i, clause in enumerate(clauses)
        for p in clause.positions
        if p > position and not any(position < b < p for b in breaks)
    ]
    return clauses[min(ahead)[1]] if ahead else None


_ALL_VALUES = {
    "attenuation": ("solid", "part-solid", "ground-glass"),
    "margin": ("smooth", "lobulated", "spiculated"),
    "lobe": ("RUL", "RML", "RLL", "LUL", "LLL"),
    "side": ("left", "right"),
}
_GROUPED_VALUES = {
    ("attenuation", "subsolid"): ("part-solid", "ground-glass"),
    ("lobe", "upper"): ("RUL", "LUL"),
    ("lobe", "lower"): ("RLL", "LLL"),
}


def _inverted(bounds: NumberRange) -> NumberRange | None:
    """The values outside a one-sided range; None for a two-sided one (two ranges)."""
    if bounds.low is not None and bounds.high is None:
        return NumberRange(high=bounds.low, high_inclusive=not bounds.low_inclusive)
    if bounds.high is not None and bounds.low is None:
        return NumberRange(low=bounds.high, low_inclusive=not bounds.high_inclusive)
    return None


def _complement(field: str, value: str) -> tuple[str, ...]:
    """Every other value of an attribute: "not spiculated" is smooth or lobulated."""
    left_out = _GROUPED_VALUES.get((field, value), (value,))
    return tuple(v for v in _ALL_VALUES[field] if v not in left_out)


_ATTRIBUTE_FIELDS = {
    "attenuation": "attenuations",
    "margin": "margins",
    "lobe": "lobes",
    "side": "sides",
}


def attach(parts: Parts, clauses: list[Clause]) -> None:
    if not clauses and names_findings(parts) and not _findings_negated(parts):
        # "findings > 25 mm": every kind of finding, not nodules only (a kind named narrows it);
        # "no findings" is their absence alone (account), not also a finding present
        clauses.append(Clause([0], [], False))
    for g in parts.grounded:
        pos = position(parts, g)
        if g.term.field in _ATTRIBUTE_FIELDS:
            clause = target(clauses, pos, parts)
            name = _ATTRIBUTE_FIELDS[g.term.field]
            if not clause.absent and directly_negated(parts, clauses, pos):
                for value in _complement(g.term.field, g.term.value):  # "not in the RUL"
                    clause.add(name, value)
            else:
                clause.add(name, g.term.value)
        elif g.term.field == "calcified":  # "no calcification" negates the attribute
            clause = target(clauses, pos, parts)
            negated = _scope(parts, "neg", pos) and not clause.absent
            clause.add("calcified", (g.term.value == "true") != negated)
    for measure, pos in parts.measures:
        clause = target(clauses, pos, parts)
        bounds = measure.range
        if not clause.absent and directly_negated(parts, clauses, pos):
            inverted = _inverted(bounds)  # "not over 6 mm" is "6 mm or less"
            if inverted is None:
                parts.cautions.append(
                    "'not' before a range was not applied (ask for 'under' or 'over' instead)"
                )
            bounds = inverted or bounds
        clause.add("measures", Measure(measure.field, bounds))
    for role, pos, words in parts.roles:
        if role in ("grew", "new", "shrank") and not _compares_report_concept(parts, pos):
            history_target(parts, clauses, pos).add(role, True)
        elif role == "resolved":
            _resolved(parts, history_target(parts, clauses, pos), words)
        elif role == "stable" and not _compares_report_concept(parts, pos):
            _stable(parts, history_target(parts, clauses, pos), words)
        elif role == "bilateral":  # one such finding on each side, in the same study
            clause = target(clauses, pos, parts)
            clause.attributes["sides"] = ["left"]
            twin = Clause(list(clause.positions), list(clause.kinds), clause.absent)
            twin.attributes = {**clause.attributes, "sides": ["right"]}
            clauses.append(twin)
    for minimum, noun in parts.counts:
        target(clauses, noun).add("min_count", minimum)
    for maximum, noun in parts.count_limits:
        target(clauses, noun).add("max_count", maximum)
    for largest, pos in parts.extremes:
        target(clauses, pos, parts).add("extreme", "largest" if largest else "smallest")
    for growth, pos in parts.growth:
        clause = history_target(parts, clauses, pos)
        clause.add("grew", True)
        clause.add("growth_mm", growth)
    for since, pos in parts.since_first:
        history_target(parts, clauses, pos).add("since_first", since)
    for days, pos in parts.doubling:
        history_target(parts, clauses, pos).add("vdt_days", days)
    for scans, pos in parts.track_scans:
        clause = history_target(parts, clauses, pos)
        clause.add("min_scans", int(scans.low or 1) + (0 if scans.low_inclusive else 1))


_TRACKED = frozenset({"nodule", "mass", "lesion"})


def _resolved(parts: Parts, clause: Clause, words: str) -> None:
    """Only nodules and masses are followed across studies (tracks): "resolved" of another
    kind ("the effusion cleared") is named, never dropped."""
    if set(clause.kinds) <= _TRACKED:
        clause.add("resolved", True)
    else:
        parts.ignored.append(words)
        parts.cautions.append(
            f"'{words}' is known only for nodules and masses, which are followed across studies"
        )


def _stable(parts: Parts, clause: Clause, words: str) -> None:
    """ "stable nodules": compared with the same nodule on an earlier study, so only nodules
    and masses; "persistent" says the nodule is still seen, not that its size held, so it is
    named rather than read as stable."""
    if words == "persistent" or not set(clause.kinds) <= _TRACKED:
        parts.ignored.append(words)
        parts.cautions.append(
            f"'{words}' was not read: 'stable' is known only for nodules and masses (no growth "
            "or shrinking over 1.5 mm since the same nodule on the previous study)"
        )
    else:
        clause.add("stable", True)


def finding_clause(clause: Clause) -> FindingClause:
    a = clause.attributes

    def values(name: str) -> tuple[str, ...]:
        found = a.get(name, [])
        assert isinstance(found, list)
        return tuple(str(v) for v in found)

    measures = a.get("measures", [])
    assert isinstance(measures, list)
    calcified = a.get("calcified")
    min_count = a.get("min_count", 1)
    max_count = a.get("max_count")
    growth = a.get("growth_mm")
    min_scans = a.get("min_scans", 1)
    since_first = a.get("since_first")
    vdt = a.get("vdt_days")
    return FindingClause(
        kinds=tuple(dict.fromkeys(clause.kinds)),
        attenuations=values("attenuations"),
        margins=values("margins"),
        calcified=calcified if isinstance(calcified, bool) else None,
        lobes=values("lobes"),
        sides=values("sides"),
        measures=tuple(measures),
        lung_rads=values("lung_rads"),
        grew=bool(a.get("grew")),
        new=bool(a.get("new")),
        absent=clause.absent,
        min_count=int(min_count) if isinstance(min_count, int) else 1,
        max_count=max_count if isinstance(max_count, int) else None,
        growth_mm=growth if isinstance(growth, NumberRange) else FindingClause().growth_mm,
        min_scans=min_scans if isinstance(min_scans, int) else 1,
        shrank=bool(a.get("shrank")),
        resolved=bool(a.get("resolved")),
        since_first=since_first if isinstance(since_first, NumberRange) else None,
        stable=bool(a.get("stable")),
        vdt_days=vdt if isinstance(vdt, NumberRange) else None,
        track_start="nodule" if a.get("track_start") == "nodule" else None,
        kind_now=bool(a.get("kind_now")),
    )


def _extreme_clauses(clauses: list[Clause]) -> None:
    """ "whose largest nodule is under 6 mm" holds when a nodule is under 6 mm and none is
    6 mm or more; "largest ... over 10 mm" is simply a nodule over 10 mm (and the reverse for
    "smallest"). Adds the "none is" clauses."""
    for clause in list(clauses):
        extreme = clause.attributes.get("extreme")
        measures = clause.attributes.get("measures", [])
        if extreme is None or not isinstance(measures, list):
            continue
        for measure in measures:
            assert isinstance(measure, Measure)
            bounds = measure.range
            beyond = (
                NumberRange(low=bounds.high, low_inclusive=not bounds.high_inclusive)
                if extreme == "largest"
                else NumberRange(high=bounds.low, high_inclusive=not bounds.low_inclusive)
            )
            if (beyond.low if extreme == "largest" else beyond.high) is None:
                continue
            kinds = list(clause.kinds)
            clauses.append(
                Clause(
                    list(clause.positions),
                    kinds,
                    True,
                    {"measures": [Measure(measure.field, beyond)]},
                )
            )


def _unused_age(parts: Parts) -> None:
    """ "age of P00010" asks for a value, not a condition: the word is named, never dropped."""
    if not parts.ages:
        parts.ignored.extend(w for role, _, w in parts.roles if role == "age")


def _unused_both(parts: Parts, clauses: list[Clause], concepts: list[Concept]) -> None:
    """ "both" joins two conditions; with fewer it is named, never dropped."""
    present = [c for c in clauses if not c.absent] + [c for c, _, _ in concepts if c.present]
    if len(present) < 2:
        parts.ignored.extend(w for role, _, w in parts.roles if role == "both" and w == "both")


def _unused_negations(parts: Parts, clauses: list[Clause]) -> None:
    """A "no"/"without"/"never" that governs nothing is named, never dropped; over the
    word "findings" it means no finding of any kind ("studies with no findings")."""
    governed = {_cue(parts, position(parts, g)) for g in parts.grounded}
    governed |= {_cue(parts, pos) for _, pos in parts.measures}
    governed |= {_cue(parts, pos) for pos in parts.lung_rads_at}
    # "never scanned at ct02": the station goes into the "never" condition (parser); under
    # "without" it does not, and the word stays named
    governed |= {_cue(parts, at) for at in parts.station_at if negation_of(parts, at) == "never"}
    # "but never a growing one": the anaphor's negated clause (a present clause made for a
    # word in the phrase, "never VDT < 300", is not what the negation governs)
    governed |= {_cue(parts, p) for c in clauses if c.absent for p in c.positions}
    governed |= {negated_period(parts, phrase.start) for phrase in parts.dates}
    for role, cue, words in parts.roles:
        if role not in ("neg", "never") or cue in governed:
            continue
        nouns = [p for r, p, _ in parts.roles if r == "finding" and _cue(parts, p) == cue]
        if nouns:
            clauses.append(Clause([nouns[0]], [], True, never=role == "never"))
        else:
            parts.ignored.append(words)


def account(parts: Parts, clauses: list[Clause], concepts: list[Concept]) -> None:
    """Name the structure words that governed nothing; add the clauses "largest" implies."""
    _unused_negations(parts, clauses)
    _unused_both(parts, clauses, concepts)
    _unused_age(parts)
    _extreme_clauses(clauses)
