"""``scanside config``: show the configuration in force, or check a file before deploying it."""

from __future__ import annotations

import argparse
import dataclasses
import json

from appliance.cli.options import add_common_options, config_from_args

NAME = "config"
HELP = "validate the configuration and print it as JSON"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_options(parser)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    print(json.dumps(dataclasses.asdict(config), indent=2, default=str))
    return 0
