"""Lung-RADS categories said in other words, put in the words the readers read (part 42, B).

Part 42 (``tests/query/bank_fresh_42.py``, issue 17) showed a category said as a score ("ldcts
scored 4B by lung-rads"), a change said through the prior exam ("4A where the prior exam had
been lung-rads 3"), two categories compared after "category" ("category 3 vs 4A ldcts"), a
year's screening said as a "round" ("for the 2025 screening round") and a breakdown said "under
each Lung-RADS category". The readers had read "by lung-rads" as a breakdown, the prior's
category as a second category of the same study, the second category and "round" (a margin)
wrongly, all warned. Each rule here rewrites one such form to the form the readers read, keeping
its meaning. Called by :func:`query.rewrites.clean` on the lower-cased text, after the typist's
slips are corrected.
"""

from __future__ import annotations

import re

__all__ = ["category_forms"]

_CATEGORY = r"(?:[1-3]|4[abx])"
_SCALE = r"(?:lung-?\s?rads|lr)"
_SCALE_WORD = r"(?:(?:lung-?\s?rads|lr)\s+(?:category\s+|score\s+)?|category\s+)"

# "ldcts scored 4B by lung-rads", "rated 3 on lung rads", "graded 4a per lung-rads": the study's
# category ("lung-rads 4b"; "by lung-rads" had been read as a breakdown, warned)
_SCORED_BY = re.compile(
    r"\b(?:(?:that|which)\s+(?:were|was|are|is)\s+)?(?:scored|rated|graded|classed|classified|"
    r"categori[sz]ed|assessed)\s+(?:as\s+)?(?P<c>" + _CATEGORY + r")\s+(?:by|on|per|under|using|"
    r"according\s+to)\s+(?:the\s+)?" + _SCALE + r"\b"
)

# "studies that were 4A where the prior exam had been lung-rads 3": a change from the patient's
# previous study ("went from lung-rads 3 to 4a"; the prior's category had been read as the
# study's own, and two categories of one study exclude each other, warned)
_WHERE_PRIOR_WAS = re.compile(
    r"\b(?:(?:that|which)\s+(?:were|was|are|is)\s+|(?:with|having)\s+(?:an?\s+)?)"
    r"(?:" + _SCALE_WORD + r")?(?P<new>" + _CATEGORY + r")\s*,?\s+(?:where|when|whose|and|after|"
    r"if)\s+(?:(?:the|their|its|the\s+patient)\s+)?(?:prior|previous|preceding|last|earlier)\s+"
    r"(?:exam|scan|study|ct|ldct|one|screen)\s+(?:had\s+been|has\s+been|was|were|is|had|scored)"
    r"\s+(?:" + _SCALE_WORD + r")?(?P<old>" + _CATEGORY + r")\b"
)

# "category 3 vs 4A ldcts": two categories compared, each read as one ("lung-rads 3 vs 4a"; the
# second had been left unread after "category", warned)
_CATEGORY_VERSUS = re.compile(
    r"\b(?:lung-?\s?rads\s+)?categor(?:y|ies)\s+(?P<a>" + _CATEGORY + r")\s+(?:vs\.?|versus|v\.?|"
    r"compared\s+(?:to|with))\s+(?:category\s+)?(?P<b>" + _CATEGORY + r")\b"
)

# "for the 2025 screening round": the year's screening studies ("in 2025"; the studies are named
# next, "round" had been read as a margin, warned). Only with a year: "each screening round"
# asks for more than a period
_SCREENING_ROUND = re.compile(
    r"\b(?:for|in|during|of|from)\s+(?:the|our)\s+(?P<y>(?:19|20)\d{2})\s+screening\s+"
    r"(?:round|cycle|year|campaign)\b"
)

# "tally the ldcts under each lung-rads category": "under each" before the scale is "per"
_UNDER_EACH = re.compile(r"\b(?:under|within|in)\s+each\s+(?=" + _SCALE_WORD + r")")


# "whose highest-ever lung-rads stopped at 3", "worst lr topped out at 4a": the patient's highest
# category was that one ("highest lung-rads was 3"; "stopped" had been left unread, refused;
# part 45, C)
_HIGHEST_STOPPED_AT = re.compile(
    r"\b(?:highest|worst|top|max(?:imum)?)(?:[\s-]+ever)?\s+(?:lung-?\s?rads|lr)"
    r"(?:\s+(?:category|score))?\s+(?:(?:has|had|ever)\s+)?(?:stopped|stops|topped\s+out|"
    r"maxed\s+out|peaked|capped\s+out|ended\s+up|plateaued)\s+(?:at|on)\s+"
    r"(?:" + _SCALE_WORD + r")?(?=" + _CATEGORY + r"\b)"
)

# "who moved from lr 2 straight to 4A on the next scan", "jumped from lung-rads 3 directly to
# 4b": a change from the previous study ("went from lung-rads 2 to 4a"; the verb, "straight"
# and the second category had been left unread, warned; part 45, C). "on the next scan" is
# the study just after, which is what "went from" reads.
_MOVED_FROM = re.compile(
    r"\b(?:moved|jumped|progressed|shifted|climbed|escalated)\s+"
    r"from\s+(?:" + _SCALE_WORD + r")?(?P<a>" + _CATEGORY + r")\s+(?:(?:straight|directly|"
    r"right|immediately)\s+)?(?:up\s+)?to\s+(?:"
    + _SCALE_WORD
    + r")?(?P<b>"
    + _CATEGORY
    + r")(?:\s+(?:on|at|by|in)\s+(?:the|their|his|her)\s+(?:very\s+)?(?:next|following|"
    r"subsequent)\s+(?:exam|scan|study|ct|ldct|one|screen|visit))?\b"
)

# "stayed lung-rads 2 on every one of their screening cts (two or more)": every such study had
# that category, and the patient had at least that many of them ("were lung-rads 2 on every
# screening ct and had 2 or more screening cts"; "stayed" had been left unread and the bracket
# read as a diameter, warned; part 45, C)
_STAYED = re.compile(
    r"\b(?:stayed|remained|held|kept|sat)\s+(?:at\s+)?(?=(?:"
    + _SCALE_WORD
    + r")?"
    + _CATEGORY
    + r"\s+(?:on|at|across|for|in|throughout)\s+(?:every|each|all)\b)"
)
_EVERY_ONE_OF = re.compile(
    r"\b(?P<on>on|at|across|for|in|throughout)\s+(?:every|each)\s+(?:single\s+)?one\s+of\s+"
    r"(?:their|his|her|the)\s+(?P<what>(?:screening\s+|low-dose\s+|chest\s+)?(?:cts|ldcts|"
    r"scans|exams|studies|screens))\b"
)
_EVERY_AND_HOW_MANY = re.compile(
    r"\bevery\s+(?P<what>(?:screening\s+|low-dose\s+|chest\s+)?(?:ct|ldct|scan|exam|study|"
    r"screen))\s*\(\s*(?:at\s+least\s+)?(?P<n>[2-9]|two|three|four|five)(?:\s+or\s+more)?"
    r"(?:\s+of\s+them)?\s*\)"
)
_PLURAL = {"study": "studies"}


def _every_one_of(m: re.Match[str]) -> str:
    what = m.group("what")
    return f"{m.group('on')} every {'study' if what == 'studies' else what[:-1]}"


def _every_and_how_many(m: re.Match[str]) -> str:
    what = m.group("what")
    many = _PLURAL.get(what, what + "s")
    n = {"two": "2", "three": "3", "four": "4", "five": "5"}.get(m.group("n"), m.group("n"))
    return f"every {what} and had {n} or more {many}"


def category_forms(text: str) -> str:
    """``text`` with part 42's Lung-RADS forms said in the readers' words."""
    text = _HIGHEST_STOPPED_AT.sub("highest lung-rads was ", text)
    text = _MOVED_FROM.sub(r"went from lung-rads \g<a> to \g<b>", text)
    text = _STAYED.sub("were ", text)
    text = _EVERY_ONE_OF.sub(_every_one_of, text)
    text = _EVERY_AND_HOW_MANY.sub(_every_and_how_many, text)
    text = _SCORED_BY.sub(r"lung-rads \g<c>", text)
    text = _WHERE_PRIOR_WAS.sub(r"that went from lung-rads \g<old> to \g<new>", text)
    text = _CATEGORY_VERSUS.sub(r"lung-rads \g<a> vs \g<b>", text)
    text = _SCREENING_ROUND.sub(r"in \g<y>", text)
    return _UNDER_EACH.sub("per ", text)
