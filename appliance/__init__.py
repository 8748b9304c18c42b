"""ScanSide: an offline edge appliance that sits beside a scanner.

The package is split by job: ``ingest`` receives DICOM, ``catalogue`` owns the DuckDB file,
``inference`` analyses complete series, ``results`` writes and sends DICOM results, and the
edges (``cli``, ``api``, ``tui``) talk to people and other systems. The core never imports
the edges (an import-linter contract in ``pyproject.toml`` enforces it).
"""

from appliance.offline import keep_offline

__version__ = "0.1.0"

keep_offline()  # before any library that would phone home is imported (see appliance.offline)
