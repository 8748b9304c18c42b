"""Which studies a patient's number of studies counts, when the count names a finding.

"patients with 2 or more studies with a growing nodule" asks for patients of whom at least two
studies each show a growing nodule. The reader had counted every study of the patient and asked
the growing nodule of some study, a different and wider answer given with no warning (session
24's fixer C found it; a Known limit until now). The typed query already counts a kind of study
per patient (:attr:`query.typed_query.PatientFilter.studies_scope`); this module says which
finding clauses and report concepts belong to that kind: those joined to the counted noun by
"with", "showing", "that had" ... with nothing between but the finding's own words. A comma, an
"and" or a "who" ends the phrase ("patients with 2 or more studies and a calcified nodule" keeps
the count over all studies).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from query.clauses import Clause

__all__ = ["counted_with"]

# what may join the counted studies to their finding: "3+ scans showing", "2 exams that had",
# "two studies each with", "2 or more cts in which ... was seen" is left alone (a verb after)
_JOIN = re.compile(
    r"\s*(?:each\s+|all\s+)?(?:with|showing|that\s+(?:showed|show|had|have|demonstrated)"
    r"|having|containing|demonstrating|where\s+there\s+(?:was|is)|with\s+evidence\s+of)\s+"
)
# the finding's own words after the join (article, size, attributes), never a new phrase
_BREAK = re.compile(r"[,;:()]|\b(?:and|or|but|who|whose|which|while|plus|also|than|since)\b")
_MAX_GAP = 60


def counted_with(
    text: str, count_ends: Sequence[int], clauses: Sequence[Clause], concepts: Sequence[int]
) -> tuple[list[int], list[int]]:
    """``(clause indexes, concept indexes)`` of the findings and report concepts that say what
    each counted study shows. ``concepts`` are the concepts' positions in ``text``."""
    joins = [m.end() for end in count_ends if (m := _JOIN.match(text, end)) is not None]
    if not joins:
        return [], []

    def joined(at: int) -> bool:
        return any(
            start <= at <= start + _MAX_GAP and not _BREAK.search(text, start, at)
            for start in joins
        )

    found = [i for i, c in enumerate(clauses) if c.positions and joined(min(c.positions))]
    said = [i for i, at in enumerate(concepts) if joined(at)]
    return found, said
