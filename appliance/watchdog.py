"""Telling systemd that the appliance is up, and that it is still working (``Type=notify``).

``systemd/scanside.service`` runs ``scanside serve`` with ``Type=notify`` and ``WatchdogSec=``:
systemd counts the service as started only when it says ``READY=1`` (after recovery, with the
DICOM port open), and kills and restarts it when ``WATCHDOG=1`` stops arriving. A process that
is alive but hung must stop saying it, so the watchdog pets systemd only while every
:class:`Heartbeats` entry is fresh: the DICOM listeners beat on each turn of their accept loop,
each analysis thread before it looks for a job and before it runs one (with the job's time
limit as its allowance). A thread that hangs or dies stops beating; within its allowance the
watchdog stops petting, and systemd restarts the service (``Restart=on-failure``).

Outside systemd (no ``$NOTIFY_SOCKET``) nothing is sent and nothing changes.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Mapping
from typing import Any

__all__ = ["Heartbeats", "Watchdog", "notify"]

log = logging.getLogger(__name__)


_SEND_TIMEOUT_S = 0.5


def notify(state: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send ``state`` (``READY=1``, ``WATCHDOG=1``, ``STOPPING=1``) to systemd's notify socket.

    Returns False when not run by systemd (no ``$NOTIFY_SOCKET``) or when sending failed
    (logged); never raises.
    """
    address = (os.environ if environ is None else environ).get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            # A datagram to a socket whose queue is full blocks; a notify socket nobody reads
            # must cost a missed pet (logged), never a hung watchdog thread or a hung stop.
            sock.settimeout(_SEND_TIMEOUT_S)
            sock.connect(address)
            sock.sendall(state.encode("ascii"))
    except OSError as exc:
        log.warning("cannot notify systemd (%s): %s", state, exc)
        return False
    return True


class Heartbeats:
    """Named heartbeats, each with the time by which it must beat again. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._due: dict[str, float] = {}

    def beat(self, name: str, *, within_s: float) -> None:
        """``name`` is alive and will beat again within ``within_s`` seconds."""
        with self._lock:
            self._due[name] = time.monotonic() + within_s

    def forget(self, name: str) -> None:
        """``name`` has stopped on purpose (a component shutting down)."""
        with self._lock:
            self._due.pop(name, None)

    def overdue(self) -> list[str]:
        now = time.monotonic()
        with self._lock:
            return sorted(name for name, due in self._due.items() if due < now)


class Watchdog:
    """A Component: pets systemd's watchdog every half ``WATCHDOG_USEC`` while all beat."""

    name = "watchdog"

    def __init__(self, heartbeats: Heartbeats, environ: Mapping[str, str] | None = None) -> None:
        self.heartbeats = heartbeats
        self.environ = dict(os.environ if environ is None else environ)
        self.interval_s = _interval(self.environ)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.pets = 0
        self.withheld: list[str] = []

    def start(self) -> None:
        if self.interval_s is None:
            return
        self._thread = threading.Thread(target=self._run, name="watchdog", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def status(self) -> dict[str, Any]:
        return {
            "interval_s": self.interval_s,
            "pets": self.pets,
            "overdue": self.heartbeats.overdue(),
        }

    def _run(self) -> None:
        assert self.interval_s is not None
        while not self._stop.wait(self.interval_s):
            overdue = self.heartbeats.overdue()
            if overdue:
                if overdue != self.withheld:
                    log.error(
                        "not petting the systemd watchdog: %s stopped beating; systemd will "
                        "restart the service",
                        ", ".join(overdue),
                    )
                self.withheld = overdue
                continue
            self.withheld = []
            if notify("WATCHDOG=1", self.environ):
                self.pets += 1


def _interval(environ: Mapping[str, str]) -> float | None:
    """Half the watchdog period systemd asked for, or None without a watchdog for us."""
    usec = environ.get("WATCHDOG_USEC", "")
    pid = environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0 or (pid and pid != str(os.getpid())):
        return None
    if not environ.get("NOTIFY_SOCKET"):
        return None
    return int(usec) / 1e6 / 2
