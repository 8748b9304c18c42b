"""Receiving images: the Storage SCP, the durable store, catalogue recording and completion.

The path of one instance, whatever brought it (C-STORE or ``scanside import``):
:mod:`~appliance.ingest.parsing` checks and reads it, :mod:`~appliance.ingest.store` makes it
durable under a name derived from a hash of its SOP Instance UID, and
:mod:`~appliance.ingest.recorder` writes its rows into the catalogue in batches.
:mod:`~appliance.ingest.receiver` strings these together and turns every failure into a DICOM
status. :mod:`~appliance.ingest.completion` decides when a series is complete,
:mod:`~appliance.ingest.recovery` reconciles disk and catalogue after a crash, and
:mod:`~appliance.ingest.assembly` adds all of them to a :class:`~appliance.service.Service`.
"""
