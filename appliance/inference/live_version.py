"""Which installed version of a model is live: a pointer file switched atomically.

``scanside models promote NAME@VERSION`` and ``scanside models rollback NAME`` change the live
version of a model without moving or copying a single model file. Every version stays where it
was installed (the first at ``<models_dir>/<name>/``, the others under
``<models_dir>/<name>/versions/<folder>/``); what changes is one small JSON file,
``<models_dir>/<name>/LIVE``::

    {"version": "0.2.4", "history": [{"version": "0.2.3", "until": "...", "by": "..."}],
     "changed_at": "2026-12-05T18:00:00+00:00", "changed_by": "alice", "action": "promote"}

:class:`~appliance.inference.repository.ModelRepository` reads it: when present, the version it
names is live (instead of the one at the model's top level). ``history`` is the stack of
earlier live versions, newest last, that ``rollback`` pops.

**Why the switch is atomic, including under ``kill -9``.** :func:`write_pointer` writes the
whole new pointer (version and history together) to a temporary file in the same folder
(``.LIVE.tmp-<pid>``), flushes and ``fsync``\\ s it, then ``os.replace``\\ s it over ``LIVE`` and
``fsync``\\ s the folder. ``os.replace`` is a single ``rename(2)`` within one file system, which
POSIX makes atomic: any reader opening ``LIVE`` sees either the complete old file or the
complete new one, never a mixture or a missing file. A process killed before the rename leaves
the old pointer in place and at most a stray temporary file, which readers never look at (and
the next switch removes); killed after it, the new pointer is complete, because its contents
were on disk before the rename. The fsyncs make the same hold across a power cut. Since a
version's files are never touched, "the repository is wholly the old live version or wholly
the new one" reduces to "``LIVE`` names the old version or the new one". The alternative, a
symlink swapped with ``os.replace``, is as atomic but needs the versions laid out as sibling
folders and does not carry the history in the same atomic write.

The version is checked before the switch: its manifest must parse and every file it names
(each ONNX variant and the candidate classifier) must match its sha256
(:meth:`ModelManifest.verify_files`, the same check a session runs before it loads a file),
so a damaged copy is refused before it becomes live.

``SCANSIDE_TEST_SWITCH_DELAY_S`` (seconds, tests only) makes :func:`pause_for_test` print
``switch-step NAME`` to stderr and sleep between the steps of a switch, so that a test can
``kill -9`` a promotion at each of them (``tests/appliance/cli/test_model_promote.py``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from appliance.errors import ModelError
from appliance.results.durable import sync_folder

__all__ = [
    "POINTER_NAME",
    "LivePointer",
    "pause_for_test",
    "read_pointer",
    "write_pointer",
]

POINTER_NAME = "LIVE"
TEMP_PREFIX = f".{POINTER_NAME}.tmp-"
DELAY_ENV = "SCANSIDE_TEST_SWITCH_DELAY_S"


@dataclasses.dataclass(frozen=True)
class LivePointer:
    """The content of one model's ``LIVE`` file."""

    version: str
    history: tuple[Mapping[str, str], ...] = ()
    """Earlier live versions, oldest first: ``{"version", "until", "by"}``."""
    changed_at: str = ""
    changed_by: str = ""
    action: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "history": [dict(h) for h in self.history],
            "changed_at": self.changed_at,
            "changed_by": self.changed_by,
            "action": self.action,
        }

    def switched_to(self, version: str, *, by: str, action: str) -> LivePointer:
        """The pointer after ``promote``: ``version`` live, this one pushed on the history."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        earlier = {"version": self.version, "until": now, "by": by}
        return LivePointer(
            version=version,
            history=(*self.history, earlier),
            changed_at=now,
            changed_by=by,
            action=action,
        )

    def rolled_back(self, *, by: str) -> LivePointer:
        """The pointer after ``rollback``: the last earlier version live again."""
        if not self.history:
            raise ModelError(
                f"no earlier live version to roll back to: {self.version} has been live since "
                "the model was installed (promote another version instead)"
            )
        previous = self.history[-1]
        return LivePointer(
            version=str(previous["version"]),
            history=self.history[:-1],
            changed_at=datetime.now(UTC).isoformat(timespec="seconds"),
            changed_by=by,
            action="rollback",
        )


def pointer_path(model_folder: Path) -> Path:
    return model_folder / POINTER_NAME


def read_pointer(model_folder: Path) -> LivePointer | None:
    """The model's ``LIVE`` pointer, or None when it has none (its top level is live)."""
    path = pointer_path(model_folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read the live-version pointer {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("version"), str):
        raise ModelError(f"{path}: the live-version pointer must name a 'version'")
    history = tuple(
        {str(k): str(v) for k, v in entry.items()}
        for entry in data.get("history", [])
        if isinstance(entry, dict) and "version" in entry
    )
    return LivePointer(
        version=data["version"],
        history=history,
        changed_at=str(data.get("changed_at", "")),
        changed_by=str(data.get("changed_by", "")),
        action=str(data.get("action", "")),
    )


def pause_for_test(step: str) -> None:
    """Name ``step`` on stderr and sleep, when a test asks for it (see the module doc)."""
    delay = os.environ.get(DELAY_ENV)
    if delay:
        sys.stderr.write(f"switch-step {step}\n")
        sys.stderr.flush()
        time.sleep(float(delay))


def write_pointer(model_folder: Path, pointer: LivePointer) -> None:
    """Replace the model's ``LIVE`` pointer with ``pointer``, atomically (module doc)."""
    for stale in model_folder.glob(f"{TEMP_PREFIX}*"):  # left by a switch that was killed
        with contextlib.suppress(OSError):
            stale.unlink()
    temp = model_folder / f"{TEMP_PREFIX}{os.getpid()}"
    text = json.dumps(pointer.to_json(), indent=2) + "\n"
    pause_for_test("before-temp")
    with temp.open("w", encoding="utf-8") as f:
        half = len(text) // 2
        f.write(text[:half])
        f.flush()
        pause_for_test(
            "half-written"
        )  # a kill here leaves half a temporary file, which no reader opens
        f.write(text[half:])
        f.flush()
        os.fsync(f.fileno())
    pause_for_test("before-replace")
    os.replace(temp, pointer_path(model_folder))
    pause_for_test("replaced")
    sync_folder(model_folder)
