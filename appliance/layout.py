"""Where everything lives inside the data directory.

One object, :class:`DataLayout`, names every path so no module invents its own. The image
store, its temporary folder and the outbox are on the same file system, so a finished file can
be renamed into place atomically.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

__all__ = ["DataLayout"]


@dataclasses.dataclass(frozen=True)
class DataLayout:
    """Paths under one data directory (``storage.data_dir``)."""

    root: Path

    @classmethod
    def at(cls, root: str | Path) -> DataLayout:
        return cls(Path(root).expanduser().resolve())

    @property
    def catalogue(self) -> Path:
        """The DuckDB file; one process (``scanside serve``) owns it while it runs."""
        return self.root / "catalogue.duckdb"

    @property
    def store(self) -> Path:
        """Received instances, named by a hash of their UIDs: ``store/ab/<hash>.dcm``."""
        return self.root / "store"

    @property
    def incoming(self) -> Path:
        """Temporary files being written; anything here after a crash is incomplete."""
        return self.root / "tmp"

    @property
    def results(self) -> Path:
        """DICOM results (SR, SEG) and text summaries made by the analysis."""
        return self.root / "results"

    @property
    def outbox(self) -> Path:
        """Objects waiting to be sent to PACS destinations."""
        return self.root / "outbox"

    @property
    def exports(self) -> Path:
        """Pseudonym maps of research exports (mode 0700; they never leave the box)."""
        return self.root / "exports"

    @property
    def run(self) -> Path:
        """Run-time files of the service: pid, the local API address and admin token."""
        return self.root / "run"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def create(self) -> DataLayout:
        """Create every folder (idempotent) and return self."""
        for path in (
            self.root,
            self.store,
            self.incoming,
            self.results,
            self.outbox,
            self.run,
            self.logs,
        ):
            path.mkdir(parents=True, exist_ok=True)
        return self
