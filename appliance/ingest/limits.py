"""What one received data set may cost: bytes held, bytes inflated, elements walked.

A C-STORE data set is held in memory until it is whole (the header read needs it all), a
deflated one is inflated, and both decoders walk it element by element. Without bounds, one
request could take the service's memory (a 1 GiB data set made 3.3 GB RSS), inflate half a MiB
into 512 MiB, or spend seconds of CPU on megabytes of zeros while other senders wait (issue
18). :class:`DatasetLimits` carries the bounds from ``[dicom]`` (``max_dataset_mb``,
``max_inflation_ratio``, ``max_decode_cpu_s``) to :class:`~appliance.ingest.receiver.Receiver`,
:mod:`appliance.ingest.parsing` and :mod:`appliance.ingest.header_scan`; every breach becomes
a DICOM status there (0xA700 for size and inflation, 0xC210 for an element flood, 0xC217 for
a data set whose decoding takes more CPU than :class:`DecodeClock` allows).
"""

from __future__ import annotations

import dataclasses
import time
import zlib

from appliance.config import DicomConfig
from appliance.ingest import statuses
from appliance.ingest.statuses import RefusedInstance

__all__ = ["DEFAULT_LIMITS", "DatasetLimits", "DecodeClock", "ElementCounter", "inflate"]

_MIB = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class DatasetLimits:
    """Bounds on one data set (see the module doc)."""

    max_bytes: int = 256 * _MIB
    """Largest data set, as received and, if deflated, once inflated."""
    max_inflation_ratio: int = 100
    """A deflated data set may inflate to this many times its size (past ``inflation_floor``)."""
    inflation_floor: int = 16 * _MIB
    """Inflating to this size is always allowed, whatever the ratio (small data sets of
    uniform values deflate far better than 100-fold)."""
    max_top_level_elements: int = 10_000
    """Top-level elements in one data set: a CT slice has a few hundred, a modality with many
    private tags a few thousand; 16 MiB of zeros reads as two million."""
    max_elements: int = 1_000_000
    """Elements at every level, as far as the fast header walk counts them."""
    max_decode_cpu_s: float = 5.0
    """CPU seconds (of the association's own thread) that inflating and decoding one data set
    may take: a 512x512 CT slice takes a few milliseconds, 256 MiB of deflated data about a
    second; a data set costlier than this is refused (0xC217)."""

    @classmethod
    def from_config(cls, dicom: DicomConfig) -> DatasetLimits:
        """The limits ``[dicom]`` sets, for the receiver and ``scanside import`` alike."""
        return cls(
            max_bytes=dicom.max_dataset_mb * _MIB,
            max_inflation_ratio=dicom.max_inflation_ratio,
            max_decode_cpu_s=dicom.max_decode_cpu_s,
        )

    def inflated_limit(self, deflated_size: int) -> int:
        """The most bytes ``deflated_size`` bytes of deflate may become."""
        by_ratio = max(self.inflation_floor, deflated_size * self.max_inflation_ratio)
        return min(self.max_bytes, by_ratio)

    def too_large(self, size: int) -> RefusedInstance:
        return RefusedInstance(
            f"the data set exceeds dicom.max_dataset_mb ({self.max_bytes // _MIB} MiB) "
            f"with {size} bytes",
            status=statuses.OUT_OF_RESOURCES,
        )


DEFAULT_LIMITS = DatasetLimits()


class DecodeClock:
    """The CPU time the current thread has spent decoding one data set, against
    ``dicom.max_decode_cpu_s``.

    ``time.thread_time()`` counts this thread's CPU only, so other associations, the analysis
    and the machine's load do not spend a sender's budget; a data set refused for it would cost
    as much again if resent. That is why the refusal is 0xC217, in PS3.4's "cannot understand"
    (0xCxxx) range, and not 0xA700 "out of resources", which tells a modality to send the same
    data set again later. The decoders call :meth:`check` every few thousand elements, every
    few hundred reads and every inflated chunk, so the clock costs under a microsecond each time
    and nothing measurable per image.
    """

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        self.started = time.thread_time()

    def spent(self) -> float:
        return time.thread_time() - self.started

    def check(self) -> None:
        """Raise :class:`RefusedInstance` (0xC217) once the budget is spent."""
        spent = self.spent()
        if spent > self.limit_s:
            raise RefusedInstance(
                f"decoding the data set took more than dicom.max_decode_cpu_s "
                f"({self.limit_s:g} s of CPU; {spent:.2f} s so far): stopped",
                status=statuses.DECODE_TOO_COSTLY,
            )


_INFLATE_CHUNK = 4 * _MIB
"""Inflated bytes between two looks at the clock: about 5 ms of CPU."""


def inflate(data: bytes, limits: DatasetLimits, clock: DecodeClock | None = None) -> bytes:
    """Raw deflate (PS3.5 A.5) inflated to at most ``limits.inflated_limit(len(data))`` bytes.

    Raises :class:`RefusedInstance` (0xA700) past the limit, (0xC217) when ``clock`` runs out
    between two chunks, zlib.error on broken data.
    """
    limit = limits.inflated_limit(len(data))
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    parts: list[bytes] = []
    size = 0
    pending = data
    while True:
        wanted = min(_INFLATE_CHUNK, limit + 1 - size)
        part = inflater.decompress(pending, wanted)
        parts.append(part)
        size += len(part)
        pending = inflater.unconsumed_tail
        if size > limit:
            raise RefusedInstance(
                f"{len(data)} bytes of deflated data set inflate past {limit} bytes "
                f"(dicom.max_inflation_ratio {limits.max_inflation_ratio}, "
                f"dicom.max_dataset_mb {limits.max_bytes // _MIB})",
                status=statuses.OUT_OF_RESOURCES,
            )
        if clock is not None:
            clock.check()
        if inflater.eof or (not pending and len(part) < wanted):
            break
    tail = inflater.flush()
    if len(parts) == 1:
        return parts[0] + tail  # no copy when the tail is empty, as it is after eof
    return b"".join((*parts, tail))


class ElementCounter:
    """A pydicom ``stop_when`` callback that refuses a data set with too many top-level
    elements (0xC210) instead of letting pydicom walk millions of them."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    def __call__(self, tag: object, vr: object, length: object) -> bool:
        self.count += 1
        if self.count > self.limit:
            raise RefusedInstance(
                f"the data set has more than {self.limit} top-level elements",
                status=statuses.CANNOT_DECODE,
            )
        return False
