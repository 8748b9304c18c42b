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


def category_forms(text: str) -> str:
    """``text`` with part 42's Lung-RADS forms said in the readers' words."""
    text = _SCORED_BY.sub(r"lung-rads \g<c>", text)
    text = _WHERE_PRIOR_WAS.sub(r"that went from lung-rads \g<old> to \g<new>", text)
    text = _CATEGORY_VERSUS.sub(r"lung-rads \g<a> vs \g<b>", text)
    text = _SCREENING_ROUND.sub(r"in \g<y>", text)
    return _UNDER_EACH.sub("per ", text)
