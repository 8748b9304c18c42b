"""Refused associations in the audit log, at a rate a flood cannot turn into a flood of rows.

Who was turned away at the DICOM port is as much an access record as who read a study, so the
Storage SCP appends one ``audit_log`` row per refused A-ASSOCIATE-RQ (action
``dicom.association.refused``, method ``DICOM``, the calling and called AE titles in
``query_string``, the A-ASSOCIATE-RJ reason of PS3.8 9.3.4 as ``status_code``). A host that
asks again and again gets at most one row per ``min_interval_s``; the next row it gets says how
many were folded into it (``suppressed=N``). Connections closed before their request was read
(:mod:`appliance.ingest.admission`) asked nothing and are only logged.
"""

from __future__ import annotations

import logging
import threading
import time

from appliance.catalogue import audit_log
from appliance.catalogue.database import Database
from appliance.errors import CatalogueError

__all__ = ["RefusalAudit"]

log = logging.getLogger(__name__)

ACTION = "dicom.association.refused"
_TRACKED = 4096
"""Addresses remembered for the rate limit; older ones are forgotten past this many."""


class RefusalAudit:
    """Thread-safe: called from the association threads."""

    def __init__(self, db: Database, *, min_interval_s: float = 1.0) -> None:
        self.db = db
        self.min_interval_s = min_interval_s
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}
        self._suppressed: dict[str, int] = {}

    def record(self, *, calling_ae: str, called_ae: str, address: str, reason: int) -> None:
        """One refusal; written now, or counted into the address's next row."""
        suppressed = self._admit(address)
        if suppressed is None:
            return
        query = f"calling_ae={calling_ae[:16]}&called_ae={called_ae[:16]}"
        if suppressed:
            query += f"&suppressed={suppressed}"
        try:
            audit_log.append(
                self.db,
                action=ACTION,
                method="DICOM",
                path="A-ASSOCIATE-RQ",
                status_code=reason,
                client=address,
                query_string=query,
            )
        except CatalogueError as exc:  # the refusal stands; only its audit row is lost
            log.error("cannot audit a refused association from %s: %s", address, exc)

    def _admit(self, address: str) -> int | None:
        """None to fold this refusal into a later row; else how many were folded so far."""
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(address, -self.min_interval_s) < self.min_interval_s:
                self._suppressed[address] = self._suppressed.get(address, 0) + 1
                return None
            if len(self._last) >= _TRACKED:
                self._forget_before(now - self.min_interval_s)
            self._last[address] = now
            return self._suppressed.pop(address, 0)

    def _forget_before(self, moment: float) -> None:
        for address in [a for a, t in self._last.items() if t < moment]:
            del self._last[address]
