"""``scanside reread-reports``: read the stored report sentences for concepts again.

When the report reader improves (issue 23: hedges, "no change in", history), the mentions of
reports already in the catalogue still hold the old reading. This re-reads every stored sentence
with the current reader (:func:`reports.store.reread_mentions`); sentences and their embeddings
are kept, so it takes seconds, not the minutes an import takes.
"""

from __future__ import annotations

import argparse
import json
import time

from appliance.catalogue.database import open_database
from appliance.cli.options import add_common_options, config_from_args
from appliance.layout import DataLayout

NAME = "reread-reports"
HELP = "read the stored report text for concepts again with the current reader"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_options(parser)


def run(args: argparse.Namespace) -> int:
    from reports.store import reread_mentions  # noqa: PLC0415 - keeps the CLI start fast

    config = config_from_args(args)
    layout = DataLayout.at(config.storage.data_dir)
    started = time.perf_counter()
    with open_database(layout.catalogue) as db:
        mentions = reread_mentions(db)
    result = {
        "catalogue": str(layout.catalogue),
        "mentions": mentions,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result))
    return 0
