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

# "went from lung-rads 2 straight to 4a on the next scan", "whose lr went from 3 to 4b from one
# exam to the next" (parts 56 to 59, C): "went from A to B" is already a change from the previous
# study, so "straight / directly" and the next study said after it say it again (they had been
# left unread, warned)
_NEXT_STUDY = r"(?:exam|scan|study|ct|ldct|one|screen|visit)"
_WENT_FROM_NEXT = re.compile(
    r"(?P<a>\bwent\s+from\s+(?:" + _SCALE_WORD + r")?" + _CATEGORY + r")\s+"
    r"(?:(?:straight|directly|right|immediately)\s+)?(?:up\s+)?(?P<b>to\s+(?:"
    + _SCALE_WORD
    + r")?"
    + _CATEGORY
    + r")(?:\s+(?:on|at|by|in)\s+(?:the|their|his|her)\s+(?:very\s+)?(?:next|following|"
    r"subsequent)\s+" + _NEXT_STUDY + r"|\s+from\s+one\s+" + _NEXT_STUDY + r"\s+to\s+the\s+"
    r"(?:next|following)(?:\s+" + _NEXT_STUDY + r")?|\s+between\s+consecutive\s+"
    r"(?:exams|scans|studies|cts|ldcts|screens|visits))?(?![\w-])"
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
# "screening scans scored four b", "rated 4 b": a category said in words or spaced after a word
# of scoring or the scale is that category ("4b"; "four" and "b" had been left unread, warned;
# parts 48-49, B)
_SPOKEN_CATEGORY = re.compile(
    r"\b(?P<pre>scored|rated|graded|classed|classified|categori[sz]ed|assessed|lung-?\s?rads|"
    r"lr|category)\s+(?:as\s+)?(?:an?\s+)?(?:four|4)\s+(?P<letter>[abx])\b(?![-'])"
)

# "pts upgraded from a 3 to a 4a on lung-rads": the articles before the two categories of a
# change ("from 3 to 4a"; the first category had been left unread, warned)
_FROM_A_TO_A = re.compile(
    r"\b(?P<verb>upgraded|downgraded|went|moved|jumped|progressed|shifted|climbed|changed|"
    r"bumped|escalated|dropped|fell|improved)\s+from\s+(?:an?\s+)?(?P<sa>" + _SCALE_WORD + r")?"
    r"(?P<a>"
    + _CATEGORY
    + r")\s+to\s+(?:an?\s+)?(?P<sb>"
    + _SCALE_WORD
    + r")?(?P<b>"
    + _CATEGORY
    + r")\b(?!\s*(?:mm|cm|ml|cc|hu|%|-|\.\d))(?P<on>\s+(?:on|in|per|by|under)\s+(?:the\s+)?"
    r"(?:lung-?\s?rads|lr)(?:\s+scale)?\b)?"
)
_LUNG_RADS_SAID = re.compile(r"\b(?:lung-?\s?rads|lr|categor(?:y|ies)|upgraded|downgraded)\b")


def _from_a_to_a(m: re.Match[str]) -> str:
    if not _LUNG_RADS_SAID.search(m.string):
        return m.group(0)
    first = m.group("sa") or ("lung-rads " if m.group("on") else "")
    return f"{m.group('verb')} from {first}{m.group('a')} to {m.group('sb') or ''}{m.group('b')}"


# "4a is the highest lr category this person ever reached - who", "4B was the worst lung-rads
# the patient ever got, which pts": the patients whose highest category was that one (the
# sentence had been read as the category on some study, "highest" left unread, warned)
_IS_THE_HIGHEST = re.compile(
    r"^(?:(?:lung-?\s?rads|lr)[\s-]?(?:category\s+)?|category\s+)?(?P<c>" + _CATEGORY + r")\s+"
    r"(?:is|was|has\s+been)\s+the\s+"
    r"(?:highest|worst|top|max(?:imum)?)(?:[\s-]+ever)?\s+(?:(?:lung-?\s?rads|lr)\s+)?"
    r"(?:category|score|grade|result|lung-?\s?rads|lr)\s+(?:(?:this|the|that|a)\s+(?:person|"
    r"patient|pt|individual|one)|they|he|she|someone)\s+(?:has\s+|had\s+|have\s+)?"
    r"(?:ever\s+)?(?:reached|got|had|hit|attained|received|scored|achieved|recorded|"
    r"been\s+given)(?:\s+ever)?\s*(?:[-,:;]\s*)?(?:(?:who|which\s+(?:patients|pts|people|ones)"
    r"|list\s+them|which\s+ones)\s*)?[?.!]*$"
)

# "ldcts that got worse vs the prior lung-rads", "scans whose lr rose compared with the previous
# one": the category above (below) the patient's previous one ("whose lung-rads went up";
# "worse" and "vs" had been left unread, warned). Only with the scale named: "got worse" alone
# may be a nodule's growth.
_WORSE = r"(?:got\s+worse|worsened|became\s+worse|got\s+higher|rose|increased|went\s+up)"
_BETTER = r"(?:got\s+better|improved|became\s+better|got\s+lower|fell|decreased|went\s+down)"
_THAN_PRIOR = (
    r"\s+(?:vs\.?|versus|than|compared\s+(?:to|with)|relative\s+to|from|over|since)\s+"
    r"(?:the|their|its|the\s+patient's)\s+(?:prior|previous|preceding|last|earlier)"
)
_WORSE_THAN_PRIOR_SCALE = re.compile(
    r"\b(?:(?:that|which)\s+)?(?P<dir>"
    + _WORSE
    + "|"
    + _BETTER
    + r")"
    + _THAN_PRIOR
    + r"\s+(?:lung-?\s?rads|lr)(?:\s+(?:category|score|result))?"
    r"(?:\s+(?:exam|scan|study|one|ct|ldct|screen))?\b"
)
_SCALE_WORSE_THAN_PRIOR = re.compile(
    r"\b(?:whose\s+)?(?:lung-?\s?rads|lr)(?:\s+(?:category|score))?\s+(?P<dir>"
    + _WORSE
    + "|"
    + _BETTER
    + r")"
    + _THAN_PRIOR
    + r"(?:\s+(?:exam|scan|study|one|ct|ldct|screen|category|lung-?\s?rads|lr))?\b"
)
# "how many studies went up in lung-rads category", "scans that moved down a lr category": the
# category above (below) the previous one ("lung-rads" had been left unread and growth read)
_WENT_UP_IN = re.compile(
    r"\b(?:(?:that|which)\s+)?(?:went|moved|stepped|jumped|climbed|dropped)\s+(?P<dir>up|down)"
    r"\s+(?:in|on|a)\s+(?:(?:their|its|the)\s+)?(?:lung-?\s?rads|lr)(?:\s+(?:category|score))?\b"
)


def _went(m: re.Match[str]) -> str:
    up = m.group("dir") == "up" or re.fullmatch(_WORSE, m.group("dir")) is not None
    return f"whose lung-rads category went {'up' if up else 'down'}"


# "the 4x lung-rads exams": a category before the scale and a plural study noun is the scale's
# category ("lung-rads 4x exams"; the two had been left unread, warned)
_CATEGORY_SCALE_NOUN = re.compile(
    r"\b(?P<c>4[abx])\s+(?P<s>lung-?\s?rads|lr)\s+(?=(?:exams|scans|studies|cts|ldcts|"
    r"screens|screening)\b)"
)

# "lr categories for ct02 ldcts in 2023, breakdown", "lung-rads scores of 2024 ldcts - split":
# the studies grouped by category ("lr breakdown of ..."; "categories" and "breakdown" had been
# left unread, warned)
_CATEGORIES_FOR_BREAKDOWN = re.compile(
    r"^(?P<s>lung-?\s?rads|lr)\s+(?:categories|category|scores|grades)\s+(?:for|of|among|in|"
    r"across|on)\s+(?:the\s+)?(?P<x>[^,;:]+?)\s*(?:,|;|:|\s-)\s*(?:a\s+|the\s+)?(?:breakdown|"
    r"broken\s+down|split|tally|distribution|break\s*down|counts?)\s*(?:please\s*)?[?.!]*$"
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


# "patients with lr 3 on two or more scans", "pts with at least 2 studies that were lung-rads
# 4a" (parts 56 to 59, C): a category said with how many of the patient's studies had it is a
# count of the patient's studies of that category, "two or more lung-rads 3 scans" (the count had
# been read as one nodule seen on that many studies, or as the patient's studies in all with the
# category on any one of them, silently). A bare count is at least two ("on one scan" is a study).
_STUDY_NOUN = r"(?:ldcts?|cts?|scans?|stud(?:y|ies)|exams?|screens?|visits?)"
_HOW_MANY = (
    r"(?P<n>(?:(?:at\s+least|more\s+than|over|fewer\s+than|less\s+than|exactly|no\s+fewer\s+"
    r"than|a\s+minimum\s+of)\s+(?:\d+|one|two|three|four|five|six)|(?:[2-9]|two|three|four|five|"
    r"six)(?:\s*\+|\s+or\s+(?:more|fewer|less))?))"
)
_CATEGORY_ON_COUNT = re.compile(
    r"\b(?P<s>lung-?\s?rads|lr)\s+(?:category\s+)?(?P<c>" + _CATEGORY + r")\s+"
    r"(?:on|in|at|across)\s+(?:(?:their|his|her)\s+)?"
    + _HOW_MANY
    + r"\s+(?:separate\s+|different\s+)?"
    r"(?P<u>" + _STUDY_NOUN + r")\b"
)
_COUNT_THAT_WERE_CATEGORY = re.compile(
    r"\b" + _HOW_MANY + r"\s+(?:separate\s+|different\s+)?(?P<u>" + _STUDY_NOUN + r")\s+"
    r"(?:(?:that|which)\s+(?:were|was)\s+(?:graded\s+|scored\s+|rated\s+|read\s+as\s+)?|"
    r"graded\s+|scored\s+|rated\s+|with\s+(?:a\s+)?|of\s+)"
    r"(?P<s>lung-?\s?rads|lr)\s+(?:category\s+)?(?P<c>" + _CATEGORY + r")(?![\w-])"
)


# "worst-ever lung-rads category was 3, nothing higher", "highest lr 4a, and no higher" (parts 56
# to 59, C): after a patient's highest category, "nothing (no, never anything) higher" says it
# again (it had been left unread, warned)
_HIGHEST_THEN_NONE_HIGHER = re.compile(
    r"(?P<h>\b(?:highest|worst|max(?:imum)?|peak|top)\b[^,;.?()]{0,40}?\b" + _CATEGORY + r")"
    r"\s*[,;(-]?\s*(?:(?:but|and)\s+)?(?:nothing|no|not|never\s+anything|never)\s+"
    r"(?:higher|worse|above(?:\s+that)?)\b(?:\s*\))?"
)
# "a highest lung-rads of 4x across all their exams", "worst lr on record is 3": the patient's
# highest category is over all their studies already, so the span said after it adds nothing
# (its "all" had been left unread, warned)
_HIGHEST_THEN_SPAN = re.compile(
    r"(?P<h>\b(?:highest|worst|max(?:imum)?|peak|top)(?:[\s-]+ever)?\s+" + _SCALE + r"\s+"
    r"(?:category\s+|score\s+)?(?:(?:of|was|is|=)\s+)?" + _CATEGORY + r")\s+(?:across|over|"
    r"on|in|among|throughout)\s+(?:all\s+)?(?:of\s+)?(?:their|his|her|the)\s+(?:whole\s+|entire\s+)?"
    r"(?:exams|studies|scans|cts|ldcts|history|record|records)\b"
)
_HIGHEST_ON_RECORD = re.compile(
    r"(?P<h>\b(?:highest|worst|max(?:imum)?|peak|top)(?:[\s-]+ever)?\s+" + _SCALE + r")\s+"
    r"on\s+record(?P<per>\s+per\s+(?:patient|pt|person))?(?=\s+(?:is|was|=)\s+" + _CATEGORY + r"\b)"
)


def _highest_on_record(m: re.Match[str]) -> str:
    """ "worst lr on record per patient is 3": the patients whose highest category it is."""
    return f"patients whose {m.group('h')}" if m.group("per") else m.group("h")


def category_forms(text: str) -> str:
    """``text`` with part 42's Lung-RADS forms said in the readers' words."""
    text = _SPOKEN_CATEGORY.sub(r"\g<pre> 4\g<letter>", text)
    text = _HIGHEST_THEN_NONE_HIGHER.sub(r"\g<h>", text)
    text = _HIGHEST_THEN_SPAN.sub(r"\g<h>", text)
    text = _HIGHEST_ON_RECORD.sub(_highest_on_record, text)
    text = _CATEGORY_ON_COUNT.sub(r"\g<n> lung-rads \g<c> \g<u>", text)
    text = _COUNT_THAT_WERE_CATEGORY.sub(r"\g<n> lung-rads \g<c> \g<u>", text)
    text = _FROM_A_TO_A.sub(_from_a_to_a, text)
    text = _IS_THE_HIGHEST.sub(r"patients whose highest lung-rads was \g<c>", text)
    text = _WORSE_THAN_PRIOR_SCALE.sub(_went, text)
    text = _SCALE_WORSE_THAN_PRIOR.sub(_went, text)
    text = _WENT_UP_IN.sub(_went, text)
    text = _CATEGORY_SCALE_NOUN.sub(r"\g<s> \g<c> ", text)
    text = _CATEGORIES_FOR_BREAKDOWN.sub(r"\g<s> breakdown of \g<x>", text)
    text = _HIGHEST_STOPPED_AT.sub("highest lung-rads was ", text)
    text = _MOVED_FROM.sub(r"went from lung-rads \g<a> to \g<b>", text)
    text = _WENT_FROM_NEXT.sub(r"\g<a> \g<b>", text)
    text = _STAYED.sub("were ", text)
    text = _EVERY_ONE_OF.sub(_every_one_of, text)
    text = _EVERY_AND_HOW_MANY.sub(_every_and_how_many, text)
    text = _SCORED_BY.sub(r"lung-rads \g<c>", text)
    text = _WHERE_PRIOR_WAS.sub(r"that went from lung-rads \g<old> to \g<new>", text)
    text = _CATEGORY_VERSUS.sub(r"lung-rads \g<a> vs \g<b>", text)
    text = _SCREENING_ROUND.sub(r"in \g<y>", text)
    return _UNDER_EACH.sub("per ", text)
