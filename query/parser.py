"""From the words of a question to a :class:`~query.typed_query.TypedQuery`.

Identifiers are read first (:mod:`query.identifiers`: a UID's tail is never a year), then
patient history and rankings (:mod:`query.history`), dates (:mod:`query.dates`), and numbers,
comparators, units, ages, counts, top-N and Lung-RADS categories (:mod:`query.numbers`), all
deterministic; the remaining words are grounded to the vocabulary by
:class:`query.grounding.Grounder` (exact forms, spelling, MiniLM meaning) or recognised as
structure ("patients", "how many", "without", "never", "both", "on one CT"). Negation governs
what follows it up to the next break word; "never" and "both" in a question about patients become
a :class:`~query.typed_query.PatientFilter`. Every word that nothing places, and every negation
or "both" that governs nothing, is kept in ``TypedQuery.ignored``; readings that were guesses go
to ``TypedQuery.cautions``; :mod:`query.accounting` turns both into the answer's warnings.
Questions that are too long, empty, or in which nothing at all could be placed raise
:class:`QueryError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
import unicodedata

from appliance.errors import QueryError
from appliance.findings import LUNG_RADS_ORDER
from query import dates, history, numbers
from query.grounding import Grounded, Grounder, Token
from query.identifiers import IdentifierPhrase, Identify, find_identifiers
from query.typed_query import (
    FINDING_GROUPS,
    ConceptFilter,
    CountOf,
    DateRange,
    FindingClause,
    GroupField,
    Measure,
    NumberRange,
    PatientFilter,
    StudyFilter,
    StudyPick,
    TopN,
    TypedQuery,
    Unit,
)

__all__ = ["MAX_QUESTION_CHARS", "parse_question"]

MAX_QUESTION_CHARS = 500
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


def _roles(spec: str) -> dict[str, str]:
    table = {}
    for entry in spec.split(";"):
        role, _, words = entry.partition(":")
        for word in words.split("|"):
            table[word.strip()] = role.strip()
    return table


_ROLE_WORDS = _roles(
    "patient: patients|patient|people|persons|subjects|individuals|anyone|pts|ppl|cohort members;"
    "study: studies|study|scans|scan|exams|exam|examinations|examination|imaging studies|cases|"
    "series|accessions;"
    "finding: findings|finding|each nodule|individual nodules|nodule list;"
    "count: how many|number of|count of|count|total number of|how much|what number of;"
    "neg: without|no|not|none|free of|lacking|absent|negative for|excluding|except|but no|w/o;"
    "never: never|never had|never has|never have|has never|have never|had never|at no point|"
    "not ever|never any|but never|and never|without ever|never showed|never developed;"
    "both: both|either|ever|at some point|at any point|at any time|ever had|has ever|have ever;"
    "or: or|and/or;"
    "grew: grew|grow|grows|grown|growing|growth|enlarging|enlarged|increased|increasing|"
    "increase in size|"
    "increased in size|larger than before|bigger than before|larger than prior|progressed|"
    "progressing|progression|interval growth|interval increase|got bigger|got larger|size increase;"
    "new: new|newly|new-onset|appeared|newly appeared|incident|developed|emerging|de novo;"
    "history: history of|a history of|known history of|prior history of|past history of|h/o;"
    "stable: stable|unchanged|persistent;"
    "report: report|reports|reported|mention|mentions|mentioned|mentioning|describes|described|"
    "says|say|documented|noted|dictated|text|impression|report text|radiology report;"
    "uncertain: possible|possibly|suspected|probable|questionable|equivocal|uncertain|maybe|"
    "including possible|or possible;"
    "per_study: on one ct|on a single ct|on one scan|on a single scan|on the same scan|"
    "on the same ct|in one study|in a single study|per study|per scan|on one study|on one exam|"
    "on a single study|on a single exam|at once|on one chest ct|in one scan|in a single scan|"
    "on the same study;"
    "age: age|aged|ages|old|year-old|years-old;"
    "anaphor: ones|one|any|them|those ones;"
    "bilateral: bilateral|bilaterally|both lungs|both sides|both lung fields|each lung|"
    "left and right lungs|right and left lungs;"
    "break: and|but|with|w|&|who|that|whose|have|has|having|while|whereas|plus|as well as|"
    "along with|together with|who have|who had|that have|that had;"
    "stop: the|a|an|all|any|show|me|list|find|get|give|display|return|which|what|"
    "had|in|on|at|of|for|from|by|to|are|is|was|were|be|been|their|"
    "there|those|these|please|i|want|need|see|scanned|imaged|seen|found|detected|identified|"
    "showing|shows|show|containing|contain|contains|demonstrating|demonstrate|where|did|do|does|"
    "lung|lungs|pulmonary|located|location|lobe|lobes|measuring|measure|measured|size|sized|"
    "diameter|cases with|diagnosed with|diagnosed|diagnosis of|same nodule|the same nodule|"
    "same nodules|also|some|it|its|they|them|my|our|we|can|you|tell|about|"
    "within|whom|whose report|done|performed|acquired|obtained|taken|any kind of|kind|"
    "type|types|currently|recorded|catalogue|catalog|database|appliance|here|"
    "axis|showed|reveal|revealed|revealing|since the previous scan|since the prior scan|"
    "since the previous study|since the prior study|since prior|since previous|"
    "compared to prior|compared with prior|from the previous scan|on follow up|"
    "margin|margins|border|borders|edges|contour|follow-up|follow up|followup|surveillance|"
    "prior|previous|ct scanner|scanner|station|modality|date|dated|dates"
)


@dataclasses.dataclass
class _Parts:
    """What the readers found, by token position, before assembly."""

    tokens: list[Token]
    grounded: list[Grounded]
    roles: list[tuple[str, int, str]]  # role, token index, words
    measures: list[tuple[Measure, int]]
    ages: list[NumberRange]
    counts: list[tuple[int, int]]  # min_count, char position of the noun
    tops: list[TopN]
    lung_rads: list[tuple[str, ...]]
    dates: list[dates.DatePhrase]
    notes: list[str]
    ignored: list[str]
    stations: list[str]
    identifiers: list[IdentifierPhrase] = dataclasses.field(default_factory=list)
    birth: list[DateRange] = dataclasses.field(default_factory=list)
    picks: list[StudyPick] = dataclasses.field(default_factory=list)
    study_counts: list[NumberRange] = dataclasses.field(default_factory=list)
    track_scans: list[tuple[NumberRange, int]] = dataclasses.field(default_factory=list)
    growth: list[tuple[NumberRange, int]] = dataclasses.field(default_factory=list)
    top_units: list[str] = dataclasses.field(default_factory=list)
    highest_lung_rads: list[tuple[str, ...]] = dataclasses.field(default_factory=list)
    cautions: list[str] = dataclasses.field(default_factory=list)
    groups: list[GroupField] = dataclasses.field(default_factory=list)
    extremes: list[tuple[bool, int]] = dataclasses.field(default_factory=list)
    text: str = ""
    alternatives: list[str] = dataclasses.field(default_factory=list)

    def rephrase(self, start: int, end: int, pattern: str, replacement: str) -> None:
        """Offer the question with ``pattern`` replaced once inside ``start:end``."""
        inside = re.sub(pattern, replacement, self.text[start:end], count=1)
        if inside != self.text[start:end]:
            self.alternatives.append(self.text[:start] + inside + self.text[end:])

    count_limits: list[tuple[int, int]] = dataclasses.field(default_factory=list)


def _clean(question: str) -> str:
    if len(question) > MAX_QUESTION_CHARS:
        raise QueryError(
            f"the question is {len(question)} characters long; ask in at most "
            f"{MAX_QUESTION_CHARS} characters (one question at a time)"
        )
    text = unicodedata.normalize("NFKC", question)
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = text.replace("–", "-").replace("—", "-").replace("’", "'")
    text = re.sub(r"(?<=\w)'s\b", "", text)  # "P00003's studies": the possessive adds nothing
    text = re.sub(r"\s+", " ", text).strip().lower()
    if not text:
        raise QueryError("the question is empty")
    return text


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in taken)


_TOKEN = re.compile(r"[a-z0-9]+(?:[-'/_.][a-z0-9]+)*|[^\sa-z0-9]")
_SILENT_PUNCTUATION = frozenset(",.?!:/;")
_DEMOGRAPHIC_BEFORE = re.compile(
    r"(?:women|woman|men|man|females?|males?|patients?|people|persons|subjects|individuals|aged?|"
    r"ladies|gentlemen|pts|ppl|who\s+are|that\s+are|are|is)\s*$"
)


_JOINED = re.compile(r"\s*(?:,|and|but|&)?\s*")
_DEMOGRAPHIC_AFTER = re.compile(
    r"\s*(?:women|woman|men|man|females?|males?|patients?|people|persons|subjects|pts|years?|yo)\b"
)


_BIRTH_BEFORE = re.compile(
    r"(?:born|birth\s*date|date\s+of\s+birth|dob|birthday|birth\s+year|year\s+of\s+birth)\s*"
    r"(?:is\s+|was\s+|of\s+)?(?:in\s+)?$"
)
_HIGHEST_BEFORE = re.compile(
    r"(?:highest|worst|max(?:imum)?|peak|maximal|top)\s+(?:ever\s+)?(?:recorded\s+)?$"
)


def _take(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Claim the span ``start:end`` unless a reader already placed part of it."""
    if _overlaps((start, end), taken):
        return False
    taken.append((start, end))
    return True


def _read_history(text: str, as_of: dt.date, parts: _Parts, taken: list[tuple[int, int]]) -> None:
    for extreme in history.find_extremes(text):
        if _take(taken, extreme.start, extreme.end):
            parts.extremes.append((extreme.largest, extreme.start))
    for group in history.find_groups(text):
        if _take(taken, group.start, group.end):
            parts.groups.append(group.field)
    for rank in history.find_rankings(text):
        spans = [(rank.start, rank.end)] + ([rank.also] if rank.also else [])
        if not any(_overlaps(span, taken) for span in spans):
            taken.extend(spans)
            parts.tops.append(rank.top)
            parts.top_units.append(rank.unit)
    for pick in history.find_picks(text):
        if _take(taken, pick.start, pick.end):
            parts.picks.append(pick.pick)
    for phrase in dates.find_dates(text, as_of):
        birth = _BIRTH_BEFORE.search(text[: phrase.start])
        start = birth.start() if birth else phrase.start
        if not _take(taken, start, phrase.end):
            continue
        if birth:
            parts.birth.append(phrase.range)
        else:
            parts.dates.append(phrase)
    for growth in history.find_growth(text):
        if _take(taken, growth.start, growth.end):
            parts.growth.append((growth.range, growth.start))
    for scans in history.find_track_scans(text):
        if _take(taken, scans.start, scans.end):
            parts.track_scans.append((scans.range, scans.start))
    for count in history.find_study_counts(text):
        if _take(taken, count.start, count.end):
            parts.study_counts.append(count.range)
            if count.guessed:
                parts.cautions.append(
                    f"'{text[count.start : count.end].strip()}' was read as exactly "
                    f"{count.range.low:g} studies per patient; say 'or more' for at least"
                )
                parts.rephrase(count.start, count.end, _COUNT_WORD, r"at least \g<0>")


_WITH_BEFORE = re.compile(r"(?:(?:with|having|and|who\s+have|who\s+had)\s+)?$")
_COUNT_WORD = rf"\b(?:\d+|{'|'.join(numbers.WORD_NUMBERS)}|once|twice|thrice)\b"
_UNIVERSAL = re.compile(
    r"\b(?P<all>all|every|each)\s+(?:of\s+)?(?:the\s+|their\s+|its\s+|his\s+|her\s+)?"
    r"(?:[a-z-]+\s+)?(?:nodules?|findings?|lesions?|masses|scans|studies)\s+(?:are|were|is|was|"
    r"being|showed|show|had|have)\b"
)


def _read_numbers(
    text: str,
    as_of: dt.date,
    parts: _Parts,
    taken: list[tuple[int, int]],
    identify: Identify | None,
) -> None:
    for every in _UNIVERSAL.finditer(text):  # "all nodules are calcified": not expressible
        taken.append(every.span("all"))
        parts.ignored.append(every.group("all"))
    for ident in find_identifiers(text, identify):
        if _take(taken, ident.start, ident.end):
            parts.identifiers.append(ident)
    for lr in numbers.find_lung_rads(text):
        highest = _HIGHEST_BEFORE.search(text[: lr.start])
        if _take(taken, highest.start() if highest else lr.start, lr.end):
            (parts.highest_lung_rads if highest else parts.lung_rads).append(lr.categories)
    _read_history(text, as_of, parts, taken)
    measured = _read_measures(text, parts, taken)
    _read_counts(text, parts, taken)
    for age in numbers.find_ages(text):
        if not _overlaps((age.start, age.end), taken):
            taken.append((age.start, age.end))
            parts.ages.append(age.range)
            if text[age.start : age.end].strip() in ("elderly", "geriatric", "senior", "seniors"):
                parts.notes.append(
                    f"'{text[age.start : age.end]}' read as age >= {numbers.ELDERLY}"
                )
    _read_unitless(text, parts, taken, measured)


def _read_measures(
    text: str, parts: _Parts, taken: list[tuple[int, int]]
) -> list[tuple[int, Measure]]:
    """Sizes, volumes, HU and confidence; returns where each ends, for "and < 100"."""
    measured: list[tuple[int, Measure]] = []
    for m in numbers.find_measures(text):
        if not _overlaps((m.start, m.end), taken):
            taken.append((m.start, m.end))
            parts.measures.append((m.measure, m.start))
            measured.append((m.end, m.measure))
            if m.note:
                parts.notes.append(m.note)
    for top in numbers.find_top(text):
        if not _overlaps((top.start, top.end), taken):
            taken.append((top.start, top.end))
            parts.tops.append(top.top)
            parts.top_units.append("finding")
    return measured


def _read_counts(text: str, parts: _Parts, taken: list[tuple[int, int]]) -> None:
    """Findings per study: "3 or more nodules", "exactly 2", "fewer than 3"."""
    for count in numbers.find_counts(text):
        if not _overlaps((count.start, count.end), taken):
            taken.append((count.start, count.end))
            parts.counts.append((count.min_count, count.noun_start))
            if count.max_count is not None:
                parts.count_limits.append((count.max_count, count.noun_start))
            if count.guessed:
                parts.cautions.append(
                    f"'{text[count.start : count.end].strip()}' was read as {count.min_count} "
                    "or more in one study; say 'exactly' for that number only"
                )
                parts.rephrase(count.start, count.end, _COUNT_WORD, r"exactly \g<0>")


def _read_unitless(
    text: str,
    parts: _Parts,
    taken: list[tuple[int, int]],
    measured: list[tuple[int, Measure]],
) -> None:
    """A number without a unit: a second bound of the measurement before it, an age next to a
    word for people, or else a diameter in mm (a guess, said so)."""
    for loose in numbers.find_unitless(text):
        if _overlaps((loose.start, loose.end), taken):
            continue
        taken.append((loose.start, loose.end))
        before, after = text[: loose.start].rstrip(), text[loose.end :]
        words = text[loose.start : loose.end].strip()
        same = [
            m
            for end, m in measured
            if end <= loose.start and _JOINED.fullmatch(text[end : loose.start])
        ]
        if same:  # "HU > -100 and < 100": the second bound is of the same measurement
            parts.measures.append((Measure(same[0].field, loose.range), loose.start))
        elif _DEMOGRAPHIC_BEFORE.search(before) or _DEMOGRAPHIC_AFTER.match(after):
            parts.ages.append(loose.range)  # "women over 60": the words around say it is an age
        else:
            parts.measures.append((Measure("diameter_mm", loose.range), loose.start))
            parts.cautions.append(f"'{words}' has no unit: read as a diameter in mm")


def _match_words(
    parts: _Parts, free: list[bool], grounder: Grounder, stations: frozenset[str]
) -> None:
    """Longest phrases first: vocabulary terms, then structural words, then stations."""
    tokens = parts.tokens
    soft = [False] * len(tokens)
    for size in range(4, 0, -1):
        for i in range(len(tokens) - size + 1):
            if not all(free[i : i + size]):
                continue
            phrase = " ".join(t.text for t in tokens[i : i + size])
            term = grounder.lookup(phrase)
            role = _ROLE_WORDS.get(phrase)
            if term is not None:
                parts.grounded.append(Grounded(term, i, i + size - 1, "exact", phrase))
            elif role is not None:
                parts.roles.append((role, tokens[i].start, phrase))
                soft[i] = size == 1 and role in ("stop", "break")
            else:
                continue
            free[i : i + size] = [False] * size
    for i, token in enumerate(tokens):
        if free[i] and token.text.upper() in stations:
            parts.stations.append(token.text.upper())
            free[i] = False
        elif free[i] and token.text in _SILENT_PUNCTUATION:
            free[i] = False
    parts.grounded.extend(grounder.fuzzy(tokens, free, soft))
    parts.ignored.extend(t.text for i, t in enumerate(tokens) if free[i])


def _read(
    text: str,
    as_of: dt.date,
    grounder: Grounder,
    stations: frozenset[str],
    identify: Identify | None,
) -> _Parts:
    parts = _Parts([], [], [], [], [], [], [], [], [], [], [], [], text=text)
    taken: list[tuple[int, int]] = []
    _read_numbers(text, as_of, parts, taken, identify)
    rest = _blank(text, taken)
    parts.tokens = [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(rest)]
    free = [True] * len(parts.tokens)
    _match_words(parts, free, grounder, stations)
    return parts


@dataclasses.dataclass
class _Clause:
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


_LIST_ATTRIBUTES = frozenset({"attenuations", "margins", "lobes", "sides", "measures", "lung_rads"})


def _scope(parts: _Parts, cue: str, position: int) -> bool:
    """Is ``position`` inside the scope of a ``cue`` word (up to the next break word)?"""
    starts = [p for role, p, _ in parts.roles if role == cue and p < position]
    if not starts:
        return False
    last = max(starts)
    return not any(role == "break" and last < p < position for role, p, _ in parts.roles)


def _cue(parts: _Parts, position: int) -> int | None:
    """Where the "without"/"not"/"never" word governing ``position`` is, if one does."""
    starts = [p for role, p, _ in parts.roles if role in ("neg", "never") and p < position]
    if not starts:
        return None
    last = max(starts)
    if any(role == "break" and last < p < position for role, p, _ in parts.roles):
        return None
    return last


def _directly_negated(parts: _Parts, clauses: list[_Clause], position: int) -> bool:
    """A negation word governs ``position`` with no kind word between ("not in the RUL",
    "excluding head CTs"), so the negation is of this word itself."""
    cue = _cue(parts, position)
    return cue is not None and not any(cue < p < position for c in clauses for p in c.positions)


def _position(parts: _Parts, g: Grounded) -> int:
    return parts.tokens[g.first].start


def _reads_as_report(parts: _Parts, position: int) -> bool:
    return any(role == "report" and p < position for role, p, _ in parts.roles)


def _report_changes(parts: _Parts, position: int) -> tuple[str, ...]:
    """The comparisons a question asks of a report concept: "stable nodules in the report"."""
    cues = (("stable", "stable"), ("new", "new"), ("grew", "increased"))
    return tuple(change for cue, change in cues if _scope(parts, cue, position))


def _compares_report_concept(parts: _Parts, cue: int) -> bool:
    """Does the "new" / "grew" word at ``cue`` describe a report concept ("new effusion in the
    report"), and so not a finding clause?"""
    for g in parts.grounded:
        pos = _position(parts, g)
        is_concept = g.term.field == "concept" or (
            g.term.field == "kind"
            and g.term.value in _REPORT_KINDS
            and _reads_as_report(parts, pos)
        )
        between = [role for role, p, _ in parts.roles if cue < p < pos]
        if is_concept and cue < pos and "break" not in between:
            return True
    return False


def _clauses(parts: _Parts) -> tuple[list[_Clause], list[tuple[ConceptFilter, bool]]]:
    """Finding clauses and report concepts; each concept says whether "never" governs it."""
    clauses: list[_Clause] = []
    concepts: list[tuple[ConceptFilter, bool]] = []
    for g in sorted(parts.grounded, key=lambda g: g.first):
        pos = _position(parts, g)
        negated = _scope(parts, "neg", pos) or _scope(parts, "never", pos)
        never = _scope(parts, "never", pos) or (
            negated and any(words == "ever" for role, _, words in parts.roles)
        )
        field, value = g.term.field, g.term.value
        if field == "concept" or (
            field == "kind" and value in _REPORT_KINDS and _reads_as_report(parts, pos)
        ):
            concept = ConceptFilter(
                value,
                present=not negated,
                include_uncertain=_scope(parts, "uncertain", pos),
                include_historical=_scope(parts, "history", pos),
                changes=_report_changes(parts, pos),
            )
            concepts.append((concept, never))
        elif field == "kind":
            previous = clauses[-1] if clauses else None
            joined = (
                previous is not None
                and previous.absent == negated
                and any(
                    role == "or" and previous.positions[-1] < p < pos for role, p, _ in parts.roles
                )
            )
            if previous is not None and joined:
                previous.positions.append(pos)
                previous.kinds.append(value)
            else:
                clauses.append(_Clause([pos], [value], negated, never=never))
    _anaphors(parts, clauses)
    return clauses, concepts


def _anaphors(parts: _Parts, clauses: list[_Clause]) -> None:
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
        clauses.append(_Clause([pos], list(previous.kinds), negated, never=never))


def _target(clauses: list[_Clause], position: int, parts: _Parts | None = None) -> _Clause:
    """The clause an attribute at ``position`` describes.

    Inside a "without"/"never" phrase followed by its own kind word ("never spiculated
    nodules"), that negated clause; otherwise the next present kind word of the same phrase
    ("calcified nodules and ground-glass nodules"), else the nearest present one.
    """
    if parts is not None:
        cue = _cue(parts, position)
        negated = [c for c in clauses if c.absent and cue is not None]
        within = [
            c for c in negated if any(cue is not None and cue < p < position for p in c.positions)
        ]
        if within:  # "without nodules in the RUL": the RUL nodules are the ones not wanted
            return max(within, key=lambda c: max(c.positions))
        ahead = _following(parts, clauses, position)
        if ahead is not None:
            return ahead
        if cue is not None and any(r == "never" and p == cue for r, p, _ in parts.roles):
            return _never_clause(clauses, position)  # "never spiculated": never such a nodule
    present = [c for c in clauses if not c.absent]
    if not present:
        clause = _Clause([position], ["nodule"], False)
        clauses.append(clause)
        return clause
    return min(present, key=lambda c: min((abs(p - position), -p) for p in c.positions))


def _never_clause(clauses: list[_Clause], position: int) -> _Clause:
    """A "never" clause of the kind of the nearest clause (a nodule when there is none)."""
    nearest = min(clauses, key=lambda c: min(abs(p - position) for p in c.positions), default=None)
    clause = _Clause([position], list(nearest.kinds) if nearest else ["nodule"], True, never=True)
    clauses.append(clause)
    return clause


def _following(parts: _Parts, clauses: list[_Clause], position: int) -> _Clause | None:
    breaks = [p for role, p, _ in parts.roles if role in ("break", "neg", "never", "or")]
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


def _attach(parts: _Parts, clauses: list[_Clause]) -> None:
    for g in parts.grounded:
        pos = _position(parts, g)
        if g.term.field in _ATTRIBUTE_FIELDS:
            clause = _target(clauses, pos, parts)
            name = _ATTRIBUTE_FIELDS[g.term.field]
            if not clause.absent and _directly_negated(parts, clauses, pos):
                for value in _complement(g.term.field, g.term.value):  # "not in the RUL"
                    clause.add(name, value)
            else:
                clause.add(name, g.term.value)
        elif g.term.field == "calcified":  # "no calcification" negates the attribute
            clause = _target(clauses, pos, parts)
            negated = _scope(parts, "neg", pos) and not clause.absent
            clause.add("calcified", (g.term.value == "true") != negated)
    for measure, pos in parts.measures:
        clause = _target(clauses, pos, parts)
        bounds = measure.range
        if not clause.absent and _directly_negated(parts, clauses, pos):
            inverted = _inverted(bounds)  # "not over 6 mm" is "6 mm or less"
            if inverted is None:
                parts.cautions.append(
                    "'not' before a range was not applied (ask for 'under' or 'over' instead)"
                )
            bounds = inverted or bounds
        clause.add("measures", Measure(measure.field, bounds))
    for role, pos, _ in parts.roles:
        if role in ("grew", "new") and not _compares_report_concept(parts, pos):
            _target(clauses, pos).add(role, True)
        elif role == "bilateral":  # one such finding on each side, in the same study
            clause = _target(clauses, pos, parts)
            clause.attributes["sides"] = ["left"]
            twin = _Clause(list(clause.positions), list(clause.kinds), clause.absent)
            twin.attributes = {**clause.attributes, "sides": ["right"]}
            clauses.append(twin)
    for minimum, noun in parts.counts:
        _target(clauses, noun).add("min_count", minimum)
    for maximum, noun in parts.count_limits:
        _target(clauses, noun).add("max_count", maximum)
    for largest, pos in parts.extremes:
        _target(clauses, pos, parts).add("extreme", "largest" if largest else "smallest")
    for growth, pos in parts.growth:
        clause = _target(clauses, pos)
        clause.add("grew", True)
        clause.add("growth_mm", growth)
    for scans, pos in parts.track_scans:
        clause = _target(clauses, pos)
        clause.add("min_scans", int(scans.low or 1) + (0 if scans.low_inclusive else 1))


def _finding_clause(clause: _Clause) -> FindingClause:
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
    )


def _unit(parts: _Parts, clauses: list[_Clause]) -> tuple[Unit, CountOf | None]:
    roles = sorted(parts.roles, key=lambda r: r[1])
    counting = [p for role, p, _ in roles if role == "count"]
    named = [(p, role) for role, p, _ in roles if role in ("patient", "study", "finding")]
    if parts.groups and parts.groups[0] in FINDING_GROUPS:
        if named and min(named)[1] != "finding":
            parts.cautions.append(
                f"counts per {parts.groups[0]} are counts of findings, not of "
                f"{min(named)[1]} records"
            )
        return "count", "finding"
    if parts.groups:
        return "count", "patient" if named and min(named)[1] == "patient" else "study"
    if parts.tops:
        unit = parts.top_units[0] or (
            "patient" if named and min(named)[1] == "patient" else "study"
        )
        return unit, None  # type: ignore[return-value]
    sexes = [_position(parts, g) for g in parts.grounded if g.term.field == "sex"]
    if counting:
        study_words = [
            (_position(parts, g), "study")
            for g in parts.grounded
            if g.term.field in ("modality", "body_part", "description")
        ]  # "how many head CTs ...": the kind of study names the unit
        people = [(p, "patient") for p in sexes]  # "how many women ...": patients
        after = sorted((p, r) for p, r in named + study_words + people if p > counting[0])
        kinds_after = [min(c.positions) for c in clauses if min(c.positions) > counting[0]]
        if kinds_after and (not after or min(kinds_after) < after[0][0]):
            return "count", "finding"
        return "count", after[0][1] if after else "study"  # type: ignore[return-value]
    if named:
        return min(named)[1], None  # type: ignore[return-value]
    if sexes or parts.ages or parts.study_counts or parts.birth:
        return "patient", None
    return "study", None


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
    parts: _Parts, field: str, clauses: list[_Clause] | None = None, *, negated: bool = False
) -> tuple[str, ...]:
    """The values of one study-level field; with ``clauses``, only those (not) directly negated."""
    return tuple(
        dict.fromkeys(
            g.term.value
            for g in parts.grounded
            if g.term.field == field
            and (
                clauses is None or _directly_negated(parts, clauses, _position(parts, g)) == negated
            )
        )
    )


_STUDY_FIELDS = ("modality", "body_part", "description", "sex")


def _excluded(parts: _Parts, clauses: list[_Clause]) -> tuple[StudyFilter, ...]:
    """ "excluding head CTs": the study-level words a negation governs directly, together."""
    values = {f: _terms(parts, f, clauses, negated=True) for f in _STUDY_FIELDS}
    if not any(values.values()):
        return ()
    return (
        StudyFilter(
            modalities=values["modality"],
            body_parts=values["body_part"],
            descriptions=values["description"],
            sexes=values["sex"],
        ),
    )


def _extreme_clauses(clauses: list[_Clause]) -> None:
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
                _Clause(
                    list(clause.positions),
                    kinds,
                    True,
                    {"measures": [Measure(measure.field, beyond)]},
                )
            )


def _unused_age(parts: _Parts) -> None:
    """ "age of P00010" asks for a value, not a condition: the word is named, never dropped."""
    if not parts.ages:
        parts.ignored.extend(w for role, _, w in parts.roles if role == "age")


def _unused_both(
    parts: _Parts, clauses: list[_Clause], concepts: list[tuple[ConceptFilter, bool]]
) -> None:
    """ "both" joins two conditions; with fewer it is named, never dropped."""
    present = [c for c in clauses if not c.absent] + [c for c, _ in concepts if c.present]
    if len(present) < 2:
        parts.ignored.extend(w for role, _, w in parts.roles if role == "both" and w == "both")


def _unused_negations(parts: _Parts, clauses: list[_Clause]) -> None:
    """A "no"/"without"/"never" that governs nothing is named, never dropped; over the
    word "findings" it means no finding of any kind ("studies with no findings")."""
    governed = {_cue(parts, _position(parts, g)) for g in parts.grounded}
    governed |= {_cue(parts, pos) for _, pos in parts.measures}
    for role, cue, words in parts.roles:
        if role not in ("neg", "never") or cue in governed:
            continue
        nouns = [p for r, p, _ in parts.roles if r == "finding" and _cue(parts, p) == cue]
        if nouns:
            clauses.append(_Clause([nouns[0]], [], True, never=role == "never"))
        else:
            parts.ignored.append(words)


def _lung_rads(parts: _Parts) -> tuple[str, ...]:
    return _lung_rads_of(parts.lung_rads)


def _grounding_notes(parts: _Parts) -> list[str]:
    return [
        f"'{g.words}' read as {g.term.label} "
        f"({'spelling' if g.how == 'spelling' else 'similar meaning'})"
        for g in parts.grounded
        if g.how != "exact"
    ]


def _identifiers(parts: _Parts, kind: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i.value for i in parts.identifiers if i.kind == kind))


def _history_filter(
    parts: _Parts,
    unit: Unit,
    count_of: CountOf | None,
    clauses: list[_Clause],
    concepts: list[tuple[ConceptFilter, bool]],
) -> tuple[PatientFilter | None, list[_Clause], list[ConceptFilter]]:
    """Split off the conditions on a patient's whole history ("never", "both ... and ...").

    Returns the patient filter and the clauses and concepts left for the study itself.
    """
    about_patients = unit == "patient" or count_of == "patient"
    present = [c for c in clauses if not c.never and not c.absent]
    affirmed = [c for c, never in concepts if not never and c.present]
    split = (
        about_patients
        and any(role == "both" for role, _, _ in parts.roles)
        and len(present) + len(affirmed) > 1
    )
    never = [
        StudyFilter(findings=(dataclasses.replace(_finding_clause(c), absent=False),))
        for c in clauses
        if c.never
    ]
    never += [
        StudyFilter(concepts=(dataclasses.replace(c, present=True),)) for c, n in concepts if n
    ]
    has: list[StudyFilter] = []
    if split:
        has = [StudyFilter(findings=(_finding_clause(c),)) for c in present]
        has += [StudyFilter(concepts=(c,)) for c in affirmed]
    kept_clauses = [c for c in clauses if not c.never and not (split and c in present)]
    kept_concepts = [c for c, n in concepts if not n and not (split and c in affirmed)]
    if about_patients and any(c.absent and not c.never for c in kept_clauses):
        parts.cautions.append(
            "'without'/'no' was read per study (patients with at least one study without it); "
            "ask for patients who 'never had' it for none on any study"
        )
        if not parts.picks and not parts.dates:
            for role, cue, words in parts.roles:
                if role == "neg":  # "patients without nodules" -> "... who never had nodules"
                    joined = _WITH_BEFORE.search(parts.text[:cue])
                    start = joined.start() if joined else cue
                    parts.rephrase(start, cue + len(words), r".+", "who never had")
    counts = _intersect(parts.study_counts)
    highest = _lung_rads_of(parts.highest_lung_rads)
    if not (never or has or counts or highest):
        return None, kept_clauses, kept_concepts
    return (
        PatientFilter(tuple(has), tuple(never), counts, highest),
        kept_clauses,
        kept_concepts,
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
    text = _clean(question)
    parts = _read(text, as_of, grounder, stations, identify)
    clauses, concepts = _clauses(parts)
    _attach(parts, clauses)
    _account(parts, clauses, concepts)
    unit, count_of = _unit(parts, clauses)
    categories = _lung_rads(parts)
    patient, clauses, kept_concepts = _history_filter(parts, unit, count_of, clauses, concepts)
    finding_answer = unit == "finding" or count_of == "finding"
    if finding_answer and not any(not c.absent for c in clauses):
        any_kind = any(role == "finding" and w.startswith("finding") for role, _, w in parts.roles)
        clauses.append(_Clause([0], [] if any_kind else ["nodule"], False))
    if categories and finding_answer:
        _target(clauses, 0).attributes["lung_rads"] = list(categories)
        categories = ()
    top = parts.tops[0] if parts.tops else None
    if top is not None and top.field == "finding_count" and not any(not c.absent for c in clauses):
        clauses.append(_Clause([0], ["nodule"], False))
    study = _study_filter(parts, clauses, kept_concepts, categories, patient)
    if parts.lung_rads and not categories and not finding_answer:
        parts.notes.append("the Lung-RADS conditions exclude each other")
    if len(set(parts.picks)) > 1:
        parts.cautions.append("both 'first' and 'latest' were asked: only the first one is used")
    if len(parts.tops) > 1:
        parts.cautions.append("more than one ranking was asked: only the first one is used")
    if study == StudyFilter() and parts.ignored and top is None and not parts.groups:
        raise QueryError(
            "no condition in the question could be understood; could not place: "
            + ", ".join(f"'{w}'" for w in parts.ignored[:20])
        )
    return TypedQuery(
        unit,
        study,
        count_of,
        top,
        ignored=tuple(parts.ignored),
        notes=tuple(parts.notes),
        group_by=parts.groups[0] if parts.groups else None,
        alternatives=tuple(dict.fromkeys(parts.alternatives)),
        cautions=tuple(parts.cautions + _grounding_notes(parts)),
    )


def _account(
    parts: _Parts, clauses: list[_Clause], concepts: list[tuple[ConceptFilter, bool]]
) -> None:
    """Name the structure words that governed nothing; add the clauses "largest" implies."""
    _unused_negations(parts, clauses)
    _unused_both(parts, clauses, concepts)
    _unused_age(parts)
    _extreme_clauses(clauses)


def _study_filter(
    parts: _Parts,
    clauses: list[_Clause],
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
        findings=tuple(_finding_clause(c) for c in clauses),
        patient_ids=_identifiers(parts, "patient"),
        accessions=_identifiers(parts, "accession"),
        study_uids=_identifiers(parts, "study"),
        birth=_combine_ranges(parts.birth),
        pick=parts.picks[0] if parts.picks else None,
        patient=patient,
        excluded=_excluded(parts, clauses),
    )


def _study_dates(parts: _Parts) -> DateRange | None:
    """All date phrases must hold, except periods that do not overlap ("in 2024 or 2025"):
    those are one period from the first to the last, said so when they leave a gap."""
    combined = dates.combine(parts.dates)
    if combined is None or combined.start is None or combined.end is None:
        return combined
    if combined.start <= combined.end:
        return combined
    periods = sorted(
        (p.range for p in parts.dates if p.range.start and p.range.end),
        key=lambda r: (r.start, r.end),
    )
    hull = DateRange(periods[0].start, max(r.end for r in periods if r.end))
    gaps = any(
        b.start and a.end and (b.start - a.end).days > 1 for a, b in itertools.pairwise(periods)
    )
    if gaps:
        parts.cautions.append(
            "the dates name separate periods: read as one period from the first to the last "
            f"({hull.start} to {hull.end})"
        )
    return hull


def _combine_ranges(ranges: list[DateRange]) -> DateRange | None:
    return dates.combine([dates.DatePhrase(0, 0, r) for r in ranges]) if ranges else None
