"""Options many commands share (``--config``, ``--data-dir``) and turning them into config.

A flag overrides the environment, which overrides the file (see :mod:`appliance.config`).
"""

from __future__ import annotations

import argparse
from typing import Any

from appliance.config import AppConfig, load_config

__all__ = ["add_common_options", "config_from_args"]


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="configuration file (default: $SCANSIDE_CONFIG, else built-in defaults)",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="data directory (storage.data_dir)")


def config_from_args(args: argparse.Namespace, **extra: dict[str, Any]) -> AppConfig:
    """Load the configuration with ``--data-dir`` and any ``extra`` section overrides applied."""
    overrides: dict[str, Any] = {}
    if getattr(args, "data_dir", None):
        overrides["storage"] = {"data_dir": args.data_dir}
    for section, values in extra.items():
        clean = {k: v for k, v in values.items() if v is not None}
        if clean:
            overrides.setdefault(section, {}).update(clean)
    return load_config(getattr(args, "config", None), overrides=overrides)
