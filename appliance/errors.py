"""The exception types every part of ScanSide raises.

One root, :class:`ScanSideError`, carries a short title and a message a technologist can act
on. The network edges convert these to DICOM statuses (``ingest``) or HTTP errors (``api``);
the CLI prints ``title: message`` and exits non-zero. Core code raises the most specific type
and chains the cause with ``raise ... from exc``.
"""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "CatalogueError",
    "ConfigError",
    "DicomInputError",
    "ExportError",
    "ModelError",
    "OutOfSpaceError",
    "QueryError",
    "ResultsError",
    "ScanSideError",
    "SendError",
    "VolumeError",
]


class ScanSideError(Exception):
    """Root of ScanSide's errors: ``str(err)`` is the message, ``err.title`` a short heading."""

    title = "ScanSide error"

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class ConfigError(ScanSideError):
    """A configuration file, variable or flag is missing, unknown or invalid.

    The message names the key (``dicom.port``) and where it came from (the file or variable).
    """

    title = "Configuration error"


class CatalogueError(ScanSideError):
    """The DuckDB catalogue cannot be opened, migrated, read or written."""

    title = "Catalogue error"


class DicomInputError(ScanSideError):
    """Received or imported data is not DICOM that ScanSide can store (malformed, truncated)."""

    title = "Invalid DICOM"


class OutOfSpaceError(ScanSideError):
    """Free disk space is below the configured threshold; nothing is written."""

    title = "Disk full"


class VolumeError(ScanSideError):
    """A series cannot be assembled into one consistent 3D volume (gaps, mixed geometry)."""

    title = "Cannot assemble volume"


class ModelError(ScanSideError):
    """A model is missing, fails its checksum, or cannot be loaded or run."""

    title = "Model error"


class AnalysisError(ScanSideError):
    """The analysis of one series failed; the message says why."""

    title = "Analysis failed"


class ResultsError(ScanSideError):
    """A DICOM result (SR, SEG, summary) cannot be built, written or read back."""

    title = "Cannot make results"


class SendError(ScanSideError):
    """A result could not be sent to a PACS destination."""

    title = "Send failed"


class ExportError(ScanSideError):
    """A research export cannot be made, or one object in it cannot be de-identified."""

    title = "Export failed"


class QueryError(ScanSideError):
    """A cohort question cannot be answered; the message says what could not be understood."""

    title = "Cannot answer the question"
