"""Comparisons of named groups ("CT01 vs CT02", "men versus women", "RUL vs LUL") and breakdowns
said in other words ("lr breakdown", "how many each", "margins among ggns - counts").

Part 36's families (C). The Conventions read a comparison as a breakdown by the compared field,
limited to the groups named ("CT01 vs CT02 vs DX01 exam counts": counts per station, of the
stations named). Only the stations and modalities right before a count word had been read so;
elsewhere the "vs" was left unread (warned) and the groups read as one condition. Here, when
both sides of "vs / versus / against / compared with (to)" (or of "A or B, side by side") are
values of one field the typed query can group by (station, sex, lobe, year, modality, body
part, Lung-RADS category, attenuation, margin), the sides become that field's condition ("A or
B") and the question a count per that field; the rest of the question stays its conditions.
Sides of different fields (a station against a year), or a field with no grouping (a quarter),
are left as they were: warned. A question that asks a statistic (an average, a share, a
ranking) is left too, as a breakdown of it is no typed query.
"""

from __future__ import annotations

import re

from query import history

__all__ = ["read_breakdowns", "read_comparisons"]

# One value of each field the typed query groups by, as the cleaned question says it; the
# field's name is what a "per <field>" phrase says (:func:`query.history.find_groups`).
_VALUES: dict[str, str] = {
    "station": r"[a-z]{2}\d{2}",
    "sex": r"(?:men|women|males?|females?|m|f)",
    # a lobe by its name too (part 38, F: "the right middle lobe vs left lower lobe")
    "lobe": r"(?:rul|rml|rll|lul|lll|lingula|(?:the\s+)?(?:right|left)\s+(?:upper|middle|lower)"
    r"(?:\s+lobe)?)",
    "year": r"(?:19|20)\d\d",
    "modality": r"(?:ct|dx|cr|mr|mri|us|xr|pet|nm)",
    "body part": r"(?:chest|head)",
    # "gg" is the shorthand of ground-glass (part 48, C: "solid / part-solid / gg split")
    # "ggn vs psn" (session 26): the nodule's shorthand names its attenuation
    "attenuation": r"(?:part[- ]?solid|sub-?solid|non-?solid|solid|ground[- ]?glass|ggns?|ggos?|"
    r"psns?|gg)",
    "margin": r"(?:spiculated|smooth|lobulated)",
    # "pneumothorax findings, left vs right" (part 39, H): a finding's side, not a lobe's
    "side": r"(?:left|right)(?!\s+(?:upper|middle|lower)\b)",
}
# The field each group word names (:data:`query.typed_query.GroupField`)
_GROUP_FIELD: dict[str, str] = {
    "station": "station",
    "sex": "sex",
    "lobe": "lobe",
    "year": "year",
    "modality": "modality",
    "body part": "body_part",
    "lung-rads": "lung_rads",
    "attenuation": "attenuation",
    "margin": "margin",
    "side": "side",
}
_CONNECTOR = r"(?:vs\.?|versus|v\.?|against|compared\s+(?:with|to))"
_EDGE_BEFORE = r"(?<![\w.-])"
_EDGE_AFTER = r"(?![\w-])"
# "lung-rads 3 vs 4a", "lr 3 vs lr 4x": categories (the bare category was already written
# "lung-rads N" by the cleaning before this)
_CATEGORY = r"(?:(?:lung-rads|lr)\s*)?[0-4][abx]?"
_CATEGORIES_VS = re.compile(
    rf"{_EDGE_BEFORE}(?P<first>(?:lung-rads|lr)\s*[0-4][abx]?)(?P<rest>(?:\s*,?\s+{_CONNECTOR}"
    rf"\s+{_CATEGORY})+){_EDGE_AFTER}"
)
# A question asking a statistic of each group is no count per group: left as it was
_STATISTIC = re.compile(
    r"\b(?:average|avg|mean|median|percent(?:age)?|pct|share|proportion|fraction|ratio|rate|"
    r"top|most|least|largest|biggest|smallest|oldest|youngest|highest|lowest|sum|total\s+"
    r"volume)\b|%"
)
_BIRTH = re.compile(r"\b(?:born|births?|birth\s*dates?|dobs?|birthdays?|birth\s+years?)\b")
# A count word after what it counts ("ggn counts", "head ct totals"); not "total" or "number
# (of)" opening a phrase, nor "volume" (a nodule's volume is a measurement)
_COUNT_WORD = re.compile(r"(?<=\w\s)\b(?:counts?|totals|numbers|tally|tallies)\b(?!\s+of\b)")


# The field's own noun after a side ("smooth edges against spiculated edges"), and "the" before
# a later side ("the rul versus the lul"): part 45 (D), where the comparison had been left
# unread (warned) and the sides read as one condition
_SIDE_NOUN: dict[str, str] = {
    "margin": r"(?:\s+(?:margins?|edges?|borders?|contours?))?",
    "attenuation": r"(?:\s+(?:attenuation|density|composition))?",
    "lobe": r"(?:\s+lobes?)?",
}


def _field_vs(field: str) -> re.Pattern[str]:
    value = _VALUES[field]
    noun = _SIDE_NOUN.get(field, "")
    return re.compile(
        rf"{_EDGE_BEFORE}(?P<first>{value}){noun}(?P<rest>(?:\s*,?\s+{_CONNECTOR}\s+(?:the\s+)?"
        rf"{value}{_EDGE_AFTER}{noun})+){_EDGE_AFTER}|{_EDGE_BEFORE}(?P<a>{value})\s+(?:or|and)\s+(?P<b>{value})\s*,?\s*"
        r"(?:side\s+by\s+side|head\s+to\s+head)\b"
    )


_LETTERS = {"m": "male", "f": "female"}  # "m vs f": the sexes' letters, said as words
_LOBE_NAME = re.compile(r"(?:the\s+)?(right|left)\s+(upper|middle|lower)(?:\s+lobe)?")


_SHORTHAND = re.compile(r"(?P<gg>gg[no]s?)|psns?")


def _side(side: str) -> str:
    """A side as the grouped question says it: a sex's letter as its word, a lobe's name as
    its abbreviation ("the right middle lobe": "rml"), a nodule's shorthand as its attenuation
    ("ggn": "ground-glass")."""
    lobe = _LOBE_NAME.fullmatch(side)
    if lobe is not None:
        return f"{lobe.group(1)[0]}{lobe.group(2)[0]}l"
    shorthand = _SHORTHAND.fullmatch(side)
    if shorthand is not None:
        return "ground-glass" if shorthand.group("gg") else "part-solid"
    return _LETTERS.get(side, side)


_FIELDS_VS = {field: _field_vs(field) for field in _VALUES}


def _sides(m: re.Match[str], value: str) -> list[str]:
    if m.group("first") is None:
        return [m.group("a"), m.group("b")]
    rest = re.sub(rf"{_CONNECTOR}\s+the\s+", " ", m.group("rest"))
    return [m.group("first"), *re.findall(rf"{_EDGE_BEFORE}{value}{_EDGE_AFTER}", rest)]


def _grouped(text: str, said: str, field: str) -> str:
    """``text`` with the sides ``said`` in place of the comparison, counted per ``field``: its
    count word said "count per <field>" ("ggn counts": "ggn count per lobe"), else "per
    <field>" at its end. Where the question already groups by that field the grouping is kept;
    where it groups by another, the comparison is left as it was (two groupings: warned)."""
    grouped = {g.field for g in history.find_groups(said)}
    if grouped - {_GROUP_FIELD[field]}:
        return text
    if grouped:
        return said
    count = _COUNT_WORD.search(said)
    if count is not None:
        return f"{said[: count.start()]}count per {field}{said[count.end() :]}"
    return f"{said.rstrip(' ,:;-')} per {field}"


# Session 26: "ldcts in women versus ldcts in men", "2025 ldcts in men vs 2025 ldcts in women":
# the noun (of up to three words) said again on the second side is the same noun, compared in
# two groups ("ldcts in women versus men")
_NOUN_SAID_TWICE = re.compile(
    rf"(?<![\w-])(?P<noun>[a-z0-9-]+(?:\s+[a-z0-9-]+){{0,2}}?)\s+(?P<in>in|at|on|from|of)\s+(?P<a>[a-z0-9-]+)\s+(?P<vs>{_CONNECTOR})\s+"
    r"(?P=noun)\s+(?P=in)\s+"
)


# Session 26: "how do spiculated nodules compare in number with smooth ones": a comparison of
# two kinds of one noun by their number is "spiculated vs smooth nodules" (the words had been
# left unread and the kinds read as two conditions, warned). Without "in number" the question
# may compare a size, and is left as it was.
_COMPARE_IN_NUMBER = re.compile(
    r"^how\s+(?:do|does|did)\s+(?:the\s+)?(?P<a>[a-z0-9-]+)\s+(?P<noun>[a-z-]+)\s+compare\s+"
    r"(?:in\s+(?:number|numbers|count|counts|frequency)|numerically|by\s+(?:number|count))\s+"
    r"(?:with|to|against)\s+(?:the\s+)?(?P<b>[a-z0-9-]+)(?:\s+(?:ones|(?P=noun)))?\s*[?.]?$"
)
# Parts 56, 57 (D): "number of spiculated nodules compared with lobulated ones", "spiculated
# nodules vs smooth ones - how many of each": two values of one field, the noun said after the
# first and "ones" (or the noun again) after the second, counted, are "spiculated vs lobulated
# nodules" (the second had been read as a second condition, "compared" left unread, warned).
# Only where the question counts: without a count word it may compare a size.
_COUNTED = re.compile(r"\b(?:number|count|counts|how\s+many|tally|totals?|#)\b")
_FINDING_NOUN = r"(?:nodules|masses|lesions|findings|nods)"
_VS_THEN_ONES = re.compile(
    rf"(?<![\w-])(?P<a>[a-z-]+)\s+(?P<noun>{_FINDING_NOUN})\s+(?P<vs>{_CONNECTOR})\s+"
    r"(?:the\s+)?(?P<b>[a-z-]+)\s+(?:ones|(?P=noun))(?![\w-])"
)


def _vs_then_ones(m: re.Match[str]) -> str:
    sides = (m.group("a"), m.group("b"))
    if not any(
        all(re.fullmatch(_VALUES[field], side) for side in sides)
        for field in ("margin", "attenuation", "lobe")
    ):
        return m.group(0)
    return f"{sides[0]} {m.group('vs')} {sides[1]} {m.group('noun')}"


# Session 26: "split of the 2025 ldct workload between scanner ct01 and scanner ct02": a split
# between two named groups is their comparison ("between" had been left unread, warned)
_FIELD_NOUN = r"(?:(?:scanners?|stations?|machines?|lobes?|years?)\s+)?"
_SPLIT_BETWEEN = re.compile(
    r"\b(?:split|breakdown|division|distribution)\s+(?:of\s+)?(?P<what>[a-z0-9-]+(?:\s+[a-z0-9-]+)"
    rf"{{0,4}}?)\s+between\s+(?:the\s+)?{_FIELD_NOUN}(?P<a>[a-z0-9-]+)\s+and\s+(?:the\s+)?"
    rf"{_FIELD_NOUN}(?P<b>[a-z0-9-]+)(?![\w-])"
)


def _split_between(m: re.Match[str]) -> str:
    sides = (m.group("a"), m.group("b"))
    if not any(
        all(re.fullmatch(v, side) for side in sides)
        for field, v in _VALUES.items()
        if field != "year"
    ):
        return m.group(0)  # "between 2023 and 2025": a span, not two groups
    return f"{m.group('what')} {sides[0]} vs {sides[1]}"


# "number of female and male patients with a mass", "how many men and women had an ldct": both
# sexes named after a count word are counted each (part 54: the two had been read as one
# condition and counted once, silently)
_BOTH_SEXES_COUNTED = re.compile(
    r"\b(?:number|numbers|count|counts|total|totals|tally|how\s+many)\s+(?:of\s+)?(?:the\s+)?"
    rf"(?P<a>{_VALUES['sex']})\s+(?:and|&)\s+(?:also\s+)?(?P<b>{_VALUES['sex']})\b"
)


def read_comparisons(text: str) -> str:
    """ "head cts: ct01 vs ct02" is "head cts: ct01 or ct02 per station"; "lr 3 vs 4a ldcts"
    is "lung-rads 3 or 4a ldcts per lung-rads" (see the module's docstring)."""
    if _STATISTIC.search(text):
        return text
    text = _NOUN_SAID_TWICE.sub(r"\g<noun> \g<in> \g<a> \g<vs> ", text)
    text = _COMPARE_IN_NUMBER.sub(r"\g<a> vs \g<b> \g<noun>", text)
    if _COUNTED.search(text):
        text = _VS_THEN_ONES.sub(_vs_then_ones, text)
    text = _SPLIT_BETWEEN.sub(_split_between, text)
    m = _CATEGORIES_VS.search(text)
    if m is not None:
        cats = re.findall(r"[0-4][abx]?(?![\w])", m.group(0))
        said = f"lung-rads {', '.join(cats[:-1])} or {cats[-1]}"
        return _grouped(text, f"{text[: m.start()]}{said}{text[m.end() :]}", "lung-rads")
    m = _BOTH_SEXES_COUNTED.search(text)
    if m is not None and _side(m.group("a")) != _side(m.group("b")):
        said = f"{m.group('a')} or {m.group('b')}"
        return _grouped(text, f"{text[: m.start('a')]}{said}{text[m.end('b') :]}", "sex")
    for field, pattern in _FIELDS_VS.items():
        m = pattern.search(text)
        if m is None:
            continue
        if field == "year" and _BIRTH.search(text):
            return text  # years of birth compared: the grouping is by the study's year
        sides = [_side(side) for side in _sides(m, _VALUES[field])]
        if len(set(sides)) < 2:
            return text
        end = m.end()
        shared = _SHARED_KIND.match(text, end) if field == "body part" else None
        if shared is not None:  # "chest vs head ct counts": CTs of each body part
            sides = [f"{side} {shared.group('kind')}" for side in sides]
            end = shared.end()
        said = f"{', '.join(sides[:-1])} or {sides[-1]}"
        return _grouped(text, f"{text[: m.start()]}{said}{text[end:]}", field)
    return text


# "chest vs head ct counts for 2023": the modality said once after the last body part is each
# side's (part 55: it had been dropped and the chest x-rays counted too, silently)
_SHARED_KIND = re.compile(r"\s+(?P<kind>cts?|x-?rays?|xrs?|mris?|radiographs?|films?)\b")


# "lung-rads categories for non-screening chest cts, how many each", "margins among ggns -
# counts": a question that opens with a field in the plural, names what it counts after "for /
# among / of / in / on / across", and closes with a count ("how many (of) each", "counts",
# "tally") is a count of those per that field (the field and the count had been left unread)
_FIELD_PLURALS: dict[str, str] = {
    r"(?:lung-rads|lr)\s+categories|categories|lung-rads": "lung-rads",
    r"margins": "margin",
    r"attenuations|densities|compositions": "attenuation",
    r"lobes": "lobe",
    r"stations|scanners": "station",
    r"sexes|genders": "sex",
    r"modalities": "modality",
    r"years": "year",
    r"body\s+parts": "body part",
}
_OPENING_FIELD = re.compile(
    rf"^(?P<field>{'|'.join(_FIELD_PLURALS)})\s+(?:for|among|of|in|on|across|within|from)\s+"
    r"(?:the\s+|all\s+)?(?P<rest>[a-z0-9].*?)\s*[,:;-]?\s*(?:how\s+many(?:\s+(?:of|in|for))?"
    r"\s+each(?:\s+(?:one|group|category|value))?|counts?|tally|tallies|totals?|numbers?|"
    # "margins of ggns, breakdown" (part 48, C: "breakdown" had been left unread, warned)
    r"breakdown|split|distribution)\s*[?.]?$"
)


# "margin type tally for nodules in women", "attenuation breakdown of ggns", "lobe counts among
# solid nodules": the field (singular or plural, "type" or "category" after it) and then the count
# word, before what is counted, is the same count per that field (part 53: the nodules had been
# counted as one number, silently)
_FIELD_SINGULARS: dict[str, str] = {
    r"(?:lung-rads|lr)\s+categor(?:y|ies)|lung-rads": "lung-rads",
    r"margins?": "margin",
    r"attenuations?|densit(?:y|ies)|compositions?": "attenuation",
    r"lobes?": "lobe",
    r"stations?|scanners?": "station",
    r"sex(?:es)?|genders?": "sex",
    r"modalit(?:y|ies)": "modality",
    r"body\s+parts?": "body part",
    # "study description breakdown for 2026" (part 58: "description", "breakdown" unread)
    r"(?:study\s+)?descriptions?": "description",
}
_FIELD_TALLY_FIRST = re.compile(
    rf"^(?P<field>{'|'.join(_FIELD_SINGULARS)})(?:\s+(?:types?|categor(?:y|ies)|kinds?|values?))?"
    r"\s+(?:tally|tallies|counts?|breakdown|split|distribution|totals?)\s+"
    r"(?:for|among|of|in|on|across|within|from)\s+(?:the\s+|all\s+)?(?P<rest>[a-z0-9].*?)\s*[?.]?$"
)


# Part 59 (D): "station | study count", "margin | nodule count": a table's header, the field and
# then the count of a unit, is that count per the field ("|" had been left unread: refused, or
# one number, warned)
_HEADER = re.compile(
    rf"^(?P<field>{'|'.join(_FIELD_SINGULARS)})\s*\|\s*(?P<rest>[a-z0-9][a-z0-9 -]*?)\s+"
    r"(?:count|counts|number|total|tally)\s*[?.]?$"
)


def _header(m: re.Match[str]) -> str:
    said = m.group("field")
    field = next(f for words, f in _FIELD_SINGULARS.items() if re.fullmatch(words, said))
    return f"{m.group('rest')} count per {field}"


def _field_tally_first(m: re.Match[str]) -> str:
    said = m.group("field")
    field = next(f for words, f in _FIELD_SINGULARS.items() if re.fullmatch(words, said))
    return f"{m.group('rest')} count per {field}"


def _opening_field(m: re.Match[str]) -> str:
    said = m.group("field")
    field = next(f for words, f in _FIELD_PLURALS.items() if re.fullmatch(words, said))
    return f"{m.group('rest')} count per {field}"


# "head ct totals per station", "ldct numbers by year": a count word in the plural right before
# the grouping is "count" (it had been left unread, warned); only where a grouping follows
_COUNTS_BEFORE_GROUP = re.compile(
    r"\b(?:counts|totals|numbers|tallies)\s*,?\s+(?=(?:per|by|for\s+each|in\s+each|broken\s+"
    r"down\s+by|grouped\s+by|split\s+by|across)\s)"
)


# Part 48 (C): "solid / part-solid / gg split of all nods", "ct01/ct02 breakdown of ldcts": the
# values of one field joined by slashes before a word that splits are the groups named, as "A
# vs B" (the slashes had been read as "or" and "split" left unread, warned); "A or B split" the
# same, as the cleaning writes "solid/gg" so
_SPLIT_WORD = r"(?:split|breakdown|distribution|mix|counts?|tally)"


def _slashed(field: str) -> re.Pattern[str]:
    value = _VALUES[field]
    return re.compile(
        rf"{_EDGE_BEFORE}(?P<first>{value})(?P<rest>(?:(?:\s*/\s*|\s+or\s+){value}{_EDGE_AFTER})+)"
        r"\s*,?\s*"
        rf"{_SPLIT_WORD}(?:\s+(?:of|among|across|for|in|within))?(?:\s+(?:all|the|every|our))*"
        r"(?:\s+|\s*$)"
    )


_FIELDS_SLASHED = {field: _slashed(field) for field in _VALUES if field != "side"}
# Session 26: "solid / part-solid / ground-glass: how many nodules of each": the values named,
# then the count of each asked for, is the split of what is counted among them (the "each" had
# been left unread, warned)
_SLASHED_THEN_EACH = re.compile(
    r"^(?P<values>[a-z0-9-]+(?:\s*/\s*[a-z0-9-]+)+)\s*[:,;-]?\s*how\s+many\s+"
    r"(?P<noun>[a-z-]+)\s+(?:of|in|for)\s+each(?:\s+(?:one|type|kind|group))?\s*[?.]?$"
)


def _read_slashed(text: str) -> str:
    m = _SLASHED_THEN_EACH.match(text)
    if m is not None:
        text = f"{m.group('values')} split of {m.group('noun')}"
    for field, pattern in _FIELDS_SLASHED.items():
        m = pattern.search(text)
        if m is None:
            continue
        value = _VALUES[field]
        rest = re.findall(rf"{_EDGE_BEFORE}{value}{_EDGE_AFTER}", m.group("rest"))
        sides = [_side(m.group("first")), *[_side(v) for v in rest]]
        if len(set(sides)) < 2:
            return text
        said = f"{', '.join(sides[:-1])} or {sides[-1]} "
        return _grouped(text, f"{text[: m.start()]}{said}{text[m.end() :]}".strip(), field)
    return text


# Part 48 (C): "how many of each exam description", "how many nodules of each attenuation": a
# count per the field said after "each" (the question had been refused). What is counted is the
# noun said, else the field's own unit (a description's studies, a margin's nodules)
_EACH_FIELD: dict[str, tuple[str, str]] = {
    r"(?:study\s+|exam\s+)?descriptions?": ("description", "studies"),
    r"stations?|scanners?": ("station", "studies"),
    r"modalit(?:y|ies)": ("modality", "studies"),
    r"body\s+parts?": ("body part", "studies"),
    r"(?:lung-rads|lr)(?:\s+categor(?:y|ies))?|categor(?:y|ies)": ("lung-rads", "studies"),
    r"attenuations?|densit(?:y|ies)": ("attenuation", "nodules"),
    r"margins?": ("margin", "nodules"),
    r"lobes?": ("lobe", "nodules"),
    r"sex|sexes|genders?": ("sex", "patients"),
}
_HOW_MANY_OF_EACH = re.compile(
    r"\bhow\s+many\s+(?:(?P<noun>[a-z-]+(?:\s+[a-z-]+)?)\s+)?(?:of|in|for|with|per)\s+"
    r"(?:each|every)\s+(?:(?P<whose>exam|study|scan|ct|ldct|nodule|nod|finding|patient)s?'?s?\s+)?"
    rf"(?P<field>{'|'.join(_EACH_FIELD)})(?:\s+(?:there\s+(?:are|is)|we\s+have))?(?![\w-])"
)


def _how_many_of_each(m: re.Match[str]) -> str:
    said = m.group("field")
    field, unit = next(v for words, v in _EACH_FIELD.items() if re.fullmatch(words, said))
    if m.group("noun") is not None:
        unit = m.group("noun")
    elif re.search(r"[a-z0-9]", m.string[: m.start()]):
        # "nodules below -400 hu: how many of each margin": what is counted was said before
        # (a unit of the field's own would count it apart from its conditions, silently)
        return f"count per {field}"
    elif m.group("whose") is not None:
        unit = {"study": "studies", "nod": "nodules"}.get(m.group("whose"), f"{m.group('whose')}s")
    return f"{unit} count per {field}"


# Session 26: "of everyone whose imaging ever showed a mass, how many are male, female, other":
# the sexes listed after "how many are" ask a count per sex, of the people said before (the
# list had been read as a condition and the rest left unread, warned)
_SEX = r"(?:male|female|men|women|other|others|unknown)"
_SEXES = rf"{_SEX}(?:\s*(?:,|/)\s*(?:(?:and|or)\s+)?{_SEX}|\s+(?:and|or)\s+{_SEX})+"
_HOW_MANY_ARE_SEXES = re.compile(
    r"^(?:(?P<people>(?:of|among|amongst)\s+(?:everyone|everybody|all\s+(?:the\s+)?"
    r"(?:patients|people|those)|the\s+patients|those|the\s+people))\s+(?P<who>whose|who)\s+)?"
    rf"(?P<rest>.+?)\s*(?:,|;|:|\s-)\s*how\s+many\s+(?:of\s+them\s+)?(?:are|were)\s+{_SEXES}"
    r"\s*[?.]?$"
)


def _sexes_counted(m: re.Match[str]) -> str:
    """The count per sex; where "other" is not listed, of the two sexes named only (as "men vs
    women"); a list of some other two ("male and other") is left as it was."""
    listed = set(re.findall(_SEX, m.group(0)[m.end("rest") :]))
    if not (listed & {"male", "men"} and listed & {"female", "women"}):
        return m.group(0)
    kept = "" if listed & {"other", "others", "unknown"} else " male or female"
    people = f"patients {m.group('who')} " if m.group("people") else ""
    return f"{people}{m.group('rest')}{kept} per sex"


def read_breakdowns(text: str) -> str:
    """ "margins among ggns - counts" is "ggns count per margin" (see :data:`_OPENING_FIELD`);
    "head ct totals per station" is "head ct count per station"."""
    if not _STATISTIC.search(text):
        text = _HOW_MANY_OF_EACH.sub(_how_many_of_each, _read_slashed(text))
        text = _HOW_MANY_ARE_SEXES.sub(_sexes_counted, text)
    text = _OPENING_FIELD.sub(_opening_field, _HEADER.sub(_header, text))
    if not history.find_groups(text):  # "sex breakdown of ...": already a grouping, kept
        text = _FIELD_TALLY_FIRST.sub(_field_tally_first, text)
    said = _COUNTS_BEFORE_GROUP.sub("count ", text)
    if not history.find_groups(said):
        return text
    # session 26: "ldcts in women or men - how many each per sex", "... per lung-rads (a count
    # for each)": the count of each group is what a breakdown gives (the words had been left
    # unread, warned)
    return _EACH_COUNTED.sub("", said).strip()


_EACH_COUNTED = re.compile(
    r"\s*(?:[-,:;]\s*)?(?:\(\s*)?(?:how\s+many(?:\s+(?:of|in|for))?\s+each(?:\s+one)?|"
    r"(?:a|the|one)\s+(?:count|number|total|tally)\s+(?:for|of)\s+each(?:\s+one)?)\s*\)?"
    # only where nothing more is said after it but the grouping ("how many each of what" stays)
    r"(?=\s*$|\s*[,;.?!]|\s+(?:per|by)\s)"
)
