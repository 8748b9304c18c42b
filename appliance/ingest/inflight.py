"""The bytes of C-STORE data sets held in memory by all associations together, bounded.

A data set is held in memory until it is whole and stored (the header read needs it all), and
:mod:`appliance.ingest.limits` bounds one at ``dicom.max_dataset_mb``. Nothing bounded them
together: sixteen associations each sending their largest at once could take 16 x 256 MiB,
and about twice that at peak (issue 18, "memory across associations"). One
:class:`InflightBudget` per receiver (``dicom.max_inflight_mb``) is the counter every arriving
fragment is reserved from, and released to once its data set is answered or dropped. A
fragment that would pass the budget refuses its data set with 0xA700 (out of resources), the
status a modality retries later; what that data set held is released at once and its later
fragments are dropped, so a refusal frees memory rather than waiting for it. The budget does
not know a data set's size in advance (a C-STORE does not announce it), so it is first come,
first served fragment by fragment: a data set that started earlier is refused when others
filled the budget before its next fragment arrived.
"""

from __future__ import annotations

import threading

from appliance.ingest import statuses
from appliance.ingest.statuses import RefusedInstance

__all__ = ["DEFAULT_INFLIGHT_BYTES", "InflightBudget"]

_MIB = 1024 * 1024
DEFAULT_INFLIGHT_BYTES = 384 * _MIB
"""Two data sets of up to 192 MiB at once, hundreds of CT slices; memory at peak about twice
this (a data set is joined once before it is read), within the 1 GB issue 18 allows."""


class InflightBudget:
    """Thread-safe count of the data set bytes held, against ``limit`` bytes."""

    def __init__(self, limit: int = DEFAULT_INFLIGHT_BYTES) -> None:
        self.limit = limit
        self._held = 0
        self._peak = 0
        self._lock = threading.Lock()

    @classmethod
    def from_megabytes(cls, max_inflight_mb: int) -> InflightBudget:
        return cls(max_inflight_mb * _MIB)

    def reserve(self, size: int) -> bool:
        """Take ``size`` bytes from the budget; False (nothing taken) when they do not fit."""
        with self._lock:
            if self._held + size > self.limit:
                return False
            self._held += size
            self._peak = max(self._peak, self._held)
            return True

    def release(self, size: int) -> None:
        """Give back ``size`` bytes taken by :meth:`reserve`."""
        with self._lock:
            self._held = max(0, self._held - size)

    @property
    def held(self) -> int:
        """Bytes reserved now."""
        with self._lock:
            return self._held

    @property
    def peak(self) -> int:
        """The most bytes reserved at once since the start."""
        with self._lock:
            return self._peak

    def exhausted(self, wanted: int) -> RefusedInstance:
        """The refusal for a data set whose next ``wanted`` bytes do not fit."""
        return RefusedInstance(
            f"data sets in flight on all associations would pass dicom.max_inflight_mb "
            f"({self.limit // _MIB} MiB) with {wanted} more bytes; send again later",
            status=statuses.OUT_OF_RESOURCES,
        )
