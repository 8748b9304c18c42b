"""Start-up recovery: make the catalogue agree with the disk after a crash or ``kill -9``.

Runs before the Storage SCP opens its port. Temporary files in ``layout.incoming`` were never
acknowledged, so they are deleted. Every file in the store that the catalogue does not list (it
was acknowledged, but the batch recording it was lost) is parsed and recorded. Jobs that were
``running`` go back to ``queued``. Files the catalogue lists but the disk lacks are reported,
never silently dropped.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from appliance.catalogue import jobs
from appliance.catalogue.database import Database
from appliance.catalogue.instances import instance_paths
from appliance.ingest.instance_reader import read_instance
from appliance.ingest.parsing import split_part10
from appliance.ingest.recorder import Received, record_batch
from appliance.ingest.statuses import RefusedInstance
from appliance.ingest.store import InstanceStore, StoredFile, version_of

__all__ = ["Recovery", "reconcile"]

log = logging.getLogger(__name__)

_BATCH = 256


def _index(path: Path, store: InstanceStore) -> Received | None:
    data = path.read_bytes()
    try:
        ts, dataset_bytes = split_part10(data)
        record = read_instance(dataset_bytes, ts)
    except RefusedInstance as exc:
        log.error("recovery: %s is not a storable instance (%s); left in place", path, exc)
        return None
    stored = StoredFile(
        path.relative_to(store.layout.root).as_posix(),
        version_of(path) or 1,
        hashlib.sha256(data).hexdigest(),
        len(data),
        duplicate=False,
    )
    received_at = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)
    return Received(record, stored, received_at)


def reconcile(db: Database, store: InstanceStore) -> dict[str, int]:
    """Index store files missing from the catalogue; return what was found."""
    known = instance_paths(db)
    on_disk = {
        p.relative_to(store.layout.root).as_posix(): p
        for p in store.layout.store.glob("*/*.dcm")
        if version_of(p) is not None
    }
    batch: list[Received] = []
    indexed = 0
    for relative, path in sorted(on_disk.items()):
        if relative in known:
            continue
        item = _index(path, store)
        if item is not None:
            batch.append(item)
        if len(batch) >= _BATCH:
            indexed += record_batch(db, batch)
            batch.clear()
    indexed += record_batch(db, batch)
    missing = len(known - on_disk.keys())
    if missing:
        log.error(
            "recovery: %d catalogued instances have no file in %s", missing, store.layout.store
        )
    return {"indexed": indexed, "missing_files": missing, "files": len(on_disk)}


class Recovery:
    """A Component whose start() runs recovery once, before anything receives."""

    name = "recovery"

    def __init__(self, db: Database, store: InstanceStore) -> None:
        self.db = db
        self.store = store
        self.report: dict[str, Any] = {}

    def start(self) -> None:
        removed = self.store.clear_incoming()
        found = reconcile(self.db, self.store)
        requeued = jobs.requeue_interrupted(self.db)
        self.report = {"removed_partial_files": removed, "requeued_jobs": requeued, **found}
        if removed or found["indexed"] or requeued:
            log.warning("recovery: %s", self.report)

    def stop(self) -> None:
        return None

    def status(self) -> dict[str, Any]:
        return dict(self.report)
