"""The thread every outbox sender runs: send what is due, sleep until the next row is due, repeat.

The DICOM sender (:mod:`appliance.results.sender`) and the message channels
(:mod:`appliance.results.delivery`) differ in how they send, not in how they live as a service
component: resume the rows a crash left in flight, run rounds on one background thread, wake
early when new rows are queued, never let one bad round kill the thread, and report per
destination how many were sent since start. :class:`OutboxWorker` is that life cycle once; a
subclass says how one round sends (:meth:`OutboxWorker.run_once`) and counts each success with
:meth:`OutboxWorker.count_sent`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

from appliance.results.outbox import Outbox, utcnow

__all__ = ["OutboxWorker"]


class OutboxWorker:
    """``start()``, ``stop()``, ``status()``, ``wake()``; subclasses supply ``run_once()``."""

    name = "outbox-worker"
    #: the status key under each destination for what was sent since start
    sent_key = "sent_since_start"

    def __init__(
        self,
        outbox: Outbox,
        destination_names: Iterable[str],
        *,
        poll_interval_s: float,
        stop_timeout_s: float,
        log: logging.Logger,
        log_label: str,
    ) -> None:
        self.outbox = outbox
        self.poll_interval_s = poll_interval_s
        self.stop_timeout_s = stop_timeout_s
        self._log = log
        self._log_label = log_label
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sent = dict.fromkeys(destination_names, 0)

    def run_once(self) -> int:
        """Send everything due now to every destination; return how many were sent."""
        raise NotImplementedError

    def count_sent(self, destination: str) -> None:
        self._sent[destination] = self._sent.get(destination, 0) + 1

    def start(self) -> None:
        if self._thread is not None:
            return
        resumed = self.outbox.resume()
        if resumed:
            self._log.info("%s: %d pending send(s) resumed after restart", self._log_label, resumed)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=self.stop_timeout_s)
            self._thread = None

    def wake(self) -> None:
        """Send now (new rows were queued)."""
        self._wake.set()

    def status(self) -> dict[str, Any]:
        destinations = self.outbox.summary()
        for name, entry in destinations.items():
            entry[self.sent_key] = self._sent.get(name, 0)
        return {
            "running": self._thread is not None and self._thread.is_alive(),
            "destinations": destinations,
        }

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
                pause = self._sleep_s()
            except Exception:  # keep the sender alive; the cause is logged with its traceback
                self._log.exception(
                    "%s: a round of sending failed; trying again later", self._log_label
                )
                pause = self.poll_interval_s  # not at once: the same cause would repeat
            self._wake.wait(timeout=pause)
            self._wake.clear()

    def _sleep_s(self) -> float:
        due = self.outbox.next_due_at()
        if due is None:
            return self.poll_interval_s
        return min(max((due - utcnow()).total_seconds(), 0.01), self.poll_interval_s)
