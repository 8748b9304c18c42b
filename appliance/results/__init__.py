"""Results back to PACS: DICOM SR (TID 1500) and SEG, a text summary, and a durable outbox.

``sr`` and ``seg`` build the DICOM objects from a :class:`~appliance.findings.SeriesAnalysis`;
``reader`` turns them back into findings; ``summary`` writes the RIS text; ``files`` writes all
of them into a folder (``scanside analyze --out``); ``publisher`` files them under the data
directory and records them in the ``outbox``, which the ``sender`` component C-STOREs to every
configured PACS, retrying until each arrives once.
"""
