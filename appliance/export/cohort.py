"""Which studies a research export holds: from a cohort question, or from a file of study UIDs.

``scanside export --question`` and the API route hand the question to the query engine
(:mod:`query.engine`) and take the study UIDs of its rows; ``--studies FILE`` reads one Study
Instance UID per line (blank lines and ``#`` comments ignored). An answer cut short by the engine's
row limit is refused rather than exported in part.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from appliance.errors import ExportError

__all__ = ["read_study_file", "studies_of_answer"]

_UID = re.compile(r"^[0-9]+(\.[0-9]+)*$")


def studies_of_answer(answer: Any) -> list[str]:
    """The distinct study UIDs of a :class:`query.engine.Answer`, in the answer's order."""
    if answer.truncated:
        raise ExportError(
            f"the question matches more rows than the engine returns ({answer.count}); "
            "narrow it before exporting"
        )
    uids = [str(row["study_uid"]) for row in answer.rows if row.get("study_uid")]
    if not uids:
        raise ExportError(
            f"the answer to {answer.question!r} names no study (read as: {answer.interpretation})"
        )
    return list(dict.fromkeys(uids))


def read_study_file(path: Path) -> list[str]:
    """One Study Instance UID per line; ExportError naming the first line that is not one."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ExportError(f"cannot read {path}: {exc.strerror}") from exc
    uids = []
    for number, line in enumerate(lines, start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        if len(text) > 64 or not _UID.match(text):
            raise ExportError(f"{path}:{number}: {text[:70]!r} is not a Study Instance UID")
        uids.append(text)
    return uids
