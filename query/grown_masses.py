"""Nodules that grew, and a nodule that grew into a mass.

ScanSide's Conventions count a nodule that grew into a mass (over 30 mm) for "nodules that
grew"; the cohort's README says "nodule" means kind nodule, and its readers keep only findings
that are still nodules. Since neither reading can be shown right, the answer is never silent
about it (as :mod:`query.new_masses` does for new and stable nodules): when a question asks for
nodules that grew and its answer is findings (listed, counted, counted per group) that take in
one that is a mass now, the engine adds a warning that names those findings and the phrasing
of the other reading ("nodules that grew, not masses"), which
:func:`query.new_masses.read_not_masses` reads (the clause then keeps findings that are nodules
now, ``kind_now``; this also holds for studies and patients).

Studies and patients "with a nodule that grew" are settled by the dev set, which answers
"nodules that grew" with the study whose nodule grew into a mass: they stay silent. Only the
question's own clauses asked for (not "with no nodule that grew") that say "nodule" are asked
about: "lesions that grew" and "nodules or masses that grew" are unambiguous. One extra query
per such clause, only for growth questions answered in findings. Used by :mod:`query.engine`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from query.new_masses import named_findings
from query.typed_query import FindingClause, StudyFilter, TypedQuery

__all__ = ["MASSES", "grown_clauses", "grown_masses_warning"]

# The kinds the clause is asked of for the warning: findings that are masses now.
MASSES = ("mass",)


def _ambiguous(clause: FindingClause) -> bool:
    """Does the clause ask for nodules that grew, a mass grown from one let in?"""
    kinds = set(clause.kinds)
    return (
        clause.grew
        and not clause.absent
        and not clause.kind_now
        and "nodule" in kinds
        and not kinds & {"mass", "lesion"}
    )


def _counts_findings(query: TypedQuery) -> bool:
    """Are the findings themselves answered (listed, counted, counted per group)?"""
    return query.unit == "finding" or (query.unit == "count" and query.count_of == "finding")


def grown_clauses(query: TypedQuery) -> Iterator[tuple[StudyFilter, FindingClause]]:
    """Each clause asking for nodules that grew whose findings are the answer, with the filter
    that holds it. Studies and patients with a nodule that grew are settled by the dev set
    ("nodules that grew" answers the study whose nodule grew into a mass), so only an answer
    of findings is asked about."""
    if not _counts_findings(query):
        return iter(())
    return ((query.filter, c) for c in query.filter.findings if _ambiguous(c))


def grown_masses_warning(findings: Sequence[str], *, more: bool = False) -> str:
    """The warning for an answer that takes in nodules that grew into masses: the findings
    (``more``: and others not listed), and how to ask for the other reading."""
    shown = named_findings(findings)
    one = len(findings) == 1 and not more
    number = f"over {len(findings)}" if more else str(len(findings))
    return (
        f"the answer counts {number} {'finding' if one else 'findings'} that "
        f"{'is a mass' if one else 'are masses'} now ({shown}) as "
        f"{'a nodule' if one else 'nodules'} that grew (a nodule that grew into a mass; "
        "whether it is still a 'nodule' is not settled); ask for 'nodules that grew, not "
        "masses' to leave "
        f"{'it' if one else 'them'} out"
    )
