"""``scanside import PATH``: ingest a folder of DICOM files through the receiver's own path.

When no service runs on the data directory, the files are parsed, stored and catalogued in this
process exactly as a C-STORE would be (same checks, same names, same versions). When a service
is running it owns the catalogue (DuckDB admits one process), so the files are sent to it by
C-STORE on localhost over one association. Either way each refused file is listed with its
DICOM status and reason, and the exit status is 1 when any file was refused.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from appliance import runinfo
from appliance.catalogue.database import open_database
from appliance.cli.options import add_common_options, config_from_args
from appliance.config import AppConfig
from appliance.errors import ConfigError
from appliance.ingest import statuses
from appliance.ingest.inflight import InflightBudget
from appliance.ingest.limits import DatasetLimits
from appliance.ingest.parsing import split_part10
from appliance.ingest.receiver import Receiver
from appliance.ingest.recorder import CatalogueWriter
from appliance.ingest.sender import send_files
from appliance.ingest.statuses import RefusedInstance
from appliance.ingest.store import InstanceStore
from appliance.layout import DataLayout

NAME = "import"
HELP = "ingest a folder of DICOM files (recursively) as if they had been sent"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="a DICOM file or a folder (searched recursively)")
    add_common_options(parser)


def _files(root: Path) -> Iterator[Path]:
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            yield path


def _local(config: AppConfig, layout: DataLayout, files: list[Path]) -> tuple[int, int]:
    db = open_database(layout.catalogue)
    store = InstanceStore(layout, min_free_mb=config.storage.min_free_mb)
    writer = CatalogueWriter(db, digest=store.digest)
    limits = DatasetLimits.from_config(config.dicom)
    inflight = InflightBudget.from_megabytes(config.dicom.max_inflight_mb)
    receiver = Receiver(store, writer, limits=limits, inflight=inflight)
    writer.start()
    stored = refused = 0
    try:
        for path in files:
            try:
                syntax, data = split_part10(path.read_bytes())
                outcome = receiver.receive(data, syntax)
                status, message = outcome.status, outcome.message
            except RefusedInstance as exc:
                status, message = exc.status, exc.message
            stored, refused = _tally(path, status, message, stored, refused)
    finally:
        receiver.close()
        writer.stop()
        db.close()
    return stored, refused


def _remote(info: runinfo.RunInfo, files: list[Path]) -> tuple[int, int]:
    stored = refused = 0
    for result in send_files(
        files, host="127.0.0.1", port=info.dicom_port, called_ae=info.ae_title
    ):
        stored, refused = _tally(result.path, result.status, result.message, stored, refused)
    return stored, refused


def _tally(
    path: Path, status: int | None, message: str, stored: int, refused: int
) -> tuple[int, int]:
    if status == statuses.SUCCESS:
        return stored + 1, refused
    code = f"0x{status:04X}" if status is not None else "not sent"
    print(
        f"{path}: {code} {statuses.DESCRIPTIONS.get(status or -1, '')} {message}".rstrip(),
        file=sys.stderr,
    )
    return stored, refused + 1


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if not args.path.exists():
        raise ConfigError(f"{args.path}: no such file or folder")
    layout = DataLayout.at(config.storage.data_dir).create()
    files = list(_files(args.path))
    info = runinfo.read_running(layout)
    if info is not None:
        print(
            f"service running (pid {info.pid}): sending {len(files)} files "
            f"by C-STORE to port {info.dicom_port}"
        )
        stored, refused = _remote(info, files)
    else:
        stored, refused = _local(config, layout, files)
    print(f"imported {stored} of {len(files)} files; {refused} refused")
    return 1 if refused else 0
