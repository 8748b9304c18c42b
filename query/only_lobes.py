"""Findings found only in some lobes: "ldcts where the only nodules were in the LUL".

"Only" before or after a lobe (or "all" said of the findings there: "ldcts whose nodules were
all in the LUL") says two things of a study: it has such a finding there, and it
has none of that kind anywhere else. The second is a finding clause of its own, absent, over
the other lobes ("no nodule in the RUL, RML, RLL or LLL"). "Only" had been left unread (warned)
and the study kept with nodules in other lobes too. "Whose only nodule is in the LLL" (one
finding, part 29) also asks for exactly one there.

A side said so ("scans whose nodules were all in the right lung"; part 45, D) is read the same
way: a finding on that side and none of that kind on the other.

Read only where studies are asked for (listed or counted): of a patient, "whose only nodules
were in the LUL" may mean one study or every study, and of findings "only" adds nothing; there
it stays named.
"""

from __future__ import annotations

import dataclasses
import re

from query.reading import Parts
from query.typed_query import FindingClause, StudyFilter

__all__ = ["only_in_lobes"]

_LOBES = ("RUL", "RML", "RLL", "LUL", "LLL")
_SIDES = ("left", "right")
_GROUPS = {"upper": ("RUL", "LUL"), "lower": ("RLL", "LLL")}

_ONLY = r"(?:only|exclusively|solely)"
# "the only nodules were in the LUL", "only in the left upper lobe", "in the RUL only",
# "nodules located exclusively in the lingula": "only" next to the place, or opening "the
# only <findings> were / are"
_PLACED = r"(?:located\s+|found\s+|seen\s+)?(?:in|within)"
# ... or "all" said of the findings: "ldcts whose nodules were all in the LUL", "studies with all
# of their nodules in the RUL" (read as any nodule there, silently)
_FINDINGS = r"(?:nodules|nods|findings|ggns|ggos|masses|lesions)"
_ONLY_BEFORE = re.compile(
    rf"\b(?:(?:the|whose|its|their)\s+{_ONLY}\s+(?:[a-z-]+\s+){{1,3}}?(?:were|was|are|is)\s+"
    rf"{_PLACED}|"
    rf"{_ONLY}\s+{_PLACED}|{_FINDINGS}\s+(?:were|are)\s+all\s+{_PLACED}|"
    rf"\ball\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?(?:[a-z-]+\s+){{0,2}}?{_FINDINGS}\s+"
    rf"(?:(?:were|are)\s+)?{_PLACED})\s+(?:the\s+)?$"
)
# "studies whose only nodule is in the LLL" (part 29): one finding, so exactly one there
_ONLY_ONE = re.compile(
    rf"\b(?:the|whose|its|their)\s+{_ONLY}\s+(?:[a-z-]+\s+){{0,2}}?"
    r"(?:nodule|nod|finding|ggn|ggo|psn|mass|lesion)\s+(?:was|is)\s+"
    rf"{_PLACED}\s+(?:the\s+)?$"
)
_ONLY_AFTER = re.compile(rf"^\s*(?:lobes?\s+)?{_ONLY}\b")


def only_in_lobes(parts: Parts, study: StudyFilter, of_studies: bool) -> StudyFilter:
    """``study`` with, for its one present finding clause that names lobes with "only" beside
    them, an absent clause of the same finding in every other lobe; "only" is then placed. Of
    patients (``of_studies`` false) nothing is read, and "all" (a filler word elsewhere) is
    said in a caution, never dropped silently."""
    places = [g for g in parts.grounded if g.term.field in ("lobe", "side")]
    said = [g for g in places if _said_only(parts, g.first, g.last)]
    if not said:
        return study
    if not of_studies:
        parts.cautions.append(
            "findings 'only' or 'all' in a lobe are read of studies only (of a patient: on one "
            "study or on every one?); the lobe was read as any finding there"
        )
        return study
    present = [c for c in study.findings if not c.absent and (c.lobes or c.sides)]
    if len(present) != 1:
        return study
    clause = present[0]
    inside = {lobe for value in clause.lobes for lobe in _GROUPS.get(value, (value,))}
    others = tuple(lobe for lobe in _LOBES if lobe not in inside)
    other_sides = tuple(side for side in _SIDES if side not in clause.sides)
    if clause.lobes and clause.sides:
        return study  # a lobe and a side both said: left named
    if (clause.lobes and not others) or (clause.sides and not other_sides):
        return study
    elsewhere = FindingClause(
        kinds=clause.kinds,
        attenuations=clause.attenuations,
        margins=clause.margins,
        calcified=clause.calcified,
        lobes=others if clause.lobes else (),
        sides=() if clause.lobes else other_sides,
        measures=clause.measures,
        absent=True,
    )
    # "all" said of the findings is named by the reader's universal rule (a quantifier over a
    # patient's findings, not expressible); beside a lobe it is read here
    for word in ("only", "exclusively", "solely", "all"):
        if word in parts.ignored:
            parts.ignored.remove(word)
            break
    findings = list(study.findings)
    one = any(_ONLY_ONE.search(parts.text, 0, parts.tokens[g.first].start) for g in said)
    if one and clause.min_count == 1 and clause.max_count is None:
        findings[findings.index(clause)] = dataclasses.replace(clause, min_count=1, max_count=1)
    return dataclasses.replace(study, findings=(*findings, elsewhere))


def _said_only(parts: Parts, first: int, last: int) -> bool:
    """Is "only" (or "exclusively", "solely") said right before or after tokens
    ``first..last``?"""
    start, end = parts.tokens[first].start, parts.tokens[last].end
    return bool(_ONLY_BEFORE.search(parts.text, 0, start) or _ONLY_AFTER.match(parts.text[end:]))
