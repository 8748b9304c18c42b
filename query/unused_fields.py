"""A field the question names but the answer never uses is said, not dropped (issue 17).

"What kind of margin do the solid nodules have" asks for the solid nodules' margins; "how do the
nodule margins break down for women" for a count per margin. A reader that places "margin" as a
field's name (so that it is not matched by meaning to one of its values) and then reads nothing
of it answers the rest: every study with a solid nodule, every woman with a nodule, without a
warning. The blind parts' first measurements found such answers in every session ("margin type
tally for nodules found in female patients", "calcification status of ...").

:func:`unused_field_cautions` is the guard for the whole family, whatever the phrasing: when the
question names a field (:data:`FIELD_WORDS`: margin, lobe, attenuation, station, modality, sex,
description, body part, Lung-RADS category, calcification, age) and the typed query neither limits
it, breaks the answer down by it, ranks or averages it, nor shows it in its rows (a finding's
lobe and category, a study's modality and description), the answer carries a caution naming the
word and saying how to ask for the breakdown. A field read by value ("spiculated margins", "the
left upper lobe", "Lung-RADS 4A") is used, so it never warns; nor does a word the reader already
reported as not understood (it has its own warning).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from query.typed_query import TypedQuery

__all__ = ["FIELD_WORDS", "unused_field_cautions"]

FIELD_WORDS: tuple[tuple[str, str, frozenset[str]], ...] = (
    # (the words that name the field, its name in a caution, what the typed query uses it as)
    (r"margins?", "margin", frozenset({"margins", "margin"})),
    (r"lobes?", "lobe", frozenset({"lobes", "lobe", "sides", "side"})),
    (
        r"attenuations?|densit(?:y|ies)|consistenc(?:y|ies)",
        "attenuation",
        frozenset({"attenuations", "attenuation", "mean_hu", "solid_component_mm"}),
    ),
    (r"stations?", "station", frozenset({"stations", "station"})),
    (r"modalit(?:y|ies)", "modality", frozenset({"modalities", "modality"})),
    (r"sex(?:es)?|genders?", "sex", frozenset({"sexes", "sex"})),
    (r"descriptions?", "description", frozenset({"descriptions", "description"})),
    (r"body\s+parts?", "body part", frozenset({"body_parts", "body_part"})),
    (
        r"lung[- ]?rads|lungrads|categor(?:y|ies)",
        "Lung-RADS category",
        frozenset({"lung_rads", "highest_lung_rads", "lung_rads_change", "overdue"}),
    ),
    (
        r"calcifications?",
        "calcification",
        frozenset({"calcified", "coronary_calcification"}),  # or the report concept
    ),
    (r"ages?", "age", frozenset({"age", "birth", "birth_date", "study_age"})),
)
_NAMED = tuple(
    (re.compile(rf"(?<![\w-])(?:{words})(?![\w-])"), label, uses)
    for words, label, uses in FIELD_WORDS
)
_SHOWN: dict[str, set[str]] = {
    "finding": {"lobe", "lung_rads"},  # columns of every finding row
    "study": {"modality", "description"},  # columns of every study row
}
"""Fields the rows of an answer show whatever was asked: the answer uses them."""
_SKIPPED = frozenset({"alternatives", "ignored", "notes", "cautions"})


def _uses(node: object) -> Iterator[str]:
    """Every attribute of the typed query (at any depth) set away from its default, and every
    field named as a value (a breakdown's, a ranking's, an average's, a measurement's)."""
    if isinstance(node, tuple):
        for item in node:
            yield from _uses(item)
        return
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return
    for field in dataclasses.fields(node):
        if field.name in _SKIPPED:
            continue
        value = getattr(node, field.name)
        default = field.default
        if default is dataclasses.MISSING and field.default_factory is not dataclasses.MISSING:
            default = field.default_factory()
        if value == default:
            continue
        yield field.name
        if isinstance(value, str) and field.name in {"group_by", "field", "concept"}:
            yield value
        yield from _uses(value)


def unused_field_cautions(question: str, query: TypedQuery) -> tuple[str, ...]:
    """A caution for each field ``question`` names that ``query`` does not use (module doc)."""
    text = question.lower()
    ignored = " ".join(query.ignored).lower()
    used = set(_uses(query)) | _SHOWN.get(query.unit, set())
    cautions = []
    for pattern, label, uses in _NAMED:
        said = pattern.search(text)
        if said is None or used & uses or pattern.search(ignored):
            continue
        cautions.append(
            f"'{said.group(0)}' names the {label}, but the answer neither limits it nor "
            f"breaks down by it; ask for '... per {label}' to count each {label}, or name the "
            f"{label} you want"
        )
    return tuple(cautions)
