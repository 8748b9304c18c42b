"""Reading a JSON Lines file that a person hands the appliance, one object per line.

``scanside import-cohort`` reads the cohort's four files with it (:mod:`reports.cohort_import`)
and ``scanside query --batch`` its questions (:mod:`appliance.cli.commands.query`), so both skip
blank lines and name a bad line the same way, ``FILE:LINE: what is wrong``, with the error type
of the caller (a cohort file is a catalogue input, a batch of questions a command's argument).
Lines are read one at a time: a batch is answered as it is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from appliance.errors import ScanSideError

__all__ = ["read_objects"]


def read_objects(path: Path, *, error: type[ScanSideError]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line of ``path``.

    A file that cannot be read, a line that is not JSON or not a JSON object raises ``error``
    naming the file (and line).
    """
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read it ({exc.strerror})") from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise error(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(item, dict):
                raise error(f"{path}:{number}: expected a JSON object")
            yield number, item
