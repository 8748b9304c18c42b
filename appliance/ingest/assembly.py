"""Adding the receiving side to a :class:`~appliance.service.Service`.

``scanside serve`` (and tests) call :func:`add_ingest` to build the components in the order they
must start: recovery (before anything listens), the catalogue writer, the completion monitor and
last the Storage SCP, which therefore stops first on shutdown, before the writer drains. It
takes the service as a :class:`~appliance.component.ComponentHost` (what components are built
from and added to), so the receiving side does not import the service above it.
"""

from __future__ import annotations

import dataclasses

from appliance.component import ComponentHost
from appliance.ingest.completion import CompletionMonitor
from appliance.ingest.decode_share import DecodeShare
from appliance.ingest.inflight import InflightBudget
from appliance.ingest.limits import DatasetLimits
from appliance.ingest.receiver import Receiver
from appliance.ingest.recorder import CatalogueWriter
from appliance.ingest.recovery import Recovery
from appliance.ingest.refusals import RefusalAudit
from appliance.ingest.scp import StorageSCP
from appliance.ingest.store import InstanceStore

__all__ = ["IngestParts", "add_ingest"]


@dataclasses.dataclass(frozen=True)
class IngestParts:
    store: InstanceStore
    writer: CatalogueWriter
    receiver: Receiver
    completion: CompletionMonitor
    scp: StorageSCP


def add_ingest(service: ComponentHost) -> IngestParts:
    """Create and add recovery, writer, completion and SCP components; return them."""
    config = service.config
    store = InstanceStore(service.layout, min_free_mb=config.storage.min_free_mb)
    writer = CatalogueWriter(service.db, digest=store.digest)
    limits = DatasetLimits.from_config(config.dicom)
    inflight = InflightBudget.from_megabytes(config.dicom.max_inflight_mb)
    share = DecodeShare(config.dicom.max_decodes_per_address, config.dicom.network_timeout_s)
    receiver = Receiver(store, writer, limits=limits, inflight=inflight, decode_share=share)
    completion = CompletionMonitor(service.db, config.completion)
    scp = StorageSCP(
        config.dicom,
        receiver,
        heartbeats=service.heartbeats,
        refusals=RefusalAudit(service.db),
    )
    for component in (Recovery(service.db, store), writer, completion, scp):
        service.add(component)
    return IngestParts(store, writer, receiver, completion, scp)
