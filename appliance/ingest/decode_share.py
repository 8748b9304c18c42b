"""A fair share of decoding CPU per sender: at most N data sets from one address decode at once.

``dicom.max_decode_cpu_s`` bounds what one data set may cost, not what one sender may: a listed
peer sending costly data sets on all of its associations (eight by default) kept eight
association threads decoding at once, and since decoding is Python holding the GIL, the listed
scanner's thread got about a ninth of the interpreter: ten 512x512 slices that storescu sends
in 0.2 s took 9-10 s while such a flood ran (issue 18, "CPU per sender"). :class:`DecodeShare`
is the gate every association's decode passes (``dicom.max_decodes_per_address``, default 1):
a sender's further data sets wait, unanswered, until its own decode is done, so however many
associations it opens it holds one decoding thread and the others' threads share the CPU with
it. A wait longer than ``wait_s`` is answered 0xA700 (out of resources: send again later).
Data sets handed over without an address (``scanside import``) are not gated.
"""

from __future__ import annotations

import contextlib
import ipaddress
import threading
import time
from collections.abc import Iterator

from appliance.ingest import statuses
from appliance.ingest.statuses import RefusedInstance

__all__ = ["DecodeShare"]


def _sender(address: str) -> str:
    """One key per host: an IPv4 peer on a dual-stack socket (``::ffff:a.b.c.d``) is a.b.c.d."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ip)


class DecodeShare:
    """Thread-safe count of the decodes running per sender address, at most ``per_address``."""

    def __init__(self, per_address: int = 1, wait_s: float = 60.0) -> None:
        self.per_address = per_address
        self.wait_s = wait_s
        self._running: dict[str, int] = {}
        self._changed = threading.Condition()
        self._closed = False
        self.waited = 0
        """Decodes that had to wait for their sender's earlier ones (for status and tests)."""

    @contextlib.contextmanager
    def turn(self, address: str | None) -> Iterator[None]:
        """Decode inside this block; wait first while ``address`` has ``per_address`` decodes
        running. Raises :class:`RefusedInstance` (0xA700) after ``wait_s`` of waiting."""
        if address is None:
            yield
            return
        sender = _sender(address)
        self._enter(sender)
        try:
            yield
        finally:
            self._leave(sender)

    def _enter(self, sender: str) -> None:
        deadline = time.monotonic() + self.wait_s
        with self._changed:
            if self._running.get(sender, 0) >= self.per_address:
                self.waited += 1
            while self._running.get(sender, 0) >= self.per_address:
                if self._closed:
                    raise RefusedInstance(
                        "the service is stopping; send again later",
                        status=statuses.OUT_OF_RESOURCES,
                    )
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RefusedInstance(
                        f"{sender} already has {self.per_address} data set(s) being decoded "
                        f"(dicom.max_decodes_per_address) and this one waited {self.wait_s:g} "
                        "s for its turn; send again later",
                        status=statuses.OUT_OF_RESOURCES,
                    )
                self._changed.wait(left)
            self._running[sender] = self._running.get(sender, 0) + 1

    def close(self) -> None:
        """The service is stopping: data sets waiting for their turn are refused (0xA700) at
        once rather than decoded one after another while the stop waits for their threads."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def _leave(self, sender: str) -> None:
        with self._changed:
            left = self._running[sender] - 1
            if left:
                self._running[sender] = left
            else:
                del self._running[sender]  # no entry per address ever seen
            self._changed.notify_all()
