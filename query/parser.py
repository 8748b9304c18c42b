"""From the words of a question to a :class:`~query.typed_query.TypedQuery`.

Numbers, comparators, units, ages, dates, counts, top-N and Lung-RADS categories are read by the
deterministic readers of :mod:`query.numbers` and :mod:`query.dates`; the remaining words are
grounded to the vocabulary by :class:`query.grounding.Grounder` (exact forms, spelling, MiniLM
meaning) or recognised as structure ("patients", "how many", "without", "on one CT"). Every word
that nothing places is kept in ``TypedQuery.ignored`` so the answer names it. Questions that are
too long, empty, or in which nothing at all could be placed raise :class:`QueryError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata

from appliance.errors import QueryError
from appliance.findings import LUNG_RADS_ORDER
from query import dates, numbers
from query.grounding import Grounded, Grounder, Token
from query.typed_query import (
    ConceptFilter,
    CountOf,
    FindingClause,
    Measure,
    NumberRange,
    StudyFilter,
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
    "patient: patients|patient|people|persons|subjects|individuals|anyone|pts|cohort members;"
    "study: studies|study|scans|scan|exams|exam|examinations|examination|imaging studies|cases|"
    "series|accessions;"
    "finding: findings|finding|each nodule|individual nodules|nodule list;"
    "count: how many|number of|count of|count|total number of|how much|what number of;"
    "neg: without|no|not|none|free of|lacking|absent|negative for|excluding|except|but no|never;"
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
    "break: and|but|with|who|that|whose|have|has|having|while|whereas|plus|as well as|along with|"
    "together with|who have|who had|that have|that had;"
    "stop: the|a|an|all|any|show|me|list|find|get|give|display|return|which|what|"
    "had|in|on|at|of|for|from|by|to|are|is|was|were|be|been|their|"
    "there|those|these|please|i|want|need|see|scanned|imaged|seen|found|detected|identified|"
    "showing|shows|show|containing|contain|contains|demonstrating|demonstrate|where|did|do|does|"
    "lung|lungs|pulmonary|located|location|lobe|lobes|measuring|measure|measured|size|sized|"
    "diameter|ones|cases with|also|both|some|it|its|they|them|my|our|we|can|you|tell|about|"
    "within|than|whom|whose report|done|performed|acquired|obtained|taken|any kind of|kind|"
    "type|types|ever|currently|recorded|catalogue|catalog|database|appliance|here|one|per|each|"
    "mean|average|axis|mm|cm|millimeters|centimeters|category|categories|lung-rads|lungrads|"
    "margin|margins|border|borders|edges|contour|follow-up|follow up|followup|surveillance|"
    "prior|previous|baseline|ct scanner|scanner|station|modality|date|dated|dates|between"
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


def _clean(question: str) -> str:
    if len(question) > MAX_QUESTION_CHARS:
        raise QueryError(
            f"the question is {len(question)} characters long; ask in at most "
            f"{MAX_QUESTION_CHARS} characters (one question at a time)"
        )
    text = unicodedata.normalize("NFKC", question)
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = text.replace("–", "-").replace("—", "-").replace("’", "'")
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
_SILENT_PUNCTUATION = frozenset(",.?!:")
_DEMOGRAPHIC_BEFORE = re.compile(
    r"(?:women|woman|men|man|females?|males?|patients?|people|persons|subjects|individuals|aged?|"
    r"ladies|gentlemen|who\s+are|that\s+are|are|is)\s*$"
)


_DEMOGRAPHIC_AFTER = re.compile(
    r"\s*(?:women|woman|men|man|females?|males?|patients?|people|persons|subjects|years?|yo)\b"
)


def _read_numbers(text: str, as_of: dt.date, parts: _Parts, taken: list[tuple[int, int]]) -> None:
    for lr in numbers.find_lung_rads(text):
        taken.append((lr.start, lr.end))
        parts.lung_rads.append(lr.categories)
    for phrase in dates.find_dates(text, as_of):
        if not _overlaps((phrase.start, phrase.end), taken):
            taken.append((phrase.start, phrase.end))
            parts.dates.append(phrase)
    for m in numbers.find_measures(text):
        if not _overlaps((m.start, m.end), taken):
            taken.append((m.start, m.end))
            parts.measures.append((m.measure, m.start))
            if m.note:
                parts.notes.append(m.note)
    for top in numbers.find_top(text):
        if not _overlaps((top.start, top.end), taken):
            taken.append((top.start, top.end))
            parts.tops.append(top.top)
    for count in numbers.find_counts(text):
        if not _overlaps((count.start, count.end), taken):
            taken.append((count.start, count.end))
            parts.counts.append((count.min_count, count.noun_start))
    for age in numbers.find_ages(text):
        if not _overlaps((age.start, age.end), taken):
            taken.append((age.start, age.end))
            parts.ages.append(age.range)
            if text[age.start : age.end].strip() in ("elderly", "geriatric", "senior", "seniors"):
                parts.notes.append(
                    f"'{text[age.start : age.end]}' read as age >= {numbers.ELDERLY}"
                )
    for loose in numbers.find_unitless(text):
        if _overlaps((loose.start, loose.end), taken):
            continue
        taken.append((loose.start, loose.end))
        before, after = text[: loose.start].rstrip(), text[loose.end :]
        if _DEMOGRAPHIC_BEFORE.search(before) or _DEMOGRAPHIC_AFTER.match(after):
            parts.ages.append(loose.range)
        else:
            parts.measures.append((Measure("diameter_mm", loose.range), loose.start))
            parts.notes.append(f"'{text[loose.start : loose.end].strip()}' has no unit: read as mm")


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


def _read(text: str, as_of: dt.date, grounder: Grounder, stations: frozenset[str]) -> _Parts:
    parts = _Parts([], [], [], [], [], [], [], [], [], [], [], [])
    taken: list[tuple[int, int]] = []
    _read_numbers(text, as_of, parts, taken)
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


def _clauses(parts: _Parts) -> tuple[list[_Clause], list[ConceptFilter]]:
    clauses: list[_Clause] = []
    concepts: list[ConceptFilter] = []
    for g in sorted(parts.grounded, key=lambda g: g.first):
        pos = _position(parts, g)
        negated = _scope(parts, "neg", pos)
        field, value = g.term.field, g.term.value
        if field == "concept" or (
            field == "kind" and value in _REPORT_KINDS and _reads_as_report(parts, pos)
        ):
            concepts.append(
                ConceptFilter(
                    value,
                    present=not negated,
                    include_uncertain=_scope(parts, "uncertain", pos),
                    include_historical=_scope(parts, "history", pos),
                    changes=_report_changes(parts, pos),
                )
            )
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
                clauses.append(_Clause([pos], [value], negated))
    return clauses, concepts


def _target(clauses: list[_Clause], position: int) -> _Clause:
    """The clause an attribute at ``position`` describes: the nearest present kind word."""
    present = [c for c in clauses if not c.absent]
    if not present:
        clause = _Clause([position], ["nodule"], False)
        clauses.append(clause)
        return clause
    return min(present, key=lambda c: min((abs(p - position), -p) for p in c.positions))


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
            _target(clauses, pos).add(_ATTRIBUTE_FIELDS[g.term.field], g.term.value)
        elif g.term.field == "calcified":  # "no calcification" negates the attribute
            calcified = (g.term.value == "true") != _scope(parts, "neg", pos)
            _target(clauses, pos).add("calcified", calcified)
    for measure, pos in parts.measures:
        _target(clauses, pos).add("measures", measure)
    for role, pos, _ in parts.roles:
        if role in ("grew", "new") and not _compares_report_concept(parts, pos):
            _target(clauses, pos).add(role, True)
    for minimum, noun in parts.counts:
        _target(clauses, noun).add("min_count", minimum)


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
    )


def _unit(parts: _Parts, clauses: list[_Clause]) -> tuple[Unit, CountOf | None]:
    roles = sorted(parts.roles, key=lambda r: r[1])
    counting = [p for role, p, _ in roles if role == "count"]
    if parts.tops:
        return "finding", None
    named = [(p, role) for role, p, _ in roles if role in ("patient", "study", "finding")]
    sexes = [_position(parts, g) for g in parts.grounded if g.term.field == "sex"]
    if counting:
        after = [(p, r) for p, r in named if p > counting[0]]
        kinds_after = [min(c.positions) for c in clauses if min(c.positions) > counting[0]]
        first_named = min(after)[0] if after else None
        if (
            kinds_after
            and (first_named is None or min(kinds_after) < first_named)
            and (not sexes or min(sexes) > min(kinds_after))
        ):
            return "count", "finding"
        if after:
            return "count", min(after)[1]  # type: ignore[return-value]
        return "count", "patient" if sexes else "study"
    if named:
        return min(named)[1], None  # type: ignore[return-value]
    if sexes or parts.ages:
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


def _terms(parts: _Parts, field: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(g.term.value for g in parts.grounded if g.term.field == field))


def _lung_rads(parts: _Parts) -> tuple[str, ...]:
    chosen: set[str] | None = None
    for categories in parts.lung_rads:
        chosen = set(categories) if chosen is None else chosen & set(categories)
    return tuple(c for c in LUNG_RADS_ORDER if chosen is not None and c in chosen)


def _grounding_notes(parts: _Parts) -> list[str]:
    return [
        f"'{g.words}' read as {g.term.label} "
        f"({'spelling' if g.how == 'spelling' else 'similar meaning'})"
        for g in parts.grounded
        if g.how != "exact"
    ]


def parse_question(
    question: str, as_of: dt.date, grounder: Grounder, stations: frozenset[str] = frozenset()
) -> TypedQuery:
    """Read ``question`` (dates relative to ``as_of``) into a typed query, or raise QueryError."""
    text = _clean(question)
    parts = _read(text, as_of, grounder, stations)
    clauses, concepts = _clauses(parts)
    _attach(parts, clauses)
    unit, count_of = _unit(parts, clauses)
    categories = _lung_rads(parts)
    if (unit == "finding" or count_of == "finding") and not any(not c.absent for c in clauses):
        clauses.append(_Clause([0], ["nodule"], False))
    if categories and (unit == "finding" or count_of == "finding"):
        _target(clauses, 0).attributes["lung_rads"] = list(categories)
        categories = ()
    study = StudyFilter(
        modalities=_terms(parts, "modality"),
        body_parts=_terms(parts, "body_part"),
        descriptions=_terms(parts, "description"),
        stations=tuple(dict.fromkeys(parts.stations)),
        dates=dates.combine(parts.dates),
        sexes=_terms(parts, "sex"),
        age=_intersect(parts.ages),
        lung_rads=categories,
        concepts=tuple(concepts),
        findings=tuple(_finding_clause(c) for c in clauses),
    )
    if parts.lung_rads and not categories and unit != "finding" and count_of != "finding":
        parts.notes.append("the Lung-RADS conditions exclude each other")
    if study == StudyFilter() and parts.ignored:
        raise QueryError(
            "no condition in the question could be understood; could not place: "
            + ", ".join(f"'{w}'" for w in parts.ignored[:20])
        )
    top = parts.tops[0] if parts.tops else None
    return TypedQuery(
        unit,
        study,
        count_of,
        top,
        tuple(parts.ignored),
        tuple(parts.notes + _grounding_notes(parts)),
    )
