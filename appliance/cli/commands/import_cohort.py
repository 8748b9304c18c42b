"""``scanside import-cohort DIR``: load a cohort in the JSON Lines interchange format.

The files (patients, studies, findings, reports) land in the catalogue with ``source='import'``;
reports are split, read for concepts and embedded. Importing again updates in place. The work is
done by :func:`reports.cohort_import.import_cohort`.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from appliance.catalogue.database import open_database
from appliance.cli.options import add_common_options, config_from_args
from appliance.errors import ConfigError
from appliance.layout import DataLayout

NAME = "import-cohort"
HELP = "import a cohort (patients/studies/findings/reports .jsonl) into the catalogue"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", metavar="DIR", help="folder with the four .jsonl files")
    add_common_options(parser)


def run(args: argparse.Namespace) -> int:
    from reports.cohort_import import import_cohort  # noqa: PLC0415 - loads onnxruntime only here

    folder = Path(args.directory)
    if not folder.is_dir():
        raise ConfigError(
            f"{folder} is not a folder: give the folder that holds patients.jsonl, "
            "studies.jsonl, findings.jsonl and reports.jsonl"
        )
    config = config_from_args(args)
    layout = DataLayout.at(config.storage.data_dir)
    started = time.perf_counter()
    with open_database(layout.catalogue) as db:
        summary = import_cohort(db, folder)
    result = {
        "catalogue": str(layout.catalogue),
        "patients": summary.patients,
        "studies": summary.studies,
        "findings": summary.findings,
        "reports": summary.reports,
        "reports_analysed": summary.reports_analysed,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result))
    return 0
