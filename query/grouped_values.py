"""The values of a breakdown listed in brackets after it, which say nothing more (part 42, B).

Part 42 (``tests/query/bank_fresh_42.py``, issue 17) asked "how many nodules of each attenuation
type (solid, part-solid, GGN)": the bracket lists the groups the breakdown gives, yet the readers
read its words as conditions (a ground-glass nodule, and a solid or part-solid one, on the same
study), warned. A bracket right after "each / per / by <field> (type, kind, category)" that holds
every value of that field and nothing else is dropped. Anything else in it ("(excluding
masses)", a year, a word the field does not have, only some of its values) keeps the bracket,
so that it stays read or warned. Session 26: a bracket of examples that says it is incomplete
("(nodule, mass, effusion and so on)", "(e.g. rul, lll etc.)") after "each / per / by <word>"
names some of the groups to make the breakdown clear, and restricts nothing: it is dropped too
(its words had been read as conditions, warned). Called by
:func:`query.rewrites.clean` on the lower-cased text, after the typist's slips are corrected.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["grouped_values"]

# The values of each grouped field, in the words people write them, by the value they name
_VALUES: dict[str, dict[str, str]] = {
    "attenuation": {
        "solid": r"solid",
        "part-solid": r"part-solid|part\s+solid|subsolid",
        "ground-glass": r"ground-glass|ground\s+glass|ggns?|ggos?|pure\s+ggn|non-?solid",
    },
    "margin": {
        "smooth": r"smooth|well-defined",
        "spiculated": r"spiculated",
        "lobulated": r"lobulated",
    },
    "lobe": {lobe: lobe for lobe in ("rul", "rml", "rll", "lul", "lll")},
    "lung-rads": {c: rf"(?:lr\s?)?{c}" for c in ("1", "2", "3", "4a", "4b", "4x")},
}
_FIELD_WORDS = {
    "attenuation": r"attenuation|density",
    "margin": r"margins?|borders?|edges?",
    "lobe": r"lobes?",
    "lung-rads": r"lung-?\s?rads(?:\s+category)?|lr|category",
}
_SEPARATOR = r"\s*(?:,\s*(?:or|and)?|/|or|and)\s*"


def _pattern(field: str) -> re.Pattern[str]:
    value = "(?:" + "|".join(_VALUES[field].values()) + ")"
    return re.compile(
        r"(?P<by>\b(?:each|every|per|by)\s+(?:" + _FIELD_WORDS[field] + r")"
        r"(?:\s+(?:types?|kinds?|categor(?:y|ies)|class(?:es)?|groups?|patterns?|values?))?)"
        r"\s*\(\s*(?:e\.?g\.?,?\s*|i\.?e\.?,?\s*)?(?P<values>"
        + value
        + r"(?:"
        + _SEPARATOR
        + value
        + r")*)\s*\)"
    )


_LISTED = {field: _pattern(field) for field in _VALUES}


def _every_value(field: str, listed: str) -> bool:
    """Does ``listed`` name every value of ``field``? A few of them may restrict the breakdown
    ("by attenuation (solid, part-solid)"), so those stay in the question, warned."""
    said = re.split(_SEPARATOR, listed.strip())
    named = {
        value
        for word in said
        for value, form in _VALUES[field].items()
        if re.fullmatch(form, word.strip())
    }
    return named == set(_VALUES[field])


def _dropped(field: str) -> Callable[[re.Match[str]], str]:
    def drop(m: re.Match[str]) -> str:
        return m.group("by") if _every_value(field, m.group("values")) else m.group(0)

    return drop


_EXAMPLES = re.compile(
    r"(?P<by>\b(?:each|every|per|by)\s+(?:[a-z-]+\s+)?(?:types?|kinds?|sorts?|categor(?:y|ies)|"
    r"class(?:es)?|groups?|lobes?|stations?|scanners?|modalit(?:y|ies)|margins?|attenuations?|"
    r"descriptions?)(?:\s+(?:are|is|were|was)\s+there|\s+there\s+(?:are|is|were|was))?)"
    r"\s*\(\s*(?:e\.?g\.?,?\s*|such\s+as\s+|like\s+|for\s+(?:instance|example),?\s+|including\s+)?"
    r"[a-z0-9][a-z0-9 ,/-]*?\s*,?\s*"
    r"(?:and\s+so\s+(?:on|forth)|etc\.?|and\s+the\s+like|and\s+(?:all\s+the\s+)?others|and\s+more|"
    r"\.\.\.)\s*\)"
)


def grouped_values(text: str) -> str:
    """``text`` without a bracket listing a breakdown's own values, or examples of them (see the
    module's docstring)."""
    for field, pattern in _LISTED.items():
        text = pattern.sub(_dropped(field), text)
    return _EXAMPLES.sub(r"\g<by>", text)
