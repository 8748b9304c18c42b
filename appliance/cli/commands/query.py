"""``scanside query "QUESTION"``: answer a cohort question from the command line.

Prints one JSON object (``--format json``: question, interpretation, sql, unit, count, rows,
elapsed_ms) or a short text for people. ``--batch FILE`` answers a JSON Lines file of
``{"question", "as_of"}`` objects in one process, one JSON object per line; a question that cannot
be answered gives ``{"question", "error"}`` on its line. The catalogue is opened read-only, so this
works beside a running ``scanside serve`` only through its API (DuckDB allows one writer process).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from appliance.cli.options import add_common_options, config_from_args
from appliance.errors import ConfigError, QueryError
from appliance.jsonl import read_objects
from appliance.layout import DataLayout

NAME = "query"
HELP = 'answer a cohort question, e.g. scanside query "spiculated nodules over 8 mm"'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", help="the question, in quotes")
    parser.add_argument("--batch", metavar="FILE", help='JSON Lines of {"question", "as_of"}')
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the date 'this year' and 'last 6 months' count from (default: today)",
    )
    parser.add_argument("--format", choices=("json", "text"), default="text")
    add_common_options(parser)


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from exc


def _batch(engine: Any, path: Path) -> int:
    failures = 0
    for number, item in read_objects(path, error=ConfigError):
        if "question" not in item:
            raise ConfigError(f'{path}:{number}: expected {{"question": ..., "as_of": ...}}')
        question = str(item["question"])
        try:
            print(json.dumps(engine.answer(question, item.get("as_of")).to_json()), flush=True)
        except QueryError as exc:
            failures += 1
            print(json.dumps({"question": question, "error": exc.message}), flush=True)
    return 1 if failures else 0


def run(args: argparse.Namespace) -> int:
    from query.embedder import default_model_dir, shared_embedder  # noqa: PLC0415 - onnxruntime
    from query.engine import QueryEngine  # noqa: PLC0415 - loads onnxruntime only here

    if bool(args.question) == bool(args.batch):
        raise ConfigError("give either a QUESTION or --batch FILE")
    config = config_from_args(args)
    layout = DataLayout.at(config.storage.data_dir)
    embedder = shared_embedder(default_model_dir(config.inference.models_dir))
    with QueryEngine(layout.catalogue, embedder=embedder) as engine:
        if args.batch:
            return _batch(engine, Path(args.batch))
        answer = engine.answer(args.question, _as_of(args.as_of))
    if args.format == "json":
        print(json.dumps(answer.to_json()))
    else:
        print(answer.to_text())
    sys.stdout.flush()
    return 0
